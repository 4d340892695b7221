/* signet-key-import.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-account-store.h"
#include "signet-device-link.h"
#include "signet-key-import.h"
#include "signet-key-pack.h"
#include "signet-registration.h"
#include "signet-verification.h"

struct _SignetKeyImport
{
  GObject parent_instance;

  SignetConnection  *server;
  char              *home;
  SignetPersonalKey *key;
  char              *phone;
  SignetAccount     *account;
  GError            *keyring_error;
  SignetStanzaError *server_error;
  SignetVerification *verification;
};

G_DEFINE_FINAL_TYPE (SignetKeyImport, signet_key_import, G_TYPE_OBJECT)

static void
signet_key_import_finalize (GObject *object)
{
  SignetKeyImport *self = (SignetKeyImport *) object;

  g_clear_object (&self->server);
  g_clear_pointer (&self->home, g_free);
  g_clear_object (&self->key);
  g_clear_pointer (&self->phone, g_free);
  g_clear_object (&self->account);
  g_clear_error (&self->keyring_error);
  g_clear_pointer (&self->server_error, signet_stanza_error_free);
  g_clear_object (&self->verification);

  G_OBJECT_CLASS (signet_key_import_parent_class)->finalize (object);
}

static void
signet_key_import_class_init (SignetKeyImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_key_import_finalize;
}

static void
signet_key_import_init (SignetKeyImport *self)
{
}

SignetKeyImport *
signet_key_import_new (SignetConnection *server,
                       const char       *home)
{
  SignetKeyImport *self;

  g_return_val_if_fail (SIGNET_IS_CONNECTION (server), NULL);

  self = g_object_new (SIGNET_TYPE_KEY_IMPORT, NULL);
  self->server = g_object_ref (server);
  self->home = home != NULL ? g_strdup (home) : signet_personal_key_get_default_home ();
  return self;
}

/* Each attempt starts from nothing: an earlier key was the caller's. */
static GTask *
start (SignetKeyImport    *self,
       GCancellable       *cancellable,
       GAsyncReadyCallback callback,
       gpointer            user_data,
       gpointer            source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_clear_object (&self->key);
  g_clear_pointer (&self->phone, g_free);
  g_clear_object (&self->account);
  g_clear_error (&self->keyring_error);
  g_clear_pointer (&self->server_error, signet_stanza_error_free);
  g_clear_object (&self->verification);
  return task;
}

/* Storing ------------------------------------------------------------------ */

/* The display name of a user id "Name <jid>", or NULL. */
char *
signet_key_import_dup_display_name (SignetKeyImport *self)
{
  const char *user_id, *open;
  g_autofree char *name = NULL;

  g_return_val_if_fail (SIGNET_IS_KEY_IMPORT (self), NULL);

  user_id = self->key != NULL ? signet_personal_key_get_user_id (self->key) : NULL;
  open = user_id != NULL ? strchr (user_id, '<') : NULL;
  name = open != NULL ? g_strndup (user_id, open - user_id) : NULL;
  return name != NULL && *g_strstrip (name) != '\0' ? g_steal_pointer (&name) : NULL;
}

static void
on_secret_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetKeyImport *self = g_task_get_source_object (task);
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *name = signet_key_import_dup_display_name (self);
  g_autoptr(GError) error = NULL;

  signet_account_store_save_secret_finish (result, &self->keyring_error);
  account = signet_account_new (SIGNET_ACCOUNT_KIND_KONTALK, signet_connection_get_domain (self->server),
                                signet_personal_key_get_jid (self->key));
  signet_account_set_phone (account, self->phone);
  signet_account_set_display_name (account, name);
  signet_account_set_fingerprint (account, signet_personal_key_get_fingerprint (self->key));
  signet_account_set_created (account, now);
  /* Later commands on this account reach its server the same way. */
  signet_account_set_connection (account, signet_connection_get_host (self->server),
                                 signet_connection_get_port (self->server),
                                 signet_connection_get_direct_tls (self->server),
                                 signet_connection_get_trusted_sha256 (self->server));
  signet_account_set_keyring_stored (account, self->keyring_error == NULL);
  if (!signet_account_store_save (account, &error))
    g_warning ("Could not save the account record: %s", error->message);

  self->account = g_steal_pointer (&account);
  g_task_return_boolean (task, TRUE);
}

/* Logging in --------------------------------------------------------------- */

static void
fail (GTask  *task,
      GError *error)
{
  SignetKeyImport *self = g_task_get_source_object (task);

  /* Only a refused login keeps the key: it can be certified again. */
  if (self->key != NULL &&
      !g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED))
    signet_key_import_discard (self);
  g_task_return_error (task, error);
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetKeyImport *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!signet_verification_login_finish (SIGNET_VERIFICATION (source), result, &error))
    {
      const SignetStanzaError *server_error = signet_verification_get_server_error (SIGNET_VERIFICATION (source));

      if (server_error != NULL)
        self->server_error = signet_stanza_error_copy (server_error);
      fail (task, error);
      return;
    }

  signet_account_store_save_secret_async (SIGNET_ACCOUNT_KIND_KONTALK, signet_connection_get_domain (self->server),
                                          signet_personal_key_get_jid (self->key),
                                          signet_personal_key_get_passphrase (self->key),
                                          g_task_get_cancellable (task), on_secret_saved, g_object_ref (task));
}

static void
log_in (GTask *task)
{
  SignetKeyImport *self = g_task_get_source_object (task);
  g_autoptr(SignetConnection) server = signet_connection_new_like (self->server);

  self->verification = signet_verification_new (server, self->key);
  signet_verification_login_async (self->verification, g_task_get_cancellable (task), on_logged_in,
                                   g_object_ref (task));
}

/* Key packs ---------------------------------------------------------------- */

static void
on_pack_imported (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetKeyImport *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->key = signet_key_pack_import_key_finish (SIGNET_KEY_PACK (source), result, &error);
  /* A key imported while the person cancelled is not left behind. */
  if (self->key != NULL && g_task_return_error_if_cancelled (task))
    {
      signet_key_import_discard (self);
      return;
    }
  if (self->key == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  log_in (task);
}

void
signet_key_import_pack_async (SignetKeyImport    *self,
                              const char         *path,
                              const char         *password,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SignetKeyPack) pack = NULL;
  GError *error = NULL;

  g_return_if_fail (SIGNET_IS_KEY_IMPORT (self));
  g_return_if_fail (path != NULL && password != NULL);

  task = start (self, cancellable, callback, user_data, signet_key_import_pack_async);
  /* At most a megabyte: read here, before any thread. */
  if ((pack = signet_key_pack_new_from_file (path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  self->phone = g_strdup (signet_key_pack_get_phone (pack));
  signet_key_pack_import_key_async (pack, self->home, password, cancellable, on_pack_imported,
                                    g_steal_pointer (&task));
}

/* Links -------------------------------------------------------------------- */

typedef struct
{
  char   *home;
  char   *password;
  GBytes *secret;
  GBytes *public_key;
} SecretData;

static void
secret_data_free (SecretData *data)
{
  g_free (data->home);
  if (data->password != NULL)
    explicit_bzero (data->password, strlen (data->password));
  g_free (data->password);
  g_clear_pointer (&data->secret, g_bytes_unref);
  g_clear_pointer (&data->public_key, g_bytes_unref);
  g_free (data);
}

/* GnuPG blocks: the key is imported in a thread. */
static void
import_secret_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  SecretData *data = task_data;
  GError *error = NULL;
  SignetPersonalKey *key;

  key = signet_personal_key_import_secret (data->home, data->secret, data->public_key, data->password,
                                           signet_account_store_key_in_use, &error);
  if (key == NULL && g_error_matches (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_BAD_PASSPHRASE))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, SIGNET_KEY_PACK_ERROR, SIGNET_KEY_PACK_ERROR_BAD_KEY_PACK,
                           _("The password does not unlock the key. The code is used up: "
                             "link again from the other device."));
    }

  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, g_object_unref);
}

static void
on_secret_imported (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetKeyImport *self = g_task_get_source_object (task);
  g_autofree char *jid = NULL;
  GError *error = NULL;

  self->key = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->key == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Like Android: the key must be this number's, whatever the server sent. */
  jid = signet_personal_key_make_jid (self->phone, signet_connection_get_domain (self->server));
  if (g_ascii_strcasecmp (signet_personal_key_get_jid (self->key), jid) != 0)
    {
      fail (task, g_error_new_literal (SIGNET_DEVICE_LINK_ERROR, SIGNET_DEVICE_LINK_ERROR_WRONG_NUMBER,
                                       _("The key the server sent belongs to another phone number.")));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      signet_key_import_discard (self);
      return;
    }

  log_in (task);
}

static void
on_retrieved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetKeyImport *self = g_task_get_source_object (task);
  SecretData *data = g_task_get_task_data (task);
  g_autoptr(GTask) thread = NULL;
  GError *error = NULL;

  data->secret = signet_device_link_retrieve_finish (result, &data->public_key, &self->server_error, &error);
  if (data->secret == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  thread = g_task_new (self, g_task_get_cancellable (task), on_secret_imported, g_object_ref (task));
  g_task_set_task_data (thread, data, NULL);
  g_task_run_in_thread (thread, import_secret_thread);
}

void
signet_key_import_link_async (SignetKeyImport    *self,
                              const char         *text,
                              const char         *password,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SignetConnection) server = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *token = NULL;
  SecretData *data;
  GError *error = NULL;

  g_return_if_fail (SIGNET_IS_KEY_IMPORT (self));
  g_return_if_fail (text != NULL && password != NULL);

  task = start (self, cancellable, callback, user_data, signet_key_import_link_async);
  if (!signet_device_link_parse_text (text, &self->phone, &domain, &token, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (SecretData, 1);
  data->home = g_strdup (self->home);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) secret_data_free);
  server = signet_connection_new_like (self->server);
  signet_device_link_retrieve_async (server, token, cancellable, on_retrieved, g_steal_pointer (&task));
  explicit_bzero (token, strlen (token));
}

gboolean
signet_key_import_finish (SignetKeyImport *self,
                          GAsyncResult    *result,
                          GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Accessors ---------------------------------------------------------------- */

SignetPersonalKey *
signet_key_import_get_key (SignetKeyImport *self)
{
  g_return_val_if_fail (SIGNET_IS_KEY_IMPORT (self), NULL);

  return self->key;
}

const char *
signet_key_import_get_phone (SignetKeyImport *self)
{
  g_return_val_if_fail (SIGNET_IS_KEY_IMPORT (self), NULL);

  return self->phone;
}

SignetAccount *
signet_key_import_get_account (SignetKeyImport *self)
{
  g_return_val_if_fail (SIGNET_IS_KEY_IMPORT (self), NULL);

  return self->account;
}

const GError *
signet_key_import_get_keyring_error (SignetKeyImport *self)
{
  g_return_val_if_fail (SIGNET_IS_KEY_IMPORT (self), NULL);

  return self->keyring_error;
}

const SignetStanzaError *
signet_key_import_get_server_error (SignetKeyImport *self)
{
  g_return_val_if_fail (SIGNET_IS_KEY_IMPORT (self), NULL);

  return self->server_error;
}

void
signet_key_import_discard (SignetKeyImport *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SIGNET_IS_KEY_IMPORT (self));

  if (self->key != NULL && !signet_personal_key_delete (self->key, &error))
    g_message ("Could not remove the imported key: %s", error->message);
  g_clear_object (&self->key);
}
