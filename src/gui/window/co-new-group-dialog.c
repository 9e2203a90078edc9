/* co-new-group-dialog.c: a new group's name, platform, parent and plan (no template, a template
 * in the user's language or of their own, or another group's plan), asked before anything is
 * written; the group is made in one write of the core (co_template_create_group). A name that
 * cannot be says why in place of the field's title, and Create stays off until it can. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/groups/co-group.h"
#include "core/plan/co-template.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-widget-write.h"
#include "gui/window/co-new-group-dialog.h"


struct _CoNewGroupDialog
{
  AdwWindow     parent_instance;

  AdwEntryRow  *name_row;
  AdwComboRow  *platform_row;
  AdwComboRow  *parent_row;
  AdwPreferencesGroup *plan_group;
  AdwComboRow  *copy_row;
  GtkWidget    *create_button;

  CoStore      *store;
  GArray       *parent_ids;   /* the group of each choice of parent_row; 0 first */
  GArray       *copy_ids;     /* the group of each choice of copy_row */
  GPtrArray    *templates;    /* CoTemplateInfo of the template rows */
  GPtrArray    *template_checks;  /* the radio button of each template's row */
  GtkCheckButton *no_plan_check;  /* the first radio button; the others join its group */
  GtkCheckButton *copy_check;
  gboolean      creating;     /* the group asked for is being written */
};

G_DEFINE_FINAL_TYPE (CoNewGroupDialog, co_new_group_dialog, ADW_TYPE_WINDOW)

enum { CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Shows why the name cannot be in place of the field's title, or the title again. */
static void
show_name_problem (CoNewGroupDialog *self,
                   const GError     *problem)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row),
                                 problem ? problem->message : _("Name"));
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
}

static void
on_name_changed (CoNewGroupDialog *self)
{
  g_autoptr(GError) problem = NULL;
  gboolean valid = co_group_check_name (self->store, gtk_editable_get_text (GTK_EDITABLE (self->name_row)), 0,
                                        &problem);

  show_name_problem (self, problem);
  gtk_widget_set_sensitive (self->create_button, valid && !self->creating);
}

static void
on_copy_selected (CoNewGroupDialog *self)
{
  if (self->copy_check != NULL)
    gtk_check_button_set_active (self->copy_check, TRUE);
}

/* The plan the chosen radio button gives, or NULL for none (@error unset) or on failure. */
static JsonNode *
load_plan (CoNewGroupDialog  *self,
           GError           **error)
{
  guint copy = adw_combo_row_get_selected (self->copy_row);

  for (guint i = 0; i < self->templates->len; i++)
    if (gtk_check_button_get_active (self->template_checks->pdata[i]))
      return co_template_load (self->templates->pdata[i], error);
  if (gtk_check_button_get_active (self->copy_check) && copy < self->copy_ids->len)
    return co_template_from_plan (self->store, g_array_index (self->copy_ids, gint64, copy), "", error);
  return NULL;
}

/* The group asked for, written through co_widget_write(): while an import or a sync round holds
 * the write lock, the dialog says so, Create off, and closes once the group is made (selected
 * then by the window, through ::created). A name refused (taken meanwhile) is shown in place of
 * the field's title, not as the window's error: the write keeps it in @problem and says it ran. */
typedef struct
{
  CoNewGroupDialog *dialog;
  char             *name;
  gint64            parent_id;
  const char       *platform;   /* a keyword of co_choices_get (), or NULL */
  JsonNode         *plan;       /* NULL: none */
  gint64            id;         /* the group made */
  GError           *problem;
} NewGroup;

static void
new_group_free (NewGroup *group)
{
  g_object_unref (group->dialog);
  g_free (group->name);
  g_clear_pointer (&group->plan, json_node_unref);
  g_clear_error (&group->problem);
  g_free (group);
}

static gboolean
write_group (CoStore  *store,
             gpointer  data,
             GError  **error)
{
  NewGroup *group = data;
  g_autoptr(GError) local_error = NULL;

  group->id = co_template_create_group (store, group->name, group->parent_id, group->platform, group->plan,
                                        &local_error);
  if (local_error != NULL && local_error->domain == CO_GROUP_ERROR && local_error->code != CO_GROUP_ERROR_INVALID_PARENT)
    {
      group->problem = g_steal_pointer (&local_error);
      return TRUE;
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return group->id != 0;
}

/* Create is off while the group is being written (or kept to be), once only. */
static void
set_creating (CoNewGroupDialog *self,
              gboolean          creating)
{
  self->creating = creating;
  gtk_widget_set_sensitive (self->create_button, !creating);
}

static void
group_written (CoStore      *store,
               const GError *error,
               gpointer      data)
{
  NewGroup *group = data;
  CoNewGroupDialog *self = group->dialog;

  if (error != NULL || group->problem != NULL)
    {
      set_creating (self, FALSE);
      if (group->problem != NULL)
        show_name_problem (self, group->problem);
      return;
    }
  g_signal_emit (self, signals[CREATED], 0, group->id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_create (CoNewGroupDialog *self)
{
  g_autoptr(GError) error = NULL;
  guint platform = adw_combo_row_get_selected (self->platform_row);
  guint parent = adw_combo_row_get_selected (self->parent_row);
  NewGroup *group;

  if (!gtk_widget_get_sensitive (self->create_button) || self->creating)
    return;
  group = g_new0 (NewGroup, 1);
  group->dialog = g_object_ref (self);
  group->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  group->parent_id = parent < self->parent_ids->len ? g_array_index (self->parent_ids, gint64, parent) : 0;
  if (platform != GTK_INVALID_LIST_POSITION && platform > 0)
    {
      guint n_platforms;
      const CoChoice *platforms = co_choices_get (CO_CHOICE_PLATFORM, &n_platforms);
      group->platform = platforms[platform - 1].keyword;
    }
  group->plan = load_plan (self, &error);
  if (error != NULL)
    {
      co_widget_show_error (GTK_WIDGET (self->name_row), error);
      new_group_free (group);
      return;
    }
  set_creating (self, TRUE);
  co_widget_write (GTK_WIDGET (self->name_row), self->store, write_group, group, (GDestroyNotify) new_group_free,
                   group_written);
}

static void
fill_platforms (CoNewGroupDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n_platforms;
  const CoChoice *platforms = co_choices_get (CO_CHOICE_PLATFORM, &n_platforms);

  gtk_string_list_append (labels, _("Not Set"));
  for (guint i = 0; i < n_platforms; i++)
    gtk_string_list_append (labels, co_choice_label (CO_CHOICE_PLATFORM, platforms[i].keyword));
  adw_combo_row_set_model (self->platform_row, G_LIST_MODEL (labels));
}

/* A row of the plan's group with a radio button, placed before the copy row. */
static GtkCheckButton *
add_plan_row (CoNewGroupDialog *self,
              const char       *title,
              const char       *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : "");
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (self->no_plan_check != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->no_plan_check);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  adw_preferences_group_add (self->plan_group, row);
  return GTK_CHECK_BUTTON (check);
}

/* The parents to choose from and the plans to copy, from one list of the groups; the templates. */
static void
fill_groups (CoNewGroupDialog *self,
             gint64            parent_id)
{
  g_autoptr(GListStore) groups = co_group_list (self->store, NULL);
  g_autoptr(GtkStringList) parents = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) copies = gtk_string_list_new (NULL);
  gint64 no_parent = 0;
  guint chosen_parent = 0;

  gtk_string_list_append (parents, _("None (top level)"));
  g_array_append_val (self->parent_ids, no_parent);
  for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);

      if (id == parent_id)
        chosen_parent = self->parent_ids->len;
      gtk_string_list_append (parents, co_group_get_name (group));
      g_array_append_val (self->parent_ids, id);
      if (!co_plan_is_empty (self->store, id))
        {
          gtk_string_list_append (copies, co_group_get_name (group));
          g_array_append_val (self->copy_ids, id);
        }
    }
  adw_combo_row_set_model (self->parent_row, G_LIST_MODEL (parents));
  adw_combo_row_set_selected (self->parent_row, chosen_parent);

  /* The copy row was the group's only child: the rows go before it, in this order. */
  g_object_ref (self->copy_row);
  adw_preferences_group_remove (self->plan_group, GTK_WIDGET (self->copy_row));
  self->no_plan_check = add_plan_row (self, _("No Template"),
                                      _("Write the plan yourself; the Plan page offers the templates again"));
  gtk_check_button_set_active (self->no_plan_check, TRUE);
  self->templates = co_template_list ();
  for (guint i = 0; i < self->templates->len; i++)
    {
      CoTemplateInfo *info = self->templates->pdata[i];
      g_ptr_array_add (self->template_checks,
                       add_plan_row (self, info->name, info->description ? info->description : info->path));
    }
  adw_preferences_group_add (self->plan_group, GTK_WIDGET (self->copy_row));
  g_object_unref (self->copy_row);
  /* Before its radio button: choosing a group chooses the copy, not filling the list. */
  adw_combo_row_set_model (self->copy_row, G_LIST_MODEL (copies));
  self->copy_check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->copy_check), GTK_ALIGN_CENTER);
  gtk_check_button_set_group (self->copy_check, self->no_plan_check);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->copy_row), GTK_WIDGET (self->copy_check));
  gtk_widget_set_visible (GTK_WIDGET (self->copy_row), self->copy_ids->len > 0);
}

CoNewGroupDialog *
co_new_group_dialog_new (GtkWindow *parent,
                         CoStore   *store,
                         gint64     parent_id)
{
  CoNewGroupDialog *self = g_object_new (CO_TYPE_NEW_GROUP_DIALOG, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  if (parent_id != 0)
    gtk_window_set_title (GTK_WINDOW (self), C_("dialog title", "New Subgroup"));
  fill_platforms (self);
  fill_groups (self, parent_id);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

static void
co_new_group_dialog_dispose (GObject *object)
{
  CoNewGroupDialog *self = CO_NEW_GROUP_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_NEW_GROUP_DIALOG);
  g_clear_pointer (&self->parent_ids, g_array_unref);
  g_clear_pointer (&self->copy_ids, g_array_unref);
  g_clear_pointer (&self->template_checks, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (co_new_group_dialog_parent_class)->dispose (object);
}

static void
co_new_group_dialog_class_init (CoNewGroupDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_new_group_dialog_dispose;

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-new-group-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CoNewGroupDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CoNewGroupDialog, platform_row);
  gtk_widget_class_bind_template_child (widget_class, CoNewGroupDialog, parent_row);
  gtk_widget_class_bind_template_child (widget_class, CoNewGroupDialog, plan_group);
  gtk_widget_class_bind_template_child (widget_class, CoNewGroupDialog, copy_row);
  gtk_widget_class_bind_template_child (widget_class, CoNewGroupDialog, create_button);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_create);
  /* Escape cancels, as in a dialog. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
co_new_group_dialog_init (CoNewGroupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->parent_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->copy_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->template_checks = g_ptr_array_new ();
}
