/* co-application.h: the application: its command line, its actions, and the store it opens. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CO_TYPE_APPLICATION (co_application_get_type ())
G_DECLARE_FINAL_TYPE (CoApplication, co_application, CO, APPLICATION, AdwApplication)

CoApplication *co_application_new             (void);
int            co_application_get_exit_status (CoApplication *self);

G_END_DECLS
