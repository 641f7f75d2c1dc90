"""The results forms in a real Chromium: baseline and target of an indicator, a new
link, a measurement for the whole region and for a project. Each valid save is reopened and every
value must have survived (dates were lost here: a Dutch "16-01-2025" in a date input shows as
empty); each bad input shows its error at the field and in the summary. axe in Dutch and English."""

import datetime as dt
from decimal import Decimal

import pytest

from regiodeal.accounts.roles import Role
from regiodeal.projects.models import Project
from regiodeal.results.models import Indicator, Measurement, ResultIndicator
from tests.browser_helpers import assert_accessible, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(portfolio, make_user):
    make_user(Role.PROGRAMME_OFFICE, portfolio, username="office")
    return portfolio


def assert_error(page, field_id, text):
    assert page.locator(f"#{field_id}_error").inner_text() == text
    assert page.locator(f"#{field_id}").get_attribute("aria-invalid") == "true"
    assert text in page.locator(f".rd-error-summary a[href='#{field_id}']").inner_text()


def selected(page, field) -> str:
    return page.locator(f"#id_{field} option:checked").inner_text()


def test_baseline_and_target_survive_a_save(browser, live_server, office):
    link = ResultIndicator.objects.get(deal=office, result__code="1B")
    url = f"{live_server.url}/deals/waterwegregio/results/links/{link.pk}/"
    page = logged_in(browser, live_server, "office")
    page.goto(url)
    # The stored dates are shown (they opened empty before).
    assert page.get_by_label("Nulmeting: datum").input_value() == "2025-01-01"
    assert page.get_by_label("Te halen op").input_value() == "2027-01-01"
    assert_accessible(page)

    page.get_by_label("Nulmeting: waarde").fill("2")
    page.get_by_label("Nulmeting: datum").fill("2025-02-01")
    page.get_by_label("Nulmeting: bron").fill("Telling wijkteams")
    page.get_by_label("Streefwaarde", exact=True).fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert_error(page, "id_target_value", "Dit veld is vereist.")
    assert page.get_by_label("Nulmeting: bron").input_value() == "Telling wijkteams"  # kept
    assert_accessible(page)

    page.get_by_label("Streefwaarde", exact=True).fill("35")
    page.get_by_label("Te halen op").fill("2028-12-31")
    page.get_by_label("Per soort gebied (alleen bij een norm per gebied)").select_option(label="wijk")
    page.get_by_label("Toelichting").fill("Minstens 35 bewoners per wijk")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert page.url.endswith("/results/results/1B/")

    page.goto(url)
    assert Decimal(page.get_by_label("Nulmeting: waarde").input_value()) == Decimal("2")
    assert page.get_by_label("Nulmeting: datum").input_value() == "2025-02-01"
    assert page.get_by_label("Nulmeting: bron").input_value() == "Telling wijkteams"
    assert selected(page, "target_kind") == "norm per gebied"
    assert Decimal(page.get_by_label("Streefwaarde", exact=True).input_value()) == Decimal("35")
    assert page.get_by_label("Te halen op").input_value() == "2028-12-31"
    assert selected(page, "area_kind") == "wijk"
    assert page.get_by_label("Toelichting").input_value() == "Minstens 35 bewoners per wijk"

    page.goto(f"{live_server.url}/en/deals/waterwegregio/results/links/{link.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.close()


def test_a_new_link_survives_a_save(browser, live_server, office):
    indicator = Indicator.objects.filter(code="bw_werkloosheid").first()
    page = logged_in(browser, live_server, "office")
    page.goto(f"{live_server.url}/deals/waterwegregio/results/links/new/")
    assert_accessible(page)
    page.get_by_label("Beoogd resultaat").select_option(value="2B")
    page.get_by_label("Indicator").select_option(value=str(indicator.pk))
    page.get_by_label("Nulmeting: waarde").fill("6.8")
    page.get_by_label("Nulmeting: datum").fill("2025-03-31")
    page.get_by_label("Soort streefwaarde").select_option(label="absoluut niveau")
    page.get_by_label("Streefwaarde", exact=True).fill("5.5")
    page.get_by_label("Te halen op").fill("2028-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    link = ResultIndicator.objects.get(deal=office, result__code="2B", indicator=indicator)
    page.goto(f"{live_server.url}/deals/waterwegregio/results/links/{link.pk}/")
    assert Decimal(page.get_by_label("Nulmeting: waarde").input_value()) == Decimal("6.8")
    assert page.get_by_label("Nulmeting: datum").input_value() == "2025-03-31"
    assert selected(page, "target_kind") == "absoluut niveau"
    assert Decimal(page.get_by_label("Streefwaarde", exact=True).input_value()) == Decimal("5.5")
    assert page.get_by_label("Te halen op").input_value() == "2028-12-31"
    page.close()


def test_measurements_for_the_region_and_for_a_project_from_its_page(browser, live_server, office, make_user):
    places = Indicator.objects.get(code="ontmoetingsplekken")
    page = logged_in(browser, live_server, "office")
    form = f"{live_server.url}/deals/waterwegregio/results/measurements/new/"

    # The whole region: no project. This was a Server Error (500).
    page.goto(form)
    assert_accessible(page)
    page.get_by_label("Indicator").select_option(value=str(places.pk))
    page.get_by_label("Waarde").fill("4")
    page.get_by_label("Peildatum (of einde van de periode)").fill("2026-02-28")
    page.get_by_label("Begin van de periode").fill("2026-02-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Vastleggen").click()  # no source
    assert_error(page, "id_source", "Dit veld is vereist.")
    assert page.get_by_label("Begin van de periode").input_value() == "2026-02-01"  # kept
    assert_accessible(page)
    page.get_by_label("Bron").fill("Telling februari")
    with page.expect_navigation():
        page.get_by_role("button", name="Vastleggen").click()
    row = page.locator("#measurements tbody tr", has_text="Telling februari")
    assert row.locator("td").all_inner_texts() == [
        "28 februari 2026",
        "1 februari 2026",
        "regio",
        "—",
        "4",
        "Telling februari",
        "—",
    ]

    # For the second project on the list, from the link on its page (500 before, too).
    page.goto(f"{live_server.url}/deals/waterwegregio/projects/WW-002/")
    with page.expect_navigation():
        page.get_by_role("link", name="Een meting vastleggen voor dit project").click()
    assert selected(page, "project") == "WW-002 Project WW-002"
    page.get_by_label("Indicator").select_option(value=str(places.pk))
    page.get_by_label("Waarde").fill("5")
    page.get_by_label("Peildatum (of einde van de periode)").fill("2026-03-31")
    page.get_by_label("Bron").fill("Telling maart")
    page.get_by_label("Doelgroep").select_option(index=1)
    group = selected(page, "group_code")
    with page.expect_navigation():
        page.get_by_role("button", name="Vastleggen").click()
    row = page.locator("#measurements tbody tr", has_text="Telling maart")
    assert row.locator("td").all_inner_texts() == [
        "31 maart 2026",
        "—",
        "regio",
        group,
        "5",
        "Telling maart",
        "WW-002",
    ]
    m = Measurement.objects.get(source="Telling maart")
    assert (m.on, m.project.code, m.value) == (dt.date(2026, 3, 31), "WW-002", Decimal("5"))
    page.close()

    # A project lead: their own project only; the form offers no other.
    lead = make_user(Role.PROJECT_LEAD, office, "VLAARDINGEN", username="lead")
    Project.objects.get(code="WW-002").managers.add(lead)
    page = logged_in(browser, live_server, "lead")
    page.goto(form)
    options = page.get_by_label("Project").locator("option").all_inner_texts()
    assert options == ["WW-002 Project WW-002"]
    assert_accessible(page)
    response = page.goto(f"{form}?project=WW-001")
    assert response.status == 403
    page.goto(f"{live_server.url}/en/deals/waterwegregio/results/measurements/new/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.close()
