"""The font stage: the layout's font roles → faces (metrics for the typesetter) → small
TrueType subsets for the renderer.

Fonts are found by path or by name (English or Chinese, with weight) in the bundled
``fonts/``, a ``fonts/`` folder next to the content, and the system's font folders;
TTF, OTF (CFF), TTC and OTC all work. Metrics and subsets are cached on disk.
"""

from .cache import CLOCK, cache_dir
from .faces import (
    BUNDLED,
    EmboldenedFace,
    FontFace,
    bundled_face,
    emboldened,
    open_face,
)
from .resolve import FontNotFound, Resolver, system_font_dirs
from .session import FontSession, open_fonts
from .subset import EmbeddedFont, embed, subset_file

__all__ = [
    "BUNDLED", "CLOCK", "EmbeddedFont", "EmboldenedFace", "FontFace", "FontNotFound",
    "FontSession", "Resolver", "bundled_face", "cache_dir", "embed", "emboldened",
    "open_face", "open_fonts", "subset_file", "system_font_dirs",
]
