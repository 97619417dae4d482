"""Display lines break between words: titles, kickers, headings, banners, mastheads.

Display type is read as phrases, so a break inside a word (``小／区``, ``委／员会``,
``电／动``) is taken only where no break between words fits. Words come from our own
segmenter (``words.py``: the most likely cut by word frequencies from jieba's
dictionary), loaded on the first display line that needs breaking at all (a build
whose display lines all fit pays nothing). A name it does not know (``畅和园``) comes
out as single characters, and a run of Chinese numerals (``三十``) is one word. Among
the boundaries, a break is preferred after punctuation or a structural particle
(``的 了``), before a conjunction or preposition (``和 从 在``), and avoided next to a
lone character (``长阳/镇``), which is most often a bound morpheme or an unknown name.
"""

from __future__ import annotations

from .atoms import CHINESE_NUMERALS, PUNCT_KINDS, Atom, Junction
from .chars import Kind
from .words import segment

INSIDE_WORD_PENALTY = 1e9  # above every other cost: only when no word boundary will do
PHRASE_BONUS = -300.0  # after 的/了, before 和/从/在: where a reader pauses
PUNCTUATION_BONUS = -600.0  # after ，：、 or before an opening mark
# The author's typed space (着手 赢得) is where they want the line broken: it wins over
# balance unless one line would be nearly empty.
TYPED_SPACE_BONUS = -4000.0
LONE_CHARACTER_PENALTY = 300.0  # next to a one-character word that is no function word
PARTICLES = {"的", "地", "得", "了", "着", "过", "之"}  # a break comes after them
LEADING_WORDS = {  # a break comes before them
    "和", "与", "及", "以及", "或", "或者", "并", "而", "但", "但是", "关于", "对于", "对",
    "从", "在", "向", "为", "把", "被", "将", "于", "让", "给", "由", "以", "是",
}


def mark_word_breaks(atoms: list[Atom], junctions: list[Junction]) -> None:
    """Price each junction of a display paragraph by where it falls among its words."""
    # The author's typed space (着手 赢得) is kept for the segmenter: no word spans it.
    typed = [j.glue > 0 and _han(a) and _han(b)
             for j, a, b in zip(junctions, atoms, atoms[1:], strict=False)]
    text = "".join(atom.text + (" " if k < len(typed) and typed[k] else "")
                   for k, atom in enumerate(atoms))
    words = _words(text)
    bounds: dict[int, tuple[str, str]] = {}  # offset → (word before, word after)
    offset = 0
    for before, after in zip(words, words[1:], strict=False):
        offset += len(before)
        bounds[offset] = (before, after)
    offset = 0
    for k, j in enumerate(junctions):
        offset += len(atoms[k].text) + typed[k]
        a, b = atoms[k], atoms[k + 1]
        if typed[k]:
            j.penalty += TYPED_SPACE_BONUS
            continue
        if a.kind in PUNCT_KINDS or b.kind in PUNCT_KINDS or not _han(a) or not _han(b):
            if a.kind is Kind.CLOSING or b.kind is Kind.OPENING:
                j.penalty += PUNCTUATION_BONUS
            continue  # Latin words, figures and marks keep their own rules
        if offset not in bounds:
            j.penalty += INSIDE_WORD_PENALTY
            continue
        before, after = bounds[offset]
        if before in PARTICLES or after in LEADING_WORDS:
            j.penalty += PHRASE_BONUS
        elif len(before) == 1 or len(after) == 1:
            j.penalty += LONE_CHARACTER_PENALTY


def _han(atom: Atom) -> bool:
    return atom.kind is Kind.HAN


def _words(text: str) -> list[str]:
    """Words of ``text`` (spaces are words of their own), runs of Chinese numerals
    joined."""
    words: list[str] = []
    for word in segment(text):
        if words and words[-1][-1] in CHINESE_NUMERALS and word[0] in CHINESE_NUMERALS:
            words[-1] += word
        else:
            words.append(word)
    return words
