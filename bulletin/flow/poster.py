"""Posters for the notice board (宣传栏): one page, type scaled to fill it.

All type of the layout is scaled together, on one factor, to the largest body
size within the layout's ``fit`` range at which everything stands on one page;
what is left over is shared above and below, so a short notice sits centred.
Text that stands on the page even at the largest size is set in the fewest columns
that hold it there, lines of at most 40 characters (a 通知 in one column across the
page).
Content that does not fit at the smallest size is an error that says by how
much, and which bigger poster would take it.

Finding that size takes several layouts of the whole poster, each costly (its
paragraphs set anew at that size), so the search is led by what each layout
shows: how many rows the poster took at how many characters a line. See
:class:`_SizeSearch`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..content.model import Issue
from ..errors import BulletinError
from ..fontstage.metrics import Fonts
from ..i18n import listing, t
from ..style.layout import Layout, bundled_layouts, load_layout
from .grid import Grid, make_grid
from .model import Document, TextLine
from .newsletter import (
    PHOTO_SCALES,
    NewsletterFlow,
    PageTooSmall,
    flow_newsletter,
    has_photos,
)

STEP = 0.25  # pt: body sizes tried are whole quarter points
# Characters a line at most when a short text is set in fewer, wider columns (posters
# and boards): about the longest line a reader of Chinese follows comfortably (one
# column across an A0 board at 40pt would be some 80, and the eye loses its way back
# to the next line's start).
MAX_MEASURE = 40


def pick_article(issue: Issue, number: int | None) -> Issue:
    """The issue reduced to article ``number`` (1-based), for a one-article poster."""
    if number is None:
        return issue
    if not 1 <= number <= len(issue.articles):
        raise BulletinError(t("there is no article {number}", number=number),
                            t("this issue has articles 1 to {count}",
                              count=len(issue.articles)))
    return replace(issue, articles=(issue.articles[number - 1],))


def largest_size(low: float, high: float, fits: Callable[[float], bool],
                 guess: Callable[[int, int], int] | None = None) -> float | None:
    """The largest body size from ``low`` to ``high``, in quarter points, that ``fits``
    (which holds up to some size and not beyond), or None if not even ``low`` does.

    Without ``guess`` the range is halved at each try. ``guess(ok, bad)`` (sizes in
    steps: ``ok`` fits, ``bad`` does not) says which size it expects to be the
    largest that fits, from what the tries so far have shown; that size is tried
    (or, when it is ``ok`` itself, the next one up, to confirm). After two guesses in
    a row prove wrong the range is halved once, so a poor guesser cannot take many
    more tries than halving. Either way the answer is the same for a ``fits`` that
    holds up to some size and not beyond; only the number of tries differs."""
    lo, hi = round(low / STEP), round(high / STEP)
    if not fits(lo * STEP):
        return None
    ok, bad = lo, hi + 1  # the largest step known to fit, the smallest known not to
    wrong = 0  # guesses in a row that proved wrong
    while bad - ok > 1:
        if guess is None or wrong >= 2:
            k, expect = (ok + bad) // 2, None
        else:
            k = guess(ok, bad)
            k, expect = min(max(k, ok + 1), bad - 1), k > ok
        good = fits(k * STEP)
        if good:
            ok = k
        else:
            bad = k
        wrong = 0 if expect is None or good == expect else wrong + 1
    return ok * STEP


class _SizeSearch:
    """The poster laid out at the sizes the search tries, each at most once, and the
    guess of the largest size that fits from those layouts.

    A layout scaled as a whole sets every line at a whole number of characters (the
    grid's ``chars``), so at sizes with the same ``chars`` the poster takes the same
    rows, and only the rows the page holds change; at fewer characters a line its
    text takes more rows, about in proportion (what stands above the first article,
    the masthead, does not grow). The guess is that model, fed by the layouts that
    fit; it only orders the tries, it never decides the size."""

    def __init__(self, issue: Issue, layout: Layout, fonts: Fonts, photos: float) -> None:
        self.issue, self.layout, self.fonts, self.photos = issue, layout, fonts, photos
        self.made: dict[int, tuple[Document, NewsletterFlow] | PageTooSmall] = {}
        self.grids: dict[int, Grid] = {}
        self.taken: dict[int, tuple[int, int]] = {}  # chars → (rows taken, head rows)

    def scaled(self, step: int) -> Layout:
        return self.layout.scaled(step * STEP / self.layout.body.size)

    def at(self, step: int) -> tuple[Document, NewsletterFlow]:
        """The poster made up at ``step`` quarter points (raises PageTooSmall)."""
        if step not in self.made:
            flow = NewsletterFlow(self.issue, self.scaled(step), self.fonts,
                                  photo_scale=self.photos)
            try:
                self.made[step] = flow.build(), flow
            except PageTooSmall as e:
                self.made[step] = e
        made = self.made[step]
        if isinstance(made, PageTooSmall):
            raise made
        return made

    def fits(self, size: float) -> bool:
        step = round(size / STEP)
        try:
            document, flow = self.at(step)
        except PageTooSmall:
            return False
        if len(document.pages) != 1:
            return False
        g = flow.grid
        head = 0
        if document.outline:  # the first article's top: what stands above it is fixed
            head = round((g.page_height - g.top - document.outline[0][2]) / g.pitch)
        taken = flow.row + flow.foot_rows
        known = self.taken.get(g.chars)
        self.taken[g.chars] = (max(taken, known[0]) if known else taken, head)
        return True

    def grid(self, step: int) -> Grid:
        if step not in self.grids:
            self.grids[step] = make_grid(self.scaled(step))
        return self.grids[step]

    def rows_needed(self, chars: int) -> float | None:
        """The rows the poster is expected to take at ``chars`` characters a line."""
        if chars in self.taken:
            return self.taken[chars][0]
        wider = [c for c in self.taken if c > chars]
        if not wider:
            return None
        near = min(wider)
        taken, head = self.taken[near]
        return head + (taken - head) * near / chars

    def guess(self, ok: int, bad: int) -> int:
        """The largest step below ``bad`` expected to fit (``ok`` if none above it)."""
        best = ok
        for step in range(ok + 1, bad):
            g = self.grid(step)
            need = self.rows_needed(g.chars)
            if need is None or need > g.rows:
                break
            best = step
        return best


def flow_poster(issue: Issue, layout: Layout, fonts: Fonts) -> Document:
    """One page, type as large as fits; a notice layout (``overflow: pages``) that cannot
    stand on one page at its smallest size is set at its own size on several pages.
    Every paragraph is set once per size and width, however often the search lays the
    poster out (the build's ``fonts.paragraphs``)."""
    low, high = layout.fit or (layout.body.size, layout.body.size)
    pages = layout.fit_overflow == "pages"
    if pages:  # a notice: one page at a smaller size, never larger than its own
        high = min(high, layout.body.size)
        document = flow_newsletter(issue, layout, fonts)
        if len(document.pages) == 1:
            return document

    # Type first: photos are made smaller (to 70 %) only where that is what lets the
    # poster stand on one page at all.
    searches = []
    for photos in PHOTO_SCALES if has_photos(issue) else PHOTO_SCALES[:1]:
        search = _SizeSearch(issue, layout, fonts, photos)
        searches.append(search)
        size = largest_size(low, high, search.fits, search.guess)
        if size is not None:
            break
    if size is None:
        if pages:
            return document
        first = round(low / STEP)
        if first * STEP == low:  # the layout tried first, with photos at full size
            document, _ = searches[0].at(first)
        else:  # a smallest size between quarter points is told as it is
            document = NewsletterFlow(issue, layout.scaled(low / layout.body.size),
                                      fonts).build()
        raise _overflow(issue, layout, fonts, document, low)
    step = round(size / STEP)
    if step == round(high / STEP) and not pages and not layout.furniture.panels:
        search = _fewest_columns(issue, layout, fonts, photos, step) or search
    document, flow = search.at(step)
    spare = flow.grid.rows - flow.foot_rows - flow.row
    if spare >= 2 and not pages:  # a poster is centred; a notice starts at the top
        document = NewsletterFlow(issue, search.scaled(step), fonts, spare // 2,
                                  photo_scale=photos).build()
    return document


def _fewest_columns(issue: Issue, layout: Layout, fonts: Fonts, photos: float,
                    step: int) -> _SizeSearch | None:
    """The search over ``layout`` with the fewest columns (from one up to one less than
    its own) at which the poster stands on one page at ``step``, its largest size; None
    if only the layout's own columns take it.

    Text that stands on the page even at the largest size is short for it (a 通知 of a
    few lines): in the layout's narrow columns, made for long text at smaller sizes,
    its lines would be a few large characters each, spaced out ('6 月 21 日至'), where
    a typesetter sets it in one column across the page, or as few as hold it, as long
    as its lines stay within MAX_MEASURE. Each count tried costs one layout at that
    size."""
    for columns in range(1, layout.columns):
        search = _SizeSearch(issue, replace(layout, columns=columns), fonts, photos)
        if search.grid(step).chars <= MAX_MEASURE and search.fits(step * STEP):
            return search
    return None


def _overflow(issue: Issue, layout: Layout, fonts: Fonts, document: Document,
              size: float) -> BulletinError:
    over = [item for page in document.pages[1:] for item in page.items
            if isinstance(item, TextLine) and item.para is not None]
    lines = len({(round(t.x), round(t.y)) for t in over})
    chars = sum(len(t.line.text) for t in over)
    names = listing([a.title.plain for a in issue.articles])
    bigger = _bigger_poster(issue, layout, fonts)
    hint = (t("cut about {chars} characters or use {layout}", chars=chars, layout=bigger)
            if bigger else t("cut about {chars} characters", chars=chars))
    if layout.read_from:
        return BulletinError(
            t("{titles}: {lines} lines too long for one page at the smallest size {size}pt "
              "(what a reader {distance} m away needs)", titles=names, lines=lines,
              size=format(size, "g"), distance=format(layout.read_from, "g")), hint)
    return BulletinError(
        t("{titles}: {lines} lines too long for one page at the smallest size {size}pt",
          titles=names, lines=lines, size=format(size, "g")), hint)


def _bigger_poster(issue: Issue, layout: Layout, fonts: Fonts) -> str | None:
    """The smallest bundled poster or board, larger than ``layout``, that takes the
    issue on one page (the largest one if none does), tried in the build's ``fonts``."""
    area = layout.page_width * layout.page_height
    options = []
    for name, path in bundled_layouts().items():
        if name == layout.name or not name.startswith(("poster", "board")):
            continue
        other = load_layout(path)
        other_area = other.page_width * other.page_height
        if other.fit and other_area > area * 1.05:
            options.append((other_area, name, other))
    for _, name, other in sorted(options, key=lambda o: o[0]):
        try:
            if len(make_up_at(issue, other, other.fit[0], fonts).pages) == 1:
                return name
        except BulletinError:
            continue
    return max(options, key=lambda o: o[0])[1] if options else None


def make_up_at(issue: Issue, layout: Layout, size: float, fonts: Fonts) -> Document:
    """The issue in ``layout`` with its body at ``size``: panels for a board."""
    scaled = layout.scaled(size / layout.body.size)
    if layout.furniture.panels:
        from .board import flow_board

        return flow_board(issue, replace(scaled, fit=(size, size)), fonts)
    return NewsletterFlow(issue, scaled, fonts).build()
