/* co-sop-ics.c: the calendar file (co-sop-ics.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <stdio.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/records/co-list.h"
#include "core/sop/co-sop-ics.h"
#include "core/sop/co-sop-tasks.h"

/* A task's event lasts this long: long enough to be seen in a day's view. */
#define TASK_MINUTES 15

static struct icaltimetype
utc_time (const char *date,
          const char *time)
{
  int year, month, day, hour = 0, minute = 0;
  g_autoptr(GDateTime) local = NULL;

  if (sscanf (date, "%d-%d-%d", &year, &month, &day) != 3 || (time != NULL && sscanf (time, "%d:%d", &hour, &minute) != 2))
    return icaltime_null_time ();
  local = g_date_time_new_local (year, month, day, hour, minute, 0);
  if (local == NULL)
    return icaltime_null_time ();
  return icaltime_from_timet_with_zone ((time_t) g_date_time_to_unix (local), 0, icaltimezone_get_utc_timezone ());
}

static struct icaltimetype
whole_day (const char *date)
{
  struct icaltimetype day = icaltime_null_date ();

  if (sscanf (date, "%d-%d-%d", &day.year, &day.month, &day.day) != 3)
    return icaltime_null_time ();
  return day;
}

static void
add_activity (icalcomponent *calendar,
              CoItem        *activity,
              const char    *group_name,
              const char    *stamp_text)
{
  const char *start_date = co_item_get (activity, "start_date");
  const char *start_time = co_item_get (activity, "start_time");
  const char *end_date = co_item_get (activity, "end_date");
  g_autofree char *uid = g_strdup_printf ("activity-%s@communityops", co_item_get_uuid (activity));
  g_autofree char *name = co_item_dup_title (activity);
  g_autofree char *summary = g_strdup_printf ("%s · %s", name != NULL && *name ? name : _("Activity"), group_name);
  icalcomponent *event = icalcomponent_new (ICAL_VEVENT_COMPONENT);

  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (icaltime_from_string (stamp_text)));
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  if (co_item_get (activity, "content") != NULL)
    icalcomponent_add_property (event, icalproperty_new_description (co_item_get (activity, "content")));
  if (start_time != NULL)
    {
      struct icaltimetype start = utc_time (start_date, start_time);
      struct icaltimetype end = start;

      icaltime_adjust (&end, 0, 1, 0, 0);
      icalcomponent_add_property (event, icalproperty_new_dtstart (start));
      icalcomponent_add_property (event, icalproperty_new_dtend (end));
    }
  else
    {
      struct icaltimetype end = whole_day (end_date != NULL && g_strcmp0 (end_date, start_date) > 0 ? end_date : start_date);

      /* DTEND of a whole-day event is the day after its last. */
      icaltime_adjust (&end, 1, 0, 0, 0);
      icalcomponent_add_property (event, icalproperty_new_dtstart (whole_day (start_date)));
      icalcomponent_add_property (event, icalproperty_new_dtend (end));
    }
  icalcomponent_add_component (calendar, event);
}

static void
add_task (icalcomponent   *calendar,
          const CoSopTask *task,
          const char      *stamp_text)
{
  g_auto(GStrv) due = g_strsplit (task->due, " ", 2);
  g_autofree char *uid = g_strdup_printf ("sop-task-%" G_GINT64_FORMAT "@communityops", task->id);
  g_autofree char *text = co_sop_task_dup_text (task);
  g_autofree char *summary = NULL;
  struct icaltimetype start, end;
  icalcomponent *event = icalcomponent_new (ICAL_VEVENT_COMPONENT);

  if (task->nickname != NULL)
    /* Translators: a calendar event for an SOP task: the step, the member, the group */
    summary = g_strdup_printf (_("SOP: %s (%s) · %s"), task->title ? task->title : "", task->nickname, task->group_name);
  else
    /* Translators: a calendar event for an SOP task: the step, the group */
    summary = g_strdup_printf (_("SOP: %s · %s"), task->title ? task->title : "", task->group_name);
  start = utc_time (due[0], due[1]);
  end = start;
  icaltime_adjust (&end, 0, 0, TASK_MINUTES, 0);
  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (icaltime_from_string (stamp_text)));
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  icalcomponent_add_property (event, icalproperty_new_dtstart (start));
  icalcomponent_add_property (event, icalproperty_new_dtend (end));
  if (*text != '\0')
    icalcomponent_add_property (event, icalproperty_new_description (text));
  if (g_strcmp0 (task->state, "due") != 0)
    icalcomponent_add_property (event, icalproperty_new_status (ICAL_STATUS_CANCELLED));
  icalcomponent_add_component (calendar, event);
}

gboolean
co_sop_export_ics (CoStore     *store,
                   const char  *path,
                   gint64       group_id,
                   const char  *from,
                   const char  *to,
                   GError     **error)
{
  g_autoptr(GListStore) groups = co_group_list (store, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) names = g_hash_table_new (NULL, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *after = NULL;
  g_autofree char *to_moment = NULL;
  g_autofree char *from_moment = NULL;
  g_autoptr(GListStore) activities = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autofree char *text = NULL;
  icalcomponent *calendar;
  gboolean ok;

  if (groups == NULL)
    return FALSE;
  if (g_strcmp0 (from, to) > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The calendar’s end (%s) is before its start (%s)."),
                   to, from);
      return FALSE;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);

      if (group_id != 0 && id != group_id)
        continue;
      g_array_append_val (ids, id);
      g_hash_table_insert (names, GSIZE_TO_POINTER ((gsize) id), (gpointer) co_group_get_name (group));
    }
  activities = co_list_items_dated (store, CO_LIST_ACTIVITIES, (gint64 *) ids->data, ids->len, "start_date", from, to,
                                    FALSE, error);
  after = co_date_add_days (to, 1);
  from_moment = g_strconcat (from, " 00:00", NULL);
  to_moment = g_strconcat (after, " 00:00", NULL);
  tasks = activities != NULL ? co_sop_tasks (store, from_moment, to_moment, group_id, 0, FALSE, 0, error) : NULL;
  if (tasks == NULL)
    return FALSE;

  calendar = icalcomponent_vanew (ICAL_VCALENDAR_COMPONENT,
                                  icalproperty_new_version ("2.0"),
                                  icalproperty_new_prodid ("-//CommunityOps//CommunityOps " PACKAGE_VERSION "//EN"),
                                  icalproperty_new_calscale ("GREGORIAN"),
                                  NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (activities)); i++)
    {
      g_autoptr(CoItem) activity = g_list_model_get_item (G_LIST_MODEL (activities), i);
      add_activity (calendar, activity,
                    g_hash_table_lookup (names, GSIZE_TO_POINTER ((gsize) co_item_get_group_id (activity))), stamp);
    }
  for (guint i = 0; i < tasks->len; i++)
    if (g_hash_table_contains (names, GSIZE_TO_POINTER ((gsize) ((CoSopTask *) tasks->pdata[i])->group_id)))
      add_task (calendar, tasks->pdata[i], stamp);
  text = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);
  ok = g_file_set_contents (path, text, -1, error);
  return ok;
}
