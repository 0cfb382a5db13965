from django import forms

from board.models import Board
from decisions.models import DecisionCategory
from pcc_portal.models import Office
from transparency.models import AlertSubscription

Kind = AlertSubscription.Kind


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category):
        return f"{category.name} ({category.office.area})"


def kind_choices():
    """The kinds of alert on offer: board papers only once there is a board."""
    if Board.objects.exists():
        return Kind.choices
    return [choice for choice in Kind.choices if choice[0] != Kind.BOARD]


class KindForm(forms.Form):
    """The first question: what the alerts are about (a GET form, one question a page)."""

    kind = forms.ChoiceField(
        label="What do you want alerts about?",
        choices=kind_choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you want alerts about"},
    )


class SubscriptionForm(forms.Form):
    """What a member of the public asks to be alerted about, and their address. Which
    topic field is asked for depends on ``kind`` (chosen on the page before); the rules
    about the topic itself are in ``transparency.alerts.subscribe``."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will send a link to this address to confirm it is yours.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    kind = forms.ChoiceField(
        label="What the alerts are about",
        choices=kind_choices,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose what you want alerts about",
            "invalid_choice": "Choose what you want alerts about",
        },
    )
    office = forms.ModelChoiceField(
        label="Office",
        queryset=Office.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All offices",
    )
    category = CategoryChoiceField(
        label="Police and Crime Plan priority",
        queryset=DecisionCategory.objects.select_related("office"),
        to_field_name="pk",
        required=False,
        empty_label="All priorities",
    )
    board = forms.ModelChoiceField(
        label="Board",
        queryset=Board.objects.select_related("office"),
        to_field_name="slug",
        required=False,
        empty_label="Choose a board",
    )
    search = forms.CharField(
        label="Search",
        max_length=500,
        required=False,
        help_text=(
            "Words to look for in decisions, or the address of a search you made on the "
            "decisions page."
        ),
    )

    # The order the page asks the questions in, which the error summary follows.
    field_order = ["kind", "office", "category", "board", "search", "email"]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Kind.BOARD and not cleaned.get("board"):
            self.add_error("board", "Select the board whose agendas and minutes you want")
        if kind == Kind.SEARCH and not (cleaned.get("search") or "").strip():
            self.add_error(
                "search", "Enter words to search for, or the address of a search of decisions"
            )
        return cleaned

    def topic(self) -> dict:
        """The subscription's topic fields for ``alerts.subscribe``."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "office": data.get("office"),
            "category": data.get("category"),
            "board": data.get("board"),
            "search": data.get("search") or "",
        }
