"""The read-only registers API: /api/registered-interests/ and /api/gifts-and-hospitality/.

Both registers are public in full, as the Specified Information Order requires.
"""

from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from pcc_portal.models import Office
from pcc_portal.public_filters import PublishedByDefault
from transparency.models import GiftOrHospitality, RegisteredInterest


class RegisterOfficeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class RegisteredInterestSerializer(serializers.ModelSerializer):
    office = RegisterOfficeSerializer()
    category = serializers.CharField(source="get_category_display")

    class Meta:
        model = RegisteredInterest
        fields = [
            "id",
            "office",
            "person",
            "role",
            "category",
            "description",
            "registered_on",
            "updated_on",
        ]


class GiftOrHospitalitySerializer(serializers.ModelSerializer):
    office = RegisterOfficeSerializer()
    kind = serializers.CharField(source="get_kind_display", help_text="Gift or Hospitality.")
    estimated_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=True, help_text="Pounds."
    )
    outcome = serializers.CharField(source="get_outcome_display", help_text="Accepted or Declined.")

    class Meta:
        model = GiftOrHospitality
        fields = [
            "id",
            "office",
            "offered_on",
            "recipient",
            "recipient_role",
            "kind",
            "description",
            "offered_by",
            "estimated_value",
            "outcome",
        ]


class RegisterFilter(PublishedByDefault, filters.FilterSet):
    office = filters.ModelChoiceFilter(
        queryset=Office.objects.all(),
        to_field_name="slug",
        help_text="The office's short name, e.g. derbyshire.",
    )


class RegisteredInterestFilter(RegisterFilter):
    class Meta:
        model = RegisteredInterest
        fields = ["office"]


class GiftOrHospitalityFilter(RegisterFilter):
    class Meta:
        model = GiftOrHospitality
        fields = ["office"]


class RegisteredInterestViewSet(viewsets.ReadOnlyModelViewSet):
    """The register of interests of the Commissioner, the deputy and senior staff."""

    queryset = RegisteredInterest.objects.published()
    serializer_class = RegisteredInterestSerializer
    filterset_class = RegisteredInterestFilter


class GiftOrHospitalityViewSet(viewsets.ReadOnlyModelViewSet):
    """The register of gifts and hospitality offered, newest first."""

    queryset = GiftOrHospitality.objects.published()
    serializer_class = GiftOrHospitalitySerializer
    filterset_class = GiftOrHospitalityFilter


ROUTES = [
    ("registered-interests", RegisteredInterestViewSet, "registered-interest"),
    ("gifts-and-hospitality", GiftOrHospitalityViewSet, "gift-or-hospitality"),
]
