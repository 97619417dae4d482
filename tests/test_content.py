"""The content stage: the example issue, every user mistake's message, inline markup."""

from __future__ import annotations

import datetime as dt
import re
import struct
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulletin.content import expected_paragraphs, load_issue, parse_inline
from bulletin.content.loader import MAX_NODES
from bulletin.content.model import BulletList, Heading, Image, Paragraph, Quote, Span, Where
from bulletin.errors import BulletinError
from bulletin.yamlsource import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content" / "changyang.yaml"
PARAGRAPHS = ROOT / "content" / "paragraphs.txt"
SEED = Path(__file__).resolve().parent / "data" / "seed-article.txt"
SHARED_SEED = ROOT.parent / "shared" / "seed" / "seed-article.txt"

# The printed source split these paragraphs mid-sentence: the text before each split.
SEED_SPLITS = ("垃圾桶，", "解答居民的问题，安", "中共中央南方局", "潘继明怀着满腔热血，参")
SEED_BYLINE = "文/记者 杨俊凯"

HEAD = "bulletin:\n  name: 长阳社区报\narticles:\n"


# --------------------------------------------------------------------------- helpers


def write(tmp_path: Path, text: str, name: str = "issue.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def article(lines: str) -> str:
    """A file with a valid masthead and one article made of ``lines`` (indented 4)."""
    return HEAD + "  - " + lines.lstrip()


def error_of(path: Path) -> BulletinError:
    with pytest.raises(BulletinError) as info:
        load_issue(path)
    return info.value


def assert_error(path: Path, line: int, col: int, *parts: str) -> str:
    """The error's text starts with FILE:LINE:COL and contains every part."""
    text = str(error_of(path))
    assert text.startswith(f"{path}:{line}:{col}: "), text
    for part in parts:
        assert part in text, f"{part!r} not in {text!r}"
    return text


def png_bytes() -> bytes:
    """A valid 1×1 white PNG, made by hand so the tests need no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def seed_paragraphs() -> list[str]:
    """The seed's paragraphs in its own order, splits re-joined, byline split off."""
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1].endswith(SEED_SPLITS):
            joined[-1] += line
        else:
            joined.append(line)
    out: list[str] = []
    for p in joined:
        if p.endswith(" " + SEED_BYLINE):
            out += [p.removesuffix(" " + SEED_BYLINE), SEED_BYLINE]
        else:
            out.append(p)
    return out


def in_seed_order(issue) -> list[str]:
    """The issue's texts in the order the printed source has them.

    The source puts the lead before the headlines and the byline after the body.
    """
    out: list[str] = []
    for a in issue.articles:
        head = (a.lead, a.column, a.kicker, a.title, a.subtitle)
        out += [t.plain for t in head if t is not None]
        for block in a.body:
            if isinstance(block, Quote):
                out += [block.text.plain] + ([block.by.plain] if block.by else [])
            elif isinstance(block, BulletList):
                out += [item.plain for item in block.items]
            elif isinstance(block, Image):
                out += [block.caption.plain] if block.caption else []
            else:
                out.append(block.text.plain)
        out += [t.plain for t in (a.byline, a.source) if t is not None]
    return out


def no_space(s: str) -> str:
    return re.sub(r"\s", "", s)


# --------------------------------------------------------------------------- the example


def test_example_loads():
    issue = load_issue(EXAMPLE)
    m = issue.masthead
    assert m.name == "长阳社区报"
    assert m.issue == 12 and m.date == dt.date(2021, 6, 18)
    assert issue.source == EXAMPLE.resolve()
    first, second = issue.articles
    assert first.kicker.plain == "长阳镇各社区坚持以党建引领社区服务 切实为居民解决困难"
    assert first.title.plain == "打通服务群众的最后一公里"
    assert first.byline.plain == SEED_BYLINE
    assert first.lead.plain.startswith("“您二位也别生气")
    headings = [b.text.plain for b in first.body if isinstance(b, Heading)]
    assert headings == ["畅和园社区：从居民关心着手 赢得居民信任", "金城缙香社区：网格化管理解难题"]
    assert first.body[-1].text.plain.endswith("也更加有活力。")
    assert second.column.plain == "党史学习"
    assert second.title.plain == "我们的传家宝：红岩精神"
    assert isinstance(second.body[0], Quote)
    assert second.body[0].text.plain.startswith("“你，暴风雨中的海燕")
    assert all(isinstance(b, Paragraph) for b in second.body[1:])
    assert second.source.plain == "原文选自“学习强国”学习平台"


def test_example_keeps_every_seed_character_in_order():
    """Whitespace aside, the example is the seed: nothing lost, doubled or moved."""
    seed = SEED.read_text(encoding="utf-8")
    issue_text = "".join(in_seed_order(load_issue(EXAMPLE)))
    assert no_space(issue_text) == no_space(seed)


def test_example_paragraphs_are_the_seeds_paragraphs():
    """With spaces: the seed's paragraphs, the four splits re-joined, the byline split off."""
    assert in_seed_order(load_issue(EXAMPLE)) == seed_paragraphs()


def test_seed_splits_are_rejoined():
    text = "\n".join(expected_paragraphs(load_issue(EXAMPLE)))
    for joined in ("垃圾桶，而且", "安抚好居民", "南方局在重庆", "参军入伍"):
        assert text.count(joined) == 1, joined


def test_seed_copy_is_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("../shared is not beside the project")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_paragraphs_txt_matches_the_example():
    lines = PARAGRAPHS.read_text(encoding="utf-8").splitlines()
    assert lines == expected_paragraphs(load_issue(EXAMPLE))
    assert lines[:3] == ["长阳镇各社区坚持以党建引领社区服务 切实为居民解决困难",
                         "打通服务群众的最后一公里", SEED_BYLINE]


def test_expected_paragraphs_order(tmp_path):
    (tmp_path / "p.png").write_bytes(png_bytes())
    path = write(tmp_path, HEAD + """\
  - column: 栏目
    kicker: 引题
    title: '**主题**'
    subtitle: 副题
    byline: 署名
    lead: 导语
    body:
      - 第一段*着重*
      - heading: 小标题
      - quote: 引文
        by: 出处
      - image: p.png
        caption: 图注
      - list: [一, 二]
    source: 来源
    signed: 落款
    signed_date: 2021-06-08
""")
    assert expected_paragraphs(load_issue(path)) == [
        "栏目", "引题", "主题", "副题", "署名", "导语", "第一段着重", "小标题", "引文", "出处",
        "图注", "一", "二", "来源", "落款", "2021年6月8日",
    ]


# --------------------------------------------------------------------------- good input


def test_all_block_kinds(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "station.png").write_bytes(png_bytes())
    path = write(tmp_path, article("""\
title: 题
    body:
      - 一段**加粗**正文
      - heading: 小标题
      - quote: 引文
        by: 《红岩》
      - image: photos/station.png
        caption: 驿站
      - list:
          - 第一项
          - 第二项
"""))
    body = load_issue(path).articles[0].body
    para, heading, quote, image, items = body
    assert para.text.spans == (Span("一段"), Span("加粗", bold=True), Span("正文"))
    assert para.text.where == Where(str(path), 6, 9)
    assert heading.text.plain == "小标题"
    assert (quote.text.plain, quote.by.plain) == ("引文", "《红岩》")
    assert image.path == (tmp_path / "photos" / "station.png").resolve()
    assert image.caption.plain == "驿站" and image.where == Where(str(path), 10, 16)
    assert [t.plain for t in items.items] == ["第一项", "第二项"]


def test_text_is_kept_exactly(tmp_path):
    """A leading U+3000 stays; a block scalar's trailing newline goes; lines fold."""
    path = write(tmp_path, article("""\
title: 题
    body:
      - \u3000\u3000首行缩进
      - |
        块文字
      - 折行
        接着
"""))
    texts = [b.text.plain for b in load_issue(path).articles[0].body]
    assert texts == ["\u3000\u3000首行缩进", "块文字", "折行 接着"]


def test_numbers_and_yes_are_text_as_written(tmp_path):
    path = write(tmp_path, HEAD + """\
  - title: 1.50
    kicker: yes
    subtitle: 012
    body: ['42']
""")
    a = load_issue(path).articles[0]
    assert (a.title.plain, a.kicker.plain, a.subtitle.plain) == ("1.50", "yes", "012")
    assert a.body[0].text.plain == "42"


@pytest.mark.parametrize(
    ("value", "expected"), [("12", 12), ("'12'", "12"), ("夏季特刊", "夏季特刊")]
)
def test_issue_number_or_text(tmp_path, value, expected):
    path = write(tmp_path, f"bulletin:\n  name: 报\n  issue: {value}\narticles:\n"
                           "  - title: 题\n    body: [x]\n")
    assert load_issue(path).masthead.issue == expected


def test_quoted_date_and_optional_fields(tmp_path):
    path = write(tmp_path, "bulletin:\n  name: 报\n  date: '2021-06-18'\n  tagline:\n"
                           "layout: newsletter-a4\narticles:\n  - title: 题\n    body: [x]\n"
                           "    subtitle: ''\n")
    issue = load_issue(path)
    assert issue.masthead.date == dt.date(2021, 6, 18)
    assert issue.masthead.tagline is None and issue.articles[0].subtitle is None
    assert issue.layout == "newsletter-a4"


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + article("title: 题\n    body: [x]\n").encode())
    assert load_issue(path).masthead.name == "长阳社区报"


# --------------------------------------------------------------------------- mistakes


def test_unknown_key_suggests_the_closest(tmp_path):
    path = write(tmp_path, article("title: 题\n    sutitle: 副题\n    body: [x]\n"))
    assert_error(path, 5, 5, "unknown key 'sutitle'", "did you mean 'subtitle'?")


def test_unknown_key_lists_valid_keys(tmp_path):
    path = write(tmp_path, "bulletin:\n  name: 报\n  zzz: 1\narticles: []\n")
    assert_error(path, 3, 3, "unknown key 'zzz'", "'name', 'tagline', 'issue', 'date'")


def test_chinese_key_suggests_english(tmp_path):
    path = write(tmp_path, article("标题: 题\n    body: [x]\n"))
    assert_error(path, 4, 5, "unknown key '标题'", "did you mean 'title'?")


def test_unknown_block_key(tmp_path):
    path = write(tmp_path, article("title: 题\n    body:\n      - headng: 小标题\n"))
    assert_error(path, 6, 9, "unknown key 'headng'", "did you mean 'heading'?")


def test_duplicate_key(tmp_path):
    path = write(tmp_path, article("title: 题\n    title: 题二\n    body: [x]\n"))
    assert_error(path, 5, 5, "'title' appears twice", "line 4")


def test_missing_title(tmp_path):
    path = write(tmp_path, article("kicker: 引题\n    body: [x]\n"))
    assert_error(path, 4, 5, "article 1 has no 'title'", "title:")


def test_missing_body(tmp_path):
    path = write(tmp_path, article("title: 题\n"))
    assert_error(path, 4, 5, "has no 'body'", "body:")


def test_missing_bulletin_name(tmp_path):
    path = write(tmp_path, "bulletin:\n  tagline: 口号\narticles:\n  - title: 题\n    body: [x]\n")
    assert_error(path, 2, 3, "'bulletin' has no 'name'", "name:")


def test_missing_bulletin(tmp_path):
    path = write(tmp_path, "articles:\n  - title: 题\n    body: [x]\n")
    assert_error(path, 1, 1, "has no 'bulletin'")


@pytest.mark.parametrize("value", ["", " []"])
def test_no_articles(tmp_path, value):
    path = write(tmp_path, f"bulletin:\n  name: 报\narticles:{value}\n")
    assert_error(path, 3, 1 if not value else 11, "'articles' is empty", "- title:")


def test_articles_is_a_string(tmp_path):
    path = write(tmp_path, 'bulletin:\n  name: 报\narticles: "abc"\n')
    assert_error(path, 3, 11, "'articles' must be a list", "found the text 'abc'")


def test_file_is_a_list(tmp_path):
    path = write(tmp_path, "- bulletin\n- articles\n")
    assert_error(path, 1, 1, "must be a mapping", "found a list")


def test_body_item_is_a_number(tmp_path):
    path = write(tmp_path, article("title: 题\n    body:\n      - 42\n"))
    assert_error(path, 6, 9, "is the number 42, not text", "put it in quotes: - '42'")


def test_body_is_text_not_list(tmp_path):
    path = write(tmp_path, article("title: 题\n    body: 一段正文\n"))
    assert_error(path, 5, 11, "'body' of article 1 must be a list", "'- '")


def test_list_block_is_not_a_list(tmp_path):
    path = write(tmp_path, article("title: 题\n    body:\n      - list: 一项\n"))
    assert_error(path, 6, 15, "'list' in body item 1 of article 1 must be a list",
                 "found the text '一项'", "[第一项, 第二项]")


def test_empty_list_item(tmp_path):
    path = write(tmp_path, article("title: 题\n    body:\n      - list:\n          - 甲\n"
                                   "          -\n"))
    assert_error(path, 8, 12, "item 2 of the list in body item 1 of article 1 is empty")


def test_title_is_a_mapping(tmp_path):
    path = write(tmp_path, article("title: {a: b}\n    body: [x]\n"))
    assert_error(path, 4, 12, "'title' in article 1 must be text", "found a mapping")


@pytest.mark.parametrize("value", ["", " ''", " '  '"])
def test_empty_title(tmp_path, value):
    path = write(tmp_path, article(f"title:{value}\n    body: [x]\n"))
    assert_error(path, 4, 5, "'title' in article 1 is empty")


def test_empty_paragraph(tmp_path):
    path = write(tmp_path, article("title: 题\n    body:\n      - ''\n"))
    assert_error(path, 6, 9, "body item 1 of article 1 is empty")


def test_two_block_kinds_in_one_item(tmp_path):
    path = write(tmp_path, article("title: 题\n    body:\n"
                                   "      - heading: 甲\n        quote: 乙\n"))
    assert_error(path, 6, 9, "exactly one of", "'heading' and 'quote'")


def test_by_without_quote(tmp_path):
    path = write(tmp_path, article("title: 题\n    body:\n      - heading: 甲\n        by: 乙\n"))
    assert_error(path, 7, 9, "'by' goes with 'quote'")


@pytest.mark.parametrize("bad", ["2021-13-40", "2021/6/18", "六月", "2021-6-18"])
def test_bad_date(tmp_path, bad):
    path = write(tmp_path, f"bulletin:\n  name: 报\n  date: {bad}\narticles:\n"
                           "  - title: 题\n    body: [x]\n")
    assert_error(path, 3, 9, f"'{bad}'", "YYYY-MM-DD", "2021-06-18")


def test_bad_signed_date(tmp_path):
    path = write(tmp_path, article("title: 题\n    body: [x]\n    signed_date: 2021-02-30\n"))
    assert_error(path, 6, 18, "not a real date", "YYYY-MM-DD")


def test_yaml_syntax_error_tab(tmp_path):
    path = write(tmp_path, "bulletin:\n\tname: 报\narticles:\n  - title: 题\n    body: [x]\n")
    assert_error(path, 2, 1, "line 2 is indented with a tab character", "spaces, not tabs")


def test_yaml_syntax_error_colon_in_text(tmp_path):
    path = write(tmp_path, article("title: 注意: 明天停水\n    body: [x]\n"))
    text = assert_error(path, 4, 14, "': ' (a colon and a space)", "'：'")
    assert "mapping values" not in text


def test_yaml_syntax_error_unclosed_quote_points_at_its_start(tmp_path):
    path = write(tmp_path, article('title: "题\n    body: [x]\n'))
    assert_error(path, 4, 12, "YAML syntax error", "not closed")


def test_yaml_syntax_error_star_at_start(tmp_path):
    path = write(tmp_path, article("title: 题\n    body:\n      - **加粗**开头\n"))
    assert_error(path, 6, 10, "YAML syntax error", "must be put in quotes")


def test_gbk_file(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(article("title: 题目\n    body: [正文]\n").encode("gbk"))
    assert_error(path, 2, 9, "not UTF-8", "GBK/GB18030", "save it as UTF-8")


def test_bad_utf8_not_chinese(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"bulletin:\n  name: caf\xe9\n")
    text = assert_error(path, 2, 12, "not UTF-8", "UTF-8")
    assert "GBK" not in text


@pytest.mark.parametrize("content", ["", "  \n\n\t\n"])
def test_empty_file(tmp_path, content):
    path = write(tmp_path, content)
    text = str(error_of(path))
    assert text.startswith(f"{path}: ") and "empty" in text


def test_only_comments(tmp_path):
    path = write(tmp_path, "# 注释\n# 还是注释\n")
    assert "no content" in str(error_of(path))


def test_missing_file(tmp_path):
    path = tmp_path / "nope.yaml"
    assert str(error_of(path)) == f"{path}: file not found; check the file name and folder"


def test_oversize_file(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * (MAX_BYTES + 10) + b"\n")
    assert "larger than 2 MB" in str(error_of(path))


def test_control_character(tmp_path):
    path = write(tmp_path, article("title: 题\x0c目\n    body: [x]\n"))
    assert_error(path, 4, 13, "U+000C")


def test_missing_image(tmp_path):
    path = write(tmp_path, article("title: 题\n    body:\n      - image: photos/none.jpg\n"))
    resolved = (tmp_path / "photos" / "none.jpg").resolve()
    assert_error(path, 6, 16, f"image not found: {resolved}", "relative to the folder")


def test_missing_image_suggests_similar_name(tmp_path):
    (tmp_path / "Station.png").write_bytes(png_bytes())
    path = write(tmp_path, article("title: 题\n    body:\n      - image: station.png\n"))
    assert_error(path, 6, 16, "image not found", "did you mean 'Station.png'?")


def test_gif_image(tmp_path):
    (tmp_path / "a.gif").write_bytes(b"GIF89a")
    path = write(tmp_path, article("title: 题\n    body:\n      - image: a.gif\n"))
    assert_error(path, 6, 16, "not a JPEG or PNG", ".jpg or .png")


def test_image_that_is_not_really_an_image(tmp_path):
    (tmp_path / "a.jpg").write_bytes(b"ftypheic....")
    path = write(tmp_path, article("title: 题\n    body:\n      - image: a.jpg\n"))
    assert_error(path, 6, 16, "not really a JPEG or PNG")


def test_billion_laughs_fails_fast(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    start = time.monotonic()
    error_of(path)
    assert time.monotonic() - start < 2


def test_billion_laughs_in_the_body_fails_fast(tmp_path):
    anchors = "".join(f"      - &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    path = write(tmp_path, article("title: 题\n    body:\n      - &a0 [lol, lol, lol]\n"
                                   + anchors))
    start = time.monotonic()
    assert_error(path, 12, 19, "at the alias *a5", "grows past 2 MB")
    assert time.monotonic() - start < 2


def test_alias_expansion_is_bounded(tmp_path):
    """A small file whose aliases expand past MAX_NODES values fails, and quickly."""
    items = ", ".join(["项"] * 1000)
    blocks = "".join("      - list: *l\n" for _ in range(MAX_NODES // 1000 + 1))
    path = write(tmp_path, article(f"title: 题\n    body:\n      - list: &l [{items}]\n"
                                   + blocks))
    assert path.stat().st_size < 100_000
    start = time.monotonic()
    assert "expands to more than" in str(error_of(path))
    assert time.monotonic() - start < 5


def test_deep_nesting(tmp_path):
    path = write(tmp_path, "a: " + "[" * 3000 + "]" * 3000 + "\n")
    assert "nested too deeply" in str(error_of(path))


def test_errors_carry_position_fields(tmp_path):
    path = write(tmp_path, article("title: 题\n    sutitle: x\n    body: [x]\n"))
    e = error_of(path)
    assert (e.file, e.line, e.col) == (str(path), 5, 5)
    assert str(e.hint) == "did you mean 'subtitle'?"


# --------------------------------------------------------------------------- inline markup


def spans(s: str) -> tuple[Span, ...]:
    return parse_inline(s).spans


def test_inline_bold():
    assert spans("甲**加粗**乙") == (Span("甲"), Span("加粗", bold=True), Span("乙"))


def test_inline_emphasis():
    assert spans("*着重*号") == (Span("着重", emphasis=True), Span("号"))


def test_inline_bold_and_emphasis():
    assert spans("***两者***") == (Span("两者", bold=True, emphasis=True),)
    assert spans("***甲** 乙*") == (Span("甲", bold=True, emphasis=True),
                                  Span(" 乙", emphasis=True))
    assert spans("*甲**乙**丙*") == (Span("甲", emphasis=True),
                                  Span("乙", bold=True, emphasis=True),
                                  Span("丙", emphasis=True))


def test_inline_escapes():
    assert spans(r"5 \* 3") == (Span("5 * 3"),)
    assert spans(r"\*不是着重\*") == (Span("*不是着重*"),)
    assert spans(r"C:\路径\n") == (Span(r"C:\路径\n"),)
    assert spans("末尾\\") == (Span("末尾\\"),)


@pytest.mark.parametrize("s", ["*未闭合", "**未闭合", "甲*乙", "a ** b", "****", "*", "**甲*"])
def test_inline_unmatched_stars_are_text(s):
    assert spans(s) == (Span(s),)


def test_inline_unclosed_inner_run_is_literal_inside():
    assert spans("**甲*乙**") == (Span("甲*乙", bold=True),)
    assert spans("*甲**乙*") == (Span("甲**乙", emphasis=True),)


def test_inline_merges_and_drops_empty():
    assert spans(r"*甲\*乙*") == (Span("甲*乙", emphasis=True),)
    assert spans("") == ()
    where = Where("f.yaml", 3, 4)
    assert parse_inline("x", where).where == where


_MARKUP = st.text(alphabet=st.sampled_from(list("甲乙 a*\\")), max_size=30)


@given(_MARKUP)
def test_inline_never_loses_text(s):
    """Every non-markup character survives in order; spans are non-empty and merged."""
    out = parse_inline(s).spans
    assert all(span.text for span in out)
    styles = [(span.bold, span.emphasis) for span in out]
    assert all(a != b for a, b in zip(styles, styles[1:], strict=False))
    plain = "".join(span.text for span in out)
    assert [c for c in plain if c not in "*\\"] == [c for c in s if c not in "*\\"]
    assert plain.count("*") <= s.count("*")


@given(st.text(alphabet=st.characters(blacklist_characters="*\\"), max_size=50))
def test_inline_plain_text_is_untouched(s):
    assert parse_inline(s).plain == s


def test_masthead_markup_is_taken_out_not_printed(tmp_path: Path) -> None:
    path = tmp_path / "mh.yaml"
    path.write_text('bulletin: {name: "长阳**社区**报", tagline: "*党建*引领"}\n'
                    "articles:\n  - title: 标题\n    body: [正文。]\n", encoding="utf-8")
    masthead = load_issue(path).masthead
    assert (masthead.name, masthead.tagline) == ("长阳社区报", "党建引领")
