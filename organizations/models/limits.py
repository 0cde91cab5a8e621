"""Limits of free texts, shared by the directory's models."""

from django.core.validators import MaxLengthValidator

# How long free texts may be, in characters. A short description is what a result card
# shows whole; a long description is a page of text; instructions, notes and other
# languages' texts are a few paragraphs. Forms count down to these in the browser
# (coact.text_limits) and refuse longer texts with a message, keeping what was typed.
SHORT_DESCRIPTION_MAX = 500
LONG_DESCRIPTION_MAX = 6000
INSTRUCTIONS_MAX = 2000
ACTIVITY_DESCRIPTION_MAX = 2000
OTHER_LANGUAGE_TEXT_MAX = 1000
ACCESSIBILITY_MAX = 1000
REASON_MAX = 2000


def _limited(limit: int) -> dict:
    """A TextField's max_length (forms take it from there) and the model's own check."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}
