"""How much faster is drawing text as TJ runs than glyph by glyph? Medians, alternating.

    git show REV:bulletin/render/pdf.py > old_pdf.py
    python benchmarks/render_speed.py --old old_pdf.py [--repeat 5]

``--old`` is a copy of ``bulletin/render/pdf.py`` as it was before (it is loaded in
place of the current one, in the child process only). Every build is a fresh process
with a warm cache (one build of each issue fills it first), old and new alternating
run by run so both see the same load on this shared machine: the example issue on
``newsletter-a4`` and the same issue 50× (its articles repeated). Then, in this
process, ``render_pdf`` alone on the 50× document, old and new alternating. Prints
medians, the ratios new/old and the PDF sizes.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import run  # noqa: E402  (benchmarks/run.py: issue_times)

CHILD = """
import sys
old = sys.argv[3]
if old:  # draw with the renderer as it was: load it in place of the current one
    import importlib.util
    import bulletin.build as build_module
    spec = importlib.util.spec_from_file_location("bulletin.render.pdf", old)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bulletin.render.pdf"] = module
    spec.loader.exec_module(module)
    build_module.render_pdf = module.render_pdf
from bulletin.build import build
build(sys.argv[1], sys.argv[2], "newsletter-a4")
"""


def timed(args: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one child process."""
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def load_old(path: Path) -> Callable:
    """``render_pdf`` of the old renderer, loaded beside the current one."""
    import bulletin.render  # noqa: F401  (the package, for the old module's imports)

    spec = importlib.util.spec_from_file_location("bulletin.render.pdf_old", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render_pdf


def render_only(content: Path, old: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Seconds of ``render_pdf`` alone on ``content``'s document, old and new."""
    from bulletin.build import choose_layout, make_up
    from bulletin.content import load_issue
    from bulletin.fontstage import embed, open_fonts
    from bulletin.render import render_pdf
    from bulletin.style.layout import load_layout

    issue = load_issue(content)
    style = load_layout(choose_layout(issue, "newsletter-a4", content.parent))
    fonts = open_fonts(style, content=content, issue=issue, warn=lambda _m: None)
    document = make_up(issue, style, fonts)
    embedded = embed(document, fonts)
    render_old = load_old(old)
    olds, news = [], []
    for _ in range(repeat):
        for draw, times in ((render_old, olds), (render_pdf, news)):
            start = time.perf_counter()
            draw(document, embedded, session=fonts)
            times.append(time.perf_counter() - start)
    return olds, news


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", type=Path, required=True, help="the old pdf.py")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "BULLETIN_CACHE_DIR": str(folder / "cache")}
        issues = {"example": run.EXAMPLE, "50x": run.issue_times(folder, 50)}
        for name, content in issues.items():
            for which, old in (("old", str(args.old)), ("new", "")):
                out = folder / f"{name}-{which}.pdf"
                timed([sys.executable, "-c", CHILD, str(content), str(out), old], env)  # warm
                print(f"{name} {which}: {out.stat().st_size / 1024:.1f} KiB")
        for name, content in issues.items():
            times: dict[str, list[float]] = {"old": [], "new": []}
            for _ in range(args.repeat):
                for which, old in (("old", str(args.old)), ("new", "")):
                    out = folder / f"{name}-{which}.pdf"
                    times[which].append(timed(
                        [sys.executable, "-c", CHILD, str(content), str(out), old], env))
            o, n = statistics.median(times["old"]), statistics.median(times["new"])
            print(f"build {name}: old {o:.2f} s, new {n:.2f} s, new/old {n / o:.2f}  "
                  f"(old {' '.join(f'{t:.2f}' for t in times['old'])}; "
                  f"new {' '.join(f'{t:.2f}' for t in times['new'])})")
        os.environ["BULLETIN_CACHE_DIR"] = env["BULLETIN_CACHE_DIR"]
        olds, news = render_only(issues["50x"], args.old, args.repeat)
        o, n = statistics.median(olds), statistics.median(news)
        print(f"render_pdf 50x: old {o:.2f} s, new {n:.2f} s, new/old {n / o:.2f}")


if __name__ == "__main__":
    main()
