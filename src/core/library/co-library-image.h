/* co-library-image.h: whether bytes are an image the library keeps (PNG, JPEG, WebP or GIF), read
 * from their headers alone: the kind by its magic bytes and the width and height where that kind
 * writes them. Nothing is decoded, so that a hostile file costs nothing to refuse. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Neither side of an image the library keeps is longer than this (a poster is 1080×1920). */
#define CO_IMAGE_MAX_SIDE 20000

typedef struct
{
  const char *type;   /* "png", "jpeg", "webp" or "gif" */
  const char *mime;   /* "image/png", … */
  guint       width;
  guint       height;
} CoImageInfo;

/* Fills @info from the first bytes of @data; FALSE when @data is not one of those kinds or its
 * header is cut short or names an impossible size. */
gboolean co_image_read_header (const guint8 *data,
                               gsize         length,
                               CoImageInfo  *info);

G_END_DECLS
