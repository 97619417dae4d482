"""Discovery: which font file a layout's font names mean, for one build.

The catalogue of font folders (``catalogue``: bundled, the user's ``fonts/``, the
system's), names and paths resolved to faces (``resolve``), the last-resort search for
a character no layout font has (``fallback``), and the build's session that ties them
together and says where in the content a character no font has is (``session``).
The faces it hands out are ``metrics`` faces; nothing here writes a PDF.
"""

from .catalogue import system_font_dirs
from .resolve import FontNotFound, Resolver
from .session import FontSession, note_cache_damage, open_fonts

__all__ = [
    "FontNotFound", "FontSession", "Resolver", "note_cache_damage", "open_fonts",
    "system_font_dirs",
]
