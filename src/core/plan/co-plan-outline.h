/* co-plan-outline.h: how a plan is laid out: sections (the four phases, goals, the checklist,
 * tiers, the group's team) of blocks, each a titled set of plan fields or a list. The Plan page
 * builds its sections from it and the plan document prints them in the same order. Lists with no
 * block here (staff, roles, alt accounts) are the workspace's, on the Team page. */
#pragma once

#include "core/plan/co-plan.h"

G_BEGIN_DECLS

/* Blocks that are not lists of records. */
#define CO_PLAN_BLOCK_PROGRESS (CO_N_LISTS + 1)  /* checklist progress per phase */
#define CO_PLAN_BLOCK_ROSTER (CO_N_LISTS + 2)    /* the week's duty roster as a grid, with its gaps */

typedef struct
{
  const char *title;     /* untranslated; a block of fields; NULL for a list */
  const char *keys[8];   /* plan fields, "selection:KIND" and "group:orientation" */
  guint       list;      /* a CoList, CO_N_LISTS for none, or one of the CO_PLAN_BLOCK_… above */
} CoPlanBlock;

typedef struct
{
  const char        *name;
  const char        *title;  /* untranslated */
  const CoPlanBlock *blocks;
  guint              n_blocks;
} CoPlanSection;

extern const CoPlanSection co_plan_sections[];
extern const guint         co_plan_n_sections;

G_END_DECLS
