/* co-channel.h: channels (来源渠道): the user's list of where members come from (a named QR
 * code, a poster, an article, a livestream, a referral, an event), edited as the record list
 * CO_LIST_CHANNELS; each membership's channel and who referred it. The funnel's stages of each
 * membership (activated, retained, converted) are kept by the store's triggers (co-store.c,
 * migration 10 → 11, says what each means). */
#pragma once

#include <gio/gio.h>

#include "core/records/co-list.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

/* The channel named @name (spaces around it and letter case aside): its id, 0 when there is
 * none, -1 on error. */
gint64      co_channel_find            (CoStore      *store,
                                        const char   *name,
                                        GError      **error);
/* The channel a user named (@name trimmed): its id; 0 for no name; -1 with @error saying which
 * channels there are when none has that name. */
gint64      co_channel_lookup          (CoStore      *store,
                                        const char   *name,
                                        GError      **error);
/* The channel named @name, added (of kind "other") when there is none yet. */
gint64      co_channel_ensure          (CoStore      *store,
                                        const char   *name,
                                        GError      **error);
/* What a chooser offers for a channel's activity: every plan's activities, named
 * "Group · Activity"; @ids gets their ids (gint64). */
GStrv       co_channel_activity_choices (CoStore     *store,
                                         GArray     **ids);
/* The cost of channel @channel_id in fen: its own, or the spends of its activity dated from
 * @from to @to or undated (either may be NULL: no bound); -1 when it has neither. */
gboolean    co_channel_cost            (CoStore      *store,
                                        gint64        channel_id,
                                        const char   *from,
                                        const char   *to,
                                        gint64       *fen,
                                        GError      **error);

/* How many of a group's members (with a joined date, at any time) came through each channel in
 * the list, and how many of them converted: what the plan check compares. */
typedef struct
{
  char   *name;
  gint64  joined;
  gint64  converted;
} CoChannelConversion;

GPtrArray  *co_channel_conversions     (CoStore      *store,
                                        gint64        group_id,
                                        GError      **error);

/* Sets a membership's channel (0: none). */
gboolean    co_membership_set_channel  (CoStore      *store,
                                        gint64        membership_id,
                                        gint64        channel_id,
                                        GError      **error);
/* The same by the channel's name, as the command line and files give it: NULL or "" for none;
 * a name that is no channel is refused, saying which channels there are. */
gboolean    co_membership_set_channel_named (CoStore    *store,
                                             gint64      membership_id,
                                             const char *name,
                                             GError    **error);
/* Sets who brought a membership in: a person (members.id), 0 for nobody; not themself. */
gboolean    co_membership_set_referrer (CoStore      *store,
                                        gint64        membership_id,
                                        gint64        referrer_member_id,
                                        GError      **error);

/* Where a membership came from. */
typedef struct
{
  gint64     channel_id;     /* 0: none */
  char      *channel;        /* its name, or NULL */
  char      *channel_kind;   /* its kind's keyword, or NULL */
  gint64     referrer_id;    /* the person (members.id) who referred them, 0: none */
  char      *referrer;       /* their nickname */
  GPtrArray *referred;       /* char *: "nickname", or "nickname (group)" for another group */
} CoMemberSource;

CoMemberSource *co_member_source_get   (CoStore      *store,
                                        gint64        membership_id,
                                        GError      **error);
void            co_member_source_free  (CoMemberSource *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoMemberSource, co_member_source_free)

G_END_DECLS
