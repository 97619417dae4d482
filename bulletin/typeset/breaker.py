"""Choose line breaks over a whole paragraph (total fit, after Knuth and Plass).

Every feasible line gets a cost: pushing punctuation in (挤进) is cheap, pushing
a character out and spreading the rest (推出) costs by how much each gap grows,
a line that cannot reach its measure even fully compressed is infeasible. The
path of least total demerits wins. Line-start/line-end prohibitions are hard
constraints; only when a paragraph has no legal setting at all (a measure
narrower than its marks) are they relaxed, then Latin words split.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from .atoms import Atom, Junction

INFEASIBLE = float("inf")
STRETCH_UNIT = 0.25  # em of extra space per gap that costs 100
PUSH_IN_COST = 2.0  # per em compressed
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
        self.shrink = prefix(a.left + a.right for a in atoms)
        self.letters = prefix(a.letters for a in atoms)
        self.glue = prefix(j.glue for j in junctions)
        self.jshrink = prefix(j.shrink for j in junctions)
        self.stretch = prefix(j.stretch for j in junctions)
        self.atoms = atoms

    def line(self, s: int, e: int) -> tuple[float, float, float, float]:
        """(natural width, shrink, stretch units, letters) of atoms s..e inclusive."""
        end = self.atoms[e]
        natural = self.width[e + 1] - self.width[s] + self.glue[e] - self.glue[s] - end.right
        # The line-end mark's trailing blank is gone; a line-start opening mark keeps its cell.
        shrink = (
            self.shrink[e + 1] - self.shrink[s] - end.right - self.atoms[s].left
            + self.jshrink[e] - self.jshrink[s]
        )
        stretch = self.stretch[e] - self.stretch[s]
        letters = self.letters[e + 1] - self.letters[s]
        return natural, shrink, stretch, letters


def line_cost(
    natural: float, shrink: float, stretch: float, width: float, em: float, last: bool,
    ragged: str = "",
) -> float:
    """Badness of setting a line of this natural width to ``width``.

    Ragged lines (``ragged`` = "ragged" for start/end alignment, "balanced" for
    centred) are not stretched: their cost grows with the blank they leave, so
    breaks come out even; balanced lines count the last line too.
    """
    delta = width - natural
    if delta < -1e-6:
        if -delta > shrink + 1e-6:
            return INFEASIBLE
        return PUSH_IN_COST * (-delta / em)
    if ragged == "balanced":  # centred headlines: every line, the last too, about as long
        return RAGGED_COST * (delta / width) ** 2
    if last:
        return 0.0
    if ragged:
        return RAGGED_COST * (delta / width) ** 2
    if delta <= 1e-6:
        return 0.0
    if stretch <= 0:
        return 1000.0 + 100.0 * delta / em
    per_gap = delta / stretch / em
    return 100.0 * (per_gap / STRETCH_UNIT) ** 2


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


def _best_path(atoms, junctions, sums, measure, min_last, relax, ragged):
    """Least-demerit breaks; ``relax`` 1 ignores prohibitions, 2 allows overfull lines."""
    n = len(atoms)
    total_letters = sums.letters[n]
    last_class = len(measure.widths) - 1
    # states[s][line]: best (demerits, back) for a line starting at atom s as line `line`
    states: list[dict[int, tuple[float, tuple[int, int, int] | None]]] = [{} for _ in range(n)]
    states[0][0] = (0.0, None)
    final: tuple[float, int, int, int] | None = None  # demerits, start, line, end
    for s in range(n):
        for line, (base, _) in states[s].items():
            width = measure.width(line) - (measure.indent if s == 0 else 0.0)
            for e in range(s, n):
                last = e == n - 1
                if not last and not junctions[e].breakable and relax == 0:
                    continue
                natural, shrink, stretch, letters = sums.line(s, e)
                cost = line_cost(natural, shrink, stretch, width, atoms[e].size, last, ragged)
                if cost == INFEASIBLE:
                    if relax < 2 or e > s:
                        break
                    cost = 1e6 * (natural - width)
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
