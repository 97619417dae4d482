"""A poster's or board's size search sets each paragraph once per size and width, guesses
its way to the size in few layouts, and leaves nothing behind for the next build."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

import pytest

from bulletin.build import example_content, make
from bulletin.content.model import Text
from bulletin.flow import setting
from bulletin.flow.poster import STEP, _SizeSearch, largest_size
from bulletin.fontstage import FontSession
from bulletin.resources import data_dir
from bulletin.style.layout import find_layout, load_layout
from bulletin.typeset import Rules


def _setting_key(runs, measure, rules, **kw) -> Hashable:
    """What decides a paragraph's setting, by value (faces by name)."""
    return (tuple((r.text, tuple(f.name for f in r.faces), r.size, r.emphasis)
                  for r in runs), measure, rules, tuple(sorted(kw.items(), key=str)))


@pytest.fixture
def composed(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Every paragraph the typesetter is asked to set, counted."""
    counts: Counter = Counter()
    real = setting.compose

    def counting(runs, measure, rules, **kw):
        counts[_setting_key(runs, measure, rules, forms=None,
                            **{k: v for k, v in kw.items() if k != "forms"})] += 1
        return real(runs, measure, rules, **kw)

    monkeypatch.setattr(setting, "compose", counting)
    return counts


@pytest.mark.parametrize(("content", "layout", "article"), [
    (example_content(), "poster-a1", 2),
    (example_content(), "board", None),
    (data_dir("content") / "tongzhi.yaml", "poster-a3", None),
    (example_content(), "newsletter-a4", None),  # an article set again to stretch it
])
def test_no_paragraph_is_set_twice_in_one_build(composed: Counter, content, layout: str,
                                                article: int | None) -> None:
    make(content, layout, article)
    assert composed  # the counter saw the build
    twice = {key[0][0][0][:20]: n for key, n in composed.items() if n > 1}
    assert not twice, f"set more than once: {twice}"


def test_two_builds_in_one_process_are_the_same() -> None:
    first, _, _ = make(example_content(), "poster-a1", 2)
    second, _, _ = make(example_content(), "poster-a1", 2)
    assert first == second


def test_paragraphs_are_reused_within_a_font_session_only() -> None:
    """The table of set paragraphs belongs to the build's font session: a second build
    (a new session) sets its paragraphs afresh."""
    layout = load_layout(find_layout("poster-a1"))
    fonts = FontSession(layout)
    body = layout.styles["body"]
    text = Text.of("社区卫生服务站周六上午为老年人免费量血压，请带好医保卡。" * 3)
    first = setting.set_text(text, body, 400.0, Rules(), fonts)
    assert setting.set_text(text, body, 400.0, Rules(), fonts) is first
    assert setting.set_text(text, body, 380.0, Rules(), fonts) is not first
    other = setting.set_text(text, body, 400.0, Rules(), FontSession(layout))
    assert other is not first and other == first  # the same setting, made again


def _bisect(low: int, high: int, fits) -> tuple[int | None, int]:
    """The halving search as it was, for comparison: (answer, tries)."""
    tries = 0

    def counted(size: float) -> bool:
        nonlocal tries
        tries += 1
        return fits(size)

    found = largest_size(low * STEP, high * STEP, counted)
    return (None if found is None else round(found / STEP)), tries


@pytest.mark.parametrize("guesser", ["exact", "low", "high", "wrong"])
def test_a_guess_changes_the_tries_never_the_size(guesser: str) -> None:
    low, high = 80, 160
    for limit in range(low - 2, high + 3):
        def fits(size: float, limit: int = limit) -> bool:
            return round(size / STEP) <= limit

        guesses = {"exact": lambda ok, bad, limit=limit: limit,
                   "low": lambda ok, bad: ok,
                   "high": lambda ok, bad: bad - 1,
                   "wrong": lambda ok, bad, limit=limit: limit + 1 if ok < limit else ok}
        tries = 0

        def counted(size: float, fits=fits) -> bool:
            nonlocal tries
            tries += 1
            return fits(size)

        found = largest_size(low * STEP, high * STEP, counted, guesses[guesser])
        expected, halving = _bisect(low, high, fits)
        assert (None if found is None else round(found / STEP)) == expected
        if guesser == "exact":
            assert tries <= 3  # low, the size, one step above it
        assert tries <= 2 * halving + 2


def test_the_poster_search_takes_fewer_layouts_than_halving() -> None:
    """The history column on A1: halving laid the poster out 7 times (and once more to
    keep it); the guess from rows and characters a line takes at most 5."""
    from bulletin.content import load_issue
    from bulletin.flow.poster import pick_article

    layout = load_layout(find_layout("poster-a1"))
    issue = pick_article(load_issue(example_content()), 2)
    search = _SizeSearch(issue, layout, FontSession(layout), 1.0)
    size = largest_size(*layout.fit, search.fits, search.guess)
    assert size is not None and len(search.made) <= 5
    step = round(size / STEP)
    assert search.fits(size) and not search.fits((step + 1) * STEP)


def test_the_board_tries_few_boards(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example on the A0 board: halving over five ways of sharing the width made 23
    boards; starting each way at the best size so far and guessing from the panels'
    rows makes at most 12, and the same board."""
    from bulletin.flow import board

    made = []
    real = board._attempt

    def counting(issue, layout, fonts, shares, seen=None):
        made.append((tuple(shares), layout.body.size))
        return real(issue, layout, fonts, shares, seen)

    monkeypatch.setattr(board, "_attempt", counting)
    make(example_content(), "board", None)
    assert len(made) <= 12
    assert len(set(made)) == len(made)  # no board made twice
