"""Inline markup: ``**加粗**``, ``*着重*``, ``***both***`` and ``\\*``; and the numbers
a list item may start with (``1.``, ``（1）``, ``一、``).

A star is text, not markup, in ``\\*``, and also without the backslash where the
author plainly meant a star (arithmetic, a masked number, an address; ``_literal_stars``):

- a single ``*`` with a space, or the start or end of the text, on both sides
  (``5 * 3``, a ``*`` alone);
- stars between two Latin letters or digits (``5*3``, ``2**10``, ``A*B``);
- four or more stars in a row (``138****5678``, ``****``);
- stars inside a web address (``https://…``, ``www.…``), except at its end, where
  they close markup around it (``**https://example.cn**``).

Every other star is markup, and markup is closed: a star left without a partner
would print as a star the author never meant to see, so the loader reports it
(``UnclosedMarkup``) at its line and column. ``parse_inline`` without ``strict``
prints such stars as they are, for callers that must never fail.

The scanner works in two passes:

1. split the string into text runs and star runs (``\\*`` and literal stars become text);
2. pair star runs like a bracket matcher: each run first tries to close the nearest
   open run that shares a style with it (1 star = emphasis, 2 = bold, 3 = both), and
   what is left of it opens. Styles are flags on characters, so a 3-star run may be
   closed by a 2-star and a 1-star run (``***a** b*``) or vice versa.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bulletin.content.model import Span, Text, Where
from bulletin.i18n import Msg, t

BOLD = "bold"
EMPHASIS = "emphasis"

# How many stars each style uses, and which styles a run of n stars stands for.
_COST = {EMPHASIS: 1, BOLD: 2}
_STYLES_OF_RUN = {1: {EMPHASIS}, 2: {BOLD}, 3: {BOLD, EMPHASIS}}
# What an unclosed run is, and how it is closed, for the message.
_EXAMPLE = {1: "*着重*", 2: "**加粗**", 3: "***加粗着重***"}
_KIND = {1: t("emphasis dots, 着重号"), 2: t("bold"), 3: t("bold with emphasis dots")}

# A web address: a scheme or www., then printable ASCII up to a space or other script.
_ADDRESS = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]+")


class UnclosedMarkup(ValueError):
    """A markup star with no partner: its offset in the string, and the fix."""

    def __init__(self, offset: int, stars: int) -> None:
        self.offset = offset
        self.marker = "*" * stars
        self.message: Msg = t("'{marker}' ({kind}) is not closed", marker=self.marker,
                              kind=_KIND[stars])
        self.hint: Msg = t("mark both ends, as in {example}, or write \\* for an asterisk "
                           "that is text", example=_EXAMPLE[stars])
        super().__init__(str(self.message))


@dataclass
class _Run:
    """A run of stars: the styles it may still open or close, and the stars left over."""

    index: int  # position in the token list
    styles: set[str]
    stars: int
    offset: int  # of its first star in the string, for messages


@dataclass
class _Tokens:
    """Pass 1 output: literal text pieces and star runs, in order."""

    items: list[str | _Run] = field(default_factory=list)

    def add_text(self, s: str) -> None:
        if self.items and isinstance(self.items[-1], str):
            self.items[-1] += s
        else:
            self.items.append(s)

    def add_stars(self, n: int, offset: int) -> None:
        self.items.append(_Run(len(self.items), set(_STYLES_OF_RUN[n]), n, offset))


def _literal_stars(s: str, start: int, end: int, addresses: list[range]) -> bool:
    """Is the star run ``s[start:end]`` text by the rules in the module's docstring?"""
    before = s[start - 1] if start else " "
    after = s[end] if end < len(s) else " "
    n = end - start
    return (n > 3
            or (n == 1 and before.isspace() and after.isspace())
            or (_latin(before) and _latin(after))
            or any(start in r for r in addresses))


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _addresses(s: str) -> list[range]:
    """Where web addresses are in ``s``, without the stars that end them."""
    return [range(m.start(), m.start() + len(m.group().rstrip("*")))
            for m in _ADDRESS.finditer(s)]


def _tokenize(s: str) -> _Tokens:
    """Split ``s`` into text and star runs; ``\\*`` and literal stars are text."""
    tokens = _Tokens()
    addresses = _addresses(s) if "/" in s or "www." in s else []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and s.startswith("*", i + 1):
            tokens.add_text("*")
            i += 2
        elif ch == "*":
            j = i
            while j < len(s) and s[j] == "*":
                j += 1
            if _literal_stars(s, i, j, addresses):
                tokens.add_text(s[i:j])
            else:
                tokens.add_stars(j - i, i)
            i = j
        else:  # a backslash before anything but '*' is just a backslash
            j = i + 1
            while j < len(s) and s[j] not in "*\\":
                j += 1
            tokens.add_text(s[i:j])
            i = j
    return tokens


def _pair(tokens: _Tokens) -> list[tuple[int, int, str]]:
    """Pass 2: pair star runs; return (opener index, closer index, style) ranges.
    Stars left unpaired keep their count in their run's ``stars``."""
    ranges: list[tuple[int, int, str]] = []
    openers: list[_Run] = []
    for item in tokens.items:
        if not isinstance(item, _Run):
            continue
        run = item
        while run.styles:
            k = _nearest_opener(openers, run.styles)
            if k is None:
                break
            opener = openers[k]
            del openers[k + 1 :]  # runs opened inside and never closed stay unpaired
            for style in sorted(opener.styles & run.styles):
                ranges.append((opener.index, run.index, style))
                for r in (opener, run):
                    r.styles.discard(style)
                    r.stars -= _COST[style]
            if not opener.styles:
                openers.pop()
        if run.styles:
            openers.append(run)
    return ranges


def _nearest_opener(openers: list[_Run], styles: set[str]) -> int | None:
    """Index of the innermost open run sharing a style with ``styles``, if any."""
    for k in range(len(openers) - 1, -1, -1):
        if openers[k].styles & styles:
            return k
    return None


def _spans(tokens: _Tokens, ranges: list[tuple[int, int, str]]) -> tuple[Span, ...]:
    """Style each text piece (and unused stars) by the ranges around it; merge runs."""
    spans: list[Span] = []
    for index, item in enumerate(tokens.items):
        text = item if isinstance(item, str) else "*" * item.stars
        if not text:
            continue
        active = {style for (a, b, style) in ranges if a < index < b}
        spans.append(Span(text, bold=BOLD in active, emphasis=EMPHASIS in active))
    return _merged(spans)


def _merged(spans: Sequence[Span]) -> tuple[Span, ...]:
    """Neighbouring spans of one style as one; empty spans dropped."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = out[-1] if out else None
        if last and (last.bold, last.emphasis) == (span.bold, span.emphasis):
            out[-1] = Span(last.text + span.text, bold=last.bold, emphasis=last.emphasis)
        else:
            out.append(span)
    return tuple(out)


def parse_inline(s: str, where: Where | None = None, *, strict: bool = False) -> Text:
    """Parse inline markup in ``s`` into styled spans; never drops text. With ``strict``,
    a markup star without a partner raises ``UnclosedMarkup`` (the first in ``s``);
    without, it is printed as a star."""
    if "*" not in s:  # most text: nothing to parse (a backslash is only special before *)
        return Text((Span(s),) if s else (), where)
    tokens = _tokenize(s)
    ranges = _pair(tokens)
    if strict:
        unpaired = [r for r in tokens.items if isinstance(r, _Run) and r.stars]
        if unpaired:
            raise UnclosedMarkup(unpaired[0].offset, unpaired[0].stars)
    return Text(_spans(tokens, ranges), where)


def strip_markup(s: str) -> str:
    """The characters of ``s`` that reach the page (markup removed)."""
    return parse_inline(s).plain


# --------------------------------------------------------------------------- list labels

_NUMERALS = "一二三四五六七八九"
_CIRCLED = "".join(chr(0x2460 + k) for k in range(20))  # ① … ⑳
_LABEL = re.compile(r"(?P<open>[（(]?)(?P<num>[0-9]{1,3}|[一二三四五六七八九十]{1,3}|[①-⑳])"
                    r"(?P<close>[.．、)）]?)")
_PAIRS = {"（": "）", "(": ")"}
_SEPARATOR = " \u3000\t"  # after a typed number, dropped: the label hangs in its own space


def _chinese(n: int) -> str:
    """一 … 九十九, as a list counts."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else _NUMERALS[tens - 1] + "十"
    return head + (_NUMERALS[units - 1] if units else "")


_CHINESE_VALUES = {_chinese(n): n for n in range(1, 100)}


@dataclass(frozen=True)
class LabelForm:
    """How a list counts: a counter (``arabic`` 1, ``chinese`` 一, ``circled`` ①)
    between an opening bracket and a closing mark, from ``start``."""

    open: str
    system: str
    close: str
    start: int = 1

    @property
    def last(self) -> int | None:
        """The highest number the counter can write (None: any)."""
        return {"chinese": 99, "circled": 20}.get(self.system)

    def label(self, n: int) -> str:
        """The label of number ``n`` (at most ``last``)."""
        if self.system == "chinese":
            return self.open + _chinese(n) + self.close
        if self.system == "circled":
            return _CIRCLED[n - 1]
        return f"{self.open}{n}{self.close}"

    def labels(self, count: int) -> tuple[str, ...]:
        return tuple(self.label(n) for n in range(self.start, self.start + count))


def label_form(s: str) -> tuple[LabelForm, int] | None:
    """The number ``s`` starts with (``1.`` ``1、`` ``1）`` ``（1）`` ``(1)`` ``一、``
    ``（一）`` ``①``) and the offset after it, or None. ``1.5`` is a number, not a label."""
    m = _LABEL.match(s)
    if m is None:
        return None
    open_, num, close = m.group("open", "num", "close")
    rest = s[m.end():]
    if num.isdigit() and num.isascii():
        system, value = "arabic", int(num)
        ok = (_PAIRS.get(open_) == close if open_ else close != "") \
            and not (close in ".．" and rest[:1].isdigit())
    elif num in _CIRCLED:
        system, value, ok = "circled", _CIRCLED.index(num) + 1, not open_ and not close
    else:
        system, value = "chinese", _CHINESE_VALUES.get(num, 0)
        ok = value > 0 and (_PAIRS.get(open_) == close if open_ else close == "、")
    if not ok or value == 0:
        return None
    return LabelForm(open_, system, close, value), m.end()


def typed_labels(items: Sequence[Text]) -> tuple[tuple[Text, ...], tuple[Text, ...]] | None:
    """(labels, texts) when every item starts with a number of one form (``1.`` …,
    see ``label_form``) followed by its text; else None. The typed numbers are kept,
    as the author wrote them; the spaces after them are dropped."""
    labels: list[Text] = []
    texts: list[Text] = []
    forms = set()
    for item in items:
        plain = item.plain
        found = label_form(plain)
        if found is None:
            return None
        form, end = found
        start = len(plain) - len(plain[end:].lstrip(_SEPARATOR))
        if start == len(plain):
            return None  # a number alone is the item's text, not its label
        forms.add((form.open, form.system, form.close))
        labels.append(_slice(item, 0, end))
        texts.append(_slice(item, start, len(plain)))
    return (tuple(labels), tuple(texts)) if len(forms) == 1 else None


def _slice(text: Text, start: int, end: int) -> Text:
    """Characters ``start:end`` of ``text``, with their styles; same ``where``."""
    out: list[Span] = []
    pos = 0
    for span in text.spans:
        a, b = max(start, pos), min(end, pos + len(span.text))
        if a < b:
            out.append(Span(span.text[a - pos : b - pos], span.bold, span.emphasis))
        pos += len(span.text)
    return Text(_merged(out), text.where)
