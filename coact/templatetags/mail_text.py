"""Filters for the plain-text mail templates (coact/mail.py renders them unescaped).

    {% load mail_text %}
    {% blocktranslate with name=organization.name|single_line %}...{% endblocktranslate %}

A value that someone typed as one line (a name, a title) can still arrive with line
breaks when a form is posted by hand; in a mail body a line break lets it write lines of
its own ("Review it here: http://..."), so every such value goes through single_line."""

import re

from django import template

register = template.Library()

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@register.filter
def single_line(value) -> str:
    """Line breaks, tabs and other control characters become single spaces."""
    if value is None:
        return ""
    return " ".join(_CONTROL.sub(" ", str(value)).split())
