/* co-names.c: collation, pinyin and 繁简 through ICU.
 *
 * Pinyin is looked up one character at a time and remembered: ICU's Han-Latin on a whole name
 * takes some 35 µs, too slow for an import of 100,000 rows, and names are short, so that the
 * word-level readings it would add are rare (a surname is the exception: see surname_reading()). */
#include "config.h"

#include <string.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "core/formats/co-names.h"

static GMutex lock;
static char *locale;              /* NULL: not chosen yet */
static UCollator *collator;
static UTransliterator *to_simplified;
static gboolean indexing = TRUE;

/* The UI's language as ICU names it: "zh_CN.UTF-8" → "zh_CN"; "root" for C. */
static char *
default_locale (void)
{
  const char *const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    if (!g_str_equal (names[i], "C") && !g_str_equal (names[i], "POSIX"))
      {
        size_t end = strcspn (names[i], ".@");
        return g_strndup (names[i], end);
      }
  return g_strdup ("root");
}

static UTransliterator *
open_transliterator (const char *id)
{
  UChar uid[64];
  UErrorCode status = U_ZERO_ERROR;
  UTransliterator *transliterator;

  u_uastrcpy (uid, id);
  transliterator = utrans_openU (uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
  if (U_FAILURE (status))
    g_warning ("ICU has no transliterator %s: %s", id, u_errorName (status));
  return transliterator;
}

/* With the lock held. */
static void
ensure_collator (void)
{
  UErrorCode status = U_ZERO_ERROR;

  if (collator != NULL)
    return;
  if (locale == NULL)
    locale = default_locale ();
  collator = ucol_open (locale, &status);
  if (U_FAILURE (status))
    {
      g_warning ("ICU has no collation for %s: %s", locale, u_errorName (status));
      status = U_ZERO_ERROR;
      collator = ucol_open ("", &status);
    }
  /* "群2" before "群10". */
  ucol_setAttribute (collator, UCOL_NUMERIC_COLLATION, UCOL_ON, &status);
}

const char *
co_names_get_locale (void)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  ensure_collator ();
  return locale;
}

void
co_names_set_locale (const char *new_locale)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  g_clear_pointer (&collator, ucol_close);
  g_free (locale);
  locale = g_strdup (new_locale);
}

void
co_names_set_indexing (gboolean enabled)
{
  indexing = enabled;
}

gboolean
co_names_get_indexing (void)
{
  return indexing;
}

static UChar *
to_utf16 (const char *text,
          glong      *length)
{
  UChar *utf16 = (UChar *) g_utf8_to_utf16 (text, -1, NULL, length, NULL);

  G_STATIC_ASSERT (sizeof (UChar) == sizeof (gunichar2));
  if (utf16 == NULL)
    utf16 = (UChar *) g_utf8_to_utf16 ("", -1, NULL, length, NULL);
  return utf16;
}

int
co_names_compare (const char *a,
                  const char *b)
{
  return co_names_compare_len (a ? a : "", -1, b ? b : "", -1);
}

int
co_names_compare_len (const char *a,
                      gssize      a_length,
                      const char *b,
                      gssize      b_length)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  UErrorCode status = U_ZERO_ERROR;

  ensure_collator ();
  return ucol_strcollUTF8 (collator, a, (int32_t) a_length, b, (int32_t) b_length, &status);
}

guint8 *
co_names_sort_key (const char *name,
                   gsize      *length)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = NULL;
  glong n;
  g_autofree UChar *text = NULL;
  guint8 *key;
  int32_t size;

  if (!indexing)
    return NULL;
  locker = g_mutex_locker_new (&lock);
  text = to_utf16 (name, &n);
  key = g_malloc (64);

  ensure_collator ();
  size = ucol_getSortKey (collator, text, n, key, 64);
  if (size > 64)
    {
      key = g_realloc (key, size);
      size = ucol_getSortKey (collator, text, n, key, size);
    }
  /* Without the closing zero byte, so that the key of a name that begins another sorts first. */
  *length = size > 0 ? (gsize) size - 1 : 0;
  return key;
}

/* @c through @transliterator, lower-case ASCII letters only; with the lock held. */
static char *
transliterate_char (UTransliterator *transliterator,
                    gunichar         c)
{
  UChar buffer[32];
  int32_t length = 0, limit;
  UErrorCode status = U_ZERO_ERROR;
  char utf8[64];
  GString *out;

  if (transliterator == NULL)
    return g_strdup ("");
  U16_APPEND_UNSAFE (buffer, length, c);
  limit = length;
  utrans_transUChars (transliterator, buffer, &length, G_N_ELEMENTS (buffer), 0, &limit, &status);
  u_strToUTF8 (utf8, sizeof utf8, NULL, buffer, length, &status);
  out = g_string_new (NULL);
  for (const char *p = utf8; U_SUCCESS (status) && *p != '\0'; p++)
    if (g_ascii_isalpha (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

/* The Chinese characters: the unified ideographs and extension A, whose readings are kept in
 * an array, and the rarer ones, kept in a table. */
#define FIRST_CACHED 0x3400
#define LAST_CACHED 0x9FFF

static gboolean
is_han (gunichar c)
{
  return (c >= FIRST_CACHED && c <= LAST_CACHED) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x323AF);
}

typedef struct
{
  const char       *id;
  UTransliterator  *transliterator;
  char            **cached;   /* LAST_CACHED - FIRST_CACHED + 1 */
  GHashTable       *others;
} Readings;

static Readings common = { "Han-Latin; Latin-ASCII" };
/* "Han-Latin/Names" knows how 单, 曾, 仇, 解 read as surnames. */
static Readings as_surname = { "Han-Latin/Names; Latin-ASCII" };

/* With the lock held. */
static const char *
reading (Readings *readings,
         gunichar  c)
{
  char **slot, *found;

  if (readings->cached == NULL)
    {
      readings->transliterator = open_transliterator (readings->id);
      readings->cached = g_new0 (char *, LAST_CACHED - FIRST_CACHED + 1);
      readings->others = g_hash_table_new_full (NULL, NULL, NULL, g_free);
    }
  if (c >= FIRST_CACHED && c <= LAST_CACHED)
    {
      slot = &readings->cached[c - FIRST_CACHED];
      if (*slot == NULL)
        *slot = transliterate_char (readings->transliterator, c);
      return *slot;
    }
  if ((found = g_hash_table_lookup (readings->others, GUINT_TO_POINTER (c))) == NULL)
    {
      found = transliterate_char (readings->transliterator, c);
      g_hash_table_insert (readings->others, GUINT_TO_POINTER (c), found);
    }
  return found;
}

/* Appends "full|initials" of @name to @out, its first character read as @first if not NULL;
 * FALSE when @name has no Chinese character. With the lock held. */
static gboolean
append_forms (GString    *out,
              const char *name,
              const char *first)
{
  char initials[256];
  gsize n_initials = 0, start = out->len;
  gboolean in_word = FALSE, han = FALSE;

  if (out->len > 0)
    g_string_append_c (out, '|');
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);
      char initial = 0;

      if (c >= 0x80 && is_han (c))
        {
          const char *spelled = p == name && first != NULL ? first : reading (&common, c);
          g_string_append (out, spelled);
          initial = spelled[0];
          in_word = FALSE;
          han = TRUE;
        }
      else if (c < 0x80 && g_ascii_isalnum (c))
        {
          /* "Amy王" → "amywang", "aw": a Latin word counts by its first letter. */
          g_string_append_c (out, g_ascii_tolower (c));
          if (!in_word)
            initial = g_ascii_tolower (c);
          in_word = TRUE;
        }
      else
        in_word = FALSE;
      if (initial != 0 && n_initials < sizeof initials)
        initials[n_initials++] = initial;
    }
  if (!han)
    {
      g_string_truncate (out, start);
      return FALSE;
    }
  g_string_append_c (out, '|');
  g_string_append_len (out, initials, n_initials);
  return TRUE;
}

char *
co_names_pinyin (const char *name)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = NULL;
  GString *out;
  gunichar first;

  if (!indexing || name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;
  locker = g_mutex_locker_new (&lock);
  out = g_string_sized_new (64);
  if (!append_forms (out, name, NULL))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  first = g_utf8_get_char (name);
  if (is_han (first))
    {
      const char *surname = reading (&as_surname, first);
      if (!g_str_equal (surname, reading (&common, first)))
        append_forms (out, name, surname);
    }
  return g_string_free (out, FALSE);
}

char *
co_names_pinyin_needle (const char *needle)
{
  GString *out = g_string_new (NULL);

  for (const char *p = needle; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (*p != ' ' && *p != '\'')
        {
          g_string_free (out, TRUE);
          return NULL;
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if ((guchar) *p >= 0x80 && is_han (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

char *
co_names_simplified (const char *name)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  glong n;
  g_autofree UChar *text = NULL;
  UErrorCode status = U_ZERO_ERROR;
  int32_t length, limit, capacity;
  g_autofree UChar *buffer = NULL;
  char *out;

  if (name == NULL || !has_han (name))
    return g_strdup (name);
  if (to_simplified == NULL && (to_simplified = open_transliterator ("Traditional-Simplified")) == NULL)
    return g_strdup (name);
  text = to_utf16 (name, &n);
  capacity = (int32_t) n * 2 + 16;
  buffer = g_new (UChar, capacity);
  memcpy (buffer, text, n * sizeof (UChar));
  length = limit = (int32_t) n;
  utrans_transUChars (to_simplified, buffer, &length, capacity, 0, &limit, &status);
  if (U_FAILURE (status))
    return g_strdup (name);
  out = g_utf16_to_utf8 ((gunichar2 *) buffer, length, NULL, NULL, NULL);
  return out ? out : g_strdup (name);
}
