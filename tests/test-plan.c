/* test-plan.c: the plan: every table round-trips, bad values change nothing, templates apply
 * in both languages and refuse broken files, and each plan-check rule fires and holds back. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "core/groups/co-group.h"
#include "core/plan/co-plan-check.h"
#include "core/plan/co-plan.h"
#include "core/plan/co-template.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

static gint64
first_id (CoStore *store,
          CoList   list,
          gint64   parent)
{
  g_autoptr(GListStore) items = co_list_items (store, list, parent, NULL);
  g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (items), 0);

  return co_item_get_id (item);
}

/* A valid input for each type, and what the store keeps of it. */
static void
sample_value (const CoFieldSpec  *field,
              const char        **input,
              const char        **stored)
{
  guint n;

  switch (field->type)
    {
    case CO_FIELD_TEXT: *input = " 城市 + 姓名 "; *stored = "城市 + 姓名"; break;
    case CO_FIELD_LONG_TEXT: *input = "第一行\nsecond line"; *stored = "第一行\nsecond line"; break;
    case CO_FIELD_DATE: *input = "2026/5/4"; *stored = "2026-05-04"; break;
    case CO_FIELD_TIME: *input = "8:30"; *stored = "08:30"; break;
    case CO_FIELD_COUNT: *input = "1,000"; *stored = "1000"; break;
    case CO_FIELD_MONEY: *input = "¥1,280.5"; *stored = "128050"; break;
    case CO_FIELD_NUMBER: *input = "12.5"; *stored = "12.5"; break;
    case CO_FIELD_CHOICE: *input = *stored = co_choices_get (field->choice, &n)[n - 1].keyword; break;
    case CO_FIELD_BOOL: *input = "true"; *stored = "1"; break;
    default: g_assert_not_reached ();
    }
}

static void
test_plan_fields_round_trip (Fixture *f, gconstpointer data)
{
  guint n_fields;
  const CoFieldSpec *fields = co_plan_fields (&n_fields);
  g_autoptr(CoItem) plan = co_plan_get (f->store, f->group, NULL);

  g_assert_true (co_plan_is_empty (f->store, f->group));
  for (guint i = 0; i < n_fields; i++)
    g_assert_null (co_item_get (plan, fields[i].key));

  for (guint i = 0; i < n_fields; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *input, *stored;

      sample_value (&fields[i], &input, &stored);
      g_assert_true (co_plan_set (f->store, f->group, fields[i].key, input, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&plan);
  plan = co_plan_get (f->store, f->group, NULL);
  for (guint i = 0; i < n_fields; i++)
    {
      const char *input, *stored;
      sample_value (&fields[i], &input, &stored);
      g_assert_cmpstr (co_item_get (plan, fields[i].key), ==, stored);
    }
  g_assert_false (co_plan_is_empty (f->store, f->group));

  /* Empty input unsets. */
  g_assert_true (co_plan_set (f->store, f->group, "mission", "  ", NULL));
  g_clear_object (&plan);
  plan = co_plan_get (f->store, f->group, NULL);
  g_assert_null (co_item_get (plan, "mission"));
}

static void
test_selections (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) selected = NULL;

  g_assert_true (co_plan_set_selected (f->store, f->group, CO_CHOICE_ADMISSION, "purchase", TRUE, NULL));
  g_assert_true (co_plan_set_selected (f->store, f->group, CO_CHOICE_ADMISSION, "invitation", TRUE, NULL));
  g_assert_true (co_plan_set_selected (f->store, f->group, CO_CHOICE_ADMISSION, "invitation", TRUE, NULL));
  selected = co_plan_get_selection (f->store, f->group, CO_CHOICE_ADMISSION);
  /* In the order of the list, once each. */
  g_assert_cmpuint (g_strv_length (selected), ==, 2);
  g_assert_cmpstr (selected[0], ==, "invitation");
  g_assert_cmpstr (selected[1], ==, "purchase");
  g_clear_pointer (&selected, g_strfreev);

  g_assert_true (co_plan_set_selected (f->store, f->group, CO_CHOICE_ADMISSION, "purchase", FALSE, NULL));
  selected = co_plan_get_selection (f->store, f->group, CO_CHOICE_ADMISSION);
  g_assert_cmpstrv (selected, ((const char *[]) { "invitation", NULL }));

  g_assert_false (co_plan_set_selected (f->store, f->group, CO_CHOICE_ADMISSION, "bribe", TRUE, &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
}

/* Every list: add, set every field, read back, move, remove, restore. */
static void
test_lists_round_trip (Fixture *f, gconstpointer data)
{
  gint64 activity = co_list_add (f->store, CO_LIST_ACTIVITIES, f->group, NULL);

  g_assert_true (co_plan_ensure (f->store, f->group, NULL));
  for (CoList list = 0; list < CO_N_PLAN_LISTS; list++)
    {
      const CoListSpec *spec = co_list_spec (list);
      gint64 parent = list == CO_LIST_SPENDS ? activity : f->group;
      g_autoptr(GListStore) items = NULL;
      g_autoptr(CoItem) item = NULL;
      gint64 first, second;

      g_test_message ("list %s", spec->table);
      if (spec->key_field >= 0)
        {
          /* One row for each keyword, made by co_plan_ensure(). */
          guint n_choices;
          co_choices_get (spec->fields[spec->key_field].choice, &n_choices);
          items = co_list_items (f->store, list, parent, NULL);
          g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (items)), ==, n_choices);
          first = first_id (f->store, list, parent);
        }
      else
        first = co_list_add (f->store, list, parent, NULL);
      g_assert_cmpint (first, >, 0);

      for (guint i = 0; i < spec->n_fields; i++)
        {
          g_autoptr(GError) error = NULL;
          const char *input, *stored;

          /* A reference needs a row to name: test-library sets the content calendar's. */
          if ((int) i == spec->key_field || spec->fields[i].type == CO_FIELD_REFERENCE)
            continue;
          sample_value (&spec->fields[i], &input, &stored);
          g_assert_true (co_list_set (f->store, list, first, spec->fields[i].key, input, &error));
          g_assert_no_error (error);
        }
      item = co_list_get (f->store, list, first, NULL);
      g_assert_cmpint (co_item_get_group_id (item), ==, f->group);
      g_assert_true (g_uuid_string_is_valid (co_item_get_uuid (item)));
      for (guint i = 0; i < spec->n_fields; i++)
        {
          const char *input, *stored;
          /* A reference needs a row to name: test-library sets the content calendar's. */
          if ((int) i == spec->key_field || spec->fields[i].type == CO_FIELD_REFERENCE)
            continue;
          sample_value (&spec->fields[i], &input, &stored);
          g_assert_cmpstr (co_item_get (item, spec->fields[i].key), ==, stored);
        }

      if (spec->key_field >= 0)
        {
          g_autoptr(GError) error = NULL;
          g_assert_false (co_list_remove (f->store, list, first, &error));
          g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_FIXED);
          g_clear_error (&error);
          g_assert_false (co_list_set (f->store, list, first, spec->fields[spec->key_field].key, "mature", &error));
          g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_FIXED);
          continue;
        }

      second = co_list_add (f->store, list, parent, NULL);
      g_assert_true (co_list_move (f->store, list, second, -1, NULL));
      g_clear_object (&items);
      items = co_list_items (f->store, list, parent, NULL);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (items)), ==, list == CO_LIST_ACTIVITIES ? 3 : 2);

      g_assert_true (co_list_remove (f->store, list, first, NULL));
      g_assert_null (co_list_get (f->store, list, first, NULL));
      g_assert_true (co_list_restore (f->store, list, first, NULL));
      g_clear_object (&item);
      item = co_list_get (f->store, list, first, NULL);
      g_assert_nonnull (item);
    }

  /* The trash empties for good. */
  g_assert_true (co_list_remove (f->store, CO_LIST_GOALS,
                                 co_list_add (f->store, CO_LIST_GOALS, f->group, NULL), NULL));
  g_assert_true (co_list_purge_trash (f->store, NULL));
}

static void
assert_refused (Fixture    *f,
                CoList      list,
                gint64      id,
                const char *key,
                const char *input,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoItem) before = co_list_get (f->store, list, id, NULL);
  g_autoptr(CoItem) after = NULL;

  g_assert_false (co_list_set (f->store, list, id, key, input, &error));
  g_assert_error (error, CO_RECORD_ERROR, code);
  g_test_message ("%s = “%s”: %s", key, input, error->message);
  after = co_list_get (f->store, list, id, NULL);
  g_assert_cmpstr (co_item_get (after, key), ==, co_item_get (before, key));
}

static void
test_bad_values (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 goal = co_list_add (f->store, CO_LIST_GOALS, f->group, NULL);
  gint64 activity = co_list_add (f->store, CO_LIST_ACTIVITIES, f->group, NULL);
  gint64 content = co_list_add (f->store, CO_LIST_CONTENT, f->group, NULL);

  assert_refused (f, CO_LIST_ACTIVITIES, activity, "budget", "-5", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_ACTIVITIES, activity, "budget", "五百", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_ACTIVITIES, activity, "budget", "12.345", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_ACTIVITIES, activity, "budget", "1.2.3", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_ACTIVITIES, activity, "budget", "99999999999999999999", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_GOALS, goal, "target", "abc", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_GOALS, goal, "target", "1e400", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_GOALS, goal, "metric", "happiness", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_CONTENT, content, "time", "25:00", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_CONTENT, content, "time", "noon", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_CONTENT, content, "time", "+8:30", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_CONTENT, content, "time", "-0:30", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_ACTIVITIES, activity, "budget", "¥", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_ACTIVITIES, activity, "budget", "元", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_ACTIVITIES, activity, "budget", ",", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_GOALS, goal, "target", "0x10", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_GOALS, goal, "target", "inf", CO_RECORD_ERROR_INVALID_VALUE);
  assert_refused (f, CO_LIST_GOALS, goal, "target", "nan", CO_RECORD_ERROR_INVALID_VALUE);

  /* Money in the forms people write it. */
  g_assert_true (co_list_set (f->store, CO_LIST_ACTIVITIES, activity, "budget", "20元", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_ACTIVITIES, activity, "budget", "0.5", NULL));
  {
    g_autoptr(CoItem) item = co_list_get (f->store, CO_LIST_ACTIVITIES, activity, NULL);
    g_assert_cmpstr (co_item_get (item, "budget"), ==, "50");
  }

  /* A deadline before the baseline date: refused, and the deadline stays unset. */
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, goal, "baseline_date", "2026-03-01", NULL));
  assert_refused (f, CO_LIST_GOALS, goal, "deadline", "2026-02-01", CO_RECORD_ERROR_INCONSISTENT);
  g_assert_true (co_list_set (f->store, CO_LIST_ACTIVITIES, activity, "start_date", "2026-03-10", NULL));
  assert_refused (f, CO_LIST_ACTIVITIES, activity, "end_date", "2026-03-09", CO_RECORD_ERROR_INCONSISTENT);

  /* A spend on a deleted activity. */
  g_assert_true (co_list_remove (f->store, CO_LIST_ACTIVITIES, activity, NULL));
  g_assert_cmpint (co_list_add (f->store, CO_LIST_SPENDS, activity, &error), ==, 0);
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Plan fields too. */
  g_assert_false (co_plan_set (f->store, f->group, "admission_fee", "-20", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_assert_true (co_plan_is_empty (f->store, f->group) == FALSE);  /* the lists above count */
}

/* Numbers are stored with a dot under a decimal-comma locale too: nothing turns 1.5 into 15. */
static void
test_numbers_ignore_locale (Fixture *f, gconstpointer data)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  gint64 goal = co_list_add (f->store, CO_LIST_GOALS, f->group, NULL);
  g_autoptr(CoItem) item = NULL;
  g_autofree char *shown = NULL;
  guint n_fields;
  const CoFieldSpec *fields = co_list_spec (CO_LIST_GOALS)->fields;

  n_fields = co_list_spec (CO_LIST_GOALS)->n_fields;
  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    g_error ("The de_DE.UTF-8 locale is missing: run build-aux/install-deps");
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, goal, "target", "1.5", NULL));
  item = co_list_get (f->store, CO_LIST_GOALS, goal, NULL);
  shown = co_field_format (&fields[co_field_find (fields, n_fields, "target")], co_item_get (item, "target"));
  setlocale (LC_ALL, saved);
  g_assert_cmpstr (co_item_get (item, "target"), ==, "1.5");
  g_assert_cmpstr (shown, ==, "1.5");
}

static void
test_money_format (void)
{
  const struct { gint64 fen; const char *text; } cases[] = {
    { 0, "0.00" }, { 5, "0.05" }, { 128050, "1280.50" }, { -50, "-0.50" }, { -12345, "-123.45" },
    { G_MININT64, "-92233720368547758.08" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = co_money_format (cases[i].fen);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_spent (Fixture *f, gconstpointer data)
{
  gint64 activity = co_list_add (f->store, CO_LIST_ACTIVITIES, f->group, NULL);
  gint64 a = co_list_add (f->store, CO_LIST_SPENDS, activity, NULL);
  gint64 b = co_list_add (f->store, CO_LIST_SPENDS, activity, NULL);

  g_assert_true (co_list_set (f->store, CO_LIST_SPENDS, a, "amount", "120.50", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SPENDS, b, "amount", "79.50", NULL));
  g_assert_cmpint (co_activity_get_spent (f->store, activity), ==, 20000);
  g_assert_true (co_list_remove (f->store, CO_LIST_SPENDS, b, NULL));
  g_assert_cmpint (co_activity_get_spent (f->store, activity), ==, 12050);
}

/* ---- templates ---------------------------------------------------------------------------- */

static guint
count_items (Fixture *f,
             gint64   group,
             CoList   list)
{
  g_autoptr(GListStore) items = co_list_items (f->store, list, group, NULL);
  return g_list_model_get_n_items (G_LIST_MODEL (items));
}

static void
set_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, g_str_has_prefix (language, "zh") ? "zh_CN.UTF-8" : "C.UTF-8");
}

/* Each built-in template applies in English and in Chinese, to the same structure. */
static void
test_builtin_templates (Fixture *f, gconstpointer data)
{
  const char *languages[] = { "en", "zh_CN" };
  guint counts[2][8][CO_N_LISTS] = { { { 0 } } };
  guint n_templates = 0;

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(GPtrArray) templates = NULL;

      set_language (languages[l]);
      templates = co_template_list ();
      n_templates = 0;
      for (guint t = 0; t < templates->len; t++)
        {
          CoTemplateInfo *info = templates->pdata[t];
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *name = NULL;
          gint64 group;

          if (info->resource == NULL)
            continue;
          name = g_strdup_printf ("%s %s", languages[l], info->name);
          group = co_group_create (f->store, name, 0, NULL);
          root = co_template_load (info, &error);
          g_assert_no_error (error);
          g_assert_true (co_template_apply (f->store, group, root, &error));
          g_assert_no_error (error);
          g_assert_false (co_plan_is_empty (f->store, group));
          g_assert_nonnull (info->description);
          if (l == 1)
            /* Chinese names for the Chinese templates. */
            g_assert_false (g_str_is_ascii (info->name));
          for (CoList list = 0; list < CO_N_PLAN_LISTS; list++)
            counts[l][n_templates][list] = count_items (f, group, list);
          n_templates++;
        }
      g_assert_cmpuint (n_templates, ==, 4);
    }
  for (guint t = 0; t < n_templates; t++)
    for (CoList list = 0; list < CO_N_PLAN_LISTS; list++)
      g_assert_cmpuint (counts[0][t][list], ==, counts[1][t][list]);
  set_language ("en");
}

static void
test_template_only_fills_empty_plans (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) templates = co_template_list ();
  g_autoptr(JsonNode) root = co_template_load (templates->pdata[0], NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (co_plan_set (f->store, f->group, "mission", "Ours", NULL));
  g_assert_false (co_template_apply (f->store, f->group, root, &error));
  g_assert_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_PLAN_NOT_EMPTY);
}

/* Broken templates: a message with the JSON path where it applies, and nothing written. */
static void
test_bad_templates (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) deep = g_string_new ("{\"format\": \"community-ops-plan-template\", \"version\": 1, \"x\": ");
  struct { const char *json; const char *expected; } cases[] = {
    { "", "not a plan template" },
    { "{\"format\": \"community-ops-plan-template\", \"version\": 1, \"plan\": {", "not a plan template" },
    { "[1, 2, 3]", "$.format" },
    { "{\"format\": \"something-else\", \"version\": 1}", "$.format" },
    { "{\"format\": \"community-ops-plan-template\", \"version\": 9}", "version" },
    { "{\"format\": \"community-ops-plan-template\", \"version\": 1, \"plan\": {\"mision\": \"typo\"}}",
      "$.plan.mision" },
    { "{\"format\": \"community-ops-plan-template\", \"version\": 1, \"plan\": {\"admission_fee\": \"-3\"}}",
      "$.plan.admission_fee" },
    { "{\"format\": \"community-ops-plan-template\", \"version\": 1, \"plan\": {\"mission\": \"ok\"},"
      " \"lists\": {\"goals\": [{\"target\": 10}, {\"target\": [1]}]}}", "$.lists.goals[1].target" },
    { "{\"format\": \"community-ops-plan-template\", \"version\": 1, \"lists\": {\"goals\": [{\"baseline_date\":"
      " \"2026-05-01\", \"deadline\": \"2026-04-01\"}]}}", "$.lists.goals[0].deadline" },
    { "{\"format\": \"community-ops-plan-template\", \"version\": 1, \"stage_rules\": {\"teenage\": {}}}",
      "$.stage_rules.teenage" },
    { "{\"format\": \"community-ops-plan-template\", \"version\": 1, \"selections\": {\"admission\": [\"x\"]}}",
      "$.selections.admission[0]" },
    { "{\"format\": \"community-ops-plan-template\", \"version\": 1, \"plan\": {\"target_size\": 1e400}}",
      "$.plan.target_size" },
    { "\xff\xfe{}", "UTF-8" },
    { "{\"format\": {}, \"version\": 1}", "$.format" },
    { "{\"format\": \"community-ops-plan-template\", \"version\": [1]}", "version" },
  };

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');

  for (guint i = 0; i <= G_N_ELEMENTS (cases); i++)
    {
      const char *json = i < G_N_ELEMENTS (cases) ? cases[i].json : deep->str;
      const char *expected = i < G_N_ELEMENTS (cases) ? cases[i].expected : "levels deep";
      g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = co_template_parse (bytes, "test.json", &error);

      if (root != NULL)
        g_assert_false (co_template_apply (f->store, f->group, root, &error));
      g_assert_nonnull (error);
      g_test_message ("case %u: %s", i, error->message);
      g_assert_nonnull (strstr (error->message, expected));
      g_assert_true (co_plan_is_empty (f->store, f->group));
    }
}

static void
on_changed (CoStore    *store,
            const char *table,
            gint64      group_id,
            gboolean   *groups_changed)
{
  *groups_changed |= g_str_equal (table, "groups");
}

static CoTemplateInfo *
builtin_template (GPtrArray  *templates,
                  const char *id)
{
  for (guint i = 0; i < templates->len; i++)
    {
      CoTemplateInfo *info = templates->pdata[i];
      if (info->resource != NULL && strstr (info->resource, id) != NULL)
        return info;
    }
  g_assert_not_reached ();
}

/* A template says what kind of group its plan is for: applying it sets the group's platform and
 * stage where none was chosen (the sidebar's "No platform or stage set" goes, told by ::changed),
 * and keeps what was. */
static void
test_template_sets_group (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) templates = co_template_list ();
  g_autoptr(JsonNode) paid = co_template_load (builtin_template (templates, "paid-knowledge"), NULL);
  g_autoptr(CoGroup) before = co_group_get (f->store, f->group, NULL);
  g_autoptr(CoGroup) after = NULL;
  g_autoptr(CoGroup) chosen = NULL;
  g_autofree char *summary = NULL;
  gboolean groups_changed = FALSE;
  gint64 qq = co_group_create (f->store, "On QQ", 0, NULL);
  gulong handler;

  g_assert_null (co_group_dup_summary (before));
  handler = g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), &groups_changed);
  g_assert_true (co_template_apply (f->store, f->group, paid, NULL));
  g_signal_handler_disconnect (f->store, handler);
  g_assert_true (groups_changed);
  after = co_group_get (f->store, f->group, NULL);
  g_assert_cmpstr (co_group_get_field (after, CO_GROUP_FIELD_PLATFORM), ==, "app");
  g_assert_cmpstr (co_group_get_field (after, CO_GROUP_FIELD_STAGE), ==, "startup");
  summary = co_group_dup_summary (after);
  g_assert_cmpstr (summary, ==, "App / knowledge circle · Startup");

  g_assert_true (co_group_set_field (f->store, qq, CO_GROUP_FIELD_PLATFORM, "qq", NULL));
  g_assert_true (co_group_set_field (f->store, qq, CO_GROUP_FIELD_STAGE, "mature", NULL));
  g_assert_true (co_template_apply (f->store, qq, paid, NULL));
  chosen = co_group_get (f->store, qq, NULL);
  g_assert_cmpstr (co_group_get_field (chosen, CO_GROUP_FIELD_PLATFORM), ==, "qq");
  g_assert_cmpstr (co_group_get_field (chosen, CO_GROUP_FIELD_STAGE), ==, "mature");
  g_assert_cmpstr (co_group_get_field (chosen, CO_GROUP_FIELD_THEME), ==, "paid");
}

/* A new group with its platform and its plan from a template, or another group's plan, in one
 * write; a name that cannot be, or a broken template, creates nothing. */
static void
test_create_group (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) templates = co_template_list ();
  g_autoptr(JsonNode) launch = co_template_load (builtin_template (templates, "launch-13-steps"), NULL);
  g_autoptr(JsonNode) copied = NULL;
  g_autoptr(JsonNode) broken = NULL;
  g_autoptr(GBytes) broken_bytes = NULL;
  g_autoptr(CoGroup) group = NULL;
  g_autoptr(CoGroup) copy = NULL;
  g_autoptr(GError) error = NULL;
  static const char broken_text[] =
    "{\"format\": \"community-ops-plan-template\", \"version\": 1, \"group\": {\"stage\": \"teenage\"}}";
  gint64 id, sub, count;

  id = co_template_create_group (f->store, " Launch ", 0, "wecom", launch, &error);
  g_assert_no_error (error);
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_name (group), ==, "Launch");
  /* The platform asked for wins over the template's; the template's stage fills the empty one. */
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_PLATFORM), ==, "wecom");
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_STAGE), ==, "startup");
  g_assert_false (co_plan_is_empty (f->store, id));

  /* Another group's plan, under a parent, with no platform chosen: the plan's group's comes along. */
  copied = co_template_from_plan (f->store, id, "", &error);
  g_assert_no_error (error);
  sub = co_template_create_group (f->store, "Launch 2", id, NULL, copied, &error);
  g_assert_no_error (error);
  copy = co_group_get (f->store, sub, NULL);
  g_assert_cmpint (co_group_get_parent_id (copy), ==, id);
  g_assert_cmpstr (co_group_get_field (copy, CO_GROUP_FIELD_PLATFORM), ==, "wecom");
  g_assert_false (co_plan_is_empty (f->store, sub));

  /* No template: a group without a plan yet. */
  g_clear_object (&group);
  id = co_template_create_group (f->store, "Plain", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  group = co_group_get (f->store, id, NULL);
  g_assert_null (co_group_dup_summary (group));

  count = co_group_count (f->store, NULL);
  g_assert_cmpint (co_template_create_group (f->store, "launch", 0, NULL, launch, &error), ==, 0);
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NAME_TAKEN);
  g_clear_error (&error);
  g_assert_false (co_group_check_name (f->store, "  ", 0, &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NAME_EMPTY);
  g_clear_error (&error);
  /* A group's own name is no clash with itself. */
  g_assert_false (co_group_check_name (f->store, "LAUNCH", 0, NULL));
  g_assert_true (co_group_check_name (f->store, "LAUNCH", co_group_get_parent_id (copy), NULL));
  broken_bytes = g_bytes_new_static (broken_text, strlen (broken_text));
  broken = co_template_parse (broken_bytes, "broken.json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (co_template_create_group (f->store, "Broken", 0, "qq", broken, &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "$.group.stage"));
  g_assert_cmpint (co_group_count (f->store, NULL), ==, count);
  g_assert_false (co_group_name_is_taken (f->store, "Broken", 0));
}

/* Save as template, list it, apply it elsewhere: the same plan again. And copying a plan. */
static void
test_save_and_copy (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) builtins = co_template_list ();
  g_autoptr(JsonNode) research = co_template_load (builtins->pdata[1], NULL);
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) copied = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  CoTemplateInfo *mine = NULL;
  gint64 second = co_group_create (f->store, "Second", 0, NULL);
  gint64 third = co_group_create (f->store, "Third", 0, NULL);
  gint64 activity;

  g_assert_true (co_template_apply (f->store, f->group, research, NULL));
  activity = first_id (f->store, CO_LIST_ACTIVITIES, f->group);
  co_list_set (f->store, CO_LIST_SPENDS, co_list_add (f->store, CO_LIST_SPENDS, activity, NULL), "amount", "88", NULL);

  saved = co_template_from_plan (f->store, f->group, "My plan/v1", &error);
  g_assert_no_error (error);
  path = co_template_save (saved, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path, "My plan-v1.json"));

  templates = co_template_list ();
  for (guint i = 0; i < templates->len; i++)
    if (g_strcmp0 (((CoTemplateInfo *) templates->pdata[i])->path, path) == 0)
      mine = templates->pdata[i];
  g_assert_nonnull (mine);
  g_assert_cmpstr (mine->name, ==, "My plan/v1");

  g_clear_pointer (&saved, json_node_unref);
  saved = co_template_load (mine, &error);
  g_assert_no_error (error);
  g_assert_true (co_template_apply (f->store, second, saved, &error));
  g_assert_no_error (error);
  again = co_template_from_plan (f->store, second, "My plan/v1", NULL);
  g_assert_true (json_node_equal (saved, again));
  g_assert_cmpint (co_activity_get_spent (f->store, first_id (f->store, CO_LIST_ACTIVITIES, second)), ==, 8800);

  g_assert_true (co_plan_copy (f->store, f->group, third, &error));
  g_assert_no_error (error);
  copied = co_template_from_plan (f->store, third, "My plan/v1", NULL);
  g_assert_true (json_node_equal (saved, copied));

  /* A saved file that does not parse is listed, and loading it says why. */
  {
    g_autofree char *dir = co_template_user_dir ();
    g_autofree char *broken = g_build_filename (dir, "Broken.json", NULL);
    g_autoptr(GPtrArray) listed = NULL;
    CoTemplateInfo *info = NULL;

    g_assert_true (g_file_set_contents (broken, "{ not json", -1, NULL));
    listed = co_template_list ();
    for (guint i = 0; i < listed->len; i++)
      if (g_strcmp0 (((CoTemplateInfo *) listed->pdata[i])->path, broken) == 0)
        info = listed->pdata[i];
    g_assert_nonnull (info);
    g_assert_cmpstr (info->name, ==, "Broken");
    g_clear_error (&error);
    g_assert_null (co_template_load (info, &error));
    g_assert_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, broken));
  }
}

/* ---- the plan check ----------------------------------------------------------------------- */

static gboolean
fires (Fixture    *f,
       const char *rule,
       const char *field)
{
  g_autoptr(GPtrArray) findings = co_plan_check (f->store, f->group, NULL);
  gboolean found = FALSE;

  g_assert_nonnull (findings);
  for (guint i = 0; i < findings->len; i++)
    {
      CoFinding *finding = findings->pdata[i];
      g_assert_nonnull (finding->message);
      if (i > 0)
        g_assert_cmpint (((CoFinding *) findings->pdata[i - 1])->severity, <=, finding->severity);
      if (g_str_equal (finding->rule, rule) && (field == NULL || g_strcmp0 (finding->field, field) == 0))
        found = TRUE;
    }
  return found;
}

static void
test_check_basics (Fixture *f, gconstpointer data)
{
  g_assert_true (fires (f, "no-mission", "plan:mission"));
  g_assert_true (fires (f, "no-positioning", "group:orientation"));
  g_assert_true (fires (f, "no-positioning", "group:category"));
  co_plan_set (f->store, f->group, "mission", "A mission", NULL);
  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_ORIENTATION, "knowledge", NULL);
  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_CATEGORY, "interest", NULL);
  g_assert_false (fires (f, "no-mission", NULL));
  g_assert_false (fires (f, "no-positioning", NULL));
}

static void
test_check_goals (Fixture *f, gconstpointer data)
{
  gint64 goal = co_list_add (f->store, CO_LIST_GOALS, f->group, NULL);
  g_autofree char *target = g_strdup_printf ("item:goals:%" G_GINT64_FORMAT ":target", goal);
  g_autofree char *unit = g_strdup_printf ("item:goals:%" G_GINT64_FORMAT ":unit", goal);
  g_autofree char *deadline = g_strdup_printf ("item:goals:%" G_GINT64_FORMAT ":deadline", goal);

  co_list_set (f->store, CO_LIST_GOALS, goal, "metric", "dau", NULL);
  g_assert_true (fires (f, "goal-incomplete", target));
  g_assert_true (fires (f, "goal-incomplete", unit));
  g_assert_true (fires (f, "goal-incomplete", deadline));
  co_list_set (f->store, CO_LIST_GOALS, goal, "target", "30", NULL);
  co_list_set (f->store, CO_LIST_GOALS, goal, "unit", "人", NULL);
  co_list_set (f->store, CO_LIST_GOALS, goal, "deadline", "2027-01-01", NULL);
  g_assert_false (fires (f, "goal-incomplete", NULL));
}

static void
test_check_rules (Fixture *f, gconstpointer data)
{
  g_autoptr(GListStore) types = NULL;
  g_autoptr(GListStore) stages = NULL;

  g_assert_false (fires (f, "no-welcome", NULL));  /* no group type yet: nothing to ask */
  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_GROUP_TYPE, "core-users", NULL);
  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_STAGE, "growing", NULL);
  co_plan_ensure (f->store, f->group, NULL);
  g_assert_true (fires (f, "no-welcome", "fixed:type_rules:core-users:welcome"));
  g_assert_true (fires (f, "no-stage-rules", "fixed:stage_rules:growing:rules"));

  types = co_list_items (f->store, CO_LIST_TYPE_RULES, f->group, NULL);
  stages = co_list_items (f->store, CO_LIST_STAGE_RULES, f->group, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (types)); i++)
    {
      g_autoptr(CoItem) row = g_list_model_get_item (G_LIST_MODEL (types), i);
      if (g_str_equal (co_item_get (row, "group_type"), "core-users"))
        co_list_set (f->store, CO_LIST_TYPE_RULES, co_item_get_id (row), "welcome", "欢迎！", NULL);
    }
  /* Rules for another stage do not count. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (stages)); i++)
    {
      g_autoptr(CoItem) row = g_list_model_get_item (G_LIST_MODEL (stages), i);
      if (g_str_equal (co_item_get (row, "stage"), "startup"))
        co_list_set (f->store, CO_LIST_STAGE_RULES, co_item_get_id (row), "rules", "No ads", NULL);
    }
  g_assert_false (fires (f, "no-welcome", NULL));
  g_assert_true (fires (f, "no-stage-rules", NULL));
  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_STAGE, "startup", NULL);
  g_assert_false (fires (f, "no-stage-rules", NULL));
}

static void
test_check_admission (Fixture *f, gconstpointer data)
{
  g_assert_false (fires (f, "paid-without-fee", NULL));
  co_plan_set_selected (f->store, f->group, CO_CHOICE_ADMISSION, "paid", TRUE, NULL);
  co_plan_set_selected (f->store, f->group, CO_CHOICE_ADMISSION, "purchase", TRUE, NULL);
  g_assert_true (fires (f, "paid-without-fee", "plan:admission_fee"));
  g_assert_true (fires (f, "purchase-without-minimum", "plan:min_purchase"));
  co_plan_set (f->store, f->group, "admission_fee", "199", NULL);
  co_plan_set (f->store, f->group, "min_purchase", "20", NULL);
  g_assert_false (fires (f, "paid-without-fee", NULL));
  g_assert_false (fires (f, "purchase-without-minimum", NULL));
}

static void
test_check_activities (Fixture *f, gconstpointer data)
{
  gint64 activity = co_list_add (f->store, CO_LIST_ACTIVITIES, f->group, NULL);
  gint64 spend = co_list_add (f->store, CO_LIST_SPENDS, activity, NULL);

  co_list_set (f->store, CO_LIST_ACTIVITIES, activity, "name", "Lottery", NULL);
  g_assert_true (fires (f, "activity-no-owner", NULL));
  g_assert_true (fires (f, "activity-no-budget", NULL));
  co_list_set (f->store, CO_LIST_ACTIVITIES, activity, "owner", "小李", NULL);
  co_list_set (f->store, CO_LIST_ACTIVITIES, activity, "budget", "300", NULL);
  co_list_set (f->store, CO_LIST_SPENDS, spend, "amount", "300", NULL);
  g_assert_false (fires (f, "activity-no-owner", NULL));
  g_assert_false (fires (f, "activity-no-budget", NULL));
  g_assert_false (fires (f, "over-budget", NULL));  /* spending all of it is fine */
  co_list_set (f->store, CO_LIST_SPENDS, co_list_add (f->store, CO_LIST_SPENDS, activity, NULL), "amount", "0.01", NULL);
  g_assert_true (fires (f, "over-budget", NULL));
}

static void
test_check_platform_limits (Fixture *f, gconstpointer data)
{
  co_plan_set (f->store, f->group, "target_size", "800", NULL);
  co_plan_set (f->store, f->group, "invite_batch", "200", NULL);
  co_plan_set_selected (f->store, f->group, CO_CHOICE_USER_SOURCE, "qr-code", TRUE, NULL);
  /* Limits of WeChat only. */
  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_PLATFORM, "telegram", NULL);
  g_assert_false (fires (f, "size-over-limit", NULL));
  g_assert_false (fires (f, "invite-limits", NULL));

  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_PLATFORM, "wechat", NULL);
  g_assert_true (fires (f, "size-over-limit", "plan:target_size"));
  g_assert_true (fires (f, "invite-limits", "plan:invite_batch"));
  g_assert_true (fires (f, "invite-limits", "selection:user-source"));
  g_assert_true (fires (f, "qr-code-expiry", NULL));

  co_plan_set (f->store, f->group, "target_size", "100", NULL);
  co_plan_set (f->store, f->group, "invite_batch", "100", NULL);
  co_plan_set_selected (f->store, f->group, CO_CHOICE_USER_SOURCE, "qr-code", FALSE, NULL);
  g_assert_false (fires (f, "size-over-limit", NULL));
  g_assert_false (fires (f, "invite-limits", NULL));
  g_assert_false (fires (f, "qr-code-expiry", NULL));
}

static gint64
add_content (Fixture    *f,
             const char *slot,
             const char *cadence,
             const char *weekday)
{
  gint64 id = co_list_add (f->store, CO_LIST_CONTENT, f->group, NULL);

  co_list_set (f->store, CO_LIST_CONTENT, id, "slot", slot, NULL);
  co_list_set (f->store, CO_LIST_CONTENT, id, "cadence", cadence, NULL);
  co_list_set (f->store, CO_LIST_CONTENT, id, "weekday", weekday, NULL);
  return id;
}

static void
test_check_calendar (Fixture *f, gconstpointer data)
{
  g_assert_true (fires (f, "calendar-empty-days", NULL));
  g_assert_true (fires (f, "few-reminders", NULL));

  add_content (f, "rules-reminder", "weekly", "tue");
  add_content (f, "news", "monthly", NULL);
  g_assert_true (fires (f, "few-reminders", NULL));  /* once a week */
  g_assert_true (fires (f, "calendar-empty-days", NULL));
  add_content (f, "rules-reminder", "weekly", "fri");
  g_assert_false (fires (f, "few-reminders", NULL));
  g_assert_true (fires (f, "calendar-empty-days", NULL));  /* five days still empty */
  add_content (f, "morning-report", "daily", NULL);
  g_assert_false (fires (f, "calendar-empty-days", NULL));
}

/* A plan from the research-platform template passes with nothing worse than warnings. */
static void
test_check_template_plan (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) templates = co_template_list ();
  g_autoptr(JsonNode) root = co_template_load (templates->pdata[1], NULL);
  g_autoptr(GPtrArray) findings = NULL;

  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_PLATFORM, "wechat", NULL);
  g_assert_true (co_template_apply (f->store, f->group, root, NULL));
  findings = co_plan_check (f->store, f->group, NULL);
  for (guint i = 0; i < findings->len; i++)
    {
      CoFinding *finding = findings->pdata[i];
      g_test_message ("%s: %s", finding->rule, finding->message);
      g_assert_cmpint (finding->severity, !=, CO_SEVERITY_ERROR);
    }
  g_assert_false (fires (f, "no-mission", NULL));
  g_assert_false (fires (f, "few-reminders", NULL));
  g_assert_false (fires (f, "calendar-empty-days", NULL));
}

/* The plan's version on paper is its last change: the latest of the group's, the plan's and its
 * lists' moments, another group's changes aside. */
static void
test_last_change (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 other = co_group_create (f->store, "Other", 0, &error);
  gint64 goal, others_goal;
  g_autofree char *before = NULL, *after_plan = NULL, *after_goal = NULL;

  g_assert_true (co_plan_ensure (f->store, f->group, &error));
  goal = co_list_add (f->store, CO_LIST_GOALS, f->group, &error);
  others_goal = co_list_add (f->store, CO_LIST_GOALS, other, &error);
  g_assert_true (co_store_exec (f->store, "UPDATE groups SET updated_at = '2020-01-01T00:00:00Z';"
                                          "UPDATE plans SET updated_at = '2020-01-01T00:00:00Z';"
                                          "UPDATE stage_rules SET updated_at = '2020-01-01T00:00:00Z';"
                                          "UPDATE type_rules SET updated_at = '2020-01-01T00:00:00Z';"
                                          "UPDATE goals SET updated_at = '2020-01-01T00:00:00Z'", &error));
  before = co_plan_dup_last_change (f->store, f->group, &error);
  g_assert_cmpstr (before, ==, "2020-01-01T00:00:00Z");
  g_assert_true (co_store_exec (f->store, "UPDATE plans SET updated_at = '2020-02-01T00:00:00Z'", &error));
  after_plan = co_plan_dup_last_change (f->store, f->group, &error);
  g_assert_cmpstr (after_plan, ==, "2020-02-01T00:00:00Z");
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, others_goal, "target", "10", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, goal, "target", "10", &error));
  after_goal = co_plan_dup_last_change (f->store, f->group, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after_goal, >, "2026-01-01");
  g_assert_null (co_plan_dup_last_change (f->store, 9999, &error));
}

int
main (int   argc,
      char *argv[])
{
  set_language ("en");
  test_bind_translations ();
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/plan/" path, Fixture, NULL, workspace_set_up, func, workspace_tear_down)
  ADD ("fields-round-trip", test_plan_fields_round_trip);
  ADD ("selections", test_selections);
  ADD ("lists-round-trip", test_lists_round_trip);
  ADD ("bad-values", test_bad_values);
  ADD ("spent", test_spent);
  g_test_add_func ("/plan/money-format", test_money_format);
  ADD ("numbers-ignore-locale", test_numbers_ignore_locale);
  ADD ("template/builtin", test_builtin_templates);
  ADD ("template/only-empty", test_template_only_fills_empty_plans);
  ADD ("template/bad", test_bad_templates);
  ADD ("template/save-and-copy", test_save_and_copy);
  ADD ("template/sets-group", test_template_sets_group);
  ADD ("template/create-group", test_create_group);
  ADD ("check/basics", test_check_basics);
  ADD ("check/goals", test_check_goals);
  ADD ("check/rules", test_check_rules);
  ADD ("check/admission", test_check_admission);
  ADD ("check/activities", test_check_activities);
  ADD ("check/platform-limits", test_check_platform_limits);
  ADD ("check/calendar", test_check_calendar);
  ADD ("check/template-plan", test_check_template_plan);
  ADD ("last-change", test_last_change);
#undef ADD

  return g_test_run ();
}
