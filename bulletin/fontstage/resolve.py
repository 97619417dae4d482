"""Find a font by what a user calls it: a file path, or a family name in English or
Chinese (read from each font's own ``name`` table), with the wanted weight.

Sources, searched in order: the bundled ``fonts/`` folder, the user's fonts folders
(``fonts/`` next to the content file or the layout), then the system's font folders
(fontconfig's on Linux, ``C:\\Windows\\Fonts`` on Windows, ``/Library/Fonts`` and
``/System/Library/Fonts`` on macOS). A folder's faces are listed once and kept in the
cache, keyed by each file's size and modification time.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTCollection, TTFont

from ..errors import BulletinError
from ..resources import data_dir
from .cache import CLOCK, cache_dir, json_entry, need, read_json, write_json
from .faces import (
    BUNDLED,
    BUNDLED_BOLD,
    EmboldenedFace,
    Face,
    FontFace,
    bundled_face,
    check_font_file,
    emboldened,
    looks_like_font,
    name_records,
    open_face,
    weight_of,
)

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
BOLD = 600  # weights from here up count as a bold cut
_PATHLIKE = re.compile(r"[/\\]|\.(ttf|otf|ttc|otc)(#\d+)?$", re.IGNORECASE)
_MEMBER = re.compile(r"^(.*?)#(\d+)$")
# Weight words a name may end with (normalised), longest first so "semibold" wins.
WEIGHT_WORDS = {
    "extralight": 200, "ultralight": 200, "semibold": 600, "demibold": 600,
    "extrabold": 800, "ultrabold": 800, "regular": 400, "normal": 400, "medium": 500,
    "light": 300, "heavy": 900, "black": 900, "thin": 100, "book": 400, "bold": 700,
    "常规": 400, "标准": 400, "粗体": 700, "特粗": 900, "细体": 300, "中等": 500, "粗": 700,
    "细": 300,
}
_WEIGHT_ORDER = sorted(WEIGHT_WORDS, key=len, reverse=True)



def norm(name: str) -> str:
    """Compare names without case, spaces or punctuation: 'Microsoft YaHei' = 'microsoftyahei',
    '仿宋_GB2312' = '仿宋gb2312'."""
    return "".join(c for c in name.casefold() if c.isalnum())


# ----------------------------------------------------------------------------- folders


def system_font_dirs() -> list[Path]:
    """The system's font folders that exist (``$BULLETIN_SYSTEM_FONT_DIRS`` overrides)."""
    env = os.environ.get("BULLETIN_SYSTEM_FONT_DIRS")
    if env is not None:
        return [Path(p) for p in env.split(os.pathsep) if p]
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        dirs = [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        dirs = [home / "Library" / "Fonts", Path("/Library/Fonts"),
                Path("/System/Library/Fonts"), Path("/Network/Library/Fonts")]
    else:
        dirs = fontconfig_dirs()
    return _existing(dirs)


def fontconfig_dirs(conf: Path = Path("/etc/fonts")) -> list[Path]:
    """``<dir>`` entries of fontconfig's configuration, and its usual defaults."""
    home = Path.home()
    xdg = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    dirs: list[Path] = []
    files = [conf / "fonts.conf", conf / "local.conf", *sorted((conf / "conf.d").glob("*.conf"))]
    for file in files:
        try:
            root = ET.parse(file).getroot()
        except (OSError, ET.ParseError):
            continue
        for node in root.iter("dir"):
            text = (node.text or "").strip()
            if not text:
                continue
            prefix = node.get("prefix", "default")
            if prefix == "xdg":
                dirs.append(xdg / text)
            elif prefix == "relative":
                dirs.append(file.parent / text)
            else:
                dirs.append(Path(os.path.expanduser(text)))
    dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), xdg / "fonts",
             home / ".fonts"]
    return dirs


def _existing(dirs: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    seen: set[str] = set()
    for d in dirs:
        key = os.path.realpath(d)
        if key not in seen and os.path.isdir(d):
            seen.add(key)
            out.append(d)
    return out


def font_files(dirs: Iterable[Path]) -> Iterator[Path]:
    """Font files under ``dirs`` (recursively, following links once), in a stable order;
    names only: ``scan`` skips what is not a regular file."""
    seen: set[str] = set()
    for top in dirs:
        for root, subdirs, files in os.walk(top, followlinks=True):
            real = os.path.realpath(root)
            if real in seen:
                subdirs[:] = []
                continue
            seen.add(real)
            subdirs.sort()
            for name in sorted(files):
                if name.lower().endswith(FONT_SUFFIXES):
                    yield Path(root) / name


# ----------------------------------------------------------------------------- catalog


@dataclass(frozen=True)
class Entry:
    """One face in a font folder, as far as finding it by name needs."""

    path: str
    index: int
    family: str  # display name, English if the font has one
    family_zh: str
    style: str
    weight: int
    italic: bool
    families: tuple[str, ...]  # normalised family names (name IDs 1, 16), every language
    fulls: tuple[str, ...]  # normalised full names (IDs 4, 6, family + style)

    @property
    def display(self) -> str:
        zh = f" / {self.family_zh}" if self.family_zh and self.family_zh != self.family else ""
        return f"{self.family}{zh} {self.style}"

    @classmethod
    def from_json(cls, raw: Any) -> Entry:
        """An entry as the catalog stores it, every field's type checked."""
        return cls(
            path=need(raw["path"], str), index=need(raw["index"], int),
            family=need(raw["family"], str), family_zh=need(raw["family_zh"], str),
            style=need(raw["style"], str), weight=need(raw["weight"], int),
            italic=need(raw["italic"], bool),
            families=tuple(need(f, str) for f in need(raw["families"], list)),
            fulls=tuple(need(f, str) for f in need(raw["fulls"], list)),
        )


def read_entries(path: Path) -> list[Entry]:
    """Name-table facts of every face in a font file (all members of a collection); none
    for what does not begin like a font (checked first: a named pipe would block)."""
    if not looks_like_font(path):
        return []
    fonts: list[TTFont]
    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            fonts = list(TTCollection(str(path), lazy=True).fonts)
        else:
            fonts = [TTFont(str(path), lazy=True)]
    except Exception:  # not a font after all: skip it, as fontconfig does
        return []
    out = []
    for index, font in enumerate(fonts):
        try:
            out.append(_entry(path, index, font))
        except Exception:
            continue
    return out


def _entry(path: Path, index: int, font: TTFont) -> Entry:
    from .faces import pick_name

    records = name_records(font, (1, 2, 4, 6, 16, 17))
    weight, italic = weight_of(font)
    families = {text for nid, _, text in records if nid in (1, 16)}
    fulls = {text for nid, _, text in records if nid in (4, 6)}
    for fam_id, style_id in ((1, 2), (16, 17)):
        for _, lang, fam in (r for r in records if r[0] == fam_id):
            for _, lang2, style in (r for r in records if r[0] == style_id):
                if lang2 == lang or lang2 == "en":
                    fulls.add(f"{fam} {style}")
    return Entry(
        path=str(path), index=index,
        family=pick_name(records, (16, 1)) or path.stem,
        family_zh=pick_name(records, (16, 1), ("zh-Hans", "zh-Hant")),
        style=pick_name(records, (17, 2)) or "Regular",
        weight=weight, italic=italic,
        families=tuple(sorted({norm(f) for f in families} - {""})),
        fulls=tuple(sorted({norm(f) for f in fulls} - {""})),
    )


_CATALOG = json_entry("catalog")
# path → (size, mtime_ns, faces), for the cache folder it was read from
_catalog: dict[str, tuple[int, int, list[Entry]]] | None = None
_catalog_dir: Path | None = None
_catalog_dirty = False


def _parse_catalog(raw: Any) -> dict[str, tuple[int, int, list[Entry]]]:
    return {need(key, str): (need(row["size"], int), need(row["mtime"], int),
                             [Entry.from_json(e) for e in need(row["faces"], list)])
            for key, row in need(need(raw, dict)["files"], dict).items()}


def _catalog_files() -> dict[str, tuple[int, int, list[Entry]]]:
    global _catalog, _catalog_dir
    here = cache_dir()
    if _catalog is None or _catalog_dir != here:
        _catalog = read_json(_CATALOG, _parse_catalog) or {}
        _catalog_dir = here
    return _catalog


def scan(dirs: Iterable[Path]) -> list[Entry]:
    """Every face under ``dirs``; files seen before (same size and time) are not reopened.
    Only regular files are looked at: a named pipe called ``x.ttf`` would block a reader."""
    global _catalog_dirty
    with CLOCK.span():
        known = _catalog_files()
        out: list[Entry] = []
        for path in font_files(dirs):
            try:
                st = path.stat()
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            key = str(path)
            hit = known.get(key)
            if hit and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
                entries = hit[2]
            else:
                entries = read_entries(path)
                known[key] = (st.st_size, st.st_mtime_ns, entries)
                _catalog_dirty = True
            out.extend(entries)
        return out


def flush() -> None:
    """Write the font-folder listing to the cache if it changed."""
    global _catalog_dirty
    if _catalog_dirty and _catalog is not None:
        files = {key: {"size": size, "mtime": mtime, "faces": [asdict(e) for e in faces]}
                 for key, (size, mtime, faces) in _catalog.items()}
        write_json(_CATALOG, {"files": files})
        _catalog_dirty = False


# ----------------------------------------------------------------------------- resolver


class FontNotFound(BulletinError):
    """A font name or path that none of the sources has."""


@dataclass
class Source:
    label: str
    dirs: list[Path]
    _entries: list[Entry] | None = None

    @property
    def entries(self) -> list[Entry]:
        if self._entries is None:
            self._entries = scan(self.dirs)
        return self._entries


class Resolver:
    """Font names and paths → faces, for one layout and content file."""

    def __init__(self, base_dirs: Iterable[Path] = (), user_dirs: Iterable[Path] = ()) -> None:
        self.base_dirs = [Path(d) for d in base_dirs]  # where relative paths are looked up
        self.user_dirs = [Path(d) for d in user_dirs]
        self._sources: list[Source] | None = None

    @property
    def sources(self) -> list[Source]:
        """Bundled, user and system font folders (listed on first use, not before)."""
        if self._sources is None:
            self._sources = [
                Source("bundled fonts", [data_dir("fonts")]),
                Source("your fonts folder", _existing(self.user_dirs)),
                Source("system fonts", system_font_dirs()),
            ]
        return self._sources

    # ------------------------------------------------------------------ lookups
    def face(self, text: str, bold: bool = False) -> Face:
        """The face ``text`` names (``bold``: the family's bold cut, or a synthetic one)."""
        with CLOCK.span():
            if text in BUNDLED:
                return self.bold_of(bundled_face(text)) if bold else bundled_face(text)
            if _PATHLIKE.search(text):
                return self._path(text)
            entry = self.find(text, bold)
            if entry is None:
                raise self.not_found(text)
            face = open_face(entry.path, entry.index)
            if bold and entry.weight < BOLD:
                return self.bold_of(face)
            return face

    def _path(self, text: str) -> FontFace:
        spec, index = text, 0
        m = _MEMBER.match(text)
        if m:
            spec, index = m.group(1), int(m.group(2))
        path = Path(os.path.expanduser(spec))
        tried = [path] if path.is_absolute() else [d / path for d in self.base_dirs] + [path]
        found = next((p for p in tried if p.is_file()), None) or next(
            (p for p in tried if p.exists()), None)
        if found is None:
            raise FontNotFound(f"font file '{spec}' not found",
                               "looked at " + ", ".join(str(p) for p in dict.fromkeys(tried)))
        check_font_file(found)  # a folder or a named pipe: said so, never opened
        members = 1
        if found.suffix.lower() in (".ttc", ".otc"):
            members = len(read_entries(found)) or 1
        if not 0 <= index < members:
            raise FontNotFound(f"'{found.name}' has no member #{index}",
                               f"it holds {members} fonts: #0 … #{members - 1}")
        return open_face(found, index)

    def find(self, text: str, bold: bool = False) -> Entry | None:
        """The best face for a family or full name, searching the sources in order."""
        q = norm(text)
        if not q:
            return None
        base, named_weight = q, None
        for word in _WEIGHT_ORDER:
            w = norm(word)
            if q.endswith(w) and len(q) > len(w):
                base, named_weight = q[: -len(w)], WEIGHT_WORDS[word]
                break
        for source in self.sources:  # a whole name first, in every source …
            entries = source.entries
            exact = [e for e in entries if q in e.fulls]
            if exact:
                return _closest(exact, exact[0].weight)
            family = [e for e in entries if q in e.families]
            if family:
                return _closest(family, 700 if bold else 400)
        if named_weight is not None:  # … then a family name + a weight word
            for source in self.sources:
                family = [e for e in source.entries if base in e.families]
                if family:
                    return _closest(family, max(named_weight, 700) if bold else named_weight)
        return None

    def bold_of(self, face: Face) -> Face:
        """The bold cut of ``face``'s family; a synthetic bold if the family has none."""
        if isinstance(face, EmboldenedFace) or face.weight >= BOLD:
            return face
        short = face.name if face.name in BUNDLED else None
        if short is not None:
            bold = BUNDLED_BOLD[short]
            return bundled_face(bold) if bold else emboldened(face)
        names = {norm(face.family)} | ({norm(face.family_zh)} if face.family_zh else set())
        with CLOCK.span():
            for source in self.sources:
                cuts = [e for e in source.entries
                        if e.weight >= BOLD and names.intersection(e.families)]
                if cuts:
                    best = _closest(cuts, 700, italic=face.italic)
                    return open_face(best.path, best.index)
        return emboldened(face)

    # ------------------------------------------------------------------ messages
    def not_found(self, text: str) -> FontNotFound:
        searched = ["bundled names " + ", ".join(BUNDLED)]
        for source in self.sources:
            if source.dirs:
                searched.append(f"{source.label} ({', '.join(str(d) for d in source.dirs)})")
            elif source.label == "your fonts folder" and self.user_dirs:
                folders = " or ".join(str(d) for d in dict.fromkeys(self.user_dirs))
                searched.append(f"your fonts folder ({folders}: not there)")
            else:
                searched.append(f"{source.label} (none)")
        close = self.closest(text)
        hint = "searched " + "; ".join(searched)
        hint += (f"; closest names: {', '.join(close)}" if close
                 else "; no similar family name found")
        return FontNotFound(f"no font named '{text}'", hint + "; give the font file's path instead")

    def closest(self, text: str, n: int = 5) -> list[str]:
        """Family names that look like ``text`` (similar spelling, or one inside the other)."""
        names: dict[str, str] = {}
        for source in self.sources:
            for e in source.entries:
                for display in (e.family, e.family_zh):
                    if display:
                        names.setdefault(norm(display), display)
        q = norm(text)
        contained = [d for k, d in names.items() if q and k and (q in k or k in q)]
        similar = difflib.get_close_matches(q, list(names), n=n, cutoff=0.5)
        out = list(dict.fromkeys(contained + [names[k] for k in similar]))
        return out[:n]


def _closest(entries: list[Entry], weight: int, italic: bool = False) -> Entry:
    """The entry nearest in weight (upright unless ``italic``; ties: the lighter, first)."""
    return min(entries, key=lambda e: (e.italic != italic, abs(e.weight - weight), e.weight))
