"""A public project's page reads that project alone (after a write in a deal the page
need not build every project of the deal): what it reads equals the project's entry in the list
and the list's ideas that name it, and a confidential or unapproved project is no more found
alone than in the list (Art. 10)."""

from __future__ import annotations

import pytest
from django.test import Client

from regiodeal.ideas.services import idea_transition
from regiodeal.portal.selectors import public_ideas, public_ideas_of, public_project, public_projects
from regiodeal.projects.models import Project
from tests.factories import book

from .conftest import ACTOR, SECRET_CODE

pytestmark = pytest.mark.django_db


def test_a_project_read_alone_equals_its_entry_in_the_list_and_so_do_its_ideas(site):
    deal = site["deal"]
    idea_transition(actor=ACTOR, idea=site["idea"], to_status="taken_up", project=site["public"])
    listed = public_projects(deal)
    assert [p.code for p in listed] == ["WW-001"]
    for project in listed:
        alone = public_project(deal, project.code)
        assert alone == project
        assert public_ideas_of(deal, alone) == [
            i for i in public_ideas(deal) if i.project and i.project.code == project.code
        ]
    assert [i.title for i in public_ideas_of(deal, public_project(deal, "WW-001"))] == [
        "Moestuin bij de school"
    ]
    for hidden in (SECRET_CODE, "WW-003", "WW-999"):  # confidential, not approved, none at all
        with pytest.raises(LookupError):
            public_project(deal, hidden)
    assert Project.objects.filter(deal=deal, code=SECRET_CODE).exists()


def test_a_projects_page_shows_a_booking_at_the_next_request(site):
    client = Client()
    url = "/deals/waterwegregio/public/projects/WW-001/"
    assert "125.000" in client.get(url).content.decode()
    book(site["deal"], "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
    assert "130.000" in client.get(url).content.decode()
    assert client.get("/deals/waterwegregio/public/projects/WW-999/").status_code == 404


def test_a_filtered_list_asked_of_the_database_equals_the_whole_list_filtered(site):
    """`public_projects` with a pillar, gemeente or wijk reads only the projects that match; it
    must give what filtering the whole list gives, for every combination (a project in a wijk
    counts for its gemeente)."""
    from regiodeal.portal import selectors
    from tests.factories import make_project, run

    deal = site["deal"]
    run(
        make_project(
            deal, "WW-010", lead="SCHIEDAM", pillars=["1", "2"], areas=["MAASSLUIS", "SCHIEDAM_NIEUWLAND"]
        )
    )
    run(make_project(deal, "WW-011", lead="ROTTERDAM", pillars=["3"], areas=["VLAARDINGEN_WESTWIJK"]))
    run(make_project(deal, "WW-012", lead="ROTTERDAM", pillars=["2"]))
    whole = public_projects(deal)
    assert len(whole) == 4

    def by_hand(pillar, gemeente, wijk):
        return [
            p
            for p in whole
            if (not pillar or pillar in {x.code for x in p.pillars})
            and (not gemeente or gemeente in p.gemeenten)
            and (not wijk or wijk in {a.code for a in p.areas})
        ]

    pillars = ["", "1", "2", "3", "9"]
    gemeenten = ["", "SCHIEDAM", "MAASSLUIS", "VLAARDINGEN", "NERGENS"]
    wijken = ["", "SCHIEDAM_NIEUWLAND", "VLAARDINGEN_WESTWIJK", "MAASSLUIS"]
    seen_nonempty = 0
    for pillar in pillars:
        for gemeente in gemeenten:
            for wijk in wijken:
                asked = selectors.public_projects(
                    deal, pillar=pillar or None, gemeente=gemeente or None, wijk=wijk or None
                )
                assert asked == by_hand(pillar, gemeente, wijk), (pillar, gemeente, wijk)
                seen_nonempty += bool(asked)
    assert seen_nonempty > 10
