/* signet-cli-cadmium.c: `cadmium register`, sign-up on a Cadmium server.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "signet-cli-commands.h"

static void
on_retry_in (SignetCadmiumClient *client,
             GParamSpec          *pspec,
             gpointer             user_data)
{
  guint seconds = signet_cadmium_client_get_retry_in (client);

  if (seconds > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "Too many attempts: trying again in %u second…\n",
                             "Too many attempts: trying again in %u seconds…\n", seconds),
                seconds);
}

static SignetCadmiumFrame *
register_once (SignetCadmiumClient    *client,
               const SignetCliOptions *options,
               const char             *password,
               GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_cadmium_client_register_async (client, options->username, options->email,
                                        options->msisdn, password, options->login, NULL,
                                        signet_cli_on_done, &result);
  return signet_cadmium_client_register_finish (client, signet_cli_wait (&result), error);
}

static const char *
cadmium_condition (const GError *error)
{
  switch ((SignetCadmiumError) error->code)
    {
    case SIGNET_CADMIUM_ERROR_ID_EXISTS: return "id-exists";
    case SIGNET_CADMIUM_ERROR_USERNAME_TAKEN: return "username-taken";
    case SIGNET_CADMIUM_ERROR_EMAIL_TAKEN: return "email-taken";
    case SIGNET_CADMIUM_ERROR_PHONE_TAKEN: return "msisdn-taken";
    case SIGNET_CADMIUM_ERROR_REG_DISABLED: return "reg-disabled";
    case SIGNET_CADMIUM_ERROR_RATE_LIMITED: return "ratelimit-exceed";
    case SIGNET_CADMIUM_ERROR_UNHANDLED: return "unhandled";
    case SIGNET_CADMIUM_ERROR_PARSE_ERROR: return "parse-error";
    case SIGNET_CADMIUM_ERROR_UNAUTHORIZED: return "unauthorized";
    case SIGNET_CADMIUM_ERROR_BAD_FRAME: return "malformed-reply";
    case SIGNET_CADMIUM_ERROR_INVALID_USERNAME: return "invalid-username";
    case SIGNET_CADMIUM_ERROR_INVALID_EMAIL: return "invalid-email";
    case SIGNET_CADMIUM_ERROR_INVALID_URL: return "invalid-url";
    case SIGNET_CADMIUM_ERROR_MISSING_ID: return "missing-id";
    case SIGNET_CADMIUM_ERROR_MISSING_PASSWORD: return "missing-password";
    case SIGNET_CADMIUM_ERROR_FAILED:
    default: return "server-error";
    }
}

static int
cadmium_exit_code (const GError *error)
{
  switch ((SignetCadmiumError) error->code)
    {
    case SIGNET_CADMIUM_ERROR_ID_EXISTS:
    case SIGNET_CADMIUM_ERROR_USERNAME_TAKEN:
    case SIGNET_CADMIUM_ERROR_EMAIL_TAKEN:
    case SIGNET_CADMIUM_ERROR_PHONE_TAKEN: return SIGNET_CLI_EXIT_CONFLICT;
    case SIGNET_CADMIUM_ERROR_REG_DISABLED: return SIGNET_CLI_EXIT_REG_DISABLED;
    case SIGNET_CADMIUM_ERROR_RATE_LIMITED: return SIGNET_CLI_EXIT_THROTTLED;
    case SIGNET_CADMIUM_ERROR_UNHANDLED:
    case SIGNET_CADMIUM_ERROR_UNAUTHORIZED: return SIGNET_CLI_EXIT_NOT_OFFERED;
    case SIGNET_CADMIUM_ERROR_BAD_FRAME: return SIGNET_CLI_EXIT_NETWORK;
    case SIGNET_CADMIUM_ERROR_INVALID_USERNAME:
    case SIGNET_CADMIUM_ERROR_INVALID_EMAIL:
    case SIGNET_CADMIUM_ERROR_INVALID_URL:
    case SIGNET_CADMIUM_ERROR_MISSING_ID:
    case SIGNET_CADMIUM_ERROR_MISSING_PASSWORD: return SIGNET_CLI_EXIT_USAGE;
    case SIGNET_CADMIUM_ERROR_PARSE_ERROR:
    case SIGNET_CADMIUM_ERROR_FAILED:
    default: return SIGNET_CLI_EXIT_FAILED;
    }
}

/* The rate limit's wait goes into the JSON, so that a script can wait it out. */
static int
report_cadmium_error (const SignetCliOptions *options,
                      const GError           *error,
                      SignetCadmiumClient    *client)
{
  gint64 retry_after = signet_cadmium_client_get_retry_after (client);
  gboolean rate_limited = g_error_matches (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_RATE_LIMITED);

  if (!options->json)
    {
      g_printerr ("%s\n", error->message);
      return cadmium_exit_code (error);
    }

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "error");
    json_builder_begin_object (builder);
    signet_cli_add_string (builder, "condition", cadmium_condition (error));
    signet_cli_add_string (builder, "message", error->message);
    json_builder_end_object (builder);
    if (rate_limited && retry_after >= 0)
      {
        json_builder_set_member_name (builder, "retry_after_ms");
        json_builder_add_int_value (builder, retry_after);
      }
    json_builder_end_object (builder);
    signet_cli_print_json (builder);
  }

  return cadmium_exit_code (error);
}

static int
report_error (const SignetCliOptions *options,
              const GError           *error,
              SignetCadmiumClient    *client)
{
  if (error->domain == SIGNET_CADMIUM_ERROR)
    return report_cadmium_error (options, error, client);

  return signet_cli_report_error (options, error, NULL,
                                  client != NULL ? signet_cadmium_client_get_peer_certificate (client) : NULL);
}

static gboolean
save_secret (SignetAccountKind kind,
             const char       *server,
             const char       *user_id,
             const char       *secret,
             GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_account_store_save_secret_async (kind, server, user_id, secret, NULL,
                                          signet_cli_on_done, &result);
  return signet_account_store_save_secret_finish (signet_cli_wait (&result), error);
}

/* The record, the password and the login token; what failed is in @error. */
static gboolean
keep_account (const SignetCliOptions *options,
              SignetCadmiumFrame     *frame,
              const char             *password,
              GError                **error)
{
  const char *user_id = signet_cadmium_frame_get_user_id (frame);
  const char *token = signet_cadmium_frame_get_login_token (frame);
  g_autoptr(SignetAccount) account = signet_account_new (SIGNET_ACCOUNT_KIND_CADMIUM, options->server, user_id);
  gboolean stored;
  g_autoptr(GError) record_error = NULL;

  stored = save_secret (SIGNET_ACCOUNT_KIND_CADMIUM, options->server, user_id, password, error) &&
           (token == NULL ||
            save_secret (SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN, options->server, user_id, token, error));

  if (options->msisdn != NULL)
    {
      g_autofree char *e164 = signet_cadmium_normalize_msisdn (options->msisdn, NULL);

      signet_account_set_phone (account, e164);
    }
  signet_account_set_keyring_stored (account, stored);
  if (!signet_account_store_save (account, &record_error))
    g_warning ("The account record could not be written: %s", record_error->message);

  return stored;
}

/* The login payload, but its token only as whether the keyring has it. */
static void
add_login (JsonBuilder        *builder,
           SignetCadmiumFrame *frame)
{
  json_builder_set_member_name (builder, "login");
  if (signet_cadmium_frame_get_login_json (frame) == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  signet_cli_add_string (builder, "deviceID", signet_cadmium_frame_get_device_id (frame));
  json_builder_set_member_name (builder, "token");
  json_builder_add_boolean_value (builder, signet_cadmium_frame_get_login_token (frame) != NULL);
  json_builder_end_object (builder);
}

static void
print_registered (const SignetCliOptions *options,
                  SignetCadmiumFrame     *frame,
                  const GError           *keyring_error)
{
  const char *user_id = signet_cadmium_frame_get_user_id (frame);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = signet_cli_begin_result ();

      signet_cli_add_string (builder, "user_id", user_id);
      add_login (builder, frame);
      signet_cli_print_keyring_result (builder, "keyring-stored", keyring_error);
      return;
    }

  g_print (_("Registered %s.\n"), user_id);
  if (signet_cadmium_frame_get_login_json (frame) != NULL)
    g_print (_("Signed in; the login token is in your keyring.\n"));
  if (keyring_error == NULL)
    g_print (_("The password is in your keyring.\n"));
  else
    g_printerr (_("Your account works, but its password is not in your keyring: %s\n"), keyring_error->message);
}

static SignetCadmiumClient *
make_client (const SignetCliOptions *options)
{
  SignetCadmiumClient *client = signet_cadmium_client_new (options->url, options->server);
  g_autoptr(SignetTrustStore) store = signet_trust_store_new_default ();

  signet_cadmium_client_apply_trust (client, store);
  if (options->trust != NULL)
    signet_cadmium_client_set_trusted_sha256 (client, options->trust);
  if (options->timeout > 0)
    signet_cadmium_client_set_timeout (client, (guint) options->timeout);
  g_signal_connect (client, "notify::retry-in", G_CALLBACK (on_retry_in), NULL);
  return client;
}

/* Kept under the Cadmium domain, where the wizard looks too
 * (signet_cadmium_client_apply_trust()). */
static void
trust_for_good (SignetCadmiumClient *client)
{
  g_autoptr(SignetTrustStore) store = signet_trust_store_new_default ();
  const char *sha256 = signet_certificate_info_get_sha256 (signet_cadmium_client_get_peer_certificate (client));
  g_autoptr(GError) error = NULL;

  signet_cadmium_client_set_trusted_sha256 (client, sha256);
  if (!signet_trust_store_pin (store, signet_cadmium_client_get_server (client), sha256, &error))
    g_printerr ("%s\n", error->message);
  /* Written before the command ends, not some time after. */
  if (signet_trust_store_get_settings (store) != NULL)
    g_settings_sync ();
}

int
signet_cli_run_cadmium_register (SignetCliOptions *options)
{
  g_autoptr(SignetCadmiumClient) client = NULL;
  g_autoptr(SignetCadmiumFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  char *password;
  int status;

  if (options->url == NULL || options->server == NULL)
    {
      g_printerr (_("Give the server with --url wss://HOST:PORT/PATH and --server DOMAIN.\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }

  password = signet_cli_read_hidden_line (signet_cli_is_interactive (options), _("Password for the new account: "));
  client = make_client (options);
  frame = register_once (client, options, password, &error);
  if (frame == NULL &&
      g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED) &&
      signet_cli_ask_to_pin (options, signet_cadmium_client_get_peer_certificate (client), options->server))
    {
      trust_for_good (client);
      g_clear_error (&error);
      frame = register_once (client, options, password, &error);
    }

  if (frame == NULL)
    status = report_error (options, error, client);
  else
    {
      keep_account (options, frame, password, &keyring_error);
      print_registered (options, frame, keyring_error);
      status = SIGNET_CLI_EXIT_OK;
    }

  signet_cli_free_secret (password);
  return status;
}
