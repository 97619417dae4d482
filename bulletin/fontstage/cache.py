"""The font stage's disk cache: file digests, face metrics, subsets, font catalogs.

Everything here is an optimisation: a cache that cannot be read is rebuilt and one
that cannot be written is skipped, so a read-only home never breaks a build. The
folder is ``$BULLETIN_CACHE_DIR``, else the platform's user cache folder + ``bulletin``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

CACHE_VERSION = 1  # bump when a cached format changes; old entries are then ignored


def cache_dir() -> Path:
    """Where cached metrics and subsets live (read from the environment on each call)."""
    env = os.environ.get("BULLETIN_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "bulletin" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "bulletin"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "bulletin"


def read_json(name: str) -> dict | None:
    """A cached JSON object, or None if absent, unreadable or from another version."""
    try:
        with open(cache_dir() / name, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("v") != CACHE_VERSION:
        return None
    return data


def write_json(name: str, data: dict) -> None:
    """Store ``data`` atomically (readers never see half a file); errors are ignored."""
    payload = json.dumps({**data, "v": CACHE_VERSION}, ensure_ascii=False,
                         separators=(",", ":"))
    write_bytes(name, payload.encode("utf-8"))


def write_bytes(name: str, data: bytes) -> Path | None:
    """Store ``data`` atomically under the cache folder; its path, or None if not writable."""
    target = cache_dir() / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return None
    return target


# ----------------------------------------------------------------------------- digests

_DIGESTS = "digests.json"
_memo: dict[str, list] | None = None  # path → [size, mtime_ns, digest]
_memo_dir: Path | None = None
_memo_dirty = False


def _load_memo() -> dict[str, list]:
    global _memo, _memo_dir
    here = cache_dir()
    if _memo is None or _memo_dir != here:
        data = read_json(_DIGESTS) or {}
        _memo = data.get("files", {}) if isinstance(data.get("files"), dict) else {}
        _memo_dir = here
    return _memo


def file_digest(path: Path) -> str:
    """A content hash of a font file, remembered by (size, mtime) so a warm build reads
    no font file just to name its cache entries."""
    global _memo_dirty
    st = path.stat()
    key = str(path.resolve())
    memo = _load_memo()
    hit = memo.get(key)
    if hit and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
        return str(hit[2])
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    digest = h.hexdigest()
    memo[key] = [st.st_size, st.st_mtime_ns, digest]
    _memo_dirty = True
    return digest


def flush() -> None:
    """Write the digest memo if it changed."""
    global _memo_dirty
    if _memo_dirty and _memo is not None:
        write_json(_DIGESTS, {"files": _memo})
        _memo_dirty = False


# ----------------------------------------------------------------------------- timing


class StageClock:
    """Wall time spent in the font stage, for the benchmark; nested spans count once."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._depth = 0
        self._start = 0.0

    @contextlib.contextmanager
    def span(self) -> Iterator[None]:
        if self._depth == 0:
            self._start = time.perf_counter()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self.seconds += time.perf_counter() - self._start

    def reset(self) -> None:
        self.seconds = 0.0


CLOCK = StageClock()
