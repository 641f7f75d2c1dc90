"""Art. 10.1 "jegens derden" beyond the report: a Partner's project lead is a
third party, so the confidential records are kept from them on every screen, API and download
they can reach: governance (meetings, their agenda and minutes, register items), results (the
projects on the dashboard, the theory of change, a result's page, measurements by project),
participation (co-creation, conversations and initiatives that name a project) and evaluation
(documents, adjustments, credit lines). The programme office and the Parties still see them.
Each test failed before the filters were added (the lead saw everything but projects)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from regiodeal.accounts.roles import Role
from regiodeal.disclosure.services import confidentiality_start
from regiodeal.governance import services as gov
from regiodeal.projects.models import Project

from .conftest import ACTOR, SECRET_CODE, SECRET_TITLE

pytestmark = pytest.mark.django_db

MEETING = "Geheim overleg grondaankoop"
MINUTES = "Notulen over de grondprijs Oostwijk"
ITEM = "Geheim knelpunt grondpositie"
DOCUMENT = "Geheime tussenevaluatie Oostwijk"
ADJUSTMENT = "Geheime bijsturing Oostwijk"
INITIATIVE = "Buurttuin bij het woningproject"
COCREATION = "Bewonersjury Oostwijk"


def _secret(deal, record):
    return confidentiality_start(
        actor=ACTOR,
        deal=deal,
        record=record,
        starts_on=dt.date(2025, 1, 1),
        grounds="grondaankoop loopt nog",
        source="verzoek 1",
    )


@pytest.fixture
def secrets(portfolio, make_secret):
    """WW-003 confidential with a confidential meeting, register item, evaluation document and
    adjustment, and participation records and a measurement that name WW-003."""
    from regiodeal.deals.selectors import version_in_force
    from regiodeal.evaluation import services as ev
    from regiodeal.participation import services as part
    from regiodeal.results.models import ResultIndicator
    from regiodeal.results.services import measurement_record

    deal = portfolio
    make_secret(deal)
    secret = Project.objects.get(deal=deal, code=SECRET_CODE)
    secret.results.add(version_in_force(deal).results.get(code="1A"))  # on the theory of change
    orgs = {o.code: o for o in deal.organisations.all()}
    meeting = gov.meeting_create(
        actor=ACTOR,
        deal=deal,
        held_on=dt.date(2025, 6, 10),
        title=MEETING,
        agenda="Grondaankoop",
        minutes=MINUTES,
        attendees=[orgs["VRO"], orgs["ROTTERDAM"]],
    )
    _secret(deal, meeting)
    item = gov.register_item_create(
        actor=ACTOR,
        deal=deal,
        kind="risk",
        title=ITEM,
        description="De grond is nog niet gekocht.",
        raised_by=orgs["ROTTERDAM"],
        raised_on=dt.date(2025, 6, 10),
    )
    _secret(deal, item)
    link = ResultIndicator.objects.select_related("indicator").get(deal=deal, result__code="1A")
    measurement_record(
        actor=ACTOR,
        deal=deal,
        indicator=link.indicator,
        value=D("7"),
        on=dt.date(2025, 10, 2),
        source="monitor Oostwijk",
        project=secret,
    )
    wijk = part.wijk_add(
        actor=ACTOR,
        deal=deal,
        code="WK059901",
        name="Oostwijk",
        gemeente="ROTTERDAM",
        listed_on=dt.date(2025, 1, 1),
    )
    part.conversation_record(
        actor=ACTOR,
        deal=deal,
        wijk=wijk,
        held_on=dt.date(2025, 7, 1),
        organisation=orgs["ROTTERDAM"],
        residents=12,
        form="door_to_door",
        project=secret,
    )
    part.cocreation_record(
        actor=ACTOR,
        deal=deal,
        project=secret,
        rung="decide",
        stage="design",
        held_on=dt.date(2025, 7, 2),
        residents=6,
        description=COCREATION,
        wijk=wijk,
    )
    part.initiative_create(
        actor=ACTOR,
        deal=deal,
        kind="bewonersdeal",
        title=INITIATIVE,
        wijk=wijk,
        party=orgs["ROTTERDAM"],
        residents_do="Bewoners onderhouden de tuin.",
        party_does="De gemeente levert grond.",
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 10, 1),
        projects=[secret, Project.objects.get(deal=deal, code="WW-001")],
    )
    document = ev.document_add(
        actor=ACTOR,
        deal=deal,
        kind="interim_evaluation",
        title=DOCUMENT,
        dated=dt.date(2025, 9, 1),
        file=SimpleUploadedFile("evaluatie.pdf", b"%PDF-1.4 test\n%%EOF\n", content_type="application/pdf"),
    )
    _secret(deal, document)
    adjustment = ev.adjustment_record(
        actor=ACTOR,
        deal=deal,
        decided_on=dt.date(2025, 10, 1),
        title=ADJUSTMENT,
        change="De grond wordt later gekocht.",
        reason="De prijs is te hoog.",
    )
    _secret(deal, adjustment)
    ev.credit_line_request_record(actor=ACTOR, project=secret, asked_on=dt.date(2025, 6, 1), how="per brief")
    return deal


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewers(secrets, make_user, role_users):
    """The Partner's lead (Albeda College) and two who are no third parties."""
    return {
        "lead": _client(make_user(Role.PROJECT_LEAD, secrets, "ALBEDA")),
        "office": _client(role_users["programme_office"]),
        "party": _client(role_users["party_representative"]),
    }


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _sees(viewers, urls, *secrets_):
    """The lead sees none of `secrets_` at any of `urls`; the office and the Party see each."""
    for url in urls:
        lead = _text(viewers["lead"], url)
        for s in secrets_:
            assert s not in lead, (url, s)
        for who in ("office", "party"):
            text = _text(viewers[who], url)
            for s in secrets_:
                assert s in text, (who, url, s)


def _api(slug, path):
    return f"/api/v1/deals/{slug}/{path}"


# ---------------------------------------------------------------------------------------------
# Governance


def test_art_10_1_a_project_lead_does_not_see_confidential_meetings(secrets, viewers):
    base = f"/deals/{secrets.slug}/governance/"
    _sees(viewers, [f"{base}meetings/", base, _api(secrets.slug, "governance/meetings/")], MEETING)
    from regiodeal.governance.models import Meeting

    pk = Meeting.objects.get(deal=secrets, title=MEETING).pk
    assert viewers["lead"].get(f"{base}meetings/{pk}/").status_code == 404
    assert viewers["lead"].get(_api(secrets.slug, f"governance/meetings/{pk}/")).status_code == 404
    assert MINUTES in _text(viewers["party"], f"{base}meetings/{pk}/")
    assert MINUTES in _text(viewers["office"], _api(secrets.slug, f"governance/meetings/{pk}/"))
    # The overleg the lead may see is still there.
    assert "Rijk-Regio-overleg" in _text(viewers["lead"], f"{base}meetings/")


def test_art_10_1_a_project_lead_does_not_see_confidential_register_items(secrets, viewers):
    base = f"/deals/{secrets.slug}/governance/"
    _sees(viewers, [f"{base}register/", _api(secrets.slug, "governance/register/")], ITEM)
    from regiodeal.governance.models import RegisterItem

    pk = RegisterItem.objects.get(deal=secrets, title=ITEM).pk
    assert viewers["lead"].get(f"{base}register/{pk}/").status_code == 404
    assert _text(viewers["office"], f"{base}register/{pk}/")
    assert "Bouwkosten stijgen" in _text(viewers["lead"], f"{base}register/")
    # A visible item discussed in the confidential meeting does not name that meeting.
    from regiodeal.governance.models import Meeting

    seen = gov.register_item_create(
        actor=ACTOR,
        deal=secrets,
        kind="risk",
        title="Vertraging vergunning",
        description="De vergunning komt later.",
        raised_by=secrets.organisations.get(code="ROTTERDAM"),
        raised_on=dt.date(2025, 6, 10),
        meeting=Meeting.objects.get(deal=secrets, title=MEETING),
    )
    _sees(viewers, [f"{base}register/{seen.pk}/"], MEETING)


# ---------------------------------------------------------------------------------------------
# Results


def test_art_10_1_a_project_lead_does_not_see_confidential_projects_on_the_results_pages(secrets, viewers):
    base = f"/deals/{secrets.slug}/results/"
    _sees(viewers, [f"{base}theory/", f"{base}results/1A/"], SECRET_TITLE)
    assert viewers["lead"].get(f"{base}projects/{SECRET_CODE}/").status_code == 404
    assert viewers["office"].get(f"{base}projects/{SECRET_CODE}/").status_code == 200
    assert "WW-001" in _text(viewers["lead"], f"{base}theory/")


def test_art_10_1_the_results_dashboard_does_not_count_a_confidential_project_for_a_project_lead(
    secrets, viewers
):
    """The dashboard counts the projects per result: 1A has WW-001 and the secret WW-003."""
    import re

    def count_1a(client):
        html = _text(client, f"/deals/{secrets.slug}/results/")
        row = re.search(r"1A</a>.*?</tr>", html, re.S).group(0)
        return [int(n) for n in re.findall(r'<td class="utrecht-table__cell">(\d+)</td>', row)][-1]

    assert count_1a(viewers["office"]) == 2
    assert count_1a(viewers["lead"]) == 1
    assert count_1a(viewers["party"]) == 2  # after the lead's visit: not served the lead's copy


def test_art_10_1_a_project_lead_does_not_see_confidential_projects_in_the_results_api(secrets, viewers):
    _sees(viewers, [_api(secrets.slug, "monitoring/verdicts/")], SECRET_CODE)


def test_art_10_1_a_project_lead_does_not_see_measurements_of_a_confidential_project(secrets, viewers):
    from regiodeal.results.models import ResultIndicator

    pk = ResultIndicator.objects.get(deal=secrets, result__code="1A").indicator_id
    page = f"/deals/{secrets.slug}/results/indicators/{pk}/"
    _sees(viewers, [page, _api(secrets.slug, "monitoring/measurements/")], SECRET_CODE)
    import io

    from openpyxl import load_workbook

    def cells(client):
        book = load_workbook(io.BytesIO(client.get(f"{page}?export=xlsx").content))
        return {str(c.value) for row in book.active.iter_rows() for c in row}

    assert SECRET_CODE not in cells(viewers["lead"])
    assert SECRET_CODE in cells(viewers["office"])


# ---------------------------------------------------------------------------------------------
# Participation


def test_art_10_1_a_project_lead_does_not_see_confidential_projects_in_participation(secrets, viewers):
    base = f"/deals/{secrets.slug}/participation/"
    _sees(
        viewers,
        [
            f"{base}cocreation/",
            _api(secrets.slug, "participation/cocreation/"),
            _api(secrets.slug, "participation/cocreation/rollup/"),
            _api(secrets.slug, "participation/conversations/"),
            _api(secrets.slug, "participation/initiatives/"),
        ],
        SECRET_CODE,
    )
    assert viewers["lead"].get(f"{base}projects/{SECRET_CODE}/").status_code == 404
    assert SECRET_TITLE in _text(viewers["office"], f"{base}projects/{SECRET_CODE}/")
    from regiodeal.participation.models import Conversation, Initiative

    talk = Conversation.objects.get(deal=secrets, project__code=SECRET_CODE).pk
    assert viewers["lead"].get(f"{base}conversations/{talk}/").status_code == 404
    assert SECRET_TITLE in _text(viewers["party"], f"{base}conversations/{talk}/")
    initiative = Initiative.objects.get(deal=secrets, title=INITIATIVE).pk
    lead = _text(viewers["lead"], f"{base}initiatives/{initiative}/")
    assert INITIATIVE in lead and "WW-001" in lead and SECRET_TITLE not in lead
    assert SECRET_TITLE in _text(viewers["office"], f"{base}initiatives/{initiative}/")
    rollup = json.loads(_text(viewers["lead"], _api(secrets.slug, "participation/cocreation/rollup/")))
    assert COCREATION not in json.dumps(rollup)


# ---------------------------------------------------------------------------------------------
# Evaluation and communication


def test_art_10_1_a_project_lead_does_not_see_confidential_evaluation_records(secrets, viewers):
    base = f"/deals/{secrets.slug}/evaluation/"
    _sees(viewers, [base, _api(secrets.slug, "evaluation/documents/")], DOCUMENT)
    _sees(viewers, [base, _api(secrets.slug, "evaluation/adjustments/")], ADJUSTMENT)
    _sees(viewers, [f"{base}communication/", _api(secrets.slug, "evaluation/credit-lines/")], SECRET_CODE)
    from regiodeal.evaluation.models import EvaluationDocument

    pk = EvaluationDocument.objects.get(deal=secrets, title=DOCUMENT).pk
    assert viewers["lead"].get(f"{base}documents/{pk}/file/").status_code == 404
    assert viewers["office"].get(f"{base}documents/{pk}/file/").status_code == 200


def test_art_10_1_a_partners_lead_sees_participation_of_the_project_they_lead(secrets, make_user):
    lead = make_user(Role.PROJECT_LEAD, secrets, "ALBEDA", username="albeda-lead-of-ww-003")
    Project.objects.get(deal=secrets, code=SECRET_CODE).managers.add(lead)
    client = _client(lead)
    assert SECRET_CODE in _text(client, f"/deals/{secrets.slug}/participation/cocreation/")
    assert SECRET_TITLE in _text(client, f"/deals/{secrets.slug}/results/theory/")
    # ... but not the confidential meeting: it is no record of their project.
    assert MEETING not in _text(client, f"/deals/{secrets.slug}/governance/meetings/")


def test_art_10_1_a_project_lead_does_not_see_the_actions_of_a_confidential_meeting(secrets, viewers):
    from regiodeal.governance.models import Meeting

    gov.action_add(
        actor=ACTOR,
        meeting=Meeting.objects.get(deal=secrets, title=MEETING),
        description="Taxatie grond Oostwijk laten maken",
        owner=secrets.organisations.get(code="ROTTERDAM"),
        owner_person="Jan Jansen",
        due_on=dt.date(2026, 12, 20),
    )
    base = f"/deals/{secrets.slug}/governance/"
    urls = [f"{base}calendar/", f"{base}calendar.ics", _api(secrets.slug, "governance/obligations/")]
    _sees(viewers, urls, "Taxatie grond Oostwijk")


def test_art_10_1_a_project_lead_does_not_see_changes_to_a_confidential_project_on_their_work_page(
    secrets, viewers
):
    from regiodeal.projects.services import project_update

    secret = Project.objects.get(deal=secrets, code=SECRET_CODE)
    project_update(
        actor=ACTOR, project=secret, expected_version=secret.lock_version, description="Grond gekocht."
    )
    page = f"/deals/{secrets.slug}/work/"
    assert SECRET_CODE not in _text(viewers["lead"], page)
    assert SECRET_CODE in _text(viewers["office"], page)
    assert SECRET_CODE in _text(viewers["party"], page)


def test_art_10_1_a_project_lead_does_not_see_a_confidentiality_request_that_names_a_kept_record(
    secrets, viewers
):
    from regiodeal.governance.models import RegisterItem

    item = RegisterItem.objects.get(deal=secrets, title="Bouwkosten stijgen")
    r = gov.confidentiality_file(
        actor=ACTOR,
        deal=secrets,
        filed_by=secrets.organisations.get(code="ROTTERDAM"),
        filed_on=dt.date(2025, 6, 15),
        record=item,
        grounds="aanbesteding loopt",
    )
    base = f"/deals/{secrets.slug}/governance/"
    _sees(
        viewers, [f"{base}requests/", base, _api(secrets.slug, "governance/requests/")], "Bouwkosten stijgen"
    )
    assert viewers["lead"].get(f"{base}requests/{r.number}/").status_code == 404
    assert viewers["lead"].get(_api(secrets.slug, f"governance/requests/{r.number}/")).status_code == 404
    assert "Bouwkosten stijgen" in _text(viewers["party"], f"{base}requests/{r.number}/")


def test_art_10_1_a_project_lead_does_not_see_a_confidential_document_of_a_meeting(secrets, viewers):
    from regiodeal.governance.models import Meeting

    meeting = Meeting.objects.get(deal=secrets, title="Rijk-Regio-overleg")
    upload = SimpleUploadedFile("taxatie.pdf", b"%PDF-1.4 test\n%%EOF\n", content_type="application/pdf")
    document = gov.attachment_add(
        actor=ACTOR, deal=secrets, meeting=meeting, file=upload, title="Taxatierapport"
    )
    _secret(secrets, document)
    base = f"/deals/{secrets.slug}/governance/"
    _sees(
        viewers,
        [f"{base}meetings/{meeting.pk}/", _api(secrets.slug, f"governance/meetings/{meeting.pk}/")],
        "Taxatierapport",
    )
    assert viewers["lead"].get(f"{base}files/{document.pk}/").status_code == 404
    assert viewers["party"].get(f"{base}files/{document.pk}/").status_code == 200


def test_art_10_1_a_project_lead_does_not_see_findings_about_a_confidential_project(secrets, viewers):
    from regiodeal.evaluation.models import CreditLineRequest

    CreditLineRequest.objects.filter(project__code=SECRET_CODE).delete()  # Art. 8.2: now a finding on it
    _sees(viewers, [f"/deals/{secrets.slug}/governance/check/"], f"Project {SECRET_CODE} is niet gevraagd")
