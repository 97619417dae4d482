"""A layout mistake with one sure fix (a line out of line with its neighbours, no space
after ':' or '-', a tab for indenting, the first line indented) is reported and mended, so
the rest of a content file is read and checked too: every mistake at once, in file order,
each at its line and column as written. One with no sure fix stops reading, as before."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_check_all import mistakes_of, places, write  # the same helpers

from bulletin.errors import BulletinError, BulletinErrors, each_error
from bulletin.yamlmend import Repairs
from bulletin.yamlsource import MAX_MENDS, read_yaml

HEAD = "bulletin:\n  name: 报\narticles:\n"

# The brief's file: six mistakes, one of them the indentation at its last line.
SIX = """\
bulletin:
  name: 幸福社区报
  date: 2026-13-01
articles:
  - title：春节活动
    body:
      - 这是**未闭合的段落
  - title: 第二篇
    bogus: 1
    body:
      - image: nothere.jpg
       - 缩进错了
"""
SIX_PLACES = [(3, 9), (5, 10), (7, 11), (9, 5), (11, 16), (12, 8)]


def test_six_mistakes_past_an_indentation_mistake(tmp_path: Path) -> None:
    path = write(tmp_path, SIX)
    error = mistakes_of(path)
    assert isinstance(error, BulletinErrors)
    assert places(error) == SIX_PLACES
    lines = str(error).split("\n")
    for (line, col), text, part in zip(SIX_PLACES, lines, (
            "'date' in 'bulletin' is not a real date: '2026-13-01'",
            "'title：' has a full-width colon '：' where the key's colon belongs",
            "'**' (bold) is not closed in body item 1 of article 1",
            "unknown key 'bogus' in article 2",
            "image not found:",
            "line 12 starts 7 spaces in, but the item above starts 6 spaces in; the items "
            "of one list start in the same column: put 6 spaces before its '-'"), strict=True):
        assert text.startswith(f"{path}:{line}:{col}: "), text
        assert part in text, text


def test_six_mistakes_told_in_chinese(tmp_path: Path) -> None:
    path = write(tmp_path, SIX)
    lines = mistakes_of(path).tell("zh").split("\n")
    assert len(lines) == 6
    assert "“2026-13-01”不是真实存在的日期" in lines[0]
    assert "“title：”用了中文冒号“：”" in lines[1]
    assert "“**”（加粗）没有配对" in lines[2]
    assert "不认识的字段“bogus”" in lines[3]
    assert "找不到图片" in lines[4]
    assert lines[5].endswith("12:8: 第12行开头有7个空格，可是上面一项开头有6个空格；"
                             "同一个列表的各项要从同一列开始：在“-”前面放6个空格")


def test_two_indentation_mistakes_are_both_reported(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "  - title: 一\n    body:\n      - 甲\n     - 乙\n"
                                  "  - title: 二\n    body:\n      - 丙\n       - 丁\n"
                                  "    sutitle: 副题\n")
    error = mistakes_of(path)
    assert places(error) == [(7, 6), (11, 8), (12, 5)]
    lines = str(error).split("\n")
    assert "line 7 starts 5 spaces in, but the item above starts 6 spaces in" in lines[0]
    assert "line 11 starts 7 spaces in, but the item above starts 6 spaces in" in lines[1]
    assert "unknown key 'sutitle' in article 2" in lines[2]


def test_lines_moved_with_their_item_are_told_as_written(tmp_path: Path) -> None:
    """An article one space out moves with the lines under it; a mistake among them is
    told with the spaces and the column the file has, not those as mended."""
    path = write(tmp_path, HEAD + "  - title: 一\n    body: [x]\n - title: 二\n   body:\n"
                                  "     - a\n      - image: b.jpg\n")
    error = mistakes_of(path)
    assert places(error) == [(6, 2), (9, 7), (9, 16)]
    lines = str(error).split("\n")
    assert "line 6 starts 1 space in, but the item above starts 2 spaces in" in lines[0]
    assert "line 9 starts 6 spaces in, but the item above starts 5 spaces in" in lines[1]
    assert "put 5 spaces before its '-'" in lines[1]
    assert "image not found" in lines[2]


def test_a_full_width_colon_and_bold_on_a_line_moved_in(tmp_path: Path) -> None:
    """Two mends of one line (': ' for '：', one space more in front) and a mistake after
    both: each column is where the file has it."""
    path = write(tmp_path, HEAD + "  - title: 一\n    body: [x]\n - title：二**三\n"
                                  "   body: [x]\n")
    error = mistakes_of(path)
    assert places(error) == [(6, 2), (6, 9), (6, 11)]
    assert "'**' (bold) is not closed in article 2" in str(error).split("\n")[2]


def test_a_mend_then_a_mistake_with_no_sure_fix(tmp_path: Path) -> None:
    """The colon in the text has no sure fix (quotes? a full-width colon?): reading stops
    there, after the mended mistake above it; nothing below it is checked."""
    path = write(tmp_path, HEAD + "  - title: 一\n    body:\n      - 甲\n     - 乙\n"
                                  "    lead: 注意: 停水\n    bogus: 1\n")
    error = mistakes_of(path)
    assert places(error) == [(7, 6), (8, 13)]
    lines = str(error).split("\n")
    assert "line 7 starts 5 spaces in" in lines[0]
    assert "the text has ': ' (a colon and a space) in it" in lines[1]
    assert "bogus" not in str(error)


def test_no_space_after_the_dash_and_the_colon_of_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "  -title:题\n    body: [x]\n")
    error = mistakes_of(path)
    assert places(error) == [(4, 3), (4, 9)]
    zh = error.tell("zh").split("\n")
    assert "第4行的“-”后面少了一个空格" in zh[0]
    assert "第4行“title:”的冒号后面少了一个空格" in zh[1]


def test_tabs_are_read_as_the_spaces_around_them(tmp_path: Path) -> None:
    path = write(tmp_path, "bulletin:\n\tname: 报\n\tdate: 2026-02-30\narticles:\n"
                           "  - title: 题\n    body:\n\t\t- 甲\n      -\t乙\n")
    error = mistakes_of(path)
    assert places(error) == [(2, 1), (3, 1), (3, 8), (7, 1), (8, 8)]
    lines = str(error).split("\n")
    assert "line 2 is indented with a tab character" in lines[0]
    assert "not a real date" in lines[2]  # 'date' was read as the masthead's
    assert "line 8 has a tab character where a space belongs" in lines[4]


def test_the_first_line_indented_and_a_mistake_under_it(tmp_path: Path) -> None:
    path = write(tmp_path, " bulletin:\n   name: 报\n   date: 六月\narticles:\n"
                           "  - title: 题\n    body: [x]\n")
    error = mistakes_of(path)
    assert places(error) == [(1, 1), (3, 10)]
    assert "remove the spaces before 'bulletin'" in str(error).split("\n")[0]


def test_a_mended_mistake_alone_still_fails_the_issue(tmp_path: Path) -> None:
    """Mending only lets the checking go on: the issue is never built from it."""
    path = write(tmp_path, HEAD + "  - title: 题\n    body:\n      - 一\n     - 二\n")
    error = mistakes_of(path)
    assert not isinstance(error, BulletinErrors)
    assert (error.line, error.col) == (7, 6)
    assert "line 7 starts 5 spaces in, but the item above starts 6 spaces in" in str(error)


def test_without_repairs_the_first_mistake_stops_reading(tmp_path: Path) -> None:
    """A layout file (read with no ``repairs``) is read as before: one message."""
    path = write(tmp_path, "page:\n  size: A4\n margin: 1\ngrid:\n  a: 1\n   b: 2\n",
                 "layout.yaml")
    with pytest.raises(BulletinError) as info:
        read_yaml(path, "a layout")
    assert not isinstance(info.value, BulletinErrors)
    assert (info.value.line, info.value.col) == (3, 2)


def test_each_mistake_is_told_once_in_file_order(tmp_path: Path) -> None:
    text = HEAD + "".join(f"  - title: 第{k}篇\n   lead: 导语\n    body:\n      - 一\n"
                          f"     - 二\n" for k in range(5))
    repairs = Repairs(frozenset())
    read_yaml(write(tmp_path, text), "an issue", None, repairs)
    told = [(e.line, e.col) for e in repairs.mistakes]
    assert told == sorted(set(told))
    assert len(told) == 10  # each article: 'lead' one space out, then '- 二' one space out


def test_many_misaligned_lines_stop_after_a_bound(tmp_path: Path) -> None:
    lines = [HEAD + "  - title: 题\n    body:\n      - 第0段\n"]
    lines += [f"{' ' * (5 if k % 2 else 6)}- 第{k}段\n" for k in range(1, 201)]
    path = write(tmp_path, "".join(lines))
    start = time.perf_counter()
    error = mistakes_of(path)
    assert time.perf_counter() - start < 5
    told = each_error(error)
    assert len(told) == MAX_MENDS + 1
    assert all("starts 5 spaces in, but the item above starts 6" in str(e)
               for e in told[:-1])
    last = told[-1]
    assert (last.line, last.col) == (7 + 2 * MAX_MENDS, 6)
    assert str(last).endswith(f"checking stopped here: too many mistakes in how the lines "
                              f"are indented and spaced ({MAX_MENDS} above); the lines from "
                              f"here on were not checked in full; fix the mistakes above "
                              f"and check again")
    assert last.tell("zh").endswith(f"检查到这里就停了：缩进和空格的错误太多（上面已有"
                                    f"{MAX_MENDS}处），从这一行起没有完整检查；"
                                    f"先改好上面的错误，再检查一次")


def test_a_tab_indented_article_goes_where_its_keys_say(tmp_path: Path) -> None:
    """'- column:' with a tab for its indentation, its keys under it two spaces further
    in: it is an article (at 2), not one more paragraph of the body above (at 6)."""
    path = write(tmp_path, HEAD + "  - title: 一\n    body:\n      - 甲\n"
                                  "\t- column: 栏目\n    title: 二\n    body: [乙]\n")
    error = mistakes_of(path)
    assert not isinstance(error, BulletinErrors), str(error)
    assert (error.line, error.col) == (7, 1)


def test_a_tab_mend_does_not_swallow_a_later_mistake(tmp_path: Path) -> None:
    """Under 'body:' a tab-indented item is a paragraph (at 6): read so, the colon with
    no space two lines further down is still a mistake of its own."""
    path = write(tmp_path, HEAD + "  - title: 一\n    body:\n\t- quote: 引文\n      - 甲\n"
                                  "  - title:二\n    body: [乙]\n")
    error = mistakes_of(path)
    assert places(error) == [(6, 1), (8, 10)]


def test_as_near_to_two_columns_is_not_mended(tmp_path: Path) -> None:
    """' articles:' one space in, under the masthead's keys at 2: a top key (at 0) or a
    masthead key (at 2)? Only the author knows: reading stops there, as it always did."""
    path = write(tmp_path, "bulletin:\n  name: 报\n articles:\n  - title: 题\n"
                           "    bogus: 1\n    body: [x]\n")
    error = mistakes_of(path)
    assert not isinstance(error, BulletinErrors)
    assert (error.line, error.col) == (3, 2)


def test_two_lines_in_line_with_each_other_are_not_mended(tmp_path: Path) -> None:
    """Two items at 5 under one at 6: the one at 6 may be the one out of line."""
    path = write(tmp_path, HEAD + "  - title: 一\n    body:\n      - 甲\n     - 乙\n"
                                  "     - 丙\n    bogus: 1\n")
    error = mistakes_of(path)
    assert not isinstance(error, BulletinErrors)
    assert (error.line, error.col) == (7, 6)


def test_an_item_short_of_its_key_is_told_to_go_under_it(tmp_path: Path) -> None:
    """'body:' at 4, its first item at 3: one mistake, 'put 6 spaces', and the item is
    read as the paragraph it was meant as (no 'body is empty', no third article)."""
    path = write(tmp_path, HEAD + "  - title: 一\n    body:\n      - 甲\n  - title: 二\n"
                                  "    body:\n   - 丙\n    bogus: 1\n")
    error = mistakes_of(path)
    assert places(error) == [(9, 4), (10, 5)], str(error)
    first = each_error(error)[0]
    assert "first item of 'body:' above, which starts 4 spaces in" in str(first)
    assert "put 6 spaces before its '-'" in str(first)
    assert "“body:”的第一项" in first.tell("zh") and "放6个空格" in first.tell("zh")


def test_an_article_out_of_line_after_a_body_key_is_not_taken_for_its_item(
        tmp_path: Path) -> None:
    """An article's '-' at 1 after 'body:' at 4 (the articles at 2) is an article out of
    line, told so: not the first paragraph of that body."""
    path = write(tmp_path, HEAD + "  - title: 一\n    body:\n      - 甲\n  - title: 二\n"
                                  "    body:\n - title: 三\n   body:\n     - 丙\n")
    error = mistakes_of(path)
    assert "the item above starts 2 spaces in" in str(error), str(error)


def test_paragraphs_typed_at_the_articles_column_are_told_as_such(tmp_path: Path) -> None:
    """Under an empty 'body:', paragraphs whose '-' stands with the articles' are valid
    YAML (articles that are text, and an empty body): told once each, at the '-', with
    the spaces that put them under 'body:'; the articles after them keep their numbers."""
    path = write(tmp_path, HEAD + "  - title: 一\n    body:\n      - 甲\n  - title: 二\n"
                                  "    body:\n  - 丙\n  - 丁\n  - title: 三\n    bogus: 1\n"
                                  "    body: [x]\n")
    error = mistakes_of(path)
    assert places(error) == [(9, 3), (10, 3), (12, 5)], str(error)
    lines = str(error).split("\n")
    assert "'丙' is read as an article of its own" in lines[0]
    assert "put 6 spaces before its '-'" in lines[0]
    assert "in article 3" in lines[2]  # 三 is still the third article
    assert "is empty" not in str(error)
    assert "单独的一篇文章" in each_error(error)[0].tell("zh")
