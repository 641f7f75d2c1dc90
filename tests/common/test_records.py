"""The one way a service stores a record (common/records.py): checked, saved and audited once; a
change from a version someone else saved since is refused and changes nothing, not even the
trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor
from regiodeal.common.locking import EditConflict
from regiodeal.common.records import record_created, record_updated
from regiodeal.participation.models import Theme

pytestmark = pytest.mark.django_db
ACTOR = Actor(label="test")


def _theme(deal, **values) -> Theme:
    return Theme(deal=deal, **{"code": "records-test", "name": "Groen", **values})


def _events(theme) -> list[AuditEvent]:
    found = AuditEvent.objects.filter(object_type="participation.theme", object_id=str(theme.pk))
    return list(found.order_by("pk"))


def test_a_new_record_is_checked_saved_and_audited_once_with_what_it_is(waterwegregio):
    theme = record_created(_theme(waterwegregio), actor=ACTOR, action="t.added")
    (event,) = _events(theme)
    assert (event.action, event.deal_slug, event.summary) == ("t.added", "waterwegregio", str(theme))
    assert event.before is None and event.after["name"] == "Groen"


def test_a_record_that_fails_its_checks_is_not_saved(waterwegregio):
    with pytest.raises(ValidationError):
        record_created(_theme(waterwegregio, code=""), actor=ACTOR, action="t.added")
    assert not Theme.objects.filter(deal=waterwegregio, code="").exists()


def test_a_change_is_audited_before_and_after_and_a_stale_one_changes_nothing(waterwegregio):
    theme = record_created(_theme(waterwegregio), actor=ACTOR, action="t.added")
    seen = theme.lock_version
    changed = {"name": "Groen en water"}
    record_updated(theme, actor=ACTOR, action="t.updated", changes=changed, expected_version=seen)
    event = _events(theme)[-1]
    assert (event.action, event.before["name"], event.after["name"]) == (
        "t.updated",
        "Groen",
        "Groen en water",
    )
    stale = Theme.objects.get(pk=theme.pk)
    with pytest.raises(EditConflict):
        record_updated(stale, actor=ACTOR, action="t.updated", changes={"name": "X"}, expected_version=seen)
    assert Theme.objects.get(pk=theme.pk).name == "Groen en water" and len(_events(theme)) == 2
