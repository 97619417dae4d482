"""The command line speaks the user's language: --lang, BULLETIN_LANG or the locale
decide; every line it prints, its help and click's own words follow."""

from __future__ import annotations

import gettext
import inspect
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import click
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.clilang import forced_language, wrap_wide
from bulletin.i18n import catalogue

GOOD = "bulletin: {name: 测试报}\narticles:\n  - title: 标题\n    body: [正文。]\n"
# Five mistakes of five kinds, on lines 1, 2, 4, 7 and 10.
FIVE_MISTAKES = (
    "bulletin: {name: 测试报, date: 2024-13-45}\n"
    "layuot: x\n"
    "articles:\n"
    "  - titel: 标题\n"
    "    body: [正文。]\n"
    "  - title: 标题\n"
    "    body: []\n"
    "  - title: 标题\n"
    "    body:\n"
    "      - image: nope.jpg\n"
)


def run(*args: str, env: dict[str, str] | None = None) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), env=env)


def bulletin(*args: str, lang: str = "C.UTF-8", cwd: Path | None = None
             ) -> subprocess.CompletedProcess[str]:
    """A real process, as a user starts it, under the locale ``lang``."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "BULLETIN_LANG")}
    env["LANG"] = lang
    return subprocess.run([sys.executable, "-m", "bulletin.cli", *args], capture_output=True,
                          text=True, env=env, cwd=cwd)


def help_texts(command: click.Command) -> list[str]:
    """Every help text of ``command`` and the commands under it."""
    texts = [inspect.cleandoc(command.help)] if command.help else []
    texts += [inspect.cleandoc(p.help) for p in command.params
              if isinstance(p, click.Option) and p.help]
    for sub in getattr(command, "commands", {}).values():
        texts += help_texts(sub)
    return texts


def test_every_help_text_has_a_chinese_translation() -> None:
    zh = catalogue("zh")
    missing = [text for text in help_texts(main) if zh.gettext(text) == text]
    assert not missing, missing


def test_help_is_chinese_under_a_chinese_locale_and_english_otherwise() -> None:
    chinese = bulletin("--help", lang="zh_CN.UTF-8")
    assert chinese.returncode == 0, chinese.stderr
    for words in ("用法：", "选项", "命令", "把 YAML 写的社区报", "显示这份说明，然后退出。",
                  "显示版本号", "在 FOLDER 里开始新的一期"):
        assert words in chinese.stdout, chinese.stdout
    assert "Usage:" not in chinese.stdout and "Show this message" not in chinese.stdout
    english = bulletin("--help")
    assert "Usage:" in english.stdout and "Show this message and exit." in english.stdout
    assert "用法" not in english.stdout
    assert "Usage:" in bulletin("--lang", "en", "--help", lang="zh_CN.UTF-8").stdout


def test_every_command_help_is_chinese_with_lang_zh() -> None:
    zh = catalogue("zh")
    for path in (["build"], ["check"], ["watch"], ["new"], ["import"], ["serve"],
                 ["fonts"], ["tile"], ["layouts"], ["layouts", "show"]):
        result = run("--lang", "zh", *path, "--help")
        assert result.exit_code == 0, result.output
        command: click.Command = main
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        first = zh.gettext(inspect.cleandoc(command.help or "")).split("。")[0]
        assert first[:12] in result.output.replace("\n  ", ""), (path, result.output)
        assert "Show this message" not in result.output and "用法：" in result.output
        assert "Options:" not in result.output


def test_lang_works_after_the_command_and_from_bulletin_lang() -> None:
    assert "用法：" in run("build", "--lang", "zh", "--help").output
    assert "用法：" in run("check", "--help", env={"BULLETIN_LANG": "zh"}).output
    assert "Usage:" in run("--lang", "en", "check", "--help",
                           env={"BULLETIN_LANG": "zh"}).output
    assert forced_language(["x", "--", "--lang", "zh"], {}) is None
    assert forced_language(["--lang=zh"], {"BULLETIN_LANG": "en"}) == "zh"
    assert forced_language(["--lang", "fr"], {}) is None


def test_clicks_own_errors_are_chinese() -> None:
    unknown = run("--lang", "zh", "build", "--nope")
    assert unknown.exit_code == 2
    assert "错误：没有选项 '--nope'。" in unknown.output and "用法：" in unknown.output
    assert "build [选项]" in unknown.output  # the usage line's words too
    missing = run("--lang", "zh", "check")
    assert missing.exit_code == 2 and "缺少参数" in missing.output, missing.output
    typo = run("--lang", "zh", "bild")
    assert "没有命令 'bild'" in typo.output and "build" in typo.output
    assert "Error: No such option" in run("build", "--nope").output


def test_a_chinese_invocation_leaves_the_process_as_it_was() -> None:
    """Tests (and the studio) run many invocations in one process: the language of one
    never leaks into the next."""
    domain, language = gettext.textdomain(), os.environ.get("LANGUAGE")
    assert "显示这份说明" in run("--lang", "zh", "check", "--help").output
    assert gettext.textdomain() == domain and os.environ.get("LANGUAGE") == language
    english = run("check", "--help").output
    assert "Show this message and exit." in english and "用法" not in english


def test_check_lists_every_mistake_with_its_place_in_either_language(tmp_path: Path) -> None:
    bad = tmp_path / "five.yaml"
    bad.write_text(FIVE_MISTAKES, encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    result = run("check", str(bad), str(good))
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert [e.split(":")[2] for e in errors] == ["1", "2", "4", "7", "10"], result.output
    assert all(f"error: {bad}:" in e for e in errors)
    assert f"{good}  (ok: 1 page)" in result.output  # and the next file is checked
    assert f"{bad}  (5 mistakes: not ready to build)" in result.output
    assert "2 files: 1 ready to build, 1 with mistakes" in result.output

    chinese = bulletin("check", str(bad), str(good), lang="zh_CN.UTF-8")
    assert chinese.returncode == 2
    lines = chinese.stderr.splitlines()
    assert len([line for line in lines if line.startswith(f"错误：{bad}:")]) == 5, lines
    assert not [line for line in lines if line.startswith("error")]
    assert f"{good}  （没问题：1 页）" in chinese.stdout
    assert f"{bad}  （有 5 处错误，还不能排版）" in chinese.stdout
    assert "共 2 个文件：1 个可以排版，1 个有错误" in chinese.stdout


def test_warnings_and_summaries_are_told_in_the_language(tmp_path: Path) -> None:
    soft = tmp_path / "soft.yaml"
    soft.write_text(GOOD.replace("标题", "标\u200b题"), encoding="utf-8")
    english = run("check", str(soft))
    assert english.exit_code == 0 and f"warning: {soft}:" in english.output
    assert "(ok: 1 page, 1 warning)" in english.output
    assert run("check", "--strict", str(soft)).exit_code == 1
    chinese = run("--lang", "zh", "check", str(soft))
    assert f"警告：{soft}:" in chinese.output and "（可以排版：1 页，1 条警告）" in chinese.output


def test_new_speaks_the_users_language(tmp_path: Path) -> None:
    english = run("new", str(tmp_path / "a"))
    assert english.exit_code == 0 and "created " in english.output
    assert "next: edit" in english.output
    chinese = run("--lang", "zh", "new", str(tmp_path / "b"))
    assert "已建立 " in chinese.output and "下一步：修改 " in chinese.output
    again = run("--lang", "zh", "new", str(tmp_path / "b"))
    assert again.exit_code == 2 and again.output.startswith("错误：")


def test_an_error_of_a_real_build_is_prefixed_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("title", "titel"), encoding="utf-8")
    done = bulletin("build", str(bad), lang="zh_CN.UTF-8", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith(f"错误：{bad}:3:5: ")
    assert "Traceback" not in done.stderr and not list(tmp_path.glob("*.pdf"))


def test_chinese_option_help_names_types_and_ranges_in_chinese_in_aligned_columns() -> None:
    help_text = run("--lang", "zh", "build", "--help").output
    assert "--output 路径" in help_text and "--dpi 整数" in help_text
    assert "10 到 1200" in help_text and "INTEGER" not in help_text and "<=x<=" not in help_text
    options = help_text.split("选项:")[1].splitlines()[1:]

    def column(line: str) -> int:  # the screen column where a row's help starts
        head = re.match(r"\s+-\S*(?:,? -\S+)*(?: \S+)?\s+", line)
        assert head, line
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in head[0])

    rows = [line for line in options if line.startswith("  -")]
    assert len({column(line) for line in rows}) == 1, rows


def test_chinese_help_is_wrapped_by_its_width_on_the_terminal() -> None:
    lines = wrap_wide("一二三四五六七八九十。甲乙丙丁（戊己庚）辛壬癸 and some English words", 20)
    assert all(sum(2 if ord(c) > 0x1100 else 1 for c in line) <= 22 for line in lines), lines
    assert not any(line.startswith(("。", "，", "）")) for line in lines)
    assert not any(line.endswith("（") for line in lines)
    assert "".join(lines).replace(" ", "") == (
        "一二三四五六七八九十。甲乙丙丁（戊己庚）辛壬癸andsomeEnglishwords")


def test_the_studio_tells_a_translated_message_from_the_catalogue() -> None:
    from bulletin.errors import BulletinError
    from bulletin.i18n import t
    from bulletin.serve.messages import tell, tell_warning

    told = tell(BulletinError(t("nothing to build"),
                              t("name .yaml content files or folders holding them")))
    assert told.translated and told.message == "没有可排版的文件"
    assert told.hint == "请给出 .yaml 内容文件，或放着内容文件的文件夹"
    assert told.english == ("nothing to build; name .yaml content files or folders "
                            "holding them")
    plain = tell(BulletinError("a message that is a plain string", "do this"))
    assert not plain.translated and "plain string" in plain.english
    assert tell_warning(t("{built} built", built=3), "x.yaml") == (None, "排好 3 个")
