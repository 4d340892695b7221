/* signet-signup-flow-cadmium.c: the machine's backend for Cadmium servers:
 * the details (username, email, phone, password) and one registration
 * over a WebSocket, then the account and its secrets in the keyring.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-signup-flow-private.h"

gboolean
signet_signup_flow_is_cadmium (SignetSignupFlow *self)
{
  return self->domain != NULL && g_ascii_strncasecmp (self->domain, "wss://", 6) == 0;
}

static void
wipe_password (SignetSignupFlow *self)
{
  if (self->cadmium_password != NULL)
    memset (self->cadmium_password, 0, strlen (self->cadmium_password));
  g_clear_pointer (&self->cadmium_password, g_free);
}

void
signet_signup_flow_cadmium_dispose (SignetSignupFlow *self)
{
  g_clear_object (&self->cadmium);
  g_clear_pointer (&self->cadmium_username, g_free);
  g_clear_pointer (&self->cadmium_email, g_free);
  g_clear_pointer (&self->cadmium_msisdn, g_free);
  g_clear_error (&self->cadmium_keyring_error);
  wipe_password (self);
}

/* A wss:// address typed as the server, or the one the probe found for a
 * domain; NULL if neither. */
static const char *
get_url (SignetSignupFlow *self)
{
  SignetServerProbe *probe = self->registration != NULL ? signet_registration_get_probe (self->registration) : NULL;

  if (signet_signup_flow_is_cadmium (self))
    return self->domain;
  return probe != NULL ? signet_server_probe_get_cadmium_url (probe) : NULL;
}

/* A certificate trusted for this run only (signet --trust) is kept under
 * the server as given, which for a Cadmium server is its whole address. */
static void
apply_trust (SignetSignupFlow    *self,
             SignetCadmiumClient *client)
{
  g_autofree char *sha256 = NULL;

  signet_cadmium_client_apply_trust (client, self->trust);
  if (signet_signup_flow_is_cadmium (self) &&
      (sha256 = signet_trust_store_dup_trusted (self->trust, self->domain)) != NULL)
    signet_cadmium_client_set_trusted_sha256 (client, sha256);
}

/* The Cadmium domain is the domain typed, or a typed address's host.  The
 * trust store keeps the certificate under that domain, as the command line
 * does (signet_cadmium_client_apply_trust()). */
static SignetCadmiumClient *
new_client (SignetSignupFlow *self,
            const char       *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  SignetCadmiumClient *client;

  if (!signet_signup_flow_is_cadmium (self))
    host = self->domain;
  client = signet_cadmium_client_new (url, host != NULL && *host != '\0' ? host : url);
  if (self->trust != NULL)
    apply_trust (self, client);
  if (self->trusted_sha256 != NULL)
    signet_cadmium_client_set_trusted_sha256 (client, self->trusted_sha256);
  return client;
}

const char *
signet_signup_flow_cadmium_trust_key (SignetSignupFlow *self)
{
  return self->cadmium != NULL ? signet_cadmium_client_get_server (self->cadmium) : self->domain;
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) record_error = NULL;

  if (!signet_account_store_save_secret_finish (result, &error))
    g_debug ("A Cadmium secret is not in the keyring: %s", error->message);
  g_clear_error (&self->cadmium_keyring_error);
  self->cadmium_keyring_error = error != NULL ? g_error_copy (error) : NULL;
  signet_account_set_keyring_stored (self->account, error == NULL);
  if (!signet_account_store_save (self->account, &record_error))
    g_warning ("The account record could not be written: %s", record_error->message);
  wipe_password (self);
  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_DONE, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

/* The login token first (kept only when asked for), then the password, whose
 * result says whether the account's secret is in the keyring. */
static void
keep_account (SignetSignupFlow   *self,
              SignetCadmiumFrame *frame)
{
  const char *server = signet_cadmium_client_get_server (self->cadmium);
  const char *user_id = signet_cadmium_frame_get_user_id (frame);
  const char *token = signet_cadmium_frame_get_login_token (frame);
  g_autofree char *e164 = NULL;

  g_clear_object (&self->account);
  self->account = signet_account_new (SIGNET_ACCOUNT_KIND_CADMIUM, server, user_id);
  if (self->cadmium_msisdn != NULL)
    e164 = signet_cadmium_normalize_msisdn (self->cadmium_msisdn, NULL);
  signet_account_set_phone (self->account, e164);

  if (token != NULL)
    signet_account_store_save_secret_async (SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN, server, user_id, token,
                                            NULL, NULL, NULL);
  signet_account_store_save_secret_async (SIGNET_ACCOUNT_KIND_CADMIUM, server, user_id, self->cadmium_password,
                                          NULL, on_saved, g_object_ref (self));
}

static void
on_registered (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  SignetCadmiumClient *client = SIGNET_CADMIUM_CLIENT (source);
  g_autoptr(SignetCadmiumFrame) frame = NULL;
  GError *error = NULL;

  frame = signet_cadmium_client_register_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || client != self->cadmium)
    {
      g_clear_error (&error);
      return;
    }

  if (frame != NULL && signet_cadmium_frame_get_user_id (frame) != NULL)
    {
      keep_account (self, frame);
      return;
    }
  if (frame != NULL)
    error = g_error_new_literal (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_BAD_FRAME,
                                 _("The server accepted the sign-up but named no account."));

  if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED) &&
      signet_cadmium_client_get_peer_certificate (client) != NULL)
    {
      g_clear_pointer (&self->certificate, signet_certificate_info_free);
      self->certificate = signet_certificate_info_copy (signet_cadmium_client_get_peer_certificate (client));
      g_clear_error (&error);
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_UNTRUSTED, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_CADMIUM, error, NULL, SIGNET_SIGNUP_OPERATION_REGISTERING);
}

static void
register_again (SignetSignupFlow *self)
{
  GCancellable *cancellable = signet_signup_flow_begin (self, SIGNET_SIGNUP_OPERATION_REGISTERING);

  signet_cadmium_client_register_async (self->cadmium, self->cadmium_username, self->cadmium_email,
                                        self->cadmium_msisdn, self->cadmium_password, self->cadmium_login,
                                        cancellable, on_registered, g_object_ref (self));
}

/* connect(): a new client with the trust as it is now; after the
 * certificate was trusted, the registration that met it goes on. */
void
signet_signup_flow_cadmium_start (SignetSignupFlow *self)
{
  g_clear_object (&self->cadmium);
  g_clear_pointer (&self->certificate, signet_certificate_info_free);
  self->cadmium = new_client (self, get_url (self));

  if (self->cadmium_password != NULL)
    register_again (self);
  else
    signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_CADMIUM, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

void
signet_signup_flow_register_cadmium (SignetSignupFlow *self,
                                     const char       *username,
                                     const char       *email,
                                     const char       *msisdn,
                                     const char       *password,
                                     gboolean          login_on_success)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));
  g_return_if_fail (password != NULL);

  if (self->operation != SIGNET_SIGNUP_OPERATION_NONE)
    return;
  if (self->cadmium == NULL)
    {
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_SERVER, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  g_free (self->cadmium_username);
  self->cadmium_username = g_strdup (username);
  g_free (self->cadmium_email);
  self->cadmium_email = g_strdup (email);
  g_free (self->cadmium_msisdn);
  self->cadmium_msisdn = g_strdup (msisdn);
  wipe_password (self);
  self->cadmium_password = g_strdup (password);
  self->cadmium_login = login_on_success;
  register_again (self);
}

void
signet_signup_flow_cadmium_retry (SignetSignupFlow *self)
{
  if (self->cadmium != NULL && self->cadmium_password != NULL)
    register_again (self);
}

SignetCadmiumClient *
signet_signup_flow_get_cadmium (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->cadmium;
}
