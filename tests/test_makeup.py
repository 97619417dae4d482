"""Page make-up as an editor would do it (issue 11): jumps, continuation heads, photos
that fill a gap, notices on one page with the 公文 conventions, folios outside."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
import yaml
from PIL import Image as PILImage

from bulletin.build import build, example_content
from bulletin.content import load_issue
from bulletin.flow.grid import make_grid
from bulletin.flow.model import Document, TextLine
from bulletin.flow.newsletter import MIN_JUMP_LINES, flow_newsletter
from bulletin.fontstage import open_fonts
from bulletin.style.layout import Layout, find_layout, load_layout

NOTICE = """\
bulletin:
  name: 和平里北社区居民委员会
  issue: 9
  date: 2026-11-20
  publisher: 和平里北社区居委会
articles:
  - title: 关于小区临时停水的通知
    body:
      - 各位居民：
      - 因市政供水管网改造施工，自来水公司将于2026年11月25日（星期三）8:30至17:30对本小区暂停\
供水，请各位居民提前做好储水准备，合理安排生活用水。施工期间小区东门车辆禁止通行，请居民从西门出入。
      - 停水期间，请关闭家中水龙头，以免恢复供水时跑水、漏水，造成财产损失。外出的居民请委托邻居\
或亲友帮助检查。
      - 社区将在3号楼南侧设置临时供水点，并在1号楼、5号楼门口放置应急饮用水，为行动不便的老人和\
残疾人提供送水上门服务，有需要的居民请于11月24日前与社区联系登记，社区志愿者将按登记顺序送水。
      - 恢复供水初期水质可能浑浊，请先放水几分钟，待水质清澈后再使用。如发现水压不足或水质异常，\
请及时向物业反映。
      - 如遇紧急情况，请拨打社区值班电话010-64210000或自来水公司抢修电话96116。
      - 给大家带来的不便，敬请谅解。感谢各位居民的理解和支持！特此通知。
    signed: 和平里北社区居民委员会
    signed_date: 2026-11-20
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))


def chars(pdf: Path) -> list[list[dict]]:
    with pdfplumber.open(pdf) as doc:
        return [list(page.chars) for page in doc.pages]


def line_of(page: list[dict], text: str, below: float = 0.0) -> list[dict]:
    """The characters of the first line on the page, under ``below``, that starts
    with ``text``."""
    rows: dict[float, list[dict]] = {}
    for c in page:
        if c["top"] > below:
            rows.setdefault(round(c["top"], 1), []).append(c)
    for row in sorted(rows):
        line = sorted(rows[row], key=lambda c: c["x0"])
        if "".join(c["text"] for c in line).replace(" ", "").startswith(text):
            return line
    raise AssertionError(f"no line starts with {text}")


def made_up(content: Path, name: str) -> tuple[Document, Layout]:
    layout = load_layout(find_layout(name))
    issue = load_issue(content)
    fonts = open_fonts(layout, content=content, issue=issue, warn=lambda m: None)
    return flow_newsletter(issue, layout, fonts), layout


def column_feet(document: Document, layout: Layout) -> dict[tuple[int, int, int], int]:
    """(page, article, column) → the row of the column's last body line."""
    g = make_grid(layout)
    feet: dict[tuple[int, int, int], int] = {}
    for number, page in enumerate(document.pages):
        for item in page.items:
            if isinstance(item, TextLine) and item.para is not None:
                col = min(range(g.columns), key=lambda c: abs(g.column_x(c) - item.x))
                row = round((g.row_top(0) - item.y) / g.pitch - 0.5)
                key = (number, item.para[0], col)
                feet[key] = max(feet.get(key, 0), row)
    return feet


def test_a_notice_of_400_characters_is_one_page_in_briefing(tmp_path):
    content = tmp_path / "notice.yaml"
    content.write_text(NOTICE, encoding="utf-8")
    out = tmp_path / "notice.pdf"
    build(content, out, "briefing-a4")
    pages = chars(out)
    assert len(pages) == 1
    text = "".join(c["text"] for c in pages[0])
    assert "特此通知" in text and "编印" in text
    body = [c for c in pages[0] if c["text"] == "储"]
    assert 12 <= body[0]["size"] < 16  # set smaller to stand on one page, 小四 at least


def test_salutation_flush_left_and_signature_as_gb_t_9704_places_it(tmp_path):
    content = tmp_path / "notice.yaml"
    content.write_text(NOTICE, encoding="utf-8")
    out = tmp_path / "notice.pdf"
    build(content, out, "briefing-a4")
    page = chars(out)[0]
    paragraph = line_of(page, "因市政")
    em = paragraph[0]["size"]
    body = [c for c in page if abs(c["size"] - em) < 0.01]
    left = min(c["x0"] for c in body)
    right = line_of(page, "8:30")[-1]["x1"]  # a full line, justified to the measure
    salutation = line_of(page, "各位居民")
    assert abs(salutation[0]["x0"] - left) < 0.5  # 顶格, not indented
    assert abs(paragraph[0]["x0"] - (left + 2 * em)) < 0.5  # a paragraph is indented 2字
    name = line_of(page, "和平里北社区居民委员会", below=paragraph[0]["top"])
    date = line_of(page, "2026年11月20日", below=paragraph[0]["top"])
    assert abs((right - name[-1]["x1"]) - 2 * em) < 0.5  # 右空二字
    assert abs(date[0]["x0"] - (name[0]["x0"] + 2 * em)) < 0.5  # date 2字 further right
    assert date[0]["top"] > name[0]["top"]


def test_briefing_folios_stand_outside(tmp_path):
    out = tmp_path / "example.pdf"
    build(example_content(), out, "briefing-a4")
    layout = load_layout(find_layout("briefing-a4"))
    pages = chars(out)
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        folio = [c for c in page if c["text"] == str(number)
                 and c["top"] > layout.page_height - layout.margin_bottom]
        assert folio, f"page {number} has no folio"
        middle = (folio[0]["x0"] + folio[0]["x1"]) / 2
        if number % 2:
            assert middle > layout.page_width * 0.7  # odd: right
        else:
            assert middle < layout.page_width * 0.3  # even: left


def test_no_jump_after_fewer_than_five_lines_a_column(tmp_path):
    data = yaml.safe_load(example_content().read_text(encoding="utf-8"))
    data["articles"] = data["articles"] * 3
    content = tmp_path / "three.yaml"
    content.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for name in ("newsletter-a4", "newsletter-a3"):
        document, layout = made_up(content, name)
        feet = column_feet(document, layout)
        pages_of = {}
        for page, article, _ in feet:
            pages_of.setdefault(article, set()).add(page)
        for article, pages in pages_of.items():
            first = min(pages)
            if len(pages) == 1:
                continue
            rows = [row for (p, a, _), row in feet.items() if p == first and a == article]
            tops = [round((make_grid(layout).row_top(0) - t.y) / make_grid(layout).pitch)
                    for t in document.pages[first].items
                    if isinstance(t, TextLine) and t.para and t.para[0] == article]
            assert len(rows) == layout.columns
            assert max(rows) - min(tops) + 1 >= MIN_JUMP_LINES, (name, article, rows)


def test_every_continued_article_has_its_continuation_head(tmp_path):
    out = tmp_path / "example.pdf"
    build(example_content(), out, "newsletter-a4")
    page2 = "".join(c["text"] for c in chars(out)[1])
    assert "我们的传家宝：红岩精神（上接第1版）" in page2


def photo_issue(folder: Path) -> Path:
    """The example's first article with three photos, then its second article."""
    data = yaml.safe_load(example_content().read_text(encoding="utf-8"))
    body = list(data["articles"][0]["body"])
    for at, (w, h) in zip((3, 8, 14), ((1000, 750), (750, 1000), (1000, 562)), strict=True):
        name = f"photo{at}.jpg"
        PILImage.new("RGB", (w, h), (90, 130, 180)).save(folder / name)
        body.insert(at, {"image": name, "caption": "社区志愿者服务"})
    data["articles"][0]["body"] = body
    content = folder / "photos.yaml"
    content.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return content


def test_a_photo_that_leaves_a_gap_shrinks_or_floats_into_it(tmp_path):
    """In a one-column briefing a tall photo used to leave half a page empty above it."""
    document, layout = made_up(photo_issue(tmp_path), "briefing-a4")
    g = make_grid(layout)
    feet = column_feet(document, layout)
    for page in range(len(document.pages) - 1):
        used = [row for (p, _, _), row in feet.items() if p == page]
        pictures = [i for i in document.pages[page].items if not isinstance(i, TextLine)
                    and type(i).__name__ == "Picture"]
        lowest = min([g.rows - 1 - max(used, default=0)]
                     + [round((i.y - g.row_top(g.rows)) / g.pitch) for i in pictures])
        # A photo is at most half a page tall and as wide as its column: where the next
        # article cannot start, up to 4 rows may stay at the foot (not half a page).
        assert lowest <= 4, f"page {page + 1} ends {lowest} rows above its foot"


def test_board_panels_are_filled_and_clear_of_the_colophon():
    from bulletin.flow.model import Rule

    content = example_content()
    layout = load_layout(find_layout("board"))
    issue = load_issue(content)
    from bulletin.build import make_up

    fonts = open_fonts(layout, content=content, issue=issue, warn=lambda m: None)
    document = make_up(issue, layout, fonts)
    page = document.pages[0]
    texts = [i for i in page.items if isinstance(i, TextLine)]
    name = max(t.line.size for t in texts if t.role == "masthead")
    assert name > max(t.line.size for t in texts if t.role == "title")  # the board's name
    level = [i for i in page.items if isinstance(i, Rule) and i.y0 == i.y1]
    widest = max(abs(r.x1 - r.x0) for r in level)
    colophon = [r for r in level if abs(r.x1 - r.x0) > widest - 1]  # across the page
    frames = [r for r in level if abs(r.x1 - r.x0) < widest * 0.9]
    frame_bottom = min(r.y0 for r in frames)
    assert len(frames) >= 4 and len(colophon) == 2
    assert frame_bottom > max(r.y0 for r in colophon)  # frames end above the 报尾's rule
    body = [t for t in texts if t.role == "body"]
    pitch = layout.scaled(body[0].line.size / layout.body.size).body.leading
    for article in {t.para[0] for t in body}:
        lowest = min(t.y for t in body if t.para[0] == article)
        assert lowest - frame_bottom < 6 * pitch, f"panel {article + 1} is not filled"


@pytest.mark.parametrize("name", ["newsletter-a4", "newsletter-a3"])
def test_pages_before_the_last_end_at_their_foot(tmp_path, name):
    """Where the next article cannot start on a page, the one before fills it (blank
    rows before its headings and around its photos), instead of leaving rows empty."""
    for content in (example_content(), photo_issue(tmp_path)):
        document, layout = made_up(content, name)
        g = make_grid(layout)
        feet = column_feet(document, layout)
        last = len(document.pages) - 1
        for page in range(last):
            # Where the text runs on to the 报尾's page, the columns end level above
            # the 报尾's height (3 rows) rather than leave one column short.
            slack = 2 if page < last - 1 else 5
            for col in range(g.columns):
                rows = [row for (p, _, c), row in feet.items() if p == page and c == col]
                assert rows and max(rows) >= g.rows - slack, (content.name, page + 1, col + 1)


SHORT_NOTICE = """\
bulletin:
  name: 幸福里社区报
articles:
  - title: 关于12月3日停水的通知
    body:
      - 各位居民：
      - 因市政管网维修，12月3日（星期三）8:30至16:00本小区停水，请提前做好储水准备。如有疑问\
请联系物业服务中心，电话 021-58760000。
    signed: 幸福里社区居民委员会
    signed_date: 2026-11-29
"""


def test_a_short_notice_keeps_its_salutation_and_its_signature_together(tmp_path):
    """Balanced over three columns, a four-line notice must not leave 各位居民： alone in
    a column, nor put the date of its 落款 in another column than the signature."""
    content = tmp_path / "notice.yaml"
    content.write_text(SHORT_NOTICE, encoding="utf-8")
    out = tmp_path / "notice.pdf"
    build(content, out, "newsletter-a4")
    page = chars(out)[0]
    column = {}
    for start in ("各位居民", "因市政", "幸福里社区居民委员会", "2026年11月29日"):
        line = line_of(page, start, below=line_of(page, "关于12月3日")[0]["bottom"])
        column[start] = (line[0]["x0"] // 150, line[0]["top"])
    assert column["各位居民"][0] == column["因市政"][0]
    assert column["幸福里社区居民委员会"][0] == column["2026年11月29日"][0]
    assert column["2026年11月29日"][1] > column["幸福里社区居民委员会"][1]


def _units(spec: str) -> list:
    """Units from a spec: H a heading, then digits: a paragraph of that many lines."""
    from bulletin.flow.units import Unit

    units, para = [], 0
    for part in spec.split():
        if part == "H":
            units.append(Unit(rows=1, keep_with_next=True, space_before=1))
            continue
        para += 1
        count = int(part)
        units += [Unit(rows=1, para=para, index=k, count=count) for k in range(count)]
    return units


def test_a_heading_with_a_one_line_section_may_end_a_column() -> None:
    """一、时间安排 and its one line, then 二、工作要求: the first section is whole, so a
    column may end after it (no 背题); a heading with one line of a longer text, or of
    a section that goes on, still may not end one."""
    from bulletin.flow.columns import balance, breakable

    whole = _units("3 H 1 H 2 2")  # salutation text, 一 + its one line, 二 + its text
    assert breakable(whole, 0, 5)  # after 一's one line, before 二
    assert not breakable(_units("3 H 3 H 2"), 0, 5)  # 一's first line of three
    assert not breakable(_units("3 H 1 1 H 2"), 0, 5)  # 一's section goes on
    starts, _, _ = balance(whole, 0, 2, capacity=20)
    assert starts == [0, 5]  # 3 + 一 + 1 beside 二 + 4: 6 rows and 5, not 3 and 8
