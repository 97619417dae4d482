"""The render stage: draw a ``Document`` with ReportLab, exactly where the flow put it.

Each glyph is drawn at the position the typesetter computed, as real text in an
embedded, subset font (so copy-paste and search give back the characters), each face
one Type0 font (``cidfont``); a line's
glyphs go out as a few ``TJ`` runs (``text``), not a text matrix and a show each.
Nothing here measures text or decides a break.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen.canvas import Canvas

from ..content.pictures import PRINT, PhotoTarget, for_drawing
from ..errors import BulletinError
from ..flow.model import Box, Document, Picture, Rule, TextLine
from ..fontstage.discovery.session import FontSession, note_cache_damage
from ..fontstage.embedding import EmbeddedFont, embed
from ..i18n import t
from ..style.color import to_cmyk, to_rgb
from .cidfont import IdentityFont
from .marks import PrintMarks, bleed_box, draw_crop_marks, set_boxes
from .text import TextWriter

# Binary streams: ASCII85 would make every embedded font and photo a quarter larger.
rl_config.useA85 = 0
DOT_DROP = 0.3  # 着重号 centre below the baseline, em
DOT_RADIUS = 0.075  # em
# 竖排: 着重号 centre right of a column's turned baseline, em: as far outside the em box
# (0.88 em) as they stand under a horizontal line's.
DOT_RISE = 1.06


def _utf16_hex(cp: int) -> str:
    if cp < 0x10000:
        return f"{cp:04X}"
    cp -= 0x10000
    return f"{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, but with characters beyond U+FFFF (𪚥 U+2A6A5 …) as
    UTF-16 surrogate pairs, as PDF requires: ReportLab writes five hex digits, which
    readers cut to four, so copy-paste would give a wrong character. Our pages' text no
    longer goes through ReportLab's ``TTFont`` (``cidfont``); the labels ``export.tile``
    draws with one still do."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *[f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)],
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


if "<2A6A5>" in ttfonts.makeToUnicodeCMap("probe", [0x2A6A5]):  # only while ReportLab errs
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _color(spec: str, cmyk: bool) -> Color:
    """A layout colour: CMYK ones stay CMYK, #rrggbb ones are RGB on screen and
    converted for the press (``cmyk``; greys as black ink only)."""
    if cmyk or spec.startswith("cmyk("):
        return CMYKColor(*to_cmyk(spec))
    return Color(*to_rgb(spec))


def _register(fonts: Mapping[str, EmbeddedFont]) -> list[IdentityFont]:
    """Register this document's subset files with ReportLab (unregistered after saving),
    each as one Type0 font (``cidfont``), under its key: unique to its subset file, so
    two faces sharing a PostScript name, or a font registered by other code, never clash.
    The text is written with these objects themselves (``_render``), not ones looked up
    by name: a build running beside this one never shares their record of glyphs shown.
    """
    made: dict[str, IdentityFont] = {}
    for font in fonts.values():
        if font.key in made:
            continue
        try:
            rl = IdentityFont(font.key, font.path)
        except Exception as exc:  # ReportLab's TTFError and friends
            for registered in made.values():  # nothing stays registered after a failure
                registered.unregister()
            raise BulletinError(t("cannot embed font subset {file}: {why}",
                                  file=font.path.name, why=exc),
                                t("choose another font in the layout's 'fonts:'")) from None
        pdfmetrics.registerFont(rl)
        made[font.key] = rl
    return list(made.values())


def render_pdf(
    doc: Document, fonts: Mapping[str, EmbeddedFont] | None = None,
    marks: PrintMarks | None = None, photos: PhotoTarget = PRINT,
    *, session: FontSession | None = None,
) -> bytes:
    """Draw ``doc``; ``fonts`` (face name → subset, from the font stage) default to
    subsets made now for exactly the characters ``doc`` draws. With ``marks`` the
    pages get bleed, crop marks and page boxes, and every layout colour is CMYK (photos
    stay as they are: sRGB, or CMYK if given so). ``photos`` says how finely photos are
    embedded: at most ``photos.ppi`` at their placed size (``EMAIL`` for the e-mail
    edition). ``session``, the build's font session, hears of damaged cache entries."""
    if fonts is None:
        fonts = embed(doc, session)
    if not fonts:  # no text at all: the canvas still needs a font of ours
        from ..fontstage.embedding import subset_file
        from ..fontstage.metrics import bundled_face

        face = bundled_face("serif")
        fonts = {face.name: EmbeddedFont(f"bulletin-{face.name}-blank", subset_file(face, " "))}
    registered = _register(fonts)
    try:
        return _render(doc, fonts, marks, photos, session,
                       {rl.fontName: rl for rl in registered})
    finally:
        for rl in registered:
            rl.unregister()


def _render(doc: Document, fonts: Mapping[str, EmbeddedFont], marks: PrintMarks | None,
            photos: PhotoTarget, session: FontSession | None,
            registered: Mapping[str, IdentityFont]) -> bytes:
    buf = io.BytesIO()
    first = doc.pages[0]
    # The canvas opens every page with a font; make it one of ours (embedded), not Helvetica.
    initial = fonts[next((ln.line.glyphs[0].face for p in doc.pages for ln in p.items
                          if isinstance(ln, TextLine) and ln.line.glyphs),
                         next(iter(fonts)))].key
    c = Canvas(buf, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
               initialFontName=initial, initialFontSize=10, lang="zh-CN")
    c.setTitle(doc.title)
    c.setAuthor(doc.author)
    c.setSubject(doc.subject)
    c.setCreator("bulletin")
    cmyk = marks is not None
    writer = TextWriter(c._doc, {face: (registered[font.key], 2 if font.stroke else 0)
                                 for face, font in fonts.items()})
    offset = marks.offset if marks else 0.0
    for number, page in enumerate(doc.pages):
        c.setPageSize((page.width + 2 * offset, page.height + 2 * offset))
        if marks:
            set_boxes(c, page.width, page.height, marks)
        for title, page_no, y in doc.outline:
            if page_no == number:
                key = f"a{len(title)}-{page_no}-{int(y)}"
                c.bookmarkHorizontal(key, 0, y + offset)
                c.addOutlineEntry(title, key, level=0)
        c.saveState()
        c.translate(offset, offset)
        for item in page.items:
            if marks and isinstance(item, Box):
                item = bleed_box(item, page.width, page.height, marks.bleed)
            _draw(c, item, fonts, cmyk, photos, writer)
        c.restoreState()
        if marks:
            draw_crop_marks(c, page.width, page.height, marks)
        c.showPage()
    c.save()
    note_cache_damage(session)  # a photo in the shared cache that did not verify
    return buf.getvalue()


def _draw(c: Canvas, item, fonts: Mapping[str, EmbeddedFont], cmyk: bool,
          photos: PhotoTarget, writer: TextWriter) -> None:
    if isinstance(item, TextLine):
        _draw_line(c, item, fonts, cmyk, writer)
    elif isinstance(item, Box):
        c.setFillColor(_color(item.fill, cmyk))
        c.rect(item.x, item.y, item.width, item.height, stroke=0, fill=1)
    elif isinstance(item, Rule):
        c.setStrokeColor(_color(item.color, cmyk))
        c.setLineWidth(item.width)
        c.line(item.x0, item.y0, item.x1, item.y1)
    elif isinstance(item, Picture):
        _draw_picture(c, item, photos)


def _draw_picture(c: Canvas, item: Picture, photos: PhotoTarget) -> None:
    """The picture made for its placed width (``for_drawing``: upright, no finer than
    ``photos`` asks); ``mask='auto'`` keeps an alpha channel as a soft mask, so a
    transparent part shows the page below, not a black box."""
    source = for_drawing(item.path, item.width, photos)
    image = str(source) if isinstance(source, Path) else ImageReader(io.BytesIO(source))
    c.drawImage(image, item.x, item.y, item.width, item.height, mask="auto")


def _draw_line(c: Canvas, item: TextLine, fonts: Mapping[str, EmbeddedFont],
               cmyk: bool, writer: TextWriter) -> None:
    """One line: its text as ``writer`` puts it (a few TJ runs, see ``text``), in the
    line's colour, then its 着重号 dots and bars.

    The text goes straight into the page as ``q <colour> BT … ET Q``: ReportLab's text
    object would add a text matrix and a colour of its own to every line. Horizontal
    scale and render mode are graphics state in PDF and would outlive the text object,
    stretching the next line's glyphs: the q … Q keeps them to this line."""
    line = item.line
    color = _color(item.color, cmyk)
    c.saveState()
    c.setFillColor(color)
    if writer.stroked:  # synthetic bold: fill + stroke (render mode 2), the stroke in pt
        stroke = next((fonts[g.face].stroke * g.size for g in line.glyphs
                       if g.face in writer.stroked), 0.0)
        if stroke:
            c.setStrokeColor(color)
            c.setLineWidth(stroke)
            c.setLineJoin(1)
    c._code.append(f"BT {writer.line(line.glyphs, item.x, item.y, line.vertical)} ET")
    c.restoreState()
    if not (line.dots or line.bars):
        return
    c.setFillColor(color)
    for x, size in line.dots:
        c.circle(*_on_page(item, x, DOT_RISE * size if line.vertical else -DOT_DROP * size),
                 DOT_RADIUS * size, stroke=0, fill=1)
    for bar in line.bars:
        (x0, y0), (x1, y1) = _on_page(item, bar.x0, bar.y0), _on_page(item, bar.x1, bar.y1)
        c.rect(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0), stroke=0, fill=1)


def _on_page(item: TextLine, x: float, y: float) -> tuple[float, float]:
    """A point of a line's frame on the page: a vertical line's frame (x down the column,
    y across it) is turned a quarter clockwise about the line's origin."""
    if item.line.vertical:
        return item.x + y, item.y - x
    return item.x + x, item.y + y
