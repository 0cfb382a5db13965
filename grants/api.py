"""The read-only grants API: /api/grants/ (published awards, with the register's search
and filters) and /api/funds/ (funds with their rules, rounds and published figures)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from grants.filters import GrantAwardFilter
from grants.models import Distribution, Fund, GrantAward, Round
from grants.registers import GRANTS, AwardPagination
from grants.threesixtygiving import organisation_identifier
from pcc_portal.register_cache import CachedListMixin


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _money(**options):
    return serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=True, **options
    )


class GrantOrganisationSerializer(serializers.Serializer):
    name = serializers.CharField()
    identifier = serializers.SerializerMethodField(
        help_text="Its org-id.guide identifier, as in the 360Giving data."
    )

    def get_identifier(self, organisation) -> str:
        return organisation_identifier(organisation)


class GrantFundReferenceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class GrantRoundReferenceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    administered_by = serializers.CharField(source="administrator_name")


class GrantDecisionReferenceSerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, record) -> str:
        return _absolute(record.get_absolute_url())


class GrantAwardSerializer(serializers.ModelSerializer):
    identifier = serializers.CharField(help_text="The 360Giving grant identifier.")
    title = serializers.CharField(source="application.project_title")
    recipient = GrantOrganisationSerializer(source="application.applicant")
    amount = _money()
    currency = serializers.SerializerMethodField()
    financial_year = serializers.CharField()
    fund = GrantFundReferenceSerializer(source="application.round.fund")
    round = GrantRoundReferenceSerializer(source="application.round")
    approving_decision = serializers.SerializerMethodField(
        help_text="The published decision that approved the award; null if there is none."
    )
    url = serializers.SerializerMethodField(help_text="The award's public page.")

    class Meta:
        model = GrantAward
        fields = [
            "identifier",
            "title",
            "recipient",
            "amount",
            "currency",
            "awarded_on",
            "financial_year",
            "purpose",
            "conditions",
            "crime_reduction_reasons",
            "fund",
            "round",
            "approving_decision",
            "url",
        ]

    def get_currency(self, award) -> str:
        return "GBP"

    @extend_schema_field(GrantDecisionReferenceSerializer(allow_null=True))
    def get_approving_decision(self, award):
        decision = getattr(award, "published_decision", None)
        if decision is None:
            return None
        return GrantDecisionReferenceSerializer(decision, context=self.context).data

    def get_url(self, award) -> str:
        return _absolute(award.get_absolute_url())


class GrantRoundSerializer(serializers.ModelSerializer):
    administered_by = serializers.CharField(source="administrator_name")
    financial_year = serializers.CharField()
    budget = _money(allow_null=True)
    minimum_award = _money()
    maximum_award = _money(allow_null=True)
    evidence_threshold = _money(allow_null=True)
    awarded_total = _money(help_text="The sum of the round's published awards.")
    award_count = serializers.IntegerField(help_text="How many awards the round has published.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = [
            "slug",
            "name",
            "administered_by",
            "financial_year",
            "opens_on",
            "closes_on",
            "budget",
            "budget_is_approximate",
            "minimum_award",
            "maximum_award",
            "evidence_threshold",
            "awarded_total",
            "award_count",
            "url",
        ]

    def get_url(self, round_) -> str:
        return _absolute(round_.get_absolute_url())


class GrantDistributionLineSerializer(serializers.Serializer):
    description = serializers.CharField()
    amount = _money()


class GrantDistributionSerializer(serializers.ModelSerializer):
    financial_year = serializers.CharField(source="financial_year_label")
    total = _money()
    lines = GrantDistributionLineSerializer(many=True)

    class Meta:
        model = Distribution
        fields = ["financial_year", "total", "approved_on", "approved_at", "notes", "lines"]


class FundSerializer(serializers.ModelSerializer):
    funder = GrantOrganisationSerializer()
    administered_by = serializers.SerializerMethodField()
    annual_budget = _money(allow_null=True)
    round_budget = _money(allow_null=True)
    maximum_award = _money(allow_null=True)
    evidence_threshold = _money(allow_null=True)
    rounds = GrantRoundSerializer(many=True)
    distributions = GrantDistributionSerializer(source="published_distributions", many=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Fund
        fields = [
            "slug",
            "name",
            "summary",
            "source_of_income",
            "funder",
            "administered_by",
            "annual_budget",
            "rounds_per_year",
            "round_budget",
            "maximum_award",
            "evidence_threshold",
            "closing_dates",
            "rounds",
            "distributions",
            "url",
        ]

    def get_administered_by(self, fund) -> str:
        if fund.administered_by_id:
            return fund.administered_by.name
        return "Office of the Police and Crime Commissioner"

    def get_url(self, fund) -> str:
        return _absolute(fund.get_absolute_url())


@extend_schema_view(
    list=extend_schema(
        summary="Published grant awards",
        description="Search with q and filter by fund, round, financial year (2021/22), "
        "recipient and amount. Newest first.",
    ),
    retrieve=extend_schema(summary="One published grant award, by its number"),
)
class GrantAwardViewSet(CachedListMixin, viewsets.ReadOnlyModelViewSet):
    register = GRANTS
    serializer_class = GrantAwardSerializer
    filterset_class = GrantAwardFilter
    pagination_class = AwardPagination

    def get_queryset(self):
        return GrantAward.objects.published().for_public_list().order_by("-awarded_on", "-pk")


@extend_schema_view(
    list=extend_schema(summary="Grant funds with their rules and rounds"),
    retrieve=extend_schema(summary="One grant fund, by its short name"),
)
class FundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FundSerializer
    lookup_field = "slug"
    filter_backends = []

    def get_queryset(self):
        return Fund.objects.for_public()


ROUTES = [
    ("grants", GrantAwardViewSet, "grant"),
    ("funds", FundViewSet, "fund"),
]
