/* signet-account-key.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-account-key.h"
#include "signet-account-store.h"
#include "signet-device-link.h"
#include "signet-key-pack.h"
#include "signet-secret-store.h"

G_DEFINE_QUARK (signet-account-key-error-quark, signet_account_key_error)

typedef struct
{
  SignetAccount     *account;
  SignetConnection  *server;
  SignetPersonalKey *key;
  SignetStanzaError *server_error;
  char              *password;
  char              *path;
} KeyData;

static void
wipe (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
key_data_free (KeyData *data)
{
  g_clear_object (&data->account);
  g_clear_object (&data->server);
  g_clear_object (&data->key);
  g_clear_pointer (&data->server_error, signet_stanza_error_free);
  g_clear_pointer (&data->password, wipe);
  g_free (data->path);
  g_free (data);
}

static GTask *
key_task_new (SignetAccount      *account,
              const char         *password,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data,
              gpointer            source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  KeyData *data = g_new0 (KeyData, 1);

  g_task_set_source_tag (task, source_tag);
  data->account = g_object_ref (account);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) key_data_free);
  return task;
}

gboolean
signet_account_key_check_password (const char *password,
                                   GError    **error)
{
  if (password != NULL && g_utf8_strlen (password, -1) >= SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH)
    return TRUE;

  g_set_error (error, SIGNET_ACCOUNT_KEY_ERROR, SIGNET_ACCOUNT_KEY_ERROR_PASSWORD_TOO_SHORT,
               g_dngettext (GETTEXT_PACKAGE,
                            "The export password must have at least %d character.",
                            "The export password must have at least %d characters.",
                            SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH),
               SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH);
  return FALSE;
}

/* Load ---------------------------------------------------------------------- */

static void
on_key_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SignetPersonalKey *key = signet_personal_key_load_finish (result, &error);

  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, g_object_unref);
}

static void
on_passphrase (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyData *data = g_task_get_task_data (task);
  g_autofree char *home = signet_personal_key_get_default_home ();
  GCancellable *cancellable;
  GError *error = NULL;
  char *passphrase = signet_account_store_lookup_secret_finish (result, &error);

  if (passphrase == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  signet_personal_key_load_async (home, signet_account_get_fingerprint (data->account), passphrase,
                                  cancellable, on_key_loaded, g_steal_pointer (&task));
  signet_account_store_free_secret (passphrase);
}

void
signet_account_key_load_async (SignetAccount      *account,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SIGNET_IS_ACCOUNT (account));

  task = key_task_new (account, NULL, cancellable, callback, user_data, signet_account_key_load_async);
  if (signet_account_get_kind (account) != SIGNET_ACCOUNT_KIND_KONTALK ||
      signet_account_get_fingerprint (account) == NULL || signet_account_get_phone (account) == NULL)
    {
      g_task_return_new_error (task, SIGNET_ACCOUNT_KEY_ERROR, SIGNET_ACCOUNT_KEY_ERROR_NO_KEY,
                               _("Signet has no key for this account: only Kontalk accounts have one."));
      return;
    }

  signet_account_store_lookup_secret_async (SIGNET_ACCOUNT_KIND_KONTALK, signet_account_get_server (account),
                                            signet_account_get_jid (account), cancellable,
                                            on_passphrase, g_steal_pointer (&task));
}

SignetPersonalKey *
signet_account_key_load_finish (GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Checks the export password, then loads the account's key and calls
 * @then with it; takes @task. */
static void
load_then (GTask              *task,
           GAsyncReadyCallback then)
{
  KeyData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!signet_account_key_check_password (data->password, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  signet_account_key_load_async (data->account, g_task_get_cancellable (task), then, task);
}

static gboolean
take_key (GTask        *task,
          GAsyncResult *result)
{
  KeyData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->key = signet_account_key_load_finish (result, &error);
  if (data->key == NULL)
    g_task_return_error (task, error);
  return data->key != NULL;
}

/* Export -------------------------------------------------------------------- */

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) zip = NULL;
  GError *error = NULL;

  zip = signet_key_pack_export_finish (result, &error);
  /* Cancelled while the pack was made: nothing is written. */
  if (zip == NULL || g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error) ||
      !signet_key_pack_save (zip, data->path, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_object_ref (data->key), g_object_unref);
}

static void
on_export_key_loaded (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  KeyData *data = g_task_get_task_data (task);

  if (!take_key (task, result))
    {
      g_object_unref (task);
      return;
    }

  signet_key_pack_export_async (data->key, signet_account_get_phone (data->account), data->password,
                                g_task_get_cancellable (task), on_exported, task);
}

void
signet_account_key_export_async (SignetAccount      *account,
                                 const char         *password,
                                 const char         *path,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_ACCOUNT (account));
  g_return_if_fail (path != NULL);

  task = key_task_new (account, password, cancellable, callback, user_data, signet_account_key_export_async);
  ((KeyData *) g_task_get_task_data (task))->path = g_strdup (path);
  /* The pack is either whole or not there at all. */
  g_task_set_check_cancellable (task, FALSE);
  load_then (task, on_export_key_loaded);
}

SignetPersonalKey *
signet_account_key_export_finish (GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Link ---------------------------------------------------------------------- */

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyData *data = g_task_get_task_data (task);
  g_autofree char *token = NULL;
  GError *error = NULL;

  token = signet_device_link_upload_finish (result, &data->server_error, &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task,
                         signet_device_link_make_text (signet_account_get_phone (data->account),
                                                       signet_account_get_server (data->account), token),
                         (GDestroyNotify) wipe);
  explicit_bzero (token, strlen (token));
}

static void
on_link_key_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  KeyData *data = g_task_get_task_data (task);

  if (!take_key (task, result))
    {
      g_object_unref (task);
      return;
    }

  signet_device_link_upload_async (data->server, data->key, data->password, g_task_get_cancellable (task),
                                   on_uploaded, task);
}

void
signet_account_key_link_async (SignetAccount      *account,
                               SignetConnection   *server,
                               const char         *password,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_ACCOUNT (account));
  g_return_if_fail (SIGNET_IS_CONNECTION (server));

  task = key_task_new (account, password, cancellable, callback, user_data, signet_account_key_link_async);
  ((KeyData *) g_task_get_task_data (task))->server = g_object_ref (server);
  load_then (task, on_link_key_loaded);
}

char *
signet_account_key_link_finish (GAsyncResult       *result,
                                SignetStanzaError **server_error,
                                GError            **error)
{
  KeyData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (server_error != NULL)
    *server_error = data->server_error != NULL ? signet_stanza_error_copy (data->server_error) : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}
