"""Redraw the pictures in docs/ from the bundled example, notice and layouts.

    python scripts/docs_pictures.py

Each picture is a page of a real build, drawn by PDFium at 80 dpi, or smaller for a page
larger than A3 (the README's pictures are what `bulletin build` makes, never a mock-up).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from bulletin.build import build

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLE = ROOT / "content" / "changyang.yaml"
NOTICE = ROOT / "content" / "tongzhi.yaml"
DPI = 80
LONGEST = 1323  # pixels: an A3 page at 80 dpi; larger pages are drawn smaller

# (picture name, content, layout, article, pages to draw)
PICTURES = [
    ("newsletter-a4", EXAMPLE, "newsletter-a4", None, 2),
    ("newsletter-a3", EXAMPLE, "newsletter-a3", None, 1),
    ("briefing-a4", NOTICE, "briefing-a4", None, 1),
    ("poster-a3", NOTICE, "poster-a3", None, 1),
    ("poster-a1", EXAMPLE, "poster-a1", 2, 1),
    ("board", EXAMPLE, "board", None, 1),
    ("poster-vertical-a3", EXAMPLE, "poster-vertical-a3", 2, 1),
    ("newsletter-vertical-a4", EXAMPLE, "newsletter-vertical-a4", None, 1),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, content, layout, article, pages in PICTURES:
            pdf = Path(tmp) / f"{name}.pdf"
            build(content, pdf, layout, article)
            document = pdfium.PdfDocument(str(pdf))
            for number in range(min(pages, len(document))):
                page = document[number]
                scale = min(DPI / 72, LONGEST / max(page.get_size()))
                picture = page.render(scale=scale).to_pil()
                target = DOCS / f"{name}-{number + 1}.png"
                picture.save(target, optimize=True)
                print(target.relative_to(ROOT), picture.size)
            document.close()


if __name__ == "__main__":
    main()
