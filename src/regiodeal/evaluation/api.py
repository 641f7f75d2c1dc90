"""The evaluation part of the REST API (`/api/v1/deals/<slug>/evaluation/`).

Read: VIEW_INTERNAL. Write: MANAGE_REPORT (the programme office). Documents are uploaded as
multipart; their file is downloaded through the screen's access-checked URL."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser

from regiodeal.accounts.roles import Capability
from regiodeal.api.views import DealAPIView, ServiceCreateMixin
from regiodeal.disclosure.access import without_hidden_projects
from regiodeal.governance.models import Meeting
from regiodeal.projects.models import Project

from . import selectors, services
from .constants import DocumentKind
from .models import Adjustment, CreditLineRequest, EvaluationDocument


class DocumentSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationDocument
        fields = [
            "id",
            "kind",
            "title",
            "dated",
            "summary",
            "file",
            "download",
            "recorded_at",
            "recorded_by_label",
        ]
        read_only_fields = ["id", "download", "recorded_at", "recorded_by_label"]

    def get_download(self, obj) -> str:
        return reverse("evaluation:document-file", kwargs={"slug": obj.deal.slug, "pk": obj.pk})


class DocumentList(DealAPIView, ServiceCreateMixin, generics.ListCreateAPIView):
    """Evaluation documents (Art. 2.4, 7.1, 8.1, Bijlage 1): `?kind=` filters by kind."""

    serializer_class = DocumentSerializer
    create_service = staticmethod(services.document_add)
    write_capability = Capability.MANAGE_REPORT
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EvaluationDocument.objects.none()
        kind = self.request.query_params.get("kind")
        if kind and kind not in DocumentKind.values:
            raise ValidationError(
                {"kind": [_("Een van: %(codes)s.") % {"codes": ", ".join(DocumentKind.values)}]}
            )
        # Art. 10.1: without the documents kept from the user (disclosure/access.py).
        return selectors.document_list(
            deal=self.get_deal(), kind=kind, viewer=self.request.user
        ).select_related("deal")


class AdjustmentSerializer(serializers.ModelSerializer):
    results = serializers.ListField(child=serializers.CharField(), write_only=True, required=False)
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), required=False, allow_null=True
    )
    evaluation = serializers.PrimaryKeyRelatedField(
        queryset=EvaluationDocument.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Adjustment
        fields = [
            "id",
            "decided_on",
            "title",
            "change",
            "reason",
            "results",
            "prompted_by",
            "meeting",
            "evaluation",
            "recorded_at",
            "recorded_by_label",
        ]
        read_only_fields = ["id", "prompted_by", "recorded_at", "recorded_by_label"]


class AdjustmentList(DealAPIView, ServiceCreateMixin, generics.ListCreateAPIView):
    """Bijsturing (Bijlage 1 §2.D): what was changed and why; `results` are the codes of the intended
    results whose verdicts prompted it (kept in `prompted_by` with their verdict on `decided_on`)."""

    serializer_class = AdjustmentSerializer
    create_service = staticmethod(services.adjustment_record)
    write_capability = Capability.MANAGE_REPORT

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Adjustment.objects.none()
        return selectors.adjustment_list(deal=self.get_deal(), viewer=self.request.user)  # Art. 10.1


class CreditLineSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", queryset=Project.objects.all())

    class Meta:
        model = CreditLineRequest
        fields = ["id", "project", "asked_on", "how", "recorded_at", "recorded_by_label"]
        read_only_fields = ["id", "recorded_at", "recorded_by_label"]

    def __init__(self, *args, deal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if deal is not None:
            self.fields["project"].queryset = Project.objects.filter(deal=deal)


class CreditLineList(DealAPIView, ServiceCreateMixin, generics.ListCreateAPIView):
    """Art. 8.2: the projects the Regio asked to credit the cooperation of Rijk and regio."""

    serializer_class = CreditLineSerializer
    create_service = staticmethod(services.credit_line_request_record)
    pass_deal = False
    write_capability = Capability.MANAGE_REPORT

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CreditLineRequest.objects.none()
        deal = self.get_deal()
        found = CreditLineRequest.objects.filter(project__deal=deal).select_related("project")
        return without_hidden_projects(found, self.request.user, deal)  # Art. 10.1

    def get_serializer(self, *args, **kwargs):
        if getattr(self, "swagger_fake_view", False):
            return CreditLineSerializer(*args, **kwargs)
        return CreditLineSerializer(*args, deal=self.get_deal(), **kwargs)
