"""Posters: one page, type scaled to fill it, overflow named, short notices centred."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bulletin.build import example_content
from bulletin.cli import main
from bulletin.content import load_issue
from bulletin.errors import BulletinError
from bulletin.flow.grid import make_grid
from bulletin.flow.model import Document, TextLine
from bulletin.flow.poster import flow_poster, pick_article
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


def test_a_short_notice_grows_to_the_largest_size_and_sits_centred() -> None:
    document, layout = poster("poster-a2", data_dir("content") / "tongzhi.yaml", None)
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
