"""Read one issue's YAML file into the content model, or fail with every mistake in it.

Authors are community workers, not programmers: every mistake becomes a
``BulletinError`` naming the file, line and column and saying what would be right,
in English or Chinese (``bulletin.i18n``); all of a file's mistakes are reported at
once, so one run of ``bulletin check`` lists everything to fix.
To know where every value came from, the file is parsed with ``yaml.compose``
(a node tree with positions; safe: nothing is constructed) and the tree is walked
here, field by field, instead of being turned into Python objects first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bulletin.content.inline import (
    LabelForm,
    UnclosedMarkup,
    label_form,
    parse_inline,
    typed_labels,
)
from bulletin.content.model import (
    Article,
    Block,
    BulletList,
    Heading,
    Image,
    Issue,
    Masthead,
    Paragraph,
    Quote,
    Text,
    Where,
)
from bulletin.content.pictures import PictureError, check_picture
from bulletin.errors import BulletinError, BulletinErrors, each_error
from bulletin.i18n import Msg, t
from bulletin.typeset.vertical import WRITING
from bulletin.yamlmend import (
    FULLWIDTH_KEY,
    Repairs,
    fullwidth_hint,
    fullwidth_message,
    item_indent_hint,
    spaces,
)
from bulletin.yamlsource import read_yaml
from bulletin.yamlwalk import describe, did_you_mean, entries, not_a_mapping

MAX_NODES = 200_000  # bounds alias expansion ("billion laughs") while walking
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp")  # what phones save
MAX_LISTED = 10_000  # names looked at for "did you mean …?" in a missing picture's folder

TOP_KEYS = ("bulletin", "layout", "articles")
MASTHEAD_KEYS = ("name", "tagline", "issue", "date", "publisher", "contact")
ARTICLE_KEYS = (
    "column", "kicker", "title", "subtitle", "byline", "lead", "body",
    "source", "signed", "signed_date", "writing",
)  # fmt: skip
BLOCK_KINDS = ("heading", "quote", "image", "list")
BLOCK_EXTRAS = {"by": "quote", "caption": "image", "numbered": "list"}  # key -> its block
# Every key a content file may have: 'title：' with any of them is a full-width colon.
ALL_KEYS = TOP_KEYS + MASTHEAD_KEYS + ARTICLE_KEYS + BLOCK_KINDS + tuple(BLOCK_EXTRAS)

# Chinese names an author may type for a key: suggest the English key instead.
CHINESE_KEYS = {
    "报头": "bulletin", "名称": "name", "报名": "name", "刊名": "name", "口号": "tagline",
    "期号": "issue", "期": "issue", "日期": "date", "主办": "publisher", "联系": "contact",
    "联系方式": "contact", "版式": "layout", "文章": "articles", "栏目": "column",
    "引题": "kicker", "标题": "title", "主题": "title", "副题": "subtitle",
    "副标题": "subtitle", "作者": "byline", "署名": "byline", "导语": "lead", "正文": "body",
    "小标题": "heading", "引文": "quote", "引语": "quote", "出处": "by", "图片": "image",
    "图": "image", "图注": "caption", "说明": "caption", "列表": "list", "编号": "numbered",
    "序号": "numbered", "来源": "source",
    "落款": "signed", "落款日期": "signed_date",
}  # fmt: skip

# Keys an author may try for a plain paragraph in a body list.
PARAGRAPH_WORDS = ("paragraph", "para", "p", "text", "段落", "正文", "段")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NOSPACE_KEY = re.compile(r"([A-Za-z_]+):[^\s:]")
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
T = TypeVar("T")


# --------------------------------------------------------------------------- reading


def load_issue(path: str | Path) -> Issue:
    """Load and validate one issue. Every mistake is found in one pass, so an author
    fixes them all before trying again: one raises a ``BulletinError``, several a
    ``BulletinErrors`` with each in file order."""
    path = Path(path)
    name = str(path)
    warnings: list[str] = []
    repairs = Repairs(frozenset(ALL_KEYS))
    try:
        root = read_yaml(path, t("the issue: 'bulletin:' and 'articles:'"), warnings.append,
                         repairs)
    except BulletinError as e:
        raise together(repairs.mistakes + each_error(e)) from None
    walker = _Walker(name, path.parent, repairs)
    issue = None
    try:
        issue = walker.issue(root, path.resolve())
    except _Abandoned as e:  # the file is too large to walk on: what was found so far
        walker.errors.append(e)
    mistakes = repairs.mistakes + walker.errors
    if mistakes or issue is None:
        raise together(mistakes)
    return replace(issue, warnings=tuple(warnings)) if warnings else issue


def together(mistakes: list[BulletinError]) -> BulletinError:
    """One mistake as itself (its message as it always was), several as one
    ``BulletinErrors`` in the order they are written in the file."""
    ordered = sorted(mistakes, key=lambda e: (e.line or 0, e.col or 0))
    return ordered[0] if len(ordered) == 1 else BulletinErrors(ordered)


# --------------------------------------------------------------------------- walking


class _Abandoned(BulletinError):
    """A mistake after which the walk cannot go on (the tree is too large to walk)."""


@dataclass
class _Field:
    """A mapping entry: the key node (for 'empty value' errors) and the value node."""

    key: ScalarNode
    value: Node


@dataclass
class _Fields:
    """A mapping's known fields, and the keys its unknown keys were probably meant as
    (a missing 'title' is then no second mistake when 'titel' was written)."""

    found: dict[str, _Field]
    meant: set[str]

    def get(self, key: str) -> _Field | None:
        return self.found.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self.found

    def __getitem__(self, key: str) -> _Field:
        return self.found[key]


class _Walker:
    """Build the model from the node tree, checking each field where it is. A mistake
    is kept in ``errors`` and the walk goes on with the next field, block or article;
    what it would have built is then None (the issue is never used)."""

    def __init__(self, name: str, folder: Path, repairs: Repairs | None = None) -> None:
        self.name = name
        self.folder = folder
        self.repairs = repairs or Repairs(frozenset())
        self.visited = 0
        self.errors: list[BulletinError] = []
        self.explained: set[int] = set()  # empty values whose mistake is told elsewhere

    # ----- helpers

    def where(self, node: Node) -> Where:
        mark = node.start_mark
        line = mark.line + 1
        return Where(self.name, line, self.repairs.column(line, mark.column + 1))

    def error(self, node: Node, message: Msg, hint: Msg | None = None) -> BulletinError:
        w = self.where(node)
        return BulletinError(message, hint, w.file, w.line, w.col)

    def attempt(self, work: Callable[[], T]) -> T | None:
        """``work()``, or None with its mistake kept: the walk goes on after it."""
        try:
            return work()
        except _Abandoned:
            raise
        except BulletinError as e:
            self.errors.append(e)
            return None

    def visit(self, node: Node) -> Node:
        """Count every node walked: aliases can make a small file a huge tree."""
        self.visited += 1
        if self.visited > MAX_NODES:
            w = self.where(node)
            raise _Abandoned(t("the file expands to more than {count} values", count=MAX_NODES),
                             t("it repeats anchors (&name / *name) too often; write the "
                               "content out plainly"), w.file, w.line, w.col)
        return node

    def mapping(self, node: Node, what: Msg, keys: Iterable[str], expected: Msg) -> _Fields:
        """Check ``node`` is a mapping; return its known fields. An unknown, repeated or
        strange key is a mistake kept, and the other keys are still read."""
        self.visit(node)
        known = tuple(keys)
        if isinstance(node, ScalarNode) and (key := fullwidth_key(node.value, known)):
            # 'name：测试': a Chinese colon where the key's colon belongs
            col = node.value.index("：")
            w = self.where(node)
            raise BulletinError(fullwidth_message(key), fullwidth_hint(key),
                                w.file, w.line, w.col + col)
        if isinstance(node, ScalarNode) and (key := nospace_key(node.value, known)):
            raise self.error(node, t("there is no space after '{key}:'", key=key),
                             t("type a space after the colon: '{key}: …'", key=key))
        if not isinstance(node, MappingNode):
            raise not_a_mapping(self.place, node, what, expected)
        for key, _value in node.value:
            self.visit(key)
        found, meant = entries(node, known, what, place=self.place, name=field,
                               keep=self.errors.append,
                               suggest=lambda key: suggest(key, known))
        return _Fields({k: _Field(*kv) for k, kv in found.items()}, meant)

    def place(self, node: Node) -> tuple[str, int, int]:
        w = self.where(node)
        return w.file, w.line, w.col

    def require(self, fields: _Fields, key: str, node: Node, what: Msg,
                hint: Msg) -> _Field | None:
        """The field ``key``; if it is missing, a mistake at the mapping that lacks it
        (none when a mistyped key was meant as it, which is mistake enough)."""
        if key not in fields:
            if key not in fields.meant:
                self.errors.append(self.error(node, t("{what} has no {key}", what=what,
                                                      key=field(key)), hint))
            return None
        return fields[key]

    def scalar(self, f: _Field, what: Msg) -> str | None:
        """A text value as written (``12``, ``yes`` stay text); None if empty or null."""
        node = self.visit(f.value)
        if not isinstance(node, ScalarNode):
            raise self.error(node, t("{key} in {what} must be text; found {found}",
                                     key=field(f.key.value), what=what, found=describe(node)),
                             t("write the text after the colon on the same line"))
        if node.tag == _NULL:
            return None
        value = node.value.rstrip("\n")  # block scalars (|) end with a newline
        return value if value.strip() else None

    def required_str(self, f: _Field, what: Msg) -> str:
        """A text value that must not be empty."""
        value = self.scalar(f, what)
        if value is None:
            raise self.error(f.key, t("{key} in {what} is empty", key=field(f.key.value),
                                      what=what),
                             t("write the {key} after the colon", key=f.key.value))
        return value

    def text(self, f: _Field | None, what: Msg) -> Text | None:
        """An optional inline-markup text field."""
        if f is None:
            return None
        value = self.scalar(f, what)
        return None if value is None else self.inline(f.value, value, what)

    def required_text(self, f: _Field, what: Msg) -> Text:
        return self.inline(f.value, self.required_str(f, what), what)

    def inline(self, node: Node, value: str, what: Msg) -> Text:
        """``value`` (the text of ``node``) with its markup parsed; a star left open is
        an error where that star is written."""
        try:
            return parse_inline(value, self.where(node), strict=True)
        except UnclosedMarkup as e:
            w = self.star_where(node, value, e.offset)
            raise BulletinError(t("{problem} in {what}", problem=e.message, what=what),
                                e.hint, w.file, w.line, w.col) from None

    def star_where(self, node: Node, value: str, offset: int) -> Where:
        """Where the star at ``offset`` in ``value`` is written in the file, exactly, in
        every YAML style (plain, quoted, folded over lines, block): quoting, folding and
        indentation never add or remove a '*', so the value's n-th star is the n-th star
        between the node's start and end marks (of a block, '|' or '>', the last ones: a
        comment may follow its '|'). When the counts differ (a star written as an escape
        such as \\x2A), the node's start."""
        start, end = node.start_mark, node.end_mark
        source = start.buffer[start.index:end.index] if start.buffer else ""
        stars = [k for k, ch in enumerate(source) if ch == "*"]
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            stars = stars[len(stars) - value.count("*"):]
        if len(stars) != value.count("*"):
            return self.where(node)
        k = stars[value.count("*", 0, offset)]
        line_start = source.rfind("\n", 0, k) + 1
        if line_start == 0:
            line, col = start.line + 1, start.column + k + 1
        else:
            line, col = start.line + source.count("\n", 0, k) + 1, k - line_start + 1
        return Where(self.name, line, self.repairs.column(line, col))

    def date(self, f: _Field | None, what: Msg) -> dt.date | None:
        """A YYYY-MM-DD date; anything else is an error showing the right form."""
        if f is None:
            return None
        value = self.scalar(f, what)
        if value is None:
            return None
        hint = t("write the date as YYYY-MM-DD, for example 2021-06-18")
        if not _DATE.fullmatch(value.strip()):
            raise self.error(f.value, t("{key} in {what} is not a date: '{value}'",
                                        key=field(f.key.value), what=what, value=value), hint)
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise self.error(f.value, t("{key} in {what} is not a real date: '{value}'",
                                        key=field(f.key.value), what=what, value=value),
                             hint) from None

    # ----- the tree

    def issue(self, root: Node, source: Path) -> Issue | None:
        fields = self.attempt(lambda: self.mapping(
            root, THE_FILE, TOP_KEYS, t("a mapping with 'bulletin:' and 'articles:'")))
        if fields is None:
            return None
        bulletin = self.require(fields, "bulletin", root, THE_FILE,
                                t("add 'bulletin:' with at least 'name:' (the masthead)"))
        masthead = self.attempt(lambda: self.masthead(bulletin.value)) if bulletin else None
        layout = layout_where = None
        if "layout" in fields:
            layout = self.attempt(lambda: self.scalar(fields["layout"], THE_FILE))
            layout_where = self.where(fields["layout"].value)
        articles = self.require(fields, "articles", root, THE_FILE,
                                t("add 'articles:' followed by the articles, each "
                                  "starting with '- title: …'"))
        built = self.articles(articles) if articles else ()
        return Issue(masthead, built, layout, source,  # type: ignore[arg-type]
                     layout_where=layout_where)

    def masthead(self, node: Node) -> Masthead:
        what = t("'bulletin'")
        fields = self.mapping(node, what, MASTHEAD_KEYS,
                              t("a mapping with 'name:' and the other masthead lines"))
        name = self.require(fields, "name", node, what,
                            t("add 'name:' with the bulletin's name, e.g. 'name: 长阳社区报'"))
        # The masthead is set in its own type: markup is taken out, its characters kept.
        optional = {k: self.attempt(lambda k=k: self.plain(fields[k], what))
                    for k in ("tagline", "publisher", "contact") if k in fields}
        return Masthead(
            name=self.attempt(lambda: self.inline(
                name.value, self.required_str(name, what), what).plain) if name else None,
            issue=self.attempt(lambda: self.issue_number(fields.get("issue"), what)),
            date=self.attempt(lambda: self.date(fields.get("date"), what)),
            **optional,
        )  # type: ignore[arg-type]

    def plain(self, f: _Field, what: Msg) -> str | None:
        """An optional text of the masthead: its characters, markup taken out."""
        value = self.scalar(f, what)
        return self.inline(f.value, value, what).plain if value else value

    def issue_number(self, f: _Field | None, what: Msg) -> int | str | None:
        """``issue: 12`` is a number (第12期); anything else is kept as text."""
        if f is None:
            return None
        value = self.scalar(f, what)
        if value is not None and f.value.tag == "tag:yaml.org,2002:int":
            try:
                return int(value)
            except ValueError:
                return value  # YAML 1.1 forms such as 0x0C or 1_000: keep as written
        return value

    def items(self, f: _Field, what: Msg, hint: Msg) -> list[Node]:
        """The non-empty list under ``f`` (articles, body, list items)."""
        node = self.visit(f.value)
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            if id(node) in self.explained:  # its paragraph went astray: said there
                return []
            raise self.error(f.key, t("{what} is empty", what=what), hint)
        if not isinstance(node, SequenceNode):
            raise self.error(node, t("{what} must be a list; found {found}", what=what,
                                     found=describe(node)), hint)
        if not node.value:
            raise self.error(node, t("{what} is empty", what=what), hint)
        return node.value

    def articles(self, f: _Field) -> tuple[Article, ...]:
        nodes = self.attempt(lambda: self.items(
            f, t("'articles'"),
            t("write each article as a list item starting with '- title: …'"))) or []
        strays = self.strays(nodes)
        articles = [node for node in nodes if id(node) not in strays]
        return tuple(self.attempt(lambda n=n, node=node: self.article(node, n))
                     for n, node in enumerate(articles, 1))  # type: ignore[misc]

    def strays(self, nodes: list[Node]) -> set[int]:
        """Paragraphs typed as far out as the articles' '-', right under an empty 'body:'
        (one space short or more): YAML reads each as an article of its own, and the body
        above as empty. Said once, at the paragraph, as the mistake it is; neither the
        empty body nor the 'article' that is text is reported besides."""
        strays: set[int] = set()
        body: _Field | None = None  # the empty 'body:' the paragraphs below belong to
        for node in nodes:
            if body is None or not isinstance(node, ScalarNode) or node.tag == _NULL:
                body = _empty_body(node)
                continue
            strays.add(id(node))
            self.explained.add(id(body.value))
            w, key = self.where(node), self.where(body.key)
            self.errors.append(BulletinError(
                t("line {line} starts as far in as the articles' '-', so '{text}' is read as "
                  "an article of its own, and the 'body:' above it as empty",
                  line=w.line, text=_short(node.value)),
                t("a paragraph of that body goes under 'body:', further in: put {want} "
                  "before its '-'", want=spaces(key.col - 1 + 2)),
                w.file, w.line, max(w.col - 2, 1)))
        return strays

    def article(self, node: Node, n: int) -> Article:
        what = t("article {n}", n=n)
        fields = self.mapping(node, what, ARTICLE_KEYS,
                              t("a mapping with 'title:' and 'body:'"))
        title = self.require(fields, "title", node, what,
                             t("add 'title: …' (the headline, 主题)"))
        headline = self.attempt(lambda: self.required_text(title, what)) if title else None
        text = {k: self.attempt(lambda k=k: self.text(fields.get(k), what))
                for k in ("column", "kicker", "subtitle", "byline", "lead")}
        body = self.require(fields, "body", node, what,
                            t("add 'body:' followed by the paragraphs, each on its own line "
                              "starting with '- '"))
        blocks = self.body(body, what) if body else ()
        text |= {k: self.attempt(lambda k=k: self.text(fields.get(k), what))
                 for k in ("source", "signed")}
        return Article(
            title=headline,  # type: ignore[arg-type]
            body=blocks,
            signed_date=self.attempt(lambda: self.date(fields.get("signed_date"), what)),
            where=self.where(node),
            writing=self.attempt(lambda: self.writing(fields.get("writing"), what)),
            **text,
        )

    def writing(self, f: _Field | None, what: Msg) -> str | None:
        """``writing: vertical`` (竖排) or ``horizontal`` (横排): the article's direction,
        over the layout's."""
        value = self.scalar(f, what) if f is not None else None
        if f is None or value is None:
            return None
        if value.strip() not in WRITING:
            raise self.error(f.value, t("'writing' in {what} must be vertical or horizontal, "
                                        "not '{value}'", what=what, value=value),
                             t("write 'writing: vertical' (竖排) or 'writing: horizontal' "
                               "(横排), or leave it out for the layout's"))
        return WRITING[value.strip()]

    def body(self, f: _Field, what: Msg) -> tuple[Block, ...]:
        nodes = self.attempt(lambda: self.items(
            f, t("'body' of {what}", what=what),
            t("write each paragraph on its own line starting with '- '"))) or []
        return tuple(self.attempt(lambda n=n, node=node: self.block(
            node, t("body item {n} of {what}", n=n, what=what)))
            for n, node in enumerate(nodes, 1))  # type: ignore[misc]

    def block(self, node: Node, what: Msg) -> Block | None:
        """A paragraph (plain text) or a mapping with one of heading/quote/image/list."""
        if isinstance(node, ScalarNode):
            return self.paragraph(self.visit(node), what)
        if not isinstance(node, MappingNode):
            raise self.error(node, t("{what} must be a paragraph (text) or one of {kinds}; "
                                     "found {found}", what=what, kinds=_or(BLOCK_KINDS),
                                     found=describe(node)),
                             t("a paragraph is written '- 一段正文'"))
        label = self.labelled_line(node, what)
        if label is not None:
            return label
        before = len(self.errors)
        fields = self.mapping(node, what, BLOCK_KINDS + tuple(BLOCK_EXTRAS), t("a mapping"))
        kinds = [k for k in BLOCK_KINDS if k in fields]
        if not kinds and len(self.errors) > before:
            return None  # its only key was unknown: that mistake is said already
        if len(kinds) != 1:
            found = t("none") if not kinds else _and(kinds)
            raise self.error(node, t("{what} must have exactly one of {kinds}; found {found}",
                                     what=what, kinds=_or(BLOCK_KINDS), found=found),
                             t("write each block as its own list item starting with '- '"))
        kind = kinds[0]
        for extra, owner in BLOCK_EXTRAS.items():
            if extra in fields and owner != kind:
                self.errors.append(self.error(
                    fields[extra].key, t("{extra} goes with {owner}, not with {kind}",
                                         extra=field(extra), owner=field(owner),
                                         kind=field(kind)),
                    t("remove {extra} from {what}", extra=field(extra), what=what)))
        return getattr(self, f"block_{kind}")(fields, what)

    def labelled_line(self, node: MappingNode, what: Msg) -> Paragraph | None:
        """``- 联系人: 张丽华`` is a paragraph the author typed, which YAML reads as a key
        and its value: taken as the text ``联系人：张丽华`` (a Chinese colon, as the line
        would be set anyway). Only for one Chinese key that names no field (``小标题:``
        still gets its 'did you mean'), with text after it."""
        if len(node.value) != 1:
            return None
        key, value = node.value[0]
        if not (isinstance(key, ScalarNode) and isinstance(value, ScalarNode)):
            return None
        name = key.value.strip()
        if (not name or name.isascii() or name in CHINESE_KEYS or name in PARAGRAPH_WORDS
                or value.tag == _NULL or not value.value.strip()):
            return None
        self.visit(key)
        self.visit(value)
        text = f"{name}：{value.value.strip()}"
        return Paragraph(self.inline(key, text, what))

    def paragraph(self, node: ScalarNode, what: Msg) -> Paragraph:
        if node.tag == _NULL or not node.value.strip():
            raise self.error(node, t("{what} is empty", what=what),
                             t("write the paragraph after '- ', or delete the line"))
        if node.tag != _STR:
            raise self.error(node, t("{what} is {found}, not text", what=what,
                                     found=describe(node)),
                             t("if it is meant as a paragraph, put it in quotes: - '{value}'",
                               value=node.value))
        self.overindented_item(node)
        return Paragraph(self.inline(node, node.value.rstrip("\n"), what))

    def overindented_item(self, node: ScalarNode) -> None:
        """A plain text going on over a line that starts with '- ': that line is a list
        item indented further than the items above it, which YAML reads as more of the
        text above (``二 - 三``): said at that line."""
        start, end = node.start_mark, node.end_mark
        if node.style is not None or not start.buffer or end.line == start.line:
            return
        lines = start.buffer[start.index:end.index].split("\n")
        for k, line in enumerate(lines[1:], 1):
            if line.lstrip().startswith("- "):
                # Spaces as the file has them (a mend may have moved these lines).
                number = start.line + k + 1
                indent = self.repairs.column(number, len(line) - len(line.lstrip()) + 1) - 1
                above = self.repairs.column(start.line + 1,
                                            _item_indent(start.buffer, start) + 1) - 1
                w = Where(self.name, number, indent + 1)
                raise BulletinError(
                    t("line {line} starts {spaces} in, but the item above starts {above} "
                      "in, so it is read as more of the text of that item",
                      line=w.line, spaces=spaces(indent), above=spaces(above)),
                    item_indent_hint(above), w.file, w.line, w.col)

    def block_heading(self, fields: _Fields, what: Msg) -> Heading:
        return Heading(self.required_text(fields["heading"], what))

    def block_quote(self, fields: _Fields, what: Msg) -> Quote:
        text = self.attempt(lambda: self.required_text(fields["quote"], what))
        by = self.attempt(lambda: self.text(fields.get("by"), what))
        return Quote(text, by)  # type: ignore[arg-type]

    def block_image(self, fields: _Fields, what: Msg) -> Image:
        f = fields["image"]
        caption = self.attempt(lambda: self.text(fields.get("caption"), what))
        value = self.attempt(lambda: self.required_str(f, what))
        path = self.attempt(lambda: self.image_path(f, value)) if value else None
        pixels = self.attempt(lambda: self.image_pixels(f, path, value.strip())) \
            if path and value else None
        return Image(path, caption, self.where(f.value), pixels)  # type: ignore[arg-type]

    def block_list(self, fields: _Fields, what: Msg) -> BulletList:
        nodes = self.attempt(lambda: self.items(
            fields["list"], t("'list' in {what}", what=what),
            t("write the items as '- 第一项' lines under 'list:', or as [第一项, 第二项]"))) or []
        items = tuple(self.attempt(lambda n=n, node=node: self.list_item(
            node, t("item {n} of the list in {what}", n=n, what=what)))
            for n, node in enumerate(nodes, 1))
        counted = self.attempt(lambda: self.numbering(fields.get("numbered"), what,
                                                      len(items)))
        if counted is None or not items or None in items:
            return BulletList(())  # a mistake is kept: this list is never set
        numbered, form = counted
        typed = typed_labels(items) if numbered is not False else None  # type: ignore[arg-type]
        if typed is not None:  # every item starts with its number: those are the labels
            return BulletList(typed[1], typed[0])
        if not numbered:
            return BulletList(items)  # type: ignore[arg-type]
        return BulletList(items,  # type: ignore[arg-type]
                          tuple(Text.of(label) for label in form.labels(len(items))))

    def numbering(self, f: _Field | None, what: Msg,
                  count: int) -> tuple[bool | None, LabelForm]:
        """A list's ``numbered:``: whether it is numbered (None: not said, so numbered when
        every item starts with a number), and the form of the numbers it is given, which
        must count as far as its ``count`` items."""
        form = LabelForm("", "arabic", ".")
        if f is None:
            return None, form
        value = (self.scalar(f, what) or "").strip()
        if f.value.tag == "tag:yaml.org,2002:bool":
            return value.lower() in ("yes", "true", "on"), form
        found = label_form(value)
        if found is None or found[1] != len(value):
            raise self.error(f.value, t("'numbered' in {what} must be yes, no or the first "
                                        "item's number; found {found}", what=what,
                                        found=describe(f.value)),
                             t("for example numbered: yes (1. 2. 3.), numbered: （1）, "
                               "numbered: 一、 or numbered: ①"))
        form = found[0]
        if form.last is not None and form.start + count - 1 > form.last:
            raise self.error(f.value, t("the list in {what} has {count} items, but numbers "
                                        "such as {value} go up to {last}", what=what,
                                        count=count, value=value, last=form.label(form.last)),
                             t("write numbered: yes (1. 2. 3. …)"))
        return True, form

    def list_item(self, node: Node, what: Msg) -> Text:
        """One list item: any non-empty text (a number such as 2021 is fine here)."""
        self.visit(node)
        if not isinstance(node, ScalarNode):
            raise self.error(node, t("{what} must be text; found {found}", what=what,
                                     found=describe(node)))
        value = node.value.rstrip("\n")
        if node.tag == _NULL or not value.strip():
            raise self.error(node, t("{what} is empty", what=what),
                             t("write the item, or delete the line"))
        self.overindented_item(node)
        return self.inline(node, value, what)

    def image_path(self, f: _Field, value: str) -> Path:
        """Resolve relative to the YAML file's folder; it must be an existing file named
        as a picture (``IMAGE_SUFFIXES``; what is inside is checked by ``image_pixels``)."""
        path = (self.folder / value.strip()).resolve()
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise self.error(f.value, t("image '{name}' is not a JPEG or PNG file (nor a "
                                        "HEIC or WebP photo)", name=value),
                             t("convert it to .jpg or .png (a PDF page or an SVG drawing: "
                               "export it as .png) and write that file name"))
        if not path.is_file():
            raise self.error(f.value, t("image not found: {path}", path=path),
                             _missing_file_hint(path, self.folder))
        return path

    def image_pixels(self, f: _Field, path: Path, name: str) -> tuple[int, int]:
        """Width and height in pixels, upright (as the phone shows it: make-up takes the
        proportions from them), after the picture is checked completely (size from its
        header, structure, one full decode): a bad picture is an error here, where its
        name is written, not a crash or a grey patch in a later stage."""
        try:
            return check_picture(path, name).pixels
        except PictureError as e:
            raise self.error(f.value, e.message, e.hint) from None


# --------------------------------------------------------------------------- messages

THE_FILE = t("the file")

# Each field as it must be typed, told with its meaning in Chinese (“title”（标题）).
FIELD_NAMES: dict[str, Msg] = {
    "bulletin": t("'bulletin'"), "name": t("'name'"), "tagline": t("'tagline'"),
    "issue": t("'issue'"), "date": t("'date'"), "publisher": t("'publisher'"),
    "contact": t("'contact'"), "layout": t("'layout'"), "articles": t("'articles'"),
    "column": t("'column'"), "kicker": t("'kicker'"), "title": t("'title'"),
    "subtitle": t("'subtitle'"), "byline": t("'byline'"), "lead": t("'lead'"),
    "body": t("'body'"), "source": t("'source'"), "signed": t("'signed'"),
    "signed_date": t("'signed_date'"), "writing": t("'writing'"),
    "heading": t("'heading'"), "quote": t("'quote'"), "by": t("'by'"),
    "image": t("'image'"), "caption": t("'caption'"), "list": t("'list'"),
    "numbered": t("'numbered'"),
}  # fmt: skip


def field(key: str) -> Msg:
    """A key in quotes, as messages name it: ``'title'``; in Chinese with its meaning."""
    return FIELD_NAMES.get(key) or t("'{key}'", key=key)


def fullwidth_key(text: str, known: Iterable[str] = ()) -> str | None:
    """The key of ``text`` if it starts 'key：' with a full-width colon: an English key
    name, or one of ``known``."""
    match = FULLWIDTH_KEY.match(text)
    if match and (match.group(1) in known or match.group(1).isascii()):
        return match.group(1)
    return None


def nospace_key(text: str, known: Iterable[str]) -> str | None:
    """The key of ``text`` if it is 'key:value', one of ``known`` with no space after its
    colon (YAML then reads the line as a text, not as a key and its value)."""
    match = _NOSPACE_KEY.match(text)
    return match.group(1) if match and match.group(1) in known else None


def suggest(key: str, known: tuple[str, ...]) -> tuple[Msg, str | None]:
    """'did you mean …?' for a mistyped (or Chinese) key, else the list of valid keys;
    and the key it was probably meant as."""
    if "heading" in known and key.lower() in PARAGRAPH_WORDS:
        return t("a paragraph needs no key: write it as '- 一段正文'"), None
    if CHINESE_KEYS.get(key) in known:
        return t("did you mean {key}?", key=field(CHINESE_KEYS[key])), CHINESE_KEYS[key]
    return did_you_mean(key, known, field)


def _or(words: Iterable[str]) -> Msg | str:
    """'heading', 'quote', 'image', 'list': the choices, each named as ``field`` does."""
    return _listed([field(w) for w in words])


def _listed(items: list[Msg] | list[str]) -> Msg | str:
    """``items`` one after another: 'a, b, c' (in Chinese 'a、b、c')."""
    first, *rest = items
    text: Msg | str = first
    for item in rest:
        text = t("{kinds}, {kind}", kinds=text, kind=item)
    return text


def _and(words: Iterable[str]) -> Msg:
    """'heading' and 'quote' (和 in Chinese)."""
    first, *rest = words
    text: Msg = field(first)
    for word in rest:
        text = t("{kinds} and {kind}", kinds=text, kind=field(word))
    return text


def _item_indent(buffer: str, mark: Mark) -> int:
    """How far in the line of ``mark`` starts: where the list item there begins."""
    line_start = buffer.rfind("\n", 0, mark.index) + 1
    line = buffer[line_start:mark.index]
    return len(line) - len(line.lstrip(" "))


def _missing_file_hint(path: Path, folder: Path) -> Msg:
    """Suggest a picture with a similar name, only where the author's own folder is meant
    (the content's folder or one inside it): a path like ../../etc/x.jpg must not make
    the message list another folder's files."""
    hint = t("image paths are relative to the folder of the YAML file ({folder})",
             folder=folder.resolve())
    if not path.parent.is_relative_to(folder.resolve()):
        return hint
    try:
        names = [p.name for p in itertools.islice(path.parent.iterdir(), MAX_LISTED)
                 if p.suffix.lower() in IMAGE_SUFFIXES]
    except OSError:
        names = []
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    if close:
        return t("did you mean '{name}'? {hint}", name=close[0], hint=hint)
    return hint


def _empty_body(node: Node) -> _Field | None:
    """The 'body:' of an article mapping, if it has one with nothing after it."""
    if not isinstance(node, MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value == "body" \
                and isinstance(value, ScalarNode) and value.tag == _NULL:
            return _Field(key, value)
    return None


def _short(text: str) -> str:
    """A paragraph quoted in a message: its first 12 characters."""
    return text if len(text) <= 12 else text[:12] + "…"
