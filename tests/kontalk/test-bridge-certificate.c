/* test-bridge-certificate.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "signet-bridge-certificate.h"
#include "signet-personal-key.h"
#include "signet-test-async.h"
#include "signet-test-files.h"
#include "signet-test-openpgp.h"

#define NAME   "dev-5554"
#define E164   "+15555215554"
#define DOMAIN "prime.kontalk.net"
#define JID    "4bdd4f929f3a1062253e4e496bafba0bdfb5db75@" DOMAIN
#define UID    NAME " <" JID ">"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_OBJECT, ASN1_OBJECT_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_BIT_STRING, ASN1_BIT_STRING_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GENERAL_NAMES, GENERAL_NAMES_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_OCTET_STRING, ASN1_OCTET_STRING_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AUTHORITY_KEYID, AUTHORITY_KEYID_free)

/* One generated key (seconds of work) and its exports, shared by all tests. */
static char *scratch_dir;
static char *home;
static SignetPersonalKey *shared_key;
static GBytes *shared_keyring;
static GBytes *shared_pem;
static GBytes *shared_certificate;

static SignetPersonalKey *
get_shared_key (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *user_ids[] = { UID, NULL };
  guint ticks = 0;

  if (shared_key != NULL)
    return shared_key;

  home = g_build_filename (scratch_dir, "home", NULL);
  signet_personal_key_generate_async (home, NAME, E164, DOMAIN, NULL, signet_test_async_callback, &result);
  shared_key = signet_personal_key_generate_finish (signet_test_async_wait_ticking (&result, &ticks), &error);
  g_assert_no_error (error);

  shared_keyring = signet_personal_key_export_public (shared_key, &error);
  g_assert_no_error (error);
  shared_pem = signet_personal_key_export_tls_key (shared_key, &error);
  g_assert_no_error (error);
  shared_certificate = signet_bridge_certificate_new (shared_pem, shared_keyring, user_ids,
                                                      signet_personal_key_get_creation_time (shared_key),
                                                      &error);
  g_assert_no_error (error);

  return shared_key;
}

static X509 *
parse_certificate (GBytes *pem)
{
  gsize len = 0;
  const void *data = g_bytes_get_data (pem, &len);
  g_autoptr(BIO) bio = BIO_new_mem_buf (data, (int) len);
  X509 *cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);

  g_assert_nonnull (cert);
  return cert;
}

static X509 *
get_shared_certificate (void)
{
  get_shared_key ();
  return parse_certificate (shared_certificate);
}

static EVP_PKEY *
read_pem_key (GBytes *pem)
{
  gsize len = 0;
  const void *data = g_bytes_get_data (pem, &len);
  g_autoptr(BIO) bio = BIO_new_mem_buf (data, (int) len);
  EVP_PKEY *pkey = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);

  g_assert_nonnull (pkey);
  return pkey;
}

static GBytes *
key_to_pem (EVP_PKEY *pkey)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  g_assert_cmpint (PEM_write_bio_PrivateKey (bio, pkey, NULL, NULL, 0, NULL, NULL), ==, 1);
  len = BIO_get_mem_data (bio, &data);
  return g_bytes_new (data, len);
}

static X509_EXTENSION *
find_extension (X509       *cert,
                const char *oid_text)
{
  g_autoptr(ASN1_OBJECT) oid = OBJ_txt2obj (oid_text, 1);
  int index = X509_get_ext_by_OBJ (cert, oid, -1);

  g_assert_cmpint (index, >=, 0);
  /* Exactly once. */
  g_assert_cmpint (X509_get_ext_by_OBJ (cert, oid, index), ==, -1);
  return X509_get_ext (cert, index);
}

static char *
name_entry (X509_NAME *name,
            int        index,
            int       *nid)
{
  X509_NAME_ENTRY *entry = X509_NAME_get_entry (name, index);
  const ASN1_STRING *data = X509_NAME_ENTRY_get_data (entry);

  g_assert_cmpint (ASN1_STRING_type (data), ==, V_ASN1_UTF8STRING);
  *nid = OBJ_obj2nid (X509_NAME_ENTRY_get_object (entry));
  return g_strndup ((const char *) ASN1_STRING_get0_data (data), ASN1_STRING_length (data));
}

/* Tests -------------------------------------------------------------------- */

static void
test_structure (void)
{
  g_autoptr(X509) cert = get_shared_certificate ();
  g_autoptr(EVP_PKEY) pkey = read_pem_key (shared_pem);
  X509_NAME *subject = X509_get_subject_name (cert);
  const ASN1_INTEGER *serial = X509_get0_serialNumber (cert);
  g_autofree char *organization = NULL;
  g_autofree char *common_name = NULL;
  time_t created = (time_t) signet_personal_key_get_creation_time (shared_key);
  time_t before = created - 1;
  time_t after = created + 1;
  int nid = 0;

  g_assert_cmpint (X509_get_version (cert), ==, X509_VERSION_3);
  g_assert_cmpint (ASN1_INTEGER_get (serial), ==, 1);

  /* O=OpenPGP to X.509 Bridge, CN=<user id>; self-issued. */
  g_assert_cmpint (X509_NAME_entry_count (subject), ==, 2);
  organization = name_entry (subject, 0, &nid);
  g_assert_cmpint (nid, ==, NID_organizationName);
  g_assert_cmpstr (organization, ==, "OpenPGP to X.509 Bridge");
  common_name = name_entry (subject, 1, &nid);
  g_assert_cmpint (nid, ==, NID_commonName);
  g_assert_cmpstr (common_name, ==, UID);
  /* Longer than X.520's 64 characters, which OpenSSL would refuse by default. */
  g_assert_cmpuint (strlen (UID), >, 64);
  g_assert_cmpint (X509_NAME_cmp (subject, X509_get_issuer_name (cert)), ==, 0);

  /* notBefore = notAfter = the OpenPGP key's creation time. */
  g_assert_cmpint (X509_cmp_time (X509_get0_notBefore (cert), &before), >, 0);
  g_assert_cmpint (X509_cmp_time (X509_get0_notBefore (cert), &after), <, 0);
  g_assert_cmpint (ASN1_TIME_compare (X509_get0_notBefore (cert), X509_get0_notAfter (cert)), ==, 0);

  /* Self-signed with SHA-256 by the key inside. */
  g_assert_cmpint (X509_get_signature_nid (cert), ==, NID_sha256WithRSAEncryption);
  g_assert_cmpint (X509_verify (cert, pkey), ==, 1);
}

static void
test_extensions (void)
{
  g_autoptr(X509) cert = get_shared_certificate ();
  g_autoptr(BASIC_CONSTRAINTS) constraints = NULL;
  g_autoptr(ASN1_OCTET_STRING) ski = NULL;
  g_autoptr(AUTHORITY_KEYID) aki = NULL;
  int critical = -1;
  guint32 usage = KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION | KU_KEY_ENCIPHERMENT |
                  KU_KEY_AGREEMENT | KU_KEY_CERT_SIGN;

  constraints = X509_get_ext_d2i (cert, NID_basic_constraints, &critical, NULL);
  g_assert_nonnull (constraints);
  g_assert_cmpint (critical, ==, 1);
  g_assert_true (constraints->ca);

  g_assert_cmpint (X509_get_key_usage (cert), ==, usage);
  g_assert_cmpint (X509_EXTENSION_get_critical (X509_get_ext (cert,
                                                              X509_get_ext_by_NID (cert, NID_key_usage, -1))), ==, 1);

  /* Netscape cert type: sslClient + smime. */
  g_assert_cmpint (X509_get_extension_flags (cert) & EXFLAG_NSCERT, !=, 0);
  g_assert_cmpint (X509_get_ext_by_NID (cert, NID_netscape_cert_type, -1), >=, 0);
  g_assert_cmpint (X509_check_purpose (cert, X509_PURPOSE_SSL_CLIENT, 0), ==, 1);
  g_assert_cmpint (X509_check_purpose (cert, X509_PURPOSE_SMIME_SIGN, 0), ==, 1);

  /* SKI, and AKI pointing at it. */
  ski = X509_get_ext_d2i (cert, NID_subject_key_identifier, NULL, NULL);
  aki = X509_get_ext_d2i (cert, NID_authority_key_identifier, NULL, NULL);
  g_assert_nonnull (ski);
  g_assert_nonnull (aki);
  g_assert_nonnull (aki->keyid);
  g_assert_cmpint (ASN1_OCTET_STRING_cmp (ski, aki->keyid), ==, 0);

  g_assert_cmpint (X509_EXTENSION_get_critical (find_extension (cert,
                                                                SIGNET_BRIDGE_CERTIFICATE_KEYRING_OID)), ==, 0);
}

static void
test_keyring_extension (void)
{
  g_autoptr(X509) cert = get_shared_certificate ();
  X509_EXTENSION *extension = find_extension (cert, SIGNET_BRIDGE_CERTIFICATE_KEYRING_OID);
  ASN1_OCTET_STRING *octets = X509_EXTENSION_get_data (extension);
  const unsigned char *der = ASN1_STRING_get0_data (octets);
  const unsigned char *p = der;
  long len = ASN1_STRING_length (octets);
  g_autoptr(ASN1_BIT_STRING) bits = d2i_ASN1_BIT_STRING (NULL, &p, len);
  g_autoptr(GBytes) embedded = NULL;

  /* OCTET STRING (extnValue) → DER BIT STRING with no unused bits. */
  g_assert_nonnull (bits);
  g_assert_true (p == der + len);
  g_assert_cmpint (der[0], ==, V_ASN1_BIT_STRING);
  g_assert_cmpint (der[len - ASN1_STRING_length (bits) - 1], ==, 0);

  embedded = g_bytes_new (ASN1_STRING_get0_data (bits), ASN1_STRING_length (bits));
  g_assert_true (g_bytes_equal (embedded, shared_keyring));
}

static void
test_public_key (void)
{
  g_autoptr(X509) cert = get_shared_certificate ();
  g_autoptr(EVP_PKEY) pkey = read_pem_key (shared_pem);
  EVP_PKEY *spki = X509_get0_pubkey (cert);
  g_autoptr(BIGNUM) n = NULL;
  g_autoptr(BIGNUM) e = NULL;
  g_autoptr(BIGNUM) cert_n = NULL;
  g_autoptr(BIGNUM) cert_e = NULL;

  /* SubjectPublicKeyInfo = the TLS key = the OpenPGP primary key inside the
   * extension (the server checks the last). */
  g_assert_true (EVP_PKEY_is_a (spki, "RSA"));
  g_assert_cmpint (EVP_PKEY_eq (spki, pkey), ==, 1);
  g_assert_true (signet_test_openpgp_parse_rsa_key (shared_keyring, NULL, &n, &e));
  g_assert_cmpint (EVP_PKEY_get_bn_param (spki, OSSL_PKEY_PARAM_RSA_N, &cert_n), ==, 1);
  g_assert_cmpint (EVP_PKEY_get_bn_param (spki, OSSL_PKEY_PARAM_RSA_E, &cert_e), ==, 1);
  g_assert_cmpint (BN_cmp (n, cert_n), ==, 0);
  g_assert_cmpint (BN_cmp (e, cert_e), ==, 0);
}

static void
test_xmpp_addr (void)
{
  static const guint8 xmpp_addr_oid[] = { 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x08, 0x05 };
  g_autoptr(X509) cert = get_shared_certificate ();
  g_autoptr(GENERAL_NAMES) names = X509_get_ext_d2i (cert, NID_subject_alt_name, NULL, NULL);
  GENERAL_NAME *name;
  ASN1_OBJECT *type_id = NULL;
  ASN1_TYPE *value = NULL;
  unsigned char *der = NULL;
  int der_len;
  gsize jid_len = strlen (JID);

  g_assert_nonnull (names);
  g_assert_cmpint (sk_GENERAL_NAME_num (names), ==, 1);
  name = sk_GENERAL_NAME_value (names, 0);
  g_assert_true (GENERAL_NAME_get0_otherName (name, &type_id, &value));
  g_assert_cmpint (OBJ_obj2nid (type_id), ==, NID_XmppAddr);
  g_assert_cmpint (value->type, ==, V_ASN1_UTF8STRING);
  g_assert_cmpmem (ASN1_STRING_get0_data (value->value.utf8string),
                   ASN1_STRING_length (value->value.utf8string), JID, jid_len);

  /* The bytes: [0] { OID id-on-xmppAddr, [0] EXPLICIT { UTF8String JID } }. */
  der_len = i2d_GENERAL_NAME (name, &der);
  g_assert_cmpint (der_len, ==, 2 + sizeof xmpp_addr_oid + 2 + 2 + jid_len);
  g_assert_cmpint (der[0], ==, 0xa0);
  g_assert_cmpmem (der + 2, sizeof xmpp_addr_oid, xmpp_addr_oid, sizeof xmpp_addr_oid);
  g_assert_cmpint (der[2 + sizeof xmpp_addr_oid], ==, 0xa0);
  g_assert_cmpint (der[2 + sizeof xmpp_addr_oid + 1], ==, 2 + jid_len);
  g_assert_cmpint (der[2 + sizeof xmpp_addr_oid + 2], ==, V_ASN1_UTF8STRING);
  g_assert_cmpint (der[2 + sizeof xmpp_addr_oid + 3], ==, jid_len);
  OPENSSL_free (der);
}

static void
test_openssl_command (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *path = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  get_shared_key ();
  path = g_build_filename (scratch_dir, "certificate.pem", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (shared_certificate, NULL),
                                      g_bytes_get_size (shared_certificate), &error));

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              openssl, "x509", "-in", path, "-noout", "-text", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_assert_nonnull (strstr (output, "Serial Number: 1 (0x1)"));
  g_assert_nonnull (strstr (output, "O = OpenPGP to X.509 Bridge"));
  g_assert_nonnull (strstr (output, "XmppAddr::" JID));
  g_assert_nonnull (strstr (output, SIGNET_BRIDGE_CERTIFICATE_KEYRING_OID));
  g_unlink (path);
}

static void
test_key_round_trip (void)
{
  g_autoptr(EVP_PKEY) pkey = NULL;
  g_autoptr(EVP_PKEY) again = NULL;
  g_autoptr(GBytes) pem = NULL;

  get_shared_key ();
  pkey = read_pem_key (shared_pem);
  pem = key_to_pem (pkey);
  g_assert_true (g_bytes_equal (pem, shared_pem));
  again = read_pem_key (pem);
  g_assert_cmpint (EVP_PKEY_eq (pkey, again), ==, 1);
}

static void
test_user_ids (void)
{
  const char *user_ids[] = { UID, "Second <second@" DOMAIN ">", NULL };
  g_autoptr(GBytes) pem = NULL;
  g_autoptr(X509) cert = NULL;
  g_autoptr(GENERAL_NAMES) names = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  int nid = 0;

  get_shared_key ();
  pem = signet_bridge_certificate_new (shared_pem, shared_keyring, user_ids, 1553545540, &error);
  g_assert_no_error (error);
  cert = parse_certificate (pem);

  /* One CN per user id, in order; the JID comes from the first. */
  g_assert_cmpint (X509_NAME_entry_count (X509_get_subject_name (cert)), ==, 3);
  first = name_entry (X509_get_subject_name (cert), 1, &nid);
  second = name_entry (X509_get_subject_name (cert), 2, &nid);
  g_assert_cmpstr (first, ==, UID);
  g_assert_cmpstr (second, ==, user_ids[1]);

  names = X509_get_ext_d2i (cert, NID_subject_alt_name, NULL, NULL);
  g_assert_cmpint (sk_GENERAL_NAME_num (names), ==, 1);

  /* The Android sample's creation time (2019-03-25 20:25:40 UTC). */
  g_assert_cmpint (ASN1_TIME_cmp_time_t (X509_get0_notBefore (cert), 1553545540), ==, 0);
  g_assert_cmpint (ASN1_TIME_cmp_time_t (X509_get0_notAfter (cert), 1553545540), ==, 0);
}

static GBytes *
make_ec_key_pem (void)
{
  g_autoptr(EVP_PKEY) ec = EVP_PKEY_Q_keygen (NULL, NULL, "EC", "P-256");

  g_assert_nonnull (ec);
  return key_to_pem (ec);
}

static void
test_errors (void)
{
  const char *user_ids[] = { UID, NULL };
  const char *no_address[] = { "Just a name", NULL };
  const char *no_user_ids[] = { NULL };
  g_autoptr(GBytes) keyring = g_bytes_new_static ("\x99\x01", 2);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("-----BEGIN PRIVATE KEY-----\nAAAA\n", 33);
  g_autoptr(GBytes) ec = make_ec_key_pem ();
  g_autoptr(GBytes) encrypted = NULL;
  g_autoptr(EVP_PKEY) rsa = EVP_PKEY_Q_keygen (NULL, NULL, "RSA", (size_t) 1024);
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  g_autoptr(GBytes) certificate = NULL;
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  long len;

  certificate = signet_bridge_certificate_new (ec, keyring, user_ids, 0, &error);
  g_assert_error (error, SIGNET_BRIDGE_CERTIFICATE_ERROR, SIGNET_BRIDGE_CERTIFICATE_ERROR_INVALID_KEY);
  g_assert_null (certificate);
  g_clear_error (&error);

  certificate = signet_bridge_certificate_new (garbage, keyring, user_ids, 0, &error);
  g_assert_error (error, SIGNET_BRIDGE_CERTIFICATE_ERROR, SIGNET_BRIDGE_CERTIFICATE_ERROR_INVALID_KEY);
  g_clear_error (&error);

  /* An encrypted key fails instead of prompting on the terminal. */
  g_assert_cmpint (PEM_write_bio_PKCS8PrivateKey (bio, rsa, EVP_aes_128_cbc (), "secret", 6,
                                                  NULL, NULL), ==, 1);
  len = BIO_get_mem_data (bio, &data);
  encrypted = g_bytes_new (data, len);
  certificate = signet_bridge_certificate_new (encrypted, keyring, user_ids, 0, &error);
  g_assert_error (error, SIGNET_BRIDGE_CERTIFICATE_ERROR, SIGNET_BRIDGE_CERTIFICATE_ERROR_INVALID_KEY);
  g_clear_error (&error);

  /* Argument errors need no real key. */
  g_clear_pointer (&encrypted, g_bytes_unref);
  encrypted = key_to_pem (rsa);
  certificate = signet_bridge_certificate_new (encrypted, empty, user_ids, 0, &error);
  g_assert_error (error, SIGNET_BRIDGE_CERTIFICATE_ERROR, SIGNET_BRIDGE_CERTIFICATE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  certificate = signet_bridge_certificate_new (encrypted, keyring, no_user_ids, 0, &error);
  g_assert_error (error, SIGNET_BRIDGE_CERTIFICATE_ERROR, SIGNET_BRIDGE_CERTIFICATE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  certificate = signet_bridge_certificate_new (encrypted, keyring, no_address, 0, &error);
  g_assert_error (error, SIGNET_BRIDGE_CERTIFICATE_ERROR, SIGNET_BRIDGE_CERTIFICATE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Any RSA key works (and no gpg is involved). */
  certificate = signet_bridge_certificate_new (encrypted, keyring, user_ids, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificate);
}

static void
check_private_file (const char *path,
                    GBytes     *expected)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* After free the path must be gone; a /proc/self/fd number may have been
 * reused by then, but not for the same file. */
static void
check_gone (const char *path,
            GStatBuf   *before)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0)
    g_assert_true (st.st_ino != before->st_ino || st.st_dev != before->st_dev);
}

static void
test_key_files (void)
{
  g_autoptr(SignetKeyFiles) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *certificate_path = NULL;
  g_autofree char *key_path = NULL;
  GStatBuf certificate_st, key_st;

  get_shared_key ();
  files = signet_key_files_new (shared_certificate, shared_pem, &error);
  g_assert_no_error (error);

  certificate_path = g_strdup (signet_key_files_get_certificate_path (files));
  key_path = g_strdup (signet_key_files_get_key_path (files));
  g_test_message ("key files: %s, %s", certificate_path, key_path);
  check_private_file (certificate_path, shared_certificate);
  check_private_file (key_path, shared_pem);
  g_assert_true (g_bytes_equal (signet_key_files_get_certificate (files), shared_certificate));
  g_assert_cmpint (g_stat (certificate_path, &certificate_st), ==, 0);
  g_assert_cmpint (g_stat (key_path, &key_st), ==, 0);

  /* OpenSSL, as libstrophe uses it, reads them. */
  {
    g_autoptr(BIO) bio = BIO_new_file (key_path, "r");
    g_autoptr(EVP_PKEY) pkey = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
    g_autoptr(BIO) cert_bio = BIO_new_file (certificate_path, "r");
    g_autoptr(X509) cert = PEM_read_bio_X509 (cert_bio, NULL, NULL, NULL);

    g_assert_nonnull (pkey);
    g_assert_nonnull (cert);
    g_assert_cmpint (EVP_PKEY_eq (X509_get0_pubkey (cert), pkey), ==, 1);
  }

  g_clear_pointer (&files, signet_key_files_free);
  check_gone (certificate_path, &certificate_st);
  check_gone (key_path, &key_st);
}

static void
test_key_files_directory (void)
{
  g_autoptr(SignetKeyFiles) files = NULL;
  g_autoptr(SignetKeyFiles) in_parent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *certificate_path = NULL;
  g_autofree char *key_path = NULL;
  const char *runtime_dir;
  GStatBuf st;

  get_shared_key ();

  /* Default parent: $XDG_RUNTIME_DIR if it exists, else the temporary directory. */
  runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  if (runtime_dir == NULL || !g_file_test (runtime_dir, G_FILE_TEST_IS_DIR))
    runtime_dir = g_get_tmp_dir ();
  files = signet_key_files_new_in_directory (shared_certificate, shared_pem, NULL, &error);
  g_assert_no_error (error);
  certificate_path = g_strdup (signet_key_files_get_certificate_path (files));
  key_path = g_strdup (signet_key_files_get_key_path (files));
  directory = g_path_get_dirname (key_path);

  g_assert_true (g_str_has_prefix (key_path, runtime_dir));
  g_assert_cmpint (g_stat (directory, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  check_private_file (certificate_path, shared_certificate);
  check_private_file (key_path, shared_pem);

  g_clear_pointer (&files, signet_key_files_free);
  g_assert_false (g_file_test (certificate_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (key_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (directory, G_FILE_TEST_EXISTS));

  /* An explicit parent. */
  in_parent = signet_key_files_new_in_directory (shared_certificate, shared_pem, scratch_dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (signet_key_files_get_key_path (in_parent), scratch_dir));
}

static void
test_for_key (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SignetKeyFiles) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(X509) cert = NULL;
  g_autoptr(EVP_PKEY) pkey = NULL;
  g_autoptr(GBytes) keyring = NULL;
  g_autoptr(GBytes) key_pem = NULL;
  g_autofree char *key_text = NULL;
  gsize key_len = 0;
  guint ticks = 0;

  signet_bridge_certificate_new_for_key_async (get_shared_key (), NULL, signet_test_async_callback, &result);
  files = signet_bridge_certificate_new_for_key_finish (shared_key, signet_test_async_wait_ticking (&result, &ticks),
                                                        &error);
  g_assert_no_error (error);
  g_assert_nonnull (files);

  cert = parse_certificate (signet_key_files_get_certificate (files));
  g_assert_true (g_file_get_contents (signet_key_files_get_key_path (files), &key_text, &key_len, NULL));
  key_pem = g_bytes_new_take (g_steal_pointer (&key_text), key_len);
  pkey = read_pem_key (key_pem);
  g_assert_cmpint (EVP_PKEY_eq (X509_get0_pubkey (cert), pkey), ==, 1);
  g_assert_cmpint (X509_verify (cert, pkey), ==, 1);

  /* It embeds the key's current keyring. */
  keyring = signet_personal_key_export_public (shared_key, &error);
  g_assert_no_error (error);
  {
    X509_EXTENSION *extension = find_extension (cert, SIGNET_BRIDGE_CERTIFICATE_KEYRING_OID);
    ASN1_OCTET_STRING *octets = X509_EXTENSION_get_data (extension);
    const unsigned char *p = ASN1_STRING_get0_data (octets);
    g_autoptr(ASN1_BIT_STRING) bits = d2i_ASN1_BIT_STRING (NULL, &p, ASN1_STRING_length (octets));

    g_assert_cmpmem (ASN1_STRING_get0_data (bits), ASN1_STRING_length (bits),
                     g_bytes_get_data (keyring, NULL), g_bytes_get_size (keyring));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Short: gpg-agent's socket goes into the home when there is no /run/user. */
  scratch_dir = g_dir_make_tmp ("signet-bc-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/bridge-certificate/structure", test_structure);
  g_test_add_func ("/bridge-certificate/extensions", test_extensions);
  g_test_add_func ("/bridge-certificate/keyring-extension", test_keyring_extension);
  g_test_add_func ("/bridge-certificate/public-key", test_public_key);
  g_test_add_func ("/bridge-certificate/xmpp-addr", test_xmpp_addr);
  g_test_add_func ("/bridge-certificate/openssl-command", test_openssl_command);
  g_test_add_func ("/bridge-certificate/key-round-trip", test_key_round_trip);
  g_test_add_func ("/bridge-certificate/user-ids", test_user_ids);
  g_test_add_func ("/bridge-certificate/errors", test_errors);
  g_test_add_func ("/bridge-certificate/key-files", test_key_files);
  g_test_add_func ("/bridge-certificate/key-files-directory", test_key_files_directory);
  g_test_add_func ("/bridge-certificate/for-key", test_for_key);

  status = g_test_run ();

  g_clear_object (&shared_key);
  g_clear_pointer (&shared_keyring, g_bytes_unref);
  g_clear_pointer (&shared_pem, g_bytes_unref);
  g_clear_pointer (&shared_certificate, g_bytes_unref);
  if (home != NULL && g_file_test (home, G_FILE_TEST_IS_DIR))
    signet_personal_key_stop_agent (home, NULL);
  signet_test_rm_rf (scratch_dir);
  g_clear_pointer (&home, g_free);
  g_clear_pointer (&scratch_dir, g_free);
  return status;
}
