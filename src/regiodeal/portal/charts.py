"""The public money page's two bar charts (per pillar, per Party), drawn by the one bar chart of
`common/charts.py`: names, not codes, and text that keeps its size on a narrow screen."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from regiodeal.common.charts import BarChart, bar_chart

# Dark blue and dark orange: 3:1 or better against white and against each other's neighbours
# (WCAG 1.4.11), and told apart without colour by the text after each bar.
COLOURS = {"national": "#154273", "regional": "#a14a00"}


def per_line(items: list[tuple[str, list[tuple[str, Decimal]]]]) -> BarChart:
    return bar_chart(
        "chart-lines",
        _("Rijksbijdrage toegekend en regionale financiering toegezegd, per begrotingsregel"),
        items,
        {
            "national": (_("Rijk"), _("Rijksbijdrage toegekend"), COLOURS["national"]),
            "regional": (_("regio"), _("Regionale financiering toegezegd"), COLOURS["regional"]),
        },
    )


def per_party(items: list[tuple[str, list[tuple[str, Decimal]]]]) -> BarChart:
    return bar_chart(
        "chart-parties",
        _("Rijksbijdrage ontvangen en regionale bijdrage toegezegd, per gemeente en provincie"),
        items,
        {
            "national": (_("Rijk"), _("Rijksbijdrage ontvangen"), COLOURS["national"]),
            "regional": (_("regio"), _("Regionale bijdrage toegezegd"), COLOURS["regional"]),
        },
    )
