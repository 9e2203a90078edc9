/* co-figures-page.h: the Daily Figures place (日报表): a grid of groups × figures for one day,
 * entered with the keyboard alone (Tab moves right, Enter moves down, typing replaces), the
 * members total carried forward from the day before, and CSV import of figures with a
 * preview that refuses a file with any problem. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_FIGURES_PAGE (co_figures_page_get_type ())
G_DECLARE_FINAL_TYPE (CoFiguresPage, co_figures_page, CO, FIGURES_PAGE, GtkWidget)

void       co_figures_page_set_store (CoFiguresPage *self,
                                      CoStore       *store);
void       co_figures_page_set_date  (CoFiguresPage *self,
                                      const char    *iso_date);
/* For tests: the entry of @figure in the row of @group_id, or NULL when not shown. */
GtkWidget *co_figures_page_get_entry (CoFiguresPage *self,
                                      gint64         group_id,
                                      guint          figure);
/* For tests: the note naming the groups the day leaves out, founded after it (hidden when none). */
GtkLabel  *co_figures_page_get_later_note (CoFiguresPage *self);
/* Shows the preview of an import of @bytes and returns its dialog. */
AdwMessageDialog *co_figures_page_preview_import (CoFiguresPage *self,
                                                  GBytes        *bytes);

G_END_DECLS
