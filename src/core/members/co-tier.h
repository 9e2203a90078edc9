/* co-tier.h: member tiers (用户分层): the defaults every group starts with, computing each
 * member's tier from its criteria, why a member is where they are, and the 20/80 picture.
 *
 * Tiers themselves are rows of the CO_LIST_TIERS list (records/co-list.h), edited like any list. */
#pragma once

#include "core/members/co-member.h"
#include "core/records/co-list.h"

G_BEGIN_DECLS

/* Active days are counted over this many days when a tier does not say. */
#define CO_TIER_DEFAULT_WINDOW 30

/* Gives @group_id the built-in tiers (new → active → high-value/core) when it has none. */
gboolean    co_tiers_ensure            (CoStore      *store,
                                        gint64        group_id,
                                        GError      **error);
/* The group's tiers, lowest first. */
GListStore *co_tiers_list              (CoStore      *store,
                                        gint64        group_id,
                                        GError      **error);
/* The group's tiers by every name a user or a spreadsheet may give them (the user's name, a
 * built-in tier's keyword, its name in English and Chinese, common synonyms), folded by
 * co_csv_fold(): name → the tier's id as text. */
GHashTable *co_tiers_by_name           (CoStore      *store,
                                        gint64        group_id);
/* The tier of the group @name names, or 0. */
gint64      co_tiers_find              (CoStore      *store,
                                        gint64        group_id,
                                        const char   *name);
/* A built-in tier's benefits in the user's language until the user writes their own. */
char       *co_tier_dup_benefits       (CoItem       *tier);
/* The criteria in a sentence: "120 points or more, active 8 of the last 30 days". */
char       *co_tier_dup_criteria       (CoItem       *tier);

/* Puts each member of the group (all groups when 0) in the highest tier whose criteria they
 * meet, as of @today; members whose tier was set by hand keep it. Every change is logged.
 * Returns how many members changed tier, or -1. */
int         co_tiers_compute           (CoStore      *store,
                                        gint64        group_id,
                                        const char   *today,
                                        GError      **error);
/* Why @member is in their tier, in a sentence for the list's tooltip. */
char       *co_tier_explain            (CoStore      *store,
                                        CoMember     *member);

/* One line of a tier's log: on @date, from one tier to another (names, or NULL for none). */
typedef struct
{
  char     *date;
  char     *from;
  char     *to;
  gboolean  manual;
} CoTierChange;

void        co_tier_change_free        (CoTierChange *change);
GPtrArray  *co_tier_changes            (CoStore      *store,
                                        gint64        membership_id,
                                        GError      **error);

/* How the group's current members spread over its tiers, and what share of the activity of the
 * last CO_TIER_DEFAULT_WINDOW days each tier carries. */
typedef struct
{
  gint64  tier_id;
  char   *name;
  gint64  members;
  gint64  activity;
} CoTierShare;

void        co_tier_share_free         (CoTierShare  *share);
GPtrArray  *co_tiers_distribution      (CoStore      *store,
                                        gint64        group_id,
                                        const char   *today,
                                        gint64       *total_members,
                                        gint64       *total_activity,
                                        GError      **error);

G_END_DECLS
