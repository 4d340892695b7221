/* signet-verification.h: the Kontalk code step, the server's certification
 * and the first login (docs/protocol-kontalk.md).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-connection.h"
#include "signet-personal-key.h"
#include "signet-stanza-error.h"

G_BEGIN_DECLS

#define SIGNET_NS_REGISTER_CODE "http://kontalk.org/protocol/register#code"

#define SIGNET_TYPE_VERIFICATION (signet_verification_get_type ())

G_DECLARE_FINAL_TYPE (SignetVerification, signet_verification, SIGNET, VERIFICATION, GObject)

/* @server carries the server settings (domain, host, TLS, trust); it is not
 * connected itself: every step opens its own stream, as Kontalk requires. */
SignetVerification *signet_verification_new                  (SignetConnection     *server,
                                                              SignetPersonalKey    *key);
SignetPersonalKey  *signet_verification_get_key              (SignetVerification   *self);

/* Makes what the code step needs before the code arrives: the secret key
 * exported from the agent and the bridge certificate.  Optional; without
 * it the code step makes them itself. */
void                signet_verification_prepare_async        (SignetVerification   *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean            signet_verification_prepare_finish       (SignetVerification   *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* Presents the bridge certificate of the new key, sends @code (NULL for a
 * callerid challenge), imports the key the server certified and checks the
 * certification, against the server's published key when it has one. */
void                signet_verification_submit_code_async    (SignetVerification   *self,
                                                              const char           *code,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean            signet_verification_submit_code_finish   (SignetVerification   *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* The server took the code and sent back the certified key: from here on
 * the code is spent.  Notified (before the import starts) as soon as the
 * reply is read, so that the caller can keep it; NULL before. */
GBytes             *signet_verification_get_certified_keyring (SignetVerification *self);
/* The server's published key (XEP-0189), or NULL. */
GBytes             *signet_verification_get_server_key       (SignetVerification   *self);
/* A sign-up resumed after the code was accepted: the replies as the
 * earlier run kept them (@server_key NULL when there was none). */
void                signet_verification_restore_code_step    (SignetVerification   *self,
                                                              GBytes               *keyring,
                                                              GBytes               *server_key);
/* Imports the certified key (after restore_code_step()) and checks the
 * certification, as the code step does. */
void                signet_verification_import_async         (SignetVerification   *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean            signet_verification_import_finish        (SignetVerification   *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* Logs in once with SASL EXTERNAL and the certified key; may be retried. */
void                signet_verification_login_async          (SignetVerification   *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean            signet_verification_login_finish         (SignetVerification   *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* After the code step: who certified the key. */
const char         *signet_verification_get_certifier_key_id (SignetVerification   *self);
/* The server key's fingerprint when the server published its key, else NULL. */
const char         *signet_verification_get_server_fingerprint (SignetVerification *self);
/* TRUE when the certification was checked against the server's own key. */
gboolean            signet_verification_get_certification_verified (SignetVerification *self);
/* A sign-up resumed after the code step: who certified the key, as the
 * earlier run found it (the server's fingerprint NULL when unverified). */
void                signet_verification_restore_certification (SignetVerification *self,
                                                               const char         *certifier_key_id,
                                                               const char         *server_fingerprint);
/* The full JID bound by the first login. */
const char         *signet_verification_get_bound_jid        (SignetVerification   *self);
/* The server's stanza error behind the last failure, or NULL. */
const SignetStanzaError *signet_verification_get_server_error (SignetVerification  *self);

G_END_DECLS
