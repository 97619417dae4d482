"""Read a YAML file (content or layout) safely into a node tree with positions.

Shared by the content and style stages so both give the same messages for the
same mistakes: a missing or huge file, a non-UTF-8 encoding (with a guess at
GBK), control characters, YAML syntax errors with file:line:col and a hint.
``yaml.compose`` builds nodes only: no Python object is ever constructed, and
the text the aliases (``*name``) stand for is bounded like the file itself, so a
small file cannot expand into a huge one ("billion laughs").
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bulletin.errors import BulletinError, printable

MAX_BYTES = 2 * 1024 * 1024  # a newsletter is a few dozen KB; more is a wrong file
# Written out with every alias replaced by what it names, a file may be no larger than
# a file may be: everything later (walking, setting type) is then bounded by the file.
MAX_EXPANDED = MAX_BYTES

# Characters that print as nothing and come along when text is copied from a web page or
# a Word file: zero-width spaces and joiners, word joiners, the soft hyphen, direction
# marks and embeddings, and U+FEFF inside the text (a BOM at the start is dropped
# silently). No font draws them and a Chinese page needs none, so they are dropped
# (with one warning) rather than stopping the build at "no font has the character".
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufeff]")


def read_yaml(path: Path, what: str, warn: Callable[[str], None] | None = None) -> Node:
    """The node tree of ``path``; ``what`` says what an empty file should hold.

    ``warn`` receives what the user should know but need not fix (invisible
    characters dropped); without it such notes are not reported.
    """
    name = str(path)
    text = _decode(_read_bytes(path, name, what), name)
    _check_printable(text, name)
    text, note = _drop_invisible(text, name)
    if note and warn is not None:
        warn(note)
    return _compose(text, name, what)


def _read_bytes(path: Path, name: str, what: str) -> bytes:
    """Read at most MAX_BYTES + 1 bytes: a huge file must not be read whole."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError
        if not stat.S_ISREG(mode):  # a FIFO or device would block the open or never end
            raise BulletinError("is not a regular file (it is a device, pipe or socket)",
                                "give the path of a .yaml file", name)
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise BulletinError("file not found", "check the file name and folder", name) from None
    except IsADirectoryError:
        raise BulletinError("is a folder, not a file", "give the path of a .yaml file",
                            name) from None
    except OSError as e:
        raise BulletinError(f"cannot read the file ({e.strerror})", None, name) from None
    if len(data) > MAX_BYTES:
        raise BulletinError(
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB",
            "one issue's text is a few dozen KB; is this the right file?", name)
    if not data.strip():
        raise BulletinError("the file is empty",
                            f"write {what} in it", name)
    return data


def _decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (dropping a BOM); on failure say where and what the file looks like."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _encoding_error(data, e.start, name) from None
    return text[1:] if text.startswith("\ufeff") else text


def _encoding_error(data: bytes, start: int, name: str) -> BulletinError:
    """Point at the first bad byte and guess the encoding the file was saved in."""
    line_start = data.rfind(b"\n", 0, start) + 1
    line = data.count(b"\n", 0, start) + 1
    col = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
    message = f"the file is not UTF-8 text (byte 0x{data[start]:02X} cannot be read)"
    hint = "save the file with the encoding UTF-8"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        hint = "it looks like UTF-16 ('Unicode'); save it as UTF-8 instead"
    elif _looks_like_gb18030(data):
        hint = ("it looks like GBK/GB18030 (the usual encoding of Chinese Windows); "
                "save it as UTF-8 (记事本: 另存为 → 编码 UTF-8)")
    return BulletinError(message, hint, name, line, col)


def _looks_like_gb18030(data: bytes) -> bool:
    """True if the bytes decode as GB18030 into text with Chinese characters in it."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _check_printable(text: str, name: str) -> None:
    """Reject control characters (YAML refuses them) with their position and code point."""
    match = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if match:
        line, col = _line_col(text, match.start())
        raise BulletinError(
            f"invisible control character U+{ord(match.group()):04X} in the text",
            "delete it (it often comes from copying out of a PDF or Word)", name, line, col)


def _drop_invisible(text: str, name: str) -> tuple[str, str | None]:
    """``text`` without INVISIBLE characters, and one note naming the first and how many."""
    first = INVISIBLE.search(text)
    if first is None:
        return text, None
    line, col = _line_col(text, first.start())
    text, count = INVISIBLE.subn("", text)
    ch = first.group()
    what = f"U+{ord(ch):04X} {unicodedata.name(ch, 'FORMAT CHARACTER')}"
    many = f"{count} invisible characters" if count > 1 else "an invisible character"
    return text, (f"{printable(name)}:{line}:{col}: dropped {many} (the first is {what}); such "
                  "characters come with text copied from a web page and would not print")


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


class _TooLarge(Exception):
    """Raised by the loader at the alias that crosses MAX_EXPANDED (or refers to itself)."""

    def __init__(self, event: AliasEvent, cyclic: bool) -> None:
        super().__init__(event.anchor)
        self.event = event
        self.cyclic = cyclic


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that keeps count, while composing, of the size the file would have
    written out with every alias replaced by what it names.

    Aliases share node objects, so each anchored node's size is kept once (by identity)
    and an alias adds it in one step: the count costs one pass over the file, however
    large the expansion, and it stops at the alias that crosses the bound, before the
    rest of the file is even parsed.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.expanded = 0  # bytes of text plus one per node, aliases expanded
        self.sizes: dict[int, int] = {}  # id(anchored node) -> its expanded size

    def compose_node(self, parent: Node | None, index: object) -> Node:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)
            size = self.sizes.get(id(node))
            if size is None:  # the anchored node is still open: the alias is inside it
                raise _TooLarge(event, cyclic=True)
            self.expanded += size
            if self.expanded > MAX_EXPANDED:
                raise _TooLarge(event, cyclic=False)
            return node
        anchored = self.peek_event().anchor is not None
        before = self.expanded
        node = super().compose_node(parent, index)
        if anchored:
            self.sizes[id(node)] = self.expanded - before
        return node

    def compose_scalar_node(self, anchor: str | None) -> ScalarNode:
        node = super().compose_scalar_node(anchor)
        self.expanded += 1 + len(node.value.encode("utf-8", "surrogatepass"))
        return node

    def compose_sequence_node(self, anchor: str | None) -> SequenceNode:
        self.expanded += 1
        return super().compose_sequence_node(anchor)

    def compose_mapping_node(self, anchor: str | None) -> MappingNode:
        self.expanded += 1
        return super().compose_mapping_node(anchor)


def _compose(text: str, name: str, what: str) -> Node:
    """Parse YAML into a node tree (no objects constructed), turning errors into ours."""
    loader = _BoundedLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        raise _syntax_error(e, name) from None
    except yaml.YAMLError as e:
        raise BulletinError(f"YAML error: {e}", None, name) from None
    except RecursionError:
        raise BulletinError("the file is nested too deeply to be an issue", None, name) from None
    except _TooLarge as e:
        raise _expansion_error(e, name) from None
    finally:
        loader.dispose()
    if root is None:
        raise BulletinError("the file has no content (only comments or blank lines)",
                            f"write {what} in it", name)
    return root


def _expansion_error(e: _TooLarge, name: str) -> BulletinError:
    """One message at the alias: what it does and what to write instead."""
    anchor, mark = e.event.anchor, e.event.start_mark
    line, col = mark.line + 1, mark.column + 1
    if e.cyclic:
        return BulletinError(
            f"the alias *{anchor} is inside the &{anchor} it repeats, so it would repeat "
            "itself forever", f"use *{anchor} only after the part marked &{anchor} has ended",
            name, line, col)
    return BulletinError(
        f"at the alias *{anchor} the file grows past {MAX_EXPANDED // (1024 * 1024)} MB "
        "of text once its aliases are written out (each *name repeats what &name marks, "
        "and repeats of repeats multiply)",
        "an issue is a few dozen KB: write the text out where it belongs instead of "
        "repeating it with &name and *name", name, line, col)


# (words in PyYAML's problem or context, hint): the first that matches wins.
_SYNTAX_HINTS = (
    ("'\\t'", "indent with spaces, not tabs"),
    ("tab", "indent with spaces, not tabs"),
    ("mapping values are not allowed",
     "a text containing ': ' (colon and space) must be put in quotes, or use the "
     "full-width colon '：'; also check that the line above has a space after its colon, "
     "as in 'title: 标题'"),
    ("could not find expected ':'",
     "write 'key: value' with a space after the colon; text that goes on over several "
     "lines must be indented more than its key"),
    ("alias",
     "a text that starts with '*' (such as **加粗** or *着重*) must be put in quotes: "
     "'**加粗**开头'"),
    ("cannot start any token",
     "a text that starts with '@' or '`' must be put in quotes"),
    ("unknown escape character",
     "inside \"double quotes\" a backslash starts an escape: use 'single quotes' or no "
     "quotes for text with a backslash, such as \\*"),
    ("quoted scalar", "a quotation mark (\" or ') is not closed; close it or remove it"),
    ("document", "a file holds one issue: remove the '---' or '...' line"),
    ("flow", "a [list] or {mapping} is not closed; close it, or put text containing "
     "[ ] { } or , in quotes"),
    ("block", "check the indentation: the keys of one mapping, and the '- ' items of one "
     "list, must start in the same column"),
    ("expected key", "check the indentation: the keys of one mapping, and the '- ' items "
     "of one list, must start in the same column"),
)


_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_]+)\s*：")


def _fullwidth_key(e: yaml.MarkedYAMLError, name: str) -> BulletinError | None:
    """'title：标题' on the line of the mistake or the one above: a Chinese colon where
    the key's colon belongs (YAML then reads the line as text and trips on the next)."""
    mark = e.problem_mark or e.context_mark
    if mark is None or not mark.buffer:
        return None
    lines = mark.buffer.split("\n")
    for number in (mark.line, mark.line - 1):
        if 0 <= number < len(lines) and (m := _FULLWIDTH_KEY.match(lines[number])):
            return BulletinError(
                f"'{m.group(1)}：' has a full-width colon '：' where the key's colon belongs",
                f"type the half-width ':' and a space: '{m.group(1)}: …'", name,
                number + 1, lines[number].index("：") + 1)
    return None


def _syntax_error(e: yaml.MarkedYAMLError, name: str) -> BulletinError:
    """One message at the problem's position, with a hint for the usual causes."""
    fullwidth = _fullwidth_key(e, name)
    if fullwidth is not None:
        return fullwidth
    problem, context = e.problem or "syntax error", e.context or ""
    mark, cm = e.problem_mark or e.context_mark, e.context_mark
    if cm and "end of stream" in problem:  # an unclosed quote or bracket: point at its start
        mark, problem = cm, f"the file ends {context}".strip()
    elif context and problem.startswith("but "):  # "expected X, but found Y"
        problem = f"{context}, {problem}"
    elif context and cm and mark and (cm.line, cm.column) != (mark.line, mark.column):
        problem += f" ({context}, which started at line {cm.line + 1}, column {cm.column + 1})"
    words = f"{e.problem or ''} {context}"
    hint = next((h for key, h in _SYNTAX_HINTS if key in words),
                "check the quoting and the indentation here")
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return BulletinError(f"YAML syntax error: {problem}", hint, name, line, col)
