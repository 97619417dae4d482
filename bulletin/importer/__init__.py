"""Starting an issue without a blank page: ``bulletin new`` makes a folder from a
commented template, ``bulletin import`` makes a draft content file from the text the
author was sent (.txt, .md, .docx) and says what it guessed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bulletin.errors import BulletinError
from bulletin.export import write_atomic
from bulletin.i18n import Text, t
from bulletin.style.words import listing

from .blocks import Block, shape
from .draft import PLACEHOLDER_NAME, check_output, render, write_draft
from .new import new_issue
from .text import parse, read_text
from .word import Pictures, read_docx

__all__ = ["import_text", "new_issue"]

SUFFIXES = (".txt", ".md", ".markdown", ".docx")
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp")  # what loads
IMAGES = "images"


def import_text(source: Path, output: Path) -> list[Text]:
    """Write a draft content file for ``source`` at ``output`` (pictures into ``images/``
    next to it) and return what was guessed, one line each, for the author to check
    (messages: English in the code, told in Chinese from the catalogue as they were written).

    ``output`` is written whole or not at all, and only when it does not exist or is a
    draft this function wrote before."""
    source, output = Path(source), Path(output)
    suffix = source.suffix.lower()
    if suffix not in SUFFIXES:
        raise BulletinError(t("cannot import {path}: only .txt, .md and .docx files can be "
                              "imported", path=str(source)),
                            t("save a Word .doc as .docx first; copy a web page's text into a "
                              ".txt file"))
    if not source.is_file():
        raise BulletinError(t("no file {path}", path=str(source)),
                            t("check the file's name and its folder"))
    check_output(output)
    pictures: Pictures = {}
    try:
        if suffix == ".docx":
            blocks, notes, pictures = read_docx(source)
        else:
            blocks, notes = parse(read_text(source), markdown=suffix != ".txt")
            _markdown_pictures(blocks, source.parent, pictures, notes)
    except OSError as e:
        raise BulletinError(t("cannot read {path} ({reason})", path=str(source),
                              reason=e.strerror)) from None
    if not any(b.text.strip() or b.items for b in blocks):
        raise BulletinError(t("{path} has no text", path=str(source)),
                            t("check that it is the right file"))
    saved = _save_pictures(blocks, pictures, output)
    draft = shape(blocks, source.stem)
    write_draft(output, render(draft, source.name))
    paragraphs = sum(b.kind == "para" for b in draft.body)
    guesses = [*draft.guesses[:1], t("{count} paragraphs of body text", count=paragraphs),
               *draft.guesses[1:], *notes]
    if saved:
        guesses.append(t("{count} pictures, saved in {folder}: {names}", count=len(saved),
                         folder=str(output.parent / IMAGES),
                         names=listing([p.name for p in saved])))
    guesses.append(t("the newsletter's name is '{name}' for now: change the name under "
                     "bulletin: to yours", name=PLACEHOLDER_NAME))
    return guesses


def _markdown_pictures(blocks: list[Block], folder: Path, pictures: Pictures,
                       notes: list[Text]) -> None:
    """A Markdown ``![说明](照片.jpg)`` whose file is there is copied like a Word picture;
    one that is not stays in the text, so nothing typed is lost."""
    for b in blocks:
        if b.kind != "picture":
            continue
        path = folder / b.text
        if path.suffix.lower() in PICTURE_SUFFIXES and path.is_file():
            key = f"md{len(pictures) + 1}"
            pictures[key] = (path.read_bytes(), path.suffix.lower())
            b.text = key
        else:
            notes.append(t("picture {name} is missing or not a JPEG or PNG: it is left in the "
                           "text as written", name=b.text))
            b.kind, b.text = "para", f"![{b.caption or ''}]({b.text})"
            b.caption = None


def _save_pictures(blocks: list[Block], pictures: Pictures, output: Path) -> list[Path]:
    """Write the pictures into ``images/`` next to the draft and point the blocks at them
    (as ``image:`` blocks, relative to the draft). A file already there is never
    replaced: the same picture is reused, a different one gets another name."""
    folder = output.parent / IMAGES
    saved: list[Path] = []
    for b in blocks:
        if b.kind != "picture":
            continue
        data, suffix = pictures[b.text]
        n = len(saved) + 1
        candidates = [f"{output.stem}-{n}{suffix}",
                      f"{output.stem}-{n}-{hashlib.sha256(data).hexdigest()[:8]}{suffix}"]
        for name in candidates:
            path = folder / name
            if not path.exists():
                try:
                    folder.mkdir(exist_ok=True)
                except OSError as e:
                    raise BulletinError(t("cannot make the folder {images} ({reason})",
                                          images=str(folder), reason=e.strerror)) from None
                write_atomic(path, data, data[:8])
                break
            if path.is_file() and path.read_bytes() == data:
                break
        else:
            raise BulletinError(t("{folder} already holds a different picture named {name}",
                                  folder=str(folder), name=candidates[0]),
                                t("choose another name for the draft with -o"))
        saved.append(path)
        b.kind, b.text = "image", f"{IMAGES}/{path.name}"
    return saved
