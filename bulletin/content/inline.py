"""Inline markup: ``**加粗**``, ``*着重*``, ``***both***`` and ``\\*``.

Authors are not programmers, so the markup never fails: a star that closes nothing
is printed as a star. Every character of the input reaches the output exactly once,
except the stars that were used as markup and the backslash of ``\\*``.

The scanner works in two passes:

1. split the string into text runs and star runs (``\\*`` becomes text);
2. pair star runs like a bracket matcher: each run first tries to close the nearest
   open run that shares a style with it (1 star = emphasis, 2 = bold, 3 = both), and
   what is left of it opens. Styles are flags on characters, so a 3-star run may be
   closed by a 2-star and a 1-star run (``***a** b*``) or vice versa.

Stars that stay unpaired, and runs of 4 or more stars, are literal text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bulletin.content.model import Span, Text, Where

BOLD = "bold"
EMPHASIS = "emphasis"

# How many stars each style uses, and which styles a run of n stars stands for.
_COST = {EMPHASIS: 1, BOLD: 2}
_STYLES_OF_RUN = {1: {EMPHASIS}, 2: {BOLD}, 3: {BOLD, EMPHASIS}}


@dataclass
class _Run:
    """A run of stars: the styles it may still open or close, and the stars left over."""

    index: int  # position in the token list
    styles: set[str]
    stars: int


@dataclass
class _Tokens:
    """Pass 1 output: literal text pieces and star runs, in order."""

    items: list[str | _Run] = field(default_factory=list)

    def add_text(self, s: str) -> None:
        if self.items and isinstance(self.items[-1], str):
            self.items[-1] += s
        else:
            self.items.append(s)

    def add_stars(self, n: int) -> None:
        if n in _STYLES_OF_RUN:
            self.items.append(_Run(len(self.items), set(_STYLES_OF_RUN[n]), n))
        else:  # 4 or more stars in a row mean nothing: print them
            self.add_text("*" * n)


def _tokenize(s: str) -> _Tokens:
    """Split ``s`` into text and star runs; ``\\*`` is a literal star."""
    tokens = _Tokens()
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
            tokens.add_stars(j - i)
            i = j
        else:  # a backslash before anything but '*' is just a backslash
            j = i + 1
            while j < len(s) and s[j] not in "*\\":
                j += 1
            tokens.add_text(s[i:j])
            i = j
    return tokens


def _pair(tokens: _Tokens) -> list[tuple[int, int, str]]:
    """Pass 2: pair star runs; return (opener index, closer index, style) ranges."""
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
            del openers[k + 1 :]  # runs opened inside and never closed stay literal
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
        span = Span(text, bold=BOLD in active, emphasis=EMPHASIS in active)
        last = spans[-1] if spans else None
        if last and (last.bold, last.emphasis) == (span.bold, span.emphasis):
            spans[-1] = Span(last.text + text, bold=last.bold, emphasis=last.emphasis)
        else:
            spans.append(span)
    return tuple(spans)


def parse_inline(s: str, where: Where | None = None) -> Text:
    """Parse inline markup in ``s`` into styled spans; never fails, never drops text."""
    tokens = _tokenize(s)
    return Text(_spans(tokens, _pair(tokens)), where)


def strip_markup(s: str) -> str:
    """The characters of ``s`` that reach the page (markup removed)."""
    return parse_inline(s).plain
