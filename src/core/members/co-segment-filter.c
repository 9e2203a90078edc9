/* co-segment-filter.c: a segment's criteria and their JSON. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/formats/co-json.h"
#include "core/members/co-member.h"
#include "core/members/co-segment-filter.h"
#include "core/records/co-field.h"
#include "core/store/co-store-private.h"

/* A filter is a few dozen bytes; anything much bigger is not one. */
#define FILTER_MAX_BYTES (64 * 1024)
#define FILTER_MAX_DEPTH 4
#define DAYS_MAX 36500

/* ---- the filter --------------------------------------------------------------------------- */

CoSegmentFilter *
co_segment_filter_new (void)
{
  CoSegmentFilter *filter = g_new0 (CoSegmentFilter, 1);

  filter->seed = -1;
  filter->core = -1;
  filter->min_points = -1;
  return filter;
}

void
co_segment_filter_free (CoSegmentFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->tier);
  g_strfreev (filter->tags);
  g_free (filter->joined_from);
  g_free (filter->joined_to);
  g_free (filter);
}

CoSegmentFilter *
co_segment_filter_copy (const CoSegmentFilter *filter)
{
  CoSegmentFilter *copy = g_memdup2 (filter, sizeof *filter);

  copy->tier = g_strdup (filter->tier);
  copy->tags = g_strdupv (filter->tags);
  copy->joined_from = g_strdup (filter->joined_from);
  copy->joined_to = g_strdup (filter->joined_to);
  return copy;
}

gboolean
co_segment_filter_is_empty (const CoSegmentFilter *filter)
{
  return filter->tier == NULL && (filter->tags == NULL || filter->tags[0] == NULL) && filter->seed < 0 &&
         filter->core < 0 && filter->joined_from == NULL && filter->joined_to == NULL && filter->active_days == 0 &&
         filter->silent_days == 0 && filter->min_points < 0;
}

gboolean
co_segment_filter_has_tag (const CoSegmentFilter *filter,
                           const char            *tag_uuid)
{
  return filter->tags != NULL && g_strv_contains ((const char * const *) filter->tags, tag_uuid);
}

void
co_segment_filter_add_tag (CoSegmentFilter *filter,
                           const char      *tag_uuid)
{
  guint n = filter->tags != NULL ? g_strv_length (filter->tags) : 0;

  if (co_segment_filter_has_tag (filter, tag_uuid))
    return;
  filter->tags = g_renew (char *, filter->tags, n + 2);
  filter->tags[n] = g_strdup (tag_uuid);
  filter->tags[n + 1] = NULL;
}

char *
co_segment_filter_to_json (const CoSegmentFilter *filter)
{
  g_autoptr(CoJsonWriter) writer = co_json_writer_new ();
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  co_json_writer_begin_object (writer);
  if (filter->tier != NULL)
    {
      co_json_writer_member (writer, "tier");
      co_json_writer_string (writer, filter->tier);
    }
  if (filter->tags != NULL && filter->tags[0] != NULL)
    {
      co_json_writer_member (writer, "tags");
      co_json_writer_begin_array (writer);
      for (guint i = 0; filter->tags[i] != NULL; i++)
        co_json_writer_string (writer, filter->tags[i]);
      co_json_writer_end_array (writer);
    }
  if (filter->seed >= 0)
    {
      co_json_writer_member (writer, "seed");
      co_json_writer_bool (writer, filter->seed);
    }
  if (filter->core >= 0)
    {
      co_json_writer_member (writer, "core");
      co_json_writer_bool (writer, filter->core);
    }
  if (filter->joined_from != NULL)
    {
      co_json_writer_member (writer, "joined_from");
      co_json_writer_string (writer, filter->joined_from);
    }
  if (filter->joined_to != NULL)
    {
      co_json_writer_member (writer, "joined_to");
      co_json_writer_string (writer, filter->joined_to);
    }
  if (filter->active_days > 0)
    {
      co_json_writer_member (writer, "active_days");
      co_json_writer_int (writer, filter->active_days);
    }
  if (filter->silent_days > 0)
    {
      co_json_writer_member (writer, "silent_days");
      co_json_writer_int (writer, filter->silent_days);
    }
  if (filter->min_points >= 0)
    {
      co_json_writer_member (writer, "min_points");
      co_json_writer_int (writer, filter->min_points);
    }
  co_json_writer_end_object (writer);
  bytes = co_json_writer_finish (writer);
  data = g_bytes_get_data (bytes, &length);
  /* Without the writer's final newline. */
  while (length > 0 && data[length - 1] == '\n')
    length--;
  return g_strndup (data, length);
}

static gboolean
unreadable (GError     **error,
            const char  *member,
            const char  *why)
{
  /* Translators: the first %s is a criterion's name in the saved filter ("tags", "seed"), the
   * second why it cannot be read */
  g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE, _("The saved filter’s “%s” %s"), member, why);
  return FALSE;
}

static gboolean
read_flag (JsonNode  *node,
           const char *member,
           int       *out,
           GError   **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return unreadable (error, member, _("should be true or false."));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_uuid (JsonNode    *node,
           const char  *member,
           char       **out,
           GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_uuid_string_is_valid (json_node_get_string (node)))
    return unreadable (error, member, _("should be a uuid."));
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_date (JsonNode    *node,
           const char  *member,
           char       **out,
           GError     **error)
{
  g_autofree char *iso = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    iso = co_date_parse (json_node_get_string (node));
  if (iso == NULL || !g_str_equal (iso, json_node_get_string (node)))
    return unreadable (error, member, _("should be a date written like 2025-03-01."));
  *out = g_steal_pointer (&iso);
  return TRUE;
}

static gboolean
read_number (JsonNode    *node,
             const char  *member,
             gint64       max,
             gint64      *out,
             GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > max)
    {
      g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT, max);
      g_autofree char *why = g_strdup_printf (_("should be a whole number from 0 to %s."), limit);
      return unreadable (error, member, why);
    }
  *out = json_node_get_int (node);
  return TRUE;
}

CoSegmentFilter *
co_segment_filter_from_json (const char  *json,
                             GError     **error)
{
  g_autoptr(CoSegmentFilter) filter = co_segment_filter_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (json != NULL ? json : "", json != NULL ? strlen (json) : 0);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = co_json_parse (bytes, FILTER_MAX_BYTES, FILTER_MAX_DEPTH, &local_error);
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE, _("The saved filter cannot be read: %s"),
                   local_error != NULL ? local_error->message : _("it is not a JSON object."));
      return NULL;
    }
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &member, &node))
    {
      gint64 number;
      gboolean ok = TRUE;

      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (g_str_equal (member, "tier"))
        ok = read_uuid (node, member, &filter->tier, error);
      else if (g_str_equal (member, "tags"))
        {
          JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          if (array == NULL)
            return unreadable (error, member, _("should be a list.")), NULL;
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              g_autofree char *uuid = NULL;

              if (!read_uuid (json_array_get_element (array, i), member, &uuid, error))
                return NULL;
              co_segment_filter_add_tag (filter, uuid);
            }
        }
      else if (g_str_equal (member, "seed"))
        ok = read_flag (node, member, &filter->seed, error);
      else if (g_str_equal (member, "core"))
        ok = read_flag (node, member, &filter->core, error);
      else if (g_str_equal (member, "joined_from"))
        ok = read_date (node, member, &filter->joined_from, error);
      else if (g_str_equal (member, "joined_to"))
        ok = read_date (node, member, &filter->joined_to, error);
      else if (g_str_equal (member, "active_days"))
        ok = read_number (node, member, DAYS_MAX, &number, error) && (filter->active_days = number, TRUE);
      else if (g_str_equal (member, "silent_days"))
        ok = read_number (node, member, DAYS_MAX, &number, error) && (filter->silent_days = number, TRUE);
      else if (g_str_equal (member, "min_points"))
        ok = read_number (node, member, CO_FIELD_COUNT_MAX, &filter->min_points, error);
      /* Else a criterion of a newer version: this one cannot apply it, but the rest stand. */
      if (!ok)
        return NULL;
    }
  return g_steal_pointer (&filter);
}

static gboolean
row_exists (CoStore    *store,
            const char *sql,
            const char *uuid)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  return co_store_step_int (stmt, 0) != 0;
}

char *
co_segment_filter_check (CoStore               *store,
                         const CoSegmentFilter *filter)
{
  if (filter->tier != NULL &&
      !row_exists (store, "SELECT 1 FROM tiers WHERE uuid = ? AND deleted_at IS NULL", filter->tier))
    return g_strdup (_("The tier this segment asks for was deleted."));
  for (guint i = 0; filter->tags != NULL && filter->tags[i] != NULL; i++)
    if (!row_exists (store, "SELECT 1 FROM tags WHERE uuid = ?", filter->tags[i]))
      return g_strdup (_("A tag this segment asks for was deleted."));
  return NULL;
}

char *
co_segment_filter_describe (CoStore               *store,
                            const CoSegmentFilter *filter)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (filter->core >= 0)
    g_ptr_array_add (parts, g_strdup (filter->core ? _("Core members") : _("Not core members")));
  if (filter->seed >= 0)
    g_ptr_array_add (parts, g_strdup (filter->seed ? _("Seed users") : _("Not seed users")));
  if (filter->tier != NULL)
    {
      sqlite3_stmt *stmt = co_store_prepare (store, "SELECT coalesce (name, builtin) FROM tiers WHERE uuid = ?", NULL);
      g_autofree char *name = NULL;

      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, filter->tier, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          sqlite3_reset (stmt);
        }
      /* Translators: a segment's criterion: the tier's name */
      g_ptr_array_add (parts, g_strdup_printf (_("Tier: %s"), name != NULL ? name : "?"));
    }
  for (guint i = 0; filter->tags != NULL && filter->tags[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = co_store_prepare (store, "SELECT name FROM tags WHERE uuid = ?", NULL);
      char *name = NULL;

      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, filter->tags[i], -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          sqlite3_reset (stmt);
        }
      g_ptr_array_add (parts, name != NULL ? name : g_strdup (_("(deleted tag)")));
    }
  if (filter->joined_from != NULL || filter->joined_to != NULL)
    {
      g_autofree char *from = filter->joined_from ? co_date_format_display (filter->joined_from) : NULL;
      g_autofree char *to = filter->joined_to ? co_date_format_display (filter->joined_to) : NULL;

      if (from != NULL && to != NULL)
        g_ptr_array_add (parts, g_strdup_printf (_("Joined %s–%s"), from, to));
      else if (from != NULL)
        g_ptr_array_add (parts, g_strdup_printf (_("Joined from %s"), from));
      else
        g_ptr_array_add (parts, g_strdup_printf (_("Joined until %s"), to));
    }
  if (filter->active_days > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Active in the last %u day",
                                                          "Active in the last %u days", filter->active_days),
                                             filter->active_days));
  if (filter->silent_days > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Quiet for %u day or more",
                                                          "Quiet for %u days or more", filter->silent_days),
                                             filter->silent_days));
  if (filter->min_points >= 0)
    {
      g_autofree char *points = g_strdup_printf ("%" G_GINT64_FORMAT, filter->min_points);
      /* Translators: a segment's criterion; %s is a number */
      g_ptr_array_add (parts, g_strdup_printf (_("At least %s points"), points));
    }
  if (parts->len == 0)
    return g_strdup (_("All members"));
  g_ptr_array_add (parts, NULL);
  /* Translators: between a segment's criteria */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

