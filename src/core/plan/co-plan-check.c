/* co-plan-check.c: the rules of the plan check, from the handbooks and the platforms' limits
 * (DOMAIN.md §1 and §5). Each rule reads the plan through the same functions the Plan page
 * uses, so the check sees exactly what the user sees. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/groups/co-group.h"
#include "core/members/co-channel.h"
#include "core/plan/co-plan-check.h"
#include "core/plan/co-plan.h"
#include "core/sop/co-sop.h"
#include "core/team/co-team.h"

/* DOMAIN.md §5: WeChat groups hold 500; past 100 they take members by invitation only. */
#define WECHAT_GROUP_LIMIT 500
#define WECHAT_OPEN_JOIN_LIMIT 100
#define REMINDERS_PER_WEEK 2
/* DOMAIN.md §2 and §5: an operator looks after 3 to 5 groups, no more. */
#define OPERATOR_MAX_GROUPS 5
#define GAPS_LISTED 4
/* A channel converts "far below the others" when its conversion rate is under half of the other
 * channels' together, each side with at least this many joiners: fewer are chance, not a channel
 * that does not work. */
#define CHANNEL_MIN_JOINED 20
#define CHANNEL_FAR_BELOW 0.5

void
co_finding_free (CoFinding *finding)
{
  g_free (finding->rule);
  g_free (finding->message);
  g_free (finding->field);
  g_free (finding);
}

static void
add (GPtrArray  *findings,
     CoSeverity  severity,
     const char *rule,
     char       *field,
     const char *format,
     ...) G_GNUC_PRINTF (5, 6);

/* Takes @field. */
static void
add (GPtrArray  *findings,
     CoSeverity  severity,
     const char *rule,
     char       *field,
     const char *format,
     ...)
{
  CoFinding *finding = g_new0 (CoFinding, 1);
  va_list args;

  va_start (args, format);
  finding->message = g_strdup_vprintf (format, args);
  va_end (args);
  finding->severity = severity;
  finding->rule = g_strdup (rule);
  finding->field = field;
  g_ptr_array_add (findings, finding);
}

static gboolean
is_set (const char *value)
{
  return value != NULL && *value != '\0';
}

static void
check_basics (GPtrArray *findings,
              CoGroup   *group,
              CoItem    *plan)
{
  if (!is_set (co_item_get (plan, "mission")))
    add (findings, CO_SEVERITY_ERROR, "no-mission", g_strdup ("plan:mission"),
         _("The plan has no mission: say why the community exists."));
  if (!is_set (co_group_get_field (group, CO_GROUP_FIELD_ORIENTATION)))
    add (findings, CO_SEVERITY_WARNING, "no-positioning", g_strdup ("group:orientation"),
         _("The group has no orientation: material (product, resources) or knowledge."));
  if (!is_set (co_group_get_field (group, CO_GROUP_FIELD_CATEGORY)))
    add (findings, CO_SEVERITY_WARNING, "no-positioning", g_strdup ("group:category"),
         _("The group has no category."));
}

static void
check_goals (GPtrArray *findings,
             CoStore   *store,
             gint64     group_id)
{
  g_autoptr(GListStore) goals = co_list_items (store, CO_LIST_GOALS, group_id, NULL);

  for (guint i = 0; goals && i < g_list_model_get_n_items (G_LIST_MODEL (goals)); i++)
    {
      g_autoptr(CoItem) goal = g_list_model_get_item (G_LIST_MODEL (goals), i);
      g_autofree char *title = co_item_dup_title (goal);

      if (!is_set (co_item_get (goal, "metric")))
        add (findings, CO_SEVERITY_WARNING, "goal-incomplete",
             g_strdup_printf ("item:goals:%" G_GINT64_FORMAT ":metric", co_item_get_id (goal)),
             _("A goal has no metric."));
      if (!is_set (co_item_get (goal, "target")))
        add (findings, CO_SEVERITY_WARNING, "goal-incomplete",
             g_strdup_printf ("item:goals:%" G_GINT64_FORMAT ":target", co_item_get_id (goal)),
             /* Translators: %s is a goal's metric */
             _("The goal “%s” has no target number."), title);
      if (!is_set (co_item_get (goal, "unit")))
        add (findings, CO_SEVERITY_WARNING, "goal-incomplete",
             g_strdup_printf ("item:goals:%" G_GINT64_FORMAT ":unit", co_item_get_id (goal)),
             /* Translators: %s is a goal's metric */
             _("The goal “%s” has no unit."), title);
      if (!is_set (co_item_get (goal, "deadline")))
        add (findings, CO_SEVERITY_WARNING, "goal-incomplete",
             g_strdup_printf ("item:goals:%" G_GINT64_FORMAT ":deadline", co_item_get_id (goal)),
             /* Translators: %s is a goal's metric */
             _("The goal “%s” has no deadline."), title);
    }
}

/* The welcome message of the group's type and the rules of its stage. */
static void
check_rules (GPtrArray *findings,
             CoStore   *store,
             CoGroup   *group)
{
  const char *type = co_group_get_field (group, CO_GROUP_FIELD_GROUP_TYPE);
  const char *stage = co_group_get_field (group, CO_GROUP_FIELD_STAGE);
  gint64 group_id = co_group_get_id (group);
  g_autoptr(GListStore) type_rules = co_list_items (store, CO_LIST_TYPE_RULES, group_id, NULL);
  g_autoptr(GListStore) stage_rules = co_list_items (store, CO_LIST_STAGE_RULES, group_id, NULL);
  gboolean has_welcome = FALSE, has_rules = FALSE;

  for (guint i = 0; type && type_rules && i < g_list_model_get_n_items (G_LIST_MODEL (type_rules)); i++)
    {
      g_autoptr(CoItem) rule = g_list_model_get_item (G_LIST_MODEL (type_rules), i);
      if (g_strcmp0 (co_item_get (rule, "group_type"), type) == 0)
        has_welcome = is_set (co_item_get (rule, "welcome"));
    }
  if (type != NULL && !has_welcome)
    add (findings, CO_SEVERITY_WARNING, "no-welcome", g_strdup_printf ("fixed:type_rules:%s:welcome", type),
         _("There is no welcome message for the group type “%s”."), co_choice_label (CO_CHOICE_GROUP_TYPE, type));

  for (guint i = 0; stage && stage_rules && i < g_list_model_get_n_items (G_LIST_MODEL (stage_rules)); i++)
    {
      g_autoptr(CoItem) rule = g_list_model_get_item (G_LIST_MODEL (stage_rules), i);
      if (g_strcmp0 (co_item_get (rule, "stage"), stage) == 0)
        has_rules = is_set (co_item_get (rule, "rules"));
    }
  if (stage != NULL && !has_rules)
    add (findings, CO_SEVERITY_WARNING, "no-stage-rules", g_strdup_printf ("fixed:stage_rules:%s:rules", stage),
         _("There are no group rules for the %s stage the group is in."),
         co_choice_label (CO_CHOICE_STAGE, stage));
}

static void
check_admission (GPtrArray *findings,
                 CoStore   *store,
                 gint64     group_id,
                 CoItem    *plan)
{
  g_auto(GStrv) admission = co_plan_get_selection (store, group_id, CO_CHOICE_ADMISSION);

  if (g_strv_contains ((const char * const *) admission, "paid") && co_item_get_int (plan, "admission_fee", 0) <= 0)
    add (findings, CO_SEVERITY_ERROR, "paid-without-fee", g_strdup ("plan:admission_fee"),
         _("Admission is paid, but the plan sets no fee."));
  if (g_strv_contains ((const char * const *) admission, "purchase") && co_item_get_int (plan, "min_purchase", 0) <= 0)
    add (findings, CO_SEVERITY_WARNING, "purchase-without-minimum", g_strdup ("plan:min_purchase"),
         _("Admission is by purchase, but the plan sets no minimum purchase."));
}

static void
check_activities (GPtrArray *findings,
                  CoStore   *store,
                  gint64     group_id)
{
  g_autoptr(GListStore) activities = co_list_items (store, CO_LIST_ACTIVITIES, group_id, NULL);

  for (guint i = 0; activities && i < g_list_model_get_n_items (G_LIST_MODEL (activities)); i++)
    {
      g_autoptr(CoItem) activity = g_list_model_get_item (G_LIST_MODEL (activities), i);
      g_autofree char *title = co_item_dup_title (activity);
      gint64 id = co_item_get_id (activity);
      gint64 budget = co_item_get_int (activity, "budget", -1);
      gint64 spent = co_activity_get_spent (store, id);

      if (!is_set (co_item_get (activity, "owner")))
        add (findings, CO_SEVERITY_WARNING, "activity-no-owner",
             g_strdup_printf ("item:activities:%" G_GINT64_FORMAT ":owner", id),
             _("The activity “%s” has no owner."), title);
      if (budget < 0)
        add (findings, CO_SEVERITY_WARNING, "activity-no-budget",
             g_strdup_printf ("item:activities:%" G_GINT64_FORMAT ":budget", id),
             _("The activity “%s” has no budget."), title);
      else if (spent > budget)
        {
          g_autofree char *spent_text = co_money_format (spent);
          g_autofree char *budget_text = co_money_format (budget);
          add (findings, CO_SEVERITY_ERROR, "over-budget",
               g_strdup_printf ("item:activities:%" G_GINT64_FORMAT ":budget", id),
               _("The activity “%s” has spent ¥%s of a ¥%s budget."), title, spent_text, budget_text);
        }
    }
}

static void
check_platform_limits (GPtrArray *findings,
                       CoStore   *store,
                       CoGroup   *group,
                       CoItem    *plan)
{
  g_auto(GStrv) sources = co_plan_get_selection (store, co_group_get_id (group), CO_CHOICE_USER_SOURCE);
  gint64 size = co_item_get_int (plan, "target_size", 0);
  gint64 batch = co_item_get_int (plan, "invite_batch", 0);

  if (g_strcmp0 (co_group_get_field (group, CO_GROUP_FIELD_PLATFORM), "wechat") != 0)
    return;

  /* Counts are at most a billion (co-plan.c), so they fit an int for the messages. */
  if (size > WECHAT_GROUP_LIMIT)
    add (findings, CO_SEVERITY_ERROR, "size-over-limit", g_strdup ("plan:target_size"),
         _("A WeChat group holds at most %d members; the plan aims for %d. Plan several groups instead."),
         WECHAT_GROUP_LIMIT, (int) size);
  if (batch > WECHAT_OPEN_JOIN_LIMIT)
    add (findings, CO_SEVERITY_WARNING, "invite-limits", g_strdup ("plan:invite_batch"),
         _("Batches of %d invitations: past %d members a WeChat group only takes members by "
           "invitation, one confirmation at a time. Invite at most %d at once."),
         (int) batch, WECHAT_OPEN_JOIN_LIMIT, WECHAT_OPEN_JOIN_LIMIT);
  if (g_strv_contains ((const char * const *) sources, "qr-code"))
    {
      if (size > WECHAT_OPEN_JOIN_LIMIT)
        add (findings, CO_SEVERITY_WARNING, "invite-limits", g_strdup ("selection:user-source"),
             _("Members come by QR code, but a WeChat group past %d members cannot be joined by QR "
               "code. Plan invitations for the rest."), WECHAT_OPEN_JOIN_LIMIT);
      add (findings, CO_SEVERITY_SUGGESTION, "qr-code-expiry", g_strdup ("selection:user-source"),
           _("WeChat group QR codes expire after 7 days, and one account can join about 10 groups a "
             "day by QR code: renew the codes on posters every week."));
    }
}

/* Rules reminders at least twice a week, and no day of the week without content. */
static void
check_calendar (GPtrArray *findings,
                CoStore   *store,
                gint64     group_id)
{
  g_autoptr(GListStore) items = co_list_items (store, CO_LIST_CONTENT, group_id, NULL);
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
  gboolean covered[7] = { FALSE };
  guint reminders = 0, n_items = items ? g_list_model_get_n_items (G_LIST_MODEL (items)) : 0;
  g_autoptr(GString) empty_days = g_string_new (NULL);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);
      const char *cadence = co_item_get (item, "cadence");
      int weekday = co_choice_index (CO_CHOICE_WEEKDAY, co_item_get (item, "weekday"));
      gboolean reminder = g_strcmp0 (co_item_get (item, "slot"), "rules-reminder") == 0;

      if (g_strcmp0 (cadence, "daily") == 0)
        {
          for (guint d = 0; d < 7; d++)
            covered[d] = TRUE;
          reminders += reminder ? 7 : 0;
        }
      else if (g_strcmp0 (cadence, "weekly") == 0 && weekday >= 0)
        {
          covered[weekday] = TRUE;
          reminders += reminder ? 1 : 0;
        }
    }

  if (reminders < REMINDERS_PER_WEEK)
    add (findings, CO_SEVERITY_WARNING, "few-reminders", g_strdup ("section:content_items"),
         g_dngettext (GETTEXT_PACKAGE, "The rules are recalled %u time a week; practitioners recall them at least twice, "
                   "in the evening.",
                   "The rules are recalled %u times a week; practitioners recall them at least twice, "
                   "in the evening.", reminders), reminders);

  if (n_items == 0)
    {
      add (findings, CO_SEVERITY_WARNING, "calendar-empty-days", g_strdup ("section:content_items"),
           _("The content calendar is empty."));
      return;
    }
  for (guint d = 0; d < n_weekdays; d++)
    if (!covered[d])
      {
        if (empty_days->len > 0)
          /* Translators: separates the names of days in a list */
          g_string_append (empty_days, _(", "));
        g_string_append (empty_days, _(weekdays[d].label));
      }
  if (empty_days->len > 0)
    add (findings, CO_SEVERITY_WARNING, "calendar-empty-days", g_strdup ("section:content_items"),
         _("Nothing is planned on these days: %s."), empty_days->str);
}

/* Owner, admin and operator are taken; no operator has too many groups; the roster covers
 * the active hours; the group's alt accounts have owners and different Moments content. */
static void
check_staffing (GPtrArray *findings,
                CoStore   *store,
                gint64     group_id)
{
  g_autoptr(GListStore) assignments = co_list_items (store, CO_LIST_ASSIGNMENTS, group_id, NULL);
  g_autoptr(GListStore) alts = co_alt_accounts_in_group (store, group_id);
  g_autoptr(GArray) gaps = co_team_roster_gaps (store, group_id, NULL);
  g_autoptr(GHashTable) categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *required[] = { "owner", "admin", "operator" };
  gint64 operator_id = co_role_find_builtin (store, "operator");

  for (guint r = 0; r < G_N_ELEMENTS (required); r++)
    {
      gint64 role_id = co_role_find_builtin (store, required[r]);
      gboolean taken = FALSE;

      for (guint i = 0; assignments && i < g_list_model_get_n_items (G_LIST_MODEL (assignments)); i++)
        {
          g_autoptr(CoItem) assignment = g_list_model_get_item (G_LIST_MODEL (assignments), i);
          g_autofree char *person = co_team_dup_name (store, CO_LIST_STAFF, co_item_get_int (assignment, "staff_id", 0));
          taken |= co_item_get_int (assignment, "role_id", 0) == role_id && person != NULL;
        }
      if (role_id != 0 && !taken)
        add (findings, CO_SEVERITY_WARNING, "missing-role", g_strdup ("section:assignments"),
             _("Nobody has the role “%s” in this group."), co_choice_label (CO_CHOICE_BUILTIN_ROLE, required[r]));
    }

  for (guint i = 0; assignments && i < g_list_model_get_n_items (G_LIST_MODEL (assignments)); i++)
    {
      g_autoptr(CoItem) assignment = g_list_model_get_item (G_LIST_MODEL (assignments), i);
      gint64 staff_id = co_item_get_int (assignment, "staff_id", 0);
      g_autofree char *person = co_team_dup_name (store, CO_LIST_STAFF, staff_id);
      guint n_groups;

      if (person == NULL || co_item_get_int (assignment, "role_id", 0) != operator_id)
        continue;
      n_groups = co_team_count_groups (store, staff_id, operator_id);
      if (n_groups > OPERATOR_MAX_GROUPS)
        add (findings, CO_SEVERITY_WARNING, "operator-overload",
             g_strdup_printf ("item:assignments:%" G_GINT64_FORMAT ":staff_id", co_item_get_id (assignment)),
             _("%s is the operator of %u groups; one operator looks after %d at most."),
             person, n_groups, OPERATOR_MAX_GROUPS);
    }

  if (gaps != NULL && gaps->len > 0)
    {
      g_autoptr(GString) listed = g_string_new (NULL);

      for (guint i = 0; i < MIN (gaps->len, GAPS_LISTED); i++)
        {
          g_autofree char *gap = co_gap_format (&g_array_index (gaps, CoGap, i));
          if (i > 0)
            g_string_append (listed, _(", "));
          g_string_append (listed, gap);
        }
      if (gaps->len > GAPS_LISTED)
        g_string_append (listed, "…");
      add (findings, CO_SEVERITY_WARNING, "roster-gaps", g_strdup ("section:shifts"),
           g_dngettext (GETTEXT_PACKAGE, "Nobody is on duty %u time the group is active: %s.",
                        "Nobody is on duty %u times the group is active: %s.", gaps->len),
           gaps->len, listed->str);
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (alts)); i++)
    {
      g_autoptr(CoItem) alt = g_list_model_get_item (G_LIST_MODEL (alts), i);
      g_autofree char *title = co_item_dup_title (alt);
      g_autofree char *owner = co_team_dup_name (store, CO_LIST_STAFF, co_item_get_int (alt, "owner_id", 0));
      const char *category = co_item_get (alt, "moments_category");

      if (owner == NULL)
        add (findings, CO_SEVERITY_WARNING, "alt-no-owner",
             g_strdup_printf ("item:alt_accounts:%" G_GINT64_FORMAT ":owner_id", co_item_get_id (alt)),
             _("The alt account “%s” has no owner."), title);
      if (category != NULL)
        {
          g_autofree char *key = g_utf8_casefold (category, -1);
          const char *other = g_hash_table_lookup (categories, key);

          if (other != NULL)
            add (findings, CO_SEVERITY_WARNING, "alt-same-moments",
                 g_strdup_printf ("item:alt_accounts:%" G_GINT64_FORMAT ":moments_category", co_item_get_id (alt)),
                 _("The alt accounts “%s” and “%s” post the same Moments content in this group."), other, title);
          else
            g_hash_table_insert (categories, g_steal_pointer (&key), g_strdup (title));
        }
    }
}

/* A channel whose members of the group convert far less often than those of its other
 * channels: the money or effort may be better spent elsewhere. */
static void
check_channels (GPtrArray *findings,
                CoStore   *store,
                gint64     group_id)
{
  g_autoptr(GPtrArray) channels = co_channel_conversions (store, group_id, NULL);
  double all_joined = 0, all_converted = 0;

  for (guint i = 0; channels != NULL && i < channels->len; i++)
    {
      CoChannelConversion *channel = channels->pdata[i];
      all_joined += channel->joined;
      all_converted += channel->converted;
    }
  for (guint i = 0; channels != NULL && i < channels->len; i++)
    {
      CoChannelConversion *channel = channels->pdata[i];
      double n = channel->joined, bought = channel->converted;
      double others = all_joined - n, others_bought = all_converted - bought;

      if (n < CHANNEL_MIN_JOINED || others < CHANNEL_MIN_JOINED || others_bought == 0 ||
          bought / n >= CHANNEL_FAR_BELOW * (others_bought / others))
        continue;
      add (findings, CO_SEVERITY_WARNING, "channel-low-conversion", g_strdup ("selection:user-source"),
           /* Translators: a channel, its members who bought of those who joined, and the same for the
            * group's other channels */
           _("Members who came through “%s” convert far less often than through the other channels: "
             "%.1f%% (%.0f of %.0f) against %.1f%% (%.0f of %.0f). See the Funnel in Reports before "
             "spending more on it."),
           channel->name, bought / n * 100, bought, n,
           others_bought / others * 100, others_bought, others);
    }
}

/* A group runs on its SOP: one without steps, and steps that cannot fire, fill their text or
 * reach anyone (core/sop). */
static void
check_sop (GPtrArray *findings,
           CoStore   *store,
           gint64     group_id)
{
  g_autoptr(GListStore) steps = co_list_items (store, CO_LIST_SOP_STEPS, group_id, NULL);

  if (steps == NULL)
    return;
  if (g_list_model_get_n_items (G_LIST_MODEL (steps)) == 0)
    add (findings, CO_SEVERITY_WARNING, "no-sop", g_strdup ("section:sop_steps"),
         "%s", _("The group has no SOP: add the steps that keep it going, such as the welcome, the topic of the week and the announcements before activities."));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (steps)); i++)
    {
      g_autoptr(CoItem) step = g_list_model_get_item (G_LIST_MODEL (steps), i);
      g_autoptr(GPtrArray) problems = co_sop_step_problems (store, step);
      g_autofree char *title = co_item_dup_title (step);
      gboolean unassigned = !co_sop_step_has_assignee (store, step);

      for (guint p = 0; p < problems->len; p++)
        {
          /* Whom it reaches is the last of a step's problems, when it has one. */
          gboolean assignee = unassigned && p == problems->len - 1;

          add (findings, CO_SEVERITY_WARNING, assignee ? "sop-step-unassigned" : "sop-step",
               g_strdup_printf ("item:sop_steps:%" G_GINT64_FORMAT ":%s", co_item_get_id (step),
                                assignee ? "role_id" : "trigger"),
               /* Translators: an SOP step's title, then what is wrong with it */
               _("SOP step “%s”: %s"), title != NULL && *title ? title : _("Untitled"), (char *) problems->pdata[p]);
        }
    }
}

/* Returns the findings about @group_id's plan, errors first. */
GPtrArray *
co_plan_check (CoStore  *store,
               gint64    group_id,
               GError  **error)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) co_finding_free);
  g_autoptr(CoGroup) group = co_group_get (store, group_id, error);
  g_autoptr(CoItem) plan = NULL;

  if (group == NULL)
    return NULL;
  plan = co_plan_get (store, group_id, error);
  if (plan == NULL)
    return NULL;

  check_basics (findings, group, plan);
  check_goals (findings, store, group_id);
  check_rules (findings, store, group);
  check_admission (findings, store, group_id, plan);
  check_activities (findings, store, group_id);
  check_platform_limits (findings, store, group, plan);
  check_calendar (findings, store, group_id);
  check_staffing (findings, store, group_id);
  check_channels (findings, store, group_id);
  check_sop (findings, store, group_id);

  /* Stable: equal severities keep the order of the plan. */
  for (guint i = 1; i < findings->len; i++)
    for (guint j = i; j > 0; j--)
      {
        CoFinding *a = findings->pdata[j - 1], *b = findings->pdata[j];
        if (a->severity <= b->severity)
          break;
        findings->pdata[j - 1] = b;
        findings->pdata[j] = a;
      }
  return g_steal_pointer (&findings);
}
