/* test-members-hidden.c: a group's Members page behind another tab does not read its summary
 * when the members change (a big group's tiers take hundreds of ms), and shows what changed
 * once it is shown. */
#include "config.h"

#include <string.h>

#include "core/members/co-member.h"
#include "gui-test-util.h"

/* The Members page among the group's tabs (not All Members). */
static GtkWidget *
group_members_page (Fixture *f)
{
  GtkWidget *page;

  for (guint i = 0; (page = find_widget (GTK_WIDGET (f->window), CO_TYPE_MEMBERS_PAGE, i)) != NULL; i++)
    if (gtk_widget_is_ancestor (page, GTK_WIDGET (group_view_stack (f))))
      return page;
  g_error ("No members page among the group's tabs");
}

static const char *
seed_text (GtkWidget *page)
{
  GtkWidget *label;

  for (guint i = 0; (label = find_widget (page, GTK_TYPE_LABEL, i)) != NULL; i++)
    if (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)), "Seed users:"))
      return gtk_label_get_label (GTK_LABEL (label));
  g_error ("No seed users label");
}

static gboolean
summary_shown (gpointer page)
{
  return !co_members_page_is_reading_summary (page);
}

static void
show_tab (Fixture    *f,
          const char *name)
{
  GtkWidget *page = group_members_page (f);

  adw_view_stack_set_visible_child_name (group_view_stack (f), name);
  wait_for_transitions (GTK_WIDGET (f->window));
  wait_for_idle ();
  wait_until (summary_shown, page, "the members' summary read in its worker");
}

static void
test_summary_read_when_shown (Fixture *f, gconstpointer data)
{
  gint64 group_id = co_window_get_selected_group (f->window);
  GtkWidget *page = group_members_page (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *expected = NULL;
  CoSeedProgress progress = { 0 };
  gint64 id;

  g_assert_cmpint (group_id, !=, 0);
  show_tab (f, "members");
  before = g_strdup (seed_text (page));
  show_tab (f, "overview");
  g_assert_false (gtk_widget_get_mapped (page));

  id = co_member_add (f->store, group_id, "Hidden Seed", &error);
  g_assert_no_error (error);
  g_assert_true (co_members_set_flag (f->store, &id, 1, CO_MEMBER_SEED, TRUE, &error));
  g_assert_no_error (error);
  wait_for_idle ();
  /* Hidden: not read again, not even asked for. */
  g_assert_false (co_members_page_is_reading_summary (CO_MEMBERS_PAGE (page)));
  g_assert_cmpstr (seed_text (page), ==, before);

  g_assert_true (co_members_seed_progress (f->store, group_id, &progress, NULL));
  expected = progress.target > 0
    ? g_strdup_printf ("Seed users: %d of %d", (int) progress.seeds, (int) progress.target)
    : g_strdup_printf ("Seed users: %d", (int) progress.seeds);
  g_assert_cmpstr (expected, !=, before);
  show_tab (f, "members");
  g_assert_cmpstr (seed_text (page), ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("members-hidden/summary-read-when-shown", TRUE, test_summary_read_when_shown);

  return g_test_run ();
}
