"""The receiving NGO's answer forms for the referral page's include
(templates/referrals/includes/handler_actions.html), from the actions the transition table
allows now:

    {% load referral_answers %}
    {% answer_forms referral handler_actions bound_form as forms %}
"""

from django import template

from ..forms.answers import answer_forms as forms_for

register = template.Library()


@register.simple_tag
def answer_forms(referral, actions, bound=None) -> list:
    """A form for each action; `bound` (a form that came back with errors) stands in for
    its own action's empty one."""
    return forms_for(referral, actions or (), bound=bound or None)
