/* signet-xmpp-account.c: manage an account made with XEP-0077.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Both requests go on an authenticated stream (XEP-0077 §3.2, §3.3), as
 * XMPP-FTW's xmpp.register.password and xmpp.register.unregister do: first
 * the plain request, and if the server answers with a form, that form, filled
 * in by the person.  The keyring follows what the server did. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-account-store.h"
#include "signet-xmpp-account.h"

struct _SignetXmppAccount
{
  GObject parent_instance;

  SignetConnection  *connection;
  gboolean connection_used;
  char              *jid;
  char              *password;

  SignetDataForm    *form;
  SignetStanzaError *server_error;
  GError            *keyring_error;
};

G_DEFINE_FINAL_TYPE (SignetXmppAccount, signet_xmpp_account, G_TYPE_OBJECT)

static void
wipe_string (char **string)
{
  if (*string != NULL)
    explicit_bzero (*string, strlen (*string));
  g_clear_pointer (string, g_free);
}

/* One request in flight. */
typedef struct
{
  SignetInbandStep step;
  /* The server's form, filled in, or NULL for the plain request. */
  SignetDataForm   *form;
  char             *new_password;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->form);
  wipe_string (&request->new_password);
  g_free (request);
}

static char *
jid_localpart (const char *jid)
{
  const char *at = strchr (jid, '@');

  return at != NULL ? g_strndup (jid, at - jid) : g_strdup (jid);
}

static const char *
jid_domain (const char *jid)
{
  const char *at = strchr (jid, '@');

  return at != NULL ? at + 1 : jid;
}

/*
 * Forms
 */

/* Fills in what Signet knows, so the person sees only what is left.  In a
 * changepassword form "password" is the new one; in a cancel form it is
 * the one the account has. */
static void
prefill_form (SignetXmppAccount *self,
              SignetDataForm    *form,
              const char        *new_password)
{
  g_autofree char *username = jid_localpart (self->jid);
  static const char * const old_password_vars[] = { "old_password", "oldpassword", "old-password", NULL };
  SignetDataFormField *field;

  field = signet_data_form_get_field (form, "username");
  if (field != NULL && signet_data_form_field_get_value (field) == NULL)
    signet_data_form_field_set_value (field, username);

  field = signet_data_form_get_field (form, "password");
  if (field != NULL)
    signet_data_form_field_set_value (field, new_password != NULL ? new_password : self->password);

  for (guint i = 0; old_password_vars[i] != NULL; i++)
    {
      field = signet_data_form_get_field (form, old_password_vars[i]);
      if (field != NULL)
        signet_data_form_field_set_value (field, self->password);
    }
}

/*
 * After the server agreed
 */

static void
on_secret_changed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetXmppAccount *self = g_task_get_source_object (task);

  g_clear_error (&self->keyring_error);
  signet_account_store_save_secret_finish (result, &self->keyring_error);
  g_task_return_boolean (task, TRUE);
}

static void
password_changed (GTask *task)
{
  SignetXmppAccount *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  wipe_string (&self->password);
  self->password = g_strdup (request->new_password);
  /* The stream stays logged in; a later login needs the new password. */
  signet_connection_set_login (self->connection, self->jid, self->password);

  signet_account_store_save_secret_async (SIGNET_ACCOUNT_KIND_XMPP, jid_domain (self->jid), self->jid,
                                          self->password, g_task_get_cancellable (task),
                                          on_secret_changed, task);
}

static void
on_secret_cleared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetXmppAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  g_clear_error (&self->keyring_error);
  signet_account_store_clear_secret_finish (result, &self->keyring_error);

  signet_account_store_clear_closing (self->jid);
  if (!signet_account_store_delete (self->jid, &error) &&
      !g_error_matches (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND))
    g_warning ("Could not remove the account record: %s", error->message);

  g_task_return_boolean (task, TRUE);
}

static void
unregistered (GTask *task)
{
  SignetXmppAccount *self = g_task_get_source_object (task);

  /* The server ends this stream anyway once the account is gone. */
  signet_connection_close (self->connection);
  signet_account_store_clear_secret_async (SIGNET_ACCOUNT_KIND_XMPP, jid_domain (self->jid), self->jid,
                                           g_task_get_cancellable (task), on_secret_cleared, task);
}

/*
 * Sending
 */

static GError *
take_error_reply (SignetXmppAccount   *self,
                  SignetRegisterReply *reply,
                  Request             *request)
{
  gboolean passwd = request->step == SIGNET_INBAND_STEP_CHANGE_PASSWORD;
  SignetDataForm *form = signet_register_reply_get_form (reply);

  g_clear_pointer (&self->server_error, signet_stanza_error_free);
  if (signet_register_reply_get_error (reply) == NULL)
    return NULL;
  self->server_error = signet_stanza_error_copy (signet_register_reply_get_error (reply));

  /* Legacy fields here are an echo of the request; only a data form asks. */
  if (form != NULL && !signet_register_reply_get_legacy (reply))
    {
      prefill_form (self, form, request->new_password);
      g_set_object (&self->form, form);
      return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FORM_REQUIRED,
                                  passwd
                                  ? _("The server wants more information before it changes the password. "
                                      "Fill in its form.")
                                  : _("The server wants more information before it closes the account. "
                                      "Fill in its form."));
    }

  return signet_inband_error_from_stanza_error (self->server_error, request->step,
                                                request->form != NULL ? SIGNET_INBAND_CONTEXT_FORM
                                                                      : SIGNET_INBAND_CONTEXT_NONE, NULL);
}

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  SignetXmppAccount *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(SignetRegisterReply) reply = NULL;
  GError *error = NULL;

  reply = signet_register_client_finish (SIGNET_CONNECTION (source), result, &error);
  if (reply != NULL)
    error = take_error_reply (self, reply, request);
  /* The server answered that it keeps the account. */
  if (reply != NULL && error != NULL && request->step == SIGNET_INBAND_STEP_UNREGISTER)
    signet_account_store_clear_closing (self->jid);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (request->step == SIGNET_INBAND_STEP_CHANGE_PASSWORD)
    password_changed (task);
  else
    unregistered (task);
}

/* If the answer is lost, the next run must know that the account may be
 * gone already. */
static void
send_cancel (SignetXmppAccount *self,
             GTask             *task,
             Request           *request)
{
  g_autoptr(GError) error = NULL;

  if (!signet_account_store_mark_closing (self->jid, &error))
    g_debug ("Could not remember that the account is being closed: %s", error->message);
  signet_register_client_cancel_async (self->connection, request->form, g_task_get_cancellable (task),
                                       on_reply, task);
}

static void
send_now (GTask *task)
{
  SignetXmppAccount *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *username = jid_localpart (self->jid);

  if (request->step == SIGNET_INBAND_STEP_CHANGE_PASSWORD)
    signet_register_client_change_password_async (self->connection, username, request->new_password, request->form,
                                                  g_task_get_cancellable (task), on_reply, task);
  else
    send_cancel (self, task, request);
}

static void
on_new_password_login (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  GError *refused = g_object_steal_data (G_OBJECT (task), "refused");
  g_autoptr(GError) error = NULL;

  if (!signet_connection_connect_finish (SIGNET_CONNECTION (source), result, &error))
    {
      g_task_return_error (task, refused);
      g_object_unref (task);
      return;
    }

  g_error_free (refused);
  password_changed (task);
}

/* A change whose answer was lost (the connection dropped, the program was
 * killed) may have gone through: run again, the old password is then
 * refused.  If the new one logs in, the change is done, and only the
 * keyring is left to follow it. */
static void
try_new_password (SignetXmppAccount *self,
                  GTask             *task,
                  GError            *refused)
{
  Request *request = g_task_get_task_data (task);

  g_object_set_data_full (G_OBJECT (task), "refused", refused, (GDestroyNotify) g_error_free);
  signet_register_client_prepare_connection (&self->connection, &self->connection_used);
  signet_connection_set_login (self->connection, self->jid, request->new_password);
  signet_connection_connect_async (self->connection, g_task_get_cancellable (task), on_new_password_login, task);
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  SignetXmppAccount *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  if (!signet_connection_connect_finish (SIGNET_CONNECTION (source), result, &error))
    {
      if (request->step == SIGNET_INBAND_STEP_CHANGE_PASSWORD &&
          g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED))
        {
          try_new_password (self, task, error);
          return;
        }
      /* Closed on an earlier run whose answer was lost: the password that
       * worked then is refused now because the account is gone. */
      if (request->step == SIGNET_INBAND_STEP_UNREGISTER && signet_account_store_get_closing (self->jid) &&
          g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED))
        {
          g_error_free (error);
          unregistered (task);
          return;
        }
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  send_now (task);
}

/* Sends the request of @step, logging in first when needed; takes @task. */
static void
send_request (SignetXmppAccount *self,
              GTask             *task,
              SignetInbandStep   step,
              const char        *new_password,
              SignetDataForm    *form)
{
  Request *request = g_new0 (Request, 1);

  request->step = step;
  request->new_password = g_strdup (new_password);
  request->form = form != NULL ? g_object_ref (form) : NULL;
  g_task_set_task_data (task, request, request_free);

  g_clear_object (&self->form);
  g_clear_pointer (&self->server_error, signet_stanza_error_free);

  if (signet_register_client_prepare_connection (&self->connection, &self->connection_used))
    {
      send_now (task);
      return;
    }

  signet_connection_set_login (self->connection, self->jid, self->password);
  signet_connection_connect_async (self->connection, g_task_get_cancellable (task), on_logged_in, task);
}

/* The common start of change_password and unregister: @new_password is
 * NULL for the latter. */
static void
start_request (SignetXmppAccount  *self,
               SignetInbandStep    step,
               const char         *new_password,
               SignetDataForm     *form,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data,
               gpointer            source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);

  if (new_password != NULL && *new_password == '\0')
    {
      g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_MISSING_FIELD,
                               _("The new password is empty."));
      g_object_unref (task);
      return;
    }

  send_request (self, task, step, new_password, form);
}

void
signet_xmpp_account_change_password_async (SignetXmppAccount  *self,
                                           const char         *new_password,
                                           SignetDataForm     *form,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data)
{
  g_return_if_fail (SIGNET_IS_XMPP_ACCOUNT (self));
  g_return_if_fail (new_password != NULL);
  g_return_if_fail (form == NULL || SIGNET_IS_DATA_FORM (form));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_request (self, SIGNET_INBAND_STEP_CHANGE_PASSWORD, new_password, form,
                 cancellable, callback, user_data, signet_xmpp_account_change_password_async);
}

gboolean
signet_xmpp_account_change_password_finish (SignetXmppAccount *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (SIGNET_IS_XMPP_ACCOUNT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
signet_xmpp_account_unregister_async (SignetXmppAccount  *self,
                                      SignetDataForm     *form,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_return_if_fail (SIGNET_IS_XMPP_ACCOUNT (self));
  g_return_if_fail (form == NULL || SIGNET_IS_DATA_FORM (form));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_request (self, SIGNET_INBAND_STEP_UNREGISTER, NULL, form,
                 cancellable, callback, user_data, signet_xmpp_account_unregister_async);
}

gboolean
signet_xmpp_account_unregister_finish (SignetXmppAccount *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (SIGNET_IS_XMPP_ACCOUNT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Accessors
 */

const char *
signet_xmpp_account_get_jid (SignetXmppAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_XMPP_ACCOUNT (self), NULL);

  return self->jid;
}

SignetConnection *
signet_xmpp_account_get_connection (SignetXmppAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_XMPP_ACCOUNT (self), NULL);

  return self->connection;
}

SignetDataForm *
signet_xmpp_account_get_form (SignetXmppAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_XMPP_ACCOUNT (self), NULL);

  return self->form;
}

const SignetStanzaError *
signet_xmpp_account_get_server_error (SignetXmppAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_XMPP_ACCOUNT (self), NULL);

  return self->server_error;
}

const GError *
signet_xmpp_account_get_keyring_error (SignetXmppAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_XMPP_ACCOUNT (self), NULL);

  return self->keyring_error;
}

/*
 * GObject
 */

SignetXmppAccount *
signet_xmpp_account_new (SignetConnection *settings,
                         const char       *jid,
                         const char       *password)
{
  SignetXmppAccount *self;

  g_return_val_if_fail (SIGNET_IS_CONNECTION (settings), NULL);
  g_return_val_if_fail (jid != NULL && strchr (jid, '@') != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  self = g_object_new (SIGNET_TYPE_XMPP_ACCOUNT, NULL);
  self->connection = signet_connection_new_like (settings);
  self->jid = g_strdup (jid);
  self->password = g_strdup (password);

  return self;
}

static void
signet_xmpp_account_dispose (GObject *object)
{
  SignetXmppAccount *self = (SignetXmppAccount *) object;

  if (self->connection != NULL)
    signet_connection_close (self->connection);
  g_clear_object (&self->connection);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (signet_xmpp_account_parent_class)->dispose (object);
}

static void
signet_xmpp_account_finalize (GObject *object)
{
  SignetXmppAccount *self = (SignetXmppAccount *) object;

  g_clear_pointer (&self->jid, g_free);
  wipe_string (&self->password);
  g_clear_pointer (&self->server_error, signet_stanza_error_free);
  g_clear_error (&self->keyring_error);

  G_OBJECT_CLASS (signet_xmpp_account_parent_class)->finalize (object);
}

static void
signet_xmpp_account_class_init (SignetXmppAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_xmpp_account_dispose;
  object_class->finalize = signet_xmpp_account_finalize;
}

static void
signet_xmpp_account_init (SignetXmppAccount *self)
{
}
