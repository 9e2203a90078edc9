/* co-plan-outline.c: the sections of a plan, in the order a plan is read. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/plan/co-plan-outline.h"

static const CoPlanBlock preparation_blocks[] = {
  { N_("Purpose"), { "mission", "vision", "development_plan", "group:orientation" }, CO_N_LISTS },
  { N_("Users"), { "persona", "selection:user-source" }, CO_N_LISTS },
  { NULL, { NULL }, CO_LIST_SURVEY },
  { N_("Admission and Value"), { "selection:admission", "admission_fee", "min_purchase",
                                 "selection:value-output", "bond_driver", "selection:monetization" },
    CO_N_LISTS },
  { N_("Resources"), { "existing_resources" }, CO_N_LISTS },
};

static const CoPlanBlock before_launch_blocks[] = {
  { NULL, { NULL }, CO_LIST_STAGE_RULES },
  { NULL, { NULL }, CO_LIST_TYPE_RULES },
  { N_("Norms"), { "naming_rule", "speech_rules", "task_rules", "penalties", "answer_standard",
                   "newcomer_rule" }, CO_N_LISTS },
};

static const CoPlanBlock running_blocks[] = {
  { N_("Principles"), { "principles" }, CO_N_LISTS },
  { NULL, { NULL }, CO_LIST_CONTENT },
  { NULL, { NULL }, CO_LIST_ACTIVITIES },
  { NULL, { NULL }, CO_LIST_CHALLENGES },
  { N_("Growth Targets"), { "target_groups", "target_size", "invite_batch", "quality_checks" }, CO_N_LISTS },
};

static const CoPlanBlock sop_blocks[] = { { NULL, { NULL }, CO_LIST_SOP_STEPS } };
static const CoPlanBlock feedback_blocks[] = { { NULL, { NULL }, CO_LIST_PROBLEMS } };
static const CoPlanBlock goal_blocks[] = { { NULL, { NULL }, CO_LIST_GOALS } };
static const CoPlanBlock checklist_blocks[] = {
  { NULL, { NULL }, CO_PLAN_BLOCK_PROGRESS },
  { NULL, { NULL }, CO_LIST_TASKS },
};

static const CoPlanBlock tier_blocks[] = {
  { N_("Seed Users"), { "seed_target" }, CO_N_LISTS },
  { NULL, { NULL }, CO_LIST_TIERS },
};

static const CoPlanBlock group_team_blocks[] = {
  { NULL, { NULL }, CO_LIST_ASSIGNMENTS },
  { NULL, { NULL }, CO_PLAN_BLOCK_ROSTER },
  { NULL, { NULL }, CO_LIST_SHIFTS },
};

const CoPlanSection co_plan_sections[] = {
  { "preparation", N_("Preparation"), preparation_blocks, G_N_ELEMENTS (preparation_blocks) },
  { "before-launch", N_("Before Launch"), before_launch_blocks, G_N_ELEMENTS (before_launch_blocks) },
  { "running", N_("Running"), running_blocks, G_N_ELEMENTS (running_blocks) },
  { "sop", N_("SOP"), sop_blocks, G_N_ELEMENTS (sop_blocks) },
  { "feedback", N_("Feedback"), feedback_blocks, G_N_ELEMENTS (feedback_blocks) },
  { "goals", N_("Goals"), goal_blocks, G_N_ELEMENTS (goal_blocks) },
  { "checklist", N_("Launch Checklist"), checklist_blocks, G_N_ELEMENTS (checklist_blocks) },
  { "tiers", N_("Seed Users and Tiers"), tier_blocks, G_N_ELEMENTS (tier_blocks) },
  { "team", N_("Team"), group_team_blocks, G_N_ELEMENTS (group_team_blocks) },
};


const guint co_plan_n_sections = G_N_ELEMENTS (co_plan_sections);
