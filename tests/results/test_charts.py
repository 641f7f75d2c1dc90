"""The server-side SVG chart: a title for screen readers, presentation attributes only, escaped
text, and nothing drawn without figures."""

import datetime as dt
from decimal import Decimal as D

from regiodeal.results.charts import indicator_chart
from regiodeal.results.verdict import Point


def chart(**kwargs):
    defaults = {
        "chart_id": "c1",
        "title": "Jongeren <met> steunnetwerk",
        "description": "Oordeel: risico",
        "baseline": Point(dt.date(2025, 1, 1), D(40)),
        "target": Point(dt.date(2028, 12, 31), D(50)),
        "actuals": {"": [Point(dt.date(2025, 12, 1), D(44)), Point(dt.date(2025, 6, 1), D(41))]},
    }
    return str(indicator_chart(**{**defaults, **kwargs}))


def test_the_chart_has_a_title_and_description_and_escapes_them():
    svg = chart()
    assert '<title id="c1-title">Jongeren &lt;met&gt; steunnetwerk</title>' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert "style=" not in svg and "<script" not in svg


def test_it_draws_the_target_path_and_one_marker_per_measurement():
    svg = chart()
    assert svg.count('stroke-dasharray="6 4"') == 2  # the path and its legend
    assert svg.count("<circle") == 2 + 1  # two actuals and the legend
    assert "<polyline" in svg


def test_without_any_figure_nothing_is_drawn():
    assert chart(baseline=None, target=None, actuals={}) == ""
