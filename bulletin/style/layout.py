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
from ..resources import data_dir
from ..typeset import ALIGNS, Rules
from ..typeset.chars import PROHIBITION_LEVELS
from ..yamlsource import read_yaml
from .color import parse_color
from .units import MM, PAPER, UnitError, parse_length, parse_size

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
            "fonts", "fit")
FONT_FALLBACKS = {"error": "error", "no": "error", "system": "system"}
MIN_COLUMN_CHARS = 4  # narrower, a justified Chinese column is mostly spacing
MIN_ROWS = 8  # fewer body lines than this is no page to flow text on
MASTHEADS = ("newspaper", "briefing", "poster", "none")
PUNCTUATION_STYLES = {"full": "full", "全角": "full", "kaiming": "kaiming", "开明": "kaiming",
                      "half": "half", "半角": "half"}


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
    """A bundled layout's name or a path to a layout file (relative to the content file)."""
    layouts = bundled_layouts()
    if spec in layouts:
        return layouts[spec]
    path = Path(spec)
    if relative_to is not None and not path.is_absolute():
        candidate = relative_to / path
        if candidate.exists():
            return candidate
    if path.exists():
        return path
    close = difflib.get_close_matches(spec, list(layouts), n=1)
    hint = f"did you mean '{close[0]}'?" if close else "bundled layouts: " + ", ".join(layouts)
    raise BulletinError(f"no layout named '{spec}'", hint + " (or give a path to a .yaml file)")


def load_layout(path: Path) -> Layout:
    root = read_yaml(path, "a layout: 'page:', 'grid:' and 'styles:'")
    return _LayoutReader(str(path)).layout(root, path)


class _LayoutReader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.families: dict[str, FontFamily] = {}
        self.fallback = "error"

    def error(self, node: Node, message: str, hint: str | None = None) -> BulletinError:
        m = node.start_mark
        return BulletinError(message, hint, self.name, m.line + 1, m.column + 1)

    def mapping(self, node: Node, keys: tuple[str, ...], what: str) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            raise self.error(node, f"{what} must be a mapping of 'key: value' lines")
        out: dict[str, Node] = {}
        for k, v in node.value:
            if not isinstance(k, ScalarNode):
                raise self.error(k, f"a key in {what} must be a plain word",
                                 "write 'key: value', as in 'size: A4'")
            key = str(k.value)
            if key in out:
                raise self.error(k, f"'{key}' is given twice in {what}",
                                 "keep one of them (the second would silently win)")
            if keys and key not in keys:
                close = difflib.get_close_matches(key, keys, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(keys)
                raise self.error(k, f"unknown key '{key}' in {what}", hint)
            out[key] = v
        return out

    def scalar(self, node: Node, what: str) -> str:
        if not isinstance(node, ScalarNode) or node.value == "":
            raise self.error(node, f"{what} must be a single value")
        return node.value

    def length(self, node: Node, what: str, em: float | None = None) -> float:
        try:
            return parse_length(self.scalar(node, what), em)
        except UnitError as e:
            raise self.error(node, f"{what}: {e}") from None

    def layout(self, root: Node, path: Path) -> Layout:
        top = self.mapping(root, TOP_KEYS, "the layout")
        for required in ("page", "styles"):
            if required not in top:
                raise self.error(root, f"the layout has no '{required}'", f"add '{required}:'")
        width, height, margins = self.page(top["page"])
        colors = self.colors(top.get("colors"))
        self.fonts(top.get("fonts"))
        styles = self.styles(top["styles"], colors)
        columns, gutter, column_rules = self.grid(top.get("grid"), styles["body"])
        self.check_text_area(top, width, height, margins, columns, gutter, styles["body"])
        rules = self.rules(top.get("rules"))
        name = self.scalar(top["name"], "name") if "name" in top else path.stem
        return Layout(name, width, height, *margins, columns, gutter, rules, colors, styles,
                      column_rules, path, furniture=self.furniture(top.get("furniture")),
                      fonts=self.families, font_fallback=self.fallback,
                      fit=self.fit(top.get("fit"), styles["body"]))

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
            raise self.error(where, f"a column holds {max(chars, 0):.1f} body characters of "
                             f"{body.size:g}pt; it needs at least {MIN_COLUMN_CHARS}",
                             "use fewer columns, a smaller gutter or body size, or less margin")
        if rows < MIN_ROWS:
            raise self.error(top["page"], f"the page holds {max(rows, 0):.1f} body lines; it "
                             f"needs at least {MIN_ROWS}",
                             "use a taller page, smaller margins or a smaller body size")

    def fonts(self, node: Node | None) -> None:
        """'fonts:': family key → a font name or file, a list of them, or regular/bold lists."""
        if node is None:
            return
        for key, value in self.mapping(node, (), "fonts").items():
            if key == "fallback":
                self.fallback = self.font_fallback(value)
                continue
            if ":" in key:
                raise self.error(value, f"'{key}' cannot name a font family",
                                 "leave out the ':'")
            if isinstance(value, MappingNode):
                cuts = self.mapping(value, ("regular", "bold"), f"fonts '{key}'")
                if "regular" not in cuts:
                    raise self.error(value, f"fonts '{key}' has no 'regular'",
                                     "write 'regular: [a font name or file, …]'")
                bold = self.font_chain(cuts["bold"], key) if "bold" in cuts else None
                self.families[key] = FontFamily(key, self.font_chain(cuts["regular"], key), bold)
            else:
                self.families[key] = FontFamily(key, self.font_chain(value, key))

    def font_chain(self, node: Node, key: str) -> tuple[FontRef, ...]:
        items = node.value if isinstance(node, SequenceNode) else [node]
        if not items:
            raise self.error(node, f"fonts '{key}' lists no font",
                             "write e.g. [方正小标宋简体, serif]")
        refs = []
        for item in items:
            text = self.scalar(item, "a font (a family name or a font file)")
            m = item.start_mark
            refs.append(FontRef(text, self.name, m.line + 1, m.column + 1))
        return tuple(refs)

    def font_fallback(self, node: Node) -> str:
        value = self.scalar(node, "fallback")
        if value not in FONT_FALLBACKS:
            raise self.error(node, f"unknown fallback '{value}'",
                             "use 'error' (stop at a character no layout font has) or "
                             "'system' (take it from any installed font, with a warning)")
        return FONT_FALLBACKS[value]

    def fit(self, node: Node | None, body: Style) -> tuple[float, float] | None:
        """``fit: {min: 16pt, max: 28pt}``: the body sizes a poster may be set at."""
        if node is None:
            return None
        f = self.mapping(node, ("min", "max"), "fit")
        for key in ("min", "max"):
            if key not in f:
                raise self.error(node, f"fit has no '{key}'", "write fit: {min: 16pt, max: 28pt}")
        low, high = (self.length(f[k], f"fit {k}", body.size) for k in ("min", "max"))
        if low <= 0:
            raise self.error(f["min"], "fit min must be above 0pt", "e.g. min: 16pt")
        if low > high:
            raise self.error(node, f"fit min {low:g}pt is above max {high:g}pt",
                             "the smallest body size comes first")
        return low, high

    def furniture(self, node: Node | None) -> Furniture:
        keys = ("masthead", "running_head", "folio", "colophon", "jump_lines", "panels")
        f = self.mapping(node, keys, "furniture") if node else {}
        masthead = self.scalar(f["masthead"], "masthead") if "masthead" in f else "newspaper"
        if masthead not in MASTHEADS:
            raise self.error(f["masthead"], f"unknown masthead '{masthead}'",
                             "use " + " or ".join(MASTHEADS))
        folio = self.scalar(f["folio"], "folio") if "folio" in f else "第{n}版"
        if "{n}" not in folio and folio != "none":
            raise self.error(f["folio"], "the folio has no {n} for the page number",
                             "write e.g. '第{n}版' or '- {n} -', or none")
        return Furniture(masthead, self.flag(f, "running_head", True), folio,
                         self.flag(f, "colophon", False), self.flag(f, "jump_lines", True),
                         self.flag(f, "panels", False))

    def flag(self, fields: dict[str, Node], key: str, default: bool) -> bool:
        if key not in fields:
            return default
        value = self.scalar(fields[key], key).lower()
        if value not in ("yes", "no", "true", "false", "on", "off"):
            raise self.error(fields[key], f"{key} must be yes or no, not '{value}'")
        return value in ("yes", "true", "on")

    def page(self, node: Node) -> tuple[float, float, tuple[float, float, float, float]]:
        page = self.mapping(node, ("size", "orientation", "margin"), "page")
        size_node = page.get("size")
        if size_node is None:
            raise self.error(node, "page has no 'size'", "write e.g. 'size: A4'")
        if isinstance(size_node, SequenceNode):
            if len(size_node.value) != 2:
                raise self.error(size_node, "a page size list needs a width and a height",
                                 "write e.g. [210mm, 297mm]")
            w, h = (self.length(n, "page size") for n in size_node.value)
        else:
            paper = self.scalar(size_node, "page size").upper()
            if paper not in PAPER:
                raise self.error(size_node, f"unknown paper size '{paper}'",
                                 "use one of " + ", ".join(PAPER) + " or [width, height]")
            w, h = (v * MM for v in PAPER[paper])
        if "orientation" in page:
            orient = self.scalar(page["orientation"], "orientation")
            if orient not in ("portrait", "landscape"):
                raise self.error(page["orientation"], f"unknown orientation '{orient}'",
                                 "use portrait or landscape")
            if (orient == "landscape") != (w > h):
                w, h = h, w
        margin = {}
        if "margin" in page:
            margin = self.mapping(page["margin"], ("top", "right", "bottom", "left"), "page margin")
        sides = tuple(self.length(margin[s], f"margin {s}") if s in margin else 15 * MM
                      for s in ("top", "right", "bottom", "left"))
        return w, h, sides  # type: ignore[return-value]

    def colors(self, node: Node | None) -> dict[str, str]:
        colors = {"black": "#000000", "white": "#ffffff", "red": "#c8161d", "ink": "#1a1a1a"}
        if node is None:
            return colors
        for key, value in self.mapping(node, (), "colors").items():
            colors[key] = self.color(value, colors)
        return colors

    def color(self, node: Node, colors: dict[str, str]) -> str:
        text = self.scalar(node, "a colour")
        if text in colors:
            return colors[text]
        color = parse_color(text)
        if color:
            return color
        raise self.error(node, f"'{text}' is not a colour",
                         "write #rrggbb (e.g. #c8161d), cmyk(0, 100, 100, 10) in per cent, "
                         "or a name from 'colors:'")

    def grid(self, node: Node | None, body: Style) -> tuple[int, float, bool]:
        grid = self.mapping(node, ("columns", "gutter", "column_rules"), "grid") if node else {}
        columns = 1
        if "columns" in grid:
            text = self.scalar(grid["columns"], "columns")
            if not text.isdigit() or not 1 <= int(text) <= 8:
                raise self.error(grid["columns"], f"columns must be 1 to 8, not '{text}'")
            columns = int(text)
        gutter = 2 * body.size
        if "gutter" in grid:
            gutter = self.length(grid["gutter"], "gutter", body.size)
        return columns, gutter, self.flag(grid, "column_rules", True)

    def rules(self, node: Node | None) -> Rules:
        rules = self.mapping(node, ("kinsoku", "punctuation", "fallback"), "rules") if node else {}
        kinsoku, punct = "basic", "full"
        if "fallback" in rules:
            self.fallback = self.font_fallback(rules["fallback"])
        if "kinsoku" in rules:
            kinsoku = self.scalar(rules["kinsoku"], "kinsoku")
            if kinsoku not in PROHIBITION_LEVELS:
                raise self.error(rules["kinsoku"], f"unknown kinsoku level '{kinsoku}'",
                                 "use " + ", ".join(PROHIBITION_LEVELS))
        if "punctuation" in rules:
            value = self.scalar(rules["punctuation"], "punctuation")
            if value not in PUNCTUATION_STYLES:
                raise self.error(rules["punctuation"], f"unknown punctuation style '{value}'",
                                 "use full (全角), kaiming (开明) or half (半角)")
            punct = PUNCTUATION_STYLES[value]
        return Rules(kinsoku=kinsoku, punctuation=punct)

    def styles(self, node: Node, colors: dict[str, str]) -> dict[str, Style]:
        entries = self.mapping(node, ROLES, "styles")
        if "body" not in entries:
            raise self.error(node, "styles has no 'body'", "every layout needs a body style")
        raw = {role: self.mapping(n, STYLE_KEYS, f"style '{role}'") for role, n in entries.items()}
        styles: dict[str, Style] = {}
        for role in ("body", *[r for r in ROLES if r != "body"]):
            base = raw.get(role, {})
            parent_node = base.get("inherit")
            parent = self.scalar(parent_node, "inherit") if parent_node else "body"
            if parent_node is not None and parent not in raw:
                raise self.error(parent_node, f"no style '{parent}' to inherit from")
            if parent_node is not None:
                inherited = raw[parent]
            else:  # a role not set up, or without 'inherit', takes only the body's type
                inherited = {k: v for k, v in raw["body"].items() if k in ("font", "size")}
            merged = {**inherited, **base} if role != "body" else base
            styles[role] = self.style(role, merged, node, colors)
        return styles

    def style(self, role: str, s: dict[str, Node], where: Node, colors: dict[str, str]) -> Style:
        family = self.scalar(s["font"], "font") if "font" in s else "serif"
        if family in self.families:  # exactly the chain the layout's 'fonts:' gives
            faces, bold_faces = (family,), (family + ":bold",)
        elif family in FAMILIES:
            regular, bold = FAMILIES[family]
            faces, bold_faces = _chain(regular), _chain(bold, BOLD_FALLBACK)
        else:
            raise self.error(s["font"], f"unknown font '{family}'",
                             "bundled fonts: " + ", ".join(FAMILIES)
                             + "; or a family from the layout's 'fonts:'")
        try:
            size = parse_size(self.scalar(s["size"], "size")) if "size" in s else 10.5
        except UnitError as e:
            raise self.error(s["size"], str(e)) from None
        leading = size * 1.5
        if "leading" in s:
            text = self.scalar(s["leading"], "leading")
            try:  # a bare number is a factor of the size; a length has a unit
                leading = size * float(text)
            except ValueError:
                leading = self.length(s["leading"], "leading", size)
            if not size * 0.9 <= leading <= size * 4:
                raise self.error(s["leading"], f"leading {text} gives {leading:g}pt for "
                                 f"{size:g}pt type; lines would overlap or drift apart",
                                 "write a factor from 1 to 4 (1.7) or a length such as 16pt")
        align = self.scalar(s["align"], "align") if "align" in s else "justify"
        if align not in ALIGNS:
            raise self.error(s["align"], f"unknown align '{align}'", "use " + ", ".join(ALIGNS))

        def opt_length(key: str) -> float:
            return self.length(s[key], key, size) if key in s else 0.0

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


def _chain(face: str, fallback: tuple[str, ...] = FALLBACK) -> tuple[str, ...]:
    return (face, *[f for f in fallback if f != face])
