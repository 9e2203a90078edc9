/* co-challenge.c: check-in challenges (co-challenge.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "core/chat/co-challenge.h"
#include "core/records/co-list-private.h"
#include "core/store/co-store-private.h"

/* The challenges as the record engine edits them (CO_LIST_CHALLENGES). */
static const CoFieldSpec challenge_fields[] = {
  { "name", CO_FIELD_TEXT, 0, N_("Name"), N_("For example: 21 days of morning reading") },
  { "keywords", CO_FIELD_TEXT, 0, N_("Keywords"),
    N_("A message holding one of them is a check-in, e.g. “#打卡 打卡第N天”: N stands for any number") },
  { "start_date", CO_FIELD_DATE, 0, N_("Start"), NULL },
  { "end_date", CO_FIELD_DATE, 0, N_("End"), NULL },
  { "points", CO_FIELD_COUNT, 0, N_("Points per Check-in"), N_("Added to the member’s points, once a day") },
  { "notes", CO_FIELD_LONG_TEXT, 0, N_("Notes"), N_("The rules, the prizes") },
};

static gboolean
check_challenge (CoStore *store,
                 CoItem  *item,
                 GError **error)
{
  return co_list_check_order (item, "start_date", "end_date", _("The challenge ends before it starts."), error);
}

const CoListSpec co_challenge_list_spec = { CO_LIST_CHALLENGES, "challenges", "group_id",
                                            CO_FIELDS (challenge_fields), -1, 0, N_("Check-in Challenges"),
                                            N_("Add Challenge"), check_challenge };

/* ---- keywords ------------------------------------------------------------------------------ */

/* One keyword, case-folded: the text before a number and after it; @after NULL: no number. */
typedef struct
{
  char *before;
  char *after;
} Keyword;

static void
keyword_clear (gpointer data)
{
  Keyword *keyword = data;

  g_free (keyword->before);
  g_free (keyword->after);
}

/* A capital N alone, not part of a word such as "NBA". */
static const char *
find_placeholder (const char *word)
{
  for (const char *c = strchr (word, 'N'); c != NULL; c = strchr (c + 1, 'N'))
    if ((c == word || !g_ascii_isalpha (c[-1])) && !g_ascii_isalpha (c[1]))
      return c;
  return NULL;
}

static GArray *
parse_keywords (const char *keywords)
{
  GArray *parsed = g_array_new (FALSE, TRUE, sizeof (Keyword));
  g_auto(GStrv) words = g_regex_split_simple ("[\\s、，,；;]+", keywords != NULL ? keywords : "", 0, 0);

  g_array_set_clear_func (parsed, keyword_clear);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *placeholder = find_placeholder (words[i]);
      g_autofree char *before = placeholder != NULL ? g_strndup (words[i], placeholder - words[i]) : NULL;
      Keyword keyword = { 0 };

      if (*words[i] == '\0')
        continue;
      keyword.before = g_utf8_casefold (placeholder != NULL ? before : words[i], -1);
      keyword.after = placeholder != NULL ? g_utf8_casefold (placeholder + 1, -1) : NULL;
      g_array_append_val (parsed, keyword);
    }
  return parsed;
}

/* Past a number at @text: digits (ASCII or full-width) or Chinese numerals; @text if none. */
static const char *
skip_number (const char *text)
{
  static const char numerals[] = "0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千";
  const char *c = text;

  while (*c != '\0')
    {
      gunichar ch = g_utf8_get_char (c);
      char utf8[7] = { 0 };

      g_unichar_to_utf8 (ch, utf8);
      if (strstr (numerals, utf8) == NULL)
        break;
      c = g_utf8_next_char (c);
    }
  return c;
}

static gboolean
keyword_found (const Keyword *keyword,
               const char    *folded)
{
  if (keyword->after == NULL)
    return strstr (folded, keyword->before) != NULL;
  for (const char *at = strstr (folded, keyword->before); at != NULL; at = strstr (at + 1, keyword->before))
    {
      const char *number = at + strlen (keyword->before);
      const char *rest = skip_number (number);

      if (rest != number && g_str_has_prefix (rest, keyword->after))
        return TRUE;
      if (*at == '\0')
        break;
    }
  return FALSE;
}

static gboolean
any_keyword_found (GArray     *keywords,
                   const char *folded)
{
  for (guint i = 0; i < keywords->len; i++)
    if (keyword_found (&g_array_index (keywords, Keyword, i), folded))
      return TRUE;
  return FALSE;
}

gboolean
co_challenge_keywords_match (const char *keywords,
                             const char *text)
{
  g_autoptr(GArray) parsed = parse_keywords (keywords);
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return any_keyword_found (parsed, folded);
}

/* ---- scoring ------------------------------------------------------------------------------- */

typedef struct
{
  gint64  id;
  char   *start;  /* ISO, or NULL: open */
  char   *end;
  gint64  points;
  GArray *keywords;
} Challenge;

struct _CoChallengeScorer
{
  CoStore *store;
  GArray  *challenges;
  guint    n_checkins;
};

static void
challenge_clear (gpointer data)
{
  Challenge *challenge = data;

  g_free (challenge->start);
  g_free (challenge->end);
  g_array_unref (challenge->keywords);
}

CoChallengeScorer *
co_challenge_scorer_new (CoStore  *store,
                         gint64    group_id,
                         GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id, keywords, start_date, end_date, coalesce (points, 0)"
                                                " FROM challenges WHERE group_id = ? AND deleted_at IS NULL"
                                                " ORDER BY position, id", error);
  CoChallengeScorer *self;
  int rc;

  if (stmt == NULL)
    return NULL;
  self = g_new0 (CoChallengeScorer, 1);
  self->store = g_object_ref (store);
  self->challenges = g_array_new (FALSE, TRUE, sizeof (Challenge));
  g_array_set_clear_func (self->challenges, challenge_clear);
  sqlite3_bind_int64 (stmt, 1, group_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Challenge challenge = {
        sqlite3_column_int64 (stmt, 0),
        g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 3)),
        sqlite3_column_int64 (stmt, 4),
        parse_keywords ((const char *) sqlite3_column_text (stmt, 1)),
      };

      if (challenge.keywords->len > 0)
        g_array_append_val (self->challenges, challenge);
      else
        challenge_clear (&challenge);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      co_challenge_scorer_free (self);
      return NULL;
    }
  return self;
}

void
co_challenge_scorer_free (CoChallengeScorer *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->store);
  g_array_unref (self->challenges);
  g_free (self);
}

guint
co_challenge_scorer_get_n_checkins (CoChallengeScorer *self)
{
  return self->n_checkins;
}

static gboolean
record_checkin (CoChallengeScorer  *self,
                const Challenge    *challenge,
                gint64              membership_id,
                const char         *day,
                GError            **error)
{
  sqlite3_stmt *stmt = co_store_prepare (self->store, "INSERT OR IGNORE INTO challenge_checkins"
                                                      " (challenge_id, membership_id, date) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, challenge->id);
  sqlite3_bind_int64 (stmt, 2, membership_id);
  sqlite3_bind_text (stmt, 3, day, -1, SQLITE_TRANSIENT);
  if (!co_store_step_done (self->store, stmt, error))
    return FALSE;
  if (sqlite3_changes (sqlite3_db_handle (stmt)) == 0)
    return TRUE;  /* once a day */
  self->n_checkins++;
  if (challenge->points == 0)
    return TRUE;
  stmt = co_store_prepare (self->store, "UPDATE memberships SET points = min (points + ?2, ?3) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  sqlite3_bind_int64 (stmt, 2, challenge->points);
  sqlite3_bind_int64 (stmt, 3, CO_FIELD_COUNT_MAX);
  return co_store_step_done (self->store, stmt, error);
}

gboolean
co_challenge_scorer_score (CoChallengeScorer  *self,
                           gint64              membership_id,
                           const char         *day,
                           const char         *text,
                           GError            **error)
{
  g_autofree char *folded = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  for (guint i = 0; i < self->challenges->len; i++)
    {
      const Challenge *challenge = &g_array_index (self->challenges, Challenge, i);

      if ((challenge->start != NULL && strcmp (day, challenge->start) < 0) ||
          (challenge->end != NULL && strcmp (day, challenge->end) > 0))
        continue;
      if (folded == NULL)
        folded = g_utf8_casefold (text, -1);
      if (any_keyword_found (challenge->keywords, folded) &&
          !record_checkin (self, challenge, membership_id, day, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- the leaderboard ----------------------------------------------------------------------- */

static guint32
julian (const char *iso)
{
  GDate date;
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

void
co_challenge_row_free (CoChallengeRow *row)
{
  if (row == NULL)
    return;
  g_free (row->name);
  g_free (row);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const CoChallengeRow *x = *(CoChallengeRow *const *) a, *y = *(CoChallengeRow *const *) b;

  if (x->days != y->days)
    return x->days > y->days ? -1 : 1;
  if (x->current_streak != y->current_streak)
    return x->current_streak > y->current_streak ? -1 : 1;
  return g_utf8_collate (x->name, y->name);
}

/* The streaks and days missed of one member's check-in days (ascending, within the challenge
 * so far), with @last the last day counted and @today_running when it is today. */
static void
finish_row (CoChallengeRow *row,
            GArray         *days,
            guint32         first,
            guint32         last,
            gboolean        today_running)
{
  guint run = 0;
  guint32 previous = 0, elapsed;
  gboolean checked_last = FALSE;

  row->days = days->len;
  for (guint i = 0; i < days->len; i++)
    {
      guint32 day = g_array_index (days, guint32, i);

      run = previous != 0 && day == previous + 1 ? run + 1 : 1;
      row->longest_streak = MAX (row->longest_streak, run);
      previous = day;
    }
  checked_last = previous == last;
  /* Today is not over: a streak up to yesterday still runs. */
  if (checked_last || (today_running && previous + 1 == last))
    row->current_streak = run;
  elapsed = last - first + 1 - (today_running && !checked_last ? 1 : 0);
  row->missed = elapsed > row->days ? elapsed - row->days : 0;
}

GPtrArray *
co_challenge_leaderboard (CoStore    *store,
                          gint64      challenge_id,
                          const char *today,
                          GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) co_challenge_row_free);
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree char *start = NULL, *end = NULL;
  CoChallengeRow *row = NULL;
  guint32 first, last, today_day = julian (today);
  gint64 points;
  sqlite3_stmt *stmt;
  int rc;

  stmt = co_store_prepare (store, "SELECT start_date, end_date, coalesce (points, 0),"
                                  " (SELECT min (date) FROM challenge_checkins WHERE challenge_id = ?1)"
                                  " FROM challenges WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, challenge_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND, _("The challenge is gone."));
      return NULL;
    }
  /* A challenge without a start runs from its first check-in. */
  start = g_strdup ((const char *) sqlite3_column_text (stmt, sqlite3_column_type (stmt, 0) != SQLITE_NULL ? 0 : 3));
  end = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  points = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);

  first = julian (start);
  last = end != NULL && julian (end) < today_day ? julian (end) : today_day;
  if (first == 0 || last == 0 || last < first)
    return g_steal_pointer (&rows);  /* not started, or nobody checked in */

  stmt = co_store_prepare (store, "SELECT c.membership_id, m.nickname, c.date FROM challenge_checkins c"
                                  " JOIN memberships s ON s.id = c.membership_id JOIN members m ON m.id = s.member_id"
                                  " WHERE c.challenge_id = ?1 AND s.deleted_at IS NULL AND c.date BETWEEN ?2 AND ?3"
                                  " ORDER BY c.membership_id, c.date", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, challenge_id);
  sqlite3_bind_text (stmt, 2, start, -1, SQLITE_TRANSIENT);
  {
    g_autofree char *last_iso = end != NULL && strcmp (end, today) < 0 ? g_strdup (end) : g_strdup (today);
    sqlite3_bind_text (stmt, 3, last_iso, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 membership = sqlite3_column_int64 (stmt, 0);
        guint32 day = julian ((const char *) sqlite3_column_text (stmt, 2));

        if (row == NULL || row->membership_id != membership)
          {
            if (row != NULL)
              finish_row (row, days, first, last, last == today_day);
            row = g_new0 (CoChallengeRow, 1);
            row->membership_id = membership;
            row->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
            g_ptr_array_add (rows, row);
            g_array_set_size (days, 0);
          }
        g_array_append_val (days, day);
      }
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  if (row != NULL)
    finish_row (row, days, first, last, last == today_day);
  for (guint i = 0; i < rows->len; i++)
    ((CoChallengeRow *) rows->pdata[i])->points = points * ((CoChallengeRow *) rows->pdata[i])->days;
  g_ptr_array_sort (rows, compare_rows);
  return g_steal_pointer (&rows);
}

/* "Nov 1" or "11月1日". */
static char *
short_date (const char *iso)
{
  int y, m, d;
  g_autoptr(GDateTime) time = NULL;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3 ||
      (time = g_date_time_new_local (y, m, d, 12, 0, 0)) == NULL)
    return g_strdup ("");
  /* Translators: a day of a check-in challenge in its picture, as g_date_time_format() writes it; for Chinese "%-m月%-d日" */
  return g_date_time_format (time, _("%b %-d, %Y"));
}

void
co_challenge_describe_days (const char  *start,
               const char  *end,
               const char  *today,
               char       **dates,
               char       **status)
{
  g_autofree char *from = short_date (start), *to = short_date (end);
  guint32 first = julian (start), last = julian (end), now = julian (today);

  if (start != NULL && end != NULL)
    /* Translators: a check-in challenge's first and last day */
    *dates = g_strdup_printf (_("%s – %s"), from, to);
  else if (start != NULL)
    /* Translators: a check-in challenge without an end */
    *dates = g_strdup_printf (_("From %s"), from);
  else
    *dates = g_strdup (end != NULL ? to : "");

  if (first != 0 && now < first)
    /* Translators: a check-in challenge that has not started, e.g. "Starts Nov 1, 2026" */
    *status = g_strdup_printf (_("Starts %s"), from);
  else if (last != 0 && now > last)
    *status = first != 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Ended after %u day", "Ended after %u days",
                                                         last - first + 1), last - first + 1)
                         : g_strdup (_("Ended"));
  else if (first != 0 && last != 0)
    /* Translators: how far a check-in challenge is, e.g. "Day 5 of 21" */
    *status = g_strdup_printf (_("Day %u of %u"), now - first + 1, last - first + 1);
  else if (first != 0)
    /* Translators: how far a check-in challenge without an end is, e.g. "Day 5" */
    *status = g_strdup_printf (_("Day %u"), now - first + 1);
  else
    *status = g_strdup ("");
}

gint64
co_challenge_find (CoStore     *store,
                   gint64       group_id,
                   const char  *name,
                   GError     **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id FROM challenges WHERE group_id = ? AND name = ?"
                                                " AND deleted_at IS NULL ORDER BY position, id", error);
  gint64 id;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  id = co_store_step_int (stmt, 0);
  if (id == 0)
    g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND, _("The group has no challenge “%s”."), name);
  return id;
}
