"""Loading a directory exported elsewhere (Open Referral HSDS 3.0) into a welfare area."""

from __future__ import annotations

from coact.audit import Action, audit_record
from coact.models import User

from ..hsds.importer import Importer, ImportResult
from ..models import WelfareArea
from ..search import update_search_vectors

# The change reason of every history record an import writes.
HSDS_IMPORT_REASON = "HSDS import"


def directory_import(
    *, items: list, area: WelfareArea, language: str, by: User | None = None
) -> ImportResult:
    """Write the HSDS organizations `items` into `area`, each in a transaction of its
    own, with `by` and HSDS_IMPORT_REASON on every history record; then index them and
    write one audit event with the counts (not the data: it is the directory's own)."""
    result = Importer(area=area, language=language, by=by, reason=HSDS_IMPORT_REASON).run(items)
    update_search_vectors(result.organization_ids)
    audit_record(
        action=Action.DIRECTORY_IMPORTED,
        actor=by,
        object_repr="",
        welfare_area_code=area.code,
        details={
            "language": language,
            "created": result.created,
            "updated": result.updated,
            "invalid": len(result.invalid),
        },
    )
    return result
