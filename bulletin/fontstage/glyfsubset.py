"""A quick subset of a plain TrueType face: just the glyphs a document draws.

fontTools' subsetter is general (CFF, layout tables, every format) and costs about a
quarter of a second per CJK face, with 65 ms more to import it: on a build whose text
has a character the cached subsets lack, that was most of the build. A face with
TrueType outlines (every bundled face) needs far less: keep the glyphs of the wanted
characters and the components of composite ones, renumber them, and write the tables a
PDF reader and ReportLab read. ReportLab's own font parser (a dependency already loaded
to draw) reads the face, and its file writer puts the tables together with their
checksums, so this module only chooses and renumbers. A face it cannot take (CFF
outlines, a name ReportLab refuses, a damaged table) gets None, and the caller uses
fontTools as before.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from pathlib import Path

# Composite glyph flags (the OpenType 'glyf' table).
_ARGS_ARE_WORDS = 0x0001
_HAVE_SCALE = 0x0008
_MORE_COMPONENTS = 0x0020
_HAVE_XY_SCALE = 0x0040
_HAVE_TWO_BY_TWO = 0x0080
# Copied as they are: names, metrics of the whole face, hinting (glyph instructions call
# into fpgm and read cvt, so they travel together).
_COPIED = ("name", "OS/2", "cvt ", "fpgm", "prep", "gasp")


def glyf_subset(font: Path | bytes, index: int, chars: Sequence[str]) -> bytes | None:
    """A TrueType file with .notdef and a glyph for each of ``chars`` (characters the
    face has), in the order given (the components of composite glyphs after them); or
    None if the face is not one this module takes, or ReportLab's parser does not find
    one of the characters (it reads one cmap subtable, which may lack what another
    holds: a character set as .notdef would be lost on paper). ``font`` is a file or
    its bytes."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

    try:
        face = TTFontFile(io.BytesIO(font) if isinstance(font, bytes) else str(font),
                          subfontIndex=index)
        codes = [ord(c) for c in chars]
        if any(code not in face.charToGlyph for code in codes):
            return None
        return _subset(face, codes)
    except (TTFError, KeyError, IndexError, struct.error, ValueError, OSError):
        return None


def _subset(face, codes: list[int]) -> bytes:
    """The subset file of ``face`` (a parsed ``TTFontFile``) for code points ``codes``."""
    from reportlab.pdfbase.ttfonts import TTFontMaker

    glyf = face.get_table("glyf")
    codes = list(dict.fromkeys(codes))
    old_of = [0]  # new glyph id -> old glyph id
    new_of = {0: 0}  # old glyph id -> its first new glyph id (what components refer to)
    # Every character gets a glyph of its own, even where the face shares one (〜 and ～,
    # U+3000 and U+2003 in the bundled faces): a PDF's ToUnicode map gives one character
    # for a glyph, so only then does each come back when the text is copied.
    for code in codes:
        old = face.charToGlyph[code]
        new_of.setdefault(old, len(old_of))
        old_of.append(old)
    k = 0
    while k < len(old_of):  # components of composite glyphs join at the end
        for _, component in _components(_glyph(face, glyf, old_of[k])):
            if component not in new_of:
                new_of[component] = len(old_of)
                old_of.append(component)
        k += 1

    out = TTFontMaker()
    for tag in _COPIED:
        if tag in face.table:
            out.add(tag, face.get_table(tag))
    glyphs, offsets = [], [0]
    for old in old_of:
        data = _renumbered(_glyph(face, glyf, old), new_of)
        data += b"\0" * (-len(data) % 4)
        glyphs.append(data)
        offsets.append(offsets[-1] + len(data))
    out.add("glyf", b"".join(glyphs))
    long_offsets = offsets[-1] > 0x1FFFE
    out.add("loca", struct.pack(f">{len(offsets)}{'L' if long_offsets else 'H'}",
                                *(offsets if long_offsets else [o // 2 for o in offsets])))
    head = bytearray(face.get_table("head"))
    head[50:52] = struct.pack(">h", 1 if long_offsets else 0)
    out.add("head", bytes(head))
    count = len(old_of)
    hhea = face.get_table("hhea")
    # every glyph of the subset a full (advance, lsb) pair
    out.add("hhea", hhea[:34] + struct.pack(">H", count) + hhea[36:])
    maxp = bytearray(face.get_table("maxp"))
    maxp[4:6] = struct.pack(">H", count)
    out.add("maxp", bytes(maxp))
    hmtx = face.get_table("hmtx")
    full = struct.unpack_from(">H", hhea, 34)[0]  # the face's numberOfHMetrics
    out.add("hmtx", b"".join(_metrics(hmtx, full, old) for old in old_of))
    out.add("cmap", _cmap({code: k for k, code in enumerate(codes, 1)}))
    # post format 3: no glyph names (a PDF reader needs none), the face's other fields
    out.add("post", b"\x00\x03\x00\x00" + face.get_table("post")[4:32])
    return out.makeStream()


def _metrics(hmtx: bytes, full: int, old: int) -> bytes:
    """Glyph ``old``'s (advance, left side bearing) as the face's 'hmtx' has them, where
    the first ``full`` glyphs have both and the rest share the last advance (read from
    the table: ReportLab's parser keeps those shared advances scaled to 1000 units)."""
    if old < full:
        return hmtx[4 * old:4 * old + 4]
    return hmtx[4 * full - 4:4 * full - 2] + hmtx[4 * full + 2 * (old - full):][:2]


def _glyph(face, glyf: bytes, old: int) -> bytes:
    """Glyph ``old``'s bytes in the 'glyf' table (empty for a blank glyph)."""
    return glyf[face.glyphPos[old]:face.glyphPos[old + 1]]


def _components(data: bytes) -> list[tuple[int, int]]:
    """(offset of the glyph index, glyph index) of each component of a composite glyph;
    none for a simple or blank glyph."""
    if len(data) < 10 or struct.unpack_from(">h", data)[0] >= 0:
        return []
    found, pos, flags = [], 10, _MORE_COMPONENTS
    while flags & _MORE_COMPONENTS:
        flags, glyph = struct.unpack_from(">HH", data, pos)
        found.append((pos + 2, glyph))
        pos += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
        if flags & _HAVE_SCALE:
            pos += 2
        elif flags & _HAVE_XY_SCALE:
            pos += 4
        elif flags & _HAVE_TWO_BY_TWO:
            pos += 8
    return found


def _renumbered(data: bytes, new_of: dict[int, int]) -> bytes:
    """A glyph with its components' indices in the subset's numbering."""
    parts = _components(data)
    if not parts:
        return data
    changed = bytearray(data)
    for at, old in parts:
        struct.pack_into(">H", changed, at, new_of[old])
    return bytes(changed)


def _runs(glyph_of: dict[int, int], codes: list[int]) -> list[tuple[int, int, int]]:
    """(first code, last code, first glyph) of each run of consecutive characters with
    consecutive glyphs (sorted characters numbered in order make few, long runs)."""
    runs: list[tuple[int, int, int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1 and glyph_of[code] == glyph_of[code - 1] + 1:
            runs[-1] = (runs[-1][0], code, runs[-1][2])
        else:
            runs.append((code, code, glyph_of[code]))
    return runs


def _cmap(glyph_of: dict[int, int]) -> bytes:
    """A 'cmap' with a format 4 table (Windows BMP) and a format 12 one (Windows, all of
    Unicode), what any reader of the font looks for (ReportLab's parser takes the last
    Windows one: all of Unicode)."""
    codes = sorted(glyph_of)
    bmp = [c for c in codes if c < 0xFFFF]
    segments = [(first, last, (glyph - first) & 0xFFFF)
                for first, last, glyph in _runs(glyph_of, bmp)] + [(0xFFFF, 0xFFFF, 1)]
    n = len(segments)
    search = 2 ** (n.bit_length() - 1)
    fmt4 = struct.pack(">HHHHHHH", 4, 16 + 8 * n, 0, 2 * n, 2 * search,
                       search.bit_length() - 1, 2 * n - 2 * search)
    fmt4 += struct.pack(f">{n}H", *(s[1] for s in segments)) + b"\0\0"
    fmt4 += struct.pack(f">{n}H", *(s[0] for s in segments))
    fmt4 += struct.pack(f">{n}H", *(s[2] for s in segments))
    fmt4 += b"\0\0" * n  # idRangeOffset: none, idDelta does it
    groups = _runs(glyph_of, codes)
    fmt12 = struct.pack(">HHLLL", 12, 0, 16 + 12 * len(groups), 0, len(groups))
    fmt12 += b"".join(struct.pack(">LLL", *group) for group in groups)
    header = struct.pack(">HH", 0, 2) + struct.pack(">HHL", 3, 1, 20)
    header += struct.pack(">HHL", 3, 10, 20 + len(fmt4))
    return header + fmt4 + fmt12
