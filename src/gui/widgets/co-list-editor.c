/* co-list-editor.c: one list of records as expanders of co-field-rows saving through co-list.
 * After each committed change its page refreshes it: values are updated in place, and the rows
 * are rebuilt only when the items (or what their rows show of other tables) changed. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/groups/co-group.h"
#include "core/library/co-library.h"
#include "core/members/co-channel.h"
#include "core/members/co-tier.h"
#include "core/plan/co-plan.h"
#include "core/reports/co-goal.h"
#include "core/sop/co-sop.h"
#include "core/team/co-team.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-list-editor.h"
#include "gui/widgets/co-reveal.h"
#include "gui/widgets/co-row-map.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"
#include "gui/widgets/co-widget-write.h"

/* The fields an item's subtitle sums up, after its title. */
static const char * const summary_keys[CO_N_LISTS][4] = {
  [CO_LIST_SURVEY] = { "findings" },
  [CO_LIST_STAGE_RULES] = { "strategy" },
  [CO_LIST_TYPE_RULES] = { "nickname_rule" },
  [CO_LIST_CONTENT] = { "cadence", "weekday", "time", "slot" },
  [CO_LIST_ACTIVITIES] = { "mode", "start_date", "owner" },
  [CO_LIST_SPENDS] = { "date", "amount" },
  [CO_LIST_PROBLEMS] = { "date", "status" },
  [CO_LIST_GOALS] = { NULL },  /* a sentence of its own: see item_summary() */
  [CO_LIST_TASKS] = { "phase", "due_date", "owner" },
  [CO_LIST_ROLES] = { "kind", "role_group", "frequency" },
  [CO_LIST_STAFF] = { "contact" },
  [CO_LIST_ASSIGNMENTS] = { NULL },  /* described by co_team_describe() */
  [CO_LIST_SHIFTS] = { NULL },
  [CO_LIST_ALT_ACCOUNTS] = { "account", "daily_friend_target" },
  [CO_LIST_TIERS] = { NULL },  /* its criteria in a sentence: see item_summary() */
  [CO_LIST_CHALLENGES] = { "keywords", "start_date", "end_date" },
  [CO_LIST_CHANNELS] = { "kind", "cost" },
  [CO_LIST_SOP_STEPS] = { NULL },  /* its trigger in words, and what keeps it from firing */
};

struct _CoListEditor
{
  AdwPreferencesGroup  parent_instance;

  AdwButtonContent    *add_content;
  GtkListBox          *list_box;

  CoStore             *store;
  CoList               list;
  gint64               parent_id;
  GHashTable          *rows;       /* reference → the widget that shows it */
  GHashTable          *expanded;   /* references of the expander rows left open */
  char                *signature;  /* the item ids the rows show; NULL before the first fill */
  gboolean             lazy;       /* co_list_editor_set_lazy() */
  gboolean             adding;     /* an item added is kept, not written yet: one at a time */
  CoReveal             reveal;     /* its rows shown a few a frame, when lazy */
};

G_DEFINE_FINAL_TYPE (CoListEditor, co_list_editor, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_TABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_item     (CoListEditor *self,
                              CoItem       *item);
static void build_fields     (CoListEditor *self,
                              GtkWidget    *expander);
static void build_all_fields (CoListEditor *self);

/* What a field row saves into. */
typedef struct
{
  CoListEditor *editor;
  CoList        list;
  gint64        id;
} Target;

void
co_list_box_remove_rows (GtkListBox *box)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      /* Not the placeholder, which is a row of no index. */
      if (GTK_IS_LIST_BOX_ROW (child) && gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (child)) >= 0)
        gtk_list_box_remove (box, child);
      child = next;
    }
}

static CoStore *
field_target (gpointer       user_data,
              CoFieldTarget *field_target)
{
  Target *target = user_data;

  field_target->id = target->id;
  field_target->kind = target->list;
  return target->editor->store;
}

static gboolean
save_field (CoStore             *store,
            const CoFieldTarget *target,
            const char          *key,
            const char          *input,
            GError             **error)
{
  return co_list_set (store, target->kind, target->id, key, input, error);
}

static GtkWidget *
item_field_row (CoListEditor      *self,
                const CoFieldSpec *spec,
                CoList             list,
                gint64             id)
{
  Target *target = g_new0 (Target, 1);

  target->editor = self;
  target->list = list;
  target->id = id;
  return co_field_row_new (spec, field_target, save_field, target, g_free);
}

/* ---- showing a row ------------------------------------------------------------------------ */

/* Focuses a row once the section and rows just shown for it are laid out. */
static gboolean
focus_later (gpointer data)
{
  GtkWidget *widget = data;

  if (gtk_widget_get_root (widget) == NULL)
    return G_SOURCE_REMOVE;
  if (co_is_field_row (widget))
    co_field_row_focus (widget);
  else if (!gtk_widget_grab_focus (widget))
    gtk_widget_child_focus (widget, GTK_DIR_TAB_FORWARD);
  return G_SOURCE_REMOVE;
}

gboolean
co_reveal_row (GtkWidget *row)
{
  GtkWidget *page = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_PAGE);
  GtkWidget *sections = page != NULL ? gtk_widget_get_parent (page) : NULL;

  if (page == NULL)
    return FALSE;
  if (GTK_IS_STACK (sections))
    gtk_stack_set_visible_child (GTK_STACK (sections), page);
  for (GtkWidget *w = gtk_widget_get_parent (row); w != NULL && w != page; w = gtk_widget_get_parent (w))
    if (ADW_IS_EXPANDER_ROW (w))
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (w), TRUE);
  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_later, g_object_ref (row), g_object_unref);
  return TRUE;
}

/* ---- what an item says of itself ---------------------------------------------------------- */

static char *
item_summary (CoListEditor *self,
              CoItem       *item)
{
  CoList list = co_item_get_list (item);
  const CoListSpec *spec = co_list_spec (list);
  g_autoptr(GString) summary = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (summary_keys[list]) && summary_keys[list][i]; i++)
    {
      const char *key = summary_keys[list][i];
      const CoFieldSpec *field = &spec->fields[co_field_find (spec->fields, spec->n_fields, key)];
      const char *stored = co_item_get (item, key);
      g_autofree char *text = NULL;
      g_autofree char *line = NULL;

      if (stored == NULL)
        continue;
      text = co_field_format (field, stored);
      if (field->type == CO_FIELD_LONG_TEXT)
        {
          g_auto(GStrv) lines = g_strsplit (text, "\n", 2);
          line = g_strdup (lines[0]);
        }
      if (summary->len > 0)
        g_string_append (summary, " · ");
      if (field->type == CO_FIELD_MONEY)
        g_string_append (summary, "¥");
      g_string_append (summary, line ? line : text);
    }
  if (list == CO_LIST_TIERS)
    {
      g_autofree char *criteria = co_tier_dup_criteria (item);
      g_string_append (summary, criteria);
    }
  if (list == CO_LIST_ROLES)
    {
      /* The built-in text, translated, until the user writes their own. */
      g_autofree char *duties = co_role_dup_responsibilities (item);
      if (duties != NULL)
        g_string_append_printf (summary, "%s%s", summary->len ? " · " : "", duties);
    }
  if (list == CO_LIST_GOALS)
    {
      g_autofree char *target = co_goal_describe_target (item);
      if (target != NULL)
        g_string_append (summary, target);
    }
  if (list == CO_LIST_SOP_STEPS)
    {
      g_autofree char *when = co_sop_describe_trigger (item);
      g_autoptr(GPtrArray) problems = co_sop_step_problems (self->store, item);

      g_string_append (summary, when);
      if (problems->len > 0)
        /* Translators: after an SOP step's trigger, the first thing that keeps it from working */
        g_string_append_printf (summary, _(" · ⚠ %s"), (char *) problems->pdata[0]);
    }
  if (list == CO_LIST_ACTIVITIES)
    {
      gint64 budget = co_item_get_int (item, "budget", -1);
      gint64 spent = co_activity_get_spent (self->store, co_item_get_id (item));

      if (summary->len > 0)
        g_string_append (summary, " · ");
      g_autofree char *spent_text = co_money_format (spent);
      g_autofree char *budget_text = co_money_format (budget);

      if (budget >= 0)
        /* Translators: money spent and budgeted for an activity, e.g. "¥120.00 of ¥500.00 spent" */
        g_string_append_printf (summary, _("¥%s of ¥%s spent"), spent_text, budget_text);
      else
        g_string_append_printf (summary, _("¥%s spent, no budget"), spent_text);
    }
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

/* What a field of @item shows: a built-in role's name and responsibilities show their defaults
 * in the user's language until the user writes their own (clearing the field brings the
 * default back). Showing is not saving: the row saves only what the user changes. */
static char *
shown_value (CoItem     *item,
             const char *key)
{
  if ((co_item_get_list (item) == CO_LIST_ROLES || co_item_get_list (item) == CO_LIST_TIERS) &&
      co_item_get (item, "builtin") != NULL && co_item_get (item, key) == NULL)
    {
      if (g_str_equal (key, "name"))
        return co_item_dup_title (item);
      if (g_str_equal (key, "responsibilities"))
        return co_role_dup_responsibilities (item);
      if (g_str_equal (key, "benefits"))
        return co_tier_dup_benefits (item);
    }
  return g_strdup (co_item_get (item, key));
}

/* ---- moving and removing ------------------------------------------------------------------ */

/* An item moved, removed or brought back: written through co_widget_write(), never waiting for
 * an import's or a sync's write lock. */
typedef struct
{
  CoListEditor *editor;     /* whose toasts say it */
  CoStore      *store;      /* the undo's */
  CoList        list;
  gint64        id;
  int           direction;  /* moved: -1 up, 1 down */
  char         *title;      /* removed: its name, for the toast */
} ItemChange;

static ItemChange *
item_change_new (CoListEditor *editor,
                 CoList        list,
                 gint64        id)
{
  ItemChange *change = g_new0 (ItemChange, 1);

  change->editor = g_object_ref (editor);
  change->store = g_object_ref (editor->store);
  change->list = list;
  change->id = id;
  return change;
}

static void
item_change_free (ItemChange *change)
{
  g_object_unref (change->editor);
  g_object_unref (change->store);
  g_free (change->title);
  g_free (change);
}

static ItemChange *
item_change_copy (const ItemChange *change)
{
  ItemChange *copy = item_change_new (change->editor, change->list, change->id);

  g_set_object (&copy->store, change->store);
  copy->direction = change->direction;
  copy->title = g_strdup (change->title);
  return copy;
}

static gboolean
write_move (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  ItemChange *change = data;

  return co_list_move (store, change->list, change->id, change->direction, error);
}

static gboolean
write_remove (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  ItemChange *change = data;

  return co_list_remove (store, change->list, change->id, error);
}

static gboolean
write_restore (CoStore  *store,
               gpointer  data,
               GError  **error)
{
  ItemChange *change = data;

  return co_list_restore (store, change->list, change->id, error);
}

static void
on_undo_remove (AdwToast   *toast,
                ItemChange *removed)
{
  co_widget_write (GTK_WIDGET (removed->editor), removed->store, write_restore, item_change_copy (removed),
                   (GDestroyNotify) item_change_free, NULL);
}

/* Removed (now, or once the write lock was free): said in a toast, with Undo. */
static void
item_removed (CoStore      *store,
              const GError *error,
              gpointer      data)
{
  ItemChange *removed = data;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (error != NULL)
    return;
  /* Translators: a toast after removing an item of the plan; %s names it */
  message = g_strdup_printf (_("“%s” removed"), removed->title);
  toast = co_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_remove), item_change_copy (removed),
                         (GClosureNotify) (void (*) (void)) item_change_free, 0);
  co_widget_add_toast (GTK_WIDGET (removed->editor), toast);
}

static void
on_remove_person_response (AdwMessageDialog *dialog,
                           const char       *response,
                           GtkButton        *button)
{
  if (g_str_equal (response, "remove"))
    {
      g_object_set_data (G_OBJECT (button), "co-confirmed", GINT_TO_POINTER (TRUE));
      g_signal_emit_by_name (button, "clicked");
    }
  g_object_unref (button);
}

/* A person who still has roles or shifts is removed only once the user says so; those go to the
 * trash with them, and Undo brings all back. Returns whether it asked. */
static gboolean
confirm_remove_person (CoListEditor *self,
                       GtkButton    *button,
                       gint64        id,
                       const char   *name)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint n_duties = co_team_count_duties (self->store, id);

  if (n_duties == 0)
    return FALSE;

  /* Translators: %s is a person's name */
  heading = g_strdup_printf (_("Remove %s?"), name);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s still has %u role or shift. It is removed with them, and Undo brings it back.",
                                       "%s still has %u roles and shifts. They are removed with them, and Undo brings them back.",
                                       n_duties), name, n_duties);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_remove_person_response), g_object_ref (button));
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
on_item_action (GtkButton    *button,
                CoListEditor *self)
{
  const char *action = g_object_get_data (G_OBJECT (button), "co-action");
  CoList list = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "co-list"));
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "co-id");
  g_autoptr(CoItem) item = co_list_get (self->store, list, id, NULL);
  g_autofree char *title = item ? co_team_describe (self->store, item) : NULL;
  ItemChange *change;

  co_list_editor_flush (self);
  change = item_change_new (self, list, id);
  if (g_str_equal (action, "up") || g_str_equal (action, "down"))
    {
      change->direction = g_str_equal (action, "up") ? -1 : 1;
      co_widget_write (GTK_WIDGET (self), self->store, write_move, change, (GDestroyNotify) item_change_free, NULL);
      return;
    }

  if (list == CO_LIST_STAFF && g_object_get_data (G_OBJECT (button), "co-confirmed") == NULL &&
      confirm_remove_person (self, button, id, title))
    {
      item_change_free (change);
      return;
    }
  change->title = g_steal_pointer (&title);
  co_widget_write (GTK_WIDGET (self), self->store, write_remove, change, (GDestroyNotify) item_change_free,
                   item_removed);
}

static GtkWidget *
icon_button (CoListEditor *self,
             const char   *icon,
             const char   *tooltip,
             const char   *action,
             CoList        list,
             gint64        id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  co_tooltip_set_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "co-action", (gpointer) action);
  g_object_set_data (G_OBJECT (button), "co-list", GUINT_TO_POINTER (list));
  g_object_set_data_full (G_OBJECT (button), "co-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_item_action), self);
  return button;
}

/* ---- adding ------------------------------------------------------------------------------- */

/* An item being added: its id once written. */
typedef struct
{
  CoListEditor *editor;
  CoList        list;
  gint64        parent_id;
  gint64        id;
} NewItem;

static void
new_item_free (NewItem *new_item)
{
  g_object_unref (new_item->editor);
  g_free (new_item);
}

static gboolean
write_new_item (CoStore  *store,
                gpointer  data,
                GError  **error)
{
  NewItem *new_item = data;

  new_item->id = co_list_add (store, new_item->list, new_item->parent_id, error);
  return new_item->id != 0;
}

/* The header's add button, insensitive while an item added is kept. */
static void
set_adding (CoListEditor *self,
            gboolean      adding)
{
  self->adding = adding;
  /* None once the editor is disposed. */
  if (self->add_content != NULL)
    gtk_widget_set_sensitive (gtk_widget_get_parent (GTK_WIDGET (self->add_content)), !adding);
}

/* Written (now, or once the write lock was free): the new item opened to type in, if the editor
 * still shows its list. */
static void
new_item_written (CoStore      *store,
                  const GError *error,
                  gpointer      data)
{
  NewItem *new_item = data;
  CoListEditor *self = new_item->editor;
  const CoListSpec *spec = co_list_spec (new_item->list);
  GtkWidget *expander;
  GtkWidget *first;

  set_adding (self, FALSE);
  if (error != NULL || self->store != store || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  /* The page refreshes on the store's change notice; reading again here keeps the editor from
   * depending on when that happens. Then open the new item and start typing. */
  co_list_editor_refresh (self);
  co_reveal_finish (&self->reveal);
  expander = co_row_map_lookup (self->rows, "expander:%s:%" G_GINT64_FORMAT, spec->table, new_item->id);
  /* Its rows, if they wait for it to open (a spend's are its activity's). */
  if (expander != NULL && ADW_IS_EXPANDER_ROW (expander))
    build_fields (self, expander);
  else if (self->lazy)
    build_all_fields (self);
  first = co_row_map_lookup (self->rows, "item:%s:%" G_GINT64_FORMAT ":%s", spec->table, new_item->id,
                             spec->fields[0].key);
  if (expander != NULL && !ADW_IS_EXPANDER_ROW (expander))
    {
      /* A spend: its first field, in the activity. */
      if (first != NULL)
        co_reveal_row (first);
    }
  else if (expander != NULL)
    {
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
      if (first != NULL)
        co_field_row_focus (first);
    }
}

/* Adds an item, written through co_widget_write(): while it is kept (an import holds the write
 * lock) it has no rows yet, and another click adds nothing more. */
static void
add_item (CoListEditor *self,
          CoList        list,
          gint64        parent)
{
  NewItem *new_item;

  if (self->adding)
    return;
  co_list_editor_flush (self);
  new_item = g_new0 (NewItem, 1);
  new_item->editor = g_object_ref (self);
  new_item->list = list;
  new_item->parent_id = parent;
  set_adding (self, TRUE);
  co_widget_write (GTK_WIDGET (self), self->store, write_new_item, new_item, (GDestroyNotify) new_item_free,
                   new_item_written);
}

static void
on_add_clicked (CoListEditor *self)
{
  add_item (self, self->list, self->parent_id);
}

static void
on_add_spend_clicked (GtkButton    *button,
                      CoListEditor *self)
{
  add_item (self, CO_LIST_SPENDS, *(gint64 *) g_object_get_data (G_OBJECT (button), "co-id"));
}

/* ---- an item's rows ----------------------------------------------------------------------- */

static void
on_expanded (AdwExpanderRow *expander,
             GParamSpec     *pspec,
             CoListEditor   *self)
{
  const char *reference = g_object_get_data (G_OBJECT (expander), "co-reference");

  if (adw_expander_row_get_expanded (expander))
    {
      g_hash_table_add (self->expanded, g_strdup (reference));
      build_fields (self, GTK_WIDGET (expander));
    }
  else
    g_hash_table_remove (self->expanded, reference);
}

/* A task done or not, a group an alt account is in or not: a check box's write, through
 * co_widget_write(). */
typedef struct
{
  CoListEditor *editor;
  gint64        id;        /* the task's, the alt account's */
  gint64        group_id;  /* the alt account's group */
  gboolean      active;
} Checked;

static void
checked_free (Checked *checked)
{
  g_object_unref (checked->editor);
  g_free (checked);
}

static gboolean
write_done (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  Checked *checked = data;

  return co_list_set (store, CO_LIST_TASKS, checked->id, "done", checked->active ? "1" : "0", error);
}

static gboolean
write_in_group (CoStore  *store,
                gpointer  data,
                GError  **error)
{
  Checked *checked = data;

  return co_alt_account_set_in_group (store, checked->id, checked->group_id, checked->active, error);
}

/* Refused: a task's check box back as the store has it. */
static void
check_written (CoStore      *store,
               const GError *error,
               gpointer      data)
{
  Checked *checked = data;

  if (error != NULL && checked->editor->store == store && gtk_widget_get_root (GTK_WIDGET (checked->editor)) != NULL)
    co_list_editor_refresh (checked->editor);
}

static Checked *
checked_new (CoListEditor   *self,
             GtkCheckButton *check,
             gint64          id)
{
  Checked *checked = g_new0 (Checked, 1);

  checked->editor = g_object_ref (self);
  checked->id = id;
  checked->active = gtk_check_button_get_active (check);
  return checked;
}

static void
on_done_toggled (GtkCheckButton *check,
                 CoListEditor   *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (check), "co-id");

  if (g_object_get_data (G_OBJECT (check), "co-loading") != NULL)
    return;
  co_widget_write (GTK_WIDGET (self), self->store, write_done, checked_new (self, check, id),
                   (GDestroyNotify) checked_free, check_written);
}

/* Offers the people, the roles, (for a channel) the plans' activities or the library's items a
 * reference field can point at. */
static void
fill_references (CoListEditor      *self,
                 GtkWidget         *row,
                 const CoFieldSpec *field)
{
  CoList list = g_str_equal (field->ref_table, "staff") ? CO_LIST_STAFF : CO_LIST_ROLES;
  g_autoptr(GListStore) items = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GArray) ids = NULL;
  g_auto(GStrv) strv = NULL;

  if (g_str_equal (field->ref_table, "activities"))
    {
      strv = co_channel_activity_choices (self->store, &ids);
      co_field_row_set_references (row, strv, ids);
      return;
    }
  /* An SOP step's or a content item's text or image of the library. */
  if (g_str_equal (field->ref_table, "library_items"))
    {
      strv = co_library_choices (self->store, &ids);
      co_field_row_set_references (row, strv, ids);
      return;
    }
  items = co_list_items (self->store, list, 0, NULL);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; items && i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);
      g_autofree char *name = co_item_dup_title (item);
      gint64 id = co_item_get_id (item);

      g_strv_builder_add (names, name);
      g_array_append_val (ids, id);
    }
  strv = g_strv_builder_end (names);
  co_field_row_set_references (row, strv, ids);
}

/* Each spend is a summary row with its fields below it, indented: expanders do not nest
 * well, and a popover could not be placed before its window has a monitor. */
static void
add_spend_rows (CoListEditor *self,
                GtkWidget    *activity_row,
                CoItem       *spend)
{
  const CoListSpec *spec = co_list_spec (CO_LIST_SPENDS);
  gint64 id = co_item_get_id (spend);
  GtkWidget *summary = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (summary), FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (summary),
                             icon_button (self, "user-trash-symbolic", _("Remove"), "remove", CO_LIST_SPENDS, id));
  gtk_widget_add_css_class (summary, "co-spend");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (activity_row), summary);
  co_row_map_add (self->rows, g_strdup_printf ("expander:%s:%" G_GINT64_FORMAT, spec->table, id), summary);

  for (guint f = 0; f < spec->n_fields; f++)
    {
      GtkWidget *field = item_field_row (self, &spec->fields[f], CO_LIST_SPENDS, id);

      gtk_widget_add_css_class (field, "co-spend-field");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (activity_row), field);
      co_row_map_add (self->rows, g_strdup_printf ("item:%s:%" G_GINT64_FORMAT ":%s", spec->table, id, spec->fields[f].key), field);
    }
}

/* The spends of an activity, under a header row with their own add button. */
static void
add_spends (CoListEditor *self,
            GtkWidget    *activity_row,
            gint64        activity_id)
{
  g_autoptr(GListStore) spends = co_list_items (self->store, CO_LIST_SPENDS, activity_id, NULL);
  GtkWidget *header = adw_action_row_new ();
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _(co_list_spec (CO_LIST_SPENDS)->add_label));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "co-id", g_memdup2 (&activity_id, sizeof activity_id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_add_spend_clicked), self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (header), _(co_list_spec (CO_LIST_SPENDS)->title));
  adw_action_row_add_suffix (ADW_ACTION_ROW (header), button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (activity_row), header);
  for (guint i = 0; spends && i < g_list_model_get_n_items (G_LIST_MODEL (spends)); i++)
    {
      g_autoptr(CoItem) spend = g_list_model_get_item (G_LIST_MODEL (spends), i);
      add_spend_rows (self, activity_row, spend);
    }
}

typedef struct
{
  CoListEditor *editor;
  gint64        alt_id;
  gint64        group_id;
} AltGroup;

static void
on_alt_group_toggled (GtkCheckButton *check,
                      AltGroup       *membership)
{
  Checked *checked;

  if (g_object_get_data (G_OBJECT (check), "co-loading") != NULL)
    return;
  checked = checked_new (membership->editor, check, membership->alt_id);
  checked->group_id = membership->group_id;
  co_widget_write (GTK_WIDGET (membership->editor), membership->editor->store, write_in_group, checked,
                   (GDestroyNotify) checked_free, check_written);
}

/* The groups an alt account is in, as check boxes inside its row. */
static void
add_alt_groups (CoListEditor *self,
                GtkWidget    *alt_row,
                gint64        alt_id)
{
  g_autoptr(GListStore) groups = co_group_list (self->store, NULL);
  g_autoptr(GArray) member_of = co_alt_account_get_groups (self->store, alt_id);

  for (guint i = 0; groups && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      AltGroup *membership = g_new0 (AltGroup, 1);
      g_autofree char *title = NULL;
      gboolean active = FALSE;

      membership->editor = self;
      membership->alt_id = alt_id;
      membership->group_id = co_group_get_id (group);
      for (guint m = 0; m < member_of->len; m++)
        active |= g_array_index (member_of, gint64, m) == membership->group_id;

      /* Translators: an alt account is in this group; %s is the group's name */
      title = g_strdup_printf (_("In “%s”"), co_group_get_name (group));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_data (check, "toggled", G_CALLBACK (on_alt_group_toggled), membership,
                             (GClosureNotify) (void (*) (void)) g_free, 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (alt_row), row);
    }
}

/* The rows inside an item's expander: a row per field, then the item's buttons. */
static void
item_fields (CoListEditor *self,
             GtkWidget    *expander,
             CoItem       *item)
{
  CoList list = co_item_get_list (item);
  const CoListSpec *spec = co_list_spec (list);
  gint64 id = co_item_get_id (item);

  for (guint f = 0; f < spec->n_fields; f++)
    {
      const CoFieldSpec *field = &spec->fields[f];
      GtkWidget *row;

      if ((int) f == spec->key_field || g_strcmp0 (field->key, spec->readonly_key) == 0 ||
          (field->type == CO_FIELD_BOOL && list == CO_LIST_TASKS))
        continue;
      row = item_field_row (self, field, list, id);
      if (field->type == CO_FIELD_REFERENCE)
        fill_references (self, row, field);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      co_row_map_add (self->rows, g_strdup_printf ("item:%s:%" G_GINT64_FORMAT ":%s", spec->table, id, field->key), row);
      if (spec->key_field >= 0)
        co_row_map_add (self->rows, g_strdup_printf ("fixed:%s:%s:%s", spec->table,
                                         co_item_get (item, spec->fields[spec->key_field].key), field->key), row);
    }

  if (list == CO_LIST_ACTIVITIES)
    add_spends (self, expander, id);
  if (list == CO_LIST_ALT_ACCOUNTS)
    add_alt_groups (self, expander, id);

  if (spec->key_field < 0)
    {
      GtkWidget *actions = adw_action_row_new ();

      /* A challenge's leaderboard: the Plan page opens it. */
      if (list == CO_LIST_CHALLENGES)
        {
          GtkWidget *leaderboard = gtk_button_new_with_mnemonic (_("_Leaderboard"));
          gtk_widget_set_valign (leaderboard, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (leaderboard), "plan.challenge-leaderboard");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (leaderboard), g_variant_new_int64 (id));
          adw_action_row_add_prefix (ADW_ACTION_ROW (actions), leaderboard);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (actions),
                                 icon_button (self, "go-up-symbolic", _("Move Up"), "up", list, id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (actions),
                                 icon_button (self, "go-down-symbolic", _("Move Down"), "down", list, id));
      /* Built-in roles cannot be removed (the store refuses), so there is no button to try. */
      if (spec->readonly_key == NULL || co_item_get (item, spec->readonly_key) == NULL)
        adw_action_row_add_suffix (ADW_ACTION_ROW (actions),
                                   icon_button (self, "user-trash-symbolic", _("Remove"), "remove", list, id));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), actions);
    }
}

/* Builds the rows of @expander's item now, if they wait for it to open (co_list_editor_set_lazy()). */
static void
build_fields (CoListEditor *self,
              GtkWidget    *expander)
{
  g_autoptr(CoItem) item = g_object_steal_data (G_OBJECT (expander), "co-item");

  if (item == NULL)
    return;
  item_fields (self, expander, item);
  refresh_item (self, item);
}

static void
build_all_fields (CoListEditor *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    build_fields (self, row);
}

/* The summary under a shut item in two lines at most, ellipsized: fourteen roles' duties wrapped
 * at any length cost each frame that laid the list out 15-20 ms of the main thread, against 11
 * so. AdwExpanderRow (libadwaita 1.2) has no subtitle-lines of its own; its header is an
 * AdwActionRow, which has. */
static void
limit_subtitle (GtkWidget *expander)
{
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, expander);
  while (!g_queue_is_empty (queue))
    {
      GtkWidget *widget = g_queue_pop_head (queue);

      if (ADW_IS_ACTION_ROW (widget))
        {
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (widget), 2);
          return;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (queue, child);
    }
}

static GtkWidget *
item_row (CoListEditor *self,
          CoItem       *item)
{
  CoList list = co_item_get_list (item);
  const CoListSpec *spec = co_list_spec (list);
  gint64 id = co_item_get_id (item);
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *reference = g_strdup_printf ("expander:%s:%" G_GINT64_FORMAT, spec->table, id);
  gboolean expanded = g_hash_table_contains (self->expanded, reference);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  g_object_set_data_full (G_OBJECT (expander), "co-reference", g_strdup (reference), g_free);

  for (guint f = 0; f < spec->n_fields; f++)
    {
      const CoFieldSpec *field = &spec->fields[f];

      if (field->type == CO_FIELD_BOOL && list == CO_LIST_TASKS)
        {
          /* A task done is a check box in front of the item; other yes/no fields are switches. */
          GtkWidget *check = gtk_check_button_new ();
          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          co_tooltip_set_text (check, _(field->title));
          g_object_set_data_full (G_OBJECT (check), "co-id", g_memdup2 (&id, sizeof id), g_free);
          g_signal_connect (check, "toggled", G_CALLBACK (on_done_toggled), self);
          adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander), check);
          co_row_map_add (self->rows, g_strdup_printf ("done:%s:%" G_GINT64_FORMAT, spec->table, id), check);
        }
    }
  if (self->lazy && !expanded)
    g_object_set_data_full (G_OBJECT (expander), "co-item", g_object_ref (item), g_object_unref);
  else
    item_fields (self, expander, item);
  if (self->lazy)
    limit_subtitle (expander);

  co_row_map_add (self->rows, g_steal_pointer (&reference), expander);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), expanded);
  g_signal_connect (expander, "notify::expanded", G_CALLBACK (on_expanded), self);
  return expander;
}

/* ---- reading the list again --------------------------------------------------------------- */

/* The ids and names of every group, as alt accounts' membership check boxes show them. */
static char *
groups_signature (CoListEditor *self)
{
  g_autoptr(GListStore) groups = co_group_list (self->store, NULL);
  GString *text = g_string_new (NULL);

  for (guint g = 0; groups && g < g_list_model_get_n_items (G_LIST_MODEL (groups)); g++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), g);
      g_string_append_printf (text, "[%" G_GINT64_FORMAT ":%s]", co_group_get_id (group), co_group_get_name (group));
    }
  return g_string_free (text, FALSE);
}

/* The ids the rows show, spends included: when they change, the rows are rebuilt. */
static char *
signature (CoListEditor *self,
           GListModel   *items)
{
  GString *text = g_string_new (NULL);
  g_autofree char *groups = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (items, i);

      g_string_append_printf (text, "%" G_GINT64_FORMAT, co_item_get_id (item));
      if (co_item_get_list (item) == CO_LIST_ACTIVITIES)
        {
          g_autoptr(GListStore) spends = co_list_items (self->store, CO_LIST_SPENDS, co_item_get_id (item), NULL);
          g_autofree char *inner = signature (self, G_LIST_MODEL (spends));
          g_string_append_printf (text, "[%s]", inner);
        }
      else if (co_item_get_list (item) == CO_LIST_ALT_ACCOUNTS)
        {
          /* Its membership check boxes name every group. */
          if (groups == NULL)
            groups = groups_signature (self);
          g_string_append (text, groups);
        }
      g_string_append_c (text, ',');
    }
  return g_string_free (text, FALSE);
}

static void
fill_list (CoListEditor *self,
           GListModel   *items)
{
  co_reveal_finish (&self->reveal);
  g_hash_table_remove_all (self->rows);
  co_list_box_remove_rows (self->list_box);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (items, i);
      GtkWidget *row = item_row (self, item);

      gtk_list_box_append (self->list_box, row);
      /* A row's subtitle (a role's duties) wraps: measuring fourteen in one frame took 35 ms. */
      if (self->lazy)
        co_reveal_add (&self->reveal, row);
    }
  /* Hidden, they wait for the editor to show (co_list_editor_map()). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    co_reveal_start (&self->reveal);
}

static void refresh_items (CoListEditor *self,
                           GListModel   *items);

/* Brings the rows of @item in line with it; those not built yet (co_list_editor_set_lazy()) will
 * be built from it. */
static void
refresh_item (CoListEditor *self,
          CoItem       *item)
{
  const CoListSpec *spec = co_list_spec (co_item_get_list (item));
  gint64 id = co_item_get_id (item);
  GtkWidget *expander = co_row_map_lookup (self->rows, "expander:%s:%" G_GINT64_FORMAT, spec->table, id);
  GtkWidget *done = co_row_map_lookup (self->rows, "done:%s:%" G_GINT64_FORMAT, spec->table, id);
  /* People and roles are looked up to name assignments and shifts. */
  g_autofree char *title = co_team_describe (self->store, item);
  g_autofree char *summary = item_summary (self, item);

  if (expander != NULL && g_object_get_data (G_OBJECT (expander), "co-item") != NULL)
    g_object_set_data_full (G_OBJECT (expander), "co-item", g_object_ref (item), g_object_unref);

  if (expander != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      if (ADW_IS_EXPANDER_ROW (expander))
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), summary);
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (expander), summary);
    }
  if (done != NULL)
    {
      g_object_set_data (G_OBJECT (done), "co-loading", GINT_TO_POINTER (TRUE));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (done), co_item_get_int (item, "done", 0) == 1);
      g_object_set_data (G_OBJECT (done), "co-loading", NULL);
    }
  for (guint f = 0; f < spec->n_fields; f++)
    {
      GtkWidget *row = co_row_map_lookup (self->rows, "item:%s:%" G_GINT64_FORMAT ":%s", spec->table, id, spec->fields[f].key);
      g_autofree char *value = NULL;

      if (row == NULL)
        continue;
      if (spec->fields[f].type == CO_FIELD_REFERENCE)
        fill_references (self, row, &spec->fields[f]);
      value = shown_value (item, spec->fields[f].key);
      co_field_row_set_value (row, value);
      /* An SOP step shows the fields its trigger reads. */
      if (co_item_get_list (item) == CO_LIST_SOP_STEPS)
        gtk_widget_set_visible (row, co_sop_field_applies (co_item_get (item, "trigger"), spec->fields[f].key));
    }
  if (co_item_get_list (item) == CO_LIST_ACTIVITIES)
    {
      g_autoptr(GListStore) spends = co_list_items (self->store, CO_LIST_SPENDS, id, NULL);
      refresh_items (self, G_LIST_MODEL (spends));
    }
}

static void
refresh_items (CoListEditor *self,
               GListModel   *items)
{
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (items, i);

      refresh_item (self, item);
    }
}

/* ---- public ------------------------------------------------------------------------------- */

GtkWidget *
co_list_editor_new (CoStore *store,
                    CoList   list,
                    gint64   parent_id)
{
  CoListEditor *self = g_object_new (CO_TYPE_LIST_EDITOR, "table", co_list_spec (list)->table, NULL);

  self->parent_id = parent_id;
  co_list_editor_set_store (self, store);
  return GTK_WIDGET (self);
}

void
co_list_editor_set_store (CoListEditor *self,
                          CoStore      *store)
{
  g_return_if_fail (CO_IS_LIST_EDITOR (self));

  g_set_object (&self->store, store);
}

/* Brings the rows in line with the store. Workspace-wide lists (roles, staff, alt accounts)
 * ignore the parent id. */
void
co_list_editor_refresh (CoListEditor *self)
{
  g_autoptr(GListStore) items = NULL;
  g_autofree char *ids = NULL;

  g_return_if_fail (CO_IS_LIST_EDITOR (self));

  if (self->store == NULL)
    return;
  items = co_list_items (self->store, self->list, self->parent_id, NULL);
  if (items == NULL)
    return;
  ids = signature (self, G_LIST_MODEL (items));
  if (g_strcmp0 (ids, self->signature) != 0)
    {
      fill_list (self, G_LIST_MODEL (items));
      g_free (self->signature);
      self->signature = g_steal_pointer (&ids);
    }
  refresh_items (self, G_LIST_MODEL (items));
}

void
co_list_editor_set_lazy (CoListEditor *self,
                         gboolean      lazy)
{
  g_return_if_fail (CO_IS_LIST_EDITOR (self));

  self->lazy = lazy;
}

/* Saves what is typed and not saved yet. */
void
co_list_editor_flush (CoListEditor *self)
{
  g_return_if_fail (CO_IS_LIST_EDITOR (self));

  co_row_map_flush (self->rows);
}

/* Whether @reference names this list or one of its items (an activity's spends included),
 * whether or not its rows are built yet. */
gboolean
co_list_editor_holds (CoListEditor *self,
                      const char   *reference)
{
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (CO_IS_LIST_EDITOR (self), FALSE);

  parts = g_strsplit (reference, ":", 3);
  if (parts[0] == NULL || parts[1] == NULL)
    return FALSE;
  return g_str_equal (parts[1], co_list_spec (self->list)->table) ||
         (self->list == CO_LIST_ACTIVITIES && g_str_equal (parts[1], co_list_spec (CO_LIST_SPENDS)->table));
}

/* The row that shows @reference, the editor itself for "section:TABLE", or NULL. */
GtkWidget *
co_list_editor_lookup (CoListEditor *self,
                       const char   *reference)
{
  g_autofree char *section = NULL;

  g_return_val_if_fail (CO_IS_LIST_EDITOR (self), NULL);

  section = g_strdup_printf ("section:%s", co_list_spec (self->list)->table);
  if (g_str_equal (reference, section))
    return GTK_WIDGET (self);
  co_reveal_finish (&self->reveal);
  if (self->lazy && g_hash_table_lookup (self->rows, reference) == NULL)
    build_all_fields (self);
  return g_hash_table_lookup (self->rows, reference);
}

static void
co_list_editor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CoListEditor *self = CO_LIST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      for (CoList list = 0; list < CO_N_LISTS; list++)
        if (g_strcmp0 (co_list_spec (list)->table, g_value_get_string (value)) == 0)
          self->list = list;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
co_list_editor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CoListEditor *self = CO_LIST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_string (value, co_list_spec (self->list)->table);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
co_list_editor_constructed (GObject *object)
{
  CoListEditor *self = CO_LIST_EDITOR (object);
  const CoListSpec *spec = co_list_spec (self->list);

  G_OBJECT_CLASS (co_list_editor_parent_class)->constructed (object);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _(spec->title));
  /* A fixed list has one item per keyword: nothing to add. */
  if (spec->key_field < 0)
    adw_button_content_set_label (self->add_content, _(spec->add_label));
  else
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), NULL);
}

static void
co_list_editor_map (GtkWidget *widget)
{
  CoListEditor *self = CO_LIST_EDITOR (widget);

  GTK_WIDGET_CLASS (co_list_editor_parent_class)->map (widget);
  if (co_reveal_is_pending (&self->reveal))
    co_reveal_start (&self->reveal);
}

static void
co_list_editor_dispose (GObject *object)
{
  CoListEditor *self = CO_LIST_EDITOR (object);

  co_reveal_clear (&self->reveal);
  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_LIST_EDITOR);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_pointer (&self->signature, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (co_list_editor_parent_class)->dispose (object);
}

static void
co_list_editor_class_init (CoListEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = co_list_editor_set_property;
  object_class->get_property = co_list_editor_get_property;
  object_class->constructed = co_list_editor_constructed;
  object_class->dispose = co_list_editor_dispose;
  widget_class->map = co_list_editor_map;

  /* The list by its table, as templates name it ("staff", "roles", …). */
  properties[PROP_TABLE] =
    g_param_spec_string ("table", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-list-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CoListEditor, add_content);
  gtk_widget_class_bind_template_child (widget_class, CoListEditor, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
co_list_editor_init (CoListEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = co_row_map_new ();
  co_reveal_init (&self->reveal, GTK_WIDGET (self));
  /* An item a frame (a role's wrapped subtitle costs the frame that measures it up to 8 ms),
   * none in the first, the costliest: the page's own. */
  co_reveal_set_batch (&self->reveal, 1);
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
