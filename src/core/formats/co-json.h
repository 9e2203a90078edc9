/* co-json.h: reading JSON from outside safely, and writing it the same way every time.
 *
 * json-glib 1.6 (Debian 12) crashes on very deep nesting and silently clamps numbers it cannot
 * hold, so co_json_parse() checks the text first: its size, that it is UTF-8, how deep it nests
 * and that every number fits; a refusal names the JSON path. CoJsonWriter writes a document as
 * it goes, without a tree in memory, with members in the order written.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CO_JSON_ERROR (co_json_error_quark ())

typedef enum
{
  CO_JSON_ERROR_INVALID,
} CoJsonError;

GQuark    co_json_error_quark (void);

/* The root of @bytes, or NULL with @error saying what and where. */
JsonNode *co_json_parse       (GBytes      *bytes,
                               gsize        max_bytes,
                               guint        max_depth,
                               GError     **error);

/* A JSON path element appended to @path: ".name" or "[index]". */
char     *co_json_path_member (const char  *path,
                               const char  *member);
char     *co_json_path_index  (const char  *path,
                               guint        index);

typedef struct _CoJsonWriter CoJsonWriter;

CoJsonWriter *co_json_writer_new        (void);
void          co_json_writer_free       (CoJsonWriter *self);
/* Ends the document and returns its text, with a final newline. */
GBytes       *co_json_writer_finish     (CoJsonWriter *self);
gsize         co_json_writer_get_length (CoJsonWriter *self);
/* Starts the next member of the current object; values then follow. */
void          co_json_writer_member     (CoJsonWriter *self,
                                         const char   *name);
void          co_json_writer_begin_object (CoJsonWriter *self);
void          co_json_writer_end_object (CoJsonWriter *self);
void          co_json_writer_begin_array (CoJsonWriter *self);
void          co_json_writer_end_array  (CoJsonWriter *self);
/* NULL writes null. Invalid UTF-8 is written with U+FFFD, so the file always reads back. */
void          co_json_writer_string     (CoJsonWriter *self,
                                         const char   *value);
void          co_json_writer_int        (CoJsonWriter *self,
                                         gint64        value);
/* The shortest text that reads back as the same double. */
void          co_json_writer_double     (CoJsonWriter *self,
                                         double        value);
void          co_json_writer_bool       (CoJsonWriter *self,
                                         gboolean      value);
void          co_json_writer_null       (CoJsonWriter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoJsonWriter, co_json_writer_free)

G_END_DECLS
