/* co-template.h: plan templates: a plan as a JSON document, to start a group's plan from,
 * built in (the 13-step launch and three kinds of community, in the user's language) or saved
 * by the user from a plan of theirs. Copying a plan between groups goes the same way. */
#pragma once

#include <json-glib/json-glib.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TEMPLATE_ERROR (co_template_error_quark ())

typedef enum
{
  CO_TEMPLATE_ERROR_INVALID,
  CO_TEMPLATE_ERROR_PLAN_NOT_EMPTY,
} CoTemplateError;

typedef struct
{
  char     *name;
  char     *description;
  char     *resource;  /* a built-in template, or NULL */
  char     *path;      /* a saved template, or NULL */
} CoTemplateInfo;

GQuark     co_template_error_quark (void);
void       co_template_info_free   (CoTemplateInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoTemplateInfo, co_template_info_free)

char      *co_template_user_dir    (void);
GPtrArray *co_template_list        (void);
JsonNode  *co_template_load        (const CoTemplateInfo  *info,
                                    GError               **error);
JsonNode  *co_template_parse       (GBytes                *bytes,
                                    const char            *origin,
                                    GError               **error);
gboolean   co_template_apply       (CoStore               *store,
                                    gint64                 group_id,
                                    JsonNode              *root,
                                    GError               **error);
JsonNode  *co_template_from_plan   (CoStore               *store,
                                    gint64                 group_id,
                                    const char            *name,
                                    GError               **error);
char      *co_template_save        (JsonNode              *root,
                                    GError               **error);
/* A new group called @name under @parent_id (0: none) on @platform (a keyword, or NULL), its
 * plan started from @plan (a template, or another group's plan from co_template_from_plan();
 * NULL: no plan yet), in one transaction: all of it, or nothing. Its id, or 0 and why. */
gint64     co_template_create_group (CoStore              *store,
                                     const char           *name,
                                     gint64                parent_id,
                                     const char           *platform,
                                     JsonNode             *plan,
                                     GError              **error);
gboolean   co_plan_is_empty        (CoStore               *store,
                                    gint64                 group_id);
gboolean   co_plan_copy            (CoStore               *store,
                                    gint64                 from_group_id,
                                    gint64                 to_group_id,
                                    GError               **error);

G_END_DECLS
