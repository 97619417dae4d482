"""Posters: one page, type scaled to fill it, overflow named, short notices centred."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bulletin.build import example_content
from bulletin.cli import main
from bulletin.content import load_issue
from bulletin.errors import BulletinError
from bulletin.flow.grid import make_grid
from bulletin.flow.model import Box, Document, Rule, TextLine
from bulletin.flow.newsletter import NewsletterFlow
from bulletin.flow.poster import MAX_MEASURE, flow_poster, pick_article
from bulletin.fontstage import FontSession
from bulletin.resources import data_dir
from bulletin.style.layout import Layout, find_layout, load_layout

HISTORY = 2  # the example's 党史学习 column


def body_lines(document: Document) -> list[TextLine]:
    return [t for p in document.pages for t in p.items
            if isinstance(t, TextLine) and t.role == "body"]


def poster(layout_name: str, content: Path, article: int | None) -> tuple[Document, Layout]:
    layout = load_layout(find_layout(layout_name))
    issue = pick_article(load_issue(content), article)
    return flow_poster(issue, layout, FontSession(layout)), layout


@pytest.mark.parametrize("name", ["poster-a1", "board-600x800"])
def test_history_column_fills_one_page(name: str) -> None:
    document, layout = poster(name, example_content(), HISTORY)
    assert len(document.pages) == 1
    low, high = layout.fit
    size = body_lines(document)[0].line.size
    assert low <= size <= high
    # filled: one step larger would not fit, and the text reaches the lowest rows
    grid = make_grid(layout.scaled(size / layout.body.size))
    lowest = min(t.y for t in body_lines(document))
    assert lowest < grid.row_top(grid.rows - 5)
    bigger = layout.scaled((size + 0.25) / layout.body.size)
    from bulletin.flow.newsletter import NewsletterFlow

    issue = pick_article(load_issue(example_content()), HISTORY)
    assert len(NewsletterFlow(issue, bigger, FontSession(layout)).build().pages) > 1


@pytest.mark.parametrize("name", ["poster-a1", "poster-a2", "poster-a3"])
def test_a_short_notice_grows_to_the_largest_size_and_sits_centred(name: str) -> None:
    document, layout = poster(name, data_dir("content") / "tongzhi.yaml", None)
    assert body_lines(document)[0].line.size == layout.fit[1]
    grid = make_grid(layout.scaled(layout.fit[1] / layout.body.size))
    texts = [t for t in document.pages[0].items if isinstance(t, TextLine)]
    title = next(t for t in texts if t.role == "title")
    band_bottom = grid.row_top(2)
    last = min(t.y for t in texts if t.para is not None)
    colophon_top = grid.row_top(grid.rows - 2)
    above = band_bottom - (title.y + title.line.size)
    below = last - colophon_top
    assert above > 3 * grid.pitch and below > 3 * grid.pitch
    assert abs(above - below) < 4 * grid.pitch  # centred, within the title's own rows


def column_starts(document: Document) -> list[float]:
    """The x of each column the body's lines start at: of lines after a paragraph's
    first, which have no indent."""
    return sorted({round(t.x, 1) for t in body_lines(document)
                   if t.para is not None and t.para[2] > 0})


def column_rules(document: Document) -> list[Rule]:
    return [r for p in document.pages for r in p.items
            if isinstance(r, Rule) and r.x0 == r.x1]


@pytest.mark.parametrize("name", ["poster-a1", "poster-a2", "poster-a3"])
def test_a_short_notice_is_set_in_one_column_across_the_page(name: str) -> None:
    """Even at the largest size a 通知 of a few lines leaves the page part empty: it is
    set in one column across it, as on a notice board, not in the layout's narrow
    columns with a few spaced-out characters a line (one column holds 31 to 36)."""
    document, layout = poster(name, data_dir("content") / "tongzhi.yaml", None)
    assert len(document.pages) == 1
    lines = body_lines(document)
    assert {t.line.size for t in lines} == {layout.fit[1]}
    grid = make_grid(layout.scaled(layout.fit[1] / layout.body.size))
    assert grid.columns == layout.columns > 1  # the layout's own grid has more columns
    assert len(column_starts(document)) == 1
    full = [t for t in lines if t.para is not None and t.para[2] < t.para[3] - 1]
    assert full and all(len(t.line.text) >= 25 for t in full)
    assert all(t.line.right > 0.9 * grid.width for t in full)  # across the columns' width
    assert not column_rules(document)  # no rule beside the one column


def test_a_line_is_never_wider_than_a_reader_follows() -> None:
    """On the 600×800 board one column at 36pt would be 43 characters a line, more than
    MAX_MEASURE: the notice takes two columns of about 20, not the layout's three."""
    document, layout = poster("board-600x800", data_dir("content") / "tongzhi.yaml", None)
    lines = body_lines(document)
    size = layout.fit[1]
    assert {t.line.size for t in lines} == {size}
    one = make_grid(replace(layout, columns=1).scaled(size / layout.body.size))
    assert one.chars > MAX_MEASURE
    assert len(column_starts(document)) == 2 < layout.columns
    assert all(len(t.line.text) <= MAX_MEASURE for t in lines)


def test_a_notice_too_long_for_one_column_takes_the_fewest_that_hold_it() -> None:
    """Twice the notice on A1: at the largest size one column runs over the page, two
    hold it with room to spare, so two, not the layout's three."""
    layout = load_layout(find_layout("poster-a1"))
    issue = load_issue(data_dir("content") / "tongzhi.yaml")
    notice = issue.articles[0]
    twice = replace(issue, articles=(replace(notice, body=notice.body * 2),))
    fonts = FontSession(layout)
    document = flow_poster(twice, layout, fonts)
    high = layout.fit[1]
    assert {t.line.size for t in body_lines(document)} == {high}
    assert len(column_starts(document)) == 2
    assert len(column_rules(document)) == 1
    one = replace(layout, columns=1).scaled(high / layout.body.size)
    assert len(NewsletterFlow(twice, one, fonts).build().pages) > 1


def test_a_poster_that_fills_its_page_keeps_the_layouts_columns() -> None:
    """Below the largest size the page is full: the layout's columns, as they were."""
    document, layout = poster("poster-a1", example_content(), HISTORY)
    size = body_lines(document)[0].line.size
    assert size < layout.fit[1]
    grid = make_grid(layout.scaled(size / layout.body.size))
    assert column_starts(document) == [round(grid.column_x(k), 1) for k in range(3)]
    assert len(column_rules(document)) == 2


def test_three_times_too_much_text_is_an_error_that_writes_nothing(tmp_path: Path) -> None:
    data = yaml.safe_load(example_content().read_text(encoding="utf-8"))
    article = data["articles"][HISTORY - 1]
    article["body"] = article["body"] * 3
    data["articles"] = [article]
    src = tmp_path / "big.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "big.pdf"
    result = CliRunner().invoke(main, ["build", str(src), "--layout", "poster-a3",
                                       "-o", str(out)])
    assert result.exit_code == 2
    message = result.output
    assert "我们的传家宝：红岩精神" in message and "lines too long" in message
    assert "smallest size 19.25pt (what a reader 2 m away needs)" in message
    assert "cut about" in message
    assert "or use board" in message  # the largest, though even that is too small
    assert not out.exists()


@pytest.mark.parametrize("name", ["poster-a3", "poster-a2", "poster-a1", "board-600x800",
                                  "board"])
def test_posters_are_set_large_enough_to_read_from_where_they_hang(name: str) -> None:
    """A 宣传栏 is read from 2–3 m: 9.6pt of body a metre (24pt at 2.5 m), whatever the
    layout's own minimum says."""
    layout = load_layout(find_layout(name))
    assert layout.read_from is not None and layout.read_from >= 2
    assert layout.fit[0] >= 9.6 * layout.read_from - 0.25
    document = flow_poster(load_issue(data_dir("content") / "tongzhi.yaml"), layout,
                           FontSession(layout))
    assert min(t.line.size for t in body_lines(document)) >= layout.fit[0]


def test_a_long_article_is_refused_with_the_smallest_poster_that_takes_it() -> None:
    with pytest.raises(BulletinError, match=r"what a reader 2 m away needs") as refused:
        poster("poster-a3", example_content(), HISTORY)
    suggested = str(refused.value.hint).rsplit(" ", 1)[-1]
    assert suggested == "board-600x800"  # 600 × 800 mm: smaller than A1, and it fits
    document, _ = poster(suggested, example_content(), HISTORY)
    assert len(document.pages) == 1
    with pytest.raises(BulletinError):
        poster("poster-a2", example_content(), HISTORY)  # smaller: it does not


def test_a_reading_distance_beyond_the_fit_is_a_layout_error(tmp_path: Path) -> None:
    text = (data_dir("layouts") / "poster-a3.yaml").read_text(encoding="utf-8")
    path = tmp_path / "far.yaml"
    path.write_text(text.replace("read_from: 2m", "read_from: 5m"), encoding="utf-8")
    with pytest.raises(BulletinError, match="read from 5 m a body needs 48pt, above fit max"):
        load_layout(path)


def test_article_number_must_exist() -> None:
    with pytest.raises(BulletinError, match="articles 1 to 2"):
        pick_article(load_issue(example_content()), 3)


def test_cli_builds_a_one_article_poster(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    result = CliRunner().invoke(main, ["build", "--layout", "poster-a1", "--article", "2",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    import pdfplumber

    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 1
        text = "".join(c["text"] for c in pdf.pages[0].chars)
    assert "我们的传家宝" in text and "打通服务群众" not in text


def test_board_sets_both_articles_in_framed_panels_on_one_page() -> None:
    from bulletin.flow.board import flow_board
    from bulletin.flow.model import Rule

    layout = load_layout(find_layout("board"))
    document = flow_board(load_issue(example_content()), layout, FontSession(layout))
    assert len(document.pages) == 1
    page = document.pages[0]
    titles = [t for t in page.items if isinstance(t, TextLine) and t.role == "title"]
    assert {t.line.text for t in titles} >= {"打通服务群众的最后一公里", "我们的传家宝：红岩精神"}
    frames = [r for r in page.items if isinstance(r, Rule) and r.width == 0.8
              and r.y0 == r.y1]
    lefts = sorted({min(r.x0, r.x1) for r in frames})
    rights = sorted({max(r.x0, r.x1) for r in frames})
    assert len(lefts) == 2  # two panels
    for line in (t for t in page.items if isinstance(t, TextLine) and t.para is not None):
        panel = 0 if line.x < rights[0] else 1
        assert lefts[panel] < line.x and line.x + line.line.right <= rights[panel] + 0.01
    size = body_lines(document)[0].line.size
    assert layout.fit[0] <= size <= layout.fit[1]


NOTICE = data_dir("content") / "tongzhi.yaml"


def board(content: Path, article: int | None = None) -> tuple[Document, Layout]:
    from bulletin.flow.board import flow_board

    layout = load_layout(find_layout("board"))
    issue = pick_article(load_issue(content), article)
    return flow_board(issue, layout, FontSession(layout)), layout


def frames(document: Document, layout: Layout) -> list[Rule]:
    """The panels' frames: the board's red rules (the 报尾's are grey)."""
    return [r for r in document.pages[0].items if isinstance(r, Rule)
            and r.color == layout.colors["red"] and r.width == 0.8]


def colophon_top(document: Document, layout: Layout) -> float:
    """The y of the 报尾's upper rule (the frames' rules are red, the 报尾's grey)."""
    return max(r.y0 for r in document.pages[0].items if isinstance(r, Rule)
               and r.y0 == r.y1 and r.color != layout.colors["red"])


def frame_rows(document: Document, layout: Layout) -> tuple[float, float]:
    """The y of the frames' top and bottom rules."""
    ys = {round(y, 2) for r in frames(document, layout) for y in (r.y0, r.y1)}
    assert len(ys) == 2  # side by side, every frame of the same height
    return max(ys), min(ys)


def test_a_short_notice_on_a_board_is_set_in_fewer_wider_columns() -> None:
    """At the largest size the notice leaves the board part empty: fewer columns than
    the layout's 5 of 11 characters, as few as keep a line to 40 characters (one column
    across A0 would be some 74)."""
    from bulletin.flow.board import MAX_MEASURE

    document, layout = board(NOTICE)
    size = layout.fit[1]
    lines = body_lines(document)
    assert {t.line.size for t in lines} == {size}
    assert len(column_starts(document)) == 2
    assert all(t.line.right <= MAX_MEASURE * size + 0.01 for t in lines)
    assert max(len(t.line.text) for t in lines) > 30


def test_a_short_notice_on_a_board_is_framed_close_and_centred() -> None:
    """The frame ends under the notice's last line, not at the foot of an empty board,
    and the framed block stands centred between the masthead band and the 报尾."""
    document, layout = board(NOTICE)
    pitch = make_grid(layout.scaled(layout.fit[1] / layout.body.size)).pitch
    items = document.pages[0].items
    top, bottom = frame_rows(document, layout)
    last = min(t.y for t in items if isinstance(t, TextLine) and t.para is not None)
    assert 0 < last - bottom < 2 * pitch
    band = min(b.y for b in items if isinstance(b, Box))
    above, below = band - top, bottom - colophon_top(document, layout)
    assert above > 3 * pitch and below > 3 * pitch
    assert abs(above - below) < 2 * pitch


def test_a_full_board_keeps_its_columns_and_its_frames_down_to_the_colophon() -> None:
    """Below the largest size the panels are full: each keeps the columns near the
    layout's width (2 and 3), and the frames run down to just above the 报尾."""
    document, layout = board(example_content())
    size = body_lines(document)[0].line.size
    assert size == 27 < layout.fit[1]
    lefts = sorted({min(r.x0, r.x1) for r in frames(document, layout)})
    starts = column_starts(document)
    assert [sum(lefts[0] < x < lefts[1] for x in starts),
            sum(x > lefts[1] for x in starts)] == [2, 3]
    _, bottom = frame_rows(document, layout)
    assert 0 < bottom - colophon_top(document, layout) < size * 1.6
