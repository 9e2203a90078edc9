/* bench-main-thread.c: how long the main thread is held by the writes that replaced or filled
 * the whole workspace on it (issue 20, "never a stall"): a backup restored (Preferences' Restore
 * from Backup and an import's undo are the same restore), the daily figures' CSV import, and the
 * trash emptied at start and quit.
 *
 *   bench-main-thread [--trash-groups N] [--days N] [WORKSPACE.db]
 * On a copy of WORKSPACE.db (or of a sample workspace made in a temporary folder), each write is
 * run twice: "main" as it was run before (the core's function called on the main thread: one
 * iteration of the main loop as long as the call), and "queued" as the window runs it now
 * (co_store_write_queued_in_worker() and co_import_write_queued(): the call, then the main loop
 * turning until its outcome arrives). For each, the longest main-loop iteration meanwhile (a
 * 1 ms timeout's largest gap between two of its dispatches, and the call itself; and the most
 * processor time the main thread spent in one iteration) and the time until the write was done. The trash holds the first N groups (10), trashed first; the figures
 * file has N days (30) of every group. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/groups/co-group.h"
#include "core/records/co-list.h"
#include "core/reports/co-figures.h"
#include "core/sample/co-sample.h"
#include "core/store/co-backup.h"
#include "core/store/co-import.h"
#include "core/store/co-write-queue.h"
#include "bench-util.h"

typedef struct
{
  gint64   last_tick;
  gint64   longest;    /* the largest gap between two ticks, µs */
  gboolean done;
  char    *error;
  gpointer data;       /* the write's */
} Watch;

static gboolean
tick (gpointer data)
{
  Watch *watch = data;
  gint64 now = now_us ();

  watch->longest = MAX (watch->longest, now - watch->last_tick);
  watch->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
written (CoStore      *store,
         const GError *error,
         gpointer      data)
{
  Watch *watch = data;

  watch->done = TRUE;
  watch->error = error != NULL ? g_strdup (error->message) : NULL;
}

/* The main thread's processor time, µs: a wall-clock gap on a loaded machine is mostly the
 * other processes' turn. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Runs the main loop until @watch is done; prints the call's time (wall clock and the main
 * thread's processor time), the longest iteration meanwhile (both) and the time to the end. */
static void
report (const char *what,
        const char *how,
        Watch      *watch,
        gint64      started,
        gint64      call,
        gint64      call_cpu)
{
  gint64 longest_cpu = call_cpu;
  guint tick_id;

  watch->last_tick = now_us ();
  tick_id = g_timeout_add (1, tick, watch);
  while (!watch->done)
    {
      gint64 cpu = thread_cpu_us ();

      g_main_context_iteration (NULL, TRUE);
      longest_cpu = MAX (longest_cpu, thread_cpu_us () - cpu);
    }
  g_source_remove (tick_id);
  printf ("%-20s %-7s call %8.2f ms (cpu %8.2f)  longest iteration %8.2f ms (cpu %7.2f)  done after %9.1f ms%s%s\n",
          what, how, to_ms (call), to_ms (call_cpu), to_ms (MAX (call, watch->longest)), to_ms (longest_cpu),
          to_ms (now_us () - started), watch->error ? "  FAILED: " : "", watch->error ? watch->error : "");
  g_free (watch->error);
}

static gboolean
restore_write (CoStore  *store,
               gpointer  data,
               GError  **error)
{
  return co_backup_restore (store, ((Watch *) data)->data, error);
}

static gboolean
figures_write (CoStore  *store,
               gpointer  data,
               GError  **error)
{
  return co_figures_import_write (store, ((Watch *) data)->data, error);
}

static gboolean
purge_trash (CoStore  *store,
             gpointer  data,
             GError  **error)
{
  return co_group_purge_trash (store, 0, error) && co_list_purge_trash (store, error);
}

static gboolean
trash_groups (CoStore *store,
              guint    n)
{
  g_autoptr(GListStore) groups = co_group_list (store, NULL);
  guint trashed = 0;

  for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)) && trashed < n; i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      if (co_group_trash (store, co_group_get_id (group), NULL))
        trashed++;
    }
  return trashed > 0;
}

static GBytes *
figures_csv (CoStore *store,
             guint    days)
{
  g_autoptr(GListStore) groups = co_group_list (store, NULL);
  GString *csv = g_string_new ("date,group,members_total,joined,left\n");

  for (guint d = 0; d < days; d++)
    for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
      {
        g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
        g_autofree char *quoted = g_strdup (co_group_get_name (group));

        const char *founded = co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE);

        /* A day before the group was founded is refused. */
        if (strchr (quoted, ',') || strchr (quoted, '"') || (founded != NULL && strcmp (founded, "2026-11-01") > 0))
          continue;
        g_string_append_printf (csv, "2026-11-%02u,%s,%u,%u,%u\n", d + 1, quoted, 400 + d, d % 7, d % 3);
      }
  return g_string_free_to_bytes (csv);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-main-thread-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(CoStore) store = NULL;
  const char *source = NULL;
  guint n_trash = 10, n_days = 30;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--trash-groups") && i + 1 < argc)
      n_trash = atoi (argv[++i]);
    else if (g_str_equal (argv[i], "--days") && i + 1 < argc)
      n_days = atoi (argv[++i]);
    else
      source = argv[i];
  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.db", NULL);
  if (source != NULL)
    {
      g_autofree char *command = g_strdup_printf ("cp --reflink=auto '%s' '%s'", source, path);
      g_assert_cmpint (system (command), ==, 0);
    }
  store = co_store_open (path, &error);
  g_assert_no_error (error);
  if (source == NULL)
    g_assert_true (co_sample_create (store, &error));
  g_assert_no_error (error);

  for (int round = 0; round < 2; round++)
    {
      const char *how = round == 0 ? "main" : "queued";
      g_autofree char *backup = co_backup_create (store, CO_BACKUP_BY_HAND, &error);
      g_autoptr(GBytes) csv = figures_csv (store, n_days);
      g_autoptr(CoFiguresImport) import = co_figures_import_read (store, csv, &error);
      Watch watch = { 0 };
      gint64 started, call, cpu;

      g_assert_no_error (error);
      for (guint i = 0; i < co_figures_import_get_problems (import)->len; i++)
        g_printerr ("figures file, line %u: %s\n", ((CoImportProblem *) co_figures_import_get_problems (import)->pdata[i])->line,
                    ((CoImportProblem *) co_figures_import_get_problems (import)->pdata[i])->message);
      g_assert_cmpuint (co_figures_import_get_problems (import)->len, ==, 0);

      /* A backup restored. */
      started = now_us ();
      cpu = thread_cpu_us ();
      if (round == 0)
        {
          if (!co_backup_restore (store, backup, &error))
            watch.error = g_strdup (error->message);
          g_clear_error (&error);
          watch.done = TRUE;
        }
      else
        {
          watch.data = backup;
          co_store_write_queued_in_worker (store, restore_write, &watch, NULL, written);
        }
      call = now_us () - started;
      report ("restore a backup", how, &watch, started, call, thread_cpu_us () - cpu);

      /* The daily figures' import. */
      memset (&watch, 0, sizeof watch);
      started = now_us ();
      cpu = thread_cpu_us ();
      if (round == 0)
        {
          if (!co_figures_import_commit (import, &error))
            watch.error = g_strdup (error->message);
          g_clear_error (&error);
          watch.done = TRUE;
        }
      else
        {
          watch.data = import;
          co_import_write_queued (store, figures_write, &watch, NULL, written);
        }
      call = now_us () - started;
      report ("figures CSV import", how, &watch, started, call, thread_cpu_us () - cpu);

      /* The trash emptied. */
      g_assert_true (trash_groups (store, n_trash));
      memset (&watch, 0, sizeof watch);
      started = now_us ();
      cpu = thread_cpu_us ();
      if (round == 0)
        {
          if (!purge_trash (store, NULL, &error))
            watch.error = g_strdup (error->message);
          g_clear_error (&error);
          watch.done = TRUE;
        }
      else
        co_store_write_queued_in_worker (store, purge_trash, &watch, NULL, written);
      call = now_us () - started;
      report ("trash emptied", how, &watch, started, call, thread_cpu_us () - cpu);
    }
  g_clear_object (&store);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (command), ==, 0);
  }
  return 0;
}
