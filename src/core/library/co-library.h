/* co-library.h: the script and material library (素材库 / 话术库) of the workspace. An item is a
 * text (a script with the SOP's variables {昵称} {群名} {活动} {时间} {链接}) or an image (a
 * poster, a slogan image, a group QR code), tagged by the plan's phase, a group type and a
 * topic. Its fields are a list of the record engine (CO_LIST_LIBRARY, table library_items), so
 * that the JSON exchange, the sync and the trash (Undo) carry them as any list; an image's bytes
 * are kept in the workspace beside them, checked first (co-library-image.h). A group QR code
 * has an expiry date (WeChat's last 7 days). Copy counts each use.
 *
 * The list's fields: kind (keywords of CO_CHOICE_LIBRARY_KIND, set once), title, body (a text's
 * script, an image's caption), stage (CO_CHOICE_PHASE), group_type (CO_CHOICE_GROUP_TYPE),
 * topic, expires (a QR code's ISO date). */
#pragma once

#include <gio/gio.h>

#include "core/sop/co-sop-tasks.h"

G_BEGIN_DECLS

#define CO_LIBRARY_ERROR (co_library_error_quark ())

typedef enum
{
  CO_LIBRARY_ERROR_NOT_IMAGE,
  CO_LIBRARY_ERROR_TOO_LARGE,
  CO_LIBRARY_ERROR_READ,
} CoLibraryError;

GQuark co_library_error_quark (void);

/* The largest image the library keeps. */
#define CO_LIBRARY_IMAGE_MAX_BYTES (20 * 1000 * 1000)  /* "20.0 MB", as g_format_size() shows it */
/* A WeChat group QR code lasts this many days from when it was made. */
#define CO_LIBRARY_QR_DAYS 7
/* A QR code this many days or fewer from its expiry is lapsing: Today says so. */
#define CO_LIBRARY_QR_WARN_DAYS 2

#define CO_TYPE_LIBRARY_ITEM (co_library_item_get_type ())
G_DECLARE_FINAL_TYPE (CoLibraryItem, co_library_item, CO, LIBRARY_ITEM, GObject)

/* What a row says, without its image's bytes. */
gint64      co_library_item_get_id         (CoLibraryItem *self);
const char *co_library_item_get_uuid       (CoLibraryItem *self);
const char *co_library_item_get_kind       (CoLibraryItem *self);
const char *co_library_item_get_title      (CoLibraryItem *self);
const char *co_library_item_get_body       (CoLibraryItem *self);
const char *co_library_item_get_stage      (CoLibraryItem *self);
const char *co_library_item_get_group_type (CoLibraryItem *self);
const char *co_library_item_get_topic      (CoLibraryItem *self);
const char *co_library_item_get_expires    (CoLibraryItem *self);
guint       co_library_item_get_use_count  (CoLibraryItem *self);
const char *co_library_item_get_last_used  (CoLibraryItem *self);  /* UTC ISO 8601, or NULL */
/* The image's kind ("png", …) and size, or NULL and 0 for a text or an image not yet given. */
const char *co_library_item_get_image_type (CoLibraryItem *self);
guint       co_library_item_get_width      (CoLibraryItem *self);
guint       co_library_item_get_height     (CoLibraryItem *self);
gsize       co_library_item_get_image_size (CoLibraryItem *self);
gboolean    co_library_item_is_image       (CoLibraryItem *self);
/* Whether two readings of an item hold the same fields (an image's bytes are not compared). */
gboolean    co_library_item_equal          (CoLibraryItem *a,
                                            CoLibraryItem *b);

/* Whether items of @kind hold an image (all but "text"). */
gboolean    co_library_kind_is_image (const char *kind);

/* ---- adding and changing ---------------------------------------------------------------- */

/* A new item: each text as typed (checked as the list's fields are), NULL for none. */
typedef struct
{
  const char *kind;        /* NULL: "text" */
  const char *title;
  const char *body;
  const char *stage;
  const char *group_type;
  const char *topic;
  const char *expires;     /* a QR code's; NULL: CO_LIBRARY_QR_DAYS from today */
  GBytes     *image;       /* required for an image kind, refused for a text */
} CoLibraryNew;

/* Adds @item in one transaction, or nothing with @error set; returns its id or 0. */
gint64      co_library_add            (CoStore             *store,
                                       const CoLibraryNew  *item,
                                       GError             **error);
/* Sets the title, body, stage, group_type, topic and expires of @values on item @id (NULL or ""
 * clears one; kind and image are not changed), all in one transaction or none. */
gboolean    co_library_update         (CoStore             *store,
                                       gint64               id,
                                       const CoLibraryNew  *values,
                                       GError             **error);
/* Replaces an image item's image; a QR code's expiry moves to CO_LIBRARY_QR_DAYS from today
 * (a refreshed QR code is a new one). */
gboolean    co_library_set_image      (CoStore       *store,
                                       gint64         id,
                                       GBytes        *image,
                                       GError       **error);
/* The image's bytes, or NULL (with @error set if not for lack of an image). */
GBytes     *co_library_dup_image      (CoStore       *store,
                                       gint64         id,
                                       GError       **error);
/* The bytes of the file at @path when they are an image the library keeps: a file over
 * CO_LIBRARY_IMAGE_MAX_BYTES is refused before it is read. */
GBytes     *co_library_read_image_file (const char   *path,
                                        GError      **error);
/* Checks @image: an image of a known kind, not over the limit. */
gboolean    co_library_check_image    (GBytes        *image,
                                       GError       **error);

/* One more use of item @id now: Copy, from the library or from an SOP task. */
gboolean    co_library_record_use     (CoStore       *store,
                                       gint64         id,
                                       GError       **error);

/* ---- reading ------------------------------------------------------------------------------ */

CoLibraryItem *co_library_get         (CoStore       *store,
                                       gint64         id,
                                       GError       **error);

typedef struct
{
  const char *search;      /* words, each found in the title, text, topic or the pinyin of
                            * title and topic ("hyy" finds 欢迎语); NULL or "": all */
  const char *kind;        /* a keyword, "image" for any image, NULL: all */
  const char *stage;       /* NULL: any */
  const char *group_type;  /* NULL: any */
  guint       limit;       /* 0: all */
} CoLibraryQuery;

/* The matching items in the library's order; @n_matches (may be NULL) gets how many match in all. */
GPtrArray  *co_library_find           (CoStore               *store,
                                       const CoLibraryQuery  *query,
                                       guint                 *n_matches,
                                       GError               **error);

/* ---- QR codes ----------------------------------------------------------------------------- */

typedef enum
{
  CO_QR_NOT_A_QR,    /* not a QR code, or one without expiry date */
  CO_QR_VALID,
  CO_QR_LAPSING,     /* CO_LIBRARY_QR_WARN_DAYS days or fewer left */
  CO_QR_EXPIRED,
} CoQrState;

/* Where the QR code stands on @today (ISO; NULL: today), with its days left (negative: since it
 * lapsed) in @days_left (may be NULL). */
CoQrState   co_library_qr_state       (CoLibraryItem *item,
                                       const char    *today,
                                       int           *days_left);
/* "Lapses in 3 days", "Lapses today", "Expired 2 days ago"; NULL when not a QR code. */
char       *co_library_describe_expiry (CoLibraryItem *item,
                                        const char    *today);
/* The QR codes expired or lapsing on @today (NULL: today), soonest first. */
GPtrArray  *co_library_lapsing_qr     (CoStore       *store,
                                       const char    *today,
                                       GError       **error);

/* ---- using -------------------------------------------------------------------------------- */

/* The item's text with the variables that @values knows filled (co_sop_fill). */
char       *co_library_fill           (CoLibraryItem     *item,
                                       const CoSopValues *values);
/* The same for a group: its name for {群名}. */
char       *co_library_fill_for_group (CoStore           *store,
                                       CoLibraryItem     *item,
                                       gint64             group_id);
/* What Copy on @task takes from its step's library item, counted as a use: a text is added
 * below the step's own text in @task (its variables then filled as the step's are), an image
 * is returned in @image. An item gone from the library is no error: the step's text is copied. */
gboolean    co_library_copy_for_task  (CoStore           *store,
                                       CoSopTask         *task,
                                       GBytes           **image,
                                       GError           **error);
/* The images that group @group_id's plan names (its content calendar and its SOP steps), each
 * once, in the library's order: the posters its PDF prints. */
GPtrArray  *co_library_plan_images    (CoStore           *store,
                                       gint64             group_id,
                                       GError           **error);
/* The items as a reference field offers them: "title (kind)" and their ids. */
GStrv       co_library_choices        (CoStore           *store,
                                       GArray           **ids);

/* ---- the sample workspace ---------------------------------------------------------------- */

/* A starter library in the user's language (Chinese or English, as the built-in templates):
 * scripts for each phase, two posters and a slogan image drawn now, and a group QR code that
 * lapses tomorrow. */
gboolean    co_library_add_sample     (CoStore       *store,
                                       GError       **error);

G_END_DECLS
