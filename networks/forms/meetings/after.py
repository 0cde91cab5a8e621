"""The inline reply, cancelling a meeting, and attendance and minutes afterwards."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coact.text_limits import limit_text_fields

from ...models import (
    CANCELLATION_REASON_MAX,
    MINUTES_MAX,
    Invitation,
    Meeting,
    contains_identity_code,
    validate_no_identity_code,
)


class ReplyButtonsForm(forms.Form):
    """The inline reply on the meetings page: which invitation, and yes, no or maybe."""

    invitation = forms.IntegerField(widget=forms.HiddenInput)
    response = forms.ChoiceField(choices=[c for c in Invitation.Response.choices if c[0]])


class AfterMeetingForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label=_("Who came"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ticked beforehand: those who said they would come, or whom you confirmed earlier."
        ),
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=MINUTES_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[validate_no_identity_code],
    )

    def __init__(self, *args, meeting: Meeting, invitations, **kwargs):
        self.meeting = meeting
        invitations = list(invitations)
        if meeting.attendance_confirmed_at:
            ticked = [i.pk for i in invitations if i.attended]
        else:
            ticked = [i.pk for i in invitations if i.response == Invitation.Response.YES]
        kwargs.setdefault("initial", {"attended": ticked, "minutes": meeting.minutes})
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
        self.fields["attended"].choices = [
            (
                invitation.pk,
                f"{invitation.name} ({invitation.email})" if invitation.name else invitation.email,
            )
            for invitation in invitations
        ]
        languages = ", ".join(str(language) for language in meeting.languages.all())
        if languages:
            self.fields["minutes"].help_text = _(
                "Write them in the meeting's language (%(languages)s), so that everyone who "
                "took part can read them. General matters only: never a client's personal "
                "data."
            ) % {"languages": languages}
        else:
            self.fields["minutes"].help_text = _(
                "Write them in the language the meeting was held in, so that everyone who "
                "took part can read them. General matters only: never a client's personal "
                "data."
            )


class CancelMeetingForm(forms.Form):
    """Cancelling one meeting, with a reason for the cancellation e-mail if one helps."""

    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=CANCELLATION_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Goes into the cancellation e-mail, for example: the host is ill, we meet "
            "again next month. Never a client's personal data."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)

    def clean_reason(self) -> str:
        reason = self.cleaned_data.get("reason", "").strip()
        if contains_identity_code(reason):
            raise ValidationError(
                _(
                    "Remove the personal identity code: the reason goes by e-mail to "
                    "everyone invited, and never holds information about a client."
                ),
                code="identity_code",
            )
        return reason
