/* fuzz-image.c: a libFuzzer target for the library's image check (core/library): the headers of
 * PNG, JPEG, WebP and GIF read from any bytes, a file or a JSON exchange's image. Built with
 * -Dfuzzing=true and clang; tests/fuzz/run-fuzzers runs it. What is accepted has a kind and a
 * size within the limits, and the check of the whole agrees with the header's. */
#include "config.h"

#include <stdint.h>

#include "core/library/co-library.h"
#include "core/library/co-library-image.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  CoImageInfo info = { NULL };
  gboolean header = co_image_read_header (data, size, &info);

  if (header)
    {
      g_assert_nonnull (info.type);
      g_assert_nonnull (info.mime);
      g_assert_cmpuint (info.width, >, 0);
      g_assert_cmpuint (info.height, >, 0);
      g_assert_cmpuint (info.width, <=, CO_IMAGE_MAX_SIDE);
      g_assert_cmpuint (info.height, <=, CO_IMAGE_MAX_SIDE);
    }
  g_assert_true (co_library_check_image (bytes, NULL) == (header && size <= CO_LIBRARY_IMAGE_MAX_BYTES));
  return 0;
}
