"""Chinese line composition: styled runs → positioned lines (pure, metrics only)."""

from .compose import ALIGNS, compose
from .model import Bar, Block, Face, Glyph, Line, MissingGlyph, Rules, Run

__all__ = [
    "ALIGNS", "Bar", "Block", "Face", "Glyph", "Line", "MissingGlyph", "Rules", "Run", "compose",
]
