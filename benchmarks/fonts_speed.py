"""How long does the font stage take in a build of the example, cold and warm?

    python benchmarks/fonts_speed.py [--repeat 7]

Each run is a fresh process (so nothing is kept in memory between runs) that builds the
bundled example and reports the time spent in the font stage: finding the fonts, reading
their metrics, ink boxes the typesetter asks for, subsetting and registering the subsets
with ReportLab (``bulletin.fontstage.CLOCK``). *Cold* runs start from an empty cache
folder each time; *warm* runs share a cache filled by one earlier build. Prints medians
side by side, the whole build for scale, and checks the example PDF's size (< 400 KB).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE_BUDGET = 400_000  # bytes, the example PDF with its four-plus faces

ONE_BUILD = """
import json, sys, time
from pathlib import Path
from pypdf import PdfReader
from bulletin.build import build, example_content
from bulletin.fontstage import CLOCK

out = Path(sys.argv[1])
start = time.perf_counter()
build(example_content(), out)
total = time.perf_counter() - start
faces = set()
for page in PdfReader(out).pages:
    for font in page["/Resources"]["/Font"].values():
        faces.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
print(json.dumps({"fonts": CLOCK.seconds, "build": total, "size": out.stat().st_size,
                  "faces": sorted(faces)}))
"""


def one_build(cache: Path, out: Path) -> dict:
    env = {**os.environ, "BULLETIN_CACHE_DIR": str(cache),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-c", ONE_BUILD, str(out)], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    cold, warm = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "example.pdf"
        for k in range(args.repeat):
            cold.append(one_build(Path(tmp) / f"cold-{k}", out))
        shared = Path(tmp) / "warm"
        one_build(shared, out)  # fills the cache
        for _ in range(args.repeat):
            warm.append(one_build(shared, out))

    def median(runs: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    print(f"example build, medians of {args.repeat} fresh processes each")
    print(f"{'':<34}{'cold cache':>12}{'warm cache':>12}")
    print(f"{'font stage':<34}{median(cold, 'fonts') * 1000:>10.0f}ms"
          f"{median(warm, 'fonts') * 1000:>10.0f}ms")
    print(f"{'whole build (load → PDF on disk)':<34}{median(cold, 'build') * 1000:>10.0f}ms"
          f"{median(warm, 'build') * 1000:>10.0f}ms")
    size = warm[-1]["size"]
    faces = warm[-1]["faces"]
    verdict = "ok" if size < SIZE_BUDGET else "OVER BUDGET"
    print(f"example PDF: {size / 1000:.0f} KB with {len(faces)} faces "
          f"({', '.join(faces)}); budget {SIZE_BUDGET / 1000:.0f} KB: {verdict}")
    targets = median(cold, "fonts") < 2.0 and median(warm, "fonts") < 0.1
    print("targets (cold < 2 s, warm < 0.1 s):", "met" if targets else "NOT met")


if __name__ == "__main__":
    main()
