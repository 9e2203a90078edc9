/* test-segment.c: tags and tag groups, tags set on a selection, segments: each criterion of the
 * filter, its JSON read defensively, a broken segment, the count (also in a worker), @-mentions,
 * and tags and segments carried by the JSON exchange. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "core/exchange/co-exchange.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-list.h"
#include "core/members/co-segment.h"
#include "core/members/co-tag.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

#define TODAY "2026-06-30"

/* A person in the fixture's group with the given membership columns (SQL assignments). */
static gint64
add_member (Fixture    *f,
            const char *nickname,
            const char *assignments)
{
  g_autoptr(GError) error = NULL;
  gint64 id = co_member_add (f->store, f->group, nickname, &error);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  if (assignments != NULL)
    {
      sql = g_strdup_printf ("UPDATE memberships SET %s WHERE id = %" G_GINT64_FORMAT, assignments, id);
      test_sql_exec (f->store, sql);
    }
  return id;
}

static gint64
add_tag (Fixture    *f,
         gint64      tag_group,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = co_tag_add (f->store, tag_group, name, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
set_tag (Fixture *f,
         gint64   membership,
         gint64   tag,
         gboolean on)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (co_members_set_tag (f->store, &membership, 1, tag, on, &error), >=, 0);
  g_assert_no_error (error);
}

static char *
tag_uuid (Fixture *f,
          gint64   tag)
{
  g_autoptr(CoTag) row = co_tag_get (f->store, tag, NULL);

  g_assert_nonnull (row);
  return g_strdup (row->uuid);
}

/* The nicknames @filter matches in the fixture's group, in the list's order, joined by ",". */
static char *
matching (Fixture               *f,
          const CoSegmentFilter *filter)
{
  CoMemberQuery query = { .group_id = f->group, .show = CO_MEMBER_SHOW_ALL, .segment = filter, .today = TODAY };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = co_member_query_ids (f->store, &query, &error);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CoMember) member = co_member_get_by_id (f->store, g_array_index (ids, gint64, i), NULL);
      g_string_append_printf (names, "%s%s", i > 0 ? "," : "", co_member_get (member, CO_MEMBER_NICKNAME));
    }
  /* The count counts what the list lists. */
  g_assert_cmpint (co_segment_count (f->store, f->group, filter, TODAY, &error), ==, ids->len);
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_tags (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 region = co_tag_group_add (f->store, "地区", &error);
  gint64 interest, shenzhen, photo, other_group, a, b, in_other;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  interest = co_tag_group_add (f->store, "兴趣", &error);
  g_assert_no_error (error);

  /* Names: trimmed, not empty, unique in any case within their group. */
  g_assert_cmpint (co_tag_group_add (f->store, "  地区 ", &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (co_tag_group_add (f->store, "   ", &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  shenzhen = add_tag (f, region, " 深圳 ");
  photo = add_tag (f, interest, "Photo");
  g_assert_cmpint (co_tag_add (f->store, interest, "PHOTO", &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE);
  g_clear_error (&error);
  /* The same name in another group is another tag. */
  other_group = add_tag (f, interest, "深圳");

  groups = co_tag_groups_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 2);
  g_assert_cmpstr (((CoTagGroup *) groups->pdata[0])->name, ==, "地区");
  g_assert_cmpuint (((CoTagGroup *) groups->pdata[0])->tags->len, ==, 1);
  g_assert_cmpstr (((CoTag *) ((CoTagGroup *) groups->pdata[0])->tags->pdata[0])->name, ==, "深圳");
  g_assert_cmpuint (((CoTagGroup *) groups->pdata[1])->tags->len, ==, 2);

  /* Finding one by name: with its group when the bare name is two tags'. */
  g_assert_cmpint (co_tag_find (f->store, "photo", &error), ==, photo);
  g_assert_no_error (error);
  g_assert_cmpint (co_tag_find (f->store, "地区/深圳", &error), ==, shenzhen);
  g_assert_no_error (error);
  g_assert_cmpint (co_tag_find (f->store, "深圳", &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_cmpint (co_tag_find (f->store, "广州", &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Set on a selection; the tag is the person's, so it shows in their other group too. */
  a = add_member (f, "张三", NULL);
  b = add_member (f, "李四", NULL);
  {
    gint64 other = co_group_create (f->store, "Other", 0, NULL);
    gint64 ids[] = { a, b };

    test_sql_exec (f->store, "INSERT INTO memberships (member_id, group_id, created_at, updated_at)"
                             " SELECT member_id, (SELECT max (id) FROM groups), 'x', 'x' FROM memberships WHERE id = 1");
    in_other = test_sql_count (f->store, "SELECT max (id) FROM memberships");
    g_assert_cmpint (other, >, 0);
    g_assert_cmpint (co_members_set_tag (f->store, ids, 2, shenzhen, TRUE, &error), ==, 2);
    g_assert_no_error (error);
    /* Again: nobody changes. */
    g_assert_cmpint (co_members_set_tag (f->store, ids, 2, shenzhen, TRUE, &error), ==, 0);
  }
  set_tag (f, a, photo, TRUE);
  text = co_member_tags_text (f->store, in_other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "深圳, Photo");
  tags = co_member_tags (f->store, b, &error);
  g_assert_cmpuint (tags->len, ==, 1);

  /* For a selection: who has which tag, each person once. */
  {
    gint64 ids[] = { a, b, in_other };
    guint n_people = 0;
    g_autoptr(GHashTable) counts = co_members_tag_counts (f->store, ids, 3, &n_people, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (n_people, ==, 2);
    g_assert_cmpint (*(gint64 *) g_hash_table_lookup (counts, &shenzhen), ==, 2);
    g_assert_cmpint (*(gint64 *) g_hash_table_lookup (counts, &photo), ==, 1);
    g_assert_null (g_hash_table_lookup (counts, &other_group));
  }

  /* Taken off one person only. */
  set_tag (f, b, shenzhen, FALSE);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_tags"), ==, 2);

  /* Renamed: the same tag; merged: its people move. */
  g_assert_true (co_tag_rename (f->store, other_group, "深圳湾", &error));
  g_assert_no_error (error);
  g_assert_false (co_tag_rename (f->store, other_group, "photo", &error));
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE);
  g_clear_error (&error);
  set_tag (f, b, other_group, TRUE);
  g_assert_true (co_tag_merge (f->store, other_group, photo, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_tags WHERE tag_id = 2"), ==, 2);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM tags"), ==, 2);

  /* Exactly these tags (a New Member dialog's choice); a deleted tag's id is left out. */
  {
    gint64 chosen[] = { photo, 9999 };
    g_autoptr(GPtrArray) now = NULL;

    g_assert_true (co_member_set_tags (f->store, a, chosen, 2, &error));
    g_assert_no_error (error);
    now = co_member_tags (f->store, a, NULL);
    g_assert_cmpuint (now->len, ==, 1);
    g_assert_cmpint (((CoTag *) now->pdata[0])->id, ==, photo);
    g_assert_true (co_member_set_tags (f->store, a, chosen, 0, &error));
    g_clear_pointer (&now, g_ptr_array_unref);
    now = co_member_tags (f->store, a, NULL);
    g_assert_cmpuint (now->len, ==, 0);
    set_tag (f, a, shenzhen, TRUE);
  }

  /* Deleting a group takes its tags off everyone. */
  g_assert_true (co_tag_group_delete (f->store, interest, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_tags"), ==, 1);
  g_assert_true (co_tag_delete (f->store, shenzhen, &error));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_tags"), ==, 0);
}

static void
test_filter_json (void)
{
  g_autoptr(CoSegmentFilter) filter = co_segment_filter_new ();
  g_autoptr(CoSegmentFilter) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL, *again = NULL;
  static const struct { const char *json; const char *member; } bad[] = {
    { "not json", NULL },
    { "[1, 2]", NULL },
    { "{\"seed\": \"yes\"}", "seed" },
    { "{\"tags\": \"深圳\"}", "tags" },
    { "{\"tags\": [\"not-a-uuid\"]}", "tags" },
    { "{\"tier\": 3}", "tier" },
    { "{\"joined_from\": \"2026-02-30\"}", "joined_from" },
    { "{\"silent_days\": -1}", "silent_days" },
    { "{\"active_days\": 99999999999}", "active_days" },
    { "{\"min_points\": 1.5}", "min_points" },
  };

  g_assert_true (co_segment_filter_is_empty (filter));
  json = co_segment_filter_to_json (filter);
  back = co_segment_filter_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (co_segment_filter_is_empty (back));
  g_clear_pointer (&back, co_segment_filter_free);
  g_clear_pointer (&json, g_free);

  filter->tier = g_strdup ("0b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e");
  co_segment_filter_add_tag (filter, "1b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e");
  co_segment_filter_add_tag (filter, "2b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e");
  co_segment_filter_add_tag (filter, "1b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e");
  filter->seed = 0;
  filter->core = 1;
  filter->joined_from = g_strdup ("2026-01-01");
  filter->joined_to = g_strdup ("2026-03-31");
  filter->active_days = 7;
  filter->silent_days = 30;
  filter->min_points = 0;
  g_assert_false (co_segment_filter_is_empty (filter));
  json = co_segment_filter_to_json (filter);
  back = co_segment_filter_from_json (json, &error);
  g_assert_no_error (error);
  again = co_segment_filter_to_json (back);
  g_assert_cmpstr (json, ==, again);
  g_assert_cmpstr (back->tier, ==, filter->tier);
  g_assert_cmpuint (g_strv_length (back->tags), ==, 2);
  g_assert_cmpint (back->seed, ==, 0);
  g_assert_cmpint (back->core, ==, 1);
  g_assert_cmpstr (back->joined_to, ==, "2026-03-31");
  g_assert_cmpuint (back->active_days, ==, 7);
  g_assert_cmpuint (back->silent_days, ==, 30);
  g_assert_cmpint (back->min_points, ==, 0);
  g_clear_pointer (&back, co_segment_filter_free);

  /* A newer version's criterion is left alone; nulls are "any". */
  back = co_segment_filter_from_json ("{\"has_follow_up\": true, \"core\": true, \"seed\": null}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->core, ==, 1);
  g_assert_cmpint (back->seed, ==, -1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CoSegmentFilter) refused = co_segment_filter_from_json (bad[i].json, &error);

      g_assert_null (refused);
      g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
      if (bad[i].member != NULL)
        g_assert_nonnull (strstr (error->message, bad[i].member));
      g_clear_error (&error);
    }
  g_assert_null (co_segment_filter_from_json (NULL, &error));
  g_assert_nonnull (error);
}

static void
test_criteria (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CoSegmentFilter) filter = co_segment_filter_new ();
  g_autoptr(GError) error = NULL;
  gint64 region = co_tag_group_add (f->store, "地区", NULL);
  gint64 shenzhen = add_tag (f, region, "深圳"), beijing = add_tag (f, region, "北京");
  gint64 a, c, d;
  g_autofree char *sz = tag_uuid (f, shenzhen), *bj = tag_uuid (f, beijing), *core_tier = NULL;
  g_autofree char *names = NULL;

  core_tier = test_sql_rows (f->store, "SELECT uuid FROM tiers WHERE builtin = 'core'");
  a = add_member (f, "A", "seed = 1, core = 1, joined_date = '2026-01-10', last_active = '2026-06-29', points = 800,"
                          " tier_id = (SELECT id FROM tiers WHERE builtin = 'core')");
  add_member (f, "B", "seed = 1, joined_date = '2026-03-01', last_active = '2026-05-01', points = 100");
  c = add_member (f, "C", "core = 1, joined_date = '2026-04-15', points = 300");
  d = add_member (f, "D", "joined_date = '2026-06-01', last_active = '2026-06-30'");
  add_member (f, "E", "left_date = '2026-06-01', core = 1");  /* left: in no segment */
  set_tag (f, a, shenzhen, TRUE);
  set_tag (f, c, shenzhen, TRUE);
  set_tag (f, c, beijing, TRUE);
  set_tag (f, d, beijing, TRUE);

  names = matching (f, filter);
  g_assert_cmpstr (names, ==, "A,B,C,D");
  g_clear_pointer (&names, g_free);

#define EXPECT(text) \
  names = matching (f, filter); \
  g_assert_cmpstr (names, ==, text); \
  g_clear_pointer (&names, g_free); \
  g_clear_pointer (&filter, co_segment_filter_free); \
  filter = co_segment_filter_new ()

  filter->core = 1;
  EXPECT ("A,C");
  filter->core = 0;
  EXPECT ("B,D");
  filter->seed = 1;
  EXPECT ("A,B");
  filter->seed = 0;
  EXPECT ("C,D");
  filter->tier = g_strdup (core_tier);
  EXPECT ("A");
  co_segment_filter_add_tag (filter, sz);
  EXPECT ("A,C");
  /* Every tag named. */
  co_segment_filter_add_tag (filter, sz);
  co_segment_filter_add_tag (filter, bj);
  EXPECT ("C");
  filter->joined_from = g_strdup ("2026-03-01");
  EXPECT ("B,C,D");
  filter->joined_to = g_strdup ("2026-03-01");
  EXPECT ("A,B");
  filter->joined_from = g_strdup ("2026-02-01");
  filter->joined_to = g_strdup ("2026-04-30");
  EXPECT ("B,C");
  /* Active in the last 2 days: 06-29 and 06-30. */
  filter->active_days = 2;
  EXPECT ("A,D");
  filter->active_days = 1;
  EXPECT ("D");
  /* Quiet for 30 days: last active on 05-31 or before, or never. */
  filter->silent_days = 30;
  EXPECT ("B,C");
  filter->silent_days = 61;
  EXPECT ("C");
  filter->min_points = 300;
  EXPECT ("A,C");
  filter->min_points = 0;
  EXPECT ("A,B,C,D");
  /* The two saved lists of the issue. */
  filter->core = 1;
  co_segment_filter_add_tag (filter, sz);
  EXPECT ("A,C");
  filter->seed = 1;
  filter->silent_days = 30;
  EXPECT ("B");
#undef EXPECT

  /* "Save as Segment" from the page's filter: what it shows and its tier become criteria. */
  {
    gint64 tier_id = test_sql_count (f->store, "SELECT id FROM tiers WHERE builtin = 'core'");
    CoMemberQuery query = { .group_id = f->group, .show = CO_MEMBER_SHOW_SLIPPING, .slipping_days = 21,
                            .tier_id = tier_id, .search = "ignored" };
    g_autoptr(CoSegmentFilter) saved = co_segment_filter_from_query (f->store, &query);

    g_assert_cmpuint (saved->silent_days, ==, 21);
    g_assert_cmpstr (saved->tier, ==, core_tier);
    g_assert_cmpint (saved->seed, ==, -1);
    query.show = CO_MEMBER_SHOW_UNREPLIED;
    query.tier_id = 0;
    g_clear_pointer (&saved, co_segment_filter_free);
    saved = co_segment_filter_from_query (f->store, &query);
    g_assert_cmpint (saved->seed, ==, 1);
    g_assert_null (saved->tier);
  }

  /* Every group at once: a count of every group's members. */
  filter->core = 1;
  g_assert_cmpint (co_segment_count (f->store, 0, filter, TODAY, &error), ==, 2);
  g_assert_no_error (error);
}

static void
test_segments (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CoSegmentFilter) filter = co_segment_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(CoSegment) found = NULL;
  gint64 region = co_tag_group_add (f->store, "地区", NULL);
  gint64 shenzhen = add_tag (f, region, "深圳");
  g_autofree char *sz = tag_uuid (f, shenzhen);
  gint64 id, other;

  filter->core = 1;
  co_segment_filter_add_tag (filter, sz);
  id = co_segment_add (f->store, " 深圳的核心成员 ", filter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (co_segment_add (f->store, "深圳的核心成员", filter, &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (co_segment_add (f->store, "", filter, &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  other = co_segment_add (f->store, "Quiet", filter, &error);
  g_assert_no_error (error);

  found = co_segment_find (f->store, "quiet", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, other);
  g_assert_null (found->broken);
  g_clear_pointer (&found, co_segment_free);
  g_assert_null (co_segment_find (f->store, "Nobody", &error));
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“深圳的核心成员”"));
  g_clear_error (&error);

  g_assert_true (co_segment_rename (f->store, other, "30 天没说话的种子用户", &error));
  g_assert_no_error (error);
  g_assert_false (co_segment_rename (f->store, other, "深圳的核心成员", &error));
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE);
  g_clear_error (&error);
  filter->seed = 1;
  g_assert_true (co_segment_set_filter (f->store, other, filter, &error));
  found = co_segment_get (f->store, other, &error);
  g_assert_cmpstr (found->name, ==, "30 天没说话的种子用户");
  g_assert_cmpint (found->filter->seed, ==, 1);
  g_clear_pointer (&found, co_segment_free);

  /* Broken: a tag deleted, or a filter nobody can read; shown with why, matching nobody. */
  g_assert_true (co_tag_delete (f->store, shenzhen, &error));
  test_sql_exec (f->store, "UPDATE segments SET filter = '{\"core\": true' WHERE name LIKE '30 %'");
  test_sql_exec (f->store, "INSERT INTO segments (uuid, name, filter, created_at, updated_at)"
                           " VALUES ('3b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e', 'Garbled', '{\"seed\": \"x\"}', 'x', 'x')");
  segments = co_segments_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (segments->len, ==, 3);
  for (guint i = 0; i < segments->len; i++)
    {
      CoSegment *segment = segments->pdata[i];
      g_assert_nonnull (segment->broken);
    }
  /* In the order they were made (the one written by hand has no position). */
  g_assert_cmpstr (((CoSegment *) segments->pdata[0])->name, ==, "深圳的核心成员");
  g_assert_nonnull (strstr (((CoSegment *) segments->pdata[0])->broken, "tag"));
  g_assert_nonnull (((CoSegment *) segments->pdata[0])->filter);
  g_assert_cmpstr (((CoSegment *) segments->pdata[1])->name, ==, "Garbled");
  g_assert_nonnull (strstr (((CoSegment *) segments->pdata[1])->broken, "seed"));
  g_assert_null (((CoSegment *) segments->pdata[1])->filter);
  g_assert_null (((CoSegment *) segments->pdata[2])->filter);
  add_member (f, "A", "core = 1");
  g_assert_cmpint (co_segment_count (f->store, f->group, ((CoSegment *) segments->pdata[0])->filter, TODAY, NULL), ==, 0);

  g_assert_true (co_segment_delete (f->store, id, &error));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM segments"), ==, 2);
}

static void
counted (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GError) error = NULL;

  *(gint64 *) data = co_segment_count_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_count_async (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CoSegmentFilter) filter = co_segment_filter_new ();
  gint64 count = -2;

  add_member (f, "A", "seed = 1");
  add_member (f, "B", "seed = 1");
  add_member (f, "C", NULL);
  filter->seed = 1;
  co_segment_count_async (f->store, f->group, filter, NULL, counted, &count);
  while (count == -2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (count, ==, 2);
}

static void
test_mentions (Fixture       *f,
               gconstpointer  data)
{
  gint64 a = add_member (f, "张三", NULL), b = add_member (f, "李四", NULL);
  gint64 other = co_group_create (f->store, "Other", 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 a_elsewhere, ids[3];
  guint n = 0;

  test_sql_exec (f->store, "INSERT INTO memberships (member_id, group_id, created_at, updated_at)"
                           " SELECT member_id, (SELECT max (id) FROM groups), 'x', 'x' FROM memberships WHERE id = 1");
  a_elsewhere = test_sql_count (f->store, "SELECT max (id) FROM memberships");
  g_assert_cmpint (other, >, 0);
  /* The order given; the same person once. */
  ids[0] = b, ids[1] = a, ids[2] = a_elsewhere;
  text = co_members_mentions (f->store, ids, 3, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "@李四 @张三");
  g_assert_cmpuint (n, ==, 2);
  g_clear_pointer (&text, g_free);
  text = co_members_mentions (f->store, NULL, 0, &n, &error);
  g_assert_cmpstr (text, ==, "");
  g_assert_cmpuint (n, ==, 0);
}

/* Tags, people's tags and segments travel in the exchange file and come back as they were. */
static void
test_exchange (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CoSegmentFilter) filter = co_segment_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL, again = NULL;
  g_autoptr(CoExchange) exchange = NULL;
  g_autofree char *path = NULL, *dir = NULL, *tags = NULL;
  g_autoptr(CoStore) other = NULL;
  gint64 region = co_tag_group_add (f->store, "地区", NULL);
  gint64 shenzhen = add_tag (f, region, "深圳");
  gint64 a = add_member (f, "张三", "core = 1");
  g_autofree char *sz = tag_uuid (f, shenzhen);

  add_tag (f, co_tag_group_add (f->store, "兴趣", NULL), "摄影");
  set_tag (f, a, shenzhen, TRUE);
  filter->core = 1;
  co_segment_filter_add_tag (filter, sz);
  g_assert_cmpint (co_segment_add (f->store, "深圳的核心成员", filter, &error), >, 0);

  bytes = co_exchange_export (f->store, 0, &error);
  g_assert_no_error (error);
  exchange = co_exchange_read (bytes, &error);
  g_assert_no_error (error);
  /* Nothing of ours is unknown to the reader. (A group's "challenges" is warned about: not ours.) */
  for (guint i = 0; i < co_exchange_get_warnings (exchange)->len; i++)
    {
      const char *warning = co_exchange_get_warnings (exchange)->pdata[i];
      g_assert_null (strstr (warning, "tag"));
      g_assert_null (strstr (warning, "segment"));
    }

  other = test_open_temp_store (&path);
  dir = g_path_get_dirname (path);
  g_assert_true (co_exchange_import (exchange, other, CO_EXCHANGE_AS_NEW, NULL, &error));
  g_assert_no_error (error);
  tags = test_sql_rows (other, "SELECT g.name, t.name FROM tags t JOIN tag_groups g"
                               " ON g.id = t.tag_group_id ORDER BY g.position, t.position");
  g_assert_cmpstr (tags, ==, "地区|深圳, 兴趣|摄影");
  g_assert_cmpint (test_sql_count (other, "SELECT count (*) FROM member_tags mt JOIN members m ON m.id = mt.member_id"
                                          " JOIN tags t ON t.id = mt.tag_id WHERE m.nickname = '张三' AND t.name = '深圳'"),
                   ==, 1);
  {
    g_autoptr(CoSegment) segment = co_segment_find (other, "深圳的核心成员", &error);

    g_assert_no_error (error);
    /* The tag keeps its uuid, so the segment still finds it. */
    g_assert_null (segment->broken);
    g_assert_cmpint (co_segment_count (other, 0, segment->filter, TODAY, NULL), ==, 1);
  }
  /* The same file again: nothing doubles. */
  g_assert_true (co_exchange_import (exchange, other, CO_EXCHANGE_AS_NEW, NULL, &error));
  g_assert_cmpint (test_sql_count (other, "SELECT count (*) FROM tags"), ==, 2);
  g_assert_cmpint (test_sql_count (other, "SELECT count (*) FROM segments"), ==, 1);
  g_assert_cmpint (test_sql_count (other, "SELECT count (*) FROM tag_groups"), ==, 2);

  /* What comes back exports as it went. */
  again = co_exchange_export (other, 0, &error);
  g_assert_nonnull (strstr (g_bytes_get_data (again, NULL), "\"tag_groups\""));
  g_assert_nonnull (strstr (g_bytes_get_data (again, NULL), sz));

  g_clear_object (&other);
  test_remove_tree (dir);
}

/* A member's tag that the file does not hold is refused with its place. */
static void
test_exchange_bad (void)
{
  static const char document[] =
    "{\"format\": \"" CO_EXCHANGE_FORMAT "\", \"version\": 1, \"tag_groups\": [], \"tags\": [],"
    " \"members\": [{\"uuid\": \"0b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e\", \"nickname\": \"A\","
    " \"tags\": [\"1b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e\"]}], \"groups\": []}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (document, strlen (document));
  g_autoptr(GError) error = NULL;
  g_autoptr(CoExchange) exchange = co_exchange_read (bytes, &error);

  g_assert_null (exchange);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "$.members[0].tags[0]"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  test_bind_translations ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, workspace_set_up, func, workspace_tear_down)
  ADD ("/tag/groups-and-tags", test_tags);
  g_test_add_func ("/segment/filter-json", test_filter_json);
  ADD ("/segment/criteria", test_criteria);
  ADD ("/segment/segments", test_segments);
  ADD ("/segment/count-async", test_count_async);
  ADD ("/segment/mentions", test_mentions);
  ADD ("/segment/exchange", test_exchange);
  g_test_add_func ("/segment/exchange-bad", test_exchange_bad);
#undef ADD
  return g_test_run ();
}
