/* bench-duplicates.c: Find Duplicates at the size of a large workspace.
 *
 * Generates the members workspace of bench-members (by default 1,000 groups, 1,000,000
 * members; no activity, which the search does not read), plants pairs of the same person (a
 * phone written two ways, a 微信号 in other capitals, a nickname with and without the naming
 * rule's city and industry), then prints: the search over every member in a worker, as the
 * window runs it (time to the pairs, progress reports, the longest main-loop iteration
 * meanwhile), the same on the calling thread, and the floor: a hand-written SQL GROUP BY on the
 * folded contact, which finds only the simplest of the three kinds. Not a test: the `bench`
 * suite only runs it small, to prove that it still works.
 *
 *   bench-duplicates [--groups N] [--members N] [--pairs N] [--dir DIR]
 *
 * With --dir, the workspace stays there, and a later run with the same --dir measures it again
 * without generating it.
 */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "bench-workspace.h"
#include "core/members/co-duplicates.h"
#include "core/members/co-member-merge.h"
#include "core/store/co-store-private.h"
#include "../test-util.h"

typedef struct
{
  GPtrArray *pairs;
  GError    *error;
  guint      n_progress;
  gint64     longest_iteration;
} Watch;

/* Time the main loop spent waiting in poll() since it was last reset: an iteration's time less
 * this is what it kept the main thread busy. */
static gint64 poll_us;

static int
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 start = now_us ();
  int result = g_poll (fds, n_fds, timeout);

  poll_us += now_us () - start;
  return result;
}

/* Peak memory counted from here on (generating took a large page cache on purpose). Linux:
 * writing 5 to clear_refs starts ru_maxrss over. */
static gboolean
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");
  gboolean written;

  if (file == NULL)
    return FALSE;
  written = fputs ("5", file) >= 0;
  return fclose (file) == 0 && written;
}

/* The processor time of the whole process so far: on a busy machine the wall clock says more
 * about the others than about us. */
static gint64
cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static int
fail (GError *error)
{
  fprintf (stderr, "bench-duplicates: %s\n", error->message);
  g_error_free (error);
  return 1;
}

/* @n of each kind, among the generated members, each the duplicate of another member. */
static gboolean
plant_pairs (Bench   *b,
             gint64   n,
             GError **error)
{
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;

  if (!co_store_begin (b->store, error))
    return FALSE;
  /* The same phone: "+86 138-0000-0001" beside "13800000001". */
  stmt = co_store_prepare (b->store, "UPDATE members SET contact = CASE id % 2 WHEN 0"
                                     " THEN printf ('+86 138-%04d-%04d', ?1 / 10000, ?1 % 10000)"
                                     " ELSE printf ('138%08d', ?1) END WHERE id IN (?2, ?3)", error);
  for (gint64 i = 0; stmt != NULL && i < n; i++)
    {
      gint64 first = 2 + i * 7 * (b->n_members / (7 * n + 7));

      sqlite3_bind_int64 (stmt, 1, i);
      sqlite3_bind_int64 (stmt, 2, first);
      sqlite3_bind_int64 (stmt, 3, first + 1);
      if (!co_store_step_done (b->store, stmt, error))
        goto failed;
    }
  /* The same 微信号 in other capitals. */
  stmt = co_store_prepare (b->store, "UPDATE members SET contact = printf ('%s_Twice%d', CASE id % 2 WHEN 0 THEN 'WX'"
                                     " ELSE 'wx' END, ?1) WHERE id IN (?2, ?3)", error);
  for (gint64 i = 0; stmt != NULL && i < n; i++)
    {
      gint64 first = 4 + i * 7 * (b->n_members / (7 * n + 7));

      sqlite3_bind_int64 (stmt, 1, i);
      sqlite3_bind_int64 (stmt, 2, first);
      sqlite3_bind_int64 (stmt, 3, first + 1);
      if (!co_store_step_done (b->store, stmt, error))
        goto failed;
    }
  /* 深圳-某某-产品 beside the bare name with no contact. */
  stmt = co_store_prepare (b->store, "UPDATE members SET nickname = CASE id % 2 WHEN 0"
                                     " THEN printf ('深圳-重名测试%d-产品', ?1) ELSE printf ('【新人】重名测试%d', ?1) END,"
                                     " city = NULL, industry = NULL, contact = CASE id % 2 WHEN 0 THEN contact END,"
                                     " updated_at = ?4 WHERE id IN (?2, ?3)", error);
  for (gint64 i = 0; stmt != NULL && i < n; i++)
    {
      gint64 first = 6 + i * 7 * (b->n_members / (7 * n + 7));

      sqlite3_bind_int64 (stmt, 1, i);
      sqlite3_bind_int64 (stmt, 2, first);
      sqlite3_bind_int64 (stmt, 3, first + 1);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      if (!co_store_step_done (b->store, stmt, error))
        goto failed;
    }
  if (stmt == NULL)
    goto failed;
  return co_store_commit (b->store, error);

failed:
  co_store_rollback (b->store);
  return FALSE;
}

static void
on_progress (double   fraction,
             gpointer data)
{
  ((Watch *) data)->n_progress++;
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Watch *watch = data;

  watch->pairs = co_duplicates_find_finish (result, &watch->error);
  if (watch->pairs == NULL && watch->error == NULL)
    watch->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "no pairs and no error");
}

static guint
count_reason (GPtrArray          *pairs,
              CoDuplicateReasons  reason)
{
  guint n = 0;

  for (guint i = 0; i < pairs->len; i++)
    n += (((CoDuplicatePair *) pairs->pdata[i])->reasons & reason) != 0;
  return n;
}

/* The floor: the members sharing a contact in small letters, by SQL alone. */
static gint64
floor_group_by (Bench  *b,
                gint64 *n_groups)
{
  sqlite3_stmt *stmt = co_store_prepare (b->store, "SELECT count (*) FROM (SELECT lower (contact) FROM members"
                                                   " WHERE contact IS NOT NULL GROUP BY lower (contact)"
                                                   " HAVING count (*) > 1)", NULL);
  gint64 start = now_us ();

  *n_groups = co_store_step_int (stmt, -1);
  return now_us () - start;
}

int
main (int   argc,
      char *argv[])
{
  gint n_groups = 1000;
  gint64 n_members = 1000000, n_pairs = 1000;
  g_autofree char *dir = NULL;
  GOptionEntry entries[] = {
    { "groups", 0, 0, G_OPTION_ARG_INT, &n_groups, "Groups to generate (1000)", "N" },
    { "members", 0, 0, G_OPTION_ARG_INT64, &n_members, "Members to generate (1000000)", "N" },
    { "pairs", 0, 0, G_OPTION_ARG_INT64, &n_pairs, "Duplicate pairs of each kind to plant (1000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the workspace (default: a new temporary one)", "DIR" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— benchmark Find Duplicates");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  Watch watch = { 0 };
  Bench b = { 0 };
  gint64 start, cpu_start, floor_us, floor_groups, sync_us, async_us, sync_cpu_us, async_cpu_us;
  struct rusage usage;
  gboolean rss_reset;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (g_steal_pointer (&error));
  if (n_groups < 1 || n_members < 100 || n_pairs < 1 || n_pairs * 7 + 7 > n_members)
    {
      fprintf (stderr, "bench-duplicates: --groups at least 1, --members at least 100 and 7 per pair\n");
      return 1;
    }
  b.dir = dir != NULL ? g_strdup (dir) : g_dir_make_tmp ("bench-duplicates-XXXXXX", &error);
  if (b.dir == NULL)
    return fail (g_steal_pointer (&error));
  b.own_dir = dir == NULL;
  b.db_path = g_build_filename (b.dir, "workspace.db", NULL);
  b.dates = bench_make_dates ();
  b.group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  printf ("bench-duplicates: %s; SQLite %s\n", b.db_path, sqlite3_libversion ());
  fflush (stdout);

  /* A workspace left in --dir by an earlier run is measured again as it is. */
  if (g_file_test (b.db_path, G_FILE_TEST_EXISTS))
    printf ("reusing the workspace generated before\n");
  else if ((b.store = co_store_open (b.db_path, &error)) == NULL ||
           !bench_generate (&b, n_groups, n_members, 0, &error) || !plant_pairs (&b, n_pairs, &error))
    return fail (g_steal_pointer (&error));
  /* Opened again as the app would, with the generator's cache gone. */
  g_clear_object (&b.store);
  if ((b.store = co_store_open (b.db_path, &error)) == NULL)
    return fail (g_steal_pointer (&error));
  rss_reset = reset_peak_rss ();

  floor_us = floor_group_by (&b, &floor_groups);
  printf ("floor: SQL GROUP BY lower (contact) over %s members: %.3f s, %s contacts shared\n",
          fmt_count (n_members), to_s (floor_us), fmt_count (floor_groups));

  /* In a worker, as the window runs it: the main loop stays free. */
  start = now_us ();
  cpu_start = cpu_us ();
  co_duplicates_find_async (b.store, 0, on_progress, &watch, NULL, on_found, &watch);
  g_main_context_set_poll_func (NULL, timed_poll);
  while (watch.pairs == NULL && watch.error == NULL)
    {
      gint64 iteration = now_us ();

      poll_us = 0;
      g_main_context_iteration (NULL, TRUE);
      watch.longest_iteration = MAX (watch.longest_iteration, now_us () - iteration - poll_us);
    }
  async_us = now_us () - start;
  async_cpu_us = cpu_us () - cpu_start;
  if (watch.error != NULL)
    return fail (watch.error);
  printf ("find duplicates in a worker, all %s members: %.3f s (processor time %.3f s); %u progress reports; %s pairs"
          " (%u same contact, %u same nickname; %s of each kind planted)\n",
          fmt_count (n_members), to_s (async_us), to_s (async_cpu_us), watch.n_progress, fmt_count (watch.pairs->len),
          count_reason (watch.pairs, CO_DUPLICATE_SAME_CONTACT), count_reason (watch.pairs, CO_DUPLICATE_SAME_NICKNAME),
          fmt_count (n_pairs));
  printf ("  the main thread's longest busy stretch meanwhile (a main-loop iteration less its wait): %.1f ms\n",
          to_ms (watch.longest_iteration));
  printf ("  target: at most 10 s: %s; ours/floor %.1fx\n", async_us <= 10 * G_USEC_PER_SEC ? "met" : "MISSED",
          (double) async_us / MAX (floor_us, 1));

  start = now_us ();
  cpu_start = cpu_us ();
  pairs = co_duplicates_find (b.store, 0, NULL, NULL, NULL, &error);
  sync_us = now_us () - start;
  sync_cpu_us = cpu_us () - cpu_start;
  if (pairs == NULL)
    return fail (g_steal_pointer (&error));
  printf ("find duplicates on the calling thread: %.3f s (processor time %.3f s), %s pairs\n", to_s (sync_us),
          to_s (sync_cpu_us), fmt_count (pairs->len));
  /* A merge of a planted pair and its undo: each one transaction, rows of both kept. */
  {
    CoDuplicatePair *pair = pairs->pdata[0];
    gint64 merge;

    start = now_us ();
    if ((merge = co_members_merge (b.store, pair->member_id, pair->other_id, 0, &error)) == 0)
      return fail (g_steal_pointer (&error));
    printf ("merge one pair: %.1f ms", to_ms (now_us () - start));
    start = now_us ();
    if (!co_members_merge_undo (b.store, merge, &error))
      return fail (g_steal_pointer (&error));
    printf ("; its undo: %.1f ms\n", to_ms (now_us () - start));
  }
  getrusage (RUSAGE_SELF, &usage);
  printf ("peak RSS: %.1f MB%s\n", usage.ru_maxrss / 1024.0,
          rss_reset ? " (from the search on)" : " (generating included: the peak could not be reset)");

  g_ptr_array_unref (watch.pairs);
  g_clear_object (&b.store);
  if (b.own_dir)
    test_remove_tree (b.dir);
  return 0;
}
