"""Officer forms of the grants workflow. Each gathers what one function of
``grants/workflow.py`` needs (``step_arguments``); the function does every check."""

from django import forms
from django.utils import timezone

from decisions.models import DecisionCategory, DecisionRecord
from grants.models import Round
from organisations.models import Organisation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money_field(label, **options):
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=0, **options)


class StepForm(forms.Form):
    """A step with nothing to fill in but an optional comment for the record."""

    comment = forms.CharField(
        label="Comment for the record", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, record=None, **kwargs):
        self.application = record
        super().__init__(*args, **kwargs)

    def step_arguments(self) -> dict:
        return dict(self.cleaned_data)


class ReceiveForm(forms.Form):
    round = forms.ModelChoiceField(
        queryset=Round.objects.select_related("fund").order_by("-closes_on", "name"),
        label="Round",
    )
    applicant = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        label="Applicant organisation",
        help_text="Not listed? Add the organisation under Commissioning › Organisations first.",
    )
    project_title = forms.CharField(max_length=200)
    project_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
    amount_requested = _money_field("Amount requested (£)")
    priority = forms.ModelChoiceField(
        queryset=DecisionCategory.objects.select_related("office").order_by(
            "office", "position", "name"
        ),
        label="Priority addressed",
        help_text="The Police and Crime Plan priority the project addresses.",
    )
    received_on = forms.DateField(label="Date received", widget=DATE_INPUT)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()

    def step_arguments(self) -> dict:
        arguments = dict(self.cleaned_data)
        arguments["round_"] = arguments.pop("round")
        return arguments


class AssessForm(StepForm):
    score = forms.IntegerField(label="Score (out of 100)")
    notes = forms.CharField(
        label="Assessment notes", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    field_order = ["score", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["comment"]


class ApproveForm(StepForm):
    amount = _money_field(
        "Amount approved (£)",
        required=False,
        help_text="Leave blank to approve the amount requested.",
    )
    field_order = ["amount", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].initial = self.application.amount_requested


class DeclineForm(StepForm):
    reason = forms.CharField(
        label="Reason for declining",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept for officers; never published.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["comment"]


class AwardForm(StepForm):
    amount = _money_field("Amount awarded (£)", required=False)
    awarded_on = forms.DateField(label="Date awarded", widget=DATE_INPUT)
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), help_text="What the grant is for. Published."
    )
    conditions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The conditions the grant is made on. Published.",
    )
    crime_reduction_reasons = forms.CharField(
        label="Reasons it reduces crime and disorder",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the grant secures, or contributes to securing, a reduction in crime "
        "and disorder. Published.",
    )
    decision = forms.ModelChoiceField(
        queryset=DecisionRecord.objects.none(),
        required=False,
        label="Approving decision",
        help_text="The Commissioner's decision that approved the award, if there is one. The "
        "public page links to it once the decision is published.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["comment"]
        application = self.application
        self.fields["amount"].initial = application.approved_amount
        self.fields[
            "amount"
        ].help_text = (
            f"Leave blank to award the amount approved (£{application.approved_amount:,})."
        )
        self.fields["awarded_on"].initial = timezone.localdate()
        self.fields["decision"].queryset = DecisionRecord.objects.filter(
            office=application.round.fund.office
        ).order_by("-approved_on", "-pk")
