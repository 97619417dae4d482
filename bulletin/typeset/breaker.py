"""Choose line breaks over a whole paragraph (total fit, after Knuth and Plass).

Every feasible line gets a cost: pushing in (挤进) first takes the blank between
adjacent marks, which is cheap, then up to ¼ em of each pause mark and ⅛ em of each
Han–Latin gap, which costs by the share of that it takes; pushing a character out and
spreading the rest (推出) costs by how much each gap grows (a line spread past 0.2 em
first widens its Han–Latin gaps); a line that cannot
reach its measure even fully compressed is infeasible. With hanging punctuation
(标点悬挂) a line-end ``，。、`` may stand past the measure when that costs less.
The path of least total demerits wins. Line-start/line-end prohibitions are hard
constraints; only when a paragraph has no legal setting at all (a measure
narrower than its marks) are they relaxed, then Latin words split.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from .atoms import Atom, Junction
from .chars import Kind

INFEASIBLE = float("inf")
STRETCH_UNIT = 0.25  # em of extra space per gap that costs 100
PUSH_IN_COST = 2.0  # per em taken from between adjacent marks
WIDEN_COST = 5.0  # every Latin gap of a spread line widened by its full ¼ em
SQUEEZE_COST = 10.0  # every pause mark and Latin gap of the line squeezed all it may
UNSTRETCHABLE = 1e4  # a short line that nothing can spread (，，): only when all else fails
MAX_SPREAD = 0.2  # em a gap may grow before a line ending inside an address stays short
SHORT_UNIT = 4.0  # em of blank at the end of such a line that costs 100 (as a 0.25 em spread)
LONE_LAST_LINE = 10_000.0
RAGGED_COST = 100.0  # a ragged line half empty costs 25
LINE_COST = 2000.0  # every line costs this much: a break where none is needed never pays
_LETTER_KINDS = (Kind.HAN, Kind.LATIN)  # what Atom.letters counts


@dataclass(frozen=True)
class Measure:
    """Line widths: ``widths[i]`` for line i, the last one for all later lines."""

    widths: tuple[float, ...]
    indent: float = 0.0  # first line only

    def width(self, line: int) -> float:
        return self.widths[min(line, len(self.widths) - 1)]


class _Sums:
    """Prefix sums so a line's natural width, shrink and stretch cost O(1)."""

    def __init__(self, atoms: list[Atom], junctions: list[Junction]) -> None:
        # One pass over each list into plain lists, then C-level running sums (the same
        # additions in the same order as summing each attribute on its own).
        def prefix(values: list[float] | list[int]) -> list[float]:
            return [0.0, *accumulate(values)]

        widths = [a.left + a.core + a.right for a in atoms]  # Atom.width, inlined
        letters = [len(a.text) if a.kind in _LETTER_KINDS else 0 for a in atoms]
        glue, shrink, squeeze, stretch, widen, loose = [], [], [], [], [], []
        for j in junctions:
            glue.append(j.glue)
            shrink.append(j.shrink)
            squeeze.append(j.squeeze)
            stretch.append(j.stretch)
            widen.append(j.widen)
            loose.append(1.0 if j.loose else 0.0)
        self.width = prefix(widths)
        self.letters = prefix(letters)
        self.glue = prefix(glue)
        self.shrink = prefix(shrink)
        self.squeeze = prefix(squeeze)
        self.stretch = prefix(stretch)
        self.widen = prefix(widen)
        self.atoms = atoms
        self.junctions = junctions
        self.prefix_loose = prefix(loose)

    def line(self, s: int, e: int) -> tuple[Fit, int]:
        """What atoms s..e inclusive need to be set as one line, and their letters."""
        # The line-end mark's trailing blank is gone; a line-start opening mark keeps its
        # cell: only the junctions inside the line give anything up.
        # A word piece ending the line gets its hyphen.
        end = self.atoms[e]
        natural = self.width[e + 1] - self.width[s] + self.glue[e] - self.glue[s] - end.right
        return Fit(
            natural=natural + end.hyphen_width,
            shrink=self.shrink[e] - self.shrink[s],
            squeeze=self.squeeze[e] - self.squeeze[s],
            stretch=self.stretch[e] - self.stretch[s],
            widen=self.widen[e] - self.widen[s],
            hang=end.hang,
            em=end.size,
            loose=e < len(self.junctions) and self.junctions[e].loose,
        ), self.letters[e + 1] - self.letters[s]


@dataclass(frozen=True)
class Fit:
    """A line's natural width and what it may give or take to reach its measure (pt)."""

    natural: float
    shrink: float
    squeeze: float
    stretch: float  # junctions that share justification expansion
    widen: float = 0.0  # what its Latin gaps take first when it is spread
    hang: float = 0.0  # how far its line-end mark may stand past the measure
    em: float = 10.0
    loose: bool = False  # it ends before or inside an address: short rather than spread

    def spread(self, width: float) -> tuple[float, float]:
        """(what the Latin gaps take, what each junction then takes) to justify it, pt.

        Expansion goes evenly between characters; only a line that would be spaced out
        past ``MAX_SPREAD`` first widens its Han–Latin gaps and word spaces (by up to ¼
        em, as JLREQ does), so its characters stand closer together."""
        return _spread(self.natural, self.stretch, self.widen, self.em, width)

    def spreads(self, width: float) -> bool:
        """Is the line justified? One that ends before or inside an address is left
        short where justifying would space its characters more than ``MAX_SPREAD``
        apart (a reader must not see 在 社 区 网 站 spread out before it)."""
        return not self.loose or self.spread(width)[1] <= MAX_SPREAD * self.em

    def best(self, width: float, last: bool, ragged: str = "") -> tuple[float, bool]:
        """(cost, hangs): the cheaper of setting the line inside the measure or with
        its line-end mark hanging."""
        return _best(self.natural, self.shrink, self.squeeze, self.stretch, self.widen,
                     self.hang, self.em, self.loose, width, last, ragged)


def _spread(natural: float, stretch: float, widen: float, em: float,
            width: float) -> tuple[float, float]:
    """``Fit.spread`` on plain numbers (the breaker's inner loop makes no ``Fit``)."""
    delta = max(0.0, width - natural)
    if stretch <= 0:
        return 0.0, INFEASIBLE if delta > 1e-6 else 0.0
    first = min(max(0.0, delta - MAX_SPREAD * em * stretch), widen)
    return first, (delta - first) / stretch


def _best(natural: float, shrink: float, squeeze: float, stretch: float, widen: float,
          hang: float, em: float, loose: bool, width: float, last: bool,
          ragged: str) -> tuple[float, bool]:
    """``Fit.best`` on plain numbers."""
    cost = _cost(natural, shrink, squeeze, stretch, widen, em, loose, width, last, ragged)
    if hang:
        hung = _cost(natural - hang, shrink, squeeze, stretch, widen, em, loose, width,
                     last, ragged)
        if hung < cost:
            return hung, True
    return cost, False


def line_cost(fit: Fit, width: float, last: bool, ragged: str = "") -> float:
    """Badness of setting a line to ``width``.

    Ragged lines (``ragged`` = "ragged" for start/end alignment, "balanced" for
    centred) are not stretched: their cost grows with the blank they leave, so
    breaks come out even; balanced lines count the last line too.
    """
    return _cost(fit.natural, fit.shrink, fit.squeeze, fit.stretch, fit.widen, fit.em,
                 fit.loose, width, last, ragged)


def _cost(natural: float, shrink: float, squeeze: float, stretch: float, widen: float,
          em: float, loose: bool, width: float, last: bool, ragged: str) -> float:
    """``line_cost`` on plain numbers."""
    delta = width - natural
    if delta < -1e-6:
        need = -delta
        if need > shrink + squeeze + 1e-6:
            return INFEASIBLE
        first = min(need, shrink)
        cost = PUSH_IN_COST * first / em
        if need - first > 1e-9:
            cost += SQUEEZE_COST * (need - first) / squeeze
        return cost
    if ragged == "balanced":  # centred headlines: every line, the last too, about as long
        return RAGGED_COST * (delta / width) ** 2
    if last:
        return 0.0
    if ragged:
        return RAGGED_COST * (delta / width) ** 2
    # _spread, written out (this runs for every line the breaker weighs)
    spread = delta if delta > 0.0 else 0.0
    if stretch <= 0:
        first, per_gap = 0.0, INFEASIBLE if spread > 1e-6 else 0.0
    else:
        first = min(max(0.0, spread - MAX_SPREAD * em * stretch), widen)
        per_gap = (spread - first) / stretch
    if loose and per_gap > MAX_SPREAD * em:  # at an address: short, the shorter the worse
        return 100.0 * (delta / em / SHORT_UNIT) ** 2
    if delta <= 1e-6:
        return 0.0
    cost = WIDEN_COST * first / widen if first else 0.0
    if per_gap == INFEASIBLE:
        return UNSTRETCHABLE + 100.0 * delta / em
    return cost + 100.0 * (per_gap / em / STRETCH_UNIT) ** 2


def break_lines(
    atoms: list[Atom], junctions: list[Junction], measure: Measure, min_last: int = 2,
    ragged: str = "",
) -> list[int]:
    """Indices of the last atom of each line."""
    if not atoms:
        return []
    return _break(atoms, junctions, _Sums(atoms, junctions), measure, min_last, ragged)


def break_and_fit(
    atoms: list[Atom], junctions: list[Junction], measure: Measure, min_last: int = 2,
    ragged: str = "",
) -> tuple[list[int], list[Fit]]:
    """``break_lines`` and the ``line_fits`` of its lines, on one set of prefix sums
    (compose needs both for every paragraph)."""
    if not atoms:
        return [], []
    sums = _Sums(atoms, junctions)
    ends = _break(atoms, junctions, sums, measure, min_last, ragged)
    return ends, _fits(sums, ends)


def _break(atoms: list[Atom], junctions: list[Junction], sums: _Sums, measure: Measure,
           min_last: int, ragged: str) -> list[int]:
    """``break_lines`` on prefix sums already made."""
    for relax in (0, 1):
        ends = _best_path(atoms, junctions, sums, measure, min_last, relax, ragged)
        if ends is not None:
            return ends
    # Nothing fits even with every junction breakable: overfull lines, one atom each at least.
    return _best_path(atoms, junctions, sums, measure, min_last, 2, ragged) or [len(atoms) - 1]


def line_fits(atoms: list[Atom], junctions: list[Junction], ends: list[int]) -> list[Fit]:
    """The ``Fit`` of each line of a paragraph broken at ``ends``."""
    return _fits(_Sums(atoms, junctions), ends)


def _fits(sums: _Sums, ends: list[int]) -> list[Fit]:
    """``line_fits`` on prefix sums already made."""
    starts = [0, *(e + 1 for e in ends[:-1])]
    return [sums.line(s, e)[0] for s, e in zip(starts, ends, strict=True)]


def _best_path(atoms, junctions, sums, measure, min_last, relax, ragged):
    """Least-demerit breaks; ``relax`` 1 ignores prohibitions, 2 allows overfull lines.

    The inner loop is ``sums.line`` and ``Fit.best`` written out on plain numbers (the
    same sums in the same order, so the same costs): it runs for every feasible line
    of every paragraph, many times over while a poster looks for its size."""
    n = len(atoms)
    total_letters = sums.letters[n]
    last_class = len(measure.widths) - 1
    # states[s][line]: best (demerits, back) for a line starting at atom s as line `line`
    # (None until some line ends before s: most atoms start no line)
    states: list[dict[int, tuple[float, tuple[int, int, int] | None]] | None] = [None] * n
    states[0] = {0: (0.0, None)}
    final: tuple[float, int, int, int] | None = None  # demerits, start, line, end
    loose = sums.prefix_loose
    widths, glue, letters_sum = sums.width, sums.glue, sums.letters
    shrinks, squeezes, stretches, widens = sums.shrink, sums.squeeze, sums.stretch, sums.widen
    rights = [a.right for a in atoms]
    hyphens = [a.hyphen_width for a in atoms]
    hangs = [a.hang for a in atoms]
    ems = [a.size for a in atoms]
    breakable = [j.breakable for j in junctions]
    penalty = [j.penalty for j in junctions]
    loose_end = [j.loose for j in junctions] + [False]  # the last atom ends no junction
    min_letters = min(min_last, total_letters)
    strict = relax == 0
    balanced = ragged == "balanced"
    for s in range(n):
        starts = states[s]
        if not starts:
            continue
        w_s, g_s = widths[s], glue[s]
        sh_s, sq_s, st_s, wi_s = shrinks[s], squeezes[s], stretches[s], widens[s]
        for line, (base, _) in starts.items():
            width = measure.width(line) - (measure.indent if s == 0 else 0.0)
            nxt = min(line + 1, last_class)
            first = s
            if strict and not ragged:
                # A justified line less than half full is never the best choice: skip
                # those ends (found on the prefix sums), unless an address may keep a
                # line short there. (The bound is at most n - 1: the last line is tried.)
                first = max(s, bisect_left(widths, w_s + width / 2) - 2)
                if loose[first] - loose[s]:
                    first = s
            for e in range(first, n):
                last = e == n - 1
                if strict and not last and not breakable[e]:
                    continue
                natural = widths[e + 1] - w_s + glue[e] - g_s - rights[e] + hyphens[e]
                em = ems[e]
                # _cost, written out (no call per candidate); the same operations in the
                # same order, so the same costs to the last bit. Each branch takes only
                # the sums it reads.
                delta = width - natural
                if delta < -1e-6:
                    shrink, squeeze = shrinks[e] - sh_s, squeezes[e] - sq_s
                    need = -delta
                    if need > shrink + squeeze + 1e-6:
                        cost = INFEASIBLE
                    else:
                        taken = need if need < shrink else shrink  # min(need, shrink)
                        cost = PUSH_IN_COST * taken / em
                        if need - taken > 1e-9:
                            cost += SQUEEZE_COST * (need - taken) / squeeze
                elif ragged:
                    cost = (0.0 if last and not balanced
                            else RAGGED_COST * (delta / width) ** 2)
                elif last:
                    cost = 0.0
                else:
                    stretch, widen = stretches[e] - st_s, widens[e] - wi_s
                    spread = delta if delta > 0.0 else 0.0
                    if stretch <= 0:
                        wide, per_gap = 0.0, INFEASIBLE if spread > 1e-6 else 0.0
                    else:
                        wide = spread - MAX_SPREAD * em * stretch
                        wide = wide if wide > 0.0 else 0.0  # max(0.0, ...)
                        if widen < wide:  # min(..., widen)
                            wide = widen
                        per_gap = (spread - wide) / stretch
                    if loose_end[e] and per_gap > MAX_SPREAD * em:
                        cost = 100.0 * (delta / em / SHORT_UNIT) ** 2
                    elif delta <= 1e-6:
                        cost = 0.0
                    elif per_gap == INFEASIBLE:
                        cost = UNSTRETCHABLE + 100.0 * delta / em
                    else:
                        cost = ((WIDEN_COST * wide / widen if wide else 0.0)
                                + 100.0 * (per_gap / em / STRETCH_UNIT) ** 2)
                if hangs[e]:
                    hung = _cost(natural - hangs[e], shrinks[e] - sh_s, squeezes[e] - sq_s,
                                 stretches[e] - st_s, widens[e] - wi_s, em, loose_end[e],
                                 width, last, ragged)
                    if hung < cost:
                        cost = hung
                if cost == INFEASIBLE:
                    if relax < 2 or e > s:
                        break
                    cost = 1e6 * (natural - width)
                if last and s > 0 and letters_sum[e + 1] - letters_sum[s] < min_letters:
                    cost += LONE_LAST_LINE
                demerits = base + (1.0 + cost) ** 2 + LINE_COST
                if last:
                    if final is None or demerits < final[0]:
                        final = (demerits, s, line, e)
                    break
                demerits += penalty[e]
                if not breakable[e]:
                    demerits += 1e5
                ahead = states[e + 1]
                if ahead is None:
                    states[e + 1] = {nxt: (demerits, (s, line, e))}
                else:
                    old = ahead.get(nxt)
                    if old is None or demerits < old[0]:
                        ahead[nxt] = (demerits, (s, line, e))
    if final is None:
        return None
    _, s, line, e = final
    ends = [e]
    while True:
        back = states[s][line][1]
        if back is None:
            break
        s, line, e = back
        ends.append(e)
    return ends[::-1]
