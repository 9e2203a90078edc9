/* co-report-sql.h: what the report math of this folder shares (co-report.c, co-funnel.c):
 * a report's scope, groups or a segment's people, and how a statement reads its rows from the
 * groups' first day. */
#pragma once

#include <sqlite3.h>

#include "core/store/co-store.h"

/* Whose rows a report reads: groups, or (@of_members) a segment's people by their membership ids,
 * whatever their group. Each of the folder's functions of both reads them with one statement
 * of two forms, ROWS_OF_GROUPS or ROWS_OF_MEMBERS, whose ?1 is @ids_json. */
typedef struct
{
  char     *ids_json;
  guint     n_ids;
  gboolean  of_members;
} CoReportScope;

CoReportScope *co_report_scope_new     (const gint64         *ids,
                                        guint                 n_ids,
                                        gboolean              of_members);
void           co_report_scope_free    (CoReportScope        *scope);
/* Prepares @sql with ?1 the scope's ids, ?2 @from, ?3 @to, and ?4 @extra when not NULL. */
sqlite3_stmt  *co_report_scope_prepare (CoStore              *store,
                                        const CoReportScope  *scope,
                                        const char           *sql,
                                        const char           *from,
                                        const char           *to,
                                        const char           *extra,
                                        GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoReportScope, co_report_scope_free)

/* The groups, g: their ids as a JSON array (?1, so that one statement takes any number of
 * them), each with the first day of theirs that counts: @from, or the group's founding day when
 * that is later, as the daily figures' own check has it (the Daily Figures page leaves a group
 * out before then): member activity and joins dated earlier (from a chat the group grew out of,
 * or left behind when the founding day moved later) are not the group's. DISTINCT keeps g a
 * table of its own, worked out once per group rather than for every row joined to it. */
#define GROUPS_OF(from) \
  "SELECT DISTINCT f.id AS id, max (" from ", coalesce (f.founding_date, '')) AS first" \
  " FROM json_each (?1) j CROSS JOIN groups f ON f.id = j.value"
#define GROUPS_FROM(from) "(" GROUPS_OF (from) ") g"
/* The rows r of @table for the groups, from their first day to @to: one range of the
 * (group_id, date) index per group. */
#define ROWS_OF_GROUPS(table, date, from, to) \
  GROUPS_FROM (from) " JOIN " table " r ON r.group_id = g.id AND r." date " BETWEEN g.first AND " to

/* The same for the people of a segment: ?1 their membership ids as a JSON array, s; r the rows
 * of @table of theirs (@key, the column naming the membership) from @from, or their group's
 * founding day when later, to @to, f their group. */
#define ROWS_OF_MEMBERS(table, key, date, from, to) \
  "json_each (?1) s JOIN " table " r ON r." key " = s.value AND r." date " BETWEEN " from " AND " to \
  " JOIN groups f ON f.id = r.group_id AND r." date " >= max (" from ", coalesce (f.founding_date, ''))"
/* The statement SQL_OF (rows) over the rows r of @table of @scope (a CoReportScope *) from ?2
 * to ?3: ROWS_OF_MEMBERS, by their membership column @key, for a segment's people, else
 * ROWS_OF_GROUPS. */
#define SCOPE_SQL(scope, SQL_OF, table, key, date) \
  ((scope)->of_members ? SQL_OF (ROWS_OF_MEMBERS (table, key, date, "?2", "?3")) \
                       : SQL_OF (ROWS_OF_GROUPS (table, date, "?2", "?3")))
/* Of the rows of ROWS_OF_MEMBERS (activity_days) the first active day of its member in the
 * window from @from: the day before outside it. */
#define FIRST_OF_MEMBER(from) "(r.prev_date IS NULL OR r.prev_date < max (" from ", coalesce (f.founding_date, '')))"
