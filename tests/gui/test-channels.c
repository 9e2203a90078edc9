/* test-channels.c: channels in the window. The Reports page's Funnel view shows the sample
 * workspace's channels with the numbers the funnel computes (its total the joins the store
 * holds for the period), a bar per channel; a member's window shows their channel, who
 * referred them and whom they referred, and a channel chosen there is saved. */
#include "config.h"

#include <string.h>

#include "core/formats/co-date.h"
#include "core/members/co-channel.h"
#include "core/reports/co-funnel.h"
#include "core/reports/co-report.h"
#include "gui/members/co-member-source.h"
#include "gui/members/co-member-window.h"
#include "gui/reports/co-reports-page.h"
#include "gui/widgets/co-chart.h"
#include "gui-test-util.h"

static void
test_funnel_view (Fixture *f, gconstpointer data)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  g_autofree char *from = co_date_add_days (yesterday, -100);
  g_autofree char *count_sql = NULL;
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  AdwViewStack *views = ADW_VIEW_STACK (find_widget (GTK_WIDGET (reports), ADW_TYPE_VIEW_STACK, 0));
  const char *names[] = { "Spring QR code", "Recruitment poster", "Launch livestream", "Member referral",
                          "No Channel Recorded", "All Channels" };
  gint64 joined = 0, total;
  GtkWidget *funnel_box;
  CoTable *table;

  co_window_show_place (f->window, "reports");
  co_reports_page_show_week (reports, 0, yesterday);
  co_reports_page_set_period (reports, from, yesterday);
  adw_view_stack_set_visible_child_name (views, "funnel");
  wait_for_idle ();
  table = co_reports_page_get_table (reports);
  g_assert_nonnull (table);
  g_assert_cmpuint (co_table_get_n_columns (table), ==, CO_FUNNEL_TABLE_COLUMNS);
  g_assert_cmpuint (co_table_get_n_rows (table), ==, G_N_ELEMENTS (names) + 1);
  for (guint row = 0; row < G_N_ELEMENTS (names); row++)
    g_assert_cmpstr (co_table_get (table, row + 1, 0), ==, names[row]);
  for (guint row = 1; row < G_N_ELEMENTS (names); row++)
    joined += g_ascii_strtoll (co_table_get (table, row, 1), NULL, 10);

  /* The joins of the period, of the groups not archived, from each one's founding day. */
  count_sql = g_strdup_printf ("SELECT count (*) FROM memberships s JOIN groups g ON g.id = s.group_id"
                               " WHERE s.deleted_at IS NULL AND g.deleted_at IS NULL AND g.archived = 0"
                               " AND s.joined_date BETWEEN max ('%s', coalesce (g.founding_date, '')) AND '%s'",
                               from, yesterday);
  total = g_ascii_strtoll (co_table_get (table, G_N_ELEMENTS (names), 1), NULL, 10);
  g_assert_cmpint (total, ==, test_sql_count (f->store, count_sql));
  g_assert_cmpint (joined, ==, total);
  g_assert_cmpint (total, >, 100);
  /* The livestream's cost is its activity's spends (¥120 and ¥80 in the last 20 days). */
  g_assert_cmpstr (co_table_get (table, 3, 8), ==, "200.00");

  /* What the table holds is what the page shows: the QR code's converted, "N (x%)". */
  wait_for_frame (GTK_WIDGET (reports));
  funnel_box = GTK_WIDGET (reports);
  {
    g_autofree char *converted = g_strdup_printf ("%s (%s)", co_table_get (table, 1, 6), co_table_get (table, 1, 7));
    g_assert_cmpuint (count_mapped_labels (funnel_box, converted), >=, 1);
    g_assert_cmpuint (count_mapped_labels (funnel_box, "Conversion Rate by Channel"), ==, 1);
  }
  save_screenshot (GTK_WIDGET (f->window), "reports-funnel");
}

static void
test_member_source (Fixture *f, gconstpointer data)
{
  gint64 referred = test_sql_count (f->store, "SELECT s.id FROM memberships s JOIN channels c ON c.id = s.channel_id"
                                              " WHERE c.kind = 'referral' ORDER BY s.id LIMIT 1");
  g_autofree char *referrer_sql = g_strdup_printf ("SELECT r.nickname FROM memberships s JOIN members r"
                                                   " ON r.id = s.referrer_id WHERE s.id = %" G_GINT64_FORMAT,
                                                   referred);
  g_autofree char *referrer = test_sql_rows (f->store, referrer_sql);
  gint64 poster = co_channel_find (f->store, "Recruitment poster", NULL);
  GtkWidget *window = co_member_window_new (GTK_WINDOW (f->window), f->store, referred);
  GtkWidget *group, *row;
  g_autofree char *channel_sql = g_strdup_printf ("SELECT channel_id FROM memberships WHERE id = %" G_GINT64_FORMAT,
                                                  referred);

  g_autofree char *none_sql = g_strdup_printf ("SELECT count (*) FROM memberships WHERE channel_id IS NULL"
                                               " AND id = %" G_GINT64_FORMAT, referred);

  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  group = find_widget (window, CO_TYPE_MEMBER_SOURCE_GROUP, 0);
  g_assert_nonnull (group);
  /* The combo rows of the section: the channel's is its only one. */
  row = find_widget (group, ADW_TYPE_COMBO_ROW, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Channel");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (row))), ==,
                   "Member referral");
  {
    GtkWidget *action;
    gboolean found = FALSE;

    for (guint i = 0; (action = find_widget (group, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (action)), "Referred By") == 0)
        {
          g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (action)), ==, referrer);
          found = TRUE;
        }
    g_assert_true (found);
  }

  /* Chosen here, saved at once. */
  co_channel_row_set_channel (row, poster);
  g_assert_cmpint (test_sql_count (f->store, channel_sql), ==, poster);
  co_channel_row_set_channel (row, 0);
  g_assert_cmpint (test_sql_count (f->store, none_sql), ==, 1);
  wait_for_idle ();
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (row))), ==,
                   "Not Recorded");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  gui_test_init (&argc, &argv);
  GUI_TEST_ADD ("channels/funnel-view", TRUE, test_funnel_view);
  GUI_TEST_ADD ("channels/member-source", TRUE, test_member_source);
  return g_test_run ();
}
