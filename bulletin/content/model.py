"""The content stage's output: one issue (一期) of a bulletin, validated.

Plain frozen dataclasses; nothing here knows about layout, fonts or PDF.
Every text field is a ``Text``: a tuple of ``Span`` runs after inline markup
(``**bold**``, ``*着重号*``, ``\\*``) has been parsed, plus where it came from
so later stages (fonts: a missing glyph) can point at the file, line and column.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Where:
    """A position in a content file, 1-based, for error messages."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Span:
    """A run of characters with one inline style."""

    text: str
    bold: bool = False
    emphasis: bool = False  # 着重号: a dot under each character


@dataclass(frozen=True)
class Text:
    """Inline text: styled spans in reading order."""

    spans: tuple[Span, ...]
    where: Where | None = None

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.spans)

    @staticmethod
    def of(plain: str) -> Text:
        """Unstyled text (no markup parsing); for generated strings."""
        return Text((Span(plain),))


@dataclass(frozen=True)
class Paragraph:
    text: Text


@dataclass(frozen=True)
class Heading:
    """小标题 inside an article's body."""

    text: Text


@dataclass(frozen=True)
class Quote:
    """Block quotation or epigraph, with optional attribution (``by``)."""

    text: Text
    by: Text | None = None


@dataclass(frozen=True)
class Image:
    path: Path  # resolved, absolute; existence checked by the loader
    caption: Text | None = None
    where: Where | None = None
    pixels: tuple[int, int] = (0, 0)  # width, height, read by the loader


@dataclass(frozen=True)
class BulletList:
    """A list. With ``labels`` (one per item: the numbers the author typed at the items'
    starts, taken off them, or ones made from ``numbered:``) it is numbered, each label
    hanging before its item; without, each item has a bullet."""

    items: tuple[Text, ...]
    labels: tuple[Text, ...] = ()


Block = Paragraph | Heading | Quote | Image | BulletList


@dataclass(frozen=True)
class Article:
    title: Text  # 主题, required
    body: tuple[Block, ...]  # required, at least one block
    column: Text | None = None  # 栏目 banner
    kicker: Text | None = None  # 引题
    subtitle: Text | None = None  # 副题
    byline: Text | None = None
    lead: Text | None = None  # 导语
    source: Text | None = None
    signed: Text | None = None  # 落款
    signed_date: _dt.date | None = None
    where: Where | None = None
    writing: str | None = None  # "vertical" (竖排) or "horizontal"; None: as the layout is

    def texts(self) -> Iterator[tuple[str, Text]]:
        """(role, text) for every text the article prints, in reading order, with the
        style role it is set in: the one walk of an article's texts (the font check,
        the expected paragraphs and any other reader of all of them use it)."""
        head = (("banner", self.column), ("kicker", self.kicker), ("title", self.title),
                ("subtitle", self.subtitle), ("byline", self.byline), ("lead", self.lead))
        yield from ((role, text) for role, text in head if text is not None)
        for block in self.body:
            yield from block_texts(block)
        yield from ((role, text) for role, text in (("source", self.source),
                                                     ("signed", self.signed))
                    if text is not None)


def block_texts(block: Block) -> Iterator[tuple[str, Text]]:
    """(role, text) for each text a body block prints, in order."""
    if isinstance(block, Paragraph):
        yield "body", block.text
    elif isinstance(block, Heading):
        yield "heading", block.text
    elif isinstance(block, Quote):
        yield "quote", block.text
        if block.by is not None:
            yield "quote_by", block.by
    elif isinstance(block, Image):
        if block.caption is not None:
            yield "caption", block.caption
    elif isinstance(block, BulletList):
        yield from (("list", item) for item in block.items)
    else:
        raise TypeError(f"unknown block type {type(block).__name__}")


@dataclass(frozen=True)
class Masthead:
    """报头."""

    name: str
    tagline: str | None = None
    issue: int | str | None = None
    date: _dt.date | None = None
    publisher: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class Issue:
    masthead: Masthead
    articles: tuple[Article, ...]
    layout: str | None = None  # a bundled layout name or a path (relative to the file)
    source: Path | None = None  # the YAML file it was read from
    layout_where: Where | None = None  # where 'layout:' is written, for its errors
    # For the user but no reason to stop (invisible characters dropped), each a line.
    warnings: tuple[str, ...] = ()
