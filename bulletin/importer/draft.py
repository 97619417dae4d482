"""Writing a draft content file: every value quoted, so nothing an author pasted
(a ``联系人: 张丽华``, a leading ``*``, a ``#``) can change what YAML reads."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from bulletin.errors import BulletinError
from bulletin.export import write_atomic
from bulletin.i18n import t

from .blocks import Block, Draft

# The first bytes of every draft: only a file that starts so is ever replaced.
DRAFT_MAGIC = "# bulletin import 草稿".encode()
PLACEHOLDER_NAME = "社区报"


def check_output(path: Path) -> None:
    """Refuse an output that exists and is not a draft this command wrote: ``-o`` must
    never eat an issue someone edited by hand."""
    if path.is_dir():
        raise BulletinError(t("{path} is a folder", path=str(path)),
                            t("give -o a file name, e.g. -o issue.yaml"))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BulletinError(t("no folder {folder} to put the draft in", folder=str(folder)),
                            t("create it or choose another -o"))
    if not os.path.lexists(path):
        return
    try:
        with open(path, "rb") as f:
            head = f.read(len(DRAFT_MAGIC))
    except OSError as e:
        raise BulletinError(t("cannot read {path} ({reason}), so it is not replaced",
                              path=str(path), reason=e.strerror),
                            t("choose another name with -o")) from None
    if head != DRAFT_MAGIC:
        raise BulletinError(t("{path} exists and is not a draft made by import, so it is not "
                              "replaced", path=str(path)),
                            t("choose another name with -o, e.g. -o 草稿2.yaml"))


def quote(text: str) -> str:
    """A YAML single-quoted scalar: no escapes inside (``\\*`` stays as typed), a quote
    doubled. Line breaks never reach here: paragraphs are one line."""
    if "\n" in text or "\r" in text:
        raise ValueError("a draft value spans lines")
    return "'" + text.replace("'", "''") + "'"


def render(draft: Draft, source_name: str) -> str:
    """The draft's YAML text, with comments saying what to check."""
    out = [
        f"# bulletin import 草稿：由 {source_name} 导入。标题、小标题、署名、来源都是猜的，",
        "# 请逐项核对后再排版（bulletin build 本文件）。",
        "bulletin:",
        f"  name: {quote(PLACEHOLDER_NAME)}  # 请改成你们的报名",
        "articles:",
        f"  - title: {quote(draft.title or source_name)}",
    ]
    if draft.byline:
        out.append(f"    byline: {quote(draft.byline)}")
    out.append("    body:")
    for b in draft.body:
        out.extend(_block(b))
    if draft.source:
        out.append(f"    source: {quote(draft.source)}")
    text = "\n".join(out) + "\n"
    _check_round_trip(text, draft)
    return text


def _block(b: Block) -> list[str]:
    if b.kind == "heading":
        return [f"      - heading: {quote(b.text)}"]
    if b.kind == "quote":
        return [f"      - quote: {quote(b.text)}"]
    if b.kind == "image":
        lines = [f"      - image: {quote(b.text)}"]
        if b.caption:
            lines.append(f"        caption: {quote(b.caption)}")
        return lines
    if b.kind == "list":
        lines = ["      - list:"] + [f"          - {quote(item)}" for item in b.items]
        if b.numbered:
            lines.append("        numbered: yes")
        return lines
    return [f"      - {quote(b.text)}"]


def _check_round_trip(text: str, draft: Draft) -> None:
    """Read the YAML back: every paragraph must come back exactly as it was meant."""
    body = yaml.safe_load(text)["articles"][0]["body"]
    for b, value in zip(draft.body, body, strict=True):
        expected = {"para": b.text, "heading": {"heading": b.text},
                    "quote": {"quote": b.text}}.get(b.kind)
        if expected is not None and value != expected:
            raise BulletinError(t("the draft read back is not what was written (a bug)"),
                                t("please send the file you imported to the maintainers"))


def write_draft(path: Path, text: str) -> None:
    """Whole or not at all, and only over a draft of ours."""
    check_output(path)
    write_atomic(path, text.encode("utf-8"), DRAFT_MAGIC)
