"""Invariants that span tables, enforced by the database itself.

The row triggers leave a malformed span (start < 0 or start >= end) to the model's CHECK
constraints, which run after BEFORE triggers and name the rule that failed.

- A claim's span and cue, and every mention, end within the document's text; the claim's
  stored text is the document's text at its offsets (lengths and substrings count code
  points in both PostgreSQL and SQLite, as Python does).
- A claim's source, mentions, relay links and aliases belong to the document's project;
  a relay chain never repeats the claim's own source.
- A document's text is fixed once it has claims; documents and sources never change project.
- Reviews and audit events are append-only.

Every violation raises an integrity error (SQLSTATE class 23 on PostgreSQL, a constraint
abort on SQLite), so callers see the same exception as for a CHECK constraint.
"""

from django.db import migrations

POSTGRES_FORWARD = r"""
CREATE FUNCTION claims_fail(message text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', message USING ERRCODE = 'check_violation';
END $$;

CREATE FUNCTION claims_check_claim() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    doc_text text;
    doc_project bigint;
    doc_length integer;
BEGIN
    IF NEW.start < 0 OR NEW.start >= NEW."end" THEN
        RETURN NEW;  -- malformed spans are refused by the claim_span_valid CHECK, by name
    END IF;
    SELECT text, project_id INTO doc_text, doc_project
      FROM claims_document WHERE id = NEW.document_id;
    doc_length := char_length(doc_text);
    IF NEW."end" > doc_length THEN
        PERFORM claims_fail(format('claim span [%s, %s) ends past the end of document %s (%s characters)',
                                   NEW.start, NEW."end", NEW.document_id, doc_length));
    END IF;
    IF NEW.cue_end > doc_length THEN
        PERFORM claims_fail(format('claim cue [%s, %s) ends past the end of document %s (%s characters)',
                                   NEW.cue_start, NEW.cue_end, NEW.document_id, doc_length));
    END IF;
    IF NEW.text IS DISTINCT FROM substr(doc_text, NEW.start + 1, NEW."end" - NEW.start) THEN
        PERFORM claims_fail(format('claim text does not match document %s at [%s, %s)',
                                   NEW.document_id, NEW.start, NEW."end"));
    END IF;
    IF (SELECT project_id FROM claims_source WHERE id = NEW.source_id) IS DISTINCT FROM doc_project THEN
        PERFORM claims_fail(format('claim source %s belongs to another project', NEW.source_id));
    END IF;
    IF TG_OP = 'UPDATE' AND EXISTS (
        SELECT 1 FROM claims_claimrelay WHERE claim_id = NEW.id AND source_id = NEW.source_id
    ) THEN
        PERFORM claims_fail(format('claim source %s is already in its relay chain', NEW.source_id));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_claim_invariants BEFORE INSERT OR UPDATE ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_check_claim();

CREATE FUNCTION claims_check_mention() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    doc_length integer;
    doc_project bigint;
BEGIN
    IF NEW.start < 0 OR NEW.start >= NEW."end" THEN
        RETURN NEW;  -- refused by the mention_span_valid CHECK
    END IF;
    SELECT char_length(d.text), d.project_id INTO doc_length, doc_project
      FROM claims_claim c JOIN claims_document d ON d.id = c.document_id
     WHERE c.id = NEW.claim_id;
    IF NEW."end" > doc_length THEN
        PERFORM claims_fail(format('mention span [%s, %s) ends past the end of its document (%s characters)',
                                   NEW.start, NEW."end", doc_length));
    END IF;
    IF (SELECT project_id FROM claims_source WHERE id = NEW.source_id) IS DISTINCT FROM doc_project THEN
        PERFORM claims_fail(format('mention source %s belongs to another project', NEW.source_id));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_mention_invariants BEFORE INSERT OR UPDATE ON claims_mention
    FOR EACH ROW EXECUTE FUNCTION claims_check_mention();

CREATE FUNCTION claims_check_relay() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    claim_source bigint;
    doc_project bigint;
BEGIN
    SELECT c.source_id, d.project_id INTO claim_source, doc_project
      FROM claims_claim c JOIN claims_document d ON d.id = c.document_id
     WHERE c.id = NEW.claim_id;
    IF NEW.source_id = claim_source THEN
        PERFORM claims_fail(format('relay chain repeats the claim''s own source %s', NEW.source_id));
    END IF;
    IF (SELECT project_id FROM claims_source WHERE id = NEW.source_id) IS DISTINCT FROM doc_project THEN
        PERFORM claims_fail(format('relay source %s belongs to another project', NEW.source_id));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_relay_invariants BEFORE INSERT OR UPDATE ON claims_claimrelay
    FOR EACH ROW EXECUTE FUNCTION claims_check_relay();

CREATE FUNCTION claims_check_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.project_id IS DISTINCT FROM OLD.project_id THEN
        PERFORM claims_fail(format('document %s cannot move to another project', OLD.id));
    END IF;
    IF NEW.text IS DISTINCT FROM OLD.text
       AND EXISTS (SELECT 1 FROM claims_claim WHERE document_id = OLD.id) THEN
        PERFORM claims_fail(format('document %s text cannot change: it has claims', OLD.id));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_document_invariants BEFORE UPDATE ON claims_document
    FOR EACH ROW EXECUTE FUNCTION claims_check_document();

CREATE FUNCTION claims_check_source() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.project_id IS DISTINCT FROM OLD.project_id THEN
        PERFORM claims_fail(format('source %s cannot move to another project', OLD.id));
    END IF;
    IF NEW.affiliation_id IS NOT NULL AND (
        SELECT project_id FROM claims_source WHERE id = NEW.affiliation_id
    ) IS DISTINCT FROM NEW.project_id THEN
        PERFORM claims_fail(format('source %s is affiliated to a source of another project', NEW.id));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_source_invariants BEFORE INSERT OR UPDATE ON claims_source
    FOR EACH ROW EXECUTE FUNCTION claims_check_source();

CREATE FUNCTION claims_check_alias() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT project_id FROM claims_source WHERE id = NEW.source_id) IS DISTINCT FROM NEW.project_id THEN
        PERFORM claims_fail(format('alias %L is filed under another project than its source', NEW.name));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_alias_invariants BEFORE INSERT OR UPDATE ON claims_sourcealias
    FOR EACH ROW EXECUTE FUNCTION claims_check_alias();

CREATE FUNCTION claims_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_fail(format('%s rows are append-only: %s is not allowed', TG_TABLE_NAME, TG_OP));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_review_append_only BEFORE UPDATE OR DELETE ON claims_claimreview
    FOR EACH ROW EXECUTE FUNCTION claims_append_only();
CREATE TRIGGER claims_audit_append_only BEFORE UPDATE OR DELETE ON claims_auditevent
    FOR EACH ROW EXECUTE FUNCTION claims_append_only();
"""

POSTGRES_REVERSE = r"""
DROP TRIGGER claims_audit_append_only ON claims_auditevent;
DROP TRIGGER claims_review_append_only ON claims_claimreview;
DROP TRIGGER claims_alias_invariants ON claims_sourcealias;
DROP TRIGGER claims_source_invariants ON claims_source;
DROP TRIGGER claims_document_invariants ON claims_document;
DROP TRIGGER claims_relay_invariants ON claims_claimrelay;
DROP TRIGGER claims_mention_invariants ON claims_mention;
DROP TRIGGER claims_claim_invariants ON claims_claim;
DROP FUNCTION claims_append_only();
DROP FUNCTION claims_check_alias();
DROP FUNCTION claims_check_source();
DROP FUNCTION claims_check_document();
DROP FUNCTION claims_check_relay();
DROP FUNCTION claims_check_mention();
DROP FUNCTION claims_check_claim();
DROP FUNCTION claims_fail(text);
"""

# SQLite has no INSERT OR UPDATE trigger, so each body below is installed for both events.
SQLITE_ROW_CHECKS = {
    "claims_claim": r"""
        SELECT RAISE(ABORT, 'claim span or cue ends past the end of its document')
         WHERE NEW.start >= 0 AND NEW.start < NEW."end"
           AND max(NEW."end", coalesce(NEW.cue_end, 0))
               > (SELECT length(text) FROM claims_document WHERE id = NEW.document_id);
        SELECT RAISE(ABORT, 'claim text does not match the document text at its offsets')
         WHERE NEW.start >= 0 AND NEW.start < NEW."end"
           AND NEW.text IS NOT (SELECT substr(text, NEW.start + 1, NEW."end" - NEW.start)
                                  FROM claims_document WHERE id = NEW.document_id);
        SELECT RAISE(ABORT, 'claim source belongs to another project')
         WHERE (SELECT project_id FROM claims_source WHERE id = NEW.source_id)
               IS NOT (SELECT project_id FROM claims_document WHERE id = NEW.document_id);
        SELECT RAISE(ABORT, 'claim source is already in its relay chain')
         WHERE EXISTS (SELECT 1 FROM claims_claimrelay
                        WHERE claim_id = NEW.id AND source_id = NEW.source_id);
    """,
    "claims_mention": r"""
        SELECT RAISE(ABORT, 'mention span ends past the end of its document')
         WHERE NEW.start >= 0 AND NEW.start < NEW."end"
           AND NEW."end" > (SELECT length(d.text) FROM claims_claim c
                              JOIN claims_document d ON d.id = c.document_id
                             WHERE c.id = NEW.claim_id);
        SELECT RAISE(ABORT, 'mention source belongs to another project')
         WHERE (SELECT project_id FROM claims_source WHERE id = NEW.source_id)
               IS NOT (SELECT d.project_id FROM claims_claim c
                         JOIN claims_document d ON d.id = c.document_id
                        WHERE c.id = NEW.claim_id);
    """,
    "claims_claimrelay": r"""
        SELECT RAISE(ABORT, 'relay chain repeats the claim''s own source')
         WHERE NEW.source_id = (SELECT source_id FROM claims_claim WHERE id = NEW.claim_id);
        SELECT RAISE(ABORT, 'relay source belongs to another project')
         WHERE (SELECT project_id FROM claims_source WHERE id = NEW.source_id)
               IS NOT (SELECT d.project_id FROM claims_claim c
                         JOIN claims_document d ON d.id = c.document_id
                        WHERE c.id = NEW.claim_id);
    """,
    "claims_source": r"""
        SELECT RAISE(ABORT, 'source is affiliated to a source of another project')
         WHERE NEW.affiliation_id IS NOT NULL
           AND (SELECT project_id FROM claims_source WHERE id = NEW.affiliation_id)
               IS NOT NEW.project_id;
    """,
    "claims_sourcealias": r"""
        SELECT RAISE(ABORT, 'alias is filed under another project than its source')
         WHERE (SELECT project_id FROM claims_source WHERE id = NEW.source_id)
               IS NOT NEW.project_id;
    """,
}

SQLITE_UPDATE_ONLY = {
    "claims_document": r"""
        SELECT RAISE(ABORT, 'document cannot move to another project')
         WHERE NEW.project_id IS NOT OLD.project_id;
        SELECT RAISE(ABORT, 'document text cannot change: it has claims')
         WHERE NEW.text IS NOT OLD.text
           AND EXISTS (SELECT 1 FROM claims_claim WHERE document_id = OLD.id);
    """,
    "claims_source": r"""
        SELECT RAISE(ABORT, 'source cannot move to another project')
         WHERE NEW.project_id IS NOT OLD.project_id;
    """,
}

SQLITE_APPEND_ONLY = ["claims_claimreview", "claims_auditevent"]


def _sqlite_statements():
    for table, body in SQLITE_ROW_CHECKS.items():
        for event in ("INSERT", "UPDATE"):
            yield f"CREATE TRIGGER {table}_{event.lower()}_invariants BEFORE {event} ON {table} BEGIN {body} END"
    for table, body in SQLITE_UPDATE_ONLY.items():
        yield f"CREATE TRIGGER {table}_update_only_invariants BEFORE UPDATE ON {table} BEGIN {body} END"
    for table in SQLITE_APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            yield (
                f"CREATE TRIGGER {table}_{event.lower()}_append_only BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
            )


def _sqlite_trigger_names():
    for statement in _sqlite_statements():
        yield statement.split()[2]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in _sqlite_statements():
            schema_editor.execute(statement)
    else:
        raise RuntimeError(f"database invariants are written for PostgreSQL and SQLite, not {vendor}")


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE, params=None)
    elif vendor == "sqlite":
        for name in _sqlite_trigger_names():
            schema_editor.execute(f"DROP TRIGGER {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
