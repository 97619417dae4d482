"""Page furniture: what stands on the pages besides the articles.

Mastheads of three kinds (newspaper 报头, 简报 head, poster band), the running head,
the 报尾 and the folios. A mixin of ``NewsletterFlow``: it draws through the flow's
grid, styles and current page.
"""

from __future__ import annotations

import math

from ..content import format_date
from ..content.model import Issue
from ..style.layout import Layout
from .grid import Grid
from .model import Box, Page, Rule, TextLine


class Furniture:
    """Methods of ``NewsletterFlow`` that draw the furniture (see there for the state)."""

    issue: Issue
    layout: Layout
    grid: Grid
    pages: list[Page]
    row: int

    def masthead(self) -> None:
        """报头: the name large in red, tagline under it, issue facts to the right."""
        g = self.grid
        m = self.issue.masthead
        name_style = self.style("masthead")
        folio = self.style("folio")
        facts = [f"第{m.issue}期" if isinstance(m.issue, int) else m.issue,
                 format_date(m.date) if m.date else None,
                 f"主办：{m.publisher}" if m.publisher else None, m.contact]
        facts = [f for f in facts if f]
        side = g.width * 0.36
        top = g.row_top(0)
        y = top - name_style.size * 0.88
        for line in self.set(m.name, "masthead", g.width - side):
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
        name_style, folio = self.style("masthead"), self.style("folio")
        y = g.row_top(0) - name_style.size * 0.9
        for line in self.set(m.name, "masthead", g.width, align="center"):
            self.text_line(g.left, y, line, name_style)
            y -= name_style.leading
        if m.issue is not None:
            issue = f"第{m.issue}期" if isinstance(m.issue, int) else str(m.issue)
            y -= folio.size * 0.2
            for line in self.set(issue, "folio", g.width, align="center"):
                self.text_line(g.left, y, line, folio)
            y -= folio.leading
        left = m.publisher or ""
        right = format_date(m.date) if m.date else ""
        y -= folio.size * 0.4
        for text, align in ((left, "start"), (right, "end")):
            if text:
                for line in self.set(text, "folio", g.width, align=align)[:1]:
                    self.text_line(g.left, y, line, folio)
        rows = math.ceil((g.row_top(0) - y + folio.size * 0.5) / g.pitch)
        rule_y = g.row_top(rows) + g.pitch * 0.3
        red = self.layout.colors["red"]
        self.page.items.append(Rule(g.left, rule_y, g.left + g.width, rule_y, 1.6, red))
        self.row = rows

    def colophon(self) -> None:
        """报尾: publisher and date between two rules at the foot of the last page."""
        g = self.grid
        m = self.issue.masthead
        style = self.style("colophon")
        if self.row > g.rows - self.foot_rows:
            self.new_page()
        row = g.rows - 2
        top, bottom = g.row_top(row), g.row_top(row + 2)
        for y, width in ((top, 0.8), (bottom, 0.8)):
            self.page.items.append(Rule(g.left, y, g.left + g.width, y, width, style.color))
        y = g.baseline(row, style.size, rows=2)
        pad = style.size
        if m.publisher:
            for line in self.set(f"编印：{m.publisher}", "colophon", g.width - 2 * pad,
                                 align="start")[:1]:
                self.text_line(g.left + pad, y, line, style)
        if m.date:
            for line in self.set(f"{format_date(m.date)}印发", "colophon", g.width - 2 * pad,
                                 align="end")[:1]:
                self.text_line(g.left + pad, y, line, style)

    def running_head(self) -> None:
        g = self.grid
        m = self.issue.masthead
        style = self.style("running_head")
        parts = [m.name, f"第{m.issue}期" if isinstance(m.issue, int) else m.issue,
                 format_date(m.date) if m.date else None]
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
        edge at the top (it bleeds when printed), the paper's name on it left and issue
        and date right."""
        g = self.grid
        m = self.issue.masthead
        name_style, folio = self.style("masthead"), self.style("folio")
        rows = math.ceil(name_style.size * 1.8 / g.pitch)
        bottom = g.row_top(rows)
        fill = name_style.background or self.layout.colors["red"]
        self.page.items.append(Box(0.0, bottom, g.page_width, g.page_height - bottom, fill))
        pad = name_style.size * 0.5
        y = g.baseline(0, name_style.size, rows)
        for line in self.set(m.name, "masthead", g.width - 2 * pad, align="start")[:1]:
            self.text_line(g.left + pad, y, line, name_style)
        facts = [f"第{m.issue}期" if isinstance(m.issue, int) else m.issue,
                 format_date(m.date) if m.date else None]
        text = "\u3000".join(f for f in facts if f)
        if text:
            for line in self.set(text, "folio", g.width - 2 * pad, align="end")[:1]:
                self.text_line(g.left + pad, g.baseline(0, folio.size, rows), line, folio)
        self.row = rows + 1

    def folios(self) -> None:
        """Page numbers (第N版) centred under the text area."""
        if self.layout.furniture.folio == "none":
            return
        g = self.grid
        style = self.style("page_number")
        for number, page in enumerate(self.pages, 1):
            y = g.row_top(g.rows) - style.size * 1.6
            folio = self.layout.furniture.folio.replace("{n}", str(number))
            for line in self.set(folio, "page_number", g.width):
                page.items.append(TextLine(g.left, max(y, style.size), line, style.color))
