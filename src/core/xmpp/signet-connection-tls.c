/* signet-connection-tls.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/ssl.h>

#include "signet-connection.h"
#include "signet-connection-tls.h"

/* libstrophe makes a new SSL_CTX for every connection and always calls
 * SSL_CTX_set_default_verify_paths() on it, which parses the whole system
 * CA bundle: a quarter of the CPU of a Kontalk code step, twice over.  A
 * connection pinned to a SHA-256 trusts that certificate and nothing else
 * (signet_connection_tls_verify()), so the bundle would never be read.
 * The definition below comes before libssl's in the symbol lookup of the
 * program that links the core, so libstrophe calls it: on the worker thread
 * of a pinned connection it loads nothing, anywhere else it is libssl's. */
static GPrivate pinned_thread = G_PRIVATE_INIT (NULL);

void
signet_connection_tls_set_pinned_thread (gboolean pinned)
{
  g_private_set (&pinned_thread, GINT_TO_POINTER (pinned));
}

int SSL_CTX_set_default_verify_paths (SSL_CTX *ctx);

int
SSL_CTX_set_default_verify_paths (SSL_CTX *ctx)
{
  static int (*libssl_version) (SSL_CTX *) = NULL;
  static gsize resolved = 0;

  if (GPOINTER_TO_INT (g_private_get (&pinned_thread)))
    return 1;

  if (g_once_init_enter (&resolved))
    {
      libssl_version = (int (*)(SSL_CTX *))dlsym (RTLD_NEXT, "SSL_CTX_set_default_verify_paths");
      g_once_init_leave (&resolved, 1);
    }

  return libssl_version != NULL ? libssl_version (ctx) : 0;
}

GError *
signet_connection_untrusted_error (const char                  *domain,
                                   const SignetCertificateInfo *info,
                                   const char                  *trusted_sha256)
{
  const char *problem = signet_certificate_info_get_problem (info);
  const char *sha256 = signet_certificate_info_get_sha256 (info);

  if (trusted_sha256 != NULL && g_strcmp0 (sha256, trusted_sha256) != 0)
    return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED,
                        /* Translators: the first %s is a server name, the second
                         * why its certificate failed verification (in English,
                         * from OpenSSL), the third a SHA-256 fingerprint in hex. */
                        _("The server’s certificate is not the one you trusted: the certificate of %s "
                          "could not be verified (%s) and its SHA-256 fingerprint is %s."),
                        domain,
                        problem != NULL ? problem : _("unknown problem"),
                        sha256 != NULL ? sha256 : _("unknown"));

  return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED,
                      /* Translators: the first %s is a server name, the second why
                       * its certificate failed verification (in English, from
                       * OpenSSL), the third a SHA-256 fingerprint in hex. */
                      _("The certificate of %s could not be verified (%s). Its SHA-256 fingerprint is %s."),
                      domain,
                      problem != NULL ? problem : _("unknown problem"),
                      sha256 != NULL ? sha256 : _("unknown"));
}

static SignetCertificateInfo *
certificate_info_from_strophe (const xmpp_tlscert_t *cert,
                               const char           *problem)
{
  return signet_certificate_info_new (xmpp_tlscert_get_string (cert, XMPP_CERT_SUBJECT),
                                      xmpp_tlscert_get_string (cert, XMPP_CERT_ISSUER),
                                      xmpp_tlscert_get_string (cert, XMPP_CERT_NOTBEFORE),
                                      xmpp_tlscert_get_string (cert, XMPP_CERT_NOTAFTER),
                                      xmpp_tlscert_get_string (cert, XMPP_CERT_FINGERPRINT_SHA256),
                                      problem);
}

void
signet_connection_tls_reset (SignetConnectionTls *tls)
{
  g_clear_pointer (&tls->rejected, signet_certificate_info_free);
  g_clear_pointer (&tls->peer, signet_certificate_info_free);
  if (tls->problems != NULL)
    g_string_truncate (tls->problems, 0);
  else
    tls->problems = g_string_new (NULL);
}

void
signet_connection_tls_clear (SignetConnectionTls *tls)
{
  g_clear_pointer (&tls->rejected, signet_certificate_info_free);
  g_clear_pointer (&tls->peer, signet_certificate_info_free);
  if (tls->problems != NULL)
    g_string_free (tls->problems, TRUE);
  tls->problems = NULL;
}

void
signet_connection_tls_record_peer (SignetConnectionTls *tls,
                                   xmpp_conn_t         *conn)
{
  xmpp_tlscert_t *cert = xmpp_conn_get_peer_cert (conn);
  const char *problems = NULL;

  if (cert == NULL)
    return;

  if (tls->problems != NULL && tls->problems->len > 0)
    problems = tls->problems->str;

  g_clear_pointer (&tls->peer, signet_certificate_info_free);
  tls->peer = certificate_info_from_strophe (cert, problems);
  xmpp_tlscert_free (cert);
}

/* Called by OpenSSL's verification for every problem with every certificate
 * in the chain.  A certificate whose SHA-256 the person trusted is fine.
 *
 * Otherwise, in sign-up mode without a client certificate, we let the
 * handshake finish and judge the server's own (leaf) certificate afterwards:
 * the problem may be reported for an intermediate, while the person trusts
 * and is shown the leaf.  Nothing is sent before that judgement.  When a
 * client certificate is set, or libstrophe logs in by itself right after
 * the handshake, we must refuse here, before anything is revealed. */
int
signet_connection_tls_verify (SignetConnectionTls  *tls,
                              const xmpp_tlscert_t *cert,
                              const char           *errormsg)
{
  g_autofree char *sha256 = NULL;

  sha256 = signet_certificate_normalize_sha256 (xmpp_tlscert_get_string (cert, XMPP_CERT_FINGERPRINT_SHA256));

  if (errormsg != NULL && strstr (tls->problems->str, errormsg) == NULL)
    {
      if (tls->problems->len > 0)
        g_string_append (tls->problems, ", ");
      g_string_append (tls->problems, errormsg);
    }

  if (sha256 != NULL && g_strcmp0 (sha256, tls->trusted_sha256) == 0)
    return 1;

  if (tls->rejected == NULL)
    tls->rejected = certificate_info_from_strophe (cert, errormsg);

  return tls->defer_verdict ? 1 : 0;
}

/* After a handshake that went through with a deferred verdict. */
static GError *
judge_peer (SignetConnectionTls *tls,
            const char          *domain)
{
  const char *sha256 = NULL;

  if (tls->rejected == NULL)
    return NULL;

  if (tls->peer != NULL)
    sha256 = signet_certificate_info_get_sha256 (tls->peer);

  if (sha256 == NULL || g_strcmp0 (sha256, tls->trusted_sha256) != 0)
    {
      /* Show the certificate the person would trust: the server's. */
      if (tls->peer != NULL)
        {
          g_clear_pointer (&tls->rejected, signet_certificate_info_free);
          tls->rejected = signet_certificate_info_copy (tls->peer);
        }
      return signet_connection_untrusted_error (domain, tls->rejected, tls->trusted_sha256);
    }

  g_clear_pointer (&tls->rejected, signet_certificate_info_free);
  return NULL;
}

GError *
signet_connection_tls_start (SignetConnectionTls *tls,
                             xmpp_conn_t         *conn,
                             const char          *domain)
{
  signet_connection_tls_reset (tls);

  if (xmpp_conn_tls_start (conn) != XMPP_EOK)
    {
      if (tls->rejected != NULL)
        return signet_connection_untrusted_error (domain, tls->rejected, tls->trusted_sha256);

      return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TLS_FAILED,
                          _("The encrypted connection to %s could not be set up."),
                          domain);
    }

  signet_connection_tls_record_peer (tls, conn);

  return judge_peer (tls, domain);
}

const SignetCertificateInfo *
signet_connection_tls_get_shown (SignetConnectionTls *tls)
{
  return tls->rejected != NULL ? tls->rejected : tls->peer;
}
