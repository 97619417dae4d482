"""Place row units into columns: fill, keep rules, and balance at an article's end."""

from __future__ import annotations

from .units import Unit


def _rows(units: list[Unit], start: int, end: int) -> int:
    """Rows taken by units[start:end] in one column (blank rows dropped at the head)."""
    total = 0
    for k in range(start, end):
        total += units[k].rows + (units[k].space_before if k > start else 0)
    return total


def fill_column(units: list[Unit], start: int, capacity: int, final: bool = False) -> int:
    """Index of the first unit that goes to the next column.

    Keeps a heading with the two lines after it, and never leaves one line of a
    paragraph alone at the column's foot (orphan) or head (widow) when moving a
    line or two avoids it.
    """
    end = start
    while end < len(units) and _rows(units, start, end + 1) <= capacity:
        end += 1
    if end == start:  # one unit taller than the column: it stands alone
        return min(start + 1, len(units))
    if end >= len(units):
        return end
    best = end
    while best > start + 1:
        prev, nxt = units[best - 1], units[best]
        if prev.keep_with_next:  # heading at the foot
            best -= 1
            continue
        if prev.para >= 0 and prev.para == nxt.para:
            if prev.index == 0:  # orphan: the paragraph's first line alone at the foot
                best -= 1
                continue
            if nxt.index == nxt.count - 1 and prev.index >= 1:  # widow at the next head
                best -= 1
                continue
        if best >= 2 and units[best - 2].keep_with_next and best - 1 > start:
            best -= 2  # a heading with just one line after it
            continue
        break
    return best if best > start else end


def balance(
    units: list[Unit], start: int, columns: int, capacity: int, reserve: int = 0
) -> tuple[list[int], int]:
    """Break points for ``columns`` columns of at most ``capacity`` rows.

    When what is left of the article fits, the shortest column height that
    holds it all is chosen, so the columns end level (balanced). When it does
    not, the last column keeps ``reserve`` rows free (for a jump line).
    Returns the column starts and the index after the last unit placed.
    """
    starts, end = _split(units, start, columns, capacity)
    if end < len(units):
        return _split(units, start, columns, capacity, capacity - reserve)
    total = _rows(units, start, len(units))
    for height in range(max(1, -(-total // columns)), capacity + 1):
        starts, end = _split(units, start, columns, height)
        if end >= len(units):
            return starts, end
    return starts, end


def _split(units, start, columns, height, last_height=None) -> tuple[list[int], int]:
    starts = []
    k = start
    for col in range(columns):
        starts.append(k)
        if k < len(units):
            limit = last_height if (col == columns - 1 and last_height is not None) else height
            k = fill_column(units, k, limit)
    return starts, k
