/* co-choices.c: the keyword lists of DOMAIN.md §1–2 and their translated labels. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/records/co-choices.h"

static const CoChoice categories[] = {
  { "interest", N_("Interest") },
  { "mutual-aid", N_("Mutual aid / public welfare") },
  { "team-service", N_("Team service") },
  { "sentiment", N_("Personal sentiment") },
  { "other", N_("Other") },
};

static const CoChoice orientations[] = {
  { "material", N_("Material (product, resources)") },
  { "knowledge", N_("Knowledge (expert, KOL)") },
};

static const CoChoice platforms[] = {
  { "wechat", N_("WeChat group") },
  { "wecom", N_("WeCom") },
  { "qq", N_("QQ group") },
  { "telegram", N_("Telegram") },
  { "discord", N_("Discord") },
  { "forum", N_("Forum") },
  { "app", N_("App / knowledge circle") },
  { "other", N_("Other") },
};

static const CoChoice stages[] = {
  { "startup", N_("Startup") },
  { "growing", N_("Growing") },
  { "mature", N_("Mature") },
};

static const CoChoice group_types[] = {
  { "brand", N_("Brand group") },
  { "startup", N_("Startup group") },
  { "mature", N_("Mature group") },
  { "core-users", N_("Core users group") },
  { "extension", N_("Extension group") },
  { "activity", N_("Activity group") },
};

static const CoChoice levels[] = {
  { "ordinary-fans", N_("Ordinary fans") },
  { "active-fans", N_("Active fans") },
  { "intent-customers", N_("Intent customers") },
  { "students", N_("Students / paid") },
};

static const CoChoice themes[] = {
  { "exchange", N_("Exchange") },
  { "trial", N_("Trial") },
  { "paid", N_("Paid") },
};

static const CoChoice bond_drivers[] = {
  { "product", N_("Product-driven") },
  { "brand", N_("Brand-driven") },
  { "person", N_("Person-driven (KOL)") },
};

static const CoChoice user_sources[] = {
  { "paid-promotion", N_("Paid promotion") },
  { "free-promotion", N_("Free promotion") },
  { "official-account", N_("Official account") },
  { "moments", N_("Moments") },
  { "qr-code", N_("Channel QR code") },
  { "internal", N_("Internal referral") },
  { "soft-articles", N_("Soft articles") },
  { "activities", N_("Activities") },
  { "peer-groups", N_("Peer groups") },
  { "self-media", N_("Self-media") },
  { "offline", N_("Offline / ground promotion") },
  { "existing-customers", N_("Existing customers") },
};

static const CoChoice admissions[] = {
  { "free", N_("Free") },
  { "paid", N_("Paid (fee)") },
  { "invitation", N_("Invitation / invite code") },
  { "share-link", N_("Share a link") },
  { "identity", N_("Identity check") },
  { "asset-proof", N_("Asset proof") },
  { "purchase", N_("Product purchase") },
  { "other", N_("Other") },
};

static const CoChoice value_outputs[] = {
  { "content", N_("Pure content") },
  { "info-service", N_("Free information service") },
  { "perks", N_("Perks and red packets") },
  { "meetups", N_("Offline meetups") },
  { "resources", N_("Resource and file sharing") },
  { "other", N_("Other") },
};

static const CoChoice monetizations[] = {
  { "conversion", N_("Product or brand conversion") },
  { "membership-fee", N_("Membership fee") },
  { "ads", N_("Ads and sponsorship") },
  { "side-business", N_("Other business") },
  { "crowdfunding", N_("Crowdfunding") },
  { "retail", N_("Retail and distribution") },
  { "value-added", N_("Value-added services") },
  { "none", N_("None (public welfare)") },
};

static const CoChoice strategies[] = {
  { "centralized", N_("Centralized") },
  { "tiered", N_("Tiered") },
  { "self-governed", N_("Self-governed") },
  { "laissez-faire", N_("Laissez-faire") },
};

static const CoChoice content_slots[] = {
  { "morning-report", N_("Morning report") },
  { "evening-report", N_("Evening report") },
  { "news", N_("News forwarding") },
  { "discussion", N_("Discussion topic") },
  { "rules-reminder", N_("Rules reminder") },
  { "other", N_("Other") },
};

static const CoChoice cadences[] = {
  { "daily", N_("Daily") },
  { "weekly", N_("Weekly") },
  { "monthly", N_("Monthly") },
};

/* Monday first, as ISO 8601 and Chinese calendars count. */
static const CoChoice weekdays[] = {
  { "mon", N_("Monday") },
  { "tue", N_("Tuesday") },
  { "wed", N_("Wednesday") },
  { "thu", N_("Thursday") },
  { "fri", N_("Friday") },
  { "sat", N_("Saturday") },
  { "sun", N_("Sunday") },
};

static const CoChoice activity_modes[] = {
  { "online", N_("Online") },
  { "offline", N_("Offline") },
};

static const CoChoice problem_statuses[] = {
  { "open", N_("Open") },
  { "in-progress", N_("In progress") },
  { "resolved", N_("Resolved") },
};

/* The report figures of DOMAIN.md §4 a goal can measure. */
static const CoChoice metrics[] = {
  { "members-total", N_("Members in total") },
  { "net-growth", N_("Net growth") },
  { "acceptance-rate", N_("Invitation acceptance rate") },
  { "dau", N_("Daily active members (DAU)") },
  { "wau", N_("Weekly active members (WAU)") },
  { "mau", N_("Monthly active members (MAU)") },
  { "stickiness", N_("Stickiness (DAU / MAU)") },
  { "interaction-rate", N_("Interaction rate") },
  { "retention-d1", N_("Day-1 retention") },
  { "retention-d7", N_("Day-7 retention") },
  { "retention-d30", N_("Day-30 retention") },
  { "conversion-rate", N_("Conversion rate") },
  { "participation-rate", N_("Activity participation rate") },
  { "registrations", N_("Platform registrations") },
  { "conversions", N_("Conversions") },
  { "quality-feedback", N_("Quality feedback items") },
  { "custom", N_("Custom") },
};

static const CoChoice phases[] = {
  { "preparation", N_("Preparation") },
  { "before-launch", N_("Before launch") },
  { "running", N_("Running") },
  { "feedback", N_("Feedback") },
};

static const CoChoice role_kinds[] = {
  { "team", N_("Team role (who works)") },
  { "in-group", N_("In-group role (who speaks)") },
};

static const CoChoice role_groups[] = {
  { "management", N_("Management") },
  { "planning", N_("Planning") },
  { "experts", N_("Experts") },
  { "shills", N_("Shills") },
};

/* DOMAIN.md §2; migration 3 of co-store.c makes one role of each. */
static const CoChoice builtin_roles[] = {
  { "group-admin", N_("Group administrator") },
  { "operator", N_("Operator") },
  { "copywriter", N_("Copywriter") },
  { "owner", N_("Group owner") },
  { "admin", N_("Admin") },
  { "expert", N_("Expert / KOL") },
  { "warm-up", N_("Warm-up") },
  { "host", N_("Host") },
  { "shill", N_("Shill") },
  { "resourceful", N_("Resourceful member") },
  { "joker", N_("Joker") },
  { "newcomer", N_("Newcomer") },
  { "onlooker", N_("Onlooker") },
  { "organizer", N_("Organizer") },
};

/* DOMAIN.md §3; co_tiers_ensure() gives every group one of each. */
static const CoChoice builtin_tiers[] = {
  { "new", N_("New") },
  { "active", N_("Active") },
  { "core", N_("High-value / Core") },
};

/* What a member's activity log records (co_activity_kinds in co-member.h). */
static const CoChoice activity_kinds[] = {
  { "spoke", N_("Spoke") },
  { "posted", N_("Posted") },
  { "attended", N_("Attended an activity") },
  { "purchased", N_("Purchased") },
};

/* Where members come from (来源渠道): what a channel is. */
static const CoChoice channel_kinds[] = {
  { "qr-code", N_("Channel QR code") },
  { "poster", N_("Poster") },
  { "article", N_("Article") },
  { "livestream", N_("Livestream") },
  { "referral", N_("Referral") },
  { "event", N_("Event") },
  { "other", N_("Other") },
};

/* What starts an SOP step (core/sop/co-sop.h). */
static const CoChoice sop_triggers[] = {
  { "founded", N_("Days after the group’s founding") },
  { "joined", N_("Days after a member joins") },
  { "activity", N_("Hours before or after an activity") },
  { "weekly", N_("Every week") },
  { "once", N_("Once, on a date") },
};

/* What a library item is (core/library/co-library.h): a text, or an image of one of three kinds. */
static const CoChoice library_kinds[] = {
  { "text", N_("Text") },
  { "poster", N_("Poster") },
  { "slogan", N_("Slogan Image") },
  { "qr", N_("Group QR Code") },
};

static const struct
{
  const CoChoice *choices;
  guint           n_choices;
  const char     *title;
} kinds[CO_N_CHOICE_KINDS] = {
  [CO_CHOICE_CATEGORY] = { categories, G_N_ELEMENTS (categories), N_("Category") },
  [CO_CHOICE_ORIENTATION] = { orientations, G_N_ELEMENTS (orientations), N_("Orientation") },
  [CO_CHOICE_PLATFORM] = { platforms, G_N_ELEMENTS (platforms), N_("Platform") },
  [CO_CHOICE_STAGE] = { stages, G_N_ELEMENTS (stages), N_("Stage") },
  [CO_CHOICE_GROUP_TYPE] = { group_types, G_N_ELEMENTS (group_types), N_("Group Type") },
  [CO_CHOICE_LEVEL] = { levels, G_N_ELEMENTS (levels), N_("Level") },
  [CO_CHOICE_THEME] = { themes, G_N_ELEMENTS (themes), N_("Theme") },
  [CO_CHOICE_BOND_DRIVER] = { bond_drivers, G_N_ELEMENTS (bond_drivers), N_("Bond Driver") },
  [CO_CHOICE_USER_SOURCE] = { user_sources, G_N_ELEMENTS (user_sources), N_("User Sources") },
  [CO_CHOICE_ADMISSION] = { admissions, G_N_ELEMENTS (admissions), N_("Admission Threshold") },
  [CO_CHOICE_VALUE_OUTPUT] = { value_outputs, G_N_ELEMENTS (value_outputs), N_("Value Output") },
  [CO_CHOICE_MONETIZATION] = { monetizations, G_N_ELEMENTS (monetizations), N_("Monetization") },
  [CO_CHOICE_STRATEGY] = { strategies, G_N_ELEMENTS (strategies), N_("Management Strategy") },
  [CO_CHOICE_CONTENT_SLOT] = { content_slots, G_N_ELEMENTS (content_slots), N_("Slot") },
  [CO_CHOICE_CADENCE] = { cadences, G_N_ELEMENTS (cadences), N_("Cadence") },
  [CO_CHOICE_WEEKDAY] = { weekdays, G_N_ELEMENTS (weekdays), N_("Weekday") },
  [CO_CHOICE_ACTIVITY_MODE] = { activity_modes, G_N_ELEMENTS (activity_modes), N_("Online or Offline") },
  [CO_CHOICE_PROBLEM_STATUS] = { problem_statuses, G_N_ELEMENTS (problem_statuses), N_("Status") },
  [CO_CHOICE_METRIC] = { metrics, G_N_ELEMENTS (metrics), N_("Metric") },
  [CO_CHOICE_PHASE] = { phases, G_N_ELEMENTS (phases), N_("Phase") },
  [CO_CHOICE_ROLE_KIND] = { role_kinds, G_N_ELEMENTS (role_kinds), N_("Kind of Role") },
  [CO_CHOICE_ROLE_GROUP] = { role_groups, G_N_ELEMENTS (role_groups), N_("Role Group") },
  [CO_CHOICE_BUILTIN_ROLE] = { builtin_roles, G_N_ELEMENTS (builtin_roles), N_("Built-in Role") },
  [CO_CHOICE_BUILTIN_TIER] = { builtin_tiers, G_N_ELEMENTS (builtin_tiers), N_("Built-in Tier") },
  [CO_CHOICE_ACTIVITY_KIND] = { activity_kinds, G_N_ELEMENTS (activity_kinds), N_("Kind of Activity") },
  [CO_CHOICE_CHANNEL_KIND] = { channel_kinds, G_N_ELEMENTS (channel_kinds), N_("Kind of Channel") },
  [CO_CHOICE_SOP_TRIGGER] = { sop_triggers, G_N_ELEMENTS (sop_triggers), N_("Trigger") },
  [CO_CHOICE_LIBRARY_KIND] = { library_kinds, G_N_ELEMENTS (library_kinds), N_("Kind of Item") },
};

const CoChoice *
co_choices_get (CoChoiceKind  kind,
                guint        *n_choices)
{
  g_return_val_if_fail (kind < CO_N_CHOICE_KINDS, NULL);

  *n_choices = kinds[kind].n_choices;
  return kinds[kind].choices;
}

/* Returns the position of @keyword in its list, or -1 when it is not one of them. */
int
co_choice_index (CoChoiceKind  kind,
                 const char   *keyword)
{
  g_return_val_if_fail (kind < CO_N_CHOICE_KINDS, -1);

  if (keyword == NULL)
    return -1;
  for (guint i = 0; i < kinds[kind].n_choices; i++)
    if (g_str_equal (kinds[kind].choices[i].keyword, keyword))
      return (int) i;
  return -1;
}

/* The translated label of @keyword, or NULL when it is unset or unknown. */
const char *
co_choice_label (CoChoiceKind  kind,
                 const char   *keyword)
{
  int index = co_choice_index (kind, keyword);

  return index < 0 ? NULL : _(kinds[kind].choices[index].label);
}

const char *
co_choice_kind_title (CoChoiceKind kind)
{
  g_return_val_if_fail (kind < CO_N_CHOICE_KINDS, NULL);
  return _(kinds[kind].title);
}
