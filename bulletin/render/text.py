"""A typeset line as few PDF text operators as possible, every glyph exactly where the
typesetter put it.

Glyphs that follow one another on one baseline in one font, size and horizontal scale
are one ``TJ`` array: their codes, with a position adjustment before each glyph that
does not stand where the one before it ended (justification, punctuation squeezed,
the gap between Han and Latin). Drawing glyph by glyph (a text matrix and a ``Tj``
each) made the content stream three times as long and cost half a build's time in
ReportLab's per-call text machinery.

PDF moves the pen after a glyph by tx = (w0 − Tj/1000) × Tfs × Th (w0 the glyph's
width from the font's ``/Widths``, Tj the adjustment, Tfs the font size, Th the
horizontal scale; no character or word spacing: we never set ``Tc``/``Tw``). So the
adjustment that brings the pen from where it is to the glyph's x is
Tj = −dx × 1000 / (Tfs × Th); it is rounded to ``DECIMALS`` and the pen follows the
rounded value, so rounding never adds up along a line.

Codes come from ReportLab's own subset machinery (``TTFont.splitString``), so the
fonts are subset and embedded, with their ToUnicode maps, exactly as ReportLab does;
a character that falls in another 256-code subset is a ``Tf`` change, as in
ReportLab's ``_formatText``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDocument

from ..typeset.model import Glyph

# Adjustments in thousandths of an em: 3 decimals put a glyph within
# 0.0005/1000 × Tfs × Th of its place (0.0004 pt for 400 pt type stretched 2×).
DECIMALS = 3
# Text matrix origins: 4 decimals (fp_str keeps 7 digits: only 0.01 pt on a long page).
ORIGIN_DECIMALS = 4


def _num(value: float, decimals: int) -> str:
    """A PDF number, as short as it can be: ``12.5``, ``-.25``, ``3``."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    if text.startswith("0."):
        text = text[1:]
    elif text.startswith("-0."):
        text = "-" + text[2:]
    return "0" if text in ("", "-", "-0") else text


class TextWriter:
    """Writes the text of one document's lines, as operators inside a text object.

    ``faces`` maps each face name of the typeset glyphs to the ReportLab font name it is
    registered under and its text render mode (2: fill and stroke, synthetic bold).
    Each line starts in the page's text state (the caller wraps it in q … Q): Tz 100,
    Tr 0; its first glyph sets the font."""

    def __init__(self, doc: PDFDocument, faces: Mapping[str, tuple[str, int]]) -> None:
        self._doc = doc
        self._faces = faces
        # (font name, character) → its pieces: (subset, hex code, width in /Widths units)
        self._codes: dict[tuple[str, str], tuple[tuple[int, str, float], ...]] = {}
        self._fonts: dict[tuple[str, int, float], str] = {}  # → its Tf operator

    def _pieces(self, font: str, char: str) -> tuple[tuple[int, str, float], ...]:
        """The codes ``char`` is shown with, registered in the font's subsets (once)."""
        key = (font, char)
        pieces = self._codes.get(key)
        if pieces is None:
            rl = pdfmetrics.getFont(font)
            made = []
            for subset, codes in rl.splitString(char, self._doc):
                subsets = rl.state[self._doc].subsets  # made by splitString if need be
                for code in codes:
                    # The width exactly as ReportLab writes it into /Widths (fp_str):
                    # the width a reader advances by.
                    width = float(fp_str(rl.face.getCharWidth(subsets[subset][code])))
                    made.append((subset, f"{code:02X}", width))
            pieces = self._codes[key] = tuple(made)
        return pieces

    def _tf(self, font: str, subset: int, size: float) -> str:
        """The operator that selects ``subset`` of ``font`` at ``size``."""
        key = (font, subset, size)
        op = self._fonts.get(key)
        if op is None:
            name = pdfmetrics.getFont(font).getSubsetInternalName(subset, self._doc)
            op = self._fonts[key] = f"{name} {fp_str(size)} Tf"
        return op

    def line(self, glyphs: Sequence[Glyph], x: float, y: float, vertical: bool) -> str:
        """Operators that draw ``glyphs`` of a line whose frame has its origin at (x, y)
        on the page (a vertical line's frame turned a quarter clockwise).

        Glyphs standing in the frame's direction (``angle`` 0: all of a horizontal line,
        the turned Latin of a column) on one baseline share a text matrix, turned with
        the frame, and are shown as ``TJ`` runs along its x. Any other (upright Han in a
        column, a turned mark) gets a text matrix of its own."""
        out: list[str] = []
        emit = out.append
        frame = "0 -1 1 0" if vertical else "1 0 0 1"
        font: tuple[str, int, float] = ("", -1, 0.0)  # the Tf in force: none yet
        scale = 1.0  # Th
        mode = 0  # Tr
        pen: float | None = None  # the pen along the frame's x; None: set a text matrix
        base = 0.0  # the frame y of the run in progress
        array: list[str] = []  # the TJ array in progress
        codes: list[str] = []  # its string in progress (hex codes)
        known = self._codes
        face = name = ""

        def flush() -> None:
            if codes:
                array.append("<" + "".join(codes) + ">")
                codes.clear()
            if array:
                if len(array) == 1 and array[0][0] == "<":
                    emit(array[0] + "Tj")
                else:
                    emit("[" + "".join(array) + "]TJ")
                array.clear()

        for g in glyphs:
            if g.face != face:
                face = g.face
                name, want = self._faces[face]
                if want != mode:
                    flush()
                    mode = want
                    emit(f"{mode} Tr")
            if g.hscale != scale:
                flush()
                scale = g.hscale
                emit(f"{fp_str(scale * 100)} Tz")
            size = g.size
            pieces = known.get((name, g.char)) or self._pieces(name, g.char)
            if g.angle:
                flush()
                pen = None
                angle = g.angle - 90 if vertical else g.angle
                px, py = (x + g.y, y - g.x) if vertical else (x + g.x, y + g.y)
                if angle:
                    cos, sin = (round(f(math.radians(angle)), 12) for f in (math.cos, math.sin))
                    matrix = fp_str(cos, sin, -sin, cos)
                else:
                    matrix = "1 0 0 1"
                emit(f"{matrix} {_num(px, ORIGIN_DECIMALS)} {_num(py, ORIGIN_DECIMALS)} Tm")
                for subset, code, _width in pieces:
                    if font != (name, subset, size):
                        flush()
                        font = (name, subset, size)
                        emit(self._tf(name, subset, size))
                    codes.append(code)
                flush()
                continue
            if pen is None or g.y != base:
                flush()
                px, py = (x + g.y, y - g.x) if vertical else (x + g.x, y + g.y)
                emit(f"{frame} {_num(px, ORIGIN_DECIMALS)} {_num(py, ORIGIN_DECIMALS)} Tm")
                pen, base = g.x, g.y
            step = size * scale / 1000  # pt per thousandth of an em
            first = True
            for subset, code, width in pieces:
                if subset != font[1] or size != font[2] or name != font[0]:
                    flush()
                    font = (name, subset, size)
                    emit(self._tf(name, subset, size))
                if first:
                    first = False
                    adjust = round((pen - g.x) / step, DECIMALS)
                    if adjust:
                        if codes:
                            array.append("<" + "".join(codes) + ">")
                            codes.clear()
                        array.append(_num(adjust, DECIMALS))
                        pen -= adjust * step
                codes.append(code)
                pen += width * step
        flush()
        return " ".join(out)
