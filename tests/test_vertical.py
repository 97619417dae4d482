"""Vertical text (竖排), read back from the PDF as a reader's eye and a copy-paste see it.

Each character is read in the order the content stream draws it (pdfminer), with its
text matrix (upright or turned), and with pdfium's ink box (the outline's bounds as
drawn) and cell (the em box it is set in) at its origin.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader

from bulletin.build import build, example_content
from bulletin.content import expected_paragraphs, load_issue
from bulletin.errors import BulletinError
from bulletin.flow.poster import pick_article
from bulletin.fontstage import bundled_face
from bulletin.fontstage.metrics import forms_face
from bulletin.style.layout import find_layout, load_layout
from bulletin.typeset import Rules, Run, compose

HISTORY = 2  # the example's 党史学习 column
SAMPLE = ("这是《红岩》一书中的话。1921年7月，“红船”从南湖启航——航程2.5小时……"
          "他说：“为人民服务。”全文共52页，*着重*读。")


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))


@dataclass(frozen=True)
class Char:
    text: str
    ink: tuple[float, float, float, float]  # x0, y0, x1, y1 of the outline as drawn
    cell: tuple[float, float, float, float]  # the em box it is set in
    matrix: tuple[float, float, float, float]  # a, b, c, d of its text matrix
    font: str = ""

    @property
    def upright(self) -> bool:
        a, b, c, d = self.matrix
        return a > 0 and abs(b) < 1e-6 and abs(c) < 1e-6

    @property
    def turned(self) -> bool:  # a quarter clockwise, as a Latin word in a column
        a, b, c, d = self.matrix
        return abs(a) < 1e-6 and b < 0 < c

    @property
    def size(self) -> float:
        return self.cell[3] - self.cell[1]


def read_chars(path: Path) -> list[list[Char]]:
    """Each page's characters in the order the content stream draws them (pdfminer's),
    each with its ink box and cell as pdfium finds them at its origin."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdfium.PdfDocument(str(path))):
            text = page.get_textpage()
            at: dict[str, list] = {}
            for i in range(text.count_chars()):
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
                at.setdefault(text.get_text_range(i, 1), []).append(
                    (x.value, y.value, text.get_charbox(i), text.get_charbox(i, loose=True)))
            chars = []
            for c in pdf.pages[number].chars:
                a, b, cc, d, e, f = c["matrix"]
                # pdfium keeps positions in single precision (1e-4 pt off): the nearest
                _, _, ink, cell = min(at[c["text"]], key=lambda o: abs(o[0] - e) + abs(o[1] - f))
                chars.append(Char(c["text"], ink, cell, (a, b, cc, d), c["fontname"]))
            pages.append(chars)
    return pages


def plain(text: str) -> str:
    return re.sub(r"\s", "", text)


def write_issue(folder: Path, *paragraphs: str, writing: str | None = None) -> Path:
    body = "\n".join(f"      - '{p}'" for p in paragraphs)
    extra = f"    writing: {writing}\n" if writing else ""
    path = folder / "issue.yaml"
    path.write_text(f"bulletin:\n  name: 竖排测试\narticles:\n  - title: 红岩精神\n{extra}"
                    f"    body:\n{body}\n", encoding="utf-8")
    return path


def make(tmp_path: Path, layout: str, content: Path, article: int | None = None) -> Path:
    out = tmp_path / f"{Path(layout).stem}.pdf"
    build(content, out, layout, article)
    return out


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def columns(chars: list[Char]) -> list[list[Char]]:
    """Upright Han characters cut into columns: a new one where the cell moves across."""
    out: list[list[Char]] = []
    for ch in chars:
        if not (is_han(ch.text) and ch.upright):
            continue
        if out and abs(out[-1][-1].cell[0] - ch.cell[0]) < ch.size / 2:
            out[-1].append(ch)
        else:
            out.append([ch])
    return out


# ----------------------------------------------------------------------------- the poster


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Char]]:
    folder = tmp_path_factory.mktemp("history")
    out = folder / "poster.pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BULLETIN_CACHE_DIR", str(folder / "cache"))
        build(example_content(), out, "poster-vertical-a3", HISTORY)
    pages = read_chars(out)
    assert len(pages) == 1
    return out, pages[0]


def test_the_history_column_stands_on_one_vertical_a3_page(history) -> None:
    path, chars = history
    issue = pick_article(load_issue(example_content()), HISTORY)
    layout = load_layout(find_layout("poster-vertical-a3"))
    body = [c for c in chars if is_han(c.text) and abs(c.size - chars_size(chars)) < 0.1]
    size = body[0].size
    assert layout.fit[0] == 12.0 <= size <= layout.fit[1]  # read from 1.25 m
    # Copy-paste gives the article as written, in reading order: 《》 and “” from their
    # vertical forms, 1938 and 52 whole.
    text = plain("".join(c.text for c in chars))
    assert plain("".join(expected_paragraphs(issue))) in text
    assert plain("".join(expected_paragraphs(issue))) in plain(
        PdfReader(str(path)).pages[0].extract_text())


def chars_size(chars: list[Char]) -> float:
    """The body size: the commonest cell height among Han characters."""
    sizes = [round(c.size, 1) for c in chars if is_han(c.text)]
    return max(set(sizes), key=sizes.count)


def test_columns_run_right_to_left_and_characters_top_to_bottom(history) -> None:
    _, chars = history
    size = chars_size(chars)
    body = [c for c in chars if abs(c.size - size) < 0.1 and "Sans" not in c.font]  # not
    cols = columns(body)  # the masthead's issue and date
    assert len(cols) > 40
    for col in cols:  # top to bottom
        tops = [c.cell[3] for c in col]
        assert all(b < a for a, b in zip(tops, tops[1:], strict=False)), "".join(
            c.text for c in col)
    bands: list[list[list[Char]]] = [[cols[0]]]
    for col in cols[1:]:
        if col[0].cell[0] < bands[-1][-1][0].cell[0]:
            bands[-1].append(col)  # right to left
        else:
            bands.append([col])  # back to the right: the next band
    assert len(bands) == 2  # the layout's two 栏, the upper one read first
    upper_bottom = min(c.cell[1] for col in bands[0] for c in col)
    lower_top = max(c.cell[3] for col in bands[1] for c in col)
    assert lower_top < upper_bottom
    pitch = [a[0].cell[0] - b[0].cell[0] for a, b in zip(bands[0], bands[0][1:], strict=False)]
    assert min(pitch) == pytest.approx(1.6 * size, abs=0.05)  # the column pitch: leading


def test_stops_stand_in_the_upper_right_of_their_cell(history) -> None:
    _, chars = history
    stops = [c for c in chars if c.text in "，。、"]
    assert len(stops) > 100
    for c in stops:
        x0, y0, x1, y1 = c.cell
        middle_x, middle_y = (x0 + x1) / 2, (y0 + y1) / 2
        assert c.upright
        assert c.ink[0] >= middle_x - 0.05 * c.size, c
        assert c.ink[1] >= middle_y - 0.05 * c.size, c


def test_brackets_and_dashes_are_turned(history, tmp_path: Path) -> None:
    _, chars = history
    brackets = [c for c in chars if c.text in "《》"]
    assert brackets
    for c in brackets:  # ︽ ︾: lying across the column, not standing
        assert c.ink[2] - c.ink[0] > 2 * (c.ink[3] - c.ink[1]), c
    dashes = [c for c in chars if c.text == "—"]
    assert len(dashes) >= 4
    for c in dashes:  # ︱: a stroke down the column
        assert c.ink[3] - c.ink[1] > 5 * (c.ink[2] - c.ink[0]), c
    # the same text set horizontally: 《》 stand, —— lies
    flat = read_chars(make(tmp_path, "poster-a1", example_content(), HISTORY))[0]
    c = next(c for c in flat if c.text == "《")
    assert c.ink[3] - c.ink[1] > c.ink[2] - c.ink[0]
    c = next(c for c in flat if c.text == "—")
    assert c.ink[2] - c.ink[0] > c.ink[3] - c.ink[1]


def test_quotes_are_corner_brackets_and_copy_as_quotes(history) -> None:
    _, chars = history
    opening = [c for c in chars if c.text == "“"]
    closing = [c for c in chars if c.text == "”"]
    assert opening and closing
    for c in opening:  # ﹁: the ink in the lower part of its cell, across it
        assert c.ink[3] <= (c.cell[1] + c.cell[3]) / 2 + 0.05 * c.size
        assert c.ink[2] - c.ink[0] > 0.5 * c.size
    for c in closing:  # ﹂: in the upper part
        assert c.ink[1] >= (c.cell[1] + c.cell[3]) / 2 - 0.05 * c.size


# ----------------------------------------------------------------------------- figures


def figure_chars(chars: list[Char], figure: str) -> list[Char]:
    text = "".join(c.text for c in chars)
    start = text.index(figure)
    return chars[start:start + len(figure)]


def test_figures_stand_as_the_layout_says(tmp_path: Path) -> None:
    content = write_issue(tmp_path, SAMPLE)
    chars = read_chars(make(tmp_path, "poster-vertical-a3", content))[0]
    size = chars_size(chars)
    # figures_across: 3 — 2.5 and 52 across the column in one cell (纵中横)
    for figure, unit in (("2.5", "小"), ("52", "页")):
        cells = figure_chars(chars, figure)
        nian = figure_chars(chars, figure + unit)[-1]  # the character under it
        assert all(c.upright for c in cells)
        assert len({round(c.cell[1], 2) for c in cells}) == 1  # one baseline
        lefts = [c.ink[0] for c in cells]
        assert lefts == sorted(lefts)
        assert min(c.ink[0] for c in cells) >= nian.cell[0] - 0.05 * size
        assert max(c.ink[2] for c in cells) <= nian.cell[2] + 0.05 * size
    # long_figures: upright — 1921 a digit a cell, down the column
    digits = figure_chars(chars, "1921")
    assert all(c.upright for c in digits)
    tops = [c.cell[3] for c in digits]
    assert [a - b for a, b in zip(tops, tops[1:], strict=False)] == pytest.approx(
        [size] * 3, abs=0.01)
    # and the copy is the text as written
    assert plain(SAMPLE.replace("*", "")) in plain("".join(c.text for c in chars))


def test_figures_turned_when_the_layout_says_so(tmp_path: Path) -> None:
    layout = tmp_path / "turned.yaml"
    text = (find_layout("poster-vertical-a3").read_text(encoding="utf-8")
            .replace("figures_across: 3 ", "figures_across: 2 ")
            .replace("long_figures: upright", "long_figures: turned"))
    layout.write_text(text, encoding="utf-8")
    content = write_issue(tmp_path, SAMPLE)
    chars = read_chars(make(tmp_path, str(layout), content))[0]
    for figure in ("1921", "2.5"):  # longer than 2: turned 90°, read downwards
        cells = figure_chars(chars, figure)
        assert all(c.turned for c in cells)
        tops = [c.ink[3] for c in cells]
        assert tops == sorted(tops, reverse=True)
    assert all(c.upright for c in figure_chars(chars, "52"))


def test_emphasis_dots_stand_right_of_the_characters(tmp_path: Path) -> None:
    content = write_issue(tmp_path, SAMPLE)
    path = make(tmp_path, "poster-vertical-a3", content)
    chars = read_chars(path)[0]
    marked = figure_chars(chars, "着重")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        height = page.height
        dots = [c for c in page.curves if c["width"] < 0.3 * marked[0].size]
    for c in marked:
        x0, y0, x1, y1 = c.cell
        near = [d for d in dots if x1 <= d["x0"] < x1 + 0.5 * c.size
                and y0 < height - (d["top"] + d["bottom"]) / 2 < y1]
        assert len(near) == 1, c


# ----------------------------------------------------------------------------- newsletter


def test_the_example_builds_as_a_vertical_newsletter(tmp_path: Path) -> None:
    path = make(tmp_path, "newsletter-vertical-a4", example_content())
    pages = read_chars(path)
    issue = load_issue(example_content())
    assert 2 <= len(pages) <= 3
    text = plain("".join(c.text for page in pages for c in page))
    for paragraph in expected_paragraphs(issue):
        assert plain(paragraph)[:12] in text
    first = columns(pages[0])
    assert first[0][0].text == "长"  # the masthead's name, at the top right
    assert first[0][0].cell[0] > pages[0][-1].cell[0]


# ----------------------------------------------------------------------------- typesetter


@pytest.mark.parametrize(("sentence", "ems"), [
    ("我们要坚持实事求是，一切从实际出发。", 9),
    ("会议指出，要坚持实事求是，一切从实际出发。", 12),
    ("这就是我们的初心——为中国人民谋幸福。", 9),
    ("百年征程波澜壮阔，百年初心历久弥坚。", 9),
    ("难道这些成绩还不够吗？！我们还要继续努力。", 8),
    ("中华人民共和国成立七十五周年庆祝大会隆重召开了。", 11),
])
def test_columns_break_as_lines_do(sentence: str, ems: int) -> None:
    """Line-start and line-end rules and compression are the horizontal ones."""
    face = bundled_face("serif")
    run = [Run(sentence, (face,), 10.0)]
    across = [line.text for line in compose(run, ems * 10.0, Rules()).lines]
    down = compose(run, ems * 10.0, Rules(vertical=True), forms=forms_face).lines
    assert [line.text for line in down] == across
    assert all(line.vertical for line in down)
    for line in down[:-1]:  # justified: the last cell ends at the column's foot
        assert line.right == pytest.approx(ems * 10.0)


def test_without_vertical_forms_marks_are_turned_or_moved() -> None:
    """A font with no vertical forms: brackets turned 90°, ，moved into the upper right."""
    face = bundled_face("serif")
    line = compose([Run("《红岩》，", (face,), 10.0)], 100.0, Rules(vertical=True)).lines[0]
    glyphs = {g.char: g for g in line.glyphs}
    assert glyphs["《"].angle == 0.0  # the frame is the column's: 0 is turned on the page
    assert glyphs["红"].angle == 90.0  # upright on the page
    comma = glyphs["，"]
    ink = face.ink("，")
    assert comma.angle == 90.0
    across = comma.y / 10.0 + (ink[0] + ink[2]) / 2  # ink middle across, em
    assert across > 0.38  # right of the column's middle


def test_column_ends_keep_the_prohibitions() -> None:
    """The vertical ：has less blank than the horizontal one (its ink, measured, is
    centred down the cell), so breaks may differ; the rules hold all the same."""
    face = bundled_face("serif")
    run = [Run("他高声说道：“同志们，胜利属于人民！”", (face,), 10.0)]
    lines = compose(run, 70.0, Rules(vertical=True), forms=forms_face).lines
    assert len(lines) > 1
    for line in lines:
        assert line.text[0] not in "，。：！”" and line.text[-1] != "“"
        assert line.right <= 70.0 + 1e-6


# ----------------------------------------------------------------------------- settings


def test_an_article_may_ask_for_vertical_text(tmp_path: Path) -> None:
    content = write_issue(tmp_path, SAMPLE, writing="vertical")
    chars = read_chars(make(tmp_path, "poster-a2", content))[0]
    assert len(columns(chars)) > 3
    assert next(c for c in chars if c.text == "《").ink[3] - next(
        c for c in chars if c.text == "《").ink[1] < 0.5 * chars_size(chars)


def test_a_page_of_height_auto_takes_no_vertical_article(tmp_path: Path) -> None:
    content = write_issue(tmp_path, SAMPLE, writing="vertical")
    with pytest.raises(BulletinError, match="cannot hold vertical text"):
        build(content, tmp_path / "out.pdf", "phone")


def test_a_headline_may_stand_beside_horizontal_text(tmp_path: Path) -> None:
    layout = tmp_path / "side.yaml"
    layout.write_text(find_layout("poster-a1").read_text(encoding="utf-8")
                      + "\nwriting: {title: vertical}\n", encoding="utf-8")
    assert load_layout(layout).title_writing == "vertical"
    assert load_layout(layout).writing == "horizontal"
    chars = read_chars(make(tmp_path, str(layout), example_content(), HISTORY))[0]
    title = figure_chars(chars, "我们的传家宝：红岩精神")
    banner = figure_chars(chars, "党史学习")
    for head in (title, banner):  # a column each, read down
        assert all(c.upright for c in head)
        assert len({round(c.cell[0], 1) for c in head if is_han(c.text)}) == 1
        assert [c.cell[3] for c in head] == sorted((c.cell[3] for c in head), reverse=True)
    assert banner[0].cell[0] > title[0].cell[0]  # the 栏目 first, at the right
    size = chars_size(chars)
    body = [c for c in chars if abs(c.size - size) < 0.1 and c.cell[1] < title[0].cell[3]
            and c not in title]
    assert max(c.cell[2] for c in body) < title[0].cell[0]  # the text at its left
    first = figure_chars(chars, "这是《红岩》")  # set across, left to right
    assert [c.cell[0] for c in first] == sorted(c.cell[0] for c in first)
    assert len({round(c.cell[1], 1) for c in first}) == 1


def test_articles_set_together_agree_on_their_direction(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_text("bulletin: {name: 报}\narticles:\n"
                    "  - {title: 甲, writing: vertical, body: [一段。]}\n"
                    "  - {title: 乙, writing: horizontal, body: [二段。]}\n", encoding="utf-8")
    with pytest.raises(BulletinError, match="both directions"):
        build(path, tmp_path / "out.pdf", "newsletter-a4")


def test_a_wrong_writing_is_named_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("bulletin: {name: 报}\narticles:\n"
                    "  - title: 甲\n    writing: sideways\n    body: [一段。]\n",
                    encoding="utf-8")
    with pytest.raises(BulletinError) as caught:
        load_issue(path)
    assert caught.value.line == 4 and "sideways" in caught.value.message


@pytest.mark.parametrize(("setting", "message"), [
    ("writing: sideways", "unknown writing 'sideways'"),
    ("writing: {body: vertical, title: horizontal}", "headlines vertical too"),
    ("rules: {figures_across: 9}", "figures_across must be 0 to 4"),
    ("rules: {long_figures: lying}", "unknown long_figures 'lying'"),
])
def test_layout_settings_are_checked(tmp_path: Path, setting: str, message: str) -> None:
    text = find_layout("poster-vertical-a3").read_text(encoding="utf-8")
    text = re.sub(r"^writing: .*$", "", text, flags=re.M)
    text = re.sub(r"^rules:\n(  .*\n)+", "", text, flags=re.M)
    path = tmp_path / "layout.yaml"
    path.write_text(text + "\n" + setting + "\n", encoding="utf-8")
    with pytest.raises(BulletinError, match=re.escape(message)):
        load_layout(path)


def test_vertical_layouts_read_their_grid_as_bands() -> None:
    layout = load_layout(find_layout("newsletter-vertical-a4"))
    assert layout.writing == layout.title_writing == "vertical"
    assert layout.rules.vertical
    assert (layout.rules.figures_across, layout.rules.long_figures) == (3, "upright")
    assert load_layout(find_layout("newsletter-a4")).writing == "horizontal"
