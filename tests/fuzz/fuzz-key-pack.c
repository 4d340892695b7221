/* fuzz-key-pack.c: a key pack (kontalk-keys.zip) as a person picks it from
 * disk, which may be damaged or made by anyone.  Input that starts as a zip
 * ("PK") is read as it is.  Anything else becomes account-info.properties
 * inside a well-formed pack, so that the fuzzer reaches the properties reader
 * without having to forge a zip's checksums.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "signet-fuzz.h"
#include "signet-key-pack.h"

static void
add_entry (struct archive *zip,
           const char     *name,
           const void     *data,
           size_t          size)
{
  struct archive_entry *entry = archive_entry_new ();

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0600);
  archive_entry_set_size (entry, (la_int64_t) size);
  g_assert (archive_write_header (zip, entry) == ARCHIVE_OK);
  g_assert (archive_write_data (zip, data, size) == (la_ssize_t) size);
  archive_entry_free (entry);
}

static GBytes *
wrap_properties (const uint8_t *data,
                 size_t         size)
{
  static const char key[] = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n-----END PGP PRIVATE KEY BLOCK-----\n";
  size_t capacity = size + 4096;
  guint8 *buffer = g_malloc (capacity);
  size_t used = 0;
  struct archive *zip = archive_write_new ();

  archive_write_set_format_zip (zip);
  /* Stored, not deflated: a deflate stream per entry took four tenths of each
   * execution, and the reader takes both kinds alike. */
  archive_write_zip_set_compression_store (zip);
  g_assert (archive_write_open_memory (zip, buffer, capacity, &used) == ARCHIVE_OK);
  add_entry (zip, SIGNET_KEY_PACK_PUBLIC_KEY, key, sizeof key - 1);
  add_entry (zip, SIGNET_KEY_PACK_PRIVATE_KEY, key, sizeof key - 1);
  add_entry (zip, SIGNET_KEY_PACK_ACCOUNT_INFO, data, size);
  g_assert (archive_write_close (zip) == ARCHIVE_OK);
  archive_write_free (zip);

  return g_bytes_new_take (buffer, used);
}

static gboolean
is_e164 (const char *phone)
{
  if (phone == NULL || phone[0] != '+' || strlen (phone) < 3 || strlen (phone) > 16)
    return FALSE;
  return strspn (phone + 1, "0123456789") == strlen (phone + 1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SignetKeyPack) pack = NULL;
  g_autoptr(GError) error = NULL;

  if (size >= 2 && data[0] == 'P' && data[1] == 'K')
    bytes = g_bytes_new (data, size);
  else
    bytes = wrap_properties (data, size);

  pack = signet_key_pack_new_from_bytes (bytes, &error);
  g_assert ((pack == NULL) == (error != NULL));
  if (pack == NULL)
    {
      g_assert_error (error, SIGNET_KEY_PACK_ERROR, SIGNET_KEY_PACK_ERROR_BAD_KEY_PACK);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  /* A pack is only taken with a number the key can be checked against. */
  g_assert (is_e164 (signet_key_pack_get_phone (pack)));
  g_assert (signet_key_pack_get_private_key (pack) != NULL);
  g_assert (signet_key_pack_get_public_key (pack) != NULL);
  g_assert_cmpuint (g_bytes_get_size (signet_key_pack_get_private_key (pack)), <=,
                    SIGNET_KEY_PACK_MAX_ENTRY_SIZE);
  g_assert_cmpuint (g_bytes_get_size (signet_key_pack_get_public_key (pack)), <=,
                    SIGNET_KEY_PACK_MAX_ENTRY_SIZE);

  return 0;
}
