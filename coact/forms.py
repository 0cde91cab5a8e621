from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import USER_PROFILE_FIELDS


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = list(USER_PROFILE_FIELDS)
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})}
        labels = {"name": _("Name"), "phone": _("Phone"), "preferred_language": _("Language")}
