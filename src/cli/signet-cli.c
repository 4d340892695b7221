/* signet-cli.c: sign up from a terminal or a script.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "signet-cli-commands.h"
#include "signet-cli-validate.h"

typedef enum
{
  OPTIONS_CONNECTION = 1 << 0,
  OPTIONS_REQUEST    = 1 << 1,
  OPTIONS_CODE       = 1 << 2,
  OPTIONS_OUTPUT     = 1 << 3,
  OPTIONS_XMPP_FORM  = 1 << 4,
  OPTIONS_XMPP_JID   = 1 << 5,
  OPTIONS_XMPP_NEW_PASSWORD = 1 << 6,
  OPTIONS_XMPP_ACCOUNT = 1 << 7,
  OPTIONS_XMPP_SIGNUP = 1 << 8,
  OPTIONS_CADMIUM    = 1 << 9,
  OPTIONS_PROVISION = 1 << 10,
  OPTIONS_PROVISION_VERIFY = 1 << 11,
  OPTIONS_ACCOUNT   = 1 << 12,
  OPTIONS_FILE_OUT  = 1 << 13,
  OPTIONS_FILE_IN   = 1 << 14,
  OPTIONS_LINK_TEXT = 1 << 15,
  OPTIONS_QR_PNG    = 1 << 16,
} OptionSet;

typedef struct
{
  const char *name;
  const char *summary;
  OptionSet options;
  int (*run)(SignetCliOptions *options);
} Command;

static const Command commands[] = {
  { "request", N_("Ask a Kontalk server to verify a phone number"),
    OPTIONS_CONNECTION | OPTIONS_REQUEST | OPTIONS_OUTPUT, signet_cli_run_request },
  { "register", N_("Sign up on a Kontalk server, from the number to a working account"),
    OPTIONS_CONNECTION | OPTIONS_REQUEST | OPTIONS_CODE | OPTIONS_OUTPUT, signet_cli_run_register },
  { "verify", N_("Continue a requested sign-up with the code that arrived"),
    OPTIONS_CONNECTION | OPTIONS_CODE | OPTIONS_OUTPUT, signet_cli_run_verify },
  { "accounts", N_("List the accounts Signet registered"),
    OPTIONS_OUTPUT, signet_cli_run_accounts },
  { "xmpp register", N_("Sign up on any XMPP server that offers in-band registration"),
    OPTIONS_CONNECTION | OPTIONS_XMPP_FORM | OPTIONS_XMPP_SIGNUP | OPTIONS_OUTPUT, signet_cli_run_xmpp_register },
  { "xmpp passwd", N_("Change the password of an XMPP account"),
    OPTIONS_CONNECTION | OPTIONS_XMPP_JID | OPTIONS_XMPP_NEW_PASSWORD | OPTIONS_XMPP_FORM | OPTIONS_OUTPUT,
    signet_cli_run_xmpp_passwd },
  { "xmpp unregister", N_("Close an XMPP account on its server"),
    OPTIONS_CONNECTION | OPTIONS_XMPP_JID | OPTIONS_XMPP_FORM | OPTIONS_OUTPUT, signet_cli_run_xmpp_unregister },
  { "xmpp info", N_("Show what a server asks for to sign up, or what it holds for an account"),
    OPTIONS_CONNECTION | OPTIONS_XMPP_ACCOUNT | OPTIONS_OUTPUT, signet_cli_run_xmpp_info },
  { "xmpp serve", N_("Serve in-band registration as JSON lines on standard input and output"),
    0, signet_cli_run_xmpp_serve },
  { "cadmium register", N_("Sign up on a Cadmium server (password on standard input)"),
    OPTIONS_CADMIUM | OPTIONS_OUTPUT, signet_cli_run_cadmium_register },
  { "provision", N_("Operators: create accounts through a server’s mod_register_json servlet"),
    OPTIONS_PROVISION | OPTIONS_OUTPUT, signet_cli_run_provision },
  { "provision verify", N_("Operators: activate a provisioned account with its token"),
    OPTIONS_PROVISION_VERIFY | OPTIONS_OUTPUT, signet_cli_run_provision_verify },
  { "export", N_("Write a Kontalk account's key pack, protected by a password read from standard input"),
    OPTIONS_ACCOUNT | OPTIONS_FILE_OUT | OPTIONS_OUTPUT, signet_cli_run_export },
  { "import", N_("Bring a Kontalk account here from a key pack (FILE); the password is read from standard input"),
    OPTIONS_CONNECTION | OPTIONS_FILE_IN | OPTIONS_LINK_TEXT | OPTIONS_OUTPUT, signet_cli_run_import },
  { "link", N_("Let another device take this Kontalk account: uploads the key, protected by a password read "
               "from standard input, and prints a one-time code"),
    OPTIONS_CONNECTION | OPTIONS_ACCOUNT | OPTIONS_QR_PNG | OPTIONS_OUTPUT, signet_cli_run_link },
  { "rekey", N_("Replace a Kontalk account's key with a new one, revoking the old one"),
    OPTIONS_CONNECTION | OPTIONS_ACCOUNT | OPTIONS_OUTPUT, signet_cli_run_rekey },
};

static void
add_entries (GOptionContext     *context,
             const GOptionEntry *entries)
{
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static void
add_connection_options (GOptionContext   *context,
                        SignetCliOptions *options)
{
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &options->server,
      N_("The server's XMPP domain"), N_("DOMAIN") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &options->host,
      N_("Connect to this host instead of the domain's SRV records"), N_("HOST[:PORT]") },
    { "direct-tls", 0, 0, G_OPTION_ARG_NONE, &options->direct_tls,
      N_("Start with TLS instead of STARTTLS"), NULL },
    { "trust", 0, 0, G_OPTION_ARG_STRING, &options->trust,
      N_("Trust the server certificate with this SHA-256 fingerprint"), N_("SHA256") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options->timeout,
      N_("Seconds to wait for each reply (default 30)"), N_("SECONDS") },
    { NULL }
  };

  add_entries (context, entries);
}

static void
add_request_options (GOptionContext   *context,
                     SignetCliOptions *options)
{
  const GOptionEntry entries[] = {
    { "phone", 'p', 0, G_OPTION_ARG_STRING, &options->phone,
      N_("The phone number to register"), N_("NUMBER") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &options->region,
      N_("Country of a number typed without +country code (default: from the locale)"), N_("CC") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &options->name,
      N_("Your name as your contacts see it in your key (default: your name on this computer)"), N_("NAME") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &options->force,
      N_("Register even if the number is registered (cuts off the other device)"), NULL },
    { "challenge", 0, 0, G_OPTION_ARG_STRING, &options->challenge,
      N_("Preferred verification: pin, missedcall or callerid"), N_("TYPE") },
    { "fallback", 0, 0, G_OPTION_ARG_NONE, &options->fallback,
      N_("Ask the server to try another way of verification"), NULL },
    { "accept-terms", 0, 0, G_OPTION_ARG_NONE, &options->accept_terms,
      N_("Accept the server's terms of service"), NULL },
    { "allow-unlisted", 0, 0, G_OPTION_ARG_NONE, &options->allow_unlisted,
      N_("Use a number that is possible but not in the known numbering plan"), NULL },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &options->replace,
      N_("Discard a sign-up of another number that waits for its code"), NULL },
    { NULL }
  };

  add_entries (context, entries);
}

static void
add_link_options (GOptionContext   *context,
                  OptionSet         set,
                  SignetCliOptions *options)
{
  const GOptionEntry link_text[] = {
    { "link", 0, 0, G_OPTION_ARG_STRING, &options->link,
      N_("Take the account linked by another device: its code, as “+NUMBER;SERVER;CODE”"), N_("TEXT") },
    { NULL }
  };
  const GOptionEntry qr_png[] = {
    { "qr-png", 0, 0, G_OPTION_ARG_FILENAME, &options->qr_png,
      N_("Also write the code as a QR code image (PNG)"), N_("FILE") },
    { NULL }
  };

  if (set & OPTIONS_LINK_TEXT)
    add_entries (context, link_text);
  if (set & OPTIONS_QR_PNG)
    add_entries (context, qr_png);
}

/* Key packs, linking and rollover. */
static void
add_key_options (GOptionContext   *context,
                 OptionSet         set,
                 SignetCliOptions *options)
{
  const GOptionEntry account[] = {
    { "account", 'a', 0, G_OPTION_ARG_STRING, &options->account,
      N_("The Kontalk account: its address or its phone number"), N_("ACCOUNT") },
    { NULL }
  };
  const GOptionEntry file_out[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options->output,
      N_("The key pack to write (kontalk-keys.zip)"), N_("FILE") },
    { NULL }
  };
  const GOptionEntry file_in[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->arguments, NULL, N_("FILE") },
    { NULL }
  };

  if (set & OPTIONS_ACCOUNT)
    add_entries (context, account);
  if (set & OPTIONS_FILE_OUT)
    add_entries (context, file_out);
  if (set & OPTIONS_FILE_IN)
    add_entries (context, file_in);
  add_link_options (context, set, options);
}

/* The options of one or two entries each, in the order --help lists them. */
static void
add_single_options (GOptionContext   *context,
                    OptionSet         set,
                    SignetCliOptions *options)
{
  const GOptionEntry code[] = {
    { "code", 'c', 0, G_OPTION_ARG_STRING, &options->code,
      N_("The code that arrived (otherwise it is read from standard input)"), N_("CODE") },
    { NULL }
  };
  const GOptionEntry xmpp_form[] = {
    { "field", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &options->fields,
      N_("Answer a field of the server's form (repeat for each field)"), N_("VAR=VALUE") },
    { NULL }
  };
  const GOptionEntry xmpp_jid[] = {
    { "jid", 'j', 0, G_OPTION_ARG_STRING, &options->jid,
      N_("The account's address"), N_("JID") },
    { NULL }
  };
  const GOptionEntry xmpp_new_password[] = {
    { "new-password", 0, 0, G_OPTION_ARG_STRING, &options->new_password,
      N_("The new password (otherwise it is asked for, or read from standard input)"), N_("PASSWORD") },
    { NULL }
  };
  const GOptionEntry xmpp_account[] = {
    { "account", 'a', 0, G_OPTION_ARG_STRING, &options->account,
      N_("Log in to this account first (password from the keyring or standard input)"), N_("JID") },
    { NULL }
  };
  const GOptionEntry xmpp_signup[] = {
    { "invite", 0, 0, G_OPTION_ARG_STRING, &options->invite,
      N_("An invitation token, or an invitation link xmpp:DOMAIN?register;preauth=TOKEN"), N_("TOKEN") },
    { "captcha-id", 0, 0, G_OPTION_ARG_STRING, &options->captcha_id,
      N_("Answer the CAPTCHA of an earlier run (with --field ocr=ANSWER)"), N_("ID") },
    { NULL }
  };
  const GOptionEntry output[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print one JSON object instead of text"), NULL },
    { NULL }
  };

  if (set & OPTIONS_CODE)
    add_entries (context, code);
  if (set & OPTIONS_XMPP_JID)
    add_entries (context, xmpp_jid);
  if (set & OPTIONS_XMPP_NEW_PASSWORD)
    add_entries (context, xmpp_new_password);
  if (set & OPTIONS_XMPP_FORM)
    add_entries (context, xmpp_form);
  if (set & OPTIONS_XMPP_ACCOUNT)
    add_entries (context, xmpp_account);
  if (set & OPTIONS_XMPP_SIGNUP)
    add_entries (context, xmpp_signup);
  if (set & OPTIONS_OUTPUT)
    add_entries (context, output);
  add_key_options (context, set, options);
}

static void
add_cadmium_options (GOptionContext   *context,
                     SignetCliOptions *options)
{
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &options->url,
      N_("The server's WebSocket address"), N_("wss://HOST:PORT/PATH") },
    { "server", 's', 0, G_OPTION_ARG_STRING, &options->server,
      N_("The server's Cadmium domain"), N_("DOMAIN") },
    { "trust", 0, 0, G_OPTION_ARG_STRING, &options->trust,
      N_("Trust the server certificate with this SHA-256 fingerprint"), N_("SHA256") },
    { "username", 'u', 0, G_OPTION_ARG_STRING, &options->username,
      N_("The username to register"), N_("NAME") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &options->email,
      N_("An email address for the account"), N_("ADDRESS") },
    { "msisdn", 0, 0, G_OPTION_ARG_STRING, &options->msisdn,
      N_("A phone number for the account, with its +country code"), N_("+NUMBER") },
    { "login", 0, 0, G_OPTION_ARG_NONE, &options->login,
      N_("Sign in once the account exists, and keep the login token in the keyring"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options->timeout,
      N_("Seconds to wait for each reply (default 30)"), N_("SECONDS") },
    { NULL }
  };

  add_entries (context, entries);
}

static void
add_options (GOptionContext   *context,
             OptionSet         set,
             SignetCliOptions *options)
{
  if (set & OPTIONS_CONNECTION)
    add_connection_options (context, options);
  if (set & OPTIONS_REQUEST)
    add_request_options (context, options);
  if (set & OPTIONS_CADMIUM)
    add_cadmium_options (context, options);
  if (set & (OPTIONS_PROVISION | OPTIONS_PROVISION_VERIFY))
    signet_cli_add_provision_options (context, options, (set & OPTIONS_PROVISION_VERIFY) != 0);
  add_single_options (context, set, options);
}

static void
print_usage (void)
{
  g_autofree char *codes = signet_cli_dup_exit_codes_help ();

  g_print ("%s\n\n", _("Usage: signet-cli COMMAND [OPTION…]"));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-18s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Run “signet-cli COMMAND --help” for the options of a command."));
  g_print ("\n%s", codes);
  g_print ("%s", _(signet_cli_provision_exit_codes_help));
}

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

static void
init_gettext (void)
{
  setlocale (LC_ALL, "");
  /* The build tree's translations, so that an uninstalled build (and its
   * tests) can run in another language. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SIGNET_LOCALEDIR") != NULL ? g_getenv ("SIGNET_LOCALEDIR")
                                                                          : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* --help and --version, which come instead of a command.  Returns whether
 * @argv held one, with the exit status in @status. */
static gboolean
handle_program_options (int    argc,
                        char **argv,
                        int   *status)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage ();
      *status = argc < 2 ? SIGNET_CLI_EXIT_USAGE : SIGNET_CLI_EXIT_OK;
      return TRUE;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("signet-cli %s\n", PACKAGE_VERSION);
      *status = SIGNET_CLI_EXIT_OK;
      return TRUE;
    }

  return FALSE;
}

/* The command @argv names, or NULL (said on standard error). */
static const Command *
take_command (int    *argc,
              char ***argv)
{
  g_autofree char *name = NULL;
  const Command *command;

  /* Two-word commands ("xmpp register") become one word for what follows. */
  if ((g_str_equal ((*argv)[1], "xmpp") || g_str_equal ((*argv)[1], "cadmium") ||
       g_str_equal ((*argv)[1], "provision")) &&
      *argc > 2 && (*argv)[2][0] != '-')
    {
      name = g_strdup_printf ("%s %s", (*argv)[1], (*argv)[2]);
      (*argv)[2] = (*argv)[1];
      (*argc)--;
      (*argv)++;
    }
  else
    name = g_strdup ((*argv)[1]);

  command = find_command (name);
  if (command == NULL)
    {
      g_autofree char *message = NULL;

      if (g_str_equal (name, "xmpp"))
        message = g_strdup (_("Usage: signet-cli xmpp register|passwd|unregister|info|serve [OPTION…]\n"));
      else if (g_str_equal (name, "cadmium"))
        message = g_strdup (_("Usage: signet-cli cadmium register [OPTION…]\n"));
      else
        message = g_strdup_printf (_("Unknown command “%s”. See “signet-cli --help”.\n"), name);
      signet_cli_report_parse_error (*argc, *argv, g_strchomp (message));
    }

  return command;
}

/* Parses what follows the command word; FALSE (said on standard error) for
 * a mistake. */
static gboolean
parse_command_options (const Command    *command,
                       SignetCliOptions *options,
                       int              *argc,
                       char           ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("signet-cli %s", command->name);
  g_autofree char *codes = signet_cli_dup_exit_codes_help ();
  g_autofree char *description = NULL;

  g_set_prgname (prgname);
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(command->summary));
  if (command->options & (OPTIONS_PROVISION | OPTIONS_PROVISION_VERIFY))
    description = g_strconcat (codes, _(signet_cli_provision_exit_codes_help), NULL);
  g_option_context_set_description (context, description != NULL ? description : codes);
  add_options (context, command->options, options);

  (*argv)[1] = (*argv)[0];
  (*argc)--;
  (*argv)++;
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      signet_cli_report_parse_error (*argc, *argv, error->message);
      return FALSE;
    }

  if (*argc > 1)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”. See --help.\n"), (*argv)[1]);

      signet_cli_report_parse_error (*argc, *argv, g_strchomp (message));
      return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(SignetCliOptions) options = { 0 };
  const Command *command;
  int status;

  /* Standard output carries results (JSON for scripts); logs go to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);
  init_gettext ();

  if (handle_program_options (argc, argv, &status))
    return status;

  command = take_command (&argc, &argv);
  if (command == NULL)
    return SIGNET_CLI_EXIT_USAGE;

  signet_cli_options_init (&options);
  if (!parse_command_options (command, &options, &argc, &argv))
    return SIGNET_CLI_EXIT_USAGE;
  if (!signet_cli_validate_options (&options, &status))
    return status;

  status = command->run (&options);

  /* Results of finished operations may still wait in the main context,
   * and with them the objects they hold: a connection is only released
   * (and its worker thread joined) once they are dispatched.  Nothing may
   * be left for exit() to tear down while library cleanup handlers run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return status;
}
