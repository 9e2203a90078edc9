/* test-member-rows.c: the members list's rows as its view sees them (co-member-rows.h): a row
 * keeps its place while another member takes it, so that a new search fills the cells the view
 * has instead of making new ones. */
#include "config.h"

#include "core/groups/co-group.h"
#include "core/members/co-member.h"
#include "core/members/co-member-list.h"
#include "gui/members/co-member-cell.h"
#include "gui/members/co-member-rows.h"
#include "gui-test-util.h"

typedef struct
{
  guint position, removed, added, calls;
} Change;

static void
note_change (GListModel *model,
             guint       position,
             guint       removed,
             guint       added,
             Change     *change)
{
  *change = (Change) { position, removed, added, change->calls + 1 };
}

static void
count_change (gpointer count)
{
  (*(guint *) count)++;
}

static gint64
row_id (CoMemberRows *rows,
        guint         position)
{
  g_autoptr(CoMemberRow) row = g_list_model_get_item (G_LIST_MODEL (rows), position);

  return co_member_get_id (co_member_row_get_member (row));
}

static void
splice (GListStore *store,
        guint       position,
        guint       removed,
        gint64      first_id,
        guint       added)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (members, co_member_new_missing (first_id + i));
  g_list_store_splice (store, position, removed, members->pdata, added);
}

/* Replaced rows stay the same objects and say they changed; only the rows added or removed
 * beyond them are told to the model's listeners; rows after them move with their members. */
static void
test_rows_model (void)
{
  g_autoptr(GListStore) members = g_list_store_new (CO_TYPE_MEMBER);
  g_autoptr(CoMemberRows) rows = NULL;
  g_autoptr(CoMemberRow) second = NULL, fifth = NULL, last = NULL;
  Change change = { 0 };
  guint second_changed = 0, fifth_changed = 0;

  splice (members, 0, 0, 1, 10);  /* ids 1..10 */
  rows = co_member_rows_new (G_LIST_MODEL (members));
  g_signal_connect (rows, "items-changed", G_CALLBACK (note_change), &change);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 10);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (rows)) == CO_TYPE_MEMBER_ROW);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (rows), 10));
  second = g_list_model_get_item (G_LIST_MODEL (rows), 1);
  fifth = g_list_model_get_item (G_LIST_MODEL (rows), 4);
  last = g_list_model_get_item (G_LIST_MODEL (rows), 9);
  co_member_row_watch (second, &second_changed, count_change);
  co_member_row_watch (fifth, &fifth_changed, count_change);

  /* Two members replaced by two others: no items-changed, the same row shows the new one. */
  splice (members, 1, 2, 100, 2);
  g_assert_cmpuint (change.calls, ==, 0);
  g_assert_cmpuint (second_changed, ==, 1);
  g_assert_cmpint (co_member_get_id (co_member_row_get_member (second)), ==, 100);
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (rows), 1) == (gpointer) second);
  g_object_unref (second);  /* the extra reference just taken */
  g_assert_cmpint (row_id (rows, 2), ==, 101);
  g_assert_cmpuint (fifth_changed, ==, 0);

  /* One replaced by three: the first in place, two added after it; the rows below move. */
  splice (members, 1, 1, 200, 3);
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 2);
  g_assert_cmpint (co_member_get_id (co_member_row_get_member (second)), ==, 200);
  g_assert_cmpuint (second_changed, ==, 2);
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (rows), 6) == (gpointer) fifth);
  g_object_unref (fifth);
  g_assert_cmpint (co_member_get_id (co_member_row_get_member (fifth)), ==, 5);
  g_assert_cmpuint (fifth_changed, ==, 0);
  g_assert_cmpint (row_id (rows, 2), ==, 201);
  g_assert_cmpint (row_id (rows, 3), ==, 202);
  g_assert_cmpint (row_id (rows, 4), ==, 101);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 12);

  /* Three replaced by one: one in place, two removed after it. */
  splice (members, 1, 3, 300, 1);
  g_assert_cmpuint (change.calls, ==, 2);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 2);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpint (co_member_get_id (co_member_row_get_member (second)), ==, 300);
  g_assert_cmpint (row_id (rows, 2), ==, 101);
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (rows), 4) == (gpointer) fifth);
  g_object_unref (fifth);
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (rows), 9) == (gpointer) last);
  g_object_unref (last);
  g_assert_cmpint (co_member_get_id (co_member_row_get_member (last)), ==, 10);

  /* A member that changes (read again) changes its row. */
  g_signal_emit_by_name (co_member_row_get_member (fifth), "changed");
  g_assert_cmpuint (fifth_changed, ==, 1);
  /* Its row now shows another: the old member's changes are no longer its. */
  {
    g_autoptr(CoMember) old = g_object_ref (co_member_row_get_member (fifth));

    splice (members, 4, 1, 400, 1);
    g_assert_cmpuint (fifth_changed, ==, 2);
    g_signal_emit_by_name (old, "changed");
    g_assert_cmpuint (fifth_changed, ==, 2);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 10);
}

static GPtrArray *told_cells;

static void
note_cell (gpointer cell)
{
  g_ptr_array_add (told_cells, cell);
}

/* A cell shows a row without a signal connection of its own: told of the row's changes while it
 * shows it, not after another row or after it went (without being told to let go first), and it
 * holds the row meanwhile. */
static void
test_cells_watch_rows (void)
{
  g_autoptr(GListStore) members = g_list_store_new (CO_TYPE_MEMBER);
  g_autoptr(CoMemberRows) rows = NULL;
  g_autoptr(CoMemberRow) row = NULL, other = NULL;
  GtkWidget *a = g_object_ref_sink (co_member_cell_new (0, FALSE));
  GtkWidget *b = g_object_ref_sink (co_member_cell_new (0, FALSE));
  g_autoptr(GPtrArray) told = g_ptr_array_new ();
  guint held;

  told_cells = told;
  splice (members, 0, 0, 1, 3);
  rows = co_member_rows_new (G_LIST_MODEL (members));
  row = g_list_model_get_item (G_LIST_MODEL (rows), 0);
  other = g_list_model_get_item (G_LIST_MODEL (rows), 1);
  co_member_cell_show_row (CO_MEMBER_CELL (a), row, note_cell);
  co_member_cell_show_row (CO_MEMBER_CELL (b), row, note_cell);
  g_assert_true (co_member_cell_get_row (CO_MEMBER_CELL (a)) == row);

  g_signal_emit_by_name (co_member_row_get_member (row), "changed");
  g_assert_cmpuint (told->len, ==, 2);
  /* Another member in the row's place: told too. */
  splice (members, 0, 1, 50, 1);
  g_assert_cmpuint (told->len, ==, 4);

  /* a now shows another row: only b hears of the first. */
  co_member_cell_show_row (CO_MEMBER_CELL (a), other, note_cell);
  g_ptr_array_set_size (told, 0);
  g_signal_emit_by_name (co_member_row_get_member (row), "changed");
  g_assert_cmpuint (told->len, ==, 1);
  g_assert_true (g_ptr_array_index (told, 0) == b);

  /* b goes without letting go: the row forgets it, and is no longer held by it. */
  held = G_OBJECT (row)->ref_count;
  g_object_unref (b);
  g_assert_cmpuint (G_OBJECT (row)->ref_count, ==, held - 1);
  g_ptr_array_set_size (told, 0);
  g_signal_emit_by_name (co_member_row_get_member (row), "changed");
  g_assert_cmpuint (told->len, ==, 0);

  co_member_cell_show_row (CO_MEMBER_CELL (a), NULL, NULL);
  g_assert_null (co_member_cell_get_row (CO_MEMBER_CELL (a)));
  g_signal_emit_by_name (co_member_row_get_member (other), "changed");
  g_assert_cmpuint (told->len, ==, 0);
  g_object_unref (a);
  told_cells = NULL;
}

/* The cells under @widget, held. */
static void
hold_cells (GtkWidget *widget,
            GPtrArray *cells)
{
  if (CO_IS_MEMBER_CELL (widget))
    g_ptr_array_add (cells, g_object_ref (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    hold_cells (child, cells);
}

static gboolean
shows_cell (gpointer data)
{
  return find_member_cell (((gpointer *) data)[0], ((gpointer *) data)[1]) != NULL;
}

static char *
first_nickname (GListModel *members)
{
  g_autoptr(CoMember) member = g_list_model_get_item (members, 0);

  return g_strdup (co_member_get (member, CO_MEMBER_NICKNAME));
}

static gboolean
has_thirty (gpointer members)
{
  return g_list_model_get_n_items (members) == 30;
}

/* A search that replaces the rows on screen fills the cells the view already has (on GTK 4.8,
 * a replaced row's cells were made anew); the selected row, now another member, is let go. */
static void
test_search_keeps_cells (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "搜索", 0, NULL);
  CoMembersPage *page;
  GtkWidget *view, *entry, *cell;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) selected = NULL;
  gpointer lookup[2];
  g_autofree char *first = NULL, *first_match = NULL;

  /* 250 丁, 30 王 and a 赵, in this order by nickname and by time: GtkListView 4.8 has widgets
   * for 200 rows, so the 王 rows have none until the search brings them up (and the last row
   * does not match: the rows that stay at the end would move up, not be replaced). */
  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *jia = g_strdup_printf ("丁%03u", i);
      g_assert_cmpint (co_member_add (f->store, group, jia, NULL), >, 0);
    }
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *yi = g_strdup_printf ("王%02u", i);
      g_assert_cmpint (co_member_add (f->store, group, yi, NULL), >, 0);
    }
  g_assert_cmpint (co_member_add (f->store, group, "赵", NULL), >, 0);
  page = open_members_page (f, group);
  view = find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0);
  entry = find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, 0);
  first = first_nickname (co_members_page_get_model (page));
  lookup[0] = view;
  lookup[1] = first;
  wait_until (shows_cell, lookup, "the first member's cell");
  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)), 0, TRUE);
  hold_cells (view, before);

  g_assert_true (g_str_has_prefix (first, "丁"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "王");
  /* The search starts after a pause for more keys. */
  wait_until (has_thirty, co_members_page_get_model (page), "the search's 30 matches");
  wait_for_members (co_members_page_get_model (page));
  first_match = first_nickname (co_members_page_get_model (page));
  g_assert_true (g_str_has_prefix (first_match, "王"));
  lookup[1] = first_match;
  wait_until (shows_cell, lookup, "the first match's cell");
  cell = find_member_cell (view, first_match);
  g_assert_true (g_ptr_array_find (before, cell, NULL));
  g_assert_null (find_member_cell (view, first));
  selected = gtk_selection_model_get_selection (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  g_assert_true (gtk_bitset_is_empty (selected));
}

static gboolean
list_read (gpointer list)
{
  return !co_member_list_is_reading (list);
}

/* The rows shown by cells in sight under @widget, each with whether one of its cells shows text. */
static void
collect_rows_in_sight (GtkWidget  *widget,
                       GHashTable *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (CO_IS_MEMBER_CELL (child))
      {
        CoMemberRow *row = co_member_cell_get_row (CO_MEMBER_CELL (child));

        if (gtk_widget_get_mapped (child) && row != NULL)
          g_hash_table_insert (rows, row, GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (rows, row)) ||
                                                           *co_member_cell_get_text (CO_MEMBER_CELL (child)) != '\0'));
      }
    else
      collect_rows_in_sight (child, rows);
}

/* A jump of the scrollbar reads the rows in sight at once; the others GtkListView 4.8 keeps
 * around them (200 in all) come empty and a worker fills them. */
static void
test_jump_reads_rows_in_sight (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "跳转", 0, NULL);
  CoMembersPage *page;
  GtkWidget *view;
  GtkAdjustment *adjustment;
  CoMemberList *list;
  GListModel *rows;
  g_autoptr(GHashTable) in_sight_rows = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer shows_text;
  double per_row;
  guint in_sight, below;

  for (guint i = 0; i < 1200; i++)
    {
      g_autofree char *nickname = g_strdup_printf ("m%04u", i);
      g_assert_cmpint (co_member_add (f->store, group, nickname, NULL), >, 0);
    }
  page = open_members_page (f, group);
  list = CO_MEMBER_LIST (co_members_page_get_model (page));
  view = find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0);
  rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  wait_until (list_read, list, "the first rows read");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1200);
  g_assert_cmpfloat (gtk_adjustment_get_page_size (adjustment), >, 0);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * 0.6);
  per_row = gtk_adjustment_get_upper (adjustment) / 1200;
  in_sight = (guint) ((gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) / 2) / per_row);
  below = in_sight + 100;
  {
    g_autoptr(CoMemberRow) shown = g_list_model_get_item (rows, in_sight);
    g_autoptr(CoMemberRow) kept = g_list_model_get_item (rows, below);
    g_autofree char *expected = g_strdup_printf ("m%04u", in_sight);
    g_autofree char *expected_below = g_strdup_printf ("m%04u", below);

    g_assert_cmpstr (co_member_get (co_member_row_get_member (shown), CO_MEMBER_NICKNAME), ==, expected);
    g_assert_null (co_member_get (co_member_row_get_member (kept), CO_MEMBER_NICKNAME));
    g_assert_true (co_member_list_is_reading (list));
    wait_until (list_read, list, "the rows out of sight read");
    g_assert_cmpstr (co_member_get (co_member_row_get_member (kept), CO_MEMBER_NICKNAME), ==, expected_below);
  }
  /* Every row in sight shows its member. */
  wait_for_frame (view);
  wait_for_frame (view);
  collect_rows_in_sight (view, in_sight_rows);
  save_screenshot (GTK_WIDGET (f->window), "members-after-jump");
  g_assert_cmpuint (g_hash_table_size (in_sight_rows), >, 5);
  g_hash_table_iter_init (&iter, in_sight_rows);
  while (g_hash_table_iter_next (&iter, NULL, &shows_text))
    g_assert_true (GPOINTER_TO_INT (shows_text));
}

/* The widgets the columns' factories made under @widget: the children of the column view's
 * cells (CSS name "cell"). */
static void
collect_cell_children (GtkWidget *widget,
                       GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_css_name (child), "cell") && gtk_widget_get_first_child (child) != NULL)
      g_ptr_array_add (found, gtk_widget_get_first_child (child));
    else
      collect_cell_children (child, found);
}

/* A cell's text is never measured by the list's layout (GtkListView 4.8 measures the 200 rows it
 * keeps, and a GtkLabel shapes its text to be measured): a cell has no width of its own and the
 * height of one line, whatever its text (Latin, Chinese, longer than its column); the cell still
 * has its column's width and tells its whole text to assistive technologies. */
static void
test_cells_one_line (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "一行", 0, NULL);
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(GString) long_name = g_string_new ("A");
  CoMembersPage *page;
  GtkWidget *view, *cell;
  gpointer lookup[2];
  int height = -1;

  for (guint i = 0; i < 60; i++)
    g_string_append (long_name, "长名字");
  g_assert_cmpint (co_member_add (f->store, group, "Ada", NULL), >, 0);
  g_assert_cmpint (co_member_add (f->store, group, "丁一", NULL), >, 0);
  g_assert_cmpint (co_member_add (f->store, group, long_name->str, NULL), >, 0);
  page = open_members_page (f, group);
  view = find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0);
  lookup[0] = view;
  lookup[1] = long_name->str;
  wait_until (shows_cell, lookup, "the long nickname's cell");
  /* Its text may come before its row is laid out (a row read by the worker). */
  wait_for_frame (view);
  wait_for_idle ();

  collect_cell_children (view, cells);
  g_assert_cmpuint (cells->len, >=, 3);
  for (guint i = 0; i < cells->len; i++)
    {
      int min, nat;

      gtk_widget_measure (cells->pdata[i], GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      g_assert_cmpint (nat, ==, 0);
      gtk_widget_measure (cells->pdata[i], GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
      if (height < 0)
        height = nat;
      g_assert_cmpint (nat, ==, height);
    }
  g_assert_cmpint (height, >, 0);
  cell = find_member_cell (view, long_name->str);
  g_assert_cmpint (gtk_widget_get_width (cell), >, 0);
  g_assert_cmpint (gtk_widget_get_width (cell), <, 220);
  g_assert_cmpint (gtk_widget_get_height (cell), ==, height);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_ROLE_LABEL);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, long_name->str);
}

/* A widget holding a cell that counts how often GTK measures and allocates it: a resize the
 * cell asks for goes up through it (as through a row to the list view). */
G_DECLARE_FINAL_TYPE (Probe, probe, TEST, PROBE, GtkWidget)
struct _Probe { GtkWidget parent_instance; guint measured, allocated; };
G_DEFINE_FINAL_TYPE (Probe, probe, GTK_TYPE_WIDGET)

static void
probe_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
               int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  ((Probe *) widget)->measured++;
  gtk_widget_measure (gtk_widget_get_first_child (widget), orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
probe_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  ((Probe *) widget)->allocated++;
  gtk_widget_allocate (gtk_widget_get_first_child (widget), width, height, baseline, NULL);
}

static void
probe_dispose (GObject *object)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (object));

  if (child != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (probe_parent_class)->dispose (object);
}

static void
probe_class_init (ProbeClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = probe_dispose;
  GTK_WIDGET_CLASS (klass)->measure = probe_measure;
  GTK_WIDGET_CLASS (klass)->size_allocate = probe_size_allocate;
}

static void
probe_init (Probe *self)
{
}

static void
count_emission (gpointer  object,
                guint    *count)
{
  (*count)++;
}

static gboolean
painted_since (gpointer data)
{
  guint *painted = data;

  return painted[0] > painted[1];
}

/* Whether @node or a node under it draws text. */
static gboolean
draws_text (GskRenderNode *node)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      return TRUE;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        if (draws_text (gsk_container_node_get_child (node, i)))
          return TRUE;
      return FALSE;
    case GSK_TRANSFORM_NODE:
      return draws_text (gsk_transform_node_get_child (node));
    case GSK_CLIP_NODE:
      return draws_text (gsk_clip_node_get_child (node));
    case GSK_OPACITY_NODE:
      return draws_text (gsk_opacity_node_get_child (node));
    case GSK_COLOR_MATRIX_NODE:
      return draws_text (gsk_color_matrix_node_get_child (node));
    case GSK_SHADOW_NODE:
      return draws_text (gsk_shadow_node_get_child (node));
    default:
      return FALSE;
    }
}

static gboolean
cell_draws_text (GtkWidget *cell)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (cell);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (cell), gtk_widget_get_height (cell));
  node = gtk_snapshot_free_to_node (snapshot);
  return node != NULL && draws_text (node);
}

/* The size of the first text @node or a node under it draws (Pango units), 0 when none. */
static int
text_size (GskRenderNode *node)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      {
        g_autoptr(PangoFontDescription) font = pango_font_describe (gsk_text_node_get_font (node));
        return pango_font_description_get_size (font);
      }
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        {
          int size = text_size (gsk_container_node_get_child (node, i));
          if (size > 0)
            return size;
        }
      return 0;
    case GSK_TRANSFORM_NODE:
      return text_size (gsk_transform_node_get_child (node));
    case GSK_CLIP_NODE:
      return text_size (gsk_clip_node_get_child (node));
    case GSK_COLOR_MATRIX_NODE:
      return text_size (gsk_color_matrix_node_get_child (node));
    default:
      return 0;
    }
}

static int
cell_text_size (GtkWidget *cell)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (cell);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (cell), gtk_widget_get_height (cell));
  node = gtk_snapshot_free_to_node (snapshot);
  return node != NULL ? text_size (node) : 0;
}

typedef struct
{
  GtkWidget *cell;
  int        height;  /* to be passed */
} Grown;

static gboolean
cell_grew (gpointer data)
{
  Grown *grown = data;

  return gtk_widget_get_height (grown->cell) > grown->height;
}

/* The font changed while the app runs (Settings → Fonts, or a theme's CSS): the cell, which keeps
 * its text's layout, draws in the new size and is given the new line's height, as a GtkLabel is. */
/* A cell's text set while it is out of sight is told to assistive technologies once in sight,
 * not before (GtkListView 4.8 keeps most of its rows out of sight, and a scroll sets thousands). */
static void
test_label_told_in_sight (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *cell = co_member_cell_new (0, FALSE);

  gtk_window_set_child (GTK_WINDOW (window), cell);
  co_member_cell_set_text (CO_MEMBER_CELL (cell), "丁一");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_mapped (cell));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, "丁一");
  /* In sight, at once. */
  co_member_cell_set_text (CO_MEMBER_CELL (cell), "王二");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, "王二");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_font_change_followed (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *cell = co_member_cell_new (0.0, FALSE);
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *font_name = NULL;
  guint painted[2] = { 0, 0 };
  Grown grown = { cell, 0 };
  int size;

  g_object_get (settings, "gtk-font-name", &font_name, NULL);
  gtk_window_set_child (GTK_WINDOW (window), cell);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 40);
  co_member_cell_set_text (CO_MEMBER_CELL (cell), "Grace 王");
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (count_emission), &painted[0]);
  wait_until (painted_since, painted, "the window drawn");
  wait_for_idle ();
  size = cell_text_size (cell);
  grown.height = gtk_widget_get_height (cell);
  g_assert_cmpint (size, >, 0);

  g_object_set (settings, "gtk-font-name", "Sans 30", NULL);
  wait_until (cell_grew, &grown, "the cell to be given the taller line");
  g_assert_cmpint (cell_text_size (cell), ==, 30 * PANGO_SCALE);
  g_assert_cmpint (cell_text_size (cell), >, size);

  g_object_set (settings, "gtk-font-name", font_name, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A cell given a new text (a scroll's, a search's, a refresh's) only redraws itself: a GtkLabel
 * asked for a resize whenever its text was set, which went up through its row to the list view
 * and had GTK 4.8 measure and allocate the rows again each frame. The cell draws the new text and
 * tells it to assistive technologies. */
static void
test_new_text_redraws_only (void)
{
  GtkWidget *window = gtk_window_new ();
  Probe *probe = g_object_new (probe_get_type (), NULL);
  GtkWidget *cell = co_member_cell_new (0.0, FALSE);
  guint painted[2] = { 0, 0 };
  const char *texts[] = { "Ada", "丁一", "A much longer nickname than its column", "" };

  gtk_widget_set_parent (cell, GTK_WIDGET (probe));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (probe));
  gtk_window_set_default_size (GTK_WINDOW (window), 200, 40);
  co_member_cell_set_text (CO_MEMBER_CELL (cell), "Grace");
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (count_emission), &painted[0]);
  wait_until (painted_since, painted, "the window drawn");
  wait_for_idle ();
  g_assert_true (cell_draws_text (cell));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      guint measured = probe->measured, allocated = probe->allocated;

      painted[1] = painted[0];
      co_member_cell_set_text (CO_MEMBER_CELL (cell), texts[i]);
      wait_until (painted_since, painted, "the cell drawn again");
      g_assert_cmpuint (probe->measured, ==, measured);
      g_assert_cmpuint (probe->allocated, ==, allocated);
      g_assert_cmpstr (co_member_cell_get_text (CO_MEMBER_CELL (cell)), ==, texts[i]);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, texts[i]);
      g_assert_true (cell_draws_text (cell) == (texts[i][0] != '\0'));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);
  g_test_add_func ("/ui/member-rows/model", test_rows_model);
  g_test_add_func ("/ui/member-rows/cells-watch-rows", test_cells_watch_rows);
  GUI_TEST_ADD ("member-rows/search-keeps-cells", FALSE, test_search_keeps_cells);
  GUI_TEST_ADD ("member-rows/jump-reads-rows-in-sight", FALSE, test_jump_reads_rows_in_sight);
  GUI_TEST_ADD ("member-rows/cells-one-line", FALSE, test_cells_one_line);
  g_test_add_func ("/ui/member-rows/new-text-redraws-only", test_new_text_redraws_only);
  g_test_add_func ("/ui/member-rows/font-change-followed", test_font_change_followed);
  g_test_add_func ("/ui/member-rows/label-told-in-sight", test_label_told_in_sight);
  return g_test_run ();
}
