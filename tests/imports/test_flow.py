"""The upload flow, for each import: upload, check (a dry run: nothing written), confirm, write;
the token is used once and only by its own user; the file is checked again at write time; bad
files show every problem by row and column (the first hundred, then how many more)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from regiodeal.audit.models import AuditEvent
from regiodeal.finance.models import LedgerEntry
from regiodeal.imports import services
from regiodeal.imports.models import Upload, UploadStatus
from regiodeal.participation.models import Conversation, PopulationFigure
from regiodeal.results.models import Measurement
from regiodeal.results.services import measurement_record
from tests.participation.conftest import ACTOR

from .conftest import (
    ALLOCATIONS,
    MEASUREMENTS,
    OUTREACH,
    POPULATION,
    csv_bytes,
    upload_file,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
BASE = "/deals/waterwegregio/imports"


def upload(client, kind, name, content, **options):
    response = client.post(f"{BASE}/{kind}/", {"file": upload_file(name, content), **options})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Upload.objects.get(token=response["Location"].rstrip("/").split("/")[-1])


def page_of(client, upload_):
    return client.get(f"{BASE}/u/{upload_.token}/").content.decode()


def confirm(client, upload_):
    return client.post(f"{BASE}/u/{upload_.token}/", {"action": "confirm"})


def test_a_ledger_file_is_checked_shown_and_written_only_after_confirmation(office_client, office, projects):
    checked = upload(
        office_client, "ledger", "toekenningen.xlsx", xlsx_bytes(ALLOCATIONS), ledger_kind="allocations"
    )
    assert checked.status == UploadStatus.CHECKED
    page = page_of(office_client, checked)
    assert "Boekingen" in page and "€\u00a0126.000,50" in page and "Bevestigen en inlezen" in page
    assert LedgerEntry.objects.count() == 0  # the check was a dry run
    assert not AuditEvent.objects.filter(action="finance.import").exists()
    assert (services.upload_folder() / checked.stored_name).exists()  # waiting under its token

    response = confirm(office_client, checked)
    assert response.status_code == 302
    page = page_of(office_client, checked)
    assert "Ingelezen" in page and "€\u00a0126.000,50" in page
    assert "/deals/waterwegregio/finance/grootboek/" in page  # the link to the written records
    entries = list(LedgerEntry.objects.order_by("booked_on"))
    assert [
        (e.kind, e.booked_on, e.amount, e.budget_line, e.organisation.code, e.project.code) for e in entries
    ] == [
        ("national_allocation", dt.date(2026, 2, 1), Decimal("125000.00"), "P1", "SCHIEDAM", "WW-001"),
        ("national_allocation", dt.date(2026, 3, 15), Decimal("1000.50"), "P2", "VLAARDINGEN", "WW-002"),
    ]
    event = AuditEvent.objects.get(action="finance.import")
    assert event.actor == office and event.after["rows"] == 2
    assert not (services.upload_folder() / checked.stored_name).exists()  # deleted after writing
    ledger = office_client.get("/deals/waterwegregio/finance/grootboek/").content.decode()
    assert "besluit 2026-01" in ledger and "Boekingen inlezen (upload)" in ledger


def test_the_token_is_used_once(office_client, projects):
    checked = upload(office_client, "ledger", "t.csv", csv_bytes(ALLOCATIONS), ledger_kind="allocations")
    assert confirm(office_client, checked).status_code == 302
    again = confirm(office_client, checked)
    assert again.status_code == 409
    assert "een bevestiging geldt één keer" in again.content.decode()
    assert LedgerEntry.objects.count() == 2


def test_another_user_cannot_see_or_use_the_token(
    office_client, office, projects, waterwegregio, other_deal, make_user
):
    from regiodeal.accounts.roles import Role

    checked = upload(office_client, "ledger", "t.csv", csv_bytes(ALLOCATIONS), ledger_kind="allocations")
    colleague = Client()  # may upload to the ledger, but this is not their upload
    colleague.force_login(make_user(Role.REGIOKASSIER, waterwegregio, "ROTTERDAM"))
    assert colleague.get(f"{BASE}/u/{checked.token}/").status_code == 404
    assert colleague.post(f"{BASE}/u/{checked.token}/", {"action": "confirm"}).status_code == 404
    assert colleague.get(f"{BASE}/u/{checked.token}/progress/").status_code == 404
    stranger = Client()  # the programme office of another deal
    stranger.force_login(make_user(Role.PROGRAMME_OFFICE, other_deal, username="elders"))
    assert stranger.post(f"{BASE}/u/{checked.token}/", {"action": "confirm"}).status_code == 403
    other_slug = f"/deals/{other_deal.slug}/imports/u/{checked.token}/"
    assert stranger.post(other_slug, {"action": "confirm"}).status_code == 404  # not of that deal
    assert office_client.get(other_slug).status_code == 403  # the owner, in a deal not theirs
    assert LedgerEntry.objects.count() == 0
    assert confirm(office_client, checked).status_code == 302  # still the owner's to use
    assert LedgerEntry.objects.count() == 2


def test_a_file_that_became_invalid_is_refused_at_write_and_nothing_is_written(office_client, measurable):
    checked = upload(office_client, "measurements", "m.csv", MEASUREMENTS)
    assert checked.status == UploadStatus.CHECKED
    from regiodeal.results.services import deal_places, indicators_usable_in

    indicator = next(i for i in indicators_usable_in(measurable) if i.code == "jongeren_steunnetwerk")
    measurement_record(
        actor=ACTOR,
        deal=measurable,
        places=deal_places(measurable),
        indicator=indicator,
        on=dt.date(2025, 12, 31),
        value=Decimal("40"),
        source="meanwhile",
    )
    confirm(office_client, checked)
    checked.refresh_from_db()
    assert checked.status == UploadStatus.FAILED
    page = page_of(office_client, checked)
    assert "Deze meting is al vastgelegd" in page and "niet meer te kloppen" in page
    assert Measurement.objects.count() == 1  # only the one recorded meanwhile


def test_measurements_in_the_standard_layout(office_client, measurable):
    checked = upload(office_client, "measurements", "m.csv", MEASUREMENTS)
    assert "Metingen" in page_of(office_client, checked) and Measurement.objects.count() == 0
    confirm(office_client, checked)
    rows = {m.area_code: m for m in Measurement.objects.all()}
    assert {k: (m.value, m.on, m.source, m.imported_from) for k, m in rows.items()} == {
        "": (Decimal("44.5"), dt.date(2025, 12, 31), "GGD monitor", "m.csv"),
        "SCHIEDAM": (Decimal("38.5"), dt.date(2025, 12, 31), "GGD monitor", "m.csv"),
    }
    page = page_of(office_client, checked)
    indicator_page = f"/deals/waterwegregio/results/indicators/{rows[''].indicator_id}/"
    assert indicator_page in page
    assert (
        "44,5" in office_client.get(indicator_page).content.decode()
        or "44.5" in office_client.get(indicator_page).content.decode()
    )


def test_measurements_in_the_cbs_layout_from_excel(office_client, measurable):
    rows = [
        ["ID", "WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "Codering_3", "AantalInwoners_5"],
        [1, "GM0606    ", "Schiedam", "Gemeente", "GM0606    ", 80000],
        [2, "GM0363    ", "Amsterdam", "Gemeente", "GM0363    ", 930000],
        [3, "NL00      ", "Nederland", "Land", "NL00      ", 17942942],
    ]
    from regiodeal.results.services import indicators_usable_in

    code = next(i.code for i in indicators_usable_in(measurable))
    checked = upload(
        office_client,
        "measurements",
        "85984NED.xlsx",
        xlsx_bytes(rows),
        on="2024-01-01",
        columns=f"AantalInwoners_5={code}",
        source="CBS 2024",
    )
    assert checked.status == UploadStatus.CHECKED, checked.problems
    confirm(office_client, checked)
    stored = Measurement.objects.get()
    assert (stored.indicator.code, stored.area_code, stored.value, stored.on, stored.source) == (
        code,
        "SCHIEDAM",
        Decimal("80000"),
        dt.date(2024, 1, 1),
        "CBS 2024",
    )


def test_outreach_from_excel(office_client, wijken, themes):
    checked = upload(office_client, "outreach", "outreach.xlsx", xlsx_bytes(OUTREACH))
    assert checked.status == UploadStatus.CHECKED, checked.problems
    assert "27" in page_of(office_client, checked)  # residents that would be counted
    assert Conversation.objects.count() == 0
    confirm(office_client, checked)
    talk = Conversation.objects.get(wijk__code="WK060601")
    assert (talk.held_on, talk.organisation.code, talk.residents, talk.form) == (
        dt.date(2025, 3, 1),
        "SCHIEDAM",
        18,
        "door_to_door",
    )
    assert dict(talk.groups.values_list("group_code", "residents")) == {"jongeren": 5}
    assert list(talk.themes.values_list("code", flat=True)) == ["veiligheid"]
    assert Conversation.objects.count() == 2


def test_population_from_a_cbs_csv(office_client, wijken):
    checked = upload(
        office_client,
        "population",
        "85984NED.csv",
        POPULATION,
        on="2024-01-01",
        columns="k_15Tot25Jaar_9=jongeren",
        source="CBS Kerncijfers wijken en buurten",
    )
    assert checked.status == UploadStatus.CHECKED, checked.problems
    assert not PopulationFigure.objects.exists()
    confirm(office_client, checked)
    figures = {(f.wijk_code, f.group_code, f.on): f.residents for f in PopulationFigure.objects.all()}
    assert figures == {
        ("WK060601", "", dt.date(2024, 1, 1)): 2000,
        ("WK060601", "jongeren", dt.date(2024, 1, 1)): 400,
        ("WK060602", "", dt.date(2024, 1, 1)): 5000,
        ("WK060602", "jongeren", dt.date(2024, 1, 1)): 500,
    }


@pytest.mark.parametrize(
    ("kind", "name", "content", "options", "where"),
    [
        (
            "ledger",
            "b.csv",
            "datum;bedrag;begrotingsregel;project;partij;brondocument\n"
            "31-02-2026;veel;P1;WW-001;SCHIEDAM;b\n",
            {"ledger_kind": "allocations"},
            ["datum", "bedrag"],
        ),
        ("measurements", "b.csv", "indicator,on,value,source\nonbekend,2025-12-31,1,x\n", {}, ["indicator"]),
        (
            "outreach",
            "b.csv",
            "wijk;held_on;organisation;residents;form\nWK999999;2025-03-01;SCHIEDAM;0;fiets\n",
            {},
            ["wijk", "residents", "form"],
        ),
        (
            "population",
            "b.csv",
            "WijkenEnBuurten;SoortRegio_2;AantalInwoners_5\nWK060601;Wijk;twee\n",
            {"on": "2024-01-01", "source": "CBS"},
            ["AantalInwoners_5"],
        ),
    ],
)
def test_a_bad_file_shows_its_problems_by_row_and_column_and_writes_nothing(
    office_client, projects, wijken, kind, name, content, options, where
):
    models = (LedgerEntry, Measurement, Conversation, PopulationFigure)
    before = [m.objects.count() for m in models]
    rejected = upload(office_client, kind, name, content, **options)
    assert rejected.status == UploadStatus.REJECTED
    page = page_of(office_client, rejected)
    assert "er is niets ingelezen" in page and "Bevestigen" not in page
    assert {p["column"] for p in rejected.problems} >= set(where)
    assert {p["row"] for p in rejected.problems} == {2}
    for column in where:
        assert f'<td class="utrecht-table__cell">{column}</td>' in page
    assert "Schrijf" in page or "Gebruik" in page  # how to fix it, beside the problem
    assert confirm(office_client, rejected).status_code == 409
    assert [m.objects.count() for m in models] == before
    assert not (services.upload_folder() / rejected.stored_name).exists()


def test_one_bad_row_among_good_ones_writes_nothing(office_client, projects):
    rows = [*ALLOCATIONS, ["2026-04-01", "10", "P9", "WW-001", "SCHIEDAM", "b", ""]]
    rejected = upload(office_client, "ledger", "t.xlsx", xlsx_bytes(rows), ledger_kind="allocations")
    assert rejected.status == UploadStatus.REJECTED
    assert [(p["row"], p["column"]) for p in rejected.problems] == [(4, "begrotingsregel")]
    assert LedgerEntry.objects.count() == 0
    assert not AuditEvent.objects.filter(action="finance.import").exists()


def test_more_than_a_hundred_problems_shows_the_first_hundred_and_how_many_more(office_client, projects):
    rows = [ALLOCATIONS[0]] + [["2026-13-01", "10", "P1", "WW-001", "SCHIEDAM", "b", ""] for _ in range(130)]
    rejected = upload(office_client, "ledger", "b.xlsx", xlsx_bytes(rows), ledger_kind="allocations")
    assert rejected.problem_count == 130 and len(rejected.problems) == 100
    page = page_of(office_client, rejected)
    assert page.count('<tr class="utrecht-table__row"><td') == 100
    assert "Dit zijn de eerste 100, en nog 30 problemen." in page
    assert "130 problemen: er is niets ingelezen" in page


def test_abandoning_deletes_the_file_and_ends_the_token(office_client, projects):
    checked = upload(office_client, "ledger", "t.csv", csv_bytes(ALLOCATIONS), ledger_kind="allocations")
    response = office_client.post(f"{BASE}/u/{checked.token}/", {"action": "abandon"})
    assert response.status_code == 302
    assert not (services.upload_folder() / checked.stored_name).exists()
    assert confirm(office_client, checked).status_code == 409
    assert LedgerEntry.objects.count() == 0


def test_the_daily_job_deletes_uploads_left_for_more_than_a_day(office_client, projects):
    from django.utils import timezone

    from regiodeal.imports.jobs import purge_abandoned_uploads
    from regiodeal.jobs.schedule import daily_jobs

    assert ("purge-abandoned-uploads", 4) in [(j.name, j.hour) for j in daily_jobs()]
    old = upload(office_client, "ledger", "t.csv", csv_bytes(ALLOCATIONS), ledger_kind="allocations")
    new = upload(office_client, "ledger", "t.csv", csv_bytes(ALLOCATIONS), ledger_kind="allocations")
    Upload.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    assert purge_abandoned_uploads.call() == 1
    old.refresh_from_db()
    assert old.status == UploadStatus.ABANDONED
    assert not (services.upload_folder() / old.stored_name).exists()
    assert (services.upload_folder() / new.stored_name).exists()
    assert confirm(office_client, old).status_code == 409
    assert "is verwijderd" in page_of(office_client, old)


def test_a_bad_upload_form_shows_the_error_at_the_field(office_client, measurable):
    response = office_client.post(f"{BASE}/population/", {"file": upload_file("p.pdf", b"%PDF"), "on": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kies een .csv- of .xlsx-bestand" in page and 'id="id_file_error"' in page
    assert 'id="id_on_error"' in page
    assert not Upload.objects.exists()
