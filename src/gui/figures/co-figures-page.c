/* co-figures-page.c: the Daily Figures grid. Each cell saves when Enter is pressed or focus
 * leaves it; a refused value stays in its cell, marked, with the reason underneath, and
 * nothing else changes. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-import.h"
#include "core/reports/co-figures.h"
#include "core/store/co-read-worker.h"
#include "gui/figures/co-figures-page.h"
#include "gui/widgets/co-label.h"
#include "gui/widgets/co-pinned-cell.h"
#include "gui/widgets/co-refresh.h"
#include "gui/widgets/co-spinner.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"
#include "gui/widgets/co-widget-write.h"

/* Rows shown at once; the search finds the others. */
#define MAX_ROWS 60
/* Problems listed in a refused import's message. */
#define MAX_PROBLEMS_SHOWN 12
/* Groups named in the note of those founded after the day. */
#define MAX_LATER_GROUPS_SHOWN 8

typedef struct _FiguresReading FiguresReading;

struct _CoFiguresPage
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkMenuButton  *date_button;
  GtkCalendar    *calendar;
  GtkSearchEntry *search;
  GtkSpinner     *spinner;     /* turns while the grid is read */
  GtkWidget      *carry_button;
  GtkScrolledWindow *scrolled;
  GtkGrid        *grid;
  GtkLabel       *later;       /* the groups founded after the day, with a link to each one's day */
  GtkLabel       *status;

  CoStore        *store;
  char            date[11];    /* the day asked for */
  char            shown_date[11];  /* the day of the grid shown, whose cells save to it */
  GCancellable   *reading;     /* the worker reading the grid asked for, if any */
  FiguresReading *shown;       /* what the grid shows, its rows made a few a frame */
  guint           add_rows_id;
  GPtrArray      *rows;        /* GtkWidget *[CO_N_FIGURES] per shown group, as GPtrArray of entries */
  GArray         *row_groups;  /* gint64 */
  CoRefresh       refresh;
  gboolean        saving;      /* our own write: no reload */
  gboolean        refused;     /* the cell written last was refused */
  gboolean        rebuilding;  /* entries going away: no saving */
};

G_DEFINE_FINAL_TYPE (CoFiguresPage, co_figures_page, GTK_TYPE_WIDGET)

static void rebuild (CoFiguresPage *self);
static void add_rows (CoFiguresPage *self,
                      guint          n);

static void
set_status (CoFiguresPage *self,
            const char    *text,
            gboolean       error)
{
  gtk_label_set_label (self->status, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
}

static char *
value_text (gint64 value)
{
  return value == CO_FIGURE_UNSET ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* A group's figures of @date, and the members total carried from the day before: its total, plus
 * the day's joined, less its left; CO_FIGURE_UNSET when the day before has no total. Read in the
 * worker for a whole grid, on the page's store for a row just saved. */
static gboolean
read_row (CoStore      *store,
          gint64        group_id,
          const char   *date,
          CoDayFigures *day,
          gint64       *carried)
{
  g_autofree char *previous_date = co_date_add_days (date, -1);
  CoDayFigures previous;
  gint64 joined, left;

  if (!co_figures_get (store, group_id, date, day, NULL))
    return FALSE;
  joined = day->values[CO_FIGURE_JOINED];
  left = day->values[CO_FIGURE_LEFT];
  if (!co_figures_get (store, group_id, previous_date, &previous, NULL) ||
      previous.values[CO_FIGURE_MEMBERS_TOTAL] == CO_FIGURE_UNSET)
    *carried = CO_FIGURE_UNSET;
  else
    *carried = MAX (0, previous.values[CO_FIGURE_MEMBERS_TOTAL] + (joined == CO_FIGURE_UNSET ? 0 : joined) -
                       (left == CO_FIGURE_UNSET ? 0 : left));
  return TRUE;
}

static GtkWidget *
entry_at (CoFiguresPage *self,
          guint          row,
          guint          figure)
{
  return row < self->rows->len ? g_ptr_array_index ((GPtrArray *) self->rows->pdata[row], figure) : NULL;
}

/* Shows the day's values of a row, and the carried members total as its placeholder. */
static void
fill_row (CoFiguresPage      *self,
          guint               row,
          const CoDayFigures *day,
          gint64              carried)
{
  g_autofree char *placeholder = value_text (carried);

  for (guint f = 0; f < CO_N_FIGURES; f++)
    {
      GtkWidget *entry = entry_at (self, row, f);
      g_autofree char *text = value_text (day->values[f]);

      g_object_set_data_full (G_OBJECT (entry), "saved", g_strdup (text), g_free);
      gtk_editable_set_text (GTK_EDITABLE (entry), text);
      gtk_widget_remove_css_class (entry, "error");
      co_tooltip_set_text (entry, NULL);
    }
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry_at (self, row, CO_FIGURE_MEMBERS_TOTAL)), placeholder);
  gtk_widget_set_sensitive (self->carry_button, TRUE);
}

/* A cell's figure, written through co_widget_write(): never waiting for an import's or a
 * sync's write lock. A value refused (not a number, more left than members…) is the cell's to
 * show, marked with the reason underneath, not the window's error: the write keeps it in
 * @refusal and says it ran. */
typedef struct
{
  CoFiguresPage *page;
  gint64         group_id;
  char           date[11];
  CoFigure       figure;
  char          *text;
  GError        *refusal;
} FigureWrite;

static void
figure_write_free (FigureWrite *write)
{
  g_object_unref (write->page);
  g_free (write->text);
  g_clear_error (&write->refusal);
  g_free (write);
}

static gboolean
write_figure (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  FigureWrite *write = data;
  g_autoptr(GError) local_error = NULL;
  gboolean saved;

  write->page->saving = TRUE;
  saved = co_figures_set (store, write->group_id, write->date, write->figure, write->text, &local_error);
  write->page->saving = FALSE;
  if (!saved && local_error->domain == CO_FIGURES_ERROR)
    {
      write->refusal = g_steal_pointer (&local_error);
      return TRUE;
    }
  if (!saved)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return saved;
}

/* The row of the grid shown that is @write's cell's, or -1 when the grid shows another day or
 * no longer has it. */
static int
row_of_write (CoFiguresPage *self,
              FigureWrite   *write)
{
  if (!g_str_equal (self->shown_date, write->date))
    return -1;
  for (guint row = 0; row < self->rows->len && row < self->row_groups->len; row++)
    if (g_array_index (self->row_groups, gint64, row) == write->group_id)
      return (int) row;
  return -1;
}

/* The cell written, as the store has it ("1,000" shows as 1000), and the members total carried
 * from the day before (it follows joined and left); the row's other cells are left as typed, to
 * be written in their turn. A cell refused is marked, with the reason. */
static void
figure_written (CoStore      *store,
                const GError *error,
                gpointer      data)
{
  FigureWrite *write = data;
  CoFiguresPage *self = write->page;
  const GError *refusal = error != NULL ? error : write->refusal;
  int row = self->store != NULL ? row_of_write (self, write) : -1;
  GtkWidget *entry = row >= 0 ? entry_at (self, row, write->figure) : NULL;
  CoDayFigures day;
  gint64 carried;

  self->refused = refusal != NULL;
  /* Another text typed in the cell since is its own to write. */
  if (entry == NULL || g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), write->text) != 0)
    return;
  if (refusal != NULL)
    {
      g_object_set_data (G_OBJECT (entry), "saved", NULL);
      gtk_widget_add_css_class (entry, "error");
      co_tooltip_set_text (entry, refusal->message);
      set_status (self, refusal->message, TRUE);
      return;
    }
  set_status (self, NULL, FALSE);
  if (!read_row (self->store, write->group_id, write->date, &day, &carried))
    return;
  {
    g_autofree char *text = value_text (day.values[write->figure]);
    g_autofree char *placeholder = value_text (carried);

    g_object_set_data_full (G_OBJECT (entry), "saved", g_strdup (text), g_free);
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
    gtk_widget_remove_css_class (entry, "error");
    co_tooltip_set_text (entry, NULL);
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry_at (self, row, CO_FIGURE_MEMBERS_TOTAL)), placeholder);
  }
}

/* Saves a cell when its text changed. FALSE, with the cell marked, when it was refused at once;
 * TRUE when written, or kept to be written once an import or a sync has finished writing. */
static gboolean
save_entry (CoFiguresPage *self,
            GtkWidget     *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "row"));
  FigureWrite *write;

  if (self->rebuilding || self->store == NULL || row >= self->row_groups->len ||
      g_strcmp0 (text, g_object_get_data (G_OBJECT (entry), "saved")) == 0)
    return TRUE;
  write = g_new0 (FigureWrite, 1);
  write->page = g_object_ref (self);
  write->group_id = g_array_index (self->row_groups, gint64, row);
  g_strlcpy (write->date, self->shown_date, sizeof write->date);
  write->figure = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "figure"));
  write->text = g_strdup (text);
  /* Asked once: leaving the cell again while it is kept asks nothing more. */
  g_object_set_data_full (G_OBJECT (entry), "saved", g_strdup (text), g_free);
  self->refused = FALSE;
  return !co_widget_write (GTK_WIDGET (self), self->store, write_figure, write, (GDestroyNotify) figure_write_free,
                           figure_written) || !self->refused;
}

static void
on_entry_activate (GtkEntry      *entry,
                   CoFiguresPage *self)
{
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "row"));
  guint figure = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "figure"));
  GtkWidget *next;

  if (!save_entry (self, GTK_WIDGET (entry)))
    return;
  /* Down the column, then to the top of the next one; a row still to come is made now. */
  if (row + 1 == self->rows->len && row + 1 < self->row_groups->len)
    add_rows (self, 1);
  next = row + 1 < self->rows->len ? entry_at (self, row + 1, figure)
         : figure + 1 < CO_N_FIGURES ? entry_at (self, 0, figure + 1) : NULL;
  if (next != NULL)
    gtk_widget_grab_focus (next);
}

static void
on_entry_leave (GtkEventControllerFocus *controller,
                CoFiguresPage           *self)
{
  save_entry (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
}

static GtkWidget *
header_label (const char *text,
              const char *tooltip)
{
  GtkWidget *label = gtk_label_new (text);

  co_label_wrap_between_words (GTK_LABEL (label));
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
  gtk_widget_set_valign (label, GTK_ALIGN_END);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  co_tooltip_set_text (label, tooltip);
  return label;
}

static gboolean
on_later_link (GtkLabel      *label,
               const char    *date,
               CoFiguresPage *self)
{
  co_figures_page_set_date (self, date);
  return TRUE;
}

/* Says which groups the day leaves out because they were founded after it, each a link to its
 * founding day; @later holds their CoGroups. */
static void
show_later_groups (CoFiguresPage *self,
                   GPtrArray     *later)
{
  g_autoptr(GString) links = g_string_new (NULL);
  g_autoptr(GString) text = NULL;
  g_autofree char *sentence = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->later), later->len > 0);
  if (later->len == 0)
    return;
  for (guint i = 0; i < MIN (later->len, MAX_LATER_GROUPS_SHOWN); i++)
    {
      CoGroup *group = later->pdata[i];
      const char *founded = co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE);
      g_autofree char *shown = co_date_format_display (founded);
      /* Translators: a group left out of the day's figures, and the day it was founded */
      g_autofree char *item = g_strdup_printf (_("%s (from %s)"), co_group_get_name (group), shown);
      /* Translators: the tooltip of a link to a group's founding day in the daily figures */
      g_autofree char *tooltip = g_strdup_printf (_("Show %s"), shown);
      /* A group's name and date are kept on one line. */
      g_autofree char *markup = g_markup_printf_escaped ("<a href=\"%s\" title=\"%s\">"
                                                         "<span allow_breaks=\"false\">%s</span></a>",
                                                         founded, tooltip, item);

      if (i > 0)
        /* Translators: separates the groups in a list */
        g_string_append (links, _(", "));
      g_string_append (links, markup);
    }
  if (later->len > MAX_LATER_GROUPS_SHOWN)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("and %u more", "and %u more",
                                                         later->len - MAX_LATER_GROUPS_SHOWN),
                                               later->len - MAX_LATER_GROUPS_SHOWN);
      g_autofree char *escaped = g_markup_escape_text (more, -1);

      g_string_append (links, _(", "));
      g_string_append (links, escaped);
    }
  /* The sentence is text, the list markup: the sentence is escaped, then the list put in. */
  text = g_string_new (NULL);
  /* Translators: above the daily figures; %s lists the groups, each a link to its founding day */
  sentence = g_markup_escape_text (ngettext ("Not shown, as it was founded after this day: %s",
                                             "Not shown, as they were founded after this day: %s", later->len),
                                   -1);
  g_string_append (text, sentence);
  g_string_replace (text, "%s", links->str, 1);
  gtk_label_set_markup (self->later, text->str);
}

/* ---- reading and building the grid ---------------------------------------------------------- */

/* A group's row of the grid, as read in the worker. */
typedef struct
{
  gint64       group_id;
  char        *name;
  guint        depth;
  CoDayFigures day;
  gint64       carried;
} FiguresRow;

static void
figures_row_free (FiguresRow *row)
{
  g_free (row->name);
  g_free (row);
}

/* What a reading is for: the day and the search. */
typedef struct
{
  char  date[11];
  char *filter;
} FiguresRequest;

static void
figures_request_free (FiguresRequest *request)
{
  g_free (request->filter);
  g_free (request);
}

struct _FiguresReading
{
  char       date[11];
  char      *filter;       /* as typed */
  GPtrArray *rows;         /* FiguresRow: the groups shown, at most MAX_ROWS */
  GPtrArray *later;        /* CoGroup: those founded after the day */
  guint      n_matching;   /* the groups that existed on the day and match the search */
};

static void
figures_reading_free (FiguresReading *reading)
{
  g_free (reading->filter);
  g_ptr_array_unref (reading->rows);
  g_ptr_array_unref (reading->later);
  g_free (reading);
}

/* In the worker (or, for a caller that needs the grid now, on the page's store): the groups of
 * the day that match the search, and the figures of those shown. */
static gpointer
read_figures (CoStore       *reader,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  FiguresRequest *request = data;
  FiguresReading *reading = g_new0 (FiguresReading, 1);
  g_autoptr(GListStore) groups = co_group_list (reader, NULL);
  g_autofree char *folded_filter = g_utf8_casefold (request->filter, -1);

  g_strlcpy (reading->date, request->date, sizeof reading->date);
  reading->filter = g_strdup (request->filter);
  reading->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) figures_row_free);
  reading->later = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      const char *founded = co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE);
      g_autofree char *folded_name = g_utf8_casefold (co_group_get_name (group), -1);
      FiguresRow *row;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (co_group_get_archived (group) || strstr (folded_name, folded_filter) == NULL)
        continue;
      /* Figures are for groups that existed that day; the others are named above the grid. */
      if (founded != NULL && g_strcmp0 (founded, request->date) > 0)
        {
          g_ptr_array_add (reading->later, g_object_ref (group));
          continue;
        }
      if (++reading->n_matching > MAX_ROWS)
        continue;
      row = g_new0 (FiguresRow, 1);
      row->group_id = co_group_get_id (group);
      row->name = g_strdup (co_group_get_name (group));
      row->depth = co_group_get_depth (group);
      if (!read_row (reader, row->group_id, request->date, &row->day, &row->carried))
        {
          for (guint f = 0; f < CO_N_FIGURES; f++)
            row->day.values[f] = CO_FIGURE_UNSET;
          row->carried = CO_FIGURE_UNSET;
        }
      g_ptr_array_add (reading->rows, row);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      figures_reading_free (reading);
      return NULL;
    }
  return reading;
}

/* Makes the cells of the next rows of the reading shown, up to @n of them. */
static void
add_rows (CoFiguresPage *self,
          guint          n)
{
  FiguresReading *reading = self->shown;

  for (guint made = 0; made < n && self->rows->len < reading->rows->len; made++)
    {
      guint row = self->rows->len;
      FiguresRow *shown = reading->rows->pdata[row];
      GPtrArray *entries = g_ptr_array_new ();
      GtkWidget *name = gtk_label_new (shown->name);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 24);
      gtk_label_set_width_chars (GTK_LABEL (name), 16);
      co_tooltip_set_text (name, shown->name);
      gtk_widget_set_margin_start (name, 12 + 6 * (int) shown->depth);
      for (guint f = 0; f < CO_N_FIGURES; f++)
        {
          GtkWidget *entry = gtk_entry_new ();
          GtkEventController *focus = gtk_event_controller_focus_new ();
          /* Translators: what a screen reader says of a cell of the daily figures: group, figure */
          g_autofree char *label = g_strdup_printf (_("%s, %s"), shown->name, _(co_figure_spec (f)->title));

          /* One width: the grid takes its natural width and scrolls, rather than squeezing
           * its cells (co_wide_scroller_setup ()), so a cell is no wider than it needs to be. */
          gtk_editable_set_width_chars (GTK_EDITABLE (entry), 5);
          gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 5);
          gtk_editable_set_alignment (GTK_EDITABLE (entry), 1);
          gtk_widget_set_margin_top (entry, 2);
          gtk_widget_set_margin_bottom (entry, 2);
          gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
          gtk_widget_add_css_class (entry, "numeric");
          gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          g_object_set_data (G_OBJECT (entry), "row", GUINT_TO_POINTER (row));
          g_object_set_data (G_OBJECT (entry), "figure", GUINT_TO_POINTER (f));
          g_signal_connect_object (entry, "activate", G_CALLBACK (on_entry_activate), self, 0);
          g_signal_connect_object (focus, "leave", G_CALLBACK (on_entry_leave), self, 0);
          gtk_widget_add_controller (entry, focus);
          gtk_grid_attach (self->grid, entry, (int) f + 1, (int) row + 1, 1, 1);
          g_ptr_array_add (entries, entry);
        }
      /* The group column stays while the figures scroll sideways: attached after the row's
       * other cells, so that it is drawn over them. */
      gtk_grid_attach (self->grid, co_pinned_cell_new (name), 0, (int) row + 1, 1, 1);
      g_ptr_array_add (self->rows, entries);
      fill_row (self, row, &shown->day, shown->carried);
    }
}

/* The rows of a grid a few each frame: a row is thirteen entries, and sixty of them made and
 * laid out at once held the window for a tenth of a second. */
#define ROWS_A_FRAME 1

static gboolean
add_rows_a_frame (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  CoFiguresPage *self = CO_FIGURES_PAGE (widget);

  add_rows (self, ROWS_A_FRAME);
  if (self->rows->len < self->shown->rows->len)
    return G_SOURCE_CONTINUE;
  self->add_rows_id = 0;
  return G_SOURCE_REMOVE;
}

/* Replaces the grid with one for @reading (taken): its headers, notes and status now, its rows
 * a few a frame. */
static void
show_reading (CoFiguresPage  *self,
              FiguresReading *reading)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *corner;

  co_spinner_set_busy (self->spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scrolled), TRUE);
  self->rebuilding = TRUE;
  g_clear_pointer (&self->shown, figures_reading_free);
  self->shown = reading;
  g_strlcpy (self->shown_date, reading->date, sizeof self->shown_date);
  g_ptr_array_set_size (self->rows, 0);
  g_array_set_size (self->row_groups, 0);
  for (guint i = 0; i < reading->rows->len; i++)
    g_array_append_val (self->row_groups, ((FiguresRow *) reading->rows->pdata[i])->group_id);
  /* No row spacing: the pinned group column covers its rows whole, with no gap for the
   * figures scrolling under it to show through; the entries keep their room in margins. */
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);
  gtk_widget_add_css_class (grid, "co-figures-grid");
  for (guint f = 0; f < CO_N_FIGURES; f++)
    {
      const CoFieldSpec *spec = co_figure_spec (f);
      GtkWidget *header = header_label (_(spec->title), spec->hint ? _(spec->hint) : NULL);

      gtk_widget_set_margin_bottom (header, 4);
      gtk_grid_attach (GTK_GRID (grid), header, (int) f + 1, 0, 1, 1);
    }
  corner = header_label (_("Group"), NULL);
  gtk_widget_set_margin_start (corner, 12);
  gtk_widget_set_margin_bottom (corner, 4);
  gtk_label_set_xalign (GTK_LABEL (corner), 0);
  gtk_grid_attach (GTK_GRID (grid), co_pinned_cell_new (corner), 0, 0, 1, 1);
  co_wide_scroller_set_child (self->scrolled, grid);
  self->grid = GTK_GRID (grid);
  self->rebuilding = FALSE;
  gtk_widget_set_sensitive (self->carry_button, FALSE);
  show_later_groups (self, reading->later);

  if (reading->n_matching > MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("Showing %u of %u groups. Search to find the others."),
                                               MAX_ROWS, reading->n_matching);
      set_status (self, more, FALSE);
    }
  else if (reading->n_matching == 0 && reading->later->len == 0)
    set_status (self, *reading->filter ? _("No group matches the search.")
                                       : _("No group existed on this day. Figures are entered for groups founded by then."),
                FALSE);
  else
    set_status (self, NULL, FALSE);
  if (self->add_rows_id == 0 && reading->rows->len > 0)
    self->add_rows_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), add_rows_a_frame, NULL, NULL);
}

static void
on_figures_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  CoFiguresPage *self = data;
  g_autoptr(GError) error = NULL;
  FiguresReading *reading;

  /* Superseded by a newer reading, or the page is gone: @self may be too. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->reading);
  if ((reading = co_read_in_worker_finish (result, &error)) == NULL)
    {
      g_warning ("The daily figures could not be read: %s", error->message);
      co_spinner_set_busy (self->spinner, FALSE);
      return;
    }
  show_reading (self, reading);
}

static FiguresRequest *
new_request (CoFiguresPage *self)
{
  FiguresRequest *request = g_new0 (FiguresRequest, 1);

  g_strlcpy (request->date, self->date, sizeof request->date);
  request->filter = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search)));
  return request;
}

/* Reads the grid of the day and the search in a worker; a reading still under way is dropped.
 * Until the new one shows, the grid there is not edited: it may be another day's. */
static void
rebuild (CoFiguresPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus;

  co_refresh_done (&self->refresh);
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  self->reading = g_cancellable_new ();
  co_spinner_set_busy (self->spinner, TRUE);
  /* A cell typed in is left first (which saves it): GTK 4.8 does not tell a focused entry made
   * insensitive that it lost the focus. */
  if (root != NULL && (focus = gtk_root_get_focus (root)) != NULL &&
      gtk_widget_is_ancestor (focus, GTK_WIDGET (self->scrolled)))
    gtk_root_set_focus (root, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scrolled), FALSE);
  co_read_in_worker (self->store, read_figures, new_request (self), (GDestroyNotify) figures_request_free,
                     (GDestroyNotify) figures_reading_free, self->reading, on_figures_read, self);
}

/* For a caller that needs the grid now (tests, carrying forward): a reading waited for is read
 * here instead, and every row made. */
static void
show_all_now (CoFiguresPage *self)
{
  co_refresh_flush (&self->refresh);
  if (self->reading != NULL)
    {
      FiguresRequest *request = new_request (self);

      g_cancellable_cancel (self->reading);
      g_clear_object (&self->reading);
      show_reading (self, read_figures (self->store, request, NULL, NULL));
      figures_request_free (request);
    }
  if (self->shown != NULL)
    add_rows (self, G_MAXUINT);
}

/* ---- date ------------------------------------------------------------------------------------ */

static void
update_date_button (CoFiguresPage *self)
{
  int y, m, d;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *label = NULL;

  if (sscanf (self->date, "%d-%d-%d", &y, &m, &d) != 3)
    return;
  date = g_date_time_new_local (y, m, d, 0, 0, 0);
  label = g_date_time_format (date, "%A %x");
  gtk_menu_button_set_label (self->date_button, label);
  g_signal_handlers_block_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_calendar_select_day (self->calendar, date);
  g_signal_handlers_unblock_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

void
co_figures_page_set_date (CoFiguresPage *self,
                          const char    *iso_date)
{
  g_autofree char *valid = co_date_parse (iso_date);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  g_return_if_fail (CO_IS_FIGURES_PAGE (self));

  if (valid == NULL)
    return;
  /* The cell being typed in belongs to the day being left. */
  if (focus != NULL && GTK_IS_TEXT (focus) && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->scrolled)))
    save_entry (self, gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY));
  g_strlcpy (self->date, valid, sizeof self->date);
  update_date_button (self);
  if (self->store != NULL)
    rebuild (self);
}

static void
step_day (CoFiguresPage *self,
          int            days)
{
  g_autofree char *date = co_date_add_days (self->date, days);

  co_figures_page_set_date (self, date);
}

static void
on_previous_day (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  step_day (CO_FIGURES_PAGE (widget), -1);
}

static void
on_next_day (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  step_day (CO_FIGURES_PAGE (widget), 1);
}

static void
on_day_selected (GtkCalendar   *calendar,
                 CoFiguresPage *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");

  gtk_menu_button_popdown (self->date_button);
  co_figures_page_set_date (self, iso);
}

/* ---- carry forward ------------------------------------------------------------------------- */

static void
on_carry_forward (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  CoFiguresPage *self = CO_FIGURES_PAGE (widget);
  guint n_carried = 0;

  show_all_now (self);
  for (guint row = 0; row < self->rows->len; row++)
    {
      GtkWidget *entry = entry_at (self, row, CO_FIGURE_MEMBERS_TOTAL);
      const char *carried = gtk_entry_get_placeholder_text (GTK_ENTRY (entry));

      if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0' || carried == NULL || *carried == '\0')
        continue;
      gtk_editable_set_text (GTK_EDITABLE (entry), carried);
      if (save_entry (self, entry))
        n_carried++;
    }
  {
    g_autofree char *text = g_strdup_printf (ngettext ("Members total carried forward for %u group",
                                                       "Members totals carried forward for %u groups", n_carried),
                                             n_carried);
    co_widget_add_toast (widget, co_toast_new (text));
  }
}

/* ---- import -------------------------------------------------------------------------------- */

/* The days written, in a worker in their turn among the window's writes (its backup made once
 * the write lock is free): the page is usable meanwhile, Import disabled until it is done. */
typedef struct
{
  CoFiguresPage   *page;
  CoFiguresImport *import;
} FiguresImport;

static void
figures_import_free (FiguresImport *job)
{
  g_object_unref (job->page);
  co_figures_import_free (job->import);
  g_free (job);
}

/* In the worker, on its connection. */
static gboolean
write_figures_import (CoStore  *store,
                      gpointer  data,
                      GError  **error)
{
  return co_figures_import_write (store, ((FiguresImport *) data)->import, error);
}

/* The error is co_widget_write()'s to show. */
static void
figures_imported (CoStore      *store,
                  const GError *error,
                  gpointer      data)
{
  FiguresImport *job = data;
  guint n_days = co_figures_import_get_n_days (job->import);
  g_autofree char *text = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (job->page), "figures.import", TRUE);
  if (error != NULL)
    return;
  text = g_strdup_printf (ngettext ("%u day of figures imported", "%u days of figures imported", n_days), n_days);
  co_widget_add_toast (GTK_WIDGET (job->page), co_import_toast_new (text));
  rebuild (job->page);
}

static void
on_import_response (AdwMessageDialog *dialog,
                    const char       *response,
                    CoFiguresPage    *self)
{
  FiguresImport *job;

  if (!g_str_equal (response, "import") || g_object_get_data (G_OBJECT (dialog), "import") == NULL)
    return;
  job = g_new0 (FiguresImport, 1);
  job->page = g_object_ref (self);
  job->import = g_object_steal_data (G_OBJECT (dialog), "import");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "figures.import", FALSE);
  co_widget_write_full (GTK_WIDGET (self), self->store, write_figures_import, job,
                        (GDestroyNotify) figures_import_free, figures_imported, CO_WIDGET_WRITE_IMPORT);
}

AdwMessageDialog *
co_figures_page_preview_import (CoFiguresPage *self,
                                GBytes        *bytes)
{
  g_autoptr(GError) error = NULL;
  CoFiguresImport *import = co_figures_import_read (self->store, bytes, &error);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), NULL, NULL);
  GPtrArray *problems = import ? co_figures_import_get_problems (import) : NULL;

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (import == NULL || problems->len > 0)
    {
      GString *body = g_string_new (NULL);

      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), _("The File Cannot Be Imported"));
      if (import == NULL)
        g_string_append (body, error->message);
      else
        {
          g_string_append_printf (body, ngettext ("%u problem was found. Nothing was imported; correct the file "
                                                  "and import it again.",
                                                  "%u problems were found. Nothing was imported; correct the file "
                                                  "and import it again.", problems->len), problems->len);
          for (guint i = 0; i < MIN (problems->len, MAX_PROBLEMS_SHOWN); i++)
            {
              CoImportProblem *problem = problems->pdata[i];
              g_string_append_c (body, '\n');
              if (problem->header != NULL)
                /* Translators: where a problem of an imported file is: line, column, its header */
                g_string_append_printf (body, _("Line %u, column %u (%s): %s"), problem->line, problem->column,
                                        problem->header, problem->message);
              else
                g_string_append_printf (body, _("Line %u: %s"), problem->line, problem->message);
            }
          if (problems->len > MAX_PROBLEMS_SHOWN)
            g_string_append_printf (body, ngettext ("\n… and %u more.", "\n… and %u more.",
                                                    problems->len - MAX_PROBLEMS_SHOWN),
                                    problems->len - MAX_PROBLEMS_SHOWN);
        }
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body->str);
      g_string_free (body, TRUE);
      g_clear_pointer (&import, co_figures_import_free);
    }
  else
    {
      guint n_days = co_figures_import_get_n_days (import);
      g_autofree char *body = g_strdup_printf (ngettext ("%u day of figures will be saved. A day already entered "
                                                         "takes the file’s figures where the file has one.",
                                                         "%u days of figures will be saved. A day already entered "
                                                         "takes the file’s figures where the file has one.", n_days),
                                               n_days);

      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), _("Import Daily Figures?"));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "import", _("_Import"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
      g_object_set_data_full (G_OBJECT (dialog), "import", import, (GDestroyNotify) co_figures_import_free);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_import_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
import_file_chosen (GtkNativeDialog *chooser,
                    int              response,
                    CoFiguresPage   *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes == NULL)
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  co_figures_page_preview_import (self, bytes);
}

static void
on_import (GtkWidget  *widget,
           const char *action,
           GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Import Daily Figures"),
                                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                                               _("_Cancel"));

  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_file_chosen), widget, 0);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- store --------------------------------------------------------------------------------- */

static void
reload (GtkWidget *widget)
{
  CoFiguresPage *self = CO_FIGURES_PAGE (widget);

  if (self->store != NULL)
    rebuild (self);
}

/* Changes made elsewhere (an import, another window, the group list) are shown; our own cell
 * saves are not, or the grid would be rebuilt under the typing. */
static void
on_store_changed (CoFiguresPage *self,
                  const char    *table)
{
  if (self->saving || (!g_str_equal (table, "daily_figures") && !g_str_equal (table, "groups")))
    return;
  co_refresh_queue (&self->refresh);
}

static void
on_search_changed (CoFiguresPage *self)
{
  if (self->store != NULL)
    rebuild (self);
}

void
co_figures_page_set_store (CoFiguresPage *self,
                           CoStore       *store)
{
  g_return_if_fail (CO_IS_FIGURES_PAGE (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  co_refresh_queue (&self->refresh);
}

GtkLabel *
co_figures_page_get_later_note (CoFiguresPage *self)
{
  g_return_val_if_fail (CO_IS_FIGURES_PAGE (self), NULL);

  show_all_now (self);
  return self->later;
}

GtkWidget *
co_figures_page_get_entry (CoFiguresPage *self,
                           gint64         group_id,
                           guint          figure)
{
  g_return_val_if_fail (CO_IS_FIGURES_PAGE (self), NULL);

  show_all_now (self);
  for (guint row = 0; row < self->row_groups->len; row++)
    if (g_array_index (self->row_groups, gint64, row) == group_id)
      return entry_at (self, row, figure);
  return NULL;
}

static void
co_figures_page_dispose (GObject *object)
{
  CoFiguresPage *self = CO_FIGURES_PAGE (object);

  self->rebuilding = TRUE;
  co_refresh_clear (&self->refresh);
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  if (self->add_rows_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->add_rows_id);
  self->add_rows_id = 0;
  g_clear_pointer (&self->shown, figures_reading_free);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->row_groups, g_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (co_figures_page_parent_class)->dispose (object);
}

static void
co_figures_page_class_init (CoFiguresPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = co_figures_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "figures.previous-day", NULL, on_previous_day);
  gtk_widget_class_install_action (widget_class, "figures.next-day", NULL, on_next_day);
  gtk_widget_class_install_action (widget_class, "figures.carry-forward", NULL, on_carry_forward);
  gtk_widget_class_install_action (widget_class, "figures.import", NULL, on_import);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  co_tooltip_set_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
co_figures_page_init (CoFiguresPage *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *days = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *import = gtk_button_new_with_mnemonic (_("_Import…"));
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->row_groups = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_set_margin_start (toolbar, 12);
  gtk_widget_set_margin_end (toolbar, 12);
  gtk_widget_set_margin_top (toolbar, 6);
  gtk_widget_set_margin_bottom (toolbar, 6);
  gtk_widget_add_css_class (days, "linked");
  self->date_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  co_tooltip_set_text (GTK_WIDGET (self->date_button), _("Choose the Day"));
  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  gtk_menu_button_set_popover (self->date_button, popover);
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self, 0);
  gtk_box_append (GTK_BOX (days), icon_button ("go-previous-symbolic", _("Previous Day"), "figures.previous-day"));
  gtk_box_append (GTK_BOX (days), GTK_WIDGET (self->date_button));
  gtk_box_append (GTK_BOX (days), icon_button ("go-next-symbolic", _("Next Day"), "figures.next-day"));
  gtk_box_append (GTK_BOX (toolbar), days);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Find a group"), NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->search), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->search), GTK_ALIGN_CENTER);
  g_signal_connect_object (self->search, "search-changed", G_CALLBACK (on_search_changed), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->search));
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->spinner));

  self->carry_button = gtk_button_new_with_mnemonic (_("_Carry Forward Members"));
  co_tooltip_set_text (self->carry_button,
                               _("Fill each empty members total with the day before’s, plus the day’s new members, "
                                 "less those who left"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->carry_button), "figures.carry-forward");
  gtk_box_append (GTK_BOX (toolbar), self->carry_button);
  co_tooltip_set_text (import, _("Import daily figures from a CSV file, a spreadsheet or a WeCom export"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (import), "figures.import");
  gtk_box_append (GTK_BOX (toolbar), import);
  gtk_box_append (GTK_BOX (self->box), toolbar);
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->later = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->later, TRUE);
  gtk_label_set_xalign (self->later, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->later), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->later), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->later), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->later), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->later), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->later), FALSE);
  g_signal_connect_object (self->later, "activate-link", G_CALLBACK (on_later_link), self, 0);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->later));

  self->scrolled = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  co_wide_scroller_setup (self->scrolled);
  gtk_widget_set_vexpand (GTK_WIDGET (self->scrolled), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->scrolled));

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_xalign (self->status, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->status), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->status), 6);
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->status));

  g_strlcpy (self->date, yesterday, sizeof self->date);
  update_date_button (self);
  co_refresh_init (&self->refresh, GTK_WIDGET (self), reload);
}
