/* co-members-write.h: the data of a write asked for in the members area (the page's actions, a
 * member's window, tags, segments, duplicates), handed to co_widget_write(). What it writes is
 * copied when asked (ids, values), so that a write kept while an import holds the write lock
 * writes what was asked then, whatever the selection or the fields have become; the widget that
 * asked is held, for its outcome (its done updates it only if that still makes sense). */
#pragma once

#include "gui/widgets/co-widget-write.h"

G_BEGIN_DECLS

typedef struct
{
  GtkWidget *owner;   /* held */
  GArray    *ids;     /* gint64: the memberships written; NULL when one thing is */
  gint64     id;      /* the one thing written: a membership, a tag, a segment, a note */
  gint64     value;   /* what it is set to: a tier, a tag, a group, another id */
  gboolean   flag;
  GCallback  func;    /* the core's function it calls, when it is one of several */
  char      *text;    /* a name, a date */
  char      *text2;
  gint64     result;  /* set by the write: how many changed, or the id it made */
} CoMembersWrite;

/* A write for @owner; @ids (may be NULL) copied. */
CoMembersWrite *co_members_write_new  (GtkWidget          *owner,
                                       const gint64       *ids,
                                       guint               n_ids);
void            co_members_write_free (CoMembersWrite     *write);
/* From this many members a write runs in a worker: on the main thread 500 took at most 8 ms,
 * 1,000 up to 31 ms (set tier; bench-selection-writes, release build). */
#define CO_MEMBERS_WRITE_IN_WORKER_AT 500

/* co_widget_write() on @write->owner, which frees @write once done; a write of
 * CO_MEMBERS_WRITE_IN_WORKER_AT members or more in a worker. */
gboolean        co_members_write      (CoMembersWrite     *write,
                                       CoStore            *store,
                                       CoStoreWriteFunc    func,
                                       CoStoreWrittenFunc  done);

/* The writes more than one place asks for, on @ids (CoStoreWriteFunc): the tier @value, removed
 * from their group, back in it. */
gboolean        co_members_write_tier     (CoStore   *store,
                                           gpointer   write,
                                           GError   **error);
gboolean        co_members_write_remove   (CoStore   *store,
                                           gpointer   write,
                                           GError   **error);
gboolean        co_members_write_restore  (CoStore   *store,
                                           gpointer   write,
                                           GError   **error);

G_END_DECLS
