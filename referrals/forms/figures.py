"""The figures page's choices, sent as a plain GET form: whose referrals (scope) and the
period. Nothing in it is about a client."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..selectors import Period, Scope


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give a date."),
            "invalid": _("Give the date as a day, month and year."),
        },
    )


class FiguresForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Whose referrals"),
        error_messages={"invalid_choice": _("Choose from the list whose referrals to count.")},
    )
    start = _date_field(_("From"))
    end = _date_field(_("To"))

    def __init__(self, data=None, *, scopes: list[Scope], default: Scope, today: date):
        self.scopes = {scope.key: scope for scope in scopes}
        self.default_period = Period.last_twelve_months(today)
        defaults = {
            "scope": default.key,
            "start": self.default_period.start.isoformat(),
            "end": self.default_period.end.isoformat(),
        }
        # Always bound: the first visit counts the defaults.
        super().__init__(data={**defaults, **(data.dict() if data else {})})
        self.fields["scope"].choices = [(scope.key, scope.choice_label) for scope in scopes]
        if len(scopes) == 1:
            self.fields["scope"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise ValidationError(
                {"end": _("The end of the period must be on or after its start.")}
            )
        return data

    @property
    def chosen_scope(self) -> Scope:
        return self.scopes[self.cleaned_data["scope"]]

    @property
    def chosen_period(self) -> Period:
        return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
