/* co-member-import.c: CSV import of members and activity, CSV export of members. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "core/formats/co-csv.h"
#include "core/members/co-channel.h"
#include "core/formats/co-names.h"
#include "core/members/co-member-import.h"
#include "core/members/co-tier.h"
#include "core/records/co-list.h"
#include "core/store/co-store-private.h"

/* The activity file's columns. */
enum { ACT_NICKNAME, ACT_CONTACT, ACT_DATE, ACT_KIND, ACT_COUNT, N_ACT_FIELDS };

static const CoFieldSpec activity_fields[N_ACT_FIELDS] = {
  [ACT_NICKNAME] = { "nickname", CO_FIELD_TEXT, 0, N_("Nickname"), NULL },
  [ACT_CONTACT] = { "contact", CO_FIELD_TEXT, 0, N_("Contact"), NULL },
  [ACT_DATE] = { "date", CO_FIELD_DATE, 0, N_("Date"), NULL },
  [ACT_KIND] = { "kind", CO_FIELD_TEXT, 0, N_("Kind"), NULL },
  [ACT_COUNT] = { "count", CO_FIELD_COUNT, 0, N_("Count"), NULL },
};

static const char *const activity_headers[N_ACT_FIELDS][5] = {
  [ACT_NICKNAME] = { "nickname", "昵称", "群昵称", NULL },
  [ACT_CONTACT] = { "contact", "联系方式", "微信号", NULL },
  [ACT_DATE] = { "date", "日期", NULL },
  [ACT_KIND] = { "kind", "类型", "行为", NULL },
  [ACT_COUNT] = { "count", "次数", "数量", NULL },
};

/* The kinds of activity as files write them, with the keyword each stands for. */
static const char *const kind_words[][2] = {
  { "spoke", "spoke" }, { "发言", "spoke" }, { "posted", "posted" }, { "发帖", "posted" },
  { "发布", "posted" }, { "attended", "attended" }, { "参加", "attended" }, { "参加活动", "attended" },
  { "签到", "attended" }, { "purchased", "purchased" }, { "购买", "purchased" }, { "下单", "purchased" },
};

#define N_FIELDS_MAX CO_N_MEMBER_FIELDS

/* The headers of a members file's channel column (来源 and 来源渠道 stay the free-text source). */
static const char *const channel_headers[] = { "channel", "渠道", "渠道名称", "渠道活码", "入群渠道", NULL };

struct _CoMemberImport
{
  CoStore      *store;
  gint64        group_id;
  CoImportKind  kind;
  char         *encoding;
  GStringChunk *strings;
  GPtrArray    *headers;      /* char *, the file's */
  GArray       *mapping;      /* int per column: a field, or -1 */
  GPtrArray    *rows;         /* const char ** of n_columns raw values */
  GPtrArray    *values;       /* const char ** of N_FIELDS_MAX checked values, NULL for empty */
  GPtrArray    *channels;     /* const char *: each row's channel name, or NULL */
  GArray       *lines;        /* guint per row */
  GArray       *duplicate;    /* gboolean per row */
  guint         n_duplicates;
  guint         n_repeated;   /* of them, the same person as a row before in the file */
  guint         n_added;      /* by the last commit */
  guint         n_updated;
  guint         n_skipped;
  GPtrArray    *problems;
  GHashTable   *tiers;        /* a tier's name, keyword or label, folded → its id as text */
  GHashTable   *existing;     /* identity_key () of the group's members → Match */
  GArray       *tier_rules;   /* TierRule, lowest first */
  /* While a worker reads the file (co_member_import_read_async()): */
  GCancellable *cancellable;
  CoMemberImportProgress *progress;
};

/* Rows between two looks at the worker's Cancel and two steps of its progress. */
#define ROWS_PER_CHECK 256

struct _CoMemberImportProgress
{
  gint done;    /* atomic: of total */
  gint total;
};

CoMemberImportProgress *
co_member_import_progress_new (void)
{
  return g_new0 (CoMemberImportProgress, 1);
}

void
co_member_import_progress_free (CoMemberImportProgress *self)
{
  g_free (self);
}

double
co_member_import_progress_get_fraction (CoMemberImportProgress *self)
{
  int total = g_atomic_int_get (&self->total);

  return total > 0 ? MIN (1.0, (double) g_atomic_int_get (&self->done) / total) : 0.0;
}

static void
progress_set (CoMemberImportProgress *self,
              guint                   done,
              guint                   total)
{
  if (self == NULL)
    return;
  g_atomic_int_set (&self->total, (gint) MIN (total, G_MAXINT));
  g_atomic_int_set (&self->done, (gint) MIN (done, G_MAXINT));
}

/* The lines of @bytes, for the reading's progress: counting them is quick beside reading them. */
static guint
count_lines (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size), *end = data + size;
  guint n = 1;

  while (data < end && (data = memchr (data, '\n', end - data)) != NULL)
    {
      n++;
      data++;
    }
  return n;
}

/* A person the import found in the group. */
typedef struct
{
  gint64 membership;
  gint64 member;
} Match;

/* What decides a new member's first tier: they have no activity yet, so points alone. */
typedef struct
{
  gint64   id;
  gint64   min_points;
  gboolean needs_activity;
  gboolean manual_only;
} TierRule;

void
co_member_import_free (CoMemberImport *self)
{
  g_clear_object (&self->store);
  g_free (self->encoding);
  g_string_chunk_free (self->strings);
  g_ptr_array_unref (self->headers);
  g_array_unref (self->mapping);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->values);
  g_ptr_array_unref (self->channels);
  g_array_unref (self->lines);
  g_array_unref (self->duplicate);
  g_ptr_array_unref (self->problems);
  g_hash_table_unref (self->tiers);
  g_hash_table_unref (self->existing);
  g_array_unref (self->tier_rules);
  g_free (self);
}

static guint
n_fields (CoImportKind kind)
{
  return kind == CO_IMPORT_MEMBERS ? CO_MEMBER_GROUP : N_ACT_FIELDS;
}

static const CoFieldSpec *
field_spec (CoImportKind kind,
            guint        field)
{
  return kind == CO_IMPORT_MEMBERS ? co_member_field_spec (field) : &activity_fields[field];
}

static const char *const *
field_headers (CoImportKind kind,
               guint        field)
{
  return kind == CO_IMPORT_MEMBERS ? co_member_field_headers (field) : activity_headers[field];
}

static int
recognise (CoImportKind  kind,
           const char   *header)
{
  g_autofree char *folded = co_csv_fold (header);

  for (const char *const *name = channel_headers; kind == CO_IMPORT_MEMBERS && *name != NULL; name++)
    {
      g_autofree char *candidate = co_csv_fold (*name);
      if (g_str_equal (folded, candidate))
        return CO_MEMBER_IMPORT_CHANNEL;
    }
  for (guint field = 0; field < n_fields (kind); field++)
    {
      for (const char *const *name = field_headers (kind, field); *name != NULL; name++)
        {
          g_autofree char *candidate = co_csv_fold (*name);
          if (g_str_equal (folded, candidate))
            return (int) field;
        }
      /* What our export writes in this session's language. */
      if (kind == CO_IMPORT_MEMBERS)
        {
          g_autofree char *translated = co_csv_fold (co_member_field_csv_header (field));
          if (g_str_equal (folded, translated))
            return (int) field;
        }
    }
  return -1;
}

static void
add_problem (CoMemberImport *self,
             guint           row,
             guint           column,
             const char     *message)
{
  CoImportProblem *problem = g_new0 (CoImportProblem, 1);

  problem->line = g_array_index (self->lines, guint, row);
  problem->column = column + 1;
  problem->header = column < self->headers->len ? g_strdup (g_ptr_array_index (self->headers, column)) : NULL;
  problem->message = g_strdup (message);
  g_ptr_array_add (self->problems, problem);
}

/* Our own export quotes a leading = + - @ with an apostrophe against spreadsheet formulas;
 * take it off again. */
static const char *
unquote_formula (const char *value)
{
  if (value[0] == '\'' && value[1] != '\0' && strchr ("=+-@\t\r", value[1]) != NULL)
    return value + 1;
  return value;
}

static void
load_tiers (CoMemberImport *self)
{
  g_autoptr(GListStore) tiers = co_tiers_list (self->store, self->group_id, NULL);

  for (guint i = 0; tiers != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (tiers)); i++)
    {
      g_autoptr(CoItem) tier = g_list_model_get_item (G_LIST_MODEL (tiers), i);
      TierRule rule = { co_item_get_id (tier), co_item_get_int (tier, "min_points", 0),
                        co_item_get_int (tier, "min_active_days", 0) > 0,
                        co_item_get_int (tier, "manual_only", 0) != 0 };

      g_array_append_val (self->tier_rules, rule);
    }
  g_hash_table_unref (self->tiers);
  self->tiers = co_tiers_by_name (self->store, self->group_id);
}

/* Who a row or a member is, as the import matches people: the contact, else the nickname in
 * its 简体 form, so that "張三" and "张三" without a contact are one person. Two contacts that
 * differ are two people whatever their nicknames. The one place the import matches people. */
static char *
identity_key (const char *contact,
              const char *nickname)
{
  g_autofree char *simplified = NULL;

  if (contact != NULL)
    return g_strconcat ("c:", contact, NULL);
  simplified = co_names_simplified (nickname);
  return g_strconcat ("n:", simplified, NULL);
}

/* The group's members as the import matches them, each also by the aliases a merge gave them.
 * One query, so that checking a file of 100,000 rows does not ask the database 100,000 times. */
static gboolean
load_existing (CoMemberImport  *self,
               GError         **error)
{
  sqlite3_stmt *stmt = co_store_prepare (self->store,
    "SELECT m.contact, m.nickname, s.id, m.id FROM memberships s JOIN members m ON m.id = s.member_id"
    " WHERE s.group_id = ?1"
    /* CROSS JOIN: from the few aliases, not from every membership of the group. A nickname
     * alias names someone only while they have no contact, as their own nickname does. */
    " UNION ALL SELECT CASE a.kind WHEN 'contact' THEN a.value END, a.value, s.id, m.id"
    " FROM member_aliases a CROSS JOIN memberships s ON s.member_id = a.member_id AND s.group_id = ?1"
    " CROSS JOIN members m ON m.id = a.member_id"
    " WHERE a.kind = 'contact' OR m.contact IS NULL"
    " ORDER BY 3", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->group_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char *key = identity_key ((const char *) sqlite3_column_text (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1));
      Match *match;

      /* Of two alike, the first. */
      if (g_hash_table_contains (self->existing, key))
        {
          g_free (key);
          continue;
        }
      match = g_new (Match, 1);
      *match = (Match) { sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3) };
      g_hash_table_insert (self->existing, key, match);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* The tier a new member starts in: the highest whose criteria points alone meet. */
static gint64
first_tier (CoMemberImport *self,
            const char     *points)
{
  gint64 value = points ? g_ascii_strtoll (points, NULL, 10) : 0;

  for (guint i = self->tier_rules->len; i-- > 1;)
    {
      const TierRule *rule = &g_array_index (self->tier_rules, TierRule, i);
      if (!rule->manual_only && !rule->needs_activity && value >= rule->min_points)
        return rule->id;
    }
  return self->tier_rules->len > 0 ? g_array_index (self->tier_rules, TierRule, 0).id : 0;
}

/* Checks one value; the stored form, NULL for empty, or sets a problem. */
static const char *
check_value (CoMemberImport *self,
             guint           row,
             guint           column,
             guint           field,
             const char     *raw)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  const char *input = unquote_formula (raw);

  if (self->kind == CO_IMPORT_MEMBERS && field == CO_MEMBER_TIER)
    {
      g_autofree char *folded = co_csv_fold (input);
      const char *id;

      if (folded[0] == '\0')
        return NULL;
      if ((id = g_hash_table_lookup (self->tiers, folded)) == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not one of this group’s tiers."), input);
          add_problem (self, row, column, message);
        }
      return id;
    }
  if (self->kind == CO_IMPORT_ACTIVITY && field == ACT_KIND)
    {
      g_autofree char *folded = co_csv_fold (input);
      for (guint i = 0; i < G_N_ELEMENTS (kind_words); i++)
        if (g_str_equal (folded, kind_words[i][0]))
          return kind_words[i][1];
      if (folded[0] == '\0')
        return "spoke";
      {
        g_autofree char *message = g_strdup_printf (_("“%s” is not a kind of activity: write spoke, posted,"
                                                      " attended or purchased (发言, 发帖, 参加, 购买)."), input);
        add_problem (self, row, column, message);
      }
      return NULL;
    }

  /* A member's values by the rules every way of adding members shares. */
  if (self->kind == CO_IMPORT_MEMBERS)
    value = co_member_normalize (field, input, &error);
  else
    value = co_field_normalize (field_spec (self->kind, field), input, &error);
  if (error != NULL)
    {
      add_problem (self, row, column, error->message);
      return NULL;
    }
  if (self->kind == CO_IMPORT_ACTIVITY && field == ACT_COUNT && value != NULL && g_str_equal (value, "0"))
    {
      add_problem (self, row, column, _("The count is at least 1."));
      return NULL;
    }
  return value ? g_string_chunk_insert (self->strings, value) : NULL;
}

/* A row's channel name: trimmed, NULL for empty, refused when no channel could have it. */
static const char *
check_channel (CoMemberImport *self,
               guint           row,
               guint           column,
               const char     *raw)
{
  g_autofree char *name = g_strstrip (g_strdup (unquote_formula (raw)));

  if (*name == '\0')
    return NULL;
  if (g_utf8_strlen (name, -1) > CO_FIELD_TEXT_MAX)
    {
      add_problem (self, row, column, _("The channel’s name is too long: 500 characters at most."));
      return NULL;
    }
  return g_string_chunk_insert_const (self->strings, name);
}

/* The membership a row names in the group, or 0, with its person in *member_id: someone the
 * group had before the import, or a row this commit wrote (@written). */
static gint64
find_membership (CoMemberImport *self,
                 GHashTable     *written,
                 const char     *contact,
                 const char     *nickname,
                 gint64         *member_id)
{
  g_autofree char *key = identity_key (contact, nickname);
  Match *match = g_hash_table_lookup (self->existing, key);

  if (match == NULL && written != NULL)
    match = g_hash_table_lookup (written, key);
  *member_id = match ? match->member : 0;
  return match ? match->membership : 0;
}

static gboolean
read_rows (CoMemberImport *self,
           CoCsvReader    *reader,
           GBytes         *bytes,
           GError        **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *const *fields;
  guint n, n_columns = self->headers->len;
  int key_field = self->kind == CO_IMPORT_MEMBERS ? CO_MEMBER_NICKNAME : ACT_NICKNAME;
  int contact_field = self->kind == CO_IMPORT_MEMBERS ? CO_MEMBER_CONTACT : ACT_CONTACT;
  g_autoptr(GError) local_error = NULL;
  guint n_lines = self->progress != NULL ? count_lines (bytes) : 0;

  while (co_csv_reader_next (reader, &fields, &n, &local_error))
    {
      guint row = self->rows->len;
      const char **raw, **values;
      guint line = co_csv_reader_get_line (reader);

      if (row % ROWS_PER_CHECK == 0)
        {
          if (g_cancellable_set_error_if_cancelled (self->cancellable, &local_error))
            break;
          progress_set (self->progress, line, n_lines);
        }

      raw = g_malloc0_n (n_columns + 1, sizeof (char *));
      values = g_malloc0_n (N_FIELDS_MAX, sizeof (char *));
      g_ptr_array_add (self->rows, raw);
      g_ptr_array_add (self->values, values);
      g_ptr_array_add (self->channels, NULL);
      g_array_append_val (self->lines, line);
      g_array_append_val (self->duplicate, (gboolean) { FALSE });

      if (n != n_columns)
        {
          g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "This line has %u field; the header has %u.",
                                                                   "This line has %u fields; the header has %u.", n),
                                                      n, n_columns);
          add_problem (self, row, MIN (n, n_columns), message);
        }
      for (guint column = 0; column < MIN (n, n_columns); column++)
        {
          int field = g_array_index (self->mapping, int, column);

          raw[column] = g_string_chunk_insert (self->strings, fields[column]);
          if (field == CO_MEMBER_IMPORT_CHANNEL)
            self->channels->pdata[row] = (gpointer) check_channel (self, row, column, fields[column]);
          else if (field >= 0)
            values[field] = check_value (self, row, column, field, fields[column]);
        }

      if (self->kind == CO_IMPORT_MEMBERS && values[CO_MEMBER_NICKNAME] == NULL)
        {
          guint column = 0;
          while (column < n_columns && g_array_index (self->mapping, int, column) != CO_MEMBER_NICKNAME)
            column++;
          /* An empty nickname was refused by check_value(); a short line never reached it. */
          if (column >= n)
            add_problem (self, row, column, _("A member needs a nickname."));
        }
      else if (self->kind == CO_IMPORT_ACTIVITY &&
               values[ACT_NICKNAME] == NULL && values[ACT_CONTACT] == NULL)
        add_problem (self, row, 0, _("Name the member by nickname or contact."));

      /* Duplicates: the same person earlier in the file, or already in the group. */
      if (self->kind == CO_IMPORT_MEMBERS && values[key_field] != NULL)
        {
          g_autofree char *tagged = identity_key (values[contact_field], values[key_field]);

          if (g_hash_table_contains (self->existing, tagged))
            {
              g_array_index (self->duplicate, gboolean, row) = TRUE;
              self->n_duplicates++;
            }
          else if (g_hash_table_contains (seen, tagged))
            {
              g_array_index (self->duplicate, gboolean, row) = TRUE;
              self->n_duplicates++;
              self->n_repeated++;
            }
          else
            g_hash_table_add (seen, (char *) g_string_chunk_insert_const (self->strings, tagged));
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (self->rows->len == 0)
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                   _("Line 1: the file has column names but no rows."));
      return FALSE;
    }
  return TRUE;
}

/* co_member_import_read(), stopped by @cancellable and telling @progress (either may be NULL). */
static CoMemberImport *
import_read (CoStore                 *store,
             gint64                   group_id,
             CoImportKind             kind,
             GBytes                  *bytes,
             GCancellable            *cancellable,
             CoMemberImportProgress  *progress,
             GError                 **error)
{
  g_autoptr(CoMemberImport) self = g_new0 (CoMemberImport, 1);
  g_autoptr(CoCsvReader) reader = NULL;
  const char *const *fields;
  gboolean has_name = FALSE;
  guint n;

  self->store = g_object_ref (store);
  self->group_id = group_id;
  self->kind = kind;
  self->strings = g_string_chunk_new (64 * 1024);
  self->headers = g_ptr_array_new_with_free_func (g_free);
  self->mapping = g_array_new (FALSE, FALSE, sizeof (int));
  self->rows = g_ptr_array_new_with_free_func (g_free);
  self->values = g_ptr_array_new_with_free_func (g_free);
  self->channels = g_ptr_array_new ();
  self->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  self->duplicate = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) co_import_problem_free);
  self->tiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->tier_rules = g_array_new (FALSE, FALSE, sizeof (TierRule));
  self->cancellable = cancellable;
  self->progress = progress;

  if ((reader = co_csv_reader_new (bytes, error)) == NULL)
    return NULL;
  self->encoding = g_strdup (co_csv_reader_get_encoding (reader));
  if (!co_csv_reader_next (reader, &fields, &n, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE, _("The file is empty."));
      return NULL;
    }
  for (guint column = 0; column < n; column++)
    {
      int field = recognise (kind, fields[column]);

      /* A column named twice: the first one counts. */
      for (guint other = 0; field >= 0 && other < column; other++)
        if (g_array_index (self->mapping, int, other) == field)
          field = -1;
      g_ptr_array_add (self->headers, g_strdup (fields[column]));
      g_array_append_val (self->mapping, field);
      has_name |= field == (kind == CO_IMPORT_MEMBERS ? CO_MEMBER_NICKNAME : ACT_NICKNAME) ||
                  (kind == CO_IMPORT_ACTIVITY && field == ACT_CONTACT);
    }
  if (!has_name)
    {
      g_set_error_literal (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                           kind == CO_IMPORT_MEMBERS
                           ? _("Line 1: no column holds the nickname. Name one “nickname” or “昵称”.")
                           : _("Line 1: no column names the member. Name one “nickname” or “contact”."));
      return NULL;
    }

  if (!load_existing (self, error))
    return NULL;
  if (kind == CO_IMPORT_MEMBERS)
    {
      if (!co_tiers_ensure (store, group_id, error))
        return NULL;
      load_tiers (self);
    }
  if (!read_rows (self, reader, bytes, error))
    return NULL;
  self->cancellable = NULL;
  self->progress = NULL;
  return g_steal_pointer (&self);
}

CoMemberImport *
co_member_import_read (CoStore       *store,
                       gint64         group_id,
                       CoImportKind   kind,
                       GBytes        *bytes,
                       GError       **error)
{
  return import_read (store, group_id, kind, bytes, NULL, NULL, error);
}

typedef struct
{
  char                   *path;
  gint64                  group_id;
  CoImportKind            kind;
  GBytes                 *bytes;
  CoMemberImportProgress *progress;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_free (job->path);
  g_bytes_unref (job->bytes);
  g_free (job);
}

static void
read_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  ReadJob *job = data;
  GError *error = NULL;
  g_autoptr(CoStore) reader = co_store_open_for_worker (job->path, cancellable, &error);
  CoMemberImport *import = NULL;

  if (reader != NULL)
    import = import_read (reader, job->group_id, job->kind, job->bytes, cancellable, job->progress, &error);
  if (import == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The worker's connection is closed in its thread; the window's store takes its place. */
  g_clear_object (&import->store);
  g_task_return_pointer (task, import, (GDestroyNotify) co_member_import_free);
}

void
co_member_import_read_async (CoStore                 *store,
                             gint64                   group_id,
                             CoImportKind             kind,
                             GBytes                  *bytes,
                             CoMemberImportProgress  *progress,
                             GCancellable            *cancellable,
                             GAsyncReadyCallback      callback,
                             gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  ReadJob *job;

  g_task_set_source_tag (task, co_member_import_read_async);
  /* The worker's connection only reads: a group's first tiers are written here, at once. */
  if (kind == CO_IMPORT_MEMBERS && !co_tiers_ensure (store, group_id, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job = g_new0 (ReadJob, 1);
  job->path = g_strdup (co_store_get_path (store));
  job->group_id = group_id;
  job->kind = kind;
  job->bytes = g_bytes_ref (bytes);
  job->progress = progress;
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_in_thread);
}

CoMemberImport *
co_member_import_read_finish (CoStore       *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  CoMemberImport *import;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  import = g_task_propagate_pointer (G_TASK (result), error);
  if (import != NULL)
    import->store = g_object_ref (store);
  return import;
}

const char *co_member_import_get_encoding (CoMemberImport *self) { return self->encoding; }
guint co_member_import_get_n_rows (CoMemberImport *self) { return self->rows->len; }
guint co_member_import_get_n_columns (CoMemberImport *self) { return self->headers->len; }
guint co_member_import_get_n_duplicates (CoMemberImport *self) { return self->n_duplicates; }
GPtrArray *co_member_import_get_problems (CoMemberImport *self) { return self->problems; }

const char *
co_member_import_get_header (CoMemberImport *self,
                             guint           column)
{
  g_return_val_if_fail (column < self->headers->len, NULL);
  return g_ptr_array_index (self->headers, column);
}

int
co_member_import_get_mapping (CoMemberImport *self,
                              guint           column)
{
  g_return_val_if_fail (column < self->mapping->len, -1);
  return g_array_index (self->mapping, int, column);
}

const char *
co_member_import_get_field_title (CoMemberImport *self,
                                  guint           column)
{
  int field = co_member_import_get_mapping (self, column);

  if (field == CO_MEMBER_IMPORT_CHANNEL)
    return _("Channel");
  return field >= 0 ? _(field_spec (self->kind, field)->title) : NULL;
}

const char *
co_member_import_get_value (CoMemberImport *self,
                            guint           row,
                            guint           column)
{
  g_return_val_if_fail (row < self->rows->len && column < self->headers->len, NULL);
  return ((const char **) g_ptr_array_index (self->rows, row))[column];
}

guint
co_member_import_get_line (CoMemberImport *self,
                           guint           row)
{
  g_return_val_if_fail (row < self->lines->len, 0);
  return g_array_index (self->lines, guint, row);
}

gboolean
co_member_import_is_duplicate (CoMemberImport *self,
                               guint           row)
{
  g_return_val_if_fail (row < self->duplicate->len, FALSE);
  return g_array_index (self->duplicate, gboolean, row);
}

GStrv
co_member_import_dup_ignored (CoMemberImport *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint column = 0; column < self->headers->len; column++)
    if (g_array_index (self->mapping, int, column) < 0)
      g_strv_builder_add (builder, g_ptr_array_index (self->headers, column));
  return g_strv_builder_end (builder);
}

/* ---- writing ----------------------------------------------------------------------------- */

static gboolean
step (CoStore       *store,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  return stmt != NULL && co_store_step_done (store, stmt, error);
}

/* The person's fields, then the membership's, as the statements below bind them. */
static const CoMemberField person_fields[] = {
  CO_MEMBER_NICKNAME, CO_MEMBER_REAL_NAME, CO_MEMBER_CITY, CO_MEMBER_INDUSTRY, CO_MEMBER_CONTACT,
  CO_MEMBER_SOURCE, CO_MEMBER_NOTES,
};
static const CoMemberField membership_fields[] = {
  CO_MEMBER_JOINED, CO_MEMBER_LEFT, CO_MEMBER_INVITED, CO_MEMBER_TIER, CO_MEMBER_SEED, CO_MEMBER_CORE,
  CO_MEMBER_POINTS, CO_MEMBER_LAST_ACTIVE, CO_MEMBER_REPLIED, CO_MEMBER_REPLIED_BY,
};

static void
bind_fields (sqlite3_stmt        *stmt,
             int                  first,
             const char         **values,
             const CoMemberField *which,
             guint                n)
{
  for (guint i = 0; i < n; i++)
    sqlite3_bind_text (stmt, first + (int) i, values[which[i]], -1, SQLITE_STATIC);
}

/* @text as a JSON string. */
static void
append_json_string (GString    *json,
                    const char *text)
{
  g_string_append_c (json, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (json, '\\');
      if ((guchar) *p < 0x20)
        g_string_append_printf (json, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
}

/* The people other groups know by the contacts of the rows in @order that are new to the group,
 * as contact → member id, in one statement: a file of 100,000 new people asks once, not 100,000
 * times. Nothing the import writes changes the answer: the new rows' contacts differ from one
 * another (a contact seen before in the file makes a duplicate), and duplicates, which may
 * change a contact, are written after them. */
static GHashTable *
people_with_contacts (CoMemberImport  *self,
                      GArray          *order,
                      GError         **error)
{
  GHashTable *people = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GString) json = g_string_new ("[");
  sqlite3_stmt *stmt;

  for (guint i = 0; i < order->len; i++)
    {
      guint row = g_array_index (order, guint, i);
      const char *contact = ((const char **) g_ptr_array_index (self->values, row))[CO_MEMBER_CONTACT];

      if (contact == NULL || g_array_index (self->duplicate, gboolean, row))
        continue;
      if (json->len > 1)
        g_string_append_c (json, ',');
      append_json_string (json, contact);
    }
  g_string_append_c (json, ']');
  /* The contacts of member_identities, a person's own first, then a merge's aliases, each
   * looked up by its index: asked through the view, SQLite 3.40 read the whole view (every
   * member's nickname and contact) into a temporary index first, 0.4 s on a million members. */
  stmt = co_store_prepare (self->store,
                           "SELECT j.value, coalesce ((SELECT m.id FROM members m WHERE m.contact = j.value LIMIT 1),"
                           "                          (SELECT a.member_id FROM member_aliases a"
                           "                           WHERE a.kind = 'contact' AND a.value = j.value LIMIT 1))"
                           " FROM json_each (?1) j", error);
  if (stmt == NULL)
    {
      g_hash_table_unref (people);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, json->str, (int) json->len, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
      {
        gint64 id = sqlite3_column_int64 (stmt, 1);
        const char *contact = g_string_chunk_insert_const (self->strings, (const char *) sqlite3_column_text (stmt, 0));

        g_hash_table_insert (people, (gpointer) contact, g_memdup2 (&id, sizeof id));
      }
  if (sqlite3_reset (stmt) != SQLITE_OK)
    {
      co_store_set_error (self->store, error);
      g_hash_table_unref (people);
      return NULL;
    }
  return people;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Uuids for @n new people, time-ordered (version 7, RFC 9562: the moment in milliseconds, then
 * 74 random bits), sorted. Those of one import share their first 48 bits, so that they go into
 * the index of uuids side by side, in one place, instead of at a hundred thousand random places of
 * a million entries, each a page to read and write again. */
static GPtrArray *
sorted_uuids (guint n)
{
  static const char hex[] = "0123456789abcdef";
  GPtrArray *uuids = g_ptr_array_new_full (n, g_free);
  guint64 moment = (guint64) (g_get_real_time () / 1000);

  for (guint i = 0; i < n; i++)
    {
      guint8 bytes[16];
      char *uuid = g_malloc (37);
      guint o = 0;

      for (guint b = 0; b < 6; b++)
        bytes[b] = (guint8) (moment >> (40 - 8 * b));
      for (guint b = 6; b < 16; b += 2)
        {
          guint32 value = g_random_int ();
          bytes[b] = (guint8) value;
          bytes[b + 1] = (guint8) (value >> 8);
        }
      bytes[6] = (bytes[6] & 0x0f) | 0x70;  /* version 7 */
      bytes[8] = (bytes[8] & 0x3f) | 0x80;  /* RFC 4122 variant */
      for (guint b = 0; b < 16; b++)
        {
          if (b == 4 || b == 6 || b == 8 || b == 10)
            uuid[o++] = '-';
          uuid[o++] = hex[bytes[b] >> 4];
          uuid[o++] = hex[bytes[b] & 0x0f];
        }
      uuid[o] = '\0';
      g_ptr_array_add (uuids, uuid);
    }
  g_ptr_array_sort (uuids, compare_strings);
  return uuids;
}

/* The id of the channel named @name, added to the list when it has none; looked up once per
 * name in an import. */
static gint64
channel_id (CoMemberImport  *self,
            GHashTable      *ids,
            const char      *name,
            GError         **error)
{
  g_autofree char *key = g_utf8_casefold (name, -1);
  gpointer id;

  if (g_hash_table_lookup_extended (ids, key, NULL, &id))
    return *(gint64 *) id;
  {
    gint64 found = co_channel_ensure (self->store, name, error);
    if (found <= 0)
      return 0;
    g_hash_table_insert (ids, g_steal_pointer (&key), g_memdup2 (&found, sizeof found));
    return found;
  }
}

typedef struct
{
  CoMemberImport    *import;
  CoDuplicateAction  duplicates;
  GHashTable        *written;    /* identity_key () → Match of the memberships added */
  GHashTable        *known;      /* people_with_contacts () */
  GPtrArray         *uuids;      /* sorted_uuids () for the new people */
  guint              next_uuid;
  guint              added;
  guint              updated;
  GCancellable      *cancellable;  /* stops the rows' loop (a worker's commit), or NULL */
  CoMemberImportProgress *progress;
  /* The statements of a row, looked up once for the whole file (statement(), below). */
  sqlite3_stmt      *insert_member;
  sqlite3_stmt      *change_member;
  sqlite3_stmt      *insert_membership;
  sqlite3_stmt      *change_membership;
} MemberWrite;

/* The store's statement for @sql, kept in @slot: a file of 100,000 rows looks it up once, not
 * 100,000 times by its text. Every parameter is bound again for each row. */
static sqlite3_stmt *
statement (CoStore       *store,
           sqlite3_stmt **slot,
           const char    *sql,
           GError       **error)
{
  if (*slot == NULL)
    *slot = co_store_prepare (store, sql, error);
  return *slot;
}

static gboolean
write_member (MemberWrite        *job,
              const char        **values,
              const char         *channel,
              GHashTable         *channel_ids,
              GBytes             *sort_key,
              gboolean            duplicate,
              const char         *now,
              GError            **error)
{
  CoMemberImport *self = job->import;
  CoStore *store = self->store;
  gint64 member_id, membership, channel_row = 0;
  sqlite3_stmt *stmt;

  if (duplicate)
    {
      if (job->duplicates == CO_DUPLICATES_SKIP)
        return TRUE;
      membership = find_membership (self, job->written, values[CO_MEMBER_CONTACT], values[CO_MEMBER_NICKNAME],
                                    &member_id);
    }
  else
    {
      /* Not in the group; maybe someone another group knows by the same contact. */
      gint64 *known = values[CO_MEMBER_CONTACT] ? g_hash_table_lookup (job->known, values[CO_MEMBER_CONTACT]) : NULL;

      membership = 0;
      member_id = known != NULL ? *known : 0;
    }
  if (channel != NULL && (channel_row = channel_id (self, channel_ids, channel, error)) == 0)
    return FALSE;

  if (member_id == 0)
    {
      /* The sort key and pinyin here: the trigger is set aside meanwhile (write_rows ()). */
      stmt = statement (store, &job->insert_member, "INSERT INTO members (nickname, real_name, city, industry, contact,"
                                      " source, notes, uuid, created_at, updated_at, sort_key, pinyin)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10,"
                                      " co_pinyin (?1, ?2))", error);
      if (stmt == NULL)
        return FALSE;
      bind_fields (stmt, 1, values, person_fields, G_N_ELEMENTS (person_fields));
      if (job->next_uuid < job->uuids->len)
        sqlite3_bind_text (stmt, 8, g_ptr_array_index (job->uuids, job->next_uuid++), 36, SQLITE_STATIC);
      else
        {
          char uuid[37];

          co_uuid_random (uuid);
          sqlite3_bind_text (stmt, 8, uuid, 36, SQLITE_TRANSIENT);
        }
      sqlite3_bind_text (stmt, 9, now, -1, SQLITE_STATIC);
      if (sort_key != NULL)
        sqlite3_bind_blob (stmt, 10, g_bytes_get_data (sort_key, NULL), (int) g_bytes_get_size (sort_key),
                           SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 10);
      if (!step (store, stmt, error))
        return FALSE;
      member_id = co_store_last_insert_rowid (store);
    }
  else
    {
      /* A known person: the file's values replace theirs where it has one (on update), or
       * fill in what was missing (a person new to this group). */
      stmt = statement (store, &job->change_member, job->duplicates == CO_DUPLICATES_UPDATE
        ? "UPDATE members SET nickname = coalesce (?1, nickname), real_name = coalesce (?2, real_name),"
          " city = coalesce (?3, city), industry = coalesce (?4, industry), contact = coalesce (?5, contact),"
          " source = coalesce (?6, source), notes = coalesce (?7, notes), updated_at = ?9 WHERE id = ?8"
        : "UPDATE members SET real_name = coalesce (real_name, ?2),"
          " city = coalesce (city, ?3), industry = coalesce (industry, ?4), source = coalesce (source, ?6),"
          " notes = coalesce (notes, ?7), updated_at = ?9 WHERE id = ?8 AND ?1 IS NOT NULL AND ?5 IS NOT NULL",
        error);
      if (stmt == NULL)
        return FALSE;
      bind_fields (stmt, 1, values, person_fields, G_N_ELEMENTS (person_fields));
      sqlite3_bind_int64 (stmt, 8, member_id);
      sqlite3_bind_text (stmt, 9, now, -1, SQLITE_STATIC);
      if (!step (store, stmt, error))
        return FALSE;
    }

  if (membership == 0)
    {
      /* The channel with the rest: one statement a row. */
      stmt = statement (store, &job->insert_membership, "INSERT INTO memberships (joined_date, left_date, invited_date, tier_id,"
                                      " tier_manual, seed, core, points, last_active, replied_date, replied_by,"
                                      " member_id, group_id, created_at, updated_at, channel_id)"
                                      " VALUES (?1, ?2, ?3, coalesce (?4, ?14), ?4 IS NOT NULL, coalesce (?5, 0),"
                                      " coalesce (?6, 0), coalesce (?7, 0), ?8, ?9, ?10, ?11, ?12, ?13, ?13,"
                                      " nullif (?15, 0))", error);
      job->added++;
    }
  else
    {
      stmt = statement (store, &job->change_membership, "UPDATE memberships SET joined_date = coalesce (?1, joined_date),"
                                      " left_date = coalesce (?2, left_date),"
                                      " invited_date = coalesce (?3, invited_date),"
                                      " tier_id = coalesce (?4, tier_id), tier_manual = tier_manual OR ?4 IS NOT NULL,"
                                      " seed = coalesce (?5, seed), core = coalesce (?6, core),"
                                      " points = coalesce (?7, points), last_active = coalesce (?8, last_active),"
                                      " replied_date = coalesce (?9, replied_date),"
                                      " replied_by = coalesce (?10, replied_by), deleted_at = NULL,"
                                      " updated_at = ?13 WHERE id = ?11 AND ?12 = group_id", error);
      job->updated++;
    }
  if (stmt == NULL)
    return FALSE;
  bind_fields (stmt, 1, values, membership_fields, G_N_ELEMENTS (membership_fields));
  sqlite3_bind_int64 (stmt, 11, membership ? membership : member_id);
  sqlite3_bind_int64 (stmt, 12, self->group_id);
  sqlite3_bind_text (stmt, 13, now, -1, SQLITE_STATIC);
  if (membership == 0)
    {
      sqlite3_bind_int64 (stmt, 14, first_tier (self, values[CO_MEMBER_POINTS]));
      sqlite3_bind_int64 (stmt, 15, channel_row);
    }
  if (!step (store, stmt, error))
    return FALSE;
  /* The rows after it in the file that are the same person find it, when they are written. */
  if (membership == 0 && job->duplicates == CO_DUPLICATES_UPDATE && self->n_duplicates > 0)
    {
      char *key = identity_key (values[CO_MEMBER_CONTACT], values[CO_MEMBER_NICKNAME]);
      Match *match = g_new (Match, 1);

      *match = (Match) { co_store_last_insert_rowid (store), member_id };
      g_hash_table_replace (job->written, key, match);
    }
  if (membership == 0 || channel_row == 0)
    return TRUE;
  stmt = co_store_prepare (store, "UPDATE memberships SET channel_id = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, channel_row);
  sqlite3_bind_int64 (stmt, 2, membership);
  return step (store, stmt, error);
}

static gboolean
write_activity (CoMemberImport  *self,
                guint            row,
                const char     **values,
                GError         **error)
{
  gint64 member_id, membership;
  sqlite3_stmt *stmt;

  membership = find_membership (self, NULL, values[ACT_CONTACT], values[ACT_NICKNAME], &member_id);
  if (membership == 0)
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND,
                   _("Line %u: “%s” is not a member of this group; import the members first."),
                   g_array_index (self->lines, guint, row),
                   values[ACT_CONTACT] ? values[ACT_CONTACT] : values[ACT_NICKNAME]);
      return FALSE;
    }
  stmt = co_store_prepare (self->store, "INSERT INTO member_activity (membership_id, group_id, date, kind, count)"
                                        " VALUES (?, ?, ?, ?, coalesce (?, 1))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, membership);
  sqlite3_bind_int64 (stmt, 2, self->group_id);
  sqlite3_bind_text (stmt, 3, values[ACT_DATE], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, values[ACT_KIND] ? values[ACT_KIND] : "spoke", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, values[ACT_COUNT], -1, SQLITE_STATIC);
  if (!step (self->store, stmt, error))
    return FALSE;
  stmt = co_store_prepare (self->store, "UPDATE memberships SET last_active = ?2"
                                        " WHERE id = ?1 AND (last_active IS NULL OR last_active < ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, membership);
  sqlite3_bind_text (stmt, 2, values[ACT_DATE], -1, SQLITE_STATIC);
  return step (self->store, stmt, error);
}

/* A new row as the order of writing sorts it: its key at hand, not behind a GBytes. */
typedef struct
{
  const guint8 *key;       /* NULL: none */
  gsize         length;
  const char   *nickname;
  guint         row;
} Ordered;

static int
compare_sort_keys (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  const Ordered *first = a, *second = b;

  if (first->key != NULL && second->key != NULL)
    {
      int order = memcmp (first->key, second->key, MIN (first->length, second->length));
      return order != 0 ? order : (first->length > second->length) - (first->length < second->length);
    }
  if (first->key != NULL || second->key != NULL)
    return (first->key != NULL) - (second->key != NULL);
  /* No keys (the benchmark's comparison without them): by nickname, as the index is then. */
  return g_strcmp0 (first->nickname, second->nickname);
}

/* Each row's nickname's sort key (co_names_sort_key()), which its INSERT writes. */
static GPtrArray *
sort_keys (CoMemberImport *self)
{
  GPtrArray *keys = g_ptr_array_new_full (self->rows->len, (GDestroyNotify) g_bytes_unref);

  for (guint row = 0; row < self->rows->len; row++)
    {
      const char **values = g_ptr_array_index (self->values, row);
      gsize length;
      guint8 *key = values[CO_MEMBER_NICKNAME] ? co_names_sort_key (values[CO_MEMBER_NICKNAME], &length) : NULL;

      g_ptr_array_add (keys, key ? g_bytes_new_take (key, length) : NULL);
    }
  return keys;
}

/* New members in the search index's order (by sort key), so that it grows at its end rather
 * than at random places of a million entries (each a page that may not be in the cache); then
 * the duplicates, in file order, once the rows they repeat are written. Activity in file order. */
static GArray *
write_order (CoMemberImport *self,
             GPtrArray      *keys)
{
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->rows->len);
  g_autoptr(GArray) ordered = NULL;

  if (self->kind == CO_IMPORT_ACTIVITY)
    {
      for (guint row = 0; row < self->rows->len; row++)
        g_array_append_val (order, row);
      return order;
    }
  ordered = g_array_sized_new (FALSE, FALSE, sizeof (Ordered), self->rows->len);
  for (guint row = 0; row < self->rows->len; row++)
    if (!g_array_index (self->duplicate, gboolean, row))
      {
        GBytes *key = g_ptr_array_index (keys, row);
        Ordered item = { NULL, 0, ((const char **) g_ptr_array_index (self->values, row))[CO_MEMBER_NICKNAME], row };

        if (key != NULL)
          item.key = g_bytes_get_data (key, &item.length);
        g_array_append_val (ordered, item);
      }
  /* Stable: rows with the same nickname keep their order. */
  g_qsort_with_data (ordered->data, ordered->len, sizeof (Ordered), compare_sort_keys, NULL);
  for (guint i = 0; i < ordered->len; i++)
    g_array_append_val (order, g_array_index (ordered, Ordered, i).row);
  for (guint row = 0; row < self->rows->len; row++)
    if (g_array_index (self->duplicate, gboolean, row))
      g_array_append_val (order, row);
  return order;
}

/* This thread's processor time, for the phases write_rows() prints with G_MESSAGES_DEBUG. */
static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static gboolean
write_rows (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  MemberWrite *job = data;
  CoMemberImport *self = job->import;
  g_autofree char *now = co_store_now ();
  g_autoptr(GDateTime) local = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (local, "%Y-%m-%d");
  /* The time of each phase, for G_MESSAGES_DEBUG=all (the benchmark's profile). */
  gint64 started = g_get_monotonic_time (), cpu_started = thread_cpu_us ();
  g_autoptr(GPtrArray) keys = self->kind == CO_IMPORT_MEMBERS ? sort_keys (self) : NULL;
  gint64 keyed = g_get_monotonic_time ();
  g_autoptr(GArray) order = write_order (self, keys);
  gint64 ordered = g_get_monotonic_time (), looked_up, rows_written, cpu_looked_up, cpu_rows_written;
  g_autoptr(GHashTable) channel_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean written = TRUE;

  /* A bigger page cache while writing: the indexes of a million members take more than the
   * default 2 MB, and each miss is a read from disk. Back to the default afterwards. */
  co_store_exec (store, "PRAGMA cache_size = -65536", NULL);
  /* New members come with their sort keys and pinyin, and the trigger that would fill them in
   * costs an import of 100,000 members half as much again by merely being there. */
  if (self->kind == CO_IMPORT_MEMBERS && !co_store_set_names_trigger (store, FALSE, error))
    return FALSE;
  if (self->kind == CO_IMPORT_MEMBERS)
    {
      if ((job->known = people_with_contacts (self, order, error)) == NULL)
        return FALSE;
      job->uuids = sorted_uuids (self->rows->len - self->n_duplicates);
    }
  looked_up = g_get_monotonic_time ();
  cpu_looked_up = thread_cpu_us ();
  for (guint i = 0; written && i < order->len; i++)
    {
      guint row = g_array_index (order, guint, i);
      const char **values = g_ptr_array_index (self->values, row);

      if (i % ROWS_PER_CHECK == 0)
        {
          /* Cancelled: the transaction is rolled back, nothing written. */
          if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
            {
              written = FALSE;
              break;
            }
          progress_set (job->progress, i, order->len);
        }
      if (self->kind == CO_IMPORT_MEMBERS)
        written = write_member (job, values, self->channels->pdata[row], channel_ids, g_ptr_array_index (keys, row),
                                g_array_index (self->duplicate, gboolean, row), now, error);
      else if ((written = write_activity (self, row, values, error)))
        job->added++;
    }
  written = written && (self->kind != CO_IMPORT_MEMBERS || co_store_set_names_trigger (store, TRUE, error));
  rows_written = g_get_monotonic_time ();
  cpu_rows_written = thread_cpu_us ();
  /* Tiers follow what was imported; members given a tier in the file keep it. */
  written = written && co_tiers_compute (store, self->group_id, today, error) >= 0;
  g_debug ("import: sort keys %.3f s, order %.3f s, known people %.3f s, rows %.3f s, tiers %.3f s;"
           " processor: before the rows %.3f s, rows %.3f s, tiers %.3f s",
           (keyed - started) / 1e6, (ordered - keyed) / 1e6, (looked_up - ordered) / 1e6,
           (rows_written - looked_up) / 1e6, (g_get_monotonic_time () - rows_written) / 1e6,
           (cpu_looked_up - cpu_started) / 1e6, (cpu_rows_written - cpu_looked_up) / 1e6,
           (thread_cpu_us () - cpu_rows_written) / 1e6);
  co_store_exec (store, "PRAGMA cache_size = -2000", NULL);
  if (!written)
    return FALSE;
  co_store_note_change (store, self->kind == CO_IMPORT_MEMBERS ? "memberships" : "member_activity",
                        self->group_id);
  co_store_note_change (store, "memberships", self->group_id);
  return TRUE;
}

static MemberWrite *
member_write_new (CoMemberImport         *self,
                  CoDuplicateAction       duplicates,
                  GCancellable           *cancellable,
                  CoMemberImportProgress *progress)
{
  MemberWrite *job = g_new0 (MemberWrite, 1);

  job->import = self;
  job->duplicates = duplicates;
  job->written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->progress = progress;
  return job;
}

static void
member_write_free (MemberWrite *job)
{
  g_hash_table_unref (job->written);
  g_clear_pointer (&job->known, g_hash_table_unref);
  g_clear_pointer (&job->uuids, g_ptr_array_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}

/* What a committed write counted, kept for co_member_import_describe(). */
static void
member_write_done (MemberWrite *job)
{
  CoMemberImport *self = job->import;

  self->n_added = job->added;
  self->n_updated = job->updated;
  /* Duplicates are updated when asked, else skipped. */
  self->n_skipped = job->duplicates == CO_DUPLICATES_SKIP ? self->n_duplicates : 0;
}

gboolean
co_member_import_commit (CoMemberImport     *self,
                         CoDuplicateAction   duplicates,
                         guint              *added,
                         guint              *updated,
                         GError            **error)
{
  MemberWrite *job;
  gboolean done;

  if (!co_import_check_problems (self->problems, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE, error))
    return FALSE;
  job = member_write_new (self, duplicates, NULL, NULL);
  done = co_import_write (self->store, write_rows, job, error);
  if (done)
    member_write_done (job);
  member_write_free (job);
  if (!done)
    return FALSE;
  if (added != NULL)
    *added = self->n_added;
  if (updated != NULL)
    *updated = self->n_updated;
  return TRUE;
}

/* write_rows() on the worker's own connection, which the import uses while it writes. */
static gboolean
write_rows_in_worker (CoStore  *store,
                      gpointer  data,
                      GError  **error)
{
  MemberWrite *job = data;
  CoStore *window_store = job->import->store;
  gboolean written;

  job->import->store = store;
  written = write_rows (store, job, error);
  job->import->store = window_store;
  return written;
}

void
co_member_import_commit_async (CoMemberImport          *self,
                               CoDuplicateAction        duplicates,
                               CoMemberImportProgress  *progress,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  g_return_if_fail (self->problems->len == 0);

  co_import_write_async (self->store, write_rows_in_worker, member_write_new (self, duplicates, cancellable, progress),
                         (GDestroyNotify) member_write_free, callback, user_data);
}

gboolean
co_member_import_commit_finish (CoMemberImport  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  MemberWrite *job = co_import_get_data (result);

  if (!co_import_write_finish (self->store, result, error))
    return FALSE;
  member_write_done (job);
  return TRUE;
}

char *
co_member_import_describe (CoMemberImport *self)
{
  /* Translators: what an import of members wrote, e.g. "120 added, 3 updated" */
  g_autofree char *written = g_strdup_printf (_("%u added, %u updated"), self->n_added, self->n_updated);
  guint repeated = MIN (self->n_repeated, self->n_skipped), existing = self->n_skipped - repeated;
  g_autofree char *in_group = NULL, *in_file = NULL, *why = NULL;

  /* A file of five rows, four of them people already there, would otherwise read "1 added,
   * 0 updated" and leave four unexplained. Rows with problems are not counted: they refuse
   * the whole file before anything is written (the preview lists them). */
  if (self->n_skipped == 0)
    return g_steal_pointer (&written);
  /* Translators: why rows were skipped, inside "3 skipped (2 already in the group, 1 repeated
   * in the file)" */
  in_group = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u already in the group", "%u already in the group",
                                           existing), existing);
  in_file = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u repeated in the file", "%u repeated in the file",
                                          repeated), repeated);
  if (existing == 0 || repeated == 0)
    why = g_strdup (existing == 0 ? in_file : in_group);
  else
    /* Translators: two reasons for skipping rows, joined: "2 already in the group, 1 repeated
     * in the file" */
    why = g_strdup_printf (_("%s, %s"), in_group, in_file);
  /* Translators: what an import wrote, then what it skipped and why, e.g. "1 added, 0 updated,
   * 4 skipped (3 already in the group, 1 repeated in the file)" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u skipped (%s)", "%s, %u skipped (%s)",
                                       self->n_skipped),
                          written, self->n_skipped, why);
}

/* ---- export ------------------------------------------------------------------------------ */

GBytes *
co_members_export_csv (CoStore             *store,
                       const CoMemberQuery *query,
                       GError             **error)
{
  g_autoptr(GArray) ids = co_member_query_ids (store, query, error);
  GString *out;
  const char *row[CO_N_MEMBER_FIELDS];
  guint n_columns = query->group_id == 0 ? CO_N_MEMBER_FIELDS : CO_MEMBER_GROUP;

  if (ids == NULL)
    return NULL;
  out = g_string_new ("\xEF\xBB\xBF");  /* a BOM: Excel reads UTF-8 only with one */
  /* Headers in the UI's language: the import reads them in any. */
  for (guint i = 0; i < n_columns; i++)
    row[i] = co_member_field_csv_header (i);
  co_csv_append_row (out, row, n_columns);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CoMember) member = co_member_get_by_id (store, g_array_index (ids, gint64, i), NULL);
      g_autofree char *tier = NULL;

      if (member == NULL)
        continue;
      for (guint f = 0; f < n_columns; f++)
        row[f] = co_member_get (member, f);
      /* The tier by name, which an import into another workspace understands. */
      tier = co_member_dup_display (member, CO_MEMBER_TIER);
      row[CO_MEMBER_TIER] = tier;
      co_csv_append_row (out, row, n_columns);
    }
  return g_string_free_to_bytes (out);
}
