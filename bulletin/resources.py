"""Where the bundled layouts, fonts and example content are.

In a wheel they sit inside the package as ``bulletin/_data/<kind>``; in a source
checkout they are the top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(kind: str) -> Path:
    """Folder of bundled ``layouts``, ``fonts`` or ``content``."""
    installed = _PACKAGE / "_data" / kind
    if installed.is_dir() and any(installed.iterdir()):
        return installed
    return _PACKAGE.parent / kind
