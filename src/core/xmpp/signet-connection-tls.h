/* signet-connection-tls.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Judging the server's certificate during a connection's TLS handshake.
 * Used by the worker thread only; private to SignetConnection. */

#pragma once

#include <strophe.h>

#include "signet-certificate-info.h"

G_BEGIN_DECLS

typedef struct
{
  /* The normalised SHA-256 the person trusts, or %NULL; not owned. */
  const char            *trusted_sha256;
  /* Let the handshake finish and judge the server's own certificate
   * afterwards, instead of refusing inside OpenSSL's verification. */
  gboolean               defer_verdict;

  /* What the current handshake found. */
  SignetCertificateInfo *rejected;
  GString               *problems;
  SignetCertificateInfo *peer;
} SignetConnectionTls;

/* Whether the connections this thread makes next are pinned to one
 * SHA-256, so that they need no system CA bundle. */
void                         signet_connection_tls_set_pinned_thread (gboolean                     pinned);
/* Forgets what an earlier handshake found. */
void                         signet_connection_tls_reset       (SignetConnectionTls         *tls);
void                         signet_connection_tls_clear       (SignetConnectionTls         *tls);
/* libstrophe's certfail verdict: 1 to go on, 0 to refuse. */
int                          signet_connection_tls_verify      (SignetConnectionTls         *tls,
                                                                const xmpp_tlscert_t        *cert,
                                                                const char                  *errormsg);
void                         signet_connection_tls_record_peer (SignetConnectionTls         *tls,
                                                                xmpp_conn_t                 *conn);
/* Runs the (blocking) handshake on @conn and judges the server's
 * certificate; returns %NULL when the stream may go on. */
GError                      *signet_connection_tls_start       (SignetConnectionTls         *tls,
                                                                xmpp_conn_t                 *conn,
                                                                const char                  *domain);
/* The certificate to show after a failure: the rejected one, else the
 * server's. */
const SignetCertificateInfo *signet_connection_tls_get_shown   (SignetConnectionTls         *tls);

/* @trusted_sha256: the fingerprint the person trusted, if any: a
 * certificate that is not that one is said to be so. */
GError                      *signet_connection_untrusted_error (const char                  *domain,
                                                                const SignetCertificateInfo *info,
                                                                const char                  *trusted_sha256);

G_END_DECLS
