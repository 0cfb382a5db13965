"""The read-only decisions API: /api/decisions/ and /api/decisions/<slug>/.

Published records only, with the same search (``q``) and filters as /decisions/.
"""

from django.conf import settings
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from decisions.filters import SEARCH_LIMIT, PublicDecisionFilter
from decisions.models import DecisionRecord
from decisions.registers import DECISIONS, DecisionPagination
from pcc_portal.register_cache import CachedListMixin
from pcc_portal.richtext import SanitisedHtmlField


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class OfficeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    area = serializers.CharField()


class CategorySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class DecisionSummarySerializer(serializers.ModelSerializer):
    office = OfficeSerializer()
    category = CategorySerializer(allow_null=True)
    url = serializers.SerializerMethodField(help_text="The decision's public page.")
    executive_summary = SanitisedHtmlField()
    financial_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, coerce_to_string=True
    )

    class Meta:
        model = DecisionRecord
        fields = [
            "reference",
            "slug",
            "title",
            "office",
            "category",
            "received_on",
            "approved_on",
            "published_at",
            "financial_amount",
            "executive_summary",
            "url",
        ]

    def get_url(self, record) -> str:
        return _absolute(record.get_absolute_url())


class ReportSectionSerializer(serializers.Serializer):
    heading = serializers.CharField()
    body = SanitisedHtmlField()


class AttachmentSerializer(serializers.Serializer):
    title = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes.")
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        return _absolute(attachment.get_absolute_url())


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="contact_name")
    telephone = serializers.CharField(source="contact_telephone")
    email = serializers.CharField(source="contact_email")


class SectionBReportSerializer(serializers.Serializer):
    """A ``PublicReport`` (``DecisionRecord.public_report()``)."""

    title = serializers.CharField(source="record.report_title")
    report_by = serializers.CharField(source="record.report_by")
    date = serializers.DateField(source="record.report_date", allow_null=True)
    purpose = serializers.CharField(source="record.report_purpose")
    recommendations = serializers.CharField(source="record.recommendations")
    contact = ContactSerializer(source="record")
    sections = ReportSectionSerializer(many=True)
    attachments = AttachmentSerializer(many=True)


class AmendmentSerializer(serializers.Serializer):
    made_on = serializers.DateField()
    correction = serializers.CharField()


class RelatedDecisionSerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, record) -> str:
        return _absolute(record.get_absolute_url())


class DecisionDetailSerializer(DecisionSummarySerializer):
    section_b_report = serializers.SerializerMethodField(
        help_text="The Section B report; null when it is not published."
    )
    amendments = AmendmentSerializer(many=True)
    related_decisions = RelatedDecisionSerializer(many=True)
    decision = SanitisedHtmlField()

    class Meta(DecisionSummarySerializer.Meta):
        fields = [
            *DecisionSummarySerializer.Meta.fields,
            "decision",
            "declaration_of_interests",
            "commissioner_name",
            "section_b_published",
            "section_b_publication_note",
            "publication_deferred",
            "deferral_reason",
            "deferred_until",
            "officer_approver_name",
            "officer_approver_role",
            "officer_approved_on",
            "advice_confirmed",
            "section_b_report",
            "amendments",
            "related_decisions",
        ]

    @extend_schema(responses=SectionBReportSerializer(allow_null=True))
    def get_section_b_report(self, record) -> dict | None:
        report = record.public_report()
        if report is None:
            return None
        return SectionBReportSerializer(report, context=self.context).data


@extend_schema_view(
    list=extend_schema(
        summary="Published decisions",
        description="Search with q (full text, most relevant first) and filter by office, "
        f"year, Police and Crime Plan priority and amount. A search ranks the latest "
        f"{SEARCH_LIMIT:,} decisions it matches: a count of {SEARCH_LIMIT:,} means at "
        "least that many; add words or filters to narrow it.",
    ),
    retrieve=extend_schema(summary="One published decision, by its reference slug"),
)
class DecisionViewSet(CachedListMixin, viewsets.ReadOnlyModelViewSet):
    register = DECISIONS
    lookup_field = "slug"
    lookup_value_regex = r"[^/]+"
    filterset_class = PublicDecisionFilter
    pagination_class = DecisionPagination

    def get_queryset(self):
        records = DecisionRecord.objects.published().for_public_list()
        if self.action == "retrieve":
            records = records.prefetch_related(
                "report_sections",
                "attachments",
                "amendments",
                Prefetch(
                    "related_decisions",
                    queryset=DecisionRecord.objects.published().for_public_list(),
                ),
            )
        return records

    def get_serializer_class(self):
        if self.action == "retrieve":
            return DecisionDetailSerializer
        return DecisionSummarySerializer


ROUTES = [("decisions", DecisionViewSet, "decision")]
