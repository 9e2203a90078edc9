/* test-cli-sop.c: --tasks and --export-ics run in this process (src/cli and the core, no GTK):
 * the tasks of a day, of a person; the calendar file parsed back by libical; a bad date, a
 * reversed range, an unknown group or person refused with a message and nothing written. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libical/ical.h>
#include <locale.h>

#include "cli/co-cli-private.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/records/co-list.h"
#include "test-util.h"

/* In a subprocess, runs co_cli_run() with the arguments the parent put in CO_TEST_CLI_ARGS. */
static void
run_child (void)
{
  g_auto(GStrv) args = g_strsplit (g_getenv ("CO_TEST_CLI_ARGS"), "\n", -1);
  int status;

  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
  textdomain (GETTEXT_PACKAGE);
  status = co_cli_run (g_strv_length (args), args);
  g_printerr ("[exit status %d]\n", status);
}

static void
trap_cli (const char *first,
          ...)
{
  g_autoptr(GString) args = g_string_new ("community-ops");
  const char *arg;
  va_list ap;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_string_append_printf (args, "\n%s", arg);
  va_end (ap);
  g_setenv ("CO_TEST_CLI_ARGS", args->str, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
}

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

/* A group "读书群" with Wang on its SOP: a one-time step in two days at 20:00, and an activity in
 * three days at 14:00 announced 18 hours before. */
static char *
make_workspace (const char *dir,
                char      **in_two_days,
                char      **in_three_days)
{
  char *path = g_build_filename (dir, "sop.db", NULL);
  g_autoptr(CoStore) store = co_store_open (path, NULL);
  g_autofree char *today = co_date_today ();
  gint64 group = co_group_create (store, "读书群", 0, NULL);
  gint64 wang = co_list_add (store, CO_LIST_STAFF, 0, NULL);
  gint64 once = co_list_add (store, CO_LIST_SOP_STEPS, group, NULL);
  gint64 announce = co_list_add (store, CO_LIST_SOP_STEPS, group, NULL);
  gint64 activity = co_list_add (store, CO_LIST_ACTIVITIES, group, NULL);
  g_autofree char *wang_text = g_strdup_printf ("%" G_GINT64_FORMAT, wang);

  *in_two_days = co_date_add_days (today, 2);
  *in_three_days = co_date_add_days (today, 3);
  set (store, CO_LIST_STAFF, wang, "name", "小王");
  set (store, CO_LIST_SOP_STEPS, once, "title", "问卷");
  set (store, CO_LIST_SOP_STEPS, once, "trigger", "once");
  set (store, CO_LIST_SOP_STEPS, once, "date", *in_two_days);
  set (store, CO_LIST_SOP_STEPS, once, "time", "20:00");
  set (store, CO_LIST_SOP_STEPS, once, "text", "{群名}的问卷\n请填写");
  set (store, CO_LIST_SOP_STEPS, once, "staff_id", wang_text);
  set (store, CO_LIST_SOP_STEPS, announce, "title", "预告");
  set (store, CO_LIST_SOP_STEPS, announce, "trigger", "activity");
  set (store, CO_LIST_SOP_STEPS, announce, "hours", "-18");
  set (store, CO_LIST_SOP_STEPS, announce, "text", "明天{时间}：{活动}");
  set (store, CO_LIST_ACTIVITIES, activity, "name", "读书会");
  set (store, CO_LIST_ACTIVITIES, activity, "start_date", *in_three_days);
  set (store, CO_LIST_ACTIVITIES, activity, "start_time", "14:00");
  return path;
}

static void
test_tasks (void)
{
  g_autofree char *dir = NULL, *path = NULL, *two = NULL, *three = NULL, *day_before = NULL;

  if (g_test_subprocess ())
    {
      run_child ();
      return;
    }
  dir = test_temp_dir ();
  path = make_workspace (dir, &two, &three);
  day_before = co_date_add_days (three, -1);

  trap_cli ("--database", path, "--tasks", "--date", two, NULL);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("time\tstatus\tgroup\tstep\tassignee\tfor\ttext\n"
                             "20:00\tComing\t读书群\t预告\t\t读书会\t明天* 14:00：读书会\n"
                             "20:00\tComing\t读书群\t问卷\t小王\t\t读书群的问卷 / 请填写\n");
  g_test_trap_assert_stderr ("[exit status 0]\n");
  (void) day_before;

  trap_cli ("--database", path, "--tasks", "--date", two, "--person", "小王", NULL);
  g_test_trap_assert_stdout ("time*\n20:00\tComing\t读书群\t问卷\t小王\t*");
  g_test_trap_assert_stdout_unmatched ("*预告*");

  trap_cli ("--database", path, "--tasks", "--date", three, "--group", "读书群", NULL);
  g_test_trap_assert_stdout ("time\tstatus\tgroup\tstep\tassignee\tfor\ttext\n");

  /* Refused. */
  trap_cli ("--database", path, "--tasks", "--date", "next week", NULL);
  g_test_trap_assert_stderr ("community-ops: --date: “next week” is not a date like 2026-03-05.\n[exit status 1]\n");
  trap_cli ("--database", path, "--tasks", "--person", "Nobody", NULL);
  g_test_trap_assert_stderr ("community-ops: Nobody named “Nobody” is in the team.\n[exit status 1]\n");
  test_remove_tree (dir);
}

static void
test_export_ics (void)
{
  g_autofree char *dir = NULL, *path = NULL, *two = NULL, *three = NULL, *ics = NULL, *text = NULL;
  icalcomponent *calendar;
  guint n_events = 0;

  if (g_test_subprocess ())
    {
      run_child ();
      return;
    }
  dir = test_temp_dir ();
  path = make_workspace (dir, &two, &three);
  ics = g_build_filename (dir, "out.ics", NULL);

  /* Refused, and nothing written. */
  trap_cli ("--database", path, "--export-ics", ics, "--from", three, "--to", two, NULL);
  g_test_trap_assert_stderr ("community-ops: *out.ics: The calendar’s end (*) is before its start (*).\n[exit status 1]\n");
  trap_cli ("--database", path, "--export-ics", ics, "--group", "No such group", NULL);
  g_test_trap_assert_stderr ("*No such group*[exit status 1]\n");
  trap_cli ("--database", path, "--export-ics", ics, "--from", "2026-02-30", NULL);
  g_test_trap_assert_stderr ("community-ops: --from: “2026-02-30” is not a date like 2026-03-05.\n[exit status 1]\n");
  g_assert_false (g_file_test (ics, G_FILE_TEST_EXISTS));

  trap_cli ("--database", path, "--export-ics", ics, "--group", "读书群", NULL);
  g_test_trap_assert_passed ();
  g_assert_true (g_file_get_contents (ics, &text, NULL, NULL));
  calendar = icalparser_parse_string (text);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalrestriction_check (calendar), ==, 1);
  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT); event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    n_events++;
  /* The activity, its announcement and the one-time step. */
  g_assert_cmpuint (n_events, ==, 3);
  icalcomponent_free (calendar);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  test_bind_translations ();
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-sop/tasks", test_tasks);
  g_test_add_func ("/cli-sop/export-ics", test_export_ics);
  return g_test_run ();
}
