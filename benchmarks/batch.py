"""Is ``bulletin build -j 2`` faster than ``-j 1`` for a folder of issues?

    python benchmarks/batch.py [--copies 20] [--rounds 3]

Copies the bundled example (with the pictures it uses) ``--copies`` times into a
temporary folder and builds the folder as fresh ``bulletin build`` processes, ``-j 1``
and ``-j 2`` alternating (so a busy machine slows both alike), ``--rounds`` times each,
into one shared font cache filled by a first build that is not timed. Prints each run,
the medians and their ratio. Needs no extra package.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content" / "changyang.yaml"


def copies(folder: Path, count: int) -> None:
    """``count`` copies of the example in ``folder``, with whatever sits beside it
    (its pictures), as issue-01.yaml …"""
    for item in EXAMPLE.parent.iterdir():
        if item.is_dir():
            shutil.copytree(item, folder / item.name, dirs_exist_ok=True)
        elif item.suffix != ".yaml":
            shutil.copy2(item, folder / item.name)
    text = EXAMPLE.read_text(encoding="utf-8")
    for n in range(1, count + 1):
        (folder / f"issue-{n:02d}.yaml").write_text(text, encoding="utf-8")


def build(folder: Path, out: Path, jobs: int, env: dict[str, str]) -> float:
    """Seconds for one fresh ``bulletin build FOLDER -j JOBS`` process."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bulletin.cli", "build", str(folder),
                    "--out-dir", str(out), "-j", str(jobs)],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        folder = base / "issues"
        folder.mkdir()
        copies(folder, args.copies)
        env = {**os.environ, "BULLETIN_CACHE_DIR": str(base / "cache"),
               "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        build(folder, base / "warm-up", 1, env)  # fills the font cache: not timed
        times: dict[int, list[float]] = {1: [], 2: []}
        for round_ in range(1, args.rounds + 1):
            for jobs in (1, 2):
                seconds = build(folder, base / f"out-{jobs}", jobs, env)
                times[jobs].append(seconds)
                print(f"round {round_}  -j {jobs}  {seconds:6.2f} s")
        one, two = (statistics.median(times[j]) for j in (1, 2))
        print(f"{args.copies} issues, medians of {args.rounds}:  -j 1 {one:.2f} s  "
              f"-j 2 {two:.2f} s  ratio {one / two:.2f}x  (cores: {os.cpu_count()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
