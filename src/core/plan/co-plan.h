/* co-plan.h: the community plan (社群运营方案) of a group: its single fields, its multiple
 * choices, and its lists (survey, stage rules, type rules, content calendar, activities and
 * their spends, problem log, goals, launch checklist).
 *
 * Every field is described once, in a CoFieldSpec: the record engine (records/) validates and
 * binds by it, the plan check and templates read it, and the Plan page builds its forms from it. */
#pragma once

#include <gio/gio.h>

#include "core/records/co-list.h"

G_BEGIN_DECLS

/* The single-valued fields of the plans table; and the multiple choices a plan holds. */
const CoFieldSpec *co_plan_fields       (guint              *n_fields);
extern const CoChoiceKind co_plan_selection_kinds[4];

const char        *co_plan_selection_kind_name (CoChoiceKind kind);

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

gint64      co_activity_get_spent (CoStore     *store,
                                   gint64       activity_id);

/* When the plan of @group_id last changed: the latest of its fields', its lists' and the group's
 * own change moments (UTC ISO 8601), or NULL when it has none. The plan's version on paper. */
char       *co_plan_dup_last_change (CoStore   *store,
                                     gint64     group_id,
                                     GError   **error);

G_END_DECLS
