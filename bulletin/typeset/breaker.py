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
from dataclasses import dataclass, replace
from itertools import accumulate

from .atoms import Atom, Junction

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
        def prefix(values):
            return [0.0, *accumulate(values)]

        self.width = prefix(a.width for a in atoms)
        self.letters = prefix(a.letters for a in atoms)
        self.glue = prefix(j.glue for j in junctions)
        self.shrink = prefix(j.shrink for j in junctions)
        self.squeeze = prefix(j.squeeze for j in junctions)
        self.stretch = prefix(j.stretch for j in junctions)
        self.widen = prefix(j.widen for j in junctions)
        self.atoms = atoms
        self.junctions = junctions
        self.prefix_loose = prefix(1.0 if j.loose else 0.0 for j in junctions)

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
        delta = max(0.0, width - self.natural)
        if self.stretch <= 0:
            return 0.0, INFEASIBLE if delta > 1e-6 else 0.0
        first = min(max(0.0, delta - MAX_SPREAD * self.em * self.stretch), self.widen)
        return first, (delta - first) / self.stretch

    def spreads(self, width: float) -> bool:
        """Is the line justified? One that ends before or inside an address is left
        short where justifying would space its characters more than ``MAX_SPREAD``
        apart (a reader must not see 在 社 区 网 站 spread out before it)."""
        return not self.loose or self.spread(width)[1] <= MAX_SPREAD * self.em

    def best(self, width: float, last: bool, ragged: str = "") -> tuple[float, bool]:
        """(cost, hangs): the cheaper of setting the line inside the measure or with
        its line-end mark hanging."""
        cost = line_cost(self, width, last, ragged)
        if self.hang:
            hung = line_cost(replace(self, natural=self.natural - self.hang), width, last,
                             ragged)
            if hung < cost:
                return hung, True
        return cost, False


def line_cost(fit: Fit, width: float, last: bool, ragged: str = "") -> float:
    """Badness of setting a line to ``width``.

    Ragged lines (``ragged`` = "ragged" for start/end alignment, "balanced" for
    centred) are not stretched: their cost grows with the blank they leave, so
    breaks come out even; balanced lines count the last line too.
    """
    em = fit.em
    delta = width - fit.natural
    if delta < -1e-6:
        need = -delta
        if need > fit.shrink + fit.squeeze + 1e-6:
            return INFEASIBLE
        first = min(need, fit.shrink)
        cost = PUSH_IN_COST * first / em
        if need - first > 1e-9:
            cost += SQUEEZE_COST * (need - first) / fit.squeeze
        return cost
    if ragged == "balanced":  # centred headlines: every line, the last too, about as long
        return RAGGED_COST * (delta / width) ** 2
    if last:
        return 0.0
    if ragged:
        return RAGGED_COST * (delta / width) ** 2
    if not fit.spreads(width):  # at an address: short, and the shorter the worse
        return 100.0 * (delta / em / SHORT_UNIT) ** 2
    if delta <= 1e-6:
        return 0.0
    first, per_gap = fit.spread(width)
    cost = WIDEN_COST * first / fit.widen if first else 0.0
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
    sums = _Sums(atoms, junctions)
    for relax in (0, 1):
        ends = _best_path(atoms, junctions, sums, measure, min_last, relax, ragged)
        if ends is not None:
            return ends
    # Nothing fits even with every junction breakable: overfull lines, one atom each at least.
    return _best_path(atoms, junctions, sums, measure, min_last, 2, ragged) or [len(atoms) - 1]


def line_fits(atoms: list[Atom], junctions: list[Junction], ends: list[int]) -> list[Fit]:
    """The ``Fit`` of each line of a paragraph broken at ``ends``."""
    sums = _Sums(atoms, junctions)
    starts = [0, *(e + 1 for e in ends[:-1])]
    return [sums.line(s, e)[0] for s, e in zip(starts, ends, strict=True)]


def _best_path(atoms, junctions, sums, measure, min_last, relax, ragged):
    """Least-demerit breaks; ``relax`` 1 ignores prohibitions, 2 allows overfull lines."""
    n = len(atoms)
    total_letters = sums.letters[n]
    last_class = len(measure.widths) - 1
    # states[s][line]: best (demerits, back) for a line starting at atom s as line `line`
    states: list[dict[int, tuple[float, tuple[int, int, int] | None]]] = [{} for _ in range(n)]
    states[0][0] = (0.0, None)
    final: tuple[float, int, int, int] | None = None  # demerits, start, line, end
    loose = sums.prefix_loose
    for s in range(n):
        for line, (base, _) in states[s].items():
            width = measure.width(line) - (measure.indent if s == 0 else 0.0)
            first = s
            if relax == 0 and not ragged:
                # A justified line less than half full is never the best choice: skip
                # those ends (found on the prefix sums), unless an address may keep a
                # line short there. (The bound is at most n - 1: the last line is tried.)
                first = max(s, bisect_left(sums.width, sums.width[s] + width / 2) - 2)
                if loose[first] - loose[s]:
                    first = s
            for e in range(first, n):
                last = e == n - 1
                if not last and not junctions[e].breakable and relax == 0:
                    continue
                fit, letters = sums.line(s, e)
                cost = fit.best(width, last, ragged)[0]
                if cost == INFEASIBLE:
                    if relax < 2 or e > s:
                        break
                    cost = 1e6 * (fit.natural - width)
                if last and s > 0 and letters < min(min_last, total_letters):
                    cost += LONE_LAST_LINE
                demerits = base + (1.0 + cost) ** 2 + LINE_COST
                if last:
                    if final is None or demerits < final[0]:
                        final = (demerits, s, line, e)
                    break
                demerits += junctions[e].penalty
                if not junctions[e].breakable:
                    demerits += 1e5
                nxt = min(line + 1, last_class)
                old = states[e + 1].get(nxt)
                if old is None or demerits < old[0]:
                    states[e + 1][nxt] = (demerits, (s, line, e))
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
