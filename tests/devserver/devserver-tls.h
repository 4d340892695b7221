/* devserver-tls.h: the development server's TLS side (OpenSSL)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

#define DEVSERVER_TLS_ERROR (devserver_tls_error_quark ())

typedef enum
{
  DEVSERVER_TLS_ERROR_CERTIFICATE,
  DEVSERVER_TLS_ERROR_HANDSHAKE,
  DEVSERVER_TLS_ERROR_IO,
} DevserverTlsError;

GQuark devserver_tls_error_quark (void);

/* A self-signed server certificate made at start for one domain, and the
 * OpenSSL context that serves it.  Shared by every client thread: OpenSSL
 * contexts are safe to use from several threads once set up. */
typedef struct _DevserverTls DevserverTls;

DevserverTls *devserver_tls_new            (const char    *domain,
                                            GError       **error);
void          devserver_tls_free           (DevserverTls  *self);
/* SHA-256 of the certificate's DER encoding, lowercase hex, no colons. */
const char   *devserver_tls_get_sha256     (DevserverTls  *self);
X509         *devserver_tls_get_certificate (DevserverTls *self);
/* The certificate and its private key, PEM, for GTlsCertificate. */
char         *devserver_tls_dup_pem        (DevserverTls  *self);

/* Runs the server side of a TLS handshake on the connected, blocking @fd.
 * A client certificate is requested and any certificate is accepted (Kontalk's
 * bridge certificates are self-signed); read it back with
 * SSL_get1_peer_certificate().  Returns a new SSL object or NULL. */
SSL          *devserver_tls_accept         (DevserverTls  *self,
                                            int            fd,
                                            GError       **error);

/* Blocking I/O on an established SSL object.  read returns the number of
 * bytes read, 0 at the end of the stream and -1 on error. */
gssize        devserver_tls_read           (SSL           *ssl,
                                            char          *buffer,
                                            gsize          size,
                                            GError       **error);
gboolean      devserver_tls_write_all      (SSL           *ssl,
                                            const char    *data,
                                            gsize          length,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevserverTls, devserver_tls_free)

G_END_DECLS
