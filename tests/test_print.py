"""Print-shop output (--print): bleed, crop marks, page boxes, CMYK only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from bulletin.cli import main
from bulletin.render.marks import PrintMarks
from bulletin.style.units import MM

NOTICE = Path(__file__).resolve().parent.parent / "content" / "tongzhi.yaml"  # fits A3
RGB_OPERATORS = re.compile(rb"(?<![\w/])(rg|RG|sc|SC|scn|SCN|cs|CS)(?![\w])")


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("print") / "poster.pdf"
    result = CliRunner().invoke(main, ["build", str(NOTICE), "--layout", "poster-a3",
                                       "--print", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_trim_and_bleed_boxes_where_a_print_shop_expects_them(printed: Path) -> None:
    page = PdfReader(printed).pages[0]
    marks = PrintMarks()
    trim = [float(v) for v in page.trimbox]
    bleed = [float(v) for v in page.bleedbox]
    media = [float(v) for v in page.mediabox]
    assert trim[2] - trim[0] == pytest.approx(297 * MM, abs=0.01)
    assert trim[3] - trim[1] == pytest.approx(420 * MM, abs=0.01)
    assert [b - t for b, t in zip(bleed[:2], trim[:2], strict=True)] == pytest.approx(
        [-3 * MM, -3 * MM], abs=0.01)
    assert [b - t for b, t in zip(bleed[2:], trim[2:], strict=True)] == pytest.approx(
        [3 * MM, 3 * MM], abs=0.01)
    assert trim[0] == pytest.approx(marks.offset) and media[2] > bleed[2] and media[0] < bleed[0]


def test_only_cmyk_colours_and_crop_marks_outside_the_bleed(printed: Path) -> None:
    page = PdfReader(printed).pages[0]
    content = page.get_contents().get_data()
    assert not RGB_OPERATORS.search(content), "an RGB colour operator in --print output"
    assert b" k" in content or b"\nk" in content  # fill colours are CMYK
    trim = [float(v) for v in page.trimbox]
    bleed = [float(v) for v in page.bleedbox]
    # crop marks: 8 short registration lines on the trim lines, outside the bleed box
    lines = re.findall(rb"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l", content)
    outside = [tuple(map(float, m)) for m in lines
               if all(not (bleed[0] < float(x) < bleed[2] and bleed[1] < float(y) < bleed[3])
                      for x, y in (m[:2], m[2:]))]
    assert len(outside) == 8
    for x0, y0, x1, y1 in outside:  # each on a trim line: horizontal or vertical
        on_x = x0 == pytest.approx(x1) and min(abs(x0 - trim[0]), abs(x0 - trim[2])) < 0.01
        on_y = y0 == pytest.approx(y1) and min(abs(y0 - trim[1]), abs(y0 - trim[3])) < 0.01
        assert on_x or on_y


def test_the_band_runs_into_the_bleed_and_text_stays_5mm_inside(printed: Path) -> None:
    import pdfplumber

    with pdfplumber.open(printed) as pdf:
        page = pdf.pages[0]
        reader_page = PdfReader(printed).pages[0]
        trim = [float(v) for v in reader_page.trimbox]
        height = float(reader_page.mediabox[3])
        band = max(page.rects, key=lambda r: r["width"])
        assert band["x0"] == pytest.approx(trim[0] - 3 * MM, abs=0.05)
        assert band["x1"] == pytest.approx(trim[2] + 3 * MM, abs=0.05)
        assert height - band["top"] == pytest.approx(trim[3] + 3 * MM, abs=0.05)
        for ch in page.chars:
            assert ch["x0"] >= trim[0] + 5 * MM and ch["x1"] <= trim[2] - 5 * MM
            assert height - ch["bottom"] >= trim[1] + 5 * MM


def test_screen_output_has_no_boxes_or_marks(tmp_path: Path) -> None:
    out = tmp_path / "screen.pdf"
    result = CliRunner().invoke(main, ["build", str(NOTICE), "--layout", "poster-a3",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = PdfReader(out).pages[0]
    assert "/TrimBox" not in page and float(page.mediabox[2]) == pytest.approx(297 * MM)
