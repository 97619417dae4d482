"""Character classes for mainland Chinese composition (W3C clreq, GB/T 15834).

The typesetter asks three questions of a character: what kind of mark it is
(which side of its cell is blank and may be compressed), whether a line may
start or end with it at the layout's prohibition level, and whether it belongs
to a Latin word or number that must not be split.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache


class Kind(Enum):
    HAN = "han"  # ideographs, kana, full-width letters: one square cell
    OPENING = "opening"  # “‘（《 …: ink right, blank left half
    CLOSING = "closing"  # ”’）》 and stops ，。、：；！？: ink left, blank right half
    MIDDLE = "middle"  # · ・ ‧: half-width cell, ink centred
    DASH = "dash"  # — (set in pairs as ——, 2 em, gapless)
    ELLIPSIS = "ellipsis"  # … (set in pairs as ……)
    CONNECTOR = "connector"  # ～ – : full width, never at line start
    LATIN = "latin"  # letters, digits and what binds them into words/numbers
    SPACE = "space"  # ASCII space, U+3000 and friends
    NEWLINE = "newline"  # a forced line break inside a paragraph


OPENING = set("“‘（〔［｛《〈「『【〖〘〝｟")
CLOSING_BRACKETS = set("”’）〕］｝》〉」』】〗〙〟｠")
STOPS = set("，。、：；！？．‼⁇⁈⁉")
CLOSING = CLOSING_BRACKETS | STOPS
MIDDLE = set("·・‧")
DASHES = set("—―⸺")
ELLIPSES = set("…⋯")
CONNECTORS = set("～〜–~")
# Sentence-final stops: kept full width in the 开明 punctuation style.
SENTENCE_FINAL = set("。？！．")
# Stops that keep their whole cell inside a line (only a line's end squeezes them).
FULL_STOPS = SENTENCE_FINAL | set("‼⁇⁈⁉")
# What a number keeps with it (2.5小时, 120个, 9月, 1号, 13908.2亿): units, measure words
# (量词), date and time parts, multipliers. Not any character: 13800138000｜咨询 may break.
UNIT_CHARS = set(
    "个本栋幢处次名人户件元角分米克吨升岁天年月日号时秒周期层楼间台辆条张份项家所座位批届"
    "场种只头匹双对套把块根片颗粒瓶箱包袋斤两亩倍度折成万亿千百多余"
)
MULTI_CHAR_UNITS = (  # longest first
    "平方公里", "平方米", "立方米", "摄氏度", "小时", "分钟", "公里", "公斤", "公顷", "千克",
    "千米", "厘米", "毫米", "平米", "周年", "周岁", "个月", "万元", "亿元", "亿斤", "万人",
    "人次", "多万", "多名", "多人", "多处", "多个", "多户", "余人", "余名", "余户", "余处",
)
# Pairs set together in one em (GB/T 15834 4.3: 叹问号 and doubled marks).
EXCLAMATION_PAIRS = {"？！", "！？", "！！", "？？"}

# Line-start prohibited beyond the closing marks (basic level).
_START_EXTRA_BASIC = MIDDLE | CONNECTORS | set("%‰℃％")
# Half-width (ASCII) punctuation that never starts a line either.
_START_ASCII = set(",.;:?!)]}%»›")
_END_ASCII = set("([{«‹")

PROHIBITION_LEVELS = ("basic", "gb", "strict")


@lru_cache(maxsize=8192)  # asked for every character; a text has few distinct ones
def kind_of(ch: str) -> Kind:
    """Classify one character."""
    if ch in OPENING:
        return Kind.OPENING
    if ch in CLOSING:
        return Kind.CLOSING
    if ch in MIDDLE:
        return Kind.MIDDLE
    if ch in DASHES:
        return Kind.DASH
    if ch in ELLIPSES:
        return Kind.ELLIPSIS
    if ch in CONNECTORS:
        return Kind.CONNECTOR
    if ch == "\n":
        return Kind.NEWLINE
    if ch in " \t\u3000\u00a0\u2002\u2003\u2009":
        return Kind.SPACE
    if is_wide(ch):
        return Kind.HAN
    return Kind.LATIN


def is_wide(ch: str) -> bool:
    """True for characters set in a square em cell (Han, kana, full-width forms)."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x2FDF
        or 0x3000 <= o <= 0x30FF
        or 0x3100 <= o <= 0x312F
        or 0x31A0 <= o <= 0x31FF
        or 0x3200 <= o <= 0x33FF
        or 0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF01 <= o <= 0xFF60
        or 0xFFE0 <= o <= 0xFFE6
        or 0x20000 <= o <= 0x3FFFF
        or ch in "★☆○●◎◇◆□■△▲※→←↑↓〓№"
    )


@lru_cache(maxsize=4096)  # asked at every junction; the atoms' words repeat
def not_at_line_start(text: str, level: str = "basic") -> bool:
    """May a line not begin with this cluster?"""
    ch = text[0]
    if ch in CLOSING or ch in _START_EXTRA_BASIC or ch in _START_ASCII:
        return True
    if ch in ELLIPSES or ch in DASHES:
        # Basic level: a whole —— or …… may start a line; strict forbids it.
        return level == "strict"
    return False


@lru_cache(maxsize=4096)  # asked at every junction; the atoms' words repeat
def not_at_line_end(text: str, level: str = "basic") -> bool:
    """May a line not end with this cluster?"""
    ch = text[-1]
    if ch in OPENING or ch in _END_ASCII:
        return True
    return level in ("gb", "strict") and ch in "/／"
