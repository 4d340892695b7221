/* signet-cli-keys.c: moving a Kontalk account between devices: export and
 * import of key packs.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "signet-cli-commands.h"
#include "signet-cli-common.h"
#include "signet-cli-qr.h"
#include "signet-core.h"

static void
secret_free (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

typedef char SecretString;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecretString, secret_free)

/* The export password: the first line of standard input, not echoed on a
 * terminal.  NULL (said on standard error) when it is too short. */
static char *
read_password (const SignetCliOptions *options)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  char *password;

  if (tty && tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  else
    tty = FALSE;

  password = signet_cli_prompt_line (signet_cli_is_interactive (options) ? _("Export password: ") : "");
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
    }

  if (password == NULL || g_utf8_strlen (password, -1) < SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH)
    {
      g_printerr (ngettext ("The export password must have at least %d character.\n",
                            "The export password must have at least %d characters.\n",
                            SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH),
                  SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH);
      secret_free (password);
      return NULL;
    }

  return password;
}

/* The stored Kontalk account named by its JID or its number. */
static SignetAccount *
find_account (const char *name,
              GError    **error)
{
  g_autoptr(GPtrArray) accounts = signet_account_store_list (error);

  if (accounts == NULL)
    return NULL;

  for (guint i = 0; i < accounts->len; i++)
    {
      SignetAccount *account = g_ptr_array_index (accounts, i);

      if (signet_account_get_kind (account) == SIGNET_ACCOUNT_KIND_KONTALK &&
          (g_strcmp0 (signet_account_get_jid (account), name) == 0 ||
           g_strcmp0 (signet_account_get_phone (account), name) == 0))
        return g_object_ref (account);
    }

  g_set_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND,
               _("No Kontalk account “%s”. See “signet-cli accounts”."), name);
  return NULL;
}

/* The connection options not given default to how the account's server
 * was reached when the account was made here. */
static void
apply_account_connection (SignetCliOptions *options,
                          SignetAccount    *account)
{
  const char *host = signet_account_get_host (account);
  guint16 port = signet_account_get_port (account);

  if (options->server == NULL)
    options->server = g_strdup (signet_account_get_server (account));
  else if (g_ascii_strcasecmp (options->server, signet_account_get_server (account)) != 0)
    return;

  if (options->host == NULL && host != NULL && port == 0)
    options->host = g_strdup (host);
  else if (options->host == NULL && host != NULL && strchr (host, ':') != NULL)
    options->host = g_strdup_printf ("[%s]:%u", host, port);
  else if (options->host == NULL && host != NULL)
    options->host = g_strdup_printf ("%s:%u", host, port);
  if (options->trust == NULL)
    options->trust = g_strdup (signet_account_get_trusted_sha256 (account));
  options->direct_tls = options->direct_tls || signet_account_get_direct_tls (account);
}

/* Any stored Kontalk account on @domain, for its connection details. */
static SignetAccount *
find_account_on (const char *domain)
{
  g_autoptr(GPtrArray) accounts = signet_account_store_list (NULL);

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      SignetAccount *account = g_ptr_array_index (accounts, i);

      if (signet_account_get_kind (account) == SIGNET_ACCOUNT_KIND_KONTALK &&
          g_ascii_strcasecmp (signet_account_get_server (account), domain) == 0)
        return g_object_ref (account);
    }

  return NULL;
}

/* The account's key, unlocked with the passphrase from the keyring. */
static SignetPersonalKey *
load_account_key (SignetAccount *account,
                  GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SecretString) passphrase = NULL;
  g_autofree char *home = signet_personal_key_get_default_home ();

  signet_account_store_lookup_secret_async (SIGNET_ACCOUNT_KIND_KONTALK, signet_account_get_server (account),
                                            signet_account_get_jid (account), NULL, signet_cli_on_done, &result);
  passphrase = signet_account_store_lookup_secret_finish (signet_cli_wait (&result), error);
  if (passphrase == NULL)
    return NULL;

  return signet_personal_key_load (home, signet_account_get_fingerprint (account), passphrase, error);
}

static void
print_result (const SignetCliOptions *options,
              const char * const     *members)
{
  g_autoptr(JsonBuilder) builder = signet_cli_begin_result ();

  for (guint i = 0; members[i] != NULL; i += 2)
    signet_cli_add_string (builder, members[i], members[i + 1]);
  signet_cli_print_answer (builder);
}

int
signet_cli_run_export (SignetCliOptions *options)
{
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(SecretString) password = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (options->account == NULL || options->output == NULL)
    {
      g_printerr (_("This command needs --account and --output. See --help.\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  if ((password = read_password (options)) == NULL)
    return SIGNET_CLI_EXIT_USAGE;

  if ((account = find_account (options->account, &error)) == NULL)
    return signet_cli_report_error (options, error, NULL, NULL);

  signet_account_key_export_async (account, password, options->output, NULL, signet_cli_on_done, &result);
  key = signet_account_key_export_finish (signet_cli_wait (&result), &error);
  if (key == NULL)
    return signet_cli_report_error (options, error, NULL, NULL);

  if (options->json)
    print_result (options, (const char *[]) {
      "file", options->output, "jid", signet_account_get_jid (account),
      "fingerprint", signet_personal_key_get_fingerprint (key), NULL
    });
  else
    /* Translators: %s is the file the key pack was written to. */
    g_print (_("Key pack written to %s. Keep it and its password safe: together they are your account.\n"),
             options->output);

  return SIGNET_CLI_EXIT_OK;
}

/* Import ------------------------------------------------------------------- */

static int
report_imported (const SignetCliOptions *options,
                 SignetKeyImport        *import,
                 const char             *method)
{
  SignetAccount *account = signet_key_import_get_account (import);
  const GError *keyring_error = signet_key_import_get_keyring_error (import);

  if (options->json)
    print_result (options, (const char *[]) {
      "jid", signet_account_get_jid (account), "fingerprint", signet_account_get_fingerprint (account),
      "method", method, NULL
    });
  else
    {
      /* Translators: %s is the account's address, such as 4bdd…@example.org. */
      g_print (_("Logged in: %s\n"), signet_account_get_jid (account));
      g_print (_("Key fingerprint: %s\n"), signet_account_get_fingerprint (account));
    }

  if (keyring_error != NULL)
    g_printerr (_("Your account works, but the key’s passphrase is not in your keyring: %s\n"),
                keyring_error->message);

  return SIGNET_CLI_EXIT_OK;
}

/* The end of an import: logged in, or a refused key re-verified by phone. */
static int
finish_import (SignetCliOptions *options,
               SignetKeyImport  *import,
               GAsyncResult     *result,
               const char       *method)
{
  g_autoptr(GError) error = NULL;

  if (signet_key_import_finish (import, result, &error))
    return report_imported (options, import, method);

  if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED))
    return signet_cli_reverify (options, signet_key_import_get_key (import), signet_key_import_get_phone (import),
                                FALSE);

  return signet_cli_report_error (options, error, signet_key_import_get_server_error (import), NULL);
}

static int import_link (SignetCliOptions *options);

int
signet_cli_run_import (SignetCliOptions *options)
{
  g_autoptr(SignetConnection) server = NULL;
  g_autoptr(SignetKeyImport) import = NULL;
  g_autoptr(SecretString) password = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (options->link != NULL)
    return import_link (options);
  if (options->arguments == NULL || options->arguments[0] == NULL || options->arguments[1] != NULL ||
      options->server == NULL)
    {
      g_printerr (_("This command needs a key pack file and --server. See --help.\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  if ((password = read_password (options)) == NULL)
    return SIGNET_CLI_EXIT_USAGE;
  if ((server = signet_cli_make_connection (options, &error)) == NULL)
    return signet_cli_report_error (options, error, NULL, NULL);

  import = signet_key_import_new (server, NULL);
  signet_key_import_pack_async (import, options->arguments[0], password, NULL, signet_cli_on_done, &result);
  return finish_import (options, import, signet_cli_wait (&result), "login");
}

/* Device linking ----------------------------------------------------------- */

static void
print_link (const SignetCliOptions *options,
            SignetAccount          *account,
            const char             *text)
{
  const char *token = strrchr (text, ';') + 1;
  gsize half = strlen (token) / 2;
  g_autofree char *first = g_strndup (token, half);

  if (options->json)
    {
      print_result (options, (const char *[]) { "token", token, "qr", text, NULL });
      return;
    }

  /* Translators: how Android shows it: the number, the server and the
   * secret code in two halves, to be typed on the new device. */
  g_print (_("Phone number: %s\n"), signet_account_get_phone (account));
  g_print (_("Server: %s\n"), signet_account_get_server (account));
  g_print (_("Secret code: %s %s\n"), first, token + half);
  g_print (_("On the new device, run “signet-cli import --link '%s'” with the same password. "
             "The code works once.\n"), text);
}

int
signet_cli_run_link (SignetCliOptions *options)
{
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(SignetConnection) server = NULL;
  g_autoptr(SecretString) password = NULL;
  g_autoptr(SignetStanzaError) server_error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretString) text = NULL;

  if (options->account == NULL)
    {
      g_printerr (_("This command needs --account. See --help.\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  if ((password = read_password (options)) == NULL)
    return SIGNET_CLI_EXIT_USAGE;

  if ((account = find_account (options->account, &error)) == NULL)
    return signet_cli_report_error (options, error, NULL, NULL);

  apply_account_connection (options, account);
  if ((server = signet_cli_make_connection (options, &error)) == NULL)
    return signet_cli_report_error (options, error, NULL, NULL);

  signet_account_key_link_async (account, server, password, NULL, signet_cli_on_done, &result);
  text = signet_account_key_link_finish (signet_cli_wait (&result), &server_error, &error);
  if (text == NULL)
    return signet_cli_report_error (options, error, server_error, NULL);

  if (options->qr_png != NULL && !signet_cli_write_qr_png (text, options->qr_png, &error))
    return signet_cli_report_error (options, error, NULL, NULL);

  print_link (options, account, text);
  return SIGNET_CLI_EXIT_OK;
}

static int
import_link (SignetCliOptions *options)
{
  g_autofree char *e164 = NULL;
  g_autofree char *domain = NULL;
  g_autoptr(SecretString) token = NULL;
  g_autoptr(SecretString) password = NULL;
  g_autoptr(SignetConnection) server = NULL;
  g_autoptr(SignetKeyImport) import = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SignetAccount) known = NULL;
  g_autoptr(GError) error = NULL;

  if (options->arguments != NULL)
    {
      g_printerr (_("Give either a key pack file or --link. See --help.\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  if (!signet_device_link_parse_text (options->link, &e164, &domain, &token, &error))
    {
      g_printerr ("%s\n", error->message);
      return SIGNET_CLI_EXIT_USAGE;
    }
  if ((password = read_password (options)) == NULL)
    return SIGNET_CLI_EXIT_USAGE;

  if (options->server == NULL)
    options->server = g_strdup (domain);
  if ((known = find_account_on (options->server)) != NULL)
    apply_account_connection (options, known);
  if ((server = signet_cli_make_connection (options, &error)) == NULL)
    return signet_cli_report_error (options, error, NULL, NULL);

  import = signet_key_import_new (server, NULL);
  signet_key_import_link_async (import, options->link, password, NULL, signet_cli_on_done, &result);
  return finish_import (options, import, signet_cli_wait (&result), "link");
}

/* Key rollover ------------------------------------------------------------- */

static SignetPersonalKey *
roll_over (SignetCliOptions   *options,
           SignetAccount      *account,
           SignetPersonalKey  *key,
           SignetStanzaError **server_error,
           GError            **error)
{
  g_autoptr(SignetConnection) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if ((server = signet_cli_make_connection (options, error)) == NULL)
    return NULL;

  signet_key_rollover_async (server, account, key, NULL, NULL, NULL, signet_cli_on_done, &result);
  return signet_key_rollover_finish (signet_cli_wait (&result), server_error, error);
}

/* The server took the new key, now the account's, but its certification
 * was lost: only verifying the number again brings one. */
static int
reverify_new_key (SignetCliOptions *options,
                  SignetAccount    *account,
                  const GError     *unconfirmed)
{
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(GError) error = NULL;

  if ((key = load_account_key (account, &error)) == NULL)
    return signet_cli_report_error (options, error, NULL, NULL);

  if (!options->json)
    g_printerr ("%s\n", unconfirmed->message);
  return signet_cli_reverify (options, key, signet_account_get_phone (account), TRUE);
}

int
signet_cli_run_rekey (SignetCliOptions *options)
{
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(SignetPersonalKey) new_key = NULL;
  g_autoptr(SignetStanzaError) server_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_fingerprint = NULL;

  if (options->account == NULL)
    {
      g_printerr (_("This command needs --account. See --help.\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }

  if ((account = find_account (options->account, &error)) == NULL ||
      (key = load_account_key (account, &error)) == NULL)
    return signet_cli_report_error (options, error, NULL, NULL);

  apply_account_connection (options, account);
  old_fingerprint = g_strdup (signet_account_get_fingerprint (account));
  new_key = roll_over (options, account, key, &server_error, &error);
  if (g_error_matches (error, SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_UNCONFIRMED))
    return reverify_new_key (options, account, error);
  if (new_key == NULL)
    return signet_cli_report_error (options, error,
                                    g_error_matches (error, SIGNET_KEY_ROLLOVER_ERROR,
                                                     SIGNET_KEY_ROLLOVER_ERROR_REVOCATION_REFUSED)
                                    ? NULL : server_error, NULL);

  if (options->json)
    print_result (options, (const char *[]) {
      "jid", signet_account_get_jid (account), "fingerprint", signet_personal_key_get_fingerprint (new_key),
      "old_fingerprint", old_fingerprint, NULL
    });
  else
    {
      g_print (_("New key fingerprint: %s\n"), signet_personal_key_get_fingerprint (new_key));
      g_print (_("The old key is revoked. Devices that used it must be linked again.\n"));
    }

  return SIGNET_CLI_EXIT_OK;
}
