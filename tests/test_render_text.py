"""The renderer draws each line's text as TJ runs: every glyph must still land exactly
where the typesetter put it (read back with pdfminer, against both the typeset position
and a glyph-by-glyph drawing of the same document), copy out as the same text, and the
content stream must hold a few text-showing operators per line, not one per glyph."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

import bulletin.render.pdf as pdf_module
from bulletin.flow.model import Document, Page, TextLine
from bulletin.fontstage import EmbeddedFont, bundled_face, emboldened
from bulletin.fontstage.metrics import forms_face
from bulletin.render import render_pdf
from bulletin.render.text import TextWriter, _num, _units
from bulletin.typeset import Glyph, Line, Rules, Run, compose
from bulletin.typeset.vertical import vertical_runs

MIXED = ("1921年7月，中国共产党第一次全国代表大会在上海召开（后移至嘉兴南湖），"
         "出席代表13人；“为人民服务”——见《毛泽东选集》第3卷，pp. 1004–1006。"
         "Email: office@changyang.gov.cn，电话 010-6952 3318……")
SHOWING = {b"Tj", b"TJ", b"'", b'"'}
TOLERANCE = 0.01  # pt


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))


def page_of(lines: list[Line], size: float = 10.5, top: float = 760.0,
            vertical: bool = False) -> Page:
    """Lines one under the other (columns right to left, if vertical) on an A4 page."""
    step = 1.6 * size
    items = [TextLine(520 - k * step, top, line) if vertical
             else TextLine(40, top - k * step, line) for k, line in enumerate(lines)]
    return Page(595.0, 842.0, items)


def on_page(item: TextLine, g: Glyph) -> tuple[float, float]:
    return pdf_module._on_page(item, g.x, g.y)


def old_register(fonts: Mapping[str, EmbeddedFont]) -> list[TTFont]:
    """The subset files as ReportLab's own ``TTFont``s (its 8-bit subsets), for the
    reference drawing."""
    made = {font.key: TTFont(font.key, str(font.path)) for font in fonts.values()}
    for rl in made.values():
        pdfmetrics.registerFont(rl)
    return list(made.values())


def old_draw_line(c: Canvas, item: TextLine, fonts: Mapping[str, EmbeddedFont],
                  cmyk: bool, writer: TextWriter) -> None:
    """The renderer as it was: a text matrix and a show for every glyph, in ReportLab's
    own TrueType fonts (the reference)."""
    line = item.line
    text = c.beginText()
    size = None
    scale = 100.0
    for g in line.glyphs:
        if (g.face, g.size) != size:
            text.setFont(fonts[g.face].key, g.size)
            size = (g.face, g.size)
            text.setTextRenderMode(2 if fonts[g.face].stroke else 0)
        if g.hscale * 100 != scale:
            scale = g.hscale * 100
            text.setHorizScale(scale)
        x, y = on_page(item, g)
        angle = g.angle - 90 if line.vertical else g.angle
        if angle:
            cos, sin = (round(f(math.radians(angle)), 12) for f in (math.cos, math.sin))
            text.setTextTransform(cos, sin, -sin, cos, x, y)
        else:
            text.setTextOrigin(x, y)
        text.textOut(g.char)
    c.saveState()
    c.drawText(text)
    c.restoreState()


def render(doc: Document, monkeypatch: pytest.MonkeyPatch | None = None) -> bytes:
    """``doc`` as our renderer draws it, or (``monkeypatch``) glyph by glyph."""
    if monkeypatch is None:
        return render_pdf(doc)
    with monkeypatch.context() as patch:
        patch.setattr(pdf_module, "_draw_line", old_draw_line)
        patch.setattr(pdf_module, "_register", old_register)
        return render_pdf(doc)


def chars(data: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [c for page in pdf.pages for c in page.chars]


def showing_per_line(data: bytes) -> list[int]:
    """Text-showing operators in each text object (one text object per line)."""
    reader = PdfReader(io.BytesIO(data))
    counts: list[int] = []
    for page in reader.pages:
        for _operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"BT":
                counts.append(0)
            elif op in SHOWING:
                counts[-1] += 1
    return [n for n in counts if n]


def check(doc: Document, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Every glyph of ``doc`` where it was typeset, where the glyph-by-glyph renderer put
    it (pdfminer's x0 and top: the same boxes), and copied out as the typeset text."""
    data = render(doc)
    got, want = chars(data), chars(render(doc, monkeypatch))
    items = [(item, g) for page in doc.pages for item in page.items
             if isinstance(item, TextLine) for g in item.line.glyphs]
    assert "".join(c["text"] for c in got) == "".join(g.char for _, g in items)
    assert len(got) == len(want) == len(items)
    for c, w, (item, g) in zip(got, want, items, strict=True):
        x, y = on_page(item, g)
        assert abs(c["matrix"][4] - x) < TOLERANCE and abs(c["matrix"][5] - y) < TOLERANCE, (c, g)
        assert c["text"] == w["text"], (c, w)
        # the same face (the subset tags differ: ours is from the file's content)
        assert c["fontname"].split("+")[1] == w["fontname"].split("+")[1], (c, w)
        for key in ("x0", "x1", "top", "bottom"):
            assert abs(c[key] - w[key]) < TOLERANCE, (key, c, w)
    return data


def mixed_lines(face_name: str = "serif", size: float = 10.5, width: float = 200.0) -> list[Line]:
    return list(compose([Run(MIXED, (bundled_face(face_name),), size)], width).lines)


def test_a_mixed_paragraph_lands_where_it_was_typeset(monkeypatch) -> None:
    lines = mixed_lines()
    assert len(lines) > 3
    data = check(Document([page_of(lines)]), monkeypatch)
    counts = showing_per_line(data)
    assert len(counts) == len(lines)
    assert max(counts) <= 3  # one font: a TJ (or Tj) a line, give or take
    assert sum(counts) < sum(len(line.glyphs) for line in lines) / 10
    # copy-paste gives the paragraph back (pypdf adds spaces where Latin meets Han)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert re.sub(r"\s", "", text) == re.sub(r"\s", "", MIXED)


def test_synthetic_bold_keeps_fill_and_stroke(monkeypatch) -> None:
    regular, bold = bundled_face("kai"), emboldened(bundled_face("kai"))
    runs = [Run("社区通知：", (bold,), 12.0),
            Run("本周六上午9时在活动中心开会。", (regular,), 12.0),
            Run("请准时参加！", (bold,), 12.0)]
    lines = list(compose(runs, 150.0).lines)
    doc = Document([page_of(lines, 12.0)], faces={bold.name: bold, regular.name: regular})
    data = check(doc, monkeypatch)
    stream = b"".join(p.get_contents().get_data() for p in PdfReader(io.BytesIO(data)).pages)
    assert b"2 Tr" in stream and b"0 Tr" in stream  # fill + stroke for the bold, then fill
    assert f"{fp_str(bold.stroke * 12.0)} w".encode() in stream  # its stroke width


def test_a_horizontally_scaled_run(monkeypatch) -> None:
    face = bundled_face("serif")
    glyphs, x = [], 0.0
    scales = (1, 1, 1.12, 1.12, 1, 1, 0.8, 0.8, 1.5, 1.5)
    for k, (ch, scale) in enumerate(zip("初心——使命——担当", scales, strict=True)):
        glyphs.append(Glyph(ch, "serif", 14.0, x, scale))
        x += face.advance(ch) * 14.0 * scale + (0.37 if k % 3 else 0.0)
    line = Line(tuple(glyphs), x, x, 14.0)
    data = check(Document([page_of([line, line], 14.0)]), monkeypatch)
    for c, g in zip(chars(data), glyphs, strict=False):
        assert abs((c["x1"] - c["x0"]) - face.advance(g.char) * 14.0 * g.hscale) < TOLERANCE
    assert showing_per_line(data) == [5, 5]  # one run per scale: 1, 1.12, 1, 0.8, 1.5


def test_a_vertical_line(monkeypatch) -> None:
    text = "这是《红岩》一书中的话。1921年7月，“红船”从南湖启航——航程2.5小时……Email"
    runs = [Run(text, (bundled_face("serif"),), 12.0)]
    lines = list(compose(runs, 300.0, Rules(vertical=True), forms=forms_face).lines)
    assert all(line.vertical for line in lines)
    assert any(g.angle == 0 for line in lines for g in line.glyphs)  # turned Latin
    assert any(g.angle == 90 for line in lines for g in line.glyphs)  # upright Han
    faces = {f.name: getattr(f, "face", f)  # the faces seen down a column, unwrapped
             for run in vertical_runs(runs, forms_face) for f in run.faces}
    check(Document([page_of(lines, 12.0, top=780.0, vertical=True)], faces=faces),
          monkeypatch)


def test_many_characters_and_sizes_in_one_line(monkeypatch) -> None:
    """More than 256 characters of one font (ReportLab's 8-bit subsets changed font
    mid-line; one Type0 font does not: one Tf a line); large type, stretched, where
    rounding would show."""
    han = [chr(cp) for cp in range(0x4E00, 0x5800) if bundled_face("serif").has(chr(cp))][:600]
    assert len(han) == 600
    lines = list(compose([Run("".join(han), (bundled_face("serif"),), 9.0)], 500.0).lines)
    big = [Glyph(ch, "serif", 300.0, k * 301.7, 2.0 if k % 2 else 1.0)
           for k, ch in enumerate("党建")]
    doc = Document([page_of(lines, 9.0), Page(1500, 500, [TextLine(10.123456, 100.5, Line(
        tuple(big), 900, 900, 300.0))])])
    data = check(doc, monkeypatch)
    assert sum(showing_per_line(data)) < sum(len(line.glyphs) for line in lines) / 4
    stream = b"".join(p.get_contents().get_data() for p in PdfReader(io.BytesIO(data)).pages)
    assert stream.count(b" Tf") == len(lines) + 1  # a line's font, then the 300 pt one


def test_positions_stay_exact_along_a_long_line() -> None:
    """Adjustments are rounded, but the pen follows the rounded values: no drift."""
    face = bundled_face("serif")
    glyphs, x = [], 0.0
    for k in range(2000):
        glyphs.append(Glyph("中" if k % 3 else "a", "serif", 7.3, x))
        x += face.advance(glyphs[-1].char) * 7.3 + 0.1234567 * (k % 7)
    item = TextLine(0.0, 400.0, Line(tuple(glyphs), x, x, 7.3))
    got = chars(render_pdf(Document([Page(x + 10, 800, [item])])))
    assert len(got) == len(glyphs)
    assert max(abs(c["matrix"][4] - g.x) for c, g in zip(got, glyphs, strict=True)) < 0.001
    assert len(showing_per_line(render_pdf(Document([Page(x + 10, 800, [item])])))) == 1


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (12.5, 3, "12.5"), (-0.25, 3, "-.25"), (3.0, 3, "3"), (0.0004, 3, "0"), (-0.0004, 3, "0"),
    (-71.4285714, 3, "-71.429"), (1393.24999, 4, "1393.25"),
])
def test_numbers_are_short(value: float, decimals: int, text: str) -> None:
    assert _num(value, decimals) == text


@pytest.mark.parametrize("count", [0, 1, -1, 5, 250, -250, 999, 1000, -1000, 12500, -12345,
                                   100000, 7, -7, 1001, -20020])
def test_an_adjustment_is_written_as_its_number_would_be(count: int) -> None:
    """``_units`` writes a whole count of thousandths from the integer; it must give the
    string ``_num`` gives for the same number (shortest form: ``-.25``, ``12.5``, ``3``)."""
    assert _units(count) == _num(count / 1000, 3)
