"""The accessibility check of the browser tests (`tests/browser_helpers.py`) is axe with one change
for speed: the page remembers each colour string axe has parsed. On a page of texts in many
notations of colour, opaque and transparent, on plain, layered and see-through backgrounds, some
readable and some too pale: the check fails on the pale ones, and axe with remembered colours gives
axe's own results, node by node with their data."""

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests.browser_helpers import WCAG_AA, assert_accessible, axe_results

pytestmark = pytest.mark.browser

# WCAG 2.1 AA asks 4.5:1 for normal text. On white, #767676 is 4.54:1 and #777777 4.48:1.
PAGE = """<!doctype html><html lang="nl"><head><title>Kleuren</title></head><body><main>
<h1>Kleuren</h1>
<p id="hex-dark" style="color:#767676">Donkergrijs in hex</p>
<p id="hex-pale" style="color:#777777">Lichtgrijs in hex</p>
<p id="named-dark" style="color:dimgray">Donkergrijs bij naam</p>
<p id="named-pale" style="color:darkgray">Lichtgrijs bij naam</p>
<p id="hsl-dark" style="color:hsl(210 60% 30%)">Donkerblauw in hsl</p>
<p id="hsl-pale" style="color:hsl(210 60% 70%)">Lichtblauw in hsl</p>
<p id="oklch-dark" style="color:oklch(40% 0.1 150)">Donkergroen in oklch</p>
<p id="p3-pale" style="color:color(display-p3 0.9 0.9 0.3)">Geel in display-p3</p>
<p id="alpha-pale" style="color:rgba(0, 0, 0, 0.3)">Zwart voor 30 procent</p>
<p id="alpha-dark" style="color:rgb(0 0 0 / 90%)">Zwart voor 90 procent</p>
<div style="background:#003366"><p id="on-blue-light" style="color:#ffffff">Wit op donkerblauw</p>
  <p id="on-blue-dark" style="color:#224466">Blauw op donkerblauw</p></div>
<div style="background:rgba(0, 51, 102, 0.5)">
  <p id="see-through" style="color:#ffffff">Wit op halfblauw</p></div>
<div style="opacity:0.4"><p id="faded" style="color:#000000">Zwart, vervaagd</p></div>
<div style="position:relative;height:3em">
  <div style="position:absolute;inset:0;background:#ffcc00"></div>
  <p id="layered" style="position:relative;color:#ffffff">Wit op geel, gelaagd</p></div>
<p id="large-pale" style="color:#949494;font-size:24px">Groot en grijs</p>
<p id="gradient" style="color:#ffffff;background:linear-gradient(#000000, #ffffff)">Op een verloop</p>
</main></body></html>"""

PALE = {"#hex-pale", "#named-pale", "#hsl-pale", "#p3-pale", "#alpha-pale", "#on-blue-dark",
        "#see-through", "#faded", "#layered"}  # fmt: skip


def _nodes(results: dict) -> dict:
    """Each result type's rules, each rule's nodes with what the checks found (times left out)."""
    return {
        kind: [
            (rule["id"], [(n["target"], n["any"], n["all"], n["none"]) for n in rule["nodes"]])
            for rule in results[kind]
        ]
        for kind in ("violations", "incomplete", "passes", "inapplicable")
    }


def test_the_check_fails_on_text_too_pale_to_read_and_names_each(page):
    page.set_content(PAGE)
    with pytest.raises(AssertionError):
        assert_accessible(page)
    contrast = [r for r in axe_results(page)["violations"] if r["id"] == "color-contrast"]
    assert {n["target"][0] for n in contrast[0]["nodes"]} == PALE


def test_remembered_colours_give_axe_its_own_results(page):
    page.set_content(PAGE)
    every_type = {"runOnly": WCAG_AA["runOnly"]}
    own = axe_results(page, every_type, script=AXE_SCRIPT)
    remembered = axe_results(page, every_type)
    assert _nodes(remembered) == _nodes(own)
    assert page.evaluate("axe.commons.color.Color.prototype.parseString.toString()").count("parsed") > 0
    contrast = [r for r in own["passes"] + own["violations"] if r["id"] == "color-contrast"]
    assert sum(len(r["nodes"]) for r in contrast) >= 15
