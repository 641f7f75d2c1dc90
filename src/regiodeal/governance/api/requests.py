"""Requests (Art. 10-13, 19.2): what they say, filing one (a table of kinds), and reading them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability as C
from regiodeal.api.fields import AmountField
from regiodeal.common.lookups import found_or_404
from regiodeal.disclosure.access import without_pointers_to_hidden
from regiodeal.disclosure.models import WooGround
from regiodeal.disclosure.registry import DISCLOSABLE

from .. import models as gm
from .. import selectors as sel
from .. import services as svc
from ..constants import RequestKind
from ..filing import FILINGS, file_request, named_record
from .base import DealView
from .meetings import AttachmentSerializer

# ---------------------------------------------------------------------------------------------
# Requests (Art. 10-13, 19.2)


class ConsentSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")
    declaration = AttachmentSerializer()

    class Meta:
        model = gm.Consent
        fields = [
            "organisation",
            "answer",
            "declared_on",
            "declaration",
            "note",
            "on_behalf",
            "recorded_as",
            "recorded_by_label",
        ]

    recorded_as = serializers.CharField(
        read_only=True,
        help_text="Who recorded it: the Party itself, or the programme office on its behalf (a letter).",
    )


class RequestStepSerializer(serializers.ModelSerializer):
    # The edge's reason in the client's language (Accept-Language), the note as typed.
    reason = serializers.CharField(source="reason_text", read_only=True)

    class Meta:
        model = gm.RequestTransition
        fields = ["from_status", "to_status", "on", "at", "by_label", "reason"]


class RequestSerializer(serializers.ModelSerializer):
    filed_by = serializers.CharField(source="filed_by.code", allow_null=True, default=None)
    adopted_version = serializers.IntegerField(source="adopted_version.number", allow_null=True, default=None)
    consultation_deadline = serializers.SerializerMethodField()

    class Meta:
        model = gm.Request
        fields = [
            "number",
            "kind",
            "status",
            "title",
            "reasons",
            "filed_by",
            "filed_on",
            "received_on",
            "consultation_deadline",
            "effective_from",
            "decided_on",
            "adopted_version",
            "changes",
            "target_label",
            "confidential_until",
            "spuk_requested_on",
            "consulted_on",
            "discussed_in",
            "waits_for",
            "roles",
            "roles_decision",
            "roles_note",
            "obligations_accepted_on",
        ]

    discussed_in = serializers.PrimaryKeyRelatedField(read_only=True, help_text="meeting id (Art. 4.3, 19.2)")
    roles_decision = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="decision id (Art. 12.2)"
    )
    waits_for = serializers.SerializerMethodField(
        help_text="what adoption waits for beside consents: discussion (Art. 4.3, 19.2), acceptance (13.1)"
    )

    def get_waits_for(self, obj) -> list[str]:
        return svc.waits_for(obj, timezone.localdate()) if obj.status == "consultation" else []

    def get_consultation_deadline(self, obj) -> dt.date | None:
        return sel.request_deadline(obj)


class RequestDetailSerializer(RequestSerializer):
    transitions = RequestStepSerializer(many=True)
    consents = ConsentSerializer(many=True)
    missing = serializers.SerializerMethodField()

    class Meta(RequestSerializer.Meta):
        fields = [*RequestSerializer.Meta.fields, "transitions", "consents", "missing"]

    def get_missing(self, obj) -> list[str]:
        """Parties in office today whose consent is still missing (consultation only)."""
        if obj.status != "consultation":
            return []
        return [p.code for p in svc.missing_consents(obj, timezone.localdate())]


class BudgetChange(serializers.Serializer):
    rijk = AmountField(min_value=0)
    regional = AmountField(min_value=0)


class TextChange(serializers.Serializer):
    path = serializers.CharField(max_length=200)
    value = serializers.CharField()


class ApplicantSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=40)
    name = serializers.CharField(max_length=300)
    short_name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=["rijk", "regio"])
    acts_as = serializers.CharField(max_length=300)
    signatory_name = serializers.CharField(max_length=200)
    signatory_function = serializers.CharField(max_length=300)
    overleg = serializers.BooleanField(default=True)


class NewRequestSerializer(serializers.Serializer):
    """What a request says. By `kind`: amendment (budget, ends_on, text, effective_from),
    duration (ends_on, decision), accession (party; reasons = the concrete contribution),
    withdrawal (reasons = the changed circumstances), confidentiality (record_kind, record_id,
    until, woo_ground: the Woo article 5.1/5.2 code; reasons = the grounds)."""

    kind = serializers.ChoiceField(choices=RequestKind.choices)
    filed_by = serializers.CharField(required=False, help_text="Party code; not for accession")
    filed_on = serializers.DateField()
    title = serializers.CharField(required=False, max_length=300, default="")
    reasons = serializers.CharField(allow_blank=True)
    budget = serializers.DictField(child=BudgetChange(), required=False)
    ends_on = serializers.DateField(required=False)
    text = TextChange(many=True, required=False)
    effective_from = serializers.DateField(required=False, allow_null=True)
    discussed_in = serializers.IntegerField(
        required=False, allow_null=True, help_text="amendment: the overleg meeting that discussed it (id)"
    )
    decision = serializers.IntegerField(required=False, help_text="id of the overleg's decision (duration)")
    party = ApplicantSerializer(required=False)
    record_kind = serializers.ChoiceField(choices=sorted(DISCLOSABLE), required=False)
    record_id = serializers.IntegerField(required=False, min_value=1)
    until = serializers.DateField(required=False, allow_null=True)
    woo_ground = serializers.ChoiceField(choices=WooGround.choices, required=False, allow_blank=True)


# ---------------------------------------------------------------------------------------------
# Filing a request: the body of each kind in its service's words. Which service, and for which
# Party, is the one table of kinds (`governance/filing.py`, FILINGS), which the screen uses too.


def _accession(view, deal, d) -> dict:
    """Art. 13: the applicant's letter, registered by a Party or the programme office."""
    if "party" not in d:
        raise ValidationError({"party": [_("Beschrijf wie wil toetreden.")]})
    p = dict(d["party"])
    party = {
        **{k: p[k] for k in ("code", "name", "short_name", "kind", "acts_as", "overleg")},
        "signatory": {"name": p["signatory_name"], "function": p["signatory_function"]},
    }
    return {"filed_on": d["filed_on"], "contribution": d["reasons"], "party": party}


def _amendment(view, deal, d) -> dict:
    """Art. 11: a change of budget, end date or text."""
    changes = {}
    if d.get("budget"):
        changes["budget"] = {
            k: {"rijk": str(v["rijk"]), "regional": str(v["regional"])} for k, v in d["budget"].items()
        }
    if d.get("ends_on"):
        changes["ends_on"] = d["ends_on"].isoformat()
    if d.get("text"):
        changes["text"] = [dict(t) for t in d["text"]]
    return {
        "filed_on": d["filed_on"],
        "title": d["title"] or "Wijziging",
        "reasons": d["reasons"],
        "changes": changes,
        "effective_from": d.get("effective_from"),
        "discussed_in": view.meeting_of(d.get("discussed_in")),
    }


def _duration(view, deal, d) -> dict:
    """Art. 19.2: a new end date, on the overleg's decision."""
    decision = gm.Decision.objects.filter(meeting__deal=deal, pk=d.get("decision") or 0).first()
    if not d.get("ends_on"):
        raise ValidationError({"ends_on": [_("Geef de nieuwe einddatum.")]})
    return {"filed_on": d["filed_on"], "ends_on": d["ends_on"], "decision": decision, "reasons": d["reasons"]}


def _withdrawal(view, deal, d) -> dict:
    """Art. 12: a Party's notice of withdrawal, with the changed circumstances."""
    return {"notice_on": d["filed_on"], "circumstances": d["reasons"]}


def _confidentiality(view, deal, d) -> dict:
    """Art. 10: keep a record confidential on a ground of the Woo."""
    return {
        "filed_on": d["filed_on"],
        "record": named_record(deal, d.get("record_kind", ""), d.get("record_id") or 0),
        "grounds": d["reasons"],
        "until": d.get("until"),
        "woo_ground": d.get("woo_ground", ""),
    }


BODY_FIELDS = {
    RequestKind.ACCESSION: _accession,
    RequestKind.AMENDMENT: _amendment,
    RequestKind.DURATION: _duration,
    RequestKind.WITHDRAWAL: _withdrawal,
    RequestKind.CONFIDENTIALITY: _confidentiality,
}


class RequestList(DealView, generics.ListAPIView):
    """Every request of the deal. POST files one: a Party representative for their own Party
    (an accession request also by the programme office, which registers the applicant's letter)."""

    serializer_class = RequestSerializer
    queryset = gm.Request.objects.none()
    write_capability = C.FILE_REQUEST
    object_level = True  # the Party it is filed for decides, below

    def get_queryset(self):
        deal = self.get_deal()
        found = sel.request_list(deal, self.request.query_params.get("kind") or None).select_related("deal")
        return without_pointers_to_hidden(found, self.request.user, deal)  # Art. 10.1

    @extend_schema(request=NewRequestSerializer, responses={201: RequestDetailSerializer})
    def post(self, request, slug):
        s = NewRequestSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        deal, kind = self.get_deal(), d["kind"]
        filed_by = None
        if FILINGS[kind].by_party:
            filed_by = deal.organisations.filter(code=d.get("filed_by", "")).first()
        elif not (can(request.user, C.FILE_REQUEST, deal) or can(request.user, C.MANAGE_GOVERNANCE, deal)):
            raise PermissionDenied
        r = file_request(
            kind,
            user=request.user,
            actor=self.actor(),
            deal=deal,
            party=filed_by,
            fields=lambda: BODY_FIELDS[kind](self, deal, d),
        )
        r = sel.request_get(deal, r.number)
        return Response(
            RequestDetailSerializer(r, context={"view": self}).data, status=status.HTTP_201_CREATED
        )

    def meeting_of(self, pk) -> gm.Meeting | None:
        if not pk:
            return None
        meeting = gm.Meeting.objects.filter(deal=self.get_deal(), pk=pk).first()
        if meeting is None:
            raise ValidationError({"discussed_in": [_("Die vergadering bestaat niet in deze deal.")]})
        return meeting


class RequestDetail(DealView, generics.RetrieveAPIView):
    """One request with its steps, declarations and the Parties whose consent is missing."""

    serializer_class = RequestDetailSerializer
    queryset = gm.Request.objects.none()

    def get_object(self):
        deal = self.get_deal()
        r = found_or_404(sel.request_get, deal, self.kwargs["number"])
        if not without_pointers_to_hidden(
            gm.Request.objects.filter(pk=r.pk), self.request.user, deal
        ).exists():
            raise Http404  # Art. 10.1: a confidentiality request names a record kept from the user
        return r
