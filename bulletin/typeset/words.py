"""Chinese words, for breaking display lines between them: the most likely segmentation
of a text by the word frequencies in ``words.txt`` (see scripts/build_words.py).

Each way of cutting the text into dictionary words (or single characters) scores the
sum of its words' log frequencies; the best is found by dynamic programming from the
end of the text. A name the dictionary lacks (畅和园) comes out as single characters,
which the line breaker treats as weak places to break, not as words.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

LONGEST = 8  # characters in the longest word looked for
SINGLE = 5.0  # frequency a character alone is given: below every listed word's


@cache
def _source() -> tuple[str, float]:
    """The word list's lines (each ``\\nword count``) and the log of all counts: read once
    a process, and only when a display line needs breaking."""
    # A path beside this file, as resources.py finds the bundled data: importlib.resources
    # would cost every build 5 ms of imports for this one file.
    text = Path(__file__).with_name("words.txt").read_text(encoding="utf-8")
    _, _, body = text.partition("\n# total ")
    total, _, body = body.partition("\n")
    return "\n" + body, math.log(int(total))


_counts: dict[str, str] = {}  # the words of every first character in _looked_up
_looked_up: set[str] = set()


def _dictionary(text: str) -> tuple[dict[str, str], float]:
    """Word → its count (as written) for every listed word that starts with a character
    of ``text`` (all ``segment`` can look up), and the log of all counts.

    Turning all 96 000 lines into a dict costs a build some 25 ms; one regular
    expression picks out the few thousand lines a headline's characters start (2 ms)."""
    body, total = _source()
    new = {ch for ch in text if not ch.isspace()} - _looked_up
    if new:
        starts = "".join(re.escape(ch) for ch in sorted(new))
        _counts.update(re.findall(rf"\n([{starts}]\S*) (\d+)", body))
        _looked_up.update(new)
    return _counts, total


def segment(text: str) -> list[str]:
    """``text`` cut into its most likely words; characters outside any word stand alone
    (spaces and marks included)."""
    counts, total = _dictionary(text)
    single = math.log(SINGLE) - total
    n = len(text)
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)  # from k: (score, end of word)
    for k in range(n - 1, -1, -1):
        choice = (single + best[k + 1][0], k + 1)
        for end in range(k + 2, min(n, k + LONGEST) + 1):
            count = counts.get(text[k:end])
            if count is None:
                continue
            score = math.log(int(count)) - total + best[end][0]
            if score > choice[0]:
                choice = (score, end)
        best[k] = choice
    words, k = [], 0
    while k < n:
        end = best[k][1]
        words.append(text[k:end])
        k = end
    return words


def loaded() -> bool:
    """Has the word list been read in this process? (For tests of the lazy load.)"""
    return _source.cache_info().currsize > 0
