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
    """Rows taken by units[start:end] in one column: ``column_rows(...)[-1]`` without
    building its list (the column fillers ask this for every candidate end)."""
    total = 0
    for k in range(start, end):
        unit = units[k]
        total += unit.rows + unit.space_before if k > start else unit.rows
    return _dropped(units, start, end, total, capacity)


def _dropped(units: list[Unit], start: int, end: int, total: int,
             capacity: int | None) -> int:
    """``total`` rows less the one heading blank ``column_rows`` drops when it alone
    pushes the column over ``capacity``."""
    if capacity is not None and total > capacity:
        for k in range(max(start + 1, end - 3), end):
            unit = units[k]
            gap = unit.space_before
            if unit.keep_with_next and gap and total - gap <= capacity:
                return total - gap
    return total


def breakable(units: list[Unit], start: int, b: int) -> bool:
    """May a column that starts at ``start`` end before ``units[b]``? Not after a heading
    (it keeps with its text), nor after a heading's only line, nor before the source
    line or signature (they keep with the text), nor where a paragraph's
    first line would stand alone at the foot (orphan) or its last line alone at the
    next column's head (widow)."""
    if b >= len(units):
        return True
    prev, nxt = units[b - 1], units[b]
    if prev.keep_with_next or nxt.keep_with_previous:
        return False
    if prev.para >= 0 and prev.para == nxt.para:
        if prev.index == 0 or (nxt.index == nxt.count - 1 and prev.index >= 1):
            return False
    return not (b >= 2 and b - 1 > start and _heading_cut(units, b))


def _heading_cut(units: list[Unit], b: int) -> bool:
    """Would a column ending before ``units[b]`` leave a heading at its foot with one
    line under it (背题)? Not when that line is all its section has: a heading whose
    text is one line, then the next heading, may end a column (as 一、时间安排 and its
    one line in a notice)."""
    if not units[b - 2].keep_with_next:
        return False
    line = units[b - 1]
    return not (line.index == line.count - 1 and units[b].keep_with_next)


def fill_column(units: list[Unit], start: int, capacity: int, final: bool = False) -> int:
    """Index of the first unit that goes to the next column: as much as fits, moved
    back a line or two where the keep rules (``breakable``) ask."""
    # The column's rows grow unit by unit (a running sum, not a recount per end).
    end, total, n = start, 0, len(units)
    while end < n:
        unit = units[end]
        total += unit.rows + unit.space_before if end > start else unit.rows
        if _dropped(units, start, end + 1, total, capacity) > capacity:
            break
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

    When what is left of the article fits, the columns are balanced: the split whose
    columns differ least in height (see ``_most_even``). When it does not fit,
    the last column keeps ``reserve`` rows free (for a jump line).
    Returns the column starts, the index after the last unit placed, and each
    column's height limit (for ``column_rows``).
    """
    starts, end = fill_columns(units, start, columns, [capacity] * columns)
    if end < len(units):
        limits = [capacity] * (columns - 1) + [capacity - reserve]
        starts, end = fill_columns(units, start, columns, limits)
        return starts, end, limits
    found = _most_even(units, start, columns, capacity)
    if found is None:  # cannot happen: the greedy split above fits
        return starts, end, [capacity] * columns
    height, even = found
    return even, len(units), [height] * columns


def _most_even(units: list[Unit], start: int, columns: int,
               capacity: int) -> tuple[int, list[int]] | None:
    """The column height and starts that set ``units[start:]`` with the least
    difference between the tallest and the shortest column, every break where the
    keep rules allow; the lowest such height, and the earlier columns the fuller.

    For each height, a memoised search maximises the shortest column; heights are
    tried upwards until the columns end within one row of each other (or no taller
    height could do better: the tallest unit bounds what one more row can change).
    """
    n = len(units)
    prefix = [0]
    for unit in units:
        prefix.append(prefix[-1] + unit.space_before + unit.rows)

    most_dropped = max((unit.space_before for unit in units[start:]), default=0)
    # ``breakable`` once per break, not per (column start, break) the search tries: all
    # of it but its last rule (after a heading's only line) is the same for any start.
    may_end = [breakable(units, b, b) for b in range(n + 1)]
    after_head = [2 <= b < n and _heading_cut(units, b) for b in range(n + 1)]

    def rows(k: int, e: int, height: int) -> int:
        if e == k:
            return 0
        r = prefix[e] - prefix[k] - units[k].space_before  # no blank at a column's head
        # Over the height, column_rows may drop one heading's blank row to keep it with
        # its text: only then is the exact count needed.
        return _rows(units, k, e, height) if height < r <= height + most_dropped else r

    def solve(height: int) -> tuple[int, list[int]] | None:
        memo: dict[tuple[int, int], tuple[int, list[int]] | None] = {}

        def best(k: int, col: int) -> tuple[int, list[int]] | None:
            if col == columns - 1:
                r = rows(k, n, height)
                return (r, [k]) if r <= height else None
            if (k, col) in memo:
                return memo[(k, col)]
            found: tuple[int, list[int]] | None = None
            # rows(k, e, height), written out: this loop runs for every (start, end)
            head = prefix[k] + units[k].space_before if k < n else 0
            over = height + most_dropped
            for e in range(k, n + 1):
                if e == k:
                    r = 0
                else:
                    r = prefix[e] - head
                    if height < r <= over:
                        r = _rows(units, k, e, height)
                if r > height:
                    break
                if not may_end[e] or (after_head[e] and e - 1 > k):
                    continue
                rest = best(e, col + 1)
                if rest is not None and (found is None or min(r, rest[0]) >= found[0]):
                    found = (min(r, rest[0]), [k, *rest[1]])
            memo[(k, col)] = found
            return found

        return best(start, 0)

    total = rows(start, n, capacity)
    lowest = min(capacity, max(1, -(-total // columns)))
    tallest = max((unit.rows for unit in units[start:]), default=1)
    choice: tuple[int, int, list[int]] | None = None  # (spread, height, starts)
    for height in range(lowest, min(capacity, lowest + tallest + 2) + 1):
        found = solve(height)
        if found is None:
            continue
        bounds = [*found[1][1:], n]
        heights = [rows(a, b, height) for a, b in zip(found[1], bounds, strict=True)]
        spread = max(heights) - min(heights)
        if choice is None or spread < choice[0]:
            choice = (spread, max(heights), found[1])
        if spread <= 1:
            break
    if choice is None:
        found = solve(capacity)
        return (capacity, found[1]) if found else None
    return choice[1], choice[2]


def fill_columns(units: list[Unit], start: int, columns: int,
                 limits: list[int]) -> tuple[list[int], int]:
    """Column starts filling each column to its limit in turn, and the index after
    the last unit placed."""
    starts = []
    k = start
    for col in range(columns):
        starts.append(k)
        if k < len(units):
            k = fill_column(units, k, limits[col])
    return starts, k
