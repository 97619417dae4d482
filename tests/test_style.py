"""The style stage: lengths as authors write them, layouts and their error messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.errors import BulletinError
from bulletin.flow.grid import make_grid
from bulletin.style.layout import bundled_layouts, find_layout, load_layout
from bulletin.style.units import MM, SIZE_NAMES, UnitError, parse_length, parse_size

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "em", "points"),
    [("12mm", None, 12 * MM), ("10.5pt", None, 10.5), ("五号", None, 10.5), ("初号", None, 42),
     ("八号", None, 5), ("2字", 9.0, 18.0), ("1.5cm", None, 15 * MM), (14, None, 14.0),
     (" 3 mm ", None, 3 * MM)],
)
def test_lengths(text, em, points) -> None:
    assert parse_length(text, em) == pytest.approx(points)


def test_the_size_table_runs_from_42_to_5_points() -> None:
    sizes = list(SIZE_NAMES.values())
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 42 and sizes[-1] == 5
    assert SIZE_NAMES["小四"] == 12 and SIZE_NAMES["小五"] == 9


@pytest.mark.parametrize("bad", ["12 chars", "mm", "五号字", True, "2字"])
def test_bad_lengths_say_what_would_be_right(bad) -> None:
    with pytest.raises(UnitError) as e:
        parse_length(bad)
    assert "12mm" in str(e.value) or "mm or pt" in str(e.value)


def test_font_sizes_are_bounded() -> None:
    with pytest.raises(UnitError, match="out of range"):
        parse_size("1000pt")


def test_bundled_layout_loads_onto_a_whole_character_grid() -> None:
    layout = load_layout(find_layout("newsletter-a4"))
    assert "newsletter-a4" in bundled_layouts()
    assert layout.body.size == 9 and layout.body.indent == 18 and layout.columns == 3
    grid = make_grid(layout)
    assert grid.column_width == grid.chars * layout.body.size
    assert grid.left >= layout.margin_left - 1e-6
    assert grid.left + grid.width <= layout.page_width - layout.margin_right + 1e-6
    assert layout.styles["title"].indent == 0  # only the body's type is shared, not its indent


def layout_with(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = (ROOT / "layouts" / "newsletter-a4.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new)
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(k for k, row in enumerate(text.splitlines(), 1) if new in row)
    return path, line


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [("columns: 3", "colums: 3", "did you mean 'columns'"),
     ("columns: 3", "columns: 12", "1 to 8"),
     ("size: A4 ", "size: A9 ", "unknown paper size"),
     ("kinsoku: basic", "kinsoku: loose", "basic, gb, strict"),
     ("punctuation: full", "punctuation: 全宽", "开明"),
     ('red: "#c8161d"', 'red: "#c8161"', "#rrggbb"),
     ("font: kai, size: 六号", "font: fangsong, size: 六号", "unknown font"),
     ("align: justify}", "align: justified}", "distribute")],
)
def test_layout_mistakes_point_at_their_line(tmp_path: Path, old, new, words) -> None:
    path, line = layout_with(tmp_path, old, new)
    with pytest.raises(BulletinError) as e:
        load_layout(path)
    message = str(e.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert words in message


def test_a_layout_path_relative_to_the_content(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        (ROOT / "layouts" / "newsletter-a4.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert find_layout("mine.yaml", tmp_path) == tmp_path / "mine.yaml"


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [("leading: 1.7, indent: 2字, align: justify}", "leading: 0.5, indent: 2字, align: justify}",
      "lines would overlap"),
     ("body:      {font: serif, size: 小五", "body:      {font: serif, font: sans, size: 小五",
      "appears twice"),
     ("size: A4 ", "size: [210mm] ", "a width and a height"),
     ("top: 14mm", "top: -14mm", "negative"),
     # a page without room for its type is an error, never a hang
     ("body:      {font: serif, size: 小五", "body:      {font: serif, size: 初号",
      "a column holds"),
     ("top: 14mm", "top: 250mm", "body lines")],
)
def test_more_layout_mistakes(tmp_path: Path, old, new, words) -> None:
    path, _ = layout_with(tmp_path, old, new)
    with pytest.raises(BulletinError) as e:
        load_layout(path)
    assert str(e.value).startswith(f"{path}:") and words in str(e.value)
