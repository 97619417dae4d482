"""Lengths as a layout author writes them: ``12mm``, ``10.5pt``, ``五号``, ``2字``.

``字`` is a multiple of the style's own font size (a character cell); the
Chinese size names are the printing trade's 号 sizes.
"""

from __future__ import annotations

import math
import re

from ..i18n import Text, t

MM = 72 / 25.4
# No length in a layout is longer than the largest print a shop makes (5 m a side): a
# bigger number is a typo (100000mm), and an absurd one would only make later stages
# slow or overflow. Font sizes have their own range.
MAX_LENGTH = 5000 * MM
MIN_SIZE, MAX_SIZE = 2.0, 400.0

# 号 sizes in points (GB/T; the trade's table).
SIZE_NAMES = {
    "初号": 42.0, "小初": 36.0, "一号": 26.0, "小一": 24.0, "二号": 22.0, "小二": 18.0,
    "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0, "五号": 10.5, "小五": 9.0,
    "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5.0,
}
UNITS = {"pt": 1.0, "mm": MM, "cm": 10 * MM, "m": 1000 * MM, "in": 72.0, "px": 0.75}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|m|in|px|字|em)?\s*$")

PAPER = {  # portrait width, height in mm
    "A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420), "A4": (210, 297),
    "A5": (148, 210), "B4": (250, 353), "B5": (176, 250), "16K": (185, 260), "8K": (260, 370),
}

LENGTH_HELP = t("write a length such as 12mm, 10.5pt, 五号 or 2字")


class UnitError(ValueError):
    """A length that cannot be read; the message says what would be right.

    ``message`` is kept as a :class:`~bulletin.i18n.Msg` so the layout's error can tell
    it in the reader's language; ``str(error)`` stays the English text."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(str(message))


def parse_length(value: object, em: float | None = None) -> float:
    """A length in points. ``em`` is the style's size, needed for ``字``."""
    if isinstance(value, bool):
        raise UnitError(t("{value} is not a length; {help}", value=repr(value), help=LENGTH_HELP))
    if isinstance(value, (int, float)):
        return _bounded(float(value), str(value))
    text = str(value).strip()
    if text in SIZE_NAMES:
        return SIZE_NAMES[text]
    m = _LENGTH.match(text)
    if not m:
        raise UnitError(t("'{text}' is not a length; {help}", text=text, help=LENGTH_HELP))
    number, unit = float(m.group(1)), m.group(2) or "pt"
    if number < 0:
        raise UnitError(t("'{text}' is negative; lengths here are 0 or more", text=text))
    if unit in ("字", "em"):
        if em is None:
            raise UnitError(t("'{text}' is in 字 but there is no font size here; use mm or pt",
                              text=text))
        return _bounded(number * em, text)
    return _bounded(number * UNITS[unit], text)


def _bounded(points: float, text: str) -> float:
    """``points`` if it is a length that can be printed: finite, 0 to 5 m."""
    text = text if len(text) <= 24 else text[:20] + "…"
    if math.isnan(points):
        raise UnitError(t("'{text}' is not a length; {help}", text=text, help=LENGTH_HELP))
    if points < 0:
        raise UnitError(t("'{text}' is negative; lengths here are 0 or more", text=text))
    if points > MAX_LENGTH:
        raise UnitError(t("'{text}' is longer than {metres} m, the largest print a shop makes; "
                          "check the number and its unit (mm, cm, pt)",
                          text=text, metres=format(MAX_LENGTH / MM / 1000, "g")))
    return points


def parse_size(value: object) -> float:
    """A font size: a 号 name or a length (a bare number is points)."""
    size = parse_length(value)
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise UnitError(t("font size {size}pt is out of range; use {low}pt to {high}pt, "
                          "e.g. 五号", size=format(size, "g"), low=format(MIN_SIZE, "g"),
                          high=format(MAX_SIZE, "g")))
    return size
