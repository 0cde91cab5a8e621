"""Finnish personal identity codes (henkilötunnus) in free text. Client data in the
portal never holds one (DESIGN.md: "No personal identity code anywhere"), so a text that
contains a valid code is refused with an explanation. The check is python-stdnum's: the
date, the century sign (- Y X W V U for the 1900s, A B C D E F for the 2000s, + for the
1800s, the signs of the 2023 reform included) and the control character."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.fi import hetu

# Six digits, a century sign, three digits and a control character, not inside a longer
# word or number; spaces, lower case and the dashes that word processors and phones put
# for "-" are forgiven, as people type them.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_CANDIDATE = re.compile(
    rf"(?<![0-9A-Za-z])(\d{{6}})\s?([-{_DASHES}+ABCDEFUVWXYabcdefuvwxy])\s?(\d{{3}})\s?([0-9A-Ya-y])(?![0-9A-Za-z])"
)
_AS_HYPHEN = str.maketrans(dict.fromkeys(_DASHES, "-"))


def find_identity_codes(text: str) -> list[str]:
    """The valid identity codes in `text` (temporary ones, 900 to 999, included)."""
    found = []
    for match in _CANDIDATE.finditer(text or ""):
        code = "".join(match.groups()).upper().translate(_AS_HYPHEN)
        try:
            hetu.validate(code, allow_temporary=True)
        except ValueError:
            continue
        found.append(code)
    return found


def reject_identity_codes(text: str) -> None:
    """A form validator: the message says why, and never repeats the code."""
    if find_identity_codes(text):
        raise ValidationError(
            _(
                "This text contains a Finnish personal identity code (henkilötunnus). "
                "The portal never stores one: remove it and describe the need without it."
            ),
            code="identity_code",
        )
