"""Officer forms and inline formsets for contracts and uplifts.

They check nothing themselves: each hands the figures to the rule that owns them
(``terms.check_extensions``, ``splits.settle``, ``splits.split_by_percentages``) and shows
its refusal. The admin saves the contract and every inline in one transaction, so a
refused split leaves nothing saved.
"""

from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet

from commissioning import splits, terms
from commissioning.models import Contract
from decisions.uploads import check_pdf
from pcc_portal import financial_years


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "office",
            "title",
            "slug",
            "description",
            "provider",
            "lead_commissioner",
            "service_area",
            "procurement_route",
            "procurement_details",
            "total_value",
            "annual_value",
            "start_date",
            "start_date_precision",
            "end_date",
            "end_date_precision",
            "extension_option_count",
            "extension_option_months",
            "funded_posts",
            "funded_posts_note",
            "published_copy",
            "published_copy_redacted",
            "withheld_reason",
        ]

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("published_copy")
        if isinstance(upload, UploadedFile):
            check_pdf(upload, field="published_copy")
        return cleaned_data


def _kept_forms(formset):
    """The forms of ``formset`` that will be saved: filled in and not marked for deletion."""
    return [
        form
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not formset._should_delete_form(form)
    ]


class ExtensionFormSet(BaseInlineFormSet):
    """The extension options taken, checked together against the contract's options."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        contract = self.instance
        extensions = [
            terms.ExtensionTaken(
                number=form.cleaned_data["number"],
                new_end_date=form.cleaned_data["new_end_date"],
            )
            for form in _kept_forms(self)
        ]
        try:
            terms.check_extensions(
                end_date=contract.end_date,
                option_count=contract.extension_option_count,
                option_months=contract.extension_option_months,
                extensions=extensions,
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc


class FundingShareFormSet(BaseInlineFormSet):
    """The partners' shares, year by year, checked against that year's total and basis.

    ``funding_years`` is the contract's co-funding-years formset from the same form
    submission (the admin links the two), so a new year and its shares can be given at
    once. For a year by percentage the amounts are worked out here, by
    ``splits.settle``, and saved with the shares, even for rows the officer did not touch
    (e.g. when only the year's total changed).
    """

    funding_years = None

    def clean(self):
        super().clean()
        self.recomputed_forms = []
        if self.funding_years is None or any(self.errors) or not self.funding_years.is_valid():
            return
        years = {
            form.cleaned_data["financial_year"]: form.cleaned_data
            for form in _kept_forms(self.funding_years)
        }
        shares_by_year = defaultdict(list)
        for form in _kept_forms(self):
            shares_by_year[form.cleaned_data["financial_year"]].append(form)
        errors = []
        for year, share_forms in sorted(shares_by_year.items()):
            label = financial_years.label(year)
            if year not in years:
                errors.append(
                    f"{label}: add {label} to the co-funding years (its total, and whether "
                    "the shares are by percentage or by amount) to give shares for it."
                )
                continue
            try:
                amounts = splits.settle(
                    total=years[year]["total"],
                    basis=years[year]["basis"],
                    shares=[
                        splits.ShareFigures(
                            partner=str(form.cleaned_data["partner"]),
                            percentage=form.cleaned_data.get("percentage"),
                            amount=form.cleaned_data.get("amount"),
                        )
                        for form in share_forms
                    ],
                    label=label,
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
            for form, amount in zip(share_forms, amounts, strict=True):
                if form.instance.amount != amount:
                    form.instance.amount = amount
                    self.recomputed_forms.append(form)
        if errors:
            raise ValidationError(errors)

    def save(self, commit=True):
        saved = super().save(commit=commit)
        if commit:
            for form in self.recomputed_forms:
                if form.instance.pk and not form.has_changed():
                    form.instance.save(update_fields=["amount"])
        return saved


class UpliftShareFormSet(BaseInlineFormSet):
    """The contracts' percentages of an uplift; the amounts are worked out by
    ``splits.split_by_percentages`` from the uplift's amount."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        share_forms = _kept_forms(self)
        if not share_forms:
            return
        total = self.instance.amount
        if total is None:
            return
        try:
            amounts = splits.split_by_percentages(
                total, [form.cleaned_data["percentage"] for form in share_forms]
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        self.recomputed_forms = []
        for form, amount in zip(share_forms, amounts, strict=True):
            if form.instance.amount != amount:
                form.instance.amount = amount
                self.recomputed_forms.append(form)

    def save(self, commit=True):
        saved = super().save(commit=commit)
        if commit:
            for form in getattr(self, "recomputed_forms", []):
                if form.instance.pk and not form.has_changed():
                    form.instance.save(update_fields=["amount"])
        return saved


class PublicationStepForm(forms.Form):
    """The confirmation of a publication step, with an optional comment for the record."""

    comment = forms.CharField(
        label="Comment for the record", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, record=None, **kwargs):
        self.contract = record
        super().__init__(*args, **kwargs)

    def step_arguments(self) -> dict:
        return dict(self.cleaned_data)
