"""Mistakes in layouts and output, told in Chinese (issue #14).

居委会 staff read English poorly: each message here must read as Chinese, with the
layout key as typed beside what it means, and the English must stay word for word
what it was (other tests and users' scripts read it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from bulletin.build import omitted
from bulletin.content import load_issue
from bulletin.errors import BulletinError
from bulletin.export import summary
from bulletin.export.tile import paper_size
from bulletin.i18n import tell
from bulletin.style.layout import find_layout, load_layout

ROOT = Path(__file__).resolve().parent.parent
UNITS = {"pt", "mm", "KB", "MB", "yaml", "yml"}  # said the same way in Chinese


def english_words(text: str) -> list[str]:
    """Latin words in ``text`` outside what the user typed (“…”) and file paths: in a
    Chinese message there should be none but units."""
    text = re.sub(r"“[^”]*”", "", text)
    text = re.sub(r"\S*/\S*", "", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in UNITS]


def layout_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "layouts" / "newsletter-a4.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "mine.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def layout_error(path: Path) -> BulletinError:
    with pytest.raises(BulletinError) as e:
        load_layout(path)
    return e.value


def test_an_unknown_layout_key_names_the_section_and_the_key_it_meant(tmp_path: Path) -> None:
    error = layout_error(layout_with(tmp_path, "columns: 3", "colums: 3"))
    assert str(error).endswith("unknown key 'colums' in grid; did you mean 'columns'?")
    zh = error.tell("zh")
    assert zh.endswith("“grid”（分栏）里有不认识的字段“colums”；是不是想写“columns”（栏数）？"), zh
    assert zh.startswith(f"{tmp_path / 'mine.yaml'}:")
    assert english_words(zh) == [], zh


def test_a_bad_length_says_what_a_length_looks_like(tmp_path: Path) -> None:
    error = layout_error(layout_with(tmp_path, "gutter: 2字", "gutter: 3xx"))
    assert str(error).endswith("gutter: '3xx' is not a length; write a length such as 12mm, "
                               "10.5pt, 五号 or 2字")
    zh = error.tell("zh")
    assert zh.endswith("“gutter”（栏间距）：“3xx”不是长度；长度请写成 12mm、10.5pt、五号或 2字 "
                       "这样"), zh
    assert english_words(zh) == [], zh


def test_a_font_size_out_of_range_is_said_in_points(tmp_path: Path) -> None:
    error = layout_error(layout_with(tmp_path, "font: kai, size: 六号", "font: kai, size: 900pt"))
    assert "font size 900pt is out of range; use 2pt to 400pt, e.g. 五号" in str(error)
    zh = error.tell("zh")
    assert "字号 900 pt 超出范围；请用 2 pt 到 400 pt 之间的字号，例如五号" in zh, zh
    assert english_words(zh) == [], zh


def test_a_layout_not_found_suggests_the_one_meant() -> None:
    with pytest.raises(BulletinError) as e:
        find_layout("newsleter-a4")
    assert str(e.value) == ("no layout named 'newsleter-a4'; did you mean 'newsletter-a4'? "
                            "(or give a path to a .yaml file)")
    zh = e.value.tell("zh")
    assert zh == ("没有名为“newsleter-a4”的版式；是不是想写“newsletter-a4”？"
                  "（也可以写一个 .yaml 版式文件的路径）"), zh
    assert english_words(zh) == [], zh


def test_an_omitted_field_is_said_in_chinese(tmp_path: Path) -> None:
    content = tmp_path / "issue.yaml"
    content.write_text("bulletin:\n  name: 长阳社区报\n  tagline: 邻里同心\narticles:\n"
                       "  - title: 通知\n    body:\n      - 明天停水。\n", encoding="utf-8")
    issue = load_issue(content)
    layout = load_layout(find_layout("briefing-a4"))
    [warning] = omitted(issue, layout)
    assert str(warning) == ("layout briefing-a4 leaves out the tagline ('邻里同心'): it is not "
                            "printed; choose another layout to print it")
    zh = tell(warning, "zh")
    assert zh == ("版式“briefing-a4”不印“tagline”（口号）：“邻里同心”不会印出来；"
                  "要印出来，请换一个版式"), zh
    assert english_words(zh) == [], zh


def test_a_tile_on_an_unknown_paper_lists_the_papers() -> None:
    with pytest.raises(BulletinError) as e:
        paper_size("A9")
    assert str(e.value) == ("unknown paper 'A9'; use one of A0, A1, A2, A3, A4, A5, B4, B5, "
                            "16K, 8K, e.g. --paper A4")
    zh = e.value.tell("zh")
    assert zh == ("不认识的纸张大小“A9”；请用 A0、A1、A2、A3、A4、A5、B4、B5、16K、8K 之一，"
                  "例如 --paper A4"), zh
    assert "unknown" not in zh and "use one of" not in zh


def test_the_export_summary_counts_pages_and_pixels_in_chinese(tmp_path: Path) -> None:
    pdf = tmp_path / "issue.pdf"
    canvas = Canvas(str(pdf))
    canvas.showPage()
    canvas.showPage()
    canvas.save()
    line = summary(pdf)
    assert re.fullmatch(rf"{re.escape(str(pdf))}  \(2 pages, \d+ KB\)", str(line)), line
    zh = tell(line, "zh")
    assert re.fullmatch(rf"{re.escape(str(pdf))}  （2 页，\d+ KB）", zh), zh
    png = tmp_path / "issue-1.png"
    Image.new("RGB", (300, 200), "white").save(png)
    assert re.fullmatch(r".*  \(300×200 px, \d+ KB\)", str(summary(png)))
    zh = tell(summary(png), "zh")
    assert re.fullmatch(r".*  （300×200 像素，\d+ KB）", zh), zh
    assert english_words(zh) == [], zh
