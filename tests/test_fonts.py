"""The font stage: finding fonts, subsetting them for the PDF, fallback and its messages.

Small test fonts are made here with fontTools (a few boxes each), so the tests need no
system fonts and stay fast: a CFF ``.otf``, a glyf ``.ttf``, a ``.ttc`` with a regular and
a bold member, a CFF ``.otc``, one font holding 𪚥 (U+2A6A5) for fallback, and one whose
licence flags forbid embedding. ``BULLETIN_SYSTEM_FONT_DIRS`` points the "system" at an
empty (or a test) folder and ``BULLETIN_CACHE_DIR`` at a temporary cache.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont
from pypdf import PdfReader

from bulletin.build import build, example_content
from bulletin.cli import main
from bulletin.errors import BulletinError
from bulletin.fontstage import (
    EmboldenedFace,
    FontFace,
    FontNotFound,
    Resolver,
    bundled_face,
    embedding,
    subset_file,
)
from bulletin.fontstage.metrics import open_face
from bulletin.style.layout import load_layout

EXT_B = "\U0002a6a5"  # 𪚥: in no bundled font
SONG = "测试标题宋"
HEI = "正文内容黑"
KAI = "导语楷书粗"
FANG = "仿宋通知"


# --------------------------------------------------------------------------- test fonts


def _box(pen, k: int) -> None:
    x0 = 60 + (k % 7) * 10
    pen.moveTo((x0, -60))
    pen.lineTo((x0, 820))
    pen.lineTo((940, 820))
    pen.lineTo((940, -60))
    pen.closePath()


def make_font(family: str, style: str, chars: str, *, cff: bool, weight: int = 400,
              zh: str | None = None, fs_type: int = 0) -> TTFont:
    """A font mapping ``chars`` (each a box, 1 em wide) plus the space, named in English
    and, with ``zh``, in Chinese."""
    ps = (family + "-" + style).replace(" ", "")
    names = [".notdef", "space"] + [f"u{ord(c):X}" for c in chars]
    fb = FontBuilder(1000, isTTF=not cff)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({0x20: "space", **{ord(c): f"u{ord(c):X}" for c in chars}})
    advance = {n: 500 if n == "space" else 1000 for n in names}
    if cff:
        strings = {}
        for k, n in enumerate(names):
            pen = T2CharStringPen(advance[n], None)
            if n != "space":
                _box(pen, k)
            strings[n] = pen.getCharString()
        fb.setupCFF(ps, {"FullName": f"{family} {style}"}, strings, {})
    else:
        glyphs = {}
        for k, n in enumerate(names):
            pen = TTGlyphPen(None)
            if n != "space":
                _box(pen, k)
            glyphs[n] = pen.glyph()
        fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({n: (advance[n], 0 if n == "space" else 60 + (k % 7) * 10)
                               for k, n in enumerate(names)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    family_name: str | dict[str, str] = {"en": family, "zh": zh} if zh else family
    fb.setupNameTable({"familyName": family_name, "styleName": style, "psName": ps,
                       "fullName": f"{family} {style}", "uniqueFontIdentifier": ps,
                       "version": "Version 1.000"}, mac=False)
    fb.setupOS2(usWeightClass=weight, fsType=fs_type, sTypoAscender=880, sTypoDescender=-120,
                usWinAscent=880, usWinDescent=120, fsSelection=0x20 if weight >= 700 else 0x40)
    fb.setupPost()
    return fb.font


@pytest.fixture(scope="session")
def font_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content folder with a 'fonts' folder of test fonts, made once."""
    root = tmp_path_factory.mktemp("fontcase")
    fonts = root / "fonts"
    fonts.mkdir()
    make_font("Bulletin Test Song", "Regular", SONG, cff=True, zh="测试宋体").save(
        fonts / "song.otf")
    make_font("Bulletin Test Hei", "Regular", HEI, cff=False, zh="测试黑体").save(
        fonts / "hei.ttf")
    ttc = TTCollection()
    ttc.fonts = [make_font("Bulletin Test Kai", "Regular", KAI, cff=False, zh="测试楷体"),
                 make_font("Bulletin Test Kai", "Bold", KAI, cff=False, weight=700,
                           zh="测试楷体")]
    ttc.save(fonts / "kai.ttc")
    otc = TTCollection()
    otc.fonts = [make_font("Bulletin Test Fang", "Regular", FANG, cff=True, zh="测试仿宋"),
                 make_font("Bulletin Test Fang", "Bold", FANG, cff=True, weight=700)]
    otc.save(fonts / "fang.otc")
    locked = root / "locked"
    locked.mkdir()
    make_font("Bulletin Test Locked", "Regular", SONG, cff=False, fs_type=2).save(
        locked / "locked.ttf")
    system = root / "system"
    system.mkdir()
    make_font("Bulletin Test ExtB", "Regular", EXT_B + "古", cff=False).save(
        system / "extb.ttf")
    return root


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A test cache, and an empty 'system': nothing depends on the machine's fonts."""
    cache = tmp_path_factory.getbasetemp() / "font-cache"
    empty = tmp_path_factory.getbasetemp() / "no-system-fonts"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(cache))
    monkeypatch.setenv("BULLETIN_SYSTEM_FONT_DIRS", str(empty))
    return cache


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


LAYOUT = """\
name: font-test
page: {size: A5}
grid: {columns: 1}
fonts:
  title: [测试宋体, serif]                    # CFF .otf, by its Chinese name
  body: [fonts/hei.ttf, serif]               # a .ttf by path, relative to this file
  lead:                                      # a .ttc member by family, bold cut by name
    regular: [Bulletin Test Kai, kai]
    bold: [Bulletin Test Kai Bold, serif-bold]
  kicker: [Bulletin Test Fang, sans]         # a CFF .otc member
styles:
  body:   {font: body, size: 五号}
  title:  {font: title, size: 二号}
  lead:   {font: lead, size: 五号}
  kicker: {font: kicker, size: 五号}
"""

ISSUE = """\
bulletin: {name: 测试报}
articles:
  - kicker: 仿宋通知
    title: 测试标题
    lead: 导语**楷书**。
    body:
      - 正文内容，黑。
"""


def pdf_fonts(pdf: Path) -> dict[str, object]:
    fonts = {}
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def chars_by_font(pdf: Path) -> dict[str, str]:
    """Extracted text per PostScript name (subset tag dropped), in drawing order."""
    out: dict[str, str] = {}
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for ch in page.chars:
                name = ch["fontname"].split("+", 1)[-1]
                out[name] = out.get(name, "") + ch["text"]
    return out


# --------------------------------------------------------------------------- finding fonts


def test_family_names_in_english_and_chinese(font_dir: Path) -> None:
    r = Resolver(user_dirs=[font_dir / "fonts"])
    song = r.face("Bulletin Test Song")
    assert r.face("测试宋体") is song and r.face("bulletin test song") is song
    assert song.is_cff and song.path.name == "song.otf"
    assert r.face("测试黑体").path.name == "hei.ttf"


def test_weights_pick_the_collection_member(font_dir: Path) -> None:
    r = Resolver(user_dirs=[font_dir / "fonts"])
    regular = r.face("Bulletin Test Kai")
    bold = r.face("Bulletin Test Kai", bold=True)
    assert (regular.index, bold.index) == (0, 1)
    assert r.face("Bulletin Test Kai Bold").index == 1  # full name
    assert r.face("测试楷体 粗体").index == 1  # Chinese family + weight word
    assert r.bold_of(regular) is bold
    assert r.face("Bulletin Test Fang Bold").index == 1  # an OTC member


def test_a_family_without_bold_gets_a_synthetic_one(font_dir: Path) -> None:
    r = Resolver(user_dirs=[font_dir / "fonts"])
    bold = r.face("Bulletin Test Song", bold=True)
    assert isinstance(bold, EmboldenedFace) and bold.base is r.face("Bulletin Test Song")
    assert isinstance(r.bold_of(bundled_face("kai")), EmboldenedFace)
    assert r.bold_of(bundled_face("serif")) is bundled_face("serif-bold")


def test_paths_and_collection_members(font_dir: Path) -> None:
    r = Resolver(base_dirs=[font_dir])
    assert r.face("fonts/kai.ttc#1").weight == 700
    assert r.face(str(font_dir / "fonts" / "song.otf")).is_cff
    with pytest.raises(FontNotFound, match="no member #5"):
        r.face("fonts/kai.ttc#5")
    with pytest.raises(FontNotFound, match="'fonts/nope.ttf' not found"):
        r.face("fonts/nope.ttf")


def test_not_found_says_what_was_searched_and_what_is_close(font_dir: Path) -> None:
    r = Resolver(user_dirs=[font_dir / "fonts"])
    with pytest.raises(FontNotFound) as err:
        r.face("Bulletin Test Sung")
    text = str(err.value)
    assert "no font named 'Bulletin Test Sung'" in text
    assert str(font_dir / "fonts") in text and "bundled" in text
    assert "Bulletin Test Song" in text  # the closest family
    with pytest.raises(FontNotFound) as err:
        r.face("宋体")  # a part of a Chinese family name
    assert "测试宋体" in str(err.value)


def test_system_folders_come_from_the_environment(font_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("BULLETIN_SYSTEM_FONT_DIRS", str(font_dir / "system"))
    assert Resolver().face("Bulletin Test ExtB").has(EXT_B)


# --------------------------------------------------------------------------- subsets


def test_cff_subset_is_truetype_and_small(font_dir: Path) -> None:
    face = open_face(font_dir / "fonts" / "song.otf")
    path = subset_file(face, "测试")
    font = TTFont(path)
    assert "glyf" in font and "CFF " not in font
    assert set(font.getBestCmap()) == {ord("测"), ord("试")}
    assert font["maxp"].numGlyphs == 3  # .notdef + two
    assert font["hmtx"][font.getBestCmap()[ord("测")]][0] == 1000


def test_otc_member_subset(font_dir: Path) -> None:
    face = open_face(font_dir / "fonts" / "fang.otc", 1)
    font = TTFont(subset_file(face, FANG))
    assert "glyf" in font and font["OS/2"].usWeightClass == 700


def test_subsets_are_cached_by_file_and_characters(font_dir: Path, monkeypatch,
                                                   isolated: Path) -> None:
    face = open_face(font_dir / "fonts" / "hei.ttf")
    first = subset_file(face, "正文")
    assert first.is_relative_to(isolated / "subsets")
    for maker in ("quick_subset", "make_subset"):
        monkeypatch.setattr(embedding, maker,
                            lambda *a: pytest.fail("a cached subset was made again"))
    assert subset_file(face, "文正正") == first  # same set, other order: same file
    with pytest.raises(pytest.fail.Exception):
        subset_file(face, "正文内")


def test_old_subsets_are_pruned(font_dir: Path, isolated: Path) -> None:
    face = open_face(font_dir / "fonts" / "hei.ttf")
    sets = ["".join(c for k, c in enumerate(HEI) if n >> k & 1) for n in range(1, 32)]
    paths = [subset_file(face, chars) for chars in sets[: embedding.KEEP_SUBSETS + 3]]
    kept = list(paths[-1].parent.glob(paths[-1].name.rsplit("-", 1)[0] + "-*.ttf"))
    assert len(kept) == embedding.KEEP_SUBSETS and paths[-1] in kept


def test_metrics_come_from_the_cache(font_dir: Path, monkeypatch, isolated: Path) -> None:
    path = font_dir / "fonts" / "hei.ttf"
    FontFace("warm-up", path)
    assert list((isolated / "metrics").glob("*.json"))
    monkeypatch.setattr(FontFace, "_measure", lambda self: pytest.fail("font was re-read"))
    face = FontFace("again", path)
    assert face.has("黑") and face.advance("黑") == 1.0 and face.ascent == 0.88


def test_a_font_that_forbids_embedding_is_a_clear_error(font_dir: Path) -> None:
    face = open_face(font_dir / "locked" / "locked.ttf")
    with pytest.raises(BulletinError, match="forbids embedding"):
        subset_file(face, "测")


# --------------------------------------------------------------------------- whole builds


@pytest.fixture
def case(font_dir: Path, tmp_path: Path) -> Path:
    """A content folder: the issue, its layout and its fonts folder."""
    shutil.copytree(font_dir / "fonts", tmp_path / "fonts")
    write(tmp_path, "layout.yaml", LAYOUT)
    return tmp_path


def test_otf_ttc_ttf_and_otc_faces_are_embedded_subset_and_extractable(case: Path) -> None:
    issue = write(case, "issue.yaml", ISSUE)
    out = case / "issue.pdf"
    warnings = build(issue, out, str(case / "layout.yaml"))
    assert not [w for w in warnings if "font" in str(w)], warnings
    fonts = pdf_fonts(out)
    wanted = {"BulletinTestSong-Regular": "测试标题", "BulletinTestHei-Regular": "正文内容黑",
              "BulletinTestKai-Regular": "导语", "BulletinTestKai-Bold": "楷书",
              "BulletinTestFang-Regular": "仿宋通知"}
    for ps in wanted:
        [base] = [name for name in fonts if name.endswith("+" + ps)]
        font = fonts[base]
        assert re.match(r"/[A-Z]{6}\+", base), base
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]  # Type0
        assert "/FontFile2" in descriptor, f"{ps} is not embedded"
        assert "/ToUnicode" in font, f"{ps} cannot be extracted"
        program = descriptor["/FontFile2"].get_object().get_data()
        assert len(program) < 4000, f"{ps}: {len(program)} bytes, not a subset"
    text = chars_by_font(out)
    for ps, chars in wanted.items():
        assert text[ps] == chars, (ps, text[ps])
    assert "，" in text["NotoSerifCJKsc-Regular"]  # per character: the chain's next font


def test_three_characters_no_font_has_are_named_in_one_message(case: Path) -> None:
    """All of them at once, each with its code point and place: not one per build."""
    text = ISSUE.replace("正文内容，黑。", f"正文内容{EXT_B}黑\U0002A6A6。")
    text = text.replace("测试标题", "测试\U0002A6A7标题")
    issue = write(case, "issue.yaml", text)
    result = CliRunner().invoke(main, ["build", str(issue), "--layout",
                                       str(case / "layout.yaml"), "-o", str(case / "x.pdf")])
    assert result.exit_code == 2
    message = result.output
    assert message.count("\n") == 1  # one message
    assert "no font has these 3 characters" in message
    for code in ("U+2A6A5", "U+2A6A6", "U+2A6A7"):
        assert code in message
    assert re.search(rf"{re.escape(str(issue))}:\d+:\d+", message)
    assert not (case / "x.pdf").exists()


def test_a_character_no_font_has_names_its_place(case: Path) -> None:
    issue = write(case, "issue.yaml", ISSUE.replace("正文内容，黑。", f"正文内容{EXT_B}黑。"))
    result = CliRunner().invoke(main, ["build", str(issue), "--layout",
                                       str(case / "layout.yaml"), "-o", str(case / "x.pdf")])
    assert result.exit_code == 2
    message = result.output
    assert f"{issue}:7:9:" in message
    assert f"'{EXT_B}' (U+2A6A5)" in message
    assert "article 1 “测试标题”, paragraph 1" in message
    assert "--allow-fallback" in message
    assert not (case / "x.pdf").exists()


def test_the_lead_and_the_masthead_are_named_too(case: Path) -> None:
    issue = write(case, "issue.yaml", ISSUE.replace("导语**楷书**。", f"导语{EXT_B}。"))
    with pytest.raises(BulletinError, match=r"article 1 “测试标题”, lead"):
        build(issue, case / "x.pdf", str(case / "layout.yaml"))
    issue = write(case, "issue.yaml", ISSUE.replace("测试报", f"测试报{EXT_B}"))
    with pytest.raises(BulletinError, match=r"in the masthead's name"):
        build(issue, case / "x.pdf", str(case / "layout.yaml"))


def test_fallback_draws_from_an_installed_font_and_warns(case: Path, font_dir: Path,
                                                         monkeypatch) -> None:
    monkeypatch.setenv("BULLETIN_SYSTEM_FONT_DIRS", str(font_dir / "system"))
    issue = write(case, "issue.yaml", ISSUE.replace("正文内容，黑。", f"正文内容{EXT_B}黑。"))
    out = case / "x.pdf"
    result = CliRunner().invoke(main, ["build", str(issue), "--layout",
                                       str(case / "layout.yaml"), "-o", str(out),
                                       "--allow-fallback"])
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.output.splitlines() if "U+2A6A5" in line)
    assert warning.startswith("warning: ") and "Bulletin Test ExtB" in warning
    assert f"{issue}:7:9" in warning and "paragraph 1" in warning
    assert chars_by_font(out)["BulletinTestExtB-Regular"] == EXT_B


def test_layout_can_allow_fallback(case: Path, font_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("BULLETIN_SYSTEM_FONT_DIRS", str(font_dir / "system"))
    layout = write(case, "layout.yaml", LAYOUT.replace("fonts:\n", "fonts:\n  fallback: system\n"))
    issue = write(case, "issue.yaml", ISSUE.replace("测试标题\n", f"测试{EXT_B}标题\n"))
    warnings = build(issue, case / "x.pdf", str(layout))
    assert any("U+2A6A5" in str(w) and "title" in str(w) for w in warnings)
    assert EXT_B in chars_by_font(case / "x.pdf")["BulletinTestExtB-Regular"]


def test_fallback_without_any_font_that_has_it_is_still_an_error(case: Path) -> None:
    issue = write(case, "issue.yaml", ISSUE.replace("正文内容，黑。", f"正文{EXT_B}。"))
    with pytest.raises(BulletinError, match="no installed font has it either"):
        build(issue, case / "x.pdf", str(case / "layout.yaml"), allow_fallback=True)


def test_with_fallback_every_character_no_installed_font_has_is_named_at_once(
        case: Path, font_dir: Path, monkeypatch) -> None:
    """𪚥 is in the test system folder's font and is drawn from it; the two others are
    in no font at all: both named in one message, as without fallback."""
    monkeypatch.setenv("BULLETIN_SYSTEM_FONT_DIRS", str(font_dir / "system"))
    text = ISSUE.replace("正文内容，黑。", f"正文内容{EXT_B}黑\U0002A6A6。")
    issue = write(case, "issue.yaml", text.replace("测试标题", "测试\U0002A6A7标题"))
    with pytest.raises(BulletinError) as caught:
        build(issue, case / "x.pdf", str(case / "layout.yaml"), allow_fallback=True)
    message = str(caught.value)
    assert "no font has these 2 characters" in message and "no installed font" in message
    assert "U+2A6A6" in message and "U+2A6A7" in message and "U+2A6A5" not in message
    assert not (case / "x.pdf").exists()


def test_synthetic_bold_is_stroked_and_warned_once(tmp_path: Path) -> None:
    issue = write(tmp_path, "issue.yaml", "bulletin: {name: 测试报}\narticles:\n"
                  "  - title: 标题\n    lead: 导语**加粗**和**再粗**。\n"
                  "    body: [正文。]\n    source: 来源**加粗**\n")
    out = tmp_path / "x.pdf"
    warnings = build(issue, out)
    synthetic = [str(w) for w in warnings if "synthetic bold" in str(w)]
    assert len(synthetic) == 1 and "Bulletin WenKai" in synthetic[0]
    content = b"".join(p.get_contents().get_data() for p in PdfReader(out).pages)
    assert b" 2 Tr" in content and b" 0 Tr" in content
    text = "".join(chars_by_font(out).values())
    assert "加粗" in text and "再粗" in text


def test_a_missing_font_name_warns_and_uses_the_rest_of_the_chain(case: Path) -> None:
    layout = write(case, "layout.yaml", LAYOUT.replace("[测试宋体, serif]",
                                                       "[方正小标宋简体, 测试宋体, serif]"))
    warnings = build(write(case, "issue.yaml", ISSUE), case / "x.pdf", str(layout))
    [warning] = [str(w) for w in warnings if "方正小标宋简体" in str(w)]
    line = LAYOUT.splitlines().index(next(x for x in LAYOUT.splitlines() if "title:" in x)) + 1
    assert f"{layout}:{line}:" in warning and "using the other fonts of 'title'" in warning


@pytest.mark.parametrize(("old", "new", "message"), [
    ("[测试宋体, serif]", "[方正小标宋简体]", "no font named '方正小标宋简体'"),
    ("[fonts/hei.ttf, serif]", "[fonts/nope.ttf, serif]", "font file 'fonts/nope.ttf' not found"),
    ("    regular: [Bulletin Test Kai, kai]\n", "    regualr: [Bulletin Test Kai, kai]\n",
     "did you mean 'regular'"),
    ("fonts:\n", "fonts:\n  fallback: maybe\n", "unknown fallback 'maybe'"),
    ("{font: body, size: 五号}", "{font: bodyy, size: 五号}", "or a family from"),
    ("[测试宋体, serif]", "[]", "lists no font"),
])
def test_layout_font_errors_point_into_the_layout(case: Path, old: str, new: str,
                                                  message: str) -> None:
    text = LAYOUT.replace(old, new)
    assert text != LAYOUT
    layout = write(case, "layout.yaml", text)
    with pytest.raises(BulletinError) as err:
        build(write(case, "issue.yaml", ISSUE), case / "x.pdf", str(layout))
    assert message in str(err.value)
    assert str(err.value).startswith(f"{layout}:")
    assert re.match(rf"{re.escape(str(layout))}:\d+:\d+: ", str(err.value))


def test_bundled_layouts_still_load_with_the_fonts_section_absent() -> None:
    layout = load_layout(Path(__file__).resolve().parents[1] / "layouts" / "newsletter-a4.yaml")
    assert layout.fonts == {} and layout.font_fallback == "error"
    assert layout.styles["lead"].bold_faces[0] == "kai:bold"


# --------------------------------------------------------------------------- bulletin fonts


def test_fonts_command_lists_roles_files_and_coverage(case: Path) -> None:
    result = CliRunner().invoke(main, ["fonts", "--layout", str(case / "layout.yaml")])
    assert result.exit_code == 0, result.output
    out = result.output
    body = next(line for line in out.splitlines() if line.startswith("body "))
    assert "hei.ttf → NotoSerifSC-Regular.ttf" in body and "8105 100.0%" in body
    title = next(line for line in out.splitlines() if line.startswith("title "))
    assert "song.otf" in title
    assert "kai.ttc#1" in out and "CFF" in out
    default = CliRunner().invoke(main, ["fonts"])
    assert "NotoSerifSC-Regular.ttf" in default.output and "synthetic bold" in default.output


def test_fonts_command_lists_what_no_font_covers(case: Path) -> None:
    issue = write(case, "issue.yaml", ISSUE.replace("正文内容，黑。", f"正文内容{EXT_B}黑。"))
    result = CliRunner().invoke(main, ["fonts", str(issue), "--layout",
                                       str(case / "layout.yaml")])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "U+2A6A5" in x)
    assert f"{issue}:7:9" in line and "paragraph 1" in line and "[body]" in line
    assert "no installed font has it" in line


# --------------------------------------------------------------------------- real fonts

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


@pytest.mark.skipif(not NOTO.exists(), reason="needs Debian's fonts-noto-cjk")
def test_an_installed_cff_collection_member(monkeypatch, tmp_path: Path) -> None:
    """A real OTC (Noto Serif CJK, CFF outlines, 10 members): the TC member by name."""
    monkeypatch.setenv("BULLETIN_SYSTEM_FONT_DIRS", str(NOTO.parent))
    face = Resolver().face("Noto Serif CJK TC")
    assert face.is_cff and face.path == NOTO and face.index > 0
    font = TTFont(subset_file(face, "臺灣的文字"))
    assert "glyf" in font and len(font.getBestCmap()) == 5


def test_example_pdf_stays_small(tmp_path: Path) -> None:
    out = tmp_path / "example.pdf"
    build(example_content(), out)
    assert out.stat().st_size < 400_000
    assert len(pdf_fonts(out)) >= 4


def test_the_pdf_is_the_same_from_a_cold_and_a_warm_cache(case: Path, monkeypatch) -> None:
    """Subsets carry no timestamps: a rebuild gives the same bytes, whatever the cache."""
    issue = write(case, "issue.yaml", ISSUE)
    pdfs = []
    for cache in ("one", "one", "other"):
        monkeypatch.setenv("BULLETIN_CACHE_DIR", str(case / cache))
        out = case / f"{len(pdfs)}.pdf"
        build(issue, out, str(case / "layout.yaml"))
        pdfs.append(out.read_bytes())
    assert pdfs[0] == pdfs[1] == pdfs[2]
