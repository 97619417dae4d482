"""Issue 14, authoring in Chinese: every mistake of a content file at once, a full-width
colon after a key reported and read past, indentation mistakes in plain words at the
line to fix, and all of it told in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bulletin.content import load_issue
from bulletin.errors import BulletinError, BulletinErrors, each_error

HEAD = "bulletin:\n  name: 长阳社区报\narticles:\n"

# Five different mistakes, one to a line: an unknown key (5), an unclosed '**' (7), a
# missing picture (8), a date that does not exist (9), a list where a text belongs (10).
FIVE = HEAD + """\
  - title: 停水通知
    sutitle: 副题
    body:
      - 明天**停水
      - image: photos/none.jpg
    signed_date: 2021-13-01
  - title: [甲, 乙]
    body: [正文。]
"""
FIVE_PLACES = [(5, 5), (7, 11), (8, 16), (9, 18), (10, 12)]

# PyYAML's words, which mean nothing to an author: never in a message.
JARGON = ("mapping values", "block end", "scalar", "simple key", "token", "<", "while "
          "parsing", "while scanning")


def write(tmp_path: Path, text: str, name: str = "issue.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mistakes_of(path: Path) -> BulletinError:
    with pytest.raises(BulletinError) as info:
        load_issue(path)
    return info.value


def places(error: BulletinError) -> list[tuple[int | None, int | None]]:
    return [(e.line, e.col) for e in each_error(error)]


# --------------------------------------------------------------------------- all at once


def test_five_mistakes_give_five_errors_each_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, FIVE)
    error = mistakes_of(path)
    assert isinstance(error, BulletinErrors)
    assert places(error) == FIVE_PLACES
    lines = str(error).split("\n")
    assert len(lines) == 5
    for (line, col), text, part in zip(FIVE_PLACES, lines, (
            "unknown key 'sutitle' in article 1; did you mean 'subtitle'?",
            "'**' (bold) is not closed in body item 1 of article 1",
            "image not found:",
            "'signed_date' in article 1 is not a real date: '2021-13-01'",
            "'title' in article 2 must be text; found a list"), strict=True):
        assert text.startswith(f"{path}:{line}:{col}: "), text
        assert part in text, text


def test_five_mistakes_told_in_chinese(tmp_path: Path) -> None:
    path = write(tmp_path, FIVE)
    lines = mistakes_of(path).tell("zh").split("\n")
    assert len(lines) == 5
    assert lines[0].endswith("第1篇文章里有不认识的字段“sutitle”；是不是想写“subtitle”（副题）？")
    assert "第1篇文章正文第1项里“**”（加粗）没有配对" in lines[1]
    assert "找不到图片" in lines[2] and "图片路径从内容文件所在的文件夹" in lines[2]
    assert "第1篇文章的“signed_date”（落款日期）“2021-13-01”不是真实存在的日期" in lines[3]
    assert "日期写成“年-月-日”" in lines[3]
    assert "第2篇文章的“title”（标题）应该是文字，这里却是一个列表" in lines[4]
    told = "\n".join(lines)
    for english in ("unknown key", "did you mean", "is not closed", "image not found",
                    "not a real date", "must be text", "article", "found a list"):
        assert english not in told
    assert ";" not in told.replace(str(path), "")  # Chinese punctuation: ；


def test_one_mistake_is_told_as_it_always_was(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "  - title: 题\n    sutitle: x\n    body: [x]\n")
    error = mistakes_of(path)
    assert not isinstance(error, BulletinErrors)
    assert str(error) == (f"{path}:5:5: unknown key 'sutitle' in article 1; "
                          "did you mean 'subtitle'?")


def test_a_mistyped_key_is_not_also_a_missing_one(tmp_path: Path) -> None:
    """'titel' is the mistake: 'article 1 has no title' would be the same one again."""
    path = write(tmp_path, HEAD + "  - titel: 题\n    body:\n      - headng: 小标题\n"
                                  "      - 正文\n")
    error = mistakes_of(path)
    assert places(error) == [(4, 5), (6, 9)]
    assert "has no" not in str(error) and "exactly one of" not in str(error)


def test_each_article_and_the_masthead_are_checked(tmp_path: Path) -> None:
    path = write(tmp_path, "bulletin:\n  name: 报\n  date: 六月\narticles:\n"
                           "  - title: 一\n    body: [42]\n"
                           "  - title: ''\n    body: [x]\n"
                           "  - body: [x]\n")
    error = mistakes_of(path)
    assert places(error) == [(3, 9), (6, 12), (7, 5), (9, 5)]
    assert "has no 'title'" in str(error).split("\n")[3]


# --------------------------------------------------------------------------- full-width colons


def test_full_width_colons_on_several_lines_and_a_mistake_after_them(tmp_path: Path) -> None:
    path = write(tmp_path, "bulletin:\n  name：长阳社区报\n  date：2021-06-18\narticles:\n"
                           "  - title：春节**快乐\n    titel: 重复\n    body:\n"
                           "      - 正文*着重\n")
    error = mistakes_of(path)
    # The unclosed '**' on line 5 is where it is written, though ': ' was read for '：'.
    assert places(error) == [(2, 7), (3, 7), (5, 10), (5, 13), (6, 5), (8, 11)]
    lines = str(error).split("\n")
    for line, key in zip(lines[:3], ("name", "date", "title"), strict=True):
        assert (f"'{key}：' has a full-width colon '：' where the key's colon belongs; "
                f"type the half-width ':' and a space: '{key}: …'") in line
    assert "'**' (bold) is not closed in article 1" in lines[3]
    assert "unknown key 'titel'" in lines[4] and "'*' (emphasis dots" in lines[5]
    zh = error.tell("zh").split("\n")
    assert zh[0].endswith("“name：”用了中文冒号“：”，字段名后面要用英文冒号；"
                          "改成英文冒号“:”加一个空格：“name: …”")


def test_a_full_width_colon_and_a_syntax_error_after_it(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "  - title：题\n    body:\n      - 一\n     - 二\n")
    error = mistakes_of(path)
    assert places(error) == [(4, 10), (7, 6)]
    assert "line 7 starts 5 spaces in, but the item above starts 6 spaces in" in str(error)


def test_the_file_is_read_with_full_width_colons_mended(tmp_path: Path) -> None:
    """Nothing else wrong: the colons are the only mistakes, and the same as before."""
    path = write(tmp_path, HEAD + "  - title：题\n    body：\n      - 正文\n")
    assert places(mistakes_of(path)) == [(4, 10), (5, 9)]


# --------------------------------------------------------------------------- indentation

INDENTATION = [
    pytest.param(HEAD + "  - title: 题\n    body:\n      - 一\n      - 二\n     - 三\n", 8, 6,
                 "line 8 starts 5 spaces in, but the item above starts 6 spaces in; the items "
                 "of one list start in the same column: put 6 spaces before its '-'",
                 "第8行开头有5个空格，可是上面一项开头有6个空格", id="item one space less"),
    pytest.param(HEAD + "  - title: 题\n    body:\n      - 一\n      - 二\n       - 三\n", 8, 8,
                 "line 8 starts 7 spaces in, but the item above starts 6 spaces in, so it is "
                 "read as more of the text of that item; the items of one list start in the "
                 "same column: put 6 spaces before its '-'",
                 "所以这一行被当成了上面那一项的文字", id="item one space more"),
    pytest.param(HEAD + "  - title: 题\n    body: [x]\n - title: 二\n   body: [x]\n", 6, 2,
                 "line 6 starts 1 space in, but the item above starts 2 spaces in",
                 "第6行开头有1个空格，可是上面一项开头有2个空格", id="article one space less"),
    pytest.param(HEAD + "  - title: 题\n   lead: 导语\n    body: [x]\n", 5, 4,
                 "line 5 starts 3 spaces in, but 'title:' above starts 4 spaces in; the keys "
                 "of one part ('title:' and those with it) start in the same column: put 4 "
                 "spaces before 'lead:'",
                 "第5行开头有3个空格，可是上面的“title:”开头有4个空格", id="field less than title"),
    pytest.param(HEAD + "  - title: 题\n     lead: 导语\n    body: [x]\n", 5, 6,
                 "line 5 starts 5 spaces in, but 'title:' above starts 4 spaces in",
                 "在“lead:”前面放4个空格", id="field more than title"),
    pytest.param(HEAD + "  - title: 题\n    body:\n      - 一\n     source: 来源\n", 7, 6,
                 "line 7 starts 5 spaces in, but 'body:' above starts 4 spaces in",
                 "可是上面的“body:”开头有4个空格", id="field after the body"),
    pytest.param("bulletin:\n  name: 报\n issue: 3\narticles: []\n", 3, 2,
                 "line 3 starts 1 space in, but 'name:' above starts 2 spaces in",
                 "在“issue:”前面放2个空格", id="masthead line"),
    pytest.param(HEAD + "  - title: 题\n    body:\n    第一段\n", 6, 5,
                 "line 6 is text, but it starts no further in than 'body:' above it; under "
                 "'body:' each paragraph is a list item, further in than 'body:': "
                 "'      - 第一段'",
                 "第6行是一段文字，可是它没有比上面的“body:”缩进得更多",
                 id="paragraph at body's column"),
    pytest.param("bulletin:\n\tname: 报\narticles:\n  - title: 题\n    body: [x]\n", 2, 1,
                 "line 2 is indented with a tab character; indent with spaces, not tabs",
                 "第2行是用 Tab 键缩进的；缩进请用空格，不要用 Tab 键", id="tab"),
    pytest.param(HEAD + "  - title: 题\n    body:\n      -\t第一段\n", 6, 8,
                 "line 6 has a tab character where a space belongs",
                 "第6行该用空格的地方用了 Tab 键", id="tab after the dash"),
    pytest.param(HEAD + "  - title: 题\n    body: - 第一段\n", 5, 11,
                 "a '- ' item cannot start on the same line as 'body:'; start a new line "
                 "after 'body:' for each item, further in: '      - …'",
                 "“- ”一项不能和“body:”写在同一行", id="item on the key's line"),
    pytest.param(HEAD + "  - title:题\n    body: [x]\n", 4, 10,
                 "line 4 has no space after 'title:'; type a space after the colon: "
                 "'title: …'", "第4行“title:”的冒号后面少了一个空格", id="no space after colon"),
    pytest.param(HEAD + "  - title: 题\n    lead:导语\n    body: [x]\n", 5, 9,
                 "line 5 has no space after 'lead:'", "第5行“lead:”的冒号后面少了一个空格",
                 id="no space after a later colon"),
    pytest.param(HEAD + "  - title: 题\n    body:\n      - 一\n      -二\n", 7, 7,
                 "line 7 has no space after its '-'; a list item is written '- ' (a dash and "
                 "a space) and then its text", "第7行的“-”后面少了一个空格",
                 id="no space after dash"),
    pytest.param(HEAD + "  -title: 题\n    body: [x]\n", 4, 3,
                 "line 4 has no space after its '-'", "第4行的“-”后面少了一个空格",
                 id="no space after an article's dash"),
    pytest.param(" bulletin:\n  name: 报\narticles: []\n", 1, 1,
                 "line 1 starts 1 space in, but the top keys of the file start at the very "
                 "beginning of their lines; remove the spaces before 'bulletin'",
                 "删掉“bulletin”前面的空格", id="first line indented"),
]


@pytest.mark.parametrize(("text", "line", "col", "english", "chinese"), INDENTATION)
def test_indentation_mistakes_in_plain_words(tmp_path: Path, text: str, line: int, col: int,
                                             english: str, chinese: str) -> None:
    path = write(tmp_path, text)
    error = mistakes_of(path)
    assert (error.line, error.col) == (line, col), str(error)
    assert str(error).startswith(f"{path}:{line}:{col}: "), str(error)
    assert english in str(error)
    assert chinese in error.tell("zh")
    for word in JARGON:
        assert word not in str(error) and word not in error.tell("zh")


BROKEN = [
    'a: "abc\nb: c\n', "a: 'abc\nb: c\n", "a:\n  - **x**y\n", "a: @x\n", "a: `x\n",
    'a: "\\q"\n', "a: b\n---\nc: d\n", "a: b\n...\nc: d\n", "a: [x, y\nb: c\n",
    "a: {x: y\nb: c\n", "a: [x, y}\n", "a: *x\n", "a: &x 1\nb: &x 2\n", "a: &\n",
    "a: !<x\n", "a: |x\n  t\n", "a: | b\n", "a: b\n- c\n", "- a\nb: c\n",
    HEAD + "  - title: 注意: 明天停水\n    body: [x]\n", "a:\n  - b\n c\n",
]


@pytest.mark.parametrize("text", BROKEN)
def test_no_parser_jargon_ever_reaches_the_author(tmp_path: Path, text: str) -> None:
    error = mistakes_of(write(tmp_path, text))
    for told in (str(error), error.tell("zh")):
        for word in JARGON:
            assert word not in told, told
    assert re.search("[\u4e00-\u9fff]", error.tell("zh").split(": ", 1)[1])


def test_a_colon_in_a_text_still_says_how_to_write_it(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "  - title: 注意: 明天停水\n    body: [x]\n")
    error = mistakes_of(path)
    assert (error.line, error.col) == (4, 14)
    assert "the text has ': ' (a colon and a space) in it" in str(error)
    assert "full-width colon '：'" in str(error)
    assert "会被当成一个新的字段" in error.tell("zh")
