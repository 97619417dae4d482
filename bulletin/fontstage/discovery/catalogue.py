"""The font catalogue: which faces the font folders hold, as finding one by name needs.

Discovery's bottom layer. The system's font folders (fontconfig's on Linux,
``C:\\Windows\\Fonts`` on Windows, ``/Library/Fonts`` and ``/System/Library/Fonts`` on
macOS), the font files under a folder, and each face's names and weight read from its
``name`` and ``OS/2`` tables. A folder's faces are listed once and kept in the cache,
keyed by each file's size and modification time, so a warm build opens no font to find
one. Apart from ``resolve`` (names → faces), so that listing folders and reading name
tables is one place, shared with the fallback's coverage index.
"""

from __future__ import annotations

import os
import stat
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...i18n import Text
from ..cache import CachedTable, json_entry, need
from ..metrics.faces import looks_like_font, name_records, pick_name, weight_of

if TYPE_CHECKING:  # fontTools is imported where a font file is read, not on a warm build
    from fontTools.ttLib import TTFont

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

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
    from fontTools.ttLib import TTCollection, TTFont

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


def _parse_catalog(raw: Any) -> dict[str, tuple[int, int, list[Entry]]]:
    return {need(key, str): (need(row["size"], int), need(row["mtime"], int),
                             [Entry.from_json(e) for e in need(row["faces"], list)])
            for key, row in need(need(raw, dict)["files"], dict).items()}


def _dump_catalog(rows: dict[str, tuple[int, int, list[Entry]]]) -> dict:
    return {"files": {key: {"size": size, "mtime": mtime, "faces": [asdict(e) for e in faces]}
                      for key, (size, mtime, faces) in rows.items()}}


# path → (size, mtime_ns, faces)
CATALOG: CachedTable[tuple[int, int, list[Entry]]] = CachedTable(
    _CATALOG, _parse_catalog, _dump_catalog)


def scan(dirs: Iterable[Path]) -> list[Entry]:
    """Every face under ``dirs``; files seen before (same size and time) are not reopened.
    Only regular files are looked at: a named pipe called ``x.ttf`` would block a reader."""
    known = CATALOG.rows()
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
            CATALOG.put(key, (st.st_size, st.st_mtime_ns, entries))
        out.extend(entries)
    return out


def flush() -> None:
    """Write the font-folder listing to the cache if it changed."""
    CATALOG.flush()


@dataclass
class Source:
    """Font folders searched together, under the name messages give them."""

    label: Text
    dirs: list[Path]
    _entries: list[Entry] | None = None

    @property
    def entries(self) -> list[Entry]:
        if self._entries is None:
            self._entries = scan(self.dirs)
        return self._entries

