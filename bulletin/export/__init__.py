"""Export stage: put the finished bytes on disk without ever leaving half a file.

The output is written to a temporary file in the same folder and renamed over
the target, so a failed build leaves the previous good PDF untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import BulletinError


def write_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BulletinError(f"no folder {folder} for the output", "create it or choose another -o")
    if path.is_dir():
        raise BulletinError(f"{path} is a folder", "give -o a file name such as out.pdf")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as e:
        message = f"cannot write in {folder} ({e.strerror})"
        raise BulletinError(message, "choose another -o") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def png_tool() -> str:
    """pdftoppm (poppler-utils), which draws the PNGs; checked before a build starts."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise BulletinError("PNG export needs pdftoppm",
                            "install poppler-utils, or leave out --png")
    return tool


def export_png(pdf: Path, resolution: int = 150) -> list[Path]:
    """PNG of each page next to the PDF (``issue-1.png`` …), for sharing: 150 dpi, sharp
    enough to zoom into on a phone."""
    tool = png_tool()
    with tempfile.TemporaryDirectory(dir=pdf.parent) as tmp:
        done = subprocess.run([tool, "-r", str(resolution), "-png", str(pdf),
                               str(Path(tmp) / pdf.stem)], capture_output=True, text=True)
        if done.returncode != 0:
            raise BulletinError(f"pdftoppm could not draw {pdf.name}: {done.stderr.strip()}",
                                "the PDF is written; try --png again or open the PDF")
        made = []
        for page in sorted(Path(tmp).glob("*.png")):
            target = pdf.parent / page.name
            os.replace(page, target)
            made.append(target)
    return made
