/* kontalk-reference.c: the baseline for tests/bench/kontalk, the simplest
 * client that does what Signet does on a Kontalk server once the code is
 * typed, with plain libstrophe, gpgme and OpenSSL (no GLib):
 *
 *  - a STARTTLS stream (server pinned by SHA-256) presenting the bridge
 *    certificate of the key as it was sent with the request, the server's
 *    key (urn:xmpp:pubkey:2) and the code (jabber:iq:register form);
 *  - the import of the server key and of the certified key the reply
 *    carries, and the check of the server's certification, in one gpgme
 *    context;
 *  - the bridge certificate rebuilt from the certified key, and a second
 *    stream that logs in with SASL EXTERNAL.
 *
 * What does not need the server (the gpgme context, the public key, the
 * first certificate) is ready before it reads the code, as a careful client
 * would.  The key is the one "signet-cli request" made; its TLS (RSA) key
 * comes as a PEM file that tests/bench/kontalk-prepare wrote.
 *
 * usage: kontalk-reference DOMAIN HOST PORT SHA256 GNUPGHOME FINGERPRINT
 *                          TLS-KEY-PEM USER-ID JID < code
 *
 * It prints "MARK <phase> <CLOCK_MONOTONIC µs>" on stderr (ready, then
 * after the code: connect-start, connect, tls, stream, code, import,
 * connect-start, login) and exits 0 when the login worked.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <gpgme.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <strophe.h>

#define NS_PUBKEY "urn:xmpp:pubkey:2"
#define NS_REGISTER_CODE "http://kontalk.org/protocol/register#code"
#define KEYRING_OID "2.25.49058212633447845622587297037800555803"
#define XMPP_ADDR_OID "1.3.6.1.5.5.7.8.5"

typedef struct
{
  xmpp_ctx_t  *ctx;
  const char  *domain;
  const char  *host;
  unsigned short port;
  const char  *fingerprint;
  const char  *user_id;
  const char  *jid;
  const char  *code;
  gpgme_ctx_t gpg;
  EVP_PKEY    *pkey;
  char cert_path[64];
  char key_path[64];
  char        *server_key;
  size_t server_key_len;
  char        *signed_key;
  size_t signed_key_len;
  int ok;
} Reference;

static const char *pinned_sha256;

static void
mark (const char *phase)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  fprintf (stderr, "MARK %s %lld\n", phase, (long long) now.tv_sec * 1000000 + now.tv_nsec / 1000);
}

static void
die (const char *what)
{
  fprintf (stderr, "kontalk-reference: %s\n", what);
  exit (1);
}

static int
same_fingerprint (const char *a,
                  const char *b)
{
  while (*a != '\0' && *b != '\0')
    {
      if (*a == ':')
        a++;
      else if (*b == ':')
        b++;
      else if (tolower ((unsigned char) *a++) != tolower ((unsigned char) *b++))
        return 0;
    }

  return *a == '\0' && *b == '\0';
}

static int
on_certfail (const xmpp_tlscert_t *cert,
             const char           *errormsg)
{
  (void) errormsg;
  return same_fingerprint (xmpp_tlscert_get_string (cert, XMPP_CERT_FINGERPRINT_SHA256), pinned_sha256);
}

/* Base64 that may be broken into lines, as Kontalk servers send it. */
static char *
decode_base64 (const char *text,
               size_t     *len)
{
  size_t n = 0, size = strlen (text);
  char *clean = malloc (size + 1);
  unsigned char *out;
  int decoded;

  for (size_t i = 0; i < size; i++)
    if (!isspace ((unsigned char) text[i]))
      clean[n++] = text[i];
  clean[n] = '\0';
  out = malloc (n / 4 * 3 + 3);
  decoded = EVP_DecodeBlock (out, (unsigned char *) clean, (int) n);
  if (decoded < 0)
    die ("bad base64");
  while (n > 0 && clean[n - 1] == '=')
    {
      decoded--;
      n--;
    }
  free (clean);
  *len = (size_t) decoded;
  return (char *) out;
}

/* The bridge certificate ---------------------------------------------------- */

static int
add_conf (X509       *cert,
          X509V3_CTX *v3,
          int         nid,
          const char *value)
{
  X509_EXTENSION *extension = X509V3_EXT_conf_nid (NULL, v3, nid, value);
  int ok = extension != NULL && X509_add_ext (cert, extension, -1) == 1;

  X509_EXTENSION_free (extension);
  return ok;
}

static int
add_xmpp_addr (X509       *cert,
               const char *jid)
{
  GENERAL_NAMES *names = sk_GENERAL_NAME_new_null ();
  GENERAL_NAME *name = GENERAL_NAME_new ();
  ASN1_UTF8STRING *utf8 = ASN1_UTF8STRING_new ();
  ASN1_TYPE *value = ASN1_TYPE_new ();
  int ok;

  ASN1_STRING_set (utf8, jid, -1);
  ASN1_TYPE_set (value, V_ASN1_UTF8STRING, utf8);
  GENERAL_NAME_set0_othername (name, OBJ_txt2obj (XMPP_ADDR_OID, 1), value);
  sk_GENERAL_NAME_push (names, name);
  ok = X509_add1_ext_i2d (cert, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT) == 1;
  GENERAL_NAMES_free (names);
  return ok;
}

static int
add_keyring (X509          *cert,
             unsigned char *keyring,
             size_t         len)
{
  ASN1_OBJECT *oid = OBJ_txt2obj (KEYRING_OID, 1);
  ASN1_BIT_STRING *bits = ASN1_BIT_STRING_new ();
  ASN1_OCTET_STRING *octets = ASN1_OCTET_STRING_new ();
  X509_EXTENSION *extension;
  unsigned char *der = NULL;
  int der_len, ok;

  ASN1_BIT_STRING_set (bits, keyring, (int) len);
  bits->flags &= ~(ASN1_STRING_FLAG_BITS_LEFT | 0x07);
  bits->flags |= ASN1_STRING_FLAG_BITS_LEFT;
  der_len = i2d_ASN1_BIT_STRING (bits, &der);
  ASN1_OCTET_STRING_set (octets, der, der_len);
  extension = X509_EXTENSION_create_by_OBJ (NULL, oid, 0, octets);
  ok = extension != NULL && X509_add_ext (cert, extension, -1) == 1;
  OPENSSL_free (der);
  X509_EXTENSION_free (extension);
  ASN1_OCTET_STRING_free (octets);
  ASN1_BIT_STRING_free (bits);
  ASN1_OBJECT_free (oid);
  return ok;
}

static void
write_memfd (const char *text,
             size_t      len,
             char       *path)
{
  int fd = memfd_create ("reference", 0);

  if (fd < 0 || write (fd, text, len) != (ssize_t) len)
    die ("memfd");
  sprintf (path, "/proc/self/fd/%d", fd);
}

/* Exports the key as it is in the keyring and makes the certificate of it. */
static void
build_certificate (Reference *ref)
{
  gpgme_data_t data;
  gpgme_key_t key;
  unsigned char *keyring;
  size_t len;
  X509 *cert = X509_new ();
  X509_NAME *name = X509_NAME_new ();
  X509V3_CTX v3;
  BIO *bio = BIO_new (BIO_s_mem ());
  char *pem;
  long pem_len;

  gpgme_set_armor (ref->gpg, 0);
  if (gpgme_data_new (&data) != 0 || gpgme_op_export (ref->gpg, ref->fingerprint, 0, data) != 0)
    die ("export");
  keyring = (unsigned char *) gpgme_data_release_and_get_mem (data, &len);
  if (gpgme_get_key (ref->gpg, ref->fingerprint, &key, 0) != 0)
    die ("no key");

  X509_NAME_add_entry_by_txt (name, "O", V_ASN1_UTF8STRING, (unsigned char *) "OpenPGP to X.509 Bridge", -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "CN", V_ASN1_UTF8STRING, (const unsigned char *) ref->user_id, -1, -1, 0);
  X509_set_version (cert, X509_VERSION_3);
  ASN1_INTEGER_set (X509_get_serialNumber (cert), 1);
  X509_set_subject_name (cert, name);
  X509_set_issuer_name (cert, name);
  ASN1_TIME_set (X509_getm_notBefore (cert), (time_t) key->subkeys->timestamp);
  ASN1_TIME_set (X509_getm_notAfter (cert), (time_t) key->subkeys->timestamp);
  X509_set_pubkey (cert, ref->pkey);
  X509V3_set_ctx_nodb (&v3);
  X509V3_set_ctx (&v3, cert, cert, NULL, NULL, 0);
  if (!add_conf (cert, &v3, NID_basic_constraints, "critical,CA:TRUE") ||
      !add_conf (cert, &v3, NID_key_usage, "critical,digitalSignature,nonRepudiation,"
                 "keyEncipherment,keyAgreement,keyCertSign") ||
      !add_conf (cert, &v3, NID_netscape_cert_type, "client,email") ||
      !add_conf (cert, &v3, NID_subject_key_identifier, "hash") ||
      !add_conf (cert, &v3, NID_authority_key_identifier, "keyid:always") ||
      !add_xmpp_addr (cert, ref->jid) ||
      !add_keyring (cert, keyring, len) ||
      X509_sign (cert, ref->pkey, EVP_sha256 ()) <= 0 ||
      PEM_write_bio_X509 (bio, cert) != 1)
    die ("certificate");

  pem_len = BIO_get_mem_data (bio, &pem);
  write_memfd (pem, (size_t) pem_len, ref->cert_path);
  gpgme_key_unref (key);
  gpgme_free (keyring);
  BIO_free (bio);
  X509_NAME_free (name);
  X509_free (cert);
}

/* The code step --------------------------------------------------------------- */

static xmpp_stanza_t *
new_child (xmpp_ctx_t    *ctx,
           xmpp_stanza_t *parent,
           const char    *name,
           const char    *ns)
{
  xmpp_stanza_t *child = xmpp_stanza_new (ctx);

  xmpp_stanza_set_name (child, name);
  if (ns != NULL)
    xmpp_stanza_set_ns (child, ns);
  xmpp_stanza_add_child (parent, child);
  xmpp_stanza_release (child);
  return child;
}

static void
add_field (xmpp_ctx_t    *ctx,
           xmpp_stanza_t *form,
           const char    *var,
           const char    *type,
           const char    *value)
{
  xmpp_stanza_t *field = new_child (ctx, form, "field", NULL);
  xmpp_stanza_t *text = xmpp_stanza_new (ctx);

  xmpp_stanza_set_attribute (field, "var", var);
  xmpp_stanza_set_attribute (field, "type", type);
  xmpp_stanza_set_text (text, value);
  xmpp_stanza_add_child (new_child (ctx, field, "value", NULL), text);
  xmpp_stanza_release (text);
}

static int
on_code_reply (xmpp_conn_t   *conn,
               xmpp_stanza_t *stanza,
               void          *userdata)
{
  Reference *ref = userdata;
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name (stanza, "query");
  xmpp_stanza_t *form = query ? xmpp_stanza_get_child_by_name (query, "x") : NULL;

  for (xmpp_stanza_t *field = form ? xmpp_stanza_get_children (form) : NULL; field != NULL;
       field = xmpp_stanza_get_next (field))
    {
      const char *var = xmpp_stanza_get_attribute (field, "var");
      xmpp_stanza_t *value = xmpp_stanza_get_child_by_name (field, "value");

      if (var != NULL && strcmp (var, "publickey") == 0 && value != NULL)
        {
          char *text = xmpp_stanza_get_text (value);

          ref->signed_key = decode_base64 (text, &ref->signed_key_len);
          xmpp_free (ref->ctx, text);
        }
    }

  if (ref->signed_key != NULL)
    mark ("code");
  xmpp_disconnect (conn);
  return 0;
}

static int
on_pubkey_reply (xmpp_conn_t   *conn,
                 xmpp_stanza_t *stanza,
                 void          *userdata)
{
  Reference *ref = userdata;
  xmpp_stanza_t *pubkey = xmpp_stanza_get_child_by_name_and_ns (stanza, "pubkey", NS_PUBKEY);
  xmpp_stanza_t *iq, *query, *form;
  char *text;

  if (pubkey != NULL && (text = xmpp_stanza_get_text (pubkey)) != NULL)
    {
      ref->server_key = decode_base64 (text, &ref->server_key_len);
      xmpp_free (ref->ctx, text);
    }

  iq = xmpp_iq_new (ref->ctx, "set", "code");
  xmpp_stanza_set_to (iq, ref->domain);
  query = new_child (ref->ctx, iq, "query", XMPP_NS_REGISTER);
  form = new_child (ref->ctx, query, "x", "jabber:x:data");
  xmpp_stanza_set_type (form, "submit");
  add_field (ref->ctx, form, "FORM_TYPE", "hidden", NS_REGISTER_CODE);
  add_field (ref->ctx, form, "code", "text-single", ref->code);
  xmpp_id_handler_add (conn, on_code_reply, "code", ref);
  xmpp_send (conn, iq);
  xmpp_stanza_release (iq);
  return 0;
}

static int
on_proceed (xmpp_conn_t   *conn,
            xmpp_stanza_t *stanza,
            void          *userdata)
{
  if (strcmp (xmpp_stanza_get_name (stanza), "proceed") != 0 || xmpp_conn_tls_start (conn) != 0)
    {
      xmpp_disconnect (conn);
      return 0;
    }
  mark ("tls");
  xmpp_conn_open_stream_default (conn);
  return 0;
}

static int
on_features (xmpp_conn_t   *conn,
             xmpp_stanza_t *stanza,
             void          *userdata)
{
  Reference *ref = userdata;
  xmpp_stanza_t *iq;

  if (!xmpp_conn_is_secured (conn))
    {
      xmpp_handler_add (conn, on_proceed, XMPP_NS_TLS, NULL, NULL, ref);
      xmpp_send_raw_string (conn, "<starttls xmlns='%s'/>", XMPP_NS_TLS);
      return 1;
    }

  mark ("stream");
  /* Kontalk answers before login only without "to". */
  iq = xmpp_iq_new (ref->ctx, "get", "pubkey");
  new_child (ref->ctx, iq, "pubkey", NS_PUBKEY);
  xmpp_id_handler_add (conn, on_pubkey_reply, "pubkey", ref);
  xmpp_send (conn, iq);
  xmpp_stanza_release (iq);
  return 0;
}

static void
on_raw_event (xmpp_conn_t         *conn,
              xmpp_conn_event_t    status,
              int                  error,
              xmpp_stream_error_t *stream_error,
              void                *userdata)
{
  Reference *ref = userdata;

  (void) error;
  (void) stream_error;
  if (status == XMPP_CONN_RAW_CONNECT)
    {
      mark ("connect");
      xmpp_handler_add (conn, on_features, XMPP_NS_STREAMS, "features", NULL, ref);
      xmpp_conn_open_stream_default (conn);
    }
  else if (status == XMPP_CONN_DISCONNECT || status == XMPP_CONN_FAIL)
    {
      xmpp_stop (ref->ctx);
    }
}

static void
on_login_event (xmpp_conn_t         *conn,
                xmpp_conn_event_t    status,
                int                  error,
                xmpp_stream_error_t *stream_error,
                void                *userdata)
{
  Reference *ref = userdata;

  (void) error;
  (void) stream_error;
  if (status == XMPP_CONN_CONNECT)
    {
      mark ("login");
      ref->ok = 1;
      xmpp_disconnect (conn);
    }
  else if (status == XMPP_CONN_DISCONNECT || status == XMPP_CONN_FAIL)
    {
      xmpp_stop (ref->ctx);
    }
}

static xmpp_conn_t *
new_connection (Reference *ref)
{
  xmpp_conn_t *conn = xmpp_conn_new (ref->ctx);

  xmpp_conn_set_flags (conn, XMPP_CONN_FLAG_MANDATORY_TLS | XMPP_CONN_FLAG_DISABLE_SM);
  xmpp_conn_set_certfail_handler (conn, on_certfail);
  xmpp_conn_set_client_cert (conn, ref->cert_path, ref->key_path);
  return conn;
}

/* The import ---------------------------------------------------------------- */

static void
import (Reference *ref,
        char      *bytes,
        size_t     len)
{
  gpgme_data_t data;
  gpgme_import_result_t result;

  if (gpgme_data_new_from_mem (&data, bytes, len, 0) != 0 ||
      gpgme_op_import (ref->gpg, data) != 0 ||
      (result = gpgme_op_import_result (ref->gpg)) == NULL ||
      result->imports == NULL || result->imports->result != 0)
    die ("import");
  gpgme_data_release (data);
}

static void
import_and_check (Reference *ref)
{
  gpgme_key_t key;
  int certified = 0;

  if (ref->server_key != NULL)
    import (ref, ref->server_key, ref->server_key_len);
  import (ref, ref->signed_key, ref->signed_key_len);

  gpgme_set_keylist_mode (ref->gpg, GPGME_KEYLIST_MODE_LOCAL | GPGME_KEYLIST_MODE_SIGS);
  if (gpgme_get_key (ref->gpg, ref->fingerprint, &key, 0) != 0)
    die ("no key after import");
  for (gpgme_key_sig_t sig = key->uids->signatures; sig != NULL; sig = sig->next)
    if (sig->sig_class >= 0x10 && sig->sig_class <= 0x13 && sig->status == 0 &&
        strcasecmp (sig->keyid, key->subkeys->keyid) != 0)
      certified = 1;
  gpgme_key_unref (key);
  gpgme_set_keylist_mode (ref->gpg, GPGME_KEYLIST_MODE_LOCAL);
  if (!certified)
    die ("not certified");
  mark ("import");
}

static void
prepare (Reference  *ref,
         const char *home,
         const char *tls_key)
{
  FILE *file = fopen (tls_key, "r");
  char pem[8192];
  size_t len;

  if (file == NULL || (len = fread (pem, 1, sizeof pem, file)) == 0)
    die ("no TLS key");
  fclose (file);
  write_memfd (pem, len, ref->key_path);
  file = fmemopen (pem, len, "r");
  ref->pkey = PEM_read_PrivateKey (file, NULL, NULL, NULL);
  fclose (file);
  memset (pem, 0, sizeof pem);

  gpgme_check_version (NULL);
  if (ref->pkey == NULL ||
      gpgme_new (&ref->gpg) != 0 ||
      gpgme_ctx_set_engine_info (ref->gpg, GPGME_PROTOCOL_OpenPGP, NULL, home) != 0)
    die ("prepare");
  gpgme_set_offline (ref->gpg, 1);
  build_certificate (ref);
}

int
main (int   argc,
      char *argv[])
{
  Reference ref = { 0 };
  xmpp_conn_t *conn;
  char code[64];

  if (argc != 10)
    {
      fprintf (stderr, "usage: %s DOMAIN HOST PORT SHA256 GNUPGHOME FINGERPRINT TLS-KEY-PEM USER-ID JID\n", argv[0]);
      return 2;
    }
  ref.domain = argv[1];
  ref.host = argv[2];
  ref.port = (unsigned short) atoi (argv[3]);
  pinned_sha256 = argv[4];
  ref.fingerprint = argv[6];
  ref.user_id = argv[8];
  ref.jid = argv[9];
  xmpp_initialize ();
  ref.ctx = xmpp_ctx_new (NULL, NULL);
  prepare (&ref, argv[5], argv[7]);
  mark ("ready");

  if (fgets (code, sizeof code, stdin) == NULL)
    die ("no code");
  code[strcspn (code, "\r\n")] = '\0';
  ref.code = code;

  mark ("connect-start");
  conn = new_connection (&ref);
  xmpp_conn_set_jid (conn, ref.domain);
  if (xmpp_connect_raw (conn, ref.host, ref.port, on_raw_event, &ref) != XMPP_EOK)
    die ("connect");
  xmpp_run (ref.ctx);
  xmpp_conn_release (conn);
  if (ref.signed_key == NULL)
    die ("the code was refused");

  import_and_check (&ref);
  build_certificate (&ref);
  mark ("connect-start");

  conn = new_connection (&ref);
  xmpp_conn_set_jid (conn, ref.jid);
  if (xmpp_connect_client (conn, ref.host, ref.port, on_login_event, &ref) != XMPP_EOK)
    die ("connect");
  xmpp_run (ref.ctx);
  xmpp_conn_release (conn);

  return ref.ok ? 0 : 1;
}
