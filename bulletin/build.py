"""The pipeline, end to end: content → style → (typeset inside) flow → render → export."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .content import load_issue
from .content.model import Issue
from .content.pictures import EMAIL, PRINT, PhotoTarget
from .errors import BulletinError
from .export import check_target, write_atomic
from .flow.model import Document
from .flow.newsletter import flow_newsletter
from .flow.poster import flow_poster, pick_article
from .flow.vertical import flow_written, is_written
from .fontstage import FontSession, embed, open_fonts
from .fontstage.report import all_missing
from .i18n import Text, t
from .render import render_pdf
from .render.marks import MIN_INSET, PrintMarks
from .resources import data_dir
from .style.layout import Layout, find_layout, load_layout
from .style.units import MM
from .style.words import key

DEFAULT_LAYOUT = "newsletter-a4"
EMAIL_WARN_BYTES = 10_000_000  # what mixed mail providers accept as an attachment
EXAMPLE = "changyang.yaml"


def example_content() -> Path:
    return data_dir("content") / EXAMPLE


def choose_layout(issue: Issue | None, option: str | None, folder: Path | None) -> Path:
    """The layout file: ``--layout`` wins, then the issue's ``layout:``, then the default.
    A wrong ``layout:`` in the content file is reported where it is written."""
    if option or issue is None or issue.layout is None:
        return find_layout(option or DEFAULT_LAYOUT, folder)
    try:
        return find_layout(issue.layout, folder)
    except BulletinError as e:
        where = issue.layout_where
        if where is None:
            raise
        raise BulletinError(e.message, e.hint, where.file, where.line, where.col) from None


def omitted(issue: Issue, layout: Layout) -> list[Text]:
    """A warning for each field the author filled that the layout leaves out on purpose
    (its 'omit:'): nothing the author wrote vanishes without a word."""
    warnings = []
    for name in layout.omit:
        values = [getattr(issue.masthead, name, None)]
        values += [getattr(article, name, None) for article in issue.articles]
        for value in values:
            if value:
                text = getattr(value, "plain", value)
                warnings.append(t("layout {layout} leaves out the {field} ('{text}'): it is "
                                  "not printed; choose another layout to print it",
                                  layout=layout.name, field=key(name, "omit"),
                                  text=str(text)[:20]))
                break
    return warnings


def check_print_margins(layout: Layout) -> None:
    """Text must stand at least 5 mm inside the trim, or the cutter may touch it."""
    sides = {"top": layout.margin_top, "right": layout.margin_right,
             "bottom": layout.margin_bottom, "left": layout.margin_left}
    for side, margin in sides.items():
        if margin < MIN_INSET - 1e-6:
            raise BulletinError(
                t("layout {layout}: the {side} margin is {mm} mm, too close to the trim for "
                  "print", layout=layout.name, side=key(side, "margin"),
                  mm=format(margin / MM, ".1f")),
                t("make every margin at least 5mm for --print"))


def make_up(issue: Issue, layout: Layout, fonts: FontSession) -> Document:
    """The flow the layout asks for: boxed panels, a one-page poster, or a newsletter;
    vertical pages (竖排) are any of these made up on the page turned on its side.
    ``fonts`` is the build's font session: every text is set in its faces, and the
    document's table of faces is its."""
    if is_written(issue, layout):
        return flow_written(issue, layout, fonts, make_up)
    if layout.furniture.panels:
        from .flow.board import flow_board  # boards only: a newsletter build skips it

        return flow_board(issue, layout, fonts)
    if layout.fit:
        return flow_poster(issue, layout, fonts)
    return flow_newsletter(issue, layout, fonts)


def build(
    content: Path, output: Path, layout: str | None = None, article: int | None = None,
    *, allow_fallback: bool = False, for_print: bool = False, email: bool = False,
    photo_ppi: int | None = None,
) -> list[Text]:
    """Build ``content`` into ``output``; the file appears only if all went well.

    Returns the warnings for the user (a soft photo …): the PDF is made all the same.
    ``article`` (1-based) sets just that article, as for a poster.
    ``allow_fallback`` draws a character no layout font has from any installed font.
    ``for_print`` makes print-shop output: bleed, crop marks, TrimBox/BleedBox, CMYK.
    ``email`` makes the e-mail edition instead: photos at most 150 ppi at their placed
    size and JPEG quality for screens (fonts and metadata as always).
    ``photo_ppi`` caps the print edition's photos (default 300 ppi; e-mail: at most 150).
    """
    check_target(Path(output))  # before the work, not only after it
    pdf, notes, _ = make(content, layout, article, allow_fallback=allow_fallback,
                         for_print=for_print, email=email, photo_ppi=photo_ppi)
    write_atomic(output, pdf)
    return notes


def make(
    content: Path, layout: str | None = None, article: int | None = None,
    *, allow_fallback: bool = False, for_print: bool = False, email: bool = False,
    photo_ppi: int | None = None,
) -> tuple[bytes, list[Text], Document]:
    """Everything a build does but write the file (``build`` for the arguments): the
    PDF's bytes, the warnings and the made-up document. ``bulletin check`` is this."""
    if email and for_print:
        raise BulletinError(t("the e-mail edition and the print edition are different files"),
                            t("build one with --email and the other with --print"))
    issue = pick_article(load_issue(content), article)
    style = load_layout(choose_layout(issue, layout, Path(content).parent))
    photos = _photo_target(email, photo_ppi or style.photo_ppi)
    marks = PrintMarks() if for_print else None
    if marks:
        check_print_margins(style)
    fonts = open_fonts(style, content=Path(content), issue=issue, allow_fallback=allow_fallback,
                       warn=lambda _message: None)
    missing = all_missing(fonts, issue)
    if missing is not None:
        raise missing
    document = make_up(issue, style, fonts)
    pdf = render_pdf(document, embed(document, fonts), marks, photos, session=fonts)
    notes: list[Text] = [*issue.warnings, *style.warnings, *omitted(issue, style),
                         *fonts.warnings, *document.warnings]
    if email and len(pdf) > EMAIL_WARN_BYTES:
        notes.append(t("the e-mail edition is {size} MB, more than the {most} MB some mail "
                       "providers accept: send a link to it instead, or use fewer or smaller "
                       "photos", size=format(len(pdf) / 1e6, ".1f"),
                       most=EMAIL_WARN_BYTES // 1_000_000))
    return pdf, notes, document


def _photo_target(email: bool, ppi: int | None) -> PhotoTarget:
    """The edition's photo resolution: print's ``ppi`` (the layout's, when it has one),
    e-mail's never finer than 150 ppi."""
    base = EMAIL if email else PRINT
    if ppi is None:
        return base
    if ppi < 1:
        raise BulletinError(t("photos at {ppi} pixels per inch cannot be drawn", ppi=ppi),
                            t("give at least 72 (300 for print)"))
    return replace(base, ppi=min(ppi, base.ppi) if email else ppi)
