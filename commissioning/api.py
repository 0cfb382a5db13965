"""Read-only REST API of the published contracts register and the organisations named on it."""

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from commissioning.filters import ContractFilter
from commissioning.models import (
    Contract,
    ContractDecision,
    ContractExtension,
    ContractMeasure,
    FundingShare,
    FundingYear,
    organisations_on_public_register,
)
from commissioning.registers import CONTRACTS, ContractPagination
from organisations.models import Organisation
from pcc_portal.register_cache import CachedListMixin
from pcc_portal.richtext import SanitisedHtmlField

PRECISION_HELP = "day, or month when the source gives only the month (shown as March 2021)."


class ContractOrganisationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "kind_label", "org_id"]


class OrganisationSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="organisation-detail", lookup_field="slug")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "url",
            "slug",
            "name",
            "kind",
            "kind_label",
            "charity_number",
            "company_number",
            "org_id",
            "website",
        ]


class ContractLinkedDecisionSerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField())
    def get_url(self, decision) -> str:
        return self.context["request"].build_absolute_uri(decision.get_absolute_url())


class ContractExtensionSerializer(serializers.ModelSerializer):
    decision = ContractLinkedDecisionSerializer(
        source="public_decision",
        allow_null=True,
        read_only=True,
        help_text="The published decision that took the option; null if not published.",
    )
    new_end_date_precision = serializers.CharField(read_only=True, help_text=PRECISION_HELP)

    class Meta:
        model = ContractExtension
        fields = ["number", "new_end_date", "new_end_date_precision", "decision"]


class ContractDecisionLinkSerializer(serializers.ModelSerializer):
    decision = ContractLinkedDecisionSerializer(read_only=True)

    class Meta:
        model = ContractDecision
        fields = ["role", "decision"]


class ContractMeasureSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(
        read_only=True, help_text="actual (a count reported) or target (a count agreed)."
    )

    class Meta:
        model = ContractMeasure
        fields = ["name", "value", "kind", "period"]


class FundingShareSerializer(serializers.ModelSerializer):
    partner = ContractOrganisationSerializer(read_only=True)

    class Meta:
        model = FundingShare
        fields = ["partner", "percentage", "amount"]
        extra_kwargs = {
            "percentage": {"help_text": "Null where the share is given by amount or not given."},
            "amount": {"help_text": "Null where the source does not give the share."},
        }


class FundingYearSerializer(serializers.ModelSerializer):
    financial_year = serializers.CharField(source="financial_year_label", read_only=True)
    shares = FundingShareSerializer(source="shares_list", many=True, read_only=True)

    class Meta:
        model = FundingYear
        fields = ["financial_year", "total", "basis", "shares"]
        extra_kwargs = {"total": {"help_text": "Null where the source does not give it."}}


class ContractBaseSerializer(serializers.HyperlinkedModelSerializer):
    """What a contract's list entry and its full record share."""

    url = serializers.HyperlinkedIdentityField(view_name="contract-detail", lookup_field="slug")
    web_url = serializers.SerializerMethodField()
    office = serializers.CharField(source="office.name", read_only=True)
    provider = ContractOrganisationSerializer(read_only=True, allow_null=True)
    lead_commissioner = ContractOrganisationSerializer(read_only=True, allow_null=True)
    service_area_label = serializers.CharField(source="get_service_area_display", read_only=True)
    current_end_date = serializers.DateField(read_only=True, allow_null=True)
    maximum_end_date = serializers.DateField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=Contract.Status.choices, read_only=True)
    start_date_precision = serializers.CharField(read_only=True, help_text=PRECISION_HELP)
    end_date_precision = serializers.CharField(read_only=True, help_text=PRECISION_HELP)

    @extend_schema_field(serializers.URLField())
    def get_web_url(self, contract) -> str:
        return self.context["request"].build_absolute_uri(contract.get_absolute_url())


# The value and term fields, in order, of both a contract's list entry and its record.
TERM_FIELDS = [
    "total_value",
    "annual_value",
    "start_date",
    "start_date_precision",
    "end_date",
    "end_date_precision",
    "current_end_date",
    "maximum_end_date",
    "status",
    "extension_option_count",
    "extension_option_months",
]


class ContractSummarySerializer(ContractBaseSerializer):
    """A contract in the API's list: what the register's page shows of it. Its ``url``
    gives everything else (extensions, measures, co-funding by year, decisions)."""

    extensions_taken = serializers.IntegerField(
        read_only=True, help_text="How many of the extension options have been taken."
    )
    funding_partners = ContractOrganisationSerializer(
        source="partners",
        many=True,
        read_only=True,
        help_text="The co-funding partners over all years, by name.",
    )

    class Meta:
        model = Contract
        fields = [
            "url",
            "web_url",
            "slug",
            "title",
            "office",
            "provider",
            "lead_commissioner",
            "service_area",
            "service_area_label",
            *TERM_FIELDS,
            "extensions_taken",
            "funding_partners",
        ]


class ContractSerializer(ContractBaseSerializer):
    extensions = ContractExtensionSerializer(many=True, read_only=True)
    measures = ContractMeasureSerializer(many=True, read_only=True)
    cofunding = FundingYearSerializer(many=True, read_only=True)
    decisions = ContractDecisionLinkSerializer(
        source="public_decision_links", many=True, read_only=True
    )
    published_copy = serializers.SerializerMethodField()
    description = SanitisedHtmlField()

    class Meta:
        model = Contract
        fields = [
            "url",
            "web_url",
            "slug",
            "title",
            "description",
            "office",
            "provider",
            "lead_commissioner",
            "service_area",
            "service_area_label",
            "procurement_route",
            "procurement_details",
            *TERM_FIELDS,
            "extensions",
            "funded_posts",
            "funded_posts_note",
            "measures",
            "cofunding",
            "decisions",
            "published_copy",
            "published_copy_redacted",
            "withheld_reason",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_published_copy(self, contract) -> str | None:
        if not contract.published_copy:
            return None
        return self.context["request"].build_absolute_uri(contract.get_copy_url())


def public_contracts():
    """The published contracts with everything a contract's API record shows."""
    return Contract.objects.published().with_term().for_public_page().order_by("title", "pk")


INVALID_FILTER = OpenApiResponse(
    description="A filter value is not valid; the body names each field and the rule."
)
PAGE_NOT_FOUND = OpenApiResponse(description="There is no page of results with this number.")


@extend_schema_view(
    list=extend_schema(
        summary="Published contracts",
        description="The contracts register: published contracts with their value, term, "
        "provider and co-funding partners, 20 a page. Each contract's url gives its "
        "extensions, measures, co-funding shares by year and linked decisions.",
        responses={
            200: ContractSummarySerializer(many=True),
            400: INVALID_FILTER,
            404: PAGE_NOT_FOUND,
        },
    ),
    retrieve=extend_schema(
        summary="One published contract",
        responses={
            200: ContractSerializer,
            404: OpenApiResponse(description="No published contract has this slug."),
        },
    ),
)
class ContractViewSet(CachedListMixin, viewsets.ReadOnlyModelViewSet):
    register = CONTRACTS
    lookup_field = "slug"
    filterset_class = ContractFilter
    pagination_class = ContractPagination

    def get_queryset(self):
        if self.action == "retrieve":
            return public_contracts()
        return Contract.objects.published().with_term().for_register().order_by("title", "pk")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ContractSerializer
        return ContractSummarySerializer


@extend_schema_view(
    list=extend_schema(
        summary="Organisations on the contracts register",
        description="Providers, lead commissioners and co-funding partners named on "
        "published contracts.",
        responses={200: OrganisationSerializer(many=True), 404: PAGE_NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="One organisation on the contracts register",
        responses={
            200: OrganisationSerializer,
            404: OpenApiResponse(description="No organisation on the register has this slug."),
        },
    ),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return organisations_on_public_register().order_by("name", "pk")


ROUTES = [
    ("contracts", ContractViewSet, "contract"),
    ("organisations", OrganisationViewSet, "organisation"),
]
