/* co-json.c: a checked parse in front of json-glib, and a streaming writer. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "core/formats/co-json.h"

G_DEFINE_QUARK (co-json-error-quark, co_json_error)

/* Numbers longer than this are shown cut short in a message. */
#define NUMBER_SHOWN 40

char *
co_json_path_member (const char *path,
                     const char *member)
{
  return g_strdup_printf ("%s.%s", path, member);
}

char *
co_json_path_index (const char *path,
                    guint       index)
{
  return g_strdup_printf ("%s[%u]", path, index);
}

/* ---- checking before json-glib ------------------------------------------------------------ */

typedef struct
{
  gboolean    object;
  gboolean    key_next;  /* objects: the next string is a member name */
  guint       index;     /* arrays: the element being read */
  const char *key;       /* objects: the member being read, as written (escapes included) */
  gsize       key_length;
} Frame;

/* The path of the value the scanner is at, as $.groups[3].goals[0].target. */
static char *
frames_path (GArray *frames)
{
  GString *path = g_string_new ("$");

  for (guint i = 0; i < frames->len; i++)
    {
      Frame *frame = &g_array_index (frames, Frame, i);

      if (!frame->object)
        g_string_append_printf (path, "[%u]", frame->index);
      else if (frame->key != NULL)
        g_string_append_printf (path, ".%.*s", (int) frame->key_length, frame->key);
    }
  return g_string_free (path, FALSE);
}

/* A number json-glib would clamp or turn into infinity is refused with its place. */
static gboolean
check_number (const char  *start,
              gsize        length,
              GArray      *frames,
              GError     **error)
{
  g_autofree char *token = g_strndup (start, length);
  gboolean fits;

  errno = 0;
  if (strpbrk (token, ".eE") != NULL)
    fits = isfinite (g_ascii_strtod (token, NULL));
  else
    {
      g_ascii_strtoll (token, NULL, 10);
      fits = errno != ERANGE;
    }
  if (!fits)
    {
      g_autofree char *path = frames_path (frames);
      g_set_error (error, CO_JSON_ERROR, CO_JSON_ERROR_INVALID,
                   _("%s: the number %.*s%s is too large."), path,
                   (int) MIN (length, NUMBER_SHOWN), start, length > NUMBER_SHOWN ? "…" : "");
      return FALSE;
    }
  return TRUE;
}

/* Walks the tokens of @text without building anything: the nesting and the numbers. Syntax
 * errors are left to json-glib, which says where they are. */
static gboolean
scan (const char  *text,
      gsize        length,
      guint        max_depth,
      GError     **error)
{
  g_autoptr(GArray) frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  gsize i = 0;

  while (i < length)
    {
      char c = text[i];
      Frame *top = frames->len > 0 ? &g_array_index (frames, Frame, frames->len - 1) : NULL;

      if (c == '"')
        {
          gsize start = ++i;

          while (i < length && text[i] != '"')
            i += text[i] == '\\' ? 2 : 1;
          if (top != NULL && top->object && top->key_next)
            {
              top->key = text + start;
              top->key_length = MIN (i, length) - start;
              top->key_next = FALSE;
            }
          i++;
        }
      else if (c == '{' || c == '[')
        {
          Frame frame = { c == '{', c == '{', 0, NULL, 0 };

          if (frames->len >= max_depth)
            {
              g_autofree char *path = frames_path (frames);
              g_set_error (error, CO_JSON_ERROR, CO_JSON_ERROR_INVALID,
                           _("%s: nested more than %u levels deep."), path, max_depth);
              return FALSE;
            }
          g_array_append_val (frames, frame);
          i++;
        }
      else if (c == '}' || c == ']')
        {
          if (frames->len > 0)
            g_array_set_size (frames, frames->len - 1);
          i++;
        }
      else if (c == ',' && top != NULL)
        {
          if (top->object)
            top->key_next = TRUE;
          else
            top->index++;
          i++;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize start = i;

          while (i < length && (g_ascii_isdigit (text[i]) || strchr ("+-.eE", text[i]) != NULL))
            i++;
          if (!check_number (text + start, i - start, frames, error))
            return FALSE;
        }
      else
        i++;
    }
  return TRUE;
}

JsonNode *
co_json_parse (GBytes  *bytes,
               gsize    max_bytes,
               guint    max_depth,
               GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  const char *end;

  if (length > max_bytes)
    {
      g_autofree char *size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (max_bytes, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, CO_JSON_ERROR, CO_JSON_ERROR_INVALID,
                   _("The file is %s, more than the %s that can be read."), size, limit);
      return NULL;
    }
  if (!g_utf8_validate_len (text, length, &end))
    {
      g_set_error (error, CO_JSON_ERROR, CO_JSON_ERROR_INVALID,
                   _("The file is not UTF-8 text: byte %lu is not."), (gulong) (end - text) + 1);
      return NULL;
    }
  /* An empty GBytes may have no data at all, which json-glib refuses with a critical. */
  if (length == 0)
    {
      g_set_error_literal (error, CO_JSON_ERROR, CO_JSON_ERROR_INVALID, _("The file is empty."));
      return NULL;
    }
  if (!scan (text, length, max_depth, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) length, &local_error))
    {
      g_set_error (error, CO_JSON_ERROR, CO_JSON_ERROR_INVALID,
                   _("The file is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  /* An empty file parses, to no root at all. */
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, CO_JSON_ERROR, CO_JSON_ERROR_INVALID, _("The file is empty."));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/* ---- writing ------------------------------------------------------------------------------ */

struct _CoJsonWriter
{
  GString *text;
  guint    depth;
  gboolean first;         /* nothing written yet in the current object or array */
  gboolean after_member;  /* a member name was written; its value follows on the same line */
};

CoJsonWriter *
co_json_writer_new (void)
{
  CoJsonWriter *self = g_new0 (CoJsonWriter, 1);

  self->text = g_string_sized_new (4096);
  self->first = TRUE;
  return self;
}

void
co_json_writer_free (CoJsonWriter *self)
{
  if (self->text != NULL)
    g_string_free (self->text, TRUE);
  g_free (self);
}

GBytes *
co_json_writer_finish (CoJsonWriter *self)
{
  g_string_append_c (self->text, '\n');
  return g_string_free_to_bytes (g_steal_pointer (&self->text));
}

gsize
co_json_writer_get_length (CoJsonWriter *self)
{
  return self->text->len;
}

static void
new_line (CoJsonWriter *self)
{
  g_string_append_c (self->text, '\n');
  for (guint i = 0; i < self->depth; i++)
    g_string_append (self->text, "  ");
}

/* Where a value or member name starts: after a comma and on a line of its own. */
static void
before_value (CoJsonWriter *self)
{
  if (self->after_member)
    {
      self->after_member = FALSE;
      return;
    }
  if (self->depth == 0)
    return;
  if (!self->first)
    g_string_append_c (self->text, ',');
  self->first = FALSE;
  new_line (self);
}

static void
append_string (GString    *text,
               const char *value)
{
  g_autofree char *valid = g_utf8_validate (value, -1, NULL) ? NULL : g_utf8_make_valid (value, -1);

  g_string_append_c (text, '"');
  for (const char *p = valid ? valid : value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (text, "\\\""); break;
        case '\\': g_string_append (text, "\\\\"); break;
        case '\n': g_string_append (text, "\\n"); break;
        case '\t': g_string_append (text, "\\t"); break;
        case '\r': g_string_append (text, "\\r"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (text, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (text, *p);
        }
    }
  g_string_append_c (text, '"');
}

void
co_json_writer_member (CoJsonWriter *self,
                       const char   *name)
{
  before_value (self);
  append_string (self->text, name);
  g_string_append (self->text, ": ");
  self->after_member = TRUE;
}

static void
begin (CoJsonWriter *self,
       char          bracket)
{
  before_value (self);
  g_string_append_c (self->text, bracket);
  self->depth++;
  self->first = TRUE;
}

static void
end (CoJsonWriter *self,
     char          bracket)
{
  self->depth--;
  if (!self->first)
    new_line (self);
  g_string_append_c (self->text, bracket);
  self->first = FALSE;
}

void
co_json_writer_begin_object (CoJsonWriter *self)
{
  begin (self, '{');
}

void
co_json_writer_end_object (CoJsonWriter *self)
{
  end (self, '}');
}

void
co_json_writer_begin_array (CoJsonWriter *self)
{
  begin (self, '[');
}

void
co_json_writer_end_array (CoJsonWriter *self)
{
  end (self, ']');
}

void
co_json_writer_string (CoJsonWriter *self,
                       const char   *value)
{
  if (value == NULL)
    {
      co_json_writer_null (self);
      return;
    }
  before_value (self);
  append_string (self->text, value);
}

void
co_json_writer_int (CoJsonWriter *self,
                    gint64        value)
{
  before_value (self);
  g_string_append_printf (self->text, "%" G_GINT64_FORMAT, value);
}

void
co_json_writer_double (CoJsonWriter *self,
                       double        value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (isfinite (value));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buffer, sizeof buffer, formats[i], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  before_value (self);
  g_string_append (self->text, buffer);
}

void
co_json_writer_bool (CoJsonWriter *self,
                     gboolean      value)
{
  before_value (self);
  g_string_append (self->text, value ? "true" : "false");
}

void
co_json_writer_null (CoJsonWriter *self)
{
  before_value (self);
  g_string_append (self->text, "null");
}
