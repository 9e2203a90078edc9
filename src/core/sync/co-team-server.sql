-- co-team-server.sql: what --init-team-server installs in the team's PostgreSQL database, in one
-- transaction: the schema "communityops", its three group roles and their grants, row-level
-- security, and the functions a push goes through. There is no server program: PostgreSQL
-- enforces every right here, whatever client a teammate connects with.
--
-- @OWNER@, @EDITOR@ and @VIEWER@ are the team's group roles (quoted identifiers), @DATABASE@ the
-- database (a quoted identifier); co-team-server.c puts them in.
--
-- The data travels as records: one row per record of the workspace (a group, a member, a plan's
-- activity, ...), named by its kind (the JSON exchange's table name) and its key (its uuid, or
-- the uuids that make it up), with its fields as JSON. Each change to a record is a row of
-- "changes", numbered in the order the server received it; a teammate's app pulls the changes
-- after the last one it has. A change carries only the fields it changes, so that two people
-- editing different fields of one record both keep theirs.

CREATE SCHEMA communityops;
REVOKE ALL ON SCHEMA communityops FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE @DATABASE@ FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE @DATABASE@ TO @OWNER@, @EDITOR@, @VIEWER@;
GRANT USAGE ON SCHEMA communityops TO @OWNER@, @EDITOR@, @VIEWER@;

-- What this server is: "schema_version", "workspace" (the workspace's uuid once the first
-- teammate uploads one), and the names of the three roles.
CREATE TABLE communityops.meta (
  key   text PRIMARY KEY,
  value text NOT NULL);

-- The team: one row per login. An editor's "groups" limits the groups they may change (NULL:
-- every group); owners and viewers have none.
CREATE TABLE communityops.team (
  login    name PRIMARY KEY,
  role     text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
  groups   uuid[] CHECK (groups IS NULL OR role = 'editor'),
  added_by name NOT NULL DEFAULT current_user,
  added_at timestamptz NOT NULL DEFAULT now());

-- Each record as it is now. "stamps" says, for each field, the change that set it last:
-- {"name": {"seq": 12, "by": "zhang", "at": "2026-12-06T10:42:00Z"}}. A kind and a key are
-- compared byte by byte (COLLATE "C"): they are names, never sorted for people, and a language's
-- collation makes the key's index much slower to fill (an upload 2.7× slower in zh_CN.UTF-8).
CREATE TABLE communityops.records (
  kind       text COLLATE "C" NOT NULL,
  key        text COLLATE "C" NOT NULL,
  group_uuid uuid,
  fields     jsonb NOT NULL DEFAULT '{}',
  stamps     jsonb NOT NULL DEFAULT '{}',
  deleted    boolean NOT NULL DEFAULT false,
  seq        bigint NOT NULL,
  PRIMARY KEY (kind, key));

-- Every change in the order the server received it. change_id is the sender's: a push re-sent
-- after a cut connection finds its change here and is applied once.
CREATE TABLE communityops.changes (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  change_id  uuid NOT NULL UNIQUE,
  kind       text NOT NULL,
  key        text NOT NULL,
  group_uuid uuid,
  fields     jsonb NOT NULL DEFAULT '{}',
  deleted    boolean,
  changed_by name NOT NULL DEFAULT current_user,
  changed_at timestamptz NOT NULL DEFAULT now());

-- What a change overwrote that a teammate had changed since the sender last pulled ("theirs",
-- by whom and when), or could not change because the record had been deleted.
CREATE TABLE communityops.conflicts (
  seq     bigint NOT NULL REFERENCES communityops.changes (seq),
  field   text NOT NULL,
  mine    jsonb,
  theirs  jsonb,
  theirs_by name,
  theirs_at timestamptz,
  deleted boolean NOT NULL DEFAULT false,
  PRIMARY KEY (seq, field));

-- ---- What follows is run again when --init-team-server upgrades an older version's server: it
-- ---- replaces every function, grant, policy and trigger (the tables above stay).
SET LOCAL client_min_messages = warning;  -- no notice for each "DROP ... IF EXISTS" of a new server

-- Whether the connected login may change records of the group @group_uuid (NULL: a record of
-- the whole workspace, which only owners and editors of every group may change).
CREATE OR REPLACE FUNCTION communityops.may_write (group_uuid uuid) RETURNS boolean
  LANGUAGE sql STABLE
  SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT coalesce ((SELECT t.role = 'owner'
                             OR (t.role = 'editor' AND (t.groups IS NULL OR group_uuid = ANY (t.groups)))
                      FROM communityops.team t WHERE t.login = current_user), false)
  $$;

CREATE OR REPLACE FUNCTION communityops.is_member () RETURNS boolean
  LANGUAGE sql STABLE
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM communityops.team t WHERE t.login = current_user) $$;

-- The first upload's change while the transaction that made it writes its records: the first
-- change of all, of the kind "workspace", made by this very transaction (NULL otherwise).
CREATE OR REPLACE FUNCTION communityops.upload_seq () RETURNS bigint
  LANGUAGE sql STABLE
  SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT c.seq FROM (SELECT seq, kind, xmin FROM communityops.changes ORDER BY seq LIMIT 1) c
      WHERE c.kind = 'workspace' AND c.xmin = pg_current_xact_id ()::xid
  $$;

GRANT SELECT ON communityops.meta, communityops.team, communityops.records, communityops.changes,
                communityops.conflicts
  TO @OWNER@, @EDITOR@, @VIEWER@;
GRANT INSERT, UPDATE ON communityops.records TO @OWNER@, @EDITOR@;
GRANT INSERT ON communityops.changes, communityops.conflicts TO @OWNER@, @EDITOR@;
GRANT INSERT, UPDATE, DELETE ON communityops.team TO @OWNER@;
GRANT UPDATE ON communityops.meta TO @OWNER@;

-- Row-level security, forced on the tables' owner too: the rights hold for whoever connects,
-- with the app or with psql. (Superusers bypass it, as always in PostgreSQL.)
-- A policy is checked on every row: what does not depend on the row is a subquery, which
-- PostgreSQL computes once per statement (an upload or a download has a million rows). A login
-- that may change every group, may_write (NULL), needs no check of each row's group.
ALTER TABLE communityops.records ENABLE ROW LEVEL SECURITY;
ALTER TABLE communityops.records FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS records_read ON communityops.records;
CREATE POLICY records_read ON communityops.records FOR SELECT USING ((SELECT communityops.is_member ()));
-- A record is written only as its change says, so that what the server holds is what teammates
-- pull, whoever writes it and however (psql included): a new record is its change's fields, and
-- a changed one (records_follow_change below) its fields before with the change's over them.
-- The exception is the first upload, in the transaction that made it: its records are the
-- workspace, which the next teammates download rather than pull.
DROP POLICY IF EXISTS records_add ON communityops.records;
CREATE POLICY records_add ON communityops.records FOR INSERT
  WITH CHECK (((SELECT communityops.may_write (NULL)) OR communityops.may_write (group_uuid))
              AND (seq = (SELECT communityops.upload_seq ())
                   OR EXISTS (SELECT 1 FROM communityops.changes c
                              WHERE c.seq = records.seq AND c.kind = records.kind AND c.key = records.key
                                AND c.group_uuid IS NOT DISTINCT FROM records.group_uuid
                                AND records.deleted = coalesce (c.deleted, false)
                                AND records.fields = CASE WHEN c.deleted THEN '{}' ELSE c.fields END)));
DROP POLICY IF EXISTS records_change ON communityops.records;
CREATE POLICY records_change ON communityops.records FOR UPDATE
  USING (communityops.may_write (group_uuid)) WITH CHECK (communityops.may_write (group_uuid));

CREATE OR REPLACE FUNCTION communityops.records_follow_change () RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  c communityops.changes;
BEGIN
  SELECT * INTO c FROM communityops.changes ch WHERE ch.seq = NEW.seq;
  IF NOT FOUND OR NEW.seq <= OLD.seq OR NEW.kind <> OLD.kind OR NEW.key <> OLD.key
     OR c.kind <> NEW.kind OR c.key <> NEW.key OR c.group_uuid IS DISTINCT FROM NEW.group_uuid
     OR NEW.deleted IS DISTINCT FROM coalesce (c.deleted, OLD.deleted)
     OR NEW.fields IS DISTINCT FROM OLD.fields || (CASE WHEN c.deleted THEN '{}' ELSE c.fields END) THEN
    RAISE insufficient_privilege USING MESSAGE = 'a record changes only as a change says: call communityops.push';
  END IF;
  RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS records_follow_change ON communityops.records;
CREATE TRIGGER records_follow_change BEFORE UPDATE ON communityops.records
  FOR EACH ROW EXECUTE FUNCTION communityops.records_follow_change ();

-- And the other way: a change that teammates will pull has written its record by the commit
-- (the record is at that change or a later one), unless it changes nothing (an edit of a deleted
-- record, listed as a conflict) or is the first upload.
CREATE OR REPLACE FUNCTION communityops.changes_written () RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF NEW.kind = 'workspace' OR (NEW.fields = '{}' AND NEW.deleted IS NULL)
     OR EXISTS (SELECT 1 FROM communityops.records r WHERE r.kind = NEW.kind AND r.key = NEW.key AND r.seq >= NEW.seq) THEN
    RETURN NULL;
  END IF;
  RAISE insufficient_privilege USING MESSAGE = 'a change is made with its record: call communityops.push';
END
$$;
DROP TRIGGER IF EXISTS changes_written ON communityops.changes;
CREATE CONSTRAINT TRIGGER changes_written AFTER INSERT ON communityops.changes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION communityops.changes_written ();

-- A change is the caller's own, made now, numbered by the server: a number chosen by hand
-- (OVERRIDING SYSTEM VALUE) could make teammates' pulls skip changes.
ALTER TABLE communityops.changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE communityops.changes FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS changes_read ON communityops.changes;
CREATE POLICY changes_read ON communityops.changes FOR SELECT USING ((SELECT communityops.is_member ()));
DROP POLICY IF EXISTS changes_add ON communityops.changes;
CREATE POLICY changes_add ON communityops.changes FOR INSERT
  WITH CHECK (communityops.may_write (group_uuid) AND changed_by = current_user AND changed_at = now ()
              AND seq = currval (pg_get_serial_sequence ('communityops.changes', 'seq')));
GRANT USAGE ON SEQUENCE communityops.changes_seq_seq TO @OWNER@, @EDITOR@;

ALTER TABLE communityops.conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE communityops.conflicts FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS conflicts_read ON communityops.conflicts;
CREATE POLICY conflicts_read ON communityops.conflicts FOR SELECT USING ((SELECT communityops.is_member ()));
DROP POLICY IF EXISTS conflicts_add ON communityops.conflicts;
CREATE POLICY conflicts_add ON communityops.conflicts FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM communityops.changes c
                      WHERE c.seq = conflicts.seq AND c.changed_by = current_user));

-- Teammates are told a change has arrived: LISTEN communityops.
CREATE OR REPLACE FUNCTION communityops.announce () RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$ BEGIN PERFORM pg_notify ('communityops', ''); RETURN NULL; END $$;
DROP TRIGGER IF EXISTS changes_announce ON communityops.changes;
CREATE TRIGGER changes_announce AFTER INSERT ON communityops.changes
  FOR EACH STATEMENT EXECUTE FUNCTION communityops.announce ();

-- Applies one change, once, and returns its number. @base_seq is the last change the sender had
-- pulled: a field a teammate changed after it is overwritten (the last received wins) and listed
-- in "conflicts". @deleted is true to delete the record, false to restore it, NULL to leave it.
-- An edit of a deleted record is not applied: the delete wins, and the edit's fields are listed,
-- so that the sender can restore it. It runs with the caller's rights: the grants and the
-- policies above decide, not this code.
CREATE OR REPLACE FUNCTION communityops.push (change_id uuid, kind text, key text, group_uuid uuid,
                                   fields jsonb, base_seq bigint, deleted boolean)
  RETURNS bigint
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  rec communityops.records;
  new_seq bigint;
  dropped boolean;
  stamp jsonb;
  field text;
  value jsonb;
  new_fields jsonb := '{}';
  new_stamps jsonb := '{}';
  now_stamp jsonb;
BEGIN
  -- One push at a time: changes are numbered in the order they commit, so a pull that has
  -- seen change N has seen every change before it; and the record read below stays as it is
  -- until the change is written. The mode needs UPDATE: a viewer cannot hold it.
  LOCK TABLE communityops.records IN SHARE ROW EXCLUSIVE MODE;
  SELECT c.seq INTO new_seq FROM communityops.changes c WHERE c.change_id = push.change_id;
  IF FOUND THEN
    RETURN new_seq;
  END IF;
  SELECT * INTO rec FROM communityops.records r WHERE r.kind = push.kind AND r.key = push.key;
  dropped := rec.key IS NOT NULL AND rec.deleted AND push.deleted IS DISTINCT FROM false;

  INSERT INTO communityops.changes (change_id, kind, key, group_uuid, fields, deleted)
    VALUES (push.change_id, push.kind, push.key, coalesce (push.group_uuid, rec.group_uuid),
            CASE WHEN dropped THEN '{}' ELSE push.fields END, CASE WHEN dropped THEN NULL ELSE push.deleted END)
    RETURNING changes.seq INTO new_seq;

  IF dropped THEN
    INSERT INTO communityops.conflicts (seq, field, mine, theirs_by, theirs_at, deleted)
      SELECT new_seq, f.key, f.value, rec.stamps -> '' ->> 'by', (rec.stamps -> '' ->> 'at')::timestamptz, true
      FROM jsonb_each (push.fields) f;
    RETURN new_seq;
  END IF;

  now_stamp := jsonb_build_object ('seq', new_seq, 'by', current_user, 'at', now ());
  FOR field, value IN SELECT * FROM jsonb_each (push.fields) LOOP
    stamp := rec.stamps -> field;
    IF stamp IS NOT NULL AND (stamp ->> 'seq')::bigint > push.base_seq
       AND stamp ->> 'by' <> current_user AND rec.fields -> field IS DISTINCT FROM value THEN
      INSERT INTO communityops.conflicts (seq, field, mine, theirs, theirs_by, theirs_at)
        VALUES (new_seq, field, value, rec.fields -> field, stamp ->> 'by', (stamp ->> 'at')::timestamptz);
    END IF;
    IF push.deleted IS NOT TRUE THEN
      new_fields := new_fields || jsonb_build_object (field, value);
      new_stamps := new_stamps || jsonb_build_object (field, now_stamp);
    END IF;
  END LOOP;
  IF push.deleted IS NOT NULL THEN
    -- A delete (or a restore) is stamped as the record's field "".
    new_stamps := new_stamps || jsonb_build_object ('', now_stamp);
  END IF;
  -- What a delete throws away is listed too: the edits a teammate made since the sender's pull.
  IF push.deleted IS TRUE AND rec.key IS NOT NULL THEN
    INSERT INTO communityops.conflicts (seq, field, theirs, theirs_by, theirs_at)
      SELECT new_seq, s.key, rec.fields -> s.key, s.value ->> 'by', (s.value ->> 'at')::timestamptz
      FROM jsonb_each (rec.stamps) s
      WHERE s.key <> '' AND (s.value ->> 'seq')::bigint > push.base_seq AND s.value ->> 'by' <> current_user
      ON CONFLICT DO NOTHING;
  END IF;

  IF rec.key IS NULL THEN
    INSERT INTO communityops.records (kind, key, group_uuid, fields, stamps, deleted, seq)
      VALUES (push.kind, push.key, push.group_uuid, new_fields, new_stamps, coalesce (push.deleted, false), new_seq);
  ELSE
    UPDATE communityops.records r
      SET group_uuid = coalesce (push.group_uuid, r.group_uuid), fields = r.fields || new_fields,
          stamps = r.stamps || new_stamps, deleted = coalesce (push.deleted, r.deleted), seq = new_seq
      WHERE r.kind = push.kind AND r.key = push.key;
    IF NOT FOUND THEN
      -- The record belongs to a group the caller may not change: the policy hid the row.
      RAISE insufficient_privilege USING MESSAGE = 'permission denied for the group of this record';
    END IF;
  END IF;
  RETURN new_seq;
END
$$;

-- The first teammate's workspace, all at once: the client COPYs its records into the temporary
-- table pg_temp.upload (kind, key, group_uuid, fields, deleted) and calls this, which writes them
-- in one statement. The upload is one change (kind "workspace", keyed by the workspace's uuid)
-- that every record points to: nobody pulls it (the uploader has the records, the next teammates
-- download them, a kind's records in the order they were sent), and a change per record would
-- write everything twice, with a million random change ids. The client sends them in the order
-- of the primary key, which then fills page after page. Only into a team that holds no workspace
-- yet; the grants and policies decide as for a push: the change is of the whole workspace, which
-- only an owner or an editor of every group may make, and only an owner may name the workspace
-- in "meta". The workspace's uuid is the uploading file's: connecting again from it after a kill
-- finds its own upload there.
GRANT INSERT ON communityops.meta TO @OWNER@;
CREATE OR REPLACE FUNCTION communityops.upload (workspace uuid)
  RETURNS bigint
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  upload_seq bigint;
BEGIN
  LOCK TABLE communityops.records IN SHARE ROW EXCLUSIVE MODE;
  IF EXISTS (SELECT 1 FROM communityops.meta m WHERE m.key = 'workspace')
     OR EXISTS (SELECT 1 FROM communityops.changes) THEN
    RAISE unique_violation USING MESSAGE = 'the team server holds a workspace already';
  END IF;
  INSERT INTO communityops.meta (key, value) VALUES ('workspace', workspace::text);
  INSERT INTO communityops.changes (change_id, kind, key)
    VALUES (gen_random_uuid (), 'workspace', workspace::text)
    RETURNING changes.seq INTO upload_seq;
  INSERT INTO communityops.records (kind, key, group_uuid, fields, deleted, seq)
    SELECT u.kind, u.key, u.group_uuid, u.fields, u.deleted, upload_seq FROM pg_temp.upload u;
  RETURN upload_seq;
END
$$;

-- A batch of changes in one call, each applied by communityops.push in the array's order: one
-- round trip for hundreds of changes. A change the server does not take (rights, a value it
-- refuses) is rolled back alone and returned with the reason; the others are applied. Each
-- element: {"change_id", "kind", "key", "group_uuid", "fields", "base_seq", "deleted"}.
CREATE OR REPLACE FUNCTION communityops.push_batch (changes jsonb)
  RETURNS TABLE (change_id uuid, seq bigint, refused text)
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  c jsonb;
BEGIN
  FOR c IN SELECT e.value FROM jsonb_array_elements (changes) WITH ORDINALITY e ORDER BY e.ordinality LOOP
    change_id := (c ->> 'change_id')::uuid;
    seq := NULL;
    refused := NULL;
    BEGIN
      seq := communityops.push (change_id, c ->> 'kind', c ->> 'key', (c ->> 'group_uuid')::uuid,
                                coalesce (c -> 'fields', '{}'), (c ->> 'base_seq')::bigint,
                                (c ->> 'deleted')::boolean);
    EXCEPTION WHEN OTHERS THEN
      refused := SQLERRM;
    END;
    RETURN NEXT;
  END LOOP;
END
$$;
