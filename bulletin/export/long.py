"""The WeChat long image (长图): the issue set on the phone layout as one long page, drawn
1080 px wide in-process by PDFium, and, if asked, cut into slices a phone shows whole.

Residents get the paper as pictures in WeChat groups: one long picture to scroll, or a
few screen-sized ones. It is set as a page of its own (``layouts/phone.yaml``: one
column, type large enough for a phone), not the print pages glued together.
"""

from __future__ import annotations

import bisect
import io
import math
from collections.abc import Callable
from functools import reduce
from pathlib import Path

from PIL import Image, ImageChops

from ..build import make
from ..errors import BulletinError
from ..flow.model import (
    EM_BOX_DEPTH,
    Item,
    Page,
    Picture,
    TextLine,
    item_bottom,
    item_top,
)
from ..i18n import Text, t
from ..style.layout import find_layout, load_layout
from . import PNG_MAGIC, check_target, write_atomic

LONG_WIDTH = 1080  # px: what WeChat shows a picture at, the full width of a phone screen
SLICE_HEIGHT = 1440  # px: a slice's default height limit, 3:4, one phone screen
PHONE_LAYOUT = "phone"
# Lines a cut must not part from the line or photo under them, or over them: a slice
# must not end with a heading, nor start with a caption, a source line or the 报尾.
KEEP_WITH_NEXT = frozenset({"banner", "kicker", "title", "subtitle", "byline", "heading",
                            "colophon"})
KEEP_WITH_PREVIOUS = frozenset({"caption", "quote_by", "source", "signed", "colophon"})

FREE, KEPT, SOLID = 0, 1, 2  # how a pixel row holds together: see render_long
Band = tuple[float, float, int]  # PDF y of a band's top and bottom on its page, and its hold


def build_long(
    content: Path, out_png: Path, slice_height: int | None = None,
    layout: str = PHONE_LAYOUT, *, article: int | None = None, allow_fallback: bool = False,
    keep_pdf: Path | None = None, warn: Callable[[Text], None] | None = None,
) -> list[Path]:
    """Write ``out_png`` (``NAME-long.png``), the issue on one long page LONG_WIDTH px wide,
    and with ``slice_height`` also ``NAME-long-01.png`` … no taller than that, each cut
    between lines or blocks. Returns the files written.

    ``layout`` must have pages of height auto; ``keep_pdf`` also writes the PDF the
    picture is drawn from (what ``bulletin build --layout phone`` writes). Warnings (a
    soft photo, a slice made taller to keep a photo whole) go to ``warn``.
    """
    out_png = Path(out_png)
    check_target(out_png, PNG_MAGIC)  # before the work, not only after it
    style = load_layout(find_layout(layout, Path(content).parent))
    if not style.auto_height:
        raise BulletinError(t("layout {layout} has pages of a set height; a long image is set "
                              "on one page as tall as the issue", layout=style.name),
                            t("use the phone layout, or a layout with '{example}'",
                              example="size: [360pt, auto]"))
    pdf, notes, document = make(content, layout, article, allow_fallback=allow_fallback)
    if keep_pdf:
        write_atomic(Path(keep_pdf), pdf)
    picture, hold = render_long(pdf, [held_together(page) for page in document.pages])
    written = [out_png]
    write_atomic(out_png, png_bytes(picture), magic=PNG_MAGIC)
    if slice_height:
        for number, (top, bottom) in enumerate(slices(hold, slice_height), 1):
            target = out_png.with_name(f"{out_png.stem}-{number:02d}.png")
            write_atomic(target, png_bytes(picture.crop((0, top, picture.width, bottom))),
                         magic=PNG_MAGIC)
            written.append(target)
            if bottom - top > slice_height:
                notes.append(t("{name} is {height} px tall, over --slice {slice}, not to cut "
                               "through the photo on it", name=target.name,
                               height=bottom - top, slice=slice_height))
        _remove_stale_slices(out_png, len(written) - 1)
    for note in notes:
        if warn:
            warn(note)
    return written


def held_together(page: Page) -> list[Band]:
    """Where on ``page`` cuts may not go although the rows may be blank: each photo
    (SOLID), and a line's em box together with the line or photo it keeps with (KEPT:
    KEEP_WITH_NEXT, KEEP_WITH_PREVIOUS, and as in the columns, a paragraph's first line
    with its second and its last with the one before). Ink is found in the render."""
    blocks = [item for item in page.items if isinstance(item, (TextLine, Picture))]
    bands = [(item.y + item.height, item.y, SOLID) for item in blocks
             if isinstance(item, Picture)]

    def bottom(item: Item) -> float:
        return item_bottom(item, EM_BOX_DEPTH)

    for line in blocks:
        if not isinstance(line, TextLine):
            continue
        _, _, index, count = line.para if line.para and line.para[1] >= 0 else (0, 0, 0, 1)
        if line.role in KEEP_WITH_NEXT or index == 0 < count - 1:
            under = ([item for item in blocks if item_top(item) < line.y]  # else a rule:
                     or [item for item in page.items if item_top(item) < line.y])  # 报尾's
            if under:
                bands.append((item_top(line), bottom(max(under, key=item_top)), KEPT))
        if line.role in KEEP_WITH_PREVIOUS or index == count - 1 > 0:
            over = [item for item in blocks if bottom(item) > line.y]
            if over:
                bands.append((item_top(min(over, key=bottom)), bottom(line), KEPT))
    return bands


def render_long(pdf: bytes, held: list[list[Band]] | None = None,
                width: int = LONG_WIDTH) -> tuple[Image.Image, list[int]]:
    """The pages of ``pdf`` drawn ``width`` px wide, one under the other, and for each pixel
    row how firmly it holds together: SOLID where there is ink (anything not white) or a
    photo, KEPT in the ``held`` bands of its page, else FREE (where a cut is welcome).

    A second long page (an issue longer than the 5 m a page may be) goes on under the
    first, the margins between them cut to the usual space between lines: the seam
    falls where the flow broke the page, between lines or blocks."""
    import pypdfium2 as pdfium  # the PDF renderer, only when drawing

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as e:
        raise BulletinError(t("cannot draw the long image ({reason})", reason=str(e)),
                            t("build the PDF with --layout phone and open it instead")) from None
    parts: list[tuple[Image.Image, list[int]]] = []
    try:
        for number, page in enumerate(document):
            scale, height = width / page.get_width(), page.get_height()
            picture = page.render(scale=scale).to_pil().convert("RGB")
            if picture.width != width:  # a page width that does not scale to whole pixels
                picture = picture.resize((width, picture.height), Image.Resampling.LANCZOS)
            hold = _ink_rows(picture)
            for top, bottom, level in held[number] if held else ():
                first = max(0, math.floor((height - top) * scale))
                last = min(len(hold), math.ceil((height - bottom) * scale) + 1)
                hold[first:last] = [max(level, h) for h in hold[first:last]]
            parts.append((picture, hold))
    finally:
        document.close()
    if len(parts) > 1:  # the text goes on over the seam with the gap between its lines
        gap = _line_gap(parts[0][1])
        ends = [_ink_end(rows) + gap // 2 for _, rows in parts[:-1]] + [len(parts[-1][1])]
        starts = [0] + [max(0, _ink_start(rows) - (gap - gap // 2)) for _, rows in parts[1:]]
        parts = [(pic.crop((0, a, width, b)), rows[a:b])
                 for (pic, rows), a, b in zip(parts, starts, ends, strict=True)]
    long = Image.new("RGB", (width, sum(pic.height for pic, _ in parts)), "white")
    y = 0
    for pic, _ in parts:
        long.paste(pic, (0, y))
        y += pic.height
    return long, [row for _, rows in parts for row in rows]


def slices(hold: list[int], limit: int) -> list[tuple[int, int]]:
    """How to cut a picture whose pixel rows ``hold`` together as FREE, KEPT or SOLID
    (``render_long``) into slices of at most ``limit`` rows: (top, bottom) of each, rows
    top … bottom - 1. No cut goes through a SOLID row (ink, a photo), so every slice's
    edge rows are white and no line of text or photo is cut; every slice has ink.

    Each cut is the lowest in reach of the previous one from which the rest can still be
    cut within ``limit`` (``_leads_on``), in a FREE gap if there is one, else in a KEPT
    one (a heading parted from its text rather than a slice over the limit), and in the
    middle of that gap, so that neither slice has ink at its edge. Where nothing can be
    cut within ``limit`` (a photo taller than that), the slice runs on to the next gap,
    one after the photo's caption if it can: it is taller than ``limit`` rather than
    cut through the photo. The last slice loses what of the bottom margin is over
    ``limit``, not its own slice."""
    rows = len(hold)
    need = min(rows, _ink_end(hold) + 1)  # the last slice ends under the ink
    ink_from = [rows] * (rows + 1)  # the first SOLID row at or after each row
    for k in range(rows - 1, -1, -1):
        ink_from[k] = k if hold[k] == SOLID else ink_from[k + 1]
    cuts = [c for c in range(1, need) if max(hold[c - 1], hold[c]) < SOLID]
    leads_on = _leads_on(cuts, ink_from, need, limit)

    def pick(choices: list[int], lowest: bool) -> int | None:
        """The middle of the gap of the lowest (or highest) of ``choices``, free ones
        first, that leads on."""
        for wanted in ({c for c in choices if c in leads_on and max(hold[c - 1], hold[c])
                        == FREE}, {c for c in choices if c in leads_on}, set(choices)):
            if wanted:
                low = high = max(wanted) if lowest else min(wanted)
                while low - 1 in wanted:
                    low -= 1
                while high + 1 in wanted:
                    high += 1
                return (low + high) // 2
        return None

    parts: list[tuple[int, int]] = []
    top = 0
    while need - top > limit:
        reach = top + limit
        near = cuts[bisect.bisect_right(cuts, ink_from[top]):bisect.bisect_right(cuts, reach)]
        cut = pick([c for c in near if c in leads_on], lowest=True)
        if cut is None:  # a block taller than the limit: on to a gap under it
            far = cuts[bisect.bisect_right(cuts, reach):]
            cut = pick([c for c in far if c < far[0] + limit], lowest=False) if far else None
            if cut is None:
                break
        parts.append((top, cut))
        top = cut
    parts.append((top, rows if need - top > limit else min(rows, top + limit)))
    return parts


def _leads_on(cuts: list[int], ink_from: list[int], need: int, limit: int) -> set[int]:
    """The ``cuts`` from which the rest of the picture can be cut into slices within
    ``limit``, each with ink, but for blocks no cut can part (taller than ``limit``).
    From the foot up: a cut leads on if the rest fits one slice, or the ink under it
    is such a block, or a cut that leads on is under that ink and within ``limit``."""
    found: list[int] = []  # cuts that lead on, as negatives: in increasing order
    for cut in reversed(cuts):
        under = bisect.bisect_right(cuts, ink_from[cut])  # the first cut under the ink
        block = (cuts[under] if under < len(cuts) else need) - cuts[under - 1]
        nearest = bisect.bisect_left(found, -ink_from[cut]) - 1  # the same, leading on
        if (need - cut <= limit or block > limit
                or (nearest >= 0 and -found[nearest] <= cut + limit)):
            found.append(-cut)
    return {-cut for cut in found}


def png_bytes(picture: Image.Image) -> bytes:
    """``picture`` as a PNG file."""
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def _ink_rows(picture: Image.Image) -> list[int]:
    """For each pixel row of an RGB ``picture``: SOLID if anything on it is not white."""
    ink = reduce(ImageChops.lighter, ImageChops.invert(picture).split())
    return [SOLID if row else FREE for row in ink.getprojection()[1]]


def _ink_start(hold: list[int]) -> int:
    """The first SOLID row (the length for an empty page)."""
    return next((k for k, row in enumerate(hold) if row == SOLID), len(hold))


def _ink_end(hold: list[int]) -> int:
    """The row under the last SOLID one (0 for an empty page)."""
    return next((k + 1 for k in range(len(hold) - 1, -1, -1) if hold[k] == SOLID), 0)


def _line_gap(hold: list[int]) -> int:
    """The commonest run of rows without ink between two with: the space between lines."""
    runs: dict[int, int] = {}
    run = 0
    for row in hold[_ink_start(hold):_ink_end(hold)]:
        if row != SOLID:
            run += 1
        elif run:
            runs[run] = runs.get(run, 0) + 1
            run = 0
    return max(runs, key=lambda length: runs[length], default=0)


def _remove_stale_slices(out_png: Path, count: int) -> None:
    """Remove slices an earlier, longer cut left after the ``count`` of this one (our own
    PNGs only), so ``NAME-long-*.png`` is exactly this issue to send."""
    number = count + 1
    while (old := out_png.with_name(f"{out_png.stem}-{number:02d}.png")).is_file():
        with open(old, "rb") as f:
            if f.read(len(PNG_MAGIC)) != PNG_MAGIC:
                return
        old.unlink()
        number += 1
