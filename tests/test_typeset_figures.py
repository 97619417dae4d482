"""Issue 9, part 2: addresses, numbers and times stay readable.

A web or e-mail address breaks only at a Chicago Manual point, adds no hyphen and never
leaves the line before it letter-spaced; a phone number, a time range, a date, a
percentage and a number with its unit stay on one line; a long English word may
hyphenate instead of spreading its line. Golden breaks are at 10 pt (1 em = 10 pt), in
the narrow columns of a community paper (17 em: newsletter-a4's column).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_typeset import EM, TOL, dump, han_pitches, setp, stripped, texts

from bulletin.typeset import Block, Rules
from bulletin.typeset.latin import address_pieces, hyphen_pieces, is_address

URL = "https://www.example.gov.cn/tongzhi/2024/0910-tingshui.html"
WEB = (f"停水安排和施工进度可访问{URL}查询，"
       "也可在社区网站www.hepingli-bei.org.cn的“通知公告”栏目查看。")
MAIL = "或发送电子邮件至hpl_bei@example.com.cn咨询。"
TIMES = "施工期间社区设置临时供水点，供水时间为9:00—17:00，8:30—17:30临时停水。"
PHONE = "停水期间如有疑问，请拨打社区服务热线010-64210000或13800138000咨询。"
GROUPED = "有意加入的居民，可拨打社区电话010-6952 3318报名，或拨打138 1234 5678联系王秀英。"
UNITS = "预计停水约2.5小时以上，共放置120个储水桶，供水压力将提高约15%，步行约8公里。"
DATE = "和平里北社区1号楼至12号楼将于2024年9月10日临时停水，9月11日恢复供水。"
WORDS = "他还向居民推荐了internationalization和electroluminescent等安全标识相关的资料。"
WIDTHS = [w / 2 for w in range(16, 41)]  # 8 to 20 em


def breaks(block: Block) -> list[tuple[str, str]]:
    """(last character of a line, first of the next) at every break."""
    lines = texts(block)
    return [(a[-1], b[0]) for a, b in zip(lines, lines[1:], strict=False)]


def whole(block: Block, figure: str) -> bool:
    """Does ``figure`` stand on one line?"""
    return any(figure in line for line in texts(block))


# ---------------------------------------------------------------------- addresses


@pytest.mark.parametrize(("address", "pieces"), [
    (URL, ["https://", "www", ".example", ".gov", ".cn", "/tongzhi", "/2024", "/0910",
           "-tingshui", ".html"]),
    ("hpl_bei@example.com.cn", ["hpl", "_bei", "@example", ".com", ".cn"]),
    ("www.hepingli-bei.org.cn", ["www", ".hepingli", "-bei", ".org", ".cn"]),
    ("https://x.cn/a?b=1&c=2#top", ["https://", "x", ".cn", "/a", "?b", "=", "1", "&", "c",
                                    "=", "2", "#top"]),
    ("mailto:li@x.cn", ["mailto:", "li", "@x", ".cn"]),
])
def test_chicago_break_points(address: str, pieces: list[str]) -> None:
    assert is_address(address)
    assert address_pieces(address) == pieces


@pytest.mark.parametrize("word", ["13908.2", "1.6%", "010-64210000", "9:00", "2.5", "DeepSeek"])
def test_numbers_and_names_are_no_addresses(word: str) -> None:
    assert not is_address(word)


def test_web_address_in_a_17_character_column() -> None:
    block = setp(WEB, 17)
    msg = dump(block)
    assert texts(block) == [
        "停水安排和施工进度可访问https://",
        "www.example.gov.cn/tongzhi",
        "/2024/0910-tingshui.html查询，也",
        "可在社区网站www.hepingli-bei.org",
        ".cn的“通知公告”栏目查看。",
    ], msg
    # The line before the address is not letter-spaced, and no line inside it is spread.
    for line in block.lines:
        pitches = han_pitches(line)
        assert not pitches or max(pitches) <= 1.2 * EM + TOL, msg
    assert block.text == stripped(WEB), msg  # every character once: no hyphen was added


def test_e_mail_address_breaks_before_its_at_sign() -> None:
    block = setp(MAIL, 12)
    assert texts(block) == ["或发送电子邮件至hpl_bei", "@example.com.cn咨询。"], dump(block)


@given(st.lists(st.text("abcdefghij0123456789", min_size=1, max_size=6), min_size=2, max_size=8),
       st.lists(st.sampled_from(["/", ".", "-", "_", "?", "=", "&", "#"]), min_size=8,
                max_size=8),
       st.floats(min_value=6, max_value=20))
def test_prop_addresses_break_only_at_chicago_points(words: list[str], seps: list[str],
                                                     width: float) -> None:
    address = "https://www." + "".join(w + s for w, s in zip(words, seps, strict=False)) + "cn"
    block = setp(f"请访问{address}查询。", width)
    msg = dump(block)
    assert block.text == stripped(f"请访问{address}查询。"), msg
    for a, b in breaks(block):
        assert not (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()), msg


# ---------------------------------------------------------------------- figures


@pytest.mark.parametrize("width", WIDTHS)
def test_time_ranges_stay_whole(width: float) -> None:
    block = setp(TIMES, width)
    assert whole(block, "9:00—17:00") and whole(block, "8:30—17:30"), dump(block)


@pytest.mark.parametrize("width", WIDTHS)
def test_phone_numbers_stay_whole(width: float) -> None:
    block = setp(PHONE, width)
    assert whole(block, "010-64210000") and whole(block, "13800138000"), dump(block)


@pytest.mark.parametrize("width", WIDTHS)
def test_phone_numbers_written_in_groups_stay_whole(width: float) -> None:
    """The spaces a resident types between a number's groups are not places to break."""
    block = setp(GROUPED, width)
    assert block.text == stripped(GROUPED), dump(block)
    # a space draws no glyph: a line's text has the groups side by side
    assert whole(block, "010-69523318") and whole(block, "13812345678"), dump(block)


@pytest.mark.parametrize("width", WIDTHS)
def test_numbers_keep_their_units(width: float) -> None:
    block = setp(UNITS, width)
    for figure in ("2.5小时", "120个", "15%", "8公里"):
        assert whole(block, figure), f"{figure}{dump(block)}"


@pytest.mark.parametrize("width", WIDTHS)
def test_dates_break_only_after_the_year(width: float) -> None:
    block = setp(DATE, width)
    msg = dump(block)
    assert whole(block, "9月10日") and whole(block, "9月11日") and whole(block, "2024年"), msg
    assert whole(block, "1号") and whole(block, "12号"), msg


# The paragraphs of the water-cut notice as a 17-character column (newsletter-a4) sets
# them, with the body's 2 em indent.
GOLDEN_17 = [
    (TIMES, ["施工期间社区设置临时供水点，供", "水时间为9:00—17:00，8:30—17:30临", "时停水。"]),
    (PHONE, ["停水期间如有疑问，请拨打社区服", "务热线010-64210000或13800138000", "咨询。"]),
    (UNITS, ["预计停水约2.5小时以上，共放", "置120个储水桶，供水压力将提高约",
             "15%，步行约8公里。"]),
    (DATE, ["和平里北社区1号楼至12号楼将于", "2024年9月10日临时停水，9月11日", "恢复供水。"]),
]


@pytest.mark.parametrize(("text", "golden"), GOLDEN_17, ids=["times", "phone", "units", "date"])
def test_figures_golden_in_a_17_character_column(text: str, golden: list[str]) -> None:
    block = setp(text, 17, indent_em=2)
    msg = dump(block)
    assert texts(block) == golden, msg
    for line in block.lines[:-1]:
        assert abs(line.right - 17 * EM) < TOL, msg
        pitches = han_pitches(line)
        assert not pitches or max(pitches) <= 1.2 * EM + TOL, msg


def test_a_phone_number_need_not_keep_the_next_word() -> None:
    """Only units and measure words stick to a number: 13800138000｜咨询 may break."""
    lines = texts(setp(PHONE, 17, indent_em=2))
    assert lines[1].endswith("13800138000") and lines[2].startswith("咨询"), lines


# ---------------------------------------------------------------------- hyphenation


def test_hyphenation_points_come_from_the_dictionary() -> None:
    assert hyphen_pieces("internationalization") == ["inter", "na", "tion", "al", "iza", "tion"]
    assert hyphen_pieces("DeepSeek") == ["DeepSeek"]  # mixed case: a name
    assert hyphen_pieces("Group") == ["Group"]  # short
    assert hyphen_pieces("hpl_bei") == ["hpl_bei"]


def test_long_english_word_hyphenates_rather_than_spread_the_line() -> None:
    block = setp(WORDS, 17)
    msg = dump(block)
    lines = texts(block)
    assert lines[0] == "他还向居民推荐了internationaliza-", msg
    assert lines[1].startswith("tion和electroluminescent"), msg
    # The hyphen is drawn at the line's end, flush with the measure.
    first = block.lines[0]
    assert first.glyphs[-1].char == "-" and abs(first.right - 17 * EM) < TOL, msg
    assert re.sub("-$", "", lines[0]) + "".join(lines[1:]) == stripped(WORDS)
    for line in block.lines:
        pitches = han_pitches(line)
        assert not pitches or max(pitches) <= 1.2 * EM + TOL, msg


def test_no_hyphen_where_the_word_fits() -> None:
    block = setp(WORDS, 40)
    assert texts(block) == [WORDS], dump(block)


def test_hyphenated_pieces_are_not_spaced_apart() -> None:
    block = setp(WORDS, 40, rules=Rules())
    line = block.lines[0]
    k = line.text.index("internationalization")
    xs = [g.x for g in line.glyphs[k : k + len("internationalization")]]
    assert all(b > a for a, b in zip(xs, xs[1:], strict=False))
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert max(gaps) < 0.7 * EM, dump(block)  # letters at their advances, no word space
