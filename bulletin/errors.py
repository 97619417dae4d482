"""One error type for everything the user can get wrong.

The CLI prints ``str(error)`` and exits with code 2: no traceback, ever, for bad
input. The message format is ``FILE:LINE:COL: what is wrong; what would be right``.
Messages quote what the user wrote (a value, a file name); a quoted control or
format character would act on the terminal (ESC sequences, a carriage return
overwriting the line, bidi overrides reordering it), so every such character is
shown as its code point, ``U+XXXX``, instead.
"""

from __future__ import annotations

import unicodedata

from .i18n import Text, tell

# Control, format, surrogate (undecodable bytes in a path) and line/paragraph separators.
_UNPRINTABLE = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def printable(text: str) -> str:
    """``text`` with every character that would not print as itself shown as U+XXXX."""
    if text.isprintable():  # the common case: nothing to replace, no per-character work
        return text
    return "".join(f"U+{ord(ch):04X}" if unicodedata.category(ch) in _UNPRINTABLE else ch
                   for ch in text)


class BulletinError(Exception):
    """A user-facing error: bad content, bad layout, missing font or glyph."""

    def __init__(
        self,
        message: Text,
        hint: Text | None = None,
        file: str | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        self.message = message
        self.hint = hint
        self.file = file
        self.line = line
        self.col = col
        super().__init__(str(self))

    def __str__(self) -> str:
        return self.tell("en")

    def tell(self, lang: str = "en") -> str:
        """The whole message in ``lang`` (``zh`` or ``en``), with its place first."""
        where = ""
        if self.file:
            where = printable(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        text = where + printable(tell(self.message, lang))
        if self.hint:
            text += ("；" if lang == "zh" else "; ") + printable(tell(self.hint, lang))
        return text


class BulletinErrors(BulletinError):
    """Several mistakes found in one pass (a content file checked whole): each is told
    on its own line, so a user fixes them all before building again."""

    def __init__(self, errors: list[BulletinError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.message, first.hint, first.file, first.line, first.col)

    def tell(self, lang: str = "en") -> str:
        return "\n".join(e.tell(lang) for e in self.errors)


def each_error(error: BulletinError) -> list[BulletinError]:
    """The single mistakes in ``error``: itself, or those it gathers."""
    return list(error.errors) if isinstance(error, BulletinErrors) else [error]
