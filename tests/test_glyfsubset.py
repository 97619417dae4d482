"""The quick TrueType subsetter: every character keeps its exact outline and advance."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

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
    data = glyf_subset(path, 0, CHARS)
    assert data is not None
    sub, orig = TTFont(io.BytesIO(data)), TTFont(path)
    for tag in sub.keys():  # every table reads
        sub[tag]
    sub_cmap, orig_cmap = sub.getBestCmap(), orig.getBestCmap()
    kept = [c for c in CHARS if ord(c) in orig_cmap]
    assert len(kept) > 700
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
    assert glyf_subset(path, 0, CHARS) == glyf_subset(path, 0, list(CHARS))


def test_a_file_it_cannot_read_is_left_to_fonttools(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.ttf"
    damaged.write_bytes((FONTS / "NotoSansSC-Regular.ttf").read_bytes()[:5000])
    assert glyf_subset(damaged, 0, CHARS) is None
    not_a_font = tmp_path / "notes.ttf"
    not_a_font.write_bytes(b"not a font at all" * 10)
    assert glyf_subset(not_a_font, 0, CHARS) is None


def test_postscript_outlines_are_left_to_fonttools(tmp_path: Path) -> None:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    pen = T2CharStringPen(600, None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 0))
    pen.lineTo((500, 700))
    pen.closePath()
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "uni4E2D"])
    builder.setupCharacterMap({0x4E2D: "uni4E2D"})
    builder.setupCFF("TestCFF", {"FullName": "Test CFF"},
                     {".notdef": pen.getCharString(), "uni4E2D": pen.getCharString()}, {})
    builder.setupHorizontalMetrics({".notdef": (600, 0), "uni4E2D": (600, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "TestCFF", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    otf = tmp_path / "cff.otf"
    builder.save(str(otf))
    assert TTFont(otf).getBestCmap() == {0x4E2D: "uni4E2D"}
    assert glyf_subset(otf, 0, ["中"]) is None


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
