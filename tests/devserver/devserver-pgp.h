/* devserver-pgp.h: the development server's GnuPG home and OpenPGP key
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The server's own OpenPGP key (RSA-2048, no passphrase) in a private
 * GnuPG home, which also keeps every user key the server has seen, as
 * Kontalk's server keyring does.  Every operation takes one lock, so the
 * client threads never run GnuPG on the same key at the same time. */
typedef struct _DevserverPgp DevserverPgp;

/* Uses @state_dir/gnupg and reuses a server key found there; with a NULL
 * @state_dir everything lives in a temporary directory that
 * devserver_pgp_cleanup() removes. */
DevserverPgp *devserver_pgp_new             (const char    *state_dir,
                                             const char    *domain,
                                             GError       **error);
void          devserver_pgp_free            (DevserverPgp  *self);
/* Stops the GnuPG agent and removes a temporary state directory.  Safe to
 * call once at exit while other threads may still hold @self. */
void          devserver_pgp_cleanup         (DevserverPgp  *self);

/* 40 uppercase hex digits. */
const char   *devserver_pgp_get_fingerprint (DevserverPgp  *self);
/* The binary export of the server's public key. */
GBytes       *devserver_pgp_get_public_key  (DevserverPgp  *self);

/* Imports @keyring in place of whatever copy of @fingerprint the home
 * holds; with @user_id, certifies that user id with the server key
 * (exportable, class 0x10, as `gpg --edit-key … uid 1 sign`).  Returns
 * the binary export with every signature. */
GBytes       *devserver_pgp_certify         (DevserverPgp  *self,
                                             GBytes        *keyring,
                                             const char    *fingerprint,
                                             const char    *user_id,
                                             GError       **error);

/* Imports @keyring in place of any older copy, then validates it as
 * devserver_pgp_validate() does. */
char         *devserver_pgp_authenticate    (DevserverPgp  *self,
                                             GBytes        *keyring,
                                             const char    *fingerprint,
                                             const char    *domain,
                                             GError       **error);

/* Kontalk's KontalkKeyring.validate on the copy in the home: the primary
 * key is neither revoked nor expired (nor made in the future), and the
 * first user id with an address in @domain carries a good, unrevoked,
 * unexpired 0x10 or 0x11 certification by the server key.  Returns that
 * address, or NULL with @error set.  @created receives the primary key's
 * creation time. */
char         *devserver_pgp_validate        (DevserverPgp  *self,
                                             const char    *fingerprint,
                                             const char    *domain,
                                             gint64        *created,
                                             GError       **error);

/* Kontalk's KontalkKeyring.revoked: imports @keyring into the home (merged
 * with the copy there, so the revocation stays) and checks that its
 * primary key is @fingerprint and now revoked.  GnuPG drops a revocation
 * whose signature does not verify, so a forged one fails. */
gboolean      devserver_pgp_check_revoked   (DevserverPgp  *self,
                                             GBytes        *keyring,
                                             const char    *fingerprint,
                                             GError       **error);

/* The binary export of a key in the home, or NULL. */
GBytes       *devserver_pgp_export          (DevserverPgp  *self,
                                             const char    *fingerprint,
                                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevserverPgp, devserver_pgp_free)

G_END_DECLS
