"""The base of the public filter forms: GOV.UK error styling and the amount range rule."""

from django import forms


class GovukFilterForm(forms.Form):
    """A filter form whose fields show GOV.UK error styles, and whose ``amount_min`` and
    ``amount_max`` (where it has them) must not cross."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields and not self.fields[name].widget.is_hidden:
                widget = self.fields[name].widget
                error_class = (
                    "govuk-select--error"
                    if isinstance(widget, forms.Select)
                    else "govuk-input--error"
                )
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {error_class}".strip()
                widget.attrs["aria-describedby"] = f"id_{name}-hint id_{name}-error"

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("amount_min"), cleaned.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "amount_max",
                f"The largest amount (£{high:,}) must be at least the smallest amount (£{low:,}).",
            )
        return cleaned
