/* co-duplicates.h: the same person twice: suggested pairs of members, and the pairs a user said
 * are not the same person (merging them: co-member-merge.h).
 *
 * A pair is suggested when the same contact (微信号, phone) appears in any field of both, or when
 * their nicknames are the same once the naming rule's other parts ("深圳-", "-产品"), emoji,
 * brackets and spaces are set aside. */
#pragma once

#include <gio/gio.h>

#include "core/members/co-member.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

typedef enum
{
  CO_DUPLICATE_SAME_CONTACT  = 1 << 0,
  CO_DUPLICATE_SAME_NICKNAME = 1 << 1,
} CoDuplicateReasons;

/* Two people (member ids, the one to keep by default first: the more recently updated, else the
 * one with more fields filled in). */
typedef struct
{
  gint64              member_id;
  gint64              other_id;
  CoDuplicateReasons  reasons;
  char               *contact;   /* the shared contact as compared (digits of a phone), or NULL */
  char               *nickname;  /* the shared nickname as compared, or NULL */
} CoDuplicatePair;

void        co_duplicate_pair_free     (CoDuplicatePair *pair);
/* "Same contact 13800138000 · same nickname 小王", translated. */
char       *co_duplicate_pair_describe (const CoDuplicatePair *pair);

/* What the comparison reads: a contact or phone as compared (a phone's digits without +86,
 * spaces and dashes; a 微信号 in small letters), or NULL when too short to tell anyone apart. */
char       *co_duplicates_contact_key  (const char *contact);
/* A nickname as compared: without the parts the naming rule adds around the name (the member's
 * city and industry, or the parts beside the one the rule calls the name), emoji, brackets,
 * spaces, in small letters. @naming_rule, @city and @industry may be NULL. */
char       *co_duplicates_nickname_key (const char *nickname,
                                        const char *naming_rule,
                                        const char *city,
                                        const char *industry);

/* Called from the thread that runs the search, with how far it is (0 to 1). */
typedef void (*CoDuplicatesProgress) (double   fraction,
                                      gpointer data);

/* The suggested pairs among the members of @group_id (0: everyone), without those said not to
 * be the same person, in the order of their first member's id: CoDuplicatePair. NULL with
 * G_IO_ERROR_CANCELLED once @cancellable is cancelled. */
GPtrArray  *co_duplicates_find         (CoStore              *store,
                                        gint64                group_id,
                                        CoDuplicatesProgress  progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        GError              **error);
/* The same in a worker on a read connection of its own; @progress is called on the calling
 * thread's main context. */
void        co_duplicates_find_async   (CoStore              *store,
                                        gint64                group_id,
                                        CoDuplicatesProgress  progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GPtrArray  *co_duplicates_find_finish  (GAsyncResult         *result,
                                        GError              **error);

/* "Not the same person": the pair is not suggested again (until unset, which undoes it). */
gboolean    co_duplicates_set_distinct (CoStore              *store,
                                        gint64                member_id,
                                        gint64                other_id,
                                        GError              **error);
gboolean    co_duplicates_unset_distinct (CoStore            *store,
                                          gint64              member_id,
                                          gint64              other_id,
                                          GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoDuplicatePair, co_duplicate_pair_free)

G_END_DECLS
