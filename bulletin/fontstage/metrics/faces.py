"""Font faces: metrics for the typesetter, read once and then kept in the disk cache.

The core of ``metrics``: a face is what the typesetter measures with, whoever found it
(``discovery``) and however it is later embedded (``embedding``). The few facts of a
font file both of those also need (its ``name`` records, weight, whether it is a font at
all, the subsetting options) are read here, once.

A face answers the typesetter's questions (``has``, ``advance``, ``ink``) from a
table of code points and advances. Reading that table from a CJK font with fontTools
takes tens of milliseconds, so it is cached per font file (by content hash) and a
warm build opens no font file at all. Ink boxes are measured for the punctuation
the typesetter asks about when the table is made, and for anything else on demand.

The bundled fonts' tables also ship beside them (``fonts/metrics.json.gz``, written by
``scripts/build_fonts.py``), so a cold cache (a new user, a fresh machine, CI) need
not decode their big ``cmap`` tables either: a file whose content hash matches a shipped
entry takes that entry, anything else is measured.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import os
import stat
import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import BulletinError
from ...i18n import Msg, t
from ...resources import data_dir
from ..cache import (
    SHAPE_ERRORS,
    file_digest,
    ints,
    json_entry,
    need,
    number,
    read_json,
    write_json,
)
from ..cache import flush as flush_digests

if TYPE_CHECKING:  # fontTools is imported where a font file is read, not on a warm build
    from fontTools.ttLib import TTFont

SYNTHETIC_STROKE = 0.03  # em: outline stroke of a synthetic bold (fill + stroke)
# How every TrueType/OpenType file or collection begins (checked before anything is read).
SFNT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
# sfnt offsets are 32-bit; the largest real CJK collections are a few hundred MB.
MAX_FONT_BYTES = 1 << 30
_REAL = {int, float}
# The bundled faces' metrics tables, in fonts/ (see ``pack_metrics``).
SHIPPED_METRICS = "metrics.json.gz"
SHIPPED_FORMAT = 1  # bump when ``pack_metrics`` changes: an older file is then ignored
_KINDS = ((stat.S_ISDIR, t("a folder")), (stat.S_ISFIFO, t("a named pipe")),
          (stat.S_ISSOCK, t("a socket")), (stat.S_ISCHR, t("a device")),
          (stat.S_ISBLK, t("a device")))
# The hints of the messages about a font file.
GIVE_A_FONT = t("give a TrueType/OpenType font file (.ttf, .otf, .ttc, .otc)")
CHECK_THE_PATH = t("check the path in the layout's 'fonts:'")

# Characters whose ink box the typesetter uses (punctuation cells, dash bars): measured
# up front so that the usual document never opens the font.
_INK_RANGES = ((0x21, 0x7F), (0xA0, 0x100), (0x2010, 0x2070), (0x2E3A, 0x2E3B),
               (0x3000, 0x3020), (0x30FB, 0x30FC), (0x22EF, 0x22F0), (0xFE10, 0xFE20),
               (0xFE30, 0xFE70), (0xFF00, 0xFF66))


@cache
def _ink_codepoints() -> frozenset[int]:
    from ...typeset.chars import Kind, kind_of

    plain = (Kind.HAN, Kind.LATIN, Kind.SPACE, Kind.NEWLINE)
    return frozenset(cp for a, b in _INK_RANGES for cp in range(a, b)
                     if kind_of(chr(cp)) not in plain)


def check_font_file(path: Path) -> os.stat_result:
    """Refuse what is not a regular file before anything opens it: opening a named pipe
    called ``x.ttf`` would wait forever for a writer."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise BulletinError(t("cannot read font {path}: {why}", path=path, why=exc.strerror),
                            CHECK_THE_PATH) from None
    if not stat.S_ISREG(st.st_mode):
        kind = next((what for test, what in _KINDS if test(st.st_mode)), t("not a file"))
        raise BulletinError(t("font file {path} is not a regular file but {kind}",
                              path=path, kind=kind), GIVE_A_FONT)
    return st


def check_font_header(path: Path, head: bytes, size: int) -> None:
    """A clear refusal, from the first bytes and the size alone, of a file that cannot
    be a font, before it is hashed or parsed (a 3 GB file took 10 s to be turned down)."""
    if head[:4] not in SFNT_MAGIC:
        raise BulletinError(
            t("{path} is not a font file (it does not begin like a TrueType/OpenType font)",
              path=path), GIVE_A_FONT)
    if size > MAX_FONT_BYTES:
        gigabytes, limit = f"{size / 2**30:.1f}", f"{MAX_FONT_BYTES / 2**30:.0f}"
        raise BulletinError(
            t("font file {path} is too large ({size} GB; the largest real fonts are a few "
              "hundred MB, and the limit is {limit} GB)", path=path, size=gigabytes,
              limit=limit),
            t("check that this is the font you meant"))


def looks_like_font(path: Path) -> bool:
    """A regular file of a font's size that begins like one (for listing folders, where
    anything else is skipped quietly, as fontconfig does)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        ok = stat.S_ISREG(st.st_mode) and st.st_size <= MAX_FONT_BYTES
        return ok and f.read(4) in SFNT_MAGIC


def open_ttfont(path: Path, index: int = 0, **kw: Any) -> TTFont:
    """fontTools' reader, with its many exception types turned into one user message."""
    from fontTools.ttLib import TTFont

    try:
        return TTFont(str(path), fontNumber=index, lazy=True, **kw)
    except Exception as exc:  # fontTools raises many kinds on a bad file
        message = (t("cannot read font {path} (member {index}): {why}", path=path,
                     index=index, why=exc) if index
                   else t("cannot read font {path}: {why}", path=path, why=exc))
        raise BulletinError(message, GIVE_A_FONT) from None


def plain_glyph_names(font: TTFont) -> TTFont:
    """Name the glyphs of a TrueType font that has no glyph names (``post`` format 3, as
    the bundled fonts) by their IDs, as fontTools' own fallback does. Else fontTools makes
    names from the ``cmap``, decoding that big table once for the names and then again:
    half the time of a CJK subset. Nothing written keeps the names, so the bytes of a
    subset are the same (checked for the bundled fonts)."""
    if "glyf" in font and "CFF " not in font and "CFF2" not in font and (
            "post" not in font or font["post"].formatType == 3.0):
        count = font["maxp"].numGlyphs
        font.setGlyphOrder([".notdef", *(f"glyph{i:05d}" for i in range(1, count))])
    return font


def name_records(font: TTFont, ids: tuple[int, ...]) -> list[tuple[int, str, str]]:
    """(name ID, language tag, text) for the given IDs; undecodable records are skipped."""
    out = []
    if "name" not in font:
        return out
    for rec in font["name"].names:
        if rec.nameID not in ids:
            continue
        try:
            text = rec.toUnicode().strip().strip("\x00")
        except (UnicodeDecodeError, LookupError, ValueError):
            continue
        if text:
            out.append((rec.nameID, _language(rec.platformID, rec.langID), text))
    return out


def _language(platform: int, lang: int) -> str:
    if platform == 3:
        if lang in (0x804, 0x1004):
            return "zh-Hans"
        if lang in (0x404, 0xC04, 0x1404):
            return "zh-Hant"
        return "en" if lang == 0x409 else "other"
    if platform == 1:
        return {0: "en", 33: "zh-Hans", 19: "zh-Hant"}.get(lang, "other")
    return "en" if platform == 0 else "other"


def pick_name(records: list[tuple[int, str, str]], ids: tuple[int, ...],
              languages: tuple[str, ...] = ("en", "other", "zh-Hans", "zh-Hant")) -> str:
    """The first name among ``ids`` (in order of preference) in the first language found."""
    for nid in ids:
        for lang in languages:
            for rid, rlang, text in records:
                if rid == nid and rlang == lang:
                    return text
    return ""


def weight_of(font: TTFont) -> tuple[int, bool]:
    """(usWeightClass normalised to 100…900, italic), trusting the bold/italic flags too."""
    weight, italic, bold_flag = 400, False, False
    if "OS/2" in font:
        os2 = font["OS/2"]
        weight = int(os2.usWeightClass) or 400
        if weight < 10:  # some old fonts use the 1…9 scale
            weight *= 100
        italic = bool(os2.fsSelection & 1)
        bold_flag = bool(os2.fsSelection & 0x20)
    if "head" in font:
        style = font["head"].macStyle
        bold_flag = bold_flag or bool(style & 1)
        italic = italic or bool(style & 2)
    if bold_flag and weight < 600:
        weight = 700
    return max(100, min(weight, 1000)), italic


def parse_metrics(raw: Any) -> dict:
    """A face's metrics table as ``FontFace._measure`` makes it, every key and type checked
    (an error here makes a cached table count as absent, not a crash in the typesetter)."""
    upm = need(raw["upm"], int)
    cps = ints(raw["cps"])
    adv = ints(raw["adv"])
    if upm <= 0 or len(cps) != len(adv):
        raise ValueError("inconsistent metrics")
    ink: dict[str, list[float] | None] = {}
    for cp, box in need(raw["ink"], dict).items():
        chr(int(cp))  # a code point, as a string (JSON keys are strings)
        if box is not None and (len(need(box, list)) != 4 or not set(map(type, box)) <= _REAL
                                or not math.isfinite(sum(box))):
            raise ValueError("an ink box is four numbers")
        ink[cp] = box
    zh = raw["family_zh"]
    return {
        "upm": upm, "cps": cps, "adv": adv, "notdef": need(raw["notdef"], int),
        "ascent": number(raw["ascent"]), "descent": number(raw["descent"]),
        "family": need(raw["family"], str),
        "family_zh": None if zh is None else need(zh, str),
        "style": need(raw["style"], str), "psname": need(raw["psname"], str),
        "full": need(raw["full"], str), "weight": need(raw["weight"], int),
        "italic": need(raw["italic"], bool), "cff": need(raw["cff"], bool),
        "fstype": need(raw["fstype"], int), "ink": ink,
    }


def measure(font: TTFont, path: Path) -> dict:
    """A face's metrics table read with fontTools: what ``FontFace`` caches, and what
    ``scripts/build_fonts.py`` ships for the bundled faces (one function, so the two
    cannot differ)."""
    try:
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"]
        upm = font["head"].unitsPerEm
        hhea = font["hhea"]
    except Exception as exc:  # a font without the basic tables is not usable
        raise BulletinError(t("cannot read font {path}: {why}", path=path, why=exc),
                            t("give a complete TrueType/OpenType font")) from None
    cps = sorted(cmap)
    records = name_records(font, (1, 2, 4, 6, 16, 17))
    weight, italic = weight_of(font)
    ink: dict[str, list[float] | None] = {}
    glyph_set = font.getGlyphSet()
    for cp in _ink_codepoints().intersection(cmap):
        ink[str(cp)] = _bounds(glyph_set, cmap[cp])
    return {
        "upm": upm, "cps": cps, "adv": [hmtx[cmap[cp]][0] for cp in cps],
        "notdef": hmtx[font.getGlyphOrder()[0]][0],
        "ascent": hhea.ascent, "descent": hhea.descent,
        "family": pick_name(records, (16, 1)),
        "family_zh": pick_name(records, (16, 1), ("zh-Hans", "zh-Hant")) or None,
        "style": pick_name(records, (17, 2)) or "Regular",
        "psname": pick_name(records, (6,)),
        "full": pick_name(records, (4,)),
        "weight": weight, "italic": italic,
        "cff": "CFF " in font or "CFF2" in font,
        "fstype": int(font["OS/2"].fsType) if "OS/2" in font else 0,
        "ink": ink,
    }


def _bounds(glyph_set: Any, glyph: str) -> list[float] | None:
    from fontTools.pens.boundsPen import BoundsPen

    pen = BoundsPen(glyph_set)
    glyph_set[glyph].draw(pen)
    return None if pen.bounds is None else [round(v, 2) for v in pen.bounds]


# ----------------------------------------------------------------------------- shipped


def pack_metrics(data: dict) -> dict:
    """A metrics table made small for shipping: code points as gaps, advances as
    (value, run length) pairs (a CJK face is mostly one advance): 10x smaller gzipped."""
    packed = dict(data)
    cps = data["cps"]
    packed["cps"] = [b - a for a, b in zip([0, *cps[:-1]], cps, strict=True)]
    packed["adv"] = [n for v, run in itertools.groupby(data["adv"])
                     for n in (v, sum(1 for _ in run))]
    return packed


def unpack_metrics(packed: dict) -> dict:
    """The metrics table ``pack_metrics`` was given (its shape checked by ``parse_metrics``)."""
    data = dict(packed)
    data["cps"] = list(itertools.accumulate(ints(packed["cps"])))
    runs = ints(packed["adv"])
    data["adv"] = [v for v, n in zip(runs[::2], runs[1::2], strict=True) for _ in range(n)]
    return data


@cache
def _shipped() -> dict[str, Any]:
    """The shipped tables by ``<digest>-<index>``; empty if the file is missing, damaged
    or of another format (then every face is measured, as before)."""
    try:
        raw = need(json.loads(gzip.decompress(
            (data_dir("fonts") / SHIPPED_METRICS).read_bytes())), dict)
        if raw.get("format") != SHIPPED_FORMAT:
            return {}
        return need(raw["faces"], dict)
    except (OSError, EOFError, zlib.error, *SHAPE_ERRORS):
        return {}


def shipped_metrics(digest: str, index: int) -> dict | None:
    """The shipped metrics table of the font file with this content hash, if it is one
    of the bundled files (any copy of it: the bytes decide, not the path)."""
    entry = _shipped().get(f"{digest}-{index}")
    if entry is None:
        return None
    try:
        return parse_metrics(unpack_metrics(need(entry, dict)["metrics"]))
    except SHAPE_ERRORS:
        return None


class FontFace:
    """One face of one font file (a TTC/OTC member by ``index``): ``bulletin.typeset.Face``."""

    def __init__(self, name: str, path: Path | str, index: int = 0) -> None:
        self.name = name
        self.path = Path(path)
        self.index = index
        self._ttfont: TTFont | None = None
        self._dirty = False
        self._load()

    # -------------------------------------------------------------- metrics table
    def _load(self) -> None:
        check_font_file(self.path)
        try:
            self.digest = file_digest(
                self.path, lambda head, size: check_font_header(self.path, head, size))
        except OSError as exc:
            raise BulletinError(t("cannot read font {path}: {why}", path=self.path,
                                  why=exc.strerror), CHECK_THE_PATH) from None
        self._key = json_entry(f"metrics/{self.digest}-{self.index}")
        data = read_json(self._key, parse_metrics)
        if data is None:
            data = shipped_metrics(self.digest, self.index)
            if data is None:
                data = parse_metrics(self._measure())
            write_json(self._key, data)
        self._data = data
        self._upm = float(data["upm"])
        self._adv = dict(zip(data["cps"], data["adv"], strict=True))
        self._notdef = data["notdef"]
        self.ascent = data["ascent"] / self._upm
        self.descent = data["descent"] / self._upm
        self.family = data["family"] or self.path.stem
        self.family_zh = data["family_zh"]
        self.style = data["style"]
        self.psname = data["psname"]
        self.full_name = data["full"] or f"{self.family} {self.style}".strip()
        self.weight = data["weight"]
        self.italic = data["italic"]
        self.is_cff = data["cff"]
        self.fs_type = data["fstype"]
        self._ink: dict[str, tuple[float, float, float, float] | None] = {}
        for cp, box in data["ink"].items():
            self._ink[chr(int(cp))] = None if box is None else tuple(v / self._upm for v in box)

    def _measure(self) -> dict:
        """Read cmap, advances, names and punctuation ink with fontTools (cold cache)."""
        return measure(self.font, self.path)

    # -------------------------------------------------------------- Face protocol
    def has(self, ch: str) -> bool:
        return ord(ch) in self._adv

    def advance(self, ch: str) -> float:
        return self._adv.get(ord(ch), self._notdef) / self._upm

    def ink(self, ch: str) -> tuple[float, float, float, float] | None:
        try:
            return self._ink[ch]
        except KeyError:
            return self._measure_ink(ch)

    def _measure_ink(self, ch: str) -> tuple[float, float, float, float] | None:
        """An ink box the table lacks, read from the font (a method of its own, so the
        benchmark can time the font reads apart from the cheap lookups)."""
        font = self.font
        glyph = font.getBestCmap().get(ord(ch), font.getGlyphOrder()[0])
        box = _bounds(font.getGlyphSet(), glyph)
        self._data["ink"][str(ord(ch))] = box
        self._dirty = True
        self._ink[ch] = None if box is None else tuple(v / self._upm for v in box)
        return self._ink[ch]

    # -------------------------------------------------------------- the rest
    @property
    def codepoints(self) -> frozenset[int]:
        """Every character the face maps (for coverage reports)."""
        return frozenset(self._adv)

    @property
    def font(self) -> TTFont:
        """The fontTools font, opened on first use (a warm build never needs it)."""
        if self._ttfont is None:
            self._ttfont = plain_glyph_names(open_ttfont(self.path, self.index))
        return self._ttfont

    @property
    def label(self) -> str:
        """How messages name the face: family, style and file."""
        member = f"#{self.index}" if self.index else ""
        return f"{self.full_name} ({self.path.name}{member})"

    def flush(self) -> None:
        """Keep ink boxes measured on demand for the next build."""
        if self._dirty:
            write_json(self._key, self._data)
            self._dirty = False

    def __repr__(self) -> str:
        return f"<FontFace {self.name} {self.path.name}#{self.index}>"


class EmboldenedFace:
    """A face drawn bold by stroking its outlines, for a family that has no bold cut."""

    stroke = SYNTHETIC_STROKE

    def __init__(self, base: FontFace) -> None:
        self.base = base
        self.name = base.name + "+bold"

    def has(self, ch: str) -> bool:
        return self.base.has(ch)

    def advance(self, ch: str) -> float:
        return self.base.advance(ch)

    def ink(self, ch: str) -> tuple[float, float, float, float] | None:
        box = self.base.ink(ch)
        if box is None:
            return None
        h = self.stroke / 2
        return (box[0] - h, box[1] - h, box[2] + h, box[3] + h)

    @property
    def label(self) -> Msg:
        return t("synthetic bold of {face}", face=self.base.label)

    def __getattr__(self, attr: str) -> Any:  # path, index, family, digest … of the base
        if attr == "base":
            raise AttributeError(attr)
        return getattr(self.base, attr)

    def __repr__(self) -> str:
        return f"<EmboldenedFace {self.name}>"


Face = FontFace | EmboldenedFace

# ----------------------------------------------------------------------------- loading
# A font file is read once per process (its metrics are the same for every build): a
# memo by file, not a registry. Nothing looks a face up by its name here: glyphs carry
# a face's name, and each document's table of faces (``Document.faces``, from the
# build's font session) says which face that is.

_BY_SOURCE: dict[tuple[str, int], FontFace] = {}
_NAMES: set[str] = set()  # of the faces loaded: two different files never share a name
_BOLD: dict[str, EmboldenedFace] = {}  # base face's name → its synthetic bold
_BUNDLED_FACES: dict[str, FontFace] = {}  # short name → face


def _safe_name(text: str) -> str:
    keep = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in text)
    return keep.strip("-") or "face"


def open_face(path: Path | str, index: int = 0, name: str | None = None) -> FontFace:
    """The face at ``path`` (member ``index``), loaded once per process, under a name no
    other loaded face has (its PostScript name unless ``name`` is given)."""
    path = Path(path)
    key = (str(path.resolve()), index)
    face = _BY_SOURCE.get(key)
    if face is not None:
        return face
    if name is None and index == 0:
        name = _bundled_names().get(key[0])  # bundled files keep their short names
    face = FontFace(name or "", path, index)
    wanted = name or _safe_name(face.psname or f"{path.stem}-{index}")
    unique, n = wanted, 2
    while unique in _NAMES:
        unique, n = f"{wanted}~{n}", n + 1
    face.name = unique
    _NAMES.add(unique)
    _BY_SOURCE[key] = face
    return face


def emboldened(base: FontFace) -> EmboldenedFace:
    """The synthetic bold of ``base`` (one object per base face)."""
    face = _BOLD.get(base.name)
    if face is None:
        face = _BOLD[base.name] = EmboldenedFace(base)
    return face


def flush() -> None:
    """Write what this process learnt (ink boxes, file digests) to the cache."""
    for face in list(_BY_SOURCE.values()):
        face.flush()
    flush_digests()


# ----------------------------------------------------------------------------- bundled

# Bundled faces: short name in layouts → file in fonts/.
BUNDLED = {
    "serif": "NotoSerifSC-Regular.ttf",
    "serif-bold": "NotoSerifSC-Bold.ttf",
    "sans": "NotoSansSC-Regular.ttf",
    "sans-bold": "NotoSansSC-Bold.ttf",
    "kai": "LXGWWenKai-Regular.ttf",
}
# The bold cut of each bundled face; None: no bold cut (drawn as synthetic bold).
BUNDLED_BOLD: dict[str, str | None] = {
    "serif": "serif-bold", "serif-bold": "serif-bold", "sans": "sans-bold",
    "sans-bold": "sans-bold", "kai": None,
}


@cache
def _bundled_names() -> dict[str, str]:
    folder = data_dir("fonts")
    return {str((folder / file).resolve()): short for short, file in BUNDLED.items()}


def bundled_path(name: str) -> Path:
    if name not in BUNDLED:
        raise BulletinError(t("unknown font {name}", name=repr(name)),
                            t("bundled fonts are {names}", names=", ".join(sorted(BUNDLED))))
    path = data_dir("fonts") / BUNDLED[name]
    if not path.exists():
        raise BulletinError(t("bundled font file missing: {file}", file=path.name),
                            t("reinstall bulletin"))
    return path


def bundled_face(name: str) -> FontFace:
    """A bundled face by its short name (``serif``, ``sans-bold``, ``kai`` …)."""
    face = _BUNDLED_FACES.get(name)
    if face is None:
        face = _BUNDLED_FACES[name] = open_face(bundled_path(name), 0, name)
    return face


def subset_options(drop: frozenset[str] = frozenset()) -> Any:
    """fontTools' subsetting options for every face we embed: no layout features, the
    hinting kept as it is (stripping it re-encodes glyphs), every name kept, no clock
    (the same input gives the same bytes); ``drop`` more tables."""
    from fontTools import subset as ft_subset  # 50 ms to import: only on a cache miss

    opts = ft_subset.Options()
    opts.layout_features = []
    opts.hinting = True
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.recalc_timestamp = False
    opts.desubroutinize = True
    opts.drop_tables = sorted(set(opts.drop_tables) | drop)
    return opts
