/* signet-cli-common.c: what every signet-cli command shares.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "signet-cli-common.h"
#include "signet-core.h"

/* One line a code, so that each is translated on its own. */
static const struct
{
  int code;
  const char *meaning;
} exit_codes[] = {
  { 0, N_("success") },
  { 1, N_("failure") },
  { 2, N_("wrong usage") },
  { 3, N_("TLS refused: untrusted certificate or no encryption offered") },
  { 4, N_("the number (use --force) or the username is already registered") },
  { 5, N_("too many attempts, try again later") },
  { 6, N_("invalid phone number") },
  { 7, N_("the server's terms must be accepted (--accept-terms)") },
  { 8, N_("network problem: unreachable, timed out or dropped") },
  { 9, N_("the server does not offer this kind of sign-up") },
  { 10, N_("the server could not send a verification") },
  { 11, N_("the code is wrong or has expired") },
  { 12, N_("the server refused the login (the first one, or a wrong password)") },
  { 13, N_("no sign-up is waiting for a code") },
  { 14, N_("the server refused the details given (username, password, CAPTCHA)") },
  { 15, N_("not a key pack, or the wrong password for it") },
  { 16, N_("the server refused the old key's revocation: the key was not replaced") },
  { 17, N_("the account's password is not in the keyring and none was given") },
  { 18, N_("the server wants a CAPTCHA answered (--field ocr=ANSWER --captcha-id ID)") },
  { 19, N_("the server does not take new accounts (Cadmium)") },
  { 30, N_("the caller-ID call has not been seen yet: call, then try again") },
  { 31, N_("another number’s sign-up is waiting for its code (see --replace)") },
  { 130, N_("cancelled") },
};

char *
signet_cli_dup_exit_codes_help (void)
{
  GString *help = g_string_new (_("Exit status:"));

  g_string_append_c (help, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (exit_codes); i++)
    g_string_append_printf (help, "  %-4d %s\n", exit_codes[i].code, _(exit_codes[i].meaning));

  return g_string_free (help, FALSE);
}

void
signet_cli_options_clear (SignetCliOptions *options)
{
  g_free (options->server);
  g_free (options->host);
  g_free (options->trust);
  g_free (options->phone);
  g_free (options->region);
  g_free (options->url);
  g_free (options->username);
  g_free (options->email);
  g_free (options->msisdn);
  g_free (options->name);
  g_free (options->challenge);
  if (options->code != NULL)
    memset (options->code, 0, strlen (options->code));
  g_free (options->code);
  g_free (options->jid);
  if (options->new_password != NULL)
    memset (options->new_password, 0, strlen (options->new_password));
  g_free (options->new_password);
  g_strfreev (options->fields);
  g_free (options->account);
  if (options->invite != NULL)
    memset (options->invite, 0, strlen (options->invite));
  g_free (options->invite);
  g_free (options->captcha_id);
  g_free (options->mail);
  g_free (options->ip);
  g_free (options->token_file);
  if (options->token != NULL)
    memset (options->token, 0, strlen (options->token));
  g_free (options->token);
  g_free (options->batch);
  g_free (options->output);
  g_free (options->link);
  g_free (options->qr_png);
  g_strfreev (options->arguments);
}

void
signet_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, FALSE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

void
signet_cli_add_string (JsonBuilder *builder,
                       const char  *name,
                       const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The members every command prints about an account it made or lists. */
void
signet_cli_add_account (JsonBuilder   *builder,
                        SignetAccount *account)
{
  signet_cli_add_string (builder, "server", signet_account_get_server (account));
  signet_cli_add_string (builder, "jid", signet_account_get_jid (account));
  signet_cli_add_string (builder, "phone", signet_account_get_phone (account));
  signet_cli_add_string (builder, "name", signet_account_get_display_name (account));
  signet_cli_add_string (builder, "fingerprint", signet_account_get_fingerprint (account));
}

/* A JSON answer, inside its "result" object. */
JsonBuilder *
signet_cli_begin_result (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "result");
  json_builder_begin_object (builder);
  return builder;
}

/* A JSON answer, inside its "error" object, which begins with @condition,
 * @type and @text as every error does; "message" and the rest follow. */
JsonBuilder *
signet_cli_begin_error (const char *condition,
                        const char *type,
                        const char *text)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  signet_cli_add_string (builder, "condition", condition);
  signet_cli_add_string (builder, "type", type);
  signet_cli_add_string (builder, "text", text);
  return builder;
}

/* Ends what signet_cli_begin_result() or _begin_error() began, and prints it. */
void
signet_cli_print_answer (JsonBuilder *builder)
{
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  signet_cli_print_json (builder);
}

/* Ends a "result" with whether the keyring took the secret (@member) and
 * why not, and prints it. */
void
signet_cli_print_keyring_result (JsonBuilder  *builder,
                                 const char   *member,
                                 const GError *keyring_error)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, keyring_error == NULL);
  signet_cli_add_string (builder, "keyring-error", keyring_error ? keyring_error->message : NULL);
  signet_cli_print_answer (builder);
}

/* The columns a terminal gives @text: two for wide characters (CJK), none
 * for combining marks. */
static gsize
display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

void
signet_cli_print_fields (gboolean              to_stderr,
                         const SignetCliField *fields,
                         gsize                 n_fields)
{
  gsize widest = 0;

  /* Every label counts, shown or not, so that lists printed one after the
   * other line up the same. */
  for (gsize i = 0; i < n_fields; i++)
    widest = MAX (widest, display_width (fields[i].label));

  for (gsize i = 0; i < n_fields; i++)
    {
      g_autofree char *line = NULL;

      if (fields[i].value == NULL)
        continue;
      line = g_strdup_printf ("  %s%*s %s\n", fields[i].label,
                              (int) (widest - display_width (fields[i].label)), "", fields[i].value);
      if (to_stderr)
        g_printerr ("%s", line);
      else
        g_print ("%s", line);
    }
}

static const char *
inband_condition (const GError *error)
{
  switch ((SignetInbandError) error->code)
    {
    case SIGNET_INBAND_ERROR_NOT_OFFERED: return "registration-not-offered";
    case SIGNET_INBAND_ERROR_WEB_ONLY: return "web-only";
    case SIGNET_INBAND_ERROR_MISSING_FIELD: return "fields-required";
    case SIGNET_INBAND_ERROR_FORM_CHANGED: return "form-changed";
    case SIGNET_INBAND_ERROR_FORM_REQUIRED: return "form-required";
    case SIGNET_INBAND_ERROR_INVALID_RESPONSE: return "invalid-response";
    case SIGNET_INBAND_ERROR_LOGIN_REFUSED: return "login-refused";
    case SIGNET_INBAND_ERROR_POLICY_VIOLATION: return "policy-violation";
    case SIGNET_INBAND_ERROR_PASSWORD_WRONG: return "password-wrong";
    case SIGNET_INBAND_ERROR_INVITE_REFUSED: return "invite-refused";
    case SIGNET_INBAND_ERROR_INVITE_ONLY: return "invite-required";
    case SIGNET_INBAND_ERROR_CAPTCHA_REQUIRED: return "captcha-required";
    default: return "registration-failed";
    }
}

static int
inband_exit_code (const GError *error)
{
  switch ((SignetInbandError) error->code)
    {
    case SIGNET_INBAND_ERROR_USERNAME_TAKEN: return SIGNET_CLI_EXIT_CONFLICT;
    case SIGNET_INBAND_ERROR_THROTTLED: return SIGNET_CLI_EXIT_THROTTLED;
    case SIGNET_INBAND_ERROR_NOT_OFFERED:
    case SIGNET_INBAND_ERROR_WEB_ONLY:
    case SIGNET_INBAND_ERROR_INVITE_ONLY:
    case SIGNET_INBAND_ERROR_FORBIDDEN:
    case SIGNET_INBAND_ERROR_NOT_ALLOWED:
    case SIGNET_INBAND_ERROR_POLICY_VIOLATION: return SIGNET_CLI_EXIT_NOT_OFFERED;
    case SIGNET_INBAND_ERROR_USERNAME_INVALID:
    case SIGNET_INBAND_ERROR_MISSING_FIELD:
    case SIGNET_INBAND_ERROR_WEAK_PASSWORD:
    case SIGNET_INBAND_ERROR_NOT_ACCEPTABLE:
    case SIGNET_INBAND_ERROR_CAPTCHA_FAILED:
    case SIGNET_INBAND_ERROR_FORM_CHANGED:
    case SIGNET_INBAND_ERROR_FORM_REQUIRED: return SIGNET_CLI_EXIT_REFUSED_DETAILS;
    case SIGNET_INBAND_ERROR_LOGIN_REFUSED:
    case SIGNET_INBAND_ERROR_PASSWORD_WRONG: return SIGNET_CLI_EXIT_LOGIN_REFUSED;
    case SIGNET_INBAND_ERROR_INVITE_REFUSED: return SIGNET_CLI_EXIT_CODE_REFUSED;
    case SIGNET_INBAND_ERROR_CAPTCHA_REQUIRED: return SIGNET_CLI_EXIT_CAPTCHA_REQUIRED;
    default: return SIGNET_CLI_EXIT_FAILED;
    }
}

static const char *
connection_condition (const GError *error)
{
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
    case SIGNET_CONNECTION_ERROR_INVALID_DOMAIN: return "usage";
    case SIGNET_CONNECTION_ERROR_FAILED:
    default: return "connection-failed";
    }
}

static const char *
registration_condition (const GError *error)
{
  switch ((SignetRegistrationError) error->code)
    {
    case SIGNET_REGISTRATION_ERROR_NOT_OFFERED: return "registration-not-offered";
    case SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE: return "invalid-response";
    case SIGNET_REGISTRATION_ERROR_NOT_PHONE_FLOW: return "not-phone-flow";
    case SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED: return "terms-not-accepted";
    case SIGNET_REGISTRATION_ERROR_NOT_CERTIFIED: return "not-certified";
    case SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED: return "login-refused";
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
}

/* A stable machine-readable name for errors that did not come from a server stanza. */
static const char *
local_condition (const GError *error)
{
  if (error->domain == SIGNET_CONNECTION_ERROR)
    return connection_condition (error);

  if (error->domain == SIGNET_PHONE_ERROR)
    return "invalid-number";

  if (g_error_matches (error, SIGNET_PENDING_REGISTRATION_ERROR, SIGNET_PENDING_REGISTRATION_ERROR_NOT_FOUND))
    return "nothing-pending";

  if (g_error_matches (error, SIGNET_KEY_PACK_ERROR, SIGNET_KEY_PACK_ERROR_BAD_KEY_PACK))
    return "bad-key-pack";

  if (g_error_matches (error, SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_REVOCATION_REFUSED))
    return "revocation-refused";

  if (g_error_matches (error, SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_INVALID_RESPONSE) ||
      g_error_matches (error, SIGNET_DEVICE_LINK_ERROR, SIGNET_DEVICE_LINK_ERROR_INVALID_RESPONSE))
    return "invalid-response";

  if (g_error_matches (error, SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_NOT_STORED))
    return "key-not-stored";

  if (g_error_matches (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_EXISTS))
    return "key-exists";

  if (error->domain == SIGNET_PERSONAL_KEY_ERROR)
    return "key-failed";

  if (error->domain == SIGNET_REGISTRATION_ERROR)
    return registration_condition (error);

  if (error->domain == SIGNET_INBAND_ERROR)
    return inband_condition (error);

  if (g_error_matches (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND))
    return "no-local-password";

  if (error->domain == G_OPTION_ERROR || error->domain == SIGNET_INVITE_URI_ERROR)
    return "usage";

  if (error->domain == SIGNET_ACCOUNT_STORE_ERROR)
    return "keyring-failed";

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";

  if (error->domain == G_OPTION_ERROR)
    return "usage";

  return "failed";
}

/* Key packs, device linking and key rollover. */
static int
key_exit_code (const GError *error)
{
  if (g_error_matches (error, SIGNET_KEY_PACK_ERROR, SIGNET_KEY_PACK_ERROR_BAD_KEY_PACK))
    return SIGNET_CLI_EXIT_BAD_KEY_PACK;
  if (g_error_matches (error, SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_REVOCATION_REFUSED))
    return SIGNET_CLI_EXIT_REVOCATION_REFUSED;
  if (g_error_matches (error, SIGNET_DEVICE_LINK_ERROR, SIGNET_DEVICE_LINK_ERROR_TOKEN_REFUSED))
    return SIGNET_CLI_EXIT_CODE_REFUSED;

  return SIGNET_CLI_EXIT_FAILED;
}

int
signet_cli_exit_code_for (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return SIGNET_CLI_EXIT_CANCELLED;

  if (error->domain == SIGNET_PHONE_ERROR)
    return SIGNET_CLI_EXIT_BAD_NUMBER;

  if (error->domain == G_OPTION_ERROR ||
      g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_INVALID_DOMAIN))
    return SIGNET_CLI_EXIT_USAGE;

  if (error->domain == SIGNET_CONNECTION_ERROR)
    switch ((SignetConnectionError) error->code)
      {
      case SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED:
      case SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE:
      case SIGNET_CONNECTION_ERROR_TLS_FAILED:
        return SIGNET_CLI_EXIT_TLS_REFUSED;
      case SIGNET_CONNECTION_ERROR_UNREACHABLE:
      case SIGNET_CONNECTION_ERROR_TIMEOUT:
      case SIGNET_CONNECTION_ERROR_CLOSED:
        return SIGNET_CLI_EXIT_NETWORK;
      case SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED:
        return SIGNET_CLI_EXIT_LOGIN_REFUSED;
      default:
        return SIGNET_CLI_EXIT_FAILED;
      }

  if (error->domain == SIGNET_INBAND_ERROR)
    return inband_exit_code (error);

  if (error->domain == SIGNET_ACCOUNT_STORE_ERROR)
    return SIGNET_CLI_EXIT_NO_LOCAL_PASSWORD;
  if (error->domain == SIGNET_KEY_PACK_ERROR || error->domain == SIGNET_KEY_ROLLOVER_ERROR ||
      error->domain == SIGNET_DEVICE_LINK_ERROR)
    return key_exit_code (error);

  if (error->domain == G_OPTION_ERROR || error->domain == SIGNET_INVITE_URI_ERROR)
    return SIGNET_CLI_EXIT_USAGE;

  if (error->domain == SIGNET_REGISTRATION_ERROR)
    switch ((SignetRegistrationError) error->code)
      {
      case SIGNET_REGISTRATION_ERROR_CONFLICT: return SIGNET_CLI_EXIT_CONFLICT;
      case SIGNET_REGISTRATION_ERROR_THROTTLED: return SIGNET_CLI_EXIT_THROTTLED;
      case SIGNET_REGISTRATION_ERROR_BAD_NUMBER: return SIGNET_CLI_EXIT_BAD_NUMBER;
      case SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED: return SIGNET_CLI_EXIT_TERMS;
      case SIGNET_REGISTRATION_ERROR_NOT_OFFERED:
      case SIGNET_REGISTRATION_ERROR_NOT_PHONE_FLOW: return SIGNET_CLI_EXIT_NOT_OFFERED;
      case SIGNET_REGISTRATION_ERROR_CANNOT_SEND: return SIGNET_CLI_EXIT_CANNOT_SEND;
      case SIGNET_REGISTRATION_ERROR_CODE_REFUSED: return SIGNET_CLI_EXIT_CODE_REFUSED;
      case SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED: return SIGNET_CLI_EXIT_LOGIN_REFUSED;
      default: return SIGNET_CLI_EXIT_FAILED;
      }

  return SIGNET_CLI_EXIT_FAILED;
}

static void
add_certificate_members (JsonBuilder                 *builder,
                         const SignetCertificateInfo *certificate)
{
  signet_cli_add_string (builder, "sha256", signet_certificate_info_get_sha256 (certificate));
  signet_cli_add_string (builder, "subject", signet_certificate_info_get_subject (certificate));
  signet_cli_add_string (builder, "issuer", signet_certificate_info_get_issuer (certificate));
  signet_cli_add_string (builder, "not-before", signet_certificate_info_get_not_before (certificate));
  signet_cli_add_string (builder, "not-after", signet_certificate_info_get_not_after (certificate));
  signet_cli_add_string (builder, "problem", signet_certificate_info_get_problem (certificate));
}

/* With @problem, also what is wrong with the certificate. */
static void
print_certificate (const SignetCertificateInfo *certificate,
                   gboolean                     problem)
{
  const SignetCliField fields[] = {
    /* Translators: the labels of a server certificate's details, one a
     * line, the values lined up after the longest label (no padding
     * needed).  Subject: whom it is issued to, in X.509 notation. */
    { _("Subject:"), signet_certificate_info_get_subject (certificate) },
    /* Translators: who issued the certificate, in X.509 notation. */
    { _("Issuer:"), signet_certificate_info_get_issuer (certificate) },
    /* Translators: followed by the first day the certificate can be used. */
    { _("Valid from:"), signet_certificate_info_get_not_before (certificate) },
    /* Translators: followed by the last day the certificate can be used. */
    { _("Valid until:"), signet_certificate_info_get_not_after (certificate) },
    /* Translators: followed by the certificate's SHA-256 fingerprint. */
    { _("SHA-256:"), signet_certificate_info_get_sha256 (certificate) },
    /* Translators: what is wrong with a certificate, such as "It has expired". */
    { _("Problem:"), problem ? signet_certificate_info_get_problem (certificate) : NULL },
  };

  signet_cli_print_fields (TRUE, fields, G_N_ELEMENTS (fields));
}

/* Reports @error in the chosen format and returns the exit code. */
int
signet_cli_report_error (const SignetCliOptions      *options,
                         const GError                *error,
                         const SignetStanzaError     *server_error,
                         const SignetCertificateInfo *certificate)
{
  gboolean untrusted = g_error_matches (error, SIGNET_CONNECTION_ERROR,
                                        SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = NULL;

      if (server_error != NULL)
        builder = signet_cli_begin_error (signet_stanza_error_get_condition (server_error),
                                          signet_stanza_error_get_error_type (server_error),
                                          signet_stanza_error_get_text (server_error));
      else
        /* With --trust given, a certificate still untrusted is another one. */
        builder = signet_cli_begin_error (untrusted && options->trust != NULL
                                          ? "certificate-mismatch" : local_condition (error),
                                          "cancel", NULL);
      signet_cli_add_string (builder, "message", error->message);
      if (untrusted && certificate != NULL)
        add_certificate_members (builder, certificate);
      signet_cli_print_answer (builder);
    }
  else
    {
      g_printerr ("%s\n", error->message);
      if (server_error != NULL && signet_stanza_error_get_text (server_error) != NULL)
        g_printerr (_("The server said: “%s”\n"), signet_stanza_error_get_text (server_error));
      if (untrusted && certificate != NULL)
        {
          print_certificate (certificate, FALSE);
          g_printerr (_("If you trust this server, check the fingerprint with its administrator "
                        "and run the command again with --trust %s\n"),
                      signet_certificate_info_get_sha256 (certificate));
        }
    }

  return signet_cli_exit_code_for (error);
}

void
signet_cli_on_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
signet_cli_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

gboolean
signet_cli_is_interactive (const SignetCliOptions *options)
{
  return !options->json && isatty (STDIN_FILENO) && isatty (STDERR_FILENO);
}

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Reads a line while the main loop keeps running: the key is being made in
 * the background while a person reads their SMS. */
char *
signet_cli_prompt_line (const char *question)
{
  static GDataInputStream *input;
  g_autoptr(GAsyncResult) result = NULL;
  char *line;

  if (input == NULL)
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);

      input = g_data_input_stream_new (in);
    }

  g_printerr ("%s", question);
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, NULL, on_line_read, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  line = g_data_input_stream_read_line_finish_utf8 (input, result, NULL, NULL);
  return line ? g_strstrip (line) : NULL;
}

gboolean
signet_cli_prompt_yes_no (const char *question)
{
  g_autofree char *answer = signet_cli_prompt_line (question);
  g_autofree char *folded = answer ? g_utf8_casefold (answer, -1) : NULL;
  /* Translators: the affirmative answer to a yes/no prompt, in full. */
  g_autofree char *yes = g_utf8_casefold (_("yes"), -1);
  /* Translators: the one-letter affirmative answer to a yes/no prompt, as
   * shown in "[y/N]" in your translation of the questions. */
  g_autofree char *y = g_utf8_casefold (C_("yes-no answer", "y"), -1);

  /* English answers always work: people type them whatever the locale. */
  return folded != NULL && (g_str_equal (folded, "y") || g_str_equal (folded, "yes") ||
                            g_str_equal (folded, yes) || g_str_equal (folded, y));
}

/* A line from standard input.  With @ask on a terminal, @question is asked
 * and what is typed is not echoed; scripts pipe the line in unasked. */
char *
signet_cli_read_hidden_line (gboolean    ask,
                             const char *question)
{
  struct termios saved, quiet;
  char *line;

  if (!ask || !isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &saved) != 0)
    return signet_cli_prompt_line ("");

  quiet = saved;
  quiet.c_lflag &= ~ECHO;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  line = signet_cli_prompt_line (question);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");

  return line;
}

/* Overwrites @secret (a password, a token) before freeing it. */
void
signet_cli_free_secret (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

SignetConnection *
signet_cli_make_connection (const SignetCliOptions *options,
                            GError                **error)
{
  g_autoptr(SignetConnection) connection = signet_connection_new_for_domain (options->server, error);

  if (connection == NULL)
    return NULL;

  if (options->host != NULL &&
      !signet_connection_set_host_and_port (connection, options->host, error))
    return NULL;

  signet_connection_set_direct_tls (connection, options->direct_tls);
  if (options->timeout > 0)
    signet_connection_set_timeout (connection, options->timeout);

  /* --trust, or a certificate the person accepted: for this run only,
   * never pinned. */
  if (options->trust != NULL)
    {
      g_autoptr(SignetTrustStore) trust = signet_trust_store_new (NULL);

      if (!signet_trust_store_trust_temporarily (trust, options->server, options->trust, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--trust expects a SHA-256 fingerprint: 64 hexadecimal digits."));
          return NULL;
        }
      signet_trust_store_apply (trust, connection);
    }

  return g_steal_pointer (&connection);
}

SignetPhoneNumber *
signet_cli_parse_phone (SignetCliOptions *options,
                        GError          **error)
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

      if (signet_cli_is_interactive (options))
        {
          g_printerr ("%s\n", warning);
          if (signet_cli_prompt_yes_no (_("Use it anyway? [y/N] ")))
            return g_steal_pointer (&number);
        }

      g_set_error (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_INVALID_LENGTH,
                   "%s %s", warning, _("Pass --allow-unlisted to use it anyway."));
      return NULL;
    }

  return g_steal_pointer (&number);
}

gboolean
signet_cli_ask_to_trust (const SignetCliOptions      *options,
                         const SignetCertificateInfo *certificate)
{
  if (!signet_cli_is_interactive (options) || certificate == NULL)
    return FALSE;

  g_printerr (_("The server’s certificate is not trusted by this system:\n"));
  print_certificate (certificate, TRUE);

  return signet_cli_prompt_yes_no (_("Trust this exact certificate for this request? [y/N] "));
}

gboolean
signet_cli_ask_to_pin (const SignetCliOptions      *options,
                       const SignetCertificateInfo *certificate,
                       const char                  *server)
{
  g_autofree char *prompt = NULL;

  if (!signet_cli_is_interactive (options) || certificate == NULL)
    return FALSE;

  g_printerr (_("The server’s certificate is not trusted by this system:\n"));
  print_certificate (certificate, TRUE);

  /* Translators: %s is a server's domain; y and N are the answers. */
  prompt = g_strdup_printf (_("Trust this exact certificate for %s from now on, here and in the wizard? [y/N] "),
                            server);
  return signet_cli_prompt_yes_no (prompt);
}

static gboolean
run_probe (SignetServerProbe *probe,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_server_probe_run_async (probe, NULL, signet_cli_on_done, &result);
  return signet_server_probe_run_finish (probe, signet_cli_wait (&result), error);
}

/* Probes the server on one connection; asks to trust an unknown certificate once. */
SignetServerProbe *
signet_cli_open_probe (SignetCliOptions *options,
                       GError          **error)
{
  g_autoptr(SignetConnection) connection = signet_cli_make_connection (options, error);
  g_autoptr(SignetServerProbe) probe = NULL;
  g_autoptr(GError) local_error = NULL;
  const SignetCertificateInfo *certificate;

  if (connection == NULL)
    return NULL;

  probe = signet_server_probe_new (connection);
  if (run_probe (probe, &local_error))
    return g_steal_pointer (&probe);

  certificate = signet_server_probe_get_certificate (probe);
  if (g_error_matches (local_error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED) &&
      signet_cli_ask_to_trust (options, certificate))
    {
      /* Kept in the options: later connections (the first login) trust it too. */
      g_free (options->trust);
      options->trust = g_strdup (signet_certificate_info_get_sha256 (certificate));
      g_clear_object (&connection);
      g_clear_object (&probe);
      g_clear_error (&local_error);

      connection = signet_cli_make_connection (options, error);
      if (connection == NULL)
        return NULL;
      probe = signet_server_probe_new (connection);
      if (run_probe (probe, &local_error))
        return g_steal_pointer (&probe);
    }

  /* Keep the probe so the caller can read the certificate. */
  g_propagate_error (error, g_steal_pointer (&local_error));
  return g_steal_pointer (&probe);
}

/* Probes the server and goes on with its Kontalk registration form. */
SignetRegistration *
signet_cli_open_registration (SignetCliOptions *options,
                              GError          **error)
{
  g_autoptr(GError) probe_error = NULL;
  g_autoptr(SignetServerProbe) probe = signet_cli_open_probe (options, &probe_error);
  g_autoptr(SignetRegistration) registration = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (probe == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&probe_error));
      return NULL;
    }

  /* The fetch takes what the probe found, failure included. */
  registration = signet_registration_new_for_probe (probe);
  signet_registration_fetch_form_async (registration, NULL, signet_cli_on_done, &result);
  signet_registration_fetch_form_finish (registration, signet_cli_wait (&result), error);

  /* Kept on failure too, so the caller can read the certificate and server error. */
  return g_steal_pointer (&registration);
}
