/* signet-key-pack.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "signet-account-store.h"
#include "signet-bridge-certificate.h"
#include "signet-key-pack.h"
#include "signet-state-file.h"
#include "signet-task.h"
#include "signet-zip.h"

/* Android's PersonalKeyExporter names the PKCS#12 entry so. */
#define P12_ALIAS "Kontalk Personal Key"
/* More entries than a pack ever has (Android writes seven). */
#define MAX_ENTRIES 16

struct _SignetKeyPack
{
  GObject parent_instance;

  char   *phone;
  GBytes *private_key;
  GBytes *public_key;
  GBytes *trusted;
};

G_DEFINE_FINAL_TYPE (SignetKeyPack, signet_key_pack, G_TYPE_OBJECT)

G_DEFINE_QUARK (signet-key-pack-error-quark, signet_key_pack_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS12, PKCS12_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)


static void
signet_key_pack_finalize (GObject *object)
{
  SignetKeyPack *self = (SignetKeyPack *) object;

  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->private_key, g_bytes_unref);
  g_clear_pointer (&self->public_key, g_bytes_unref);
  g_clear_pointer (&self->trusted, g_bytes_unref);

  G_OBJECT_CLASS (signet_key_pack_parent_class)->finalize (object);
}

static void
signet_key_pack_class_init (SignetKeyPackClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_key_pack_finalize;
}

static void
signet_key_pack_init (SignetKeyPack *self)
{
}

static gboolean
bad_key_pack (GError    **error,
              const char *message)
{
  g_set_error_literal (error, SIGNET_KEY_PACK_ERROR, SIGNET_KEY_PACK_ERROR_BAD_KEY_PACK, message);
  return FALSE;
}

const char *
signet_key_pack_get_phone (SignetKeyPack *self)
{
  g_return_val_if_fail (SIGNET_IS_KEY_PACK (self), NULL);
  return self->phone;
}

GBytes *
signet_key_pack_get_private_key (SignetKeyPack *self)
{
  g_return_val_if_fail (SIGNET_IS_KEY_PACK (self), NULL);
  return self->private_key;
}

GBytes *
signet_key_pack_get_public_key (SignetKeyPack *self)
{
  g_return_val_if_fail (SIGNET_IS_KEY_PACK (self), NULL);
  return self->public_key;
}

/* Properties --------------------------------------------------------------- */

/* The value of @key in a java.util.Properties text: "key=value" or
 * "key: value" lines, '#' and '!' comments, backslash escapes (the '+'
 * of a number is never escaped, but a ':' could be). */
static char *
properties_lookup (GBytes     *bytes,
                   const char *key)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  /* An empty file's bytes have no data at all, not an empty string. */
  g_autofree char *text = g_strndup (data != NULL ? data : "", size);
  g_auto(GStrv) lines = g_strsplit_set (text, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchug (lines[i]);
      char *sep = strpbrk (line, "=:");
      GString *value;

      if (*line == '#' || *line == '!' || sep == NULL)
        continue;
      *sep = '\0';
      if (!g_str_equal (g_strchomp (line), key))
        continue;

      value = g_string_new (NULL);
      for (const char *p = g_strstrip (sep + 1); *p != '\0'; p++)
        if (*p != '\\' || *++p != '\0')
          g_string_append_c (value, *p);
        else
          break;
      return g_string_free (value, FALSE);
    }

  return NULL;
}

/* Reading ------------------------------------------------------------------ */

/* The slot for a known name, or NULL for a file to skip.  Any name with a
 * directory part is refused outright: a pack is flat. */
static GBytes **
entry_slot (SignetKeyPack *self,
            GBytes       **account_info,
            const char    *name,
            GError       **error)
{
  if (name == NULL || strchr (name, '/') != NULL || strchr (name, '\\') != NULL ||
      g_str_equal (name, "..") || g_str_equal (name, "."))
    {
      bad_key_pack (error, _("The key pack holds a file outside its top folder."));
      return NULL;
    }

  if (g_str_equal (name, SIGNET_KEY_PACK_PRIVATE_KEY))
    return &self->private_key;
  if (g_str_equal (name, SIGNET_KEY_PACK_PUBLIC_KEY))
    return &self->public_key;
  if (g_str_equal (name, SIGNET_KEY_PACK_TRUSTED))
    return &self->trusted;
  if (g_str_equal (name, SIGNET_KEY_PACK_ACCOUNT_INFO))
    return account_info;

  return NULL;
}

/* Reads the current entry, stopping after the limit whatever the header
 * claims: that is what defuses a zip bomb. */
static GBytes *
read_entry (const SignetZip *zip,
            SignetZipReader *reader,
            GError         **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[8192];
  gssize n;

  while ((n = zip->reader_read (reader, buffer, sizeof buffer)) > 0)
    {
      if (data->len + n > SIGNET_KEY_PACK_MAX_ENTRY_SIZE)
        {
          bad_key_pack (error, _("A file in the key pack is too large."));
          return NULL;
        }
      g_byte_array_append (data, buffer, n);
    }

  if (n < 0)
    {
      bad_key_pack (error, _("The key pack is damaged."));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static gboolean
read_entries (SignetKeyPack   *self,
              const SignetZip *zip,
              SignetZipReader *reader,
              GBytes         **account_info,
              GError         **error)
{
  const char *name = NULL;
  gboolean regular = FALSE;
  guint n_entries = 0;
  SignetZipNext r;

  while ((r = zip->reader_next (reader, &name, &regular)) == SIGNET_ZIP_NEXT_ENTRY)
    {
      GBytes **slot;

      if (++n_entries > MAX_ENTRIES)
        return bad_key_pack (error, _("The key pack holds too many files."));

      slot = entry_slot (self, account_info, name, error);
      if (slot == NULL && *error != NULL)
        return FALSE;
      if (slot == NULL || !regular)
        continue;
      if (*slot != NULL)
        return bad_key_pack (error, _("The key pack holds a file twice."));
      if ((*slot = read_entry (zip, reader, error)) == NULL)
        return FALSE;
    }

  if (r != SIGNET_ZIP_NEXT_END)
    return bad_key_pack (error, _("This file is not a key pack."));

  return TRUE;
}

SignetKeyPack *
signet_key_pack_new_from_bytes (GBytes  *data,
                                GError **error)
{
  g_autoptr(SignetKeyPack) self = g_object_new (SIGNET_TYPE_KEY_PACK, NULL);
  g_autoptr(GBytes) account_info = NULL;
  GError *local_error = NULL;
  const SignetZip *zip;
  SignetZipReader *reader;
  gboolean read;

  g_return_val_if_fail (data != NULL, NULL);

  if (g_bytes_get_size (data) > SIGNET_KEY_PACK_MAX_SIZE)
    {
      bad_key_pack (error, _("This file is too large to be a key pack."));
      return NULL;
    }

  zip = signet_zip_get (error);
  if (zip == NULL)
    return NULL;

  reader = zip->reader_new (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  if (reader == NULL)
    {
      bad_key_pack (error, _("This file is not a key pack."));
      return NULL;
    }

  read = read_entries (self, zip, reader, &account_info, &local_error);
  zip->reader_free (reader);
  if (!read)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (self->private_key == NULL || self->public_key == NULL)
    {
      bad_key_pack (error, _("This file is not a key pack: it holds no personal key."));
      return NULL;
    }

  if (account_info == NULL || !signet_state_file_is_e164 (self->phone = properties_lookup (account_info, "phoneNumber")))
    {
      bad_key_pack (error, _("The key pack does not say which phone number it belongs to."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

SignetKeyPack *
signet_key_pack_new_from_file (const char *path,
                               GError    **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, SIGNET_KEY_PACK_ERROR, SIGNET_KEY_PACK_ERROR_FAILED,
                   _("Could not read the key pack: %s"), local_error->message);
      g_error_free (local_error);
      return NULL;
    }

  bytes = g_mapped_file_get_bytes (file);
  return signet_key_pack_new_from_bytes (bytes, error);
}

/* Importing ---------------------------------------------------------------- */

gboolean
signet_key_pack_key_matches_phone (SignetPersonalKey *key,
                                   const char        *e164)
{
  g_autofree char *localpart = NULL;
  const char *jid;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (key), FALSE);
  g_return_val_if_fail (e164 != NULL, FALSE);

  jid = signet_personal_key_get_jid (key);
  localpart = g_compute_checksum_for_string (G_CHECKSUM_SHA1, e164, -1);
  return jid != NULL && g_str_has_prefix (jid, localpart) && jid[strlen (localpart)] == '@';
}

SignetPersonalKey *
signet_key_pack_import_key (SignetKeyPack *self,
                            const char    *home,
                            const char    *password,
                            GError       **error)
{
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SIGNET_IS_KEY_PACK (self), NULL);
  g_return_val_if_fail (home != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  key = signet_personal_key_import_secret (home, self->private_key, self->public_key, password,
                                           signet_account_store_key_in_use, &local_error);
  if (key == NULL)
    {
      /* Only a home that cannot be used is our problem; anything else is
       * the pack's (or its password's). */
      if (g_error_matches (local_error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_HOME) ||
          g_error_matches (local_error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_EXISTS) ||
          g_error_matches (local_error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_ENGINE_UNAVAILABLE))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        {
          g_debug ("The key pack's key could not be imported: %s", local_error->message);
          bad_key_pack (error, _("The password is wrong, or the key pack is damaged."));
        }
      return NULL;
    }

  if (!signet_key_pack_key_matches_phone (key, self->phone))
    {
      signet_personal_key_delete (key, NULL);
      bad_key_pack (error, _("The key in the key pack belongs to another phone number."));
      return NULL;
    }

  return g_steal_pointer (&key);
}

typedef struct
{
  char *home;
  char *password;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_free (data->home);
  if (data->password != NULL)
    explicit_bzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;
  SignetPersonalKey *key;

  key = signet_key_pack_import_key (source_object, data->home, data->password, &error);
  signet_task_return_from_thread (task, key, g_object_unref, error);
}

void
signet_key_pack_import_key_async (SignetKeyPack      *self,
                                  const char         *home,
                                  const char         *password,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (SIGNET_IS_KEY_PACK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_key_pack_import_key_async);
  data = g_new0 (ImportData, 1);
  data->home = g_strdup (home);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

SignetPersonalKey *
signet_key_pack_import_key_finish (SignetKeyPack *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Writing ------------------------------------------------------------------ */

/* The bridge certificate and its RSA key as PKCS#12, the way Android's
 * KeyStore writes it: SHA-1/3DES for both bags and a SHA-1 MAC, which
 * every reader (and OpenSSL 3 without its legacy provider) opens. */
static GBytes *
make_p12 (SignetPersonalKey *key,
          const char        *password,
          GError           **error)
{
  g_autoptr(SignetKeyFiles) files = NULL;
  g_autoptr(GBytes) tls_key = NULL;
  g_autoptr(GBytes) certificate = NULL;
  g_autoptr(BIO) key_bio = NULL;
  g_autoptr(BIO) cert_bio = NULL;
  g_autoptr(EVP_PKEY) pkey = NULL;
  g_autoptr(X509) x509 = NULL;
  g_autoptr(PKCS12) p12 = NULL;
  unsigned char *der = NULL;
  int len;

  if ((files = signet_bridge_certificate_new_for_key (key, error)) == NULL ||
      (tls_key = signet_personal_key_export_tls_key (key, error)) == NULL)
    return NULL;

  certificate = g_bytes_ref (signet_key_files_get_certificate (files));
  key_bio = BIO_new_mem_buf (g_bytes_get_data (tls_key, NULL), g_bytes_get_size (tls_key));
  cert_bio = BIO_new_mem_buf (g_bytes_get_data (certificate, NULL), g_bytes_get_size (certificate));
  pkey = PEM_read_bio_PrivateKey (key_bio, NULL, NULL, NULL);
  x509 = PEM_read_bio_X509 (cert_bio, NULL, NULL, NULL);
  if (pkey != NULL && x509 != NULL)
    p12 = PKCS12_create (password, P12_ALIAS, pkey, x509, NULL,
                         NID_pbe_WithSHA1And3_Key_TripleDES_CBC, NID_pbe_WithSHA1And3_Key_TripleDES_CBC,
                         PKCS12_DEFAULT_ITER, 1, 0);
  if (p12 == NULL || (len = i2d_PKCS12 (p12, &der)) <= 0)
    {
      g_set_error_literal (error, SIGNET_KEY_PACK_ERROR, SIGNET_KEY_PACK_ERROR_FAILED,
                           _("Could not put the login certificate in the key pack"));
      return NULL;
    }

  return g_bytes_new_with_free_func (der, len, (GDestroyNotify) CRYPTO_free, der);
}

/* Java's Properties.store(): a comment line, the date, then the pairs. */
static GBytes *
make_properties (const char *key,
                 const char *value)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%a %b %d %H:%M:%S UTC %Y");
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "#%s\n", date);
  if (key != NULL)
    g_string_append_printf (text, "%s=%s\n", key, value);

  return g_string_free_to_bytes (text);
}

static GBytes *
zip_entries (const char * const *names,
             GBytes            **contents,
             GError            **error)
{
  const SignetZip *zip = signet_zip_get (error);
  GBytes *bytes;

  if (zip == NULL)
    return NULL;

  bytes = zip->write (names, contents);
  if (bytes == NULL)
    g_set_error_literal (error, SIGNET_KEY_PACK_ERROR, SIGNET_KEY_PACK_ERROR_FAILED,
                         _("Could not write the key pack"));

  return bytes;
}

GBytes *
signet_key_pack_export (SignetPersonalKey *key,
                        const char        *e164,
                        const char        *password,
                        GError           **error)
{
  const char * const names[] = {
    SIGNET_KEY_PACK_PUBLIC_KEY, SIGNET_KEY_PACK_PRIVATE_KEY, SIGNET_KEY_PACK_LOGIN_P12,
    SIGNET_KEY_PACK_TRUSTED, SIGNET_KEY_PACK_ACCOUNT_INFO, NULL
  };
  GBytes *contents[G_N_ELEMENTS (names)] = { NULL };
  GBytes *zip = NULL;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (key), NULL);
  g_return_val_if_fail (signet_state_file_is_e164 (e164), NULL);
  g_return_val_if_fail (password != NULL && strlen (password) >= SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH, NULL);

  if ((contents[0] = signet_personal_key_export_public_armored (key, error)) != NULL &&
      (contents[1] = signet_personal_key_export_secret (key, password, error)) != NULL &&
      (contents[2] = make_p12 (key, password, error)) != NULL)
    {
      contents[3] = make_properties (NULL, NULL);
      contents[4] = make_properties ("phoneNumber", e164);
      zip = zip_entries (names, contents, error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    g_clear_pointer (&contents[i], g_bytes_unref);
  return zip;
}

typedef struct
{
  SignetPersonalKey *key;
  char *e164;
  char *password;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->key);
  g_free (data->e164);
  if (data->password != NULL)
    explicit_bzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;
  GBytes *zip;

  zip = signet_key_pack_export (data->key, data->e164, data->password, &error);
  signet_task_return_from_thread (task, zip, (GDestroyNotify) g_bytes_unref, error);
}

void
signet_key_pack_export_async (SignetPersonalKey  *key,
                              const char         *e164,
                              const char         *password,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (SIGNET_IS_PERSONAL_KEY (key));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_key_pack_export_async);
  data = g_new0 (ExportData, 1);
  data->key = g_object_ref (key);
  data->e164 = g_strdup (e164);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

GBytes *
signet_key_pack_export_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
signet_key_pack_save (GBytes     *zip,
                      const char *path,
                      GError    **error)
{
  g_return_val_if_fail (zip != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return g_file_set_contents_full (path, g_bytes_get_data (zip, NULL), g_bytes_get_size (zip),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
