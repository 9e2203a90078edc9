/* co-member-edit.h: members added and changed by hand (the New Member dialog, the member's
 * window, the command line), by the rules the import uses (co_member_normalize()). */
#pragma once

#include "core/members/co-member.h"

G_BEGIN_DECLS

/* Not a column of the lists: the field a check of a draft names when the referrer is wrong. */
#define CO_MEMBER_REFERRER CO_N_MEMBER_FIELDS

/* A member as someone fills in the New Member dialog or the command line: values as typed,
 * indexed by CoMemberField (CO_MEMBER_TIER is ignored: tier_id says it). */
typedef struct
{
  const char *values[CO_MEMBER_GROUP];
  gint64      tier_id;      /* one of the group's tiers; 0: the group's first (the computation moves them) */
  gint64      referrer_id;  /* the person who brought them (a member of the group), or 0 */
  gint64      channel_id;   /* the channel they came through (co-channel), or 0 */
  const gint64 *tag_ids;    /* the person's tags (co-tag), @n_tags of them */
  guint       n_tags;
} CoMemberDraft;

/* Whether co_member_create() would take @draft: FALSE with the reason, and in *field (may be
 * NULL) the field it is about. The import's rules, plus: not someone the group has already
 * (the same contact; without one, the same nickname), and a referrer from the group. */
gboolean    co_member_check_draft      (CoStore             *store,
                                        gint64               group_id,
                                        const CoMemberDraft *draft,
                                        CoMemberField       *field,
                                        GError             **error);
/* Adds the member in one transaction; a person another group knows by the same contact is
 * the same person, now in this group too. The new membership's id, or 0 with the reason
 * after the field's name ("Joined: …"). */
gint64      co_member_create           (CoStore             *store,
                                        gint64               group_id,
                                        const CoMemberDraft *draft,
                                        GError             **error);
/* Puts the person of @membership_id in @group_id as well (back, if they were removed from it);
 * the new membership's id, or 0. */
gint64      co_member_add_to_group     (CoStore             *store,
                                        gint64               membership_id,
                                        gint64               group_id,
                                        GError             **error);
/* Who brought the member into their group: a person who is a member of it too; 0 clears it. */
gboolean    co_member_set_referrer     (CoStore             *store,
                                        gint64               membership_id,
                                        gint64               referrer_id,
                                        GError             **error);

/* The groups the person @member_id is in (not removed from), as gint64. */
GArray     *co_member_group_ids        (CoStore             *store,
                                        gint64               member_id,
                                        GError             **error);

/* A person found by co_members_find(). */
typedef struct
{
  gint64  member_id;
  char   *nickname;
  char   *contact;
} CoMemberMatch;

void        co_member_match_free       (CoMemberMatch       *match);
/* Up to @limit people of the group whose nickname or contact starts with @text, in nickname
 * order, for choosing one (the referrer). */
GPtrArray  *co_members_find            (CoStore             *store,
                                        gint64               group_id,
                                        const char          *text,
                                        guint                limit,
                                        GError             **error);

G_END_DECLS
