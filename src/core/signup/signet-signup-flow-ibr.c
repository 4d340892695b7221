/* signet-signup-flow-ibr.c: the machine's backend for any other XMPP
 * server: its own form (XEP-0077), then the first login; or its website.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-signup-flow-private.h"

/* Whether a reply still matters: not cancelled, and for the sign-up under
 * way (a new server or a new form replaces it).  If not, @error is freed. */
static gboolean
is_current (SignetSignupFlow         *self,
            SignetInbandRegistration *inband,
            GError                  **error)
{
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || inband != self->inband)
    {
      g_clear_error (error);
      return FALSE;
    }

  return TRUE;
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  SignetInbandRegistration *inband = SIGNET_INBAND_REGISTRATION (source);
  GError *error = NULL;

  signet_inband_registration_fetch_finish (inband, result, &error);
  if (!is_current (self, inband, &error))
    return;

  if (error != NULL)
    {
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER, error,
                                 signet_inband_registration_get_server_error (inband),
                                 SIGNET_SIGNUP_OPERATION_CONNECTING);
      g_clear_object (&self->inband);
      return;
    }

  if (signet_inband_registration_get_form_kind (inband) == SIGNET_INBAND_FORM_WEB)
    signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_WEB, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
  else
    signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_FORM, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

/* The form comes on the connection that found it: the probe's. */
void
signet_signup_flow_ibr_start (SignetSignupFlow *self)
{
  g_clear_object (&self->inband);
  self->inband = signet_inband_registration_new_for_probe (signet_registration_get_probe (self->registration));
  signet_inband_registration_set_invite_token (self->inband, self->invite_token);
  signet_signup_flow_begin (self, SIGNET_SIGNUP_OPERATION_FETCHING_FORM);
  signet_inband_registration_fetch_async (self->inband, self->cancellable, on_fetched, g_object_ref (self));
}

static void
on_completed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  SignetInbandRegistration *inband = SIGNET_INBAND_REGISTRATION (source);
  g_autoptr(SignetAccount) account = NULL;
  GError *error = NULL;

  account = signet_inband_registration_complete_finish (inband, result, &error);
  if (!is_current (self, inband, &error))
    return;

  if (account == NULL)
    {
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_FORM, error,
                                 signet_inband_registration_get_server_error (inband),
                                 SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  g_set_object (&self->account, account);
  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_DONE, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

static void
complete (SignetSignupFlow *self)
{
  signet_signup_flow_begin (self, SIGNET_SIGNUP_OPERATION_LOGGING_IN);
  signet_inband_registration_complete_async (self->inband, self->cancellable, on_completed, g_object_ref (self));
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  SignetInbandRegistration *inband = SIGNET_INBAND_REGISTRATION (source);
  GError *error = NULL;

  signet_inband_registration_submit_finish (inband, result, &error);
  if (!is_current (self, inband, &error))
    return;

  /* A failure stays on the form: the field it is about, or the whole form. */
  if (error != NULL)
    signet_signup_flow_settle_on_field (self, SIGNET_SIGNUP_STEP_FORM, error,
                                        signet_inband_registration_get_server_error (inband),
                                        SIGNET_SIGNUP_OPERATION_NONE,
                                        signet_inband_registration_get_error_field (inband));
  else
    complete (self);
}

void
signet_signup_flow_submit_form (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  if (self->inband == NULL)
    {
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  /* Accepted already (the login failed): only the login is left. */
  if (signet_inband_registration_get_registered (self->inband))
    {
      complete (self);
      return;
    }

  signet_signup_flow_begin (self, SIGNET_SIGNUP_OPERATION_SUBMITTING);
  signet_inband_registration_submit_async (self->inband, self->cancellable, on_submitted, g_object_ref (self));
}

/* Continues from a form another part fetched (the command line probes,
 * and asks about certificates, itself). */
SignetSignupFlow *
signet_signup_flow_new_for_inband (SignetInbandRegistration *inband)
{
  SignetSignupFlow *self = signet_signup_flow_new ();
  SignetConnection *connection = signet_inband_registration_get_connection (inband);

  self->domain = g_strdup (signet_connection_get_domain (connection));
  self->inband = g_object_ref (inband);
  self->step = signet_inband_registration_get_form_kind (inband) == SIGNET_INBAND_FORM_WEB ?
               SIGNET_SIGNUP_STEP_WEB : SIGNET_SIGNUP_STEP_FORM;

  return self;
}

SignetInbandRegistration *
signet_signup_flow_get_inband (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->inband;
}

SignetDataForm *
signet_signup_flow_get_form (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->inband ? signet_inband_registration_get_form (self->inband) : NULL;
}
