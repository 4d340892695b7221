/* signet-cadmium-client.h: signing up on a Cadmium server (CPE#3) over a
 * WebSocket with TLS
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-cadmium-frame.h"
#include "signet-certificate-info.h"
#include "signet-trust-store.h"

G_BEGIN_DECLS

/* How long the client waits by itself for a rate limit to end. */
#define SIGNET_CADMIUM_DEFAULT_MAX_RETRY_WAIT_MS 120000

/* Where Signet looks for a Cadmium server when it is given only a domain:
 * a WebSocket at this path on the domain's HTTPS port.  Cadmium defines no
 * discovery; a well-known path (RFC 8615) is what a server operator can
 * serve next to a website without taking over the whole host. */
#define SIGNET_CADMIUM_WELL_KNOWN_PATH "/.well-known/cadmium"
/* Seconds the discovery may take before the domain counts as not Cadmium. */
#define SIGNET_CADMIUM_DISCOVERY_TIMEOUT_SECONDS 10

#define SIGNET_TYPE_CADMIUM_CLIENT (signet_cadmium_client_get_type ())

G_DECLARE_FINAL_TYPE (SignetCadmiumClient, signet_cadmium_client, SIGNET, CADMIUM_CLIENT, GObject)

/* @url: "wss://host[:port]/path"; @server: the Cadmium domain the request
 * is addressed to ("cadmium.org"). */
SignetCadmiumClient         *signet_cadmium_client_new                  (const char           *url,
                                                                         const char           *server);
const char                  *signet_cadmium_client_get_url              (SignetCadmiumClient  *self);
const char                  *signet_cadmium_client_get_server           (SignetCadmiumClient  *self);
/* The URL's host, where the certificate comes from. */
const char                  *signet_cadmium_client_get_host             (SignetCadmiumClient  *self);
/* Accept a certificate that does not verify if it has this SHA-256. */
void                         signet_cadmium_client_set_trusted_sha256   (SignetCadmiumClient  *self,
                                                                         const char           *sha256);
/* Sets the fingerprint @store trusts for the server, if any.  Like an XMPP
 * server's, a Cadmium server's certificate is kept under its domain (the
 * @server given to new()), not under the host or URL it is reached at: the
 * command line, the wizard and a server found by discovery then share one
 * entry. */
void                         signet_cadmium_client_apply_trust          (SignetCadmiumClient  *self,
                                                                         SignetTrustStore     *store);
/* Seconds to wait for the connection and for each answer (default 30). */
void                         signet_cadmium_client_set_timeout          (SignetCadmiumClient  *self,
                                                                         guint                 seconds);
/* A rate limit longer than this is reported instead of waited out. */
void                         signet_cadmium_client_set_max_retry_wait   (SignetCadmiumClient  *self,
                                                                         guint                 milliseconds);
/* The certificate of the last TLS handshake, or of the refused one. */
const SignetCertificateInfo *signet_cadmium_client_get_peer_certificate (SignetCadmiumClient  *self);
/* While waiting out a rate limit, the seconds left ("retry-in", notified
 * every second); else 0. */
guint                        signet_cadmium_client_get_retry_in        (SignetCadmiumClient  *self);
/* The last retryAfter the server gave, in milliseconds, or -1. */
gint64                       signet_cadmium_client_get_retry_after     (SignetCadmiumClient  *self);

/* Checks the details, connects, and sends one registration; waits out one
 * rate limit and tries once more.  @username, @email and @msisdn may be
 * %NULL but not all three; @msisdn is any form libphonenumber reads with a
 * "+" country code, sent as E.164. */
void                         signet_cadmium_client_register_async       (SignetCadmiumClient  *self,
                                                                         const char           *username,
                                                                         const char           *email,
                                                                         const char           *msisdn,
                                                                         const char           *password,
                                                                         gboolean              login_on_success,
                                                                         GCancellable         *cancellable,
                                                                         GAsyncReadyCallback   callback,
                                                                         gpointer              user_data);
/* The server's answer: its user id and login payload. */
SignetCadmiumFrame          *signet_cadmium_client_register_finish      (SignetCadmiumClient  *self,
                                                                         GAsyncResult         *result,
                                                                         GError              **error);

/* The discovery address for @domain: wss://DOMAIN/.well-known/cadmium, or
 * at @host (nullable) and @port (0: 443) when they are set. */
char                        *signet_cadmium_discovery_url               (const char           *domain,
                                                                         const char           *host,
                                                                         guint16               port);
/* Opens the WebSocket (the TLS and HTTP handshakes) and closes it again: the
 * server takes Cadmium connections at the URL.  Fails as a registration's
 * connection does (an untrusted certificate, a timeout, no WebSocket). */
void                         signet_cadmium_client_check_async          (SignetCadmiumClient  *self,
                                                                         GCancellable         *cancellable,
                                                                         GAsyncReadyCallback   callback,
                                                                         gpointer              user_data);
gboolean                     signet_cadmium_client_check_finish         (SignetCadmiumClient  *self,
                                                                         GAsyncResult         *result,
                                                                         GError              **error);

G_END_DECLS
