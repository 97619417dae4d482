"""Each face is embedded once, as a Type0 font with Identity-H encoding (``cidfont``):
one font per face however many characters it shows, its codes the glyph IDs of our
own subset file (embedded as it is), a ToUnicode map that gives every shown glyph back
as its character (beyond the BMP too), and /W widths that are the file's advances."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream
from testfonts import build_font

from bulletin.flow.model import Document, Page, TextLine
from bulletin.fontstage import bundled_face, embed, emboldened
from bulletin.render import render_pdf
from bulletin.render.cidfont import subset_tag
from bulletin.typeset import Line, Run, compose

TEXT = ("1921年7月，中国共产党第一次全国代表大会在上海召开。“为人民服务”——《毛泽东选集》"
        "Email: office@changyang.gov.cn，电话 010-6952 3318……")


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))


def beyond_bmp() -> str:
    """A character beyond U+FFFF that the bundled serif has (𠮷 U+20BB7 it has not)."""
    face = bundled_face("serif")
    return next(chr(cp) for cp in range(0x20000, 0x2FFFF) if face.has(chr(cp)))


def lines_of(runs: list[Run], width: float = 400.0) -> list[Line]:
    return list(compose(runs, width).lines)


def page_of(lines: list[Line], size: float = 10.5) -> Page:
    return Page(595.0, 842.0, [TextLine(40, 800 - k * 1.6 * size, line)
                               for k, line in enumerate(lines)])


def many_han(count: int) -> str:
    face = bundled_face("serif")
    return "".join([chr(cp) for cp in range(0x4E00, 0x6000) if face.has(chr(cp))][:count])


def doc_text(doc: Document) -> str:
    return "".join(g.char for page in doc.pages for item in page.items
                   if isinstance(item, TextLine) for g in item.line.glyphs)


def fonts_of(reader: PdfReader) -> dict[str, dict]:
    """Every font of every page, by BaseFont (indirect objects resolved)."""
    out = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            out[str(font["/BaseFont"])[1:]] = font
    return out


def to_unicode(font) -> dict[int, str]:
    """The font's ToUnicode map, code → text (surrogate pairs joined)."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, hexstr in re.findall(r"<([0-9A-F]+)>\s*<([0-9A-F]+)>", block):
            out[int(code, 16)] = bytes.fromhex(hexstr).decode("utf-16-be")
    return out


def shown_text(reader: PdfReader) -> str:
    """The content streams' codes read through each font's ToUnicode map, in order."""
    fonts = {page_no: {name: ref.get_object() for name, ref
                       in page["/Resources"]["/Font"].items()}
             for page_no, page in enumerate(reader.pages)}
    out = []
    for page_no, page in enumerate(reader.pages):
        maps = {name: to_unicode(font) for name, font in fonts[page_no].items()}
        cmap: dict[int, str] = {}
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tf":
                cmap = maps[operands[0]]
            elif op in (b"Tj", b"TJ"):
                items = operands[0] if op == b"TJ" else [operands[0]]
                for item in items:
                    if isinstance(item, bytes | str) and not isinstance(item, int | float):
                        raw = item if isinstance(item, bytes) else item.original_bytes
                        assert len(raw) % 2 == 0  # 2-byte codes
                        out += [cmap[int.from_bytes(raw[k:k + 2], "big")]
                                for k in range(0, len(raw), 2)]
    return "".join(out)


def test_one_type0_font_per_face_however_many_characters() -> None:
    """700 distinct Han of one face (ReportLab's 8-bit subsets made three fonts of them)
    and a second face: two fonts, each Type0 / Identity-H over a CIDFontType2."""
    serif, sans = bundled_face("serif"), bundled_face("sans")
    lines = lines_of([Run(many_han(700), (serif,), 9.0), Run("社区通知", (sans,), 9.0)])
    doc = Document([page_of(lines, 9.0)], faces={serif.name: serif, sans.name: sans})
    reader = PdfReader(io.BytesIO(render_pdf(doc)))
    fonts = fonts_of(reader)
    assert len(fonts) == 2
    for base, font in fonts.items():
        assert re.fullmatch(r"[A-Z]{6}\+[!-~]+", base)
        assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
        (cid,) = [d.get_object() for d in font["/DescendantFonts"]]
        assert cid["/Subtype"] == "/CIDFontType2" and cid["/CIDToGIDMap"] == "/Identity"
        assert cid["/BaseFont"] == "/" + base
        descriptor = cid["/FontDescriptor"].get_object()
        assert descriptor["/FontName"] == "/" + base and "/FontFile2" in descriptor
        for key in ("/Flags", "/FontBBox", "/ItalicAngle", "/Ascent", "/Descent",
                    "/CapHeight", "/StemV"):
            assert key in descriptor
    # no subset switching: one Tf per line of one face and size
    stream = b"".join(p.get_contents().get_data() for p in reader.pages)
    assert stream.count(b" Tf") == len(lines) + 1  # the last line changes face once
    assert shown_text(reader) == doc_text(doc)


def test_codes_decode_through_to_unicode_to_the_text() -> None:
    """Every code shown is a glyph ID the ToUnicode map turns back into the document's
    character; the map holds just the glyphs shown (not the whole subset)."""
    face = bundled_face("serif")
    bold = emboldened(face)  # synthetic bold: the same file, so the same font
    lines = lines_of([Run(TEXT, (face,), 10.5), Run("加粗的字", (bold,), 10.5)])
    doc = Document([page_of(lines)], faces={face.name: face, bold.name: bold})
    data = render_pdf(doc)
    reader = PdfReader(io.BytesIO(data))
    (font,) = fonts_of(reader).values()
    assert shown_text(reader) == doc_text(doc)
    assert set(to_unicode(font).values()) == set(doc_text(doc).replace("\xa0", " "))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert "".join(c["text"] for c in pdf.pages[0].chars) == doc_text(doc)


def test_a_character_beyond_the_bmp_round_trips() -> None:
    char = beyond_bmp()
    assert ord(char) > 0xFFFF
    text = f"古籍中的“{char}”字"
    lines = lines_of([Run(text, (bundled_face("serif"),), 12.0)])
    data = render_pdf(Document([page_of(lines, 12.0)]))
    reader = PdfReader(io.BytesIO(data))
    (font,) = fonts_of(reader).values()
    cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
    pair = char.encode("utf-16-be").hex().upper()
    assert len(pair) == 8 and f"<{pair}>" in cmap  # a surrogate pair, not 5 hex digits
    assert shown_text(reader) == text
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert "".join(c["text"] for c in pdf.pages[0].chars) == text
    assert text in reader.pages[0].extract_text()


def test_characters_that_share_a_glyph_come_back_each_as_itself() -> None:
    """〜 and ～ (and U+3000, U+2003) are one glyph in the serif face; the subset gives
    each its own, so copying the text gives back what was written."""
    text = "上午9:00〜11:00，下午3:00～5:00\u3000休息\u2003日"
    lines = lines_of([Run(text, (bundled_face("serif"),), 12.0)])
    data = render_pdf(Document([page_of(lines, 12.0)]))
    reader = PdfReader(io.BytesIO(data))
    assert shown_text(reader) == doc_text(Document([page_of(lines, 12.0)]))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = "".join(c["text"] for c in pdf.pages[0].chars)
    assert "9:00〜11:00" in chars and "3:00～5:00" in chars


def widths_of(cid) -> dict[int, float]:
    """/W expanded: glyph ID → width."""
    w = [x.get_object() if hasattr(x, "get_object") else x for x in cid["/W"]]
    out: dict[int, float] = {}
    k = 0
    while k < len(w):
        first = int(w[k])
        if isinstance(w[k + 1], list):
            out.update({first + j: float(v) for j, v in enumerate(w[k + 1])})
            k += 2
        else:
            out.update({g: float(w[k + 2]) for g in range(first, int(w[k + 1]) + 1)})
            k += 3
    return out


def test_font_file_is_our_subset_and_w_its_advances() -> None:
    face = bundled_face("serif")
    lines = lines_of([Run(TEXT + many_han(300), (face,), 10.5)])
    doc = Document([page_of(lines)])
    (embedded,) = embed(doc).values()
    reader = PdfReader(io.BytesIO(render_pdf(doc)))
    ((base, font),) = fonts_of(reader).items()
    (cid,) = [d.get_object() for d in font["/DescendantFonts"]]
    data = cid["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
    assert data == embedded.path.read_bytes()  # embedded as it is, not re-subset
    assert base.startswith(subset_tag(data) + "+")
    ttf = TTFont(io.BytesIO(data))
    scale = 1000 / ttf["head"].unitsPerEm
    advances = [ttf["hmtx"][name][0] * scale for name in ttf.getGlyphOrder()]
    widths = widths_of(cid)
    assert sorted(widths) == list(range(len(advances)))
    for gid, advance in enumerate(advances):
        assert widths[gid] == pytest.approx(advance, abs=1e-3)
    # each code shown is the glyph the subset's cmap gives for its character
    cmap = ttf.getBestCmap()
    order = ttf.getGlyphOrder()
    for code, char in to_unicode(font).items():
        assert order[code] == cmap[ord(char)]


def test_same_bytes_twice_and_no_font_left_registered() -> None:
    from reportlab.pdfbase import pdfmetrics

    before = set(pdfmetrics.getRegisteredFontNames())
    lines = lines_of([Run(TEXT, (bundled_face("kai"),), 10.5)])
    doc = Document([page_of(lines)])
    first = render_pdf(doc)
    assert render_pdf(doc) == first
    assert set(pdfmetrics.getRegisteredFontNames()) == before
    assert b"Helvetica" not in first


def test_widths_of_glyphs_that_share_the_last_advance(tmp_path) -> None:
    """A TrueType font may list its last glyphs' side bearings only, sharing one advance
    (numberOfHMetrics < numGlyphs); their /W width is that advance like any other's, on
    a 2048-unit em as on a 1000-unit one."""
    from bulletin.render.cidfont import IdentityFont

    names = [".notdef", "uni4E00", "uni4E01", "uni4E02", "uni4E03"]
    advances = {".notdef": 1024, "uni4E00": 1500, "uni4E01": 2048, "uni4E02": 2048,
                "uni4E03": 2048}
    path = build_font(tmp_path / "shared.ttf",
                      {0x4E00 + k: name for k, name in enumerate(names[1:])},
                      upm=2048, advances=advances, family="Shared")
    font = TTFont(path)
    assert font["hhea"].numberOfHMetrics < len(names)  # the case under test
    cmap = font.getBestCmap()
    identity = IdentityFont("shared-test", path)
    order = font.getGlyphOrder()
    for code, name in cmap.items():
        assert identity.code(chr(code))[1] == pytest.approx(
            advances[name] * 1000 / 2048, abs=1e-3)
    assert identity.widths[order.index("uni4E03")] == pytest.approx(1000.0)


def test_a_font_that_cannot_be_embedded_leaves_nothing_registered(tmp_path) -> None:
    from reportlab.pdfbase import pdfmetrics

    from bulletin.errors import BulletinError
    from bulletin.fontstage.embedding import EmbeddedFont, subset_file
    from bulletin.render.pdf import _register

    good = EmbeddedFont("bulletin-good-test", subset_file(bundled_face("serif"), "中文"))
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"\0\1\0\0" + b"not a font" * 20)
    with pytest.raises(BulletinError, match="cannot embed font subset"):
        _register({"serif": good, "junk": EmbeddedFont("bulletin-junk-test", junk)})
    assert "bulletin-good-test" not in pdfmetrics.getRegisteredFontNames()
