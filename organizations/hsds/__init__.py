"""The public NGO directory as Open Referral HSDS 3.0 (Human Services Data Specification).

Pure functions turn model instances into HSDS objects (plain dicts ready for JSON), in one
language a call with modeltranslation's fallback order (sv -> fi -> en); the selectors
fetch what those functions read with a fixed number of queries, however many rows.
`/api/hsds/` (organizations.hsds_views) serves them; `manage.py hsds_import` reads them
back. Only active organisations are exported, and nothing about people: no staff names
or e-mails, no contacts, no verifier, no assurer_email.

Ids are stable UUIDs: uuid5(NAMESPACE, "<kind>:<pk>"), e.g. "organization:12". Never
change NAMESPACE: the ids are published.

Where the models and HSDS 3.0 do not meet:
- organization.description is the short description (required by HSDS, "" when none);
  the long description has no HSDS field and is not exported.
- legal_status is the legal form's label in the response language.
- address.state_province is required by HSDS but Finnish addresses have none: "".
- schedule.freq allows only WEEKLY and MONTHLY: FREQ=DAILY without BYDAY becomes WEEKLY on
  every day; parts HSDS cannot hold (other frequencies, BYSETPOS, BYHOUR...) are left out
  of the structured fields and the whole rule is kept in schedule.notes as "RRULE:...".
- schedule.attending_type says "online", "in person" or "in person or online".
- Free activities get a cost option of amount 0 EUR; others one without an amount, with
  the cost text in amount_description and fees_description.
- Themes and target groups are taxonomy terms (taxonomies "coact-themes" and
  "coact-target-groups"), linked to services and organisations by attributes.
- The organisation's services and locations are nested in it, as in the reference's
  fully nested organization (compiled/organization.json adds "services").

ids.py, schedules.py, export.py, selectors.py and schemas.py hold the parts; every name
is importable from here.
"""

from .export import (  # noqa: F401
    ExportContext,
    cost_options_to_hsds,
    legal_form_from_status,
    legal_status,
    location_to_hsds,
    organization_summary_to_hsds,
    organization_to_hsds,
    schedules_to_hsds,
    service_to_hsds,
    taxonomy_term_to_hsds,
)
from .ids import (  # noqa: F401
    BUSINESS_ID_TYPE,
    COUNTRY,
    CURRENCY,
    HSDS_VERSION,
    NAMESPACE,
    OPENAPI_URL,
    PROFILE_URL,
    SCHEMA_BASE_URL,
    SCHEMA_DIR,
    TARGET_GROUP_TAXONOMY,
    THEME_TAXONOMY,
    hsds_uuid,
    location_uuid,
    organization_uuid,
    parse_uuid,
    service_uuid,
    target_group_uuid,
    taxonomy_uuid,
    theme_uuid,
)
from .schedules import (  # noqa: F401
    localized,
    rrule_to_schedule_fields,
    schedule_fields_to_rrule,
    text,
)
from .schemas import (  # noqa: F401
    NESTED_ORGANIZATION_SCHEMA,
    schema_ref,
    schema_registry,
    validator,
)
from .selectors import (  # noqa: F401
    organization_for_export,
    organizations_for_export,
    service_for_export,
    services_for_export,
    taxonomy_terms_for_export,
)
