/* fuzz-import.c: libFuzzer targets for what the app reads from outside: a CSV of members or of
 * member activity, a CSV of daily figures, a database file and a JSON exchange file. Built with -Dfuzzing=true and
 * clang; tests/fuzz/run-fuzzers runs them. Each target is this file with FUZZ_TARGET set.
 *
 * A workspace with one group is made once; each input is read (and, when it has no problems,
 * imported, so that the writing is fuzzed too). A database input is written to a file and opened
 * as the app opens one, then read. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <unistd.h>

#include "core/exchange/co-exchange.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-import.h"
#include "core/reports/co-figures.h"
#include "core/store/co-store-private.h"

#define FUZZ_MEMBERS 1
#define FUZZ_ACTIVITY 2
#define FUZZ_FIGURES 3
#define FUZZ_OPEN 4
#define FUZZ_JSON 5

static CoStore *store;
static gint64 group_id;
static char *dir;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  dir = g_dir_make_tmp ("community-ops-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "workspace.db", NULL);
  store = co_store_open (path, &error);
  g_assert_no_error (error);
  group_id = co_group_create (store, "Fuzzed", 0, &error);
  g_assert_no_error (error);
  /* The group a figures file names. */
  g_assert_cmpint (co_group_create (store, "Trail Running Gear Fans", 0, &error), >, 0);
  return 0;
}

#if FUZZ_TARGET == FUZZ_OPEN
/* Removes what opening may have made beside the file: its WAL, a migration's copy. */
static void
clear_dir (const char *keep)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_strcmp0 (name, keep) != 0)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
}
#endif

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;

  /* Each input is imported in a transaction that is then rolled back: every input meets the same
   * workspace, and the imports join the transaction, so none makes a backup (co-import.h). */
#if FUZZ_TARGET != FUZZ_OPEN
  g_assert_true (co_store_begin (store, NULL));
#endif
#if FUZZ_TARGET == FUZZ_MEMBERS || FUZZ_TARGET == FUZZ_ACTIVITY
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(CoMemberImport) import =
    co_member_import_read (store, group_id, FUZZ_TARGET == FUZZ_MEMBERS ? CO_IMPORT_MEMBERS : CO_IMPORT_ACTIVITY,
                           bytes, &error);
  guint added, updated;

  if (import != NULL && co_member_import_get_problems (import)->len == 0)
    co_member_import_commit (import, CO_DUPLICATES_UPDATE, &added, &updated, NULL);
#elif FUZZ_TARGET == FUZZ_FIGURES
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(CoFiguresImport) import = co_figures_import_read (store, bytes, &error);

  if (import != NULL && co_figures_import_get_problems (import)->len == 0)
    co_figures_import_commit (import, NULL);
#elif FUZZ_TARGET == FUZZ_OPEN
  g_autofree char *path = g_build_filename (dir, "opened.db", NULL);
  g_autoptr(CoStore) opened = NULL;

  clear_dir ("workspace.db");
  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) size, NULL));
  opened = co_store_open (path, &error);
  if (opened != NULL)
    {
      g_autoptr(GListStore) groups = co_group_list (opened, NULL);
      for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
        {
          g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
          CoDayFigures day;
          co_figures_get (opened, co_group_get_id (group), "2026-01-01", &day, NULL);
        }
    }
#elif FUZZ_TARGET == FUZZ_JSON
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(CoExchange) exchange = co_exchange_read (bytes, &error);

  /* Both ways: a replace of groups the first import made exercises the clearing too. */
  if (exchange != NULL)
    {
      GPtrArray *conflicts = co_exchange_list_conflicts (exchange, store,
                                                         co_exchange_has_known_groups (exchange, store)
                                                         ? CO_EXCHANGE_REPLACE : CO_EXCHANGE_AS_NEW, NULL);

      g_clear_pointer (&conflicts, g_ptr_array_unref);
      co_exchange_import (exchange, store, CO_EXCHANGE_AS_NEW, NULL, NULL);
      co_exchange_import (exchange, store, CO_EXCHANGE_REPLACE, NULL, NULL);
    }
#else
#error "FUZZ_TARGET names no target"
#endif
#if FUZZ_TARGET != FUZZ_OPEN
  co_store_rollback (store);
#endif
  return 0;
}
