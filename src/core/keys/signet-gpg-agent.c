/* signet-gpg-agent.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "signet-gpg-agent.h"

/* Secrets ------------------------------------------------------------------ */

void
signet_gpg_secret_free (gpointer data,
                        gsize    size)
{
  if (data == NULL)
    return;
  explicit_bzero (data, size);
  g_free (data);
}


/* A gpgme data sink that wipes everything it ever held, for secret keys:
 * gpgme's own memory buffers are freed without being cleared. */
typedef struct
{
  guint8 *data;
  gsize len;
  gsize allocated;
} SecretSink;

static ssize_t
secret_sink_write (void       *handle,
                   const void *buffer,
                   size_t      size)
{
  SecretSink *sink = handle;

  if (size > G_MAXSSIZE - sink->len)
    {
      errno = ENOMEM;
      return -1;
    }

  if (sink->len + size > sink->allocated)
    {
      gsize allocated = MAX (MAX (sink->allocated * 2, sink->len + size), 4096);
      guint8 *data = g_malloc (allocated);

      if (sink->len > 0)
        memcpy (data, sink->data, sink->len);
      signet_gpg_secret_free (sink->data, sink->allocated);
      sink->data = data;
      sink->allocated = allocated;
    }

  memcpy (sink->data + sink->len, buffer, size);
  sink->len += size;
  return size;
}

static void
secret_sink_clear (SecretSink *sink)
{
  signet_gpg_secret_free (sink->data, sink->allocated);
  memset (sink, 0, sizeof *sink);
}

static void
wipe_bytes_free (gpointer data)
{
  GByteArray *array = data;

  explicit_bzero (array->data, array->len);
  g_byte_array_unref (array);
}

/* GBytes that clear their memory when the last reference goes. */
static GBytes *
secret_bytes_new (const void *data,
                  gsize       len)
{
  GByteArray *array = g_byte_array_sized_new (len);

  g_byte_array_append (array, data, len);
  return g_bytes_new_with_free_func (array->data, array->len, wipe_bytes_free, array);
}

/* GnuPG ------------------------------------------------------------------- */

static gpointer
init_gpgme (gpointer data)
{
  gpgme_check_version (NULL);
  return GUINT_TO_POINTER (gpgme_engine_check_version (GPGME_PROTOCOL_OpenPGP) == 0);
}

/* gpgme_check_version() must run once before anything else, and not
 * concurrently with itself. */
gboolean
signet_gpg_ensure_engine (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  if (GPOINTER_TO_UINT (g_once (&once, init_gpgme, NULL)))
    return TRUE;

  g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR,
                       SIGNET_PERSONAL_KEY_ERROR_ENGINE_UNAVAILABLE,
                       _("GnuPG is not installed or too old"));
  return FALSE;
}

void
signet_gpg_set_error (GError               **error,
                      SignetPersonalKeyError code,
                      const char            *what,
                      gpgme_error_t          err)
{
  char detail[256];

  switch (gpgme_err_code (err))
    {
    case GPG_ERR_BAD_PASSPHRASE:
    case GPG_ERR_NO_PASSPHRASE:
    case GPG_ERR_CANCELED:
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR,
                           SIGNET_PERSONAL_KEY_ERROR_BAD_PASSPHRASE,
                           _("The passphrase does not unlock the personal key"));
      return;

    default:
      break;
    }

  gpgme_strerror_r (err, detail, sizeof detail);
  g_set_error (error, SIGNET_PERSONAL_KEY_ERROR, code, "%s: %s", what, detail);
}

/* The TLS key -------------------------------------------------------------- */

/* gpgme 1.18 cannot hand a passphrase to gpgsm (it never sets gpgsm's
 * pinentry mode and has no passphrase callback for CMS), so the secret key
 * is fetched from gpg-agent itself, the way gpgsm does it: EXPORT_KEY over
 * the agent's Assuan socket, the passphrase answering the agent's loopback
 * PASSPHRASE inquiry, the result wrapped with a per-session AES key. */

static char *
run_gpgconf (const char *home,
             const char *command,
             const char *argument,
             GError    **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;
  const char *gpgconf = gpgme_get_dirinfo ("gpgconf-name");

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              error,
                              gpgconf != NULL ? gpgconf : "gpgconf",
                              "--homedir", home, command, argument, NULL);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error) ||
      !g_subprocess_wait_check (process, NULL, error))
    return NULL;

  return g_steal_pointer (&output);
}

static char *
agent_socket_path (const char *home,
                   GError    **error)
{
  g_autofree char *output = NULL;
  g_autofree char *launched = NULL;
  g_autofree char *path = NULL;

  /* Other commands start the agent on demand; a bare socket does not. */
  if ((output = run_gpgconf (home, "--list-dirs", "agent-socket", error)) == NULL ||
      (launched = run_gpgconf (home, "--launch", "gpg-agent", error)) == NULL)
    return NULL;

  /* gpgconf percent-escapes its output. */
  path = g_uri_unescape_string (g_strstrip (output), NULL);
  if (path == NULL || *path == '\0')
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR,
                           SIGNET_PERSONAL_KEY_ERROR_ENGINE_UNAVAILABLE,
                           _("Could not start the GnuPG agent"));
      return NULL;
    }

  return g_steal_pointer (&path);
}

typedef struct
{
  const char *passphrase;
  guint asked;
} Inquiry;

static gpgme_error_t
agent_data_cb (void       *opaque,
               const void *data,
               size_t      len)
{
  return secret_sink_write (opaque, data, len) < 0 ? gpgme_error_from_syserror () : 0;
}

/* The agent asks again after a wrong passphrase: refuse the second time. */
static gpgme_error_t
agent_inquire_cb (void         *opaque,
                  const char   *name,
                  const char   *args,
                  gpgme_data_t *r_data)
{
  Inquiry *inquiry = opaque;

  if (g_strcmp0 (name, "PASSPHRASE") != 0)
    return 0;
  if (inquiry->passphrase == NULL || inquiry->asked++ > 0)
    return gpgme_error (GPG_ERR_BAD_PASSPHRASE);

  /* copy=0: gpgme reads our buffer, so no second copy of the secret. */
  return gpgme_data_new_from_mem (r_data, inquiry->passphrase, strlen (inquiry->passphrase), 0);
}

static gboolean
agent_transact (gpgme_ctx_t ctx,
                const char *command,
                SecretSink *sink,
                Inquiry    *inquiry,
                GError    **error)
{
  gpgme_error_t op_err = 0;
  gpgme_error_t err;

  err = gpgme_op_assuan_transact_ext (ctx, command,
                                      sink != NULL ? agent_data_cb : NULL, sink,
                                      inquiry != NULL ? agent_inquire_cb : NULL, inquiry,
                                      NULL, NULL, &op_err);
  if (err == 0)
    err = op_err;
  if (err != 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_EXPORT_FAILED,
                            _("Could not export the personal key for TLS"), err);
      return FALSE;
    }

  return TRUE;
}

/* RFC 3394 AES key unwrap with the session key from KEYWRAP_KEY. */
static gboolean
unwrap_key (const SecretSink *kek,
            const SecretSink *wrapped,
            SecretSink       *plain)
{
  const char *cipher_name;
  EVP_CIPHER *cipher = NULL;
  EVP_CIPHER_CTX *cipher_ctx = NULL;
  int len = 0;
  int final_len = 0;
  gboolean ok = FALSE;

  switch (kek->len)
    {
    case 16: cipher_name = "AES-128-WRAP"; break;
    case 24: cipher_name = "AES-192-WRAP"; break;
    case 32: cipher_name = "AES-256-WRAP"; break;
    default: return FALSE;
    }

  if (wrapped->len < 16 || wrapped->len > G_MAXINT)
    return FALSE;

  plain->allocated = wrapped->len;
  plain->data = g_malloc0 (plain->allocated);

  if ((cipher = EVP_CIPHER_fetch (NULL, cipher_name, NULL)) != NULL &&
      (cipher_ctx = EVP_CIPHER_CTX_new ()) != NULL &&
      EVP_DecryptInit_ex2 (cipher_ctx, cipher, kek->data, NULL, NULL) == 1 &&
      EVP_DecryptUpdate (cipher_ctx, plain->data, &len, wrapped->data, wrapped->len) == 1 &&
      EVP_DecryptFinal_ex (cipher_ctx, plain->data + len, &final_len) == 1)
    {
      plain->len = len + final_len;
      ok = TRUE;
    }

  EVP_CIPHER_CTX_free (cipher_ctx);
  EVP_CIPHER_free (cipher);
  return ok;
}

/* Canonical S-expressions: "(" then tokens "<length>:<bytes>" then ")". */
static gboolean
sexp_token (const guint8  *buf,
            gsize          size,
            gsize         *pos,
            const guint8 **token,
            gsize         *token_len)
{
  gsize len = 0;

  while (*pos < size && g_ascii_isdigit (buf[*pos]))
    {
      len = len * 10 + (buf[*pos] - '0');
      (*pos)++;
      if (len > size)
        return FALSE;
    }

  if (*pos >= size || buf[*pos] != ':' || len == 0 || len > size - *pos - 1)
    return FALSE;

  *token = buf + *pos + 1;
  *token_len = len;
  *pos += len + 1;
  return TRUE;
}

static gboolean
sexp_expect (const guint8 *buf,
             gsize         size,
             gsize        *pos,
             char          c)
{
  if (*pos >= size || buf[*pos] != c)
    return FALSE;
  (*pos)++;
  return TRUE;
}

static gboolean
sexp_expect_token (const guint8 *buf,
                   gsize         size,
                   gsize        *pos,
                   const char   *expected)
{
  const guint8 *token;
  gsize token_len;

  return sexp_token (buf, size, pos, &token, &token_len) &&
         token_len == strlen (expected) && memcmp (token, expected, token_len) == 0;
}

typedef struct
{
  BIGNUM *n, *e, *d, *p, *q;
} RsaNumbers;

static void
rsa_numbers_clear (RsaNumbers *numbers)
{
  BN_free (numbers->n);
  BN_free (numbers->e);
  BN_clear_free (numbers->d);
  BN_clear_free (numbers->p);
  BN_clear_free (numbers->q);
  memset (numbers, 0, sizeof *numbers);
}

/* (11:private-key(3:rsa(1:n…)(1:e…)(1:d…)(1:p…)(1:q…)(1:u…))…) */
static gboolean
parse_rsa_sexp (const guint8 *buf,
                gsize         size,
                RsaNumbers   *numbers)
{
  gsize pos = 0;

  if (!sexp_expect (buf, size, &pos, '(') ||
      !sexp_expect_token (buf, size, &pos, "private-key") ||
      !sexp_expect (buf, size, &pos, '(') ||
      !sexp_expect_token (buf, size, &pos, "rsa"))
    return FALSE;

  while (sexp_expect (buf, size, &pos, '('))
    {
      const guint8 *name, *value;
      gsize name_len, value_len;
      BIGNUM **slot = NULL;

      if (!sexp_token (buf, size, &pos, &name, &name_len) ||
          !sexp_token (buf, size, &pos, &value, &value_len) ||
          !sexp_expect (buf, size, &pos, ')'))
        return FALSE;

      if (name_len == 1)
        switch (name[0])
          {
          case 'n': slot = &numbers->n; break;
          case 'e': slot = &numbers->e; break;
          case 'd': slot = &numbers->d; break;
          case 'p': slot = &numbers->p; break;
          case 'q': slot = &numbers->q; break;
          default: break;
          }

      if (slot != NULL && *slot == NULL)
        {
          *slot = name[0] == 'n' || name[0] == 'e' ? BN_new () : BN_secure_new ();
          if (*slot == NULL || BN_bin2bn (value, value_len, *slot) == NULL)
            return FALSE;
        }
    }

  return numbers->n && numbers->e && numbers->d && numbers->p && numbers->q;
}

/* libgcrypt keeps u = p⁻¹ mod q; OpenSSL wants the CRT values the other way
 * round, so all three are computed here. */
static EVP_PKEY *
rsa_key_from_numbers (const RsaNumbers *numbers)
{
  BN_CTX *bn_ctx = BN_CTX_secure_new ();
  BIGNUM *p1 = BN_secure_new ();
  BIGNUM *q1 = BN_secure_new ();
  BIGNUM *dp = BN_secure_new ();
  BIGNUM *dq = BN_secure_new ();
  BIGNUM *qinv = BN_secure_new ();
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new ();
  OSSL_PARAM *params = NULL;
  EVP_PKEY_CTX *pkey_ctx = NULL;
  EVP_PKEY *pkey = NULL;

  if (bn_ctx && p1 && q1 && dp && dq && qinv && bld &&
      BN_sub (p1, numbers->p, BN_value_one ()) &&
      BN_sub (q1, numbers->q, BN_value_one ()) &&
      BN_mod (dp, numbers->d, p1, bn_ctx) &&
      BN_mod (dq, numbers->d, q1, bn_ctx) &&
      BN_mod_inverse (qinv, numbers->q, numbers->p, bn_ctx) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_N, numbers->n) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_E, numbers->e) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_D, numbers->d) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_FACTOR1, numbers->p) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_FACTOR2, numbers->q) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv) &&
      (params = OSSL_PARAM_BLD_to_param (bld)) != NULL &&
      (pkey_ctx = EVP_PKEY_CTX_new_from_name (NULL, "RSA", NULL)) != NULL &&
      EVP_PKEY_fromdata_init (pkey_ctx) == 1)
    {
      if (EVP_PKEY_fromdata (pkey_ctx, &pkey, EVP_PKEY_KEYPAIR, params) != 1)
        pkey = NULL;
    }

  EVP_PKEY_CTX_free (pkey_ctx);
  OSSL_PARAM_free (params); /* clears the part that held secret numbers */
  OSSL_PARAM_BLD_free (bld);
  BN_clear_free (qinv);
  BN_clear_free (dq);
  BN_clear_free (dp);
  BN_clear_free (q1);
  BN_clear_free (p1);
  BN_CTX_free (bn_ctx);
  return pkey;
}

static GBytes *
private_key_to_pem (EVP_PKEY *pkey)
{
  BIO *bio = BIO_new (BIO_s_secmem ());
  char *pem = NULL;
  long pem_len = 0;
  GBytes *bytes = NULL;

  /* PKCS#8 "PRIVATE KEY", unencrypted: what libstrophe's OpenSSL reads. */
  if (bio != NULL &&
      PEM_write_bio_PrivateKey (bio, pkey, NULL, NULL, 0, NULL, NULL) == 1 &&
      (pem_len = BIO_get_mem_data (bio, &pem)) > 0)
    bytes = secret_bytes_new (pem, pem_len);

  BIO_free (bio);
  return bytes;
}

static GBytes *
convert_agent_key (const SecretSink *kek,
                   const SecretSink *wrapped,
                   GError          **error)
{
  SecretSink plain = { NULL, 0, 0 };
  RsaNumbers numbers = { NULL, };
  EVP_PKEY *pkey = NULL;
  GBytes *pem = NULL;

  if (unwrap_key (kek, wrapped, &plain) &&
      parse_rsa_sexp (plain.data, plain.len, &numbers) &&
      (pkey = rsa_key_from_numbers (&numbers)) != NULL)
    pem = private_key_to_pem (pkey);

  EVP_PKEY_free (pkey);
  rsa_numbers_clear (&numbers);
  secret_sink_clear (&plain);

  if (pem == NULL)
    g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_EXPORT_FAILED,
                         _("GnuPG exported the personal key in an unknown form"));
  return pem;
}

static gboolean
agent_connect (gpgme_ctx_t *ctx,
               const char  *home,
               GError     **error)
{
  g_autofree char *socket_path = NULL;
  gpgme_error_t err;

  if (!signet_gpg_ensure_engine (error) ||
      (socket_path = agent_socket_path (home, error)) == NULL)
    return FALSE;

  if ((err = gpgme_new (ctx)) != 0 ||
      (err = gpgme_set_protocol (*ctx, GPGME_PROTOCOL_ASSUAN)) != 0 ||
      (err = gpgme_ctx_set_engine_info (*ctx, GPGME_PROTOCOL_ASSUAN, socket_path, NULL)) != 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_ENGINE_UNAVAILABLE,
                            _("Could not start the GnuPG agent"), err);
      return FALSE;
    }

  return TRUE;
}

GBytes *
signet_gpg_agent_export_tls_key (const char *home,
                                 const char *keygrip,
                                 const char *passphrase,
                                 GError    **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_autofree char *command = NULL;
  SecretSink kek = { NULL, 0, 0 };
  SecretSink wrapped = { NULL, 0, 0 };
  Inquiry inquiry = { passphrase, 0 };
  GBytes *pem = NULL;

  if (keygrip == NULL)
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_EXPORT_FAILED,
                           _("GnuPG is too old to export the personal key for TLS"));
      return NULL;
    }

  if (!agent_connect (&ctx, home, error))
    return NULL;

  /* All on one connection: the wrapping key belongs to the session. */
  command = g_strconcat ("EXPORT_KEY ", keygrip, NULL);
  if (agent_transact (ctx, "OPTION pinentry-mode=loopback", NULL, NULL, error) &&
      agent_transact (ctx, "KEYWRAP_KEY --export", &kek, NULL, error) &&
      agent_transact (ctx, command, &wrapped, &inquiry, error))
    pem = convert_agent_key (&kek, &wrapped, error);

  secret_sink_clear (&wrapped);
  secret_sink_clear (&kek);
  return pem;
}

gboolean
signet_gpg_agent_stop (const char *home,
                       GError    **error)
{
  g_autofree char *output = NULL;

  if (!signet_gpg_ensure_engine (error))
    return FALSE;

  output = run_gpgconf (home, "--kill", "gpg-agent", error);
  return output != NULL;
}
