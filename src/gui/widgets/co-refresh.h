/* co-refresh.h: a page read again from the store once a burst of changes has settled: when idle
 * if the page is shown, else when it is next shown, so hidden pages cost nothing while the store
 * changes. Today, Daily Figures and Reports use it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GtkWidget *widget;
  void     (*reload) (GtkWidget *widget);
  guint      idle_id;
  gboolean   stale;    /* to be read when next shown */
} CoRefresh;

/* Starts stale: the first showing reads. */
void co_refresh_init  (CoRefresh  *self,
                       GtkWidget  *widget,
                       void      (*reload) (GtkWidget *widget));
void co_refresh_queue (CoRefresh  *self);
/* Reads now if anything is waiting: for a caller that needs the page current (tests, exports). */
void co_refresh_flush (CoRefresh  *self);
/* The page was read by other means. */
void co_refresh_done  (CoRefresh  *self);
void co_refresh_clear (CoRefresh  *self);

G_END_DECLS
