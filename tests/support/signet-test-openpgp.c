/* signet-test-openpgp.c: reading OpenPGP packets in tests.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-test-openpgp.h"

gboolean
signet_test_openpgp_parse_rsa_key (GBytes  *keyring,
                                   guint32 *created,
                                   BIGNUM **n,
                                   BIGNUM **e)
{
  gsize size = 0;
  const guint8 *p = g_bytes_get_data (keyring, &size);
  const guint8 *end = p + size;
  gsize len;

  if (size < 3 || (p[0] & 0x80) == 0)
    return FALSE;

  if (p[0] & 0x40)
    {
      if ((p[0] & 0x3f) != 6 || p[1] >= 192)
        return FALSE;
      len = p[1];
      p += 2;
    }
  else
    {
      if (((p[0] >> 2) & 0x0f) != 6)
        return FALSE;
      switch (p[0] & 3)
        {
        case 0: len = p[1]; p += 2; break;
        case 1: len = (p[1] << 8) | p[2]; p += 3; break;
        default: return FALSE;
        }
    }

  if (len > (gsize) (end - p) || len < 6 || p[0] != 4 || p[5] != 1)
    return FALSE;
  end = p + len;
  if (created != NULL)
    *created = ((guint32) p[1] << 24) | (p[2] << 16) | (p[3] << 8) | p[4];
  p += 6;

  for (BIGNUM **mpi = n; mpi != NULL; mpi = mpi == n ? e : NULL)
    {
      gsize bytes;

      if (end - p < 2)
        return FALSE;
      bytes = ((((gsize) p[0] << 8) | p[1]) + 7) / 8;
      p += 2;
      if (bytes > (gsize) (end - p))
        return FALSE;
      *mpi = BN_bin2bn (p, bytes, NULL);
      p += bytes;
    }

  return TRUE;
}
