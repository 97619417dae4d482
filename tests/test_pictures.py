"""Pictures (issue 17): a picture too large, damaged, cut short or transparent gets one
clear message or is drawn right; messages reveal nothing outside the content's folder.

Every test picture is made here, with Pillow or by hand (zlib), in a temporary folder.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from PIL import ImageFile

from bulletin.build import build
from bulletin.cli import main
from bulletin.content import load_issue
from bulletin.content.model import Image
from bulletin.content.pictures import MAX_PIXELS, PictureError, check_picture
from bulletin.errors import BulletinError

ROOT = Path(__file__).resolve().parent.parent
LINE, COL = 6, 16  # where the picture's name is written in ``issue()``
PNG = b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- helpers


def issue(folder: Path, picture: str) -> Path:
    """An issue whose one article shows ``picture`` (its name at line 6, column 16)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = ("bulletin: {name: 测试报}\narticles:\n  - title: 标题\n    body:\n"
            f"      - 正文。\n      - image: {picture}\n")
    path = folder / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """One font cache for this module's builds (fonts are subset once)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def env(monkeypatch, cache: Path) -> None:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(cache))


def refused(src: Path, *parts: str) -> str:
    """Build ``src`` with the CLI: exit 2, FILE:LINE:COL and every part in the one message,
    no traceback, no PDF. Returns the message."""
    out = src.parent / "out.pdf"
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(out)])
    text = result.output
    assert result.exit_code == 2, text
    assert f"{src}:{LINE}:{COL}: " in text, text
    for part in parts:
        assert part in text, f"{part!r} not in {text!r}"
    assert text.startswith("error: ") and len(text.strip().splitlines()) == 1, text
    assert not out.exists()
    return text


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(path: Path, width: int, height: int, *, valid: bool = True) -> None:
    """A grey PNG of ``width``×``height`` black pixels, small on disk: the rows are
    compressed as they are made, never held. ``valid=False`` writes the header only with
    a token of data (refused before the data is looked at, so it does not matter)."""
    z = zlib.compressobj(9)
    parts = []
    if valid:
        rows = bytes((width + 1) * max(1, 4_000_000 // (width + 1)))
        left = height * (width + 1)
        while left:
            piece = rows[:left]
            parts.append(z.compress(piece))
            left -= len(piece)
    else:
        parts.append(z.compress(bytes(width + 1)))
    parts.append(z.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(PNG + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", b"".join(parts))
                     + png_chunk(b"IEND", b""))



def jpeg_bytes(size: tuple[int, int] = (600, 400), mode: str = "RGB") -> bytes:
    """A JPEG with detail in every row (a gradient), so a cut shows."""
    picture = PILImage.linear_gradient("L").resize(size).convert(mode)
    buf = io.BytesIO()
    picture.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def with_jpeg_size(data: bytes, width: int, height: int) -> bytes:
    """``data`` with its frame header (SOF0) declaring another size."""
    pos = 2
    while True:
        marker, length = data[pos + 1], struct.unpack_from(">H", data, pos + 2)[0]
        if marker == 0xC0:
            return data[:pos + 5] + struct.pack(">HH", height, width) + data[pos + 9:]
        pos += 2 + length


def noise_png() -> bytes:
    buf = io.BytesIO()
    PILImage.effect_noise((300, 200), 60).convert("RGB").save(buf, "PNG")
    return buf.getvalue()


def _small_png() -> bytes:
    buf = io.BytesIO()
    PILImage.effect_noise((40, 30), 60).convert("RGBA").save(buf, "PNG")
    return buf.getvalue()


SMALL = {"jpeg": jpeg_bytes((40, 30)), "png": _small_png()}  # for mangling


def first_idat(data: bytes) -> tuple[int, int]:
    """Offset and length of the first IDAT chunk."""
    pos = 8
    while True:
        length, kind = struct.unpack_from(">I4s", data, pos)
        if kind == b"IDAT":
            return pos, length
        pos += 12 + length


# --------------------------------------------------------------------------- 1. too large


def test_a_huge_png_is_refused_from_its_header_in_little_memory(tmp_path: Path, cache) -> None:
    """13000×13000 (169 Mpx, 160 KB on disk): before, Pillow warned on stderr and the build
    decoded it, peaking near 600 MB. Now: one message, exit 2, a small peak, no warning."""
    folder = tmp_path / "c"
    folder.mkdir()
    huge_png(folder / "huge.png", 13000, 13000)
    assert (folder / "huge.png").stat().st_size < 1_000_000
    src = issue(folder, "huge.png")
    # The child's own peak: VmHWM is its memory's high-water mark since exec (ru_maxrss
    # would count the pages of pytest, which the child was forked from).
    code = (
        "import re, sys, time\n"
        "from pathlib import Path\n"
        "from bulletin.cli import main\n"
        "start = time.monotonic()\n"
        "try:\n"
        "    main(['build', sys.argv[1], '-o', sys.argv[2]])\n"
        "finally:\n"
        "    status = Path('/proc/self/status')\n"
        "    hwm = re.search(r'VmHWM:\\s*(\\d+) kB', status.read_text()) if status.exists() "
        "else None\n"
        "    peak = int(hwm.group(1)) / 1024 if hwm else -1\n"
        "    print(f'PEAK {peak:.0f} MB {time.monotonic() - start:.2f} s', file=sys.stderr)\n"
    )
    out = folder / "out.pdf"
    done = subprocess.run(
        [sys.executable, "-c", code, str(src), str(out)], capture_output=True, text=True,
        timeout=120, cwd=tmp_path, env={**os.environ, "BULLETIN_CACHE_DIR": str(cache)})
    *lines, peak = done.stderr.strip().splitlines()
    assert "Warning" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2 and len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {src}:{LINE}:{COL}: image 'huge.png' is 13000×13000 "
                               "pixels (169 megapixels), more than the 50 megapixels")
    assert not out.exists()
    megabytes, seconds = float(peak.split()[1]), float(peak.split()[3])
    assert megabytes < 150 and seconds < 10, peak  # before: about 590 MB and 2 s, exit 0


@pytest.mark.parametrize("kind", ["png 30000x30000", "jpeg 20000x10000", "jpeg 9000x6000"])
def test_a_picture_declaring_too_many_pixels_is_one_message(
    tmp_path: Path, env, recwarn, kind: str,
) -> None:
    """Over Pillow's own bomb limit (179 Mpx: a traceback before) and between ours and
    Pillow's (54 Mpx: embedded before): refused from the header, nothing decoded."""
    fmt, size = kind.split()
    width, height = map(int, size.split("x"))
    if fmt == "png":
        huge_png(tmp_path / "big.png", width, height, valid=False)
        name = "big.png"
    else:
        (tmp_path / "big.jpg").write_bytes(with_jpeg_size(jpeg_bytes(), width, height))
        name = "big.jpg"
    refused(issue(tmp_path, name), f"image '{name}' is {width}×{height} pixels",
            f"more than the {MAX_PIXELS // 1_000_000} megapixels", "make it smaller")
    assert not [w for w in recwarn if "DecompressionBomb" in type(w.message).__name__]


def test_phone_photos_of_12_and_48_megapixels_pass(tmp_path: Path) -> None:
    """The limit leaves room for what phones take: 4000×3000 and 8000×6000."""
    assert MAX_PIXELS >= 8000 * 6000
    for size in ((4000, 3000), (8000, 6000)):
        name = f"photo-{size[0]}.jpg"
        (tmp_path / name).write_bytes(jpeg_bytes(size, mode="L"))
        info = check_picture(tmp_path / name, name)
        assert info.pixels == size and info.kind == "JPEG" and not info.transparent


# --------------------------------------------------------------------------- 2. damaged


def test_a_png_with_a_damaged_chunk_is_one_message(tmp_path: Path, env) -> None:
    """A flipped byte in the picture data: before, ReportLab failed with a traceback."""
    data = bytearray(noise_png())
    pos, _ = first_idat(bytes(data))
    data[pos + 8 + 100] ^= 0xFF
    (tmp_path / "damaged.png").write_bytes(bytes(data))
    refused(issue(tmp_path, "damaged.png"), "image 'damaged.png' is damaged",
            "a checksum inside it does not match", "save it again")


def test_a_png_whose_data_is_corrupt_under_a_good_checksum_is_one_message(
    tmp_path: Path, env,
) -> None:
    """Corrupt data with its checksum made to match: only the full decode at load finds it."""
    data = bytearray(noise_png())
    pos, length = first_idat(bytes(data))
    data[pos + 8 + 100] ^= 0xFF
    body = bytes(data[pos + 4:pos + 8 + length])
    data[pos + 8 + length:pos + 12 + length] = struct.pack(">I", zlib.crc32(body))
    (tmp_path / "corrupt.png").write_bytes(bytes(data))
    refused(issue(tmp_path, "corrupt.png"), "image 'corrupt.png' is damaged",
            "cannot be decoded")


@pytest.mark.parametrize("name", ["cut.jpg", "cut.png"])
def test_a_picture_cut_short_is_one_message(tmp_path: Path, env, name: str) -> None:
    """A JPEG cut at a third was embedded silently (grey below the cut) before."""
    data = jpeg_bytes() if name.endswith(".jpg") else noise_png()
    (tmp_path / name).write_bytes(data[:len(data) // 3])
    refused(issue(tmp_path, name), f"image '{name}' is cut short", "copy the picture again")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False  # we never set Pillow's global flag


@pytest.mark.parametrize("name", ["cut.jpg", "cut.png"])
def test_a_cut_picture_is_caught_whatever_pillows_global_flag_says(
    tmp_path: Path, monkeypatch, name: str,
) -> None:
    """Other code in the process may have set LOAD_TRUNCATED_IMAGES: our check does not
    depend on it."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = jpeg_bytes() if name.endswith(".jpg") else noise_png()
    (tmp_path / name).write_bytes(data[:len(data) // 3])
    with pytest.raises(BulletinError, match="cut short") as info:
        load_issue(issue(tmp_path, name))
    assert (info.value.line, info.value.col) == (LINE, COL)


def test_a_jpeg_with_stray_bytes_between_segments_or_after_its_end_still_passes(
    tmp_path: Path,
) -> None:
    """Bytes between segments or after the end-of-image marker (some cameras write them)
    are skipped by libjpeg, and so by our walk: not damage."""
    data = jpeg_bytes()
    app0_end = 4 + struct.unpack_from(">H", data, 4)[0]
    (tmp_path / "stray.jpg").write_bytes(
        data[:app0_end] + b"\x00\x17\xff\x00" + data[app0_end:] + b"\x00" * 100)
    with PILImage.open(tmp_path / "stray.jpg") as picture:
        picture.load()  # Pillow takes it
    assert check_picture(tmp_path / "stray.jpg", "stray.jpg").pixels == (600, 400)


@settings(max_examples=150)
@given(st.sampled_from(["jpeg", "png"]), st.lists(st.tuples(st.floats(0, 1),
       st.integers(0, 255)), min_size=1, max_size=4), st.floats(0.05, 1))
def test_a_mangled_picture_is_accepted_or_one_message_never_a_crash(
    tmp_path_factory, kind: str, changes: list[tuple[float, int]], keep: float,
) -> None:
    """Random bytes changed and the file cut anywhere: ``PictureError`` or a picture."""
    data = bytearray(SMALL[kind])
    for where, value in changes:
        data[int(where * (len(data) - 1))] = value
    path = tmp_path_factory.mktemp("mangled") / f"m.{kind}"
    path.write_bytes(bytes(data[:max(8, int(len(data) * keep))]))
    try:
        info = check_picture(path, path.name)
    except PictureError as e:
        assert str(e.message).startswith("image 'm.") and e.hint
    else:
        assert info.pixels[0] * info.pixels[1] <= MAX_PIXELS


def test_good_pictures_keep_their_pixels_in_the_model(tmp_path: Path) -> None:
    PILImage.new("RGB", (321, 123), (10, 20, 30)).save(tmp_path / "a.png")
    (tmp_path / "b.jpeg").write_bytes(jpeg_bytes((64, 48)))
    src = tmp_path / "issue.yaml"
    src.write_text("bulletin: {name: 测试报}\narticles:\n  - title: 标题\n    body:\n"
                   "      - image: a.png\n      - image: b.jpeg\n", encoding="utf-8")
    images = [b for b in load_issue(src).articles[0].body if isinstance(b, Image)]
    assert [im.pixels for im in images] == [(321, 123), (64, 48)]


# --------------------------------------------------------------------------- 3. transparency


def transparent_picture(kind: str) -> tuple[PILImage.Image, dict]:
    """Left half opaque dark red, right half transparent (black underneath, so a lost
    transparency shows as a black box)."""
    size, left = (200, 100), (0, 0, 100, 100)
    if kind == "RGBA":
        picture = PILImage.new("RGBA", size, (0, 0, 0, 0))
        picture.paste((150, 0, 0, 255), left)
        return picture, {}
    if kind == "LA":
        picture = PILImage.new("LA", size, (0, 0))
        picture.paste((60, 255), left)
        return picture, {}
    if kind == "P+tRNS":
        picture = PILImage.new("P", size, 0)
        picture.putpalette([0, 0, 0, 150, 0, 0])
        picture.paste(1, left)
        return picture, {"transparency": 0}
    if kind == "RGB+tRNS":
        picture = PILImage.new("RGB", size, (0, 0, 0))
        picture.paste((150, 0, 0), left)
        return picture, {"transparency": (0, 0, 0)}
    picture = PILImage.new("L", size, 0)  # L+tRNS
    picture.paste(60, left)
    return picture, {"transparency": 0}


def rendered_picture(pdf: Path) -> tuple[PILImage.Image, dict]:
    """Page 1 rendered at 2× and the one picture's box on it (top-down points)."""
    with pdfplumber.open(pdf) as doc:
        (box,) = doc.pages[0].images
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0].render(scale=2).to_pil().convert("RGB")
    finally:
        document.close()
    return page, box


@pytest.mark.parametrize("kind", ["RGBA", "LA", "P+tRNS", "RGB+tRNS", "L+tRNS"])
def test_a_transparent_png_shows_the_page_not_a_black_box(
    tmp_path: Path, env, kind: str,
) -> None:
    picture, options = transparent_picture(kind)
    picture.save(tmp_path / "logo.png", "PNG", **options)
    with PILImage.open(tmp_path / "logo.png") as back:  # the file is what we meant
        assert back.mode == kind.split("+")[0]
        assert ("transparency" in back.info) == ("tRNS" in kind)
    out = tmp_path / "out.pdf"
    build(issue(tmp_path, "logo.png"), out)
    page, box = rendered_picture(out)
    y = (box["top"] + box["bottom"]) / 2 * 2
    opaque = page.getpixel((int((box["x0"] + box["width"] * 0.25) * 2), int(y)))
    clear = page.getpixel((int((box["x0"] + box["width"] * 0.75) * 2), int(y)))
    assert min(clear) > 240, f"{kind}: the transparent half is {clear}, not the white page"
    assert max(opaque) < 170, f"{kind}: the opaque half is {opaque}"
    assert check_picture(tmp_path / "logo.png", "logo.png").transparent


def test_a_16_bit_grey_png_is_grey_not_white(tmp_path: Path, env) -> None:
    """ReportLab clipped 16-bit grey to white; it is scaled to 8 bits for drawing."""
    PILImage.new("I;16", (200, 100), 30000).save(tmp_path / "grey.png")
    with PILImage.open(tmp_path / "grey.png") as back:
        assert back.mode.startswith("I") and back.getpixel((5, 5)) == 30000
    out = tmp_path / "out.pdf"
    build(issue(tmp_path, "grey.png"), out)
    page, box = rendered_picture(out)
    centre = ((box["x0"] + box["x1"]) / 2 * 2, (box["top"] + box["bottom"]) / 2 * 2)
    grey = page.getpixel(tuple(map(int, centre)))
    assert all(abs(c - 30000 / 257) < 6 for c in grey), grey


def test_a_jpeg_is_still_embedded_as_is(tmp_path: Path, env) -> None:
    """``mask='auto'`` and the checks change nothing for a JPEG: its own bytes in the PDF."""
    data = jpeg_bytes((300, 200))
    (tmp_path / "photo.jpg").write_bytes(data)
    out = tmp_path / "out.pdf"
    build(issue(tmp_path, "photo.jpg"), out)
    assert data[:2000] in out.read_bytes()


# ------------------------------------------------------------------- 4. what messages reveal


def test_no_suggestion_from_a_folder_outside_the_contents(tmp_path: Path) -> None:
    """``../../etc/passwd.jpg`` answered "did you mean 'passwd'?", listing /etc."""
    outside = tmp_path / "etc"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (outside / "passwd.png").write_bytes(b"")
    src = issue(tmp_path / "a" / "b", "../../etc/passwd.jpg")
    with pytest.raises(BulletinError) as info:
        load_issue(src)
    text = str(info.value)
    assert text.startswith(f"{src}:{LINE}:{COL}: image not found: ")
    assert "did you mean" not in text and "root:" not in text


def test_no_suggestion_through_a_link_that_leaves_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"")
    folder = tmp_path / "c"
    folder.mkdir()
    try:
        (folder / "photos").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("no symbolic links here")
    with pytest.raises(BulletinError) as info:
        load_issue(issue(folder, "photos/secrets.png"))
    assert "did you mean" not in str(info.value)


def test_suggestions_still_come_from_the_contents_own_folders(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    PILImage.new("RGB", (8, 8)).save(tmp_path / "photos" / "station.png")
    (tmp_path / "photos" / "statio.txt").write_text("not a picture")
    with pytest.raises(BulletinError) as info:
        load_issue(issue(tmp_path, "photos/staton.png"))
    assert "did you mean 'station.png'?" in str(info.value)


@pytest.mark.parametrize("data", [
    b"root:x:0:0:root:/root:/bin/bash\nTOPSECRET\n",
    b"\xff\xd8\xff\xe0TOPSECRET-TOPSECRET",
    PNG + b"TOPSECRET-TOPSECRET-TOPSECRET",
], ids=["text", "jpeg-signature", "png-signature"])
def test_a_file_that_is_not_a_picture_is_not_quoted(tmp_path: Path, env, data: bytes) -> None:
    (tmp_path / "secret.jpg").write_bytes(data)
    text = refused(issue(tmp_path, "secret.jpg"), "image 'secret.jpg' is ")
    assert "TOPSECRET" not in text and "root:" not in text


# --------------------------------------------------------------------------- the contract


def test_the_content_format_states_where_pictures_may_come_from() -> None:
    doc = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    assert "bulletin serve" in doc and "absolute" in doc
    assert f"{MAX_PIXELS // 1_000_000} megapixels" in doc
