"""The style stage: a layout file (plain YAML a user can copy and edit) → ``Layout``.

A layout says how an issue looks: the page, the column grid, colours, the
composition rules and one style per role (masthead, title, body …). Every
mistake in it is reported as ``FILE:LINE:COL: what; what would be right``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import BulletinError
from ..i18n import Text, t
from ..resources import data_dir
from ..typeset import ALIGNS, Rules
from ..typeset.chars import PROHIBITION_LEVELS
from ..typeset.vertical import WRITING
from ..yamlsource import read_yaml
from ..yamlwalk import entries, not_a_mapping, raise_it
from .color import parse_color
from .units import MAX_LENGTH, MAX_SIZE, MIN_SIZE, MM, PAPER, UnitError, parse_length, parse_size
from .words import either, key, keys, listing, quoted

# Body size a reader needs per metre of distance: 24pt (8.5 mm characters) at 2.5 m, the
# distance a 宣传栏 is read from; 12pt at arm's length and a bit.
READ_PT_PER_M = 9.6
# 'size: [360pt, auto]': a page as tall as its content (a phone's long image), made up
# on a page this tall and then trimmed; 5 m is under the 200 in a PDF viewer still shows.
AUTO_HEIGHT = MAX_LENGTH

ROLES = (
    "masthead", "tagline", "folio", "banner", "kicker", "title", "subtitle", "byline", "lead",
    "heading", "body", "quote", "quote_by", "list", "caption", "source", "signed",
    "page_number", "running_head", "jump", "colophon",
)
STYLE_KEYS = (
    "font", "size", "leading", "indent", "align", "color", "background", "space_before",
    "inset", "inherit",
)
FAMILIES = {  # family → (regular face, bold face); "kai:bold": kai has no bold, so synthetic
    "serif": ("serif", "serif-bold"),
    "sans": ("sans", "sans-bold"),
    "kai": ("kai", "kai:bold"),
    "serif-bold": ("serif-bold", "serif-bold"),
    "sans-bold": ("sans-bold", "sans-bold"),
}
FALLBACK = ("serif", "sans")  # tried after a style's own face, per character
BOLD_FALLBACK = ("serif-bold", "sans-bold")
TOP_KEYS = ("name", "description", "page", "grid", "colors", "rules", "styles", "furniture",
            "fonts", "fit", "writing", "omit", "photos")
# Fields of the content a layout may leave out on purpose ('omit: [tagline]'): the build
# then warns when an issue has one, so no text the author wrote vanishes unsaid.
OMITTABLE = ("tagline", "issue", "date", "publisher", "contact", "column", "kicker",
             "subtitle", "byline", "lead", "source", "signed", "signed_date")
REQUIRED_KEYS = ("page", "styles")
FONT_FALLBACKS = {"error": "error", "no": "error", "system": "system"}
MIN_COLUMN_CHARS = 4  # narrower, a justified Chinese column is mostly spacing
MIN_ROWS = 8  # fewer body lines than this is no page to flow text on
MASTHEADS = ("newspaper", "briefing", "poster", "none")
LAYOUT_SUFFIXES = (".yaml", ".yml")
PUNCTUATION_STYLES = {"full": "full", "全角": "full", "kaiming": "kaiming", "开明": "kaiming",
                      "half": "half", "半角": "half", "hanging": "hanging", "悬挂": "hanging",
                      "标点悬挂": "hanging"}
LONG_FIGURES = ("upright", "turned")
MAX_FIGURES_ACROSS = 4  # 纵中横: more characters than this in one cell are too thin to read


@dataclass(frozen=True)
class Style:
    """How one role's text is set."""

    name: str
    faces: tuple[str, ...]  # face chain for regular text
    bold_faces: tuple[str, ...]  # face chain for **bold**
    size: float  # pt
    leading: float  # line pitch, pt
    indent: float = 0.0  # first-line indent, pt
    align: str = "justify"
    color: str = "#000000"
    background: str | None = None
    space_before: float = 0.0
    inset: float = 0.0  # blank left of the measure, pt (block quotes, lists)


@dataclass(frozen=True)
class FontRef:
    """One entry of a 'fonts:' chain: a font name or file, and where the layout says it."""

    text: str
    file: str
    line: int
    col: int


@dataclass(frozen=True)
class FontFamily:
    """A family from the layout's 'fonts:': fonts tried in order, per character."""

    key: str
    regular: tuple[FontRef, ...]
    bold: tuple[FontRef, ...] | None = None  # None: each regular font's bold cut (or synthetic)


@dataclass(frozen=True)
class Furniture:
    """What stands on every page besides the articles."""

    masthead: str = "newspaper"  # newspaper (报头 left, facts right) | briefing (简报, centred)
    running_head: bool = True  # name, issue and date over a rule on pages after the first
    folio: str = "第{n}版"  # page number; {n} is the number
    colophon: bool = False  # 报尾: publisher and date between rules at the end of the issue
    jump_lines: bool = True  # （下转第2版）/（上接第1版） where an article goes on overleaf
    panels: bool = False  # boards: each article boxed in its own panel, side by side
    # center, or outside: odd pages' folio right and even pages' left, one character in
    # from the text block's edge (GB/T 9704's 单页码居右空一字，双页码居左空一字)
    folio_place: str = "center"


@dataclass(frozen=True)
class Layout:
    name: str
    page_width: float
    page_height: float
    margin_top: float
    margin_right: float
    margin_bottom: float
    margin_left: float
    columns: int
    gutter: float  # pt
    rules: Rules
    colors: dict[str, str]
    styles: dict[str, Style]
    column_rules: bool = True
    source: Path | None = None
    furniture: Furniture = field(default_factory=lambda: Furniture())
    fonts: dict[str, FontFamily] = field(default_factory=dict)  # the layout's 'fonts:'
    font_fallback: str = "error"  # a character no font has: error | system (any installed font)
    fit: tuple[float, float] | None = None  # posters: body size range (pt) to fill one page
    # What a fit does with text too long for one page at its smallest size: "error" (a
    # poster: say how much to cut) or "pages" (a notice: set it at its own size on pages).
    fit_overflow: str = "error"
    read_from: float | None = None  # metres the poster is read from (sets fit's minimum)
    # 'size: [w, auto]': page_height is AUTO_HEIGHT to make up on; each page is then
    # trimmed to what stands on it (a long page for phones, no foot, no folio).
    auto_height: bool = False
    # 竖排: "vertical" sets the pages as columns read top to bottom, right to left (the
    # flow fills them from the right; the typesetter's half is ``rules.vertical``);
    # title_writing "vertical" alone sets each headline as a column beside its text.
    writing: str = "horizontal"
    title_writing: str = "horizontal"
    omit: tuple[str, ...] = ()  # content fields this layout leaves out on purpose
    photo_ppi: int | None = None  # 'photos: {ppi: 300}': the print edition's photo resolution
    # For the user but no reason to stop (invisible characters dropped), each a line.
    warnings: tuple[Text, ...] = ()

    def scaled(self, factor: float) -> Layout:
        """The same layout with all type (sizes, leading, indents, gutter) scaled together."""
        styles = {
            role: replace(
                st, size=st.size * factor, leading=st.leading * factor, indent=st.indent * factor,
                inset=st.inset * factor, space_before=st.space_before * factor,
            )
            for role, st in self.styles.items()
        }
        return replace(self, styles=styles, gutter=self.gutter * factor)

    @property
    def body(self) -> Style:
        return self.styles["body"]


def bundled_layouts() -> dict[str, Path]:
    """Bundled layouts by name."""
    return {p.stem: p for p in sorted(data_dir("layouts").glob("*.yaml"))}


def layout_description(path: Path) -> str:
    """The layout's ``description:`` line, read without loading the whole layout."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("description:"):
            return line.partition(":")[2].strip()
    return ""


def find_layout(spec: str, relative_to: Path | None = None) -> Path:
    """A bundled layout's name or a path to a layout file (relative to the content file).

    A path must name a .yaml or .yml file: ``layout: /etc/shadow`` must not be read,
    or its lines would come back quoted in the messages about them.
    """
    layouts = bundled_layouts()
    if spec in layouts:
        return layouts[spec]
    path = Path(spec)
    if relative_to is not None and not path.is_absolute():
        candidate = relative_to / path
        if candidate.exists():
            return _layout_file(candidate, spec)
    if path.exists():
        return _layout_file(path, spec)
    close = difflib.get_close_matches(spec, list(layouts), n=1)
    hint = (t("did you mean '{name}'? (or give a path to a .yaml file)", name=close[0]) if close
            else t("bundled layouts: {names} (or give a path to a .yaml file)",
                   names=listing(list(layouts))))
    raise BulletinError(t("no layout named '{name}'", name=spec), hint)


def _layout_file(path: Path, spec: str) -> Path:
    """``path`` if it is named like a layout file; the error says what one is."""
    if path.suffix.lower() not in LAYOUT_SUFFIXES:
        raise BulletinError(t("'{name}' is not a layout file: a layout file's name ends in "
                              ".yaml or .yml", name=spec),
                            t("give a bundled layout's name (bulletin layouts lists them) or "
                              "the path of a layout file"))
    return path


def load_layout(path: Path) -> Layout:
    warnings: list[Text] = []
    root = read_yaml(path, t("a layout: 'page:', 'grid:' and 'styles:'"), warnings.append)
    layout = _LayoutReader(str(path)).layout(root, path)
    return replace(layout, warnings=tuple(warnings)) if warnings else layout


class _LayoutReader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.families: dict[str, FontFamily] = {}
        self.fallback = "error"
        self.auto_height: Node | None = None  # the 'auto' of 'size: [w, auto]'

    def error(self, node: Node, message: Text, hint: Text | None = None) -> BulletinError:
        m = node.start_mark
        return BulletinError(message, hint, self.name, m.line + 1, m.column + 1)

    def place(self, node: Node) -> tuple[str, int, int]:
        m = node.start_mark
        return self.name, m.line + 1, m.column + 1

    def mapping(self, node: Node, allowed: tuple[str, ...], what: Text,
                area: str = "") -> dict[str, Node]:
        """The 'key: value' lines of ``node``; ``area`` names the mapping for the keys'
        meanings in Chinese (``size`` under ``page`` is the paper, in a style the type).
        The first mistake stops the reading (a layout is short, and fixed once)."""
        if not isinstance(node, MappingNode):
            raise not_a_mapping(self.place, node, what)
        found, _ = entries(node, allowed, what, place=self.place,
                           name=lambda name: quoted(name, area), keep=raise_it)
        return {name: value for name, (_, value) in found.items()}

    def scalar(self, node: Node, what: Text) -> str:
        if not isinstance(node, ScalarNode) or node.value == "":
            raise self.error(node, t("{what} must be a single value", what=what))
        return node.value

    def length(self, node: Node, what: Text, em: float | None = None) -> float:
        try:
            return parse_length(self.scalar(node, what), em)
        except UnitError as e:
            raise self.error(node, t("{what}: {problem}", what=what, problem=e.message)) \
                from None

    def layout(self, root: Node, path: Path) -> Layout:
        self.is_layout(root)
        top = self.mapping(root, TOP_KEYS, t("the layout"))
        for required in REQUIRED_KEYS:
            if required not in top:
                raise self.error(root, t("the layout has no '{key}'", key=key(required)),
                                 t("add '{key}:'", key=required))
        width, height, margins = self.page(top["page"])
        colors = self.colors(top.get("colors"))
        self.fonts(top.get("fonts"))
        styles = self.styles(top["styles"], colors)
        columns, gutter, column_rules = self.grid(top.get("grid"), styles["body"])
        writing, title_writing = self.writing(top.get("writing"))
        vertical = writing == "vertical"  # its columns are bands across the page, turned
        area = (height, width, margins[1:] + margins[:1]) if vertical else (width, height, margins)
        self.check_text_area(top, *area, columns, gutter, styles["body"])
        rules = replace(self.rules(top.get("rules")), vertical=vertical)
        name = self.scalar(top["name"], key("name")) if "name" in top else path.stem
        furniture = self.furniture(top.get("furniture"))
        self.check_auto_height(top, furniture)
        return Layout(name, width, height, *margins, columns, gutter, rules, colors, styles,
                      column_rules, path, furniture=furniture, fonts=self.families,
                      font_fallback=self.fallback, auto_height=self.auto_height is not None,
                      writing=writing, title_writing=title_writing,
                      omit=self.omit(top.get("omit")), photo_ppi=self.photos(top.get("photos")),
                      **self.fit(top.get("fit"), styles["body"]))

    def photos(self, node: Node | None) -> int | None:
        """``photos: {ppi: 300}``: pixels per inch of their printed size that photos are
        resampled to at most (a print shop asks for 300; a newsletter for an office
        printer needs no more than 200)."""
        if node is None:
            return None
        fields = self.mapping(node, ("ppi",), key("photos"))
        if "ppi" not in fields:
            raise self.error(node, t("photos has no 'ppi'"),
                             t("write {example}", example="photos: {ppi: 300}"))
        value = self.scalar(fields["ppi"], key("ppi"))
        if not value.isdigit() or not 72 <= int(value) <= 1200:
            raise self.error(fields["ppi"], t("photos ppi must be a whole number from 72 to "
                                              "1200, not '{value}'", value=value),
                             t("a print shop asks for 300"))
        return int(value)

    def omit(self, node: Node | None) -> tuple[str, ...]:
        """``omit: [tagline]``: the content fields this layout leaves out on purpose."""
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            raise self.error(node, t("omit must be a list of field names"),
                             t("write e.g. omit: [tagline]"))
        fields = []
        for item in node.value:
            field_name = self.scalar(item, key("omit"))
            if field_name not in OMITTABLE:
                raise self.error(item, t("'{field}' cannot be omitted", field=field_name),
                                 t("fields a layout may leave out: {fields}",
                                   fields=keys(OMITTABLE, "omit")))
            fields.append(field_name)
        return tuple(fields)

    def writing(self, node: Node | None) -> tuple[str, str]:
        """'writing: vertical' (竖排: columns read top to bottom, right to left) or
        'writing: {body: horizontal, title: vertical}' (each headline a column beside its
        horizontal text): the body's and the headline's directions."""
        if node is None:
            return "horizontal", "horizontal"
        if isinstance(node, MappingNode):
            parts = self.mapping(node, ("body", "title"), key("writing"), "writing")
            body = self.direction(parts["body"]) if "body" in parts else "horizontal"
            title = self.direction(parts["title"]) if "title" in parts else body
        else:
            body = title = self.direction(node)
        if body == "vertical" and title != "vertical":
            raise self.error(node, t("a vertical page has its headlines vertical too"),
                             t("write 'writing: vertical', or '{example}' for a vertical "
                               "headline beside horizontal text",
                               example="writing: {title: vertical}"))
        if body == "vertical" and self.auto_height is not None:
            raise self.error(node, t("a page of height auto grows downwards with horizontal "
                                     "lines; vertical columns need a page of set size"),
                             t("give the page a height"))
        return body, title

    def direction(self, node: Node) -> str:
        value = self.scalar(node, key("writing"))
        if value not in WRITING:
            raise self.error(node, t("unknown writing '{value}'", value=value),
                             t("use horizontal (横排) or vertical (竖排)"))
        return WRITING[value]

    def is_layout(self, root: Node) -> None:
        """A file with none of a layout's keys is some other file: say so without quoting
        it (its first key could be a line of /etc/shadow or of someone's notes)."""
        keys = root.value if isinstance(root, MappingNode) else []
        if not any(isinstance(k, ScalarNode) and k.value in REQUIRED_KEYS for k, _ in keys):
            raise BulletinError(
                t("this is not a layout file (it has neither 'page:' nor 'styles:')"),
                t("give a bundled layout's name, or make a layout file from one: "
                  "bulletin layouts show newsletter-a4 > my-layout.yaml"), self.name)

    def check_text_area(self, top: dict[str, Node], width: float, height: float,
                        margins: tuple[float, float, float, float], columns: int,
                        gutter: float, body: Style) -> None:
        """The page must hold its columns: a few body characters across, lines down."""
        text_w = width - margins[1] - margins[3]
        text_h = height - margins[0] - margins[2]
        chars = (text_w - gutter * (columns - 1)) / (columns * body.size)
        rows = text_h / body.leading
        where = top.get("grid") or top["page"]
        if chars < MIN_COLUMN_CHARS:
            raise self.error(where, t("a column holds {chars} body characters of {size}pt; "
                                      "it needs at least {least}",
                                      chars=format(max(chars, 0), ".1f"),
                                      size=format(body.size, "g"), least=MIN_COLUMN_CHARS),
                             t("use fewer columns, a smaller gutter or body size, or less "
                               "margin"))
        if rows < MIN_ROWS:
            raise self.error(top["page"], t("the page holds {rows} body lines; it needs at "
                                            "least {least}", rows=format(max(rows, 0), ".1f"),
                                            least=MIN_ROWS),
                             t("use a taller page, smaller margins or a smaller body size"))

    def fonts(self, node: Node | None) -> None:
        """'fonts:': family key → a font name or file, a list of them, or regular/bold lists."""
        if node is None:
            return
        for family, value in self.mapping(node, (), key("fonts")).items():
            if family == "fallback":
                self.fallback = self.font_fallback(value)
                continue
            if ":" in family:
                raise self.error(value, t("'{family}' cannot name a font family",
                                          family=family), t("leave out the ':'"))
            if isinstance(value, MappingNode):
                cuts = self.mapping(value, ("regular", "bold"),
                                    t("fonts '{family}'", family=family))
                if "regular" not in cuts:
                    raise self.error(value, t("fonts '{family}' has no 'regular'",
                                              family=family),
                                     t("write 'regular: [a font name or file, …]'"))
                bold = self.font_chain(cuts["bold"], family) if "bold" in cuts else None
                self.families[family] = FontFamily(family, self.font_chain(cuts["regular"],
                                                                           family), bold)
            else:
                self.families[family] = FontFamily(family, self.font_chain(value, family))

    def font_chain(self, node: Node, family: str) -> tuple[FontRef, ...]:
        items = node.value if isinstance(node, SequenceNode) else [node]
        if not items:
            raise self.error(node, t("fonts '{family}' lists no font", family=family),
                             t("write e.g. [方正小标宋简体, serif]"))
        refs = []
        for item in items:
            text = self.scalar(item, t("a font (a family name or a font file)"))
            m = item.start_mark
            refs.append(FontRef(text, self.name, m.line + 1, m.column + 1))
        return tuple(refs)

    def font_fallback(self, node: Node) -> str:
        value = self.scalar(node, key("fallback"))
        if value not in FONT_FALLBACKS:
            raise self.error(node, t("unknown fallback '{value}'", value=value),
                             t("use 'error' (stop at a character no layout font has) or "
                               "'system' (take it from any installed font, with a warning)"))
        return FONT_FALLBACKS[value]

    def fit(self, node: Node | None, body: Style) -> dict:
        """``fit: {min: 16pt, max: 28pt, read_from: 2.5m, overflow: error}``: the body
        sizes a poster may be set at to fill one page. ``read_from`` raises the minimum
        to what a reader at that distance needs (READ_PT_PER_M); ``overflow: pages`` sets
        what does not fit one page at the smallest size at the layout's own size, on as
        many pages as it takes (a notice), instead of refusing it (a poster)."""
        if node is None:
            return {}
        f = self.mapping(node, ("min", "max", "read_from", "overflow"), key("fit"))
        for bound in ("min", "max"):
            if bound not in f:
                raise self.error(node, t("fit has no '{key}'", key=key(bound)),
                                 t("write {example}", example="fit: {min: 16pt, max: 28pt}"))
        low, high = (self.length(f[k], t("fit {key}", key=key(k)), body.size)
                     for k in ("min", "max"))
        if low < MIN_SIZE:
            raise self.error(f["min"], t("fit min {low}pt is below {least}pt, the smallest "
                                         "font size", low=format(low, "g"),
                                         least=format(MIN_SIZE, "g")),
                             t("e.g. min: 16pt"))
        if high > MAX_SIZE:
            raise self.error(f["max"], t("fit max {high}pt is above {most}pt, the largest "
                                         "font size", high=format(high, "g"),
                                         most=format(MAX_SIZE, "g")),
                             t("e.g. max: 28pt"))
        read_from = None
        if "read_from" in f:
            read_from = self.length(f["read_from"], t("fit {key}", key=key("read_from")),
                                    body.size) / MM / 1000
            needed = round(read_from * READ_PT_PER_M * 4) / 4
            if needed > high:
                raise self.error(f["read_from"], t("read from {metres} m a body needs "
                                                   "{needed}pt, above fit max {high}pt",
                                                   metres=format(read_from, "g"),
                                                   needed=format(needed, "g"),
                                                   high=format(high, "g")),
                                 t("raise max to at least {needed}pt, or read from nearer",
                                   needed=format(needed, "g")))
            low = max(low, needed)
        if low > high:
            raise self.error(node, t("fit min {low}pt is above max {high}pt",
                                     low=format(low, "g"), high=format(high, "g")),
                             t("the smallest body size comes first"))
        overflow = (self.scalar(f["overflow"], key("overflow")) if "overflow" in f
                    else "error")
        if overflow not in ("error", "pages"):
            raise self.error(f["overflow"], t("unknown overflow '{value}'", value=overflow),
                             t("use 'error' (a poster: one page or a message) or 'pages' "
                               "(a notice: one page when it fits, else as many as it "
                               "takes)"))
        return {"fit": (low, high), "fit_overflow": overflow, "read_from": read_from}

    def furniture(self, node: Node | None) -> Furniture:
        keys = ("masthead", "running_head", "folio", "folio_place", "colophon", "jump_lines",
                "panels")
        f = self.mapping(node, keys, key("furniture"), "furniture") if node else {}
        masthead = (self.scalar(f["masthead"], key("masthead", "furniture")) if "masthead" in f
                    else "newspaper")
        if masthead not in MASTHEADS:
            raise self.error(f["masthead"], t("unknown masthead '{value}'", value=masthead),
                             t("use {choices}", choices=either(MASTHEADS)))
        folio = self.scalar(f["folio"], key("folio", "furniture")) if "folio" in f else "第{n}版"
        if "{n}" not in folio and folio != "none":
            raise self.error(f["folio"], t("the folio has no {n} for the page number",
                                           n="{n}"),
                             t("write e.g. '{example}' or '{other}', or none",
                               example="第{n}版", other="- {n} -"))
        place = (self.scalar(f["folio_place"], key("folio_place")) if "folio_place" in f
                 else "center")
        if place not in ("center", "outside"):
            raise self.error(f["folio_place"], t("unknown folio_place '{value}'", value=place),
                             t("use center, or outside (odd pages right, even pages left)"))
        return Furniture(masthead, self.flag(f, "running_head", True), folio,
                         self.flag(f, "colophon", False, "furniture"),
                         self.flag(f, "jump_lines", True), self.flag(f, "panels", False), place)

    def flag(self, fields: dict[str, Node], name: str, default: bool,
             area: str = "") -> bool:
        if name not in fields:
            return default
        value = self.scalar(fields[name], key(name, area)).lower()
        if value not in ("yes", "no", "true", "false", "on", "off"):
            raise self.error(fields[name], t("{key} must be yes or no, not '{value}'",
                                             key=key(name, area), value=value))
        return value in ("yes", "true", "on")

    def page(self, node: Node) -> tuple[float, float, tuple[float, float, float, float]]:
        page = self.mapping(node, ("size", "orientation", "margin"), key("page"), "page")
        size_node = page.get("size")
        if size_node is None:
            raise self.error(node, t("page has no 'size'"), t("write e.g. 'size: A4'"))
        page_size = t("page size")
        if isinstance(size_node, SequenceNode):
            if len(size_node.value) != 2:
                raise self.error(size_node, t("a page size list needs a width and a height"),
                                 t("write e.g. [210mm, 297mm]"))
            w = self.length(size_node.value[0], page_size)
            h_node = size_node.value[1]
            if isinstance(h_node, ScalarNode) and h_node.value == "auto":
                h, self.auto_height = AUTO_HEIGHT, h_node
            else:
                h = self.length(h_node, page_size)
        else:
            paper = self.scalar(size_node, page_size).upper()
            if paper not in PAPER:
                raise self.error(size_node, t("unknown paper size '{paper}'", paper=paper),
                                 t("use one of {papers} or [width, height]",
                                   papers=listing(list(PAPER))))
            w, h = (v * MM for v in PAPER[paper])
        if "orientation" in page:
            orient = self.scalar(page["orientation"], key("orientation"))
            if orient not in ("portrait", "landscape"):
                raise self.error(page["orientation"], t("unknown orientation '{value}'",
                                                        value=orient),
                                 t("use portrait or landscape"))
            if orient == "landscape" and self.auto_height:
                raise self.error(page["orientation"], t("a page of height auto grows "
                                                        "downwards, so it is portrait"),
                                 t("leave out 'orientation'"))
            if (orient == "landscape") != (w > h):
                w, h = h, w
        margin = {}
        if "margin" in page:
            margin = self.mapping(page["margin"], ("top", "right", "bottom", "left"),
                                  t("page margin"), "margin")
        sides = tuple(self.length(margin[s], t("margin {side}", side=key(s, "margin")))
                      if s in margin else 15 * MM for s in ("top", "right", "bottom", "left"))
        return w, h, sides  # type: ignore[return-value]

    def check_auto_height(self, top: dict[str, Node], furniture: Furniture) -> None:
        """A page of height auto only grows with a newsletter's text: a poster's 'fit' and
        a board's panels fill a page of set size, and a page with no foot has no folio."""
        if self.auto_height is None:
            return
        if "fit" in top or furniture.panels:
            raise self.error(self.auto_height, t("a page of height auto grows with its text; "
                                                 "a poster's 'fit' or a board's panels need a "
                                                 "page of set size"),
                             t("give the page a height, or leave out 'fit' and 'panels'"))
        if furniture.folio != "none":
            raise self.error(self.auto_height, t("a page of height auto has no foot for a "
                                                 "folio"),
                             t("add 'folio: none' under 'furniture:'"))

    def colors(self, node: Node | None) -> dict[str, str]:
        colors = {"black": "#000000", "white": "#ffffff", "red": "#c8161d", "ink": "#1a1a1a"}
        if node is None:
            return colors
        for name, value in self.mapping(node, (), key("colors")).items():
            colors[name] = self.color(value, colors)
        return colors

    def color(self, node: Node, colors: dict[str, str]) -> str:
        text = self.scalar(node, t("a colour"))
        if text in colors:
            return colors[text]
        color = parse_color(text)
        if color:
            return color
        raise self.error(node, t("'{text}' is not a colour", text=text),
                         t("write #rrggbb (e.g. #c8161d), cmyk(0, 100, 100, 10) in per cent, "
                           "or a name from 'colors:'"))

    def grid(self, node: Node | None, body: Style) -> tuple[int, float, bool]:
        grid = (self.mapping(node, ("columns", "gutter", "column_rules"), key("grid")) if node
                else {})
        columns = 1
        if "columns" in grid:
            text = self.scalar(grid["columns"], key("columns"))
            if not text.isdigit() or not 1 <= int(text) <= 8:
                raise self.error(grid["columns"], t("columns must be 1 to 8, not '{value}'",
                                                    value=text))
            columns = int(text)
        gutter = 2 * body.size
        if "gutter" in grid:
            gutter = self.length(grid["gutter"], key("gutter"), body.size)
        return columns, gutter, self.flag(grid, "column_rules", True)

    def rules(self, node: Node | None) -> Rules:
        keys = ("kinsoku", "punctuation", "fallback", "figures_across", "long_figures")
        rules = self.mapping(node, keys, key("rules")) if node else {}
        kinsoku, punct = "basic", "full"
        if "fallback" in rules:
            self.fallback = self.font_fallback(rules["fallback"])
        if "kinsoku" in rules:
            kinsoku = self.scalar(rules["kinsoku"], key("kinsoku"))
            if kinsoku not in PROHIBITION_LEVELS:
                raise self.error(rules["kinsoku"], t("unknown kinsoku level '{value}'",
                                                     value=kinsoku),
                                 t("use {choices}", choices=listing(PROHIBITION_LEVELS)))
        if "punctuation" in rules:
            value = self.scalar(rules["punctuation"], key("punctuation"))
            if value not in PUNCTUATION_STYLES:
                raise self.error(rules["punctuation"], t("unknown punctuation style '{value}'",
                                                         value=value),
                                 t("use full (全角), kaiming (开明), half (半角) "
                                   "or hanging (标点悬挂)"))
            punct = PUNCTUATION_STYLES[value]
        across = 3
        if "figures_across" in rules:
            text = self.scalar(rules["figures_across"], key("figures_across"))
            if not text.isdigit() or int(text) > MAX_FIGURES_ACROSS:
                raise self.error(rules["figures_across"], t("figures_across must be 0 to "
                                                            "{most}, not '{value}'",
                                                            most=MAX_FIGURES_ACROSS, value=text),
                                 t("the most characters a number may have to stand across a "
                                   "vertical column (纵中横), e.g. 3; 0 for none"))
            across = int(text)
        figures = "upright"
        if "long_figures" in rules:
            figures = self.scalar(rules["long_figures"], key("long_figures"))
            if figures not in LONG_FIGURES:
                raise self.error(rules["long_figures"], t("unknown long_figures '{value}'",
                                                          value=figures),
                                 t("use upright (a cell for each character) or turned (90°, "
                                   "as a Latin word)"))
        return Rules(kinsoku=kinsoku, punctuation=punct, figures_across=across,
                     long_figures=figures)

    def styles(self, node: Node, colors: dict[str, str]) -> dict[str, Style]:
        entries = self.mapping(node, ROLES, key("styles"))
        if "body" not in entries:
            raise self.error(node, t("styles has no 'body'"),
                             t("every layout needs a body style"))
        raw = {role: self.mapping(n, STYLE_KEYS, t("style '{role}'", role=key(role)))
               for role, n in entries.items()}
        if "inherit" in raw["body"]:
            raise self.error(raw["body"]["inherit"], t("the body style cannot inherit"),
                             t("every other style starts from the body; remove 'inherit' "
                               "here"))
        return {role: self.style(role, self.inherited(role, raw), node, colors)
                for role in ("body", *[r for r in ROLES if r != "body"])}

    def inherited(self, role: str, raw: dict[str, dict[str, Node]]) -> dict[str, Node]:
        """The keys ``role`` is set with: those of the style it inherits from (which may
        inherit in turn) under its own; a style that inherits nothing starts from the
        body's font and size. A loop of 'inherit' is an error naming the whole loop."""
        chain = [role]
        while (parent_node := raw.get(chain[-1], {}).get("inherit")) is not None:
            parent = self.scalar(parent_node, key("inherit"))
            if parent not in raw:
                raise self.error(parent_node, t("no style '{style}' to inherit from",
                                                style=parent),
                                 t("inherit from a style given under 'styles:'"))
            if parent in chain:
                raise self.error(parent_node, *_inherit_loop(chain[chain.index(parent):]))
            chain.append(parent)
        merged: dict[str, Node] = {}
        if chain[-1] != "body":
            merged = {k: v for k, v in raw["body"].items() if k in ("font", "size")}
        for name in reversed(chain):
            merged.update(raw.get(name, {}))
        return merged

    def style(self, role: str, s: dict[str, Node], where: Node, colors: dict[str, str]) -> Style:
        family = self.scalar(s["font"], key("font")) if "font" in s else "serif"
        if family in self.families:  # exactly the chain the layout's 'fonts:' gives
            faces, bold_faces = (family,), (family + ":bold",)
        elif family in FAMILIES:
            regular, bold = FAMILIES[family]
            faces, bold_faces = _chain(regular), _chain(bold, BOLD_FALLBACK)
        else:
            raise self.error(s["font"], t("unknown font '{font}'", font=family),
                             t("bundled fonts: {fonts}; or a family from the layout's 'fonts:'",
                               fonts=listing(list(FAMILIES))))
        try:
            size = parse_size(self.scalar(s["size"], key("size"))) if "size" in s else 10.5
        except UnitError as e:
            raise self.error(s["size"], e.message) from None
        leading = size * 1.5
        if "leading" in s:
            text = self.scalar(s["leading"], key("leading"))
            try:  # a bare number is a factor of the size; a length has a unit
                leading = size * float(text)
            except ValueError:
                leading = self.length(s["leading"], key("leading"), size)
            if not size * 0.9 <= leading <= size * 4:
                raise self.error(s["leading"], t("leading {value} gives {leading}pt for "
                                                 "{size}pt type; lines would overlap or drift "
                                                 "apart", value=text, leading=format(leading, "g"),
                                                 size=format(size, "g")),
                                 t("write a factor from 1 to 4 (1.7) or a length such as 16pt"))
        align = self.scalar(s["align"], key("align")) if "align" in s else "justify"
        if align not in ALIGNS:
            raise self.error(s["align"], t("unknown align '{value}'", value=align),
                             t("use {choices}", choices=listing(ALIGNS)))

        def opt_length(name: str) -> float:
            return self.length(s[name], key(name), size) if name in s else 0.0

        return Style(
            name=role,
            faces=faces,
            bold_faces=bold_faces,
            size=size,
            leading=leading,
            indent=opt_length("indent"),
            align=align,
            color=self.color(s["color"], colors) if "color" in s else colors["ink"],
            background=self.color(s["background"], colors) if "background" in s else None,
            space_before=opt_length("space_before"),
            inset=opt_length("inset"),
        )


def _inherit_loop(loop: list[str]) -> tuple[Text, Text]:
    """Message and hint for styles that inherit from each other round in a circle."""
    if len(loop) == 1:
        return (t("style '{style}' inherits from itself", style=loop[0]),
                t("remove 'inherit', or name another style"))
    steps: Text = t("'{style}'", style=loop[0])
    for role in reversed(loop[1:]):
        steps = t("'{style}', which inherits from {rest}", style=role, rest=steps)
    return (t("the styles inherit in a loop: '{style}' inherits from {steps}",
              style=loop[0], steps=steps),
            t("one of them must not inherit: remove its 'inherit'"))


def _chain(face: str, fallback: tuple[str, ...] = FALLBACK) -> tuple[str, ...]:
    return (face, *[f for f in fallback if f != face])
