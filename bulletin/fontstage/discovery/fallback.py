"""Last-resort lookup: which installed font has a character no layout font has?

Used only when fallback is allowed (``--allow-fallback`` or ``fallback: system`` in the
layout). The first lookup reads the character map of every font in the searched
folders, which is slow, so each face's coverage (as code point ranges) is cached by
file size and modification time; later lookups are a bisection per face.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass
from typing import Any

from ..cache import ints, json_entry, need, read_json, write_json
from ..metrics.faces import FontFace, open_face, open_ttfont
from .catalogue import Entry, Source
from .resolve import _closest

_COVERAGE = json_entry("coverage")


@dataclass
class _Covered:
    entry: Entry
    starts: list[int]
    ends: list[int]

    def has(self, cp: int) -> bool:
        k = bisect.bisect_right(self.starts, cp) - 1
        return k >= 0 and cp <= self.ends[k]


def _parse_coverage(raw: Any) -> dict[str, dict]:
    """The cached coverage, every face's row checked (sizes, times, sorted [first, last])."""
    out: dict[str, dict] = {}
    for key, row in need(need(raw, dict)["faces"], dict).items():
        runs = [ints(r) for r in need(row["ranges"], list)]
        if any(len(r) != 2 or r[0] > r[1] for r in runs):
            raise ValueError("a range is [first, last]")
        out[need(key, str)] = {"size": need(row["size"], int), "mtime": need(row["mtime"], int),
                               "ranges": runs}
    return out


def ranges(codepoints: list[int]) -> list[list[int]]:
    """Sorted code points → [[first, last], …] runs (a CJK font's map is ~100 runs)."""
    out: list[list[int]] = []
    for cp in sorted(codepoints):
        if out and cp == out[-1][1] + 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


class CoverageIndex:
    """Character coverage of every face in some font sources, built on first use."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources
        self._faces: list[list[_Covered]] | None = None

    def _build(self) -> list[list[_Covered]]:
        known = read_json(_COVERAGE, _parse_coverage) or {}
        dirty = False
        out = []
        for source in self.sources:
            covered = []
            for entry in source.entries:
                key = f"{entry.path}#{entry.index}"
                try:
                    st = os.stat(entry.path)
                except OSError:
                    continue
                hit = known.get(key)
                if not (hit and hit["size"] == st.st_size and hit["mtime"] == st.st_mtime_ns):
                    try:
                        cmap = open_ttfont(entry.path, entry.index).getBestCmap() or {}
                    except Exception:
                        continue
                    hit = {"size": st.st_size, "mtime": st.st_mtime_ns,
                           "ranges": ranges(list(cmap))}
                    known[key] = hit
                    dirty = True
                runs = hit["ranges"]
                covered.append(_Covered(entry, [r[0] for r in runs], [r[1] for r in runs]))
            out.append(covered)
        if dirty:
            write_json(_COVERAGE, {"faces": known})
        return out

    def face_for(self, ch: str, weight: int = 400) -> FontFace | None:
        """A face that has ``ch`` (the first source that has one; nearest ``weight``)."""
        if self._faces is None:
            self._faces = self._build()
        cp = ord(ch)
        for covered in self._faces:
            hits = [c.entry for c in covered if c.has(cp)]
            if hits:
                best = _closest(hits, weight)
                return open_face(best.path, best.index)
        return None

    @property
    def face_count(self) -> int:
        if self._faces is None:
            self._faces = self._build()
        return sum(len(c) for c in self._faces)
