from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Invitation


class ReplyForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Will you come?"),
        choices=[c for c in Invitation.Response.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, no or maybe.")},
    )
    note = forms.CharField(
        label=_("Note to the organiser (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, if you are coming late or need an interpreter."),
    )
