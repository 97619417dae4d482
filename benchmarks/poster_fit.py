"""How much dearer is a poster than a newsletter? Medians of fresh processes.

    python benchmarks/poster_fit.py [--repeat 7] [--tree OTHER_CHECKOUT ...]

A poster or board searches for its size, laying the whole page out at several sizes;
a newsletter is laid out once. This times ``bulletin build`` (a fresh process each,
fonts cache warm, as a user's second build) of the example on ``newsletter-a4``, its
history column (article 2) on ``poster-a1``, the example on ``board`` and the
notice on ``poster-a3``, round-robin so that all see the same machine load, and
prints each one's median seconds and its ratio to ``newsletter-a4`` (issue #13 asks
for ``poster-a1`` article 2 within 1.5×). ``--tree`` adds other checkouts of the
project (say, the commit before a change), timed in the same rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BUILD = """
import sys
from bulletin.build import build
build(sys.argv[1], sys.argv[2], sys.argv[3] or None,
      int(sys.argv[4]) if sys.argv[4] else None)
"""

CASES = [  # name, content (in the tree), layout, article
    ("newsletter-a4", "content/changyang.yaml", "newsletter-a4", ""),
    ("poster-a1 article 2", "content/changyang.yaml", "poster-a1", "2"),
    ("board", "content/changyang.yaml", "board", ""),
    ("poster-a3 notice", "content/tongzhi.yaml", "poster-a3", ""),
]


def timed(args: list[str], env: dict[str, str], cwd: str) -> float:
    """Wall seconds of one child process (which must succeed), run in ``cwd``: not in a
    checkout, whose package would be imported first, whatever PYTHONPATH says."""
    start = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{done.stderr.decode()}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--tree", type=Path, action="append", default=[],
                        help="another checkout to time alongside this one")
    args = parser.parse_args()
    trees = [ROOT, *(t.resolve() for t in args.tree)]
    times: dict[tuple[Path, str], list[float]] = {(t, c[0]): [] for t in trees for c in CASES}
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out.pdf")
        for tree in trees:  # one build each first: the fonts cache is warm for all
            env = {**os.environ, "PYTHONPATH": str(tree)}
            timed([sys.executable, "-c", BUILD, str(tree / CASES[0][1]), out, "", ""], env,
                  tmp)
        for _ in range(args.repeat):
            for name, content, layout, article in CASES:
                for tree in trees:
                    env = {**os.environ, "PYTHONPATH": str(tree)}
                    times[tree, name].append(timed(
                        [sys.executable, "-c", BUILD, str(tree / content), out, layout,
                         article], env, tmp))
    print(f"medians of {args.repeat} fresh processes, seconds (ratio to newsletter-a4)")
    print(f"{'case':<22}" + "".join(f"{t.name:>24}" for t in trees))
    for name, *_ in CASES:
        row = f"{name:<22}"
        for tree in trees:
            median = statistics.median(times[tree, name])
            base = statistics.median(times[tree, CASES[0][0]])
            row += f"{median:>14.3f} ({median / base:4.2f}×)"
        print(row)


if __name__ == "__main__":
    main()
