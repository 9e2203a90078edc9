/* co-member.c: members, memberships and the actions taken on many of them at once. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/members/co-member.h"
#include "core/records/co-list.h"
#include "core/store/co-store-private.h"

G_DEFINE_QUARK (co-member-error-quark, co_member_error)

const char *const co_activity_kinds[4] = { "spoke", "posted", "attended", "purchased" };

#define NICKNAME_MAX 200

static const CoFieldSpec fields[CO_N_MEMBER_FIELDS] = {
  [CO_MEMBER_NICKNAME] = { "nickname", CO_FIELD_TEXT, 0, N_("Nickname"), NULL },
  [CO_MEMBER_REAL_NAME] = { "real_name", CO_FIELD_TEXT, 0, N_("Real Name"), NULL },
  [CO_MEMBER_CITY] = { "city", CO_FIELD_TEXT, 0, N_("City"), NULL },
  [CO_MEMBER_INDUSTRY] = { "industry", CO_FIELD_TEXT, 0, N_("Industry"), NULL },
  [CO_MEMBER_CONTACT] = { "contact", CO_FIELD_TEXT, 0, N_("Contact"), N_("Phone, WeChat ID or email") },
  [CO_MEMBER_SOURCE] = { "source", CO_FIELD_TEXT, 0, N_("Source"), N_("Where they came from") },
  [CO_MEMBER_JOINED] = { "joined_date", CO_FIELD_DATE, 0, N_("Joined"), NULL },
  [CO_MEMBER_TIER] = { "tier_id", CO_FIELD_REFERENCE, 0, N_("Tier"), NULL, "tiers" },
  [CO_MEMBER_SEED] = { "seed", CO_FIELD_BOOL, 0, N_("Seed User"), NULL },
  [CO_MEMBER_CORE] = { "core", CO_FIELD_BOOL, 0, N_("Core Member"), NULL },
  [CO_MEMBER_POINTS] = { "points", CO_FIELD_COUNT, 0, N_("Points"), NULL },
  [CO_MEMBER_NOTES] = { "notes", CO_FIELD_LONG_TEXT, 0, N_("Notes"), NULL },
  [CO_MEMBER_LEFT] = { "left_date", CO_FIELD_DATE, 0, N_("Left"), NULL },
  [CO_MEMBER_INVITED] = { "invited_date", CO_FIELD_DATE, 0, N_("Invited"), NULL },
  [CO_MEMBER_LAST_ACTIVE] = { "last_active", CO_FIELD_DATE, 0, N_("Last Active"), NULL },
  [CO_MEMBER_REPLIED] = { "replied_date", CO_FIELD_DATE, 0, N_("Replied"), NULL },
  [CO_MEMBER_REPLIED_BY] = { "replied_by", CO_FIELD_TEXT, 0, N_("Replied By"), NULL },
  [CO_MEMBER_GROUP] = { "group_name", CO_FIELD_TEXT, 0, N_("Group"), NULL },
};

/* The CSV headers of each column, the one table of them: first the English header our export
 * writes, whose translation (context "CSV header") it writes in another language; then what
 * else spreadsheets, WeCom and older exports write. The import reads all of them, and the
 * translation of the session it runs in. A translation belongs in the list too, so that a
 * file exported in Chinese imports in English (test-names checks it). */
static const char *const headers[CO_N_MEMBER_FIELDS][6] = {
  [CO_MEMBER_NICKNAME] = { NC_("CSV header", "nickname"), "昵称", "群昵称", "name", NULL },
  [CO_MEMBER_REAL_NAME] = { NC_("CSV header", "real_name"), "姓名", "真实姓名", "real name", NULL },
  [CO_MEMBER_CITY] = { NC_("CSV header", "city"), "城市", "所在城市", NULL },
  [CO_MEMBER_INDUSTRY] = { NC_("CSV header", "industry"), "行业", "所在行业", NULL },
  [CO_MEMBER_CONTACT] = { NC_("CSV header", "contact"), "联系方式", "微信号", "手机号", "电话", NULL },
  [CO_MEMBER_SOURCE] = { NC_("CSV header", "source"), "来源", "来源渠道", NULL },
  [CO_MEMBER_JOINED] = { NC_("CSV header", "joined"), "入群日期", "入群时间", "joined_date", NULL },
  [CO_MEMBER_TIER] = { NC_("CSV header", "tier"), "等级", "分层", "用户分层", NULL },
  [CO_MEMBER_SEED] = { NC_("CSV header", "seed"), "种子用户", NULL },
  [CO_MEMBER_CORE] = { NC_("CSV header", "core"), "核心成员", "核心用户", NULL },
  [CO_MEMBER_POINTS] = { NC_("CSV header", "points"), "积分", NULL },
  [CO_MEMBER_NOTES] = { NC_("CSV header", "notes"), "备注", NULL },
  [CO_MEMBER_LEFT] = { NC_("CSV header", "left"), "退群日期", "left_date", NULL },
  [CO_MEMBER_INVITED] = { NC_("CSV header", "invited"), "邀请日期", "invited_date", NULL },
  [CO_MEMBER_LAST_ACTIVE] = { NC_("CSV header", "last_active"), "最后活跃", "最近活跃日期", NULL },
  [CO_MEMBER_REPLIED] = { NC_("CSV header", "replied"), "回复日期", "replied_date", NULL },
  [CO_MEMBER_REPLIED_BY] = { NC_("CSV header", "replied_by"), "回复人", NULL },
  [CO_MEMBER_GROUP] = { NC_("CSV header", "group"), "群名称", NULL },
};

/* The columns of a CoMember, in CoMemberField order, then the hidden ones. */
#define MEMBER_COLUMNS \
  "m.nickname, m.real_name, m.city, m.industry, m.contact, m.source, s.joined_date, s.tier_id," \
  " s.seed, s.core, s.points, m.notes, s.left_date, s.invited_date, s.last_active, s.replied_date," \
  " s.replied_by, g.name, s.id, s.member_id, s.group_id, s.tier_manual, s.active_days," \
  " coalesce (t.name, t.builtin), s.referrer_id, (SELECT r.nickname FROM members r WHERE r.id = s.referrer_id)"

#define MEMBER_FROM \
  " FROM memberships s JOIN members m ON m.id = s.member_id JOIN groups g ON g.id = s.group_id" \
  " LEFT JOIN tiers t ON t.id = s.tier_id"

#define READ_SQL "SELECT " MEMBER_COLUMNS MEMBER_FROM " WHERE s.id = ? AND s.deleted_at IS NULL"

struct _CoMember
{
  GObject  parent_instance;

  gint64   id;
  gint64   member_id;
  gint64   group_id;
  gboolean tier_manual;
  int      active_days;
  char    *values[CO_N_MEMBER_FIELDS];
  char    *tier_name;   /* the user's name, else a built-in tier's keyword */
  gint64   referrer_id;
  char    *referrer_name;
};

G_DEFINE_FINAL_TYPE (CoMember, co_member, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
co_member_finalize (GObject *object)
{
  CoMember *self = CO_MEMBER (object);

  for (guint i = 0; i < CO_N_MEMBER_FIELDS; i++)
    g_free (self->values[i]);
  g_free (self->tier_name);
  g_free (self->referrer_name);
  G_OBJECT_CLASS (co_member_parent_class)->finalize (object);
}

static void
co_member_class_init (CoMemberClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = co_member_finalize;

  /* Emitted by co_member_reload() when the row differs from what was shown. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
co_member_init (CoMember *self)
{
}

const CoFieldSpec *
co_member_field_spec (CoMemberField field)
{
  g_return_val_if_fail (field < CO_N_MEMBER_FIELDS, NULL);
  return &fields[field];
}

const char *const *
co_member_field_headers (CoMemberField field)
{
  g_return_val_if_fail (field < CO_N_MEMBER_FIELDS, NULL);
  return headers[field];
}

const char *
co_member_field_csv_header (CoMemberField field)
{
  g_return_val_if_fail (field < CO_N_MEMBER_FIELDS, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "CSV header", headers[field][0]);
}

gint64 co_member_get_id (CoMember *self) { return self->id; }
gint64 co_member_get_referrer_id (CoMember *self) { return self->referrer_id; }
const char *co_member_get_referrer_name (CoMember *self) { return self->referrer_name; }
gint64 co_member_get_member_id (CoMember *self) { return self->member_id; }
gint64 co_member_get_group_id (CoMember *self) { return self->group_id; }
gboolean co_member_get_tier_manual (CoMember *self) { return self->tier_manual; }
int co_member_get_active_days (CoMember *self) { return self->active_days; }

gint64
co_member_get_tier_id (CoMember *self)
{
  return self->values[CO_MEMBER_TIER] ? g_ascii_strtoll (self->values[CO_MEMBER_TIER], NULL, 10) : 0;
}

const char *
co_member_get (CoMember      *self,
               CoMemberField  field)
{
  g_return_val_if_fail (CO_IS_MEMBER (self) && field < CO_N_MEMBER_FIELDS, NULL);
  return self->values[field];
}

gboolean
co_member_get_flag (CoMember      *self,
                    CoMemberField  field)
{
  return g_strcmp0 (co_member_get (self, field), "1") == 0;
}

gint64
co_member_get_points (CoMember *self)
{
  return self->values[CO_MEMBER_POINTS] ? g_ascii_strtoll (self->values[CO_MEMBER_POINTS], NULL, 10) : 0;
}

char *
co_member_dup_display (CoMember      *self,
                       CoMemberField  field)
{
  const char *value = co_member_get (self, field);

  if (field == CO_MEMBER_TIER)
    {
      const char *label = co_choice_label (CO_CHOICE_BUILTIN_TIER, self->tier_name);
      return g_strdup (label ? label : self->tier_name ? self->tier_name : "");
    }
  if (value == NULL)
    return g_strdup ("");
  switch (fields[field].type)
    {
    case CO_FIELD_DATE:
      return co_date_format_display (value);
    case CO_FIELD_BOOL:
      return g_strdup (g_str_equal (value, "1") ? _("Yes") : "");
    default:
      return g_strdup (value);
    }
}

/* Reads the row @stmt is on; TRUE when anything differs from what @self held. */
static gboolean
read_row (CoMember     *self,
          sqlite3_stmt *stmt)
{
  gboolean differs = FALSE;
  const char *tier_name;

  for (guint i = 0; i < CO_N_MEMBER_FIELDS; i++)
    {
      const char *value = (const char *) sqlite3_column_text (stmt, i);
      if (g_strcmp0 (value, self->values[i]) != 0)
        {
          g_free (self->values[i]);
          self->values[i] = g_strdup (value);
          differs = TRUE;
        }
    }
  self->id = sqlite3_column_int64 (stmt, CO_N_MEMBER_FIELDS);
  self->member_id = sqlite3_column_int64 (stmt, CO_N_MEMBER_FIELDS + 1);
  self->group_id = sqlite3_column_int64 (stmt, CO_N_MEMBER_FIELDS + 2);
  differs |= self->tier_manual != sqlite3_column_int (stmt, CO_N_MEMBER_FIELDS + 3);
  self->tier_manual = sqlite3_column_int (stmt, CO_N_MEMBER_FIELDS + 3);
  differs |= self->active_days != sqlite3_column_int (stmt, CO_N_MEMBER_FIELDS + 4);
  self->active_days = sqlite3_column_int (stmt, CO_N_MEMBER_FIELDS + 4);
  tier_name = (const char *) sqlite3_column_text (stmt, CO_N_MEMBER_FIELDS + 5);
  if (g_strcmp0 (tier_name, self->tier_name) != 0)
    {
      g_free (self->tier_name);
      self->tier_name = g_strdup (tier_name);
      differs = TRUE;
    }
  differs |= self->referrer_id != sqlite3_column_int64 (stmt, CO_N_MEMBER_FIELDS + 6);
  self->referrer_id = sqlite3_column_int64 (stmt, CO_N_MEMBER_FIELDS + 6);
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, CO_N_MEMBER_FIELDS + 7), self->referrer_name) != 0)
    {
      g_free (self->referrer_name);
      self->referrer_name = g_strdup ((const char *) sqlite3_column_text (stmt, CO_N_MEMBER_FIELDS + 7));
      differs = TRUE;
    }
  return differs;
}

static sqlite3_stmt *
prepare_get (CoStore  *store,
             gint64    membership_id,
             GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, READ_SQL, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND,
                           _("This member is no longer in the group."));
      return NULL;
    }
  return stmt;
}

CoMember *
co_member_get_by_id (CoStore  *store,
                     gint64    membership_id,
                     GError  **error)
{
  sqlite3_stmt *stmt = prepare_get (store, membership_id, error);
  CoMember *self;

  if (stmt == NULL)
    return NULL;
  self = g_object_new (CO_TYPE_MEMBER, NULL);
  read_row (self, stmt);
  sqlite3_reset (stmt);
  return self;
}

sqlite3_stmt *
co_member_prepare_read (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, READ_SQL, -1, &stmt, NULL) != SQLITE_OK)
    g_clear_pointer (&stmt, sqlite3_finalize);
  return stmt;
}

CoMember *
co_member_read (sqlite3_stmt *stmt,
                gint64        membership_id)
{
  CoMember *self = NULL;

  sqlite3_bind_int64 (stmt, 1, membership_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      self = g_object_new (CO_TYPE_MEMBER, NULL);
      read_row (self, stmt);
    }
  sqlite3_reset (stmt);
  return self;
}

/* Whether two rows differ in what read_row() reads. */
static gboolean
differs_from (CoMember *self,
              CoMember *other)
{
  for (guint i = 0; i < CO_N_MEMBER_FIELDS; i++)
    if (g_strcmp0 (self->values[i], other->values[i]) != 0)
      return TRUE;
  return self->tier_manual != other->tier_manual || self->active_days != other->active_days ||
         g_strcmp0 (self->tier_name, other->tier_name) != 0 || self->referrer_id != other->referrer_id ||
         g_strcmp0 (self->referrer_name, other->referrer_name) != 0;
}

gboolean
co_member_take_values (CoMember *self,
                       CoMember *fresh)
{
  g_return_val_if_fail (CO_IS_MEMBER (self) && CO_IS_MEMBER (fresh) && self->id == fresh->id, FALSE);

  if (!differs_from (self, fresh))
    return FALSE;
  for (guint i = 0; i < CO_N_MEMBER_FIELDS; i++)
    {
      g_free (self->values[i]);
      self->values[i] = g_strdup (fresh->values[i]);
    }
  self->member_id = fresh->member_id;
  self->group_id = fresh->group_id;
  self->tier_manual = fresh->tier_manual;
  self->active_days = fresh->active_days;
  g_free (self->tier_name);
  self->tier_name = g_strdup (fresh->tier_name);
  self->referrer_id = fresh->referrer_id;
  g_free (self->referrer_name);
  self->referrer_name = g_strdup (fresh->referrer_name);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

CoMember *
co_member_new_missing (gint64 membership_id)
{
  CoMember *self = g_object_new (CO_TYPE_MEMBER, NULL);

  self->id = membership_id;
  return self;
}

gboolean
co_member_reload (CoMember *self,
                  CoStore  *store)
{
  sqlite3_stmt *stmt = prepare_get (store, self->id, NULL);
  gboolean differs;

  if (stmt == NULL)
    return FALSE;
  differs = read_row (self, stmt);
  sqlite3_reset (stmt);
  if (differs)
    g_signal_emit (self, signals[CHANGED], 0);
  return differs;
}

/* ---- writing ----------------------------------------------------------------------------- */

static gboolean
is_person_field (CoMemberField field)
{
  return field <= CO_MEMBER_SOURCE || field == CO_MEMBER_NOTES;
}

static gboolean
check_nickname (const char  *nickname,
                GError     **error)
{
  if (nickname[0] != '\0' && g_utf8_strlen (nickname, -1) <= NICKNAME_MAX)
    return TRUE;
  g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                       nickname[0] == '\0' ? _("A member needs a nickname.")
                                            : _("The nickname is too long: 200 characters at most."));
  return FALSE;
}

char *
co_member_normalize (CoMemberField   field,
                     const char     *input,
                     GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (field < CO_MEMBER_GROUP && field != CO_MEMBER_TIER, NULL);

  value = co_field_normalize (&fields[field], input, &local_error);
  if (local_error != NULL)
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE, local_error->message);
      return NULL;
    }
  if (field == CO_MEMBER_NICKNAME && !check_nickname (value ? value : "", error))
    return NULL;
  return g_steal_pointer (&value);
}

gint64
co_member_add (CoStore     *store,
               gint64       group_id,
               const char  *nickname,
               GError     **error)
{
  g_autofree char *now = co_store_now ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strstrip (g_strdup (nickname ? nickname : ""));
  sqlite3_stmt *stmt;
  gint64 member_id, id;

  if (!check_nickname (name, error) || !co_store_begin (store, error))
    return 0;
  stmt = co_store_prepare (store, "INSERT INTO members (uuid, nickname, created_at, updated_at)"
                                  " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  member_id = co_store_last_insert_rowid (store);
  stmt = co_store_prepare (store, "INSERT INTO memberships (member_id, group_id, created_at, updated_at)"
                                  " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, group_id);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  id = co_store_last_insert_rowid (store);
  co_store_note_change (store, "memberships", group_id);
  if (!co_store_commit (store, error))
    return 0;
  return id;

failed:
  co_store_rollback (store);
  return 0;
}

static gint64
group_of (CoStore *store,
          gint64   membership_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT group_id FROM memberships WHERE id = ?", NULL);
  gint64 group_id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    group_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return group_id;
}

gboolean
co_member_set (CoStore        *store,
               gint64          membership_id,
               CoMemberField   field,
               const char     *input,
               GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *now = co_store_now ();
  gint64 group_id = group_of (store, membership_id);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (field < CO_MEMBER_GROUP, FALSE);

  if (group_id == 0)
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND,
                           _("This member is no longer in the group."));
      return FALSE;
    }
  if (field == CO_MEMBER_TIER)
    {
      gint64 tier_id = input ? g_ascii_strtoll (input, NULL, 10) : 0;
      return co_members_set_tier (store, &membership_id, 1, tier_id, error);
    }
  /* An empty input clears the field; anything else that does not parse is refused. */
  value = co_member_normalize (field, input, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (value == NULL && (field == CO_MEMBER_SEED || field == CO_MEMBER_CORE || field == CO_MEMBER_POINTS))
    value = g_strdup ("0");

  if (is_person_field (field))
    sql = g_strdup_printf ("UPDATE members SET %s = ?1, updated_at = ?2"
                           " WHERE id = (SELECT member_id FROM memberships WHERE id = ?3)", fields[field].key);
  else
    sql = g_strdup_printf ("UPDATE memberships SET %s = ?1, updated_at = ?2 WHERE id = ?3", fields[field].key);

  if (!co_store_begin (store, error))
    return FALSE;
  if ((stmt = co_store_prepare (store, sql, error)) == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, membership_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  /* A person's fields show in every group they are in. */
  co_store_note_change (store, "memberships", is_person_field (field) ? 0 : group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

/* Runs @sql once per id, binding ?1 to the id; the statement may use ?2 and ?3 as bound by
 * @bind. Notes a change for each group touched. */
static gboolean
for_each_id (CoStore       *store,
             const char    *sql,
             const gint64  *ids,
             guint          n_ids,
             void         (*bind) (sqlite3_stmt *stmt, gconstpointer data),
             gconstpointer  data,
             GError       **error)
{
  sqlite3_stmt *stmt;

  if (!co_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    {
      gint64 group_id = group_of (store, ids[i]);

      if ((stmt = co_store_prepare (store, sql, error)) == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (bind != NULL)
        bind (stmt, data);
      if (!co_store_step_done (store, stmt, error))
        goto failed;
      co_store_note_change (store, "memberships", group_id);
    }
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

typedef struct
{
  gint64      tier_id;
  const char *date;
  const char *now;
  const char *by;
  int         value;
} ActionData;

/* ?2 the tier, ?3 today's date for the log, ?4 the moment for updated_at; a statement that has
 * no ?4 ignores it (SQLite refuses the binding, and nothing else changes). */
static void
bind_tier (sqlite3_stmt  *stmt,
           gconstpointer  data)
{
  const ActionData *action = data;

  sqlite3_bind_int64 (stmt, 2, action->tier_id);
  sqlite3_bind_text (stmt, 3, action->date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, action->now, -1, SQLITE_STATIC);
}

/* Sets the tier by hand: the computation leaves it alone from now on; the log says so. */
gboolean
co_members_set_tier (CoStore       *store,
                     const gint64  *ids,
                     guint          n_ids,
                     gint64         tier_id,
                     GError       **error)
{
  g_autoptr(GDateTime) local = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *now = co_store_now ();
  ActionData data = { .tier_id = tier_id, .date = today, .now = now };

  if (!co_store_begin (store, error))
    return FALSE;
  /* The tier must be one of the membership's group. */
  if (!for_each_id (store,
                    "INSERT INTO tier_changes (membership_id, date, from_tier_id, to_tier_id, manual)"
                    " SELECT s.id, ?3, s.tier_id, t.id, 1 FROM memberships s JOIN tiers t"
                    "  ON t.id = ?2 AND t.group_id = s.group_id AND t.deleted_at IS NULL"
                    " WHERE s.id = ?1 AND s.tier_id IS NOT t.id",
                    ids, n_ids, bind_tier, &data, error) ||
      !for_each_id (store,
                    "UPDATE memberships SET tier_id = ?2, tier_manual = 1, updated_at = ?4 WHERE id = ?1"
                    " AND EXISTS (SELECT 1 FROM tiers t WHERE t.id = ?2 AND t.group_id = memberships.group_id"
                    "             AND t.deleted_at IS NULL)",
                    ids, n_ids, bind_tier, &data, error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  return co_store_commit (store, error);
}

static void
bind_flag (sqlite3_stmt  *stmt,
           gconstpointer  data)
{
  const ActionData *action = data;

  sqlite3_bind_int (stmt, 2, action->value);
  sqlite3_bind_text (stmt, 3, action->now, -1, SQLITE_STATIC);
}

gboolean
co_members_set_flag (CoStore        *store,
                     const gint64   *ids,
                     guint           n_ids,
                     CoMemberField   field,
                     gboolean        value,
                     GError        **error)
{
  g_autofree char *now = co_store_now ();
  g_autofree char *sql = NULL;
  ActionData data = { .now = now, .value = value ? 1 : 0 };

  g_return_val_if_fail (field == CO_MEMBER_SEED || field == CO_MEMBER_CORE, FALSE);

  sql = g_strdup_printf ("UPDATE memberships SET %s = ?2, updated_at = ?3 WHERE id = ?1", fields[field].key);
  return for_each_id (store, sql, ids, n_ids, bind_flag, &data, error);
}

static void
bind_replied (sqlite3_stmt  *stmt,
              gconstpointer  data)
{
  const ActionData *action = data;

  sqlite3_bind_text (stmt, 2, action->date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, action->by, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, action->now, -1, SQLITE_STATIC);
}

gboolean
co_members_mark_replied (CoStore       *store,
                         const gint64  *ids,
                         guint          n_ids,
                         const char    *date,
                         const char    *by,
                         GError       **error)
{
  g_autofree char *now = co_store_now ();
  g_autofree char *iso = co_date_parse (date);
  g_autofree char *who = by ? g_strstrip (g_strdup (by)) : NULL;
  ActionData data = { .now = now, .date = iso, .by = who && who[0] ? who : NULL };

  if (iso == NULL)
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                   _("“%s” is not a date. Write it like 2024-03-05."), date ? date : "");
      return FALSE;
    }
  return for_each_id (store, "UPDATE memberships SET replied_date = ?2, replied_by = ?3, updated_at = ?4"
                             " WHERE id = ?1",
                      ids, n_ids, bind_replied, &data, error);
}

static void
bind_now (sqlite3_stmt  *stmt,
          gconstpointer  data)
{
  sqlite3_bind_text (stmt, 2, data, -1, SQLITE_STATIC);
}

gboolean
co_members_remove (CoStore       *store,
                   const gint64  *ids,
                   guint          n_ids,
                   GError       **error)
{
  g_autofree char *now = co_store_now ();

  return for_each_id (store, "UPDATE memberships SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                      ids, n_ids, bind_now, now, error);
}

gboolean
co_members_restore (CoStore       *store,
                    const gint64  *ids,
                    guint          n_ids,
                    GError       **error)
{
  return for_each_id (store, "UPDATE memberships SET deleted_at = NULL WHERE id = ?1",
                      ids, n_ids, NULL, NULL, error);
}

/* Deletes removed memberships for good, and people left in no group at all. */
gboolean
co_members_purge_trash (CoStore  *store,
                        GError  **error)
{
  if (!co_store_begin (store, error))
    return FALSE;
  if (!co_store_exec (store, "DELETE FROM memberships WHERE deleted_at IS NOT NULL;"
                             "DELETE FROM members WHERE NOT EXISTS"
                             " (SELECT 1 FROM memberships s WHERE s.member_id = members.id);", error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  return co_store_commit (store, error);
}

int
co_members_invite_batch (CoStore     *store,
                         gint64       group_id,
                         guint        n,
                         const char  *date,
                         GError     **error)
{
  g_autofree char *iso = co_date_parse (date);
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;
  int changed;

  if (iso == NULL)
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                   _("“%s” is not a date. Write it like 2024-03-05."), date ? date : "");
      return -1;
    }
  if (!co_store_begin (store, error))
    return -1;
  stmt = co_store_prepare (store, "UPDATE memberships SET invited_date = ?1, updated_at = ?2 WHERE id IN"
                                  " (SELECT id FROM memberships WHERE group_id = ?3 AND deleted_at IS NULL"
                                  "  AND invited_date IS NULL AND joined_date IS NULL AND left_date IS NULL"
                                  "  ORDER BY random () LIMIT ?4)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, iso, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, group_id);
  sqlite3_bind_int64 (stmt, 4, n);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  changed = sqlite3_changes (sqlite3_db_handle (stmt));
  co_store_note_change (store, "memberships", group_id);
  if (!co_store_commit (store, error))
    return -1;
  return changed;

failed:
  co_store_rollback (store);
  return -1;
}

gboolean
co_member_log_activity (CoStore     *store,
                        gint64       membership_id,
                        const char  *date,
                        const char  *kind,
                        gint64       count,
                        GError     **error)
{
  g_autofree char *iso = co_date_parse (date);
  gint64 group_id = group_of (store, membership_id);
  gboolean known_kind = FALSE;
  sqlite3_stmt *stmt;

  /* Not g_strv_contains (): the kinds are a fixed array, not NULL-terminated. */
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (co_activity_kinds); i++)
    known_kind = known_kind || strcmp (co_activity_kinds[i], kind) == 0;
  if (iso == NULL || count <= 0 || !known_kind)
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                           iso == NULL ? _("An activity needs a valid date.")
                           : count <= 0 ? _("An activity’s count is at least 1.")
                           : _("The kind of activity is one of: spoke, posted, attended, purchased."));
      return FALSE;
    }
  if (group_id == 0)
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND,
                           _("This member is no longer in the group."));
      return FALSE;
    }
  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, "INSERT INTO member_activity (membership_id, group_id, date, kind, count)"
                                  " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  sqlite3_bind_int64 (stmt, 2, group_id);
  sqlite3_bind_text (stmt, 3, iso, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, count);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  /* The last active date follows the log. */
  stmt = co_store_prepare (store, "UPDATE memberships SET last_active = ?2"
                                  " WHERE id = ?1 AND (last_active IS NULL OR last_active < ?2)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  sqlite3_bind_text (stmt, 2, iso, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, "member_activity", group_id);
  co_store_note_change (store, "memberships", group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

/* The parts a naming rule names: "城市+姓名+行业", "city - name - industry", "城市/姓名". */
gboolean
co_member_is_name_separator (gunichar c)
{
  return c == '+' || c == '-' || c == '_' || c == '|' || c == '/' || c == 0xFF0B /* ＋ */ ||
         c == 0x2014 /* — */ || c == 0x00B7 /* · */ || c == 0xFF5C /* ｜ */ || c == 0x3001 /* 、 */ ||
         c == 0xFF0D /* － */ || c == 0xFF0F /* ／ */;
}

static guint
count_parts (const char *text,
             gboolean    spaces_separate)
{
  guint parts = 0;
  gboolean in_part = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean separates = co_member_is_name_separator (c) || (spaces_separate && g_unichar_isspace (c));

      if (!separates && !g_unichar_isspace (c) && !in_part)
        parts++;
      in_part = !separates && (in_part || !g_unichar_isspace (c));
    }
  return parts;
}

char *
co_member_check_nickname (const char *naming_rule,
                          const char *nickname)
{
  guint wanted, found;

  if (naming_rule == NULL || nickname == NULL)
    return NULL;
  /* Spaces inside a rule's part ("real name") do not separate; in a nickname they might. */
  wanted = count_parts (naming_rule, FALSE);
  if (wanted < 2)
    return NULL;
  found = count_parts (nickname, FALSE);
  if (found == wanted || count_parts (nickname, TRUE) == wanted)
    return NULL;
  return g_strdup_printf (_("The naming rule “%s” asks for %u parts; this nickname has %u."),
                          naming_rule, wanted, found);
}

gboolean
co_members_seed_progress (CoStore        *store,
                          gint64          group_id,
                          CoSeedProgress *progress,
                          GError        **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT count(*), count(s.replied_date),"
    "       (SELECT coalesce (seed_target, 0) FROM plans WHERE group_id = ?1)"
    " FROM memberships s WHERE s.group_id = ?1 AND s.seed = 1 AND s.deleted_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      co_store_set_error (store, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  progress->seeds = sqlite3_column_int64 (stmt, 0);
  progress->replied = sqlite3_column_int64 (stmt, 1);
  progress->target = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);
  return TRUE;
}

GStrv
co_members_sources (CoStore  *store,
                    gint64    group_id,
                    GError  **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT m.source FROM memberships s JOIN members m ON m.id = s.member_id"
    " WHERE s.group_id = ? AND s.deleted_at IS NULL AND m.source IS NOT NULL"
    " GROUP BY m.source ORDER BY count (*) DESC, m.source LIMIT 50", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return g_strv_builder_end (builder);
}

void
co_activity_free (CoActivity *activity)
{
  g_free (activity->date);
  g_free (activity->kind);
  g_free (activity);
}

GPtrArray *
co_member_recent_activity (CoStore  *store,
                           gint64    membership_id,
                           guint     limit,
                           GError  **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) co_activity_free);
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT date, kind, count FROM member_activity"
                                                " WHERE membership_id = ? ORDER BY date DESC, id DESC LIMIT ?",
                                         error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CoActivity *activity = g_new0 (CoActivity, 1);

      activity->date = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      activity->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      activity->count = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (lines, activity);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&lines);
}
