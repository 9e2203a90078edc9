/* co-group.h: communities (社群) and the matrix of parent and child groups they form. */
#pragma once

#include <gio/gio.h>

#include "core/records/co-choices.h"
#include "core/records/co-field.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_GROUP_ERROR (co_group_error_quark ())

typedef enum
{
  CO_GROUP_ERROR_NOT_FOUND,
  CO_GROUP_ERROR_NAME_EMPTY,
  CO_GROUP_ERROR_NAME_TOO_LONG,
  CO_GROUP_ERROR_NAME_TAKEN,
  CO_GROUP_ERROR_TEXT_TOO_LONG,
  CO_GROUP_ERROR_INVALID_TEXT,
  CO_GROUP_ERROR_INVALID_CHOICE,
  CO_GROUP_ERROR_INVALID_DATE,
  CO_GROUP_ERROR_INVALID_TIME,
  CO_GROUP_ERROR_INVALID_PARENT,
  CO_GROUP_ERROR_NOT_EMPTY,
} CoGroupError;

/* The text fields a group has; each is edited and saved on its own. */
typedef enum
{
  CO_GROUP_FIELD_NAME,
  CO_GROUP_FIELD_SLOGAN,
  CO_GROUP_FIELD_CATEGORY,
  CO_GROUP_FIELD_ORIENTATION,
  CO_GROUP_FIELD_PLATFORM,
  CO_GROUP_FIELD_STAGE,
  CO_GROUP_FIELD_GROUP_TYPE,
  CO_GROUP_FIELD_LEVEL,
  CO_GROUP_FIELD_THEME,
  CO_GROUP_FIELD_FOUNDING_DATE,
  CO_GROUP_FIELD_ACTIVE_FROM,   /* the hours the group is active, for the duty roster */
  CO_GROUP_FIELD_ACTIVE_UNTIL,
  CO_N_GROUP_FIELDS
} CoGroupField;

#define CO_GROUP_NAME_MAX 200
#define CO_GROUP_SLOGAN_MAX 500

#define CO_TYPE_GROUP (co_group_get_type ())
G_DECLARE_FINAL_TYPE (CoGroup, co_group, CO, GROUP, GObject)

GQuark      co_group_error_quark      (void);

/* A CoGroup is a snapshot of one row: read it, never write it; reload after ::changed. */
gint64      co_group_get_id           (CoGroup      *self);
const char *co_group_get_uuid         (CoGroup      *self);
const char *co_group_get_field        (CoGroup      *self,
                                       CoGroupField  field);
const char *co_group_get_name         (CoGroup      *self);
gint64      co_group_get_parent_id    (CoGroup      *self);
gboolean    co_group_get_archived     (CoGroup      *self);
gint64      co_group_get_position     (CoGroup      *self);
guint       co_group_get_depth        (CoGroup      *self);
const char *co_group_get_created_at   (CoGroup      *self);
const char *co_group_get_updated_at   (CoGroup      *self);
char       *co_group_dup_summary      (CoGroup      *self);
/* Whether @a and @b are the same row with the same values: a list read again keeps the objects
 * of the rows that did not change. */
gboolean    co_group_equal            (CoGroup      *a,
                                       CoGroup      *b);

CoChoiceKind       co_group_field_choice_kind (CoGroupField  field);
const CoFieldSpec *co_group_field_spec        (CoGroupField  field);
CoGroupField       co_group_field_from_key    (const char   *key);

/* Every group not in the trash, parents before their children, in sidebar order. */
GListStore *co_group_list             (CoStore      *store,
                                       GError      **error);
CoGroup    *co_group_get              (CoStore      *store,
                                       gint64        id,
                                       GError      **error);
gint64      co_group_count            (CoStore      *store,
                                       GError      **error);
/* Whether a group other than @except_id (0: any) has @name, ignoring case. */
gboolean    co_group_name_is_taken    (CoStore      *store,
                                       const char   *name,
                                       gint64        except_id);
/* Whether @name can be a group's name (not empty, not too long, not another group's, @except_id
 * aside); FALSE and why not, in words for the user. */
gboolean    co_group_check_name       (CoStore      *store,
                                       const char   *name,
                                       gint64        except_id,
                                       GError      **error);
char       *co_group_unused_name      (CoStore      *store,
                                       const char   *base);
gint64      co_group_create           (CoStore      *store,
                                       const char   *name,
                                       gint64        parent_id,
                                       GError      **error);
gboolean    co_group_set_field        (CoStore      *store,
                                       gint64        id,
                                       CoGroupField  field,
                                       const char   *value,
                                       GError      **error);
gboolean    co_group_set_parent       (CoStore      *store,
                                       gint64        id,
                                       gint64        parent_id,
                                       GError      **error);
gboolean    co_group_set_archived     (CoStore      *store,
                                       gint64        id,
                                       gboolean      archived,
                                       GError      **error);
gboolean    co_group_move             (CoStore      *store,
                                       gint64        id,
                                       int           direction,
                                       GError      **error);
gboolean    co_group_trash            (CoStore      *store,
                                       gint64        id,
                                       GError      **error);
gboolean    co_group_restore          (CoStore      *store,
                                       gint64        id,
                                       GError      **error);
gboolean    co_group_purge_trash      (CoStore      *store,
                                       gint64        id,
                                       GError      **error);

G_END_DECLS
