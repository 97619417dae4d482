"""YAML syntax mistakes in plain words, at the line to fix, and the sure mends that let
checking go on past them.

PyYAML says where it stopped in parser words ("mapping values are not allowed here",
"expected <block end>"); an author needs to hear which line is out of line, by how many
spaces, and what to type. The usual mistakes of a hand-typed file are recognised from
the lines themselves: a list item or key a little out of line with its neighbours, an
item short of its key, no space after ':' or '-', a tab used to indent, text under a
key, a full-width colon after a key. Where one fix is sure, it comes with the message as
a mend (lines changed, never added or removed, so line numbers stay as written), and
``Repairs`` remembers how each mend moved the text, so later messages still give the
columns as the file has them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml
from yaml.error import Mark

from bulletin.errors import BulletinError, printable
from bulletin.i18n import Msg, t

# A mend: for each line it changes, (index, the line as mended, after, by) as in
# ``Repairs.shift``. Lines are never added or removed, so line numbers stay as written.
Mend = list[tuple[int, str, int, int]]


@dataclass
class Repairs:
    """What reading mended to go on, each mistake kept in ``mistakes``: a full-width colon
    after one of ``keys`` read as ':', a layout mistake with one sure fix mended. ``moved``
    is, for each line a mend made longer or shorter, its shifts in the order made: (after,
    by) says the text read past column ``after`` is ``by`` columns further right than
    before that mend, so messages can give the column as written."""

    keys: frozenset[str]
    mistakes: list[BulletinError] = field(default_factory=list)
    moved: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def shift(self, line: int, after: int, by: int) -> None:
        """Note that a mend moved the text of ``line`` past column ``after`` by ``by``."""
        if by:
            self.moved.setdefault(line, []).append((after, by))

    def column(self, line: int, col: int) -> int:
        """The column as written of ``col`` (1-based) in the text as read."""
        for after, by in reversed(self.moved.get(line, ())):
            if col > after:
                col = max(col - by, 1)
        return col


# (words in PyYAML's problem or context, hint): the first that matches wins. PyYAML's
# own words are only matched, never shown: they are parser jargon to an author.
_SYNTAX_HINTS = (
    ("'\\t'", t("indent with spaces, not tabs")),
    ("tab", t("indent with spaces, not tabs")),
    ("mapping values are not allowed",
     t("a text containing ': ' (colon and space) must be put in quotes, or use the "
       "full-width colon '：'; also check that the line above has a space after its colon, "
       "as in 'title: 标题'")),
    ("could not find expected ':'",
     t("write 'key: value' with a space after the colon; text that goes on over several "
       "lines must be indented more than its key")),
    ("alias",
     t("a text that starts with '*' (such as **加粗** or *着重*) must be put in quotes: "
       "'**加粗**开头'")),
    ("cannot start any token", t("a text that starts with '@' or '`' must be put in quotes")),
    ("unknown escape character",
     t("inside \"double quotes\" a backslash starts an escape: use 'single quotes' or no "
       "quotes for text with a backslash, such as \\*")),
    ("quoted scalar", t("a quotation mark (\" or ') is not closed; close it or remove it")),
    ("document", t("a file holds one issue: remove the '---' or '...' line")),
    ("flow", t("a [list] or {mapping} is not closed; close it, or put text containing "
               "[ ] { } or , in quotes")),
    ("block scalar", t("after '|' or '>' nothing may follow on its line: start the text on "
                       "the next line, indented")),
    ("block", t("check the indentation: the keys of one mapping, and the '- ' items of one "
                "list, must start in the same column")),
    ("expected key", t("check the indentation: the keys of one mapping, and the '- ' items "
                       "of one list, must start in the same column")),
)

# The problem in plain words (PyYAML's own are jargon: "mapping values", "scalar").
_PLAIN_PROBLEMS = (
    ("mapping values are not allowed",
     t("the text has ': ' (a colon and a space) in it, which reads as a new key")),
    ("could not find expected ':'",
     t("this line is neither 'key: value' nor a '- ' item")),
    ("unknown escape character", t("inside double quotes a backslash starts an escape, and "
                                   "this one is not known")),
    ("undefined alias", t("a text that starts with '*' refers to a part marked with '&', "
                          "and there is none of that name")),
    ("duplicate anchor", t("the same '&name' marks two parts")),
    ("document", t("a second part ('---' or '...') starts here")),
    ("sequence entries are not allowed", t("a '- ' item cannot start here")),
)

# A key that is one word of letters, at a line's start (after '- ' if an item).
_KEY_LINE = re.compile(r"^( *)(- +)?([A-Za-z_][A-Za-z0-9_]*) *:(?=\s|$)")
_NOSPACE_COLON = re.compile(r"^( *)(?:- +)?([A-Za-z_][A-Za-z0-9_]*):(?=[^\s:])")
_NOSPACE_DASH = re.compile(r"^( *)-(?=[^\s-])")
_ITEM_LINE = re.compile(r"^( *)- ")
_FULLWIDTH_LINE = re.compile(r"^( *(?:- +)?)([A-Za-z_]+)( *)：")
# A key typed with a full-width colon (in a line, or a text YAML read whole).
FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_]+)\s*：")


def fullwidth_message(key: str) -> Msg:
    """The one wording of 'title：' (content pre-scan, syntax error, loader)."""
    return t("'{key}：' has a full-width colon '：' where the key's colon belongs", key=key)


def fullwidth_hint(key: str) -> Msg:
    return t("type the half-width ':' and a space: '{key}: …'", key=key)


def mend_fullwidth(text: str, name: str, repairs: Repairs) -> str:
    """``text`` with every 'key：' (a known key, a full-width colon) read as 'key: ', each
    one a mistake kept in ``repairs``: the rest of the file is then read and checked too,
    instead of stopping at the syntax error the colon makes."""
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        m = _FULLWIDTH_LINE.match(line)
        if m is None or m.group(2) not in repairs.keys:
            continue
        colon = m.end() - 1
        repairs.mistakes.append(BulletinError(fullwidth_message(m.group(2)),
                                              fullwidth_hint(m.group(2)), name, number,
                                              colon + 1))
        after = line[colon + 1:colon + 2]
        if after in ("", " ", "\t", "\r"):
            lines[number - 1] = line[:colon] + ":" + line[colon + 1:]
        else:
            lines[number - 1] = line[:colon] + ": " + line[colon + 1:]
            repairs.shift(number, colon + 2, 1)
    return "\n".join(lines)


def _fullwidth_key(e: yaml.MarkedYAMLError, name: str) -> BulletinError | None:
    """'title：标题' on the line of the mistake or the one above: a Chinese colon where
    the key's colon belongs (YAML then reads the line as text and trips on the next)."""
    mark = e.problem_mark or e.context_mark
    if mark is None or not mark.buffer:
        return None
    lines = mark.buffer.split("\n")
    for number in (mark.line, mark.line - 1):
        if 0 <= number < len(lines) and (m := FULLWIDTH_KEY.match(lines[number])):
            return BulletinError(fullwidth_message(m.group(1)), fullwidth_hint(m.group(1)),
                                 name, number + 1, lines[number].index("：") + 1)
    return None


def spaces(n: int) -> Msg:
    """'1 space', '6 spaces': how far in a line starts."""
    return t("1 space") if n == 1 else t("{n} spaces", n=n)


def item_indent_hint(above: int) -> Msg:
    """What would be right for a list item not in line with the items above it."""
    return t("the items of one list start in the same column: put {above} before its '-'",
             above=spaces(above))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# Where a column of the text as read (0-based, by line index) is in the file as written:
# after a mend has moved a line, a message counts the spaces the author sees.
_At = Callable[[int, int], int]


def _same(index: int, col: int) -> int:
    return col


def _meaningful(lines: list[str], before: int) -> list[tuple[int, str]]:
    """The lines above index ``before`` that hold something (not blank, not a comment),
    nearest first, with their indices."""
    return [(k, lines[k]) for k in range(before - 1, -1, -1)
            if lines[k].strip() and not lines[k].lstrip().startswith("#")]


class _Place:
    """A mistake found by looking at the lines: where, what, what would be right, and
    the sure ways to mend it (best first; none when what is meant is not clear)."""

    def __init__(self, index: int, col: int, message: Msg, hint: Msg,
                 fixes: list[Mend] | None = None) -> None:
        self.line, self.col, self.message, self.hint = index + 1, col + 1, message, hint
        self.fixes = fixes or []


def _moved(lines: list[str], index: int, to: int, block: bool) -> Mend:
    """Line ``index`` started ``to`` spaces in; with ``block``, the lines under it (further
    in than it is and than it goes, up to the next line that is not) moved with it, so they
    stay under it. A line at ``to`` is its neighbour, not under it."""
    here = _indent(lines[index])
    by = to - here
    rows = [index]
    for k in range(index + 1, len(lines)) if block else ():
        if not lines[k].strip():
            continue
        if _indent(lines[k]) <= max(here, to):
            if lines[k].lstrip().startswith("#"):
                continue
            break
        rows.append(k)
    return [(k, " " * (_indent(lines[k]) + by) + lines[k].lstrip(" "),
             min(_indent(lines[k]), _indent(lines[k]) + by), by) for k in rows]


def _realigned(lines: list[str], index: int, to: int) -> list[Mend]:
    """The ways to start line ``index`` at column ``to``: alone, or with the lines under
    it. A 'key: text' line is most likely alone out of line (the lines under it are its
    neighbours), an item or a 'key:' with its part under it most likely with them."""
    alone, block = _moved(lines, index, to, False), _moved(lines, index, to, True)
    if len(block) == 1:
        return [alone]
    line = lines[index]
    key = _KEY_LINE.match(line)
    if key and not _ITEM_LINE.match(line) and line[key.end():].split("#")[0].strip():
        return [alone, block]
    return [block, alone]


def _no_space(lines: list[str], index: int) -> _Place | None:
    """'title:题' or '-第一段' at line ``index``: no space after a colon or a dash."""
    line = lines[index]
    if m := _NOSPACE_COLON.match(line):
        fix = [(index, line[:m.end()] + " " + line[m.end():], m.end() + 1, 1)]
        return _Place(index, m.end() - 1, t("line {line} has no space after '{key}:'",
                                            line=index + 1, key=m.group(2)),
                      t("type a space after the colon: '{key}: …'", key=m.group(2)), [fix])
    if m := _NOSPACE_DASH.match(line):
        fix = [(index, line[:m.end()] + " " + line[m.end():], m.end() + 1, 1)]
        return _Place(index, m.end() - 1, t("line {line} has no space after its '-'",
                                            line=index + 1),
                      t("a list item is written '- ' (a dash and a space) and then its "
                        "text"), [fix])
    return None


def _next_neighbour(lines: list[str], index: int, there: int) -> str | None:
    """The first line below line ``index`` and the lines under it (further in than it
    and than ``there``, where it belongs) that holds something, if it starts as far in as
    line ``index``."""
    here = _indent(lines[index])
    for line in lines[index + 1:]:
        if line.strip() and not line.lstrip().startswith("#") \
                and _indent(line) <= max(here, there):
            return line if _indent(line) == here else None
    return None


def _misaligned(lines: list[str], index: int, at: _At = _same) -> _Place | None:
    """Line ``index`` starts a list item or a key a little further in or out than the
    items or keys above it that it belongs with. It is mended to their column only if
    the line after it of its kind is not in line with it: else which is out of line,
    the lines above or these, only the author knows. Of the lines above, the one it is
    least out of line with is its neighbour (an article's '-' at 3 is with the articles'
    at 2, not the paragraphs' at 6); as near to two, it is not mended."""
    line = lines[index]
    here = _indent(line)
    item = _ITEM_LINE.match(line)
    key = _KEY_LINE.match(line)
    found = None  # (how far out of line, index above, its column, its key match)
    tied = False
    between = here  # how far out the lines between that one and this one go
    for k, above in _meaningful(lines, index):
        if _indent(above) < here - 3:
            break  # a part further out: the lines above it are not this line's neighbours
        m = _ITEM_LINE.match(above) if item else _KEY_LINE.match(above) if key else None
        there = -1 if m is None else len(m.group(1)) + (0 if item else len(m.group(2) or ""))
        # A line further out in between ('articles:' below 'name:') ends that one's part.
        inside = between >= min(there, here)
        between = min(between, _indent(above))
        if m is None or not inside:
            continue
        if there != here and abs(there - here) <= 3:
            if found is None or abs(there - here) < found[0]:
                found = (abs(there - here), k, there, m)
                tied = False
            elif abs(there - here) == found[0] and there != found[2]:
                tied = True  # as near to a column further in as to one further out
    if found is None:
        return None
    _, k, there, m = found
    written = at(k, there)
    below = None if tied else _next_neighbour(lines, index, there)
    if item:
        sure = not tied and not (below and _ITEM_LINE.match(below))
        return _Place(index, here, t(
            "line {line} starts {spaces} in, but the item above starts {above} in",
            line=index + 1, spaces=spaces(at(index, here)), above=spaces(written)),
            item_indent_hint(written), _realigned(lines, index, there) if sure else [])
    assert key is not None
    sure = not tied and not (below and _KEY_LINE.match(below)
                             and not _ITEM_LINE.match(below))
    return _Place(index, here, t(
        "line {line} starts {spaces} in, but '{key}:' above starts {above} in",
        line=index + 1, spaces=spaces(at(index, here)), key=m.group(3),
        above=spaces(written)),
        t("the keys of one part ('{key}:' and those with it) start in the same "
          "column: put {above} before '{this}:'", key=m.group(3),
          above=spaces(written), this=key.group(3)),
        _realigned(lines, index, there) if sure else [])


def _item_under_key(lines: list[str], index: int, at: _At = _same) -> _Place | None:
    """A list item right under 'key:' (nothing after its colon) but further out than the
    key: the author meant it as the key's first item ('body:' then '   - 第一段' one space
    short), which YAML reads as an item of the list further out. Mended to 2 spaces
    further in than the key, where the key's items go."""
    line = lines[index]
    above = _meaningful(lines, index)
    if not above or not _ITEM_LINE.match(line):
        return None
    k, key_line = above[0]
    m = _KEY_LINE.match(key_line)
    if m is None or key_line[m.end():].split("#")[0].strip():
        return None
    key_col = len(m.group(1)) + len(m.group(2) or "")
    here = _indent(line)
    # Only between the key and the item it belongs to (an item at 1 under an article's
    # 'body:' at 4, the articles' items at 2, is an article out of line, not a paragraph).
    outer = next((_indent(a) for _, a in above[1:] if _ITEM_LINE.match(a)
                  and _indent(a) < key_col), -1)
    if not outer < here < key_col:
        return None
    want = key_col + 2
    return _Place(index, here, t(
        "line {line} starts {spaces} in, but it is the first item of '{key}:' above, which "
        "starts {above} in", line=index + 1, spaces=spaces(at(index, here)), key=m.group(3),
        above=spaces(at(k, key_col))),
        t("the items of '{key}:' go under it, further in: put {want} before its '-'",
          key=m.group(3), want=spaces(at(k, key_col) + 2)),
        _realigned(lines, index, want))


def _text_under_key(lines: list[str], index: int, at: _At = _same) -> _Place | None:
    """A line of text (no 'key:', no '- ') right under 'key:' and no further in: YAML
    reads it as the next key, which has no colon. No mend: whether it is meant as a
    paragraph, or as the key's text, only the author knows."""
    line = lines[index]
    above = _meaningful(lines, index)
    if not above or _KEY_LINE.match(line) or _ITEM_LINE.match(line):
        return None
    m = _KEY_LINE.match(above[0][1])
    if m is None or above[0][1][m.end():].strip() or _indent(line) > m.end() - len(m.group(3)) - 1:
        return None
    key, key_col = m.group(3), at(above[0][0], len(m.group(1)) + len(m.group(2) or ""))
    text = line.strip()
    short = text if len(text) <= 20 else text[:20] + "…"
    if key in ("body", "list", "articles"):
        hint = t("under '{key}:' each paragraph is a list item, further in than '{key}:': "
                 "'{indent}- {text}'", key=key, indent=" " * (key_col + 2), text=short)
    else:
        hint = t("write the text after '{key}: ' on the same line, or indent it further "
                 "than '{key}:'", key=key)
    return _Place(index, _indent(line), t(
        "line {line} is text, but it starts no further in than '{key}:' above it",
        line=index + 1, key=key), hint)


def _item_after_key(lines: list[str], index: int, col: int,
                    at: _At = _same) -> _Place | None:
    """'body: - 第一段': a list item begun on the line of its key. No mend: it takes a
    new line, and the line numbers of the file must stay as written."""
    m = _KEY_LINE.match(lines[index])
    if m is None:
        return None
    key_col = at(index, len(m.group(1)) + len(m.group(2) or ""))
    return _Place(index, col, t("a '- ' item cannot start on the same line as '{key}:'",
                                key=m.group(3)),
                  t("start a new line after '{key}:' for each item, further in: "
                    "'{indent}- …'", key=m.group(3), indent=" " * (key_col + 2)))


def _tab(lines: list[str], index: int, col: int) -> _Place:
    """A tab at column ``col`` of line ``index``: in the indentation, or where a space
    belongs (after ':' or '-'); mended as the spaces the lines around it show."""
    line = lines[index]
    if line[:col].strip(" \t"):  # after the text began: one space is meant
        start, end = col, col
        while start > 0 and line[start - 1] in " \t":
            start -= 1
        while end < len(line) and line[end] in " \t":
            end += 1
        fix = [(index, line[:start] + " " + line[end:], start + 1, 1 - (end - start))]
        return _Place(index, col, t("line {line} has a tab character where a space "
                                    "belongs", line=index + 1),
                      t("indent with spaces, not tabs"), [fix])
    return _Place(index, col, t("line {line} is indented with a tab character",
                                line=index + 1),
                  t("indent with spaces, not tabs"), _untabbed(lines, index))


def _untabbed(lines: list[str], index: int) -> list[Mend]:
    """Line ``index`` indented with spaces instead of its tabs, the likeliest first: an
    item '- key: …', or a 'key:' that opens a part, two spaces out from the line under
    it; under a 'key:' that opens a
    part, two spaces further in than that key; as far in as the nearest line of its kind
    (item or key) above it, or the first below (the parse, trying each, keeps the one
    that reads on furthest, the likeliest of those that go as far)."""
    line = lines[index]
    text = line.lstrip(" \t")
    width = len(line) - len(text)
    item = text.startswith("- ")
    spaced = [(k, other) for k, other in enumerate(lines)
              if other.strip() and not other.lstrip().startswith("#")
              and "\t" not in other[:len(other) - len(other.lstrip())]]
    above = [other for k, other in reversed(spaced) if k < index]
    below = [other for k, other in spaced if k > index]
    columns = []
    key = _KEY_LINE.match(text)
    opens = key is not None and not text[key.end():].split("#")[0].strip()
    if below and _indent(below[0]) >= 2 and (
            opens and not item
            or item and key and _KEY_LINE.match(below[0]) and not _ITEM_LINE.match(below[0])):
        columns.append(_indent(below[0]) - 2)
    near = _meaningful(lines, index)
    if near and near[0][1].split(" #")[0].rstrip().endswith(":"):
        columns.append(_indent(near[0][1]) + (4 if _ITEM_LINE.match(near[0][1]) else 2))
    for others in (above, below):
        for other in others:
            if item and (m := _ITEM_LINE.match(other)):
                columns.append(len(m.group(1)))
                break
            if not item and (m := _KEY_LINE.match(other)):
                columns.append(len(m.group(1)) + len(m.group(2) or ""))
                break
    return [[(index, " " * n + text, min(width, n), n - width)]
            for n in dict.fromkeys(columns)]


def _lines(mark: Mark) -> list[str]:
    """The lines of the text ``mark`` is in (without the NUL PyYAML puts at its end: a
    mend must not carry it into the text)."""
    buffer = mark.buffer
    return (buffer[:-1] if buffer.endswith("\0") else buffer).split("\n")


def _indentation(e: yaml.MarkedYAMLError, at: _At = _same) -> _Place | None:
    """The usual layout mistakes of a hand-typed file, in plain words at the line to fix
    (often the line above the one where PyYAML noticed)."""
    mark = e.problem_mark
    if mark is None or not mark.buffer:
        return None
    lines = _lines(mark)
    problem, index = e.problem or "", mark.line
    if index >= len(lines):
        return None
    line = lines[index]
    if "'\\t'" in problem:
        return _tab(lines, index, mark.column)
    if "sequence entries are not allowed" in problem:
        return _item_after_key(lines, index, mark.column, at)
    if "expected <block end>" in problem:
        return (_no_space(lines, index) or _item_under_key(lines, index, at)
                or _misaligned(lines, index, at) or _no_space_above(lines, index))
    if "expected '<document start>'" in problem:
        return _top_misaligned(lines, index, at)
    if "mapping values are not allowed" in problem:
        if not re.fullmatch(r" *(- +)?[^\s:]+ *", line[:mark.column]):
            return None  # a colon inside a text: not a layout mistake
        above = _meaningful(lines, index)
        if above and (found := _no_space(lines, above[0][0])):
            return found
        return _item_under_key(lines, index, at) or _misaligned(lines, index, at)
    if "could not find expected ':'" in problem and e.context_mark is not None:
        where = e.context_mark.line
        return _no_space(lines, where) or _text_under_key(lines, where, at)
    return None


def _top_misaligned(lines: list[str], index: int, at: _At = _same) -> _Place | None:
    """A top key ('articles:') not at the start of its line, as the first key is (or the
    first key indented, the next not): YAML takes the file to have ended."""
    above = _meaningful(lines, index)
    if not above or any(line.startswith(("---", "...")) for _, line in above):
        return None
    first = above[-1][1]
    here, there = _indent(lines[index]), _indent(first)
    if here == there:
        return None
    wrong = above[-1][0] if there else index
    return _Place(wrong, 0 if there else here, t(
        "line {line} starts {spaces} in, but the top keys of the file start at the very "
        "beginning of their lines", line=wrong + 1, spaces=spaces(at(wrong, there or here))),
        t("remove the spaces before '{key}'", key=(first if there else lines[index]).strip()
          .split(":")[0]), _realigned(lines, wrong, 0))


def _no_space_above(lines: list[str], index: int) -> _Place | None:
    """The line above ``index`` with no space after its colon or dash."""
    above = _meaningful(lines, index)
    return _no_space(lines, above[0][0]) if above else None


def syntax_error(e: yaml.MarkedYAMLError, name: str) -> BulletinError:
    """One message at the line to fix, in plain words, with a hint for the usual causes."""
    return diagnose(e, name)[0]


def diagnose(e: yaml.MarkedYAMLError, name: str,
              repairs: Repairs | None = None) -> tuple[BulletinError, list[Mend]]:
    """The message of ``e`` (see ``syntax_error``) and the sure ways to mend it, if
    any; with ``repairs``, spaces are counted as the file has them, not as mended."""
    fullwidth = _fullwidth_key(e, name)
    if fullwidth is not None:
        return fullwidth, []
    at = _same if repairs is None else \
        (lambda index, col: repairs.column(index + 1, col + 1) - 1)
    place = _indentation(e, at)
    if place is not None:
        return (BulletinError(place.message, place.hint, name, place.line, place.col),
                place.fixes)
    return _plain_syntax_error(e, name), []


def _plain_syntax_error(e: yaml.MarkedYAMLError, name: str) -> BulletinError:
    """PyYAML's error in plain words at its place, with a hint for the usual causes."""
    problem, context = e.problem or "", e.context or ""
    mark, cm = e.problem_mark or e.context_mark, e.context_mark
    words = f"{problem} {context}"
    plain = next((said for key, said in _PLAIN_PROBLEMS if key in words), None)
    if cm and "could not find expected ':'" in problem:
        mark = cm  # the line without its colon, not the one after it where YAML gave up
    elif cm and "end of stream" in problem:  # an unclosed quote or bracket: at its start
        mark = cm
        plain = t("a quotation mark opened here is not closed") if "quoted" in context \
            else t("the file ends inside something opened here")
    elif "flow" in context and cm:
        mark = cm
        plain = t("a '{char}' opened here is not closed", char=_char_at(cm))
    elif any(w in words for w in ("alias", "anchor", "cannot start any token", "tag")):
        char = _char_at(mark) if "cannot start any token" in problem or cm is None \
            else _char_at(cm)
        plain = t("a text cannot start with '{char}' unless it is in quotes", char=char)
    elif "block scalar" in context:
        plain = t("after '|' or '>' nothing may follow on the same line")
    hint = next((h for key, h in _SYNTAX_HINTS if key in words),
                t("check the quoting and the indentation here"))
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return BulletinError(t("YAML syntax error: {problem}",
                           problem=plain or t("the text cannot be read here")),
                         hint, name, line, col)


def _char_at(mark: Mark | None) -> str:
    """The character at ``mark`` (shown printable)."""
    if mark is None or not mark.buffer or mark.index >= len(mark.buffer):
        return "?"
    return printable(mark.buffer[mark.index])
