"""The wheel carries every subpackage and data file the program reads."""

from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "bulletin").rglob("__init__.py")}
    assert found - listed == set()


def test_the_compiled_catalogue_ships_in_the_wheel():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["bulletin"]
    assert "locale/*/LC_MESSAGES/*.mo" in data
    assert (ROOT / "bulletin/locale/zh/LC_MESSAGES/bulletin.mo").is_file()
