"""Find a font by what a user calls it: a file path, or a family name in English or
Chinese (read from each font's own ``name`` table), with the wanted weight.

Sources, searched in order: the bundled ``fonts/`` folder, the user's fonts folders
(``fonts/`` next to the content file or the layout), then the system's font folders.
What the folders hold comes from the catalogue (``catalogue``); this module only
decides which face a name means, and says what was searched when none is found.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ...errors import BulletinError
from ...i18n import Msg, t
from ...resources import data_dir
from ..messages import SEMICOLON, joined
from ..metrics.faces import (
    BUNDLED,
    BUNDLED_BOLD,
    EmboldenedFace,
    Face,
    FontFace,
    bundled_face,
    check_font_file,
    emboldened,
    open_face,
)
from .catalogue import Entry, Source, _existing, norm, read_entries, system_font_dirs

# The sources, as messages name them.
BUNDLED_FONTS = t("bundled fonts")
YOUR_FONTS = t("your fonts folder")
SYSTEM_FONTS = t("system fonts")
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


# ----------------------------------------------------------------------------- resolver


class FontNotFound(BulletinError):
    """A font name or path that none of the sources has."""


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
                Source(BUNDLED_FONTS, [data_dir("fonts")]),
                Source(YOUR_FONTS, _existing(self.user_dirs)),
                Source(SYSTEM_FONTS, system_font_dirs()),
            ]
        return self._sources

    # ------------------------------------------------------------------ lookups
    def face(self, text: str, bold: bool = False) -> Face:
        """The face ``text`` names (``bold``: the family's bold cut, or a synthetic one)."""
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
            raise FontNotFound(t("font file '{file}' not found", file=spec),
                               t("looked at {paths}",
                                 paths=", ".join(str(p) for p in dict.fromkeys(tried))))
        check_font_file(found)  # a folder or a named pipe: said so, never opened
        members = 1
        if found.suffix.lower() in (".ttc", ".otc"):
            members = len(read_entries(found)) or 1
        if not 0 <= index < members:
            raise FontNotFound(t("'{file}' has no member #{index}", file=found.name, index=index),
                               t("it holds {count} fonts: #0 … #{last}", count=members,
                                 last=members - 1))
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
        for source in self.sources:
            cuts = [e for e in source.entries
                    if e.weight >= BOLD and names.intersection(e.families)]
            if cuts:
                best = _closest(cuts, 700, italic=face.italic)
                return open_face(best.path, best.index)
        return emboldened(face)

    # ------------------------------------------------------------------ messages
    def not_found(self, text: str) -> FontNotFound:
        searched: list[Msg] = [t("bundled names {names}", names=", ".join(BUNDLED))]
        for source in self.sources:
            if source.dirs:
                searched.append(t("{source} ({folders})", source=source.label,
                                  folders=", ".join(str(d) for d in source.dirs)))
            elif source.label == YOUR_FONTS and self.user_dirs:
                folders = joined((str(d) for d in dict.fromkeys(self.user_dirs)), t(" or "))
                searched.append(t("your fonts folder ({folders}: not there)", folders=folders))
            else:
                searched.append(t("{source} (none)", source=source.label))
        close = self.closest(text)
        hint = t("searched {places}; {closest}; give the font file's path instead",
                 places=joined(searched, SEMICOLON),
                 closest=t("closest names: {names}", names=", ".join(close)) if close
                 else t("no similar family name found"))
        return FontNotFound(t("no font named '{name}'", name=text), hint)

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
