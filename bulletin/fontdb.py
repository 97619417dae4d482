"""Font faces: metrics for the typesetter, files for the renderer.

A face is read once with fontTools (cmap, advances; ink boxes lazily, per
character, since a paragraph touches a few hundred of the ~10,000 glyphs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from .errors import BulletinError
from .resources import data_dir


@dataclass(eq=False)
class FontFace:
    """One face of one font file; implements ``bulletin.typeset.Face``."""

    name: str
    path: Path
    index: int = 0
    _font: TTFont = field(init=False, repr=False)
    _cmap: dict[int, str] = field(init=False, repr=False)
    _upm: float = field(init=False, repr=False)
    _ink: dict[str, tuple[float, float, float, float] | None] = field(
        init=False, repr=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        try:
            self._font = TTFont(str(self.path), fontNumber=self.index, lazy=True)
            self._cmap = self._font.getBestCmap() or {}
        except Exception as exc:  # fontTools raises many kinds on a bad file
            raise BulletinError(
                f"cannot read font {self.path}: {exc}", "give a TrueType/OpenType font file"
            ) from None
        self._upm = float(self._font["head"].unitsPerEm)
        self._hmtx = self._font["hmtx"]
        self._advance: dict[str, float] = {}

    def has(self, ch: str) -> bool:
        return ord(ch) in self._cmap

    def advance(self, ch: str) -> float:
        adv = self._advance.get(ch)
        if adv is None:
            glyph = self._cmap.get(ord(ch), ".notdef")
            adv = self._hmtx[glyph][0] / self._upm
            self._advance[ch] = adv
        return adv

    def ink(self, ch: str) -> tuple[float, float, float, float] | None:
        if ch not in self._ink:
            glyph_set = self._font.getGlyphSet()
            pen = BoundsPen(glyph_set)
            glyph_set[self._cmap.get(ord(ch), ".notdef")].draw(pen)
            b = pen.bounds
            self._ink[ch] = None if b is None else tuple(v / self._upm for v in b)
        return self._ink[ch]

    @property
    def ascent(self) -> float:
        return self._font["hhea"].ascent / self._upm

    @property
    def descent(self) -> float:
        return self._font["hhea"].descent / self._upm

    @property
    def family(self) -> str:
        return self._font["name"].getDebugName(1) or self.name

    @property
    def font(self) -> TTFont:
        return self._font


# Bundled faces: role name in layouts → file in fonts/.
BUNDLED = {
    "serif": "NotoSerifSC-Regular.ttf",
    "serif-bold": "NotoSerifSC-Bold.ttf",
    "sans": "NotoSansSC-Regular.ttf",
    "sans-bold": "NotoSansSC-Bold.ttf",
    "kai": "LXGWWenKai-Regular.ttf",
}


@cache
def bundled_face(name: str) -> FontFace:
    """A bundled face by its short name (``serif``, ``sans-bold``, ``kai`` …)."""
    if name not in BUNDLED:
        raise BulletinError(
            f"unknown font {name!r}", "bundled fonts are " + ", ".join(sorted(BUNDLED))
        )
    path = data_dir("fonts") / BUNDLED[name]
    if not path.exists():
        raise BulletinError(f"bundled font file missing: {path.name}", "reinstall bulletin")
    return FontFace(name, path)
