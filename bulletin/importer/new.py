"""``bulletin new DIR``: a folder to start an issue from, so nobody starts from a blank
file: every field shown once with a Chinese comment, and a sample that builds as is."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from bulletin.errors import BulletinError
from bulletin.i18n import t

CONTENT_NAME = "issue.yaml"
GUIDE_NAME = "使用说明.txt"
IMAGES = "images"
SAMPLE_PICTURE = "示例图片.png"  # the template's image: block names it


def new_issue(folder: Path) -> list[Path]:
    """Create ``folder`` with the commented content file, ``images/`` (with the sample's
    picture) and 使用说明.txt; return what was written. A folder that already holds
    anything is refused: nothing an author made is ever overwritten."""
    folder = Path(folder)
    if folder.exists():
        if not folder.is_dir():
            raise BulletinError(t("{path} exists and is not a folder", path=str(folder)),
                                t("choose another name, e.g. bulletin new 第2期"))
        if any(folder.iterdir()):
            raise BulletinError(t("the folder {folder} is not empty, so nothing in it is "
                                  "replaced", folder=str(folder)),
                                t("choose a new folder name, or empty it first"))
    here = files("bulletin.importer")
    try:
        (folder / IMAGES).mkdir(parents=True, exist_ok=True)
        content = folder / CONTENT_NAME
        content.write_text(here.joinpath("template.yaml").read_text(encoding="utf-8"),
                           encoding="utf-8")
        guide = folder / GUIDE_NAME
        guide.write_text(here.joinpath("guide.txt").read_text(encoding="utf-8"),
                         encoding="utf-8")
        picture = folder / IMAGES / SAMPLE_PICTURE
        _sample_picture(picture)
    except OSError as e:
        raise BulletinError(t("cannot write files in {folder} ({reason})", folder=str(folder),
                              reason=e.strerror),
                            t("choose a place you may write in")) from None
    return [content, folder / IMAGES, picture, guide]


def _sample_picture(path: Path) -> None:
    """A plain picture for the sample's image: block, so the sample builds before the
    author has any photo; 1200 px wide is sharp (over 150 ppi) at any column width."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (1200, 800), (214, 226, 236))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((80, 80, 1120, 720), outline=(120, 140, 160), width=12)
    draw.line((80, 720, 480, 320, 760, 600, 920, 440, 1120, 640), fill=(120, 140, 160),
              width=12)
    draw.ellipse((840, 160, 1000, 320), fill=(240, 200, 120))
    picture.save(path, "PNG")
