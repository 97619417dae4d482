"""The typesetter's typed interface: runs of styled text in, positioned lines out.

Nothing here draws. A ``Face`` is anything that can answer metric questions
about a font (advance and ink extent, in em); the font stage supplies real ones
read with fontTools, tests may supply synthetic ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class Face(Protocol):
    """Metrics of one font face, in em units (1.0 = the font size)."""

    name: str  # the key the renderer uses to find the registered font

    def has(self, ch: str) -> bool: ...

    def advance(self, ch: str) -> float: ...

    def ink(self, ch: str) -> tuple[float, float, float, float] | None:
        """Ink box (x0, y0, x1, y1) of the glyph, in em; None for a blank glyph."""
        ...


@dataclass(frozen=True)
class Run:
    """Characters in one style. ``faces`` is a fallback chain, tried in order."""

    text: str
    faces: tuple[Face, ...]
    size: float  # pt
    emphasis: bool = False  # 着重号 under each character (not punctuation)
    source: str = ""  # where the text came from, for error messages


@dataclass(frozen=True)
class Rules:
    """Layout-wide composition rules."""

    kinsoku: str = "basic"  # basic | gb | strict
    punctuation: str = "full"  # full (全角) | kaiming (开明) | half (半角) | hanging (标点悬挂)
    latin_gap: float = 0.25  # em between Han and Latin/digits
    min_last_line: int = 2  # characters (not punctuation) on a paragraph's last line
    vertical: bool = False  # 竖排: lines are columns, read top to bottom (see ``vertical``)
    # 纵中横: in vertical lines a number of 2 to this many characters (52, 2.5) stands
    # across the column in one cell; 0: none does.
    figures_across: int = 3
    long_figures: str = "upright"  # longer ones (1921): upright, a cell each | turned (90°)


@dataclass(frozen=True)
class Glyph:
    """One character drawn at ``x`` (pt from the line's left edge) on the baseline.

    A vertical line is set in a frame of its own, as if it were horizontal (x down the
    column, y across it, see ``Line.vertical``): there a character standing upright is
    turned (``angle`` 90) and raised (``y``) to the column's middle."""

    char: str
    face: str
    size: float
    x: float
    hscale: float = 1.0  # horizontal scale, for dashes stretched to a full cell
    y: float = 0.0  # pt above the baseline
    angle: float = 0.0  # degrees, counter-clockwise about the glyph's origin


@dataclass(frozen=True)
class Bar:
    """A filled bar relative to the line's left edge and baseline (joins ——)."""

    x0: float
    x1: float
    y0: float
    y1: float


@dataclass(frozen=True)
class Line:
    glyphs: tuple[Glyph, ...]
    width: float  # the measure the line was set to
    right: float  # x of the right edge of the last cell (ink edge for line-end marks)
    size: float  # largest font size in the line
    dots: tuple[tuple[float, float], ...] = ()  # 着重号: (x centre, size) per character
    bars: tuple[Bar, ...] = ()
    # 竖排: a column, read top to bottom. Its frame (x down the column from its top, y
    # to the right, the baseline of turned Latin 0.38 em left of the column's middle) is
    # turned a quarter clockwise on the page; its 着重号 stand right of the characters.
    vertical: bool = False

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)


@dataclass(frozen=True)
class Block:
    """A typeset paragraph: its lines, top to bottom."""

    lines: tuple[Line, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


class MissingGlyph(Exception):
    """No face in a run's chain has this character."""

    def __init__(self, char: str, source: str) -> None:
        self.char = char
        self.source = source
        super().__init__(f"U+{ord(char):04X} {char!r} in {source or 'text'}")
