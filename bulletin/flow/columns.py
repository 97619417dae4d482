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


def breakable(units: list[Unit], start: int, b: int) -> bool:
    """May a column that starts at ``start`` end before ``units[b]``? Not after a heading
    (it keeps with its text), nor after a heading's only line, nor where a paragraph's
    first line would stand alone at the foot (orphan) or its last line alone at the
    next column's head (widow)."""
    if b >= len(units):
        return True
    prev, nxt = units[b - 1], units[b]
    if prev.keep_with_next:
        return False
    if prev.para >= 0 and prev.para == nxt.para:
        if prev.index == 0 or (nxt.index == nxt.count - 1 and prev.index >= 1):
            return False
    return not (b >= 2 and units[b - 2].keep_with_next and b - 1 > start)


def fill_column(units: list[Unit], start: int, capacity: int, final: bool = False) -> int:
    """Index of the first unit that goes to the next column: as much as fits, moved
    back a line or two where the keep rules (``breakable``) ask."""
    end = start
    while end < len(units) and _rows(units, start, end + 1, capacity) <= capacity:
        end += 1
    if end == start:  # a unit taller than this column: it waits for the next one
        return start
    best = end
    while best > start + 1 and not breakable(units, start, best):
        best -= 1
    return best


def balance(
    units: list[Unit], start: int, columns: int, capacity: int, reserve: int = 0
) -> tuple[list[int], int, list[int]]:
    """Break points for ``columns`` columns of at most ``capacity`` rows.

    When what is left of the article fits, the lowest column height at which all
    columns end within one row of each other is chosen (balanced ends; more rows of
    difference only where the keep rules allow nothing better). When it does not fit,
    the last column keeps ``reserve`` rows free (for a jump line).
    Returns the column starts, the index after the last unit placed, and each
    column's height limit (for ``column_rows``).
    """
    starts, end = _split(units, start, columns, [capacity] * columns)
    if end < len(units):
        limits = [capacity] * (columns - 1) + [capacity - reserve]
        starts, end = _split(units, start, columns, limits)
        return starts, end, limits
    total = _rows(units, start, len(units))
    lowest = min(capacity, max(1, -(-total // columns)))
    for slack in (1, 2, 3):
        for height in range(lowest, capacity + 1):
            found = _even_split(units, start, columns, height, slack)
            if found is not None:
                return found, len(units), [height] * columns
    return starts, end, [capacity] * columns


def _even_split(units: list[Unit], start: int, columns: int, height: int,
                slack: int) -> list[int] | None:
    """Column starts that set ``units[start:]`` in columns of ``height - slack`` to
    ``height`` rows, each break where the keep rules allow; the earlier columns as
    full as possible. None if there is no such split."""
    n = len(units)
    failed: set[tuple[int, int]] = set()

    def fits(k: int, end: int) -> bool:
        rows = _rows(units, k, end, height)
        return height - slack <= rows <= height

    def place(k: int, col: int) -> list[int] | None:
        if col == columns - 1:
            return [k] if fits(k, n) else None
        if (k, col) in failed:
            return None
        ends = []
        for end in range(k, n + 1):
            rows = _rows(units, k, end, height)
            if rows > height:
                break
            if rows >= height - slack and breakable(units, k, end):
                ends.append(end)
        for end in reversed(ends):
            rest = place(end, col + 1)
            if rest is not None:
                return [k, *rest]
        failed.add((k, col))
        return None

    return place(start, 0)


def _split(units, start, columns, limits) -> tuple[list[int], int]:
    starts = []
    k = start
    for col in range(columns):
        starts.append(k)
        if k < len(units):
            k = fill_column(units, k, limits[col])
    return starts, k
