"""Server-rendered SVG charts: no JavaScript, no inline style attributes.

Colours and line patterns are SVG presentation attributes (so the same markup renders in the
browser and in WeasyPrint's PDF); classes give the stylesheet a hook. Every chart has
``role="img"`` with a <title> and a <desc> that says in words what the chart shows; the data
table beside it carries the exact numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

# Colour + dash pattern + marker shape per series: distinguishable without colour.
STYLES = [
    {"stroke": "#00477a", "dash": "", "marker": "circle"},
    {"stroke": "#a34700", "dash": "8 4", "marker": "square"},
    {"stroke": "#5b2a86", "dash": "2 3", "marker": "diamond"},
]


@dataclass
class Series:
    label: str
    values: list  # numbers or None (no published value)
    intervals: list | None = None  # (lower, upper) per value or None: drawn as whiskers (95% interval)


def _nice_step(value: float, whole: bool = True) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) of at least ``value``; whole numbers for counts."""
    if value <= 0 or (whole and value <= 1):
        return 1
    exponent = math.floor(math.log10(value))
    for nice in (1, 2, 2.5, 5, 10):
        step = nice * 10**exponent
        if step >= value:
            return step
    return 10 ** (exponent + 1)


def _nice_max(value: float, whole: bool = True, steps: int = 4) -> float:
    return _nice_step(value / steps, whole) * steps


def _fmt(value) -> str:
    if value is None:
        return gettext("no figure")
    if isinstance(value, Decimal) or (isinstance(value, float) and not float(value).is_integer()):
        return f"{float(value):.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y:.1f} L{x:.1f} {y + 5:.1f} L{x - 5:.1f} {y:.1f} Z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(
    chart_id: str, title: str, description: str, labels: list[str], series: list[Series], unit: str = ""
) -> str:
    width, height = 640, 320
    left, right, top, bottom = 56, 16, 16, 84
    plot_w, plot_h = width - left - right, height - top - bottom
    raw = [v for s in series for v in s.values if v is not None]
    numbers = [float(v) for v in raw]
    numbers += [float(i[1]) for s in series for i in (s.intervals or []) if i is not None]
    y_max = _nice_max(max(numbers) if numbers else 1, whole=all(isinstance(v, int) for v in raw))
    n = max(len(labels), 1)

    def x_at(i):
        return left + (plot_w * (i + 0.5) / n)

    def y_at(v):
        return top + plot_h - plot_h * float(v) / y_max

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--line" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for step in range(5):
        value = y_max * step / 4
        y = y_at(value)
        parts.append(
            f'<line class="chart__grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#d0d0d0" stroke-width="1"/>'
        )
        label = _fmt(int(value)) if float(value).is_integer() else _fmt(Decimal(str(round(value, 1))))
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333333">{label}</text>')
    every = max(1, math.ceil(n / 8))
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            x = x_at(i)
            parts.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="end" fill="#333333" '
                f'transform="rotate(-35 {x:.1f} {top + plot_h + 16})">{escape(label)}</text>'
            )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#333333" stroke-width="1"/>'
    )
    for index, item in enumerate(series):
        style = STYLES[index % len(STYLES)]
        segments, current = [], []
        for i, value in enumerate(item.values):
            if value is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append((x_at(i), y_at(value)))
        if current:
            segments.append(current)
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        shift = (index - (len(series) - 1) / 2) * 3  # whiskers of several series side by side
        for i, interval in enumerate(item.intervals or []):
            if interval is None or item.values[i] is None:
                continue
            x, y_low, y_high = x_at(i) + shift, y_at(interval[0]), y_at(interval[1])
            parts.append(
                f'<path class="chart__whisker chart__whisker--{index}" d="M{x:.1f} {y_low:.1f} V{y_high:.1f} '
                f'M{x - 3:.1f} {y_low:.1f} H{x + 3:.1f} M{x - 3:.1f} {y_high:.1f} H{x + 3:.1f}" '
                f'stroke="{style["stroke"]}" stroke-width="1" stroke-opacity="0.6" fill="none"/>'
            )
        for segment in segments:
            if len(segment) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                parts.append(
                    f'<polyline class="chart__line chart__line--{index}" points="{points}" fill="none" '
                    f'stroke="{style["stroke"]}" stroke-width="2.5"{dash}/>'
                )
            for x, y in segment:
                parts.append(_marker(style["marker"], x, y, style["stroke"]))
    # legend
    legend_y = height - 6
    x = left
    for index, item in enumerate(series):
        style = STYLES[index % len(STYLES)]
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        parts.append(
            f'<line x1="{x}" y1="{legend_y - 4}" x2="{x + 24}" y2="{legend_y - 4}" stroke="{style["stroke"]}" stroke-width="2.5"{dash}/>'
        )
        parts.append(_marker(style["marker"], x + 12, legend_y - 4, style["stroke"]))
        parts.append(f'<text x="{x + 30}" y="{legend_y}" fill="#1a1a1a">{escape(item.label)}</text>')
        x += 40 + 7 * len(item.label)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(chart_id: str, title: str, description: str, bars: list[tuple[str, object, str]]) -> str:
    """Horizontal bars: (label, value or None, text shown when there is no value)."""
    row_h, left, right, top = 26, 190, 70, 8
    width = 640
    height = top * 2 + row_h * max(len(bars), 1)
    raw = [v for _, v, _ in bars if v is not None]
    numbers = [float(v) for v in raw]
    x_max = _nice_max(max(numbers) if numbers else 1, whole=all(isinstance(v, int) for v in raw))
    plot_w = width - left - right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--bar" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for i, (label, value, missing_text) in enumerate(bars):
        y = top + i * row_h
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" fill="#1a1a1a">{escape(short)}</text>')
        if value is None:
            parts.append(
                f'<text x="{left + 4}" y="{y + 17}" fill="#4a4a4a" font-style="italic">{escape(missing_text)}</text>'
            )
            continue
        bar_w = max(1.0, plot_w * float(value) / x_max)
        parts.append(
            f'<rect class="chart__bar" x="{left}" y="{y + 4}" width="{bar_w:.1f}" height="{row_h - 8}" fill="#00477a"/>'
        )
        parts.append(f'<text x="{left + bar_w + 6:.1f}" y="{y + 17}" fill="#1a1a1a">{_fmt(value)}</text>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - top}" stroke="#333333" stroke-width="1"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
