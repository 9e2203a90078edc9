/* co-conflicts-window.c: the sync's conflicts and refused changes (co-conflicts-window.h). Read
 * again whenever the agent says something changed: a round may bring more, and resolving one
 * takes it away. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "core/sync/co-sync-view.h"
#include "core/sync/co-sync.h"
#include "gui/sync/co-conflicts-window.h"
#include "gui/sync/co-sync-agent.h"
#include "gui/widgets/co-changed-by.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-widget-write.h"

struct _CoConflictsWindow
{
  AdwWindow        parent_instance;

  CoStore         *store;
  AdwToastOverlay *toasts;
  GtkWidget       *stack;
  GtkWidget       *page;
  GtkWidget       *conflicts_group;
  GtkWidget       *refused_group;
  GPtrArray       *rows;  /* in either group */
};

G_DEFINE_FINAL_TYPE (CoConflictsWindow, co_conflicts_window, ADW_TYPE_WINDOW)

/* A value as the server sent it (JSON) in words: a text without its quotes, nothing as
 * "(empty)". */
static char *
value_text (const char *json)
{
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      return g_strdup (text[0] != '\0' ? text : _("(empty)"));
    }
  return g_strdup (json);
}

static char *
record_title (CoConflictsWindow *self,
              const char        *kind,
              const char        *key)
{
  g_autofree char *name = co_sync_record_title (self->store, kind, key);

  /* Translators: a record in the conflicts: its kind and its name, e.g. Member “小明” */
  return name != NULL ? g_strdup_printf (_("%s “%s”"), co_sync_kind_title (kind), name)
                      : g_strdup (co_sync_kind_title (kind));
}

static void reload (CoConflictsWindow *self);

/* A conflict resolved, written through co_widget_write(): a sync round in a worker holds the
 * write lock while it runs, and the window never waits for it. */
typedef struct
{
  CoConflictsWindow *window;
  gint64             id;
  gboolean           mine;
} Resolve;

static void
resolve_free (Resolve *resolve)
{
  g_object_unref (resolve->window);
  g_free (resolve);
}

static gboolean
write_resolve (CoStore  *store,
               gpointer  data,
               GError  **error)
{
  Resolve *resolve = data;

  return resolve->mine ? co_sync_use_mine (store, resolve->id, error) : co_sync_keep_theirs (store, resolve->id, error);
}

/* Mine is sent at the next round, soon after the change; not written, its buttons are back. */
static void
resolved (CoStore      *store,
          const GError *error,
          gpointer      data)
{
  Resolve *resolve = data;

  if (resolve->window->store != NULL)
    reload (resolve->window);
}

static void
on_resolve (GtkButton         *button,
            CoConflictsWindow *self)
{
  Resolve *resolve = g_new0 (Resolve, 1);

  resolve->window = g_object_ref (self);
  resolve->id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "conflict-id"));
  resolve->mine = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "mine"));
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  co_widget_write (GTK_WIDGET (self->toasts), self->store, write_resolve, resolve, (GDestroyNotify) resolve_free,
                   resolved);
}

static GtkWidget *
resolve_button (CoConflictsWindow *self,
                const char        *label,
                gint64             id,
                gboolean           mine)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "conflict-id", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data (G_OBJECT (button), "mine", GINT_TO_POINTER (mine));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_resolve), self, 0);
  return button;
}

static void
add_row (CoConflictsWindow *self,
         GtkWidget         *group,
         GtkWidget         *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (self->rows, row);
}

static void
add_conflict (CoConflictsWindow    *self,
              const CoSyncConflict *conflict)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = record_title (self, conflict->kind, conflict->key);
  g_autofree char *full_title = NULL, *subtitle = NULL, *mine = value_text (conflict->mine);
  g_autofree char *at = conflict->theirs_at != NULL ? co_format_sync_time (conflict->theirs_at) : g_strdup ("");
  const char *by = conflict->theirs_by != NULL ? conflict->theirs_by : "";
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  /* Translators: a conflict's title: the record, then its field, e.g. Member “小明” · City */
  full_title = g_strdup_printf (_("%s · %s"), title, co_sync_field_title (conflict->kind, conflict->field));
  if (conflict->deleted)
    /* Translators: a record a teammate deleted while you edited it: who, when, your edit */
    subtitle = g_strdup_printf (_("Deleted by %s at %s. Your edit: %s"), by, at, mine);
  else
    {
      g_autofree char *theirs = value_text (conflict->theirs);

      /* Translators: both values of a field changed on both sides, who changed it and when */
      subtitle = g_strdup_printf (_("Yours: %s\nTheirs: %s (%s, %s)"), mine, theirs, by, at);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), full_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  if (conflict->deleted)
    {
      gtk_box_append (GTK_BOX (box), resolve_button (self, _("_Restore"), conflict->id, TRUE));
      gtk_box_append (GTK_BOX (box), resolve_button (self, _("_Keep Deleted"), conflict->id, FALSE));
    }
  else
    {
      gtk_box_append (GTK_BOX (box), resolve_button (self, _("_Use Mine"), conflict->id, TRUE));
      gtk_box_append (GTK_BOX (box), resolve_button (self, _("_Keep Theirs"), conflict->id, FALSE));
    }
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  add_row (self, self->conflicts_group, row);
}

static void
add_refusal (CoConflictsWindow   *self,
             const CoSyncRefusal *refusal)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = record_title (self, refusal->kind, refusal->key);
  g_autofree char *at = refusal->refused_at != NULL ? co_format_sync_time (refusal->refused_at) : g_strdup ("");
  g_autoptr(JsonNode) node = json_from_string (refusal->fields, NULL);
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autofree char *subtitle = NULL;

  /* What was refused, field by field, as the conflicts show values. */
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *value = json_to_string (json_object_get_member (object, l->data), FALSE);
          g_autofree char *text = value_text (value);

          /* Translators: a refused change of a field: its name and the value, e.g. Slogan: 李的口号 */
          g_string_append_printf (changes, _("%s: %s"), co_sync_field_title (refusal->kind, l->data), text);
          if (l->next != NULL)
            g_string_append (changes, " · ");
        }
    }
  /* Translators: a change the server refused: what it was, the server's reason, and when */
  subtitle = g_strdup_printf (_("%s\nThe server said: %s (%s)"), changes->str, refusal->reason, at);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  add_row (self, self->refused_group, row);
}

static void
reload (CoConflictsWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = co_sync_list_conflicts (self->store, &error);
  g_autoptr(GPtrArray) refused = conflicts != NULL ? co_sync_list_refused (self->store, &error) : NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)),
                                    row);
    }
  g_ptr_array_set_size (self->rows, 0);
  if (refused == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, co_toast_new (error->message));
      return;
    }
  for (guint i = 0; i < conflicts->len; i++)
    add_conflict (self, conflicts->pdata[i]);
  for (guint i = 0; i < refused->len; i++)
    add_refusal (self, refused->pdata[i]);
  gtk_widget_set_visible (self->conflicts_group, conflicts->len > 0);
  gtk_widget_set_visible (self->refused_group, refused->len > 0);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), conflicts->len + refused->len > 0 ? "list" : "empty");
}

GtkWidget *
co_conflicts_window_new (GtkWindow *parent,
                         CoStore   *store)
{
  CoConflictsWindow *self = g_object_new (CO_TYPE_CONFLICTS_WINDOW,
                                          "transient-for", parent,
                                          "modal", FALSE,
                                          "title", _("Conflicts"),
                                          "default-width", 640,
                                          "default-height", 560,
                                          NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (co_sync_agent_get (store), "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
  return GTK_WIDGET (self);
}

static void
co_conflicts_window_dispose (GObject *object)
{
  CoConflictsWindow *self = CO_CONFLICTS_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (co_conflicts_window_parent_class)->dispose (object);
}

static void
co_conflicts_window_class_init (CoConflictsWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_conflicts_window_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
co_conflicts_window_init (CoConflictsWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status;

  self->rows = g_ptr_array_new ();
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);

  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Conflicts"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("When you and a teammate change the same thing, or the team server refuses a "
                                     "change, it is listed here."));
  gtk_stack_add_named (GTK_STACK (self->stack), status, "empty");

  self->page = adw_preferences_page_new ();
  self->conflicts_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->conflicts_group), _("Conflicts"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->conflicts_group),
                                         _("A teammate’s change replaced yours: keep theirs, or use yours again "
                                           "for everyone."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (self->conflicts_group));
  self->refused_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->refused_group), _("Refused by the Team Server"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->refused_group),
                                         _("These changes stay in your copy only: your role does not allow them."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (self->refused_group));
  gtk_stack_add_named (GTK_STACK (self->stack), self->page, "list");

  gtk_box_append (GTK_BOX (box), self->stack);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
}
