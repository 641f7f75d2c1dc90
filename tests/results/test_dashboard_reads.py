"""The results dashboard page reads each thing it shows once (docs/performance.md): the norms of
the approach with the results' series, what is unjudged from the board and the milestones it
lists, the deal's name from the board's version."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client

from regiodeal.results.selectors import approach_norms, dashboard, milestone_list, unjudged
from regiodeal.results.services import milestone_create
from tests.factories import make_project
from tests.queries import tables_read_cold

from .conftest import ACTOR, ON


def test_the_dashboard_page_reads_each_table_of_what_it_shows_once(portfolio, make_user):
    client = Client()
    client.force_login(make_user("programme_office", portfolio))
    url = f"/deals/{portfolio.slug}/results/?on={ON.isoformat()}"
    assert client.get(url).status_code == 200
    read, page = tables_read_cold(client, url)
    assert 'id="unjudged"' in page and 'data-norm="bewoners_gesproken_per_wijk"' in page
    # Once each: the version in force, the pillars, the intended results, the milestones, the
    # norms' programme indicator (it was one query per norm).
    for table in ("deals_dealversion", "deals_pillar", "deals_intendedresult", "results_milestone"):
        assert read[table] == 1, (table, read)
    assert read["deals_programmeindicator"] == 0, read  # with the norm's link, not on its own
    # The links: the results' and the norms' (two queries); their latest measurements together,
    # one query for the regional series and one for the areas (here 1B's and the norm's).
    assert read["results_resultindicator"] == 2, read
    assert read["results_measurement"] == 2, read


def test_the_dashboard_counts_the_projects_of_each_result_that_its_page_lists(portfolio, make_user):
    """The table shows the number of projects per result, counted by the database
    (`count_projects`): the same as the projects the result's own board lists."""
    import lxml.html

    make_project(portfolio, "WW-050", pillars=["1"], results=["1A", "1C"])
    client = Client()
    client.force_login(make_user("programme_office", portfolio))
    doc = lxml.html.fromstring(client.get(f"/deals/{portfolio.slug}/results/").content.decode())
    listed = dashboard(deal=portfolio, latest_only=True)
    for pillar in listed.pillars:
        for rs in pillar.results:
            [row] = doc.xpath(f"//tr[@data-result='{rs.result.code}']")
            assert row.xpath("./td")[-1].text_content() == str(len(rs.projects)), rs.result.code
    assert len(listed.result("1A").projects) >= 1 and len(listed.result("1C").projects) >= 1


def test_what_is_unjudged_read_from_the_board_is_what_is_read_on_its_own(portfolio):
    milestone_create(actor=ACTOR, deal=portfolio, result_code="1D", title="Lerende aanpak", due_on=ON)
    milestone_create(actor=ACTOR, deal=portfolio, pillar_code="2", title="Enquête", due_on=ON)
    for on in (ON, dt.date(2028, 12, 31)):
        board = dashboard(deal=portfolio, on=on, latest_only=True, with_norms=True)
        on_its_own = unjudged(deal=portfolio, on=on)
        milestones = list(milestone_list(deal=portfolio))
        from_board = unjudged(deal=portfolio, on=on, board=board, milestones=milestones)
        assert from_board == on_its_own
        codes = {u.kind + " " + u.code for u in from_board}
        # 1A, 1B and 1C have links; 1D and pillar 2 a milestone; 2A neither.
        assert "result 2A" in codes and not codes & {"result 1A", "result 1B", "result 1D", "pillar 2"}
        # The norms on the board are those approach_norms reads on its own, with the same verdicts.
        assert [(n.norm.pk, n.verdict) for n in board.norms] == [
            (n.norm.pk, n.verdict) for n in approach_norms(deal=portfolio, on=on)
        ]


def test_after_a_measurement_the_dashboard_reads_no_pillar_or_result_and_shows_the_same(portfolio, make_user):
    """The pillars and intended results are covenant data, kept per process under the covenant
    version (`deals.selectors.pillars_with_results`): a measurement makes the page be made again
    without reading them, and the board built on the kept rows is the board read afresh."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from regiodeal.common import dataversion as dv
    from regiodeal.results.models import ResultIndicator
    from tests.factories import measure

    client = Client()
    client.force_login(make_user("programme_office", portfolio))
    url = f"/deals/{portfolio.slug}/results/?on={ON.isoformat()}"
    assert client.get(url).status_code == 200
    link = (
        ResultIndicator.objects.filter(deal=portfolio, result__code="1A").select_related("indicator").first()
    )
    measure(portfolio, link.indicator, "12", ON)
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    read = {m.group(1) for q in after.captured_queries if (m := re.search(r'\bFROM "(\w+)"', q["sql"]))}
    assert "results_measurement" in read  # made again after the measurement
    assert not read & {"deals_pillar", "deals_intendedresult"}, read
    assert 'data-result="1A"' in page
    kept = dashboard(deal=portfolio, on=ON, latest_only=True)
    dv.forget_process_caches()
    fresh = dashboard(deal=portfolio, on=ON, latest_only=True)
    assert [
        (p.pillar.code, str(p.rollup.verdict), [(r.result.code, str(r.rollup.verdict)) for r in p.results])
        for p in kept.pillars
    ] == [
        (p.pillar.code, str(p.rollup.verdict), [(r.result.code, str(r.rollup.verdict)) for r in p.results])
        for p in fresh.pillars
    ]
