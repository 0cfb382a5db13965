"""Read-only API of board meetings: ``/api/meetings/`` and ``/api/meetings/<slug>/``.

A meeting's date, time and place are always given; its agenda and reports once the agenda
is published; its minutes, resolutions, questions and attendance once they are approved.
Every read starts from the ``public()``/``published()`` querysets and ``board/selectors``.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from board import selectors
from board.filters import MeetingFilter
from board.models import (
    AgendaItem,
    Appendix,
    Attendance,
    Board,
    Meeting,
    PublicQuestion,
    Report,
    Resolution,
    ResolutionAmount,
)
from pcc_portal.richtext import SanitisedHtmlField


class BoardSerializer(serializers.ModelSerializer):
    office = serializers.CharField(source="office.name", read_only=True)

    class Meta:
        model = Board
        fields = ["name", "short_name", "slug", "office"]


class MeetingSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    board = BoardSerializer(read_only=True)
    place = serializers.CharField(read_only=True, help_text='"Virtual" or the location.')
    status = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="public_status", read_only=True)
    closed_at = serializers.TimeField(
        source="public_closed_at",
        read_only=True,
        allow_null=True,
        help_text="When the meeting closed; given once the minutes are approved.",
    )
    agenda_pack_url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "url",
            "board",
            "date",
            "start_time",
            "place",
            "is_virtual",
            "status",
            "status_label",
            "closed_at",
            "agenda_pack_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, meeting):
        return self.context["request"].build_absolute_uri(meeting.get_absolute_url())

    # Described, not enumerated: a named enum "status" would collide with other apps' ones.
    @extend_schema_field(
        {"type": "string", "description": "One of: " + ", ".join(Meeting.Status.values) + "."}
    )
    def get_status(self, meeting):
        return meeting.status

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_agenda_pack_url(self, meeting):
        if not meeting.public_pack:
            return None
        return self.context["request"].build_absolute_uri(meeting.get_pack_url())


class AppendixSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Appendix
        fields = ["position", "title", "page_count", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, appendix):
        return self.context["request"].build_absolute_uri(appendix.get_absolute_url())


class ReportSerializer(serializers.ModelSerializer):
    appendices = AppendixSerializer(many=True, read_only=True)
    body_html = SanitisedHtmlField(source="body")

    class Meta:
        model = Report
        fields = [
            "title",
            "report_by",
            "date",
            "purpose",
            "recommendations",
            "attachments",
            "contact_name",
            "contact_telephone",
            "contact_email",
            "body_html",
            "background_papers",
            "appendices",
        ]


class ResolutionAmountSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResolutionAmount
        fields = ["description", "amount"]


class ResolutionSerializer(serializers.ModelSerializer):
    sub_points = serializers.ListField(child=serializers.CharField(), read_only=True)
    amounts = ResolutionAmountSerializer(many=True, read_only=True)

    class Meta:
        model = Resolution
        fields = ["position", "text", "sub_points", "amounts"]


class AgendaItemSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()
    resolutions = ResolutionSerializer(many=True, read_only=True, source="public_resolutions")

    class Meta:
        model = AgendaItem
        fields = ["number", "title", "kind", "presenter", "report", "minutes", "resolutions"]

    @extend_schema_field(
        {"type": "string", "description": "One of: " + ", ".join(AgendaItem.Kind.values) + "."}
    )
    def get_kind(self, item):
        return item.kind

    @extend_schema_field(ReportSerializer(allow_null=True))
    def get_report(self, item):
        if item.public_report is None:
            return None
        return ReportSerializer(item.public_report, context=self.context).data

    @extend_schema_field({"type": "string", "nullable": True})
    def get_minutes(self, item):
        return item.public_minute.discussion if item.public_minute else None


class PublicQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicQuestion
        fields = ["number", "question", "asked_by", "answered_by", "answer"]


class AttendanceSerializer(serializers.ModelSerializer):
    presence = serializers.SerializerMethodField()

    class Meta:
        model = Attendance
        fields = ["organisation", "title", "name", "presence"]

    @extend_schema_field(
        {
            "type": "string",
            "description": "One of: " + ", ".join(Attendance.Presence.values) + ".",
        }
    )
    def get_presence(self, person):
        return person.presence


class LoggedDecisionSerializer(serializers.Serializer):
    reference = serializers.CharField()
    summary = serializers.CharField(source="title")
    added_to_website = serializers.CharField(source="published_display")
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, decision):
        return self.context["request"].build_absolute_uri(decision.get_absolute_url())


class MeetingDetailSerializer(MeetingSerializer):
    agenda = serializers.SerializerMethodField()
    public_questions = serializers.SerializerMethodField()
    attendance = serializers.SerializerMethodField()
    decisions_log = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "agenda",
            "public_questions",
            "attendance",
            "decisions_log",
        ]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting):
        return AgendaItemSerializer(self.context["items"], many=True, context=self.context).data

    @extend_schema_field(PublicQuestionSerializer(many=True))
    def get_public_questions(self, meeting):
        minutes = self.context["minutes"]
        return PublicQuestionSerializer(minutes.questions if minutes else [], many=True).data

    @extend_schema_field(AttendanceSerializer(many=True))
    def get_attendance(self, meeting):
        minutes = self.context["minutes"]
        people = []
        if minutes:
            for group in [*minutes.present, *minutes.apologies]:
                people += group.people
        return AttendanceSerializer(people, many=True).data

    @extend_schema_field(LoggedDecisionSerializer(many=True))
    def get_decisions_log(self, meeting):
        decisions = self.context["standing"].get(AgendaItem.Kind.DECISIONS_LOG, [])
        return LoggedDecisionSerializer(decisions, many=True, context=self.context).data


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings of the boards, newest first. Filter by ``board`` (its slug) and ``year``."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    lookup_field = "slug"
    lookup_value_regex = r"\d{4}-\d{2}-\d{2}-[-a-z0-9_]+"

    def get_queryset(self):
        return Meeting.objects.public().order_by("-date", "board__name")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return MeetingDetailSerializer
        return MeetingSerializer

    def get_object(self):
        try:
            return self.get_queryset().find(self.kwargs["slug"])
        except Meeting.DoesNotExist:
            raise NotFound("No such meeting.") from None

    def retrieve(self, request, *args, **kwargs):
        meeting = self.get_object()
        items = selectors.agenda(meeting)
        context = {
            **self.get_serializer_context(),
            "items": items,
            "minutes": selectors.minutes(meeting, items),
            "standing": selectors.standing_content(meeting, items),
        }
        return Response(MeetingDetailSerializer(meeting, context=context).data)


ROUTES = [("meetings", MeetingViewSet, "meeting")]
