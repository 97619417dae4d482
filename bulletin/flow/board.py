"""A landscape notice board (宣传栏): several articles as boxed panels side by side.

The page's columns are shared out among the articles by their length, each
article is made up in its panel by the newsletter flow, and the type of all
panels is scaled together (the poster fit) until the longest panel just fills
its box. Panels that leave their boxes part empty even at the largest size (a
short 通知) are set in fewer, wider columns, their frames end under their text,
and the block stands centred between the masthead band and the 报尾, as a
poster's text does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..content import expected_paragraphs
from ..content.model import Article, Image, Issue
from ..errors import BulletinError
from ..fontstage.metrics import Fonts
from ..i18n import t
from ..style.layout import Layout
from .grid import Grid, make_grid
from .model import Document, Rule
from .newsletter import NewsletterFlow, PageTooSmall
from .poster import MAX_MEASURE, STEP, largest_size

PANEL_GAP = 2.0  # body characters between panels
FRAME = 0.8  # pt, the panels' frame line
PHOTO_CHARS = 200  # a photo counts as this many characters when sharing out columns

Made = list[tuple[NewsletterFlow, Document]]  # each panel's flow and what it made


def flow_board(issue: Issue, layout: Layout, fonts: Fonts) -> Document:
    """The board with the largest type at which every panel stands in its box, over
    the ways of sharing its width near the articles' lengths; of equal sizes, the one
    whose panels are fullest (least empty rows at their feet).

    Each paragraph is set once per size and width (the build's ``fonts.paragraphs``: the
    band above the panels is the same at a size whatever the shares); the sizes tried are
    guessed from the rows the panels took on the boards made so far (``_Panels``); and
    a way of sharing is only searched from the largest size found so far up: one that
    does not take that size cannot win, and one try says so.

    At the largest size the panels may still leave rows empty: see ``_at_largest``."""
    low, high = layout.fit or (layout.body.size, layout.body.size)
    # (size, -empty rows, board, shares)
    best: tuple[float, int, Document, list[float]] | None = None
    seen = _Panels(layout)
    for shares in _share_options(issue, layout):
        boards: dict[float, tuple[Document, int] | None] = {}

        def fits(size: float, shares: list[float] = shares,
                 boards: dict = boards) -> bool:
            try:
                boards[size] = _attempt(issue, layout.scaled(size / layout.body.size), fonts,
                                        shares, seen)
            except PageTooSmall:
                boards[size] = None
            return boards[size] is not None

        # Below the best size so far a way of sharing loses: it starts there.
        start = low if best is None else best[0]
        size = largest_size(start, high, fits, seen.guesser(shares))
        if size is None:
            continue
        document, empty = boards[size]  # type: ignore[misc]
        if best is None or (size, -empty) > best[:2]:
            best = (size, -empty, document, shares)
    if best is None:
        raise BulletinError(
            t("the articles do not fit in their panels at the smallest size {size}pt",
              size=format(low, "g")),
            t("cut the longest article, or set fewer articles on this board (--article N)"))
    size, _, document, shares = best
    if round(size / STEP) < round(high / STEP):
        return document  # the panels are full: the board as found
    scaled = layout.scaled(size / layout.body.size)
    return _at_largest(issue, scaled, fonts, shares) or document


def _at_largest(issue: Issue, layout: Layout, fonts: Fonts,
                shares: list[float]) -> Document | None:
    """The board at its largest size (``layout`` scaled to it) with the fewest columns a
    panel at which every panel still stands in its box, frames ending under the text
    and the block centred; None if even its own columns fail (they do not: they won).

    Content that leaves room at the largest size is short: in the layout's narrow
    columns a notice would be a band of three-line columns at the top of a frame round
    an empty page. A typesetter sets it in fewer, wider columns (no wider than
    MAX_MEASURE) and draws the frame round the text. Each cap tried costs one board."""
    own = max(columns for _, _, columns in _columns(layout, shares))
    for cap in [*range(1, own), None]:
        made = _attempt(issue, layout, fonts, shares, cap=cap, centre=True)
        if made is not None:
            return made[0]
    return None


class _Panels:
    """What the boards made so far show of each article's panel, to guess the largest
    size at which a way of sharing the width fits (as ``poster._SizeSearch`` does for a
    poster): at so many columns of so many characters a line, the rows the panel took.
    At fewer characters a line it takes more rows, about in proportion. The guess only
    orders the sizes tried; it never decides one."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.taken: dict[tuple[int, int, int], int] = {}  # (article, columns, chars) → rows
        self.frame = (0, 0)  # rows above the panels and of the 报尾, on the last board made

    def note(self, number: int, grid: Grid, rows: int) -> None:
        key = (number, grid.columns, grid.chars)
        self.taken[key] = max(rows, self.taken.get(key, 0))

    def rows_needed(self, number: int, grid: Grid) -> float | None:
        if (number, grid.columns, grid.chars) in self.taken:
            return self.taken[number, grid.columns, grid.chars]
        wider = [c for n, cols, c in self.taken
                 if n == number and cols == grid.columns and c > grid.chars]
        if not wider:
            return None
        near = min(wider)
        return self.taken[number, grid.columns, near] * near / grid.chars

    def fits(self, step: int, shares: list[float]) -> bool:
        """Would every panel stand in its box at ``step`` quarter points, as guessed?"""
        scaled = self.layout.scaled(step * STEP / self.layout.body.size)
        grid = make_grid(scaled)
        panels, _ = _panels(scaled, grid, *self.frame, shares)
        for number, (_, _, panel) in enumerate(panels):
            inside = make_grid(panel)
            need = self.rows_needed(number, inside)
            if need is None or need > inside.rows:
                return False
        return True

    def guesser(self, shares: list[float]) -> Callable[[int, int], int]:
        """``largest_size``'s guess for this way of sharing: the largest step below
        ``bad`` at which every panel is expected to fit (``ok`` if none above it)."""
        def guess(ok: int, bad: int) -> int:
            best = ok
            for step in range(ok + 1, bad):
                if not self.fits(step, shares):
                    break
                best = step
            return best

        return guess


def _share_options(issue: Issue, layout: Layout) -> list[list[float]]:
    """Each article's share of the board's width: the share by length, and that share
    moved by 5 % and 10 % between neighbours (a length is only an estimate of the room
    an article takes, so the panels can fill their boxes evenly)."""
    columns = _shares(issue, make_grid(layout).columns)
    base = [c / sum(columns) for c in columns]
    options = [base]
    for k in range(len(base) - 1):
        for step in (0.05, -0.05, 0.1, -0.1):
            moved = list(base)
            moved[k] += step
            moved[k + 1] -= step
            if min(moved) > 0.08:
                options.append(moved)
    return options


def _shares(issue: Issue, slots: int) -> list[int]:
    """Columns per article, by length (largest remainder), at least one each."""
    if len(issue.articles) > slots:
        raise BulletinError(t("{count} articles for a board of {slots} columns",
                              count=len(issue.articles), slots=slots),
                            t("choose fewer articles (--article N) or a layout with more "
                              "columns"))
    lengths = [_length(issue, article) for article in issue.articles]
    total = sum(lengths)
    raw = [1 + (slots - len(lengths)) * n / total for n in lengths]
    shares = [int(r) for r in raw]
    for k in sorted(range(len(raw)), key=lambda k: raw[k] - shares[k], reverse=True):
        if sum(shares) >= slots:
            break
        shares[k] += 1
    return shares


def _length(issue: Issue, article: Article) -> int:
    """How much an article takes: its characters, and a photo as some 200 more."""
    text = expected_paragraphs(replace(issue, articles=(article,)))
    photos = sum(isinstance(block, Image) for block in article.body)
    return sum(len(t) for t in text) + PHOTO_CHARS * photos + 1


def _attempt(issue: Issue, layout: Layout, fonts: Fonts, shares: list[float],
             seen: _Panels | None = None, cap: int | None = None,
             centre: bool = False) -> tuple[Document, int] | None:
    """The board at this scale with ``shares`` of its width per article (each panel
    with as many columns as fit near the layout's column width, at most ``cap``: see
    ``_panels``), and the rows its panels leave empty; None if a panel runs over its
    box. What the panels took is noted in ``seen``. With ``centre``, panels that all
    leave rows empty get frames that end under the longest one's text, and the block
    moves down by half the rows left, as a poster's text is centred."""
    head = NewsletterFlow(replace(issue, articles=()), layout, fonts)
    document = head.build()
    page = document.pages[0]
    grid = head.grid
    top_row = head.row
    if seen is not None:
        seen.frame = (top_row, head.foot_rows)
    panels, bottom = _panels(layout, grid, top_row, head.foot_rows, shares, cap)
    made = _make_panels(issue, panels, fonts, seen=seen)
    if made is None:
        return None
    empty = sum(flow.grid.rows - flow.row for flow, _ in made)
    top = grid.row_top(top_row) + layout.body.size * 0.5
    if centre and all(flow.row < flow.grid.rows for flow, _ in made):
        made, top, bottom = _centred(issue, panels, fonts, made, top)
    outline = []
    warnings = list(document.warnings)
    for (x, width, _), (_, panel_doc) in zip(panels, made, strict=True):
        page.items.extend(panel_doc.pages[0].items)
        page.items.extend(_frame(x, top, x + width, bottom, layout.colors["red"]))
        outline.extend((title, 0, y) for title, _, y in panel_doc.outline)
        warnings.extend(panel_doc.warnings)
    return Document([page], document.title, document.author, document.subject, outline,
                    warnings, document.faces), empty


def _make_panels(issue: Issue, panels: list[tuple[float, float, Layout]], fonts: Fonts,
                 start_row: int = 0, seen: _Panels | None = None) -> Made | None:
    """Each article made up in its panel, ``start_row`` rows down; None if one runs
    over its box. What each panel took, up to one that runs over, is noted in ``seen``."""
    made = []
    for number, (article, (_, _, panel)) in enumerate(
            zip(issue.articles, panels, strict=True)):
        flow = NewsletterFlow(replace(issue, articles=(article,)), panel, fonts, start_row)
        panel_doc = flow.build()
        if len(panel_doc.pages) > 1:
            return None
        if seen is not None:
            seen.note(number, flow.grid, flow.row)
        made.append((flow, panel_doc))
    return made


def _centred(issue: Issue, panels: list[tuple[float, float, Layout]], fonts: Fonts,
             made: Made, top: float) -> tuple[Made, float, float]:
    """Panels that all leave rows empty, moved down by half the rows left (whole rows,
    as a poster's text is centred), and their frames' top and bottom y: the frames keep
    the padding they have above the text, and end as far below the longest panel's last
    line, so a short text is not framed with an empty page under it. ``top`` is where
    the frames start above the panels as made."""
    shift = min(flow.grid.rows - flow.row for flow, _ in made) // 2
    shifted = _make_panels(issue, panels, fonts, shift) if shift else made
    if shifted is None:  # (it stands: the rows it moves down by were left empty)
        shift, shifted = 0, made
    inner = shifted[0][0].grid  # the panels' grids share their rows
    pad = top - inner.row_top(0)  # from the frame down to the text's first row
    last = max(flow.row for flow, _ in shifted)
    return shifted, inner.row_top(shift) + pad, inner.row_top(last) - pad


def _panels(layout: Layout, grid: Grid, top_row: int, foot_rows: int,
            shares: list[float], cap: int | None = None
            ) -> tuple[list[tuple[float, float, Layout]], float]:
    """Each article's panel (left x, width, its layout) side by side under ``top_row``,
    and the y its frame ends at: clear of the 报尾's rule, half a line above it.
    A panel has as many columns as fit near the layout's column width or, with ``cap``,
    no more than ``cap`` but as many as keep its lines to MAX_MEASURE characters."""
    top_y = grid.row_top(top_row)
    bottom = grid.row_top(grid.rows - foot_rows) + layout.body.size * 0.5
    panels = []
    for x, width, own in _columns(layout, shares, grid):
        columns = own
        if cap is not None and cap < own:
            columns = min(own, max(cap, _measure_columns(layout, x, width, top_y, bottom)))
        panels.append((x, width, _panel_layout(layout, x, width, top_y, bottom, columns)))
    return panels, bottom


def _columns(layout: Layout, shares: list[float],
             grid: Grid | None = None) -> list[tuple[float, float, int]]:
    """Each panel's left x, width and own columns: as many as fit near the layout's
    column width, never narrower ones."""
    grid = grid or make_grid(layout)
    gap = PANEL_GAP * layout.body.size
    room = grid.width - gap * (len(shares) - 1)
    column = (grid.width + grid.gutter) / grid.columns
    x = grid.left
    out = []
    for share in shares:
        width = room * share
        out.append((x, width, max(1, int(width / column + 0.1))))
        x += width + gap
    return out


def _measure_columns(layout: Layout, x: float, width: float, top_y: float,
                     bottom_y: float) -> int:
    """The fewest columns at which a panel's lines hold at most MAX_MEASURE characters."""
    columns = 1
    while make_grid(_panel_layout(layout, x, width, top_y, bottom_y, columns)).chars \
            > MAX_MEASURE:
        columns += 1
    return columns


def _panel_layout(
    layout: Layout, x: float, width: float, top_y: float, bottom_y: float, columns: int
) -> Layout:
    """A layout whose text area is one panel of the board (a frame's padding inside)."""
    pad = layout.body.size
    furniture = replace(layout.furniture, masthead="none", colophon=False, folio="none",
                        running_head=False, jump_lines=False)
    return replace(
        layout, columns=columns, furniture=furniture,
        margin_left=x + pad, margin_right=layout.page_width - (x + width) + pad,
        margin_top=layout.page_height - top_y + pad, margin_bottom=bottom_y + pad,
    )


def _frame(x0: float, y0: float, x1: float, y1: float, color: str) -> list[Rule]:
    return [Rule(x0, y0, x1, y0, FRAME, color), Rule(x1, y0, x1, y1, FRAME, color),
            Rule(x1, y1, x0, y1, FRAME, color), Rule(x0, y1, x0, y0, FRAME, color)]

