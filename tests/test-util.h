/* test-util.h: temporary databases and files for the tests. */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* A fresh workspace in a temporary folder, with one group in it. */
typedef struct
{
  CoStore *store;
  char    *dir;
  gint64   group;
} WorkspaceFixture;

void     workspace_set_up    (WorkspaceFixture *f,
                              gconstpointer     data);
void     workspace_tear_down (WorkspaceFixture *f,
                              gconstpointer     data);

void     test_bind_translations (void);
char    *test_temp_dir       (void);
void     test_isolate_user_dirs (void);
CoStore *test_open_temp_store (char **out_path);
GBytes  *test_read_file      (const char *path);
void     test_remove_tree    (const char *path);

/* SQL a test reads or writes directly, failing the test on an error: the first column of the
 * first row (-1 without one); statements run; the rows, each as its columns joined by "|"
 * (NULL as "-"), the rows by ", ". */
gint64   test_sql_count      (CoStore    *store,
                              const char *sql);
void     test_sql_exec       (CoStore    *store,
                              const char *sql);
char    *test_sql_rows       (CoStore    *store,
                              const char *sql);

G_END_DECLS
