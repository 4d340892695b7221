/* signet-bridge-certificate.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-personal-key.h"

G_BEGIN_DECLS

/* The X.509 "bridge" certificate a Kontalk client presents in the TLS
 * handshake: self-signed by the OpenPGP primary (RSA) key and carrying the
 * OpenPGP public keyring in a private extension.  Built with OpenSSL only:
 * GnuTLS cannot parse it. */

#define SIGNET_BRIDGE_CERTIFICATE_ERROR (signet_bridge_certificate_error_quark ())

typedef enum
{
  SIGNET_BRIDGE_CERTIFICATE_ERROR_FAILED,
  /* The private key is unreadable or not RSA. */
  SIGNET_BRIDGE_CERTIFICATE_ERROR_INVALID_KEY,
  /* No user id, an empty keyring, or a user id without an address. */
  SIGNET_BRIDGE_CERTIFICATE_ERROR_INVALID_ARGUMENT,
  /* The key files for the TLS library could not be written. */
  SIGNET_BRIDGE_CERTIFICATE_ERROR_FILES,
} SignetBridgeCertificateError;

GQuark  signet_bridge_certificate_error_quark (void);

/* Extension carrying the keyring (from UUID 24e844a0-6cbc-11e3-8997-0002a5d5c51b). */
#define SIGNET_BRIDGE_CERTIFICATE_KEYRING_OID "2.25.49058212633447845622587297037800555803"
/* id-on-xmppAddr (RFC 6120 §13.7.1.4). */
#define SIGNET_BRIDGE_CERTIFICATE_XMPP_ADDR_OID "1.3.6.1.5.5.7.8.5"

/* Returns the PEM certificate.  @private_key_pem is the RSA primary key
 * (any PEM private key form); @public_keyring the binary OpenPGP keyring to
 * embed; @user_ids the NULL-terminated user ids (one CN each); the JID in
 * the subjectAltName is the address inside the first user id's <…>;
 * @creation_time the OpenPGP key creation time, used for both ends of the
 * validity (the key never expires).  Thread-safe. */
GBytes *signet_bridge_certificate_new         (GBytes               *private_key_pem,
                                               GBytes               *public_keyring,
                                               const char * const   *user_ids,
                                               gint64                creation_time,
                                               GError              **error);

/* Convenience: exports @key's keyring and TLS key, builds the certificate
 * and writes both to private files (see SignetKeyFiles), on a worker
 * thread.  Call again after importing the certified keyring. */
typedef struct _SignetKeyFiles SignetKeyFiles;

void            signet_bridge_certificate_new_for_key_async  (SignetPersonalKey    *key,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
void            signet_bridge_certificate_new_for_keyring_async (SignetPersonalKey    *key,
                                                                 GBytes               *keyring,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
SignetKeyFiles *signet_bridge_certificate_new_for_key_finish (SignetPersonalKey    *key,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* The same, blocking. */
SignetKeyFiles *signet_bridge_certificate_new_for_key        (SignetPersonalKey    *key,
                                                              GError              **error);

/* A certificate and its private key as files, for
 * xmpp_conn_set_client_cert() / signet_connection_set_client_certificate().
 * They live in anonymous memory (memfd, reached as /proc/self/fd/N) mode
 * 0600, so nothing touches the disk and nothing survives a crash; where
 * memfd is unavailable, in a private 0700 directory under $XDG_RUNTIME_DIR
 * (or the temporary directory).  Freeing it closes or unlinks the files:
 * hand it to signet_connection_set_client_certificate(), which frees it
 * once nothing can read them any more. */
SignetKeyFiles *signet_key_files_new                  (GBytes               *certificate_pem,
                                                       GBytes               *key_pem,
                                                       GError              **error);
/* Always real files, in a new 0700 directory under @parent (NULL: as
 * above), for consumers that cannot open /proc paths. */
SignetKeyFiles *signet_key_files_new_in_directory     (GBytes               *certificate_pem,
                                                       GBytes               *key_pem,
                                                       const char           *parent,
                                                       GError              **error);
const char     *signet_key_files_get_certificate_path (const SignetKeyFiles *self);
const char     *signet_key_files_get_key_path         (const SignetKeyFiles *self);
/* The PEM certificate the files hold. */
GBytes         *signet_key_files_get_certificate      (const SignetKeyFiles *self);
void            signet_key_files_free                 (SignetKeyFiles       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetKeyFiles, signet_key_files_free)

G_END_DECLS
