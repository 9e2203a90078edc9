/* co-plan.h: the community plan (社群运营方案) of a group: its single fields, its multiple
 * choices, and its lists (survey, stage rules, type rules, content calendar, activities and
 * their spends, problem log, goals, launch checklist).
 *
 * Every field is described once, in a CoFieldSpec: the store validates and binds by it, the
 * plan check and templates read it, and the Plan page builds its forms from it. */
#pragma once

#include <gio/gio.h>

#include "co-choices.h"
#include "co-field.h"
#include "co-store.h"

G_BEGIN_DECLS

#define CO_PLAN_ERROR (co_plan_error_quark ())

typedef enum
{
  CO_PLAN_ERROR_INVALID_VALUE,
  CO_PLAN_ERROR_INCONSISTENT,
  CO_PLAN_ERROR_NOT_FOUND,
  CO_PLAN_ERROR_FIXED,
} CoPlanError;

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
} CoListSpec;

/* The single-valued fields of the plans table; and the multiple choices a plan holds. */
const CoFieldSpec *co_plan_fields       (guint              *n_fields);
extern const CoChoiceKind co_plan_selection_kinds[4];

const char        *co_plan_selection_kind_name (CoChoiceKind kind);
const CoListSpec  *co_list_spec         (CoList              list);

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

GQuark      co_plan_error_quark   (void);

gboolean    co_plan_exists        (CoStore     *store,
                                   gint64       group_id);
gboolean    co_plan_ensure        (CoStore     *store,
                                   gint64       group_id,
                                   GError     **error);
CoItem     *co_plan_get           (CoStore     *store,
                                   gint64       group_id,
                                   GError     **error);
gboolean    co_plan_set           (CoStore     *store,
                                   gint64       group_id,
                                   const char  *key,
                                   const char  *input,
                                   GError     **error);
GStrv       co_plan_get_selection (CoStore     *store,
                                   gint64       group_id,
                                   CoChoiceKind kind);
gboolean    co_plan_set_selected  (CoStore     *store,
                                   gint64       group_id,
                                   CoChoiceKind kind,
                                   const char  *keyword,
                                   gboolean     selected,
                                   GError     **error);
gboolean    co_plan_clear         (CoStore     *store,
                                   gint64       group_id,
                                   GError     **error);
gboolean    co_plan_purge_trash   (CoStore     *store,
                                   GError     **error);

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
gint64      co_activity_get_spent (CoStore     *store,
                                   gint64       activity_id);

G_END_DECLS
