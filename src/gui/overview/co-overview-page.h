/* co-overview-page.h: a group's facts, edited in place and saved as the user types. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_OVERVIEW_PAGE (co_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (CoOverviewPage, co_overview_page, CO, OVERVIEW_PAGE, GtkWidget)

void   co_overview_page_set_store    (CoOverviewPage *self,
                                      CoStore        *store);
void   co_overview_page_set_groups   (CoOverviewPage *self,
                                      GListModel     *groups);
void   co_overview_page_set_group_id (CoOverviewPage *self,
                                      gint64          group_id);
gint64 co_overview_page_get_group_id (CoOverviewPage *self);
void   co_overview_page_focus_name   (CoOverviewPage *self);
void   co_overview_page_flush        (CoOverviewPage *self);

G_END_DECLS
