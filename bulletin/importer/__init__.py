"""Starting an issue without a blank page: ``bulletin new`` makes a folder from a
commented template, ``bulletin import`` makes a draft content file from the text the
author was sent (.txt, .md, .docx) and says what it guessed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bulletin.errors import BulletinError
from bulletin.export import write_atomic

from .blocks import Block, shape
from .draft import PLACEHOLDER_NAME, check_output, render, write_draft
from .new import new_issue
from .text import parse, read_text
from .word import Pictures, read_docx

__all__ = ["import_text", "new_issue"]

SUFFIXES = (".txt", ".md", ".markdown", ".docx")
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp")  # what loads
IMAGES = "images"


def import_text(source: Path, output: Path) -> list[str]:
    """Write a draft content file for ``source`` at ``output`` (pictures into ``images/``
    next to it) and return what was guessed, one line each, for the author to check.

    ``output`` is written whole or not at all, and only when it does not exist or is a
    draft this function wrote before."""
    source, output = Path(source), Path(output)
    suffix = source.suffix.lower()
    if suffix not in SUFFIXES:
        raise BulletinError(f"不能导入 {source}：只认 .txt、.md 和 .docx 文件",
                            "Word 的 .doc 请先另存为 .docx；网页请把文字复制到 .txt 里")
    if not source.is_file():
        raise BulletinError(f"找不到文件 {source}", "检查文件名和所在的文件夹")
    check_output(output)
    pictures: Pictures = {}
    try:
        if suffix == ".docx":
            blocks, notes, pictures = read_docx(source)
        else:
            blocks, notes = parse(read_text(source), markdown=suffix != ".txt")
            _markdown_pictures(blocks, source.parent, pictures, notes)
    except OSError as e:
        raise BulletinError(f"无法读取 {source}（{e.strerror}）") from None
    if not any(b.text.strip() or b.items for b in blocks):
        raise BulletinError(f"{source} 里没有文字", "确认选对了文件")
    saved = _save_pictures(blocks, pictures, output)
    draft = shape(blocks, source.stem)
    write_draft(output, render(draft, source.name))
    paragraphs = sum(b.kind == "para" for b in draft.body)
    guesses = [*draft.guesses[:1], f"正文 {paragraphs} 段", *draft.guesses[1:], *notes]
    if saved:
        guesses.append(f"图片 {len(saved)} 张，存在 {output.parent / IMAGES} 里："
                       + "、".join(p.name for p in saved))
    guesses.append(f"报名暂写“{PLACEHOLDER_NAME}”，请在 bulletin: 下的 name 改成你们的报名")
    return guesses


def _markdown_pictures(blocks: list[Block], folder: Path, pictures: Pictures,
                       notes: list[str]) -> None:
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
            notes.append(f"图片 {b.text} 找不到或不是 JPEG/PNG，原样留在正文里")
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
                    raise BulletinError(f"无法建立文件夹 {folder}（{e.strerror}）") from None
                write_atomic(path, data, data[:8])
                break
            if path.is_file() and path.read_bytes() == data:
                break
        else:
            raise BulletinError(f"{folder} 里已经有同名的不同图片 {candidates[0]}",
                                "用 -o 换一个草稿文件名")
        saved.append(path)
        b.kind, b.text = "image", f"{IMAGES}/{path.name}"
    return saved
