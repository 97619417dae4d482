"""Set a paragraph: atoms → breaks → justified lines of positioned glyphs.

Pure: font metrics in, coordinates out. The renderer draws exactly these
positions; it never decides a break or a width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from .atoms import Atom, Junction, make_atoms
from .breaker import INFEASIBLE, Fit, Measure, break_and_fit, line_fits
from .chars import Kind
from .model import Bar, Block, Glyph, Line, Rules, Run
from .phrases import mark_word_breaks
from .vertical import Forms, figure_atom, vertical_runs

ALIGNS = ("justify", "start", "center", "end", "distribute")
RAGGED = {"start": "ragged", "end": "ragged", "center": "balanced"}  # how the breaker costs
_BLANK_START = " \t\u3000"


def compose(
    runs: Sequence[Run],
    widths: float | Sequence[float],
    rules: Rules | None = None,
    indent: float = 0.0,
    align: str = "justify",
    display: bool = False,
    forms: Forms | None = None,
) -> Block:
    """Typeset one paragraph.

    ``widths`` is the measure in pt (or one per line, the last repeating);
    ``indent`` is the first line's indent in pt. ``align``: ``justify`` (两端对齐,
    last line solid), ``start``, ``center``, ``end``, or ``distribute`` (均排:
    every line, the last too, spread to the full measure). ``display`` is for
    display type (titles, headings, mastheads …), read as phrases: its lines break
    between words and, unless justified, come out balanced. With ``rules.vertical`` the
    lines are columns (竖排), ``widths`` their heights: the same composition, on the
    metrics of characters set down a column (``vertical``), each face's vertical forms
    (its ``vert`` glyphs) taken from ``forms`` (the font stage's; None: none).
    """
    rules = rules or Rules()
    figures = None
    if rules.vertical:
        runs = vertical_runs(runs, forms)
        figures = partial(figure_atom, rules=rules)
    measure = Measure(tuple([widths] if isinstance(widths, (int, float)) else widths))
    runs = _strip_leading_blanks(list(runs))
    lines: list[Line] = []
    first = True
    for segment in _split_forced_breaks(runs):
        seg_indent = indent if first else 0.0
        offset = len(lines)
        seg_measure = Measure(
            tuple(measure.width(offset + k) for k in range(max(1, len(measure.widths) - offset))),
            seg_indent,
        )
        atoms, junctions = make_atoms(segment, rules, figures)
        if display and _needs_breaking(atoms, junctions, seg_measure):
            mark_word_breaks(atoms, junctions)
        atoms, junctions = _split_overwide(atoms, junctions, min(seg_measure.widths), rules)
        if not atoms:
            lines.append(Line((), seg_measure.width(0), 0.0, _size(segment)))
        else:
            ragged = "balanced" if display and align in RAGGED else RAGGED.get(align, "")
            ends, fits = break_and_fit(atoms, junctions, seg_measure, rules.min_last_line,
                                       ragged)
            lines.extend(_set_lines(atoms, junctions, ends, fits, seg_measure, align, ragged))
        first = False
    if rules.vertical:
        lines = [replace(line, vertical=True) for line in lines]
    return Block(tuple(lines))


def _needs_breaking(atoms: list[Atom], junctions: list[Junction], measure: Measure) -> bool:
    """Is the paragraph longer than its first line, even pushed in as far as it goes?"""
    if not atoms:
        return False
    fit = line_fits(atoms, junctions, [len(atoms) - 1])[0]
    return fit.natural - fit.shrink - fit.squeeze - fit.hang > measure.width(0) - measure.indent


def _size(runs: Sequence[Run]) -> float:
    return max((r.size for r in runs), default=0.0)


def _strip_leading_blanks(runs: list[Run]) -> list[Run]:
    """A typed U+3000 or space indent is dropped: the style's indent is the indent."""
    out = list(runs)
    while out and out[0].text[:1] in tuple(_BLANK_START) and out[0].text:
        stripped = out[0].text.lstrip(_BLANK_START)
        out[0] = _with_text(out[0], stripped)
        if not stripped:
            out.pop(0)
    return out


def _with_text(run: Run, text: str) -> Run:
    return Run(text, run.faces, run.size, run.emphasis, run.source)


def _split_forced_breaks(runs: list[Run]) -> list[list[Run]]:
    segments: list[list[Run]] = [[]]
    for run in runs:
        parts = run.text.split("\n")
        for k, part in enumerate(parts):
            if k:
                segments.append([])
            if part:
                segments[-1].append(_with_text(run, part))
    return segments


def _split_overwide(atoms, junctions, width, rules):
    """A word wider than the measure is cut into letters (the only way to set it)."""
    if all(a.width <= width for a in atoms):
        return atoms, junctions
    new_atoms: list[Atom] = []
    new_junctions: list[Junction] = []
    for k, atom in enumerate(atoms):
        if atom.width > width and len(atom.glyphs) > 1:
            for i, g in enumerate(atom.glyphs):
                end = atom.glyphs[i + 1].x if i + 1 < len(atom.glyphs) else atom.core
                piece = Atom(g.char, atom.kind, atom.size, core=end - g.x,
                             glyphs=[replace(g, x=0.0)])
                if i:
                    new_junctions.append(Junction(stretch=0.0, penalty=100.0))
                new_atoms.append(piece)
        else:
            new_atoms.append(atom)
        if k < len(junctions):
            new_junctions.append(junctions[k])
    return new_atoms, new_junctions


def _set_lines(atoms, junctions, ends, fits: list[Fit], measure: Measure, align: str,
               ragged: str) -> list[Line]:
    """Each line of a paragraph broken at ``ends`` (with its ``fits``) positioned."""
    lines = []
    start = 0
    for number, end in enumerate(ends):
        indent = measure.indent if number == 0 else 0.0
        lines.append(_set_line(atoms[start : end + 1], junctions[start:end], fits[number],
                               measure.width(number), indent, align, number == len(ends) - 1,
                               ragged))
        start = end + 1
    return lines


def _set_line(atoms, junctions, fit: Fit, width, indent, align, last, ragged) -> Line:
    """Position one line's atoms: squeeze or expand to the measure, then place glyphs."""
    hangs = fit.best(width - indent, last, ragged)[1]
    target = width + (atoms[-1].hang if hangs else 0.0)  # a hanging mark stands past it
    gaps = [j.glue for j in junctions]
    room = target - indent - fit.natural
    extra = [0.0] * len(junctions)
    if room < -1e-9:
        _squeeze(gaps, junctions, -room)
    elif align == "distribute" or (align == "justify" and not last and fit.spreads(target)):
        first, per_unit = fit.spread(target - indent)
        if align == "distribute" or per_unit == INFEASIBLE:  # 均排: every gap alike
            first, per_unit = 0.0, room / fit.stretch if fit.stretch else 0.0
        share = first / fit.widen if fit.widen else 0.0
        extra = [j.widen * share + j.stretch * per_unit for j in junctions]
        if align == "distribute" and not fit.stretch and len(atoms) == 1:
            indent += room / 2
    x = indent
    if align in ("center", "end"):  # only these need the line's set width
        used = indent + fit.natural + sum(gaps) - sum(j.glue for j in junctions) + sum(extra)
        shift = (width - used) / 2 if align == "center" else width - used
        x = indent + max(0.0, shift)
    glyphs: list[Glyph] = []
    dots: list[tuple[float, float]] = []
    bars: list[Bar] = []
    for k, atom in enumerate(atoms):
        for g in atom.glyphs:  # Glyph(...) not replace(): this runs for every character
            glyphs.append(Glyph(g.char, g.face, g.size, x + g.x, g.hscale, g.y, g.angle))
        if atom.emphasis and atom.kind in (Kind.HAN, Kind.LATIN):
            dots.extend(_dot_positions(atom, x))
        if atom.dash_bar:
            x0, x1, y0, y1 = atom.dash_bar
            bars.append(Bar(x + x0, x + x1, y0, y1))
        x += atom.width
        if k < len(junctions):
            x += gaps[k] + extra[k]
    x -= atoms[-1].right  # a line-end mark is half width: its ink flush with the edge
    hyphen = atoms[-1].hyphen
    if hyphen:  # an English word broken here
        glyphs.append(replace(hyphen, x=x))
        x += atoms[-1].hyphen_width
    size = max(a.size for a in atoms)
    return Line(tuple(glyphs), width, x, size, tuple(dots), tuple(bars))


def _dot_positions(atom: Atom, origin: float) -> list[tuple[float, float]]:
    """One dot per character: in the middle of each cell of a Han character or an upright
    figure (whose glyphs may stand anywhere in it), under each letter of a Latin word."""
    if atom.kind is Kind.HAN or atom.upright:
        cells = max(1, round(atom.core / atom.size))
        return [(origin + (k + 0.5) * atom.core / cells, atom.size) for k in range(cells)]
    out = []
    for i, g in enumerate(atom.glyphs):
        end = atom.glyphs[i + 1].x if i + 1 < len(atom.glyphs) else atom.core
        out.append((origin + (g.x + end) / 2, atom.size))
    return out


def _squeeze(gaps: list[float], junctions: list[Junction], need: float) -> None:
    """Take ``need`` pt out of the line (挤进): the blank between adjacent marks first,
    then the pause marks and Latin gaps, each by the same share of what it may give."""
    for tier in ("shrink", "squeeze"):
        total = sum(getattr(j, tier) for j in junctions)
        if total <= 0 or need <= 1e-12:
            continue
        ratio = min(1.0, need / total)
        for i, j in enumerate(junctions):
            gaps[i] -= getattr(j, tier) * ratio
        need -= total * ratio
