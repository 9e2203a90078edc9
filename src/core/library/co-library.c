/* co-library.c: the library's items (co-library.h): the list spec, adding with an image in one
 * transaction, the images' bytes, uses, the search and the QR codes' expiry. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/formats/co-names.h"
#include "core/library/co-library.h"
#include "core/library/co-library-image.h"
#include "core/records/co-list-private.h"

G_DEFINE_QUARK (co-library-error-quark, co_library_error)

/* ---- the list ----------------------------------------------------------------------------- */

static const CoFieldSpec library_fields[] = {
  { "kind", CO_FIELD_CHOICE, CO_CHOICE_LIBRARY_KIND, N_("Kind of Item"), NULL },
  { "title", CO_FIELD_TEXT, 0, N_("Title"), N_("As the team calls it, e.g. “Welcome message” or “Spring poster”") },
  { "body", CO_FIELD_LONG_TEXT, 0, N_("Text"), N_("Variables: {昵称} {群名} {活动} {时间} {链接}") },
  { "stage", CO_FIELD_CHOICE, CO_CHOICE_PHASE, N_("Phase"), NULL },
  { "group_type", CO_FIELD_CHOICE, CO_CHOICE_GROUP_TYPE, N_("Group Type"), NULL },
  { "topic", CO_FIELD_TEXT, 0, N_("Topic"), N_("e.g. welcome, rules, weekly topic, check-in") },
  { "expires", CO_FIELD_DATE, 0, N_("Expires"), N_("A group QR code’s last day") },
};

/* A script's variables are the SOP's; only a QR code lapses; an image stays an image. */
static gboolean
check_item (CoStore *store,
            CoItem  *item,
            GError **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT image IS NOT NULL FROM library_items WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, co_item_get_id (item));
  if (co_store_step_int (stmt, 0) && !co_library_kind_is_image (co_item_get (item, "kind")))
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT,
                           _("An image cannot become a text: add the text as an item of its own."));
      return FALSE;
    }
  if (co_item_get (item, "expires") != NULL && g_strcmp0 (co_item_get (item, "kind"), "qr") != 0)
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT,
                           _("Only a group QR code has an expiry date."));
      return FALSE;
    }
  return co_sop_check_variables (co_item_get (item, "body"), error);
}

const CoListSpec co_library_list_spec = { CO_LIST_LIBRARY, "library_items", NULL, CO_FIELDS (library_fields), -1, 1,
                                          N_("Library"), N_("Add Item"), check_item };

gboolean
co_library_kind_is_image (const char *kind)
{
  return kind != NULL && !g_str_equal (kind, "text");
}

/* ---- items -------------------------------------------------------------------------------- */

struct _CoLibraryItem
{
  GObject  parent_instance;

  gint64   id;
  char    *uuid;
  char    *kind;
  char    *title;
  char    *body;
  char    *stage;
  char    *group_type;
  char    *topic;
  char    *expires;
  guint    use_count;
  char    *last_used;
  char    *image_type;
  guint    width;
  guint    height;
  gsize    image_size;
};

G_DEFINE_FINAL_TYPE (CoLibraryItem, co_library_item, G_TYPE_OBJECT)

static void
co_library_item_finalize (GObject *object)
{
  CoLibraryItem *self = CO_LIBRARY_ITEM (object);

  g_free (self->uuid);
  g_free (self->kind);
  g_free (self->title);
  g_free (self->body);
  g_free (self->stage);
  g_free (self->group_type);
  g_free (self->topic);
  g_free (self->expires);
  g_free (self->last_used);
  g_free (self->image_type);
  G_OBJECT_CLASS (co_library_item_parent_class)->finalize (object);
}

static void
co_library_item_class_init (CoLibraryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = co_library_item_finalize;
}

static void
co_library_item_init (CoLibraryItem *self)
{
}

gint64 co_library_item_get_id (CoLibraryItem *self) { return self->id; }
const char *co_library_item_get_uuid (CoLibraryItem *self) { return self->uuid; }
const char *co_library_item_get_kind (CoLibraryItem *self) { return self->kind; }
const char *co_library_item_get_title (CoLibraryItem *self) { return self->title; }
const char *co_library_item_get_body (CoLibraryItem *self) { return self->body; }
const char *co_library_item_get_stage (CoLibraryItem *self) { return self->stage; }
const char *co_library_item_get_group_type (CoLibraryItem *self) { return self->group_type; }
const char *co_library_item_get_topic (CoLibraryItem *self) { return self->topic; }
const char *co_library_item_get_expires (CoLibraryItem *self) { return self->expires; }
guint co_library_item_get_use_count (CoLibraryItem *self) { return self->use_count; }
const char *co_library_item_get_last_used (CoLibraryItem *self) { return self->last_used; }
const char *co_library_item_get_image_type (CoLibraryItem *self) { return self->image_type; }
guint co_library_item_get_width (CoLibraryItem *self) { return self->width; }
guint co_library_item_get_height (CoLibraryItem *self) { return self->height; }
gsize co_library_item_get_image_size (CoLibraryItem *self) { return self->image_size; }

gboolean
co_library_item_equal (CoLibraryItem *a,
                       CoLibraryItem *b)
{
  return a->id == b->id && a->use_count == b->use_count && a->width == b->width && a->height == b->height &&
         a->image_size == b->image_size && g_strcmp0 (a->uuid, b->uuid) == 0 && g_strcmp0 (a->kind, b->kind) == 0 &&
         g_strcmp0 (a->title, b->title) == 0 && g_strcmp0 (a->body, b->body) == 0 &&
         g_strcmp0 (a->stage, b->stage) == 0 && g_strcmp0 (a->group_type, b->group_type) == 0 &&
         g_strcmp0 (a->topic, b->topic) == 0 && g_strcmp0 (a->expires, b->expires) == 0 &&
         g_strcmp0 (a->last_used, b->last_used) == 0 && g_strcmp0 (a->image_type, b->image_type) == 0;
}

gboolean
co_library_item_is_image (CoLibraryItem *self)
{
  return co_library_kind_is_image (self->kind);
}

#define ITEM_COLUMNS \
  "SELECT id, uuid, kind, title, body, stage, group_type, topic, expires, use_count, last_used, image_type," \
  "       ifnull (image_width, 0), ifnull (image_height, 0), ifnull (length (image), 0)"

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static CoLibraryItem *
read_item (sqlite3_stmt *stmt)
{
  CoLibraryItem *self = g_object_new (CO_TYPE_LIBRARY_ITEM, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->uuid = dup_text (stmt, 1);
  self->kind = dup_text (stmt, 2);
  self->title = dup_text (stmt, 3);
  self->body = dup_text (stmt, 4);
  self->stage = dup_text (stmt, 5);
  self->group_type = dup_text (stmt, 6);
  self->topic = dup_text (stmt, 7);
  self->expires = dup_text (stmt, 8);
  self->use_count = (guint) sqlite3_column_int64 (stmt, 9);
  self->last_used = dup_text (stmt, 10);
  self->image_type = dup_text (stmt, 11);
  self->width = (guint) sqlite3_column_int64 (stmt, 12);
  self->height = (guint) sqlite3_column_int64 (stmt, 13);
  self->image_size = (gsize) sqlite3_column_int64 (stmt, 14);
  return self;
}

CoLibraryItem *
co_library_get (CoStore  *store,
                gint64    id,
                GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, ITEM_COLUMNS " FROM library_items WHERE id = ? AND deleted_at IS NULL",
                                         error);
  CoLibraryItem *item = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item = read_item (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND,
                         _("This library item no longer exists."));
  else
    co_store_set_error (store, error);
  sqlite3_reset (stmt);
  return item;
}

/* ---- images ------------------------------------------------------------------------------- */

static void
set_too_large (GError **error,
               guint64  size)
{
  g_autofree char *shown = g_format_size (size);
  g_autofree char *limit = g_format_size (CO_LIBRARY_IMAGE_MAX_BYTES);

  g_set_error (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_TOO_LARGE,
               _("The image is %s: the library keeps images of up to %s. Save it smaller (a poster needs"
                 " no more than 1080×1920) and add it again."), shown, limit);
}

gboolean
co_library_check_image (GBytes  *image,
                        GError **error)
{
  CoImageInfo info;
  gsize size;
  const guint8 *data = image != NULL ? g_bytes_get_data (image, &size) : NULL;

  if (data == NULL)
    {
      g_set_error_literal (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_NOT_IMAGE, _("An image item needs an image."));
      return FALSE;
    }
  if (size > CO_LIBRARY_IMAGE_MAX_BYTES)
    {
      set_too_large (error, size);
      return FALSE;
    }
  if (!co_image_read_header (data, size, &info))
    {
      g_set_error_literal (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_NOT_IMAGE,
                           _("This is not an image the library can keep: choose a PNG, JPEG, WebP or GIF file."));
      return FALSE;
    }
  return TRUE;
}

GBytes *
co_library_read_image_file (const char  *path,
                            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_READ, _("Could not read “%s”: %s"), display,
                   local_error->message);
      return NULL;
    }
  /* A 200 MB file is refused before it is read. */
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
      (guint64) g_file_info_get_size (info) > CO_LIBRARY_IMAGE_MAX_BYTES)
    {
      set_too_large (error, (guint64) g_file_info_get_size (info));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_READ, _("Could not read “%s”: %s"), display,
                   local_error->message);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (!co_library_check_image (bytes, error))
    return NULL;
  return g_steal_pointer (&bytes);
}

/* Writes @image on row @id: its bytes, kind and size. Inside a transaction. */
static gboolean
write_image (CoStore  *store,
             gint64    id,
             GBytes   *image,
             GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "UPDATE library_items SET image = ?1, image_type = ?2, image_width = ?3,"
                                                " image_height = ?4, updated_at = ?5 WHERE id = ?6", error);
  g_autofree char *now = co_store_now ();
  CoImageInfo info;
  gsize size;
  const guint8 *data = g_bytes_get_data (image, &size);

  if (stmt == NULL || !co_image_read_header (data, size, &info))
    return FALSE;
  sqlite3_bind_blob64 (stmt, 1, data, size, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, info.type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, info.width);
  sqlite3_bind_int64 (stmt, 4, info.height);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, id);
  return co_store_step_done (store, stmt, error);
}

gint64
co_library_add (CoStore             *store,
                const CoLibraryNew  *item,
                GError             **error)
{
  const char *kind = item->kind != NULL ? item->kind : "text";
  const char *inputs[G_N_ELEMENTS (library_fields)] = {
    kind, item->title, item->body, item->stage, item->group_type, item->topic, item->expires,
  };
  g_autofree char *default_expiry = NULL;
  g_autofree char *today = co_date_today ();
  g_autofree char *title = g_strstrip (g_strdup (item->title ? item->title : ""));
  gint64 id;

  g_return_val_if_fail (CO_IS_STORE (store), 0);

  if (co_choice_index (CO_CHOICE_LIBRARY_KIND, kind) < 0)
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("“%s” is not a kind of library item: text, poster, slogan or qr."), kind);
      return 0;
    }
  if (*title == '\0')
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE, _("A library item needs a title."));
      return 0;
    }
  if (co_library_kind_is_image (kind) && !co_library_check_image (item->image, error))
    return 0;
  if (!co_library_kind_is_image (kind) && item->image != NULL)
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT, _("A text item has no image."));
      return 0;
    }
  if (g_str_equal (kind, "qr") && item->expires == NULL)
    inputs[6] = default_expiry = co_date_add_days (today, CO_LIBRARY_QR_DAYS);

  /* Every field through the engine, in one transaction: all of it or nothing. */
  if (!co_store_begin (store, error))
    return 0;
  {
    sqlite3_stmt *stmt = co_store_prepare (store, "INSERT INTO library_items (uuid, position, created_at, updated_at, kind)"
                                                  " VALUES (?1, (SELECT ifnull (max (position), 0) + 1 FROM library_items),"
                                                  " ?2, ?2, ?3)", error);
    g_autofree char *now = co_store_now ();
    char uuid[37];

    if (stmt == NULL)
      goto failed;
    co_uuid_random (uuid);
    sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
    if (!co_store_step_done (store, stmt, error))
      goto failed;
    id = co_store_last_insert_rowid (store);
  }
  if (co_library_kind_is_image (kind) && !write_image (store, id, item->image, error))
    goto failed;
  /* co_list_set() joins the transaction under way, checking each field as the editor does. */
  for (guint f = 1; f < G_N_ELEMENTS (library_fields); f++)
    if (inputs[f] != NULL && *inputs[f] != '\0' &&
        !co_list_set (store, CO_LIST_LIBRARY, id, library_fields[f].key, inputs[f], error))
      goto failed;
  co_store_note_change (store, "library_items", 0);
  if (!co_store_commit (store, error))
    return 0;
  return id;

failed:
  co_store_rollback (store);
  return 0;
}

gboolean
co_library_update (CoStore             *store,
                   gint64               id,
                   const CoLibraryNew  *values,
                   GError             **error)
{
  const char *inputs[G_N_ELEMENTS (library_fields)] = {
    NULL, values->title, values->body, values->stage, values->group_type, values->topic, values->expires,
  };
  g_autofree char *title = g_strstrip (g_strdup (values->title ? values->title : ""));

  if (*title == '\0')
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE, _("A library item needs a title."));
      return FALSE;
    }
  if (!co_store_begin (store, error))
    return FALSE;
  for (guint f = 1; f < G_N_ELEMENTS (library_fields); f++)
    if (!co_list_set (store, CO_LIST_LIBRARY, id, library_fields[f].key, inputs[f] ? inputs[f] : "", error))
      {
        co_store_rollback (store);
        return FALSE;
      }
  return co_store_commit (store, error);
}

gboolean
co_library_set_image (CoStore  *store,
                      gint64    id,
                      GBytes   *image,
                      GError  **error)
{
  g_autoptr(CoLibraryItem) item = co_library_get (store, id, error);

  if (item == NULL || !co_library_check_image (image, error))
    return FALSE;
  if (!co_library_item_is_image (item))
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT, _("A text item has no image."));
      return FALSE;
    }
  if (!co_store_begin (store, error))
    return FALSE;
  if (!write_image (store, id, image, error))
    goto failed;
  if (g_str_equal (item->kind, "qr"))
    {
      g_autofree char *today = co_date_today ();
      g_autofree char *expires = co_date_add_days (today, CO_LIBRARY_QR_DAYS);

      if (!co_list_set (store, CO_LIST_LIBRARY, id, "expires", expires, error))
        goto failed;
    }
  co_store_note_change (store, "library_items", 0);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

GBytes *
co_library_dup_image (CoStore  *store,
                      gint64    id,
                      GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT image FROM library_items WHERE id = ? AND deleted_at IS NULL",
                                         error);
  GBytes *bytes = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    co_store_set_error (store, error);
  sqlite3_reset (stmt);
  return bytes;
}

gboolean
co_library_record_use (CoStore  *store,
                       gint64    id,
                       GError  **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *now = co_store_now ();

  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, "UPDATE library_items SET use_count = use_count + 1, last_used = ?1"
                                  " WHERE id = ?2 AND deleted_at IS NULL", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, "library_items", 0);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

/* ---- searching ---------------------------------------------------------------------------- */

/* The tags a word names, as shown in the user's language or as keywords: "运营执行" or
 * "running" finds the items of that phase, "活动群" those of that group type, "海报" the posters. */
static void
append_tag_matches (GString    *sql,
                    GPtrArray  *binds,
                    const char *word)
{
  static const struct { CoChoiceKind kind; const char *column; } tags[] = {
    { CO_CHOICE_PHASE, "stage" }, { CO_CHOICE_GROUP_TYPE, "group_type" }, { CO_CHOICE_LIBRARY_KIND, "kind" },
  };
  g_autofree char *needle = g_utf8_casefold (word, -1);

  for (guint t = 0; t < G_N_ELEMENTS (tags); t++)
    {
      guint n;
      const CoChoice *choices = co_choices_get (tags[t].kind, &n);

      for (guint c = 0; c < n; c++)
        {
          g_autofree char *label = g_utf8_casefold (co_choice_label (tags[t].kind, choices[c].keyword), -1);

          if (strstr (label, needle) == NULL && strstr (choices[c].keyword, needle) == NULL)
            continue;
          g_ptr_array_add (binds, g_strdup (choices[c].keyword));
          g_string_append_printf (sql, " OR %s = ?%u", tags[t].column, binds->len);
        }
    }
}

GPtrArray *
co_library_find (CoStore               *store,
                 const CoLibraryQuery  *query,
                 guint                 *n_matches,
                 GError               **error)
{
  g_autoptr(GString) sql = g_string_new (" FROM library_items WHERE deleted_at IS NULL");
  g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *page_sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (n_matches != NULL)
    *n_matches = 0;
  if (query->kind != NULL && g_str_equal (query->kind, "image"))
    g_string_append (sql, " AND kind <> 'text'");
  else if (query->kind != NULL)
    {
      g_ptr_array_add (binds, g_strdup (query->kind));
      g_string_append_printf (sql, " AND kind = ?%u", binds->len);
    }
  if (query->stage != NULL)
    {
      g_ptr_array_add (binds, g_strdup (query->stage));
      g_string_append_printf (sql, " AND stage = ?%u", binds->len);
    }
  if (query->group_type != NULL)
    {
      g_ptr_array_add (binds, g_strdup (query->group_type));
      g_string_append_printf (sql, " AND group_type = ?%u", binds->len);
    }
  /* Each word somewhere: "欢迎 新人" finds a welcome for newcomers; "hyy" its pinyin. */
  words = g_strsplit_set (query->search != NULL ? query->search : "", " \t\n\u3000", -1);
  for (guint w = 0; words[w] != NULL; w++)
    {
      g_autofree char *pinyin = NULL;

      if (*words[w] == '\0')
        continue;
      pinyin = co_names_pinyin_needle (words[w]);
      g_ptr_array_add (binds, g_ascii_strdown (words[w], -1));
      g_string_append_printf (sql, " AND (co_contains (?%u, title, body, topic)", binds->len);
      if (pinyin != NULL)
        {
          g_ptr_array_add (binds, g_steal_pointer (&pinyin));
          g_string_append_printf (sql, " OR co_contains (?%u, pinyin)", binds->len);
        }
      append_tag_matches (sql, binds, words[w]);
      g_string_append (sql, ")");
    }
  /* The page stops at its limit; only a page that filled it needs the count of the rest, which
   * reads no columns but those searched. */
  page_sql = g_strdup_printf (ITEM_COLUMNS "%s ORDER BY position, id LIMIT %d", sql->str,
                              query->limit > 0 ? (int) query->limit : -1);
  if ((stmt = co_store_prepare (store, page_sql, error)) == NULL)
    return NULL;
  for (guint b = 0; b < binds->len; b++)
    sqlite3_bind_text (stmt, (int) b + 1, binds->pdata[b], -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, read_item (stmt));
  if (rc != SQLITE_DONE)
    co_store_set_error (store, error);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return NULL;
  if (n_matches != NULL)
    *n_matches = items->len;
  if (n_matches != NULL && query->limit > 0 && items->len == query->limit)
    {
      g_autofree char *count_sql = g_strdup_printf ("SELECT count (*)%s", sql->str);

      if ((stmt = co_store_prepare (store, count_sql, error)) == NULL)
        return NULL;
      for (guint b = 0; b < binds->len; b++)
        sqlite3_bind_text (stmt, (int) b + 1, binds->pdata[b], -1, SQLITE_STATIC);
      *n_matches = (guint) co_store_step_int (stmt, 0);
    }
  return g_steal_pointer (&items);
}

/* ---- QR codes ----------------------------------------------------------------------------- */

static gboolean
parse_date (const char *iso,
            GDate      *date)
{
  g_date_clear (date, 1);
  if (iso != NULL)
    g_date_set_parse (date, iso);
  return g_date_valid (date);
}

CoQrState
co_library_qr_state (CoLibraryItem *item,
                     const char    *today,
                     int           *days_left)
{
  g_autofree char *now = today == NULL ? co_date_today () : NULL;
  GDate expires, day;
  int left;

  if (days_left != NULL)
    *days_left = 0;
  if (g_strcmp0 (item->kind, "qr") != 0 || !parse_date (item->expires, &expires) ||
      !parse_date (today != NULL ? today : now, &day))
    return CO_QR_NOT_A_QR;
  left = g_date_days_between (&day, &expires);
  if (days_left != NULL)
    *days_left = left;
  /* The expiry date is the last day it works. */
  if (left < 0)
    return CO_QR_EXPIRED;
  return left <= CO_LIBRARY_QR_WARN_DAYS ? CO_QR_LAPSING : CO_QR_VALID;
}

char *
co_library_describe_expiry (CoLibraryItem *item,
                            const char    *today)
{
  int left;

  switch (co_library_qr_state (item, today, &left))
    {
    case CO_QR_NOT_A_QR:
      return NULL;
    case CO_QR_EXPIRED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expired %d day ago", "Expired %d days ago", -left), -left);
    case CO_QR_VALID:
    case CO_QR_LAPSING:
    default:
      if (left == 0)
        return g_strdup (_("Lapses after today"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Lapses in %d day", "Lapses in %d days", left), left);
    }
}

GPtrArray *
co_library_lapsing_qr (CoStore     *store,
                       const char  *today,
                       GError     **error)
{
  g_autofree char *now = today == NULL ? co_date_today () : g_strdup (today);
  g_autofree char *limit = co_date_add_days (now, CO_LIBRARY_QR_WARN_DAYS);
  sqlite3_stmt *stmt = co_store_prepare (store, ITEM_COLUMNS " FROM library_items WHERE deleted_at IS NULL"
                                                " AND kind = 'qr' AND expires <= ?1 ORDER BY expires, id", error);
  GPtrArray *items;
  int rc;

  if (stmt == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_bind_text (stmt, 1, limit, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, read_item (stmt));
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      g_clear_pointer (&items, g_ptr_array_unref);
    }
  sqlite3_reset (stmt);
  return items;
}

/* ---- using -------------------------------------------------------------------------------- */

char *
co_library_fill (CoLibraryItem     *item,
                 const CoSopValues *values)
{
  return co_sop_fill (item->body != NULL ? item->body : "", values);
}

char *
co_library_fill_for_group (CoStore       *store,
                           CoLibraryItem *item,
                           gint64         group_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT name FROM groups WHERE id = ?", NULL);
  g_autofree char *name = NULL;
  CoSopValues values = { NULL };

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, group_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  values.group = name;
  return co_library_fill (item, &values);
}

gboolean
co_library_copy_for_task (CoStore    *store,
                          CoSopTask  *task,
                          GBytes    **image,
                          GError    **error)
{
  g_autoptr(CoLibraryItem) item = co_library_get (store, task->library_item_id, NULL);

  *image = NULL;
  if (item == NULL)
    return TRUE;
  if (co_library_item_is_image (item))
    {
      *image = co_library_dup_image (store, item->id, error);
      if (*image == NULL && error != NULL && *error != NULL)
        return FALSE;
    }
  else if (item->body != NULL)
    {
      char *text = task->text != NULL && *task->text != '\0' ? g_strconcat (task->text, "\n\n", item->body, NULL)
                                                              : g_strdup (item->body);

      g_free (task->text);
      task->text = text;
    }
  return co_library_record_use (store, item->id, error);
}

GPtrArray *
co_library_plan_images (CoStore  *store,
                        gint64    group_id,
                        GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, ITEM_COLUMNS " FROM library_items WHERE deleted_at IS NULL"
                                                " AND kind <> 'text' AND id IN"
                                                " (SELECT library_item_id FROM content_items WHERE group_id = ?1"
                                                "  AND deleted_at IS NULL"
                                                "  UNION SELECT library_item_id FROM sop_steps WHERE group_id = ?1"
                                                "  AND deleted_at IS NULL)"
                                                " ORDER BY position, id", error);
  GPtrArray *items;
  int rc;

  if (stmt == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_bind_int64 (stmt, 1, group_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, read_item (stmt));
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      g_clear_pointer (&items, g_ptr_array_unref);
    }
  sqlite3_reset (stmt);
  return items;
}

GStrv
co_library_choices (CoStore  *store,
                    GArray  **ids)
{
  CoLibraryQuery query = { NULL };
  g_autoptr(GPtrArray) items = co_library_find (store, &query, NULL, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      CoLibraryItem *item = items->pdata[i];
      /* Translators: a library item as a list offers it: its title, then its kind */
      g_autofree char *name = g_strdup_printf (_("%s (%s)"), item->title ? item->title : "",
                                               co_choice_label (CO_CHOICE_LIBRARY_KIND, item->kind));

      g_strv_builder_add (names, name);
      g_array_append_val (*ids, item->id);
    }
  return g_strv_builder_end (names);
}
