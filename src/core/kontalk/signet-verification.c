/* signet-verification.c: the Kontalk code step, the server's certification
 * and the first login.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-bench.h"
#include "signet-bridge-certificate.h"
#include "signet-data-form.h"
#include "signet-kontalk-private.h"
#include "signet-openpgp-packet.h"
#include "signet-registration.h"
#include "signet-verification.h"

struct _SignetVerification
{
  GObject parent_instance;

  SignetConnection   *server;
  SignetPersonalKey  *key;

  /* The stream of the step in progress, with the files it presents. */
  SignetConnection   *connection;
  /* The certificate for the next code step, made before the code came. */
  SignetKeyFiles     *prepared_files;

  /* The key as the server certified and sent it back. */
  GBytes             *certified_keyring;
  GBytes             *server_key;
  char               *server_fingerprint;
  char               *certifier_key_id;
  gboolean certification_verified;
  char               *bound_jid;
  SignetStanzaError  *server_error;

  /* The first login, begun with the code reply (see "The first login"):
   * its outcome waits here for signet_verification_login_async(). */
  GCancellable       *early_login_cancellable;
  gboolean early_login_done;
  GError             *early_login_error;
};

G_DEFINE_FINAL_TYPE (SignetVerification, signet_verification, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER,
  PROP_KEY,
  PROP_CERTIFIED_KEYRING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * OpenPGP helpers
 */

/* Strict Base64: Kontalk servers break lines, but anything else is garbage
 * (g_base64_decode() would silently skip it). */
static GBytes *
decode_base64 (const char *text)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  gsize length = 0;
  guchar *data;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
        return NULL;
      g_string_append_c (clean, *p);
    }

  if (clean->len == 0 || clean->len % 4 != 0)
    return NULL;

  data = g_base64_decode (clean->str, &length);
  return g_bytes_new_take (data, length);
}

/* The v4 fingerprint of the first primary key in a binary keyring. */
static char *
primary_fingerprint (GBytes *keyring)
{
  g_autoptr(GPtrArray) fingerprints = signet_openpgp_primary_fingerprints (keyring);

  if (fingerprints == NULL || fingerprints->len == 0)
    return NULL;

  return g_strdup (g_ptr_array_index (fingerprints, 0));
}

/*
 * Shared steps
 */

static void
finish_stream (SignetVerification *self)
{
  if (self->connection != NULL)
    signet_connection_close (self->connection);
  /* The secret key files go with the connection (see
   * signet_connection_set_client_certificate()). */
  g_clear_object (&self->connection);
}

static void
return_error (GTask  *task,
              GError *error)
{
  SignetVerification *self = g_task_get_source_object (task);

  finish_stream (self);
  g_task_return_error (task, error);
}

static SignetXmlNode *
new_iq (SignetVerification *self,
        const char         *type)
{
  SignetXmlNode *iq = signet_xml_node_new ("iq", SIGNET_NS_CLIENT);

  signet_xml_node_set_attribute (iq, "type", type);
  signet_xml_node_set_attribute (iq, "to", signet_connection_get_domain (self->server));

  return iq;
}

/* Builds the bridge certificate for the key as it is now, then connects
 * with it; @login selects SASL EXTERNAL instead of a bare stream. */
static void on_stream_ready (GObject *source, GAsyncResult *result, gpointer user_data);

/* Takes @files. */
static void
connect_with_key_files (GTask          *task,
                        SignetKeyFiles *files)
{
  SignetVerification *self = g_task_get_source_object (task);
  gboolean login = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "login"));
  GCancellable *cancellable;

  self->connection = signet_connection_new_like (self->server);
  signet_connection_set_client_certificate (self->connection,
                                            signet_key_files_get_certificate_path (files),
                                            signet_key_files_get_key_path (files),
                                            files, (GDestroyNotify) signet_key_files_free);
  if (login)
    signet_connection_set_login (self->connection, signet_personal_key_get_jid (self->key), NULL);

  /* Arguments are evaluated in any order: take the cancellable first. */
  cancellable = g_task_get_cancellable (task);
  signet_connection_connect_async (self->connection, cancellable, on_stream_ready, task);
}

static void
on_certificate_built (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  SignetVerification *self = g_task_get_source_object (task);
  SignetKeyFiles *files;
  GError *error = NULL;

  files = signet_bridge_certificate_new_for_key_finish (self->key, result, &error);
  if (files == NULL)
    {
      return_error (task, error);
      g_object_unref (task);
      return;
    }

  connect_with_key_files (task, files);
}

/* @keyring: the certified key as the server sent it, for a certificate
 * made without asking GnuPG, or %NULL for the key as GnuPG holds it. */
static void
open_stream (SignetVerification *self,
             gboolean            login,
             GBytes             *keyring,
             GTask              *task,
             GAsyncReadyCallback then)
{
  finish_stream (self);
  g_object_set_data (G_OBJECT (task), "login", GINT_TO_POINTER (login));
  g_object_set_data (G_OBJECT (task), "then", then);

  /* The login presents the certified key, never the prepared one. */
  if (!login && self->prepared_files != NULL)
    {
      connect_with_key_files (task, g_steal_pointer (&self->prepared_files));
      return;
    }

  signet_bridge_certificate_new_for_keyring_async (self->key, keyring, g_task_get_cancellable (task),
                                                   on_certificate_built, task);
}

static void
on_stream_ready (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GAsyncReadyCallback then = g_object_get_data (G_OBJECT (task), "then");

  then (source, result, task);
}

/*
 * Before the code
 */

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetVerification *self = g_task_get_source_object (task);
  SignetKeyFiles *files;
  GError *error = NULL;

  files = signet_bridge_certificate_new_for_key_finish (self->key, result, &error);
  if (files == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_pointer (&self->prepared_files, signet_key_files_free);
  self->prepared_files = files;
  g_task_return_boolean (task, TRUE);
}

void
signet_verification_prepare_async (SignetVerification *self,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_VERIFICATION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_verification_prepare_async);
  signet_bridge_certificate_new_for_key_async (self->key, cancellable, on_prepared, task);
}

gboolean
signet_verification_prepare_finish (SignetVerification *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * The code step
 */

typedef struct
{
  char *code;
  /* The parts still running after the code reply: the import and the
   * early login. */
  guint waiting;
  /* The import's error, which is the step's. */
  GError *error;
  gulong cancelled_id;
} CodeData;

static void
code_data_free (gpointer data)
{
  CodeData *code = data;

  /* A code is a secret until it is used. */
  if (code->code != NULL)
    memset (code->code, 0, strlen (code->code));
  g_free (code->code);
  g_clear_error (&code->error);
  g_free (code);
}

/* Keeps who certified the key GnuPG imported, or says why it could not. */
static gboolean
take_certifier (SignetVerification *self,
                GAsyncResult       *result,
                GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  char *certifier;

  certifier = signet_personal_key_import_signed_finish (self->key, result, &local_error);
  signet_bench_mark ("import");
  if (certifier == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_NOT_CERTIFIED))
        g_set_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_NOT_CERTIFIED,
                     _("The server accepted the code but did not certify your key."));
      else
        g_set_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
                     _("The server accepted the code but sent back something that is not your key."));
      return FALSE;
    }

  g_free (self->certifier_key_id);
  self->certifier_key_id = certifier;
  self->certification_verified = self->server_key != NULL;
  return TRUE;
}

static void
on_signed_key_imported (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetVerification *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!take_certifier (self, result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static GBytes *
read_signed_key (SignetXmlNode *reply,
                 GError       **error)
{
  SignetXmlNode *query = signet_xml_node_get_child (reply, "query", SIGNET_NS_REGISTER);
  SignetXmlNode *x = query ? signet_xml_node_get_child (query, "x", SIGNET_NS_DATA_FORMS) : NULL;
  g_autoptr(SignetDataForm) form = x ? signet_data_form_parse (x, NULL, NULL) : NULL;
  const char *value = form ? signet_data_form_get_value (form, "publickey") : NULL;
  GBytes *keyring = value ? decode_base64 (value) : NULL;

  if (keyring == NULL)
    g_set_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
                 _("The server accepted the code but sent back something that is not your key."));

  return keyring;
}

/* Takes @task. */
static void
import_certified_key (GTask              *task,
                      GAsyncReadyCallback callback)
{
  SignetVerification *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  signet_personal_key_import_signed_async (self->key, self->certified_keyring, self->server_key, cancellable,
                                           callback, task);
}

static void
forget_early_login (SignetVerification *self)
{
  g_clear_object (&self->early_login_cancellable);
  self->early_login_done = FALSE;
  g_clear_error (&self->early_login_error);
}

/* Takes @task: one part of the code step is done, and the step ends with
 * the last.  Only the import's error is the step's: the login's outcome
 * waits for signet_verification_login_async(). */
static void
code_part_done (GTask  *task,
                GError *error)
{
  SignetVerification *self = g_task_get_source_object (task);
  CodeData *data = g_task_get_task_data (task);

  if (error != NULL && data->error == NULL)
    {
      data->error = error;
      /* Without the key there is nothing to log in to. */
      g_cancellable_cancel (self->early_login_cancellable);
    }
  else
    g_clear_error (&error);

  if (--data->waiting == 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
      data->cancelled_id = 0;
      if (data->error != NULL)
        {
          forget_early_login (self);
          g_task_return_error (task, g_steal_pointer (&data->error));
        }
      else
        g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

static void
on_code_key_imported (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  SignetVerification *self = g_task_get_source_object (task);
  GError *error = NULL;

  take_certifier (self, result, &error);
  code_part_done (task, error);
}

static void
on_early_login_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SignetVerification *self = SIGNET_VERIFICATION (source);

  g_clear_error (&self->early_login_error);
  g_task_propagate_boolean (G_TASK (result), &self->early_login_error);
  self->early_login_done = TRUE;
  code_part_done (user_data, NULL);
}

static void
cancel_early_login (GCancellable *cancellable,
                    GCancellable *early_login_cancellable)
{
  g_cancellable_cancel (early_login_cancellable);
}

static void on_login_stream_ready (GObject *source, GAsyncResult *result, gpointer user_data);

/* The login needs only the key as the server sent it back, not GnuPG's
 * copy: it runs while GnuPG imports that key, the longest part of the step. */
static void
log_in_early (GTask *code_task)
{
  SignetVerification *self = g_task_get_source_object (code_task);
  CodeData *data = g_task_get_task_data (code_task);
  GCancellable *cancellable = g_task_get_cancellable (code_task);
  GTask *login;

  forget_early_login (self);
  self->early_login_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_early_login),
                                                self->early_login_cancellable, NULL);
  data->waiting++;
  login = g_task_new (self, self->early_login_cancellable, on_early_login_done, g_object_ref (code_task));
  g_task_set_source_tag (login, log_in_early);
  open_stream (self, TRUE, self->certified_keyring, login, on_login_stream_ready);
}

static void
on_code_replied (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetVerification *self = g_task_get_source_object (task);
  CodeData *data = g_task_get_task_data (task);
  g_autoptr(SignetXmlNode) reply = NULL;
  g_autoptr(GBytes) keyring = NULL;
  GError *error = NULL;

  reply = signet_connection_send_iq_finish (SIGNET_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      return_error (task, error);
      return;
    }

  g_clear_pointer (&self->server_error, signet_stanza_error_free);
  self->server_error = signet_stanza_error_from_stanza (reply);
  if (self->server_error != NULL)
    {
      return_error (task, signet_registration_error_from_stanza_error (self->server_error,
                                                                       SIGNET_REGISTRATION_STEP_CODE));
      return;
    }

  keyring = read_signed_key (reply, &error);
  finish_stream (self);
  if (keyring == NULL)
    {
      signet_bench_mark ("code");
      g_task_return_error (task, error);
      return;
    }

  /* The code is spent now: whoever keeps the sign-up hears of it before
   * anything else can fail (notify::certified-keyring). */
  signet_verification_restore_code_step (self, keyring, self->server_key);
  signet_bench_mark ("code");
  data->waiting = 1;
  log_in_early (task);
  import_certified_key (g_steal_pointer (&task), on_code_key_imported);
}

static void
send_code (GTask *task)
{
  SignetVerification *self = g_task_get_source_object (task);
  CodeData *data = g_task_get_task_data (task);
  g_autoptr(SignetXmlNode) iq = new_iq (self, "set");
  g_autoptr(SignetDataForm) form = signet_data_form_new (SIGNET_DATA_FORM_TYPE_SUBMIT);
  g_autoptr(SignetXmlNode) x = NULL;
  SignetXmlNode *query = signet_xml_node_add_child (iq, "query", SIGNET_NS_REGISTER);

  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_HIDDEN, "FORM_TYPE", SIGNET_NS_REGISTER_CODE);
  /* A callerid challenge has no code: the server checks the call itself. */
  if (data->code != NULL)
    signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "code", data->code);
  x = signet_data_form_to_xml (form);
  signet_xml_node_append (query, x);

  signet_connection_send_iq_async (self->connection, iq, g_task_get_cancellable (task),
                                   on_code_replied, task);
}

/* XEP-0189: Kontalk servers hand out their key to whoever asks. */
static void
on_server_key_replied (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  SignetVerification *self = g_task_get_source_object (task);
  g_autoptr(SignetXmlNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = signet_connection_send_iq_finish (SIGNET_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&self->server_key, g_bytes_unref);
  g_clear_pointer (&self->server_fingerprint, g_free);

  self->server_key = signet_verification_read_server_key (reply, &self->server_fingerprint);

  send_code (task);
}

static void
on_code_stream_ready (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  SignetVerification *self = g_task_get_source_object (task);
  g_autoptr(SignetXmlNode) iq = NULL;
  GError *error = NULL;

  if (!signet_connection_connect_finish (SIGNET_CONNECTION (source), result, &error))
    {
      return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* Kontalk answers an unauthenticated stream only without "to" (its
   * PublicKeyPublish reads "to" as a user before login). */
  iq = new_iq (self, "get");
  signet_xml_node_set_attribute (iq, "to", NULL);
  signet_xml_node_add_child (iq, "pubkey", SIGNET_NS_PUBKEY);
  signet_connection_send_iq_async (self->connection, iq, g_task_get_cancellable (task),
                                   on_server_key_replied, task);
}

void
signet_verification_submit_code_async (SignetVerification *self,
                                       const char         *code,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  GTask *task;
  CodeData *data;

  g_return_if_fail (SIGNET_IS_VERIFICATION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_verification_submit_code_async);
  data = g_new0 (CodeData, 1);
  data->code = code != NULL && *code != '\0' ? g_strdup (code) : NULL;
  g_task_set_task_data (task, data, code_data_free);

  open_stream (self, FALSE, NULL, task, on_code_stream_ready);
}

gboolean
signet_verification_submit_code_finish (SignetVerification *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
signet_verification_import_async (SignetVerification *self,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_VERIFICATION (self));
  g_return_if_fail (self->certified_keyring != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_verification_import_async);
  import_certified_key (task, on_signed_key_imported);
}

gboolean
signet_verification_import_finish (SignetVerification *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * The first login
 */

static void
on_login_stream_ready (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetVerification *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!signet_connection_connect_finish (SIGNET_CONNECTION (source), result, &error))
    {
      if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED))
        {
          g_clear_error (&error);
          error = g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED,
                               _("The server refused to log in with your new key. "
                                 "Your key is kept, so logging in can be retried."));
        }
      return_error (task, g_steal_pointer (&error));
      return;
    }

  g_free (self->bound_jid);
  self->bound_jid = g_strdup (signet_connection_get_bound_jid (self->connection));
  finish_stream (self);
  g_task_return_boolean (task, TRUE);
}

void
signet_verification_login_async (SignetVerification *self,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_VERIFICATION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_verification_login_async);

  /* A failed early login is not tried again here: like any login cut off,
   * the caller says so and logging in again is a new call. */
  if (self->early_login_done)
    {
      GError *error = g_steal_pointer (&self->early_login_error);

      forget_early_login (self);
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  open_stream (self, TRUE, NULL, task, on_login_stream_ready);
}

gboolean
signet_verification_login_finish (SignetVerification *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Accessors
 */

SignetPersonalKey *
signet_verification_get_key (SignetVerification *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), NULL);

  return self->key;
}

const char *
signet_verification_get_certifier_key_id (SignetVerification *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), NULL);

  return self->certifier_key_id;
}

const char *
signet_verification_get_server_fingerprint (SignetVerification *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), NULL);

  return self->server_fingerprint;
}

gboolean
signet_verification_get_certification_verified (SignetVerification *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), FALSE);

  return self->certification_verified;
}

void
signet_verification_restore_certification (SignetVerification *self,
                                           const char         *certifier_key_id,
                                           const char         *server_fingerprint)
{
  g_return_if_fail (SIGNET_IS_VERIFICATION (self));

  g_free (self->certifier_key_id);
  self->certifier_key_id = g_strdup (certifier_key_id);
  g_free (self->server_fingerprint);
  self->server_fingerprint = g_strdup (server_fingerprint);
  self->certification_verified = server_fingerprint != NULL;
}

GBytes *
signet_verification_get_certified_keyring (SignetVerification *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), NULL);

  return self->certified_keyring;
}

GBytes *
signet_verification_get_server_key (SignetVerification *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), NULL);

  return self->server_key;
}

void
signet_verification_restore_code_step (SignetVerification *self,
                                       GBytes             *keyring,
                                       GBytes             *server_key)
{
  g_return_if_fail (SIGNET_IS_VERIFICATION (self));
  g_return_if_fail (keyring != NULL);

  if (server_key != self->server_key)
    {
      g_clear_pointer (&self->server_key, g_bytes_unref);
      self->server_key = server_key ? g_bytes_ref (server_key) : NULL;
    }
  g_clear_pointer (&self->certified_keyring, g_bytes_unref);
  self->certified_keyring = g_bytes_ref (keyring);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFIED_KEYRING]);
}

const char *
signet_verification_get_bound_jid (SignetVerification *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), NULL);

  return self->bound_jid;
}

const SignetStanzaError *
signet_verification_get_server_error (SignetVerification *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFICATION (self), NULL);

  return self->server_error;
}

/*
 * GObject
 */

SignetVerification *
signet_verification_new (SignetConnection  *server,
                         SignetPersonalKey *key)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (server), NULL);
  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (key), NULL);

  return g_object_new (SIGNET_TYPE_VERIFICATION, "server", server, "key", key, NULL);
}

static void
signet_verification_dispose (GObject *object)
{
  SignetVerification *self = (SignetVerification *) object;

  finish_stream (self);
  forget_early_login (self);
  g_clear_pointer (&self->prepared_files, signet_key_files_free);
  g_clear_object (&self->server);
  g_clear_object (&self->key);

  G_OBJECT_CLASS (signet_verification_parent_class)->dispose (object);
}

static void
signet_verification_finalize (GObject *object)
{
  SignetVerification *self = (SignetVerification *) object;

  g_clear_pointer (&self->server_key, g_bytes_unref);
  g_clear_pointer (&self->certified_keyring, g_bytes_unref);
  g_clear_pointer (&self->server_fingerprint, g_free);
  g_clear_pointer (&self->certifier_key_id, g_free);
  g_clear_pointer (&self->bound_jid, g_free);
  g_clear_pointer (&self->server_error, signet_stanza_error_free);

  G_OBJECT_CLASS (signet_verification_parent_class)->finalize (object);
}

static void
signet_verification_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SignetVerification *self = SIGNET_VERIFICATION (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;
    case PROP_KEY:
      g_value_set_object (value, self->key);
      break;
    case PROP_CERTIFIED_KEYRING:
      g_value_set_boxed (value, self->certified_keyring);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_verification_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SignetVerification *self = SIGNET_VERIFICATION (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
    case PROP_KEY:
      self->key = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_verification_class_init (SignetVerificationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = signet_verification_dispose;
  object_class->finalize = signet_verification_finalize;
  object_class->get_property = signet_verification_get_property;
  object_class->set_property = signet_verification_set_property;

  properties[PROP_SERVER] = g_param_spec_object ("server", NULL, NULL, SIGNET_TYPE_CONNECTION, flags);
  properties[PROP_KEY] = g_param_spec_object ("key", NULL, NULL, SIGNET_TYPE_PERSONAL_KEY, flags);
  properties[PROP_CERTIFIED_KEYRING] =
    g_param_spec_boxed ("certified-keyring", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_verification_init (SignetVerification *self)
{
}

/*
 * The readers of what the server sends, for the fuzz harnesses as well
 */

GBytes *
signet_verification_read_signed_key (SignetXmlNode *reply,
                                     GError       **error)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return read_signed_key (reply, error);
}

GBytes *
signet_verification_read_server_key (SignetXmlNode *reply,
                                     char         **fingerprint)
{
  SignetXmlNode *pubkey = signet_xml_node_get_child (reply, "pubkey", SIGNET_NS_PUBKEY);
  g_autoptr(GBytes) key = NULL;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (fingerprint != NULL, NULL);

  *fingerprint = NULL;
  if (g_strcmp0 (signet_xml_node_get_attribute (reply, "type"), "result") != 0 || pubkey == NULL)
    return NULL;

  key = decode_base64 (signet_xml_node_get_text (pubkey));
  *fingerprint = key ? primary_fingerprint (key) : NULL;
  /* A key we cannot read is as good as none: say "could not be verified". */
  return *fingerprint != NULL ? g_steal_pointer (&key) : NULL;
}
