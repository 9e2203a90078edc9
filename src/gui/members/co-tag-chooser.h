/* co-tag-chooser.h: the workspace's tags, group by group, as check buttons to choose some of.
 *
 * For any form that chooses tags: the New Member dialog, a segment's criteria, a member's
 * window, a selection's tags. It follows the store: a tag added, renamed or deleted elsewhere
 * shows at once, and the choice is kept.
 *
 *   GtkWidget *chooser = co_tag_chooser_new (store);
 *   co_tag_chooser_set_selected (CO_TAG_CHOOSER (chooser), ids);       // gint64 tag ids
 *   g_autoptr(GArray) chosen = co_tag_chooser_get_selected (CO_TAG_CHOOSER (chooser));
 *   co_member_set_tags (store, membership_id, (gint64 *) chosen->data, chosen->len, &error);
 *
 * ::tag-toggled (gint64 tag_id, gboolean active) is emitted when the user toggles a tag, never
 * when the program sets the choice. */
#pragma once

#include <gtk/gtk.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_TAG_CHOOSER (co_tag_chooser_get_type ())
G_DECLARE_FINAL_TYPE (CoTagChooser, co_tag_chooser, CO, TAG_CHOOSER, GtkWidget)

GtkWidget *co_tag_chooser_new          (CoStore      *store);
/* The chosen tags' ids (gint64); @tag_ids NULL chooses none. */
void       co_tag_chooser_set_selected (CoTagChooser *self,
                                        GArray       *tag_ids);
GArray    *co_tag_chooser_get_selected (CoTagChooser *self);
/* Tags some but not all of a selection have, shown half-checked until toggled. */
void       co_tag_chooser_set_mixed    (CoTagChooser *self,
                                        GArray       *tag_ids);
/* The check button of the tag named @name, for tests; NULL when there is none. */
GtkWidget *co_tag_chooser_get_button   (CoTagChooser *self,
                                        const char   *name);

G_END_DECLS
