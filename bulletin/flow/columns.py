"""Place row units into columns: fill, keep rules, and balance at an article's end."""

from __future__ import annotations

from .units import Unit


def column_rows(units: list[Unit], start: int, end: int, capacity: int | None = None) -> list[int]:
    """The row of each unit of units[start:end] in one column.

    A blank row before a unit is dropped at the column's head, and also before a
    heading among the column's last three units when that blank alone would push
    the heading and its lines over (``capacity``): the grid is kept, the heading
    stays with its text.
    """
    spaces = [units[k].space_before if k > start else 0 for k in range(start, end)]
    total = sum(spaces) + sum(units[k].rows for k in range(start, end))
    if capacity is not None and total > capacity:
        for k in range(max(start + 1, end - 3), end):
            gap = spaces[k - start]
            if units[k].keep_with_next and gap and total - gap <= capacity:
                spaces[k - start] = 0
                break
    rows, row = [], 0
    for k in range(start, end):
        row += spaces[k - start]
        rows.append(row)
        row += units[k].rows
    rows.append(row)
    return rows


def _rows(units: list[Unit], start: int, end: int, capacity: int | None = None) -> int:
    """Rows taken by units[start:end] in one column."""
    return column_rows(units, start, end, capacity)[-1]


def fill_column(units: list[Unit], start: int, capacity: int, final: bool = False) -> int:
    """Index of the first unit that goes to the next column.

    Keeps a heading with the two lines after it, and never leaves one line of a
    paragraph alone at the column's foot (orphan) or head (widow) when moving a
    line or two avoids it.
    """
    end = start
    while end < len(units) and _rows(units, start, end + 1, capacity) <= capacity:
        end += 1
    if end == start:  # a unit taller than this column: it waits for the next one
        return start
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
) -> tuple[list[int], int, list[int]]:
    """Break points for ``columns`` columns of at most ``capacity`` rows.

    When what is left of the article fits, the column height that holds it all
    with the least difference between columns is chosen (balanced ends). When it
    does not, the last column keeps ``reserve`` rows free (for a jump line).
    Returns the column starts, the index after the last unit placed, and each
    column's height limit (for ``column_rows``).
    """
    starts, end = _split(units, start, columns, [capacity] * columns)
    if end < len(units):
        limits = [capacity] * (columns - 1) + [capacity - reserve]
        starts, end = _split(units, start, columns, limits)
        return starts, end, limits
    total = _rows(units, start, len(units))
    best: tuple[int, list[int], list[int]] | None = None  # (spread, starts, limits)
    for height in range(min(capacity, max(1, -(-total // columns))), capacity + 1):
        found = _most_even(units, start, columns, height)
        if found and (best is None or found[0] < best[0]):
            best = found
        if best and best[0] <= 1:
            break
    if best is None:  # cannot happen: the full capacity fits, checked above
        return starts, end, [capacity] * columns
    return best[1], len(units), best[2]


def _most_even(units, start, columns, height) -> tuple[int, list[int], list[int]] | None:
    """The split into columns of at most ``height`` rows whose heights differ least.

    Each column but the last may stop one or two rows short of ``height`` (where
    the keep rules allow a break there): filling every column to the brim leaves
    all the shortfall in the last one.
    """
    best = None

    def walk(k: int, col: int, starts: list[int], limits: list[int], heights: list[int]):
        nonlocal best
        if col == columns - 1:
            end = fill_column(units, k, height) if k < len(units) else k
            rows = _rows(units, k, end, height)
            if end == len(units):
                all_heights = [*heights, rows]
                spread = max(all_heights) - min(all_heights)
                if best is None or spread < best[0]:
                    best = (spread, [*starts, k], [*limits, height])
            return
        ends = set()
        for limit in (height, height - 1, height - 2):
            end = fill_column(units, k, limit) if k < len(units) else k
            if limit < 1 or end in ends:
                continue
            ends.add(end)
            walk(end, col + 1, [*starts, k], [*limits, limit],
                 [*heights, _rows(units, k, end, limit)])

    walk(start, 0, [], [], [])
    return best


def _split(units, start, columns, limits) -> tuple[list[int], int]:
    starts = []
    k = start
    for col in range(columns):
        starts.append(k)
        if k < len(units):
            k = fill_column(units, k, limits[col])
    return starts, k
