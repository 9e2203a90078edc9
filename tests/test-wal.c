/* test-wal.c: the write-ahead log stays bounded while the members' search index catches up in
 * a worker, or the sort keys are computed again in another language, and another connection
 * holds one snapshot all along (the daily backup's VACUUM INTO of a big workspace reads for
 * minutes): the worker waits for the reader rather than growing the -wal file, and once the
 * reader is done, it finishes with the data intact and the file cut back. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <sqlite3.h>

#include "core/formats/co-names.h"
#include "core/groups/co-group.h"
#include "core/members/co-member.h"
#include "core/members/co-member-search-index.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

/* Small, for a test workspace to reach it: the catch-up of MEMBERS writes several times as much. */
#define LOG_LIMIT (128 * 1024)
/* The limit, and one step of the catch-up (500 members' trigrams, FTS5 merging its segments) past it. */
#define LOG_BOUND (LOG_LIMIT + 1024 * 1024)
#define MEMBERS 12000

static gint64
wal_size (CoStore *store)
{
  g_autofree char *wal = g_strconcat (co_store_get_path (store), "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) == 0 ? (gint64) st.st_size : 0;
}

static gint64
unindexed (CoStore *store)
{
  return test_sql_count (store, "SELECT count (*) FROM members WHERE id > (SELECT indexed_to FROM members_fts_state)");
}

/* Iterates the main context until @done, @seconds at most, reading on the store's own
 * connection meanwhile as the window does; returns the largest size of the -wal file seen. */
static gint64
iterate_until (gboolean    (*done) (CoStore *store),
               CoStore      *store,
               guint         seconds,
               const char   *what)
{
  gint64 give_up = g_get_monotonic_time () + seconds * G_TIME_SPAN_SECOND;
  gint64 peak = wal_size (store);

  while (!done (store))
    {
      if (g_get_monotonic_time () > give_up)
        g_error ("Waited %u s in vain for %s (-wal file at most %" G_GINT64_FORMAT " bytes)", seconds, what, peak);
      g_assert_cmpint (test_sql_count (store, "SELECT count (*) FROM members"), ==, MEMBERS);
      g_main_context_iteration (NULL, FALSE);
      peak = MAX (peak, wal_size (store));
      g_usleep (5000);
    }
  return MAX (peak, wal_size (store));
}

static gboolean
put_off_thrice (CoStore *store)
{
  return co_member_search_index_get_n_refused (store) >= 3 || !co_member_search_index_is_running (store);
}

static gboolean
index_idle (CoStore *store)
{
  return !co_member_search_index_is_running (store);
}

static void
add_members (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_store_begin (f->store, &error));
  for (guint i = 0; i < MEMBERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Walmember%05u 群成员%u", i, i * 7919 % 10007);

      g_assert_cmpint (co_member_add (f->store, f->group, name, &error), >, 0);
      g_assert_no_error (error);
    }
  g_assert_true (co_store_commit (f->store, &error));
}

/* A reader's snapshot, as long as a backup's: its statement left on a row. */
static sqlite3 *
hold_snapshot (CoStore       *store,
               sqlite3_stmt **stmt)
{
  sqlite3 *reader = NULL;

  g_assert_cmpint (sqlite3_open_v2 (co_store_get_path (store), &reader, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (reader, "SELECT id FROM members", -1, stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (*stmt), ==, SQLITE_ROW);
  return reader;
}

static void
test_catch_up_beside_a_long_reader (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;
  sqlite3 *reader = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 peak, finished;

  add_members (f);
  g_assert_cmpint (unindexed (f->store), ==, MEMBERS);
  test_sql_exec (f->store, "PRAGMA wal_checkpoint(TRUNCATE)");
  g_assert_cmpint (wal_size (f->store), ==, 0);

  reader = hold_snapshot (f->store, &stmt);

  co_member_search_index_keep (f->store);
  g_assert_true (co_member_search_index_is_running (f->store));
  peak = iterate_until (put_off_thrice, f->store, 30, "the catch-up to wait for the reader");
  g_test_message ("-wal file at most %" G_GINT64_FORMAT " bytes beside the reader", peak);
  g_assert_cmpint (peak, <=, LOG_BOUND);
  g_assert_true (co_member_search_index_is_running (f->store));
  g_assert_cmpint (unindexed (f->store), >, 0);

  sqlite3_finalize (stmt);
  sqlite3_close (reader);
  finished = iterate_until (index_idle, f->store, 60, "the catch-up to finish");
  peak = MAX (peak, finished);
  g_test_message ("-wal file at most %" G_GINT64_FORMAT " bytes in all", peak);
  g_assert_cmpint (peak, <=, LOG_BOUND);
  g_assert_cmpint (unindexed (f->store), ==, 0);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members_fts WHERE members_fts MATCH '\"r05\"'"),
                   ==, 1000);
  check = test_sql_rows (f->store, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");

  /* Emptied once the reader is gone, the file is cut back to the limit at the next write. */
  test_sql_exec (f->store, "PRAGMA wal_checkpoint(PASSIVE)");
  g_assert_cmpint (co_member_add (f->store, f->group, "Latecomer", &error), >, 0);
  g_assert_cmpint (wal_size (f->store), <=, LOG_LIMIT);
}

static gboolean
rekeyed (CoStore *store)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (store), "test-rekeyed")) != 0;
}

static void
note_rekeyed (CoStore    *store,
              const char *table,
              gint64      group_id)
{
  g_object_set_data (G_OBJECT (store), "test-rekeyed", GUINT_TO_POINTER (1));
}

static gint64 watched_until;

static gboolean
rekeyed_or_watched (CoStore *store)
{
  return rekeyed (store) || g_get_monotonic_time () > watched_until;
}

/* The sort keys of another language, computed again in the background: beside the reader, the
 * re-key (12,000 keys in some 1 s) is still waiting 3 s later with the log under its bound. */
static void
test_rekey_beside_a_long_reader (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (co_store_get_path (f->store));
  g_autofree char *check = NULL, *locale = NULL;
  sqlite3 *reader = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 peak, finished;

  add_members (f);
  g_clear_object (&f->store);
  co_names_set_locale ("en_US");
  f->store = co_store_open_deferring_rekey (path, &error);
  g_assert_no_error (error);
  test_sql_exec (f->store, "PRAGMA wal_checkpoint(TRUNCATE)");
  g_assert_cmpint (wal_size (f->store), ==, 0);
  g_signal_connect (f->store, "changed::members", G_CALLBACK (note_rekeyed), NULL);

  reader = hold_snapshot (f->store, &stmt);
  co_store_rekey_names_in_background (f->store);
  watched_until = g_get_monotonic_time () + 3 * G_TIME_SPAN_SECOND;
  peak = iterate_until (rekeyed_or_watched, f->store, 30, "the re-key beside the reader");
  g_test_message ("-wal file at most %" G_GINT64_FORMAT " bytes beside the reader", peak);
  g_assert_cmpint (peak, <=, LOG_BOUND);
  g_assert_false (rekeyed (f->store));

  sqlite3_finalize (stmt);
  sqlite3_close (reader);
  finished = iterate_until (rekeyed, f->store, 60, "the re-key to finish");
  peak = MAX (peak, finished);
  g_test_message ("-wal file at most %" G_GINT64_FORMAT " bytes in all", peak);
  g_assert_cmpint (peak, <=, LOG_BOUND);
  locale = test_sql_rows (f->store, "SELECT locale FROM names_collation");
  g_assert_cmpstr (locale, ==, "en_US");
  check = test_sql_rows (f->store, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  co_names_set_locale ("zh_CN");
}

/* How many groups another process (the sqlite3 shell, as the command line or a second tool
 * would be) reads in the workspace. */
static int
groups_seen_elsewhere (CoStore *store)
{
  const char *argv[] = { "sqlite3", co_store_get_path (store), "SELECT count (*) FROM groups;", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return atoi (out);
}

/* Another connection of this process's opened beside the window's (a worker's) leaves the
 * process's locks on the file in place: with POSIX locks, closing any descriptor of the file
 * drops them all, and another process closing its connection then took itself for the last one
 * and deleted the -wal file under the window, whose next commits were lost with it. */
static void
test_kept_while_another_process_closes (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (co_store_get_path (f->store), "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) worker = NULL;
  int before;

  g_assert_cmpint (co_group_create (f->store, "Before", 0, &error), >, 0);
  g_assert_no_error (error);
  worker = co_store_open (co_store_get_path (f->store), &error);
  g_assert_no_error (error);
  g_clear_object (&worker);
  before = groups_seen_elsewhere (f->store);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (co_group_create (f->store, "After", 0, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (groups_seen_elsewhere (f->store), ==, before + 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  test_bind_translations ();
  co_names_set_locale ("zh_CN");
  co_store_set_log_limit (LOG_LIMIT);
  g_test_add ("/wal/catch-up-beside-a-long-reader", Fixture, NULL, workspace_set_up, test_catch_up_beside_a_long_reader,
              workspace_tear_down);
  g_test_add ("/wal/rekey-beside-a-long-reader", Fixture, NULL, workspace_set_up, test_rekey_beside_a_long_reader,
              workspace_tear_down);
  g_test_add ("/wal/kept-while-another-process-closes", Fixture, NULL, workspace_set_up,
              test_kept_while_another_process_closes, workspace_tear_down);
  return g_test_run ();
}
