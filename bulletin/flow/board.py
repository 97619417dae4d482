"""A landscape notice board (宣传栏): several articles as boxed panels side by side.

The page's columns are shared out among the articles by their length, each
article is made up in its panel by the newsletter flow, and the type of all
panels is scaled together (the poster fit) until the longest panel just fills
its box.
"""

from __future__ import annotations

from dataclasses import replace

from ..content.model import Issue
from ..errors import BulletinError
from ..style.layout import Layout
from .model import Document, Rule
from .newsletter import NewsletterFlow
from .poster import STEP

PANEL_GAP = 2.0  # body characters between panels
FRAME = 0.8  # pt, the panels' frame line


def flow_board(issue: Issue, layout: Layout) -> Document:
    low, high = layout.fit or (layout.body.size, layout.body.size)
    base = layout.body.size
    best = None
    lo, hi = round(low / STEP), round(high / STEP)
    while lo <= hi:
        mid = (lo + hi) // 2
        document = _attempt(issue, layout.scaled(mid * STEP / base))
        if document is not None:
            best, lo = document, mid + 1
        else:
            hi = mid - 1
    if best is None:
        raise BulletinError(
            f"the articles do not fit in their panels at the smallest size {low:g}pt",
            "cut the longest article, or set fewer articles on this board (--article N)")
    return best


def _shares(issue: Issue, slots: int) -> list[int]:
    """Columns per article, by length (largest remainder), at least one each."""
    if len(issue.articles) > slots:
        raise BulletinError(f"{len(issue.articles)} articles for a board of {slots} columns",
                            "choose fewer articles (--article N) or a layout with more columns")
    lengths = [sum(len(b.text.plain) if hasattr(b, "text") else 0 for b in a.body) + 1
               for a in issue.articles]
    total = sum(lengths)
    raw = [1 + (slots - len(lengths)) * n / total for n in lengths]
    shares = [int(r) for r in raw]
    for k in sorted(range(len(raw)), key=lambda k: raw[k] - shares[k], reverse=True):
        if sum(shares) >= slots:
            break
        shares[k] += 1
    return shares


def _attempt(issue: Issue, layout: Layout) -> Document | None:
    """The board at this scale, or None if a panel runs over its box."""
    head = NewsletterFlow(replace(issue, articles=()), layout)
    document = head.build()
    page = document.pages[0]
    grid = head.grid
    top_row = head.row
    gap = PANEL_GAP * layout.body.size
    shares = _shares(issue, grid.columns)
    unit = (grid.width - gap * (len(shares) - 1)) / sum(shares)
    x = grid.left
    outline = []
    colophon_rows = 2 if layout.furniture.colophon else 0
    bottom = grid.row_top(grid.rows - colophon_rows) - layout.body.size * 0.2
    for article, share in zip(issue.articles, shares, strict=True):
        width = unit * share
        panel = _panel_layout(layout, x, width, grid.row_top(top_row), bottom, share)
        flow = NewsletterFlow(replace(issue, articles=(article,)), panel)
        panel_doc = flow.build()
        if len(panel_doc.pages) > 1:
            return None
        items = panel_doc.pages[0].items
        page.items.extend(items)
        top = grid.row_top(top_row) + layout.body.size * 0.5
        page.items.extend(_frame(x, top, x + width, bottom, layout.colors["red"]))
        outline.extend((title, 0, y) for title, _, y in panel_doc.outline)
        x += width + gap
    return Document([page], document.title, document.author, document.subject, outline,
                    document.warnings)


def _panel_layout(
    layout: Layout, x: float, width: float, top_y: float, bottom_y: float, columns: int
) -> Layout:
    """A layout whose text area is one panel of the board (a frame's padding inside)."""
    pad = layout.body.size
    furniture = replace(layout.furniture, masthead="none", colophon=False, folio="none",
                        running_head=False, jump_lines=False)
    return replace(
        layout, columns=columns, furniture=furniture,
        margin_left=x + pad, margin_right=layout.page_width - (x + width) + pad,
        margin_top=layout.page_height - top_y + pad, margin_bottom=bottom_y + pad,
    )


def _frame(x0: float, y0: float, x1: float, y1: float, color: str) -> list[Rule]:
    return [Rule(x0, y0, x1, y0, FRAME, color), Rule(x1, y0, x1, y1, FRAME, color),
            Rule(x1, y1, x0, y1, FRAME, color), Rule(x0, y1, x0, y0, FRAME, color)]

