/* co-member.h: members (会员) and their memberships of groups: seed users, core members, tiers,
 * points, activity; the actions the Members page takes on many of them at once.
 *
 * A person is one row however many groups they are in; a CoMember is one membership (a person
 * in one group) with the person's fields, which is what every list shows. */
#pragma once

#include <gio/gio.h>

#include "core/records/co-field.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_MEMBER_ERROR (co_member_error_quark ())

typedef enum
{
  CO_MEMBER_ERROR_INVALID_VALUE,
  CO_MEMBER_ERROR_NOT_FOUND,
  CO_MEMBER_ERROR_DUPLICATE,
} CoMemberError;

/* Every field a list shows, imports or exports, in the CSV column order. */
typedef enum
{
  CO_MEMBER_NICKNAME,
  CO_MEMBER_REAL_NAME,
  CO_MEMBER_CITY,
  CO_MEMBER_INDUSTRY,
  CO_MEMBER_CONTACT,
  CO_MEMBER_SOURCE,
  CO_MEMBER_JOINED,
  CO_MEMBER_TIER,
  CO_MEMBER_SEED,
  CO_MEMBER_CORE,
  CO_MEMBER_POINTS,
  CO_MEMBER_NOTES,
  /* Not in the CSV's required order, but imported and exported when present. */
  CO_MEMBER_LEFT,
  CO_MEMBER_INVITED,
  CO_MEMBER_LAST_ACTIVE,
  CO_MEMBER_REPLIED,
  CO_MEMBER_REPLIED_BY,
  /* Shown only. */
  CO_MEMBER_GROUP,
  CO_N_MEMBER_FIELDS
} CoMemberField;

/* The kinds of activity a member's log holds. */
extern const char *const co_activity_kinds[4];

#define CO_TYPE_MEMBER (co_member_get_type ())
G_DECLARE_FINAL_TYPE (CoMember, co_member, CO, MEMBER, GObject)

GQuark             co_member_error_quark   (void);
const CoFieldSpec *co_member_field_spec    (CoMemberField  field);
/* The English and Chinese column names a CSV header may use for @field, NULL-terminated; the
 * first is the English header our export writes. */
const char *const *co_member_field_headers (CoMemberField  field);
/* The header our export writes for @field: in the UI's language. */
const char        *co_member_field_csv_header (CoMemberField field);

/* A CoMember is one membership as it was read; ::changed says it was read again. */
gint64      co_member_get_id           (CoMember      *self);
gint64      co_member_get_member_id    (CoMember      *self);
gint64      co_member_get_group_id     (CoMember      *self);
gint64      co_member_get_tier_id      (CoMember      *self);
/* The stored value: ISO dates, "1"/"0", a tier's id as text; NULL when unset. */
const char *co_member_get              (CoMember      *self,
                                        CoMemberField  field);
/* What a list cell shows: dates in the user's form, yes/no, the tier's name. */
char       *co_member_dup_display      (CoMember      *self,
                                        CoMemberField  field);
gboolean    co_member_get_flag         (CoMember      *self,
                                        CoMemberField  field);
gint64      co_member_get_points       (CoMember      *self);
int         co_member_get_active_days  (CoMember      *self);
gboolean    co_member_get_tier_manual  (CoMember      *self);

/* Reads one membership; reload() reads it again and emits ::changed when anything differs. */
CoMember   *co_member_get_by_id        (CoStore       *store,
                                        gint64         membership_id,
                                        GError       **error);
gboolean    co_member_reload           (CoMember      *self,
                                        CoStore       *store);
/* For a worker reading on a connection of its own (co_store_open_reader()): the statement that
 * reads a membership, and the membership it reads as a new CoMember (NULL when it is gone). The
 * main thread then gives a shown row the values read with co_member_take_values(), which emits
 * ::changed when any differ. */
struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_stmt *co_member_prepare_read (struct sqlite3       *db);
CoMember   *co_member_read             (struct sqlite3_stmt *stmt,
                                        gint64               membership_id);
gboolean    co_member_take_values      (CoMember      *self,
                                        CoMember      *fresh);
/* An empty row for a membership removed since a list read its ids. */
CoMember   *co_member_new_missing      (gint64         membership_id);

/* Checks one value as a user typed it or a file held it, by the rules every way in shares (the
 * import, the New Member dialog, the member's window, the command line): the stored form, NULL
 * when empty, or an error saying why (not where: the caller names the field or the line). The
 * tier is not checked here: it is a choice of the group's (co_tiers_find()). */
char       *co_member_normalize        (CoMemberField  field,
                                        const char    *input,
                                        GError       **error);

/* Who brought the member into the group (a person), or 0; their nickname, or NULL. */
gint64      co_member_get_referrer_id  (CoMember      *self);
const char *co_member_get_referrer_name (CoMember     *self);

/* Adds a person to a group; the new membership's id, or 0. */
gint64      co_member_add              (CoStore       *store,
                                        gint64         group_id,
                                        const char    *nickname,
                                        GError       **error);
/* Sets one field from what a user typed or a file held (checked by its CoFieldSpec). */
gboolean    co_member_set              (CoStore       *store,
                                        gint64         membership_id,
                                        CoMemberField  field,
                                        const char    *input,
                                        GError       **error);

/* Actions on many memberships, each one transaction. */
gboolean    co_members_set_tier        (CoStore       *store,
                                        const gint64  *ids,
                                        guint          n_ids,
                                        gint64         tier_id,
                                        GError       **error);
gboolean    co_members_set_flag        (CoStore       *store,
                                        const gint64  *ids,
                                        guint          n_ids,
                                        CoMemberField  field,
                                        gboolean       value,
                                        GError       **error);
gboolean    co_members_mark_replied    (CoStore       *store,
                                        const gint64  *ids,
                                        guint          n_ids,
                                        const char    *date,
                                        const char    *by,
                                        GError       **error);
/* Removing moves memberships to the trash, so that restore brings them back as they were. */
gboolean    co_members_remove          (CoStore       *store,
                                        const gint64  *ids,
                                        guint          n_ids,
                                        GError       **error);
gboolean    co_members_restore         (CoStore       *store,
                                        const gint64  *ids,
                                        guint          n_ids,
                                        GError       **error);
gboolean    co_members_purge_trash     (CoStore       *store,
                                        GError       **error);

/* Picks up to @n contacts of the group not yet invited (and not members yet), at random, and
 * marks them invited on @date. Returns how many were marked, or -1. */
int         co_members_invite_batch    (CoStore       *store,
                                        gint64         group_id,
                                        guint          n,
                                        const char    *date,
                                        GError       **error);

gboolean    co_member_log_activity     (CoStore       *store,
                                        gint64         membership_id,
                                        const char    *date,
                                        const char    *kind,
                                        gint64         count,
                                        GError       **error);

/* One line of a member's activity log. */
typedef struct
{
  char   *date;
  char   *kind;   /* a keyword of CO_CHOICE_ACTIVITY_KIND */
  gint64  count;
} CoActivity;

void        co_activity_free           (CoActivity    *activity);
/* The newest @limit lines of the log, newest first. */
GPtrArray  *co_member_recent_activity  (CoStore       *store,
                                        gint64         membership_id,
                                        guint          limit,
                                        GError       **error);

/* Whether @nickname follows the group's naming rule from its plan ("city + name + industry"):
 * as many parts as the rule names. NULL when it follows or there is no rule; else why not. */
char       *co_member_check_nickname   (const char    *naming_rule,
                                        const char    *nickname);

/* Whether @c separates the parts of a nickname or naming rule ("城市+姓名+行业", "深圳-小王-产品"). */
gboolean    co_member_is_name_separator (gunichar    c);

/* The sources the group's members came from, the most common first. */
GStrv       co_members_sources         (CoStore       *store,
                                        gint64         group_id,
                                        GError       **error);

/* Seed users of a group: how many there are, how many were replied to, and the target. */
typedef struct
{
  gint64 seeds;
  gint64 replied;
  gint64 target;   /* from the plan; 0 when not set */
} CoSeedProgress;

gboolean    co_members_seed_progress   (CoStore       *store,
                                        gint64         group_id,
                                        CoSeedProgress *progress,
                                        GError       **error);

G_END_DECLS
