"""A service's refusal shown on the form that asked for it: the services keep the rules
(referrals.services), the forms only show what they refused."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Each message under the field it names, where the form has that field, the rest
    (a move the transition table refuses, say) above the form. A field with an error of
    its own already keeps only that one: a form that asks the service in clean() has been
    told about that field already."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name not in form.fields:
            form.add_error(None, errors)
        elif name not in form.errors:
            form.add_error(name, errors)
