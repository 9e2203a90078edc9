/* co-list.h: the record engine. Every list of the workspace (a plan's survey, activities and
 * goals, the team's roles, staff and shifts, a group's tiers) is rows of one table described by a
 * CoListSpec; one set of functions reads, adds, edits, moves, removes (to a trash, so that undo
 * gives a row back) and restores them, validating each value by its CoFieldSpec.
 *
 * The folder that owns a list defines its spec: plan/ the plan's lists, team/ the team's,
 * members/ the tiers, chat/ the check-in challenges, sop/ a group's SOP steps, library/ the library. This engine only finds them by their CoList number. */
#pragma once

#include <gio/gio.h>

#include "core/records/co-choices.h"
#include "core/records/co-field.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

typedef enum
{
  CO_LIST_SURVEY,
  CO_LIST_STAGE_RULES,
  CO_LIST_TYPE_RULES,
  CO_LIST_CONTENT,
  CO_LIST_ACTIVITIES,
  CO_LIST_SPENDS,
  CO_LIST_PROBLEMS,
  CO_LIST_GOALS,
  CO_LIST_TASKS,
  /* The team's lists: not part of a plan. Roles, staff and alt accounts are workspace-wide. */
  CO_LIST_ROLES,
  CO_LIST_STAFF,
  CO_LIST_ASSIGNMENTS,
  CO_LIST_SHIFTS,
  CO_LIST_ALT_ACCOUNTS,
  /* A group's member tiers (用户分层), lowest first: with the plan but not copied by templates. */
  CO_LIST_TIERS,
  /* A group's check-in challenges (打卡), scored by the chat import: not copied by templates. */
  CO_LIST_CHALLENGES,
  /* Where members come from (来源渠道): workspace-wide, with the members/ folder's channel code. */
  CO_LIST_CHANNELS,
  /* A group's SOP (群SOP): timed steps that expand into tasks (core/sop/). Templates copy it. */
  CO_LIST_SOP_STEPS,
  /* The script and material library (素材库 / 话术库): workspace-wide texts and images (core/library/). */
  CO_LIST_LIBRARY,
  CO_N_LISTS
} CoList;

/* The lists that belong to a plan: templates copy them, and they make a plan non-empty. */
#define CO_N_PLAN_LISTS (CO_LIST_TASKS + 1)

typedef struct _CoItem CoItem;

typedef struct
{
  CoList             list;
  const char        *table;
  const char        *parent_column;  /* group_id, activity_id for spends, NULL for workspace-wide */
  const CoFieldSpec *fields;
  guint              n_fields;
  int                key_field;      /* fixed lists have one row per keyword of this field; else -1 */
  int                title_field;    /* the field that names an item */
  const char        *title;          /* untranslated */
  const char        *add_label;      /* untranslated */
  /* Checks that fields agree with each other and with the rest of the store, once one changed. */
  gboolean         (*check)          (CoStore *store,
                                      CoItem  *item,
                                      GError **error);
  const char        *readonly_key;   /* a field only the store sets, or NULL */
  /* Rows of other tables that point at an item through dependent_column: they go to the trash
   * with it and come back with it (a person's roles and shifts). NULL-terminated, or NULL. */
  const char *const *dependent_tables;
  const char        *dependent_column;
  /* How an item is named when its title field is not enough (a goal's custom metric), or NULL. */
  char            *(*dup_title)      (CoItem  *item);
} CoListSpec;

const CoListSpec  *co_list_spec         (CoList              list);

/* The specs, defined by the folders that own the lists and found here by number. */
extern const CoListSpec co_plan_list_specs[CO_N_PLAN_LISTS];                     /* plan/ */
extern const CoListSpec co_team_list_specs[CO_LIST_ALT_ACCOUNTS - CO_LIST_ROLES + 1];  /* team/ */
extern const CoListSpec co_tier_list_spec;                                        /* members/ */
extern const CoListSpec co_challenge_list_spec;                                   /* chat/ */
extern const CoListSpec co_channel_list_spec;                                     /* members/ */
extern const CoListSpec co_sop_list_spec;                                         /* sop/ */
extern const CoListSpec co_library_list_spec;                                     /* library/ */

#define CO_TYPE_ITEM (co_item_get_type ())
G_DECLARE_FINAL_TYPE (CoItem, co_item, CO, ITEM, GObject)

/* A snapshot of one row; values are the stored text (keyword, ISO date, fen, …) or NULL. */
gint64      co_item_get_id        (CoItem      *self);
const char *co_item_get_uuid      (CoItem      *self);
gint64      co_item_get_parent_id (CoItem      *self);
gint64      co_item_get_group_id  (CoItem      *self);
CoList      co_item_get_list      (CoItem      *self);
const char *co_item_get           (CoItem      *self,
                                   const char  *key);
gint64      co_item_get_int       (CoItem      *self,
                                   const char  *key,
                                   gint64       unset);
char       *co_item_dup_title     (CoItem      *self);

GListStore *co_list_items         (CoStore     *store,
                                   CoList       list,
                                   gint64       parent_id,
                                   GError     **error);
/* The items of @list in any of @group_ids whose date field @date_key lies from @from to @to
 * (inclusive ISO dates), by date; with @include_open also those whose status is not
 * "resolved" (the problem log's open problems, whenever they were logged). */
GListStore *co_list_items_dated   (CoStore      *store,
                                   CoList        list,
                                   const gint64 *group_ids,
                                   guint         n_groups,
                                   const char   *date_key,
                                   const char   *from,
                                   const char   *to,
                                   gboolean      include_open,
                                   GError      **error);
CoItem     *co_list_get           (CoStore     *store,
                                   CoList       list,
                                   gint64       id,
                                   GError     **error);
gint64      co_list_add           (CoStore     *store,
                                   CoList       list,
                                   gint64       parent_id,
                                   GError     **error);
gboolean    co_list_set           (CoStore     *store,
                                   CoList       list,
                                   gint64       id,
                                   const char  *key,
                                   const char  *input,
                                   GError     **error);
/* An item added with @keys set to @inputs (NULL-terminated; an input NULL is left unset), in one
 * transaction: all of it or nothing. */
gint64      co_list_add_with      (CoStore            *store,
                                   CoList              list,
                                   gint64              parent_id,
                                   const char * const *keys,
                                   const char * const *inputs,
                                   GError            **error);
gboolean    co_list_remove        (CoStore     *store,
                                   CoList       list,
                                   gint64       id,
                                   GError     **error);
gboolean    co_list_restore       (CoStore     *store,
                                   CoList       list,
                                   gint64       id,
                                   GError     **error);
gboolean    co_list_move          (CoStore     *store,
                                   CoList       list,
                                   gint64       id,
                                   int          direction,
                                   GError     **error);
/* Empties the trash of every list for good. */
gboolean    co_list_purge_trash   (CoStore     *store,
                                   GError     **error);

G_END_DECLS
