/* co-library-image.c: the headers of PNG (RFC 2083: the IHDR chunk first), GIF (the logical
 * screen), JPEG (the first start-of-frame marker) and WebP (the VP8, VP8L or VP8X chunk). */
#include "config.h"

#include <string.h>

#include "core/library/co-library-image.h"

static guint
be16 (const guint8 *p)
{
  return (guint) p[0] << 8 | p[1];
}

static guint
le16 (const guint8 *p)
{
  return (guint) p[1] << 8 | p[0];
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint32
le24 (const guint8 *p)
{
  return (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

static gboolean
read_png (const guint8 *data,
          gsize         length,
          CoImageInfo  *info)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (length < 24 || memcmp (data, signature, sizeof signature) != 0 || be32 (data + 8) != 13 ||
      memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;
  info->type = "png", info->mime = "image/png";
  info->width = be32 (data + 16);
  info->height = be32 (data + 20);
  return TRUE;
}

static gboolean
read_gif (const guint8 *data,
          gsize         length,
          CoImageInfo  *info)
{
  if (length < 10 || (memcmp (data, "GIF87a", 6) != 0 && memcmp (data, "GIF89a", 6) != 0))
    return FALSE;
  info->type = "gif", info->mime = "image/gif";
  info->width = le16 (data + 6);
  info->height = le16 (data + 8);
  return TRUE;
}

/* The markers from SOI on, each FF xx with a 16-bit length (its own two bytes included) but
 * for RSTn, SOI, EOI and TEM, until a start of frame (SOF0–SOF15 but DHT, JPG and DAC). */
static gboolean
read_jpeg (const guint8 *data,
           gsize         length,
           CoImageInfo  *info)
{
  gsize at = 2;

  if (length < 4 || data[0] != 0xff || data[1] != 0xd8)
    return FALSE;
  while (at + 4 <= length)
    {
      guint8 marker;
      guint segment;

      if (data[at] != 0xff)
        return FALSE;
      marker = data[at + 1];
      if (marker == 0xff)  /* fill byte */
        {
          at++;
          continue;
        }
      if (marker == 0x01 || marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7))
        {
          at += 2;
          continue;
        }
      if (marker == 0xd9 || marker == 0xda)  /* the end, or the scan, before any frame */
        return FALSE;
      segment = be16 (data + at + 2);
      if (segment < 2)
        return FALSE;
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        {
          if (segment < 7 || at + 9 > length)
            return FALSE;
          info->type = "jpeg", info->mime = "image/jpeg";
          info->height = be16 (data + at + 5);
          info->width = be16 (data + at + 7);
          return TRUE;
        }
      at += 2 + segment;
    }
  return FALSE;
}

static gboolean
read_webp (const guint8 *data,
           gsize         length,
           CoImageInfo  *info)
{
  const guint8 *chunk = data + 12;

  if (length < 30 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WEBP", 4) != 0)
    return FALSE;
  info->type = "webp", info->mime = "image/webp";
  if (memcmp (chunk, "VP8 ", 4) == 0)
    {
      /* A key frame: three bytes of frame tag, the start code, then 14 bits of each side. */
      if (chunk[11] != 0x9d || chunk[12] != 0x01 || chunk[13] != 0x2a)
        return FALSE;
      info->width = le16 (chunk + 14) & 0x3fff;
      info->height = le16 (chunk + 16) & 0x3fff;
      return TRUE;
    }
  if (memcmp (chunk, "VP8L", 4) == 0)
    {
      guint32 bits = (guint32) chunk[9] | (guint32) chunk[10] << 8 | (guint32) chunk[11] << 16 |
                     (guint32) chunk[12] << 24;

      if (chunk[8] != 0x2f)
        return FALSE;
      info->width = (bits & 0x3fff) + 1;
      info->height = ((bits >> 14) & 0x3fff) + 1;
      return TRUE;
    }
  if (memcmp (chunk, "VP8X", 4) == 0)
    {
      info->width = le24 (chunk + 12) + 1;
      info->height = le24 (chunk + 15) + 1;
      return TRUE;
    }
  return FALSE;
}

gboolean
co_image_read_header (const guint8 *data,
                      gsize         length,
                      CoImageInfo  *info)
{
  CoImageInfo found = { NULL, NULL, 0, 0 };

  g_return_val_if_fail (info != NULL, FALSE);

  if (data == NULL ||
      !(read_png (data, length, &found) || read_gif (data, length, &found) ||
        read_jpeg (data, length, &found) || read_webp (data, length, &found)) ||
      found.width == 0 || found.height == 0 || found.width > CO_IMAGE_MAX_SIDE ||
      found.height > CO_IMAGE_MAX_SIDE)
    return FALSE;
  *info = found;
  return TRUE;
}
