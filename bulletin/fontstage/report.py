"""``bulletin fonts``: what each role of a layout is set in, how much of the 通用规范汉字表
its fonts cover, and which characters of a content file no font has.

This is the place to look before a build fails on a rare character or a font that is
not installed: it resolves fonts exactly as a build does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..content.model import BulletList, Heading, Image, Issue, Paragraph, Quote, Text
from ..errors import BulletinError
from ..resources import data_dir
from ..style.layout import ROLES, Layout
from .faces import EmboldenedFace
from .session import FontSession


@cache
def tgh_chars() -> frozenset[int]:
    """The 8,105 characters of 通用规范汉字表 (written by scripts/build_fonts.py)."""
    text = (data_dir("fonts") / "charset-tgh.txt").read_text(encoding="utf-8").strip()
    return frozenset(ord(c) for c in text)


def coverage(faces: tuple) -> int:
    """How many 通用规范汉字 at least one of ``faces`` has."""
    have: set[int] = set()
    for face in faces:
        base = face.base if isinstance(face, EmboldenedFace) else face
        have |= tgh_chars() & base.codepoints
    return len(have)


@dataclass(frozen=True)
class Uncovered:
    char: str
    role: str
    text: Text
    count: int


def content_texts(issue: Issue) -> Iterator[tuple[str, Text]]:
    """(role, text) for every text of an issue, with the role a newsletter sets it in."""
    m = issue.masthead
    for role, value in (("masthead", m.name), ("tagline", m.tagline), ("folio", m.publisher),
                        ("folio", m.contact)):
        if isinstance(value, str) and value:
            yield role, Text.of(value)
    for article in issue.articles:
        for role, attr in (("banner", "column"), ("kicker", "kicker"), ("title", "title"),
                           ("subtitle", "subtitle"), ("byline", "byline"), ("lead", "lead")):
            t = getattr(article, attr, None)
            if t is not None:
                yield role, t
        for block in article.body:
            if isinstance(block, Paragraph):
                yield "body", block.text
            elif isinstance(block, Heading):
                yield "heading", block.text
            elif isinstance(block, Quote):
                yield "quote", block.text
                if block.by is not None:
                    yield "quote_by", block.by
            elif isinstance(block, BulletList):
                for item in block.items:
                    yield "list", item
            elif isinstance(block, Image) and block.caption is not None:
                yield "caption", block.caption
        for role, attr in (("source", "source"), ("signed", "signed")):
            t = getattr(article, attr, None)
            if t is not None:
                yield role, t


def uncovered(session: FontSession, issue: Issue) -> list[Uncovered]:
    """Characters of ``issue`` that no font of their role's chain has, first place first."""
    assert session.layout is not None
    styles = session.layout.styles
    found: dict[str, Uncovered] = {}
    for role, text in content_texts(issue):
        style = styles[role]
        for span in text.spans:
            faces = session.faces_for(style.bold_faces if span.bold else style.faces)
            for ch in span.text:
                if ch.isspace() or any(f.has(ch) for f in faces):
                    continue
                hit = found.get(ch)
                found[ch] = Uncovered(ch, role, text, 1) if hit is None else Uncovered(
                    ch, hit.role, hit.text, hit.count + 1)
    return list(found.values())


def all_missing(session: FontSession, issue: Issue) -> BulletinError | None:
    """One error naming every character no font has (each with its code point and
    place), so the author fixes them all in one go, not one per build; None if none."""
    missing = uncovered(session, issue)
    if not missing:
        return None
    first = session.missing_glyph(missing[0].char, missing[0].text,
                                  session.layout.styles[missing[0].role])
    if len(missing) == 1:
        return first
    places = []
    for u in missing:
        where = f" at {u.text.where}" if u.text.where else ""
        places.append(f"'{u.char}' (U+{ord(u.char):04X}){where}{session.locate(u.text, u.char)}")
    return BulletinError(f"no font has these {len(missing)} characters: " + "; ".join(places),
                         first.hint, first.file, first.line, first.col)


def _file(face) -> str:
    base = face.base if isinstance(face, EmboldenedFace) else face
    member = f"#{base.index}" if base.index else ""
    return f"{base.path.name}{member}" + (" (synthetic bold)" if face is not base else "")


def report(session: FontSession, issue: Issue | None = None,
           content: Path | None = None) -> list[str]:
    """The lines ``bulletin fonts`` prints."""
    layout: Layout | None = session.layout
    assert layout is not None
    total = len(tgh_chars())
    lines = [f"layout {layout.name} ({layout.source})", "",
             f"{'role':<14}{'通用规范汉字':<10}{'fonts, tried in order for each character'}"]
    faces_seen: dict[str, object] = {}
    for role in ROLES:
        style = layout.styles.get(role)
        if style is None:
            continue
        for cut, keys in (("regular", style.faces), ("bold", style.bold_faces)):
            faces = session.faces_for(keys)
            for f in faces:
                faces_seen.setdefault(f.name, f)
            n = coverage(faces)
            label = role if cut == "regular" else "  bold"
            names = " → ".join(_file(f) for f in faces)
            lines.append(f"{label:<14}{n:>5} {100 * n / total:5.1f}%  {names}")
    lines += ["", "font files"]
    for face in faces_seen.values():
        base = face.base if isinstance(face, EmboldenedFace) else face
        outlines = "CFF" if base.is_cff else "TrueType"
        n = coverage((face,))
        extra = f", synthetic bold of {base.full_name}" if face is not base else ""
        lines.append(f"  {face.name:<22}{base.full_name} ({outlines}{extra}), "
                     f"通用规范汉字 {n}/{total}")
        lines.append(f"  {'':<22}{base.path}" + (f" #{base.index}" if base.index else ""))
    if issue is not None:
        missing = uncovered(session, issue)
        lines += ["", f"characters no font covers in {content}: {len(missing) or 'none'}"]
        for u in missing:
            where = f"{u.text.where}" if u.text.where else "(generated)"
            place = session.locate(u.text, u.char)
            times = f", {u.count} times" if u.count > 1 else ""
            fallback = session.fallback_face(u.char)
            has = (f"installed: {fallback.label} (build with --allow-fallback to use it)"
                   if fallback else "no installed font has it")
            lines.append(f"  {u.char} U+{ord(u.char):04X}  {where}{place} [{u.role}]{times}; "
                         f"{has}")
    session.note_cache_damage()
    return lines
