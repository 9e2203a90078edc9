/* co-chat-import.c: a chat export into a group (co-chat-import.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/chat/co-challenge.h"
#include "core/chat/co-chat-formats.h"
#include "core/chat/co-chat-import.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-tier.h"
#include "core/reports/co-figures.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"

struct _CoChatImport
{
  CoStore       *store;
  gint64         group_id;
  GFile         *file;
  CoChatFormat   format;       /* the one found */
  char          *chat_name;
  char          *day;          /* of text without dates, or NULL */
  CoChatSummary *summary;
  CoChatProblems *problems;    /* the messages skipped, with their places */
  GPtrArray     *people;       /* CoChatPerson */
  GHashTable    *person_index; /* a person's key → their index in people, plus 1 */
  GArray        *member_ids;   /* gint64 per person: who they are in the workspace, 0: new */
  guint          n_new;
  guint          n_matched;
  guint          n_written;
  guint          n_already;
  guint          n_figures_filled;
  guint          n_figures_kept;
  guint          n_checkins;   /* of check-in challenges */
};

/* Who a person of the chat is, asked of one connection: the store's (the synchronous preview and
 * the commit, inside its transaction) or a worker's own reader (the preview in a worker). */
typedef struct
{
  CoChatFormat  format;
  gint64        group_id;
  sqlite3_stmt *by_handle;
  sqlite3_stmt *by_nickname;
} Matcher;

static const char member_with_handle_sql[] = "SELECT member_id FROM member_handles WHERE handle = ?";
/* CROSS JOIN: the members of that nickname (their own, found by its sort key in members_search,
 * or an alias after a merge) first, then their membership of the group. Left to itself SQLite
 * walks every membership of the group, for each person of a chat. */
static const char member_with_nickname_sql[] =
  "SELECT m.id FROM members m CROSS JOIN memberships s ON s.member_id = m.id"
  " WHERE m.id IN (SELECT id FROM members WHERE sort_key = co_sort_key (?1) AND nickname = ?1"
  "                UNION SELECT member_id FROM member_aliases WHERE kind = 'nickname' AND value = ?1)"
  " AND s.group_id = ?2 AND s.deleted_at IS NULL"
  " AND (?3 = 0 OR NOT EXISTS (SELECT 1 FROM member_handles h WHERE h.member_id = m.id AND h.handle GLOB ?4))"
  " ORDER BY m.id";

/* The store's cached statements: they stay with the store. */
static gboolean
matcher_init_on_store (Matcher       *matcher,
                       CoStore       *store,
                       CoChatFormat   format,
                       gint64         group_id,
                       GError       **error)
{
  *matcher = (Matcher) { .format = format, .group_id = group_id };
  /* Nicknames are found by their sort key: the keys of another language computed first. */
  if (!co_store_rekey_names (store, error))
    return FALSE;
  matcher->by_handle = co_store_prepare (store, member_with_handle_sql, error);
  matcher->by_nickname = matcher->by_handle != NULL ? co_store_prepare (store, member_with_nickname_sql, error)
                                                    : NULL;
  return matcher->by_nickname != NULL;
}

/* Statements of @db's own, which matcher_clear_on_reader() finalizes. */
static gboolean
matcher_init_on_reader (Matcher       *matcher,
                        sqlite3       *db,
                        CoChatFormat   format,
                        gint64         group_id,
                        GError       **error)
{
  *matcher = (Matcher) { .format = format, .group_id = group_id };
  if (sqlite3_prepare_v2 (db, member_with_handle_sql, -1, &matcher->by_handle, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, member_with_nickname_sql, -1, &matcher->by_nickname, NULL) != SQLITE_OK)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_OPEN, "%s", sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static void
matcher_clear_on_reader (Matcher *matcher)
{
  sqlite3_finalize (matcher->by_handle);
  sqlite3_finalize (matcher->by_nickname);
}

/* "telegram:user123": the person's id on the platform, as member_handles keeps it. */
static char *
person_handle (CoChatFormat        format,
               const CoChatPerson *person)
{
  return person->handle != NULL ? g_strconcat (co_chat_format_to_string (format), ":", person->handle, NULL)
                                : NULL;
}

static gint64
member_with_handle (const Matcher *matcher,
                    const char    *handle)
{
  sqlite3_bind_text (matcher->by_handle, 1, handle, -1, SQLITE_TRANSIENT);
  return co_store_step_int (matcher->by_handle, 0);
}

/* A member of the group by @nickname. One who has another handle on this platform is someone
 * else of the same name, and one already matched is not taken twice. */
static gint64
member_with_nickname (const Matcher *matcher,
                      const char    *nickname,
                      gboolean       has_handle,
                      GHashTable    *taken)
{
  g_autofree char *pattern = g_strconcat (co_chat_format_to_string (matcher->format), ":*", NULL);
  sqlite3_stmt *stmt = matcher->by_nickname;
  gint64 id = 0;

  sqlite3_bind_text (stmt, 1, nickname, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, matcher->group_id);
  sqlite3_bind_int (stmt, 3, has_handle);
  sqlite3_bind_text (stmt, 4, pattern, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 candidate = sqlite3_column_int64 (stmt, 0);

      if (!g_hash_table_contains (taken, &candidate))
        {
          id = candidate;
          break;
        }
    }
  sqlite3_reset (stmt);
  return id;
}

/* Who each of @people is: by handle, else by nickname in the group, else new (0), into
 * @member_ids; returns how many were matched. Run by the preview (on the store, or in a worker
 * on its reader), and again inside the commit's transaction, where the workspace may have moved. */
static guint
match_people (const Matcher *matcher,
              GPtrArray     *people,
              GArray        *member_ids)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint n_matched = 0;

  g_array_set_size (member_ids, people->len);
  /* Handles first: a nickname never takes a member whom a handle names. */
  for (guint i = 0; i < people->len; i++)
    {
      g_autofree char *handle = person_handle (matcher->format, g_ptr_array_index (people, i));
      gint64 id = handle != NULL ? member_with_handle (matcher, handle) : 0;

      g_array_index (member_ids, gint64, i) = id;
      if (id != 0)
        g_hash_table_add (taken, g_memdup2 (&id, sizeof id));
    }
  for (guint i = 0; i < people->len; i++)
    {
      const CoChatPerson *person = g_ptr_array_index (people, i);
      gint64 *id = &g_array_index (member_ids, gint64, i);

      if (*id == 0 && (*id = member_with_nickname (matcher, person->name, person->handle != NULL, taken)) != 0)
        g_hash_table_add (taken, g_memdup2 (id, sizeof *id));
      n_matched += *id != 0;
    }
  return n_matched;
}

/* Sorted by key, so that the same file writes the same members in the same order. */
static int
compare_people (gconstpointer a,
                gconstpointer b)
{
  return strcmp ((*(CoChatPerson *const *) a)->key, (*(CoChatPerson *const *) b)->key);
}

/* The people of @summary, in the order the import keeps them. */
static GPtrArray *
sorted_people (CoChatSummary *summary)
{
  GPtrArray *people = co_chat_summary_dup_people (summary);

  g_ptr_array_sort (people, compare_people);
  return people;
}

/* The preview of a file read into @summary and @problems, whose sorted @people are the members
 * @member_ids (0: new), @n_matched of them (all taken). No SQL: in a worker's preview, this runs
 * in the window's thread. */
static CoChatImport *
import_new (CoStore        *store,
            gint64          group_id,
            GFile          *file,
            CoChatFormat    found,
            const char     *chat_name,
            const char     *day,
            CoChatSummary  *summary,
            CoChatProblems *problems,
            GPtrArray      *people,
            GArray         *member_ids,
            guint           n_matched)
{
  CoChatImport *self;

  self = g_new0 (CoChatImport, 1);
  self->store = g_object_ref (store);
  self->group_id = group_id;
  self->file = g_object_ref (file);
  self->format = found;
  self->chat_name = g_strdup (chat_name);
  self->day = g_strdup (day);
  self->summary = summary;
  self->problems = problems;
  self->people = people;
  self->person_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->people->len; i++)
    g_hash_table_insert (self->person_index, ((CoChatPerson *) g_ptr_array_index (self->people, i))->key,
                         GUINT_TO_POINTER (i + 1));
  self->member_ids = member_ids;
  self->n_matched = n_matched;
  self->n_new = people->len - n_matched;
  return self;
}

CoChatImport *
co_chat_import_read (CoStore       *store,
                     gint64         group_id,
                     GFile         *file,
                     CoChatFormat   format,
                     const char    *chat_name,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return co_chat_import_read_full (store, group_id, file, format, chat_name, NULL, cancellable, error);
}

CoChatImport *
co_chat_import_read_full (CoStore       *store,
                          gint64         group_id,
                          GFile         *file,
                          CoChatFormat   format,
                          const char    *chat_name,
                          const char    *day,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(CoChatSummary) summary = co_chat_summary_new ();
  g_autoptr(CoChatProblems) problems = co_chat_problems_new ();
  CoChatReadOptions options = { .format = format, .chat_name = chat_name, .day = day, .problems = problems };
  CoChatFormat found = format;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GArray) member_ids = NULL;
  Matcher matcher;
  guint n_matched;

  g_return_val_if_fail (CO_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!co_chat_read_full (file, &options, co_chat_summary_add, summary, &found, cancellable, error) ||
      !matcher_init_on_store (&matcher, store, found, group_id, error))
    return NULL;
  people = sorted_people (summary);
  member_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  n_matched = match_people (&matcher, people, member_ids);
  return import_new (store, group_id, file, found, chat_name, day, g_steal_pointer (&summary),
                     g_steal_pointer (&problems), g_steal_pointer (&people), g_steal_pointer (&member_ids),
                     n_matched);
}

void
co_chat_import_free (CoChatImport *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->store);
  g_object_unref (self->file);
  g_free (self->chat_name);
  g_free (self->day);
  co_chat_summary_free (self->summary);
  co_chat_problems_free (self->problems);
  g_hash_table_unref (self->person_index);
  g_ptr_array_unref (self->people);
  g_array_unref (self->member_ids);
  g_free (self);
}

CoChatFormat
co_chat_import_get_format (CoChatImport *self)
{
  return self->format;
}

CoChatSummary *
co_chat_import_get_summary (CoChatImport *self)
{
  return self->summary;
}

GPtrArray *
co_chat_import_get_problems (CoChatImport *self)
{
  return self->problems->list;
}

guint
co_chat_import_get_n_problems (CoChatImport *self)
{
  return self->problems->total;
}

/* Nothing is written from a file with problems: all of it or nothing. */
static gboolean
check_problems (CoChatImport  *self,
                GError       **error)
{
  /* The total, not the 100 kept: "The file has 150 problems". */
  return co_import_check_n_problems (self->problems->total, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX, error);
}

guint
co_chat_import_get_n_new_members (CoChatImport *self)
{
  return self->n_new;
}

guint
co_chat_import_get_n_matched_members (CoChatImport *self)
{
  return self->n_matched;
}

guint
co_chat_import_get_n_written (CoChatImport *self)
{
  return self->n_written;
}

guint
co_chat_import_get_n_already (CoChatImport *self)
{
  return self->n_already;
}

guint
co_chat_import_get_n_figures_filled (CoChatImport *self)
{
  return self->n_figures_filled;
}

guint
co_chat_import_get_n_figures_kept (CoChatImport *self)
{
  return self->n_figures_kept;
}

guint
co_chat_import_get_n_checkins (CoChatImport *self)
{
  return self->n_checkins;
}

/* ---- writing ----------------------------------------------------------------------------- */

/* A membership's joins and leaves in the file, as Julian days (0: none). */
typedef struct
{
  guint32 first_join;
  guint32 last_join;
  guint32 last_leave;
  gint64  referrer;   /* the member who invited them at their first join, 0: unknown */
} Moves;

typedef struct
{
  CoChatImport *import;
  GArray       *membership_ids;  /* gint64 per person */
  /* (membership id << 24 | Julian day) → messages that day: the only structure that grows with
   * the file, as members × days. */
  GHashTable   *spoke;
  GHashTable   *moves;           /* membership id → Moves */
  GHashTable   *days;            /* the Julian days the file touched */
  GCancellable *cancellable;
  CoChatProgress *progress;      /* or NULL */
  guint         written;
  guint         already;
  CoChallengeScorer *challenges; /* the group's check-in challenges, which score the messages */
} ChatWrite;

#define DAY_BITS 24  /* Julian days up to the year 45,000 */
/* The members' days counted in memory before they are written: about 5 MB. */
#define SPOKE_CELLS_HELD 65536

static gboolean write_activity (ChatWrite  *job,
                                GError    **error);

static gboolean
step (CoStore       *store,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  return stmt != NULL && co_store_step_done (store, stmt, error);
}

static void
iso_day (guint32 julian,
         char    out[11])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (out, 11, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}

/* The person's membership of the group, made or brought back from the trash when needed. */
static gint64
ensure_membership (CoChatImport *self,
                   gint64        member_id,
                   const char   *now,
                   GError      **error)
{
  sqlite3_stmt *stmt = co_store_prepare (self->store, "SELECT id FROM memberships WHERE group_id = ? AND member_id = ?",
                                         error);
  gint64 id;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, self->group_id);
  sqlite3_bind_int64 (stmt, 2, member_id);
  id = co_store_step_int (stmt, 0);
  if (id != 0)
    {
      stmt = co_store_prepare (self->store, "UPDATE memberships SET deleted_at = NULL, updated_at = ?2"
                                            " WHERE id = ?1 AND deleted_at IS NOT NULL", error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      return step (self->store, stmt, error) ? id : 0;
    }
  stmt = co_store_prepare (self->store, "INSERT INTO memberships (member_id, group_id, created_at, updated_at)"
                                        " VALUES (?1, ?2, ?3, ?3)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, self->group_id);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  return step (self->store, stmt, error) ? co_store_last_insert_rowid (self->store) : 0;
}

/* New members for new people, a handle for those who lack it, a membership for everyone. */
static gboolean
write_people (ChatWrite  *job,
              const char *now,
              GError    **error)
{
  CoChatImport *self = job->import;
  /* Translators: a new member's source: the platform whose chat export they came from, e.g. "Telegram chat" */
  g_autofree char *source = g_strdup_printf (_("%s chat"), co_chat_format_get_label (self->format));
  Matcher matcher;

  if (!matcher_init_on_store (&matcher, self->store, self->format, self->group_id, error))
    return FALSE;
  self->n_matched = match_people (&matcher, self->people, self->member_ids);
  self->n_new = self->people->len - self->n_matched;
  g_array_set_size (job->membership_ids, self->people->len);
  for (guint i = 0; i < self->people->len; i++)
    {
      const CoChatPerson *person = g_ptr_array_index (self->people, i);
      g_autofree char *handle = person_handle (self->format, person);
      gint64 member_id = g_array_index (self->member_ids, gint64, i), membership;
      sqlite3_stmt *stmt;

      if (member_id == 0)
        {
          g_autofree char *nickname = g_strstrip (g_strdup (person->name));
          char uuid[37];

          co_uuid_random (uuid);
          stmt = co_store_prepare (self->store, "INSERT INTO members (uuid, nickname, source, created_at, updated_at)"
                                                " VALUES (?1, ?2, ?3, ?4, ?4)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, *nickname != '\0' ? nickname : handle != NULL ? handle : person->name, -1,
                             SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 3, source, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
          if (!step (self->store, stmt, error))
            return FALSE;
          member_id = co_store_last_insert_rowid (self->store);
          /* Who they are now: an inviter of the second pass may be this new member. */
          g_array_index (self->member_ids, gint64, i) = member_id;
        }
      if (handle != NULL)
        {
          stmt = co_store_prepare (self->store, "INSERT OR IGNORE INTO member_handles (handle, member_id) VALUES (?, ?)",
                                   error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, handle, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, member_id);
          if (!step (self->store, stmt, error))
            return FALSE;
        }
      if ((membership = ensure_membership (self, member_id, now, error)) == 0)
        return FALSE;
      g_array_index (job->membership_ids, gint64, i) = membership;
    }
  return TRUE;
}

/* 64-bit FNV-1a of @text, as SQLite's signed integer. */
static gint64
event_key (const char *text)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (const guchar *c = (const guchar *) text; *c != '\0'; c++)
    {
      hash ^= *c;
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }
  return (gint64) hash;
}

/* Whether the group has counted the event before; notes it as counted when not. An event is
 * the same by its chat's and message's ids in the export (and whose it is: one message of
 * Telegram's invites several people), or, in formats without ids, by what it is, when, whose
 * and what it says. */
static gboolean
already_counted (ChatWrite          *job,
                 const CoChatEvent  *event,
                 const char         *person_key,
                 gboolean           *counted,
                 GError            **error)
{
  CoChatImport *self = job->import;
  const char *format = co_chat_format_to_string (self->format);
  g_autofree char *identity = event->message_id != NULL
    ? g_strdup_printf ("%s|%s|%s|%d|%s", format, event->chat_id != NULL ? event->chat_id : "", event->message_id,
                       (int) event->kind, person_key)
    : g_strdup_printf ("%s|%d|%" G_GINT64_FORMAT "|%s|%s", format, (int) event->kind, event->time, person_key,
                       event->text != NULL ? event->text : "");
  sqlite3_stmt *stmt = co_store_prepare (self->store, "INSERT OR IGNORE INTO chat_messages (group_id, key) VALUES (?, ?)",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->group_id);
  sqlite3_bind_int64 (stmt, 2, event_key (identity));
  if (!step (self->store, stmt, error))
    return FALSE;
  *counted = sqlite3_changes (sqlite3_db_handle (stmt)) == 0;
  return TRUE;
}

/* A message of a check-in challenge's keyword: the member's check-in of the day, and its points. */
static gboolean
score_checkin (ChatWrite   *job,
               gint64       membership,
               guint32      day,
               const char  *text,
               GError     **error)
{
  char iso[11];

  iso_day (day, iso);
  return co_challenge_scorer_score (job->challenges, membership, iso, text, error);
}

/* The member who invited @event's person, where the export says: one of the chat's people (by
 * their id, else their name), else a member of the group by that name; 0 when nobody is. */
static gint64
inviter_member (CoChatImport      *self,
                const CoChatEvent *event)
{
  CoChatEvent inviter = { .person_id = event->inviter_id, .person_name = event->inviter_name };
  const char *key;
  guint index;

  if (event->inviter_name == NULL || *event->inviter_name == '\0')
    return 0;
  key = co_chat_summary_person_key (self->summary, &inviter);
  index = key != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (self->person_index, key)) : 0;
  if (index != 0)
    return g_array_index (self->member_ids, gint64, index - 1);
  {
    g_autoptr(GHashTable) none = g_hash_table_new (g_int64_hash, g_int64_equal);
    Matcher matcher;

    if (!matcher_init_on_store (&matcher, self->store, self->format, self->group_id, NULL))
      return 0;
    return member_with_nickname (&matcher, event->inviter_name, FALSE, none);
  }
}

static gboolean
add_event (const CoChatEvent *event,
           gpointer           data,
           GError           **error)
{
  ChatWrite *job = data;
  CoChatImport *self = job->import;
  const char *key = event->is_bot ? NULL : co_chat_summary_person_key (self->summary, event);
  guint index = key != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (self->person_index, key)) : 0;
  gint64 membership;
  gboolean counted;
  GDate date;
  guint32 day;

  if (index == 0)
    return TRUE;  /* a bot's */
  if (!already_counted (job, event, key, &counted, error))
    return FALSE;
  if (counted)
    {
      job->already++;
      return TRUE;
    }
  membership = g_array_index (job->membership_ids, gint64, index - 1);
  co_chat_local_day (&date, event->time);
  day = g_date_get_julian (&date);
  g_hash_table_add (job->days, GUINT_TO_POINTER (day));

  if (event->kind == CO_CHAT_MESSAGE)
    {
      gint64 cell = membership << DAY_BITS | day;
      gpointer count = NULL;

      g_hash_table_lookup_extended (job->spoke, &cell, NULL, &count);
      if (count == NULL)
        g_hash_table_insert (job->spoke, g_memdup2 (&cell, sizeof cell), GUINT_TO_POINTER (1));
      else
        g_hash_table_insert (job->spoke, g_memdup2 (&cell, sizeof cell), GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
      job->written++;
      if (g_hash_table_size (job->spoke) >= SPOKE_CELLS_HELD && !write_activity (job, error))
        return FALSE;
      if (!score_checkin (job, membership, day, event->text, error))
        return FALSE;
    }
  else
    {
      Moves *moves = g_hash_table_lookup (job->moves, &membership);

      if (moves == NULL)
        {
          moves = g_new0 (Moves, 1);
          g_hash_table_insert (job->moves, g_memdup2 (&membership, sizeof membership), moves);
        }
      if (event->kind == CO_CHAT_JOIN)
        {
          gint64 referrer = inviter_member (self, event);

          if (referrer != 0 && (moves->first_join == 0 || day < moves->first_join || moves->referrer == 0))
            moves->referrer = referrer;
          moves->first_join = moves->first_join == 0 ? day : MIN (moves->first_join, day);
          moves->last_join = MAX (moves->last_join, day);
        }
      else
        moves->last_leave = MAX (moves->last_leave, day);
    }
  return TRUE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The keys of @table (gint64 each, or numbers in pointers), sorted. */
static GArray *
sorted_keys (GHashTable *table,
             gboolean    in_pointers)
{
  GArray *keys = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 value = in_pointers ? (gint64) GPOINTER_TO_UINT (key) : *(gint64 *) key;
      g_array_append_val (keys, value);
    }
  g_array_sort (keys, compare_int64);
  return keys;
}

/* Each member's messages of a day into their 'spoke' row of that day, in membership and day
 * order (the index's), and their last active day; then the counts start again from nothing.
 * Adding to the rows, this runs as often as the counts grow big, so a file of any size is
 * counted in a bounded memory. */
static gboolean
write_activity (ChatWrite  *job,
                GError    **error)
{
  CoChatImport *self = job->import;
  CoStore *store = self->store;
  g_autoptr(GArray) cells = sorted_keys (job->spoke, FALSE);

  for (guint i = 0; i < cells->len; i++)
    {
      gint64 cell = g_array_index (cells, gint64, i);
      gint64 membership = cell >> DAY_BITS;
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (job->spoke, &cell));
      char day[11];
      sqlite3_stmt *stmt;

      iso_day (cell & ((1 << DAY_BITS) - 1), day);
      stmt = co_store_prepare (store, "UPDATE member_activity SET count = count + ?3 WHERE id ="
                                      " (SELECT id FROM member_activity WHERE membership_id = ?1 AND date = ?2"
                                      "  AND kind = 'spoke' ORDER BY id LIMIT 1)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, membership);
      sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, count);
      if (!step (store, stmt, error))
        return FALSE;
      if (sqlite3_changes (sqlite3_db_handle (stmt)) == 0)
        {
          stmt = co_store_prepare (store, "INSERT INTO member_activity (membership_id, group_id, date, kind, count)"
                                          " VALUES (?, ?, ?, 'spoke', ?)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, membership);
          sqlite3_bind_int64 (stmt, 2, self->group_id);
          sqlite3_bind_text (stmt, 3, day, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 4, count);
          if (!step (store, stmt, error))
            return FALSE;
        }
      stmt = co_store_prepare (store, "UPDATE memberships SET last_active = ?2"
                                      " WHERE id = ?1 AND (last_active IS NULL OR last_active < ?2)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, membership);
      sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
      if (!step (store, stmt, error))
        return FALSE;
    }
  g_hash_table_remove_all (job->spoke);
  return TRUE;
}

/* Joined on the earliest day the chat shows them joining; left on the latest day they left
 * after it; a leave before their latest join is undone: they came back. */
static gboolean
write_moves (ChatWrite  *job,
             const char *now,
             GError    **error)
{
  CoStore *store = job->import->store;
  GHashTableIter iter;
  gint64 *membership;
  Moves *moves;

  g_hash_table_iter_init (&iter, job->moves);
  while (g_hash_table_iter_next (&iter, (gpointer *) &membership, (gpointer *) &moves))
    {
      char first_join[11] = "", last_join[11] = "", last_leave[11] = "";
      sqlite3_stmt *stmt;

      if (moves->first_join != 0)
        iso_day (moves->first_join, first_join);
      if (moves->last_join != 0)
        iso_day (moves->last_join, last_join);
      if (moves->last_leave != 0)
        iso_day (moves->last_leave, last_leave);
      /* One statement, each step reading the one before: the new joining day (j), then the
       * leave after it (l), undone when they joined again later or it is before they joined. */
      stmt = co_store_prepare (store,
        "UPDATE memberships SET joined_date = n.j,"
        "  left_date = CASE WHEN n.l IS NOT NULL AND (n.l < ?4 OR n.l < n.j) THEN NULL ELSE n.l END,"
        /* The referral is the first one known: a later import does not change who brought them. */
        "  referrer_id = CASE WHEN referrer_id IS NULL AND ?5 != 0 AND member_id != ?5 THEN ?5"
        "                     ELSE referrer_id END,"
        "  updated_at = ?6"
        " FROM (SELECT j, CASE WHEN ?3 IS NOT NULL AND (j IS NULL OR ?3 >= j)"
        "                      THEN max (coalesce (left_date, ?3), ?3) ELSE left_date END AS l"
        "       FROM (SELECT left_date, CASE WHEN ?2 IS NULL THEN joined_date"
        "                                    ELSE min (coalesce (joined_date, ?2), ?2) END AS j"
        "             FROM memberships WHERE id = ?1)) AS n"
        " WHERE memberships.id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *membership);
      if (*first_join != '\0')
        sqlite3_bind_text (stmt, 2, first_join, -1, SQLITE_TRANSIENT);
      if (*last_leave != '\0')
        sqlite3_bind_text (stmt, 3, last_leave, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, last_join, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, moves->referrer);
      sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
      if (!step (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
day_count (CoStore    *store,
           const char *sql,
           gint64      group_id,
           const char *day)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return CO_FIGURE_UNSET;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  return co_store_step_int (stmt, CO_FIGURE_UNSET);
}

/* The figures a chat shows of one day, written where the day's cells are empty; a figure
 * someone entered stays, and is counted when the chat says otherwise. */
static gboolean
write_day_figures (ChatWrite   *job,
                   const char  *day,
                   const char  *group_name,
                   const char  *founded,
                   const char  *now,
                   GError     **error)
{
  static const struct { CoFigure figure; const char *sql; } derived[] = {
    { CO_FIGURE_MESSAGES, "SELECT coalesce (sum (count), 0) FROM member_activity"
                          " WHERE group_id = ?1 AND date = ?2 AND kind = 'spoke'" },
    { CO_FIGURE_ACTIVE, "SELECT count (*) FROM activity_days WHERE group_id = ?1 AND date = ?2" },
    { CO_FIGURE_JOINED, "SELECT count (*) FROM memberships WHERE group_id = ?1 AND joined_date = ?2"
                        " AND deleted_at IS NULL" },
    { CO_FIGURE_LEFT, "SELECT count (*) FROM memberships WHERE group_id = ?1 AND left_date = ?2"
                      " AND deleted_at IS NULL" },
  };
  CoChatImport *self = job->import;
  CoStore *store = self->store;
  CoDayFigures entered, day_figures;
  gboolean filled[CO_N_FIGURES] = { FALSE };
  guint n_filled = 0;
  CoFigure bad;
  sqlite3_stmt *stmt;

  if (!co_figures_get (store, self->group_id, day, &entered, error))
    return FALSE;
  day_figures = entered;
  for (guint i = 0; i < G_N_ELEMENTS (derived); i++)
    {
      gint64 value = day_count (store, derived[i].sql, self->group_id, day);

      if (value == CO_FIGURE_UNSET)
        continue;
      if (entered.values[derived[i].figure] == CO_FIGURE_UNSET)
        {
          day_figures.values[derived[i].figure] = value;
          filled[derived[i].figure] = TRUE;
          n_filled++;
        }
      else if (entered.values[derived[i].figure] != value)
        self->n_figures_kept++;
    }
  /* A figure that would break the rules with one entered (more active than the members total
   * someone typed) is left empty: the typed one is kept. */
  while (n_filled > 0 && !co_day_figures_check (&day_figures, group_name, founded, &bad, NULL) &&
         bad < CO_N_FIGURES && filled[bad])
    {
      day_figures.values[bad] = CO_FIGURE_UNSET;
      filled[bad] = FALSE;
      n_filled--;
      self->n_figures_kept++;
    }
  if (n_filled == 0)
    return TRUE;
  stmt = co_store_prepare (store, "INSERT INTO daily_figures (group_id, date, updated_at) VALUES (?1, ?2, ?3)"
                                  " ON CONFLICT (group_id, date) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->group_id);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (!step (store, stmt, error))
    return FALSE;
  stmt = co_store_prepare (store, "UPDATE daily_figures SET messages = coalesce (messages, ?3),"
                                  " active = coalesce (active, ?4), joined = coalesce (joined, ?5),"
                                  " left_members = coalesce (left_members, ?6), updated_at = ?7"
                                  " WHERE group_id = ?1 AND date = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->group_id);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  if (filled[CO_FIGURE_MESSAGES])
    sqlite3_bind_int64 (stmt, 3, day_figures.values[CO_FIGURE_MESSAGES]);
  if (filled[CO_FIGURE_ACTIVE])
    sqlite3_bind_int64 (stmt, 4, day_figures.values[CO_FIGURE_ACTIVE]);
  if (filled[CO_FIGURE_JOINED])
    sqlite3_bind_int64 (stmt, 5, day_figures.values[CO_FIGURE_JOINED]);
  if (filled[CO_FIGURE_LEFT])
    sqlite3_bind_int64 (stmt, 6, day_figures.values[CO_FIGURE_LEFT]);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  if (!step (store, stmt, error))
    return FALSE;
  self->n_figures_filled += n_filled;
  return TRUE;
}

/* The figures of every day the import counted something on, from the group's founding day
 * on: there are no figures before it (co_day_figures_check()). */
static gboolean
write_figures (ChatWrite   *job,
               const char  *now,
               GError     **error)
{
  CoChatImport *self = job->import;
  g_autoptr(CoGroup) group = co_group_get (self->store, self->group_id, error);
  g_autoptr(GArray) days = sorted_keys (job->days, TRUE);
  const char *founded;

  if (group == NULL)
    return FALSE;
  founded = co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE);
  for (guint i = 0; i < days->len; i++)
    {
      char day[11];

      iso_day ((guint32) g_array_index (days, gint64, i), day);
      if (founded != NULL && strcmp (day, founded) < 0)
        continue;
      if (!write_day_figures (job, day, co_group_get_name (group), founded, now, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_chat (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  ChatWrite *job = data;
  CoChatImport *self = job->import;
  g_autofree char *now = co_store_now ();
  g_autofree char *today = co_date_today ();
  CoChatReadOptions options = {
    .format = self->format, .chat_name = self->chat_name, .day = self->day, .progress = job->progress,
  };
  gboolean written;

  /* Checked here too for the commit in a worker, which comes here first. */
  if (!check_problems (self, error))
    return FALSE;
  self->n_figures_filled = self->n_figures_kept = 0;
  /* A bigger page cache while writing, as the member import does; back to the default after. */
  co_store_exec (store, "PRAGMA cache_size = -65536", NULL);
  written = write_people (job, now, error) &&
            (job->challenges = co_challenge_scorer_new (store, self->group_id, error)) != NULL &&
            co_chat_read_full (self->file, &options, add_event, job, NULL,
                               job->cancellable, error) &&
            write_activity (job, error) &&
            write_moves (job, now, error) &&
            write_figures (job, now, error) &&
            co_tiers_compute (store, self->group_id, today, error) >= 0 &&
            /* Cancelled after the reading: still nothing written. */
            !g_cancellable_set_error_if_cancelled (job->cancellable, error);
  co_store_exec (store, "PRAGMA cache_size = -2000", NULL);
  /* The scorer holds this write's connection: gone with the write, in a worker too. */
  self->n_checkins = written ? co_challenge_scorer_get_n_checkins (job->challenges) : 0;
  g_clear_pointer (&job->challenges, co_challenge_scorer_free);
  if (!written)
    return FALSE;
  if (self->n_checkins > 0)
    co_store_note_change (store, "challenge_checkins", self->group_id);
  co_store_note_change (store, "members", self->group_id);
  co_store_note_change (store, "memberships", self->group_id);
  co_store_note_change (store, "member_activity", self->group_id);
  co_store_note_change (store, "daily_figures", self->group_id);
  return TRUE;
}

/* What one write of @self keeps while it reads the file again. */
static ChatWrite *
chat_write_new (CoChatImport   *self,
                GCancellable   *cancellable,
                CoChatProgress *progress)
{
  ChatWrite *job = g_new0 (ChatWrite, 1);

  job->import = self;
  job->membership_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  job->spoke = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  job->moves = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  job->days = g_hash_table_new (g_direct_hash, g_direct_equal);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->progress = progress;
  return job;
}

static void
chat_write_free (ChatWrite *job)
{
  g_array_unref (job->membership_ids);
  g_hash_table_unref (job->spoke);
  g_hash_table_unref (job->moves);
  g_hash_table_unref (job->days);
  g_clear_object (&job->cancellable);
  g_free (job);
}

gboolean
co_chat_import_commit (CoChatImport  *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  ChatWrite *job;
  gboolean ok;

  if (!check_problems (self, error))
    return FALSE;
  job = chat_write_new (self, cancellable, NULL);
  ok = co_import_write (self->store, write_chat, job, error);
  if (ok)
    {
      self->n_written = job->written;
      self->n_already = job->already;
    }
  chat_write_free (job);
  return ok;
}

char *
co_chat_import_describe (CoChatImport *self)
{
  /* Translators: the members part of what a chat import did, e.g. "3 new members, 12 matched" */
  g_autofree char *members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new member, %u matched",
                                                           "%u new members, %u matched", self->n_new),
                                              self->n_new, self->n_matched);
  /* Translators: the messages part of what a chat import did, e.g. "1234 messages counted, 56 already imported" */
  g_autofree char *messages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u message counted, %u already imported",
                                                            "%u messages counted, %u already imported",
                                                            self->n_written),
                                               self->n_written, self->n_already);
  /* Translators: the daily figures part of what a chat import did, e.g. "30 figures filled in, 2 kept as entered" */
  g_autofree char *figures = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u figure filled in, %u kept as entered",
                                                           "%u figures filled in, %u kept as entered",
                                                           self->n_figures_filled),
                                              self->n_figures_filled, self->n_figures_kept);

  /* Translators: the three parts of what a chat import did: members; messages; daily figures */
  return g_strdup_printf (_("%s; %s; %s"), members, messages, figures);
}

/* ---- in a worker ----------------------------------------------------------------------------- */

typedef struct
{
  gint64          group_id;
  GFile          *file;
  CoChatFormat    format;
  char           *chat_name;
  char           *day;        /* of text without dates, or NULL */
  CoChatProgress *progress;
  CoChatSummary  *summary;
  CoChatProblems *problems;
  GPtrArray      *chats;      /* of a full export read without a chat's name */
  GPtrArray      *people;     /* of the summary, sorted, matched in the worker: */
  GArray         *member_ids;
  guint           n_matched;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_object_unref (job->file);
  g_free (job->chat_name);
  g_free (job->day);
  co_chat_summary_free (job->summary);
  co_chat_problems_free (job->problems);
  g_ptr_array_unref (job->chats);
  g_clear_pointer (&job->people, g_ptr_array_unref);
  g_clear_pointer (&job->member_ids, g_array_unref);
  g_free (job);
}

/* The people read, matched on a read connection of the worker's own: thousands of queries that
 * the window's connection would run in its thread. */
static gboolean
match_in_thread (CoStore  *store,
                 ReadJob  *job,
                 GError  **error)
{
  g_autoptr(sqlite3) db = co_store_open_reader (store, error);
  Matcher matcher;
  gboolean prepared;

  if (db == NULL)
    return FALSE;
  prepared = matcher_init_on_reader (&matcher, db, job->format, job->group_id, error);
  if (prepared)
    {
      job->people = sorted_people (job->summary);
      job->member_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
      job->n_matched = match_people (&matcher, job->people, job->member_ids);
    }
  matcher_clear_on_reader (&matcher);
  return prepared;
}

static void
read_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReadJob *job = task_data;
  GError *error = NULL;
  CoChatReadOptions options = {
    .format = job->format, .chat_name = job->chat_name, .day = job->day, .progress = job->progress,
    .chats = job->chats, .problems = job->problems,
  };

  if (!co_chat_read_full (job->file, &options, co_chat_summary_add, job->summary, &job->format, cancellable, &error))
    g_task_return_error (task, error);
  else if (job->chats->len > 0)
    {
      co_chat_set_chats_error (&error, NULL, job->chats);
      g_task_return_error (task, error);
    }
  else if (!match_in_thread (source, job, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
co_chat_import_read_async (CoStore                 *store,
                           gint64                   group_id,
                           GFile                   *file,
                           const CoChatReadOptions *options,
                           GCancellable            *cancellable,
                           GAsyncReadyCallback      callback,
                           gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);
  ReadJob *job = NULL;
  GError *error = NULL;

  g_return_if_fail (CO_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (options != NULL);

  /* The worker finds nicknames by their sort key: the keys of another language computed first. */
  if (!co_store_rekey_names (store, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job = g_new0 (ReadJob, 1);

  job->group_id = group_id;
  job->file = g_object_ref (file);
  job->format = options->format;
  job->chat_name = g_strdup (options->chat_name);
  job->day = g_strdup (options->day);
  job->progress = options->progress;
  job->summary = co_chat_summary_new ();
  job->problems = co_chat_problems_new ();
  job->chats = g_ptr_array_new_with_free_func (g_free);
  g_task_set_source_tag (task, co_chat_import_read_async);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_in_thread);
}

CoChatImport *
co_chat_import_read_finish (CoStore       *store,
                            GAsyncResult  *result,
                            GPtrArray    **chats,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  ReadJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      if (chats != NULL && job->chats->len > 0)
        *chats = g_ptr_array_ref (job->chats);
      return NULL;
    }
  /* Matched in the worker: only assembled here, without SQL. */
  return import_new (store, job->group_id, job->file, job->format, job->chat_name, job->day,
                     g_steal_pointer (&job->summary), g_steal_pointer (&job->problems),
                     g_steal_pointer (&job->people), g_steal_pointer (&job->member_ids), job->n_matched);
}

/* write_chat() on the worker's own connection, which the import uses while it writes. */
static gboolean
write_chat_in_worker (CoStore  *store,
                      gpointer  data,
                      GError  **error)
{
  ChatWrite *job = data;
  CoStore *window_store = job->import->store;
  gboolean written;

  job->import->store = store;
  written = write_chat (store, job, error);
  job->import->store = window_store;
  return written;
}

void
co_chat_import_commit_async (CoChatImport        *self,
                             CoChatProgress      *progress,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  ChatWrite *job = chat_write_new (self, cancellable, progress);

  co_import_write_async (self->store, write_chat_in_worker, job, (GDestroyNotify) chat_write_free, callback,
                         user_data);
}

gboolean
co_chat_import_commit_finish (CoChatImport  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  ChatWrite *job = co_import_get_data (result);

  if (!co_import_write_finish (self->store, result, error))
    return FALSE;
  self->n_written = job->written;
  self->n_already = job->already;
  return TRUE;
}
