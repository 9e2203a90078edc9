/* co-funnel.h: the funnel per channel (渠道漏斗): of the members who joined a scope's groups in a
 * period, by the channel they came through (or a member's referral, or nothing recorded), how
 * many were activated (active within 7 days of joining), retained (active on a day 30 to 60
 * days after joining) and converted (a purchase after joining; co-store.c keeps these), with
 * the channel's cost per join and per conversion. */
#pragma once

#include "core/formats/co-csv.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

typedef enum
{
  CO_FUNNEL_ROW_CHANNEL,
  CO_FUNNEL_ROW_REFERRAL,  /* no channel, referred by a member */
  CO_FUNNEL_ROW_NONE,      /* neither channel nor referrer recorded */
  CO_FUNNEL_ROW_TOTAL,
} CoFunnelRowKind;

typedef struct
{
  CoFunnelRowKind  kind;
  gint64           channel_id;
  char            *name;        /* the channel's, or what the row is, translated */
  char            *channel_kind;  /* the channel's kind keyword, or NULL */
  gint64           joined;
  gint64           activated;
  gint64           retained;
  gint64           converted;
  /* Joined less than 60 days before today: their retention may still come. */
  gint64           open;
  gint64           cost;        /* fen: the channel's, or the channels' for the total; -1 unknown */
} CoFunnelRow;

/* The rows of the members who joined @group_ids from @from to @to (inclusive ISO dates): the
 * channels with joins, in their list's order, then referrals and those without a channel when
 * there are any, then the total. A channel's cost is its own, or its activity's spends dated in
 * the period or undated. */
GPtrArray   *co_funnel_new        (CoStore       *store,
                                   const gint64  *group_ids,
                                   guint          n_groups,
                                   const char    *from,
                                   const char    *to,
                                   const char    *today,
                                   GError       **error);
/* The same of the people of @membership_ids (a segment's), whatever their group: their costs
 * unknown (-1), a channel's cost being of every join through it. */
GPtrArray   *co_funnel_new_for_members (CoStore       *store,
                                        const gint64  *membership_ids,
                                        guint          n_memberships,
                                        const char    *from,
                                        const char    *to,
                                        const char    *today,
                                        GError       **error);
/* @part / @whole, NAN when @whole is 0. */
double       co_funnel_rate       (gint64         part,
                                   gint64         whole);
/* The cost in fen per @count rounded to the fen, -1 when it cannot be known (no cost, none). */
gint64       co_funnel_cost_per   (const CoFunnelRow *row,
                                   gint64         count);
/* Channel, joined, activated, %, retained, %, converted, %, cost, per join, per conversion. */
CoTable     *co_funnel_table      (GPtrArray     *rows);
#define CO_FUNNEL_TABLE_COLUMNS 11
/* What a page or a PDF has room for: channel, joined, then activated, retained and converted as
 * "12 (33.3%)", cost per join, cost per conversion. */
CoTable     *co_funnel_summary_table (GPtrArray  *rows);
#define CO_FUNNEL_SUMMARY_COLUMNS 7

G_END_DECLS
