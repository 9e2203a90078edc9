/* co-csv.c: CSV as Excel reads and writes it: RFC 4180 with records ending at LF, CRLF or a lone
 * CR, quotes inside unquoted fields kept as they are, UTF-8 with or without a BOM, or GB18030
 * from Chinese Excel. The reader makes one pass over the file and copies each field once. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/formats/co-csv.h"

#define DEFAULT_MAX_FIELD_LENGTH (64 * 1024)
#define UTF8_BOM "\xEF\xBB\xBF"

G_DEFINE_QUARK (co-csv-error-quark, co_csv_error)

struct _CoCsvReader
{
  GBytes      *bytes;       /* the file, when its bytes are used as they are */
  char        *converted;   /* or the file converted from GB18030 */
  const char  *encoding;
  const char  *end;
  const char  *pos;         /* where the next record starts */
  const char  *line_start;  /* the start of the physical line pos is on */
  guint        line;        /* of pos */
  guint        record_line;
  gsize        max_field_length;
  GError      *error;       /* what ended reading, repeated by every later call */

  /* The fields of the current record, each NUL-terminated, one after the other. */
  char        *buffer;
  gsize        buffer_length;
  gsize        buffer_size;
  gsize       *offsets;     /* where each field starts in buffer */
  guint        n_fields;
  guint        offsets_size;
  const char **fields;      /* built from offsets once the record is complete */
  guint        fields_size;
};

/* Which bytes end a run of plain text in an unquoted and in a quoted field. */
enum
{
  STOP_UNQUOTED = 1 << 0,
  STOP_QUOTED = 1 << 1,
};

static const guint8 stops[256] = {
  ['\0'] = STOP_UNQUOTED | STOP_QUOTED,
  ['\n'] = STOP_UNQUOTED | STOP_QUOTED,
  ['\r'] = STOP_UNQUOTED | STOP_QUOTED,
  [','] = STOP_UNQUOTED,
  ['"'] = STOP_QUOTED,
};

/* The number of characters in a span of valid UTF-8 (NUL bytes included). */
static guint
count_chars (const char *start,
             const char *end)
{
  guint n = 0;

  for (const char *p = start; p < end; p++)
    if (((guchar) *p & 0xC0) != 0x80)
      n++;
  return n;
}

/* Like g_utf8_validate_len(), but NUL bytes pass: the parser reports them, with their place. */
static gboolean
validate_utf8 (const char  *data,
               gsize        length,
               const char **invalid)
{
  const char *p = data, *end = data + length;

  while (p < end)
    {
      const char *stop;

      if (g_utf8_validate_len (p, end - p, &stop))
        break;
      if (*stop != '\0')
        {
          if (invalid != NULL)
            *invalid = stop;
          return FALSE;
        }
      p = stop + 1;
    }
  return TRUE;
}

static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
      return FALSE;
  return TRUE;
}

static void
set_encoding_error (const char  *data,
                    const char  *invalid,
                    GError     **error)
{
  const char *line_start = data;
  guint line = 1;

  for (const char *p = data; p < invalid; p++)
    if (*p == '\n' || (*p == '\r' && p[1] != '\n'))  /* invalid is inside the data: p[1] is too */
      {
        line++;
        line_start = p + 1;
      }
  g_set_error (error, CO_CSV_ERROR, CO_CSV_ERROR_ENCODING,
               _("Line %u, column %u: the file is neither UTF-8 nor GB18030 text. Open it in "
                 "Excel and save it again as “CSV UTF-8”."),
               line, count_chars (line_start, invalid) + 1);
}

CoCsvReader *
co_csv_reader_new (GBytes  *bytes,
                   GError **error)
{
  g_autoptr(CoCsvReader) self = NULL;
  const char *data, *invalid = NULL;
  gsize length;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  if (data == NULL)
    length = 0;
  if (length >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (is_blank (data, length))
    {
      g_set_error (error, CO_CSV_ERROR, CO_CSV_ERROR_EMPTY, _("The file is empty."));
      return NULL;
    }

  self = g_new0 (CoCsvReader, 1);
  self->max_field_length = DEFAULT_MAX_FIELD_LENGTH;
  if (validate_utf8 (data, length, &invalid))
    {
      self->bytes = g_bytes_ref (bytes);
      self->encoding = "UTF-8";
    }
  else
    {
      gsize converted_length = 0;

      self->converted = g_convert (data, length, "UTF-8", "GB18030", NULL, &converted_length,
                                   NULL);
      if (self->converted == NULL || !validate_utf8 (self->converted, converted_length, NULL))
        {
          set_encoding_error (data, invalid, error);
          return NULL;
        }
      self->encoding = "GB18030";
      data = self->converted;
      length = converted_length;
      /* GB18030's own BOM (84 31 95 33) converts to a UTF-8 one. */
      if (length >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
        {
          data += 3;
          length -= 3;
        }
      if (is_blank (data, length))
        {
          g_set_error (error, CO_CSV_ERROR, CO_CSV_ERROR_EMPTY, _("The file is empty."));
          return NULL;
        }
    }
  self->pos = self->line_start = data;
  self->end = data + length;
  self->line = 1;
  return g_steal_pointer (&self);
}

void
co_csv_reader_free (CoCsvReader *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->converted);
  g_clear_error (&self->error);
  g_free (self->buffer);
  g_free (self->offsets);
  g_free (self->fields);
  g_free (self);
}

const char *
co_csv_reader_get_encoding (CoCsvReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->encoding;
}

guint
co_csv_reader_get_line (CoCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->record_line;
}

void
co_csv_reader_set_max_field_length (CoCsvReader *self,
                                    gsize        max_bytes)
{
  g_return_if_fail (self != NULL);
  self->max_field_length = max_bytes;
}

/* The 1-based column, in characters, of a place on the current line. */
static guint
column_at (CoCsvReader *self,
           const char  *at)
{
  return count_chars (self->line_start, at) + 1;
}

static gboolean
fail_nul (CoCsvReader *self,
          const char  *at)
{
  g_set_error (&self->error, CO_CSV_ERROR, CO_CSV_ERROR_ENCODING,
               _("Line %u, column %u: the file holds a NUL byte, so it is not a CSV text file. "
                 "Open it in Excel and save it again as “CSV UTF-8”."),
               self->line, column_at (self, at));
  return FALSE;
}

/* Copies a span of the field that starts at field_start in the buffer, or fails if the field
 * grows too long. */
static inline gboolean
append (CoCsvReader *self,
        const char  *span,
        gsize        length,
        gsize        field_start,
        guint        field_line)
{
  if (G_UNLIKELY (self->buffer_length - field_start + length > self->max_field_length))
    {
      g_autofree char *size = g_format_size_full (self->max_field_length,
                                                  G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (&self->error, CO_CSV_ERROR, CO_CSV_ERROR_TOO_LONG,
                   /* Translators: %s is a size, like “64.0 KiB” */
                   _("Line %u, field %u: the field is longer than %s."),
                   field_line, self->n_fields + 1, size);
      return FALSE;
    }
  /* One more byte for the field's NUL. */
  if (G_UNLIKELY (self->buffer_length + length + 1 > self->buffer_size))
    {
      self->buffer_size = MAX (self->buffer_length + length + 1, 2 * self->buffer_size);
      self->buffer_size = MAX (self->buffer_size, 256);
      self->buffer = g_realloc (self->buffer, self->buffer_size);
    }
  memcpy (self->buffer + self->buffer_length, span, length);
  self->buffer_length += length;
  return TRUE;
}

static void
end_field (CoCsvReader *self,
           gsize        field_start)
{
  self->buffer[self->buffer_length++] = '\0';
  if (G_UNLIKELY (self->n_fields == self->offsets_size))
    {
      self->offsets_size = MAX (16, 2 * self->offsets_size);
      self->offsets = g_renew (gsize, self->offsets, self->offsets_size);
    }
  self->offsets[self->n_fields++] = field_start;
}

/* Reads a quoted field from the quote at *pos, leaving *pos after the closing quote. */
static gboolean
read_quoted (CoCsvReader  *self,
             const char  **pos,
             gsize         field_start,
             guint         field_line)
{
  const char *p = *pos, *end = self->end;
  const char *open = p, *open_line_start = self->line_start;
  guint open_line = self->line;

  for (p++;;)
    {
      const char *span = p;
      gsize length;

      while (p < end && !(stops[(guchar) *p] & STOP_QUOTED))
        p++;
      if (!append (self, span, p - span, field_start, field_line))
        return FALSE;
      if (p == end)
        {
          self->line = open_line;
          self->line_start = open_line_start;
          g_set_error (&self->error, CO_CSV_ERROR, CO_CSV_ERROR_SYNTAX,
                       _("Line %u, column %u: the quote that opens here is never closed."),
                       self->line, column_at (self, open));
          return FALSE;
        }
      if (*p == '"')
        {
          if (p + 1 < end && p[1] == '"')
            {
              /* A doubled quote stands for one. */
              if (!append (self, p, 1, field_start, field_line))
                return FALSE;
              p += 2;
              continue;
            }
          *pos = p + 1;
          return TRUE;
        }
      if (*p == '\0')
        return fail_nul (self, p);
      /* A line break, kept as it is. */
      length = *p == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
      if (!append (self, p, length, field_start, field_line))
        return FALSE;
      p += length;
      self->line++;
      self->line_start = p;
    }
}

static gboolean
read_record (CoCsvReader *self)
{
  const char *p = self->pos, *end = self->end;

  for (;;)
    {
      gsize field_start = self->buffer_length;
      guint field_line = self->line;

      if (p < end && *p == '"')
        {
          if (!read_quoted (self, &p, field_start, field_line))
            return FALSE;
          if (p < end && *p == '\0')
            return fail_nul (self, p);
          if (p < end && *p != ',' && *p != '\r' && *p != '\n')
            {
              g_set_error (&self->error, CO_CSV_ERROR, CO_CSV_ERROR_SYNTAX,
                           _("Line %u, column %u: there is text after the closing quote of a "
                             "field. A quote inside a quoted field must be doubled."),
                           self->line, column_at (self, p));
              return FALSE;
            }
        }
      else
        {
          const char *span = p;

          /* A quote inside an unquoted field is an ordinary character, as in Excel. */
          while (p < end && !(stops[(guchar) *p] & STOP_UNQUOTED))
            p++;
          if (!append (self, span, p - span, field_start, field_line))
            return FALSE;
          if (p < end && *p == '\0')
            return fail_nul (self, p);
        }
      end_field (self, field_start);

      if (p == end)
        break;
      if (*p == ',')
        {
          p++;
          continue;
        }
      /* A CR, LF or CRLF ends the record. */
      p += *p == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
      self->line++;
      self->line_start = p;
      break;
    }
  self->pos = p;
  return TRUE;
}

/* Moves past lines that hold nothing but spaces and tabs. Returns FALSE at the end of the file. */
static gboolean
skip_blank_lines (CoCsvReader *self)
{
  const char *end = self->end;

  for (;;)
    {
      const char *p = self->pos;

      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      if (p == end)
        {
          self->pos = end;
          return FALSE;
        }
      if (*p != '\r' && *p != '\n')
        return TRUE;
      p += *p == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
      self->pos = self->line_start = p;
      self->line++;
    }
}

gboolean
co_csv_reader_next (CoCsvReader         *self,
                    const char * const **fields,
                    guint               *n_fields,
                    GError             **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *fields = NULL;
  if (n_fields != NULL)
    *n_fields = 0;
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (!skip_blank_lines (self))
    return FALSE;

  self->record_line = self->line;
  self->buffer_length = 0;
  self->n_fields = 0;
  if (!read_record (self))
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  /* The buffer may have moved while the record grew: point into it only now. */
  if (self->fields_size < self->n_fields + 1)
    {
      self->fields_size = MAX (self->n_fields + 1, 2 * self->fields_size);
      self->fields = g_renew (const char *, self->fields, self->fields_size);
    }
  for (guint i = 0; i < self->n_fields; i++)
    self->fields[i] = self->buffer + self->offsets[i];
  self->fields[self->n_fields] = NULL;

  *fields = self->fields;
  if (n_fields != NULL)
    *n_fields = self->n_fields;
  return TRUE;
}

/* Whether Excel takes the text as a number: -5, +86, 3.14, -1e5. */
static gboolean
is_plain_number (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (*p == '+' || *p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  if (!digits)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

static void
append_quoted (GString    *out,
               const char *prefix,
               const char *value)
{
  const char *p = value, *quote;

  g_string_append_c (out, '"');
  g_string_append (out, prefix);
  while ((quote = strchr (p, '"')) != NULL)
    {
      /* Up to and with the quote, then the quote again. */
      g_string_append_len (out, p, quote - p + 1);
      g_string_append_c (out, '"');
      p = quote + 1;
    }
  g_string_append (out, p);
  g_string_append_c (out, '"');
}

/* A field that starts with =, +, - or @ is a formula to Excel, which runs it when the file is
 * opened: a member named "=HYPERLINK(…)" or "-2+3" in an exported list would be a formula, not
 * text ("CSV injection"). A leading tab or CR can hide such a start, as Excel may strip it.
 * Such fields are quoted and start with a single quote ', which makes Excel take the cell as
 * text. Plain numbers like -5 or +86 are left alone: Excel reads them as numbers, not as
 * formulas, and the ' would spoil them. Whoever reads the file back gets the ' as part of the
 * field. */
void
co_csv_append_field (GString    *out,
                     const char *value)
{
  g_return_if_fail (out != NULL);

  if (value == NULL)
    value = "";
  if (value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL && !is_plain_number (value))
    append_quoted (out, "'", value);
  else if (value[strcspn (value, ",\"\r\n")] != '\0')
    append_quoted (out, "", value);
  else
    g_string_append (out, value);
}

void
co_csv_append_row (GString            *out,
                   const char * const *fields,
                   guint               n_fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  /* A lone field with nothing but spaces is quoted, or the reader would skip it as a blank line. */
  if (n_fields == 1 && fields[0] != NULL && fields[0][strspn (fields[0], " ")] == '\0')
    append_quoted (out, "", fields[0]);
  else if (n_fields == 1 && fields[0] == NULL)
    append_quoted (out, "", "");
  else
    for (guint i = 0; i < n_fields; i++)
      {
        if (i > 0)
          g_string_append_c (out, ',');
        co_csv_append_field (out, fields[i]);
      }
  g_string_append (out, "\r\n");
}

char *
co_csv_fold (const char *text)
{
  GString *folded = g_string_new (NULL);
  g_autofree char *lower = g_utf8_casefold (text, -1);

  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c) && c != '_' && c != '-' && c != 0xFEFF)
        g_string_append_unichar (folded, c);
    }
  return g_string_free (folded, FALSE);
}

/* ---- tables -------------------------------------------------------------------------------- */

struct _CoTable
{
  guint      n_columns;
  GPtrArray *cells;  /* row by row */
};

CoTable *
co_table_new (guint               n_columns,
              const char * const *header)
{
  CoTable *self = g_new0 (CoTable, 1);

  self->n_columns = n_columns;
  self->cells = g_ptr_array_new_with_free_func (g_free);
  co_table_add_row (self, header);
  return self;
}

void
co_table_free (CoTable *self)
{
  g_ptr_array_unref (self->cells);
  g_free (self);
}

void
co_table_add_row (CoTable            *self,
                  const char * const *cells)
{
  for (guint i = 0; i < self->n_columns; i++)
    g_ptr_array_add (self->cells, g_strdup (cells[i] ? cells[i] : ""));
}

guint
co_table_get_n_columns (CoTable *self)
{
  return self->n_columns;
}

guint
co_table_get_n_rows (CoTable *self)
{
  return self->cells->len / self->n_columns;
}

const char *
co_table_get (CoTable *self,
              guint    row,
              guint    column)
{
  g_return_val_if_fail (row < co_table_get_n_rows (self) && column < self->n_columns, NULL);
  return self->cells->pdata[row * self->n_columns + column];
}

GBytes *
co_table_to_csv (CoTable *self)
{
  GString *out = g_string_new (UTF8_BOM);

  for (guint row = 0; row < co_table_get_n_rows (self); row++)
    co_csv_append_row (out, (const char * const *) self->cells->pdata + row * self->n_columns,
                       self->n_columns);
  return g_string_free_to_bytes (out);
}
