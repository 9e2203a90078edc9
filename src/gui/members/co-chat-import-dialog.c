/* co-chat-import-dialog.c: one message dialog for the whole import of a chat export. Reading
 * (a 1 GB export takes seconds) and writing run in workers (co_chat_import_read_async(),
 * co_chat_import_commit_async()), the bar polling how far they are (co-import-work). The dialog
 * stays open while a worker runs: a response only stops it, and the dialog then says what became
 * of the file. Text pasted from WeChat, which has no dates, is read again on the day the user
 * gives. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/chat/co-chat-import.h"
#include "core/formats/co-date.h"
#include "core/store/co-import.h"
#include "gui/members/co-chat-import-dialog.h"
#include "gui/members/co-import-work.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-toast.h"

/* The preview's rows. */
enum
{
  FACT_FORMAT,
  FACT_CHAT,
  FACT_DAYS,
  FACT_MEMBERS,
  FACT_MESSAGES,
  FACT_JOINS,
  FACT_LEAVES,
  N_FACTS
};

/* The day page's row: a date, as the Overview's date fields take it. */
static const CoFieldSpec day_spec = {
  /* Translators: the day a text pasted from WeChat (which has no dates) is from */
  "day", CO_FIELD_DATE, 0, N_("Date"), N_("As 2026-11-01, 2026/11/1 or 2026年11月1日"), NULL,
};

typedef struct
{
  AdwMessageDialog *dialog;       /* the owner of this */
  GtkWidget        *widget;       /* a weak pointer: where the toast goes */
  CoStore          *store;
  gint64            group_id;
  GFile            *file;
  char             *chat_name;    /* chosen in a full export, or NULL */
  char             *day;          /* "YYYY-MM-DD": of text without dates, as given, or NULL */
  CoChatImport     *import;       /* the preview, once read */
  CoChatProgress   *progress;
  CoImportWork     *work;         /* reading or writing */
  gboolean          filling;      /* the chat list is being filled: not a choice */
  /* One page a state, all of the dialog's size from the start: a window shown does not always
   * grow when what it shows does (X11 without a window manager keeps the first size). */
  GtkStack         *stack;        /* "work" (co-import-work) */
  GtkLabel         *chats_label;  /* "chats": the chats of a full export */
  GtkDropDown      *chats;
  GtkWidget        *day_row;      /* "day": the day of text without dates (co-field-row) */
  GtkWidget        *day_button;
  GtkWidget        *fact_titles[N_FACTS];  /* "preview" */
  GtkLabel         *facts[N_FACTS];
  GtkLabel         *problems_label;   /* how many problems, if any, and their list */
  GtkWidget        *problems_scroll;
  GtkBox           *problems_box;
  GtkLabel         *end_label;    /* "end": what became of the file */
} ChatDialog;

static void
chat_dialog_free (ChatDialog *self)
{
  g_clear_weak_pointer (&self->widget);
  g_object_unref (self->store);
  g_object_unref (self->file);
  g_free (self->chat_name);
  g_free (self->day);
  g_clear_pointer (&self->import, co_chat_import_free);
  co_chat_progress_free (self->progress);
  g_free (self);
}

/* A worker starts (co_import_work_begin ()), and the choices of a chat and a day wait for it. */
static GCancellable *
begin_work (ChatDialog *self,
            const char *doing)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->chats), FALSE);
  gtk_widget_set_sensitive (self->day_button, FALSE);
  return co_import_work_begin (self->work, doing);
}

/* FALSE when the dialog was closed meanwhile (co_import_work_end ()). */
static gboolean
end_work (ChatDialog *self)
{
  if (!co_import_work_end (self->work))
    return FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->chats), TRUE);
  gtk_widget_set_sensitive (self->day_button, TRUE);
  return TRUE;
}

/* Nothing more to do with this file: its message, and Close. */
static void
show_end (ChatDialog *self,
          const char *message)
{
  gtk_label_set_text (self->end_label, message);
  gtk_stack_set_visible_child_name (self->stack, "end");
  adw_message_dialog_set_response_label (self->dialog, "cancel", _("_Close"));
  adw_message_dialog_set_response_enabled (self->dialog, "cancel", TRUE);
  adw_message_dialog_set_default_response (self->dialog, "cancel");
}

static GtkWidget *
fact_label (const char *text,
            gboolean    is_title)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_selectable (GTK_LABEL (label), !is_title);
  if (is_title)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
set_fact (ChatDialog *self,
          int         fact,
          const char *value)
{
  gtk_label_set_text (self->facts[fact], value);
}

static char *
display_day (const GDate *date)
{
  g_autofree char *iso = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                                          g_date_get_day (date));

  return co_date_format_display (iso);
}

/* With the locale's thousands separator: 1,500,000. */
static char *
count_text (guint n)
{
  return g_strdup_printf ("%'u", n);
}

/* The messages that cannot be counted, each with its place, as the members CSV preview lists
 * its problems: the file is to be fixed first. */
static void
show_problems (ChatDialog *self)
{
  GPtrArray *problems = co_chat_import_get_problems (self->import);
  guint total = co_chat_import_get_n_problems (self->import);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%u problem: fix it in the file and import again. Nothing is imported until then.",
                                                         "%u problems: fix them in the file and import again. Nothing is imported until then.",
                                                         total), total);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_box))) != NULL)
    gtk_box_remove (self->problems_box, child);
  gtk_label_set_text (self->problems_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), total > 0);
  gtk_widget_set_visible (self->problems_scroll, total > 0);
  for (guint i = 0; i < problems->len; i++)
    {
      CoImportProblem *problem = problems->pdata[i];

      gtk_box_append (self->problems_box, co_import_problem_label (problem->message));
    }
  if (total > problems->len)
    {
      /* Translators: after the chat import's list of problems, those beyond it */
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u more", "…and %u more",
                                                            total - problems->len), total - problems->len);

      gtk_box_append (self->problems_box, co_import_problem_label (more));
    }
}

/* What the import will bring: the preview's figures, one a line. */
static void
show_preview (ChatDialog *self)
{
  CoChatSummary *summary = co_chat_import_get_summary (self->import);
  guint n_new = co_chat_import_get_n_new_members (self->import);
  guint n_matched = co_chat_import_get_n_matched_members (self->import);
  g_autofree char *members = NULL, *messages = NULL, *joins = NULL, *leaves = NULL, *days = NULL;
  GDate first, last;

  set_fact (self, FACT_FORMAT, co_chat_format_get_label (co_chat_import_get_format (self->import)));
  set_fact (self, FACT_CHAT, self->chat_name != NULL ? self->chat_name : "");
  gtk_widget_set_visible (self->fact_titles[FACT_CHAT], self->chat_name != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->facts[FACT_CHAT]), self->chat_name != NULL);
  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  if (co_chat_summary_get_days (summary, &first, &last))
    {
      g_autofree char *from = display_day (&first);
      g_autofree char *to = display_day (&last);
      guint n_days = g_date_days_between (&first, &last) + 1;
      g_autofree char *span = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n_days), n_days);

      /* Translators: the days a chat export covers: first day – last day (so many days) */
      days = g_strdup_printf (_("%s – %s (%s)"), from, to, span);
    }
  set_fact (self, FACT_DAYS, days != NULL ? days : _("No messages"));
  /* Translators: the people of a chat: who will be new members, and who are members already */
  members = g_strdup_printf (_("%u new, %u already members"), n_new, n_matched);
  set_fact (self, FACT_MEMBERS, members);
  messages = count_text (co_chat_summary_get_messages (summary));
  set_fact (self, FACT_MESSAGES, messages);
  joins = count_text (co_chat_summary_get_joins (summary));
  set_fact (self, FACT_JOINS, joins);
  leaves = count_text (co_chat_summary_get_leaves (summary));
  set_fact (self, FACT_LEAVES, leaves);
  show_problems (self);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  if (co_chat_import_get_n_problems (self->import) > 0)
    return;
  if (!adw_message_dialog_has_response (self->dialog, "import"))
    {
      adw_message_dialog_add_response (self->dialog, "import", _("_Import"));
      adw_message_dialog_set_response_appearance (self->dialog, "import", ADW_RESPONSE_SUGGESTED);
    }
  adw_message_dialog_set_response_enabled (self->dialog, "import", TRUE);
  adw_message_dialog_set_default_response (self->dialog, "import");
}

/* A full export: the chats to choose from, none chosen yet. */
static void
show_chats (ChatDialog *self,
            GPtrArray  *names)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "The file holds %u chat. Choose the one to import.",
                                                        "The file holds %u chats. Choose the one to import.",
                                                        names->len), names->len);

  for (guint i = 0; i < names->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (names, i));
  self->filling = TRUE;
  gtk_drop_down_set_model (self->chats, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->chats, GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;
  gtk_label_set_text (self->chats_label, body);
  gtk_stack_set_visible_child_name (self->stack, "chats");
  adw_message_dialog_set_response_label (self->dialog, "cancel", _("_Cancel"));
}

/* Text without dates (pasted from WeChat): the day it is from, today to begin with. */
static void
show_day (ChatDialog *self)
{
  g_autofree char *today = co_date_today ();

  g_free (self->day);
  self->day = g_strdup (today);
  co_field_row_reset (self->day_row, today);
  gtk_stack_set_visible_child_name (self->stack, "day");
  adw_message_dialog_set_response_label (self->dialog, "cancel", _("_Cancel"));
  co_field_row_focus (self->day_row);
}

static void start_reading (ChatDialog *self);

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(AdwMessageDialog) dialog = data;
  ChatDialog *self = g_object_get_data (G_OBJECT (dialog), "chat-dialog");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  CoChatImport *import = co_chat_import_read_finish (CO_STORE (source), result, &names, &error);

  if (!end_work (self))
    {
      co_chat_import_free (import);
      return;
    }
  if (import != NULL)
    {
      self->import = import;
      show_preview (self);
    }
  else if (names != NULL)
    show_chats (self, names);
  else if (g_error_matches (error, CO_CHAT_ERROR, CO_CHAT_ERROR_NO_DAY) && self->day == NULL)
    show_day (self);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_end (self, _("Cancelled: nothing was imported."));
  else
    show_end (self, error->message);
}

static void
start_reading (ChatDialog *self)
{
  g_autofree char *name = g_file_get_basename (self->file);
  /* Translators: while a chat export is read, its file name */
  g_autofree char *doing = g_strdup_printf (_("Reading “%s”…"), name);
  CoChatReadOptions options = { .chat_name = self->chat_name, .day = self->day, .progress = self->progress };
  GCancellable *cancellable;

  g_clear_pointer (&self->import, co_chat_import_free);
  cancellable = begin_work (self, doing);
  co_chat_import_read_async (self->store, self->group_id, self->file, &options, cancellable, read_done,
                             g_object_ref (self->dialog));
}

/* The day row's "save": keeps the day typed or chosen, or refuses what is not a day (the row
 * then says why in its title, and Continue waits for a day). */
static gboolean
day_edited (const char  *key,
            const char  *input,
            gpointer     data,
            GError     **error)
{
  ChatDialog *self = data;

  g_clear_pointer (&self->day, g_free);
  if (input == NULL || *input == '\0')
    {
      g_set_error_literal (error, CO_CHAT_ERROR, CO_CHAT_ERROR_NO_DAY, _("Give the day this text is from."));
      return FALSE;
    }
  self->day = co_field_normalize (&day_spec, input, error);
  if (self->day == NULL)
    return FALSE;
  /* Shown in its stored form once the focus leaves, as a store's notice does for the
   * Overview's rows. */
  co_field_row_set_value (self->day_row, self->day);
  return TRUE;
}

/* Continue: the file read again, on the day given. */
static void
day_given (ChatDialog *self)
{
  co_field_row_flush (self->day_row);
  if (self->day == NULL || co_import_work_is_busy (self->work))
    return;
  /* Not left on the button made insensitive: the focus would go to the preview's note and
   * select all of its text. */
  gtk_window_set_focus (GTK_WINDOW (self->dialog), NULL);
  start_reading (self);
}

static void
chat_chosen (GtkDropDown *chats,
             GParamSpec  *pspec,
             ChatDialog  *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (chats);

  if (self->filling || item == NULL)
    return;
  g_free (self->chat_name);
  self->chat_name = g_strdup (gtk_string_object_get_string (item));
  start_reading (self);
}

static void
commit_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(AdwMessageDialog) dialog = data;
  ChatDialog *self = g_object_get_data (G_OBJECT (dialog), "chat-dialog");
  g_autoptr(GError) error = NULL;
  gboolean imported = co_chat_import_commit_finish (self->import, result, &error);

  if (!end_work (self))
    return;
  if (imported)
    {
      g_autofree char *summary = co_chat_import_describe (self->import);
      /* Translators: after a chat import, what it did, e.g. "3 new members, 12 matched; …" */
      g_autofree char *message = g_strdup_printf (_("Chat imported: %s"), summary);

      if (self->widget != NULL)
        co_widget_add_toast (self->widget, co_import_toast_new (message));
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The preview still holds: the user may import after all. */
      show_end (self, _("Cancelled: nothing was written. Import again, or close."));
      adw_message_dialog_set_response_enabled (self->dialog, "import", TRUE);
    }
  else
    show_end (self, error->message);
}

static void
start_writing (ChatDialog *self)
{
  GCancellable *cancellable = begin_work (self, _("Importing… A backup of the workspace is made first."));

  co_chat_import_commit_async (self->import, self->progress, cancellable, commit_done, g_object_ref (self->dialog));
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             ChatDialog       *self)
{
  if (co_import_work_stop (self->work))
    return;
  if (!g_str_equal (response, "import"))
    gtk_window_destroy (GTK_WINDOW (dialog));
  else if (self->import != NULL)
    start_writing (self);
}

/* A state's message, as a message dialog's body shows it. */
static GtkLabel *
message_label (void)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_justify (label, GTK_JUSTIFY_CENTER);
  gtk_label_set_selectable (label, TRUE);
  return label;
}

AdwMessageDialog *
co_chat_import_dialog_open (GtkWidget *widget,
                            CoStore   *store,
                            gint64     group_id,
                            GFile     *file)
{
  ChatDialog *self = g_new0 (ChatDialog, 1);
  g_autofree char *name = g_file_get_basename (file);
  /* Translators: the chat import dialog's heading, with the export's file name */
  g_autofree char *heading = g_strdup_printf (_("Import Chat from “%s”"), name);
  static const char *const fact_titles[N_FACTS] = {
    /* Translators: a row of the chat import's preview: the platform whose export it is */
    N_("Format"), N_("Chat"), N_("Days"), N_("Members"), N_("Messages"), N_("Joins"), N_("Leaves"),
  };
  GtkWidget *page, *chat_box, *chat_label, *grid, *day_list;
  GtkLabel *note;

  g_set_weak_pointer (&self->widget, widget);
  self->store = g_object_ref (store);
  self->group_id = group_id;
  self->file = g_object_ref (file);
  self->progress = co_chat_progress_new ();
  self->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                                             NULL));
  gtk_window_set_default_size (GTK_WINDOW (self->dialog), 560, -1);
  g_object_set_data_full (G_OBJECT (self->dialog), "chat-dialog", self, (GDestroyNotify) chat_dialog_free);
  adw_message_dialog_add_response (self->dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (self->dialog, "cancel");

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, TRUE);
  gtk_stack_set_hhomogeneous (self->stack, TRUE);
  self->work = co_import_work_new (self->dialog, self->stack, (CoImportFraction) co_chat_progress_get_fraction,
                                   self->progress);

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign (page, GTK_ALIGN_CENTER);
  self->chats_label = message_label ();
  chat_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  chat_label = gtk_label_new_with_mnemonic (_("C_hat"));
  self->chats = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->chats), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (chat_label), GTK_WIDGET (self->chats));
  gtk_box_append (GTK_BOX (chat_box), chat_label);
  gtk_box_append (GTK_BOX (chat_box), GTK_WIDGET (self->chats));
  g_signal_connect (self->chats, "notify::selected", G_CALLBACK (chat_chosen), self);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->chats_label));
  gtk_box_append (GTK_BOX (page), chat_box);
  gtk_stack_add_named (self->stack, page, "chats");

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign (page, GTK_ALIGN_CENTER);
  note = message_label ();
  gtk_label_set_text (note, _("Which day is this text from? Text pasted from WeChat has no dates: its messages, "
                              "joins and leaves are counted on the day you give."));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (note));
  day_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (day_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (day_list, "boxed-list");
  self->day_row = co_field_row_new_checked (&day_spec, day_edited, self, NULL);
  g_signal_connect_swapped (self->day_row, "entry-activated", G_CALLBACK (day_given), self);
  gtk_list_box_append (GTK_LIST_BOX (day_list), self->day_row);
  gtk_box_append (GTK_BOX (page), day_list);
  /* In the page, as the chats' choice is: the dialog's responses cannot be taken away again. */
  self->day_button = gtk_button_new_with_mnemonic (_("C_ontinue"));
  gtk_widget_add_css_class (self->day_button, "suggested-action");
  gtk_widget_set_halign (self->day_button, GTK_ALIGN_END);
  g_signal_connect_swapped (self->day_button, "clicked", G_CALLBACK (day_given), self);
  gtk_box_append (GTK_BOX (page), self->day_button);
  gtk_stack_add_named (self->stack, page, "day");

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  note = message_label ();
  gtk_label_set_text (note, _("Members are matched by their id in the chat, else by nickname. Messages already "
                              "imported are not counted twice; daily figures are filled in only where empty."));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (note));
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  for (int i = 0; i < N_FACTS; i++)
    {
      self->fact_titles[i] = fact_label (_(fact_titles[i]), TRUE);
      self->facts[i] = GTK_LABEL (fact_label ("", FALSE));
      gtk_widget_set_hexpand (GTK_WIDGET (self->facts[i]), TRUE);
      gtk_grid_attach (GTK_GRID (grid), self->fact_titles[i], 0, i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->facts[i]), 1, i, 1, 1);
    }
  gtk_box_append (GTK_BOX (page), grid);
  self->problems_label = GTK_LABEL (fact_label ("", FALSE));
  gtk_label_set_ellipsize (self->problems_label, PANGO_ELLIPSIZE_NONE);
  gtk_label_set_wrap (self->problems_label, TRUE);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->problems_label));
  self->problems_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
  self->problems_scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->problems_scroll), GTK_WIDGET (self->problems_box));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->problems_scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->problems_scroll), 150);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->problems_scroll), TRUE);
  gtk_box_append (GTK_BOX (page), self->problems_scroll);
  gtk_stack_add_named (self->stack, page, "preview");

  self->end_label = message_label ();
  gtk_widget_set_valign (GTK_WIDGET (self->end_label), GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->end_label), "end");

  adw_message_dialog_set_extra_child (self->dialog, GTK_WIDGET (self->stack));

  g_signal_connect (self->dialog, "response", G_CALLBACK (on_response), self);
  start_reading (self);
  gtk_window_present (GTK_WINDOW (self->dialog));
  return self->dialog;
}

static void
file_chosen (GtkNativeDialog *chooser,
             int              response,
             GtkWidget       *widget)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  CoStore *store = g_object_get_data (G_OBJECT (chooser), "store");
  gint64 *group_id = g_object_get_data (G_OBJECT (chooser), "group-id");

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    co_chat_import_dialog_open (widget, store, *group_id, file);
}

static void
add_filter (GtkFileChooser     *chooser,
            const char         *name,
            const char *const  *patterns)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

void
co_chat_import_dialog_choose (GtkWidget *widget,
                              CoStore   *store,
                              gint64     group_id)
{
  static const char *const exports[] = { "*.json", "*.txt", "*.csv", "*.JSON", "*.TXT", "*.CSV", NULL };
  static const char *const all[] = { "*", NULL };
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Chat"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  /* Translators: a file filter: what Telegram, Discord, WhatsApp, QQ and WeChat tools export */
  add_filter (GTK_FILE_CHOOSER (chooser), _("Chat Exports (JSON, text, CSV)"), exports);
  add_filter (GTK_FILE_CHOOSER (chooser), _("All Files"), all);
  g_object_set_data_full (G_OBJECT (chooser), "store", g_object_ref (store), g_object_unref);
  g_object_set_data_full (G_OBJECT (chooser), "group-id", g_memdup2 (&group_id, sizeof group_id), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chosen), widget, 0);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
