"""Template filters for plain-text mail (coact.mail's own template engine, whose output is
never HTML-escaped), where Django's own would print Python instead of text."""

from django import template

register = template.Library()


@register.filter(is_safe=True)
def join(value, arg):
    """Django's `join` without autoescaping calls `str.join` on the items themselves, so
    a list of anything but strings (a QuerySet of languages) fails and the filter gives
    back the list, which prints as `<QuerySet [<Language: Englanti>]>`. Here each item is
    named by its own `str()`, as it would be in HTML."""
    if isinstance(value, str):
        return value
    try:
        return str(arg).join(str(item) for item in value)
    except TypeError:  # not a list: print it as it is
        return value
