"""Is a warm build faster than HEAD's? Medians of fresh processes, old and new alternating.

    python benchmarks/warm_build.py [--repeat 7] [--old REV]

``--old`` is the git revision to compare with (default ``HEAD``: the working tree's
uncommitted change against the last commit); it is written out into a temporary folder.

Each run is a fresh ``python -c 'build(...)'`` (imports included, as a user's ``bulletin
build`` pays them) with a font cache filled beforehand (warm), the old tree put first on
``PYTHONPATH``. Runs of the old and the current tree alternate so both see the same load
on this shared machine. Cases: the bundled example and the example's articles 50×.
Prints the medians, and old ÷ new (above 1: the current tree is faster).
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
EXAMPLE = ROOT / "content" / "changyang.yaml"
BUILD = "import sys; from bulletin.build import build; build(sys.argv[1], sys.argv[2])"


def run_once(tree: Path, content: Path, output: Path, env: dict[str, str]) -> float:
    """Wall seconds of one fresh build process on ``tree``'s code."""
    env = {**env, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", BUILD, str(content), str(output)], env=env,
                   check=True, stdout=subprocess.DEVNULL, cwd=tree)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--old", default="HEAD", help="git revision to compare with")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import run  # the 50× issue is the one benchmarks/run.py builds

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Bytecode is written (the first runs fill both trees' .pyc files), as after
        # pip install: PYTHONDONTWRITEBYTECODE would have every run compile anew.
        env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
               "BULLETIN_CACHE_DIR": str(folder / "cache")}
        cases = [("example", EXAMPLE), ("50x", run.issue_times(folder, 50))]
        old = folder / "old"
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.old],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        trees = [("old", old), ("new", ROOT)]
        for _, tree in trees:  # fill the cache and the .pyc files of both trees
            for _, content in cases:
                run_once(tree, content, folder / "out.pdf", env)
        print(f"{'case':<10}{'old s':>9}{'new s':>9}{'old/new':>9}")
        for name, content in cases:
            times: dict[str, list[float]] = {"old": [], "new": []}
            for _ in range(args.repeat):
                for label, tree in trees:
                    times[label].append(run_once(tree, content, folder / "out.pdf", env))
            old, new = (statistics.median(times[k]) for k in ("old", "new"))
            print(f"{name:<10}{old:9.3f}{new:9.3f}{old / new:9.2f}")


if __name__ == "__main__":
    main()
