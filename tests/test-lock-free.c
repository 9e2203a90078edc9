/* test-lock-free.c: what the window's connection does while another connection holds the write
 * lock (an import in a worker) without waiting for it: telling listeners what another
 * connection wrote (co_store_announce_change()), and the members' search index catching up in a
 * worker that leaves a taken lock alone and tries again later. */
#include "config.h"

#include <locale.h>
#include <sqlite3.h>

#include "core/members/co-member.h"
#include "core/members/co-member-import.h"
#include "core/members/co-member-search-index.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

/* Another program's connection to the workspace, holding its write lock. */
static sqlite3 *
lock_workspace (CoStore *store)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (co_store_get_path (store), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  return db;
}

static void
unlock_workspace (sqlite3 *db)
{
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

typedef struct
{
  guint   calls;
  char   *table;
  gint64  group_id;
  gint64  groups;   /* the groups the listener read */
} Heard;

static void
on_changed (CoStore    *store,
            const char *table,
            gint64      group_id,
            Heard      *heard)
{
  heard->calls++;
  g_free (heard->table);
  heard->table = g_strdup (table);
  heard->group_id = group_id;
  heard->groups = test_sql_count (store, "SELECT count (*) FROM groups");
}

/* While another connection holds the write lock, the announcement is made at once (a write
 * lock taken would have waited for the store's busy timeout and failed), and the listener reads
 * what the other connection committed before, not an older snapshot a statement left open. */
static void
test_announce_while_locked (Fixture *f, gconstpointer data)
{
  Heard heard = { 0 };
  sqlite3_stmt *open_read = co_store_prepare (f->store, "SELECT id FROM groups", NULL);
  sqlite3 *other;

  g_signal_connect (f->store, "changed::sop_tasks", G_CALLBACK (on_changed), &heard);
  /* A read left on a row holds its snapshot. */
  g_assert_cmpint (sqlite3_step (open_read), ==, SQLITE_ROW);
  other = lock_workspace (f->store);
  g_assert_cmpint (sqlite3_exec (other, "INSERT INTO groups (uuid, name, created_at, updated_at)"
                                        " VALUES ('other-1', 'From the worker', '2026-01-01', '2026-01-01');"
                                        "COMMIT; BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  co_store_announce_change (f->store, "sop_tasks", 7);
  g_assert_cmpuint (heard.calls, ==, 1);
  g_assert_cmpstr (heard.table, ==, "sop_tasks");
  g_assert_cmpint (heard.group_id, ==, 7);
  g_assert_cmpint (heard.groups, ==, 2);
  /* The other connection's lock was never taken from it. */
  g_assert_false (co_store_in_transaction (f->store));
  unlock_workspace (other);
  g_free (heard.table);
}

/* Every table at once, likewise. */
static void
test_announce_all_while_locked (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Heard members = { 0 }, tasks = { 0 };
  sqlite3 *other = lock_workspace (f->store);

  g_signal_connect (f->store, "changed::members", G_CALLBACK (on_changed), &members);
  g_signal_connect (f->store, "changed::sop_tasks", G_CALLBACK (on_changed), &tasks);
  g_assert_true (co_store_announce_all_changed (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (members.calls, ==, 1);
  g_assert_cmpuint (tasks.calls, ==, 1);
  g_assert_cmpint (members.group_id, ==, 0);
  unlock_workspace (other);
  g_free (members.table);
  g_free (tasks.table);
}

/* For a window: nothing told in the call (the schema it read again was that iteration's work),
 * every table once the main context runs, another connection's lock taken from it nowhere. */
static void
test_announce_all_soon (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Heard members = { 0 }, tasks = { 0 };
  sqlite3 *other = lock_workspace (f->store);

  g_signal_connect (f->store, "changed::members", G_CALLBACK (on_changed), &members);
  g_signal_connect (f->store, "changed::sop_tasks", G_CALLBACK (on_changed), &tasks);
  g_assert_true (co_store_announce_all_changed_soon (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (members.calls + tasks.calls, ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (members.calls, ==, 1);
  g_assert_cmpuint (tasks.calls, ==, 1);
  g_assert_cmpint (tasks.group_id, ==, 0);
  unlock_workspace (other);
  g_free (members.table);
  g_free (tasks.table);
}

/* Inside a write of this connection's, the announcement comes with its commit, and a rollback
 * forgets it. */
static void
test_announce_in_transaction (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Heard heard = { 0 };

  g_signal_connect (f->store, "changed::sop_tasks", G_CALLBACK (on_changed), &heard);
  g_assert_true (co_store_begin (f->store, &error));
  co_store_announce_change (f->store, "sop_tasks", 0);
  g_assert_cmpuint (heard.calls, ==, 0);
  co_store_rollback (f->store);
  g_assert_cmpuint (heard.calls, ==, 0);

  g_assert_true (co_store_begin (f->store, &error));
  co_store_announce_change (f->store, "sop_tasks", 0);
  g_assert_cmpuint (heard.calls, ==, 0);
  g_assert_true (co_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (heard.calls, ==, 1);
  g_free (heard.table);
}

/* Iterates the main context until @done, @seconds at most (the worker's steps pause 10 ms, a
 * lock found taken 200 ms). */
static void
iterate_until (gboolean    (*done) (CoStore *store),
               CoStore      *store,
               guint         seconds,
               const char   *what)
{
  gint64 give_up = g_get_monotonic_time () + seconds * G_TIME_SPAN_SECOND;

  while (!done (store))
    {
      if (g_get_monotonic_time () > give_up)
        g_error ("Waited %u s in vain for %s", seconds, what);
      /* Wakes up for the worker's end, or to look at its counter again. */
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

static gboolean
index_idle (CoStore *store)
{
  return !co_member_search_index_is_running (store);
}

static gboolean
refused_thrice (CoStore *store)
{
  return co_member_search_index_get_n_refused (store) >= 3;
}

static gint64
unindexed (CoStore *store)
{
  return test_sql_count (store, "SELECT count (*) FROM members WHERE id > (SELECT indexed_to FROM members_fts_state)");
}

static gint64
indexed_matches (CoStore    *store,
                 const char *trigram)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM members_fts WHERE members_fts MATCH '\"%s\"'", trigram);

  return test_sql_count (store, sql);
}

/* Members added one by one wait for the catch-up, which runs in a worker: while another
 * connection holds the write lock, its steps are refused at once and tried again (a worker that
 * waited for the lock, 5 s a step, would not be refused three times within 10 s), nothing is
 * indexed; once the lock is free, every member is, and found through the index. */
static void
test_index_retries_a_locked_workspace (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *other;

  for (guint i = 0; i < 1200; i++)
    {
      g_autofree char *name = g_strdup_printf ("Lockfree%04u", i);

      g_assert_cmpint (co_member_add (f->store, f->group, name, &error), >, 0);
      g_assert_no_error (error);
    }
  g_assert_cmpint (unindexed (f->store), ==, 1200);

  other = lock_workspace (f->store);
  co_member_search_index_keep (f->store);
  g_assert_true (co_member_search_index_is_running (f->store));
  iterate_until (refused_thrice, f->store, 10, "the catch-up to be refused three times");
  g_assert_cmpint (unindexed (f->store), ==, 1200);
  g_assert_true (co_member_search_index_is_running (f->store));

  unlock_workspace (other);
  iterate_until (index_idle, f->store, 30, "the catch-up to finish");
  g_assert_cmpint (unindexed (f->store), ==, 0);
  g_assert_cmpint (indexed_matches (f->store, "ree"), ==, 1200);

  /* A member added later is indexed too. */
  g_assert_cmpint (co_member_add (f->store, f->group, "Latecomer", &error), >, 0);
  g_assert_true (co_member_search_index_is_running (f->store));
  iterate_until (index_idle, f->store, 30, "the catch-up of the latecomer");
  g_assert_cmpint (indexed_matches (f->store, "eco"), ==, 1);
}

/* Right after an import the catch-up waits: its commits would count as a change since, and the
 * import could no longer be undone. The first write after it lets the catch-up run. */
static void
test_index_waits_for_the_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GString *csv = g_string_new ("昵称,联系方式\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CoMemberImport) import = NULL;

  for (guint i = 0; i < 700; i++)
    g_string_append_printf (csv, "Imported%04u,wx%04u\n", i, i);
  bytes = g_string_free_to_bytes (csv);
  import = co_member_import_read (f->store, f->group, CO_IMPORT_MEMBERS, bytes, &error);
  g_assert_no_error (error);
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, &error));
  g_assert_no_error (error);

  co_member_search_index_keep (f->store);
  g_assert_false (co_member_search_index_is_running (f->store));
  g_assert_cmpint (unindexed (f->store), ==, 700);
  g_assert_true (co_import_can_undo (f->store));

  g_assert_cmpint (co_member_add (f->store, f->group, "After the import", &error), >, 0);
  g_assert_false (co_import_can_undo (f->store));
  g_assert_true (co_member_search_index_is_running (f->store));
  iterate_until (index_idle, f->store, 30, "the catch-up after the import");
  g_assert_cmpint (unindexed (f->store), ==, 0);
  g_assert_cmpint (indexed_matches (f->store, "ted"), ==, 700);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  test_bind_translations ();
  g_test_add ("/lock-free/announce/while-locked", Fixture, NULL, workspace_set_up, test_announce_while_locked,
              workspace_tear_down);
  g_test_add ("/lock-free/announce/all-while-locked", Fixture, NULL, workspace_set_up, test_announce_all_while_locked,
              workspace_tear_down);
  g_test_add ("/lock-free/announce/all-soon", Fixture, NULL, workspace_set_up, test_announce_all_soon,
              workspace_tear_down);
  g_test_add ("/lock-free/announce/in-transaction", Fixture, NULL, workspace_set_up, test_announce_in_transaction,
              workspace_tear_down);
  g_test_add ("/lock-free/search-index/retries-a-locked-workspace", Fixture, NULL, workspace_set_up,
              test_index_retries_a_locked_workspace, workspace_tear_down);
  g_test_add ("/lock-free/search-index/waits-for-the-undo", Fixture, NULL, workspace_set_up,
              test_index_waits_for_the_undo, workspace_tear_down);
  return g_test_run ();
}
