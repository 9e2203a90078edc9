/* test-roster-grid.c: the Team place's duty roster, read in a worker and laid out a few cells a
 * frame: it shows each group's week as the store holds it; a reading superseded is dropped; on
 * many groups no frame builds more than its share of cells, and the grid holds the first groups
 * until the person scrolls towards the last (down the week, across the matrix). The Team place's
 * Roles show one a frame, each role's fields built as it opens, with what the store holds. */
#include "config.h"

#include "core/groups/co-group.h"
#include "core/records/co-choices.h"
#include "core/team/co-team.h"
#include "gui/team/co-team-page.h"
#include "gui/widgets/co-list-editor.h"
#include "gui/widgets/co-pinned-cell.h"
#include "gui/widgets/co-roster-grid.h"
#include "gui-test-util.h"

/* CELLS_A_FRAME and GROUPS_AT_FIRST of co-roster-grid.c. */
#define CELLS_A_FRAME 16
#define GROUPS_AT_FIRST 40

static CoRosterGrid *
roster_grid (GtkWidget *team)
{
  GtkWidget *grid;

  for (guint i = 0; (grid = find_widget (team, CO_TYPE_ROSTER_GRID, i)) != NULL; i++)
    {
      CoRosterGridKind kind;

      g_object_get (grid, "kind", &kind, NULL);
      if (kind == CO_ROSTER_GRID_WEEK)
        return CO_ROSTER_GRID (grid);
    }
  g_error ("The Team place has no duty roster");
}

static GtkWidget *
cells (CoRosterGrid *grid)
{
  return find_widget (GTK_WIDGET (grid), GTK_TYPE_GRID, 0);
}

static guint
n_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* The texts of the labels under @widget, each with how often it shows. */
static void
collect_texts (GtkWidget  *widget,
               GHashTable *texts)
{
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_label (GTK_LABEL (widget));

      g_hash_table_insert (texts, g_strdup (text), GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (texts, text)) + 1));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static GHashTable *
grid_texts (CoRosterGrid *grid)
{
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  collect_texts (cells (grid), texts);
  return texts;
}

static guint
n_pinned (GtkWidget *grid)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += CO_IS_PINNED_CELL (child);
  return n;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
loaded (gpointer grid)
{
  return !co_roster_grid_is_loading (grid);
}

static CoTeamPage *
show_roster (Fixture *f)
{
  CoTeamPage *team;

  co_window_show_place (f->window, "team");
  wait_for_idle ();
  team = CO_TEAM_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_TEAM_PAGE, 0));
  wait_until (is_mapped, team, "the Team place to show");
  g_assert_true (co_team_page_show_section (team, "roster"));
  return team;
}

/* The section shows at once with its spinner turning and no group yet; the weeks then arrive,
 * each group's name and each of its shifts as the store holds them. */
static void
test_arrives_as_stored (Fixture *f, gconstpointer data)
{
  CoTeamPage *team = show_roster (f);
  CoRosterGrid *grid;
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) shown = NULL;
  GHashTableIter iter;
  gpointer text, count;
  guint n_weekdays, n_active = 0, n_shifts = 0;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);

  grid = roster_grid (GTK_WIDGET (team));
  /* Read in a worker: the refresh that filled the section returned before its rows. */
  g_assert_true (co_roster_grid_is_loading (grid));
  g_assert_cmpuint (n_pinned (cells (grid)), ==, 0);
  wait_until (loaded, grid, "the roster to be read and laid out");

  for (guint g = 0; g < g_list_model_get_n_items (G_LIST_MODEL (groups)); g++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), g);
      g_autoptr(GListStore) shifts = NULL;

      if (co_group_get_archived (group))
        continue;
      n_active++;
      g_hash_table_insert (expected, g_strdup (co_group_get_name (group)), GUINT_TO_POINTER (1));
      shifts = co_list_items (f->store, CO_LIST_SHIFTS, co_group_get_id (group), NULL);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shifts)); i++)
        {
          g_autoptr(CoItem) shift = g_list_model_get_item (G_LIST_MODEL (shifts), i);
          g_autofree char *person = co_team_dup_name (f->store, CO_LIST_STAFF, co_item_get_int (shift, "staff_id", 0));
          g_autofree char *line = g_strdup_printf ("%s–%s %s", co_item_get (shift, "start_time"),
                                                   co_item_get (shift, "end_time"), person);

          g_hash_table_insert (expected, g_strdup (line),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected, line)) + 1));
          n_shifts++;
        }
    }
  /* The sample has a staffed group: something is compared. */
  g_assert_cmpuint (n_shifts, >, 0);
  shown = grid_texts (grid);
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &text, &count))
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (shown, text)), ==, GPOINTER_TO_UINT (count));
  /* A weekday heading each, and a pinned name for every group under the pinned corner. */
  for (guint d = 0; d < n_weekdays; d++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (shown, weekdays[d].label)), ==, 1);
  g_assert_cmpuint (n_pinned (cells (grid)), ==, n_active + 1);
}

/* Two changes in a row: the reading of the first is dropped, the grid shows the last. */
static void
test_stale_dropped (Fixture *f, gconstpointer data)
{
  CoTeamPage *team = show_roster (f);
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);
  g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), 1);
  g_autoptr(GHashTable) shown = NULL;
  CoRosterGrid *grid;

  wait_for_transitions (GTK_WIDGET (team));
  grid = roster_grid (GTK_WIDGET (team));
  wait_until (loaded, grid, "the roster to be read and laid out");

  /* Each change reads the roster again (the page refreshes on the store's notice). */
  g_assert_true (co_group_set_field (f->store, co_group_get_id (group), CO_GROUP_FIELD_NAME, "Renamed First", NULL));
  g_assert_true (co_roster_grid_is_loading (grid));
  g_assert_true (co_group_set_field (f->store, co_group_get_id (group), CO_GROUP_FIELD_NAME, "Renamed Last", NULL));
  wait_until (loaded, grid, "the roster to be read again");
  /* Anything the first reading still had to say would arrive now. */
  wait_for_idle ();
  wait_for_frame (GTK_WIDGET (grid));
  g_assert_false (co_roster_grid_is_loading (grid));
  shown = grid_texts (grid);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (shown, "Renamed Last")), ==, 1);
  g_assert_null (g_hash_table_lookup (shown, "Renamed First"));
  g_assert_null (g_hash_table_lookup (shown, co_group_get_name (group)));
}

typedef struct
{
  GtkWidget *grid;
  guint      last;      /* its cells at the last frame */
  guint      most_new;  /* the most cells one frame added */
  guint      frames;
} Frames;

static void
after_paint (GdkFrameClock *clock,
             Frames        *frames)
{
  guint n = frames->grid != NULL ? n_children (frames->grid) : 0;

  if (n > frames->last)
    frames->most_new = MAX (frames->most_new, n - frames->last);
  frames->last = n;
  frames->frames++;
}

static gboolean
more_groups (gpointer grid)
{
  return n_pinned (grid) > GROUPS_AT_FIRST + 1 && !co_roster_grid_is_loading (CO_ROSTER_GRID (gtk_widget_get_ancestor (grid, CO_TYPE_ROSTER_GRID)));
}

static gboolean
more_columns (gpointer data)
{
  Frames *frames = data;

  return n_children (frames->grid) > GROUPS_AT_FIRST + 1;
}

/* A hundred groups: no frame adds more than its share of cells, the grid holds the first 40
 * groups, and more once the page is scrolled to their end. */
static void
test_paced_and_grows (Fixture *f, gconstpointer data)
{
  Frames frames = { 0 };
  CoTeamPage *team;
  CoRosterGrid *grid;
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  gulong handler;

  for (guint g = 0; g < 100; g++)
    {
      g_autofree char *name = g_strdup_printf ("Group %03u", g);
      gint64 id = co_group_create (f->store, name, 0, NULL);

      g_assert_cmpint (id, >, 0);
      g_assert_true (co_group_set_field (f->store, id, CO_GROUP_FIELD_ACTIVE_FROM, "09:00", NULL));
      g_assert_true (co_group_set_field (f->store, id, CO_GROUP_FIELD_ACTIVE_UNTIL, "21:00", NULL));
    }
  team = show_roster (f);
  grid = roster_grid (GTK_WIDGET (team));
  frames.grid = cells (grid);
  handler = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), "after-paint",
                              G_CALLBACK (after_paint), &frames);
  wait_until (loaded, grid, "the roster to be read and laid out");
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), handler);

  /* A header and 40 weeks of 8 cells, over several frames, none adding more than its share. */
  g_assert_cmpuint (n_children (frames.grid), ==, 8 * (GROUPS_AT_FIRST + 1));
  g_assert_cmpuint (frames.most_new, >, 0);
  g_assert_cmpuint (frames.most_new, <=, CELLS_A_FRAME);
  g_assert_cmpuint (frames.frames, >=, 8 * (GROUPS_AT_FIRST + 1) / CELLS_A_FRAME);
  g_assert_cmpuint (n_pinned (frames.grid), ==, GROUPS_AT_FIRST + 1);

  /* Scrolled to the end of what it holds, it takes more groups. */
  scrolled = gtk_widget_get_ancestor (gtk_widget_get_parent (GTK_WIDGET (grid)), GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  wait_until (more_groups, frames.grid, "more groups as the page scrolls to their end");
  g_assert_cmpuint (n_pinned (frames.grid), <=, 100 + 1);

  /* Who Covers What: the groups across the top, the first 40, more once scrolled to the right. */
  {
    CoRosterGrid *matrix = NULL;
    GtkWidget *widget;

    for (guint i = 0; (widget = find_widget (GTK_WIDGET (team), CO_TYPE_ROSTER_GRID, i)) != NULL; i++)
      if (widget != GTK_WIDGET (grid))
        matrix = CO_ROSTER_GRID (widget);
    g_assert_true (co_team_page_show_section (team, "matrix"));
    wait_until (loaded, matrix, "the matrix to be read and laid out");
    wait_for_transitions (GTK_WIDGET (team));
    /* No staff: a row of headings, the pinned corner and 40 groups. */
    g_assert_cmpuint (n_children (cells (matrix)), ==, GROUPS_AT_FIRST + 1);
    scrolled = find_widget (GTK_WIDGET (matrix), GTK_TYPE_SCROLLED_WINDOW, 0);
    adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));
    g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
    frames.grid = cells (matrix);
    wait_until (more_columns, &frames, "more groups as the matrix scrolls to their end");
  }
}

typedef struct
{
  GtkWidget *editor;
  guint      last;       /* expanders shown at the last frame */
  guint      most_new;   /* the most one frame showed */
} Shown;

static void
count_shown (GdkFrameClock *clock,
             Shown         *shown)
{
  guint n = count_type (shown->editor, ADW_TYPE_EXPANDER_ROW, TRUE);

  shown->most_new = MAX (shown->most_new, n - MIN (n, shown->last));
  shown->last = n;
}

static gboolean
all_roles_shown (gpointer data)
{
  Shown *shown = data;

  guint n = count_type (shown->editor, ADW_TYPE_EXPANDER_ROW, FALSE);

  return n > 0 && count_type (shown->editor, ADW_TYPE_EXPANDER_ROW, TRUE) == n;
}

/* The roles show one a frame, shut, with no field built; opening one builds its fields, showing
 * what the store holds (a built-in role's translated name). */
static void
test_roles_lazy (Fixture *f, gconstpointer data)
{
  g_autoptr(GListStore) roles = co_list_items (f->store, CO_LIST_ROLES, 0, NULL);
  CoTeamPage *team;
  GtkWidget *editor = NULL, *expander = NULL, *field;
  Shown shown = { 0 };
  gulong handler;

  co_window_show_place (f->window, "team");
  wait_for_idle ();
  team = CO_TEAM_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_TEAM_PAGE, 0));
  /* Shown only while the page shows (nothing would pace them else). */
  wait_until (is_mapped, team, "the Team place to show");
  for (guint i = 0; (editor = find_widget (GTK_WIDGET (team), CO_TYPE_LIST_EDITOR, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (editor)), "Roles") == 0)
      break;
  g_assert_nonnull (editor);
  shown.editor = editor;
  handler = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), "after-paint",
                              G_CALLBACK (count_shown), &shown);
  g_assert_true (co_team_page_show_section (team, "roles"));
  wait_until (all_roles_shown, &shown, "every role to show");
  wait_for_frame (GTK_WIDGET (team));
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), handler);

  g_assert_cmpuint (count_type (editor, ADW_TYPE_EXPANDER_ROW, TRUE), ==, g_list_model_get_n_items (G_LIST_MODEL (roles)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roles)), >, 1);
  g_assert_cmpuint (shown.most_new, ==, 1);
  /* Shut, no role has its fields yet. */
  g_assert_cmpuint (count_type (editor, GTK_TYPE_EDITABLE, FALSE), ==, 0);

  {
    g_autoptr(CoItem) role = g_list_model_get_item (G_LIST_MODEL (roles), 0);
    g_autofree char *name = co_item_dup_title (role);

    expander = find_widget (editor, ADW_TYPE_EXPANDER_ROW, 0);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), ==, name);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
    g_assert_cmpuint (count_type (expander, GTK_TYPE_EDITABLE, FALSE), >, 0);
    field = find_widget (expander, GTK_TYPE_EDITABLE, 0);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, name);
    /* The others are still shut and unbuilt. */
    g_assert_cmpuint (count_type (editor, GTK_TYPE_EDITABLE, FALSE), ==, count_type (expander, GTK_TYPE_EDITABLE, FALSE));
  }
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("roster/arrives-as-stored", TRUE, test_arrives_as_stored);
  GUI_TEST_ADD ("roster/stale-dropped", TRUE, test_stale_dropped);
  GUI_TEST_ADD ("roster/paced-and-grows", FALSE, test_paced_and_grows);
  GUI_TEST_ADD ("team/roles-lazy", TRUE, test_roles_lazy);

  return g_test_run ();
}
