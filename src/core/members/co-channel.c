/* co-channel.c: channels (来源渠道) as a record list, and each membership's channel and referrer. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/members/co-channel.h"
#include "core/members/co-member.h"
#include "core/records/co-list-private.h"

static const CoFieldSpec channel_fields[] = {
  { "name", CO_FIELD_TEXT, 0, N_("Name"), N_("As the team calls it, e.g. “Spring poster” or “Shenzhen meetup QR code”") },
  { "kind", CO_FIELD_CHOICE, CO_CHOICE_CHANNEL_KIND, N_("Kind of Channel"), NULL },
  { "activity_id", CO_FIELD_REFERENCE, 0, N_("Linked Activity"),
    N_("Its spends, recorded in the group’s plan, are the channel’s cost"), "activities" },
  { "cost", CO_FIELD_MONEY, 0, N_("Cost (yuan)"), N_("When no activity carries the spending") },
  { "notes", CO_FIELD_LONG_TEXT, 0, N_("Notes"), NULL },
};

/* Two channels of one name would make a file's channel column ambiguous; and a channel's cost
 * comes from one place, or the funnel would count it twice. */
static gboolean
check_channel (CoStore *store,
               CoItem  *item,
               GError **error)
{
  const char *name = co_item_get (item, "name");

  if (co_item_get (item, "activity_id") != NULL && co_item_get (item, "cost") != NULL)
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT,
                           _("A channel’s cost is either its own or its activity’s spends, not both: "
                             "clear one of them."));
      return FALSE;
    }
  if (name != NULL)
    {
      sqlite3_stmt *stmt = co_store_prepare (store, "SELECT 1 FROM channels WHERE trim (name) = trim (?1)"
                                                    " COLLATE NOCASE AND id != ?2 AND deleted_at IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, co_item_get_id (item));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT,
                       _("There is already a channel named “%s”."), name);
          return FALSE;
        }
      sqlite3_reset (stmt);
    }
  return TRUE;
}

const CoListSpec co_channel_list_spec = { CO_LIST_CHANNELS, "channels", NULL, CO_FIELDS (channel_fields), -1, 0,
                                          N_("Channels"), N_("Add Channel"), check_channel };

gint64
co_channel_find (CoStore     *store,
                 const char  *name,
                 GError     **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id FROM channels WHERE trim (name) = trim (?1)"
                                                " COLLATE NOCASE AND deleted_at IS NULL", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      id = -1;
    }
  sqlite3_reset (stmt);
  return id;
}

gint64
co_channel_ensure (CoStore     *store,
                   const char  *name,
                   GError     **error)
{
  gint64 id = co_channel_find (store, name, error);

  if (id != 0)
    return id;
  id = co_list_add (store, CO_LIST_CHANNELS, 0, error);
  if (id == 0)
    return -1;
  if (!co_list_set (store, CO_LIST_CHANNELS, id, "name", name, error) ||
      !co_list_set (store, CO_LIST_CHANNELS, id, "kind", "other", error))
    {
      co_list_remove (store, CO_LIST_CHANNELS, id, NULL);
      return -1;
    }
  return id;
}

GStrv
co_channel_activity_choices (CoStore  *store,
                             GArray  **ids)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT a.id, g.name, a.name FROM activities a JOIN groups g ON g.id = a.group_id"
    " WHERE a.deleted_at IS NULL AND g.deleted_at IS NULL ORDER BY g.position, g.id, a.position, a.id", NULL);

  *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *activity = (const char *) sqlite3_column_text (stmt, 2);

      /* Translators: an activity offered as a channel's, after its group: "Group · Activity" */
      g_autofree char *name = g_strdup_printf (_("%s · %s"), sqlite3_column_text (stmt, 1),
                                               activity ? activity : _("Untitled"));
      g_strv_builder_add (names, name);
      g_array_append_val (*ids, id);
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return g_strv_builder_end (names);
}

gboolean
co_channel_cost (CoStore     *store,
                 gint64       channel_id,
                 const char  *from,
                 const char  *to,
                 gint64      *fen,
                 GError     **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT CASE WHEN c.cost IS NOT NULL THEN c.cost WHEN c.activity_id IS NULL THEN -1"
    "  ELSE (SELECT total (s.amount) FROM activity_spends s WHERE s.activity_id = c.activity_id"
    "        AND s.deleted_at IS NULL"
    "        AND (s.date IS NULL OR ((?2 IS NULL OR s.date >= ?2) AND (?3 IS NULL OR s.date <= ?3)))) END"
    " FROM channels c WHERE c.id = ?1", error);
  int rc;

  *fen = -1;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, channel_id);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *fen = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    co_store_set_error (store, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static void
conversion_free (CoChannelConversion *conversion)
{
  g_free (conversion->name);
  g_free (conversion);
}

GPtrArray *
co_channel_conversions (CoStore  *store,
                        gint64    group_id,
                        GError  **error)
{
  g_autoptr(GPtrArray) channels = g_ptr_array_new_with_free_func ((GDestroyNotify) conversion_free);
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT c.name, count (*), total (r.converted)"
    " FROM memberships r JOIN channels c ON c.id = r.channel_id AND c.deleted_at IS NULL"
    " WHERE r.group_id = ? AND r.joined_date IS NOT NULL AND r.deleted_at IS NULL"
    " GROUP BY c.id ORDER BY c.position, c.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CoChannelConversion *channel = g_new0 (CoChannelConversion, 1);
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      channel->name = g_strdup (name ? name : _("Untitled"));
      channel->joined = sqlite3_column_int64 (stmt, 1);
      channel->converted = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (channels, channel);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&channels);
}

/* Sets @column of membership @membership_id to @value (0: NULL), in one transaction. */
static gboolean
set_membership_ref (CoStore     *store,
                    gint64       membership_id,
                    const char  *sql,
                    gint64       value,
                    GError     **error)
{
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;
  gint64 group_id = 0;

  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, "SELECT group_id FROM memberships WHERE id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    group_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (group_id == 0)
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND, _("This member is no longer in the group."));
      goto failed;
    }
  stmt = co_store_prepare (store, sql, error);
  if (stmt == NULL)
    goto failed;
  if (value != 0)
    sqlite3_bind_int64 (stmt, 1, value);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, membership_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, "memberships", group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

gboolean
co_membership_set_channel (CoStore     *store,
                           gint64       membership_id,
                           gint64       channel_id,
                           GError     **error)
{
  g_autoptr(CoItem) channel = NULL;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);
  if (channel_id != 0 && (channel = co_list_get (store, CO_LIST_CHANNELS, channel_id, error)) == NULL)
    return FALSE;
  return set_membership_ref (store, membership_id,
                             "UPDATE memberships SET channel_id = ?1, updated_at = ?2 WHERE id = ?3", channel_id,
                             error);
}

gint64
co_channel_lookup (CoStore     *store,
                   const char  *name,
                   GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autoptr(GListStore) channels = NULL;
  g_autoptr(GString) known = NULL;
  gint64 channel_id;

  if (*trimmed == '\0')
    return 0;
  if ((channel_id = co_channel_find (store, trimmed, error)) != 0)
    return channel_id;
  channels = co_list_items (store, CO_LIST_CHANNELS, 0, NULL);
  known = g_string_new (NULL);
  for (guint i = 0; channels != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (channels)); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (channels), i);
      g_autofree char *title = co_item_dup_title (item);
      /* Translators: the separator of a list of names */
      g_string_append_printf (known, "%s%s", known->len > 0 ? _(", ") : "", title);
    }
  if (known->len == 0)
    g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                 _("Source: there is no channel named “%s”; there are no channels yet. Add them on "
                   "the Team page, under Channels."), trimmed);
  else
    g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                 _("Source: there is no channel named “%s”. The channels are: %s."), trimmed, known->str);
  return -1;
}

gboolean
co_membership_set_channel_named (CoStore     *store,
                                 gint64       membership_id,
                                 const char  *name,
                                 GError     **error)
{
  gint64 channel_id = co_channel_lookup (store, name, error);

  return channel_id >= 0 && co_membership_set_channel (store, membership_id, channel_id, error);
}

gboolean
co_membership_set_referrer (CoStore     *store,
                            gint64       membership_id,
                            gint64       referrer_member_id,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 own = 0;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);
  stmt = co_store_prepare (store, "SELECT member_id FROM memberships WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    own = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (referrer_member_id != 0 && referrer_member_id == own)
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                           _("Referred by: a member cannot have referred themself."));
      return FALSE;
    }
  if (referrer_member_id != 0)
    {
      stmt = co_store_prepare (store, "SELECT 1 FROM members WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, referrer_member_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND,
                               _("Referred by: that member no longer exists."));
          return FALSE;
        }
      sqlite3_reset (stmt);
    }
  return set_membership_ref (store, membership_id,
                             "UPDATE memberships SET referrer_id = ?1, updated_at = ?2 WHERE id = ?3",
                             referrer_member_id, error);
}

void
co_member_source_free (CoMemberSource *source)
{
  g_free (source->channel);
  g_free (source->channel_kind);
  g_free (source->referrer);
  g_clear_pointer (&source->referred, g_ptr_array_unref);
  g_free (source);
}

CoMemberSource *
co_member_source_get (CoStore     *store,
                      gint64       membership_id,
                      GError     **error)
{
  g_autoptr(CoMemberSource) source = g_new0 (CoMemberSource, 1);
  sqlite3_stmt *stmt;
  gint64 member_id, group_id;

  /* A channel in the trash is no channel: undoing its removal brings it back here too. */
  stmt = co_store_prepare (store,
    "SELECT s.member_id, s.group_id, c.id, c.name, c.kind, r.id, r.nickname FROM memberships s"
    " LEFT JOIN channels c ON c.id = s.channel_id AND c.deleted_at IS NULL"
    " LEFT JOIN members r ON r.id = s.referrer_id WHERE s.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND, _("This member is no longer in the group."));
      return NULL;
    }
  member_id = sqlite3_column_int64 (stmt, 0);
  group_id = sqlite3_column_int64 (stmt, 1);
  source->channel_id = sqlite3_column_int64 (stmt, 2);
  if (source->channel_id != 0)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 3);
      source->channel = g_strdup (name ? name : _("Untitled"));
      source->channel_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
    }
  source->referrer_id = sqlite3_column_int64 (stmt, 5);
  source->referrer = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  sqlite3_reset (stmt);

  source->referred = g_ptr_array_new_with_free_func (g_free);
  stmt = co_store_prepare (store,
    "SELECT m.nickname, s.group_id, g.name FROM memberships s JOIN members m ON m.id = s.member_id"
    " JOIN groups g ON g.id = s.group_id"
    " WHERE s.referrer_id = ? AND s.deleted_at IS NULL AND g.deleted_at IS NULL"
    " ORDER BY s.group_id != ?, s.joined_date, m.nickname", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, group_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *nickname = (const char *) sqlite3_column_text (stmt, 0);
      if (sqlite3_column_int64 (stmt, 1) == group_id)
        g_ptr_array_add (source->referred, g_strdup (nickname));
      else
        /* Translators: a member referred into another group: "nickname (group)" */
        g_ptr_array_add (source->referred, g_strdup_printf (_("%s (%s)"), nickname, sqlite3_column_text (stmt, 2)));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&source);
}
