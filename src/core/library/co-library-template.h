/* co-library-template.h: the library in plan templates. A template's "library" array holds the
 * items its lists name ({"kind", "title", "body", "stage", "group_type", "topic"}: texts whole,
 * images by kind and title, their bytes staying in the workspace); a list item names one by its
 * title ("library": "入群欢迎语"). Applying a template adds the texts the workspace lacks (an
 * item of the same kind and title is the same item), so that several groups share them. */
#pragma once

#include <json-glib/json-glib.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Adds the items of @library (the template's array at @path) that the workspace lacks. Inside
 * the caller's transaction. */
gboolean   co_library_apply_template (CoStore     *store,
                                      JsonArray   *library,
                                      const char  *path,
                                      GError     **error);
/* The item titled @title (not in the trash), texts first; 0 when there is none. */
gint64     co_library_find_title     (CoStore     *store,
                                      const char  *title);
/* The "library" array of a template made from @group_id's plan: the items its content calendar
 * and SOP name. */
JsonNode  *co_library_template_items (CoStore     *store,
                                      gint64       group_id,
                                      GError     **error);

G_END_DECLS
