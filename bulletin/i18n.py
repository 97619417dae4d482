"""Messages told in the reader's language: English, or Chinese from a gettext catalogue.

A message is made where the mistake is found, but told where it is printed: the CLI
tells it in the language of the terminal's locale (or ``--lang``), the studio always
in Chinese. So the pipeline builds :class:`Msg` values (an English template and its
fields) with :func:`t`, and nothing below the CLI knows which language is wanted;
no process-wide language setting decides what a build says.

Translations live in ``bulletin/locale/zh/*.po`` (one file per area of the program,
edited by translators, not programmers) and are compiled into
``bulletin/locale/zh/LC_MESSAGES/bulletin.mo`` by ``scripts/catalogue.py``.
The English template is the message id: ``t("unknown key '{key}' in {where}", ...)``;
its Chinese may put the fields in another order (``{where}里有不认识的字段“{key}”``).
"""

from __future__ import annotations

import gettext
import os
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

LANGUAGES = ("zh", "en")
LOCALE_DIR = Path(__file__).parent / "locale"


class Msg:
    """An English template with fields, told in any language later.

    A field may itself be a Msg (``where=t("article {n}", n=2)``), told in the same
    language. ``str(msg)`` is the English text, so messages compare and log as before.
    """

    __slots__ = ("template", "fields")

    def __init__(self, template: str, **fields: object) -> None:
        self.template = template
        self.fields = fields

    def tell(self, lang: str = "en") -> str:
        template = self.template if lang == "en" else catalogue(lang).gettext(self.template)
        if not self.fields:
            return template
        return template.format(**{k: tell(v, lang) for k, v in self.fields.items()})

    def __str__(self) -> str:
        return self.tell("en")

    def __repr__(self) -> str:
        return f"Msg({self.template!r}, **{self.fields!r})"

    def __eq__(self, other: object) -> bool:
        """Equal to a Msg of the same template and fields, or to its English text."""
        if isinstance(other, Msg):
            return (self.template, self.fields) == (other.template, other.fields)
        if isinstance(other, str):
            return str(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))

    def __contains__(self, part: str) -> bool:
        """``"x.png" in warning`` asks of the English text, as it did of a plain str."""
        return part in str(self)

    def __add__(self, other: Text) -> Msg:
        return t("{a}{b}", a=self, b=other)

    def __radd__(self, other: Text) -> Msg:
        return t("{a}{b}", a=other, b=self)


Text = str | Msg


def t(template: str, **fields: object) -> Msg:
    """Mark ``template`` for translation (the extractor looks for ``t("...")``)."""
    return Msg(template, **fields)


def chain(items: Sequence[Text], pair: Callable[[Text, Text], Msg]) -> Text:
    """``items`` joined two at a time by ``pair`` (a template of its own, so a language
    joins them its own way: ``a, b`` and ``a、b``)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return pair(items[0], chain(items[1:], pair))


def listing(items: Sequence[Text]) -> Text:
    """``a, b, c`` in English, ``a、b、c`` in Chinese."""
    return chain(items, lambda item, more: t("{item}, {more}", item=item, more=more))


def tell(value: object, lang: str = "en") -> str:
    """``value`` in ``lang``: a Msg is translated, anything else is its own ``str``."""
    if isinstance(value, Msg):
        return value.tell(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(tell(v, lang) for v in value)
    return str(value)


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for ``lang`` (read once: it never changes while we run)."""
    try:
        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "bulletin.mo", "rb") as f:
            return gettext.GNUTranslations(f)
    except OSError:
        return gettext.NullTranslations()


def choose_language(forced: str | None = None, environ: dict[str, str] | None = None) -> str:
    """``zh`` or ``en``: ``forced`` (``--lang``), else the locale, else English.

    The locale is read as gettext does (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, the first
    that is set); on Windows, where these are rarely set, the user's UI language.
    """
    if forced:
        return forced
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return "zh" if value.lower().startswith("zh") else "en"
    if sys.platform == "win32" and environ is None:  # pragma: no cover - Windows only
        return _windows_language()
    return "en"


def _windows_language() -> str:  # pragma: no cover - Windows only
    """The Windows user's UI language: Chinese is primary language id 0x04."""
    import ctypes

    lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    return "zh" if lang_id & 0x3FF == 0x04 else "en"
