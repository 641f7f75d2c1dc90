"""On PostgreSQL, the audit trail is append-only in the database itself: a trigger refuses UPDATE
and DELETE of audit events, except inside `regiodeal.audit.integrity.maintenance()` (a restore,
which sets the transaction-local `regiodeal.audit_maintenance`) and the blanking of a resident's IP
address after its retention period. SQLite has no such setting: there the model guards alone."""

from django.db import migrations

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION regiodeal_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('regiodeal.audit_maintenance', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    -- The one permitted rewrite: blanking a resident's IP address (and its salt) after the
    -- retention period; the hashed digest stays.
    IF TG_OP = 'UPDATE' AND NEW.source = '' AND NEW.source_salt = ''
       AND (to_jsonb(NEW) - 'source' - 'source_salt') = (to_jsonb(OLD) - 'source' - 'source_salt') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % on audit_auditevent refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION regiodeal_audit_append_only();
"""

DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS regiodeal_audit_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain_and_append_only")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
