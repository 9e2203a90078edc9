/* bench-workspace.h: a generated workspace of any size for the benchmarks. */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Dates go back this many days from today: activity over two years, joining over three. */
#define N_DAYS 1095

typedef struct
{
  CoStore   *store;
  char      *dir;
  gboolean   own_dir;     /* made by us: removed at the end */
  char      *db_path;
  GPtrArray *dates;       /* "YYYY-MM-DD" for 0 … N_DAYS - 1 days ago */
  GArray    *group_ids;   /* gint64 */
  gint64     n_members;
} Bench;

typedef struct
{
  const char *city;
  const char *industry;
  const char *source;
  const char *notes;
  char        real_name[32];
  char        nickname[96];
} Person;

void         bench_make_person (GRand       *rand,
                          Person      *p);
/* "YYYY-MM-DD" @days_ago days before today (at most N_DAYS - 1). */
const char  *bench_day   (Bench       *b,
                          guint        days_ago);
GPtrArray   *bench_make_dates  (void);
/* Fills b->store with @n_groups groups (with their tiers), @n_members members in them and
 * @n_activity activity rows, in one transaction, and prints how long it took. */
gboolean     bench_generate    (Bench       *b,
                          gint         n_groups,
                          gint64       n_members,
                          gint64       n_activity,
                          GError     **error);

G_END_DECLS
