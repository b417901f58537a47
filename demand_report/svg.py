"""Small inline SVG charts, drawn in Python: no script, no CDN, readable without a network.

Each chart is a complete `<svg>` element with a `<title>` for screen readers; labels are
escaped. Bars of suppressed counts (1 or 2, see demand_report.figures) are not drawn, and
their label says "< 3".
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from demand_report.figures import MIN_CELL, shown


def shown_html(n: int) -> str:
    """A count as the report may show it, for HTML ("< 3" escaped)."""
    return escape(shown(n))


BAR_COLOR = "#00566e"  # the Kreis's colour, as in the web chat
MUTED = "#6b7780"
FONT = "font-family:system-ui,sans-serif;font-size:12px"


def _drawn(n: float, suppress: bool) -> float:
    return 0 if suppress and 0 < n < MIN_CELL else n


def hbar_chart(title: str, rows: Sequence[tuple[str, int]], width: int = 560) -> str:
    """Horizontal bars, one row per label (counts; small ones suppressed)."""
    label_w, row_h, pad = 170, 24, 8
    height = pad * 2 + row_h * max(len(rows), 1)
    top = max([_drawn(n, True) for _, n in rows] + [1])
    bar_w = width - label_w - 60
    parts = [
        f'<svg class="chart hbar" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" style="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, n) in enumerate(rows):
        y = pad + i * row_h
        w = bar_w * _drawn(n, True) / top
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end">{escape(label)}</text>'
        )
        if w > 0:
            parts.append(
                f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
                f'fill="{BAR_COLOR}"><title>{escape(label)}: {shown_html(n)}</title></rect>'
            )
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 16}">{shown_html(n)}</text>')
    if not rows:
        parts.append(f'<text x="{pad}" y="{pad + 16}" fill="{MUTED}">keine Daten</text>')
    parts.append("</svg>")
    return "".join(parts)


def vbar_chart(
    title: str,
    columns: Sequence[tuple[str, float]],
    value_label: Sequence[str] | None = None,
    suppress: bool = True,
    height: int = 220,
) -> str:
    """Vertical bars over time (weeks); `value_label` overrides the text above each bar."""
    col_w, left, bottom, top_pad = 46, 36, 44, 20
    width = left + col_w * max(len(columns), 1) + 10
    plot_h = height - bottom - top_pad
    top = max([_drawn(v, suppress) for _, v in columns] + [1e-9])
    parts = [
        f'<svg class="chart vbar" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" style="{FONT}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 6}" y2="{top_pad + plot_h}" '
        f'stroke="{MUTED}"/>',
    ]
    for i, (label, value) in enumerate(columns):
        x = left + i * col_w
        h = plot_h * _drawn(value, suppress) / top if top > 0 else 0
        text = value_label[i] if value_label else shown(int(value))
        if h > 0:
            parts.append(
                f'<rect class="bar" x="{x + 8}" y="{top_pad + plot_h - h:.1f}" '
                f'width="{col_w - 16}" height="{h:.1f}" fill="{BAR_COLOR}">'
                f"<title>{escape(label)}: {escape(text)}</title></rect>"
            )
        parts.append(
            f'<text x="{x + col_w / 2}" y="{top_pad + plot_h - h - 4:.1f}" '
            f'text-anchor="middle">{escape(text)}</text>'
        )
        parts.append(
            f'<text x="{x + col_w / 2}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="{MUTED}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
