/* co-sample.c: a realistic workspace in the user's language: the research-platform case of
 * DOMAIN.md §6 as a matrix of groups, plus communities of other kinds and one archived. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "co-group.h"
#include "co-sample.h"
#include "co-store-private.h"

typedef struct
{
  const char *name;
  int         parent;  /* index into sample_groups, or -1 */
  gboolean    archived;
  const char *fields[CO_N_GROUP_FIELDS];
} SampleGroup;

static const SampleGroup sample_groups[] = {
  { N_("Research Platform Matrix"), -1, FALSE, {
      [CO_GROUP_FIELD_SLOGAN] = N_("Every researcher finds the paper they need"),
      [CO_GROUP_FIELD_CATEGORY] = "interest",
      [CO_GROUP_FIELD_ORIENTATION] = "material",
      [CO_GROUP_FIELD_PLATFORM] = "wechat",
      [CO_GROUP_FIELD_STAGE] = "startup",
      [CO_GROUP_FIELD_GROUP_TYPE] = "brand",
      [CO_GROUP_FIELD_LEVEL] = "intent-customers",
      [CO_GROUP_FIELD_THEME] = "exchange",
      [CO_GROUP_FIELD_FOUNDING_DATE] = "2026-12-01" } },
  { N_("Literature Exchange Group 1"), 0, FALSE, {
      [CO_GROUP_FIELD_SLOGAN] = N_("New papers every morning, the best posts every evening"),
      [CO_GROUP_FIELD_CATEGORY] = "interest",
      [CO_GROUP_FIELD_ORIENTATION] = "material",
      [CO_GROUP_FIELD_PLATFORM] = "wechat",
      [CO_GROUP_FIELD_STAGE] = "startup",
      [CO_GROUP_FIELD_GROUP_TYPE] = "core-users",
      [CO_GROUP_FIELD_LEVEL] = "intent-customers",
      [CO_GROUP_FIELD_THEME] = "exchange",
      [CO_GROUP_FIELD_FOUNDING_DATE] = "2026-12-01" } },
  { N_("Literature Exchange Group 2"), 0, FALSE, {
      [CO_GROUP_FIELD_SLOGAN] = N_("Ask for a full text, share a finding"),
      [CO_GROUP_FIELD_CATEGORY] = "interest",
      [CO_GROUP_FIELD_ORIENTATION] = "material",
      [CO_GROUP_FIELD_PLATFORM] = "wechat",
      [CO_GROUP_FIELD_STAGE] = "startup",
      [CO_GROUP_FIELD_GROUP_TYPE] = "extension",
      [CO_GROUP_FIELD_LEVEL] = "ordinary-fans",
      [CO_GROUP_FIELD_THEME] = "exchange",
      [CO_GROUP_FIELD_FOUNDING_DATE] = "2026-12-15" } },
  { N_("Growth Hackers Paid Circle"), -1, FALSE, {
      [CO_GROUP_FIELD_SLOGAN] = N_("A real growth case study every week"),
      [CO_GROUP_FIELD_CATEGORY] = "interest",
      [CO_GROUP_FIELD_ORIENTATION] = "knowledge",
      [CO_GROUP_FIELD_PLATFORM] = "app",
      [CO_GROUP_FIELD_STAGE] = "growing",
      [CO_GROUP_FIELD_GROUP_TYPE] = "mature",
      [CO_GROUP_FIELD_LEVEL] = "students",
      [CO_GROUP_FIELD_THEME] = "paid",
      [CO_GROUP_FIELD_FOUNDING_DATE] = "2025-09-01" } },
  { N_("Trail Running Gear Fans"), -1, FALSE, {
      [CO_GROUP_FIELD_SLOGAN] = N_("Run further, together"),
      [CO_GROUP_FIELD_CATEGORY] = "interest",
      [CO_GROUP_FIELD_ORIENTATION] = "material",
      [CO_GROUP_FIELD_PLATFORM] = "qq",
      [CO_GROUP_FIELD_STAGE] = "mature",
      [CO_GROUP_FIELD_GROUP_TYPE] = "brand",
      [CO_GROUP_FIELD_LEVEL] = "active-fans",
      [CO_GROUP_FIELD_THEME] = "exchange",
      [CO_GROUP_FIELD_FOUNDING_DATE] = "2024-05-20" } },
  { N_("Neighbourhood Mutual Aid"), -1, FALSE, {
      [CO_GROUP_FIELD_SLOGAN] = N_("Neighbours helping neighbours"),
      [CO_GROUP_FIELD_CATEGORY] = "mutual-aid",
      [CO_GROUP_FIELD_ORIENTATION] = "knowledge",
      [CO_GROUP_FIELD_PLATFORM] = "wecom",
      [CO_GROUP_FIELD_STAGE] = "growing",
      [CO_GROUP_FIELD_GROUP_TYPE] = "extension",
      [CO_GROUP_FIELD_LEVEL] = "ordinary-fans",
      [CO_GROUP_FIELD_THEME] = "exchange",
      [CO_GROUP_FIELD_FOUNDING_DATE] = "2025-03-01" } },
  { N_("Double 11 Campaign 2025"), -1, TRUE, {
      [CO_GROUP_FIELD_SLOGAN] = N_("Members-only deals, one week only"),
      [CO_GROUP_FIELD_CATEGORY] = "team-service",
      [CO_GROUP_FIELD_ORIENTATION] = "material",
      [CO_GROUP_FIELD_PLATFORM] = "wechat",
      [CO_GROUP_FIELD_STAGE] = "mature",
      [CO_GROUP_FIELD_GROUP_TYPE] = "activity",
      [CO_GROUP_FIELD_LEVEL] = "intent-customers",
      [CO_GROUP_FIELD_THEME] = "trial",
      [CO_GROUP_FIELD_FOUNDING_DATE] = "2025-10-20" } },
};

/* Fills an empty workspace with the sample groups, all or nothing. */
gboolean
co_sample_create (CoStore  *store,
                  GError  **error)
{
  gint64 ids[G_N_ELEMENTS (sample_groups)];
  gint64 n_groups;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  n_groups = co_group_count (store, error);
  if (n_groups < 0)
    return FALSE;
  if (n_groups > 0)
    {
      g_set_error_literal (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NOT_EMPTY,
                           _("The sample workspace can only be created in an empty database, "
                             "and this one already has groups."));
      return FALSE;
    }

  if (!co_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (sample_groups); i++)
    {
      const SampleGroup *sample = &sample_groups[i];
      gint64 parent_id = sample->parent >= 0 ? ids[sample->parent] : 0;

      ids[i] = co_group_create (store, _(sample->name), parent_id, error);
      if (ids[i] == 0)
        goto failed;

      for (guint f = CO_GROUP_FIELD_SLOGAN; f < CO_N_GROUP_FIELDS; f++)
        {
          const char *value = sample->fields[f];

          if (value == NULL)
            continue;
          /* Only free text is translated; choices are keywords. */
          if (f == CO_GROUP_FIELD_SLOGAN)
            value = _(value);
          if (!co_group_set_field (store, ids[i], f, value, error))
            goto failed;
        }

      if (sample->archived && !co_group_set_archived (store, ids[i], TRUE, error))
        goto failed;
    }

  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}
