"""Checks on the fonts shipped in ``fonts/`` (built by ``scripts/build_fonts.py``).

They guard what the renderer relies on: TrueType outlines (ReportLab cannot embed CFF), full
通用规范汉字表 coverage, the punctuation clreq typesetting uses, the size budget, and the OFL
obligations (licence texts present, no Reserved Font Name on a modified font).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

FONTS_DIR = Path(__file__).resolve().parents[1] / "fonts"
FONT_FILES = [
    "NotoSerifSC-Regular.ttf",
    "NotoSerifSC-Bold.ttf",
    "NotoSansSC-Regular.ttf",
    "NotoSansSC-Bold.ttf",
    "LXGWWenKai-Regular.ttf",
]
BUDGET_BYTES = 30_000_000
NAMES = "王喆李玥张堃陈昇"
PUNCTUATION = "“”‘’，。：；！？《》（）——……·～"
OUTSIDE_SET = "\U0002a6a5"  # 𪚥: not in 通用规范汉字表 nor GB 2312, so deliberately absent


@pytest.fixture(scope="module")
def tgh_chars() -> str:
    """The 8,105 chars of 通用规范汉字表, written by the build so tests need no Unihan."""
    text = (FONTS_DIR / "charset-tgh.txt").read_text(encoding="utf-8").strip()
    assert len(text) == 8105
    return text


@pytest.fixture(scope="module", params=FONT_FILES)
def font(request: pytest.FixtureRequest) -> TTFont:
    """Each bundled font, opened once per module."""
    return TTFont(FONTS_DIR / request.param)


def test_truetype_outlines(font: TTFont) -> None:
    """ReportLab only embeds glyf fonts; a CFF one would fail at registerFont time."""
    assert "glyf" in font
    assert "CFF " not in font and "CFF2" not in font


def test_covers_tgh(font: TTFont, tgh_chars: str) -> None:
    """Every 通用规范汉字 must render without a fallback font."""
    cmap = font.getBestCmap()
    missing = [c for c in tgh_chars if ord(c) not in cmap]
    assert not missing, f"{len(missing)} missing: {''.join(missing[:50])}"


@pytest.mark.parametrize("chars", [NAMES, PUNCTUATION])
def test_names_and_punctuation(font: TTFont, chars: str) -> None:
    """Rare name characters and the clreq punctuation set are present."""
    cmap = font.getBestCmap()
    assert [c for c in chars if ord(c) not in cmap] == []


def test_outside_set_is_absent(font: TTFont) -> None:
    """Documents the boundary: chars beyond the set need a fallback, not a silent tofu."""
    assert ord(OUTSIDE_SET) not in font.getBestCmap()


def test_reportlab_can_register() -> None:
    """ReportLab parses each font (cheap: tens of milliseconds per font)."""
    from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

    for name in FONT_FILES:
        face = RLTTFont(f"bundle-test-{name}", str(FONTS_DIR / name)).face
        assert face.name


def test_total_size_within_budget() -> None:
    """The wheel ships fonts/; keep the repository and the package small."""
    total = sum(p.stat().st_size for p in FONTS_DIR.iterdir() if p.is_file())
    assert total <= BUDGET_BYTES, f"fonts/ is {total:,} bytes"


def test_licences_present() -> None:
    """OFL §2: each copy carries the copyright notice and the licence text."""
    for name, notice in [("OFL-NotoCJK.txt", "Adobe"), ("OFL-LXGWWenKai.txt", "LXGW")]:
        text = (FONTS_DIR / name).read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in text
        assert notice in text


def test_lxgw_reserved_names_not_primary() -> None:
    """OFL §3: the modified LXGW WenKai may not present “LXGW”/“霞鹜” as its name."""
    name = TTFont(FONTS_DIR / "LXGWWenKai-Regular.ttf")["name"]
    for record in name.names:
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            text = record.toUnicode()
            assert "LXGW" not in text.upper() and "霞鹜" not in text, text
