"""One build's fonts: the layout's families resolved to faces, per-character fallback,
and messages that say where a character no font has is in the content.

A build opens one session (``open_fonts(layout, …)``) and passes it down as an
argument: the flow's text setting asks it for each span's chain of faces, and it keeps
the build's table of faces (``faces``: by the name glyphs carry), which the document
carries to the font embedding and the renderer. Nothing is ambient: two builds in one
process each have their own session. ``FontSession()`` alone has the bundled families.

It is the top of ``discovery``: the flow sees it only as ``metrics.Fonts`` (faces for a
span, vertical forms, the error for a missing character), so what it does to find the
faces stays here. Its warnings and errors are messages (``bulletin.i18n``), told in the
reader's language where they are printed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import BulletinError
from ...i18n import Msg, t
from ...i18n import Text as Said  # a message: str or Msg ("Text" is the content's text)
from ..cache import cache_dir, take_damage
from ..messages import SEMICOLON, code_point, joined
from ..metrics.faces import BUNDLED, EmboldenedFace, Face, FontFace, bundled_face
from ..metrics.vertical import forms_face
from .fallback import CoverageIndex
from .resolve import _PATHLIKE, FontNotFound, Resolver

if TYPE_CHECKING:
    from ...content.model import Issue, Span, Text
    from ...style.layout import FontRef, Layout, Style


def _stderr(message: Said) -> None:
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
        warn: Callable[[Said], None] | None = None,
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
        self.warnings: list[Said] = []
        self._said: set[str] = set()
        # The paragraphs this build has set, by everything their setting reads
        # (flow/setting.py): a poster's size search sets each once per size and width.
        self.paragraphs: dict[Hashable, object] = {}
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
            self._chains[key] = self._resolve(key)
        return self._chains[key]

    def _resolve(self, key: str) -> tuple[Face, ...]:
        name, _, cut = key.partition(":")
        bold = cut == "bold"
        family = self.families.get(name)
        if family is None:
            if name not in BUNDLED:
                raise BulletinError(t("unknown font '{name}'", name=name),
                                    t("bundled fonts: {names}", names=", ".join(BUNDLED)))
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
            raise BulletinError(t("{message} (nor any other font of '{name}')",
                                  message=e.message, name=name), e.hint,
                                ref.file, ref.line, ref.col)
        for ref, e in missing:
            place = f"{ref.file}:{ref.line}:{ref.col}"
            self.warn(t("{place}: {message}; using the other fonts of '{name}' ({hint})",
                        place=place, message=e.message, name=name, hint=e.hint))
        return tuple(dict.fromkeys(faces))

    # ------------------------------------------------------------------ runs
    def run_faces(self, style: Style, span: Span, text: Text) -> tuple[Face, ...]:
        """The chain for one span: its style's (bold) faces, then, if fallback is allowed,
        installed fonts for the characters none of them has."""
        faces = self.faces_for(style.bold_faces if span.bold else style.faces)
        if span.bold and faces and isinstance(faces[0], EmboldenedFace):
            base, stroke = faces[0].base, f"{faces[0].stroke:g}"
            self.warn(t("{family} has no bold face: **bold** text in it is drawn with a "
                        "synthetic bold (outlines stroked {stroke} em), e.g. in '{style}'",
                        family=base.family, stroke=stroke, style=style.name),
                      once=f"synthetic:{base.name}")
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
            self.warn(t("{where}'{char}' (U+{code}){place} is in none of the layout's fonts "
                        "for '{style}'; drawn from {face}", where=_where(text), char=ch,
                        code=code_point(ch), place=place, style=style.name, face=face.label),
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
        if n == 1:
            self.warn(t("the font cache had a damaged entry; rebuilt it ({folder})",
                        folder=cache_dir()), once="font-cache-damage")
        elif n:
            self.warn(t("the font cache had {count} damaged entries; rebuilt them ({folder})",
                        count=n, folder=cache_dir()), once="font-cache-damage")

    def warn(self, message: Said, once: str | None = None) -> None:
        """Tell the user ``message`` (once per build for the same ``once`` key), and keep
        it among the build's warnings."""
        key = once or str(message)
        if key in self._said:
            return
        self._said.add(key)
        self.warnings.append(message)
        self._warn(message)

    def missing_glyph(self, char: str, text: Text, style: Style | None = None) -> BulletinError:
        """The error for a character no face in the chain has: what, where, what to do."""
        place = self.locate(text, char)
        message = t("no font has the character '{char}' (U+{code}){place}", char=char,
                    code=code_point(char), place=place)
        hint: Said
        if self.allow_fallback:
            dirs = ", ".join(str(d) for s in self.resolver.sources for d in s.dirs)
            hint = t("no installed font has it either (searched {folders}); put a font file "
                     "that has it in a 'fonts' folder next to the content, or replace it",
                     folders=dirs)
        else:
            hint = t("replace it, add a font that has it to the layout's 'fonts:', or build "
                     "with --allow-fallback to take it from any installed font")
        if style is not None:
            faces = self.faces_for(style.faces)
            tried = t("the fonts of '{style}' are {faces}", style=style.name,
                      faces=joined((f.label for f in faces), ", "))
            hint = tried + SEMICOLON + hint
        where = text.where
        return BulletinError(message, hint, where.file if where else None,
                             where.line if where else None, where.col if where else None)

    def locate(self, text: Text, char: str = "") -> Said:
        """' in article 2 “title”, paragraph 3' (or the masthead), from the issue."""
        issue = self.issue
        if issue is None:
            return ""
        if text.where is None:
            m = issue.masthead
            for value, place in ((m.name, t(" in the masthead's name")),
                                 (m.tagline, t(" in the masthead's tagline")),
                                 (m.publisher, t(" in the masthead's publisher")),
                                 (m.contact, t(" in the masthead's contact"))):
                if isinstance(value, str) and char and char in value:
                    return place
            return ""
        for n, article in enumerate(issue.articles, 1):
            found = _part_of(article, text.where)
            if found is not None:
                return Msg(found.template, n=n, title=article.title.plain, **found.fields)
        return ""


# An article's one-line parts by their key, as places (see ``_part_of``).
_FIELDS: dict[str, Msg] = {
    "column": t(" in article {n} “{title}”, column"),
    "kicker": t(" in article {n} “{title}”, kicker"),
    "title": t(" in article {n} “{title}”, title"),
    "subtitle": t(" in article {n} “{title}”, subtitle"),
    "byline": t(" in article {n} “{title}”, byline"),
    "lead": t(" in article {n} “{title}”, lead"),
    "source": t(" in article {n} “{title}”, source"),
    "signed": t(" in article {n} “{title}”, signed"),
}


def _where(text: Text) -> str:
    return f"{text.where}: " if text.where else ""


def _part_of(article: object, where: object) -> Msg | None:
    """Where in ``article`` a text at ``where`` is (None: not in it), as a place whose
    article number ``{n}`` and ``{title}`` the caller fills in. Each place is one whole
    message, not "article … , {part}", so that no bare word ("title") is translated
    once for every meaning it has in the program."""
    from ...content.model import BulletList, Heading, Image, Paragraph, Quote

    for label, said in _FIELDS.items():
        text = getattr(article, label, None)
        if text is not None and text.where == where:
            return said
    counts: dict[str, int] = {}
    for block in getattr(article, "body", ()):
        kind = type(block).__name__.lower()
        counts[kind] = counts.get(kind, 0) + 1
        k = counts[kind]
        if isinstance(block, Paragraph) and block.text.where == where:
            return t(" in article {n} “{title}”, paragraph {k}", k=k)
        if isinstance(block, Heading) and block.text.where == where:
            return t(" in article {n} “{title}”, heading {k}", k=k)
        if isinstance(block, Quote):
            if block.text.where == where:
                return t(" in article {n} “{title}”, quote {k}", k=k)
            if block.by is not None and block.by.where == where:
                return t(" in article {n} “{title}”, the attribution of quote {k}", k=k)
        if isinstance(block, BulletList):
            for i, item in enumerate(block.items, 1):
                if item.where == where:
                    return t(" in article {n} “{title}”, item {i} of list {k}", i=i, k=k)
        if isinstance(block, Image) and block.caption is not None \
                and block.caption.where == where:
            return t(" in article {n} “{title}”, the caption of picture {k}", k=k)
    return None


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
