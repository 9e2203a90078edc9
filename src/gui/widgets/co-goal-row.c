/* co-goal-row.c: a goal and where it stands, as an AdwActionRow. */
#include "config.h"

#include <glib/gi18n.h>

#include "gui/widgets/co-goal-row.h"
#include "gui/widgets/co-tooltip.h"

static const char *
status_style (CoGoalStatus status)
{
  switch (status)
    {
    case CO_GOAL_ACHIEVED:
    case CO_GOAL_ON_TRACK:
      return "success";
    case CO_GOAL_AT_RISK:
      return "warning";
    case CO_GOAL_OFF_TRACK:
    case CO_GOAL_MISSED:
      return "error";
    case CO_GOAL_NO_DATA:
    case CO_GOAL_NO_TARGET:
    case CO_GOAL_NO_DEADLINE:
    case CO_GOAL_UNMEASURED:
    default:
      return "dim-label";
    }
}

GtkWidget *
co_goal_row_new (CoItem               *goal,
                 const CoGoalProgress *progress,
                 const char           *group_name)
{
  g_autofree char *title = co_item_dup_title (goal);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (NULL);

  subtitle = co_goal_describe (goal, progress);
  if (group_name != NULL)
    {
      /* Translators: a goal in a list of many groups' goals: "group name: goal" */
      char *with_group = g_strdup_printf (_("%s: %s"), group_name, title);
      g_free (title);
      title = with_group;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : "");
  gtk_label_set_label (GTK_LABEL (status), co_goal_status_label (progress->status));
  gtk_widget_add_css_class (status, status_style (progress->status));
  /* Made by the score for the Reports place: no round trip to the X server each. */
  co_tooltip_set_text (row, co_goal_rule ());
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  return row;
}
