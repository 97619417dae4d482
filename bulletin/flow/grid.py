"""The page grid: columns a whole number of body characters wide, rows one body
line pitch high. Every body line sits on a row, so lines align across columns."""

from __future__ import annotations

from dataclasses import dataclass

from ..style.layout import Layout

# The centre of a CJK em box sits 0.38 em above the baseline (ideographic box
# from -0.12 em to 0.88 em): centre the box in its row.
EM_BOX_CENTRE = 0.38


@dataclass(frozen=True)
class Grid:
    page_width: float
    page_height: float
    left: float  # x of the first column
    top: float  # distance of row 0 from the page's top edge
    pitch: float
    rows: int  # rows on a page
    columns: int
    column_width: float
    gutter: float
    chars: int  # body characters per column line

    @property
    def width(self) -> float:
        return self.columns * self.column_width + (self.columns - 1) * self.gutter

    def column_x(self, k: int) -> float:
        """Left x of column ``k``."""
        return self.left + k * (self.column_width + self.gutter)

    def row_top(self, row: float) -> float:
        """PDF y of the top edge of a row."""
        return self.page_height - self.top - row * self.pitch

    def baseline(self, row: float, size: float, rows: int = 1) -> float:
        """PDF y of the baseline for text of ``size`` centred in ``rows`` rows from ``row``."""
        centre = self.row_top(row) - rows * self.pitch / 2
        return centre - EM_BOX_CENTRE * size


def make_grid(layout: Layout) -> Grid:
    body = layout.body
    text_w = layout.page_width - layout.margin_left - layout.margin_right
    text_h = layout.page_height - layout.margin_top - layout.margin_bottom
    n, gutter = layout.columns, layout.gutter
    chars = int((text_w - gutter * (n - 1)) / (n * body.size) + 1e-6)
    col_w = chars * body.size
    total = n * col_w + (n - 1) * gutter
    rows = int(text_h / body.leading + 1e-6)
    top = layout.margin_top + (text_h - rows * body.leading) / 2
    return Grid(
        layout.page_width, layout.page_height, layout.margin_left + (text_w - total) / 2, top,
        body.leading, rows, n, col_w, gutter, chars,
    )
