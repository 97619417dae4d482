"""The CLI's language: deciding it, and telling help, click's own words and every
printed line in it.

The language is ``--lang zh|en``, else ``BULLETIN_LANG``, else the locale
(:func:`bulletin.i18n.choose_language`), decided from the arguments and environment
before click parses anything, because ``--help`` and click's own errors are printed
while parsing. It travels on click's context (:class:`BulletinContext`), not in a
global. Our help texts (docstrings, option help) are looked up in the catalogue when
help is formatted; click's own words ("Usage:", "Show this message and exit.") come
from click's ``gettext`` calls, which are pointed at our catalogue (domain
``bulletin``, ``bulletin/locale/zh/click.po``) for the length of
:meth:`BulletinGroup.main` only. Chinese help is wrapped by its width on screen.
"""

from __future__ import annotations

import contextlib
import gettext
import inspect
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

import click

from .errors import BulletinError, each_error
from .i18n import LANGUAGES, LOCALE_DIR, catalogue, choose_language, t, tell

LANG_OPTION_HELP = ("Language of messages and help: zh (中文) or en (default: BULLETIN_LANG, "
                    "else the system's language).")
HELP_OPTION_HELP = "Show this message and exit."  # click's; reset on each use, see below
USAGE_WORDS = ("[OPTIONS]", "COMMAND [ARGS]...")  # click's, not marked for gettext


class BulletinContext(click.Context):
    """Click's context, carrying the invocation's language (decided in
    :meth:`BulletinGroup.main`, inherited by each command's context) and formatting
    help for Chinese."""

    formatter_class: type[click.HelpFormatter]  # HelpFormatter, set below

    def __init__(self, *args: Any, language: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.parent
        self.language = language or (parent.language if isinstance(parent, BulletinContext)
                                     else "en")

    def make_formatter(self) -> click.HelpFormatter:
        formatter = super().make_formatter()
        if isinstance(formatter, HelpFormatter):
            formatter.language = self.language
        return formatter


def lang() -> str:
    """The language of this invocation's output: the current click context's."""
    ctx = click.get_current_context(silent=True)
    return ctx.language if isinstance(ctx, BulletinContext) else "en"


def forced_language(args: Sequence[str], environ: dict[str, str] | os._Environ[str]
                    ) -> str | None:
    """``--lang X`` (or ``--lang=X``) anywhere before ``--``, else ``BULLETIN_LANG``.

    Read before click parses, so that the help and click's own errors are in it."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in LANGUAGES:
            return value
    value = environ.get("BULLETIN_LANG", "").strip().lower()
    return value if value in LANGUAGES else None


@contextlib.contextmanager
def click_speaks(language: str) -> Iterator[None]:
    """Click's own words in ``language`` for the duration: click calls the standard
    ``gettext`` (default domain, language from the environment), so both are pointed at
    our catalogue, then put back (tests run many invocations in one process)."""
    if language == "en":
        yield
        return
    domain = gettext.textdomain()
    before = os.environ.get("LANGUAGE")
    gettext.bindtextdomain("bulletin", str(LOCALE_DIR))
    gettext.textdomain("bulletin")
    os.environ["LANGUAGE"] = language
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before


def help_text(text: str | None, language: str | None = None) -> str:
    """A help text (docstring, option help) in ``language``: its catalogue entry."""
    if not text:
        return ""
    text = inspect.cleandoc(text)
    language = language or lang()
    return text if language == "en" else catalogue(language).gettext(text)


def _short(text: str, limit: int) -> str:
    """A command's line in the command list: the first sentence of its help. Chinese
    characters are two columns wide, so half as many fit."""
    first = text.split("\n\n")[0].replace("\n", " ").strip()
    if lang() == "en":
        return click.utils._make_default_short_help(first, limit)
    first = first.split("。")[0].split("：")[0]
    room = max(limit // 2, 8)
    return first if len(first) <= room else first[: room - 1] + "…"


_TOKEN = re.compile(r"\s+|[^\s\u1100-\uffff]+|.")
_NO_LINE_START = set("，。、；：？！）》」』”’…")
_NO_LINE_END = set("（《「『“‘")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_wide(text: str, width: int) -> list[str]:
    """``text`` in lines at most ``width`` terminal columns, for Chinese: a Chinese
    character is two columns and a line may break between any two of them (never
    before ，。 and the like), where click's wrapping counts one and breaks at spaces."""
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        joined = ""
        for part in paragraph.split("\n"):
            wide = joined and (_width(joined[-1]) == 2 or _width(part[:1]) == 2)
            joined = joined + part if not joined or wide else f"{joined} {part}"
        line = ""
        for token in _TOKEN.findall(joined):
            if line and _width(line + token) > width and token[0] not in _NO_LINE_START:
                carried = line[-1] if line[-1] in _NO_LINE_END else ""  # （ starts a line
                lines.append(line[: len(line) - len(carried)].rstrip())
                line = carried
            if line or not token.isspace():
                line += token
        lines.append(line.rstrip())
        lines.append("")
    return lines[:-1]


# Click's names for the kinds of value an option takes (its metavars when we set none),
# told in the reader's language; the names help texts refer to (PAPER, N) stay.
TYPE_WORDS = {"TEXT": t("TEXT"), "PATH": t("PATH"), "INTEGER RANGE": t("INTEGER RANGE"),
              "INTEGER": t("INTEGER"), "FLOAT": t("FLOAT"), "DIRECTORY": t("DIRECTORY")}
_TYPE_WORD = re.compile(r"(?<![\w-])(" + "|".join(sorted(TYPE_WORDS, key=len, reverse=True))
                        + r")(?![\w-])")
_RANGE = re.compile(r"(-?[\d.]+)<=x<=(-?[\d.]+)")  # click's '10<=x<=1200'


class HelpFormatter(click.HelpFormatter):
    """Click's help formatter, wrapping Chinese text by its width on the terminal and
    telling click's own type names and ranges in the reader's language."""

    language = "en"  # set by BulletinContext.make_formatter

    def write_text(self, text: str) -> None:
        if _width(text) == len(text):
            return super().write_text(text)
        indent = " " * self.current_indent
        for line in wrap_wide(text, max(self.width - self.current_indent, 20)):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        """Two columns (option, help), measured by width on screen: a Chinese character
        takes two columns, which click's own layout counts as one."""
        rows = [(self.told(first), self.told(second)) for first, second in rows]
        if all(_width(a) == len(a) and _width(b) == len(b) for a, b in rows):
            return super().write_dl(rows, col_max, col_spacing)
        indent = " " * self.current_indent
        first_col = min(max((_width(first) for first, _ in rows), default=0),
                        col_max) + col_spacing
        hanging = indent + " " * first_col
        room = max(self.width - self.current_indent - first_col, 10)
        for first, second in rows:
            self.write(indent + first)
            if not second:
                self.write("\n")
                continue
            if _width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _width(first)))
            else:
                self.write("\n" + hanging)
            lines = wrap_wide(second, room)
            self.write(lines[0] + "\n")
            self.write("".join(f"{hanging}{line}\n" for line in lines[1:]))

    def told(self, text: str) -> str:
        """``text`` with click's type names and ranges in the formatter's language."""
        if self.language == "en" or not text:
            return text
        text = _TYPE_WORD.sub(lambda m: tell(TYPE_WORDS[m[1]], self.language), text)
        return _RANGE.sub(lambda m: tell(t("{low}<=x<={high}", low=m[1], high=m[2]),
                                         self.language), text)


BulletinContext.formatter_class = HelpFormatter


class BulletinCommand(click.Command):
    """A command whose help is told in the invocation's language, with a ``--lang``
    option of its own (hidden: it is shown once, on ``bulletin --help``), so that
    ``bulletin build --lang zh`` works as well as ``bulletin --lang zh build``."""

    context_class = BulletinContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not any(p.name == "lang" for p in self.params):
            self.params.append(_lang_option(hidden=True))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = help_text((self.help or "").partition("\f")[0])
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The usage line: click's "[OPTIONS]" and "COMMAND [ARGS]..." told too."""
        language = ctx.language if isinstance(ctx, BulletinContext) else None
        return [help_text(piece, language) if piece in USAGE_WORDS else piece
                for piece in super().collect_usage_pieces(ctx)]

    def get_short_help_str(self, limit: int = 45) -> str:
        return _short(help_text(self.short_help or self.help), limit)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:  # click caches it with its help in the first language
            option.help = help_text(HELP_OPTION_HELP)
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = self.get_params(ctx)
        originals = [p.help if isinstance(p, click.Option) else None for p in params]
        try:
            for param in params:
                if isinstance(param, click.Option) and param.help:
                    param.help = help_text(param.help)
            super().format_options(ctx, formatter)
        finally:
            for param, original in zip(params, originals, strict=True):
                if isinstance(param, click.Option):
                    param.help = original


class BulletinGroup(BulletinCommand, click.Group):
    """The ``bulletin`` group: decides the language before click parses anything."""

    command_class = BulletinCommand
    group_class = type  # subgroups (``layouts``) are BulletinGroups too

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        language = choose_language(
            forced_language(sys.argv[1:] if args is None else args, os.environ))
        with click_speaks(language):
            return super().main(args, prog_name, complete_var, standalone_mode,
                                language=language, **extra)


def _lang_option(hidden: bool) -> click.Option:
    """``--lang``: read before parsing (:func:`forced_language`); here it is only
    accepted and checked."""
    return click.Option(["--lang"], type=click.Choice(LANGUAGES), expose_value=False,
                        hidden=hidden, metavar="zh|en", help=LANG_OPTION_HELP)


def say(text: object, err: bool = False) -> None:
    """Print a line (a Msg or str) in the invocation's language."""
    click.echo(tell(text, lang()), err=err)


def say_error(error: BulletinError) -> None:
    """Each mistake of ``error`` on its own line: ``error: …`` / ``错误：…``."""
    for each in each_error(error):
        say(t("error: {message}", message=each.tell(lang())), err=True)


def say_warning(warning: object) -> None:
    say(t("warning: {message}", message=tell(warning, lang())), err=True)


def fail(error: BulletinError) -> NoReturn:
    """Tell ``error`` and end with exit code 2: no traceback, ever, for bad input."""
    say_error(error)
    sys.exit(2)


class VersionMessage(str):
    """click's version line, told when it is printed (click reads it at import time)."""

    def __mod__(self, values: object) -> str:
        return help_text(str(self)) % values


VERSION_MESSAGE = VersionMessage("%(prog)s, version %(version)s")
