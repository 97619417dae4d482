"""The pipeline, end to end: content → style → (typeset inside) flow → render → export."""

from __future__ import annotations

from pathlib import Path

from .content import load_issue
from .export import write_atomic
from .flow.newsletter import flow_newsletter
from .fontstage import embed, font_session
from .render import render_pdf
from .resources import data_dir
from .style.layout import find_layout, load_layout

DEFAULT_LAYOUT = "newsletter-a4"
EXAMPLE = "changyang.yaml"


def example_content() -> Path:
    return data_dir("content") / EXAMPLE


def build(
    content: Path, output: Path, layout: str | None = None, *, allow_fallback: bool = False
) -> list[str]:
    """Build ``content`` into ``output``; the file appears only if all went well.

    Returns the warnings for the user (a soft photo …): the PDF is made all the same.
    ``allow_fallback`` draws a character no layout font has from any installed font.
    """
    issue = load_issue(content)
    spec = layout or issue.layout or DEFAULT_LAYOUT
    style = load_layout(find_layout(spec, Path(content).parent))
    with font_session(style, content=Path(content), issue=issue, allow_fallback=allow_fallback,
                      warn=lambda _message: None) as fonts:
        document = flow_newsletter(issue, style)
        pdf = render_pdf(document, embed(document))
    write_atomic(output, pdf)
    return fonts.warnings + document.warnings
