/* co-row-map.c: references to rows, in a hash table. */
#include "config.h"

#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-row-map.h"

GHashTable *
co_row_map_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
co_row_map_add (GHashTable *map,
                char       *reference,
                GtkWidget  *widget)
{
  g_hash_table_replace (map, reference, widget);
}

GtkWidget *
co_row_map_lookup (GHashTable *map,
                   const char *format,
                   ...)
{
  g_autofree char *reference = NULL;
  va_list args;

  va_start (args, format);
  reference = g_strdup_vprintf (format, args);
  va_end (args);
  return g_hash_table_lookup (map, reference);
}

void
co_row_map_flush (GHashTable *map)
{
  GHashTableIter iter;
  gpointer widget;

  g_hash_table_iter_init (&iter, map);
  while (g_hash_table_iter_next (&iter, NULL, &widget))
    if (co_is_field_row (widget))
      co_field_row_flush (widget);
}
