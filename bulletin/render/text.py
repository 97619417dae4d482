"""A typeset line as few PDF text operators as possible, every glyph exactly where the
typesetter put it.

Glyphs that follow one another on one baseline in one font, size and horizontal scale
are one ``TJ`` array: their codes, with a position adjustment before each glyph that
does not stand where the one before it ended (justification, punctuation squeezed,
the gap between Han and Latin). Drawing glyph by glyph (a text matrix and a ``Tj``
each) made the content stream three times as long and cost half a build's time in
ReportLab's per-call text machinery.

PDF moves the pen after a glyph by tx = (w0 − Tj/1000) × Tfs × Th (w0 the glyph's
width from the font's ``/W``, Tj the adjustment, Tfs the font size, Th the
horizontal scale; no character or word spacing: we never set ``Tc``/``Tw``). So the
adjustment that brings the pen from where it is to the glyph's x is
Tj = −dx × 1000 / (Tfs × Th); it is rounded to ``DECIMALS`` and the pen follows the
rounded value, so rounding never adds up along a line.

Each face is one Type0 font with Identity-H encoding (``cidfont``): a glyph's code is
its 2-byte glyph ID, ``<gggg>``, so a font changes (``Tf``) only where the face or the
size does; the font notes every glyph shown, for its ToUnicode map.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import PDFDocument

from ..typeset.model import Glyph
from .cidfont import IdentityFont

# Adjustments in thousandths of an em: 3 decimals put a glyph within
# 0.0005/1000 × Tfs × Th of its place (0.0004 pt for 400 pt type stretched 2×).
DECIMALS = 3
ADJUST_UNITS = 10**DECIMALS
# Text matrix origins: 4 decimals (fp_str keeps 7 digits: only 0.01 pt on a long page).
ORIGIN_DECIMALS = 4


def _units(count: int) -> str:
    """``count`` × 10^-DECIMALS as a PDF number, as short as it can be: ``-.25`` for
    -250 (``_num`` of it, made from the integer: this runs for most glyphs)."""
    whole, part = divmod(abs(count), ADJUST_UNITS)
    sign = "-" if count < 0 else ""
    if not part:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{str(part).zfill(DECIMALS).rstrip('0')}"


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

    ``faces`` maps each face name of the typeset glyphs to the font it is drawn with
    (registered with ReportLab for ``doc``) and its text render mode (2: fill and
    stroke, synthetic bold). Each line starts in the page's text state (the caller
    wraps it in q … Q): Tz 100, Tr 0; its first glyph sets the font."""

    def __init__(self, doc: PDFDocument, faces: Mapping[str, tuple[IdentityFont, int]]) -> None:
        self._doc = doc
        self._faces = faces
        self.stroked = frozenset(face for face, (_, mode) in faces.items() if mode == 2)
        # (font name, character) → its codes: (hex glyph ID, width in /W units) a code point
        self._codes: dict[tuple[str, str], tuple[tuple[str, float], ...]] = {}
        self._fonts: dict[tuple[str, float], str] = {}  # (font name, size) → its Tf operator

    def _pieces(self, font: IdentityFont, char: str) -> tuple[tuple[str, float], ...]:
        """The codes ``char`` is shown with (noted by the font as shown, once)."""
        pieces = self._codes[(font.fontName, char)] = tuple(font.code(c) for c in char)
        return pieces

    def _tf(self, font: IdentityFont, size: float) -> str:
        """The operator that selects ``font`` at ``size``."""
        key = (font.fontName, size)
        op = self._fonts.get(key)
        if op is None:
            op = self._fonts[key] = f"{font.internal_name(self._doc)} {fp_str(size)} Tf"
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
        tf_name, tf_size = "", 0.0  # the Tf in force (font name, size): none yet
        scale = 1.0  # Th
        mode = 0  # Tr
        pen: float | None = None  # the pen along the frame's x; None: set a text matrix
        base = 0.0  # the frame y of the run in progress
        array: list[str] = []  # the TJ array in progress
        codes: list[str] = []  # its string in progress (hex codes)
        known = self._codes
        face = name = ""
        font: IdentityFont  # set by the first glyph (its face differs from "")

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
                font, want = self._faces[face]
                name = font.fontName
                if want != mode:
                    flush()
                    mode = want
                    emit(f"{mode} Tr")
            if g.hscale != scale:
                flush()
                scale = g.hscale
                emit(f"{fp_str(scale * 100)} Tz")
            size = g.size
            pieces = known.get((name, g.char)) or self._pieces(font, g.char)
            if name != tf_name or size != tf_size:
                flush()
                tf_name, tf_size = name, size
                emit(self._tf(font, size))
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
                codes.extend(code for code, _width in pieces)
                flush()
                continue
            if pen is None or g.y != base:
                flush()
                px, py = (x + g.y, y - g.x) if vertical else (x + g.x, y + g.y)
                emit(f"{frame} {_num(px, ORIGIN_DECIMALS)} {_num(py, ORIGIN_DECIMALS)} Tm")
                pen, base = g.x, g.y
            step = size * scale / 1000  # pt per thousandth of an em
            # The adjustment in units of 10^-DECIMALS of a thousandth of an em, a whole
            # number (round to an integer is quick; round to 3 places is not).
            adjust = round((pen - g.x) / step * ADJUST_UNITS)
            if adjust:
                if codes:
                    array.append("<" + "".join(codes) + ">")
                    codes.clear()
                array.append(_units(adjust))
                pen -= adjust / ADJUST_UNITS * step
            for code, width in pieces:
                codes.append(code)
                pen += width * step
        flush()
        return " ".join(out)
