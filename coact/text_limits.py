"""Long texts have limits, with a counter beside each text area ("1 234 / 2 000
merkkiä") that static/js/forms.js keeps current as the person types.

The limit is the form field's max_length (which a ModelForm takes from the model). The
text area gets no `maxlength` attribute: a browser would cut a long pasted text short
without a word, and the person would lose the end of it. Instead the server refuses a
text that is too long with a message that says by how much, and the form comes back
with the whole text in it, so that the person can shorten it."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext


def grouped(number: int) -> str:
    """2000 as "2 000" in Finnish and Swedish, "2,000" in English."""
    return number_format(number, force_grouping=True)


def counter_templates() -> tuple[str, str]:
    """The counter's words, with {count}, {limit} and {over} for static/js/forms.js."""
    return (
        gettext("{count} / {limit} characters"),
        gettext("{count} / {limit} characters: {over} too many"),
    )


def counter_text(count: int, limit: int) -> str:
    within, over = counter_templates()
    return (over if count > limit else within).format(
        count=grouped(count), limit=grouped(limit), over=grouped(count - limit)
    )


class TextLimitValidator(MaxLengthValidator):
    """Django's max_length check with a message that says how much to cut."""

    def __call__(self, value) -> None:
        length = self.clean(value)
        if length > self.limit_value:
            over = length - self.limit_value
            raise forms.ValidationError(
                ngettext(
                    "The text is %(over)s character too long: the most is %(limit)s, and it "
                    "has %(length)s now. Shorten it; everything you wrote is still here.",
                    "The text is %(over)s characters too long: the most is %(limit)s, and it "
                    "has %(length)s now. Shorten it; everything you wrote is still here.",
                    over,
                )
                % {
                    "over": grouped(over),
                    "limit": grouped(self.limit_value),
                    "length": grouped(length),
                },
                code="max_length",
            )


class LimitedTextarea(forms.Textarea):
    """A text area with its counter: rendered by the server (so that it shows without
    JavaScript too) and tied to the text area with aria-describedby."""

    def __init__(self, *, limit: int, attrs=None):
        self.limit = limit
        super().__init__(attrs)

    def value_from_datadict(self, data, files, name):
        # Browsers send line breaks as CR LF; count (and keep) each as one character, as
        # the counter in the browser does.
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.limit = self.limit
        return copy

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.pop("maxlength", None)
        widget_attrs["data-limit"] = str(self.limit)
        counter_id = f"{widget_attrs.get('id') or name}_counter"
        described = widget_attrs.get("aria-describedby", "")
        widget_attrs["aria-describedby"] = " ".join(filter(None, [described, counter_id]))
        return context

    def render(self, name, value, attrs=None, renderer=None):
        area = super().render(name, value, attrs, renderer)
        text = self.format_value(value) or ""
        element_id = (attrs or {}).get("id") or self.attrs.get("id") or name
        over = len(text) > self.limit
        within, over_template = counter_templates()
        return format_html(
            '{}<div class="hds-text-input__helper-text char-counter{}" id="{}_counter" '
            'data-template="{}" data-over-template="{}">{}</div>',
            area,
            " char-counter--over" if over else "",
            element_id,
            within,
            over_template,
            counter_text(len(text), self.limit),
        )


def limit_text_fields(form: forms.BaseForm) -> None:
    """Give every text area of the form with a max_length its counter and the message
    that says how much to cut."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if not limit or not isinstance(field.widget, forms.Textarea):
            continue
        if not isinstance(field.widget, LimitedTextarea):
            old = field.widget
            field.widget = LimitedTextarea(limit=limit, attrs=old.attrs)
            field.widget.is_required = old.is_required
        field.validators = [
            validator
            for validator in field.validators
            if not isinstance(validator, MaxLengthValidator)
        ] + [TextLimitValidator(limit)]
