/* test-import.c: every import (members, activity, daily figures, JSON, in the window's worker
 * too) goes through co_import_write(): a backup before it writes, ::changed after it; a backup
 * that cannot be made refuses the import, and nothing changes. The last import can be undone,
 * exactly, while nothing was written after it; after a change the undo is refused and says why. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/exchange/co-exchange.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-import.h"
#include "core/reports/co-figures.h"
#include "core/store/co-backup.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

typedef enum
{
  IMPORT_MEMBERS,
  IMPORT_ACTIVITY,
  IMPORT_FIGURES,
  IMPORT_JSON,
  N_IMPORTS
} ImportKind;

static const char *const kind_names[N_IMPORTS] = { "members", "activity", "figures", "json" };

static gint64
count_rows (Fixture    *f,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return co_store_step_int (co_store_prepare (f->store, sql, NULL), -1);
}

static guint
count_backups (Fixture *f)
{
  g_autoptr(GPtrArray) backups = co_backup_list (f->store, NULL);
  guint n = 0;

  for (guint i = 0; backups != NULL && i < backups->len; i++)
    n += ((CoBackup *) backups->pdata[i])->reason == CO_BACKUP_BEFORE_IMPORT;
  return n;
}

static void
on_changed (CoStore    *store,
            const char *table,
            gint64      group_id,
            GHashTable *tables)
{
  g_hash_table_add (tables, g_strdup (table));
}

/* A member for the activity import to find. */
static void
add_member (Fixture *f)
{
  g_autoptr(GBytes) csv = g_bytes_new_static ("nickname,contact\nFirst,wx-first\n", 32);
  g_autoptr(CoMemberImport) import = co_member_import_read (f->store, f->group, CO_IMPORT_MEMBERS, csv, NULL);

  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, NULL));
}

/* Reads and writes one import of @kind; FALSE with @error when it was refused. */
static gboolean
run_import (Fixture     *f,
            ImportKind   kind,
            GError     **error)
{
  switch (kind)
    {
    case IMPORT_MEMBERS:
    case IMPORT_ACTIVITY:
      {
        const char *text = kind == IMPORT_MEMBERS ? "nickname,contact\nSecond,wx-second\nThird,wx-third\n"
                                                  : "contact,date,kind,count\nwx-first,2026-03-02,spoke,3\n";
        g_autoptr(GBytes) csv = g_bytes_new_static (text, strlen (text));
        g_autoptr(CoMemberImport) import =
          co_member_import_read (f->store, f->group, kind == IMPORT_MEMBERS ? CO_IMPORT_MEMBERS : CO_IMPORT_ACTIVITY,
                                 csv, error);
        g_assert_nonnull (import);
        g_assert_cmpuint (co_member_import_get_problems (import)->len, ==, 0);
        return co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, error);
      }
    case IMPORT_FIGURES:
      {
        static const char text[] = "date,group,members\n2026-03-02,Test Group,120\n";
        g_autoptr(GBytes) csv = g_bytes_new_static (text, strlen (text));
        g_autoptr(CoFiguresImport) import = co_figures_import_read (f->store, csv, error);
        g_assert_nonnull (import);
        g_assert_cmpuint (co_figures_import_get_problems (import)->len, ==, 0);
        return co_figures_import_commit (import, error);
      }
    case IMPORT_JSON:
      {
        g_autoptr(GBytes) json = co_exchange_export (f->store, f->group, error);
        g_autoptr(CoExchange) exchange = NULL;
        g_assert_nonnull (json);
        exchange = co_exchange_read (json, error);
        g_assert_nonnull (exchange);
        return co_exchange_import (exchange, f->store, CO_EXCHANGE_AS_NEW, NULL, error);
      }
    default:
      g_assert_not_reached ();
    }
}

/* Each kind: one backup more, the rows written, and ::changed for them. */
static void
test_backup_then_write (Fixture *f, gconstpointer data)
{
  static const char *const tables[N_IMPORTS] = { "memberships", "member_activity", "daily_figures", "groups" };
  g_autoptr(GError) error = NULL;

  add_member (f);
  for (ImportKind kind = 0; kind < N_IMPORTS; kind++)
    {
      g_autoptr(GHashTable) changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      guint backups = count_backups (f);
      gint64 rows = count_rows (f, tables[kind]);
      gulong handler = g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), changed);

      g_test_message ("import of %s", kind_names[kind]);
      g_assert_true (run_import (f, kind, &error));
      g_assert_no_error (error);
      g_signal_handler_disconnect (f->store, handler);
      g_assert_cmpuint (count_backups (f), ==, backups + 1);
      g_assert_cmpint (count_rows (f, tables[kind]), >, rows);
      g_assert_true (g_hash_table_contains (changed, tables[kind]));
    }
}

/* With a file where the backups folder should be, no backup can be made: every kind is refused
 * with the reason, and no row and no signal comes of it. */
static void
test_no_backup_no_import (Fixture *f, gconstpointer data)
{
  static const char *const tables[] = { "groups", "members", "memberships", "member_activity", "daily_figures" };
  g_autofree char *backups = g_build_filename (f->dir, "backups", NULL);

  add_member (f);
  test_remove_tree (backups);
  g_assert_true (g_file_set_contents (backups, "not a folder", -1, NULL));
  for (ImportKind kind = 0; kind < N_IMPORTS; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      gint64 before[G_N_ELEMENTS (tables)];
      gulong handler;

      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        before[t] = count_rows (f, tables[t]);
      handler = g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), changed);
      g_test_message ("import of %s", kind_names[kind]);
      g_assert_false (run_import (f, kind, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "backups"));
      g_signal_handler_disconnect (f->store, handler);
      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        g_assert_cmpint (count_rows (f, tables[t]), ==, before[t]);
      g_assert_cmpuint (g_hash_table_size (changed), ==, 0);
    }
}

/* An import that is part of a larger write of the core (the sample workspace being built) makes
 * no backup of its own, and is undone with that write. */
static void
test_inside_a_write (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 memberships = count_rows (f, "memberships");

  g_assert_true (co_store_begin (f->store, &error));
  g_assert_true (run_import (f, IMPORT_MEMBERS, &error));
  g_assert_cmpint (count_rows (f, "memberships"), ==, memberships + 2);
  co_store_rollback (f->store);
  g_assert_cmpuint (count_backups (f), ==, 0);
  g_assert_cmpint (count_rows (f, "memberships"), ==, memberships);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} AsyncResult;

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  AsyncResult *outcome = data;
  guint n_groups = 0;

  if (co_exchange_import_finish (CO_STORE (source), result, &n_groups, &outcome->error))
    g_assert_cmpuint (n_groups, ==, 1);
  g_assert_true (g_main_context_is_owner (NULL));
  outcome->done = TRUE;
}

/* The window's import: in a worker on a connection of its own, with its backup; the window's
 * store then tells its listeners that everything changed. */
static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) json = co_exchange_export (f->store, f->group, &error);
  g_autoptr(GHashTable) changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  AsyncResult outcome = { FALSE, NULL };
  gint64 groups = count_rows (f, "groups");
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  g_assert_no_error (error);
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), changed);
  co_exchange_import_async (co_exchange_read (json, NULL), f->store, CO_EXCHANGE_AS_NEW, on_imported, &outcome);
  /* Until the callback ran, and the worker's task let go of the store: the teardown checks that
   * nothing else holds it. */
  while ((!outcome.done || g_atomic_int_get (&G_OBJECT (f->store)->ref_count) > 1) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, !outcome.done);
  g_assert_true (outcome.done);
  g_assert_no_error (outcome.error);
  g_assert_cmpint (count_rows (f, "groups"), ==, groups + 1);
  g_assert_true (g_hash_table_contains (changed, "groups"));
  g_assert_true (g_hash_table_contains (changed, "members"));
  g_assert_true (g_hash_table_contains (changed, "imports"));
  g_assert_cmpuint (count_backups (f), ==, 1);

  /* The window's store can undo what its worker imported. */
  g_assert_true (co_import_undo (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "groups"), ==, groups);
}

static char *
nickname_of (Fixture    *f,
             const char *contact)
{
  sqlite3_stmt *stmt = co_store_prepare (f->store, "SELECT nickname FROM members WHERE contact = ?", NULL);
  char *nickname = NULL;

  sqlite3_bind_text (stmt, 1, contact, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    nickname = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return nickname;
}

/* Members imported over existing ones (one renamed, one added), then undone: the same members
 * as before, with the old nickname; ::changed says so, and a second undo has nothing to do. */
static void
test_undo_members (Fixture *f, gconstpointer data)
{
  static const char text[] = "nickname,contact\nFirst Renamed,wx-first\nSecond,wx-second\n";
  g_autoptr(GBytes) csv = g_bytes_new_static (text, strlen (text));
  g_autoptr(CoMemberImport) import = NULL;
  g_autoptr(GHashTable) changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *restored = NULL;
  gint64 members, memberships;
  gulong handler;

  g_assert_false (co_import_can_undo (f->store));
  add_member (f);
  members = count_rows (f, "members");
  memberships = count_rows (f, "memberships");

  import = co_member_import_read (f->store, f->group, CO_IMPORT_MEMBERS, csv, &error);
  g_assert_no_error (error);
  handler = g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), changed);
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_UPDATE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_hash_table_contains (changed, "imports"));
  g_assert_cmpint (count_rows (f, "members"), ==, members + 1);
  renamed = nickname_of (f, "wx-first");
  g_assert_cmpstr (renamed, ==, "First Renamed");
  g_assert_true (co_import_can_undo (f->store));

  g_hash_table_remove_all (changed);
  g_assert_true (co_import_undo (f->store, &error));
  g_assert_no_error (error);
  g_signal_handler_disconnect (f->store, handler);
  g_assert_true (g_hash_table_contains (changed, "members"));
  g_assert_cmpint (count_rows (f, "members"), ==, members);
  g_assert_cmpint (count_rows (f, "memberships"), ==, memberships);
  restored = nickname_of (f, "wx-first");
  g_assert_cmpstr (restored, ==, "First");
  g_assert_null (nickname_of (f, "wx-second"));

  g_assert_false (co_import_can_undo (f->store));
  g_assert_false (co_import_undo (f->store, &error));
  g_assert_error (error, CO_IMPORT_ERROR, CO_IMPORT_ERROR_NOTHING_TO_UNDO);
}

/* Every kind undoes to the row counts it started from. */
static void
test_undo_each_kind (Fixture *f, gconstpointer data)
{
  static const char *const tables[] = { "groups", "members", "memberships", "member_activity", "daily_figures" };

  add_member (f);
  for (ImportKind kind = 0; kind < N_IMPORTS; kind++)
    {
      g_autoptr(GError) error = NULL;
      gint64 before[G_N_ELEMENTS (tables)];

      g_test_message ("import of %s", kind_names[kind]);
      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        before[t] = count_rows (f, tables[t]);
      g_assert_true (run_import (f, kind, &error));
      g_assert_true (co_import_undo (f->store, &error));
      g_assert_no_error (error);
      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        g_assert_cmpint (count_rows (f, tables[t]), ==, before[t]);
    }
}

/* A change after the import (here a group's slogan; or another connection's write, as the
 * command line's) makes a restore lose it: the undo is refused with the reason, and nothing
 * changes; the backup from before the import is still named for whoever chooses to restore it. */
static void
test_undo_refused_after_change (Fixture *f, gconstpointer data)
{
  for (guint by_other = 0; by_other < 2; by_other++)
    {
      g_autoptr(GError) error = NULL;
      gint64 memberships;

      g_assert_true (run_import (f, IMPORT_MEMBERS, &error));
      memberships = count_rows (f, "memberships");
      g_assert_true (co_import_can_undo (f->store));
      if (by_other)
        {
          g_autoptr(CoStore) other = co_store_open (co_store_get_path (f->store), &error);
          g_assert_no_error (error);
          g_assert_true (co_group_set_field (other, f->group, CO_GROUP_FIELD_SLOGAN, "Elsewhere", &error));
        }
      else
        g_assert_true (co_group_set_field (f->store, f->group, CO_GROUP_FIELD_SLOGAN, "Later", &error));
      g_assert_no_error (error);
      g_assert_false (co_import_can_undo (f->store));
      g_assert_false (co_import_undo (f->store, &error));
      g_assert_error (error, CO_IMPORT_ERROR, CO_IMPORT_ERROR_CHANGED_SINCE);
      g_assert_nonnull (strstr (error->message, "every change made since"));
      g_assert_cmpint (count_rows (f, "memberships"), ==, memberships);
      g_assert_true (g_file_test (co_import_get_backup (f->store), G_FILE_TEST_EXISTS));
      /* Another import starts again: it can be undone. */
      g_clear_error (&error);
      g_assert_true (run_import (f, IMPORT_FIGURES, &error));
      g_assert_true (co_import_can_undo (f->store));
      g_assert_true (co_import_undo (f->store, &error));
      g_assert_cmpint (count_rows (f, "memberships"), ==, memberships);
    }
}

int
main (int   argc,
      char *argv[])
{
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, workspace_set_up, func, workspace_tear_down)
  ADD ("/import/backup-then-write", test_backup_then_write);
  ADD ("/import/no-backup-no-import", test_no_backup_no_import);
  ADD ("/import/inside-a-write", test_inside_a_write);
  ADD ("/import/async", test_async);
  ADD ("/import/undo-members", test_undo_members);
  ADD ("/import/undo-each-kind", test_undo_each_kind);
  ADD ("/import/undo-refused-after-change", test_undo_refused_after_change);
  return g_test_run ();
}
