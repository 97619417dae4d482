"""Vertical forms (竖排): each face's own glyphs for vertical text, as a small face.

A font draws ``，。`` in the upper right of the cell, brackets, ``——`` and ``……`` turned,
only through its ``vert`` GSUB feature, and ReportLab applies no OpenType layout. So the
glyphs ``vert`` substitutes are cut out into a small TrueType face of their own whose
cmap maps the *source* characters to them (``《`` → the glyph of ``︽``). Drawn with it, a
PDF's ToUnicode gives back ``《``: copied and searched text is the author's, with no
ActualText needed. A character the font's ``vert`` leaves alone takes its Unicode
presentation form (U+FE10–FE19, U+FE30–FE4F) where the font maps one (``—`` → ``︱``).
Curly quotes ``“”‘’`` take the forms of ``「」『』`` (﹁﹂﹃﹄), as vertical Chinese text
writes them. What has neither stays with the face itself, and the typesetter turns it.
The small face is cached by the font's content hash, like the subsets.

It is part of ``metrics`` although it writes a font file: the typesetter asks for it
(``FontSession.forms``) and measures with it like any face, and the embedding then
subsets it like any other.
"""

from __future__ import annotations

import atexit
import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import BulletinError
from ...i18n import t
from ..cache import read_file, write_file
from .faces import (
    EmboldenedFace,
    Face,
    FontFace,
    emboldened,
    open_face,
    open_ttfont,
    subset_options,
)

if TYPE_CHECKING:  # fontTools is imported where a font file is read, not on a warm build
    from fontTools.ttLib import TTFont

FORMS_VERSION = 1  # part of the cached file's name: bump when the output changes
# Unicode's presentation forms for vertical text, by the character they stand for.
PRESENTATION = {
    "，": "︐", "、": "︑", "。": "︒", "：": "︓", "；": "︔", "！": "︕", "？": "︖",
    "〖": "︗", "〗": "︘", "…": "︙", "‥": "︰", "—": "︱", "–": "︲", "＿": "︳",
    "（": "︵", "）": "︶", "｛": "︷", "｝": "︸", "〔": "︹", "〕": "︺", "【": "︻",
    "】": "︼", "《": "︽", "》": "︾", "〈": "︿", "〉": "﹀", "「": "﹁", "」": "﹂",
    "『": "﹃", "』": "﹄", "［": "﹇", "］": "﹈",
}
# Quotes are set as corner brackets in vertical text: they take those brackets' forms.
QUOTES = {"“": "「", "”": "」", "‘": "『", "’": "』"}
_forms: dict[str, Face | None] = {}  # face name → its forms face (None: it has none)
_UNKNOWN = object()
_tmp_files: list[Path] = []


def forms_face(face: Any) -> Face | None:
    """The vertical forms of ``face`` as a face of their own (None if it has none): the
    typesetter's ``forms`` for vertical text (``bulletin.typeset.vertical``)."""
    known = _forms.get(face.name, _UNKNOWN)
    if known is None or (known is not _UNKNOWN and Path(known.path).exists()):
        return known  # (a cache folder since removed, as a test's: made again)
    if isinstance(face, EmboldenedFace):
        base = forms_face(face.base)
        found: Face | None = emboldened(base) if isinstance(base, FontFace) else None
    elif isinstance(face, FontFace):
        found = _open_forms(face)
    else:  # a synthetic face (tests): no font file to take glyphs from
        found = None
    _forms[face.name] = found
    return found


def _open_forms(face: FontFace) -> FontFace | None:
    name = f"vertical/{face.digest[:32]}-{face.index}-v{FORMS_VERSION}.ttf"
    path = read_file(name)
    if path is None:
        data = make_forms(face)
        path = write_file(name, data or b"") or (_temporary(data) if data else None)
    if path is None or path.stat().st_size == 0:  # (an empty entry: the font has none)
        return None
    return open_face(path, 0, f"{face.name}-vert")


def _temporary(data: bytes) -> Path:
    """A file for this process when the cache cannot be written."""
    fd, raw = tempfile.mkstemp(prefix="bulletin-vert-", suffix=".ttf")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    path = Path(raw)
    if not _tmp_files:
        atexit.register(lambda: [p.unlink(missing_ok=True) for p in _tmp_files])
    _tmp_files.append(path)
    return path


def vertical_glyphs(font: TTFont) -> dict[str, str]:
    """Source character → glyph name of its vertical form in ``font``: ``vert`` first
    (the script's default language system, Han before the default script), then the
    presentation forms; quotes as corner brackets."""
    cmap = font.getBestCmap() or {}
    vert = _vert_substitutions(font)
    out: dict[str, str] = {}
    for cp, glyph in cmap.items():
        if cp > 0x7F and glyph in vert:
            out[chr(cp)] = vert[glyph]
    for ch, form in PRESENTATION.items():
        if ch not in out and ord(ch) in cmap and ord(form) in cmap:
            out[ch] = cmap[ord(form)]
    for quote, bracket in QUOTES.items():
        if bracket in out and ord(quote) in cmap:
            out[quote] = out[bracket]
    return out


def _vert_substitutions(font: TTFont) -> dict[str, str]:
    """The single substitutions of the ``vert`` feature a Chinese text gets."""
    if "GSUB" not in font:
        return {}
    table = font["GSUB"].table
    if not table.FeatureList or not table.LookupList or not table.ScriptList:
        return {}
    records = table.FeatureList.FeatureRecord
    scripts = {s.ScriptTag: s.Script for s in table.ScriptList.ScriptRecord}
    indices: list[int] = []
    for tag in ("hani", "DFLT"):
        default = scripts[tag].DefaultLangSys if tag in scripts else None
        if default is not None:
            indices = [i for i in default.FeatureIndex if records[i].FeatureTag == "vert"]
            if indices:
                break
    else:
        indices = [i for i, r in enumerate(records) if r.FeatureTag == "vert"]
    mapping: dict[str, str] = {}
    for index in indices:
        for lookup_index in records[index].Feature.LookupListIndex:
            lookup = table.LookupList.Lookup[lookup_index]
            for sub in lookup.SubTable:
                if lookup.LookupType == 7:
                    sub = sub.ExtSubTable
                for source, target in getattr(sub, "mapping", {}).items():
                    mapping.setdefault(source, target)
    return mapping


def make_forms(face: FontFace) -> bytes | None:
    """The forms face of ``face`` as a TrueType/OpenType file (None: the font has none)."""
    from fontTools import subset as ft_subset  # only on a cache miss
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    font = open_ttfont(face.path, face.index, recalcTimestamp=False)
    try:
        wanted = vertical_glyphs(font)
        if not wanted:
            return None
        sub = ft_subset.Subsetter(subset_options(
            frozenset({"GSUB", "GPOS", "vhea", "vmtx", "VORG", "DSIG"})))
        sub.populate(glyphs=sorted(set(wanted.values())))
        sub.subset(font)
        table = newTable("cmap")
        table.tableVersion = 0
        table.tables = []
        for platform, encoding in ((0, 3), (3, 1)):
            cmap = CmapSubtable.newSubtable(4)
            cmap.platformID, cmap.platEncID, cmap.language = platform, encoding, 0
            cmap.cmap = {ord(ch): glyph for ch, glyph in wanted.items()}
            table.tables.append(cmap)
        font["cmap"] = table
        _rename(font)
        buf = io.BytesIO()
        font.save(buf)
    except BulletinError:
        raise
    except Exception as exc:  # fontTools raises many kinds on an odd font
        raise BulletinError(t("cannot take the vertical forms of font {face}: {why}",
                              face=face.label, why=exc),
                            t("choose another font for vertical text")) from None
    return buf.getvalue()


def _rename(font: TTFont) -> None:
    """Its own names, so no reader mistakes it for the whole font."""
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (1, 3, 4, 6, 16):
            try:
                text = record.toUnicode()
            except UnicodeDecodeError:
                continue
            suffix = "-Vertical" if record.nameID == 6 else " Vertical"
            table.setName(text + suffix, record.nameID, record.platformID,
                          record.platEncID, record.langID)
