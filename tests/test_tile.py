"""Tiling a poster onto office-printer sheets: the arithmetic, the labels, vector reuse,
leaving out the sheets that would print nothing, and that the sheets, laid over each
other, give back the poster (rendered and compared)."""

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
from bulletin.export import tile as tile_module
from bulletin.export.tile import Rect, TilePlan, paper_size, plan_tiles, row_name, tile_pdf
from bulletin.fontstage import bundled_face
from bulletin.style.units import MM

A4 = paper_size("A4")
SCALE = 0.5  # px per pt for the rendering comparisons (36 dpi)
POSTER_TEXT = ["社区宣传栏", "垃圾分类 从我做起", "长阳社区 2021年6月"]


def poster_canvas(path: Path, size: tuple[float, float]) -> Canvas:
    if "poster-sans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("poster-sans", str(bundled_face("sans").path)))
    return Canvas(str(path), pagesize=size, initialFontName="poster-sans", invariant=1)


def draw_poster(c: Canvas, w: float, h: float) -> None:
    """Coloured boxes over the whole page and large Chinese text: ink on every sheet."""
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


def make_poster(path: Path, size: tuple[float, float] = A1, content: bool = True) -> Path:
    """A test poster drawn with ReportLab directly: coloured boxes and large Chinese text."""
    c = poster_canvas(path, size)
    if content:
        draw_poster(c, *size)
    c.showPage()
    c.save()
    return path


SPARSE_EMPTY = {"B2", "B4", "C3", "C4"}  # of the 3 × 4 sheets of A1 on A4 at 10 mm overlap


def overlaps(a: Rect, b: Rect) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def make_sparse_poster(path: Path) -> Path:
    """An A1 poster whose content leaves the regions of four whole sheets empty (one in
    the middle, three at the edges): 40 mm cells, some with a character, none within
    1 mm of those regions, over a white background rectangle the size of the page (a
    content bounding box would count it; no ink is printed for it)."""
    c = poster_canvas(path, A1)
    w, h = A1
    c.setFillColorRGB(1, 1, 1)
    c.rect(0, 0, w, h, stroke=0, fill=1)
    empty = [t.source for t in a1_plan(10).tiles if t.label in SPARSE_EMPTY]
    cell, chars = 40 * MM, "社区宣传栏垃圾分类从我做起长阳"
    for r in range(math.ceil(h / cell)):
        for k in range(math.ceil(w / cell)):
            box = Rect(k * cell, h - (r + 1) * cell, cell, cell)
            near = Rect(box.x - 1 * MM, box.y - 1 * MM, box.w + 2 * MM, box.h + 2 * MM)
            if any(overlaps(near, e) for e in empty):
                continue
            c.setFillColorRGB(*colorsys.hsv_to_rgb(((r * 15 + k) * 0.137) % 1, 0.45, 0.95))
            c.rect(box.x + 3, box.y + 3, box.w - 6, box.h - 6, stroke=0, fill=1)
            if (r + k) % 3 == 0:
                c.setFillColorRGB(0.1, 0.1, 0.3)
                c.setFont("poster-sans", 60)
                c.drawCentredString(box.x + box.w / 2, box.y + box.h / 2 - 21, chars[r % 15])
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


def tile_seeing_empty(src: Path, out: Path) -> frozenset[tuple[int, int]]:
    """Tile ``src`` on A4 at 10 mm overlap; the (row, col) positions it found empty."""
    found = []
    real = tile_module.empty_positions

    def spy(mask: Image.Image, plan: TilePlan) -> frozenset[tuple[int, int]]:
        found.append(real(mask, plan))
        return found[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tile_module, "empty_positions", spy)
        tile_pdf(src, out, "A4", 10 * MM)
    assert len(found) == 1
    return found[0]


def tile_marks_only(folder: Path, size: tuple[float, float],
                    empty: frozenset[tuple[int, int]]) -> Path:
    """The same tiling of an empty page of ``size``, leaving out the same positions as
    the poster's (an empty page by itself would need no sheet): only the marks, to know
    where they are."""
    out = folder / "blank-tiles.pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tile_module, "empty_positions", lambda mask, plan: empty)
        tile_pdf(make_poster(folder / "blank.pdf", size=size, content=False), out, "A4", 10 * MM)
    return out


@pytest.fixture(scope="module")
def blank_tiles(tmp_path_factory) -> Path:
    """The tiling of an empty A1 page with every sheet kept: the marks of ``tiles``."""
    return tile_marks_only(tmp_path_factory.mktemp("blank"), A1, frozenset())


@pytest.fixture(scope="module")
def sparse(tmp_path_factory) -> tuple[Path, Path, frozenset[tuple[int, int]]]:
    """The sparse poster, its tiles and the positions found empty."""
    folder = tmp_path_factory.mktemp("sparse")
    poster = make_sparse_poster(folder / "sparse.pdf")
    out = folder / "tiles.pdf"
    return poster, out, tile_seeing_empty(poster, out)


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
    assert e.value.hint and "100mm" in str(e.value.hint)


# --- the tiled PDF --------------------------------------------------------------------


def sheet_label(page) -> str:
    """The label of a sheet or map: the lowest line of small type."""
    small = [ch for ch in page.chars if ch["size"] < 10 and ch["bottom"] < page.height]
    lowest = max(ch["bottom"] for ch in small)
    line = sorted((ch for ch in small if lowest - ch["bottom"] < 1), key=lambda c: c["x0"])
    return "".join(ch["text"] for ch in line)


def test_every_sheet_is_the_paper_and_labelled(tiles: Path) -> None:
    plan = a1_plan(10)
    with pdfplumber.open(tiles) as pdf:
        assert len(pdf.pages) == 1 + 12
        for number, page in enumerate(pdf.pages):
            assert (page.width, page.height) == (pytest.approx(A4[0]), pytest.approx(A4[1]))
            label = sheet_label(page)
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


# --- sheets that would print nothing ---------------------------------------------------


def test_the_sparse_posters_empty_sheets_are_left_out(sparse) -> None:
    poster, tiles, empty = sparse
    plan = a1_plan(10).without(empty)
    assert {t.label for t in plan.skipped} == SPARSE_EMPTY
    assert plan.count == 8 == tile_pdf(poster, poster.with_name("again.pdf"), "A4", 10 * MM)
    with pdfplumber.open(tiles) as pdf:
        assert len(pdf.pages) == 1 + 8
        # The grid labels stay (the sheets still assemble); the numbers count what is printed.
        assert [sheet_label(page) for page in pdf.pages] == [
            "拼贴图 · 共8张", "A1 · 第1张/共8张", "A2 · 第2张/共8张", "A3 · 第3张/共8张",
            "A4 · 第4张/共8张", "B1 · 第5张/共8张", "B3 · 第6张/共8张", "C1 · 第7张/共8张",
            "C2 · 第8张/共8张"]
        page = pdf.pages[0]
        text = page.extract_text()
        assert "拼贴图：A4 纸 8 张，3 行 × 4 列；B2、B4、C3、C4 空白，不需打印" in text
        assert "打印这 8 张" in text and "画斜线的位置是空白" in text
        red = page.filter(lambda o: o.get("non_stroking_color") == (0.8, 0.15, 0.1))
        assert sorted(w["text"] for w in red.extract_words()) == sorted(
            t.label for t in plan.sheets)
        grey = page.filter(lambda o: o.get("non_stroking_color") == (0.55,))
        words = [w["text"] for w in grey.extract_words()]
        assert sorted(w for w in words if w != "不需打印") == sorted(SPARSE_EMPTY)
        assert words.count("不需打印") == 4


def test_the_map_shades_the_positions_not_printed(sparse) -> None:
    """Rendered: the middle of an empty position on the map is grey, of a printed one not."""
    _, tiles, empty = sparse
    plan = a1_plan(10).without(empty)
    s, tx, ty = tile_module._map_frame(plan, tile_module._MAP_TOP, tile_module._map_bottom(plan))
    image = render(tiles, 0).convert("L")

    def shade(t) -> float:
        """Mean grey of a patch between the label and the frame of ``t`` on the map."""
        r = t.source
        cx, cy = tx + (r.x + r.w / 2) * s, ty + (r.y + r.h * 0.8) * s
        box = (px(cx - 10), px(plan.sheet_h - cy - 6), px(cx + 10), px(plan.sheet_h - cy + 6))
        return ImageStat.Stat(image.crop(box)).mean[0]

    assert all(shade(t) < 240 for t in plan.skipped)  # the poster is white there


def test_glue_strips_only_towards_printed_neighbours(sparse, tmp_path: Path) -> None:
    """B1's right neighbour and A2's lower one are not printed: no glue strip for them
    (nothing would cover it). Seen on the marks alone, the same tiling of a blank page."""
    _, _, empty = sparse
    plan = a1_plan(10).without(empty)
    marks = tile_marks_only(tmp_path, A1, empty)
    p, o = plan.printable, plan.overlap
    number = {t.label: t.index for t in plan.sheets}

    def hatched(label: str, strip: Rect) -> bool:
        """Grey in the middle of ``strip`` (away from corner marks, label and lines)."""
        image = render(marks, number[label]).convert("L")
        box = (px(strip.x + 2), px(plan.sheet_h - strip.y - strip.h + 2),
               px(strip.x + strip.w - 2), px(plan.sheet_h - strip.y - 2))
        return image.crop(box).getextrema()[0] < 200

    right = Rect(p.x + p.w - o + 2, p.y + 12 * MM, o - 4, p.h - 24 * MM)
    bottom = Rect(p.x + 60 * MM, p.y + 2, p.w - 72 * MM, o - 4)
    assert hatched("A1", right) and hatched("A1", bottom)
    assert not hatched("B1", right) and hatched("A2", right)
    assert not hatched("A2", bottom) and not hatched("B3", right)
    assert not hatched("C2", right) and not hatched("C2", bottom)


def ink_test_poster(path: Path, draw) -> Path:
    """An A3 page: ``draw(c)`` in its upper half, then a black box in its lower half;
    A4 sheets at no margin and no overlap split it in two."""
    c = poster_canvas(path, A3)
    draw(c)
    c.setFillGray(0)
    c.rect(30 * MM, 20 * MM, 200 * MM, 150 * MM, stroke=0, fill=1)
    c.showPage()
    c.save()
    return path


def _white_background(c: Canvas) -> None:
    c.setFillGray(1)
    c.rect(0, 0, *A3, stroke=0, fill=1)


def _near_white(c: Canvas) -> None:
    c.setFillGray(0.995)
    c.rect(20 * MM, 230 * MM, 250 * MM, 170 * MM, stroke=0, fill=1)


def _pale_yellow(c: Canvas) -> None:
    c.setFillColorRGB(1, 1, 0.85)
    c.rect(20 * MM, 230 * MM, 250 * MM, 170 * MM, stroke=0, fill=1)


def _hairline(c: Canvas) -> None:
    c.setStrokeGray(0.5)
    c.setLineWidth(0.25)
    c.line(20 * MM, 300 * MM, 250 * MM, 300 * MM)


def _dot(c: Canvas) -> None:
    c.setFillGray(0)
    c.circle(150 * MM, 320 * MM, 0.5, stroke=0, fill=1)


def _clipped_away(c: Canvas) -> None:
    c.saveState()
    path = c.beginPath()
    path.rect(0, 0, 297 * MM, 200 * MM)
    c.clipPath(path, stroke=0, fill=0)
    c.rect(20 * MM, 230 * MM, 250 * MM, 170 * MM, stroke=0, fill=1)
    c.restoreState()


@pytest.mark.parametrize(
    ("draw", "sheets"),
    [(lambda c: None, 1), (_white_background, 1), (_near_white, 1), (_clipped_away, 1),
     (_pale_yellow, 2), (_hairline, 2), (_dot, 2)],
    ids=["nothing", "white background", "0.5% grey", "clipped away", "pale yellow",
         "0.25pt hairline", "1pt dot"],
)
def test_what_counts_as_ink(tmp_path: Path, draw, sheets: int) -> None:
    """What is printed counts, however small or pale; what is not (white, clipped away,
    a tint no printer lays down) does not, wherever the content's boxes reach."""
    poster = ink_test_poster(tmp_path / "poster.pdf", draw)
    assert plan_tiles(*A3, *A4, 0, 0).count == 2
    assert tile_pdf(poster, tmp_path / "out.pdf", "A4", 0, 0) == sheets


@pytest.mark.parametrize(("top", "skipped"), [(202, "C1"), (402, "B1")])
def test_ink_under_a_glue_strip_is_printed_by_the_sheet_on_top(
    tmp_path: Path, top: float, skipped: str
) -> None:
    """A3 on three landscape A4 sheets at no margin, 10 mm overlap: A1 is 0–210 mm from
    the top, B1 200–410, C1 400–610, and A1 has ink of its own. Ink 202–208 mm down is
    in A1's glue strip, under B1, which goes over A1 and prints it (C1 has nothing);
    402–408 mm down it is under C1, which prints it, and B1, whose only ink is in its
    glue strip, is left out."""
    def band(c: Canvas) -> None:
        c.setFillGray(0)
        c.rect(20 * MM, A3[1] - (top + 6) * MM, 250 * MM, 6 * MM, stroke=0, fill=1)
        c.rect(20 * MM, A3[1] - 150 * MM, 250 * MM, 100 * MM, stroke=0, fill=1)  # in A

    poster = poster_canvas(tmp_path / "poster.pdf", A3)
    band(poster)
    poster.showPage()
    poster.save()
    plan = plan_tiles(*A3, *A4, 10 * MM, 0)
    assert (plan.rows, plan.cols) == (3, 1)
    assert tile_pdf(tmp_path / "poster.pdf", tmp_path / "out.pdf", "A4", 10 * MM, 0) == 2
    with pdfplumber.open(tmp_path / "out.pdf") as pdf:
        assert f"；{skipped} 空白，不需打印" in pdf.pages[0].extract_text()


def test_a_blank_page_needs_no_sheet(tmp_path: Path) -> None:
    poster = make_poster(tmp_path / "blank.pdf", size=A3, content=False)
    assert tile_pdf(poster, tmp_path / "out.pdf", "A4") == 0
    with pdfplumber.open(tmp_path / "out.pdf") as pdf:
        assert len(pdf.pages) == 1  # the map, saying why there is nothing else
        text = pdf.pages[0].extract_text()
        assert "拼贴图：A4 纸 0 张，2 行 × 2 列；此页空白，不需打印" in text
        assert "实际大小" not in text


def test_a_pdf_pdfium_cannot_render_keeps_every_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Better a blank sheet too many than part of the poster lost."""
    def broken(*args, **kwargs):
        raise tile_module.pdfium.PdfiumError("cannot render")

    monkeypatch.setattr(tile_module, "_ink_mask", broken)
    assert tile_pdf(make_poster(tmp_path / "blank.pdf", content=False),
                    tmp_path / "out.pdf", "A4") == 12


def test_the_examples_poster_on_a4(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11: article 2 of the example as an A1 poster printed two A4 sheets of
    nothing but paper (its right margin); they are left out."""
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    poster, out = tmp_path / "a1.pdf", tmp_path / "a1-tiles.pdf"
    result = run("build", "--layout", "poster-a1", "--article", "2", "-o", str(poster))
    assert result.exit_code == 0, result.output
    result = run("tile", str(poster), "--paper", "A4", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith(f"{out}  (11 pages, ")  # the map and 10 sheets
    with pdfplumber.open(out) as pdf:
        assert "3 行 × 4 列；B4、C4 空白，不需打印" in pdf.pages[0].extract_text()
        assert sheet_label(pdf.pages[-1]) == "C3 · 第10张/共10张"


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
    t, p = plan.sheets[index], plan.printable
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
    """The rendered poster on white as large as the whole grid of sheets, plus a border.
    (The last grid position, printed or not, is the bottom right corner of the grid.)"""
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
    """Poster pixel at the top left of (printed) sheet ``index``'s region."""
    src = plan.sheets[index].source
    return px(src.x), px(plan.page_h - src.y - src.h)


@pytest.fixture(scope="module", params=["upright", "turned and cropped", "sparse",
                                        "sparse, turned and cropped"])
def case(request, poster: Path, tiles: Path, blank_tiles: Path, sparse, tmp_path_factory):
    """(poster, its tiles, the tiles of a blank page of its size, plan): the test poster,
    the same turned by /Rotate 90 with a crop box, which the sheets must follow, and
    the same two of the sparse poster, whose empty sheets are left out. The blank
    tiling leaves out the same positions as the poster's, so its marks are the same;
    the tests below check that what was left out was right to leave out."""
    if request.param == "upright":
        return poster, tiles, blank_tiles, a1_plan(10)
    if request.param == "sparse":
        sparse_poster, sparse_tiles, empty = sparse
        folder = tmp_path_factory.mktemp("sparse-blank")
        return (sparse_poster, sparse_tiles, tile_marks_only(folder, A1, empty),
                a1_plan(10).without(empty))
    folder = tmp_path_factory.mktemp("turned")
    turned = folder / "turned.pdf"
    writer = PdfWriter(clone_from=sparse[0] if request.param.startswith("sparse") else poster)
    writer.pages[0].rotate(90)
    writer.pages[0].cropbox = RectangleObject((40, 60, A1[0] - 30, A1[1] - 90))
    writer.write(turned)
    shown = (A1[1] - 150, A1[0] - 70)
    empty = tile_seeing_empty(turned, folder / "tiles.pdf")
    plan = plan_tiles(*shown, *A4, 10 * MM, 5 * MM).without(empty)
    return turned, folder / "tiles.pdf", tile_marks_only(folder, shown, empty), plan


def test_each_sheet_shows_its_region_of_the_poster(case) -> None:
    poster, tiles, blank_tiles, plan = case
    picture = poster_picture(poster, plan)
    assert len(PdfReader(tiles).pages) == 1 + plan.count
    for i, tile in enumerate(plan.sheets):
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
        # Every printed sheet prints some of the poster, not just its marks.
        marks_only = printable_area(render(blank_tiles, i + 1), plan)
        ink = ImageChops.difference(sheet, marks_only).convert("L").point(
            lambda v: 255 if v > 48 else 0)
        assert ImageStat.Stat(ink).mean[0] / 255 > 0.001, f"sheet {tile.label} has no ink"
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


def test_cli_tile_counts_only_the_printed_sheets(sparse, tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = run("tile", str(sparse[0]), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{out}  (9 pages, ")  # the map and 8 of 12 sheets
    assert len(PdfReader(out).pages) == 9


def test_cli_tile_default_output_is_next_to_the_poster(tmp_path: Path) -> None:
    poster = make_poster(tmp_path / "notice.pdf", size=A3)
    result = run("tile", str(poster), "--paper", "A4", "--overlap", "0", "--margin", "0")
    assert result.exit_code == 0, result.output
    out = tmp_path / "notice-tiles.pdf"
    assert result.output.split("  (")[0] == str(out)
    assert len(PdfReader(out).pages) == 1 + 2


def test_every_page_of_a_longer_pdf_is_tiled(tmp_path: Path) -> None:
    src = tmp_path / "two.pdf"
    c = poster_canvas(src, A3)
    draw_poster(c, *A3)
    c.showPage()
    c.setPageSize(A1)
    draw_poster(c, *A1)
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


def test_build_with_tile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
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
