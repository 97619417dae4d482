"""Embedding: what goes into the PDF, each face cut down to the characters the
document draws, with TrueType outlines (what the renderer's Type0 fonts embed, as
``FontFile2``), cached on disk.

Used by the renderer (and the build that hands it the result) only: the typesetter
never needs a subset. A face with TrueType outlines is subset by ``glyfsubset``;
fontTools' subsetter, ten times slower and 65 ms to import, only takes the others.

A subset is keyed by the font file's content hash, the face's index in a collection
and the exact character set, so a rebuild of the same document reuses it and an edit
makes a new one; a cached subset is used only if it verifies (``cache.read_file``),
else it is made again. CFF outlines (.otf, .otc) are converted to quadratic curves with
cu2qu after subsetting, so the conversion only sees the few hundred glyphs kept.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BulletinError
from ..flow.model import Document, TextLine
from ..i18n import Msg, t
from .cache import read_file, remove_file, write_file
from .discovery import catalogue
from .discovery.session import FontSession, note_cache_damage
from .glyfsubset import glyf_subset
from .metrics.faces import (
    BUNDLED,
    EmboldenedFace,
    Face,
    FontFace,
    bundled_face,
    flush,
    open_ttfont,
    plain_glyph_names,
    subset_options,
)

if TYPE_CHECKING:  # fontTools is imported where a font file is read, not on a warm build
    from fontTools.ttLib import TTFont

SUBSET_VERSION = 3  # part of every subset's key: bump when the output changes
MAX_ERR = 1.0  # cu2qu tolerance, in font units
KEEP_SUBSETS = 12  # per face: the most recently used subsets stay in the cache
# Tables ReportLab reads (and hinting, which it copies); the rest is dropped up front.
KEEP_TABLES = {"head", "hhea", "hmtx", "maxp", "cmap", "name", "post", "OS/2", "glyf", "loca",
               "CFF ", "CFF2", "cvt ", "fpgm", "prep", "gasp"}
_PS_BAD = set(" [](){}<>/%")
_tmp_dir: Path | None = None


@dataclass(frozen=True)
class EmbeddedFont:
    """A face as the renderer registers it: a subset file, and how to draw with it."""

    key: str  # ReportLab font name, unique per subset
    path: Path  # TrueType subset file
    stroke: float = 0.0  # em; > 0: synthetic bold, drawn with fill + stroke


def check_embeddable(face: FontFace) -> None:
    """Respect the font's licence flags (OS/2 fsType), as a clear message, not a crash."""
    fs = face.fs_type
    why: Msg | None = None
    if fs & 0x000F == 0x0002:
        why = t("its licence forbids embedding it in documents (restricted licence, fsType 2)")
    elif fs & 0x0100:
        why = t("its licence forbids subsetting it (fsType bit 8)")
    elif fs & 0x0200:
        why = t("its licence allows embedding bitmaps only (fsType bit 9)")
    if why:
        raise BulletinError(t("font {face} cannot be used: {why}", face=face.label, why=why),
                            t("choose another font for this role in the layout's 'fonts:'"))


def subset_file(face: FontFace, chars: Iterable[str]) -> Path:
    """A TrueType file holding just ``chars`` of ``face`` (from the cache if made before)."""
    wanted = sorted({c for c in chars if face.has(c)})
    key = hashlib.blake2b(
        f"{SUBSET_VERSION}|{face.digest}|{face.index}|{''.join(wanted)}".encode(),
        digest_size=10,
    ).hexdigest()
    prefix = f"{face.digest[:16]}-{face.index}-"
    name = f"subsets/{prefix}{key}.ttf"
    cached = read_file(name)
    if cached is not None:
        with contextlib.suppress(OSError):
            os.utime(cached)  # recently used: kept when older subsets are pruned
        return cached
    check_embeddable(face)
    data = quick_subset(face, wanted)
    if data is None:  # fontTools; then a glyph of its own for each character, as above
        made = make_subset(face, wanted)
        data = glyf_subset(made, 0, wanted) or made
    written = write_file(name, data)
    if written is not None:
        _prune(written, prefix)
    else:  # no writable cache: a temporary folder for this process
        global _tmp_dir
        if _tmp_dir is None:
            _tmp_dir = Path(tempfile.mkdtemp(prefix="bulletin-fonts-"))
            atexit.register(shutil.rmtree, _tmp_dir, ignore_errors=True)
        written = _tmp_dir / Path(name).name
        written.write_bytes(data)
    return written


def _prune(new: Path, prefix: str) -> None:
    """Each edit of a document makes new subsets: keep a face's latest few, not all."""
    try:
        files = sorted((p for p in new.parent.glob(prefix + "*.ttf") if p != new),
                       key=lambda p: os.lstat(p).st_mtime, reverse=True)
    except OSError:
        return
    for old in files[KEEP_SUBSETS - 1:]:
        remove_file(old)


def quick_subset(face: FontFace, chars: list[str]) -> bytes | None:
    """The subset made without fontTools, for a face with TrueType outlines and a
    PostScript name ReportLab takes as it is (every bundled face): a tenth of the time
    (``glyfsubset``). None for any other face."""
    if face.is_cff or _postscript_name(face) != face.psname:
        return None
    return glyf_subset(face.path, face.index, chars)


def make_subset(face: FontFace, chars: list[str]) -> bytes:
    """Subset with fontTools, convert CFF to glyf, give it a PostScript name ReportLab takes."""
    from fontTools import subset as ft_subset  # 50 ms to import: only on a cache miss
    font = open_ttfont(face.path, face.index, recalcBBoxes=face.is_cff, recalcTimestamp=False)
    try:
        plain_glyph_names(font)  # one cmap decode, not two (same bytes)
        for tag in list(font.keys()):
            if tag not in KEEP_TABLES and tag != "GlyphOrder":
                del font[tag]
        sub = ft_subset.Subsetter(subset_options())
        sub.populate(unicodes=[ord(c) for c in chars])
        sub.subset(font)
        if "CFF " in font or "CFF2" in font:
            cff_to_glyf(font)
        _set_postscript_name(font, face)
        _unicode_cmap(font)
        buf = io.BytesIO()
        font.save(buf)
    except BulletinError:
        raise
    except Exception as exc:
        raise BulletinError(t("cannot subset font {face}: {why}", face=face.label, why=exc),
                            t("the font file may be damaged; try another font")) from None
    return buf.getvalue()


def cff_to_glyf(font: TTFont, max_err: float = MAX_ERR) -> None:
    """Replace CFF outlines by quadratic TrueType ones (fontTools' otf2ttf, in place).

    Also used by ``scripts/build_fonts.py`` for the bundled fonts.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    vorg = font["VORG"] if "VORG" in font else None
    vmtx = font["vmtx"] if "vmtx" in font else None
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)  # computes each glyph's bounding box
    hmtx = font["hmtx"]
    for name, g in glyphs.items():
        g.recalcBounds(glyf)
        if not g.numberOfContours:
            continue
        hmtx[name] = (hmtx[name][0], g.xMin)  # TrueType wants lsb == xMin
        if vmtx is not None and vorg is not None:
            # TrueType has no VORG: the vertical origin is implied by yMax + top bearing.
            origin_y = vorg.VOriginRecords.get(name, vorg.defaultVertOriginY)
            vmtx[name] = (vmtx[name][0], origin_y - g.yMax)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                 "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames, post.mapping, post.glyphOrder = [], {}, None
    font.sfntVersion = "\x00\x01\x00\x00"


def _unicode_cmap(font: TTFont) -> None:
    """The subset's cmap as two Windows tables, BMP and all of Unicode: ReportLab's
    parser reads the last table it takes, and a font whose last is a BMP one (after a
    Unicode-platform one with the rest) would lose every character beyond U+FFFF."""
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    best = font.getBestCmap() or {}
    tables = []
    for fmt, encoding, cmap in ((4, 1, {c: g for c, g in best.items() if c <= 0xFFFF}),
                                (12, 10, best)):
        table = CmapSubtable.newSubtable(fmt)
        table.platformID, table.platEncID, table.language, table.cmap = 3, encoding, 0, cmap
        tables.append(table)
    font["cmap"].tables = tables


def _postscript_name(face: FontFace) -> str:
    """The face's PostScript name as ReportLab takes it: no spaces, brackets or
    non-ASCII letters."""
    ps = "".join(c for c in face.psname if c.isascii() and c.isprintable() and c not in _PS_BAD)
    return ps or f"BulletinFont-{face.digest[:8]}"


def _set_postscript_name(font: TTFont, face: FontFace) -> None:
    ps = _postscript_name(face)
    if ps == face.psname:
        return
    table = font["name"]
    table.removeNames(nameID=6)
    table.setName(ps, 6, 3, 1, 0x409)
    table.setName(ps, 6, 1, 0, 0)


def document_chars(document: Document) -> dict[str, set[str]]:
    """The characters each face draws in ``document``, by the face name glyphs carry."""
    used: dict[str, set[str]] = {}
    for page in document.pages:
        for item in page.items:
            if isinstance(item, TextLine):
                face, chars = None, set()
                for g in item.line.glyphs:  # a line's glyphs are mostly of one face
                    if g.face != face:
                        face = g.face
                        chars = used.setdefault(face, set())
                    chars.update(g.char)
    return used


def face_of(document: Document, name: str) -> Face:
    """The face a glyph of ``document`` names, from the document's table of faces (a
    bundled face's short name, ``serif`` …, needs no table: a document made by hand)."""
    face = document.faces.get(name)
    if face is not None:
        return face
    if name in BUNDLED:
        return bundled_face(name)
    raise BulletinError(t("no font face named {name} in this document's table of faces",
                          name=repr(name)), t("faces come from the layout's fonts"))


def embed(document: Document, fonts: FontSession | None = None) -> dict[str, EmbeddedFont]:
    """Subset every face ``document`` uses; by face name, what the renderer registers.
    ``fonts``, the build's session, hears of a damaged cache entry made again."""
    used = document_chars(document)
    bases: dict[str, tuple[FontFace, set[str]]] = {}
    for name, chars in used.items():
        face = face_of(document, name)
        base = face.base if isinstance(face, EmboldenedFace) else face
        bases.setdefault(base.name, (base, set()))[1].update(chars)
    files = {name: subset_file(base, chars) for name, (base, chars) in bases.items()}
    out = {}
    for name in used:
        face = face_of(document, name)
        base_name = face.base.name if isinstance(face, EmboldenedFace) else name
        path = files[base_name]
        stroke = face.stroke if isinstance(face, EmboldenedFace) else 0.0
        out[name] = EmbeddedFont(f"bulletin-{base_name}-{path.stem[-8:]}", path, stroke)
    flush()
    catalogue.flush()
    note_cache_damage(fonts)  # the build's one word on a healed cache
    return out
