"""Make up vertical pages (竖排): the flows we have, on the page turned a quarter.

A vertical page is read in columns, top to bottom, the columns right to left, and a page
of several 栏 (bands across it) from the top band down. That is a horizontal page's
order, lines left to right and top to bottom, columns left to right, on the page turned
a quarter clockwise. So a vertical layout is made up by the newsletter, poster and board
flows on its page laid on its side (``side_layout``: width and height exchanged, the
right margin at the top), its lines composed as columns (``Rules.vertical``), and every
item is then turned back onto the real page (``upright``). The grid's columns become
bands stacked down the page (``grid: columns`` counts the 栏), its rows the columns read
from the right; the masthead stands down the right edge, the 报尾 at the left, the rules
between columns run across the page. Photos stay upright: they are made up with their
width and height exchanged, so a photo fills a band's height and its caption stands to
its left.

An article may ask for its own direction (``writing:`` in the content); the articles
made up together must agree, and their direction wins over the layout's.

A horizontal layout may stand its headlines vertically (``writing: {title: vertical}``):
``SideHeadFlow`` sets each article's 栏目, 引题, 主题 and 副题 as columns at the right of
its text, which takes the rest of the page's width.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..content.model import Article, Image, Issue
from ..errors import BulletinError
from ..fontstage import FontSession
from ..i18n import t
from ..style.layout import Layout, Style
from ..style.words import direction_word, in_turn, listing
from ..typeset import Line
from ..typeset.vertical import CENTRE
from .model import Box, Document, Item, Page, Picture, Rule, TextLine, trim_document
from .newsletter import BANNER_PAD, NewsletterFlow, PageTooSmall
from .poster import largest_size
from .setting import set_text
from .units import UNBOUNDED, Unit

HEAD_GAP = 1.0  # body characters between the headline's columns and the text
HEAD_SHARE = 0.75  # of the text's height: the longest a headline column may be


def is_written(issue: Issue, layout: Layout) -> bool:
    """Does the layout or an article ask for vertical text (``flow_written``)?"""
    return ("vertical" in (layout.writing, layout.title_writing)
            or any(article.writing for article in issue.articles))


def flow_written(issue: Issue, layout: Layout, fonts: FontSession,
                 make_up: Callable[[Issue, Layout, FontSession], Document]) -> Document:
    """``issue`` made up by ``make_up`` (the flow dispatch) in the direction its articles
    ask for, else the layout's; a vertical one on the page laid on its side."""
    wanted = {article.writing for article in issue.articles if article.writing}
    if len(wanted) > 1:
        names = in_turn([t("{title} ({writing})", title=a.title.plain,
                           writing=direction_word(a.writing or layout.writing))
                         for a in issue.articles])
        raise BulletinError(t("the articles set together ask for both directions: {articles}",
                              articles=names),
                            t("set them one way, or build the vertical one on its own "
                              "(--article N)"))
    direction = wanted.pop() if wanted else layout.writing
    if direction == "vertical" and layout.auto_height:
        raise BulletinError(t("layout {layout}'s page grows downwards with its lines: it "
                              "cannot hold vertical text", layout=layout.name),
                            t("build the vertical article with a layout of set page size"))
    issue = replace(issue, articles=tuple(replace(a, writing=None) for a in issue.articles))
    layout = written(layout, direction)
    if direction != "vertical" and layout.title_writing == "vertical":
        return side_heads(issue, layout, fonts)
    if direction != "vertical":
        return make_up(issue, layout, fonts)
    document = make_up(_photos_on_side(issue), side_layout(layout), fonts)
    return upright(document, layout.page_height)


def written(layout: Layout, direction: str) -> Layout:
    """``layout`` set in ``direction``: a horizontal layout made vertical keeps its grid,
    its columns becoming bands down the page."""
    if layout.writing == direction:
        return layout
    return replace(layout, writing=direction, title_writing=direction,
                   rules=replace(layout.rules, vertical=direction == "vertical"))


def side_layout(layout: Layout) -> Layout:
    """``layout``'s page laid on its side: what is its top (the first line of each column)
    is the left, its right edge (where reading starts) the top."""
    return replace(layout, page_width=layout.page_height, page_height=layout.page_width,
                   margin_top=layout.margin_right, margin_right=layout.margin_bottom,
                   margin_bottom=layout.margin_left, margin_left=layout.margin_top,
                   writing="horizontal", title_writing="horizontal")


def _photos_on_side(issue: Issue) -> Issue:
    """Photos with width and height exchanged: made up on the side, they stand upright."""
    def turned(article: Article) -> Article:
        body = tuple(replace(b, pixels=b.pixels[::-1]) if isinstance(b, Image) else b
                     for b in article.body)
        return replace(article, body=body)

    return replace(issue, articles=tuple(turned(a) for a in issue.articles))


def upright(document: Document, height: float) -> Document:
    """A document made up on its side turned back onto pages ``height`` tall: a point
    (x, y) of the side page is (y, height − x) of the real one."""
    pages = [Page(page.height, page.width, [_turn(item, height) for item in page.items])
             for page in document.pages]
    outline = [(title, number, height) for title, number, _ in document.outline]
    return replace(document, pages=pages, outline=outline)


def _turn(item: Item, height: float) -> Item:
    if isinstance(item, TextLine):
        return replace(item, x=item.y, y=height - item.x,
                       line=replace(item.line, vertical=True))
    if isinstance(item, Rule):
        return replace(item, x0=item.y0, y0=height - item.x0, x1=item.y1,
                       y1=height - item.x1)
    if isinstance(item, (Box, Picture)):
        return replace(item, x=item.y, y=height - item.x - item.width, width=item.height,
                       height=item.width)
    return item


# ----------------------------------------------------------------------------- side heads


class SideHeadFlow(NewsletterFlow):
    """The newsletter make-up with each headline standing as columns at the right of
    its article's text, from the article's first line down (a poster's centred in the
    height left): the 栏目 in its box, then 引题, 主题 and 副题, read from the right.
    The text's columns take the page's width less the widest headline's."""

    def __init__(self, issue: Issue, layout: Layout, fonts: FontSession, start_row: int = 0,
                 photo_scale: float = 1.0) -> None:
        text_height = layout.page_height - layout.margin_top - layout.margin_bottom
        self.heads = [_head_columns(a, layout, fonts, text_height * HEAD_SHARE)
                      for a in issue.articles]
        strip = max((sum(w for w, _, _ in head) for head in self.heads), default=0.0)
        self.strip_right = layout.page_width - layout.margin_right
        narrower = replace(layout, margin_right=layout.margin_right + strip
                           + HEAD_GAP * layout.body.size)
        super().__init__(issue, narrower, fonts, start_row, photo_scale)

    def headline_rows(self, article: Article) -> int:
        return 0  # beside the text, not above it

    def starts_here(self, units: list[Unit], head_rows: int) -> bool:
        """An article starts on this page only if its headline stands beside it there."""
        g = self.grid
        left = (g.rows - self.row - self.foot_rows) * g.pitch
        return left >= self.head_height(self.article_number) and super().starts_here(
            units, head_rows)

    def head_height(self, number: int) -> float:
        return max((line.right for _, _, lines in self.heads[number] for line in lines),
                   default=0.0)

    def headline(self, article: Article) -> None:
        g = self.grid
        top = g.row_top(self.row)
        room = (g.rows - self.row - self.foot_rows) * g.pitch
        x = self.strip_right
        for width, style, lines in self.heads[self.article_number]:
            length = max(line.right for line in lines)
            if style.background is not None:  # the 栏目: white on its box
                pad = style.size * BANNER_PAD
                box = style.size + 2 * pad
                self.page.items.append(Box(x - box, top - length - 2 * pad, box,
                                           length + 2 * pad, style.background))
                self.text_line(x - box / 2 - CENTRE * style.size, top - pad, lines[0],
                               style)
            else:  # a poster's centred in the height left, a paper's from the top
                centred = self.layout.fit and style.align == "center"
                drop = max(0.0, (room - length) / 2) if centred else 0.0
                for k, line in enumerate(lines):
                    centre = x - (k + 0.5) * style.leading
                    self.text_line(centre - CENTRE * style.size, top - drop, line, style)
            x -= width


def _head_columns(article: Article, layout: Layout, fonts: FontSession,
                  height: float) -> list[tuple[float, Style, list[Line]]]:
    """(width, style, vertical lines) of each part of ``article``'s headline, set from
    the top (the make-up places them); the 栏目's box with a blank em after it."""
    rules = replace(layout.rules, vertical=True)
    out = []
    banner = layout.styles["banner"]
    if article.column is not None:
        style = replace(banner, background=banner.background or layout.colors["red"])
        lines = list(set_text(article.column, style, UNBOUNDED, rules, fonts, indent=0.0,
                              align="start").lines)
        out.append((style.size * (2 + 2 * BANNER_PAD), style, lines[:1]))
    for role in ("kicker", "title", "subtitle"):
        text = getattr(article, role)
        if text is not None:
            style = layout.styles[role]
            lines = list(set_text(text, style, height, rules, fonts, indent=0.0,
                                  align="start").lines)
            out.append((len(lines) * style.leading, style, lines))
    return out


def side_heads(issue: Issue, layout: Layout, fonts: FontSession) -> Document:
    """``issue`` made up by ``SideHeadFlow``: a poster's type scaled to fill its page."""
    if layout.furniture.panels:
        raise BulletinError(t("headlines beside the text are for posters and newsletters"),
                            t("leave out '{example}' for a board",
                              example="writing: {title: vertical}"))
    if not layout.fit:
        document = SideHeadFlow(issue, layout, fonts).build()
        return trim_document(document, layout.margin_bottom) if layout.auto_height \
            else document

    def build_at(size: float, start: int = 0) -> tuple[Document, SideHeadFlow]:
        flow = SideHeadFlow(issue, layout.scaled(size / layout.body.size), fonts, start)
        return flow.build(), flow

    def fits(size: float) -> bool:
        try:
            return len(build_at(size)[0].pages) == 1
        except PageTooSmall:
            return False

    size = largest_size(*layout.fit, fits)
    if size is None:
        names = listing([a.title.plain for a in issue.articles])
        raise BulletinError(t("{titles}: too long for one page at the smallest size {size}pt",
                              titles=names, size=format(layout.fit[0], "g")),
                            t("cut the text, or use a bigger poster"))
    document, flow = build_at(size)
    spare = flow.grid.rows - flow.foot_rows - flow.row
    return build_at(size, spare // 2)[0] if spare >= 2 else document
