/* test-library-cli.c: the library on the command line: --add-library-text with --tags, the
 * lapsing QR code and the poster from --add-library-image, --list-library with --search by
 * pinyin; a text file, a 200 MB file and an unknown variable refused, in Chinese too, with
 * nothing written. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  *run = (Run) { 0 };
}

/* Runs community-ops on @database with @args (NULL-terminated) in locale @lang. */
static void
run_cli (Run        *run,
         const char *lang,
         const char *database,
         ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  const char *arg;
  va_list ap;

  run_clear (run);
  g_ptr_array_add (argv, (gpointer) g_getenv ("COMMUNITY_OPS_BIN"));
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, (gpointer) database);
  va_start (ap, database);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", lang, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANG", lang, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

/* A PNG of 2 × 3 pixels, written by hand: the signature, IHDR, IDAT and IEND. */
static const guint8 tiny_png[] = {
  0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 2, 0, 0, 0, 3, 8, 2, 0, 0,
  0, 0x9c, 0x3a, 0xa1, 0x29, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
};

static void
test_cli (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "library.db", NULL);
  g_autofree char *png = g_build_filename (dir, "群二维码.png", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.png", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.jpg", NULL);
  Run run = { 0 };
  int fd;

  g_assert_true (g_file_set_contents (png, (const char *) tiny_png, sizeof tiny_png, NULL));
  g_assert_true (g_file_set_contents (text, "不是图片", -1, NULL));
  fd = g_open (huge, O_CREAT | O_WRONLY, 0644);
  g_assert_cmpint (ftruncate (fd, 200 * 1000 * 1000), ==, 0);
  g_close (fd, NULL);

  run_cli (&run, "C.UTF-8", db, "--add-library-text", "入群欢迎语", "--text", "欢迎 {昵称} 加入{群名}",
           "--tags", "before-launch,欢迎", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "C.UTF-8", db, "--add-library-image", png, "--qr", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "群二维码"));

  /* Refused, nothing written: an unknown variable, a text file, 200 MB, --expires without --qr. */
  run_cli (&run, "C.UTF-8", db, "--add-library-text", "群规", "--text", "欢迎 {外号}", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "{外号}"));
  run_cli (&run, "C.UTF-8", db, "--add-library-image", text, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "PNG, JPEG, WebP or GIF"));
  run_cli (&run, "zh_CN.UTF-8", db, "--add-library-image", huge, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "200.0"));
  g_assert_nonnull (strstr (run.err, "图片"));
  run_cli (&run, "C.UTF-8", db, "--add-library-image", png, "--expires", "2026-12-31", NULL);
  g_assert_cmpint (run.status, ==, 1);

  run_cli (&run, "C.UTF-8", db, "--list-library", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Text\t入群欢迎语\t欢迎\t0\t\t\n"));
  g_assert_nonnull (strstr (run.out, "Group QR Code\t群二维码\t\t0\t\tLapses in 7 days\n"));
  g_assert_null (strstr (run.out, "群规"));
  run_cli (&run, "C.UTF-8", db, "--list-library", "--search", "rqhyy", NULL);
  g_assert_nonnull (strstr (run.out, "入群欢迎语"));
  g_assert_null (strstr (run.out, "群二维码"));
  run_cli (&run, "zh_CN.UTF-8", db, "--list-library", NULL);
  g_assert_nonnull (strstr (run.out, "群二维码\t\t0\t\t7 天后失效"));
  run_clear (&run);
  test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/library/cli", test_cli);
  return g_test_run ();
}
