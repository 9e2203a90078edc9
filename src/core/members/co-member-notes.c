/* co-member-notes.c: notes, follow-ups and the timeline of a member of a group. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/formats/co-date.h"
#include "core/members/co-member-notes.h"
#include "core/store/co-store-private.h"

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE, message);
  return FALSE;
}

static const CoFieldSpec note_fields[] = {
  { "date", CO_FIELD_DATE, 0, N_("Date"), NULL },
  { "body", CO_FIELD_LONG_TEXT, 0, N_("Note"), NULL },
  { "author_id", CO_FIELD_REFERENCE, 0, N_("Author"), NULL, "staff" },
};

static const CoFieldSpec follow_up_fields[] = {
  { "body", CO_FIELD_LONG_TEXT, 0, N_("Follow-up"), NULL },
  { "due_date", CO_FIELD_DATE, 0, N_("Due"), NULL },
  { "done_date", CO_FIELD_DATE, 0, N_("Done"), NULL },
  { "author_id", CO_FIELD_REFERENCE, 0, N_("Author"), NULL, "staff" },
};

const CoFieldSpec *
co_member_note_fields (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (note_fields);
  return note_fields;
}

const CoFieldSpec *
co_follow_up_fields (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (follow_up_fields);
  return follow_up_fields;
}

/* The text as stored, by the record engine's rule for long texts; not empty. */
static char *
check_body (const char  *body,
            const char  *empty_message,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text = co_field_normalize (&note_fields[1], body, &local_error);

  if (local_error != NULL)
    invalid (error, local_error->message);
  else if (text == NULL)
    invalid (error, empty_message);
  return text;
}

/* A date as typed, or today for NULL; NULL with the reason when it is no date. */
static char *
check_date (const char  *date,
            gboolean     today_when_null,
            GError     **error)
{
  char *iso;

  if (date == NULL && today_when_null)
    return co_date_today ();
  if ((iso = co_date_parse (date ? date : "")) == NULL)
    g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                 _("“%s” is not a date. Write it like 2025-03-01."), date ? date : "");
  return iso;
}

/* The group of a membership in the group list (0 when removed), for the change signal. */
static gint64
group_of (CoStore *store,
          gint64   membership_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT group_id FROM memberships WHERE id = ?"
                                                " AND deleted_at IS NULL", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  return co_store_step_int (stmt, 0);
}

/* Runs one statement writing @table, with text parameters ?1.. and the moment as the last;
 * notes a change of @table for the row's group. */
static gboolean
write_row (CoStore     *store,
           const char  *table,
           const char  *sql,
           gint64       row_id,
           const char  *first,
           const char  *second,
           GError     **error)
{
  g_autofree char *now = co_store_now ();
  g_autofree char *group_sql = g_strdup_printf ("SELECT s.group_id FROM %s t JOIN memberships s"
                                                " ON s.id = t.membership_id WHERE t.id = ?", table);
  sqlite3_stmt *stmt;
  gint64 group_id;

  if (!co_store_begin (store, error))
    return FALSE;
  if ((stmt = co_store_prepare (store, group_sql, error)) == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, row_id);
  if ((group_id = co_store_step_int (stmt, 0)) == 0)
    {
      invalid (error, _("This was removed meanwhile."));
      goto failed;
    }
  if ((stmt = co_store_prepare (store, sql, error)) == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, second, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, table, group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

/* Inserts a note or a follow-up: ?1 membership, ?2 uuid, ?3 now, ?4 ?5 ?6 the values. */
static gint64
insert_row (CoStore     *store,
            const char  *table,
            const char  *sql,
            gint64       membership_id,
            const char  *a,
            const char  *b,
            gint64       author_id,
            GError     **error)
{
  g_autofree char *now = co_store_now ();
  gint64 group_id = group_of (store, membership_id);
  sqlite3_stmt *stmt;
  char uuid[37];
  gint64 id;

  if (group_id == 0)
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND,
                           _("This member is no longer in the group."));
      return 0;
    }
  co_uuid_random (uuid);
  if (!co_store_begin (store, error))
    return 0;
  if ((stmt = co_store_prepare (store, sql, error)) == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, a, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, b, -1, SQLITE_STATIC);
  /* The author only when they are still one of the team. */
  sqlite3_bind_int64 (stmt, 6, author_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  id = co_store_last_insert_rowid (store);
  co_store_note_change (store, table, group_id);
  return co_store_commit (store, error) ? id : 0;

failed:
  co_store_rollback (store);
  return 0;
}

#define AUTHOR "(SELECT id FROM staff WHERE id = ?6 AND deleted_at IS NULL)"

gint64
co_member_note_add (CoStore     *store,
                    gint64       membership_id,
                    const char  *date,
                    const char  *body,
                    gint64       author_id,
                    GError     **error)
{
  g_autofree char *text = check_body (body, _("A note needs some text."), error);
  g_autofree char *day = text ? check_date (date, TRUE, error) : NULL;

  if (day == NULL)
    return 0;
  return insert_row (store, "member_notes",
                     "INSERT INTO member_notes (membership_id, uuid, created_at, updated_at, body, date, author_id)"
                     " VALUES (?1, ?2, ?3, ?3, ?4, ?5, " AUTHOR ")",
                     membership_id, text, day, author_id, error);
}

gboolean
co_member_note_set (CoStore     *store,
                    gint64       note_id,
                    const char  *body,
                    GError     **error)
{
  g_autofree char *text = check_body (body, _("A note needs some text."), error);

  return text != NULL &&
         write_row (store, "member_notes", "UPDATE member_notes SET body = ?3, updated_at = ?2 WHERE id = ?1",
                    note_id, text, NULL, error);
}

gboolean
co_member_note_remove (CoStore   *store,
                       gint64     note_id,
                       gboolean   removed,
                       GError   **error)
{
  g_autofree char *now = removed ? co_store_now () : NULL;

  return write_row (store, "member_notes", "UPDATE member_notes SET deleted_at = ?3 WHERE id = ?1",
                    note_id, now, NULL, error);
}

gint64
co_follow_up_add (CoStore     *store,
                  gint64       membership_id,
                  const char  *body,
                  const char  *due,
                  gint64       author_id,
                  GError     **error)
{
  g_autofree char *text = check_body (body, _("Say what to follow up."), error);
  g_autofree char *day = text ? check_date (due, FALSE, error) : NULL;

  if (day == NULL)
    return 0;
  return insert_row (store, "follow_ups",
                     "INSERT INTO follow_ups (membership_id, uuid, created_at, updated_at, body, due_date, author_id)"
                     " VALUES (?1, ?2, ?3, ?3, ?4, ?5, " AUTHOR ")",
                     membership_id, text, day, author_id, error);
}

gboolean
co_follow_up_set_done (CoStore     *store,
                       gint64       follow_up_id,
                       const char  *date,
                       GError     **error)
{
  g_autofree char *day = date ? check_date (date, FALSE, error) : NULL;

  if (date != NULL && day == NULL)
    return FALSE;
  return write_row (store, "follow_ups", "UPDATE follow_ups SET done_date = ?3, updated_at = ?2 WHERE id = ?1",
                    follow_up_id, day, NULL, error);
}

gboolean
co_follow_up_snooze (CoStore     *store,
                     gint64       follow_up_id,
                     const char  *due,
                     GError     **error)
{
  g_autofree char *day = check_date (due, FALSE, error);

  return day != NULL &&
         write_row (store, "follow_ups", "UPDATE follow_ups SET due_date = ?3, done_date = NULL, updated_at = ?2"
                                         " WHERE id = ?1", follow_up_id, day, NULL, error);
}

gboolean
co_follow_up_remove (CoStore   *store,
                     gint64     follow_up_id,
                     gboolean   removed,
                     GError   **error)
{
  g_autofree char *now = removed ? co_store_now () : NULL;

  return write_row (store, "follow_ups", "UPDATE follow_ups SET deleted_at = ?3 WHERE id = ?1",
                    follow_up_id, now, NULL, error);
}

void
co_timeline_entry_free (CoTimelineEntry *entry)
{
  g_free (entry->date);
  g_free (entry->text);
  g_free (entry->other);
  g_free (entry);
}

/* A tier as the lists show it: the user's name, else the built-in one's in the user's language. */
static char *
tier_label (sqlite3_stmt *stmt,
            int           name_column)
{
  const char *name = (const char *) sqlite3_column_text (stmt, name_column);
  const char *builtin = (const char *) sqlite3_column_text (stmt, name_column + 1);

  if (name != NULL)
    return g_strdup (name);
  if (builtin != NULL)
    return g_strdup (co_choice_label (CO_CHOICE_BUILTIN_TIER, builtin));
  return NULL;
}

GPtrArray *
co_member_timeline (CoStore  *store,
                    gint64    membership_id,
                    guint     limit,
                    GError  **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) co_timeline_entry_free);
  /* Each part: kind, id, date, text, other, count, then the tier before and after (name,
   * builtin); within a day, the order they happened in, as far as the rows tell. */
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT * FROM ("
    " SELECT 0 AS kind, id, date, body, NULL, 0, NULL, NULL, NULL, NULL, created_at AS moment"
    "  FROM member_notes WHERE membership_id = ?1 AND deleted_at IS NULL"
    " UNION ALL SELECT 1, id, date, kind, NULL, count, NULL, NULL, NULL, NULL, NULL"
    "  FROM member_activity WHERE membership_id = ?1"
    " UNION ALL SELECT 2, id, due_date, body, done_date, 0, NULL, NULL, NULL, NULL, created_at"
    "  FROM follow_ups WHERE membership_id = ?1 AND deleted_at IS NULL"
    " UNION ALL SELECT 3, c.id, c.date, NULL, NULL, c.manual, f.name, f.builtin, t.name, t.builtin, NULL"
    "  FROM tier_changes c LEFT JOIN tiers f ON f.id = c.from_tier_id LEFT JOIN tiers t ON t.id = c.to_tier_id"
    "  WHERE c.membership_id = ?1"
    " UNION ALL SELECT 4, 0, coalesce (joined_date, date (created_at, 'localtime')), NULL, NULL, 0, NULL, NULL,"
    "  NULL, NULL, NULL FROM memberships WHERE id = ?1)"
    " ORDER BY 3 DESC, kind = 4, moment DESC, 2 DESC LIMIT ?2", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CoTimelineEntry *entry = g_new0 (CoTimelineEntry, 1);

      entry->kind = sqlite3_column_int (stmt, 0);
      entry->id = sqlite3_column_int64 (stmt, 1);
      entry->date = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->count = sqlite3_column_int64 (stmt, 5);
      if (entry->kind == CO_TIMELINE_TIER_CHANGE)
        {
          entry->text = tier_label (stmt, 6);
          entry->other = tier_label (stmt, 8);
        }
      else
        {
          entry->text = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          entry->other = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
        }
      g_ptr_array_add (entries, entry);
    }
  if (sqlite3_reset (stmt) != SQLITE_OK)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}
