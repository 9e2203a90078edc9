/* co-roster-grid.c: the week and the matrix as GtkGrids of labels. A group's week has a button in
 * each day to add a shift there; the new shift's person is then chosen in the list of shifts,
 * which the page shows on the "shift-added" signal. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/groups/co-group.h"
#include "core/team/co-team.h"
#include "gui/widgets/co-label.h"
#include "gui/widgets/co-pinned-cell.h"
#include "gui/widgets/co-roster-grid.h"
#include "gui/widgets/co-toast.h"

struct _CoRosterGrid
{
  AdwPreferencesGroup  parent_instance;

  GtkScrolledWindow   *scrolled;
  GtkWidget           *holder;

  CoStore             *store;
  CoRosterGridKind     kind;
  gint64               group_id;
};

G_DEFINE_FINAL_TYPE (CoRosterGrid, co_roster_grid, ADW_TYPE_PREFERENCES_GROUP)

G_DEFINE_ENUM_TYPE (CoRosterGridKind, co_roster_grid_kind,
                    G_DEFINE_ENUM_VALUE (CO_ROSTER_GRID_WEEK, "week"),
                    G_DEFINE_ENUM_VALUE (CO_ROSTER_GRID_MATRIX, "matrix"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_GROUP_ID,
  N_PROPS
};

enum {
  SHIFT_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkWidget *
cell (const char *text,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Headings (group and people names) wrap at a readable width, between words only; the cells
   * keep their lines whole, and the grid scrolls sideways instead. As wide at least as at most:
   * the card asks for the height of its grid at no particular width (GtkScrolledWindow), which
   * a label that could be narrower answers with its narrowest, tallest layout. */
  if (g_strcmp0 (css_class, "heading") == 0)
    {
      co_label_wrap_between_words (GTK_LABEL (label));
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
    }
  gtk_widget_set_margin_start (label, 8);
  gtk_widget_set_margin_end (label, 8);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* The groups the grid shows: every active one, else its own. */
static GListStore *
grid_groups (CoRosterGrid *self)
{
  g_autoptr(GListStore) all = co_group_list (self->store, NULL);
  GListStore *shown = g_list_store_new (CO_TYPE_GROUP);

  for (guint i = 0; all && i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (all), i);
      if (self->group_id == 0 ? !co_group_get_archived (group) : co_group_get_id (group) == self->group_id)
        g_list_store_append (shown, group);
    }
  return shown;
}

static void
on_add_shift_clicked (GtkButton    *button,
                      CoRosterGrid *self)
{
  g_autoptr(GError) error = NULL;
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
  guint day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "co-day"));
  const char *from = g_object_get_data (G_OBJECT (button), "co-from");
  const char *until = g_object_get_data (G_OBJECT (button), "co-until");
  gint64 id;

  id = co_list_add (self->store, CO_LIST_SHIFTS, self->group_id, &error);
  if (id == 0 ||
      !co_list_set (self->store, CO_LIST_SHIFTS, id, "weekday", weekdays[day].keyword, &error) ||
      (from != NULL && !co_list_set (self->store, CO_LIST_SHIFTS, id, "start_time", from, &error)) ||
      (until != NULL && !co_list_set (self->store, CO_LIST_SHIFTS, id, "end_time", until, &error)))
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  /* Then whom: the page opens the new shift in its list, with its person to choose. */
  g_signal_emit (self, signals[SHIFT_ADDED], 0, id);
}

/* A button in a day of the week that adds a shift on that day, covering the first gap of the
 * day when there is one. */
static GtkWidget *
add_shift_button (CoRosterGrid *self,
                  guint         day,
                  GArray       *gaps)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
  g_autofree char *tooltip = NULL;

  /* Translators: a button in the roster grid; %s is a weekday */
  tooltip = g_strdup_printf (_("Add a Shift on %s"), _(weekdays[day].label));
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_start (button, 4);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "co-day", GUINT_TO_POINTER (day));
  for (guint i = 0; gaps && i < gaps->len; i++)
    {
      CoGap *gap = &g_array_index (gaps, CoGap, i);
      if (gap->weekday != day)
        continue;
      g_object_set_data_full (G_OBJECT (button), "co-from",
                              g_strdup_printf ("%02u:%02u", gap->from / 60, gap->from % 60), g_free);
      g_object_set_data_full (G_OBJECT (button), "co-until",
                              g_strdup_printf ("%02u:%02u", gap->until / 60, gap->until % 60), g_free);
      break;
    }
  g_signal_connect (button, "clicked", G_CALLBACK (on_add_shift_clicked), self);
  return button;
}

/* A group's name in front of its week on the Team page, with a button that edits its shifts:
 * the page's action "team.edit-shifts". */
static GtkWidget *
group_heading (CoGroup *group)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *edit = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();
  /* Translators: the tooltip of a button beside a group's week on the Team page */
  g_autofree char *tooltip = g_strdup_printf (_("Edit the shifts of %s"), co_group_get_name (group));

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "document-edit-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Edit Shifts"));
  gtk_button_set_child (GTK_BUTTON (edit), content);
  gtk_widget_set_tooltip_text (edit, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_halign (edit, GTK_ALIGN_START);
  gtk_widget_set_margin_start (edit, 4);
  gtk_widget_set_margin_bottom (edit, 6);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_add_css_class (edit, "caption");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "x", co_group_get_id (group));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "team.edit-shifts");
  gtk_box_append (GTK_BOX (box), cell (co_group_get_name (group), "heading"));
  gtk_box_append (GTK_BOX (box), edit);
  return box;
}

/* Each day of the week: the shifts in order, then the active hours nobody covers. Every group's
 * week is a row with the group's name in front. */
static GtkWidget *
week_grid (CoRosterGrid *self)
{
  g_autoptr(GListStore) groups = grid_groups (self);
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
  GtkWidget *grid = gtk_grid_new ();
  gboolean every_group = self->group_id == 0;
  guint first_column = every_group ? 1 : 0;

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), FALSE);
  for (guint d = 0; d < n_weekdays; d++)
    gtk_grid_attach (GTK_GRID (grid), cell (_(weekdays[d].label), "heading"), (int) (first_column + d), 0, 1, 1);
  /* The groups' names stay while the week scrolls sideways; each is attached after its row's
   * days, so that it is drawn over them. */
  if (every_group)
    gtk_grid_attach (GTK_GRID (grid), co_pinned_cell_new (cell (NULL, NULL)), 0, 0, 1, 1);

  for (guint g = 0; g < g_list_model_get_n_items (G_LIST_MODEL (groups)); g++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), g);
      g_autoptr(GListStore) shifts = co_list_items (self->store, CO_LIST_SHIFTS, co_group_get_id (group), NULL);
      g_autoptr(GArray) gaps = co_team_roster_gaps (self->store, co_group_get_id (group), NULL);

      for (guint d = 0; d < n_weekdays; d++)
        {
          GtkWidget *day = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

          for (guint i = 0; shifts && i < g_list_model_get_n_items (G_LIST_MODEL (shifts)); i++)
            {
              g_autoptr(CoItem) shift = g_list_model_get_item (G_LIST_MODEL (shifts), i);
              g_autofree char *person = NULL;
              g_autofree char *text = NULL;

              if (g_strcmp0 (co_item_get (shift, "weekday"), weekdays[d].keyword) != 0)
                continue;
              person = co_team_dup_name (self->store, CO_LIST_STAFF, co_item_get_int (shift, "staff_id", 0));
              /* Translators: a shift in the roster grid, e.g. "08:00–15:30 Li Lei" */
              text = g_strdup_printf (_("%s–%s %s"), co_item_get (shift, "start_time") ? co_item_get (shift, "start_time") : "?",
                                      co_item_get (shift, "end_time") ? co_item_get (shift, "end_time") : "?",
                                      person ? person : _("Nobody yet"));
              gtk_box_append (GTK_BOX (day), cell (text, NULL));
            }
          for (guint i = 0; gaps && i < gaps->len; i++)
            {
              CoGap *gap = &g_array_index (gaps, CoGap, i);
              g_autofree char *text = NULL;

              if (gap->weekday != d)
                continue;
              /* Translators: hours of the roster nobody covers, e.g. "13:00–14:00 nobody" */
              text = g_strdup_printf (_("%02u:%02u–%02u:%02u nobody"), gap->from / 60, gap->from % 60,
                                      gap->until / 60, gap->until % 60);
              gtk_box_append (GTK_BOX (day), cell (text, "error"));
            }
          if (!every_group)
            gtk_box_append (GTK_BOX (day), add_shift_button (self, d, gaps));
          gtk_grid_attach (GTK_GRID (grid), day, (int) (first_column + d), (int) g + 1, 1, 1);
        }
      if (every_group)
        gtk_grid_attach (GTK_GRID (grid), co_pinned_cell_new (group_heading (group)), 0, (int) g + 1, 1, 1);
    }
  return grid;
}

/* People down the side, groups across the top, each person's roles in each group. */
static GtkWidget *
matrix_grid (CoRosterGrid *self)
{
  g_autoptr(GListStore) groups = grid_groups (self);
  g_autoptr(GListStore) staff = co_list_items (self->store, CO_LIST_STAFF, 0, NULL);
  GtkWidget *grid = gtk_grid_new ();

  for (guint g = 0; g < g_list_model_get_n_items (G_LIST_MODEL (groups)); g++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), g);
      gtk_grid_attach (GTK_GRID (grid), cell (co_group_get_name (group), "heading"), (int) g + 1, 0, 1, 1);
    }
  /* The people stay while the groups scroll sideways: attached after their rows. */
  gtk_grid_attach (GTK_GRID (grid), co_pinned_cell_new (cell (NULL, NULL)), 0, 0, 1, 1);
  for (guint p = 0; staff && p < g_list_model_get_n_items (G_LIST_MODEL (staff)); p++)
    {
      g_autoptr(CoItem) person = g_list_model_get_item (G_LIST_MODEL (staff), p);
      g_autofree char *name = co_item_dup_title (person);

      for (guint g = 0; g < g_list_model_get_n_items (G_LIST_MODEL (groups)); g++)
        {
          g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), g);
          g_autoptr(GListStore) assignments = co_list_items (self->store, CO_LIST_ASSIGNMENTS, co_group_get_id (group), NULL);
          g_autoptr(GString) roles = g_string_new (NULL);

          for (guint a = 0; assignments && a < g_list_model_get_n_items (G_LIST_MODEL (assignments)); a++)
            {
              g_autoptr(CoItem) assignment = g_list_model_get_item (G_LIST_MODEL (assignments), a);
              g_autofree char *role = NULL;

              if (co_item_get_int (assignment, "staff_id", 0) != co_item_get_id (person))
                continue;
              role = co_team_dup_name (self->store, CO_LIST_ROLES, co_item_get_int (assignment, "role_id", 0));
              if (role == NULL)
                continue;
              g_string_append_printf (roles, "%s%s", roles->len ? "\n" : "", role);
            }
          gtk_grid_attach (GTK_GRID (grid), cell (roles->len ? roles->str : "—", roles->len ? NULL : "dim-label"),
                           (int) g + 1, (int) p + 1, 1, 1);
        }
      gtk_grid_attach (GTK_GRID (grid), co_pinned_cell_new (cell (name, "heading")), 0, (int) p + 1, 1, 1);
    }
  return grid;
}

GtkWidget *
co_roster_grid_new (CoStore          *store,
                    CoRosterGridKind  kind,
                    gint64            group_id)
{
  CoRosterGrid *self = g_object_new (CO_TYPE_ROSTER_GRID, "kind", kind, "group-id", group_id, NULL);

  co_roster_grid_set_store (self, store);
  return GTK_WIDGET (self);
}

void
co_roster_grid_set_store (CoRosterGrid *self,
                          CoStore      *store)
{
  g_return_if_fail (CO_IS_ROSTER_GRID (self));

  g_set_object (&self->store, store);
}

void
co_roster_grid_refresh (CoRosterGrid *self)
{
  GtkWidget *child;

  g_return_if_fail (CO_IS_ROSTER_GRID (self));

  if (self->store == NULL)
    return;
  while ((child = gtk_widget_get_first_child (self->holder)) != NULL)
    gtk_box_remove (GTK_BOX (self->holder), child);
  gtk_box_append (GTK_BOX (self->holder),
                  self->kind == CO_ROSTER_GRID_MATRIX ? matrix_grid (self) : week_grid (self));
}

static void
co_roster_grid_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CoRosterGrid *self = CO_ROSTER_GRID (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_GROUP_ID:
      self->group_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
co_roster_grid_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CoRosterGrid *self = CO_ROSTER_GRID (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_GROUP_ID:
      g_value_set_int64 (value, self->group_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
co_roster_grid_constructed (GObject *object)
{
  CoRosterGrid *self = CO_ROSTER_GRID (object);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (self);

  G_OBJECT_CLASS (co_roster_grid_parent_class)->constructed (object);

  if (self->kind == CO_ROSTER_GRID_MATRIX)
    {
      adw_preferences_group_set_title (group, _("Who Covers What"));
      adw_preferences_group_set_description (group, _("Each person's roles in each group"));
    }
  else
    {
      adw_preferences_group_set_title (group, _("The Week"));
      adw_preferences_group_set_description (group, self->group_id == 0
                                                    ? _("Every group's shifts, and the active hours nobody covers")
                                                    : _("Shifts, and the group's active hours nobody covers"));
    }
}

static void
co_roster_grid_dispose (GObject *object)
{
  CoRosterGrid *self = CO_ROSTER_GRID (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_ROSTER_GRID);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (co_roster_grid_parent_class)->dispose (object);
}

static void
co_roster_grid_class_init (CoRosterGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = co_roster_grid_set_property;
  object_class->get_property = co_roster_grid_get_property;
  object_class->constructed = co_roster_grid_constructed;
  object_class->dispose = co_roster_grid_dispose;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CO_TYPE_ROSTER_GRID_KIND, CO_ROSTER_GRID_WEEK,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* 0 for every active group. */
  properties[PROP_GROUP_ID] =
    g_param_spec_int64 ("group-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A shift was added from a day of a group's week: its id. */
  signals[SHIFT_ADDED] =
    g_signal_new ("shift-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-roster-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, CoRosterGrid, scrolled);
  gtk_widget_class_bind_template_child (widget_class, CoRosterGrid, holder);
}

static void
co_roster_grid_init (CoRosterGrid *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  co_wide_scroller_setup (self->scrolled);
}
