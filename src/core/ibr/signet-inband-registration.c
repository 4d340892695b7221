/* signet-inband-registration.c: sign-up on any XMPP server (XEP-0077).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One sign-up: fetch the form on a TLS stream, let a person fill it in,
 * submit it, then prove the account with a first login and keep its
 * password in the keyring.
 *
 * The stream stays up (whitespace keepalive) while the form is filled in,
 * because a CAPTCHA is bound to it.  When it drops anyway the form is
 * fetched again before submitting, with what was typed carried over.
 *
 * Nothing here logs a field value: forms carry passwords, and ejabberd even
 * echoes them back inside its error replies. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-bench.h"
#include "signet-inband-registration.h"
#include "signet-task.h"

struct _SignetInbandRegistration
{
  GObject parent_instance;

  SignetConnection     *connection;
  /* A connection carries one stream; after it ends a fresh one is made. */
  gboolean connection_used;
  /* The probe this sign-up goes on from, until its form is taken. */
  SignetServerProbe    *probe;

  /* The fetched form. */
  SignetInbandFormKind form_kind;
  SignetDataForm       *form;
  char                 *instructions;
  char                 *web_url;
  char                 *web_description;
  char                 *insecure_web_url;
  gboolean feature_advertised;
  gboolean invites_advertised;
  gboolean already_registered;

  /* The invitation token, and the stream it was accepted on. */
  char                 *invite_token;
  SignetConnection     *invite_connection;

  /* After a successful submit. */
  gboolean registered;
  char                 *jid;
  char                 *password;

  /* After complete. */
  char                 *login_mechanism;
  GError               *keyring_error;

  SignetStanzaError    *server_error;
  char                 *error_field;
};

G_DEFINE_FINAL_TYPE (SignetInbandRegistration, signet_inband_registration, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_FORM,
  PROP_REGISTERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_STREAM_LOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The var of the first required field a person left empty, or NULL. */
static const char *
empty_required_field (SignetDataForm *form)
{
  for (guint i = 0; form != NULL && i < signet_data_form_get_n_fields (form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (form, i);
      const char *value = signet_data_form_field_get_value (field);
      SignetDataFormFieldType type = signet_data_form_field_get_field_type (field);

      if (signet_data_form_field_get_required (field) && signet_data_form_field_get_var (field) != NULL &&
          type != SIGNET_DATA_FORM_FIELD_HIDDEN && type != SIGNET_DATA_FORM_FIELD_FIXED &&
          (value == NULL || *value == '\0'))
        return signet_data_form_field_get_var (field);
    }

  return NULL;
}

/* Whether a person has to look at @form before it can go: a CAPTCHA, or a
 * required field with nothing in it. */
static gboolean
form_needs_person (SignetDataForm *form)
{
  for (guint i = 0; i < signet_data_form_get_n_fields (form); i++)
    if (signet_data_form_field_get_n_media (signet_data_form_get_nth_field (form, i)) > 0)
      return TRUE;

  return empty_required_field (form) != NULL;
}

/*
 * Errors
 */

static void
clear_error_state (SignetInbandRegistration *self)
{
  g_clear_pointer (&self->server_error, signet_stanza_error_free);
  g_clear_pointer (&self->error_field, g_free);
}

static SignetInbandContext
current_context (SignetInbandRegistration *self)
{
  SignetInbandContext context = SIGNET_INBAND_CONTEXT_NONE;

  if (signet_inband_registration_get_has_captcha (self))
    context |= SIGNET_INBAND_CONTEXT_CAPTCHA;
  if (self->invites_advertised)
    context |= SIGNET_INBAND_CONTEXT_INVITES;
  if (self->web_url != NULL || self->insecure_web_url != NULL)
    context |= SIGNET_INBAND_CONTEXT_WEB;

  return context;
}

/* Resolves an error's field hint ("Password", from a server's text) to the
 * var of a field in the form. */
static char *
resolve_field (SignetInbandRegistration *self,
               const char               *hint)
{
  if (hint == NULL || self->form == NULL)
    return g_strdup (hint);

  for (guint i = 0; i < signet_data_form_get_n_fields (self->form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (self->form, i);
      const char *var = signet_data_form_field_get_var (field);
      const char *label = signet_data_form_field_get_label (field);

      if (var != NULL && (g_ascii_strcasecmp (var, hint) == 0 ||
                          (label != NULL && g_utf8_collate (label, hint) == 0)))
        return g_strdup (var);
    }

  return g_strdup (hint);
}

/* Maps the stanza error of @reply and remembers it; NULL if @reply is no error. */
static GError *
take_stanza_error (SignetInbandRegistration *self,
                   SignetRegisterReply      *reply,
                   SignetInbandStep          step)
{
  const SignetStanzaError *stanza_error = signet_register_reply_get_error (reply);
  g_autofree char *hint = NULL;
  const char *empty;
  GError *error;

  clear_error_state (self);
  if (stanza_error == NULL)
    return NULL;

  self->server_error = signet_stanza_error_copy (stanza_error);
  error = signet_inband_error_from_stanza_error (stanza_error, step, current_context (self), &hint);
  self->error_field = resolve_field (self, hint);

  /* not-acceptable means "information missing" in XEP-0077, whatever the
   * text says (ejabberd blames the characters of an empty password). */
  empty = empty_required_field (self->form);
  if (step == SIGNET_INBAND_STEP_SUBMIT && empty != NULL &&
      signet_stanza_error_is (stanza_error, "not-acceptable", NULL) &&
      !g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVITE_ONLY))
    {
      g_clear_error (&error);
      error = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_MISSING_FIELD,
                                   _("Some required information is missing. Fill in every required field."));
      g_free (self->error_field);
      self->error_field = g_strdup (empty);
    }

  return error;
}

static GError *
take_connection_error (SignetInbandRegistration *self,
                       GError                   *error)
{
  GError *mapped = signet_inband_error_from_connection_error (error, signet_connection_get_domain (self->connection));

  clear_error_state (self);
  if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_STREAM_NOT_AUTHORIZED))
    self->server_error = signet_stanza_error_new ("not-authorized", "cancel", NULL);
  else if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_STREAM_POLICY_VIOLATION))
    self->server_error = signet_stanza_error_new ("policy-violation", "cancel", NULL);
  g_error_free (error);

  return mapped;
}

/*
 * The stream
 */

static void
on_stream_closed (SignetConnection         *connection,
                  const GError             *error,
                  SignetInbandRegistration *self)
{
  /* Only the stream a form is being filled in on matters; a submitted
   * sign-up closes its stream on purpose (and without this signal). */
  if (connection == self->connection && !self->registered)
    g_signal_emit (self, signals[SIGNAL_STREAM_LOST], 0, error);
}

static void
watch_connection (SignetInbandRegistration *self)
{
  g_signal_connect_object (self->connection, "closed", G_CALLBACK (on_stream_closed), self, 0);
}

/*
 * Fetching the form: a probe of the server on the registration's stream
 */

static void
clear_form (SignetInbandRegistration *self)
{
  g_clear_pointer (&self->instructions, g_free);
  g_clear_pointer (&self->web_url, g_free);
  g_clear_pointer (&self->web_description, g_free);
  g_clear_pointer (&self->insecure_web_url, g_free);
  self->already_registered = FALSE;
  self->form_kind = SIGNET_INBAND_FORM_DATA;
}

static void
set_form (SignetInbandRegistration *self,
          SignetDataForm           *form)
{
  /* The new form gets what the person typed into the old one. */
  if (form != NULL)
    signet_inband_form_keep_values (form, self->form);

  if (g_set_object (&self->form, form))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM]);
}

static gboolean
read_reply (SignetInbandRegistration *self,
            SignetRegisterReply      *reply,
            GError                  **error)
{
  SignetDataForm *form = signet_register_reply_get_form (reply);
  const GError *form_error = signet_register_reply_get_form_error (reply);

  if (signet_register_reply_get_query (reply) == NULL)
    {
      g_set_error_literal (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVALID_RESPONSE,
                           _("The server answered without a sign-up form."));
      return FALSE;
    }

  if (form == NULL && form_error != NULL)
    {
      g_set_error (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVALID_RESPONSE,
                   _("The server sent a form Signet cannot read: %s"), form_error->message);
      return FALSE;
    }

  clear_form (self);
  self->instructions = g_strdup (signet_register_reply_get_instructions (reply));
  self->already_registered = signet_register_reply_get_registered (reply);
  self->web_url = g_strdup (signet_register_reply_get_web_url (reply));
  self->insecure_web_url = g_strdup (signet_register_reply_get_insecure_web_url (reply));
  self->web_description = g_strdup (signet_register_reply_get_web_description (reply));

  if (form != NULL)
    self->form_kind = signet_register_reply_get_legacy (reply) ? SIGNET_INBAND_FORM_LEGACY : SIGNET_INBAND_FORM_DATA;
  else if (self->web_url != NULL || self->insecure_web_url != NULL)
    self->form_kind = SIGNET_INBAND_FORM_WEB;
  else if (self->instructions != NULL)
    {
      /* The instructions are all the server has to say: they are the answer. */
      g_set_error (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_OFFERED,
                   /* Translators: %s is the server's own text, often in English. */
                   _("This server does not offer sign-up from apps. It says: “%s”"), self->instructions);
      return FALSE;
    }
  else
    {
      g_set_error_literal (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVALID_RESPONSE,
                           _("The server sent neither a sign-up form nor a web page to sign up on."));
      return FALSE;
    }

  set_form (self, form);
  return TRUE;
}

/* Takes what @probe found; NULL when it found a form, else the error. */
static GError *
take_probe (SignetInbandRegistration *self,
            SignetServerProbe        *probe)
{
  SignetRegisterReply *reply = signet_server_probe_get_reply (probe);
  GError *error;

  self->feature_advertised = signet_server_probe_get_feature_advertised (probe);
  self->invites_advertised = signet_server_probe_get_invites_advertised (probe);

  error = take_stanza_error (self, reply, SIGNET_INBAND_STEP_FETCH);
  if (error == NULL)
    read_reply (self, reply, &error);

  return error;
}

/* What a fetch that goes on from @probe returns: @error from its run, or
 * what reading its reply found. */
static GError *
take_probe_outcome (SignetInbandRegistration *self,
                    SignetServerProbe        *probe,
                    GError                   *error)
{
  if (error != NULL)
    return take_connection_error (self, error);

  return take_probe (self, probe);
}

static void
on_probed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetInbandRegistration *self = g_task_get_source_object (task);
  GError *error = NULL;

  signet_server_probe_run_finish (SIGNET_SERVER_PROBE (source), result, &error);
  signet_bench_mark ("form");
  signet_task_return_error_or_true (task, take_probe_outcome (self, SIGNET_SERVER_PROBE (source),
                                                              error));
}

void
signet_inband_registration_fetch_async (SignetInbandRegistration *self,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SignetServerProbe) probe = NULL;
  SignetConnection *old;
  GError *error = NULL;

  g_return_if_fail (SIGNET_IS_INBAND_REGISTRATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_inband_registration_fetch_async);

  /* The form the probe fetched on this stream is the one to fill in. */
  probe = g_steal_pointer (&self->probe);
  if (probe != NULL && signet_server_probe_has_outcome (probe, self->connection, &error))
    {
      signet_task_return_error_or_true (task, take_probe_outcome (self, probe, error));
      return;
    }

  old = self->connection;
  signet_register_client_prepare_connection (&self->connection, &self->connection_used);
  if (self->connection != old)
    watch_connection (self);

  /* Asked even without the stream feature: some servers do not advertise
   * it, and the others answer service-unavailable (Prosody) or end the
   * stream (ejabberd), which tells the person more than silence. */
  g_clear_object (&probe);
  probe = signet_server_probe_new (self->connection);
  signet_server_probe_run_async (probe, cancellable, on_probed, g_steal_pointer (&task));
}

gboolean
signet_inband_registration_fetch_finish (SignetInbandRegistration *self,
                                         GAsyncResult             *result,
                                         GError                  **error)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Submitting
 */

static void
wipe_password (SignetInbandRegistration *self)
{
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
on_captcha_refetched (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetInbandRegistration *self = SIGNET_INBAND_REGISTRATION (source);
  GError *captcha_error = g_object_steal_data (G_OBJECT (task), "captcha-error");
  SignetStanzaError *server_error = g_object_steal_data (G_OBJECT (task), "server-error");
  g_autoptr(GError) error = NULL;

  /* The wrong answer is what the person needs to hear, whether or not a
   * new CAPTCHA came. */
  if (!signet_inband_registration_fetch_finish (self, result, &error))
    g_debug ("Could not fetch a new CAPTCHA: %s", error->message);

  clear_error_state (self);
  self->server_error = server_error;
  self->error_field = g_strdup (g_object_get_data (G_OBJECT (task), "captcha-field"));
  g_task_return_error (task, captcha_error);
}

static const char *
captcha_field_var (SignetDataForm *form)
{
  for (guint i = 0; form != NULL && i < signet_data_form_get_n_fields (form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (form, i);

      if (signet_data_form_field_get_n_media (field) > 0)
        return signet_data_form_field_get_var (field);
    }

  return NULL;
}

/* XEP-0077 §3.1: a modify error may bring the form to fill in again.
 * Legacy fields in an error are only the server echoing the request. */
static void
take_returned_form (SignetInbandRegistration *self,
                    SignetRegisterReply      *reply)
{
  const SignetStanzaError *error = signet_register_reply_get_error (reply);
  SignetDataForm *returned = signet_register_reply_get_form (reply);

  if (error == NULL || g_strcmp0 (signet_stanza_error_get_error_type (error), "modify") != 0)
    return;

  if (returned != NULL && !signet_register_reply_get_legacy (reply))
    set_form (self, returned);
}

static void
handle_submit_error (SignetInbandRegistration *self,
                     GTask                    *task,
                     GError                   *error)
{
  /* A CAPTCHA is spent once answered: get a new picture right away. */
  if (g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_CAPTCHA_FAILED))
    {
      g_object_set_data_full (G_OBJECT (task), "captcha-field",
                              g_strdup (captcha_field_var (self->form)), g_free);
      g_object_set_data_full (G_OBJECT (task), "captcha-error", error, (GDestroyNotify) g_error_free);
      g_object_set_data_full (G_OBJECT (task), "server-error", signet_stanza_error_copy (self->server_error),
                              (GDestroyNotify) signet_stanza_error_free);
      signet_inband_registration_fetch_async (self, g_task_get_cancellable (task), on_captcha_refetched, task);
      return;
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
succeed_submit (SignetInbandRegistration *self,
                GTask                    *task)
{
  self->registered = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTERED]);
  /* The unauthenticated stream has done its job. */
  signet_connection_close (self->connection);

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_taken_login (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  SignetInbandRegistration *self = g_task_get_source_object (task);
  SignetConnection *login = SIGNET_CONNECTION (source);
  GError *taken = g_object_steal_data (G_OBJECT (task), "taken-error");
  g_autoptr(GError) error = NULL;

  if (!signet_connection_connect_finish (login, result, &error))
    {
      g_debug ("The taken username is not this person's: %s", error->message);
      wipe_password (self);
      g_task_return_error (task, taken);
      g_object_unref (task);
      return;
    }

  signet_connection_close (login);
  g_error_free (taken);
  clear_error_state (self);
  succeed_submit (self, task);
}

/* A sign-up whose answer was lost (the connection dropped, the program was
 * killed) may have made the account: run again, the same username is then
 * "taken".  If the password typed logs in to it, it is this person's
 * account, and the sign-up is done; otherwise it is somebody else's. */
static void
try_taken_account (SignetInbandRegistration *self,
                   GTask                    *task,
                   GError                   *taken)
{
  g_autoptr(SignetConnection) login = signet_connection_new_like (self->connection);

  g_object_set_data_full (G_OBJECT (task), "taken-error", taken, (GDestroyNotify) g_error_free);
  signet_connection_set_keepalive (login, 0);
  signet_connection_set_login (login, self->jid, self->password);
  /* The task keeps the login connection alive until it is done. */
  g_object_set_data_full (G_OBJECT (task), "taken-login", g_object_ref (login), g_object_unref);
  signet_connection_connect_async (login, g_task_get_cancellable (task), on_taken_login, task);
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  SignetInbandRegistration *self = g_task_get_source_object (task);
  g_autoptr(SignetRegisterReply) reply = NULL;
  GError *error = NULL;

  reply = signet_register_client_finish (SIGNET_CONNECTION (source), result, &error);
  signet_bench_mark ("registered");
  if (reply == NULL)
    {
      wipe_password (self);
      g_task_return_error (task, take_connection_error (self, error));
      g_object_unref (task);
      return;
    }

  /* The form a server sends back decides what is missing, so take it first. */
  take_returned_form (self, reply);
  error = take_stanza_error (self, reply, SIGNET_INBAND_STEP_SUBMIT);
  if (g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_USERNAME_TAKEN) &&
      self->jid != NULL && self->password != NULL)
    {
      try_taken_account (self, task, error);
      return;
    }
  if (error != NULL)
    {
      wipe_password (self);
      handle_submit_error (self, task, error);
      return;
    }

  succeed_submit (self, task);
}

static void submit_form (GTask *task);

static void
on_preauth_replied (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  SignetInbandRegistration *self = g_task_get_source_object (task);
  g_autoptr(SignetRegisterReply) reply = NULL;
  GError *error = NULL;

  reply = signet_register_client_finish (SIGNET_CONNECTION (source), result, &error);
  if (reply == NULL)
    error = take_connection_error (self, error);
  else if (signet_register_reply_get_error (reply) != NULL)
    {
      clear_error_state (self);
      self->server_error = signet_stanza_error_copy (signet_register_reply_get_error (reply));
      error = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVITE_REFUSED,
                                   _("The server refused the invitation: it is unknown, used already or expired. "
                                     "Ask for a new one."));
    }

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_set_object (&self->invite_connection, self->connection);
  submit_form (task);
}

/* The token goes first, once per stream: the server remembers it there. */
static void
submit_now (GTask *task)
{
  SignetInbandRegistration *self = g_task_get_source_object (task);

  if (self->invite_token != NULL && self->invite_connection != self->connection)
    {
      signet_register_client_preauth_async (self->connection, self->invite_token, g_task_get_cancellable (task),
                                            on_preauth_replied, task);
      return;
    }

  submit_form (task);
}

static void
submit_form (GTask *task)
{
  SignetInbandRegistration *self = g_task_get_source_object (task);
  const char *username = signet_data_form_get_value (self->form, "username");
  const char *password = signet_data_form_get_value (self->form, "password");

  g_free (self->jid);
  self->jid = username != NULL ? g_strdup_printf ("%s@%s", username, signet_connection_get_domain (self->connection))
                               : NULL;
  wipe_password (self);
  self->password = g_strdup (password);

  signet_register_client_set_async (self->connection, self->form, self->form_kind == SIGNET_INBAND_FORM_LEGACY,
                                    g_task_get_cancellable (task), on_submitted, task);
}

static void
on_refetched_for_submit (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GTask *task = user_data;
  SignetInbandRegistration *self = SIGNET_INBAND_REGISTRATION (source);
  GError *error = NULL;

  if (!signet_inband_registration_fetch_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (self->form == NULL)
    {
      g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_WEB_ONLY,
                               _("This server accepts sign-ups only on its website."));
      g_object_unref (task);
      return;
    }

  if (form_needs_person (self->form))
    {
      g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FORM_CHANGED,
                               _("The connection to the server was lost and it sent a new form. "
                                 "Check it, then submit again."));
      g_object_unref (task);
      return;
    }

  submit_now (task);
}

void
signet_inband_registration_submit_async (SignetInbandRegistration *self,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_INBAND_REGISTRATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_inband_registration_submit_async);

  if (self->form == NULL)
    {
      if (self->form_kind == SIGNET_INBAND_FORM_WEB)
        g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_WEB_ONLY,
                                 _("This server accepts sign-ups only on its website."));
      else
        g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FAILED,
                                 _("There is no sign-up form to submit yet."));
      g_object_unref (task);
      return;
    }

  if (self->registered)
    {
      g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FAILED,
                               _("This sign-up is complete already."));
      g_object_unref (task);
      return;
    }

  if (signet_connection_is_connected (self->connection))
    {
      submit_now (task);
      return;
    }

  /* The stream dropped since the form came: what it offered (a CAPTCHA
   * above all) belonged to that stream, so ask again before sending. */
  signet_inband_registration_fetch_async (self, cancellable, on_refetched_for_submit, task);
}

gboolean
signet_inband_registration_submit_finish (SignetInbandRegistration *self,
                                          GAsyncResult             *result,
                                          GError                  **error)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Completing: first login, keyring, account record
 */

static void
on_secret_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetInbandRegistration *self = g_task_get_source_object (task);
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_error (&self->keyring_error);
  signet_account_store_save_secret_finish (result, &self->keyring_error);
  signet_bench_mark ("keyring");

  account = signet_account_new (SIGNET_ACCOUNT_KIND_XMPP, signet_connection_get_domain (self->connection),
                                self->jid);
  signet_account_set_keyring_stored (account, self->keyring_error == NULL);
  if (!signet_account_store_save (account, &error))
    g_warning ("Could not save the account record: %s", error->message);

  wipe_password (self);
  g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
}

static char *
bare_jid (const char *jid)
{
  const char *slash = jid != NULL ? strchr (jid, '/') : NULL;

  return slash != NULL ? g_strndup (jid, slash - jid) : g_strdup (jid);
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetInbandRegistration *self = g_task_get_source_object (task);
  SignetConnection *login = SIGNET_CONNECTION (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *bound = NULL;

  if (!signet_connection_connect_finish (login, result, &error))
    {
      if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED))
        g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_LOGIN_REFUSED,
                                 /* Translators: %s is an XMPP address. */
                                 _("The account %s was created, but the server refused to log in to it."),
                                 self->jid);
      else
        /* The network's fault, not a refusal: it keeps its own error, so
         * that it reads (and is retried) as one. */
        g_task_return_new_error (task, error->domain, error->code,
                                 /* Translators: the first %s is an XMPP address, the second why. */
                                 _("The account %s was created, but logging in to it failed: %s"),
                                 self->jid, error->message);
      return;
    }

  /* The server's own spelling of the address (it may lowercase it). */
  bound = bare_jid (signet_connection_get_bound_jid (login));
  if (bound != NULL && *bound != '\0')
    {
      g_free (self->jid);
      self->jid = g_steal_pointer (&bound);
    }
  g_free (self->login_mechanism);
  self->login_mechanism = g_strdup (signet_connection_get_sasl_mechanism (login));
  signet_connection_close (login);

  signet_account_store_save_secret_async (SIGNET_ACCOUNT_KIND_XMPP, signet_connection_get_domain (self->connection),
                                          self->jid, self->password, g_task_get_cancellable (task),
                                          on_secret_saved, g_object_ref (task));
}

void
signet_inband_registration_complete_async (SignetInbandRegistration *self,
                                           GCancellable             *cancellable,
                                           GAsyncReadyCallback       callback,
                                           gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SignetConnection) login = NULL;

  g_return_if_fail (SIGNET_IS_INBAND_REGISTRATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_inband_registration_complete_async);

  if (!self->registered || self->jid == NULL || self->password == NULL)
    {
      g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FAILED,
                               _("There is no new account to log in to: the form had no username or "
                                 "password, or the sign-up did not succeed."));
      return;
    }

  signet_account_store_prepare_keyring ();
  login = signet_connection_new_like (self->connection);
  signet_connection_set_keepalive (login, 0);
  signet_connection_set_login (login, self->jid, self->password);
  /* The task keeps the login connection alive until it is done. */
  g_task_set_task_data (task, g_object_ref (login), g_object_unref);
  signet_connection_connect_async (login, cancellable, on_logged_in, g_steal_pointer (&task));
}

SignetAccount *
signet_inband_registration_complete_finish (SignetInbandRegistration *self,
                                            GAsyncResult             *result,
                                            GError                  **error)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * Accessors
 */

SignetConnection *
signet_inband_registration_get_connection (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->connection;
}

SignetInbandFormKind
signet_inband_registration_get_form_kind (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), SIGNET_INBAND_FORM_DATA);

  return self->form_kind;
}

SignetDataForm *
signet_inband_registration_get_form (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->form_kind == SIGNET_INBAND_FORM_WEB ? NULL : self->form;
}

void
signet_inband_registration_set_invite_token (SignetInbandRegistration *self,
                                             const char               *token)
{
  g_return_if_fail (SIGNET_IS_INBAND_REGISTRATION (self));

  if (self->invite_token != NULL)
    explicit_bzero (self->invite_token, strlen (self->invite_token));
  g_free (self->invite_token);
  self->invite_token = g_strdup (token);
  g_clear_object (&self->invite_connection);
}

const char *
signet_inband_registration_get_instructions (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->instructions;
}

const char *
signet_inband_registration_get_web_url (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->web_url;
}

const char *
signet_inband_registration_get_web_description (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->web_description;
}

const char *
signet_inband_registration_get_insecure_web_url (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->insecure_web_url;
}

gboolean
signet_inband_registration_get_feature_advertised (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);

  return self->feature_advertised;
}

gboolean
signet_inband_registration_get_invites_advertised (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);

  return self->invites_advertised;
}

gboolean
signet_inband_registration_get_already_registered (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);

  return self->already_registered;
}

gboolean
signet_inband_registration_get_has_captcha (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);

  return self->form != NULL && captcha_field_var (self->form) != NULL;
}

gboolean
signet_inband_registration_get_registered (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);

  return self->registered;
}

const char *
signet_inband_registration_get_jid (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->registered ? self->jid : NULL;
}

const char *
signet_inband_registration_get_login_mechanism (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->login_mechanism;
}

const GError *
signet_inband_registration_get_keyring_error (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->keyring_error;
}

const SignetStanzaError *
signet_inband_registration_get_server_error (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->server_error;
}

const char *
signet_inband_registration_get_error_field (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->error_field;
}

/*
 * GObject
 */

SignetInbandRegistration *
signet_inband_registration_new (SignetConnection *connection)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (connection), NULL);

  return g_object_new (SIGNET_TYPE_INBAND_REGISTRATION, "connection", connection, NULL);
}

SignetInbandRegistration *
signet_inband_registration_new_for_probe (SignetServerProbe *probe)
{
  SignetInbandRegistration *self;

  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (probe), NULL);

  self = signet_inband_registration_new (signet_server_probe_get_connection (probe));
  self->connection_used = TRUE;
  self->probe = g_object_ref (probe);

  return self;
}

static void
signet_inband_registration_dispose (GObject *object)
{
  SignetInbandRegistration *self = (SignetInbandRegistration *) object;

  g_clear_object (&self->probe);

  if (self->connection != NULL)
    signet_connection_close (self->connection);
  g_clear_object (&self->connection);
  g_clear_object (&self->invite_connection);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (signet_inband_registration_parent_class)->dispose (object);
}

static void
signet_inband_registration_finalize (GObject *object)
{
  SignetInbandRegistration *self = (SignetInbandRegistration *) object;

  clear_form (self);
  clear_error_state (self);
  wipe_password (self);
  g_clear_pointer (&self->jid, g_free);
  g_clear_pointer (&self->login_mechanism, g_free);
  g_clear_error (&self->keyring_error);
  signet_inband_registration_set_invite_token (self, NULL);

  G_OBJECT_CLASS (signet_inband_registration_parent_class)->finalize (object);
}

static void
signet_inband_registration_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SignetInbandRegistration *self = SIGNET_INBAND_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_FORM:
      g_value_set_object (value, signet_inband_registration_get_form (self));
      break;

    case PROP_REGISTERED:
      g_value_set_boolean (value, self->registered);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_inband_registration_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  SignetInbandRegistration *self = SIGNET_INBAND_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      watch_connection (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_inband_registration_class_init (SignetInbandRegistrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_inband_registration_dispose;
  object_class->finalize = signet_inband_registration_finalize;
  object_class->get_property = signet_inband_registration_get_property;
  object_class->set_property = signet_inband_registration_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         SIGNET_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Changes when a form is fetched again or the server returns one with
   * an error: the UI renders it anew. */
  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL,
                         SIGNET_TYPE_DATA_FORM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REGISTERED] =
    g_param_spec_boolean ("registered", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SignetInbandRegistration::stream-lost:
   * @self: a #SignetInbandRegistration
   * @error: why the stream ended
   *
   * Emitted when the stream the form came on ends before the sign-up was
   * submitted (servers may drop idle unauthenticated streams).  The form
   * stays as typed; submitting fetches it again first.  A UI showing a
   * CAPTCHA fetches at once instead, for the new picture.
   */
  signals[SIGNAL_STREAM_LOST] =
    g_signal_new ("stream-lost",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE,
                  1,
                  G_TYPE_ERROR);
}

static void
signet_inband_registration_init (SignetInbandRegistration *self)
{
  self->form_kind = SIGNET_INBAND_FORM_DATA;
}
