/* co-segment.c: segments: their rows, checked against the workspace; their counts; @-mentions. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/members/co-member-list.h"
#include "core/members/co-segment.h"
#include "core/records/co-field.h"
#include "core/store/co-read-worker.h"
#include "core/store/co-store-private.h"

CoSegmentFilter *
co_segment_filter_from_query (CoStore             *store,
                              const CoMemberQuery *query)
{
  CoSegmentFilter *filter = query->segment != NULL ? co_segment_filter_copy (query->segment)
                                                   : co_segment_filter_new ();

  switch (query->show)
    {
    case CO_MEMBER_SHOW_SEEDS:
    case CO_MEMBER_SHOW_UNREPLIED:
      filter->seed = 1;
      break;
    case CO_MEMBER_SHOW_CORE:
      filter->core = 1;
      break;
    case CO_MEMBER_SHOW_SLIPPING:
      filter->silent_days = query->slipping_days ? query->slipping_days : 14;
      break;
    default:
      break;
    }
  if (query->tier_id != 0)
    {
      sqlite3_stmt *stmt = co_store_prepare (store, "SELECT uuid FROM tiers WHERE id = ?", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, query->tier_id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              g_free (filter->tier);
              filter->tier = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
            }
          sqlite3_reset (stmt);
        }
    }
  return filter;
}

/* ---- the segments ------------------------------------------------------------------------- */

void
co_segment_free (CoSegment *segment)
{
  if (segment == NULL)
    return;
  g_free (segment->uuid);
  g_free (segment->name);
  g_free (segment->json);
  co_segment_filter_free (segment->filter);
  g_free (segment->broken);
  g_free (segment);
}

static GPtrArray *
read_segments (CoStore     *store,
               const char  *where,
               gint64       id,
               GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id, uuid, name, filter FROM segments%s ORDER BY position, id", where);
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func ((GDestroyNotify) co_segment_free);
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (id != 0)
    sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CoSegment *segment = g_new0 (CoSegment, 1);
      g_autoptr(GError) local_error = NULL;

      segment->id = sqlite3_column_int64 (stmt, 0);
      segment->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      segment->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      segment->json = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      segment->filter = co_segment_filter_from_json (segment->json, &local_error);
      if (segment->filter == NULL)
        segment->broken = g_strdup (local_error->message);
      g_ptr_array_add (segments, segment);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  /* Checked once the statement is done: the check prepares its own. */
  for (guint i = 0; i < segments->len; i++)
    {
      CoSegment *segment = segments->pdata[i];
      if (segment->filter != NULL)
        segment->broken = co_segment_filter_check (store, segment->filter);
    }
  return g_steal_pointer (&segments);
}

GPtrArray *
co_segments_list (CoStore  *store,
                  GError  **error)
{
  return read_segments (store, "", 0, error);
}

CoSegment *
co_segment_get (CoStore  *store,
                gint64    segment_id,
                GError  **error)
{
  g_autoptr(GPtrArray) segments = read_segments (store, " WHERE id = ?1", segment_id, error);

  if (segments == NULL)
    return NULL;
  if (segments->len == 0)
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND, _("The segment no longer exists."));
      return NULL;
    }
  return g_ptr_array_steal_index (segments, 0);
}

CoSegment *
co_segment_find (CoStore     *store,
                 const char  *name,
                 GError     **error)
{
  g_autoptr(GPtrArray) segments = co_segments_list (store, error);
  g_autofree char *folded = g_utf8_casefold (name != NULL ? name : "", -1);
  g_autoptr(GString) names = g_string_new (NULL);

  if (segments == NULL)
    return NULL;
  for (guint i = 0; i < segments->len; i++)
    {
      CoSegment *segment = segments->pdata[i];
      g_autofree char *other = g_utf8_casefold (segment->name, -1);

      if (g_str_equal (folded, other))
        return g_ptr_array_steal_index (segments, i);
      /* Translators: between the names of segments in a message */
      g_string_append_printf (names, "%s“%s”", names->len > 0 ? _(", ") : "", segment->name);
    }
  if (segments->len == 0)
    g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND, _("There is no segment “%s”: there are none yet."),
                 name);
  else
    g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND, _("There is no segment “%s”. There are: %s."),
                 name, names->str);
  return NULL;
}

static char *
check_segment_name (CoStore     *store,
                    const char  *name,
                    gint64       except_id,
                    GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autoptr(GPtrArray) segments = NULL;
  g_autofree char *folded = NULL;

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE, _("Segment: the name is empty."));
      return NULL;
    }
  if (g_utf8_strlen (trimmed, -1) > CO_FIELD_TEXT_MAX || strchr (trimmed, '\n') != NULL)
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                   _("Segment: the name should be one line of at most %d characters."), CO_FIELD_TEXT_MAX);
      return NULL;
    }
  if ((segments = co_segments_list (store, error)) == NULL)
    return NULL;
  folded = g_utf8_casefold (trimmed, -1);
  for (guint i = 0; i < segments->len; i++)
    {
      CoSegment *segment = segments->pdata[i];
      g_autofree char *other = g_utf8_casefold (segment->name, -1);

      if (segment->id != except_id && g_str_equal (folded, other))
        {
          g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE, _("There is a segment “%s” already."),
                       segment->name);
          return NULL;
        }
    }
  return g_steal_pointer (&trimmed);
}

/* One statement (?1 id, ?2 name, ?3 filter, ?4 now, ?5 uuid: each where it is used) in its
 * own transaction, noted as a change of "segments". */
static gint64
write_segment (CoStore     *store,
               const char  *sql,
               gint64       id,
               const char  *name,
               const char  *json,
               GError     **error)
{
  g_autofree char *now = co_store_now ();
  char uuid[37];
  sqlite3_stmt *stmt;
  gint64 result;

  if (!co_store_begin (store, error))
    return 0;
  if ((stmt = co_store_prepare (store, sql, error)) == NULL)
    goto failed;
  co_uuid_random (uuid);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, uuid, -1, SQLITE_TRANSIENT);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  result = g_str_has_prefix (sql, "INSERT") ? co_store_last_insert_rowid (store) : 1;
  co_store_note_change (store, "segments", 0);
  if (!co_store_commit (store, error))
    return 0;
  return result;

failed:
  co_store_rollback (store);
  return 0;
}

gint64
co_segment_add (CoStore                *store,
                const char             *name,
                const CoSegmentFilter  *filter,
                GError                **error)
{
  g_autofree char *trimmed = check_segment_name (store, name, 0, error);
  g_autofree char *json = NULL;

  if (trimmed == NULL)
    return 0;
  json = co_segment_filter_to_json (filter);
  return write_segment (store, "INSERT INTO segments (uuid, position, created_at, updated_at, name, filter)"
                               " SELECT ?5, coalesce (max (position) + 1, 0), ?4, ?4, ?2, ?3 FROM segments",
                        0, trimmed, json, error);
}

gboolean
co_segment_rename (CoStore     *store,
                   gint64       segment_id,
                   const char  *name,
                   GError     **error)
{
  g_autofree char *trimmed = check_segment_name (store, name, segment_id, error);

  return trimmed != NULL &&
         write_segment (store, "UPDATE segments SET name = ?2, updated_at = ?4 WHERE id = ?1", segment_id, trimmed,
                        NULL, error) != 0;
}

gboolean
co_segment_set_filter (CoStore                *store,
                       gint64                  segment_id,
                       const CoSegmentFilter  *filter,
                       GError                **error)
{
  g_autofree char *json = co_segment_filter_to_json (filter);

  return write_segment (store, "UPDATE segments SET filter = ?3, updated_at = ?4 WHERE id = ?1", segment_id, NULL,
                        json, error) != 0;
}

gboolean
co_segment_delete (CoStore  *store,
                   gint64    segment_id,
                   GError  **error)
{
  return write_segment (store, "DELETE FROM segments WHERE id = ?1", segment_id, NULL, NULL, error) != 0;
}

/* ---- counting ----------------------------------------------------------------------------- */

gint64
co_segment_count (CoStore                *store,
                  gint64                  group_id,
                  const CoSegmentFilter  *filter,
                  const char             *today,
                  GError                **error)
{
  CoMemberQuery query = { .group_id = group_id, .show = CO_MEMBER_SHOW_ALL, .segment = filter, .today = today };

  return co_member_query_count (store, &query, error);
}

typedef struct
{
  gint64           group_id;
  CoSegmentFilter *filter;
} CountJob;

static void
count_job_free (CountJob *job)
{
  co_segment_filter_free (job->filter);
  g_free (job);
}

/* The count, boxed: a read in a worker returns a pointer. */
static gpointer
count_in_worker (CoStore       *reader,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  CountJob *job = data;
  gint64 count = co_segment_count (reader, job->group_id, job->filter, NULL, error);

  return count >= 0 ? g_memdup2 (&count, sizeof count) : NULL;
}

void
co_segment_count_async (CoStore               *store,
                        gint64                 group_id,
                        const CoSegmentFilter *filter,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  CountJob *job = g_new0 (CountJob, 1);

  job->group_id = group_id;
  job->filter = co_segment_filter_copy (filter);
  co_read_in_worker (store, count_in_worker, job, (GDestroyNotify) count_job_free, g_free, cancellable, callback,
                     user_data);
}

gint64
co_segment_count_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_autofree gint64 *count = co_read_in_worker_finish (result, error);

  return count != NULL ? *count : -1;
}

/* ---- mentions ----------------------------------------------------------------------------- */

char *
co_members_mentions (CoStore       *store,
                     const gint64  *ids,
                     guint          n_ids,
                     guint         *n_people,
                     GError       **error)
{
  g_autofree char *json = co_ids_json (ids, n_ids);
  /* In the order given: json_each's key is the position. */
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT m.nickname FROM json_each (?1) j"
                                                " JOIN memberships s ON s.id = j.value JOIN members m ON m.id = s.member_id"
                                                " GROUP BY m.id ORDER BY min (j.key)", error);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append_printf (text, "%s@%s", n > 0 ? " " : "", (const char *) sqlite3_column_text (stmt, 0));
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  if (n_people != NULL)
    *n_people = n;
  return g_string_free (g_steal_pointer (&text), FALSE);
}
