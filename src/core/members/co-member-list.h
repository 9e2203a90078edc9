/* co-member-list.h: the members of a group (or of every group) as a GListModel of CoMember,
 * filtered and sorted in SQL, for a million members without a stutter.
 *
 * A query runs in a worker thread on its own read connection and yields the ordered ids of the
 * matching memberships (the count is their number); rows are read by id, a page at a time, only
 * when a list asks for them. A newer query stops an older one mid-scan. */
#pragma once

#include "core/members/co-member.h"
#include "core/members/co-segment-filter.h"

G_BEGIN_DECLS

/* What the list shows, besides the search text, tier and source. */
typedef enum
{
  CO_MEMBER_SHOW_ALL,
  CO_MEMBER_SHOW_SEEDS,
  CO_MEMBER_SHOW_UNREPLIED,    /* seed users nobody replied to yet */
  CO_MEMBER_SHOW_CORE,
  CO_MEMBER_SHOW_SLIPPING,     /* core or above the lowest tier, quiet for slipping_days */
  CO_MEMBER_SHOW_NOT_INVITED,  /* contacts not invited and not joined */
  CO_MEMBER_SHOW_LEFT,
  CO_N_MEMBER_SHOWS
} CoMemberShow;

typedef struct
{
  gint64         group_id;       /* 0: every group */
  const char    *search;         /* in nickname, real name, contact, city, industry, source, and
                                  * the names' pinyin in full or by initials */
  CoMemberShow   show;
  gint64         tier_id;        /* 0: any */
  const char    *source;         /* NULL: any */
  guint          slipping_days;  /* 0: 14 */
  const char    *today;          /* ISO; NULL: today */
  CoMemberField  sort;           /* the nickname in the language's order (pinyin in Chinese) */
  gboolean       descending;
  /* A segment's criteria besides the rest; NULL: none. */
  const CoSegmentFilter *segment;
} CoMemberQuery;

const char *co_member_show_label (CoMemberShow show);

/* The ordered membership ids @query matches, read through @store's own connection (for the
 * command line and exports). */
GArray     *co_member_query_ids  (CoStore             *store,
                                  const CoMemberQuery *query,
                                  GError             **error);

/* How a search is read: the list and co_member_query_ids() choose; the others are for a test
 * that compares them. */
typedef enum
{
  CO_MEMBER_SEARCH_CHOOSE,  /* the substring index when it narrows the search to a few rows */
  CO_MEMBER_SEARCH_SCAN,    /* every row in the list's order, each checked */
  CO_MEMBER_SEARCH_INDEX,   /* the rows the substring index gives, when the search is long enough */
} CoMemberSearchPath;

GArray     *co_member_query_ids_by (CoStore             *store,
                                    const CoMemberQuery *query,
                                    CoMemberSearchPath   path,
                                    GError             **error);

/* How many memberships @query matches, counted without reading them (a segment's count). */
gint64      co_member_query_count (CoStore             *store,
                                   const CoMemberQuery *query,
                                   GError             **error);

#define CO_TYPE_MEMBER_LIST (co_member_list_get_type ())
G_DECLARE_FINAL_TYPE (CoMemberList, co_member_list, CO, MEMBER_LIST, GObject)

CoMemberList *co_member_list_new        (CoStore             *store);
/* Starts the query; the list keeps its items until the first rows of the new one arrive. */
void          co_member_list_set_query  (CoMemberList        *self,
                                         const CoMemberQuery *query);
gboolean      co_member_list_is_loading (CoMemberList        *self);
/* The number of rows once the list has finished showing its query (a new list's rows replace
 * the old ones a few at a time, see SWAP_STEP). */
guint         co_member_list_get_count  (CoMemberList        *self);
/* A view shown says so with co_member_list_set_paced(): a new query's rows near the top are then
 * swapped in a few at a time, and the view calls co_member_list_step_swap() once a frame while
 * the list is swapping, so that the widgets of a step are built and laid out in a frame of their
 * own (a timer takes the steps when no frame comes). It returns whether more steps remain. Not
 * paced (the default, or the view hidden), a list changes at once. */
void          co_member_list_set_paced  (CoMemberList        *self,
                                         gboolean             paced);
gboolean      co_member_list_is_swapping (CoMemberList       *self);
gboolean      co_member_list_step_swap  (CoMemberList        *self);
/* The row at @position for a view that keeps it: read at once when @in_sight, else an empty row
 * that a worker's read fills in a moment (its ::changed), and co_member_list_is_reading() says
 * so meanwhile. g_list_model_get_item() always reads at once, a row waiting for the worker too. */
CoMember     *co_member_list_get_shown  (CoMemberList        *self,
                                         guint                position,
                                         gboolean             in_sight);
gboolean      co_member_list_is_reading (CoMemberList        *self);
/* The membership id at @position, without reading the row. */
gint64        co_member_list_get_id     (CoMemberList        *self,
                                         guint                position);

G_END_DECLS
