"""What messages reveal and what they print (issue 17, fault 7).

A message may quote the user's own content file and their own layout, where that helps
(unknown key 'titel'; did you mean 'title'?), but not the contents of some other file
named as a layout (``layout: /etc/shadow``). Invisible characters pasted from the web
are dropped with one warning instead of stopping the build, and no control character
ever reaches the terminal raw: messages show it as U+XXXX.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.build import build
from bulletin.cli import main
from bulletin.content import load_issue
from bulletin.errors import BulletinError
from bulletin.style.layout import find_layout, load_layout

ROOT = Path(__file__).resolve().parent.parent
NEWSLETTER = ROOT / "layouts" / "newsletter-a4.yaml"
SECRET = "$6$Zq9Fs3cr3tHash"
SHADOW = f"root:{SECRET}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"
ISSUE = "bulletin:\n  name: 长阳社区报\narticles:\n  - title: 标题\n    body: [第一段。]\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def message_of(call, *args) -> str:  # noqa: ANN001 - any callable that should refuse
    with pytest.raises(BulletinError) as info:
        call(*args)
    return str(info.value)


# --------------------------------------------------------------------------- other files


def test_a_layout_that_is_not_a_yaml_file_is_not_read(tmp_path: Path) -> None:
    """Before: 'unknown key 'root:$6$…' in the layout', the hash in the message."""
    shadow = write(tmp_path, "shadow", SHADOW)
    message = message_of(lambda: load_layout(find_layout(str(shadow))))
    assert "is not a layout file" in message and ".yaml or .yml" in message
    assert SECRET not in message and "root:" not in message and "daemon" not in message


def test_layout_in_the_content_pointing_at_another_file(tmp_path: Path) -> None:
    shadow = write(tmp_path, "shadow", SHADOW)
    content = write(tmp_path, "issue.yaml", ISSUE + f"layout: {shadow}\n")
    message = message_of(build, content, tmp_path / "out.pdf")
    assert message.startswith(f"{content}:6:9: '{shadow}' is not a layout file"), message
    assert SECRET not in message


def test_the_command_line_layout_option_pointing_at_another_file(tmp_path: Path) -> None:
    shadow = write(tmp_path, "passwd", SHADOW)
    content = write(tmp_path, "issue.yaml", ISSUE)
    result = CliRunner().invoke(main, ["build", str(content), "--layout", str(shadow),
                                       "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 2
    assert "is not a layout file" in result.output and SECRET not in result.output


def test_a_yaml_file_that_is_not_a_layout_is_not_quoted(tmp_path: Path) -> None:
    """Before: "unknown key 'password' in the layout"."""
    notes = write(tmp_path, "notes.yaml", "password: hunter2\nserver: example.org\n")
    message = message_of(load_layout, notes)
    assert message.startswith(f"{notes}: this is not a layout file"), message
    assert "password" not in message and "hunter2" not in message


def test_the_content_file_given_as_its_own_layout(tmp_path: Path) -> None:
    content = write(tmp_path, "issue.yaml", ISSUE + "layout: issue.yaml\n")
    message = message_of(build, content, tmp_path / "out.pdf")
    assert "this is not a layout file" in message and "标题" not in message


def test_a_list_given_as_a_layout(tmp_path: Path) -> None:
    path = write(tmp_path, "list.yaml", "- 甲\n- 乙\n")
    assert "this is not a layout file" in message_of(load_layout, path)


def test_the_users_own_layout_is_still_quoted_where_that_helps(tmp_path: Path) -> None:
    text = NEWSLETTER.read_text(encoding="utf-8").replace("\nstyles:", "\nstlyes:", 1)
    path = write(tmp_path, "mine.yaml", text)
    message = message_of(load_layout, path)
    assert "unknown key 'stlyes' in the layout; did you mean 'styles'?" in message


def test_a_layout_named_yml_is_a_layout(tmp_path: Path) -> None:
    path = write(tmp_path, "Mine.YML", NEWSLETTER.read_text(encoding="utf-8"))
    assert find_layout(str(path)) == path
    assert load_layout(path).columns == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_like_a_layout_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "layout.yaml"
    os.mkfifo(pipe)
    outcome: list[str] = []

    def load() -> None:
        try:
            load_layout(pipe)
        except BulletinError as e:
            outcome.append(str(e))

    reader = threading.Thread(target=load, daemon=True)  # before the fix, open() blocks
    reader.start()
    reader.join(5)
    assert outcome and "is not a regular file" in outcome[0], outcome


# --------------------------------------------------------------------------- invisible


def test_invisible_characters_are_dropped_with_one_warning(tmp_path: Path) -> None:
    """Zero-width space, BOM inside the text, soft hyphen, zero-width joiner, word joiner."""
    content = write(tmp_path, "issue.yaml",
                    "bulletin:\n  name: 长阳社区报\narticles:\n"
                    "  - title: 打通\u200b服务\n"
                    "    body:\n      - 第一\ufeff段\u00ad。\n      - 第二\u200d段\u2060。\n")
    issue = load_issue(content)
    assert issue.articles[0].title.plain == "打通服务"
    assert [b.text.plain for b in issue.articles[0].body] == ["第一段。", "第二段。"]
    assert issue.warnings == (
        f"{content}:4:14: dropped 5 invisible characters (the first is U+200B ZERO WIDTH "
        "SPACE); such characters come with text copied from a web page and would not "
        "print",)


def test_a_zero_width_space_no_longer_stops_the_build(tmp_path: Path) -> None:
    """Before: 'no font has the character U+200B'. A pasted one after a key's colon
    even hid the key ('title:\\u200b 标题' was one plain text)."""
    content = write(tmp_path, "issue.yaml",
                    "bulletin:\n  name: 长阳社区报\narticles:\n"
                    "  - title:\u200b 打通\u200b服务\n    body: [第一\u200b段。]\n")
    output = tmp_path / "out.pdf"
    build(content, output)
    assert output.read_bytes().startswith(b"%PDF-")
    assert len(load_issue(content).warnings) == 1


def test_one_invisible_character_is_one(tmp_path: Path) -> None:
    content = write(tmp_path, "issue.yaml", ISSUE.replace("第一段", "第一\u00ad段"))
    (warning,) = load_issue(content).warnings
    assert str(warning).startswith(f"{content}:5:14: dropped an invisible character (the first "
                              "is U+00AD SOFT HYPHEN)"), warning


def test_variation_selectors_from_a_chat_are_dropped(tmp_path: Path) -> None:
    """Chat apps put U+FE0F after a symbol (❤️ ☀️); an ideographic variation selector asks
    for a variant of a Han character no bundled font has. The character itself stays."""
    content = write(tmp_path, "issue.yaml",
                    ISSUE.replace("第一段", "★\ufe0f第一段○\ufe0e葛\U000e0100"))
    issue = load_issue(content)
    assert issue.articles[0].body[0].text.plain.startswith("★第一段○葛")
    (warning,) = issue.warnings
    assert "dropped 3 invisible characters (the first is U+FE0F VARIATION SELECTOR-16)" \
        in str(warning)
    output = tmp_path / "out.pdf"
    build(content, output)  # before: "no font has the character U+FE0F"
    assert output.read_bytes().startswith(b"%PDF-")


def test_a_clean_file_has_no_warnings(tmp_path: Path) -> None:
    assert load_issue(write(tmp_path, "issue.yaml", ISSUE)).warnings == ()


def test_invisible_characters_in_a_layout_are_dropped_too(tmp_path: Path) -> None:
    text = NEWSLETTER.read_text(encoding="utf-8").replace("columns: 3", "columns: 3\u200b")
    layout = load_layout(write(tmp_path, "mine.yaml", text))
    assert layout.columns == 3
    assert len(layout.warnings) == 1 and "U+200B ZERO WIDTH SPACE" in layout.warnings[0]


# --------------------------------------------------------------------------- the terminal


def test_an_escape_sequence_in_a_value_is_shown_as_code_points(tmp_path: Path) -> None:
    """A YAML escape can put ESC into a value that a message quotes."""
    content = write(tmp_path, "issue.yaml",
                    'bulletin:\n  name: 长阳社区报\n  date: "2021\\e[2J\\r\\u202e"\n'
                    "articles:\n  - title: 标题\n    body: [第一段。]\n")
    message = message_of(load_issue, content)
    assert "is not a date: '2021U+001B[2JU+000DU+202E'" in message, message
    assert message.isprintable()


def test_a_file_name_with_control_characters_is_shown_as_code_points(tmp_path: Path) -> None:
    message = message_of(load_issue, tmp_path / "a\x1b]0;title\x07\n.yaml")
    assert "aU+001B]0;titleU+0007U+000A.yaml: file not found" in message
    assert message.isprintable()


def test_a_layout_name_with_control_characters(tmp_path: Path) -> None:
    message = message_of(find_layout, "\x1b[31mred\u202e")
    assert message.startswith("no layout named 'U+001B[31mredU+202E'"), message


def test_the_command_line_prints_no_control_character(tmp_path: Path) -> None:
    content = write(tmp_path, "issue.yaml",
                    'bulletin:\n  name: 长阳社区报\narticles:\n  - title: 标题\n'
                    '    body:\n      - heading: "\\e[2J\\e]0;x\\a小标题"\n')
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(tmp_path / "o.pdf")])
    assert result.exit_code == 2
    assert "no font has these 2 characters: 'U+001B' (U+001B)" in result.output
    assert "'U+0007' (U+0007)" in result.output
    assert all(ch.isprintable() or ch == "\n" for ch in result.output), repr(result.output)


def test_an_undecodable_file_name_does_not_crash_the_message(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 in a path arrive as lone surrogates."""
    message = message_of(load_issue, tmp_path / "bad\udcff.yaml")
    assert "badU+DCFF.yaml: file not found" in message
    message.encode("utf-8")  # would raise on a lone surrogate


# ----------------------------------------------------------------------- YAML traps


@pytest.mark.parametrize(("text", "line", "col", "key"), [
    ("bulletin:\n  name: 报\narticles:\n  - title：打通服务\n    body:\n      - 正文。\n",
     4, 10, "title"),
    ("bulletin:\n  name：测试\narticles:\n  - title: 标题\n    body:\n      - 正文。\n",
     2, 7, "name"),
])
def test_a_full_width_colon_after_a_key_is_named_at_its_place(
    tmp_path: Path, text: str, line: int, col: int, key: str
) -> None:
    content = write(tmp_path, "issue.yaml", text)
    message = message_of(load_issue, content)
    assert f"{content}:{line}:{col}: '{key}：' has a full-width colon" in message
    assert f"type the half-width ':' and a space: '{key}: …'" in message
    assert "use the full-width colon" not in message


def test_a_paragraph_yaml_took_for_a_key_is_the_text_typed(tmp_path: Path) -> None:
    content = write(tmp_path, "issue.yaml",
                    "bulletin:\n  name: 报\narticles:\n  - title: 通知\n    body:\n"
                    "      - 联系人: 张丽华\n      - 电话: 010-64210000\n")
    body = load_issue(content).articles[0].body
    assert [block.text.plain for block in body] == ["联系人：张丽华", "电话：010-64210000"]


def test_a_chinese_field_name_still_gets_its_suggestion(tmp_path: Path) -> None:
    content = write(tmp_path, "issue.yaml",
                    "bulletin:\n  name: 报\narticles:\n  - title: 通知\n    body:\n"
                    "      - 小标题: 一、时间安排\n")
    assert "did you mean 'heading'?" in message_of(load_issue, content)
