"""The flow stage's output: pages of positioned things, ready to draw.

Coordinates are PDF points with the origin at the page's bottom-left corner;
a ``TextLine`` is a typeset line whose left edge and baseline sit at (x, y).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..i18n import Text as Told
from ..typeset import Face, Line


@dataclass(frozen=True)
class TextLine:
    x: float
    y: float  # baseline
    line: Line
    color: str = "#000000"
    role: str = ""  # the style it was set in (body, heading, jump …)
    # In an article's body: (article, paragraph (-1: not a paragraph), line, lines in it).
    para: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5
    color: str = "#000000"


@dataclass(frozen=True)
class Picture:
    path: Path
    x: float
    y: float
    width: float
    height: float


Item = TextLine | Box | Rule | Picture


@dataclass
class Page:
    width: float
    height: float
    items: list[Item] = field(default_factory=list)


@dataclass
class Document:
    pages: list[Page]
    title: str = ""
    author: str = ""
    subject: str = ""
    outline: list[tuple[str, int, float]] = field(default_factory=list)  # (title, page, y)
    warnings: list[Told] = field(default_factory=list)  # for the user; the build goes on
    # The faces its glyphs name, by that name (the build's font session's table): what
    # the font embedding and the renderer draw with.
    faces: dict[str, Face] = field(default_factory=dict)


EM_BOX_DEPTH = 0.12  # em: the ideographic em box runs from 0.12 em under the baseline
# How far below its baseline a line's ink may reach, in em: 着重号 dots reach 0.375 em
# (the renderer's drop and radius), a little more to be safe.
LINE_DEPTH = 0.4


def item_bottom(item: Item, depth: float = LINE_DEPTH) -> float:
    """The lowest y ``item`` may draw at; for a line, ``depth`` em under its baseline
    (EM_BOX_DEPTH: the foot of its em box, where its glyphs end)."""
    if isinstance(item, TextLine):
        return min([item.y - depth * item.line.size,
                    *(item.y + bar.y0 for bar in item.line.bars)])
    if isinstance(item, Rule):
        return min(item.y0, item.y1) - item.width / 2
    return item.y


def item_top(item: Item) -> float:
    """The highest y ``item`` may draw at (a line: the top of its em box)."""
    if isinstance(item, TextLine):
        return item.y + (1 - EM_BOX_DEPTH) * item.line.size
    if isinstance(item, Rule):
        return max(item.y0, item.y1) + item.width / 2
    return item.y + item.height


def moved_up(item: Item, dy: float) -> Item:
    """``item`` ``dy`` points higher on its page (lower when negative)."""
    if isinstance(item, Rule):
        return replace(item, y0=item.y0 + dy, y1=item.y1 + dy)
    return replace(item, y=item.y + dy)


def trim_page(page: Page, margin: float) -> tuple[Page, float]:
    """``page`` cut short at the foot to what stands on it and ``margin`` under that, and
    how much was cut: a page of height auto is made up tall, then keeps what it needs.
    PDF y counts from the foot, so every item moves down by the cut."""
    if not page.items:
        return page, 0.0
    cut = max(0.0, min(item_bottom(item) for item in page.items) - margin)
    return Page(page.width, page.height - cut, [moved_up(i, -cut) for i in page.items]), cut


def trim_document(document: Document, margin: float) -> Document:
    """Every page of ``document`` trimmed to its content (``trim_page``), the outline's
    places moved with it."""
    pages, cuts = zip(*(trim_page(page, margin) for page in document.pages), strict=True)
    outline = [(title, n, y - cuts[n]) for title, n, y in document.outline]
    return replace(document, pages=list(pages), outline=outline)
