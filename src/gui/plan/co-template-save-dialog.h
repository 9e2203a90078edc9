/* co-template-save-dialog.h: asks for a name and saves a group's plan as a template of the
 * user's, which then appears among the templates of every new plan. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_TEMPLATE_SAVE_DIALOG (co_template_save_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CoTemplateSaveDialog, co_template_save_dialog, CO, TEMPLATE_SAVE_DIALOG, AdwMessageDialog)

/* Shows the dialog for the window of @source, where the toast saying it was saved appears. */
void co_template_save_dialog_present (GtkWidget *source,
                                      CoStore   *store,
                                      gint64     group_id);

G_END_DECLS
