"""Compatibility: the font stage moved to ``bulletin.fontstage``."""

from .fontstage.faces import BUNDLED, FontFace, bundled_face

__all__ = ["BUNDLED", "FontFace", "bundled_face"]
