"""The font cache heals, and font folders cannot hang or stall a build (issue 17).

A cache is only an optimisation: whatever is found in it (garbage, an empty file, a
symlink, another font's entry, JSON of the wrong shape, tampered numbers) must give the
same PDF as a clean build, with one warning. Font folders may hold things that are not
fonts (a named pipe called ``x.ttf``, a 3 GB file): they are skipped or refused fast.

Damaged builds run in a fresh process, so nothing kept in memory hides what is on disk.
The damage is done to whatever files the cache holds (by folder and suffix), so the
tests describe behaviour, not one file format.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bulletin.build import build, example_content
from bulletin.errors import BulletinError
from bulletin.fontstage import FontFace, Resolver, cache
from bulletin.fontstage.discovery import catalogue, fallback
from bulletin.fontstage.metrics.faces import bundled_path

DAMAGE_WORDS = "font cache"  # every cache-damage warning says this, and nothing else does
BUILD = "from bulletin.cli import main; main()"
TIMEOUT = 120  # s: a hang fails the test instead of stalling the suite
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo") or sys.platform == "win32",
                           reason="named pipes and symlinks as on POSIX")

TINY_ISSUE = """\
bulletin: {name: 测试报}
articles:
  - title: 测试标题
    body:
      - 正文内容。
"""

TINY_LAYOUT = """\
name: cache-test
page: {size: A5}
grid: {columns: 1}
fonts:
  title: [%s, serif]
styles:
  body:  {font: serif, size: 五号}
  title: {font: title, size: 二号}
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own and an empty 'system': never the user's cache or fonts."""
    empty = tmp_path / "no-system-fonts"
    empty.mkdir()
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("BULLETIN_SYSTEM_FONT_DIRS", str(empty))
    return tmp_path / "cache"


def run_build(cache_dir: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``bulletin build`` in a fresh process on ``cache_dir`` (the example by default),
    with an empty 'system' font folder."""
    empty = cache_dir.parent / "no-system-fonts"
    empty.mkdir(exist_ok=True)
    env = {**os.environ, "BULLETIN_CACHE_DIR": str(cache_dir),
           "BULLETIN_SYSTEM_FONT_DIRS": str(empty)}
    return subprocess.run([sys.executable, "-c", BUILD, "build", *args, "-o", str(out)],
                          env=env, capture_output=True, text=True, timeout=TIMEOUT)


def damage_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if DAMAGE_WORDS in line]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A cache filled by one clean build of the example, and that build's PDF."""
    root = tmp_path_factory.mktemp("pristine")
    out = root / "example.pdf"
    proc = run_build(root / "cache", out)
    assert proc.returncode == 0, proc.stderr
    assert not damage_lines(proc.stderr)
    return root / "cache", out.read_bytes()


def entries(folder: Path, pattern: str) -> list[Path]:
    """Cache files matching ``pattern`` (sidecars and hidden temporaries left out)."""
    found = sorted(p for p in folder.glob(pattern)
                   if not p.name.startswith(".") and p.is_file() and not p.is_symlink())
    assert found, f"no {pattern} in the cache"
    return found


def split(path: Path) -> tuple[bytes, bytes]:
    """(header line or b'', JSON payload) of a cached JSON entry, whatever its framing."""
    data = path.read_bytes()
    if data.startswith(b"{"):
        return b"", data
    head, _, body = data.partition(b"\n")
    return head + b"\n", body


# ----------------------------------------------------------------------------- damage kinds


def garbage(path: Path, other: Path) -> None:
    path.write_bytes(bytes(range(256)) * 16)


def empty(path: Path, other: Path) -> None:
    path.write_bytes(b"")


def truncated(path: Path, other: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def symlink(path: Path, other: Path) -> None:
    path.unlink()
    path.symlink_to(other)


def swapped(path: Path, other: Path) -> None:
    """Another entry's (valid) bytes under this entry's name."""
    path.write_bytes(other.read_bytes())


def fifo(path: Path, other: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def json_list(path: Path, other: Path) -> None:
    path.write_text("[]", encoding="utf-8")


def json_missing_keys(path: Path, other: Path) -> None:
    path.write_text('{"v":1}', encoding="utf-8")


def json_wrong_types(path: Path, other: Path) -> None:
    path.write_text('{"v":1,"upm":"big","cps":{},"adv":7,"ink":[],"files":[1],"faces":"x"}',
                    encoding="utf-8")


def wider_advances(path: Path, other: Path) -> None:
    """Tampered metrics: every 1000-unit advance made 1900 (once: 2 pages became 5)."""
    head, body = split(path)
    start = body.index(b'"adv":[')
    end = body.index(b"]", start)
    body = body[:start] + body[start:end].replace(b"1000", b"1900") + body[end:]
    path.write_bytes(head + body)


def swapped_digests(path: Path, other: Path) -> None:
    """Tampered digest memo: two font files exchange their content hashes."""
    head, body = split(path)
    data = json.loads(body)
    rows = data["files"]
    keys = sorted(rows)[:2]
    a, b = rows[keys[0]], rows[keys[1]]
    a[-1], b[-1] = b[-1], a[-1]
    path.write_bytes(head + json.dumps(data, separators=(",", ":")).encode())


Damage = Callable[[Path, Path], None]
CASES: list[tuple[str, str, Damage]] = [
    ("subsets/*.ttf", "garbage", garbage),
    ("subsets/*.ttf", "empty", empty),
    ("subsets/*.ttf", "truncated", truncated),
    ("subsets/*.ttf", "symlink", symlink),
    ("subsets/*.ttf", "another font's subset", swapped),
    ("subsets/*.ttf", "named pipe", fifo),
    ("metrics/*.json", "garbage", garbage),
    ("metrics/*.json", "empty", empty),
    ("metrics/*.json", "[]", json_list),
    ("metrics/*.json", '{"v":1}', json_missing_keys),
    ("metrics/*.json", "wrong types", json_wrong_types),
    ("metrics/*.json", "tampered advances", wider_advances),
    ("metrics/*.json", "symlink", symlink),
    ("metrics/*.json", "another font's metrics", swapped),
    ("digests*.json", "garbage", garbage),
    ("digests*.json", "wrong types", json_wrong_types),
    ("digests*.json", "swapped digests", swapped_digests),
]


@pytest.mark.parametrize(("pattern", "kind", "damage"), [
    pytest.param(*case, id=f"{case[0].split('/')[0].split('*')[0]}-{case[1]}",
                 marks=[POSIX] if case[2] in (symlink, fifo) else [])
    for case in CASES])
def test_a_damaged_cache_is_rebuilt_with_one_warning(
        pristine: tuple[Path, bytes], tmp_path: Path, pattern: str, kind: str,
        damage: Damage) -> None:
    """Every entry of a kind damaged at once: the PDF is the clean build's, byte for byte,
    and the build says so once."""
    clean_cache, clean_pdf = pristine
    cache_dir = tmp_path / "damaged"
    shutil.copytree(clean_cache, cache_dir, symlinks=True)
    files = entries(cache_dir, pattern)
    for k, path in enumerate(files):
        damage(path, files[(k + 1) % len(files)])
    out = tmp_path / "again.pdf"
    proc = run_build(cache_dir, out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == clean_pdf
    assert len(damage_lines(proc.stderr)) == 1, proc.stderr
    assert "rebuilt" in damage_lines(proc.stderr)[0]


@POSIX
def test_many_kinds_of_damage_in_one_build_warn_once(pristine: tuple[Path, bytes],
                                                     tmp_path: Path) -> None:
    """Several entries damaged in several ways: one warning; the next build finds a
    healthy cache again (nothing to say, same PDF)."""
    clean_cache, clean_pdf = pristine
    cache_dir = tmp_path / "damaged"
    shutil.copytree(clean_cache, cache_dir, symlinks=True)
    subsets = entries(cache_dir, "subsets/*.ttf")
    metrics = entries(cache_dir, "metrics/*.json")
    for path, damage in zip(subsets, (garbage, empty, symlink, truncated, swapped), strict=False):
        damage(path, subsets[0] if path != subsets[0] else subsets[1])
    for path, damage in zip(metrics, (json_list, wider_advances, swapped), strict=False):
        damage(path, metrics[-1])
    out = tmp_path / "again.pdf"
    proc = run_build(cache_dir, out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == clean_pdf
    assert len(damage_lines(proc.stderr)) == 1, proc.stderr
    healed = run_build(cache_dir, tmp_path / "third.pdf")
    assert healed.returncode == 0 and not damage_lines(healed.stderr), healed.stderr
    assert (tmp_path / "third.pdf").read_bytes() == clean_pdf


@POSIX
@pytest.mark.parametrize("folder", ["subsets", "metrics"])
def test_a_symlinked_cache_folder_is_not_followed(pristine: tuple[Path, bytes],
                                                  tmp_path: Path, folder: str) -> None:
    """A cache sub-folder replaced by a link to a folder elsewhere (here holding garbage
    under the entries' names): nothing is read through the link, and nothing in the
    folder it points at is changed or deleted."""
    clean_cache, clean_pdf = pristine
    cache_dir = tmp_path / "damaged"
    shutil.copytree(clean_cache, cache_dir, symlinks=True)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(cache_dir / folder, elsewhere)
    for path in elsewhere.iterdir():
        garbage(path, path)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    (cache_dir / folder).symlink_to(elsewhere, target_is_directory=True)
    out = tmp_path / "again.pdf"
    proc = run_build(cache_dir, out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == clean_pdf
    assert len(damage_lines(proc.stderr)) == 1, proc.stderr
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before
    assert (cache_dir / folder).is_dir() and not (cache_dir / folder).is_symlink()


def test_the_warning_reaches_the_build_result_once(isolated: Path, tmp_path: Path) -> None:
    """In one process too: ``build`` returns the damage warning among its warnings."""
    first = tmp_path / "first.pdf"
    assert not [w for w in build(example_content(), first) if DAMAGE_WORDS in w]
    for path in entries(isolated, "subsets/*.ttf"):
        garbage(path, path)
    again = tmp_path / "again.pdf"
    warnings = build(example_content(), again)
    assert len([w for w in warnings if DAMAGE_WORDS in str(w)]) == 1, warnings
    assert again.read_bytes() == first.read_bytes()
    assert not [w for w in build(example_content(), again) if DAMAGE_WORDS in w]


def test_a_damaged_font_catalog_is_rescanned(tmp_path: Path) -> None:
    """The folder listing used to find fonts by name: tampered, it is listed again."""
    content = tmp_path / "issue.yaml"
    content.write_text(TINY_ISSUE, encoding="utf-8")
    (tmp_path / "layout.yaml").write_text(TINY_LAYOUT % "Bulletin WenKai", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    first = tmp_path / "first.pdf"
    args = (str(content), "--layout", str(tmp_path / "layout.yaml"))
    proc = run_build(cache_dir, first, *args)
    assert proc.returncode == 0, proc.stderr
    for path in entries(cache_dir, "catalog*.json"):
        head, body = split(path)
        data = json.loads(body)
        for row in data["files"].values():
            row["faces"] = [{"path": 1, "weight": "bold"}]
        path.write_bytes(head + json.dumps(data).encode())
    again = tmp_path / "again.pdf"
    proc = run_build(cache_dir, again, *args)
    assert proc.returncode == 0, proc.stderr
    assert again.read_bytes() == first.read_bytes()
    assert len(damage_lines(proc.stderr)) == 1, proc.stderr


# ----------------------------------------------------------------------------- shapes


WRONG_SHAPES = [{}, {"files": []}, {"files": {"x": 1}}, {"faces": {"x": [1]}},
                {"upm": "x"}, {"upm": 1000, "cps": [32], "adv": []},
                {"upm": 1000, "cps": ["a"], "adv": [1]}]


@pytest.mark.parametrize("wrong", WRONG_SHAPES, ids=[json.dumps(w) for w in WRONG_SHAPES])
def test_cached_json_of_the_wrong_shape_is_treated_as_absent(
        wrong: dict, isolated: Path) -> None:
    """Entries written by the cache itself (so they pass any checksum) but of the wrong
    shape, as an older or a buggy bulletin might leave: read as absent, never a KeyError."""
    path = bundled_path("kai")
    clean = FontFace("shape-clean", path)
    st = path.stat()
    cache.write_json(clean._key, wrong)
    face = FontFace("shape-wrong", path)
    assert face.advance("中") == clean.advance("中") and face.ascent == clean.ascent
    memo = {"files": {str(path.resolve()): [st.st_size, st.st_mtime_ns], "x": wrong}}
    cache.write_json(cache._DIGESTS, memo)
    cache.write_json(catalogue._CATALOG, {"files": {str(path): {
        "size": st.st_size, "mtime": st.st_mtime_ns, "faces": [wrong]}}})
    cache.write_json(fallback._COVERAGE, {"faces": {f"{path}#0": {
        "size": st.st_size, "mtime": st.st_mtime_ns, "ranges": [wrong]}}})
    for table in (cache.DIGESTS, catalogue.CATALOG):  # forget what was read
        table.forget()
    assert cache.file_digest(path) == clean.digest
    resolver = Resolver(user_dirs=[path.parent])
    assert resolver.find("Bulletin WenKai") is not None
    index = fallback.CoverageIndex(resolver.sources)
    assert index.face_for("中") is not None


# ----------------------------------------------------------------------------- font folders


@POSIX
def test_a_named_pipe_in_a_fonts_folder_is_skipped(tmp_path: Path, isolated: Path) -> None:
    """A FIFO called x.ttf would block the name lookup forever on open."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    os.mkfifo(fonts / "x.ttf")
    shutil.copy(bundled_path("kai"), fonts / "kai-copy.ttf")
    content = tmp_path / "issue.yaml"
    content.write_text(TINY_ISSUE, encoding="utf-8")  # a name no font has: every folder is listed
    (tmp_path / "layout.yaml").write_text(TINY_LAYOUT % "No Such Family", encoding="utf-8")
    out = tmp_path / "out.pdf"
    proc = run_build(isolated, out, str(content), "--layout", str(tmp_path / "layout.yaml"))
    assert proc.returncode == 0, proc.stderr
    assert "no font named 'No Such Family'" in proc.stderr
    assert out.read_bytes().startswith(b"%PDF-")


@POSIX
def test_a_named_pipe_named_as_a_font_file_is_a_clear_error(tmp_path: Path,
                                                            isolated: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    os.mkfifo(fonts / "x.ttf")
    content = tmp_path / "issue.yaml"
    content.write_text(TINY_ISSUE, encoding="utf-8")
    (tmp_path / "layout.yaml").write_text(TINY_LAYOUT % "fonts/x.ttf", encoding="utf-8")
    proc = run_build(isolated, tmp_path / "out.pdf", str(content),
                     "--layout", str(tmp_path / "layout.yaml"))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert re.search(r"x\.ttf.*not a (regular )?file.*named pipe", proc.stderr), proc.stderr
    assert "layout.yaml:5" in proc.stderr  # where the font is named


@pytest.mark.parametrize(("start", "words"), [(b"", "not a font file"),
                                              (b"\x00\x01\x00\x00", "too large")])
def test_a_huge_file_named_as_a_font_is_refused_fast(tmp_path: Path, start: bytes,
                                                     words: str) -> None:
    """3 GB of nothing (or of nothing after a TrueType signature) is refused before any
    of it is hashed or read."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    big = fonts / "big.ttf"
    with open(big, "wb") as f:
        f.write(start)
        f.truncate(3 << 30)  # sparse: no disk space used
    content = tmp_path / "issue.yaml"
    content.write_text(TINY_ISSUE, encoding="utf-8")
    layout = tmp_path / "layout.yaml"
    layout.write_text(TINY_LAYOUT % "fonts/big.ttf", encoding="utf-8")
    began = time.perf_counter()
    with pytest.raises(BulletinError) as info:
        build(content, tmp_path / "out.pdf", str(layout))
    elapsed = time.perf_counter() - began
    assert elapsed < 1.0, f"{elapsed:.1f} s to refuse a non-font"
    assert words in str(info.value.message) and "big.ttf" in str(info.value.message)
    assert info.value.line == 5


def test_a_small_non_font_gets_a_clear_message(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "note.ttf").write_text("这不是字体", encoding="utf-8")
    resolver = Resolver([tmp_path], [fonts])
    with pytest.raises(BulletinError, match="not a font file"):
        resolver.face("fonts/note.ttf")
    assert resolver.find("note") is None  # and a folder listing just skips it
