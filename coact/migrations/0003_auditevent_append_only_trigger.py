"""The database itself refuses UPDATE and DELETE of audit rows, so not even a raw query or
a bug can rewrite history."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION coact_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'coact_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER coact_auditevent_append_only
    BEFORE UPDATE OR DELETE ON coact_auditevent
    FOR EACH ROW EXECUTE FUNCTION coact_auditevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS coact_auditevent_append_only ON coact_auditevent;
DROP FUNCTION IF EXISTS coact_auditevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("coact", "0002_user_phone_auditevent")]

    operations = [migrations.RunSQL(CREATE, DROP)]
