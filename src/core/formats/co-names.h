/* co-names.h: people's names as Chinese and English users expect them, through ICU: the order
 * of the user's language (pinyin in Chinese), pinyin for searching, and 繁體 folded to 简体.
 *
 * Safe to call from any thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The language whose order sort keys follow, as ICU names it ("zh_CN", "en_US", "root").
 * By default the UI's language; set_locale() chooses another (NULL: back to the default). */
const char *co_names_get_locale   (void);
void        co_names_set_locale   (const char  *locale);

/* Orders two names as the locale does (pinyin in Chinese): <0, 0, >0. */
int         co_names_compare      (const char  *a,
                                   const char  *b);
/* The same for texts of @a_length and @b_length bytes, not 0-terminated. */
int         co_names_compare_len  (const char  *a,
                                   gssize       a_length,
                                   const char  *b,
                                   gssize       b_length);
/* The bytes that order as the names do when compared with memcmp(): what the members table
 * keeps and indexes. */
guint8     *co_names_sort_key     (const char  *name,
                                   gsize       *length);

/* What a pinyin search matches for @name, or NULL when it has no Chinese characters: its full
 * pinyin and its initials, lower case without spaces, "|" between ("zhaomin|zm"). A name whose
 * first character reads otherwise as a surname (单, 曾, 仇) has both readings. */
char       *co_names_pinyin       (const char  *name);
/* @needle as pinyin is matched (lower case, without spaces or apostrophes), or NULL when it is
 * not pinyin (anything but Latin letters, spaces and apostrophes). */
char       *co_names_pinyin_needle (const char *needle);
/* @name with 繁體 characters in their 简体 forms ("張三" → "张三"). */
char       *co_names_simplified   (const char  *name);

/* Off: sort keys and pinyin are NULL. Only for the benchmark, which measures what they cost. */
void        co_names_set_indexing (gboolean     enabled);
gboolean    co_names_get_indexing (void);

G_END_DECLS
