"""Cut styled runs into atoms: the unbreakable pieces a line is made of.

An atom is one Han character, one punctuation mark (with the blank part of its
cell that may be compressed, 标点挤压), a whole Latin word or number, or a whole
``——``/``……``. Between two atoms is a junction: where a line may break, and
what space (¼ em Han–Latin gap, word space) and stretch it carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .chars import (
    EXCLAMATION_PAIRS,
    SENTENCE_FINAL,
    Kind,
    kind_of,
    not_at_line_end,
    not_at_line_start,
)
from .model import Face, Glyph, MissingGlyph, Rules, Run

PUNCT_KINDS = (Kind.OPENING, Kind.CLOSING, Kind.MIDDLE, Kind.CONNECTOR)
# Breaking where the author typed a separating space (headlines: 着手 赢得) is preferred.
SEPARATOR_BONUS = -1000.0
NUMBER_UNIT_PENALTY = 300.0
CHINESE_NUMERALS = set("〇零一二三四五六七八九十百千万亿两")
# The basic level allows a line to start with ——/……, but many house styles (and checkers)
# do not: it is avoided unless that costs more than about 0.45 em between characters.
DASH_START_PENALTY = 1e5


@dataclass
class Atom:
    text: str
    kind: Kind
    size: float
    core: float  # width of the part that is never compressed (pt)
    left: float = 0.0  # blank before the core that may be compressed (pt)
    right: float = 0.0  # blank after the core that may be compressed (pt)
    glyphs: list[Glyph] = field(default_factory=list)  # x relative to the full cell's start
    emphasis: bool = False
    dash_bar: tuple[float, float, float, float] | None = None  # (x0, x1, y0, y1), em-relative

    @property
    def width(self) -> float:
        return self.left + self.core + self.right

    @property
    def letters(self) -> int:
        """Characters that count against a lone last line (not punctuation)."""
        return len(self.text) if self.kind in (Kind.HAN, Kind.LATIN) else 0


@dataclass
class Junction:
    """What lies between atom k and atom k+1."""

    glue: float = 0.0  # natural space (pt)
    shrink: float = 0.0
    stretch: float = 1.0  # share of justification expansion
    breakable: bool = True
    penalty: float = 0.0


def _pick_face(ch: str, run: Run) -> Face:
    for face in run.faces:
        if face.has(ch):
            return face
    raise MissingGlyph(ch, run.source)


def _glyph(ch: str, run: Run, x: float, hscale: float = 1.0) -> Glyph:
    return Glyph(ch, _pick_face(ch, run).name, run.size, x, hscale)


def _tokens(run: Run) -> list[tuple[str, Kind]]:
    """Group a run's characters into clusters: words, dash pairs, mark pairs."""
    out: list[tuple[str, Kind]] = []
    text = run.text
    i = 0
    while i < len(text):
        ch = text[i]
        kind = kind_of(ch)
        j = i + 1
        if kind in (Kind.LATIN, Kind.DASH, Kind.ELLIPSIS, Kind.SPACE):
            while j < len(text) and kind_of(text[j]) is kind and (
                kind is not Kind.DASH or text[j] == ch
            ):
                j += 1
        elif kind is Kind.CLOSING and text[i : i + 2] in EXCLAMATION_PAIRS:
            j = i + 2
        out.append((text[i:j], kind))
        i = j
    return out


def _latin_atom(text: str, run: Run) -> Atom:
    x = 0.0
    glyphs = []
    for ch in text:
        face = _pick_face(ch, run)
        glyphs.append(Glyph(ch, face.name, run.size, x))
        x += face.advance(ch) * run.size
    return Atom(text, Kind.LATIN, run.size, core=x, glyphs=glyphs, emphasis=run.emphasis)


def _dash_atom(text: str, kind: Kind, run: Run) -> Atom:
    """—— / …… : each mark fills a full cell, gapless; dashes joined by a bar."""
    em = run.size
    glyphs = []
    ink_x0 = ink_x1 = None
    bar_y = None
    for k, ch in enumerate(text):
        face = _pick_face(ch, run)
        adv = face.advance(ch)
        cells = 2.0 if ch == "⸺" else 1.0
        scale = cells / adv if (kind is Kind.DASH and 0 < adv < cells) else 1.0
        x = k * em
        glyphs.append(Glyph(ch, face.name, em, x, scale))
        ink = face.ink(ch)
        if kind is Kind.DASH and ink:
            x0, y0, x1, y1 = (v * em for v in ink)
            a, b = x + x0 * scale, x + x1 * scale
            ink_x0 = a if ink_x0 is None else min(ink_x0, a)
            ink_x1 = b if ink_x1 is None else max(ink_x1, b)
            bar_y = (y0, y1)
    width = em * sum(2.0 if ch == "⸺" else 1.0 for ch in text)
    bar = None
    if kind is Kind.DASH and len(text) > 1 and bar_y and ink_x0 is not None:
        bar = (ink_x0, ink_x1, bar_y[0], bar_y[1])
    return Atom(text, kind, em, core=width, glyphs=glyphs, dash_bar=bar)


def _punct_atom(text: str, kind: Kind, run: Run, rules: Rules, pair: bool) -> Atom:
    """A mark in its cell, with the compressible blank measured from its ink."""
    em = run.size
    ch = text[0]
    face = _pick_face(ch, run)
    adv = face.advance(ch) * em
    ink = face.ink(ch)
    ix0, ix1 = (ink[0] * em, ink[2] * em) if ink else (0.0, adv)
    if kind is Kind.MIDDLE:
        cell = 0.5 * em
        x = cell / 2 - (ix0 + ix1) / 2
        return Atom(text, kind, em, core=cell, glyphs=[_glyph(ch, run, x)])
    if kind is Kind.CONNECTOR:
        cell = max(adv, em)
        return Atom(text, kind, em, core=cell, glyphs=[_glyph(ch, run, (cell - adv) / 2)])
    half = _is_half(ch, rules) or pair
    cell = 0.5 * em if half else em
    if kind is Kind.OPENING:
        # The glyph box ends the cell (its ink sits right); a narrow glyph (WenKai's “ ‘)
        # starts the cell's inked half, so a mark after it never starts left of it.
        x = cell - max(adv, cell / 2)
        core = min(cell, max(0.5 * em, cell - (x + ix0)))
        return Atom(text, kind, em, core=core, left=cell - core, glyphs=[_glyph(ch, run, x)])
    core = min(cell, max(0.5 * em, ix1))
    return Atom(text, kind, em, core=core, right=cell - core, glyphs=[_glyph(ch, run, 0.0)])


def _is_half(ch: str, rules: Rules) -> bool:
    if rules.punctuation == "half":
        return True
    if rules.punctuation == "kaiming":
        return ch not in SENTENCE_FINAL
    return False


def _han_atom(text: str, run: Run) -> Atom:
    face = _pick_face(text, run)
    return Atom(
        text, Kind.HAN, run.size, core=face.advance(text) * run.size,
        glyphs=[Glyph(text, face.name, run.size, 0.0)], emphasis=run.emphasis,
    )


def make_atoms(runs: list[Run], rules: Rules) -> tuple[list[Atom], list[Junction]]:
    """Atoms of a paragraph (no forced breaks inside) and the junctions between them."""
    atoms: list[Atom] = []
    spaced: list[str] = []  # the space typed before each atom ("" if none)
    pending_space = ""
    for run in runs:
        for text, kind in _tokens(run):
            if kind is Kind.SPACE:
                pending_space += text
                continue
            if kind is Kind.LATIN:
                atom = _latin_atom(text, run)
            elif kind in (Kind.DASH, Kind.ELLIPSIS):
                atom = _dash_atom(text, kind, run)
            elif kind in PUNCT_KINDS:
                pair = len(text) == 2
                atom = _punct_atom(text[0], kind, run, rules, pair)
                if pair:
                    atoms.append(atom)
                    spaced.append(pending_space)
                    pending_space = ""
                    atom = _punct_atom(text[1], kind, run, rules, True)
            else:
                atom = _han_atom(text, run)
            atoms.append(atom)
            spaced.append(pending_space)
            pending_space = ""
    _compress_adjacent(atoms)
    junctions = [
        _junction(atoms[k], atoms[k + 1], spaced[k + 1], rules) for k in range(len(atoms) - 1)
    ]
    return atoms, junctions


def _compress_adjacent(atoms: list[Atom]) -> None:
    """Two adjacent marks give up one blank half (clreq 3.1.6): 2 em → 1.5 em.

    The blank removed is the first mark's trailing one when it closes, the
    second's leading one when both open, so a break between them leaves the
    same widths as everywhere else (line-end half, line-start full).
    """
    for a, b in zip(atoms, atoms[1:], strict=False):
        if a.kind is Kind.CLOSING and b.kind in (Kind.CLOSING, Kind.OPENING):
            a.right = 0.0
        elif a.kind is Kind.OPENING and b.kind is Kind.OPENING:
            # The glyph sits in the full cell: with the leading blank gone it moves left too.
            b.glyphs = [replace(g, x=g.x - b.left) for g in b.glyphs]
            b.left = 0.0


def _junction(a: Atom, b: Atom, space: str, rules: Rules) -> Junction:
    j = Junction()
    j.breakable = not not_at_line_end(a.text, rules.kinsoku) and not not_at_line_start(
        b.text, rules.kinsoku
    )
    if b.kind in (Kind.DASH, Kind.ELLIPSIS) and j.breakable:
        j.penalty = DASH_START_PENALTY
    if a.kind in PUNCT_KINDS and b.kind in PUNCT_KINDS:
        j.stretch = 0.0  # adjacent marks (？！, 。”) stay set as a pair
    if a.kind is Kind.LATIN and a.text[-1].isdigit() and b.kind is Kind.HAN:
        j.penalty = NUMBER_UNIT_PENALTY  # 6｜月: keep a number with its unit when cheap
    if a.text in CHINESE_NUMERALS and b.text in CHINESE_NUMERALS:
        j.penalty = NUMBER_UNIT_PENALTY  # 七｜十五: keep a Chinese numeral whole when cheap
    latin_a, latin_b = a.kind is Kind.LATIN, b.kind is Kind.LATIN
    em = min(a.size, b.size)
    if latin_a and latin_b:
        if space:
            j.glue, j.shrink = 0.25 * em, 0.08 * em
        else:
            j.breakable = False  # two runs of one word (e.g. a bold part)
    elif "\u3000" in space:
        j.glue = em * space.count("\u3000")  # an ideographic space is a full cell
    elif latin_a != latin_b:
        other, edge = (b, a.text[-1]) if latin_a else (a, b.text[0])
        if edge.isalnum() and (other.kind is Kind.HAN or space and other.kind not in PUNCT_KINDS):
            j.glue, j.shrink = rules.latin_gap * em, rules.latin_gap * em / 2
        elif space:
            j.glue, j.shrink = 0.25 * em, 0.08 * em
    elif space:
        j.glue = em  # a space typed between Chinese characters is a deliberate separator
        j.penalty = SEPARATOR_BONUS
    return j
