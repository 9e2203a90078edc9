/* co-weekly-notes.c: a week's 本周总结 and 下周计划 (co-weekly-notes.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/formats/co-date.h"
#include "core/records/co-field.h"
#include "core/reports/co-weekly-notes.h"
#include "core/store/co-store-private.h"

void
co_weekly_notes_free (CoWeeklyNotes *notes)
{
  if (notes == NULL)
    return;
  g_free (notes->summary);
  g_free (notes->next_plan);
  g_free (notes);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

CoWeeklyNotes *
co_weekly_notes_get (CoStore     *store,
                     gint64       group_id,
                     const char  *week,
                     GError     **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
                                         "SELECT summary, next_plan FROM weekly_notes"
                                         " WHERE ifnull (group_id, 0) = ?1 AND week = ?2", error);
  CoWeeklyNotes *notes;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, week, -1, SQLITE_TRANSIENT);
  notes = g_new0 (CoWeeklyNotes, 1);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      notes->summary = column_text (stmt, 0);
      notes->next_plan = column_text (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      g_clear_pointer (&notes, co_weekly_notes_free);
    }
  sqlite3_reset (stmt);
  return notes;
}

/* @text as kept: NULL when blank; refused beyond a long text's length. */
static gboolean
check_text (const char  *text,
            const char  *title,
            char       **kept,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  *kept = NULL;
  if (g_utf8_strlen (text != NULL ? text : "", -1) > CO_FIELD_LONG_TEXT_MAX)
    {
      /* Translators: the first %s is 本周总结 or 下周计划 */
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("%s is longer than %d characters: shorten it to save it."), title, CO_FIELD_LONG_TEXT_MAX);
      return FALSE;
    }
  if (*trimmed != '\0')
    *kept = g_strdup (text);
  return TRUE;
}

gboolean
co_weekly_notes_set (CoStore     *store,
                     gint64       group_id,
                     const char  *week,
                     const char  *summary,
                     const char  *next_plan,
                     GError     **error)
{
  g_autofree char *day = co_date_parse (week);
  g_autofree char *summary_kept = NULL, *plan_kept = NULL;
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;

  if (day == NULL || g_strcmp0 (day, week) != 0)
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("The week “%s” is not a date like 2026-11-30."), week != NULL ? week : "");
      return FALSE;
    }
  if (!check_text (summary, _("This Week’s Summary"), &summary_kept, error) ||
      !check_text (next_plan, _("Next Week’s Plan"), &plan_kept, error))
    return FALSE;
  if (!co_store_begin (store, error))
    return FALSE;
  /* Nothing written when nothing changed: a focus-out after a save is free. A week without
   * notes gets no empty record. */
  stmt = co_store_prepare (store,
                           "INSERT INTO weekly_notes (group_id, week, summary, next_plan, created_at, updated_at)"
                           " SELECT nullif (?1, 0), ?2, ?3, ?4, ?5, ?5"
                           "  WHERE ?3 IS NOT NULL OR ?4 IS NOT NULL OR EXISTS (SELECT 1 FROM weekly_notes"
                           "    WHERE ifnull (group_id, 0) = ?1 AND week = ?2)"
                           " ON CONFLICT (ifnull (group_id, 0), week) DO UPDATE"
                           "  SET summary = excluded.summary, next_plan = excluded.next_plan, updated_at = excluded.updated_at"
                           "  WHERE summary IS NOT excluded.summary OR next_plan IS NOT excluded.next_plan", error);
  if (stmt == NULL)
    {
      co_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  if (summary_kept != NULL)
    sqlite3_bind_text (stmt, 3, summary_kept, -1, SQLITE_TRANSIENT);
  if (plan_kept != NULL)
    sqlite3_bind_text (stmt, 4, plan_kept, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  if (!co_store_step_done (store, stmt, error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  if (sqlite3_changes (sqlite3_db_handle (stmt)) > 0)
    co_store_note_change (store, "weekly_notes", group_id);
  return co_store_commit (store, error);
}

static void
notes_row_free (CoWeeklyNotesRow *row)
{
  g_free (row->summary);
  g_free (row->next_plan);
  g_free (row);
}

GPtrArray *
co_weekly_notes_list (CoStore       *store,
                      const gint64  *group_ids,
                      guint          n_groups,
                      gboolean       with_every_group,
                      const char    *from,
                      const char    *to,
                      GError       **error)
{
  g_autofree char *ids = co_ids_json (group_ids, n_groups);
  sqlite3_stmt *stmt = co_store_prepare (store,
                                         "SELECT ifnull (n.group_id, 0), n.week, n.summary, n.next_plan"
                                         " FROM weekly_notes n LEFT JOIN json_each (?1) j ON j.value = n.group_id"
                                         " WHERE n.week >= ?2 AND n.week <= ?3"
                                         "   AND (j.key IS NOT NULL OR (?4 AND n.group_id IS NULL))"
                                         "   AND (n.summary IS NOT NULL OR n.next_plan IS NOT NULL)"
                                         " ORDER BY n.week, n.group_id IS NOT NULL, j.key", error);
  GPtrArray *rows;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ids, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, with_every_group);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) notes_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CoWeeklyNotesRow *row = g_new0 (CoWeeklyNotesRow, 1);

      row->group_id = sqlite3_column_int64 (stmt, 0);
      g_strlcpy (row->week, (const char *) sqlite3_column_text (stmt, 1), sizeof row->week);
      row->summary = column_text (stmt, 2);
      row->next_plan = column_text (stmt, 3);
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      g_clear_pointer (&rows, g_ptr_array_unref);
    }
  sqlite3_reset (stmt);
  return rows;
}

/* Written as an operator writes them, in the week's language (the Chinese in zh_CN.po is
 * written for Chinese users, not translated word for word). */
static const struct { gboolean every_group; int weeks_ago; const char *summary; const char *next_plan; } sample_notes[] = {
  { FALSE, 1,
    N_("Daily paper sharing kept going: 5 morning reports and 5 evening picks posted.\n"
       "Wednesday's live Q&A on literature search brought 38 people, the most this month.\n"
       "3 full-text requests went unanswered for over a day: we need a second helper in the evenings."),
    N_("1. Invite the next batch of 100 from the contact list, paused at 100 members.\n"
       "2. Move the rules reminder to Tuesday and Friday evenings.\n"
       "3. Xiao Wang takes the evening full-text requests.") },
  { TRUE, 1,
    N_("Both literature groups grew; group 1 passed 300 members.\n"
       "The SOP's welcome messages went out on time; two evening topics were posted late."),
    N_("Review the SOP's evening steps with the operators on Monday.\n"
       "Prepare the poster for next week's lecture.") },
  { FALSE, 0,
    N_("Registrations from the group are up on last week.\n"
       "The lecture poster went out on Thursday."),
    N_("Interview one active member for the weekly feature.") },
  { TRUE, 0,
    N_("A quieter week: fewer messages, the same number of new members."),
    N_("Decide on Friday whether to open group 3.") },
};

gboolean
co_weekly_notes_add_sample (CoStore  *store,
                            gint64    group_id,
                            GError  **error)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  g_autoptr(GDate) day = g_date_new ();

  g_date_set_parse (day, yesterday);
  /* The Monday of yesterday's week: the week a new workspace's settings start on. */
  g_date_subtract_days (day, g_date_get_weekday (day) - G_DATE_MONDAY);
  for (guint i = 0; i < G_N_ELEMENTS (sample_notes); i++)
    {
      g_autoptr(GDate) week = g_date_copy (day);
      char text[11];

      g_date_subtract_days (week, 7 * sample_notes[i].weeks_ago);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", week);
      if (!co_weekly_notes_set (store, sample_notes[i].every_group ? 0 : group_id, text, _(sample_notes[i].summary),
                                _(sample_notes[i].next_plan), error))
        return FALSE;
    }
  return TRUE;
}
