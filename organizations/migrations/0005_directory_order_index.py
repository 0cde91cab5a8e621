"""An index in the directory's default order (freshest first) over the active NGOs, so
the first page is read from the index instead of sorting every row."""

from django.db import migrations

CREATE = """
CREATE INDEX organization_freshness ON organizations_organization
    (last_confirmed_at DESC NULLS LAST, name) WHERE status = 'active';
"""
DROP = "DROP INDEX IF EXISTS organization_freshness;"


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_taxonomies_and_search")]

    operations = [migrations.RunSQL(CREATE, DROP)]
