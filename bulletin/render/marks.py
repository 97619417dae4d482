"""Print-shop output: bleed, crop marks and the PDF page boxes.

The document is drawn on a larger sheet: the trimmed page, 3 mm of bleed around
it into which anything touching the trim edge runs on, and beyond that a slug
for the crop marks. TrimBox and BleedBox tell the print shop where to cut.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from ..flow.model import Box
from ..style.units import MM

REGISTRATION = CMYKColor(1, 1, 1, 1)  # crop marks print on every plate
MIN_INSET = 5 * MM  # text this far inside the trim survives a cutting tolerance


@dataclass(frozen=True)
class PrintMarks:
    bleed: float = 3 * MM
    mark: float = 6 * MM  # length of a crop mark
    gap: float = 1 * MM  # between the bleed edge and a mark

    @property
    def offset(self) -> float:
        """Where the trimmed page's corner sits on the sheet."""
        return self.bleed + self.gap + self.mark + 1 * MM


def bleed_box(box: Box, width: float, height: float, bleed: float) -> Box:
    """A filled box that touches the trim edge runs on into the bleed."""
    x0, y0, x1, y1 = box.x, box.y, box.x + box.width, box.y + box.height
    eps = 0.01
    x0 = x0 - bleed if x0 <= eps else x0
    y0 = y0 - bleed if y0 <= eps else y0
    x1 = x1 + bleed if x1 >= width - eps else x1
    y1 = y1 + bleed if y1 >= height - eps else y1
    return replace(box, x=x0, y=y0, width=x1 - x0, height=y1 - y0)


def set_boxes(c: Canvas, width: float, height: float, marks: PrintMarks) -> None:
    o, b = marks.offset, marks.bleed
    c.setTrimBox((o, o, o + width, o + height))
    c.setBleedBox((o - b, o - b, o + width + b, o + height + b))


def draw_crop_marks(c: Canvas, width: float, height: float, marks: PrintMarks) -> None:
    """Two short lines at each corner, on the trim lines, outside the bleed."""
    o = marks.offset
    start = marks.bleed + marks.gap
    c.saveState()
    c.setStrokeColor(REGISTRATION)
    c.setLineWidth(0.25)
    for x in (o, o + width):
        for y in (o, o + height):
            dx = -1 if x == o else 1
            dy = -1 if y == o else 1
            c.line(x + dx * start, y, x + dx * (start + marks.mark), y)
            c.line(x, y + dy * start, x, y + dy * (start + marks.mark))
    c.restoreState()
