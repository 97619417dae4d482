"""Read one issue's YAML file into the content model, or fail with one clear message.

Authors are community workers, not programmers: every mistake becomes a
``BulletinError`` naming the file, line and column and saying what would be right.
To know where every value came from, the file is parsed with ``yaml.compose``
(a node tree with positions; safe: nothing is constructed) and the tree is walked
here, field by field, instead of being turned into Python objects first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

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
from bulletin.errors import BulletinError
from bulletin.typeset.vertical import WRITING
from bulletin.yamlsource import read_yaml

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
_FULLWIDTH_KEY = re.compile(r"\s*([A-Za-z_]+)\s*：")
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"


# --------------------------------------------------------------------------- reading


def load_issue(path: str | Path) -> Issue:
    """Load and validate one issue; raise ``BulletinError`` on the first mistake."""
    path = Path(path)
    name = str(path)
    warnings: list[str] = []
    root = read_yaml(path, "the issue: 'bulletin:' and 'articles:'", warnings.append)
    issue = _Walker(name, path.parent).issue(root, path.resolve())
    return replace(issue, warnings=tuple(warnings)) if warnings else issue


# --------------------------------------------------------------------------- walking


@dataclass
class _Field:
    """A mapping entry: the key node (for 'empty value' errors) and the value node."""

    key: ScalarNode
    value: Node


class _Walker:
    """Build the model from the node tree, checking each field where it is."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.visited = 0

    # ----- helpers

    def where(self, node: Node) -> Where:
        mark = node.start_mark
        return Where(self.name, mark.line + 1, mark.column + 1)

    def error(self, node: Node, message: str, hint: str | None = None) -> BulletinError:
        w = self.where(node)
        return BulletinError(message, hint, w.file, w.line, w.col)

    def visit(self, node: Node) -> Node:
        """Count every node walked: aliases can make a small file a huge tree."""
        self.visited += 1
        if self.visited > MAX_NODES:
            raise self.error(node, f"the file expands to more than {MAX_NODES} values",
                             "it repeats anchors (&name / *name) too often; write the "
                             "content out plainly")
        return node

    def mapping(self, node: Node, what: str, keys: Iterable[str],
                expected: str) -> dict[str, _Field]:
        """Check ``node`` is a mapping with known, unique keys; return its fields."""
        self.visit(node)
        known = tuple(keys)
        if isinstance(node, ScalarNode) and (key := fullwidth_key(node.value, known)):
            # 'name：测试': a Chinese colon where the key's colon belongs
            col = node.value.index("：")
            w = self.where(node)
            raise BulletinError(f"'{key}：' has a full-width colon '：' where the key's colon "
                                f"belongs", f"type the half-width ':' and a space: '{key}: …'",
                                w.file, w.line, w.col + col)
        if not isinstance(node, MappingNode):
            raise self.error(node, f"{what} must be {expected}; found {describe(node)}")
        fields: dict[str, _Field] = {}
        for key, value in node.value:
            self.visit(key)
            if not isinstance(key, ScalarNode):
                raise self.error(key, f"a key in {what} must be a plain name; "
                                 f"found {describe(key)}")
            if key.value not in known:
                raise self.error(key, f"unknown key '{key.value}' in {what}",
                                 suggest(key.value, known))
            if key.value in fields:
                first = self.where(fields[key.value].key)
                raise self.error(key, f"'{key.value}' appears twice in {what}",
                                 f"keep one of them (the first is at line {first.line})")
            fields[key.value] = _Field(key, value)
        return fields

    def require(self, fields: dict[str, _Field], key: str, node: Node, what: str,
                hint: str) -> _Field:
        """The field ``key``, or an error at the mapping that lacks it."""
        if key not in fields:
            raise self.error(node, f"{what} has no '{key}'", hint)
        return fields[key]

    def scalar(self, f: _Field, what: str) -> str | None:
        """A text value as written (``12``, ``yes`` stay text); None if empty or null."""
        node = self.visit(f.value)
        if not isinstance(node, ScalarNode):
            raise self.error(node, f"'{f.key.value}' in {what} must be text; "
                             f"found {describe(node)}",
                             "write the text after the colon on the same line")
        if node.tag == _NULL:
            return None
        value = node.value.rstrip("\n")  # block scalars (|) end with a newline
        return value if value.strip() else None

    def required_str(self, f: _Field, what: str) -> str:
        """A text value that must not be empty."""
        value = self.scalar(f, what)
        if value is None:
            raise self.error(f.key, f"'{f.key.value}' in {what} is empty",
                             f"write the {f.key.value} after the colon")
        return value

    def text(self, f: _Field | None, what: str) -> Text | None:
        """An optional inline-markup text field."""
        if f is None:
            return None
        value = self.scalar(f, what)
        return None if value is None else self.inline(f.value, value, what)

    def required_text(self, f: _Field, what: str) -> Text:
        return self.inline(f.value, self.required_str(f, what), what)

    def inline(self, node: Node, value: str, what: str) -> Text:
        """``value`` (the text of ``node``) with its markup parsed; a star left open is
        an error where that star is written."""
        try:
            return parse_inline(value, self.where(node), strict=True)
        except UnclosedMarkup as e:
            w = self.star_where(node, value, e.offset)
            raise BulletinError(f"{e.message} in {what}", e.hint, w.file, w.line,
                                w.col) from None

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
            return Where(self.name, start.line + 1, start.column + k + 1)
        return Where(self.name, start.line + source.count("\n", 0, k) + 1, k - line_start + 1)

    def date(self, f: _Field | None, what: str) -> dt.date | None:
        """A YYYY-MM-DD date; anything else is an error showing the right form."""
        if f is None:
            return None
        value = self.scalar(f, what)
        if value is None:
            return None
        hint = "write the date as YYYY-MM-DD, for example 2021-06-18"
        if not _DATE.fullmatch(value.strip()):
            raise self.error(f.value, f"'{f.key.value}' in {what} is not a date: "
                             f"'{value}'", hint)
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise self.error(f.value, f"'{f.key.value}' in {what} is not a real date: "
                             f"'{value}'", hint) from None

    # ----- the tree

    def issue(self, root: Node, source: Path) -> Issue:
        fields = self.mapping(root, "the file", TOP_KEYS,
                              "a mapping with 'bulletin:' and 'articles:'")
        bulletin = self.require(fields, "bulletin", root, "the file",
                                "add 'bulletin:' with at least 'name:' (the masthead)")
        masthead = self.masthead(bulletin.value)
        layout = self.scalar(fields["layout"], "the file") if "layout" in fields else None
        layout_where = self.where(fields["layout"].value) if "layout" in fields else None
        articles = self.require(fields, "articles", root, "the file",
                                "add 'articles:' followed by the articles, each "
                                "starting with '- title: …'")
        return Issue(masthead, self.articles(articles), layout, source,
                     layout_where=layout_where)

    def masthead(self, node: Node) -> Masthead:
        what = "'bulletin'"
        fields = self.mapping(node, what, MASTHEAD_KEYS,
                              "a mapping with 'name:' and the other masthead lines")
        name = self.require(fields, "name", node, what,
                            "add 'name:' with the bulletin's name, e.g. 'name: 长阳社区报'")
        # The masthead is set in its own type: markup is taken out, its characters kept.
        optional = {k: self.inline(fields[k].value, v, what).plain
                    if (v := self.scalar(fields[k], what)) else v
                    for k in ("tagline", "publisher", "contact") if k in fields}
        return Masthead(
            name=self.inline(name.value, self.required_str(name, what), what).plain,
            issue=self.issue_number(fields.get("issue"), what),
            date=self.date(fields.get("date"), what),
            **optional,
        )

    def issue_number(self, f: _Field | None, what: str) -> int | str | None:
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

    def items(self, f: _Field, what: str, hint: str) -> list[Node]:
        """The non-empty list under ``f`` (articles, body, list items)."""
        node = self.visit(f.value)
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            raise self.error(f.key, f"{what} is empty", hint)
        if not isinstance(node, SequenceNode):
            raise self.error(node, f"{what} must be a list; found {describe(node)}", hint)
        if not node.value:
            raise self.error(node, f"{what} is empty", hint)
        return node.value

    def articles(self, f: _Field) -> tuple[Article, ...]:
        nodes = self.items(f, "'articles'",
                           "write each article as a list item starting with '- title: …'")
        return tuple(self.article(node, n) for n, node in enumerate(nodes, 1))

    def article(self, node: Node, n: int) -> Article:
        what = f"article {n}"
        fields = self.mapping(node, what, ARTICLE_KEYS,
                              "a mapping with 'title:' and 'body:'")
        title = self.require(fields, "title", node, what,
                             "add 'title: …' (the headline, 主题)")
        body = self.require(fields, "body", node, what,
                            "add 'body:' followed by the paragraphs, each on its own line "
                            "starting with '- '")
        text = {k: self.text(fields.get(k), what)
                for k in ("column", "kicker", "subtitle", "byline", "lead", "source", "signed")}
        return Article(
            title=self.required_text(title, what),
            body=self.body(body, what),
            signed_date=self.date(fields.get("signed_date"), what),
            where=self.where(node),
            writing=self.writing(fields.get("writing"), what),
            **text,
        )

    def writing(self, f: _Field | None, what: str) -> str | None:
        """``writing: vertical`` (竖排) or ``horizontal`` (横排): the article's direction,
        over the layout's."""
        value = self.scalar(f, what) if f is not None else None
        if f is None or value is None:
            return None
        if value.strip() not in WRITING:
            raise self.error(f.value, f"'writing' in {what} must be vertical or horizontal, "
                             f"not '{value}'", "write 'writing: vertical' (竖排) or "
                             "'writing: horizontal' (横排), or leave it out for the layout's")
        return WRITING[value.strip()]

    def body(self, f: _Field, what: str) -> tuple[Block, ...]:
        nodes = self.items(f, f"'body' of {what}",
                           "write each paragraph on its own line starting with '- '")
        return tuple(self.block(node, f"body item {n} of {what}")
                     for n, node in enumerate(nodes, 1))

    def block(self, node: Node, what: str) -> Block:
        """A paragraph (plain text) or a mapping with one of heading/quote/image/list."""
        if isinstance(node, ScalarNode):
            return self.paragraph(self.visit(node), what)
        if not isinstance(node, MappingNode):
            raise self.error(node, f"{what} must be a paragraph (text) or one of "
                             f"{_or(BLOCK_KINDS)}; found {describe(node)}",
                             "a paragraph is written '- 一段正文'")
        label = self.labelled_line(node, what)
        if label is not None:
            return label
        fields = self.mapping(node, what, BLOCK_KINDS + tuple(BLOCK_EXTRAS), "a mapping")
        kinds = [k for k in BLOCK_KINDS if k in fields]
        if len(kinds) != 1:
            found = "none" if not kinds else " and ".join(f"'{k}'" for k in kinds)
            raise self.error(node, f"{what} must have exactly one of {_or(BLOCK_KINDS)}; "
                             f"found {found}",
                             "write each block as its own list item starting with '- '")
        kind = kinds[0]
        for extra, owner in BLOCK_EXTRAS.items():
            if extra in fields and owner != kind:
                raise self.error(fields[extra].key, f"'{extra}' goes with '{owner}', "
                                 f"not with '{kind}'", f"remove '{extra}' from {what}")
        return getattr(self, f"block_{kind}")(fields, what)

    def labelled_line(self, node: MappingNode, what: str) -> Paragraph | None:
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

    def paragraph(self, node: ScalarNode, what: str) -> Paragraph:
        if node.tag == _NULL or not node.value.strip():
            raise self.error(node, f"{what} is empty",
                             "write the paragraph after '- ', or delete the line")
        if node.tag != _STR:
            raise self.error(node, f"{what} is {describe(node)}, not text",
                             f"if it is meant as a paragraph, put it in quotes: "
                             f"- '{node.value}'")
        return Paragraph(self.inline(node, node.value.rstrip("\n"), what))

    def block_heading(self, fields: dict[str, _Field], what: str) -> Heading:
        return Heading(self.required_text(fields["heading"], what))

    def block_quote(self, fields: dict[str, _Field], what: str) -> Quote:
        return Quote(self.required_text(fields["quote"], what), self.text(fields.get("by"), what))

    def block_image(self, fields: dict[str, _Field], what: str) -> Image:
        f = fields["image"]
        value = self.required_str(f, what)
        path = self.image_path(f, value)
        return Image(path, self.text(fields.get("caption"), what), self.where(f.value),
                     self.image_pixels(f, path, value.strip()))

    def block_list(self, fields: dict[str, _Field], what: str) -> BulletList:
        nodes = self.items(fields["list"], f"'list' in {what}",
                           "write the items as '- 第一项' lines under 'list:', "
                           "or as [第一项, 第二项]")
        items = tuple(self.list_item(node, f"item {n} of the list in {what}")
                      for n, node in enumerate(nodes, 1))
        numbered, form = self.numbering(fields.get("numbered"), what, len(items))
        typed = typed_labels(items) if numbered is not False else None
        if typed is not None:  # every item starts with its number: those are the labels
            return BulletList(typed[1], typed[0])
        if not numbered:
            return BulletList(items)
        return BulletList(items, tuple(Text.of(label) for label in form.labels(len(items))))

    def numbering(self, f: _Field | None, what: str,
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
            raise self.error(f.value, f"'numbered' in {what} must be yes, no or the first "
                             f"item's number; found {describe(f.value)}",
                             "for example numbered: yes (1. 2. 3.), numbered: （1）, "
                             "numbered: 一、 or numbered: ①")
        form = found[0]
        if form.last is not None and form.start + count - 1 > form.last:
            raise self.error(f.value, f"the list in {what} has {count} items, but numbers "
                             f"such as {value} go up to {form.label(form.last)}",
                             "write numbered: yes (1. 2. 3. …)")
        return True, form

    def list_item(self, node: Node, what: str) -> Text:
        """One list item: any non-empty text (a number such as 2021 is fine here)."""
        self.visit(node)
        if not isinstance(node, ScalarNode):
            raise self.error(node, f"{what} must be text; found {describe(node)}")
        value = node.value.rstrip("\n")
        if node.tag == _NULL or not value.strip():
            raise self.error(node, f"{what} is empty", "write the item, or delete the line")
        return self.inline(node, value, what)

    def image_path(self, f: _Field, value: str) -> Path:
        """Resolve relative to the YAML file's folder; it must be an existing file named
        as a picture (``IMAGE_SUFFIXES``; what is inside is checked by ``image_pixels``)."""
        path = (self.folder / value.strip()).resolve()
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise self.error(f.value, f"image '{value}' is not a JPEG or PNG file (nor a "
                             "HEIC or WebP photo)",
                             "convert it to .jpg or .png (a PDF page or an SVG drawing: "
                             "export it as .png) and write that file name")
        if not path.is_file():
            raise self.error(f.value, f"image not found: {path}",
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


def fullwidth_key(text: str, known: Iterable[str] = ()) -> str | None:
    """The key of ``text`` if it starts 'key：' with a full-width colon: an English key
    name, or one of ``known``."""
    match = _FULLWIDTH_KEY.match(text)
    if match and (match.group(1) in known or match.group(1).isascii()):
        return match.group(1)
    return None


def describe(node: Node) -> str:
    """What the author wrote, in words: for 'found …' in messages (never dumps a tree)."""
    if isinstance(node, MappingNode):
        return "a mapping ('key: value' lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = node.tag.rsplit(":", 1)[-1]
    short = node.value if len(node.value) <= 20 else node.value[:20] + "…"
    return {
        "null": "nothing (an empty value)",
        "int": f"the number {short}",
        "float": f"the number {short}",
        "bool": f"'{short}' (read as yes/no)",
        "timestamp": f"the date {short}",
    }.get(kind, f"the text '{short}'")


def suggest(key: str, known: tuple[str, ...]) -> str:
    """'did you mean …?' for a mistyped (or Chinese) key, else the list of valid keys."""
    if "heading" in known and key.lower() in PARAGRAPH_WORDS:
        return "a paragraph needs no key: write it as '- 一段正文'"
    if CHINESE_KEYS.get(key) in known:
        return f"did you mean '{CHINESE_KEYS[key]}'?"
    close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "the keys allowed here are " + ", ".join(known)


def _or(words: Iterable[str]) -> str:
    return ", ".join(f"'{w}'" for w in words)


def _missing_file_hint(path: Path, folder: Path) -> str:
    """Suggest a picture with a similar name, only where the author's own folder is meant
    (the content's folder or one inside it): a path like ../../etc/x.jpg must not make
    the message list another folder's files."""
    hint = f"image paths are relative to the folder of the YAML file ({folder.resolve()})"
    if not path.parent.is_relative_to(folder.resolve()):
        return hint
    try:
        names = [p.name for p in itertools.islice(path.parent.iterdir(), MAX_LISTED)
                 if p.suffix.lower() in IMAGE_SUFFIXES]
    except OSError:
        names = []
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'? " + hint
    return hint
