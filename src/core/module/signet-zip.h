/* signet-zip.h: zip files for the core, from the module signet-zip
 * (libarchive), opened on first use (internal)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Raised whenever the table below changes. */
#define SIGNET_ZIP_ABI 1

typedef struct _SignetZipReader SignetZipReader;

typedef enum
{
  SIGNET_ZIP_NEXT_ENTRY,
  SIGNET_ZIP_NEXT_END,
  SIGNET_ZIP_NEXT_DAMAGED,
} SignetZipNext;

typedef struct
{
  /* A reader of the zip in @data (which must outlive it), or NULL when it
   * is no zip at all. */
  SignetZipReader *(*reader_new)  (gconstpointer    data,
                                   gsize            length);
  /* Moves to the next entry: its name, and whether it is a regular file. */
  SignetZipNext    (*reader_next) (SignetZipReader *reader,
                                   const char     **name,
                                   gboolean        *regular);
  /* At most @size bytes of the entry's data: 0 at its end, -1 if damaged. */
  gssize           (*reader_read) (SignetZipReader *reader,
                                   gpointer         buffer,
                                   gsize            size);
  void             (*reader_free) (SignetZipReader *reader);
  /* A zip of regular files (mode 0600, modified now) named @names with
   * @contents, or NULL if it could not be made. */
  GBytes          *(*write)       (const char * const *names,
                                   GBytes            **contents);
} SignetZip;

/* The table, opening the module on the first call. */
const SignetZip *signet_zip_get (GError **error);

G_END_DECLS
