"""How long does the font stage take in a build of the example, cold and warm?

    python benchmarks/fonts_speed.py [--repeat 7]

Each run is a fresh process (so nothing is kept in memory between runs) that builds the
bundled example and reports the time spent in the font stage: finding the fonts, reading
their metrics, ink boxes the typesetter asks for, subsetting and registering the subsets
with ReportLab. The stage has no clock of its own: the child process wraps those
functions (``TIMED``) in a timer before it imports the build, and nested calls count
once. *Cold* runs start from an empty cache folder each time; *warm* runs share a cache
filled by one earlier build. Prints medians side by side, the whole build for scale,
and checks the example PDF's size (< 400 KB).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZE_BUDGET = 400_000  # bytes, the example PDF with its four-plus faces

# What the font stage does in a build, as (module, attribute): each is timed from here.
# Names the build binds at import (``build.py``'s ``embed``) are wrapped before it is.
TIMED = (
    ("bulletin.fontstage.discovery.session", "FontSession.chain"),  # resolve a font key
    ("bulletin.fontstage.discovery.resolve", "Resolver.face"),
    ("bulletin.fontstage.discovery.resolve", "Resolver.bold_of"),
    ("bulletin.fontstage.discovery.catalogue", "scan"),  # list font folders
    ("bulletin.fontstage.discovery.fallback", "CoverageIndex.face_for"),
    ("bulletin.fontstage.metrics.faces", "FontFace._load"),  # metrics table
    ("bulletin.fontstage.metrics.faces", "FontFace._measure_ink"),  # an ink box on demand
    ("bulletin.fontstage.metrics.vertical", "_open_forms"),  # vertical forms face
    ("bulletin.fontstage.embedding", "embed"),  # subsets
    ("bulletin.fontstage", "embed"),
    ("bulletin.render.pdf", "_register"),  # subsets registered with ReportLab
)


class StageClock:
    """Wall time spent in the timed functions; a call inside another counts once."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._depth = 0
        self._start = 0.0

    @contextlib.contextmanager
    def span(self) -> Iterator[None]:
        if self._depth == 0:
            self._start = time.perf_counter()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self.seconds += time.perf_counter() - self._start

    def timed(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.span():
                return function(*args, **kwargs)

        return wrapper


def install(clock: StageClock) -> None:
    """Wrap every ``TIMED`` function in ``clock`` (a method on its class)."""
    for module_name, path in TIMED:
        owner: Any = importlib.import_module(module_name)
        *outer, name = path.split(".")
        for part in outer:
            owner = getattr(owner, part)
        setattr(owner, name, clock.timed(getattr(owner, name)))


def measure(out: Path) -> dict:
    """One build of the example into ``out``, timed (in this process: call it once)."""
    from pypdf import PdfReader

    clock = StageClock()
    install(clock)
    from bulletin.build import build, example_content

    start = time.perf_counter()
    build(example_content(), out)
    total = time.perf_counter() - start
    faces = set()
    for page in PdfReader(out).pages:
        for font in page["/Resources"]["/Font"].values():
            faces.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return {"fonts": clock.seconds, "build": total, "size": out.stat().st_size,
            "faces": sorted(faces)}


def one_build(cache: Path, out: Path) -> dict:
    env = {**os.environ, "BULLETIN_CACHE_DIR": str(cache),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, __file__, "--one", str(out)], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one)))
        return

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
