/* co-template-save-dialog.c: saving a plan as a template, named by the user (the group's name
 * to start with). */
#include "config.h"

#include <glib/gi18n.h>

#include "core/groups/co-group.h"
#include "core/plan/co-template.h"
#include "gui/plan/co-template-save-dialog.h"
#include "gui/widgets/co-toast.h"

struct _CoTemplateSaveDialog
{
  AdwMessageDialog  parent_instance;

  GtkEditable      *name_entry;

  CoStore          *store;
  gint64            group_id;
  GtkWidget        *source;  /* where the toasts go */
};

G_DEFINE_FINAL_TYPE (CoTemplateSaveDialog, co_template_save_dialog, ADW_TYPE_MESSAGE_DIALOG)

static char *
dup_name (CoTemplateSaveDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (self->name_entry)));
}

static void
on_name_changed (CoTemplateSaveDialog *self)
{
  g_autofree char *name = dup_name (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", *name != '\0');
}

static void
co_template_save_dialog_response (AdwMessageDialog *dialog,
                                  const char       *response)
{
  CoTemplateSaveDialog *self = CO_TEMPLATE_SAVE_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = dup_name (self);

  if (!g_str_equal (response, "save"))
    return;
  root = co_template_from_plan (self->store, self->group_id, name, &error);
  if (root != NULL)
    path = co_template_save (root, &error);
  if (path == NULL)
    {
      co_widget_show_error (self->source, error);
      return;
    }
  /* Translators: a toast; %s is the template's name */
  message = g_strdup_printf (_("Saved as the template “%s”"), name);
  co_widget_add_toast (self->source, co_toast_new (message));
}

void
co_template_save_dialog_present (GtkWidget *source,
                                 CoStore   *store,
                                 gint64     group_id)
{
  g_autoptr(CoGroup) group = co_group_get (store, group_id, NULL);
  CoTemplateSaveDialog *self = g_object_new (CO_TYPE_TEMPLATE_SAVE_DIALOG,
                                             "transient-for", gtk_widget_get_root (source),
                                             NULL);

  self->store = g_object_ref (store);
  self->group_id = group_id;
  self->source = g_object_ref (source);
  gtk_editable_set_text (self->name_entry, group ? co_group_get_name (group) : "");
  gtk_window_present (GTK_WINDOW (self));
}

static void
co_template_save_dialog_dispose (GObject *object)
{
  CoTemplateSaveDialog *self = CO_TEMPLATE_SAVE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_TEMPLATE_SAVE_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (co_template_save_dialog_parent_class)->dispose (object);
}

static void
co_template_save_dialog_class_init (CoTemplateSaveDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_template_save_dialog_dispose;
  ADW_MESSAGE_DIALOG_CLASS (klass)->response = co_template_save_dialog_response;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/CommunityOps/co-template-save-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CoTemplateSaveDialog, name_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
}

static void
co_template_save_dialog_init (CoTemplateSaveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
