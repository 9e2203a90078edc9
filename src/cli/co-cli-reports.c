/* co-cli-reports.c: --report (a period's figures as text or CSV), --export-report and
 * --export-plan (the documents the app prints, as PDF). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "cli/co-cli-private.h"
#include "core/document/co-plan-document.h"
#include "core/document/co-report-document.h"
#include "core/formats/co-csv.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-segment.h"
#include "core/reports/co-report.h"

/* The groups and the period --report and --export-report ask for: 0, or the exit status after
 * saying what is wrong. */
static int
read_report_options (CoStore       *store,
                     GVariantDict  *options,
                     GArray        *ids,
                     char         **from,
                     char         **to,
                     char         **scope_name)
{
  const char *from_text = NULL, *to_text = NULL, *group_name = NULL;

  g_variant_dict_lookup (options, "from", "&s", &from_text);
  g_variant_dict_lookup (options, "to", "&s", &to_text);
  g_variant_dict_lookup (options, "group", "&s", &group_name);
  *from = co_date_parse (from_text);
  *to = co_date_parse (to_text);
  if (*from == NULL || *to == NULL || strcmp (*from, *to) > 0)
    {
      g_printerr ("community-ops: %s\n",
                  *from == NULL || *to == NULL
                  ? _("--report needs --from and --to, dates like 2024-03-05.")
                  : _("--from is after --to."));
      return 1;
    }
  /* --segment: the report of its people (co_cli_segment_report ()), not of groups. */
  if (g_variant_dict_contains (options, "segment"))
    return 0;
  if (g_variant_dict_contains (options, "all"))
    {
      g_autoptr(GListStore) groups = co_group_list (store, NULL);
      guint n_groups = groups != NULL ? g_list_model_get_n_items (G_LIST_MODEL (groups)) : 0;

      for (guint i = 0; i < n_groups; i++)
        {
          g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
          gint64 id = co_group_get_id (group);
          g_array_append_val (ids, id);
        }
      *scope_name = g_strdup (_("All Groups"));
    }
  else
    {
      gint64 id = co_cli_find_group (store, group_name);
      g_autoptr(CoGroup) group = NULL;

      if (id == 0)
        return 1;
      g_array_append_val (ids, id);
      group = co_group_get (store, id, NULL);
      *scope_name = g_strdup (group ? co_group_get_name (group) : group_name);
    }
  return 0;
}

/* The report of the --segment given, or of none: 0, or the exit status after saying what is
 * wrong. @report (when not NULL) is set to its people's report, @segment to the segment. */
static int
segment_report (CoStore     *store,
                GVariantDict *options,
                const char  *from,
                const char  *to,
                const char  *today,
                CoSegment  **segment,
                CoReport   **report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) members = NULL;

  if (!co_cli_find_segment (store, options, segment))
    return 1;
  if (*segment == NULL || report == NULL)
    return 0;
  members = co_report_segment_members (store, (*segment)->filter, today, &error);
  if (members != NULL)
    *report = co_report_new_for_members (store, (gint64 *) members->data, members->len, from, to, today, &error);
  if (*report == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  if (!g_variant_dict_contains (options, "format"))
    {
      g_autofree char *note = co_report_segment_note (members->len);
      g_print ("%s\n", note);
    }
  return 0;
}

/* --report: the period's figures for a group or every group, with the period before. */
int
co_cli_print_report (CoStore      *store,
                     GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CoReport) report = NULL;
  g_autoptr(CoSegment) segment = NULL;
  g_autoptr(CoTable) table = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *today = co_date_today ();
  g_autofree char *from = NULL, *to = NULL, *scope_name = NULL;
  const char *format = "text";
  int status;

  g_variant_dict_lookup (options, "format", "&s", &format);
  if (!g_str_equal (format, "text") && !g_str_equal (format, "csv"))
    {
      g_printerr (_("community-ops: --format is text or csv, not “%s”.\n"), format);
      return 1;
    }
  if ((status = read_report_options (store, options, ids, &from, &to, &scope_name)) != 0 ||
      (status = segment_report (store, options, from, to, today, &segment, &report)) != 0)
    return status;

  if (segment == NULL)
    report = co_report_new (store, (gint64 *) ids->data, ids->len, from, to, today, &error);
  if (report == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  table = co_report_table (report);
  if (g_str_equal (format, "csv"))
    {
      g_autoptr(GBytes) csv = co_table_to_csv (table);
      const char *data = g_bytes_get_data (csv, NULL);

      /* Without the BOM: a terminal or a pipe does not want it. */
      fwrite (data + 3, 1, g_bytes_get_size (csv) - 3, stdout);
      return 0;
    }
  out = g_string_new (NULL);
  for (guint row = 1; row < co_table_get_n_rows (table); row++)
    /* Translators: a report line: figure, value, the previous period's value, the change, and
     * a mark for figures taken from the daily figures alone */
    g_string_append_printf (out, _("%s: %s (before: %s, change %s)%s\n"),
                            co_table_get (table, row, 0), co_table_get (table, row, 1),
                            co_table_get (table, row, 2), co_table_get (table, row, 3),
                            *co_table_get (table, row, 4) ? _("  estimate") : "");
  g_print ("%s", out->str);
  return 0;
}

/* --output and --paper of --export-report and --export-plan: 0, or the exit status after saying
 * what is wrong. */
static int
read_pdf_options (GVariantDict  *options,
                  const char   **output,
                  CoPaper       *paper)
{
  const char *paper_name = "a4";

  g_variant_dict_lookup (options, "paper", "&s", &paper_name);
  if (!g_variant_dict_lookup (options, "output", "^&ay", output))
    {
      g_printerr ("community-ops: %s\n", _("Say where to write the PDF with --output FILE.pdf."));
      return 1;
    }
  if (!g_str_equal (paper_name, "a4") && !g_str_equal (paper_name, "letter"))
    {
      g_printerr (_("community-ops: --paper is a4 or letter, not “%s”.\n"), paper_name);
      return 1;
    }
  *paper = g_str_equal (paper_name, "letter") ? CO_PAPER_LETTER : CO_PAPER_A4;
  return 0;
}

/* Writes @document (NULL: @error says why) to @output, whole or not at all. */
static int
write_pdf (CoDocument *document,
           CoPaper     paper,
           const char *output,
           GError     *error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);
  g_autoptr(GError) local_error = error;

  if (document == NULL ||
      !co_document_write_pdf (document, paper, file, NULL, NULL, NULL, &local_error))
    {
      g_printerr (_("community-ops: %s: %s\n"), output, local_error->message);
      return 1;
    }
  return 0;
}

/* --export-report: the report document as PDF. */
int
co_cli_export_report (CoStore      *store,
                      GVariantDict *options)
{
  GError *error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CoDocument) document = NULL;
  g_autofree char *today = co_date_today ();
  g_autofree char *from = NULL, *to = NULL, *scope_name = NULL;
  g_autoptr(CoSegment) segment = NULL;
  const char *output = NULL;
  CoPaper paper;
  int status;

  if ((status = read_pdf_options (options, &output, &paper)) != 0 ||
      (status = read_report_options (store, options, ids, &from, &to, &scope_name)) != 0 ||
      (status = segment_report (store, options, from, to, today, &segment, NULL)) != 0)
    return status;
  if (segment != NULL)
    document = co_report_document_new_for_segment (store, segment->filter, segment->name, from, to, today,
                                                   CO_WEEK_STARTS_MONDAY, &error);
  else
    document = co_report_document_new (store, (gint64 *) ids->data, ids->len, scope_name, from, to,
                                       today, CO_WEEK_STARTS_MONDAY, &error);
  return write_pdf (document, paper, output, error);
}

/* --export-plan: a group's plan as PDF. */
int
co_cli_export_plan (CoStore      *store,
                    GVariantDict *options)
{
  GError *error = NULL;
  g_autoptr(CoDocument) document = NULL;
  const char *output = NULL, *group_name = NULL;
  CoPaper paper;
  gint64 group_id;
  int status;

  g_variant_dict_lookup (options, "export-plan", "&s", &group_name);
  if ((status = read_pdf_options (options, &output, &paper)) != 0)
    return status;
  if ((group_id = co_cli_find_group (store, group_name)) == 0)
    return 1;
  document = co_plan_document_new (store, &group_id, 1,
                                   g_variant_dict_contains (options, "with-check"), &error);
  return write_pdf (document, paper, output, error);
}
