/* test-channel.c: channels (来源渠道) and the funnel. The channel list refuses two channels of
 * one name and a cost from two places; a membership's channel and referrer, and whom a member
 * referred; the CSV import's channel column (unknown names become channels); the JSON exchange
 * carries channels, their activity and each membership's channel; the funnel's stages counted on
 * hand-built members at their boundaries (day 7 and 8, day 29, 30, 60 and 61, a purchase before
 * joining, a member who left, a member in the trash, a channel in the trash), its costs to the
 * fen, its stages following later changes and filled in for an older database when it opens; and
 * the plan check's "far below the others" rule on both sides of its line. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "core/exchange/co-exchange.h"
#include "core/groups/co-group.h"
#include "core/members/co-channel.h"
#include "core/members/co-member-import.h"
#include "core/members/co-member.h"
#include "core/plan/co-plan-check.h"
#include "core/reports/co-funnel.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

static void
set (CoStore    *store,
     CoList      list,
     gint64      id,
     const char *key,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_list_set (store, list, id, key, value, &error));
  g_assert_no_error (error);
}

static gint64
add_channel (CoStore    *store,
             const char *name,
             const char *kind)
{
  g_autoptr(GError) error = NULL;
  gint64 id = co_list_add (store, CO_LIST_CHANNELS, 0, &error);

  g_assert_no_error (error);
  set (store, CO_LIST_CHANNELS, id, "name", name);
  set (store, CO_LIST_CHANNELS, id, "kind", kind);
  return id;
}

/* A member of @group who joined on @joined, in @channel (0: none). */
static gint64
add_member (CoStore    *store,
            gint64      group,
            const char *nickname,
            const char *joined,
            gint64      channel)
{
  g_autoptr(GError) error = NULL;
  gint64 id = co_member_add (store, group, nickname, &error);

  g_assert_no_error (error);
  g_assert_true (co_member_set (store, id, CO_MEMBER_JOINED, joined, &error));
  if (channel != 0)
    g_assert_true (co_membership_set_channel (store, id, channel, &error));
  g_assert_no_error (error);
  return id;
}

static void
act (CoStore    *store,
     gint64      membership,
     const char *date,
     const char *kind)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_member_log_activity (store, membership, date, kind, 1, &error));
  g_assert_no_error (error);
}

static gint64
person_of (CoStore *store,
           gint64   membership)
{
  g_autofree char *sql = g_strdup_printf ("SELECT member_id FROM memberships WHERE id = %" G_GINT64_FORMAT,
                                          membership);
  return test_sql_count (store, sql);
}

/* ---- the list ------------------------------------------------------------------------------ */

static void
test_channel_validation (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 qr = add_channel (f->store, "Spring QR", "qr-code");
  gint64 other = co_list_add (f->store, CO_LIST_CHANNELS, 0, &error);
  gint64 activity = co_list_add (f->store, CO_LIST_ACTIVITIES, f->group, &error);

  g_assert_no_error (error);
  /* One name, one channel: letter case and spaces around it aside. */
  g_assert_false (co_list_set (f->store, CO_LIST_CHANNELS, other, "name", "  spring qr ", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
  g_assert_nonnull (strstr (error->message, "spring qr"));
  g_clear_error (&error);
  g_assert_false (co_list_set (f->store, CO_LIST_CHANNELS, other, "kind", "billboard", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (co_list_set (f->store, CO_LIST_CHANNELS, other, "cost", "-3", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (co_list_set (f->store, CO_LIST_CHANNELS, other, "activity_id", "999", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The cost comes from one place. */
  set (f->store, CO_LIST_CHANNELS, qr, "cost", "120.50");
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, activity);
    g_assert_false (co_list_set (f->store, CO_LIST_CHANNELS, qr, "activity_id", id, &error));
    g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
    g_clear_error (&error);
    set (f->store, CO_LIST_CHANNELS, qr, "cost", "");
    set (f->store, CO_LIST_CHANNELS, qr, "activity_id", id);
  }

  /* Found by name; ensure adds only what is missing, of kind "other". */
  g_assert_cmpint (co_channel_find (f->store, "SPRING QR", &error), ==, qr);
  g_assert_cmpint (co_channel_find (f->store, "Autumn", &error), ==, 0);
  g_assert_cmpint (co_channel_ensure (f->store, " spring qr", &error), ==, qr);
  {
    gint64 autumn = co_channel_ensure (f->store, "Autumn", &error);
    g_autoptr(CoItem) item = co_list_get (f->store, CO_LIST_CHANNELS, autumn, &error);

    g_assert_no_error (error);
    g_assert_cmpint (autumn, >, qr);
    g_assert_cmpstr (co_item_get (item, "kind"), ==, "other");
  }

  /* A channel in the trash frees its name, and comes back with its undo. */
  g_assert_true (co_list_remove (f->store, CO_LIST_CHANNELS, qr, &error));
  g_assert_cmpint (co_channel_find (f->store, "Spring QR", &error), ==, 0);
  g_assert_true (co_list_restore (f->store, CO_LIST_CHANNELS, qr, &error));
  g_assert_no_error (error);
  g_assert_cmpint (co_channel_find (f->store, "Spring QR", &error), ==, qr);
}

static void
test_member_source (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 poster = add_channel (f->store, "Poster", "poster");
  gint64 other_group = co_group_create (f->store, "Other Group", 0, &error);
  gint64 zhang = add_member (f->store, f->group, "张三", "2026-01-01", poster);
  gint64 li = add_member (f->store, f->group, "李四", "2026-01-05", 0);
  gint64 wang = add_member (f->store, other_group, "王五", "2026-01-06", 0);
  g_autoptr(CoMemberSource) source = NULL;

  g_assert_true (co_membership_set_referrer (f->store, li, person_of (f->store, zhang), &error));
  g_assert_true (co_membership_set_referrer (f->store, wang, person_of (f->store, zhang), &error));
  g_assert_no_error (error);
  g_assert_false (co_membership_set_referrer (f->store, zhang, person_of (f->store, zhang), &error));
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  source = co_member_source_get (f->store, zhang, &error);
  g_assert_no_error (error);
  g_assert_cmpint (source->channel_id, ==, poster);
  g_assert_cmpstr (source->channel, ==, "Poster");
  g_assert_cmpstr (source->channel_kind, ==, "poster");
  g_assert_cmpint (source->referrer_id, ==, 0);
  g_assert_cmpuint (source->referred->len, ==, 2);
  g_assert_cmpstr (source->referred->pdata[0], ==, "李四");
  g_assert_cmpstr (source->referred->pdata[1], ==, "王五 (Other Group)");
  g_clear_pointer (&source, co_member_source_free);

  source = co_member_source_get (f->store, li, &error);
  g_assert_cmpint (source->channel_id, ==, 0);
  g_assert_null (source->channel);
  g_assert_cmpstr (source->referrer, ==, "张三");
  g_clear_pointer (&source, co_member_source_free);

  /* By name, as the command line gives it: an unknown name names the channels there are. */
  g_assert_false (co_membership_set_channel_named (f->store, li, "Posterr", &error));
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "“Posterr”"));
  g_assert_nonnull (strstr (error->message, "Poster."));
  g_clear_error (&error);
  g_assert_true (co_membership_set_channel_named (f->store, li, " poster ", &error));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships WHERE channel_id IS NOT NULL"), ==, 2);
  g_assert_true (co_membership_set_channel_named (f->store, li, "", &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships WHERE channel_id IS NOT NULL"), ==, 1);

  /* A channel in the trash is no channel for the member either. */
  g_assert_true (co_list_remove (f->store, CO_LIST_CHANNELS, poster, &error));
  source = co_member_source_get (f->store, zhang, &error);
  g_assert_cmpint (source->channel_id, ==, 0);
}

/* ---- the import ---------------------------------------------------------------------------- */

static void
test_import_channel_column (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *csv = "昵称,微信号,渠道\n"
                    "张三,zs,spring qr\n"
                    "李四,ls,秋季海报\n"
                    "王五,ww,\n"
                    "赵六,zl,秋季海报\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, strlen (csv));
  gint64 qr = add_channel (f->store, "Spring QR", "qr-code");
  g_autoptr(CoMemberImport) import = co_member_import_read (f->store, f->group, CO_IMPORT_MEMBERS, bytes, &error);
  g_auto(GStrv) ignored = NULL;
  g_autofree char *rows = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (co_member_import_get_mapping (import, 2), ==, CO_MEMBER_IMPORT_CHANNEL);
  g_assert_cmpstr (co_member_import_get_field_title (import, 2), ==, "Channel");
  ignored = co_member_import_dup_ignored (import);
  g_assert_cmpuint (g_strv_length (ignored), ==, 0);
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A name the list lacks became a channel, once. */
  rows = test_sql_rows (f->store, "SELECT m.nickname, coalesce (c.name, '-'), coalesce (c.kind, '-')"
                                  " FROM memberships s JOIN members m ON m.id = s.member_id"
                                  " LEFT JOIN channels c ON c.id = s.channel_id ORDER BY m.contact");
  g_assert_cmpstr (rows, ==, "李四|秋季海报|other, 王五|-|-, 赵六|秋季海报|other, 张三|Spring QR|qr-code");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM channels"), ==, 2);
  g_assert_cmpint (co_channel_find (f->store, "Spring QR", NULL), ==, qr);
}

/* ---- the exchange -------------------------------------------------------------------------- */

static void
test_exchange_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 activity = co_list_add (f->store, CO_LIST_ACTIVITIES, f->group, &error);
  gint64 live = add_channel (f->store, "Live", "livestream");
  gint64 poster = add_channel (f->store, "Poster", "poster");
  g_autofree char *activity_id = g_strdup_printf ("%" G_GINT64_FORMAT, activity);
  g_autoptr(GBytes) json = NULL;
  g_autoptr(CoExchange) exchange = NULL;
  g_autofree char *path = NULL, *dir = NULL;
  g_autoptr(CoStore) copy = NULL;
  g_autofree char *channels = NULL, *members = NULL;

  set (f->store, CO_LIST_ACTIVITIES, activity, "name", "Launch livestream");
  set (f->store, CO_LIST_CHANNELS, live, "activity_id", activity_id);
  set (f->store, CO_LIST_CHANNELS, poster, "cost", "88.80");
  set (f->store, CO_LIST_CHANNELS, poster, "notes", "A1 in the lobby");
  add_member (f->store, f->group, "张三", "2026-01-01", live);
  add_member (f->store, f->group, "李四", "2026-01-02", poster);
  add_member (f->store, f->group, "王五", "2026-01-03", 0);

  json = co_exchange_export (f->store, 0, &error);
  g_assert_no_error (error);
  exchange = co_exchange_read (json, &error);
  g_assert_no_error (error);
  if (co_exchange_get_warnings (exchange)->len > 0)
    g_error ("%s", (char *) co_exchange_get_warnings (exchange)->pdata[0]);
  copy = test_open_temp_store (&path);
  dir = g_path_get_dirname (path);
  g_assert_true (co_exchange_import (exchange, copy, CO_EXCHANGE_AS_NEW, NULL, &error));
  g_assert_no_error (error);

  channels = test_sql_rows (copy, "SELECT c.name, c.kind, coalesce (a.name, '-'), coalesce (c.cost, '-'),"
                                  " coalesce (c.notes, '-') FROM channels c"
                                  " LEFT JOIN activities a ON a.id = c.activity_id ORDER BY c.position");
  g_assert_cmpstr (channels, ==, "Live|livestream|Launch livestream|-|-, Poster|poster|-|8880|A1 in the lobby");
  members = test_sql_rows (copy, "SELECT m.nickname, coalesce (c.name, '-') FROM memberships s"
                                 " JOIN members m ON m.id = s.member_id LEFT JOIN channels c ON c.id = s.channel_id"
                                 " ORDER BY s.joined_date");
  g_assert_cmpstr (members, ==, "张三|Live, 李四|Poster, 王五|-");
  g_assert_true (co_exchange_holds_column ("channels", "activity_id"));
  g_assert_true (co_exchange_holds_column ("memberships", "channel_id"));

  g_clear_object (&copy);
  test_remove_tree (dir);
}

/* ---- the funnel ---------------------------------------------------------------------------- */

static CoFunnelRow *
row_named (GPtrArray  *rows,
           const char *name)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((CoFunnelRow *) rows->pdata[i])->name, name))
      return rows->pdata[i];
  g_assert_not_reached ();
}

static void
assert_row (CoFunnelRow *row,
            gint64       joined,
            gint64       activated,
            gint64       retained,
            gint64       converted,
            gint64       cost)
{
  g_assert_cmpint (row->joined, ==, joined);
  g_assert_cmpint (row->activated, ==, activated);
  g_assert_cmpint (row->retained, ==, retained);
  g_assert_cmpint (row->converted, ==, converted);
  g_assert_cmpint (row->cost, ==, cost);
}

static void
test_funnel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 qr = add_channel (f->store, "QR", "qr-code");
  gint64 poster = add_channel (f->store, "Poster", "poster");
  gint64 unused = add_channel (f->store, "Unused", "article");
  gint64 activity = co_list_add (f->store, CO_LIST_ACTIVITIES, f->group, &error);
  g_autofree char *activity_id = g_strdup_printf ("%" G_GINT64_FORMAT, activity);
  gint64 m1, m2, m3, m4, m6, m8;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CoTable) table = NULL;
  const char *spends[][2] = { { "2026-01-20", "50" }, { NULL, "30" }, { "2026-02-01", "20" } };

  set (f->store, CO_LIST_CHANNELS, qr, "cost", "100");
  set (f->store, CO_LIST_CHANNELS, unused, "cost", "7");
  set (f->store, CO_LIST_CHANNELS, poster, "activity_id", activity_id);
  for (guint i = 0; i < G_N_ELEMENTS (spends); i++)
    {
      gint64 spend = co_list_add (f->store, CO_LIST_SPENDS, activity, &error);
      if (spends[i][0] != NULL)
        set (f->store, CO_LIST_SPENDS, spend, "date", spends[i][0]);
      set (f->store, CO_LIST_SPENDS, spend, "amount", spends[i][1]);
    }

  /* Day 7 activates, day 30 retains. */
  m1 = add_member (f->store, f->group, "m1", "2026-01-01", qr);
  act (f->store, m1, "2026-01-08", "spoke");
  act (f->store, m1, "2026-01-31", "spoke");
  /* Day 8 is too late to activate; day 60 still retains. */
  m2 = add_member (f->store, f->group, "m2", "2026-01-01", qr);
  act (f->store, m2, "2026-01-09", "spoke");
  act (f->store, m2, "2026-03-02", "posted");
  /* Days 29 and 61 do not retain; a purchase converts. */
  m3 = add_member (f->store, f->group, "m3", "2026-01-01", qr);
  act (f->store, m3, "2026-01-30", "spoke");
  act (f->store, m3, "2026-03-03", "spoke");
  act (f->store, m3, "2026-01-20", "purchased");
  /* Active on the day they joined; a purchase before joining is not theirs to count; they
   * left, and count as joined all the same. */
  m4 = add_member (f->store, f->group, "m4", "2026-01-02", poster);
  act (f->store, m4, "2026-01-02", "attended");
  act (f->store, m4, "2025-12-31", "purchased");
  g_assert_true (co_member_set (f->store, m4, CO_MEMBER_LEFT, "2026-01-20", &error));
  /* Joined after the period. */
  add_member (f->store, f->group, "m5", "2026-02-01", qr);
  /* Referred, no channel: bought on the day they joined, which also activates. */
  m6 = add_member (f->store, f->group, "m6", "2026-01-10", 0);
  g_assert_true (co_membership_set_referrer (f->store, m6, person_of (f->store, m1), &error));
  act (f->store, m6, "2026-01-10", "purchased");
  /* Nothing recorded. */
  add_member (f->store, f->group, "m7", "2026-01-31", 0);
  /* In the trash. */
  m8 = add_member (f->store, f->group, "m8", "2026-01-05", qr);
  act (f->store, m8, "2026-01-05", "purchased");
  g_assert_true (co_members_remove (f->store, &m8, 1, &error));
  g_assert_no_error (error);

  rows = co_funnel_new (f->store, &f->group, 1, "2026-01-01", "2026-01-31", "2026-06-01", &error);
  g_assert_no_error (error);
  /* The channels with joins in their list's order, referrals, none, the total. */
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpstr (((CoFunnelRow *) rows->pdata[0])->name, ==, "QR");
  g_assert_cmpstr (((CoFunnelRow *) rows->pdata[1])->name, ==, "Poster");
  g_assert_cmpint (((CoFunnelRow *) rows->pdata[2])->kind, ==, CO_FUNNEL_ROW_REFERRAL);
  g_assert_cmpint (((CoFunnelRow *) rows->pdata[3])->kind, ==, CO_FUNNEL_ROW_NONE);
  g_assert_cmpint (((CoFunnelRow *) rows->pdata[4])->kind, ==, CO_FUNNEL_ROW_TOTAL);
  /* QR: its own ¥100. Poster: the activity's spends in the period (¥50) and undated (¥30). */
  assert_row (rows->pdata[0], 3, 1, 2, 1, 10000);
  assert_row (rows->pdata[1], 1, 1, 0, 0, 8000);
  assert_row (rows->pdata[2], 1, 1, 0, 1, -1);
  assert_row (rows->pdata[3], 1, 0, 0, 0, -1);
  assert_row (rows->pdata[4], 6, 3, 2, 2, 18000);
  g_assert_cmpint (((CoFunnelRow *) rows->pdata[4])->open, ==, 0);
  /* ¥100 / 3 = ¥33.33; per conversion ¥100; none converted through the poster. */
  g_assert_cmpint (co_funnel_cost_per (rows->pdata[0], 3), ==, 3333);
  g_assert_cmpint (co_funnel_cost_per (rows->pdata[0], 1), ==, 10000);
  g_assert_cmpint (co_funnel_cost_per (rows->pdata[1], 0), ==, -1);
  g_assert_cmpint (co_funnel_cost_per (rows->pdata[2], 1), ==, -1);
  g_assert_true (isnan (co_funnel_rate (0, 0)));

  table = co_funnel_table (rows);
  g_assert_cmpuint (co_table_get_n_rows (table), ==, 6);
  {
    const char *expected[][CO_FUNNEL_TABLE_COLUMNS] = {
      { "QR", "3", "1", "33.3%", "2", "66.7%", "1", "33.3%", "100.00", "33.33", "100.00" },
      { "Poster", "1", "1", "100.0%", "0", "0.0%", "0", "0.0%", "80.00", "80.00", "—" },
      { "Referred by a Member", "1", "1", "100.0%", "0", "0.0%", "1", "100.0%", "—", "—", "—" },
      { "All Channels", "6", "3", "50.0%", "2", "33.3%", "2", "33.3%", "180.00", "30.00", "90.00" },
    };
    guint table_rows[] = { 1, 2, 3, 5 };
    for (guint r = 0; r < G_N_ELEMENTS (table_rows); r++)
      for (guint c = 0; c < CO_FUNNEL_TABLE_COLUMNS; c++)
        g_assert_cmpstr (co_table_get (table, table_rows[r], c), ==, expected[r][c]);
  }
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* On 2 March the first of January's joiners have had their 60 days; later ones have not. */
  rows = co_funnel_new (f->store, &f->group, 1, "2026-01-01", "2026-01-31", "2026-03-02", &error);
  g_assert_cmpint (row_named (rows, "QR")->open, ==, 0);
  g_assert_cmpint (row_named (rows, "All Channels")->open, ==, 3);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* The stages follow later changes: m2 joining a day later makes day 8 its day 7 (day 60 its
   * 59th, still retained); m3's purchase taken back leaves it unconverted. */
  g_assert_true (co_member_set (f->store, m2, CO_MEMBER_JOINED, "2026-01-02", &error));
  {
    g_autofree char *sql = g_strdup_printf ("DELETE FROM member_activity WHERE kind = 'purchased'"
                                            " AND membership_id = %" G_GINT64_FORMAT, m3);
    test_sql_exec (f->store, sql);
  }
  rows = co_funnel_new (f->store, &f->group, 1, "2026-01-01", "2026-01-31", "2026-06-01", &error);
  assert_row (row_named (rows, "QR"), 3, 2, 2, 0, 10000);
  g_clear_pointer (&rows, g_ptr_array_unref);
  /* m1's day-30 activity removed: no longer retained. */
  {
    g_autofree char *sql = g_strdup_printf ("DELETE FROM member_activity WHERE date = '2026-01-31'"
                                            " AND membership_id = %" G_GINT64_FORMAT, m1);
    test_sql_exec (f->store, sql);
  }
  rows = co_funnel_new (f->store, &f->group, 1, "2026-01-01", "2026-01-31", "2026-06-01", &error);
  assert_row (row_named (rows, "QR"), 3, 2, 1, 0, 10000);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A channel in the trash: its members count as without one. */
  g_assert_true (co_list_remove (f->store, CO_LIST_CHANNELS, poster, &error));
  rows = co_funnel_new (f->store, &f->group, 1, "2026-01-01", "2026-01-31", "2026-06-01", &error);
  g_assert_cmpuint (rows->len, ==, 4);
  assert_row (row_named (rows, "No Channel Recorded"), 2, 1, 0, 0, -1);
  assert_row (row_named (rows, "All Channels"), 6, 4, 1, 1, 10000);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A group's founding day bounds its joins, as it bounds the rest of its report: of the first
   * and second of January, those of the second count (m2 and m4), and two later. */
  g_assert_true (co_group_set_field (f->store, f->group, CO_GROUP_FIELD_FOUNDING_DATE, "2026-01-02", &error));
  g_assert_no_error (error);
  rows = co_funnel_new (f->store, &f->group, 1, "2026-01-01", "2026-01-31", "2026-06-01", &error);
  g_assert_cmpint (row_named (rows, "All Channels")->joined, ==, 4);
}

/* A database of before channels: the stages of the members it has are worked out when it opens. */
static void
test_migration_fills_stages (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(CoStore) store = NULL;
  g_autofree char *stages = NULL;
  sqlite3 *db;

  /* Version 13 is the last without channels (co-store.c, migration 13 → 14). */
  g_assert_true (co_store_create_at_version (path, 13, &error));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "INSERT INTO groups (id, uuid, name, created_at, updated_at) VALUES (1, 'g', 'G', 'x', 'x');"
    "INSERT INTO members (id, uuid, nickname, created_at, updated_at) VALUES (1, 'a', 'a', 'x', 'x'), (2, 'b', 'b', 'x', 'x');"
    "INSERT INTO memberships (id, member_id, group_id, joined_date, created_at, updated_at)"
    "  VALUES (1, 1, 1, '2026-01-01', 'x', 'x'), (2, 2, 1, '2026-01-01', 'x', 'x');"
    "INSERT INTO member_activity (membership_id, group_id, date, kind) VALUES"
    "  (1, 1, '2026-01-08', 'spoke'), (1, 1, '2026-03-02', 'purchased'),"
    "  (2, 1, '2026-01-09', 'spoke'), (2, 1, '2026-01-31', 'spoke'), (2, 1, '2025-12-30', 'purchased');",
    NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = co_store_open (path, &error);
  g_assert_no_error (error);
  stages = test_sql_rows (store, "SELECT id, activated, retained, converted FROM memberships ORDER BY id");
  g_assert_cmpstr (stages, ==, "1|1|1|1, 2|0|1|0");
  g_clear_object (&store);
  test_remove_tree (dir);
}

/* ---- the plan check ------------------------------------------------------------------------ */

static gboolean
has_finding (GPtrArray  *findings,
             const char *rule,
             const char *word)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CoFinding *finding = findings->pdata[i];
      if (g_str_equal (finding->rule, rule) && strstr (finding->message, word) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* @n members of @channel joined on 1 January 2026, @converted of them buying. */
static void
add_joiners (Fixture    *f,
             gint64      channel,
             const char *prefix,
             guint       n,
             guint       converted)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *nickname = g_strdup_printf ("%s%u", prefix, i);
      gint64 id = add_member (f->store, f->group, nickname, "2026-01-01", channel);
      if (i < converted)
        act (f->store, id, "2026-01-03", "purchased");
    }
}

static void
test_plan_check_low_conversion (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 good = add_channel (f->store, "Livestream", "livestream");
  gint64 poor = add_channel (f->store, "Poster", "poster");
  gint64 tiny = add_channel (f->store, "Tiny", "article");
  g_autoptr(GPtrArray) findings = NULL;

  /* The other channels convert 10 of 59 (16.9 %, the tiny one's joiners among them); the poster
   * 1 of 20 (5 %): below half of that, so flagged. */
  add_joiners (f, good, "g", 40, 10);
  add_joiners (f, poor, "p", 20, 1);
  /* Too few joiners to judge, however poor. */
  add_joiners (f, tiny, "t", 19, 0);
  findings = co_plan_check (f->store, f->group, &error);
  g_assert_no_error (error);
  g_assert_true (has_finding (findings, "channel-low-conversion", "Poster"));
  g_assert_false (has_finding (findings, "channel-low-conversion", "Tiny"));
  g_assert_false (has_finding (findings, "channel-low-conversion", "Livestream"));
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* One more buyer through the poster: 2 of 20 (10 %), above half the others' 16.9 %. */
  act (f->store, test_sql_count (f->store, "SELECT s.id FROM memberships s JOIN members m ON m.id = s.member_id"
                                           " WHERE m.nickname = 'p19'"), "2026-01-04", "purchased");
  findings = co_plan_check (f->store, f->group, &error);
  g_assert_false (has_finding (findings, "channel-low-conversion", "Poster"));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/channel/validation", Fixture, NULL, workspace_set_up, test_channel_validation, workspace_tear_down);
  g_test_add ("/channel/member-source", Fixture, NULL, workspace_set_up, test_member_source, workspace_tear_down);
  g_test_add ("/channel/import-column", Fixture, NULL, workspace_set_up, test_import_channel_column, workspace_tear_down);
  g_test_add ("/channel/exchange", Fixture, NULL, workspace_set_up, test_exchange_round_trip, workspace_tear_down);
  g_test_add ("/channel/funnel", Fixture, NULL, workspace_set_up, test_funnel, workspace_tear_down);
  g_test_add_func ("/channel/migration", test_migration_fills_stages);
  g_test_add ("/channel/plan-check", Fixture, NULL, workspace_set_up, test_plan_check_low_conversion, workspace_tear_down);
  return g_test_run ();
}
