"""The WeChat long image (--long): the issue on the phone layout as one long page, 1080 px
wide, drawn without system tools, and its slices cut only where the picture is blank."""

from __future__ import annotations

import io
import json
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw
from reportlab.pdfgen.canvas import Canvas

from bulletin.build import example_content
from bulletin.cli import main
from bulletin.content import expected_paragraphs, load_issue
from bulletin.errors import BulletinError
from bulletin.export import PNG_MAGIC
from bulletin.export.long import (
    FREE,
    KEPT,
    LONG_WIDTH,
    SLICE_HEIGHT,
    SOLID,
    _remove_stale_slices,
    build_long,
    render_long,
    slices,
)
from bulletin.flow.model import Document, Page, Picture, Rule, TextLine, trim_document
from bulletin.i18n import Text
from bulletin.style.layout import AUTO_HEIGHT, find_layout, load_layout

ROOT = Path(__file__).resolve().parent.parent
PDFCHECK = ROOT.parent / "shared" / "tools" / "pdfcheck.py"
MIN_BODY_PX = 30  # the issue: body characters at least 30 px high at 1080 px


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict:
    """The example's long image and slices, made with no program on the PATH (a pip-only
    install has no pdftoppm), and the phone PDF it was drawn from."""
    folder = tmp_path_factory.mktemp("long")
    empty = folder / "empty-path"
    empty.mkdir()
    notes: list[Text] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BULLETIN_CACHE_DIR", str(folder / "cache"))
        mp.setenv("PATH", str(empty))
        assert shutil.which("pdftoppm") is None
        written = build_long(example_content(), folder / "changyang-long.png", SLICE_HEIGHT,
                             keep_pdf=folder / "phone.pdf", warn=notes.append)
    return {"written": written, "pdf": folder / "phone.pdf", "notes": notes,
            "folder": folder}


def white(picture: Image.Image, row: int) -> bool:
    """Is pixel row ``row`` of ``picture`` white all across?"""
    return ImageChops.invert(picture.crop((0, row, picture.width, row + 1)).convert("RGB")
                             ).getbbox() is None


def photo_rows(pdf: Path, scale: float) -> list[tuple[float, float]]:
    """Pixel rows (top, bottom) of each picture in the one-page ``pdf``, read by PDFium."""
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    height = page.get_height()
    rows = [((height - top) * scale, (height - bottom) * scale) for _, bottom, _, top in
            (obj.get_bounds() for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)))]
    document.close()
    return rows


def check_slices(long_png: Path, parts: list[Path], limit: int, pdf: Path) -> None:
    """The slices are the long image cut in order, each cut through white rows only and
    never through a photo; each within ``limit`` unless it holds a photo taller."""
    with Image.open(long_png) as whole:
        whole.load()
    photos = photo_rows(pdf, whole.width / 360)
    top = 0
    for part in parts:
        assert part.read_bytes().startswith(PNG_MAGIC)
        with Image.open(part) as picture:
            assert picture.width == LONG_WIDTH
            tall_photo = any(a >= top - 1 and b <= top + picture.height + 1 and b - a > limit
                             for a, b in photos)
            assert picture.height <= limit or tall_photo, (part.name, picture.height)
            assert white(picture, 0) and white(picture, picture.height - 1), part.name
            same = ImageChops.difference(picture.convert("RGB"), whole.crop(
                (0, top, whole.width, top + picture.height)).convert("RGB")).getbbox()
            assert same is None, f"{part.name} is not the long image from row {top}"
            top += picture.height
        for a, b in photos:
            assert not a + 1 < top < b - 1, f"cut at {top} goes through a photo ({a}-{b})"
    assert all(white(whole, row) for row in range(top, whole.height))  # only margin left


def test_the_phone_layout_is_one_long_column_for_a_phone() -> None:
    layout = load_layout(find_layout("phone"))
    assert layout.auto_height and layout.page_height == AUTO_HEIGHT
    assert layout.columns == 1 and layout.page_width == 360
    assert layout.body.size * LONG_WIDTH / layout.page_width >= MIN_BODY_PX
    furniture = layout.furniture
    assert furniture.colophon and not furniture.running_head and furniture.folio == "none"
    assert not furniture.jump_lines


def test_the_long_image_is_1080_wide_one_page_not_print_pages(example: dict) -> None:
    long_png = example["written"][0]
    assert long_png.name == "changyang-long.png"
    assert long_png.read_bytes().startswith(PNG_MAGIC)
    document = pdfium.PdfDocument(str(example["pdf"]))
    assert len(document) == 1
    width, height = document[0].get_size()
    document.close()
    assert width == 360 and height < AUTO_HEIGHT / 2  # trimmed to its content
    with Image.open(long_png) as picture:
        assert picture.width == LONG_WIDTH
        assert abs(picture.height - height * LONG_WIDTH / width) <= 1
        assert white(picture, picture.height - 1)  # the bottom margin is kept


def test_body_characters_are_at_least_30_px_high_in_the_render(example: dict) -> None:
    with Image.open(example["written"][0]) as picture:
        ink = ImageChops.invert(picture.convert("L"))
        with pdfplumber.open(example["pdf"]) as pdf:
            page = pdf.pages[0]
            scale = picture.width / float(page.width)
            body = statistics.mode(round(ch["size"], 2) for ch in page.chars)
            heights = {}
            for ch in page.chars:
                if round(ch["size"], 2) != body or not "\u4e00" <= ch["text"] <= "\u9fff":
                    continue
                cell = ink.crop((int(ch["x0"] * scale), int(ch["top"] * scale) - 4,
                                 int(ch["x1"] * scale) + 1, int(ch["bottom"] * scale) + 4))
                box = cell.point(lambda v: 255 if v > 40 else 0).getbbox()
                heights.setdefault(ch["text"], []).append(box[3] - box[1] if box else 0)
    assert body * scale >= MIN_BODY_PX  # the type size, 39 px
    assert statistics.median(h for hs in heights.values() for h in hs) >= MIN_BODY_PX
    assert min(heights["国"]) >= MIN_BODY_PX  # a full-height character's ink


def test_every_character_of_the_content_is_in_the_phone_pdf(example: dict) -> None:
    expected = expected_paragraphs(load_issue(example_content()))
    with pdfplumber.open(example["pdf"]) as pdf:
        text = "".join(ch["text"] for ch in pdf.pages[0].chars if not ch["text"].isspace())
    masthead = load_issue(example_content()).masthead
    for paragraph in [*expected, masthead.name, masthead.tagline or ""]:
        assert re.sub(r"\s+", "", paragraph) in text
    assert "编印：长阳镇社区建设办公室" in text  # the 报尾


@pytest.mark.skipif(not PDFCHECK.exists(), reason="the shared PDF checker is not beside the repo")
def test_independent_checker_on_the_phone_pdf(example: dict) -> None:
    expect = example["folder"] / "paragraphs.txt"
    expect.write_text("\n".join(expected_paragraphs(load_issue(example_content()))) + "\n",
                      encoding="utf-8")
    done = subprocess.run([sys.executable, str(PDFCHECK), str(example["pdf"]), "--expect",
                           str(expect), "--json"], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    assert report["completeness"]["missing"] == 0
    assert report["completeness"]["missing_chars"] <= 4  # 党史学习 reads out of order
    assert report["kinsoku"]["violations"] == 0
    assert report["bounds"]["glyphs_outside_page"] == 0
    assert report["bounds"]["glyphs_in_margin"] == 0
    assert report["overlap"]["glyph_pairs"] == 0


def test_slices_are_cut_between_lines_and_within_the_limit(example: dict) -> None:
    long_png, *parts = example["written"]
    assert [p.name for p in parts] == [f"changyang-long-{k:02d}.png"
                                       for k in range(1, len(parts) + 1)]
    assert len(parts) >= 5
    check_slices(long_png, parts, SLICE_HEIGHT, example["pdf"])
    assert not [n for n in example["notes"] if "px tall" in str(n)]  # no photo, no slice over


def test_the_colophon_follows_the_last_article(example: dict) -> None:
    with pdfplumber.open(example["pdf"]) as pdf:
        page = pdf.pages[0]
        colophon = [ch for ch in page.chars if ch["text"] == "编"][-1]
        source = [ch for ch in page.chars if ch["text"] == "台"][-1]  # …学习平台
        bottom = max(ch["bottom"] for ch in page.chars)
        last = "".join(ch["text"] for ch in page.chars if ch["bottom"] > bottom - 1)
        assert last.startswith("编印：") and last.endswith("印发")  # the 报尾, on one line
        assert colophon["top"] - source["bottom"] < 4 * 13 * 1.75  # a few lines, not a gap
        assert float(page.height) - bottom < 40 + 2 * 13 * 1.75  # the margin kept


def photo(path: Path, size: tuple[int, int], white_band: bool = False) -> None:
    """A photo with detail in every row, or with rows of pure white across its middle
    (an overexposed sky): a cut must not go there even though those rows are blank."""
    picture = Image.linear_gradient("L").resize(size).convert("RGB")
    if white_band:
        w, h = size
        ImageDraw.Draw(picture).rectangle((0, h // 2 - h // 8, w, h // 2 + h // 8),
                                          fill="white")
    picture.save(path, "PNG")


PHOTO_ISSUE = """\
bulletin: {name: 欢欣社区通讯, issue: 3, date: 2024-05-20, publisher: 欢欣社区居委会}
articles:
  - title: 分类驿站开门迎居民
    byline: 文/通讯员 李明
    body:
      - 驿站开放第一天，就有两百多户居民前来投放。
      - 家住五号楼的王阿姨说：“以前总分不清哪个是哪个，现在有志愿者在旁边讲，一次就记住了。”
      - image: wide.png
        caption: 居民在分类驿站投放厨余垃圾
      - heading: 积分兑换 调动居民积极性
      - 社区为每户居民发放了积分卡，正确投放一次可得一分。
      - 积分可在社区服务站兑换洗衣液、抽纸等日用品。
      - image: tall.png
        caption: 楼顶小花园的傍晚
      - 社区居委会主任张华表示，下一步将在小区西门再建一座驿站。
      - 让每位居民步行五分钟以内就能找到投放点。
"""


@pytest.fixture
def photo_issue(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    photo(tmp_path / "wide.png", (1200, 800))
    photo(tmp_path / "tall.png", (900, 1200), white_band=True)
    (tmp_path / "issue.yaml").write_text(PHOTO_ISSUE, encoding="utf-8")
    return tmp_path / "issue.yaml"


@pytest.mark.parametrize("limit", [1440, 900, 700])
def test_slices_never_cut_a_photo_even_where_its_rows_are_white(
    photo_issue: Path, limit: int,
) -> None:
    out = photo_issue.with_name("issue-long.png")
    notes: list[Text] = []
    long_png, *parts = build_long(photo_issue, out, limit, keep_pdf=out.with_suffix(".pdf"),
                                  warn=notes.append)
    check_slices(long_png, parts, limit, out.with_suffix(".pdf"))
    tall = [p for p in parts if Image.open(p).height > limit]
    # The tall photo is 1196 px high: at 700 its slice is taller than asked, and said so.
    assert bool(tall) == (limit < 1196)
    assert [str(n).split(" ")[0] for n in notes if "px tall" in str(n)] == [p.name for p in tall]


def test_a_heading_stays_with_its_text_across_a_cut() -> None:
    """Blank rows between a heading and its first line are no place for a cut."""
    layout = load_layout(find_layout("phone"))
    from bulletin.export.long import held_together
    from bulletin.typeset import Line

    line = Line((), 100.0, 100.0, 13.0)
    heading = TextLine(28, 500, line, role="heading")
    first = TextLine(28, 470, line, role="body", para=(0, 1, 0, 5))
    second = TextLine(28, 447, line, role="body", para=(0, 1, 1, 5))
    middle = TextLine(28, 424, line, role="body", para=(0, 1, 2, 5))
    bands = held_together(Page(layout.page_width, 600, [heading, first, second, middle]))
    covered = [(b, t) for t, b, _ in bands]
    assert any(b < 470 and t > 500 for b, t in covered)  # the heading with its first line
    assert any(b < 447 and t > 470 for b, t in covered)  # no first line alone
    assert not any(b < 440 < t for b, t in covered)  # between lines 2 and 3 a cut may go
    colophon = TextLine(28, 100, line, role="colophon")
    rules = [Rule(28, 120, 330, 120), Rule(28, 80, 330, 80)]
    bands = held_together(Page(layout.page_width, 600, [middle, rules[0], colophon, rules[1]]))
    for y in range(80, 125):  # the 报尾 whole, with its rules
        assert any(b <= y <= t for t, b, _ in bands), y


def test_a_layout_that_is_not_of_height_auto_makes_no_long_image(
    tmp_path: Path, monkeypatch,
) -> None:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(BulletinError, match="set height"):
        build_long(example_content(), tmp_path / "x-long.png", layout="newsletter-a4")
    assert not list(tmp_path.glob("*.png"))


def test_build_with_layout_phone_writes_one_tall_page(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "phone.pdf"
    result = CliRunner().invoke(main, ["build", "-o", str(out), "--layout", "phone"])
    assert result.exit_code == 0, result.output
    document = pdfium.PdfDocument(str(out))
    sizes = [page.get_size() for page in document]
    document.close()
    assert len(sizes) == 1 and sizes[0][0] == 360 and 1000 < sizes[0][1] < AUTO_HEIGHT


@pytest.mark.parametrize("yaml, message", [
    ("page: {size: [360pt, auto]}\nstyles: {body: {size: 13pt}}\n", "no foot for a folio"),
    ("page: {size: [360pt, auto], orientation: landscape}\nstyles: {body: {size: 13pt}}\n",
     "portrait"),
    ("page: {size: [360pt, auto]}\nfurniture: {folio: none}\nfit: {min: 10pt, max: 20pt}\n"
     "styles: {body: {size: 13pt}}\n", "set size"),
])
def test_height_auto_refuses_what_needs_a_page_foot_or_size(
    tmp_path: Path, yaml: str, message: str,
) -> None:
    path = tmp_path / "my.yaml"
    path.write_text(yaml, encoding="utf-8")
    with pytest.raises(BulletinError, match=message) as caught:
        load_layout(path)
    assert caught.value.line == 1 and caught.value.col is not None


def test_trimming_moves_every_item_and_the_outline_down_by_the_cut() -> None:
    from bulletin.typeset import Line

    line = Line((), 100.0, 100.0, 10.0)
    page = Page(360, 1000, [TextLine(20, 900, line), Rule(20, 880, 340, 880, 1.0),
                            Picture(Path("p.png"), 20, 700, 320, 100)])
    trimmed = trim_document(Document([page], outline=[("t", 0, 910.0)]), 40)
    cut = 700 - 40
    (new,) = trimmed.pages
    assert new.height == 1000 - cut
    assert [getattr(i, "y", None) or i.y0 for i in new.items] == [900 - cut, 880 - cut, 40]
    assert trimmed.outline == [("t", 0, 910.0 - cut)]


@given(st.lists(st.tuples(st.integers(1, 120), st.integers(2, 40)), min_size=1, max_size=60),
       st.integers(132, 400))  # the top margin (10), the tallest ink (120) and a blank row
def test_cuts_fall_in_blank_rows_and_keep_to_the_limit(
    blocks: list[tuple[int, int]], limit: int,
) -> None:
    """Ink runs no taller than the limit, gaps of 2 rows or more: every slice is within
    the limit, its edge rows are blank, and together they cover all the ink."""
    blank = [True] * 10
    for ink, gap in blocks:
        blank += [False] * ink + [True] * gap
    parts = slices([FREE if row else SOLID for row in blank], limit)
    assert parts[0][0] == 0
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))
    last_ink = max(k for k, row in enumerate(blank) if not row)
    assert parts[-1][1] > last_ink
    for top, bottom in parts:
        assert 0 < bottom - top <= limit
        assert blank[top] and blank[bottom - 1]


def test_a_block_taller_than_the_limit_makes_a_taller_slice_not_a_cut_through_it() -> None:
    hold = [FREE] * 20 + [SOLID] * 50 + [FREE] * 10 + [SOLID] * 300 + [FREE] * 20
    assert slices(hold, 100) == [(0, 75), (75, 400)]


def test_a_cut_parts_what_keeps_together_only_when_nothing_else_is_in_reach() -> None:
    line, gap = [SOLID] * 30, [FREE] * 20
    kept = [KEPT] * 20  # between a heading and its first line, say
    hold = gap + line + gap + line + kept + line + gap + line + gap
    assert slices(hold, 150)[0] == (0, 60)  # in the free gap, not the kept one lower down
    assert slices(hold, 180)[0] == (0, 160)  # the lowest free gap in reach, its middle
    block = [SOLID] * 100 + kept + [SOLID] * 100  # a heading block over the limit
    assert slices(gap + block + gap, 150)[0] == (0, 130)  # parted rather than over


def test_a_second_long_page_goes_on_with_the_usual_space_between_lines(tmp_path) -> None:
    """An issue over 5 m is two long pages; drawn one under the other, the seam shows the
    same white between two lines as anywhere else."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(360, 400))
    for _ in range(2):
        for k in range(12):  # "lines": bars 10pt high on a 25pt pitch, margins 40pt
            canvas.rect(30, 400 - 40 - 10 - 25 * k, 300, 10, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    picture, hold = render_long(buffer.getvalue())
    assert picture.width == LONG_WIDTH and len(hold) == picture.height
    ink = [k for k, row in enumerate(hold) if row == SOLID]
    runs = [b - a - 1 for a, b in zip(ink, ink[1:], strict=False) if b - a > 1]
    assert len(runs) == 23 and max(runs) - min(runs) <= 1  # 2 × 12 bars, even gaps


def test_slices_left_from_a_longer_cut_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "x-long.png"
    for k in (1, 2, 3, 4):
        (tmp_path / f"x-long-{k:02d}.png").write_bytes(PNG_MAGIC + b"old")
    (tmp_path / "x-long-05.png").write_bytes(b"not ours")
    _remove_stale_slices(out, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "x-long-01.png", "x-long-02.png", "x-long-05.png"]
