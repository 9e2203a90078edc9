/* co-plan-document.h: the community plan of one group or several as a document (co-document.h):
 * a cover, the contents, the sections of the plan in the Plan page's order (the four phases,
 * goals, the launch checklist, seed users and tiers), the group's roles and staffing with its
 * duty roster, and, if asked, the plan check's findings. */
#pragma once

#include "core/document/co-document.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

CoDocument *co_plan_document_new (CoStore      *store,
                                  const gint64 *group_ids,
                                  guint         n_groups,
                                  gboolean      with_check,
                                  GError      **error);

G_END_DECLS
