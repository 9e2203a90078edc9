/* co-store.c: opening, migrating and writing the workspace database.
 *
 * The file is checked before SQLite touches it (magic bytes, writability, schema version), so
 * a wrong or newer file is refused with its bytes unchanged. Writes nest through savepoints,
 * and ::changed reaches listeners only once the outermost commit has succeeded.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/formats/co-names.h"
#include "core/store/co-backup-file.h"
#include "core/store/co-store-private.h"

/* 'CoOp' in the file header: tells our databases from other programs' SQLite files. */
#define CO_APPLICATION_ID 0x436F4F70
#define SQLITE_HEADER_SIZE 100

struct _CoStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;  /* SQL text → sqlite3_stmt */
  GHashTable *recent;      /* SQL text pointer → sqlite3_stmt: hashing the text costs more */
  GHashTable *spares;      /* cached sqlite3_stmt → GPtrArray of more of the same, for nested use */
  guint       depth;       /* open transaction levels */
  gboolean    rolled_back_busy;  /* the last rollback undid a write refused for another's lock */
  gint64      n_replaced;  /* co_store_replace_with() calls, for co_store_write_mark() */
  GArray     *changes;     /* PendingChange, emitted on the outermost commit */
  guint       n_statements; /* run on db since co_store_count_statements(), for tests */
  gboolean    rekey_pending; /* sort keys of another language left to co_store_rekey_names_step() */
  gint64      rekeyed_to;   /* the members up to this id have the language's sort keys */
  gboolean    rekeying;     /* co_store_rekey_names_in_background() under way */
  gboolean    begin_refused; /* the last outermost co_store_begin() found the write lock taken */
};

/* How long the window's connection waits for another's write lock. */
#define BUSY_TIMEOUT_MS 5000
#define UPGRADE_BUSY_TIMEOUT_MS 60000

typedef struct
{
  GQuark table;
  gint64 group_id;
} PendingChange;

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_TYPE (CoStore, co_store, G_TYPE_OBJECT)

/* Whether @haystack holds @needle, ignoring ASCII case; @needle is already lower case. */
static gboolean
contains_folded (const char *haystack,
                 int         length,
                 const char *needle,
                 int         needle_length)
{
  for (int i = 0; i + needle_length <= length; i++)
    {
      int j = 0;

      while (j < needle_length && g_ascii_tolower (haystack[i + j]) == needle[j])
        j++;
      if (j == needle_length)
        return TRUE;
    }
  return FALSE;
}

/* co_contains(needle, text, …): 1 when any text holds the lower-case needle, ignoring ASCII case.
 * One call per row instead of a LIKE per column: a search as you type over a million members
 * reads the search index and little else. */
static void
contains_function (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  const char *needle = (const char *) sqlite3_value_text (argv[0]);
  int needle_length = sqlite3_value_bytes (argv[0]);

  for (int i = 1; needle != NULL && i < argc; i++)
    {
      const char *text = (const char *) sqlite3_value_text (argv[i]);
      if (text != NULL && contains_folded (text, sqlite3_value_bytes (argv[i]), needle, needle_length))
        {
          sqlite3_result_int (context, 1);
          return;
        }
    }
  sqlite3_result_int (context, 0);
}

/* co_sort_key(name): the bytes that order names as the user's language does (co-names.h). */
static void
sort_key_function (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  const char *name = (const char *) sqlite3_value_text (argv[0]);
  gsize length;
  guint8 *key;

  if (name == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  if ((key = co_names_sort_key (name, &length)) == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_blob (context, key, (int) length, g_free);
}

/* co_pinyin(nickname, real_name): what a pinyin search of the member matches, or NULL. */
static void
pinyin_function (sqlite3_context  *context,
                 int               argc,
                 sqlite3_value   **argv)
{
  g_autofree char *nickname = co_names_pinyin ((const char *) sqlite3_value_text (argv[0]));
  g_autofree char *real_name = co_names_pinyin ((const char *) sqlite3_value_text (argv[1]));

  if (nickname == NULL && real_name == NULL)
    sqlite3_result_null (context);
  else if (nickname == NULL || real_name == NULL)
    sqlite3_result_text (context, nickname ? g_steal_pointer (&nickname) : g_steal_pointer (&real_name), -1, g_free);
  else
    sqlite3_result_text (context, g_strconcat (nickname, "|", real_name, NULL), -1, g_free);
}

/* COLLATE co_names: texts in the language's order, for sorting by a column that has no sort key
 * of its own (a few thousand rows of a group, or a worker's sort of more). */
static int
names_collation (void       *data,
                 int         a_length,
                 const void *a,
                 int         b_length,
                 const void *b)
{
  return co_names_compare_len (a, a_length, b, b_length);
}

/* co_names_locale(): the language co_sort_key() orders by. */
static void
names_locale_function (sqlite3_context  *context,
                       int               argc,
                       sqlite3_value   **argv)
{
  sqlite3_result_text (context, co_names_get_locale (), -1, SQLITE_TRANSIENT);
}

/* co_base64(bytes) and co_unbase64(text): a BLOB (a library image) as JSON text and back, for
 * the sync, whose changes are JSON. NULL stays NULL. */
static void
base64_function (sqlite3_context  *context,
                 int               argc,
                 sqlite3_value   **argv)
{
  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, g_base64_encode (sqlite3_value_blob (argv[0]), (gsize) sqlite3_value_bytes (argv[0])),
                         -1, g_free);
}

static void
unbase64_function (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  gsize length;
  guchar *bytes;

  if (sqlite3_value_type (argv[0]) != SQLITE_TEXT)
    {
      sqlite3_result_null (context);
      return;
    }
  bytes = g_base64_decode ((const char *) sqlite3_value_text (argv[0]), &length);
  sqlite3_result_blob64 (context, bytes, length, g_free);
}

/* The SQL functions every connection to a workspace has. The name functions depend on the
 * user's language, so they are not deterministic: no index holds them, only stored columns. */
static void
add_functions (sqlite3 *db)
{
  sqlite3_create_function (db, "co_contains", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                           contains_function, NULL, NULL);
  sqlite3_create_function (db, "co_sort_key", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                           sort_key_function, NULL, NULL);
  sqlite3_create_function (db, "co_pinyin", 2, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                           pinyin_function, NULL, NULL);
  sqlite3_create_function (db, "co_names_locale", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                           names_locale_function, NULL, NULL);
  sqlite3_create_function (db, "co_base64", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                           base64_function, NULL, NULL);
  sqlite3_create_function (db, "co_unbase64", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                           unbase64_function, NULL, NULL);
  sqlite3_create_collation (db, "co_names", SQLITE_UTF8, NULL, names_collation);
}
G_DEFINE_QUARK (co-store-error-quark, co_store_error)

/* The members in the language's order with every searched column (migration 11). */
#define MEMBERS_SEARCH_INDEX \
  "CREATE INDEX members_search ON members (sort_key, nickname, real_name, contact, city, industry, source, pinyin);"

/* Fills in a new member's sort key and pinyin (migration 11); co_store_set_names_trigger(). */
#define NAMES_ADDED_TRIGGER \
  "CREATE TRIGGER IF NOT EXISTS members_names_added AFTER INSERT ON members WHEN NEW.sort_key IS NULL BEGIN" \
  "  UPDATE members SET sort_key = co_sort_key (NEW.nickname), pinyin = co_pinyin (NEW.nickname, NEW.real_name)" \
  "    WHERE id = NEW.id;" \
  "END;"

/* The members' substring index (migration 18), CO_MEMBERS_FTS_TEXT of each member: the
 * trigrams of every searched column, so that a search finds a rare name among a million without
 * reading them all (co-member-list.c). It holds its own copy of the text: a row is replaced or
 * removed by its id whether or not it was indexed yet, whichever of these and the names
 * triggers runs first. detail=none keeps it small: it says which rows hold a trigram, and the
 * search checks those rows as before. The members up to indexed_to are kept in step here; the
 * ones added since are indexed by co_member_search_index_step(), outside the writer's
 * transaction (an import of 100,000 members would take three times as long), and the search
 * reads them one by one meanwhile. */
/* A member added with an id of its own (a merge undone), one the index is past. Set aside with
 * the names trigger by a writer adding many new members (co_store_set_names_trigger()): its
 * mere presence made an import of 100,000 members 25 % more costly, and a new member's id is
 * always past the index's, which never outgrows the members' (members_fts_removed). */
#define MEMBERS_FTS_ADDED_TRIGGER \
  "CREATE TRIGGER IF NOT EXISTS members_fts_added AFTER INSERT ON members" \
  "  WHEN NEW.id <= (SELECT indexed_to FROM members_fts_state) BEGIN" \
  "  INSERT OR REPLACE INTO members_fts (rowid, text)" \
  "    SELECT id, " CO_MEMBERS_FTS_TEXT " FROM members WHERE id = NEW.id;" \
  "END;"
#define MEMBERS_FTS_TRIGGERS \
  MEMBERS_FTS_ADDED_TRIGGER \
  "CREATE TRIGGER members_fts_changed AFTER UPDATE OF nickname, real_name, contact, city, industry, source, pinyin" \
  "  ON members WHEN NEW.id <= (SELECT indexed_to FROM members_fts_state) AND" \
  "    (NEW.nickname IS NOT OLD.nickname OR NEW.real_name IS NOT OLD.real_name" \
  "     OR NEW.contact IS NOT OLD.contact OR NEW.city IS NOT OLD.city OR NEW.industry IS NOT OLD.industry" \
  "     OR NEW.source IS NOT OLD.source OR NEW.pinyin IS NOT OLD.pinyin) BEGIN" \
  "  INSERT OR REPLACE INTO members_fts (rowid, text)" \
  "    SELECT id, " CO_MEMBERS_FTS_TEXT " FROM members WHERE id = NEW.id;" \
  "END;" \
  "CREATE TRIGGER members_fts_removed AFTER DELETE ON members BEGIN" \
  "  DELETE FROM members_fts WHERE rowid = OLD.id;" \
  "  UPDATE members_fts_state SET indexed_to = (SELECT coalesce (max (id), 0) FROM members)" \
  "    WHERE indexed_to > (SELECT coalesce (max (id), 0) FROM members);" \
  "END;"

/* The columns every list of a plan has (migration 2). */
#define PLAN_LIST_COLUMNS \
  "  id         INTEGER PRIMARY KEY," \
  "  uuid       TEXT NOT NULL UNIQUE," \
  "  group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE," \
  "  position   INTEGER NOT NULL DEFAULT 0," \
  "  created_at TEXT NOT NULL," \
  "  updated_at TEXT NOT NULL," \
  "  deleted_at TEXT,"

/* The columns every workspace-wide list has (migration 3). */
#define TEAM_LIST_COLUMNS \
  "  id         INTEGER PRIMARY KEY," \
  "  uuid       TEXT NOT NULL UNIQUE," \
  "  position   INTEGER NOT NULL DEFAULT 0," \
  "  created_at TEXT NOT NULL," \
  "  updated_at TEXT NOT NULL," \
  "  deleted_at TEXT,"

/* A task follows its outcome (migration 17): made with it when this workspace lacks it (a
 * teammate's, or last week's in a workspace just downloaded), with the assignee an expansion
 * gives it (co-sop-tasks.c), and back to due when the outcome goes. */
#define SOP_OUTCOME_TASK(row) \
  " FROM sop_steps s LEFT JOIN memberships m ON m.group_id = s.group_id AND m.member_id = " row ".member_id" \
  " WHERE s.id = " row ".step_id AND (" row ".member_id IS NULL OR m.id IS NOT NULL)"
#define SOP_OUTCOME_TRIGGERS \
  "CREATE TRIGGER sop_outcome_added AFTER INSERT ON sop_outcomes BEGIN" \
  "  INSERT INTO sop_tasks (step_id, group_id, membership_id, activity_id, due_at, assignee_id, state, done_by," \
  "                         done_at, reason)" \
  "  SELECT s.id, s.group_id, m.id, NEW.activity_id, NEW.due_at," \
  "         coalesce (s.staff_id, (SELECT a.staff_id FROM assignments a WHERE a.group_id = s.group_id" \
  "                                  AND a.role_id = s.role_id AND a.deleted_at IS NULL AND a.staff_id IS NOT NULL" \
  "                                ORDER BY a.position LIMIT 1))," \
  "         NEW.state, NEW.done_by, NEW.done_at, NEW.reason" \
  SOP_OUTCOME_TASK ("NEW") \
  "  ON CONFLICT (step_id, ifnull (membership_id, 0), ifnull (activity_id, 0), due_at) DO UPDATE" \
  "    SET state = excluded.state, done_by = excluded.done_by, done_at = excluded.done_at, reason = excluded.reason;" \
  "END;" \
  "CREATE TRIGGER sop_outcome_changed AFTER UPDATE ON sop_outcomes BEGIN" \
  "  UPDATE sop_tasks SET state = NEW.state, done_by = NEW.done_by, done_at = NEW.done_at, reason = NEW.reason" \
  "    WHERE step_id = NEW.step_id AND due_at = NEW.due_at AND activity_id IS NEW.activity_id" \
  "      AND membership_id IS (SELECT m.id FROM memberships m WHERE m.group_id = sop_tasks.group_id" \
  "                              AND m.member_id = NEW.member_id);" \
  "END;" \
  "CREATE TRIGGER sop_outcome_removed AFTER DELETE ON sop_outcomes BEGIN" \
  "  UPDATE sop_tasks SET state = 'due', done_by = NULL, done_at = NULL, reason = NULL" \
  "    WHERE step_id = OLD.step_id AND due_at = OLD.due_at AND activity_id IS OLD.activity_id" \
  "      AND membership_id IS (SELECT m.id FROM memberships m WHERE m.group_id = sop_tasks.group_id" \
  "                              AND m.member_id = OLD.member_id);" \
  "END;"

/* migrations[i] takes a database from schema version i to i + 1. Never edit a released one:
 * add a new entry, and a test in test-store.c opens a file of every older version. */
/* Migration 19 → 20's summaries, written out by macros: 30 columns each. */
#define SPANS(X) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) \
  X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30)
#define SPAN_COLUMN(k) ", a" #k " INTEGER NOT NULL DEFAULT 0"
#define SPAN_SUM(k) ", sum (n * (gap >= " #k "))"
#define SPAN_PLUS(k) ", gap >= " #k
#define SPAN_MINUS(k) ", -(gap >= " #k ")"
#define SPAN_ADD(k) ", a" #k " = a" #k " + excluded.a" #k
/* Adds (PLUS) or takes away (MINUS) the active day @row of activity_days. */
#define SPAN_ROW(sign, row)                                                                     \
  "INSERT INTO activity_spans SELECT " row ".group_id, CAST (julianday (" row ".date) AS INTEGER)" \
  SPANS (SPAN_##sign) " FROM (SELECT coalesce (julianday (" row ".date) - julianday (" row ".prev_date), 1e9)" \
  " AS gap) WHERE 1 ON CONFLICT (group_id, day) DO UPDATE SET group_id = group_id" SPANS (SPAN_ADD) ";"
#define FIGURES(X) X(members_total) X(joined) X(left_members) X(active) X(messages) X(invites_sent) \
  X(invites_accepted) X(registrations) X(conversions) X(posts) X(participants) X(feedback) X(quality_feedback)
#define MONTH_COLUMN(f) ", s_" #f " INTEGER NOT NULL DEFAULT 0, d_" #f " INTEGER NOT NULL DEFAULT 0"
#define MONTH_SUM(f) ", coalesce (sum (" #f "), 0), sum ((" #f " IS NOT NULL) << (CAST (substr (date, 9, 2) AS INTEGER) - 1))"
#define MONTH_PLUS(f) ", coalesce (NEW." #f ", 0), (NEW." #f " IS NOT NULL) << (CAST (substr (NEW.date, 9, 2) AS INTEGER) - 1)"
#define MONTH_ADD(f) ", s_" #f " = s_" #f " + excluded.s_" #f ", d_" #f " = d_" #f " | excluded.d_" #f
#define MONTH_TAKE(f) ", s_" #f " = s_" #f " - coalesce (OLD." #f ", 0)," \
  " d_" #f " = d_" #f " & ~((OLD." #f " IS NOT NULL) << (CAST (substr (OLD.date, 9, 2) AS INTEGER) - 1))"
#define MONTH_ROW_PLUS                                                                          \
  "INSERT INTO daily_figure_months SELECT NEW.group_id, strftime ('%Y-%m-01', NEW.date)" FIGURES (MONTH_PLUS) \
  " WHERE 1 ON CONFLICT (group_id, month) DO UPDATE SET group_id = group_id" FIGURES (MONTH_ADD) ";"
#define MONTH_ROW_MINUS                                                                         \
  "UPDATE daily_figure_months SET group_id = group_id" FIGURES (MONTH_TAKE)                     \
  " WHERE group_id = OLD.group_id AND month = strftime ('%Y-%m-01', OLD.date);"

static const char * const migrations[] = {
  /* 0 → 1: groups */
  "PRAGMA application_id = 1131368304;"
  "CREATE TABLE groups ("
  "  id            INTEGER PRIMARY KEY,"
  "  uuid          TEXT NOT NULL UNIQUE,"
  "  name          TEXT NOT NULL CHECK (length(trim(name)) > 0),"
  "  slogan        TEXT NOT NULL DEFAULT '',"
  "  category      TEXT,"
  "  orientation   TEXT,"
  "  platform      TEXT,"
  "  stage         TEXT,"
  "  group_type    TEXT,"
  "  level         TEXT,"
  "  theme         TEXT,"
  "  founding_date TEXT CHECK (founding_date IS NULL OR date(founding_date) = founding_date),"
  /* Children outlive their parent: they move up to the top level. */
  "  parent_id     INTEGER REFERENCES groups (id) ON DELETE SET NULL,"
  "  archived      INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
  "  position      INTEGER NOT NULL DEFAULT 0,"
  "  created_at    TEXT NOT NULL,"
  "  updated_at    TEXT NOT NULL,"
  /* Deleting moves a group to the trash first, so that undo restores everything it owns. */
  "  deleted_at    TEXT"
  ");"
  "CREATE UNIQUE INDEX groups_name ON groups (name COLLATE NOCASE) WHERE deleted_at IS NULL;"
  "CREATE INDEX groups_parent ON groups (parent_id, position);",
  /* 1 → 2: the plan */
  "CREATE TABLE plans ("
  "  group_id           INTEGER PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,"
  "  mission            TEXT,"
  "  vision             TEXT,"
  "  development_plan   TEXT,"
  "  persona            TEXT,"
  "  existing_resources TEXT,"
  "  bond_driver        TEXT,"
  "  admission_fee      INTEGER CHECK (admission_fee >= 0),"  /* fen */
  "  min_purchase       INTEGER CHECK (min_purchase >= 0),"   /* fen */
  "  naming_rule        TEXT,"
  "  speech_rules       TEXT,"
  "  task_rules         TEXT,"
  "  penalties          TEXT,"
  "  answer_standard    TEXT,"
  "  newcomer_rule      TEXT,"
  "  principles         TEXT,"
  "  target_groups      INTEGER CHECK (target_groups >= 0),"
  "  target_size        INTEGER CHECK (target_size >= 0),"
  "  invite_batch       INTEGER CHECK (invite_batch >= 0),"
  "  quality_checks     TEXT,"
  "  updated_at         TEXT NOT NULL"
  ");"
  /* The choices a plan can hold several of: user sources, admission, value output, monetization. */
  "CREATE TABLE plan_selections ("
  "  group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  kind     TEXT NOT NULL,"
  "  keyword  TEXT NOT NULL,"
  "  PRIMARY KEY (group_id, kind, keyword)"
  ") WITHOUT ROWID;"
"CREATE TABLE survey_items (" PLAN_LIST_COLUMNS
  "  question TEXT,"
  "  findings TEXT);"
  "CREATE TABLE stage_rules (" PLAN_LIST_COLUMNS
  "  stage        TEXT NOT NULL,"
  "  strategy     TEXT,"
  "  rules        TEXT,"
  "  announcement TEXT,"
  "  UNIQUE (group_id, stage));"
  "CREATE TABLE type_rules (" PLAN_LIST_COLUMNS
  "  group_type    TEXT NOT NULL,"
  "  nickname_rule TEXT,"
  "  welcome       TEXT,"
  "  UNIQUE (group_id, group_type));"
  "CREATE TABLE content_items (" PLAN_LIST_COLUMNS
  "  slot    TEXT,"
  "  cadence TEXT,"
  "  weekday TEXT,"
  "  time    TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),"
  "  topic   TEXT,"
  "  owner   TEXT);"
  "CREATE TABLE activities (" PLAN_LIST_COLUMNS
  "  name       TEXT,"
  "  mode       TEXT,"
  "  start_date TEXT CHECK (start_date IS NULL OR date(start_date) = start_date),"
  "  end_date   TEXT CHECK (end_date IS NULL OR date(end_date) = end_date),"
  "  partner    TEXT,"
  "  owner      TEXT,"
  "  content    TEXT,"
  "  budget     INTEGER CHECK (budget >= 0));"  /* fen */
  /* A spend belongs to an activity, and to its group for change notices. */
  "CREATE TABLE activity_spends (" PLAN_LIST_COLUMNS
  "  activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,"
  "  date        TEXT CHECK (date IS NULL OR date(date) = date),"
  "  amount      INTEGER CHECK (amount >= 0),"  /* fen */
  "  note        TEXT);"
  "CREATE TABLE problems (" PLAN_LIST_COLUMNS
  "  date          TEXT CHECK (date IS NULL OR date(date) = date),"
  "  scope         TEXT,"
  "  problem       TEXT,"
  "  suggestion    TEXT,"
  "  status        TEXT NOT NULL DEFAULT 'open',"
  "  resolved_date TEXT CHECK (resolved_date IS NULL OR date(resolved_date) = resolved_date));"
  "CREATE TABLE goals (" PLAN_LIST_COLUMNS
  "  metric        TEXT,"
  "  custom_metric TEXT,"
  "  baseline      REAL,"
  "  baseline_date TEXT CHECK (baseline_date IS NULL OR date(baseline_date) = baseline_date),"
  "  target        REAL,"
  "  unit          TEXT,"
  "  deadline      TEXT CHECK (deadline IS NULL OR date(deadline) = deadline),"
  "  note          TEXT);"
  "CREATE TABLE checklist_tasks (" PLAN_LIST_COLUMNS
  "  phase    TEXT,"
  "  title    TEXT,"
  "  due_date TEXT CHECK (due_date IS NULL OR date(due_date) = due_date),"
  "  owner    TEXT,"
  "  done     INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)));"
  "CREATE INDEX survey_items_group ON survey_items (group_id, position);"
  "CREATE INDEX content_items_group ON content_items (group_id, position);"
  "CREATE INDEX activities_group ON activities (group_id, position);"
  "CREATE INDEX activity_spends_activity ON activity_spends (activity_id, position);"
  "CREATE INDEX problems_group ON problems (group_id, position);"
  "CREATE INDEX goals_group ON goals (group_id, position);"
  "CREATE INDEX checklist_tasks_group ON checklist_tasks (group_id, position);",

  /* 2 → 3: the team: roles, staff, who plays which role in which group, the duty roster, alt
   * accounts. Built-in roles are rows with a keyword; their names and responsibilities are
   * translated when shown, until the user writes their own. */
  "ALTER TABLE groups ADD COLUMN active_from TEXT"
  "  CHECK (active_from IS NULL OR active_from GLOB '[0-2][0-9]:[0-5][0-9]');"
  "ALTER TABLE groups ADD COLUMN active_until TEXT"
  "  CHECK (active_until IS NULL OR active_until GLOB '[0-2][0-9]:[0-5][0-9]');"
  "CREATE TABLE roles (" TEAM_LIST_COLUMNS
  "  name             TEXT,"
  "  kind             TEXT,"
  "  role_group       TEXT,"
  "  responsibilities TEXT,"
  "  frequency        TEXT,"
  "  builtin          TEXT UNIQUE);"
  "CREATE TABLE staff (" TEAM_LIST_COLUMNS
  "  name    TEXT,"
  "  contact TEXT,"
  "  notes   TEXT);"
  "CREATE TABLE alt_accounts (" TEAM_LIST_COLUMNS
  "  label               TEXT,"
  "  account             TEXT,"
  "  platform            TEXT,"
  "  identity            TEXT,"
  "  owner_id            INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  moments_category    TEXT,"
  "  daily_friend_target INTEGER CHECK (daily_friend_target >= 0),"
  "  notes               TEXT);"
  "CREATE TABLE alt_account_groups ("
  "  alt_id   INTEGER NOT NULL REFERENCES alt_accounts (id) ON DELETE CASCADE,"
  "  group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (alt_id, group_id)) WITHOUT ROWID;"
  "CREATE TABLE assignments (" PLAN_LIST_COLUMNS
  "  staff_id INTEGER REFERENCES staff (id) ON DELETE CASCADE,"
  "  role_id  INTEGER REFERENCES roles (id) ON DELETE CASCADE);"
  "CREATE TABLE shifts (" PLAN_LIST_COLUMNS
  "  staff_id   INTEGER REFERENCES staff (id) ON DELETE CASCADE,"
  "  weekday    TEXT,"
  "  start_time TEXT CHECK (start_time IS NULL OR start_time GLOB '[0-2][0-9]:[0-5][0-9]'),"
  "  end_time   TEXT CHECK (end_time IS NULL OR end_time GLOB '[0-2][0-9]:[0-5][0-9]'));"
  "CREATE INDEX assignments_group ON assignments (group_id, position);"
  "CREATE INDEX assignments_staff ON assignments (staff_id);"
  "CREATE INDEX shifts_group ON shifts (group_id, weekday, start_time);"
  /* A version 4 UUID, as g_uuid_string_random() makes them. */
  "INSERT INTO roles (uuid, position, created_at, updated_at, builtin, kind, role_group, frequency)"
  "  SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||"
  "         substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random() % 4), 1) ||"
  "         substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),"
  "         column1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
  "         column2, column3, column4, column5 FROM (VALUES"
  "    (0, 'group-admin', 'team', 'management', 'daily'),"
  "    (1, 'operator', 'team', 'management', 'daily'),"
  "    (2, 'copywriter', 'team', 'planning', 'daily'),"
  "    (3, 'owner', 'in-group', 'management', 'daily'),"
  "    (4, 'admin', 'in-group', 'management', 'daily'),"
  "    (5, 'expert', 'in-group', 'experts', 'weekly'),"
  "    (6, 'warm-up', 'in-group', 'planning', 'daily'),"
  "    (7, 'host', 'in-group', 'planning', 'weekly'),"
  "    (8, 'shill', 'in-group', 'shills', 'daily'),"
  "    (9, 'resourceful', 'in-group', 'experts', 'weekly'),"
  "    (10, 'joker', 'in-group', 'planning', 'daily'),"
  "    (11, 'newcomer', 'in-group', 'shills', 'weekly'),"
  "    (12, 'onlooker', 'in-group', 'shills', 'weekly'),"
  "    (13, 'organizer', 'in-group', 'planning', 'monthly'));",
  /* 3 → 4: members, their memberships of groups, tiers, per-member activity and the tier log.
   * A person is one row of members however many groups they are in; what differs by group (tier,
   * seed user, points, …) is in memberships. Indexes are only those the queries use: each one
   * slows an import of 100,000 rows. */
  "ALTER TABLE plans ADD COLUMN seed_target INTEGER CHECK (seed_target >= 0);"
  "CREATE TABLE tiers (" PLAN_LIST_COLUMNS
  "  name            TEXT,"
  "  min_points      INTEGER CHECK (min_points >= 0),"
  "  min_active_days INTEGER CHECK (min_active_days >= 0),"
  "  window_days     INTEGER CHECK (window_days > 0),"
  "  manual_only     INTEGER NOT NULL DEFAULT 0 CHECK (manual_only IN (0, 1)),"
  "  benefits        TEXT,"
  "  builtin         TEXT,"
  "  UNIQUE (group_id, builtin));"
  "CREATE INDEX tiers_group ON tiers (group_id, position);"
  "CREATE TABLE members ("
  "  id         INTEGER PRIMARY KEY,"
  "  uuid       TEXT NOT NULL,"
  "  nickname   TEXT NOT NULL CHECK (length(trim(nickname)) > 0),"
  "  real_name  TEXT,"
  "  city       TEXT,"
  "  industry   TEXT,"
  "  contact    TEXT,"
  "  source     TEXT,"
  "  notes      TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  /* In nickname order with every searched column: a search reads this index alone, in order,
   * instead of looking up a million rows one by one. */
  "CREATE INDEX members_search ON members (nickname, real_name, contact, city, industry, source);"
  "CREATE INDEX members_contact ON members (contact) WHERE contact IS NOT NULL;"
  "CREATE TABLE memberships ("
  "  id           INTEGER PRIMARY KEY,"
  "  member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,"
  "  group_id     INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  joined_date  TEXT CHECK (joined_date IS NULL OR date(joined_date) = joined_date),"
  "  left_date    TEXT CHECK (left_date IS NULL OR date(left_date) = left_date),"
  "  invited_date TEXT CHECK (invited_date IS NULL OR date(invited_date) = invited_date),"
  "  tier_id      INTEGER REFERENCES tiers (id) ON DELETE SET NULL,"
  /* Set by hand: the computation leaves the tier alone. */
  "  tier_manual  INTEGER NOT NULL DEFAULT 0 CHECK (tier_manual IN (0, 1)),"
  /* Active days in the tier's window when tiers were last computed: the tier's explanation. */
  "  active_days  INTEGER NOT NULL DEFAULT 0 CHECK (active_days >= 0),"
  "  seed         INTEGER NOT NULL DEFAULT 0 CHECK (seed IN (0, 1)),"
  "  core         INTEGER NOT NULL DEFAULT 0 CHECK (core IN (0, 1)),"
  "  replied_date TEXT CHECK (replied_date IS NULL OR date(replied_date) = replied_date),"
  "  replied_by   TEXT,"
  "  points       INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),"
  "  last_active  TEXT CHECK (last_active IS NULL OR date(last_active) = last_active),"
  "  created_at   TEXT NOT NULL,"
  "  updated_at   TEXT NOT NULL,"
  "  deleted_at   TEXT,"
  "  UNIQUE (group_id, member_id));"
  "CREATE INDEX memberships_member ON memberships (member_id);"
  /* group_id is the membership's, kept here so that the reports count a group's active members
   * per day from this table's index alone. */
  "CREATE TABLE member_activity ("
  "  id            INTEGER PRIMARY KEY,"
  "  membership_id INTEGER NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,"
  "  group_id      INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  date          TEXT NOT NULL CHECK (date(date) = date),"
  "  kind          TEXT NOT NULL CHECK (kind IN ('spoke', 'posted', 'attended', 'purchased')),"
  "  count         INTEGER NOT NULL DEFAULT 1 CHECK (count > 0));"
  "CREATE INDEX member_activity_membership ON member_activity (membership_id, date);"
  "CREATE INDEX member_activity_group ON member_activity (group_id, date, membership_id);"
  "CREATE TABLE tier_changes ("
  "  id            INTEGER PRIMARY KEY,"
  "  membership_id INTEGER NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,"
  "  date          TEXT NOT NULL CHECK (date(date) = date),"
  "  from_tier_id  INTEGER REFERENCES tiers (id) ON DELETE SET NULL,"
  "  to_tier_id    INTEGER REFERENCES tiers (id) ON DELETE SET NULL,"
  "  manual        INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)));"
  "CREATE INDEX tier_changes_membership ON tier_changes (membership_id, date);"
  /* The built-in tiers for the groups that exist; co_tiers_ensure() writes the same for new ones. */
  "INSERT INTO tiers (uuid, group_id, position, created_at, updated_at, builtin, min_points,"
  "                   min_active_days, window_days)"
  "  SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||"
  "         substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random() % 4), 1) ||"
  "         substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),"
  "         g.id, t.column1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
  "         t.column2, t.column3, t.column4, 30"
  "  FROM groups g, (VALUES (0, 'new', NULL, NULL), (1, 'active', NULL, 4), (2, 'core', 500, 12)) t;",

  /* 4 → 5: the daily figures of each group (日报表). A missing figure is NULL, not 0: the
   * reports must tell "none entered" from "none happened". */
  "CREATE TABLE daily_figures ("
  "  group_id         INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  date             TEXT NOT NULL CHECK (date(date) = date),"
  "  members_total    INTEGER CHECK (members_total >= 0),"
  "  joined           INTEGER CHECK (joined >= 0),"
  "  left_members     INTEGER CHECK (left_members >= 0),"
  "  active           INTEGER CHECK (active >= 0),"
  "  messages         INTEGER CHECK (messages >= 0),"
  "  invites_sent     INTEGER CHECK (invites_sent >= 0),"
  "  invites_accepted INTEGER CHECK (invites_accepted >= 0),"
  "  registrations    INTEGER CHECK (registrations >= 0),"
  "  conversions      INTEGER CHECK (conversions >= 0),"
  "  posts            INTEGER CHECK (posts >= 0),"
  "  participants     INTEGER CHECK (participants >= 0),"
  "  feedback         INTEGER CHECK (feedback >= 0),"
  "  quality_feedback INTEGER CHECK (quality_feedback >= 0),"
  "  updated_at       TEXT NOT NULL,"
  "  PRIMARY KEY (group_id, date)) WITHOUT ROWID;"
  "CREATE INDEX daily_figures_date ON daily_figures (date, group_id);",

  /* 5 → 6: an activity's start time, from which its announcements are scheduled (the evening
   * before, half a day before, one hour before); and the memberships of a group by joining day,
   * which retention reads for a period's joiners instead of every membership. */
  "ALTER TABLE activities ADD COLUMN start_time TEXT"
  "  CHECK (start_time IS NULL OR start_time GLOB '[0-2][0-9]:[0-5][0-9]');"
  /* The days each membership was active, with the active day before: distinct members over any
   * window are then a count without DISTINCT (a member counts once, on their first day in the
   * window: the one whose day before lies outside it). Kept by triggers, whoever writes. */
  "CREATE TABLE activity_days ("
  "  membership_id INTEGER NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,"
  "  date          TEXT NOT NULL,"
  "  group_id      INTEGER NOT NULL,"
  "  prev_date     TEXT,"
  "  rows          INTEGER NOT NULL CHECK (rows > 0),"  /* activity rows that day */
  "  PRIMARY KEY (membership_id, date)) WITHOUT ROWID;"
  "INSERT INTO activity_days (membership_id, date, group_id, prev_date, rows)"
  "  SELECT membership_id, date, group_id, lag (date) OVER (PARTITION BY membership_id ORDER BY date), n"
  "  FROM (SELECT membership_id, date, min (group_id) AS group_id, count (*) AS n FROM member_activity"
  "        GROUP BY membership_id, date);"
  "CREATE INDEX activity_days_group ON activity_days (group_id, date, prev_date);"
  /* Whether a member was active again 1, 7 and 30 days after joining: retention reads a period's
   * joiners from one index instead of looking for three activity days each. */
  "ALTER TABLE memberships ADD COLUMN returned_d1 INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE memberships ADD COLUMN returned_d7 INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE memberships ADD COLUMN returned_d30 INTEGER NOT NULL DEFAULT 0;"
  "UPDATE memberships SET"
  "  returned_d1 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = memberships.id"
  "                        AND a.date = date (memberships.joined_date, '+1 days')),"
  "  returned_d7 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = memberships.id"
  "                        AND a.date = date (memberships.joined_date, '+7 days')),"
  "  returned_d30 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = memberships.id"
  "                         AND a.date = date (memberships.joined_date, '+30 days'))"
  "  WHERE joined_date IS NOT NULL;"
  "CREATE INDEX memberships_joined ON memberships"
  "  (group_id, joined_date, deleted_at, returned_d1, returned_d7, returned_d30);"
  /* Seed users of a group, for Today's reply queue across every group. */
  "CREATE INDEX memberships_seed ON memberships (group_id, replied_date) WHERE seed = 1 AND deleted_at IS NULL;"
  "CREATE TRIGGER member_activity_added AFTER INSERT ON member_activity BEGIN"
  "  INSERT INTO activity_days (membership_id, date, group_id, prev_date, rows)"
  "    VALUES (NEW.membership_id, NEW.date, NEW.group_id,"
  "            (SELECT max (date) FROM activity_days WHERE membership_id = NEW.membership_id AND date < NEW.date), 1)"
  "    ON CONFLICT (membership_id, date) DO UPDATE SET rows = rows + 1;"
  "END;"
  "CREATE TRIGGER member_activity_removed AFTER DELETE ON member_activity BEGIN"
  "  DELETE FROM activity_days WHERE membership_id = OLD.membership_id AND date = OLD.date AND rows = 1;"
  "  UPDATE activity_days SET rows = rows - 1 WHERE membership_id = OLD.membership_id AND date = OLD.date;"
  "END;"
  "CREATE TRIGGER activity_day_added AFTER INSERT ON activity_days BEGIN"
  "  UPDATE activity_days SET prev_date = NEW.date WHERE membership_id = NEW.membership_id"
  "    AND date = (SELECT min (date) FROM activity_days WHERE membership_id = NEW.membership_id AND date > NEW.date);"
  "  UPDATE memberships SET returned_d1 = returned_d1 OR NEW.date = date (joined_date, '+1 days'),"
  "                         returned_d7 = returned_d7 OR NEW.date = date (joined_date, '+7 days'),"
  "                         returned_d30 = returned_d30 OR NEW.date = date (joined_date, '+30 days')"
  "    WHERE id = NEW.membership_id AND NEW.date > joined_date AND NEW.date <= date (joined_date, '+30 days');"
  "END;"
  "CREATE TRIGGER activity_day_removed AFTER DELETE ON activity_days BEGIN"
  "  UPDATE activity_days SET prev_date = OLD.prev_date WHERE membership_id = OLD.membership_id"
  "    AND date = (SELECT min (date) FROM activity_days WHERE membership_id = OLD.membership_id AND date > OLD.date);"
  "  UPDATE memberships SET"
  "    returned_d1 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = OLD.membership_id"
  "                          AND a.date = date (memberships.joined_date, '+1 days')),"
  "    returned_d7 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = OLD.membership_id"
  "                          AND a.date = date (memberships.joined_date, '+7 days')),"
  "    returned_d30 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = OLD.membership_id"
  "                           AND a.date = date (memberships.joined_date, '+30 days'))"
  "    WHERE id = OLD.membership_id;"
  "END;"
  "CREATE TRIGGER membership_joined_changed AFTER UPDATE OF joined_date ON memberships BEGIN"
  "  UPDATE memberships SET"
  "    returned_d1 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = NEW.id"
  "                          AND a.date = date (NEW.joined_date, '+1 days')),"
  "    returned_d7 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = NEW.id"
  "                          AND a.date = date (NEW.joined_date, '+7 days')),"
  "    returned_d30 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = NEW.id"
  "                           AND a.date = date (NEW.joined_date, '+30 days'))"
  "    WHERE id = NEW.id;"
  "END;",

  /* 6 → 7: members by uuid, which a JSON import matches people by. */
  "CREATE INDEX members_uuid ON members (uuid);",

  /* 7 → 8: what a chat import needs. A member's handles ("telegram:user123", "qq:123456"): one
   * handle is one member's, so that the next export finds them again. The keys of the chat events
   * a group has counted, so that re-importing an export, or a later one overlapping it, counts
   * nothing twice. */
  "CREATE TABLE member_handles ("
  "  handle    TEXT PRIMARY KEY,"
  "  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE"
  ") WITHOUT ROWID;"
  "CREATE INDEX member_handles_member ON member_handles (member_id);"
  "CREATE TABLE chat_messages ("
  "  group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  key      INTEGER NOT NULL,"
  "  PRIMARY KEY (group_id, key)"
  ") WITHOUT ROWID;",

  /* 8 → 9: check-in challenges (打卡) of a group, and who checked in on which day: once a day,
   * from the messages of a chat import, which are not kept. */
  "CREATE TABLE challenges (" PLAN_LIST_COLUMNS
  "  name       TEXT,"
  "  keywords   TEXT,"
  "  start_date TEXT CHECK (start_date IS NULL OR date(start_date) = start_date),"
  "  end_date   TEXT CHECK (end_date IS NULL OR date(end_date) = end_date),"
  "  points     INTEGER CHECK (points >= 0),"
  "  notes      TEXT);"
  "CREATE INDEX challenges_group ON challenges (group_id, position);"
  "CREATE TABLE challenge_checkins ("
  "  challenge_id  INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,"
  "  membership_id INTEGER NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,"
  "  date          TEXT NOT NULL CHECK (date(date) = date),"
  "  PRIMARY KEY (challenge_id, membership_id, date));"
  "CREATE INDEX challenge_checkins_membership ON challenge_checkins (membership_id, date);",

  /* 9 → 10: who brought a member into the group (the referral), where a chat export says who
   * invited them. */
  "ALTER TABLE memberships ADD COLUMN referrer_id INTEGER REFERENCES members (id) ON DELETE SET NULL;",

  /* 10 → 11: what the team writes about a member of a group: notes ("asked about the paid plan")
   * and follow-ups with a due date ("call back Friday"), which Today lists when due. The author
   * is one of the team when the workspace knows who is writing. */
  "CREATE TABLE member_notes ("
  "  id            INTEGER PRIMARY KEY,"
  "  uuid          TEXT NOT NULL UNIQUE,"
  "  membership_id INTEGER NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,"
  "  date          TEXT NOT NULL CHECK (date(date) = date),"
  "  body          TEXT NOT NULL CHECK (length(trim(body)) > 0),"
  "  author_id     INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  created_at    TEXT NOT NULL,"
  "  updated_at    TEXT NOT NULL,"
  "  deleted_at    TEXT);"
  "CREATE INDEX member_notes_membership ON member_notes (membership_id, date);"
  "CREATE TABLE follow_ups ("
  "  id            INTEGER PRIMARY KEY,"
  "  uuid          TEXT NOT NULL UNIQUE,"
  "  membership_id INTEGER NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,"
  "  body          TEXT NOT NULL CHECK (length(trim(body)) > 0),"
  "  due_date      TEXT NOT NULL CHECK (date(due_date) = due_date),"
  "  done_date     TEXT CHECK (done_date IS NULL OR date(done_date) = done_date),"
  "  author_id     INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  created_at    TEXT NOT NULL,"
  "  updated_at    TEXT NOT NULL,"
  "  deleted_at    TEXT);"
  "CREATE INDEX follow_ups_membership ON follow_ups (membership_id, due_date);"
  /* Today reads the open ones due by a day, across every group, from this index alone. */
  "CREATE INDEX follow_ups_open ON follow_ups (due_date) WHERE done_date IS NULL AND deleted_at IS NULL;",
  /* 11 → 12: duplicates and merging. A merged member's other nicknames and contacts (aliases),
   * which imports match like their own; the pairs a user said are not the same person; and each
   * merge with the rows as they were before it, which undo puts back. member_identities is the
   * one place that says which names and contacts a member answers to. */
  "CREATE TABLE member_aliases ("
  "  id        INTEGER PRIMARY KEY,"
  "  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,"
  "  kind      TEXT NOT NULL CHECK (kind IN ('nickname', 'contact')),"
  "  value     TEXT NOT NULL CHECK (length(trim(value)) > 0),"
  "  UNIQUE (member_id, kind, value));"
  "CREATE INDEX member_aliases_value ON member_aliases (kind, value);"
  "CREATE VIEW member_identities (member_id, kind, value) AS"
  "  SELECT id, 'nickname', nickname FROM members"
  "  UNION ALL SELECT id, 'contact', contact FROM members WHERE contact IS NOT NULL"
  "  UNION ALL SELECT member_id, kind, value FROM member_aliases;"
  "CREATE TABLE member_not_duplicates ("
  "  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,"
  "  other_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (member_id, other_id)) WITHOUT ROWID;"
  "CREATE INDEX member_not_duplicates_other ON member_not_duplicates (other_id);"
  "CREATE TABLE member_merges ("
  "  id              INTEGER PRIMARY KEY,"
  "  uuid            TEXT NOT NULL UNIQUE,"
  "  member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,"
  "  merged_nickname TEXT NOT NULL,"
  "  snapshot        TEXT NOT NULL,"
  "  created_at      TEXT NOT NULL);"
  "CREATE INDEX member_merges_member ON member_merges (member_id);"
  /* Who a member referred: a merge moves it, and deleting a member clears it, without reading
   * every membership. Few have one, so the index costs an import little. */
  "CREATE INDEX memberships_referrer ON memberships (referrer_id) WHERE referrer_id IS NOT NULL;",
  /* 12 → 13: tags in groups of tags (来源, 兴趣, 地区 …), the workspace's own list, set on people
   * (a person is from 深圳 in every group they are in); and segments, saved filters of members
   * whose criteria are JSON naming tags and tiers by uuid, so that they travel with them. A tag
   * or tag group deleted is gone with its uses: a segment naming it shows as broken. */
  "CREATE TABLE tag_groups ("
  "  id         INTEGER PRIMARY KEY,"
  "  uuid       TEXT NOT NULL UNIQUE,"
  "  position   INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  name       TEXT NOT NULL CHECK (length(trim(name)) > 0));"
  "CREATE TABLE tags ("
  "  id           INTEGER PRIMARY KEY,"
  "  uuid         TEXT NOT NULL UNIQUE,"
  "  tag_group_id INTEGER NOT NULL REFERENCES tag_groups (id) ON DELETE CASCADE,"
  "  position     INTEGER NOT NULL DEFAULT 0,"
  "  created_at   TEXT NOT NULL,"
  "  updated_at   TEXT NOT NULL,"
  "  name         TEXT NOT NULL CHECK (length(trim(name)) > 0));"
  "CREATE INDEX tags_group ON tags (tag_group_id, position);"
  /* By tag first: a segment finds a tag's people from this table alone. */
  "CREATE TABLE member_tags ("
  "  tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (tag_id, member_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX member_tags_member ON member_tags (member_id);"
  "CREATE TABLE segments ("
  "  id         INTEGER PRIMARY KEY,"
  "  uuid       TEXT NOT NULL UNIQUE,"
  "  position   INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),"
  "  filter     TEXT NOT NULL DEFAULT '{}');",
  /* 13 → 14: channels (来源渠道): the user's list of where members come from (a QR code, a poster,
   * a livestream, …), each with its own cost or an activity whose spends are its cost; and the
   * channel of each membership. The funnel's stages of each membership are kept here by
   * triggers, as returned_dN are, so that the funnel reads a period's joiners with their
   * channel, referrer and stages from one index. Activated: active on the day they joined or
   * the 7 after. Retained: active on a day from the 30th to the 60th after joining. Converted:
   * a purchase (the only registration-like event per member) on or after the day they joined. */
  "CREATE TABLE channels (" TEAM_LIST_COLUMNS
  "  name        TEXT,"
  "  kind        TEXT,"
  "  activity_id INTEGER REFERENCES activities (id) ON DELETE SET NULL,"
  "  cost        INTEGER CHECK (cost >= 0),"  /* fen */
  "  notes       TEXT);"
  "ALTER TABLE memberships ADD COLUMN channel_id INTEGER REFERENCES channels (id) ON DELETE SET NULL;"
  "ALTER TABLE memberships ADD COLUMN activated INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE memberships ADD COLUMN retained INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE memberships ADD COLUMN converted INTEGER NOT NULL DEFAULT 0;"
  "UPDATE memberships SET"
  "  activated = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = memberships.id"
  "                      AND a.date BETWEEN memberships.joined_date AND date (memberships.joined_date, '+7 days')),"
  "  retained = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = memberships.id"
  "                     AND a.date BETWEEN date (memberships.joined_date, '+30 days')"
  "                                    AND date (memberships.joined_date, '+60 days')),"
  "  converted = EXISTS (SELECT 1 FROM member_activity p WHERE p.membership_id = memberships.id"
  "                      AND p.kind = 'purchased' AND p.date >= memberships.joined_date)"
  "  WHERE joined_date IS NOT NULL;"
  /* Retention's index, widened for the funnel rather than a second one: each index of
   * memberships slows an import of 100,000 members. */
  "DROP INDEX memberships_joined;"
  "CREATE INDEX memberships_joined ON memberships (group_id, joined_date, deleted_at, returned_d1, returned_d7,"
  "  returned_d30, channel_id, referrer_id, activated, retained, converted);"
  /* One UPDATE of the membership per new active day, not two: an import of ten million activity
   * rows pays for each. The returned_dN part is migration 5 → 6's, unchanged (the wider window
   * cannot set them). */
  "DROP TRIGGER activity_day_added;"
  "CREATE TRIGGER activity_day_added AFTER INSERT ON activity_days BEGIN"
  "  UPDATE activity_days SET prev_date = NEW.date WHERE membership_id = NEW.membership_id"
  "    AND date = (SELECT min (date) FROM activity_days WHERE membership_id = NEW.membership_id AND date > NEW.date);"
  "  UPDATE memberships SET returned_d1 = returned_d1 OR NEW.date = date (joined_date, '+1 days'),"
  "                         returned_d7 = returned_d7 OR NEW.date = date (joined_date, '+7 days'),"
  "                         returned_d30 = returned_d30 OR NEW.date = date (joined_date, '+30 days'),"
  "                         activated = activated OR NEW.date <= date (joined_date, '+7 days'),"
  "                         retained = retained OR NEW.date >= date (joined_date, '+30 days')"
  "    WHERE id = NEW.membership_id AND NEW.date >= joined_date AND NEW.date <= date (joined_date, '+60 days');"
  "END;"
  "DROP TRIGGER activity_day_removed;"
  "CREATE TRIGGER activity_day_removed AFTER DELETE ON activity_days BEGIN"
  "  UPDATE activity_days SET prev_date = OLD.prev_date WHERE membership_id = OLD.membership_id"
  "    AND date = (SELECT min (date) FROM activity_days WHERE membership_id = OLD.membership_id AND date > OLD.date);"
  "  UPDATE memberships SET"
  "    returned_d1 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = OLD.membership_id"
  "                          AND a.date = date (memberships.joined_date, '+1 days')),"
  "    returned_d7 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = OLD.membership_id"
  "                          AND a.date = date (memberships.joined_date, '+7 days')),"
  "    returned_d30 = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = OLD.membership_id"
  "                           AND a.date = date (memberships.joined_date, '+30 days')),"
  "    activated = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = OLD.membership_id"
  "                        AND a.date BETWEEN memberships.joined_date AND date (memberships.joined_date, '+7 days')),"
  "    retained = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = OLD.membership_id"
  "                       AND a.date BETWEEN date (memberships.joined_date, '+30 days')"
  "                                      AND date (memberships.joined_date, '+60 days'))"
  "    WHERE id = OLD.membership_id;"
  "END;"
  "CREATE TRIGGER member_activity_purchase_added AFTER INSERT ON member_activity"
  "  WHEN NEW.kind = 'purchased' BEGIN"
  "  UPDATE memberships SET converted = 1 WHERE id = NEW.membership_id AND NEW.date >= joined_date;"
  "END;"
  "CREATE TRIGGER member_activity_purchase_removed AFTER DELETE ON member_activity"
  "  WHEN OLD.kind = 'purchased' BEGIN"
  "  UPDATE memberships SET"
  "    converted = EXISTS (SELECT 1 FROM member_activity p WHERE p.membership_id = OLD.membership_id"
  "                        AND p.kind = 'purchased' AND p.date >= memberships.joined_date)"
  "    WHERE id = OLD.membership_id;"
  "END;"
  "CREATE TRIGGER membership_funnel_joined_changed AFTER UPDATE OF joined_date ON memberships BEGIN"
  "  UPDATE memberships SET"
  "    activated = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = NEW.id"
  "                        AND a.date BETWEEN NEW.joined_date AND date (NEW.joined_date, '+7 days')),"
  "    retained = EXISTS (SELECT 1 FROM activity_days a WHERE a.membership_id = NEW.id"
  "                       AND a.date BETWEEN date (NEW.joined_date, '+30 days') AND date (NEW.joined_date, '+60 days')),"
  "    converted = EXISTS (SELECT 1 FROM member_activity p WHERE p.membership_id = NEW.id"
  "                        AND p.kind = 'purchased' AND p.date >= NEW.joined_date)"
  "    WHERE id = NEW.id;"
  "END;",

  /* 14 → 15: names in the user's language's order (pinyin in Chinese) and found by pinyin.
   * Each member keeps its nickname's ICU sort key and the pinyin of its names in columns of its
   * own, which the search index holds: sorting and searching read the index alone, as before.
   * Stored columns rather than an index on an expression: the key depends on the language,
   * and an index whose expression changes under it is a corrupt index. Triggers fill them in
   * for every writer and follow a change of name; the CSV import, which adds many members,
   * computes both in its INSERT and sets the trigger aside meanwhile: its mere presence made
   * an import of 100,000 members half as slow again (co_store_set_names_trigger ()).
   * The language the keys were computed for is
   * kept: opening the workspace in another one computes them again (co_store_open). A
   * nickname is looked up by its sort key and itself, through the same index: an index of
   * nicknames alone would cost an import of 100,000 members some 15 % more. */
  "ALTER TABLE members ADD COLUMN sort_key BLOB;"
  "ALTER TABLE members ADD COLUMN pinyin TEXT;"
  "DROP INDEX members_search;"
  "UPDATE members SET sort_key = co_sort_key (nickname), pinyin = co_pinyin (nickname, real_name);"
  MEMBERS_SEARCH_INDEX
  "CREATE TABLE names_collation (locale TEXT NOT NULL);"
  "INSERT INTO names_collation VALUES (co_names_locale ());"
  NAMES_ADDED_TRIGGER
  "CREATE TRIGGER members_names_changed AFTER UPDATE OF nickname, real_name ON members"
  "  WHEN NEW.nickname IS NOT OLD.nickname OR NEW.real_name IS NOT OLD.real_name BEGIN"
  "  UPDATE members SET sort_key = co_sort_key (NEW.nickname), pinyin = co_pinyin (NEW.nickname, NEW.real_name)"
  "    WHERE id = NEW.id;"
  "END;",
  /* 15 → 16: a group’s SOP (群SOP): timed steps, and the tasks they expand into. A task's due
   * moment is local wall-clock time "YYYY-MM-DD HH:MM"; a task sent or skipped is the user's
   * record and is never rewritten by a recomputation, which replaces only those still due. */
  "CREATE TABLE sop_steps (" PLAN_LIST_COLUMNS
  "  title    TEXT,"
  "  trigger  TEXT,"
  "  days     INTEGER CHECK (days >= 0),"
  "  hours    REAL,"
  "  weekday  TEXT,"
  "  date     TEXT CHECK (date IS NULL OR date(date) = date),"
  "  time     TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),"
  "  text     TEXT,"
  "  link     TEXT,"
  "  role_id  INTEGER REFERENCES roles (id) ON DELETE SET NULL,"
  "  staff_id INTEGER REFERENCES staff (id) ON DELETE SET NULL);"
  "CREATE INDEX sop_steps_group ON sop_steps (group_id, position);"
  "CREATE TABLE sop_tasks ("
  "  id            INTEGER PRIMARY KEY,"
  "  step_id       INTEGER NOT NULL REFERENCES sop_steps (id) ON DELETE CASCADE,"
  "  group_id      INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  membership_id INTEGER REFERENCES memberships (id) ON DELETE CASCADE,"
  "  activity_id   INTEGER REFERENCES activities (id) ON DELETE CASCADE,"
  "  due_at        TEXT NOT NULL,"
  "  assignee_id   INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  state         TEXT NOT NULL DEFAULT 'due' CHECK (state IN ('due', 'sent', 'skipped')),"
  "  done_by       TEXT,"
  "  done_at       TEXT,"
  "  reason        TEXT);"
  "CREATE UNIQUE INDEX sop_tasks_occurrence ON sop_tasks"
  "  (step_id, ifnull (membership_id, 0), ifnull (activity_id, 0), due_at);"
  /* Those still due in time order, rowid last: Today reads its first rows from this alone. */
  "CREATE INDEX sop_tasks_due ON sop_tasks (state, due_at);"
  "CREATE INDEX sop_tasks_group ON sop_tasks (group_id, due_at);"
  "CREATE INDEX sop_tasks_membership ON sop_tasks (membership_id) WHERE membership_id IS NOT NULL;"
  "CREATE INDEX sop_tasks_activity ON sop_tasks (activity_id) WHERE activity_id IS NOT NULL;",

  /* 16 → 17: the sync with a team server (core/sync/co-sync.c). The connection (never its
   * password), the changes not yet pushed, the conflicts and refusals the server reported, and
   * who changed each record last. The triggers that fill the outbox are made on connecting. */
  "CREATE TABLE sync_connection ("
  "  id             INTEGER PRIMARY KEY CHECK (id = 1),"
  "  conninfo       TEXT NOT NULL,"
  "  login          TEXT NOT NULL,"
  "  workspace_uuid TEXT NOT NULL,"
  "  last_seq       INTEGER NOT NULL DEFAULT 0,"
  "  last_sync      TEXT,"
  /* 0 while pulled changes are applied: the triggers leave them out of the outbox. */
  "  capture        INTEGER NOT NULL DEFAULT 1,"
  /* The checksum of the capture triggers there: a version whose triggers differ makes them again. */
  "  triggers       TEXT);"
  "CREATE TABLE sync_outbox ("
  "  id         INTEGER PRIMARY KEY,"
  "  change_id  TEXT NOT NULL UNIQUE,"
  "  kind       TEXT NOT NULL,"
  "  key        TEXT NOT NULL,"
  "  group_uuid TEXT,"
  "  fields     TEXT NOT NULL DEFAULT '{}',"
  "  deleted    INTEGER,"  /* 1 delete, 0 restore, NULL neither */
  "  base_seq   INTEGER NOT NULL);"
  "CREATE INDEX sync_outbox_record ON sync_outbox (kind, key);"
  "CREATE TABLE sync_conflicts ("
  "  id         INTEGER PRIMARY KEY,"
  "  seq        INTEGER NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  key        TEXT NOT NULL,"
  "  field      TEXT NOT NULL,"
  "  mine       TEXT,"   /* JSON values */
  "  theirs     TEXT,"
  "  theirs_by  TEXT,"
  "  theirs_at  TEXT,"
  "  deleted    INTEGER NOT NULL DEFAULT 0,"  /* the record was deleted: mine can restore it */
  "  resolved   INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (seq, field));"
  "CREATE TABLE sync_refused ("
  "  id         INTEGER PRIMARY KEY,"
  "  change_id  TEXT NOT NULL UNIQUE,"
  "  kind       TEXT NOT NULL,"
  "  key        TEXT NOT NULL,"
  "  group_uuid TEXT,"
  "  fields     TEXT NOT NULL,"
  "  deleted    INTEGER,"
  "  reason     TEXT NOT NULL,"
  "  refused_at TEXT NOT NULL);"
  "CREATE TABLE sync_record_changes ("
  "  kind       TEXT NOT NULL,"
  "  key        TEXT NOT NULL,"
  "  changed_by TEXT NOT NULL,"
  "  changed_at TEXT NOT NULL,"
  "  PRIMARY KEY (kind, key)) WITHOUT ROWID;",

  /* 17 → 18: the weekly report as people hand it in, and what was done about the SOP's tasks.
   * weekly_notes: the free text of a week (本周总结, 下周计划) of a group, or of every group
   * (group_id NULL), one per scope and week like a day's figures, so that two teammates writing
   * the same week meet in one record. sop_outcomes: a task sent or skipped, by whom, when, why,
   * keyed as the task is made again anywhere (the step, its due moment, the member of a
   * join-counted step, the activity of an activity step), so that it travels and a teammate's
   * recomputation finds it. The outcome is the record; the task's state follows it (triggers),
   * and a task an outcome names is made if this workspace lacks it. */
  "CREATE TABLE weekly_notes ("
  "  id         INTEGER PRIMARY KEY,"
  "  group_id   INTEGER REFERENCES groups (id) ON DELETE CASCADE,"
  "  week       TEXT NOT NULL CHECK (date(week) = week),"
  "  summary    TEXT,"
  "  next_plan  TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE UNIQUE INDEX weekly_notes_week ON weekly_notes (ifnull (group_id, 0), week);"
  "CREATE TABLE sop_outcomes ("
  "  id          INTEGER PRIMARY KEY,"
  "  group_id    INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  step_id     INTEGER NOT NULL REFERENCES sop_steps (id) ON DELETE CASCADE,"
  "  due_at      TEXT NOT NULL,"
  "  member_id   INTEGER REFERENCES members (id) ON DELETE CASCADE,"
  "  activity_id INTEGER REFERENCES activities (id) ON DELETE CASCADE,"
  "  state       TEXT NOT NULL CHECK (state IN ('sent', 'skipped')),"
  "  done_by     TEXT NOT NULL,"
  "  done_at     TEXT NOT NULL,"
  "  reason      TEXT);"
  "CREATE UNIQUE INDEX sop_outcomes_task ON sop_outcomes"
  "  (step_id, due_at, ifnull (member_id, 0), ifnull (activity_id, 0));"
  "CREATE INDEX sop_outcomes_group ON sop_outcomes (group_id, due_at);"
  "CREATE INDEX sop_outcomes_member ON sop_outcomes (member_id) WHERE member_id IS NOT NULL;"
  "CREATE INDEX sop_outcomes_activity ON sop_outcomes (activity_id) WHERE activity_id IS NOT NULL;"
  /* The outcomes of the tasks done before. */
  "INSERT INTO sop_outcomes (group_id, step_id, due_at, member_id, activity_id, state, done_by, done_at, reason)"
  "  SELECT t.group_id, t.step_id, t.due_at, m.member_id, t.activity_id, t.state, ifnull (t.done_by, ''),"
  "         ifnull (t.done_at, ''), t.reason"
  "  FROM sop_tasks t LEFT JOIN memberships m ON m.id = t.membership_id WHERE t.state != 'due';"
  SOP_OUTCOME_TRIGGERS,
  /* 18 → 19: the script and material library (素材库 / 话术库, core/library/co-library.c):
   * texts with variables and images (posters, slogan images, group QR codes with their expiry
   * date), tagged by phase, group type and topic, with how often and when last each was
   * copied; the image's bytes in the workspace, so that backups and restores carry them. Its
   * pinyin (co_pinyin of title and topic) is kept by triggers, as a member's is. An SOP step
   * and an item of a plan's content calendar can name an item. */
  "CREATE TABLE library_items (" TEAM_LIST_COLUMNS
  "  kind         TEXT NOT NULL DEFAULT 'text',"
  "  title        TEXT,"
  "  body         TEXT,"
  "  stage        TEXT,"
  "  group_type   TEXT,"
  "  topic        TEXT,"
  "  expires      TEXT CHECK (expires IS NULL OR date(expires) = expires),"
  "  use_count    INTEGER NOT NULL DEFAULT 0 CHECK (use_count >= 0),"
  "  last_used    TEXT,"
  "  image        BLOB,"
  "  image_type   TEXT,"
  "  image_width  INTEGER,"
  "  image_height INTEGER,"
  "  pinyin       TEXT);"
  "CREATE INDEX library_items_kind ON library_items (deleted_at, kind, position);"
  "CREATE TRIGGER library_items_pinyin_added AFTER INSERT ON library_items BEGIN"
  "  UPDATE library_items SET pinyin = co_pinyin (NEW.title, NEW.topic) WHERE id = NEW.id;"
  "END;"
  "CREATE TRIGGER library_items_pinyin_changed AFTER UPDATE OF title, topic ON library_items BEGIN"
  "  UPDATE library_items SET pinyin = co_pinyin (NEW.title, NEW.topic) WHERE id = NEW.id;"
  "END;"
  "ALTER TABLE sop_steps ADD COLUMN library_item_id INTEGER REFERENCES library_items (id) ON DELETE SET NULL;"
  "ALTER TABLE content_items ADD COLUMN library_item_id INTEGER REFERENCES library_items (id) ON DELETE SET NULL;",
  /* 19 → 20: summaries per group and day, and per group and month, kept by triggers whoever
   * writes, so that a week or a two-year trend of a thousand groups reads thousands of rows.
   * activity_spans: for each group and day (its julian day number), aK is how many members
   * were active that day and not in the K − 1 days before (a1: all of them). The distinct
   * members of a window [first, last] are then the sum, over its days d, of a(d − first + 1):
   * each counted once, on their first day in it. daily_figure_months: for each group and
   * month, each daily figure's sum (s_) and the days it was entered on (d_, bit N − 1 for day
   * N), for the trends by month. */
  "CREATE TABLE activity_spans ("
  "  group_id INTEGER NOT NULL,"
  "  day      INTEGER NOT NULL" SPANS (SPAN_COLUMN) ","
  "  PRIMARY KEY (group_id, day)) WITHOUT ROWID;"
  /* The members of each group, day and gap (capped past the 30 the columns tell apart) counted
   * first: the gap is computed once a row, not once a column (25 s → 10 s for 10 M rows). */
  "INSERT INTO activity_spans SELECT group_id, CAST (julianday (date) AS INTEGER)" SPANS (SPAN_SUM)
  " FROM (SELECT group_id, date, min (coalesce (julianday (date) - julianday (prev_date), 1e9), 31) AS gap,"
  "         count (*) AS n"
  "       FROM activity_days GROUP BY group_id, date, gap)"
  " GROUP BY group_id, date;"
  "CREATE TRIGGER activity_spans_added AFTER INSERT ON activity_days BEGIN " SPAN_ROW (PLUS, "NEW") " END;"
  "CREATE TRIGGER activity_spans_removed AFTER DELETE ON activity_days BEGIN " SPAN_ROW (MINUS, "OLD") " END;"
  "CREATE TRIGGER activity_spans_changed AFTER UPDATE OF group_id, date, prev_date ON activity_days"
  "  WHEN OLD.group_id IS NOT NEW.group_id OR OLD.date IS NOT NEW.date OR OLD.prev_date IS NOT NEW.prev_date"
  "  BEGIN " SPAN_ROW (MINUS, "OLD") SPAN_ROW (PLUS, "NEW") " END;"
  "CREATE TABLE daily_figure_months ("
  "  group_id INTEGER NOT NULL,"
  "  month    TEXT NOT NULL" FIGURES (MONTH_COLUMN) ","
  "  PRIMARY KEY (group_id, month)) WITHOUT ROWID;"
  "INSERT INTO daily_figure_months SELECT group_id, strftime ('%Y-%m-01', date)" FIGURES (MONTH_SUM)
  " FROM daily_figures GROUP BY group_id, strftime ('%Y-%m-01', date);"
  "CREATE TRIGGER figure_months_added AFTER INSERT ON daily_figures BEGIN " MONTH_ROW_PLUS " END;"
  "CREATE TRIGGER figure_months_removed AFTER DELETE ON daily_figures BEGIN " MONTH_ROW_MINUS " END;"
  "CREATE TRIGGER figure_months_changed AFTER UPDATE ON daily_figures BEGIN " MONTH_ROW_MINUS MONTH_ROW_PLUS " END;",
  /* 20 → 21: the members' substring index (MEMBERS_FTS_TRIGGERS): a search's first screen in
   * milliseconds however rare the name. */
  "CREATE VIRTUAL TABLE members_fts USING fts5 (text, tokenize = 'trigram', detail = 'none', columnsize = 0);"
  /* Its trigrams in order, for a search of one or two characters. */
  "CREATE VIRTUAL TABLE members_fts_terms USING fts5vocab (members_fts, row);"
  /* The members indexed so far: none, they are indexed after the window opens. */
  "CREATE TABLE members_fts_state (indexed_to INTEGER NOT NULL);"
  "INSERT INTO members_fts_state VALUES (0);"
  MEMBERS_FTS_TRIGGERS,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CO_STORE_SCHEMA_VERSION);

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
co_store_finalize (GObject *object)
{
  CoStore *self = CO_STORE (object);

  /* Statements must be finalized before the connection can close. */
  g_clear_pointer (&self->recent, g_hash_table_unref);
  g_clear_pointer (&self->spares, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->changes, g_array_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (co_store_parent_class)->finalize (object);
}

static void
co_store_class_init (CoStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = co_store_finalize;

  /**
   * CoStore::changed:
   * @table: the table that was written, also the signal's detail
   * @group_id: the group the change belongs to, or 0 for several or none
   *
   * Emitted after a commit, once for each table and group that it changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
}

static void
co_store_init (CoStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->recent = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->spares = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->changes = g_array_new (FALSE, FALSE, sizeof (PendingChange));
}

char *
co_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "community-ops", "community-ops.db", NULL);
}

static guint32
read_be32 (const guchar *bytes)
{
  return ((guint32) bytes[0] << 24) | ((guint32) bytes[1] << 16)
         | ((guint32) bytes[2] << 8) | (guint32) bytes[3];
}

/* The first bytes of a file of @size bytes, read through SQLite's own descriptor: closing one of
 * ours would drop every lock this process's connections hold on the file (POSIX locks belong to
 * the process), and another process closing its connection would then take itself for the last
 * one and delete the -wal file under them. SQLite keeps a descriptor open while the process
 * holds locks on its file. Returns an SQLite result code. */
static int
read_file_start (const char *path,
                 guchar     *bytes,
                 gsize       n_bytes,
                 gsize       size,
                 gsize      *n_read)
{
  sqlite3 *db = NULL;
  sqlite3_file *file = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);

  *n_read = MIN (n_bytes, size);
  if (rc == SQLITE_OK)
    rc = sqlite3_file_control (db, "main", SQLITE_FCNTL_FILE_POINTER, &file);
  if (rc == SQLITE_OK)
    rc = file != NULL && file->pMethods != NULL ? file->pMethods->xRead (file, bytes, (int) *n_read, 0)
                                                : SQLITE_CANTOPEN;
  sqlite3_close (db);
  return rc;
}

/* Checks an existing file without letting SQLite write to it: SQLite switching the journal
 * mode alone would already change the header of a file we then refuse. */
static gboolean
check_existing_file (const char  *path,
                     GStatBuf    *st,
                     GError     **error)
{
  guchar header[SQLITE_HEADER_SIZE];
  gsize n_read = 0;
  int rc;

  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_NOT_DATABASE,
                   _("“%s” is not a file."), path);
      return FALSE;
    }

  /* No write bit at all is refused even for root, who could write anyway: someone made the
   * file read-only on purpose. */
  if ((st->st_mode & 0222) == 0 || g_access (path, W_OK) != 0)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_READ_ONLY,
                   _("“%s” is read-only. Make it writable, or choose another database file. "
                     "Nothing was changed."), path);
      return FALSE;
    }

  if (st->st_size == 0)
    return TRUE;  /* an empty file is a new database */

  if ((rc = read_file_start (path, header, sizeof header, (gsize) st->st_size, &n_read)) != SQLITE_OK)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_OPEN,
                   _("Could not read “%s”: %s"), path, sqlite3_errstr (rc));
      return FALSE;
    }

  if (n_read < sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_NOT_DATABASE,
                   _("“%s” is not a CommunityOps database (it is not an SQLite file). "
                     "Nothing was changed."), path);
      return FALSE;
    }

  if (read_be32 (header + 68) != 0 && read_be32 (header + 68) != CO_APPLICATION_ID)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_NOT_DATABASE,
                   _("“%s” is another program’s database, not a CommunityOps one. "
                     "Nothing was changed."), path);
      return FALSE;
    }

  if (read_be32 (header + 60) > CO_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of CommunityOps (database version "
                     "%u; this version reads up to %d). Update CommunityOps to open it. "
                     "Nothing was changed."),
                   path, read_be32 (header + 60), CO_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

/* Creates the file with owner-only permissions; SQLite gives its -wal and -shm files the
 * same mode. The folder is created owner-only too. */
static gboolean
create_file (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_OPEN,
                   _("Could not create the database “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  g_close (fd, NULL);
  return TRUE;
}

static int
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
exec_db (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  g_autofree char *message = NULL;
  char *sqlite_message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &sqlite_message) == SQLITE_OK)
    return TRUE;

  message = g_strdup (sqlite_message ? sqlite_message : sqlite3_errmsg (db));
  sqlite3_free (sqlite_message);
  g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_WRITE,
               _("The database could not be changed: %s"), message);
  return FALSE;
}

/* Whether the members' sort keys were computed for the user's language (migration 14). */
static gboolean
names_keyed_for_locale (sqlite3   *db,
                        gboolean  *same,
                        GError   **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT locale = co_names_locale () FROM names_collation", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_OPEN, "%s", sqlite3_errmsg (db));
      return FALSE;
    }
  *same = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
  sqlite3_finalize (stmt);
  return TRUE;
}

#define NOTE_NAMES_LOCALE \
  "DELETE FROM names_collation;" \
  "INSERT INTO names_collation VALUES (co_names_locale ());"
/* The index built anew rather than moved entry by entry: several times faster. */
#define REKEY_ALL_NAMES \
  "DROP INDEX members_search;" \
  "UPDATE members SET sort_key = co_sort_key (nickname);" \
  MEMBERS_SEARCH_INDEX \
  NOTE_NAMES_LOCALE

/* Computes the members' sort keys again, all at once, when the workspace was last opened in
 * another language: a million members take 5 to 8 s, once per change. */
static gboolean
rekey_names (sqlite3  *db,
             GError  **error)
{
  gboolean same;

  if (!names_keyed_for_locale (db, &same, error))
    return FALSE;
  if (same)
    return TRUE;
  if (exec_db (db, "BEGIN IMMEDIATE;" REKEY_ALL_NAMES "COMMIT;", error))
    return TRUE;
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* A copy of the file before it is migrated, among the backups: an upgrade that goes wrong loses
 * nothing, and Restore from Backup lists it. */
static gboolean
backup_before_migration (sqlite3     *db,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *backup = co_backup_new_path (path, CO_BACKUP_BEFORE_MIGRATION, &local_error);
  g_autofree char *partial = backup ? g_strconcat (backup, ".partial", NULL) : NULL;
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  if (backup != NULL && (rc = sqlite3_prepare_v2 (db, "VACUUM INTO ?", -1, &stmt, NULL)) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, partial, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE || g_rename (partial, backup) != 0)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_MIGRATION,
                   _("Could not make a copy of “%s” before upgrading it: %s. "
                     "Nothing was changed."), path, local_error ? local_error->message : sqlite3_errmsg (db));
      if (partial != NULL)
        g_unlink (partial);
      return FALSE;
    }
  return TRUE;
}

/* Runs each migration from the file's version up to @target, one transaction each. */
static gboolean
migrate (sqlite3     *db,
         const char  *path,
         int          target,
         GError     **error)
{
  int version = query_int (db, "PRAGMA user_version");
  gint64 started = g_get_monotonic_time ();

  if (version > 0 && version < target && !backup_before_migration (db, path, error))
    return FALSE;
  if (version > 0 && version < target)
    g_debug ("Copy before the upgrade of %s: %.1f s", path,
             (g_get_monotonic_time () - started) / 1e6);

  /* Timed, for G_MESSAGES_DEBUG: an upgrade of a large workspace can take minutes. */
  for (started = g_get_monotonic_time (); version < target; version++, started = g_get_monotonic_time ())
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!exec_db (db, "BEGIN IMMEDIATE", &local_error) ||
          !exec_db (db, migrations[version], &local_error) ||
          !exec_db (db, set_version, &local_error) ||
          !exec_db (db, "COMMIT", &local_error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_MIGRATION,
                       _("Could not upgrade “%s” from version %d to %d: %s"),
                       path, version, version + 1, local_error->message);
          return FALSE;
        }
      if (version > 0)
        g_debug ("Migration %d → %d: %.1f s", version, version + 1,
                 (g_get_monotonic_time () - started) / 1e6);
    }
  return TRUE;
}

/* The write-ahead log's bound, in bytes (co_store_set_log_limit()). A background writer that
 * finds more in the log than this, and cannot empty it, waits (co_store_log_has_room()); once
 * emptied, the file is cut back to this size (journal_size_limit): without both, a reader that
 * holds one snapshot for minutes (the daily backup's VACUUM INTO of a 2 GB workspace) let the
 * catch-up and the re-key grow the -wal file past the database's own size. */
static gint64 log_limit = 64 * 1024 * 1024;

static void
limit_log (sqlite3 *db)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA journal_size_limit = %" G_GINT64_FORMAT, log_limit);

  /* Only a bound on the file's size once emptied: nothing to tell if it fails. */
  sqlite3_exec (db, sql, NULL, NULL, NULL);
}

/* SQLite counts every allocation of the process under one mutex, for memory statistics that
 * nothing here reads; the window's thread waited on that mutex while a worker read (futex waits
 * under sqlite3Malloc, seen with perf). Turned off before SQLite starts, so as the program loads. */
__attribute__ ((constructor)) static void
configure_sqlite (void)
{
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
}

static sqlite3 *
open_connection (const char  *path,
                 GError     **error)
{
  g_autoptr(sqlite3) db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"), path,
                   db ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      return NULL;
    }
  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  add_functions (db);
  limit_log (db);
  return g_steal_pointer (&db);
}

static CoStore *
open_store (const char  *path,
            gboolean     rekey_now,
            GError     **error)
{
  g_autoptr(CoStore) self = NULL;
  g_autoptr(sqlite3) db = NULL;
  GStatBuf st;
  gboolean keyed = TRUE;
  int version;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_stat (path, &st) == 0)
    {
      if (!check_existing_file (path, &st, error))
        return NULL;
    }
  else if (errno == ENOENT)
    {
      if (!create_file (path, error))
        return NULL;
    }
  else
    {
      int saved_errno = errno;
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  db = open_connection (path, error);
  if (db == NULL)
    return NULL;

  /* Checked again through SQLite: a write-ahead log can hold a newer header than the file. */
  version = query_int (db, "PRAGMA user_version");
  if (version < 0)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_NOT_DATABASE,
                   _("“%s” is not a CommunityOps database: %s. Nothing was changed."),
                   path, sqlite3_errmsg (db));
      return NULL;
    }
  if (version > CO_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of CommunityOps (database version "
                     "%u; this version reads up to %d). Update CommunityOps to open it. "
                     "Nothing was changed."),
                   path, (guint) version, CO_STORE_SCHEMA_VERSION);
      return NULL;
    }
  if (version == 0 && query_int (db, "SELECT count(*) FROM sqlite_schema") != 0)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_NOT_DATABASE,
                   _("“%s” is another program’s database, not a CommunityOps one. "
                     "Nothing was changed."), path);
      return NULL;
    }

  if (!exec_db (db, "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = NORMAL;"
                    "PRAGMA foreign_keys = ON;", error))
    return NULL;

  /* An upgrade runs once, behind a window that says so or at the command line: it waits up to
   * a minute for another connection's write to end rather than fail after the usual 5 s. (At
   * the current version nothing is written, and nothing waits.) */
  sqlite3_busy_timeout (db, UPGRADE_BUSY_TIMEOUT_MS);
  if (!migrate (db, path, CO_STORE_SCHEMA_VERSION, error))
    return NULL;
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  if (rekey_now ? !rekey_names (db, error) : !names_keyed_for_locale (db, &keyed, error))
    return NULL;

  self = g_object_new (CO_TYPE_STORE, NULL);
  self->db = g_steal_pointer (&db);
  self->path = g_strdup (path);
  self->rekey_pending = !keyed;
  return g_steal_pointer (&self);
}

CoStore *
co_store_open (const char  *path,
               GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_store (path, TRUE, error);
}

/* Read-only and without a lock held: a glance at the version, the open itself checks the rest. */
gboolean
co_store_needs_upgrade (const char *path)
{
  g_autoptr(sqlite3) db = NULL;
  int version;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
      sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    return FALSE;
  version = query_int (db, "PRAGMA user_version");
  return version > 0 && version < CO_STORE_SCHEMA_VERSION;
}

CoStore *
co_store_open_deferring_rekey (const char  *path,
                               GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_store (path, FALSE, error);
}

gboolean
co_store_rekey_names (CoStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (CO_IS_STORE (self), FALSE);

  if (!self->rekey_pending)
    return TRUE;
  if (!co_store_begin (self, error))
    return FALSE;
  if (!exec_db (self->db, REKEY_ALL_NAMES, error))
    {
      co_store_rollback (self);
      return FALSE;
    }
  co_store_note_change (self, "members", 0);
  if (!co_store_commit (self, error))
    return FALSE;
  self->rekey_pending = FALSE;
  return TRUE;
}

/* In id order, a short transaction each: a writer waits for one step at most. Members added or
 * renamed meanwhile get the language's key from the triggers, whatever their id. */
gboolean
co_store_rekey_names_step (CoStore  *self,
                           guint     max_rows,
                           GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 last;

  g_return_val_if_fail (CO_IS_STORE (self), FALSE);

  if (!self->rekey_pending || !co_store_begin (self, error))
    return FALSE;
  stmt = co_store_prepare (self, "SELECT max (id) FROM (SELECT id FROM members WHERE id > ? ORDER BY id LIMIT ?)",
                           error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, self->rekeyed_to);
  sqlite3_bind_int (stmt, 2, (int) max_rows);
  last = co_store_step_int (stmt, 0);
  if (last == 0)
    {
      /* Every key is the language's now: the lists sorted by them show it. */
      if (!exec_db (self->db, NOTE_NAMES_LOCALE, error))
        goto failed;
      co_store_note_change (self, "members", 0);
      if (!co_store_commit (self, error))
        goto failed;
      self->rekey_pending = FALSE;
      return FALSE;
    }
  /* Keys of two languages from here on: whoever opens the file before the last step, in
   * whatever language, computes them again. */
  if (self->rekeyed_to == 0 && !exec_db (self->db, "UPDATE names_collation SET locale = ''", error))
    goto failed;
  stmt = co_store_prepare (self, "UPDATE members SET sort_key = co_sort_key (nickname) WHERE id > ? AND id <= ?",
                           error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, self->rekeyed_to);
  sqlite3_bind_int64 (stmt, 2, last);
  if (!co_store_step_done (self, stmt, error) || !co_store_commit (self, error))
    goto failed;
  self->rekeyed_to = last;
  return TRUE;

failed:
  if (co_store_in_transaction (self))
    co_store_rollback (self);
  return FALSE;
}

/* Each key moves in the members' index, to pages all over the file: 500 keys take 25 ms on
 * average, 56 ms at most, on the 2-core machine under a load of 5 (1,000 took 70 to 360 ms under
 * a load of 10). A writer of the window's waits for one step at most. */
#define REKEY_ROWS_PER_STEP 500

static void
rekey_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(CoStore) own = open_store (task_data, FALSE, &error);
  gint64 start = g_get_monotonic_time ();

  if (own == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A lock another connection holds (an import, for seconds) is left to it, and asked for again
   * later: waiting for it, the busy timeout would run out and the keys be left undone. */
  sqlite3_busy_timeout (own->db, 0);
  for (;;)
    {
      if (!co_store_log_has_room (own))
        g_usleep (200 * G_TIME_SPAN_MILLISECOND);  /* a reader's long snapshot holds the log */
      else if (co_store_rekey_names_step (own, REKEY_ROWS_PER_STEP, &error))
        /* As long again without the write lock: the window's writes get their turn, and the
         * processor is shared with drawing. */
        g_usleep (MAX (g_get_monotonic_time () - start, 10000));
      else if (error != NULL && co_store_is_busy (own))
        {
          g_clear_error (&error);
          g_usleep (200 * G_TIME_SPAN_MILLISECOND);
        }
      else
        break;
      start = g_get_monotonic_time ();
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
rekeyed (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  CoStore *self = CO_STORE (source);
  g_autoptr(GError) error = NULL;

  self->rekeying = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Could not sort the members’ names in the language: %s", error->message);
      return;
    }
  /* The lists sorted by the keys read them again. */
  self->rekey_pending = FALSE;
  co_store_announce_change (self, "members", 0);
}

void
co_store_rekey_names_in_background (CoStore *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CO_IS_STORE (self));

  if (!self->rekey_pending || self->rekeying)
    return;
  self->rekeying = TRUE;
  task = g_task_new (self, NULL, rekeyed, NULL);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, rekey_in_thread);
}

gboolean
co_store_create_at_version (const char  *path,
                            int          version,
                            GError     **error)
{
  g_autoptr(sqlite3) db = NULL;

  g_return_val_if_fail (version >= 0 && version <= CO_STORE_SCHEMA_VERSION, FALSE);

  if (!create_file (path, error))
    return FALSE;
  db = open_connection (path, error);
  return db != NULL && migrate (db, path, version, error);
}

const char *
co_store_get_path (CoStore *self)
{
  g_return_val_if_fail (CO_IS_STORE (self), NULL);
  return self->path;
}

int
co_store_get_schema_version (CoStore *self)
{
  g_return_val_if_fail (CO_IS_STORE (self), -1);
  return query_int (self->db, "PRAGMA user_version");
}

gboolean
co_store_set_full_sync (CoStore   *self,
                        gboolean   full,
                        GError   **error)
{
  g_return_val_if_fail (CO_IS_STORE (self), FALSE);
  return co_store_exec (self, full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
                        error);
}

/* Whether the connection waits for the disk on every commit (PRAGMA synchronous = FULL). */
gboolean
co_store_get_full_sync (CoStore *self)
{
  g_return_val_if_fail (CO_IS_STORE (self), FALSE);
  return query_int (self->db, "PRAGMA synchronous") >= 2;
}

void
co_store_set_error (CoStore  *self,
                    GError  **error)
{
  g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_WRITE,
               _("The database could not be changed: %s"), sqlite3_errmsg (self->db));
}

int
co_store_errcode (CoStore *self)
{
  return sqlite3_extended_errcode (self->db);
}

sqlite3_int64
co_store_last_insert_rowid (CoStore *self)
{
  return sqlite3_last_insert_rowid (self->db);
}

/* Another statement of the same SQL, for a caller that asks while @busy is still stepping: a
 * listener of ::changed reading what another listener is in the middle of reading. Resetting
 * @busy would change the rows under its first user's feet, so a spare is never one that is
 * stepping: when all are, one more is made. They are as many as the callers stepping the same
 * SQL at once, one inside the other, and they live as long as the store. */
static sqlite3_stmt *
spare_statement (CoStore       *self,
                 sqlite3_stmt  *busy,
                 GError       **error)
{
  GPtrArray *spares = g_hash_table_lookup (self->spares, busy);
  sqlite3_stmt *stmt = NULL;

  if (spares == NULL)
    {
      spares = g_ptr_array_new_with_free_func (finalize_statement);
      g_hash_table_insert (self->spares, busy, spares);
    }
  for (guint i = 0; i < spares->len; i++)
    if (!sqlite3_stmt_busy (spares->pdata[i]))
      return spares->pdata[i];
  if (sqlite3_prepare_v3 (self->db, sqlite3_sql (busy), -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      co_store_set_error (self, error);
      return NULL;
    }
  g_ptr_array_add (spares, stmt);
  return stmt;
}

sqlite3_stmt *
co_store_prepare (CoStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->recent, sql);

  /* Callers pass the same literal again and again; a text built for one call may be freed and
   * its address reused for another, hence the comparison. */
  if (stmt == NULL || strcmp (sqlite3_sql (stmt), sql) != 0)
    {
      stmt = g_hash_table_lookup (self->statements, sql);
      if (stmt != NULL)
        g_hash_table_insert (self->recent, (gpointer) sql, stmt);
    }
  if (stmt != NULL && sqlite3_stmt_busy (stmt))
    stmt = spare_statement (self, stmt, error);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (error != NULL && *error != NULL)
    return NULL;

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      co_store_set_error (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  g_hash_table_insert (self->recent, (gpointer) sql, stmt);
  return stmt;
}

gboolean
co_store_exec (CoStore     *self,
               const char  *sql,
               GError     **error)
{
  return exec_db (self->db, sql, error);
}

gboolean
co_store_step_done (CoStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      co_store_set_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Resets the cached statements a caller left on a row. A statement left there keeps its read
 * transaction open, and in WAL mode that pins the log: checkpoints cannot catch up, so the
 * -wal file would only grow during a long session. */
static void
release_reads (CoStore *self)
{
  sqlite3_stmt *stmt = NULL;

  while ((stmt = sqlite3_next_stmt (self->db, stmt)) != NULL)
    if (sqlite3_stmt_busy (stmt))
      sqlite3_reset (stmt);
}

gboolean
co_store_begin (CoStore  *self,
                GError  **error)
{
  g_autofree char *sql = NULL;

  self->rolled_back_busy = FALSE;
  if (self->depth == 0)
    release_reads (self);
  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT level%u", self->depth);

  if (!exec_db (self->db, sql, error))
    {
      self->begin_refused = self->depth == 0 && (sqlite3_errcode (self->db) & 0xff) == SQLITE_BUSY;
      return FALSE;
    }
  self->depth++;
  return TRUE;
}

gboolean
co_store_write_waiting_at_most (CoStore   *self,
                                int        wait_ms,
                                gboolean (*write) (CoStore  *store,
                                                   gpointer  data,
                                                   GError  **error),
                                gpointer   data,
                                gboolean  *refused,
                                GError   **error)
{
  gboolean ok;

  self->begin_refused = FALSE;
  sqlite3_busy_timeout (self->db, wait_ms);
  ok = write (self, data, error);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  *refused = !ok && self->begin_refused;
  return ok;
}

gboolean
co_store_set_names_trigger (CoStore  *self,
                            gboolean  present,
                            GError  **error)
{
  g_return_val_if_fail (self->depth > 0, FALSE);
  return exec_db (self->db, present ? NAMES_ADDED_TRIGGER MEMBERS_FTS_ADDED_TRIGGER
                                     : "DROP TRIGGER IF EXISTS members_names_added;"
                                       "DROP TRIGGER IF EXISTS members_fts_added;", error);
}

gboolean
co_store_commit (CoStore  *self,
                 GError  **error)
{
  g_autoptr(GArray) changes = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth > 1)
    sql = g_strdup_printf ("RELEASE level%u", self->depth - 1);
  else
    sql = g_strdup ("COMMIT");

  if (!exec_db (self->db, sql, error))
    {
      co_store_rollback (self);
      return FALSE;
    }
  if (--self->depth > 0)
    return TRUE;
  release_reads (self);

  /* Listeners may write in turn: hand them a list nobody else appends to. */
  changes = g_steal_pointer (&self->changes);
  self->changes = g_array_new (FALSE, FALSE, sizeof (PendingChange));
  for (guint i = 0; i < changes->len; i++)
    {
      PendingChange *change = &g_array_index (changes, PendingChange, i);
      g_signal_emit (self, signals[CHANGED], change->table,
                     g_quark_to_string (change->table), change->group_id);
    }
  return TRUE;
}

gboolean
co_store_in_transaction (CoStore *self)
{
  return self->depth > 0;
}

void
co_store_rollback (CoStore *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (self->depth > 0);

  if (self->depth > 1)
    sql = g_strdup_printf ("ROLLBACK TO level%u; RELEASE level%u", self->depth - 1, self->depth - 1);
  else
    sql = g_strdup ("ROLLBACK");

  /* The ROLLBACK clears the error that caused it: co_store_is_busy() must still see it. */
  self->rolled_back_busy = co_store_is_busy (self);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  /* An inner rollback keeps the outer changes noted: a spare ::changed only costs a reload. */
  if (--self->depth == 0)
    g_array_set_size (self->changes, 0);
}

void
co_store_note_change (CoStore    *self,
                      const char *table,
                      gint64      group_id)
{
  PendingChange change = { g_quark_from_string (table), group_id };

  for (guint i = 0; i < self->changes->len; i++)
    {
      PendingChange *other = &g_array_index (self->changes, PendingChange, i);
      if (other->table == change.table && other->group_id == change.group_id)
        return;
    }
  g_array_append_val (self->changes, change);
}

/* After a write that touched everything (a restore, an import): every page reads again. */
gboolean
co_store_note_all_changed (CoStore  *self,
                           GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (self, "SELECT name FROM sqlite_master WHERE type = 'table'", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    co_store_note_change (self, (const char *) sqlite3_column_text (stmt, 0), 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The write lock is not taken: a write of another connection's may hold it for seconds (an
 * import), and the window's thread would wait for it only to say what the other wrote. */
void
co_store_announce_change (CoStore    *self,
                          const char *table,
                          gint64      group_id)
{
  g_return_if_fail (CO_IS_STORE (self));

  if (self->depth > 0)
    {
      co_store_note_change (self, table, group_id);
      return;
    }
  /* Listeners read again: from a snapshot of now, not one a statement left open holds. */
  release_reads (self);
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (table), table, group_id);
}

/* A change a worker's connection announced (co_store_record_changes()). */
typedef struct
{
  GQuark table;
  gint64 group_id;
} RecordedChange;

static void
record_change (CoStore    *worker,
               const char *table,
               gint64      group_id,
               GArray     *changes)
{
  RecordedChange change = { g_quark_from_string (table), group_id };

  g_array_append_val (changes, change);
}

GArray *
co_store_record_changes (CoStore *worker)
{
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (RecordedChange));

  g_return_val_if_fail (CO_IS_STORE (worker), changes);

  g_signal_connect_data (worker, "changed", G_CALLBACK (record_change), g_array_ref (changes),
                         (GClosureNotify) (void (*) (void)) g_array_unref, 0);
  return changes;
}

void
co_store_announce_recorded (CoStore    *self,
                            GArray     *changes,
                            const char *except_table)
{
  GQuark except = except_table != NULL ? g_quark_from_string (except_table) : 0;

  for (guint i = 0; i < changes->len; i++)
    {
      RecordedChange *change = &g_array_index (changes, RecordedChange, i);

      if (change->table != except)
        co_store_announce_change (self, g_quark_to_string (change->table), change->group_id);
    }
}

/* Every table's name. Read first: a listener may prepare the same statement in turn. After
 * another connection changed the schema, this is where this one reads it again. */
static GPtrArray *
list_tables (CoStore  *self,
             GError  **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = co_store_prepare (self, "SELECT name FROM sqlite_master WHERE type = 'table'", error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return g_steal_pointer (&tables);
}

gboolean
co_store_announce_all_changed (CoStore  *self,
                               GError  **error)
{
  g_autoptr(GPtrArray) tables = NULL;

  g_return_val_if_fail (CO_IS_STORE (self), FALSE);

  if ((tables = list_tables (self, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < tables->len; i++)
    co_store_announce_change (self, tables->pdata[i], 0);
  return TRUE;
}

/* Listeners told at most this long in one iteration; more in the next. */
#define ANNOUNCE_SLICE_US 4000

typedef struct
{
  CoStore   *store;
  GPtrArray *tables;
  guint      next;
} Announcing;

static void
announcing_free (Announcing *announcing)
{
  g_object_unref (announcing->store);
  g_ptr_array_unref (announcing->tables);
  g_free (announcing);
}

static gboolean
announce_some (gpointer data)
{
  Announcing *announcing = data;
  gint64 until = g_get_monotonic_time () + ANNOUNCE_SLICE_US;

  do
    co_store_announce_change (announcing->store, announcing->tables->pdata[announcing->next++], 0);
  while (announcing->next < announcing->tables->len && g_get_monotonic_time () < until);
  return announcing->next < announcing->tables->len ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

gboolean
co_store_announce_all_changed_soon (CoStore  *self,
                                    GError  **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  Announcing *announcing;

  g_return_val_if_fail (CO_IS_STORE (self), FALSE);

  if ((tables = list_tables (self, error)) == NULL)
    return FALSE;
  if (tables->len == 0)
    return TRUE;
  announcing = g_new0 (Announcing, 1);
  announcing->store = g_object_ref (self);
  announcing->tables = g_steal_pointer (&tables);
  /* Before the frames and the refreshes the announcements queue: those then run once, after
   * the last table, as they did when every table was told in one call. */
  g_idle_add_full (G_PRIORITY_DEFAULT, announce_some, announcing, (GDestroyNotify) announcing_free);
  return TRUE;
}

gint64
co_store_step_int (sqlite3_stmt *stmt,
                   gint64        none)
{
  gint64 value = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL
                 ? sqlite3_column_int64 (stmt, 0) : none;

  sqlite3_reset (stmt);
  return value;
}

gboolean
co_store_replace_with (CoStore            *self,
                       const char         *path,
                       CoStoreLockedFunc   locked,
                       gpointer            data,
                       GError            **error)
{
  g_autoptr(sqlite3) source = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (self->depth == 0, FALSE);

  /* A cached statement left on a row holds a read transaction, and the backup API will not
   * write under it. Nothing of ours is being read now: end them all. */
  for (sqlite3_stmt *stmt = sqlite3_next_stmt (self->db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (self->db, stmt))
    if (sqlite3_stmt_busy (stmt))
      {
        g_debug ("Statement left open: %s", sqlite3_sql (stmt));
        sqlite3_reset (stmt);
      }
  if (sqlite3_open_v2 (path, &source, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_OPEN, _("Could not read “%s”: %s"), path,
                   source ? sqlite3_errmsg (source) : "out of memory");
      return FALSE;
    }
  backup = sqlite3_backup_init (self->db, "main", source, "main");
  if (backup == NULL)
    {
      co_store_set_error (self, error);
      return FALSE;
    }
  /* A step of no page takes the file's write lock, held until the backup is finished: what
   * @locked does sees the file as it is replaced. Then every page in one step. */
  do
    rc = sqlite3_backup_step (backup, 0);
  while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  if (rc == SQLITE_OK && locked != NULL && !locked (self, data, error))
    {
      /* Unfinished, the backup rolls back: not a page replaced. */
      sqlite3_backup_finish (backup);
      return FALSE;
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  self->n_replaced++;
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_WRITE, _("The database could not be replaced: %s"),
                   sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

CoWriteMark
co_store_write_mark (CoStore *self)
{
  CoWriteMark mark = { sqlite3_total_changes64 (self->db), -1, self->n_replaced };
  sqlite3_stmt *stmt = co_store_prepare (self, "PRAGMA data_version", NULL);

  if (stmt != NULL)
    mark.others = co_store_step_int (stmt, -1);
  return mark;
}

gboolean
co_write_mark_equal (const CoWriteMark *a,
                     const CoWriteMark *b)
{
  return a->own == b->own && a->others == b->others && a->replaced == b->replaced;
}

char *
co_ids_json (const gint64 *ids,
             guint         n_ids)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

char *
co_store_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static int
count_statement (unsigned  type,
                 void     *data,
                 void     *stmt,
                 void     *sql)
{
  ((CoStore *) data)->n_statements++;
  return 0;
}

void
co_store_count_statements (CoStore *self)
{
  self->n_statements = 0;
  sqlite3_trace_v2 (self->db, SQLITE_TRACE_STMT, count_statement, self);
}

guint
co_store_get_n_statements (CoStore *self)
{
  return self->n_statements;
}

sqlite3 *
co_store_open_reader_at (const char  *path,
                         GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_OPEN, _("Could not read “%s”: %s"),
                   path, db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  add_functions (db);
  return db;
}

sqlite3 *
co_store_open_reader (CoStore  *self,
                      GError  **error)
{
  return co_store_open_reader_at (self->path, error);
}

/* Stops a worker's query once its request is cancelled (SQLITE_INTERRUPT). */
static int
check_cancelled (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

CoStore *
co_store_open_for_worker (const char    *path,
                          GCancellable  *cancellable,
                          GError       **error)
{
  sqlite3 *db = co_store_open_reader_at (path, error);
  CoStore *self;

  if (db == NULL)
    return NULL;
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, check_cancelled, cancellable);
  self = g_object_new (CO_TYPE_STORE, NULL);
  self->db = db;
  self->path = g_strdup (path);
  return self;
}

CoStore *
co_store_open_for_worker_writes (const char  *path,
                                 GError     **error)
{
  g_autoptr(sqlite3) db = open_connection (path, error);
  CoStore *self;

  if (db == NULL)
    return NULL;
  sqlite3_busy_timeout (db, 0);
  if (!exec_db (db, "PRAGMA synchronous = NORMAL;"
                    "PRAGMA foreign_keys = ON;", error))
    return NULL;
  self = g_object_new (CO_TYPE_STORE, NULL);
  self->db = g_steal_pointer (&db);
  self->path = g_strdup (path);
  return self;
}

gboolean
co_store_log_has_room (CoStore *self)
{
  int log_frames = 0;
  int page_size = query_int (self->db, "PRAGMA page_size");
  /* The log's length; meanwhile what no reader needs any more is copied into the database
   * (a passive checkpoint waits for nobody). */
  int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log_frames, NULL);

  /* Another connection checkpoints (the other background writer, trying to empty the log):
   * its outcome is unknown, later. Any other failure is the next step's to tell. */
  if ((rc & 0xff) == SQLITE_BUSY)
    return FALSE;
  if (rc != SQLITE_OK || (gint64) log_frames * page_size <= log_limit)
    return TRUE;
  /* Past the limit: emptied and cut back to nothing, unless a reader still uses the log or
   * another connection writes (a worker's connection has no busy timeout: it waits for neither). */
  return sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) == SQLITE_OK;
}

void
co_store_set_log_limit (gint64 bytes)
{
  log_limit = bytes;
}

gboolean
co_store_is_busy (CoStore *self)
{
  return (sqlite3_errcode (self->db) & 0xff) == SQLITE_BUSY || self->rolled_back_busy;
}

void
co_uuid_random (char out[37])
{
  static const char hex[] = "0123456789abcdef";
  guint8 bytes[16];
  guint o = 0;

  for (guint i = 0; i < 16; i += 4)
    {
      guint32 value = g_random_int ();
      memcpy (bytes + i, &value, 4);
    }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;  /* version 4 */
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  /* RFC 4122 variant */
  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[o++] = '-';
      out[o++] = hex[bytes[i] >> 4];
      out[o++] = hex[bytes[i] & 0x0f];
    }
  out[o] = '\0';
}
