/* test-people.c: members added and edited by hand (co-member-edit), their notes, follow-ups
 * and timeline (co-member-notes), Today's follow-ups, and all of it through the JSON exchange. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "core/exchange/co-exchange.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-edit.h"
#include "core/members/co-member-import.h"
#include "core/members/co-member-notes.h"
#include "core/members/co-tier.h"
#include "core/today/co-today.h"
#include "test-util.h"

static gint64
count (WorkspaceFixture *f,
       const char       *sql)
{
  return test_sql_count (f->store, sql);
}

static gint64
create (WorkspaceFixture *f,
        gint64            group,
        const char       *nickname,
        const char       *contact)
{
  CoMemberDraft draft = { { NULL } };
  g_autoptr(GError) error = NULL;
  gint64 id;

  draft.values[CO_MEMBER_NICKNAME] = nickname;
  draft.values[CO_MEMBER_CONTACT] = contact;
  id = co_member_create (f->store, group, &draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A draft refused: the message names @title first, the field is @field, nothing is written. */
static void
assert_refused (WorkspaceFixture    *f,
                const CoMemberDraft *draft,
                CoMemberField        field,
                const char          *title)
{
  g_autoptr(GError) check_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strconcat (title, ": ", NULL);
  gint64 before = count (f, "SELECT count(*) FROM memberships") + count (f, "SELECT count(*) FROM members");
  CoMemberField where = CO_MEMBER_GROUP;

  g_assert_false (co_member_check_draft (f->store, f->group, draft, &where, &check_error));
  g_assert_error (check_error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_assert_cmpint (where, ==, field);
  g_assert_cmpint (co_member_create (f->store, f->group, draft, &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  /* The same reason, after the field's name. */
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_cmpstr (error->message + strlen (prefix), ==, check_error->message);
  g_assert_cmpint (count (f, "SELECT count(*) FROM memberships") + count (f, "SELECT count(*) FROM members"),
                   ==, before);
}

static void
test_create (WorkspaceFixture *f,
             gconstpointer     data)
{
  CoMemberDraft draft = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMember) member = NULL;
  gint64 referrer = create (f, f->group, "推荐人", "wx-ref");
  g_autoptr(CoMember) referrer_row = co_member_get_by_id (f->store, referrer, NULL);
  gint64 id, active;

  g_assert_true (co_tiers_ensure (f->store, f->group, NULL));
  active = co_tiers_find (f->store, f->group, "活跃用户");
  g_assert_cmpint (active, >, 0);
  g_assert_cmpint (co_tiers_find (f->store, f->group, "Active"), ==, active);

  draft.values[CO_MEMBER_NICKNAME] = " 北京-王芳-医疗 ";
  draft.values[CO_MEMBER_REAL_NAME] = "王芳";
  draft.values[CO_MEMBER_CONTACT] = "13800000000";
  draft.values[CO_MEMBER_JOINED] = "2025年3月1日";
  draft.values[CO_MEMBER_SEED] = "1";
  draft.values[CO_MEMBER_NOTES] = "想了解付费方案";
  draft.tier_id = active;
  draft.referrer_id = co_member_get_member_id (referrer_row);
  id = co_member_create (f->store, f->group, &draft, &error);
  g_assert_no_error (error);
  member = co_member_get_by_id (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (co_member_get (member, CO_MEMBER_NICKNAME), ==, "北京-王芳-医疗");
  g_assert_cmpstr (co_member_get (member, CO_MEMBER_REAL_NAME), ==, "王芳");
  g_assert_cmpstr (co_member_get (member, CO_MEMBER_JOINED), ==, "2025-03-01");
  g_assert_true (co_member_get_flag (member, CO_MEMBER_SEED));
  g_assert_false (co_member_get_flag (member, CO_MEMBER_CORE));
  g_assert_cmpstr (co_member_get (member, CO_MEMBER_NOTES), ==, "想了解付费方案");
  g_assert_cmpint (co_member_get_tier_id (member), ==, active);
  g_assert_true (co_member_get_tier_manual (member));
  g_assert_cmpstr (co_member_get_referrer_name (member), ==, "推荐人");
  /* Without a tier, the group's first: where the import starts a member with no points. */
  g_assert_cmpint (co_member_get_tier_id (referrer_row), ==, co_tiers_find (f->store, f->group, "new"));
  g_assert_false (co_member_get_tier_manual (referrer_row));
}

static void
test_refused (WorkspaceFixture *f,
              gconstpointer     data)
{
  g_autofree char *long_nickname = g_strnfill (201, 'x');
  GString *notes = g_string_new (NULL);
  g_autofree char *long_notes = NULL;
  gint64 other = co_group_create (f->store, "Other", 0, NULL);
  gint64 stranger = create (f, other, "外人", NULL);
  g_autoptr(CoMember) stranger_row = co_member_get_by_id (f->store, stranger, NULL);
  CoMemberDraft draft = { { NULL } };

  create (f, f->group, "张三", "wx-zhang");
  create (f, f->group, "李四", NULL);

  assert_refused (f, &draft, CO_MEMBER_NICKNAME, "Nickname");
  draft.values[CO_MEMBER_NICKNAME] = "   ";
  assert_refused (f, &draft, CO_MEMBER_NICKNAME, "Nickname");
  draft.values[CO_MEMBER_NICKNAME] = long_nickname;
  assert_refused (f, &draft, CO_MEMBER_NICKNAME, "Nickname");
  draft.values[CO_MEMBER_NICKNAME] = "王五";
  draft.values[CO_MEMBER_JOINED] = "2025-02-30";
  assert_refused (f, &draft, CO_MEMBER_JOINED, "Joined");
  draft.values[CO_MEMBER_JOINED] = NULL;
  draft.values[CO_MEMBER_POINTS] = "-3";
  assert_refused (f, &draft, CO_MEMBER_POINTS, "Points");
  draft.values[CO_MEMBER_POINTS] = NULL;
  /* Someone the group has: the same contact, or without one the same nickname. */
  draft.values[CO_MEMBER_CONTACT] = "wx-zhang";
  assert_refused (f, &draft, CO_MEMBER_CONTACT, "Contact");
  draft.values[CO_MEMBER_CONTACT] = NULL;
  draft.values[CO_MEMBER_NICKNAME] = "李四";
  assert_refused (f, &draft, CO_MEMBER_NICKNAME, "Nickname");
  draft.values[CO_MEMBER_NICKNAME] = "王五";
  draft.tier_id = 999;
  assert_refused (f, &draft, CO_MEMBER_TIER, "Tier");
  draft.tier_id = 0;
  draft.referrer_id = co_member_get_member_id (stranger_row);
  assert_refused (f, &draft, CO_MEMBER_REFERRER, "Referred By");
  draft.referrer_id = 0;
  /* Notes of 100,000 characters are refused with the long texts' limit, quickly. */
  for (int i = 0; i < 100000; i++)
    g_string_append_unichar (notes, 0x5B57);
  long_notes = g_string_free (notes, FALSE);
  draft.values[CO_MEMBER_NOTES] = long_notes;
  assert_refused (f, &draft, CO_MEMBER_NOTES, "Notes");
  /* At the limit they are taken. */
  long_notes[CO_FIELD_LONG_TEXT_MAX * 3] = '\0';
  g_assert_cmpint (co_member_create (f->store, f->group, &draft, NULL), >, 0);
  g_assert_cmpint (count (f, "SELECT length (notes) FROM members WHERE nickname = '王五'"), ==, CO_FIELD_LONG_TEXT_MAX);
}

/* The import refuses what a hand-made member is refused, in the same words. */
static void
test_import_shares_rules (WorkspaceFixture *f,
                          gconstpointer     data)
{
  g_autofree char *long_nickname = g_strnfill (201, 'x');
  g_autofree char *csv = g_strdup_printf ("nickname,joined\n%s,2025-01-01\nok,2025-02-30\n,2025-01-01\n",
                                          long_nickname);
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(CoMemberImport) import = co_member_import_read (f->store, f->group, CO_IMPORT_MEMBERS, bytes, NULL);
  CoMemberDraft draft = { { NULL } };
  g_autoptr(GError) nickname_error = NULL;
  g_autoptr(GError) date_error = NULL;
  g_autoptr(GError) empty_error = NULL;
  GPtrArray *problems;

  g_assert_nonnull (import);
  problems = co_member_import_get_problems (import);
  g_assert_cmpuint (problems->len, ==, 3);
  draft.values[CO_MEMBER_NICKNAME] = long_nickname;
  co_member_check_draft (f->store, f->group, &draft, NULL, &nickname_error);
  draft.values[CO_MEMBER_NICKNAME] = "ok";
  draft.values[CO_MEMBER_JOINED] = "2025-02-30";
  co_member_check_draft (f->store, f->group, &draft, NULL, &date_error);
  draft.values[CO_MEMBER_NICKNAME] = "";
  draft.values[CO_MEMBER_JOINED] = NULL;
  co_member_check_draft (f->store, f->group, &draft, NULL, &empty_error);
  g_assert_cmpstr (((CoImportProblem *) problems->pdata[0])->message, ==, nickname_error->message);
  g_assert_cmpstr (((CoImportProblem *) problems->pdata[1])->message, ==, date_error->message);
  g_assert_cmpstr (((CoImportProblem *) problems->pdata[2])->message, ==, empty_error->message);
  g_assert_cmpuint (((CoImportProblem *) problems->pdata[2])->line, ==, 4);
}

static void
test_groups_and_referrer (WorkspaceFixture *f,
                          gconstpointer     data)
{
  gint64 other = co_group_create (f->store, "Other", 0, NULL);
  gint64 zhang = create (f, f->group, "张三", "wx-zhang");
  gint64 li = create (f, f->group, "李四", NULL);
  g_autoptr(CoMember) zhang_row = co_member_get_by_id (f->store, zhang, NULL);
  g_autoptr(CoMember) li_row = co_member_get_by_id (f->store, li, NULL);
  g_autoptr(CoMember) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GArray) groups = NULL;
  gint64 in_other, back;

  /* The same contact in another group is the same person. */
  in_other = create (f, other, "Zhang San", "wx-zhang");
  again = co_member_get_by_id (f->store, in_other, NULL);
  g_assert_cmpint (co_member_get_member_id (again), ==, co_member_get_member_id (zhang_row));
  g_assert_cmpstr (co_member_get (again, CO_MEMBER_NICKNAME), ==, "张三");

  /* Li into the other group; twice is refused; removed from it and added again comes back. */
  in_other = co_member_add_to_group (f->store, li, other, &error);
  g_assert_no_error (error);
  g_assert_cmpint (co_member_add_to_group (f->store, li, other, &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE);
  g_clear_error (&error);
  groups = co_member_group_ids (f->store, co_member_get_member_id (li_row), NULL);
  g_assert_cmpuint (groups->len, ==, 2);
  g_assert_true (co_members_remove (f->store, &in_other, 1, NULL));
  g_assert_null (co_member_get_by_id (f->store, in_other, NULL));
  back = co_member_add_to_group (f->store, li, other, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back, ==, in_other);

  /* Undo of a removal brings the membership back as it was. */
  g_assert_true (co_member_set (f->store, li, CO_MEMBER_CITY, "杭州", NULL));
  g_assert_true (co_members_remove (f->store, &li, 1, NULL));
  g_assert_null (co_member_get_by_id (f->store, li, NULL));
  g_assert_true (co_members_restore (f->store, &li, 1, NULL));
  g_clear_object (&li_row);
  li_row = co_member_get_by_id (f->store, li, NULL);
  g_assert_cmpstr (co_member_get (li_row, CO_MEMBER_CITY), ==, "杭州");

  /* The referrer: one of the group, not themselves; 0 clears it. */
  g_assert_true (co_member_set_referrer (f->store, li, co_member_get_member_id (zhang_row), &error));
  g_assert_no_error (error);
  g_assert_true (co_member_reload (li_row, f->store));
  g_assert_cmpstr (co_member_get_referrer_name (li_row), ==, "张三");
  g_assert_false (co_member_set_referrer (f->store, li, co_member_get_member_id (li_row), &error));
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (co_member_set_referrer (f->store, li, 0, NULL));
  co_member_reload (li_row, f->store);
  g_assert_cmpint (co_member_get_referrer_id (li_row), ==, 0);

  /* Found by the start of a nickname or a contact, in this group only. */
  create (f, other, "张飞", NULL);
  found = co_members_find (f->store, f->group, "张", 8, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((CoMemberMatch *) found->pdata[0])->nickname, ==, "张三");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = co_members_find (f->store, f->group, "wx-zh", 8, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = co_members_find (f->store, f->group, "三", 8, NULL);
  g_assert_cmpuint (found->len, ==, 0);
}

static char *
timeline_kinds (WorkspaceFixture *f,
                gint64            membership)
{
  g_autoptr(GPtrArray) entries = co_member_timeline (f->store, membership, 50, NULL);
  GString *kinds = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      CoTimelineEntry *entry = entries->pdata[i];
      g_string_append_printf (kinds, "%s%d:%s", i ? " " : "", entry->kind, entry->date);
    }
  return g_string_free (kinds, FALSE);
}

static void
test_notes_and_timeline (WorkspaceFixture *f,
                         gconstpointer     data)
{
  gint64 id = create (f, f->group, "张三", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *kinds = NULL;
  GString *huge = g_string_new (NULL);
  g_autofree char *huge_text = NULL;
  gint64 note, follow_up;
  gint64 active_before = count (f, "SELECT count(*) FROM activity_days");

  g_assert_true (co_member_set (f->store, id, CO_MEMBER_JOINED, "2025-01-01", NULL));
  note = co_member_note_add (f->store, id, "2025-01-05", " 问了付费方案 ", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM member_notes WHERE body = '问了付费方案'"), ==, 1);
  g_assert_true (co_member_note_set (f->store, note, "问了付费方案，周五回电", NULL));
  g_assert_cmpint (co_member_note_add (f->store, id, NULL, "  ", 0, &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  /* Manual activity is the same log the reports and tiers count. */
  g_assert_true (co_member_log_activity (f->store, id, "2025-01-03", "purchased", 2, NULL));
  g_assert_cmpint (count (f, "SELECT count(*) FROM activity_days"), ==, active_before + 1);
  follow_up = co_follow_up_add (f->store, id, "周五回电", "2025-01-10", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (co_follow_up_add (f->store, id, "x", "next friday", 0, &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (co_members_set_tier (f->store, &id, 1, co_tiers_find (f->store, f->group, "core"), NULL));

  /* Newest first: the tier change today, the follow-up due on the 10th, the note of the 5th,
   * the purchase of the 3rd, the joining on the 1st. */
  kinds = timeline_kinds (f, id);
  {
    g_autofree char *today = co_date_today ();
    g_autofree char *expected = g_strdup_printf ("3:%s 2:2025-01-10 0:2025-01-05 1:2025-01-03 4:2025-01-01", today);
    g_assert_cmpstr (kinds, ==, expected);
  }
  /* Removed and back (Undo). */
  g_assert_true (co_member_note_remove (f->store, note, TRUE, NULL));
  g_clear_pointer (&kinds, g_free);
  kinds = timeline_kinds (f, id);
  g_assert_null (strstr (kinds, "0:2025-01-05"));
  g_assert_true (co_member_note_remove (f->store, note, FALSE, NULL));
  g_clear_pointer (&kinds, g_free);
  kinds = timeline_kinds (f, id);
  g_assert_nonnull (strstr (kinds, "0:2025-01-05"));
  g_assert_true (co_follow_up_set_done (f->store, follow_up, "2025-01-09", NULL));
  g_assert_cmpint (count (f, "SELECT count(*) FROM follow_ups WHERE done_date = '2025-01-09'"), ==, 1);

  /* A note of 100,000 characters: refused with the reason, at once, nothing written. */
  for (int i = 0; i < 100000; i++)
    g_string_append_unichar (huge, 0x5B57);
  huge_text = g_string_free (huge, FALSE);
  {
    gint64 start = g_get_monotonic_time ();
    g_assert_cmpint (co_member_note_add (f->store, id, NULL, huge_text, 0, &error), ==, 0);
    g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  }
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "20000"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM member_notes"), ==, 1);
}

static void
test_today_follow_ups (WorkspaceFixture *f,
                       gconstpointer     data)
{
  gint64 archived = co_group_create (f->store, "Archived", 0, NULL);
  gint64 zhang = create (f, f->group, "张三", NULL);
  gint64 li = create (f, f->group, "李四", NULL);
  gint64 hidden = create (f, archived, "王五", NULL);
  g_autoptr(GPtrArray) due = NULL;
  gint64 today_id, overdue_id, removed_id;

  today_id = co_follow_up_add (f->store, zhang, "回电", "2025-03-10", 0, NULL);
  overdue_id = co_follow_up_add (f->store, li, "发优惠券", "2025-03-01", 0, NULL);
  co_follow_up_add (f->store, li, "下周再说", "2025-03-11", 0, NULL);
  removed_id = co_follow_up_add (f->store, li, "删掉的", "2025-03-01", 0, NULL);
  co_follow_up_add (f->store, hidden, "归档群的", "2025-03-01", 0, NULL);
  g_assert_true (co_group_set_archived (f->store, archived, TRUE, NULL));
  g_assert_true (co_follow_up_remove (f->store, removed_id, TRUE, NULL));

  due = co_today_follow_ups (f->store, "2025-03-10", NULL);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpint (((CoDueFollowUp *) due->pdata[0])->id, ==, overdue_id);
  g_assert_cmpstr (((CoDueFollowUp *) due->pdata[0])->nickname, ==, "李四");
  g_assert_cmpstr (((CoDueFollowUp *) due->pdata[0])->group_name, ==, "Test Group");
  g_assert_cmpint (((CoDueFollowUp *) due->pdata[1])->id, ==, today_id);
  g_assert_cmpint (((CoDueFollowUp *) due->pdata[1])->membership_id, ==, zhang);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* Done, or snoozed to a later day: off the list. */
  g_assert_true (co_follow_up_set_done (f->store, today_id, "2025-03-10", NULL));
  g_assert_true (co_follow_up_snooze (f->store, overdue_id, "2025-03-17", NULL));
  due = co_today_follow_ups (f->store, "2025-03-10", NULL);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);
  due = co_today_follow_ups (f->store, "2025-03-17", NULL);
  g_assert_cmpuint (due->len, ==, 2);
}

static void
test_exchange (WorkspaceFixture *f,
               gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = create (f, f->group, "张三", "wx-zhang");
  g_autoptr(GBytes) json = NULL;
  g_autoptr(CoExchange) exchange = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CoStore) other = test_open_temp_store (&path);
  g_autofree char *dir = g_path_get_dirname (path);
  const char *rows = "SELECT n.uuid, n.date, n.body FROM member_notes n ORDER BY n.uuid";
  const char *follow_rows = "SELECT f.uuid, f.body, f.due_date, f.done_date, m.nickname FROM follow_ups f"
                            " JOIN memberships s ON s.id = f.membership_id JOIN members m ON m.id = s.member_id"
                            " ORDER BY f.uuid";
  g_autofree char *notes = NULL, *follow_ups = NULL, *notes_after = NULL, *follow_ups_after = NULL;
  gint64 done, removed;

  co_member_note_add (f->store, id, "2025-01-05", "问了付费方案\n周五回电", 0, NULL);
  removed = co_member_note_add (f->store, id, "2025-01-06", "不要了", 0, NULL);
  co_member_note_remove (f->store, removed, TRUE, NULL);
  co_follow_up_add (f->store, id, "回电", "2025-01-10", 0, NULL);
  done = co_follow_up_add (f->store, id, "发券", "2025-01-08", 0, NULL);
  co_follow_up_set_done (f->store, done, "2025-01-09", NULL);
  notes = test_sql_rows (f->store, "SELECT n.uuid, n.date, n.body FROM member_notes n WHERE deleted_at IS NULL"
                                   " ORDER BY n.uuid");
  follow_ups = test_sql_rows (f->store, follow_rows);

  json = co_exchange_export (f->store, 0, &error);
  g_assert_no_error (error);
  exchange = co_exchange_read (json, &error);
  g_assert_no_error (error);
  g_assert_true (co_exchange_import (exchange, other, CO_EXCHANGE_REPLACE, NULL, &error));
  g_assert_no_error (error);
  notes_after = test_sql_rows (other, rows);
  follow_ups_after = test_sql_rows (other, follow_rows);
  /* The same uuids, days and texts; the note in the trash stays behind. */
  g_assert_cmpstr (notes_after, ==, notes);
  g_assert_cmpstr (follow_ups_after, ==, follow_ups);
  g_assert_cmpint (test_sql_count (other, "SELECT count(*) FROM member_notes"), ==, 1);

  g_clear_object (&other);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, WorkspaceFixture, NULL, workspace_set_up, func, workspace_tear_down)
  ADD ("/people/create", test_create);
  ADD ("/people/refused", test_refused);
  ADD ("/people/import-shares-rules", test_import_shares_rules);
  ADD ("/people/groups-and-referrer", test_groups_and_referrer);
  ADD ("/people/notes-and-timeline", test_notes_and_timeline);
  ADD ("/people/today-follow-ups", test_today_follow_ups);
  ADD ("/people/exchange", test_exchange);
#undef ADD
  return g_test_run ();
}
