/* co-weekly-notes.c: the Weekly Report's Copy as Text, SOP completion and weekly notes
 * (co-weekly-notes.h). The section outlives the Reports page's rebuilding of the view: its text
 * views keep what is typed, and the page does not rebuild for the notes' own saves. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-weekly.h"
#include "gui/reports/co-weekly-notes.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"
#include "gui/widgets/co-widget-write.h"

/* Typing saves this long after the last key; leaving the field or the page saves at once. */
#define SAVE_DELAY_MS 800
/* A thousand groups' rows are no review, and would stall the window: those with the most
 * missed and late tasks are shown, the PDF lists every one. */
#define MAX_COMPLETION_ROWS 12

struct _CoWeeklySection
{
  GtkBox         parent_instance;

  CoStore       *store;
  GtkWidget     *copy_row;      /* the Copy as Text button, at the view's top */
  GtkWidget     *completion;    /* the SOP's tasks */
  GtkWidget     *notes_box;
  GtkWidget     *no_notes;      /* why a scope of several groups has none */
  GtkTextBuffer *summary;
  GtkTextBuffer *next_plan;
  GtkWidget     *summary_view;
  GtkWidget     *next_plan_view;

  GArray        *ids;
  char          *from;
  char          *to;
  char          *scope_name;
  gint64         notes_group;   /* -1: none */
  CoReportData  *data;
  gboolean       dirty;         /* typed and not saved */
  gboolean       loading;       /* the buffers being set from the store */
  guint          n_writing;     /* notes asked to be written, not yet written */
  guint          save_id;
};

G_DEFINE_FINAL_TYPE (CoWeeklySection, co_weekly_section, GTK_TYPE_BOX)

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The notes of a week, written through co_widget_write(): never waiting for an import's or a
 * sync's write lock. */
typedef struct
{
  CoWeeklySection *section;
  gint64           group_id;
  char            *from;
  char            *summary;
  char            *next_plan;
} NotesWrite;

static void
notes_write_free (NotesWrite *write)
{
  g_object_unref (write->section);
  g_free (write->from);
  g_free (write->summary);
  g_free (write->next_plan);
  g_free (write);
}

static gboolean
write_notes (CoStore  *store,
             gpointer  data,
             GError  **error)
{
  NotesWrite *write = data;

  return co_weekly_notes_set (store, write->group_id, write->from, write->summary, write->next_plan, error);
}

static void
notes_written (CoStore      *store,
               const GError *error,
               gpointer      data)
{
  NotesWrite *write = data;
  CoWeeklySection *self = write->section;

  self->n_writing--;
  /* Not written: kept as typed, and dirty if still shown: the next change or leaving the field
   * tries again. */
  if (error != NULL && self->notes_group == write->group_id && g_strcmp0 (self->from, write->from) == 0)
    self->dirty = TRUE;
}

void
co_weekly_section_save (CoWeeklySection *self)
{
  NotesWrite *write;

  g_return_if_fail (CO_IS_WEEKLY_SECTION (self));

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!self->dirty || self->notes_group < 0 || self->from == NULL)
    return;
  write = g_new0 (NotesWrite, 1);
  write->section = g_object_ref (self);
  write->group_id = self->notes_group;
  write->from = g_strdup (self->from);
  write->summary = buffer_text (self->summary);
  write->next_plan = buffer_text (self->next_plan);
  self->dirty = FALSE;
  self->n_writing++;
  co_widget_write (GTK_WIDGET (self), self->store, write_notes, write, (GDestroyNotify) notes_write_free,
                   notes_written);
}

static gboolean
save_later (gpointer user_data)
{
  CoWeeklySection *self = user_data;

  self->save_id = 0;
  co_weekly_section_save (self);
  return G_SOURCE_REMOVE;
}

static void
on_buffer_changed (CoWeeklySection *self)
{
  if (self->loading)
    return;
  self->dirty = TRUE;
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_later, self);
}

/* The store's notes of the week shown, into the buffers: not over what is being typed. */
static void
load_notes (CoWeeklySection *self)
{
  g_autoptr(CoWeeklyNotes) notes = NULL;
  g_autofree char *summary = NULL, *next_plan = NULL;

  /* Nor over what is still to be written, kept behind an import's write lock. */
  if (self->notes_group < 0 || self->dirty || self->n_writing > 0)
    return;
  notes = co_weekly_notes_get (self->store, self->notes_group, self->from, NULL);
  if (notes == NULL)
    return;
  summary = buffer_text (self->summary);
  next_plan = buffer_text (self->next_plan);
  self->loading = TRUE;
  /* Setting the same text would move the cursor of the one typing. */
  if (g_strcmp0 (summary, notes->summary != NULL ? notes->summary : "") != 0)
    gtk_text_buffer_set_text (self->summary, notes->summary != NULL ? notes->summary : "", -1);
  if (g_strcmp0 (next_plan, notes->next_plan != NULL ? notes->next_plan : "") != 0)
    gtk_text_buffer_set_text (self->next_plan, notes->next_plan != NULL ? notes->next_plan : "", -1);
  self->loading = FALSE;
}

static void
on_store_changed (CoWeeklySection *self,
                  const char      *table)
{
  /* A teammate's notes pulled, an import: shown unless something is being typed. */
  if (g_str_equal (table, "weekly_notes"))
    load_notes (self);
}

static void
on_copy (CoWeeklySection *self)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *text = NULL;
  CoWeeklyNotes notes = { NULL, NULL };
  CoReportRequest request;

  if (self->data == NULL)
    return;
  co_weekly_section_save (self);
  request = (CoReportRequest) {
    .view = CO_REPORT_VIEW_WEEKLY,
    .group_ids = (const gint64 *) self->ids->data,
    .n_groups = self->ids->len,
    .from = self->from,
    .to = self->to,
    .today = today,
  };
  /* What is in the fields, saved or not. */
  if (self->notes_group >= 0)
    {
      notes.summary = buffer_text (self->summary);
      notes.next_plan = buffer_text (self->next_plan);
    }
  text = co_weekly_text (self->store, &request, self->data, self->scope_name, &notes);
  g_free (notes.summary);
  g_free (notes.next_plan);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  co_widget_add_toast (GTK_WIDGET (self), co_toast_new (_("Weekly report copied: paste it into the chat")));
}

static GtkWidget *
heading (const char *text,
         const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
completion_row (const char            *title,
                const CoSopCompletion *row)
{
  GtkWidget *action_row = adw_action_row_new ();
  g_autofree char *counts = co_weekly_completion_line (row);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), counts);
  /* Missed tasks stand out: they are what the review is about. */
  if (row->missed > 0)
    {
      g_autofree char *missed = g_strdup_printf (ngettext ("%u missed", "%u missed", row->missed), row->missed);
      GtkWidget *label = gtk_label_new (missed);

      gtk_widget_add_css_class (label, "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), label);
    }
  return action_row;
}

static int
compare_missed (gconstpointer a,
                gconstpointer b)
{
  const CoSopCompletion *one = *(CoSopCompletion **) a, *other = *(CoSopCompletion **) b;

  if (one->missed != other->missed)
    return one->missed > other->missed ? -1 : 1;
  return one->late == other->late ? 0 : one->late > other->late ? -1 : 1;
}

/* A list of @rows (those with tasks), the most missed first, at most MAX_COMPLETION_ROWS. */
static void
add_completion_list (CoWeeklySection       *self,
                     GPtrArray             *rows,
                     gboolean               by_person,
                     const CoSopCompletion *total)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  if (total != NULL)
    gtk_list_box_append (GTK_LIST_BOX (list), completion_row (_("All the groups shown"), total));
  for (guint i = 0; i < rows->len; i++)
    {
      const CoSopCompletion *row = rows->pdata[i];

      if (row->on_time + row->late + row->skipped + row->missed + row->open > 0)
        g_ptr_array_add (shown, rows->pdata[i]);
    }
  /* Stable: the same counts keep the order of the groups, or of the first task. */
  g_ptr_array_sort (shown, compare_missed);
  for (guint i = 0; i < shown->len && i < MAX_COMPLETION_ROWS; i++)
    {
      const CoSopCompletion *row = shown->pdata[i];
      g_autoptr(CoGroup) group = by_person ? NULL : co_group_get (self->store, row->group_id, NULL);
      const char *name = by_person ? (row->assignee != NULL ? row->assignee : _("Nobody assigned"))
                                   : (group != NULL ? co_group_get_name (group) : "");

      gtk_list_box_append (GTK_LIST_BOX (list), completion_row (name, row));
    }
  gtk_box_append (GTK_BOX (self->completion), list);
  if (shown->len > MAX_COMPLETION_ROWS)
    {
      guint more = shown->len - MAX_COMPLETION_ROWS;
      g_autofree char *text = g_strdup_printf (by_person
        ? g_dngettext (GETTEXT_PACKAGE, "And %u more person: the PDF report lists everyone.",
                       "And %u more people: the PDF report lists everyone.", more)
        : g_dngettext (GETTEXT_PACKAGE, "And %u more group: the PDF report lists every group.",
                       "And %u more groups: the PDF report lists every group.", more), more);

      gtk_box_append (GTK_BOX (self->completion), heading (text, "dim-label"));
    }
}

static void
show_completion (CoWeeklySection *self)
{
  GPtrArray *by_group = self->data != NULL ? self->data->sop_by_group : NULL;
  GPtrArray *by_person = self->data != NULL ? self->data->sop_by_person : NULL;
  CoSopCompletion total;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->completion)) != NULL)
    gtk_box_remove (GTK_BOX (self->completion), child);
  /* A segment's report has none: its people's tasks are their groups'. */
  gtk_widget_set_visible (self->completion, by_group != NULL);
  if (by_group == NULL)
    return;
  gtk_box_append (GTK_BOX (self->completion), heading (_("SOP Completion"), "heading"));
  gtk_box_append (GTK_BOX (self->completion), heading (co_weekly_completion_rule (), "dim-label"));
  co_weekly_completion_total (by_group, &total);
  if (total.on_time + total.late + total.skipped + total.missed + total.open == 0)
    {
      gtk_box_append (GTK_BOX (self->completion), heading (_("No SOP task was due this week."), "dim-label"));
      return;
    }
  add_completion_list (self, by_group, FALSE, by_group->len > 1 ? &total : NULL);
  gtk_box_append (GTK_BOX (self->completion), heading (_("By Person"), "heading"));
  add_completion_list (self, by_person, TRUE, NULL);
}

void
co_weekly_section_show (CoWeeklySection *self,
                        GtkBox          *box,
                        GArray          *ids,
                        const char      *from,
                        const char      *to,
                        gint64           notes_group,
                        const char      *scope_name,
                        CoReportData    *data)
{
  gboolean same_week;

  g_return_if_fail (CO_IS_WEEKLY_SECTION (self));

  same_week = self->notes_group == notes_group && g_strcmp0 (self->from, from) == 0;
  /* Another week or scope: what was typed for the one before is saved to it first. */
  if (!same_week)
    co_weekly_section_save (self);
  g_clear_pointer (&self->data, co_report_data_free);
  self->data = data;
  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = g_array_ref (ids);
  g_free (self->from);
  self->from = g_strdup (from);
  g_free (self->to);
  self->to = g_strdup (to);
  g_free (self->scope_name);
  self->scope_name = g_strdup (scope_name);
  self->notes_group = notes_group;
  if (!same_week)
    {
      self->dirty = FALSE;
      self->loading = TRUE;
      gtk_text_buffer_set_text (self->summary, "", -1);
      gtk_text_buffer_set_text (self->next_plan, "", -1);
      self->loading = FALSE;
    }
  load_notes (self);
  gtk_widget_set_visible (self->notes_box, notes_group >= 0);
  gtk_widget_set_visible (self->no_notes, notes_group < 0);
  gtk_widget_set_sensitive (self->copy_row, data != NULL);
  show_completion (self);

  if (gtk_widget_get_parent (self->copy_row) != NULL)
    gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->copy_row)), self->copy_row);
  if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    gtk_box_remove (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self))), GTK_WIDGET (self));
  gtk_box_prepend (box, self->copy_row);
  gtk_box_append (box, GTK_WIDGET (self));
}

/* A multi-line field that saves as it is typed, under its heading. */
static GtkWidget *
add_note_field (CoWeeklySection  *self,
                const char       *title,
                const char       *placeholder_hint,
                GtkTextBuffer   **buffer)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *label = heading (title, "heading");
  GtkEventController *focus = gtk_event_controller_focus_new ();

  *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_set_size_request (view, -1, 110);
  co_tooltip_set_text (view, placeholder_hint);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, placeholder_hint, -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_widget_add_css_class (frame, "view");
  g_signal_connect_object (*buffer, "changed", G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (co_weekly_section_save), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (view, focus);
  gtk_box_append (GTK_BOX (self->notes_box), label);
  gtk_box_append (GTK_BOX (self->notes_box), frame);
  return view;
}

CoWeeklySection *
co_weekly_section_new (CoStore *store)
{
  CoWeeklySection *self = g_object_new (CO_TYPE_WEEKLY_SECTION, "orientation", GTK_ORIENTATION_VERTICAL,
                                        "spacing", 18, NULL);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();
  GtkWidget *saved;

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "edit-copy-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Copy as _Text"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  co_tooltip_set_text (button, _("Copy the weekly report as plain text, for pasting into WeChat or "
                                         "DingTalk"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_copy), self, G_CONNECT_SWAPPED);
  self->copy_row = g_object_ref_sink (button);
  gtk_widget_set_name (self->copy_row, "weekly-copy");

  self->completion = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (self), self->completion);

  self->notes_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->summary_view = add_note_field (self, _("This Week’s Summary"),
                                       _("What the week brought: results, what worked, what did not"), &self->summary);
  self->next_plan_view = add_note_field (self, _("Next Week’s Plan"),
                                         _("What the next week will do, and who does it"), &self->next_plan);
  saved = heading (_("Saved as you type, for this week and these groups. Copy as Text adds them to the report."),
                   "dim-label");
  gtk_widget_add_css_class (saved, "caption");
  gtk_box_append (GTK_BOX (self->notes_box), saved);
  gtk_box_append (GTK_BOX (self), self->notes_box);
  self->no_notes = heading (_("The week’s summary and plan are written for one group or for all groups: choose "
                              "one of them above to write them."), "dim-label");
  gtk_box_append (GTK_BOX (self), self->no_notes);
  self->notes_group = -1;
  return self;
}

static void
co_weekly_section_dispose (GObject *object)
{
  CoWeeklySection *self = CO_WEEKLY_SECTION (object);

  /* Closing the window loses nothing typed. */
  if (self->store != NULL)
    co_weekly_section_save (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_object (&self->copy_row);
  g_clear_object (&self->store);
  g_clear_pointer (&self->data, co_report_data_free);
  g_clear_pointer (&self->ids, g_array_unref);
  G_OBJECT_CLASS (co_weekly_section_parent_class)->dispose (object);
}

static void
co_weekly_section_finalize (GObject *object)
{
  CoWeeklySection *self = CO_WEEKLY_SECTION (object);

  g_free (self->from);
  g_free (self->to);
  g_free (self->scope_name);
  G_OBJECT_CLASS (co_weekly_section_parent_class)->finalize (object);
}

static void
co_weekly_section_class_init (CoWeeklySectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = co_weekly_section_dispose;
  object_class->finalize = co_weekly_section_finalize;
}

static void
co_weekly_section_init (CoWeeklySection *self)
{
}
