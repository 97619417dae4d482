"""Posters for the notice board (宣传栏): one page, type scaled to fill it.

All type of the layout is scaled together, on one factor, to the largest body
size within the layout's ``fit`` range at which everything stands on one page;
what is left over is shared above and below, so a short notice sits centred.
Content that does not fit at the smallest size is an error that says by how
much, and which bigger poster would take it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..content.model import Issue
from ..errors import BulletinError
from ..fontstage import FontSession
from ..style.layout import Layout, bundled_layouts, load_layout
from .model import Document, TextLine
from .newsletter import (
    PHOTO_SCALES,
    NewsletterFlow,
    PageTooSmall,
    flow_newsletter,
    has_photos,
)

STEP = 0.25  # pt: body sizes tried are whole quarter points


def pick_article(issue: Issue, number: int | None) -> Issue:
    """The issue reduced to article ``number`` (1-based), for a one-article poster."""
    if number is None:
        return issue
    if not 1 <= number <= len(issue.articles):
        raise BulletinError(f"there is no article {number}",
                            f"this issue has articles 1 to {len(issue.articles)}")
    return replace(issue, articles=(issue.articles[number - 1],))


def largest_size(low: float, high: float, fits: Callable[[float], bool]) -> float | None:
    """The largest body size from ``low`` to ``high``, in quarter points, that ``fits``
    (which holds up to some size and not beyond), or None if not even ``low`` does."""
    lo, hi = round(low / STEP), round(high / STEP)
    if not fits(lo * STEP):
        return None
    best, lo = lo, lo + 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(mid * STEP):
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    return best * STEP


def flow_poster(issue: Issue, layout: Layout, fonts: FontSession) -> Document:
    """One page, type as large as fits; a notice layout (``overflow: pages``) that cannot
    stand on one page at its smallest size is set at its own size on several pages."""
    low, high = layout.fit or (layout.body.size, layout.body.size)
    pages = layout.fit_overflow == "pages"
    if pages:  # a notice: one page at a smaller size, never larger than its own
        high = min(high, layout.body.size)
        document = flow_newsletter(issue, layout, fonts)
        if len(document.pages) == 1:
            return document

    def build_at(size: float, start_row: int = 0,
                 photos: float = 1.0) -> tuple[Document, NewsletterFlow]:
        flow = NewsletterFlow(issue, layout.scaled(size / layout.body.size), fonts,
                              start_row, photo_scale=photos)
        return flow.build(), flow

    def fits(size: float, photos: float = 1.0) -> bool:
        try:
            return len(build_at(size, photos=photos)[0].pages) == 1
        except PageTooSmall:
            return False

    # Type first: photos are made smaller (to 70 %) only where that is what lets the
    # poster stand on one page at all.
    for photos in PHOTO_SCALES if has_photos(issue) else PHOTO_SCALES[:1]:
        size = largest_size(low, high, lambda s, p=photos: fits(s, p))
        if size is not None:
            break
    if size is None:
        if pages:
            return document
        document, _ = build_at(low)
        raise _overflow(issue, layout, fonts, document, low)
    document, flow = build_at(size, photos=photos)
    spare = flow.grid.rows - flow.foot_rows - flow.row
    if spare >= 2 and not pages:  # a poster is centred; a notice starts at the top
        document, _ = build_at(size, spare // 2, photos)
    return document


def _overflow(issue: Issue, layout: Layout, fonts: FontSession, document: Document,
              size: float) -> BulletinError:
    over = [item for page in document.pages[1:] for item in page.items
            if isinstance(item, TextLine) and item.para is not None]
    lines = len({(round(t.x), round(t.y)) for t in over})
    chars = sum(len(t.line.text) for t in over)
    names = ", ".join(a.title.plain for a in issue.articles)
    bigger = _bigger_poster(issue, layout, fonts)
    hint = f"cut about {chars} characters" + (f" or use {bigger}" if bigger else "")
    why = f" (what a reader {layout.read_from:g} m away needs)" if layout.read_from else ""
    return BulletinError(
        f"{names}: {lines} lines too long for one page at the smallest size {size:g}pt{why}",
        hint)


def _bigger_poster(issue: Issue, layout: Layout, fonts: FontSession) -> str | None:
    """The smallest bundled poster or board, larger than ``layout``, that takes the
    issue on one page (the largest one if none does), tried in the build's ``fonts``."""
    area = layout.page_width * layout.page_height
    options = []
    for name, path in bundled_layouts().items():
        if name == layout.name or not name.startswith(("poster", "board")):
            continue
        other = load_layout(path)
        other_area = other.page_width * other.page_height
        if other.fit and other_area > area * 1.05:
            options.append((other_area, name, other))
    for _, name, other in sorted(options, key=lambda o: o[0]):
        try:
            if len(make_up_at(issue, other, other.fit[0], fonts).pages) == 1:
                return name
        except BulletinError:
            continue
    return max(options, key=lambda o: o[0])[1] if options else None


def make_up_at(issue: Issue, layout: Layout, size: float, fonts: FontSession) -> Document:
    """The issue in ``layout`` with its body at ``size``: panels for a board."""
    scaled = layout.scaled(size / layout.body.size)
    if layout.furniture.panels:
        from .board import flow_board

        return flow_board(issue, replace(scaled, fit=(size, size)), fonts)
    return NewsletterFlow(issue, scaled, fonts).build()
