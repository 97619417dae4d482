"""Tile a large poster page onto sheets an office printer can print, to be taped together.

A notice-board poster is A1 or A2; the office has an A4 printer. Each sheet shows one
region of the poster at full size: the poster page is turned once into a Form XObject
and every sheet draws it, moved and clipped to the sheet's printable area, so the
sheets are the same vector content as the poster (text stays text, nothing is
rasterised, and the content is stored once however many sheets there are).

Assembly: sheets to the right and below go *over* their neighbour. On a sheet with a
left or top neighbour, the dashed line at that edge is where to cut off the white
margin; on a sheet with a right or bottom neighbour, the hatched strip of ``overlap``
width along that edge is the glue area, which the neighbour covers, and the dashed
line at its inner edge is where the neighbour's cut edge goes. The sheet label
(``B2 · 第5张/共12张``) sits in the bottom glue strip when it fits, so it is hidden
once the poster is assembled. A first sheet per poster page shows the assembly map.

Sheets that would add nothing to the poster are left out: its white margins often
leave a whole column or row of sheets holding only paper. A sheet is needed when it has
ink in the part of its region no later sheet covers (its glue strips are covered by the
neighbours to the right and below, which then print that ink themselves), so every ink
point is printed by the topmost sheet over it and each sheet is judged on its own.
Ink is seen on the poster page rendered once (pypdfium2, about 1 px per point), not in
the content's bounding boxes: those count white backgrounds, clipped-away parts and the
empty corners of text boxes as content, while the rendering shows what a printer would
print. A left-out position is shaded on the map and marked 不需打印; the other sheets
keep their grid labels, are numbered among the printed sheets only, and draw no glue
strip towards an empty position (nothing would cover it).
"""

from __future__ import annotations

import io
import math
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
)
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import FILL_EVEN_ODD, Canvas

from ..errors import BulletinError
from ..fontstage import bundled_face
from ..i18n import t
from ..style.units import MM, PAPER, UnitError, parse_length
from ..style.words import listing
from . import write_atomic

DEFAULT_OVERLAP = 10 * MM
DEFAULT_MARGIN = 5 * MM  # what an office printer leaves unprinted at each edge
_EPS = 0.05  # pt; PDF boxes are written rounded, a page "exactly" n sheets long must fit
_FONT = "bulletin-tile-sans"  # the bundled sans face, registered under a name of our own
_MARK_GREY = 0.25
_LABEL_SIZE = 8.0
_LABEL_PAD = 1 * MM
_INK_LEVEL = 250  # a pixel with a channel at or below this (of 255, ~2 % tint) is ink
_INK_PIXELS = 12_000_000  # render the page at 1 px/pt, or coarser beyond this many pixels
_SKIP_GREY = 0.55  # the map's colour for positions not printed


@dataclass(frozen=True)
class Rect:
    """A rectangle in PDF points, origin at the bottom left."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Tile:
    """One sheet: its place in the grid and the region of the poster page it shows."""

    row: int  # 0 = top
    col: int  # 0 = left
    index: int  # 1-based among the printed sheets (rows top to bottom, columns left to
    # right); 0 for a position that is not printed
    source: Rect  # on the poster page; may reach past the page's right or bottom edge
    printed: bool = True  # False: it would add no ink to the poster, so it is not printed

    @property
    def label(self) -> str:
        """``B2``: rows A, B, C… from the top, columns 1, 2, 3… from the left."""
        return row_name(self.row) + str(self.col + 1)


@dataclass(frozen=True)
class TilePlan:
    """How one poster page is cut into sheets (all lengths in points)."""

    page_w: float
    page_h: float
    sheet_w: float  # the paper as the sheets are laid out (landscape if that needs fewer)
    sheet_h: float
    margin: float
    overlap: float
    rows: int
    cols: int
    tiles: tuple[Tile, ...]  # every grid position, printed or not, row by row

    @property
    def count(self) -> int:
        """Sheets to print (the positions left empty are not counted)."""
        return len(self.sheets)

    @property
    def sheets(self) -> tuple[Tile, ...]:
        """The printed tiles, in printing order."""
        return tuple(t for t in self.tiles if t.printed)

    @property
    def skipped(self) -> tuple[Tile, ...]:
        """Grid positions with nothing to print."""
        return tuple(t for t in self.tiles if not t.printed)

    @property
    def printable(self) -> Rect:
        """The printable area of every sheet, in sheet coordinates."""
        m = self.margin
        return Rect(m, m, self.sheet_w - 2 * m, self.sheet_h - 2 * m)

    @property
    def landscape(self) -> bool:
        return self.sheet_w > self.sheet_h

    def tile(self, row: int, col: int) -> Tile:
        return self.tiles[row * self.cols + col]

    def prints(self, row: int, col: int) -> bool:
        """Whether a sheet is printed at (row, col); outside the grid counts as not."""
        return 0 <= row < self.rows and 0 <= col < self.cols and self.tile(row, col).printed

    def without(self, empty: Collection[tuple[int, int]]) -> TilePlan:
        """The same grid with the (row, col) positions in ``empty`` not printed and the
        other sheets numbered again, so the labels count only what comes out of the printer."""
        tiles, index = [], 0
        for tile in self.tiles:
            printed = (tile.row, tile.col) not in empty
            index += printed
            tiles.append(replace(tile, printed=printed, index=index if printed else 0))
        return replace(self, tiles=tuple(tiles))


def row_name(row: int) -> str:
    """A, B, … Z, AA, AB … (spreadsheet style), so any number of rows has a name."""
    name = ""
    row += 1
    while row:
        row, rest = divmod(row - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _count(length: float, span: float, overlap: float) -> int:
    """Sheets of printable ``span`` needed along ``length`` when neighbours overlap."""
    return max(1, math.ceil((length - overlap - _EPS) / (span - overlap)))


def plan_tiles(
    page_w: float,
    page_h: float,
    paper_w: float,
    paper_h: float,
    overlap: float = DEFAULT_OVERLAP,
    margin: float = DEFAULT_MARGIN,
) -> TilePlan:
    """Rows, columns and source rectangles, on portrait or landscape sheets (fewer wins).

    Pure arithmetic, in points. ``n`` sheets of printable width ``w`` overlapping by
    ``o`` cover ``n·w − (n−1)·o``; the grid starts at the page's top left corner.
    """
    short, long_ = sorted((paper_w, paper_h))
    if not 0 <= margin < short / 4:
        raise BulletinError(
            t("margin {margin}mm does not fit a {width}mm wide sheet",
              margin=format(margin / MM, "g"), width=format(short / MM, "g")),
            t("use 0mm to {most}mm; office printers need about 5mm",
              most=format(short / 4 / MM, "g")),
        )
    if not 0 <= overlap < (short - 2 * margin) / 2:
        limit = (short - 2 * margin) / 2 / MM
        raise BulletinError(
            t("overlap {overlap}mm is too large", overlap=format(overlap / MM, "g")) if overlap >= 0
            else t("overlap {overlap}mm is negative", overlap=format(overlap / MM, "g")),
            t("use 0mm or more and less than half the sheet's printable width ({limit}mm), "
              "e.g. 10mm", limit=format(limit, "g")),
        )
    if page_w <= 0 or page_h <= 0:
        raise BulletinError(t("the page has no size"),
                            t("give a PDF whose pages have a MediaBox"))
    options = []
    for sheet_w, sheet_h in ((paper_w, paper_h), (paper_h, paper_w)):
        w, h = sheet_w - 2 * margin, sheet_h - 2 * margin
        cols, rows = _count(page_w, w, overlap), _count(page_h, h, overlap)
        options.append((rows * cols, sheet_w, sheet_h, rows, cols))
    _, sheet_w, sheet_h, rows, cols = min(options, key=lambda o: o[0])  # ties: as given
    w, h = sheet_w - 2 * margin, sheet_h - 2 * margin
    tiles = tuple(
        Tile(r, c, r * cols + c + 1,
             Rect(c * (w - overlap), page_h - r * (h - overlap) - h, w, h))
        for r in range(rows) for c in range(cols)
    )
    return TilePlan(page_w, page_h, sheet_w, sheet_h, margin, overlap, rows, cols, tiles)


def paper_size(name: str) -> tuple[float, float]:
    """Portrait width and height in points of a paper name from the ``PAPER`` table."""
    key = name.strip().upper()
    if key not in PAPER:
        said = (t("unknown paper '{paper}'", paper=name) if repr(name) == f"'{name}'"
                else t("unknown paper {paper}", paper=repr(name)))  # quotes in it: as repr
        raise BulletinError(
            said,
            t("use one of {papers}, e.g. --paper A4", papers=listing(list(PAPER))),
        )
    w, h = PAPER[key]
    return w * MM, h * MM


def parse_tile_length(text: str, option: str) -> float:
    """A length for ``--overlap``/``--margin``, in points; a bare number is refused
    (it would be points in a layout, but a user typing ``--overlap 10`` means mm)."""
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is not None and value != 0:
        raise BulletinError(t("{option} {value} has no unit", option=option, value=text),
                            t("write it with one, e.g. {value}mm", value=text))
    try:
        return parse_length(text)
    except UnitError as e:
        raise BulletinError(t("{option}: {problem}", option=option, problem=e.message),
                            t("e.g. 10mm")) from None


def _read_pages(src: Path) -> tuple[list[PageObject], bytes]:
    """The pages, parsed, and the file's bytes (for rendering the same file)."""
    if not src.exists():
        raise BulletinError(t("no file {path}", path=str(src)),
                            t("give the path of the poster PDF"))
    if src.is_dir():
        raise BulletinError(t("{path} is a folder", path=str(src)),
                            t("give the poster PDF inside it"))
    data = src.read_bytes()
    if b"%PDF-" not in data[:1024]:  # the header may follow a little junk
        raise BulletinError(t("{path} is not a PDF", path=str(src)),
                            t("give a PDF, such as bulletin build wrote"))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise BulletinError(t("{path} is password-protected", path=str(src)),
                                t("save an unprotected copy"))
        pages = list(reader.pages)
        for page in pages:
            page.get_contents()  # parse now, so a broken stream is reported here
    except BulletinError:
        raise
    except Exception as e:  # pypdf raises many kinds on a damaged file
        raise BulletinError(t("cannot read {path} ({reason})", path=str(src), reason=str(e)),
                            t("is it a complete PDF?")) from None
    if not pages:
        raise BulletinError(t("{path} has no pages", path=str(src)), t("give the poster PDF"))
    return pages, data


def _ink_mask(document: pdfium.PdfDocument, index: int) -> Image.Image:
    """Page ``index`` rendered on white, as a mask: 255 where it has ink, else 0.

    Annotations are left out because the sheets do not carry them. Ink is the darkest
    channel at or below ``_INK_LEVEL``, so a pale yellow counts and near-white noise
    of a photo's edge does not."""
    page = document[index]
    try:
        w, h = page.get_size()
        scale = min(1.0, math.sqrt(_INK_PIXELS / max(w * h, 1.0)))
        image = page.render(scale=scale, draw_annots=False).to_pil().convert("RGB")
    finally:
        page.close()
    r, g, b = image.split()
    darkest = ImageChops.darker(ImageChops.darker(r, g), b)
    return darkest.point(lambda v: 255 if v <= _INK_LEVEL else 0)


def _owned(plan: TilePlan, tile: Tile) -> Rect:
    """The part of ``tile``'s region that stays visible on the assembled poster whatever
    else is printed: all but the glue strips its right and lower neighbours cover."""
    r, o = tile.source, plan.overlap
    right = o if tile.col < plan.cols - 1 else 0
    below = o if tile.row < plan.rows - 1 else 0
    return Rect(r.x, r.y + below, r.w - right, r.h - below)


def empty_positions(mask: Image.Image, plan: TilePlan) -> frozenset[tuple[int, int]]:
    """(row, col) of the tiles with no ink in ``mask`` where they are the topmost sheet.

    The ink under a glue strip is printed by the neighbour that covers the strip, so a
    sheet whose only ink is there is not needed. Only pixels wholly inside the region
    are looked at: a pixel on its edge may hold the antialiased edge of content beyond
    it (the tolerance: ink within a pixel, 0.35 mm, of the edge alone keeps no sheet)."""
    sx, sy = mask.width / plan.page_w, mask.height / plan.page_h
    empty = set()
    for tile in plan.tiles:
        r = _owned(plan, tile)
        left, right = max(0, math.ceil(r.x * sx)), min(mask.width, math.floor((r.x + r.w) * sx))
        top = max(0, math.ceil((plan.page_h - r.y - r.h) * sy))
        bottom = min(mask.height, math.floor((plan.page_h - r.y) * sy))
        inside = (left, top, right, bottom)
        if left >= right or top >= bottom or mask.crop(inside).getbbox() is None:
            empty.add((tile.row, tile.col))
    return frozenset(empty)


def _skip_empty(data: bytes, plans: list[TilePlan]) -> list[TilePlan]:
    """The plans without their empty tiles. A file pypdf reads but pdfium cannot render
    keeps every sheet: better a blank sheet too many than a piece of the poster lost."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return plans
    try:
        if len(document) != len(plans):
            return plans
        return [plan.without(empty_positions(_ink_mask(document, i), plan))
                for i, plan in enumerate(plans)]
    except pdfium.PdfiumError:
        return plans
    finally:
        document.close()


def _poster_form(writer: PdfWriter, page: PageObject) -> tuple[IndirectObject, float, float]:
    """The page as a Form XObject: the visible page (crop box, turned by /Rotate) upright,
    its bottom left corner at the origin. Returns the form and the visible width, height."""
    box = page.cropbox
    left, bottom, right, top = (float(v) for v in (box.left, box.bottom, box.right, box.top))
    turn = Transformation().rotate(-(page.rotation % 360))  # /Rotate is clockwise
    corners = [turn.apply_on(xy) for xy in ((left, bottom), (right, bottom), (left, top),
                                            (right, top))]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    turn = turn.translate(-min(xs), -min(ys))
    contents = page.get_contents()
    form = StreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    form = form.flate_encode()
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (left, bottom, right, top)),
        NameObject("/Matrix"): ArrayObject(FloatObject(round(v, 6)) for v in turn.ctm),
    })
    resources = page.get("/Resources")
    if resources is not None:
        form[NameObject("/Resources")] = resources.get_object().clone(writer)
    if "/Group" in page:
        form[NameObject("/Group")] = page["/Group"].get_object().clone(writer)
    # A stream must be an indirect object; pypdf has no public call to add one.
    return writer._add_object(form), max(xs) - min(xs), max(ys) - min(ys)


def _num(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".") or "0"


def _draw_under(
    writer: PdfWriter, page: PageObject, form: IndirectObject, name: str, ops: str
) -> None:
    """Put the poster (``ops``, which draws ``/name``) under the overlay already on the page."""
    resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    xobjects[NameObject("/" + name)] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    under = StreamObject()
    under.set_data(ops.encode("ascii"))
    raw = page.raw_get("/Contents") if "/Contents" in page else ArrayObject()
    contents = raw.get_object()  # [] gives the dereferenced stream, which must stay a reference
    old = list(contents) if isinstance(contents, ArrayObject) else [raw]
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(under.flate_encode()), *old])


def _font() -> str:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, str(bundled_face("sans").path)))
    return _FONT


def _mm(v: float) -> str:
    return f"{round(v / MM, 1):g}"


def _label_box(c: Canvas, text: str, x: float, y: float) -> None:
    """The sheet label in a light box, bottom left corner at (x, y)."""
    w = pdfmetrics.stringWidth(text, _FONT, _LABEL_SIZE) + 2 * _LABEL_PAD
    c.setFillGray(0.92)
    c.rect(x, y, w, _label_height(), stroke=0, fill=1)
    c.setFillGray(0)
    c.setFont(_FONT, _LABEL_SIZE)
    c.drawString(x + _LABEL_PAD, y + _LABEL_PAD + 0.12 * _LABEL_SIZE, text)


def _label_height() -> float:
    return _LABEL_SIZE * 1.1 + 2 * _LABEL_PAD


def _hatch(c: Canvas, r: Rect, step: float = 2.5 * MM, holes: tuple[Rect, ...] = ()) -> None:
    """Diagonal lines over ``r`` (less the ``holes`` inside it, by the even-odd rule)."""
    c.saveState()
    path = c.beginPath()
    for box in (r, *holes):
        path.rect(box.x, box.y, box.w, box.h)
    c.clipPath(path, stroke=0, fill=0, fillMode=FILL_EVEN_ODD)
    c.setStrokeGray(0.6)
    c.setLineWidth(0.35)
    x = -r.h
    while x < r.w:
        c.line(r.x + x, r.y, r.x + x + r.h, r.y + r.h)
        x += step
    c.restoreState()


def _dashed(c: Canvas, x1: float, y1: float, x2: float, y2: float) -> None:
    c.saveState()
    c.setStrokeGray(_MARK_GREY)
    c.setLineWidth(0.5)
    c.setDash(3 * MM, 1.5 * MM)
    c.line(x1, y1, x2, y2)
    c.restoreState()


def _draw_sheet(c: Canvas, plan: TilePlan, tile: Tile, label: str) -> None:
    """Glue strips, cut and placement lines, corner marks and the label of one sheet.

    A neighbour that is not printed gets no glue strip or placement line: nothing would
    cover them. The cut lines stay on every sheet past the first row and column, so an
    uncut white margin never lies over the corner of a diagonal neighbour's picture."""
    p, o = plan.printable, plan.overlap
    left, bottom, right, top = p.x, p.y, p.x + p.w, p.y + p.h
    r, k = tile.row, tile.col
    has_right, has_bottom = plan.prints(r, k + 1), plan.prints(r + 1, k)
    if has_right and o > 0:
        _hatch(c, Rect(right - o, bottom, o, p.h))
    if has_bottom and o > 0:
        _hatch(c, Rect(left, bottom, p.w, o))
    if k > 0:  # cut off the white margin here; this edge goes over the neighbour
        _dashed(c, left, bottom, left, top)
    if r > 0:
        _dashed(c, left, top, right, top)
    # Where the right neighbour's cut edge goes. With no overlap it is this sheet's own
    # cut line, kept towards an empty position for the same reason as above.
    if has_right or (o == 0 and k < plan.cols - 1):
        _dashed(c, right - o, bottom, right - o, top)
    if has_bottom or (o == 0 and r < plan.rows - 1):
        _dashed(c, left, bottom + o, right, bottom + o)
    c.saveState()
    c.setStrokeGray(_MARK_GREY)
    c.setLineWidth(0.5)
    arm = 4 * MM
    for x, y, dx, dy in ((left, bottom, 1, 1), (right, bottom, -1, 1),
                         (left, top, 1, -1), (right, top, -1, -1)):
        c.line(x, y, x + dx * arm, y)
        c.line(x, y, x, y + dy * arm)
    c.restoreState()
    x = left + 6 * MM
    if has_bottom and o >= _label_height() + 1 * MM:
        _label_box(c, label, x, bottom + (o - _label_height()) / 2)
    else:
        _label_box(c, label, x, bottom + 1 * MM)


def _fit_line(c: Canvas, text: str, x: float, y: float, width: float, size: float) -> None:
    """One line of the instructions, made smaller rather than cut off on small paper."""
    size = min(size, width / max(pdfmetrics.stringWidth(text, _FONT, 1), 1e-6))
    c.setFont(_FONT, size)
    c.drawString(x, y, text)


def _map_frame(plan: TilePlan, top_space: float, bottom_space: float) -> tuple[float, float, float]:
    """Scale and position of the poster picture on the assembly sheet: (s, tx, ty), the
    page's bottom left corner at (tx, ty)."""
    p = plan.printable
    grid_w = plan.cols * (p.w - plan.overlap) + plan.overlap
    grid_h = plan.rows * (p.h - plan.overlap) + plan.overlap
    box_w, box_h = p.w - 4 * MM, p.h - top_space - bottom_space
    s = min(box_w / grid_w, box_h / grid_h)
    left = p.x + (p.w - grid_w * s) / 2
    top = p.y + bottom_space + (box_h + grid_h * s) / 2
    return s, left, top - plan.page_h * s


def _uncovered(plan: TilePlan, tile: Tile) -> tuple[Rect, tuple[Rect, ...]]:
    """What no printed sheet covers of an empty position: a rectangle (its region less
    the strips under printed side neighbours) less the corner squares under printed
    diagonal ones. The poster has no ink there, so the map may shade it."""
    r, o = tile.source, plan.overlap
    row, col = tile.row, tile.col
    left, right = plan.prints(row, col - 1), plan.prints(row, col + 1)
    up, down = plan.prints(row - 1, col), plan.prints(row + 1, col)
    x0, x1 = r.x + (o if left else 0), r.x + r.w - (o if right else 0)
    y0, y1 = r.y + (o if down else 0), r.y + r.h - (o if up else 0)
    corners = []
    for dr, dc, x, y in ((-1, -1, r.x, r.y + r.h - o), (-1, 1, r.x + r.w - o, r.y + r.h - o),
                         (1, -1, r.x, r.y), (1, 1, r.x + r.w - o, r.y)):
        diagonal = plan.prints(row + dr, col + dc)
        if o > 0 and diagonal and not plan.prints(row + dr, col) and not plan.prints(row, col + dc):
            corners.append(Rect(x, y, o, o))
    return Rect(x0, y0, x1 - x0, y1 - y0), tuple(corners)


_MAP_TOP = 20 * MM
_MAP_BOTTOM = 26 * MM
_NOTE_STEP = 5 * MM


def _map_notes(plan: TilePlan) -> list[str]:
    """The numbered instructions under the map (none when the page needs no sheet)."""
    if not plan.count:
        return []
    if plan.overlap > 0:
        glue = (f"3. 从 {plan.sheets[0].label} 开始，按图上的位置把每张纸叠在左边和上边那张的"
                "灰色粘贴区上，剪边对准区内的虚线，图案对齐后粘牢。")
    else:
        glue = "3. 右边和下边有虚线的纸也沿虚线剪齐；按图上的位置对齐拼好，在背面用胶带粘牢。"
    notes = [
        f"1. 打印这 {plan.count} 张时选“实际大小”或 100%，不要选“适合页面”或缩放。",
        "2. 左边或上边有虚线的纸，沿那条虚线剪去白边。",
        glue,
    ]
    if plan.skipped:
        notes.append("4. 图上画斜线的位置是空白，没有那张纸；拼好的海报在那里留白。")
    return notes


def _map_bottom(plan: TilePlan) -> float:
    """Room under the map picture: the three usual notes fit ``_MAP_BOTTOM``."""
    return _MAP_BOTTOM + _NOTE_STEP * max(0, len(_map_notes(plan)) - 3)


def _skipped_note(plan: TilePlan) -> str:
    """What the title line says about the positions not printed: by name when few."""
    skipped = [t.label for t in plan.skipped]
    if not skipped:
        return ""
    if not plan.count:
        return "；此页空白，不需打印"
    if len(skipped) <= 6:
        return f"；{'、'.join(skipped)} 空白，不需打印"
    return f"；{len(skipped)} 个位置空白，不需打印"


def _draw_map(c: Canvas, plan: TilePlan, paper: str, prefix: str) -> None:
    """The assembly sheet: the poster in small, the grid of sheets and their labels,
    the positions not printed shaded, hatched and marked 不需打印 in grey."""
    p, o = plan.printable, plan.overlap
    s, tx, ty = _map_frame(plan, _MAP_TOP, _map_bottom(plan))
    x, width = p.x + 2 * MM, p.w - 4 * MM
    c.setFillGray(0)
    _fit_line(c, f"{prefix}拼贴图：{paper} 纸 {plan.count} 张，{plan.rows} 行 × {plan.cols} 列"
              + _skipped_note(plan), x, p.y + p.h - 9 * MM, width, 14)
    _fit_line(c, f"海报 {_mm(plan.page_w)} × {_mm(plan.page_h)} mm，每张印出 {_mm(p.w)} × "
              f"{_mm(p.h)} mm，相邻两张重叠 {_mm(o)} mm。", x, p.y + p.h - 15 * MM, width, 8.5)
    c.saveState()
    c.setStrokeGray(0.5)
    c.setLineWidth(0.5)
    c.rect(tx, ty, plan.page_w * s, plan.page_h * s, stroke=1, fill=0)
    size = max(5.0, min(14.0, 0.25 * min(p.w, p.h) * s))

    def on_map(r: Rect) -> Rect:
        return Rect(tx + r.x * s, ty + r.y * s, r.w * s, r.h * s)

    # The empty positions first, so the printed sheets' red frames are drawn over them.
    c.setStrokeGray(_SKIP_GREY)
    c.setLineWidth(0.5)
    c.setDash(2, 2)
    for tile in plan.skipped:
        area, holes = _uncovered(plan, tile)
        area, holes = on_map(area), tuple(on_map(h) for h in holes)
        c.saveState()
        path = c.beginPath()
        for box in (area, *holes):
            path.rect(box.x, box.y, box.w, box.h)
        c.setFillGray(0.9)  # hides nothing: the poster has no ink there
        c.drawPath(path, stroke=0, fill=1, fillMode=FILL_EVEN_ODD)
        c.restoreState()
        _hatch(c, area, step=max(1.2 * MM, size * 0.4), holes=holes)
        frame = on_map(tile.source)
        c.rect(frame.x, frame.y, frame.w, frame.h, stroke=1, fill=0)
    c.setDash()
    c.setStrokeColorRGB(0.8, 0.15, 0.1)
    c.setLineWidth(0.8)
    for tile in plan.sheets:
        r = tile.source
        c.rect(tx + r.x * s, ty + r.y * s, r.w * s, r.h * s, stroke=1, fill=0)
    note = size * 0.6
    for tile in plan.tiles:
        r = tile.source
        cx, cy = tx + (r.x + r.w / 2) * s, ty + (r.y + r.h / 2) * s
        w = pdfmetrics.stringWidth(tile.label, _FONT, size) + size * 0.6
        c.setFillGray(1)
        if tile.printed:
            c.rect(cx - w / 2, cy - size * 0.65, w, size * 1.3, stroke=0, fill=1)
            c.setFillColorRGB(0.8, 0.15, 0.1)
        else:
            w = max(w, pdfmetrics.stringWidth("不需打印", _FONT, note) + note)
            c.rect(cx - w / 2, cy - size * 0.65 - note * 1.2, w, size * 1.3 + note * 1.2,
                   stroke=0, fill=1)
            c.setFillGray(_SKIP_GREY)
            c.setFont(_FONT, note)
            c.drawCentredString(cx, cy - size * 0.55 - note * 0.9, "不需打印")
        c.setFont(_FONT, size)
        c.drawCentredString(cx, cy - size * 0.35, tile.label)
    c.restoreState()
    y = p.y + _map_bottom(plan) - 8 * MM
    for line in _map_notes(plan):
        _fit_line(c, line, x, y, width, 8.5)
        y -= _NOTE_STEP
    _label_box(c, f"{prefix}拼贴图 · 共{plan.count}张", p.x + 6 * MM, p.y + 1 * MM)


def tile_pdf(
    src: Path,
    out: Path,
    paper: str = "A4",
    overlap: float = DEFAULT_OVERLAP,
    margin: float = DEFAULT_MARGIN,
) -> int:
    """Write ``out``: for each page of ``src`` an assembly map, then its sheets.

    Returns the number of sheets printed (without the maps and the empty positions).
    Nothing is written on an error.
    """
    src, out = Path(src), Path(out)
    paper_w, paper_h = paper_size(paper)
    paper_name = paper.strip().upper()
    if out.resolve() == src.resolve():
        raise BulletinError(t("{path} would replace the poster", path=str(out)),
                            t("choose another -o"))
    pages, data = _read_pages(src)
    writer = PdfWriter()
    forms: list[IndirectObject] = []
    plans: list[TilePlan] = []
    for page in pages:
        form, page_w, page_h = _poster_form(writer, page)
        forms.append(form)
        plans.append(plan_tiles(page_w, page_h, paper_w, paper_h, overlap, margin))
    plans = _skip_empty(data, plans)

    buf = io.BytesIO()
    first = plans[0]
    overlay = Canvas(buf, pagesize=(first.sheet_w, first.sheet_h), invariant=1,
                     pageCompression=1, initialFontName=_font(), initialFontSize=10)
    overlay.setCreator("bulletin")
    for number, plan in enumerate(plans, 1):
        prefix = f"第{number}页 " if len(plans) > 1 else ""
        overlay.setPageSize((plan.sheet_w, plan.sheet_h))
        _draw_map(overlay, plan, paper_name, prefix)
        overlay.showPage()
        for tile in plan.sheets:
            overlay.setPageSize((plan.sheet_w, plan.sheet_h))
            _draw_sheet(overlay, plan, tile,
                        f"{prefix}{tile.label} · 第{tile.index}张/共{plan.count}张")
            overlay.showPage()
    overlay.save()

    sheets = iter(PdfReader(io.BytesIO(buf.getvalue())).pages)
    for number, (plan, form) in enumerate(zip(plans, forms, strict=True)):
        name = f"BulletinPoster{number}"
        s, tx, ty = _map_frame(plan, _MAP_TOP, _map_bottom(plan))
        page = writer.add_page(next(sheets))
        _draw_under(writer, page, form, name,
                    f"q {_num(s)} 0 0 {_num(s)} {_num(tx)} {_num(ty)} cm /{name} Do Q\n")
        p = plan.printable
        for tile in plan.sheets:
            page = writer.add_page(next(sheets))
            dx, dy = p.x - tile.source.x, p.y - tile.source.y
            _draw_under(writer, page, form, name,
                        f"q {_num(p.x)} {_num(p.y)} {_num(p.w)} {_num(p.h)} re W n "
                        f"1 0 0 1 {_num(dx)} {_num(dy)} cm /{name} Do Q\n")
    writer.add_metadata({"/Title": f"{src.stem} — {paper_name} 拼贴", "/Creator": "bulletin"})
    data = io.BytesIO()
    writer.write(data)
    write_atomic(out, data.getvalue())
    return sum(plan.count for plan in plans)
