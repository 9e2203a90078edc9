/* bench-pdf.c: the report of the sample workspace's last 12 weeks as PDF, against the way users
 * make PDFs today: LibreOffice converting a document to PDF.
 *
 * bench-pdf [--runs N] [--no-libreoffice]
 * creates the sample workspace in a temporary folder, times the report document (reading the
 * store, laying out, writing the PDF; best of N), then writes an equivalent HTML document (the
 * same headings, the key figures and retention tables, the two line charts as SVG made by the
 * same drawing code) and times `libreoffice --headless --convert-to pdf` on it, as a user
 * exporting from Writer would wait for it (best of N, start-up included). */
#include "config.h"

#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "co-date.h"
#include "co-group.h"
#include "co-report-document.h"
#include "co-sample.h"
#include "../test-util.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
append_table (GString *html,
              CoTable *table)
{
  g_string_append (html, "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n");
  for (guint row = 0; row < co_table_get_n_rows (table); row++)
    {
      g_string_append (html, "<tr>");
      for (guint column = 0; column < co_table_get_n_columns (table); column++)
        {
          g_autofree char *cell = g_markup_escape_text (co_table_get (table, row, column), -1);
          g_string_append_printf (html, row == 0 ? "<th>%s</th>" : "<td>%s</td>", cell);
        }
      g_string_append (html, "</tr>\n");
    }
  g_string_append (html, "</table>\n");
}

/* A trend of @figure as an SVG file beside the HTML, drawn by co_chart_draw(). */
static void
append_chart (GString      *html,
              const char   *dir,
              const char   *name,
              CoStore      *store,
              GArray       *ids,
              CoFigure      figure,
              const char   *from,
              const char   *to)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GArray) points = co_report_trend (store, (gint64 *) ids->data, ids->len, figure, from, to, CO_STEP_DAY,
                                              CO_WEEK_STARTS_MONDAY, NULL);
  g_autoptr(CoChartData) chart = co_chart_data_new_lines (CO_STEP_DAY, "members", from, to);
  cairo_surface_t *surface = cairo_svg_surface_create (path, 480, 200);
  cairo_t *cr = cairo_create (surface);
  PangoContext *context = pango_cairo_create_context (cr);
  CoChartStyle style = { context, { 0.15, 0.15, 0.15, 1 }, FALSE };

  co_chart_data_add_series (chart, co_figure_spec (figure)->title, points);
  co_chart_draw (chart, &style, cr, 480, 200, FALSE, 0, 0);
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_string_append_printf (html, "<p><img src=\"%s\" width=\"480\" height=\"200\"></p>\n", name);
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
  g_autoptr(GOptionContext) context = g_option_context_new ("— the report as PDF, against LibreOffice");
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GListStore) groups = NULL;
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sample.db", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *html_path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *today = co_date_today ();
  g_autofree char *to = co_date_add_days (today, -1);
  g_autofree char *from = co_date_add_days (to, -83);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autofree char *soffice = NULL;
  double ours = G_MAXDOUBLE, theirs = G_MAXDOUBLE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-pdf: %s\n", error->message);
      return 2;
    }
  if ((store = co_store_open (path, &error)) == NULL || !co_sample_create (store, &error) ||
      (groups = co_group_list (store, &error)) == NULL)
    {
      fprintf (stderr, "bench-pdf: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);
      g_array_append_val (ids, id);
    }

  /* Ours: the store read, the document laid out twice (contents and page count), the PDF written. */
  for (int i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(CoDocument) document = co_report_document_new (store, (gint64 *) ids->data, ids->len, "All Groups",
                                                               from, to, today, CO_WEEK_STARTS_MONDAY, &error);
      if (document == NULL || !co_document_write_pdf (document, CO_PAPER_A4, file, NULL, NULL, NULL, &error))
        {
          fprintf (stderr, "bench-pdf: %s\n", error->message);
          return 1;
        }
      ours = MIN (ours, seconds_since (start));
    }
  printf ("report %s to %s (12 weeks, %u groups): CommunityOps %.1f ms\n", from, to, ids->len, ours * 1000);

  soffice = g_find_program_in_path ("soffice");
  if (no_libreoffice || soffice == NULL)
    {
      printf ("LibreOffice: %s\n", soffice == NULL ? "not installed (apt-get install libreoffice-writer-nogui)"
                                                     : "skipped");
      test_remove_tree (dir);
      return 0;
    }

  /* Theirs: the same sections as an HTML document, converted as Writer would export it. */
  {
    g_autoptr(CoReport) report = co_report_new (store, (gint64 *) ids->data, ids->len, from, to, today, NULL);
    g_autoptr(CoTable) figures = co_report_table (report);
    g_autoptr(GArray) cohorts = co_report_retention (store, (gint64 *) ids->data, ids->len, from, to, today,
                                                     CO_WEEK_STARTS_MONDAY, NULL);
    g_autoptr(CoTable) retention = co_retention_table (cohorts);
    GString *html = g_string_new ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Community Report"
                                  "</title></head><body>\n<h1>Community Report</h1>\n");

    g_string_append (html, "<h2>Key Figures</h2>\n");
    append_table (html, figures);
    g_string_append (html, "<h2>Charts</h2>\n");
    append_chart (html, dir, "members.svg", store, ids, CO_FIGURE_MEMBERS_TOTAL, from, to);
    append_chart (html, dir, "joined.svg", store, ids, CO_FIGURE_JOINED, from, to);
    g_string_append (html, "<h2>Retention</h2>\n");
    append_table (html, retention);
    g_string_append (html, "</body></html>\n");
    g_assert (g_file_set_contents (html_path, html->str, (gssize) html->len, NULL));
    g_string_free (html, TRUE);
  }
  for (int i = 0; i < runs; i++)
    {
      g_autofree char *profile = g_strdup_printf ("-env:UserInstallation=file://%s/lo-profile", dir);
      const char *lo_argv[] = { soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", dir, html_path, NULL };
      gint64 start = g_get_monotonic_time ();
      int status;

      if (!g_spawn_sync (NULL, (char **) lo_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                         G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        {
          fprintf (stderr, "bench-pdf: libreoffice: %s\n", error->message);
          return 1;
        }
      /* The first run makes LibreOffice's profile; a user's is already there. */
      if (i > 0 || runs == 1)
        theirs = MIN (theirs, seconds_since (start));
    }
  printf ("LibreOffice --headless --convert-to pdf of the equivalent HTML: %.1f ms\n", theirs * 1000);
  printf ("ratio %.1fx faster   %s\n", theirs / ours,
          ours <= 0.3 && theirs / ours >= 10 ? "targets met" : "target NOT met");
  test_remove_tree (dir);
  return 0;
}
