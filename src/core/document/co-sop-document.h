/* co-sop-document.h: the report document's SOP section: how the period's SOP tasks went, by
 * group and by person (core/sop/co-sop-tasks.h). */
#pragma once

#include "core/document/co-document.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Adds the section for the tasks due from @from to @to (ISO dates, inclusive) of @ids. */
void co_sop_document_add_completion (CoDocument   *document,
                                     CoStore      *store,
                                     const gint64 *ids,
                                     guint         n_ids,
                                     const char   *from,
                                     const char   *to);

G_END_DECLS
