"""Bridge from content to the typesetter: a ``Text`` in a ``Style`` → typeset lines.

Chooses the face chain per span (bold spans take the family's bold face) and
turns a glyph missing from every face into a message that says where it is.
"""

from __future__ import annotations

from ..content.model import Text
from ..errors import BulletinError
from ..fontdb import bundled_face
from ..style.layout import Style
from ..typeset import Block, MissingGlyph, Rules, Run, compose


def runs_for(text: Text, style: Style) -> list[Run]:
    source = str(text.where) if text.where else ""
    runs = []
    for span in text.spans:
        names = style.bold_faces if span.bold else style.faces
        faces = tuple(bundled_face(n) for n in names)
        runs.append(Run(span.text, faces, style.size, span.emphasis, source))
    return runs


def set_text(
    text: Text, style: Style, width: float, rules: Rules, indent: float | None = None,
    align: str | None = None,
) -> Block:
    """Typeset ``text`` at ``width`` (less the style's inset on the left)."""
    measure = width - style.inset
    try:
        return compose(
            runs_for(text, style), measure, rules,
            indent=style.indent if indent is None else indent,
            align=align or style.align,
        )
    except MissingGlyph as e:
        where = text.where
        raise BulletinError(
            f"no font has the character {e.char!r} (U+{ord(e.char):04X})",
            "replace it, or use a layout font that has it",
            where.file if where else None, where.line if where else None,
            where.col if where else None,
        ) from None
