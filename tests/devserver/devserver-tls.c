/* devserver-tls.c: the development server's TLS side (OpenSSL)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "devserver-tls.h"

#include <errno.h>
#include <gio/gio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

/* OpenSSL, not GnuTLS: Kontalk's bridge certificates carry an extension
 * (OID 2.25.49058212633447845622587297037800555803) that GnuTLS refuses to
 * parse, and this server has to accept them as client certificates. */

struct _DevserverTls
{
  EVP_PKEY *key;
  X509     *certificate;
  SSL_CTX  *context;
  char     *sha256;
};

G_DEFINE_QUARK (devserver-tls-error-quark, devserver_tls_error)

#define CERTIFICATE_DAYS 365

/* Collects OpenSSL's per-thread error queue into one readable line. */
static char *
take_openssl_errors (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  unsigned long code;

  while ((code = ERR_get_error ()) != 0)
    {
      char buffer[256];

      ERR_error_string_n (code, buffer, sizeof buffer);
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, buffer);
    }

  if (text->len == 0)
    g_string_append (text, "unknown OpenSSL error");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
set_openssl_error (GError    **error,
                   int         code,
                   const char *what)
{
  g_autofree char *detail = take_openssl_errors ();

  g_set_error (error, DEVSERVER_TLS_ERROR, code, "%s: %s", what, detail);
  return FALSE;
}

static gboolean
add_extension (X509       *certificate,
               int         nid,
               const char *value)
{
  X509V3_CTX context;
  X509_EXTENSION *extension;
  gboolean ok;

  X509V3_set_ctx_nodb (&context);
  X509V3_set_ctx (&context, certificate, certificate, NULL, NULL, 0);
  extension = X509V3_EXT_conf_nid (NULL, &context, nid, value);
  if (extension == NULL)
    return FALSE;

  ok = X509_add_ext (certificate, extension, -1) == 1;
  X509_EXTENSION_free (extension);
  return ok;
}

static gboolean
set_random_serial (X509 *certificate)
{
  unsigned char bytes[16];
  BIGNUM *number;
  gboolean ok;

  if (RAND_bytes (bytes, sizeof bytes) != 1)
    return FALSE;

  /* A positive serial: clear the top bit. */
  bytes[0] &= 0x7f;
  number = BN_bin2bn (bytes, sizeof bytes, NULL);
  ok = number != NULL &&
       BN_to_ASN1_INTEGER (number, X509_get_serialNumber (certificate)) != NULL;
  BN_free (number);
  return ok;
}

static gboolean
set_names (X509       *certificate,
           const char *domain)
{
  X509_NAME *name = X509_get_subject_name (certificate);
  g_autofree char *alt_name = NULL;
  GInetAddress *address;

  if (X509_NAME_add_entry_by_txt (name, "O", MBSTRING_UTF8,
                                  (const unsigned char *) "Signet development server",
                                  -1, -1, 0) != 1 ||
      X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8,
                                  (const unsigned char *) domain, -1, -1, 0) != 1 ||
      X509_set_issuer_name (certificate, name) != 1)
    return FALSE;

  /* A domain written as an address needs an IP entry to match. */
  address = g_inet_address_new_from_string (domain);
  alt_name = g_strdup_printf ("%s:%s", address != NULL ? "IP" : "DNS", domain);
  g_clear_object (&address);

  return add_extension (certificate, NID_subject_alt_name, alt_name);
}

static X509 *
make_certificate (EVP_PKEY   *key,
                  const char *domain,
                  GError    **error)
{
  X509 *certificate = X509_new ();

  if (certificate == NULL ||
      X509_set_version (certificate, X509_VERSION_3) != 1 ||
      !set_random_serial (certificate) ||
      /* Backdated a little so a client with a slightly slow clock accepts it. */
      X509_gmtime_adj (X509_getm_notBefore (certificate), -3600) == NULL ||
      X509_gmtime_adj (X509_getm_notAfter (certificate),
                       (long) CERTIFICATE_DAYS * 24 * 3600) == NULL ||
      X509_set_pubkey (certificate, key) != 1 ||
      !set_names (certificate, domain) ||
      !add_extension (certificate, NID_basic_constraints, "critical,CA:FALSE") ||
      !add_extension (certificate, NID_key_usage, "critical,digitalSignature") ||
      !add_extension (certificate, NID_ext_key_usage, "serverAuth") ||
      !add_extension (certificate, NID_subject_key_identifier, "hash") ||
      X509_sign (certificate, key, EVP_sha256 ()) == 0)
    {
      X509_free (certificate);
      set_openssl_error (error, DEVSERVER_TLS_ERROR_CERTIFICATE,
                         "Could not make the server certificate");
      return NULL;
    }

  return certificate;
}

static char *
certificate_sha256 (X509 *certificate)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  GString *hex;

  if (X509_digest (certificate, EVP_sha256 (), digest, &length) != 1)
    return NULL;

  hex = g_string_sized_new (length * 2);
  for (unsigned int i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", digest[i]);

  return g_string_free (hex, FALSE);
}

/* Kontalk's clients present self-signed bridge certificates, and the key
 * inside is what gets checked later, not the chain: accept every
 * certificate here. */
static int
accept_any_certificate (int             preverify_ok,
                        X509_STORE_CTX *store)
{
  return 1;
}

static SSL_CTX *
make_context (DevserverTls *self,
              GError      **error)
{
  static const unsigned char session_context[] = "signet-devserver";
  SSL_CTX *context = SSL_CTX_new (TLS_server_method ());

  if (context == NULL ||
      SSL_CTX_set_min_proto_version (context, TLS1_2_VERSION) != 1 ||
      SSL_CTX_use_certificate (context, self->certificate) != 1 ||
      SSL_CTX_use_PrivateKey (context, self->key) != 1 ||
      SSL_CTX_check_private_key (context) != 1 ||
      /* Needed for session resumption whenever peers are verified. */
      SSL_CTX_set_session_id_context (context, session_context,
                                      sizeof session_context - 1) != 1)
    {
      SSL_CTX_free (context);
      set_openssl_error (error, DEVSERVER_TLS_ERROR_CERTIFICATE,
                         "Could not set up TLS");
      return NULL;
    }

  /* Clients that give up just close the socket: that is an ordinary end of
   * stream here, not an error. */
  SSL_CTX_set_options (context, SSL_OP_IGNORE_UNEXPECTED_EOF);

  /* VERIFY_PEER without FAIL_IF_NO_PEER_CERT: ask for a client certificate,
   * but the first (anonymous) registration connection has none. */
  SSL_CTX_set_verify (context, SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE,
                      accept_any_certificate);

  return context;
}

DevserverTls *
devserver_tls_new (const char *domain,
                   GError    **error)
{
  g_autoptr(DevserverTls) self = g_new0 (DevserverTls, 1);

  g_return_val_if_fail (domain != NULL && *domain != '\0', NULL);

  ERR_clear_error ();

  /* EC P-256: generated in milliseconds, so the many servers the tests start
   * cost nothing. */
  self->key = EVP_EC_gen ("P-256");
  if (self->key == NULL)
    {
      set_openssl_error (error, DEVSERVER_TLS_ERROR_CERTIFICATE,
                         "Could not generate the server key");
      return NULL;
    }

  self->certificate = make_certificate (self->key, domain, error);
  if (self->certificate == NULL)
    return NULL;

  self->sha256 = certificate_sha256 (self->certificate);
  if (self->sha256 == NULL)
    {
      set_openssl_error (error, DEVSERVER_TLS_ERROR_CERTIFICATE,
                         "Could not hash the server certificate");
      return NULL;
    }

  self->context = make_context (self, error);
  if (self->context == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

void
devserver_tls_free (DevserverTls *self)
{
  if (self == NULL)
    return;

  SSL_CTX_free (self->context);
  X509_free (self->certificate);
  EVP_PKEY_free (self->key);
  g_free (self->sha256);
  g_free (self);
}

const char *
devserver_tls_get_sha256 (DevserverTls *self)
{
  return self->sha256;
}

X509 *
devserver_tls_get_certificate (DevserverTls *self)
{
  return self->certificate;
}

char *
devserver_tls_dup_pem (DevserverTls *self)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long length;
  char *pem = NULL;

  if (bio != NULL && PEM_write_bio_X509 (bio, self->certificate) == 1 &&
      PEM_write_bio_PrivateKey (bio, self->key, NULL, NULL, 0, NULL, NULL) == 1)
    {
      length = BIO_get_mem_data (bio, &data);
      pem = g_strndup (data, (gsize) length);
    }

  BIO_free (bio);
  return pem;
}

SSL *
devserver_tls_accept (DevserverTls *self,
                      int           fd,
                      GError      **error)
{
  SSL *ssl;

  ERR_clear_error ();

  ssl = SSL_new (self->context);
  if (ssl == NULL || SSL_set_fd (ssl, fd) != 1)
    {
      SSL_free (ssl);
      set_openssl_error (error, DEVSERVER_TLS_ERROR_HANDSHAKE,
                         "Could not start TLS");
      return NULL;
    }

  if (SSL_accept (ssl) != 1)
    {
      SSL_free (ssl);
      set_openssl_error (error, DEVSERVER_TLS_ERROR_HANDSHAKE,
                         "TLS handshake failed");
      return NULL;
    }

  return ssl;
}

gssize
devserver_tls_read (SSL     *ssl,
                    char    *buffer,
                    gsize    size,
                    GError **error)
{
  int n;

  ERR_clear_error ();
  n = SSL_read (ssl, buffer, (int) MIN (size, G_MAXINT));
  if (n > 0)
    return n;

  switch (SSL_get_error (ssl, n))
    {
    case SSL_ERROR_ZERO_RETURN:
      return 0;

    case SSL_ERROR_SYSCALL:
      /* A peer that just closes the socket, without close_notify, is the
       * common case for clients that give up; treat it as the end. */
      if (errno == 0)
        return 0;
      g_set_error (error, DEVSERVER_TLS_ERROR, DEVSERVER_TLS_ERROR_IO,
                   "TLS read failed: %s", g_strerror (errno));
      return -1;

    default:
      set_openssl_error (error, DEVSERVER_TLS_ERROR_IO, "TLS read failed");
      return -1;
    }
}

gboolean
devserver_tls_write_all (SSL        *ssl,
                         const char *data,
                         gsize       length,
                         GError    **error)
{
  while (length > 0)
    {
      int n;

      ERR_clear_error ();
      n = SSL_write (ssl, data, (int) MIN (length, G_MAXINT));
      if (n <= 0)
        return set_openssl_error (error, DEVSERVER_TLS_ERROR_IO, "TLS write failed");

      data += n;
      length -= (gsize) n;
    }

  return TRUE;
}
