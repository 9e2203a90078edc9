/* co-members-write.c: a write of the members area's, kept while an import writes (co-members-write.h). */
#include "config.h"

#include "core/members/co-member.h"
#include "gui/members/co-members-write.h"

CoMembersWrite *
co_members_write_new (GtkWidget    *owner,
                      const gint64 *ids,
                      guint         n_ids)
{
  CoMembersWrite *write = g_new0 (CoMembersWrite, 1);

  write->owner = g_object_ref (owner);
  if (ids != NULL)
    {
      write->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
      g_array_append_vals (write->ids, ids, n_ids);
    }
  return write;
}

void
co_members_write_free (CoMembersWrite *write)
{
  g_object_unref (write->owner);
  g_clear_pointer (&write->ids, g_array_unref);
  g_free (write->text);
  g_free (write->text2);
  g_free (write);
}

gboolean
co_members_write (CoMembersWrite     *write,
                  CoStore            *store,
                  CoStoreWriteFunc    func,
                  CoStoreWrittenFunc  done)
{
  /* Tens of thousands of members take seconds to write (bench-selection-writes): in a worker. */
  CoWidgetWriteFlags flags = write->ids != NULL && write->ids->len >= CO_MEMBERS_WRITE_IN_WORKER_AT
                             ? CO_WIDGET_WRITE_IN_WORKER : CO_WIDGET_WRITE_DEFAULT;

  return co_widget_write_full (write->owner, store, func, write, (GDestroyNotify) co_members_write_free, done, flags);
}

gboolean
co_members_write_tier (CoStore  *store,
                       gpointer  data,
                       GError  **error)
{
  CoMembersWrite *write = data;

  return co_members_set_tier (store, (gint64 *) write->ids->data, write->ids->len, write->value, error);
}

gboolean
co_members_write_remove (CoStore  *store,
                         gpointer  data,
                         GError  **error)
{
  CoMembersWrite *write = data;

  return co_members_remove (store, (gint64 *) write->ids->data, write->ids->len, error);
}

gboolean
co_members_write_restore (CoStore  *store,
                          gpointer  data,
                          GError  **error)
{
  CoMembersWrite *write = data;

  return co_members_restore (store, (gint64 *) write->ids->data, write->ids->len, error);
}
