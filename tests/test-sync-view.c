/* test-sync-view.c: what the app shows of the team connection (co-sync-view.h): a connection
 * string built from a form's fields, quoted so that no field adds a keyword, and read back; a
 * synced record's name and its kind's and field's titles. No server needed. */
#include "config.h"

#include <string.h>

#include "core/sample/co-sample.h"
#include "core/sync/co-sync-view.h"
#include "test-util.h"

static void
test_conninfo (void)
{
  g_autofree char *conninfo = co_sync_conninfo_build ("db.example.com", "6543", "team", "张三",
                                                      "it's \\ secret' sslmode='disable", "require");
  g_autofree char *host = co_sync_conninfo_get (conninfo, "host");
  g_autofree char *port = co_sync_conninfo_get (conninfo, "port");
  g_autofree char *user = co_sync_conninfo_get (conninfo, "user");
  g_autofree char *password = co_sync_conninfo_get (conninfo, "password");
  g_autofree char *sslmode = co_sync_conninfo_get (conninfo, "sslmode");
  g_autofree char *empty = co_sync_conninfo_build ("localhost", "", NULL, "boss", "", NULL);
  g_autofree char *none = NULL;

  g_assert_cmpstr (host, ==, "db.example.com");
  g_assert_cmpstr (port, ==, "6543");
  g_assert_cmpstr (user, ==, "张三");
  /* The password is one value: its quote does not end it, nor add an sslmode. */
  g_assert_cmpstr (password, ==, "it's \\ secret' sslmode='disable");
  g_assert_cmpstr (sslmode, ==, "require");
  /* Empty fields are left out. */
  g_assert_cmpstr (empty, ==, "host='localhost' user='boss'");
  none = co_sync_conninfo_get (empty, "dbname");
  g_assert_null (none);
  g_assert_null (co_sync_conninfo_get ("host='unclosed", "host"));
}

typedef struct
{
  CoStore *store;
} Sample;

static void
test_record_title (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *dir = NULL;
  Sample sample = { test_open_temp_store (&path) }, *f = &sample;
  g_autofree char *member = NULL, *nickname = NULL, *group = NULL, *group_name = NULL, *membership = NULL;
  g_autofree char *title = NULL, *plan_title = NULL, *membership_title = NULL, *missing = NULL;

  g_assert_true (co_sample_create (f->store, &error));
  g_assert_no_error (error);
  member = test_sql_rows (f->store, "SELECT uuid FROM members ORDER BY uuid LIMIT 1");
  nickname = test_sql_rows (f->store, "SELECT nickname FROM members ORDER BY uuid LIMIT 1");
  group = test_sql_rows (f->store, "SELECT uuid FROM groups WHERE id = (SELECT min (group_id) FROM plans)");
  group_name = test_sql_rows (f->store, "SELECT name FROM groups WHERE id = (SELECT min (group_id) FROM plans)");
  membership = test_sql_rows (f->store, "SELECT g.uuid || '/' || m.uuid FROM memberships ms JOIN groups g"
                                        " ON g.id = ms.group_id JOIN members m ON m.id = ms.member_id"
                                        " ORDER BY ms.id LIMIT 1");

  title = co_sync_record_title (f->store, "members", member);
  g_assert_cmpstr (title, ==, nickname);
  /* A plan is its group's; a membership its member's. */
  plan_title = co_sync_record_title (f->store, "plans", group);
  g_assert_cmpstr (plan_title, ==, group_name);
  membership_title = co_sync_record_title (f->store, "memberships", membership);
  g_assert_nonnull (membership_title);
  {
    g_autofree char *expected = test_sql_rows (f->store, "SELECT m.nickname FROM memberships ms JOIN members m"
                                                         " ON m.id = ms.member_id ORDER BY ms.id LIMIT 1");

    g_assert_cmpstr (membership_title, ==, expected);
  }
  /* A record deleted since, and a kind that does not exist, have none. */
  missing = co_sync_record_title (f->store, "members", "00000000-0000-4000-8000-000000000000");
  g_assert_null (missing);
  g_assert_null (co_sync_record_title (f->store, "no_such_kind", member));

  g_assert_cmpstr (co_sync_kind_title ("members"), ==, "Member");
  g_assert_cmpstr (co_sync_field_title ("members", "city"), ==, "City");
  g_assert_cmpstr (co_sync_field_title ("members", "no_such_field"), ==, "no_such_field");
  g_assert_cmpstr (co_sync_kind_title ("no_such_kind"), ==, "no_such_kind");

  g_assert_finalize_object (f->store);
  dir = g_path_get_dirname (path);
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-view/conninfo", test_conninfo);
  g_test_add_func ("/sync-view/record-title", test_record_title);
  return g_test_run ();
}
