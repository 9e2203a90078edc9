/* co-field.h: one editable value of the workspace (a plan field, a group's platform, …):
 * what kind it is, how a typed input is checked and stored, and how it is shown again. */
#pragma once

#include <glib.h>

#include "core/records/co-choices.h"

G_BEGIN_DECLS

/* What a record refuses: a value that cannot be stored, fields that disagree, a row gone, a
 * fixed list. Every list, the plan, the group and the members raise these. */
#define CO_RECORD_ERROR (co_record_error_quark ())

typedef enum
{
  CO_RECORD_ERROR_INVALID_VALUE,
  CO_RECORD_ERROR_INCONSISTENT,
  CO_RECORD_ERROR_NOT_FOUND,
  CO_RECORD_ERROR_FIXED,
} CoRecordError;

GQuark co_record_error_quark (void);

/* The most a field holds: longer text and larger numbers are refused wherever they come from. */
#define CO_FIELD_TEXT_MAX 500
#define CO_FIELD_LONG_TEXT_MAX 20000
#define CO_FIELD_COUNT_MAX G_GINT64_CONSTANT (1000000000)
#define CO_FIELD_MONEY_MAX_FEN G_GINT64_CONSTANT (100000000000000)  /* a trillion yuan */

typedef enum
{
  CO_FIELD_TEXT,       /* one line */
  CO_FIELD_LONG_TEXT,  /* several paragraphs */
  CO_FIELD_DATE,       /* ISO YYYY-MM-DD */
  CO_FIELD_TIME,       /* HH:MM */
  CO_FIELD_COUNT,      /* a whole number, 0 or more */
  CO_FIELD_MONEY,      /* stored in fen, shown in yuan */
  CO_FIELD_NUMBER,     /* a finite decimal number */
  CO_FIELD_CHOICE,     /* a keyword of a CoChoiceKind */
  CO_FIELD_BOOL,
  CO_FIELD_REFERENCE,  /* the id of a row of ref_table */
} CoFieldType;

typedef struct
{
  const char   *key;    /* the column */
  CoFieldType   type;
  CoChoiceKind  choice; /* for CO_FIELD_CHOICE */
  const char   *title;  /* untranslated */
  const char   *hint;   /* untranslated example or explanation, or NULL */
  const char   *ref_table;  /* for CO_FIELD_REFERENCE: staff, roles */
} CoFieldSpec;

int    co_field_find      (const CoFieldSpec  *fields,
                           guint               n_fields,
                           const char         *key);
char  *co_field_normalize (const CoFieldSpec  *field,
                           const char         *input,
                           GError            **error);
char  *co_field_format    (const CoFieldSpec  *field,
                           const char         *stored);
char  *co_number_to_string (double             value);
char  *co_money_format    (gint64              fen);

G_END_DECLS
