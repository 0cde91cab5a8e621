# ruff: noqa: RUF001 (en dashes in times, as in 17-19)
"""The form field for "when does it repeat": how often, which weekdays, which week of the
month and (for activities) the start and end times. Its value is a `Schedule`: the rule
the choices make, and the times. A stored rule that the choices cannot show is offered
as "keep the current schedule", so that opening and saving a form never changes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import POSITIONS, Frequency, Rhythm
from .words import describe

KEEP = "keep"
NO_RHYTHM = ""

FREQUENCY_LABELS = {
    Frequency.WEEKLY: _("Every week"),
    Frequency.EVERY_OTHER_WEEK: _("Every other week"),
    Frequency.MONTHLY: _("Once a month, in the week of the month chosen below"),
}
POSITION_LABELS = {
    1: pgettext_lazy("week of the month", "The first"),
    2: pgettext_lazy("week of the month", "The second"),
    3: pgettext_lazy("week of the month", "The third"),
    4: pgettext_lazy("week of the month", "The fourth"),
    -1: pgettext_lazy("week of the month", "The last"),
}


@dataclass(frozen=True)
class Schedule:
    """What the field gives: the rule ("" for no regular times), the times, and whether
    the stored rule was kept as it was."""

    rule: str
    start: time | None = None
    end: time | None = None
    kept: bool = False


class _TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self):
        super().__init__(format="%H:%M")


PART_NAMES = ("frequency", "weekdays", "position", "start", "end")


class RecurrenceWidget(forms.MultiWidget):
    """Each part with its own label or legend (coact/widgets/recurrence.html); the
    wrapper carries the field's id, so that an error summary's link reaches it."""

    template_name = "coact/widgets/recurrence.html"
    labels = {
        "frequency": _("How often"),
        "weekdays": _("Weekdays"),
        "position": _("Week of the month (only for once a month)"),
        "start": _("Starts at"),
        "end": _("Ends at"),
    }

    def __init__(self, *, times: bool, shown_with: str = ""):
        widgets = {
            "frequency": forms.RadioSelect,
            "weekdays": forms.CheckboxSelectMultiple,
            "position": forms.Select,
        }
        if times:
            widgets |= {"start": _TimeInput(), "end": _TimeInput()}
        self.times = times
        # "repeat=custom": the page shows the field only while that radio button is chosen
        # (static/js/forms.js); without JavaScript it is always shown.
        self.shown_with = shown_with
        super().__init__(widgets)

    def decompress(self, value):
        if not isinstance(value, Schedule):
            return [NO_RHYTHM, [], None, None, None][: len(self.widgets)]
        rhythm = Rhythm.from_rrule(value.rule) if value.rule else None
        if rhythm is not None:
            values = [rhythm.frequency, list(rhythm.weekdays), rhythm.position]
        elif value.rule:
            values = [KEEP, [], None]
        else:
            values = [NO_RHYTHM, [], None]
        return [*values, value.start, value.end][: len(self.widgets)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["shown_with"] = self.shown_with
        context["parts"] = {
            part: {"widget": subwidget, "label": self.labels[part]}
            for part, subwidget in zip(PART_NAMES, context["widget"]["subwidgets"], strict=False)
        }
        return context


def _keep_label_now(rule: str) -> str:
    words = describe(rule) or _("a schedule the portal cannot show in words")
    return _("Keep the current schedule: %(words)s") % {"words": words}


# In the language of the page the field is shown on, not the one it was made in.
_keep_label = lazy(_keep_label_now, str)


class RecurrenceField(forms.MultiValueField):
    """Weekdays, a rhythm and (with `times`) the start and end times, as one field.

    `current` is the stored rule: when the choices cannot show it, a "keep" choice
    (chosen at first) keeps it. `allow_none` offers "no regular times"; a meeting
    series, which always repeats, has no such choice. `shown_with` ("repeat=custom")
    names the radio button that the field belongs to."""

    def __init__(
        self,
        *,
        times: bool = True,
        current: str = "",
        allow_none: bool = True,
        none_label=None,
        shown_with: str = "",
        **kwargs,
    ):
        self.times = times
        self.current = current or ""
        frequencies = []
        if self.current and Rhythm.from_rrule(self.current) is None:
            frequencies.append((KEEP, _keep_label(self.current)))
        if allow_none:
            frequencies.append((NO_RHYTHM, none_label or _("No regular times")))
        frequencies += list(FREQUENCY_LABELS.items())
        fields = [
            forms.ChoiceField(choices=frequencies, required=False),
            forms.TypedMultipleChoiceField(
                choices=[(day, capfirst(WEEKDAYS[day])) for day in range(7)],
                coerce=int,
                required=False,
            ),
            forms.TypedChoiceField(
                choices=[("", _("Choose")), *POSITION_LABELS.items()],
                coerce=int,
                empty_value=None,
                required=False,
            ),
        ]
        if times:
            fields += [forms.TimeField(required=False), forms.TimeField(required=False)]
        kwargs.setdefault("required", False)
        super().__init__(
            fields=fields,
            require_all_fields=False,
            widget=RecurrenceWidget(times=times, shown_with=shown_with),
            **kwargs,
        )
        for subfield, subwidget in zip(self.fields, self.widget.widgets, strict=True):
            if hasattr(subfield, "choices"):
                subwidget.choices = subfield.choices

    def compress(self, data_list) -> Schedule | None:
        if not data_list:
            return None
        frequency, weekdays, position, *times = (list(data_list) + [None] * 5)[:5]
        start, end = times[0] if self.times else None, times[1] if self.times else None
        errors = []
        if end is not None and start is None:
            errors.append(
                forms.ValidationError(
                    _("Give the start time too, for example 17:00."), code="start_missing"
                )
            )
        if start is not None and end is not None and end <= start:
            errors.append(
                forms.ValidationError(
                    _("The end time must be after the start time, for example 17:00–19:00."),
                    code="end_before_start",
                )
            )
        if frequency == KEEP:
            if errors:
                raise forms.ValidationError(errors)
            return Schedule(self.current, start, end, kept=True)
        if frequency in (NO_RHYTHM, None):
            if weekdays or start is not None:
                errors.append(
                    forms.ValidationError(
                        _("Choose how often: every week, every other week or once a month."),
                        code="frequency_missing",
                    )
                )
            if errors:
                raise forms.ValidationError(errors)
            return Schedule("", start, end)
        if not weekdays:
            errors.append(
                forms.ValidationError(
                    _("Choose at least one weekday, for example Tuesday."),
                    code="weekday_missing",
                )
            )
        if frequency == Frequency.MONTHLY and position not in POSITIONS:
            errors.append(
                forms.ValidationError(
                    _("Choose the week of the month, for example the first."),
                    code="position_missing",
                )
            )
        if errors:
            raise forms.ValidationError(errors)
        rhythm = Rhythm(
            frequency,
            tuple(weekdays),
            position if frequency == Frequency.MONTHLY else None,
        )
        return Schedule(rhythm.rrule(), start, end)
