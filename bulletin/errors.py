"""One error type for everything the user can get wrong.

The CLI prints ``str(error)`` and exits with code 2: no traceback, ever, for bad
input. The message format is ``FILE:LINE:COL: what is wrong; what would be right``.
"""

from __future__ import annotations


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
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        text = where + self.message
        if self.hint:
            text += "; " + self.hint
        return text
