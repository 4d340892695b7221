/* signet-cli-validate.c: one argument contract for every signet-cli command.
 *
 * Every option is checked here, right after parsing and before any command
 * runs, so that a mistake never reaches the network and every command
 * answers it the same way: exit status 2, condition "usage", the option
 * named.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-cli-validate.h"
#include "signet-core.h"

void
signet_cli_options_init (SignetCliOptions *options)
{
  options->timeout = SIGNET_CLI_TIMEOUT_UNSET;
}

int
signet_cli_report_local (const SignetCliOptions *options,
                         const char             *condition,
                         const char             *type,
                         const char             *option,
                         const char             *message,
                         int                     status)
{
  if (options != NULL && options->json)
    {
      g_autoptr(JsonBuilder) builder = signet_cli_begin_error (condition, type, NULL);

      signet_cli_add_string (builder, "option", option);
      signet_cli_add_string (builder, "message", message);
      signet_cli_print_answer (builder);
    }
  else
    g_printerr ("%s\n", message);

  return status;
}

int
signet_cli_report_usage (const SignetCliOptions *options,
                         const char             *option,
                         const char             *message)
{
  return signet_cli_report_local (options, "usage", "modify", option, message, SIGNET_CLI_EXIT_USAGE);
}

/* The option an argument that is not UTF-8 belongs to: "--opt=VALUE", or
 * the value after "--opt". */
static char *
option_of_argument (char **argv,
                    int    index)
{
  const char *arg = argv[index];

  if (g_str_has_prefix (arg, "--") && strchr (arg, '=') != NULL)
    return g_strndup (arg, strchr (arg, '=') - arg);

  if (index > 1 && argv[index - 1][0] == '-' && g_utf8_validate (argv[index - 1], -1, NULL))
    return g_strdup (argv[index - 1]);

  return NULL;
}

int
signet_cli_report_parse_error (int         argc,
                               char      **argv,
                               const char *message)
{
  SignetCliOptions options = { 0 };
  g_autofree char *bad_option = NULL;
  g_autofree char *bad_message = NULL;

  for (int i = 1; i < argc && !g_str_equal (argv[i], "--"); i++)
    if (g_str_equal (argv[i], "--json"))
      options.json = TRUE;

  /* Never echo bytes that are not text: JSON could not carry them. */
  for (int i = 1; i < argc; i++)
    if (!g_utf8_validate (argv[i], -1, NULL))
      {
        bad_option = option_of_argument (argv, i);
        if (bad_option != NULL)
          bad_message = g_strdup_printf (_("The value of %s is not valid UTF-8 text."), bad_option);
        else
          bad_message = g_strdup (_("An argument is not valid UTF-8 text."));
        return signet_cli_report_usage (&options, bad_option, bad_message);
      }

  /* GLib's own messages name the option: "Unknown option --frob". */
  for (const char *p = strstr (message, "--"); p != NULL && bad_option == NULL; p = strstr (p + 2, "--"))
    if (g_ascii_isalpha (p[2]))
      bad_option = g_strndup (p, strspn (p + 2, "abcdefghijklmnopqrstuvwxyz-") + 2);

  return signet_cli_report_usage (&options, bad_option, message);
}

gboolean
signet_cli_check_domain (const char *option,
                         const char *domain,
                         GError    **error)
{
  if (*domain == '\0')
    {
      /* Translators: %s is an option such as --server. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s needs a domain name, such as example.org."), option);
      return FALSE;
    }

  if (strlen (domain) > SIGNET_CLI_MAX_DOMAIN_LENGTH || !signet_jid_domain_is_valid (domain))
    {
      /* Translators: %s is an option such as --server. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s expects a domain name such as example.org: no spaces, “@” or “/”."), option);
      return FALSE;
    }

  return TRUE;
}

char *
signet_cli_normalize_code (const char *option,
                           const char *code,
                           guint       expected_length,
                           GError    **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  char *result;

  for (const char *p = code; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-' || *p == '\t')
        continue;
      if (!g_ascii_isdigit (*p))
        {
          memset (digits->str, 0, digits->len);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* Translators: %s is --code, or "The code" when it was typed. */
                       _("%s must be digits only (spaces and dashes are ignored)."), option);
          return NULL;
        }
      g_string_append_c (digits, *p);
    }

  if (digits->len == 0 || (expected_length > 0 && digits->len != expected_length))
    {
      memset (digits->str, 0, digits->len);
      if (expected_length > 0)
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     /* Translators: %s is --code, or "The code" when it was typed. */
                     g_dngettext (GETTEXT_PACKAGE, "%s must have %u digit.", "%s must have %u digits.",
                                  expected_length), option, expected_length);
      else
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     /* Translators: %s is --code, or "The code" when it was typed. */
                     _("%s is empty."), option);
      return NULL;
    }

  result = g_strdup (digits->str);
  memset (digits->str, 0, digits->len);
  return result;
}

/*
 * The checks, one per kind of option
 */

static gboolean
check_host (const char *host,
            GError    **error)
{
  g_autoptr(SignetConnection) scratch = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (host));

  if (*stripped == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--host needs a host name or address, with an optional :PORT."));
      return FALSE;
    }

  /* The connection's own parser, so that what passes here connects. */
  scratch = signet_connection_new ("localhost");
  if (strpbrk (stripped, " \t@/") != NULL ||
      !signet_connection_set_host_and_port (scratch, stripped, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--host expects HOST or HOST:PORT with a port from 1 to 65535."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_trust (const char *trust,
             GError    **error)
{
  g_autofree char *sha256 = signet_certificate_normalize_sha256 (trust);

  if (sha256 == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--trust expects a SHA-256 fingerprint: 64 hexadecimal digits, which may be "
                     "separated by colons."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_jid (const char *jid,
           GError    **error)
{
  const char *at = strchr (jid, '@');

  if (!signet_jid_is_valid (jid) || at == NULL || at == jid || strchr (jid, '/') != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--jid expects an account address such as alice@example.org, without a "
                     "resource (“/…”)."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_fields (char   **fields,
              GError **error)
{
  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      const char *equals = strchr (fields[i], '=');

      if (equals == NULL || equals == fields[i])
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--field expects VAR=VALUE, not “%s”."), fields[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_timeout (int     *timeout,
               GError **error)
{
  if (*timeout == SIGNET_CLI_TIMEOUT_UNSET)
    {
      *timeout = 0;
      return TRUE;
    }

  if (*timeout <= 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--timeout expects a number of seconds greater than 0."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_challenge (const char *challenge,
                 GError    **error)
{
  SignetChallengeType type;

  if (!signet_challenge_type_from_string (challenge, &type))
    {
      g_autofree char *message = g_strdup (_("--challenge must be pin, missedcall or callerid.\n"));

      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, g_strchomp (message));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_code (SignetCliOptions *options,
            GError          **error)
{
  char *code = signet_cli_normalize_code ("--code", options->code, 0, error);

  if (code == NULL)
    return FALSE;

  memset (options->code, 0, strlen (options->code));
  g_free (options->code);
  options->code = code;
  return TRUE;
}

/* Runs the checks in the order --help lists the options; names the option
 * of the first that fails in @option. */
static gboolean
check_all (SignetCliOptions *options,
           const char      **option,
           GError          **error)
{
  if (options->server != NULL && !signet_cli_check_domain ("--server", options->server, error))
    *option = "--server";
  else if (options->host != NULL && !check_host (options->host, error))
    *option = "--host";
  else if (options->trust != NULL && !check_trust (options->trust, error))
    *option = "--trust";
  else if (!check_timeout (&options->timeout, error))
    *option = "--timeout";
  else if (options->challenge != NULL && !check_challenge (options->challenge, error))
    *option = "--challenge";
  else if (options->code != NULL && !check_code (options, error))
    *option = "--code";
  else if (options->jid != NULL && !check_jid (options->jid, error))
    *option = "--jid";
  else if (options->fields != NULL && !check_fields (options->fields, error))
    *option = "--field";
  else
    return TRUE;

  return FALSE;
}

gboolean
signet_cli_validate_options (SignetCliOptions *options,
                             int              *status)
{
  g_autoptr(GError) error = NULL;
  const char *option = NULL;

  if (check_all (options, &option, &error))
    return TRUE;

  *status = signet_cli_report_usage (options, option, error->message);
  return FALSE;
}
