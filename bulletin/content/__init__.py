"""The content stage: one issue's YAML file in, a validated ``Issue`` out.

``load_issue`` reads and checks the file (every mistake in it at once, each naming
file:line:col, told in English or Chinese);
``parse_inline`` turns ``**加粗**`` / ``*着重*`` markup into styled spans;
``expected_paragraphs`` lists the text that must reach the page, in reading order,
for tests and for the external PDF checker (``content/paragraphs.txt``).
"""

from __future__ import annotations

import datetime as dt

from bulletin.content.inline import parse_inline
from bulletin.content.loader import load_issue
from bulletin.content.model import Article, Issue

__all__ = ["load_issue", "parse_inline", "expected_paragraphs", "format_date", "issue_label"]


def issue_label(issue: int | str | None) -> str | None:
    """第12期 for a number; free text as written; None for none."""
    if issue is None:
        return None
    return f"第{issue}期" if isinstance(issue, int) else str(issue)


def format_date(date: dt.date) -> str:
    """A date the Chinese way, without leading zeros: 2021年6月18日."""
    return f"{date.year}年{date.month}月{date.day}日"


def expected_paragraphs(issue: Issue) -> list[str]:
    """Every printed paragraph of the articles, in reading order, as plain text.

    The masthead is left out. Per article: column, kicker, title, subtitle, byline
    (printed under the headline, before the lead, as Chinese papers do), lead, the
    body blocks, source, signed, signed_date. Body blocks give: a paragraph; a heading;
    a quote's text then its ``by``; an image's caption; each list item.
    """
    return [p for article in issue.articles for p in _article_paragraphs(article)]


def _article_paragraphs(article: Article) -> list[str]:
    paragraphs = [text.plain for _role, text in article.texts()]
    if article.signed_date is not None:
        paragraphs.append(format_date(article.signed_date))
    return paragraphs
