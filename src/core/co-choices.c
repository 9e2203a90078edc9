/* co-choices.c: the keyword lists of DOMAIN.md §1–2 and their translated labels. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "co-choices.h"

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
  { "brand", N_("Brand") },
  { "startup", N_("Startup") },
  { "mature", N_("Mature") },
  { "core-users", N_("Core users") },
  { "extension", N_("Extension") },
  { "activity", N_("Activity") },
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
