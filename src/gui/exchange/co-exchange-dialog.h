/* co-exchange-dialog.h: exporting the workspace or a group as JSON, and importing a JSON file
 * after showing what it would change. */
#pragma once

#include <adwaita.h>

#include "core/exchange/co-exchange.h"

G_BEGIN_DECLS

/* Asks where to save, then writes the workspace (@group_id 0) or the group. */
void              co_exchange_dialog_export  (GtkWidget   *widget,
                                              CoStore     *store,
                                              gint64       group_id,
                                              const char  *suggested_name);
/* Asks for a file, reads and checks it in a thread, then shows co_exchange_dialog_preview(). */
void              co_exchange_dialog_import  (GtkWidget   *widget,
                                              CoStore     *store);
/* The file's groups and people, the choice to add or replace, and what each would change;
 * "import" writes it. Takes @exchange. */
AdwMessageDialog *co_exchange_dialog_preview (GtkWidget   *widget,
                                              CoStore     *store,
                                              const char  *name,
                                              CoExchange  *exchange);

G_END_DECLS
