"""Bounds on what a small YAML file can stand for, and on layout values (issue 17).

Aliases (``*name``) repeat what an anchor (``&name``) marks without copying it, so a
few KB could stand for gigabytes of text; the text a file expands to is bounded like
the file itself, and refused at the alias that crosses the bound before anything is
built. A layout's ``inherit`` may not go round in a loop, and no length may be longer
than the largest print a shop makes.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.build import build
from bulletin.cli import main
from bulletin.content import load_issue
from bulletin.errors import BulletinError
from bulletin.style.layout import load_layout
from bulletin.style.units import MAX_LENGTH, UnitError, parse_length
from bulletin.yamlsource import MAX_EXPANDED

ROOT = Path(__file__).resolve().parent.parent
NEWSLETTER = ROOT / "layouts" / "newsletter-a4.yaml"
HEAD = "bulletin:\n  name: 长阳社区报\narticles:\n  - title: 题\n    body:\n"
PARAGRAPH = "社区工作者为居民办实事，" * 100  # 1,200 characters, 3.6 KB


def write(tmp_path: Path, text: str, name: str = "issue.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(content: Path, tmp_path: Path, layout: str | None = None) -> tuple[str, float]:
    """The message ``build`` refuses ``content`` with, and how long that took; no PDF."""
    output = tmp_path / "out.pdf"
    start = time.monotonic()
    with pytest.raises(BulletinError) as info:
        build(content, output, layout)
    seconds = time.monotonic() - start
    assert not output.exists()
    return str(info.value), seconds


def line_of(text: str, part: str, occurrence: int = 1) -> int:
    """1-based number of the line holding the ``occurrence``-th ``part``."""
    rows = [n for n, row in enumerate(text.splitlines(), 1) if part in row]
    return rows[occurrence - 1]


# --------------------------------------------------------------------------- amplification


def nested_aliases_file(tmp_path: Path) -> tuple[Path, str]:
    """7 KB: a list of 40 aliases to a 1,200-character paragraph, repeated 180 times.
    The walker sees only 7,200 values, but the text is 8.6 million characters (before
    the bound, thousands of pages: killed after minutes)."""
    text = (HEAD + f'      - &p "{PARAGRAPH}"\n'
            + "      - list: &l [" + ", ".join(["*p"] * 40) + "]\n"
            + "".join("      - list: *l\n" for _ in range(180)))
    return write(tmp_path, text), text


def long_string_file(tmp_path: Path) -> tuple[Path, str]:
    """450 KB: one 60,000-character paragraph repeated 25,000 times by alias: 1.5
    billion characters (before the bound, loading alone did not end)."""
    text = (HEAD + f'      - &p "{PARAGRAPH * 50}"\n'
            + "".join("      - *p\n" for _ in range(25_000)))
    return write(tmp_path, text), text


def test_nested_aliases_to_long_text_are_refused_at_the_alias(tmp_path: Path) -> None:
    path, text = nested_aliases_file(tmp_path)
    assert path.stat().st_size < 8_000
    message, seconds = refused(path, tmp_path)
    # The list &l stands for 40 × 3.6 KB = 144 KB: with it, 13 repeats stay under 2 MB
    # and the 14th '- list: *l' crosses.
    assert 14 * 144_041 < MAX_EXPANDED < 15 * 144_041
    crossing = line_of(text, "- list: *l", 14)
    assert message.startswith(f"{path}:{crossing}:15: at the alias *l the file grows "
                              "past 2 MB of text"), message
    assert "instead of repeating it with &name and *name" in message
    assert seconds < 5


def test_a_billion_characters_by_alias_are_refused_at_once(tmp_path: Path) -> None:
    path, text = long_string_file(tmp_path)
    message, seconds = refused(path, tmp_path)
    assert message.startswith(f"{path}:"), message
    assert "at the alias *p the file grows past 2 MB" in message
    assert seconds < 5


def test_billion_laughs_is_refused_at_the_alias_that_crosses(tmp_path: Path) -> None:
    """Lists of lists of aliases: the classic; refused where it crosses, not walked."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    message, seconds = refused(path, tmp_path)
    # a4 stands for 243,577 bytes: the list &a5 crosses 2 MB at its 9th *a4.
    assert message.startswith(f"{path}:6:45: at the alias *a4 the file grows past 2 MB"), (
        message)
    assert seconds < 5


def test_a_layout_is_bounded_the_same_way(tmp_path: Path) -> None:
    """A layout's 'description' is never walked, so only the bound on the file stops it."""
    lines = ['x0: &x0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = NEWSLETTER.read_text(encoding="utf-8").replace(
        "\npage:", "\nunused:\n" + "".join(f"  {row}\n" for row in lines) + "page:", 1)
    layout = write(tmp_path, text, "mine.yaml")
    with pytest.raises(BulletinError) as info:
        load_layout(layout)
    crossing = line_of(text, "&x5")
    assert str(info.value).startswith(f"{layout}:{crossing}:47: at the alias *x4 the file "
                                      "grows past 2 MB"), info.value


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "      - list: &l [a, *l]\n")
    with pytest.raises(BulletinError) as info:
        load_issue(path)
    assert str(info.value).startswith(f"{path}:6:22: the alias *l is inside the &l"), (
        info.value)


def test_the_command_line_exits_2_on_amplification(tmp_path: Path) -> None:
    path, _ = nested_aliases_file(tmp_path)
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2, result.output
    assert "grows past 2 MB" in result.output and "Traceback" not in result.output


def test_aliases_within_the_bound_still_work(tmp_path: Path) -> None:
    """Repeating a byline or a short list is what aliases are for."""
    path = write(tmp_path, "bulletin:\n  name: 长阳社区报\narticles:\n"
                 "  - title: 一\n    byline: &by 文/记者 杨俊凯\n    body: &b [第一段。]\n"
                 "  - title: 二\n    byline: *by\n    body: *b\n")
    issue = load_issue(path)
    assert issue.articles[1].byline is not None
    assert issue.articles[1].byline.plain == "文/记者 杨俊凯"


# --------------------------------------------------------------------------- layouts


def layout_with(tmp_path: Path, *changes: tuple[str, str]) -> tuple[Path, str]:
    text = NEWSLETTER.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return write(tmp_path, text, "mine.yaml"), text


def layout_error(path: Path) -> str:
    with pytest.raises(BulletinError) as info:
        load_layout(path)
    return str(info.value)


KICKER = "kicker:    {font: sans,"
TITLE = "title:     {font: serif-bold,"
LEAD = "lead:      {font: kai,"


def test_a_style_inheriting_from_itself_is_an_error(tmp_path: Path) -> None:
    path, text = layout_with(tmp_path, (TITLE, "title:     {inherit: title, font: serif-bold,"))
    message = layout_error(path)
    assert message.startswith(f"{path}:{line_of(text, 'inherit: title')}:"), message
    assert "style 'title' inherits from itself" in message


def test_styles_inheriting_in_a_loop_name_the_loop(tmp_path: Path) -> None:
    path, text = layout_with(tmp_path, (KICKER, "kicker:    {inherit: title, font: sans,"),
                             (TITLE, "title:     {inherit: lead, font: serif-bold,"),
                             (LEAD, "lead:      {inherit: kicker, font: kai,"))
    message = layout_error(path)
    assert message.startswith(f"{path}:{line_of(text, 'inherit: kicker')}:"), message
    assert ("the styles inherit in a loop: 'kicker' inherits from 'title', which inherits "
            "from 'lead', which inherits from 'kicker'") in message


def test_inherit_follows_a_chain(tmp_path: Path) -> None:
    """kicker ← title ← lead: the kicker gets the lead's colour through the title."""
    path, _ = layout_with(tmp_path, ("kicker:    {font: sans,", "kicker:    {inherit: title,"),
                          (TITLE, "title:     {inherit: lead, font: serif-bold,"),
                          (LEAD, "lead:      {color: red, font: kai,"))
    layout = load_layout(path)
    assert layout.styles["kicker"].faces[0] == "serif-bold"
    assert layout.styles["kicker"].color == layout.styles["lead"].color == "#c8161d"


def test_the_body_cannot_inherit(tmp_path: Path) -> None:
    path, _ = layout_with(tmp_path, ("body:      {font: serif,",
                                     "body:      {inherit: title, font: serif,"))
    assert "the body style cannot inherit" in layout_error(path)


@pytest.mark.parametrize("size", ["[100000mm, 297mm]", "[210mm, 600cm]", "[15000pt, 297mm]",
                                  "[210mm, 300in]"], ids=["100000mm", "600cm", "15000pt", "300in"])
def test_page_sizes_are_bounded(tmp_path: Path, size: str) -> None:
    path, text = layout_with(tmp_path, ("size: A4 ", f"size: {size} "))
    message = layout_error(path)
    assert message.startswith(f"{path}:{line_of(text, size)}:"), message
    assert "page size" in message and "longer than 5 m, the largest print" in message


def test_a_5_metre_page_is_fine(tmp_path: Path) -> None:
    path, _ = layout_with(tmp_path, ("size: A4 ", "size: [5000mm, 1200mm] "))
    layout = load_layout(path)
    assert max(layout.page_width, layout.page_height) == pytest.approx(MAX_LENGTH)


def test_an_endless_number_is_no_length() -> None:
    """Hundreds of digits make float('inf'): never a length."""
    for text in ("9" * 400 + "mm", "9" * 400 + "字"):
        with pytest.raises(UnitError) as info:
            parse_length(text, 10.0)
        assert "longer than 5 m" in str(info.value) and len(str(info.value)) < 200
    with pytest.raises(UnitError):
        parse_length(float("inf"))
    with pytest.raises(UnitError):
        parse_length(float("nan"))


def test_margins_and_indents_are_bounded_too(tmp_path: Path) -> None:
    path, _ = layout_with(tmp_path, ("top: 14mm", "top: 9000mm"))
    assert "margin top: '9000mm' is longer than 5 m" in layout_error(path)
    path, _ = layout_with(tmp_path, ("indent: 2字", "indent: 100000字"))
    assert "longer than 5 m" in layout_error(path)


def test_a_poster_body_size_is_a_font_size(tmp_path: Path) -> None:
    path, _ = layout_with(tmp_path, ("\npage:", "\nfit: {min: 16pt, max: 5000pt}\npage:"))
    assert "fit max 5000pt is above 400pt" in layout_error(path)
