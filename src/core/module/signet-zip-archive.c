/* signet-zip-archive.c: the module signet-zip, libarchive behind the
 * table of signet-zip.h.  It uses nothing of the core.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <gmodule.h>

#include "signet-zip.h"

typedef struct archive_entry ArchiveEntry;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ArchiveEntry, archive_entry_free)

static SignetZipReader *
reader_new (gconstpointer data,
            gsize length)
{
  struct archive *archive = archive_read_new ();

  archive_read_support_format_zip (archive);
  if (archive_read_open_memory (archive, data, length) != ARCHIVE_OK)
    {
      archive_read_free (archive);
      return NULL;
    }

  return (SignetZipReader *) archive;
}

static SignetZipNext
reader_next (SignetZipReader *reader,
             const char     **name,
             gboolean        *regular)
{
  struct archive_entry *entry;
  int r = archive_read_next_header ((struct archive *) reader, &entry);

  if (r == ARCHIVE_EOF)
    return SIGNET_ZIP_NEXT_END;
  if (r != ARCHIVE_OK)
    return SIGNET_ZIP_NEXT_DAMAGED;

  *name = archive_entry_pathname (entry);
  *regular = archive_entry_filetype (entry) == AE_IFREG;
  return SIGNET_ZIP_NEXT_ENTRY;
}

static gssize
reader_read (SignetZipReader *reader,
             gpointer         buffer,
             gsize            size)
{
  la_ssize_t n = archive_read_data ((struct archive *) reader, buffer, size);

  return n < 0 ? -1 : n;
}

static void
reader_free (SignetZipReader *reader)
{
  archive_read_free ((struct archive *) reader);
}

static la_ssize_t
on_write (struct archive *archive,
          void           *user_data,
          const void     *buffer,
          size_t          length)
{
  g_byte_array_append (user_data, buffer, length);
  return length;
}

static gboolean
add_file (struct archive *archive,
          const char     *name,
          GBytes         *bytes)
{
  g_autoptr(ArchiveEntry) entry = archive_entry_new ();
  gsize size = g_bytes_get_size (bytes);

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0600);
  archive_entry_set_size (entry, size);
  archive_entry_set_mtime (entry, g_get_real_time () / G_USEC_PER_SEC, 0);

  return archive_write_header (archive, entry) == ARCHIVE_OK &&
         archive_write_data (archive, g_bytes_get_data (bytes, NULL), size) == (la_ssize_t) size;
}

static GBytes *
write_zip (const char * const *names,
           GBytes            **contents)
{
  g_autoptr(GByteArray) zip = g_byte_array_new ();
  struct archive *archive = archive_write_new ();
  gboolean ok;

  ok = archive_write_set_format_zip (archive) == ARCHIVE_OK &&
       archive_write_open (archive, zip, NULL, on_write, NULL) == ARCHIVE_OK;
  for (guint i = 0; ok && names[i] != NULL; i++)
    ok = add_file (archive, names[i], contents[i]);
  ok = archive_write_close (archive) == ARCHIVE_OK && ok;
  archive_write_free (archive);

  return ok ? g_byte_array_free_to_bytes (g_steal_pointer (&zip)) : NULL;
}

static const SignetZip table = {
  reader_new,
  reader_next,
  reader_read,
  reader_free,
  write_zip,
};

G_MODULE_EXPORT gconstpointer signet_module_get_table (guint abi);

G_MODULE_EXPORT gconstpointer
signet_module_get_table (guint abi)
{
  return abi == SIGNET_ZIP_ABI ? &table : NULL;
}
