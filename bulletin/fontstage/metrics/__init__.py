"""Metrics: what the typesetter needs of a font, and nothing else.

Advance widths, ink boxes and coverage (``has``) of each face, read once and kept in
the disk cache; the synthetic bold of a face without a bold cut; the vertical forms of
a face for 竖排. This is the one part of the font stage that ``typeset/`` and ``flow/``
may import: finding fonts (``discovery``) and writing them into the PDF (``embedding``)
are not their business. ``Fonts`` is what the flow asks of a build's fonts; the
session (``discovery.session.FontSession``) is the one implementation.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Protocol

from .faces import (
    BUNDLED,
    EmboldenedFace,
    Face,
    FontFace,
    bundled_face,
    emboldened,
    open_face,
)
from .vertical import forms_face

if TYPE_CHECKING:
    from ...content.model import Span, Text
    from ...errors import BulletinError
    from ...i18n import Text as Said
    from ...style.layout import Style


class Fonts(Protocol):
    """A build's fonts as the flow sees them: the faces for a span, vertical forms,
    the error for a character no face has, and the table of faces handed out."""

    allow_fallback: bool
    faces: dict[str, Face]  # by the name glyphs carry: for the embedding and the renderer
    warnings: list[Said]
    paragraphs: dict[Hashable, Any]  # the paragraphs this build has set (flow/setting.py)

    def run_faces(self, style: Style, span: Span, text: Text) -> tuple[Face, ...]: ...

    def forms(self, face: Face) -> Face | None: ...

    def missing_glyph(self, char: str, text: Text,
                      style: Style | None = None) -> BulletinError: ...


__all__ = [
    "BUNDLED", "EmboldenedFace", "Face", "FontFace", "Fonts", "bundled_face", "emboldened",
    "forms_face", "open_face",
]
