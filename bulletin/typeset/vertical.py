"""Vertical text (竖排): the same composition, on the metrics of a column.

A vertical line is composed exactly as a horizontal one (breaks over the paragraph,
line-start and line-end rules, 标点挤压, justification), in a frame of its own: x runs
down the column from its top, y across it, and the renderer turns that frame a quarter
clockwise onto the page. So what this module does is say how each character stands
in a column (``Along``):

- Han characters, kana and full-width forms stand upright, one em down the column.
- A face's vertical forms (the font's ``vert`` glyphs, or its presentation forms,
  given by the font stage) stand as drawn: ``，。、`` in the upper right of their cell,
  brackets, ``《》``, ``——`` and ``……`` turned, quotes as ``﹁﹂﹃﹄``. Their ink, read
  down the column, gives the blank a mark may give up, as across a line.
- Where a font has no vertical form: ``，。、`` are moved into the upper right of the
  cell and ``：；！？`` into its right half (GB/T 15834: 置于字下偏右), ``·`` into its
  middle, anything else is turned 90°.
- Latin words are turned 90° (in the frame they are plain horizontal text); numbers
  of 2 to ``Rules.figures_across`` characters stand across the column in one cell
  (纵中横), longer ones upright a cell a character or turned (``Rules.long_figures``),
  a letter or digit alone upright in its cell (``figure_atom``).

Which faces have vertical forms is the font stage's business: it says so through the
``forms`` argument of ``compose`` (the build's font session's), so the typesetter stays
pure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from .atoms import Atom, _pick_face
from .chars import STOPS, Kind, kind_of
from .model import Face, Glyph, Rules, Run

TOP = 0.88  # em: the ideographic em box's top above the baseline
CENTRE = 0.38  # em: its middle, the column's middle line
CORNER = (0.25, CENTRE + 0.25)  # em: (down, across) the middle of a cell's upper right
CORNER_STOPS = set("，。、．")  # stand in the upper right of their cell
ACROSS = 1.0  # em: what 纵中横 figures may take across the column (compressed to fit)
NUMBER_CHARS = set("0123456789.,:%")
# How a layout or an article may name its direction.
WRITING = {"horizontal": "horizontal", "横排": "horizontal", "vertical": "vertical",
           "竖排": "vertical"}
UPRIGHT, TURNED, IN_CORNER, RIGHT, CENTRED = "upright", "turned", "corner", "right", "centred"

Forms = Callable[[Face], "Face | None"]  # a face → its vertical forms (None: it has none)


class Along:
    """``face`` as a column sees it: advances and ink down the column, and where each
    glyph's origin stands in its cell (``place``), in em. ``forms``: the face is a
    face's vertical forms, whose every glyph stands as drawn."""

    def __init__(self, face: Face, forms: bool = False) -> None:
        self.face = face
        self.forms = forms
        self.name = face.name

    def has(self, ch: str) -> bool:
        return self.face.has(ch)

    def stance(self, ch: str) -> str:
        if self.forms or kind_of(ch) is Kind.HAN:
            return UPRIGHT
        if ch in CORNER_STOPS:
            return IN_CORNER
        if ch in STOPS:
            return RIGHT
        if kind_of(ch) is Kind.MIDDLE:
            return CENTRED
        return TURNED

    def advance(self, ch: str) -> float:
        return self.face.advance(ch) if self.stance(ch) == TURNED else 1.0

    def ink(self, ch: str) -> tuple[float, float, float, float] | None:
        box = self.face.ink(ch)
        if box is None or self.stance(ch) == TURNED:
            return box
        along, rise, _ = self.place(ch)
        x0, y0, x1, y1 = box
        return (along - y1, rise + x0, along - y0, rise + x1)

    def place(self, ch: str) -> tuple[float, float, float]:
        """(down, across, angle): the glyph's origin from its cell's start and the column's
        turned-Latin baseline, and how it is turned in the column's frame."""
        stance = self.stance(ch)
        if stance == TURNED:
            return 0.0, 0.0, 0.0
        along, rise = TOP, CENTRE - self.face.advance(ch) / 2
        box = self.face.ink(ch) if stance != UPRIGHT else None
        if box is not None:
            x0, y0, x1, y1 = box
            across = CENTRE if stance == CENTRED else CORNER[1]
            rise = across - (x0 + x1) / 2
            if stance == IN_CORNER:
                along = CORNER[0] + (y0 + y1) / 2
        return along, rise, 90.0


def vertical_runs(runs: Sequence[Run], forms: Forms | None = None) -> list[Run]:
    """``runs`` with each face seen down a column, its vertical forms (if ``forms``, the
    font stage's, gives any) tried before it."""
    chains: dict[tuple[int, ...], tuple[Face, ...]] = {}  # runs in one chain share it
    out = []
    for run in runs:
        key = tuple(map(id, run.faces))
        chain = chains.get(key)
        if chain is None:
            chain = chains[key] = _along(run.faces, forms)
        out.append(replace(run, faces=chain))
    return out


def _along(faces: tuple[Face, ...], forms: Forms | None) -> tuple[Face, ...]:
    out: list[Face] = []
    for face in faces:
        own = forms(face) if forms is not None else None
        if own is not None:
            out.append(Along(own, forms=True))
        out.append(Along(face))
    return tuple(out)


def figure_atom(text: str, run: Run, rules: Rules) -> Atom | None:
    """A Latin word or number of a vertical line that stands upright: a letter or digit
    alone in its cell; a number of 2 to ``rules.figures_across`` characters across the
    column in one cell (纵中横), compressed to fit; a longer one a cell a character if
    ``rules.long_figures`` is upright. None: it is turned 90° like any Latin word."""
    number = text[0].isdigit() and set(text) <= NUMBER_CHARS
    if len(text) == 1 and text.isalnum():
        return _stacked(text, run)
    if number and len(text) <= rules.figures_across:
        return _across(text, run)
    if number and rules.long_figures == "upright":
        return _stacked(text, run)
    return None


def _across(text: str, run: Run) -> Atom:
    size = run.size
    faces = [_pick_face(ch, run) for ch in text]
    widths = [face.advance(ch) for face, ch in zip(faces, text, strict=True)]
    scale = min(1.0, ACROSS / sum(widths))
    x = CENTRE - sum(widths) * scale / 2
    glyphs = []
    for face, ch, width in zip(faces, text, widths, strict=True):
        glyphs.append(Glyph(ch, face.name, size, TOP * size, scale, x * size, 90.0))
        x += width * scale
    return Atom(text, Kind.LATIN, size, core=size, glyphs=glyphs, emphasis=run.emphasis,
                upright=True)


def _stacked(text: str, run: Run) -> Atom:
    size = run.size
    glyphs = []
    for k, ch in enumerate(text):
        face = _pick_face(ch, run)
        rise = CENTRE - face.advance(ch) / 2
        glyphs.append(Glyph(ch, face.name, size, (k + TOP) * size, 1.0, rise * size, 90.0))
    return Atom(text, Kind.LATIN, size, core=len(text) * size, glyphs=glyphs,
                emphasis=run.emphasis, upright=True)
