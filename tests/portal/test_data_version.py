"""The data version of one deal (common/dataversion.py), per kind of data: a
booking makes a new version of its deal's money and leaves its results, and every other deal,
in place; a read changes nothing; a confidentiality decision makes a new version of every kind of
its deal; the portfolio computes again the row of the deal written to, not every row."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regiodeal.audit.services import Actor
from regiodeal.common import dataversion as dv
from regiodeal.common.dataversion import deal_data_version
from regiodeal.deals.models import Pillar
from tests.factories import book

pytestmark = pytest.mark.django_db
ACTOR = Actor(label="test")


@pytest.fixture
def two(site, other_deal):
    return site["deal"], other_deal


def kinds_of(deal) -> dict[str, str]:
    return {kind: deal_data_version(deal, (kind,)) for kind in dv.KINDS}


def changed(before: dict, after: dict) -> set[str]:
    return {kind for kind in before if before[kind] != after[kind]}


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200, url
    return len(q.captured_queries)


def test_a_booking_makes_a_new_version_of_its_deals_money_only(two):
    ww, proef = two
    ww_before, proef_before = kinds_of(ww), kinds_of(proef)
    book(ww, "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
    assert changed(ww_before, kinds_of(ww)) == {dv.MONEY}
    assert changed(proef_before, kinds_of(proef)) == set()


def test_a_booking_does_not_cool_the_results_dashboard_and_a_measurement_does(two, role_users):
    """The dashboard page is read from the cache after a booking (the queries of a warm request),
    and computed afresh after a measurement; the money overview the other way round."""
    from regiodeal.results.services import results_setup
    from tests.results.conftest import link_of, measure

    ww, _proef = two
    results_setup(actor=ACTOR, deal=ww)
    office = Client()
    office.force_login(role_users["programme_office"])
    dashboard, money = "/deals/waterwegregio/results/", "/deals/waterwegregio/finance/"
    queries(office, dashboard), queries(office, money)
    warm_dashboard, warm_money = queries(office, dashboard), queries(office, money)

    book(ww, "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
    assert queries(office, dashboard) == warm_dashboard
    assert queries(office, money) > warm_money

    queries(office, money)
    measure(ww, link_of(ww, "1A").indicator, "2", dt.date(2026, 1, 1))
    assert queries(office, money) == warm_money
    assert queries(office, dashboard) > warm_dashboard


def test_after_a_booking_the_deal_page_computes_only_its_money_card_again(two, role_users):
    """The blocks of the deal page are cached each under what they are made from
    (`portal.selectors.PUBLIC_READS`): after a booking the page shows the new money on the next
    request and reads no outreach, verdicts, counts or reports again; after an idea, its count is
    new."""
    from regiodeal.ideas.services import idea_submit

    ww, _proef = two
    office = Client()
    office.force_login(role_users["programme_office"])
    url = "/deals/waterwegregio/"
    assert "2 ideeën ingediend" in office.get(url).content.decode()

    book(ww, "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
    with CaptureQueriesContext(connection) as q:
        page = office.get(url).content.decode()
    read = " ".join(query["sql"] for query in q.captured_queries)
    assert "130.000,00" in page  # 125,000 and 5,000 granted
    assert '"finance_projectmoneytotal"' in read
    for table in ("participation_conversation", "results_measurement", "ideas_idea", "reporting_report"):
        assert f'"{table}"' not in read, table

    idea_submit(actor=ACTOR, deal=ww, title="Bankje", description="Aan de haven.", area_code="SCHIEDAM_OOST")
    assert "3 ideeën ingediend" in office.get(url).content.decode()


def test_after_a_measurement_the_public_projects_come_from_the_cache_and_a_booking_shows(two, role_users):
    """The public projects are made from the covenant, the money and the projects
    (`portal.selectors.PUBLIC_READS`): a measurement leaves them cached (the list is drawn again
    without a query of the projects), a booking shows in the project's money on the next request."""
    from regiodeal.results.services import results_setup
    from tests.results.conftest import link_of, measure

    ww, _proef = two
    results_setup(actor=ACTOR, deal=ww)
    office = Client()
    office.force_login(role_users["programme_office"])
    url = "/deals/waterwegregio/public/projects/"
    office.get(url)

    measure(ww, link_of(ww, "1A").indicator, "2", dt.date(2026, 1, 1))
    with CaptureQueriesContext(connection) as q:
        assert office.get(url).status_code == 200
    assert '"projects_project"' not in " ".join(query["sql"] for query in q.captured_queries)

    book(ww, "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
    assert "130.000,00" in office.get(url).content.decode()  # 125,000 and 5,000 allocated to WW-001


def test_the_public_results_page_stays_cached_after_a_booking_and_the_money_page_after_a_measurement(
    two, role_users
):
    """Both pages are cached whole under what they show (`portal.selectors.PUBLIC_READS`), for an
    account and for an anonymous visitor: a booking leaves the results page as it was (no
    measurement, indicator or project read again) and shows on the money page; a measurement the
    other way round."""
    from regiodeal.results.services import results_setup
    from tests.results.conftest import link_of, measure

    ww, _proef = two
    results_setup(actor=ACTOR, deal=ww)
    office = Client()
    office.force_login(role_users["programme_office"])
    results, money = "/deals/waterwegregio/public/results/", "/deals/waterwegregio/public/money/"

    def tables_read(client, url) -> str:
        with CaptureQueriesContext(connection) as q:
            assert client.get(url).status_code == 200, url
        return " ".join(query["sql"] for query in q.captured_queries)

    for day, client in enumerate((office, Client()), start=1):
        tables_read(client, results), tables_read(client, money)
        book(ww, "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
        read = tables_read(client, results)
        for table in ("results_measurement", "results_indicator", "projects_project", "finance_ledgerentry"):
            assert f'"{table}"' not in read, table
        assert '"finance_projectmoneytotal"' in tables_read(client, money)

        measure(ww, link_of(ww, "1A").indicator, "2", dt.date(2026, 1, day))
        read = tables_read(client, money)
        for table in ("finance_projectmoneytotal", "finance_ledgerentry", "projects_project"):
            assert f'"{table}"' not in read, table
        assert '"results_measurement"' in tables_read(client, results)

    assert "135.000,00" in Client().get(money).content.decode()  # 125,000 and twice 5,000 granted


def test_a_read_never_cools_anything(two):
    """Reading a resident's contact details is audited (AVG); the audit event is no write of any
    figure: every version stays, and the public page is served from the cache."""
    from regiodeal.ideas.services import idea_contact_read

    ww, _proef = two
    client = Client()
    url = "/deals/waterwegregio/public/projects/"
    queries(client, url)
    warm = queries(client, url)
    before = kinds_of(ww)
    assert idea_contact_read(actor=ACTOR, idea=two_idea(ww)) is not None
    assert changed(before, kinds_of(ww)) == set()
    assert queries(client, url) == warm


def two_idea(deal):
    from regiodeal.ideas.models import Idea

    return Idea.objects.filter(deal=deal, title="Moestuin bij de school").get()


def test_art_10_1_a_confidentiality_decision_cools_every_public_figure_of_its_deal(site, other_deal):
    """Art. 10.1: once decided, nothing of the decision's before is served from the cache: every
    kind of the deal has a new version, the other deal's none."""
    from regiodeal.governance import services as governance

    ww = site["deal"]
    client = Client()
    money = "/api/v1/public/deals/waterwegregio/money-per-line/"
    client.get(money)
    before, other_before = kinds_of(ww), kinds_of(other_deal)
    governance.confidentiality_decide(
        actor=ACTOR, request=site["request"], grant=False, decided_on=timezone.localdate(), note="Woo."
    )
    assert changed(before, kinds_of(ww)) == set(dv.KINDS)
    assert changed(other_before, kinds_of(other_deal)) == set()
    p3 = next(r for r in client.get(money).json()["results"] if r["budget_line"] == "P3")
    assert p3["national_granted"] == "777000.00"  # the confidential project's money, now public


def test_a_row_without_a_deal_of_its_own_is_attributed_through_its_parent(two):
    """A pillar belongs to a deal version, which belongs to a deal: a change of it is a change of
    that deal's covenant, not of every deal's."""
    ww, proef = two
    ww_before, proef_before = kinds_of(ww), kinds_of(proef)
    Pillar.objects.filter(version__deal=proef).first().save()
    assert changed(proef_before, kinds_of(proef)) == {dv.COVENANT}
    assert changed(ww_before, kinds_of(ww)) == set()


def test_a_deal_row_written_is_a_change_of_the_covenant_of_every_deal_only(two):
    """A deal added or removed changes the list of deals, which no one deal owns (the deals kept
    per process by their slug, deals/selectors.py); the platform never changes a deal's row."""
    ww, proef = two
    ww_before, proef_before = kinds_of(ww), kinds_of(proef)
    proef.save()
    assert changed(proef_before, kinds_of(proef)) == {dv.COVENANT}
    assert changed(ww_before, kinds_of(ww)) == {dv.COVENANT}


def test_a_deal_is_read_by_its_slug_once_per_process_until_the_list_of_deals_changes(two):
    from regiodeal.deals.models import Deal
    from regiodeal.deals.selectors import deal_by_slug

    ww, _proef = two
    deal_by_slug(ww.slug)
    with CaptureQueriesContext(connection) as queries:
        found = deal_by_slug(ww.slug)
    assert (found.pk, found.slug, found.created_at) == (ww.pk, ww.slug, ww.created_at)
    assert len(queries) == 0 and found is not deal_by_slug(ww.slug)  # an object per call
    # A deal removed (the platform does not, a restore may) is gone at once, and a deal added
    # under that slug is the one found.
    gone = Deal.objects.create(slug="weg")
    assert deal_by_slug("weg").pk == gone.pk
    gone.delete()
    with pytest.raises(Deal.DoesNotExist):
        deal_by_slug("weg")
    again = Deal.objects.create(slug="weg")
    assert deal_by_slug("weg").pk == again.pk != gone.pk


def test_a_change_of_no_known_deal_makes_a_new_version_of_that_kind_for_every_deal(two):
    ww, proef = two
    before = [kinds_of(ww), kinds_of(proef)]
    dv.bump_generation(None, (dv.RESULTS,))
    assert [changed(b, kinds_of(d)) for b, d in zip(before, two, strict=True)] == [{dv.RESULTS}] * 2


def test_a_write_in_a_transaction_makes_another_new_version_when_it_commits(
    two, django_capture_on_commit_callbacks
):
    """A request that read the old rows while the write was under way may have cached them under
    the version the write made at once; the commit makes another one."""
    ww, _proef = two
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        book(ww, "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
        during = deal_data_version(ww, (dv.MONEY,))
        results_during = deal_data_version(ww, (dv.RESULTS,))
    assert deal_data_version(ww, (dv.MONEY,)) != during
    assert deal_data_version(ww, (dv.RESULTS,)) == results_during


def test_an_update_without_a_signal_through_save_locked_makes_a_new_version(two):
    from regiodeal.common.locking import save_locked

    ww, _proef = two
    project = site_project(ww)
    before = kinds_of(ww)
    project.title = "Ontmoetingsplek Nieuwland (nieuw)"
    save_locked(project, expected_version=project.lock_version, update_fields=["title"])
    assert changed(before, kinds_of(ww)) == {dv.PROJECTS}


def site_project(deal):
    from regiodeal.projects.models import Project

    return Project.objects.get(deal=deal, code="WW-001")


def test_the_portfolio_computes_again_only_the_row_of_the_deal_written_to(two, role_users, monkeypatch):
    from regiodeal.portal import portfolio

    ww, _proef = two
    built: list[list[str]] = []
    real = portfolio._build_rows

    def counting(deals):
        built.append(sorted(d.slug for d in deals))
        return real(deals)

    monkeypatch.setattr(portfolio, "_build_rows", counting)
    ministry = role_users["ministry"]
    first = portfolio.portfolio_rows(ministry)
    assert built == [["proefdeal", "waterwegregio"]]
    portfolio.portfolio_rows(ministry)
    assert len(built) == 1  # all rows from the cache
    book(ww, "spending", "1000.00", "P1", project="WW-001", funding="national")
    again = portfolio.portfolio_rows(ministry)
    assert built[1:] == [["waterwegregio"]]
    assert [r.deal.slug for r in again] == [r.deal.slug for r in first]
    assert again[[r.deal.slug for r in again].index("waterwegregio")].national_spent == (
        first[[r.deal.slug for r in first].index("waterwegregio")].national_spent + 1000
    )


def test_the_portfolio_keeps_every_row_after_a_change_of_a_project(two, role_users, monkeypatch):
    """A row shows money, verdicts, reports and the entry into force, none of a project: a
    project renamed computes no row again (and the rows read nothing of projects)."""
    from regiodeal.portal import portfolio
    from regiodeal.projects.models import Project

    ww, _proef = two
    built: list[list[str]] = []
    real = portfolio._build_rows

    def counting(deals):
        built.append(sorted(d.slug for d in deals))
        with CaptureQueriesContext(connection) as q:
            rows = real(deals)
        assert not [x["sql"] for x in q.captured_queries if '"projects_project"' in x["sql"]]
        return rows

    monkeypatch.setattr(portfolio, "_build_rows", counting)
    ministry = role_users["ministry"]
    portfolio.portfolio_rows(ministry)
    project = Project.objects.get(deal=ww, code="WW-001")
    project.title = "Een nieuwe titel"
    project.save()
    portfolio.portfolio_rows(ministry)
    assert built == [["proefdeal", "waterwegregio"]]


def test_within_a_request_the_versions_are_read_once_and_forgotten_at_a_write(two):
    """RequestScope: a page asks for its deal's version for each of its parts; it is read once
    (from the cache, no query), and read again after any write in the same request."""
    ww, _proef = two
    seen = {}

    def view(request):
        with CaptureQueriesContext(connection) as q:
            first = deal_data_version(ww)
            again = deal_data_version(ww)
        seen["queries"] = len(q.captured_queries)
        seen["same"] = first == again
        book(ww, "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
        seen["after_write"] = deal_data_version(ww) != first
        return None

    dv.RequestScope(view)(object())
    assert seen == {"queries": 0, "same": True, "after_write": True}


def test_within_a_request_each_generation_is_read_from_the_cache_once_whatever_kinds_ask(two, monkeypatch):
    """A page asks for its deal's covenant by its slug, its Parties and its parts' versions, each
    with other kinds: each generation key is read from the cache once in the request."""
    ww, _proef = two
    reads = []
    get_many = dv.cache.get_many
    monkeypatch.setattr(dv.cache, "get_many", lambda keys: reads.extend(keys) or get_many(keys))

    def view(request):
        dv.shared_generation(dv.COVENANT)
        deal_data_version(ww, (dv.COVENANT,))
        deal_data_version(ww, (dv.COVENANT, dv.RESULTS, dv.PROJECTS))
        deal_data_version(ww, (dv.RESULTS, dv.MONEY))

    dv.RequestScope(view)(object())
    assert sorted(reads) == sorted(set(reads))
    assert set(reads) == {
        *dv._keys(None, (dv.COVENANT, dv.RESULTS, dv.PROJECTS, dv.MONEY)),
        *dv._keys(ww.pk, (dv.COVENANT, dv.RESULTS, dv.PROJECTS, dv.MONEY)),
    }


def test_a_fragment_is_cached_per_language_and_per_everything_asked_for(two):
    """Two filter values that differ only after many characters are two entries, not one; the
    same part in another language is another entry too."""
    from django.utils import translation

    ww, _proef = two
    long = "x" * 200
    made = []

    def render(tag):
        def make():
            made.append(tag)
            return tag

        return make

    assert dv.cached_fragment(ww, "t", render("a"), long + "a") == "a"
    assert dv.cached_fragment(ww, "t", render("b"), long + "b") == "b"
    assert dv.cached_fragment(ww, "t", render("again"), long + "a") == "a"  # from the cache
    with translation.override("en"):
        assert dv.cached_fragment(ww, "t", render("en"), long + "a") == "en"
    assert made == ["a", "b", "en"]


def test_the_readers_name_what_they_are_computed_from():
    assert dv.kinds_read_by("finance:overview:nl:x") == (dv.COVENANT, dv.MONEY, dv.PROJECTS)
    assert dv.kinds_read_by("api:verdicts:2026-01-01") == (dv.COVENANT, dv.RESULTS, dv.PROJECTS)
    assert dv.kinds_read_by("portal:version") == dv.EVERY
    # The deal page's blocks: the outreach's map by the outreach's prefix.
    assert dv.kinds_read_by("portal:summary:outreach-map:en:x") == (dv.COVENANT, dv.PARTICIPATION)
    assert dv.kinds_read_by("portal:summary:norm:nl:x") == (dv.COVENANT, dv.RESULTS)
    assert dv.kinds_read_by("portal:summary:reports:nl:x") == (dv.REPORTS,)
    assert dv.kinds_read_by("portal:project:WW-001") == dv.kinds_read_by("portal:projects")
    assert dv.kinds_read_by("portal:projects") == (dv.COVENANT, dv.MONEY, dv.PROJECTS)


def test_common_imports_no_domain_app():
    """The apps register with dataversion (their ready()), not the other way round."""
    source = Path(dv.__file__).read_text()
    imported = set(re.findall(r"^\s*(?:from|import) (regiodeal\.\w+)", source, re.M))
    assert imported <= {"regiodeal.common"}, imported
