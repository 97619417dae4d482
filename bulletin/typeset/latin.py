"""Where a Latin word may be broken: web and e-mail addresses, long English words.

A resident copies an address down from the page, so an address breaks only where the
Chicago Manual of Style (17th ed., 6.17 and 14.18) allows, and never gets a hyphen:
after ``//`` or a colon; before ``/ . , - _ ~ ? # % @``; before or after ``= &``; never
between two letters or digits. A long English word in Chinese text may hyphenate at
the points of the en-US pattern dictionary (pyphen, Hunspell's patterns) rather than
spread the line; everything else Latin (numbers, phone numbers, ``9:00``, ``1.6%``,
names) stays whole.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# An address: a scheme (https://, mailto:), www., an e-mail, or a bare domain (a.b.cn).
_ADDRESS = (
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|mailto:|www\.)\S+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:/\S*)?"
)
_BREAK_BEFORE = set("/.,-_~?#%@")
_BREAK_AROUND = set("=&")
HYPHEN_MIN_LENGTH = 7  # shorter words never hyphenate
HYPHEN_KEEP = 3  # letters kept together at either end of a hyphenated word


def is_address(word: str) -> bool:
    """Is this whole Latin word a web or e-mail address (not a number like 13908.2)?"""
    return _address().fullmatch(word) is not None and any(c.isalpha() for c in word)


@cache
def _address() -> re.Pattern[str]:
    """``_ADDRESS`` compiled on the first Latin word (1 ms an import saves otherwise)."""
    return re.compile(_ADDRESS, re.IGNORECASE)


def address_pieces(word: str) -> list[str]:
    """``word`` cut at every place the Chicago Manual allows a break in an address."""
    pieces: list[str] = []
    start = 0
    for i in range(1, len(word)):
        prev, ch = word[i - 1], word[i]
        after_double_slash = prev == "/" and word[i - 2 : i] == "//" and ch != "/"
        after_colon = prev == ":" and ch != "/"
        before = ch in _BREAK_BEFORE and not (ch == "/" and prev in ":/") and prev not in "/"
        around = ch in _BREAK_AROUND or prev in _BREAK_AROUND
        if after_double_slash or after_colon or before or around:
            pieces.append(word[start:i])
            start = i
    pieces.append(word[start:])
    return pieces


def hyphen_pieces(word: str) -> list[str]:
    """A long English word cut at its hyphenation points (``[word]`` if it has none).

    Only plain lower-case words (a capital first letter allowed): names in mixed case
    (DeepSeek) and anything with digits stay whole.
    """
    if len(word) < HYPHEN_MIN_LENGTH or not (word.isascii() and word.isalpha()):
        return [word]
    if not word[1:].islower():
        return [word]
    cuts = _hyphenator().positions(word)
    return [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]


@cache
def _hyphenator() -> Any:
    """The en-US patterns, loaded on the first long English word (most issues have none)."""
    import pyphen

    return pyphen.Pyphen(lang="en_US", left=HYPHEN_KEEP, right=HYPHEN_KEEP)
