/* test-segments.c: tags and segments on the Members page of the sample workspace: tags set on a
 * selection through the Tags popover, a segment chosen with its count shown and its members
 * listed, a broken segment, the current filter saved as a segment, and a member's Tags section. */
#include "config.h"

#include <string.h>

#include "core/members/co-member-list.h"
#include "core/members/co-segment.h"
#include "core/members/co-tag.h"
#include "core/store/co-write-queue.h"
#include "gui/members/co-member-window.h"
#include "gui/members/co-members-page.h"
#include "gui/members/co-segment-bar.h"
#include "gui/members/co-segment-dialog.h"
#include "gui/members/co-tag-chooser.h"
#include "gui-test-util.h"

#define GROUP "Literature Exchange Group 1"

/* The sample's group's Members page, shown, its list read. */
static CoMembersPage *
open_group_page (Fixture *f)
{
  return open_members_page (f, test_sql_count (f->store, "SELECT id FROM groups WHERE name = '" GROUP "'"));
}

static gint64
segment_id (Fixture    *f,
            const char *name)
{
  g_autoptr(CoSegment) segment = co_segment_find (f->store, name, NULL);

  g_assert_nonnull (segment);
  return segment->id;
}

typedef struct
{
  CoSegmentBar *bar;
  gint64        segment_id;
} Counted;

static gboolean
is_counted (gpointer data)
{
  Counted *counted = data;
  return co_segment_bar_get_count (counted->bar, counted->segment_id) >= 0;
}

/* The position of the drop-down's item that starts with @prefix. */
static guint
item_position (GtkDropDown *dropdown,
               const char  *prefix)
{
  GListModel *items = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (items, i);
      if (g_str_has_prefix (gtk_string_object_get_string (item), prefix))
        return i;
    }
  g_error ("no item starts with “%s”", prefix);
}

static const char *
item_text (GtkDropDown *dropdown,
           guint        position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (gtk_drop_down_get_model (dropdown), position);
  return gtk_string_object_get_string (item);
}

/* Chosen, a segment lists its members, and its item shows how many: the same number as the
 * core counts and the list holds. Its tag deleted, it shows as broken and lists nobody. */
static void
test_choose_segment (Fixture *f, gconstpointer data)
{
  CoMembersPage *page = open_group_page (f);
  CoSegmentBar *bar = CO_SEGMENT_BAR (find_widget (GTK_WIDGET (page), CO_TYPE_SEGMENT_BAR, 0));
  GtkDropDown *dropdown = co_segment_bar_get_dropdown (bar);
  GListModel *model = co_members_page_get_model (page);
  gint64 quiet = segment_id (f, "Seed Users Quiet for 30 Days");
  g_autoptr(CoSegment) segment = co_segment_get (f->store, quiet, NULL);
  gint64 group = test_sql_count (f->store, "SELECT id FROM groups WHERE name = '" GROUP "'");
  gint64 expected = co_segment_count (f->store, group, segment->filter, NULL, NULL);
  Counted counted = { bar, quiet };
  g_autofree char *label = NULL;
  const char *broken = "A tag this segment asks for was deleted.";

  g_assert_cmpint (expected, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, expected);
  wait_until (is_counted, &counted, "the segment's count from its worker");
  g_assert_cmpint (co_segment_bar_get_count (bar, quiet), ==, expected);
  label = g_strdup_printf ("Seed Users Quiet for 30 Days · %" G_GINT64_FORMAT, expected);
  g_assert_cmpstr (item_text (dropdown, item_position (dropdown, "Seed Users")), ==, label);

  gtk_drop_down_set_selected (dropdown, item_position (dropdown, "Seed Users"));
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CoMember) member = g_list_model_get_item (model, i);
      g_assert_true (co_member_get_flag (member, CO_MEMBER_SEED));
    }
  wait_for_frame (GTK_WIDGET (f->window));
  save_screenshot (GTK_WIDGET (f->window), "segment-chosen");

  /* Broken: the tag of "Core Members in Shenzhen" is deleted. */
  g_assert_true (co_tag_delete (f->store, co_tag_find (f->store, "Shenzhen", NULL), NULL));
  wait_for_idle ();
  g_assert_cmpstr (item_text (dropdown, item_position (dropdown, "Core Members")), ==,
                   "Core Members in Shenzhen (broken)");
  gtk_drop_down_set_selected (dropdown, item_position (dropdown, "Core Members"));
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  wait_for_transitions (GTK_WIDGET (f->window));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (bar), broken), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (page), "No Matching Members"), ==, 1);
  save_screenshot (GTK_WIDGET (f->window), "segment-broken");

  /* No segment: the whole group again. */
  gtk_drop_down_set_selected (dropdown, 0);
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, expected);
  wait_for_transitions (GTK_WIDGET (f->window));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (bar), broken), ==, 0);
}

static GtkWidget *
selection_tags_button (CoMembersPage *page)
{
  GtkWidget *button;

  for (guint i = 0; (button = find_widget (GTK_WIDGET (page), GTK_TYPE_MENU_BUTTON, i)) != NULL; i++)
    if (g_object_get_data (G_OBJECT (button), "selection-tags") != NULL)
      return button;
  g_error ("no Tags button in the selection bar");
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
member_has_tag (CoStore    *store,
                gint64      membership_id,
                const char *name)
{
  g_autoptr(GPtrArray) tags = co_member_tags (store, membership_id, NULL);

  for (guint i = 0; i < tags->len; i++)
    if (g_str_equal (((CoTag *) tags->pdata[i])->name, name))
      return TRUE;
  return FALSE;
}

/* Selects on @page the first member who has the tag Photography (*@tagged, at *@tagged_at)
 * and the first who has not, and opens the Tags popover: its Photography box. */
static GtkWidget *
select_one_tagged_one_not (Fixture       *f,
                           CoMembersPage *page,
                           gint64        *tagged,
                           guint         *tagged_at,
                           gint64        *untagged,
                           guint         *untagged_at)
{
  GListModel *model = co_members_page_get_model (page);
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0));
  GtkSelectionModel *selection = gtk_column_view_get_model (view);
  GtkWidget *button = selection_tags_button (page);

  *tagged = *untagged = -1;
  for (guint i = 0; i < g_list_model_get_n_items (model) && (*tagged < 0 || *untagged < 0); i++)
    {
      gint64 id = co_member_list_get_id (CO_MEMBER_LIST (model), i);
      gboolean has = member_has_tag (f->store, id, "Photography");

      if (has && *tagged < 0)
        *tagged = id, *tagged_at = i;
      else if (!has && *untagged < 0)
        *untagged = id, *untagged_at = i;
    }
  g_assert_cmpint (*tagged, >, 0);
  g_assert_cmpint (*untagged, >, 0);
  gtk_selection_model_select_item (selection, *tagged_at, TRUE);
  gtk_selection_model_select_item (selection, *untagged_at, FALSE);

  wait_for_transitions (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_get_mapped (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  wait_until (popover_shown, gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)), "the Tags popover");
  return co_tag_chooser_get_button (CO_TAG_CHOOSER (find_widget (button, CO_TYPE_TAG_CHOOSER, 0)), "Photography");
}

/* Two members selected, one with the tag and one without: the tag shows half-checked; checking
 * it gives it to both; unchecking takes it off both. */
static void
test_selection_tags (Fixture *f, gconstpointer data)
{
  CoMembersPage *page = open_group_page (f);
  gint64 tagged, untagged;
  guint tagged_at, untagged_at;
  GtkWidget *button = selection_tags_button (page), *check;
  GtkCheckButton *photo;

  check = select_one_tagged_one_not (f, page, &tagged, &tagged_at, &untagged, &untagged_at);
  photo = GTK_CHECK_BUTTON (check);
  g_assert_true (gtk_check_button_get_inconsistent (photo));
  wait_for_frame (GTK_WIDGET (f->window));
  save_screenshot (GTK_WIDGET (f->window), "selection-tags");

  gtk_widget_activate (check);
  g_assert_true (gtk_check_button_get_active (photo));
  g_assert_false (gtk_check_button_get_inconsistent (photo));
  g_assert_true (member_has_tag (f->store, tagged, "Photography"));
  g_assert_true (member_has_tag (f->store, untagged, "Photography"));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (f->window), "“Photography” added to 1 member"), ==, 1);

  gtk_widget_activate (check);
  g_assert_false (member_has_tag (f->store, tagged, "Photography"));
  g_assert_false (member_has_tag (f->store, untagged, "Photography"));
  gtk_popover_popdown (GTK_POPOVER (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))));

  /* Copy @-Mentions puts both on the clipboard. */
  {
    GtkWidget *copy = NULL;
    g_autofree char *expected = NULL;

    for (guint i = 0; (copy = find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, i)) != NULL; i++)
      if (g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (copy)), "edit-copy-symbolic") == 0)
        break;
    g_assert_nonnull (copy);
    g_signal_emit_by_name (copy, "clicked");
    {
      /* Both, in the list's order. */
      gint64 ids[] = { MIN (tagged_at, untagged_at) == tagged_at ? tagged : untagged,
                       MIN (tagged_at, untagged_at) == tagged_at ? untagged : tagged };
      g_autofree char *text = NULL;
      g_autoptr(CoMember) first = co_member_get_by_id (f->store, ids[0], NULL);
      g_autofree char *mention = g_strdup_printf ("@%s ", co_member_get (first, CO_MEMBER_NICKNAME));

      expected = co_members_mentions (f->store, ids, 2, NULL, NULL);
      g_assert_true (g_str_has_prefix (expected, mention));
      GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (copy));
      g_auto(GValue) value = G_VALUE_INIT;

      /* What this process put there, read back without a round trip through the X server. */
      g_assert_nonnull (content);
      g_value_init (&value, G_TYPE_STRING);
      g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
      text = g_value_dup_string (&value);
      g_assert_cmpstr (text, ==, expected);
    }
  }
}

static CoSegmentDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (CO_IS_SEGMENT_DIALOG (window))
        return CO_SEGMENT_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
dialog_counted (gpointer data)
{
  return co_segment_dialog_get_count (data) >= 0;
}

static gboolean
dialog_gone (gpointer data)
{
  return find_dialog () == NULL;
}

/* "Save Current Filter as Segment…" with Core Members shown: the dialog starts from it and
 * counts them; saved, the segment is chosen and lists them. */
static void
test_save_segment (Fixture *f, gconstpointer data)
{
  CoMembersPage *page = open_group_page (f);
  CoSegmentBar *bar = CO_SEGMENT_BAR (find_widget (GTK_WIDGET (page), CO_TYPE_SEGMENT_BAR, 0));
  GListModel *model = co_members_page_get_model (page);
  GtkDropDown *show = NULL;
  CoSegmentDialog *dialog;
  AdwEntryRow *name;
  guint n_core;
  g_autoptr(CoSegment) saved = NULL;

  for (guint i = 0; (show = GTK_DROP_DOWN (find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, i))) != NULL; i++)
    if (gtk_widget_get_ancestor (GTK_WIDGET (show), CO_TYPE_SEGMENT_BAR) == NULL)
      break;
  gtk_drop_down_set_selected (show, CO_MEMBER_SHOW_CORE);
  wait_for_members (model);
  n_core = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_core, >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "segment.save", NULL));
  wait_until (dialog_shown, NULL, "the segment dialog");
  dialog = find_dialog ();
  wait_for_window (GTK_WINDOW (dialog));
  wait_until (dialog_counted, dialog, "the dialog's count");
  g_assert_cmpint (co_segment_dialog_get_count (dialog), ==, n_core);
  {
    AdwComboRow *core = ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, 0));

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (core)), ==, "Core Members");
    g_assert_cmpuint (adw_combo_row_get_selected (core), ==, 1);
  }
  save_screenshot (GTK_WIDGET (dialog), "segment-dialog");

  /* Without a name it is refused at the field. */
  g_signal_emit_by_name (wait_for_button (GTK_WIDGET (dialog), "_Save"), "clicked");
  g_assert_nonnull (find_dialog ());
  name = ADW_ENTRY_ROW (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 0));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (name), "error"));
  gtk_editable_set_text (GTK_EDITABLE (name), "Our core");
  g_signal_emit_by_name (wait_for_button (GTK_WIDGET (dialog), "_Save"), "clicked");
  wait_until (dialog_gone, NULL, "the dialog to close");

  saved = co_segment_find (f->store, "Our core", NULL);
  g_assert_nonnull (saved);
  g_assert_cmpint (saved->filter->core, ==, 1);
  /* Chosen at once; with "All Members" shown again, it alone narrows the list. */
  g_assert_true (g_str_has_prefix (item_text (co_segment_bar_get_dropdown (bar),
                                              gtk_drop_down_get_selected (co_segment_bar_get_dropdown (bar))),
                                   "Our core"));
  gtk_drop_down_set_selected (show, CO_MEMBER_SHOW_ALL);
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_core);
}

/* A member's window has a Tags section; checking a tag gives it to the person. */
static void
test_member_window_tags (Fixture *f, gconstpointer data)
{
  CoMembersPage *page = open_group_page (f);
  GListModel *model = co_members_page_get_model (page);
  gint64 id = co_member_list_get_id (CO_MEMBER_LIST (model), 0);
  GtkWidget *window = co_member_window_new (GTK_WINDOW (f->window), f->store, id);
  CoTagChooser *chooser;
  GtkCheckButton *reading;
  gboolean had;

  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  chooser = CO_TAG_CHOOSER (find_widget (window, CO_TYPE_TAG_CHOOSER, 0));
  reading = GTK_CHECK_BUTTON (co_tag_chooser_get_button (chooser, "Reading"));
  had = member_has_tag (f->store, id, "Reading");
  g_assert_cmpint (gtk_check_button_get_active (reading), ==, had);
  gtk_widget_activate (GTK_WIDGET (reading));
  g_assert_cmpint (member_has_tag (f->store, id, "Reading"), ==, !had);
  /* Set from elsewhere, it shows here. */
  g_assert_cmpint (co_members_set_tag (f->store, &id, 1, co_tag_find (f->store, "Reading", NULL), had, NULL), ==, 1);
  g_assert_cmpint (gtk_check_button_get_active (reading), ==, had);
  save_screenshot (window, "member-window-tags");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_tag_added (gpointer window)
{
  return count_mapped_labels (window, "“Photography” added to 1 member") == 1;
}

/* While an import holds the write lock, a tag ticked for a selection is kept: the box answers at
 * once, nothing is written; once the lock is free it is written for the two selected then, and
 * the toast says so. */
static void
test_selection_tag_while_importing (Fixture *f, gconstpointer data)
{
  CoMembersPage *page = open_group_page (f);
  GtkWidget *button = selection_tags_button (page);
  g_autoptr(CoStore) import = NULL;
  gint64 tagged, untagged;
  guint tagged_at, untagged_at;
  GtkWidget *check = select_one_tagged_one_not (f, page, &tagged, &tagged_at, &untagged, &untagged_at);

  import = hold_write_lock (f);
  gtk_widget_activate (check);
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_false (member_has_tag (f->store, untagged, "Photography"));
  release_write_lock (f, g_steal_pointer (&import));
  g_assert_true (member_has_tag (f->store, tagged, "Photography"));
  g_assert_true (member_has_tag (f->store, untagged, "Photography"));
  wait_until (shows_tag_added, f->window, "the toast that says the tag was added");
  gtk_popover_popdown (GTK_POPOVER (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("segments/choose", TRUE, test_choose_segment);
  GUI_TEST_ADD ("segments/selection-tags", TRUE, test_selection_tags);
  GUI_TEST_ADD ("segments/selection-tag-while-importing", TRUE, test_selection_tag_while_importing);
  GUI_TEST_ADD ("segments/save", TRUE, test_save_segment);
  GUI_TEST_ADD ("segments/member-window-tags", TRUE, test_member_window_tags);
  return g_test_run ();
}
