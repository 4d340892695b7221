/* signet-key-rollover.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-account-store.h"
#include "signet-bridge-certificate.h"
#include "signet-data-form.h"
#include "signet-key-rollover.h"
#include "signet-kontalk-private.h"
#include "signet-registration.h"
#include "signet-secret-store.h"
#include "signet-verification.h"

G_DEFINE_QUARK (signet-key-rollover-error-quark, signet_key_rollover_error)

/* The order is Kontalk's: the server certifies the new key on a session
 * of the old one, and from then on refuses the old one.  So the old key
 * stays stored until the server's answer: a failure before it leaves the
 * account as it was.  Once the certified key is here it is the only one
 * the server takes, so it is stored before anything else can fail (the
 * first login with it once came first, and a cut login lost the new key's
 * passphrase with the account). */

typedef struct
{
  SignetConnection   *server;
  /* The session of the old key that sends the new one. */
  SignetConnection   *connection;
  SignetAccount      *account;
  SignetPersonalKey  *old_key;
  SignetPersonalKey  *new_key;
  SignetVerification *verification;
  SignetStanzaError  *server_error;
  SignetXmlNode      *iq;
  GBytes             *public_key;
  GBytes             *revoked;
  SignetKeyRolloverAskingFunc asking;
  gpointer asking_data;
  /* The server took the new key: it must not be deleted any more. */
  gboolean certified;
  /* ...but its answer, with the certification, was lost. */
  gboolean unconfirmed;
  /* Why the answer was lost, while the old key is tried. */
  GError             *lost;
} RolloverData;

static void
rollover_data_free (RolloverData *data)
{
  if (data->connection != NULL)
    signet_connection_close (data->connection);
  g_clear_object (&data->connection);
  g_clear_object (&data->server);
  g_clear_object (&data->account);
  g_clear_object (&data->old_key);
  g_clear_object (&data->new_key);
  g_clear_object (&data->verification);
  g_clear_pointer (&data->server_error, signet_stanza_error_free);
  g_clear_pointer (&data->iq, signet_xml_node_unref);
  g_clear_pointer (&data->public_key, g_bytes_unref);
  g_clear_pointer (&data->revoked, g_bytes_unref);
  g_clear_error (&data->lost);
  g_free (data);
}

static void
fail (GTask  *task,
      GError *error)
{
  RolloverData *data = g_task_get_task_data (task);

  if (data->new_key != NULL && !data->certified)
    {
      signet_personal_key_delete (data->new_key, NULL);
      signet_personal_key_forget_revocation (data->new_key);
    }
  else if (data->certified)
    {
      g_autofree char *message = g_strdup (error->message);

      g_clear_error (&error);
      if (data->unconfirmed)
        /* Translators: %s says what went wrong. */
        error = g_error_new (SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_NOT_STORED,
                             _("The server took the new key, which stays on this computer, but it "
                               "could not be put in use: %s"), message);
      else
        /* Translators: %s says what went wrong. */
        error = g_error_new (SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_NOT_STORED,
                             _("The server certified the new key, which stays on this computer, but it "
                               "could not be put in use: %s"), message);
    }

  g_task_return_error (task, error);
}

/* Storing the new key ------------------------------------------------------ */

/* The login only checks the stored key with the server: the rollover is
 * done whatever it says, and a later connection logs in again. */
static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RolloverData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!signet_verification_login_finish (data->verification, result, &error))
    g_message ("The first login with the new key failed; the key is stored all the same: %s", error->message);

  g_task_return_pointer (task, g_object_ref (data->new_key), g_object_unref);
}

static void
on_secret_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RolloverData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!signet_account_store_save_secret_finish (result, &error))
    {
      fail (task, error);
      return;
    }

  signet_account_set_fingerprint (data->account, signet_personal_key_get_fingerprint (data->new_key));
  signet_account_set_keyring_stored (data->account, TRUE);
  if (!signet_account_store_save (data->account, &error))
    {
      fail (task, error);
      return;
    }

  /* Revoked on the server, the old key is of no use any more. */
  signet_personal_key_delete (data->old_key, NULL);
  signet_personal_key_forget_revocation (data->old_key);

  if (data->unconfirmed)
    {
      g_task_return_new_error (task, SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_UNCONFIRMED,
                               _("The server took the new key, but its answer was lost on the way, so "
                                 "this computer lacks the server’s certification of it. To finish, "
                                 "verify your phone number again."));
      return;
    }

  g_clear_object (&data->verification);
  data->verification = signet_verification_new (data->server, data->new_key);
  signet_verification_login_async (data->verification, NULL,
                                   on_logged_in, g_steal_pointer (&task));
}

/* Takes @task. */
static void
store_new_key (GTask *task)
{
  RolloverData *data = g_task_get_task_data (task);

  /* From here on the change is made: it is not cancelled half-way. */
  signet_account_store_save_secret_async (SIGNET_ACCOUNT_KIND_KONTALK, signet_account_get_server (data->account),
                                          signet_account_get_jid (data->account),
                                          signet_personal_key_get_passphrase (data->new_key), NULL,
                                          on_secret_saved, task);
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RolloverData *data = g_task_get_task_data (task);
  g_autofree char *certifier = NULL;
  GError *error = NULL;

  certifier = signet_personal_key_import_signed_finish (data->new_key, result, &error);
  if (certifier == NULL)
    {
      fail (task, error);
      return;
    }

  store_new_key (g_steal_pointer (&task));
}

/* The lost answer --------------------------------------------------------- */

/* The same error, with what became of the new key. */
static GError *
explain_lost_answer (GError     *lost,
                     const char *outcome)
{
  GError *explained = g_error_new (lost->domain, lost->code, "%s %s", lost->message, outcome);

  g_error_free (lost);
  return explained;
}

static void
on_old_key_tried (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RolloverData *data = g_task_get_task_data (task);
  GError *lost = g_steal_pointer (&data->lost);
  g_autoptr(GError) error = NULL;

  if (signet_verification_login_finish (data->verification, result, &error))
    {
      fail (task, explain_lost_answer (lost, _("The server did not take the new key: nothing changed, "
                                               "and the old key still works.")));
      return;
    }

  if (!g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED))
    {
      g_message ("Whether the server took the new key is unknown: %s", error->message);
      fail (task, explain_lost_answer (lost, _("Signet cannot tell whether the server took the new key. "
                                               "The old key still works unless it did.")));
      return;
    }

  /* Kontalk refuses a key older than the one it holds: the server took
   * the new key, which is the account's only one from now on. */
  g_error_free (lost);
  data->certified = TRUE;
  data->unconfirmed = TRUE;
  store_new_key (g_steal_pointer (&task));
}

/* Takes @task and @lost.  The answer went missing after the new key went
 * out; whether the old key still logs in tells what the server did. */
static void
try_old_key (GTask  *task,
             GError *lost)
{
  RolloverData *data = g_task_get_task_data (task);

  signet_connection_close (data->connection);
  data->lost = lost;
  g_clear_object (&data->verification);
  data->verification = signet_verification_new (data->server, data->old_key);
  signet_verification_login_async (data->verification, NULL, on_old_key_tried, task);
}

/* The exchange with the server --------------------------------------------- */

static GError *
refusal_error (RolloverData *data)
{
  const char *condition = signet_stanza_error_get_condition (data->server_error);

  const char *text = signet_stanza_error_get_text (data->server_error);

  if (g_strcmp0 (condition, "forbidden") == 0 && text != NULL && *text != '\0')
    /* Translators: %s is the server's own explanation, in English. */
    return g_error_new (SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_REVOCATION_REFUSED,
                        _("The server did not accept the revocation of the old key (%s). "
                          "Nothing changed: the old key still works."), text);
  if (g_strcmp0 (condition, "forbidden") == 0)
    return g_error_new_literal (SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_REVOCATION_REFUSED,
                                _("The server did not accept the revocation of the old key. "
                                  "Nothing changed: the old key still works."));

  return signet_registration_error_from_stanza_error (data->server_error, SIGNET_REGISTRATION_STEP_FORM);
}

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RolloverData *data = g_task_get_task_data (task);
  g_autoptr(SignetXmlNode) reply = NULL;
  g_autoptr(GBytes) signed_key = NULL;
  GError *error = NULL;

  reply = signet_connection_send_iq_finish (data->connection, result, &error);
  if (reply == NULL)
    {
      try_old_key (g_steal_pointer (&task), error);
      return;
    }

  signet_connection_close (data->connection);
  if (g_strcmp0 (signet_xml_node_get_attribute (reply, "type"), "error") == 0 &&
      (data->server_error = signet_stanza_error_from_stanza (reply)) != NULL)
    {
      fail (task, refusal_error (data));
      return;
    }

  if ((signed_key = signet_verification_read_signed_key (reply, &error)) == NULL)
    {
      g_clear_error (&error);
      try_old_key (g_steal_pointer (&task),
                   g_error_new_literal (SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_INVALID_RESPONSE,
                                        _("The server’s answer to the new key is not valid.")));
      return;
    }

  data->certified = TRUE;
  signet_personal_key_import_signed_async (data->new_key, signed_key, NULL, NULL,
                                           on_imported, g_steal_pointer (&task));
}

/* The account's own key refused: no rollover goes through it, and only a
 * new verification of the number brings the account back to this device.
 * The same error, so that callers still see a refused login. */
static GError *
explain_key_refused (GError *error)
{
  GError *explained;

  if (!g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED))
    return error;

  explained = g_error_new_literal (error->domain, error->code,
                                   _("The server no longer accepts this account’s key, so it cannot be "
                                     "replaced. This happens when the number was signed up again elsewhere, "
                                     "or when an earlier key change went through but its answer was lost. "
                                     "To use this account here again, verify your phone number once more."));
  g_error_free (error);
  return explained;
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RolloverData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!signet_connection_connect_finish (data->connection, result, &error) ||
      g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      fail (task, explain_key_refused (error));
      return;
    }

  /* Past this point the server may revoke the old key: its answer is
   * waited for whatever happens to @cancellable. */
  g_task_set_check_cancellable (task, FALSE);
  if (data->asking != NULL)
    data->asking (data->asking_data);
  signet_connection_send_iq_async (data->connection, data->iq, NULL,
                                   on_reply, g_steal_pointer (&task));
}

static void
on_certificate_built (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RolloverData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  SignetKeyFiles *files;
  GError *error = NULL;

  files = signet_bridge_certificate_new_for_key_finish (data->old_key, result, &error);
  if (files == NULL)
    {
      fail (task, error);
      return;
    }

  signet_connection_set_client_certificate (data->connection,
                                            signet_key_files_get_certificate_path (files),
                                            signet_key_files_get_key_path (files),
                                            files, (GDestroyNotify) signet_key_files_free);
  signet_connection_set_login (data->connection, signet_personal_key_get_jid (data->old_key), NULL);
  signet_connection_connect_async (data->connection, cancellable,
                                   on_connected, g_steal_pointer (&task));
}

/* Kontalk's RegisterKeyPairListener: both keys as Base64 of the binary
 * keyrings; the server reads the fields whatever the FORM_TYPE. */
static SignetXmlNode *
new_key_iq (RolloverData *data)
{
  SignetXmlNode *iq = signet_connection_new_iq (data->connection, "set");
  SignetXmlNode *query = signet_xml_node_add_child (iq, "query", SIGNET_NS_REGISTER);
  g_autofree char *public_key = g_base64_encode (g_bytes_get_data (data->public_key, NULL),
                                                 g_bytes_get_size (data->public_key));
  g_autofree char *revoked = g_base64_encode (g_bytes_get_data (data->revoked, NULL),
                                              g_bytes_get_size (data->revoked));
  const char *vars[] = { "publickey", "revoked" };
  const char *values[] = { public_key, revoked };

  signet_data_form_add_submit_xml (query, SIGNET_NS_REGISTER_KEY, vars, values, G_N_ELEMENTS (vars));
  return iq;
}

/* Preparing the keys ------------------------------------------------------- */

static void
export_thread (GTask        *export,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RolloverData *data = task_data;
  GError *error = NULL;

  if ((data->revoked = signet_personal_key_export_revoked (data->old_key, &error)) == NULL ||
      (data->public_key = signet_personal_key_export_public (data->new_key, &error)) == NULL)
    g_task_return_error (export, error);
  else
    g_task_return_boolean (export, TRUE);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RolloverData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      fail (task, error);
      return;
    }

  data->iq = new_key_iq (data);
  signet_bridge_certificate_new_for_key_async (data->old_key, cancellable,
                                               on_certificate_built, g_steal_pointer (&task));
}

static void
on_generated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RolloverData *data = g_task_get_task_data (task);
  g_autoptr(GTask) export = NULL;
  GError *error = NULL;

  data->new_key = signet_personal_key_generate_finish (result, &error);
  if (data->new_key == NULL)
    {
      fail (task, error);
      return;
    }

  /* The data outlives the export: @task is its callback's. */
  export = g_task_new (NULL, g_task_get_cancellable (task), on_exported, g_object_ref (task));
  g_task_set_task_data (export, data, NULL);
  g_task_run_in_thread (export, export_thread);
}

static void
on_leftovers_forgotten (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  RolloverData *data = g_task_get_task_data (task);
  const char *name = signet_account_get_display_name (data->account);

  signet_personal_key_generate_async (signet_personal_key_get_home (data->old_key), name != NULL ? name : "",
                                      signet_account_get_phone (data->account),
                                      signet_account_get_server (data->account), g_task_get_cancellable (task),
                                      on_generated, task);
}

/* A rollover killed before the server certified its new key leaves that
 * key in the home, its passphrase gone with the process: nobody can use
 * it, so the next rollover removes it. */
static void
forget_leftovers_thread (GTask        *task,
                         gpointer      source,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  RolloverData *data = task_data;
  const char *home = signet_personal_key_get_home (data->old_key);
  g_auto(GStrv) fingerprints = signet_personal_key_list_for_jid (home, signet_account_get_jid (data->account), NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; fingerprints != NULL && fingerprints[i] != NULL; i++)
    if (g_ascii_strcasecmp (fingerprints[i], signet_personal_key_get_fingerprint (data->old_key)) != 0 &&
        !signet_account_store_key_in_use (fingerprints[i]) && !signet_personal_key_delete_fingerprint (home, fingerprints[i], &error))
      {
        g_message ("An unused key stays in the private GnuPG home: %s", error->message);
        g_clear_error (&error);
      }
  g_task_return_boolean (task, TRUE);
}

void
signet_key_rollover_async (SignetConnection           *server,
                           SignetAccount              *account,
                           SignetPersonalKey          *key,
                           SignetKeyRolloverAskingFunc asking,
                           gpointer                    asking_data,
                           GCancellable               *cancellable,
                           GAsyncReadyCallback         callback,
                           gpointer                    user_data)
{
  g_autoptr(GTask) forget = NULL;
  GTask *task;
  RolloverData *data;

  g_return_if_fail (SIGNET_IS_CONNECTION (server));
  g_return_if_fail (SIGNET_IS_ACCOUNT (account));
  g_return_if_fail (SIGNET_IS_PERSONAL_KEY (key));
  g_return_if_fail (signet_account_get_phone (account) != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_key_rollover_async);
  data = g_new0 (RolloverData, 1);
  data->server = g_object_ref (server);
  data->connection = signet_connection_new_like (server);
  data->account = g_object_ref (account);
  data->old_key = g_object_ref (key);
  data->asking = asking;
  data->asking_data = asking_data;
  g_task_set_task_data (task, data, (GDestroyNotify) rollover_data_free);

  /* The data outlives the clean-up: @task is its callback's. */
  forget = g_task_new (NULL, cancellable, on_leftovers_forgotten, task);
  g_task_set_task_data (forget, data, NULL);
  g_task_run_in_thread (forget, forget_leftovers_thread);
}

SignetPersonalKey *
signet_key_rollover_finish (GAsyncResult       *result,
                            SignetStanzaError **server_error,
                            GError            **error)
{
  RolloverData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (server_error != NULL)
    *server_error = g_steal_pointer (&data->server_error);
  return g_task_propagate_pointer (G_TASK (result), error);
}
