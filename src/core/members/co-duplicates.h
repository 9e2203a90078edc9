/* co-duplicates.h: the same person twice: suggested pairs of members, the pairs a user said are
 * not the same person, and merging two members into one (with undo).
 *
 * A pair is suggested when the same contact (微信号, phone) appears in any field of both, or when
 * their nicknames are the same once the naming rule's other parts ("深圳-", "-产品"), emoji,
 * brackets and spaces are set aside. A merge keeps one member with every identity of both: the
 * other's nicknames and contacts become aliases, which imports match like the member's own. */
#pragma once

#include <gio/gio.h>

#include "core/members/co-member.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

typedef enum
{
  CO_DUPLICATE_SAME_CONTACT  = 1 << 0,
  CO_DUPLICATE_SAME_NICKNAME = 1 << 1,
} CoDuplicateReasons;

/* Two people (member ids, the one to keep by default first: the more recently updated, else the
 * one with more fields filled in). */
typedef struct
{
  gint64              member_id;
  gint64              other_id;
  CoDuplicateReasons  reasons;
  char               *contact;   /* the shared contact as compared (digits of a phone), or NULL */
  char               *nickname;  /* the shared nickname as compared, or NULL */
} CoDuplicatePair;

void        co_duplicate_pair_free     (CoDuplicatePair *pair);
/* "Same contact 13800138000 · same nickname 小王", translated. */
char       *co_duplicate_pair_describe (const CoDuplicatePair *pair);

/* What the comparison reads: a contact or phone as compared (a phone's digits without +86,
 * spaces and dashes; a 微信号 in small letters), or NULL when too short to tell anyone apart. */
char       *co_duplicates_contact_key  (const char *contact);
/* A nickname as compared: without the parts the naming rule adds around the name (the member's
 * city and industry, or the parts beside the one the rule calls the name), emoji, brackets,
 * spaces, in small letters. @naming_rule, @city and @industry may be NULL. */
char       *co_duplicates_nickname_key (const char *nickname,
                                        const char *naming_rule,
                                        const char *city,
                                        const char *industry);

/* Called from the thread that runs the search, with how far it is (0 to 1). */
typedef void (*CoDuplicatesProgress) (double   fraction,
                                      gpointer data);

/* The suggested pairs among the members of @group_id (0: everyone), without those said not to
 * be the same person, in the order of their first member's id: CoDuplicatePair. NULL with
 * G_IO_ERROR_CANCELLED once @cancellable is cancelled. */
GPtrArray  *co_duplicates_find         (CoStore              *store,
                                        gint64                group_id,
                                        CoDuplicatesProgress  progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        GError              **error);
/* The same in a worker on a read connection of its own; @progress is called on the calling
 * thread's main context. */
void        co_duplicates_find_async   (CoStore              *store,
                                        gint64                group_id,
                                        CoDuplicatesProgress  progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GPtrArray  *co_duplicates_find_finish  (GAsyncResult         *result,
                                        GError              **error);

/* "Not the same person": the pair is not suggested again. */
gboolean    co_duplicates_set_distinct (CoStore              *store,
                                        gint64                member_id,
                                        gint64                other_id,
                                        GError              **error);

/* One person as the review shows them, by CoMemberField: the person's own fields, and over
 * their memberships: CO_MEMBER_GROUP and CO_MEMBER_TIER (each group's, joined by "、"),
 * CO_MEMBER_POINTS (summed), CO_MEMBER_LAST_ACTIVE (the latest), CO_MEMBER_JOINED (the earliest). */
typedef struct
{
  gint64  id;
  char   *uuid;
  char   *updated_at;
  char   *values[CO_N_MEMBER_FIELDS];  /* NULL when unset */
} CoPerson;

void        co_person_free             (CoPerson     *person);
CoPerson   *co_person_get              (CoStore      *store,
                                        gint64        member_id,
                                        GError      **error);
/* The person's fields a merge chooses between (1 << CoMemberField each). */
#define CO_MERGE_PERSON_FIELDS \
  (1u << CO_MEMBER_NICKNAME | 1u << CO_MEMBER_REAL_NAME | 1u << CO_MEMBER_CITY | 1u << CO_MEMBER_INDUSTRY | \
   1u << CO_MEMBER_CONTACT | 1u << CO_MEMBER_SOURCE | 1u << CO_MEMBER_NOTES)
/* Which of @other's person fields a merge takes by default: those @keep lacks. */
guint       co_merge_default_choice    (const CoPerson *keep,
                                        const CoPerson *other);

/* Merges @other_id into @keep_id in one transaction: the person fields named in @take_from_other
 * come from @other_id, every nickname and contact not kept becomes an alias, memberships of the
 * same group become one (activity and points summed, the earliest join, the higher tier, seed
 * and core if either, check-ins kept), the rest move over, and so do handles, referrals and
 * tier changes. Returns the merge's id for co_members_merge_undo(), or 0. */
gint64      co_members_merge           (CoStore      *store,
                                        gint64        keep_id,
                                        gint64        other_id,
                                        guint         take_from_other,
                                        GError      **error);
/* Puts both members back exactly as they were before the merge. */
gboolean    co_members_merge_undo      (CoStore      *store,
                                        gint64        merge_id,
                                        GError      **error);

/* A member's aliases of @kind ("nickname" or "contact"), sorted. */
GStrv       co_member_dup_aliases      (CoStore      *store,
                                        gint64        member_id,
                                        const char   *kind,
                                        GError      **error);

/* The person @text names among the members of @group_id (0: everyone): a uuid, else an exact
 * nickname. 0 after setting @error when none or several do. */
gint64      co_member_find_person      (CoStore      *store,
                                        gint64        group_id,
                                        const char   *text,
                                        GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoDuplicatePair, co_duplicate_pair_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoPerson, co_person_free)

G_END_DECLS
