/* co-library-page.h: the Library place (素材库 / 话术库): the workspace's scripts and images,
 * searched as you type (words, pinyin) in a worker, filtered by kind and phase; each with Copy
 * (a text filled for the chosen group, an image as a picture), edit and remove with Undo; the
 * group QR codes that lapse or have lapsed said above the list. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* At most this many items are listed: a longer result says to narrow the search. */
#define CO_LIBRARY_PAGE_LIMIT 500

#define CO_TYPE_LIBRARY_PAGE (co_library_page_get_type ())
G_DECLARE_FINAL_TYPE (CoLibraryPage, co_library_page, CO, LIBRARY_PAGE, GtkWidget)

void        co_library_page_set_store   (CoLibraryPage *self,
                                         CoStore       *store);
/* For tests and the benchmark: the search typed, the items listed (CoLibraryItem), whether a
 * search is still running, and the banner's text (NULL when hidden). */
GtkEditable *co_library_page_get_search (CoLibraryPage *self);
GListModel  *co_library_page_get_items  (CoLibraryPage *self);
gboolean     co_library_page_is_loading (CoLibraryPage *self);
const char  *co_library_page_get_banner (CoLibraryPage *self);
/* Copies item @id as its Copy button does. */
void         co_library_page_copy       (CoLibraryPage *self,
                                         gint64         id);

G_END_DECLS
