"""How fast is a build, and how does it compare with Typst? Medians side by side.

    pip install '.[bench]'           # typst, for the comparison (optional)
    python benchmarks/run.py [--repeat 5]

Every run is a fresh process, as a user's ``bulletin build`` is: the example issue, the
same issue 10× and 50× (its articles repeated), the example on ``newsletter-a3``, the
history column as an A1 poster and the example on the A0 board (both search for their
size; ``benchmarks/poster_fit.py`` compares them with a newsletter). *Cold* runs start
from an empty cache folder (fonts subset anew); *warm* runs share a cache filled by one
earlier build. When the ``typst`` package is installed, an equivalent Typst document
(the same text, the same bundled fonts, three justified columns on A4 with a
2-character indent) is compiled in a fresh process too, alternating run by run with
ours so both see the same machine load. The row *floor* is Python starting and
importing ReportLab's canvas, nothing more: the least any build drawn with ReportLab
can take.

Our package runs from compiled bytecode, as after ``pip install`` (which compiles it):
a ``PYTHONDONTWRITEBYTECODE`` in the environment would otherwise have every run compile
our modules anew. Prints median seconds and peak memory (MB) of each, and the ratios.
This machine is shared and noisy: read medians and ratios, never one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content" / "changyang.yaml"
FONTS = ROOT / "fonts"

BUILD = """
import sys
from bulletin.build import build
build(sys.argv[1], sys.argv[2], sys.argv[3] or None,
      int(sys.argv[4]) if sys.argv[4] else None)
"""

# The least any build that draws with ReportLab takes: Python starting and importing
# ReportLab's canvas, nothing else (the row "floor" below).
FLOOR = "import reportlab.pdfgen.canvas"

TYPST = """
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]],
              ignore_system_fonts=True)
"""


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one child process."""
    import time

    start = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{child.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def compile_package(env: dict[str, str]) -> None:
    """Compile the installed package's modules to bytecode, as ``pip install`` does."""
    import bulletin

    subprocess.run([sys.executable, "-m", "compileall", "-q",
                    str(Path(bulletin.__file__).parent)], env=env, check=True)


def issue_times(folder: Path, times: int) -> Path:
    """The example with its articles repeated ``times`` times."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["articles"] = [dict(a, title=f"{a['title']}（{n}）")
                        for n in range(1, times + 1) for a in data["articles"]]
    path = folder / f"issue-{times}x.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def typst_source(content: Path) -> str:
    """The issue's text as a Typst document set the way our newsletter-a4 sets it."""
    from bulletin.content import expected_paragraphs, load_issue

    issue = load_issue(content)
    titles = {a.title.plain for a in issue.articles}
    out = ['#set page(paper: "a4", margin: (x: 15mm, y: 14mm), columns: 3)',
           '#set text(font: "Noto Serif CJK SC", size: 9pt, lang: "zh", region: "cn")',
           '#set par(justify: true, first-line-indent: (amount: 2em, all: true), '
           'leading: 0.7em)',
           '#show heading: set text(font: "Noto Sans CJK SC", size: 10.5pt)']
    for text in expected_paragraphs(issue):
        literal = text.replace("\\", "\\\\").replace('"', '\\"')
        if text in titles:
            out.append(f'#heading(level: 1)[#"{literal}"]')
        else:
            out.append(f'#"{literal}"\n')
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    try:
        import typst  # noqa: F401

        have_typst = True
    except ImportError:
        have_typst = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = [("example", EXAMPLE, "", ""),
                 ("10x", issue_times(folder, 10), "", ""),
                 ("50x", issue_times(folder, 50), "", ""),
                 ("example a3", EXAMPLE, "newsletter-a3", ""),
                 ("poster-a1 article 2", EXAMPLE, "poster-a1", "2"),
                 ("board", EXAMPLE, "board", "")]
        warm_cache = folder / "warm-cache"
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env = {**base, "BULLETIN_CACHE_DIR": str(warm_cache)}
        compile_package(base)
        subprocess.run([sys.executable, "-c", BUILD, str(EXAMPLE), str(folder / "w.pdf"),
                        "", ""], env=env, check=True)
        rows = []
        for name, content, layout, article in cases:
            ours_cold, ours_warm, theirs = [], [], []
            source = folder / f"{name.replace(' ', '-')}.typ"
            if have_typst and not layout:
                source.write_text(typst_source(content), encoding="utf-8")
            floor = []
            for run in range(args.repeat):
                if name == "example":
                    floor.append(timed([sys.executable, "-c", FLOOR], env))
                cold_env = {**base, "BULLETIN_CACHE_DIR": str(folder / f"cold-{run}")}
                build = [sys.executable, "-c", BUILD, str(content), str(folder / "o.pdf"),
                         layout, article]
                ours_cold.append(timed(build, cold_env))
                ours_warm.append(timed(build, env))
                if source.exists():
                    theirs.append(timed([sys.executable, "-c", TYPST, str(source),
                                         str(folder / "t.pdf"), str(FONTS)], env))
            rows.append((name, ours_cold, ours_warm, theirs))
            if floor:
                rows.append(("floor: Python+ReportLab", [], floor, theirs))
    print(f"medians of {args.repeat} fresh processes; seconds (peak MB)")
    print(f"{'case':<24}{'cold':>15}{'warm':>15}{'typst':>15}{'cold/typst':>12}"
          f"{'warm/typst':>12}")

    def ratio(ours: list[tuple[float, float]], theirs: list[tuple[float, float]]) -> str:
        if not ours or not theirs:
            return "—"
        mine, typst = (statistics.median(r[0] for r in runs) for runs in (ours, theirs))
        return f"{mine / typst:.2f}×"

    for name, cold, warm, theirs in rows:
        def med(runs: list[tuple[float, float]]) -> str:
            if not runs:
                return "—"
            return (f"{statistics.median(r[0] for r in runs):.3f} "
                    f"({statistics.median(r[1] for r in runs):.0f})")
        print(f"{name:<24}{med(cold):>15}{med(warm):>15}{med(theirs):>15}"
              f"{ratio(cold, theirs):>12}{ratio(warm, theirs):>12}")


if __name__ == "__main__":
    main()
