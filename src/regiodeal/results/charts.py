"""Server-side SVG charts: an indicator's baseline, target path and actuals. Presentation
attributes only (the Content-Security-Policy forbids inline styles), a <title> and <desc> for
screen readers; the page puts a table with the same figures next to it."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from regiodeal.common import formatting

from .verdict import Point

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 50
ACTUAL = "#0b5394"
TARGET = "#555555"
TEXT = "#222222"


def _fmt(value: Decimal) -> str:
    """An axis value in the reader's format, to at most two decimals (common.formatting)."""
    return formatting.number(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def indicator_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    baseline: Point | None,
    target: Point | None,
    actuals: dict[str, list[Point]],
) -> SafeString:
    """`actuals` maps a series label ('' for the region) to its points."""
    points = [p for series in actuals.values() for p in series]
    anchors = [p for p in (baseline, target) if p is not None]
    every = points + anchors
    if not every:
        return mark_safe("")
    dates = [p.on for p in every]
    values = [p.value for p in every]
    d0, d1 = min(dates), max(dates)
    if d0 == d1:
        d0, d1 = d0 - dt.timedelta(days=30), d1 + dt.timedelta(days=30)
    v0, v1 = min([*values, Decimal(0)]), max(values)
    if v0 == v1:
        v1 = v0 + 1
    span_days = (d1 - d0).days
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(on: dt.date) -> float:
        return LEFT + plot_w * (on - d0).days / span_days

    def y(value: Decimal) -> float:
        return TOP + plot_h * float((v1 - value) / (v1 - v0))

    t_id, d_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{t_id} {d_id}" class="rd-chart" id="{escape(chart_id)}">',
        f'<title id="{t_id}">{escape(title)}</title>',
        f'<desc id="{d_id}">{escape(description)}</desc>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#cccccc"/>',
    ]
    for value in (v0, v1):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="12" fill="{TEXT}">'
            f"{escape(_fmt(value))}</text>"
        )
    for on, anchor in ((d0, "start"), (d1, "end")):
        parts.append(
            f'<text x="{x(on):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="{anchor}" font-size="12" '
            f'fill="{TEXT}">{escape(formatting.day(on))}</text>'
        )
    if baseline is not None and target is not None:
        parts.append(
            f'<line x1="{x(baseline.on):.1f}" y1="{y(baseline.value):.1f}" x2="{x(target.on):.1f}" '
            f'y2="{y(target.value):.1f}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    if baseline is not None:
        parts.append(
            f'<rect x="{x(baseline.on) - 5:.1f}" y="{y(baseline.value) - 5:.1f}" width="10" height="10" '
            f'fill="{TARGET}"/>'
        )
    if target is not None:
        tx, ty = x(target.on), y(target.value)
        parts.append(
            f'<polygon points="{tx:.1f},{ty - 7:.1f} {tx + 7:.1f},{ty:.1f} {tx:.1f},{ty + 7:.1f} '
            f'{tx - 7:.1f},{ty:.1f}" fill="{TARGET}"/>'
        )
    for series in actuals.values():
        ordered = sorted(series, key=lambda p: p.on)
        if len(ordered) > 1:
            coords = " ".join(f"{x(p.on):.1f},{y(p.value):.1f}" for p in ordered)
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{ACTUAL}" stroke-width="2"/>')
        for p in ordered:
            parts.append(f'<circle cx="{x(p.on):.1f}" cy="{y(p.value):.1f}" r="4" fill="{ACTUAL}"/>')
    legend_y = HEIGHT - 12
    parts.append(
        f'<line x1="{LEFT}" y1="{legend_y - 4}" x2="{LEFT + 24}" y2="{legend_y - 4}" stroke="{TARGET}" '
        f'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<text x="{LEFT + 30}" y="{legend_y}" font-size="12" fill="{TEXT}">{escape(_("path"))}</text>'
    )
    parts.append(f'<circle cx="{LEFT + 330}" cy="{legend_y - 4}" r="4" fill="{ACTUAL}"/>')
    parts.append(
        f'<text x="{LEFT + 340}" y="{legend_y}" font-size="12" fill="{TEXT}">{escape(_("actual"))}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _(key: str) -> str:
    from django.utils.translation import gettext

    labels = {"path": gettext("pad van nulmeting naar streefwaarde"), "actual": gettext("gemeten")}
    return labels[key]
