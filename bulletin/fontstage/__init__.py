"""The font stage: the layout's font roles → faces (metrics for the typesetter) → small
TrueType subsets for the renderer.

Fonts are found by path or by name (English or Chinese, with weight) in the bundled
``fonts/``, a ``fonts/`` folder next to the content, and the system's font folders;
TTF, OTF (CFF), TTC and OTC all work. Metrics and subsets are cached on disk.

One job per part, each importing only the ones below it:

- ``metrics``: faces as the typesetter measures them (the only part ``typeset/`` and
  ``flow/`` may import);
- ``discovery``: a layout's font names → faces, fallback, the font catalogue, the
  build's session;
- ``embedding``: subsets of the faces a document draws, for the renderer;
- ``report``: what ``bulletin fonts`` prints, and the build's check for characters no
  font has;
- ``cache``: the disk cache all of them (and the photos) keep their work in.

The names below are the stage's public face, for the build, the CLI and the tests.
"""

from .cache import cache_dir
from .discovery import FontNotFound, FontSession, Resolver, open_fonts, system_font_dirs
from .embedding import EmbeddedFont, embed, subset_file
from .metrics import (
    BUNDLED,
    EmboldenedFace,
    FontFace,
    Fonts,
    bundled_face,
    emboldened,
    open_face,
)

__all__ = [
    "BUNDLED", "EmbeddedFont", "EmboldenedFace", "FontFace", "FontNotFound", "FontSession",
    "Fonts", "Resolver", "bundled_face", "cache_dir", "embed", "emboldened", "open_face",
    "open_fonts", "subset_file", "system_font_dirs",
]
