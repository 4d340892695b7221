/* signet-signup-flow-kontalk.c: the machine's Kontalk backend: the number,
 * the request, the challenge, the code, the certified key, the first login,
 * and continuing a sign-up left by an earlier run.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-signup-flow-private.h"

/* How long a dropped machine lets a key being made finish, so that the
 * sign-up can be continued later without making another. */
#define LINGER_SECONDS 120

/* After the form: the terms, then the number; other servers sign up with
 * their own form or on their website. */
void
signet_signup_flow_kontalk_continue (SignetSignupFlow *self)
{
  switch (signet_registration_get_flow (self->registration))
    {
    case SIGNET_REGISTRATION_FLOW_PHONE:
      if (signet_registration_get_requires_terms (self->registration) && !self->terms_accepted)
        signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_TERMS, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      else
        signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_NUMBER, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      break;

    case SIGNET_REGISTRATION_FLOW_CADMIUM:
      signet_signup_flow_cadmium_start (self);
      break;

    case SIGNET_REGISTRATION_FLOW_FORM:
    case SIGNET_REGISTRATION_FLOW_WEB:
    default:
      signet_signup_flow_ibr_start (self);
      break;
    }
}

/*
 * The sign-up and how far its verification got
 */

static void
on_stage_changed (SignetSignupFlow *self)
{
  signet_signup_flow_notify_stage (self);
}

void
signet_signup_flow_kontalk_set_signup (SignetSignupFlow *self,
                                       SignetSignup     *signup)
{
  if (self->signup == signup)
    return;

  if (self->signup != NULL)
    g_signal_handlers_disconnect_by_data (self->signup, self);
  g_set_object (&self->signup, signup);
  self->signup_loads_key = FALSE;
  g_clear_object (&self->account);

  if (signup != NULL)
    {
      g_signal_connect_object (signup, "notify::key-ready", G_CALLBACK (on_stage_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (signup, "notify::code-accepted", G_CALLBACK (on_stage_changed), self,
                               G_CONNECT_SWAPPED);
    }
  signet_signup_flow_notify_stage (self);
}

SignetSignupStage
signet_signup_flow_get_verify_stage (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), SIGNET_SIGNUP_STAGE_KEY);

  if (self->account != NULL && self->signup != NULL)
    return SIGNET_SIGNUP_STAGE_DONE;
  if (self->signup == NULL || !signet_signup_get_key_ready (self->signup))
    return SIGNET_SIGNUP_STAGE_KEY;
  if (!signet_signup_get_code_accepted (self->signup))
    return SIGNET_SIGNUP_STAGE_CODE;
  return SIGNET_SIGNUP_STAGE_LOGIN;
}

/*
 * The request
 */

static void
on_requested (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  SignetSignup *signup = SIGNET_SIGNUP (source);
  g_autoptr(SignetChallenge) challenge = NULL;
  GError *error = NULL;

  challenge = signet_signup_request_finish (signup, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || signup != self->signup)
    {
      g_clear_error (&error);
      return;
    }

  /* From here on the personal key is being made (signet_signup_request_async). */
  if (challenge != NULL)
    signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_CHALLENGE, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
  /* The error says what the conflict is, for those who cannot ask. */
  else if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CONFLICT))
    signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_CONFLICT, error,
                               signet_registration_get_server_error (signet_signup_get_registration (signup)),
                               SIGNET_SIGNUP_OPERATION_NONE);
  else if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED) &&
           self->registration != NULL)
    signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_TERMS, error,
                               signet_registration_get_server_error (signet_signup_get_registration (signup)),
                               SIGNET_SIGNUP_OPERATION_REQUESTING);
  else
    signet_signup_flow_settle (self, self->step_before == SIGNET_SIGNUP_STEP_CHALLENGE ?
                               SIGNET_SIGNUP_STEP_CHALLENGE : SIGNET_SIGNUP_STEP_NUMBER,
                               error,
                               signet_registration_get_server_error (signet_signup_get_registration (signup)),
                               SIGNET_SIGNUP_OPERATION_REQUESTING);
}

void
signet_signup_flow_kontalk_request (SignetSignupFlow  *self,
                                    SignetRequestFlags flags)
{
  if (self->e164 == NULL || (self->signup == NULL && self->registration == NULL))
    {
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  /* The same number and name keep their sign-up, and so their key. */
  if (self->signup == NULL)
    {
      g_autoptr(SignetSignup) signup =
        signet_signup_new (signet_registration_get_connection (self->registration), self->display_name, self->e164);

      signet_signup_flow_kontalk_set_signup (self, signup);
    }

  self->request_flags = flags & ~SIGNET_REQUEST_FLAGS_ACCEPT_TERMS;
  if (self->terms_accepted)
    flags |= SIGNET_REQUEST_FLAGS_ACCEPT_TERMS;

  signet_signup_flow_begin (self, SIGNET_SIGNUP_OPERATION_REQUESTING);
  signet_signup_request_async (self->signup, flags, self->challenge_type, self->cancellable, on_requested,
                               g_object_ref (self));
}

void
signet_signup_flow_request (SignetSignupFlow *self,
                            const char       *display_name,
                            const char       *e164)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));
  g_return_if_fail (e164 != NULL);

  /* Another number or name is another key, so another sign-up. */
  if (g_strcmp0 (self->e164, e164) != 0 || g_strcmp0 (self->display_name, display_name) != 0)
    signet_signup_flow_kontalk_set_signup (self, NULL);

  g_free (self->display_name);
  self->display_name = g_strdup (display_name);
  g_free (self->e164);
  self->e164 = g_strdup (e164);
  signet_signup_flow_kontalk_request (self, self->first_request_flags);
}

void
signet_signup_flow_set_request_options (SignetSignupFlow  *self,
                                        SignetRequestFlags flags,
                                        int                challenge_type)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  self->first_request_flags = flags & ~SIGNET_REQUEST_FLAGS_ACCEPT_TERMS;
  self->challenge_type = challenge_type;
}

void
signet_signup_flow_force (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  signet_signup_flow_kontalk_request (self, (self->request_flags & ~SIGNET_REQUEST_FLAGS_FALLBACK) |
                                      SIGNET_REQUEST_FLAGS_FORCE);
}

void
signet_signup_flow_fallback (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  signet_signup_flow_kontalk_request (self, self->request_flags | SIGNET_REQUEST_FLAGS_FALLBACK);
}

void
signet_signup_flow_change_number (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_NUMBER, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

/*
 * The code, the certified key, the first login
 */

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  SignetSignup *signup = SIGNET_SIGNUP (source);
  g_autoptr(SignetAccount) account = NULL;
  SignetVerification *verification;
  GError *error = NULL;

  account = signet_signup_verify_finish (signup, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || signup != self->signup)
    {
      g_clear_error (&error);
      return;
    }

  verification = signet_signup_get_verification (signup);
  if (account != NULL)
    {
      signet_signup_flow_kontalk_forget_code (self);
      g_set_object (&self->account, account);
      signet_signup_flow_notify_stage (self);
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_DONE, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
    }
  /* The code was taken but the login was not: it can be tried again
   * without the code. */
  else if (signet_signup_get_code_accepted (signup))
    signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_VERIFY, error,
                               verification ? signet_verification_get_server_error (verification) : NULL,
                               SIGNET_SIGNUP_OPERATION_NONE);
  /* Everything else goes back to the code, as it was typed. */
  else
    signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_CHALLENGE, error,
                               verification ? signet_verification_get_server_error (verification) : NULL,
                               SIGNET_SIGNUP_OPERATION_VERIFYING);
}

/* The code is a secret: kept only while it may be sent again (retry). */
void
signet_signup_flow_kontalk_forget_code (SignetSignupFlow *self)
{
  if (self->code != NULL)
    memset (self->code, 0, strlen (self->code));
  g_clear_pointer (&self->code, g_free);
}

void
signet_signup_flow_verify (SignetSignupFlow *self,
                           const char       *code)
{
  g_autofree char *kept = g_strdup (code);

  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  if (self->signup == NULL)
    {
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  signet_signup_flow_kontalk_forget_code (self);
  self->code = g_steal_pointer (&kept);
  g_clear_object (&self->account);
  signet_signup_flow_begin (self, SIGNET_SIGNUP_OPERATION_VERIFYING);
  signet_signup_flow_notify_stage (self);
  signet_signup_flow_move (self, SIGNET_SIGNUP_STEP_VERIFY);
  signet_signup_verify_async (self->signup, self->code, self->cancellable, on_verified, g_object_ref (self));
}

static void
on_secret_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  SignetSignup *signup = SIGNET_SIGNUP (source);
  g_autoptr(GError) error = NULL;

  /* The keyring's answer is the sign-up's keyring error, not a failure. */
  signet_signup_store_secret_finish (signup, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || signup != self->signup)
    return;

  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_DONE, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

void
signet_signup_flow_store_secret (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  if (self->operation != SIGNET_SIGNUP_OPERATION_NONE || self->signup == NULL || self->account == NULL)
    return;

  signet_signup_flow_begin (self, SIGNET_SIGNUP_OPERATION_STORING);
  signet_signup_store_secret_async (self->signup, self->cancellable, on_secret_stored, g_object_ref (self));
}

/*
 * A sign-up left by an earlier run
 */

static void
on_pending_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = g_weak_ref_get (user_data);
  g_autoptr(SignetPendingRegistration) pending = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (user_data);
  g_free (user_data);
  pending = g_task_propagate_pointer (G_TASK (result), &error);
  /* A machine dropped meanwhile does not wait for this. */
  if (self == NULL)
    return;

  if (pending == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, SIGNET_PENDING_REGISTRATION_ERROR, SIGNET_PENDING_REGISTRATION_ERROR_NOT_FOUND))
        g_message ("The earlier sign-up cannot be continued: %s", error->message);
      return;
    }

  /* Too late: the person started something new meanwhile. */
  if (self->operation != SIGNET_SIGNUP_OPERATION_NONE || self->registration != NULL || self->signup != NULL ||
      self->step != SIGNET_SIGNUP_STEP_SERVER)
    return;

  g_set_object (&self->pending, pending);
  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_RESUME, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

static void
load_pending_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  GError *error = NULL;
  SignetPendingRegistration *pending = signet_pending_registration_load (&error);

  if (pending == NULL)
    {
      /* A damaged file would be offered again on every start. */
      if (g_error_matches (error, SIGNET_PENDING_REGISTRATION_ERROR, SIGNET_PENDING_REGISTRATION_ERROR_INVALID))
        signet_pending_registration_delete_file (NULL);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, pending, g_object_unref);
}

void
signet_signup_flow_load_pending (SignetSignupFlow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  g_weak_ref_init (ref, self);
  task = g_task_new (NULL, self->cancellable, on_pending_loaded, ref);
  g_task_set_source_tag (task, signet_signup_flow_load_pending);
  g_task_run_in_thread (task, load_pending_in_thread);
}

/* The server the sign-up was started on; changing the number later goes
 * through it. */
static void
take_pending_server (SignetSignupFlow          *self,
                     SignetPendingRegistration *pending)
{
  const char *host = signet_pending_registration_get_host (pending);
  guint port = signet_pending_registration_get_port (pending);
  g_autofree char *host_and_port = NULL;

  if (host != NULL && port != 0)
    host_and_port = g_strdup_printf (strchr (host, ':') ? "[%s]:%u" : "%s:%u", host, port);
  else
    host_and_port = g_strdup (host);

  g_free (self->domain);
  self->domain = g_strdup (signet_pending_registration_get_domain (pending));
  g_free (self->host);
  self->host = g_steal_pointer (&host_and_port);
  self->direct_tls = signet_pending_registration_get_direct_tls (pending);
  if (signet_pending_registration_get_trusted_sha256 (pending) != NULL)
    {
      g_free (self->trusted_sha256);
      self->trusted_sha256 = g_strdup (signet_pending_registration_get_trusted_sha256 (pending));
    }
}

void
signet_signup_flow_resume (SignetSignupFlow *self)
{
  g_autoptr(SignetSignup) signup = NULL;
  SignetPendingRegistration *pending;

  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  pending = self->pending;
  if (pending == NULL)
    return;

  signup = signet_signup_new_from_pending (pending);
  if (signet_signup_get_challenge (signup) == NULL)
    {
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_RESUME,
                                 g_error_new_literal (SIGNET_SIGNUP_FLOW_ERROR, SIGNET_SIGNUP_FLOW_ERROR_CANNOT_RESUME,
                                                      _("Signet did not save what the server asked for. Start over "
                                                        "to sign up again.")),
                                 NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  take_pending_server (self, pending);
  signet_signup_flow_kontalk_set_signup (self, signup);
  self->signup_loads_key = signet_pending_registration_get_fingerprint (pending) != NULL;
  g_free (self->display_name);
  self->display_name = g_strdup (signet_pending_registration_get_display_name (pending));
  g_free (self->e164);
  self->e164 = g_strdup (signet_pending_registration_get_phone (pending));
  g_clear_object (&self->pending);
  /* The server took the code already and would refuse it now: what is
   * left is the login, which needs nothing from the person. */
  if (signet_signup_get_code_accepted (signup))
    signet_signup_flow_verify (self, NULL);
  else
    signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_CHALLENGE, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

static void
on_key_forgotten (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->pending);
  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

/* Whether an account of ours uses the key: such a key stays. */
static gboolean
key_in_use (const char *fingerprint)
{
  g_autoptr(GPtrArray) accounts = signet_account_store_list (NULL);

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    if (g_strcmp0 (signet_account_get_fingerprint (g_ptr_array_index (accounts, i)), fingerprint) == 0)
      return TRUE;

  return FALSE;
}

static void
forget_key_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  const char *fingerprint = task_data;
  g_autofree char *home = signet_personal_key_get_default_home ();
  g_autoptr(GError) error = NULL;

  if (!key_in_use (fingerprint) && !signet_personal_key_delete_fingerprint (home, fingerprint, &error))
    g_message ("The earlier sign-up's key stays in the private GnuPG home: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

/* The key of a sign-up that never got its code is of no use to anyone:
 * its passphrase has just left the keyring, so it goes too. */
static void
forget_key (SignetSignupFlow *self)
{
  const char *fingerprint = signet_pending_registration_get_fingerprint (self->pending);
  g_autoptr(GTask) task = NULL;

  if (fingerprint == NULL || signet_pending_registration_get_code_accepted (self->pending))
    {
      g_clear_object (&self->pending);
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  task = g_task_new (NULL, self->cancellable, on_key_forgotten, g_object_ref (self));
  g_task_set_task_data (task, g_strdup (fingerprint), g_free);
  g_task_run_in_thread (task, forget_key_in_thread);
}

static void
on_pending_discarded (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  g_autoptr(GError) error = NULL;

  signet_pending_registration_discard_finish (SIGNET_PENDING_REGISTRATION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      SIGNET_PENDING_REGISTRATION (source) != self->pending)
    return;

  /* The sign-up is forgotten either way; the keyring may keep a secret. */
  if (error != NULL)
    g_message ("The earlier sign-up's passphrase stays in the keyring: %s", error->message);
  forget_key (self);
}

void
signet_signup_flow_start_over (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  if (self->operation != SIGNET_SIGNUP_OPERATION_NONE || self->pending == NULL)
    return;

  signet_signup_flow_begin (self, SIGNET_SIGNUP_OPERATION_DISCARDING);
  signet_pending_registration_discard_async (self->pending, self->cancellable, on_pending_discarded,
                                             g_object_ref (self));
}

/*
 * Cancel, and letting a key being made finish
 */

void
signet_signup_flow_kontalk_cancel (SignetSignupFlow     *self,
                                   SignetSignupOperation operation)
{
  SignetSignupStep step = self->step_before;

  if (operation == SIGNET_SIGNUP_OPERATION_VERIFYING)
    step = self->signup != NULL && signet_signup_get_code_accepted (self->signup) ?
           SIGNET_SIGNUP_STEP_VERIFY : SIGNET_SIGNUP_STEP_CHALLENGE;
  else if (operation == SIGNET_SIGNUP_OPERATION_SUBMITTING || operation == SIGNET_SIGNUP_OPERATION_LOGGING_IN)
    step = SIGNET_SIGNUP_STEP_FORM;
  else if (step == SIGNET_SIGNUP_STEP_CONFLICT)
    step = SIGNET_SIGNUP_STEP_NUMBER;

  signet_signup_flow_settle (self, step, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

static void
on_lingering_settled (SignetSignup *signup,
                      GParamSpec   *pspec,
                      gpointer      user_data)
{
  GApplication *application = g_object_get_data (G_OBJECT (signup), "signet-linger-application");
  guint timeout = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (signup), "signet-linger-timeout"));

  g_signal_handlers_disconnect_by_func (signup, on_lingering_settled, user_data);
  if (timeout != 0)
    g_source_remove (timeout);
  g_object_set_data (G_OBJECT (signup), "signet-linger-timeout", NULL);

  if (application != NULL)
    g_application_release (application);
  g_object_set_data (G_OBJECT (signup), "signet-linger-application", NULL);
  g_object_unref (signup);
}

static gboolean
on_linger_timeout (gpointer data)
{
  SignetSignup *signup = data;

  /* The source goes by itself. */
  g_object_set_data (G_OBJECT (signup), "signet-linger-timeout", NULL);
  on_lingering_settled (signup, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/* A machine dropped while the key is being made lets it finish (and be
 * saved for later) rather than throw it away. */
void
signet_signup_flow_kontalk_dispose (SignetSignupFlow *self)
{
  g_autoptr(SignetSignup) signup = NULL;
  GApplication *application;
  guint timeout;

  if (self->signup != NULL)
    g_signal_handlers_disconnect_by_data (self->signup, self);
  signup = g_steal_pointer (&self->signup);
  if (signup == NULL || self->account != NULL || self->signup_loads_key ||
      signet_signup_get_challenge (signup) == NULL || signet_signup_get_key_ready (signup) ||
      signet_signup_get_resume_error (signup) != NULL)
    return;

  /* The window has left its application already: hold the default one. */
  application = g_application_get_default ();
  if (application != NULL)
    {
      g_application_hold (application);
      g_object_set_data_full (G_OBJECT (signup), "signet-linger-application", g_object_ref (application),
                              g_object_unref);
    }

  timeout = g_timeout_add_seconds (LINGER_SECONDS, on_linger_timeout, signup);
  g_object_set_data (G_OBJECT (signup), "signet-linger-timeout", GUINT_TO_POINTER (timeout));
  g_signal_connect (signup, "notify::resumable", G_CALLBACK (on_lingering_settled), NULL);
  g_steal_pointer (&signup);
}

/*
 * Accessors
 */

const char *
signet_signup_flow_get_e164 (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->e164;
}

gboolean
signet_signup_flow_get_fallback_used (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), FALSE);

  return (self->request_flags & SIGNET_REQUEST_FLAGS_FALLBACK) != 0;
}

SignetChallenge *
signet_signup_flow_get_challenge (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->signup ? signet_signup_get_challenge (self->signup) : NULL;
}

SignetSignup *
signet_signup_flow_get_signup (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->signup;
}

SignetPendingRegistration *
signet_signup_flow_get_pending (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->pending;
}
