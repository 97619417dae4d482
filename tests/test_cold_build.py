"""A cold build (empty cache: a new user, a fresh machine, CI) takes the bundled faces'
metrics from the table shipped beside the fonts (``fonts/metrics.json.gz``) instead of
decoding their big ``cmap`` tables, and gives the same PDF as a warm build.

The shipped table is checked against what ``FontFace._measure`` reads from each bundled
font, so a font rebuilt without ``scripts/build_fonts.py --metrics-only`` fails here
rather than going stale silently (at run time it would only be measured again).
"""

from __future__ import annotations

import fnmatch
import gzip
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib.tables._c_m_a_p import table__c_m_a_p

from bulletin.fontstage import embedding
from bulletin.fontstage.cache import file_digest
from bulletin.fontstage.metrics import faces
from bulletin.fontstage.metrics.faces import (
    BUNDLED,
    SHIPPED_METRICS,
    FontFace,
    bundled_path,
    pack_metrics,
    parse_metrics,
    shipped_metrics,
    unpack_metrics,
)

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120  # s: a hang fails the test instead of stalling the suite
# A build of the example in a fresh process, where measuring a font is an error.
COLD_BUILD = """
import sys
from bulletin.fontstage.metrics.faces import FontFace
def refuse(self):
    raise SystemExit(f"measured {self.path.name}: the shipped metrics were not used")
FontFace._measure = refuse
from bulletin.cli import main
main()
"""
WARM_BUILD = "from bulletin.cli import main; main()"
# Some of everything a document draws: punctuation, Latin, digits, Han.
SAMPLE = "，。、：；！？“”‘’《》（）——……· Aa1 社区通知王喆长阳居民楷"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache of this test's own and an empty 'system'; the shipped table read afresh."""
    empty = tmp_path / "no-system-fonts"
    empty.mkdir()
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("BULLETIN_SYSTEM_FONT_DIRS", str(empty))
    faces._shipped.cache_clear()
    yield tmp_path / "cache"
    faces._shipped.cache_clear()


def run(code: str, cache_dir: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``bulletin build`` of the example in a fresh process (nothing kept in memory)."""
    env = {**os.environ, "BULLETIN_CACHE_DIR": str(cache_dir)}
    return subprocess.run([sys.executable, "-c", code, "build", "-o", str(out)], env=env,
                          capture_output=True, text=True, timeout=TIMEOUT)


def count_measures(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files ``FontFace._measure`` reads from now on."""
    seen: list[str] = []
    real = FontFace._measure

    def counting(self: FontFace) -> dict:
        seen.append(self.path.name)
        return real(self)

    monkeypatch.setattr(FontFace, "_measure", counting)
    return seen


@pytest.mark.parametrize("short", sorted(BUNDLED))
def test_the_shipped_metrics_are_what_the_font_gives(short: str) -> None:
    path = bundled_path(short)
    shipped = shipped_metrics(file_digest(path), 0)
    assert shipped is not None, (f"{path.name} has no entry in {SHIPPED_METRICS}: run "
                                 "python scripts/build_fonts.py --metrics-only")
    measured = parse_metrics(FontFace(f"check-{short}", path)._measure())
    assert shipped == measured, "rerun python scripts/build_fonts.py --metrics-only"


def test_packing_gives_back_the_table() -> None:
    table = {"cps": [32, 33, 40, 0x4E00, 0x4E01], "adv": [250, 250, 500, 1000, 1000],
             "upm": 1000, "ink": {}}
    assert unpack_metrics(pack_metrics(table)) == table


def test_a_cold_build_takes_the_shipped_metrics_and_gives_the_warm_bytes(
        tmp_path: Path, isolated: Path) -> None:
    cold, warm = tmp_path / "cold.pdf", tmp_path / "warm.pdf"
    proc = run(COLD_BUILD, isolated, cold)
    assert proc.returncode == 0, proc.stderr
    assert list((isolated / "metrics").glob("*.json")), "the cache is written as usual"
    proc = run(WARM_BUILD, isolated, warm)
    assert proc.returncode == 0, proc.stderr
    assert cold.read_bytes() == warm.read_bytes()


def test_a_copy_of_a_bundled_font_takes_them_too(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes decide, not the path: a user's copy of a bundled font is the same font."""
    seen = count_measures(monkeypatch)
    copy = tmp_path / "mine.ttf"
    copy.write_bytes(bundled_path("kai").read_bytes())
    face = FontFace("copy", copy)
    assert seen == [] and face.has("楷")


def test_a_font_of_other_bytes_is_measured(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    seen = count_measures(monkeypatch)
    changed = tmp_path / "changed.ttf"
    changed.write_bytes(bundled_path("kai").read_bytes() + b"\0" * 4)  # same font, new hash
    face = FontFace("changed", changed)
    assert seen == ["changed.ttf"] and face.has("楷")


@pytest.mark.parametrize("damage", ["not gzip", "not a table", "another format",
                                    "a wrong entry"])
def test_a_damaged_shipped_table_means_measuring(tmp_path: Path, damage: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = bundled_path("kai")
    key = f"{file_digest(path)}-0"
    content = {
        "not gzip": b"not gzip",
        "not a table": gzip.compress(b"[1, 2]"),
        "another format": gzip.compress(b'{"format": 999, "faces": {}}'),
        "a wrong entry": gzip.compress(
            b'{"format": 1, "faces": {"%s": {"metrics": {"cps": [1]}}}}' % key.encode()),
    }[damage]
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / SHIPPED_METRICS).write_bytes(content)
    monkeypatch.setattr(faces, "data_dir", lambda kind: folder)
    seen = count_measures(monkeypatch)
    face = FontFace("kai", path)
    assert seen == [path.name] and face.has("楷")


def test_the_shipped_table_ships_in_the_wheel() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["bulletin._data.fonts"]
    assert any(fnmatch.fnmatch(SHIPPED_METRICS, p) for p in patterns)
    assert (ROOT / "fonts" / SHIPPED_METRICS).is_file()


@pytest.mark.parametrize("short", sorted(BUNDLED))
def test_a_subset_decodes_the_cmap_once_and_is_the_same(
        short: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Glyphs named by ID (``plain_glyph_names``) spare fontTools a second decode of the
    big cmap, and change nothing in the subset."""
    face = FontFace(f"subset-{short}", bundled_path(short))
    chars = sorted(c for c in set(SAMPLE) if face.has(c))
    decodes = []
    real = table__c_m_a_p.decompile

    def counting(self: table__c_m_a_p, data: bytes, font: object) -> None:
        decodes.append(1)
        real(self, data, font)

    monkeypatch.setattr(table__c_m_a_p, "decompile", counting)
    fast = embedding.make_subset(face, chars)
    assert len(decodes) == 1
    monkeypatch.setattr(embedding, "plain_glyph_names", lambda font: font)
    assert embedding.make_subset(face, chars) == fast


def test_neither_a_cold_nor_a_warm_build_imports_fonttools(tmp_path: Path) -> None:
    """The bundled faces' metrics ship with them and their subsets are made by
    ``glyfsubset``, so fontTools (65 ms to import its subsetter) stays unloaded from an
    empty cache on; with the cache filled nothing is measured or subset at all."""
    env = {**os.environ, "BULLETIN_CACHE_DIR": str(tmp_path / "cache")}
    code = ("import sys; from bulletin.build import build, example_content; "
            "build(example_content(), sys.argv[1]); "
            "print(sorted(m for m in sys.modules if m.startswith('fontTools')))")
    for run in ("cold", "warm"):  # the first fills the cache
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / f"{run}.pdf")],
                             env=env, capture_output=True, text=True, check=True).stdout
        assert out.strip() == "[]", (run, out)
    assert (tmp_path / "cold.pdf").read_bytes() == (tmp_path / "warm.pdf").read_bytes()
