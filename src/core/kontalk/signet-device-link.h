/* signet-device-link.h: linking a second device to a Kontalk account
 * through the server, with a one-time token (Android's "Register device")
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

#define SIGNET_DEVICE_LINK_ERROR (signet_device_link_error_quark ())

typedef enum
{
  SIGNET_DEVICE_LINK_ERROR_FAILED,
  /* Not "<E164>;<domain>;<token>". */
  SIGNET_DEVICE_LINK_ERROR_INVALID_TEXT,
  /* The server does not know the token (wrong, or already used). */
  SIGNET_DEVICE_LINK_ERROR_TOKEN_REFUSED,
  /* The server's answer is not what Kontalk sends. */
  SIGNET_DEVICE_LINK_ERROR_INVALID_RESPONSE,
  /* The key's user id is not the number's. */
  SIGNET_DEVICE_LINK_ERROR_WRONG_NUMBER,
} SignetDeviceLinkError;

GQuark signet_device_link_error_quark (void);

#define SIGNET_NS_REGISTER_PRIVATEKEY "http://kontalk.org/protocol/register#privatekey"
#define SIGNET_NS_REGISTER_ACCOUNT    "http://kontalk.org/protocol/register#account"

/* The text of the QR code, "<E164>;<domain>;<token>", split; FALSE with
 * SIGNET_DEVICE_LINK_ERROR_INVALID_TEXT if it is not one. */
gboolean           signet_device_link_parse_text      (const char           *text,
                                                       char                **e164,
                                                       char                **domain,
                                                       char                **token,
                                                       GError              **error);
char              *signet_device_link_make_text       (const char           *e164,
                                                       const char           *domain,
                                                       const char           *token);

/* Logs in to @server with @key (SASL EXTERNAL) and uploads the secret key,
 * protected by @password; the result is the token. */
void               signet_device_link_upload_async    (SignetConnection     *server,
                                                       SignetPersonalKey    *key,
                                                       const char           *password,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
char              *signet_device_link_upload_finish   (GAsyncResult         *result,
                                                       SignetStanzaError   **server_error,
                                                       GError              **error);

/* Fetches, on an anonymous stream, the key stored for @token; the server
 * deletes it as it answers.  @public_key receives the server's signed
 * copy of the public key. */
void               signet_device_link_retrieve_async  (SignetConnection     *server,
                                                       const char           *token,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GBytes            *signet_device_link_retrieve_finish (GAsyncResult         *result,
                                                       GBytes              **public_key,
                                                       SignetStanzaError   **server_error,
                                                       GError              **error);

G_END_DECLS
