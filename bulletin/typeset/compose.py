"""Set a paragraph: atoms → breaks → justified lines of positioned glyphs.

Pure: font metrics in, coordinates out. The renderer draws exactly these
positions; it never decides a break or a width.
"""

from __future__ import annotations

from collections.abc import Sequence

from .atoms import Atom, Junction, make_atoms
from .breaker import Measure, break_lines
from .chars import Kind
from .model import Bar, Block, Glyph, Line, Rules, Run

ALIGNS = ("justify", "start", "center", "end", "distribute")
_BLANK_START = " \t\u3000"


def compose(
    runs: Sequence[Run],
    widths: float | Sequence[float],
    rules: Rules | None = None,
    indent: float = 0.0,
    align: str = "justify",
) -> Block:
    """Typeset one paragraph.

    ``widths`` is the measure in pt (or one per line, the last repeating);
    ``indent`` is the first line's indent in pt. ``align``: ``justify`` (两端对齐,
    last line solid), ``start``, ``center``, ``end``, or ``distribute`` (均排:
    every line, the last too, spread to the full measure).
    """
    rules = rules or Rules()
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
        atoms, junctions = make_atoms(segment, rules)
        atoms, junctions = _split_overwide(atoms, junctions, min(seg_measure.widths), rules)
        if not atoms:
            lines.append(Line((), seg_measure.width(0), 0.0, _size(segment)))
        else:
            ragged = {"start": "ragged", "end": "ragged", "center": "balanced"}.get(align, "")
            ends = break_lines(atoms, junctions, seg_measure, rules.min_last_line, ragged)
            lines.extend(_set_lines(atoms, junctions, ends, seg_measure, align))
        first = False
    return Block(tuple(lines))


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
                             glyphs=[Glyph(g.char, g.face, g.size, 0.0, g.hscale)])
                if i:
                    new_junctions.append(Junction(stretch=0.0, penalty=100.0))
                new_atoms.append(piece)
        else:
            new_atoms.append(atom)
        if k < len(junctions):
            new_junctions.append(junctions[k])
    return new_atoms, new_junctions


def _set_lines(atoms, junctions, ends, measure: Measure, align: str) -> list[Line]:
    lines = []
    start = 0
    for number, end in enumerate(ends):
        indent = measure.indent if number == 0 else 0.0
        width = measure.width(number)
        last = number == len(ends) - 1
        lines.append(
            _set_line(atoms[start : end + 1], junctions[start:end], width, indent, align, last)
        )
        start = end + 1
    return lines


def _set_line(atoms, junctions, width, indent, align, last) -> Line:
    """Position one line's atoms: compress or expand to the measure, then place glyphs."""
    lefts = [a.left for a in atoms]
    rights = [a.right for a in atoms]
    rights[-1] = 0.0  # a line-end mark is half width: its ink flush with the edge
    glues = [j.glue for j in junctions]
    natural = indent + sum(a.core for a in atoms) + sum(lefts) + sum(rights) + sum(glues)
    room = width - natural
    extra = [0.0] * len(junctions)
    if room < -1e-9:
        _compress(lefts, rights, glues, junctions, -room)
    elif align == "distribute" or (align == "justify" and not last):
        units = sum(j.stretch for j in junctions)
        if units > 0:
            extra = [room * j.stretch / units for j in junctions]
        elif align == "distribute" and len(atoms) == 1:
            indent += room / 2
    used = indent + sum(a.core for a in atoms) + sum(lefts) + sum(rights) + sum(glues) + sum(extra)
    shift = {"center": (width - used) / 2, "end": width - used}.get(align, 0.0)
    x = indent + max(0.0, shift) if align in ("center", "end") else indent
    glyphs: list[Glyph] = []
    dots: list[tuple[float, float]] = []
    bars: list[Bar] = []
    for k, atom in enumerate(atoms):
        origin = x - (atom.left - lefts[k])  # a compressed leading blank pulls the glyph left
        for g in atom.glyphs:
            glyphs.append(Glyph(g.char, g.face, g.size, origin + g.x, g.hscale))
        if atom.emphasis and atom.kind in (Kind.HAN, Kind.LATIN):
            dots.extend(_dot_positions(atom, origin))
        if atom.dash_bar:
            x0, x1, y0, y1 = atom.dash_bar
            bars.append(Bar(origin + x0, origin + x1, y0, y1))
        x += lefts[k] + atom.core + rights[k]
        if k < len(junctions):
            x += glues[k] + extra[k]
    size = max(a.size for a in atoms)
    return Line(tuple(glyphs), width, x, size, tuple(dots), tuple(bars))


def _dot_positions(atom: Atom, origin: float) -> list[tuple[float, float]]:
    out = []
    for i, g in enumerate(atom.glyphs):
        end = atom.glyphs[i + 1].x if i + 1 < len(atom.glyphs) else atom.core
        out.append((origin + (g.x + end) / 2, atom.size))
    return out


def _compress(lefts, rights, glues, junctions, need: float) -> None:
    """Take ``need`` pt out of the line: punctuation blanks first, then gaps (挤进)."""
    punct = sum(lefts[1:]) + sum(rights)  # a line-start opening mark keeps its full cell
    if punct > 0:
        ratio = min(1.0, need / punct)
        for i in range(len(lefts)):
            if i:
                lefts[i] -= lefts[i] * ratio
            rights[i] -= rights[i] * ratio
        need -= punct * ratio
    if need > 1e-9:
        gaps = sum(j.shrink for j in junctions)
        if gaps > 0:
            ratio = min(1.0, need / gaps)
            for i, j in enumerate(junctions):
                glues[i] -= j.shrink * ratio
