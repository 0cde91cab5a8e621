"""The items of a form's error summary (templates/includes/form_errors.html): one per
message, in the order the page shows the fields, each with the link to its field.

    {% load error_summary %}
    {% error_summary_items form formset as items %}
"""

from django import template

register = template.Library()


def _field_items(form, row: int | None = None) -> list[dict]:
    items = [{"text": error, "row": row} for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            items.append(
                {
                    "text": error,
                    "label": field.label,
                    "href": "" if field.is_hidden else f"#{field.auto_id}",
                    "row": row,
                }
            )
    return items


@register.simple_tag
def error_summary_items(form=None, formset=None) -> list[dict]:
    """Every message of the form and of the formset's rows, each once."""
    items = _field_items(form) if hasattr(form, "non_field_errors") else []
    if hasattr(formset, "non_form_errors"):
        items += [{"text": error} for error in formset.non_form_errors()]
        for number, row in enumerate(formset.forms, start=1):
            items += _field_items(row, row=number)
    return items
