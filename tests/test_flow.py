"""The flow stage: a long issue over many pages, jump lines, keep rules, balanced ends."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest
import yaml

from bulletin.build import example_content
from bulletin.content import expected_paragraphs, load_issue
from bulletin.export import write_atomic
from bulletin.flow.grid import make_grid
from bulletin.flow.model import Document, TextLine
from bulletin.flow.newsletter import flow_newsletter
from bulletin.fontstage import FontSession
from bulletin.render import render_pdf
from bulletin.style.layout import Layout, find_layout, load_layout

ROOT = Path(__file__).resolve().parent.parent
PDFCHECK = ROOT.parent / "shared" / "tools" / "pdfcheck.py"
TIMES = 10  # the example's two articles ten times over: 20× its length


@pytest.fixture(scope="module")
def long_issue(tmp_path_factory) -> Path:
    data = yaml.safe_load(example_content().read_text(encoding="utf-8"))
    articles = []
    for n in range(1, TIMES + 1):
        for article in data["articles"]:
            copy = dict(article)
            copy["title"] = f"{article['title']}（{n}）"
            articles.append(copy)
    data["articles"] = articles
    path = tmp_path_factory.mktemp("long") / "long.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def layout() -> Layout:
    return load_layout(find_layout("newsletter-a4"))


@pytest.fixture(scope="module")
def document(long_issue: Path, layout: Layout) -> Document:
    return flow_newsletter(load_issue(long_issue), layout, FontSession(layout))


@pytest.fixture(scope="module")
def long_pdf(document: Document, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "long.pdf"
    write_atomic(path, render_pdf(document))
    return path


def columns(document: Document, layout: Layout):
    """Body lines by (page, article, column), top to bottom."""
    grid = make_grid(layout)
    lefts = [grid.column_x(k) for k in range(grid.columns)]
    out: dict[tuple[int, int, int], list[TextLine]] = defaultdict(list)
    for number, page in enumerate(document.pages):
        for item in page.items:
            if isinstance(item, TextLine) and item.para is not None:
                column = max(k for k, x in enumerate(lefts) if x <= item.x + 0.01)
                out[(number, item.para[0], column)].append(item)
    for lines in out.values():
        lines.sort(key=lambda t: -t.y)
    return out


def test_long_issue_runs_over_many_pages(document: Document) -> None:
    assert len(document.pages) >= 8 * TIMES // 5
    assert len(document.outline) == 2 * TIMES


def test_jump_lines_match_across_pages(long_pdf: Path) -> None:
    with pdfplumber.open(long_pdf) as pdf:
        texts = ["".join(c["text"] for c in page.chars) for page in pdf.pages]
    jumps = 0
    for number, text in enumerate(texts, 1):
        onward = text.count(f"（下转第{number + 1}版）")
        assert text.count("下转") == onward, f"page {number} jumps to a wrong page"
        if onward:
            assert texts[number].count(f"（上接第{number}版）") == onward
            jumps += 1
        if number > 1:
            assert text.count("上接") == texts[number - 2].count("下转")
    assert jumps >= 5


def test_no_heading_at_a_column_foot(document: Document, layout: Layout) -> None:
    for key, lines in columns(document, layout).items():
        assert lines[-1].role != "heading", f"heading alone at the foot of {key}"


def test_no_single_line_widow_or_orphan(document: Document, layout: Layout) -> None:
    for key, lines in columns(document, layout).items():
        body = [t for t in lines if t.para[1] >= 0]
        if not body:
            continue
        first, last = body[0].para, body[-1].para
        _, _, index, count = first
        assert not (count >= 2 and index == count - 1), f"widow at the head of {key}"
        _, _, index, count = last
        assert not (count >= 2 and index == 0), f"orphan at the foot of {key}"


def test_columns_end_level_where_an_article_ends(document: Document, layout: Layout) -> None:
    grid = make_grid(layout)
    cols = columns(document, layout)
    last_page = {}
    for page, article, _ in cols:
        last_page[article] = max(last_page.get(article, 0), page)
    checked = 0
    for article, page in last_page.items():
        heights = [round((lines[0].y - lines[-1].y) / grid.pitch) + 1
                   for (p, a, _), lines in cols.items() if p == page and a == article]
        if len(heights) > 1:
            assert max(heights) - min(heights) <= 2, f"article {article} ends {heights}"
            checked += 1
    assert checked >= TIMES


@pytest.mark.skipif(not PDFCHECK.exists(), reason="the shared PDF checker is not beside the repo")
def test_independent_checker_on_the_long_issue(long_pdf: Path, long_issue: Path,
                                               tmp_path: Path) -> None:
    expect = tmp_path / "expect.txt"
    expect.write_text("\n".join(expected_paragraphs(load_issue(long_issue))) + "\n",
                      encoding="utf-8")
    proc = subprocess.run([sys.executable, str(PDFCHECK), str(long_pdf), "--expect",
                           str(expect), "--json", "--quiet", "--examples", "1000"],
                          capture_output=True, text=True, check=True)
    report = json.loads(proc.stdout)
    assert report["completeness"]["missing"] == 0
    # Only titles are read twice: a continued article's 转版标题 repeats its title.
    titles = {article.title.plain for article in load_issue(long_issue).articles}
    repeated = [p["text"] for p in report["completeness"]["problems"] if p.get("duplicated")]
    assert all(text.rstrip("…") in {t[:24] for t in titles} for text in repeated), repeated
    assert report["bounds"]["glyphs_outside_page"] == 0
    assert report["bounds"]["glyphs_in_margin"] == 0
    assert report["overlap"]["glyph_pairs"] == 0
    assert report["kinsoku"]["violations"] == 0


def test_images_keep_aspect_jpeg_untouched_caption_under_and_soft_ones_warned(
    tmp_path: Path,
) -> None:
    from PIL import Image as PILImage

    from bulletin.build import build

    (tmp_path / "photos").mkdir()
    PILImage.new("RGB", (600, 400), (200, 220, 240)).save(tmp_path / "photos" / "big.jpg")
    PILImage.new("RGB", (120, 80), (240, 200, 200)).save(tmp_path / "photos" / "small.png")
    src = tmp_path / "issue.yaml"
    src.write_text(
        "bulletin: {name: 图片测试报}\narticles:\n  - title: 驿站建成\n    body:\n"
        "      - 畅和园社区建立垃圾分类驿站。\n"
        "      - image: photos/big.jpg\n        caption: 垃圾分类驿站\n"
        "      - image: photos/small.png\n", encoding="utf-8")
    out = tmp_path / "out.pdf"
    warnings = build(src, out)
    assert len(warnings) == 1 and "small.png" in warnings[0] and f"{src}:8:" in warnings[0]
    jpeg = (tmp_path / "photos" / "big.jpg").read_bytes()
    assert jpeg[:2000] in out.read_bytes()  # 282 ppi as placed: its own bytes, not recompressed
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        big = max(page.images, key=lambda im: im["width"])
        assert big["width"] / big["height"] == pytest.approx(1.5, rel=1e-3)
        caption = [c for c in page.chars if c["text"] in "垃圾分类驿站"
                   and c["top"] > big["bottom"]]
        assert "".join(c["text"] for c in caption[:6]) == "垃圾分类驿站"
        assert caption[0]["top"] - big["bottom"] < 20


def test_a_photo_taller_than_the_space_left_moves_on_and_stays_on_the_page(
    tmp_path: Path,
) -> None:
    from PIL import Image as PILImage

    from bulletin.build import build

    PILImage.new("RGB", (300, 2400), (200, 150, 100)).save(tmp_path / "tall.png")
    src = tmp_path / "issue.yaml"
    src.write_text(
        "bulletin: {name: 图片测试报}\narticles:\n  - title: 长图\n    body:\n"
        + "      - 社区居民积极参加垃圾分类宣传活动，效果很好。\n" * 30
        + "      - image: tall.png\n        caption: 一张很长的图\n", encoding="utf-8")
    out = tmp_path / "out.pdf"
    build(src, out)
    with pdfplumber.open(out) as pdf:
        images = [(p, im) for p in pdf.pages for im in p.images]
        assert len(images) == 1
        page, image = images[0]
        assert 0 <= image["top"] and image["bottom"] <= page.height
        assert image["width"] / image["height"] == pytest.approx(300 / 2400, rel=1e-3)
