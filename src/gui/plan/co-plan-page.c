/* co-plan-page.c: the Plan page. Its sections are the outline's (co-plan-outline.h): blocks of
 * plan fields, choices, lists (co-list-editor.h) and the group's week (co-roster-grid.h); every
 * field row is a co-field-row saving through co-plan. After each committed change the page
 * updates values in place, and a list rebuilds its rows only when its items changed, so the row
 * being typed in keeps its focus. A group without a plan shows how to start one
 * (co-plan-start.h) instead. Showing it keeps within a frame: a section shown gets a block a
 * frame, a list's items one a frame with an item's fields made when it opens, a choice's rows are
 * made when it is expanded, the check's findings show one a frame once the check shows, hidden
 * sections are not measured (the stacks are not homogeneous: the check's findings, measured
 * hidden, took some 60 ms), and the plan check runs in a worker. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/groups/co-group.h"
#include "core/plan/co-plan-check.h"
#include "core/plan/co-plan-outline.h"
#include "core/plan/co-plan.h"
#include "core/store/co-read-worker.h"
#include "gui/plan/co-leaderboard-window.h"
#include "gui/plan/co-plan-page.h"
#include "gui/plan/co-plan-start.h"
#include "gui/plan/co-template-save-dialog.h"
#include "gui/widgets/co-changed-by.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-leaflet.h"
#include "gui/widgets/co-list-editor.h"
#include "gui/widgets/co-reveal.h"
#include "gui/widgets/co-roster-grid.h"
#include "gui/widgets/co-row-map.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-widget-write.h"

struct _CoPlanPage
{
  GtkWidget            parent_instance;

  GtkStack            *stack;
  CoPlanStart         *start_page;
  AdwLeaflet          *editor_leaflet;
  GtkStack            *sections;
  GtkWidget           *changed_by;
  GtkWidget           *check_page;
  GtkListBox          *findings_list;
  AdwPreferencesRow   *findings_placeholder;
  GtkWidget           *progress_group;
  GtkListBox          *progress_list;

  CoStore             *store;
  gint64               group_id;
  GHashTable          *rows;    /* reference of a plan or group field or choice → its widget */
  GPtrArray           *blocks;  /* the preferences groups the sections show so far */
  GPtrArray           *leaving;  /* blocks of the group left: hidden, freed one a frame */
  guint                leave_id;  /* the tick callback freeing them, if any */
  gboolean             stale;   /* hidden since its group or the store changed: loads when shown */
  gboolean             emptied;  /* the editor's sections were emptied for another group: fill them */
  gint64               start_group_id;  /* the group the start page was last filled for */
  guint                fill_id;  /* the tick callback adding the shown section's blocks, if any */
  gint64               fill_frame;  /* the frame that lays out the block added last */
  GCancellable        *checking;  /* the worker checking the plan, if any */
  GPtrArray           *findings;  /* the findings shown, of this group's plan; NULL: none yet */
  CoReveal             findings_reveal;  /* their rows shown one a frame once the check shows */
};

G_DEFINE_FINAL_TYPE (CoPlanPage, co_plan_page, GTK_TYPE_WIDGET)

/* What a field row saves into: the plan or the fields of the group it was built for, even when
 * the page has moved on to another group by the time the row saves. */
typedef struct
{
  CoPlanPage *page;
  gboolean    group;
  gint64      group_id;
} Target;

static void refresh (CoPlanPage *self);

static CoStore *
field_target (gpointer       user_data,
              CoFieldTarget *field_target)
{
  Target *target = user_data;

  field_target->id = target->group_id;
  field_target->kind = target->group;
  return target->page->store;
}

static gboolean
save_field (CoStore             *store,
            const CoFieldTarget *target,
            const char          *key,
            const char          *input,
            GError             **error)
{
  if (target->kind)
    return co_group_set_field (store, target->id, co_group_field_from_key (key), input, error);
  return co_plan_set (store, target->id, key, input, error);
}

static GtkWidget *
field_row (CoPlanPage        *self,
           const CoFieldSpec *spec,
           gboolean           group)
{
  Target *target = g_new0 (Target, 1);

  target->page = self;
  target->group = group;
  target->group_id = self->group_id;
  return co_field_row_new (spec, field_target, save_field, target, g_free);
}

/* The widget that shows @reference: a field or choice of the plan, else a list's row. */
static GtkWidget *
find_row (CoPlanPage *self,
          const char *reference)
{
  GtkWidget *widget = g_hash_table_lookup (self->rows, reference);

  for (guint i = 0; widget == NULL && i < self->blocks->len; i++)
    if (CO_IS_LIST_EDITOR (self->blocks->pdata[i]))
      widget = co_list_editor_lookup (self->blocks->pdata[i], reference);
  return widget;
}

static void
flush_rows (CoPlanPage *self)
{
  co_row_map_flush (self->rows);
  for (guint i = 0; i < self->blocks->len; i++)
    if (CO_IS_LIST_EDITOR (self->blocks->pdata[i]))
      co_list_editor_flush (self->blocks->pdata[i]);
}

/* ---- choices held several at a time ------------------------------------------------------ */

typedef struct
{
  CoPlanPage  *page;
  CoChoiceKind kind;
  const char  *keyword;
} Selection;

/* A choice checked or unchecked, written through co_widget_write(): never waiting for an
 * import's or a sync's write lock. */
typedef struct
{
  CoPlanPage   *page;
  gint64        group_id;
  CoChoiceKind  kind;
  const char   *keyword;
  gboolean      chosen;
} SelectionWrite;

static void
selection_write_free (SelectionWrite *write)
{
  g_object_unref (write->page);
  g_free (write);
}

static gboolean
write_selection (CoStore  *store,
                 gpointer  data,
                 GError  **error)
{
  SelectionWrite *write = data;

  return co_plan_set_selected (store, write->group_id, write->kind, write->keyword, write->chosen, error);
}

static void refresh_selections (CoPlanPage *self);

/* Not written: the checks show the store's choices again. */
static void
selection_written (CoStore      *store,
                   const GError *error,
                   gpointer      data)
{
  SelectionWrite *write = data;

  if (error != NULL && write->page->store != NULL && write->page->group_id == write->group_id)
    refresh_selections (write->page);
}

static void
on_selection_toggled (GtkCheckButton *check,
                      Selection      *selection)
{
  CoPlanPage *self = selection->page;
  SelectionWrite *write;

  if (g_object_get_data (G_OBJECT (check), "co-loading") != NULL)
    return;
  write = g_new0 (SelectionWrite, 1);
  write->page = g_object_ref (self);
  write->group_id = self->group_id;
  write->kind = selection->kind;
  write->keyword = selection->keyword;
  write->chosen = gtk_check_button_get_active (check);
  co_widget_write (GTK_WIDGET (self), self->store, write_selection, write, (GDestroyNotify) selection_write_free,
                   selection_written);
}

/* The rows of an expander's choices, made when it is first expanded: collapsed, its rows
 * would only cost layout (a block's expanders have some twenty). */
static void
on_selection_expanded (AdwExpanderRow *expander,
                       GParamSpec     *pspec,
                       CoPlanPage     *self)
{
  CoChoiceKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (expander), "co-kind"));
  const char *name = co_plan_selection_kind_name (kind);
  guint n_choices;
  const CoChoice *choices = co_choices_get (kind, &n_choices);

  if (!adw_expander_row_get_expanded (expander) || g_object_get_data (G_OBJECT (expander), "co-built") != NULL)
    return;
  g_object_set_data (G_OBJECT (expander), "co-built", GINT_TO_POINTER (TRUE));
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
      adw_expander_row_add_row (expander, row);
      co_row_map_add (self->rows, g_strdup_printf ("check:%s:%s", name, choices[i].keyword), check);
    }
  refresh_selections (self);
}

static GtkWidget *
selection_row (CoPlanPage   *self,
               CoChoiceKind  kind)
{
  GtkWidget *expander = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), co_choice_kind_title (kind));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  g_object_set_data (G_OBJECT (expander), "co-kind", GINT_TO_POINTER (kind));
  g_signal_connect (expander, "notify::expanded", G_CALLBACK (on_selection_expanded), self);
  co_row_map_add (self->rows, g_strdup_printf ("selection:%s", co_plan_selection_kind_name (kind)), expander);
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
      GtkWidget *expander = co_row_map_lookup (self->rows, "selection:%s", name);
      guint n_choices;
      const CoChoice *choices = co_choices_get (kind, &n_choices);

      if (expander == NULL)
        continue;
      for (guint i = 0; i < n_choices; i++)
        {
          GtkWidget *check = co_row_map_lookup (self->rows, "check:%s:%s", name, choices[i].keyword);
          gboolean active = g_strv_contains ((const char * const *) selected, choices[i].keyword);

          if (check != NULL)  /* made once its expander is expanded */
            {
              g_object_set_data (G_OBJECT (check), "co-loading", GINT_TO_POINTER (TRUE));
              gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
              g_object_set_data (G_OBJECT (check), "co-loading", NULL);
            }
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

/* ---- blocks ------------------------------------------------------------------------------- */

static GtkWidget *
fields_block (CoPlanPage        *self,
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
        row = field_row (self, co_group_field_spec (co_group_field_from_key (key + strlen ("group:"))), TRUE);
      else
        row = field_row (self, &fields[co_field_find (fields, n_fields, key)], FALSE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      co_row_map_add (self->rows, g_str_has_prefix (key, "group:") ? g_strdup (key) : g_strdup_printf ("plan:%s", key), row);
    }
  return group;
}

static void
on_shift_added (CoPlanPage *self,
                gint64      id)
{
  g_autofree char *field = g_strdup_printf ("item:%s:%" G_GINT64_FORMAT ":staff_id",
                                            co_list_spec (CO_LIST_SHIFTS)->table, id);

  co_plan_page_show_field (self, field);
}

static GtkWidget *
block_widget (CoPlanPage        *self,
              const CoPlanBlock *block)
{
  GtkWidget *grid;

  if (block->list == CO_PLAN_BLOCK_PROGRESS)
    return self->progress_group;
  if (block->list < CO_N_LISTS)
    {
      GtkWidget *editor = co_list_editor_new (self->store, block->list, self->group_id);

      /* The launch checklist's tasks built at once held the window for 85 ms. */
      co_list_editor_set_lazy (CO_LIST_EDITOR (editor), TRUE);
      return editor;
    }
  if (block->list == CO_N_LISTS)
    return fields_block (self, block);
  /* Of the team's grids, a group's plan has its week. */
  g_return_val_if_fail (block->list == CO_PLAN_BLOCK_ROSTER, NULL);
  grid = co_roster_grid_new (self->store, CO_ROSTER_GRID_WEEK, self->group_id);
  g_signal_connect_object (grid, "shift-added", G_CALLBACK (on_shift_added), self, G_CONNECT_SWAPPED);
  return grid;
}

static void
refresh_progress (CoPlanPage *self)
{
  g_autoptr(GListStore) tasks = NULL;
  guint n_phases;
  const CoChoice *phases = co_choices_get (CO_CHOICE_PHASE, &n_phases);

  if (gtk_widget_get_parent (self->progress_group) == NULL)
    return;  /* the checklist section has not been shown yet */
  tasks = co_list_items (self->store, CO_LIST_TASKS, self->group_id, NULL);
  co_list_box_remove_rows (self->progress_list);
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
      gtk_list_box_append (self->progress_list, row);
    }
}

/* ---- the plan check ----------------------------------------------------------------------- */

/* The section of the outline that shows @reference ("plan:mission", "item:goals:3:target", …). */
static const CoPlanSection *
section_of (const char *reference)
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
                  (block->list == CO_LIST_ACTIVITIES && g_str_equal (name, co_list_spec (CO_LIST_SPENDS)->table));
        for (guint k = 0; !found && k < G_N_ELEMENTS (block->keys) && block->keys[k]; k++)
          found = g_str_has_suffix (block->keys[k], name) &&
                  (g_str_equal (block->keys[k], name) || block->keys[k][strlen (block->keys[k]) - strlen (name) - 1] == ':');
        if (found)
          return &co_plan_sections[s];
      }
  return NULL;
}

/* A list the outline leaves out (staff, roles, alt accounts) is on the Team page, not in a
 * group's plan: a finding about it cannot be followed from here. Fields of the plan and of the
 * group are here or on the group's Overview page. */
static gboolean
field_is_shown (const char *field)
{
  g_auto(GStrv) parts = NULL;

  if (field == NULL || section_of (field) != NULL)
    return TRUE;
  parts = g_strsplit (field, ":", 3);
  for (CoList list = 0; parts[0] != NULL && parts[1] != NULL && list < CO_N_LISTS; list++)
    if (g_str_equal (parts[1], co_list_spec (list)->table))
      return FALSE;
  return TRUE;
}

static void
on_finding_activated (AdwActionRow *row,
                      CoPlanPage   *self)
{
  co_plan_page_show_field (self, g_object_get_data (G_OBJECT (row), "co-field"));
}

static gboolean
same_findings (GPtrArray *a,
               GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      CoFinding *x = a->pdata[i], *y = b->pdata[i];

      if (x->severity != y->severity || g_strcmp0 (x->message, y->message) != 0 ||
          g_strcmp0 (x->field, y->field) != 0)
        return FALSE;
    }
  return TRUE;
}

/* The check's entry in the sidebar, with how many findings it has (none counted while the
 * group's first check is under way), and what the list says when it has none. */
static void
show_check_title (CoPlanPage *self)
{
  GtkStackPage *page = gtk_stack_get_page (self->sections, self->check_page);
  guint n = self->findings != NULL ? self->findings->len : 0;
  g_autofree char *title = NULL;

  /* Translators: the plan check's entry in the sidebar, with how many findings it has */
  title = n > 0 ? g_strdup_printf (_("Plan Check (%u)"), n) : g_strdup (_("Plan Check"));
  gtk_stack_page_set_title (page, title);
  gtk_stack_page_set_needs_attention (page, n > 0);
  adw_preferences_row_set_title (self->findings_placeholder,
                                 self->findings != NULL ? _("Nothing to report: the plan passes every check.")
                                                        : _("Checking the plan…"));
}

/* Shows @findings (taken), the rows made again only when they differ from those shown. */
static void
show_findings (CoPlanPage *self,
               GPtrArray  *findings)
{
  const char *icons[] = { "dialog-error-symbolic", "dialog-warning-symbolic", "dialog-information-symbolic" };
  const char *classes[] = { "error", "warning", "accent" };

  if (same_findings (self->findings, findings))
    {
      g_ptr_array_unref (findings);
      return;
    }
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = findings;
  co_reveal_finish (&self->findings_reveal);
  co_list_box_remove_rows (self->findings_list);
  for (guint i = 0; i < findings->len; i++)
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
      if (field_is_shown (finding->field))
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          g_object_set_data_full (G_OBJECT (row), "co-field", g_strdup (finding->field), g_free);
          g_signal_connect (row, "activated", G_CALLBACK (on_finding_activated), self);
        }
      gtk_list_box_append (self->findings_list, row);
      /* Nineteen findings' wrapped messages measured in one frame held the window for 57 ms. */
      co_reveal_add (&self->findings_reveal, row);
    }
  /* Hidden, they wait for the check to show (on_findings_mapped()). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->findings_list)))
    co_reveal_start (&self->findings_reveal);
  show_check_title (self);
}

static void
on_findings_mapped (CoPlanPage *self)
{
  if (co_reveal_is_pending (&self->findings_reveal))
    co_reveal_start (&self->findings_reveal);
}

/* In the worker: the check of the group @data points at. */
static gpointer
read_check (CoStore       *reader,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  return co_plan_check (reader, *(gint64 *) data, error);
}

static void
on_check_read (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  CoPlanPage *self = data;
  g_autoptr(GError) error = NULL;
  GPtrArray *findings;

  /* Superseded by a newer check (of another group, or after another change), or the page is
   * gone: @self may be too. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->checking);
  if ((findings = co_read_in_worker_finish (result, &error)) == NULL)
    {
      g_warning ("The plan could not be checked: %s", error->message);
      return;
    }
  show_findings (self, findings);
}

/* Checks the plan in a worker: on a large workspace the check reads more than a frame allows.
 * A check under way is dropped; until the new one arrives the group's findings shown stay. */
static void
check_plan (CoPlanPage *self)
{
  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  self->checking = g_cancellable_new ();
  co_read_in_worker (self->store, read_check, g_memdup2 (&self->group_id, sizeof self->group_id), g_free,
                     (GDestroyNotify) g_ptr_array_unref, self->checking, on_check_read, self);
}

/* Another group, or no plan: no finding shown is about it, and none under way. */
static void
forget_check (CoPlanPage *self)
{
  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  co_list_box_remove_rows (self->findings_list);
  show_check_title (self);
}

/* ---- sections ----------------------------------------------------------------------------- */

/* Brings the rows of the plan's and the group's fields and choices in line with the store. */
static gboolean
refresh_fields (CoPlanPage *self)
{
  g_autoptr(CoItem) plan = NULL;
  g_autoptr(CoGroup) group = NULL;
  guint n_fields;
  const CoFieldSpec *fields = co_plan_fields (&n_fields);

  if (self->store == NULL || self->group_id == 0 || !co_plan_exists (self->store, self->group_id))
    return FALSE;
  plan = co_plan_get (self->store, self->group_id, NULL);
  group = co_group_get (self->store, self->group_id, NULL);
  if (plan == NULL || group == NULL)
    return FALSE;
  for (guint f = 0; f < n_fields; f++)
    {
      GtkWidget *row = co_row_map_lookup (self->rows, "plan:%s", fields[f].key);
      if (row != NULL)
        co_field_row_set_value (row, co_item_get (plan, fields[f].key));
    }
  if (co_row_map_lookup (self->rows, "group:orientation") != NULL)
    co_field_row_set_value (co_row_map_lookup (self->rows, "group:orientation"),
                            co_group_get_field (group, CO_GROUP_FIELD_ORIENTATION));
  refresh_selections (self);
  return TRUE;
}

/* Brings @block in line with the store. */
static void
refresh_block (CoPlanPage *self,
               GtkWidget  *block)
{
  if (CO_IS_LIST_EDITOR (block))
    co_list_editor_refresh (CO_LIST_EDITOR (block));
  else if (CO_IS_ROSTER_GRID (block))
    co_roster_grid_refresh (CO_ROSTER_GRID (block));
  else if (block == self->progress_group)
    refresh_progress (self);
  else
    refresh_fields (self);
}

/* Brings every row in line with the store, and checks the plan again. */
static void
refresh (CoPlanPage *self)
{
  if (!refresh_fields (self))
    return;
  for (guint i = 0; i < self->blocks->len; i++)
    {
      GtkWidget *block = self->blocks->pdata[i];

      /* The fields' blocks are done. */
      if (CO_IS_LIST_EDITOR (block) || CO_IS_ROSTER_GRID (block) || block == self->progress_group)
        refresh_block (self, block);
    }
  check_plan (self);
}

static void
stop_filling (CoPlanPage *self)
{
  if (self->fill_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fill_id);
  self->fill_id = 0;
}

/* Frees the next block of a group left, once a frame, none while the shown section gets its
 * blocks: freeing a block costs what making it did. */
static gboolean
free_block_a_frame (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  CoPlanPage *self = CO_PLAN_PAGE (widget);
  GtkWidget *block;

  if (self->fill_id != 0)
    return G_SOURCE_CONTINUE;
  block = g_ptr_array_steal_index (self->leaving, self->leaving->len - 1);
  adw_preferences_page_remove (ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (block, ADW_TYPE_PREFERENCES_PAGE)),
                               ADW_PREFERENCES_GROUP (block));
  g_object_unref (block);
  if (self->leaving->len > 0)
    return G_SOURCE_CONTINUE;
  self->leave_id = 0;
  return G_SOURCE_REMOVE;
}

/* The sections emptied for another group. Their blocks are hidden now and freed a frame each
 * after: the widgets of every section once shown, destroyed at once, held the window for
 * 117–125 ms on a group change. */
static void
clear_sections (CoPlanPage *self)
{
  stop_filling (self);
  g_hash_table_remove_all (self->rows);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      GtkWidget *block = self->blocks->pdata[i];

      /* The checklist's progress is the page's own, placed again when that section shows. */
      if (block == self->progress_group)
        adw_preferences_page_remove (ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (block, ADW_TYPE_PREFERENCES_PAGE)),
                                     ADW_PREFERENCES_GROUP (block));
      else
        {
          gtk_widget_set_visible (block, FALSE);
          g_ptr_array_add (self->leaving, g_object_ref (block));
        }
    }
  g_ptr_array_set_size (self->blocks, 0);
  if (self->leaving->len > 0 && self->leave_id == 0)
    self->leave_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), free_block_a_frame, NULL, NULL);
  for (guint s = 0; s < co_plan_n_sections; s++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (self->sections, co_plan_sections[s].name);
      if (page != NULL)
        g_object_set_data (G_OBJECT (page), "co-filled", NULL);
    }
}

/* Adds the next block of the section @page shows, with its values; FALSE when it has them all.
 * "co-filled" counts the blocks it has. */
static gboolean
add_next_block (CoPlanPage *self,
                GtkWidget  *page)
{
  const CoPlanSection *section = g_object_get_data (G_OBJECT (page), "co-section");
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (page), "co-filled"));
  GtkWidget *block;

  if (section == NULL || n >= section->n_blocks)
    return FALSE;
  block = block_widget (self, &section->blocks[n]);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (block));
  g_ptr_array_add (self->blocks, block);
  g_object_set_data (G_OBJECT (page), "co-filled", GUINT_TO_POINTER (n + 1));
  refresh_block (self, block);
  return TRUE;
}

/* Whether the section @page shows has all its blocks. */
static gboolean
is_filled (GtkWidget *page)
{
  const CoPlanSection *section = g_object_get_data (G_OBJECT (page), "co-section");

  return section == NULL || GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (page), "co-filled")) >= section->n_blocks;
}

/* The shown section's next block, once a frame: its layout is what costs. Text views filled
 * while their page is hidden keep the height they measured at no width (GTK 4.8), so a
 * section hidden meanwhile waits until it shows again. */
static gboolean
add_block_a_frame (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  CoPlanPage *self = CO_PLAN_PAGE (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->sections);
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);

  /* Not in the frame that lays out the block added before it (the first block is added
   * outside a frame), nor before the section is mapped (the leaflet maps it once allocated). */
  if (page != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      (frame <= self->fill_frame || !gtk_widget_get_mapped (page)))
    return G_SOURCE_CONTINUE;
  self->fill_frame = frame;
  if (page != NULL && gtk_widget_get_mapped (page) && add_next_block (self, page) && !is_filled (page))
    return G_SOURCE_CONTINUE;
  self->fill_id = 0;
  return G_SOURCE_REMOVE;
}

/* Fills the section @page shows as it shows: its first block now, the others a frame each. */
static void
fill_section (CoPlanPage *self,
              GtkWidget  *page)
{
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (page), "co-filled")) == 0)
    add_next_block (self, page);
  if (!is_filled (page) && self->fill_id == 0)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      /* The next frame lays out the first block. */
      self->fill_frame = clock != NULL ? gdk_frame_clock_get_frame_counter (clock) + 1 : 0;
      self->fill_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), add_block_a_frame, NULL, NULL);
    }
}

/* Fills the section @page shows whole, now: for a caller about to show a row in it. */
static void
fill_section_now (CoPlanPage *self,
                  GtkWidget  *page)
{
  while (add_next_block (self, page))
    ;
}

static void
on_section_shown (CoPlanPage *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->sections);

  if (page != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
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

/* The outline's sections, then the plan check. */
static void
add_sections (CoPlanPage *self)
{
  for (guint s = 0; s < co_plan_n_sections; s++)
    {
      GtkWidget *page = adw_preferences_page_new ();

      g_object_set_data (G_OBJECT (page), "co-section", (gpointer) &co_plan_sections[s]);
      gtk_stack_add_titled (self->sections, page, co_plan_sections[s].name, _(co_plan_sections[s].title));
    }
  gtk_stack_add_titled (self->sections, self->check_page, "check", _("Plan Check"));
  gtk_stack_page_set_icon_name (gtk_stack_get_page (self->sections, self->check_page), "emblem-ok-symbolic");
}

/* Shows the start page for a group without a plan, else the editor; @table is what changed
 * (NULL: the group, or anything). */
static void
load (CoPlanPage *self,
      const char *table)
{
  if (self->store == NULL || self->group_id == 0)
    return;
  co_changed_by_update (self->changed_by, self->store, (const char *[]) { "plans", "groups" },
                        (gint64[]) { self->group_id, self->group_id }, 2);
  if (!co_plan_exists (self->store, self->group_id))
    {
      clear_sections (self);
      forget_check (self);
      /* The start page lists the templates and the groups with a plan to copy: what an import
       * of members (or any other change) writes leaves them as they are. */
      if (self->start_group_id != self->group_id || table == NULL ||
          g_str_equal (table, "plans") || g_str_equal (table, "groups"))
        co_plan_start_fill (self->start_page, self->group_id);
      self->start_group_id = self->group_id;
      gtk_stack_set_visible_child_name (self->stack, "start");
    }
  else if (self->emptied || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") != 0)
    {
      self->emptied = FALSE;
      clear_sections (self);
      on_section_shown (self);
      check_plan (self);
      gtk_stack_set_visible_child_name (self->stack, "editor");
    }
  else
    refresh (self);
}

/* Hidden, the page reads nothing: the start page parses its templates and reads every group's
 * plan, the editor checks the plan against the group's members, and the window's Overview or
 * Members page is what is shown when a group is opened or an import into it ends. */
static void
load_when_shown (CoPlanPage *self,
                 const char *table)
{
  gboolean was_stale = self->stale;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  load (self, was_stale ? NULL : table);
}

static void
ensure_loaded (CoPlanPage *self)
{
  if (self->stale)
    {
      self->stale = FALSE;
      load (self, NULL);
    }
}

static void
on_map (CoPlanPage *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->sections);

  ensure_loaded (self);
  /* A section hidden before it had all its blocks gets the others now. */
  if (page != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") == 0)
    fill_section (self, page);
}

static void
on_store_changed (CoPlanPage *self,
                  const char *table,
                  gint64      group_id)
{
  /* Group changes matter too: the check reads the group's type, stage and platform. */
  if (group_id == self->group_id || group_id == 0 || g_str_equal (table, "groups"))
    load_when_shown (self, table);
}

static void
on_save_template_clicked (CoPlanPage *self)
{
  flush_rows (self);
  co_template_save_dialog_present (GTK_WIDGET (self), self->store, self->group_id);
}

/* ---- public ------------------------------------------------------------------------------- */

/* Shows the row a plan-check finding points at, opening the section and items around it. */
gboolean
co_plan_page_show_field (CoPlanPage *self,
                         const char *field)
{
  const CoPlanSection *section;
  GtkWidget *widget;

  g_return_val_if_fail (CO_IS_PLAN_PAGE (self), FALSE);

  if (!field_is_shown (field))
    return FALSE;
  ensure_loaded (self);
  section = field != NULL ? section_of (field) : NULL;
  if (section != NULL)
    fill_section_now (self, gtk_stack_get_child_by_name (self->sections, section->name));
  widget = field != NULL ? find_row (self, field) : NULL;
  if (widget == NULL && field != NULL && g_str_has_prefix (field, "group:"))
    {
      /* Other facts of the group are on its Overview page. */
      GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_VIEW_STACK);
      if (stack != NULL)
        adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "overview");
      return stack != NULL;
    }
  return widget != NULL && co_reveal_row (widget);
}

/* Shows the section called @name ("goals", "team", "check", …). */
gboolean
co_plan_page_show_section (CoPlanPage *self,
                           const char *name)
{
  GtkWidget *page;

  g_return_val_if_fail (CO_IS_PLAN_PAGE (self), FALSE);

  ensure_loaded (self);
  page = gtk_stack_get_child_by_name (self->sections, name);
  if (page == NULL)
    return FALSE;
  gtk_stack_set_visible_child (self->sections, page);
  fill_section_now (self, page);
  return TRUE;
}

/* Whether what the page shows is still on its way: the plan check, blocks of the section
 * shown, or the plans the start page offers to copy; or the blocks of a group left still
 * being freed. */
gboolean
co_plan_page_is_loading (CoPlanPage *self)
{
  g_return_val_if_fail (CO_IS_PLAN_PAGE (self), FALSE);

  return self->checking != NULL || self->fill_id != 0 || self->leave_id != 0 || co_plan_start_is_loading (self->start_page) ||
         (co_reveal_is_pending (&self->findings_reveal) && gtk_widget_get_mapped (GTK_WIDGET (self->findings_list)));
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
  co_plan_start_set_store (self->start_page, store);
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
  clear_sections (self);
  forget_check (self);
  /* Shown, the editor stays for a group with a plan: switched to the start page and back, every
   * widget of it was unmapped, mapped and laid out again in the change's frame. */
  self->emptied = TRUE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_stack_set_visible_child_name (self->stack, "start");
  load_when_shown (self, NULL);
}

static void
co_plan_page_dispose (GObject *object)
{
  CoPlanPage *self = CO_PLAN_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->rows != NULL)
    flush_rows (self);
  stop_filling (self);
  if (self->leave_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->leave_id);
  self->leave_id = 0;
  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  co_reveal_clear (&self->findings_reveal);
  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_PLAN_PAGE);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->leaving, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (co_plan_page_parent_class)->dispose (object);
}

/* The Leaderboard button of a check-in challenge (co-list-editor.c). */
static void
show_leaderboard (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  CoPlanPage *self = CO_PLAN_PAGE (widget);
  GtkWidget *window = co_leaderboard_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store,
                                                 g_variant_get_int64 (parameter));

  gtk_window_present (GTK_WINDOW (window));
}

static void
co_plan_page_class_init (CoPlanPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_plan_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (CO_TYPE_PLAN_START);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-plan-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, start_page);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, editor_leaflet);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, sections);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, check_page);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, findings_list);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, findings_placeholder);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, progress_group);
  gtk_widget_class_bind_template_child (widget_class, CoPlanPage, progress_list);
  gtk_widget_class_bind_template_callback (widget_class, on_save_template_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_sections_clicked);
  gtk_widget_class_install_action (widget_class, "plan.challenge-leaderboard", "x", show_leaderboard);
}

static void
co_plan_page_init (CoPlanPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  co_leaflet_put_shadow_last (self->editor_leaflet);

  self->rows = co_row_map_new ();
  self->blocks = g_ptr_array_new ();
  self->leaving = g_ptr_array_new_with_free_func (g_object_unref);
  co_reveal_init (&self->findings_reveal, GTK_WIDGET (self->findings_list));
  /* One at once, not none: with none shown the list's placeholder says the plan passes. */
  co_reveal_set_most (&self->findings_reveal, 1);
  g_signal_connect_object (self->findings_list, "map", G_CALLBACK (on_findings_mapped), self, G_CONNECT_SWAPPED);
  add_sections (self);
  /* Above the section: who of the team changed the plan last. */
  self->changed_by = co_changed_by_new ();
  gtk_widget_set_margin_start (self->changed_by, 12);
  gtk_widget_set_margin_top (self->changed_by, 6);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->sections))), self->changed_by,
                              gtk_widget_get_prev_sibling (GTK_WIDGET (self->sections)));
  g_signal_connect_swapped (self->sections, "notify::visible-child", G_CALLBACK (on_section_shown), self);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}
