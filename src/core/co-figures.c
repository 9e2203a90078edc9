/* co-figures.c: reading, checking and saving a group's daily figures. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "co-date.h"
#include "co-figures.h"
#include "co-group.h"
#include "co-store-private.h"

G_DEFINE_QUARK (co-figures-error-quark, co_figures_error)

static const CoFieldSpec specs[CO_N_FIGURES] = {
  [CO_FIGURE_MEMBERS_TOTAL] = { "members_total", CO_FIELD_COUNT, 0, N_("Members"), NULL },
  [CO_FIGURE_JOINED] = { "joined", CO_FIELD_COUNT, 0, N_("Joined"), NULL },
  [CO_FIGURE_LEFT] = { "left_members", CO_FIELD_COUNT, 0, N_("Left"), NULL },
  [CO_FIGURE_ACTIVE] = { "active", CO_FIELD_COUNT, 0, N_("Active Members"), N_("Spoke at least once that day") },
  [CO_FIGURE_MESSAGES] = { "messages", CO_FIELD_COUNT, 0, N_("Messages"), NULL },
  [CO_FIGURE_INVITES_SENT] = { "invites_sent", CO_FIELD_COUNT, 0, N_("Invitations Sent"), NULL },
  [CO_FIGURE_INVITES_ACCEPTED] = { "invites_accepted", CO_FIELD_COUNT, 0, N_("Invitations Accepted"), NULL },
  [CO_FIGURE_REGISTRATIONS] = { "registrations", CO_FIELD_COUNT, 0, N_("Registrations"),
                                N_("On the platform, brought by the group") },
  [CO_FIGURE_CONVERSIONS] = { "conversions", CO_FIELD_COUNT, 0, N_("Conversions"), N_("Purchases") },
  [CO_FIGURE_POSTS] = { "posts", CO_FIELD_COUNT, 0, N_("Content Posts"), NULL },
  [CO_FIGURE_PARTICIPANTS] = { "participants", CO_FIELD_COUNT, 0, N_("Activity Participants"), NULL },
  [CO_FIGURE_FEEDBACK] = { "feedback", CO_FIELD_COUNT, 0, N_("Feedback Items"), NULL },
  [CO_FIGURE_QUALITY_FEEDBACK] = { "quality_feedback", CO_FIELD_COUNT, 0, N_("Quality Feedback"),
                                   N_("Feedback items of quality") },
};

#define FIGURE_COLUMNS \
  "members_total, joined, left_members, active, messages, invites_sent, invites_accepted," \
  " registrations, conversions, posts, participants, feedback, quality_feedback"

const CoFieldSpec *
co_figure_spec (CoFigure figure)
{
  g_return_val_if_fail (figure < CO_N_FIGURES, NULL);
  return &specs[figure];
}

gboolean
co_figure_is_level (CoFigure figure)
{
  return figure == CO_FIGURE_MEMBERS_TOTAL;
}

void
co_day_figures_init (CoDayFigures *day,
                     gint64        group_id,
                     const char   *date)
{
  day->group_id = group_id;
  g_strlcpy (day->date, date ? date : "", sizeof day->date);
  for (guint i = 0; i < CO_N_FIGURES; i++)
    day->values[i] = CO_FIGURE_UNSET;
}

/* The rules between figures: the first of each pair may not exceed the second. */
static const CoFigure rules[][2] = {
  { CO_FIGURE_INVITES_ACCEPTED, CO_FIGURE_INVITES_SENT },
  { CO_FIGURE_LEFT, CO_FIGURE_MEMBERS_TOTAL },
  { CO_FIGURE_ACTIVE, CO_FIGURE_MEMBERS_TOTAL },
  { CO_FIGURE_QUALITY_FEEDBACK, CO_FIGURE_FEEDBACK },
};

gboolean
co_day_figures_check (const CoDayFigures  *day,
                      const char          *group_name,
                      const char          *founding_date,
                      CoFigure            *bad,
                      GError             **error)
{
  g_autofree char *shown_date = co_date_format_display (day->date);

  for (guint i = 0; i < CO_N_FIGURES; i++)
    if (day->values[i] < CO_FIGURE_UNSET)
      {
        if (bad != NULL)
          *bad = i;
        /* Translators: group, day, figure */
        g_set_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE, _("%s, %s: %s cannot be negative."),
                     group_name, shown_date, _(specs[i].title));
        return FALSE;
      }
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      gint64 small = day->values[rules[r][0]], large = day->values[rules[r][1]];
      g_autofree char *small_text = NULL, *large_text = NULL;

      if (small == CO_FIGURE_UNSET || large == CO_FIGURE_UNSET || small <= large)
        continue;
      if (bad != NULL)
        *bad = rules[r][0];
      small_text = g_strdup_printf ("%" G_GINT64_FORMAT, small);
      large_text = g_strdup_printf ("%" G_GINT64_FORMAT, large);
      /* Translators: group, day, a figure and its value, another figure and its value:
       * "Group 1, 2024-03-05: Invitations Accepted (12) is more than Invitations Sent (10)." */
      g_set_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INCONSISTENT,
                   _("%s, %s: %s (%s) is more than %s (%s)."), group_name, shown_date,
                   _(specs[rules[r][0]].title), small_text, _(specs[rules[r][1]].title), large_text);
      return FALSE;
    }
  if (founding_date != NULL && strcmp (day->date, founding_date) < 0)
    {
      g_autofree char *founded = co_date_format_display (founding_date);
      if (bad != NULL)
        *bad = CO_N_FIGURES;
      /* Translators: group, day, the group's founding date */
      g_set_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INCONSISTENT,
                   _("%s, %s: the group was founded on %s; there are no figures before that."),
                   group_name, shown_date, founded);
      return FALSE;
    }
  return TRUE;
}

gboolean
co_figures_get (CoStore       *store,
                gint64         group_id,
                const char    *date,
                CoDayFigures  *day,
                GError       **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT " FIGURE_COLUMNS " FROM daily_figures"
                                                " WHERE group_id = ? AND date = ?", error);

  co_day_figures_init (day, group_id, date);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    for (guint i = 0; i < CO_N_FIGURES; i++)
      if (sqlite3_column_type (stmt, i) != SQLITE_NULL)
        day->values[i] = sqlite3_column_int64 (stmt, i);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The group's name and founding date, for the checks' messages. */
static gboolean
group_facts (CoStore     *store,
             gint64       group_id,
             char       **name,
             char       **founded,
             GError     **error)
{
  g_autoptr(CoGroup) group = co_group_get (store, group_id, error);

  if (group == NULL)
    return FALSE;
  *name = g_strdup (co_group_get_name (group));
  *founded = g_strdup (co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE));
  return TRUE;
}

gboolean
co_figures_put (CoStore             *store,
                const CoDayFigures  *day,
                GError             **error)
{
  g_autofree char *name = NULL, *founded = NULL, *now = co_store_now ();
  g_autofree char *iso = co_date_parse (day->date);
  sqlite3_stmt *stmt;

  if (iso == NULL || !g_str_equal (iso, day->date))
    {
      g_set_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE,
                   _("“%s” is not a date. Write it like 2024-03-05."), day->date);
      return FALSE;
    }
  if (!group_facts (store, day->group_id, &name, &founded, error) ||
      !co_day_figures_check (day, name, founded, NULL, error) ||
      !co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, "INSERT OR REPLACE INTO daily_figures (group_id, date, " FIGURE_COLUMNS
                                  ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, day->group_id);
  sqlite3_bind_text (stmt, 2, day->date, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < CO_N_FIGURES; i++)
    if (day->values[i] != CO_FIGURE_UNSET)
      sqlite3_bind_int64 (stmt, 3 + i, day->values[i]);
  sqlite3_bind_text (stmt, 3 + CO_N_FIGURES, now, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, "daily_figures", day->group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

gboolean
co_figures_set (CoStore      *store,
                gint64        group_id,
                const char   *date,
                CoFigure      figure,
                const char   *input,
                GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;
  CoDayFigures day;

  g_return_val_if_fail (figure < CO_N_FIGURES, FALSE);

  value = co_field_normalize (&specs[figure], input, &local_error);
  if (local_error != NULL)
    {
      g_set_error_literal (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE, local_error->message);
      return FALSE;
    }
  if (!co_figures_get (store, group_id, date, &day, error))
    return FALSE;
  day.values[figure] = value ? g_ascii_strtoll (value, NULL, 10) : CO_FIGURE_UNSET;
  return co_figures_put (store, &day, error);
}
