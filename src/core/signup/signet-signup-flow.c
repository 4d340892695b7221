/* signet-signup-flow.c: the sign-up step machine: the steps every kind of
 * server has (the server, its certificate, its terms), errors, retry and
 * cancel.  The backends add their own steps.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "signet-core-enums.h"
#include "signet-signup-flow-private.h"

G_DEFINE_QUARK (signet-signup-flow-error-quark, signet_signup_flow_error)

G_DEFINE_FINAL_TYPE (SignetSignupFlow, signet_signup_flow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STEP,
  PROP_OPERATION,
  PROP_VERIFY_STAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * The machine's moves
 */

static void
clear_error (SignetSignupFlow *self)
{
  g_clear_error (&self->error);
  g_clear_pointer (&self->server_error, signet_stanza_error_free);
  g_clear_pointer (&self->error_field, g_free);
  self->retry = SIGNET_SIGNUP_OPERATION_NONE;
}

/* Starts @operation from the current step; the cancellable is the one to
 * give it. */
GCancellable *
signet_signup_flow_begin (SignetSignupFlow     *self,
                          SignetSignupOperation operation)
{
  clear_error (self);
  if (self->operation == SIGNET_SIGNUP_OPERATION_NONE)
    self->step_before = self->step;
  self->operation = operation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATION]);

  return self->cancellable;
}

/* Ends the operation under way (if any) in @step.  "step" is notified
 * last and always, even when it does not change, so that a view reads the
 * error and the step's data in one place. */
void
signet_signup_flow_settle (SignetSignupFlow        *self,
                           SignetSignupStep         step,
                           GError                  *error,
                           const SignetStanzaError *server_error,
                           SignetSignupOperation    retry)
{
  signet_signup_flow_settle_on_field (self, step, error, server_error, retry, NULL);
}

/* The same, with the form field the error is about. */
void
signet_signup_flow_settle_on_field (SignetSignupFlow        *self,
                                    SignetSignupStep         step,
                                    GError                  *error,
                                    const SignetStanzaError *server_error,
                                    SignetSignupOperation    retry,
                                    const char              *field)
{
  gboolean was_busy = self->operation != SIGNET_SIGNUP_OPERATION_NONE;
  g_autofree char *kept_field = g_strdup (field);

  clear_error (self);
  self->error = error;
  self->error_field = g_steal_pointer (&kept_field);
  self->server_error = server_error ? signet_stanza_error_copy (server_error) : NULL;
  self->retry = signet_signup_flow_is_network_error (error) ? retry : SIGNET_SIGNUP_OPERATION_NONE;
  self->operation = SIGNET_SIGNUP_OPERATION_NONE;
  self->step = step;

  if (was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

void
signet_signup_flow_move (SignetSignupFlow *self,
                         SignetSignupStep  step)
{
  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

/* Whether trying the same again may work: the network, not a refusal. */
gboolean
signet_signup_flow_is_network_error (const GError *error)
{
  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    return TRUE;

  /* A reply that is not Cadmium at all (a proxy's error page, a cut frame)
   * says nothing about the sign-up; the next connection may do better. */
  if (g_error_matches (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_BAD_FRAME))
    return TRUE;

  if (error->domain != SIGNET_CONNECTION_ERROR)
    return FALSE;

  switch (error->code)
    {
    case SIGNET_CONNECTION_ERROR_FAILED:
    case SIGNET_CONNECTION_ERROR_UNREACHABLE:
    case SIGNET_CONNECTION_ERROR_TIMEOUT:
    case SIGNET_CONNECTION_ERROR_CLOSED:
    case SIGNET_CONNECTION_ERROR_NOT_CONNECTED:
    case SIGNET_CONNECTION_ERROR_MALFORMED:
    case SIGNET_CONNECTION_ERROR_STREAM_SYSTEM_SHUTDOWN:
    case SIGNET_CONNECTION_ERROR_STREAM_OTHER:
      return TRUE;
    default:
      return FALSE;
    }
}

void
signet_signup_flow_notify_stage (SignetSignupFlow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFY_STAGE]);
}

/*
 * The server
 */

/* A connection with the server settings (host, TLS, trust). */
SignetConnection *
signet_signup_flow_new_connection (SignetSignupFlow *self,
                                   GError          **error)
{
  g_autoptr(SignetConnection) connection = signet_connection_new (self->domain);

  if (self->host != NULL && !signet_connection_set_host_and_port (connection, self->host, error))
    return NULL;
  signet_connection_set_direct_tls (connection, self->direct_tls);
  if (self->trust != NULL)
    signet_trust_store_apply (self->trust, connection);
  if (self->trusted_sha256 != NULL)
    signet_connection_set_trusted_sha256 (connection, self->trusted_sha256);

  return g_steal_pointer (&connection);
}

/* What the previous server said does not apply to another one. */
void
signet_signup_flow_drop_server (SignetSignupFlow *self)
{
  g_clear_object (&self->registration);
  g_clear_object (&self->inband);
  g_clear_pointer (&self->certificate, signet_certificate_info_free);
  g_clear_object (&self->cadmium);
  self->form_fetched = FALSE;
  /* A sign-up belongs to the server it was started on. */
  signet_signup_flow_kontalk_set_signup (self, NULL);
}

static void
untrusted (SignetSignupFlow            *self,
           const SignetCertificateInfo *certificate)
{
  self->certificate = signet_certificate_info_copy (certificate);
  g_clear_object (&self->registration);
  self->form_fetched = FALSE;
  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_UNTRUSTED, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

static void
on_form_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  SignetRegistration *registration = SIGNET_REGISTRATION (source);
  const SignetCertificateInfo *certificate;
  GError *error = NULL;

  if (!signet_registration_fetch_form_finish (registration, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }
  if (registration != self->registration)
    {
      g_clear_error (&error);
      return;
    }
  if (error == NULL)
    {
      self->form_fetched = TRUE;
      signet_signup_flow_kontalk_continue (self);
      return;
    }

  /* The probe's: the stream's, or a Cadmium WebSocket's it found. */
  certificate = signet_registration_get_probe (registration) != NULL
                ? signet_server_probe_get_certificate (signet_registration_get_probe (registration))
                : signet_connection_get_peer_certificate (signet_registration_get_connection (registration));
  if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED) &&
      certificate != NULL)
    {
      g_error_free (error);
      untrusted (self, certificate);
      return;
    }

  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER, error,
                             signet_registration_get_server_error (registration),
                             SIGNET_SIGNUP_OPERATION_CONNECTING);
  signet_signup_flow_drop_server (self);
}

void
signet_signup_flow_connect (SignetSignupFlow *self)
{
  g_autoptr(SignetConnection) connection = NULL;
  GError *error = NULL;

  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));
  g_return_if_fail (self->domain != NULL);

  if (signet_signup_flow_is_cadmium (self))
    {
      signet_signup_flow_cadmium_start (self);
      return;
    }

  /* The form is fetched already: only the terms were missing. */
  if (self->registration != NULL && self->form_fetched)
    {
      signet_signup_flow_kontalk_continue (self);
      return;
    }

  signet_signup_flow_drop_server (self);
  connection = signet_signup_flow_new_connection (self, &error);
  if (connection == NULL)
    {
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER, error, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  self->registration = signet_registration_new (connection);
  signet_registration_set_discover_cadmium (self->registration, self->discover_cadmium);
  signet_signup_flow_begin (self, SIGNET_SIGNUP_OPERATION_CONNECTING);
  signet_registration_fetch_form_async (self->registration, self->cancellable,
                                        on_form_fetched, g_object_ref (self));
}

void
signet_signup_flow_set_discover_cadmium (SignetSignupFlow *self,
                                         gboolean          discover)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  self->discover_cadmium = discover;
}

void
signet_signup_flow_set_server (SignetSignupFlow *self,
                               const char       *domain,
                               const char       *host,
                               gboolean          direct_tls,
                               const char       *trusted_sha256)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  if (g_strcmp0 (domain, self->domain) == 0 && g_strcmp0 (host, self->host) == 0 &&
      direct_tls == self->direct_tls && g_strcmp0 (trusted_sha256, self->trusted_sha256) == 0)
    return;

  g_free (self->domain);
  self->domain = g_strdup (domain);
  g_free (self->host);
  self->host = g_strdup (host);
  self->direct_tls = direct_tls;
  g_free (self->trusted_sha256);
  self->trusted_sha256 = g_strdup (trusted_sha256);
  signet_signup_flow_drop_server (self);
}

void
signet_signup_flow_set_invite_token (SignetSignupFlow *self,
                                     const char       *token)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  if (self->invite_token != NULL)
    explicit_bzero (self->invite_token, strlen (self->invite_token));
  g_free (self->invite_token);
  self->invite_token = g_strdup (token);
  if (self->inband != NULL)
    signet_inband_registration_set_invite_token (self->inband, token);
}

void
signet_signup_flow_set_trust_store (SignetSignupFlow *self,
                                    SignetTrustStore *trust)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  g_set_object (&self->trust, trust);
}

void
signet_signup_flow_trust_certificate (SignetSignupFlow *self)
{
  const char *sha256;

  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));
  g_return_if_fail (self->certificate != NULL);

  sha256 = signet_certificate_info_get_sha256 (self->certificate);

  /* Pinned, it applies to every later connection (and run); without a
   * store it holds for this machine only. */
  if (self->trust == NULL ||
      !signet_trust_store_pin (self->trust, signet_signup_flow_cadmium_trust_key (self), sha256, NULL))
    {
      g_free (self->trusted_sha256);
      self->trusted_sha256 = g_strdup (sha256);
    }
  signet_signup_flow_connect (self);
}

void
signet_signup_flow_reject_certificate (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER,
                             /* Translators: %s is a server's domain. */
                             g_error_new (SIGNET_SIGNUP_FLOW_ERROR, SIGNET_SIGNUP_FLOW_ERROR_CERTIFICATE_REJECTED,
                                          _("Signet did not connect to %s because you did not trust its "
                                            "certificate."), self->domain),
                             NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

void
signet_signup_flow_accept_terms (SignetSignupFlow *self,
                                 gboolean          accepted)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  self->terms_accepted = accepted;
}

void
signet_signup_flow_change_server (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  signet_signup_flow_drop_server (self);
  if (self->step != SIGNET_SIGNUP_STEP_RESUME)
    signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

/* The step before @step, where the person goes back to. */
static SignetSignupStep
step_back (SignetSignupFlow *self,
           SignetSignupStep  step)
{
  switch (step)
    {
    case SIGNET_SIGNUP_STEP_CHALLENGE:
    case SIGNET_SIGNUP_STEP_CONFLICT:
    case SIGNET_SIGNUP_STEP_IMPORT:
    case SIGNET_SIGNUP_STEP_LINK:
      return SIGNET_SIGNUP_STEP_NUMBER;
    case SIGNET_SIGNUP_STEP_VERIFY:
      return SIGNET_SIGNUP_STEP_CHALLENGE;
    case SIGNET_SIGNUP_STEP_DONE:
    case SIGNET_SIGNUP_STEP_RESUME:
      return step;
    case SIGNET_SIGNUP_STEP_NUMBER:
    case SIGNET_SIGNUP_STEP_FORM:
    case SIGNET_SIGNUP_STEP_WEB:
    default:
      /* What the server said stays: going on again needs no new connection. */
      return SIGNET_SIGNUP_STEP_SERVER;
    }
}

void
signet_signup_flow_back (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  if (self->operation != SIGNET_SIGNUP_OPERATION_NONE)
    return;

  signet_signup_flow_settle (self, step_back (self, self->step), NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

/*
 * Retry and cancel
 */

void
signet_signup_flow_retry (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  if (self->operation != SIGNET_SIGNUP_OPERATION_NONE)
    return;

  switch (self->retry)
    {
    case SIGNET_SIGNUP_OPERATION_CONNECTING:
      signet_signup_flow_connect (self);
      break;
    case SIGNET_SIGNUP_OPERATION_REQUESTING:
      signet_signup_flow_kontalk_request (self, self->request_flags);
      break;
    case SIGNET_SIGNUP_OPERATION_VERIFYING:
      signet_signup_flow_verify (self, self->code);
      break;
    case SIGNET_SIGNUP_OPERATION_REGISTERING:
      signet_signup_flow_cadmium_retry (self);
      break;
    case SIGNET_SIGNUP_OPERATION_NONE:
    default:
      break;
    }
}

void
signet_signup_flow_cancel (SignetSignupFlow *self)
{
  SignetSignupOperation operation;

  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  operation = self->operation;
  if (operation == SIGNET_SIGNUP_OPERATION_NONE)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* A half-made connection is of no further use; a form stays, with what
   * was typed, and is fetched again if the stream went. */
  if (operation == SIGNET_SIGNUP_OPERATION_CONNECTING || operation == SIGNET_SIGNUP_OPERATION_FETCHING_FORM)
    {
      signet_signup_flow_drop_server (self);
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  /* What was typed stays on the Cadmium page. */
  if (operation == SIGNET_SIGNUP_OPERATION_REGISTERING)
    {
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_CADMIUM, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  signet_signup_flow_kontalk_cancel (self, operation);
}

/*
 * GObject
 */

static void
signet_signup_flow_dispose (GObject *object)
{
  SignetSignupFlow *self = SIGNET_SIGNUP_FLOW (object);

  g_cancellable_cancel (self->cancellable);
  signet_signup_flow_kontalk_dispose (self);
  signet_signup_flow_transfer_dispose (self);
  signet_signup_flow_cadmium_dispose (self);
  g_clear_object (&self->registration);
  g_clear_object (&self->inband);
  g_clear_object (&self->pending);
  g_clear_object (&self->account);
  g_clear_object (&self->trust);

  G_OBJECT_CLASS (signet_signup_flow_parent_class)->dispose (object);
}

static void
signet_signup_flow_finalize (GObject *object)
{
  SignetSignupFlow *self = SIGNET_SIGNUP_FLOW (object);

  clear_error (self);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->certificate, signet_certificate_info_free);
  g_clear_pointer (&self->domain, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->trusted_sha256, g_free);
  signet_signup_flow_set_invite_token (self, NULL);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->e164, g_free);
  signet_signup_flow_kontalk_forget_code (self);

  G_OBJECT_CLASS (signet_signup_flow_parent_class)->finalize (object);
}

static void
signet_signup_flow_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SignetSignupFlow *self = SIGNET_SIGNUP_FLOW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;
    case PROP_OPERATION:
      g_value_set_enum (value, self->operation);
      break;
    case PROP_VERIFY_STAGE:
      g_value_set_enum (value, signet_signup_flow_get_verify_stage (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_signup_flow_class_init (SignetSignupFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_signup_flow_dispose;
  object_class->finalize = signet_signup_flow_finalize;
  object_class->get_property = signet_signup_flow_get_property;

  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL, SIGNET_TYPE_SIGNUP_STEP, SIGNET_SIGNUP_STEP_SERVER,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OPERATION] =
    g_param_spec_enum ("operation", NULL, NULL, SIGNET_TYPE_SIGNUP_OPERATION, SIGNET_SIGNUP_OPERATION_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VERIFY_STAGE] =
    g_param_spec_enum ("verify-stage", NULL, NULL, SIGNET_TYPE_SIGNUP_STAGE, SIGNET_SIGNUP_STAGE_KEY,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_signup_flow_init (SignetSignupFlow *self)
{
  self->cancellable = g_cancellable_new ();
  self->challenge_type = -1;
}

SignetSignupFlow *
signet_signup_flow_new (void)
{
  return g_object_new (SIGNET_TYPE_SIGNUP_FLOW, NULL);
}

/* Continues from a registration whose form another part fetched (the
 * command line connects, and asks about certificates, itself). */
SignetSignupFlow *
signet_signup_flow_new_for_registration (SignetRegistration *registration)
{
  SignetSignupFlow *self = signet_signup_flow_new ();
  SignetConnection *connection = signet_registration_get_connection (registration);

  self->domain = g_strdup (signet_connection_get_domain (connection));
  self->registration = g_object_ref (registration);
  self->form_fetched = TRUE;
  self->step = SIGNET_SIGNUP_STEP_NUMBER;

  return self;
}

/* Continues a sign-up left by an earlier run, as resume() does. */
SignetSignupFlow *
signet_signup_flow_new_for_pending (SignetPendingRegistration *pending)
{
  SignetSignupFlow *self = signet_signup_flow_new ();

  self->pending = g_object_ref (pending);
  self->step = SIGNET_SIGNUP_STEP_RESUME;
  signet_signup_flow_resume (self);

  return self;
}

/* Runs the default main context until the operation under way ends. */
void
signet_signup_flow_wait (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  while (self->operation != SIGNET_SIGNUP_OPERATION_NONE)
    g_main_context_iteration (NULL, TRUE);
}

/*
 * Accessors
 */

SignetSignupStep
signet_signup_flow_get_step (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), SIGNET_SIGNUP_STEP_SERVER);

  return self->step;
}

SignetSignupOperation
signet_signup_flow_get_operation (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), SIGNET_SIGNUP_OPERATION_NONE);

  return self->operation;
}

const GError *
signet_signup_flow_get_error (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->error;
}

const SignetStanzaError *
signet_signup_flow_get_server_error (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->server_error;
}

const char *
signet_signup_flow_get_error_field (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->error_field;
}

gboolean
signet_signup_flow_get_can_retry (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), FALSE);

  return self->retry != SIGNET_SIGNUP_OPERATION_NONE;
}

const char *
signet_signup_flow_get_domain (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->domain;
}

const char *
signet_signup_flow_get_host (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->host;
}

gboolean
signet_signup_flow_get_direct_tls (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), FALSE);

  return self->direct_tls;
}

const SignetCertificateInfo *
signet_signup_flow_get_certificate (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->certificate;
}

const char *
signet_signup_flow_get_terms_url (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->registration ? signet_registration_get_terms_url (self->registration) : NULL;
}

const char *
signet_signup_flow_get_instructions (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->registration ? signet_registration_get_instructions (self->registration) : NULL;
}

SignetAccount *
signet_signup_flow_get_account (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->account;
}

const GError *
signet_signup_flow_get_keyring_error (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  if (self->inband != NULL && self->signup == NULL)
    return signet_inband_registration_get_keyring_error (self->inband);
  if (self->cadmium != NULL)
    return self->cadmium_keyring_error;
  if (self->signup == NULL && self->key_import != NULL)
    return signet_key_import_get_keyring_error (self->key_import);

  return self->signup ? signet_signup_get_keyring_error (self->signup) : NULL;
}
