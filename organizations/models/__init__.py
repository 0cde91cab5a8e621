"""The organizations app's models, one module a subject; all are importable from here."""

from .areas import (  # noqa: F401
    ServiceUnit,
    WelfareArea,
)
from .directory import (  # noqa: F401
    Activity,
    Language,
    Location,
    OpeningHours,
    Organization,
    OrganizationText,
    TargetGroup,
    Taxonomy,
    Theme,
    validate_business_id,
)
from .limits import (  # noqa: F401
    ACCESSIBILITY_MAX,
    ACTIVITY_DESCRIPTION_MAX,
    INSTRUCTIONS_MAX,
    LONG_DESCRIPTION_MAX,
    OTHER_LANGUAGE_TEXT_MAX,
    REASON_MAX,
    SHORT_DESCRIPTION_MAX,
)
from .people import (  # noqa: F401
    AREA_ROLES,
    CLIENT_DATA_ROLES,
    NGO_ROLES,
    REFERRAL_HANDLER_ROLES,
    UNIT_ROLES,
    Invitation,
    Membership,
    MembershipTarget,
    Role,
)
