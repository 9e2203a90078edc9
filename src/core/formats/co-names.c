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
static UTransliterator *to_latin, *to_surname, *to_simplified;
static GHashTable *readings;      /* gunichar → its pinyin, "" when none */
static GHashTable *surnames;      /* gunichar → its pinyin as a surname */
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
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  UErrorCode status = U_ZERO_ERROR;

  ensure_collator ();
  return ucol_strcollUTF8 (collator, a ? a : "", -1, b ? b : "", -1, &status);
}

guint8 *
co_names_sort_key (const char *name,
                   gsize      *length)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  glong n;
  g_autofree UChar *text = to_utf16 (name, &n);
  guint8 *key = g_malloc (64);
  int32_t size;

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

static const char *
cached_reading (GHashTable     **cache,
                UTransliterator **transliterator,
                const char       *id,
                gunichar          c)
{
  char *reading;

  if (*cache == NULL)
    {
      *cache = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      *transliterator = open_transliterator (id);
    }
  if ((reading = g_hash_table_lookup (*cache, GUINT_TO_POINTER (c))) == NULL)
    {
      reading = *transliterator ? transliterate_char (*transliterator, c) : g_strdup ("");
      g_hash_table_insert (*cache, GUINT_TO_POINTER (c), reading);
    }
  return reading;
}

/* "Han-Latin/Names" knows how 单, 曾, 仇, 解 read as surnames. */
static const char *
surname_reading (gunichar c)
{
  return cached_reading (&surnames, &to_surname, "Han-Latin/Names; Latin-ASCII", c);
}

/* Full pinyin and initials of @name, the first character read as @first if not NULL. */
static void
append_forms (GString    *out,
              const char *name,
              const char *first)
{
  GString *full = g_string_new (NULL), *initials = g_string_new (NULL);
  gboolean in_word = FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN)
        {
          const char *reading = p == name && first != NULL
            ? first : cached_reading (&readings, &to_latin, "Han-Latin; Latin-ASCII", c);
          g_string_append (full, reading);
          if (reading[0] != '\0')
            g_string_append_c (initials, reading[0]);
          in_word = FALSE;
        }
      else if (c < 128 && g_ascii_isalnum (c))
        {
          /* "Amy王" → "amywang", "aw": a Latin word counts by its first letter. */
          g_string_append_c (full, g_ascii_tolower (c));
          if (!in_word)
            g_string_append_c (initials, g_ascii_tolower (c));
          in_word = TRUE;
        }
      else
        in_word = FALSE;
    }
  if (out->len > 0)
    g_string_append_c (out, '|');
  g_string_append_printf (out, "%s|%s", full->str, initials->str);
  g_string_free (full, TRUE);
  g_string_free (initials, TRUE);
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if ((guchar) *p >= 0x80 && g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

char *
co_names_pinyin (const char *name)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  GString *out;
  gunichar first;

  if (!indexing || name == NULL || !g_utf8_validate (name, -1, NULL) || !has_han (name))
    return NULL;
  out = g_string_new (NULL);
  append_forms (out, name, NULL);
  first = g_utf8_get_char (name);
  if (g_unichar_get_script (first) == G_UNICODE_SCRIPT_HAN)
    {
      const char *surname = surname_reading (first);
      if (!g_str_equal (surname, cached_reading (&readings, &to_latin, "Han-Latin; Latin-ASCII", first)))
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
