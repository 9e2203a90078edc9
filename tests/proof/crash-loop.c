/* crash-loop.c: proof that a crash loses nothing that was committed.
 *
 * crash-loop [--kills N] [--full]
 * A writer process creates numbered groups through the store, one transaction each, and reports
 * each number once co_group_create() has returned (committed). The loop kills it with SIGKILL at
 * a random moment, reopens the file as the app does, runs PRAGMA integrity_check, and checks that
 * every number the writer reported is there; then starts the next writer where the last one was
 * stopped. It prints the kills, the commits checked and the losses (which must be 0), and exits
 * 1 on any loss or damage. With --full, the store runs with synchronous=FULL. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/groups/co-group.h"
#include "core/store/co-store.h"
#include "../test-util.h"

/* The writer: numbered groups after the last one in the file (which the last writer may have
 * committed without living to report it), each number printed once committed. */
static int
write_forever (const char *path,
               gboolean    full)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = co_store_open (path, &error);
  g_autoptr(GListStore) groups = NULL;
  gint64 first = 1;

  if (store == NULL || (full && !co_store_set_full_sync (store, TRUE, &error)) ||
      (groups = co_group_list (store, &error)) == NULL)
    {
      fprintf (stderr, "crash-loop writer: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      first = MAX (first, g_ascii_strtoll (co_group_get_name (group) + strlen ("crash "), NULL, 10) + 1);
    }
  for (gint64 n = first;; n++)
    {
      g_autofree char *name = g_strdup_printf ("crash %" G_GINT64_FORMAT, n);
      char line[32];
      int length;

      if (co_group_create (store, name, 0, &error) == 0)
        {
          fprintf (stderr, "crash-loop writer: %s\n", error->message);
          return 1;
        }
      /* write(2), not stdio: nothing reported sits in a buffer the kill would lose, and
       * nothing is reported before its commit. */
      length = g_snprintf (line, sizeof line, "%" G_GINT64_FORMAT "\n", n);
      if (write (STDOUT_FILENO, line, (size_t) length) != length)
        return 1;
    }
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

int
main (int    argc,
      char **argv)
{
  gint kills = 200;
  gboolean full = FALSE;
  gchar *writer = NULL;
  GOptionEntry entries[] = {
    { "kills", 0, 0, G_OPTION_ARG_INT, &kills, "Writers to kill (200)", "N" },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, "synchronous=FULL", NULL },
    { "writer", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &writer, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— kill a writer and count what survives");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *path = NULL;
  g_autoptr(GRand) rand = g_rand_new ();
  gint64 reported = 0, checked = 0, losses = 0, damaged = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "crash-loop: %s\n", error->message);
      return 2;
    }
  if (writer != NULL)
    return write_forever (writer, full);

  dir = test_temp_dir ();
  path = g_build_filename (dir, "crash.db", NULL);
  for (int kill_number = 1; kill_number <= kills; kill_number++)
    {
      const char *child_argv[] = { argv[0], "--writer", path, full ? "--full" : NULL, NULL };
      g_autoptr(GString) out = g_string_new (NULL);
      GPid pid;
      int out_fd, status;
      char buffer[4096];
      ssize_t got;
      sqlite3 *db = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_spawn_async_with_pipes (NULL, (char **) child_argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                     NULL, &out_fd, NULL, &error))
        {
          fprintf (stderr, "crash-loop: %s\n", error->message);
          return 2;
        }
      /* Anywhere: while it opens the file, between commits, in the middle of one. */
      g_usleep (g_rand_int_range (rand, 5, 80) * 1000);
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);
      while ((got = read (out_fd, buffer, sizeof buffer)) > 0)
        g_string_append_len (out, buffer, got);
      close (out_fd);

      /* Every number reported was committed; the last line may be cut by the kill. */
      lines = g_strsplit (out->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
        reported = MAX (reported, g_ascii_strtoll (lines[i], NULL, 10));

      /* Reopened as the app does (recovery, migrations), then checked by SQLite alone. */
      {
        g_autoptr(CoStore) store = co_store_open (path, &error);
        if (store == NULL)
          {
            fprintf (stderr, "crash-loop: kill %d: the file does not open: %s\n", kill_number, error->message);
            damaged++;
            g_clear_error (&error);
            continue;
          }
      }
      if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        damaged++;
      else
        {
          sqlite3_stmt *stmt = NULL;
          g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM groups WHERE name GLOB 'crash *'"
                                                  " AND CAST (substr (name, 7) AS INTEGER) <= %" G_GINT64_FORMAT,
                                                  reported);

          if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK ||
              sqlite3_step (stmt) != SQLITE_ROW || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
            {
              fprintf (stderr, "crash-loop: kill %d: integrity_check: %s\n", kill_number,
                       stmt ? (const char *) sqlite3_column_text (stmt, 0) : sqlite3_errmsg (db));
              damaged++;
            }
          sqlite3_finalize (stmt);
          /* Groups 1 … reported: what is missing stays missing, for later writers go on after. */
          losses = MAX (losses, reported - query_int (db, sql));
          checked = reported;
        }
      sqlite3_close (db);
    }
  printf ("kills %d, commits checked %" G_GINT64_FORMAT ", losses %" G_GINT64_FORMAT ", damaged files %" G_GINT64_FORMAT
          "%s\n", kills, checked, losses, damaged, full ? " (synchronous=FULL)" : " (synchronous=NORMAL)");
  test_remove_tree (dir);
  return losses == 0 && damaged == 0 ? 0 : 1;
}
