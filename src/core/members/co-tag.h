/* co-tag.h: tags (标签) in groups of tags (来源, 兴趣, 地区, 消费 …): the workspace's own list,
 * set on people. A tag describes the person, not one membership: someone from 深圳 who likes
 * 摄影 is so in every group they are in, and a segment of one group or of every group asks the
 * same question. */
#pragma once

#include <gio/gio.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *name;
  gint64  tag_group_id;
  char   *group_name;
} CoTag;

typedef struct
{
  gint64     id;
  char      *uuid;
  char      *name;
  GPtrArray *tags;  /* CoTag, in their order */
} CoTagGroup;

void        co_tag_free             (CoTag       *tag);
void        co_tag_group_free       (CoTagGroup  *group);
CoTag      *co_tag_copy             (const CoTag *tag);

/* Every tag group with its tags, in their order. */
GPtrArray  *co_tag_groups_list      (CoStore     *store,
                                     GError     **error);
/* Every tag, group by group, as one list. */
GPtrArray  *co_tags_list            (CoStore     *store,
                                     GError     **error);
CoTag      *co_tag_get              (CoStore     *store,
                                     gint64       tag_id,
                                     GError     **error);
/* The tag named @name: "地区/深圳" names its group too; a bare "深圳" must be one tag's name
 * only. 0 with @error saying what is missing or ambiguous. */
gint64      co_tag_find             (CoStore     *store,
                                     const char  *name,
                                     GError     **error);

/* Names are trimmed, not empty, at most a line's length, and unique (in any case) among the tag
 * groups, or among the tags of one group. */
gint64      co_tag_group_add        (CoStore     *store,
                                     const char  *name,
                                     GError     **error);
gboolean    co_tag_group_rename     (CoStore     *store,
                                     gint64       tag_group_id,
                                     const char  *name,
                                     GError     **error);
/* Deletes the group with its tags, taken off every person. */
gboolean    co_tag_group_delete     (CoStore     *store,
                                     gint64       tag_group_id,
                                     GError     **error);
gint64      co_tag_add              (CoStore     *store,
                                     gint64       tag_group_id,
                                     const char  *name,
                                     GError     **error);
gboolean    co_tag_rename           (CoStore     *store,
                                     gint64       tag_id,
                                     const char  *name,
                                     GError     **error);
gboolean    co_tag_delete           (CoStore     *store,
                                     gint64       tag_id,
                                     GError     **error);
/* Moves every person of @tag_id to @into_id and deletes @tag_id. */
gboolean    co_tag_merge            (CoStore     *store,
                                     gint64       tag_id,
                                     gint64       into_id,
                                     GError     **error);

/* Sets (@on) or takes off tag @tag_id on the people of the memberships @ids, in one transaction.
 * Returns how many people changed, or -1. */
int         co_members_set_tag      (CoStore       *store,
                                     const gint64  *ids,
                                     guint          n_ids,
                                     gint64         tag_id,
                                     gboolean       on,
                                     GError       **error);
/* Gives the person of membership @membership_id exactly the tags @tag_ids (a New Member
 * dialog's choice), in one transaction. */
gboolean    co_member_set_tags      (CoStore       *store,
                                     gint64         membership_id,
                                     const gint64  *tag_ids,
                                     guint          n_tags,
                                     GError       **error);
/* For the people of the memberships @ids: tag id → how many of them have it; @n_people is how
 * many people they are (a tag all of them have, some, or none). */
GHashTable *co_members_tag_counts   (CoStore       *store,
                                     const gint64  *ids,
                                     guint          n_ids,
                                     guint         *n_people,
                                     GError       **error);
/* The tags of the person of membership @membership_id, group by group. */
GPtrArray  *co_member_tags          (CoStore     *store,
                                     gint64       membership_id,
                                     GError     **error);
/* "深圳, 摄影": the tags' names, for a line of text. */
char       *co_member_tags_text     (CoStore     *store,
                                     gint64       membership_id,
                                     GError     **error);
/* How many people have each tag: tag id → count. */
GHashTable *co_tags_count_people    (CoStore     *store,
                                     GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoTag, co_tag_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoTagGroup, co_tag_group_free)

G_END_DECLS
