/* signet-cli-xmpp-info.c: what a server asks for to sign up, or what it
 * holds for an account (XEP-0077 registration information).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-core.h"
#include "signet-cli-commands.h"
#include "signet-cli-common.h"
#include "signet-cli-xmpp-common.h"

/* The connection: anonymous for --server, logged in for --account. */
static SignetConnection *
open_connection (SignetCliOptions *options,
                 GError          **error)
{
  g_autoptr(SignetConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  const char *at = options->account != NULL ? strchr (options->account, '@') : NULL;

  if (options->account != NULL)
    {
      g_autofree char *password = NULL;

      if (at == NULL || at == options->account || at[1] == '\0' || strchr (options->account, '/') != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--account expects an account address such as alice@example.org."));
          return NULL;
        }
      g_free (options->server);
      options->server = g_strdup (at + 1);
      connection = signet_cli_make_connection (options, error);
      if (connection == NULL)
        return NULL;
      password = signet_cli_xmpp_account_password (options, options->account, error);
      if (password == NULL)
        return NULL;
      signet_connection_set_login (connection, options->account, password);
      explicit_bzero (password, strlen (password));
    }
  else if ((connection = signet_cli_make_connection (options, error)) == NULL)
    return NULL;

  signet_connection_connect_async (connection, NULL, signet_cli_on_done, &result);
  if (!signet_connection_connect_finish (connection, signet_cli_wait (&result), error))
    return NULL;

  return g_steal_pointer (&connection);
}

static void
print_json (SignetConnection    *connection,
            SignetRegisterReply *reply)
{
  g_autoptr(JsonBuilder) builder = signet_cli_begin_result ();

  signet_cli_add_string (builder, "server", signet_connection_get_domain (connection));
  signet_cli_add_bare_jid (builder, "jid", signet_connection_get_bound_jid (connection));
  signet_cli_add_string (builder, "mechanism", signet_connection_get_sasl_mechanism (connection));
  signet_cli_add_register_info (builder, reply);
  signet_cli_print_answer (builder);
}

static void
print_form_text (SignetDataForm *form)
{
  const char * const *instructions = signet_data_form_get_instructions (form);

  for (guint i = 0; instructions != NULL && instructions[i] != NULL; i++)
    g_print ("%s\n", instructions[i]);

  for (guint i = 0; i < signet_data_form_get_n_fields (form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (form, i);
      SignetDataFormFieldType type = signet_data_form_field_get_field_type (field);
      const char *label = signet_data_form_field_get_label (field);

      if (type == SIGNET_DATA_FORM_FIELD_HIDDEN || signet_data_form_field_get_var (field) == NULL)
        continue;

      g_print ("  %s (%s)%s%s\n", signet_data_form_field_get_var (field),
               signet_data_form_field_type_to_string (type),
               label != NULL ? ": " : "", label != NULL ? label : "");
    }
}

static void
print_text (SignetConnection    *connection,
            SignetRegisterReply *reply)
{
  SignetDataForm *form = signet_register_reply_get_form (reply);
  const char *url = signet_register_reply_get_web_url (reply);
  const char *jid = signet_connection_get_bound_jid (connection);
  g_autofree char *bare = jid != NULL ? g_strndup (jid, strcspn (jid, "/")) : NULL;

  if (bare != NULL && signet_register_reply_get_registered (reply))
    /* Translators: %s is an account's address. */
    g_print (_("%s is registered on this server.\n"), bare);
  if (signet_register_reply_get_instructions (reply) != NULL)
    g_print ("%s\n", signet_register_reply_get_instructions (reply));
  if (form != NULL)
    {
      g_print ("%s\n", _("The server asks for:"));
      print_form_text (form);
    }
  if (url == NULL)
    url = signet_register_reply_get_insecure_web_url (reply);
  if (url != NULL)
    /* Translators: %s is a web address. */
    g_print (_("Sign-up on the web: %s\n"), url);
}

int
signet_cli_run_xmpp_info (SignetCliOptions *options)
{
  g_autoptr(SignetConnection) connection = NULL;
  g_autoptr(SignetRegisterReply) reply = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const SignetStanzaError *server_error;

  if (options->server == NULL && options->account == NULL)
    {
      g_printerr (_("This command needs --server or --account. See --help.\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }

  connection = open_connection (options, &error);
  if (connection == NULL)
    return signet_cli_report_error (options, error, NULL, NULL);

  signet_register_client_get_async (connection, NULL, signet_cli_on_done, &result);
  reply = signet_register_client_finish (connection, signet_cli_wait (&result), &error);
  if (reply == NULL)
    return signet_cli_report_error (options, error, NULL, signet_connection_get_peer_certificate (connection));

  server_error = signet_register_reply_get_error (reply);
  if (server_error != NULL)
    {
      g_autoptr(GError) mapped = signet_inband_error_from_stanza_error (server_error, SIGNET_INBAND_STEP_FETCH,
                                                                        SIGNET_INBAND_CONTEXT_NONE, NULL);

      return signet_cli_report_error (options, mapped, server_error, NULL);
    }

  if (options->json)
    print_json (connection, reply);
  else
    print_text (connection, reply);

  return SIGNET_CLI_EXIT_OK;
}
