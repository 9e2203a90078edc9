/* co-report-sql.c: a report's scope (co-report-sql.h), one for the groups' reports and a
 * segment's. */
#include "config.h"

#include "core/reports/co-report-sql.h"
#include "core/store/co-store-private.h"

CoReportScope *
co_report_scope_new (const gint64 *ids,
                     guint         n_ids,
                     gboolean      of_members)
{
  CoReportScope *scope = g_new0 (CoReportScope, 1);

  /* Once for all the statements of a report: a segment may hold a great many people. */
  scope->ids_json = co_ids_json (ids, n_ids);
  scope->n_ids = n_ids;
  scope->of_members = of_members;
  return scope;
}

void
co_report_scope_free (CoReportScope *scope)
{
  g_free (scope->ids_json);
  g_free (scope);
}

sqlite3_stmt *
co_report_scope_prepare (CoStore              *store,
                         const CoReportScope  *scope,
                         const char           *sql,
                         const char           *from,
                         const char           *to,
                         const char           *extra,
                         GError              **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, scope->ids_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
  if (extra != NULL)
    sqlite3_bind_text (stmt, 4, extra, -1, SQLITE_TRANSIENT);
  return stmt;
}
