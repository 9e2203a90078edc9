/* co-plan-document.c: the plan's outline (co-plan-outline.h) turned into headings and tables. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "core/document/co-plan-document.h"
#include "core/document/co-report-document.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/library/co-library.h"
#include "core/plan/co-plan.h"
#include "core/plan/co-plan-check.h"
#include "core/plan/co-plan-outline.h"
#include "core/team/co-team.h"

/* Columns of a list's table at most: the title and the first fields after it. */
#define MAX_LIST_COLUMNS 6

/* The fields after the title that say most on paper, where the first ones would not: an
 * activity's budget is its ninth field. */
static const char *const list_columns[CO_N_LISTS][6] = {
  [CO_LIST_CONTENT] = { "slot", "cadence", "weekday", "time", "owner" },
  [CO_LIST_ACTIVITIES] = { "mode", "start_date", "start_time", "owner", "budget" },
  [CO_LIST_PROBLEMS] = { "date", "suggestion", "status", "resolved_date" },
  [CO_LIST_GOALS] = { "baseline", "target", "unit", "deadline" },
  [CO_LIST_TASKS] = { "phase", "due_date", "owner", "done" },
  [CO_LIST_SOP_STEPS] = { "trigger", "days", "hours", "weekday", "time" },
};

/* A stored value as the page shows it; "" when empty. */
static char *
value_text (CoStore           *store,
            const CoFieldSpec *spec,
            const char        *stored)
{
  if (stored == NULL || *stored == '\0')
    return g_strdup ("");
  switch (spec->type)
    {
    case CO_FIELD_DATE:
      {
        char *shown = co_date_format_display (stored);
        return shown ? shown : g_strdup (stored);
      }
    case CO_FIELD_BOOL:
      return g_strdup (g_str_equal (stored, "1") ? _("Yes") : _("No"));
    case CO_FIELD_REFERENCE:
      {
        g_autoptr(CoItem) item = NULL;
        char *name;

        /* A library item by its title. */
        if (g_strcmp0 (spec->ref_table, "library_items") == 0)
          {
            item = co_list_get (store, CO_LIST_LIBRARY, g_ascii_strtoll (stored, NULL, 10), NULL);
            return item ? co_item_dup_title (item) : g_strdup ("");
          }
        name = co_team_dup_name (store, g_strcmp0 (spec->ref_table, "staff") == 0 ? CO_LIST_STAFF
                                                                                   : CO_LIST_ROLES,
                                 g_ascii_strtoll (stored, NULL, 10));
        return name ? name : g_strdup ("");
      }
    case CO_FIELD_TEXT:
    case CO_FIELD_LONG_TEXT:
    case CO_FIELD_TIME:
    case CO_FIELD_COUNT:
    case CO_FIELD_MONEY:
    case CO_FIELD_NUMBER:
    case CO_FIELD_CHOICE:
    default:
      return co_field_format (spec, stored);
    }
}

/* One row of a block of fields: a plan field, a multiple choice or a field of the group. */
static void
add_field_row (CoTable    *table,
               CoStore    *store,
               CoGroup    *group,
               CoItem     *plan,
               gint64      group_id,
               const char *key)
{
  g_autofree char *value = NULL;
  const char *title = NULL;

  if (g_str_has_prefix (key, "selection:"))
    {
      for (guint k = 0; k < G_N_ELEMENTS (co_plan_selection_kinds); k++)
        if (g_str_equal (key + strlen ("selection:"), co_plan_selection_kind_name (co_plan_selection_kinds[k])))
          {
            g_auto(GStrv) selected = co_plan_get_selection (store, group_id, co_plan_selection_kinds[k]);
            g_autoptr(GPtrArray) labels = g_ptr_array_new ();

            for (guint i = 0; selected[i] != NULL; i++)
              g_ptr_array_add (labels, (gpointer) co_choice_label (co_plan_selection_kinds[k], selected[i]));
            g_ptr_array_add (labels, NULL);
            /* Translators: separates the chosen items of a multiple choice */
            value = g_strjoinv (_(", "), (char **) labels->pdata);
            title = co_choice_kind_title (co_plan_selection_kinds[k]);
          }
    }
  else if (g_str_has_prefix (key, "group:"))
    {
      CoGroupField field = co_group_field_from_key (key + strlen ("group:"));
      const CoFieldSpec *spec = co_group_field_spec (field);

      value = value_text (store, spec, co_group_get_field (group, field));
      title = _(spec->title);
    }
  else
    {
      guint n_fields;
      const CoFieldSpec *fields = co_plan_fields (&n_fields);
      int index = co_field_find (fields, n_fields, key);

      if (index < 0)
        return;
      value = value_text (store, &fields[index], co_item_get (plan, key));
      title = _(fields[index].title);
    }
  {
    const char *row[] = { title ? title : key, value && *value ? value : "—" };
    co_table_add_row (table, row);
  }
}

static void
add_fields (CoDocument        *document,
            CoStore           *store,
            CoGroup           *group,
            CoItem            *plan,
            const CoPlanBlock *block)
{
  const char *header[] = { _("Item"), _("Plan") };
  g_autoptr(CoTable) table = co_table_new (G_N_ELEMENTS (header), header);
  const double weights[] = { 1, 3 };

  for (guint k = 0; k < G_N_ELEMENTS (block->keys) && block->keys[k] != NULL; k++)
    add_field_row (table, store, group, plan, co_group_get_id (group), block->keys[k]);
  co_document_add_heading (document, 2, _(block->title));
  co_document_add_table (document, table, 2, weights, 2);
}

/* A list as a table: the item's title, then its first fields; activities with their spend. */
static void
add_list (CoDocument *document,
          CoStore    *store,
          gint64      group_id,
          CoList      list)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autoptr(GListStore) items = co_list_items (store, list, group_id, NULL);
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(CoTable) table = NULL;
  guint n_items = items ? g_list_model_get_n_items (G_LIST_MODEL (items)) : 0;
  gboolean spends = list == CO_LIST_ACTIVITIES;

  co_document_add_heading (document, 2, _(spec->title));
  if (n_items == 0)
    {
      co_document_add_paragraph (document, _("None yet."));
      return;
    }
  g_ptr_array_add (header, (gpointer) _(spec->fields[spec->title_field].title));
  if (list_columns[list][0] != NULL)
    for (guint k = 0; k < G_N_ELEMENTS (list_columns[list]) && list_columns[list][k] != NULL; k++)
      {
        int field = co_field_find (spec->fields, spec->n_fields, list_columns[list][k]);
        g_array_append_val (columns, field);
        g_ptr_array_add (header, (gpointer) _(spec->fields[field].title));
      }
  else
    for (guint f = 0; f < spec->n_fields && columns->len + 1 < MAX_LIST_COLUMNS; f++)
      {
        int field = (int) f;
        /* The title is the first column; a built-in keyword is said by the title already. */
        if (field == spec->title_field || g_strcmp0 (spec->fields[f].key, "builtin") == 0 ||
            g_strcmp0 (spec->fields[f].key, spec->readonly_key) == 0)
          continue;
        g_array_append_val (columns, field);
        g_ptr_array_add (header, (gpointer) _(spec->fields[f].title));
      }
  if (spends)
    g_ptr_array_add (header, (gpointer) _("Spent (yuan)"));
  table = co_table_new (header->len, (const char * const *) header->pdata);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);
      g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

      /* A person or a role names an assignment: their name, not their number. */
      if (spec->fields[spec->title_field].type == CO_FIELD_REFERENCE)
        g_ptr_array_add (row, value_text (store, &spec->fields[spec->title_field],
                                          co_item_get (item, spec->fields[spec->title_field].key)));
      else
        g_ptr_array_add (row, co_item_dup_title (item));
      for (guint c = 0; c < columns->len; c++)
        {
          const CoFieldSpec *field = &spec->fields[g_array_index (columns, int, c)];
          g_ptr_array_add (row, value_text (store, field, co_item_get (item, field->key)));
        }
      if (spends)
        g_ptr_array_add (row, co_money_format (co_activity_get_spent (store, co_item_get_id (item))));
      co_table_add_row (table, (const char * const *) row->pdata);
    }
  co_document_add_table (document, table, header->len, NULL, header->len);
}

/* The checklist's progress, phase by phase. */
static void
add_progress (CoDocument *document,
              CoStore    *store,
              gint64      group_id)
{
  g_autoptr(GListStore) tasks = co_list_items (store, CO_LIST_TASKS, group_id, NULL);
  guint n = tasks ? g_list_model_get_n_items (G_LIST_MODEL (tasks)) : 0, done = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CoItem) task = g_list_model_get_item (G_LIST_MODEL (tasks), i);
      done += g_strcmp0 (co_item_get (task, "done"), "1") == 0;
    }
  /* Translators: the launch checklist's progress in the plan document */
  text = g_strdup_printf (ngettext ("%u of %u task done.", "%u of %u tasks done.", n), done, n);
  co_document_add_paragraph (document, text);
}

/* The week's duty roster: who is on duty each day, and the active hours nobody covers. */
static void
add_roster (CoDocument *document,
            CoStore    *store,
            gint64      group_id)
{
  const char *header[] = { _("Weekday"), _("On Duty"), _("Not Covered") };
  g_autoptr(CoTable) table = co_table_new (G_N_ELEMENTS (header), header);
  g_autoptr(GListStore) shifts = co_list_items (store, CO_LIST_SHIFTS, group_id, NULL);
  g_autoptr(GArray) gaps = co_team_roster_gaps (store, group_id, NULL);
  const double weights[] = { 1, 3, 2 };
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);

  for (guint day = 0; day < n_weekdays; day++)
    {
      g_autoptr(GString) duty = g_string_new (NULL);
      g_autoptr(GString) open = g_string_new (NULL);

      for (guint i = 0; shifts != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (shifts)); i++)
        {
          g_autoptr(CoItem) shift = g_list_model_get_item (G_LIST_MODEL (shifts), i);
          g_autofree char *name = NULL;

          if (g_strcmp0 (co_item_get (shift, "weekday"), weekdays[day].keyword) != 0)
            continue;
          name = co_team_dup_name (store, CO_LIST_STAFF, co_item_get_int (shift, "staff_id", 0));
          /* Translators: a shift in the duty roster: person, from, until */
          g_string_append_printf (duty, _("%s%s %s–%s"), duty->len ? _(", ") : "", name ? name : "",
                                  co_item_get (shift, "start_time"), co_item_get (shift, "end_time"));
        }
      for (guint i = 0; gaps != NULL && i < gaps->len; i++)
        {
          CoGap *gap = &g_array_index (gaps, CoGap, i);
          g_autofree char *text = NULL;

          if (gap->weekday != day)
            continue;
          text = co_gap_format (gap);
          g_string_append_printf (open, "%s%s", open->len ? _(", ") : "", text);
        }
      {
        const char *row[] = { _(weekdays[day].label), duty->len ? duty->str : "—", open->str };
        co_table_add_row (table, row);
      }
    }
  co_document_add_heading (document, 2, _("Duty Roster"));
  co_document_add_table (document, table, 3, weights, 3);
}

static void
add_check (CoDocument *document,
           CoStore    *store,
           gint64      group_id)
{
  const char *header[] = { _("Severity"), _("Finding") };
  const char *severities[] = { N_("Error"), N_("Warning"), N_("Suggestion") };
  g_autoptr(CoTable) table = co_table_new (G_N_ELEMENTS (header), header);
  g_autoptr(GPtrArray) findings = co_plan_check (store, group_id, NULL);
  const double weights[] = { 1, 5 };

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      CoFinding *finding = findings->pdata[i];
      const char *row[] = { _(severities[finding->severity]), finding->message };
      co_table_add_row (table, row);
    }
  if (co_table_get_n_rows (table) > 1)
    co_document_add_table (document, table, 2, weights, 2);
  else
    co_document_add_paragraph (document, _("The plan check found nothing to change."));
}

/* Headings name the group when the document holds several. */
static void
add_section_heading (CoDocument *document,
                     CoGroup    *group,
                     gboolean    several,
                     const char *title)
{
  g_autofree char *text = several ? g_strdup_printf (_("%s: %s"), co_group_get_name (group), title) : NULL;

  co_document_add_heading (document, 1, text ? text : title);
}

/* The posters, slogan images and QR codes the plan's content calendar and SOP name. */
static void
add_images (CoDocument *document,
            CoStore    *store,
            CoGroup    *group,
            gboolean    several)
{
  g_autoptr(GPtrArray) images = co_library_plan_images (store, co_group_get_id (group), NULL);

  if (images == NULL || images->len == 0)
    return;
  add_section_heading (document, group, several, _("Posters and Images"));
  for (guint i = 0; i < images->len; i++)
    {
      CoLibraryItem *item = images->pdata[i];
      g_autoptr(GBytes) bytes = co_library_dup_image (store, co_library_item_get_id (item), NULL);
      g_autofree char *expiry = co_library_describe_expiry (item, NULL);
      /* Translators: a poster's caption in the plan's PDF: its title, then a QR code's expiry */
      g_autofree char *caption = expiry != NULL ? g_strdup_printf (_("%s (%s)"), co_library_item_get_title (item), expiry)
                                                : g_strdup (co_library_item_get_title (item));

      co_document_add_image (document, bytes, co_library_item_get_image_type (item), co_library_item_get_width (item),
                             co_library_item_get_height (item), caption);
    }
}

static void
add_group (CoDocument *document,
           CoStore    *store,
           CoGroup    *group,
           gboolean    several,
           gboolean    with_check)
{
  gint64 id = co_group_get_id (group);
  g_autoptr(CoItem) plan = co_plan_get (store, id, NULL);

  for (guint s = 0; s < co_plan_n_sections; s++)
    {
      const CoPlanSection *section = &co_plan_sections[s];

      add_section_heading (document, group, several, g_str_equal (section->name, "team")
                                                     ? _("Roles and Staffing") : _(section->title));
      for (guint b = 0; b < section->n_blocks; b++)
        {
          const CoPlanBlock *block = &section->blocks[b];

          if (block->list == CO_PLAN_BLOCK_PROGRESS)
            add_progress (document, store, id);
          else if (block->list == CO_PLAN_BLOCK_ROSTER)
            add_roster (document, store, id);
          else if (block->list == CO_LIST_SHIFTS)
            continue;  /* the roster above shows them, day by day */
          else if (block->list < CO_N_LISTS)
            add_list (document, store, id, block->list);
          else if (block->title != NULL && plan != NULL)
            add_fields (document, store, group, plan, block);
        }
    }
  add_images (document, store, group, several);
  if (with_check)
    {
      add_section_heading (document, group, several, _("Plan Check"));
      add_check (document, store, id);
    }
}

CoDocument *
co_plan_document_new (CoStore      *store,
                      const gint64 *group_ids,
                      guint         n_groups,
                      gboolean      with_check,
                      GError      **error)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *today = co_date_today ();
  g_autofree char *today_text = co_date_format_display (today);
  g_autofree char *last_change = NULL;
  const char *author = g_get_real_name ();
  CoDocument *document;
  CoGroup *first;

  g_return_val_if_fail (n_groups > 0, NULL);

  for (guint i = 0; i < n_groups; i++)
    {
      CoGroup *group = co_group_get (store, group_ids[i], error);
      g_autofree char *changed = NULL;

      if (group == NULL)
        return NULL;
      g_ptr_array_add (groups, group);
      g_string_append_printf (names, "%s%s", i ? _(", ") : "", co_group_get_name (group));
      changed = co_plan_dup_last_change (store, group_ids[i], NULL);
      if (changed != NULL && g_strcmp0 (changed, last_change) > 0)
        {
          g_free (last_change);
          last_change = g_steal_pointer (&changed);
        }
    }
  first = groups->pdata[0];
  document = co_document_new (n_groups == 1 ? co_group_get_name (first) : _("Community Plans"),
                              co_document_language ());

  /* The cover of a 方案: what it is, for which group, by whom, and which version. There is no
   * team or workspace name in the store to put here. */
  if (n_groups == 1 && co_group_get_field (first, CO_GROUP_FIELD_SLOGAN) != NULL)
    g_ptr_array_add (lines, g_strdup_printf ("“%s”", co_group_get_field (first, CO_GROUP_FIELD_SLOGAN)));
  /* GLib says "Unknown" when the system has no name for the user. */
  if (author != NULL && *author != '\0' && g_strcmp0 (author, "Unknown") != 0)
    /* Translators: on the plan's cover: who made it (the user's name) */
    g_ptr_array_add (lines, g_strdup_printf (_("Author: %s"), author));
  if (last_change != NULL)
    {
      g_autofree char *when = co_date_time_format_display (last_change);
      /* Translators: on the plan's cover: its version is the moment of its last change */
      g_ptr_array_add (lines, g_strdup_printf (_("Version of %s (the plan’s last change)"), when));
    }
  /* Translators: on the report's cover */
  g_ptr_array_add (lines, g_strdup_printf (_("Made on %s with CommunityOps %s"), today_text, PACKAGE_VERSION));
  g_ptr_array_add (lines, NULL);
  /* Translators: the title on the plan document's cover (社群运营方案) */
  co_document_add_cover (document, _("Community Operations Plan"), names->str,
                         (const char * const *) lines->pdata);
  co_document_add_contents (document);
  for (guint i = 0; i < groups->len; i++)
    add_group (document, store, groups->pdata[i], n_groups > 1, with_check);
  return document;
}
