"""Issue 9, part 3: display lines (titles, kickers, headings, mastheads …) break between
words, prefer punctuation and the author's typed space, come out balanced; a masthead
name stands on one line, scaled down to fit; a contact line keeps each label with its
value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_typeset import EM, dump, face, texts

from bulletin.build import choose_layout, make_up
from bulletin.content import load_issue
from bulletin.flow.furniture import MASTHEAD_FLOOR, keep_labels
from bulletin.flow.model import TextLine
from bulletin.fontstage import open_fonts
from bulletin.style.layout import load_layout
from bulletin.typeset import Block, Run, compose
from bulletin.typeset.phrases import _words

SIZE = 10.0


def display(text: str, width_em: float, align: str = "center") -> Block:
    return compose([Run(text, (face("serif"),), SIZE, source="test")], width_em * EM,
                   align=align, display=True)


def break_offsets(block: Block) -> list[int]:
    """Character offsets (in the text without spaces) where the lines break."""
    out, offset = [], 0
    for line in block.lines[:-1]:
        offset += len(line.text)
        out.append(offset)
    return out


def word_offsets(text: str) -> set[int]:
    """Offsets (spaces dropped) between the segmenter's words."""
    out, offset = set(), 0
    for word in _words(text):
        offset += len(word.strip())
        out.add(offset)
    return out


# ----------------------------------------------------------------------- golden breaks

# The issue's examples, at widths where each needs two lines.
GOLDEN = [
    ("关于9月10日小区临时停水的通知", 10, ["关于9月10日小区", "临时停水的通知"]),
    ("和平里北社区居民委员会", 8, ["和平里北社区", "居民委员会"]),
    ("三十年如一日守护社区电动自行车充电安全的老党员", 14,
     ["三十年如一日守护社区电动", "自行车充电安全的老党员"]),  # not 电／动
    ("畅和园社区：从居民关心着手 赢得居民信任", 14, ["畅和园社区：从居民关心着手", "赢得居民信任"]),
    ("三十年如一日的坚守：和平里北社区志愿者王建国", 14,
     ["三十年如一日的坚守：", "和平里北社区志愿者王建国"]),
]


@pytest.mark.parametrize(("text", "width", "lines"), GOLDEN, ids=[g[0][:8] for g in GOLDEN])
def test_display_golden_breaks(text: str, width: float, lines: list[str]) -> None:
    assert texts(display(text, width)) == lines


def test_body_text_still_breaks_anywhere() -> None:
    """Body type is justified on the character grid: words are no concern there."""
    block = compose([Run("关于9月10日小区临时停水的通知", (face("serif"),), SIZE)], 8 * EM)
    assert texts(block)[0] == "关于9月10日小"


@settings(max_examples=120)
@given(st.lists(st.sampled_from([
    "社区", "居民", "委员会", "志愿者", "电动自行车", "充电", "安全", "巡查队", "的", "和", "在",
    "服务", "群众", "最后", "一公里", "打通", "坚持", "党建", "引领", "解决", "困难", "临时",
    "停水", "通知", "关于", "小区", "供水", "管网", "改造", "，", "：",
]), min_size=3, max_size=16), st.floats(min_value=4, max_value=24),
    st.sampled_from(["center", "start"]))
def test_prop_no_break_inside_a_word_when_a_boundary_will_do(
    words: list[str], width: float, align: str
) -> None:
    text = "".join(words)
    if text[0] in "，：":
        text = "社区" + text
    block = display(text, width, align)
    msg = dump(block)
    assert "".join(texts(block)) == text, msg
    bounds = word_offsets(text)
    # A setting that breaks only between words exists when every word, with the marks
    # that must follow it, fits the measure.
    pieces = _words(text)
    glued = []
    for piece in pieces:
        if glued and piece in "，：":
            glued[-1] += piece
        else:
            glued.append(piece)
    if all(len(p) - 0.5 * (p[-1] in "，：") <= width for p in glued):
        inside = [b for b in break_offsets(block) if b not in bounds]
        assert not inside, f"broken inside a word at {inside}: {pieces}{msg}"


def test_display_lines_are_balanced() -> None:
    block = display("让每一位居民都能在家门口找到温暖和帮助是我们社区工作者最大的心愿", 20)
    lengths = [len(t) for t in texts(block)]
    assert len(lengths) == 2 and abs(lengths[0] - lengths[1]) <= 2, texts(block)


def test_segmenter_loaded_only_when_a_display_line_needs_breaking() -> None:
    code = ("from bulletin.fontstage import bundled_face\n"
            "from bulletin.typeset import Run, compose\n"
            "from bulletin.typeset.words import loaded\n"
            "f = (bundled_face('serif'),)\n"
            "compose([Run('关于临时停水的通知', f, 10.0)], 200.0, display=True)\n"
            "print(loaded())\n"
            "compose([Run('关于临时停水的通知', f, 10.0)], 50.0, display=True)\n"
            "print(loaded())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True"]


# ----------------------------------------------------------------------- masthead

ISSUE = """\
bulletin:
  name: {name}
  issue: 9
  date: 2024-09-05
  contact: 电话 010-64210000 邮箱 hpl_bei@example.com.cn 网址 https://www.example.gov.cn/hpl
articles:
  - title: 关于9月10日小区临时停水的通知
    body: [因市政供水管网改造施工，小区将临时停水。]
"""


def masthead_lines(tmp_path: Path, monkeypatch, name: str) -> tuple[list[TextLine], float]:
    """The masthead's name lines on page 1 of newsletter-a4, and the style's full size."""
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    content = tmp_path / "issue.yaml"
    content.write_text(ISSUE.format(name=name), encoding="utf-8")
    issue = load_issue(content)
    layout = load_layout(choose_layout(issue, "newsletter-a4", tmp_path))
    fonts = open_fonts(layout, content=content, issue=issue, warn=lambda _m: None)
    document = make_up(issue, layout, fonts)
    items = [i for i in document.pages[0].items if isinstance(i, TextLine)]
    return items, layout.styles["masthead"].size


def test_masthead_name_on_one_line_scaled_to_fit(tmp_path: Path, monkeypatch) -> None:
    items, size = masthead_lines(tmp_path, monkeypatch, "和平里北社区居民委员会")
    name = [i for i in items if i.line.text == "和平里北社区居民委员会"]
    assert len(name) == 1
    assert MASTHEAD_FLOOR * size - 1e-6 <= name[0].line.size < size
    # The contact line keeps each label with its value.
    facts = [i.line.text for i in items if i.line.size < 12]
    for label in ("电话", "邮箱", "网址"):
        assert not any(t.endswith(label) for t in facts), facts


def test_masthead_name_too_long_for_the_floor_breaks_between_words(
    tmp_path: Path, monkeypatch
) -> None:
    items, size = masthead_lines(tmp_path, monkeypatch, "和平里北社区居民委员会社区报")
    name = [i.line for i in items if abs(i.line.size - MASTHEAD_FLOOR * size) < 1e-6]
    assert ["".join(line.text for line in name)] == ["和平里北社区居民委员会社区报"]
    assert len(name) == 2 and all(line.text[:2] != "员会" for line in name)


def test_a_short_masthead_name_keeps_its_size(tmp_path: Path, monkeypatch) -> None:
    items, size = masthead_lines(tmp_path, monkeypatch, "长阳社区报")
    assert [i.line.size for i in items if i.line.text == "长阳社区报"] == [size]


def test_keep_labels_ties_each_label_to_its_value() -> None:
    text = "电话 010-64210000 邮箱 hpl_bei@example.com.cn 网址：https://x.cn"
    assert keep_labels(text) == ("电话\u00a0010-64210000 邮箱\u00a0hpl_bei@example.com.cn "
                                 "网址：https://x.cn")
    assert keep_labels("电话 010-1 地址 长阳镇") == "电话\u00a0010-1 地址 长阳镇"


def test_a_no_break_space_keeps_label_and_value_together() -> None:
    text = keep_labels("电话 010-64210000 邮箱 hpl_bei@example.com.cn")
    for width in range(8, 30):
        lines = texts(compose([Run(text, (face("serif"),), SIZE)], width * EM, align="end"))
        assert not any(line.endswith(("电话", "邮箱")) for line in lines), lines
