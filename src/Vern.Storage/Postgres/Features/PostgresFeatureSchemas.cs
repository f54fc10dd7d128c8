namespace Vern.Storage.Postgres.Features;

/// <summary>The PostgreSQL SQL of migrations 6, 7, 8, 10 and 11 (<see cref="Sqlite.SqliteMigrations.All"/>; never edit once
/// shipped). The tables have the SQLite tables' columns and names, so <c>vern migrate</c> copies them column by column: ids and
/// instants stay text as stored (ordered and compared byte for byte: <c>COLLATE "C"</c>), integers bigint or integer as the
/// stores read them. Append-only tables refuse UPDATE, DELETE and TRUNCATE by triggers (<c>vern_refuse</c>, step 2). Where
/// SQLite's order was the rowid, a <c>seq</c> column keeps the order of insertion.</summary>
public static class PostgresFeatureSchemas
{
    /// <summary>Migration 6: intake.</summary>
    public const string Intake = """
        CREATE TABLE intake_reports (
            receipt_id text COLLATE "C" PRIMARY KEY,
            sender text NOT NULL,
            message_id text NOT NULL,
            sender_kind text NOT NULL,
            municipality text NOT NULL,
            received_at text COLLATE "C" NOT NULL,
            content_hash text NOT NULL,
            report text NOT NULL,
            UNIQUE (sender, message_id));
        CREATE INDEX intake_reports_municipality ON intake_reports(municipality, received_at);
        CREATE TRIGGER intake_reports_update BEFORE UPDATE ON intake_reports
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('received reports are never changed');
        CREATE TRIGGER intake_reports_delete BEFORE DELETE ON intake_reports
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('received reports are never deleted');
        CREATE TRIGGER intake_reports_truncate BEFORE TRUNCATE ON intake_reports
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('received reports are never deleted');
        CREATE TABLE intake_dispositions (
            receipt_id text COLLATE "C" PRIMARY KEY REFERENCES intake_reports(receipt_id),
            kind text NOT NULL CHECK (kind IN ('registered', 'rejected')),
            case_id text,
            reason text,
            by text NOT NULL,
            at text NOT NULL,
            CHECK (kind <> 'rejected' OR length(trim(coalesce(reason, ''))) > 0),
            CHECK (kind <> 'registered' OR case_id IS NOT NULL));
        CREATE TRIGGER intake_dispositions_update BEFORE UPDATE ON intake_dispositions
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('what became of a received report is never changed');
        CREATE TRIGGER intake_dispositions_delete BEFORE DELETE ON intake_dispositions
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('what became of a received report is never deleted');
        CREATE TRIGGER intake_dispositions_truncate BEFORE TRUNCATE ON intake_dispositions
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('what became of a received report is never deleted');
        CREATE TABLE access_tokens (
            id text COLLATE "C" PRIMARY KEY,
            kind text NOT NULL CHECK (kind IN ('personal', 'system')),
            name text NOT NULL,
            user_id text,
            municipality text,
            secret_hash text NOT NULL UNIQUE,
            created_at text COLLATE "C" NOT NULL,
            created_by text NOT NULL,
            revoked_at text,
            revoked_by text);
        CREATE TRIGGER access_tokens_delete BEFORE DELETE ON access_tokens
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('access tokens are never deleted: revoke them');
        CREATE TRIGGER access_tokens_truncate BEFORE TRUNCATE ON access_tokens
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('access tokens are never deleted: revoke them');
        CREATE FUNCTION vern_access_tokens_revoke_once() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL OR NEW.revoked_by IS NULL
               OR (NEW.id, NEW.kind, NEW.name, NEW.user_id, NEW.municipality, NEW.secret_hash, NEW.created_at, NEW.created_by)
                  IS DISTINCT FROM (OLD.id, OLD.kind, OLD.name, OLD.user_id, OLD.municipality, OLD.secret_hash, OLD.created_at, OLD.created_by) THEN
                RAISE EXCEPTION 'an access token changes only when it is revoked, once';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER access_tokens_update BEFORE UPDATE ON access_tokens
            FOR EACH ROW EXECUTE FUNCTION vern_access_tokens_revoke_once();
        """;

    /// <summary>Migration 7: the duplicate index (derived), match decisions and identity aliases (append-only).</summary>
    public const string Matching = """
        CREATE TABLE child_index (
            case_id text COLLATE "C" PRIMARY KEY,
            municipality text NOT NULL,
            version bigint NOT NULL,
            format integer NOT NULL,
            journal_number text NOT NULL,
            caseworker text,
            protection integer NOT NULL,
            identities text NOT NULL);
        CREATE TABLE child_index_keys (
            municipality text NOT NULL,
            key text NOT NULL,
            case_id text COLLATE "C" NOT NULL,
            PRIMARY KEY (municipality, key, case_id));
        CREATE INDEX child_index_keys_case ON child_index_keys(case_id);
        CREATE TABLE child_index_mark (
            id integer PRIMARY KEY CHECK (id = 1),
            cursor text NOT NULL,
            format integer NOT NULL);
        CREATE TABLE child_match_decisions (
            position bigserial PRIMARY KEY,
            case_first text COLLATE "C" NOT NULL,
            case_second text COLLATE "C" NOT NULL,
            municipality text NOT NULL,
            verdict text NOT NULL CHECK (verdict IN ('linked', 'dismissed')),
            reason text NOT NULL CHECK (length(trim(reason)) > 0),
            decided_by text NOT NULL,
            decided_at text NOT NULL,
            score double precision,
            CHECK (case_first < case_second));
        CREATE INDEX child_match_decisions_first ON child_match_decisions(municipality, case_first);
        CREATE INDEX child_match_decisions_second ON child_match_decisions(municipality, case_second);
        CREATE TRIGGER child_match_decisions_append_only BEFORE UPDATE OR DELETE ON child_match_decisions
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('match decisions are append-only: record a new decision');
        CREATE TRIGGER child_match_decisions_truncate BEFORE TRUNCATE ON child_match_decisions
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('match decisions are append-only: nothing is deleted');
        CREATE TABLE child_aliases (
            position bigserial PRIMARY KEY,
            case_id text COLLATE "C" NOT NULL,
            municipality text NOT NULL,
            kind text NOT NULL,
            value text NOT NULL,
            key text NOT NULL,
            reason text NOT NULL CHECK (length(trim(reason)) > 0),
            recorded_by text NOT NULL,
            recorded_at text NOT NULL);
        CREATE INDEX child_aliases_key ON child_aliases(municipality, key);
        CREATE INDEX child_aliases_case ON child_aliases(case_id);
        CREATE TRIGGER child_aliases_append_only BEFORE UPDATE OR DELETE ON child_aliases
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('identity aliases are append-only');
        CREATE TRIGGER child_aliases_truncate BEFORE TRUNCATE ON child_aliases
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('identity aliases are append-only');
        """;

    /// <summary>Migration 8: the state side.</summary>
    public const string State = """
        CREATE TABLE state_referrals (
            seq bigserial UNIQUE,
            referral_id text COLLATE "C" PRIMARY KEY,
            municipality text NOT NULL,
            region text NOT NULL,
            child_key text NOT NULL,
            measure text NOT NULL,
            status text NOT NULL,
            version bigint NOT NULL,
            state text NOT NULL);
        CREATE INDEX state_referrals_municipality ON state_referrals(municipality);
        CREATE INDEX state_referrals_region ON state_referrals(region);
        CREATE INDEX state_referrals_child ON state_referrals(child_key);
        CREATE TRIGGER state_referrals_delete BEFORE DELETE ON state_referrals
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('referrals are never deleted: withdraw them');
        CREATE TRIGGER state_referrals_truncate BEFORE TRUNCATE ON state_referrals
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('referrals are never deleted: withdraw them');
        CREATE TABLE state_referral_events (
            position bigserial PRIMARY KEY,
            referral_id text COLLATE "C" NOT NULL REFERENCES state_referrals(referral_id),
            version bigint NOT NULL,
            type text NOT NULL,
            data text NOT NULL,
            recorded_by text NOT NULL,
            recorded_at text NOT NULL,
            UNIQUE (referral_id, version));
        CREATE TRIGGER state_referral_events_append_only BEFORE UPDATE OR DELETE ON state_referral_events
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('referral events are append-only: corrections are new events');
        CREATE TRIGGER state_referral_events_truncate BEFORE TRUNCATE ON state_referral_events
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('referral events are append-only: nothing is deleted');
        CREATE TABLE state_messages_in (
            message_id text COLLATE "C" PRIMARY KEY,
            type text NOT NULL,
            sender text NOT NULL,
            receiver text NOT NULL,
            referral_id text NOT NULL,
            outcome text NOT NULL,
            at text NOT NULL);
        CREATE TRIGGER state_messages_in_append_only BEFORE UPDATE OR DELETE ON state_messages_in
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('received messages are append-only');
        CREATE TRIGGER state_messages_in_truncate BEFORE TRUNCATE ON state_messages_in
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('received messages are append-only');
        CREATE TABLE state_outbox (
            position bigserial PRIMARY KEY,
            message_id text COLLATE "C" NOT NULL UNIQUE,
            type text NOT NULL,
            sender text NOT NULL,
            receiver text NOT NULL,
            referral_id text NOT NULL,
            message text NOT NULL);
        CREATE INDEX state_outbox_sender ON state_outbox(sender, position);
        CREATE TRIGGER state_outbox_append_only BEFORE UPDATE OR DELETE ON state_outbox
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('sent messages are append-only');
        CREATE TRIGGER state_outbox_truncate BEFORE TRUNCATE ON state_outbox
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('sent messages are append-only');
        CREATE TABLE state_outbox_exports (
            position bigserial PRIMARY KEY,
            message_id text COLLATE "C" NOT NULL REFERENCES state_outbox(message_id),
            target text NOT NULL,
            at text NOT NULL);
        CREATE INDEX state_outbox_exports_message ON state_outbox_exports(message_id);
        CREATE TRIGGER state_outbox_exports_append_only BEFORE UPDATE OR DELETE ON state_outbox_exports
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('the export log is append-only');
        CREATE TRIGGER state_outbox_exports_truncate BEFORE TRUNCATE ON state_outbox_exports
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('the export log is append-only');
        CREATE TABLE state_facilities (
            facility_id text COLLATE "C" NOT NULL,
            valid_from text COLLATE "C" NOT NULL,
            name text NOT NULL,
            kind text NOT NULL,
            owner text NOT NULL,
            region text NOT NULL,
            places integer NOT NULL CHECK (places > 0),
            day_price text NOT NULL,
            institution_type text,
            recorded_by text NOT NULL,
            recorded_at text NOT NULL,
            PRIMARY KEY (facility_id, valid_from));
        CREATE TRIGGER state_facilities_append_only BEFORE UPDATE OR DELETE ON state_facilities
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('facility versions are append-only: add a new version');
        CREATE TRIGGER state_facilities_truncate BEFORE TRUNCATE ON state_facilities
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('facility versions are append-only');
        """;

    /// <summary>Migration 29: the web key ring (append-only), as <see cref="Security.SqliteKeyRingStore.Schema"/>.</summary>
    public const string KeyRing = """
        CREATE TABLE IF NOT EXISTS web_keys (
            position bigserial PRIMARY KEY,
            name text NOT NULL,
            xml text NOT NULL,
            stored_at text NOT NULL);
        CREATE TRIGGER web_keys_append_only BEFORE UPDATE OR DELETE ON web_keys
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('the web key ring is append-only: a key is revoked by a new element');
        CREATE TRIGGER web_keys_truncate BEFORE TRUNCATE ON web_keys
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('the web key ring is append-only');
        """;

    /// <summary>Migration 10: the web login lockout (a counter, not a record: not append-only).</summary>
    public const string LoginLockout = """
        CREATE TABLE login_lockouts (
            user_key text PRIMARY KEY,
            failures integer NOT NULL CHECK (failures >= 0),
            locked_until text COLLATE "C",
            updated_at text NOT NULL);
        """;

    /// <summary>Migration 11: persons on cases (append-only versions, a person stays on one case).</summary>
    public const string Parties = """
        CREATE TABLE case_persons (
            seq bigserial UNIQUE,
            person_id text COLLATE "C" NOT NULL,
            version integer NOT NULL,
            case_id text COLLATE "C" NOT NULL,
            municipality text NOT NULL,
            role text NOT NULL CHECK (role IN ('child', 'parent', 'guardian', 'reporter', 'other')),
            name text NOT NULL,
            identifier text,
            address text,
            protection text NOT NULL CHECK (protection IN ('none', 'confidential', 'strictly-confidential', 'strictly-confidential-abroad')),
            parental_responsibility integer NOT NULL,
            report_id text,
            anonymity_requested integer NOT NULL,
            party_reason text,
            recorded_by text NOT NULL,
            recorded_at text NOT NULL,
            PRIMARY KEY (person_id, version));
        CREATE INDEX case_persons_case ON case_persons(case_id);
        CREATE TRIGGER case_persons_update BEFORE UPDATE ON case_persons
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('case persons are append-only: record a new version');
        CREATE TRIGGER case_persons_delete BEFORE DELETE ON case_persons
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('case persons are append-only: nothing is deleted');
        CREATE TRIGGER case_persons_truncate BEFORE TRUNCATE ON case_persons
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('case persons are append-only: nothing is deleted');
        CREATE FUNCTION vern_case_persons_same_case() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM case_persons WHERE person_id = NEW.person_id AND case_id <> NEW.case_id) THEN
                RAISE EXCEPTION 'a case person belongs to one case';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER case_persons_same_case BEFORE INSERT ON case_persons
            FOR EACH ROW EXECUTE FUNCTION vern_case_persons_same_case();
        """;
}
