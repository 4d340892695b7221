/* signet-gpg-home.h: scratch GnuPG homes and moving keys in and out of a
 * home (internal to the keys area)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A temporary GnuPG home that lives for one operation: freeing it stops its
 * agent and removes it. */
typedef struct
{
  char *path;
} SignetGpgScratchHome;

SignetGpgScratchHome *signet_gpg_scratch_home_new  (GError               **error);
void                  signet_gpg_scratch_home_free (SignetGpgScratchHome  *scratch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetGpgScratchHome, signet_gpg_scratch_home_free)

/* The key @fingerprint of @home, secret (unlocked with @passphrase) or
 * public, armored or binary.  NOT_FOUND if @home does not hold it. */
GBytes               *signet_gpg_export_key        (const char            *home,
                                                    const char            *fingerprint,
                                                    const char            *passphrase,
                                                    gboolean               secret,
                                                    gboolean               armor,
                                                    GError               **error);
/* Imports @bytes into @home; returns the fingerprints gpg reported (upper
 * case), IMPORT_FAILED if there are none. */
GPtrArray            *signet_gpg_import_keys       (const char            *home,
                                                    GBytes                *bytes,
                                                    const char            *passphrase,
                                                    GError               **error);

G_END_DECLS
