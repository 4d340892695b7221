/* signet-test-gnupg.h: the GnuPG homes the tests make keys in.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Stops the gpg-agent of the default GnuPG home (the one the wizard and
 * signet-cli use), which would otherwise outlive the test. */
void                    signet_test_gnupg_stop_default_agent (void);

/* The scratch folder of one test program's GnuPG homes.  Its path is
 * short: gpg-agent's socket lives in the home when there is no /run/user,
 * and a socket path has at most 107 bytes.  Freeing it stops the agent of
 * every home made in it, then removes it all. */
typedef struct _SignetTestGnupgScratch SignetTestGnupgScratch;

/* A new folder, /tmp/PREFIX-XXXXXX. */
SignetTestGnupgScratch *signet_test_gnupg_scratch_new        (const char             *prefix);
const char             *signet_test_gnupg_scratch_get_dir    (SignetTestGnupgScratch *self);
/* @name in the folder, as a GnuPG home, not made yet. */
char                   *signet_test_gnupg_scratch_new_home   (SignetTestGnupgScratch *self,
                                                              const char             *name);
/* @name in the folder, made, as a device: its data folder is
 * @name/data, so its GnuPG home is @name/data/signet/gnupg. */
char                   *signet_test_gnupg_scratch_new_device (SignetTestGnupgScratch *self,
                                                              const char             *name);
void                    signet_test_gnupg_scratch_free       (SignetTestGnupgScratch *self);

/* The secret key files in the GnuPG home of @device (a folder made as
 * above): three per key Signet makes. */
guint                   signet_test_gnupg_count_secret_keys  (const char             *device);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetTestGnupgScratch, signet_test_gnupg_scratch_free)

G_END_DECLS
