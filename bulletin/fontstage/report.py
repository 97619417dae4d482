"""``bulletin fonts``: what each role of a layout is set in, how much of the 通用规范汉字表
its fonts cover, and which characters of a content file no font has.

This is the place to look before a build fails on a rare character or a font that is
not installed: it resolves fonts exactly as a build does. The build asks it too
(``all_missing``), to name every such character in one error before typesetting.
The lines are messages, told by the CLI in its reader's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..content.model import Issue, Text
from ..errors import BulletinError
from ..i18n import Text as Said  # a message: str or Msg ("Text" is the content's text)
from ..i18n import t
from ..resources import data_dir
from ..style.layout import ROLES, Layout
from .discovery.session import FontSession
from .messages import SEMICOLON, code_point, joined
from .metrics.faces import EmboldenedFace


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
        yield from article.texts()


def uncovered(session: FontSession, issue: Issue) -> list[Uncovered]:
    """Characters of ``issue`` that no font of their role's chain has, first place first."""
    assert session.layout is not None
    styles = session.layout.styles
    found: dict[str, Uncovered] = {}
    # Whether a chain has a character, asked once per chain and character: an issue is
    # mostly the same few hundred characters again.
    covered: dict[tuple, dict[str, bool]] = {}
    for role, text in content_texts(issue):
        style = styles[role]
        for span in text.spans:
            faces = session.faces_for(style.bold_faces if span.bold else style.faces)
            known = covered.setdefault(faces, {})
            for ch in span.text:
                has = known.get(ch)
                if has is None:
                    has = known[ch] = ch.isspace() or any(f.has(ch) for f in faces)
                if has:
                    continue
                hit = found.get(ch)
                found[ch] = Uncovered(ch, role, text, 1) if hit is None else Uncovered(
                    ch, hit.role, hit.text, hit.count + 1)
    return list(found.values())


def all_missing(session: FontSession, issue: Issue) -> BulletinError | None:
    """One error naming every character no font has (each with its code point and
    place), so the author fixes them all in one go, not one per build; None if none.
    With fallback allowed, the characters no installed font has either."""
    missing = uncovered(session, issue)
    if session.allow_fallback:  # drawn from an installed font that has it
        missing = [u for u in missing if session.fallback_face(u.char) is None]
    if not missing:
        return None
    first = session.missing_glyph(missing[0].char, missing[0].text,
                                  session.layout.styles[missing[0].role])
    if len(missing) == 1:
        return first
    places: list[Said] = []
    for u in missing:
        where = t(" at {place}", place=u.text.where) if u.text.where else ""
        places.append(t("'{char}' (U+{code}){where}{place}", char=u.char,
                        code=code_point(u.char), where=where,
                        place=session.locate(u.text, u.char)))
    return BulletinError(t("no font has these {count} characters: {places}", count=len(missing),
                           places=joined(places, SEMICOLON)),
                         first.hint, first.file, first.line, first.col)


def _file(face) -> Said:
    base = face.base if isinstance(face, EmboldenedFace) else face
    member = f"#{base.index}" if base.index else ""
    file = f"{base.path.name}{member}"
    return t("{file} (synthetic bold)", file=file) if face is not base else file


def report(session: FontSession, issue: Issue | None = None,
           content: Path | None = None) -> list[Said]:
    """The lines ``bulletin fonts`` prints (messages: the CLI tells them in its language)."""
    layout: Layout | None = session.layout
    assert layout is not None
    total = len(tgh_chars())
    lines: list[Said] = [
        t("layout {name} ({file})", name=layout.name, file=layout.source), "",
        t("role          通用规范汉字    fonts, tried in order for each character")]
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
            label = role if cut == "regular" else t("  bold")
            row = f"{n:>5} {100 * n / total:5.1f}%  "
            lines.append(t("{label:<14}{row}{fonts}", label=label, row=row,
                           fonts=joined((_file(f) for f in faces), " → ")))
    lines += ["", t("font files")]
    for face in faces_seen.values():
        base = face.base if isinstance(face, EmboldenedFace) else face
        outlines = "CFF" if base.is_cff else "TrueType"
        n = coverage((face,))
        kind = (t("{outlines}, synthetic bold of {face}", outlines=outlines, face=base.full_name)
                if face is not base else outlines)
        lines.append(t("  {name:<22}{face} ({kind}), 通用规范汉字 {count}/{total}", name=face.name,
                       face=base.full_name, kind=kind, count=n, total=total))
        lines.append(f"  {'':<22}{base.path}" + (f" #{base.index}" if base.index else ""))
    if issue is not None:
        missing = uncovered(session, issue)
        lines += ["", t("characters no font covers in {file}: {count}", file=content,
                        count=len(missing)) if missing
                  else t("characters no font covers in {file}: none", file=content)]
        for u in missing:
            where = f"{u.text.where}" if u.text.where else t("(generated)")
            place = session.locate(u.text, u.char)
            times = t(", {count} times", count=u.count) if u.count > 1 else ""
            fallback = session.fallback_face(u.char)
            has = (t("installed: {face} (build with --allow-fallback to use it)",
                     face=fallback.label) if fallback else t("no installed font has it"))
            lines.append(t("  {char} U+{code}  {where}{place} [{role}]{times}; {has}",
                           char=u.char, code=code_point(u.char), where=where, place=place,
                           role=u.role, times=times, has=has))
    session.note_cache_damage()
    return lines
