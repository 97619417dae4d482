"""Read a YAML file (content or layout) safely into a node tree with positions.

Shared by the content and style stages so both give the same messages for the
same mistakes: a missing or huge file, a non-UTF-8 encoding (with a guess at
GBK), control characters, YAML syntax errors in plain words (no parser jargon) at
the line to fix, with a hint (``yamlmend``). A content file is read on past a full-width
colon after a key (``title：春节``) and past a layout mistake with one sure fix (a line a
little out of line with its neighbours, no space after ':' or '-', a tab for
indenting): each is reported, with whatever else the file gets wrong.
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
from bulletin.i18n import Msg, Text, t
from bulletin.yamlmend import Mend, Repairs, diagnose, mend_fullwidth

MAX_BYTES = 2 * 1024 * 1024  # a newsletter is a few dozen KB; more is a wrong file
# Written out with every alias replaced by what it names, a file may be no larger than
# a file may be: everything later (walking, setting type) is then bounded by the file.
MAX_EXPANDED = MAX_BYTES
# Layout mistakes mended to read on, at most: past them the author has enough to fix (and
# each mend parses the file again, so the bound keeps a checked file quick).
MAX_MENDS = 50
# Characters parsed, in all, while mending: a few seconds even for the largest file.
MENDING_BUDGET = 4 * MAX_BYTES

# Characters that print as nothing and come along when text is copied from a web page, a
# Word file or a chat: zero-width spaces and joiners, word joiners, the soft hyphen,
# direction marks and embeddings, U+FEFF inside the text (a BOM at the start is dropped
# silently), and variation selectors: the emoji or text presentation selector a chat app
# puts after a symbol (❤️ is U+2764 U+FE0F) and the ideographic ones that ask a font for a
# variant of a Han character (葛 U+E0100), which no bundled font has: the character
# prints in its usual form. No font draws them and a Chinese page needs none, so they
# are dropped (with one warning) rather than stopping the build at "no font has the
# character".
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufe00-\ufe0f\ufeff\U000e0100-\U000e01ef]")


def read_yaml(path: Path, what: Text, warn: Callable[[Text], None] | None = None,
              repairs: Repairs | None = None) -> Node:
    """The node tree of ``path``; ``what`` says what an empty file should hold.

    ``warn`` receives what the user should know but need not fix (invisible
    characters dropped); without it such notes are not reported. With ``repairs``,
    'key：' (one of its keys) is read as 'key: ', and a layout mistake with one sure fix
    is mended (at most MAX_MENDS), each mistake kept there; the mistake that stops
    reading is raised. Without, the first syntax mistake is raised, as for a layout.
    """
    name = str(path)
    text = _decode(_read_bytes(path, name, what), name)
    _check_printable(text, name)
    text, note = _drop_invisible(text, name)
    if note and warn is not None:
        warn(note)
    if repairs is not None and repairs.keys:
        text = mend_fullwidth(text, name, repairs)
    return _compose(text, name, what, repairs)


def _read_bytes(path: Path, name: str, what: Text) -> bytes:
    """Read at most MAX_BYTES + 1 bytes: a huge file must not be read whole."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError
        if not stat.S_ISREG(mode):  # a FIFO or device would block the open or never end
            raise BulletinError(t("is not a regular file (it is a device, pipe or socket)"),
                                t("give the path of a .yaml file"), name)
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise BulletinError(t("file not found"), t("check the file name and folder"),
                            name) from None
    except IsADirectoryError:
        raise BulletinError(t("is a folder, not a file"), t("give the path of a .yaml file"),
                            name) from None
    except OSError as e:
        raise BulletinError(t("cannot read the file ({reason})", reason=e.strerror), None,
                            name) from None
    if len(data) > MAX_BYTES:
        raise BulletinError(
            t("the file is larger than {mb} MB", mb=MAX_BYTES // (1024 * 1024)),
            t("one issue's text is a few dozen KB; is this the right file?"), name)
    if not data.strip():
        raise BulletinError(t("the file is empty"), t("write {what} in it", what=what), name)
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
    byte = f"{data[start]:02X}"
    message = t("the file is not UTF-8 text (byte 0x{byte} cannot be read)", byte=byte)
    hint = t("save the file with the encoding UTF-8")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        hint = t("it looks like UTF-16 ('Unicode'); save it as UTF-8 instead")
    elif _looks_like_gb18030(data):
        hint = t("it looks like GBK/GB18030 (the usual encoding of Chinese Windows); "
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
        code = f"U+{ord(match.group()):04X}"
        raise BulletinError(
            t("invisible control character {code} in the text", code=code),
            t("delete it (it often comes from copying out of a PDF or Word)"), name, line, col)


def _drop_invisible(text: str, name: str) -> tuple[str, Msg | None]:
    """``text`` without INVISIBLE characters, and one note naming the first and how many."""
    first = INVISIBLE.search(text)
    if first is None:
        return text, None
    line, col = _line_col(text, first.start())
    text, count = INVISIBLE.subn("", text)
    ch = first.group()
    what = f"U+{ord(ch):04X} {unicodedata.name(ch, 'FORMAT CHARACTER')}"
    many = (t("{count} invisible characters", count=count) if count > 1
            else t("an invisible character"))
    return text, t("{file}:{line}:{col}: dropped {many} (the first is {what}); such "
                   "characters come with text copied from a web page and would not print",
                   file=printable(name), line=line, col=col, many=many, what=what)


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


_Outcome = Node | None | BaseException


def _parse(text: str) -> _Outcome:
    """The node tree of ``text`` (None if it holds nothing), or what stopped the parser."""
    try:
        loader = _BoundedLoader(text)
    except yaml.YAMLError as e:  # only after a mend gone wrong: checked before reading
        return e
    try:
        return loader.get_single_node()
    except (yaml.YAMLError, RecursionError, _TooLarge) as e:
        return e
    finally:
        loader.dispose()


def _reached(outcome: _Outcome) -> tuple[float, float]:
    """How far the parser got (line, column): a mend must take it further."""
    if isinstance(outcome, yaml.MarkedYAMLError):
        mark = outcome.problem_mark or outcome.context_mark
        return (mark.line, mark.column) if mark else (0, 0)
    if isinstance(outcome, _TooLarge):
        return outcome.event.start_mark.line, outcome.event.start_mark.column
    return float("inf"), 0


def _progress(result: _Outcome, before: yaml.MarkedYAMLError,
              here: tuple[int | None, int | None],
              name: str) -> tuple[int, tuple[float, float]]:
    """How much a mend gained, to choose the best and reject one that gains nothing: 2
    if the parser got further, 1 if it stops where it did but at another mistake (a
    line with two, such as '-title:题'), 0 if not; then how far it got."""
    reached = _reached(result)
    if reached > _reached(before):
        return 2, reached
    if reached == _reached(before) and isinstance(result, yaml.MarkedYAMLError):
        error = diagnose(result, name)[0]
        if (error.line, error.col) != here:
            return 1, reached
    return 0, reached


def _compose(text: str, name: str, what: Text, repairs: Repairs | None = None) -> Node:
    """Parse YAML into a node tree (no objects constructed), turning errors into ours.

    With ``repairs``, a syntax mistake with a sure fix is kept there and mended, and the
    text parsed again, so everything after it is checked too; one with no sure fix, or
    whose fix does not take the parser past it, stops reading as it always did."""
    outcome = _parse(text)
    parsed, mends = len(text), 0
    told: dict[tuple[int | None, int | None], BulletinError] = {}
    while isinstance(outcome, yaml.MarkedYAMLError):
        error, fixes = diagnose(outcome, name, repairs)
        here = (error.line, error.col)
        error = _as_written(error, repairs)
        if repairs is None:
            raise error
        if (error.line, error.col) in told:  # mended here already: told once, not again
            again = told[error.line, error.col]
            repairs.mistakes.remove(again)
            raise again
        if not fixes:
            raise error
        if mends >= MAX_MENDS or parsed + len(fixes) * len(text) > MENDING_BUDGET:
            raise BulletinError(
                t("checking stopped here: too many mistakes in how the lines are indented "
                  "and spaced ({count} above); the lines from here on were not checked in "
                  "full", count=mends),
                t("fix the mistakes above and check again"), name, error.line, error.col)
        best: tuple[tuple[int, tuple[float, float]], Mend, _Outcome, str] | None = None
        # Ways to indent one line, the likeliest first: the first that reads on past it
        # wins (trying the others, one could read on further only by taking a later
        # mistake into a text). Else (a line alone or with those under it) the furthest.
        one_line = all(len(fix) == 1 for fix in fixes)
        for fix in fixes:
            mended = _mended(text, fix)
            result = _parse(mended)
            parsed += len(mended)
            gain = _progress(result, outcome, here, name)
            if one_line and gain[0] and gain[1][0] > fix[0][0]:
                best = (gain, fix, result, mended)
                break
            if best is None or gain > best[0]:
                best = (gain, fix, result, mended)
        assert best is not None
        if best[0][0] == 0:
            raise error  # the fix does not get past it: no sure fix after all
        repairs.mistakes.append(error)
        told[error.line, error.col] = error
        for index, _, after, by in best[1]:
            repairs.shift(index + 1, after, by)
        _, _, outcome, text = best
        mends += 1
    if isinstance(outcome, _TooLarge):
        raise _as_written(_expansion_error(outcome, name), repairs)
    if isinstance(outcome, RecursionError):
        raise BulletinError(t("the file is nested too deeply to be an issue"), None, name)
    if isinstance(outcome, BaseException):
        raise BulletinError(t("YAML syntax error: {problem}",
                              problem=t("the text cannot be read here")),
                            t("check the quoting and the indentation here"), name)
    if outcome is None:
        raise BulletinError(t("the file has no content (only comments or blank lines)"),
                            t("write {what} in it", what=what), name)
    return outcome


def _mended(text: str, fix: Mend) -> str:
    """``text`` with the lines of ``fix`` replaced."""
    lines = text.split("\n")
    for index, line, _, _ in fix:
        lines[index] = line
    return "\n".join(lines)


def _as_written(error: BulletinError, repairs: Repairs | None) -> BulletinError:
    """``error`` with its column as the file has it (not as mended by ``repairs``)."""
    if repairs is not None and error.line is not None and error.col is not None:
        error.col = repairs.column(error.line, error.col)
    return error


def _expansion_error(e: _TooLarge, name: str) -> BulletinError:
    """One message at the alias: what it does and what to write instead."""
    anchor, mark = e.event.anchor, e.event.start_mark
    line, col = mark.line + 1, mark.column + 1
    if e.cyclic:
        return BulletinError(
            t("the alias *{anchor} is inside the &{anchor} it repeats, so it would repeat "
              "itself forever", anchor=anchor),
            t("use *{anchor} only after the part marked &{anchor} has ended", anchor=anchor),
            name, line, col)
    return BulletinError(
        t("at the alias *{anchor} the file grows past {mb} MB of text once its aliases are "
          "written out (each *name repeats what &name marks, and repeats of repeats "
          "multiply)", anchor=anchor, mb=MAX_EXPANDED // (1024 * 1024)),
        t("an issue is a few dozen KB: write the text out where it belongs instead of "
          "repeating it with &name and *name"), name, line, col)
