"""Column material: an article's body cut into units of whole grid rows.

A unit is one body line, or a heading, or an image with its caption: the flow
places units in columns and knows from their marks which may not be parted
(a heading keeps with the next lines, a paragraph keeps two lines together at
a column foot or head).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..content import format_date
from ..content.model import (
    Article,
    BulletList,
    Heading,
    Image,
    Paragraph,
    Quote,
    Span,
    Text,
    Where,
)
from ..fontstage import FontSession
from ..i18n import Msg, t
from ..i18n import Text as Told
from ..style.layout import Layout, Style
from ..typeset import Glyph, Line
from .grid import EM_BOX_CENTRE
from .setting import runs_for, set_text


@dataclass
class Unit:
    rows: int
    lines: list[tuple[float, Line, Style]] = field(default_factory=list)  # (row offset, …)
    para: int = -1  # paragraph number within the article (-1: not a paragraph line)
    index: int = 0  # line number within its paragraph
    count: int = 1  # lines in its paragraph
    keep_with_next: bool = False
    keep_with_previous: bool = False  # the source line and signature end with the text
    space_before: int = 0  # blank rows before it, dropped at a column head
    x_offset: float = 0.0  # from the column's left edge (insets, alignment)
    image: tuple[Path, float, float] | None = None  # (file, width, height) at the unit's top
    image_x: float = 0.0  # the photo's left edge from the column's, when narrower
    jump: bool = False  # a jump line (下转/上接), not the article's own text
    where: Where | None = None  # where a photo is named in the content, for messages
    floated: bool = False  # a photo the make-up moved after the text that follows it

    def describe(self) -> Msg:
        """The unit in a few words, for a message that must name it."""
        if self.image:
            return t("the photo {name} ({rows} lines with its caption)",
                     name=self.image[0].name, rows=self.rows)
        text = "".join(line.text for _, line, _ in self.lines)
        return t("'{text}…' ({rows} lines)", text=text[:20], rows=self.rows)


MIN_DPI = 150  # below this a photo prints visibly soft
SALUTATION_CHARS = 24  # a longer first paragraph ending in '：' is text, not a salutation
MIN_PHOTO_ROWS = 3  # a photo is never squeezed lower than this to make room for its caption
MIN_PHOTO_SCALE = 0.6  # the make-up shrinks a photo to fill a column, down to this much
BULLETS = "●•・·"  # a list's bullet: the first the list's fonts have, scaled to BULLET_SIZE
BULLET_SIZE = 0.3  # em: the bullet's ink, a third of a character: a dot, not a disc
DASHES = ("—", "―", "–", "－", "-", "─", "⸺")  # an attribution already led by a dash
UNBOUNDED = 1e6  # pt: a measure nothing fills, to set a label on one line


def resize_photo(unit: Unit, rows: int, pitch: float) -> Unit | None:
    """The photo ``unit`` made to take ``rows`` rows with its caption (narrower or wider,
    centred), to fill a column instead of leaving a gap: None if that would leave less
    than MIN_PHOTO_SCALE of it, or make it wider than its column."""
    if unit.image is None or rows == unit.rows:
        return None
    path, width, height = unit.image
    photo_rows = rows - len(unit.lines)
    scale = (photo_rows - 0.2) * pitch / height
    column = width + 2 * unit.image_x
    if photo_rows < MIN_PHOTO_ROWS or scale < MIN_PHOTO_SCALE or width * scale > column:
        return None
    lines = [(photo_rows + k + 0.0, line, style) for k, (_, line, style) in enumerate(unit.lines)]
    return replace(unit, rows=rows, lines=lines, image=(path, width * scale, height * scale),
                   image_x=(column - width * scale) / 2)


def body_units(
    article: Article, layout: Layout, fonts: FontSession, width: float,
    warnings: list[Told] | None = None,
    max_rows: int = 1000, photo_scale: float = 1.0,
) -> list[Unit]:
    """The lead, body blocks and closing lines of an article, as row units; photos at
    ``photo_scale`` of their natural size (the make-up tries smaller ones to save a page)."""
    units: list[Unit] = []
    para = 0
    styles = layout.styles

    def add_text(text: Text, style: Style, *, space_before: int = 0, align: str | None = None,
                 indent: float | None = None) -> None:
        nonlocal para
        block = set_text(text, style, width, layout.rules, fonts, indent=indent, align=align)
        lines = block.lines
        for k, line in enumerate(lines):
            units.append(Unit(
                rows=1, lines=[(0.0, line, style)], para=para, index=k, count=len(lines),
                space_before=space_before if k == 0 else 0, x_offset=style.inset,
            ))
        para += 1

    if article.byline is not None:
        add_text(article.byline, styles["byline"], indent=0.0)
    if article.lead is not None:
        add_text(article.lead, styles["lead"])
    for number, block in enumerate(article.body):
        if isinstance(block, Paragraph):
            salutation = number == 0 and article.lead is None and is_salutation(block.text)
            add_text(block.text, styles["body"], indent=0.0 if salutation else None)
            if salutation:  # 各位居民： heads the text it addresses, never a column alone
                units[-1] = replace(units[-1], keep_with_next=True)
        elif isinstance(block, Heading):
            units.append(_heading_unit(block.text, styles["heading"], width, layout, fonts))
        elif isinstance(block, Quote):
            add_text(block.text, styles["quote"])
            if block.by is not None:
                by = len(units)
                add_text(attribution(block.by), styles["quote_by"])
                units[by] = replace(units[by], keep_with_previous=True)  # under its quote
        elif isinstance(block, BulletList):
            for item in _list_units(block, styles["list"], width, layout, fonts):
                units.extend(replace(unit, para=para) for unit in item)
                para += 1
        elif isinstance(block, Image):
            units.append(_image_unit(block, styles["caption"], width, layout, fonts, warnings,
                                     max_rows, photo_scale))
    closing = len(units)
    if article.source is not None:
        add_text(article.source, styles["source"])
    date = Text.of(format_date(article.signed_date)) if article.signed_date else None
    signature = _signature_units(article.signed, date, styles["signed"], width, layout,
                                 fonts)
    if signature is not None:
        for unit in signature:
            units.append(replace(unit, para=para))
            para += 1
    else:
        if article.signed is not None:
            add_text(article.signed, styles["signed"], space_before=1)
        if date is not None:
            add_text(date, styles["signed"], space_before=0 if article.signed else 1)
    if closing > 0:  # the source and 落款 end with the text, together: never alone at
        # the head of a column or page, nor the date apart from the signature
        units[closing:] = [replace(unit, keep_with_previous=True) for unit in units[closing:]]
    return units


def attribution(by: Text) -> Text:
    """A quote's ``by:`` set the Chinese way, after a dash (——《红岩》); a dash the author
    typed is kept instead."""
    if by.plain.lstrip().startswith(DASHES):
        return by
    return Text((Span("——"), *by.spans), by.where)


def _list_units(block: BulletList, style: Style, width: float,
                layout: Layout, fonts: FontSession) -> list[list[Unit]]:
    """Each item of a list as row units: its label (a bullet, or its number) in a hanging
    indent of whole ems (so the text stays on the column's character grid), every line of
    the item's text starting at the same x after it. Numbers stand flush right in the
    indent, as wide as the widest needs, so 9. and 10. end together; each is as far from
    its text as it would be written inline (一、 and （1） bring their own space)."""
    em = style.size
    if block.labels:
        labels = [_label(label, item, style, layout, fonts)
                  for label, item in zip(block.labels, block.items, strict=True)]
        hang = em * max(1, math.ceil(max(line.right for line in labels) / em - 0.02))
        marks = [(0.0, _shifted(line, hang - line.right)) for line in labels]
    else:
        hang = em
        marks = [_bullet(style, layout, fonts)] * len(block.items)
    out = []
    for (offset, mark), item in zip(marks, block.items, strict=True):
        lines = set_text(item, style, width - hang, layout.rules, fonts, indent=0.0).lines
        units = [Unit(rows=1, lines=[(0.0, _shifted(line, hang), style)], index=k,
                      count=len(lines), x_offset=style.inset) for k, line in enumerate(lines)]
        units[0].lines.insert(0, (offset, mark, style))
        out.append(units)
    return out


def _label(label: Text, item: Text, style: Style, layout: Layout, fonts: FontSession) -> Line:
    """A list item's number on one line, ``right`` where its text would start: set with
    the text's first character after it and that character taken off, so a closing mark
    keeps the space it has inside a line (at a line's end it would be set half wide)."""
    first = next((ch for ch in item.plain if not ch.isspace()), "")
    line = set_text(Text((*label.spans, Span(first))), style, UNBOUNDED, layout.rules, fonts,
                    indent=0.0, align="start").lines[0]
    right = line.glyphs[-1].x if first else line.right
    return replace(line, glyphs=line.glyphs[:-1] if first else line.glyphs, right=right,
                   width=right)


def _bullet(style: Style, layout: Layout, fonts: FontSession) -> tuple[float, Line]:
    """The bullet of a list item in ``style``, and its row offset: the first of BULLETS
    the fonts draw, scaled to BULLET_SIZE (never up), centred in the first em of the line
    and on the text's ideographic centre (the em box's middle, where the grid centres
    it), by the font's own ink box of the glyph. The offset raises it there (a glyph has
    no rise of its own); the line keeps the text's size so its baseline is the text's."""
    em = style.size
    faces = runs_for(Text.of(BULLETS[0]), style, fonts)[0].faces
    found = next(((ch, face.name, ink) for ch in BULLETS for face in faces
                  if face.has(ch) and (ink := face.ink(ch))), None)
    if found is None:  # set as text: that names the character no font has
        return 0.0, set_text(Text.of(BULLETS[0]), style, UNBOUNDED, layout.rules, fonts,
                             indent=0.0, align="start").lines[0]
    ch, name, (x0, y0, x1, y1) = found
    size = min(em, em * BULLET_SIZE / max(x1 - x0, y1 - y0))
    glyph = Glyph(ch, name, size, em / 2 - size * (x0 + x1) / 2)
    rise = EM_BOX_CENTRE * em - size * (y0 + y1) / 2
    return -rise / layout.body.leading, Line((glyph,), em, em, em)


def _shifted(line: Line, dx: float) -> Line:
    """``line`` moved ``dx`` to the right within a line ``dx`` wider."""
    return replace(
        line, width=line.width + dx, right=line.right + dx,
        glyphs=tuple(replace(g, x=g.x + dx) for g in line.glyphs),
        dots=tuple((x + dx, size) for x, size in line.dots),
        bars=tuple(replace(b, x0=b.x0 + dx, x1=b.x1 + dx) for b in line.bars),
    )


def is_salutation(text: Text) -> bool:
    """A first paragraph such as ``各位居民：`` is the salutation (称呼), set flush left."""
    plain = text.plain.strip()
    return plain.endswith(("：", ":")) and len(plain) <= SALUTATION_CHARS


def _signature_units(signed: Text | None, date: Text | None, style: Style, width: float,
                     layout: Layout, fonts: FontSession) -> list[Unit] | None:
    """落款 as GB/T 9704 places it: the signature 右空二字 a line below the text, the
    date under it starting two characters further right (or, when the date is the
    longer, the date 右空二字 and the signature two characters left of its start).
    None when either does not stand on one line: then both are simply set flush right."""
    if signed is None and date is None:
        return None
    em = style.size
    room = width - 2 * em

    def one_line(text: Text | None) -> Line | None:
        if text is None:
            return None
        lines = set_text(text, style, room, layout.rules, fonts, indent=0.0, align="start").lines
        return lines[0] if len(lines) == 1 else None

    name, day = one_line(signed), one_line(date)
    if (signed is not None and name is None) or (date is not None and day is None):
        return None
    name_x = room - name.right if name else None
    day_x = room - day.right if day else None
    if name is not None and day is not None:
        day_x = min(name_x + 2 * em, room - day.right)
        name_x = min(name_x, day_x - 2 * em)
        if name_x < 0:
            return None
    units = []
    for line, x in ((name, name_x), (day, day_x)):
        if line is not None:
            units.append(Unit(rows=1, lines=[(0.0, line, style)], count=1, x_offset=x,
                              space_before=0 if units else 1))
    return units


def jump_unit(text: str, layout: Layout, fonts: FontSession, width: float,
              align: str) -> Unit:
    """A jump line, （下转第2版） or （上接第1版）: one row."""
    style = layout.styles["jump"]
    block = set_text(Text.of(text), style, width, layout.rules, fonts, indent=0.0, align=align)
    return Unit(rows=1, lines=[(0.0, line, style) for line in block.lines[:1]], jump=True)


def _heading_unit(text: Text, style: Style, width: float, layout: Layout,
                  fonts: FontSession) -> Unit:
    block = set_text(text, style, width, layout.rules, fonts)
    pitch = layout.body.leading
    rows = max(1, math.ceil(len(block.lines) * style.leading / pitch - 1e-6))
    lines = [(k * style.leading / pitch, line, style) for k, line in enumerate(block.lines)]
    space = math.ceil(style.space_before / pitch - 1e-6)  # whole rows: the grid is kept
    return Unit(rows=rows, lines=lines, keep_with_next=True, space_before=space)


def _image_unit(
    image: Image, caption_style: Style, column: float, layout: Layout, fonts: FontSession,
    warnings: list[Told] | None, max_rows: int, scale: float = 1.0,
) -> Unit:
    """A photo at the column's width, or narrower and centred where it would be taller
    than ``max_rows`` grid rows (a tall photo must still stand in one column)."""
    w_px, h_px = image.pixels
    pitch = layout.body.leading
    captions: list[Line] = []
    if image.caption is not None:
        captions = list(set_text(image.caption, caption_style, column, layout.rules, fonts).lines)
    # The photo and its caption together stand in one column: a long caption leaves
    # the photo less height, down to MIN_PHOTO_ROWS.
    # At most half a page tall as well: a phone's portrait photo across a one-column
    # page would otherwise take the whole page, alone.
    photo_rows = max(MIN_PHOTO_ROWS, min(max_rows - max(2, len(captions)), max_rows // 2))
    width = min(column, photo_rows * pitch * w_px / h_px) * scale
    dpi = w_px / (width / 72)
    if dpi < MIN_DPI and warnings is not None:
        where = f"{image.where}: " if image.where else ""
        warnings.append(t("{where}{name} is {width}×{height} pixels, {dpi} dpi at its printed "
                          "width; it will print soft (use one of at least {needed} pixels "
                          "across)", where=where, name=image.path.name, width=w_px,
                          height=h_px, dpi=format(dpi, ".0f"),
                          needed=int(width / 72 * MIN_DPI) + 1))
    height = width * h_px / w_px
    rows = math.ceil(height / pitch - 1e-6)
    lines = [(rows + k + 0.0, line, caption_style) for k, line in enumerate(captions)]
    return Unit(rows=rows + len(captions), lines=lines, image=(image.path, width, height),
                image_x=(column - width) / 2, where=image.where)
