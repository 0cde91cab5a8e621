"""Texts translated with django-modeltranslation, shown with the language they are really
in. When the reader's language has no text, modeltranslation shows another language's
(MODELTRANSLATION_FALLBACK_LANGUAGES); then the element carries that language's `lang`
and a visible note says so: "Tämä teksti on vain ruotsiksi."

    {% load translated_fields %}
    {% translated organization "referral_instructions" linebreaks=True %}
    {% translated organization "description" css_class="intro__lead" %}
    {% translated organization "description" words=40 %}
    {% translated activity "schedule_description" element="span" %}

and, where the text sits inside markup of its own (a link in a heading):

    {% text_language network "name" as name_language %}
    <a href="..."{% if name_language != LANGUAGE_CODE %} lang="{{ name_language }}"{% endif %}>
      {{ network.name }}</a>
    {% translation_note network "name" %}
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

register = template.Library()

# The note after a text that is shown in another language than the reader's, by the
# language the text is in.
NOTES = {
    "fi": _("This text is only in Finnish."),
    "sv": _("This text is only in Swedish."),
    "en": _("This text is only in English."),
}
BLOCK_ELEMENTS = frozenset({"p", "div", "h1", "h2", "h3", "h4"})
INLINE_ELEMENTS = frozenset({"span", "strong", "em"})


def shown_language(obj, field: str) -> str | None:
    """The language of the text that `obj.<field>` gives in the active language, found
    the way modeltranslation's descriptor finds it (its fallback order, per field or the
    project's, and its idea of an empty value); None when the field is not translated or
    every language is empty."""
    descriptor = getattr(type(obj), field, None)
    if not isinstance(descriptor, TranslationFieldDescriptor):
        return None
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = descriptor.field.get_default()
    for language in resolution_order(get_language(), descriptor.fallback_languages):
        value = getattr(obj, build_localized_fieldname(field, language), None)
        if descriptor.meaningful_value(value, undefined):
            return language
    return None


def _note(languages, *, element: str) -> SafeString:
    """The note for texts shown in `languages` (None for a text in the reader's
    language or without any text); nothing when all are in the reader's language."""
    reader = get_language()
    notes = []
    for language in dict.fromkeys(languages):
        if language is not None and language != reader:
            notes.append(NOTES.get(language, _("This text is not available in your language.")))
    if not notes:
        return mark_safe("")
    return format_html(
        '<{0} class="translation-note" lang="{1}">{2}</{0}>',
        element,
        reader,
        " ".join(map(str, notes)),
    )


@register.simple_tag
def text_language(obj, field: str) -> str:
    """The language `obj.<field>` is shown in: the reader's, or the fallback's."""
    return shown_language(obj, field) or get_language()


@register.simple_tag
def translation_note(obj, *fields: str, element: str = "p") -> SafeString:
    """The visible note when any of `obj`'s `fields` is shown in another language than
    the reader's; nothing otherwise. One note for several texts that belong together
    (an activity's name, times and description). `element` is "p" after a block,
    "span" inside a line."""
    if element not in ("p", "span"):
        raise template.TemplateSyntaxError(f"translation_note: element {element!r}")
    return _note([shown_language(obj, field) for field in fields], element=element)


@register.simple_tag
def translated(
    obj,
    field: str,
    element: str = "p",
    css_class: str = "",
    linebreaks: bool = False,
    words: int = 0,
    note: bool = True,
) -> SafeString:
    """`obj.<field>` in an `element` that has the text's `lang` when it is not the
    reader's language, followed by the note that says so; nothing when there is no text
    in any language. `linebreaks` keeps the writer's line breaks; `words` cuts a long
    text to that many words (result cards). `note=False` leaves the note to a
    {% translation_note %} shared with the texts around it."""
    if element not in BLOCK_ELEMENTS | INLINE_ELEMENTS:
        raise template.TemplateSyntaxError(f"translated: element {element!r}")
    value = getattr(obj, field, "") or ""
    if not value:
        return mark_safe("")
    if words:
        value = Truncator(value).words(int(words))
    text = linebreaksbr(value, autoescape=True) if linebreaks else conditional_escape(value)
    language = shown_language(obj, field)
    attributes = [format_html(' class="{}"', css_class)] if css_class else []
    if language and language != get_language():
        attributes.append(format_html(' lang="{}"', language))
    # Each attribute was escaped by format_html above.
    attributes = mark_safe("".join(attributes))  # noqa: S308
    html = format_html("<{0}{1}>{2}</{0}>", element, attributes, text)
    if not note:
        return html
    note_html = _note([language], element="p" if element in BLOCK_ELEMENTS else "span")
    return format_html("{} {}", html, note_html) if note_html else html
