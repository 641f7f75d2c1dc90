"""An idea's public status through one transitions table, its contact details readable only by
the programme office (each read audited), and deleted after the retention period."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import deque

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from regiodeal.audit.models import AuditEvent
from regiodeal.ideas.constants import IdeaStatus
from regiodeal.ideas.models import Idea, IdeaContact, IdeaTransition
from regiodeal.ideas.services import idea_transition
from regiodeal.ideas.workflow import FINAL, TRANSITIONS
from tests.factories import ROLES, make_project
from tests.ideas.conftest import ACTOR, CONTACT

pytestmark = pytest.mark.django_db
STATUSES = list(IdeaStatus.values)


def path_to(status: str) -> list[str]:
    """The statuses to pass through, from received, along the transitions table."""
    queue, seen = deque([("received", [])]), {"received"}
    while queue:
        here, steps = queue.popleft()
        if here == status:
            return steps
        for frm, to in TRANSITIONS:
            if frm == here and to not in seen:
                seen.add(to)
                queue.append((to, [*steps, to]))
    raise AssertionError(f"{status} unreachable")


def move(idea, to, project):
    return idea_transition(actor=ACTOR, idea=idea, to_status=to, public_reason="omdat", project=project)


@pytest.mark.parametrize(("frm", "to"), list(itertools.product(STATUSES, STATUSES)))
def test_only_the_edges_of_the_transitions_table_are_allowed(submit, waterwegregio, frm, to):
    project = make_project(waterwegregio, "WW-001")
    idea = submit()
    for step in path_to(frm):
        move(idea, step, project)
    before = IdeaTransition.objects.count()
    if (frm, to) in TRANSITIONS:
        move(idea, to, project)
        idea.refresh_from_db()
        assert idea.status == to and IdeaTransition.objects.count() == before + 1
        assert (idea.closed_at is not None) is (to in FINAL)
    else:
        with pytest.raises(ValidationError):
            move(idea, to, project)
        assert IdeaTransition.objects.count() == before


def test_not_taking_up_or_removing_needs_a_public_reason_and_taking_up_a_project(
    submit, waterwegregio, other_deal
):
    idea = submit()
    for to in ("not_taken_up", "removed"):
        with pytest.raises(ValidationError, match="waarom"):
            idea_transition(actor=ACTOR, idea=idea, to_status=to)
    with pytest.raises(ValidationError, match="Kies het project"):
        idea_transition(actor=ACTOR, idea=idea, to_status="taken_up")
    foreign = make_project(other_deal, "PR-001")
    with pytest.raises(ValidationError, match="andere deal"):
        idea_transition(actor=ACTOR, idea=idea, to_status="taken_up", project=foreign)


def test_the_public_status_page_follows_the_idea(submit, waterwegregio):
    from regiodeal.projects.services import project_transition

    project = make_project(waterwegregio, "WW-001", title="Groene schoolpleinen")
    for to in ("proposed", "approved"):
        project_transition(actor=ACTOR, project=project, to_status=to, reason="t")
    idea = submit()
    url = "/deals/waterwegregio/public/ideas/1/"
    page = Client().get(url).content.decode()
    assert "ontvangen" in page and "Moestuin" not in page  # not read yet: text not published
    idea_transition(actor=ACTOR, idea=idea, to_status="under_consideration", internal_note="geheim briefje")
    page = Client().get(url).content.decode()
    assert "wordt bekeken" in page and "Moestuin bij de school" in page and "geheim briefje" not in page
    idea_transition(actor=ACTOR, idea=idea, to_status="taken_up", project=project)
    page = Client().get(url).content.decode()
    link = '<a class="utrecht-link" href="/deals/waterwegregio/public/projects/WW-001/">'
    assert f"opgenomen in een project</span>: {link}Groene schoolpleinen</a>" in page
    idea_transition(actor=ACTOR, idea=idea, to_status="under_consideration")
    idea_transition(
        actor=ACTOR, idea=idea, to_status="not_taken_up", public_reason="Past niet binnen de pijlers."
    )
    page = Client().get(url).content.decode()
    assert "niet overgenomen" in page and "Past niet binnen de pijlers." in page


def test_a_removed_idea_is_not_on_the_public_site(submit):
    idea = submit()
    idea_transition(actor=ACTOR, idea=idea, to_status="removed", public_reason="Bevat persoonsgegevens.")
    assert Client().get("/deals/waterwegregio/public/ideas/1/").status_code == 404
    assert "Idee 1" not in Client().get("/deals/waterwegregio/public/ideas/").content.decode()


def test_contact_details_are_never_public(submit):
    idea = submit()
    idea_transition(actor=ACTOR, idea=idea, to_status="under_consideration")
    client = Client()
    texts = [
        client.get(p).content.decode()
        for p in (
            "/deals/waterwegregio/public/ideas/",
            "/deals/waterwegregio/public/ideas/1/",
            "/deals/waterwegregio/public/open-data/ideas.csv",
            "/deals/waterwegregio/public/open-data/ideas.json",
            "/api/v1/public/deals/waterwegregio/ideas/",
        )
    ]
    assert "Moestuin bij de school" in texts[1]
    assert [v for v in CONTACT.values() for t in texts if v in t] == []


@pytest.mark.parametrize("role", ROLES)
def test_moderation_and_contact_pages_answer_each_role_as_the_role_table_says(submit, role_users, role):
    submit()
    client = Client()
    if role_users[role] is not None:
        client.force_login(role_users[role])
    may = role == "programme_office"
    for path in (
        "/deals/waterwegregio/ideas/manage/",
        "/deals/waterwegregio/ideas/manage/1/",
        "/deals/waterwegregio/ideas/manage/1/contact/",
    ):
        response = client.get(path)
        if may:
            assert response.status_code == 200, path
        elif role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
        else:
            assert response.status_code == 403, (path, role)
        shows_contact = CONTACT["email"] in response.content.decode()
        assert shows_contact is (may and path.endswith("contact/")), path
    reads = AuditEvent.objects.filter(action="personal_data.read").count()
    assert reads == (1 if may else 0)


@pytest.mark.parametrize("role", ROLES)
def test_the_moderation_api_answers_each_role_as_the_role_table_says(submit, role_users, role):
    submit()
    client = APIClient()
    if role_users[role] is not None:
        client.force_authenticate(role_users[role])
    may = role == "programme_office"
    for path in (
        "/api/v1/deals/waterwegregio/ideas/",
        "/api/v1/deals/waterwegregio/ideas/1/",
        "/api/v1/deals/waterwegregio/ideas/1/contact/",
    ):
        status = client.get(path).status_code
        assert (status == 200) if may else (status in (401, 403)), (path, role, status)
    response = client.post(
        "/api/v1/deals/waterwegregio/ideas/1/transitions/",
        {"to_status": "under_consideration", "internal_note": "n"},
        format="json",
    )
    if may:
        assert response.status_code == 201 and Idea.objects.get().status == "under_consideration"
    else:
        assert response.status_code in (401, 403) and Idea.objects.get().status == "received"


def test_every_read_of_contact_details_is_audited_with_the_fields_read(submit, role_users):
    submit()
    office = Client()
    office.force_login(role_users["programme_office"])
    office.get("/deals/waterwegregio/ideas/manage/1/")  # moderating reads no personal data
    assert AuditEvent.objects.filter(action="personal_data.read").count() == 0
    office.get("/deals/waterwegregio/ideas/manage/1/contact/")
    api = APIClient()
    api.force_authenticate(role_users["programme_office"])
    assert api.get("/api/v1/deals/waterwegregio/ideas/1/contact/").json()["email"] == CONTACT["email"]
    reads = list(AuditEvent.objects.filter(action="personal_data.read").order_by("id"))
    assert len(reads) == 2
    assert all(
        e.after == {"fields": ["name", "email", "phone"]} and e.actor == role_users["programme_office"]
        for e in reads
    )


def closed_days_ago(idea, days):
    Idea.objects.filter(pk=idea.pk).update(closed_at=timezone.now() - dt.timedelta(days=days))


def test_the_purge_deletes_expired_contact_details_only_and_is_idempotent(submit, capsys, settings):
    settings.REGIODEAL_IDEA_CONTACT_RETENTION_DAYS = 30
    expired, recent, _still_open = submit(), submit(), submit()
    for idea in (expired, recent):
        idea_transition(actor=ACTOR, idea=idea, to_status="not_taken_up", public_reason="nee")
    closed_days_ago(expired, 31)
    closed_days_ago(recent, 29)
    call_command("purge-personal-data")
    out = capsys.readouterr().out
    assert "deleted: contact details of idea waterwegregio#1 (name, email, phone)" in out
    assert "1 deleted, 0 blanked (retention 30 days after closing or last activity)." in out
    assert set(IdeaContact.objects.values_list("idea__number", flat=True)) == {2, 3}
    event = AuditEvent.objects.get(action="ideas.contact.purged")
    assert event.actor_label.startswith("cli:") and event.before == {"fields": ["name", "email", "phone"]}
    assert Idea.objects.filter(number=1).exists()  # the idea itself stays, it is public
    call_command("purge-personal-data")
    assert "nothing to delete (retention 30 days after closing or last activity)." in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="ideas.contact.purged").count() == 1


def test_the_retention_period_defaults_to_twelve_months(submit, capsys):
    idea = submit()
    idea_transition(actor=ACTOR, idea=idea, to_status="removed", public_reason="spam")
    closed_days_ago(idea, 364)
    call_command("purge-personal-data")
    assert IdeaContact.objects.count() == 1
    closed_days_ago(idea, 366)
    call_command("purge-personal-data", "--dry-run")
    assert "would delete: contact details of idea waterwegregio#1" in capsys.readouterr().out
    assert IdeaContact.objects.count() == 1
    call_command("purge-personal-data")
    assert IdeaContact.objects.count() == 0


def test_avg_art_5_1_e_reopening_an_idea_after_its_period_ran_out_does_not_revive_it(submit, settings):
    settings.REGIODEAL_IDEA_CONTACT_RETENTION_DAYS = 1
    idea = submit()
    idea_transition(actor=ACTOR, idea=idea, to_status="not_taken_up", public_reason="nee")
    five_days_ago = timezone.now() - dt.timedelta(days=5)
    Idea.objects.filter(pk=idea.pk).update(submitted_at=five_days_ago, closed_at=five_days_ago)
    IdeaTransition.objects.filter(idea=idea).update(at=five_days_ago)
    idea_transition(actor=ACTOR, idea=idea, to_status="under_consideration")  # the purge had not run yet
    call_command("purge-personal-data")
    assert IdeaContact.objects.count() == 0


def test_avg_art_5_1_e_reopening_within_the_period_keeps_the_details_while_it_is_handled(submit, settings):
    settings.REGIODEAL_IDEA_CONTACT_RETENTION_DAYS = 10
    idea = submit()
    idea_transition(actor=ACTOR, idea=idea, to_status="not_taken_up", public_reason="nee")
    five_days_ago = timezone.now() - dt.timedelta(days=5)
    Idea.objects.filter(pk=idea.pk).update(submitted_at=five_days_ago, closed_at=five_days_ago)
    IdeaTransition.objects.filter(idea=idea).update(at=five_days_ago)
    idea_transition(actor=ACTOR, idea=idea, to_status="under_consideration")
    call_command("purge-personal-data")
    assert IdeaContact.objects.count() == 1  # open again: the clock runs from this last activity


def test_avg_art_5_1_e_an_idea_never_closed_is_purged_a_period_after_its_last_activity(submit, settings):
    settings.REGIODEAL_IDEA_CONTACT_RETENTION_DAYS = 30
    _untouched, handled = submit(), submit()
    idea_transition(actor=ACTOR, idea=handled, to_status="under_consideration")
    long_ago = timezone.now() - dt.timedelta(days=40)
    Idea.objects.update(submitted_at=long_ago)
    IdeaTransition.objects.filter(idea=handled).update(at=timezone.now() - dt.timedelta(days=29))
    call_command("purge-personal-data")
    assert list(IdeaContact.objects.values_list("idea__number", flat=True)) == [handled.number]
