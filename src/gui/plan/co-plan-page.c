/* co-plan-page.c: the Plan page. Its sections are the outline's (co-plan-outline.h): blocks of
 * plan fields, choices and lists; every row is a co-field-row saving through co-plan. After each committed
 * change the page updates values in place, and rebuilds a list only when its items changed,
 * so the row being typed in keeps its focus. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gui/widgets/co-field-row.h"
#include "core/groups/co-group.h"
#include "core/plan/co-plan.h"
#include "core/plan/co-plan-check.h"
#include "core/plan/co-plan-outline.h"
#include "gui/plan/co-plan-page.h"
#include "core/team/co-team.h"
#include "core/members/co-tier.h"
#include "core/plan/co-template.h"
#include "gui/widgets/co-toast.h"

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
};

struct _CoPlanPage
{
  GtkWidget            parent_instance;

  GtkStack            *stack;
  AdwLeaflet          *editor_leaflet;
  GtkStack            *sections;
  AdwPreferencesGroup *templates_group;
  AdwComboRow         *copy_row;
  GtkWidget           *save_template_button;

  CoStore             *store;
  gint64               group_id;
  GHashTable          *rows;        /* reference → the widget that shows it */
  GHashTable          *signatures;  /* list table → the item ids its block shows */
  GHashTable          *expanded;    /* references of the expander rows left open */
  GArray              *copy_ids;
  GPtrArray           *templates;
  GPtrArray           *template_rows;
  GtkWidget           *check_page;
  GtkWidget           *findings_list;
  GtkWidget           *progress_list;
  GtkWidget           *roster_box;
  GtkWidget           *matrix_box;
  GtkWidget           *on_duty_list;
  guint                minute_id;     /* keeps "on duty now" current */
  GtkWidget           *targets_list;
  gboolean             team;  /* showing the workspace's team rather than a group's plan */
};

G_DEFINE_FINAL_TYPE (CoPlanPage, co_plan_page, GTK_TYPE_WIDGET)

typedef enum
{
  TARGET_PLAN,
  TARGET_GROUP,
  TARGET_LIST,
} TargetKind;

/* What a field row saves into. */
typedef struct
{
  CoPlanPage *page;
  TargetKind  kind;
  CoList      list;
  gint64      id;
} Target;

static void refresh (CoPlanPage *self);

static void
show_toast (CoPlanPage *self,
            AdwToast   *toast)
{
  co_widget_add_toast (GTK_WIDGET (self), toast);
}

static void
show_error (CoPlanPage   *self,
            const GError *error)
{
  co_widget_show_error (GTK_WIDGET (self), error);
}

/* Removes the rows of @box, leaving its placeholder. */
static void
remove_rows (GtkWidget *box)
{
  GtkWidget *child = gtk_widget_get_first_child (box);

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      child = next;
    }
}

static gboolean
save_field (const char  *key,
            const char  *input,
            gpointer     user_data,
            GError     **error)
{
  Target *target = user_data;
  CoStore *store = target->page->store;

  switch (target->kind)
    {
    case TARGET_PLAN:
      return co_plan_set (store, target->id, key, input, error);
    case TARGET_GROUP:
      return co_group_set_field (store, target->id, co_group_field_from_key (key), input, error);
    case TARGET_LIST:
    default:
      return co_list_set (store, target->list, target->id, key, input, error);
    }
}

static GtkWidget *
field_row (CoPlanPage        *self,
           const CoFieldSpec *spec,
           TargetKind         kind,
           CoList             list,
           gint64             id)
{
  Target *target = g_new0 (Target, 1);

  target->page = self;
  target->kind = kind;
  target->list = list;
  target->id = id;
  return co_field_row_new (spec, save_field, target, g_free);
}

static void
remember (CoPlanPage *self,
          char       *reference,
          GtkWidget  *widget)
{
  g_hash_table_replace (self->rows, reference, widget);
}

static GtkWidget *
lookup (CoPlanPage *self,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static GtkWidget *
lookup (CoPlanPage *self,
        const char *format,
        ...)
{
  g_autofree char *reference = NULL;
  va_list args;

  va_start (args, format);
  reference = g_strdup_vprintf (format, args);
  va_end (args);
  return g_hash_table_lookup (self->rows, reference);
}

/* ---- choices held several at a time ------------------------------------------------------ */

typedef struct
{
  CoPlanPage  *page;
  CoChoiceKind kind;
  const char  *keyword;
} Selection;

static void
on_selection_toggled (GtkCheckButton *check,
                      Selection      *selection)
{
  g_autoptr(GError) error = NULL;
  CoPlanPage *self = selection->page;

  if (g_object_get_data (G_OBJECT (check), "co-loading") != NULL)
    return;
  if (!co_plan_set_selected (self->store, self->group_id, selection->kind, selection->keyword,
                             gtk_check_button_get_active (check), &error))
    show_error (self, error);
}

static GtkWidget *
selection_row (CoPlanPage   *self,
               CoChoiceKind  kind)
{
  GtkWidget *expander = adw_expander_row_new ();
  const char *name = co_plan_selection_kind_name (kind);
  guint n_choices;
  const CoChoice *choices = co_choices_get (kind, &n_choices);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), co_choice_kind_title (kind));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  for (guint i = 0; i < n_choices; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      Selection *selection = g_new0 (Selection, 1);

      selection->page = self;
      selection->kind = kind;
      selection->keyword = choices[i].keyword;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(choices[i].label));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_data (check, "toggled", G_CALLBACK (on_selection_toggled), selection,
                             (GClosureNotify) (void (*) (void)) g_free, 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      remember (self, g_strdup_printf ("check:%s:%s", name, choices[i].keyword), check);
    }
  remember (self, g_strdup_printf ("selection:%s", name), expander);
  return expander;
}

static void
refresh_selections (CoPlanPage *self)
{
  for (guint k = 0; k < G_N_ELEMENTS (co_plan_selection_kinds); k++)
    {
      CoChoiceKind kind = co_plan_selection_kinds[k];
      const char *name = co_plan_selection_kind_name (kind);
      g_auto(GStrv) selected = co_plan_get_selection (self->store, self->group_id, kind);
      g_autoptr(GString) labels = g_string_new (NULL);
      GtkWidget *expander = lookup (self, "selection:%s", name);
      guint n_choices;
      const CoChoice *choices = co_choices_get (kind, &n_choices);

      if (expander == NULL)
        continue;
      for (guint i = 0; i < n_choices; i++)
        {
          GtkWidget *check = lookup (self, "check:%s:%s", name, choices[i].keyword);
          gboolean active = g_strv_contains ((const char * const *) selected, choices[i].keyword);

          g_object_set_data (G_OBJECT (check), "co-loading", GINT_TO_POINTER (TRUE));
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
          g_object_set_data (G_OBJECT (check), "co-loading", NULL);
          if (active)
            {
              if (labels->len > 0)
                /* Translators: separates the chosen items of a list */
                g_string_append (labels, _(", "));
              g_string_append (labels, _(choices[i].label));
            }
        }
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), labels->len ? labels->str : _("None chosen"));
    }
}

/* ---- lists ------------------------------------------------------------------------------- */

static char *
item_summary (CoPlanPage *self,
              CoItem     *item)
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
      const char *target = co_item_get (item, "target");
      const char *deadline = co_item_get (item, "deadline");

      if (target != NULL)
        {
          g_autofree char *amount = g_strdup_printf ("%s %s", target, co_item_get (item, "unit") ? co_item_get (item, "unit") : "");
          /* Translators: a goal's target, e.g. "Target 30 members" */
          g_string_append_printf (summary, _("Target %s"), g_strstrip (amount));
        }
      if (deadline != NULL)
        {
          if (summary->len > 0)
            g_string_append_c (summary, ' ');
          /* Translators: a goal's deadline, e.g. "by 2026-12-31" */
          g_string_append_printf (summary, _("by %s"), deadline);
        }
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

typedef struct
{
  CoStore *store;
  CoList   list;
  gint64   id;
} Removed;

static void
removed_free (Removed *removed)
{
  g_object_unref (removed->store);
  g_free (removed);
}

static void
on_undo_remove (AdwToast *toast,
                Removed  *removed)
{
  g_autoptr(GError) error = NULL;

  if (!co_list_restore (removed->store, removed->list, removed->id, &error))
    g_warning ("Could not restore the item: %s", error->message);
}

static void
flush_rows (CoPlanPage *self)
{
  GHashTableIter iter;
  gpointer widget;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &widget))
    if (co_is_field_row (widget))
      co_field_row_flush (widget);
}

static void on_item_action (GtkButton *button, CoPlanPage *self);

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
confirm_remove_person (CoPlanPage *self,
                       GtkButton  *button,
                       gint64      id,
                       const char *name)
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
on_item_action (GtkButton  *button,
                CoPlanPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *action = g_object_get_data (G_OBJECT (button), "co-action");
  CoList list = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "co-list"));
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "co-id");
  g_autoptr(CoItem) item = co_list_get (self->store, list, id, NULL);
  g_autofree char *title = item ? co_team_describe (self->store, item) : NULL;

  flush_rows (self);
  if (g_str_equal (action, "up") || g_str_equal (action, "down"))
    {
      if (!co_list_move (self->store, list, id, g_str_equal (action, "up") ? -1 : 1, &error))
        show_error (self, error);
      return;
    }

  if (list == CO_LIST_STAFF && g_object_get_data (G_OBJECT (button), "co-confirmed") == NULL &&
      confirm_remove_person (self, button, id, title))
    return;
  if (!co_list_remove (self->store, list, id, &error))
    show_error (self, error);
  else
    {
      /* Translators: a toast after removing an item of the plan; %s names it */
      g_autofree char *message = g_strdup_printf (_("“%s” removed"), title);
      AdwToast *toast = co_toast_new (message);
      Removed *removed = g_new0 (Removed, 1);

      removed->store = g_object_ref (self->store);
      removed->list = list;
      removed->id = id;
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_remove), removed,
                             (GClosureNotify) (void (*) (void)) removed_free, 0);
      show_toast (self, toast);
    }
}

static GtkWidget *
icon_button (CoPlanPage *self,
             const char *icon,
             const char *tooltip,
             const char *action,
             CoList      list,
             gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "co-action", (gpointer) action);
  g_object_set_data (G_OBJECT (button), "co-list", GUINT_TO_POINTER (list));
  g_object_set_data_full (G_OBJECT (button), "co-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_item_action), self);
  return button;
}

static void
on_expanded (AdwExpanderRow *expander,
             GParamSpec     *pspec,
             CoPlanPage     *self)
{
  const char *reference = g_object_get_data (G_OBJECT (expander), "co-reference");

  if (adw_expander_row_get_expanded (expander))
    g_hash_table_add (self->expanded, g_strdup (reference));
  else
    g_hash_table_remove (self->expanded, reference);
}

static void
on_done_toggled (GtkCheckButton *check,
                 CoPlanPage     *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (check), "co-id");

  if (g_object_get_data (G_OBJECT (check), "co-loading") != NULL)
    return;
  if (!co_list_set (self->store, CO_LIST_TASKS, id, "done", gtk_check_button_get_active (check) ? "1" : "0",
                    &error))
    show_error (self, error);
}

static void add_spends (CoPlanPage *self, GtkWidget *activity_row, gint64 activity_id);
static void add_alt_groups (CoPlanPage *self, GtkWidget *alt_row, gint64 alt_id);

/* What names an item in its list: people and roles are looked up for assignments and shifts. */
static char *
item_title (CoPlanPage *self,
            CoItem     *item)
{
  return co_team_describe (self->store, item);
}

/* Offers the people or the roles a reference field can point at. */
static void
fill_references (CoPlanPage        *self,
                 GtkWidget         *row,
                 const CoFieldSpec *field)
{
  CoList list = g_str_equal (field->ref_table, "staff") ? CO_LIST_STAFF : CO_LIST_ROLES;
  g_autoptr(GListStore) items = co_list_items (self->store, list, 0, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) strv = NULL;

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

static GtkWidget *
item_row (CoPlanPage *self,
          CoItem     *item)
{
  CoList list = co_item_get_list (item);
  const CoListSpec *spec = co_list_spec (list);
  gint64 id = co_item_get_id (item);
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *reference = g_strdup_printf ("expander:%s:%" G_GINT64_FORMAT, spec->table, id);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  g_object_set_data_full (G_OBJECT (expander), "co-reference", g_strdup (reference), g_free);

  for (guint f = 0; f < spec->n_fields; f++)
    {
      const CoFieldSpec *field = &spec->fields[f];
      GtkWidget *row;

      if ((int) f == spec->key_field || g_strcmp0 (field->key, spec->readonly_key) == 0)
        continue;
      if (field->type == CO_FIELD_BOOL && list == CO_LIST_TASKS)
        {
          /* A task done is a check box in front of the item; other yes/no fields are switches. */
          GtkWidget *check = gtk_check_button_new ();
          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (check, _(field->title));
          g_object_set_data_full (G_OBJECT (check), "co-id", g_memdup2 (&id, sizeof id), g_free);
          g_signal_connect (check, "toggled", G_CALLBACK (on_done_toggled), self);
          adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander), check);
          remember (self, g_strdup_printf ("done:%s:%" G_GINT64_FORMAT, spec->table, id), check);
          continue;
        }
      row = field_row (self, field, TARGET_LIST, list, id);
      if (field->type == CO_FIELD_REFERENCE)
        fill_references (self, row, field);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      remember (self, g_strdup_printf ("item:%s:%" G_GINT64_FORMAT ":%s", spec->table, id, field->key), row);
      if (spec->key_field >= 0)
        remember (self, g_strdup_printf ("fixed:%s:%s:%s", spec->table,
                                         co_item_get (item, spec->fields[spec->key_field].key), field->key), row);
    }

  if (list == CO_LIST_ACTIVITIES)
    add_spends (self, expander, id);
  if (list == CO_LIST_ALT_ACCOUNTS)
    add_alt_groups (self, expander, id);

  if (spec->key_field < 0)
    {
      GtkWidget *actions = adw_action_row_new ();
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

  remember (self, g_steal_pointer (&reference), expander);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander),
                                 g_hash_table_contains (self->expanded, g_object_get_data (G_OBJECT (expander), "co-reference")));
  g_signal_connect (expander, "notify::expanded", G_CALLBACK (on_expanded), self);
  return expander;
}

static void
on_add_clicked (GtkButton  *button,
                CoPlanPage *self)
{
  g_autoptr(GError) error = NULL;
  CoList list = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "co-list"));
  gint64 parent = *(gint64 *) g_object_get_data (G_OBJECT (button), "co-id");
  const CoListSpec *spec = co_list_spec (list);
  GtkWidget *expander;
  gint64 id;

  flush_rows (self);
  id = co_list_add (self->store, list, parent, &error);
  if (id == 0)
    {
      show_error (self, error);
      return;
    }
  /* The list was rebuilt by the store's change notice: open the new item and start typing. */
  expander = lookup (self, "expander:%s:%" G_GINT64_FORMAT, spec->table, id);
  if (expander != NULL && !ADW_IS_EXPANDER_ROW (expander))
    {
      /* A spend: its first field, in the activity. */
      g_autofree char *first = g_strdup_printf ("item:%s:%" G_GINT64_FORMAT ":%s", spec->table, id,
                                                spec->fields[0].key);
      co_plan_page_show_field (self, first);
    }
  else if (expander != NULL)
    {
      GtkWidget *first = lookup (self, "item:%s:%" G_GINT64_FORMAT ":%s", spec->table, id, spec->fields[0].key);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
      if (first != NULL)
        co_field_row_focus (first);
    }
}

static GtkWidget *
add_button (CoPlanPage *self,
            CoList      list,
            gint64      parent)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _(co_list_spec (list)->add_label));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "co-list", GUINT_TO_POINTER (list));
  g_object_set_data_full (G_OBJECT (button), "co-id", g_memdup2 (&parent, sizeof parent), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_add_clicked), self);
  return button;
}

/* Each spend is a summary row with its fields below it, indented: expanders do not nest
 * well, and a popover could not be placed before its window has a monitor. */
static void
add_spend_rows (CoPlanPage *self,
                GtkWidget  *activity_row,
                CoItem     *spend)
{
  const CoListSpec *spec = co_list_spec (CO_LIST_SPENDS);
  gint64 id = co_item_get_id (spend);
  GtkWidget *summary = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (summary), FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (summary),
                             icon_button (self, "user-trash-symbolic", _("Remove"), "remove", CO_LIST_SPENDS, id));
  gtk_widget_add_css_class (summary, "co-spend");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (activity_row), summary);
  remember (self, g_strdup_printf ("expander:%s:%" G_GINT64_FORMAT, spec->table, id), summary);

  for (guint f = 0; f < spec->n_fields; f++)
    {
      GtkWidget *field = field_row (self, &spec->fields[f], TARGET_LIST, CO_LIST_SPENDS, id);

      gtk_widget_add_css_class (field, "co-spend-field");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (activity_row), field);
      remember (self, g_strdup_printf ("item:%s:%" G_GINT64_FORMAT ":%s", spec->table, id, spec->fields[f].key), field);
    }
}

static void
add_spends (CoPlanPage *self,
            GtkWidget  *activity_row,
            gint64      activity_id)
{
  g_autoptr(GListStore) spends = co_list_items (self->store, CO_LIST_SPENDS, activity_id, NULL);
  GtkWidget *header = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (header), _(co_list_spec (CO_LIST_SPENDS)->title));
  adw_action_row_add_suffix (ADW_ACTION_ROW (header), add_button (self, CO_LIST_SPENDS, activity_id));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (activity_row), header);
  for (guint i = 0; spends && i < g_list_model_get_n_items (G_LIST_MODEL (spends)); i++)
    {
      g_autoptr(CoItem) spend = g_list_model_get_item (G_LIST_MODEL (spends), i);
      add_spend_rows (self, activity_row, spend);
    }
}

typedef struct
{
  CoPlanPage *page;
  gint64      alt_id;
  gint64      group_id;
} AltGroup;

static void
on_alt_group_toggled (GtkCheckButton *check,
                      AltGroup       *membership)
{
  g_autoptr(GError) error = NULL;

  if (g_object_get_data (G_OBJECT (check), "co-loading") != NULL)
    return;
  if (!co_alt_account_set_in_group (membership->page->store, membership->alt_id, membership->group_id,
                                    gtk_check_button_get_active (check), &error))
    show_error (membership->page, error);
}

/* The groups an alt account is in, as check boxes inside its row. */
static void
add_alt_groups (CoPlanPage *self,
                GtkWidget  *alt_row,
                gint64      alt_id)
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

      membership->page = self;
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

/* The ids and names of every group, as alt accounts' membership check boxes show them. */
static char *
groups_signature (CoPlanPage *self)
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

/* The ids a list block shows, spends included: when they change, the block is rebuilt. */
static char *
signature (CoPlanPage *self,
           GListModel *items)
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

/* Forgets the references of the rows a list block is about to drop. */
static void
forget_rows_under (CoPlanPage *self,
                   GtkWidget  *container)
{
  GHashTableIter iter;
  gpointer widget;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &widget))
    if (widget != container && gtk_widget_is_ancestor (widget, container))
      g_hash_table_iter_remove (&iter);
}

static void
fill_list (CoPlanPage *self,
           CoList      list,
           GListModel *items)
{
  const CoListSpec *spec = co_list_spec (list);
  GtkWidget *group = lookup (self, "section:%s", spec->table);
  GtkWidget *box = g_object_get_data (G_OBJECT (group), "co-list-box");

  forget_rows_under (self, box);
  remove_rows (box);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (items, i);
      gtk_list_box_append (GTK_LIST_BOX (box), item_row (self, item));
    }
  g_hash_table_replace (self->signatures, g_strdup (spec->table), signature (self, items));
}

static GtkWidget *
list_block (CoPlanPage *self,
            CoList      list)
{
  const CoListSpec *spec = co_list_spec (list);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_list_box_new ();
  GtkWidget *placeholder = gtk_label_new (_("Nothing here yet"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(spec->title));
  if (spec->key_field < 0)
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                             add_button (self, list, self->group_id));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (box, "boxed-list");
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (box), placeholder);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
  g_object_set_data (G_OBJECT (group), "co-list-box", box);
  remember (self, g_strdup_printf ("section:%s", spec->table), group);
  return group;
}

static GtkWidget *
fields_block (CoPlanPage  *self,
              const CoPlanBlock *block)
{
  GtkWidget *group = adw_preferences_group_new ();
  guint n_fields;
  const CoFieldSpec *fields = co_plan_fields (&n_fields);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(block->title));
  for (guint i = 0; i < G_N_ELEMENTS (block->keys) && block->keys[i] != NULL; i++)
    {
      const char *key = block->keys[i];
      GtkWidget *row;

      if (g_str_has_prefix (key, "selection:"))
        {
          for (guint k = 0; k < G_N_ELEMENTS (co_plan_selection_kinds); k++)
            if (g_str_equal (key + strlen ("selection:"), co_plan_selection_kind_name (co_plan_selection_kinds[k])))
              adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), selection_row (self, co_plan_selection_kinds[k]));
          continue;
        }
      if (g_str_has_prefix (key, "group:"))
        row = field_row (self, co_group_field_spec (co_group_field_from_key (key + strlen ("group:"))),
                         TARGET_GROUP, CO_N_LISTS, self->group_id);
      else
        row = field_row (self, &fields[co_field_find (fields, n_fields, key)], TARGET_PLAN, CO_N_LISTS,
                         self->group_id);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      remember (self, g_str_has_prefix (key, "group:") ? g_strdup (key) : g_strdup_printf ("plan:%s", key), row);
    }
  return group;
}

static GtkWidget *
progress_block (CoPlanPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Progress"));
  self->progress_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->progress_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->progress_list, "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->progress_list);
  return group;
}

static void
on_finding_activated (AdwActionRow *row,
                      CoPlanPage   *self)
{
  co_plan_page_show_field (self, g_object_get_data (G_OBJECT (row), "co-field"));
}

static GtkWidget *section_of (CoPlanPage *self, const char *field);

/* Alt accounts and such are on the Team page, not in a group's plan: a finding about them
 * cannot be followed from here. */
static gboolean
field_is_shown (CoPlanPage *self,
                const char *field)
{
  GtkWidget *section = field != NULL ? section_of (self, field) : NULL;

  return section == NULL || gtk_stack_page_get_visible (gtk_stack_get_page (self->sections, section));
}

static void
refresh_check (CoPlanPage *self)
{
  g_autoptr(GPtrArray) findings = co_plan_check (self->store, self->group_id, NULL);
  GtkStackPage *page = gtk_stack_get_page (self->sections, self->check_page);
  g_autofree char *title = NULL;
  const char *icons[] = { "dialog-error-symbolic", "dialog-warning-symbolic", "dialog-information-symbolic" };
  const char *classes[] = { "error", "warning", "accent" };

  if (self->findings_list == NULL)
    return;  /* still being built */
  remove_rows (self->findings_list);
  for (guint i = 0; findings && i < findings->len; i++)
    {
      CoFinding *finding = findings->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (icons[finding->severity]);
      const char *severity[] = { _("Error"), _("Warning"), _("Suggestion") };

      gtk_widget_add_css_class (icon, classes[finding->severity]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      severity[finding->severity], -1);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), finding->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), severity[finding->severity]);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      if (field_is_shown (self, finding->field))
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          g_object_set_data_full (G_OBJECT (row), "co-field", g_strdup (finding->field), g_free);
          g_signal_connect (row, "activated", G_CALLBACK (on_finding_activated), self);
        }
      gtk_list_box_append (GTK_LIST_BOX (self->findings_list), row);
    }

  if (page != NULL)
    {
      guint n = findings ? findings->len : 0;
      /* Translators: the plan check's entry in the sidebar, with how many findings it has */
      title = n > 0 ? g_strdup_printf (_("Plan Check (%u)"), n) : g_strdup (_("Plan Check"));
      gtk_stack_page_set_title (page, title);
      gtk_stack_page_set_needs_attention (page, n > 0);
    }
}

static GtkWidget *
check_section (CoPlanPage *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *placeholder = adw_action_row_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Plan Check"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("What the plan lacks or gets wrong, worst first. Choose a finding to go to its field."));
  self->findings_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->findings_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->findings_list, "boxed-list");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (placeholder), _("Nothing to report: the plan passes every check."));
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->findings_list), placeholder);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->findings_list);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  self->check_page = page;
  return page;
}

static void
refresh_progress (CoPlanPage *self)
{
  g_autoptr(GListStore) tasks = co_list_items (self->store, CO_LIST_TASKS, self->group_id, NULL);
  guint n_phases;
  const CoChoice *phases = co_choices_get (CO_CHOICE_PHASE, &n_phases);

  if (self->progress_list == NULL)
    return;  /* the checklist section has not been shown yet */
  remove_rows (self->progress_list);
  for (guint p = 0; p < n_phases; p++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *bar = gtk_level_bar_new ();
      g_autofree char *subtitle = NULL;
      guint total = 0, done = 0;

      for (guint i = 0; tasks && i < g_list_model_get_n_items (G_LIST_MODEL (tasks)); i++)
        {
          g_autoptr(CoItem) task = g_list_model_get_item (G_LIST_MODEL (tasks), i);
          if (g_strcmp0 (co_item_get (task, "phase"), phases[p].keyword) != 0)
            continue;
          total++;
          done += co_item_get_int (task, "done", 0) == 1;
        }
      /* Translators: tasks of a phase done, e.g. "2 of 5 done" */
      subtitle = g_strdup_printf (_("%u of %u done"), done, total);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(phases[p].label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), total ? (double) done / total : 0);
      gtk_widget_set_size_request (bar, 120, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, subtitle, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
      gtk_list_box_append (GTK_LIST_BOX (self->progress_list), row);
    }
}

/* ---- the team's grids ----------------------------------------------------------------- */

static GtkWidget *
boxed_list (void)
{
  GtkWidget *box = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (box, "boxed-list");
  return box;
}

/* A group holding a grid that is drawn again on every refresh, scrolling sideways if wide. */
static GtkWidget *
grid_block (const char  *title,
            const char  *description,
            GtkWidget  **holder)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_add_css_class (scroller, "card");
  *holder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), *holder);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), scroller);
  return group;
}

static GtkWidget *
cell (const char *text,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Headings (group and people names) wrap at a readable width; the cells keep their lines
   * whole, and the grid scrolls sideways instead. */
  if (g_strcmp0 (css_class, "heading") == 0)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
    }
  gtk_widget_set_margin_start (label, 8);
  gtk_widget_set_margin_end (label, 8);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

/* The groups a team grid shows: all active ones on the Team page, else the page's own. */
static GListStore *
grid_groups (CoPlanPage *self)
{
  g_autoptr(GListStore) all = co_group_list (self->store, NULL);
  GListStore *shown = g_list_store_new (CO_TYPE_GROUP);

  for (guint i = 0; all && i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (all), i);
      if (self->team ? !co_group_get_archived (group) : co_group_get_id (group) == self->group_id)
        g_list_store_append (shown, group);
    }
  return shown;
}

static void
on_add_shift_clicked (GtkButton  *button,
                      CoPlanPage *self)
{
  g_autoptr(GError) error = NULL;
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
  guint day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "co-day"));
  const char *from = g_object_get_data (G_OBJECT (button), "co-from");
  const char *until = g_object_get_data (G_OBJECT (button), "co-until");
  g_autofree char *field = NULL;
  gint64 id;

  id = co_list_add (self->store, CO_LIST_SHIFTS, self->group_id, &error);
  if (id == 0 ||
      !co_list_set (self->store, CO_LIST_SHIFTS, id, "weekday", weekdays[day].keyword, &error) ||
      (from != NULL && !co_list_set (self->store, CO_LIST_SHIFTS, id, "start_time", from, &error)) ||
      (until != NULL && !co_list_set (self->store, CO_LIST_SHIFTS, id, "end_time", until, &error)))
    {
      show_error (self, error);
      return;
    }
  /* Then whom: the new shift opens in the list below with its person to choose. */
  field = g_strdup_printf ("item:shifts:%" G_GINT64_FORMAT ":staff_id", id);
  co_plan_page_show_field (self, field);
}

/* A button in a day of the roster grid that adds a shift on that day, covering the first gap
 * of the day when there is one. */
static GtkWidget *
add_shift_button (CoPlanPage *self,
                  guint       day,
                  GArray     *gaps)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
  g_autofree char *tooltip = NULL;

  /* Translators: a button in the roster grid; %s is a weekday */
  tooltip = g_strdup_printf (_("Add a Shift on %s"), _(weekdays[day].label));
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_start (button, 4);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "co-day", GUINT_TO_POINTER (day));
  for (guint i = 0; gaps && i < gaps->len; i++)
    {
      CoGap *gap = &g_array_index (gaps, CoGap, i);
      if (gap->weekday != day)
        continue;
      g_object_set_data_full (G_OBJECT (button), "co-from",
                              g_strdup_printf ("%02u:%02u", gap->from / 60, gap->from % 60), g_free);
      g_object_set_data_full (G_OBJECT (button), "co-until",
                              g_strdup_printf ("%02u:%02u", gap->until / 60, gap->until % 60), g_free);
      break;
    }
  g_signal_connect (button, "clicked", G_CALLBACK (on_add_shift_clicked), self);
  return button;
}

/* Each day of the week: the shifts in order, then the active hours nobody covers. */
static void
refresh_roster (CoPlanPage *self)
{
  g_autoptr(GListStore) groups = NULL;
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
  GtkWidget *grid;
  guint first_column = self->team ? 1 : 0;

  if (self->roster_box == NULL)
    return;
  clear_box (self->roster_box);
  groups = grid_groups (self);
  grid = gtk_grid_new ();
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), FALSE);
  for (guint d = 0; d < n_weekdays; d++)
    gtk_grid_attach (GTK_GRID (grid), cell (_(weekdays[d].label), "heading"), (int) (first_column + d), 0, 1, 1);

  for (guint g = 0; g < g_list_model_get_n_items (G_LIST_MODEL (groups)); g++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), g);
      g_autoptr(GListStore) shifts = co_list_items (self->store, CO_LIST_SHIFTS, co_group_get_id (group), NULL);
      g_autoptr(GArray) gaps = co_team_roster_gaps (self->store, co_group_get_id (group), NULL);

      if (self->team)
        gtk_grid_attach (GTK_GRID (grid), cell (co_group_get_name (group), "heading"), 0, (int) g + 1, 1, 1);
      for (guint d = 0; d < n_weekdays; d++)
        {
          GtkWidget *day = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

          for (guint i = 0; shifts && i < g_list_model_get_n_items (G_LIST_MODEL (shifts)); i++)
            {
              g_autoptr(CoItem) shift = g_list_model_get_item (G_LIST_MODEL (shifts), i);
              g_autofree char *person = NULL;
              g_autofree char *text = NULL;

              if (g_strcmp0 (co_item_get (shift, "weekday"), weekdays[d].keyword) != 0)
                continue;
              person = co_team_dup_name (self->store, CO_LIST_STAFF, co_item_get_int (shift, "staff_id", 0));
              /* Translators: a shift in the roster grid, e.g. "08:00–15:30 Li Lei" */
              text = g_strdup_printf (_("%s–%s %s"), co_item_get (shift, "start_time") ? co_item_get (shift, "start_time") : "?",
                                      co_item_get (shift, "end_time") ? co_item_get (shift, "end_time") : "?",
                                      person ? person : _("Nobody yet"));
              gtk_box_append (GTK_BOX (day), cell (text, NULL));
            }
          for (guint i = 0; gaps && i < gaps->len; i++)
            {
              CoGap *gap = &g_array_index (gaps, CoGap, i);
              g_autofree char *text = NULL;

              if (gap->weekday != d)
                continue;
              /* Translators: hours of the roster nobody covers, e.g. "13:00–14:00 nobody" */
              text = g_strdup_printf (_("%02u:%02u–%02u:%02u nobody"), gap->from / 60, gap->from % 60,
                                      gap->until / 60, gap->until % 60);
              gtk_box_append (GTK_BOX (day), cell (text, "error"));
            }
          if (!self->team)
            gtk_box_append (GTK_BOX (day), add_shift_button (self, d, gaps));
          gtk_grid_attach (GTK_GRID (grid), day, (int) (first_column + d), (int) g + 1, 1, 1);
        }
    }
  gtk_box_append (GTK_BOX (self->roster_box), grid);
}

/* People down the side, groups across the top, each person's roles in each group. */
static void
refresh_matrix (CoPlanPage *self)
{
  g_autoptr(GListStore) groups = NULL;
  g_autoptr(GListStore) staff = NULL;
  GtkWidget *grid;

  if (self->matrix_box == NULL)
    return;
  clear_box (self->matrix_box);
  groups = grid_groups (self);
  staff = co_list_items (self->store, CO_LIST_STAFF, 0, NULL);
  grid = gtk_grid_new ();

  for (guint g = 0; g < g_list_model_get_n_items (G_LIST_MODEL (groups)); g++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), g);
      gtk_grid_attach (GTK_GRID (grid), cell (co_group_get_name (group), "heading"), (int) g + 1, 0, 1, 1);
    }
  for (guint p = 0; staff && p < g_list_model_get_n_items (G_LIST_MODEL (staff)); p++)
    {
      g_autoptr(CoItem) person = g_list_model_get_item (G_LIST_MODEL (staff), p);
      g_autofree char *name = co_item_dup_title (person);

      gtk_grid_attach (GTK_GRID (grid), cell (name, "heading"), 0, (int) p + 1, 1, 1);
      for (guint g = 0; g < g_list_model_get_n_items (G_LIST_MODEL (groups)); g++)
        {
          g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), g);
          g_autoptr(GListStore) assignments = co_list_items (self->store, CO_LIST_ASSIGNMENTS, co_group_get_id (group), NULL);
          g_autoptr(GString) roles = g_string_new (NULL);

          for (guint a = 0; assignments && a < g_list_model_get_n_items (G_LIST_MODEL (assignments)); a++)
            {
              g_autoptr(CoItem) assignment = g_list_model_get_item (G_LIST_MODEL (assignments), a);
              g_autofree char *role = NULL;

              if (co_item_get_int (assignment, "staff_id", 0) != co_item_get_id (person))
                continue;
              role = co_team_dup_name (self->store, CO_LIST_ROLES, co_item_get_int (assignment, "role_id", 0));
              if (role == NULL)
                continue;
              g_string_append_printf (roles, "%s%s", roles->len ? "\n" : "", role);
            }
          gtk_grid_attach (GTK_GRID (grid), cell (roles->len ? roles->str : "—", roles->len ? NULL : "dim-label"),
                           (int) g + 1, (int) p + 1, 1, 1);
        }
    }
  gtk_box_append (GTK_BOX (self->matrix_box), grid);
}

static void refresh_today (CoPlanPage *self);

static gboolean
on_minute (gpointer data)
{
  CoPlanPage *self = data;

  if (self->store != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_today (self);
  return G_SOURCE_CONTINUE;
}

static void
refresh_today (CoPlanPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (self->on_duty_list != NULL)
    {
      g_autoptr(GListStore) groups = grid_groups (self);

      remove_rows (self->on_duty_list);
      for (guint g = 0; g < g_list_model_get_n_items (G_LIST_MODEL (groups)); g++)
        {
          g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), g);
          g_autoptr(GPtrArray) names = co_team_on_duty (self->store, co_group_get_id (group), now);
          g_autofree char *joined = NULL;
          GtkWidget *row = adw_action_row_new ();

          g_ptr_array_add (names, NULL);
          /* Translators: separates the names of people on duty */
          joined = g_strjoinv (_(", "), (char **) names->pdata);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), co_group_get_name (group));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), *joined ? joined : _("Nobody on duty"));
          gtk_list_box_append (GTK_LIST_BOX (self->on_duty_list), row);
        }
    }
  if (self->targets_list != NULL)
    {
      g_autoptr(GListStore) alts = co_list_items (self->store, CO_LIST_ALT_ACCOUNTS, 0, NULL);

      remove_rows (self->targets_list);
      for (guint i = 0; alts && i < g_list_model_get_n_items (G_LIST_MODEL (alts)); i++)
        {
          g_autoptr(CoItem) alt = g_list_model_get_item (G_LIST_MODEL (alts), i);
          g_autofree char *title = co_item_dup_title (alt);
          g_autofree char *owner = co_team_dup_name (self->store, CO_LIST_STAFF, co_item_get_int (alt, "owner_id", 0));
          g_autofree char *target = NULL;
          GtkWidget *row = adw_action_row_new ();
          gint64 friends = co_item_get_int (alt, "daily_friend_target", 0);

          /* Translators: an alt account's friend-adding target for today */
          target = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Add %d friend", "Add %d friends", (gulong) friends),
                                    (int) friends);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), owner ? owner : _("No owner"));
          {
            GtkWidget *label = gtk_label_new (target);
            gtk_widget_add_css_class (label, friends > 0 ? "accent" : "dim-label");
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
          }
          gtk_list_box_append (GTK_LIST_BOX (self->targets_list), row);
        }
    }
}

static GtkWidget *
list_group (const char  *title,
            const char  *description,
            const char  *placeholder_text,
            GtkWidget  **list)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *placeholder = cell (placeholder_text, "dim-label");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  *list = boxed_list ();
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (*list), placeholder);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), *list);
  return group;
}

static GtkWidget *
team_block (CoPlanPage *self,
            guint       kind)
{
  switch (kind)
    {
    case CO_PLAN_BLOCK_ROSTER:
      return grid_block (_("The Week"), self->team ? _("Every group's shifts, and the active hours nobody covers")
                                                   : _("Shifts, and the group's active hours nobody covers"),
                         &self->roster_box);
    case CO_PLAN_BLOCK_MATRIX:
      return grid_block (_("Who Covers What"), _("Each person's roles in each group"), &self->matrix_box);
    case CO_PLAN_BLOCK_ON_DUTY:
      return list_group (_("On Duty Now"), NULL, _("No groups"), &self->on_duty_list);
    case CO_PLAN_BLOCK_TARGETS:
      return list_group (_("Today's Friend-Adding Targets"), _("Each alt account adds friends in batches through the day"),
                         _("No alt accounts"), &self->targets_list);
    default:
      g_return_val_if_reached (NULL);
    }
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

static void
refresh_items (CoPlanPage *self,
               GListModel *items)
{
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (items, i);
      const CoListSpec *spec = co_list_spec (co_item_get_list (item));
      gint64 id = co_item_get_id (item);
      GtkWidget *expander = lookup (self, "expander:%s:%" G_GINT64_FORMAT, spec->table, id);
      GtkWidget *done = lookup (self, "done:%s:%" G_GINT64_FORMAT, spec->table, id);
      g_autofree char *title = item_title (self, item);
      g_autofree char *summary = item_summary (self, item);

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
          GtkWidget *row = lookup (self, "item:%s:%" G_GINT64_FORMAT ":%s", spec->table, id, spec->fields[f].key);
          g_autofree char *value = NULL;

          if (row == NULL)
            continue;
          if (spec->fields[f].type == CO_FIELD_REFERENCE)
            fill_references (self, row, &spec->fields[f]);
          value = shown_value (item, spec->fields[f].key);
          co_field_row_set_value (row, value);
        }
      if (co_item_get_list (item) == CO_LIST_ACTIVITIES)
        {
          g_autoptr(GListStore) spends = co_list_items (self->store, CO_LIST_SPENDS, id, NULL);
          refresh_items (self, G_LIST_MODEL (spends));
        }
    }
}

/* Brings every row in line with the store. */
static void
refresh (CoPlanPage *self)
{
  if (self->store == NULL)
    return;
  if (!self->team)
    {
      g_autoptr(CoItem) plan = NULL;
      g_autoptr(CoGroup) group = NULL;
      guint n_fields;
      const CoFieldSpec *fields = co_plan_fields (&n_fields);

      if (self->group_id == 0 || !co_plan_exists (self->store, self->group_id))
        return;
      plan = co_plan_get (self->store, self->group_id, NULL);
      group = co_group_get (self->store, self->group_id, NULL);
      if (plan == NULL || group == NULL)
        return;
      for (guint f = 0; f < n_fields; f++)
        {
          GtkWidget *row = lookup (self, "plan:%s", fields[f].key);
          if (row != NULL)
            co_field_row_set_value (row, co_item_get (plan, fields[f].key));
        }
      if (lookup (self, "group:orientation") != NULL)
        co_field_row_set_value (lookup (self, "group:orientation"),
                                co_group_get_field (group, CO_GROUP_FIELD_ORIENTATION));
      refresh_selections (self);
    }

  /* Workspace-wide lists ignore the parent id, so the Team page's 0 does for them. */
  for (CoList list = 0; list < CO_N_LISTS; list++)
    {
      const CoListSpec *spec = co_list_spec (list);
      g_autoptr(GListStore) items = NULL;
      g_autofree char *ids = NULL;

      if (list == CO_LIST_SPENDS || lookup (self, "section:%s", spec->table) == NULL)
        continue;
      items = co_list_items (self->store, list, self->group_id, NULL);
      if (items == NULL)
        continue;
      ids = signature (self, G_LIST_MODEL (items));
      if (g_strcmp0 (ids, g_hash_table_lookup (self->signatures, spec->table)) != 0)
        fill_list (self, list, G_LIST_MODEL (items));
      refresh_items (self, G_LIST_MODEL (items));
    }
  refresh_progress (self);
  refresh_roster (self);
  refresh_matrix (self);
  refresh_today (self);
  if (!self->team)
    refresh_check (self);
}

static void
clear_sections (CoPlanPage *self)
{
  g_hash_table_remove_all (self->rows);
  g_hash_table_remove_all (self->signatures);
  for (guint s = 0; s < co_plan_n_sections; s++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (self->sections, co_plan_sections[s].name);
      GPtrArray *groups = g_object_get_data (G_OBJECT (page), "co-groups");

      for (guint g = 0; g < groups->len; g++)
        adw_preferences_page_remove (ADW_PREFERENCES_PAGE (page), groups->pdata[g]);
      g_ptr_array_set_size (groups, 0);
      g_object_set_data (G_OBJECT (page), "co-filled", NULL);
    }
  self->progress_list = NULL;
  self->roster_box = NULL;
  self->matrix_box = NULL;
  self->on_duty_list = NULL;
  self->targets_list = NULL;
}

/* Fills a section the first time it shows. Text views filled while their page is hidden keep
 * the height they measured at no width (GTK 4.8), so no section is filled before it shows. */
static void
fill_section (CoPlanPage *self,
              GtkWidget  *page)
{
  const CoPlanSection *section = g_object_get_data (G_OBJECT (page), "co-section");

  if (section == NULL || g_object_get_data (G_OBJECT (page), "co-filled") != NULL)
    return;
  g_object_set_data (G_OBJECT (page), "co-filled", GINT_TO_POINTER (TRUE));
  for (guint b = 0; b < section->n_blocks; b++)
    {
      const CoPlanBlock *block = &section->blocks[b];
      GtkWidget *group;

      if (block->list == CO_PLAN_BLOCK_PROGRESS)
        group = progress_block (self);
      else if (block->list > CO_PLAN_BLOCK_PROGRESS)
        group = team_block (self, block->list);
      else if (block->list < CO_N_LISTS)
        group = list_block (self, block->list);
      else
        group = fields_block (self, block);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (g_object_get_data (G_OBJECT (page), "co-groups"), group);
    }
  refresh (self);
}

static void
on_section_shown (CoPlanPage *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->sections);

  if (page != NULL)
    fill_section (self, page);
  /* On a narrow window, choosing a section goes to it. */
  if (adw_leaflet_get_folded (self->editor_leaflet))
    adw_leaflet_navigate (self->editor_leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_sections_clicked (CoPlanPage *self)
{
  adw_leaflet_navigate (self->editor_leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The section that shows @reference ("plan:mission", "item:goals:3:target", …). */
static GtkWidget *
section_of (CoPlanPage *self,
            const char *reference)
{
  g_auto(GStrv) parts = g_strsplit (reference, ":", 3);
  const char *name = parts[0] && parts[1] ? parts[1] : "";

  for (guint s = 0; s < co_plan_n_sections; s++)
    for (guint b = 0; b < co_plan_sections[s].n_blocks; b++)
      {
        const CoPlanBlock *block = &co_plan_sections[s].blocks[b];
        gboolean found = FALSE;

        if (block->list < CO_N_LISTS)
          found = g_str_equal (co_list_spec (block->list)->table, name) ||
                  (block->list == CO_LIST_ACTIVITIES && g_str_equal (name, "activity_spends"));
        for (guint k = 0; !found && k < G_N_ELEMENTS (block->keys) && block->keys[k]; k++)
          found = g_str_has_suffix (block->keys[k], name) &&
                  (g_str_equal (block->keys[k], name) || block->keys[k][strlen (block->keys[k]) - strlen (name) - 1] == ':');
        if (found)
          return gtk_stack_get_child_by_name (self->sections, co_plan_sections[s].name);
      }
  return NULL;
}

static void
build_sections (CoPlanPage *self)
{
  clear_sections (self);
  on_section_shown (self);
  refresh (self);
}

static void
add_sections (CoPlanPage *self)
{
  for (guint s = 0; s < co_plan_n_sections; s++)
    {
      GtkWidget *page = adw_preferences_page_new ();

      g_object_set_data (G_OBJECT (page), "co-section", (gpointer) &co_plan_sections[s]);
      g_object_set_data_full (G_OBJECT (page), "co-groups", g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
      gtk_stack_add_titled (self->sections, page, co_plan_sections[s].name, _(co_plan_sections[s].title));
      gtk_stack_page_set_visible (gtk_stack_get_page (self->sections, page), !co_plan_sections[s].team);
    }
  gtk_stack_add_titled (self->sections, check_section (self), "check", _("Plan Check"));
  gtk_stack_page_set_icon_name (gtk_stack_get_page (self->sections, self->check_page), "emblem-ok-symbolic");
}

/* ---- starting a plan ---------------------------------------------------------------------- */

static void
on_template_activated (AdwActionRow *row,
                       CoPlanPage   *self)
{
  g_autoptr(GError) error = NULL;
  CoTemplateInfo *info = g_object_get_data (G_OBJECT (row), "co-template");
  g_autoptr(JsonNode) root = co_template_load (info, &error);

  if (root == NULL || !co_template_apply (self->store, self->group_id, root, &error))
    show_error (self, error);
}

static void
on_copy_clicked (CoPlanPage *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (self->copy_row);

  if (selected >= self->copy_ids->len)
    return;
  if (!co_plan_copy (self->store, g_array_index (self->copy_ids, gint64, selected), self->group_id, &error))
    show_error (self, error);
}

static void
on_start_empty_clicked (CoPlanPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!co_plan_ensure (self->store, self->group_id, &error))
    show_error (self, error);
}

static void
fill_start_page (CoPlanPage *self)
{
  g_autoptr(GListStore) groups = co_group_list (self->store, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->template_rows->len; i++)
    adw_preferences_group_remove (self->templates_group, self->template_rows->pdata[i]);
  g_ptr_array_set_size (self->template_rows, 0);
  g_clear_pointer (&self->templates, g_ptr_array_unref);

  self->templates = co_template_list ();
  for (guint i = 0; i < self->templates->len; i++)
    {
      CoTemplateInfo *info = self->templates->pdata[i];
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   info->description ? info->description
                                                     : info->path ? info->path : "");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "co-template", info);
      g_signal_connect (row, "activated", G_CALLBACK (on_template_activated), self);
      adw_preferences_group_add (self->templates_group, row);
      g_ptr_array_add (self->template_rows, row);
    }

  /* Other groups with a plan to copy. */
  g_array_set_size (self->copy_ids, 0);
  for (guint i = 0; groups && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);

      if (id == self->group_id || co_plan_is_empty (self->store, id))
        continue;
      gtk_string_list_append (names, co_group_get_name (group));
      g_array_append_val (self->copy_ids, id);
    }
  adw_combo_row_set_model (self->copy_row, G_LIST_MODEL (names));
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_row), self->copy_ids->len > 0);
}

/* Shows the start page for a group without a plan, else the editor. */
static void
load (CoPlanPage *self)
{
  if (self->store != NULL && self->team)
    {
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") != 0)
        {
          build_sections (self);
          gtk_stack_set_visible_child_name (self->stack, "editor");
        }
      else
        refresh (self);
      return;
    }
  if (self->store == NULL || self->group_id == 0)
    return;
  if (co_plan_exists (self->store, self->group_id))
    {
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") != 0)
        {
          build_sections (self);
          gtk_stack_set_visible_child_name (self->stack, "editor");
        }
      else
        refresh (self);
    }
  else
    {
      clear_sections (self);
      fill_start_page (self);
      gtk_stack_set_visible_child_name (self->stack, "start");
    }
}

static void
on_store_changed (CoPlanPage *self,
                  const char *table,
                  gint64      group_id)
{
  /* Group changes matter too: the check reads the group's type, stage and platform. The Team
   * page shows every group. */
  if (self->team || group_id == self->group_id || group_id == 0 || g_str_equal (table, "groups"))
    load (self);
}

/* ---- saving as a template ----------------------------------------------------------------- */

static void
on_save_response (AdwMessageDialog *dialog,
                  const char       *response,
                  CoPlanPage       *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (!g_str_equal (response, "save"))
    return;
  root = co_template_from_plan (self->store, self->group_id, name, &error);
  if (root != NULL)
    path = co_template_save (root, &error);
  if (path == NULL)
    {
      show_error (self, error);
      return;
    }
  /* Translators: a toast; %s is the template's name */
  message = g_strdup_printf (_("Saved as the template “%s”"), name);
  show_toast (self, co_toast_new (message));
}

static void
on_name_changed (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", *name != '\0');
}

static void
on_save_template_clicked (CoPlanPage *self)
{
  g_autoptr(CoGroup) group = co_group_get (self->store, self->group_id, NULL);
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();

  flush_rows (self);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Save as Template"),
                                   _("The template keeps this plan's text, choices and lists. "
                                     "It appears among the templates of every new plan."));
  gtk_editable_set_text (GTK_EDITABLE (entry), group ? co_group_get_name (group) : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Template name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  g_signal_connect (entry, "changed", G_CALLBACK (on_name_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- public ------------------------------------------------------------------------------- */

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

/* Shows the row a plan-check finding points at, opening the section and items around it. */
gboolean
co_plan_page_show_field (CoPlanPage *self,
                         const char *field)
{
  GtkWidget *widget;
  GtkWidget *page;

  g_return_val_if_fail (CO_IS_PLAN_PAGE (self), FALSE);

  if (!field_is_shown (self, field))
    return FALSE;
  if (field != NULL && section_of (self, field) != NULL)
    fill_section (self, section_of (self, field));
  widget = field ? g_hash_table_lookup (self->rows, field) : NULL;
  if (widget == NULL && field != NULL && g_str_has_prefix (field, "group:"))
    {
      /* Other facts of the group are on its Overview page. */
      GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_VIEW_STACK);
      if (stack != NULL)
        adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "overview");
      return stack != NULL;
    }
  if (widget == NULL)
    return FALSE;

  page = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_PAGE);
  if (page == NULL)
    return FALSE;
  gtk_stack_set_visible_child (self->sections, page);
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL && w != page; w = gtk_widget_get_parent (w))
    if (ADW_IS_EXPANDER_ROW (w))
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (w), TRUE);
  if (ADW_IS_EXPANDER_ROW (widget))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_later, g_object_ref (widget), g_object_unref);
  return TRUE;
}

/* Shows the section called @name ("goals", "team", "matrix", …). */
gboolean
co_plan_page_show_section (CoPlanPage *self,
                           const char *name)
{
  GtkWidget *page;

  g_return_val_if_fail (CO_IS_PLAN_PAGE (self), FALSE);

  page = gtk_stack_get_child_by_name (self->sections, name);
  if (page == NULL || !gtk_stack_page_get_visible (gtk_stack_get_page (self->sections, page)))
    return FALSE;
  gtk_stack_set_visible_child (self->sections, page);
  return TRUE;
}

/* Makes this page the workspace's Team page: roles, staff, who covers what, the roster of
 * every group, alt accounts and today's targets, instead of one group's plan. */
void
co_plan_page_show_team (CoPlanPage *self)
{
  g_return_if_fail (CO_IS_PLAN_PAGE (self));

  self->team = TRUE;
  for (guint s = 0; s < co_plan_n_sections; s++)
    gtk_stack_page_set_visible (gtk_stack_get_page (self->sections,
                                                    gtk_stack_get_child_by_name (self->sections, co_plan_sections[s].name)),
                                co_plan_sections[s].team);
  gtk_stack_page_set_visible (gtk_stack_get_page (self->sections, self->check_page), FALSE);
  gtk_stack_set_visible_child_name (self->sections, "today");
  gtk_widget_set_visible (self->save_template_button, FALSE);
  load (self);
}

void
co_plan_page_flush (CoPlanPage *self)
{
  g_return_if_fail (CO_IS_PLAN_PAGE (self));
  flush_rows (self);
}

void
co_plan_page_set_store (CoPlanPage *self,
                        CoStore    *store)
{
  g_return_if_fail (CO_IS_PLAN_PAGE (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
}

void
co_plan_page_set_group_id (CoPlanPage *self,
                           gint64      group_id)
{
  g_return_if_fail (CO_IS_PLAN_PAGE (self));

  if (self->group_id == group_id)
    return;
  flush_rows (self);
  self->group_id = group_id;
  g_hash_table_remove_all (self->expanded);
  clear_sections (self);
  gtk_stack_set_visible_child_name (self->stack, "start");
  load (self);
}

static void
co_plan_page_dispose (GObject *object)
{
  CoPlanPage *self = CO_PLAN_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->rows != NULL)
    flush_rows (self);
  g_clear_handle_id (&self->minute_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_PLAN_PAGE);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->signatures, g_hash_table_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_pointer (&self->copy_ids, g_array_unref);
  g_clear_pointer (&self->template_rows, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (co_plan_page_parent_class)->dispose (object);
}

static void
co_plan_page_class_init (CoPlanPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_plan_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-plan-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, editor_leaflet);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, sections);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, templates_group);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, copy_row);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, save_template_button);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_start_empty_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_save_template_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_sections_clicked);
}

static void
co_plan_page_init (CoPlanPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->signatures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->minute_id = g_timeout_add_seconds (60, on_minute, self);
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->copy_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->template_rows = g_ptr_array_new ();
  add_sections (self);
  g_signal_connect_swapped (self->sections, "notify::visible-child", G_CALLBACK (on_section_shown), self);
}
