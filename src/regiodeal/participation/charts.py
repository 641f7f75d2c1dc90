"""Server-side SVG: residents spoken per wijk as horizontal bars, with the norm (Art. 2.1) as a
line. Presentation attributes only (the Content-Security-Policy forbids inline styles), a <title>
and <desc>; the page puts a table with the same figures next to it."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LEFT, RIGHT, TOP, ROW, BOTTOM = 190, 60, 10, 28, 40
MET = "#0a5c2c"
SHORT = "#8a1010"
NORM = "#222222"


def norm_chart(
    *, chart_id: str, title: str, description: str, rows: list[tuple[str, int]], norm: int, norm_label: str
) -> SafeString:
    """`rows`: (wijk name, residents spoken). Bars that meet the norm are green, others red; the
    colour only supports the table and the numbers printed at each bar."""
    if not rows:
        return mark_safe("")
    top = max([norm, *[n for _name, n in rows]]) or 1
    plot_w = WIDTH - LEFT - RIGHT
    height = TOP + ROW * len(rows) + BOTTOM

    def x(value: int) -> float:
        return LEFT + plot_w * value / top

    t_id, d_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{t_id} {d_id}" class="rd-chart" id="{escape(chart_id)}">',
        f'<title id="{t_id}">{escape(title)}</title>',
        f'<desc id="{d_id}">{escape(description)}</desc>',
    ]
    for i, (name, value) in enumerate(rows):
        y = TOP + i * ROW
        colour = MET if value >= norm else SHORT
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 18}" text-anchor="end" font-size="12" fill="{NORM}">'
            f"{escape(name)}</text>"
        )
        parts.append(
            f'<rect x="{LEFT}" y="{y + 5}" width="{max(x(value) - LEFT, 1):.1f}" height="{ROW - 10}" '
            f'fill="{colour}"/>'
        )
        parts.append(f'<text x="{x(value) + 6:.1f}" y="{y + 18}" font-size="12" fill="{NORM}">{value}</text>')
    bottom = TOP + ROW * len(rows)
    parts.append(
        f'<line x1="{x(norm):.1f}" y1="{TOP}" x2="{x(norm):.1f}" y2="{bottom}" stroke="{NORM}" '
        f'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<text x="{x(norm):.1f}" y="{bottom + 18}" text-anchor="middle" font-size="12" fill="{NORM}">'
        f"{escape(norm_label)}</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
