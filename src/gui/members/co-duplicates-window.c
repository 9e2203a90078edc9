/* co-duplicates-window.c: Find Duplicates. The search runs in a worker with a progress bar and
 * Cancel; the pairs are listed on the left, the chosen pair compared on the right, field by
 * field, with the fields that differ marked and, where both have a value, a choice of which to
 * keep (by default the kept member's, or the other's where the kept has none). Built in code
 * like the member window: its rows come from the member's field descriptions. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/formats/co-date.h"
#include "core/members/co-duplicates.h"
#include "core/members/co-member-merge.h"
#include "gui/members/co-duplicates-window.h"
#include "gui/members/co-members-write.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"

struct _CoDuplicatesWindow
{
  AdwWindow        parent_instance;

  CoStore         *store;
  gint64           group_id;
  GCancellable    *cancellable;
  GPtrArray       *pairs;        /* CoDuplicatePair; NULL while searching */
  CoPerson        *first;        /* the chosen pair, kept */
  CoPerson        *second;       /* merged into it */
  guint            take;         /* the second's fields to keep: 1 << CoMemberField */
  gint64           last_merge;   /* for Undo; 0: none */
  gint64           distinct[2];  /* the pair last marked as two people, for Undo */

  AdwToastOverlay *toasts;
  AdwWindowTitle  *title;
  GtkStack        *stack;
  GtkProgressBar  *progress;
  GtkListBox      *pair_list;
  GtkLabel        *reason_label;
  GtkGrid         *grid;
};

G_DEFINE_FINAL_TYPE (CoDuplicatesWindow, co_duplicates_window, ADW_TYPE_WINDOW)

/* What the review compares: the fields a merge chooses between, then what the memberships say. */
static const CoMemberField compared_fields[] = {
  CO_MEMBER_NICKNAME, CO_MEMBER_REAL_NAME, CO_MEMBER_CONTACT, CO_MEMBER_CITY, CO_MEMBER_INDUSTRY,
  CO_MEMBER_SOURCE, CO_MEMBER_NOTES, CO_MEMBER_GROUP, CO_MEMBER_TIER, CO_MEMBER_POINTS,
  CO_MEMBER_LAST_ACTIVE, CO_MEMBER_JOINED,
};

static void search (CoDuplicatesWindow *self);

static gboolean
is_choice (CoMemberField field)
{
  return (CO_MERGE_PERSON_FIELDS & (1u << field)) != 0;
}

static char *
display_value (CoPerson      *person,
               CoMemberField  field)
{
  const char *value = person->values[field];

  if (value == NULL)
    return NULL;
  if (co_member_field_spec (field)->type == CO_FIELD_DATE)
    return co_date_format_display (value);
  return g_strdup (value);
}

static const char *
field_title (CoMemberField field)
{
  /* Groups and tiers over every membership: plural, unlike the list's columns. */
  if (field == CO_MEMBER_GROUP)
    return _("Groups");
  if (field == CO_MEMBER_POINTS)
    return _("Points (all groups)");
  return _(co_member_field_spec (field)->title);
}

static void
on_choice_toggled (GtkCheckButton     *button,
                   CoDuplicatesWindow *self)
{
  CoMemberField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "field"));
  gboolean second = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "second"));

  if (!gtk_check_button_get_active (button))
    return;
  if (second)
    self->take |= 1u << field;
  else
    self->take &= ~(1u << field);
}

/* One side's value: a choice when both have one and they differ, else a label. */
static GtkWidget *
value_widget (CoDuplicatesWindow *self,
              CoMemberField       field,
              gboolean            second,
              const char         *value,
              gboolean            choose,
              GtkCheckButton     *group)
{
  GtkWidget *widget;

  if (choose)
    {
      g_autofree char *accessible = g_strdup_printf ("%s: %s", field_title (field), value);
      GtkWidget *label = gtk_label_new (value);

      widget = gtk_check_button_new ();
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      /* Else the check button gives a wrapping label only the width of its longest word. */
      gtk_widget_set_hexpand (label, TRUE);
      gtk_check_button_set_child (GTK_CHECK_BUTTON (widget), label);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (widget), group);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), (self->take & (1u << field)) ? second : !second);
      g_object_set_data (G_OBJECT (widget), "field", GUINT_TO_POINTER (field));
      g_object_set_data (G_OBJECT (widget), "second", GINT_TO_POINTER (second));
      g_signal_connect (widget, "toggled", G_CALLBACK (on_choice_toggled), self);
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }
  else
    {
      widget = gtk_label_new (value != NULL ? value : "—");
      gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (widget), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (widget), 0);
      gtk_label_set_selectable (GTK_LABEL (widget), FALSE);
      if (value == NULL)
        gtk_widget_add_css_class (widget, "dim-label");
    }
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_valign (widget, GTK_ALIGN_START);
  return widget;
}

/* The chosen pair, side by side. */
static void
show_pair (CoDuplicatesWindow *self,
           CoDuplicatePair    *pair)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reasons = NULL;
  GtkWidget *child;

  g_clear_pointer (&self->first, co_person_free);
  g_clear_pointer (&self->second, co_person_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  if (pair == NULL)
    return;
  if ((self->first = co_person_get (self->store, pair->member_id, &error)) == NULL ||
      (self->second = co_person_get (self->store, pair->other_id, &error)) == NULL)
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  self->take = co_merge_default_choice (self->first, self->second);
  reasons = co_duplicate_pair_describe (pair);
  gtk_label_set_label (self->reason_label, reasons);

  for (guint i = 0; i < G_N_ELEMENTS (compared_fields); i++)
    {
      CoMemberField field = compared_fields[i];
      g_autofree char *first = display_value (self->first, field);
      g_autofree char *second = display_value (self->second, field);
      gboolean differs = g_strcmp0 (first, second) != 0;
      gboolean choose = differs && is_choice (field) && first != NULL && second != NULL;
      GtkWidget *title = gtk_label_new (field_title (field));
      GtkWidget *left = value_widget (self, field, FALSE, first, choose, NULL);
      GtkWidget *right = value_widget (self, field, TRUE, second, choose, choose ? GTK_CHECK_BUTTON (left) : NULL);

      /* The values get the room: a long field name wraps. */
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (title), 12);
      gtk_widget_set_valign (title, GTK_ALIGN_START);
      gtk_widget_add_css_class (title, differs ? "heading" : "dim-label");
      /* Differing fields stand out, in words for screen readers as well. */
      if (differs)
        {
          gtk_widget_add_css_class (title, "accent");
          gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                          _("The two differ"), -1);
        }
      if (field == CO_MEMBER_GROUP)
        gtk_widget_set_margin_top (title, 12);
      gtk_grid_attach (self->grid, title, 0, (int) i, 1, 1);
      gtk_grid_attach (self->grid, left, 1, (int) i, 1, 1);
      gtk_grid_attach (self->grid, right, 2, (int) i, 1, 1);
      if (field == CO_MEMBER_GROUP)
        {
          gtk_widget_set_margin_top (left, 12);
          gtk_widget_set_margin_top (right, 12);
        }
    }
}

static CoDuplicatePair *
selected_pair (CoDuplicatesWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->pair_list);

  return row != NULL && self->pairs != NULL ? self->pairs->pdata[gtk_list_box_row_get_index (row)] : NULL;
}

static void
on_pair_selected (CoDuplicatesWindow *self)
{
  show_pair (self, selected_pair (self));
}

static GtkWidget *
pair_row (CoDuplicatesWindow *self,
          CoDuplicatePair    *pair)
{
  g_autoptr(CoPerson) first = co_person_get (self->store, pair->member_id, NULL);
  g_autoptr(CoPerson) second = co_person_get (self->store, pair->other_id, NULL);
  g_autofree char *names = g_strdup_printf ("%s ⇄ %s", first ? first->values[CO_MEMBER_NICKNAME] : "",
                                            second ? second->values[CO_MEMBER_NICKNAME] : "");
  g_autofree char *reasons = co_duplicate_pair_describe (pair);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (names);
  GtkWidget *subtitle = gtk_label_new (reasons);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  co_tooltip_set_text (box, names);
  return box;
}

static void
fill_list (CoDuplicatesWindow *self,
           guint               select)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pair_list))) != NULL)
    gtk_list_box_remove (self->pair_list, child);
  for (guint i = 0; i < self->pairs->len; i++)
    gtk_list_box_append (self->pair_list, pair_row (self, self->pairs->pdata[i]));
  {
    /* Translators: the Find Duplicates window's subtitle */
    g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pair to review", "%u pairs to review",
                                                           self->pairs->len), self->pairs->len);
    adw_window_title_set_subtitle (self->title, self->pairs->len > 0 ? count : NULL);
  }
  gtk_stack_set_visible_child_name (self->stack, self->pairs->len > 0 ? "pairs" : "empty");
  if (self->pairs->len > 0)
    gtk_list_box_select_row (self->pair_list,
                             gtk_list_box_get_row_at_index (self->pair_list, (int) MIN (select, self->pairs->len - 1)));
  else
    show_pair (self, NULL);
}

/* The pair is done with: it goes, and so do others of a member who is no more. */
static void
drop_pair (CoDuplicatesWindow *self,
           CoDuplicatePair    *done,
           gint64              gone_id)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->pair_list);
  guint index = row != NULL ? (guint) gtk_list_box_row_get_index (row) : 0;

  g_ptr_array_remove (self->pairs, done);
  for (guint i = self->pairs->len; gone_id != 0 && i-- > 0;)
    {
      CoDuplicatePair *pair = self->pairs->pdata[i];
      if (pair->member_id == gone_id || pair->other_id == gone_id)
        g_ptr_array_remove_index (self->pairs, i);
    }
  fill_list (self, index);
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(CoDuplicatesWindow) self = data;
  g_autoptr(GError) error = NULL;
  GPtrArray *pairs = co_duplicates_find_finish (result, &error);

  if (pairs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  self->pairs = pairs;
  fill_list (self, 0);
}

static void
on_progress (double   fraction,
             gpointer data)
{
  CoDuplicatesWindow *self = data;

  gtk_progress_bar_set_fraction (self->progress, fraction);
}

static void
search (CoDuplicatesWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_stack_set_visible_child_name (self->stack, "searching");
  /* The window is kept until the search ends, cancelled or not; progress reports come before. */
  co_duplicates_find_async (self->store, self->group_id, on_progress, self, self->cancellable, on_found,
                            g_object_ref (self));
}

static void
cancel_search (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  CoDuplicatesWindow *self = CO_DUPLICATES_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
  gtk_window_close (GTK_WINDOW (self));
}

/* The window's writes go through co_widget_write(): never waiting for an import's write lock.
 * Asked from the stack, in the window's toast overlay; @id and @value are the pair's members. A
 * write kept and written after the window was closed shows nothing. */
static CoMembersWrite *
pair_write (CoDuplicatesWindow *self,
            gint64              member_id,
            gint64              other_id)
{
  CoMembersWrite *write = co_members_write_new (GTK_WIDGET (self->stack), NULL, 0);

  write->id = member_id;
  write->value = other_id;
  return write;
}

static CoDuplicatesWindow *
window_of (CoMembersWrite *write)
{
  return (CoDuplicatesWindow *) gtk_widget_get_ancestor (write->owner, CO_TYPE_DUPLICATES_WINDOW);
}

/* The pair of @member_id and @other_id, if it is still listed. */
static CoDuplicatePair *
find_pair (CoDuplicatesWindow *self,
           gint64              member_id,
           gint64              other_id)
{
  for (guint i = 0; self->pairs != NULL && i < self->pairs->len; i++)
    {
      CoDuplicatePair *pair = self->pairs->pdata[i];

      if (pair->member_id == member_id && pair->other_id == other_id)
        return pair;
    }
  return NULL;
}

/* @result: the fields to take from the other, then the merge's id. */
static gboolean
write_merge (CoStore  *store,
             gpointer  data,
             GError  **error)
{
  CoMembersWrite *write = data;
  guint take = (guint) write->result;

  write->result = co_members_merge (store, write->id, write->value, take, error);
  return write->result != 0;
}

/* Merged: Undo; the pair goes, and every other of the member merged away. @text: the toast. */
static void
merged (CoStore      *store,
        const GError *error,
        gpointer      data)
{
  CoMembersWrite *write = data;
  CoDuplicatesWindow *self = window_of (write);
  CoDuplicatePair *pair;
  AdwToast *toast;

  if (self == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.merge", TRUE);
  if (error != NULL)
    return;
  self->last_merge = write->result;
  toast = co_toast_new (write->text);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "duplicates.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toasts, toast);
  if ((pair = find_pair (self, write->id, write->value)) != NULL)
    drop_pair (self, pair, write->value);
}

static void
merge (GtkWidget  *widget,
       const char *action,
       GVariant   *parameter)
{
  CoDuplicatesWindow *self = CO_DUPLICATES_WINDOW (widget);
  CoDuplicatePair *pair = selected_pair (self);
  CoMembersWrite *write;

  if (pair == NULL || self->first == NULL || self->second == NULL)
    return;
  write = pair_write (self, self->first->id, self->second->id);
  write->result = self->take;
  /* Translators: a toast after merging two members into one */
  write->text = g_strdup_printf (_("Merged “%s” into “%s”"), self->second->values[CO_MEMBER_NICKNAME],
                                 self->first->values[CO_MEMBER_NICKNAME]);
  /* One merge at a time: the pair is listed until it is written. */
  gtk_widget_action_set_enabled (widget, "duplicates.merge", FALSE);
  co_members_write (write, self->store, write_merge, merged);
}

static gboolean
write_merge_undone (CoStore  *store,
                    gpointer  data,
                    GError  **error)
{
  CoMembersWrite *write = data;

  return co_members_merge_undo (store, write->id, error);
}

static void
merge_undone (CoStore      *store,
              const GError *error,
              gpointer      data)
{
  CoMembersWrite *write = data;
  CoDuplicatesWindow *self = window_of (write);

  if (self == NULL)
    return;
  if (error != NULL)
    {
      self->last_merge = write->id;  /* Undo is still offered */
      return;
    }
  adw_toast_overlay_add_toast (self->toasts, co_toast_new (_("Merge undone")));
  /* Both are back: look again, which lists their pair as before. */
  search (self);
}

static void
undo_merge (GtkWidget  *widget,
            const char *action,
            GVariant   *parameter)
{
  CoDuplicatesWindow *self = CO_DUPLICATES_WINDOW (widget);

  if (self->last_merge == 0)
    return;
  co_members_write (pair_write (self, self->last_merge, 0), self->store, write_merge_undone, merge_undone);
  self->last_merge = 0;
}

/* @flag: marked as two people, or not any more. */
static gboolean
write_distinct (CoStore  *store,
                gpointer  data,
                GError  **error)
{
  CoMembersWrite *write = data;

  if (write->flag)
    return co_duplicates_set_distinct (store, write->id, write->value, error);
  return co_duplicates_unset_distinct (store, write->id, write->value, error);
}

static void
distinct_written (CoStore      *store,
                  const GError *error,
                  gpointer      data)
{
  CoMembersWrite *write = data;
  CoDuplicatesWindow *self = window_of (write);
  CoDuplicatePair *pair;
  AdwToast *toast;

  if (self == NULL || error != NULL)
    return;
  if (!write->flag)
    {
      search (self);
      return;
    }
  self->distinct[0] = write->id;
  self->distinct[1] = write->value;
  toast = co_toast_new (_("Marked as two people: not suggested again"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "duplicates.undo-not-same");
  adw_toast_overlay_add_toast (self->toasts, toast);
  if ((pair = find_pair (self, write->id, write->value)) != NULL)
    drop_pair (self, pair, 0);
}

static void
mark_distinct (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  CoDuplicatesWindow *self = CO_DUPLICATES_WINDOW (widget);
  CoDuplicatePair *pair = selected_pair (self);
  CoMembersWrite *write;

  if (pair == NULL)
    return;
  write = pair_write (self, pair->member_id, pair->other_id);
  write->flag = TRUE;
  co_members_write (write, self->store, write_distinct, distinct_written);
}

static void
undo_distinct (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  CoDuplicatesWindow *self = CO_DUPLICATES_WINDOW (widget);

  if (self->distinct[0] == 0)
    return;
  co_members_write (pair_write (self, self->distinct[0], self->distinct[1]), self->store, write_distinct,
                    distinct_written);
  self->distinct[0] = self->distinct[1] = 0;
}

static GtkWidget *
build_searching (CoDuplicatesWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (_("Looking for members who are in the workspace twice…"));
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (box, 320, -1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search progress"), -1);
  gtk_widget_set_halign (cancel, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "duplicates.cancel");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress));
  gtk_box_append (GTK_BOX (box), cancel);
  return box;
}

static GtkWidget *
build_pairs (CoDuplicatesWindow *self)
{
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *list_scroll = gtk_scrolled_window_new ();
  GtkWidget *detail_scroll = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *detail = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *note = gtk_label_new (_("Merging keeps one member with every nickname and contact of both: the ones not "
                                     "kept stay as aliases, so later imports still find this person. In a group "
                                     "both are in, points and activity are added up, and the earlier join date and "
                                     "the higher tier are kept."));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *distinct = gtk_button_new_with_mnemonic (_("_Not the Same Person"));
  GtkWidget *merge_button = gtk_button_new_with_mnemonic (_("_Merge"));

  self->pair_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->pair_list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pair_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Possible duplicates"), -1);
  g_signal_connect_swapped (self->pair_list, "selected-rows-changed", G_CALLBACK (on_pair_selected), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (list_scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (list_scroll), GTK_WIDGET (self->pair_list));
  gtk_widget_set_size_request (list_scroll, 200, -1);

  self->reason_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->reason_label, TRUE);
  gtk_label_set_xalign (self->reason_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->reason_label), "title-4");
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 8);
  gtk_grid_set_column_spacing (self->grid, 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->grid), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->grid), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self->grid), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->grid), 12);
  gtk_widget_add_css_class (card, "card");
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->grid));
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (distinct), "duplicates.not-same");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (merge_button), "duplicates.merge");
  gtk_widget_add_css_class (merge_button, "suggested-action");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), distinct);
  gtk_box_append (GTK_BOX (buttons), merge_button);

  gtk_box_append (GTK_BOX (detail), GTK_WIDGET (self->reason_label));
  gtk_box_append (GTK_BOX (detail), card);
  gtk_box_append (GTK_BOX (detail), note);
  gtk_box_append (GTK_BOX (detail), buttons);
  gtk_widget_set_margin_start (detail, 18);
  gtk_widget_set_margin_end (detail, 18);
  gtk_widget_set_margin_top (detail, 18);
  gtk_widget_set_margin_bottom (detail, 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), detail);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (detail_scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (detail_scroll), clamp);

  gtk_paned_set_start_child (GTK_PANED (paned), list_scroll);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_end_child (GTK_PANED (paned), detail_scroll);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 220);
  return paned;
}

static void
build (CoDuplicatesWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *empty = adw_status_page_new ();

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Find Duplicates"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), header);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->toasts), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  self->stack = GTK_STACK (gtk_stack_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->stack));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "object-select-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Duplicates"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("No two members share a contact, a 微信号 or a phone number, or the same "
                                     "nickname once city, industry, emoji and brackets are set aside."));
  gtk_stack_add_named (self->stack, build_searching (self), "searching");
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_add_named (self->stack, build_pairs (self), "pairs");
  adw_window_set_content (ADW_WINDOW (self), box);
}

int
co_duplicates_window_get_n_pairs (CoDuplicatesWindow *self)
{
  g_return_val_if_fail (CO_IS_DUPLICATES_WINDOW (self), -1);

  return self->pairs != NULL ? (int) self->pairs->len : -1;
}

static void
co_duplicates_window_dispose (GObject *object)
{
  CoDuplicatesWindow *self = CO_DUPLICATES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_pointer (&self->first, co_person_free);
  g_clear_pointer (&self->second, co_person_free);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (co_duplicates_window_parent_class)->dispose (object);
}

static void
co_duplicates_window_class_init (CoDuplicatesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_duplicates_window_dispose;
  gtk_widget_class_install_action (widget_class, "duplicates.merge", NULL, merge);
  gtk_widget_class_install_action (widget_class, "duplicates.undo", NULL, undo_merge);
  gtk_widget_class_install_action (widget_class, "duplicates.not-same", NULL, mark_distinct);
  gtk_widget_class_install_action (widget_class, "duplicates.undo-not-same", NULL, undo_distinct);
  gtk_widget_class_install_action (widget_class, "duplicates.cancel", NULL, cancel_search);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
co_duplicates_window_init (CoDuplicatesWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self), 960, 660);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  build (self);
}

GtkWidget *
co_duplicates_window_new (GtkWindow *parent,
                          CoStore   *store,
                          gint64     group_id)
{
  CoDuplicatesWindow *self = g_object_new (CO_TYPE_DUPLICATES_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->group_id = group_id;
  search (self);
  return GTK_WIDGET (self);
}
