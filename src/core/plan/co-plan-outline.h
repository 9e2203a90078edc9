/* co-plan-outline.h: how a plan is laid out: sections (the four phases, goals, the checklist,
 * tiers, the team) of blocks, each a titled set of plan fields or a list. The Plan page builds its
 * sections from it and the plan document prints them in the same order. The last sections belong
 * to the Team page (@team). */
#pragma once

#include "core/plan/co-plan.h"

G_BEGIN_DECLS

/* Blocks that are not lists of records. */
#define CO_PLAN_BLOCK_PROGRESS (CO_N_LISTS + 1)  /* checklist progress per phase */
#define CO_PLAN_BLOCK_ROSTER (CO_N_LISTS + 2)    /* the week's duty roster as a grid, with its gaps */
#define CO_PLAN_BLOCK_MATRIX (CO_N_LISTS + 3)    /* staff × groups, the roles in each cell */
#define CO_PLAN_BLOCK_ON_DUTY (CO_N_LISTS + 4)   /* who is on duty now, group by group */
#define CO_PLAN_BLOCK_TARGETS (CO_N_LISTS + 5)   /* today's friend-adding targets of the alt accounts */

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
  gboolean           team;   /* a section of the Team page, not of a group's plan */
} CoPlanSection;

extern const CoPlanSection co_plan_sections[];
extern const guint         co_plan_n_sections;

G_END_DECLS
