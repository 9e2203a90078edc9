/* co-member-list.c: the members list model: ids from SQL in a worker thread, rows by page.
 *
 * Why ids rather than keyset pages: a list scrolled by its scrollbar asks for any position at
 * once, which keyset paging can only reach by walking every page before it. The ordered ids of
 * a million memberships take 8 MB, come from one scan that a newer keystroke can stop, and make
 * every position one primary-key lookup away; the count is their number. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/formats/co-names.h"
#include "core/members/co-member-list.h"
#include "core/store/co-store-private.h"

#define PAGE_SIZE 20
/* Rows kept read; more are dropped when no list holds them. */
#define CACHE_LIMIT 2000
/* The first rows of a new query are shown as soon as they are read: a screenful, or what a
 * scan found in its first moments (a rare name's matches are far apart in a million). */
#define FIRST_ROWS 200
#define FIRST_ROWS_WAIT (50 * G_TIME_SPAN_MILLISECOND)
#define SHOW_MORE_EVERY (250 * G_TIME_SPAN_MILLISECOND)
#define DEFAULT_SLIPPING_DAYS 14
/* A search the substring index narrows to this many rows or fewer reads them through it, sorted
 * (10,000 rows: some 30 ms); one that matches more is dense enough for the ordered scan to fill
 * the first screen in as little, and to show the rest as it goes. */
#define INDEX_LIMIT 10000
/* A list that differs near its top is swapped in this many rows a step, a step a frame (the
 * view calls co_member_list_step_swap(), or a timer does): GtkListView 4.8 keeps a widget for
 * each of the 200 rows around its anchor, and a new search changed all of them in one main-loop
 * iteration of 100 ms. The members page fills a replaced row's cells in place (co-member-rows.h
 * in gui/members) rather than making new ones; laying out ten refilled rows still made frames of
 * 14 to 33 ms of processor time on a million members (bench-window --search), five 12 to 15. */
#define SWAP_STEP 5
#define SWAP_EVERY_MS 50
/* Rows from here on have no widget while the list shows its top (200, and some to spare). */
#define SWAP_WINDOW 210

typedef struct
{
  gboolean is_text;
  char    *text;
  gint64   number;
} Bind;

static void
bind_clear (gpointer data)
{
  g_free (((Bind *) data)->text);
}

static void
add_text (GArray     *binds,
          const char *text)
{
  Bind bind = { TRUE, g_strdup (text), 0 };
  g_array_append_val (binds, bind);
}

static void
add_number (GArray *binds,
            gint64  number)
{
  Bind bind = { FALSE, NULL, number };
  g_array_append_val (binds, bind);
}

const char *
co_member_show_label (CoMemberShow show)
{
  static const char *const labels[CO_N_MEMBER_SHOWS] = {
    N_("All Members"), N_("Seed Users"), N_("Not Yet Replied"), N_("Core Members"),
    N_("Slipping Away"), N_("Not Yet Invited"), N_("Left the Group"),
  };

  g_return_val_if_fail (show < CO_N_MEMBER_SHOWS, NULL);
  return _(labels[show]);
}

static const char *
sort_expression (CoMemberField field)
{
  switch (field)
    {
    case CO_MEMBER_NICKNAME: return NULL;  /* see build_sql () */
    /* Text in the language's order (pinyin in Chinese). */
    case CO_MEMBER_REAL_NAME: return "m.real_name COLLATE co_names";
    case CO_MEMBER_CITY: return "m.city COLLATE co_names";
    case CO_MEMBER_INDUSTRY: return "m.industry COLLATE co_names";
    case CO_MEMBER_CONTACT: return "m.contact";
    case CO_MEMBER_SOURCE: return "m.source COLLATE co_names";
    case CO_MEMBER_NOTES: return "m.notes COLLATE co_names";
    case CO_MEMBER_JOINED: return "s.joined_date";
    case CO_MEMBER_LEFT: return "s.left_date";
    case CO_MEMBER_INVITED: return "s.invited_date";
    case CO_MEMBER_LAST_ACTIVE: return "s.last_active";
    case CO_MEMBER_REPLIED: return "s.replied_date";
    case CO_MEMBER_REPLIED_BY: return "s.replied_by COLLATE co_names";
    case CO_MEMBER_POINTS: return "s.points";
    case CO_MEMBER_SEED: return "s.seed";
    case CO_MEMBER_CORE: return "s.core";
    case CO_MEMBER_TIER: return "(SELECT position FROM tiers WHERE id = s.tier_id)";
    case CO_MEMBER_GROUP: return "(SELECT name FROM groups WHERE id = s.group_id) COLLATE co_names";
    case CO_N_MEMBER_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
local_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

/* The one query every list, export and count of members runs. The join order is fixed, not
 * left to the planner: a group's members are found through its index and sorted (a few
 * thousand rows), every group's members sorted by nickname are read in the nickname index's
 * order so that the first rows come at once. */
/* A segment's criteria (co-segment-filter.h). Tags and the tier are named by uuid: one deleted
 * since matches nobody, and the segment says it is broken. Over every group, a tag's people are
 * read once from member_tags by tag (a million memberships: 85 ms of CPU); in one group, each
 * membership looks its person up there instead (27 ms → 0.1 ms for a group of 1,000). */
static void
append_segment (GString               *sql,
                GArray                *binds,
                const CoSegmentFilter *filter,
                gboolean               one_group,
                const char            *today)
{
  if (filter->tier != NULL)
    {
      g_string_append_printf (sql, " AND s.tier_id = (SELECT id FROM tiers WHERE uuid = ?%u AND deleted_at IS NULL)",
                              binds->len + 1);
      add_text (binds, filter->tier);
    }
  for (guint i = 0; filter->tags != NULL && filter->tags[i] != NULL; i++)
    {
      if (one_group)
        g_string_append_printf (sql, " AND EXISTS (SELECT 1 FROM member_tags WHERE member_id = s.member_id"
                                     " AND tag_id = (SELECT id FROM tags WHERE uuid = ?%u))", binds->len + 1);
      else
        g_string_append_printf (sql, " AND s.member_id IN (SELECT member_id FROM member_tags"
                                     " WHERE tag_id = (SELECT id FROM tags WHERE uuid = ?%u))", binds->len + 1);
      add_text (binds, filter->tags[i]);
    }
  if (filter->seed >= 0)
    g_string_append_printf (sql, " AND s.seed = %d", filter->seed ? 1 : 0);
  if (filter->core >= 0)
    g_string_append_printf (sql, " AND s.core = %d", filter->core ? 1 : 0);
  if (filter->joined_from != NULL)
    {
      g_string_append_printf (sql, " AND s.joined_date >= ?%u", binds->len + 1);
      add_text (binds, filter->joined_from);
    }
  if (filter->joined_to != NULL)
    {
      g_string_append_printf (sql, " AND s.joined_date <= ?%u", binds->len + 1);
      add_text (binds, filter->joined_to);
    }
  /* Active in the last N days: today and the N - 1 days before it. */
  if (filter->active_days > 0)
    {
      g_string_append_printf (sql, " AND s.last_active > date (?%u, '-' || ?%u || ' days')", binds->len + 1,
                              binds->len + 2);
      add_text (binds, today);
      add_number (binds, filter->active_days);
    }
  if (filter->silent_days > 0)
    {
      g_string_append_printf (sql, " AND (s.last_active IS NULL OR s.last_active <= date (?%u, '-' || ?%u || ' days'))",
                              binds->len + 1, binds->len + 2);
      add_text (binds, today);
      add_number (binds, filter->silent_days);
    }
  if (filter->min_points >= 0)
    {
      g_string_append_printf (sql, " AND s.points >= ?%u", binds->len + 1);
      add_number (binds, filter->min_points);
    }
}

/* @count: the number of matching rows instead of their ids; the people's table is read only
 * when a criterion needs it. */
#define TERMS_SQL "SELECT term, doc FROM members_fts_terms WHERE term >= ?1 AND term < ?1 || char (1114111)"
/* A character or two that begins more trigrams than this is too common for the index to help. */
#define TERMS_LIMIT 400

/* Appends to @match the index's query for @text: the rows holding each of its trigrams (the
 * index says no more with detail=none), or, for one or two characters, any trigram they begin
 * (the index's text ends each column with two more characters: migration 21). @terms is
 * TERMS_SQL. FALSE when the index cannot tell: a common character or two, or a character
 * whose capitals the index folds otherwise than co_contains (only ASCII's). */
static gboolean
append_trigrams (GString      *match,
                 const char   *text,
                 sqlite3_stmt *terms)
{
  glong length = g_utf8_strlen (text, -1);
  const char *p = text;
  guint n = 0;
  gboolean known = TRUE;

  g_string_append_c (match, '(');
  if (length >= 3)
    for (glong i = 0; i + 3 <= length; i++, p = g_utf8_next_char (p))
      {
        const char *end = g_utf8_offset_to_pointer (p, 3);

        if (i > 0)
          g_string_append (match, " AND ");
        g_string_append_c (match, '"');
        for (const char *c = p; c < end; c++)
          {
            if (*c == '"')
              g_string_append_c (match, '"');
            g_string_append_c (match, *c);
          }
        g_string_append_c (match, '"');
      }
  else
    {
      for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
        {
          gunichar u = g_utf8_get_char (c);
          if (u >= 0x80 && (g_unichar_tolower (u) != u || g_unichar_toupper (u) != u))
            return FALSE;
        }
      sqlite3_bind_text (terms, 1, text, -1, SQLITE_STATIC);
      while (known && sqlite3_step (terms) == SQLITE_ROW)
        {
          const char *term = (const char *) sqlite3_column_text (terms, 0);

          /* One trigram in more rows than the index reads: the scan's first screen comes first. */
          known = ++n <= TERMS_LIMIT && sqlite3_column_int64 (terms, 1) <= INDEX_LIMIT;
          g_string_append (match, n > 1 ? " OR \"" : "\"");
          for (const char *c = term; *c != '\0'; c++)
            {
              if (*c == '"')
                g_string_append_c (match, '"');
              g_string_append_c (match, *c);
            }
          g_string_append_c (match, '"');
        }
      sqlite3_reset (terms);
      sqlite3_clear_bindings (terms);
      /* None: no row holds it. A trigram of control characters no text has says so. */
      if (n == 0)
        g_string_append (match, "\"\x02\x02\x02\"");
    }
  g_string_append_c (match, ')');
  return known;
}

/* The substring index's query (migration 21) for a search: every row it returns may match,
 * every row that matches is among them (its trigrams fold case as co_contains does, and
 * more), so the search's own condition stays and decides. NULL when the index cannot tell
 * (append_trigrams()): only the scan finds those. */
static char *
search_match (const char   *search,
              sqlite3_stmt *terms)
{
  g_autofree char *needle = NULL;
  g_autofree char *pinyin = NULL;
  g_autoptr(GString) match = g_string_new (NULL);

  if (search == NULL || search[0] == '\0' || !g_utf8_validate (search, -1, NULL))
    return NULL;
  needle = g_ascii_strdown (search, -1);
  pinyin = co_names_pinyin_needle (search);
  if (!append_trigrams (match, needle, terms))
    return NULL;
  if (pinyin != NULL && strcmp (pinyin, needle) != 0)
    {
      g_string_append (match, " OR ");
      if (!append_trigrams (match, pinyin, terms))
        return NULL;
    }
  return g_string_free (g_steal_pointer (&match), FALSE);
}

/* @indexed: the rows come from the substring index, its query (search_match()) bound by
 * bind_match(), then are sorted; else from the scan described below. */
static char *
build_sql_for (const CoMemberQuery *query,
               GArray              *binds,
               gboolean             count,
               gboolean             indexed)
{
  GString *sql = g_string_new (count ? "SELECT count (*) FROM " : "SELECT s.id FROM ");
  const char *direction = query->descending ? " DESC" : "";
  const char *sort = sort_expression (query->sort);
  g_autofree char *today = query->today ? g_strdup (query->today) : local_today ();
  gboolean needs_people = (query->search != NULL && query->search[0] != '\0') || query->source != NULL;

  if (count && !needs_people)
    g_string_append (sql, "memberships s");
  else if (indexed || (query->group_id == 0 && sort == NULL && !count))
    g_string_append (sql, "members m CROSS JOIN memberships s ON s.member_id = m.id");
  else
    g_string_append (sql, "memberships s CROSS JOIN members m ON m.id = s.member_id");
  g_string_append (sql, " WHERE s.deleted_at IS NULL");

  if (query->group_id != 0)
    {
      g_string_append_printf (sql, " AND s.group_id = ?%u", binds->len + 1);
      add_number (binds, query->group_id);
    }
  if (query->search != NULL && query->search[0] != '\0')
    {
      g_autofree char *needle = g_ascii_strdown (query->search, -1);
      g_autofree char *pinyin = co_names_pinyin_needle (query->search);

      g_string_append_printf (sql, " AND (co_contains (?%u, m.nickname, m.real_name, m.contact, m.city,"
                                   " m.industry, m.source)", binds->len + 1);
      add_text (binds, needle);
      /* "zm", "zhaomin" and "zhao min" find 赵敏 (co_names_pinyin). */
      if (pinyin != NULL)
        {
          g_string_append_printf (sql, " OR co_contains (?%u, m.pinyin)", binds->len + 1);
          add_text (binds, pinyin);
        }
      g_string_append (sql, ")");
      if (indexed)
        {
          /* And the members not indexed yet (co-member-search-index.h). */
          g_string_append_printf (sql, " AND (m.id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ?%u)"
                                       " OR m.id > (SELECT indexed_to FROM members_fts_state))", binds->len + 1);
          add_text (binds, NULL);  /* bind_match () */
        }
    }
  switch (query->show)
    {
    case CO_MEMBER_SHOW_ALL:
      g_string_append (sql, " AND s.left_date IS NULL");
      break;
    case CO_MEMBER_SHOW_SEEDS:
      g_string_append (sql, " AND s.seed = 1");
      break;
    case CO_MEMBER_SHOW_UNREPLIED:
      g_string_append (sql, " AND s.seed = 1 AND s.replied_date IS NULL AND s.left_date IS NULL");
      break;
    case CO_MEMBER_SHOW_CORE:
      g_string_append (sql, " AND s.core = 1 AND s.left_date IS NULL");
      break;
    case CO_MEMBER_SHOW_SLIPPING:
      g_string_append_printf (sql, " AND s.left_date IS NULL AND (s.core = 1 OR (SELECT t.position > (SELECT min (u.position)"
                            " FROM tiers u WHERE u.group_id = t.group_id AND u.deleted_at IS NULL)"
                            " FROM tiers t WHERE t.id = s.tier_id))"
                            " AND (s.last_active IS NULL OR s.last_active <= date (?%u, '-' || ?%u || ' days'))",
                              binds->len + 1, binds->len + 2);
      add_text (binds, today);
      add_number (binds, query->slipping_days ? query->slipping_days : DEFAULT_SLIPPING_DAYS);
      break;
    case CO_MEMBER_SHOW_NOT_INVITED:
      g_string_append (sql, " AND s.invited_date IS NULL AND s.joined_date IS NULL AND s.left_date IS NULL");
      break;
    case CO_MEMBER_SHOW_LEFT:
      g_string_append (sql, " AND s.left_date IS NOT NULL");
      break;
    case CO_N_MEMBER_SHOWS:
    default:
      g_return_val_if_reached (NULL);
    }
  if (query->tier_id != 0)
    {
      g_string_append_printf (sql, " AND s.tier_id = ?%u", binds->len + 1);
      add_number (binds, query->tier_id);
    }
  if (query->source != NULL)
    {
      g_string_append_printf (sql, " AND m.source = ?%u", binds->len + 1);
      add_text (binds, query->source);
    }
  if (query->segment != NULL)
    append_segment (sql, binds, query->segment, query->group_id != 0, today);

  if (count)
    return g_string_free (sql, FALSE);
  if (sort == NULL)
    /* The language's order (pinyin in Chinese), from the search index (migration 11); the
     * index's few rows are sorted rather than found by walking it ("+"). */
    g_string_append_printf (sql, " ORDER BY %sm.sort_key%s, m.id%s, s.id%s", indexed ? "+" : "", direction, direction,
                            direction);
  else
    /* Empty values last, whichever the direction. */
    g_string_append_printf (sql, " ORDER BY %s IS NULL, %s%s, s.id%s", sort, sort, direction, direction);
  return g_string_free (sql, FALSE);
}

static char *
build_sql (const CoMemberQuery *query,
           GArray              *binds)
{
  return build_sql_for (query, binds, FALSE, FALSE);
}

#define NARROW_SQL \
  "SELECT (SELECT count (*) FROM (SELECT 1 FROM members_fts WHERE members_fts MATCH ?1 LIMIT ?2))" \
  " + (SELECT count (*) FROM (SELECT 1 FROM members WHERE id > (SELECT indexed_to FROM members_fts_state) LIMIT ?2))"

/* Whether the substring index narrows a search to INDEX_LIMIT rows or fewer, the members it does
 * not hold yet included; @stmt is NARROW_SQL, left reset. */
static gboolean
index_is_narrow (sqlite3_stmt *stmt,
                 const char   *match)
{
  gboolean narrow;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, INDEX_LIMIT + 1);
  narrow = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) <= INDEX_LIMIT;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return narrow;
}

/* Binds every parameter but the index's query, which bind_match() binds. */
static void
bind_all (sqlite3_stmt *stmt,
          GArray       *binds)
{
  for (guint i = 0; i < binds->len; i++)
    {
      Bind *bind = &g_array_index (binds, Bind, i);
      if (bind->is_text && bind->text == NULL)
        continue;
      if (bind->is_text)
        sqlite3_bind_text (stmt, i + 1, bind->text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, i + 1, bind->number);
    }
}

static void
bind_match (sqlite3_stmt *stmt,
            GArray       *binds,
            const char   *match)
{
  for (guint i = 0; i < binds->len; i++)
    if (g_array_index (binds, Bind, i).is_text && g_array_index (binds, Bind, i).text == NULL)
      sqlite3_bind_text (stmt, i + 1, match, -1, SQLITE_TRANSIENT);
}

static GArray *
new_binds (void)
{
  GArray *binds = g_array_new (FALSE, FALSE, sizeof (Bind));
  g_array_set_clear_func (binds, bind_clear);
  return binds;
}

GArray *
co_member_query_ids_by (CoStore             *store,
                        const CoMemberQuery *query,
                        CoMemberSearchPath   path,
                        GError             **error)
{
  g_autoptr(GArray) binds = new_binds ();
  g_autofree char *match = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (path != CO_MEMBER_SEARCH_SCAN && query->search != NULL && query->search[0] != '\0')
    {
      if ((stmt = co_store_prepare (store, TERMS_SQL, error)) == NULL)
        return NULL;
      match = search_match (query->search, stmt);
    }
  if (match != NULL && path == CO_MEMBER_SEARCH_CHOOSE)
    {
      if ((stmt = co_store_prepare (store, NARROW_SQL, error)) == NULL)
        return NULL;
      if (!index_is_narrow (stmt, match))
        g_clear_pointer (&match, g_free);
    }
  sql = build_sql_for (query, binds, FALSE, match != NULL);
  if ((stmt = co_store_prepare (store, sql, error)) == NULL)
    return NULL;
  bind_all (stmt, binds);
  bind_match (stmt, binds, match);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_array_append_val (ids, (gint64) { sqlite3_column_int64 (stmt, 0) });
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&ids);
}

GArray *
co_member_query_ids (CoStore             *store,
                     const CoMemberQuery *query,
                     GError             **error)
{
  return co_member_query_ids_by (store, query, CO_MEMBER_SEARCH_CHOOSE, error);
}

gint64
co_member_query_count (CoStore             *store,
                       const CoMemberQuery *query,
                       GError             **error)
{
  g_autoptr(GArray) binds = new_binds ();
  g_autofree char *sql = build_sql_for (query, binds, TRUE, FALSE);
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);
  gint64 count;

  if (stmt == NULL)
    return -1;
  bind_all (stmt, binds);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      co_store_set_error (store, error);
      sqlite3_reset (stmt);
      return -1;
    }
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/* ---- the model --------------------------------------------------------------------------- */

/* The list keeps membership ids in 32 bits: half the memory for a million of them. Rowids grow
 * by one per membership, and four billion memberships would take a file of hundreds of GB. */
typedef guint32 RowId;

/* What the worker shares with the list: never the list or the store themselves, so that the
 * last reference to either is always dropped on the main thread. */
typedef struct
{
  gatomicrefcount  refs;
  GMutex           lock;        /* one query at a time on db */
  sqlite3         *db;
  gint             generation;  /* bumped by each new query; an older one stops */
  /* The rows a view could not read on the main thread, read on a connection of their own: a
   * query's scan holds db for seconds. Opened by the first such read. */
  char            *path;
  GMutex           rows_lock;
  sqlite3         *rows_db;
} Reader;

static Reader *
reader_ref (Reader *reader)
{
  g_atomic_ref_count_inc (&reader->refs);
  return reader;
}

static void
reader_unref (Reader *reader)
{
  if (!g_atomic_ref_count_dec (&reader->refs))
    return;
  sqlite3_close (reader->db);
  g_mutex_clear (&reader->lock);
  sqlite3_close (reader->rows_db);
  g_mutex_clear (&reader->rows_lock);
  g_free (reader->path);
  g_free (reader);
}

struct _CoMemberList
{
  GObject       parent_instance;

  CoStore      *store;
  Reader       *reader;
  GArray       *ids;         /* RowId, the order shown (the old one while a swap runs) */
  /* A swap in progress (see SWAP_STEP): the list shows target's first swap_at rows, then the
   * rows of ids from swap_old on but for swap_cut rows before the last swap_suffix, which are
   * the same in both. */
  GArray       *target;
  guint         swap_at;
  guint         swap_old;
  guint         swap_suffix;
  guint         swap_cut;
  guint         swap_source;
  gboolean      loaded_pending; /* the query is done: "loaded" once the swap is */
  gboolean      paced;          /* a view shown takes the steps (co_member_list_set_paced()) */
  GHashTable   *cache;       /* membership id → CoMember */
  GHashTable   *pending;     /* ids of the rows in cache a view shows empty until the worker reads them */
  GArray       *to_read;     /* and those of them not yet given to a worker (gint64) */
  guint         read_source;
  gboolean      read_here;   /* no worker could read: co_member_list_get_shown() reads at once */
  char         *sql;         /* the current query and its parameters */
  GArray       *binds;
  char         *search;      /* its search text, or NULL */
  char         *index_sql;   /* the same query reading the substring index's rows, and its parameters */
  GArray       *index_binds;
  gint64        group_id;    /* the query's group, 0 for every group */
  guint         running;     /* queries in flight, superseded ones included */
  gboolean      stale;       /* the store changed while a query ran */
  gboolean      rows_stale;  /* the rows kept may differ from the store until a query reads them */
};

static void co_member_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CoMemberList, co_member_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, co_member_list_model_init))

enum { LOADED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  Reader   *reader;
  GWeakRef  list;
  int       generation;
  char     *sql;
  GArray   *binds;
  char     *search;
  char     *index_sql;
  GArray   *index_binds;
  gboolean  show_first_rows;
  GArray   *cached;   /* a refresh: the ids of the rows the list keeps, to read again (gint64) */
  GPtrArray *fresh;   /* and those rows as the worker read them (CoMember) */
} Job;

static void
job_free (Job *job)
{
  reader_unref (job->reader);
  g_weak_ref_clear (&job->list);
  g_free (job->sql);
  g_array_unref (job->binds);
  g_free (job->search);
  g_free (job->index_sql);
  g_clear_pointer (&job->index_binds, g_array_unref);
  g_clear_pointer (&job->cached, g_array_unref);
  g_clear_pointer (&job->fresh, g_ptr_array_unref);
  g_free (job);
}

static Job *
job_new (CoMemberList *self,
         int           generation)
{
  Job *job = g_new0 (Job, 1);

  job->reader = reader_ref (self->reader);
  g_weak_ref_init (&job->list, self);
  job->generation = generation;
  job->binds = g_array_ref (self->binds);
  job->search = g_strdup (self->search);
  job->index_sql = g_strdup (self->index_sql);
  job->index_binds = self->index_binds ? g_array_ref (self->index_binds) : NULL;
  return job;
}

static gboolean
is_superseded (Job *job)
{
  return job->generation != g_atomic_int_get (&job->reader->generation);
}

/* The old rows of a swap still shown: ids[swap_old, old_end), where old_end leaves out the common
 * suffix and the swap_cut rows already taken from the end. */
static guint
old_end (CoMemberList *self)
{
  return self->ids->len - self->swap_suffix - self->swap_cut;
}

static guint
shown_len (CoMemberList *self)
{
  if (self->target == NULL)
    return self->ids->len;
  return self->swap_at + self->ids->len - self->swap_cut - self->swap_old;
}

static RowId
shown_id (CoMemberList *self,
          guint         position)
{
  guint old;

  if (self->target == NULL)
    return g_array_index (self->ids, RowId, position);
  if (position < self->swap_at)
    return g_array_index (self->target, RowId, position);
  old = self->swap_old + position - self->swap_at;
  if (old >= old_end (self))
    old += self->swap_cut;
  return g_array_index (self->ids, RowId, old);
}

/* Ends a swap where it is: the rows shown become the list's ids. */
static void
stop_swap (CoMemberList *self)
{
  GArray *shown;

  if (self->target == NULL)
    return;
  g_clear_handle_id (&self->swap_source, g_source_remove);
  shown = g_array_sized_new (FALSE, FALSE, sizeof (RowId), shown_len (self));
  g_array_append_vals (shown, self->target->data, self->swap_at);
  g_array_append_vals (shown, &g_array_index (self->ids, RowId, self->swap_old), old_end (self) - self->swap_old);
  g_array_append_vals (shown, &g_array_index (self->ids, RowId, old_end (self) + self->swap_cut), self->swap_suffix);
  g_array_unref (self->ids);
  self->ids = shown;
  g_clear_pointer (&self->target, g_array_unref);
}

/* The rest of a swap at once. */
static void
finish_swap (CoMemberList *self)
{
  guint at = self->swap_at, old_left = old_end (self) - self->swap_old;
  guint new_left = self->target->len - self->swap_suffix - at;

  g_clear_handle_id (&self->swap_source, g_source_remove);
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&self->target);
  g_list_model_items_changed (G_LIST_MODEL (self), at, old_left, new_left);
  if (self->loaded_pending)
    {
      self->loaded_pending = FALSE;
      g_signal_emit (self, signals[LOADED], 0);
    }
}

/* One step of a swap: a few old rows replaced by new ones at the top, or, once the new rows are
 * all in, taken from the end of the old ones (taken from the top, they would bring rows from
 * below into the view, to be built and thrown away); the rest at once where they have no
 * widgets. */
static gboolean
swap_step (gpointer data)
{
  CoMemberList *self = data;
  guint at = self->swap_at, old_left = old_end (self) - self->swap_old;
  guint new_left = self->target->len - self->swap_suffix - at;
  guint removed = MIN (SWAP_STEP, old_left), added = MIN (SWAP_STEP, new_left);

  if (at >= SWAP_WINDOW || (old_left <= SWAP_STEP && new_left <= SWAP_STEP))
    {
      self->swap_source = 0;  /* removed by returning */
      finish_swap (self);
      return G_SOURCE_REMOVE;
    }
  if (added == 0)
    {
      self->swap_cut += removed;
      g_list_model_items_changed (G_LIST_MODEL (self), at + old_left - removed, removed, 0);
      return G_SOURCE_CONTINUE;
    }
  self->swap_at += added;
  self->swap_old += removed;
  g_list_model_items_changed (G_LIST_MODEL (self), at, removed, added);
  return G_SOURCE_CONTINUE;
}

gboolean
co_member_list_step_swap (CoMemberList *self)
{
  g_return_val_if_fail (CO_IS_MEMBER_LIST (self), FALSE);

  if (self->target == NULL)
    return FALSE;
  /* The timer is for frames that do not come. */
  g_clear_handle_id (&self->swap_source, g_source_remove);
  if (swap_step (self) == G_SOURCE_REMOVE)
    return FALSE;
  self->swap_source = g_timeout_add (SWAP_EVERY_MS, swap_step, self);
  return TRUE;
}

gboolean
co_member_list_is_swapping (CoMemberList *self)
{
  return self->target != NULL;
}

void
co_member_list_set_paced (CoMemberList *self,
                          gboolean      paced)
{
  g_return_if_fail (CO_IS_MEMBER_LIST (self));

  self->paced = paced;
  if (!paced && self->target != NULL)
    finish_swap (self);
}

/* Replaces the ids, telling the list only about the part that differs; a part near the top that
 * takes more than a step is swapped in step by step. */
static void
apply_ids (CoMemberList *self,
           GArray       *ids)
{
  guint old_len, new_len, prefix = 0, suffix = 0;
  const RowId *old, *new;

  stop_swap (self);
  old_len = self->ids->len;
  new_len = ids->len;
  old = (const RowId *) self->ids->data;
  new = (const RowId *) ids->data;
  while (prefix < old_len && prefix < new_len && old[prefix] == new[prefix])
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         old[old_len - 1 - suffix] == new[new_len - 1 - suffix])
    suffix++;
  if (prefix == old_len && prefix == new_len)
    return;

  if (!self->paced || prefix >= SWAP_WINDOW ||
      (old_len - prefix - suffix <= SWAP_STEP && new_len - prefix - suffix <= SWAP_STEP))
    {
      g_array_unref (self->ids);
      self->ids = g_array_ref (ids);
      g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_len - prefix - suffix, new_len - prefix - suffix);
      return;
    }

  /* The old rows past the window have no widgets: gone at once, so that removing the others
   * brings none of them into the window. */
  if (old_len - suffix > SWAP_WINDOW)
    {
      guint cut = old_len - suffix - SWAP_WINDOW;
      GArray *kept = g_array_sized_new (FALSE, FALSE, sizeof (RowId), old_len - cut);

      g_array_append_vals (kept, old, SWAP_WINDOW);
      g_array_append_vals (kept, old + SWAP_WINDOW + cut, suffix);
      g_array_unref (self->ids);
      self->ids = kept;
      g_list_model_items_changed (G_LIST_MODEL (self), SWAP_WINDOW, cut, 0);
    }
  self->target = g_array_ref (ids);
  self->swap_at = self->swap_old = prefix;
  self->swap_suffix = suffix;
  self->swap_cut = 0;
  swap_step (self);
  if (self->target != NULL)
    self->swap_source = g_timeout_add (SWAP_EVERY_MS, swap_step, self);
}

/* The first rows of a query, shown while it reads the rest. */
typedef struct
{
  GTask  *task;
  GArray *ids;
} FirstRows;

static void
first_rows_free (FirstRows *first)
{
  g_object_unref (first->task);
  g_array_unref (first->ids);
  g_free (first);
}

static gboolean
show_first_rows (gpointer data)
{
  FirstRows *first = data;
  Job *job = g_task_get_task_data (first->task);
  g_autoptr(CoMemberList) self = g_weak_ref_get (&job->list);

  if (self != NULL && !is_superseded (job))
    apply_ids (self, first->ids);
  return G_SOURCE_REMOVE;
}

/* Stops a scan that a newer query made useless. */
static int
check_superseded (void *data)
{
  return is_superseded (data);
}

static void
run_query (GTask        *task,
           gpointer      source,
           gpointer      data,
           GCancellable *cancellable)
{
  Job *job = data;
  Reader *reader = job->reader;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (RowId));
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&reader->lock);
  sqlite3_stmt *stmt = NULL;
  gint64 shown = 0, started = g_get_monotonic_time ();
  const char *sql = job->sql;
  GArray *binds = job->binds;
  g_autofree char *match = NULL;
  int rc;

  if (is_superseded (job))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  sqlite3_progress_handler (reader->db, 1000, check_superseded, job);
  /* A rare name is read through the substring index, all of its rows at once; a search that
   * matches many is read in order, its first screen as soon as it is found. */
  if (job->index_sql != NULL && sqlite3_prepare_v2 (reader->db, TERMS_SQL, -1, &stmt, NULL) == SQLITE_OK)
    {
      match = search_match (job->search, stmt);
      sqlite3_finalize (stmt);
      stmt = NULL;
    }
  if (match != NULL && sqlite3_prepare_v2 (reader->db, NARROW_SQL, -1, &stmt, NULL) == SQLITE_OK)
    {
      if (index_is_narrow (stmt, match))
        {
          sql = job->index_sql;
          binds = job->index_binds;
        }
      else
        g_clear_pointer (&match, g_free);
      sqlite3_finalize (stmt);
      stmt = NULL;
    }
  if (sqlite3_prepare_v2 (reader->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_progress_handler (reader->db, 0, NULL, NULL);
      g_task_return_new_error (task, CO_STORE_ERROR, CO_STORE_ERROR_OPEN, "%s", sqlite3_errmsg (reader->db));
      return;
    }
  bind_all (stmt, binds);
  bind_match (stmt, binds, match);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      sqlite3_int64 id = sqlite3_column_int64 (stmt, 0);

      if (id > G_MAXUINT32)
        break;  /* see RowId: reported below */
      g_array_append_val (ids, (RowId) { id });
      /* The first rows at once, then more every so often: the list grows as it is read
       * rather than waiting for the last of a million rows. */
      if (job->show_first_rows &&
          ((shown == 0 && (ids->len == FIRST_ROWS || g_get_monotonic_time () - started > FIRST_ROWS_WAIT)) ||
           (ids->len > FIRST_ROWS && ids->len % 4096 == 0 && g_get_monotonic_time () - shown > SHOW_MORE_EVERY)))
        {
          shown = g_get_monotonic_time ();
          FirstRows *first = g_new0 (FirstRows, 1);
          g_autoptr(GSource) idle = g_idle_source_new ();

          first->task = g_object_ref (task);
          first->ids = g_array_copy (ids);
          /* Not g_main_context_invoke(): when the main thread is not iterating its context, that
           * runs the function here, in this thread, and the list would change under GTK's feet. */
          g_source_set_priority (idle, G_PRIORITY_DEFAULT);
          g_source_set_callback (idle, show_first_rows, first, (GDestroyNotify) first_rows_free);
          g_source_attach (idle, g_task_get_context (task));
        }
    }
  sqlite3_progress_handler (reader->db, 0, NULL, NULL);
  /* Growing by doubling leaves up to half the array unused: keep a copy of the right size. */
  if (rc == SQLITE_DONE && ids->len > 4096)
    {
      GArray *exact = g_array_sized_new (FALSE, FALSE, sizeof (RowId), ids->len);
      g_array_append_vals (exact, ids->data, ids->len);
      g_array_unref (ids);
      ids = exact;
    }
  if (rc == SQLITE_ROW)
    g_task_return_new_error (task, CO_STORE_ERROR, CO_STORE_ERROR_OPEN, "membership ids beyond 32 bits");
  else if (rc != SQLITE_DONE && rc != SQLITE_INTERRUPT)
    g_task_return_new_error (task, CO_STORE_ERROR, CO_STORE_ERROR_OPEN, "%s", sqlite3_errmsg (reader->db));
  else
    g_task_return_pointer (task, rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL,
                           (GDestroyNotify) g_array_unref);
  sqlite3_finalize (stmt);
}

static void start_query (CoMemberList *self, gboolean show_first);

/* A refresh reads the rows the list keeps again, so that a change to one of them shows: in the
 * worker, before the ids, not on the main thread (a statement for each, up to CACHE_LIMIT). */
static GArray *
cached_ids (CoMemberList *self)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (self->cache));
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_array_append_val (ids, *(gint64 *) id);
  return ids;
}

/* The rows of @ids as a worker's @db reads them, those removed left out; until @job, if any,
 * is superseded. */
static GPtrArray *
read_rows (sqlite3 *db,
           GArray  *ids,
           Job     *job)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = co_member_prepare_read (db);

  /* One snapshot for them all, and one lock taken instead of one a row. */
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; stmt != NULL && i < ids->len && (job == NULL || !is_superseded (job)); i++)
    {
      CoMember *row = co_member_read (stmt, g_array_index (ids, gint64, i));

      if (row != NULL)
        g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return rows;
}

static void
run_refresh (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Job *job = data;

  g_mutex_lock (&job->reader->lock);
  job->fresh = read_rows (job->reader->db, job->cached, job);
  g_mutex_unlock (&job->reader->lock);
  run_query (task, source, data, cancellable);
}

/* The rows a worker read, given to those the list still keeps (the others are read when asked
 * for); with @waiting_only, only to those still waiting to be read: a refresh after a change to
 * the store (store_changed()) reads the rows kept, waiting ones too, and may have come first. */
static void
take_rows_read (CoMemberList *self,
                GPtrArray    *read,
                gboolean      waiting_only)
{
  for (guint i = 0; i < read->len; i++)
    {
      CoMember *row = g_ptr_array_index (read, i);
      gint64 id = co_member_get_id (row);
      CoMember *kept = g_hash_table_lookup (self->cache, &id);

      if (kept != NULL && (g_hash_table_remove (self->pending, &id) || !waiting_only))
        co_member_take_values (kept, row);
    }
}

static void
query_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(CoMemberList) self = g_weak_ref_get (&job->list);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_task_propagate_pointer (G_TASK (result), &error);

  if (self == NULL)
    return;
  self->running--;
  if (error != NULL)
    g_warning ("Could not list the members: %s", error->message);
  if (is_superseded (job))
    return;  /* a newer query is on its way */
  if (job->fresh != NULL)
    {
      /* Rows may have changed in place. */
      take_rows_read (self, job->fresh, FALSE);
      self->rows_stale = FALSE;
    }
  if (ids != NULL)
    apply_ids (self, ids);
  if (self->stale)
    {
      self->stale = FALSE;
      start_query (self, FALSE);
      return;
    }
  if (self->target != NULL)
    self->loaded_pending = TRUE;
  else
    g_signal_emit (self, signals[LOADED], 0);
}

static void
start_query (CoMemberList *self,
             gboolean      show_first)
{
  /* No source object: the task must not keep the list alive from the worker thread. */
  g_autoptr(GTask) task = g_task_new (NULL, NULL, query_done, NULL);
  Job *job = job_new (self, g_atomic_int_add (&self->reader->generation, 1) + 1);

  job->sql = g_strdup (self->sql);
  job->show_first_rows = show_first;
  /* A refresh superseded by another query leaves the rows to that one. */
  self->rows_stale |= !show_first;
  if (self->rows_stale)
    job->cached = cached_ids (self);
  self->running++;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job->cached != NULL ? run_refresh : run_query);
}

static void
store_changed (CoMemberList *self,
               const char   *table,
               gint64        group_id)
{
  /* Another group's change leaves a group's list as it is. */
  if (self->sql == NULL || (self->group_id != 0 && group_id != 0 && group_id != self->group_id))
    return;
  /* Another query after this one reads what changed meanwhile. */
  if (self->running > 0)
    self->stale = TRUE;
  else
    start_query (self, FALSE);
}

void
co_member_list_set_query (CoMemberList        *self,
                          const CoMemberQuery *query)
{
  g_return_if_fail (CO_IS_MEMBER_LIST (self));

  g_clear_pointer (&self->binds, g_array_unref);
  g_clear_pointer (&self->index_binds, g_array_unref);
  g_free (self->sql);
  g_free (self->index_sql);
  g_free (self->search);
  self->binds = new_binds ();
  self->sql = build_sql (query, self->binds);
  self->search = g_strdup (query->search);
  self->index_sql = NULL;
  if (query->search != NULL && query->search[0] != '\0')
    {
      self->index_binds = new_binds ();
      self->index_sql = build_sql_for (query, self->index_binds, FALSE, TRUE);
    }
  self->group_id = query->group_id;
  self->stale = FALSE;
  start_query (self, TRUE);
}

gboolean
co_member_list_is_loading (CoMemberList *self)
{
  return self->running > 0 || self->target != NULL;
}

guint
co_member_list_get_count (CoMemberList *self)
{
  return self->target != NULL ? self->target->len : self->ids->len;
}

gint64
co_member_list_get_id (CoMemberList *self,
                       guint         position)
{
  g_return_val_if_fail (position < shown_len (self), 0);
  return shown_id (self, position);
}

/* Drops the rows only the cache holds. */
static void
trim_cache (CoMemberList *self)
{
  GHashTableIter iter;
  gpointer id, member;

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, &id, &member))
    if (G_OBJECT (member)->ref_count == 1)
      {
        g_hash_table_remove (self->pending, id);
        g_hash_table_iter_remove (&iter);
      }
}

/* ---- rows read by a worker for a view ---------------------------------------------------- */

typedef struct
{
  Reader    *reader;
  GWeakRef   list;
  GArray    *ids;    /* gint64 */
  GPtrArray *rows;   /* CoMember, as read */
} RowsJob;

static void
rows_job_free (RowsJob *job)
{
  reader_unref (job->reader);
  g_weak_ref_clear (&job->list);
  g_array_unref (job->ids);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_free (job);
}

static void
run_read_rows (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  RowsJob *job = data;
  Reader *reader = job->reader;
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&reader->rows_lock);
  g_autoptr(GError) error = NULL;

  if (reader->rows_db == NULL && (reader->rows_db = co_store_open_reader_at (reader->path, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->rows = read_rows (reader->rows_db, job->ids, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
rows_read (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  RowsJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(CoMemberList) self = g_weak_ref_get (&job->list);
  g_autoptr(GError) error = NULL;

  if (self == NULL || self->cache == NULL)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* No connection of its own: read them here after all. */
      g_warning ("Could not read the members shown in a worker: %s", error->message);
      self->read_here = TRUE;
    }
  if (job->rows != NULL)
    take_rows_read (self, job->rows, TRUE);
  for (guint i = 0; job->rows == NULL && i < job->ids->len; i++)
    {
      gint64 id = g_array_index (job->ids, gint64, i);
      CoMember *kept = g_hash_table_lookup (self->cache, &id);
      g_autoptr(CoMember) row = NULL;

      if (kept != NULL && g_hash_table_remove (self->pending, &id) &&
          (row = co_member_get_by_id (self->store, id, NULL)) != NULL)
        co_member_take_values (kept, row);
    }
  /* Those not read were removed meanwhile: they stay empty until the next query, as in get_row(). */
  for (guint i = 0; i < job->ids->len; i++)
    g_hash_table_remove (self->pending, &g_array_index (job->ids, gint64, i));
}

static gboolean
start_read (gpointer data)
{
  CoMemberList *self = data;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, rows_read, NULL);
  RowsJob *job = g_new0 (RowsJob, 1);

  self->read_source = 0;
  job->reader = reader_ref (self->reader);
  g_weak_ref_init (&job->list, self);
  job->ids = g_steal_pointer (&self->to_read);
  self->to_read = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_task_set_task_data (task, job, (GDestroyNotify) rows_job_free);
  g_task_run_in_thread (task, run_read_rows);
  return G_SOURCE_REMOVE;
}

/* The rows a view asked for in this main-loop iteration go to the worker together. */
static void
schedule_read (CoMemberList *self)
{
  if (self->to_read->len > 0 && self->read_source == 0)
    self->read_source = g_idle_add_full (G_PRIORITY_HIGH, start_read, self, NULL);
}

/* Reads the page around @position: the rows not in the cache, and those a view shows empty. */
static void
read_page (CoMemberList *self,
           guint         first)
{
  for (guint i = first; i < MIN (first + PAGE_SIZE, shown_len (self)); i++)
    {
      gint64 id = shown_id (self, i);
      CoMember *kept = g_hash_table_lookup (self->cache, &id);
      CoMember *row;

      if (kept != NULL && !g_hash_table_contains (self->pending, &id))
        continue;
      row = co_member_get_by_id (self->store, id, NULL);
      if (kept != NULL)
        {
          g_hash_table_remove (self->pending, &id);
          if (row != NULL)
            co_member_take_values (kept, row);
          g_clear_object (&row);
          continue;
        }
      /* Removed since the ids were read: shown empty until the next query, which is coming. */
      if (row == NULL)
        row = co_member_new_missing (id);
      g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), row);
    }
}

/* Empty rows for the page around @position, for the worker to read. */
static void
defer_page (CoMemberList *self,
            guint         first)
{
  for (guint i = first; i < MIN (first + PAGE_SIZE, shown_len (self)); i++)
    {
      gint64 id = shown_id (self, i);

      if (g_hash_table_contains (self->cache, &id))
        continue;
      g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), co_member_new_missing (id));
      g_hash_table_add (self->pending, g_memdup2 (&id, sizeof id));
      g_array_append_val (self->to_read, id);
    }
  schedule_read (self);
}

static CoMember *
get_row (CoMemberList *self,
         guint         position,
         gboolean      for_view,
         gboolean      in_sight)
{
  gint64 id;
  CoMember *member;
  guint first;
  gboolean defer;

  if (position >= shown_len (self))
    return NULL;
  id = shown_id (self, position);
  member = g_hash_table_lookup (self->cache, &id);
  /* A view's rows out of sight are read by a worker: a scrollbar dragged across a million rows
   * had GtkListView 4.8 ask for the 200 rows it keeps around each new place, 7.6 ms of
   * primary-key lookups in every step, for the 20 or so it shows. */
  defer = for_view && !in_sight && self->reader->db != NULL && !self->read_here;
  if (member != NULL && (defer || !g_hash_table_contains (self->pending, &id)))
    return g_object_ref (member);

  if (member == NULL && g_hash_table_size (self->cache) + PAGE_SIZE > CACHE_LIMIT)
    trim_cache (self);
  /* The whole page around it: a list asks for its neighbours next. */
  first = position - position % PAGE_SIZE;
  if (defer)
    defer_page (self, first);
  else
    read_page (self, first);
  return g_object_ref (g_hash_table_lookup (self->cache, &id));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return get_row (CO_MEMBER_LIST (model), position, FALSE, FALSE);
}

CoMember *
co_member_list_get_shown (CoMemberList *self,
                          guint         position,
                          gboolean      in_sight)
{
  g_return_val_if_fail (CO_IS_MEMBER_LIST (self), NULL);

  return get_row (self, position, TRUE, in_sight);
}

gboolean
co_member_list_is_reading (CoMemberList *self)
{
  g_return_val_if_fail (CO_IS_MEMBER_LIST (self), FALSE);

  return self->cache != NULL && g_hash_table_size (self->pending) > 0;
}

static guint
get_n_items (GListModel *model)
{
  return shown_len (CO_MEMBER_LIST (model));
}

static GType
get_item_type (GListModel *model)
{
  return CO_TYPE_MEMBER;
}

static void
co_member_list_model_init (GListModelInterface *iface)
{
  iface->get_item = get_item;
  iface->get_n_items = get_n_items;
  iface->get_item_type = get_item_type;
}

static void
co_member_list_dispose (GObject *object)
{
  CoMemberList *self = CO_MEMBER_LIST (object);

  /* Stop a scan in progress. */
  g_atomic_int_inc (&self->reader->generation);
  g_clear_handle_id (&self->swap_source, g_source_remove);
  g_clear_pointer (&self->target, g_array_unref);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_handle_id (&self->read_source, g_source_remove);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->to_read, g_array_unref);
  G_OBJECT_CLASS (co_member_list_parent_class)->dispose (object);
}

static void
co_member_list_finalize (GObject *object)
{
  CoMemberList *self = CO_MEMBER_LIST (object);

  g_array_unref (self->ids);
  g_clear_pointer (&self->binds, g_array_unref);
  g_clear_pointer (&self->index_binds, g_array_unref);
  g_free (self->sql);
  g_free (self->index_sql);
  g_free (self->search);
  reader_unref (self->reader);
  G_OBJECT_CLASS (co_member_list_parent_class)->finalize (object);
}

static void
co_member_list_class_init (CoMemberListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_member_list_dispose;
  G_OBJECT_CLASS (klass)->finalize = co_member_list_finalize;

  /* Emitted when a query finished and the list shows all of its rows. */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
co_member_list_init (CoMemberList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (RowId));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->to_read = g_array_new (FALSE, FALSE, sizeof (gint64));
}

CoMemberList *
co_member_list_new (CoStore *store)
{
  CoMemberList *self = g_object_new (CO_TYPE_MEMBER_LIST, NULL);
  g_autoptr(GError) error = NULL;

  self->store = g_object_ref (store);
  self->reader = g_new0 (Reader, 1);
  g_atomic_ref_count_init (&self->reader->refs);
  g_mutex_init (&self->reader->lock);
  g_mutex_init (&self->reader->rows_lock);
  self->reader->path = g_strdup (co_store_get_path (store));
  /* Without its own connection the list reads nothing and says why; the store works on. */
  if ((self->reader->db = co_store_open_reader (store, &error)) == NULL)
    g_warning ("%s", error->message);
  for (guint i = 0; i < 5; i++)
    {
      static const char *const tables[] = { "changed::memberships", "changed::members", "changed::tiers",
                                            "changed::groups", "changed::tags" };
      g_signal_connect_object (store, tables[i], G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
    }
  return self;
}
