/* signet-gpg-agent.h: GnuPG plumbing of the keys area (internal)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gpgme.h>

#include "signet-personal-key.h"

G_BEGIN_DECLS

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_ctx_t, gpgme_release, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_data_t, gpgme_data_release, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_key_t, gpgme_key_unref, NULL)

/* Wipes @size bytes at @data, then frees it; NULL is ignored. */
void      signet_gpg_secret_free          (gpointer                data,
                                           gsize                   size);

/* Initialises gpgme once per process; ENGINE_UNAVAILABLE without GnuPG. */
gboolean  signet_gpg_ensure_engine        (GError                **error);
/* Sets @code with "@what: <gpgme's reason>", or BAD_PASSPHRASE for the
 * errors that mean a wrong or missing passphrase. */
void      signet_gpg_set_error            (GError                **error,
                                           SignetPersonalKeyError  code,
                                           const char             *what,
                                           gpgme_error_t           err);

/* The secret RSA key @keygrip of the GnuPG home @home as unencrypted PKCS#8
 * PEM, in GBytes that wipe themselves.  Talks to gpg-agent over its Assuan
 * socket; blocks.  NULL @keygrip fails with EXPORT_FAILED. */
GBytes   *signet_gpg_agent_export_tls_key (const char             *home,
                                           const char             *keygrip,
                                           const char             *passphrase,
                                           GError                **error);
/* A gpgme context on the GnuPG home @home whose passphrase callback answers
 * @passphrase (loopback pinentry, offline); from signet-personal-key.c. */
gpgme_ctx_t signet_gpg_context_new        (const char             *home,
                                           const char             *passphrase,
                                           GError                **error);
/* Creates @home (0700) with Signet's gpg-agent.conf. */
gboolean  signet_gpg_ensure_home          (const char             *home,
                                           GError                **error);
/* A fresh random key passphrase (SIGNET_PERSONAL_KEY_PASSPHRASE_LENGTH
 * characters); free it with signet_gpg_secret_free(). */
char     *signet_gpg_generate_passphrase  (GError                **error);

/* Stops the agent of @home, if one runs. */
gboolean  signet_gpg_agent_stop           (const char             *home,
                                           GError                **error);

G_END_DECLS
