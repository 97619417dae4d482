"""The render stage: draw a ``Document`` with ReportLab, exactly where the flow put it.

Each glyph is drawn at the position the typesetter computed, as real text in an
embedded, subset font (so copy-paste and search give back the characters).
Nothing here measures text or decides a break.
"""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..flow.model import Box, Document, Picture, Rule, TextLine
from ..fontdb import bundled_face

# Binary streams: ASCII85 would make every embedded font and photo a quarter larger.
rl_config.useA85 = 0
DOT_DROP = 0.3  # 着重号 centre below the baseline, em
DOT_RADIUS = 0.075  # em
_registered: set[str] = set()


def _font(name: str) -> str:
    """Register a face with ReportLab once per process; return its PDF name."""
    pdf_name = "bulletin-" + name
    if pdf_name not in _registered:
        face = bundled_face(name)
        pdfmetrics.registerFont(TTFont(pdf_name, str(face.path)))
        _registered.add(pdf_name)
    return pdf_name


def render_pdf(doc: Document) -> bytes:
    buf = io.BytesIO()
    first = doc.pages[0]
    # The canvas opens every page with a font; make it one of ours (embedded), not Helvetica.
    initial = _font(next((ln.line.glyphs[0].face for p in doc.pages for ln in p.items
                          if isinstance(ln, TextLine) and ln.line.glyphs), "serif"))
    c = Canvas(buf, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
               initialFontName=initial, initialFontSize=10, lang="zh-CN")
    c.setTitle(doc.title)
    c.setAuthor(doc.author)
    c.setSubject(doc.subject)
    c.setCreator("bulletin")
    for number, page in enumerate(doc.pages):
        c.setPageSize((page.width, page.height))
        for title, page_no, y in doc.outline:
            if page_no == number:
                key = f"a{len(title)}-{page_no}-{int(y)}"
                c.bookmarkHorizontal(key, 0, y)
                c.addOutlineEntry(title, key, level=0)
        for item in page.items:
            _draw(c, item)
        c.showPage()
    c.save()
    return buf.getvalue()


def _draw(c: Canvas, item) -> None:
    if isinstance(item, TextLine):
        _draw_line(c, item)
    elif isinstance(item, Box):
        c.setFillColor(HexColor(item.fill))
        c.rect(item.x, item.y, item.width, item.height, stroke=0, fill=1)
    elif isinstance(item, Rule):
        c.setStrokeColor(HexColor(item.color))
        c.setLineWidth(item.width)
        c.line(item.x0, item.y0, item.x1, item.y1)
    elif isinstance(item, Picture):
        c.drawImage(str(item.path), item.x, item.y, item.width, item.height)


def _draw_line(c: Canvas, item: TextLine) -> None:
    line = item.line
    color = HexColor(item.color)
    text = c.beginText()
    text.setFillColor(color)
    font = None
    scale = 100.0
    for g in line.glyphs:
        if (g.face, g.size) != font:
            text.setFont(_font(g.face), g.size)
            font = (g.face, g.size)
        if g.hscale * 100 != scale:
            scale = g.hscale * 100
            text.setHorizScale(scale)
        text.setTextOrigin(item.x + g.x, item.y)
        text.textOut(g.char)
    c.drawText(text)
    c.setFillColor(color)
    for x, size in line.dots:
        c.circle(item.x + x, item.y - DOT_DROP * size, DOT_RADIUS * size, stroke=0, fill=1)
    for bar in line.bars:
        c.rect(item.x + bar.x0, item.y + bar.y0, bar.x1 - bar.x0, bar.y1 - bar.y0,
               stroke=0, fill=1)
