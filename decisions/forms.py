"""Forms of the officer admin: the record's inlines and the workflow confirmation pages.

They collect input only; every rule is checked by the model or ``decisions.workflow``.
"""

from django import forms
from django.utils import timezone

from decisions.models import DecisionAttachment, ReportSection
from pcc_portal.models import Office


class ReportSectionForm(forms.ModelForm):
    """A Section B body section whose heading is one of the office's headings."""

    headings: tuple = ()

    class Meta:
        model = ReportSection
        fields = ["position", "heading", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        headings = list(self.headings)
        current = self.initial.get("heading") or self.instance.heading
        if current and current not in headings:
            headings.append(current)
        self.fields["heading"] = forms.ChoiceField(
            choices=[("", "Choose a heading")] + [(h, h) for h in headings],
            label="Heading",
        )


def report_section_form_for(office: Office | None):
    """The section form offering ``office``'s headings (every office's, before one is
    chosen)."""
    if office is not None:
        headings = tuple(office.report_section_headings)
    else:
        headings = tuple(
            dict.fromkeys(
                heading
                for office_headings in Office.objects.values_list(
                    "report_section_headings", flat=True
                )
                for heading in office_headings
            )
        )
    return type("OfficeReportSectionForm", (ReportSectionForm,), {"headings": headings})


class AttachmentForm(forms.ModelForm):
    """An appendix; the model checks that a new upload is a real PDF within the limit."""

    class Meta:
        model = DecisionAttachment
        fields = ["position", "title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}


class StepForm(forms.Form):
    """The confirmation page of a workflow step with no input but a comment."""

    # Where a refusal naming a record field is shown on this form.
    error_fields: dict = {}

    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Optional. Kept in the record's history.",
    )

    def __init__(self, *args, record=None, **kwargs):
        self.record = record
        super().__init__(*args, **kwargs)

    def step_arguments(self) -> dict:
        return dict(self.cleaned_data)


class OfficerApprovalForm(StepForm):
    advice_confirmed = forms.BooleanField(
        required=False,
        label="I have been consulted about the proposal and confirm that financial, legal "
        "and equalities advice has been taken into account in the preparation of this "
        "report. I am satisfied that this is an appropriate request to be submitted to the "
        "Police and Crime Commissioner.",
    )
    role = forms.CharField(
        max_length=150,
        label="Your role",
        help_text="e.g. Chief Executive, Chief Finance Officer, or their nominee.",
    )
    field_order = ["advice_confirmed", "role", "comment"]

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        if record is not None:
            self.fields["role"].initial = record.officer_approver_role


class SignForm(StepForm):
    declaration = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Declaration of interests",
        help_text="I confirm that I have considered whether or not I have any personal or "
        "prejudicial interest in this matter and take the proposed decision in compliance "
        'with the Code of Conduct. Record any such interests, or "None".',
    )
    signed_on = forms.DateField(
        label="Date signed",
        help_text="For example, 11/11/2021.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    field_order = ["declaration", "signed_on", "comment"]
    error_fields = {"declaration_of_interests": "declaration", "approved_on": "signed_on"}

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate().strftime("%d/%m/%Y")
        if record is not None:
            self.fields["declaration"].initial = record.declaration_of_interests


class ReturnForm(StepForm):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        label="Comments",
        help_text="What needs to change before the record comes back.",
    )


class PublishForm(StepForm):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required when publishing before the date publication is deferred to.",
    )


class AmendmentForm(forms.Form):
    error_fields: dict = {}
    correction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="What is corrected and how. It is shown with the record on its public page.",
    )

    def __init__(self, *args, record=None, **kwargs):
        self.record = record
        super().__init__(*args, **kwargs)

    def step_arguments(self) -> dict:
        return dict(self.cleaned_data)
