"""The font stage's disk cache: file digests, face metrics, subsets, font catalogs.

Everything here is an optimisation, so nothing read from it is trusted. Every entry
carries a SHA-256 of its own name and bytes (in a header line, or for a file handed to
other code by path, in a ``.sum`` sidecar), so garbage, a truncated or empty file,
tampered numbers or another entry's bytes under this name are all caught, and the name
binds an entry to the font it came from (names hold the font file's content hash).
Only plain files are read: never through a symlink, never a named pipe or a device.
An entry that does not verify, or whose JSON has the wrong shape, is deleted and noted
(``take_damage``, for one warning per build); the caller rebuilds it. A cache that cannot
be written is skipped, so a read-only home never breaks a build. The folder is
``$BULLETIN_CACHE_DIR``, else the platform's user cache folder + ``bulletin``.

It sits beside the stage's parts, not in one of them, because all of them keep their
work here (metrics tables, the font catalogue and coverage, subsets, vertical forms),
and so do the photos (``content.pictures``): in ``discovery`` it would make the
metrics and the embedding depend on finding fonts.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import math
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

CACHE_VERSION = 2  # bump when a cached format changes; old entries are then ignored
MAX_ENTRY_BYTES = 256 << 20  # a bigger "entry" is damage, not something to read into memory
_MAGIC = b"bulletin-cache"
_SUM = ".sum"  # sidecar of a file entry: its framed digest
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_BINARY", 0))
# What a wrongly shaped JSON entry raises while it is parsed: caught here, in one place.
SHAPE_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError, OverflowError,
                RecursionError)

T = TypeVar("T")


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


def json_entry(stem: str) -> str:
    """The name of a JSON entry: the format version is part of it, so entries written by
    another version are never even opened (and are not mistaken for damage)."""
    return f"{stem}.v{CACHE_VERSION}.json"


# ----------------------------------------------------------------------------- damage

_damaged: list[str] = []


class _Damaged(Exception):
    """Something in the cache that cannot be trusted; ``args[0]``: its name, to delete."""


def take_damage() -> list[str]:
    """Names of the entries found damaged (and deleted) since the last call."""
    names = list(_damaged)
    _damaged.clear()
    return names


def _discard(name: str) -> None:
    """Delete a damaged entry (a link itself, never its target) and note it."""
    path = cache_dir() / name
    for victim in (path, path.with_name(path.name + _SUM)):
        with contextlib.suppress(OSError):
            if stat.S_ISDIR(os.lstat(victim).st_mode):
                os.rmdir(victim)  # only an empty one: nothing of the user's is removed
            else:
                os.unlink(victim)
    _damaged.append(name)


def _digest(name: str, payload: bytes) -> str:
    """What binds an entry's bytes to its name (and the version of the format)."""
    h = hashlib.sha256(f"{CACHE_VERSION}\n{name}\n".encode())
    h.update(payload)
    return h.hexdigest()


# ----------------------------------------------------------------------------- plain files


def _read_plain(name: str) -> bytes | None:
    """The bytes of the regular file ``name``; None if absent; _Damaged if something else
    is there (a symlink, a pipe, a folder, a symlinked sub-folder, a huge file)."""
    root = cache_dir()
    path = root / name
    try:
        if path.parent != root and not stat.S_ISDIR(os.lstat(path.parent).st_mode):
            raise _Damaged(str(Path(name).parent))  # a link goes, not what it points at
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
        raise _Damaged(name)
    try:
        fd = os.open(path, _OPEN_FLAGS)  # no symlink even if one was swapped in meanwhile
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Damaged(name) from None
        return None
    with os.fdopen(fd, "rb") as f:
        now = os.fstat(f.fileno())  # what was opened (another build may have replaced it)
        if not stat.S_ISREG(now.st_mode) or now.st_size > MAX_ENTRY_BYTES:
            raise _Damaged(name)
        return f.read(MAX_ENTRY_BYTES + 1)


def _write_plain(name: str, data: bytes) -> Path | None:
    """Store ``data`` atomically (readers never see half a file); None if not writable."""
    target = cache_dir() / name
    try:
        folder = target.parent
        if folder.is_symlink():  # never write through a link planted in the cache
            folder.unlink()
            _damaged.append(str(Path(name).parent))
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=target.suffix)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)  # replaces a link or a pipe there, never its target
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return None
    return target


# ----------------------------------------------------------------------------- entries


def read_entry(name: str) -> bytes | None:
    """The verified payload of entry ``name``: None if absent, from another version of the
    format, or damaged (then it is deleted and noted)."""
    try:
        data = _read_plain(name)
        if data is None:
            return None
        head, newline, payload = data.partition(b"\n")
        parts = head.split(b" ")
        if not newline or len(parts) != 3 or parts[0] != _MAGIC:
            raise _Damaged(name)
        if parts[1] != str(CACHE_VERSION).encode():
            return None  # another version's: rewritten when rebuilt
        if parts[2] != _digest(name, payload).encode():
            raise _Damaged(name)
        return payload
    except _Damaged as bad:
        _discard(bad.args[0])
        return None


def write_entry(name: str, payload: bytes) -> Path | None:
    """Store ``payload`` as entry ``name``, with the header line that verifies it."""
    head = b" ".join((_MAGIC, str(CACHE_VERSION).encode(), _digest(name, payload).encode()))
    return _write_plain(name, head + b"\n" + payload)


def read_json(name: str, parse: Callable[[Any], T]) -> T | None:
    """A JSON entry, checked by ``parse`` (which raises on a wrong shape or type, and returns
    what the caller uses); None if absent or damaged. The one place such errors are caught."""
    payload = read_entry(name)
    if payload is None:
        return None
    try:
        return parse(json.loads(payload))
    except SHAPE_ERRORS:  # verified, yet not what this version expects: rebuild it
        _discard(name)
        return None


def write_json(name: str, data: Any) -> None:
    """Store ``data`` as a JSON entry; errors are ignored (the cache is optional)."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_entry(name, payload.encode("utf-8"))


def read_file(name: str) -> Path | None:
    """The path of a verified file entry (for code that opens files by path itself, like
    ReportLab); None if absent, or damaged (then deleted and noted). A file without its
    sidecar, as an older version or a killed write leaves it, is just absent."""
    want = read_entry(name + _SUM)
    if want is None:
        return None
    try:
        data = _read_plain(name)
        if data is None:
            return None
        if _digest(name, data).encode() != want:
            raise _Damaged(name)
    except _Damaged as bad:
        _discard(bad.args[0])
        return None
    return cache_dir() / name


def write_file(name: str, data: bytes) -> Path | None:
    """Store a file entry and its sidecar; its path, or None if the cache is not writable."""
    path = _write_plain(name, data)
    if path is not None:
        write_entry(name + _SUM, _digest(name, data).encode())
    return path


def remove_file(path: Path) -> None:
    """Delete a file entry and its sidecar (pruning old subsets)."""
    for victim in (path, path.with_name(path.name + _SUM)):
        with contextlib.suppress(OSError):
            os.unlink(victim)


# ----------------------------------------------------------------------------- shapes


def need(value: Any, kind: type[T]) -> T:
    """``value`` if it is a ``kind`` (a bool is no int here), else TypeError: for the parse
    functions of JSON entries, so a wrong type is caught on reading, not deep in a build."""
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{kind.__name__} expected")
    return value


def ints(value: Any) -> list[int]:
    """A list of ints, else TypeError. Checked by summing, at C speed (a metrics table holds
    ~10,000): a string or None raises, a float makes the sum a float (a bool counts as 1)."""
    if type(value) is not list or type(sum(value)) is not int:
        raise TypeError("list of int expected")
    return value


def number(value: Any) -> float:
    """A finite int or float (not a bool), else TypeError/ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("number expected")
    if not math.isfinite(value):
        raise ValueError("finite number expected")
    return value


# ----------------------------------------------------------------------------- digests

class CachedTable(Generic[T]):
    """A table kept as one JSON entry of the cache: read once per cache folder (one
    process builds many times: ``serve``, ``watch``), rows changed in memory, and written
    back by ``flush`` only when one did. Rows of the wrong shape read as none (``parse``
    raises: ``read_json``)."""

    def __init__(self, entry: str, parse: Callable[[Any], dict[str, T]],
                 dump: Callable[[dict[str, T]], Any]) -> None:
        self._entry, self._parse, self._dump = entry, parse, dump
        self._rows: dict[str, T] | None = None
        self._dir: Path | None = None  # the cache folder the rows were read from
        self._dirty = False

    def rows(self) -> dict[str, T]:
        here = cache_dir()
        if self._rows is None or self._dir != here:
            self._rows = read_json(self._entry, self._parse) or {}
            self._dir = here
        return self._rows

    def put(self, key: str, row: T) -> None:
        self.rows()[key] = row
        self._dirty = True

    def flush(self) -> None:
        if self._dirty and self._rows is not None:
            write_json(self._entry, self._dump(self._rows))
            self._dirty = False

    def forget(self) -> None:
        """Read the table again on next use (what another process may have written)."""
        self._rows = None


_DIGESTS = json_entry("digests")
_HEX32 = re.compile(r"[0-9a-f]{32}")


def _parse_memo(raw: Any) -> dict[str, list]:
    out: dict[str, list] = {}
    for key, row in need(need(raw, dict)["files"], dict).items():
        size, mtime, ctime, inode, digest = need(row, list)
        if not _HEX32.fullmatch(need(digest, str)):  # it names cache files: nothing else
            raise ValueError("a digest is 32 hex digits")
        out[need(key, str)] = [need(size, int), need(mtime, int), need(ctime, int),
                               need(inode, int), digest]
    return out


# path → [size, mtime_ns, ctime_ns, inode, digest]
DIGESTS: CachedTable[list] = CachedTable(_DIGESTS, _parse_memo, lambda rows: {"files": rows})


def _stamp(st: os.stat_result) -> list[int]:
    """What must be unchanged for a remembered digest to hold: a file replaced by another
    of the same size and time (cp -p, rsync -t) still gets a new inode and ctime."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def file_digest(path: Path, check: Callable[[bytes, int], None] | None = None) -> str:
    """A content hash of a font file, remembered by its stat stamp so a warm build reads
    no font file just to name its cache entries. ``check(first bytes, size)`` vets the file
    before it is hashed (a 3 GB non-font is refused at once, not after reading it)."""
    st = os.stat(path)
    key = str(path.resolve())
    hit = DIGESTS.rows().get(key)
    if hit and hit[:4] == _stamp(st):
        return str(hit[4])
    h = hashlib.blake2b(digest_size=16)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        block = f.read(1 << 20)
        if check is not None:
            check(block, st.st_size)
        while block:
            h.update(block)
            block = f.read(1 << 20)
    digest = h.hexdigest()
    DIGESTS.put(key, [*_stamp(st), digest])
    return digest


def flush() -> None:
    """Write the digest memo if it changed."""
    DIGESTS.flush()
