"""Charts as SVG drawn on the server: no script, readable without JavaScript.

Each chart is an image with a title and a description naming the table beside it, which is the
accessible version of the same figures (screen readers are pointed to it). Series are told apart
by colour and by line pattern and marker, never by colour alone. Only presentation attributes
are used (no inline style), so the content security policy has nothing to allow.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#912b88", "#28a197", "#505a5f"]
DASHES = ["", "8 4", "2 4", "10 4 2 4", "4 4", "12 3", "1 3", "6 2 2 2"]
MARKERS = ["circle", "square", "diamond", "triangle"]
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
FONT = 'font-family="Arial, sans-serif"'


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[float]


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top` (1, 2 or 5 times a power of ten apart)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def _number(value: float) -> str:
    return f"{value:g}"


# What a chart says its figures are, unless told otherwise.
TABLE_HINT = gettext_lazy("The table that follows gives the figures.")


def _open(chart_id: str, title: str, table_hint: str | None, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="accord-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" focusable="false" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(table_hint or TABLE_HINT)}</desc>',
    ]


def bar_chart(
    chart_id: str, title: str, labels: Sequence[str], values: Sequence[float], *,
    table_hint: str | None = None, unit: str = "",
) -> SafeString:  # fmt: skip
    """Horizontal bars, one per label, each with its value written at its end."""
    row, left, right, top = 34, 230, 70, 10
    width = 720
    height = top + row * max(len(labels), 1) + 30
    scale_top = nice_ticks(max(values, default=0))[-1]
    plot = width - left - right
    parts = _open(chart_id, title, table_hint, width, height)
    for tick in nice_ticks(max(values, default=0)):
        x = left + plot * tick / scale_top
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 26}" stroke="{GRID}" '
            f'stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{height - 8}" font-size="13" text-anchor="middle" '
            f'fill="{TEXT}" {FONT}>{_number(tick)}</text>'
        )
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * row
        length = plot * value / scale_top if scale_top else 0
        shown = escape(label if len(label) <= 32 else label[:31] + "…")
        parts.append(
            f'<text x="{left - 8}" y="{y + row / 2 + 5:.1f}" font-size="14" text-anchor="end" '
            f'fill="{TEXT}" {FONT}>{shown}</text>'
            f'<rect x="{left}" y="{y + 6}" width="{length:.1f}" height="{row - 12}" '
            f'fill="{COLOURS[0]}"/>'
            f'<text x="{left + length + 6:.1f}" y="{y + row / 2 + 5:.1f}" font-size="14" '
            f'fill="{TEXT}" {FONT}>{_number(value)}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


def line_chart(
    chart_id: str, title: str, labels: Sequence[str], lines: Sequence[Line], *,
    table_hint: str | None = None,
) -> SafeString:  # fmt: skip
    """One line per series over the labels (months), with a legend above the plot."""
    width, left, right = 720, 50, 44
    legend_rows = math.ceil(len(lines) / 2)
    top = 16 + 24 * legend_rows
    plot_height = 220
    height = top + plot_height + 56
    highest = max((v for line in lines for v in line.values), default=0)
    ticks = nice_ticks(highest)
    scale_top = ticks[-1]
    plot = width - left - right
    step = plot / max(len(labels) - 1, 1)
    parts = _open(chart_id, title, table_hint, width, height)
    for index, line in enumerate(lines):
        x: float = 10 + (index % 2) * (width // 2)
        y: float = 14 + 24 * (index // 2)
        parts.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 36}" y2="{y}" stroke="{_colour(index)}" '
            f'stroke-width="3" stroke-dasharray="{_dash(index)}"/>'
            f"{_marker(index, x + 18, y)}"
            f'<text x="{x + 44}" y="{y + 5}" font-size="14" fill="{TEXT}" {FONT}>'
            f"{escape(line.label[:40])}</text>"
        )
    for tick in ticks:
        y = top + plot_height - plot_height * tick / scale_top
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-width="1"/><text x="{left - 8}" y="{y + 5:.1f}" font-size="13" '
            f'text-anchor="end" fill="{TEXT}" {FONT}>{_number(tick)}</text>'
        )
    every = max(1, math.ceil(len(labels) / 12))
    for index, label in enumerate(labels):
        if index % every:
            continue
        x = left + step * index if len(labels) > 1 else left + plot / 2
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_height + 22}" font-size="13" '
            f'text-anchor="middle" fill="{TEXT}" {FONT}>{escape(label)}</text>'
        )
    for index, line in enumerate(lines):
        points = [
            (
                left + step * i if len(labels) > 1 else left + plot / 2,
                top + plot_height - plot_height * v / scale_top,
            )
            for i, v in enumerate(line.values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{_colour(index)}" stroke-width="3" '
            f'stroke-dasharray="{_dash(index)}"/>'
        )
        parts.extend(_marker(index, x, y) for x, y in points)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


def _colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def _dash(index: int) -> str:
    return DASHES[index % len(DASHES)] or "none"


def _marker(index: int, x: float, y: float) -> str:
    colour = _colour(index)
    shape = MARKERS[index % len(MARKERS)]
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} '
            f'{x - 6:.1f},{y:.1f}" fill="{colour}"/>'
        )
    return (
        f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}" '
        f'fill="{colour}"/>'
    )
