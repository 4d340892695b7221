/* signet-key-rollover.h: replacing a Kontalk account's personal key with a
 * new one that the server certifies, the old one revoked
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-account.h"
#include "signet-connection.h"
#include "signet-personal-key.h"
#include "signet-stanza-error.h"

G_BEGIN_DECLS

#define SIGNET_KEY_ROLLOVER_ERROR (signet_key_rollover_error_quark ())

typedef enum
{
  SIGNET_KEY_ROLLOVER_ERROR_FAILED,
  /* The server did not take the old key's revocation (forbidden, "Invalid
   * revocation key."): nothing changed. */
  SIGNET_KEY_ROLLOVER_ERROR_REVOCATION_REFUSED,
  /* The server's answer is not what Kontalk sends. */
  SIGNET_KEY_ROLLOVER_ERROR_INVALID_RESPONSE,
  /* The server certified the new key but it could not be stored or used:
   * the new key stays in the GnuPG home; the old one may be refused. */
  SIGNET_KEY_ROLLOVER_ERROR_NOT_STORED,
  /* The server's answer was lost, but the old key no longer logs in: the
   * server took the new key.  The new key is now the account's (keyring,
   * record; the old key is removed), without the server's certification,
   * which only verifying the number again brings (signet_signup_use_key()
   * with the account's key). */
  SIGNET_KEY_ROLLOVER_ERROR_UNCONFIRMED,
} SignetKeyRolloverError;

GQuark signet_key_rollover_error_quark (void);

#define SIGNET_NS_REGISTER_KEY "http://kontalk.org/protocol/register#key"

/* Called once, just before the new key goes to the server.  From then on
 * the rollover is no longer cancelled: a server that took the new key has
 * revoked the old one, so its answer must be kept. */
typedef void (*SignetKeyRolloverAskingFunc) (gpointer user_data);

/* Logs in to @server with @key, @account's current key (SASL EXTERNAL),
 * sends a new key with @key's revocation, imports the certified new key,
 * stores it in @account (keyring, then record), removes @key from its home
 * and logs in with the new key (a failed login is only logged: the server
 * certified the key, which is now the account's only one).  On any
 * failure before the server's answer, @account keeps working with @key and
 * the new key is removed.  When the answer is lost (connection closed,
 * timeout, garbled), a login with @key tells whether the server took the
 * new key: if not, as before; if so, see
 * %SIGNET_KEY_ROLLOVER_ERROR_UNCONFIRMED; if that login cannot tell
 * either, the error says so and the new key is removed.
 * The result is the new key.  @asking (or NULL) is called with
 * @asking_data, which must live until @callback, when the server is asked. */
void               signet_key_rollover_async  (SignetConnection             *server,
                                               SignetAccount                *account,
                                               SignetPersonalKey            *key,
                                               SignetKeyRolloverAskingFunc   asking,
                                               gpointer                      asking_data,
                                               GCancellable                 *cancellable,
                                               GAsyncReadyCallback           callback,
                                               gpointer                      user_data);
SignetPersonalKey *signet_key_rollover_finish (GAsyncResult                 *result,
                                               SignetStanzaError           **server_error,
                                               GError                      **error);

G_END_DECLS
