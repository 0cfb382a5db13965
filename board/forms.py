"""Forms of the board secretary's workflow steps in the admin. Each gathers what one
function of ``board/workflow.py`` needs (``step_arguments``); the function does every
check."""

from django import forms


class StepForm(forms.Form):
    """A step with nothing to fill in but an optional comment for the meeting's history."""

    comment = forms.CharField(
        label="Comment for the record", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, record=None, **kwargs):
        self.meeting = record
        super().__init__(*args, **kwargs)

    def step_arguments(self) -> dict:
        return dict(self.cleaned_data)


class RecordMinutesForm(StepForm):
    closed_at = forms.TimeField(
        label="Meeting closed at",
        help_text="For example, 16:12.",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    field_order = ["closed_at", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.meeting is not None:
            self.fields["closed_at"].initial = self.meeting.closed_at
