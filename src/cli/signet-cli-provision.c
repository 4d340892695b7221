/* signet-cli-provision.c: `provision` and `provision verify`, for
 * operators whose website signs people up through Prosody's
 * mod_register_json servlet.
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
#include "signet-cli-provision.h"
#include "signet-core.h"

const char *signet_cli_provision_exit_codes_help =
  N_("Exit status of provision (with 3, 4, 5, 8 and 11 above):\n"
     "  20   the servlet did not understand the request, or a detail is missing\n"
     "  21   the servlet refused the auth token\n"
     "  22   a registration of this username already waits for its token\n"
     "  23   registrations from this IP address are blocked\n"
     "  24   this mail address may not be used\n"
     "  25   the username has characters that are not allowed\n"
     "  26   an account with this mail address exists already\n"
     "  27   the servlet answered something unexpected\n"
     "  28   --batch: some accounts were not registered\n"
     "  29   the address is not https://\n");

void
signet_cli_add_provision_options (GOptionContext   *context,
                                  SignetCliOptions *options,
                                  gboolean          verify)
{
  const GOptionEntry common[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, &options->url,
      N_("The servlet’s address, such as https://example.org:5281/register_account/"), N_("URL") },
    { "trust", 0, 0, G_OPTION_ARG_STRING, &options->trust,
      N_("Trust the server certificate with this SHA-256 fingerprint"), N_("SHA256") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options->timeout,
      N_("Seconds to wait for each reply (default 30)"), N_("SECONDS") },
    { NULL }
  };
  const GOptionEntry provision[] = {
    { "username", 0, 0, G_OPTION_ARG_STRING, &options->username,
      N_("The username of the new account"), N_("USERNAME") },
    { "mail", 0, 0, G_OPTION_ARG_STRING, &options->mail,
      N_("The mail address of the person signing up"), N_("ADDRESS") },
    { "ip", 0, 0, G_OPTION_ARG_STRING, &options->ip,
      N_("The IP address of the person signing up (default 127.0.0.1)"), N_("IP") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &options->token_file,
      N_("Read the servlet’s auth token from this file (else from SIGNET_PROVISION_TOKEN)"), N_("FILE") },
    { "batch", 0, 0, G_OPTION_ARG_FILENAME, &options->batch,
      N_("Register every account of a JSON Lines file, one object a line"), N_("FILE") },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &options->resume,
      N_("With --batch: skip the accounts an earlier run registered"), NULL },
    { "retries", 0, 0, G_OPTION_ARG_INT, &options->retries,
      N_("With --batch: how often to try again when the servlet is busy (default 5)"), N_("COUNT") },
    { NULL }
  };
  const GOptionEntry token[] = {
    { "token", 0, 0, G_OPTION_ARG_STRING, &options->token,
      N_("The token the registration returned"), N_("TOKEN") },
    { NULL }
  };

  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, verify ? token : provision, GETTEXT_PACKAGE);
}

/*
 * Errors
 */

static const char *
provision_condition (const GError *error)
{
  static const char * const names[] = {
    [SIGNET_PROVISION_ERROR_INVALID_URL] = "invalid-url",
    [SIGNET_PROVISION_ERROR_INSECURE_URL] = "insecure-url",
    [SIGNET_PROVISION_ERROR_CERTIFICATE_UNTRUSTED] = "certificate-untrusted",
    [SIGNET_PROVISION_ERROR_NETWORK] = "unreachable",
    [SIGNET_PROVISION_ERROR_TIMEOUT] = "timeout",
    [SIGNET_PROVISION_ERROR_CONNECTION_CLOSED] = "connection-closed",
    [SIGNET_PROVISION_ERROR_MALFORMED_REPLY] = "malformed-reply",
    [SIGNET_PROVISION_ERROR_BAD_REQUEST] = "bad-request",
    [SIGNET_PROVISION_ERROR_AUTH_TOKEN_REFUSED] = "auth-token-refused",
    [SIGNET_PROVISION_ERROR_PENDING] = "pending",
    [SIGNET_PROVISION_ERROR_ADDRESS_BLOCKED] = "address-blocked",
    [SIGNET_PROVISION_ERROR_MAIL_FILTERED] = "mail-filtered",
    [SIGNET_PROVISION_ERROR_INVALID_USERNAME] = "invalid-username",
    [SIGNET_PROVISION_ERROR_USER_EXISTS] = "user-exists",
    [SIGNET_PROVISION_ERROR_MAIL_TAKEN] = "mail-taken",
    [SIGNET_PROVISION_ERROR_THROTTLED] = "throttled",
    [SIGNET_PROVISION_ERROR_TOKEN_INVALID] = "token-invalid",
    [SIGNET_PROVISION_ERROR_INVALID_RESPONSE] = "invalid-response",
    [SIGNET_PROVISION_ERROR_SERVER] = "server-error",
  };

  if (error->domain == SIGNET_PROVISION_ERROR && error->code >= 0 && error->code < (int) G_N_ELEMENTS (names))
    return names[error->code];
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";

  return "failed";
}

int
signet_cli_provision_exit_code (const GError *error)
{
  static const int codes[] = {
    [SIGNET_PROVISION_ERROR_INVALID_URL] = SIGNET_CLI_EXIT_USAGE,
    [SIGNET_PROVISION_ERROR_INSECURE_URL] = SIGNET_CLI_EXIT_PROVISION_INSECURE_URL,
    [SIGNET_PROVISION_ERROR_CERTIFICATE_UNTRUSTED] = SIGNET_CLI_EXIT_TLS_REFUSED,
    [SIGNET_PROVISION_ERROR_NETWORK] = SIGNET_CLI_EXIT_NETWORK,
    [SIGNET_PROVISION_ERROR_TIMEOUT] = SIGNET_CLI_EXIT_NETWORK,
    [SIGNET_PROVISION_ERROR_CONNECTION_CLOSED] = SIGNET_CLI_EXIT_NETWORK,
    [SIGNET_PROVISION_ERROR_MALFORMED_REPLY] = SIGNET_CLI_EXIT_PROVISION_SERVER,
    [SIGNET_PROVISION_ERROR_BAD_REQUEST] = SIGNET_CLI_EXIT_PROVISION_BAD_REQUEST,
    [SIGNET_PROVISION_ERROR_AUTH_TOKEN_REFUSED] = SIGNET_CLI_EXIT_PROVISION_AUTH_TOKEN,
    [SIGNET_PROVISION_ERROR_PENDING] = SIGNET_CLI_EXIT_PROVISION_PENDING,
    [SIGNET_PROVISION_ERROR_ADDRESS_BLOCKED] = SIGNET_CLI_EXIT_PROVISION_ADDRESS_BLOCKED,
    [SIGNET_PROVISION_ERROR_MAIL_FILTERED] = SIGNET_CLI_EXIT_PROVISION_MAIL_FILTERED,
    [SIGNET_PROVISION_ERROR_INVALID_USERNAME] = SIGNET_CLI_EXIT_PROVISION_INVALID_USERNAME,
    [SIGNET_PROVISION_ERROR_USER_EXISTS] = SIGNET_CLI_EXIT_CONFLICT,
    [SIGNET_PROVISION_ERROR_MAIL_TAKEN] = SIGNET_CLI_EXIT_PROVISION_MAIL_TAKEN,
    [SIGNET_PROVISION_ERROR_THROTTLED] = SIGNET_CLI_EXIT_THROTTLED,
    [SIGNET_PROVISION_ERROR_TOKEN_INVALID] = SIGNET_CLI_EXIT_CODE_REFUSED,
    [SIGNET_PROVISION_ERROR_INVALID_RESPONSE] = SIGNET_CLI_EXIT_PROVISION_SERVER,
    [SIGNET_PROVISION_ERROR_SERVER] = SIGNET_CLI_EXIT_PROVISION_SERVER,
  };

  if (error->domain == SIGNET_PROVISION_ERROR && error->code >= 0 && error->code < (int) G_N_ELEMENTS (codes))
    return codes[error->code];
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return SIGNET_CLI_EXIT_CANCELLED;

  return SIGNET_CLI_EXIT_FAILED;
}

/* The "error" member of a JSON result. */
void
signet_cli_provision_add_error (JsonBuilder           *builder,
                                SignetProvisionClient *client,
                                const GError          *error)
{
  guint status = client != NULL ? signet_provision_client_get_status (client) : 0;

  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  signet_cli_add_string (builder, "condition", provision_condition (error));
  json_builder_set_member_name (builder, "status");
  if (status != 0)
    json_builder_add_int_value (builder, status);
  else
    json_builder_add_null_value (builder);
  signet_cli_add_string (builder, "text", client != NULL ? signet_provision_client_get_server_text (client) : NULL);
  signet_cli_add_string (builder, "message", error->message);
  json_builder_end_object (builder);
}

/* Reports @error in the chosen format and returns the exit code. */
int
signet_cli_provision_report (const SignetCliOptions *options,
                             SignetProvisionClient  *client,
                             const GError           *error)
{
  const SignetCertificateInfo *certificate = client != NULL ? signet_provision_client_get_certificate (client)
                                                            : NULL;
  const char *text = client != NULL ? signet_provision_client_get_server_text (client) : NULL;

  /* The certificate is reported as for XMPP servers, with how to trust it. */
  if (g_error_matches (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_CERTIFICATE_UNTRUSTED) &&
      certificate != NULL)
    {
      g_autoptr(GError) untrusted = g_error_new_literal (SIGNET_CONNECTION_ERROR,
                                                         SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED,
                                                         error->message);

      return signet_cli_report_error (options, untrusted, NULL, certificate);
    }

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      signet_cli_provision_add_error (builder, client, error);
      json_builder_end_object (builder);
      signet_cli_print_json (builder);
    }
  else
    {
      g_printerr ("%s\n", error->message);
      if (text != NULL)
        g_printerr (_("The server said: “%s”\n"), text);
    }

  return signet_cli_provision_exit_code (error);
}

/*
 * What every run needs
 */

/* The auth token from --token-file, else from SIGNET_PROVISION_TOKEN. */
static char *
read_auth_token (const SignetCliOptions *options,
                 GError                **error)
{
  g_autofree char *contents = NULL;

  if (options->token_file != NULL)
    {
      if (!g_file_get_contents (options->token_file, &contents, NULL, error))
        return NULL;
      g_strstrip (contents);
      if (*contents != '\0')
        return g_steal_pointer (&contents);
    }
  else if (g_getenv ("SIGNET_PROVISION_TOKEN") != NULL && *g_getenv ("SIGNET_PROVISION_TOKEN") != '\0')
    return g_strdup (g_getenv ("SIGNET_PROVISION_TOKEN"));

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("The servlet’s auth token is missing: set SIGNET_PROVISION_TOKEN or pass --token-file."));
  return NULL;
}

/* A client for --url with --trust and --timeout; NULL (reported) on failure. */
SignetProvisionClient *
signet_cli_provision_make_client (const SignetCliOptions *options,
                                  int                    *status)
{
  g_autoptr(SignetProvisionClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (options->url == NULL)
    {
      g_printerr (_("Give the servlet’s address with --url.\n"));
      *status = SIGNET_CLI_EXIT_USAGE;
      return NULL;
    }

  client = signet_provision_client_new (options->url, &error);
  if (client == NULL)
    {
      *status = signet_cli_provision_report (options, NULL, error);
      return NULL;
    }

  if (options->trust != NULL)
    {
      g_autoptr(SignetTrustStore) trust = signet_trust_store_new (NULL);

      /* For this run only, never pinned. */
      if (!signet_trust_store_trust_temporarily (trust, signet_provision_client_get_host (client),
                                                 options->trust, NULL))
        {
          g_printerr ("%s\n", _("--trust expects a SHA-256 fingerprint: 64 hexadecimal digits."));
          *status = SIGNET_CLI_EXIT_USAGE;
          return NULL;
        }
      signet_provision_client_set_trust_store (client, trust);
    }
  if (options->timeout > 0)
    signet_provision_client_set_timeout (client, options->timeout);

  return g_steal_pointer (&client);
}

/*
 * provision
 */

char *
signet_cli_provision_register (SignetProvisionClient *client,
                               const char            *username,
                               const char            *password,
                               const char            *mail,
                               const char            *ip,
                               GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_provision_client_register_async (client, username, password, mail, ip, NULL, signet_cli_on_done, &result);
  return signet_provision_client_register_finish (client, signet_cli_wait (&result), error);
}

static void
print_registered (const SignetCliOptions *options,
                  SignetProvisionClient  *client,
                  const char             *token)
{
  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      signet_cli_add_string (builder, "token", token);
      signet_cli_add_string (builder, "verify_url", signet_provision_client_get_verify_url (client));
      json_builder_end_object (builder);
      signet_cli_print_json (builder);
      return;
    }

  g_print (_("The account %s waits for activation.\n"), options->username);
  {
    const SignetCliField fields[] = {
      /* Translators: followed by the token that activates the account. */
      { _("Token:"), token },
      /* Translators: followed by the address of the page that activates the account. */
      { _("Activate at:"), signet_provision_client_get_verify_url (client) },
    };

    signet_cli_print_fields (FALSE, fields, G_N_ELEMENTS (fields));
  }
  g_print (_("Send the token to the person, or run “signet-cli provision verify” with it.\n"));
}

/* After an untrusted certificate: shows it to a person at a terminal and,
 * if they trust it, trusts it for this run.  Returns whether to try again. */
static gboolean
trusted_on_asking (const SignetCliOptions *options,
                   SignetProvisionClient  *client,
                   const GError           *error)
{
  const SignetCertificateInfo *certificate = signet_provision_client_get_certificate (client);
  g_autoptr(SignetTrustStore) trust = NULL;

  if (!g_error_matches (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_CERTIFICATE_UNTRUSTED) ||
      !signet_cli_ask_to_trust (options, certificate))
    return FALSE;

  trust = signet_trust_store_new (NULL);
  if (!signet_trust_store_trust_temporarily (trust, signet_provision_client_get_host (client),
                                             signet_certificate_info_get_sha256 (certificate), NULL))
    return FALSE;
  signet_provision_client_set_trust_store (client, trust);

  return TRUE;
}

static int
run_one (SignetCliOptions      *options,
         SignetProvisionClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *ip = options->ip != NULL ? options->ip : SIGNET_CLI_PROVISION_DEFAULT_IP;
  char *password;

  if (options->username == NULL || options->mail == NULL)
    {
      g_printerr (_("Give the new account’s --username and --mail, or a --batch file.\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }

  /* Asked on a terminal even with --json: an operator may type it. */
  password = signet_cli_read_hidden_line (TRUE, _("Password of the new account: "));
  token = signet_cli_provision_register (client, options->username, password, options->mail, ip, &error);
  if (token == NULL && trusted_on_asking (options, client, error))
    {
      g_clear_error (&error);
      token = signet_cli_provision_register (client, options->username, password, options->mail, ip, &error);
    }
  signet_cli_free_secret (password);
  if (token == NULL)
    return signet_cli_provision_report (options, client, error);

  print_registered (options, client, token);
  signet_cli_free_secret (g_steal_pointer (&token));
  return SIGNET_CLI_EXIT_OK;
}

int
signet_cli_run_provision (SignetCliOptions *options)
{
  g_autoptr(SignetProvisionClient) client = NULL;
  g_autoptr(GError) error = NULL;
  char *auth_token;
  int status = SIGNET_CLI_EXIT_OK;

  client = signet_cli_provision_make_client (options, &status);
  if (client == NULL)
    return status;

  auth_token = read_auth_token (options, &error);
  if (auth_token == NULL)
    {
      g_printerr ("%s\n", error->message);
      return SIGNET_CLI_EXIT_USAGE;
    }
  signet_provision_client_set_auth_token (client, auth_token);
  signet_cli_free_secret (auth_token);

  if (options->batch != NULL)
    return signet_cli_provision_run_batch (options, client);

  return run_one (options, client);
}

/*
 * provision verify
 */

static gboolean
verify_token (SignetProvisionClient *client,
              const char            *token,
              GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_provision_client_verify_async (client, token, NULL, signet_cli_on_done, &result);
  return signet_provision_client_verify_finish (client, signet_cli_wait (&result), error);
}

int
signet_cli_run_provision_verify (SignetCliOptions *options)
{
  g_autoptr(SignetProvisionClient) client = NULL;
  g_autoptr(GError) error = NULL;
  int status = SIGNET_CLI_EXIT_OK;

  client = signet_cli_provision_make_client (options, &status);
  if (client == NULL)
    return status;

  if (options->token == NULL)
    {
      g_printerr (_("Give the token the registration returned with --token.\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }

  if (!verify_token (client, options->token, &error) && trusted_on_asking (options, client, error))
    {
      g_clear_error (&error);
      verify_token (client, options->token, &error);
    }
  if (error != NULL)
    return signet_cli_provision_report (options, client, error);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "activated");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      signet_cli_print_json (builder);
    }
  else
    g_print (_("The account is activated.\n"));

  return SIGNET_CLI_EXIT_OK;
}
