/* co-sync-view.c: the team connection as the app's form shows it, and records by name
 * (co-sync-view.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "core/exchange/co-exchange-private.h"
#include "core/store/co-store-private.h"
#include "core/sync/co-sync-private.h"
#include "core/sync/co-sync-view.h"

char *
co_sync_conninfo_build (const char *host,
                        const char *port,
                        const char *database,
                        const char *user,
                        const char *password,
                        const char *sslmode)
{
  const char *keywords[] = { "host", "port", "dbname", "user", "password", "sslmode" };
  const char *values[] = { host, port, database, user, password, sslmode };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      if (values[i] == NULL || values[i][0] == '\0')
        continue;
      /* Quoted, with its quotes and backslashes escaped: a value cannot add a keyword. */
      g_string_append_printf (out, "%s%s='", out->len > 0 ? " " : "", keywords[i]);
      for (const char *c = values[i]; *c != '\0'; c++)
        {
          if (*c == '\'' || *c == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *c);
        }
      g_string_append_c (out, '\'');
    }
  return g_string_free (out, FALSE);
}

char *
co_sync_conninfo_get (const char *conninfo,
                      const char *keyword)
{
  PQconninfoOption *options = conninfo != NULL ? PQconninfoParse (conninfo, NULL) : NULL;
  char *value = NULL;

  for (PQconninfoOption *option = options; option != NULL && option->keyword != NULL; option++)
    if (strcmp (option->keyword, keyword) == 0)
      {
        value = g_strdup (option->val);
        break;
      }
  PQconninfoFree (options);
  return value;
}

/* The column of @kind that names it, or NULL: the one the exchange names it by, else the first
 * of the usual names. */
static const char *
title_column (const SyncKind *kind)
{
  const Table *table = co_exchange_table_named (kind->kind);
  static const char *const names[] = { "nickname", "name", "title", "label", "topic", "problem", "question",
                                       "metric" };

  if (table != NULL && table->title_column >= 0 && (guint) table->title_column < table->columns->len)
    return g_array_index (table->columns, Column, table->title_column).spec->key;
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    for (guint i = 0; i < kind->fields->len; i++)
      if (strcmp (g_array_index (kind->fields, SyncColumn, i).column, names[n]) == 0)
        return names[n];
  return NULL;
}

char *
co_sync_record_title (CoStore    *store,
                      const char *kind_name,
                      const char *key)
{
  const SyncKind *kind = co_sync_kind_named (kind_name);
  const char *column;
  g_auto(GStrv) parts = NULL;
  guint part = 0;

  if (kind == NULL || key == NULL)
    return NULL;
  column = title_column (kind);
  if (column != NULL)
    {
      g_autofree char *key_sql = co_sync_key_sql (kind, "r");
      g_autofree char *sql = g_strdup_printf ("SELECT r.%s FROM %s r WHERE %s = ?", column, kind->kind, key_sql);
      sqlite3_stmt *stmt = co_store_prepare (store, sql, NULL);
      char *title = NULL;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
        title = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      return title;
    }
  /* A record made of others (a plan is its group's, a membership its member's): named by the
   * member it is about, else by the first record its key refers to. */
  parts = g_strsplit (key, "/", -1);
  for (int pass = 0; pass < 2; pass++)
    {
      part = 0;
      for (guint i = 0; i < kind->key->len; i++)
        {
          const SyncColumn *c = &g_array_index (kind->key, SyncColumn, i);
          guint n_parts = co_sync_key_parts (c);

          if (c->ref_table != NULL && part + n_parts <= g_strv_length (parts) &&
              (pass == 1 || strcmp (c->ref_table, "members") == 0))
            {
              g_autofree char *ref_key = n_parts > 1 ? g_strdup_printf ("%s/%s", parts[part], parts[part + 1])
                                                     : g_strdup (parts[part]);

              return co_sync_record_title (store, c->ref_table, ref_key);
            }
          part += n_parts;
        }
    }
  return NULL;
}

const char *
co_sync_kind_title (const char *kind)
{
  const Table *table;

  co_exchange_init_tables ();
  table = co_exchange_table_named (kind);
  return table != NULL && table->title != NULL ? _(table->title) : kind;
}

const char *
co_sync_field_title (const char *kind,
                     const char *field)
{
  const Table *table;

  co_exchange_init_tables ();
  table = co_exchange_table_named (kind);
  for (guint i = 0; table != NULL && i < table->columns->len; i++)
    {
      const CoFieldSpec *spec = g_array_index (table->columns, Column, i).spec;

      if (strcmp (spec->key, field) == 0 && spec->title != NULL)
        return _(spec->title);
    }
  return field;
}
