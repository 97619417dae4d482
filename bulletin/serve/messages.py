"""The build's messages, told in Chinese for the studio.

The pipeline's messages are :class:`~bulletin.i18n.Msg` templates with a Chinese
translation in the catalogue: they are told in Chinese. Anything else (a plain string,
which none of ours is) keeps its English text beside a Chinese sentence, so nothing the
build says is ever lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import BulletinError
from ..i18n import Msg, Text

_Match = re.Match[str]

class StudioError(BulletinError):
    """A mistake the studio itself finds (a picture outside the folder): said in Chinese
    from the start, so it is shown as it is."""


@dataclass(frozen=True)
class Told:
    """A message for the page: in Chinese, and the English original for reference."""

    message: str
    hint: str | None
    english: str
    translated: bool


def tell(error: BulletinError) -> Told:
    """``error`` in Chinese, told from the catalogue; a message that is not (a plain
    string from a library) is shown in English beside a Chinese sentence that says
    there is a problem (``translated`` is then false), so nothing the build says is lost."""
    english = str(error.message) + (f"; {error.hint}" if error.hint else "")
    if isinstance(error, StudioError):
        return Told(str(error.message), str(error.hint) if error.hint else None, english,
                    True)
    hint = error.hint.tell("zh") if isinstance(error.hint, Msg) else None
    if not isinstance(error.message, Msg):
        return Told("排版时发现一个问题（详见下面的英文说明）", hint, english, False)
    return Told(error.message.tell("zh"), hint, english, True)


def told_text(text: Text) -> str:
    """A message or hint in Chinese when it can be (a Msg), else as it is written."""
    return text.tell("zh") if isinstance(text, Msg) else text


def tell_warning(warning: Text, content: str) -> tuple[int | None, str]:
    """A build warning as (its line in ``content``, if it names one; the Chinese text)."""
    text = told_text(warning)
    m = re.match(r"(.+?):(\d+):(\d+): (.*)", text, re.DOTALL)
    if m and m[1] == content:
        return int(m[2]), m[4]
    return None, text
