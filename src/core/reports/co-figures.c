/* co-figures.c: reading, checking and saving a group's daily figures. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/formats/co-csv.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-figures.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"

G_DEFINE_QUARK (co-figures-error-quark, co_figures_error)

static const CoFieldSpec specs[CO_N_FIGURES] = {
  [CO_FIGURE_MEMBERS_TOTAL] = { "members_total", CO_FIELD_COUNT, 0, N_("Members"), NULL },
  [CO_FIGURE_JOINED] = { "joined", CO_FIELD_COUNT, 0, N_("New Members"), NULL },
  [CO_FIGURE_LEFT] = { "left_members", CO_FIELD_COUNT, 0, N_("Members Left"), NULL },
  [CO_FIGURE_ACTIVE] = { "active", CO_FIELD_COUNT, 0, N_("Active Members"), N_("Spoke at least once that day") },
  [CO_FIGURE_MESSAGES] = { "messages", CO_FIELD_COUNT, 0, N_("Messages"), NULL },
  [CO_FIGURE_INVITES_SENT] = { "invites_sent", CO_FIELD_COUNT, 0, N_("Invitations Sent"), NULL },
  [CO_FIGURE_INVITES_ACCEPTED] = { "invites_accepted", CO_FIELD_COUNT, 0, N_("Invitations Accepted"), NULL },
  [CO_FIGURE_REGISTRATIONS] = { "registrations", CO_FIELD_COUNT, 0, N_("Registrations"),
                                N_("On the platform, brought by the group") },
  [CO_FIGURE_CONVERSIONS] = { "conversions", CO_FIELD_COUNT, 0, N_("Conversions"), N_("Purchases") },
  [CO_FIGURE_POSTS] = { "posts", CO_FIELD_COUNT, 0, N_("Content Posts"), NULL },
  [CO_FIGURE_PARTICIPANTS] = { "participants", CO_FIELD_COUNT, 0, N_("Activity Participants"), NULL },
  [CO_FIGURE_FEEDBACK] = { "feedback", CO_FIELD_COUNT, 0, N_("Feedback Items"), NULL },
  [CO_FIGURE_QUALITY_FEEDBACK] = { "quality_feedback", CO_FIELD_COUNT, 0, N_("Quality Feedback"),
                                   N_("Feedback items of quality") },
};

#define FIGURE_COLUMNS \
  "members_total, joined, left_members, active, messages, invites_sent, invites_accepted," \
  " registrations, conversions, posts, participants, feedback, quality_feedback"

const CoFieldSpec *
co_figure_spec (CoFigure figure)
{
  g_return_val_if_fail (figure < CO_N_FIGURES, NULL);
  return &specs[figure];
}

gboolean
co_figure_is_level (CoFigure figure)
{
  return figure == CO_FIGURE_MEMBERS_TOTAL;
}

void
co_day_figures_init (CoDayFigures *day,
                     gint64        group_id,
                     const char   *date)
{
  day->group_id = group_id;
  g_strlcpy (day->date, date ? date : "", sizeof day->date);
  for (guint i = 0; i < CO_N_FIGURES; i++)
    day->values[i] = CO_FIGURE_UNSET;
}

/* The rules between figures: the first of each pair may not exceed the second. */
static const CoFigure rules[][2] = {
  { CO_FIGURE_INVITES_ACCEPTED, CO_FIGURE_INVITES_SENT },
  { CO_FIGURE_LEFT, CO_FIGURE_MEMBERS_TOTAL },
  { CO_FIGURE_ACTIVE, CO_FIGURE_MEMBERS_TOTAL },
  { CO_FIGURE_QUALITY_FEEDBACK, CO_FIGURE_FEEDBACK },
};

gboolean
co_day_figures_check (const CoDayFigures  *day,
                      const char          *group_name,
                      const char          *founding_date,
                      CoFigure            *bad,
                      GError             **error)
{
  g_autofree char *shown_date = co_date_format_display (day->date);

  for (guint i = 0; i < CO_N_FIGURES; i++)
    if (day->values[i] < CO_FIGURE_UNSET)
      {
        if (bad != NULL)
          *bad = i;
        /* Translators: group, day, figure */
        g_set_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE, _("%s, %s: %s cannot be negative."),
                     group_name, shown_date, _(specs[i].title));
        return FALSE;
      }
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      gint64 small = day->values[rules[r][0]], large = day->values[rules[r][1]];
      g_autofree char *small_text = NULL, *large_text = NULL;

      if (small == CO_FIGURE_UNSET || large == CO_FIGURE_UNSET || small <= large)
        continue;
      if (bad != NULL)
        *bad = rules[r][0];
      small_text = g_strdup_printf ("%" G_GINT64_FORMAT, small);
      large_text = g_strdup_printf ("%" G_GINT64_FORMAT, large);
      /* Translators: group, day, a figure and its value, another figure and its value:
       * "Group 1, 2024-03-05: Invitations Accepted (12) is more than Invitations Sent (10)." */
      g_set_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INCONSISTENT,
                   _("%s, %s: %s (%s) is more than %s (%s)."), group_name, shown_date,
                   _(specs[rules[r][0]].title), small_text, _(specs[rules[r][1]].title), large_text);
      return FALSE;
    }
  if (founding_date != NULL && strcmp (day->date, founding_date) < 0)
    {
      g_autofree char *founded = co_date_format_display (founding_date);
      if (bad != NULL)
        *bad = CO_N_FIGURES;
      /* Translators: group, day, the group's founding date */
      g_set_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INCONSISTENT,
                   _("%s, %s: the group was founded on %s; there are no figures before that."),
                   group_name, shown_date, founded);
      return FALSE;
    }
  return TRUE;
}

gboolean
co_figures_get (CoStore       *store,
                gint64         group_id,
                const char    *date,
                CoDayFigures  *day,
                GError       **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT " FIGURE_COLUMNS " FROM daily_figures"
                                                " WHERE group_id = ? AND date = ?", error);

  co_day_figures_init (day, group_id, date);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    for (guint i = 0; i < CO_N_FIGURES; i++)
      if (sqlite3_column_type (stmt, i) != SQLITE_NULL)
        day->values[i] = sqlite3_column_int64 (stmt, i);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The group's name and founding date, for the checks' messages. */
static gboolean
group_facts (CoStore     *store,
             gint64       group_id,
             char       **name,
             char       **founded,
             GError     **error)
{
  g_autoptr(CoGroup) group = co_group_get (store, group_id, error);

  if (group == NULL)
    return FALSE;
  *name = g_strdup (co_group_get_name (group));
  *founded = g_strdup (co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE));
  return TRUE;
}

gboolean
co_figures_put (CoStore             *store,
                const CoDayFigures  *day,
                GError             **error)
{
  g_autofree char *name = NULL, *founded = NULL, *now = co_store_now ();
  g_autofree char *iso = co_date_parse (day->date);
  sqlite3_stmt *stmt;

  if (iso == NULL || !g_str_equal (iso, day->date))
    {
      g_set_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE,
                   _("“%s” is not a date. Write it like 2024-03-05."), day->date);
      return FALSE;
    }
  if (!group_facts (store, day->group_id, &name, &founded, error) ||
      !co_day_figures_check (day, name, founded, NULL, error) ||
      !co_store_begin (store, error))
    return FALSE;
  /* An upsert, not a REPLACE: a day written again is an UPDATE, which the team sync sends as
   * the figures that changed only (a REPLACE is a new row, all its figures overwriting a
   * teammate's). */
  stmt = co_store_prepare (store, "INSERT INTO daily_figures (group_id, date, " FIGURE_COLUMNS
                                  ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                  " ON CONFLICT (group_id, date) DO UPDATE SET members_total = excluded.members_total,"
                                  " joined = excluded.joined, left_members = excluded.left_members,"
                                  " active = excluded.active, messages = excluded.messages,"
                                  " invites_sent = excluded.invites_sent, invites_accepted = excluded.invites_accepted,"
                                  " registrations = excluded.registrations, conversions = excluded.conversions,"
                                  " posts = excluded.posts, participants = excluded.participants,"
                                  " feedback = excluded.feedback, quality_feedback = excluded.quality_feedback,"
                                  " updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, day->group_id);
  sqlite3_bind_text (stmt, 2, day->date, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < CO_N_FIGURES; i++)
    if (day->values[i] != CO_FIGURE_UNSET)
      sqlite3_bind_int64 (stmt, 3 + i, day->values[i]);
  sqlite3_bind_text (stmt, 3 + CO_N_FIGURES, now, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, "daily_figures", day->group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

gboolean
co_figures_set (CoStore      *store,
                gint64        group_id,
                const char   *date,
                CoFigure      figure,
                const char   *input,
                GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;
  CoDayFigures day;

  g_return_val_if_fail (figure < CO_N_FIGURES, FALSE);

  value = co_field_normalize (&specs[figure], input, &local_error);
  if (local_error != NULL)
    {
      g_autoptr(CoGroup) group = co_group_get (store, group_id, NULL);
      g_autofree char *shown_date = co_date_format_display (date);
      /* Translators: where a typed figure was refused: group, day, figure, then why */
      g_set_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE, _("%s, %s, %s: %s"),
                   group ? co_group_get_name (group) : "", shown_date ? shown_date : date, _(specs[figure].title),
                   local_error->message);
      return FALSE;
    }
  if (!co_figures_get (store, group_id, date, &day, error))
    return FALSE;
  day.values[figure] = value ? g_ascii_strtoll (value, NULL, 10) : CO_FIGURE_UNSET;
  return co_figures_put (store, &day, error);
}

/* ---- CSV import ------------------------------------------------------------------------------ */

/* Columns besides the figures: the day and the group. */
enum { COLUMN_DATE = CO_N_FIGURES, COLUMN_GROUP, N_COLUMNS };

/* Headers as our export, spreadsheets and WeCom's group statistics write them. */
static const char *const headers[N_COLUMNS][6] = {
  [CO_FIGURE_MEMBERS_TOTAL] = { "members_total", "群成员数", "群总人数", "成员数", "members", NULL },
  [CO_FIGURE_JOINED] = { "joined", "新增人数", "入群人数", "新增成员数", NULL },
  [CO_FIGURE_LEFT] = { "left", "退群人数", "left_members", NULL },
  [CO_FIGURE_ACTIVE] = { "active", "活跃人数", "发言成员数", "发言人数", "speakers", NULL },
  [CO_FIGURE_MESSAGES] = { "messages", "消息数", "群消息数", "消息总数", NULL },
  [CO_FIGURE_INVITES_SENT] = { "invites_sent", "邀请数", NULL },
  [CO_FIGURE_INVITES_ACCEPTED] = { "invites_accepted", "接受数", NULL },
  [CO_FIGURE_REGISTRATIONS] = { "registrations", "注册数", NULL },
  [CO_FIGURE_CONVERSIONS] = { "conversions", "转化数", NULL },
  [CO_FIGURE_POSTS] = { "posts", "内容数", NULL },
  [CO_FIGURE_PARTICIPANTS] = { "participants", "活动参与人数", NULL },
  [CO_FIGURE_FEEDBACK] = { "feedback", "反馈数", NULL },
  [CO_FIGURE_QUALITY_FEEDBACK] = { "quality_feedback", "优质反馈数", NULL },
  [COLUMN_DATE] = { "date", "日期", "统计日期", NULL },
  [COLUMN_GROUP] = { "group", "群名称", "群名", "群聊名称", NULL },
};

struct _CoFiguresImport
{
  CoStore    *store;
  GArray     *days;      /* CoDayFigures, one per good row */
  GArray     *lines;     /* guint per day */
  GPtrArray  *problems;  /* CoImportProblem */
};

void
co_figures_import_free (CoFiguresImport *self)
{
  g_clear_object (&self->store);
  g_array_unref (self->days);
  g_array_unref (self->lines);
  g_ptr_array_unref (self->problems);
  g_free (self);
}

guint co_figures_import_get_n_days (CoFiguresImport *self) { return self->days->len; }
GPtrArray *co_figures_import_get_problems (CoFiguresImport *self) { return self->problems; }

static void
add_problem (CoFiguresImport *self,
             guint            line,
             guint            column,
             const char      *header,
             const char      *message)
{
  CoImportProblem *problem = g_new0 (CoImportProblem, 1);

  problem->line = line;
  problem->column = column + 1;
  problem->header = g_strdup (header);
  problem->message = g_strdup (message);
  g_ptr_array_add (self->problems, problem);
}

/* The groups by folded name, and their founding dates. */
static GHashTable *
load_groups (CoStore  *store,
             GError  **error)
{
  g_autoptr(GListStore) groups = co_group_list (store, error);
  GHashTable *by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      CoGroup *group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      g_hash_table_insert (by_name, co_csv_fold (co_group_get_name (group)), group);
    }
  return by_name;
}

/* What the header line says: which of our columns each of the file's is (-1: left out). */
typedef struct
{
  int        mapping[64];
  guint      n_columns;
  GPtrArray *names;  /* the file's own header of each column */
} Header;

/* Reads the header line; refuses two columns that say the same and a file without a date or a
 * group column. */
static gboolean
read_header (Header             *header,
             const char *const  *fields,
             guint               n,
             GError            **error)
{
  gboolean has_date = FALSE, has_group = FALSE;

  header->n_columns = MIN (n, G_N_ELEMENTS (header->mapping));
  for (guint c = 0; c < header->n_columns; c++)
    {
      g_autofree char *folded = co_csv_fold (fields[c]);
      int *mapped = &header->mapping[c];

      *mapped = -1;
      for (int column = 0; column < N_COLUMNS && *mapped < 0; column++)
        for (const char *const *name = headers[column]; *name != NULL; name++)
          {
            g_autofree char *candidate = co_csv_fold (*name);
            if (g_str_equal (folded, candidate))
              *mapped = column;
          }
      g_ptr_array_add (header->names, g_strdup (fields[c]));
      has_date |= *mapped == COLUMN_DATE;
      has_group |= *mapped == COLUMN_GROUP;
    }
  /* Two columns that say the same ("统计日期" and "date"): which one to believe? Neither. */
  for (guint c = 0; c < header->n_columns; c++)
    for (guint earlier = 0; earlier < c && header->mapping[c] >= 0; earlier++)
      if (header->mapping[earlier] == header->mapping[c])
        {
          g_set_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE,
                       _("Line 1, column %u (%s): says the same as column %u (%s). Keep one of them."), c + 1,
                       (const char *) header->names->pdata[c], earlier + 1,
                       (const char *) header->names->pdata[earlier]);
          return FALSE;
        }
  if (!has_date || !has_group)
    {
      g_set_error_literal (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE,
                           _("Line 1: the file needs a date column (“date” or “日期”) and a group column"
                             " (“group” or “群名称”)."));
      return FALSE;
    }
  return TRUE;
}

/* Reads the fields of one line into @day and @group, or notes its problems; FALSE if it had any. */
static gboolean
read_fields (CoFiguresImport    *self,
             const Header       *header,
             GHashTable         *groups,
             const char *const  *fields,
             guint               line,
             CoDayFigures       *day,
             CoGroup           **group)
{
  g_autofree char *date = NULL;
  gboolean good = TRUE;

  co_day_figures_init (day, 0, NULL);
  for (guint c = 0; c < header->n_columns; c++)
    {
      g_autoptr(GError) field_error = NULL;
      g_autofree char *value = NULL;
      int column = header->mapping[c];

      if (column == COLUMN_GROUP)
        {
          g_autofree char *folded = co_csv_fold (fields[c]);
          if ((*group = g_hash_table_lookup (groups, folded)) == NULL)
            {
              g_autofree char *message = g_strdup_printf (_("There is no group named “%s”."), fields[c]);
              add_problem (self, line, c, header->names->pdata[c], message);
              good = FALSE;
            }
        }
      else if (column == COLUMN_DATE)
        {
          g_clear_pointer (&date, g_free);
          if ((date = co_date_parse (fields[c])) == NULL)
            {
              g_autofree char *message = g_strdup_printf (_("“%s” is not a date. Write it like 2024-03-05."),
                                                          fields[c]);
              add_problem (self, line, c, header->names->pdata[c], message);
              good = FALSE;
            }
        }
      else if (column >= 0)
        {
          value = co_field_normalize (&specs[column], fields[c], &field_error);
          if (field_error != NULL)
            {
              add_problem (self, line, c, header->names->pdata[c], field_error->message);
              good = FALSE;
            }
          else if (value != NULL)
            day->values[column] = g_ascii_strtoll (value, NULL, 10);
        }
    }
  if (good)
    {
      day->group_id = co_group_get_id (*group);
      g_strlcpy (day->date, date, sizeof day->date);
    }
  return good;
}

/* Keeps a line's day, once its figures agree with each other and it is not in the file twice. */
static void
add_day (CoFiguresImport *self,
         const Header    *header,
         GHashTable      *seen,
         guint            line,
         CoDayFigures    *day,
         CoGroup         *group)
{
  g_autoptr(GError) check_error = NULL;
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT " %s", day->group_id, day->date);
  CoFigure bad = CO_N_FIGURES;
  guint column = 0;

  if (!co_day_figures_check (day, co_group_get_name (group),
                             co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE), &bad, &check_error))
    {
      while (column < header->n_columns && header->mapping[column] != (int) (bad < CO_N_FIGURES ? bad : COLUMN_DATE))
        column++;
      add_problem (self, line, column, column < header->n_columns ? header->names->pdata[column] : NULL,
                   check_error->message);
      return;
    }
  if (!g_hash_table_add (seen, g_steal_pointer (&key)))
    {
      g_autofree char *shown = co_date_format_display (day->date);
      g_autofree char *message = g_strdup_printf (_("%s, %s appears twice in the file."),
                                                  co_group_get_name (group), shown);
      add_problem (self, line, 0, NULL, message);
      return;
    }
  g_array_append_val (self->days, *day);
  g_array_append_val (self->lines, line);
}

CoFiguresImport *
co_figures_import_read (CoStore  *store,
                        GBytes   *bytes,
                        GError  **error)
{
  g_autoptr(CoFiguresImport) self = g_new0 (CoFiguresImport, 1);
  g_autoptr(CoCsvReader) reader = NULL;
  g_autoptr(GHashTable) groups = load_groups (store, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  Header header = { .names = names };
  const char *const *fields;
  guint n;

  self->store = g_object_ref (store);
  self->days = g_array_new (FALSE, FALSE, sizeof (CoDayFigures));
  self->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) co_import_problem_free);

  if ((reader = co_csv_reader_new (bytes, error)) == NULL)
    return NULL;
  if (!co_csv_reader_next (reader, &fields, &n, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE, _("The file is empty."));
      return NULL;
    }
  if (!read_header (&header, fields, n, error))
    return NULL;

  while (co_csv_reader_next (reader, &fields, &n, &local_error))
    {
      guint line = co_csv_reader_get_line (reader);
      CoGroup *group = NULL;
      CoDayFigures day;

      if (n != header.n_columns)
        {
          g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "This line has %u field; the header has %u.",
                                                                   "This line has %u fields; the header has %u.", n),
                                                      n, header.n_columns);
          add_problem (self, line, MIN (n, header.n_columns), NULL, message);
          continue;
        }
      if (read_fields (self, &header, groups, fields, line, &day, &group))
        add_day (self, &header, seen, line, &day, group);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (self->days->len == 0 && self->problems->len == 0)
    {
      g_set_error_literal (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE,
                           _("Line 1: the file has column names but no rows."));
      return NULL;
    }
  return g_steal_pointer (&self);
}

static gboolean
write_days (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  CoFiguresImport *self = data;

  for (guint i = 0; i < self->days->len; i++)
    {
      const CoDayFigures *file = &g_array_index (self->days, CoDayFigures, i);
      CoDayFigures day;

      /* The file's figures over what the day already had; the merged day is checked again. */
      if (!co_figures_get (store, file->group_id, file->date, &day, error))
        return FALSE;
      for (guint f = 0; f < CO_N_FIGURES; f++)
        if (file->values[f] != CO_FIGURE_UNSET)
          day.values[f] = file->values[f];
      if (!co_figures_put (store, &day, error))
        {
          g_prefix_error (error, _("Line %u: "), g_array_index (self->lines, guint, i));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
co_figures_import_write (CoStore   *store,
                         gpointer   import,
                         GError   **error)
{
  CoFiguresImport *self = import;

  return co_import_check_problems (self->problems, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE, error) &&
         write_days (store, self, error);
}

gboolean
co_figures_import_commit (CoFiguresImport  *self,
                          GError          **error)
{
  return co_import_write (self->store, co_figures_import_write, self, error);
}
