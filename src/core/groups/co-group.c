/* co-group.c: groups (社群): create, edit field by field, arrange in a matrix, archive,
 * and delete through a trash so that undo gives back everything a group owns. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-tier.h"
#include "core/store/co-store-private.h"

struct _CoGroup
{
  GObject  parent_instance;

  gint64   id;
  char    *uuid;
  char    *fields[CO_N_GROUP_FIELDS];
  gint64   parent_id;
  gboolean archived;
  gint64   position;
  guint    depth;
  char    *created_at;
  char    *updated_at;
};

G_DEFINE_TYPE (CoGroup, co_group, G_TYPE_OBJECT)
G_DEFINE_QUARK (co-group-error-quark, co_group_error)

/* Each CoGroupField, named by its column, in the order of GROUP_COLUMNS. */
static const CoFieldSpec field_specs[CO_N_GROUP_FIELDS] = {
  [CO_GROUP_FIELD_NAME] = { "name", CO_FIELD_TEXT, 0, N_("Name"), NULL },
  [CO_GROUP_FIELD_SLOGAN] = { "slogan", CO_FIELD_TEXT, 0, N_("Slogan"), NULL },
  [CO_GROUP_FIELD_CATEGORY] = { "category", CO_FIELD_CHOICE, CO_CHOICE_CATEGORY, N_("Category"), NULL },
  [CO_GROUP_FIELD_ORIENTATION] = { "orientation", CO_FIELD_CHOICE, CO_CHOICE_ORIENTATION, N_("Orientation"), NULL },
  [CO_GROUP_FIELD_PLATFORM] = { "platform", CO_FIELD_CHOICE, CO_CHOICE_PLATFORM, N_("Platform"), NULL },
  [CO_GROUP_FIELD_STAGE] = { "stage", CO_FIELD_CHOICE, CO_CHOICE_STAGE, N_("Stage"), NULL },
  [CO_GROUP_FIELD_GROUP_TYPE] = { "group_type", CO_FIELD_CHOICE, CO_CHOICE_GROUP_TYPE, N_("Group Type"), NULL },
  [CO_GROUP_FIELD_LEVEL] = { "level", CO_FIELD_CHOICE, CO_CHOICE_LEVEL, N_("Level"), NULL },
  [CO_GROUP_FIELD_THEME] = { "theme", CO_FIELD_CHOICE, CO_CHOICE_THEME, N_("Theme"), NULL },
  [CO_GROUP_FIELD_FOUNDING_DATE] = { "founding_date", CO_FIELD_DATE, 0, N_("Planned Founding Date"),
                                     N_("Type it like 2025-03-01 or 2025年3月1日, or pick it in the calendar") },
  [CO_GROUP_FIELD_ACTIVE_FROM] = { "active_from", CO_FIELD_TIME, 0, N_("Active From"),
                                   N_("When the group's day starts, e.g. 08:00: the duty roster covers it") },
  [CO_GROUP_FIELD_ACTIVE_UNTIL] = { "active_until", CO_FIELD_TIME, 0, N_("Active Until"),
                                    N_("When the group's day ends, e.g. 23:00") },
};

#define GROUP_COLUMNS \
  "g.id, g.uuid, g.name, g.slogan, g.category, g.orientation, g.platform, g.stage, " \
  "g.group_type, g.level, g.theme, g.founding_date, g.active_from, g.active_until, " \
  "g.parent_id, g.archived, g.position, g.created_at, g.updated_at"
#define FIRST_FIELD_COLUMN 2
#define PARENT_COLUMN (FIRST_FIELD_COLUMN + CO_N_GROUP_FIELDS)
/* How deep co_group_list () lists groups under a root, as it always has. */
#define MAX_DEPTH 32

static void
co_group_finalize (GObject *object)
{
  CoGroup *self = CO_GROUP (object);

  g_free (self->uuid);
  for (guint i = 0; i < CO_N_GROUP_FIELDS; i++)
    g_free (self->fields[i]);
  g_free (self->created_at);
  g_free (self->updated_at);

  G_OBJECT_CLASS (co_group_parent_class)->finalize (object);
}

static void
co_group_class_init (CoGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = co_group_finalize;
}

static void
co_group_init (CoGroup *self)
{
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Reads a row selected with GROUP_COLUMNS. */
static CoGroup *
group_from_row (sqlite3_stmt *stmt)
{
  CoGroup *self = g_object_new (CO_TYPE_GROUP, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->uuid = dup_column (stmt, 1);
  for (guint i = 0; i < CO_N_GROUP_FIELDS; i++)
    self->fields[i] = dup_column (stmt, FIRST_FIELD_COLUMN + i);
  self->parent_id = sqlite3_column_int64 (stmt, PARENT_COLUMN);
  self->archived = sqlite3_column_int (stmt, FIRST_FIELD_COLUMN + CO_N_GROUP_FIELDS + 1) != 0;
  self->position = sqlite3_column_int64 (stmt, FIRST_FIELD_COLUMN + CO_N_GROUP_FIELDS + 2);
  self->created_at = dup_column (stmt, FIRST_FIELD_COLUMN + CO_N_GROUP_FIELDS + 3);
  self->updated_at = dup_column (stmt, FIRST_FIELD_COLUMN + CO_N_GROUP_FIELDS + 4);
  return self;
}

gint64
co_group_get_id (CoGroup *self)
{
  g_return_val_if_fail (CO_IS_GROUP (self), 0);
  return self->id;
}

const char *
co_group_get_uuid (CoGroup *self)
{
  g_return_val_if_fail (CO_IS_GROUP (self), NULL);
  return self->uuid;
}

/* The stored text of @field: a keyword for choices, an ISO date, or NULL when unset. */
const char *
co_group_get_field (CoGroup      *self,
                    CoGroupField  field)
{
  g_return_val_if_fail (CO_IS_GROUP (self), NULL);
  g_return_val_if_fail (field < CO_N_GROUP_FIELDS, NULL);
  return self->fields[field];
}

const char *
co_group_get_name (CoGroup *self)
{
  return co_group_get_field (self, CO_GROUP_FIELD_NAME);
}

gint64
co_group_get_parent_id (CoGroup *self)
{
  g_return_val_if_fail (CO_IS_GROUP (self), 0);
  return self->parent_id;
}

gboolean
co_group_get_archived (CoGroup *self)
{
  g_return_val_if_fail (CO_IS_GROUP (self), FALSE);
  return self->archived;
}

gint64
co_group_get_position (CoGroup *self)
{
  g_return_val_if_fail (CO_IS_GROUP (self), 0);
  return self->position;
}

/* How deep the group sits in the matrix: 0 for a top-level group. Only co_group_list() sets it. */
guint
co_group_get_depth (CoGroup *self)
{
  g_return_val_if_fail (CO_IS_GROUP (self), 0);
  return self->depth;
}

const char *
co_group_get_created_at (CoGroup *self)
{
  g_return_val_if_fail (CO_IS_GROUP (self), NULL);
  return self->created_at;
}

const char *
co_group_get_updated_at (CoGroup *self)
{
  g_return_val_if_fail (CO_IS_GROUP (self), NULL);
  return self->updated_at;
}

gboolean
co_group_equal (CoGroup *a,
                CoGroup *b)
{
  g_return_val_if_fail (CO_IS_GROUP (a) && CO_IS_GROUP (b), FALSE);

  if (a->id != b->id || a->parent_id != b->parent_id || a->archived != b->archived ||
      a->position != b->position || a->depth != b->depth || g_strcmp0 (a->uuid, b->uuid) != 0 ||
      g_strcmp0 (a->created_at, b->created_at) != 0 || g_strcmp0 (a->updated_at, b->updated_at) != 0)
    return FALSE;
  for (guint i = 0; i < CO_N_GROUP_FIELDS; i++)
    if (g_strcmp0 (a->fields[i], b->fields[i]) != 0)
      return FALSE;
  return TRUE;
}

/* Platform and stage, the two facts that tell groups apart at a glance: "WeChat group · Startup". */
char *
co_group_dup_summary (CoGroup *self)
{
  const char *platform = co_choice_label (CO_CHOICE_PLATFORM, self->fields[CO_GROUP_FIELD_PLATFORM]);
  const char *stage = co_choice_label (CO_CHOICE_STAGE, self->fields[CO_GROUP_FIELD_STAGE]);

  if (platform && stage)
    /* Translators: a group's platform and stage, e.g. "WeChat group · Startup" */
    return g_strdup_printf (_("%s · %s"), platform, stage);
  return g_strdup (platform ? platform : stage);
}

const CoFieldSpec *
co_group_field_spec (CoGroupField field)
{
  g_return_val_if_fail (field < CO_N_GROUP_FIELDS, NULL);
  return &field_specs[field];
}

/* The field stored in column @key, or CO_N_GROUP_FIELDS. */
CoGroupField
co_group_field_from_key (const char *key)
{
  int index = co_field_find (field_specs, CO_N_GROUP_FIELDS, key);
  return index < 0 ? CO_N_GROUP_FIELDS : (CoGroupField) index;
}

/* The list a choice field takes its keyword from; text fields have none. */
CoChoiceKind
co_group_field_choice_kind (CoGroupField field)
{
  g_return_val_if_fail (field < CO_N_GROUP_FIELDS, CO_N_CHOICE_KINDS);
  return field_specs[field].type == CO_FIELD_CHOICE ? field_specs[field].choice : CO_N_CHOICE_KINDS;
}

/* A group read by co_group_list (): where it sorts among its siblings, and its place in the tree. */
typedef struct
{
  CoGroup *group;
  gboolean has_parent;
  char     sibling_key[48];  /* printf ("%012d.%012d", position, id), as the order has always been */
  gint     first_child;      /* entries' index, or -1 */
  gint     next_sibling;
} TreeEntry;

static int
compare_sibling_keys (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (((const TreeEntry *) a)->sibling_key, ((const TreeEntry *) b)->sibling_key);
}

/* Appends the group at @index and the siblings after it, each followed by its descendants, at
 * most MAX_DEPTH deep. */
static void
append_subtree (GArray    *entries,
                gint       index,
                guint      depth,
                GPtrArray *out)
{
  for (; index >= 0; index = g_array_index (entries, TreeEntry, index).next_sibling)
    {
      TreeEntry *entry = &g_array_index (entries, TreeEntry, index);

      entry->group->depth = depth;
      g_ptr_array_add (out, entry->group);
      if (depth < MAX_DEPTH)
        append_subtree (entries, entry->first_child, depth + 1, out);
    }
}

/* The groups in sidebar order: roots are the groups without a live parent, each followed by its
 * children. Read by one plain query and sorted here: a recursive query building a sort key for
 * every row took some 23 million instructions for a thousand groups, before the first frame. The
 * order is the one that query had, the siblings by the text of their position and id, each
 * printed in 12 digits. */
GListStore *
co_group_list (CoStore  *store,
               GError  **error)
{
  g_autoptr(GListStore) groups = g_list_store_new (CO_TYPE_GROUP);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (TreeEntry));
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GPtrArray) ordered = NULL;
  gint *last_child;
  gint first_root = -1, last_root = -1;
  sqlite3_stmt *stmt;
  int rc;

  stmt = co_store_prepare (store, "SELECT " GROUP_COLUMNS " FROM groups g WHERE g.deleted_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TreeEntry entry = { group_from_row (stmt), FALSE, "", -1, -1 };

      entry.has_parent = sqlite3_column_type (stmt, PARENT_COLUMN) != SQLITE_NULL;
      g_snprintf (entry.sibling_key, sizeof entry.sibling_key, "%012" G_GINT64_FORMAT ".%012" G_GINT64_FORMAT,
                  entry.group->position, entry.group->id);
      g_array_append_val (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      for (guint i = 0; i < entries->len; i++)
        g_object_unref (g_array_index (entries, TreeEntry, i).group);
      return NULL;
    }

  /* Sorted, each parent's children are linked in their order. */
  g_array_sort (entries, compare_sibling_keys);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < entries->len; i++)
    g_hash_table_insert (by_id, &g_array_index (entries, TreeEntry, i).group->id, GINT_TO_POINTER (i + 1));
  last_child = g_new (gint, entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      TreeEntry *entry = &g_array_index (entries, TreeEntry, i);
      guint parent = entry->has_parent ? GPOINTER_TO_UINT (g_hash_table_lookup (by_id, &entry->group->parent_id)) : 0;

      if (parent == 0)
        {
          if (last_root < 0)
            first_root = i;
          else
            g_array_index (entries, TreeEntry, last_root).next_sibling = i;
          last_root = i;
        }
      else
        {
          TreeEntry *parent_entry = &g_array_index (entries, TreeEntry, parent - 1);

          if (parent_entry->first_child < 0)
            parent_entry->first_child = i;
          else
            g_array_index (entries, TreeEntry, last_child[parent - 1]).next_sibling = i;
          last_child[parent - 1] = i;
        }
    }
  g_free (last_child);

  /* A group under itself or in a loop of parents has no root above it: it is not listed. */
  ordered = g_ptr_array_new_full (entries->len, NULL);
  append_subtree (entries, first_root, 0, ordered);
  g_list_store_splice (groups, 0, 0, ordered->pdata, ordered->len);
  for (guint i = 0; i < entries->len; i++)
    g_object_unref (g_array_index (entries, TreeEntry, i).group);
  return g_steal_pointer (&groups);
}

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NOT_FOUND,
                       _("The group no longer exists."));
}

CoGroup *
co_group_get (CoStore  *store,
              gint64    id,
              GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = co_store_prepare (store, "SELECT " GROUP_COLUMNS " FROM groups g"
                                  " WHERE g.id = ? AND g.deleted_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      CoGroup *group = group_from_row (stmt);
      sqlite3_reset (stmt);
      return group;
    }
  if (rc == SQLITE_DONE)
    set_not_found (error);
  else
    co_store_set_error (store, error);
  return NULL;
}

gint64
co_group_count (CoStore  *store,
                GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT count(*) FROM groups"
                                                " WHERE deleted_at IS NULL", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      co_store_set_error (store, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
co_group_name_is_taken (CoStore    *store,
                        const char *name,
                        gint64      except_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT 1 FROM groups WHERE name = ? COLLATE NOCASE"
                                                " AND deleted_at IS NULL AND id != ?", NULL);
  if (stmt == NULL)
    return FALSE;  /* the unique index still refuses a duplicate */
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, except_id);
  return co_store_step_int (stmt, 0) != 0;
}

/* @base if no group has that name yet, else "@base 2", "@base 3", … */
char *
co_group_unused_name (CoStore    *store,
                      const char *base)
{
  char *name = g_strdup (base);

  for (guint n = 2; co_group_name_is_taken (store, name, 0); n++)
    {
      g_free (name);
      /* Translators: a name made unique by a number, e.g. "New Group 2" */
      name = g_strdup_printf (_("%s %u"), base, n);
    }
  return name;
}

static char *
check_text (const char  *value,
            glong        max_chars,
            GError     **error)
{
  g_autofree char *text = NULL;
  glong n_chars;

  if (value == NULL)
    value = "";
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_TEXT,
                           _("The text is not valid UTF-8."));
      return NULL;
    }
  text = g_strstrip (g_strdup (value));
  n_chars = g_utf8_strlen (text, -1);
  if (n_chars > max_chars)
    {
      g_set_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_TEXT_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE, "This can be at most %ld character long; it has %ld.",
                             "This can be at most %ld characters long; it has %ld.",
                             max_chars),
                   max_chars, n_chars);
      return NULL;
    }
  return g_steal_pointer (&text);
}

/* The name as it will be stored, or NULL and the reason it cannot be. */
static char *
check_name (CoStore     *store,
            const char  *value,
            gint64       id,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = check_text (value, CO_GROUP_NAME_MAX, &local_error);

  if (name == NULL)
    {
      if (g_error_matches (local_error, CO_GROUP_ERROR, CO_GROUP_ERROR_TEXT_TOO_LONG))
        g_set_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NAME_TOO_LONG,
                     _("A group name can be at most %d characters long."), CO_GROUP_NAME_MAX);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (*name == '\0')
    {
      g_set_error_literal (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NAME_EMPTY,
                           _("A group needs a name."));
      return NULL;
    }
  if (co_group_name_is_taken (store, name, id))
    {
      g_set_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NAME_TAKEN,
                   _("Another group is already called “%s”."), name);
      return NULL;
    }
  return g_steal_pointer (&name);
}

gboolean
co_group_check_name (CoStore     *store,
                     const char  *name,
                     gint64       except_id,
                     GError     **error)
{
  g_autofree char *stored = NULL;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  stored = check_name (store, name, except_id, error);
  return stored != NULL;
}

/* The value of @field as it will be stored (NULL for unset), or FALSE and why not. */
static gboolean
check_field (CoStore       *store,
             gint64         id,
             CoGroupField   field,
             const char    *value,
             char         **stored,
             GError       **error)
{
  CoChoiceKind kind = co_group_field_choice_kind (field);
  gboolean unset = value == NULL || *value == '\0';

  *stored = NULL;
  switch (field)
    {
    case CO_GROUP_FIELD_NAME:
      *stored = check_name (store, value, id, error);
      return *stored != NULL;

    case CO_GROUP_FIELD_SLOGAN:
      *stored = check_text (value, CO_GROUP_SLOGAN_MAX, error);
      return *stored != NULL;

    case CO_GROUP_FIELD_FOUNDING_DATE:
      if (unset)
        return TRUE;
      *stored = co_date_parse (value);
      if (*stored == NULL)
        {
          g_set_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_DATE,
                       _("“%s” is not a date. Write it like 2025-03-01."), value);
          return FALSE;
        }
      return TRUE;

    case CO_GROUP_FIELD_ACTIVE_FROM:
    case CO_GROUP_FIELD_ACTIVE_UNTIL:
      {
        g_autoptr(GError) local_error = NULL;
        *stored = co_field_normalize (&field_specs[field], value, &local_error);
        if (local_error != NULL)
          {
            g_set_error_literal (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_TIME, local_error->message);
            return FALSE;
          }
        return TRUE;
      }

    case CO_GROUP_FIELD_CATEGORY:
    case CO_GROUP_FIELD_ORIENTATION:
    case CO_GROUP_FIELD_PLATFORM:
    case CO_GROUP_FIELD_STAGE:
    case CO_GROUP_FIELD_GROUP_TYPE:
    case CO_GROUP_FIELD_LEVEL:
    case CO_GROUP_FIELD_THEME:
      if (unset)
        return TRUE;
      if (co_choice_index (kind, value) < 0)
        {
          g_set_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_CHOICE,
                       _("“%s” is not a known value for %s."), value, co_choice_kind_title (kind));
          return FALSE;
        }
      *stored = g_strdup (value);
      return TRUE;

    case CO_N_GROUP_FIELDS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Checks that @parent_id can hold @id: it exists and is not @id or one of its descendants.
 * A chain of ancestors ends at a group in the trash, as the sidebar shows it. */
static gboolean
check_parent (CoStore  *store,
              gint64    id,
              gint64    parent_id,
              GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 ancestor;

  if (parent_id == 0)
    return TRUE;

  stmt = co_store_prepare (store, "SELECT parent_id, deleted_at IS NULL FROM groups WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, parent_id);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 1) == 0)
    {
      g_set_error_literal (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_PARENT,
                           _("The parent group no longer exists."));
      return FALSE;
    }

  ancestor = parent_id;
  for (guint steps = 0; ancestor != 0; steps++)
    {
      if (ancestor == id || steps > 64)
        {
          g_set_error_literal (error, CO_GROUP_ERROR, CO_GROUP_ERROR_INVALID_PARENT,
                               _("A group cannot be placed under itself or one of its subgroups."));
          return FALSE;
        }
      stmt = co_store_prepare (store, "SELECT parent_id, deleted_at IS NULL FROM groups WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ancestor);
      if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 1) == 0)
        break;
      ancestor = sqlite3_column_int64 (stmt, 0);
    }
  return TRUE;
}

static void
bind_parent (sqlite3_stmt *stmt,
             int           index,
             gint64        parent_id)
{
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, index, parent_id);
  else
    sqlite3_bind_null (stmt, index);
}

/* The position after the last sibling under @parent_id. */
static gint64
next_position (CoStore *store,
               gint64   parent_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT coalesce(max(position) + 1, 0) FROM groups"
                                                " WHERE parent_id IS ?", NULL);
  if (stmt == NULL)
    return 0;
  bind_parent (stmt, 1, parent_id);
  return co_store_step_int (stmt, 0);
}

/* Runs @stmt, an UPDATE of group @id bound by the caller, as a transaction of its own. */
static gboolean
run_group_update (CoStore       *store,
                  sqlite3_stmt  *stmt,
                  gint64         id,
                  GError       **error)
{
  if (!co_store_begin (store, error))
    return FALSE;
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  if (sqlite3_changes (sqlite3_db_handle (stmt)) == 0)
    {
      set_not_found (error);
      goto failed;
    }
  co_store_note_change (store, "groups", id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

gint64
co_group_create (CoStore     *store,
                 const char  *name,
                 gint64       parent_id,
                 GError     **error)
{
  g_autofree char *stored_name = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (CO_IS_STORE (store), 0);

  stored_name = check_name (store, name, 0, error);
  if (stored_name == NULL || !check_parent (store, 0, parent_id, error))
    return 0;
  if (!co_store_begin (store, error))
    return 0;

  stmt = co_store_prepare (store, "INSERT INTO groups (uuid, name, parent_id, position,"
                                  " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, stored_name, -1, SQLITE_TRANSIENT);
  bind_parent (stmt, 3, parent_id);
  sqlite3_bind_int64 (stmt, 4, next_position (store, parent_id));
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  if (!co_store_step_done (store, stmt, error))
    goto failed;

  id = co_store_last_insert_rowid (store);
  co_store_note_change (store, "groups", id);
  /* Every group starts with the built-in tiers (new → active → core). */
  if (!co_tiers_ensure (store, id, error))
    {
      co_store_rollback (store);
      return 0;
    }
  if (!co_store_commit (store, error))
    return 0;
  return id;

failed:
  co_store_rollback (store);
  return 0;
}

gboolean
co_group_set_field (CoStore       *store,
                    gint64         id,
                    CoGroupField   field,
                    const char    *value,
                    GError       **error)
{
  g_autofree char *stored = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);
  g_return_val_if_fail (field < CO_N_GROUP_FIELDS, FALSE);

  if (!check_field (store, id, field, value, &stored, error))
    return FALSE;

  /* The column name comes from field_specs, never from the caller. */
  sql = g_strdup_printf ("UPDATE groups SET %s = ?, updated_at = ?"
                         " WHERE id = ? AND deleted_at IS NULL", field_specs[field].key);
  stmt = co_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (stored != NULL)
    sqlite3_bind_text (stmt, 1, stored, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, id);
  return run_group_update (store, stmt, id, error);
}

gboolean
co_group_set_parent (CoStore  *store,
                     gint64    id,
                     gint64    parent_id,
                     GError  **error)
{
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;
  gint64 position;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  if (!check_parent (store, id, parent_id, error))
    return FALSE;

  position = next_position (store, parent_id);
  stmt = co_store_prepare (store, "UPDATE groups SET parent_id = ?, position = ?, updated_at = ?"
                                  " WHERE id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  bind_parent (stmt, 1, parent_id);
  sqlite3_bind_int64 (stmt, 2, position);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, id);
  return run_group_update (store, stmt, id, error);
}

gboolean
co_group_set_archived (CoStore   *store,
                       gint64     id,
                       gboolean   archived,
                       GError   **error)
{
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  stmt = co_store_prepare (store, "UPDATE groups SET archived = ?, updated_at = ?"
                                  " WHERE id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, archived ? 1 : 0);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, id);
  return run_group_update (store, stmt, id, error);
}

/* The parent a group is shown under: 0 when it has none, or when its parent is in the trash. */
static gint64
shown_parent (GListModel *groups,
              CoGroup    *group)
{
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(CoGroup) other = g_list_model_get_item (groups, i);
      if (co_group_get_id (other) == group->parent_id)
        return group->parent_id;
    }
  return 0;
}

/* Swaps the group with its previous (@direction < 0) or next sibling among those shown
 * alongside it (archived with archived, active with active), then numbers the siblings again
 * so that no two share a position. At either end it does nothing. */
gboolean
co_group_move (CoStore  *store,
               gint64    id,
               int       direction,
               GError  **error)
{
  g_autoptr(GListStore) groups = NULL;
  g_autoptr(GPtrArray) siblings = g_ptr_array_new_with_free_func (g_object_unref);
  CoGroup *group = NULL;
  sqlite3_stmt *stmt;
  gint64 parent;
  guint index = 0, other;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  groups = co_group_list (store, error);
  if (groups == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) candidate = g_list_model_get_item (G_LIST_MODEL (groups), i);
      if (candidate->id == id)
        group = candidate;
    }
  if (group == NULL)
    {
      set_not_found (error);
      return FALSE;
    }

  /* The list is in sidebar order, so siblings come out in their order. */
  parent = shown_parent (G_LIST_MODEL (groups), group);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      CoGroup *candidate = g_list_model_get_item (G_LIST_MODEL (groups), i);
      if (shown_parent (G_LIST_MODEL (groups), candidate) == parent)
        {
          if (candidate->id == id)
            index = siblings->len;
          g_ptr_array_add (siblings, candidate);
        }
      else
        g_object_unref (candidate);
    }

  for (other = index + (direction < 0 ? -1 : 1); other < siblings->len; other += direction < 0 ? -1 : 1)
    if (((CoGroup *) siblings->pdata[other])->archived == group->archived)
      break;
  if (other >= siblings->len)
    return TRUE;

  {
    gpointer moved = siblings->pdata[index];
    siblings->pdata[index] = siblings->pdata[other];
    siblings->pdata[other] = moved;
  }

  if (!co_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < siblings->len; i++)
    {
      stmt = co_store_prepare (store, "UPDATE groups SET position = ? WHERE id = ?", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, i);
      sqlite3_bind_int64 (stmt, 2, ((CoGroup *) siblings->pdata[i])->id);
      if (!co_store_step_done (store, stmt, error))
        goto failed;
    }
  co_store_note_change (store, "groups", 0);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

gboolean
co_group_trash (CoStore  *store,
                gint64    id,
                GError  **error)
{
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  stmt = co_store_prepare (store, "UPDATE groups SET deleted_at = ?"
                                  " WHERE id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  return run_group_update (store, stmt, id, error);
}

/* Takes a group out of the trash. If another group took its name meanwhile, the restored one
 * gets a numbered name rather than failing the undo. */
gboolean
co_group_restore (CoStore  *store,
                  gint64    id,
                  GError  **error)
{
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  stmt = co_store_prepare (store, "SELECT name FROM groups WHERE id = ? AND deleted_at IS NOT NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_not_found (error);
      return FALSE;
    }
  name = co_group_unused_name (store, (const char *) sqlite3_column_text (stmt, 0));

  stmt = co_store_prepare (store, "UPDATE groups SET deleted_at = NULL, name = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  return run_group_update (store, stmt, id, error);
}

/* Deletes for good the group @id from the trash, or every trashed group when @id is 0. */
gboolean
co_group_purge_trash (CoStore  *store,
                      gint64    id,
                      GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, "DELETE FROM groups WHERE deleted_at IS NOT NULL"
                                  " AND (?1 = 0 OR id = ?1)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  if (sqlite3_changes (sqlite3_db_handle (stmt)) > 0)
    co_store_note_change (store, "groups", 0);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}
