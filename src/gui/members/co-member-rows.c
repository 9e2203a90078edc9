/* co-member-rows.c: the members list as its view shows it (see co-member-rows.h). */
#include "config.h"

#include "gui/members/co-member-rows.h"

#include <gtk/gtk.h>

#include "core/members/co-member-list.h"

/* Rows kept beyond what a view holds; more are let go when nobody else holds them. */
#define ROWS_LIMIT 400

typedef struct
{
  gpointer         cell;
  CoMemberRowFunc  changed;
} Watcher;

struct _CoMemberRow
{
  GObject   parent_instance;
  CoMember *member;
  gulong    changed_id;
  GArray   *watchers;   /* Watcher: the cells showing the row */
};

G_DEFINE_FINAL_TYPE (CoMemberRow, co_member_row, G_TYPE_OBJECT)

static void
row_changed (CoMemberRow *self)
{
  for (guint i = 0; self->watchers != NULL && i < self->watchers->len; i++)
    {
      Watcher *watcher = &g_array_index (self->watchers, Watcher, i);

      watcher->changed (watcher->cell);
    }
}

void
co_member_row_watch (CoMemberRow     *self,
                     gpointer         cell,
                     CoMemberRowFunc  changed)
{
  Watcher watcher = { cell, changed };

  g_return_if_fail (CO_IS_MEMBER_ROW (self) && changed != NULL);

  if (self->watchers == NULL)
    self->watchers = g_array_sized_new (FALSE, FALSE, sizeof (Watcher), 16);
  g_array_append_val (self->watchers, watcher);
}

void
co_member_row_unwatch (CoMemberRow *self,
                       gpointer     cell)
{
  g_return_if_fail (CO_IS_MEMBER_ROW (self));

  for (guint i = 0; self->watchers != NULL && i < self->watchers->len; i++)
    if (g_array_index (self->watchers, Watcher, i).cell == cell)
      {
        g_array_remove_index_fast (self->watchers, i);
        return;
      }
}

static void
row_set_member (CoMemberRow *self,
                CoMember    *member)
{
  if (self->member != NULL)
    g_clear_signal_handler (&self->changed_id, self->member);
  g_set_object (&self->member, member);
  if (member != NULL)
    self->changed_id = g_signal_connect_swapped (member, "changed", G_CALLBACK (row_changed), self);
}

CoMember *
co_member_row_get_member (CoMemberRow *self)
{
  g_return_val_if_fail (CO_IS_MEMBER_ROW (self), NULL);

  return self->member;
}

static void
co_member_row_dispose (GObject *object)
{
  row_set_member (CO_MEMBER_ROW (object), NULL);
  g_clear_pointer (&CO_MEMBER_ROW (object)->watchers, g_array_unref);
  G_OBJECT_CLASS (co_member_row_parent_class)->dispose (object);
}

static void
co_member_row_class_init (CoMemberRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_member_row_dispose;
}

static void
co_member_row_init (CoMemberRow *self)
{
}

/* ---- the model ---------------------------------------------------------------------------- */

struct _CoMemberRows
{
  GObject     parent_instance;
  GListModel *members;
  GHashTable *rows;   /* position → CoMemberRow, owned */
  GtkScrollable *view;  /* weak */
};

/* Whether the row at @position is in sight in the view, its rows all of a height; a few more
 * around it as well. */
static gboolean
in_sight (CoMemberRows *self,
          guint         position)
{
  GtkAdjustment *adjustment = self->view != NULL ? gtk_scrollable_get_vadjustment (self->view) : NULL;
  double upper = adjustment != NULL ? gtk_adjustment_get_upper (adjustment) : 0;
  double n = g_list_model_get_n_items (self->members);
  double first, last;

  if (upper <= 0)
    return TRUE;
  first = gtk_adjustment_get_value (adjustment) / upper * n;
  last = (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)) / upper * n;
  return position + 3 >= first && position <= last + 3;
}

/* A CoMemberList reads the rows in sight at once and leaves the others to a worker
 * (co_member_list_get_shown()). */
static CoMember *
get_member (CoMemberRows *self,
            guint         position)
{
  if (CO_IS_MEMBER_LIST (self->members))
    return co_member_list_get_shown (CO_MEMBER_LIST (self->members), position, in_sight (self, position));
  return g_list_model_get_item (self->members, position);
}

static void co_member_rows_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CoMemberRows, co_member_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, co_member_rows_model_init))

static void
members_changed (CoMemberRows *self,
                 guint         position,
                 guint         removed,
                 guint         added)
{
  guint replaced = MIN (removed, added);
  g_autoptr(GHashTable) before = g_steal_pointer (&self->rows);
  g_autoptr(GArray) replaced_at = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key, row;

  self->rows = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &row))
    {
      guint at = GPOINTER_TO_UINT (key);

      if (at >= position + replaced && at < position + removed)
        continue;  /* gone: the view lets go of it */
      g_hash_table_iter_steal (&iter);
      if (at >= position + removed)
        at = at - removed + added;
      else if (at >= position)
        {
          /* Another member in place; a row nobody shows is not worth reading. */
          if (G_OBJECT (row)->ref_count == 1)
            {
              g_object_unref (row);
              continue;
            }
          g_array_append_val (replaced_at, at);
        }
      g_hash_table_insert (self->rows, GUINT_TO_POINTER (at), row);
    }

  if (removed != added)
    g_list_model_items_changed (G_LIST_MODEL (self), position + replaced, removed - replaced, added - replaced);
  for (guint i = 0; i < replaced_at->len; i++)
    {
      guint at = g_array_index (replaced_at, guint, i);
      CoMemberRow *kept = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (at));
      g_autoptr(CoMember) member = get_member (self, at);

      row_set_member (kept, member);
      row_changed (kept);
    }
}

static void
trim_rows (CoMemberRows *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    if (G_OBJECT (row)->ref_count == 1)
      g_hash_table_iter_remove (&iter);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CoMemberRows *self = CO_MEMBER_ROWS (model);
  CoMemberRow *row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position));
  g_autoptr(CoMember) member = NULL;

  if (row != NULL)
    return g_object_ref (row);
  if ((member = get_member (self, position)) == NULL)
    return NULL;
  if (g_hash_table_size (self->rows) >= ROWS_LIMIT)
    trim_rows (self);
  row = g_object_new (CO_TYPE_MEMBER_ROW, NULL);
  row_set_member (row, member);
  g_hash_table_insert (self->rows, GUINT_TO_POINTER (position), row);
  return g_object_ref (row);
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (CO_MEMBER_ROWS (model)->members);
}

static GType
get_item_type (GListModel *model)
{
  return CO_TYPE_MEMBER_ROW;
}

static void
co_member_rows_model_init (GListModelInterface *iface)
{
  iface->get_item = get_item;
  iface->get_n_items = get_n_items;
  iface->get_item_type = get_item_type;
}

static void
co_member_rows_dispose (GObject *object)
{
  CoMemberRows *self = CO_MEMBER_ROWS (object);

  co_member_rows_set_view (self, NULL);
  if (self->members != NULL)
    g_signal_handlers_disconnect_by_data (self->members, self);
  g_clear_object (&self->members);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  G_OBJECT_CLASS (co_member_rows_parent_class)->dispose (object);
}

static void
co_member_rows_class_init (CoMemberRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_member_rows_dispose;
}

static void
co_member_rows_init (CoMemberRows *self)
{
  self->rows = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
}

CoMemberRows *
co_member_rows_new (GListModel *members)
{
  CoMemberRows *self = g_object_new (CO_TYPE_MEMBER_ROWS, NULL);

  self->members = g_object_ref (members);
  g_signal_connect_swapped (members, "items-changed", G_CALLBACK (members_changed), self);
  return self;
}

void
co_member_rows_set_view (CoMemberRows  *self,
                         GtkScrollable *view)
{
  g_return_if_fail (CO_IS_MEMBER_ROWS (self));

  if (self->view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
  self->view = view;
  if (view != NULL)
    g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);
}
