/* co-member-merge.h: merging two members who are one person (Find Duplicates, --merge-members).
 * The merged member keeps every identity of both: the other's nicknames and contacts become
 * aliases, which imports match like the member's own (the view member_identities). */
#pragma once

#include <gio/gio.h>

#include "core/members/co-member.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoPerson, co_person_free)

G_END_DECLS
