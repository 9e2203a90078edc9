/* test-member-search.c: the members search through the substring index (migration 18) finds
 * exactly what the scan of every row finds, in the same order, on random members written by
 * every path (the CSV import, one by one, edits, renames, removals), and the index stays in
 * step with the members. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "core/formats/co-names.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-import.h"
#include "core/members/co-member-list.h"
#include "core/members/co-member-search-index.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

static const char *const pieces[] = {
  "张", "王", "李", "赵", "欧阳", "敏", "伟", "娜娜", "芳", "北京", "深圳", "上海", "互联网", "教育", "產品", "产品",
  "Kevin", "AMY", "Zhang", "wei", "Li", "Élodie", "école", "-", " ", "【新人】", "(", ")", "😀", "\"", "'", "_", "0",
  "12", "345", "x", "Q", "ng",
};
static const char *const cities[] = { "北京", "深圳", "上海", "Paris", "HANGZHOU", "广州" };

static char *
random_name (GRand *rand)
{
  GString *name = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 1, 5);

  for (guint i = 0; i < n; i++)
    g_string_append (name, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  g_strstrip (name->str);
  if (name->str[0] == '\0' || name->str[0] == '"')
    g_string_prepend (name, "某");
  return g_string_free (name, FALSE);
}

static char *
random_contact (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0: return g_strdup_printf ("wx00%06u", g_rand_int_range (rand, 0, 1000000));
    case 1: return g_strdup_printf ("138%08u", g_rand_int_range (rand, 0, 100000000));
    case 2: return g_strdup_printf ("Kevin_%u@Example.COM", g_rand_int_range (rand, 0, 1000));
    default: return g_strdup ("");
    }
}

/* A CSV field: quoted, its quotes doubled. */
static void
append_field (GString    *csv,
              const char *value)
{
  g_autofree char *escaped = NULL;
  g_auto(GStrv) parts = g_strsplit (value, "\"", -1);

  escaped = g_strjoinv ("\"\"", parts);
  g_string_append_printf (csv, "\"%s\"", escaped);
}

static void
import_random (Fixture *f,
               gint64   group,
               GRand   *rand,
               guint    n)
{
  GString *csv = g_string_new ("nickname,real_name,contact,city,industry,source\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CoMemberImport) import = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *base = random_name (rand);
      g_autofree char *nickname = g_strdup_printf ("%s%u", base, i);
      g_autofree char *real_name = g_rand_boolean (rand) ? random_name (rand) : g_strdup ("");
      g_autofree char *contact = random_contact (rand);

      append_field (csv, nickname);
      g_string_append_c (csv, ',');
      append_field (csv, real_name);
      g_string_append_c (csv, ',');
      append_field (csv, contact);
      g_string_append_printf (csv, ",%s,%s,%s\n", cities[g_rand_int_range (rand, 0, G_N_ELEMENTS (cities))],
                              g_rand_boolean (rand) ? "互联网" : "Education", g_rand_boolean (rand) ? "海报" : "");
    }
  bytes = g_string_free_to_bytes (csv);
  import = co_member_import_read (f->store, group, CO_IMPORT_MEMBERS, bytes, &error);
  g_assert_no_error (error);
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
index_all (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  while (co_member_search_index_step (f->store, 100, &error))
    ;
  g_assert_no_error (error);
}

/* The index holds each member's texts as they are now, and nothing else. */
static void
assert_index_in_step (Fixture *f)
{
  index_all (f);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==,
                   test_sql_count (f->store, "SELECT count (*) FROM members_fts"));
  g_assert_cmpint (test_sql_count (f->store,
                                   "SELECT count (*) FROM members m JOIN members_fts i ON i.rowid = m.id"
                                   " WHERE i.text IS NOT coalesce (m.nickname, '') || char (1) || coalesce (m.real_name, '')"
                                   " || char (1) || coalesce (m.contact, '') || char (1) || coalesce (m.city, '')"
                                   " || char (1) || coalesce (m.industry, '') || char (1) || coalesce (m.source, '')"
                                   " || char (1) || coalesce (m.pinyin, '') || char (1, 1)"), ==, 0);
  test_sql_exec (f->store, "INSERT INTO members_fts (members_fts) VALUES ('integrity-check')");
}

/* Both ways give the same ids in the same order; returns how many. */
static guint
assert_same (Fixture             *f,
             const CoMemberQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) scan = co_member_query_ids_by (f->store, query, CO_MEMBER_SEARCH_SCAN, &error);
  g_autoptr(GArray) index = NULL;
  g_autoptr(GArray) chosen = NULL;

  g_assert_no_error (error);
  index = co_member_query_ids_by (f->store, query, CO_MEMBER_SEARCH_INDEX, &error);
  g_assert_no_error (error);
  chosen = co_member_query_ids (f->store, query, &error);
  g_assert_no_error (error);
  /* An empty array's data may be NULL, which memcmp () must not be given. */
  if (scan->len != index->len ||
      (scan->len > 0 && memcmp (scan->data, index->data, scan->len * sizeof (gint64)) != 0))
    g_error ("\"%s\" (group %" G_GINT64_FORMAT ", sort %d): the scan finds %u, the index %u",
             query->search, query->group_id, query->sort, scan->len, index->len);
  g_assert_cmpmem (scan->data, scan->len * sizeof (gint64), chosen->data, chosen->len * sizeof (gint64));
  return scan->len;
}

/* A needle from a member's text: a piece of it of 1 to 6 characters, in other capitals sometimes. */
static char *
random_needle (Fixture *f,
               GRand   *rand)
{
  static const char *const columns[] = { "nickname", "real_name", "contact", "city", "industry", "pinyin" };
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s, '') FROM members ORDER BY random () LIMIT 1",
                                          columns[g_rand_int_range (rand, 0, G_N_ELEMENTS (columns))]);
  g_autofree char *text = test_sql_rows (f->store, sql);
  glong length = g_utf8_strlen (text, -1);
  glong start, n;
  char *needle;

  if (length == 0)
    return g_strdup ("zm");
  start = g_rand_int_range (rand, 0, length);
  n = MIN (length - start, g_rand_int_range (rand, 1, 7));
  needle = g_strndup (g_utf8_offset_to_pointer (text, start),
                      g_utf8_offset_to_pointer (text, start + n) - g_utf8_offset_to_pointer (text, start));
  if (g_rand_int_range (rand, 0, 3) == 0)
    {
      char *upper = g_ascii_strup (needle, -1);
      g_free (needle);
      needle = upper;
    }
  return needle;
}

static void
compare_needles (Fixture            *f,
                 GRand              *rand,
                 const char * const *fixed,
                 guint               n_fixed,
                 guint              *found,
                 guint              *nonempty)
{
  gint64 second = test_sql_count (f->store, "SELECT id FROM groups WHERE name = 'Second'");

  for (guint i = 0; i < 200 + n_fixed; i++)
    {
      g_autofree char *needle = i < n_fixed ? g_strdup (fixed[i]) : random_needle (f, rand);
      CoMemberQuery query = {
        .group_id = g_rand_boolean (rand) ? 0 : (g_rand_boolean (rand) ? f->group : second),
        .search = needle,
        .show = g_rand_int_range (rand, 0, 4) == 0 ? CO_MEMBER_SHOW_LEFT : CO_MEMBER_SHOW_ALL,
        .sort = g_rand_int_range (rand, 0, 3) == 0 ? CO_MEMBER_CITY : CO_MEMBER_NICKNAME,
        .descending = g_rand_boolean (rand),
        .today = "2026-06-30",
      };
      guint n;

      /* "Left the group" is empty here: the query names a left date in every case. */
      if (query.show == CO_MEMBER_SHOW_LEFT)
        test_sql_exec (f->store, "UPDATE memberships SET left_date = '2026-06-01' WHERE id % 5 = 0");
      n = assert_same (f, &query);
      *found += n;
      *nonempty += n > 0;
      if (query.show == CO_MEMBER_SHOW_LEFT)
        test_sql_exec (f->store, "UPDATE memberships SET left_date = NULL");
    }
}

static void
test_search_same_both_ways (Fixture *f, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261206);
  g_autoptr(GError) error = NULL;
  gint64 second = co_group_create (f->store, "Second", 0, NULL);
  static const char *const fixed[] = {
    "zm", "zhaomin", "zhang wei", "ZHANGWEI", "oyNN", "ouyang'nana", "bjzw", "欧阳娜", "北京张", "wx00",
    "WX001", "example.com", "kevin_", "ÉLODIE", "élodie", "école", "😀", "\"", "'", "   ", "不存在的人", "產品",
    "产品", "zm|", "|zm", "ng ", "x)", "【新人", "0", "12345",
  };
  guint found = 0, nonempty = 0;

  import_random (f, f->group, rand, 600);
  import_random (f, second, rand, 300);
  /* One by one (the names trigger), edited, renamed, removed. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *base = random_name (rand);
      g_autofree char *name = g_strdup_printf ("%s单%u", base, i);
      g_autofree char *real_name = random_name (rand);
      gint64 id = co_member_add (f->store, i % 2 ? f->group : second, name, &error);

      g_assert_no_error (error);
      g_assert_true (co_member_set (f->store, id, CO_MEMBER_REAL_NAME, real_name, &error));
      g_assert_no_error (error);
      if (i % 3 == 0)
        {
          g_autofree char *other = random_name (rand);
          g_autofree char *renamed = g_strdup_printf ("%s改%u", other, i);
          g_assert_true (co_member_set (f->store, id, CO_MEMBER_NICKNAME, renamed, &error));
          g_assert_no_error (error);
        }
    }
  /* Some of them indexed, the rest read one by one; then all of them. */
  g_assert_true (co_member_search_index_step (f->store, 500, &error));
  g_assert_no_error (error);
  test_sql_exec (f->store, "UPDATE members SET city = 'Chengdu 成都' WHERE id % 7 = 0");
  test_sql_exec (f->store, "UPDATE members SET contact = NULL WHERE id % 11 = 0");
  test_sql_exec (f->store, "DELETE FROM memberships WHERE member_id % 13 = 0;"
                           "DELETE FROM members WHERE id % 13 = 0");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"
                                             " WHERE id > (SELECT indexed_to FROM members_fts_state)"), >, 300);
  compare_needles (f, rand, fixed, G_N_ELEMENTS (fixed), &found, &nonempty);
  assert_index_in_step (f);
  compare_needles (f, rand, fixed, G_N_ELEMENTS (fixed), &found, &nonempty);
  /* The last member removed, the next one added takes its id: the index, which held that id,
   * now stops before it, and the new member is found. */
  test_sql_exec (f->store, "DELETE FROM memberships WHERE member_id = (SELECT max (id) FROM members);"
                           "DELETE FROM members WHERE id = (SELECT max (id) FROM members)");
  g_assert_cmpint (test_sql_count (f->store, "SELECT indexed_to = (SELECT max (id) FROM members) FROM members_fts_state"),
                   ==, 1);
  g_assert_cmpint (co_member_add (f->store, f->group, "再来一次Again", &error), >, 0);
  g_assert_no_error (error);
  {
    CoMemberQuery query = { .search = "来一次again", .show = CO_MEMBER_SHOW_ALL };
    g_assert_cmpuint (assert_same (f, &query), ==, 1);
  }
  /* A member written back with its old id (a merge undone) is indexed at once. */
  test_sql_exec (f->store, "INSERT INTO members (id, uuid, nickname, created_at, updated_at)"
                           " VALUES (13, 'back-13', '回来了Back', '2026-01-01', '2026-01-01');"
                           "INSERT INTO memberships (group_id, member_id, created_at, updated_at)"
                           " SELECT id, 13, '2026-01-01', '2026-01-01' FROM groups WHERE name = 'Second'");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members_fts WHERE rowid = 13"), ==, 1);
  {
    CoMemberQuery query = { .search = "回来了back", .show = CO_MEMBER_SHOW_ALL };
    g_assert_cmpuint (assert_same (f, &query), ==, 1);
  }
  assert_index_in_step (f);
  /* The comparison compared something: most needles come from the members' own texts. */
  g_assert_cmpuint (nonempty, >, 300);
  g_assert_cmpuint (found, >, 1000);
}

/* A search the index narrows reads only a few rows: it is not the scan in disguise. */
static void
test_search_index_used (Fixture *f, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  gint64 id;
  CoMemberQuery query = { .search = "欧阳娜娜Rare", .show = CO_MEMBER_SHOW_ALL };
  g_autoptr(GArray) ids = NULL;

  import_random (f, f->group, rand, 300);
  id = co_member_add (f->store, f->group, "欧阳娜娜rare", &error);
  g_assert_no_error (error);
  index_all (f);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members_fts WHERE members_fts MATCH '\"rar\"'"),
                   ==, 1);
  /* Two characters, through the trigrams they begin: the ones the scan finds. */
  query.search = "Ra";
  g_assert_cmpuint (assert_same (f, &query), >=, 1);
  query.search = "欧阳娜娜Rare";
  ids = co_member_query_ids_by (f->store, &query, CO_MEMBER_SEARCH_INDEX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id);
  /* And "ouyangnana" by its pinyin, through the index. */
  query.search = "ouyangnana";
  g_clear_pointer (&ids, g_array_unref);
  ids = co_member_query_ids_by (f->store, &query, CO_MEMBER_SEARCH_INDEX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  test_bind_translations ();
  co_names_set_locale ("zh_CN");
  g_test_add ("/member-search/same-both-ways", Fixture, NULL, workspace_set_up, test_search_same_both_ways,
              workspace_tear_down);
  g_test_add ("/member-search/index-used", Fixture, NULL, workspace_set_up, test_search_index_used,
              workspace_tear_down);
  return g_test_run ();
}
