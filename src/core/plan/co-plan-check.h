/* co-plan-check.h: the plan check (方案体检): what a plan lacks or gets wrong, each finding
 * pointing at the field it is about. */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

typedef enum
{
  CO_SEVERITY_ERROR,       /* the plan cannot work as written */
  CO_SEVERITY_WARNING,     /* something practitioners would not launch without */
  CO_SEVERITY_SUGGESTION,  /* worth a look */
} CoSeverity;

typedef struct
{
  CoSeverity  severity;
  char       *rule;     /* a stable name, e.g. "goal-incomplete" */
  char       *message;  /* translated */
  /* Where to jump: "group:COLUMN", "plan:KEY", "selection:KIND", "section:TABLE",
   * "item:TABLE:ID:KEY" or "fixed:TABLE:KEYWORD:KEY". */
  char       *field;
} CoFinding;

void       co_finding_free (CoFinding *finding);
GPtrArray *co_plan_check   (CoStore   *store,
                            gint64     group_id,
                            GError   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoFinding, co_finding_free)

G_END_DECLS
