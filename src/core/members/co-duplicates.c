/* co-duplicates.c: suggested pairs of members who may be one person, and "not the same person".
 *
 * The search reads the memberships and the members once each and sorts keys: no member is
 * compared with another unless they share one, so a million members take seconds. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/members/co-duplicates.h"
#include "core/store/co-store-private.h"

/* A contact shared by more members than this is a placeholder ("无", "123456"), and a nickname
 * shared by more is a common name: neither says two members are one person. */
#define MAX_SAME_CONTACT 20
#define MAX_SAME_NICKNAME 100

void
co_duplicate_pair_free (CoDuplicatePair *pair)
{
  g_free (pair->contact);
  g_free (pair->nickname);
  g_free (pair);
}

char *
co_duplicate_pair_describe (const CoDuplicatePair *pair)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (pair->reasons & CO_DUPLICATE_SAME_CONTACT)
    /* Translators: why two members may be one person: the contact (微信号, phone) both have */
    g_string_append_printf (text, _("Same contact %s"), pair->contact);
  if (pair->reasons & CO_DUPLICATE_SAME_NICKNAME)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: why two members may be one person: their nickname without city, industry, emoji */
      g_string_append_printf (text, _("Same nickname %s"), pair->nickname);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- what is compared -------------------------------------------------------------------- */

/* The digits of the phone number @text starts with (spaces, dashes, dots and brackets allowed
 * between them), without a +86 or 0086 before eleven digits; how many. */
static gsize
phone_digits (const char *text,
              char        out[16])
{
  gsize n = 0;
  const char *p = text;

  if (*p == '+')
    p++;
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (n == 15)
            return 0;
          out[n++] = *p;
        }
      else if (*p != ' ' && *p != '-' && *p != '.' && *p != '(' && *p != ')')
        break;
    }
  out[n] = '\0';
  /* Without the country code: +86, 0086 or 86 before eleven digits. */
  if (n == 15 && g_str_has_prefix (out, "0086"))
    memmove (out, out + 4, (n -= 4) + 1);
  else if (n == 13 && g_str_has_prefix (out, "86"))
    memmove (out, out + 2, (n -= 2) + 1);
  return n;
}

char *
co_duplicates_contact_key (const char *contact)
{
  g_autofree char *folded = NULL;
  GString *key;
  char digits[16];
  guint alnum = 0;

  if (contact == NULL)
    return NULL;
  while (g_ascii_isspace (*contact))
    contact++;
  /* A phone number, however it is written: digits and the signs between them, nothing else. */
  if (contact[strspn (contact, "0123456789+ -.()")] == '\0' && phone_digits (contact, digits) >= 7)
    return g_strdup (digits);
  /* A 微信号 or anything else: small letters, without spaces. */
  folded = g_str_is_ascii (contact) ? g_ascii_strdown (contact, -1) : g_utf8_casefold (contact, -1);
  key = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        continue;
      g_string_append_unichar (key, c);
      alnum += g_ascii_isalnum (*p) ? 1 : 0;
    }
  /* A 微信号 has at least six; "n/a", "无", "12345" tell nobody apart. */
  if (alnum < 6)
    {
      g_string_free (key, TRUE);
      return NULL;
    }
  return g_string_free (key, FALSE);
}

/* Whether @c is an emoji, a symbol or what joins and colours them. */
static gboolean
is_decoration (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_OTHER_SYMBOL || type == G_UNICODE_MODIFIER_SYMBOL || type == G_UNICODE_FORMAT ||
         type == G_UNICODE_PRIVATE_USE || type == G_UNICODE_SURROGATE || c == 0xFE0F || c == 0xFE0E ||
         c == 0x20E3;
}

static gunichar
closing_bracket (gunichar c)
{
  switch (c)
    {
    case '(': return ')';
    case '[': return ']';
    case 0x3010: return 0x3011;  /* 【】 */
    case 0xFF08: return 0xFF09;  /* （） */
    case 0x3014: return 0x3015;  /* 〔〕 */
    case 0xFF3B: return 0xFF3D;  /* ［］ */
    default: return 0;
    }
}

/* @text without emoji and spaces, and without what brackets hold ("【新人】小王" → "小王"), or
 * only without the brackets when they hold everything ("【小王】"). */
static char *
strip_decoration (const char *text,
                  gboolean    drop_bracketed)
{
  GString *out = g_string_new (NULL);
  gunichar closing = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (closing != 0)
        {
          if (c == closing)
            closing = 0;
          else if (!drop_bracketed && !is_decoration (c) && !g_unichar_isspace (c))
            g_string_append_unichar (out, c);
          continue;
        }
      if (closing_bracket (c) != 0)
        closing = closing_bracket (c);
      else if (c == ')' || c == ']' || c == 0x3011 || c == 0xFF09 || c == 0x3015 || c == 0xFF3D)
        continue;
      else if (!is_decoration (c) && !g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* @text in parts at the naming rule's separators ("深圳-小王-产品"), empty parts left out. */
static GPtrArray *
split_parts (const char *text)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;

  for (const char *p = text;; p = g_utf8_next_char (p))
    if (*p == '\0' || co_member_is_name_separator (g_utf8_get_char (p)))
      {
        if (p > start)
          g_ptr_array_add (parts, g_strndup (start, p - start));
        if (*p == '\0')
          break;
        start = g_utf8_next_char (p);
      }
  return parts;
}

/* Which part of @naming_rule is the name ("城市+姓名+行业" → 1), of how many; -1 when none says. */
static int
rule_name_part (const char *naming_rule,
                guint      *n_parts)
{
  static const char *const name_words[] = { "名", "昵称", "称呼", "name", "nick" };
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *folded = NULL;

  *n_parts = 0;
  if (naming_rule == NULL)
    return -1;
  folded = g_utf8_casefold (naming_rule, -1);
  parts = split_parts (folded);
  *n_parts = parts->len;
  for (guint i = 0; i < parts->len; i++)
    for (guint w = 0; w < G_N_ELEMENTS (name_words); w++)
      if (strstr (g_ptr_array_index (parts, i), name_words[w]) != NULL)
        return (int) i;
  return -1;
}

/* A nickname taken apart: the name and the parts around it, compared folded (NFKC, case). */
typedef struct
{
  char *name;
  char *rest;     /* the other parts, in order, joined by "|"; NULL for none */
} NicknameParts;

static gboolean
take_apart (const char    *nickname,
            const char    *naming_rule,
            const char    *city,
            const char    *industry,
            NicknameParts *out)
{
  g_autofree char *normal = g_utf8_normalize (nickname, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *folded = normal != NULL ? g_utf8_casefold (normal, -1) : NULL;
  g_autofree char *plain = NULL;
  g_autofree char *city_key = city ? g_utf8_casefold (city, -1) : NULL;
  g_autofree char *industry_key = industry ? g_utf8_casefold (industry, -1) : NULL;
  g_autoptr(GPtrArray) parts = NULL;
  guint rule_parts;
  int name = -1, rule_name = rule_name_part (naming_rule, &rule_parts);

  out->name = out->rest = NULL;
  if (folded == NULL)
    return FALSE;
  plain = strip_decoration (folded, TRUE);
  if (*plain == '\0')
    {
      g_free (plain);
      plain = strip_decoration (folded, FALSE);
    }
  parts = split_parts (plain);
  if (parts->len == 0)
    return FALSE;

  if (parts->len == 1)
    name = 0;
  else if (rule_name >= 0 && parts->len == rule_parts)
    name = rule_name;
  else
    {
      /* The parts that are not the member's city or industry: one left is the name. */
      guint n_left = 0;
      for (guint i = 0; i < parts->len; i++)
        if (g_strcmp0 (parts->pdata[i], city_key) != 0 && g_strcmp0 (parts->pdata[i], industry_key) != 0)
          {
            n_left++;
            name = (int) i;
          }
      if (n_left != 1)
        name = parts->len == 3 ? 1 : -1;
    }

  if (name < 0)
    {
      g_ptr_array_add (parts, NULL);
      out->name = g_strjoinv ("", (char **) parts->pdata);
      return TRUE;
    }
  out->name = g_strdup (parts->pdata[name]);
  g_ptr_array_remove_index (parts, name);
  if (parts->len > 0)
    {
      g_ptr_array_add (parts, NULL);
      out->rest = g_strjoinv ("|", (char **) parts->pdata);
    }
  return TRUE;
}

char *
co_duplicates_nickname_key (const char *nickname,
                            const char *naming_rule,
                            const char *city,
                            const char *industry)
{
  NicknameParts parts;

  if (nickname == NULL || !take_apart (nickname, naming_rule, city, industry, &parts))
    return NULL;
  g_free (parts.rest);
  return parts.name;
}

/* ---- the search -------------------------------------------------------------------------- */

/* One key of one member: a contact found in one of their fields, or their nickname's name. */
typedef struct
{
  guint64     hash;
  gint64      id;
  const char *key;
  guint       info;   /* nickname keys: the index of the member's Context */
} Entry;

/* What tells two members of the same nickname apart. */
typedef struct
{
  const char *rest;
  const char *city;
  const char *industry;
  const char *contact;
} Context;

typedef struct
{
  GStringChunk *strings;
  GArray       *contacts;    /* Entry */
  GArray       *candidates;  /* Entry: words of free text, kept when they are someone's contact */
  GArray       *nicknames;   /* Entry */
  GArray       *contexts;    /* Context */
  GArray       *ids;         /* gint64, ascending: the members searched */
  GHashTable   *pairs;       /* CoDuplicatePair (its two ids) → itself */
} Search;

static guint64
hash64 (const char *text)
{
  guint64 hash = 14695981039346656037ull;  /* FNV-1a */

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    hash = (hash ^ *p) * 1099511628211ull;
  return hash;
}

static void
add_entry (Search     *search,
           GArray     *entries,
           gint64      id,
           const char *key,
           guint       info)
{
  /* Not _insert_const: its table of a million keys costs more than the copies. */
  Entry entry = { hash64 (key), id, g_string_chunk_insert (search->strings, key), info };

  g_array_append_val (entries, entry);
}

/* The phone numbers and 微信号-like words in free text: phones are keys of their own; a word
 * counts only when it is someone's contact. */
static void
scan_text (Search     *search,
           gint64      id,
           const char *text)
{
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      const char *start = p;

      if (!g_ascii_isalnum (*p) && *p != '+')
        {
          p++;
          continue;
        }
      if (g_ascii_isdigit (*p) || *p == '+')
        {
          char digits[16];
          if (phone_digits (p, digits) == 11 && digits[0] == '1')
            add_entry (search, search->contacts, id, digits, 0);
        }
      while (g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '+')
        p++;
      if (p == start)
        p++;
      else if (p - start >= 6 && p - start <= 40)
        {
          g_autofree char *word = g_ascii_strdown (start, p - start);
          add_entry (search, search->candidates, id, word, 0);
        }
    }
}

/* By hash, not by text: common names are thousands of equal keys, and two keys of one hash
 * are told apart where the runs are paired. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static guint
pair_hash (gconstpointer key)
{
  const CoDuplicatePair *pair = key;
  return g_int64_hash (&pair->member_id) * 31 + g_int64_hash (&pair->other_id);
}

static gboolean
pair_equal (gconstpointer a,
            gconstpointer b)
{
  const CoDuplicatePair *x = a, *y = b;
  return x->member_id == y->member_id && x->other_id == y->other_id;
}

static void
add_pair (Search             *search,
          gint64              a,
          gint64              b,
          CoDuplicateReasons  reason,
          const char         *key)
{
  CoDuplicatePair wanted = { MIN (a, b), MAX (a, b) };
  CoDuplicatePair *pair = g_hash_table_lookup (search->pairs, &wanted);

  if (pair == NULL)
    {
      pair = g_new0 (CoDuplicatePair, 1);
      *pair = wanted;
      g_hash_table_add (search->pairs, pair);
    }
  if (pair->reasons & reason)
    return;
  pair->reasons |= reason;
  if (reason == CO_DUPLICATE_SAME_CONTACT)
    pair->contact = g_strdup (key);
  else
    pair->nickname = g_strdup (key);
}

static gboolean
differ (const char *a,
        const char *b)
{
  return a != NULL && b != NULL && strcmp (a, b) != 0;
}

/* Pairs of the members in each run of equal hashes of @entries (sorted), whose keys are equal. */
static void
pair_runs (Search             *search,
           GArray             *entries,
           CoDuplicateReasons  reason)
{
  guint start = 0;

  while (start < entries->len)
    {
      const Entry *first = &g_array_index (entries, Entry, start);
      guint end = start + 1;

      while (end < entries->len && g_array_index (entries, Entry, end).hash == first->hash)
        end++;
      if (end - start <= (reason == CO_DUPLICATE_SAME_CONTACT ? MAX_SAME_CONTACT : MAX_SAME_NICKNAME))
        for (guint i = start; i < end; i++)
          for (guint j = i + 1; j < end; j++)
            {
              const Entry *x = &g_array_index (entries, Entry, i), *y = &g_array_index (entries, Entry, j);

              if (x->id == y->id || strcmp (x->key, y->key) != 0)
                continue;
              if (reason == CO_DUPLICATE_SAME_NICKNAME)
                {
                  const Context *cx = &g_array_index (search->contexts, Context, x->info);
                  const Context *cy = &g_array_index (search->contexts, Context, y->info);

                  /* Namesakes: another city, industry or 微信号, or other parts around the name. */
                  if (differ (cx->city, cy->city) || differ (cx->industry, cy->industry) ||
                      differ (cx->contact, cy->contact) || differ (cx->rest, cy->rest))
                    continue;
                }
              add_pair (search, x->id, y->id, reason, x->key);
            }
      start = end;
    }
}

static int
compare_hashes (gconstpointer a,
                gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const CoDuplicatePair *x = *(CoDuplicatePair *const *) a, *y = *(CoDuplicatePair *const *) b;
  gint64 ax = MIN (x->member_id, x->other_id), ay = MIN (y->member_id, y->other_id);
  gint64 bx = MAX (x->member_id, x->other_id), by = MAX (y->member_id, y->other_id);

  return ax != ay ? (ax < ay ? -1 : 1) : (bx < by ? -1 : bx > by);
}

static char *
dup_folded (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;
  return g_str_is_ascii (text) ? g_ascii_strdown (text, -1) : g_utf8_casefold (text, -1);
}

/* Reads the members (and their aliases) into @search's keys. */
static gboolean
read_members (Search               *search,
              CoStore              *store,
              gint64                group_id,
              CoDuplicatesProgress  progress,
              gpointer              progress_data,
              GCancellable         *cancellable,
              GError              **error)
{
  g_autoptr(GHashTable) rules = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  g_autofree gint64 *group_of = NULL;
  gint64 n_members, n_read = 0;
  int rc = SQLITE_DONE;

  stmt = co_store_prepare (store, "SELECT group_id, naming_rule FROM plans WHERE naming_rule IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (rules, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  n_members = co_store_step_int (co_store_prepare (store, "SELECT max (id) FROM members", NULL), 0);

  /* A group of each member's (the one whose naming rule applies), from one pass over the
   * memberships: a look-up per member would read the memberships a page at a time, at random. */
  group_of = g_new0 (gint64, n_members + 1);
  stmt = co_store_prepare (store, "SELECT member_id, group_id FROM memberships"
                                  " WHERE deleted_at IS NULL AND (?1 = 0 OR group_id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 member = sqlite3_column_int64 (stmt, 0);

      if (member > 0 && member <= n_members && group_of[member] == 0)
        group_of[member] = sqlite3_column_int64 (stmt, 1);
      if (++n_read % 16384 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }
  sqlite3_reset (stmt);
  if (progress != NULL)
    progress (0.2, progress_data);

  /* The members in one pass, those in no group (or not in @group_id) left out. */
  stmt = co_store_prepare (store, "SELECT id, nickname, real_name, city, industry, contact, source, notes"
                                  " FROM members ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  n_read = 0;
  while (!g_cancellable_is_cancelled (cancellable) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 group = id > 0 && id <= n_members ? group_of[id] : 0;
      g_autofree char *contact_key = NULL;
      g_autofree char *city = NULL;
      g_autofree char *industry = NULL;
      NicknameParts parts;

      if (group == 0)
        continue;
      contact_key = co_duplicates_contact_key ((const char *) sqlite3_column_text (stmt, 5));
      city = dup_folded ((const char *) sqlite3_column_text (stmt, 3));
      industry = dup_folded ((const char *) sqlite3_column_text (stmt, 4));
      g_array_append_val (search->ids, id);
      if (contact_key != NULL)
        add_entry (search, search->contacts, id, contact_key, 0);
      for (int column = 1; column <= 7; column++)
        if (column != 5)
          scan_text (search, id, (const char *) sqlite3_column_text (stmt, column));
      if (take_apart ((const char *) sqlite3_column_text (stmt, 1), g_hash_table_lookup (rules, &group),
                      city, industry, &parts))
        {
          Context context = {
            parts.rest ? g_string_chunk_insert_const (search->strings, parts.rest) : NULL,
            city ? g_string_chunk_insert_const (search->strings, city) : NULL,
            industry ? g_string_chunk_insert_const (search->strings, industry) : NULL,
            contact_key ? g_string_chunk_insert (search->strings, contact_key) : NULL,
          };
          g_array_append_val (search->contexts, context);
          add_entry (search, search->nicknames, id, parts.name, search->contexts->len - 1);
          g_free (parts.name);
          g_free (parts.rest);
        }
      if (++n_read % 4096 == 0 && progress != NULL)
        progress (0.2 + 0.6 * MIN (1.0, (double) id / MAX (n_members, 1)), progress_data);
    }
  sqlite3_reset (stmt);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return FALSE;
    }

  /* Aliases: what a merged member was also called. */
  stmt = co_store_prepare (store, "SELECT member_id, kind, value FROM member_aliases", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 2);

      if (bsearch (&id, search->ids->data, search->ids->len, sizeof (gint64), compare_ids) == NULL)
        continue;
      if (g_str_equal (sqlite3_column_text (stmt, 1), "contact"))
        {
          g_autofree char *key = co_duplicates_contact_key (value);
          if (key != NULL)
            add_entry (search, search->contacts, id, key, 0);
        }
      else
        {
          NicknameParts parts;
          if (take_apart (value, NULL, NULL, NULL, &parts))
            {
              Context context = { 0 };
              g_array_append_val (search->contexts, context);
              add_entry (search, search->nicknames, id, parts.name, search->contexts->len - 1);
              g_free (parts.name);
              g_free (parts.rest);
            }
        }
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Drops the pairs said not to be the same person, and puts the one to keep by default first. */
static gboolean
settle_pairs (GPtrArray  *pairs,
              CoStore    *store,
              GError    **error)
{
  sqlite3_stmt *distinct = co_store_prepare (store,
    "SELECT 1 FROM member_not_duplicates WHERE (member_id = ?1 AND other_id = ?2)"
    " OR (member_id = ?2 AND other_id = ?1)", error);
  sqlite3_stmt *newer;

  if (distinct == NULL)
    return FALSE;
  for (guint i = pairs->len; i-- > 0;)
    {
      CoDuplicatePair *pair = pairs->pdata[i];

      sqlite3_bind_int64 (distinct, 1, pair->member_id);
      sqlite3_bind_int64 (distinct, 2, pair->other_id);
      if (co_store_step_int (distinct, 0))
        g_ptr_array_remove_index (pairs, i);
    }
  /* The one kept by default: the more recently updated, else the one with more fields filled. */
  if ((newer = co_store_prepare (store,
         "SELECT b.updated_at > a.updated_at OR (b.updated_at = a.updated_at AND"
         " (b.real_name IS NOT NULL) + (b.city IS NOT NULL) + (b.industry IS NOT NULL) + (b.contact IS NOT NULL)"
         " + (b.source IS NOT NULL) + (b.notes IS NOT NULL) >"
         " (a.real_name IS NOT NULL) + (a.city IS NOT NULL) + (a.industry IS NOT NULL) + (a.contact IS NOT NULL)"
         " + (a.source IS NOT NULL) + (a.notes IS NOT NULL))"
         " FROM members a, members b WHERE a.id = ?1 AND b.id = ?2", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < pairs->len; i++)
    {
      CoDuplicatePair *pair = pairs->pdata[i];

      sqlite3_bind_int64 (newer, 1, pair->member_id);
      sqlite3_bind_int64 (newer, 2, pair->other_id);
      if (co_store_step_int (newer, 0))
        {
          gint64 first = pair->other_id;
          pair->other_id = pair->member_id;
          pair->member_id = first;
        }
    }
  return TRUE;
}

GPtrArray *
co_duplicates_find (CoStore               *store,
                    gint64                 group_id,
                    CoDuplicatesProgress   progress,
                    gpointer               progress_data,
                    GCancellable          *cancellable,
                    GError               **error)
{
  Search search = {
    g_string_chunk_new (1 << 20),
    g_array_new (FALSE, FALSE, sizeof (Entry)),
    g_array_new (FALSE, FALSE, sizeof (Entry)),
    g_array_new (FALSE, FALSE, sizeof (Entry)),
    g_array_new (FALSE, FALSE, sizeof (Context)),
    g_array_new (FALSE, FALSE, sizeof (gint64)),
    g_hash_table_new_full (pair_hash, pair_equal, NULL, NULL),
  };
  GPtrArray *pairs = NULL;
  g_autoptr(GArray) contact_hashes = NULL;
  gboolean read;

  read = read_members (&search, store, group_id, progress, progress_data, cancellable, error);
  if (read)
    {
      /* Words of free text that are someone's contact join the contacts. */
      contact_hashes = g_array_sized_new (FALSE, FALSE, sizeof (guint64), search.contacts->len);
      for (guint i = 0; i < search.contacts->len; i++)
        g_array_append_val (contact_hashes, g_array_index (search.contacts, Entry, i).hash);
      g_array_sort (contact_hashes, compare_hashes);
      for (guint i = 0; i < search.candidates->len; i++)
        {
          const Entry *candidate = &g_array_index (search.candidates, Entry, i);
          if (bsearch (&candidate->hash, contact_hashes->data, contact_hashes->len, sizeof (guint64),
                       compare_hashes) != NULL)
            g_array_append_val (search.contacts, *candidate);
        }
      if (progress != NULL)
        progress (0.85, progress_data);
      g_array_sort (search.contacts, compare_entries);
      g_array_sort (search.nicknames, compare_entries);
      if (progress != NULL)
        progress (0.95, progress_data);
      pair_runs (&search, search.contacts, CO_DUPLICATE_SAME_CONTACT);
      pair_runs (&search, search.nicknames, CO_DUPLICATE_SAME_NICKNAME);

      pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) co_duplicate_pair_free);
      GHashTableIter iter;
      gpointer pair;
      g_hash_table_iter_init (&iter, search.pairs);
      while (g_hash_table_iter_next (&iter, &pair, NULL))
        g_ptr_array_add (pairs, pair);
      g_ptr_array_sort (pairs, compare_pairs);
      if (!settle_pairs (pairs, store, error))
        g_clear_pointer (&pairs, g_ptr_array_unref);
      else if (progress != NULL)
        progress (1.0, progress_data);
    }

  g_string_chunk_free (search.strings);
  g_array_unref (search.contacts);
  g_array_unref (search.candidates);
  g_array_unref (search.nicknames);
  g_array_unref (search.contexts);
  g_array_unref (search.ids);
  g_hash_table_unref (search.pairs);
  return pairs;
}

/* ---- in a worker ------------------------------------------------------------------------- */

typedef struct
{
  char                 *path;
  gint64                group_id;
  CoDuplicatesProgress  progress;
  gpointer              progress_data;
  GMainContext         *context;
  gint                  reported;  /* per mille, the last posted to @context */
} FindJob;

typedef struct
{
  FindJob *job;
  double   fraction;
} ProgressPost;

static void
find_job_free (FindJob *job)
{
  g_free (job->path);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
post_progress (gpointer data)
{
  ProgressPost *post = data;

  post->job->progress (post->fraction, post->job->progress_data);
  return G_SOURCE_REMOVE;
}

/* From the worker: only whole per-mille steps go to the main context. */
static void
worker_progress (double   fraction,
                 gpointer data)
{
  FindJob *job = data;
  gint step = (gint) (fraction * 1000);
  ProgressPost *post;

  if (job->progress == NULL || step <= g_atomic_int_get (&job->reported))
    return;
  g_atomic_int_set (&job->reported, step);
  post = g_new (ProgressPost, 1);
  *post = (ProgressPost) { job, fraction };
  /* The job outlives the post: the task's result is delivered on the same context after it. */
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, post_progress, post, g_free);
}

static void
find_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  FindJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) reader = co_store_open_for_worker (job->path, cancellable, &error);
  GPtrArray *pairs = reader != NULL ? co_duplicates_find (reader, job->group_id, worker_progress, job,
                                                          cancellable, &error)
                                    : NULL;

  if (pairs == NULL && g_cancellable_is_cancelled (cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Cancelled"));
  else if (pairs == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pairs, (GDestroyNotify) g_ptr_array_unref);
}

void
co_duplicates_find_async (CoStore              *store,
                          gint64                group_id,
                          CoDuplicatesProgress  progress,
                          gpointer              progress_data,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  FindJob *job = g_new0 (FindJob, 1);

  job->path = g_strdup (co_store_get_path (store));
  job->group_id = group_id;
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  job->reported = -1;
  g_task_set_task_data (task, job, (GDestroyNotify) find_job_free);
  g_task_set_source_tag (task, co_duplicates_find_async);
  g_task_run_in_thread (task, find_in_thread);
}

GPtrArray *
co_duplicates_find_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
change_distinct (CoStore     *store,
                 const char  *sql,
                 gint64       member_id,
                 gint64       other_id,
                 GError     **error)
{
  sqlite3_stmt *stmt;

  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, sql, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, other_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, "member_not_duplicates", 0);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

gboolean
co_duplicates_set_distinct (CoStore  *store,
                            gint64    member_id,
                            gint64    other_id,
                            GError  **error)
{
  return change_distinct (store, "INSERT OR IGNORE INTO member_not_duplicates (member_id, other_id)"
                                 " SELECT min (?1, ?2), max (?1, ?2) WHERE ?1 <> ?2", member_id, other_id, error);
}

gboolean
co_duplicates_unset_distinct (CoStore  *store,
                              gint64    member_id,
                              gint64    other_id,
                              GError  **error)
{
  /* Either way round: the exchange writes what a file gives. */
  return change_distinct (store, "DELETE FROM member_not_duplicates WHERE (member_id = ?1 AND other_id = ?2)"
                                 " OR (member_id = ?2 AND other_id = ?1)", member_id, other_id, error);
}
