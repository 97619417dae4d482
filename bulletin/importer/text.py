"""Reading plain text (.txt) and Markdown (.md) into blocks.

Text pasted from a web page or a chat arrives with lines broken anywhere, blank lines
in the middle of sentences and half-width punctuation; the author should get back
paragraphs as they were written, with every character kept."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bulletin.errors import BulletinError
from bulletin.i18n import Text, t
from bulletin.style.words import in_turn

from .blocks import (
    COLONS,
    Block,
    ends_sentence,
    full_width,
    full_width_note,
    join,
    looks_like_heading,
    marked_text,
    merge_lists,
    plain_text,
    quoted,
)

INDENT = re.compile(r"^(?:\u3000|\t| {2,})")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^[-*+]\s+(.*)$")
_MD_NUMBER = re.compile(r"^\d{1,3}[.)]\s+(.*)$")
_MD_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)$")


@dataclass
class Line:
    """A non-blank line: its text, and whether a blank line or an indent came before it
    (either starts a paragraph, unless the line before broke off mid-sentence)."""

    text: str
    kind: str = "text"  # text, heading, bullet, number, quote, image
    blank_before: bool = False
    indent: bool = False
    target: str = ""  # an image's path

    @property
    def looks(self) -> str:
        """The line as its punctuation will be: what heading and sentence-end tests see."""
        return full_width(self.text)[0]


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without a BOM), else GB18030, what Chinese Windows
    saves from Notepad; a control character (other than a tab) becomes a space."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BulletinError(t("{path} is not a text file (neither UTF-8 nor GBK)",
                              path=str(path)),
                            t("open it in Notepad, save it as a UTF-8 .txt file and import "
                              "that"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", text)


def split_lines(text: str, markdown: bool) -> list[Line]:
    """The non-blank lines, each marked with what came before it and, in Markdown, what
    kind of line it is."""
    lines: list[Line] = []
    blank = False
    for raw in text.split("\n"):
        if not raw.strip():
            blank = True
            continue
        line = Line(raw.strip().replace("\t", " "), blank_before=blank,
                    indent=bool(INDENT.match(raw)))
        blank = False
        if markdown:
            _markdown_kind(line)
        lines.append(line)
    return lines


def _markdown_kind(line: Line) -> None:
    for kind, pattern in (("heading", _MD_HEADING), ("bullet", _MD_BULLET),
                          ("number", _MD_NUMBER), ("image", _MD_IMAGE)):
        m = pattern.match(line.text)
        if m:
            line.kind = kind
            if kind == "heading":
                line.text = m.group(2)
                line.target = m.group(1)
            elif kind == "image":
                line.text, line.target = m.group(1), m.group(2)
            else:
                line.text = m.group(1)
            return
    if line.text.startswith(">"):
        line.kind, line.text = "quote", line.text.lstrip(">").strip()


def parse(text: str, markdown: bool) -> tuple[list[Block], list[str]]:
    """Blocks from the text, and what was done that the author should know of."""
    lines = split_lines(text, markdown)
    notes: list[Text] = []
    fixed = 0

    def fix(text: str) -> str:  # on whole paragraphs: quotes pair across line breaks
        nonlocal fixed
        text, n = full_width(text)
        fixed += n
        return _escape(text, markdown)
    # Without blank lines or indents, each line is a paragraph; with them, a line that
    # follows another directly continues its paragraph (a hard-wrapped text).
    wrapped = markdown or any(x.blank_before or x.indent for x in lines[1:])
    blocks: list[Block] = []
    current: list[Line] = []  # the lines of the paragraph being gathered
    rejoined: list[str] = []

    def flush() -> None:
        if current:
            para = current[0].text
            for x in current[1:]:
                para = join(para, x.text)
            heading = len(current) == 1 and looks_like_heading(current[0].looks)
            blocks.append(Block("heading" if heading else "para", fix(para)))
            current.clear()

    for line in lines:
        if line.kind != "text":
            flush()
            _special(line, blocks, fix)
            continue
        if current and _continues(current, line, wrapped):
            if line.blank_before or line.indent or not wrapped:  # a break undone
                rejoined.append(current[-1].text[-8:] + "｜" + line.text[:8])
            current.append(line)
            continue
        flush()
        current.append(line)
    flush()
    merge_lists(blocks)
    if rejoined:
        notes.append(t("joined {count} lines broken mid-sentence: {lines}",
                       count=len(rejoined), lines=in_turn(quoted(rejoined))))
    if fixed:
        notes.append(full_width_note(fixed))
    return blocks, notes


def _continues(current: list[Line], line: Line, wrapped: bool) -> bool:
    """Whether ``line`` goes on the paragraph of ``current``: always when the paragraph
    broke off mid-sentence, unless one of them is a heading-like short line."""
    last = current[-1].looks
    if len(current) == 1 and looks_like_heading(last) or looks_like_heading(line.looks):
        return False
    starts = line.blank_before or line.indent
    if not ends_sentence(last):
        return not (starts and last[-1:] in COLONS)
    return wrapped and not starts


def _special(line: Line, blocks: list[Block], fix: Callable[[str], str]) -> None:
    """A Markdown heading, list item, quote line or picture."""
    text = fix(line.text)
    if line.kind == "heading":
        kind = "title" if line.target == "#" and not any(b.kind == "title" for b in blocks) \
            else "heading"
        blocks.append(Block(kind, text, sure=True))
    elif line.kind in ("bullet", "number"):
        blocks.append(Block("item", text, numbered=line.kind == "number"))
    elif line.kind == "quote":
        if blocks and blocks[-1].kind == "quote" and not line.blank_before:
            blocks[-1].text = join(blocks[-1].text, text)
        else:
            blocks.append(Block("quote", text))
    else:
        blocks.append(Block("picture", line.target, caption=text or None))


def _escape(text: str, markdown: bool) -> str:
    return marked_text(text) if markdown else plain_text(text)
