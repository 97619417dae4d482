"""Posters for the notice board (宣传栏): one page, type scaled to fill it.

All type of the layout is scaled together, on one factor, to the largest body
size within the layout's ``fit`` range at which everything stands on one page;
what is left over is shared above and below, so a short notice sits centred.
Content that does not fit at the smallest size is an error that says by how
much, and which bigger poster would take it.
"""

from __future__ import annotations

from dataclasses import replace

from ..content.model import Issue
from ..errors import BulletinError
from ..style.layout import Layout, bundled_layouts, load_layout
from .model import Document, TextLine
from .newsletter import NewsletterFlow

STEP = 0.25  # pt: body sizes tried are whole quarter points


def pick_article(issue: Issue, number: int | None) -> Issue:
    """The issue reduced to article ``number`` (1-based), for a one-article poster."""
    if number is None:
        return issue
    if not 1 <= number <= len(issue.articles):
        raise BulletinError(f"there is no article {number}",
                            f"this issue has articles 1 to {len(issue.articles)}")
    return replace(issue, articles=(issue.articles[number - 1],))


def flow_poster(issue: Issue, layout: Layout) -> Document:
    low, high = layout.fit or (layout.body.size, layout.body.size)
    base = layout.body.size

    def attempt(size: float, start_row: int = 0) -> tuple[Document, NewsletterFlow]:
        flow = NewsletterFlow(issue, layout.scaled(size / base), start_row)
        return flow.build(), flow

    steps_low, steps_high = round(low / STEP), round(high / STEP)
    document, flow = attempt(steps_low * STEP)
    if len(document.pages) > 1:
        raise _overflow(issue, layout, document, flow, steps_low * STEP)
    best = steps_low
    lo, hi = steps_low + 1, steps_high
    while lo <= hi:  # the largest size that still fits on one page
        mid = (lo + hi) // 2
        if len(attempt(mid * STEP)[0].pages) == 1:
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    document, flow = attempt(best * STEP)
    spare = flow.grid.rows - (2 if layout.furniture.colophon else 0) - flow.row
    if spare >= 2:
        document, _ = attempt(best * STEP, spare // 2)
    return document


def _overflow(issue: Issue, layout: Layout, document: Document, flow: NewsletterFlow,
              size: float) -> BulletinError:
    over = [item for page in document.pages[1:] for item in page.items
            if isinstance(item, TextLine) and item.para is not None]
    lines = len({(round(t.x), round(t.y)) for t in over})
    chars = sum(len(t.line.text) for t in over)
    names = ", ".join(a.title.plain for a in issue.articles)
    bigger = _bigger_poster(layout)
    hint = f"cut about {chars} characters" + (f" or use {bigger}" if bigger else "")
    return BulletinError(
        f"{names}: {lines} lines too long for one page at the smallest size {size:g}pt",
        hint)


def _bigger_poster(layout: Layout) -> str | None:
    """The smallest bundled poster layout with a larger page than ``layout``."""
    area = layout.page_width * layout.page_height
    options = []
    for name, path in bundled_layouts().items():
        if name == layout.name or not name.startswith(("poster", "board")):
            continue
        other = load_layout(path)
        other_area = other.page_width * other.page_height
        if other.fit and other_area > area * 1.05:
            options.append((other_area, name))
    return min(options)[1] if options else None
