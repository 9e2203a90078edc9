/* co-tags-window.h: the workspace's tag groups and tags: add, rename, merge and delete them, with
 * how many people have each. Opened from the Members page's segment menu (Manage Tags…). */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

GtkWidget *co_tags_window_new (GtkWindow *parent,
                               CoStore   *store);

G_END_DECLS
