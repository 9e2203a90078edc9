/* co-today.c: the day's due announcements and missing figures. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "core/store/co-store-private.h"
#include "core/today/co-today.h"

const char *
co_announcement_title (CoAnnouncement announcement)
{
  switch (announcement)
    {
    case CO_ANNOUNCE_EVENING_BEFORE: return _("The evening before");
    case CO_ANNOUNCE_HALF_DAY_BEFORE: return _("Half a day before");
    case CO_ANNOUNCE_HOUR_BEFORE: return _("One hour before");
    case CO_N_ANNOUNCEMENTS:
    default: g_return_val_if_reached (NULL);
    }
}

static void
clear_due_activity (gpointer data)
{
  CoDueActivity *due = data;

  g_clear_object (&due->activity);
  g_clear_pointer (&due->start, g_date_time_unref);
  for (guint i = 0; i < CO_N_ANNOUNCEMENTS; i++)
    g_clear_pointer (&due->due[i], g_date_time_unref);
}

static char *
iso_day (GDateTime *moment,
         int        days_later)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (moment, days_later);

  return g_date_time_format (day, "%Y-%m-%d");
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  return g_date_time_compare (((const CoDueActivity *) a)->start, ((const CoDueActivity *) b)->start);
}

GArray *
co_today_activities (CoStore       *store,
                     const gint64  *group_ids,
                     guint          n_groups,
                     GDateTime     *now,
                     guint          days,
                     GError       **error)
{
  g_autofree char *from = iso_day (now, 0);
  g_autofree char *to = iso_day (now, (int) days - 1);
  g_autoptr(GListStore) items = co_list_items_dated (store, CO_LIST_ACTIVITIES, group_ids, n_groups,
                                                     "start_date", from, to, FALSE, error);
  GArray *activities;

  if (items == NULL)
    return NULL;
  activities = g_array_new (FALSE, TRUE, sizeof (CoDueActivity));
  g_array_set_clear_func (activities, clear_due_activity);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
    {
      CoDueActivity due = { g_list_model_get_item (G_LIST_MODEL (items), i) };
      const char *time = co_item_get (due.activity, "start_time");
      int year, month, day, hour = 0, minute = 0;
      g_autoptr(GDateTime) evening = NULL;

      if (sscanf (co_item_get (due.activity, "start_date"), "%d-%d-%d", &year, &month, &day) != 3)
        {
          g_object_unref (due.activity);
          continue;
        }
      due.has_time = time != NULL && sscanf (time, "%d:%d", &hour, &minute) == 2;
      due.start = g_date_time_new_local (year, month, day, hour, minute, 0);
      evening = g_date_time_new_local (year, month, day, CO_ANNOUNCE_EVENING_HOUR, 0, 0);
      due.due[CO_ANNOUNCE_EVENING_BEFORE] = g_date_time_add_days (evening, -1);
      if (due.has_time)
        {
          due.due[CO_ANNOUNCE_HALF_DAY_BEFORE] = g_date_time_add_hours (due.start, -12);
          due.due[CO_ANNOUNCE_HOUR_BEFORE] = g_date_time_add_hours (due.start, -1);
        }
      g_array_append_val (activities, due);
    }
  g_array_sort (activities, compare_start);
  return activities;
}

GArray *
co_today_missing_figures (CoStore       *store,
                          const gint64  *group_ids,
                          guint          n_groups,
                          const char    *date,
                          GError       **error)
{
  g_autofree char *groups = co_ids_json (group_ids, n_groups);
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT g.id FROM groups g JOIN json_each (?1) j ON j.value = g.id"
    " WHERE (g.founding_date IS NULL OR g.founding_date <= ?2)"
    " AND NOT EXISTS (SELECT 1 FROM daily_figures d WHERE d.group_id = g.id AND d.date = ?2)"
    " ORDER BY j.key", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, groups, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (missing, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&missing);
}

void
co_due_follow_up_free (CoDueFollowUp *follow_up)
{
  g_free (follow_up->group_name);
  g_free (follow_up->nickname);
  g_free (follow_up->body);
  g_free (follow_up->due_date);
  g_free (follow_up);
}

GPtrArray *
co_today_follow_ups (CoStore     *store,
                     const char  *date,
                     GError     **error)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) co_due_follow_up_free);
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT f.id, s.id, g.id, g.name, m.nickname, f.body, f.due_date FROM follow_ups f"
    " JOIN memberships s ON s.id = f.membership_id JOIN members m ON m.id = s.member_id"
    " JOIN groups g ON g.id = s.group_id"
    " WHERE f.due_date <= ?1 AND f.done_date IS NULL AND f.deleted_at IS NULL AND s.deleted_at IS NULL"
    " AND g.deleted_at IS NULL AND g.archived = 0"
    " ORDER BY f.due_date, f.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CoDueFollowUp *follow_up = g_new0 (CoDueFollowUp, 1);

      follow_up->id = sqlite3_column_int64 (stmt, 0);
      follow_up->membership_id = sqlite3_column_int64 (stmt, 1);
      follow_up->group_id = sqlite3_column_int64 (stmt, 2);
      follow_up->group_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      follow_up->nickname = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      follow_up->body = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      follow_up->due_date = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (due, follow_up);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&due);
}
