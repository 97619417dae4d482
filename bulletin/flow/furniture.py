"""Page furniture: what stands on the pages besides the articles.

Mastheads of three kinds (newspaper 报头, 简报 head, poster band), the running head,
the 报尾 and the folios. A mixin of ``NewsletterFlow``: it draws through the flow's
grid, styles and current page.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from ..content import format_date, issue_label
from ..content.model import Issue, Text
from ..fontstage import FontSession
from ..style.layout import Layout, Style
from ..typeset import Line
from .grid import Grid
from .model import Box, Page, Rule, TextLine
from .setting import set_text

# A masthead name stands on one line, scaled down to fit; below this share of its size
# it would no longer read as the paper's name, so a name too long for that is set at
# this size on lines broken between words.
MASTHEAD_FLOOR = 0.6
UNBOUNDED = 1e6  # pt: a measure nothing fills, to read a text's natural width
# 电话 010-…, 邮箱 a@b.cn: a label of a few Chinese characters and its value.
_LABEL_VALUE = re.compile(r"([\u4e00-\u9fff]{1,4}[：:]?)[ \u3000]+(?=[^\s\u4e00-\u9fff])")


def keep_labels(text: str) -> str:
    """A contact line with each label tied to its value by a no-break space, so a line
    never ends with 邮箱 and the address starts the next."""
    return _LABEL_VALUE.sub("\\1\u00a0", text)


def contact_items(text: str) -> list[str]:
    """A contact line as one item a label and its value (电话 010-…, 邮箱 a@b.cn), each
    set on lines of its own, or the whole text when it has no labels."""
    tied = keep_labels(text)
    if "\u00a0" not in tied:
        return [text]
    return [item for item in re.split(r"[ \u3000]+(?=[\u4e00-\u9fff]{1,4}[：:]?\u00a0)", tied)
            if item]


class PageFurniture:
    """Methods of ``NewsletterFlow`` that draw the furniture (see there for the state)."""

    issue: Issue
    layout: Layout
    fonts: FontSession
    grid: Grid
    pages: list[Page]
    row: int

    def masthead(self) -> None:
        """报头: the name large in red, tagline under it, issue facts to the right."""
        g = self.grid
        m = self.issue.masthead
        folio = self.style("folio")
        facts = [issue_label(m.issue), format_date(m.date) if m.date else None,
                 f"主办：{m.publisher}" if m.publisher else None,
                 *(contact_items(m.contact) if m.contact else ())]
        facts = [f for f in facts if f]
        side = g.width * 0.36
        top = g.row_top(0)
        name_style, name_lines = self.masthead_name(g.width - side)
        y = top - name_style.size * 0.88
        for line in name_lines:
            self.text_line(g.left, y, line, name_style)
            y -= name_style.leading
        if m.tagline:
            tag = self.style("tagline")
            y += name_style.leading - name_style.size * 0.12 - tag.size * 1.3
            for line in self.set(m.tagline, "tagline", g.width - side):
                self.text_line(g.left, y, line, tag)
                y -= tag.leading
        fy = top - folio.size * 0.88 - max(0.0, name_style.size * 0.9 - len(facts) * folio.leading)
        for fact in facts:
            for line in self.set(fact, "folio", side):
                self.text_line(g.left + g.width - side, fy, line, folio)
                fy -= folio.leading
        bottom = min(y, fy) + folio.size * 0.2
        rows = math.ceil((top - bottom) / g.pitch)
        rule_y = g.row_top(rows) - 2
        red = self.layout.colors["red"]
        self.page.items.append(Rule(g.left, rule_y, g.left + g.width, rule_y, 2.2, red))
        self.page.items.append(Rule(g.left, rule_y - 3, g.left + g.width, rule_y - 3, 0.6, red))
        self.row = rows + 1

    def briefing_masthead(self) -> None:
        """简报 head: the name in red centred, 第N期 under it, then publisher left and
        date right over a red rule across the text block (GB/T 9704's 版头)."""
        g = self.grid
        m = self.issue.masthead
        folio = self.style("folio")
        name_style, name_lines = self.masthead_name(g.width, align="center")
        y = g.row_top(0) - name_style.size * 0.9
        for line in name_lines:
            self.text_line(g.left, y, line, name_style)
            y -= name_style.leading
        if m.issue is not None:
            y -= folio.size * 0.2
            for line in self.set(issue_label(m.issue) or "", "folio", g.width, align="center"):
                self.text_line(g.left, y, line, folio)
                y -= folio.leading
        y -= folio.size * 0.4
        y = self.side_by_side(m.publisher or "", format_date(m.date) if m.date else "",
                              "folio", "folio", g.left, g.width, y + folio.size * 0.88)
        rows = math.ceil((g.row_top(0) - y) / g.pitch)
        rule_y = g.row_top(rows) + g.pitch * 0.3
        red = self.layout.colors["red"]
        self.page.items.append(Rule(g.left, rule_y, g.left + g.width, rule_y, 1.6, red))
        self.row = rows

    def masthead_name(self, width: float, align: str | None = None) -> tuple[Style, list[Line]]:
        """The paper's name on one line in ``width``, scaled down to fit if need be (not
        below ``MASTHEAD_FLOOR``: then on lines broken between words), with its style."""
        style = self.style("masthead")
        name = Text.of(self.issue.masthead.name)
        rules = self.layout.rules
        solid = set_text(name, style, UNBOUNDED, rules, self.fonts, align="start").lines[0].right
        factor = min(1.0, max(MASTHEAD_FLOOR, (width - style.inset) / solid)) if solid else 1.0
        style = replace(style, size=style.size * factor, leading=style.leading * factor)
        return style, list(set_text(name, style, width, rules, self.fonts, align=align).lines)

    def colophon_texts(self) -> tuple[str, str]:
        """报尾: publisher (and the contact, where the masthead has no place for it) left,
        the date right."""
        m = self.issue.masthead
        left = [f"编印：{m.publisher}" if m.publisher else ""]
        if m.contact and self.layout.furniture.masthead != "newspaper":
            left.append(keep_labels(m.contact))
        return ("\u3000".join(t for t in left if t),
                f"{format_date(m.date)}印发" if m.date else "")

    def colophon(self) -> None:
        """报尾: publisher and date between two rules at the foot of the last page."""
        g = self.grid
        style = self.style("colophon")
        rows = self.foot_rows
        if self.row > g.rows - rows:
            self.new_page()
        row = g.rows - rows
        top, bottom = g.row_top(row), g.row_top(row + rows)
        for y in (top, bottom):
            self.page.items.append(Rule(g.left, y, g.left + g.width, y, 0.8, style.color))
        pad = style.size
        left, right, stacked = self.side_by_side_lines(
            *self.colophon_texts(), "colophon", "colophon", g.width - 2 * pad)
        lines = len(left) + len(right) if stacked else max(len(left), len(right))
        y = g.baseline(row, style.size, rows) + (lines - 1) * style.leading / 2
        self.side_by_side(*self.colophon_texts(), "colophon", "colophon", g.left + pad,
                          g.width - 2 * pad, y + style.size * 0.88)

    def running_head(self) -> None:
        g = self.grid
        m = self.issue.masthead
        style = self.style("running_head")
        parts = [m.name, issue_label(m.issue), format_date(m.date) if m.date else None]
        text = "\u3000".join(p for p in parts if p)
        y = g.baseline(0, style.size)
        for line in self.set(text, "running_head", g.width):
            self.text_line(g.left, y, line, style)
        rule_y = g.row_top(1) + 1
        self.page.items.append(
            Rule(g.left, rule_y, g.left + g.width, rule_y, 0.8, self.layout.colors["red"]))
        self.row = 2

    def poster_band(self) -> None:
        """A poster's head: a band in the masthead's background colour from edge to
        edge at the top (it bleeds when printed), the paper's name on it left and its
        tagline, issue and date right."""
        g = self.grid
        m = self.issue.masthead
        name_style, folio = self.style("masthead"), self.style("folio")
        pad = name_style.size * 0.5
        facts = "\u3000".join(f for f in (m.tagline, issue_label(m.issue),
                                          format_date(m.date) if m.date else None) if f)
        left, right, stacked = self.side_by_side_lines(m.name, facts, "masthead", "folio",
                                                       g.width - 2 * pad)
        heights = (len(left) * name_style.leading, len(right) * folio.leading)
        height = sum(heights) if stacked else max(heights)
        rows = math.ceil((height + name_style.size * 0.8) / g.pitch)
        bottom = g.row_top(rows)
        fill = name_style.background or self.layout.colors["red"]
        self.page.items.append(Box(0.0, bottom, g.page_width, g.page_height - bottom, fill))
        top = g.row_top(0) - (rows * g.pitch - height) / 2
        self.side_by_side(m.name, facts, "masthead", "folio", g.left + pad, g.width - 2 * pad,
                          top)
        self.row = rows + 1

    def side_by_side_lines(self, left: str, right: str, left_role: str, right_role: str,
                           width: float) -> tuple[list[Line], list[Line], bool]:
        """``left`` flush left and ``right`` flush right in one band of ``width``: the
        right text keeps its natural width and the left one wraps in what remains; when
        that is too narrow, both take the full width, stacked (the flag)."""
        right_lines = self.set(right, right_role, width, align="start") if right else []
        need = max((line.right for line in right_lines), default=0.0)
        room = width - need - 2 * self.style(left_role).size if need else width
        stacked = bool(left) and bool(right) and room < width * 0.3
        left_lines = self.set(left, left_role, width if stacked else room,
                              align="start") if left else []
        right_lines = self.set(right, right_role, width, align="end") if right else []
        return left_lines, right_lines, stacked

    def side_by_side(self, left: str, right: str, left_role: str, right_role: str,
                     x: float, width: float, top: float) -> float:
        """Draw ``side_by_side_lines`` from ``top`` (PDF y) down; return the y under them."""
        left_lines, right_lines, stacked = self.side_by_side_lines(
            left, right, left_role, right_role, width)
        under_left = self.stack(left_lines, left_role, x, top)
        under_right = self.stack(right_lines, right_role, x, under_left if stacked else top)
        return min(under_left, under_right)

    def stack(self, lines: list[Line], role: str, x: float, top: float) -> float:
        """Lines one under another from ``top``; the y under the last one."""
        style = self.style(role)
        y = top - style.size * 0.88
        for line in lines:
            self.text_line(x, y, line, style)
            y -= style.leading
        return top - len(lines) * style.leading

    def folios(self) -> None:
        """Page numbers (第N版) centred under the text area."""
        if self.layout.furniture.folio == "none":
            return
        g = self.grid
        style = self.style("page_number")
        outside = self.layout.furniture.folio_place == "outside"
        for number, page in enumerate(self.pages, 1):
            y = g.row_top(g.rows) - style.size * 1.6
            folio = self.layout.furniture.folio.replace("{n}", str(number))
            align = ("end" if number % 2 else "start") if outside else None
            width = g.width - 2 * style.size if outside else g.width
            x = g.left + style.size if outside else g.left
            for line in self.set(folio, "page_number", width, align=align):
                page.items.append(TextLine(x, max(y, style.size), line, style.color))
