/* co-choices.h: the fixed lists a group is classified by (category, platform, stage, …).
 *
 * The database stores stable English keywords; labels are translated only when shown, so a
 * database moves between languages unchanged.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CO_CHOICE_CATEGORY,
  CO_CHOICE_ORIENTATION,
  CO_CHOICE_PLATFORM,
  CO_CHOICE_STAGE,
  CO_CHOICE_GROUP_TYPE,
  CO_CHOICE_LEVEL,
  CO_CHOICE_THEME,
  CO_CHOICE_BOND_DRIVER,
  CO_CHOICE_USER_SOURCE,
  CO_CHOICE_ADMISSION,
  CO_CHOICE_VALUE_OUTPUT,
  CO_CHOICE_MONETIZATION,
  CO_CHOICE_STRATEGY,
  CO_CHOICE_CONTENT_SLOT,
  CO_CHOICE_CADENCE,
  CO_CHOICE_WEEKDAY,
  CO_CHOICE_ACTIVITY_MODE,
  CO_CHOICE_PROBLEM_STATUS,
  CO_CHOICE_METRIC,
  CO_CHOICE_PHASE,
  CO_CHOICE_ROLE_KIND,
  CO_CHOICE_ROLE_GROUP,
  CO_CHOICE_BUILTIN_ROLE,
  CO_CHOICE_BUILTIN_TIER,
  CO_CHOICE_ACTIVITY_KIND,
  CO_CHOICE_CHANNEL_KIND,
  CO_CHOICE_SOP_TRIGGER,
  CO_CHOICE_LIBRARY_KIND,
  CO_N_CHOICE_KINDS
} CoChoiceKind;

typedef struct
{
  const char *keyword;
  const char *label;  /* untranslated; co_choice_label() translates */
} CoChoice;

const CoChoice *co_choices_get   (CoChoiceKind  kind,
                                  guint        *n_choices);
int             co_choice_index  (CoChoiceKind  kind,
                                  const char   *keyword);
const char     *co_choice_label  (CoChoiceKind  kind,
                                  const char   *keyword);
const char     *co_choice_kind_title (CoChoiceKind kind);

G_END_DECLS
