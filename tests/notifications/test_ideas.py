"""A resident who left an e-mail address and ticked "send me an e-mail when the status changes"
hears of each new status of their idea, in the language they wrote in; no one else does, and
their address stays out of the audit trail and goes with the purge."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor
from regiodeal.ideas.models import Idea, IdeaContact
from regiodeal.ideas.selectors import contacts_expired
from regiodeal.ideas.services import contacts_purge, idea_submit, idea_transition
from tests.ideas.conftest import CONTACT

from .conftest import run_jobs, sent_to

pytestmark = pytest.mark.django_db
ACTOR = Actor(label="test")


def submit(deal, *, notify: bool, contact=CONTACT, consent=True, title="Moestuin bij de school"):
    return idea_submit(
        actor=ACTOR,
        deal=deal,
        title=title,
        description="Een moestuin voor de buurt, samen met de school.",
        area_code="SCHIEDAM_NIEUWLAND",
        consent=consent,
        notify_status=notify,
        **contact,
    )


def test_a_resident_who_asked_hears_of_each_new_status_and_one_who_did_not_hears_nothing(waterwegregio):
    asked = submit(waterwegregio, notify=True)
    not_asked = submit(waterwegregio, notify=False, contact={**CONTACT, "email": "ander@voorbeeld.nl"})
    idea_transition(actor=ACTOR, idea=asked, to_status="under_consideration")
    idea_transition(actor=ACTOR, idea=not_asked, to_status="under_consideration")
    assert mail.outbox == []  # the worker sends
    run_jobs()
    assert sent_to() == [CONTACT["email"]]
    message = mail.outbox[0]
    assert (
        message.subject
        == "Regio Deal Waterwegregio: nieuwe status van uw idee ‘Moestuin bij de school’: wordt bekeken"
    )
    assert "http://127.0.0.1:8000/deals/waterwegregio/public/ideas/1/" in message.body
    idea_transition(
        actor=ACTOR, idea=asked, to_status="not_taken_up", public_reason="Valt buiten de pijlers."
    )
    run_jobs()
    assert len(mail.outbox) == 2
    assert "Toelichting van het programmabureau: Valt buiten de pijlers." in mail.outbox[1].body


def test_the_resident_hears_in_the_language_they_wrote_in(waterwegregio):
    with translation.override("en"):
        idea = submit(waterwegregio, notify=True)
    idea_transition(actor=ACTOR, idea=idea, to_status="under_consideration")
    run_jobs()
    assert mail.outbox[0].subject == (
        "Regio Deal Waterwegregio: new status of your idea ‘Moestuin bij de school’: under consideration"
    )
    assert "http://127.0.0.1:8000/en/deals/waterwegregio/public/ideas/1/" in mail.outbox[0].body


def test_asking_to_be_told_needs_an_email_address_and_consent(waterwegregio):
    with pytest.raises(ValidationError) as refused:
        submit(waterwegregio, notify=True, contact={"name": "Fenna", "phone": "06 1234 5678"})
    assert "email" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        submit(waterwegregio, notify=True, consent=False)
    assert "consent" in refused.value.message_dict
    assert Idea.objects.count() == 0


def test_purged_contact_details_are_not_mailed_and_the_address_is_never_in_the_audit_trail(
    waterwegregio, settings
):
    settings.REGIODEAL_IDEA_CONTACT_RETENTION_DAYS = 30
    idea = submit(waterwegregio, notify=True)
    idea_transition(actor=ACTOR, idea=idea, to_status="not_taken_up", public_reason="nee")
    Idea.objects.filter(pk=idea.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))
    contacts_purge(actor=ACTOR, contacts=list(contacts_expired()))  # before the worker took the job
    run_jobs()
    assert mail.outbox == [] and IdeaContact.objects.count() == 0
    assert all(
        CONTACT["email"] not in str(e.before) + str(e.after) + e.summary for e in AuditEvent.objects.all()
    )


def test_the_public_form_offers_the_choice_off_by_default_and_stores_it(waterwegregio):
    url = "/deals/waterwegregio/ideas/"
    page = Client().get(url).content.decode()
    assert 'name="notify_status" id="id_notify_status">' in page  # not checked
    assert "Stuur mij een e-mail als de status van mijn idee verandert" in page
    english = Client().get("/en" + url).content.decode()
    assert "Send me an email when the status of my idea changes" in english
    data = {"title": "Bankjes", "description": "Meer bankjes in het park.", "area": "SCHIEDAM_OOST"}
    Client().post(url, {**data, **CONTACT, "consent": "on", "notify_status": "on"}, REMOTE_ADDR="192.0.2.7")
    assert IdeaContact.objects.get().notify_status is True
    response = Client().post(url, {**data, "notify_status": "on"}, REMOTE_ADDR="192.0.2.8")
    assert "Vul uw e-mailadres in als u bericht wilt krijgen over uw idee." in response.content.decode()
