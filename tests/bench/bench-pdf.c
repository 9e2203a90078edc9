/* bench-pdf.c: the plan and the 12-week report of the sample workspace as PDF, against the way
 * users make PDFs today: LibreOffice converting a document to PDF.
 *
 * bench-pdf [--runs N] [--no-libreoffice]
 * creates the sample workspace in a temporary folder and, for the research matrix's plan and for
 * the report of every group's last 12 weeks, times ours (reading the store, laying out, writing
 * the PDF; best of N), then writes the same document's blocks as HTML with the charts as SVG
 * (co_document_write_html) and times `libreoffice --headless --convert-to pdf` on it, as a user
 * exporting from Writer waits for it (best of N, start-up included, its profile made first). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/document/co-plan-document.h"
#include "core/document/co-report-document.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/sample/co-sample.h"
#include "../test-util.h"

typedef struct
{
  CoStore *store;
  GArray  *ids;
  gint64   plan_group;
  char    *from;
  char    *to;
  char    *today;
} Bench;

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static CoDocument *
make (Bench     *b,
      gboolean   plan,
      GError   **error)
{
  if (plan)
    return co_plan_document_new (b->store, &b->plan_group, 1, TRUE, error);
  return co_report_document_new (b->store, (gint64 *) b->ids->data, b->ids->len, "All Groups", b->from, b->to,
                                 b->today, CO_WEEK_STARTS_MONDAY, error);
}

/* Ours, best of @runs: from the store to the PDF on disk. */
static double
time_ours (Bench      *b,
           gboolean    plan,
           const char *dir,
           int         runs)
{
  g_autofree char *path = g_build_filename (dir, plan ? "plan.pdf" : "report.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  double best = G_MAXDOUBLE;

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(CoDocument) document = make (b, plan, &error);

      if (document == NULL || !co_document_write_pdf (document, CO_PAPER_A4, file, NULL, NULL, NULL, &error))
        g_error ("bench-pdf: %s", error->message);
      best = MIN (best, seconds_since (start));
    }
  return best;
}

/* LibreOffice's, best of @runs, on the same document as HTML. */
static double
time_libreoffice (Bench      *b,
                  gboolean    plan,
                  const char *soffice,
                  const char *dir,
                  int         runs)
{
  g_autofree char *html = g_build_filename (dir, plan ? "plan.html" : "report.html", NULL);
  g_autofree char *profile = g_strdup_printf ("-env:UserInstallation=file://%s/lo-profile", dir);
  g_autofree char *out = g_build_filename (dir, "lo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CoDocument) document = make (b, plan, &error);
  const char *argv[] = { soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", out, html, NULL };
  double best = G_MAXDOUBLE;

  if (document == NULL || !co_document_write_html (document, html, &error))
    g_error ("bench-pdf: %s", error->message);
  for (int i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                         G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("bench-pdf: libreoffice: %s", error->message);
      best = MIN (best, seconds_since (start));
    }
  return best;
}

int
main (int    argc,
      char **argv)
{
  gint runs = 5;
  gboolean no_libreoffice = FALSE;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Repetitions (5)", "N" },
    { "no-libreoffice", 0, 0, G_OPTION_ARG_NONE, &no_libreoffice, "Only our own time", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the plan and the report as PDF, against LibreOffice");
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) groups = NULL;
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sample.db", NULL);
  g_autofree char *soffice = NULL;
  Bench b = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-pdf: %s\n", error->message);
      return 2;
    }
  b.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if ((b.store = co_store_open (path, &error)) == NULL || !co_sample_create (b.store, &error) ||
      (groups = co_group_list (b.store, &error)) == NULL)
    {
      fprintf (stderr, "bench-pdf: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);
      g_array_append_val (b.ids, id);
    }
  b.plan_group = g_array_index (b.ids, gint64, 0);  /* the research matrix: the fullest plan */
  b.today = co_date_today ();
  b.to = co_date_add_days (b.today, -1);
  b.from = co_date_add_days (b.to, -83);
  soffice = no_libreoffice ? NULL : g_find_program_in_path ("soffice");

  for (int plan = 1; plan >= 0; plan--)
    {
      double ours = time_ours (&b, plan, dir, runs);
      const char *what = plan ? "the research matrix's plan" : "every group's last 12 weeks";

      printf ("%-30s CommunityOps %7.1f ms", what, ours * 1000);
      if (soffice != NULL)
        {
          double theirs = time_libreoffice (&b, plan, soffice, dir, runs);
          printf ("   LibreOffice %7.1f ms   %.1fx faster   %s\n", theirs * 1000, theirs / ours,
                  ours <= 0.3 && theirs / ours >= 10 ? "targets met" : "target NOT met");
        }
      else
        printf ("   (LibreOffice %s)\n", no_libreoffice ? "skipped" : "not installed");
    }

  g_clear_object (&b.store);
  g_array_unref (b.ids);
  g_free (b.today);
  g_free (b.to);
  g_free (b.from);
  test_remove_tree (dir);
  return 0;
}
