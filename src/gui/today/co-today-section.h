/* co-today-section.h: what a section of Today is: what it reads, in a worker on a connection of
 * its own (co-read-worker.h), and the rows it shows that with, on the main thread. The page reads
 * every section in one worker and shows them together once all are read, in the order of its
 * table of sections (co-today-page.c); a section added later is a file of its own and one line
 * of that table. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"
#include "gui/widgets/co-reveal.h"

G_BEGIN_DECLS

/* What every section is read for: the moment, and the groups not archived, read first. */
typedef struct
{
  GDateTime  *now;          /* local */
  char       *today;        /* YYYY-MM-DD */
  char       *yesterday;
  GArray     *group_ids;    /* gint64, in the sidebar's order */
  GHashTable *group_names;  /* GSIZE_TO_POINTER (id) → char * */
} CoTodayContext;

static inline const char *
co_today_group_name (const CoTodayContext *context,
                     gint64                group_id)
{
  return g_hash_table_lookup (context->group_names, GSIZE_TO_POINTER ((gsize) group_id));
}

typedef struct
{
  /* In the worker, on @reader: the section's data (never NULL: an empty section has data
   * too). Core read functions only; no widget. */
  gpointer    (*read) (CoStore              *reader,
                       const CoTodayContext *context,
                       GCancellable         *cancellable);
  /* On the main thread: the section, an AdwPreferencesGroup, or NULL for a section that only
   * shows when it has something to say; @store is the window's, for the rows' buttons. */
  GtkWidget  *(*show) (CoStore              *store,
                       const CoTodayContext *context,
                       gpointer              data);
  GDestroyNotify free;
} CoTodaySection;

/* A section read again is shown again only where it changed: rebuilt, it costs next to nothing,
 * but styling and laying out its rows afresh holds the window for frames, and a row the reader
 * was looking at would blink. */

/* Names what a row acts on when its texts do not say it (a follow-up's id behind its button),
 * for co_today_same_widgets(). */
void     co_today_row_set_key   (GtkWidget *row,
                                 gint64     id);
/* Whether @built, just made, shows the same as @shown: the same widgets holding the same texts,
 * icons, styles, tooltips, actions and row keys. A part of @shown that @reveal has yet to show
 * counts as shown; whether an expander row is open does not count (the reader's choice). */
gboolean co_today_same_widgets  (GtkWidget *shown,
                                 GtkWidget *built,
                                 CoReveal  *reveal);

G_END_DECLS
