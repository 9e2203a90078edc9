/* co-member-notes.h: what the team writes about a member of a group, and the member's timeline.
 *
 * Notes ("asked about the paid plan") and follow-ups with a due date ("call back Friday"), each
 * of one membership, removed to the trash so that Undo brings them back. The timeline puts them
 * in one list, newest first, with the member's activity, tier changes and joining. */
#pragma once

#include "core/members/co-member.h"
#include "core/records/co-field.h"

G_BEGIN_DECLS

/* The columns of a note (date, body, author_id) and of a follow-up (body, due_date, done_date,
 * author_id), as the JSON exchange carries them. A text is a long text of the record engine:
 * CO_FIELD_LONG_TEXT_MAX characters at most, like every other in the workspace. */
const CoFieldSpec *co_member_note_fields (guint *n_fields);
const CoFieldSpec *co_follow_up_fields   (guint *n_fields);

/* Adds a note of @date (ISO or as typed; NULL: today) by @author_id (one of the team, or 0);
 * its id, or 0 with the reason. */
gint64      co_member_note_add       (CoStore      *store,
                                      gint64        membership_id,
                                      const char   *date,
                                      const char   *body,
                                      gint64        author_id,
                                      GError      **error);
gboolean    co_member_note_set       (CoStore      *store,
                                      gint64        note_id,
                                      const char   *body,
                                      GError      **error);
/* Notes and follow-ups go to the trash and come back from it. */
gboolean    co_member_note_remove    (CoStore      *store,
                                      gint64        note_id,
                                      gboolean      removed,
                                      GError      **error);

/* Adds a follow-up due on @due (ISO or as typed); its id, or 0 with the reason. */
gint64      co_follow_up_add         (CoStore      *store,
                                      gint64        membership_id,
                                      const char   *body,
                                      const char   *due,
                                      gint64        author_id,
                                      GError      **error);
/* Done on @date (NULL: not done). */
gboolean    co_follow_up_set_done    (CoStore      *store,
                                      gint64        follow_up_id,
                                      const char   *date,
                                      GError      **error);
/* Due again on @due. */
gboolean    co_follow_up_snooze      (CoStore      *store,
                                      gint64        follow_up_id,
                                      const char   *due,
                                      GError      **error);
gboolean    co_follow_up_remove      (CoStore      *store,
                                      gint64        follow_up_id,
                                      gboolean      removed,
                                      GError      **error);

typedef enum
{
  CO_TIMELINE_NOTE,
  CO_TIMELINE_ACTIVITY,
  CO_TIMELINE_FOLLOW_UP,
  CO_TIMELINE_TIER_CHANGE,
  CO_TIMELINE_JOINED,
} CoTimelineKind;

/* One line of the timeline. */
typedef struct
{
  CoTimelineKind  kind;
  gint64          id;      /* the note's, the activity line's, the follow-up's; 0 otherwise */
  char           *date;    /* ISO: the note's, the activity's, the follow-up's due day, the change's */
  char           *text;    /* the note, the follow-up, the activity's kind, the tier before (shown) */
  char           *other;   /* the tier after (shown); the day a follow-up was done */
  gint64          count;   /* an activity's count; 1 for a tier set by hand */
} CoTimelineEntry;

void        co_timeline_entry_free   (CoTimelineEntry *entry);
/* The newest @limit entries of the membership's timeline, newest first. */
GPtrArray  *co_member_timeline       (CoStore      *store,
                                      gint64        membership_id,
                                      guint         limit,
                                      GError      **error);

G_END_DECLS
