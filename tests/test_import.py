"""`bulletin new` and `bulletin import`: a new folder and imported drafts load and build."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image as PILImage

from bulletin.build import build
from bulletin.content import load_issue
from bulletin.content.model import BulletList, Heading, Image, Issue, Paragraph, Text
from bulletin.errors import BulletinError
from bulletin.i18n import tell
from bulletin.importer import import_text, new_issue
from bulletin.importer.blocks import full_width
from bulletin.importer.draft import DRAFT_MAGIC

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "seed-article.txt"
# The four places where the seed's lines break off in the middle of a sentence.
SPLITS = ("楼下都有垃圾桶，而且位置不合理", "解答居民的问题，安抚好居民的情绪",
          "中共中央南方局在重庆正式成立", "怀着满腔热血，参军入伍来到37师")


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))


def pdf_text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as doc:
        return "".join(ch["text"] for page in doc.pages for ch in page.chars
                       if not ch["text"].isspace())


def texts(issue: Issue) -> list[str]:
    """Every text of the issue's articles, as it reaches the page, in file order."""
    out: list[str] = []

    def add(text: Text | None) -> None:
        if text is not None:
            out.append(text.plain)

    for a in issue.articles:
        for text in (a.column, a.kicker, a.title, a.subtitle, a.byline, a.lead):
            add(text)
        for b in a.body:
            if isinstance(b, BulletList):
                for item in b.items:
                    add(item)
            elif isinstance(b, Image):
                add(b.caption)
            else:
                add(b.text)
        add(a.source)
    return out


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- new


def test_a_new_issue_folder_loads_and_builds(tmp_path: Path) -> None:
    made = new_issue(tmp_path / "第1期")
    folder = tmp_path / "第1期"
    assert {p.name for p in made} >= {"issue.yaml", "images", "使用说明.txt"}
    assert (folder / "images").is_dir()
    content = folder / "issue.yaml"
    text = content.read_text(encoding="utf-8")
    for key in ("name:", "tagline:", "issue:", "date:", "publisher:", "contact:", "layout:",
                "column:", "kicker:", "title:", "subtitle:", "byline:", "lead:", "body:",
                "heading:", "quote:", "by:", "image:", "caption:", "list:", "numbered:",
                "source:", "signed:", "signed_date:", "writing:"):
        assert re.search(rf"^\s*-?\s*{key}", text, re.M), key  # every field is shown
    guide = (folder / "使用说明.txt").read_text(encoding="utf-8")
    assert "bulletin build issue.yaml" in guide and "bulletin check issue.yaml" in guide
    issue = load_issue(content)
    pdf = tmp_path / "issue.pdf"
    assert build(content, pdf) == []  # no warning either: the sample picture is sharp
    printed = pdf_text(pdf)
    for text in texts(issue):
        assert squeeze(text) in printed


def test_new_refuses_a_folder_that_holds_something(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "issue.yaml").write_text("mine", encoding="utf-8")
    with pytest.raises(BulletinError) as refused:
        new_issue(tmp_path / "old")
    assert "不会覆盖" in refused.value.tell("zh")
    assert (tmp_path / "old" / "issue.yaml").read_text(encoding="utf-8") == "mine"
    (tmp_path / "empty").mkdir()
    assert new_issue(tmp_path / "empty")  # an empty folder is fine


# --------------------------------------------------------------------------- .txt


@pytest.mark.skipif(not SEED.is_file(), reason="the shared seed article is not here")
def test_the_seed_article_imports_whole_and_builds(tmp_path: Path) -> None:
    draft = tmp_path / "seed.yaml"
    guesses = import_text(SEED, draft)
    assert any("接上了 4 处" in tell(g, "zh") for g in guesses)
    assert draft.read_bytes().startswith(DRAFT_MAGIC)
    issue = load_issue(draft)
    paragraphs = [b.text.plain for b in issue.articles[0].body if isinstance(b, Paragraph)]
    for split in SPLITS:
        assert sum(split in p for p in paragraphs) == 1, split
    # Every character kept: the same characters (whitespace and the half-width
    # punctuation made full-width aside), none lost, none added.
    seed = squeeze(full_width(SEED.read_text(encoding="utf-8"))[0])
    assert Counter(squeeze("".join(texts(issue)))) == Counter(seed)
    assert issue.articles[0].byline.plain == "文/记者 杨俊凯"
    pdf = tmp_path / "seed.pdf"
    build(draft, pdf)
    printed = pdf_text(pdf)
    for split in SPLITS:
        assert split in printed


def test_plain_text_rules(tmp_path: Path) -> None:
    source = tmp_path / "稿子.txt"
    source.write_text(
        "社区消息\n\n　　文/通讯员 王芳\n\n　　今天上午,社区召开了居民大会,\n大家说\"好!\"\n"
        "　　会议由居委会主任主持,\n\n时间是10:30。\n\n各位居民：\n\n请准时参加。\n\n"
        "小标题 一\n\n第二段 5*3=15。\n\n来源：幸福里社区\n", encoding="utf-8")
    draft = tmp_path / "out.yaml"
    guesses = import_text(source, draft)
    assert tell(guesses[0], "zh").startswith("标题：社区消息")
    assert str(guesses[0]).startswith("title: 社区消息")  # English in English
    article = load_issue(draft).articles[0]
    assert article.title.plain == "社区消息"
    assert article.byline.plain == "文/通讯员 王芳"
    assert article.source.plain == "来源：幸福里社区"
    body = [(type(b).__name__, b.text.plain) for b in article.body]
    assert body == [
        ("Paragraph", "今天上午，社区召开了居民大会，大家说“好！”"),
        ("Paragraph", "会议由居委会主任主持，时间是10:30。"),
        ("Paragraph", "各位居民："),  # a salutation before a blank line stays apart
        ("Paragraph", "请准时参加。"),
        ("Heading", "小标题 一"),
        ("Paragraph", "第二段 5*3=15。"),
    ]


def test_lines_without_blank_lines_are_paragraphs_each(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("标题\n第一段。\n第二段的前半，\n后半。\n", encoding="utf-8")
    import_text(source, tmp_path / "a.yaml")
    body = load_issue(tmp_path / "a.yaml").articles[0].body
    assert [b.text.plain for b in body] == ["第一段。", "第二段的前半，后半。"]


def test_full_width_punctuation_only_between_chinese() -> None:
    assert full_width("你好,世界") == ("你好，世界", 1)
    assert full_width("真的吗?") == ("真的吗？", 1)
    assert full_width('他说"好的"。') == ("他说“好的”。", 2)
    assert full_width("'红岩'精神") == ("‘红岩’精神", 2)
    for same in ("10:30", "Hello, world!", "don't 'quote'", "https://a.cn/x"):
        assert full_width(same) == (same, 0)


# --------------------------------------------------------------------------- .md


def test_markdown_headings_lists_and_quotes_import(tmp_path: Path) -> None:
    source = tmp_path / "news.md"
    source.write_text(
        "# 社区新闻\n\n记者 李明\n\n导语在这里，\n写了两行。\n\n## 第一部分\n\n"
        "正文有**加粗**和一颗孤星*。\n\n- 第一项\n- 第二项\n\n1. 甲\n2. 乙\n\n> 一句引文。\n",
        encoding="utf-8")
    draft = tmp_path / "news.yaml"
    import_text(source, draft)
    article = load_issue(draft).articles[0]
    assert article.title.plain == "社区新闻"
    assert article.byline.plain == "记者 李明"
    body = article.body
    assert body[0].text.plain == "导语在这里，写了两行。"
    assert isinstance(body[1], Heading) and body[1].text.plain == "第一部分"
    assert body[2].text.plain == "正文有加粗和一颗孤星*。"
    assert any(span.bold and span.text == "加粗" for span in body[2].text.spans)
    assert [i.plain for i in body[3].items] == ["第一项", "第二项"]
    assert [i.plain for i in body[4].items] == ["甲", "乙"] and body[4].labels
    assert body[5].text.plain == "一句引文。"
    build(draft, tmp_path / "news.pdf")


def test_markdown_pictures_are_copied_and_missing_ones_kept_as_text(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    PILImage.new("RGB", (900, 600), (40, 90, 160)).save(tmp_path / "src" / "站.png")
    source = tmp_path / "src" / "a.md"
    source.write_text("# 标题\n\n正文。\n\n![驿站](站.png)\n\n![没有](无.png)\n",
                      encoding="utf-8")
    draft = tmp_path / "out" / "a.yaml"
    draft.parent.mkdir()
    guesses = import_text(source, draft)
    assert any("无.png" in str(g) for g in guesses)
    body = load_issue(draft).articles[0].body
    assert isinstance(body[1], Image) and body[1].caption.plain == "驿站"
    assert body[1].path == (tmp_path / "out" / "images" / "a-1.png").resolve()
    assert body[2].text.plain == "![没有](无.png)"


# --------------------------------------------------------------------------- .docx


def test_a_word_file_imports_with_heading_bold_photo_and_list(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    photo = io.BytesIO()
    PILImage.new("RGB", (900, 600), (200, 60, 40)).save(photo, "JPEG")
    photo.seek(0)
    document = docx.Document()
    document.add_heading("垃圾分类新风尚", 0)
    document.add_paragraph("文/记者 赵凯")
    document.add_heading("驿站建起来了", 1)
    p = document.add_paragraph("社区的")
    p.add_run("垃圾分类驿站").bold = True
    p.add_run("已经开放,欢迎居民参观。")
    document.add_picture(photo)
    document.add_paragraph("驿站外景", style="Caption")
    document.add_paragraph("厨余垃圾", style="List Bullet")
    document.add_paragraph("可回收物", style="List Bullet")
    source = tmp_path / "来稿.docx"
    document.save(str(source))

    out = tmp_path / "issue" / "draft.yaml"
    out.parent.mkdir()
    guesses = import_text(source, out)
    assert any("图片 1 张" in tell(g, "zh") for g in guesses)
    assert list((out.parent / "images").iterdir()) == [out.parent / "images" / "draft-1.jpg"]
    article = load_issue(out).articles[0]
    assert article.title.plain == "垃圾分类新风尚"
    assert article.byline.plain == "文/记者 赵凯"
    heading, paragraph, image, bullets = article.body
    assert isinstance(heading, Heading) and heading.text.plain == "驿站建起来了"
    assert paragraph.text.plain == "社区的垃圾分类驿站已经开放，欢迎居民参观。"
    assert [s.text for s in paragraph.text.spans if s.bold] == ["垃圾分类驿站"]
    assert isinstance(image, Image) and image.caption.plain == "驿站外景"
    assert isinstance(bullets, BulletList)
    assert [i.plain for i in bullets.items] == ["厨余垃圾", "可回收物"]

    pdf = tmp_path / "draft.pdf"
    build(out, pdf)
    with pdfplumber.open(pdf) as doc:
        assert sum(len(page.images) for page in doc.pages) == 1
        chars = [ch for page in doc.pages for ch in page.chars]
    printed = "".join(ch["text"] for ch in chars)
    for text in ("垃圾分类新风尚", "驿站建起来了", "垃圾分类驿站", "驿站外景", "厨余垃圾",
                 "可回收物"):
        assert text in printed
    start = printed.index("社区的垃圾分类驿站") + 3
    fonts = {ch["fontname"] for ch in chars[start:start + 6]}
    plain = {ch["fontname"] for ch in chars[start - 3:start]}
    assert fonts.isdisjoint(plain)  # the bold run is set in another (the bold) face


# --------------------------------------------------------------------------- output


def test_an_existing_file_is_only_replaced_when_it_is_our_draft(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("标题\n\n正文。\n", encoding="utf-8")
    mine = tmp_path / "issue.yaml"
    mine.write_text("bulletin: {name: 我的报}\n", encoding="utf-8")
    with pytest.raises(BulletinError) as refused:
        import_text(source, mine)
    assert "不会覆盖" in refused.value.tell("zh")
    assert mine.read_text(encoding="utf-8") == "bulletin: {name: 我的报}\n"
    draft = tmp_path / "draft.yaml"
    import_text(source, draft)
    source.write_text("标题\n\n新的正文。\n", encoding="utf-8")
    import_text(source, draft)  # a draft of ours is replaced
    assert load_issue(draft).articles[0].body[0].text.plain == "新的正文。"


def test_other_files_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF-1.4")
    with pytest.raises(BulletinError) as refused:
        import_text(source, tmp_path / "a.yaml")
    assert ".txt、.md 和 .docx" in refused.value.tell("zh")
    assert "only .txt, .md and .docx" in str(refused.value)
    assert not (tmp_path / "a.yaml").exists()


def test_the_everyday_loop_new_check_build_from_the_command_line(tmp_path: Path,
                                                                 monkeypatch) -> None:
    """bulletin new → check → build, as the README gives it; check exits 2 on a mistake
    and writes nothing."""
    from click.testing import CliRunner

    from bulletin.cli import main

    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke
    assert run(main, ["new", "第12期"]).exit_code == 0
    content = tmp_path / "第12期" / "issue.yaml"
    checked = run(main, ["check", str(content)])
    assert checked.exit_code == 0 and "ok: 1 page" in checked.output, checked.output
    assert not list(tmp_path.glob("*.pdf"))
    assert run(main, ["build", str(content)]).exit_code == 0
    assert (tmp_path / "issue.pdf").read_bytes().startswith(b"%PDF-")
    broken = tmp_path / "broken.yaml"
    broken.write_text("bulletin:\n  name: 报\narticles:\n  - title: 标题\n    body:\n"
                      "      - '**没有关上'\n", encoding="utf-8")
    failed = run(main, ["check", str(broken), str(content)])
    assert failed.exit_code == 2
    assert f"{broken}:6:" in failed.output and "ok: 1 page" in failed.output
