"""One build's fonts: the layout's families resolved to faces, per-character fallback,
and messages that say where a character no font has is in the content.

A build opens one session (``open_fonts(layout, …)``) and passes it down as an
argument: the flow's text setting asks it for each span's chain of faces, and it keeps
the build's table of faces (``faces``: by the name glyphs carry), which the document
carries to the font embedding and the renderer. Nothing is ambient: two builds in one
process each have their own session. ``FontSession()`` alone has the bundled families.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BulletinError
from .cache import CLOCK, cache_dir, take_damage
from .faces import BUNDLED, EmboldenedFace, Face, FontFace, bundled_face
from .fallback import CoverageIndex
from .resolve import _PATHLIKE, FontNotFound, Resolver
from .vertical import forms_face

if TYPE_CHECKING:
    from ..content.model import Issue, Span, Text
    from ..style.layout import FontRef, Layout, Style



def _stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


class FontSession:
    """Resolves font keys ("serif", "title", "title:bold") to chains of faces."""

    def __init__(
        self,
        layout: Layout | None = None,
        *,
        content: Path | None = None,
        issue: Issue | None = None,
        allow_fallback: bool = False,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.layout = layout
        self.families = dict(layout.fonts) if layout is not None else {}
        layout_dir = layout.source.parent if layout is not None and layout.source else None
        content_dir = Path(content).parent if content is not None else None
        bases = [d for d in (layout_dir, content_dir) if d is not None] + [Path.cwd()]
        users = [d / "fonts" for d in (content_dir, layout_dir) if d is not None]
        self.resolver = Resolver(bases, users)
        self.issue = issue
        self.allow_fallback = allow_fallback or (
            layout is not None and layout.font_fallback == "system")
        self._warn = warn or _stderr
        self.warnings: list[str] = []
        self._said: set[str] = set()
        self._chains: dict[str, tuple[Face, ...]] = {}
        self._joined: dict[tuple[str, ...], tuple[Face, ...]] = {}
        self._coverage: CoverageIndex | None = None
        self._fallback: dict[tuple[str, int], FontFace | None] = {}
        # The build's table of faces: every face handed out for text, by the name its
        # glyphs carry (the font embedding and the renderer look faces up here).
        self.faces: dict[str, Face] = {}
        if layout is not None:
            self.resolve_layout()
        self.note_cache_damage()

    # ------------------------------------------------------------------ chains
    def resolve_layout(self) -> None:
        """Resolve every family the layout's styles use now, so a bad font name is
        reported before any typesetting (bold cuts of listed fonts stay lazy)."""
        assert self.layout is not None
        for style in self.layout.styles.values():
            self.faces_for(style.faces)
            for key in style.bold_faces:
                family = self.families.get(key.partition(":")[0])
                if family is not None and family.bold is not None:
                    self.chain(key)

    def faces_for(self, keys: tuple[str, ...]) -> tuple[Face, ...]:
        """The faces of several keys, in order, each once."""
        faces = self._joined.get(keys)
        if faces is None:
            out: dict[str, Face] = {}
            for key in keys:
                for face in self.chain(key):
                    out.setdefault(face.name, face)
            faces = self._joined[keys] = tuple(out.values())
        return faces

    def chain(self, key: str) -> tuple[Face, ...]:
        """The faces of one font key: a bundled face or a layout family, ":bold" for bold."""
        if key not in self._chains:
            with CLOCK.span():
                self._chains[key] = self._resolve(key)
        return self._chains[key]

    def _resolve(self, key: str) -> tuple[Face, ...]:
        name, _, cut = key.partition(":")
        bold = cut == "bold"
        family = self.families.get(name)
        if family is None:
            if name not in BUNDLED:
                raise BulletinError(f"unknown font '{name}'",
                                    "bundled fonts: " + ", ".join(BUNDLED))
            face = bundled_face(name)
            return (self.resolver.bold_of(face) if bold else face,)
        explicit = bold and family.bold is not None
        refs = family.bold if explicit and family.bold is not None else family.regular
        faces: list[Face] = []
        missing: list[tuple[FontRef, FontNotFound]] = []
        for ref in refs:
            try:
                face = self.resolver.face(ref.text, bold=explicit)
            except FontNotFound as e:
                if _PATHLIKE.search(ref.text):
                    raise BulletinError(e.message, e.hint, ref.file, ref.line, ref.col) from None
                missing.append((ref, e))
                continue
            except BulletinError as e:
                raise BulletinError(e.message, e.hint, ref.file, ref.line, ref.col) from None
            if bold and not explicit:
                face = self.resolver.bold_of(face)
            faces.append(face)
        if not faces:
            ref, e = missing[0]
            raise BulletinError(e.message + f" (nor any other font of '{name}')", e.hint,
                                ref.file, ref.line, ref.col)
        for ref, e in missing:
            self.warn(f"{ref.file}:{ref.line}:{ref.col}: {e.message}; using the other fonts "
                      f"of '{name}' ({e.hint})")
        return tuple(dict.fromkeys(faces))

    # ------------------------------------------------------------------ runs
    def run_faces(self, style: Style, span: Span, text: Text) -> tuple[Face, ...]:
        """The chain for one span: its style's (bold) faces, then, if fallback is allowed,
        installed fonts for the characters none of them has."""
        faces = self.faces_for(style.bold_faces if span.bold else style.faces)
        if span.bold and faces and isinstance(faces[0], EmboldenedFace):
            base = faces[0].base
            self.warn(f"{base.family} has no bold face: **bold** text in it is drawn with a "
                      f"synthetic bold (outlines stroked {faces[0].stroke:g} em), e.g. in "
                      f"'{style.name}'", once=f"synthetic:{base.name}")
        if not self.allow_fallback:
            return self._table(faces)
        extra: dict[str, Face] = {}
        for ch in dict.fromkeys(span.text):
            if ch.isspace() or any(f.has(ch) for f in faces):
                continue
            face = self.fallback_face(ch, 700 if span.bold else 400)
            if face is None:
                continue  # the typesetter raises MissingGlyph: an error with its place
            extra.setdefault(face.name, face)
            place = self.locate(text, ch)
            self.warn(f"{_where(text)}'{ch}' (U+{ord(ch):04X}){place} is in none of the "
                      f"layout's fonts for '{style.name}'; drawn from {face.label}",
                      once=f"fallback:{ch}:{face.name}")
        return self._table(faces + tuple(extra.values()))

    def forms(self, face: Face) -> Face | None:
        """The vertical forms of ``face`` (None if it has none), for vertical text: the
        typesetter's ``forms`` (``bulletin.typeset.vertical``)."""
        found = forms_face(face)
        if found is not None:
            self.faces.setdefault(found.name, found)
        return found

    def _table(self, faces: tuple[Face, ...]) -> tuple[Face, ...]:
        for face in faces:
            self.faces.setdefault(face.name, face)
        return faces

    def fallback_face(self, ch: str, weight: int = 400) -> FontFace | None:
        """Any installed (or bundled, or user-folder) face that has ``ch``."""
        key = (ch, weight)
        if key not in self._fallback:
            if self._coverage is None:
                self._coverage = CoverageIndex(self.resolver.sources)
            self._fallback[key] = self._coverage.face_for(ch, weight)
        return self._fallback[key]

    # ------------------------------------------------------------------ messages
    def note_cache_damage(self) -> None:
        """Say once per build that damaged cache entries were found, thrown away and made
        again: the PDF is right, but a cache that keeps breaking means a failing disk."""
        n = len(take_damage())
        if n:
            what = "a damaged entry; rebuilt it" if n == 1 else f"{n} damaged entries; rebuilt them"
            self.warn(f"the font cache had {what} ({cache_dir()})", once="font-cache-damage")

    def warn(self, message: str, once: str | None = None) -> None:
        key = once or message
        if key in self._said:
            return
        self._said.add(key)
        self.warnings.append(message)
        self._warn(message)

    def missing_glyph(self, char: str, text: Text, style: Style | None = None) -> BulletinError:
        """The error for a character no face in the chain has: what, where, what to do."""
        place = self.locate(text, char)
        message = f"no font has the character '{char}' (U+{ord(char):04X}){place}"
        tried = ""
        if style is not None:
            faces = self.faces_for(style.faces)
            tried = f"the fonts of '{style.name}' are " + ", ".join(f.label for f in faces)
        if self.allow_fallback:
            dirs = ", ".join(str(d) for s in self.resolver.sources for d in s.dirs)
            hint = (f"no installed font has it either (searched {dirs}); put a font file "
                    "that has it in a 'fonts' folder next to the content, or replace it")
        else:
            hint = ("replace it, add a font that has it to the layout's 'fonts:', or build "
                    "with --allow-fallback to take it from any installed font")
        if tried:
            hint = tried + "; " + hint
        where = text.where
        return BulletinError(message, hint, where.file if where else None,
                             where.line if where else None, where.col if where else None)

    def locate(self, text: Text, char: str = "") -> str:
        """' in article 2 “title”, paragraph 3' (or the masthead), from the issue."""
        issue = self.issue
        if issue is None:
            return ""
        if text.where is None:
            m = issue.masthead
            for label, value in (("name", m.name), ("tagline", m.tagline),
                                 ("publisher", m.publisher), ("contact", m.contact)):
                if isinstance(value, str) and char and char in value:
                    return f" in the masthead's {label}"
            return ""
        for n, article in enumerate(issue.articles, 1):
            found = _part_of(article, text.where)
            if found:
                return f" in article {n} “{article.title.plain}”, {found}"
        return ""


def _where(text: Text) -> str:
    return f"{text.where}: " if text.where else ""


def _part_of(article: object, where: object) -> str:
    """Which part of ``article`` a text at ``where`` is ('' if none)."""
    from ..content.model import BulletList, Heading, Image, Paragraph, Quote

    for label in ("column", "kicker", "title", "subtitle", "byline", "lead", "source", "signed"):
        t = getattr(article, label, None)
        if t is not None and t.where == where:
            return label
    counts: dict[str, int] = {}
    for block in getattr(article, "body", ()):
        kind = type(block).__name__.lower()
        counts[kind] = counts.get(kind, 0) + 1
        k = counts[kind]
        if isinstance(block, Paragraph) and block.text.where == where:
            return f"paragraph {k}"
        if isinstance(block, Heading) and block.text.where == where:
            return f"heading {k}"
        if isinstance(block, Quote):
            if block.text.where == where:
                return f"quote {k}"
            if block.by is not None and block.by.where == where:
                return f"the attribution of quote {k}"
        if isinstance(block, BulletList):
            for i, item in enumerate(block.items, 1):
                if item.where == where:
                    return f"item {i} of list {k}"
        if isinstance(block, Image) and block.caption is not None \
                and block.caption.where == where:
            return f"the caption of picture {k}"
    return ""


# ----------------------------------------------------------------------------- opening


def open_fonts(layout: Layout | None = None, **kw) -> FontSession:
    """The session of one build, passed down to the flow, the embedding and the renderer:
    text set with it uses the layout's fonts."""
    take_damage()  # healed before this build (outside any session): not this build's news
    return FontSession(layout, **kw)


def note_cache_damage(fonts: FontSession | None) -> None:
    """Say that damaged cache entries were rebuilt: through the build's session, or,
    without one (a stage used on its own), on stderr."""
    if fonts is None:
        FontSession()  # a session of its own for the bundled fonts: it says so on stderr
    else:
        fonts.note_cache_damage()
