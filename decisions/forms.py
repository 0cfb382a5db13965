"""Forms of the officer admin: the record's inlines and the workflow confirmation pages.

They collect input only; every rule is checked by the model or ``decisions.workflow``.
"""

from django import forms
from django.utils import timezone

from decisions.models import DecisionAttachment, ReportSection
from pcc_portal.models import Office


class HeadingInput(forms.TextInput):
    """A text box with the office's headings offered as suggestions (an HTML datalist):
    the officer picks one or types their own, with or without JavaScript."""

    template_name = "decisions/widgets/heading_input.html"

    def __init__(self, headings=(), attrs=None):
        super().__init__(attrs)
        self.headings = tuple(headings)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-headings"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["list_id"] = list_id
        context["widget"]["headings"] = self.headings
        return context


class ReportSectionForm(forms.ModelForm):
    """A Section B body section: a heading from the office's list or typed freely (an
    approver may ask for one the office's list lacks), and its place in the order."""

    headings: tuple = ()

    class Meta:
        model = ReportSection
        fields = ["position", "heading", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heading"].widget = HeadingInput(self.headings)
        self.fields["heading"].help_text = (
            "Choose one of the office's headings or type another."
            if self.headings
            else "Type the heading."
        )


def report_section_form_for(office: Office | None):
    """The section form suggesting ``office``'s headings (none before an office is
    chosen: a heading can always be typed)."""
    headings = tuple(office.report_section_headings) if office is not None else ()
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
