"""Photos (issues 10 and 12): placed upright, every kind a phone or chat app saves,
embedded at no more pixels than the placed size needs (300 ppi print, 150 ppi e-mail),
small ones byte for byte, resampling cached; sizes of whole issues.

Every picture is made here with Pillow (and pillow-heif for HEIC) in a temporary folder.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import pdfplumber
import pillow_heif
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from pypdf import PdfReader

from bulletin.build import build
from bulletin.cli import main
from bulletin.content import load_issue, pictures
from bulletin.content.model import Image
from bulletin.content.pictures import EMAIL, PRINT, for_drawing
from bulletin.errors import BulletinError
from bulletin.style.units import MM

pillow_heif.register_heif_opener()  # so Pillow can write the HEIC test pictures

ROOT = Path(__file__).resolve().parent.parent
LINE, COL = 6, 16  # where the first picture's name is written in ``issue()``
RED, BLUE = (230, 20, 20), (20, 40, 200)
SENTENCE = ("社区居委会组织志愿者走访辖区老人，了解他们在生活中遇到的困难，"
            "并把居民提出的意见整理成册，逐条落实到具体的责任人。")


# --------------------------------------------------------------------------- helpers


def issue(folder: Path, *names: str, paragraphs: int = 1) -> Path:
    """An issue with one article showing ``names`` (the first at line 6, column 16),
    each after ``paragraphs`` paragraphs of text."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["bulletin: {name: 测试报}", "articles:", "  - title: 标题", "    body:",
             "      - 正文。"]
    for name in names:
        lines.append(f"      - image: {name}")
        lines += [f"      - {SENTENCE * 3}"] * paragraphs
    path = folder / "issue.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def env(monkeypatch, tmp_path: Path) -> Path:
    """A fresh cache for the test (the photo cache is part of what is tested)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(cache))
    return cache


def photo(size: tuple[int, int], seed: int = 0) -> PILImage.Image:
    """Something with a photo's statistics: smooth colour fields, soft texture, hard
    edges, fine lines and sensor noise (a flat colour would compress to nothing)."""
    w, h = size
    red = PILImage.linear_gradient("L").rotate(seed * 40).resize(size)
    green = PILImage.effect_mandelbrot(size, (-2.1 + seed * 0.05, -1.2, 0.9, 1.2), 40)
    clouds = PILImage.effect_noise((max(1, w // 40), max(1, h // 40)), 60).resize(size)
    picture = PILImage.merge("RGB", (red, green, clouds.filter(ImageFilter.GaussianBlur(8))))
    draw = ImageDraw.Draw(picture)
    for k in range(1, 24):
        r = k * min(w, h) / 50
        draw.ellipse([w / 2 - r, h / 2 - r, w / 2 + r, h / 2 + r], outline=(250, 245, 230),
                     width=max(1, w // 1500))
    grain = PILImage.effect_noise(size, 50).convert("RGB")
    return PILImage.blend(picture, grain, 0.1)


def marked(size: tuple[int, int]) -> PILImage.Image:
    """Blue with a red square in the stored top-left corner: where it lands shows how the
    picture was turned."""
    picture = PILImage.new("RGB", size, BLUE)
    side = min(size) // 3
    picture.paste(RED, (0, 0, side, side))
    return picture


def exif(orientation: int) -> bytes:
    data = PILImage.Exif()
    data[0x0112] = orientation
    return data.tobytes()


def png16_rgb(path: Path, size: tuple[int, int], rgb16: tuple[int, int, int]) -> None:
    """A 16-bit RGB PNG, written by hand (Pillow writes none)."""
    w, h = size
    row = b"\x00" + struct.pack(">HHH", *rgb16) * w
    header = struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(row * h)) + chunk(b"IEND", b""))


def placed(pdf: Path) -> list[dict]:
    """Every picture drawn: pdfplumber's box (points, top-down) with the pixel size and
    bytes of its image XObject, read with pypdf."""
    reader = PdfReader(pdf)
    out = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages):
            objects = reader.pages[number]["/Resources"]["/XObject"]
            for box in page.images:
                xobject = objects["/" + box["name"]].get_object()
                out.append({**box, "page": number, "px": int(xobject["/Width"]),
                            "filter": xobject.get("/Filter"), "data": xobject._data})
    return out


def render(pdf: Path, number: int = 0, scale: float = 2.0) -> PILImage.Image:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return document[number].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()


def colour_at(page: PILImage.Image, box: dict, fx: float, fy: float,
              scale: float = 2.0) -> tuple[int, ...]:
    """The rendered colour at fraction (``fx``, ``fy``) of a picture's box, from its
    top-left."""
    x = (box["x0"] + box["width"] * fx) * scale
    y = (box["top"] + box["height"] * fy) * scale
    return page.getpixel((int(x), int(y)))


def near(colour: tuple[int, ...], want: tuple[int, ...], tolerance: int = 30) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, want, strict=True))


def refused(src: Path, *parts: str, line: int = LINE) -> str:
    """The CLI's one message: exit 2, FILE:LINE:COL and every part, no PDF written."""
    out = src.parent / "out.pdf"
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(out)])
    text = result.output
    assert result.exit_code == 2, text
    assert f"{src}:{line}:{COL}: " in text, text
    for part in parts:
        assert part in text, f"{part!r} not in {text!r}"
    assert text.startswith("error: ") and len(text.strip().splitlines()) == 1, text
    assert not out.exists()
    return text


# --------------------------------------------------------------------------- upright


def save_oriented(folder: Path, kind: str, size: tuple[int, int]) -> str:
    """``marked(size)`` stored lying on its side, with orientation 6 ("turn a quarter
    clockwise to show"), as a phone stores a portrait."""
    picture = marked(size)
    name = {"jpeg": "portrait.jpg", "big-jpeg": "portrait.jpg", "heic": "portrait.heic",
            "webp": "portrait.webp", "png": "portrait.png"}[kind]
    options = {"exif": exif(6)}
    if kind == "heic":
        options["quality"] = 90
    picture.save(folder / name, **options)
    return name


@pytest.mark.parametrize("kind", ["jpeg", "big-jpeg", "heic", "webp", "png"])
def test_a_portrait_with_orientation_6_is_placed_upright(
    tmp_path: Path, env, kind: str,
) -> None:
    """Stored 4:3 landscape with the red corner top-left; shown as the phone shows it:
    3:4 portrait, red corner top-right. (The big one is also resampled while turned.)"""
    size = (4000, 3000) if kind == "big-jpeg" else (400, 300)
    name = save_oriented(tmp_path, kind, size)
    src = issue(tmp_path, name)
    (image,) = [b for b in load_issue(src).articles[0].body if isinstance(b, Image)]
    assert image.pixels == (size[1], size[0])  # make-up gets the upright proportions
    out = tmp_path / "out.pdf"
    build(src, out)
    (box,) = placed(out)
    assert box["height"] / box["width"] == pytest.approx(4 / 3, rel=0.01)
    page = render(out)
    assert near(colour_at(page, box, 0.9, 0.1), RED), "the red corner is not top-right"
    for fx, fy in ((0.1, 0.1), (0.1, 0.9), (0.9, 0.9)):
        assert near(colour_at(page, box, fx, fy), BLUE), (fx, fy)


# --------------------------------------------------------------------------- kinds


KINDS = {
    # name: (how to save it, the colour the page must show at its centre). 600 pixels
    # across: as they are in print (where ReportLab takes them so), resampled for e-mail.
    "rgb.jpg": (lambda p: PILImage.new("RGB", (600, 450), (200, 120, 40)).save(p, quality=90),
                (200, 120, 40)),
    "grey.jpeg": (lambda p: PILImage.new("L", (600, 450), 90).save(p), (90, 90, 90)),
    "photo.png": (lambda p: PILImage.new("RGB", (600, 450), (40, 160, 90)).save(p),
                  (40, 160, 90)),
    "alpha.png": (lambda p: PILImage.new("RGBA", (600, 450), (150, 0, 0, 255)).save(p),
                  (150, 0, 0)),
    "iphone.heic": (lambda p: PILImage.new("RGB", (600, 450), (30, 90, 170)).save(
        p, quality=90), (30, 90, 170)),
    "camera.heif": (lambda p: PILImage.new("RGB", (600, 450), (170, 90, 30)).save(
        p, quality=90), (170, 90, 30)),
    "chat.webp": (lambda p: PILImage.new("RGB", (600, 450), (120, 40, 160)).save(
        p, quality=85), (120, 40, 160)),
    "sticker.webp": (lambda p: PILImage.new("RGBA", (600, 450), (0, 120, 60, 255)).save(
        p, lossless=True), (0, 120, 60)),
    # CMYK (0, 60, 100, 10), an orange, as PDFium shows it (inverted, it would be blue)
    "cmyk.jpg": (lambda p: PILImage.new("CMYK", (600, 450), (0, 153, 255, 25)).save(
        p, quality=90), (223, 119, 27)),
    "grey16.png": (lambda p: PILImage.new("I;16", (600, 450), 40000).save(p),
                   (156, 156, 156)),
    "rgb16.png": (lambda p: png16_rgb(p, (600, 450), (60000, 30000, 10000)),
                  (233, 117, 39)),
}


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kind_a_phone_or_chat_app_saves_builds_and_shows_its_colour(
    tmp_path: Path, env, name: str,
) -> None:
    save, colour = KINDS[name]
    save(tmp_path / name)
    before = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
    out = tmp_path / "out.pdf"
    for email in (False, True):
        build(issue(tmp_path, name), out, email=email)
        (box,) = placed(out)
        shown = colour_at(render(out), box, 0.5, 0.5)
        assert near(shown, colour, 12), f"{name}: {shown}, not {colour}"
    assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == before


def test_a_heic_saved_under_jpg_is_read_for_what_it_is(tmp_path: Path, env) -> None:
    """Phones and chat apps often keep the .jpg name on a HEIC: the bytes decide."""
    PILImage.new("RGB", (64, 48), (30, 90, 170)).save(tmp_path / "photo.jpg", "HEIF")
    build(issue(tmp_path, "photo.jpg"), tmp_path / "out.pdf")


def display_p3() -> bytes:
    """A minimal ICC v2 RGB profile with Display P3's primaries (D50-adapted, as in Apple's
    profile) and a 2.2 gamma: what an iPhone photo carries, written by hand."""

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + struct.pack(">3i", *(round(v * 65536) for v in (x, y, z)))

    text = b"Display P3 (test)\0"
    tags = {
        b"desc": b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 3 + 67),
        b"wtpt": xyz(0.9642, 1.0, 0.8249),
        b"rXYZ": xyz(0.5151, 0.2412, -0.0011),
        b"gXYZ": xyz(0.2920, 0.6922, 0.0419),
        b"bXYZ": xyz(0.1571, 0.0666, 0.7841),
        **{k: b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"
           for k in (b"rTRC", b"gTRC", b"bTRC")},
    }
    offset = 128 + 4 + 12 * len(tags)
    table, body = struct.pack(">I", len(tags)), b""
    for sig, data in tags.items():
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data + bytes(-len(data) % 4)
    size = offset + len(body)
    header = (struct.pack(">I", size) + bytes(4) + struct.pack(">I", 0x02100000) + b"mntr"
              + b"RGB XYZ " + bytes(12) + b"acsp" + bytes(28)
              + struct.pack(">3i", *(round(v * 65536) for v in (0.9642, 1.0, 0.8249))))
    return header + bytes(128 - len(header)) + table + body


def test_a_display_p3_photo_is_converted_to_srgb(tmp_path: Path, env) -> None:
    """Read as sRGB, an iPhone's Display P3 green looks dull: it is converted."""
    from PIL import ImageCms

    icc = display_p3()
    p3 = PILImage.new("RGB", (64, 48), (40, 200, 60))
    want = ImageCms.profileToProfile(p3, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                     ImageCms.createProfile("sRGB")).getpixel((0, 0))
    assert not near(want, (40, 200, 60), 20)  # the test means something
    for name, fmt in (("p3.jpg", "JPEG"), ("p3.png", "PNG")):
        p3.save(tmp_path / name, fmt, icc_profile=icc)
        out = tmp_path / f"{name}.pdf"
        build(issue(tmp_path, name), out)
        (box,) = placed(out)
        assert near(colour_at(render(out), box, 0.5, 0.5), want, 8), name


# --------------------------------------------------------------------------- bad kinds


def _cut(data: bytes) -> bytes:
    return data[:len(data) // 2]


def _encoded(fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    photo((320, 240)).save(buf, fmt, **options)
    return buf.getvalue()


def _huge_webp() -> bytes:
    """A small lossless WebP whose extended header declares a 20000×20000 canvas."""
    buf = io.BytesIO()
    PILImage.new("RGBA", (16, 16), (1, 2, 3, 100)).save(buf, "WEBP", lossless=True,
                                                         exif=exif(1))
    data = bytearray(buf.getvalue())
    assert data[12:16] == b"VP8X"
    data[24:30] = (19999).to_bytes(3, "little") * 2
    return bytes(data)


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10"/>\n'
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
BAD = {
    "drawing.svg": (SVG, "is not a JPEG or PNG file (nor a HEIC or WebP photo)"),
    "page.pdf": (PDF, "is not a JPEG or PNG file (nor a HEIC or WebP photo)"),
    "drawing.png": (SVG, "it is a drawing (SVG)"),
    "page.jpg": (PDF, "it is a PDF document"),
    "notes.jpg": ("这不是照片。\n".encode(), "is not really a JPEG or PNG file"),
    "anim.webp": (b"GIF89a\x01\x00\x01\x00", "it is a GIF picture"),
    "cut.jpg": (_cut(_encoded("JPEG", quality=90)), "is cut short"),
    "cut.heic": (_cut(_encoded("HEIF", quality=80)), "is cut short"),
    "cut.webp": (_cut(_encoded("WEBP", quality=80)), "is cut short"),
    "huge.webp": (_huge_webp(), "is 20000×20000 pixels (400 megapixels), more than the 50"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_each_bad_kind_is_one_clear_message(tmp_path: Path, env, name: str) -> None:
    data, part = BAD[name]
    (tmp_path / name).write_bytes(data)
    text = refused(issue(tmp_path, name), f"image '{name}'", part)
    assert "xmlns" not in text and "obj" not in text  # nothing of the file is quoted


def test_a_mangled_heic_or_webp_is_one_message_never_a_crash(tmp_path: Path) -> None:
    for fmt, suffix in (("HEIF", "heic"), ("WEBP", "webp")):
        good = _encoded(fmt, quality=80)
        for seed in range(12):
            data = bytearray(good)
            for k in range(1 + seed % 4):
                data[(seed * 7919 + k * 104729) % len(data)] ^= 0x5A
            path = tmp_path / f"m{seed}.{suffix}"
            path.write_bytes(bytes(data))
            try:
                info = pictures.check_picture(path, path.name)
            except pictures.PictureError as e:
                assert str(e.message).startswith(f"image 'm{seed}.") and e.hint
            else:
                assert info.pixels == (320, 240)


# --------------------------------------------------------------------------- resolution


def test_a_12_megapixel_photo_placed_60mm_wide_is_made_709_pixels_wide(
    tmp_path: Path, env,
) -> None:
    """60 mm at 300 ppi is 708.7 pixels; at 150 ppi 354.3. The original is untouched."""
    photo((4000, 3000)).save(tmp_path / "big.jpg", quality=92)
    before = (tmp_path / "big.jpg").read_bytes()
    for target, want in ((PRINT, (709, 532)), (EMAIL, (354, 266))):
        made = for_drawing(tmp_path / "big.jpg", 60 * MM, target)
        assert isinstance(made, Path) and made.is_relative_to(env)
        with PILImage.open(made) as picture:
            assert (picture.format, picture.size) == ("JPEG", want)
    assert (tmp_path / "big.jpg").read_bytes() == before


@pytest.fixture(scope="module")
def large_photos(tmp_path_factory) -> Path:
    """An issue with a landscape and a portrait phone JPEG, a HEIC (small: encoding HEVC
    is slow) and a PNG, each larger than a column needs at 300 ppi."""
    folder = tmp_path_factory.mktemp("large")
    names = []
    for n, (size, fmt) in enumerate([((4000, 3000), "JPEG"), ((3000, 4000), "JPEG"),
                                     ((1200, 900), "HEIF"), ((2400, 1800), "PNG")]):
        names.append(f"p{n}.{fmt.lower()}")
        photo(size, n).save(folder / names[-1], fmt, quality=50 if fmt == "HEIF" else 90)
    return issue(folder, *names)


@pytest.mark.parametrize("email, asked, ppi", [(False, None, 300), (True, None, 150),
                                               (False, 200, 200), (True, 200, 150)],
                         ids=["print", "email", "print-200ppi", "email-never-above-150"])
def test_no_photo_is_embedded_finer_than_the_edition_needs(
    large_photos: Path, tmp_path: Path, env, email: bool, asked: int | None, ppi: int,
) -> None:
    out = tmp_path / "out.pdf"
    build(large_photos, out, email=email, photo_ppi=asked)
    boxes = placed(out)
    assert len(boxes) == 4
    for box in boxes:
        assert box["px"] <= box["width"] / 72 * ppi + 1, box["px"]
        assert box["px"] >= box["width"] / 72 * ppi - 1  # and not coarser: none was small


def test_a_small_jpeg_goes_in_byte_for_byte(tmp_path: Path, env) -> None:
    """300×200 placed about 54 mm wide is 140 ppi: nothing to gain, nothing is changed."""
    buf = io.BytesIO()
    photo((300, 200)).save(buf, "JPEG", quality=95)
    (tmp_path / "small.jpg").write_bytes(buf.getvalue())
    out = tmp_path / "out.pdf"
    for email in (False, True):
        build(issue(tmp_path, "small.jpg"), out, email=email)
        (box,) = placed(out)
        assert box["data"] == buf.getvalue()
    assert not (env / "photos").exists()  # no work, nothing cached


def test_a_rebuild_takes_the_photos_from_the_cache(tmp_path: Path, env, monkeypatch) -> None:
    photo((4000, 3000)).save(tmp_path / "big.jpg", quality=92)
    photo((1200, 900), 1).save(tmp_path / "big.heic", quality=50)
    src = issue(tmp_path, "big.jpg", "big.heic")
    first, second, healed = (tmp_path / f"{n}.pdf" for n in ("first", "second", "healed"))
    build(src, first)

    def fail(*_args, **_kw):
        raise AssertionError("resampled again")

    real = pictures._resample
    monkeypatch.setattr(pictures, "_resample", fail)
    assert build(src, second) == []
    assert [b["data"] for b in placed(second)] == [b["data"] for b in placed(first)]

    # A damaged entry is not trusted: it is made again, and the build says so once.
    entry = sorted((env / "photos").glob("*.jpg"))[0]
    entry.write_bytes(entry.read_bytes()[:-100] + bytes(100))
    monkeypatch.setattr(pictures, "_resample", real)
    warnings = build(src, healed)
    assert [w for w in warnings if "damaged" in w] == [w for w in warnings if "cache" in w]
    assert len(warnings) == 1
    assert [b["data"] for b in placed(healed)] == [b["data"] for b in placed(first)]


def test_print_and_email_together_is_one_message(tmp_path: Path, env) -> None:
    photo((64, 48)).save(tmp_path / "a.jpg")
    with pytest.raises(BulletinError, match="different files"):
        build(issue(tmp_path, "a.jpg"), tmp_path / "out.pdf", email=True, for_print=True)
    assert not (tmp_path / "out.pdf").exists()


# --------------------------------------------------------------------------- sizes


@pytest.fixture(scope="module")
def three_photos(tmp_path_factory) -> Path:
    """A 2-page issue with three 12-megapixel phone photos (about 4 MB each)."""
    folder = tmp_path_factory.mktemp("three")
    names = []
    for n in range(3):
        names.append(f"photo{n}.jpg")
        photo((4000, 3000), n).save(folder / names[-1], quality=92)
    return issue(folder, *names, paragraphs=5)


@pytest.mark.parametrize("email, limit", [(False, 2_000_000), (True, 1_000_000)],
                         ids=["print", "email"])
def test_an_issue_with_three_phone_photos_is_small_enough(
    three_photos: Path, tmp_path: Path, env, email: bool, limit: int,
) -> None:
    assert all(p.stat().st_size > 3_000_000 for p in three_photos.parent.glob("*.jpg"))
    out = tmp_path / "out.pdf"
    build(three_photos, out, email=email)
    assert len(PdfReader(out).pages) == 2
    assert len(placed(out)) == 3
    assert out.stat().st_size < limit, out.stat().st_size


def test_the_examples_email_edition_is_under_400_kb(tmp_path: Path, env) -> None:
    out = tmp_path / "out.pdf"
    build(ROOT / "content" / "changyang.yaml", out, email=True)
    assert out.stat().st_size < 400_000
    info = PdfReader(out).metadata
    assert info.title and info.author  # the document's metadata is kept


# --------------------------------------------------------------------------- the contract


def test_readme_and_content_format_say_what_photos_become() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    doc = " ".join((ROOT / "docs" / "content-format.md").read_text(encoding="utf-8").split())
    assert "photos stay RGB" in readme and "--email" in readme
    for part in ("HEIC", "WebP", "orientation", "300 pixels per inch", "150"):
        assert part in doc, part


def test_a_layout_sets_the_print_resolution_of_its_photos(env: Path, tmp_path: Path) -> None:
    """``photos: {ppi: 150}`` in a layout: photos at most 150 ppi of their printed size;
    a ppi the layout cannot mean is an error at its line."""
    from bulletin.errors import BulletinError
    from bulletin.style.layout import find_layout, load_layout

    photo((4000, 3000)).save(tmp_path / "big.jpg", quality=90)
    content = issue(tmp_path, "big.jpg")
    text = find_layout("newsletter-a4").read_text(encoding="utf-8")
    layout = tmp_path / "mine.yaml"
    layout.write_text(text + "\nphotos: {ppi: 150}\n", encoding="utf-8")
    out = tmp_path / "out.pdf"
    build(content, out, str(layout))
    (image,) = placed(out)
    assert image["px"] <= image["width"] / 72 * 150 + 1
    assert image["px"] >= image["width"] / 72 * 150 - 2
    layout.write_text(text + "\nphotos: {ppi: 20000}\n", encoding="utf-8")
    with pytest.raises(BulletinError, match=r"mine.yaml:\d+:\d+: photos ppi must be"):
        load_layout(layout)
