/* bench-write-lock.c: whether a write on the main thread waits for a worker's write lock. An
 * import in a worker (co_import_write_async(): a backup, then one transaction on a connection of
 * its own) holds SQLite's write lock from its first row to its COMMIT; a write on the window's
 * connection meanwhile (a note saved on a member, a Today task marked sent) waits for it, up to
 * the connection's busy timeout, with the window frozen, and fails after it.
 *
 *   bench-write-lock [--rows N[,N…]] [WORKSPACE.db]
 * On a copy of WORKSPACE.db (or on a sample workspace made in a temporary folder), for each N:
 * an import of N member notes runs in a worker; 100 ms into its transaction the main thread
 * saves one note (co_member_note_add(), as the member window does) and the bench prints how long
 * that call held the main thread, and whether it succeeded, beside the floor: the same call with
 * no import under way (median of 20), and the time the import held the lock. Then the same
 * through co_store_write_queued() (co-write-queue.h), as Today's Sent and Done buttons write:
 * how long it held the main thread, and when the note was written after the import's COMMIT.
 *
 *   bench-write-lock --field-row [--rows N[,N…]] [WORKSPACE.db]    (needs a display)
 * The same for a field row of the Overview (a group's slogan) saved (co_field_row_flush(), as
 * when the focus leaves it): before, the row's save called co_group_set_field() on the main
 * thread, timed the same way; now the row writes through co_widget_write(). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gtk/gtk.h>

#include "core/groups/co-group.h"
#include "core/members/co-member-notes.h"
#include "core/sample/co-sample.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"
#include "core/store/co-write-queue.h"
#include "gui/widgets/co-field-row.h"
#include "../test-util.h"

typedef struct
{
  gint64  membership;
  guint   n_rows;
  gint    in_transaction;  /* atomic: the worker's write has begun */
  gint64  lock_taken;      /* when its first row was written (the lock held since) */
  gint64  rows_written;    /* when its last row was */
  gint64  done;            /* when the task came back, committed */
  gboolean ok;
  GError *error;
} Import;

static double
ms (gint64 us)
{
  return us / 1000.0;
}

static gint64
first_membership (CoStore *store)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id FROM memberships WHERE deleted_at IS NULL "
                                                "ORDER BY id LIMIT 1", NULL);
  gint64 id = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return id;
}

/* In the worker, inside the import's transaction. */
static gboolean
write_notes (CoStore  *store,
             gpointer  data,
             GError  **error)
{
  Import *import = data;

  for (guint i = 0; i < import->n_rows; i++)
    {
      g_autofree char *body = g_strdup_printf ("imported note %u", i);

      if (co_member_note_add (store, import->membership, "2026-11-02", body, 0, error) == 0)
        return FALSE;
      if (i == 0)
        {
          import->lock_taken = g_get_monotonic_time ();
          g_atomic_int_set (&import->in_transaction, 1);
        }
    }
  import->rows_written = g_get_monotonic_time ();
  return TRUE;
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Import *import = data;

  import->ok = co_import_write_finish (CO_STORE (source), result, &import->error);
  import->done = g_get_monotonic_time ();
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  gint64 membership;
  gint64 written;  /* when the note was written; -1 when it failed */
} QueuedNote;

static gboolean
write_note (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  QueuedNote *note = data;

  return co_member_note_add (store, note->membership, "2026-11-03", "saved from the member window", 0, error) != 0;
}

static void
note_written (CoStore      *store,
              const GError *error,
              gpointer      data)
{
  QueuedNote *note = data;

  note->written = error == NULL ? g_get_monotonic_time () : -1;
}

/* The main thread's write, timed; its error, if any, in @error. */
static gint64
time_main_write (CoStore  *store,
                 gint64    membership,
                 GError  **error)
{
  gint64 start = g_get_monotonic_time ();

  co_member_note_add (store, membership, "2026-11-03", "saved from the member window", 0, error);
  return g_get_monotonic_time () - start;
}

static gint64
first_group (CoStore *store)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id FROM groups WHERE deleted_at IS NULL ORDER BY id LIMIT 1",
                                         NULL);
  gint64 id = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return id;
}

typedef struct
{
  CoStore *store;
  gint64   group;
} SloganTarget;

static CoStore *
slogan_target (gpointer       data,
               CoFieldTarget *target)
{
  SloganTarget *slogan = data;

  target->id = slogan->group;
  return slogan->store;
}

/* As the Overview's rows save (co-overview-page.c). */
static gboolean
save_slogan (CoStore             *store,
             const CoFieldTarget *target,
             const char          *key,
             const char          *input,
             GError             **error)
{
  return co_group_set_field (store, target->id, co_group_field_from_key (key), input, error);
}

static gboolean
slogan_is (CoStore    *store,
           gint64      group_id,
           const char *slogan)
{
  g_autoptr(CoGroup) group = co_group_get (store, group_id, NULL);

  return group != NULL && g_strcmp0 (co_group_get_field (group, CO_GROUP_FIELD_SLOGAN), slogan) == 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-write-lock-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_auto(GStrv) sizes = NULL;
  const char *source = NULL;
  const char *rows = "20000,100000";
  gint64 floor_times[20], membership, group;
  gboolean field_row = FALSE;
  SloganTarget slogan_row_target;
  GtkWidget *slogan_row = NULL;

  setvbuf (stdout, NULL, _IOLBF, 0);
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--rows") && i + 1 < argc)
      rows = argv[++i];
    else if (g_str_equal (argv[i], "--field-row"))
      field_row = TRUE;
    else
      source = argv[i];
  if (dir == NULL)
    {
      fprintf (stderr, "bench-write-lock: %s\n", error->message);
      return 1;
    }
  path = g_build_filename (dir, "workspace.db", NULL);
  if (source != NULL)
    {
      g_autoptr(GFile) from = g_file_new_for_path (source);
      g_autoptr(GFile) to = g_file_new_for_path (path);

      if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error) ||
          (store = co_store_open (path, &error)) == NULL)
        {
          fprintf (stderr, "bench-write-lock: %s\n", error->message);
          return 1;
        }
    }
  else if ((store = co_store_open (path, &error)) == NULL || !co_sample_create (store, &error))
    {
      fprintf (stderr, "bench-write-lock: %s\n", error->message);
      return 1;
    }
  membership = first_membership (store);
  group = first_group (store);
  if (field_row)
    {
      gtk_init ();
      slogan_row_target = (SloganTarget) { store, group };
      slogan_row = g_object_ref_sink (co_field_row_new (co_group_field_spec (CO_GROUP_FIELD_SLOGAN), slogan_target,
                                                        save_slogan, &slogan_row_target, NULL));
    }

  /* The floor: the same write with nobody else writing. */
  for (guint i = 0; i < G_N_ELEMENTS (floor_times); i++)
    {
      floor_times[i] = time_main_write (store, membership, &error);
      if (error != NULL)
        {
          fprintf (stderr, "bench-write-lock: %s\n", error->message);
          return 1;
        }
    }
  qsort (floor_times, G_N_ELEMENTS (floor_times), sizeof (gint64), compare_times);
  printf ("a note saved on the main thread, no import under way: median %.2f ms, longest %.2f ms (floor)\n",
          ms (floor_times[G_N_ELEMENTS (floor_times) / 2]), ms (floor_times[G_N_ELEMENTS (floor_times) - 1]));

  sizes = g_strsplit (rows, ",", -1);
  for (guint queued = field_row ? 2 : 0; queued < (field_row ? 4 : 2); queued++)
  for (guint s = 0; sizes[s] != NULL; s++)
    {
      Import import = { .membership = membership, .n_rows = (guint) g_ascii_strtoull (sizes[s], NULL, 10) };
      g_autoptr(GError) write_error = NULL;
      gint64 waited, asked;

      co_import_write_async (store, write_notes, &import, NULL, import_done, &import);
      /* The window's loop runs meanwhile, as it does while an import's progress shows. */
      while (!g_atomic_int_get (&import.in_transaction) && import.done == 0)
        g_main_context_iteration (NULL, FALSE);
      while (import.done == 0 && g_get_monotonic_time () < import.lock_taken + 100 * G_TIME_SPAN_MILLISECOND)
        g_main_context_iteration (NULL, FALSE);
      asked = g_get_monotonic_time ();
      if (queued >= 2)
        {
          /* A field row's save: 2, as before (the save on the main thread); 3, the row's own. */
          g_autofree char *slogan = g_strdup_printf ("slogan %u-%u", queued, s);
          gboolean written;

          if (import.done != 0)
            {
              printf ("an import of %u notes ended before the main thread wrote: try more rows\n", import.n_rows);
              continue;
            }
          if (queued == 2)
            co_group_set_field (store, group, CO_GROUP_FIELD_SLOGAN, slogan, &write_error);
          else
            {
              gtk_editable_set_text (GTK_EDITABLE (slogan_row), slogan);
              co_field_row_flush (slogan_row);
            }
          waited = g_get_monotonic_time () - asked;
          while (import.done == 0 || co_store_get_n_kept_writes (store) > 0)
            g_main_context_iteration (NULL, TRUE);
          written = slogan_is (store, group, slogan);
          printf ("an import of %u notes held the write lock %.0f ms; a group's slogan saved %s %.0f ms into it "
                  "held the main thread %.2f ms and %s\n", import.n_rows, ms (import.done - import.lock_taken),
                  queued == 2 ? "on the main thread (the field row before)" : "by its field row (co_field_row_flush())",
                  ms (asked - import.lock_taken), ms (waited),
                  written ? "was saved" : write_error != NULL ? write_error->message : "was NOT saved");
          continue;
        }
      if (queued)
        {
          QueuedNote note = { membership, 0 };

          waited = import.done == 0 ? -2 : -1;
          if (waited == -2)
            {
              co_store_write_queued (store, write_note, &note, NULL, note_written);
              waited = g_get_monotonic_time () - asked;
            }
          while (import.done == 0 || (waited >= 0 && note.written == 0))
            g_main_context_iteration (NULL, TRUE);
          if (waited >= 0)
            {
              printf ("an import of %u notes held the write lock %.0f ms; a note saved through "
                      "co_store_write_queued() %.0f ms into it held the main thread %.2f ms and %s %.0f ms after "
                      "the import was back\n", import.n_rows, ms (import.done - import.lock_taken),
                      ms (asked - import.lock_taken), ms (waited), note.written > 0 ? "was saved" : "FAILED",
                      ms (MAX (0, note.written - import.done)));
              continue;
            }
        }
      else
        waited = import.done == 0 ? time_main_write (store, membership, &write_error) : -1;
      while (import.done == 0)
        g_main_context_iteration (NULL, TRUE);
      if (!import.ok)
        {
          fprintf (stderr, "bench-write-lock: the import failed: %s\n", import.error->message);
          return 1;
        }
      if (waited < 0)
        {
          printf ("an import of %u notes ended before the main thread wrote: try more rows\n", import.n_rows);
          continue;
        }
      printf ("an import of %u notes held the write lock %.0f ms; a note saved on the main thread %.0f ms into "
              "it held the main thread %.1f ms and %s\n", import.n_rows,
              ms (import.done - import.lock_taken), ms (asked - import.lock_taken), ms (waited),
              write_error == NULL ? "was saved" : write_error->message);
    }

  g_clear_object (&slogan_row);
  g_clear_object (&store);
  test_remove_tree (dir);
  return 0;
}
