/* signet-openpgp-packet.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-openpgp-packet.h"

#define TAG_SECRET_KEY 5
#define TAG_PUBLIC_KEY 6

/* Reads the header of the packet at @data (RFC 4880 §4.2): its tag and the
 * size of header and body.  Partial body lengths are refused. */
static gboolean
read_header (const guchar *data,
             gsize         size,
             guint        *tag,
             gsize        *header,
             gsize        *body)
{
  if (size < 2 || !(data[0] & 0x80))
    return FALSE;

  if (data[0] & 0x40)
    {
      *tag = data[0] & 0x3f;
      if (data[1] < 192)
        *header = 2, *body = data[1];
      else if (data[1] < 224 && size >= 3)
        *header = 3, *body = ((gsize) (data[1] - 192) << 8) + data[2] + 192;
      else if (data[1] == 255 && size >= 6)
        *header = 6, *body = ((gsize) data[2] << 24) | ((gsize) data[3] << 16) | ((gsize) data[4] << 8) | data[5];
      else
        return FALSE;
    }
  else
    {
      *tag = (data[0] >> 2) & 0x0f;
      switch (data[0] & 0x03)
        {
        case 0: *header = 2; *body = data[1]; break;
        case 1: *header = 3; *body = size >= 3 ? ((gsize) data[1] << 8) | data[2] : G_MAXSIZE; break;
        case 2: *header = 5;
          *body = size >= 5 ? ((gsize) data[1] << 24) | ((gsize) data[2] << 16) | ((gsize) data[3] << 8) | data[4]
                  : G_MAXSIZE;
          break;
        default: return FALSE;
        }
    }

  return *body <= size && *header + *body <= size;
}

/* SHA-1 over 0x99, a two-byte length and the key packet's body (§12.2). */
static char *
v4_fingerprint (const guchar *body,
                gsize         size)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guchar prefix[3] = { 0x99, (size >> 8) & 0xff, size & 0xff };

  g_checksum_update (checksum, prefix, sizeof prefix);
  g_checksum_update (checksum, body, size);
  return g_ascii_strup (g_checksum_get_string (checksum), -1);
}

GPtrArray *
signet_openpgp_primary_fingerprints (GBytes *keyring)
{
  g_autoptr(GPtrArray) fingerprints = g_ptr_array_new_with_free_func (g_free);
  gsize size = 0, pos = 0;
  const guchar *data = g_bytes_get_data (keyring, &size);

  while (pos < size)
    {
      guint tag = 0;
      gsize header = 0, body = 0;

      if (!read_header (data + pos, size - pos, &tag, &header, &body) || tag == TAG_SECRET_KEY)
        return NULL;

      if (tag == TAG_PUBLIC_KEY)
        {
          if (body < 1 || body > 0xffff || data[pos + header] != 4)
            return NULL;
          g_ptr_array_add (fingerprints, v4_fingerprint (data + pos + header, body));
        }
      pos += header + body;
    }

  return g_steal_pointer (&fingerprints);
}
