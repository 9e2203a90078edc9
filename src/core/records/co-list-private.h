/* co-list-private.h: what the folders that define lists (plan/, team/, members/) use to write
 * their specs and checks, and the plan its own row. Nothing else includes it. */
#pragma once

#include "core/records/co-list.h"
#include "core/store/co-store-private.h"

G_BEGIN_DECLS

#define CO_FIELDS(array) array, G_N_ELEMENTS (array)

/* An item of @list (CO_N_LISTS for a row that is no list's, as the plan itself) with no values. */
CoItem  *co_item_new              (CoList             list,
                                   const CoFieldSpec *fields,
                                   guint              n_fields);
void     co_item_set_ids          (CoItem            *self,
                                   gint64             id,
                                   gint64             parent_id,
                                   gint64             group_id);
/* Reads the fields from @first_column on. */
void     co_item_read_values      (CoItem            *self,
                                   sqlite3_stmt      *stmt,
                                   int                first_column);
/* Binds a stored value (the text co_field_normalize() gives) as its column's type. */
void     co_list_bind_value       (sqlite3_stmt      *stmt,
                                   int                index,
                                   const CoFieldSpec *field,
                                   const char        *stored);
gboolean co_list_group_exists     (CoStore           *store,
                                   gint64             group_id,
                                   GError           **error);
/* Refuses @item when the date or time @second_key is before @first_key, with @message. */
gboolean co_list_check_order      (CoItem            *item,
                                   const char        *first_key,
                                   const char        *second_key,
                                   const char        *message,
                                   GError           **error);

G_END_DECLS
