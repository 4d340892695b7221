/* signet-cli-accounts.c: list what Signet registered.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-core.h"
#include "signet-cli-commands.h"

static void
add_account (JsonBuilder   *builder,
             SignetAccount *account)
{
  g_autofree char *created = g_date_time_format_iso8601 (signet_account_get_created (account));

  json_builder_begin_object (builder);
  signet_cli_add_string (builder, "kind", signet_account_kind_to_string (signet_account_get_kind (account)));
  signet_cli_add_account (builder, account);
  signet_cli_add_string (builder, "created", created);
  json_builder_set_member_name (builder, "keyring-stored");
  json_builder_add_boolean_value (builder, signet_account_get_keyring_stored (account));
  json_builder_end_object (builder);
}

int
signet_cli_run_accounts (SignetCliOptions *options)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = signet_account_store_list (&error);
  if (accounts == NULL)
    return signet_cli_report_error (options, error, NULL, NULL);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "result");
      json_builder_begin_array (builder);
      for (guint i = 0; i < accounts->len; i++)
        add_account (builder, g_ptr_array_index (accounts, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      signet_cli_print_json (builder);
      return SIGNET_CLI_EXIT_OK;
    }

  if (accounts->len == 0)
    g_print (_("No accounts yet. Sign up with “signet-cli register”.\n"));

  for (guint i = 0; i < accounts->len; i++)
    {
      SignetAccount *account = g_ptr_array_index (accounts, i);
      const SignetCliField fields[] = {
        /* Translators: the labels of an account's details, one a line, the
         * values lined up after the longer label (no padding needed). */
        { _("Phone:"), signet_account_get_phone (account) },
        /* Translators: the fingerprint of the account's encryption key. */
        { _("Key:"), signet_account_get_fingerprint (account) },
      };

      g_print ("%s\n", signet_account_get_jid (account));
      signet_cli_print_fields (FALSE, fields, G_N_ELEMENTS (fields));
      g_print ("  %s\n", signet_account_get_keyring_stored (account)
                         ? _("The secret is in your keyring.")
                         : _("The secret is NOT in your keyring."));
    }

  return SIGNET_CLI_EXIT_OK;
}
