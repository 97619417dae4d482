"""Pictures: check each one completely when the content is loaded, and give the renderer
what each photo needs at its placed size.

ReportLab reads a picture only when it draws it, after make-up: a damaged PNG failed there
with a traceback, a cut JPEG was embedded as is (grey below the cut), any size was
decoded (a 13000×13000 PNG took 594 MB) and transparency became a black box. So at load:

1. the kind is sniffed from the file's bytes (JPEG, PNG, WebP, HEIC/HEIF; not its name)
   and the size read from its own header, and more than ``MAX_PIXELS`` is refused before
   anything is decoded (Pillow is not even opened, so its ``DecompressionBombWarning``/
   ``Error`` cannot arise; a HEIF's size is read by libheif, which decodes nothing);
2. the file's structure is walked to its end (every PNG chunk and its checksum, every
   JPEG segment up to the end-of-image marker, every WebP chunk and HEIF box), so a cut
   or damaged file is caught by us, whatever Pillow's process-wide
   ``ImageFile.LOAD_TRUNCATED_IMAGES`` says (it is never set here);
3. Pillow decodes the picture once (``load()``; a JPEG's every scan into an eighth of its
   size, the same check in 1/64 of the memory) and closes it: nothing is kept. The
   size make-up gets is the upright one: phones store most portraits lying on their
   side with an EXIF orientation tag, and a photo is placed as the phone shows it.

At render, ``for_drawing`` gives each photo no more pixels than its placed size needs at
the edition's ``PhotoTarget`` (300 ppi for print, 150 for e-mail; never more than the file
has): a photo already small enough, upright, and a JPEG or PNG that ReportLab draws right
goes in as it is (a JPEG's bytes unchanged); any other is decoded, turned upright, made
sRGB, resampled and encoded again, and the result kept in the disk cache beside the font
subsets (verified on reading like them), so a rebuild does not resample again. The
author's files are only ever read.

Problems are ``PictureError`` (what is wrong, what would be right); the loader adds the
file, line and column. Messages never quote the picture file's bytes.
"""

from __future__ import annotations

import contextlib
import functools
import io
import mmap
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.i18n import Msg, t

if TYPE_CHECKING:  # Pillow is imported when a picture is read, not with the loader
    from types import ModuleType

    from PIL.Image import Image as PILImage
    from PIL.ImageCms import ImageCmsProfile

# 50 million pixels: a 48 Mpx phone photo (8000×6000) passes; the check's decoding takes
# at most 4 bytes a pixel (200 MB), and it is well below the 179 Mpx at which Pillow gives
# up and below its 89 Mpx warning, so Pillow prints no warning for a picture we accept.
MAX_PIXELS = 50_000_000

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
KINDS = ("JPEG", "PNG", "WEBP", "HEIF")  # Pillow's names for what is accepted
_BLOCK = 1 << 20  # checksums are computed a megabyte at a time: bounded memory
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # SOFn (not DHT, JPG, DAC)
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})
# HEIF brands: HEVC-coded (what iPhones write), or the general image brands, which an AVIF
# also carries (told apart by its own brand: libheif here has no AV1 decoder).
_HEVC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
_IMAGE_BRANDS = frozenset({b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_ORIENTATION = 0x0112  # EXIF tag
_QUARTER_TURNED = frozenset({5, 6, 7, 8})  # orientations that swap width and height

# Photos made for the PDF: the recipe is part of each cached name (bump it when how a photo
# is made changes); a cache holds at most CACHE_PHOTOS of them, the least recently used go.
RECIPE = 1
CACHE_PHOTOS = 200
_FOLDER = "photos"


@dataclass(frozen=True)
class PhotoTarget:
    """How finely an edition embeds photos: at most ``ppi`` pixels per inch of a photo's
    placed width, and ``quality`` for a JPEG that has to be encoded again."""

    ppi: int
    quality: int


# Print: 300 ppi is what print shops ask for (finer is not printed); quality 90 is what
# cameras write and no print shop refuses, with no visible loss in print.
PRINT = PhotoTarget(ppi=300, quality=90)
# E-mail: 150 ppi is sharp on a screen up to 150 % zoom; quality 80 is the usual quality
# for photos on screens (a quarter the pixels and about half the bytes a pixel of print).
EMAIL = PhotoTarget(ppi=150, quality=80)


class PictureError(Exception):
    """A picture that cannot be used: ``message`` says what is wrong, ``hint`` what
    would be right. It carries no position: the loader knows where the name is written."""

    def __init__(self, message: Msg, hint: Msg) -> None:
        super().__init__(str(message))
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class PictureInfo:
    """What make-up needs to know about a checked picture; the pixels are not kept."""

    kind: str  # one of KINDS, from the file's bytes (not its name)
    pixels: tuple[int, int]  # width, height, upright (as the phone shows it)
    transparent: bool  # an alpha channel or a transparent colour


def check_picture(path: Path, name: str) -> PictureInfo:
    """Check ``path`` completely (kind, size, structure, a full decode); ``name`` is how
    the author wrote it, for messages. Raises ``PictureError``."""
    PIL = _pillow()
    kind, pixels = _scan(path, name)
    try:
        if pixels is None:  # a HEIF: libheif reads the size from its header
            pixels = _allowed(name, *_heif_size(path))
        with PIL.open(path, formats=[kind]) as picture:
            if picture.size != pixels:
                raise _damaged(name, t("its size is written two different ways"))
            if kind == "JPEG":  # every scan is still decoded, into an eighth of the size:
                # the same check in 1/64 of the memory (a 48 Mpx photo: 25 MB, not 200)
                picture.draft(None, (max(1, pixels[0] // 8), max(1, pixels[1] // 8)))
            picture.load()  # before the EXIF: a PNG's may follow its data, and reading
            orientation = _orientation(picture)  # it would load (and hide an error)
            transparent = _transparent(picture)
    except PictureError:
        raise
    except PIL.DecompressionBombError:  # only if other code lowered Pillow's limit
        raise _too_large(name, *pixels) from None
    except MemoryError:
        raise PictureError(t("image '{name}' is too large for this computer's memory",
                             name=name),
                           t("make it smaller in an image program and save it again")) from None
    except Exception:  # any failure of a decoder on the user's file: one message
        raise _damaged(name, t("its picture data cannot be decoded")) from None
    return PictureInfo(kind, _upright(pixels, orientation), transparent)


def for_drawing(path: Path, width: float, target: PhotoTarget = PRINT) -> Path | bytes:
    """What the renderer embeds for a checked picture placed ``width`` points wide.

    The file itself where it needs no work: upright, no more pixels than ``target``
    asks for, and a JPEG (copied into the PDF as is) or a PNG ReportLab draws right
    (``_as_is``). Otherwise a picture made for it, PNG from a PNG or a transparent
    picture (lossless stays lossless), else JPEG at ``target.quality``: the cached file's
    path, or its bytes when the cache cannot be written.
    """
    from bulletin.fontstage import cache  # the fonts' disk cache, shared, when drawing

    PIL = _pillow()
    with PIL.open(path, formats=list(KINDS)) as picture:
        orientation = _orientation(picture)
        upright = _upright(picture.size, orientation)
        size = _fitted(upright, width, target.ppi)
        if size == upright and orientation == 1 and _as_is(picture):
            return path
        lossless = picture.format == "PNG" or _transparent(picture)
        quality = None if lossless else target.quality
        ending = ".png" if lossless else f"-q{quality}.jpg"
        name = f"{_FOLDER}/{cache.file_digest(path)}-r{RECIPE}-{size[0]}x{size[1]}{ending}"
        cache.flush()  # the digest is remembered by the file's size and times: not hashed again
        cached = cache.read_file(name)
        if cached is not None:
            with contextlib.suppress(OSError):
                os.utime(cached)  # recently used: kept when the cache is pruned
            return cached
        data = _resample(picture, orientation, size, quality)
    written = cache.write_file(name, data)
    if written is None:
        return data
    _prune(written.parent, cache.remove_file)
    return written


# --------------------------------------------------------------------------- making


@functools.cache
def _pillow() -> ModuleType:
    """Pillow's Image module, able to read HEIF (pillow-heif adds the reader, once)."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    return Image


def _heif_size(path: Path) -> tuple[int, int]:
    """A HEIF's upright size, parsed by libheif from the container: nothing is decoded."""
    import pillow_heif

    return pillow_heif.open_heif(path).size


def _orientation(picture: PILImage) -> int:
    """The EXIF orientation (1–8; 1 if absent or nonsense). Pillow also reads the XMP
    one; a HEIF's own rotation is applied by libheif, which then reports 1."""
    try:
        value = picture.getexif().get(_ORIENTATION, 1)
    except Exception:  # a damaged EXIF block: the photo is placed as it is stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _upright(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    return (size[1], size[0]) if orientation in _QUARTER_TURNED else size


def _fitted(size: tuple[int, int], width: float, ppi: int) -> tuple[int, int]:
    """The pixels a photo ``width`` points wide needs at ``ppi``: never more than it has
    (so never upsampled), the height in proportion."""
    w, h = size
    want = max(1, round(width / 72 * ppi))
    if want >= w:
        return size
    return want, max(1, round(h * want / w))


def _transparent(picture: PILImage) -> bool:
    return picture.mode in _ALPHA_MODES or "transparency" in picture.info


def _as_is(picture: PILImage) -> bool:
    """Whether ReportLab embeds the file itself right: a JPEG (its bytes are copied; a
    CMYK one only with Adobe's marker, whose inverted values ReportLab assumes), or a PNG
    ReportLab decodes right (not 16-bit grey, which it clips to white; no transparent
    colour, which it draws in that colour, often black) — with no colour profile to
    convert (a PDF's DeviceRGB is read as sRGB)."""
    if picture.format == "JPEG":
        right = picture.mode != "CMYK" or "adobe" in picture.info
    elif picture.format == "PNG":
        keyed = "transparency" in picture.info and picture.mode in ("1", "L", "RGB")
        right = not keyed and not picture.mode.startswith("I")
    else:
        right = False
    return right and _foreign_profile(picture) is None


def _resample(picture: PILImage, orientation: int, size: tuple[int, int],
              quality: int | None) -> bytes:
    """``picture`` upright, sRGB, ``size`` pixels, as a JPEG at ``quality`` or (None) PNG.
    Resampled before it is turned or converted: those then touch the few pixels kept."""
    stored = _upright(size, orientation)
    if picture.format == "JPEG":  # decoded at 1/2, 1/4 or 1/8 where that is still enough
        picture.draft(picture.mode, stored)
    picture.load()
    profile = _foreign_profile(picture)
    image = _drawable(picture)
    if image.size != stored:
        image = image.resize(stored, _pillow().Resampling.LANCZOS, reducing_gap=3.0)
    if orientation != 1:
        image = _turned(image, orientation)
    if profile is not None:
        image = _to_srgb(image, profile)
    out = io.BytesIO()
    if quality is None:
        image.save(out, "PNG")
    else:  # metadata (EXIF: place, time, phone) is not copied into the PDF
        image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _turned(image: PILImage, orientation: int) -> PILImage:
    """``image``, stored with EXIF ``orientation``, shown upright (as
    ``ImageOps.exif_transpose`` turns it, which would need the EXIF still attached)."""
    turn = _pillow().Transpose
    return image.transpose({
        2: turn.FLIP_LEFT_RIGHT, 3: turn.ROTATE_180, 4: turn.FLIP_TOP_BOTTOM,
        5: turn.TRANSPOSE, 6: turn.ROTATE_270, 7: turn.TRANSVERSE, 8: turn.ROTATE_90,
    }[orientation])


def _drawable(image: PILImage) -> PILImage:
    """Modes the PDF takes: grey, RGB, CMYK, with or without alpha. 16-bit grey is
    scaled to 8 bits, a transparent colour or palette entry becomes an alpha channel."""
    if image.mode.startswith("I"):  # 16-bit grey: 0…65535 to 0…255
        return image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if "transparency" in image.info or image.mode in ("PA", "RGBa", "La"):
        return image.convert("RGBA")
    if image.mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return image
    return image.convert("RGB")


def _foreign_profile(picture: PILImage) -> ImageCmsProfile | None:
    """An embedded RGB colour profile other than sRGB (an iPhone's Display P3, Adobe
    RGB …), whose colours would look dull if read as sRGB; None if none or unreadable."""
    icc = picture.info.get("icc_profile")
    if not icc or picture.mode not in ("RGB", "RGBA", "P"):
        return None
    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(profile).lower().replace(" ", ""):
            return None
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    return profile


def _to_srgb(image: PILImage, profile: ImageCmsProfile) -> PILImage:
    """``image``'s colours from ``profile`` to sRGB (alpha kept); as it is if the profile
    cannot be used."""
    from PIL import ImageCms

    try:
        rgb = ImageCms.profileToProfile(image.convert("RGB"), profile,
                                        ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    if image.mode in ("RGBA", "LA"):
        rgb.putalpha(image.getchannel("A"))
    return rgb


def _prune(folder: Path, remove: Callable[[Path], None]) -> None:
    """Keep the ``CACHE_PHOTOS`` most recently used photos in ``folder`` (each edit of a
    photo or of its placed size makes a new one); ``remove`` takes one and its sidecar."""
    try:
        entries = [(p.stat().st_mtime, p) for p in folder.iterdir()
                   if p.suffix in (".jpg", ".png")]
    except OSError:
        return
    entries.sort()
    for _, victim in entries[:-CACHE_PHOTOS]:
        remove(victim)


# --------------------------------------------------------------------------- structure


def _scan(path: Path, name: str) -> tuple[str, tuple[int, int] | None]:
    """The kind and size from the header, then the whole structure walked (memory-mapped:
    nothing is read into memory at once). A HEIF's size is None: libheif reads it."""
    try:
        with path.open("rb") as f:
            head = f.read(64)
            kind = _kind(head, name)
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
                if kind == "PNG":
                    return kind, _walk_png(data, name)
                if kind == "JPEG":
                    return kind, _walk_jpeg(data, name)
                if kind == "WEBP":
                    return kind, _walk_webp(data, name)
                _walk_heif(data, name)
                return kind, None
    except OSError as e:
        message = t("image '{name}' cannot be read ({reason})", name=name,
                    reason=e.strerror) if e.strerror else \
            t("image '{name}' cannot be read", name=name)
        raise PictureError(message, t("check that the file can be opened, or copy it "
                                      "again")) from None


def _kind(head: bytes, name: str) -> str:
    """One of ``KINDS`` from the first bytes, or a message naming what the file is."""
    if head.startswith(PNG_SIGNATURE):
        return "PNG"
    if head.startswith(JPEG_SIGNATURE):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    brands: set[bytes] = set()
    if head[4:8] == b"ftyp":
        end = min(len(head), struct.unpack_from(">I", head)[0])
        brands = {head[8:12]} | {head[i:i + 4] for i in range(16, end - 3, 4)}
        if brands & _HEVC_BRANDS or (brands & _IMAGE_BRANDS and not brands & _AVIF_BRANDS):
            return "HEIF"
    hint = t("open it in an image program and save it as .jpg or .png")
    start = head.lstrip().lower()
    if head.startswith(b"%PDF"):
        what, hint = t("a PDF document"), t("export the page as a picture (.png) and use that")
    elif start.startswith((b"<svg", b"<?xml")):
        what, hint = t("a drawing (SVG)"), t("export it as a picture (.png) and use that")
    elif brands & _AVIF_BRANDS:
        what = t("an AVIF picture, which cannot be read here")
    elif head.startswith((b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")):
        kind = {b"G": "GIF", b"B": "BMP", b"I": "TIFF", b"M": "TIFF"}[head[:1]]
        what = t("a {kind} picture, which cannot be placed", kind=kind)
    else:
        what = t("something else")
    raise PictureError(t("image '{name}' is not really a JPEG or PNG file (nor a HEIC or "
                         "WebP photo): it is {what}", name=name, what=what), hint)


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
            raise _damaged(name, t("a checksum inside it does not match"))
        if pixels is None:
            if kind != b"IHDR" or length != 13:
                raise _damaged(name, t("its header is missing"))
            pixels = _allowed(name, *struct.unpack_from(">II", data, pos + 8))
        elif kind == b"IDAT":
            has_data = True
        elif kind == b"IEND":
            if not has_data:
                raise _damaged(name, t("it holds no picture data"))
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
                raise _damaged(name, t("it holds no picture data"))
            return pixels
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            continue
        if pos + 2 > end:
            raise _cut(name)
        length = struct.unpack_from(">H", data, pos)[0]
        if length < 2:
            raise _damaged(name, t("a segment length is wrong"))
        if pos + length > end:
            raise _cut(name)
        if marker in _JPEG_FRAMES and pixels is None:
            if length < 8:
                raise _damaged(name, t("its header is too short"))
            height, width = struct.unpack_from(">HH", data, pos + 3)
            pixels = _allowed(name, width, height)
        pos += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker
            if pixels is None:
                raise _damaged(name, t("its picture data comes before its header"))
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


def _walk_webp(data: mmap.mmap, name: str) -> tuple[int, int]:
    """The RIFF container whole and every chunk in it; the size from the first chunk
    (the canvas of an extended file, else the VP8 or lossless VP8L frame header)."""
    if len(data) < 20:
        raise _cut(name)
    riff_end = 8 + struct.unpack_from("<I", data, 4)[0]
    if riff_end > len(data):
        raise _cut(name)
    pos = 12
    pixels: tuple[int, int] | None = None
    while pos + 8 <= riff_end:
        fourcc, length = struct.unpack_from("<4sI", data, pos)
        body = pos + 8
        if body + length > riff_end:
            raise _cut(name)
        if pixels is None:
            pixels = _webp_size(fourcc, bytes(data[body:body + min(length, 10)]), name)
        pos = body + length + (length & 1)  # chunks are padded to an even length
    if pixels is None:
        raise _damaged(name, t("it holds no picture data"))
    return pixels


def _webp_size(fourcc: bytes, head: bytes, name: str) -> tuple[int, int]:
    if fourcc == b"VP8X" and len(head) >= 10:
        width = int.from_bytes(head[4:7], "little") + 1
        height = int.from_bytes(head[7:10], "little") + 1
    elif fourcc == b"VP8 " and len(head) >= 10 and head[3:6] == b"\x9d\x01\x2a":
        width, height = (v & 0x3FFF for v in struct.unpack_from("<HH", head, 6))
    elif fourcc == b"VP8L" and len(head) >= 5 and head[0] == 0x2F:
        bits = int.from_bytes(head[1:5], "little")
        width, height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    else:
        raise _damaged(name, t("its header is missing"))
    return _allowed(name, width, height)


def _walk_heif(data: mmap.mmap, name: str) -> None:
    """Every top-level box (ISO base media file format) whole, a 'meta' box among them
    (it holds the size and where the picture data is)."""
    end = len(data)
    pos = 0
    seen: set[bytes] = set()
    while pos < end:
        if pos + 8 > end:
            raise _cut(name)
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:  # a 64-bit size follows the type
            if pos + 16 > end:
                raise _cut(name)
            size, header = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:  # the box runs to the end of the file
            size = end - pos
        if size < header:
            raise _damaged(name, t("a box length inside it is wrong"))
        if pos + size > end:
            raise _cut(name)
        seen.add(kind)
        pos += size
    if b"meta" not in seen:
        raise _damaged(name, t("its header is missing"))


# --------------------------------------------------------------------------- messages


def _allowed(name: str, width: int, height: int) -> tuple[int, int]:
    if width == 0 or height == 0:
        raise _damaged(name, t("it declares a size of {width}×{height} pixels", width=width,
                               height=height))
    if width * height > MAX_PIXELS:
        raise _too_large(name, width, height)
    return width, height


def _too_large(name: str, width: int, height: int) -> PictureError:
    megapixels = f"{width * height / 1e6:,.0f}"
    return PictureError(
        t("image '{name}' is {width}×{height} pixels ({megapixels} megapixels), more than "
          "the {most} megapixels a picture may have", name=name, width=width, height=height,
          megapixels=megapixels, most=MAX_PIXELS // 1_000_000),
        t("make it smaller in an image program and save it again: 8000×6000 pixels is "
          "plenty even for a poster"))


def _cut(name: str) -> PictureError:
    return PictureError(
        t("image '{name}' is cut short: the file ends in the middle of the picture",
          name=name),
        t("copy the picture again from where it came from (the copy or download was "
          "probably interrupted)"))


def _damaged(name: str, why: Msg) -> PictureError:
    return PictureError(t("image '{name}' is damaged: {why}", name=name, why=why),
                        t("open it in an image program and save it again, or copy it again "
                          "from where it came from"))
