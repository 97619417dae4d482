"""Small fonts made for a test: the one property under test, nothing else."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen


def build_font(path: Path, cmap: dict[int, str], *, upm: int = 1000,
               advances: dict[str, int] | None = None, cff: bool = False,
               family: str = "Test") -> Path:
    """A font mapping ``cmap``'s characters to glyphs of one square-ish outline, each
    ``advances[name]`` wide (else a full em): TrueType outlines, or CFF with ``cff``."""
    names = [".notdef", *sorted(set(cmap.values()))]
    advances = advances or {}
    width = {name: advances.get(name, upm) for name in names}
    builder = FontBuilder(upm, isTTF=not cff)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(cmap)
    corners = [(0, 0), (upm // 2, 0), (upm // 2, upm * 7 // 10)]
    if cff:
        charstrings = {}
        for name in names:
            pen = T2CharStringPen(width[name], None)
            _draw(pen, corners)
            charstrings[name] = pen.getCharString()
        builder.setupCFF(family, {"FullName": f"{family} Regular"}, charstrings, {})
    else:
        pen = TTGlyphPen(None)
        _draw(pen, corners)
        glyph = pen.glyph()
        builder.setupGlyf({name: glyph for name in names})
    builder.setupHorizontalMetrics({name: (width[name], 0) for name in names})
    builder.setupHorizontalHeader(ascent=upm * 88 // 100, descent=-(upm * 12 // 100))
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path


def _draw(pen, corners: list[tuple[int, int]]) -> None:
    pen.moveTo(corners[0])
    for point in corners[1:]:
        pen.lineTo(point)
    pen.closePath()
