"""Pictures: check each one completely when the content is loaded, and give the renderer
something ReportLab draws right.

ReportLab reads a picture only when it draws it, after make-up: a damaged PNG failed there
with a traceback, a cut JPEG was embedded as is (grey below the cut), any size was
decoded (a 13000×13000 PNG took 594 MB) and transparency became a black box. So at load:

1. the size is read from the file's own header, and more than ``MAX_PIXELS`` is refused
   before anything is decoded (Pillow is not even opened, so its
   ``DecompressionBombWarning``/``Error`` cannot arise);
2. the file's structure is walked to its end (every PNG chunk and its checksum, every
   JPEG segment up to the end-of-image marker), so a cut or damaged file is caught by us,
   whatever Pillow's process-wide ``ImageFile.LOAD_TRUNCATED_IMAGES`` says (it is
   never set here);
3. Pillow decodes the picture once (``load()``; a JPEG's every scan into an eighth of its
   size, the same check in 1/64 of the memory) and closes it: nothing is kept.

Problems are ``PictureError`` (what is wrong, what would be right); the loader adds the
file, line and column. Messages never quote the picture file's bytes.

Later work belongs here, not in the renderer: EXIF orientation and HEIC in
``check_picture``/``for_drawing`` (``_scan`` sniffs the kind), resampling to the placed
size in ``for_drawing`` (ReportLab decodes a PNG again to embed it: a 48 Mpx RGBA PNG
peaks near 850 MB there, as it did before these checks).
"""

from __future__ import annotations

import mmap
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported when a picture is read, not with the loader
    from PIL.Image import Image as PILImage

# 50 million pixels: a 48 Mpx phone photo (8000×6000) passes; the check's decoding takes
# at most 4 bytes a pixel (200 MB), and it is well below the 179 Mpx at which Pillow gives
# up and below its 89 Mpx warning, so Pillow prints no warning for a picture we accept.
MAX_PIXELS = 50_000_000

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
_BLOCK = 1 << 20  # checksums are computed a megabyte at a time: bounded memory
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # SOFn (not DHT, JPG, DAC)
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})


class PictureError(Exception):
    """A picture that cannot be used: ``message`` says what is wrong, ``hint`` what
    would be right. It carries no position: the loader knows where the name is written."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class PictureInfo:
    """What make-up needs to know about a checked picture; the pixels are not kept."""

    kind: str  # "JPEG" or "PNG", from the file's bytes (not its name)
    pixels: tuple[int, int]  # width, height
    transparent: bool  # an alpha channel or a transparent colour


def check_picture(path: Path, name: str) -> PictureInfo:
    """Check ``path`` completely (size, structure, a full decode); ``name`` is how the
    author wrote it, for messages. Raises ``PictureError``."""
    from PIL import Image as PIL

    kind, pixels = _scan(path, name)
    try:
        with PIL.open(path, formats=[kind]) as picture:
            if picture.size != pixels:
                raise _damaged(name, "its size is written two different ways")
            if kind == "JPEG":  # every scan is still decoded, into an eighth of the size:
                # the same check in 1/64 of the memory (a 48 Mpx photo: 25 MB, not 200)
                picture.draft(None, (max(1, pixels[0] // 8), max(1, pixels[1] // 8)))
            picture.load()
            transparent = picture.mode in _ALPHA_MODES or "transparency" in picture.info
    except PictureError:
        raise
    except PIL.DecompressionBombError:  # only if other code lowered Pillow's limit
        raise _too_large(name, *pixels) from None
    except MemoryError:
        raise PictureError(f"image '{name}' is too large for this computer's memory",
                           "make it smaller in an image program and save it again") from None
    except Exception:  # any failure of a decoder on the user's file: one message
        raise _damaged(name, "its picture data cannot be decoded") from None
    return PictureInfo(kind, pixels, transparent)


def for_drawing(path: Path) -> Path | PILImage:
    """What the renderer should embed for a checked picture.

    The file itself where ReportLab draws it right with ``mask='auto'``: a JPEG (its data
    is copied into the PDF as is), a PNG that is opaque or has an alpha channel or a
    transparent palette entry (ReportLab makes the alpha a soft mask). Otherwise the
    decoded picture, converted: a transparent colour (tRNS in a grey or RGB PNG, which
    ReportLab would draw as that colour, often black) becomes an alpha channel, and 16-bit
    grey is scaled to 8 bits (ReportLab would clip it to white).
    """
    from PIL import Image as PIL

    with PIL.open(path, formats=["JPEG", "PNG"]) as picture:
        keyed = "transparency" in picture.info and picture.mode in ("1", "L", "RGB")
        deep = picture.mode.startswith("I")
        if not keyed and not deep:
            return path
        picture.load()
        if deep:  # 16-bit grey: 0…65535 to 0…255 (a transparent grey is not kept)
            return picture.convert("I").point(lambda v: v * (1 / 257)).convert("L")
        return picture.convert("RGBA")


# --------------------------------------------------------------------------- structure


def _scan(path: Path, name: str) -> tuple[str, tuple[int, int]]:
    """The kind and size from the header, then the whole structure walked (memory-mapped:
    nothing is read into memory at once)."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
            if not (head == PNG_SIGNATURE or head.startswith(JPEG_SIGNATURE)):
                raise PictureError(
                    f"image '{name}' is not really a JPEG or PNG file",
                    "open it in an image program and save it as .jpg or .png")
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
                if head == PNG_SIGNATURE:
                    return "PNG", _walk_png(data, name)
                return "JPEG", _walk_jpeg(data, name)
    except OSError as e:
        reason = f" ({e.strerror})" if e.strerror else ""
        raise PictureError(f"image '{name}' cannot be read{reason}",
                           "check that the file can be opened, or copy it again") from None


def _walk_png(data: mmap.mmap, name: str) -> tuple[int, int]:
    """Every chunk must be whole and match its checksum, IHDR first, IEND last."""
    end = len(data)
    pos = len(PNG_SIGNATURE)
    pixels: tuple[int, int] | None = None
    has_data = False
    while True:
        if pos + 12 > end:
            raise _cut(name)
        length, kind = struct.unpack_from(">I4s", data, pos)
        body_end = pos + 8 + length
        if body_end + 4 > end:
            raise _cut(name)
        crc = 0
        for start in range(pos + 4, body_end, _BLOCK):
            crc = zlib.crc32(data[start:min(start + _BLOCK, body_end)], crc)
        if crc != struct.unpack_from(">I", data, body_end)[0]:
            raise _damaged(name, "a checksum inside it does not match")
        if pixels is None:
            if kind != b"IHDR" or length != 13:
                raise _damaged(name, "its header is missing")
            pixels = _allowed(name, *struct.unpack_from(">II", data, pos + 8))
        elif kind == b"IDAT":
            has_data = True
        elif kind == b"IEND":
            if not has_data:
                raise _damaged(name, "it holds no picture data")
            return pixels
        pos = body_end + 4


def _walk_jpeg(data: mmap.mmap, name: str) -> tuple[int, int]:
    """Segment by segment to the end-of-image marker; the size from the frame header."""
    end = len(data)
    pos = 2  # after the start-of-image marker
    pixels: tuple[int, int] | None = None
    scanned = False
    while True:
        # Stray bytes between segments (some cameras write them) are skipped, as libjpeg
        # skips them: up to the next 0xFF, then any fill bytes, then the marker.
        pos = data.find(b"\xff", pos)
        if pos < 0:
            raise _cut(name)
        while pos < end and data[pos] == 0xFF:
            pos += 1
        if pos >= end:
            raise _cut(name)
        marker = data[pos]
        pos += 1
        if marker == 0x00:  # 0xFF 0x00 is not a marker: more stray bytes
            continue
        if marker == 0xD9:  # end of image
            if pixels is None or not scanned:
                raise _damaged(name, "it holds no picture data")
            return pixels
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            continue
        if pos + 2 > end:
            raise _cut(name)
        length = struct.unpack_from(">H", data, pos)[0]
        if length < 2:
            raise _damaged(name, "a segment length is wrong")
        if pos + length > end:
            raise _cut(name)
        if marker in _JPEG_FRAMES and pixels is None:
            if length < 8:
                raise _damaged(name, "its header is too short")
            height, width = struct.unpack_from(">HH", data, pos + 3)
            pixels = _allowed(name, width, height)
        pos += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker
            if pixels is None:
                raise _damaged(name, "its picture data comes before its header")
            scanned = True
            pos = _after_scan(data, pos, name)


def _after_scan(data: mmap.mmap, pos: int, name: str) -> int:
    """The position of the marker that ends a scan: in the data, 0xFF is followed by 0x00
    (a stuffed byte) or by a restart marker; anything else is a marker."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            raise _cut(name)
        follower = data[pos + 1]
        if follower == 0x00 or 0xD0 <= follower <= 0xD7:
            pos += 2
            continue
        return pos


# --------------------------------------------------------------------------- messages


def _allowed(name: str, width: int, height: int) -> tuple[int, int]:
    if width == 0 or height == 0:
        raise _damaged(name, f"it declares a size of {width}×{height} pixels")
    if width * height > MAX_PIXELS:
        raise _too_large(name, width, height)
    return width, height


def _too_large(name: str, width: int, height: int) -> PictureError:
    megapixels = width * height / 1e6
    return PictureError(
        f"image '{name}' is {width}×{height} pixels ({megapixels:,.0f} megapixels), more "
        f"than the {MAX_PIXELS // 1_000_000} megapixels a picture may have",
        "make it smaller in an image program and save it again: 8000×6000 pixels is "
        "plenty even for a poster")


def _cut(name: str) -> PictureError:
    return PictureError(
        f"image '{name}' is cut short: the file ends in the middle of the picture",
        "copy the picture again from where it came from (the copy or download was "
        "probably interrupted)")


def _damaged(name: str, why: str) -> PictureError:
    return PictureError(f"image '{name}' is damaged: {why}",
                        "open it in an image program and save it again, or copy it again "
                        "from where it came from")
