"""The receiving NGO's answers to a referral: accept, decline with a reason, a try to
reach the client, the first meeting, and closing with an outcome. Each form has a prefix
of its own (its action's name), so that all of them fit on one page with unique ids."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coact.text_limits import limit_text_fields

from ..models import DeclineReason, Outcome, Referral

NOTE_MAX_CHARS = 1000
# A clock a little ahead of the server's is not "in the future".
CLOCK_SLACK = timedelta(minutes=5)

NOTE_HELP = _(
    "The unit that sent the referral sees this. Write only what they need to know, and no "
    "personal identity code."
)


def _one_of(label, choices, message, **kwargs) -> forms.ChoiceField:
    """Radio buttons, with `message` both when none is chosen and when a value not on the
    list comes back; a TypedChoiceField when given coerce=."""
    field_class = forms.TypedChoiceField if "coerce" in kwargs else forms.ChoiceField
    return field_class(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


def _note(label) -> forms.CharField:
    """The optional few words to the unit that sent the referral."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=NOTE_MAX_CHARS,
        help_text=NOTE_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    """What every answer form knows: the referral it answers."""

    action = ""  # the transition table's name for it, also the form's prefix
    url_name = ""
    title = ""
    intro = ""
    submit_label = ""
    primary = True  # the page's main button, or a secondary one

    def __init__(self, *args, referral: Referral, **kwargs):
        kwargs.setdefault("prefix", self.action)
        kwargs.setdefault("label_suffix", "")
        self.referral = referral
        super().__init__(*args, **kwargs)
        limit_text_fields(self)


class AcceptForm(AnswerForm):
    action = "accept"
    url_name = "referral_accept"
    title = _("Accept")
    intro = _("Accept when you can help. Then contact the client within a few days.")
    submit_label = _("Accept the referral")


class DeclineForm(AnswerForm):
    action = "decline"
    url_name = "referral_decline"
    title = _("Decline")
    intro = _("Decline when you cannot help. The unit that sent it is told, and the reason.")
    submit_label = _("Decline the referral")
    primary = False

    reason = _one_of(
        _("Reason for declining"), DeclineReason.choices, _("Choose a reason from the list.")
    )
    note = _note(_("More about the reason (optional)"))


class _WhenForm(AnswerForm):
    """A day and a time, Finnish time, today and now to start with; not in the future,
    and not before the referral was sent."""

    day = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the day."),
            "invalid": _("Enter the day as day, month and year."),
        },
    )
    time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Give the time."),
            "invalid": _("Enter the time as hours and minutes, for example 14:30."),
        },
    )

    def __init__(self, *args, **kwargs):
        now = timezone.localtime()
        kwargs.setdefault("initial", {"day": now.date(), "time": now.time().replace(second=0)})
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("day") is None or cleaned.get("time") is None:
            return cleaned
        at = timezone.make_aware(datetime.combine(cleaned["day"], cleaned["time"]))
        if at > timezone.now() + CLOCK_SLACK:
            self.add_error("day", _("This is in the future: give the day and time it happened."))
        sent_at = self.referral.sent_at
        if sent_at and at < timezone.localtime(sent_at).replace(second=0, microsecond=0):
            self.add_error(
                "day",
                _("This is before the referral was sent (%(sent)s): check the day and time.")
                % {"sent": _short_datetime(sent_at)},
            )
        cleaned["at"] = _after_the_latest_step(self.referral, at)
        return cleaned


def _after_the_latest_step(referral: Referral, at: datetime) -> datetime:
    """The form gives a time to the minute. In the minute of the referral's latest step
    (accepted a moment ago, say) it is taken as that step's moment, so that the timeline
    shows it after that step, not before."""
    latest = referral.events.aggregate(latest=Max("occurred_at"))["latest"]
    if latest is not None and latest.replace(second=0, microsecond=0) <= at < latest:
        return latest
    return at


def _short_datetime(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


class ContactForm(_WhenForm):
    action = "contact"
    url_name = "referral_contact"
    title = _("Contact with the client")
    intro = _("Record each try to reach the client, also when you did not reach them.")
    submit_label = _("Save the try")

    reached = _one_of(
        _("Result of the try"),
        [
            ("yes", _("Yes, we reached the client")),
            ("no", _("No, we could not reach the client")),
        ],
        _("Choose whether you reached the client."),
        coerce=lambda value: value == "yes",
    )

    field_order = ["reached", "day", "time"]


class MeetingForm(_WhenForm):
    action = "meet"
    url_name = "referral_meeting"
    title = _("The first meeting")
    intro = _("Record it when the client has met you for the first time.")
    submit_label = _("The first meeting was held")


class CloseForm(AnswerForm):
    action = "close"
    url_name = "referral_close"
    title = _("Close the referral")
    submit_label = _("Close the referral")

    @property
    def intro(self) -> str:
        days = settings.REFERRAL_ERASE_AFTER_DAYS
        return ngettext(
            "Close it when you know how it ended. The unit that sent it sees the outcome. "
            "The client's personal data is removed %(days)d day after closing.",
            "Close it when you know how it ended. The unit that sent it sees the outcome. "
            "The client's personal data is removed %(days)d days after closing.",
            days,
        ) % {"days": days}

    outcome = _one_of(_("Outcome"), Outcome.choices, _("Choose the outcome from the list."))
    note = _note(_("More about the outcome (optional)"))


ANSWER_FORMS: dict[str, type[AnswerForm]] = {
    form.action: form for form in (AcceptForm, DeclineForm, ContactForm, MeetingForm, CloseForm)
}


def answer_forms(
    referral: Referral, actions, *, bound: AnswerForm | None = None
) -> list[AnswerForm]:
    """The forms of the actions the handler can take now, in the table's order; `bound`
    (a form that came back with errors) stands in for its own action's empty form."""
    forms_now = []
    for action in actions:
        if bound is not None and bound.action == action:
            forms_now.append(bound)
        elif action in ANSWER_FORMS:
            forms_now.append(ANSWER_FORMS[action](referral=referral))
    return forms_now
