"""Bridge from content to the typesetter: a ``Text`` in a ``Style`` → typeset lines.

Asks the build's font session (an argument, ``fonts``) for each span's chain of faces
(bold spans take the family's bold faces; with fallback allowed, installed fonts for
characters the chain lacks) and turns a glyph missing from every face into a message
that says where it is: file, line and column, and the article and paragraph.

A poster or board lays the same text out many times while it looks for its size, and
a newsletter sets an article again when it stretches it to a page foot: a paragraph set
once at a size and width is handed out again from the build's own table
(``fonts.paragraphs``, made with the build's font session and dropped with it, so
watch and serve never see another build's paragraphs).
"""

from __future__ import annotations

from ..content.model import Text
from ..fontstage import FontSession
from ..style.layout import Style
from ..typeset import Block, MissingGlyph, Rules, Run, compose

# Display type, read as phrases: its lines break between words (titles, kickers,
# subtitles, headings, banners, mastheads and their taglines, signatures, jump lines, 报尾).
DISPLAY_ROLES = frozenset({"masthead", "tagline", "banner", "kicker", "title", "subtitle",
                           "heading", "signed", "jump", "colophon"})

def runs_for(text: Text, style: Style, fonts: FontSession) -> list[Run]:
    source = str(text.where) if text.where else ""
    return [Run(span.text, fonts.run_faces(style, span, text), style.size, span.emphasis,
                source) for span in text.spans]


def set_text(
    text: Text, style: Style, width: float, rules: Rules, fonts: FontSession,
    indent: float | None = None, align: str | None = None,
) -> Block:
    """Typeset ``text`` at ``width`` (less the style's inset on the left) in the faces
    ``fonts`` gives (vertical lines take their vertical forms from it too)."""
    runs = runs_for(text, style, fonts)  # always: the session warns (once) from here
    measure = width - style.inset
    indent = style.indent if indent is None else indent
    align = align or style.align
    # The runs carry the characters, faces (by identity: the session's), size, emphasis
    # and source; with the measure, rules, indent, alignment, role and the session (its
    # vertical forms) they are all that compose() reads.
    key = (tuple(runs), measure, rules, indent, align, style.name in DISPLAY_ROLES, fonts)
    block = fonts.paragraphs.get(key)
    if block is None:
        block = _compose(runs, measure, rules, indent, align, text, style, fonts)
        fonts.paragraphs[key] = block
    return block


def _compose(runs: list[Run], measure: float, rules: Rules, indent: float, align: str,
             text: Text, style: Style, fonts: FontSession) -> Block:
    try:
        return compose(runs, measure, rules, indent=indent, align=align,
                       display=style.name in DISPLAY_ROLES, forms=fonts.forms)
    except MissingGlyph as e:
        raise fonts.missing_glyph(e.char, text, style) from None
