/* co-roster-grid.c: the week and the matrix as GtkGrids of labels. What they show is read by
 * co-roster (core) in one go: across every group in a worker, on a connection of its own, a
 * newer reading dropping the one it supersedes; one group's at once (a few rows). The grid is
 * then brought in line with the reading a few cells a frame, each cell built anew only when what
 * it shows changed: a thousand groups' weeks are some twenty thousand widgets, which made at
 * once held the window for a quarter of a second. A group's week has a button in each day to add
 * a shift there; the new shift's person is then chosen in the list of shifts, which the page
 * shows on the "shift-added" signal. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/store/co-read-worker.h"
#include "core/team/co-roster.h"
#include "gui/widgets/co-label.h"
#include "gui/widgets/co-pinned-cell.h"
#include "gui/widgets/co-roster-grid.h"
#include "gui/widgets/co-spinner.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"
#include "gui/widgets/co-widget-write.h"

/* The cells built in one frame: two groups' weeks, or sixteen groups' names across the top of
 * the matrix, which wrap (measuring a wrapped label is the costly part): with 32 a frame, the
 * matrix's first frames took up to 15 ms of the main thread on the 1,000-group workspace. */
#define CELLS_A_FRAME 16
/* The cells looked at in one frame, built or not: telling whether one changed is cheap, but a
 * thousand groups' weeks are eight thousand of them. */
#define LOOKS_A_FRAME 2000
/* Across every group, the groups the grid holds at first, and how many more it takes each time
 * the person scrolls within a screen of the last: every widget of the grid costs each frame that
 * maps or draws it anew, and a thousand groups' weeks cost a frame 20 ms even when all built. */
#define GROUPS_AT_FIRST 40
#define GROUPS_MORE 40

struct _CoRosterGrid
{
  AdwPreferencesGroup  parent_instance;

  GtkScrolledWindow   *scrolled;
  GtkWidget           *holder;
  GtkSpinner          *spinner;
  GtkGrid             *grid;

  CoStore             *store;
  CoRosterGridKind     kind;
  gint64               group_id;

  GCancellable        *reading;    /* the worker's reading, while under way */
  GPtrArray           *weeks;      /* CoRosterWeek: the last reading of the week */
  CoRosterMatrix      *matrix;     /* the last reading of the matrix */
  GHashTable          *shown;      /* a cell's place → Cell: what the grid shows */
  guint                next;       /* the next cell of the reading to bring in line */
  guint                tick_id;    /* the tick callback doing it */
  guint                n_wanted;   /* the groups to hold, across every group */
  GtkAdjustment       *scrolling;  /* the adjustment that scrolls through the groups, if any */
  gboolean             adding;     /* a shift added is kept, not written yet */
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

/* A cell shown: what it shows (the same text, the same widget) and the widget. */
typedef struct
{
  char      *text;
  GtkWidget *widget;
} Cell;

static void
cell_free (Cell *cell)
{
  g_free (cell->text);
  g_free (cell);
}

static gpointer
place_key (guint column,
           guint row)
{
  /* Columns are groups at most (the matrix): fewer than 65536 on any screen. */
  return GUINT_TO_POINTER ((row << 16 | column) + 1);
}

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

/* A shift being added: written through co_widget_write(), never waiting for an import's or a
 * sync's write lock; its id once written. */
typedef struct
{
  CoRosterGrid *grid;
  gint64        group_id;
  char         *weekday;
  char         *from;
  char         *until;
  gint64        id;
} NewShift;

static void
new_shift_free (NewShift *shift)
{
  g_object_unref (shift->grid);
  g_free (shift->weekday);
  g_free (shift->from);
  g_free (shift->until);
  g_free (shift);
}

static gboolean
write_shift (CoStore  *store,
             gpointer  data,
             GError  **error)
{
  NewShift *shift = data;
  const char * const keys[] = { "weekday", "start_time", "end_time", NULL };
  const char * const inputs[] = { shift->weekday, shift->from, shift->until, NULL };

  shift->id = co_list_add_with (store, CO_LIST_SHIFTS, shift->group_id, keys, inputs, error);
  return shift->id != 0;
}

/* Then whom: the page opens the new shift in its list, with its person to choose, if the grid
 * still shows that group's week. */
static void
shift_written (CoStore      *store,
               const GError *error,
               gpointer      data)
{
  NewShift *shift = data;
  CoRosterGrid *self = shift->grid;

  self->adding = FALSE;
  if (error == NULL && self->store == store && self->group_id == shift->group_id &&
      gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    g_signal_emit (self, signals[SHIFT_ADDED], 0, shift->id);
}

static void
on_add_shift_clicked (GtkButton    *button,
                      CoRosterGrid *self)
{
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
  guint day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "co-day"));
  NewShift *shift;

  /* One at a time: a second click while the first is kept would add a second shift. */
  if (self->adding)
    return;
  shift = g_new0 (NewShift, 1);
  shift->grid = g_object_ref (self);
  shift->group_id = self->group_id;
  shift->weekday = g_strdup (weekdays[day].keyword);
  shift->from = g_strdup (g_object_get_data (G_OBJECT (button), "co-from"));
  shift->until = g_strdup (g_object_get_data (G_OBJECT (button), "co-until"));
  self->adding = TRUE;
  co_widget_write (GTK_WIDGET (self), self->store, write_shift, shift, (GDestroyNotify) new_shift_free,
                   shift_written);
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
  co_tooltip_set_text (button, tooltip);
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
group_heading (gint64      group_id,
               const char *name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *edit = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();
  /* Translators: the tooltip of a button beside a group's week on the Team page */
  g_autofree char *tooltip = g_strdup_printf (_("Edit the shifts of %s"), name);

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "document-edit-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Edit Shifts"));
  gtk_button_set_child (GTK_BUTTON (edit), content);
  co_tooltip_set_text (edit, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_halign (edit, GTK_ALIGN_START);
  gtk_widget_set_margin_start (edit, 4);
  gtk_widget_set_margin_bottom (edit, 6);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_add_css_class (edit, "caption");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "x", group_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "team.edit-shifts");
  gtk_box_append (GTK_BOX (box), cell (name, "heading"));
  gtk_box_append (GTK_BOX (box), edit);
  return box;
}

/* ---- the cells of a reading ------------------------------------------------------------------ */

/* The grid is a row of headings, then a row for each group's week (each person, for the
 * matrix); across every group, a first column of names pinned while the rest scrolls sideways. */
static gboolean
has_pinned_column (CoRosterGrid *self)
{
  return self->kind == CO_ROSTER_GRID_MATRIX || self->group_id == 0;
}

/* The groups of the reading: rows of the week, columns of the matrix. */
static guint
n_groups_read (CoRosterGrid *self)
{
  return self->kind == CO_ROSTER_GRID_MATRIX ? self->matrix->groups->len : self->weeks->len;
}

/* The groups the grid holds: the first few, more as the person scrolls towards the last. */
static guint
n_groups_shown (CoRosterGrid *self)
{
  return self->group_id != 0 ? n_groups_read (self) : MIN (n_groups_read (self), self->n_wanted);
}

static guint
n_columns (CoRosterGrid *self)
{
  if (self->kind == CO_ROSTER_GRID_MATRIX)
    return n_groups_shown (self) + 1;
  return has_pinned_column (self) ? 8 : 7;
}

static guint
n_rows (CoRosterGrid *self)
{
  return 1 + (self->kind == CO_ROSTER_GRID_MATRIX ? self->matrix->people->len : n_groups_shown (self));
}

/* The place of the reading's cell @index, in row order: each row's pinned cell after its other
 * cells, so that it is drawn over them. */
static void
cell_place (CoRosterGrid *self,
            guint         index,
            guint        *column,
            guint        *row)
{
  guint columns = n_columns (self), in_row = index % columns;

  *row = index / columns;
  *column = has_pinned_column (self) ? (in_row + 1) % columns : in_row;
}

/* The lines of a day of a group's week: the shifts in order, then the active hours nobody
 * covers, each a line starting with "!". */
static char *
day_text (CoRosterWeek *week,
          guint         day)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < week->shifts->len; i++)
    {
      CoRosterShift *shift = &g_array_index (week->shifts, CoRosterShift, i);

      if (shift->weekday != day)
        continue;
      /* Translators: a shift in the roster grid, e.g. "08:00–15:30 Li Lei" */
      g_string_append_printf (text, _("%s–%s %s"), shift->start_time ? shift->start_time : "?",
                              shift->end_time ? shift->end_time : "?", shift->person ? shift->person : _("Nobody yet"));
      g_string_append_c (text, '\n');
    }
  for (guint i = 0; i < week->gaps->len; i++)
    {
      CoGap *gap = &g_array_index (week->gaps, CoGap, i);

      if (gap->weekday != day)
        continue;
      g_string_append_c (text, '!');
      /* Translators: hours of the roster nobody covers, e.g. "13:00–14:00 nobody" */
      g_string_append_printf (text, _("%02u:%02u–%02u:%02u nobody"), gap->from / 60, gap->from % 60,
                              gap->until / 60, gap->until % 60);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

/* What the cell at @column, @row shows, as a text: the same text, the same cell. */
static char *
cell_text (CoRosterGrid *self,
           guint         column,
           guint         row)
{
  guint first = has_pinned_column (self) ? 1 : 0;

  if (self->kind == CO_ROSTER_GRID_MATRIX)
    {
      guint n_groups = self->matrix->groups->len;
      const char *roles;

      if (column == 0)
        return g_strdup (row == 0 ? "" : self->matrix->people->pdata[row - 1]);
      if (row == 0)
        return g_strdup (self->matrix->groups->pdata[column - 1]);
      roles = self->matrix->roles->pdata[(row - 1) * n_groups + column - 1];
      return g_strdup (roles != NULL ? roles : "");
    }
  if (row == 0)
    {
      guint n_weekdays;
      const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);

      return g_strdup (column < first ? "" : _(weekdays[column - first].label));
    }
  else
    {
      CoRosterWeek *week = self->weeks->pdata[row - 1];

      if (column < first)
        return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", week->group_id, week->group_name);
      return day_text (week, column - first);
    }
}

/* The widget of the cell at @column, @row. */
static GtkWidget *
make_cell (CoRosterGrid *self,
           guint         column,
           guint         row,
           const char   *text)
{
  guint first = has_pinned_column (self) ? 1 : 0;
  GtkWidget *widget;

  if (row == 0 && column < first)
    return co_pinned_cell_new (cell (NULL, NULL));
  if (self->kind == CO_ROSTER_GRID_MATRIX)
    {
      if (column == 0)
        return co_pinned_cell_new (cell (text, "heading"));
      if (row == 0)
        return cell (text, "heading");
      return cell (*text ? text : "—", *text ? NULL : "dim-label");
    }
  if (row == 0)
    return cell (text, "heading");
  else
    {
      CoRosterWeek *week = self->weeks->pdata[row - 1];
      g_auto(GStrv) lines = NULL;

      if (column < first)
        return co_pinned_cell_new (group_heading (week->group_id, week->group_name));
      widget = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
        gtk_box_append (GTK_BOX (widget), *lines[i] == '!' ? cell (lines[i] + 1, "error") : cell (lines[i], NULL));
      if (first == 0)
        gtk_box_append (GTK_BOX (widget), add_shift_button (self, column, week->gaps));
      return widget;
    }
}

/* Puts @widget at @column, @row of the grid in place of what was there: before the row's pinned
 * cell, if it has one, which is drawn over the others. */
static void
put_cell (CoRosterGrid *self,
          guint         column,
          guint         row,
          char         *text,
          GtkWidget    *widget)
{
  Cell *old = g_hash_table_lookup (self->shown, place_key (column, row));
  Cell *pinned = column > 0 && has_pinned_column (self) ? g_hash_table_lookup (self->shown, place_key (0, row)) : NULL;
  Cell *shown = g_new0 (Cell, 1);

  if (old != NULL)
    gtk_grid_remove (self->grid, old->widget);
  gtk_grid_attach (self->grid, widget, (int) column, (int) row, 1, 1);
  if (pinned != NULL)
    gtk_widget_insert_before (widget, GTK_WIDGET (self->grid), pinned->widget);
  shown->text = text;
  shown->widget = widget;
  g_hash_table_insert (self->shown, place_key (column, row), shown);
}

/* Brings up to @most_built cells of the grid in line with the reading, looking at @most_looked
 * at most; TRUE once every cell is. */
static gboolean
lay_out_some (CoRosterGrid *self,
              guint         most_built,
              guint         most_looked)
{
  guint columns = n_columns (self), rows = n_rows (self), end = columns * rows;
  guint built = 0, looked = 0;
  GHashTableIter iter;
  gpointer key;
  Cell *shown;

  for (; self->next < end && built < most_built && looked < most_looked; self->next++, looked++)
    {
      guint column, row;
      g_autofree char *text = NULL;
      GtkWidget *widget;

      cell_place (self, self->next, &column, &row);
      text = cell_text (self, column, row);
      shown = g_hash_table_lookup (self->shown, place_key (column, row));
      if (shown != NULL && g_str_equal (shown->text, text))
        continue;
      widget = make_cell (self, column, row, text);
      put_cell (self, column, row, g_steal_pointer (&text), widget);
      built++;
    }
  if (self->next < end)
    return FALSE;
  /* The reading has fewer rows or columns than the grid: the rest goes. */
  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &shown))
    {
      guint place = GPOINTER_TO_UINT (key) - 1;

      if (place >> 16 >= rows || (place & 0xffff) >= columns)
        {
          gtk_grid_remove (self->grid, shown->widget);
          g_hash_table_iter_remove (&iter);
        }
    }
  return TRUE;
}

static void
stop_laying_out (CoRosterGrid *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  if (self->reading == NULL)
    co_spinner_set_busy (self->spinner, FALSE);
}

static void on_scrolled (CoRosterGrid *self);

static gboolean
lay_out_tick (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  CoRosterGrid *self = CO_ROSTER_GRID (widget);

  if (!lay_out_some (self, CELLS_A_FRAME, LOOKS_A_FRAME))
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  if (self->reading == NULL)
    co_spinner_set_busy (self->spinner, FALSE);
  /* The person may have scrolled to the end meanwhile. */
  if (self->scrolling != NULL)
    on_scrolled (self);
  return G_SOURCE_REMOVE;
}

/* Brings the grid in line with the reading from its first cell: a few cells a frame across
 * every group, at once for one group's. */
static void
lay_out (CoRosterGrid *self)
{
  self->next = 0;
  if (self->group_id != 0)
    {
      lay_out_some (self, G_MAXUINT, G_MAXUINT);
      return;
    }
  co_spinner_set_busy (self->spinner, TRUE);
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), lay_out_tick, NULL, NULL);
}

/* Takes a few groups more when the person has scrolled within a screen of the last held. */
static void
on_scrolled (CoRosterGrid *self)
{
  double end = gtk_adjustment_get_value (self->scrolling) + 2 * gtk_adjustment_get_page_size (self->scrolling);

  if (self->tick_id != 0 || (self->weeks == NULL && self->matrix == NULL) ||
      n_groups_shown (self) >= n_groups_read (self) || end < gtk_adjustment_get_upper (self->scrolling))
    return;
  self->n_wanted += GROUPS_MORE;
  lay_out (self);
}

static void
watch_scrolling (CoRosterGrid *self)
{
  GtkWidget *scroller = self->kind == CO_ROSTER_GRID_MATRIX
                        ? GTK_WIDGET (self->scrolled)
                        : gtk_widget_get_ancestor (gtk_widget_get_parent (GTK_WIDGET (self)), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = NULL;

  if (scroller != NULL && self->group_id == 0)
    adjustment = self->kind == CO_ROSTER_GRID_MATRIX
                 ? gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller))
                 : gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  if (adjustment == self->scrolling)
    return;
  if (self->scrolling != NULL)
    g_signal_handlers_disconnect_by_data (self->scrolling, self);
  g_set_object (&self->scrolling, adjustment);
  if (adjustment == NULL)
    return;
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_scrolled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (on_scrolled), self, G_CONNECT_SWAPPED);
}

static void
co_roster_grid_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (co_roster_grid_parent_class)->root (widget);
  watch_scrolling (CO_ROSTER_GRID (widget));
}

static void
co_roster_grid_unroot (GtkWidget *widget)
{
  CoRosterGrid *self = CO_ROSTER_GRID (widget);

  if (self->scrolling != NULL)
    g_signal_handlers_disconnect_by_data (self->scrolling, self);
  g_clear_object (&self->scrolling);
  GTK_WIDGET_CLASS (co_roster_grid_parent_class)->unroot (widget);
}

/* ---- reading -------------------------------------------------------------------------------- */

/* What a reading gives: the one of the two the grid's kind shows. */
typedef struct
{
  GPtrArray      *weeks;
  CoRosterMatrix *matrix;
} Reading;

static void
reading_free (Reading *reading)
{
  g_clear_pointer (&reading->weeks, g_ptr_array_unref);
  g_clear_pointer (&reading->matrix, co_roster_matrix_free);
  g_free (reading);
}

typedef struct
{
  CoRosterGridKind kind;
  gint64           group_id;
} Request;

static Reading *
read_roster (CoStore           *store,
             const Request     *request,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  Reading *reading = g_new0 (Reading, 1);

  if (request->kind == CO_ROSTER_GRID_MATRIX)
    reading->matrix = co_roster_read_matrix (store, request->group_id, cancellable, &local_error);
  else
    reading->weeks = co_roster_read_weeks (store, request->group_id, cancellable, &local_error);
  if (reading->matrix == NULL && reading->weeks == NULL)
    {
      reading_free (reading);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return reading;
}

/* In the worker. */
static gpointer
read_in_worker (CoStore       *reader,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return read_roster (reader, data, cancellable, error);
}

/* Shows @reading, taken. */
static void
show_reading (CoRosterGrid *self,
              Reading      *reading)
{
  g_clear_pointer (&self->weeks, g_ptr_array_unref);
  g_clear_pointer (&self->matrix, co_roster_matrix_free);
  self->weeks = g_steal_pointer (&reading->weeks);
  self->matrix = g_steal_pointer (&reading->matrix);
  reading_free (reading);
  lay_out (self);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  CoRosterGrid *self = data;
  g_autoptr(GError) error = NULL;
  Reading *reading;

  /* Superseded by a newer reading, or the grid is gone: @self may be too. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->reading);
  if ((reading = co_read_in_worker_finish (result, &error)) == NULL)
    {
      g_warning ("The roster could not be read: %s", error->message);
      stop_laying_out (self);
      return;
    }
  show_reading (self, reading);
}

/* ---- public ------------------------------------------------------------------------------- */

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
  Request *request;

  g_return_if_fail (CO_IS_ROSTER_GRID (self));

  if (self->store == NULL)
    return;
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  request = g_new0 (Request, 1);
  request->kind = self->kind;
  request->group_id = self->group_id;
  /* One group's week is a few rows, read at once: a day's + then finds its shift in the grid. */
  if (self->group_id != 0)
    {
      g_autoptr(GError) error = NULL;
      Reading *reading = read_roster (self->store, request, NULL, &error);

      g_free (request);
      if (reading == NULL)
        g_warning ("The roster could not be read: %s", error->message);
      else
        show_reading (self, reading);
      return;
    }
  self->reading = g_cancellable_new ();
  co_spinner_set_busy (self->spinner, TRUE);
  co_read_in_worker (self->store, read_in_worker, request, g_free, (GDestroyNotify) reading_free,
                     self->reading, on_read, self);
}

gboolean
co_roster_grid_is_loading (CoRosterGrid *self)
{
  g_return_val_if_fail (CO_IS_ROSTER_GRID (self), FALSE);

  return self->reading != NULL || self->tick_id != 0;
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

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  stop_laying_out (self);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_pointer (&self->weeks, g_ptr_array_unref);
  g_clear_pointer (&self->matrix, co_roster_matrix_free);
  if (self->scrolling != NULL)
    g_signal_handlers_disconnect_by_data (self->scrolling, self);
  g_clear_object (&self->scrolling);
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
  widget_class->root = co_roster_grid_root;
  widget_class->unroot = co_roster_grid_unroot;

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
  self->shown = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) cell_free);
  self->n_wanted = GROUPS_AT_FIRST;
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_homogeneous (self->grid, FALSE);
  gtk_box_append (GTK_BOX (self->holder), GTK_WIDGET (self->grid));
  /* Turning while the grid is read or laid out. */
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->spinner));
}
