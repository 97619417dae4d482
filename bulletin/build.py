"""The pipeline, end to end: content → style → (typeset inside) flow → render → export."""

from __future__ import annotations

from pathlib import Path

from .content import load_issue
from .content.model import Issue
from .export import write_atomic
from .flow.board import flow_board
from .flow.model import Document
from .flow.newsletter import flow_newsletter
from .flow.poster import flow_poster, pick_article
from .fontstage import embed, font_session
from .render import render_pdf
from .resources import data_dir
from .style.layout import Layout, find_layout, load_layout

DEFAULT_LAYOUT = "newsletter-a4"
EXAMPLE = "changyang.yaml"


def example_content() -> Path:
    return data_dir("content") / EXAMPLE


def make_up(issue: Issue, layout: Layout) -> Document:
    """The flow the layout asks for: boxed panels, a one-page poster, or a newsletter."""
    if layout.furniture.panels:
        return flow_board(issue, layout)
    if layout.fit:
        return flow_poster(issue, layout)
    return flow_newsletter(issue, layout)


def build(
    content: Path, output: Path, layout: str | None = None, article: int | None = None,
    *, allow_fallback: bool = False,
) -> list[str]:
    """Build ``content`` into ``output``; the file appears only if all went well.

    Returns the warnings for the user (a soft photo …): the PDF is made all the same.
    ``article`` (1-based) sets just that article, as for a poster.
    ``allow_fallback`` draws a character no layout font has from any installed font.
    """
    issue = pick_article(load_issue(content), article)
    spec = layout or issue.layout or DEFAULT_LAYOUT
    style = load_layout(find_layout(spec, Path(content).parent))
    with font_session(style, content=Path(content), issue=issue, allow_fallback=allow_fallback,
                      warn=lambda _message: None) as fonts:
        document = make_up(issue, style)
        pdf = render_pdf(document, embed(document))
    write_atomic(output, pdf)
    return fonts.warnings + document.warnings
