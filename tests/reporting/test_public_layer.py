"""Art. 10: one public layer (disclosure/public.py) for every public
output, and a frozen public report that withdraws a record made confidential after submission.

1. Every public output built from the same data shows the same projects and the same money per
   budget line: the public site, the public API, open data, and the public report in every
   format and through `regiodeal report --public`. None holds a project in status "idea" or a
   confidential project, or a total that includes its money, and each says so.
2. A project made confidential after the report was submitted leaves every public output, in
   every format and both languages; the internal report and the withdrawn edition keep it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from regiodeal.audit.models import AuditEvent
from regiodeal.portal import opendata
from regiodeal.portal.selectors import public_money, public_projects
from regiodeal.reporting import services
from regiodeal.reporting.constants import Audience, Format
from regiodeal.reporting.gather import gather
from regiodeal.reporting.models import PublicEdition
from regiodeal.reporting.renderers import render
from regiodeal.reporting.selectors import report_document
from tests.factories import make_project
from tests.portal.surface import public_surface

from .conftest import ACTOR, SECRET_CODE, SECRET_TITLE
from .helpers import docx_text, normalise, pdf_text, render_waiting, xlsx_values

pytestmark = pytest.mark.django_db

IDEA_TITLE = "Nog maar een idee: drijvend park"
# WW-003's own allocation (P3), in any notation: 350000.00, 350.000,00, 350,000.00, 350000.0
SECRET_AMOUNT = re.compile(r"(?<![\d.,])350[.,]?000(?![\d])")
FORMATS = [Format.JSON, Format.HTML, Format.PDF, Format.DOCX, Format.XLSX]


def _text(data: bytes, fmt: str) -> str:
    if fmt == Format.PDF:
        return pdf_text(data)
    if fmt == Format.DOCX:
        return docx_text(data)
    if fmt == Format.XLSX:
        return normalise(" ".join(str(v) for v in xlsx_values(data)))
    return normalise(data.decode())


def _cli(deal, year: int, fmt: str) -> bytes:
    out = io.BytesIO()

    class Out:
        buffer = out

        def write(self, text):  # pragma: no cover - only bytes are written
            out.write(text.encode())

    call_command(
        "report",
        deal=deal.slug,
        year=str(year),
        fmt=fmt,
        output="-",
        public=True,
        stdout=Out(),
        stderr=io.StringIO(),
    )
    return out.getvalue()


@pytest.fixture
def with_idea(portfolio):
    make_project(portfolio, "WW-009", lead="SCHIEDAM", title=IDEA_TITLE, pillars=["1"])  # status "idea"
    return portfolio


def test_art_10_every_public_output_shows_the_same_projects_and_money(with_idea, make_secret):
    deal = with_idea
    make_secret(deal)
    year = timezone.localdate().year  # the running year: its report counts up to today, as the site
    client = Client()

    site_projects = [p.code for p in public_projects(deal)]
    report = gather(deal, year, Audience.PUBLIC)
    report_projects = [p["code"] for p in report["projects"]]
    open_data = json.loads(client.get(f"/deals/{deal.slug}/public/open-data/projects.json").content)
    open_projects = [p["code"] for p in (open_data["rows"] if isinstance(open_data, dict) else open_data)]
    api = client.get(f"/api/v1/public/deals/{deal.slug}/projects/?limit=100").json()
    api_projects = [p["code"] for p in (api["results"] if isinstance(api, dict) else api)]
    assert site_projects == ["WW-001", "WW-002"]
    assert sorted(report_projects) == sorted(open_projects) == sorted(api_projects) == site_projects
    assert [p["code"] for p in report["money"]["by_project"]] == ["WW-001", "WW-002"]  # only public ones

    # Money per budget line: the site, open data, the API's totals and the report agree.
    site = {x.code: x for x in public_money(deal).lines}
    lines_data = json.loads(client.get(f"/deals/{deal.slug}/public/open-data/money-per-line.json").content)
    lines = {
        r["budget_line"]: r for r in (lines_data["rows"] if isinstance(lines_data, dict) else lines_data)
    }
    in_report = {x["code"]: x["cumulative"] for x in report["money"]["lines"]}
    for code, x in site.items():
        assert Decimal(lines[code]["national_granted"]) == x.national_granted, code
        assert Decimal(in_report[code]["granted"]) == x.national_granted, code
        assert Decimal(in_report[code]["national_spent"]) == x.national_spent, code
        assert Decimal(in_report[code]["pledged"]) == x.regional_pledged, code
        assert Decimal(in_report[code]["regional_actual"]) == x.regional_actual, code
    assert site["P3"].national_granted == Decimal("0.00")  # WW-003's 350.000,00 left out
    assert Decimal(in_report["P3"]["granted"]) == Decimal("0.00")
    total = Decimal(report["money"]["cumulative_total"]["granted"])
    assert total == public_money(deal).total.national_granted
    deal_api = client.get(f"/api/v1/public/deals/{deal.slug}/").json()
    assert Decimal(deal_api["national_granted"]) == total
    assert deal_api["money_note"] == "excl. vertrouwelijke projecten"

    # The 2025 report: P1 and P3 in the year without the confidential allocation.
    last = gather(deal, 2025, Audience.PUBLIC)
    year_lines = {x["code"]: x["year"] for x in last["money"]["lines"]}
    assert Decimal(year_lines["P1"]["granted"]) == Decimal("1650000.00")
    assert Decimal(year_lines["P3"]["granted"]) == Decimal("0.00")
    assert Decimal(last["money"]["year_total"]["granted"]) == Decimal("1710000.00")  # + 60.000 VAT

    # Every format of the public report, and the command, in both languages, says so and holds
    # neither the idea, nor the confidential project, nor its money.
    for lang, note in (("nl", "excl. vertrouwelijke projecten"), ("en", "excl. confidential projects")):
        with override(lang):
            texts = {fmt: _text(render(last, fmt), fmt) for fmt in FORMATS}
        texts["cli-json"] = _cli(deal, 2025, Format.JSON).decode() if lang == "nl" else ""
        for fmt, text in texts.items():
            for needle in (IDEA_TITLE, "WW-009", SECRET_TITLE, SECRET_CODE):
                assert needle not in text, (lang, fmt, needle)
            m = SECRET_AMOUNT.search(text)
            assert not m, (lang, fmt, m and text[m.start() - 300 : m.end() + 50])
            if fmt not in (Format.JSON, "cli-json"):
                assert note in text, (lang, fmt)
        assert json.loads(texts["cli-json"] or "{}") in ({}, last) or lang == "en"
    cli = json.loads(_cli(deal, 2025, Format.JSON))
    assert cli["money"]["lines"] == last["money"]["lines"]
    assert cli["money"]["excludes_confidential"] is True

    # The site and open data say so too.
    money_page = normalise(client.get(f"/deals/{deal.slug}/public/money/").content.decode())
    assert "excl. vertrouwelijke projecten" in money_page
    assert "excl. confidential projects" in normalise(
        client.get(f"/en/deals/{deal.slug}/public/money/").content.decode()
    )
    with override("nl"):
        assert "excl. vertrouwelijke projecten" in str(opendata.DATASETS["money-per-line"].fields[4].unit)


def test_art_10_the_internal_report_keeps_the_confidential_project_and_its_money(with_idea, make_secret):
    make_secret(with_idea)
    internal = gather(with_idea, 2025, Audience.INTERNAL)
    assert SECRET_CODE in {p["code"] for p in internal["projects"]}
    lines = {x["code"]: x["year"] for x in internal["money"]["lines"]}
    assert Decimal(lines["P3"]["granted"]) == Decimal("350000.00")
    assert "excludes_confidential" not in internal["money"]


def _submit(deal):
    report = services.report_generate(actor=ACTOR, deal=deal, year=2025)
    services.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    services.report_finalise(actor=ACTOR, report=report)
    services.report_submit(actor=ACTOR, report=report, submitted_on=dt.date(2026, 7, 1))
    render_waiting()  # what the worker does next (reporting/rendering.py)
    report.refresh_from_db()
    return report


def test_art_10_1_a_project_made_confidential_after_submission_leaves_every_public_output(
    portfolio, make_secret, role_users
):
    deal = portfolio
    report = _submit(deal)
    first = PublicEdition.objects.get(report=report)
    assert SECRET_TITLE in pdf_text(bytes(first.pdf))  # public when submitted

    make_secret(deal)  # the decision that grants confidentiality

    first.refresh_from_db()
    assert first.withdrawn_at is not None
    second = PublicEdition.objects.get(report=report, number=2)
    assert second.withdrawn_at is None
    assert {e.action for e in AuditEvent.objects.filter(action__startswith="reporting.edition.")} == {
        "reporting.edition.withdrawn",
        "reporting.edition.published",
    }
    assert render_waiting() == 1  # the worker renders the corrected edition's PDF

    # Every public page (Dutch and English), open data, the public API and the public PDF.
    for path, text in public_surface(deal).items():
        assert SECRET_TITLE not in text, path
        assert SECRET_CODE not in text, path
        m = SECRET_AMOUNT.search(text)
        assert not m, (path, m and text[m.start() - 400 : m.end() + 50])

    # The public report in every format and both languages, and the command.
    for lang in ("nl", "en"):
        with override(lang):
            structure = report_document(report, Audience.PUBLIC)
            for fmt in FORMATS:
                text = _text(render(structure, fmt), fmt)
                assert SECRET_TITLE not in text and SECRET_CODE not in text, (lang, fmt)
                assert not SECRET_AMOUNT.search(text), (lang, fmt)
                assert "WW-001" in text, (lang, fmt)
    for fmt in FORMATS:
        text = _text(_cli(deal, 2025, fmt), fmt)
        assert SECRET_TITLE not in text and not SECRET_AMOUNT.search(text), fmt
    p3 = {x["code"]: x for x in report_document(report, Audience.PUBLIC)["money"]["lines"]}["P3"]
    assert Decimal(p3["year"]["granted"]) == Decimal("0.00")

    # The public note: withdrawn, and when; the record is not named.
    client = Client()
    for prefix, words in (("", "Openbare editie 1 is op"), ("/en", "Public edition 1 was withdrawn on")):
        page = normalise(client.get(f"{prefix}/deals/{deal.slug}/public/reports/").content.decode())
        assert words in page, prefix
        assert SECRET_TITLE not in page
    public_pdf = pdf_text(client.get(f"/deals/{deal.slug}/reports/2025/openbaar.pdf").content)
    assert "Openbare editie 1 is op" in public_pdf

    # Internally everything is kept: the internal report, and the withdrawn edition.
    frozen = report.snapshot
    assert SECRET_TITLE in pdf_text(bytes(frozen.internal_pdf))
    office = Client()
    office.force_login(role_users["programme_office"])
    page = normalise(office.get(f"/deals/{deal.slug}/reports/2025/").content.decode())
    assert "ingetrokken op" in page and "PDF editie 2" in page
    original = office.get(f"/deals/{deal.slug}/reports/2025/editions/1.pdf")
    assert original.status_code == 200 and SECRET_TITLE in pdf_text(original.content)
    assert Client().get(f"/deals/{deal.slug}/reports/2025/editions/1.pdf").status_code == 302  # to login


def test_art_10_1_an_edition_without_the_record_is_not_withdrawn(portfolio, make_secret):
    from regiodeal.governance import services as gov

    report = _submit(portfolio)
    meeting = gov.meeting_create(actor=ACTOR, deal=portfolio, held_on=dt.date(2026, 9, 1), attendees=[])
    from regiodeal.disclosure.services import confidentiality_start

    confidentiality_start(
        actor=ACTOR, deal=portfolio, record=meeting, starts_on=dt.date(2026, 9, 1), grounds="x", source="v2"
    )
    assert PublicEdition.objects.filter(report=report).count() == 1


def test_art_10_1_a_meeting_made_confidential_after_submission_is_withdrawn_too(portfolio):
    from regiodeal.disclosure.services import confidentiality_start
    from regiodeal.governance.models import Meeting

    report = _submit(portfolio)
    decision = "Het uitvoeringsprogramma 2025 is vastgesteld."
    assert decision in json.dumps(report_document(report, Audience.PUBLIC))
    meeting = Meeting.objects.get(deal=portfolio, held_on=dt.date(2025, 5, 20))
    confidentiality_start(
        actor=ACTOR, deal=portfolio, record=meeting, starts_on=dt.date(2026, 8, 1), grounds="x", source="v3"
    )
    public = report_document(report, Audience.PUBLIC)
    assert public["report"]["edition"] == 2
    assert decision not in json.dumps(public) and "Plan voor extra vrijwilligers" not in json.dumps(public)
    assert decision in json.dumps(report_document(report, Audience.INTERNAL))
    assert decision in pdf_text(bytes(PublicEdition.objects.get(report=report, number=1).pdf))


def test_art_10_an_edition_frozen_before_the_public_layer_is_corrected_by_the_command(portfolio, make_secret):
    """An edition frozen by the old gather (its totals included confidential money) is replaced by
    `regiodeal correct-public-editions`; a second run changes nothing."""
    make_secret(portfolio)
    report = _submit(portfolio)
    edition = PublicEdition.objects.get(report=report)
    legacy = json.loads(json.dumps(edition.structure))
    legacy["money"].pop("excludes_confidential")
    lines = {x["code"]: x for x in legacy["money"]["lines"]}
    lines["P3"]["year"]["granted"] = lines["P3"]["cumulative"]["granted"] = "350000.00"  # as the old one
    PublicEdition.objects.filter(pk=edition.pk).update(structure=legacy)

    out = io.StringIO()
    call_command("correct-public-editions", stdout=out)
    assert "1 public edition(s) corrected." in out.getvalue()
    public = report_document(report, Audience.PUBLIC)
    assert public["report"]["edition"] == 2 and public["money"]["excludes_confidential"] is True
    p3 = {x["code"]: x for x in public["money"]["lines"]}["P3"]
    assert p3["year"]["granted"] == "0.00"
    call_command("correct-public-editions", stdout=io.StringIO())
    assert PublicEdition.objects.filter(report=report).count() == 2


def test_art_10_1_an_adjustment_made_confidential_after_submission_is_withdrawn_too(portfolio):
    """Part B's evaluation and steering (Art. 7.2) is withdrawn like the other records."""
    from regiodeal.disclosure.services import confidentiality_start
    from regiodeal.evaluation.services import adjustment_record

    adjustment = adjustment_record(
        actor=ACTOR,
        deal=portfolio,
        decided_on=dt.date(2025, 9, 1),
        title="Geheime bijsturing van pijler 2",
        change="Minder geld naar de campus.",
        reason="De metingen bleven achter.",
    )
    report = _submit(portfolio)
    assert "Geheime bijsturing van pijler 2" in json.dumps(report_document(report, Audience.PUBLIC))
    confidentiality_start(
        actor=ACTOR,
        deal=portfolio,
        record=adjustment,
        starts_on=dt.date(2026, 8, 1),
        grounds="x",
        source="v3",
    )
    public = report_document(report, Audience.PUBLIC)
    assert public["report"]["edition"] == 2
    assert "Geheime bijsturing van pijler 2" not in json.dumps(public)
    assert "Geheime bijsturing van pijler 2" in json.dumps(report_document(report, Audience.INTERNAL))
