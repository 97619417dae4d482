"""What the font stage's messages share: parts joined in the reader's language.

Messages are :class:`~bulletin.i18n.Msg` values told later, in English or Chinese, so a
list of places or faces cannot be ``"; ".join``-ed into a str: that would fix it in
English. ``joined`` keeps the parts (and the separator) as messages.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import Text, t

SEMICOLON = t("; ")  # between the parts of a hint: "；" in Chinese


def joined(parts: Iterable[Text], sep: Text) -> Text:
    """``sep.join(parts)`` for messages: a str while every part is one, else a Msg."""
    out: Text = ""
    for k, part in enumerate(parts):
        out = part if k == 0 else out + sep + part
    return out


def code_point(char: str) -> str:
    """``字`` → ``5B57``: how messages name a character beside itself (``U+5B57``)."""
    return f"{ord(char):04X}"
