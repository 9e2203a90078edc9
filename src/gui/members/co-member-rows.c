/* co-member-rows.c: the members list as its view shows it (see co-member-rows.h). */
#include "config.h"

#include "gui/members/co-member-rows.h"

/* Rows kept beyond what a view holds; more are let go when nobody else holds them. */
#define ROWS_LIMIT 400

struct _CoMemberRow
{
  GObject   parent_instance;
  CoMember *member;
  gulong    changed_id;
};

G_DEFINE_FINAL_TYPE (CoMemberRow, co_member_row, G_TYPE_OBJECT)

enum { ROW_CHANGED, N_ROW_SIGNALS };
static guint row_signals[N_ROW_SIGNALS];

static void
row_member_changed (CoMemberRow *self)
{
  g_signal_emit (self, row_signals[ROW_CHANGED], 0);
}

static void
row_set_member (CoMemberRow *self,
                CoMember    *member)
{
  if (self->member != NULL)
    g_clear_signal_handler (&self->changed_id, self->member);
  g_set_object (&self->member, member);
  if (member != NULL)
    self->changed_id = g_signal_connect_swapped (member, "changed", G_CALLBACK (row_member_changed), self);
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
  G_OBJECT_CLASS (co_member_row_parent_class)->dispose (object);
}

static void
co_member_row_class_init (CoMemberRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_member_row_dispose;
  row_signals[ROW_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
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
};

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
      g_autoptr(CoMember) member = g_list_model_get_item (self->members, at);

      row_set_member (kept, member);
      g_signal_emit (kept, row_signals[ROW_CHANGED], 0);
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
  if ((member = g_list_model_get_item (self->members, position)) == NULL)
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
