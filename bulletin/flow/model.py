"""The flow stage's output: pages of positioned things, ready to draw.

Coordinates are PDF points with the origin at the page's bottom-left corner;
a ``TextLine`` is a typeset line whose left edge and baseline sit at (x, y).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..typeset import Line


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
    warnings: list[str] = field(default_factory=list)  # for the user; the build goes on
