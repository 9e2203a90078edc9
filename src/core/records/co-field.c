/* co-field.c: typed values as users type them (Chinese spreadsheets' habits included) and as
 * the database stores them: ISO dates, HH:MM, whole numbers, fen, keywords. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/records/co-field.h"

G_DEFINE_QUARK (co-record-error-quark, co_record_error)


/* A number as the store and templates write it: "%.15g" with a dot, whatever the locale. */
char *
co_number_to_string (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", value));
}

int
co_field_find (const CoFieldSpec *fields,
               guint              n_fields,
               const char        *key)
{
  for (guint i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, key))
      return (int) i;
  return -1;
}

static const char *const bool_yes[] = { "1", "是", "√", "✓", NULL };
static const char *const bool_no[] = { "0", "否", "×", NULL };

/* Strips what people type around numbers: spaces, thousands separators, a yuan sign. */
static char *
strip_number (const char *input)
{
  GString *text = g_string_new (NULL);

  for (const char *p = input; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || c == ',' || c == 0xFF0C /* ， */ || c == 0xA5 /* ¥ */ ||
          c == 0xFFE5 /* ￥ */ || c == 0x5143 /* 元 */)
        continue;
      g_string_append_unichar (text, c);
    }
  return g_string_free (text, FALSE);
}

static char *
normalize_count (const char  *input,
                 GError     **error)
{
  g_autofree char *text = strip_number (input);
  guint64 value;

  if (text[0] == '-')
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("“%s”: this cannot be negative."), input);
      return NULL;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, (guint64) CO_FIELD_COUNT_MAX, &value, NULL))
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("“%s” is not a whole number."), input);
      return NULL;
    }
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

/* Yuan as typed ("1,280.5", "¥99", "20元") to fen; never through floating point. */
static char *
normalize_money (const char  *input,
                 GError     **error)
{
  g_autofree char *text = strip_number (input);
  g_auto(GStrv) parts = NULL;
  guint64 yuan = 0, fen = 0;

  if (text[0] == '-')
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("“%s”: an amount cannot be negative."), input);
      return NULL;
    }
  /* "¥" alone strips to nothing, which g_strsplit() would return as no part at all. */
  parts = text[0] != '\0' ? g_strsplit (text, ".", -1) : NULL;
  if (parts == NULL)
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("“%s” is not an amount of money. Write it like 128.50."), input);
      return NULL;
    }
  if (g_strv_length (parts) > 2 || (parts[0][0] == '\0' && (parts[1] == NULL || parts[1][0] == '\0')) ||
      (parts[0][0] != '\0' && !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXUINT64 / 1000, &yuan, NULL)) ||
      (parts[1] != NULL && (strlen (parts[1]) > 2 || (parts[1][0] != '\0' &&
                            !g_ascii_string_to_unsigned (parts[1], 10, 0, 99, &fen, NULL)))))
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("“%s” is not an amount of money. Write it like 128.50."), input);
      return NULL;
    }
  if (parts[1] != NULL && strlen (parts[1]) == 1)
    fen *= 10;  /* "0.5" is fifty fen */
  if (yuan * 100 + fen > (guint64) CO_FIELD_MONEY_MAX_FEN)
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("“%s” is too large an amount."), input);
      return NULL;
    }
  return g_strdup_printf ("%" G_GUINT64_FORMAT, yuan * 100 + fen);
}

static char *
normalize_number (const char  *input,
                  GError     **error)
{
  g_autofree char *text = strip_number (input);
  char *end = NULL;
  double value;
  gsize length = strlen (text);

  if (length > 0 && text[length - 1] == '%')
    text[--length] = '\0';  /* a target of "120%" is 120, its unit % */
  /* Plain decimals only: g_ascii_strtod() would also take "0x10", "inf" and "nan". */
  if (strspn (text, "0123456789.+-eE") != length || strpbrk (text, "0123456789") == NULL)
    length = 0;
  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (length == 0 || end == NULL || *end != '\0' || errno == ERANGE || !isfinite (value))
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("“%s” is not a number."), input);
      return NULL;
    }
  return co_number_to_string (value);
}

static char *
normalize_time (const char  *input,
                GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (input));
  guint hours, minutes;
  char extra;

  if (!g_ascii_isdigit (text[0]))
    hours = 99;  /* sscanf would take "-0:30" and "+8:30" */
  else if (sscanf (text, "%u:%u%c", &hours, &minutes, &extra) != 2 &&
      sscanf (text, "%u：%u%c", &hours, &minutes, &extra) != 2)
    hours = 99;
  /* 24:00 ends a day: a shift or active hours until midnight. */
  if ((hours > 23 && !(hours == 24 && minutes == 0)) || minutes > 59)
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("“%s” is not a time of day. Write it like 08:30."), input);
      return NULL;
    }
  return g_strdup_printf ("%02u:%02u", hours, minutes);
}

static char *
normalize_text (const char  *input,
                glong        max_chars,
                GError     **error)
{
  g_autofree char *text = NULL;

  if (!g_utf8_validate (input, -1, NULL))
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("The text is not valid UTF-8."));
      return NULL;
    }
  text = g_strstrip (g_strdup (input));
  if (g_utf8_strlen (text, -1) > max_chars)
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   g_dngettext (GETTEXT_PACKAGE, "This can be at most %ld character long.",
                                    "This can be at most %ld characters long.", max_chars),
                   max_chars);
      return NULL;
    }
  return g_steal_pointer (&text);
}

/* The stored form of what the user typed: ISO dates, HH:MM, fen, keywords. Returns NULL
 * without an error for an empty input, which unsets the field. */
char *
co_field_normalize (const CoFieldSpec  *field,
                    const char         *input,
                    GError            **error)
{
  g_autofree char *trimmed = NULL;

  if (input == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (input));
  if (*trimmed == '\0')
    return NULL;

  switch (field->type)
    {
    case CO_FIELD_TEXT:
      return normalize_text (input, CO_FIELD_TEXT_MAX, error);
    case CO_FIELD_LONG_TEXT:
      return normalize_text (input, CO_FIELD_LONG_TEXT_MAX, error);
    case CO_FIELD_DATE:
      {
        char *iso = co_date_parse (input);
        if (iso == NULL)
          g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                       _("“%s” is not a date. Write it like 2025-03-01."), input);
        return iso;
      }
    case CO_FIELD_TIME:
      return normalize_time (input, error);
    case CO_FIELD_COUNT:
      return normalize_count (input, error);
    case CO_FIELD_MONEY:
      return normalize_money (input, error);
    case CO_FIELD_NUMBER:
      return normalize_number (input, error);
    case CO_FIELD_CHOICE:
      if (co_choice_index (field->choice, trimmed) < 0)
        {
          g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                       _("“%s” is not a known value for %s."), trimmed, _(field->title));
          return NULL;
        }
      return g_steal_pointer (&trimmed);
    case CO_FIELD_REFERENCE:
      {
        guint64 id;
        if (!g_ascii_string_to_unsigned (trimmed, 10, 1, G_MAXINT64, &id, NULL))
          {
            g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                         _("“%s” is not a known value for %s."), trimmed, _(field->title));
            return NULL;
          }
        return g_strdup_printf ("%" G_GUINT64_FORMAT, id);
      }
    case CO_FIELD_BOOL:
      /* As spreadsheets write them, in English and in Chinese. */
      if (g_strv_contains (bool_yes, trimmed) || g_ascii_strcasecmp (trimmed, "true") == 0 ||
          g_ascii_strcasecmp (trimmed, "yes") == 0 || g_ascii_strcasecmp (trimmed, "y") == 0)
        return g_strdup ("1");
      if (g_strv_contains (bool_no, trimmed) || g_ascii_strcasecmp (trimmed, "false") == 0 ||
          g_ascii_strcasecmp (trimmed, "no") == 0 || g_ascii_strcasecmp (trimmed, "n") == 0)
        return g_strdup ("0");
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                   _("“%s” is neither yes nor no."), trimmed);
      return NULL;
    default:
      g_return_val_if_reached (NULL);
    }
}

/* An amount of fen as yuan with two decimals, "-0.50" for minus fifty fen. */
char *
co_money_format (gint64 fen)
{
  guint64 magnitude = fen < 0 ? -(guint64) fen : (guint64) fen;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", fen < 0 ? "-" : "", magnitude / 100,
                          (guint) (magnitude % 100));
}

/* A stored value as the user reads and edits it: yuan for fen, labels for keywords. */
char *
co_field_format (const CoFieldSpec *field,
                 const char        *stored)
{
  if (stored == NULL)
    return g_strdup ("");

  switch (field->type)
    {
    case CO_FIELD_MONEY:
      return co_money_format (g_ascii_strtoll (stored, NULL, 10));
    case CO_FIELD_NUMBER:
      return co_number_to_string (g_ascii_strtod (stored, NULL));
    case CO_FIELD_CHOICE:
      return g_strdup (co_choice_label (field->choice, stored) ? co_choice_label (field->choice, stored) : stored);
    case CO_FIELD_TEXT:
    case CO_FIELD_LONG_TEXT:
    case CO_FIELD_DATE:
    case CO_FIELD_TIME:
    case CO_FIELD_COUNT:
    case CO_FIELD_BOOL:
    case CO_FIELD_REFERENCE:
    default:
      return g_strdup (stored);
    }
}

