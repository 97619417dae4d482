"""Export stage: put the finished bytes on disk without ever leaving half a file.

The output is written to a temporary file in the same folder and renamed over
the target, so a failed build leaves the previous good PDF untouched.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import io
import os
import stat
import tempfile
import time
from pathlib import Path

from ..errors import BulletinError
from ..i18n import Msg, t

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
STALE_PART = 600  # seconds: an older .part file of ours is left from a killed write
ANOTHER_NAME = t("choose another output name (-o something.pdf)")


def check_target(path: Path, magic: bytes | None = b"%PDF-") -> None:
    """Only a file of the kind we write is ever replaced: ``-o issue.yaml`` must not eat
    the issue, and ``-o /dev/sda`` or a pipe is refused, not replaced by a file.
    ``magic`` None: any regular file may be replaced (a content file being saved)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as e:
        raise BulletinError(t("cannot use {path} as the output ({reason})", path=str(path),
                              reason=e.strerror), ANOTHER_NAME) from None
    if stat.S_ISDIR(mode):
        raise BulletinError(t("{path} is a folder", path=str(path)),
                            t("give -o a file name such as out.pdf"))
    if not stat.S_ISREG(mode):
        raise BulletinError(t("{path} exists and is not a regular file (a device or a pipe)",
                              path=str(path)), ANOTHER_NAME)
    if magic is None:
        return
    try:
        with open(path, "rb") as f:
            head = f.read(len(magic))
    except OSError as e:
        raise BulletinError(t("cannot read {path} ({reason}), so it is not replaced",
                              path=str(path), reason=e.strerror), ANOTHER_NAME) from None
    if head != magic:
        kind = t("a PNG picture") if magic == PNG_MAGIC else t("a PDF")
        raise BulletinError(t("{path} exists and is not {kind}", path=str(path), kind=kind),
                            ANOTHER_NAME)


def write_atomic(path: Path, data: bytes, magic: bytes | None = b"%PDF-") -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file renamed over it)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BulletinError(t("no folder {folder} for the output", folder=str(folder)),
                            t("create it or choose another -o"))
    check_target(path, magic)
    _remove_stale_parts(folder, path.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as e:
        raise _write_error(folder, e) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise _write_error(folder, e) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_error(folder: Path, e: OSError) -> BulletinError:
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return BulletinError(t("the disk is full; nothing was written in {folder}",
                               folder=str(folder)), t("free some space and build again"))
    return BulletinError(t("cannot write in {folder} ({reason}); nothing was written",
                           folder=str(folder), reason=e.strerror), t("choose another -o"))


def _remove_stale_parts(folder: Path, name: str) -> None:
    """Remove what a killed write of ``name`` left behind (our own hidden .part files),
    once it is old enough not to belong to a build that is still running."""
    now = time.time()
    for part in folder.glob(f".{glob.escape(name)}.*.part"):
        with contextlib.suppress(OSError):
            info = part.lstat()
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_PART:
                part.unlink()


def export_png(pdf: Path, dpi: float = 150, width: int | None = None) -> list[Path]:
    """A PNG of each page next to the PDF (``issue-1.png`` …), for sharing: 150 dpi is
    sharp enough to zoom into on a phone; ``width`` (pixels) sets every page that wide.

    Drawn in-process by PDFium (pypdfium2, a wheel): no system tool is needed."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as e:
        raise BulletinError(t("cannot draw {name} as PNG ({reason})", name=pdf.name,
                              reason=str(e)), t("the PDF is written; open it instead")) from None
    made = []
    try:
        digits = len(str(len(document)))
        for number, page in enumerate(document, 1):
            page_width = page.get_size()[0]
            scale = width / page_width if width else dpi / 72
            picture = page.render(scale=scale).to_pil()
            buffer = io.BytesIO()
            picture.save(buffer, "PNG", dpi=(round(scale * 72),) * 2, optimize=False)
            target = pdf.parent / f"{pdf.stem}-{number:0{digits}d}.png"
            write_atomic(target, buffer.getvalue(), magic=PNG_MAGIC)
            made.append(target)
    finally:
        document.close()
    return made


def summary(path: Path) -> Msg:
    """What a written file is, in one line for the user: its path, pages or pixels, size
    (a message, so the CLI can say it in the user's language)."""
    size = path.stat().st_size
    amount = f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
    if path.suffix.lower() == ".png":
        from PIL import Image

        with Image.open(path) as picture:
            return t("{path}  ({width}×{height} px, {amount})", path=str(path),
                     width=picture.width, height=picture.height, amount=amount)
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    pages = len(document)
    document.close()
    if pages == 1:
        return t("{path}  (1 page, {amount})", path=str(path), amount=amount)
    return t("{path}  ({pages} pages, {amount})", path=str(path), pages=pages, amount=amount)
