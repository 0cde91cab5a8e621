from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from coact.templatetags.mail_text import single_line

from ..models import AREA_ROLES, NGO_ROLES, UNIT_ROLES, Organization, ServiceUnit, WelfareArea


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only numbers, and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2", _("The two passwords differ. Type the same password twice.")
            )
        elif p1:
            try:
                password_validation.validate_password(p1, self._user_for_validation())
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def _user_for_validation(self):
        return None


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        help_text=_("The invitation e-mail and the person's portal start in this language."),
    )

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(target, Organization):
            roles = NGO_ROLES
        elif isinstance(target, ServiceUnit):
            roles = UNIT_ROLES
        else:
            roles = AREA_ROLES
        self.fields["role"].choices = [(r.value, r.label) for r in roles]


class AcceptInvitationForm(PasswordPairMixin):
    name = forms.CharField(label=_("Your name"), max_length=200)
    field_order = ["name", "password1", "password2"]

    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = invitation.name

    def _user_for_validation(self):
        return get_user_model()(email=self.invitation.email, name=self.cleaned_data.get("name", ""))


class SingleLineField(forms.CharField):
    """One line of text: line breaks, tabs and other control characters that a hand-made
    post can carry become single spaces (a name goes into mail subjects and bodies)."""

    def to_python(self, value):
        return single_line(super().to_python(value))


class ApplicationForm(PasswordPairMixin):
    organization_name = SingleLineField(
        label=_("Name of the organisation or group"), max_length=200
    )
    welfare_area = forms.ModelChoiceField(
        label=_("Welfare area where you work"), queryset=WelfareArea.objects.all()
    )
    description = forms.CharField(
        label=_("What does your organisation do?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("A few sentences: who you help, how, and in which languages."),
    )
    applicant_name = SingleLineField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address"))
    language = forms.ChoiceField(label=_("Your language in the portal"), choices=settings.LANGUAGES)
    field_order = [
        "organization_name",
        "welfare_area",
        "description",
        "applicant_name",
        "email",
        "language",
        "password1",
        "password2",
    ]

    def clean_email(self):
        # Whether the address has an account is never said here (that would tell anyone
        # which addresses have one): organizations.services.organization_apply tells the
        # address's owner by e-mail instead.
        return self.cleaned_data["email"].strip().lower()

    def _user_for_validation(self):
        return get_user_model()(
            email=self.cleaned_data.get("email", ""),
            name=self.cleaned_data.get("applicant_name", ""),
        )


class RejectApplicationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The applicant receives this text."),
    )
