/* fuzz-segment.c: a libFuzzer target for a saved segment's filter (the JSON the store keeps, read
 * defensively: a file from a newer version or a damaged database). Built with -Dfuzzing=true and
 * clang; tests/fuzz/run-fuzzers runs it. A filter that is read is written again, and what is
 * written must read back the same. */
#include "config.h"

#include <stdint.h>

#include "core/members/co-segment-filter.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *json = g_strndup ((const char *) data, size);
  g_autoptr(CoSegmentFilter) filter = co_segment_filter_from_json (json, NULL);
  g_autoptr(CoSegmentFilter) again = NULL;
  g_autofree char *written = NULL, *rewritten = NULL;

  if (filter == NULL)
    return 0;
  written = co_segment_filter_to_json (filter);
  again = co_segment_filter_from_json (written, NULL);
  g_assert_nonnull (again);
  rewritten = co_segment_filter_to_json (again);
  g_assert_cmpstr (written, ==, rewritten);
  return 0;
}
