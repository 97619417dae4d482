"""Cut styled runs into atoms: the unbreakable pieces a line is made of.

An atom is one Han character, one punctuation mark (with the blank part of its
cell, 标点挤压), a whole Latin word or number, or a whole ``——``/``……``. Between
two atoms is a junction: where a line may break, what space (¼ em Han–Latin gap,
word space) and stretch it carries, and how much of the marks' blanks beside it a
line may squeeze out when it is too long (line adjustment, JLREQ 行の調整 / clreq
3.2): first the blank between two adjacent marks (``shrink``), then, all by the same
share, at most ¼ em of a pause mark ``，、：；`` or bracket and ⅛ em of a Han–Latin
gap (``squeeze``); a full stop ``。！？`` inside a line keeps its whole cell, so a
reader sees one width per mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import takewhile

from .chars import (
    EXCLAMATION_PAIRS,
    FULL_STOPS,
    MULTI_CHAR_UNITS,
    SENTENCE_FINAL,
    UNIT_CHARS,
    Kind,
    kind_of,
    not_at_line_end,
    not_at_line_start,
)
from .latin import address_pieces, hyphen_pieces, is_address
from .model import Face, Glyph, MissingGlyph, Rules, Run

PUNCT_KINDS = (Kind.OPENING, Kind.CLOSING, Kind.MIDDLE, Kind.CONNECTOR)
# Breaking where the author typed a separating space (headlines: 着手 赢得) is preferred.
SEPARATOR_BONUS = -1000.0
NUMBER_UNIT_PENALTY = 300.0
ADDRESS_PENALTY = 50.0  # a break inside a web or e-mail address, where Chicago allows one
HYPHEN_PENALTY = 3000.0  # a hyphenated English word: only to spare a spread line
RANGE_MARKS = set("—–～~〜")  # 9:00—17:00, 2020～2024: a range between two numbers
# Inside a figure (2.5小时, 9:00—17:00, 9月10日) a line breaks only where keeping it whole
# would leave a character alone on a line or space one out by more than 1 em a gap (the
# demerits of such lines). 2024年｜9月10日, the one place a date may break, costs what
# spacing a line by 0.2 em does (the most a reader should see).
FIGURE_PENALTY = 1e7
DATE_BREAK_PENALTY = 4000.0
CHINESE_NUMERALS = set("〇零一二三四五六七八九十百千万亿两")
# The basic level allows a line to start with ——/……, but many house styles (and checkers)
# do not: it is avoided unless that costs more than about 0.45 em between characters.
DASH_START_PENALTY = 1e5
# What a pause mark or bracket inside a line may give up, in em: more and a reader sees
# a comma of another width than the line above's.
MAX_SQUEEZE = 0.25
# 标点悬挂: the marks that may hang past the measure at a line's end.
HANGING = set("，。、．")


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
    dash_bar: tuple[float, float, float, float] | None = None  # (x0, x1, y0, y1), pt
    hang: float = 0.0  # how far it may stand past the measure when it ends a line (pt)
    hyphen: Glyph | None = None  # a word piece: the hyphen drawn when a line ends after it
    hyphen_width: float = 0.0  # and its advance (pt)
    # A number or letter standing upright in a vertical line (纵中横, or a cell for each
    # character): set like a Han character, with no Han–Latin gap beside it.
    upright: bool = False

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
    shrink: float = 0.0  # squeezed first: the blank between two adjacent marks (pt)
    squeeze: float = 0.0  # then: ¼ em of a pause mark's blank, ⅛ em of a Latin gap (pt)
    stretch: float = 1.0  # share of justification expansion
    widen: float = 0.0  # a Latin gap or word space: how far it may widen first (pt)
    breakable: bool = True
    penalty: float = 0.0
    loose: bool = False  # at or inside an address: a line ending here may stay short


def _pick_face(ch: str, run: Run) -> Face:
    for face in run.faces:
        if face.has(ch):
            return face
    raise MissingGlyph(ch, run.source)


def _glyph(ch: str, run: Run, x: float, hscale: float = 1.0) -> Glyph:
    return glyph_of(_pick_face(ch, run), ch, run.size, x, hscale)


def glyph_of(face: Face, ch: str, size: float, x: float, hscale: float = 1.0) -> Glyph:
    """``ch`` of ``face`` with its cell at ``x``. A face set vertically
    (``vertical.Along``) says where in the cell its glyph's origin stands and whether
    it is turned (``place``, in em); any other face draws it at the cell's start."""
    place = getattr(face, "place", None)
    if place is None:
        return Glyph(ch, face.name, size, x, hscale)
    along, rise, angle = place(ch)
    return Glyph(ch, face.name, size, x + along * size, hscale, rise * size, angle)


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
        glyphs.append(glyph_of(face, ch, run.size, x))
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
        glyphs.append(glyph_of(face, ch, em, x, scale))
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


# A Han character's glyph at the start of its cell, by (character, face name, size and
# its type): a Glyph is immutable and, for a face that places nothing (no ``place``), made
# of just these, so one object serves every atom of that character. Building a frozen
# dataclass costs more than the rest of the atom; a text repeats its characters.
_HAN_GLYPHS: dict[tuple[str, str, float, type], Glyph] = {}
_HAN_GLYPHS_MAX = 20_000  # emptied when full: a long-running studio stays small


def _han_atom(text: str, run: Run) -> Atom:
    """One Han character in its cell (the commonest atom: locals, no keyword lookups)."""
    face = _pick_face(text, run)
    size = run.size
    if getattr(face, "place", None) is None:
        key = (text, face.name, size, type(size))
        glyph = _HAN_GLYPHS.get(key)
        if glyph is None:
            if len(_HAN_GLYPHS) >= _HAN_GLYPHS_MAX:
                _HAN_GLYPHS.clear()
            glyph = _HAN_GLYPHS[key] = Glyph(text, face.name, size, 0.0)
    else:
        glyph = glyph_of(face, text, size, 0.0)
    return Atom(text, Kind.HAN, size, face.advance(text) * size, glyphs=[glyph],
                emphasis=run.emphasis)


Figures = Callable[[str, Run], Atom | None]


def make_atoms(runs: list[Run], rules: Rules,
               figures: Figures | None = None) -> tuple[list[Atom], list[Junction]]:
    """Atoms of a paragraph (no forced breaks inside) and the junctions between them.
    ``figures`` may set a Latin word or number as an atom of its own making (a vertical
    line's upright numbers), or leave it (None) to be set as Latin."""
    atoms: list[Atom] = []
    spaced: list[str] = []  # the space typed before each atom ("" if none)
    links: list[Junction | None] = []  # the junction before each piece of a cut word
    address_starts: list[int] = []  # atoms that begin a web or e-mail address
    pending_space = ""

    def add(atom: Atom, link: Junction | None = None) -> None:
        nonlocal pending_space
        atoms.append(atom)
        spaced.append(pending_space)
        links.append(link)
        pending_space = ""

    for run in runs:
        for text, kind in _tokens(run):
            if kind is Kind.SPACE:
                pending_space += text
            elif kind is Kind.LATIN and figures and (cell := figures(text, run)) is not None:
                add(cell)
            elif kind is Kind.LATIN:
                pieces = _latin_atoms(text, run)
                if pieces[0][1].loose and atoms:
                    address_starts.append(len(atoms))
                for k, (atom, link) in enumerate(pieces):
                    add(atom, link if k else None)
            elif kind in (Kind.DASH, Kind.ELLIPSIS):
                add(_dash_atom(text, kind, run))
            elif kind in PUNCT_KINDS:
                pair = len(text) == 2
                add(_punct_atom(text[0], kind, run, rules, pair))
                if pair:
                    add(_punct_atom(text[1], kind, run, rules, True))
            else:
                add(_han_atom(text, run))
    _compress_adjacent(atoms)
    if rules.punctuation == "hanging":
        for atom in atoms:
            if atom.text in HANGING:
                atom.hang = atom.core
    junctions = [
        links[k + 1] or _junction(atoms[k], atoms[k + 1], spaced[k + 1], rules)
        for k in range(len(atoms) - 1)
    ]
    _bind_numbers(atoms, junctions)
    for k in address_starts:  # the line before an address may stay short, never spread
        junctions[k - 1].loose = True
    return atoms, junctions


def _latin_atoms(word: str, run: Run) -> list[tuple[Atom, Junction]]:
    """A Latin word as atoms: an address cut at its Chicago break points (no hyphen),
    a long English word at its hyphenation points, anything else whole; each with the
    junction that joins it to the piece before."""
    if is_address(word):
        link = Junction(stretch=0.0, penalty=ADDRESS_PENALTY, loose=True)
        return [(_latin_atom(piece, run), link) for piece in address_pieces(word)]
    pieces = hyphen_pieces(word)
    atoms = [_latin_atom(piece, run) for piece in pieces]
    if len(pieces) > 1:
        try:
            face = _pick_face("-", run)
        except MissingGlyph:
            return [(_latin_atom(word, run), Junction())]
        for atom in atoms[:-1]:
            atom.hyphen = glyph_of(face, "-", run.size, 0.0)
            atom.hyphen_width = face.advance("-") * run.size
    return [(atom, Junction(stretch=0.0, penalty=HYPHEN_PENALTY)) for atom in atoms]


def _is_number(atom: Atom) -> bool:
    return atom.kind is Kind.LATIN and atom.text[0].isdigit() and atom.text[-1].isdigit()


def _bind_numbers(atoms: list[Atom], junctions: list[Junction]) -> None:
    """Never split what a reader reads as one figure: a number and its unit (``2.5小时``,
    ``120个``), a date (``9月10日``; a year may end a line: ``2024年｜9月10日``), a range
    (``9:00—17:00``), a number written in groups with spaces (a phone number:
    ``010-6952 3318``, ``138 1234 5678``)."""
    for k, j in enumerate(junctions):
        a, b = atoms[k], atoms[k + 1]
        if not (a.kind is Kind.LATIN and a.text[-1].isdigit()):
            continue
        after = atoms[k + 2] if k + 2 < len(atoms) else None
        if b.kind is Kind.HAN:
            han = takewhile(lambda x: x.kind is Kind.HAN, atoms[k + 1 : k + 5])
            following = "".join(x.text for x in han)
            unit = next((u for u in MULTI_CHAR_UNITS if following.startswith(u)), "")
            j.penalty = FIGURE_PENALTY if unit or b.text in UNIT_CHARS else NUMBER_UNIT_PENALTY
            for i in range(k + 1, k + len(unit)):
                junctions[i].penalty = FIGURE_PENALTY
            if b.text == "月" and after is not None and _is_number(after):
                junctions[k + 1].penalty = FIGURE_PENALTY  # 9月｜10日
            elif b.text == "年" and after is not None and _is_number(after):
                junctions[k + 1].penalty = DATE_BREAK_PENALTY
        elif b.text and set(b.text) <= RANGE_MARKS and after is not None and _is_number(after):
            j.penalty = junctions[k + 1].penalty = FIGURE_PENALTY
        elif b.kind is Kind.LATIN and b.text.isdigit():  # digits after a space: a group
            j.penalty = FIGURE_PENALTY


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
        j.shrink = a.right + b.left  # the blank between them (，“) goes first
    else:
        j.squeeze = _give(a, a.right) + _give(b, b.left)
    if a.text in CHINESE_NUMERALS and b.text in CHINESE_NUMERALS:
        j.penalty = NUMBER_UNIT_PENALTY  # 七｜十五: keep a Chinese numeral whole when cheap
    latin_a = a.kind is Kind.LATIN and not a.upright
    latin_b = b.kind is Kind.LATIN and not b.upright
    em = min(a.size, b.size)
    if latin_a and latin_b:
        if space:
            j.glue, j.squeeze, j.widen = 0.25 * em, 0.08 * em, 0.25 * em
        else:
            j.breakable = False  # two runs of one word (e.g. a bold part)
    elif "\u3000" in space:
        j.glue = em * space.count("\u3000")  # an ideographic space is a full cell
    elif latin_a != latin_b:
        other, edge = (b, a.text[-1]) if latin_a else (a, b.text[0])
        if edge.isalnum() and (other.kind is Kind.HAN or space and other.kind not in PUNCT_KINDS):
            j.glue, j.squeeze = rules.latin_gap * em, j.squeeze + rules.latin_gap * em / 2
            j.widen = 0.25 * em
        elif space:
            j.glue, j.squeeze, j.widen = 0.25 * em, j.squeeze + 0.08 * em, 0.25 * em
    elif space and not (a.upright or b.upright):
        j.glue = em  # a space typed between Chinese characters is a deliberate separator
        j.penalty = SEPARATOR_BONUS
    if "\u00a0" in space:  # a no-break space (邮箱 hpl_bei@…): the two stay on one line
        j.breakable, j.penalty = False, 0.0
    return j


def _give(mark: Atom, blank: float) -> float:
    """What a mark's blank beside a junction may give up inside a line: a full stop
    none, a pause mark or bracket at most ¼ em."""
    if not blank or mark.text in FULL_STOPS:
        return 0.0
    return min(blank, MAX_SQUEEZE * mark.size)
