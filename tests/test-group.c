/* test-group.c: groups: validation, every field, the matrix, order, archive, trash and undo;
 * dates as users type them; choice labels in Chinese; the sample workspace. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/sample/co-sample.h"
#include "test-util.h"

typedef struct
{
  CoStore *store;
  char    *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;

  f->store = test_open_temp_store (&path);
  f->dir = g_path_get_dirname (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
create (Fixture    *f,
        const char *name,
        gint64      parent_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = co_group_create (f->store, name, parent_id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The names in sidebar order, each prefixed by one '-' per level: "A,-A1,B". */
static char *
outline (Fixture *f)
{
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);

      if (i > 0)
        g_string_append_c (text, ',');
      for (guint d = 0; d < co_group_get_depth (group); d++)
        g_string_append_c (text, '-');
      g_string_append (text, co_group_get_name (group));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_create_trims_and_stamps (Fixture *f, gconstpointer data)
{
  gint64 id = create (f, "  文献交流群  ", 0);
  g_autoptr(CoGroup) group = co_group_get (f->store, id, NULL);

  g_assert_cmpstr (co_group_get_name (group), ==, "文献交流群");
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_SLOGAN), ==, "");
  g_assert_null (co_group_get_field (group, CO_GROUP_FIELD_PLATFORM));
  g_assert_true (g_uuid_string_is_valid (co_group_get_uuid (group)));
  g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (co_group_get_created_at (group), NULL);

  g_assert_nonnull (created);
  g_assert_cmpstr (co_group_get_created_at (group), ==, co_group_get_updated_at (group));
  g_assert_false (co_group_get_archived (group));
}

static void
test_bad_names_are_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_name = g_string_new (NULL);
  gint64 id = create (f, "Growth Circle", 0);

  g_assert_cmpint (co_group_create (f->store, "", 0, &error), ==, 0);
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NAME_EMPTY);
  g_clear_error (&error);

  g_assert_cmpint (co_group_create (f->store, " \t\n ", 0, &error), ==, 0);
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NAME_EMPTY);
  g_clear_error (&error);

  /* 201 characters of three bytes each: the limit counts characters, not bytes. */
  for (guint i = 0; i < CO_GROUP_NAME_MAX + 1; i++)
    g_string_append (long_name, "群");
  g_assert_cmpint (co_group_create (f->store, long_name->str, 0, &error), ==, 0);
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NAME_TOO_LONG);
  g_clear_error (&error);
  g_string_truncate (long_name, CO_GROUP_NAME_MAX * strlen ("群"));
  g_assert_cmpint (co_group_create (f->store, long_name->str, 0, &error), >, 0);
  g_assert_no_error (error);

  g_assert_cmpint (co_group_create (f->store, "growth circle", 0, &error), ==, 0);
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NAME_TAKEN);
  g_clear_error (&error);

  g_assert_cmpint (co_group_create (f->store, "bad \xff utf-8", 0, &error), ==, 0);
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_TEXT);
  g_clear_error (&error);

  /* Renaming: the same refusals, and the stored name stays. */
  g_assert_false (co_group_set_field (f->store, id, CO_GROUP_FIELD_NAME, "  ", &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NAME_EMPTY);
  g_clear_error (&error);
  /* A change of case of its own name is not a duplicate. */
  g_assert_true (co_group_set_field (f->store, id, CO_GROUP_FIELD_NAME, "GROWTH CIRCLE", &error));
  g_assert_no_error (error);

  g_assert_cmpint (co_group_count (f->store, NULL), ==, 2);
}

static void
test_every_field (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = create (f, "Fields", 0);
  g_autoptr(CoGroup) group = NULL;
  struct { CoGroupField field; const char *value; const char *stored; } cases[] = {
    { CO_GROUP_FIELD_NAME, "科研文献群", "科研文献群" },
    { CO_GROUP_FIELD_SLOGAN, " 让每位研究者都找到需要的文献 ", "让每位研究者都找到需要的文献" },
    { CO_GROUP_FIELD_CATEGORY, "mutual-aid", "mutual-aid" },
    { CO_GROUP_FIELD_ORIENTATION, "knowledge", "knowledge" },
    { CO_GROUP_FIELD_PLATFORM, "telegram", "telegram" },
    { CO_GROUP_FIELD_STAGE, "growing", "growing" },
    { CO_GROUP_FIELD_GROUP_TYPE, "core-users", "core-users" },
    { CO_GROUP_FIELD_LEVEL, "students", "students" },
    { CO_GROUP_FIELD_THEME, "paid", "paid" },
    { CO_GROUP_FIELD_FOUNDING_DATE, "2026年3月5日", "2026-03-05" },
    { CO_GROUP_FIELD_ACTIVE_FROM, "8:00", "08:00" },
    { CO_GROUP_FIELD_ACTIVE_UNTIL, "23:30", "23:30" },
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (cases) == CO_N_GROUP_FIELDS);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (co_group_set_field (f->store, id, cases[i].field, cases[i].value, &error));
      g_assert_no_error (error);
    }

  group = co_group_get (f->store, id, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (co_group_get_field (group, cases[i].field), ==, cases[i].stored);
  g_clear_object (&group);

  /* Unsetting a choice or the date stores NULL. */
  g_assert_true (co_group_set_field (f->store, id, CO_GROUP_FIELD_PLATFORM, "", NULL));
  g_assert_true (co_group_set_field (f->store, id, CO_GROUP_FIELD_FOUNDING_DATE, NULL, NULL));
  group = co_group_get (f->store, id, NULL);
  g_assert_null (co_group_get_field (group, CO_GROUP_FIELD_PLATFORM));
  g_assert_null (co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE));
}

static void
test_bad_values_change_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = create (f, "Values", 0);
  g_autoptr(CoGroup) before = NULL;
  g_autoptr(CoGroup) after = NULL;
  g_autoptr(GString) long_slogan = g_string_new (NULL);

  g_assert_true (co_group_set_field (f->store, id, CO_GROUP_FIELD_FOUNDING_DATE, "2025-01-31", NULL));
  g_assert_true (co_group_set_field (f->store, id, CO_GROUP_FIELD_PLATFORM, "qq", NULL));
  before = co_group_get (f->store, id, NULL);

  g_assert_false (co_group_set_field (f->store, id, CO_GROUP_FIELD_FOUNDING_DATE, "2025-02-30", &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_DATE);
  g_assert_nonnull (strstr (error->message, "2025-02-30"));
  g_clear_error (&error);

  g_assert_false (co_group_set_field (f->store, id, CO_GROUP_FIELD_FOUNDING_DATE, "next week", &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_DATE);
  g_clear_error (&error);

  g_assert_false (co_group_set_field (f->store, id, CO_GROUP_FIELD_PLATFORM, "WeChat", &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_CHOICE);
  g_clear_error (&error);

  for (guint i = 0; i < CO_GROUP_SLOGAN_MAX + 1; i++)
    g_string_append_c (long_slogan, 'x');
  g_assert_false (co_group_set_field (f->store, id, CO_GROUP_FIELD_SLOGAN, long_slogan->str, &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_TEXT_TOO_LONG);
  g_clear_error (&error);

  g_assert_false (co_group_set_field (f->store, 9999, CO_GROUP_FIELD_SLOGAN, "ghost", &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = co_group_get (f->store, id, NULL);
  for (guint field = 0; field < CO_N_GROUP_FIELDS; field++)
    g_assert_cmpstr (co_group_get_field (after, field), ==, co_group_get_field (before, field));
  g_assert_cmpstr (co_group_get_updated_at (after), ==, co_group_get_updated_at (before));
}

static void
test_matrix_and_order (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = create (f, "A", 0);
  gint64 b = create (f, "B", 0);
  gint64 a1 = create (f, "A1", a);
  gint64 a2 = create (f, "A2", a);
  gint64 a1x = create (f, "A1x", a1);
  g_autofree char *text = NULL;

  text = outline (f);
  g_assert_cmpstr (text, ==, "A,-A1,--A1x,-A2,B");
  g_clear_pointer (&text, g_free);

  g_assert_true (co_group_move (f->store, b, -1, &error));
  g_assert_true (co_group_move (f->store, a2, -1, &error));
  g_assert_no_error (error);
  text = outline (f);
  g_assert_cmpstr (text, ==, "B,A,-A2,-A1,--A1x");
  g_clear_pointer (&text, g_free);

  /* Moving past either end changes nothing. */
  g_assert_true (co_group_move (f->store, b, -1, &error));
  g_assert_true (co_group_move (f->store, a1, 1, &error));
  text = outline (f);
  g_assert_cmpstr (text, ==, "B,A,-A2,-A1,--A1x");
  g_clear_pointer (&text, g_free);

  /* A group cannot go under itself or its descendants. */
  g_assert_false (co_group_set_parent (f->store, a, a, &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_PARENT);
  g_clear_error (&error);
  g_assert_false (co_group_set_parent (f->store, a, a1x, &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_PARENT);
  g_clear_error (&error);
  g_assert_false (co_group_set_parent (f->store, a, 12345, &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_PARENT);
  g_clear_error (&error);

  g_assert_true (co_group_set_parent (f->store, a1, b, &error));
  g_assert_true (co_group_set_parent (f->store, a2, 0, &error));
  g_assert_no_error (error);
  text = outline (f);
  g_assert_cmpstr (text, ==, "B,-A1,--A1x,A,A2");
}

static void
test_archive (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = create (f, "Campaign", 0);
  g_autoptr(CoGroup) group = NULL;

  g_assert_true (co_group_set_archived (f->store, id, TRUE, &error));
  g_assert_no_error (error);
  group = co_group_get (f->store, id, NULL);
  g_assert_true (co_group_get_archived (group));
  g_clear_object (&group);

  g_assert_true (co_group_set_archived (f->store, id, FALSE, &error));
  group = co_group_get (f->store, id, NULL);
  g_assert_false (co_group_get_archived (group));
}

/* Delete and undo give back the group exactly as it was, children included. */
static void
test_trash_and_restore (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 parent = create (f, "Matrix", 0);
  gint64 id = create (f, "Deleted", parent);
  gint64 child = create (f, "Child", id);
  g_autoptr(CoGroup) before = NULL;
  g_autoptr(CoGroup) after = NULL;
  g_autofree char *text = NULL;

  g_assert_true (co_group_set_field (f->store, id, CO_GROUP_FIELD_SLOGAN, "Slogan", NULL));
  g_assert_true (co_group_set_field (f->store, id, CO_GROUP_FIELD_PLATFORM, "wecom", NULL));
  g_assert_true (co_group_set_field (f->store, id, CO_GROUP_FIELD_FOUNDING_DATE, "2026-01-02", NULL));
  g_assert_true (co_group_set_archived (f->store, id, TRUE, NULL));
  before = co_group_get (f->store, id, NULL);

  g_assert_true (co_group_trash (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_null (co_group_get (f->store, id, &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  text = outline (f);
  g_assert_cmpstr (text, ==, "Matrix,Child");  /* the orphan shows at the top level meanwhile */
  g_clear_pointer (&text, g_free);

  g_assert_true (co_group_restore (f->store, id, &error));
  g_assert_no_error (error);
  after = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_uuid (after), ==, co_group_get_uuid (before));
  for (guint field = 0; field < CO_N_GROUP_FIELDS; field++)
    g_assert_cmpstr (co_group_get_field (after, field), ==, co_group_get_field (before, field));
  g_assert_cmpint (co_group_get_parent_id (after), ==, parent);
  g_assert_cmpint (co_group_get_position (after), ==, co_group_get_position (before));
  g_assert_true (co_group_get_archived (after));
  g_assert_cmpstr (co_group_get_created_at (after), ==, co_group_get_created_at (before));
  text = outline (f);
  g_assert_cmpstr (text, ==, "Matrix,-Deleted,--Child");
  g_clear_pointer (&text, g_free);

  /* Purged for good: children move to the top level. */
  g_assert_true (co_group_trash (f->store, id, NULL));
  g_assert_true (co_group_purge_trash (f->store, 0, &error));
  g_assert_no_error (error);
  g_assert_false (co_group_restore (f->store, id, &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&after);
  after = co_group_get (f->store, child, NULL);
  g_assert_cmpint (co_group_get_parent_id (after), ==, 0);
}

static void
test_restore_renames_on_conflict (Fixture *f, gconstpointer data)
{
  gint64 id = create (f, "Same Name", 0);
  g_autoptr(CoGroup) restored = NULL;

  g_assert_true (co_group_trash (f->store, id, NULL));
  create (f, "Same Name", 0);
  g_assert_true (co_group_restore (f->store, id, NULL));
  restored = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_name (restored), ==, "Same Name 2");
}

/* While a parent is in the trash its children are top-level groups: they take subgroups and
 * move among the top-level groups; after the trash is emptied too. */
static void
test_trashed_parent (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = create (f, "A", 0);
  gint64 b = create (f, "B", 0);
  gint64 child = create (f, "Child", b);
  g_autofree char *text = NULL;

  create (f, "C", 0);
  g_assert_true (co_group_trash (f->store, b, NULL));
  g_assert_cmpint (co_group_create (f->store, "Grandchild", child, &error), >, 0);
  g_assert_no_error (error);
  text = outline (f);
  g_assert_cmpstr (text, ==, "A,Child,-Grandchild,C");  /* the orphan keeps its own position */
  g_clear_pointer (&text, g_free);

  g_assert_true (co_group_move (f->store, child, -1, &error));
  g_assert_no_error (error);
  text = outline (f);
  g_assert_cmpstr (text, ==, "Child,-Grandchild,A,C");
  g_clear_pointer (&text, g_free);

  /* Emptying the trash moves the child up for good; moves still step one group at a time. */
  g_assert_true (co_group_purge_trash (f->store, 0, NULL));
  g_assert_true (co_group_move (f->store, child, -1, NULL));
  g_assert_true (co_group_move (f->store, a, 1, NULL));
  text = outline (f);
  g_assert_cmpstr (text, ==, "Child,-Grandchild,C,A");
}

static void
test_unused_name (Fixture *f, gconstpointer data)
{
  g_autofree char *first = co_group_unused_name (f->store, "New Group");
  g_autofree char *third = NULL;

  g_assert_cmpstr (first, ==, "New Group");
  create (f, "New Group", 0);
  create (f, "New Group 2", 0);
  third = co_group_unused_name (f->store, "New Group");
  g_assert_cmpstr (third, ==, "New Group 3");
}

static void
test_sample (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) groups = NULL;
  guint n_archived = 0, n_children = 0;
  GHashTable *platforms = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (co_sample_create (f->store, &error));
  g_assert_no_error (error);
  groups = co_group_list (f->store, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (groups)), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);

      n_archived += co_group_get_archived (group);
      n_children += co_group_get_depth (group) > 0;
      g_hash_table_add (platforms, (gpointer) co_group_get_field (group, CO_GROUP_FIELD_PLATFORM));
      for (guint field = 0; field < CO_N_GROUP_FIELDS; field++)
        g_assert_nonnull (co_group_get_field (group, field));
    }
  g_assert_cmpuint (n_archived, ==, 1);
  g_assert_cmpuint (n_children, ==, 2);
  g_assert_cmpuint (g_hash_table_size (platforms), >=, 4);
  g_hash_table_unref (platforms);

  /* Only into an empty workspace. */
  g_assert_false (co_sample_create (f->store, &error));
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NOT_EMPTY);
  g_assert_cmpint (co_group_count (f->store, NULL), ==, 7);
}

/* A group read twice is equal to itself; any value changed, moved or archived makes it differ. */
static void
test_equal (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = create (f, "A", 0), b = create (f, "B", 0);
  g_autoptr(CoGroup) before = co_group_get (f->store, a, NULL);
  g_autoptr(CoGroup) again = co_group_get (f->store, a, NULL);
  g_autoptr(CoGroup) other = co_group_get (f->store, b, NULL);
  g_autoptr(CoGroup) edited = NULL, moved = NULL, archived = NULL;

  g_assert_true (before != again);
  g_assert_true (co_group_equal (before, again));
  g_assert_false (co_group_equal (before, other));

  g_assert_true (co_group_set_field (f->store, a, CO_GROUP_FIELD_SLOGAN, "一起读书", &error));
  g_assert_no_error (error);
  edited = co_group_get (f->store, a, NULL);
  g_assert_false (co_group_equal (before, edited));

  g_assert_true (co_group_set_parent (f->store, a, b, &error));
  g_assert_no_error (error);
  moved = co_group_get (f->store, a, NULL);
  g_assert_false (co_group_equal (edited, moved));

  g_assert_true (co_group_set_archived (f->store, a, TRUE, &error));
  g_assert_no_error (error);
  archived = co_group_get (f->store, a, NULL);
  g_assert_false (co_group_equal (moved, archived));
}

static void
test_date_parse (void)
{
  struct { const char *text; const char *iso; } cases[] = {
    { "2024-03-05", "2024-03-05" },
    { "2024/3/5", "2024-03-05" },
    { "2024.03.05", "2024-03-05" },
    { "2024年3月5日", "2024-03-05" },
    { "2024年12月31", "2024-12-31" },
    { " 2024-3-5 ", "2024-03-05" },
    { "2024-02-29", "2024-02-29" },
    { "2023-02-29", NULL },
    { "2024-13-01", NULL },
    { "2024-00-10", NULL },
    { "2024-01-32", NULL },
    { "24-1", NULL },
    { "2024-01-01x", NULL },
    { "20240-01-01", NULL },
    { "25/3/1", NULL },
    { "2024-003-01", NULL },
    { "", NULL },
    { "明天", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *iso = co_date_parse (cases[i].text);
      g_assert_cmpstr (iso, ==, cases[i].iso);
    }
  g_assert_null (co_date_parse (NULL));
}

/* A date shown as the locale writes one, the same day wherever the machine is. */
static void
test_date_display (void)
{
  g_autofree char *shown = NULL, *far_east = NULL;
  g_autofree char *tz = g_strdup (g_getenv ("TZ"));

  shown = co_date_format_display ("2024-03-05");
  g_assert_cmpstr (shown, ==, "03/05/24");  /* C.UTF-8's %x */
  g_setenv ("TZ", "Pacific/Kiritimati", TRUE);
  far_east = co_date_format_display ("2024-12-31");
  g_assert_cmpstr (far_east, ==, "12/31/24");
  if (tz != NULL)
    g_setenv ("TZ", tz, TRUE);
  else
    g_unsetenv ("TZ");
  g_assert_null (co_date_format_display ("2024-02-30"));
  g_assert_null (co_date_format_display (NULL));
}

/* The labels of stored keywords come out in Chinese at run time under zh_CN. */
static void
test_choice_labels_translated (void)
{
  const char *saved = setlocale (LC_ALL, NULL);
  g_autofree char *previous = g_strdup (saved);

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_fail_printf ("The zh_CN.UTF-8 locale is missing: run build-aux/install-deps");
      return;
    }
  g_assert_cmpstr (co_choice_label (CO_CHOICE_PLATFORM, "wechat"), ==, "微信群");
  g_assert_cmpstr (co_choice_label (CO_CHOICE_STAGE, "growing"), ==, "发展中");
  g_assert_cmpstr (co_choice_kind_title (CO_CHOICE_CATEGORY), ==, "分类导向");
  setlocale (LC_ALL, previous);
  g_assert_cmpstr (co_choice_label (CO_CHOICE_PLATFORM, "wechat"), ==, "WeChat group");
  g_assert_null (co_choice_label (CO_CHOICE_PLATFORM, "myspace"));
  g_assert_null (co_choice_label (CO_CHOICE_PLATFORM, NULL));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  test_bind_translations ();
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/group/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("create", test_create_trims_and_stamps);
  ADD ("bad-names", test_bad_names_are_refused);
  ADD ("every-field", test_every_field);
  ADD ("bad-values", test_bad_values_change_nothing);
  ADD ("matrix-and-order", test_matrix_and_order);
  ADD ("archive", test_archive);
  ADD ("trash-and-restore", test_trash_and_restore);
  ADD ("restore-renames", test_restore_renames_on_conflict);
  ADD ("trashed-parent", test_trashed_parent);
  ADD ("unused-name", test_unused_name);
  ADD ("sample", test_sample);
  ADD ("equal", test_equal);
#undef ADD
  g_test_add_func ("/date/parse", test_date_parse);
  g_test_add_func ("/date/display", test_date_display);
  g_test_add_func ("/choices/translated", test_choice_labels_translated);

  return g_test_run ();
}
