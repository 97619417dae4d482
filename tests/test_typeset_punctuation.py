"""Issue 9, part 1: a mark keeps one width inside a line (line adjustment, JLREQ 行の調整).

A line that is too long first gives up the blank between adjacent marks, then up to ¼ em
of each pause mark ``，、：；`` (all by the same share), never any of a full stop
``。！？`` inside a line; past that a character moves down and the line is spread.
Sizes are 10 pt, so 1 em = 10 pt; widths are read off the glyph origins.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_typeset import EM, TOL, dump, han_pitches, index_of, is_han, mixed_text, setp, texts

from bulletin.style.layout import load_layout
from bulletin.typeset import Block, Line, Rules

ROOT = Path(__file__).resolve().parent.parent
PAUSES = set("，、：；")
STOPS = set("。！？")


def advance(line: Line, k: int) -> float:
    """Origin of glyph k+1 less origin of glyph k, in em."""
    return (line.glyphs[k + 1].x - line.glyphs[k].x) / EM


def han_extra(line: Line) -> float:
    """The line's letterspacing as pdfcheck reads it: the median Han–Han blank, in em
    (0 with fewer than three such pairs)."""
    gs = line.glyphs
    pitches = sorted(b.x - a.x for a, b in zip(gs, gs[1:], strict=False)
                     if is_han(a.char) and is_han(b.char))
    if len(pitches) < 3:
        return 0.0
    return max(0.0, pitches[len(pitches) // 2] - EM) / EM


def midline_marks(block: Block) -> list[tuple[str, float, Line]]:
    """Each mark inside a line before a Han character, its width in em less the line's
    justification: what pdfcheck's section 6b measures. The second mark of a pair is left
    out: ？！ share one em (GB/T 15834), ”， keep their own rules."""
    out = []
    for line in block.lines:
        extra = han_extra(line)
        for k, g in enumerate(line.glyphs[:-1]):
            paired = k > 0 and not is_han(line.glyphs[k - 1].char) and (
                line.glyphs[k - 1].char in PAUSES | STOPS)
            if (g.char in PAUSES or g.char in STOPS) and is_han(line.glyphs[k + 1].char) and (
                    not paired):
                out.append((g.char, advance(line, k) - extra, line))
    return out


@pytest.mark.parametrize("font", ["serif", "kai"])
def test_two_commas_of_a_line_give_the_same_quarter_em(font: str) -> None:
    # 会议指出，要坚持，实事求是， is 13.5 em: at 13 em each inner ， gives ¼ em.
    block = setp("会议指出，要坚持，实事求是，一切从实际出发。", 13, font)
    msg = dump(block)
    line = block.lines[0]
    assert line.text == "会议指出，要坚持，实事求是，", msg
    assert advance(line, index_of(line, "，", 0)) == pytest.approx(0.75), msg
    assert advance(line, index_of(line, "，", 1)) == pytest.approx(0.75), msg


@pytest.mark.parametrize("font", ["serif", "kai"])
def test_the_blank_between_two_marks_goes_before_a_comma(font: str) -> None:
    # 甲乙，“丙丁，戊己”庚 is 2 + 1.5 + 2 + 1 + 2 + 1 + 1 = 10.5 em; at 10 em the ½ em
    # comes out of ，“ (to 1 em) and the comma after 丁 keeps its whole cell.
    block = setp("甲乙，“丙丁，戊己”庚辛壬癸", 10, font)
    msg = dump(block)
    line = block.lines[0]
    assert line.text.startswith("甲乙，“丙丁，戊己”庚"), msg
    first = index_of(line, "，", 0)
    assert (line.glyphs[first + 2].x - line.glyphs[first].x) / EM == pytest.approx(1.0), msg
    assert advance(line, index_of(line, "，", 1)) == pytest.approx(1.0), msg


def test_a_full_stop_inside_a_line_keeps_its_cell() -> None:
    # 一二三。四五六，七八九 is 11 em; at 10.75 em only the ， gives (¼ em).
    block = setp("一二三。四五六，七八九十百", 10.75)
    msg = dump(block)
    line = block.lines[0]
    assert line.text.startswith("一二三。四五六，七八九"), msg
    assert advance(line, index_of(line, "。")) == pytest.approx(1.0), msg
    assert advance(line, index_of(line, "，")) == pytest.approx(0.75), msg


def test_a_line_that_needs_more_pushes_a_character_out() -> None:
    # Two full stops, no pause mark: nothing inside the line may give, so characters move
    # down (two, so the last line is no lone 九) and the line is spread evenly.
    block = setp("一二三。四五六。七八九", 10.5)
    msg = dump(block)
    assert texts(block) == ["一二三。四五六。七", "八九"], msg
    line = block.lines[0]
    for k in (index_of(line, "。", 0), index_of(line, "。", 1)):
        assert advance(line, k) - han_extra(line) >= 1.0 - 1e-6, msg


@settings(max_examples=200)
@given(mixed_text, st.floats(min_value=6.0, max_value=30.0, allow_nan=False))
def test_prop_no_mark_over_compressed_inside_a_line(text: str, width: float) -> None:
    block = setp(text, width)
    for ch, w, line in midline_marks(block):
        floor = 0.75 if ch in PAUSES else 1.0
        assert w >= floor - 1e-6, f"{ch!r} {w:.3f} em in {line.text!r}{dump(block)}"


# --------------------------------------------------------------------------------- 标点悬挂

HANG = "百年征程波澜壮阔，百年初心历久弥坚。"


def test_hanging_lets_a_line_end_comma_stand_past_the_measure() -> None:
    # 百年征程波澜壮阔， is 8.5 em: at 8 em its ， hangs ½ em past the measure.
    block = setp(HANG, 8, rules=Rules(punctuation="hanging"))
    msg = dump(block)
    assert texts(block) == ["百年征程波澜壮阔，", "百年初心历久弥坚。"], msg
    first = block.lines[0]
    assert first.glyphs[index_of(first, "，")].x == pytest.approx(8 * EM), msg
    assert first.right == pytest.approx(8.5 * EM), msg
    assert all(abs(p - EM) < TOL for p in han_pitches(first)), msg
    # The last line's 。 hangs too rather than push 坚 alone onto a line.
    assert block.lines[1].right == pytest.approx(8.5 * EM), msg


def test_without_hanging_the_comma_stays_inside() -> None:
    block = setp(HANG, 8)
    msg = dump(block)
    assert all(line.right <= 8 * EM + TOL for line in block.lines), msg
    assert texts(block)[0] != "百年征程波澜壮阔，", msg


def test_hanging_only_when_it_helps() -> None:
    """A line that fits inside the measure keeps its mark inside (hanging the first
    line's ， would spread it by 1 em instead of ½)."""
    block = setp(HANG, 9, rules=Rules(punctuation="hanging"))
    assert [line.right for line in block.lines] == pytest.approx([9 * EM, 8.5 * EM]), dump(block)


def test_layout_rules_accept_hanging(tmp_path: Path) -> None:
    text = (ROOT / "layouts" / "newsletter-a4.yaml").read_text(encoding="utf-8")
    assert "punctuation: full" in text
    path = tmp_path / "hanging.yaml"
    path.write_text(text.replace("punctuation: full", "punctuation: 标点悬挂"), encoding="utf-8")
    assert load_layout(path).rules.punctuation == "hanging"
