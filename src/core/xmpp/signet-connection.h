/* signet-connection.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-certificate-info.h"
#include "signet-xml-node.h"

G_BEGIN_DECLS

#define SIGNET_CONNECTION_ERROR (signet_connection_error_quark ())

typedef enum
{
  SIGNET_CONNECTION_ERROR_FAILED,
  /* The host name could not be resolved or no TCP connection could be made. */
  SIGNET_CONNECTION_ERROR_UNREACHABLE,
  /* The server offered no STARTTLS; Signet never continues without TLS. */
  SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE,
  /* The TLS handshake failed for another reason than the certificate. */
  SIGNET_CONNECTION_ERROR_TLS_FAILED,
  /* The certificate is not trusted; see signet_connection_get_peer_certificate(). */
  SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED,
  SIGNET_CONNECTION_ERROR_TIMEOUT,
  /* The server closed the connection or it dropped. */
  SIGNET_CONNECTION_ERROR_CLOSED,
  /* The server sent something that is not well-formed XML. */
  SIGNET_CONNECTION_ERROR_MALFORMED,
  /* Stream errors (RFC 6120 §4.9.3) the sign-up flows care about. */
  SIGNET_CONNECTION_ERROR_STREAM_NOT_AUTHORIZED,
  SIGNET_CONNECTION_ERROR_STREAM_POLICY_VIOLATION,
  SIGNET_CONNECTION_ERROR_STREAM_HOST_UNKNOWN,
  SIGNET_CONNECTION_ERROR_STREAM_CONFLICT,
  SIGNET_CONNECTION_ERROR_STREAM_SYSTEM_SHUTDOWN,
  SIGNET_CONNECTION_ERROR_STREAM_OTHER,
  /* SASL authentication was refused. */
  SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED,
  /* Not connected (yet, or any more). */
  SIGNET_CONNECTION_ERROR_NOT_CONNECTED,
  /* The domain is empty or not a domain name (signet_connection_new_for_domain()). */
  SIGNET_CONNECTION_ERROR_INVALID_DOMAIN,
} SignetConnectionError;

GQuark signet_connection_error_quark (void);

#define SIGNET_CONNECTION_DEFAULT_TIMEOUT_SECONDS 30

#define SIGNET_TYPE_CONNECTION (signet_connection_get_type ())

G_DECLARE_FINAL_TYPE (SignetConnection, signet_connection, SIGNET, CONNECTION, GObject)

SignetConnection      *signet_connection_new                    (const char           *domain);
SignetConnection      *signet_connection_new_for_domain         (const char           *domain,
                                                                 GError              **error);
/* A new, unconnected connection with the same server settings (not the
 * client certificate or login). */
SignetConnection      *signet_connection_new_like               (SignetConnection     *other);

const char            *signet_connection_get_domain             (SignetConnection     *self);
/* Connect to @host:@port instead of resolving SRV records for the domain;
 * @port 0 means 5222 (or 5223 with direct TLS). */
void                   signet_connection_set_host               (SignetConnection     *self,
                                                                 const char           *host,
                                                                 guint16               port);
/* Parses "host", "host:port" or "[v6]:port". */
gboolean               signet_connection_set_host_and_port      (SignetConnection     *self,
                                                                 const char           *host_and_port,
                                                                 GError              **error);
const char            *signet_connection_get_host               (SignetConnection     *self);
guint16                signet_connection_get_port               (SignetConnection     *self);
void                   signet_connection_set_direct_tls         (SignetConnection     *self,
                                                                 gboolean              direct_tls);
gboolean               signet_connection_get_direct_tls         (SignetConnection     *self);
/* Accept a certificate that fails verification only if its SHA-256 equals this. */
void                   signet_connection_set_trusted_sha256     (SignetConnection     *self,
                                                                 const char           *sha256);
const char            *signet_connection_get_trusted_sha256     (SignetConnection     *self);
void                   signet_connection_set_timeout            (SignetConnection     *self,
                                                                 guint                 seconds);
guint                  signet_connection_get_timeout            (SignetConnection     *self);
/* A PEM certificate and key presented in the TLS handshake (Kontalk bridge
 * certificate).  libstrophe opens the files during the handshake, on the
 * connection's own thread, which can still be at it after the caller gave
 * the connection up (cancelled, timed out, unreferenced): the connection
 * takes @files, what keeps the files, and frees it with @files_free only
 * when it is finalized, after that thread has ended.  Once per connection. */
void                   signet_connection_set_client_certificate (SignetConnection     *self,
                                                                 const char           *certificate_path,
                                                                 const char           *key_path,
                                                                 gpointer              files,
                                                                 GDestroyNotify        files_free);
/* Authenticate after TLS: with a password (SASL SCRAM/PLAIN over TLS) when
 * @password is set, else SASL EXTERNAL with the client certificate. */
void                   signet_connection_set_login              (SignetConnection     *self,
                                                                 const char           *jid,
                                                                 const char           *password);

void                   signet_connection_connect_async          (SignetConnection     *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean               signet_connection_connect_finish         (SignetConnection     *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
gboolean               signet_connection_is_connected           (SignetConnection     *self);
/* The stream features after TLS (and after authentication if any). */
SignetXmlNode         *signet_connection_get_features           (SignetConnection     *self);
/* The server certificate last seen, trusted or not. */
const SignetCertificateInfo *signet_connection_get_peer_certificate (SignetConnection *self);
/* The bound JID after a login. */
const char            *signet_connection_get_bound_jid          (SignetConnection     *self);
/* The SASL mechanism the last login succeeded with, e.g. "SCRAM-SHA-1". */
const char            *signet_connection_get_sasl_mechanism     (SignetConnection     *self);
/* Whitespace keepalive after @seconds without sending (0: none), so that a
 * stream stays up while a person fills in a form. */
void                   signet_connection_set_keepalive          (SignetConnection     *self,
                                                                 guint                 seconds);

/* A new <iq/> in jabber:client of @type ("get", "set") to the domain. */
SignetXmlNode         *signet_connection_new_iq                 (SignetConnection     *self,
                                                                 const char           *type);
/* Sends @iq (an <iq/> in jabber:client, "id" set when missing) and returns
 * the reply with the same id, of type result or error. */
void                   signet_connection_send_iq_async          (SignetConnection     *self,
                                                                 SignetXmlNode        *iq,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
SignetXmlNode         *signet_connection_send_iq_finish         (SignetConnection     *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

/* Closes the stream; safe to call at any time, returns at once. */
void                   signet_connection_close                  (SignetConnection     *self);

G_END_DECLS
