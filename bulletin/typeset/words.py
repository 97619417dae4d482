"""Chinese words, for breaking display lines between them: the most likely segmentation
of a text by the word frequencies in ``words.txt`` (see scripts/build_words.py).

Each way of cutting the text into dictionary words (or single characters) scores the
sum of its words' log frequencies; the best is found by dynamic programming from the
end of the text. A name the dictionary lacks (畅和园) comes out as single characters,
which the line breaker treats as weak places to break, not as words.
"""

from __future__ import annotations

import math
from functools import cache
from importlib.resources import files

LONGEST = 8  # characters in the longest word looked for
SINGLE = 5.0  # frequency a character alone is given: below every listed word's


@cache
def _dictionary() -> tuple[dict[str, str], float]:
    """Word → its count (as written), and the log of all counts (read once a process,
    in a few tens of ms, and only when a display line needs breaking)."""
    text = files("bulletin.typeset").joinpath("words.txt").read_text(encoding="utf-8")
    head, _, body = text.partition("\n# total ")
    total, _, body = body.partition("\n")
    tokens = body.split()
    return dict(zip(tokens[0::2], tokens[1::2], strict=True)), math.log(int(total))


def segment(text: str) -> list[str]:
    """``text`` cut into its most likely words; characters outside any word stand alone
    (spaces and marks included)."""
    counts, total = _dictionary()
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
    return _dictionary.cache_info().currsize > 0
