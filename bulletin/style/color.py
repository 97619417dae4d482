"""Colours as a layout writes them: ``#c8161d`` for the screen, ``cmyk(0, 100, 100, 10)``
for the press. Both kinds go through the pipeline as plain strings; the renderer
turns them into PDF colour operators (all CMYK when printing for a print shop)."""

from __future__ import annotations

import re

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
_CMYK = re.compile(r"^cmyk\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$")
NEAR_BLACK = 0.85  # a grey this dark prints as 100 % K: type stays sharp, no registration blur


def parse_color(text: str) -> str | None:
    """The canonical form of a colour (``#rrggbb`` or ``cmyk(c,m,y,k)`` in %), or None."""
    text = text.strip()
    m = _HEX.match(text)
    if m:
        return "#" + m.group(1).lower()
    m = _CMYK.match(text.replace("，", ","))
    if m:
        values = [float(v) for v in m.groups()]
        if all(0 <= v <= 100 for v in values):
            return "cmyk(" + ",".join(f"{v:g}" for v in values) + ")"
    return None


def to_rgb(color: str) -> tuple[float, float, float]:
    """0–1 RGB for the screen."""
    if color.startswith("cmyk("):
        c, m, y, k = to_cmyk(color)
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    value = int(color.lstrip("#"), 16)
    return ((value >> 16) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255)


def to_cmyk(color: str) -> tuple[float, float, float, float]:
    """0–1 CMYK for the press: a given CMYK as is; greys as K only, near-black as 100 % K."""
    if color.startswith("cmyk("):
        return tuple(float(v) / 100 for v in color[5:-1].split(","))  # type: ignore[return-value]
    r, g, b = to_rgb(color)
    k = 1 - max(r, g, b)
    if abs(r - g) < 0.02 and abs(g - b) < 0.02:
        return (0.0, 0.0, 0.0, 1.0 if k >= NEAR_BLACK else round(k, 4))
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    return tuple(round((1 - v - k) / (1 - k), 4) for v in (r, g, b)) + (round(k, 4),)
