"""The quick TrueType subsetter: every character keeps its exact outline and advance."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from reportlab.pdfbase.ttfonts import TTFontFile
from testfonts import build_font

from bulletin.fontstage.glyfsubset import glyf_subset

FONTS = Path(__file__).resolve().parents[1] / "fonts"
EXAMPLE = (Path(__file__).resolve().parents[1] / "content" / "changyang.yaml").read_text(
    encoding="utf-8")
# Text of the example, Latin with accents (composite glyphs in LXGW WenKai: ¨ and ´ are
# built of components), full-width letters, a character beyond the BMP no bundled face
# has, and one no face has at all.
CHARS = sorted(set(EXAMPLE + "¨´ÄéＡＢ①\U00020BB7\U0002A6A5"))


def _outline(font: TTFont, glyph: str) -> list:
    """The glyph's contours, composites drawn out from their components."""
    glyphs = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyphs)
    glyphs[glyph].draw(pen)
    return pen.value


@pytest.mark.parametrize("name", ["NotoSerifSC-Regular", "NotoSansSC-Bold",
                                  "LXGWWenKai-Regular"])
def test_every_character_keeps_its_outline_and_advance(name: str) -> None:
    path = FONTS / f"{name}.ttf"
    orig = TTFont(path)
    orig_cmap = orig.getBestCmap()
    kept = [c for c in CHARS if ord(c) in orig_cmap]
    assert len(kept) > 700
    data = glyf_subset(path, 0, kept)
    assert data is not None
    sub = TTFont(io.BytesIO(data))
    for tag in sub.keys():  # every table reads
        sub[tag]
    sub_cmap = sub.getBestCmap()
    assert {chr(code) for code in sub_cmap} == set(kept)
    for c in kept:
        new, old = sub_cmap[ord(c)], orig_cmap[ord(c)]
        assert _outline(sub, new) == _outline(orig, old), c
        assert sub["hmtx"][new] == orig["hmtx"][old], c
    # .notdef first, then one glyph per distinct glyph kept (and the components they use)
    order = sub.getGlyphOrder()
    assert _outline(sub, order[0]) == _outline(orig, orig.getGlyphOrder()[0])
    assert len(order) >= 1 + len({orig_cmap[ord(c)] for c in kept})
    assert len(data) < path.stat().st_size / 8


def test_composite_glyphs_bring_their_components() -> None:
    path = FONTS / "LXGWWenKai-Regular.ttf"
    orig = TTFont(path)
    composite = [c for c in "¨´" if orig["glyf"][orig.getBestCmap()[ord(c)]].isComposite()]
    assert composite, "the face no longer has the composite glyphs this test needs"
    data = glyf_subset(path, 0, composite)
    assert data is not None
    sub = TTFont(io.BytesIO(data))
    cmap = sub.getBestCmap()
    for c in composite:
        glyph = sub["glyf"][cmap[ord(c)]]
        assert glyph.isComposite()
        assert all(part.glyphName in sub.getGlyphOrder() for part in glyph.components)
        assert _outline(sub, cmap[ord(c)]) == _outline(orig, orig.getBestCmap()[ord(c)])
    assert len(sub.getGlyphOrder()) > 1 + len(composite)  # the components came along


def test_the_same_characters_give_the_same_bytes() -> None:
    path = FONTS / "NotoSansSC-Regular.ttf"
    chars = sorted(set(EXAMPLE))
    assert glyf_subset(path, 0, chars) == glyf_subset(path, 0, list(chars))
    assert glyf_subset(path.read_bytes(), 0, chars) == glyf_subset(path, 0, chars)


def test_a_character_the_parser_does_not_find_is_left_to_fonttools() -> None:
    """A character set as .notdef would be lost: rather the slow path than that."""
    assert glyf_subset(FONTS / "NotoSansSC-Regular.ttf", 0, ["中", "\U0002A6A5"]) is None


def test_a_whole_face_takes_the_quick_path() -> None:
    """Thousands of characters: consecutive ones share a cmap segment, so the format 4
    table stays within its 16-bit length."""
    path = FONTS / "NotoSansSC-Regular.ttf"
    everything = sorted(chr(code) for code in TTFont(path).getBestCmap())
    assert len(everything) > 8190  # more than format 4 holds one character a segment
    data = glyf_subset(path, 0, everything)
    assert data is not None
    assert TTFont(io.BytesIO(data)).getBestCmap().keys() == {ord(c) for c in everything}


def test_a_file_it_cannot_read_is_left_to_fonttools(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.ttf"
    damaged.write_bytes((FONTS / "NotoSansSC-Regular.ttf").read_bytes()[:5000])
    assert glyf_subset(damaged, 0, ["中"]) is None
    not_a_font = tmp_path / "notes.ttf"
    not_a_font.write_bytes(b"not a font at all" * 10)
    assert glyf_subset(not_a_font, 0, ["中"]) is None


def test_postscript_outlines_are_left_to_fonttools(tmp_path: Path) -> None:
    otf = build_font(tmp_path / "cff.otf", {0x4E2D: "uni4E2D"}, cff=True)
    assert TTFont(otf).getBestCmap() == {0x4E2D: "uni4E2D"}
    assert glyf_subset(otf, 0, ["中"]) is None


def test_a_fonttools_subset_also_gives_each_character_a_glyph(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CFF face goes to fontTools (and cu2qu); the characters it shares a glyph
    between still get one each, so copied text gives each back."""
    from bulletin.fontstage.embedding import subset_file
    from bulletin.fontstage.metrics.faces import FontFace

    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    otf = build_font(tmp_path / "cff.otf", {0x301C: "wave", 0xFF5E: "wave", 0x4E2D: "uni4E2D"},
                     cff=True)
    sub = TTFont(subset_file(FontFace("cff-test", otf), "〜～中"))
    assert "glyf" in sub and "CFF " not in sub
    cmap = sub.getBestCmap()
    assert len({cmap[0x301C], cmap[0xFF5E], cmap[0x4E2D]}) == 3


def test_characters_sharing_a_glyph_get_one_each() -> None:
    """〜 (U+301C) and ～ (U+FF5E) share a glyph in the face; each needs its own, or a
    PDF's ToUnicode map would give back one of them for both."""
    path = FONTS / "NotoSerifSC-Regular.ttf"
    orig = TTFont(path)
    assert orig.getBestCmap()[0x301C] == orig.getBestCmap()[0xFF5E]
    data = glyf_subset(path, 0, ["〜", "～", "中"])
    assert data is not None
    sub = TTFont(io.BytesIO(data))
    cmap = sub.getBestCmap()
    assert len({cmap[0x301C], cmap[0xFF5E], cmap[ord("中")]}) == 3
    assert _outline(sub, cmap[0x301C]) == _outline(sub, cmap[0xFF5E])


def test_a_character_beyond_the_bmp_in_a_unicode_only_table_is_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A face whose characters beyond U+FFFF are only in its Unicode-platform table (a
    Windows table after it holds the BMP alone): ReportLab's parser reads the Windows
    one, so the subset is made by fontTools, with both characters, each its own."""
    from bulletin.fontstage.embedding import subset_file
    from bulletin.fontstage.metrics.faces import FontFace

    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    path = build_font(tmp_path / "unicode-only.ttf", {0x4E2D: "uni4E2D", 0x20164: "u20164"})
    font = TTFont(path)
    full = next(t for t in font["cmap"].tables if (t.platformID, t.platEncID) == (3, 10))
    full.platformID, full.platEncID = 0, 4  # all of Unicode, on the Unicode platform only
    font["cmap"].tables = [full, *(t for t in font["cmap"].tables
                                   if (t.platformID, t.platEncID) == (3, 1))]
    font.save(str(path))
    assert glyf_subset(path, 0, ["中", "\U00020164"]) is None  # ReportLab misses 𠅤
    made = subset_file(FontFace("unicode-only", path), "中\U00020164")
    assert {0x4E2D, 0x20164} <= TTFontFile(str(made)).charToGlyph.keys()  # what draws it
    sub = TTFont(made)
    cmap = sub.getBestCmap()
    assert {0x4E2D, 0x20164} <= cmap.keys() and cmap[0x4E2D] != cmap[0x20164]
    assert _outline(sub, cmap[0x20164]) == _outline(font, "u20164")
