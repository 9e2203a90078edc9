/* bench-selection-writes.c: how long the Members page's actions on a large selection hold the
 * main thread. Each is one transaction of the core's on the window's connection (through
 * co_widget_write()), so it runs on the main thread while the window waits.
 *
 *   bench-selection-writes [--members N] [--selected N] [WORKSPACE.db]
 * On a copy of WORKSPACE.db (or on a workspace of N members in 10 groups, generated in a
 * temporary folder): the first --selected members of the largest group (100,000 by default), as
 * a selection there, and each action on them: set tier, mark core, mark replied, a tag set and
 * taken off, remove, and Undo (restore); the time each held the thread, against the 16 ms of a
 * frame. */
#include "config.h"

#include <stdio.h>

#include <glib/gstdio.h>

#include "bench-workspace.h"
#include "core/members/co-member.h"
#include "core/members/co-tag.h"
#include "core/store/co-store-private.h"
#include "../test-util.h"

static GArray *
largest_group_ids (CoStore *store,
                   guint    n)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id FROM memberships WHERE deleted_at IS NULL AND group_id ="
                                                " (SELECT group_id FROM memberships GROUP BY group_id"
                                                "  ORDER BY count(*) DESC LIMIT 1) ORDER BY id LIMIT ?", NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  sqlite3_bind_int (stmt, 1, (int) n);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  return ids;
}

static gint64
first_tier (CoStore *store,
            gint64   membership)
{
  g_autofree char *sql = g_strdup_printf ("SELECT t.id FROM tiers t JOIN memberships s ON s.group_id = t.group_id"
                                          " WHERE s.id = %" G_GINT64_FORMAT " ORDER BY t.id DESC LIMIT 1",
                                          membership);
  return test_sql_count (store, sql);
}

static void
report (const char *what,
        guint       n,
        gint64      started,
        gboolean    ok,
        GError     *error)
{
  double ms = (g_get_monotonic_time () - started) / 1000.0;

  printf ("%-28s %7u members  %9.1f ms  %5.0f frames%s%s\n", what, n, ms, ms / 16.0, ok ? "" : "  FAILED: ",
          ok ? "" : error->message);
}

int
main (int   argc,
      char *argv[])
{
  gint64 n_members = 200000;
  gint n_selected = 100000;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT64, &n_members, "members of a generated workspace", "N" },
    { "selected", 0, 0, G_OPTION_ARG_INT, &n_selected, "members selected", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[WORKSPACE.db]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-selection-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  Bench b = { 0 };
  gint64 started, tier, tag;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      g_autofree char *command = g_strdup_printf ("cp --reflink=auto '%s' '%s'", argv[1], path);
      if (system (command) != 0)
        return 1;
      b.store = co_store_open (path, &error);
    }
  else
    {
      b.dir = g_strdup (dir);
      b.db_path = g_strdup (path);
      b.dates = bench_make_dates ();
      b.group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      if ((b.store = co_store_open (path, &error)) != NULL)
        bench_generate (&b, 10, n_members, 0, &error);
    }
  if (b.store == NULL || error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  ids = largest_group_ids (b.store, (guint) n_selected);
  tier = first_tier (b.store, g_array_index (ids, gint64, 0));
  tag = co_tag_add (b.store, co_tag_group_add (b.store, "Bench", NULL), "Selected", NULL);
  printf ("%u members selected in one group; SQLite %s\n", ids->len, sqlite3_libversion ());

#define TIME(what, call) \
  G_STMT_START { \
    g_clear_error (&error); \
    started = g_get_monotonic_time (); \
    ok = (call); \
    report (what, ids->len, started, ok, error); \
  } G_STMT_END

  TIME ("set tier", co_members_set_tier (b.store, (gint64 *) ids->data, ids->len, tier, &error));
  TIME ("mark core", co_members_set_flag (b.store, (gint64 *) ids->data, ids->len, CO_MEMBER_CORE, TRUE, &error));
  TIME ("mark replied", co_members_mark_replied (b.store, (gint64 *) ids->data, ids->len, "2026-12-07", "Bench",
                                                  &error));
  TIME ("tag set", co_members_set_tag (b.store, (gint64 *) ids->data, ids->len, tag, TRUE, &error) >= 0);
  TIME ("tag taken off", co_members_set_tag (b.store, (gint64 *) ids->data, ids->len, tag, FALSE, &error) >= 0);
  TIME ("remove", co_members_remove (b.store, (gint64 *) ids->data, ids->len, &error));
  TIME ("undo remove (restore)", co_members_restore (b.store, (gint64 *) ids->data, ids->len, &error));

  g_clear_object (&b.store);
  test_remove_tree (dir);
  return 0;
}
