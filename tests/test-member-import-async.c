/* test-member-import-async.c: the members CSV import in workers (what the window runs): the
 * reading finds what co_member_import_read() finds, and its progress ends at the file's end; a
 * cancelled reading gives no import; a cancelled commit writes nothing, not even its first rows;
 * a commit writes every row and tells the store's listeners what it wrote (the group's members,
 * not every table of every group); the checkpoint its COMMIT no longer makes is made after it in
 * the background, and the import can still be undone. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "core/members/co-member-import.h"
#include "core/store/co-import.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

#define N_ROWS 3000

static GBytes *
members_csv (guint bad_line)
{
  GString *csv = g_string_new ("昵称,联系方式,积分\n");

  for (guint i = 0; i < N_ROWS; i++)
    g_string_append_printf (csv, "成员%05u,wx%05u,%s\n", i, i, i + 2 == bad_line ? "-1" : "3");
  return g_string_free_to_bytes (csv);
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gint64
count_members (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM memberships WHERE group_id = %" G_GINT64_FORMAT,
                                          f->group);

  return test_sql_count (f->store, sql);
}

static CoMemberImport *
read_async (Fixture                *f,
            GBytes                 *bytes,
            CoMemberImportProgress *progress,
            GCancellable           *cancellable,
            GError                **error)
{
  GAsyncResult *result = NULL;
  CoMemberImport *import;

  co_member_import_read_async (f->store, f->group, CO_IMPORT_MEMBERS, bytes, progress, cancellable, keep_result,
                               &result);
  import = co_member_import_read_finish (f->store, wait_for_result (&result), error);
  g_object_unref (result);
  return import;
}

static void
test_read (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bad = members_csv (1234);
  g_autoptr(CoMemberImportProgress) progress = co_member_import_progress_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberImport) import = read_async (f, bad, progress, NULL, &error);
  g_autoptr(CoMemberImport) in_place = co_member_import_read (f->store, f->group, CO_IMPORT_MEMBERS, bad, NULL);
  GPtrArray *problems;

  g_assert_no_error (error);
  g_assert_cmpuint (co_member_import_get_n_rows (import), ==, N_ROWS);
  g_assert_cmpfloat (co_member_import_progress_get_fraction (progress), >, 0.9);
  problems = co_member_import_get_problems (import);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpuint (((CoImportProblem *) problems->pdata[0])->line, ==, 1234);
  g_assert_cmpuint (((CoImportProblem *) problems->pdata[0])->column, ==, 3);
  g_assert_cmpstr (((CoImportProblem *) problems->pdata[0])->message, ==,
                   ((CoImportProblem *) co_member_import_get_problems (in_place)->pdata[0])->message);
}

static void
test_read_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = members_csv (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberImport) import = NULL;

  g_cancellable_cancel (cancellable);
  import = read_async (f, bytes, NULL, cancellable, &error);
  g_assert_null (import);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
on_changed (CoStore    *store,
            const char *table,
            gint64      group_id,
            gpointer    data)
{
  (*(guint *) data)++;
}

/* "table:group" of each change told. */
static void
note_changed (CoStore    *store,
              const char *table,
              gint64      group_id,
              GHashTable *told)
{
  g_hash_table_add (told, g_strdup_printf ("%s:%" G_GINT64_FORMAT, table, group_id));
}

static void
test_commit (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = members_csv (0);
  g_autoptr(CoMemberImportProgress) progress = co_member_import_progress_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberImport) import = read_async (f, bytes, NULL, NULL, &error);
  g_autofree char *summary = NULL;
  GAsyncResult *result = NULL;
  guint changes = 0;
  g_autoptr(GHashTable) told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *memberships = g_strdup_printf ("memberships:%" G_GINT64_FORMAT, f->group);

  g_assert_no_error (error);
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), &changes);
  g_signal_connect (f->store, "changed", G_CALLBACK (note_changed), told);

  /* Cancelled: rolled back, the store's listeners not told. */
  g_cancellable_cancel (cancellable);
  co_member_import_commit_async (import, CO_DUPLICATES_SKIP, progress, cancellable, keep_result, &result);
  g_assert_false (co_member_import_commit_finish (import, wait_for_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpint (count_members (f), ==, 0);
  g_assert_cmpuint (changes, ==, 0);

  /* Again, not cancelled: every row. */
  co_member_import_commit_async (import, CO_DUPLICATES_SKIP, progress, NULL, keep_result, &result);
  g_assert_true (co_member_import_commit_finish (import, wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (count_members (f), ==, N_ROWS);
  g_assert_cmpuint (changes, >, 0);
  /* What the worker's write announced, as a synchronous import would: the pages of the group's
   * members read again, not the groups, plans or templates of every page. */
  g_assert_true (g_hash_table_contains (told, memberships));
  g_assert_true (g_hash_table_contains (told, "imports:0"));
  g_assert_false (g_hash_table_contains (told, "groups:0"));
  g_assert_false (g_hash_table_contains (told, "plans:0"));
  g_assert_cmpfloat (co_member_import_progress_get_fraction (progress), >, 0.9);
  summary = co_member_import_describe (import);
  g_assert_cmpstr (summary, ==, "3000 added, 0 updated");
}

/* The write-ahead log's last frame and the frames copied into the database so far, from the
 * shared-memory index SQLite keeps beside the workspace (its header, then the checkpoint's:
 * mxFrame at byte 16, nBackfill at byte 96, in the machine's order). Read without a connection,
 * which would checkpoint or change nothing of it. */
static gboolean
read_log_state (const char *db_path,
                guint32    *last_frame,
                guint32    *copied)
{
  g_autofree char *shm_path = g_strconcat (db_path, "-shm", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (shm_path, &contents, &length, NULL) || length < 100)
    return FALSE;
  memcpy (last_frame, contents + 16, sizeof *last_frame);
  memcpy (copied, contents + 96, sizeof *copied);
  return TRUE;
}

static void
test_checkpoint_after (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = members_csv (0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberImport) import = read_async (f, bytes, NULL, NULL, &error);
  GAsyncResult *result = NULL;
  guint32 last_frame = 0, copied = 0;
  gint64 until;

  g_assert_no_error (error);
  co_member_import_commit_async (import, CO_DUPLICATES_SKIP, NULL, NULL, keep_result, &result);
  g_assert_true (co_member_import_commit_finish (import, wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Far fewer pages than SQLite's own checkpoint waits for (1,000): only the import's
   * checkpoint in the background copies them, while nobody writes. */
  until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until &&
         !(read_log_state (co_store_get_path (f->store), &last_frame, &copied) && last_frame > 0 &&
           copied == last_frame))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpuint (last_frame, >, 0);
  g_assert_cmpuint (copied, ==, last_frame);

  /* A checkpoint is no change: the import can still be undone, and undoing it takes its rows. */
  g_assert_cmpint (count_members (f), ==, N_ROWS);
  g_assert_true (co_import_can_undo (f->store));
  g_assert_true (co_import_undo (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_members (f), ==, 0);
}

/* A worker's task lets the store go in its own thread, just after its result is delivered. */
static void
tear_down (Fixture *f, gconstpointer data)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (G_OBJECT (f->store)->ref_count > 1 && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  workspace_tear_down (f, data);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/member-import-async/read", Fixture, NULL, workspace_set_up, test_read, tear_down);
  g_test_add ("/member-import-async/read-cancelled", Fixture, NULL, workspace_set_up, test_read_cancelled,
              tear_down);
  g_test_add ("/member-import-async/commit", Fixture, NULL, workspace_set_up, test_commit, tear_down);
  g_test_add ("/member-import-async/checkpoint-after", Fixture, NULL, workspace_set_up, test_checkpoint_after,
              tear_down);

  return g_test_run ();
}
