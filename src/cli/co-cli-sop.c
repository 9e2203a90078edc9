/* co-cli-sop.c: --tasks, the SOP tasks due on a day, one a line; and --export-ics, activities and
 * SOP tasks as an iCalendar file. Both first make the tasks of the coming days, as the app does. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cli/co-cli-private.h"
#include "core/formats/co-date.h"
#include "core/sop/co-sop-ics.h"
#include "core/sop/co-sop-tasks.h"

static gboolean
expand_now (CoStore *store)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;

  if (co_sop_expand (store, 0, now, &error))
    return TRUE;
  g_printerr ("community-ops: %s\n", error->message);
  return FALSE;
}

/* The date option @key, today when not given; NULL after saying what is wrong. */
static char *
read_date (GVariantDict *options,
           const char   *key,
           const char   *fallback)
{
  const char *text = NULL;
  char *date;

  if (!g_variant_dict_lookup (options, key, "&s", &text))
    return g_strdup (fallback);
  date = co_date_parse (text);
  if (date == NULL)
    /* Translators: %s is the option (--date, --from, --to), then what was given */
    g_printerr (_("community-ops: --%s: “%s” is not a date like 2026-03-05.\n"), key, text);
  return date;
}

int
co_cli_print_tasks (CoStore      *store,
                    GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = co_date_today ();
  g_autofree char *date = read_date (options, "date", today);
  g_autofree char *next = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *group_name = NULL, *person_name = NULL;
  gint64 group_id = 0, person_id = 0;

  if (date == NULL)
    return 1;
  if (g_variant_dict_lookup (options, "group", "&s", &group_name) &&
      (group_id = co_cli_find_group (store, group_name)) == 0)
    return 1;
  if (g_variant_dict_lookup (options, "person", "&s", &person_name) &&
      (person_id = co_sop_find_person (store, person_name, &error)) == 0)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  if (!expand_now (store))
    return 1;
  next = co_date_add_days (date, 1);
  from = g_strconcat (date, " 00:00", NULL);
  to = g_strconcat (next, " 00:00", NULL);
  tasks = co_sop_tasks (store, from, to, group_id, person_id, FALSE, 0, &error);
  if (tasks == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  /* Translators: the header of --tasks' lines, tab-separated: keep the tabs */
  g_print ("%s\n", _("time\tstatus\tgroup\tstep\tassignee\tfor\ttext"));
  for (guint i = 0; i < tasks->len; i++)
    {
      const CoSopTask *task = tasks->pdata[i];
      g_autofree char *text = co_sop_task_dup_text (task);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      g_autofree char *one_line = g_strjoinv (" / ", lines);
      const char *whom = task->nickname ? task->nickname : task->activity ? task->activity : "";

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", task->due + 11, co_sop_status_label (co_sop_task_status (task, now)),
               task->group_name, task->title ? task->title : "", task->assignee ? task->assignee : "", whom, one_line);
    }
  return 0;
}

int
co_cli_export_ics (CoStore      *store,
                   GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = co_date_today ();
  g_autofree char *horizon = co_date_add_days (today, CO_SOP_HORIZON_DAYS - 1);
  g_autofree char *from = read_date (options, "from", today);
  g_autofree char *to = from != NULL ? read_date (options, "to", horizon) : NULL;
  const char *path = NULL, *group_name = NULL;
  gint64 group_id = 0;

  g_variant_dict_lookup (options, "export-ics", "^&ay", &path);
  if (from == NULL || to == NULL)
    return 1;
  if (g_variant_dict_lookup (options, "group", "&s", &group_name) &&
      (group_id = co_cli_find_group (store, group_name)) == 0)
    return 1;
  if (!expand_now (store))
    return 1;
  if (!co_sop_export_ics (store, path, group_id, from, to, &error))
    {
      g_printerr (_("community-ops: %s: %s\n"), path, error->message);
      return 1;
    }
  return 0;
}
