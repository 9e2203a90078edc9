/* co-figures.h: the daily figures of a group (日报表): what the operator enters or imports each
 * day, checked one against another before anything is saved. */
#pragma once

#include <gio/gio.h>

#include "core/records/co-field.h"
#include "core/store/co-import.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_FIGURES_ERROR (co_figures_error_quark ())

typedef enum
{
  CO_FIGURES_ERROR_INVALID_VALUE,
  CO_FIGURES_ERROR_INCONSISTENT,
} CoFiguresError;

typedef enum
{
  CO_FIGURE_MEMBERS_TOTAL,
  CO_FIGURE_JOINED,
  CO_FIGURE_LEFT,
  CO_FIGURE_ACTIVE,
  CO_FIGURE_MESSAGES,
  CO_FIGURE_INVITES_SENT,
  CO_FIGURE_INVITES_ACCEPTED,
  CO_FIGURE_REGISTRATIONS,
  CO_FIGURE_CONVERSIONS,
  CO_FIGURE_POSTS,
  CO_FIGURE_PARTICIPANTS,
  CO_FIGURE_FEEDBACK,
  CO_FIGURE_QUALITY_FEEDBACK,
  CO_N_FIGURES
} CoFigure;

/* A figure nobody entered. */
#define CO_FIGURE_UNSET (-1)

typedef struct
{
  gint64 group_id;
  char   date[11];                /* ISO */
  gint64 values[CO_N_FIGURES];    /* CO_FIGURE_UNSET when not entered */
} CoDayFigures;

GQuark             co_figures_error_quark (void);
/* key: the column; title: untranslated. */
const CoFieldSpec *co_figure_spec         (CoFigure            figure);
/* Whether the figure is a level (members total) rather than a count of the day. */
gboolean           co_figure_is_level     (CoFigure            figure);

void               co_day_figures_init    (CoDayFigures       *day,
                                           gint64              group_id,
                                           const char         *date);
/* The rules between figures (accepted ≤ sent, left ≤ members, active ≤ members, quality ≤
 * feedback, no day before the group's founding date); the message names the group, the day
 * and the figure. @bad, when not NULL, is set to the figure at fault. */
gboolean           co_day_figures_check   (const CoDayFigures *day,
                                           const char         *group_name,
                                           const char         *founding_date,
                                           CoFigure           *bad,
                                           GError            **error);

/* The day's figures; all unset when none were entered. */
gboolean           co_figures_get         (CoStore            *store,
                                           gint64              group_id,
                                           const char         *date,
                                           CoDayFigures       *day,
                                           GError            **error);
/* Saves a whole day after checking it. */
gboolean           co_figures_put         (CoStore            *store,
                                           const CoDayFigures *day,
                                           GError            **error);
/* Sets one figure of a day from what a user typed ("" unsets it), checked with the others. */
gboolean           co_figures_set         (CoStore            *store,
                                           gint64              group_id,
                                           const char         *date,
                                           CoFigure            figure,
                                           const char         *input,
                                           GError            **error);

/* An import of daily figures from CSV (ours, a spreadsheet's, or a WeCom group statistics
 * export): read and checked in full, then written all at once or not at all. Problems are
 * CoImportProblem (store/co-import.h). */
typedef struct _CoFiguresImport CoFiguresImport;

CoFiguresImport   *co_figures_import_read     (CoStore            *store,
                                               GBytes             *bytes,
                                               GError            **error);
void               co_figures_import_free     (CoFiguresImport    *self);
guint              co_figures_import_get_n_days (CoFiguresImport  *self);
GPtrArray         *co_figures_import_get_problems (CoFiguresImport *self);
/* Through co_import_write (): a backup, then one transaction. Days already in the store take the
 * file's figures where the file has one. */
gboolean           co_figures_import_commit   (CoFiguresImport    *self,
                                               GError            **error);
/* What co_figures_import_commit() writes, as a CoImportWriteFunc of @import for
 * co_import_write_queued(): on @store (a worker's), refused with the file's problems. */
gboolean           co_figures_import_write    (CoStore            *store,
                                               gpointer            import,
                                               GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoFiguresImport, co_figures_import_free)

G_END_DECLS
