"""End to end: the CLI builds real PDFs; read them back and check text, order and fonts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from bulletin.build import example_content
from bulletin.cli import main
from bulletin.content import expected_paragraphs, load_issue

ROOT = Path(__file__).resolve().parent.parent
PDFCHECK = ROOT.parent / "shared" / "tools" / "pdfcheck.py"
SHORT = "bulletin: {name: 测试报}\narticles:\n  - title: 标题\n    body: [正文。]\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "example.pdf"
    result = CliRunner().invoke(main, ["build", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert written(result.output) == [str(out)]
    return out


def page_text(pdf: Path) -> str:
    """The text of all pages in drawing order, without running heads and folios."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, 1):
            text = "".join(ch["text"] for ch in page.chars if not ch["text"].isspace())
            text = text.removesuffix(f"第{number}版")
            text = re.sub(r"（下转第\d+版）", "", text)
            if number > 1:
                text = text.removeprefix("长阳社区报第12期2021年6月18日")
                text = re.sub(r"^[^（]*（上接第\d+版）", "", text)  # a 转版标题: the title again
            out.append(text)
    return "".join(out)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def write(tmp_path: Path, text: str, name: str = "issue.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_build_without_arguments_writes_the_example_here(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "changyang.pdf"
    assert written(result.output) == [str(pdf)]
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_every_paragraph_of_the_example_is_in_the_pdf_in_order(example_pdf: Path) -> None:
    text = page_text(example_pdf)
    position = 0
    for paragraph in expected_paragraphs(load_issue(example_content())):
        found = text.find(squash(paragraph), position)
        assert found >= 0, f"missing or out of order: {paragraph[:30]}"
        assert text.count(squash(paragraph)) == 1, f"duplicated: {paragraph[:30]}"
        position = found + len(squash(paragraph))


def test_every_font_is_embedded_and_subset(example_pdf: Path) -> None:
    reader = PdfReader(example_pdf)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert re.match(r"/[A-Z]{6}\+", name), f"{name} is not a subset"
        assert font["/Subtype"] == "/Type0", f"{name} is not one Type0 font for its face"
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
        assert "/ToUnicode" in font, f"{name} has no ToUnicode map"
    families = " ".join(fonts)
    for family in ("NotoSerifCJKsc-Regular", "NotoSansCJKsc-Bold", "BulletinWenKai"):
        assert family in families


def test_masthead_and_pages(example_pdf: Path) -> None:
    reader = PdfReader(example_pdf)
    assert len(reader.pages) == 2
    first = squash(reader.pages[0].extract_text())
    assert "长阳社区报" in first and "第12期" in first and "2021年6月18日" in first
    assert reader.metadata.title == "长阳社区报 第12期"
    titles = [o.title for o in reader.outline]
    assert titles == ["打通服务群众的最后一公里", "我们的传家宝：红岩精神"]


def test_names_outside_gb2312_render_from_bundled_fonts(tmp_path: Path) -> None:
    names = "王喆 李玥 张堃 陈昇"
    src = write(tmp_path, f"bulletin: {{name: 测试报}}\narticles:\n  - title: {names}\n"
                          f"    body: [\"参加活动的有{names}等同志。\"]\n")
    out = tmp_path / "names.pdf"
    result = run("build", str(src), "-o", str(out))
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as doc:
        chars = [c for p in doc.pages for c in p.chars]
    text = "".join(c["text"] for c in chars)
    for name in names.split():
        assert text.count(name) == 2
    assert all(c["text"] not in ("", "\ufffd") for c in chars)


def test_a_character_no_font_has_is_an_error_with_its_place(tmp_path: Path) -> None:
    src = write(tmp_path, "bulletin: {name: 测试报}\narticles:\n  - title: 古籍\n"
                          "    body:\n      - 图书馆藏有“𪚥”字的古籍拓本。\n")
    out = tmp_path / "x.pdf"
    result = run("build", str(src), "-o", str(out))
    assert result.exit_code == 2
    assert "U+2A6A5" in result.output and f"{src}:5:" in result.output
    assert not out.exists()


def test_bad_input_keeps_the_previous_pdf(tmp_path: Path) -> None:
    out = tmp_path / "issue.pdf"
    good = write(tmp_path,
                 "bulletin: {name: 测试报}\narticles:\n  - title: 标题\n    body: [正文。]\n")
    assert run("build", str(good), "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    bad = write(tmp_path, "bulletin: {name: 测试报}\narticles:\n  - sutitle: 标题\n", "bad.yaml")
    result = run("build", str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert f"{bad}:3:5:" in result.output and "subtitle" in result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_errors_have_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    bad = write(tmp_path, "bulletin:\n  name: [1, 2]\narticles: []\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bulletin.cli", "build", str(bad)],
                          capture_output=True, text=True, cwd=tmp_path, env=env)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {bad}:2:9:")
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.glob("*.pdf")) == []


def test_unknown_layout_name_suggests_the_closest(tmp_path: Path) -> None:
    result = run("build", "--layout", "newsleter-a4", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert "newsletter-a4" in result.output


def test_layout_errors_point_into_the_layout_file(tmp_path: Path) -> None:
    layout = (ROOT / "layouts" / "newsletter-a4.yaml").read_text(encoding="utf-8")
    broken = layout.replace("gutter: 2字", "gutter: 2 chars")
    path = write(tmp_path, broken, "mine.yaml")
    line = broken.splitlines().index(next(x for x in broken.splitlines() if "2 chars" in x)) + 1
    result = run("build", "--layout", str(path), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert f"{path}:{line}:" in result.output and "12mm" in result.output


def test_output_into_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = run("build", "-o", str(tmp_path / "no" / "x.pdf"))
    assert result.exit_code == 2 and "folder" in result.output


@pytest.mark.skipif(not PDFCHECK.exists(), reason="the shared PDF checker is not beside the repo")
def test_independent_checker_finds_nothing_wrong(example_pdf: Path) -> None:
    expect = ROOT / "content" / "paragraphs.txt"
    proc = subprocess.run([sys.executable, str(PDFCHECK), str(example_pdf), "--expect",
                           str(expect), "--json"], capture_output=True, text=True, check=True)
    report = json.loads(proc.stdout)
    completeness = report["completeness"]
    # A continued article's 转版标题 repeats its title: only that may be read twice.
    titles = {a.title.plain[:24] for a in load_issue(example_content()).articles}
    repeated = [p["text"] for p in completeness["problems"] if p.get("duplicated")]
    assert completeness["missing"] == 0 and all(t.rstrip("…") in titles for t in repeated)
    assert completeness["missing_chars"] <= 4  # the banner 党史学习 reads out of geometric order
    assert report["kinsoku"]["violations"] == 0
    assert report["bounds"]["glyphs_outside_page"] == 0
    assert report["bounds"]["glyphs_in_margin"] == 0
    assert report["overlap"]["glyph_pairs"] == 0
    assert report["justification"]["fraction_deviating"] <= 0.01
    assert report["spacing"]["overcompressed_lines"] == 0
    assert report["fonts"]["all_used_embedded"] and report["fonts"]["all_used_subset"]


def written(output: str) -> list[str]:
    """The files a build says it wrote: one a line, the path before two spaces."""
    return [line.split("  (")[0] for line in output.splitlines()
            if not line.startswith(("warning", "error"))]


def test_png_of_each_page_for_sharing(tmp_path: Path) -> None:
    out = tmp_path / "example.pdf"
    result = run("build", "-o", str(out), "--png")
    assert result.exit_code == 0, result.output
    pngs = sorted(tmp_path.glob("example-*.png"))
    assert [p.name for p in pngs] == ["example-1.png", "example-2.png"]
    assert written(result.output) == [str(out), *map(str, pngs)]
    assert re.search(r"example\.pdf  \(2 pages, \d+ KB\)", result.output)
    assert re.search(r"example-1\.png  \(12\d\d×175\d px, \d+ KB\)", result.output)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)


def test_identical_input_gives_identical_bytes_and_source_date_epoch_is_honoured(
    tmp_path: Path, monkeypatch
) -> None:
    first, second, dated = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    assert run("build", "-o", str(first)).exit_code == 0
    assert run("build", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1624000000")  # 2021-06-18 07:06:40 UTC
    assert run("build", "-o", str(dated)).exit_code == 0
    info = PdfReader(dated).metadata
    assert info["/CreationDate"].startswith("D:20210618070640")
    assert PdfReader(first).metadata["/CreationDate"] != info["/CreationDate"]
    assert PdfReader(dated).trailer["/Root"]["/Lang"] == "zh-CN"


def test_layouts_are_listed_and_shown_for_copying() -> None:
    listed = run("layouts")
    assert listed.exit_code == 0
    names = [line.split()[0] for line in listed.output.splitlines()]
    for name in ("newsletter-a4", "newsletter-a3", "briefing-a4", "poster-a3", "poster-a2",
                 "poster-a1", "board-600x800", "board"):
        assert name in names
    shown = run("layouts", "show", "briefing-a4")
    assert shown.exit_code == 0
    assert shown.output == (ROOT / "layouts" / "briefing-a4.yaml").read_text(encoding="utf-8")
    missing = run("layouts", "show", "brefing-a4")
    assert missing.exit_code == 2 and "briefing-a4" in missing.output


def test_briefing_of_a_short_notice_is_one_page(tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    result = run("build", str(ROOT / "content" / "tongzhi.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = squash(reader.pages[0].extract_text())
    for piece in ("长阳镇社区工作简报", "第5期", "编印：长阳镇社区建设办公室", "2021年6月18日印发"):
        assert piece in text


def test_a_stretched_dash_does_not_stretch_the_lines_after_it(tmp_path: Path) -> None:
    """Tz (horizontal scale) is graphics state: it must not leak past the dash's line."""
    from bulletin.flow.model import Document, Page, TextLine
    from bulletin.fontstage import bundled_face
    from bulletin.render import render_pdf
    from bulletin.typeset import Glyph, Line

    bundled_face("serif")
    dash = Line((Glyph("初", "serif", 10, 0), Glyph("心", "serif", 10, 10),
                 Glyph("—", "serif", 10, 20, 1.12), Glyph("—", "serif", 10, 30, 1.12)),
                40, 40, 10)
    after = Line(tuple(Glyph(ch, "serif", 10, 10 * k) for k, ch in enumerate("中共中央")),
                 40, 40, 10)
    page = Page(200, 200, [TextLine(20, 150, dash), TextLine(20, 130, after)])
    out = tmp_path / "dash.pdf"
    out.write_bytes(render_pdf(Document([page])))
    with pdfplumber.open(out) as pdf:
        han = [c for c in pdf.pages[0].chars if c["text"] in "中共央"]
    assert len(han) == 4
    assert all(abs((c["x1"] - c["x0"]) - 10) < 0.01 for c in han)


def test_output_never_replaces_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    src = write(tmp_path, SHORT)
    before = src.read_bytes()
    result = run("build", str(src), "-o", str(src))
    assert result.exit_code == 2 and "is not a PDF" in result.output
    assert src.read_bytes() == before


def test_png_lists_only_the_pages_of_this_build(tmp_path: Path) -> None:
    out = tmp_path / "issue.pdf"
    assert run("build", "-o", str(out), "--png").exit_code == 0  # two pages
    short = write(tmp_path, SHORT, "short.yaml")
    result = run("build", str(short), "-o", str(out), "--png")
    assert result.exit_code == 0
    assert written(result.output) == [str(out), str(tmp_path / "issue-1.png")]


def test_png_needs_no_system_tool(tmp_path: Path) -> None:
    """PNG pages are drawn in-process: a pip-only install, PATH without pdftoppm."""
    out = tmp_path / "x.pdf"
    env = {**os.environ, "PATH": str(tmp_path / "empty"),
           "BULLETIN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "bulletin.cli", "build", "-o", str(out),
                           "--width", "1080"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    pngs = sorted(tmp_path.glob("x-*.png"))
    assert len(pngs) == 2
    for png in pngs:
        with Image.open(png) as picture:
            assert picture.width == 1080
            assert abs(picture.height - 1080 * 297 / 210) <= 1  # A4 kept in proportion
            assert picture.convert("L").getextrema()[0] < 64  # something dark: text drawn


def test_png_resolution_is_chosen_by_dpi(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    assert run("build", "-o", str(out), "--png", "--dpi", "72").exit_code == 0
    with Image.open(tmp_path / "x-1.png") as picture:
        assert abs(picture.width - 595.3) <= 1 and abs(picture.height - 841.9) <= 1


def test_a_wrong_layout_named_in_the_content_is_reported_where_it_is_written(
    tmp_path: Path,
) -> None:
    src = write(tmp_path, "bulletin: {name: 测试报}\nlayout: newsleter-a4\n"
                          "articles:\n  - title: 标题\n    body: [正文。]\n")
    result = run("build", str(src), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert f"{src}:2:9: no layout named 'newsleter-a4'" in result.output
    assert "newsletter-a4" in result.output


def test_a_headline_taller_than_a_page_is_an_error(tmp_path: Path) -> None:
    src = write(tmp_path, "bulletin: {name: 测试报}\narticles:\n  - title: " + "标题很长" * 250
                + "\n    body: [正文。]\n")
    out = tmp_path / "x.pdf"
    result = run("build", str(src), "-o", str(out))
    assert result.exit_code == 2 and "taller than a page" in result.output
    assert not out.exists()


def test_the_command_line_starts_without_the_heavy_stages() -> None:
    """`bulletin --help` answers at once: ReportLab, fontTools and Pillow load only when
    a command needs them."""
    code = ("import sys, bulletin.cli\n"
            "print(sorted({m.split('.')[0] for m in sys.modules}"
            " & {'reportlab', 'fontTools', 'PIL', 'pypdfium2', 'yaml'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
