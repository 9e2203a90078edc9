/* bench-members.c: how the members feature holds up at the size of a large workspace.
 *
 * Generates a workspace (by default 1,000 groups, 1,000,000 members, 10,000,000 activity rows)
 * and prints figures: CSV import of 100,000 members beside the sqlite3 shell's .import of the
 * same file (the floor); the Members page's first rows on every group; filter keystrokes on
 * every group and on one group of about a thousand members; scrolling from top to bottom; a
 * segment's count beside a hand-written SQL count of the same members (the floor); peak memory. Not a test: the `bench` suite only runs it small, to prove that it still works.
 *
 *   bench-members [--groups N] [--members N] [--activity N] [--import N] [--dir DIR]
 *   bench-members --segments-only --dir DIR    (the segments again, on the workspace left in DIR)
 *   bench-members --generate-only --dir DIR    (a workspace for --import-only, nothing measured)
 *   bench-members --import-only --dir DIR      (the import again, into a copy of that workspace)
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <glib/gstdio.h>

#include "bench-util.h"
#include "bench-workspace.h"
#include "core/formats/co-csv.h"
#include "core/formats/co-date.h"
#include "core/formats/co-names.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-import.h"
#include "core/members/co-member-list.h"
#include "core/members/co-member-search-index.h"
#include "core/members/co-segment.h"
#include "core/members/co-tag.h"
#include "core/store/co-backup.h"
#include "core/store/co-store-private.h"
#include "../test-util.h"

/* What one screen of the list shows, and the time a frame has at 60 Hz. */
#define ROWS_PER_FRAME 40
#define FRAME_US 16000
/* A query that never says it finished is a bug to report, not to wait for. */
#define LOAD_TIMEOUT_S 600

/* Typed one character at a time into the search field: common and rare names, Latin and
 * Chinese, a contact, pinyin in full and by initials, and two that match nobody. */
static const char *const search_words[] = {
  "北京-张伟", "张伟-互联网", "wx00123456", "Kevin", "欧阳娜娜", "qzxj", "不存在的人",
  "zhangwei", "zhang wei", "bjzw", "ouyangnana",
};
/* The targets of the search as you type. */
#define FIRST_ROWS_US 100000


/* One query of a list, watched from set_query to ::loaded. */
typedef struct
{
  gint64   started;
  gint64   first_change;  /* the first items-changed that left rows in the list; 0: none yet */
  gint64   finished;
  gboolean loaded;
  gboolean timed_out;
} Watch;

/* Time the main loop spent waiting in poll() since it was last reset: an iteration's time
 * less this is what it kept the main thread busy. */
static gint64 poll_us;

/* --no-backup: the import's backup (timed apart, minutes on a 2.5 GB workspace) left out. */
static gboolean skip_backup;


/* ---- import ------------------------------------------------------------------------------ */

static GBytes *
make_import_csv (Bench  *b,
                 gint    n_rows)
{
  static const char *const header[] = {
    "nickname", "real_name", "city", "industry", "contact", "source", "joined", "tier", "seed", "core",
    "points", "notes",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240602);
  GString *out = g_string_new (NULL);

  co_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (gint i = 0; i < n_rows; i++)
    {
      Person p;
      /* Contacts after every generated one: all new people. */
      g_autofree char *contact = g_strdup_printf ("wx%08" G_GINT64_FORMAT, b->n_members + 1 + i);
      g_autofree char *points = g_strdup_printf ("%d", g_rand_int_range (rand, 0, 1000));
      int r = g_rand_int_range (rand, 0, 100);
      const char *fields[G_N_ELEMENTS (header)];

      bench_make_person (rand, &p);
      fields[0] = p.nickname;
      fields[1] = p.real_name;
      fields[2] = p.city;
      fields[3] = p.industry;
      fields[4] = contact;
      fields[5] = p.source;
      fields[6] = bench_day (b, g_rand_int_range (rand, 0, N_DAYS));
      fields[7] = r < 5 ? "active" : r < 8 ? "new" : "";  /* mostly left for the import to compute */
      fields[8] = g_rand_int_range (rand, 0, 10) == 0 ? "是" : "否";
      fields[9] = g_rand_int_range (rand, 0, 20) == 0 ? "是" : "否";
      fields[10] = points;
      fields[11] = p.notes;
      co_csv_append_row (out, fields, G_N_ELEMENTS (fields));
    }
  return g_string_free_to_bytes (out);
}

/* The processor time, user and system, of the child processes waited for so far. */
static gint64
children_cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

/* Runs sqlite3 with @argv; the whole process's wall time in *elapsed and its output in *out. */
static gboolean
run_sqlite3 (const char * const  *argv,
             gint64              *elapsed,
             char               **out,
             GError             **error)
{
  g_autofree char *std_out = NULL;
  g_autofree char *std_err = NULL;
  int status;
  gint64 start = now_us ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &std_out, &std_err,
                     &status, error))
    return FALSE;
  *elapsed = now_us () - start;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s", argv[0], std_err);
      return FALSE;
    }
  if (std_err != NULL && std_err[0] != '\0')
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "sqlite3: %s", std_err);
      return FALSE;
    }
  if (out != NULL)
    *out = g_steal_pointer (&std_out);
  return TRUE;
}

/* The floor: the sqlite3 shell's .import of the same file into a fresh database. Prints and
 * returns FALSE only when something failed; *floor_us is 0 when there is no sqlite3. */
static gboolean
run_floor (Bench       *b,
           const char  *csv_path,
           gint64      *floor_cpu_us,
           gint64      *floor_us,
           gint64      *start_us,
           gint64      *floor_rows,
           GError     **error)
{
  g_autofree char *program = g_find_program_in_path ("sqlite3");
  g_autofree char *floor_db = g_build_filename (b->dir, "floor.db", NULL);
  g_autofree char *empty_db = g_build_filename (b->dir, "empty.db", NULL);
  g_autofree char *import = g_strdup_printf (".import \"%s\" members_floor", csv_path);
  g_autofree char *count = NULL;
  const char *floor_argv[] = { "sqlite3", "-batch", "-bail", floor_db, ".mode csv", import, NULL };
  const char *empty_argv[] = { "sqlite3", "-batch", "-bail", empty_db, ".mode csv", NULL };
  const char *count_argv[] = { "sqlite3", "-batch", "-bail", floor_db, "SELECT count(*) FROM members_floor",
                               NULL };

  *floor_cpu_us = *floor_us = *start_us = *floor_rows = 0;
  if (program == NULL)
    return TRUE;

  g_remove (floor_db);
  *floor_cpu_us = children_cpu_us ();
  if (!run_sqlite3 (floor_argv, floor_us, NULL, error))
    return FALSE;
  *floor_cpu_us = children_cpu_us () - *floor_cpu_us;
  /* Process start: the best of three runs doing nothing. */
  *start_us = G_MAXINT64;
  for (guint i = 0; i < 3; i++)
    {
      gint64 elapsed;
      if (!run_sqlite3 (empty_argv, &elapsed, NULL, error))
        return FALSE;
      *start_us = MIN (*start_us, elapsed);
    }
  if (!run_sqlite3 (count_argv, &(gint64) { 0 }, &count, error))
    return FALSE;
  *floor_rows = g_ascii_strtoll (count, NULL, 10);
  g_remove (floor_db);
  g_remove (empty_db);
  return TRUE;
}

typedef struct
{
  gint64 load;     /* reading the file */
  gint64 read;     /* co_member_import_read(): parsing, checking, the preview */
  gint64 commit;   /* co_member_import_commit(), which computes the group's tiers too */
  gint64 total;    /* load, read and commit: the backup every import makes is apart */
  gint64 cpu;      /* the processor time of the same, user and system */
  gint64 backup;   /* co_backup_before_import(), a copy of the whole workspace */
  gint64 sql_commit;      /* of the commit, SQLite's COMMIT (with the checkpoint it makes) */
  gint64 sql_commit_cpu;
  gint64 checkpoint;      /* after it, apart: the window's import makes it in the background */
  gint64 checkpoint_cpu;
  guint  added;
  guint  updated;
} ImportTimes;

static gint64
cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

/* What the import dialog does with a file: read it, check and preview it, commit. */
static gboolean
import_file (CoStore      *store,
             const char   *csv_path,
             const char   *group_name,
             ImportTimes  *t,
             GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CoMemberImport) import = NULL;
  g_autofree char *contents = NULL;
  GPtrArray *problems;
  gsize length;
  gint64 group_id, start, loaded, read, cpu_start, written, written_cpu;

  group_id = co_group_create (store, group_name, 0, error);
  if (group_id == 0)
    return FALSE;

  /* The import's own backup, timed apart: the floor makes none. The commit below, inside a
   * transaction of the benchmark's, joins it and makes none again (co-import.h). */
  start = now_us ();
  if (!skip_backup)
    {
      g_autofree char *copy = co_backup_before_import (store, error);
      if (copy == NULL)
        return FALSE;
    }
  t->backup = now_us () - start;

  start = now_us ();
  cpu_start = cpu_us ();
  if (!g_file_get_contents (csv_path, &contents, &length, error))
    return FALSE;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  loaded = now_us ();
  import = co_member_import_read (store, group_id, CO_IMPORT_MEMBERS, bytes, error);
  if (import == NULL)
    return FALSE;
  read = now_us ();
  problems = co_member_import_get_problems (import);
  if (problems->len > 0)
    {
      CoImportProblem *problem = g_ptr_array_index (problems, 0);
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                   "the generated file has %u problems; the first, line %u column %u: %s",
                   problems->len, problem->line, problem->column, problem->message);
      return FALSE;
    }
  if (!co_store_begin (store, error))
    return FALSE;
  if (!co_member_import_commit (import, CO_DUPLICATES_SKIP, &t->added, &t->updated, error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  written = now_us ();
  written_cpu = cpu_us ();
  /* As the window's import does (co_import_write_async()): the checkpoint after the import is
   * shown, timed apart, since it is still paid. */
  if (!co_store_exec (store, "PRAGMA wal_autocheckpoint = 0", error) || !co_store_commit (store, error))
    return FALSE;
  t->total = now_us () - start;
  t->sql_commit = now_us () - written;
  t->sql_commit_cpu = cpu_us () - written_cpu;
  t->cpu = cpu_us () - cpu_start;
  written = now_us ();
  written_cpu = cpu_us ();
  if (!co_store_exec (store, "PRAGMA wal_checkpoint (PASSIVE); PRAGMA wal_autocheckpoint = 1000", error))
    return FALSE;
  t->checkpoint = now_us () - written;
  t->checkpoint_cpu = cpu_us () - written_cpu;
  t->load = loaded - start;
  t->read = read - loaded;
  t->commit = t->total - t->load - t->read;
  return TRUE;
}

/* The hand-written floor: the same rows into the same tables, with the same indexes, by the best
 * SQL we could write by hand for this schema: the file parsed into a temporary table (as
 * .import does), then one INSERT … SELECT for the members, in sort-key order (the search
 * index's) with ids given in that order and clustered uuids, and one for their memberships, in
 * one transaction. No check but the schema's, no duplicates looked for, no tiers computed: what
 * an ideal import of our schema would still have to pay, which .import's bare table does not. */
typedef struct
{
  gint64 fill;     /* parsing the file into the temporary table */
  gint64 sort;     /* the rows with their sort keys, in that order */
  gint64 members;  /* INSERT INTO members … SELECT */
  gint64 memberships;
  gint64 commit;   /* COMMIT alone */
  gint64 checkpoint;  /* then the checkpoint the COMMIT would have made, apart */
  gint64 checkpoint_cpu;
  gint64 total;    /* all of the above */
  gint64 cpu;
  gint64 rows;
} HandFloor;

/* Measured by import_only_main() on copies of their own, printed by bench_import(): with the
 * schema's indexes, and without the search index of members (dropped before it is timed). */
static HandFloor hand_floor_result, hand_floor_bare_result;

static gboolean
run_hand_floor (CoStore     *store,
                const char  *csv_path,
                gboolean     without_search_index,
                HandFloor   *t,
                GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *now = co_store_now ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CoCsvReader) reader = NULL;
  const char * const *fields;
  guint n_fields;
  gsize length;
  sqlite3_stmt *stmt;
  gint64 group_id, base, start, cpu_start, filled, sorted, members, memberships, committed, committed_cpu;
  guint64 moment = (guint64) (g_get_real_time () / 1000);
  g_autofree char *prefix = g_strdup_printf ("%08x-%04x", (guint) (moment >> 16), (guint) (moment & 0xffff));

  if ((group_id = co_group_create (store, "手写地板群", 0, error)) == 0 ||
      (without_search_index && !co_store_exec (store, "DROP INDEX members_search", error)) ||
      /* The checkpoint the COMMIT would make, timed apart. */
      !co_store_exec (store, "PRAGMA wal_checkpoint (TRUNCATE); PRAGMA wal_autocheckpoint = 0", error))
    return FALSE;
  start = now_us ();
  cpu_start = cpu_us ();
  if (!g_file_get_contents (csv_path, &contents, &length, error))
    return FALSE;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if ((reader = co_csv_reader_new (bytes, error)) == NULL ||
      !co_csv_reader_next (reader, &fields, &n_fields, error) ||
      !co_store_exec (store, "CREATE TEMP TABLE floor_rows (nickname, real_name, city, industry, contact, source,"
                             " joined, tier, seed, core, points, notes)", error) ||
      /* The page cache the import takes while it writes (co-member-import.c). */
      !co_store_exec (store, "PRAGMA cache_size = -65536", error) ||
      !co_store_begin (store, error))
    return FALSE;
  /* The file's text as it is, empty fields as NULL: one prepared INSERT a row, like .import. */
  stmt = co_store_prepare (store, "INSERT INTO floor_rows VALUES (nullif (?1, ''), nullif (?2, ''), nullif (?3, ''),"
                                  " nullif (?4, ''), nullif (?5, ''), nullif (?6, ''), nullif (?7, ''),"
                                  " nullif (?8, ''), ?9, ?10, ?11, nullif (?12, ''))", error);
  if (stmt == NULL)
    goto failed;
  while (co_csv_reader_next (reader, &fields, &n_fields, error))
    {
      for (guint i = 0; i < 12; i++)
        sqlite3_bind_text (stmt, (int) i + 1, i < n_fields ? fields[i] : "", -1, SQLITE_STATIC);
      if (!co_store_step_done (store, stmt, error))
        goto failed;
      t->rows++;
    }
  if (error != NULL && *error != NULL)
    goto failed;
  filled = now_us ();
  /* Ids and uuids in sort-key order: every index of members then grows at one place but the
   * search index, which is in that order too, its new entries each once and in turn. */
  if (!co_store_exec (store, "CREATE TEMP TABLE floor_sorted AS"
                             " SELECT *, co_sort_key (nickname) AS key FROM floor_rows ORDER BY key", error))
    goto failed;
  sorted = now_us ();
  stmt = co_store_prepare (store, "SELECT coalesce (max (id), 0) FROM members", error);
  if (stmt == NULL)
    goto failed;
  base = co_store_step_int (stmt, 0);
  if (!co_store_set_names_trigger (store, FALSE, error))
    goto failed;
  stmt = co_store_prepare (store, "INSERT INTO members (id, uuid, nickname, real_name, city, industry, contact, source,"
                                  " notes, created_at, updated_at, sort_key, pinyin)"
                                  " SELECT ?1 + rowid, printf ('%s-7000-8000-%012x', ?2, rowid), nickname, real_name,"
                                  " city, industry, contact, source, notes, ?3, ?3, key, co_pinyin (nickname, real_name)"
                                  " FROM floor_sorted ORDER BY rowid", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, base);
  sqlite3_bind_text (stmt, 2, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  members = now_us ();
  stmt = co_store_prepare (store, "INSERT INTO memberships (member_id, group_id, joined_date, tier_id, tier_manual, seed,"
                                  " core, points, created_at, updated_at)"
                                  " SELECT ?1 + rowid, ?2, joined, (SELECT id FROM tiers WHERE group_id = ?2"
                                  " AND builtin = tier), tier IS NOT NULL, seed = '是', core = '是', CAST (points AS INTEGER),"
                                  " ?3, ?3 FROM floor_sorted ORDER BY rowid", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, base);
  sqlite3_bind_int64 (stmt, 2, group_id);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error) || !co_store_set_names_trigger (store, TRUE, error))
    goto failed;
  memberships = now_us ();
  if (!co_store_commit (store, error))
    return FALSE;
  committed = now_us ();
  committed_cpu = cpu_us ();
  if (!co_store_exec (store, "PRAGMA wal_checkpoint (PASSIVE); PRAGMA wal_autocheckpoint = 1000", error))
    return FALSE;
  t->total = now_us () - start;
  t->checkpoint = now_us () - committed;
  t->checkpoint_cpu = cpu_us () - committed_cpu;
  t->cpu = cpu_us () - cpu_start;
  t->fill = filled - start;
  t->sort = sorted - filled;
  t->members = members - sorted;
  t->memberships = memberships - members;
  t->commit = committed - memberships;
  return TRUE;

failed:
  co_store_rollback (store);
  return FALSE;
}

static double
rows_per_s (gint64 rows,
            gint64 us)
{
  return rows / MAX (to_s (us), 1e-6);
}

static void
remove_workspace (const char *path)
{
  for (guint i = 0; i < 3; i++)
    {
      static const char *const suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
}

static gboolean
bench_import (Bench    *b,
              gint      n_rows,
              gboolean  compare_names,
              GError  **error)
{
  g_autofree char *csv_path = g_build_filename (b->dir, "import-members.csv", NULL);
  g_autofree char *empty_path = g_build_filename (b->dir, "empty-workspace.db", NULL);
  g_autoptr(GBytes) csv = make_import_csv (b, n_rows);
  g_autofree char *size = g_format_size (g_bytes_get_size (csv));
  g_autofree char *rows = fmt_count (n_rows);
  g_autofree char *rate = NULL;
  g_autoptr(CoStore) empty = NULL;
  ImportTimes ours = { 0 }, alone = { 0 };
  gint64 floor_us, floor_cpu_us, start_us, floor_rows;

  if (!g_file_set_contents (csv_path, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), error))
    return FALSE;
  if (!import_file (b->store, csv_path, "导入测试群", &ours, error))
    return FALSE;
  if (!run_floor (b, csv_path, &floor_cpu_us, &floor_us, &start_us, &floor_rows, error))
    return FALSE;

  rate = fmt_count ((gint64) rows_per_s (n_rows, ours.total));
  printf ("import: %s rows in %.3f s = %s rows/s", rows, to_s (ours.total), rate);
  if (floor_us > 0)
    printf ("; sqlite3 .import floor %.3f s (process start %.3f s); ours/floor %.2fx\n",
            to_s (floor_us), to_s (start_us), (double) ours.total / floor_us);
  else
    printf ("; no sqlite3 program found: no floor\n");
  printf ("  file %s; load %.3f s, read and check %.3f s, commit (with the group's tiers) %.3f s,"
          " of which COMMIT %.3f s (processor %.3f s); added %u, updated %u; and before it the backup of the"
          " workspace %.3f s%s\n",
          size, to_s (ours.load), to_s (ours.read), to_s (ours.commit), to_s (ours.sql_commit),
          to_s (ours.sql_commit_cpu), ours.added, ours.updated,
          to_s (ours.backup), skip_backup ? " (--no-backup: none made)" : "");
  printf ("  then the checkpoint, which the window's import makes in the background once the import is shown"
          " (deferred, still paid): %.3f s, processor %.3f s; ours with it %.3f s, processor %.3f s\n",
          to_s (ours.checkpoint), to_s (ours.checkpoint_cpu), to_s (ours.total + ours.checkpoint),
          to_s (ours.cpu + ours.checkpoint_cpu));
  if (floor_us > 0)
    {
      g_autofree char *floor_text = fmt_count (floor_rows);
      g_autofree char *floor_rate = fmt_count ((gint64) rows_per_s (n_rows, floor_us));
      gint64 net = MAX (floor_us - start_us, 1);

      printf ("  floor: %s rows/s, %s rows in its table; less process start %.3f s, ours/floor %.2fx\n",
              floor_rate, floor_text, to_s (net), (double) ours.total / net);
      printf ("  processor time (what the other programs on a shared machine change less): ours %.3f s,"
              " the floor's %.3f s: %.2fx\n", to_s (ours.cpu), to_s (floor_cpu_us),
              (double) ours.cpu / MAX (floor_cpu_us, 1));
      printf ("  target: at least 100,000 rows/s: %s; no more than 2x the floor's time: %s\n",
              rows_per_s (n_rows, ours.total) >= 100000 ? "met" : "NOT met",
              ours.total <= 2 * floor_us ? "met" : "NOT met");
    }
  if (hand_floor_result.total > 0)
    {
      HandFloor *h = &hand_floor_result;
      g_autofree char *hand_rate = fmt_count ((gint64) rows_per_s (h->rows, h->total));

      printf ("  hand-written SQL floor (the same rows into the same tables and indexes, a copy of its own):"
              " %.3f s = %s rows/s, processor %.3f s; file into a temporary table %.3f s, sort keys %.3f s,"
              " INSERT members %.3f s, INSERT memberships %.3f s, COMMIT %.3f s, checkpoint %.3f s (processor"
              " %.3f s)\n",
              to_s (h->total), hand_rate, to_s (h->cpu), to_s (h->fill), to_s (h->sort), to_s (h->members),
              to_s (h->memberships), to_s (h->commit), to_s (h->checkpoint), to_s (h->checkpoint_cpu));
      if (hand_floor_bare_result.total > 0)
        {
          HandFloor *bare = &hand_floor_bare_result;

          printf ("    the same without the search index of members: %.3f s, processor %.3f s; INSERT members %.3f s,"
                  " COMMIT %.3f s, checkpoint %.3f s: the index costs %.3f s (processor %.3f s)\n",
                  to_s (bare->total), to_s (bare->cpu), to_s (bare->members), to_s (bare->commit),
                  to_s (bare->checkpoint), to_s (h->total - bare->total), to_s (h->cpu - bare->cpu));
        }
      printf ("    ours/hand-written, both without the checkpoint %.2fx (processor %.2fx), both with it %.2fx"
              " (processor %.2fx); hand-written/.import %.2fx (processor %.2fx); no more than 2x the hand-written"
              " floor: %s\n",
              (double) ours.total / MAX (h->total - h->checkpoint, 1),
              (double) ours.cpu / MAX (h->cpu - h->checkpoint_cpu, 1),
              (double) (ours.total + ours.checkpoint) / MAX (h->total, 1),
              (double) (ours.cpu + ours.checkpoint_cpu) / MAX (h->cpu, 1),
              (double) h->total / MAX (floor_us, 1), (double) h->cpu / MAX (floor_cpu_us, 1),
              ours.total + ours.checkpoint <= 2 * h->total ? "met" : "NOT met");
    }
  if (ours.added != (guint) n_rows)
    printf ("  WARNING: %u rows were added, not %d\n", ours.added, n_rows);

  /* For comparison only: how much of that is the size of the workspace. */
  empty = co_store_open (empty_path, error);
  if (empty == NULL || !import_file (empty, csv_path, "导入测试群", &alone, error))
    return FALSE;
  {
    g_autofree char *alone_rate = fmt_count ((gint64) rows_per_s (n_rows, alone.total));

    printf ("  the same file into an empty workspace: %.3f s = %s rows/s (read and check %.3f s,"
            " commit %.3f s); processor time %.3f s\n",
            to_s (alone.total), alone_rate, to_s (alone.read), to_s (alone.commit), to_s (alone.cpu));
  }
  g_clear_object (&empty);
  remove_workspace (empty_path);
  if (!compare_names)
    return TRUE;

  /* What pinyin and sort keys cost: the same file into an empty workspace with them and as it
   * was before them (no triggers, the columns left empty), in turns, the best of three each:
   * on a shared machine one run can take twice another. */
  {
    gint64 best[2] = { G_MAXINT64, G_MAXINT64 }, best_cpu[2] = { G_MAXINT64, G_MAXINT64 };
    double cost, cpu_cost;

    for (guint run = 0; run < 6; run++)
      {
        gboolean with_names = run % 2 == 0;
        ImportTimes t = { 0 };

        empty = co_store_open (empty_path, error);
        if (empty == NULL ||
            (!with_names &&
             !co_store_exec (empty, "DROP TRIGGER members_names_added; DROP TRIGGER members_names_changed;", error)))
          return FALSE;
        co_names_set_indexing (with_names);
        if (!import_file (empty, csv_path, "导入测试群", &t, error))
          return FALSE;
        co_names_set_indexing (TRUE);
        g_clear_object (&empty);
        remove_workspace (empty_path);
        best[with_names] = MIN (best[with_names], t.total);
        best_cpu[with_names] = MIN (best_cpu[with_names], t.cpu);
      }
    cost = (double) best[TRUE] / MAX (best[FALSE], 1) - 1;
    cpu_cost = (double) best_cpu[TRUE] / MAX (best_cpu[FALSE], 1) - 1;
    printf ("  into an empty workspace, best of 3: with pinyin and sort keys %.3f s, without %.3f s;"
            " they add %.1f %% (floor 20 %%): %s\n", to_s (best[TRUE]), to_s (best[FALSE]), 100 * cost,
            cost <= 0.20 ? "met" : "NOT met");
    printf ("    processor time (what other programs on the machine change less): with %.3f s, without"
            " %.3f s: %.1f %% more\n", to_s (best_cpu[TRUE]), to_s (best_cpu[FALSE]), 100 * cpu_cost);
  }
  return TRUE;
}

/* ---- the Members page -------------------------------------------------------------------- */

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 start = now_us ();
  gint result = g_poll (fds, n_fds, timeout);

  poll_us += now_us () - start;
  return result;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *w)
{
  /* A new list's first rows; a filtered list's first change, emptying it included. */
  if (w->first_change == 0 && (g_list_model_get_n_items (model) > 0 || removed > 0))
    w->first_change = now_us ();
}

static void
loaded_cb (CoMemberList *list,
           Watch        *w)
{
  w->finished = now_us ();
  w->loaded = TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  ((Watch *) data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static CoMemberList *
new_list (Bench *b,
          Watch *w)
{
  CoMemberList *list = co_member_list_new (b->store);

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), w);
  g_signal_connect (list, "loaded", G_CALLBACK (loaded_cb), w);
  return list;
}

/* Starts @query and runs the main loop until the list says it loaded. Returns the time
 * set_query took on the main thread; each main-loop iteration's busy time goes to @busy. */
static gint64
run_query (CoMemberList        *list,
           const CoMemberQuery *query,
           Watch               *w,
           GArray              *busy)
{
  guint timeout;
  gint64 stall;

  w->first_change = w->finished = 0;
  w->loaded = w->timed_out = FALSE;
  w->started = now_us ();
  co_member_list_set_query (list, query);
  stall = now_us () - w->started;

  timeout = g_timeout_add_seconds (LOAD_TIMEOUT_S, timeout_cb, w);
  while (!w->loaded && !w->timed_out)
    {
      gint64 start = now_us ();

      poll_us = 0;
      g_main_context_iteration (NULL, TRUE);
      if (busy != NULL)
        append_us (busy, now_us () - start - poll_us);
    }
  if (w->timed_out)
    {
      printf ("ERROR: the list did not emit ::loaded within %d s (is_loading %d, %u items)\n",
              LOAD_TIMEOUT_S, co_member_list_is_loading (list), g_list_model_get_n_items (G_LIST_MODEL (list)));
      exit (1);
    }
  g_source_remove (timeout);
  return stall;
}

static void
bench_first_rows (Bench      *b,
                  const char *label)
{
  Watch w = { 0 };
  g_autoptr(CoMemberList) list = new_list (b, &w);
  g_autoptr(GArray) busy = new_times ();
  CoMemberQuery query = { .group_id = 0, .show = CO_MEMBER_SHOW_ALL, .sort = CO_MEMBER_NICKNAME };
  gint64 stall = run_query (list, &query, &w, busy);
  g_autofree char *count = fmt_count (g_list_model_get_n_items (G_LIST_MODEL (list)));

  printf ("members page, all groups, by nickname (%s): %s rows; first rows %s%.1f ms, all rows %.3f s;"
          " set_query %.3f ms on the main thread, longest main-loop iteration %.2f ms\n",
          label, count, w.first_change ? "" : "NEVER (no items-changed) ",
          to_ms ((w.first_change ? w.first_change : w.finished) - w.started), to_s (w.finished - w.started),
          to_ms (stall), to_ms (percentile (busy, 1000)));
}

/* Columns a terminal gives @text: Chinese characters take two. */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

/* Types each word one character at a time, waiting for each keystroke's results; clears the
 * field between words (not measured). */
static void
bench_keystrokes (Bench      *b,
                  gint64      group_id,
                  const char *scope)
{
  Watch w = { 0 };
  g_autoptr(CoMemberList) list = new_list (b, &w);
  g_autoptr(GArray) stalls = new_times ();
  g_autoptr(GArray) shown = new_times ();
  g_autoptr(GArray) first = new_times ();
  g_autoptr(GArray) busy = new_times ();
  CoMemberQuery query = { .group_id = group_id, .show = CO_MEMBER_SHOW_ALL, .sort = CO_MEMBER_NICKNAME };
  g_autofree char *total = NULL;

  run_query (list, &query, &w, NULL);
  total = fmt_count (g_list_model_get_n_items (G_LIST_MODEL (list)));
  printf ("filter keystrokes, %s (%s rows unfiltered):\n", scope, total);

  for (guint i = 0; i < G_N_ELEMENTS (search_words); i++)
    {
      const char *word = search_words[i];
      GString *line = g_string_new (NULL);
      guint keys = 0;

      for (const char *end = g_utf8_next_char (word); ; end = g_utf8_next_char (end))
        {
          g_autofree char *typed = g_strndup (word, end - word);

          query.search = typed;
          append_us (stalls, run_query (list, &query, &w, busy));
          append_us (shown, w.finished - w.started);
          if (w.first_change != 0)
            append_us (first, w.first_change - w.started);
          g_string_append_printf (line, " %.1f", to_ms (w.finished - w.started));
          keys++;
          if (*end == '\0')
            break;
        }
      {
        g_autofree char *matches = fmt_count (g_list_model_get_n_items (G_LIST_MODEL (list)));
        printf ("  %s%*s %2u keys, %9s matches; shown after (ms):%s\n", word, 14 - display_width (word), "",
                keys, matches, line->str);
      }
      g_string_free (line, TRUE);
      query.search = NULL;
      run_query (list, &query, &w, NULL);
    }
  print_spread ("(a) set_query on the main thread:", stalls);
  print_spread ("(b) results shown (::loaded):", shown);
  print_spread ("    first change (items-changed):", first);
  print_spread ("    main-loop iterations meanwhile:", busy);
  printf ("  main-loop iterations over 16 ms: %u of %u; target p99 of the keystroke stall <= 16 ms: %s\n",
          count_over (busy, FRAME_US), busy->len, percentile (stalls, 990) <= FRAME_US ? "met" : "NOT met");
  printf ("  targets: main-thread time per keystroke p99 %.2f ms (floor 16 ms): %s;"
          " first rows p99 %.1f ms (floor 100 ms): %s\n",
          to_ms (percentile (stalls, 990)), percentile (stalls, 990) <= FRAME_US ? "met" : "NOT met",
          to_ms (percentile (first, 990)), percentile (first, 990) <= FIRST_ROWS_US ? "met" : "NOT met");
}

/* The group whose current members are closest to @size. */
static gint64
group_near (Bench  *b,
            gint64  size,
            gint64 *n_members)
{
  sqlite3_stmt *stmt = co_store_prepare (b->store,
    "SELECT group_id, count(*) AS n FROM memberships WHERE deleted_at IS NULL AND left_date IS NULL"
    " GROUP BY group_id ORDER BY abs (n - ?) LIMIT 1", NULL);
  gint64 id = 0;

  *n_members = 0;
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, size);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      *n_members = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return id;
}

/* Asks for every row in order, as a list view scrolled from top to bottom would, a screen of
 * rows per frame. */
static void
bench_scroll (Bench *b)
{
  Watch w = { 0 };
  g_autoptr(CoMemberList) list = new_list (b, &w);
  g_autoptr(GArray) frames = new_times ();
  CoMemberQuery query = { .group_id = 0, .show = CO_MEMBER_SHOW_ALL, .sort = CO_MEMBER_NICKNAME };
  guint n, missing = 0;
  gint64 slowest = 0, frame = 0, start;

  run_query (list, &query, &w, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  start = now_us ();
  for (guint i = 0; i < n; i++)
    {
      gint64 before = now_us ();
      CoMember *member = g_list_model_get_item (G_LIST_MODEL (list), i);
      gint64 took;

      if (member == NULL || co_member_get (member, CO_MEMBER_NICKNAME) == NULL)
        missing++;
      g_clear_object (&member);
      took = now_us () - before;
      slowest = MAX (slowest, took);
      frame += took;
      if ((i + 1) % ROWS_PER_FRAME == 0 || i + 1 == n)
        {
          append_us (frames, frame);
          frame = 0;
        }
    }
  {
    g_autofree char *rows = fmt_count (n);
    g_autofree char *n_frames = fmt_count (frames->len);

    printf ("scrolling, all groups: %s rows in %s frames of %d in %.2f s; slowest get_item %.2f ms;"
            " frames p50 %.2f ms, p99 %.2f ms, max %.2f ms; frames over 16 ms: %u\n",
            rows, n_frames, ROWS_PER_FRAME, to_s (now_us () - start), to_ms (slowest),
            to_ms (percentile (frames, 500)), to_ms (percentile (frames, 990)), to_ms (percentile (frames, 1000)),
            count_over (frames, FRAME_US));
    if (missing > 0)
      printf ("  WARNING: %u rows came back empty or NULL\n", missing);
  }
}

/* Catches the search index up with the members added since it last was, 500 a step as the
 * window does in idle moments (co_member_search_index_keep()), and says what that cost. */
static void
bench_index_catch_up (Bench      *b,
                      const char *what)
{
  g_autoptr(GError) error = NULL;
  gint64 start = now_us (), cpu = cpu_us (), longest = 0;
  guint steps = 0;

  for (;;)
    {
      gint64 before = now_us ();
      gboolean more = co_member_search_index_step (b->store, 500, &error);

      longest = MAX (longest, now_us () - before);
      if (!more)
        break;
      steps++;
    }
  if (error != NULL)
    {
      printf ("ERROR: indexing for the search: %s\n", error->message);
      exit (1);
    }
  printf ("search index: %s, %u steps of 500 members in %.2f s, %.2f s of CPU; longest step %.1f ms\n", what, steps,
          to_s (now_us () - start), to_s (cpu_us () - cpu), to_ms (longest));
}

/* ---- main -------------------------------------------------------------------------------- */


/* Linux: writing 5 to clear_refs starts the peak resident set size (ru_maxrss) over. */
static gboolean
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  if (file == NULL)
    return FALSE;
  /* Both run, whatever the first gives: the file must be closed. */
  gboolean written = fputs ("5", file) >= 0;
  return fclose (file) == 0 && written;
}

/* ---- segments ----------------------------------------------------------------------------- */

#define SEGMENT_RUNS 40

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* The @percent-th of @times, sorted in place. */
static double
percentile_ms (GArray *times,
               int     percent)
{
  g_array_sort (times, compare_gint64);
  return to_ms (g_array_index (times, gint64, MIN (times->len - 1, times->len * percent / 100)));
}

/* What this thread has run, in µs: wall-clock time on a shared machine also counts the others. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* A count through co_segment_count(), then the same question as one hand-written statement on a
 * connection of its own, each SEGMENT_RUNS times. */
static void
bench_one_segment (Bench                 *b,
                   sqlite3               *db,
                   const char            *name,
                   gint64                 group_id,
                   const CoSegmentFilter *filter,
                   const char            *floor_sql)
{
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ours_cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) floor = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) floor_cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 count = -1, floor_count = -1;
  sqlite3_stmt *stmt = NULL;
  double p99;

  for (int i = 0; i < SEGMENT_RUNS; i++)
    {
      gint64 start = now_us (), cpu = thread_cpu_us ();

      count = co_segment_count (b->store, group_id, filter, NULL, &error);
      g_array_append_val (ours, (gint64) { now_us () - start });
      g_array_append_val (ours_cpu, (gint64) { thread_cpu_us () - cpu });
      if (count < 0)
        {
          printf ("  ERROR: %s\n", error->message);
          return;
        }
    }
  if (sqlite3_prepare_v2 (db, floor_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      printf ("  ERROR in the floor's SQL: %s\n", sqlite3_errmsg (db));
      return;
    }
  for (int i = 0; i < SEGMENT_RUNS; i++)
    {
      gint64 start = now_us (), cpu = thread_cpu_us ();

      sqlite3_bind_int64 (stmt, 1, group_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        floor_count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      g_array_append_val (floor, (gint64) { now_us () - start });
      g_array_append_val (floor_cpu, (gint64) { thread_cpu_us () - cpu });
    }
  sqlite3_finalize (stmt);
  p99 = percentile_ms (ours, 99);
  printf ("  %-40s %7" G_GINT64_FORMAT " members; p50 %6.1f ms, p99 %6.1f ms (CPU p50 %5.1f, p99 %5.1f);"
          " floor p50 %6.1f ms, p99 %6.1f ms (CPU p50 %5.1f, p99 %5.1f)%s; p99 <= 200 ms: %s\n",
          name, count, percentile_ms (ours, 50), p99, percentile_ms (ours_cpu, 50), percentile_ms (ours_cpu, 99),
          percentile_ms (floor, 50), percentile_ms (floor, 99), percentile_ms (floor_cpu, 50),
          percentile_ms (floor_cpu, 99), floor_count == count ? "" : " (THE FLOOR COUNTS ANOTHER NUMBER)",
          p99 <= 200 ? "yes" : "NO");
}

/* Tags on a share of the people, then the counts of a few segments over every group and over
 * one group. */
static gboolean
bench_segments (Bench    *b,
                gint64    group_id,
                GError  **error)
{
  g_autoptr(CoSegmentFilter) core_sz = co_segment_filter_new ();
  g_autoptr(CoSegmentFilter) quiet_seeds = co_segment_filter_new ();
  g_autoptr(CoSegmentFilter) photo_points = co_segment_filter_new ();
  g_autoptr(CoSegmentFilter) active = co_segment_filter_new ();
  g_autoptr(CoTag) shenzhen = NULL, photo = NULL;
  g_autofree char *today = co_date_today ();
  gint64 region, interest, start = now_us ();
  sqlite3 *db = NULL;
  const char *scopes[] = { "every group", "one group" };

  /* A workspace of an earlier run (--segments-only) has them already. */
  if (co_tag_find (b->store, "深圳", NULL) != 0)
    {
      shenzhen = co_tag_get (b->store, co_tag_find (b->store, "深圳", NULL), error);
      photo = co_tag_get (b->store, co_tag_find (b->store, "摄影", NULL), error);
      if (shenzhen == NULL || photo == NULL)
        return FALSE;
    }
  else if ((region = co_tag_group_add (b->store, "地区", error)) == 0 ||
           (interest = co_tag_group_add (b->store, "兴趣", error)) == 0 ||
           (shenzhen = co_tag_get (b->store, co_tag_add (b->store, region, "深圳", error), error)) == NULL ||
           (photo = co_tag_get (b->store, co_tag_add (b->store, interest, "摄影", error), error)) == NULL)
    return FALSE;
  else
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN; INSERT INTO member_tags (tag_id, member_id)"
                                              " SELECT %" G_GINT64_FORMAT ", id FROM members WHERE id %% 8 = 0;"
                                              " INSERT INTO member_tags (tag_id, member_id)"
                                              " SELECT %" G_GINT64_FORMAT ", id FROM members WHERE id %% 5 = 0; COMMIT;",
                                              shenzhen->id, photo->id);
      if (!co_store_exec (b->store, sql, error))
        return FALSE;
    }
  printf ("segments: tags on 1 in 8 and 1 in 5 people (set in %.1f s)\n", (now_us () - start) / 1e6);

  core_sz->core = 1;
  co_segment_filter_add_tag (core_sz, shenzhen->uuid);
  quiet_seeds->seed = 1;
  quiet_seeds->silent_days = 30;
  co_segment_filter_add_tag (photo_points, photo->uuid);
  photo_points->min_points = 300;
  active->active_days = 7;

  if (sqlite3_open_v2 (b->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }
  for (guint s = 0; s < G_N_ELEMENTS (scopes); s++)
    {
      gint64 scope = s == 0 ? 0 : group_id;
      /* ?1 is the group; every group's floor does not look at it. */
      const char *in_scope = s == 0 ? "?1 = 0" : "s.group_id = ?1";
      g_autofree char *quiet_sql = g_strdup_printf (
        "SELECT count (*) FROM memberships s WHERE %s AND s.deleted_at IS NULL AND s.left_date IS NULL AND s.seed = 1"
        " AND (s.last_active IS NULL OR s.last_active <= date ('%s', '-30 days'))", in_scope, today);
      g_autofree char *active_sql = g_strdup_printf (
        "SELECT count (*) FROM memberships s WHERE %s AND s.deleted_at IS NULL AND s.left_date IS NULL"
        " AND s.last_active > date ('%s', '-7 days')", in_scope, today);
      g_autofree char *tag_sql = g_strdup_printf (
        "SELECT count (*) FROM member_tags t JOIN memberships s ON s.member_id = t.member_id"
        " WHERE t.tag_id = %" G_GINT64_FORMAT " AND %s AND s.deleted_at IS NULL"
        " AND s.left_date IS NULL AND s.core = 1", shenzhen->id, in_scope);
      g_autofree char *points_sql = g_strdup_printf (
        "SELECT count (*) FROM member_tags t JOIN memberships s ON s.member_id = t.member_id"
        " WHERE t.tag_id = %" G_GINT64_FORMAT " AND %s AND s.deleted_at IS NULL"
        " AND s.left_date IS NULL AND s.points >= 300", photo->id, in_scope);

      printf ("segment counts, %s (%d runs each; the floor is one hand-written statement):\n", scopes[s],
              SEGMENT_RUNS);
      bench_one_segment (b, db, "core members tagged Shenzhen", scope, core_sz, tag_sql);
      bench_one_segment (b, db, "seed users quiet for 30 days", scope, quiet_seeds, quiet_sql);
      bench_one_segment (b, db, "tagged Photography, 300 points or more", scope, photo_points, points_sql);
      bench_one_segment (b, db, "active in the last 7 days", scope, active, active_sql);
      fflush (stdout);
    }
  sqlite3_close (db);
  return TRUE;
}

static int
fail (GError *error)
{
  fprintf (stderr, "bench-members: %s\n", error->message);
  g_error_free (error);
  return 1;
}

/* The import alone, into a copy of the workspace in b->dir, which stays as generated: each run
 * imports the same new people into the same workspace. */
static int
import_only_main (Bench *b,
                  gint   n_import)
{
  g_autofree char *copy_path = g_build_filename (b->dir, "import-copy.db", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (b->db_path);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *pristine = b->db_path;
  sqlite3_stmt *stmt;
  gint64 start = now_us ();

  if (!g_file_test (b->db_path, G_FILE_TEST_EXISTS))
    {
      fprintf (stderr, "bench-members: --import-only needs the workspace of --generate-only in --dir\n");
      return 1;
    }
  b->dates = bench_make_dates ();
  co_names_set_locale ("zh_CN");
  /* First the hand-written floors, each on a copy of its own; then ours on a fresh copy. */
  for (guint pass = 0; pass < 3; pass++)
    {
      remove_workspace (copy_path);
      if (!g_file_copy (source, copy, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
        return fail (g_steal_pointer (&error));
      if ((b->store = co_store_open (copy_path, &error)) == NULL)
        return fail (g_steal_pointer (&error));
      printf ("bench-members: a copy of %s (%.1f s), SQLite library %s\n", pristine, to_s (now_us () - start),
              sqlite3_libversion ());
      stmt = co_store_prepare (b->store, "SELECT count (*) FROM members", &error);
      if (stmt == NULL)
        return fail (g_steal_pointer (&error));
      b->n_members = co_store_step_int (stmt, 0);
      fflush (stdout);
      if (pass == 2)
        break;
      {
        g_autofree char *csv_path = g_build_filename (b->dir, "import-members.csv", NULL);
        g_autoptr(GBytes) csv = make_import_csv (b, n_import);

        if (!g_file_set_contents (csv_path, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), &error) ||
            !run_hand_floor (b->store, csv_path, pass == 1, pass == 0 ? &hand_floor_result : &hand_floor_bare_result,
                             &error))
          return fail (g_steal_pointer (&error));
      }
      g_clear_object (&b->store);
      start = now_us ();
    }
  b->db_path = copy_path;
  if (!bench_import (b, n_import, FALSE, &error))
    return fail (g_steal_pointer (&error));
  g_clear_object (&b->store);
  remove_workspace (copy_path);
  b->db_path = g_steal_pointer (&pristine);
  g_ptr_array_unref (b->dates);
  g_free (b->dir);
  g_free (b->db_path);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  gint n_groups = 1000, n_import = 100000;
  gboolean search_only = FALSE;
  gint64 n_members = 1000000, n_activity = 10000000, group_size = 0, group_id;
  gboolean segments_only = FALSE, generate_only = FALSE, import_only = FALSE;
  g_autofree char *dir = NULL;
  GOptionEntry entries[] = {
    { "groups", 0, 0, G_OPTION_ARG_INT, &n_groups, "Groups to generate (1000)", "N" },
    { "members", 0, 0, G_OPTION_ARG_INT64, &n_members, "Members to generate (1000000)", "N" },
    { "activity", 0, 0, G_OPTION_ARG_INT64, &n_activity, "Activity rows to generate (10000000)", "N" },
    { "import", 0, 0, G_OPTION_ARG_INT, &n_import, "Rows of the CSV file to import (100000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the workspace (default: a new temporary one)",
      "DIR" },
    { "segments-only", 0, 0, G_OPTION_ARG_NONE, &segments_only,
      "Only the segment counts, on the workspace an earlier run left in --dir (generating takes long)", NULL },
    { "search-only", 0, 0, G_OPTION_ARG_NONE, &search_only,
      "Only the search as you type, on the workspace an earlier run left in --dir", NULL },
    { "generate-only", 0, 0, G_OPTION_ARG_NONE, &generate_only,
      "Only generate the workspace in --dir, for --import-only", NULL },
    { "import-only", 0, 0, G_OPTION_ARG_NONE, &import_only,
      "Only the import (without the cost of pinyin), into a copy of the workspace --generate-only left in --dir", NULL },
    { "no-backup", 0, 0, G_OPTION_ARG_NONE, &skip_backup,
      "With --import-only: make no backup before the import (it is timed apart and takes minutes on a big workspace)",
      NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— benchmark the members feature");
  g_autoptr(GError) error = NULL;
  g_autofree char *shell_version = NULL;
  Bench b = { 0 };
  struct rusage usage;
  long generate_rss_kb, import_rss_kb;
  gboolean rss_reset;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (g_steal_pointer (&error));
  if (n_groups < 1 || n_members < 1 || n_members > G_MAXUINT32 || n_activity < 0 || n_import < 1)
    {
      fprintf (stderr, "bench-members: --groups, --members and --import take at least 1, --activity 0\n");
      return 1;
    }

  if (dir != NULL)
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          fprintf (stderr, "bench-members: could not create %s\n", dir);
          return 1;
        }
      b.dir = g_strdup (dir);
    }
  else
    {
      b.dir = g_dir_make_tmp ("bench-members-XXXXXX", &error);
      if (b.dir == NULL)
        return fail (g_steal_pointer (&error));
      b.own_dir = TRUE;
    }
  b.db_path = g_build_filename (b.dir, "workspace.db", NULL);
  if (segments_only)
    {
      b.store = co_store_open (b.db_path, &error);
      if (b.store == NULL || !g_file_test (b.db_path, G_FILE_TEST_EXISTS))
        return fail (error != NULL ? g_steal_pointer (&error)
                     : g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "--segments-only needs --dir of an earlier run"));
      b.group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      group_id = group_near (&b, 1000, &group_size);
      printf ("bench-members: %s; SQLite library %s; one group: id %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " members\n",
              b.db_path, sqlite3_libversion (), group_id, group_size);
      if (!bench_segments (&b, group_id, &error))
        return fail (g_steal_pointer (&error));
      g_clear_object (&b.store);
      return 0;
    }
  if (search_only)
    {
      g_main_context_set_poll_func (NULL, timed_poll);
      co_names_set_locale ("zh_CN");
      b.store = co_store_open (b.db_path, &error);
      if (b.store == NULL)
        return fail (g_steal_pointer (&error));
      bench_index_catch_up (&b, "the members not indexed yet");
      bench_keystrokes (&b, 0, "all groups");
      g_clear_object (&b.store);
      return 0;
    }
  if (import_only)
    return import_only_main (&b, n_import);
  if (g_file_test (b.db_path, G_FILE_TEST_EXISTS))
    {
      fprintf (stderr, "bench-members: %s exists already; give an empty folder\n", b.db_path);
      return 1;
    }
  b.dates = bench_make_dates ();
  /* A Chinese user's order: pinyin. */
  co_names_set_locale ("zh_CN");
  b.group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_main_context_set_poll_func (NULL, timed_poll);

  {
    const char *version_argv[] = { "sqlite3", "-version", NULL };
    gint64 unused;
    g_autofree char *program = g_find_program_in_path ("sqlite3");

    if (program != NULL && run_sqlite3 (version_argv, &unused, &shell_version, NULL))
      g_strchomp (shell_version);
  }
  printf ("bench-members: %s; SQLite library %s, sqlite3 shell %s\n", b.db_path, sqlite3_libversion (),
          shell_version ? shell_version : "not found");
  fflush (stdout);

  b.store = co_store_open (b.db_path, &error);
  if (b.store == NULL || !bench_generate (&b, n_groups, n_members, n_activity, &error))
    return fail (g_steal_pointer (&error));

  if (generate_only)
    {
      g_clear_object (&b.store);
      return 0;
    }
  /* Generating took a large cache on purpose: close the workspace, give its memory back and
   * start counting peak memory again, then open it as the app would. */
  g_clear_object (&b.store);
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  getrusage (RUSAGE_SELF, &usage);
  generate_rss_kb = usage.ru_maxrss;
  rss_reset = reset_peak_rss ();
  {
    gint64 start = now_us ();

    b.store = co_store_open (b.db_path, &error);
    if (b.store == NULL)
      return fail (g_steal_pointer (&error));
    printf ("open: the workspace opens in %.1f ms\n", to_ms (now_us () - start));
  }
  fflush (stdout);

  bench_index_catch_up (&b, "every member generated");
  if (!bench_import (&b, n_import, TRUE, &error))
    return fail (g_steal_pointer (&error));
  bench_index_catch_up (&b, "the members the import added");
  /* The import's page cache is its own; what the members list needs is counted from here. */
  getrusage (RUSAGE_SELF, &usage);
  import_rss_kb = usage.ru_maxrss;
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  rss_reset = rss_reset && reset_peak_rss ();
  fflush (stdout);

  bench_first_rows (&b, "new list");
  bench_first_rows (&b, "again, another new list");
  fflush (stdout);

  bench_keystrokes (&b, 0, "all groups");
  fflush (stdout);
  group_id = group_near (&b, 1000, &group_size);
  {
    g_autofree char *scope = g_strdup_printf ("one group (id %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " current members)",
                                               group_id, group_size);
    bench_keystrokes (&b, group_id, scope);
  }
  fflush (stdout);

  bench_scroll (&b);
  fflush (stdout);

  if (!bench_segments (&b, group_id, &error))
    return fail (g_steal_pointer (&error));

  getrusage (RUSAGE_SELF, &usage);
  if (rss_reset)
    printf ("peak RSS: %.1f MB with the members lists (%.1f MB during the import, %.1f MB while generating,"
            " with a cache of up to 1 GB)\n", usage.ru_maxrss / 1024.0, import_rss_kb / 1024.0, generate_rss_kb / 1024.0);
  else
    printf ("peak RSS: %.1f MB, generating included (with a cache of up to 1 GB)\n", usage.ru_maxrss / 1024.0);

  g_clear_object (&b.store);
  g_ptr_array_unref (b.dates);
  g_array_unref (b.group_ids);
  if (b.own_dir)
    test_remove_tree (b.dir);
  g_free (b.dir);
  g_free (b.db_path);
  return 0;
}

