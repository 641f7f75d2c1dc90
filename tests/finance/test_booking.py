"""Booking on screen: a form per kind judged by the import's validator, a correction in one step
(`entry_correct`, all or nothing), the yearly programme per year and line, and who may use them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regiodeal.audit.models import AuditEvent
from regiodeal.deals.constants import PartyKind
from regiodeal.deals.models import Party
from regiodeal.finance.models import LedgerEntry, ProgrammeBudget
from regiodeal.finance.services import entry_correct
from regiodeal.finance.validation import EntryDraft
from tests.factories import ROLES

from .conftest import ACTOR

SCHIEDAM = "Het college van burgemeester en wethouders van de gemeente Schiedam"

# Valid form input per booking form, as a browser posts it.
VALID = {
    "toekenning": {"budget_line": "P1", "project": "WW-001", "organisation": "SCHIEDAM"},
    "toezegging": {"budget_line": "P2", "organisation": "ALBEDA", "sector": "private",
                   "contribution_form": "in_kind", "valuation_basis": "200 uur maal 95 euro"},
    "bijdrage": {"budget_line": "P1", "organisation": "SCHIEDAM", "sector": "public",
                 "contribution_form": "cash", "project": "WW-002"},
    "besteding": {"budget_line": "P3", "funding": "national", "project": "WW-001"},
    "uitvoeringskosten": {"budget_line": "VAT", "funding": "regional", "organisation": "ROTTERDAM"},
}  # fmt: skip
EXPECTED = {
    "toekenning": ("national_allocation", "national", ""),
    "toezegging": ("regional_contribution", "regional", "pledged"),
    "bijdrage": ("regional_contribution", "regional", "paid"),
    "besteding": ("spending", "national", ""),
    "uitvoeringskosten": ("execution_costs", "regional", ""),
}


def url(name, **kwargs):
    return reverse(f"finance:{name}", kwargs={"slug": "waterwegregio", **kwargs})


@pytest.fixture
def office(client, role_users):
    client.force_login(role_users["programme_office"])
    return client


def post_entry(client, screen, **fields):
    data = {
        "booked_on": "2026-03-02",
        "amount": "9.400.000,00",
        "source_document": "besluit RK-2026-7",
        "description": "eerste tranche",
        **VALID[screen],
        **fields,
    }
    return client.post(url("book", screen=screen), data)


@pytest.mark.parametrize("screen", list(VALID))
def test_each_kind_books_through_its_form(office, projects, screen):
    response = post_entry(office, screen)
    entry = LedgerEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == url("entry", pk=entry.pk)
    kind, funding, status = EXPECTED[screen]
    assert (entry.kind, entry.funding, entry.contribution_status) == (kind, funding, status)
    assert entry.amount == Decimal("9400000.00")
    assert entry.booked_on == dt.date(2026, 3, 2)
    assert entry.budget_line == VALID[screen]["budget_line"]
    assert entry.source_document == "besluit RK-2026-7"
    assert entry.recorded_by_label == "programme_office-waterwegregio-x"
    assert AuditEvent.objects.filter(action="finance.entry.recorded", object_id=str(entry.pk)).exists()
    page = office.get(response["Location"]).content.decode()
    assert "€ 9.400.000,00" in page.replace("\xa0", " ")


def test_a_form_asks_only_what_its_kind_needs_and_names_by_name(office, projects):
    page = office.get(url("book", screen="toekenning")).content.decode()
    assert 'name="sector"' not in page and 'name="funding"' not in page
    assert '<option value="SCHIEDAM">' + SCHIEDAM + "</option>" in page
    assert '<option value="WW-001">Project WW-001</option>' in page
    assert "Pijler 1: Impuls leefbaarheid in wijken" in page
    assert 'value="VAT"' not in page  # allocations never go on the execution-costs line
    assert "ALBEDA" not in page  # a Partner receives no national money
    costs = office.get(url("book", screen="uitvoeringskosten")).content.decode()
    assert 'value="VAT"' in costs and 'value="P1"' not in costs and 'name="project"' not in costs
    pledge = office.get(url("book", screen="toezegging")).content.decode()
    assert 'value="ALBEDA"' in pledge and 'name="contribution_status"' not in pledge


def test_the_validators_problems_appear_at_their_fields_without_rule_codes(office, projects):
    response = post_entry(office, "besteding", project="", amount="0", source_document=" ")
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["amount"] == ["Het bedrag moet groter dan nul zijn; corrigeer met een tegenboeking."]
    assert "rijksbijdrage hoort bij een project" in form.errors["project"][0]
    assert "finance." not in response.content.decode()
    assert not LedgerEntry.objects.exists()
    # A contribution in kind without its valuation, and one in cash with one.
    response = post_entry(office, "toezegging", valuation_basis="")
    assert "waarderingsgrondslag" in response.context["form"].errors["valuation_basis"][0]
    response = post_entry(office, "bijdrage", valuation_basis="10 uur")
    assert response.context["form"].errors["valuation_basis"] == [
        "Alleen een bijdrage in natura wordt gewaardeerd."
    ]
    assert not LedgerEntry.objects.exists()


def test_a_missing_choice_is_named_and_linked_in_the_summary(office, projects):
    response = post_entry(office, "besteding", funding="")
    page = response.content.decode()
    assert 'href="#id_funding">Ten laste van: Dit veld is vereist.</a>' in page
    assert 'id="id_funding"' in page  # the fieldset the link moves to


def test_a_problem_names_the_party_by_name_not_code(office, projects, waterwegregio):
    # Schiedam is no regional Party in a version 2 from 2026 on; on the list it stays.
    version = waterwegregio.versions.get()
    version.pk = None
    version.number, version.effective_from = 2, dt.date(2026, 1, 1)
    version.save()
    for line in waterwegregio.versions.get(number=1).budget_lines.all():
        line.pk, line.version = None, version
        line.save()
    for party in Party.objects.filter(version__number=1, version__deal=waterwegregio, kind=PartyKind.REGIO):
        if party.organisation.code != "SCHIEDAM":
            party.pk, party.version = None, version
            party.save()
    response = post_entry(office, "toekenning")
    message = response.context["form"].errors["organisation"][0]
    assert message.startswith(f"{SCHIEDAM} is geen regionale Partij") and "'SCHIEDAM'" not in message


def test_an_ambiguous_amount_is_refused_with_how_to_write_it(office, projects):
    response = post_entry(office, "toekenning", amount="1.234")
    (message,) = response.context["form"].errors["amount"]
    assert "schrijf 1234 of 1.234,00" in message and message.lower().count("schrijf") == 1
    assert not LedgerEntry.objects.exists()


def test_problems_come_back_in_english_on_english_pages(office, projects):
    data = {"booked_on": "2026-03-02", "amount": "0", "source_document": "x", **VALID["toekenning"]}
    response = office.post("/en" + url("book", screen="toekenning"), data)
    assert response.context["form"].errors["amount"] == [
        "The amount must be greater than zero; correct with a reversing entry."
    ]


# --- correcting in one step ------------------------------------------------------------------


def draft(**fields):
    values = {
        "kind": "national_allocation",
        "booked_on": dt.date(2026, 3, 1),
        "amount": Decimal("4500.00"),
        "budget_line": "P1",
        "source_document": "besluit 2026-01",
        "project": "WW-002",
        "organisation": "VLAARDINGEN",
        **fields,
    }
    return EntryDraft(**values)


def test_a_correction_writes_the_reversal_and_the_right_entry_together(book):
    entry = book("national_allocation", "5000.00")
    reversal, corrected = entry_correct(
        actor=ACTOR, entry=entry, draft=draft(), reason="verkeerd project", reversed_on=dt.date(2026, 3, 5)
    )
    assert (reversal.reverses, reversal.amount, reversal.booked_on) == (
        entry,
        Decimal("-5000.00"),
        dt.date(2026, 3, 5),
    )
    assert corrected.replaces == entry and corrected.amount == Decimal("4500.00")
    assert corrected.project.code == "WW-002" and corrected.organisation.code == "VLAARDINGEN"
    entry.refresh_from_db()
    assert entry.reversed_by == reversal and entry.replaced_by == corrected
    assert AuditEvent.objects.filter(action="finance.entry.reversed", object_id=str(reversal.pk)).exists()
    event = AuditEvent.objects.get(action="finance.entry.corrected", object_id=str(corrected.pk))
    assert f"#{entry.pk}" in event.summary and f"#{reversal.pk}" in event.summary


@pytest.mark.parametrize(
    ("fields", "reason", "reversed_on", "field"),
    [
        ({"amount": Decimal("0")}, "fout", None, "amount"),
        ({"organisation": "ALBEDA"}, "fout", None, "organisation"),
        ({}, " ", None, "reason"),
        ({}, "fout", dt.date(2026, 2, 1), "reversed_on"),
    ],
)
def test_a_bad_correction_writes_nothing(book, fields, reason, reversed_on, field):
    entry = book("national_allocation", "5000.00")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        entry_correct(actor=ACTOR, entry=entry, draft=draft(**fields), reason=reason, reversed_on=reversed_on)
    assert field in caught.value.error_dict
    assert list(LedgerEntry.objects.all()) == [entry]
    assert AuditEvent.objects.count() == events


def test_an_entry_already_corrected_is_not_corrected_again(book):
    entry = book("national_allocation", "5000.00")
    _reversal, corrected = entry_correct(actor=ACTOR, entry=entry, draft=draft(), reason="fout")
    with pytest.raises(ValidationError, match="al gecorrigeerd"):
        entry_correct(actor=ACTOR, entry=entry, draft=draft(), reason="nog eens")
    # The right entry itself can be corrected in turn.
    _again, third = entry_correct(
        actor=ACTOR, entry=corrected, draft=draft(amount=Decimal("4400.00")), reason="bedrag"
    )
    assert third.replaces == corrected
    assert LedgerEntry.objects.count() == 5


def test_the_api_corrects_in_one_step_and_names_the_rule(office, book):
    entry = book("national_allocation", "5000.00")
    api = f"/api/v1/deals/waterwegregio/finance/entries/{entry.pk}/correct/"
    body = {"kind": "national_allocation", "booked_on": "2026-03-01", "amount": "4500.00",
            "budget_line": "P1", "project": "WW-002", "organisation": "ALBEDA", "source_document": "b",
            "reason": "project"}  # fmt: skip
    response = office.post(api, body, content_type="application/json")
    assert response.status_code == 400 and "[finance.allocation-party]" in response.json()["organisation"][0]
    response = office.post(api, {**body, "organisation": "VLAARDINGEN"}, content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert data["reversal"]["reverses"] == entry.pk and data["corrected"]["replaces"] == entry.pk
    assert data["corrected"]["amount"] == "4500.00"


def test_the_correction_form_is_prefilled_and_saves_in_one_step(office, book):
    entry = book("regional_contribution", "1250.50", organisation="SCHIEDAM", description="eerste")
    page = office.get(url("reverse", pk=entry.pk))
    form = page.context["form"]
    assert form["amount"].value() == "1.250,50"
    assert form["organisation"].value() == "SCHIEDAM" and form["contribution_status"].value() == "pledged"
    data = {
        "booked_on": "2026-03-01",
        "amount": "1.350,50",
        "budget_line": "P1",
        "contribution_status": "paid",
        "organisation": "SCHIEDAM",
        "sector": "public",
        "contribution_form": "cash",
        "source_document": "besluit 2026-01",
        "reversed_on": "2026-03-10",
        "reason": "bedrag en status",
    }
    response = office.post(url("reverse", pk=entry.pk), data)
    corrected = LedgerEntry.objects.get(replaces=entry)
    assert response["Location"] == url("entry", pk=corrected.pk)
    assert (corrected.amount, corrected.contribution_status) == (Decimal("1350.50"), "paid")
    assert LedgerEntry.objects.get(reverses=entry).booked_on == dt.date(2026, 3, 10)
    # Opening the corrected entry's correction again is refused without a form.
    again = office.get(url("reverse", pk=entry.pk))
    assert "al gecorrigeerd" in again.content.decode() and 'name="reason"' not in again.content.decode()


def test_a_bad_correction_on_screen_shows_the_field_and_writes_nothing(office, book):
    entry = book("spending", "800.00", funding="regional", project="")
    data = {"booked_on": "2026-03-01", "amount": "800,00", "budget_line": "P1", "funding": "national",
            "project": "", "source_document": "factuur 12", "reversed_on": "2026-03-02",
            "reason": "rijk"}  # fmt: skip
    response = office.post(url("reverse", pk=entry.pk), data)
    assert response.status_code == 400
    assert "rijksbijdrage hoort bij een project" in response.context["form"].errors["project"][0]
    assert list(LedgerEntry.objects.all()) == [entry]


def test_an_entry_booked_wrongly_altogether_is_only_reversed(office, book):
    entry = book("spending", "800.00", funding="regional", project="")
    response = office.post(
        url("reverse-only", pk=entry.pk), {"reverse-reversed_on": "2026-03-02", "reverse-reason": "dubbel"}
    )
    reversal = LedgerEntry.objects.get(reverses=entry)
    assert response["Location"] == url("entry", pk=reversal.pk)
    assert not LedgerEntry.objects.filter(replaces=entry).exists()
    response = office.post(url("reverse-only", pk=reversal.pk), {"reverse-reason": "terug"})
    assert response.status_code == 400 and LedgerEntry.objects.count() == 2


# --- the yearly programme --------------------------------------------------------------------


def test_the_programme_is_set_per_year_and_line(office, waterwegregio):
    response = office.get(url("programme"))
    assert response.status_code == 302
    year = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    page = office.get(url("programme-year", year=year))
    assert [p.line.code for p, _form in page.context["forms"]] == ["P1", "P2", "P3", "VAT"]
    data = {"line": "P2", "P2-national": "1.500.000,00", "P2-regional": "1500000", "P2-note": "wijkaanpak"}
    response = office.post(url("programme-year", year=year), data)
    assert response.status_code == 302
    row = ProgrammeBudget.objects.get(year=year, budget_line="P2")
    assert (row.national, row.regional) == (Decimal("1500000.00"), Decimal("1500000.00"))
    assert row.note == "wijkaanpak"
    page = office.get(url("programme-year", year=year))
    form = page.context["forms"][1][1]
    assert (form["national"].value(), form["note"].value()) == ("1.500.000,00", "wijkaanpak")
    # A stale version is refused with how to go on; a negative amount at its field.
    data = {"line": "P2", "P2-national": "2.000.000,00", "P2-regional": "0", "P2-expected_version": "1"}
    office.post(url("programme-year", year=year), {**data, "P2-expected_version": "1"})
    stale = office.post(url("programme-year", year=year), data)
    assert stale.status_code == 400 and "door iemand anders gewijzigd" in stale.content.decode()
    data = {"line": "P3", "P3-national": "-5", "P3-regional": "0"}
    bad = office.post(url("programme-year", year=year), data)
    form = dict((p.line.code, f) for p, f in bad.context["forms"])["P3"]
    assert form.errors["national"] == ["Een gepland bedrag is nul of meer."]
    assert not ProgrammeBudget.objects.filter(budget_line="P3").exists()


def test_every_year_of_the_deal_has_its_programme_page(office, waterwegregio):
    from regiodeal.finance.selectors import programme_years

    years = programme_years(waterwegregio)
    assert years[-1] == max(v.ends_on for v in waterwegregio.versions.all()).year
    for year in years:
        page = office.get(url("programme-year", year=year))
        assert page.status_code == 200 and f"Uitvoeringsprogramma {year}" in page.content.decode()
    assert office.get(url("programme-year", year=years[-1] + 1)).status_code == 404


def test_the_programme_shows_what_all_years_plan_against_the_maximum(office, waterwegregio):
    from regiodeal.finance.services import programme_budget_set

    for year in (2026, 2027):
        programme_budget_set(
            actor=ACTOR, deal=waterwegregio, year=year, budget_line="P3",
            national=Decimal("1100000"), regional=Decimal("0"),
        )  # fmt: skip
    from regiodeal.finance.selectors import programme_year

    line = next(p for p in programme_year(waterwegregio, 2026).lines if p.line.code == "P3")
    assert line.national_all_years == Decimal("2200000.00") and line.over_maximum
    assert line.national_room == Decimal("-130000.00")


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_programme_office_and_regiokassier_see_the_forms(client, role_users, book, role):
    entry = book("national_allocation", "1000.00")
    if role_users[role] is not None:
        client.force_login(role_users[role])
    gets = [
        url("book-choose"),
        url("book", screen="toekenning"),
        url("reverse", pk=entry.pk),
        url("programme"),
        url("programme-year", year=2026),
    ]
    posts = [
        (url("book", screen="besteding"), {"booked_on": "2026-03-02", "amount": "1", "budget_line": "P1",
                                          "funding": "regional", "source_document": "x"}),
        (url("reverse-only", pk=entry.pk), {"reverse-reversed_on": "2026-03-02", "reverse-reason": "x"}),
        (url("programme-year", year=2026), {"line": "P1", "P1-national": "1", "P1-regional": "1"}),
    ]  # fmt: skip
    writer = role in {"programme_office", "regiokassier"}
    for page in gets:
        response = client.get(page)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], page
        else:
            assert response.status_code in ((200, 302) if writer else (403,)), (page, role)
    for page, data in posts:
        response = client.post(page, data)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], page
        else:
            assert response.status_code == (302 if writer else 403), (page, role)
    assert LedgerEntry.objects.count() == (3 if writer else 1)
    assert ProgrammeBudget.objects.exists() == writer
    # The entry page is for every reader of the books; its correction link only for writers.
    detail = client.get(url("entry", pk=entry.pk))
    if role in {"party_representative", "ministry", "auditor"}:
        assert detail.status_code == 200 and "corrigeren" not in detail.content.decode()
    ledger = client.get(url("ledger"))
    if ledger.status_code == 200:
        assert (url("book-choose") in ledger.content.decode()) == writer
