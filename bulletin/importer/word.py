"""Reading a Word file (.docx) into blocks, with python-docx: Word says what is a
heading, a list or a picture, so less is guessed than from plain text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.errors import BulletinError
from bulletin.i18n import Text, t

from .blocks import Block, full_width, full_width_note, looks_like_heading, merge_lists, plain_text

if TYPE_CHECKING:  # python-docx is imported only when a Word file is read
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

# Pictures Word stores that the loader takes as they are, and those Pillow converts.
KEEP = {"image/png": ".png", "image/jpeg": ".jpg", "image/jpg": ".jpg", "image/webp": ".webp"}
CONVERT = ("image/gif", "image/bmp", "image/x-bmp", "image/tiff")

Pictures = dict[str, tuple[bytes, str]]  # key → (bytes, file suffix)


def read_docx(path: Path) -> tuple[list[Block], list[str], Pictures]:
    """Blocks in reading order, notes for the author, and the pictures the blocks name."""
    import docx  # python-docx, only when a Word file is imported
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise BulletinError(t("{path} is not a Word file (.docx) that can be read",
                              path=str(path)),
                            t("open it in Word or WPS, save it as .docx and import that; an "
                              "old .doc must be saved as .docx too")) from None
    reader = _Reader(document)
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            reader.table(item)
        else:
            reader.paragraph(item)
    reader.finish()
    return reader.blocks, reader.notes, reader.pictures


class _Reader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.blocks: list[Block] = []
        self.notes: list[Text] = []
        self.pictures: Pictures = {}
        self.styled_headings = False
        self.tables = 0
        self.fixed = 0

    def paragraph(self, p: Paragraph) -> None:
        style = (p.style.name if p.style is not None else "").lower()
        pieces = self.pieces(p)  # text and pictures, in order
        kind = _kind(style, p)
        for piece in pieces:
            if isinstance(piece, Block):
                self.blocks.append(piece)
                continue
            text, plain = piece
            if not plain.strip():
                continue
            if kind in ("title", "heading"):
                self.styled_headings = True
                self.blocks.append(Block(kind, plain_text(self.fix(plain.strip())), sure=True))
            elif kind == "caption" and self.blocks and self.blocks[-1].kind == "picture" \
                    and not self.blocks[-1].caption:
                self.blocks[-1].caption = plain_text(self.fix(plain.strip()))
            elif kind in ("bullet", "number"):
                self.blocks.append(Block("item", self.fix(text.strip()),
                                         numbered=kind == "number"))
            elif kind == "quote":
                self.blocks.append(Block("quote", self.fix(text.strip())))
            else:
                self.blocks.append(Block("para", self.fix(text.strip())))

    def fix(self, text: str) -> str:
        text, n = full_width(text.replace("\n", " ").replace("\t", " "))
        self.fixed += n
        return text

    def pieces(self, p: Paragraph) -> list[Block | tuple[str, str]]:
        """The paragraph's text with bold runs marked ``**…**`` (and its plain text), cut
        where a picture stands in it."""
        from docx.text.hyperlink import Hyperlink

        out: list[Block | tuple[str, str]] = []
        runs: list[tuple[str, bool]] = []

        def cut() -> None:
            if runs:
                out.append((_marked(runs), "".join(t for t, _ in runs)))
                runs.clear()

        for item in p.iter_inner_content():
            for run in item.runs if isinstance(item, Hyperlink) else [item]:
                if run.text:
                    runs.append((run.text, bool(run.bold)))
                for rid in run._r.xpath(".//a:blip/@r:embed"):
                    picture = self.picture(rid)
                    if picture is not None:
                        cut()
                        out.append(picture)
        cut()
        return out

    def picture(self, rid: str) -> Block | None:
        part = self.document.part.related_parts.get(rid)
        if part is None:
            return None
        key = f"{len(self.pictures) + 1}"
        kind = getattr(part, "content_type", "")
        blob = part.blob
        if kind in KEEP:
            self.pictures[key] = (blob, KEEP[kind])
        elif kind in CONVERT:
            from PIL import Image

            with Image.open(io.BytesIO(blob)) as picture:
                png = io.BytesIO()
                picture.save(png, "PNG")
            self.pictures[key] = (png.getvalue(), ".png")
        else:
            self.notes.append(t("a picture in {kind} (a Word drawing or vector picture) was "
                                "not imported: save it as a PNG picture in Word, then add it "
                                "with image:", kind=kind or t("an unknown format")))
            return None
        return Block("picture", key)

    def table(self, table: Table) -> None:
        """A table's rows as paragraphs: its text is kept; its layout is not."""
        self.tables += 1
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = cell.text.strip()
                if text and (not cells or cells[-1] != text):  # merged cells repeat
                    cells.append(text)
            if cells:
                self.blocks.append(Block("para", self.fix(" ".join(cells))))

    def finish(self) -> None:
        if not self.styled_headings:  # no heading styles: the short lines are headings
            for b in self.blocks:
                if b.kind == "para" and "**" not in b.text and looks_like_heading(b.text):
                    b.kind = "heading"
        merge_lists(self.blocks)
        if self.tables:
            self.notes.append(t("{count} tables became paragraphs, a row each: please check "
                                "them", count=self.tables))
        if self.fixed:
            self.notes.append(full_width_note(self.fixed))


def _kind(style: str, p: Paragraph) -> str:
    """What Word's paragraph style (or list numbering) says the paragraph is."""
    if style in ("title", "标题"):
        return "title"
    if style.startswith(("heading", "标题 ", "标题")):
        return "heading"
    if "caption" in style or "题注" in style:
        return "caption"
    if "quote" in style or "引用" in style:
        return "quote"
    p_pr = p._p.pPr
    if "list" in style or "列表" in style or (p_pr is not None and p_pr.numPr is not None):
        return "number" if "number" in style or "编号" in style else "bullet"
    return "para"


def _marked(runs: list[tuple[str, bool]]) -> str:
    """Runs as text with ``**…**`` around bold ones; a star typed in Word is escaped."""
    merged: list[tuple[str, bool]] = []
    for text, bold in runs:
        text = text.replace("*", "\\*")
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        else:
            merged.append((text, bold))
    out = []
    for text, bold in merged:
        core = text.strip()
        if bold and core:  # spaces stay outside the stars
            lead, tail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            out.append(f"{lead}**{core}**{tail}")
        else:
            out.append(text)
    return "".join(out)
