/* co-team.h: the team behind the groups: roles, staff, who plays which role in which group,
 * the duty roster and its gaps, and alt accounts (小号). The rows themselves are edited through
 * the list functions of records/co-list.h (CO_LIST_ROLES … CO_LIST_ALT_ACCOUNTS). */
#pragma once

#include "core/records/co-list.h"

G_BEGIN_DECLS

/* A stretch of a weekday, in minutes from midnight, when a group is active and nobody is on duty. */
typedef struct
{
  guint weekday;  /* 0 = Monday, as CO_CHOICE_WEEKDAY */
  guint from;
  guint until;
} CoGap;

char      *co_team_describe          (CoStore    *store,
                                      CoItem     *item);
char      *co_team_dup_name          (CoStore    *store,
                                      CoList      list,
                                      gint64      id);
char      *co_role_dup_responsibilities (CoItem  *role);
gint64     co_role_find_builtin      (CoStore    *store,
                                      const char *builtin);
GArray    *co_team_roster_gaps       (CoStore    *store,
                                      gint64      group_id,
                                      GError    **error);
GPtrArray *co_team_on_duty           (CoStore    *store,
                                      gint64      group_id,
                                      GDateTime  *when);
gboolean   co_alt_account_set_in_group (CoStore  *store,
                                        gint64    alt_id,
                                        gint64    group_id,
                                        gboolean  in_group,
                                        GError  **error);
GArray    *co_alt_account_get_groups (CoStore    *store,
                                      gint64      alt_id);
GListStore *co_alt_accounts_in_group (CoStore    *store,
                                      gint64      group_id);
guint      co_team_count_groups      (CoStore    *store,
                                      gint64      staff_id,
                                      gint64      role_id);
guint      co_team_count_duties      (CoStore    *store,
                                      gint64      staff_id);
char      *co_gap_format             (const CoGap *gap);

G_END_DECLS
