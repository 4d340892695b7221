/* signet-bridge-certificate.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* memfd_create() is a GNU extension. */
#define _GNU_SOURCE 1

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "signet-bridge-certificate.h"
#include "signet-task.h"
#include "signet-tsan-private.h"

#define BRIDGE_ORGANIZATION "OpenPGP to X.509 Bridge"

G_DEFINE_QUARK (signet-bridge-certificate-error-quark, signet_bridge_certificate_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME, X509_NAME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_OBJECT, ASN1_OBJECT_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_BIT_STRING, ASN1_BIT_STRING_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_OCTET_STRING, ASN1_OCTET_STRING_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_EXTENSION, X509_EXTENSION_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GENERAL_NAMES, GENERAL_NAMES_free)

static gboolean
set_failed (GError **error)
{
  g_set_error_literal (error, SIGNET_BRIDGE_CERTIFICATE_ERROR,
                       SIGNET_BRIDGE_CERTIFICATE_ERROR_FAILED,
                       _("Could not create the login certificate"));
  return FALSE;
}

/* An encrypted key must fail, not make OpenSSL prompt on the terminal. */
static int
no_passphrase_cb (char *buf,
                  int   size,
                  int   rwflag,
                  void *user_data)
{
  return -1;
}

static EVP_PKEY *
read_private_key (GBytes  *pem,
                  GError **error)
{
  g_autoptr(BIO) bio = NULL;
  EVP_PKEY *pkey = NULL;
  gsize len = 0;
  const void *data = g_bytes_get_data (pem, &len);

  if (len > 0 && len <= G_MAXINT &&
      (bio = BIO_new_mem_buf (data, (int) len)) != NULL)
    pkey = PEM_read_bio_PrivateKey (bio, NULL, no_passphrase_cb, NULL);

  if (pkey == NULL || !EVP_PKEY_is_a (pkey, "RSA"))
    {
      EVP_PKEY_free (pkey);
      g_set_error_literal (error, SIGNET_BRIDGE_CERTIFICATE_ERROR,
                           SIGNET_BRIDGE_CERTIFICATE_ERROR_INVALID_KEY,
                           _("The personal key cannot be used for a login certificate"));
      return NULL;
    }

  return pkey;
}

/* The address inside the last "<…>" of the user id. */
static char *
jid_from_user_id (const char *user_id)
{
  const char *open = strrchr (user_id, '<');
  const char *close = open != NULL ? strchr (open, '>') : NULL;
  g_autofree char *jid = NULL;

  if (close == NULL)
    return NULL;

  jid = g_strndup (open + 1, close - open - 1);
  if (strchr (jid, '@') == NULL || jid[0] == '@')
    return NULL;

  return g_steal_pointer (&jid);
}

/* UTF8String entries set directly: going through OpenSSL's string table
 * would enforce the 64-character limit on CN, which a Kontalk user id
 * ("Name <40 hex digits@domain>") usually exceeds. */
static gboolean
add_name_entry (X509_NAME  *name,
                const char *field,
                const char *value)
{
  return X509_NAME_add_entry_by_txt (name, field, V_ASN1_UTF8STRING,
                                     (const unsigned char *) value, -1, -1, 0) == 1;
}

static X509_NAME *
make_name (const char * const *user_ids)
{
  g_autoptr(X509_NAME) name = X509_NAME_new ();

  if (name == NULL || !add_name_entry (name, "O", BRIDGE_ORGANIZATION))
    return NULL;

  for (gsize i = 0; user_ids[i] != NULL; i++)
    if (!add_name_entry (name, "CN", user_ids[i]))
      return NULL;

  return g_steal_pointer (&name);
}

static gboolean
add_conf_extension (X509       *cert,
                    X509V3_CTX *ctx,
                    int         nid,
                    const char *value)
{
  g_autoptr(X509_EXTENSION) extension = X509V3_EXT_conf_nid (NULL, ctx, nid, value);

  return extension != NULL && X509_add_ext (cert, extension, -1) == 1;
}

/* otherName id-on-xmppAddr: OpenSSL encodes the value as [0] EXPLICIT
 * UTF8String, the RFC 6120 form (Android's bare form makes OpenSSL 3
 * refuse the certificate). */
static gboolean
add_xmpp_addr (X509       *cert,
               const char *jid)
{
  g_autoptr(GENERAL_NAMES) names = sk_GENERAL_NAME_new_null ();
  GENERAL_NAME *name = GENERAL_NAME_new ();
  ASN1_OBJECT *oid = OBJ_txt2obj (SIGNET_BRIDGE_CERTIFICATE_XMPP_ADDR_OID, 1);
  ASN1_UTF8STRING *utf8 = ASN1_UTF8STRING_new ();
  ASN1_TYPE *value = ASN1_TYPE_new ();

  if (names == NULL || name == NULL || oid == NULL || utf8 == NULL || value == NULL ||
      ASN1_STRING_set (utf8, jid, -1) != 1)
    {
      GENERAL_NAME_free (name);
      ASN1_OBJECT_free (oid);
      ASN1_UTF8STRING_free (utf8);
      ASN1_TYPE_free (value);
      return FALSE;
    }

  ASN1_TYPE_set (value, V_ASN1_UTF8STRING, utf8);
  if (GENERAL_NAME_set0_othername (name, oid, value) != 1)
    {
      GENERAL_NAME_free (name);
      ASN1_OBJECT_free (oid);
      ASN1_TYPE_free (value);
      return FALSE;
    }

  if (sk_GENERAL_NAME_push (names, name) == 0)
    {
      GENERAL_NAME_free (name);
      return FALSE;
    }

  return X509_add1_ext_i2d (cert, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT) == 1;
}

/* extnValue = OCTET STRING { BIT STRING { keyring } }: the server reads the
 * octets, parses a BIT STRING and takes its bytes as the keyring. */
static gboolean
add_keyring (X509   *cert,
             GBytes *keyring)
{
  g_autoptr(ASN1_OBJECT) oid = OBJ_txt2obj (SIGNET_BRIDGE_CERTIFICATE_KEYRING_OID, 1);
  g_autoptr(ASN1_BIT_STRING) bits = ASN1_BIT_STRING_new ();
  g_autoptr(ASN1_OCTET_STRING) octets = ASN1_OCTET_STRING_new ();
  g_autoptr(X509_EXTENSION) extension = NULL;
  unsigned char *der = NULL;
  gsize len = 0;
  const guchar *data = g_bytes_get_data (keyring, &len);
  int der_len;

  if (oid == NULL || bits == NULL || octets == NULL || len > G_MAXINT / 2 ||
      ASN1_BIT_STRING_set (bits, (unsigned char *) data, (int) len) != 1)
    return FALSE;

  /* Say "no unused bits" explicitly; otherwise OpenSSL drops trailing zero
   * bits of the last byte from the encoding. */
  bits->flags &= ~(ASN1_STRING_FLAG_BITS_LEFT | 0x07);
  bits->flags |= ASN1_STRING_FLAG_BITS_LEFT;

  der_len = i2d_ASN1_BIT_STRING (bits, &der);
  if (der_len <= 0)
    return FALSE;

  if (ASN1_OCTET_STRING_set (octets, der, der_len) != 1)
    {
      OPENSSL_free (der);
      return FALSE;
    }
  OPENSSL_free (der);

  extension = X509_EXTENSION_create_by_OBJ (NULL, oid, 0, octets);
  return extension != NULL && X509_add_ext (cert, extension, -1) == 1;
}

static gboolean
add_extensions (X509       *cert,
                GBytes     *keyring,
                const char *jid)
{
  X509V3_CTX ctx;

  X509V3_set_ctx_nodb (&ctx);
  X509V3_set_ctx (&ctx, cert, cert, NULL, NULL, 0);

  /* The same set as Kontalk's Android client; SKI before AKI, which is
   * derived from it. */
  return add_conf_extension (cert, &ctx, NID_basic_constraints, "critical,CA:TRUE") &&
         add_conf_extension (cert, &ctx, NID_key_usage,
                             "critical,digitalSignature,nonRepudiation,"
                             "keyEncipherment,keyAgreement,keyCertSign") &&
         add_conf_extension (cert, &ctx, NID_netscape_cert_type, "client,email") &&
         add_conf_extension (cert, &ctx, NID_subject_key_identifier, "hash") &&
         add_conf_extension (cert, &ctx, NID_authority_key_identifier, "keyid:always") &&
         add_xmpp_addr (cert, jid) &&
         add_keyring (cert, keyring);
}

static GBytes *
certificate_to_pem (X509 *cert)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  char *pem = NULL;
  long len;

  if (bio == NULL || PEM_write_bio_X509 (bio, cert) != 1)
    return NULL;

  len = BIO_get_mem_data (bio, &pem);
  return len > 0 ? g_bytes_new (pem, len) : NULL;
}

static gboolean
check_arguments (GBytes             *public_keyring,
                 const char * const *user_ids,
                 char              **jid,
                 GError            **error)
{
  gboolean valid = public_keyring != NULL && g_bytes_get_size (public_keyring) > 0 &&
                   user_ids != NULL && user_ids[0] != NULL;

  for (gsize i = 0; valid && user_ids[i] != NULL; i++)
    valid = g_utf8_validate (user_ids[i], -1, NULL) && user_ids[i][0] != '\0';

  if (valid)
    valid = (*jid = jid_from_user_id (user_ids[0])) != NULL;

  if (!valid)
    g_set_error_literal (error, SIGNET_BRIDGE_CERTIFICATE_ERROR,
                         SIGNET_BRIDGE_CERTIFICATE_ERROR_INVALID_ARGUMENT,
                         _("The personal key has no usable user id"));
  return valid;
}

GBytes *
signet_bridge_certificate_new (GBytes             *private_key_pem,
                               GBytes             *public_keyring,
                               const char * const *user_ids,
                               gint64              creation_time,
                               GError            **error)
{
  g_autoptr(EVP_PKEY) pkey = NULL;
  g_autoptr(X509) cert = NULL;
  g_autoptr(X509_NAME) name = NULL;
  g_autofree char *jid = NULL;
  GBytes *pem;

  g_return_val_if_fail (private_key_pem != NULL, NULL);

  if (!check_arguments (public_keyring, user_ids, &jid, error) ||
      (pkey = read_private_key (private_key_pem, error)) == NULL)
    return NULL;

  /* Validity: notBefore = notAfter = key creation, as Kontalk does for keys
   * that never expire; servers do not check the dates. */
  if ((cert = X509_new ()) == NULL ||
      (name = make_name (user_ids)) == NULL ||
      X509_set_version (cert, X509_VERSION_3) != 1 ||
      ASN1_INTEGER_set (X509_get_serialNumber (cert), 1) != 1 ||
      X509_set_subject_name (cert, name) != 1 ||
      X509_set_issuer_name (cert, name) != 1 ||
      ASN1_TIME_set (X509_getm_notBefore (cert), (time_t) creation_time) == NULL ||
      ASN1_TIME_set (X509_getm_notAfter (cert), (time_t) creation_time) == NULL ||
      X509_set_pubkey (cert, pkey) != 1 ||
      !add_extensions (cert, public_keyring, jid) ||
      X509_sign (cert, pkey, EVP_sha256 ()) <= 0 ||
      (pem = certificate_to_pem (cert)) == NULL)
    {
      set_failed (error);
      return NULL;
    }

  return pem;
}

/* Key files ---------------------------------------------------------------- */

struct _SignetKeyFiles
{
  GBytes *certificate;
  char   *certificate_path;
  char   *key_path;
  /* The private directory, or NULL when the files are memfds. */
  char   *directory;
  int certificate_fd;
  int key_fd;
};

static gboolean
write_all (int     fd,
           GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  while (len > 0)
    {
      ssize_t written = write (fd, data, len);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;

      data += written;
      len -= written;
    }

  return TRUE;
}

static gboolean
set_files_error (GError **error,
                 int      saved_errno)
{
  g_set_error (error, SIGNET_BRIDGE_CERTIFICATE_ERROR, SIGNET_BRIDGE_CERTIFICATE_ERROR_FILES,
               _("Could not prepare the login certificate: %s"), g_strerror (saved_errno));
  return FALSE;
}

static SignetKeyFiles *
key_files_alloc (GBytes *certificate_pem)
{
  SignetKeyFiles *self = g_new0 (SignetKeyFiles, 1);

  self->certificate = g_bytes_ref (certificate_pem);
  self->certificate_fd = -1;
  self->key_fd = -1;
  return self;
}

/* Anonymous memory: never on disk, gone with the process even after a
 * crash, and /proc/self/fd/N can only be opened by this process (or one
 * allowed to ptrace it). */
static char *
write_memfd (GBytes *bytes,
             int    *fd_out)
{
  int fd = memfd_create ("signet-key", MFD_CLOEXEC);
  g_autofree char *path = NULL;

  if (fd < 0)
    return NULL;

  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  if (fchmod (fd, 0600) != 0 || !write_all (fd, bytes) || g_access (path, R_OK) != 0)
    {
      close (fd);
      return NULL;
    }

  *fd_out = fd;
  return g_steal_pointer (&path);
}

SignetKeyFiles *
signet_key_files_new (GBytes  *certificate_pem,
                      GBytes  *key_pem,
                      GError **error)
{
  g_autoptr(SignetKeyFiles) self = NULL;

  g_return_val_if_fail (certificate_pem != NULL, NULL);
  g_return_val_if_fail (key_pem != NULL, NULL);

  self = key_files_alloc (certificate_pem);
  if ((self->certificate_path = write_memfd (certificate_pem, &self->certificate_fd)) != NULL &&
      (self->key_path = write_memfd (key_pem, &self->key_fd)) != NULL)
    return g_steal_pointer (&self);

  /* No memfd (old kernel, seccomp) or no /proc: real files. */
  return signet_key_files_new_in_directory (certificate_pem, key_pem, NULL, error);
}

static char *
write_private_file (const char *directory,
                    const char *basename,
                    GBytes     *bytes,
                    GError    **error)
{
  g_autofree char *path = g_build_filename (directory, basename, NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  int saved_errno;

  if (fd < 0)
    {
      set_files_error (error, errno);
      return NULL;
    }

  if (!write_all (fd, bytes) || close (fd) != 0)
    {
      saved_errno = errno;
      g_unlink (path);
      set_files_error (error, saved_errno);
      return NULL;
    }

  return g_steal_pointer (&path);
}

SignetKeyFiles *
signet_key_files_new_in_directory (GBytes     *certificate_pem,
                                   GBytes     *key_pem,
                                   const char *parent,
                                   GError    **error)
{
  g_autoptr(SignetKeyFiles) self = NULL;
  g_autofree char *template = NULL;
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");

  g_return_val_if_fail (certificate_pem != NULL, NULL);
  g_return_val_if_fail (key_pem != NULL, NULL);

  /* Not g_get_user_runtime_dir(): it falls back to the cache directory,
   * which may be on persistent storage and backed up. */
  if (parent == NULL)
    parent = runtime_dir != NULL && g_file_test (runtime_dir, G_FILE_TEST_IS_DIR)
             ? runtime_dir : g_get_tmp_dir ();

  self = key_files_alloc (certificate_pem);
  template = g_build_filename (parent, "signet-XXXXXX", NULL);
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      set_files_error (error, errno);
      return NULL;
    }
  self->directory = g_steal_pointer (&template);

  if ((self->certificate_path = write_private_file (self->directory, "certificate.pem",
                                                    certificate_pem, error)) == NULL ||
      (self->key_path = write_private_file (self->directory, "key.pem", key_pem, error)) == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
signet_key_files_get_certificate_path (const SignetKeyFiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->certificate_path;
}

const char *
signet_key_files_get_key_path (const SignetKeyFiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->key_path;
}

GBytes *
signet_key_files_get_certificate (const SignetKeyFiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->certificate;
}

void
signet_key_files_free (SignetKeyFiles *self)
{
  if (self == NULL)
    return;

  if (self->directory != NULL)
    {
      if (self->key_path != NULL)
        g_unlink (self->key_path);
      if (self->certificate_path != NULL)
        g_unlink (self->certificate_path);
      g_rmdir (self->directory);
    }

  if (self->key_fd >= 0)
    close (self->key_fd);
  if (self->certificate_fd >= 0)
    close (self->certificate_fd);

  g_clear_pointer (&self->certificate, g_bytes_unref);
  g_free (self->certificate_path);
  g_free (self->key_path);
  g_free (self->directory);
  g_free (self);
}

/* From a personal key -------------------------------------------------------- */

/* @keyring: the public key as the certificate carries it, or %NULL for the
 * key as it is in its keyring now. */
static SignetKeyFiles *
new_for_key (SignetPersonalKey *key,
             GBytes            *keyring,
             GError           **error)
{
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GBytes) key_pem = NULL;
  g_autoptr(GBytes) certificate = NULL;
  const char *user_ids[2] = { NULL, NULL };

  user_ids[0] = signet_personal_key_get_user_id (key);
  if (keyring == NULL && (keyring = exported = signet_personal_key_export_public (key, error)) == NULL)
    return NULL;
  if ((key_pem = signet_personal_key_export_tls_key (key, error)) == NULL ||
      (certificate = signet_bridge_certificate_new (key_pem, keyring, user_ids,
                                                    signet_personal_key_get_creation_time (key),
                                                    error)) == NULL)
    return NULL;

  return signet_key_files_new (certificate, key_pem, error);
}

SignetKeyFiles *
signet_bridge_certificate_new_for_key (SignetPersonalKey *key,
                                       GError           **error)
{
  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (key), NULL);

  return new_for_key (key, NULL, error);
}

static void
new_for_key_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  SignetKeyFiles *files;

  signet_tsan_acquire (task);
  files = new_for_key (source_object, task_data, &error);
  signet_task_return_from_thread (task, files, (GDestroyNotify) signet_key_files_free, error);
}

void
signet_bridge_certificate_new_for_key_async (SignetPersonalKey  *key,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data)
{
  signet_bridge_certificate_new_for_keyring_async (key, NULL, cancellable, callback, user_data);
}

/* With the certified key as the server sent it back (and as it was
 * imported), the certificate needs no export from GnuPG: one process less
 * between the code and the login.  Finished with
 * signet_bridge_certificate_new_for_key_finish(). */
void
signet_bridge_certificate_new_for_keyring_async (SignetPersonalKey  *key,
                                                 GBytes             *keyring,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SIGNET_IS_PERSONAL_KEY (key));

  task = g_task_new (key, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_bridge_certificate_new_for_key_async);
  if (keyring != NULL)
    g_task_set_task_data (task, g_bytes_ref (keyring), (GDestroyNotify) g_bytes_unref);
  signet_tsan_release (task);
  g_task_run_in_thread (task, new_for_key_thread);
}

SignetKeyFiles *
signet_bridge_certificate_new_for_key_finish (SignetPersonalKey *key,
                                              GAsyncResult      *result,
                                              GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, key), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        signet_bridge_certificate_new_for_key_async, NULL);

  signet_tsan_acquire (result);
  return g_task_propagate_pointer (G_TASK (result), error);
}
