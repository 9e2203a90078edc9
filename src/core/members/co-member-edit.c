/* co-member-edit.c: members added and changed by hand (the New Member dialog, the member's
 * window, the command line), by the same rules as the import (co_member_normalize()). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/members/co-channel.h"
#include "core/members/co-member-edit.h"
#include "core/members/co-tag.h"
#include "core/members/co-tier.h"
#include "core/store/co-store-private.h"

static gboolean
fail_at (CoMemberField   where,
         CoMemberField  *field,
         GError        **error,
         const char     *message)
{
  if (field != NULL)
    *field = where;
  g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE, message);
  return FALSE;
}

/* The nickname of a member of @group_id with @contact (or, when @contact is NULL, without a
 * contact and called @nickname): the import's rule for "already in the group". */
static char *
nickname_in_group (CoStore    *store,
                   gint64      group_id,
                   const char *contact,
                   const char *nickname)
{
  sqlite3_stmt *stmt = co_store_prepare (store, contact != NULL
    ? "SELECT m.nickname FROM members m JOIN memberships s ON s.member_id = m.id"
      " WHERE m.contact = ?1 AND s.group_id = ?2 AND s.deleted_at IS NULL LIMIT 1"
    : "SELECT m.nickname FROM members m JOIN memberships s ON s.member_id = m.id"
      " WHERE m.nickname = ?1 AND m.contact IS NULL AND s.group_id = ?2 AND s.deleted_at IS NULL LIMIT 1", NULL);
  char *found = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, contact ? contact : nickname, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, group_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    found = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return found;
}

static gboolean
is_member_of (CoStore *store,
              gint64   member_id,
              gint64   group_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT 1 FROM memberships WHERE member_id = ? AND group_id = ?"
                                                " AND deleted_at IS NULL", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, group_id);
  return co_store_step_int (stmt, 0) == 1;
}

static gboolean
is_tier_of (CoStore *store,
            gint64   tier_id,
            gint64   group_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT 1 FROM tiers WHERE id = ? AND group_id = ?"
                                                " AND deleted_at IS NULL", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tier_id);
  sqlite3_bind_int64 (stmt, 2, group_id);
  return co_store_step_int (stmt, 0) == 1;
}

gboolean
co_member_check_draft (CoStore              *store,
                       gint64                group_id,
                       const CoMemberDraft  *draft,
                       CoMemberField        *field,
                       GError              **error)
{
  g_autofree char *nickname = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *existing = NULL;

  for (CoMemberField f = 0; f < CO_MEMBER_GROUP; f++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *value = NULL;

      if (f == CO_MEMBER_TIER)
        continue;
      value = co_member_normalize (f, draft->values[f], &local_error);
      if (local_error != NULL)
        return fail_at (f, field, error, local_error->message);
      if (f == CO_MEMBER_NICKNAME)
        nickname = g_steal_pointer (&value);
      else if (f == CO_MEMBER_CONTACT)
        contact = g_steal_pointer (&value);
    }
  if ((existing = nickname_in_group (store, group_id, contact, nickname)) != NULL)
    {
      g_autofree char *message = contact != NULL
        ? g_strdup_printf (_("“%s” already has this contact in the group."), existing)
        : g_strdup (_("A member of this name without a contact is in the group already: give a contact to tell them apart."));
      return fail_at (contact != NULL ? CO_MEMBER_CONTACT : CO_MEMBER_NICKNAME, field, error, message);
    }
  if (draft->tier_id != 0 && !is_tier_of (store, draft->tier_id, group_id))
    return fail_at (CO_MEMBER_TIER, field, error, _("This tier is not one of the group’s."));
  if (draft->referrer_id != 0 && !is_member_of (store, draft->referrer_id, group_id))
    return fail_at (CO_MEMBER_REFERRER, field, error, _("Whoever referred them is a member of this group."));
  return TRUE;
}

/* The group's first tier, where a new member starts. */
static gint64
first_tier_of (CoStore *store,
               gint64   group_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id FROM tiers WHERE group_id = ? AND deleted_at IS NULL"
                                                " ORDER BY position, id LIMIT 1", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, group_id);
  return co_store_step_int (stmt, 0);
}

gint64
co_member_create (CoStore              *store,
                  gint64                group_id,
                  const CoMemberDraft  *draft,
                  GError              **error)
{
  static const CoMemberField person[] = {
    CO_MEMBER_NICKNAME, CO_MEMBER_REAL_NAME, CO_MEMBER_CITY, CO_MEMBER_INDUSTRY, CO_MEMBER_CONTACT,
    CO_MEMBER_SOURCE, CO_MEMBER_NOTES,
  };
  static const CoMemberField membership[] = {
    CO_MEMBER_JOINED, CO_MEMBER_LEFT, CO_MEMBER_INVITED, CO_MEMBER_SEED, CO_MEMBER_CORE, CO_MEMBER_POINTS,
    CO_MEMBER_LAST_ACTIVE, CO_MEMBER_REPLIED, CO_MEMBER_REPLIED_BY,
  };
  g_autofree char *now = co_store_now ();
  char *values[CO_MEMBER_GROUP] = { NULL };
  CoMemberField where = CO_MEMBER_NICKNAME;
  GError *local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 member_id = 0, id = 0, tier_id;
  char uuid[37];

  if (!co_tiers_ensure (store, group_id, error))
    return 0;
  if (!co_member_check_draft (store, group_id, draft, &where, &local_error))
    {
      /* Translators: a field's title and why its value was refused, "Joined: “x” is not a date." */
      g_set_error (error, CO_MEMBER_ERROR, local_error->code, _("%s: %s"),
                   where == CO_MEMBER_REFERRER ? _("Referred By") : _(co_member_field_spec (where)->title), local_error->message);
      g_error_free (local_error);
      return 0;
    }
  for (CoMemberField f = 0; f < CO_MEMBER_GROUP; f++)
    if (f != CO_MEMBER_TIER)
      values[f] = co_member_normalize (f, draft->values[f], NULL);
  tier_id = draft->tier_id != 0 ? draft->tier_id : first_tier_of (store, group_id);

  if (!co_store_begin (store, error))
    goto out;
  /* Someone another group knows by this contact is the same person: what they had stays, the
   * draft fills in what was missing. */
  if (values[CO_MEMBER_CONTACT] != NULL &&
      (stmt = co_store_prepare (store, "SELECT id FROM members WHERE contact = ? LIMIT 1", NULL)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, values[CO_MEMBER_CONTACT], -1, SQLITE_STATIC);
      member_id = co_store_step_int (stmt, 0);
    }
  co_uuid_random (uuid);
  stmt = co_store_prepare (store, member_id == 0
    ? "INSERT INTO members (nickname, real_name, city, industry, contact, source, notes, uuid, created_at,"
      " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"
    : "UPDATE members SET real_name = coalesce (real_name, ?2), city = coalesce (city, ?3),"
      " industry = coalesce (industry, ?4), source = coalesce (source, ?6), notes = coalesce (notes, ?7),"
      " updated_at = ?9 WHERE id = ?10", error);
  if (stmt == NULL)
    goto failed;
  for (guint i = 0; i < G_N_ELEMENTS (person); i++)
    sqlite3_bind_text (stmt, (int) i + 1, values[person[i]], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, now, -1, SQLITE_STATIC);
  if (member_id != 0)
    sqlite3_bind_int64 (stmt, 10, member_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  if (member_id == 0)
    member_id = co_store_last_insert_rowid (store);

  /* A person removed from the group earlier comes back in their old membership's place. */
  stmt = co_store_prepare (store, "INSERT INTO memberships (joined_date, left_date, invited_date, seed, core,"
                                  " points, last_active, replied_date, replied_by, member_id, group_id, tier_id,"
                                  " tier_manual, referrer_id, created_at, updated_at)"
                                  " VALUES (?1, ?2, ?3, coalesce (?4, 0), coalesce (?5, 0), coalesce (?6, 0), ?7,"
                                  " ?8, ?9, ?10, ?11, nullif (?12, 0), ?13, nullif (?14, 0), ?15, ?15)"
                                  " ON CONFLICT (group_id, member_id) DO UPDATE SET joined_date = excluded.joined_date,"
                                  " left_date = excluded.left_date, invited_date = excluded.invited_date,"
                                  " seed = excluded.seed, core = excluded.core, points = excluded.points,"
                                  " tier_id = excluded.tier_id, tier_manual = excluded.tier_manual,"
                                  " referrer_id = excluded.referrer_id, updated_at = excluded.updated_at,"
                                  " deleted_at = NULL", error);
  if (stmt == NULL)
    goto failed;
  for (guint i = 0; i < G_N_ELEMENTS (membership); i++)
    sqlite3_bind_text (stmt, (int) i + 1, values[membership[i]], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, member_id);
  sqlite3_bind_int64 (stmt, 11, group_id);
  sqlite3_bind_int64 (stmt, 12, tier_id);
  sqlite3_bind_int (stmt, 13, draft->tier_id != 0);
  sqlite3_bind_int64 (stmt, 14, draft->referrer_id);
  sqlite3_bind_text (stmt, 15, now, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  stmt = co_store_prepare (store, "SELECT id FROM memberships WHERE member_id = ? AND group_id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, group_id);
  id = co_store_step_int (stmt, 0);
  /* The channel and the tags, in the same transaction: a refused one adds nobody. */
  if ((draft->channel_id != 0 && !co_membership_set_channel (store, id, draft->channel_id, error)) ||
      (draft->n_tags > 0 && !co_member_set_tags (store, id, draft->tag_ids, draft->n_tags, error)))
    goto failed;
  co_store_note_change (store, "memberships", group_id);
  if (!co_store_commit (store, error))
    id = 0;
  goto out;

failed:
  co_store_rollback (store);
  id = 0;
out:
  for (guint i = 0; i < CO_MEMBER_GROUP; i++)
    g_free (values[i]);
  return id;
}

gint64
co_member_add_to_group (CoStore     *store,
                        gint64       membership_id,
                        gint64       group_id,
                        GError     **error)
{
  g_autoptr(CoMember) member = co_member_get_by_id (store, membership_id, error);
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;
  gint64 id;

  if (member == NULL || !co_tiers_ensure (store, group_id, error))
    return 0;
  if (is_member_of (store, co_member_get_member_id (member), group_id))
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE, _("“%s” is in that group already."),
                   co_member_get (member, CO_MEMBER_NICKNAME));
      return 0;
    }
  if (!co_store_begin (store, error))
    return 0;
  stmt = co_store_prepare (store, "INSERT INTO memberships (member_id, group_id, joined_date, tier_id,"
                                  " created_at, updated_at) VALUES (?1, ?2, date ('now', 'localtime'), nullif (?3, 0), ?4, ?4)"
                                  " ON CONFLICT (group_id, member_id) DO UPDATE SET deleted_at = NULL,"
                                  " updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, co_member_get_member_id (member));
  sqlite3_bind_int64 (stmt, 2, group_id);
  sqlite3_bind_int64 (stmt, 3, first_tier_of (store, group_id));
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error) ||
      (stmt = co_store_prepare (store, "SELECT id FROM memberships WHERE member_id = ? AND group_id = ?", error)) == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, co_member_get_member_id (member));
  sqlite3_bind_int64 (stmt, 2, group_id);
  id = co_store_step_int (stmt, 0);
  co_store_note_change (store, "memberships", group_id);
  return co_store_commit (store, error) ? id : 0;

failed:
  co_store_rollback (store);
  return 0;
}

gboolean
co_member_set_referrer (CoStore  *store,
                        gint64    membership_id,
                        gint64    referrer_id,
                        GError  **error)
{
  g_autoptr(CoMember) member = co_member_get_by_id (store, membership_id, error);
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;

  if (member == NULL)
    return FALSE;
  if (referrer_id != 0 && (referrer_id == co_member_get_member_id (member) || !is_member_of (store, referrer_id, co_member_get_group_id (member))))
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                           referrer_id == co_member_get_member_id (member) ? _("Nobody refers themselves.")
                                                            : _("Whoever referred them is a member of this group."));
      return FALSE;
    }
  if (!co_store_begin (store, error))
    return FALSE;
  if ((stmt = co_store_prepare (store, "UPDATE memberships SET referrer_id = nullif (?1, 0), updated_at = ?2"
                                       " WHERE id = ?3", error)) == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, referrer_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, membership_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, "memberships", co_member_get_group_id (member));
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

void
co_member_match_free (CoMemberMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->nickname);
  g_free (match->contact);
  g_free (match);
}

GPtrArray *
co_members_find (CoStore     *store,
                 gint64       group_id,
                 const char  *text,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) co_member_match_free);
  g_autofree char *needle = g_strstrip (g_strdup (text ? text : ""));
  /* Prefixes, so that each is a range of an index (nickname, contact) however large the
   * workspace: what a person types of a name they know. */
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT m.id, m.nickname, m.contact FROM members m JOIN memberships s ON s.member_id = m.id"
    " WHERE m.id IN (SELECT id FROM members WHERE nickname >= ?2 AND nickname < ?2 || char (1114111)"
    "                UNION SELECT id FROM members WHERE contact >= ?2 AND contact < ?2 || char (1114111))"
    " AND s.group_id = ?1 AND s.deleted_at IS NULL ORDER BY m.nickname LIMIT ?3", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, needle, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CoMemberMatch *match = g_new0 (CoMemberMatch, 1);

      match->member_id = sqlite3_column_int64 (stmt, 0);
      match->nickname = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      match->contact = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (found, match);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&found);
}

GArray *
co_member_group_ids (CoStore  *store,
                     gint64    member_id,
                     GError  **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT group_id FROM memberships WHERE member_id = ?"
                                                " AND deleted_at IS NULL ORDER BY group_id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, member_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&ids);
}
