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
        message: str,
        hint: str | None = None,
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
        where = ""
        if self.file:
            where = printable(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        text = where + printable(self.message)
        if self.hint:
            text += "; " + printable(self.hint)
        return text
