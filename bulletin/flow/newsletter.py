"""Make up a newsletter: masthead, headline stacks across the columns, bodies that
flow through the columns and on to later pages, running heads and folios."""

from __future__ import annotations

import math
from dataclasses import replace
from functools import cached_property

from ..content import expected_paragraphs, issue_label
from ..content.model import Article, Image, Issue, Text
from ..errors import BulletinError
from ..fontstage import FontSession
from ..i18n import Text as Told
from ..i18n import t
from ..style.layout import Layout, Style
from ..typeset import Line
from .columns import balance, column_rows
from .furniture import PageFurniture
from .grid import Grid, make_grid
from .model import Box, Document, Page, Picture, Rule, TextLine, trim_document
from .setting import set_text
from .units import Unit, body_units, jump_unit, resize_photo

BANNER_PAD = 0.35  # em of banner text, around it in its red box
MIN_JUMP_LINES = 5  # lines a column at least, before an article jumps to a later page
MAX_STRETCH = 2  # blank rows the make-up may add before a heading or around a photo


class PageTooSmall(BulletinError):
    """The layout's grid has no room for text (a poster scaled too far, say)."""


class BlockTooTall(PageTooSmall):
    """One block (a photo with its caption) does not stand on an empty page."""


class NewsletterFlow(PageFurniture):
    def __init__(self, issue: Issue, layout: Layout, fonts: FontSession, start_row: int = 0,
                 photo_scale: float = 1.0) -> None:
        self.issue = issue
        self.layout = layout
        self.fonts = fonts  # the build's font session: faces for every text set
        self.start_row = start_row  # blank rows above the first article (a poster centred)
        self.photo_scale = photo_scale  # photos at this share of their natural size
        self.page_ends: list[int] = []  # rows used on each finished page
        self.units_cache: dict[int, list[Unit]] = {}  # article number → its row units
        self.grid: Grid = make_grid(layout)
        if self.grid.chars < 1 or self.grid.rows < 3:
            raise PageTooSmall(
                t("layout {layout}: at {size}pt a page holds {rows} lines of {chars} "
                  "characters", layout=layout.name, size=format(layout.body.size, "g"),
                  rows=self.grid.rows, chars=self.grid.chars),
                t("use a larger page, fewer columns or a smaller body size"))
        self.pages: list[Page] = []
        self.row = 0  # next free row on the current page
        self.article_number = 0
        self.warnings: list[Told] = []
        self.outline: list[tuple[str, int, float]] = []
        # Every page holds at least one line of the issue's text, so no more pages than
        # lines can be right: a bound that ends the make-up whatever goes wrong.
        self.page_limit = 4 + sum(len(text) for text in expected_paragraphs(issue))

    # ----------------------------------------------------------------- helpers
    @property
    def page(self) -> Page:
        return self.pages[-1]

    def style(self, role: str) -> Style:
        return self.layout.styles[role]

    def set(self, text: Text | str, role: str, width: float, **kw) -> list[Line]:
        t = text if isinstance(text, Text) else Text.of(text)
        return list(set_text(t, self.style(role), width, self.layout.rules, self.fonts, **kw).lines)

    def text_line(self, x: float, y: float, line: Line, style: Style,
                  para: tuple[int, int, int, int] | None = None) -> None:
        self.page.items.append(TextLine(x, y, line, style.color, style.name, para))

    @property
    def fresh_row(self) -> int:
        """The first free row of a page after the first: under the running head."""
        return 2 if self.layout.furniture.running_head else 0

    def new_page(self) -> None:
        g = self.grid
        if len(self.pages) >= self.page_limit:
            raise BulletinError(
                t("article {n} would take more than {pages} pages, more than its text can "
                  "fill", n=self.article_number + 1, pages=self.page_limit),
                t("please report this as a bug"))
        if self.pages:
            self.page_ends.append(self.row)
        self.pages.append(Page(g.page_width, g.page_height))
        self.row = 0
        if len(self.pages) > 1 and self.layout.furniture.running_head:
            self.running_head()

    # ----------------------------------------------------------------- document
    def build(self) -> Document:
        self.new_page()
        kind = self.layout.furniture.masthead
        if kind == "briefing":
            self.briefing_masthead()
        elif kind == "poster":
            self.poster_band()
        elif kind == "newspaper":
            self.masthead()
        self.row += self.start_row
        for number, article in enumerate(self.issue.articles):
            self.article_number = number
            if number:
                self.row += 1
            self.article(article, last=number == len(self.issue.articles) - 1)
        if self.layout.furniture.colophon:
            if self.layout.auto_height:  # a page with no foot: the 报尾 follows the text
                g = self.grid
                self.grid = replace(g, rows=min(g.rows, self.row + 1 + self.foot_rows))
            self.colophon()
        self.folios()
        m = self.issue.masthead
        title = " ".join(t for t in (m.name, issue_label(m.issue)) if t)
        return Document(self.pages, title=title, author=m.publisher or "",
                        subject=m.tagline or "", outline=self.outline, warnings=self.warnings,
                        faces=self.fonts.faces)

    def score(self) -> tuple[int, int, int]:
        """How well the pages are made up, lower is better: the pages, then the rows
        left empty at the foot of pages before the last (beyond one), then whether the
        last page is less than half full."""
        g = self.grid
        gaps = sum(max(0, g.rows - end - 1) for end in self.page_ends)
        room = g.rows - self.fresh_row - self.foot_rows
        sparse = len(self.pages) > 1 and self.row - self.fresh_row < room / 2
        return len(self.pages), gaps, int(sparse)

    # ----------------------------------------------------------------- articles
    @cached_property
    def foot_rows(self) -> int:
        """Rows the 报尾 takes at the foot of the last page: its lines and a blank one."""
        if not self.layout.furniture.colophon:
            return 0
        style = self.style("colophon")
        left, right, stacked = self.side_by_side_lines(
            *self.colophon_texts(), "colophon", "colophon", self.grid.width - 2 * style.size)
        lines = len(left) + len(right) if stacked else max(len(left), len(right))
        return max(lines, 1) + 1

    def article_units(self, number: int) -> list[Unit]:
        """Article ``number``'s body as row units, set once (the make-up looks ahead)."""
        if number not in self.units_cache:
            self.units_cache[number] = body_units(
                self.issue.articles[number], self.layout, self.fonts, self.grid.column_width,
                self.warnings, max_rows=self.grid.rows - 4, photo_scale=self.photo_scale)
        return self.units_cache[number]

    def next_starts_here(self, rows_used: int) -> bool:
        """Would the article after this one start on this page, under ``rows_used``?"""
        following = self.article_number + 1
        if following >= len(self.issue.articles):
            return True
        saved = self.row
        self.row += rows_used + 1
        try:
            return self.starts_here(list(self.article_units(following)),
                                    self.headline_rows(self.issue.articles[following]))
        finally:
            self.row = saved

    def article(self, article: Article, last: bool = False) -> None:
        g = self.grid
        units = list(self.article_units(self.article_number))
        head_rows = self.headline_rows(article)
        if head_rows + 4 > g.rows - 2:
            raise BulletinError(
                t("the headline of article {n} ({title}…) is taller than a page of this "
                  "layout", n=self.article_number + 1, title=article.title.plain[:20]),
                t("shorten the title, kicker or subtitle, or use a larger layout"))
        if not self.starts_here(units, head_rows):
            self.new_page()
        self.outline.append((article.title.plain, len(self.pages) - 1, g.row_top(self.row)))
        self.headline(article)
        start = 0
        while start < len(units):
            capacity = g.rows - self.row
            if capacity < 3:
                if self.row <= self.fresh_row:
                    raise PageTooSmall(
                        t("layout {layout}: a page holds {rows} lines under its running head",
                          layout=self.layout.name, rows=capacity),
                        t("use a larger page or a smaller body size"))
                self.new_page()
                continue
            starts, end, limits = self.fill(units, start, capacity, last)
            if not any(not units[k].jump for k in range(start, end)):
                # Nothing of the article fits here (a jump line alone is nothing): a
                # fresh page, unless this is one already.
                if self.row <= self.fresh_row:
                    block = next(u for u in units[start:] if not u.jump)
                    where = block.where
                    raise BlockTooTall(
                        t("article {n} ({title}…) has a block taller than a page: {block}",
                          n=self.article_number + 1, title=article.title.plain[:20],
                          block=block.describe()),
                        t("use a smaller photo or a shorter caption, or a larger layout"),
                        *((where.file, where.line, where.col) if where else ()))
                self.new_page()
                continue
            jumps = end < len(units) and self.layout.furniture.jump_lines
            if jumps:  # continued overleaf: 下转 at the foot of the last column
                there = len(self.pages) + 1
                units.insert(end, jump_unit(f"（下转第{there}版）", self.layout, self.fonts,
                                            g.column_width, "end"))
                end += 1
            if end == len(units) and not last:
                limits = self.stretch(units, starts, end, limits, capacity)
            used = self.place_columns(units, starts, end, limits)
            start = end
            if start < len(units):
                self.new_page()
                if jumps:
                    self.continuation_head(article, len(self.pages) - 1)
            else:
                self.row += used

    def continuation_head(self, article: Article, from_page: int) -> None:
        """转版标题: where an article goes on, its title again (shortened when long) with
        （上接第N版）, centred over the columns, so a reader who turns the page finds it."""
        g = self.grid
        title_style, jump_style = self.style("heading"), self.style("jump")
        note = self.set(f"（上接第{from_page}版）", "jump", g.width, align="start")[0]
        room = g.width - note.right - title_style.size
        title = self.set(short_title(article.title.plain, room / title_style.size),
                         "heading", room, align="start")[0]
        x = g.left + (g.width - title.right - note.right) / 2
        rows = max(1, math.ceil(title_style.leading / g.pitch - 1e-6))
        y = g.baseline(self.row, title_style.size, rows)
        self.text_line(x, y, title, title_style)
        self.text_line(x + title.right, y, note, jump_style)
        self.row += rows + 1

    def starts_here(self, units: list[Unit], head_rows: int) -> bool:
        """Does an article start on this page? Yes if it ends here; if it must jump,
        only with at least MIN_JUMP_LINES lines in each column before the jump (a jump
        after two or three lines reads as a mistake)."""
        g = self.grid
        room = g.rows - self.row - head_rows
        if room >= 1 and balance(units, 0, g.columns, room)[1] == len(units):
            return True
        return room - int(self.layout.furniture.jump_lines) >= MIN_JUMP_LINES

    def fill(self, units: list[Unit], start: int, capacity: int,
             last: bool) -> tuple[list[int], int, list[int]]:
        """Column breaks for what of ``units[start:]`` stands in ``capacity`` rows."""
        g = self.grid
        reserve = int(self.layout.furniture.jump_lines)
        starts, end, limits = balance(units, start, g.columns, capacity, reserve=reserve)
        while end < len(units) and self.photo_into_gap(units, starts, end, limits):
            starts, end, limits = balance(units, start, g.columns, capacity, reserve=reserve)
        if end == len(units) and last and max(limits) > capacity - self.foot_rows:
            # The issue ends here but into the 报尾's rows: end on the next page with
            # a few lines rather than leave the 报尾 alone on a page of its own, unless
            # that leaves nothing here at all. (The columns end level, the height of the
            # 报尾 above the foot: filling them would leave one column short instead.)
            shorter = balance(units, start, g.columns, capacity - self.foot_rows,
                              reserve=reserve)
            if any(not units[k].jump for k in range(start, shorter[1])):
                return shorter
        return starts, end, limits

    def stretch(self, units: list[Unit], starts: list[int], end: int, limits: list[int],
                capacity: int) -> list[int]:
        """Where an article ends a page (the next one starts overleaf), fill the rows
        left at the foot: its photos grow (as wide as their column at most), then whole
        blank rows go before its headings and around its photos, at most MAX_STRETCH at
        each: the page ends at its foot and the grid is kept.
        Returns the column limits to place with."""
        used = max(column_rows(units, a, b, lim)[-1]
                   for a, b, lim in zip(starts, [*starts[1:], end], limits, strict=True))
        if capacity - used < 2 or self.next_starts_here(used):
            return limits
        for a, b in zip(starts, [*starts[1:], end], strict=True):
            gap = capacity - column_rows(units, a, b, capacity)[-1]
            for k in (k for k in range(a, b) if units[k].image and gap > 0):
                # A photo kept smaller than its column first grows into the gap.
                grown = next((g for extra in range(gap, 0, -1) if (g := resize_photo(
                    units[k], units[k].rows + extra, self.grid.pitch)) is not None), None)
                if grown is not None:
                    gap -= grown.rows - units[k].rows
                    units[k] = grown
            points = [k for k in range(a + 1, b)
                      if units[k].keep_with_next or units[k].image or units[k - 1].image]
            for turn in range(min(gap, MAX_STRETCH * len(points))):
                k = points[turn % len(points)]
                units[k] = replace(units[k], space_before=units[k].space_before + 1)
        return [capacity] * len(starts)

    def photo_into_gap(self, units: list[Unit], starts: list[int], end: int,
                       limits: list[int]) -> bool:
        """Where a photo did not fit at a full column's foot and left a gap: shrink it
        into the gap (within MIN_PHOTO_SCALE), or else float it after the text that
        follows, which fills the gap, as papers place pictures. True if a photo was
        changed; each photo shrinks or floats at most once, so the caller's loop ends."""
        bounds = [*starts[1:], end]
        for col, (a, b) in enumerate(zip(starts, bounds, strict=True)):
            photo = units[b] if b < len(units) else None
            if photo is None or photo.image is None or photo.floated:
                continue
            gap = limits[col] - column_rows(units, a, b, limits[col])[-1]
            if gap < 2:
                continue
            shrunk = resize_photo(photo, gap, self.grid.pitch)
            if shrunk is not None:
                units[b] = replace(shrunk, floated=True)
                return True
            text, rows = b + 1, 0
            while text < len(units) and units[text].image is None and rows < gap:
                rows += units[text].space_before + units[text].rows
                text += 1
            if rows >= 2:  # text to fill (some of) the gap
                units[b:text] = [*units[b + 1:text], replace(photo, floated=True)]
                return True
        return False

    def place_columns(
        self, units: list[Unit], starts: list[int], end: int, limits: list[int]
    ) -> int:
        """Draw the units into the columns; return the rows used by the tallest."""
        g = self.grid
        bounds = [*starts[1:], end]
        heights = []
        for col, (a, b) in enumerate(zip(starts, bounds, strict=True)):
            x = g.column_x(col)
            rows = column_rows(units, a, b, limits[col])
            for k in range(a, b):
                self.place_unit(units[k], x, self.row + rows[k - a])
            heights.append(rows[-1])
        used = max(heights, default=0)
        if self.layout.column_rules and used:
            top, bottom = g.row_top(self.row), g.row_top(self.row + used)
            for col in range(1, g.columns):
                if heights[col]:
                    x = g.column_x(col) - g.gutter / 2
                    self.page.items.append(Rule(x, top, x, bottom, 0.4, "#999999"))
        return used

    def place_unit(self, unit: Unit, x: float, row: int) -> None:
        g = self.grid
        if unit.image:
            path, w, h = unit.image
            top = g.row_top(row)
            self.page.items.append(Picture(path, x + unit.image_x, top - h, w, h))
        para = (self.article_number, unit.para, unit.index, unit.count)
        for offset, line, style in unit.lines:
            rows = unit.rows if unit.keep_with_next and len(unit.lines) == 1 else 1
            y = g.baseline(row + offset, line.size, rows)
            self.text_line(x + unit.x_offset, y, line, style, para)

    # ----------------------------------------------------------------- headlines
    def headline_parts(self, article: Article) -> list[tuple[Style, list[Line]]]:
        """The 引题, 主题 and 副题 that are there, each set across the columns."""
        parts = [("kicker", article.kicker), ("title", article.title),
                 ("subtitle", article.subtitle)]
        return [(self.style(role), self.set(text, role, self.grid.width))
                for role, text in parts if text is not None]

    def headline_rows(self, article: Article) -> int:
        """Grid rows the headline takes, with the blank row under it."""
        height = sum(style.space_before + len(lines) * style.leading
                     for style, lines in self.headline_parts(article))
        if article.column is not None:
            height += self.banner_height(self.banner_lines(article.column))
        return math.ceil(height / self.grid.pitch - 1e-6) + 1

    def headline(self, article: Article) -> None:
        """栏目 banner, 引题, 主题 and 副题, centred across the columns."""
        g = self.grid
        y = g.row_top(self.row)
        if article.column is not None:
            y = self.banner(self.banner_lines(article.column), y)
        for style, lines in self.headline_parts(article):
            y -= style.space_before
            for line in lines:
                y -= (style.leading + style.size * 0.76) / 2
                self.text_line(g.left, y, line, style)
                y -= (style.leading - style.size * 0.76) / 2
        self.row = math.ceil((g.row_top(0) - y) / g.pitch - 1e-6) + 1

    def banner_lines(self, text: Text) -> list[Line]:
        pad = self.style("banner").size * BANNER_PAD
        return self.set(text, "banner", self.grid.width - 4 * pad, align="start")

    def banner_height(self, lines: list[Line]) -> float:
        """The red box and the space under it."""
        style = self.style("banner")
        return style.size * (1 + 2 * BANNER_PAD + 0.6) + (len(lines) - 1) * style.leading

    def banner(self, lines: list[Line], top: float) -> float:
        """A red box with the column's name in white, and a red rule across."""
        g = self.grid
        style = self.style("banner")
        pad = style.size * BANNER_PAD
        width = max(line.right for line in lines) + 2 * pad * 2
        height = style.size + 2 * pad + (len(lines) - 1) * style.leading
        bottom = top - height
        red = style.background or self.layout.colors["red"]
        self.page.items.append(Box(g.left, bottom, width, height, red))
        self.page.items.append(Rule(g.left, bottom + 0.6, g.left + g.width, bottom + 0.6, 1.2, red))
        y = top - pad - style.size * 0.88
        for line in lines:
            self.text_line(g.left + 2 * pad, y, line, style)
            y -= style.leading
        return top - self.banner_height(lines)


def short_title(title: str, room: float) -> str:
    """``title`` within ``room`` characters: whole, else its first phrase (up to a space
    or a mark), else cut with an ellipsis."""
    title = " ".join(title.split())
    if len(title) <= room:
        return title
    for mark in (" ", "\u3000", "：", "，", "——"):
        head = title.split(mark)[0]
        if 4 <= len(head) <= room:
            return head
    return title[: max(1, int(room) - 2)] + "……"


PHOTO_SCALES = (1.0, 0.85, 0.7)  # photo sizes the make-up may choose, largest first


def has_photos(issue: Issue) -> bool:
    """Has the issue a photo (the one thing the make-up can make smaller)?"""
    return any(isinstance(b, Image) for a in issue.articles for b in a.body)


def flow_newsletter(issue: Issue, layout: Layout, fonts: FontSession) -> Document:
    """The issue made up with photos at full size, or smaller where that saves a page
    or fills the pages better (see ``NewsletterFlow.score``)."""
    flow = NewsletterFlow(issue, layout, fonts)
    document = flow.build()
    if layout.auto_height:  # made up tall, each page keeps what it needs; no page to save
        return trim_document(document, layout.margin_bottom)
    if not has_photos(issue) or flow.score()[1:] == (0, 0):
        return document
    for scale in PHOTO_SCALES[1:]:
        other = NewsletterFlow(issue, layout, fonts, photo_scale=scale)
        made = other.build()
        if other.score() < flow.score():
            flow, document = other, made
    return document
