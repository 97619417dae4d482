"""Tiling a poster onto office-printer sheets: the arithmetic, the labels, vector reuse,
and that the sheets, laid over each other, give back the poster (rendered and compared)."""

from __future__ import annotations

import colorsys
import functools
import math
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageFilter, ImageStat
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from reportlab.lib.pagesizes import A1, A3
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from bulletin.cli import main
from bulletin.errors import BulletinError
from bulletin.export.tile import TilePlan, paper_size, plan_tiles, row_name, tile_pdf
from bulletin.fontstage import bundled_face
from bulletin.style.units import MM

A4 = paper_size("A4")
SCALE = 0.5  # px per pt for the rendering comparisons (36 dpi)
POSTER_TEXT = ["社区宣传栏", "垃圾分类 从我做起", "长阳社区 2021年6月"]


def make_poster(path: Path, size: tuple[float, float] = A1, content: bool = True) -> Path:
    """A test poster drawn with ReportLab directly: coloured boxes and large Chinese text."""
    if "poster-sans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("poster-sans", str(bundled_face("sans").path)))
    c = Canvas(str(path), pagesize=size, initialFontName="poster-sans", invariant=1)
    w, h = size
    if content:
        cols, rows = 6, 8
        bw, bh = w / cols, h / rows
        for r in range(rows):
            for k in range(cols):
                c.setFillColorRGB(*colorsys.hsv_to_rgb(((r * cols + k) * 0.137) % 1, 0.5, 0.95))
                c.rect(k * bw + 6, r * bh + 6, bw - 12, bh - 12, stroke=0, fill=1)
        c.setFillColorRGB(0.1, 0.1, 0.3)
        for text, size_pt, y in zip(POSTER_TEXT, (160, 90, 90), (0.7, 0.45, 0.2), strict=True):
            c.setFont("poster-sans", size_pt)
            c.drawCentredString(w / 2, h * y, text)
    c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def poster(tmp_path_factory) -> Path:
    return make_poster(tmp_path_factory.mktemp("poster") / "poster.pdf")


@pytest.fixture(scope="module")
def tiles(poster: Path) -> Path:
    out = poster.with_name("tiles.pdf")
    assert tile_pdf(poster, out, "A4", 10 * MM) == 12
    return out


@pytest.fixture(scope="module")
def blank_tiles(tmp_path_factory) -> Path:
    """The same tiling of an empty A1 page: only the marks, to know where they are."""
    folder = tmp_path_factory.mktemp("blank")
    out = folder / "tiles.pdf"
    tile_pdf(make_poster(folder / "blank.pdf", content=False), out, "A4", 10 * MM)
    return out


def a1_plan(overlap_mm: float) -> TilePlan:
    return plan_tiles(*A1, *A4, overlap_mm * MM, 5 * MM)


# --- the arithmetic -------------------------------------------------------------------


def sheets_needed(page_mm: tuple[int, int], paper_mm: tuple[int, int], o: int, m: int) -> int:
    """Independent count in whole mm: n sheets of printable p cover n·p − (n−1)·o."""
    def n(length: int, p: int) -> int:
        return max(1, math.ceil((length - o) / (p - o)))

    (pw, ph), (sw, sh) = page_mm, paper_mm
    return min(n(pw, sw - 2 * m) * n(ph, sh - 2 * m), n(pw, sh - 2 * m) * n(ph, sw - 2 * m))


@pytest.mark.parametrize(
    ("overlap", "rows", "cols", "landscape"),
    [(0, 3, 3, False), (10, 3, 4, False), (20, 5, 3, True)],
)
def test_a1_on_a4_sheet_count(overlap: int, rows: int, cols: int, landscape: bool) -> None:
    plan = a1_plan(overlap)
    assert (plan.rows, plan.cols, plan.landscape) == (rows, cols, landscape)
    assert plan.count == rows * cols == sheets_needed((594, 841), (210, 297), overlap, 5)
    assert [plan.count for plan in map(a1_plan, (0, 10, 20))] == [9, 12, 15]


def test_a3_on_a4() -> None:
    # Two A4 sheets make an A3 only on a printer that prints to the edge.
    plan = plan_tiles(*A3, *A4, 0, 0)
    assert (plan.count, plan.rows, plan.cols, plan.landscape) == (2, 2, 1, True)
    # With the usual 5 mm unprintable edge each half needs two sheets.
    assert plan_tiles(*A3, *A4, 0, 5 * MM).count == 4 == sheets_needed((297, 420), (210, 297), 0, 5)
    assert plan_tiles(*A4, *A4, 0, 0).count == 1


@pytest.mark.parametrize("overlap", [0, 10, 20])
def test_tiles_cover_the_page_and_overlap_by_the_overlap(overlap: int) -> None:
    plan = a1_plan(overlap)
    o, p = overlap * MM, plan.printable
    assert [t.label for t in plan.tiles][: plan.cols + 1] == [
        *(f"A{c}" for c in range(1, plan.cols + 1)), "B1"]
    assert [t.index for t in plan.tiles] == list(range(1, plan.count + 1))
    first, last = plan.tiles[0].source, plan.tiles[-1].source
    assert (first.x, first.y + first.h) == (0, pytest.approx(plan.page_h))  # top left
    assert last.x + last.w >= plan.page_w - 0.05 and last.y <= 0.05  # reaches bottom right
    for t in plan.tiles:
        assert (t.source.w, t.source.h) == (pytest.approx(p.w), pytest.approx(p.h))
        if t.col:
            left = plan.tile(t.row, t.col - 1).source
            assert left.x + left.w - t.source.x == pytest.approx(o)
        if t.row:
            above = plan.tile(t.row - 1, t.col).source
            assert t.source.y + t.source.h - above.y == pytest.approx(o)


def test_row_names() -> None:
    assert [row_name(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA"]


@pytest.mark.parametrize(
    ("overlap", "message"),
    [(-1 * MM, "negative"), (100 * MM, "too large"), (150 * MM, "too large")],
)
def test_bad_overlap(overlap: float, message: str) -> None:
    with pytest.raises(BulletinError, match=message) as e:
        a1_plan(overlap / MM)
    assert e.value.hint and "100mm" in e.value.hint


# --- the tiled PDF --------------------------------------------------------------------


def test_every_sheet_is_the_paper_and_labelled(tiles: Path) -> None:
    plan = a1_plan(10)
    with pdfplumber.open(tiles) as pdf:
        assert len(pdf.pages) == 1 + 12
        for number, page in enumerate(pdf.pages):
            assert (page.width, page.height) == (pytest.approx(A4[0]), pytest.approx(A4[1]))
            small = [ch for ch in page.chars if ch["size"] < 10 and ch["bottom"] < page.height]
            lowest = max(ch["bottom"] for ch in small)  # the label is the lowest line
            line = sorted((ch for ch in small if lowest - ch["bottom"] < 1), key=lambda c: c["x0"])
            label = "".join(ch["text"] for ch in line)
            if number == 0:
                assert label == "拼贴图 · 共12张"
            else:
                tile = plan.tiles[number - 1]
                assert label == f"{tile.label} · 第{number}张/共12张"
    assert plan.tile(1, 1).label == "B2" and plan.tile(1, 1).index == 6


def test_first_sheet_is_the_assembly_map(tiles: Path) -> None:
    with pdfplumber.open(tiles) as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        assert "拼贴图：A4 纸 12 张，3 行 × 4 列" in text
        assert "重叠 10 mm" in text and "实际大小" in text
        red = page.filter(lambda o: o.get("non_stroking_color") == (0.8, 0.15, 0.1))
        words = [w["text"] for w in red.extract_words()]
        assert sorted(words) == sorted(t.label for t in a1_plan(10).tiles)
        # The small picture is the poster itself, drawn once more (vector, scaled down).
        poster_chars = "".join(ch["text"] for ch in page.chars if ch["size"] > 10)
        assert "社区宣传栏" in poster_chars


def image_xobjects(resources, seen=None) -> list:
    """Image XObjects reachable from a resource dictionary, through forms."""
    seen = set() if seen is None else seen
    found = []
    for xobject in (resources or {}).get("/XObject", {}).values():
        ref = getattr(xobject, "idnum", None)
        if ref in seen:
            continue
        seen.add(ref)
        obj = xobject.get_object()
        if obj["/Subtype"] == "/Image":
            found.append(obj)
        elif obj["/Subtype"] == "/Form":
            found += image_xobjects(obj.get("/Resources"), seen)
    return found


def test_sheets_are_vector_and_store_the_poster_once(poster: Path, tiles: Path) -> None:
    reader = PdfReader(tiles)
    forms = set()
    for page in reader.pages:
        resources = page["/Resources"]
        assert image_xobjects(resources) == []
        forms |= {x.idnum for x in resources["/XObject"].values()}
    assert len(forms) == 1  # every sheet draws the same Form XObject
    assert tiles.stat().st_size < 4 * poster.stat().st_size + 100_000


def sheet_origin(plan: TilePlan, index: int) -> tuple[float, float]:
    """Where poster point (0, 0 = top left, pdfplumber's coordinates) is on sheet ``index``."""
    t, p = plan.tiles[index], plan.printable
    poster_top = plan.page_h - (t.source.y + t.source.h)
    return p.x - t.source.x, p.y - poster_top


def test_poster_text_is_still_text_on_the_sheets(poster: Path, tiles: Path) -> None:
    plan = a1_plan(10)
    p = plan.printable
    inside = (p.x, p.y, p.x + p.w, p.y + p.h)
    with pdfplumber.open(poster) as src:
        poster_chars = [(c["text"], c["x0"], c["top"], c["x1"], c["bottom"])
                        for c in src.pages[0].chars if not c["text"].isspace()]
    found = set()
    with pdfplumber.open(tiles) as pdf:
        for i, page in enumerate(pdf.pages[1:]):
            dx, dy = sheet_origin(plan, i)
            expected = sorted(
                (t, round(x0 + dx), round(top + dy)) for t, x0, top, x1, bottom in poster_chars
                if p.x <= x0 + dx and x1 + dx < p.x + p.w
                and p.y <= top + dy and bottom + dy < p.y + p.h)
            actual = sorted(
                (c["text"], round(c["x0"]), round(c["top"]))
                for c in page.within_bbox(inside).chars
                if c["size"] > 20 and not c["text"].isspace()
                and c["x1"] < p.x + p.w and c["bottom"] < p.y + p.h)
            assert [e for e in expected if e not in actual] == []
            assert len(actual) == len(expected)  # and nothing else of the poster's text
            # A character cut by the sheet's edge is still there, in part.
            found |= {c["text"] for c in page.crop(inside).chars if c["size"] > 20}
    assert found >= set("".join(POSTER_TEXT))


# --- rendering: the sheets reproduce the poster -------------------------------------------


def render(path: Path, index: int) -> Image.Image:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[index].render(scale=SCALE).to_pil().convert("RGB")
    finally:
        pdf.close()


def px(v: float) -> int:
    return round(v * SCALE)


def marks_mask(image: Image.Image) -> Image.Image:
    """255 where the blank tiling drew nothing (widened for antialiasing), else 0."""
    ink = image.convert("L").point(lambda v: 255 if v < 250 else 0)
    return ink.filter(ImageFilter.MaxFilter(5)).point(lambda v: 0 if v else 255)


BORDER = 4  # px of white around the poster picture, so shifted crops stay inside


def poster_picture(poster: Path, plan: TilePlan) -> Image.Image:
    """The rendered poster on white as large as the whole grid of sheets, plus a border."""
    last = plan.tiles[-1].source
    size = (px(last.x + last.w) + 2 * BORDER, px(plan.page_h - last.y) + 2 * BORDER)
    canvas = Image.new("RGB", size, "white")
    canvas.paste(render(poster, 0), (BORDER, BORDER))
    return canvas


def difference(image: Image.Image, picture: Image.Image, at: tuple[int, int],
               keep: Image.Image, shift: int = 0) -> tuple[float, float]:
    """Mean difference (0–255) between ``image`` and the part of the poster ``picture``
    whose top left is poster pixel ``at``, and the share of pixels that differ by more
    than 48. A pixel matches the best of its poster neighbours within 1 px: the sheet
    and the poster are rendered at different sub-pixel offsets, and edges antialias."""
    w, h = image.size
    x, y = at[0] + BORDER + shift, at[1] + BORDER
    diffs = [ImageChops.difference(image, picture.crop((x + dx, y + dy, x + dx + w, y + dy + h)))
             .convert("L") for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    diff = functools.reduce(ImageChops.darker, diffs)
    big = diff.point(lambda v: 255 if v > 48 else 0)
    return (ImageStat.Stat(diff, mask=keep).mean[0],
            ImageStat.Stat(big, mask=keep).mean[0] / 255)


def printable_area(sheet: Image.Image, plan: TilePlan) -> Image.Image:
    p = plan.printable
    top = px(plan.sheet_h - p.y - p.h)
    return sheet.crop((px(p.x), top, px(p.x) + px(p.w), top + px(p.h)))


def source_corner(plan: TilePlan, index: int) -> tuple[int, int]:
    """Poster pixel at the top left of sheet ``index``'s region."""
    src = plan.tiles[index].source
    return px(src.x), px(plan.page_h - src.y - src.h)


@pytest.fixture(scope="module", params=["upright", "turned and cropped"])
def case(request, poster: Path, tiles: Path, blank_tiles: Path, tmp_path_factory):
    """(poster, its tiles, the tiles of a blank page of its size, plan): the test poster,
    and the same turned by /Rotate 90 with a crop box, which the sheets must follow."""
    if request.param == "upright":
        return poster, tiles, blank_tiles, a1_plan(10)
    folder = tmp_path_factory.mktemp("turned")
    turned = folder / "turned.pdf"
    writer = PdfWriter(clone_from=poster)
    writer.pages[0].rotate(90)
    writer.pages[0].cropbox = RectangleObject((40, 60, A1[0] - 30, A1[1] - 90))
    writer.write(turned)
    shown = (A1[1] - 150, A1[0] - 70)
    blank = make_poster(folder / "blank.pdf", size=shown, content=False)
    tile_pdf(turned, folder / "tiles.pdf", "A4", 10 * MM)
    tile_pdf(blank, folder / "blank-tiles.pdf", "A4", 10 * MM)
    plan = plan_tiles(*shown, *A4, 10 * MM, 5 * MM)
    return turned, folder / "tiles.pdf", folder / "blank-tiles.pdf", plan


def test_each_sheet_shows_its_region_of_the_poster(case) -> None:
    poster, tiles, blank_tiles, plan = case
    picture = poster_picture(poster, plan)
    for i, tile in enumerate(plan.tiles):
        whole, blank = render(tiles, i + 1), render(blank_tiles, i + 1)
        # Outside the printable area the poster is clipped away: only the marks are there.
        p = plan.printable
        area = (math.floor(p.x * SCALE), math.floor((plan.sheet_h - p.y - p.h) * SCALE),
                math.ceil((p.x + p.w) * SCALE), math.ceil((plan.sheet_h - p.y) * SCALE))
        for image in (whole, blank):
            image.paste("white", area)
        assert ImageChops.difference(whole, blank).getbbox() is None, tile.label
        sheet = printable_area(render(tiles, i + 1), plan)
        keep = printable_area(marks_mask(render(blank_tiles, i + 1)), plan)
        kept = ImageStat.Stat(keep).mean[0] / 255
        assert kept > 0.85, f"marks cover {1 - kept:.0%} of sheet {tile.label}"
        mean, share = difference(sheet, picture, source_corner(plan, i), keep)
        assert mean < 1 and share < 0.002, f"sheet {tile.label} differs: {mean:.2f}, {share:.2%}"
        # Off by 4 mm the comparison must fail, or it would prove nothing.
        _, off = difference(sheet, picture, source_corner(plan, i), keep, px(4 * MM))
        assert off > max(5 * share, 0.005), tile.label


def test_sheets_laid_over_each_other_give_back_the_poster(case) -> None:
    """Assemble as the map says (each sheet over its left and upper neighbours) and
    compare with the poster: only a few marks may show."""
    poster, tiles, blank_tiles, plan = case
    picture = poster_picture(poster, plan)
    assembled = Image.new("RGB", picture.size, "white")
    marks = Image.new("L", picture.size, 255)
    for i in range(plan.count):
        at = source_corner(plan, i)
        assembled.paste(printable_area(render(tiles, i + 1), plan), at)
        marks.paste(printable_area(marks_mask(render(blank_tiles, i + 1)), plan), at)
    page = (0, 0, px(plan.page_w), px(plan.page_h))
    assembled, marks = assembled.crop(page), marks.crop(page)
    visible = 1 - ImageStat.Stat(marks).mean[0] / 255
    assert visible < 0.03, f"{visible:.1%} of the assembled poster shows marks"
    mean, share = difference(assembled, picture, (0, 0), marks)
    assert mean < 1 and share < 0.002, (mean, share)


# --- command line ---------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_tile(poster: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = run("tile", str(poster), "--paper", "a4", "--overlap", "20mm", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.split("  (")[0] == str(out)
    assert len(PdfReader(out).pages) == 1 + 15


def test_cli_tile_default_output_is_next_to_the_poster(tmp_path: Path) -> None:
    poster = make_poster(tmp_path / "notice.pdf", size=A3)
    result = run("tile", str(poster), "--paper", "A4", "--overlap", "0", "--margin", "0")
    assert result.exit_code == 0, result.output
    out = tmp_path / "notice-tiles.pdf"
    assert result.output.split("  (")[0] == str(out)
    assert len(PdfReader(out).pages) == 1 + 2


def test_every_page_of_a_longer_pdf_is_tiled(tmp_path: Path) -> None:
    src = tmp_path / "two.pdf"
    c = Canvas(str(src), pagesize=A3)
    c.showPage()
    c.setPageSize(A1)
    c.showPage()
    c.save()
    assert tile_pdf(src, tmp_path / "out.pdf", "A4") == 4 + 12
    with pdfplumber.open(tmp_path / "out.pdf") as pdf:
        assert len(pdf.pages) == 1 + 4 + 1 + 12
        assert "第2页 A1 · 第1张/共12张" in pdf.pages[6].extract_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--paper", "A9"], "unknown paper 'A9'; use one of "),
        (["--overlap", "-5mm"], "is negative"),
        (["--overlap", "150mm"], "overlap 150mm is too large"),
        (["--overlap", "10"], "--overlap 10 has no unit; write it with one, e.g. 10mm"),
        (["--overlap", "wide"], "--overlap: 'wide' is not a length"),
        (["--margin", "80mm"], "margin 80mm does not fit"),
    ],
)
def test_cli_bad_options(poster: Path, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out.pdf"
    result = run("tile", str(poster), *args, "-o", str(out))
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and message in result.output, result.output
    assert "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_cli_bad_input(tmp_path: Path, poster: Path) -> None:
    out = tmp_path / "out.pdf"
    text = tmp_path / "poster.pdf"
    text.write_text("社区宣传栏", encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(poster.read_bytes()[:400])
    cases = {
        tmp_path / "missing.pdf": "error: no file",
        text: "is not a PDF",
        broken: "cannot read",
        tmp_path: "is a folder",
    }
    for source, message in cases.items():
        result = run("tile", str(source), "-o", str(out))
        assert result.exit_code == 2, (source, result.output)
        assert message in result.output and "Traceback" not in result.output
        assert not out.exists()


def test_cli_keeps_the_previous_output_and_never_overwrites_the_poster(
    poster: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF- earlier good tiles")
    assert run("tile", str(poster), "--paper", "Z1", "-o", str(out)).exit_code == 2
    assert out.read_bytes() == b"%PDF- earlier good tiles"
    before = poster.read_bytes()
    result = run("tile", str(poster), "-o", str(poster))
    assert result.exit_code == 2 and "would replace the poster" in result.output
    assert poster.read_bytes() == before


def test_build_with_tile(tmp_path: Path) -> None:
    out = tmp_path / "issue.pdf"
    result = run("build", "-o", str(out), "--tile", "A4")
    assert result.exit_code == 0, result.output
    tiles = tmp_path / "issue-tiles.pdf"
    assert [line.split("  (")[0] for line in result.output.splitlines()[-2:]] == [
        str(out), str(tiles)]
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(out).pages]
    # Each page: its map and its sheets (an A4 page needs two landscape A4 sheets).
    expected = sum(1 + plan_tiles(*size, *A4).count for size in sizes)
    assert len(PdfReader(tiles).pages) == expected
    assert plan_tiles(*paper_size("A4"), *A4).count == 2


def test_build_with_unknown_tile_paper_builds_nothing(tmp_path: Path) -> None:
    out = tmp_path / "issue.pdf"
    result = run("build", "-o", str(out), "--tile", "A9")
    assert result.exit_code == 2 and "unknown paper 'A9'" in result.output
    assert list(tmp_path.iterdir()) == []
