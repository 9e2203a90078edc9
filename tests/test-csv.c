/* test-csv.c: the CSV reader takes what Excel saves (BOM, CRLF, lone CR, quotes, GB18030) and
 * refuses broken files with the line and column, and what the writer writes reads back. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "core/formats/co-csv.h"

/* Escapes line breaks so that a field shows in one line of the summary. */
static void
append_escaped (GString    *out,
                const char *field)
{
  for (const char *p = field; *p; p++)
    if (*p == '\r')
      g_string_append (out, "\\r");
    else if (*p == '\n')
      g_string_append (out, "\\n");
    else
      g_string_append_c (out, *p);
}

/* Reads the whole of data into "LINE:[field][field]…" per record, one record a line. */
static char *
read_summary (const char  *data,
              gsize        length,
              const char **encoding,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(CoCsvReader) reader = co_csv_reader_new (bytes, error);
  g_autoptr(GString) out = g_string_new (NULL);
  const char * const *fields;
  guint n_fields;

  if (reader == NULL)
    return NULL;
  if (encoding != NULL)
    *encoding = g_intern_string (co_csv_reader_get_encoding (reader));
  while (co_csv_reader_next (reader, &fields, &n_fields, error))
    {
      g_assert_nonnull (fields);
      g_assert_null (fields[n_fields]);
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "%u:", co_csv_reader_get_line (reader));
      for (guint i = 0; i < n_fields; i++)
        {
          g_string_append_c (out, '[');
          append_escaped (out, fields[i]);
          g_string_append_c (out, ']');
        }
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
read_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *summary = read_summary (text, strlen (text), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

/* Reads data expecting an error; returns its message. */
static char *
read_error (const char *data,
            gsize       length,
            int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = read_summary (data, length, NULL, &error);

  g_assert_null (summary);
  g_assert_error (error, CO_CSV_ERROR, code);
  g_test_message ("%s", error->message);
  return g_strdup (error->message);
}

static void
assert_text (const char *text,
             const char *expected)
{
  g_autofree char *summary = read_text (text);

  g_assert_cmpstr (summary, ==, expected);
}

static void
test_bom (void)
{
  const char *encoding = NULL;
  g_autoptr(GError) error = NULL;
  const char with_bom[] = "\xEF\xBB\xBFname,城市\r\n张三,北京\r\n";
  g_autofree char *summary = read_summary (with_bom, strlen (with_bom), &encoding, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (summary, ==, "1:[name][城市]\n2:[张三][北京]");
  g_assert_cmpstr (encoding, ==, "UTF-8");

  g_clear_pointer (&summary, g_free);
  summary = read_summary (with_bom + 3, strlen (with_bom + 3), &encoding, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary, ==, "1:[name][城市]\n2:[张三][北京]");
  g_assert_cmpstr (encoding, ==, "UTF-8");

  /* Only a BOM at the very start is one. */
  assert_text ("a,\xEF\xBB\xBF" "b\n", "1:[a][\xEF\xBB\xBF" "b]");
}

static void
test_line_endings (void)
{
  assert_text ("a,b\nc,d\n", "1:[a][b]\n2:[c][d]");
  assert_text ("a,b\r\nc,d\r\n", "1:[a][b]\n2:[c][d]");
  assert_text ("a,b\rc,d\r", "1:[a][b]\n2:[c][d]");
  assert_text ("a\r\nb\rc\nd\n\re", "1:[a]\n2:[b]\n3:[c]\n4:[d]\n6:[e]");
}

static void
test_quoted (void)
{
  /* Line 2 holds a CRLF and line 3 an LF inside quotes: the next record is on line 5. */
  assert_text ("\"a,b\",\"say \"\"hi\"\"\",c\r\n"
               "\"line1\r\nline2\",\"x\ny\",\"\"\r\n"
               "next,\"\"\"\",\"\"\"q\"\"\"\r\n"
               "\"lone\rcr\"\r\n"
               "last\r\n",
               "1:[a,b][say \"hi\"][c]\n"
               "2:[line1\\r\\nline2][x\\ny][]\n"
               "5:[next][\"][\"q\"]\n"
               "6:[lone\\rcr]\n"
               "8:[last]");
  /* The reader keeps the CRLF inside the field byte for byte. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("\"1\r\n2\",x", 8);
    g_autoptr(CoCsvReader) reader = co_csv_reader_new (bytes, NULL);
    const char * const *fields;
    guint n_fields;

    g_assert_true (co_csv_reader_next (reader, &fields, &n_fields, NULL));
    g_assert_cmpuint (n_fields, ==, 2);
    g_assert_cmpstr (fields[0], ==, "1\r\n2");
    g_assert_cmpstr (fields[1], ==, "x");
    g_assert_cmpuint (co_csv_reader_get_line (reader), ==, 1);
    g_assert_false (co_csv_reader_next (reader, &fields, &n_fields, NULL));
    g_assert_null (fields);
    g_assert_cmpuint (n_fields, ==, 0);
  }
}

static void
test_blank_lines (void)
{
  /* Empty lines, and lines of spaces and tabs, in every line ending. */
  assert_text ("\n\na,b\n\n  \n\r\n\t\nc,d\n\n\n", "3:[a][b]\n8:[c][d]");
  assert_text ("\r\ra\r \r\r\nb", "3:[a]\n6:[b]");
}

static void
test_last_line (void)
{
  assert_text ("a,b\nc,d", "1:[a][b]\n2:[c][d]");
  assert_text ("a,b\n\"c\"", "1:[a][b]\n2:[c]");
  assert_text ("a,", "1:[a][]");
  assert_text (",,\n", "1:[][][]");
  assert_text ("\"\"", "1:[]");
  assert_text ("a\n  ", "1:[a]");
}

static void
test_verbatim (void)
{
  /* No trimming, and quotes inside unquoted fields are text, as in Excel. */
  assert_text (" a , b ,\t\n", "1:[ a ][ b ][\t]");
  assert_text ("ab\"c,5\"\n", "1:[ab\"c][5\"]");
  assert_text ("a\"\"b, \"x\"\n", "1:[a\"\"b][ \"x\"]");
  assert_text ("=SUM(A1),'=1\n", "1:[=SUM(A1)]['=1]");
}

static void
test_empty (void)
{
  const char *empties[] = { "", "\xEF\xBB\xBF", "\xEF\xBB\xBF \r\n", "  \r\n\t\n\r" };

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autofree char *message = read_error (empties[i], strlen (empties[i]), CO_CSV_ERROR_EMPTY);
      g_assert_cmpstr (message, ==, "The file is empty.");
    }
}

static void
test_gb18030 (void)
{
  const char *text = "昵称,城市\r\n张三,北京\r\n";
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *gbk = g_convert (text, -1, "GB18030", "UTF-8", NULL, &length, &error);
  g_autofree char *summary = NULL;
  const char *encoding = NULL;

  g_assert_no_error (error);
  /* Two bytes a Chinese character: no longer UTF-8. */
  g_assert_cmpuint (length, ==, 22);
  g_assert_false (g_utf8_validate_len (gbk, length, NULL));

  summary = read_summary (gbk, length, &encoding, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary, ==, "1:[昵称][城市]\n2:[张三][北京]");
  g_assert_cmpstr (encoding, ==, "GB18030");
}

static void
test_bad_encoding (void)
{
  g_autofree char *message = read_error ("\xff\xff\xff", 3, CO_CSV_ERROR_ENCODING);
  g_autofree char *later = NULL;
  g_autofree char *after_bom = NULL;
  const char later_text[] = "name,城市\r\n\r张三,\xff\xfe";

  g_assert_true (g_str_has_prefix (message, "Line 1, column 1: "));
  g_assert_nonnull (strstr (message, "UTF-8"));
  g_assert_nonnull (strstr (message, "GB18030"));

  /* Columns count characters; CRLF is one line break, a lone CR another. */
  later = read_error (later_text, sizeof later_text - 1, CO_CSV_ERROR_ENCODING);
  g_assert_true (g_str_has_prefix (later, "Line 3, column 4: "));
  after_bom = read_error ("\xEF\xBB\xBF" "ab\xff", 6, CO_CSV_ERROR_ENCODING);
  g_assert_true (g_str_has_prefix (after_bom, "Line 1, column 3: "));
}

static void
test_unterminated_quote (void)
{
  const char text[] = "a,b\nc,\"open\nmore,\n\nend\n";
  g_autofree char *message = read_error (text, strlen (text), CO_CSV_ERROR_SYNTAX);

  g_assert_true (g_str_has_prefix (message, "Line 2, column 3: "));
}

static void
test_text_after_quote (void)
{
  const char text[] = "x\n\"ab\"c,d\n";
  const char later_text[] = "\"multi\nline\",\"张三\"x\n";
  g_autofree char *message = read_error (text, strlen (text), CO_CSV_ERROR_SYNTAX);
  g_autofree char *later = read_error (later_text, strlen (later_text), CO_CSV_ERROR_SYNTAX);

  g_assert_true (g_str_has_prefix (message, "Line 2, column 5: "));
  g_assert_true (g_str_has_prefix (later, "Line 2, column 11: "));
}

static void
test_too_long (void)
{
  gsize size = 10 * 1024 * 1024;
  g_autoptr(GString) text = g_string_new ("name,note\nx,");
  g_autofree char *message = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CoCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;

  g_string_set_size (text, text->len + size);
  memset (text->str + text->len - size, 'a', size);
  g_string_append (text, ",y\n");
  message = read_error (text->str, text->len, CO_CSV_ERROR_TOO_LONG);
  g_assert_true (g_str_has_prefix (message, "Line 2, field 2: "));

  /* Quoted fields count the bytes they hold, doubled quotes once. */
  bytes = g_bytes_new_static ("abc,\"a\"\"b\"\n\"abcd\"\n", 18);
  reader = co_csv_reader_new (bytes, NULL);
  co_csv_reader_set_max_field_length (reader, 3);
  g_assert_true (co_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_fields, ==, 2);
  g_assert_cmpstr (fields[1], ==, "a\"b");
  g_assert_false (co_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_error (error, CO_CSV_ERROR, CO_CSV_ERROR_TOO_LONG);
  g_assert_true (g_str_has_prefix (error->message, "Line 2, field 1: "));
}

static void
test_nul (void)
{
  g_autofree char *message = read_error ("a,b\nc\0d\n", 8, CO_CSV_ERROR_ENCODING);
  g_autofree char *quoted = read_error ("a,\"b\n\0\"\n", 8, CO_CSV_ERROR_ENCODING);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("a\n\0", 3);
  g_autoptr(CoCsvReader) reader = co_csv_reader_new (bytes, NULL);
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;

  g_assert_true (g_str_has_prefix (message, "Line 2, column 2: "));
  g_assert_true (g_str_has_prefix (quoted, "Line 2, column 1: "));

  /* A file that is UTF-8 but for a NUL stays UTF-8; the error comes with its record, and again
   * on every later call. */
  g_assert_nonnull (reader);
  g_assert_cmpstr (co_csv_reader_get_encoding (reader), ==, "UTF-8");
  g_assert_true (co_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_cmpstr (fields[0], ==, "a");
  g_assert_false (co_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_error (error, CO_CSV_ERROR, CO_CSV_ERROR_ENCODING);
  g_clear_error (&error);
  g_assert_false (co_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_error (error, CO_CSV_ERROR, CO_CSV_ERROR_ENCODING);
  g_assert_true (g_str_has_prefix (error->message, "Line 2, column 1: "));
}

static void
test_write_fields (void)
{
  const struct { const char *value, *written; } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { NULL, "" },
    { "张三", "张三" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\r\nlines", "\"two\r\nlines\"" },
    { "=SUM(A1)", "\"'=SUM(A1)\"" },
    { "@cmd", "\"'@cmd\"" },
    { "+86 138 0013 8000", "\"'+86 138 0013 8000\"" },
    { "-2+3", "\"'-2+3\"" },
    { "-", "\"'-\"" },
    { "\t=1", "\"'\t=1\"" },
    { "\r=1", "\"'\r=1\"" },
    { "=\"a\",b", "\"'=\"\"a\"\",b\"" },
    { "-5", "-5" },
    { "+86", "+86" },
    { "-3.25", "-3.25" },
    { "-1e5", "-1e5" },
    { "-.5", "-.5" },
    { "a=b", "a=b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      co_csv_append_field (out, cases[i].value);
      g_assert_cmpstr (out->str, ==, cases[i].written);
    }

  {
    g_autoptr(GString) out = g_string_new (NULL);
    const char *row[] = { "a", NULL, "b,c" };
    const char *lone_empty[] = { "" };
    const char *lone_spaces[] = { "  " };

    co_csv_append_row (out, row, 3);
    co_csv_append_row (out, lone_empty, 1);
    co_csv_append_row (out, lone_spaces, 1);
    g_assert_cmpstr (out->str, ==, "a,,\"b,c\"\r\n\"\"\r\n\"  \"\r\n");
  }
}

static void
test_round_trip (void)
{
  const char *rows[][4] = {
    { "昵称", "城市", "电话", "备注" },
    { "张三", "北京, 海淀", "+86 138 0013 8000", "说 \"你好\"" },
    { "=SUM(A1)", "-5", "two\r\nlines", "one\nline\rbreak" },
    { "", " padded ", "@home", "" },
  };
  const char *expected[][4] = {
    { "昵称", "城市", "电话", "备注" },
    { "张三", "北京, 海淀", "'+86 138 0013 8000", "说 \"你好\"" },
    { "'=SUM(A1)", "-5", "two\r\nlines", "one\nline\rbreak" },
    { "", " padded ", "'@home", "" },
  };
  const guint lines[] = { 1, 2, 3, 7 };
  const char *lone[] = { "" };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) wide = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CoCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    co_csv_append_row (out, rows[i], 4);
  co_csv_append_row (out, lone, 1);
  /* A wide row whose fields outgrow the reader's first buffers. */
  for (guint i = 0; i < 300; i++)
    g_ptr_array_add (wide, g_strnfill (i * 7 % 500, 'a' + i % 26));
  co_csv_append_row (out, (const char * const *) wide->pdata, wide->len);

  bytes = g_string_free_to_bytes (g_steal_pointer (&out));
  reader = co_csv_reader_new (bytes, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_true (co_csv_reader_next (reader, &fields, &n_fields, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (co_csv_reader_get_line (reader), ==, lines[i]);
      g_assert_cmpuint (n_fields, ==, 4);
      for (guint j = 0; j < 4; j++)
        g_assert_cmpstr (fields[j], ==, expected[i][j]);
    }
  g_assert_true (co_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_cmpuint (n_fields, ==, 1);
  g_assert_cmpstr (fields[0], ==, "");
  g_assert_cmpuint (co_csv_reader_get_line (reader), ==, 8);
  g_assert_true (co_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_cmpuint (n_fields, ==, wide->len);
  for (guint i = 0; i < wide->len; i++)
    g_assert_cmpstr (fields[i], ==, wide->pdata[i]);
  g_assert_false (co_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/read/bom", test_bom);
  g_test_add_func ("/csv/read/line-endings", test_line_endings);
  g_test_add_func ("/csv/read/quoted", test_quoted);
  g_test_add_func ("/csv/read/blank-lines", test_blank_lines);
  g_test_add_func ("/csv/read/last-line", test_last_line);
  g_test_add_func ("/csv/read/verbatim", test_verbatim);
  g_test_add_func ("/csv/read/empty", test_empty);
  g_test_add_func ("/csv/read/gb18030", test_gb18030);
  g_test_add_func ("/csv/read/bad-encoding", test_bad_encoding);
  g_test_add_func ("/csv/read/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/csv/read/text-after-quote", test_text_after_quote);
  g_test_add_func ("/csv/read/too-long", test_too_long);
  g_test_add_func ("/csv/read/nul", test_nul);
  g_test_add_func ("/csv/write/fields", test_write_fields);
  g_test_add_func ("/csv/write/round-trip", test_round_trip);

  return g_test_run ();
}
