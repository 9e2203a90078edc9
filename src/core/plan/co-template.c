/* co-template.c: plan templates as JSON documents. A file is checked before json-glib reads
 * it (size, nesting, UTF-8: json-glib 1.6 crashes on deep nesting) and applied in one
 * transaction; any wrong value names its JSON path and nothing is written. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "core/formats/co-json.h"
#include "core/groups/co-group.h"
#include "core/library/co-library-template.h"
#include "core/plan/co-plan.h"
#include "core/plan/co-template.h"
#include "core/store/co-store-private.h"
#include "core/team/co-team.h"

#define TEMPLATE_FORMAT "community-ops-plan-template"
#define TEMPLATE_VERSION 1
#define TEMPLATE_MAX_BYTES (1024 * 1024)
#define TEMPLATE_MAX_DEPTH 16

G_DEFINE_QUARK (co-template-error-quark, co_template_error)

/* The built-in templates, each shipped as <id>.en.json and <id>.zh_CN.json. */
static const char * const builtin_ids[] = {
  "launch-13-steps", "research-platform", "paid-knowledge", "brand-fans",
};

/* json_object_get_*_member_with_default() assert on a member of another type: a broken file
 * must give a message, not a critical. */
static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
int_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

void
co_template_info_free (CoTemplateInfo *info)
{
  g_free (info->name);
  g_free (info->description);
  g_free (info->resource);
  g_free (info->path);
  g_free (info);
}

char *
co_template_user_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "community-ops", "templates", NULL);
}

JsonNode *
co_template_parse (GBytes      *bytes,
                   const char  *origin,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = co_json_parse (bytes, TEMPLATE_MAX_BYTES, TEMPLATE_MAX_DEPTH, &local_error);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  if (root == NULL)
    {
      g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                   _("“%s” is not a plan template: %s"), origin, local_error->message);
      return NULL;
    }
  if (object == NULL ||
      g_strcmp0 (string_member (object, "format"), TEMPLATE_FORMAT) != 0)
    {
      g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                   _("“%s” is not a plan template: $.format is not “%s”."),
                   origin, TEMPLATE_FORMAT);
      return NULL;
    }
  if (int_member (object, "version") != TEMPLATE_VERSION)
    {
      g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                   _("“%s” is a plan template of another version (this one reads version %d)."),
                   origin, TEMPLATE_VERSION);
      return NULL;
    }
  return g_steal_pointer (&root);
}

static const char *
builtin_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "zh"))
        return "zh_CN";
      if (g_str_has_prefix (names[i], "en") || g_str_equal (names[i], "C"))
        return "en";
    }
  return "en";
}

JsonNode *
co_template_load (const CoTemplateInfo  *info,
                  GError               **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (info->resource != NULL)
    bytes = g_resources_lookup_data (info->resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  else if (g_file_get_contents (info->path, &contents, &length, &local_error))
    bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

  if (bytes == NULL)
    {
      g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                   _("Could not read the template “%s”: %s"), info->name, local_error->message);
      return NULL;
    }
  return co_template_parse (bytes, info->path ? info->path : info->name, error);
}

static CoTemplateInfo *
info_from (char       *resource,
           char       *path,
           const char *fallback_name)
{
  CoTemplateInfo *info = g_new0 (CoTemplateInfo, 1);
  g_autoptr(JsonNode) root = NULL;

  info->resource = resource;
  info->path = path;
  info->name = g_strdup (fallback_name);
  root = co_template_load (info, NULL);
  if (root != NULL)
    {
      JsonObject *object = json_node_get_object (root);
      g_free (info->name);
      info->name = g_strdup (string_member (object, "name") ? string_member (object, "name") : fallback_name);
      info->description = g_strdup (string_member (object, "description"));
    }
  return info;
}

/* The built-in templates in the user's language, then the saved ones by name. A saved file
 * that does not parse is still listed: loading it says what is wrong with it. */
GPtrArray *
co_template_list (void)
{
  GPtrArray *templates = g_ptr_array_new_with_free_func ((GDestroyNotify) co_template_info_free);
  g_autofree char *dir_path = co_template_user_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (builtin_ids); i++)
    g_ptr_array_add (templates,
                     info_from (g_strdup_printf ("/com/example/CommunityOps/templates/%s.%s.json",
                                                 builtin_ids[i], builtin_language ()),
                                NULL, builtin_ids[i]));

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *fallback = g_strndup (names->pdata[i], strlen (names->pdata[i]) - strlen (".json"));
      g_ptr_array_add (templates, info_from (NULL, g_build_filename (dir_path, names->pdata[i], NULL), fallback));
    }
  return templates;
}

/* ---- applying ----------------------------------------------------------------------------- */

/* A JSON value as the text a user would type; NULL for null. Dates written "+N" are N days
 * from today, so a template's deadlines stay in the future. */
static gboolean
value_text (JsonNode           *node,
            const CoFieldSpec  *field,
            const char         *path,
            char              **text,
            GError            **error)
{
  *text = NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                   _("%s: this should be a single value."), path);
      return FALSE;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      *text = g_strdup (json_node_get_string (node));
      break;
    case G_TYPE_INT64:
      *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      if (!isfinite (json_node_get_double (node)))
        {
          g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                       _("%s: the number is out of range."), path);
          return FALSE;
        }
      *text = co_number_to_string (json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      *text = g_strdup (json_node_get_boolean (node) ? "1" : "0");
      break;
    default:
      g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                   _("%s: this should be a single value."), path);
      return FALSE;
    }

  if (field->type == CO_FIELD_DATE && *text != NULL && (*text)[0] == '+')
    {
      guint64 days;
      g_autoptr(GDateTime) today = g_date_time_new_now_local ();
      g_autoptr(GDateTime) date = NULL;

      if (!g_ascii_string_to_unsigned (*text + 1, 10, 0, 3650, &days, NULL))
        {
          g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                       _("%s: “%s” is not a number of days from today."), path, *text);
          return FALSE;
        }
      date = g_date_time_add_days (today, (int) days);
      g_free (*text);
      *text = g_date_time_format (date, "%Y-%m-%d");
    }
  return TRUE;
}

static JsonObject *
member_object (JsonObject  *object,
               const char  *member,
               const char  *path,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                   _("%s.%s: this should be an object."), path, member);
      return NULL;
    }
  return json_node_get_object (node);
}

/* The lists a template carries: the plan's, and the group's SOP. */
static gboolean
template_carries (CoList list)
{
  return list < CO_N_PLAN_LISTS || list == CO_LIST_SOP_STEPS;
}

/* Sets each member of @values on list item @id, or on the plan when @list is CO_N_LISTS. */
static gboolean
apply_values (CoStore     *store,
              CoList       list,
              gint64       id,
              JsonObject  *values,
              const char  *path,
              const char  *skip,
              GError     **error)
{
  const CoFieldSpec *fields;
  guint n_fields;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (list == CO_N_LISTS)
    fields = co_plan_fields (&n_fields);
  else
    fields = co_list_spec (list)->fields, n_fields = co_list_spec (list)->n_fields;

  json_object_iter_init (&iter, values);
  while (json_object_iter_next (&iter, &key, &node))
    {
      g_autofree char *member_path = g_strdup_printf ("%s.%s", path, key);
      g_autofree char *text = NULL;
      int index = co_field_find (fields, n_fields, key);
      gboolean ok;

      if (skip != NULL && g_str_equal (key, skip))
        continue;
      /* An SOP step's role, by its built-in keyword: role ids are the workspace's own. */
      if (list == CO_LIST_SOP_STEPS && g_str_equal (key, "role") && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        {
          gint64 role = co_role_find_builtin (store, json_node_get_string (node));
          g_autofree char *role_text = g_strdup_printf ("%" G_GINT64_FORMAT, role);

          if (role == 0)
            {
              g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                           _("%s: there is no such built-in role."), member_path);
              return FALSE;
            }
          if (!co_list_set (store, list, id, "role_id", role_text, error))
            return FALSE;
          continue;
        }
      /* A library item, by its title (co-library-template.h): none of that title, no link. */
      if (list != CO_N_LISTS && g_str_equal (key, "library") && co_field_find (fields, n_fields, "library_item_id") >= 0 &&
          JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          gint64 item = co_library_find_title (store, json_node_get_string (node));
          g_autofree char *item_text = g_strdup_printf ("%" G_GINT64_FORMAT, item);

          if (item != 0 && !co_list_set (store, list, id, "library_item_id", item_text, error))
            return FALSE;
          continue;
        }
      if (index < 0)
        {
          g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                       _("%s: there is no such field."), member_path);
          return FALSE;
        }
      if (!value_text (node, &fields[index], member_path, &text, error))
        return FALSE;
      if (list == CO_N_LISTS)
        ok = co_plan_set (store, id, key, text, error);
      else
        ok = co_list_set (store, list, id, key, text, error);
      if (!ok)
        {
          g_prefix_error (error, "%s: ", member_path);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
apply_selections (CoStore     *store,
                  gint64       group_id,
                  JsonObject  *selections,
                  GError     **error)
{
  for (guint k = 0; k < G_N_ELEMENTS (co_plan_selection_kinds); k++)
    {
      CoChoiceKind kind = co_plan_selection_kinds[k];
      const char *name = co_plan_selection_kind_name (kind);
      JsonNode *node = json_object_get_member (selections, name);
      JsonArray *array;

      if (node == NULL)
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                       _("$.selections.%s: this should be a list."), name);
          return FALSE;
        }
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *keyword = JSON_NODE_HOLDS_VALUE (json_array_get_element (array, i))
                                ? json_array_get_string_element (array, i) : NULL;
          if (keyword == NULL || !co_plan_set_selected (store, group_id, kind, keyword, TRUE, error))
            {
              if (keyword == NULL)
                g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                             _("$.selections.%s[%u]: this should be text."), name, i);
              else
                g_prefix_error (error, "$.selections.%s[%u]: ", name, i);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Stage and type rules: one object for each keyword that has one. */
static gboolean
apply_fixed (CoStore     *store,
             gint64       group_id,
             CoList       list,
             JsonObject  *rules,
             GError     **error)
{
  const CoListSpec *spec = co_list_spec (list);
  const char *key = spec->fields[spec->key_field].key;
  g_autoptr(GListStore) rows = co_list_items (store, list, group_id, error);
  JsonObjectIter iter;
  const char *keyword;
  JsonNode *node;

  if (rows == NULL)
    return FALSE;
  json_object_iter_init (&iter, rules);
  while (json_object_iter_next (&iter, &keyword, &node))
    {
      g_autofree char *path = g_strdup_printf ("$.%s.%s", spec->table, keyword);
      gint64 id = 0;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (rows)); i++)
        {
          g_autoptr(CoItem) row = g_list_model_get_item (G_LIST_MODEL (rows), i);
          if (g_strcmp0 (co_item_get (row, key), keyword) == 0)
            id = co_item_get_id (row);
        }
      if (id == 0)
        {
          g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                       _("%s: “%s” is not a known value for %s."), path, keyword,
                       _(spec->fields[spec->key_field].title));
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                       _("%s: this should be an object."), path);
          return FALSE;
        }
      if (!apply_values (store, list, id, json_node_get_object (node), path, key, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_list (CoStore     *store,
            CoList       list,
            gint64       parent_id,
            JsonNode    *node,
            const char  *path,
            GError     **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                   _("%s: this should be a list."), path);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      JsonNode *element = json_array_get_element (array, i);
      JsonNode *spends;
      gint64 id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                       _("%s: this should be an object."), item_path);
          return FALSE;
        }
      id = co_list_add (store, list, parent_id, error);
      if (id == 0 ||
          !apply_values (store, list, id, json_node_get_object (element), item_path,
                         list == CO_LIST_ACTIVITIES ? "spends" : NULL, error))
        return FALSE;

      spends = json_object_get_member (json_node_get_object (element), "spends");
      if (list == CO_LIST_ACTIVITIES && spends != NULL)
        {
          g_autofree char *spends_path = g_strdup_printf ("%s.spends", item_path);
          if (!apply_list (store, CO_LIST_SPENDS, id, spends, spends_path, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* The kind of group the plan is for (platform, stage, type, …), set where the group has none
 * yet: what the user already chose for the group stays. */
static gboolean
apply_group (CoStore     *store,
             gint64       group_id,
             JsonObject  *facts,
             GError     **error)
{
  g_autoptr(CoGroup) group = co_group_get (store, group_id, error);
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (group == NULL)
    return FALSE;
  json_object_iter_init (&iter, facts);
  while (json_object_iter_next (&iter, &key, &node))
    {
      g_autofree char *path = g_strdup_printf ("$.group.%s", key);
      CoGroupField field = co_group_field_from_key (key);

      if (field == CO_N_GROUP_FIELDS || co_group_field_choice_kind (field) == CO_N_CHOICE_KINDS)
        {
          g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                       _("%s: there is no such field."), path);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                       _("%s: this should be a single value."), path);
          return FALSE;
        }
      if (co_group_get_field (group, field) != NULL)
        continue;
      if (!co_group_set_field (store, group_id, field, json_node_get_string (node), error))
        {
          g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
apply_all (CoStore     *store,
           gint64       group_id,
           JsonObject  *object,
           GError     **error)
{
  JsonObject *part;
  JsonObject *lists;
  GError *local_error = NULL;

  if (!co_plan_ensure (store, group_id, error))
    return FALSE;

  if ((part = member_object (object, "group", "$", &local_error)) != NULL &&
      !apply_group (store, group_id, part, &local_error))
    goto failed;
  if (local_error == NULL && (part = member_object (object, "plan", "$", &local_error)) != NULL &&
      !apply_values (store, CO_N_LISTS, group_id, part, "$.plan", NULL, &local_error))
    goto failed;
  if (local_error == NULL && (part = member_object (object, "selections", "$", &local_error)) != NULL &&
      !apply_selections (store, group_id, part, &local_error))
    goto failed;
  if (local_error == NULL && (part = member_object (object, "stage_rules", "$", &local_error)) != NULL &&
      !apply_fixed (store, group_id, CO_LIST_STAGE_RULES, part, &local_error))
    goto failed;
  if (local_error == NULL && (part = member_object (object, "type_rules", "$", &local_error)) != NULL &&
      !apply_fixed (store, group_id, CO_LIST_TYPE_RULES, part, &local_error))
    goto failed;
  if (local_error != NULL)
    goto failed;

  /* The library before the lists that name its items. */
  if (json_object_has_member (object, "library"))
    {
      JsonNode *library = json_object_get_member (object, "library");

      if (!JSON_NODE_HOLDS_ARRAY (library))
        {
          g_set_error (&local_error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                       _("%s: this should be a list."), "$.library");
          goto failed;
        }
      if (!co_library_apply_template (store, json_node_get_array (library), "$.library", &local_error))
        goto failed;
    }

  lists = member_object (object, "lists", "$", &local_error);
  if (local_error != NULL)
    goto failed;
  for (CoList list = 0; lists != NULL && list < CO_N_LISTS; list++)
    {
      const CoListSpec *spec = co_list_spec (list);
      JsonNode *node = json_object_get_member (lists, spec->table);
      g_autofree char *path = g_strdup_printf ("$.lists.%s", spec->table);

      if (node == NULL || !template_carries (list) || spec->key_field >= 0 || list == CO_LIST_SPENDS)
        continue;
      if (!apply_list (store, list, group_id, node, path, &local_error))
        goto failed;
    }
  return TRUE;

failed:
  g_propagate_error (error, local_error);
  return FALSE;
}

/* Fills the empty plan of @group_id from @root, all or nothing. */
gboolean
co_template_apply (CoStore   *store,
                   gint64     group_id,
                   JsonNode  *root,
                   GError   **error)
{
  g_return_val_if_fail (CO_IS_STORE (store), FALSE);
  g_return_val_if_fail (JSON_NODE_HOLDS_OBJECT (root), FALSE);

  if (!co_plan_is_empty (store, group_id))
    {
      g_set_error_literal (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_PLAN_NOT_EMPTY,
                           _("This group already has a plan; a template only fills an empty one."));
      return FALSE;
    }
  if (!co_store_begin (store, error))
    return FALSE;
  if (!apply_all (store, group_id, json_node_get_object (root), error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  return co_store_commit (store, error);
}

gint64
co_template_create_group (CoStore     *store,
                          const char  *name,
                          gint64       parent_id,
                          const char  *platform,
                          JsonNode    *plan,
                          GError     **error)
{
  gint64 id;

  g_return_val_if_fail (CO_IS_STORE (store), 0);
  g_return_val_if_fail (plan == NULL || JSON_NODE_HOLDS_OBJECT (plan), 0);

  if (!co_store_begin (store, error))
    return 0;
  /* The platform the user chose comes first: the template only fills what is left empty. */
  if ((id = co_group_create (store, name, parent_id, error)) == 0 ||
      (platform != NULL && !co_group_set_field (store, id, CO_GROUP_FIELD_PLATFORM, platform, error)) ||
      (plan != NULL && !apply_all (store, id, json_node_get_object (plan), error)))
    {
      co_store_rollback (store);
      return 0;
    }
  return co_store_commit (store, error) ? id : 0;
}

/* ---- writing ------------------------------------------------------------------------------ */

/* A stored value as a template holds it: what the user would type, keywords for choices. */
static void
add_value (JsonBuilder       *builder,
           const CoFieldSpec *field,
           const char        *stored)
{
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, field->key);
  if (field->type == CO_FIELD_MONEY || field->type == CO_FIELD_NUMBER)
    text = co_field_format (field, stored);
  json_builder_add_string_value (builder, text ? text : stored);
}

static void
add_item_values (JsonBuilder *builder,
                 CoStore     *store,
                 CoItem      *item,
                 const char  *skip)
{
  const CoListSpec *spec = co_list_spec (co_item_get_list (item));

  for (guint f = 0; f < spec->n_fields; f++)
    {
      const char *stored = co_item_get (item, spec->fields[f].key);

      if (stored == NULL || g_strcmp0 (spec->fields[f].key, skip) == 0)
        continue;
      /* People are not part of a template; a built-in role is, by its keyword; a library item by
       * its title. */
      if (g_str_equal (spec->fields[f].key, "library_item_id"))
        {
          g_autoptr(CoItem) library_item = co_list_get (store, CO_LIST_LIBRARY, g_ascii_strtoll (stored, NULL, 10), NULL);

          if (library_item != NULL && co_item_get (library_item, "title") != NULL)
            {
              json_builder_set_member_name (builder, "library");
              json_builder_add_string_value (builder, co_item_get (library_item, "title"));
            }
          continue;
        }
      if (spec->fields[f].type == CO_FIELD_REFERENCE)
        {
          g_autoptr(CoItem) role = g_str_equal (spec->fields[f].key, "role_id")
                                   ? co_list_get (store, CO_LIST_ROLES, g_ascii_strtoll (stored, NULL, 10), NULL) : NULL;

          if (role != NULL && co_item_get (role, "builtin") != NULL)
            {
              json_builder_set_member_name (builder, "role");
              json_builder_add_string_value (builder, co_item_get (role, "builtin"));
            }
          continue;
        }
      add_value (builder, &spec->fields[f], stored);
    }
}

static gboolean
add_list (JsonBuilder  *builder,
          CoStore      *store,
          CoList        list,
          gint64        parent_id,
          GError      **error)
{
  g_autoptr(GListStore) items = co_list_items (store, list, parent_id, error);

  if (items == NULL)
    return FALSE;
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);

      json_builder_begin_object (builder);
      add_item_values (builder, store, item, NULL);
      if (list == CO_LIST_ACTIVITIES)
        {
          json_builder_set_member_name (builder, "spends");
          if (!add_list (builder, store, CO_LIST_SPENDS, co_item_get_id (item), error))
            return FALSE;
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

JsonNode *
co_template_from_plan (CoStore     *store,
                       gint64       group_id,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(CoItem) plan = co_plan_get (store, group_id, error);
  g_autoptr(CoGroup) group = NULL;
  guint n_fields;
  const CoFieldSpec *fields = co_plan_fields (&n_fields);

  if (plan == NULL || (group = co_group_get (store, group_id, error)) == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, TEMPLATE_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, TEMPLATE_VERSION);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);

  json_builder_set_member_name (builder, "group");
  json_builder_begin_object (builder);
  for (CoGroupField field = 0; field < CO_N_GROUP_FIELDS; field++)
    if (co_group_field_choice_kind (field) != CO_N_CHOICE_KINDS && co_group_get_field (group, field) != NULL)
      {
        json_builder_set_member_name (builder, co_group_field_spec (field)->key);
        json_builder_add_string_value (builder, co_group_get_field (group, field));
      }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "plan");
  json_builder_begin_object (builder);
  for (guint f = 0; f < n_fields; f++)
    if (co_item_get (plan, fields[f].key) != NULL)
      add_value (builder, &fields[f], co_item_get (plan, fields[f].key));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "selections");
  json_builder_begin_object (builder);
  for (guint k = 0; k < G_N_ELEMENTS (co_plan_selection_kinds); k++)
    {
      g_auto(GStrv) selected = co_plan_get_selection (store, group_id, co_plan_selection_kinds[k]);

      json_builder_set_member_name (builder, co_plan_selection_kind_name (co_plan_selection_kinds[k]));
      json_builder_begin_array (builder);
      for (guint i = 0; selected[i] != NULL; i++)
        json_builder_add_string_value (builder, selected[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  for (CoList list = CO_LIST_STAGE_RULES; list <= CO_LIST_TYPE_RULES; list++)
    {
      const CoListSpec *spec = co_list_spec (list);
      const char *key = spec->fields[spec->key_field].key;
      g_autoptr(GListStore) rows = co_list_items (store, list, group_id, error);

      if (rows == NULL)
        return NULL;
      json_builder_set_member_name (builder, spec->table);
      json_builder_begin_object (builder);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (rows)); i++)
        {
          g_autoptr(CoItem) row = g_list_model_get_item (G_LIST_MODEL (rows), i);

          json_builder_set_member_name (builder, co_item_get (row, key));
          json_builder_begin_object (builder);
          add_item_values (builder, store, row, key);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "lists");
  json_builder_begin_object (builder);
  for (CoList list = 0; list < CO_N_LISTS; list++)
    {
      const CoListSpec *spec = co_list_spec (list);

      if (!template_carries (list) || spec->key_field >= 0 || list == CO_LIST_SPENDS)
        continue;
      json_builder_set_member_name (builder, spec->table);
      if (!add_list (builder, store, list, group_id, error))
        return NULL;
    }
  json_builder_end_object (builder);

  /* The library's items that the lists name. */
  {
    JsonNode *library = co_library_template_items (store, group_id, error);

    if (library == NULL)
      return NULL;
    json_builder_set_member_name (builder, "library");
    json_builder_add_value (builder, library);
  }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Writes @root into the user's template folder under a name made from its own; returns the
 * path. The file is written whole or not at all. */
char *
co_template_save (JsonNode  *root,
                  GError   **error)
{
  g_autofree char *dir = co_template_user_dir ();
  g_autoptr(GString) base = g_string_new (NULL);
  g_autofree char *text = json_to_string (root, TRUE);
  const char *name = string_member (json_node_get_object (root), "name");
  char *path = NULL;

  for (const char *p = name ? name : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_string_append_unichar (base, c == '/' || c == '\\' || g_unichar_iscntrl (c) ? '-' : c);
    }
  if (base->len == 0 || base->str[0] == '.')
    g_string_prepend (base, "template");

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, CO_TEMPLATE_ERROR, CO_TEMPLATE_ERROR_INVALID,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  for (guint n = 1; path == NULL || g_file_test (path, G_FILE_TEST_EXISTS); n++)
    {
      g_free (path);
      path = n == 1 ? g_strdup_printf ("%s/%s.json", dir, base->str)
                    : g_strdup_printf ("%s/%s %u.json", dir, base->str, n);
    }
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      g_free (path);
      return NULL;
    }
  return path;
}

/* ---- plans -------------------------------------------------------------------------------- */

/* Whether the plan of @group_id holds nothing at all yet. */
gboolean
co_plan_is_empty (CoStore *store,
                  gint64   group_id)
{
  g_autoptr(CoItem) plan = co_plan_get (store, group_id, NULL);
  guint n_fields;
  const CoFieldSpec *fields = co_plan_fields (&n_fields);

  if (plan == NULL)
    return FALSE;
  for (guint f = 0; f < n_fields; f++)
    if (co_item_get (plan, fields[f].key) != NULL)
      return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (co_plan_selection_kinds); k++)
    {
      g_auto(GStrv) selected = co_plan_get_selection (store, group_id, co_plan_selection_kinds[k]);
      if (selected[0] != NULL)
        return FALSE;
    }
  for (CoList list = 0; list < CO_N_LISTS; list++)
    {
      const CoListSpec *spec = co_list_spec (list);
      g_autoptr(GListStore) items = list == CO_LIST_SPENDS || !template_carries (list) ? NULL : co_list_items (store, list, group_id, NULL);

      for (guint i = 0; items && i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
        {
          g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);

          if (spec->key_field < 0)
            return FALSE;
          for (guint f = 0; f < spec->n_fields; f++)
            if ((int) f != spec->key_field && co_item_get (item, spec->fields[f].key) != NULL)
              return FALSE;
        }
    }
  return TRUE;
}

/* Copies the plan of one group into the empty plan of another. */
gboolean
co_plan_copy (CoStore  *store,
              gint64    from_group_id,
              gint64    to_group_id,
              GError  **error)
{
  g_autoptr(JsonNode) root = co_template_from_plan (store, from_group_id, "", error);

  return root != NULL && co_template_apply (store, to_group_id, root, error);
}
