/* co-application.h: the application: the store it opens, its actions and its window. The
 * command line is src/cli's (main.c chooses). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CO_TYPE_APPLICATION (co_application_get_type ())
G_DECLARE_FINAL_TYPE (CoApplication, co_application, CO, APPLICATION, AdwApplication)

CoApplication *co_application_new             (void);
int            co_application_get_exit_status (CoApplication *self);

G_END_DECLS
