"""The one transition engine (common/transitions.py): every procedure's step is checked against
its table, its capability and its guards, stored as a row with one audit event, or refused with
one error type and nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor
from regiodeal.common.transitions import (
    Procedure,
    TransitionError,
    TransitionForbidden,
    TransitionRefused,
    TransitionRow,
    lock,
    transition,
)
from regiodeal.projects.models import Project, ProjectTransition
from tests.factories import make_project

TABLE = {("idea", "proposed"): "worked out", ("proposed", "approved"): "approved"}


def _must_say_why(obj, to, context):
    if not context.get("reason", "").strip():
        raise ValidationError({"reason": "Say why."})


PROCEDURE = Procedure(
    name="test",
    row_model=ProjectTransition,
    subject="project",
    table=TABLE,
    action="test.{to}",
    refused=lambda obj, frm, to, allowed: {"to_status": f"{frm} cannot become {to}; allowed: {allowed}"},
    capability="manage_projects",
    guards=(_must_say_why,),
    bump_lock=True,
)


@pytest.fixture
def project(waterwegregio):
    return make_project(waterwegregio, "WW-901")


TESTER = Actor(label="engine-test")


def _step(project, to, actor=TESTER, reason="because"):
    return transition(
        PROCEDURE,
        actor=actor,
        obj=lock(project),
        to=to,
        context={"reason": reason},
        row={"reason": reason},
    )


def _nothing_changed(project, events_before):
    assert Project.objects.get(pk=project.pk).status == "idea"
    assert not ProjectTransition.objects.filter(project=project).exists()
    assert AuditEvent.objects.count() == events_before


def test_a_step_is_stored_as_a_row_with_the_status_and_one_audit_event(project):
    events = AuditEvent.objects.count()
    row = _step(project, "proposed", reason="uitgewerkt")
    stored = Project.objects.get(pk=project.pk)
    assert (row.from_status, row.to_status, row.reason, row.by_label) == (
        "idea",
        "proposed",
        "uitgewerkt",
        "engine-test",
    )
    assert stored.status == "proposed"
    assert stored.lock_version == project.lock_version + 1  # an open edit form of the old state conflicts
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == events + 1
    assert (event.action, event.object_id, event.actor_label) == (
        "test.proposed",
        str(project.pk),
        "engine-test",
    )
    assert event.before["status"] == "idea" and event.after["status"] == "proposed"


def test_a_step_not_in_the_table_is_refused_with_the_procedures_words_and_nothing_changes(project):
    events = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused) as refused:
        _step(project, "approved")
    assert isinstance(refused.value, ValidationError) and isinstance(refused.value, TransitionError)
    assert refused.value.message_dict == {"to_status": ["idea cannot become approved; allowed: ['proposed']"]}
    _nothing_changed(project, events)


def test_an_unknown_step_is_refused_like_any_other(project):
    events = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused, match="idea cannot become flying"):
        _step(project, "flying")
    _nothing_changed(project, events)


def test_a_guard_refuses_at_its_own_field_and_nothing_changes(project):
    events = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused) as refused:
        _step(project, "proposed", reason="  ")
    assert refused.value.message_dict == {"reason": ["Say why."]}
    _nothing_changed(project, events)


def test_a_person_without_the_capability_is_forbidden_and_the_command_line_acts_as_the_system(
    project, role_users
):
    events = AuditEvent.objects.count()
    auditor = role_users["auditor"]
    with pytest.raises(TransitionForbidden) as forbidden:
        _step(project, "proposed", actor=Actor(user=auditor, label=auditor.get_username()))
    assert isinstance(forbidden.value, PermissionDenied) and isinstance(forbidden.value, TransitionError)
    _nothing_changed(project, events)
    office = role_users["programme_office"]
    row = _step(project, "proposed", actor=Actor(user=office))  # no label given: the login name is stored
    assert (row.by, row.by_label) == (office, office.get_username())
    assert _step(project, "approved", actor=Actor.cli()).by_label.startswith("cli:")


def test_every_procedure_of_the_platform_runs_on_the_engine():
    from regiodeal.governance import services as governance
    from regiodeal.ideas import services as ideas
    from regiodeal.participation import services as participation
    from regiodeal.projects import services as projects
    from regiodeal.reporting import services as reporting

    for module in (projects, ideas, participation, reporting, governance):
        assert isinstance(module.PROCEDURE, Procedure)
        assert issubclass(module.PROCEDURE.row_model, TransitionRow)
