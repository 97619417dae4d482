"""How fast is the typesetter? Medians over repeated runs, side by side in one run.

    python benchmarks/typeset_speed.py [--repeat 15]

Sets all the text of the example issue (every paragraph, heading, quote, title and
line: ≈3,000 characters) at the body column width with our typesetter, and, for
scale, with ReportLab's own CJK wrapping (``Paragraph(wordWrap='CJK')``, which keeps
none of the clreq rules), then times a whole ``bulletin build``. Noisy shared
machines: read the medians and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bulletin.build import build, example_content
from bulletin.content import expected_paragraphs, load_issue
from bulletin.content.model import Text
from bulletin.flow.grid import make_grid
from bulletin.flow.setting import set_text
from bulletin.style.layout import find_layout, load_layout


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    issue = load_issue(example_content())
    layout = load_layout(find_layout("newsletter-a4"))
    width = make_grid(layout).column_width
    texts = [Text.of(p) for p in expected_paragraphs(issue)]
    chars = sum(len(t.plain) for t in texts)

    def ours() -> None:
        for text in texts:
            set_text(text, layout.body, width, layout.rules)

    ours()  # warm the font metric caches, as a build does after its first paragraph
    t_ours = median_time(ours, args.repeat)

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph as RLParagraph

    from bulletin.fontstage import bundled_face

    pdfmetrics.registerFont(TTFont("bench-serif", str(bundled_face("serif").path)))
    style = ParagraphStyle("b", fontName="bench-serif", fontSize=layout.body.size,
                           leading=layout.body.leading, wordWrap="CJK")

    def reportlab() -> None:
        for text in texts:
            RLParagraph(text.plain, style).wrap(width, 10_000)

    t_rl = median_time(reportlab, args.repeat)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "example.pdf"
        t_build = median_time(lambda: build(example_content(), out), max(3, args.repeat // 3))

    print(f"example text: {len(texts)} paragraphs, {chars} characters, "
          f"column {width:.1f} pt")
    print(f"{'what':<40}{'median':>12}{'ratio':>10}")
    print(f"{'bulletin typeset (clreq, total fit)':<40}{t_ours * 1000:>10.1f}ms{1.0:>10.2f}")
    print(f"{'ReportLab Paragraph wordWrap=CJK':<40}{t_rl * 1000:>10.1f}ms"
          f"{t_rl / t_ours:>10.2f}")
    print(f"{'whole build (load→PDF bytes on disk)':<40}{t_build * 1000:>10.1f}ms"
          f"{t_build / t_ours:>10.2f}")


if __name__ == "__main__":
    main()
