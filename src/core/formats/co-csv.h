/* co-csv.h: reading CSV files as Excel (Chinese Excel included) saves them, in UTF-8 or GB18030,
 * and writing CSV that Excel opens without running anything in it as a formula. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CO_CSV_ERROR (co_csv_error_quark ())

typedef enum
{
  CO_CSV_ERROR_ENCODING,  /* neither UTF-8 nor GB18030, or a NUL byte */
  CO_CSV_ERROR_SYNTAX,    /* an unterminated quote, text after a closing quote */
  CO_CSV_ERROR_TOO_LONG,  /* a field longer than the reader's maximum */
  CO_CSV_ERROR_EMPTY,     /* nothing but a BOM and white space */
} CoCsvError;

GQuark co_csv_error_quark (void);

typedef struct _CoCsvReader CoCsvReader;

/* Takes the whole file's bytes. Strips a UTF-8 BOM. Valid UTF-8 is used as it is, without a
 * copy; anything else is converted from GB18030 (what Chinese Excel saves; GBK is a subset) if
 * it converts without error. Fails with CO_CSV_ERROR_ENCODING, naming the line and column of the
 * first byte that is not UTF-8, if it does not, and with CO_CSV_ERROR_EMPTY if the file holds
 * nothing but a BOM and white space. */
CoCsvReader *co_csv_reader_new                  (GBytes              *bytes,
                                                 GError             **error);
void         co_csv_reader_free                 (CoCsvReader         *self);
/* "UTF-8" or "GB18030". */
const char  *co_csv_reader_get_encoding         (CoCsvReader         *self);
/* Reads the next record. Returns TRUE and sets *fields (owned by the reader, valid until the
 * next call; a NULL-terminated array of UTF-8 strings) and *n_fields. Returns FALSE at the end
 * of the file with error unset, or FALSE with error set (and again on every later call).
 * Lines holding nothing but spaces and tabs are skipped. Fields are returned verbatim, not
 * trimmed. */
gboolean     co_csv_reader_next                 (CoCsvReader         *self,
                                                 const char * const **fields,
                                                 guint               *n_fields,
                                                 GError             **error);
/* The 1-based physical line on which the record just returned began (a quoted field may span
 * lines). */
guint        co_csv_reader_get_line             (CoCsvReader         *self);
/* Fields longer than max_bytes fail with CO_CSV_ERROR_TOO_LONG; the default is 64 KiB. */
void         co_csv_reader_set_max_field_length (CoCsvReader         *self,
                                                 gsize                max_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoCsvReader, co_csv_reader_free)

/* A header or a keyword as files write it, folded for comparing: no case, spaces, underscores,
 * dashes, or the BOM Excel may leave on the first header. */
char *co_csv_fold (const char *text);

/* Appends one field (NULL is an empty field), quoted if it needs to be. Fields that Excel would
 * run as a formula get a leading ' (see co-csv.c). */
void co_csv_append_field (GString            *out,
                          const char         *value);
/* Appends the fields separated by commas, and ends the row with "\r\n" as Excel does. */
void co_csv_append_row   (GString            *out,
                          const char * const *fields,
                          guint               n_fields);

/* A table of text: what a report shows on screen and what its CSV export writes, from one
 * place. The first row is the header. */
typedef struct _CoTable CoTable;

CoTable    *co_table_new          (guint               n_columns,
                                   const char * const *header);
void        co_table_free         (CoTable            *self);
void        co_table_add_row      (CoTable            *self,
                                   const char * const *cells);
guint       co_table_get_n_columns (CoTable           *self);
/* Rows including the header. */
guint       co_table_get_n_rows   (CoTable            *self);
const char *co_table_get          (CoTable            *self,
                                   guint               row,
                                   guint               column);
/* UTF-8 with a BOM, which Excel needs to read it as UTF-8. */
GBytes     *co_table_to_csv       (CoTable            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoTable, co_table_free)

G_END_DECLS
