/* co-members-page.c: the Members page. The column view shows a CoMemberList, which filters and
 * sorts in SQL off the main thread; this page only turns the controls into a CoMemberQuery and
 * the selection into ids for the actions of co-member.h. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/formats/co-date.h"
#include "core/members/co-member-import.h"
#include "core/members/co-member-list.h"
#include "core/members/co-tier.h"
#include "core/plan/co-plan.h"
#include "core/store/co-read-worker.h"
#include "gui/members/co-chat-import-dialog.h"
#include "gui/members/co-duplicates-window.h"
#include "gui/members/co-import-work.h"
#include "gui/members/co-member-tags.h"
#include "gui/members/co-member-cell.h"
#include "gui/members/co-member-columns.h"
#include "gui/members/co-member-row-menu.h"
#include "gui/members/co-member-rows.h"
#include "gui/members/co-member-window.h"
#include "gui/members/co-new-member-dialog.h"
#include "gui/members/co-members-page.h"
#include "gui/members/co-members-write.h"
#include "gui/members/co-segment-bar.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"

#define PREVIEW_ROWS 8
#define PREVIEW_PROBLEMS 50

struct _CoMembersPage
{
  GtkWidget           parent_instance;

  /* template children */
  GtkWidget          *page;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *show_dropdown;
  GtkDropDown        *tier_dropdown;
  GtkDropDown        *source_dropdown;
  GtkLabel           *count_label;
  GtkLabel           *seed_label;
  GtkLevelBar        *seed_bar;
  GtkButton          *queue_button;
  GtkMenuButton      *tiers_button;
  GtkBox             *tiers_box;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  GtkActionBar       *action_bar;
  GtkLabel           *selection_label;
  GtkMenuButton      *set_tier_button;

  CoStore            *store;
  gint64              group_id;
  CoMemberList       *list;
  GtkMultiSelection  *selection;
  GArray             *tier_ids;     /* tier id at each position of tier_dropdown after "Any" */
  GPtrArray          *sources;      /* source at each position of source_dropdown after "Any" */
  char               *naming_rule;
  CoMemberField       sort;
  gboolean            descending;
  gboolean            updating;     /* filling the drop-downs: not a user's choice */
  guint               summary_idle;
  guint               swap_tick;
  gboolean            swap_stepped;  /* the swap's first step was taken before its first frame */
  GCancellable       *summary_reading; /* the summary's read in a worker, until it arrives */
  CoImportKind        import_kind;
  gboolean            all_groups;
  gboolean            pending;      /* a group to read once the page is shown */
  gboolean            summary_stale; /* the store changed while the page was hidden */
  GSettings          *settings;
  GtkColumnViewColumn *group_column;
  GtkWidget          *import_button;
  GtkWidget          *seed_box;
  AdwStatusPage      *empty_page;
  GtkWidget          *empty_import_button;
  CoSegmentBar       *segment_bar;
  GtkMenuButton      *columns_button;
  GMenuModel         *row_menu_model;
  GtkWidget          *row_menu;     /* a popover of the column view's */
};

G_DEFINE_FINAL_TYPE (CoMembersPage, co_members_page, GTK_TYPE_WIDGET)

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

/* ---- the query ---------------------------------------------------------------------------- */

/* What the controls ask for; the strings belong to the controls. */
static CoMemberQuery
current_query (CoMembersPage *self)
{
  guint tier = gtk_drop_down_get_selected (self->tier_dropdown);
  guint source = gtk_drop_down_get_selected (self->source_dropdown);
  CoMemberQuery query = {
    .group_id = self->group_id,
    .search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
    .show = CO_MEMBER_SHOW_ALL,
    .tier_id = tier > 0 && tier <= self->tier_ids->len ? g_array_index (self->tier_ids, gint64, tier - 1) : 0,
    .source = source > 0 && source <= self->sources->len ? g_ptr_array_index (self->sources, source - 1) : NULL,
    .sort = self->sort,
    .descending = self->descending,
    .slipping_days = g_settings_get_int (self->settings, "slipping-days"),
    .segment = co_segment_bar_get_filter (self->segment_bar),
  };

  if (gtk_drop_down_get_selected (self->show_dropdown) < CO_N_MEMBER_SHOWS)
    query.show = gtk_drop_down_get_selected (self->show_dropdown);
  return query;
}

static void
run_query (CoMembersPage *self)
{
  CoMemberQuery query = current_query (self);

  if (self->store == NULL || (self->group_id == 0 && !self->all_groups))
    return;
  co_member_list_set_query (self->list, &query);
}

static void
on_filter_changed (CoMembersPage *self)
{
  if (!self->updating)
    run_query (self);
}

/* Whether a drop-down narrows the list: its first item ("Any …") and none at all do not. */
static gboolean
narrows (GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  return selected != 0 && selected != GTK_INVALID_LIST_POSITION;
}

static gboolean
is_filtered (CoMembersPage *self)
{
  return *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0' ||
         narrows (self->show_dropdown) || narrows (self->tier_dropdown) || narrows (self->source_dropdown) ||
         co_segment_bar_get_filter (self->segment_bar) != NULL;
}

static void
update_count (CoMembersPage *self)
{
  guint n = co_member_list_get_count (self->list);
  g_autofree char *text = NULL;

  if (co_member_list_is_loading (self->list) && n == 0)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", n), n);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : is_filtered (self) ? "no-results" : "empty");
}

/* A new query's rows come into the list a step a frame (co-member-list.c: GtkListView 4.8 builds
 * the widgets of 200 rows at once): a step is taken as a frame begins, so that its rows are
 * built, laid out and drawn in that frame, and the first step, taken when the rows arrived, has
 * the first frame to itself. */
static gboolean
step_swap (GtkWidget     *view,
           GdkFrameClock *clock,
           gpointer       data)
{
  CoMembersPage *self = data;

  if (self->swap_stepped)
    {
      self->swap_stepped = FALSE;
      return G_SOURCE_CONTINUE;
    }
  if (co_member_list_step_swap (self->list))
    return G_SOURCE_CONTINUE;
  self->swap_tick = 0;
  return G_SOURCE_REMOVE;
}

/* Only a list in view is worth pacing: hidden, it takes its rows at once. In view means the
 * page shown, whether the list or its "empty" or "no results" page is: the list replaces them
 * with its first rows, and a cleared search's 200 rows built at once took 120 ms. */
static void
on_page_mapped (CoMembersPage *self)
{
  co_member_list_set_paced (self->list, TRUE);
}

static void
on_page_unmapped (CoMembersPage *self)
{
  co_member_list_set_paced (self->list, FALSE);
}

/* A row whose member another replaced in place (co-member-rows.h) is no longer what was
 * selected. */
static void
unselect_replaced (CoMembersPage *self,
                   guint          position,
                   guint          removed,
                   guint          added)
{
  if (MIN (removed, added) > 0)
    gtk_selection_model_unselect_range (GTK_SELECTION_MODEL (self->selection), position, MIN (removed, added));
}

static void
pace_swap (CoMembersPage *self)
{
  if (self->swap_tick == 0 && co_member_list_is_swapping (self->list))
    {
      self->swap_stepped = TRUE;
      self->swap_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view), step_swap, self, NULL);
    }
}

/* GTK 4.8 has no API to ask a column view which column it sorts by (4.10 adds
 * gtk_column_view_sorter_get_primary_sort_column). Each column's sorter notes its field when
 * asked to compare; the view asks its primary column first, and inverts the answer when the
 * order is descending. Comparing two placeholder members tells both. */
static CoMemberField asked_field = CO_N_MEMBER_FIELDS;

static int
note_asked_field (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  if (asked_field == CO_N_MEMBER_FIELDS)
    asked_field = GPOINTER_TO_UINT (data);
  return GTK_ORDERING_SMALLER;
}

static void
on_sort_changed (CoMembersPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(CoMember) a = co_member_new_missing (0), b = co_member_new_missing (0);
  GtkOrdering order;

  asked_field = CO_N_MEMBER_FIELDS;
  order = gtk_sorter_compare (sorter, a, b);
  self->sort = asked_field == CO_N_MEMBER_FIELDS ? CO_MEMBER_NICKNAME : asked_field;
  self->descending = asked_field != CO_N_MEMBER_FIELDS && order == GTK_ORDERING_LARGER;
  run_query (self);
}

/* ---- cells ------------------------------------------------------------------------------ */

/* A cell's page and field, looked up for each cell a scroll fills: by quark rather than by name. */
static GQuark page_quark (void);
static GQuark field_quark (void);
G_DEFINE_QUARK (co-members-page-page, page)
G_DEFINE_QUARK (co-members-page-field, field)

/* Why a member is in their tier, read only when someone points at it: reading it for every
 * row a scroll brings in would cost a query each. */
static gboolean
on_tier_tooltip (GtkWidget  *cell,
                 int         x,
                 int         y,
                 gboolean    keyboard,
                 GtkTooltip *tooltip,
                 gpointer    data)
{
  CoMembersPage *self = g_object_get_qdata (G_OBJECT (cell), page_quark ());
  CoMemberRow *row = co_member_cell_get_row (CO_MEMBER_CELL (cell));
  CoMember *member = row != NULL ? co_member_row_get_member (row) : NULL;
  g_autofree char *why = NULL;

  if (self == NULL || member == NULL)
    return FALSE;
  why = co_tier_explain (self->store, member);
  gtk_tooltip_set_text (tooltip, why);
  return TRUE;
}

/* A cell is a CoMemberCell that draws its text (a new text only redraws it, where a label's
 * asked GTK 4.8's list view to lay out its 200 kept rows again), the nickname's with the naming
 * rule's icon before it: a row has a cell for each of fifteen columns, so each widget less in a
 * cell is 200 less in a frame. */
static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  CoMemberField field = GPOINTER_TO_UINT (data);
  GtkWidget *cell = co_member_cell_new (field == CO_MEMBER_POINTS ? 1.0 : 0.0, field == CO_MEMBER_POINTS);

  g_object_set_qdata (G_OBJECT (cell), page_quark (), g_object_get_data (G_OBJECT (factory), "page"));
  g_object_set_qdata (G_OBJECT (cell), field_quark (), data);
  if (field == CO_MEMBER_NICKNAME)
    {
      /* Shown when the nickname breaks the group's naming rule. */
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      co_member_cell_set_start_widget (CO_MEMBER_CELL (cell), icon);
    }
  if (field == CO_MEMBER_TIER)
    {
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (on_tier_tooltip), NULL);
    }
  co_member_row_menu_attach_cell (cell, item);
  gtk_list_item_set_child (item, cell);
}

/* Shows the member of the row the cell shows (co_member_cell_show_row()). */
static void
fill_cell (CoMemberCell *cell)
{
  CoMemberRow *row = co_member_cell_get_row (cell);
  CoMember *member = row != NULL ? co_member_row_get_member (row) : NULL;
  CoMemberField field = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (cell), field_quark ()));
  CoMembersPage *self = g_object_get_qdata (G_OBJECT (cell), page_quark ());
  g_autofree char *text = NULL;

  if (member == NULL || self == NULL)
    return;
  text = co_member_dup_display (member, field);
  if (field == CO_MEMBER_SEED && co_member_get_flag (member, CO_MEMBER_SEED) &&
      co_member_get (member, CO_MEMBER_REPLIED) == NULL)
    {
      g_free (text);
      text = g_strdup (_("Waiting for a reply"));
    }
  co_member_cell_set_text (cell, text);
  if (field == CO_MEMBER_NICKNAME)
    {
      GtkWidget *icon = co_member_cell_get_start_widget (cell);
      g_autofree char *problem = co_member_check_nickname (self->naming_rule,
                                                           co_member_get (member, CO_MEMBER_NICKNAME));
      gtk_widget_set_visible (icon, problem != NULL);
      co_tooltip_set_text (icon, problem);
    }
}

/* The nickname cells under @widget check their nicknames again: the naming rule, read with the
 * summary in a worker, may come after the first rows are shown, or change. */
static void
refill_nickname_cells (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (!CO_IS_MEMBER_CELL (child))
      refill_nickname_cells (child);
    else if (GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (child), field_quark ())) == CO_MEMBER_NICKNAME)
      fill_cell (CO_MEMBER_CELL (child));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  CoMemberCell *cell = CO_MEMBER_CELL (gtk_list_item_get_child (item));

  /* Rows outlive the cells that show them (the model keeps them). A row's change (its member
   * changed, or another member took its place) fills the cell again. */
  co_member_cell_show_row (cell, gtk_list_item_get_item (item), (CoMemberRowFunc) fill_cell);
  fill_cell (cell);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  GtkWidget *cell = gtk_list_item_get_child (item);

  if (cell != NULL)
    co_member_cell_show_row (CO_MEMBER_CELL (cell), NULL, NULL);
}

/* GTK 4.8 adds a hidden column's fixed width to the list's (gtk_column_view_measure_across()),
 * so the list scrolled on into blank space as wide as the hidden columns: a hidden column is
 * given no width, and the width it had once shown again. */
#define SHOWN_WIDTH "co-shown-width"

static void
on_column_visible (GtkColumnViewColumn *column,
                   GParamSpec          *pspec,
                   gpointer             data)
{
  if (!gtk_column_view_column_get_visible (column))
    {
      int width = gtk_column_view_column_get_fixed_width (column);

      if (width > 0)
        g_object_set_data (G_OBJECT (column), SHOWN_WIDTH, GINT_TO_POINTER (width));
      gtk_column_view_column_set_fixed_width (column, 0);
    }
  else if (gtk_column_view_column_get_fixed_width (column) == 0)
    gtk_column_view_column_set_fixed_width (column,
                                            GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), SHOWN_WIDTH)));
  /* Its width set while GTK already counts it as unmeasured does not reach the list's own. */
  if (gtk_column_view_column_get_column_view (column) != NULL)
    gtk_widget_queue_resize (GTK_WIDGET (gtk_column_view_column_get_column_view (column)));
}

/* Every column the list can show (co-member-columns.h says which show, in which order); the
 * group column only shows for every group at once. */
static void
add_columns (CoMembersPage *self)
{
  guint n_columns;
  const CoMemberColumn *columns = co_member_columns_all (&n_columns);

  for (guint i = 0; i < n_columns; i++)
    {
      CoMemberField field = columns[i].field;
      const CoFieldSpec *spec = co_member_field_spec (field);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column = NULL;
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (field));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (field));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GUINT_TO_POINTER (field));
      g_object_set_data (G_OBJECT (factory), "page", self);
      column = gtk_column_view_column_new (_(spec->title), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (note_asked_field, GUINT_TO_POINTER (field), NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, columns[i].width);
      g_signal_connect (column, "notify::visible", G_CALLBACK (on_column_visible), NULL);
      g_object_set_data (G_OBJECT (column), "field", GUINT_TO_POINTER (field));
      if (field == CO_MEMBER_GROUP)
        {
          gtk_column_view_column_set_visible (column, FALSE);
          self->group_column = column;
        }
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

/* ---- the summary: seed users, the 20/80 picture ---------------------------------------------- */

/* ---- the summary: tiers, sources, seed users, the 20/80 table ------------------------------ */

/* Read in a worker: a big group's tier distribution and sources take hundreds of ms, and every
 * change to its members (an import's end, one tier set) reads them again. */
typedef struct
{
  gint64          group_id;
  GListStore     *tiers;
  char           *naming_rule;
  GStrv           sources;
  CoSeedProgress  progress;
  GPtrArray      *shares;      /* CoTierShare, of the last 30 days */
  gint64          members;
  gint64          activity;
} Summary;

static void
summary_free (Summary *summary)
{
  g_clear_object (&summary->tiers);
  g_free (summary->naming_rule);
  g_strfreev (summary->sources);
  g_clear_pointer (&summary->shares, g_ptr_array_unref);
  g_free (summary);
}

static gpointer
read_summary (CoStore       *reader,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Summary *summary = g_new0 (Summary, 1);
  g_autoptr(CoItem) plan = NULL;
  g_autofree char *date = today ();

  /* As on the main thread before: a part that cannot be read is shown empty. */
  summary->group_id = *(gint64 *) data;
  summary->tiers = co_tiers_list (reader, summary->group_id, NULL);
  plan = co_plan_get (reader, summary->group_id, NULL);
  summary->naming_rule = plan ? g_strdup (co_item_get (plan, "naming_rule")) : NULL;
  summary->sources = co_members_sources (reader, summary->group_id, NULL);
  co_members_seed_progress (reader, summary->group_id, &summary->progress, NULL);
  summary->shares = co_tiers_distribution (reader, summary->group_id, date, &summary->members, &summary->activity,
                                           NULL);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      summary_free (summary);
      return NULL;
    }
  return summary;
}

static void
load_filters (CoMembersPage *self,
              Summary       *summary)
{
  g_autoptr(GtkStringList) tier_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) source_names = gtk_string_list_new (NULL);
  g_autoptr(GMenu) tier_menu = g_menu_new ();
  GListModel *tiers = G_LIST_MODEL (summary->tiers);
  GStrv sources = summary->sources;
  gint64 selected_tier = 0;
  g_autofree char *selected_source = NULL;
  guint tier_position = 0, source_position = 0;

  if (gtk_drop_down_get_selected (self->tier_dropdown) > 0 &&
      gtk_drop_down_get_selected (self->tier_dropdown) <= self->tier_ids->len)
    selected_tier = g_array_index (self->tier_ids, gint64, gtk_drop_down_get_selected (self->tier_dropdown) - 1);
  if (gtk_drop_down_get_selected (self->source_dropdown) > 0 &&
      gtk_drop_down_get_selected (self->source_dropdown) <= self->sources->len)
    selected_source = g_strdup (g_ptr_array_index (self->sources, gtk_drop_down_get_selected (self->source_dropdown) - 1));

  if (g_strcmp0 (self->naming_rule, summary->naming_rule) != 0)
    {
      g_free (self->naming_rule);
      self->naming_rule = g_strdup (summary->naming_rule);
      refill_nickname_cells (GTK_WIDGET (self->column_view));
    }

  g_array_set_size (self->tier_ids, 0);
  gtk_string_list_append (tier_names, _("Any Tier"));
  for (guint i = 0; tiers != NULL && i < g_list_model_get_n_items (tiers); i++)
    {
      g_autoptr(CoItem) tier = g_list_model_get_item (tiers, i);
      g_autofree char *name = co_item_dup_title (tier);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);
      gint64 id = co_item_get_id (tier);

      g_array_append_val (self->tier_ids, id);
      gtk_string_list_append (tier_names, name);
      g_menu_item_set_action_and_target_value (item, "members.set-tier", g_variant_new_int64 (id));
      g_menu_append_item (tier_menu, item);
      if (id == selected_tier)
        tier_position = i + 1;
    }
  g_ptr_array_set_size (self->sources, 0);
  gtk_string_list_append (source_names, _("Any Source"));
  for (guint i = 0; sources != NULL && sources[i] != NULL; i++)
    {
      g_ptr_array_add (self->sources, g_strdup (sources[i]));
      gtk_string_list_append (source_names, sources[i]);
      if (g_strcmp0 (sources[i], selected_source) == 0)
        source_position = i + 1;
    }

  self->updating = TRUE;
  gtk_drop_down_set_model (self->tier_dropdown, G_LIST_MODEL (tier_names));
  gtk_drop_down_set_selected (self->tier_dropdown, tier_position);
  gtk_drop_down_set_model (self->source_dropdown, G_LIST_MODEL (source_names));
  gtk_drop_down_set_selected (self->source_dropdown, source_position);
  gtk_widget_set_visible (GTK_WIDGET (self->source_dropdown), self->sources->len > 0);
  self->updating = FALSE;
  gtk_menu_button_set_menu_model (self->set_tier_button, G_MENU_MODEL (tier_menu));
}

static char *
percent (gint64 part,
         gint64 whole)
{
  /* "—" rather than a division by zero. */
  return whole > 0 ? g_strdup_printf ("%d%%", (int) (100.0 * part / whole + 0.5)) : g_strdup ("—");
}

static void
update_tiers_summary (CoMembersPage *self,
                      Summary       *summary)
{
  GListModel *tiers = G_LIST_MODEL (summary->tiers);
  gint64 members = summary->members, activity = summary->activity, top_members = 0, top_activity = 0;
  GPtrArray *shares = summary->shares;
  GtkWidget *child, *grid = gtk_grid_new ();
  g_autofree char *member_share = NULL, *activity_share = NULL, *label = NULL;
  const char *headings[] = { N_("Tier"), N_("Criteria"), N_("Benefits"), N_("Members"), N_("Activity, 30 days") };

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiers_box))) != NULL)
    gtk_box_remove (self->tiers_box, child);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    {
      GtkWidget *heading = gtk_label_new (_(headings[c]));
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_grid_attach (GTK_GRID (grid), heading, c, 0, 1, 1);
    }
  for (guint i = 0; shares != NULL && i < shares->len; i++)
    {
      CoTierShare *share = shares->pdata[i];
      g_autoptr(CoItem) tier = tiers && i < g_list_model_get_n_items (tiers)
                               ? g_list_model_get_item (tiers, i) : NULL;
      g_autofree char *criteria = tier ? co_tier_dup_criteria (tier) : NULL;
      g_autofree char *benefits = tier ? co_tier_dup_benefits (tier) : NULL;
      g_autofree char *name = tier ? co_item_dup_title (tier) : g_strdup (share->name);
      g_autofree char *m = percent (share->members, members);
      g_autofree char *a = percent (share->activity, activity);
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT " (%s)", share->members, m);
      const char *cells[] = { name, criteria, benefits, count, a };

      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          GtkWidget *cell = gtk_label_new (cells[c] ? cells[c] : "");
          gtk_label_set_xalign (GTK_LABEL (cell), 0);
          gtk_label_set_wrap (GTK_LABEL (cell), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (cell), 28);
          gtk_grid_attach (GTK_GRID (grid), cell, c, i + 1, 1, 1);
        }
      /* The top tiers: every tier above the lowest. */
      if (i > 0)
        {
          top_members += share->members;
          top_activity += share->activity;
        }
    }
  gtk_box_append (self->tiers_box, grid);
  {
    GtkWidget *edit = gtk_button_new_with_mnemonic (_("_Edit Tiers…"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "win.edit-tiers");
    gtk_widget_set_halign (edit, GTK_ALIGN_END);
    gtk_box_append (self->tiers_box, edit);
  }

  member_share = percent (top_members, members);
  activity_share = percent (top_activity, activity);
  /* Translators: the 20/80 rule: the share of members above the lowest tier, and the share of
   * the activity of the last 30 days they carry. */
  label = g_strdup_printf (_("Top tiers: %s of members, %s of activity"), member_share, activity_share);
  gtk_label_set_label (GTK_LABEL (gtk_menu_button_get_child (self->tiers_button)), label);
}

static void
update_seed_summary (CoMembersPage *self,
                     Summary       *summary)
{
  CoSeedProgress progress = summary->progress;
  g_autofree char *text = NULL, *queue = NULL;
  gint64 waiting;

  waiting = progress.seeds - progress.replied;
  if (progress.target > 0)
    text = g_strdup_printf (_("Seed users: %d of %d"), (int) progress.seeds, (int) progress.target);
  else
    text = g_strdup_printf (_("Seed users: %d"), (int) progress.seeds);
  gtk_label_set_label (self->seed_label, text);
  gtk_level_bar_set_max_value (self->seed_bar, MAX (progress.target, 1));
  gtk_level_bar_set_value (self->seed_bar, MIN (progress.seeds, MAX (progress.target, 1)));
  gtk_widget_set_visible (GTK_WIDGET (self->seed_bar), progress.target > 0);
  queue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Waiting for a Reply", "%u Waiting for a Reply",
                                        (gulong) waiting), (guint) waiting);
  gtk_button_set_label (self->queue_button, queue);
  gtk_widget_set_sensitive (GTK_WIDGET (self->queue_button), waiting > 0);
}

static void
on_summary_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(CoMembersPage) self = data;
  g_autoptr(GError) error = NULL;
  Summary *summary = co_read_in_worker_finish (result, &error);

  /* Superseded by a newer read, or the page gone. */
  if (summary == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->summary_reading);
  if (summary == NULL)
    {
      g_warning ("Could not read the members' summary: %s", error->message);
      return;
    }
  if (self->store != NULL && summary->group_id == self->group_id)
    {
      /* Read once for the drop-down, the menu and the 20/80 table alike. */
      load_filters (self, summary);
      update_seed_summary (self, summary);
      update_tiers_summary (self, summary);
    }
  summary_free (summary);
}

static gboolean
update_summary (gpointer data)
{
  CoMembersPage *self = data;
  gint64 *group_id;

  self->summary_idle = 0;
  if (self->summary_reading != NULL)
    g_cancellable_cancel (self->summary_reading);
  g_clear_object (&self->summary_reading);
  if (self->store == NULL || self->group_id == 0)
    return G_SOURCE_REMOVE;  /* every group: no tiers, seed target or sources of its own */
  group_id = g_memdup2 (&self->group_id, sizeof self->group_id);
  self->summary_reading = g_cancellable_new ();
  co_read_in_worker (self->store, read_summary, group_id, g_free, (GDestroyNotify) summary_free,
                     self->summary_reading, on_summary_read, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

gboolean
co_members_page_is_reading_summary (CoMembersPage *self)
{
  g_return_val_if_fail (CO_IS_MEMBERS_PAGE (self), FALSE);
  return self->summary_idle != 0 || self->summary_reading != NULL;
}

static void
queue_summary (CoMembersPage *self)
{
  if (self->summary_idle == 0)
    self->summary_idle = g_idle_add (update_summary, self);
}

static void
store_changed (CoMembersPage *self,
               const char    *table,
               gint64         group_id)
{
  if (group_id != 0 && group_id != self->group_id)
    return;
  /* Hidden, the summary is read when the page is shown: a big group's tiers take hundreds of
   * ms, and the search index's catch-up after the window's first frame changes the members. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    queue_summary (self);
  else
    self->summary_stale = TRUE;
}

/* ---- the selection and its actions -------------------------------------------------------- */

static GArray *
selected_ids (CoMembersPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = co_member_list_get_id (self->list, position);
      g_array_append_val (ids, id);
    }
  return ids;
}

static GArray *
get_selected_ids (gpointer self)
{
  return selected_ids (self);
}

static void
copy_selected_mentions (CoMembersPage *self)
{
  g_autoptr(GArray) ids = selected_ids (self);
  co_members_copy_mentions (GTK_WIDGET (self), self->store, (gint64 *) ids->data, ids->len);
}

static void
put_current_query (gpointer       self,
                   CoMemberQuery *query)
{
  *query = current_query (self);
}

static void
update_selection (CoMembersPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint n = gtk_bitset_get_size (selected);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected", "%u selected", n), n);

  gtk_label_set_label (self->selection_label, text);
  gtk_action_bar_set_revealed (self->action_bar, n > 0);
  for (guint i = 0; i < 6; i++)
    {
      static const char *const actions[] = { "members.set-core", "members.mark-replied", "members.remove",
                                              "members.open", "members.copy-contact", "members.set-tier" };
      /* Tiers belong to one group: setting one is for a group's own page. */
      gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], n > 0 && (i < 5 || !self->all_groups));
    }
}

/* The page's actions write through co_widget_write(): never waiting for an import's or a sync's
 * write lock. The selection is copied when asked: a write kept writes what was selected then. */
static CoMembersWrite *
selection_write (CoMembersPage *self)
{
  CoMembersWrite *write = co_members_write_new (GTK_WIDGET (self), NULL, 0);

  write->ids = selected_ids (self);
  return write;
}

/* Written: its toast, if it has one (@write->text). */
static void
say_written (CoStore      *store,
             const GError *error,
             gpointer      data)
{
  CoMembersWrite *write = data;

  if (error == NULL && write->text != NULL)
    co_widget_add_toast (write->owner, co_toast_new (write->text));
}

static void
set_tier (GtkWidget  *widget,
          const char *action,
          GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);
  CoMembersWrite *write = selection_write (self);

  write->value = g_variant_get_int64 (parameter);
  co_members_write (write, self->store, co_members_write_tier, NULL);
}

static gboolean
write_core (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  CoMembersWrite *write = data;

  return co_members_set_flag (store, (gint64 *) write->ids->data, write->ids->len, CO_MEMBER_CORE, write->flag,
                              error);
}

static void
set_core (GtkWidget  *widget,
          const char *action,
          GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);
  CoMembersWrite *write = selection_write (self);

  write->flag = g_variant_get_boolean (parameter);
  co_members_write (write, self->store, write_core, NULL);
}

static gboolean
write_replied (CoStore  *store,
               gpointer  data,
               GError  **error)
{
  CoMembersWrite *write = data;

  return co_members_mark_replied (store, (gint64 *) write->ids->data, write->ids->len, write->text2,
                                  g_get_real_name (), error);
}

static void
mark_replied (GtkWidget  *widget,
              const char *action,
              GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);
  CoMembersWrite *write = selection_write (self);

  write->text2 = today ();
  write->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member marked replied",
                                              "%u members marked replied", write->ids->len), write->ids->len);
  co_members_write (write, self->store, write_replied, say_written);
}

static void
undo_remove (AdwToast      *toast,
             CoMembersPage *self)
{
  GArray *ids = g_object_get_data (G_OBJECT (toast), "ids");

  co_members_write (co_members_write_new (GTK_WIDGET (self), (gint64 *) ids->data, ids->len), self->store,
                    co_members_write_restore, NULL);
}

/* Removed: Undo, for the members removed then. */
static void
removed (CoStore      *store,
         const GError *error,
         gpointer      data)
{
  CoMembersWrite *write = data;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (error != NULL)
    return;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member removed from the group",
                                        "%u members removed from the group", write->ids->len), write->ids->len);
  toast = co_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "ids", g_array_ref (write->ids), (GDestroyNotify) g_array_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_remove), write->owner, 0);
  co_widget_add_toast (write->owner, toast);
}

static void
remove_selected (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);

  co_members_write (selection_write (self), self->store, co_members_write_remove, removed);
}

static void
show_queue (GtkWidget  *widget,
            const char *action,
            GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);

  gtk_drop_down_set_selected (self->show_dropdown, CO_MEMBER_SHOW_UNREPLIED);
}

static gboolean
write_tiers_computed (CoStore  *store,
                      gpointer  data,
                      GError  **error)
{
  CoMembersWrite *write = data;

  write->result = co_tiers_compute (store, write->id, write->text2, error);
  if (write->result < 0)
    return FALSE;
  write->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d member changed tier", "%d members changed tier",
                                              (gulong) write->result), (int) write->result);
  return TRUE;
}

static void
compute_tiers (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);
  CoMembersWrite *write = co_members_write_new (widget, NULL, 0);

  write->id = self->group_id;
  write->text2 = today ();
  co_members_write (write, self->store, write_tiers_computed, say_written);
}

/* ---- inviting a batch -------------------------------------------------------------------- */

static gboolean
write_invited (CoStore  *store,
               gpointer  data,
               GError  **error)
{
  CoMembersWrite *write = data;

  write->result = co_members_invite_batch (store, write->id, (guint) write->value, write->text2, error);
  if (write->result < 0)
    return FALSE;
  write->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d contact marked invited today",
                                              "%d contacts marked invited today", (gulong) write->result),
                                 (int) write->result);
  return TRUE;
}

static void
invite_response (AdwMessageDialog *dialog,
                 const char       *response,
                 CoMembersPage    *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "spin");
  CoMembersWrite *write;

  if (!g_str_equal (response, "invite"))
    return;
  write = co_members_write_new (GTK_WIDGET (self), NULL, 0);
  write->id = self->group_id;
  write->value = gtk_spin_button_get_value_as_int (spin);
  write->text2 = today ();
  co_members_write (write, self->store, write_invited, say_written);
}

static void
invite_batch (GtkWidget  *widget,
              const char *action,
              GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);
  g_autoptr(CoItem) plan = co_plan_get (self->store, self->group_id, NULL);
  gint64 batch = plan ? co_item_get_int (plan, "invite_batch", 100) : 100;
  GtkWidget *spin = gtk_spin_button_new_with_range (1, 10000, 10);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                              _("Invite a Batch at Random?"),
                                              _("Contacts not yet invited are picked at random and marked invited today. "
                                                "Invite them, then pause and let the group settle."));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), batch > 0 ? batch : 100);
  gtk_widget_set_halign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("How many to invite"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), spin);
  g_object_set_data (G_OBJECT (dialog), "spin", spin);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "invite", _("_Mark Invited"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "invite", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "invite");
  g_signal_connect_object (dialog, "response", G_CALLBACK (invite_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- import and export --------------------------------------------------------------------- */

static GtkWidget *
preview_table (CoMemberImport *import)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  guint n_columns = co_member_import_get_n_columns (import);
  guint n_rows = MIN (co_member_import_get_n_rows (import), PREVIEW_ROWS);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  for (guint c = 0; c < n_columns; c++)
    {
      int field = co_member_import_get_mapping (import, c);
      /* Translators: a CSV column and what it was recognised as, "昵称 → Nickname". */
      const char *header = co_member_import_get_header (import, c);
      const char *recognised = co_member_import_get_field_title (import, c);
      g_autofree char *title = field < 0 ? g_strdup_printf (_("%s (ignored)"), header)
                               : g_str_equal (header, recognised) ? g_strdup (header)
                               : g_strdup_printf (_("%s → %s"), header, recognised);
      GtkWidget *heading = gtk_label_new (title);

      gtk_widget_add_css_class (heading, field >= 0 ? "heading" : "dim-label");
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_grid_attach (GTK_GRID (grid), heading, c, 0, 1, 1);
      for (guint r = 0; r < n_rows; r++)
        {
          const char *value = co_member_import_get_value (import, r, c);
          GtkWidget *cell = gtk_label_new (value ? value : "");
          gtk_label_set_xalign (GTK_LABEL (cell), 0);
          gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (cell), 16);
          if (co_member_import_is_duplicate (import, r))
            gtk_widget_add_css_class (cell, "warning");
          gtk_grid_attach (GTK_GRID (grid), cell, c, r + 1, 1, 1);
        }
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  return scrolled;
}

static GtkWidget *
problem_list (CoMemberImport *import)
{
  GPtrArray *problems = co_member_import_get_problems (import);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  for (guint i = 0; i < MIN (problems->len, PREVIEW_PROBLEMS); i++)
    {
      CoImportProblem *problem = problems->pdata[i];
      /* Translators: where a value of an imported file is wrong: line, column, the column's
       * name in the file, and why. */
      g_autofree char *text = g_strdup_printf (_("Line %u, column %u (%s): %s"), problem->line, problem->column,
                                               problem->header ? problem->header : "", problem->message);

      gtk_box_append (GTK_BOX (box), co_import_problem_label (text));
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), MIN (problems->len, 6) * 24);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  return scrolled;
}

/* The dialog of a CSV import: the file read and checked in a worker (a bar, Cancel), its
 * preview, then the commit in a worker (a bar, Cancel: nothing written), so that the window
 * stays drawn through a file of 100,000 rows. The dialog stays open while a worker runs: a
 * response then only stops it (co-import-work). */
typedef struct
{
  AdwMessageDialog       *dialog;       /* the owner of this */
  CoMembersPage          *page;         /* a weak pointer: what the import ends on */
  CoStore                *store;
  CoImportKind            kind;
  CoMemberImport         *import;       /* the preview, once read */
  CoMemberImportProgress *progress;
  CoImportWork           *work;         /* reading or writing */
  GtkStack               *stack;        /* "work" (co-import-work); "preview" */
  GtkCheckButton         *update;       /* duplicates updated rather than skipped, if any */
} ImportDialog;

static void
import_dialog_free (ImportDialog *self)
{
  g_clear_weak_pointer (&self->page);
  g_object_unref (self->store);
  g_clear_pointer (&self->import, co_member_import_free);
  co_member_import_progress_free (self->progress);
  g_free (self);
}

/* What the file holds, its problems at their line and column, and the choice for duplicates. */
static void
show_import_preview (ImportDialog *self)
{
  CoMemberImport *import = self->import;
  guint n_rows = co_member_import_get_n_rows (import);
  g_auto(GStrv) ignored = co_member_import_dup_ignored (import);
  GPtrArray *problems = co_member_import_get_problems (import);
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *box;

  g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows", n_rows), n_rows);
  g_string_append_printf (body, " · %s", co_member_import_get_encoding (import));
  if (g_strv_length (ignored) > 0)
    {
      g_autofree char *list = g_strjoinv (_(", "), ignored);
      g_string_append (body, " · ");
      g_string_append_printf (body, _("ignored columns: %s"), list);
    }
  if (problems->len > 0)
    {
      g_string_append (body, "\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u problem: fix it in the file and import again. Nothing is imported until then.",
                                                 "%u problems: fix them in the file and import again. Nothing is imported until then.",
                                                 problems->len), problems->len);
    }
  adw_message_dialog_set_body (self->dialog, body->str);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  if (problems->len > 0)
    gtk_box_append (GTK_BOX (box), problem_list (import));
  gtk_box_append (GTK_BOX (box), preview_table (import));
  if (co_member_import_get_n_duplicates (import) > 0)
    {
      guint n = co_member_import_get_n_duplicates (import);
      g_autofree char *skip_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  "Skip %u member already in the group",
                                                                  "Skip %u members already in the group", n), n);
      GtkWidget *skip = gtk_check_button_new_with_label (skip_label);
      GtkWidget *update = gtk_check_button_new_with_label (_("Update them with the file’s values"));

      gtk_check_button_set_group (GTK_CHECK_BUTTON (update), GTK_CHECK_BUTTON (skip));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (skip), TRUE);
      gtk_box_append (GTK_BOX (box), skip);
      gtk_box_append (GTK_BOX (box), update);
      self->update = GTK_CHECK_BUTTON (update);
    }
  gtk_stack_add_named (self->stack, box, "preview");
  gtk_stack_set_visible_child_name (self->stack, "preview");
  adw_message_dialog_add_response (self->dialog, "import", _("_Import"));
  adw_message_dialog_set_response_appearance (self->dialog, "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (self->dialog, "import", problems->len == 0);
  adw_message_dialog_set_default_response (self->dialog, problems->len == 0 ? "import" : "cancel");
}

static void
import_read_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(AdwMessageDialog) dialog = data;
  ImportDialog *self = g_object_get_data (G_OBJECT (dialog), "import-dialog");
  g_autoptr(GError) error = NULL;
  CoMemberImport *import = co_member_import_read_finish (CO_STORE (source), result, &error);

  if (!co_import_work_end (self->work))
    {
      g_clear_pointer (&import, co_member_import_free);
      return;
    }
  if (import != NULL)
    {
      self->import = import;
      show_import_preview (self);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  else
    {
      /* Not a table at all: why, and nothing else. */
      adw_message_dialog_set_body (self->dialog, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->stack), FALSE);
    }
}

static void
import_commit_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(AdwMessageDialog) dialog = data;
  ImportDialog *self = g_object_get_data (G_OBJECT (dialog), "import-dialog");
  CoMemberImport *import = self->import;
  g_autoptr(GError) error = NULL;
  gboolean done = co_member_import_commit_finish (import, result, &error);

  if (!co_import_work_end (self->work))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The preview still holds: the user may import after all. */
      adw_message_dialog_set_body (self->dialog, _("Cancelled: nothing was written. Import again, or close."));
      gtk_stack_set_visible_child_name (self->stack, "preview");
      adw_message_dialog_set_response_enabled (self->dialog, "cancel", TRUE);
      adw_message_dialog_set_response_enabled (self->dialog, "import", TRUE);
      return;
    }
  if (done && self->page != NULL)
    {
      g_autofree char *summary = co_member_import_describe (import);
      g_autoptr(GArray) imported = g_array_new (FALSE, FALSE, sizeof (CoMemberField));
      g_autofree char *message = NULL;

      /* The columns the file filled in are on screen, whichever were hidden. */
      for (guint c = 0; self->kind == CO_IMPORT_MEMBERS && c < co_member_import_get_n_columns (import); c++)
        if (co_member_import_get_mapping (import, c) >= 0)
          g_array_append_val (imported, (CoMemberField) { co_member_import_get_mapping (import, c) });
      co_member_columns_reveal (self->page->column_view, (CoMemberField *) imported->data, imported->len);
      /* Translators: after an import, what was written, e.g. "120 added, 3 updated" */
      message = g_strdup_printf (_("Imported: %s"), summary);
      co_widget_add_toast (GTK_WIDGET (self->page), co_import_toast_new (message));
    }
  else if (self->page != NULL)
    co_widget_show_error (GTK_WIDGET (self->page), error);
  gtk_window_destroy (GTK_WINDOW (self->dialog));
}

static void
import_dialog_response (AdwMessageDialog *dialog,
                        const char       *response,
                        ImportDialog     *self)
{
  GCancellable *cancellable;

  if (co_import_work_stop (self->work))
    return;
  if (!g_str_equal (response, "import"))
    gtk_window_destroy (GTK_WINDOW (dialog));
  else if (self->import != NULL)
    {
      cancellable = co_import_work_begin (self->work, _("Importing… A backup of the workspace is made first."));
      co_member_import_commit_async (self->import, self->update && gtk_check_button_get_active (self->update)
                                                   ? CO_DUPLICATES_UPDATE : CO_DUPLICATES_SKIP,
                                     self->progress, cancellable, import_commit_done, g_object_ref (dialog));
    }
}

AdwMessageDialog *
co_members_page_preview_import (CoMembersPage *self,
                                CoImportKind   kind,
                                const char    *name,
                                GBytes        *bytes)
{
  ImportDialog *dialog = g_new0 (ImportDialog, 1);
  g_autofree char *heading = g_strdup_printf (kind == CO_IMPORT_MEMBERS ? _("Import Members from “%s”")
                                                                        : _("Import Activity from “%s”"), name);
  /* Translators: while a CSV file is read and each of its values checked, its file name */
  g_autofree char *doing = g_strdup_printf (_("Reading and checking “%s”…"), name);
  GCancellable *cancellable;

  g_set_weak_pointer (&dialog->page, self);
  dialog->store = g_object_ref (self->store);
  dialog->kind = kind;
  dialog->progress = co_member_import_progress_new ();
  dialog->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                               heading, NULL));
  gtk_window_set_default_size (GTK_WINDOW (dialog->dialog), 760, -1);
  g_object_set_data_full (G_OBJECT (dialog->dialog), "import-dialog", dialog, (GDestroyNotify) import_dialog_free);
  adw_message_dialog_add_response (dialog->dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (dialog->dialog, "cancel");

  dialog->stack = GTK_STACK (gtk_stack_new ());
  dialog->work = co_import_work_new (dialog->dialog, dialog->stack,
                                     (CoImportFraction) co_member_import_progress_get_fraction, dialog->progress);
  adw_message_dialog_set_extra_child (dialog->dialog, GTK_WIDGET (dialog->stack));

  g_signal_connect (dialog->dialog, "response", G_CALLBACK (import_dialog_response), dialog);
  cancellable = co_import_work_begin (dialog->work, doing);
  co_member_import_read_async (self->store, self->group_id, kind, bytes, dialog->progress, cancellable,
                               import_read_done, g_object_ref (dialog->dialog));
  gtk_window_present (GTK_WINDOW (dialog->dialog));
  return dialog->dialog;
}

static void
import_file_chosen (GtkNativeDialog *chooser,
                    int              response,
                    CoMembersPage   *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;
  name = g_file_get_basename (file);
  if ((bytes = g_file_load_bytes (file, NULL, NULL, &error)) == NULL)
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  co_members_page_preview_import (self, self->import_kind, name, bytes);
}

static GtkFileFilter *
csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  return filter;
}

static void
import_file (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = csv_filter ();
  GtkFileChooserNative *chooser;

  self->import_kind = g_str_equal (g_variant_get_string (parameter, NULL), "activity")
                      ? CO_IMPORT_ACTIVITY : CO_IMPORT_MEMBERS;
  chooser = gtk_file_chooser_native_new (self->import_kind == CO_IMPORT_MEMBERS ? _("Import Members")
                                                                                 : _("Import Activity"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_file_chosen), self, 0);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
find_duplicates (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);

  gtk_window_present (GTK_WINDOW (co_duplicates_window_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                            self->store, self->group_id)));
}

static void
import_chat (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);

  co_chat_import_dialog_choose (widget, self->store, self->group_id);
}

AdwMessageDialog *
co_members_page_import_chat (CoMembersPage *self,
                             GFile         *file)
{
  g_return_val_if_fail (CO_IS_MEMBERS_PAGE (self), NULL);
  g_return_val_if_fail (self->group_id != 0, NULL);

  return co_chat_import_dialog_open (GTK_WIDGET (self), self->store, self->group_id, file);
}

static void
export_file_chosen (GtkNativeDialog *chooser,
                    int              response,
                    CoMembersPage   *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;
  CoMemberQuery query = current_query (self);

  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;
  /* Written to a temporary file and renamed: a failure never leaves half a file. */
  if ((csv = co_members_export_csv (self->store, &query, &error)) == NULL ||
      !g_file_replace_contents (file, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  co_widget_add_toast (GTK_WIDGET (self), co_toast_new (_("Members exported")));
}

static void
export_file (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = csv_filter ();
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export Members"),
                                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                                               _("_Cancel"));

  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("members.csv"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_file_chosen), self, 0);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_activate (CoMembersPage *self,
             guint          position)
{
  GtkWidget *window = co_member_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->store,
                                            co_member_list_get_id (self->list, position));
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_member_added (CoMembersPage *self,
                 gint64         membership_id)
{
  g_autoptr(CoMember) member = co_member_get_by_id (self->store, membership_id, NULL);
  g_autofree char *title = NULL;

  if (member == NULL)
    return;
  /* Translators: a toast after the New Member dialog, with the member's nickname */
  title = g_strdup_printf (_("“%s” added to the group"), co_member_get (member, CO_MEMBER_NICKNAME));
  co_widget_add_toast (GTK_WIDGET (self), co_toast_new (title));
}

static void
new_member (GtkWidget  *widget,
            const char *action,
            GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);
  GtkWidget *dialog;

  if (self->group_id == 0)
    return;
  dialog = co_new_member_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, self->group_id);
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_member_added), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the row menu's own actions (co-member-row-menu.h) ------------------------------------ */

static void
open_selected (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (!gtk_bitset_is_empty (selected))
    on_activate (self, gtk_bitset_get_minimum (selected));
}

/* The contacts of the selected members, one a line, for pasting into WeChat or a sheet. */
static void
copy_contact (GtkWidget  *widget,
              const char *action,
              GVariant   *parameter)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *message = NULL;
  GtkBitsetIter iter;
  guint position, n = 0;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(CoMember) member = g_list_model_get_item (G_LIST_MODEL (self->list), position);
      const char *contact = member ? co_member_get (member, CO_MEMBER_CONTACT) : NULL;

      if (contact == NULL)
        continue;
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", contact);
      n++;
    }
  if (n == 0)
    {
      co_widget_add_toast (GTK_WIDGET (self), co_toast_new (_("No contact to copy")));
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text->str);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u contact copied", "%u contacts copied", n), n);
  co_widget_add_toast (GTK_WIDGET (self), co_toast_new (message));
}

/* ---- the page ----------------------------------------------------------------------------- */

void
co_members_page_set_store (CoMembersPage *self,
                           CoStore       *store)
{
  CoMemberRows *rows;

  g_return_if_fail (CO_IS_MEMBERS_PAGE (self) && self->store == NULL);

  self->store = g_object_ref (store);
  self->list = co_member_list_new (store);
  rows = co_member_rows_new (G_LIST_MODEL (self->list));
  co_member_rows_set_view (rows, GTK_SCROLLABLE (self->column_view));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (rows));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (unselect_replaced), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (pace_swap), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (on_page_mapped), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_page_unmapped), NULL);
  co_member_list_set_paced (self->list, gtk_widget_get_mapped (GTK_WIDGET (self)));
  g_signal_connect_object (self->list, "loaded", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (update_selection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (update_selection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  /* Segments, and tags and @-mentions of the selection (co-segment-bar.c, co-member-tags.c). */
  co_segment_bar_set_store (self->segment_bar, store, put_current_query, G_LIST_MODEL (self->list), self);
  {
    /* An icon: the bar is as wide as the page can be narrow. */
    GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

    co_tooltip_set_text (copy, _("Copy @-Mentions: “@nickname” of each selected member, to paste in the group"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy @-Mentions"), -1);
    g_signal_connect_object (copy, "clicked", G_CALLBACK (copy_selected_mentions), self, G_CONNECT_SWAPPED);
    gtk_action_bar_pack_end (self->action_bar, co_selection_tags_button_new (store, get_selected_ids, self));
    gtk_action_bar_pack_end (self->action_bar, copy);
  }
  update_selection (self);
}

/* The summary waits for an idle moment: a commit that changes several tables reads it once. */
static void
load (CoMembersPage *self)
{
  self->pending = FALSE;
  self->summary_stale = FALSE;
  queue_summary (self);
  run_query (self);
}

static void
on_map (CoMembersPage *self)
{
  if (self->pending)
    load (self);
  else if (self->summary_stale)
    {
      self->summary_stale = FALSE;
      queue_summary (self);
    }
}

void
co_members_page_set_group_id (CoMembersPage *self,
                              gint64         group_id)
{
  g_return_if_fail (CO_IS_MEMBERS_PAGE (self));

  if (self->group_id == group_id)
    return;
  self->group_id = group_id;
  if (group_id == 0)
    return;
  co_segment_bar_set_group_id (self->segment_bar, group_id);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->show_dropdown, CO_MEMBER_SHOW_ALL);
  gtk_drop_down_set_selected (self->tier_dropdown, 0);
  gtk_drop_down_set_selected (self->source_dropdown, 0);
  co_segment_bar_select (self->segment_bar, 0);
  self->updating = FALSE;
  /* Read when shown, not for every group the sidebar passes through: a big group's list would
   * cost its scan even while the Overview is what the user looks at. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  else
    self->pending = TRUE;
}

void
co_members_page_show_all_groups (CoMembersPage *self)
{
  static const char *const group_actions[] = { "members.new-member", "members.import", "members.import-chat", "members.invite",
                                               "members.compute-tiers",
                                               "members.show-queue", "members.set-tier" };

  g_return_if_fail (CO_IS_MEMBERS_PAGE (self));

  if (!self->all_groups)
    {
      self->all_groups = TRUE;
      self->group_id = 0;
      co_segment_bar_set_group_id (self->segment_bar, 0);
      gtk_column_view_column_set_visible (self->group_column, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->tier_dropdown), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->source_dropdown), FALSE);
      gtk_widget_set_visible (self->import_button, FALSE);
      gtk_widget_set_visible (self->seed_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->tiers_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->set_tier_button), FALSE);
      /* Import Members… and Import Chat… */
      gtk_widget_set_visible (gtk_widget_get_parent (self->empty_import_button), FALSE);
      adw_status_page_set_description (self->empty_page,
                                       _("No group has members yet. Import them on a group’s Members page."));
      for (guint i = 0; i < G_N_ELEMENTS (group_actions); i++)
        gtk_widget_action_set_enabled (GTK_WIDGET (self), group_actions[i], FALSE);
    }
  run_query (self);
}

GListModel *
co_members_page_get_model (CoMembersPage *self)
{
  return G_LIST_MODEL (self->list);
}

static void
co_members_page_dispose (GObject *object)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (object);

  g_clear_handle_id (&self->summary_idle, g_source_remove);
  if (self->summary_reading != NULL)
    g_cancellable_cancel (self->summary_reading);
  g_clear_object (&self->summary_reading);
  g_clear_pointer (&self->row_menu, gtk_widget_unparent);
  if (self->column_view != NULL && self->swap_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->swap_tick);
  self->swap_tick = 0;
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_MEMBERS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (co_members_page_parent_class)->dispose (object);
}

static void
co_members_page_finalize (GObject *object)
{
  CoMembersPage *self = CO_MEMBERS_PAGE (object);

  g_array_unref (self->tier_ids);
  g_ptr_array_unref (self->sources);
  g_free (self->naming_rule);
  G_OBJECT_CLASS (co_members_page_parent_class)->finalize (object);
}

static void
co_members_page_class_init (CoMembersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = co_members_page_dispose;
  object_class->finalize = co_members_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, page);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, show_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, tier_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, seed_label);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, seed_bar);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, queue_button);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, tiers_button);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, tiers_box);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, action_bar);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, set_tier_button);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, seed_box);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, segment_bar);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, columns_button);
  gtk_widget_class_bind_template_child (widget_class, CoMembersPage, row_menu_model);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);

  gtk_widget_class_install_action (widget_class, "members.import", "s", import_file);
  gtk_widget_class_install_action (widget_class, "members.import-chat", NULL, import_chat);
  gtk_widget_class_install_action (widget_class, "members.export", NULL, export_file);
  gtk_widget_class_install_action (widget_class, "members.find-duplicates", NULL, find_duplicates);
  gtk_widget_class_install_action (widget_class, "members.invite", NULL, invite_batch);
  gtk_widget_class_install_action (widget_class, "members.compute-tiers", NULL, compute_tiers);
  gtk_widget_class_install_action (widget_class, "members.show-queue", NULL, show_queue);
  gtk_widget_class_install_action (widget_class, "members.set-tier", "x", set_tier);
  gtk_widget_class_install_action (widget_class, "members.set-core", "b", set_core);
  gtk_widget_class_install_action (widget_class, "members.mark-replied", NULL, mark_replied);
  gtk_widget_class_install_action (widget_class, "members.remove", NULL, remove_selected);
  gtk_widget_class_install_action (widget_class, "members.new-member", NULL, new_member);
  gtk_widget_class_install_action (widget_class, "members.open", NULL, open_selected);
  gtk_widget_class_install_action (widget_class, "members.copy-contact", NULL, copy_contact);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
co_members_page_init (CoMembersPage *self)
{
  g_autoptr(GtkStringList) shows = gtk_string_list_new (NULL);

  g_type_ensure (CO_TYPE_SEGMENT_BAR);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tier_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->sources = g_ptr_array_new_with_free_func (g_free);
  self->sort = CO_MEMBER_NICKNAME;
  self->settings = g_settings_new (APP_ID);
  /* The number of days is a preference; a list of who is slipping away follows it. */
  g_signal_connect_object (self->settings, "changed::slipping-days", G_CALLBACK (on_filter_changed), self,
                           G_CONNECT_SWAPPED);

  self->updating = TRUE;
  for (CoMemberShow show = 0; show < CO_N_MEMBER_SHOWS; show++)
    gtk_string_list_append (shows, co_member_show_label (show));
  gtk_drop_down_set_model (self->show_dropdown, G_LIST_MODEL (shows));
  self->updating = FALSE;

  /* A long summary shortens rather than widen the window. */
  {
    GtkWidget *label = gtk_label_new (NULL);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_menu_button_set_child (self->tiers_button, label);
  }
  /* Labelled before the first summary arrives from its worker: no nameless button meanwhile. */
  {
    Summary none = { 0 };

    update_seed_summary (self, &none);
  }
  add_columns (self);
  co_member_columns_bind (self->column_view, self->columns_button, self->settings);
  self->row_menu = co_member_row_menu_new (self->column_view, self->row_menu_model);
  g_signal_connect_swapped (self->column_view, "activate", G_CALLBACK (on_activate), self);
  /* Ctrl+Shift+N wherever the focus is in the window, while the page shows. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                        gtk_named_action_new ("members.new-member")));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  g_signal_connect_swapped (self->segment_bar, "changed", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sort_changed), self, G_CONNECT_SWAPPED);
}
