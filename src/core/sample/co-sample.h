/* co-sample.h: the sample workspace offered on first run and used by tests and screenshots. */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

gboolean co_sample_create (CoStore  *store,
                           GError  **error);

G_END_DECLS
