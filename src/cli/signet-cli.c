/* signet-cli.c: sign up from a terminal or a script.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "signet-connection.h"
#include "signet-phone.h"
#include "signet-registration.h"

/* Exit codes, documented in --help. */
enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_TLS_REFUSED = 3,
  EXIT_CONFLICT = 4,
  EXIT_THROTTLED = 5,
  EXIT_BAD_NUMBER = 6,
  EXIT_TERMS = 7,
  EXIT_NETWORK = 8,
  EXIT_NOT_OFFERED = 9,
  EXIT_CANNOT_SEND = 10,
  EXIT_CANCELLED = 130,
};

typedef struct
{
  /* Connection options shared by every command. */
  char     *server;
  char     *host;
  char     *trust;
  gboolean  direct_tls;
  int       timeout;
  gboolean  json;

  /* request */
  char     *phone;
  char     *region;
  char     *challenge;
  gboolean  force;
  gboolean  fallback;
  gboolean  accept_terms;
  gboolean  allow_unlisted;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->server);
  g_free (options->host);
  g_free (options->trust);
  g_free (options->phone);
  g_free (options->region);
  g_free (options->challenge);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/*
 * Output
 */

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, FALSE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* A stable machine-readable name for errors that did not come from a server stanza. */
static const char *
local_condition (const GError *error)
{
  if (error->domain == SIGNET_CONNECTION_ERROR)
    switch ((SignetConnectionError) error->code)
      {
      case SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED: return "certificate-untrusted";
      case SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE: return "tls-unavailable";
      case SIGNET_CONNECTION_ERROR_TLS_FAILED: return "tls-failed";
      case SIGNET_CONNECTION_ERROR_UNREACHABLE: return "unreachable";
      case SIGNET_CONNECTION_ERROR_TIMEOUT: return "timeout";
      case SIGNET_CONNECTION_ERROR_CLOSED: return "connection-closed";
      case SIGNET_CONNECTION_ERROR_MALFORMED: return "malformed-reply";
      case SIGNET_CONNECTION_ERROR_STREAM_NOT_AUTHORIZED: return "not-authorized";
      case SIGNET_CONNECTION_ERROR_STREAM_POLICY_VIOLATION: return "policy-violation";
      case SIGNET_CONNECTION_ERROR_STREAM_HOST_UNKNOWN: return "host-unknown";
      case SIGNET_CONNECTION_ERROR_STREAM_CONFLICT: return "conflict";
      case SIGNET_CONNECTION_ERROR_STREAM_SYSTEM_SHUTDOWN: return "system-shutdown";
      case SIGNET_CONNECTION_ERROR_STREAM_OTHER: return "stream-error";
      case SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED: return "authentication-failed";
      case SIGNET_CONNECTION_ERROR_NOT_CONNECTED: return "not-connected";
      case SIGNET_CONNECTION_ERROR_FAILED:
      default: return "connection-failed";
      }

  if (error->domain == SIGNET_PHONE_ERROR)
    return "invalid-number";

  if (error->domain == SIGNET_REGISTRATION_ERROR)
    switch ((SignetRegistrationError) error->code)
      {
      case SIGNET_REGISTRATION_ERROR_NOT_OFFERED: return "registration-not-offered";
      case SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE: return "invalid-response";
      case SIGNET_REGISTRATION_ERROR_NOT_PHONE_FLOW: return "not-phone-flow";
      case SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED: return "terms-not-accepted";
      case SIGNET_REGISTRATION_ERROR_FAILED:
      case SIGNET_REGISTRATION_ERROR_CONFLICT:
      case SIGNET_REGISTRATION_ERROR_THROTTLED:
      case SIGNET_REGISTRATION_ERROR_BAD_NUMBER:
      case SIGNET_REGISTRATION_ERROR_CANNOT_SEND:
      case SIGNET_REGISTRATION_ERROR_CODE_REFUSED:
      case SIGNET_REGISTRATION_ERROR_KEY_REFUSED:
      case SIGNET_REGISTRATION_ERROR_SERVER_INTERNAL:
      default: return "registration-failed";
      }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";

  return "failed";
}

static int
exit_code_for (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return EXIT_CANCELLED;

  if (error->domain == SIGNET_PHONE_ERROR)
    return EXIT_BAD_NUMBER;

  if (error->domain == SIGNET_CONNECTION_ERROR)
    switch ((SignetConnectionError) error->code)
      {
      case SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED:
      case SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE:
      case SIGNET_CONNECTION_ERROR_TLS_FAILED:
        return EXIT_TLS_REFUSED;
      case SIGNET_CONNECTION_ERROR_UNREACHABLE:
      case SIGNET_CONNECTION_ERROR_TIMEOUT:
      case SIGNET_CONNECTION_ERROR_CLOSED:
        return EXIT_NETWORK;
      default:
        return EXIT_FAILED;
      }

  if (error->domain == SIGNET_REGISTRATION_ERROR)
    switch ((SignetRegistrationError) error->code)
      {
      case SIGNET_REGISTRATION_ERROR_CONFLICT: return EXIT_CONFLICT;
      case SIGNET_REGISTRATION_ERROR_THROTTLED: return EXIT_THROTTLED;
      case SIGNET_REGISTRATION_ERROR_BAD_NUMBER: return EXIT_BAD_NUMBER;
      case SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED: return EXIT_TERMS;
      case SIGNET_REGISTRATION_ERROR_NOT_OFFERED:
      case SIGNET_REGISTRATION_ERROR_NOT_PHONE_FLOW: return EXIT_NOT_OFFERED;
      case SIGNET_REGISTRATION_ERROR_CANNOT_SEND: return EXIT_CANNOT_SEND;
      default: return EXIT_FAILED;
      }

  return EXIT_FAILED;
}

static void
add_certificate_members (JsonBuilder                 *builder,
                         const SignetCertificateInfo *certificate)
{
  add_string (builder, "sha256", signet_certificate_info_get_sha256 (certificate));
  add_string (builder, "subject", signet_certificate_info_get_subject (certificate));
  add_string (builder, "issuer", signet_certificate_info_get_issuer (certificate));
  add_string (builder, "not-before", signet_certificate_info_get_not_before (certificate));
  add_string (builder, "not-after", signet_certificate_info_get_not_after (certificate));
  add_string (builder, "problem", signet_certificate_info_get_problem (certificate));
}

static void
print_certificate (const SignetCertificateInfo *certificate)
{
  g_printerr (_("  Subject:     %s\n"), signet_certificate_info_get_subject (certificate));
  g_printerr (_("  Issuer:      %s\n"), signet_certificate_info_get_issuer (certificate));
  g_printerr (_("  Valid from:  %s\n"), signet_certificate_info_get_not_before (certificate));
  g_printerr (_("  Valid until: %s\n"), signet_certificate_info_get_not_after (certificate));
  g_printerr (_("  SHA-256:     %s\n"), signet_certificate_info_get_sha256 (certificate));
}

/* Reports @error in the chosen format and returns the exit code. */
static int
report_error (const Options               *options,
              const GError                *error,
              const SignetStanzaError     *server_error,
              const SignetCertificateInfo *certificate)
{
  gboolean untrusted = g_error_matches (error, SIGNET_CONNECTION_ERROR,
                                        SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      if (server_error != NULL)
        {
          add_string (builder, "condition", signet_stanza_error_get_condition (server_error));
          add_string (builder, "type", signet_stanza_error_get_error_type (server_error));
          add_string (builder, "text", signet_stanza_error_get_text (server_error));
        }
      else
        {
          add_string (builder, "condition", local_condition (error));
          add_string (builder, "type", "cancel");
          add_string (builder, "text", NULL);
        }
      add_string (builder, "message", error->message);
      if (untrusted && certificate != NULL)
        add_certificate_members (builder, certificate);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_printerr ("%s\n", error->message);
      if (server_error != NULL && signet_stanza_error_get_text (server_error) != NULL)
        g_printerr (_("The server said: “%s”\n"), signet_stanza_error_get_text (server_error));
      if (untrusted && certificate != NULL)
        {
          print_certificate (certificate);
          g_printerr (_("If you trust this server, check the fingerprint with its administrator "
                        "and run the command again with --trust %s\n"),
                      signet_certificate_info_get_sha256 (certificate));
        }
    }

  return exit_code_for (error);
}

/*
 * Running async calls to completion
 */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return wait->result;
}

static gboolean
is_interactive (const Options *options)
{
  return !options->json && isatty (STDIN_FILENO) && isatty (STDERR_FILENO);
}

static char *
prompt_line (const char *question)
{
  char buffer[256];

  g_printerr ("%s", question);
  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    return NULL;

  return g_strstrip (g_strdup (buffer));
}

static gboolean
prompt_yes_no (const char *question)
{
  g_autofree char *answer = prompt_line (question);

  return answer != NULL && (g_ascii_strcasecmp (answer, "y") == 0 ||
                            g_ascii_strcasecmp (answer, "yes") == 0 ||
                            /* Translators: the affirmative answer to a yes/no prompt. */
                            g_utf8_collate (answer, _("yes")) == 0);
}

/*
 * The request command
 */

static SignetConnection *
make_connection (const Options  *options,
                 GError        **error)
{
  g_autoptr(SignetConnection) connection = signet_connection_new (options->server);

  if (options->host != NULL &&
      !signet_connection_set_host_and_port (connection, options->host, error))
    return NULL;

  signet_connection_set_direct_tls (connection, options->direct_tls);
  if (options->timeout > 0)
    signet_connection_set_timeout (connection, options->timeout);

  if (options->trust != NULL)
    {
      g_autofree char *sha256 = signet_certificate_normalize_sha256 (options->trust);

      if (sha256 == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--trust expects a SHA-256 fingerprint: 64 hexadecimal digits."));
          return NULL;
        }
      signet_connection_set_trusted_sha256 (connection, sha256);
    }

  return g_steal_pointer (&connection);
}

static SignetPhoneNumber *
parse_phone (Options  *options,
             GError  **error)
{
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autofree char *locale_region = NULL;
  const char *region = options->region;

  if (region == NULL)
    region = locale_region = signet_phone_get_locale_region ();

  number = signet_phone_number_parse (options->phone, region, error);
  if (number == NULL)
    return NULL;

  if (signet_phone_number_get_validity (number) == SIGNET_PHONE_VALIDITY_POSSIBLE && !options->allow_unlisted)
    {
      const char *warning = _("This number has a possible length but is not in the known numbering "
                              "plan of its country (new ranges and machine-to-machine numbers look like this).");

      if (is_interactive (options))
        {
          g_printerr ("%s\n", warning);
          if (prompt_yes_no (_("Use it anyway? [y/N] ")))
            return g_steal_pointer (&number);
        }

      g_set_error (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_INVALID_LENGTH,
                   "%s %s", warning, _("Pass --allow-unlisted to use it anyway."));
      return NULL;
    }

  return g_steal_pointer (&number);
}

static void
print_challenge (const Options     *options,
                 SignetRegistration *registration,
                 SignetChallenge    *challenge,
                 SignetPhoneNumber  *number)
{
  SignetChallengeType type = signet_challenge_get_challenge_type (challenge);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "result");
      json_builder_begin_object (builder);
      add_string (builder, "server", options->server);
      add_string (builder, "phone", signet_phone_number_get_e164 (number));
      add_string (builder, "challenge", signet_challenge_type_to_string (type));
      add_string (builder, "from", signet_challenge_get_sender (challenge));
      json_builder_set_member_name (builder, "code-length");
      json_builder_add_int_value (builder, signet_challenge_get_code_length (challenge));
      json_builder_set_member_name (builder, "can-fallback");
      json_builder_add_boolean_value (builder, signet_challenge_get_can_fallback (challenge));
      add_string (builder, "instructions", signet_challenge_get_instructions (challenge));
      add_string (builder, "brand-image", signet_challenge_get_brand_image (challenge));
      add_string (builder, "brand-link", signet_challenge_get_brand_link (challenge));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      print_json (builder);
      return;
    }

  g_print (_("Verification requested for %s.\n"), signet_phone_number_get_international (number));
  if (signet_challenge_get_instructions (challenge) != NULL)
    g_print ("%s\n", signet_challenge_get_instructions (challenge));

  switch (type)
    {
    case SIGNET_CHALLENGE_PIN:
      g_print (_("A %u-digit code will arrive by SMS or voice call from “%s”.\n"),
               signet_challenge_get_code_length (challenge), signet_challenge_get_sender (challenge));
      break;
    case SIGNET_CHALLENGE_MISSED_CALL:
      g_print (_("You will get a call from a number like %s. Do not answer it: "
                 "the last %u digits of the calling number are your code.\n"),
               signet_challenge_get_sender (challenge), signet_challenge_get_code_length (challenge));
      break;
    case SIGNET_CHALLENGE_CALLER_ID:
      g_print (_("Call %s from the phone you are registering. Nobody will answer; "
                 "hang up after the first ring.\n"), signet_challenge_get_sender (challenge));
      break;
    default:
      break;
    }

  if (signet_challenge_get_can_fallback (challenge))
    g_print (_("If nothing arrives, request again with --fallback to try another way.\n"));
}

static gboolean
ask_to_trust (const Options               *options,
              const SignetCertificateInfo *certificate)
{
  if (!is_interactive (options) || certificate == NULL)
    return FALSE;

  g_printerr (_("The server’s certificate is not trusted by this system:\n"));
  print_certificate (certificate);
  if (signet_certificate_info_get_problem (certificate) != NULL)
    g_printerr (_("  Problem:     %s\n"), signet_certificate_info_get_problem (certificate));

  return prompt_yes_no (_("Trust this exact certificate for this request? [y/N] "));
}

static gboolean
fetch_form (SignetRegistration  *registration,
            const Options       *options,
            GError             **error)
{
  Wait wait = { NULL };
  gboolean ok;

  signet_registration_fetch_form_async (registration, NULL, on_done, &wait);
  ok = signet_registration_fetch_form_finish (registration, wait_for_result (&wait), error);
  g_clear_object (&wait.result);

  return ok;
}

/* Connects and fetches the form; asks to trust an unknown certificate once. */
static SignetRegistration *
open_registration (Options  *options,
                   GError  **error)
{
  g_autoptr(SignetConnection) connection = make_connection (options, error);
  g_autoptr(SignetRegistration) registration = NULL;
  g_autoptr(GError) local_error = NULL;
  const SignetCertificateInfo *certificate;

  if (connection == NULL)
    return NULL;

  registration = signet_registration_new (connection);
  if (fetch_form (registration, options, &local_error))
    return g_steal_pointer (&registration);

  certificate = signet_connection_get_peer_certificate (signet_registration_get_connection (registration));
  if (g_error_matches (local_error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED) &&
      ask_to_trust (options, certificate))
    {
      g_free (options->trust);
      options->trust = g_strdup (signet_certificate_info_get_sha256 (certificate));
      g_clear_object (&connection);
      g_clear_object (&registration);
      g_clear_error (&local_error);

      connection = make_connection (options, error);
      registration = signet_registration_new (connection);
      if (fetch_form (registration, options, &local_error))
        return g_steal_pointer (&registration);
    }

  /* Keep the registration so the caller can read the certificate and server error. */
  g_propagate_error (error, g_steal_pointer (&local_error));
  return g_steal_pointer (&registration);
}

static int
run_request (Options *options)
{
  g_autoptr(SignetRegistration) registration = NULL;
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;
  g_autoptr(GError) error = NULL;
  SignetRequestFlags flags = SIGNET_REQUEST_FLAGS_NONE;
  SignetChallengeType challenge_type = SIGNET_CHALLENGE_PIN;
  Wait wait = { NULL };

  if (options->phone == NULL && is_interactive (options))
    options->phone = prompt_line (_("Phone number (with +country code): "));

  if (options->phone == NULL || options->server == NULL)
    {
      g_printerr (_("signet-cli request needs --server and --phone. See --help.\n"));
      return EXIT_USAGE;
    }

  if (options->challenge != NULL && !signet_challenge_type_from_string (options->challenge, &challenge_type))
    {
      g_printerr (_("--challenge must be pin, missedcall or callerid.\n"));
      return EXIT_USAGE;
    }

  number = parse_phone (options, &error);
  if (number == NULL)
    return report_error (options, error, NULL, NULL);

  registration = open_registration (options, &error);
  if (error != NULL)
    {
      SignetConnection *connection = registration ? signet_registration_get_connection (registration) : NULL;

      return report_error (options, error,
                           registration ? signet_registration_get_server_error (registration) : NULL,
                           connection ? signet_connection_get_peer_certificate (connection) : NULL);
    }

  if (signet_registration_get_flow (registration) != SIGNET_REGISTRATION_FLOW_PHONE)
    {
      g_set_error (&error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_NOT_PHONE_FLOW,
                   _("This server does not sign up with phone numbers. Use “signet-cli xmpp register” instead."));
      return report_error (options, error, NULL, NULL);
    }

  if (signet_registration_get_requires_terms (registration) && !options->accept_terms)
    {
      const char *url = signet_registration_get_terms_url (registration);

      if (is_interactive (options))
        {
          g_printerr (_("The server asks you to accept its terms of service: %s\n"), url ? url : "");
          options->accept_terms = prompt_yes_no (_("Do you accept them? [y/N] "));
        }
    }

  if (options->force)
    flags |= SIGNET_REQUEST_FLAGS_FORCE;
  if (options->fallback)
    flags |= SIGNET_REQUEST_FLAGS_FALLBACK;
  if (options->accept_terms)
    flags |= SIGNET_REQUEST_FLAGS_ACCEPT_TERMS;

  signet_registration_request_async (registration, signet_phone_number_get_e164 (number), flags,
                                     options->challenge ? (int) challenge_type : -1,
                                     NULL, on_done, &wait);
  challenge = signet_registration_request_finish (registration, wait_for_result (&wait), &error);
  g_clear_object (&wait.result);

  if (challenge == NULL)
    return report_error (options, error, signet_registration_get_server_error (registration), NULL);

  print_challenge (options, registration, challenge, number);
  return EXIT_OK;
}

/*
 * Command line
 */

static const char *exit_codes_help =
  N_("Exit status:\n"
     "  0    success\n"
     "  1    failure\n"
     "  2    wrong usage\n"
     "  3    TLS refused: untrusted certificate or no encryption offered\n"
     "  4    the number is already registered (use --force)\n"
     "  5    too many attempts, try again later\n"
     "  6    invalid phone number\n"
     "  7    the server's terms must be accepted (--accept-terms)\n"
     "  8    network problem: unreachable, timed out or dropped\n"
     "  9    the server does not offer this kind of sign-up\n"
     "  10   the server could not send a verification\n"
     "  130  cancelled\n");

static void
add_connection_options (GOptionContext *context,
                        Options        *options)
{
  GOptionEntry entries[] = {
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
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print one JSON object instead of text"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static void
add_request_options (GOptionContext *context,
                     Options        *options)
{
  GOptionEntry entries[] = {
    { "phone", 'p', 0, G_OPTION_ARG_STRING, &options->phone,
      N_("The phone number to register"), N_("NUMBER") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &options->region,
      N_("Country of a number typed without +country code (default: from the locale)"), N_("CC") },
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
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static void
print_usage (void)
{
  g_print ("%s\n\n", _("Usage: signet-cli COMMAND [OPTION…]"));
  g_print ("%s\n", _("Commands:"));
  g_print ("  request    %s\n", _("Ask a Kontalk server to verify a phone number"));
  g_print ("\n%s\n", _("Run “signet-cli COMMAND --help” for the options of a command."));
  g_print ("\n%s", _(exit_codes_help));
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) options = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage ();
      return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("signet-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  command = argv[1];
  if (!g_str_equal (command, "request"))
    {
      g_printerr (_("Unknown command “%s”. See “signet-cli --help”.\n"), command);
      return EXIT_USAGE;
    }

  g_set_prgname ("signet-cli request");
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Ask a Kontalk server to verify a phone number."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _(exit_codes_help));
  add_connection_options (context, &options);
  add_request_options (context, &options);

  /* Parse after the command word. */
  argv[1] = argv[0];
  argc--;
  argv++;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_USAGE;
    }

  return run_request (&options);
}
