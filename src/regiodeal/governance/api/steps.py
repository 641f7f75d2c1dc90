"""The steps on a request (Art. 10-13, 19.2): receipt, consultation, roles, acceptance, consent,
withdrawal, reconsideration, decision, lifting and the SPUK request."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability as C
from regiodeal.common.lookups import found_or_404

from .. import models as gm
from .. import selectors as sel
from .. import services as svc
from ..constants import Answer
from ..permissions import require_own_party
from .base import DealView
from .requests import RequestDetailSerializer


class RequestStep(DealView, APIView):
    """Base of the steps on a request; answers with the request."""

    input: type[serializers.Serializer]

    def __init_subclass__(cls, **kwargs):
        """A step that names its `input` documents it: that serializer in, the request out."""
        super().__init_subclass__(**kwargs)
        if "input" in vars(cls):

            def post(self, request, slug, number):
                return RequestStep.post(self, request, slug, number)

            cls.post = extend_schema(request=cls.input, responses={200: RequestDetailSerializer})(post)

    def the_request(self) -> gm.Request:
        return found_or_404(sel.request_get, self.get_deal(), self.kwargs["number"])

    def post(self, request, slug, number):
        s = self.input(data=request.data)
        s.is_valid(raise_exception=True)
        r = self.the_request()
        self.act(r, s.validated_data)
        return Response(RequestDetailSerializer(self.the_request(), context={"view": self}).data)


class Receipt(serializers.Serializer):
    received_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReceiptView(RequestStep):
    """Art. 11.2: the day VRO learned of the request; the consultation starts (programme office)."""

    input = Receipt

    def act(self, r, d):
        svc.request_receipt_record(actor=self.actor(), request=r, **d)


class Consultation(serializers.Serializer):
    consulted_on = serializers.DateField(required=False, allow_null=True)
    meeting = serializers.IntegerField(required=False, allow_null=True, help_text="overleg meeting id")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultationView(RequestStep):
    """Art. 11.2: when the Parties consulted on the request (a date, or the overleg meeting that
    held it; that meeting is also the discussion Art. 4.3 and 19.2 ask for). After six weeks it
    is a warning; the decision stays valid (programme office)."""

    input = Consultation

    def act(self, r, d):
        meeting = None
        if d.get("meeting"):
            meeting = gm.Meeting.objects.filter(deal=self.get_deal(), pk=d["meeting"]).first()
            if meeting is None:
                raise ValidationError({"meeting": [_("Die vergadering bestaat niet in deze deal.")]})
        svc.consultation_record(
            actor=self.actor(), request=r, consulted_on=d.get("consulted_on"), meeting=meeting, note=d["note"]
        )


class RolesDecision(serializers.Serializer):
    decision = serializers.IntegerField(help_text="the overleg's decision (id)")
    regiokassier = serializers.CharField(required=False, help_text="Party code taking the role")
    vro = serializers.CharField(required=False, help_text="Party code taking VRO's roles")
    note = serializers.CharField()


class RolesView(RequestStep):
    """Art. 12.2: what the remaining Parties decided about a withdrawing Party's roles; the new
    version is made with the successors (programme office)."""

    input = RolesDecision

    def act(self, r, d):
        deal = self.get_deal()
        decision = gm.Decision.objects.filter(meeting__deal=deal, pk=d["decision"]).first()
        successors = {}
        for role in ("regiokassier", "vro"):
            if d.get(role):
                org = deal.organisations.filter(code=d[role]).first()
                if org is None:
                    raise ValidationError({role: [_("Die organisatie bestaat niet in deze deal.")]})
                successors[role] = org
        svc.withdrawal_roles_decide(
            actor=self.actor(), request=r, decision=decision, successors=successors, note=d["note"]
        )


class Acceptance(serializers.Serializer):
    accepted_on = serializers.DateField()
    declaration = serializers.FileField(help_text="the signed acceptance: PDF, PNG or JPEG")


class AcceptanceView(RequestStep):
    """Art. 13.1: the acceding party accepts the obligations of the deal (multipart)."""

    input = Acceptance
    parser_classes = [MultiPartParser, FormParser]

    def act(self, r, d):
        svc.accession_acceptance_record(actor=self.actor(), request=r, **d)


class Declaration(serializers.Serializer):
    organisation = serializers.CharField(help_text="Party code")
    answer = serializers.ChoiceField(choices=Answer.choices)
    declared_on = serializers.DateField()
    declaration = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConsentView(RequestStep):
    """Art. 11.3, 13.3: a Party's consent or refusal with its declaration (multipart), recorded by
    a representative of that Party. One refusal rejects; all consents adopt."""

    input = Declaration
    write_capability = C.CONSENT
    object_level = True
    parser_classes = [MultiPartParser, FormParser]

    def act(self, r, d):
        deal = self.get_deal()
        organisation = deal.organisations.filter(code=d["organisation"]).first()
        require_own_party(self.request.user, deal, organisation, C.CONSENT)
        self.declared(r, d, organisation)

    def declared(self, r, d, organisation, **by_letter):
        """The Party's declaration (`by_letter`: recorded on its behalf), through the service."""
        svc.consent_record(
            actor=self.actor(),
            request=r,
            organisation=organisation,
            **{name: d[name] for name in ("answer", "declared_on", "declaration", "note")},
            **by_letter,
        )


class LetterView(ConsentView):
    """Art. 11.3, 13.3: a Party's consent or refusal that reached the programme office by letter,
    recorded by the programme office on the Party's behalf (multipart; the scanned letter is a PDF,
    PNG or JPEG). The same rules as a Party's own declaration."""

    write_capability = C.MANAGE_GOVERNANCE
    object_level = False

    def act(self, r, d):
        organisation = self.get_deal().organisations.filter(code=d["organisation"]).first()
        if organisation is None:
            raise ValidationError({"organisation": [_("Die organisatie bestaat niet in deze deal.")]})
        self.declared(r, d, organisation, on_behalf=True)


class Note(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.CharField()


class WithdrawView(RequestStep):
    """The requesting Party withdraws its request."""

    input = Note
    write_capability = C.FILE_REQUEST
    object_level = True

    def act(self, r, d):
        require_own_party(self.request.user, self.get_deal(), r.filed_by)
        svc.request_withdraw(actor=self.actor(), request=r, **d)


class Reconsider(serializers.Serializer):
    on = serializers.DateField(required=False)


class ReconsiderView(RequestStep):
    """Adopt a request once every Party still in office has consented (a non-answering Party left)."""

    input = Reconsider

    def act(self, r, d):
        on = d.get("on") or timezone.localdate()
        svc.request_reconsider(actor=self.actor(), request=r, on=min(on, timezone.localdate()))


class Decide(serializers.Serializer):
    grant = serializers.BooleanField()
    decided_on = serializers.DateField()
    until = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecideView(RequestStep):
    """Art. 10: the decision on a confidentiality request (programme office)."""

    input = Decide

    def act(self, r, d):
        svc.confidentiality_decide(actor=self.actor(), request=r, **d)


class LiftView(RequestStep):
    """Lift a granted confidentiality before its end date."""

    input = Note

    def act(self, r, d):
        svc.confidentiality_lift(actor=self.actor(), request=r, **d)


class Spuk(serializers.Serializer):
    requested_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SpukView(RequestStep):
    """Art. 19.2: the regiokassier asked VRO to amend the SPUK decision."""

    input = Spuk
    write_capability = C.MANAGE_FINANCE  # the regiokassier; the programme office may too, below
    object_level = True

    def act(self, r, d):
        deal = self.get_deal()
        if not (
            can(self.request.user, C.MANAGE_FINANCE, deal)
            or can(self.request.user, C.MANAGE_GOVERNANCE, deal)
        ):
            raise PermissionDenied
        svc.spuk_request_record(actor=self.actor(), request=r, **d)
