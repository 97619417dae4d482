"""Markup and blocks (issue 10): an unclosed star is an error at its own line and
column; lists hang behind a small centred bullet or their numbers; a quote's
attribution is led by —— and stands flush right. Geometry is read back from real
PDFs with pdfplumber."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from bulletin.build import build
from bulletin.cli import main
from bulletin.content import load_issue, parse_inline
from bulletin.content.inline import UnclosedMarkup
from bulletin.content.model import Article, BulletList, Quote, Span, Text
from bulletin.errors import BulletinError
from bulletin.flow.grid import EM_BOX_CENTRE
from bulletin.flow.units import BULLET_SIZE, attribution, body_units
from bulletin.fontstage import FontSession
from bulletin.fontstage.metrics import open_face
from bulletin.resources import data_dir
from bulletin.style.layout import find_layout, load_layout

HEAD = "bulletin: {name: 测试报}\narticles:\n  - title: 标题\n    body:\n"
LONG = ("垃圾分类驿站每天早七点至晚九点开放请按时投放大件垃圾请预约社区统一清运"
        "不得随意堆放在楼道和消防通道里")
QUOTE = "为人民服务是我们党的根本宗旨也是社区工作者每天都要践行的承诺大家一起努力把好事办实"


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _cache(cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(cache))


def write(folder: Path, body: str, head: str = HEAD) -> Path:
    path = folder / "issue.yaml"
    path.write_text(head + body, encoding="utf-8")
    return path


def error_of(path: Path) -> BulletinError:
    with pytest.raises(BulletinError) as e:
        load_issue(path)
    return e.value


def chars_of(folder: Path, body: str, layout: str = "briefing-a4") -> list[dict]:
    """The characters of page 1 of the issue built from ``body`` (one column in
    briefing-a4), each with its baseline as ``y``."""
    out = folder / "out.pdf"
    build(write(folder, body), out, layout)
    with pdfplumber.open(out) as pdf:
        return [dict(c, y=c["matrix"][5]) for c in pdf.pages[0].chars]


def first(chars: list[dict], text: str) -> dict:
    """The first character that starts ``text`` (its next characters follow it)."""
    for k, c in enumerate(chars):
        if "".join(d["text"] for d in chars[k:k + len(text)]) == text:
            return c
    raise AssertionError(f"{text!r} is not on the page")


def next_line(chars: list[dict], c: dict) -> dict:
    """The first character of the body line under ``c``'s."""
    below = [d for d in chars if d["y"] < c["y"] - 1 and abs(d["size"] - c["size"]) < 0.01]
    y = max(d["y"] for d in below)
    return min((d for d in below if d["y"] == y), key=lambda d: d["x0"])


# --------------------------------------------------------------------------- markup


def at(line: int, col: int, *body_lines: str) -> tuple[str, int, int]:
    return "".join(body_lines), line, col


@pytest.mark.parametrize(("text", "line", "col"), [
    at(5, 12, "      - 第一段**加粗没有关\n"),
    at(5, 15, "      - '它''s *着重 没关'\n"),  # '' is one quote in the value, two in the file
    at(5, 20, '      - "双引号 \\\\* 与 **加粗"\n'),  # \\* is \* in the value
    at(6, 13, "      - 第一行\n        第二行有*着重\n"),  # plain, over two lines
    at(7, 15, "      - |  # 注 *x*\n        块文本\n          第二行 **未闭合\n"),
    at(7, 14, "      - >\n        折叠 *一\n        二* 三 **四\n"),
    at(5, 20, "      - list: [甲, 乙*]\n"),
    at(6, 14, "      - quote: 甲\n        by: 乙*丙\n"),
], ids=["plain", "single-quoted", "double-quoted", "plain-2-lines", "literal-block",
        "folded-block", "list-item", "by"])
def test_unclosed_star_is_an_error_at_its_own_line_and_column(tmp_path, text, line, col):
    e = error_of(write(tmp_path, text))
    assert (e.line, e.col) == (line, col)
    assert "is not closed" in e.message and "\\*" in e.hint


def test_unclosed_star_in_the_masthead_and_title(tmp_path):
    e = error_of(write(tmp_path, "      - 正文\n",
                       "bulletin: {name: 长阳**社区报}\narticles:\n  - title: 标题\n    body:\n"))
    assert (e.line, e.col) == (1, 20) and "'**' (bold)" in e.message
    e = error_of(write(tmp_path, "      - 正文\n",
                       "bulletin: {name: 报}\narticles:\n  - title: 标*题\n    body:\n"))
    assert (e.line, e.col) == (3, 13) and "'*'" in e.message and "*着重*" in e.hint


def test_unclosed_markup_exits_2_and_writes_no_pdf(tmp_path):
    path = write(tmp_path, "      - 第一段**加粗没有关\n")
    out = tmp_path / "issue.pdf"
    out.write_bytes(b"%PDF- an earlier good build")
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{path}:5:12: '**' (bold) is not closed in body item 1 of article 1" \
        in result.output
    assert "\\*" in result.output
    assert out.read_bytes() == b"%PDF- an earlier good build"
    fresh = tmp_path / "fresh.pdf"
    assert CliRunner().invoke(main, ["build", str(path), "-o", str(fresh)]).exit_code == 2
    assert not fresh.exists()


@pytest.mark.parametrize(("s", "plain"), [
    (r"5 \* 3 与 \*号", "5 * 3 与 *号"),
    ("5*3", "5*3"),  # between digits
    ("A*B 与 2**10", "A*B 与 2**10"),
    ("5 * 3", "5 * 3"),  # spaces on both sides
    ("*", "*"),
    ("注 *", "注 *"),
    ("电话138****5678", "电话138****5678"),  # four or more
    ("见https://example.cn/a/*/b", "见https://example.cn/a/*/b"),
])
def test_stars_that_cannot_be_markup_are_text(s, plain):
    assert parse_inline(s, strict=True).spans == (Span(plain),)


def test_stars_ending_an_address_close_markup():
    assert parse_inline("**https://example.cn**", strict=True).spans == (
        Span("https://example.cn", bold=True),)


@pytest.mark.parametrize(("s", "offset", "marker"), [
    ("甲*乙", 1, "*"),
    ("着重*", 2, "*"),
    ("a ** b", 2, "**"),  # two stars are markup, spaced or not
    ("**甲*乙**", 3, "*"),  # opened inside and never closed
    ("***甲** 乙", 0, "*"),  # what is left of a run
    ("*着重**着重*", 3, "**"),
])
def test_unclosed_markup_names_its_star(s, offset, marker):
    with pytest.raises(UnclosedMarkup) as e:
        parse_inline(s, strict=True)
    assert (e.value.offset, e.value.marker) == (offset, marker)
    assert s[offset] == "*"


_PIECES = st.sampled_from(["甲", "乙", " ", "，", "**加粗**", "*着重*", "\\*", "5*3", "No.3",
                           "https://www.example.gov.cn/notice/2026", "75%", "*", "**"])


@given(st.lists(_PIECES, max_size=12))
def test_markup_is_parsed_or_one_star_is_named(pieces):
    """The fuzz test's pieces in any order: spans, or an error at a star of the text."""
    s = "".join(pieces)
    try:
        text = parse_inline(s, strict=True)
    except UnclosedMarkup as e:
        assert s[e.offset] == "*"
    else:
        assert text.plain == parse_inline(s).plain


def test_literal_stars_reach_the_page(tmp_path):
    chars = chars_of(tmp_path, "      - '乘法5*3，星号\\*在此，5 * 3。'\n")
    text = "".join(c["text"] for c in chars)
    assert "乘法5*3，星号*在此，5*3。" in text.replace(" ", "")


# --------------------------------------------------------------------------- lists


def labels_of(tmp_path: Path, body: str) -> tuple[list[str], list[str]]:
    block = load_issue(write(tmp_path, body)).articles[0].body[0]
    assert isinstance(block, BulletList)
    return [t.plain for t in block.labels], [t.plain for t in block.items]


@pytest.mark.parametrize(("items", "labels", "texts"), [
    ("['1. 甲', '2. 乙']", ["1.", "2."], ["甲", "乙"]),
    ("[（1）甲, （2）乙]", ["（1）", "（2）"], ["甲", "乙"]),
    ("['(1) 甲', '(2) 乙']", ["(1)", "(2)"], ["甲", "乙"]),
    ("[一、总则, 二、细则, 十一、附则]", ["一、", "二、", "十一、"], ["总则", "细则", "附则"]),
    ("[（一）甲, （二）乙]", ["（一）", "（二）"], ["甲", "乙"]),
    ("[1、甲, 3、乙]", ["1、", "3、"], ["甲", "乙"]),  # kept as typed, not renumbered
    ("[①甲, ②乙]", ["①", "②"], ["甲", "乙"]),
])
def test_typed_numbers_become_hanging_labels(tmp_path, items, labels, texts):
    assert labels_of(tmp_path, f"      - list: {items}\n") == (labels, texts)


@pytest.mark.parametrize("items", [
    "['1. 甲', 乙]",  # not every item
    "['1. 甲', （2）乙]",  # not one form
    "[1.5小时, 2.5小时]",  # numbers, not labels
    "[2021年, 2022年]",
    "['1.', '2.']",  # a number alone is the text
    "[一.甲, 二.乙]",
])
def test_items_that_do_not_all_start_with_a_number_get_bullets(tmp_path, items):
    labels, texts = labels_of(tmp_path, f"      - list: {items}\n")
    assert labels == [] and texts == [t.strip("'") for t in items[1:-1].split(", ")]


def test_a_typed_label_keeps_its_markup(tmp_path):
    block = load_issue(write(tmp_path, "      - list: ['**1.** 甲', '**2.** 乙']\n")).articles[0]
    labels = block.body[0].labels
    assert labels[0].spans == (Span("1.", bold=True),)


@pytest.mark.parametrize(("numbered", "labels"), [
    ("yes", ["1.", "2.", "3."]),
    ("1.", ["1.", "2.", "3."]),
    ("3.", ["3.", "4.", "5."]),
    ("（1）", ["（1）", "（2）", "（3）"]),
    ("（一）", ["（一）", "（二）", "（三）"]),
    ("一、", ["一、", "二、", "三、"]),
    ("九、", ["九、", "十、", "十一、"]),
    ("①", ["①", "②", "③"]),
    ("no", []),
])
def test_numbered_option(tmp_path, numbered, labels):
    got = labels_of(tmp_path, f"      - list: [甲, 乙, 丙]\n        numbered: {numbered}\n")
    assert got == (labels, ["甲", "乙", "丙"])


def test_numbered_keeps_typed_numbers_and_no_keeps_them_as_text(tmp_path):
    body = "      - list: [（1）甲, （2）乙]\n        numbered: "
    assert labels_of(tmp_path, body + "yes\n") == (["（1）", "（2）"], ["甲", "乙"])
    assert labels_of(tmp_path, body + "no\n") == ([], ["（1）甲", "（2）乙"])


def test_numbered_mistakes(tmp_path):
    e = error_of(write(tmp_path, "      - list: [甲, 乙]\n        numbered: 甲\n"))
    assert (e.line, e.col) == (6, 19)
    assert "'numbered'" in e.message and "yes, no or the first item's number" in e.message
    items = ", ".join("甲" * k for k in range(1, 22))
    e = error_of(write(tmp_path, f"      - list: [{items}]\n        numbered: ①\n"))
    assert e.line == 6 and "21 items" in e.message and "⑳" in e.message
    e = error_of(write(tmp_path, "      - list: [甲]\n        编号: yes\n"))
    assert e.hint == "did you mean 'numbered'?"
    e = error_of(write(tmp_path, "      - 段落\n      - heading: 甲\n        numbered: yes\n"))
    assert "'numbered' goes with 'list'" in e.message


def test_bullet_is_small_and_centred_on_the_text(tmp_path):
    """A ● scaled to BULLET_SIZE of the type, in the em before the item's first
    character, its ink centred on the characters' ideographic centre."""
    chars = chars_of(tmp_path, f"      - list: [{LONG}, 乙项。]\n")
    bullets = [c for c in chars if c["text"] == "●"]
    assert len(bullets) == 2 and "　" not in "".join(c["text"] for c in chars)
    face = open_face(data_dir("fonts") / "NotoSerifSC-Regular.ttf")
    x0, y0, x1, y1 = face.ink("●")
    for bullet, start in zip(bullets, (first(chars, "垃圾"), first(chars, "乙项")), strict=True):
        em, size = start["size"], bullet["size"]
        assert "NotoSerif" in bullet["fontname"]
        assert (y1 - y0) * size == pytest.approx(BULLET_SIZE * em, abs=0.01 * em)
        centre_x = bullet["x0"] + size * (x0 + x1) / 2
        centre_y = bullet["y"] + size * (y0 + y1) / 2
        assert centre_x == pytest.approx(start["x0"] - em / 2, abs=0.01 * em)
        assert centre_y == pytest.approx(start["y"] + EM_BOX_CENTRE * em, abs=0.01 * em)


def test_continuation_lines_hang_after_the_bullet(tmp_path):
    chars = chars_of(tmp_path, f"      - 对照的正文。\n      - list: [{LONG}, 乙项。]\n")
    start = first(chars, "垃圾")
    second = next_line(chars, start)
    assert second["text"] != "●"
    assert second["x0"] == pytest.approx(start["x0"], abs=0.01)
    assert first(chars, "乙项")["x0"] == pytest.approx(start["x0"], abs=0.01)
    body = first(chars, "对照")  # the list's text stands on the column's character grid
    ems = (start["x0"] - body["x0"]) / start["size"]
    assert ems == pytest.approx(round(ems), abs=1e-3)


def test_typed_numbers_hang_and_their_text_aligns(tmp_path):
    chars = chars_of(tmp_path, f"      - list: ['1. {LONG}', '2. 第二项。']\n")
    assert not [c for c in chars if c["text"] == "●"]
    start = first(chars, "垃圾")
    one, dot = first(chars, "1.垃"), first(chars, ".垃")
    assert one["y"] == start["y"] and dot["x1"] <= start["x0"] + 0.01
    assert start["x0"] - one["x0"] <= start["size"] + 0.01  # 1. takes one em
    assert next_line(chars, start)["x0"] == pytest.approx(start["x0"], abs=0.01)
    assert first(chars, "第二项")["x0"] == pytest.approx(start["x0"], abs=0.01)


def test_numbers_stand_flush_right_before_their_items(tmp_path):
    """9. and 10. end together; every item's text starts at the same x."""
    items = ", ".join(f"第{k}项" for k in range(1, 11))
    chars = chars_of(tmp_path, f"      - list: [{items}]\n        numbered: yes\n")
    starts = [first(chars, f"第{k}项") for k in range(1, 11)]
    assert len({round(c["x0"], 2) for c in starts}) == 1
    nine, ten = first(chars, "9.第9"), first(chars, "10.第10")
    assert ten["x0"] < nine["x0"]
    dots = [first(chars, f".第{k}项") for k in (9, 10)]
    assert dots[0]["x1"] == pytest.approx(dots[1]["x1"], abs=0.01)


# --------------------------------------------------------------------------- quotes


def test_attribution_is_led_by_a_dash_unless_it_has_one():
    assert attribution(Text.of("《红岩》")).plain == "——《红岩》"
    for typed in ("——鲁迅", "—鲁迅", " — 鲁迅", "--鲁迅"):
        assert attribution(Text.of(typed)).plain == typed
    bold = attribution(parse_inline("**鲁迅**"))
    assert bold.spans == (Span("——"), Span("鲁迅", bold=True))


def test_attribution_stands_flush_right_under_its_quote(tmp_path):
    chars = chars_of(tmp_path, f"      - quote: {QUOTE}\n        by: 毛泽东\n"
                               "      - quote: 甲乙丙。\n        by: ——《红岩》\n")
    quote = first(chars, QUOTE[:4])
    right = max(c["x1"] for c in chars if c["y"] == quote["y"])
    dash = first(chars, "——毛泽东")
    assert dash["y"] < next_line(chars, quote)["y"]  # under the quote's last line
    assert first(chars, "东")["x1"] == pytest.approx(right, abs=0.01)
    text = "".join(c["text"] for c in chars)
    assert "——毛泽东" in text and "——《红岩》" in text and "———" not in text  # not doubled


def test_attribution_keeps_with_its_quote():
    """A column may not end between a quote and its ``by:``."""
    layout = load_layout(find_layout("newsletter-a4", None))
    article = Article(title=Text.of("题"), body=(Quote(Text.of("甲乙丙。"), Text.of("《红岩》")),))
    units = body_units(article, layout, FontSession(layout), 200.0)
    assert [u.keep_with_previous for u in units] == [False, True]
