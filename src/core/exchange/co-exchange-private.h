/* co-exchange-private.h: the description of the tables that the JSON exchange's export
 * (co-exchange-export.c) and its reading and import (co-exchange.c) share: which columns a row
 * has in the file, of what type, and which rows they refer to (co-exchange-tables.c). */
#pragma once

#include "core/exchange/co-exchange.h"
#include "core/records/co-field.h"

G_BEGIN_DECLS

/* What a table's rows carry besides their fields. */
enum
{
  HAS_UUID     = 1 << 0,
  HAS_POSITION = 1 << 1,  /* the order of the array */
  HAS_CREATED  = 1 << 2,
  HAS_UPDATED  = 1 << 3,
  HAS_DELETED  = 1 << 4,  /* rows in the trash are left out */
  HAS_GROUP    = 1 << 5,  /* a group_id besides the parent column */
  HAS_NO_ID    = 1 << 6,  /* keyed by its parent (the plan) or by date (figures) */
};

typedef enum
{
  T_ROLES, T_STAFF, T_ALT_ACCOUNTS, T_LIBRARY, T_CHANNELS, T_MEMBERS,
  T_GROUPS, T_PLAN,
  T_SURVEY, T_STAGE_RULES, T_TYPE_RULES, T_CONTENT, T_ACTIVITIES, T_SPENDS, T_PROBLEMS, T_GOALS,
  T_TASKS, T_TIERS, T_CHALLENGES, T_SOP_STEPS, T_ASSIGNMENTS, T_SHIFTS,
  T_MEMBERSHIPS, T_ACTIVITY, T_TIER_CHANGES, T_CHECKINS, T_NOTES, T_FOLLOW_UPS, T_FIGURES,
  T_TAG_GROUPS, T_TAGS, T_SEGMENTS, T_WEEKLY_NOTES, T_SOP_OUTCOMES,
  N_TABLES
} TableId;

typedef struct
{
  const CoFieldSpec *spec;
  char              *name;      /* in the file: a reference's column without "_id" */
  gboolean           required;
} Column;

typedef struct
{
  const char  *table;
  const char  *name;    /* the array's member in the object above */
  const char  *parent;  /* the column naming the row above, or NULL */
  guint        flags;
  const char  *order;   /* how an export orders the rows: stable across an import, and ties broken
                         * by uuid, not id: teammates who both added a row at the same position
                         * export the same file */
  const char  *title;   /* untranslated, for conflicts */
  int          title_column;
  GArray      *columns;
} Table;

extern Table co_exchange_tables[N_TABLES];

/* A group's arrays, in the file's order; spends are inside their activity. */
#define CO_EXCHANGE_N_GROUP_TABLES 16
extern const TableId co_exchange_group_tables[CO_EXCHANGE_N_GROUP_TABLES];

/* Fills co_exchange_tables, once. */
void         co_exchange_init_tables (void);
const Table *co_exchange_table_named (const char *sql_name);
gboolean     co_exchange_is_channel_activity (const char *table,
                                              const char *column);

G_END_DECLS
