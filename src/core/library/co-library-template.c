/* co-library-template.c: the library in plan templates (co-library-template.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/library/co-library.h"
#include "core/library/co-library-template.h"
#include "core/store/co-store-private.h"

/* The members of a template's library item, in the order the file writes them. */
static const char *const members[] = { "kind", "title", "body", "stage", "group_type", "topic" };

gint64
co_library_find_title (CoStore    *store,
                       const char *title)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id FROM library_items WHERE title = ?1 AND deleted_at IS NULL"
                                                " ORDER BY kind <> 'text', id LIMIT 1", NULL);

  if (stmt == NULL || title == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, title, -1, SQLITE_TRANSIENT);
  return co_store_step_int (stmt, 0);
}

static gint64
find_item (CoStore    *store,
           const char *kind,
           const char *title)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id FROM library_items WHERE kind = ?1 AND title = ?2"
                                                " AND deleted_at IS NULL LIMIT 1", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_TRANSIENT);
  return co_store_step_int (stmt, 0);
}

gboolean
co_library_apply_template (CoStore     *store,
                           JsonArray   *library,
                           const char  *path,
                           GError     **error)
{
  for (guint i = 0; i < json_array_get_length (library); i++)
    {
      JsonNode *node = json_array_get_element (library, i);
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      const char *values[G_N_ELEMENTS (members)] = { NULL };
      JsonObject *object;
      CoLibraryNew item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_READ, _("%s: this should be an object."), item_path);
          return FALSE;
        }
      object = json_node_get_object (node);
      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        {
          JsonNode *member = json_object_get_member (object, members[m]);

          if (member == NULL || JSON_NODE_HOLDS_NULL (member))
            continue;
          if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
            {
              g_set_error (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_READ, _("%s.%s: this should be text."),
                           item_path, members[m]);
              return FALSE;
            }
          values[m] = json_node_get_string (member);
        }
      if (values[0] == NULL)
        values[0] = "text";
      /* An image of a template is only its name: the workspace keeps the picture, or has none. */
      if (co_library_kind_is_image (values[0]) || find_item (store, values[0], values[1]) != 0)
        continue;
      item = (CoLibraryNew) { values[0], values[1], values[2], values[3], values[4], values[5], NULL, NULL };
      if (co_library_add (store, &item, error) == 0)
        {
          g_prefix_error (error, "%s: ", item_path);
          return FALSE;
        }
    }
  return TRUE;
}

JsonNode *
co_library_template_items (CoStore  *store,
                           gint64    group_id,
                           GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT kind, title, body, stage, group_type, topic FROM library_items"
                                                " WHERE deleted_at IS NULL AND id IN"
                                                " (SELECT library_item_id FROM content_items WHERE group_id = ?1"
                                                "  AND deleted_at IS NULL"
                                                "  UNION SELECT library_item_id FROM sop_steps WHERE group_id = ?1"
                                                "  AND deleted_at IS NULL)"
                                                " ORDER BY position, id", error);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean image = co_library_kind_is_image ((const char *) sqlite3_column_text (stmt, 0));

      json_builder_begin_object (builder);
      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        if (sqlite3_column_type (stmt, (int) m) != SQLITE_NULL && (!image || m < 2))
          {
            json_builder_set_member_name (builder, members[m]);
            json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, (int) m));
          }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  return json_builder_get_root (builder);
}
