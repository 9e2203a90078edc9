/* co-tag.c: tag groups, tags, and which people have which tags. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/members/co-member.h"
#include "core/members/co-tag.h"
#include "core/records/co-field.h"
#include "core/store/co-store-private.h"

void
co_tag_free (CoTag *tag)
{
  if (tag == NULL)
    return;
  g_free (tag->uuid);
  g_free (tag->name);
  g_free (tag->group_name);
  g_free (tag);
}

CoTag *
co_tag_copy (const CoTag *tag)
{
  CoTag *copy = g_new0 (CoTag, 1);

  copy->id = tag->id;
  copy->uuid = g_strdup (tag->uuid);
  copy->name = g_strdup (tag->name);
  copy->tag_group_id = tag->tag_group_id;
  copy->group_name = g_strdup (tag->group_name);
  return copy;
}

void
co_tag_group_free (CoTagGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->uuid);
  g_free (group->name);
  g_ptr_array_unref (group->tags);
  g_free (group);
}

#define TAG_COLUMNS "t.id, t.uuid, t.name, g.id, g.name"
#define TAG_FROM " FROM tags t JOIN tag_groups g ON g.id = t.tag_group_id"
#define TAG_ORDER " ORDER BY g.position, g.id, t.position, t.id"

static CoTag *
read_tag (sqlite3_stmt *stmt)
{
  CoTag *tag = g_new0 (CoTag, 1);

  tag->id = sqlite3_column_int64 (stmt, 0);
  tag->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  tag->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  tag->tag_group_id = sqlite3_column_int64 (stmt, 3);
  tag->group_name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  return tag;
}

/* The rows of @stmt (its parameters bound) as CoTags. */
static GPtrArray *
read_tags (CoStore       *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func ((GDestroyNotify) co_tag_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tags, read_tag (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&tags);
}

GPtrArray *
co_tags_list (CoStore  *store,
              GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT " TAG_COLUMNS TAG_FROM TAG_ORDER, error);

  return stmt != NULL ? read_tags (store, stmt, error) : NULL;
}

GPtrArray *
co_tag_groups_list (CoStore  *store,
                    GError  **error)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) co_tag_group_free);
  g_autoptr(GPtrArray) tags = co_tags_list (store, error);
  sqlite3_stmt *stmt;

  if (tags == NULL)
    return NULL;
  /* Groups without tags are listed too, so not from the tags alone. */
  stmt = co_store_prepare (store, "SELECT id, uuid, name FROM tag_groups ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CoTagGroup *group = g_new0 (CoTagGroup, 1);

      group->id = sqlite3_column_int64 (stmt, 0);
      group->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      group->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      group->tags = g_ptr_array_new_with_free_func ((GDestroyNotify) co_tag_free);
      for (guint i = 0; i < tags->len; i++)
        {
          CoTag *tag = tags->pdata[i];
          if (tag->tag_group_id == group->id)
            g_ptr_array_add (group->tags, co_tag_copy (tag));
        }
      g_ptr_array_add (groups, group);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&groups);
}

CoTag *
co_tag_get (CoStore  *store,
            gint64    tag_id,
            GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT " TAG_COLUMNS TAG_FROM " WHERE t.id = ?", error);
  g_autoptr(GPtrArray) tags = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, tag_id);
  if ((tags = read_tags (store, stmt, error)) == NULL)
    return NULL;
  if (tags->len == 0)
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND, _("The tag no longer exists."));
      return NULL;
    }
  return co_tag_copy (tags->pdata[0]);
}

static gboolean
names_equal (const char *a,
             const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);
  return g_str_equal (fa, fb);
}

gint64
co_tag_find (CoStore     *store,
             const char  *name,
             GError     **error)
{
  g_autoptr(GPtrArray) tags = co_tags_list (store, error);
  g_auto(GStrv) parts = g_strsplit (name, "/", 2);
  g_autofree char *tag_name = g_strstrip (g_strdup (parts[1] != NULL ? parts[1] : parts[0]));
  g_autofree char *group_name = parts[1] != NULL ? g_strstrip (g_strdup (parts[0])) : NULL;
  gint64 found = 0;
  guint n_found = 0;

  if (tags == NULL)
    return 0;
  for (guint i = 0; i < tags->len; i++)
    {
      CoTag *tag = tags->pdata[i];

      if (names_equal (tag->name, tag_name) && (group_name == NULL || names_equal (tag->group_name, group_name)))
        found = tag->id, n_found++;
    }
  if (n_found == 1)
    return found;
  if (n_found == 0)
    g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND, _("There is no tag “%s”."), name);
  else
    g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                 _("Several tag groups have a tag “%s”: write it with its group, as in “group/%s”."), tag_name,
                 tag_name);
  return 0;
}

/* The name trimmed, or NULL with @error saying why it cannot be one. */
static char *
check_name (const char  *name,
            const char  *what,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*trimmed == '\0')
    {
      /* Translators: %s is "Tag", "Tag group" or "Segment" */
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE, _("%s: the name is empty."), what);
      return NULL;
    }
  if (g_utf8_strlen (trimmed, -1) > CO_FIELD_TEXT_MAX || strchr (trimmed, '\n') != NULL)
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                   _("%s: the name should be one line of at most %d characters."), what, CO_FIELD_TEXT_MAX);
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

/* Whether another row of @sql's rows (id, name; ?1 bound by the caller) has @name in any case. */
static gboolean
name_taken (sqlite3_stmt *stmt,
            const char   *name,
            gint64        except_id)
{
  gboolean taken = FALSE;

  while (!taken && sqlite3_step (stmt) == SQLITE_ROW)
    taken = sqlite3_column_int64 (stmt, 0) != except_id &&
            names_equal ((const char *) sqlite3_column_text (stmt, 1), name);
  sqlite3_reset (stmt);
  return taken;
}

static gboolean
check_group_name_free (CoStore     *store,
                       const char  *name,
                       gint64       except_id,
                       GError     **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id, name FROM tag_groups", error);

  if (stmt == NULL)
    return FALSE;
  if (name_taken (stmt, name, except_id))
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE, _("There is a tag group “%s” already."), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_tag_name_free (CoStore     *store,
                     gint64       tag_group_id,
                     const char  *name,
                     gint64       except_id,
                     GError     **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id, name FROM tags WHERE tag_group_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tag_group_id);
  if (name_taken (stmt, name, except_id))
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE, _("This group has a tag “%s” already."), name);
      return FALSE;
    }
  return TRUE;
}

/* Runs @sql (?1 @id, ?2 @text, ?3 now, ?4 a new uuid: each where it uses them) as one write
 * noted as a change of "tags"; a deletion changes people's tags too. */
static gint64
write_one (CoStore     *store,
           const char  *sql,
           gint64       id,
           const char  *text,
           GError     **error)
{
  g_autofree char *now = co_store_now ();
  char uuid[37];
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return 0;
  co_uuid_random (uuid);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, uuid, -1, SQLITE_TRANSIENT);
  if (!co_store_step_done (store, stmt, error))
    return 0;
  co_store_note_change (store, "tags", 0);
  if (g_str_has_prefix (sql, "DELETE"))
    co_store_note_change (store, "members", 0);
  return g_str_has_prefix (sql, "INSERT") ? co_store_last_insert_rowid (store) : 1;
}

/* One write in its own transaction. */
static gint64
write_in_transaction (CoStore     *store,
                      const char  *sql,
                      gint64       id,
                      const char  *text,
                      GError     **error)
{
  gint64 result;

  if (!co_store_begin (store, error))
    return 0;
  if ((result = write_one (store, sql, id, text, error)) == 0 || !co_store_commit (store, error))
    {
      co_store_rollback (store);
      return 0;
    }
  return result;
}

gint64
co_tag_group_add (CoStore     *store,
                  const char  *name,
                  GError     **error)
{
  g_autofree char *trimmed = check_name (name, _("Tag group"), error);

  if (trimmed == NULL || !check_group_name_free (store, trimmed, 0, error))
    return 0;
  return write_in_transaction (store, "INSERT INTO tag_groups (uuid, position, created_at, updated_at, name)"
                                      " SELECT ?4, coalesce (max (position) + 1, 0), ?3, ?3, ?2 FROM tag_groups"
                                      " WHERE ?1 = ?1", 0, trimmed, error);
}

gboolean
co_tag_group_rename (CoStore     *store,
                     gint64       tag_group_id,
                     const char  *name,
                     GError     **error)
{
  g_autofree char *trimmed = check_name (name, _("Tag group"), error);

  if (trimmed == NULL || !check_group_name_free (store, trimmed, tag_group_id, error))
    return FALSE;
  return write_in_transaction (store, "UPDATE tag_groups SET name = ?2, updated_at = ?3 WHERE id = ?1",
                               tag_group_id, trimmed, error) != 0;
}

gboolean
co_tag_group_delete (CoStore  *store,
                     gint64    tag_group_id,
                     GError  **error)
{
  /* Its tags, and their people's, go with it (ON DELETE CASCADE). */
  return write_in_transaction (store, "DELETE FROM tag_groups WHERE id = ?1",
                               tag_group_id, "", error) != 0;
}

gint64
co_tag_add (CoStore     *store,
            gint64       tag_group_id,
            const char  *name,
            GError     **error)
{
  g_autofree char *trimmed = check_name (name, _("Tag"), error);

  if (trimmed == NULL || !check_tag_name_free (store, tag_group_id, trimmed, 0, error))
    return 0;
  return write_in_transaction (store, "INSERT INTO tags (uuid, tag_group_id, position, created_at, updated_at, name)"
                                      " SELECT ?4, ?1, coalesce (max (position) + 1, 0), ?3, ?3, ?2 FROM tags"
                                      " WHERE tag_group_id = ?1", tag_group_id, trimmed, error);
}

gboolean
co_tag_rename (CoStore     *store,
               gint64       tag_id,
               const char  *name,
               GError     **error)
{
  g_autofree char *trimmed = check_name (name, _("Tag"), error);
  g_autoptr(CoTag) tag = trimmed != NULL ? co_tag_get (store, tag_id, error) : NULL;

  if (tag == NULL || !check_tag_name_free (store, tag->tag_group_id, trimmed, tag_id, error))
    return FALSE;
  return write_in_transaction (store, "UPDATE tags SET name = ?2, updated_at = ?3 WHERE id = ?1",
                               tag_id, trimmed, error) != 0;
}

gboolean
co_tag_delete (CoStore  *store,
               gint64    tag_id,
               GError  **error)
{
  return write_in_transaction (store, "DELETE FROM tags WHERE id = ?1",
                               tag_id, "", error) != 0;
}

gboolean
co_tag_merge (CoStore  *store,
              gint64    tag_id,
              gint64    into_id,
              GError  **error)
{
  sqlite3_stmt *stmt;

  if (tag_id == into_id)
    return TRUE;
  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, "INSERT OR IGNORE INTO member_tags (tag_id, member_id)"
                                  " SELECT ?2, member_id FROM member_tags WHERE tag_id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, tag_id);
  sqlite3_bind_int64 (stmt, 2, into_id);
  if (!co_store_step_done (store, stmt, error) ||
      write_one (store, "DELETE FROM tags WHERE id = ?1", tag_id, "", error) == 0)
    goto failed;
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

int
co_members_set_tag (CoStore       *store,
                    const gint64  *ids,
                    guint          n_ids,
                    gint64         tag_id,
                    gboolean       on,
                    GError       **error)
{
  g_autofree char *json = co_ids_json (ids, n_ids);
  g_autoptr(CoTag) tag = co_tag_get (store, tag_id, error);
  sqlite3_stmt *stmt;
  int changed;

  if (tag == NULL || !co_store_begin (store, error))
    return -1;
  /* The people of the memberships, each once however many of their memberships are chosen. */
  stmt = co_store_prepare (store, on ? "INSERT OR IGNORE INTO member_tags (tag_id, member_id)"
                                       " SELECT DISTINCT ?1, s.member_id FROM memberships s"
                                       " WHERE s.id IN (SELECT value FROM json_each (?2))"
                                     : "DELETE FROM member_tags WHERE tag_id = ?1 AND member_id IN"
                                       " (SELECT s.member_id FROM memberships s"
                                       "  WHERE s.id IN (SELECT value FROM json_each (?2)))", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, tag_id);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  changed = sqlite3_changes (sqlite3_db_handle (stmt));
  co_store_note_change (store, "members", 0);
  if (!co_store_commit (store, error))
    return -1;
  return changed;

failed:
  co_store_rollback (store);
  return -1;
}

GPtrArray *
co_member_tags (CoStore  *store,
                gint64    membership_id,
                GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT " TAG_COLUMNS TAG_FROM
                                                " JOIN member_tags mt ON mt.tag_id = t.id"
                                                " JOIN memberships s ON s.member_id = mt.member_id"
                                                " WHERE s.id = ?1" TAG_ORDER, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  return read_tags (store, stmt, error);
}

char *
co_member_tags_text (CoStore  *store,
                     gint64    membership_id,
                     GError  **error)
{
  g_autoptr(GPtrArray) tags = co_member_tags (store, membership_id, error);
  GString *text;

  if (tags == NULL)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < tags->len; i++)
    /* Translators: between the tags of a member, as in "深圳, 摄影" */
    g_string_append_printf (text, "%s%s", i > 0 ? _(", ") : "", ((CoTag *) tags->pdata[i])->name);
  return g_string_free (text, FALSE);
}

GHashTable *
co_tags_count_people (CoStore  *store,
                      GError  **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT tag_id, count (*) FROM member_tags GROUP BY tag_id", error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0), count = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (counts, g_memdup2 (&id, sizeof id), g_memdup2 (&count, sizeof count));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&counts);
}

gboolean
co_member_set_tags (CoStore       *store,
                    gint64         membership_id,
                    const gint64  *tag_ids,
                    guint          n_tags,
                    GError       **error)
{
  g_autofree char *json = co_ids_json (tag_ids, n_tags);
  sqlite3_stmt *stmt;

  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, "DELETE FROM member_tags WHERE member_id = (SELECT member_id FROM memberships"
                                  " WHERE id = ?1) AND tag_id NOT IN (SELECT value FROM json_each (?2))", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  /* Only tags that exist: one deleted meanwhile is left out rather than refused. */
  stmt = co_store_prepare (store, "INSERT OR IGNORE INTO member_tags (tag_id, member_id)"
                                  " SELECT t.id, s.member_id FROM memberships s, tags t"
                                  " WHERE s.id = ?1 AND t.id IN (SELECT value FROM json_each (?2))", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, "members", 0);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

GHashTable *
co_members_tag_counts (CoStore       *store,
                       const gint64  *ids,
                       guint          n_ids,
                       guint         *n_people,
                       GError       **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *json = co_ids_json (ids, n_ids);
  sqlite3_stmt *stmt = co_store_prepare (store, "WITH people AS (SELECT DISTINCT member_id FROM memberships"
                                                "  WHERE id IN (SELECT value FROM json_each (?1)))"
                                                " SELECT -1, count (*) FROM people UNION ALL"
                                                " SELECT mt.tag_id, count (*) FROM member_tags mt JOIN people p"
                                                "  ON p.member_id = mt.member_id GROUP BY mt.tag_id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0), count = sqlite3_column_int64 (stmt, 1);

      if (id == -1)
        {
          if (n_people != NULL)
            *n_people = count;
          continue;
        }
      g_hash_table_insert (counts, g_memdup2 (&id, sizeof id), g_memdup2 (&count, sizeof count));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&counts);
}
