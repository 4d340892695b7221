/* signet-cli-kontalk.c: the Kontalk phone sign-up from a terminal:
 * request, register (the whole flow) and verify (resume).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-cli-commands.h"
#include "signet-cli-common.h"
#include "signet-cli-validate.h"
#include "signet-core.h"

/* How often a long request step says that it is still waiting. */
#define PROGRESS_INTERVAL_SECONDS 3

static void
print_challenge_json (const SignetCliOptions *options,
                      SignetChallenge        *challenge,
                      SignetPhoneNumber      *number,
                      const char             *method)
{
  g_autoptr(JsonBuilder) builder = signet_cli_begin_result ();
  SignetChallengeType type = signet_challenge_get_challenge_type (challenge);

  signet_cli_add_string (builder, "server", options->server);
  signet_cli_add_string (builder, "phone", signet_phone_number_get_e164 (number));
  signet_cli_add_string (builder, "challenge", signet_challenge_type_to_string (type));
  signet_cli_add_string (builder, "from", signet_challenge_get_sender (challenge));
  json_builder_set_member_name (builder, "code-length");
  json_builder_add_int_value (builder, signet_challenge_get_code_length (challenge));
  json_builder_set_member_name (builder, "can-fallback");
  json_builder_add_boolean_value (builder, signet_challenge_get_can_fallback (challenge));
  signet_cli_add_string (builder, "instructions", signet_challenge_get_instructions (challenge));
  signet_cli_add_string (builder, "brand-image", signet_challenge_get_brand_image (challenge));
  signet_cli_add_string (builder, "brand-link", signet_challenge_get_brand_link (challenge));
  if (method != NULL)
    signet_cli_add_string (builder, "method", method);
  signet_cli_print_answer (builder);
}

static void
print_challenge_for (const SignetCliOptions *options,
                     SignetChallenge        *challenge,
                     SignetPhoneNumber      *number,
                     const char             *method)
{
  SignetChallengeType type = signet_challenge_get_challenge_type (challenge);
  guint length;

  if (options->json)
    {
      print_challenge_json (options, challenge, number, method);
      return;
    }

  g_print (_("Verification requested for %s.\n"), signet_phone_number_get_international (number));
  if (signet_challenge_get_instructions (challenge) != NULL)
    g_print ("%s\n", signet_challenge_get_instructions (challenge));

  switch (type)
    {
    case SIGNET_CHALLENGE_PIN:
      length = signet_challenge_get_code_length (challenge);
      g_print (ngettext ("A %u-digit code will arrive by SMS or voice call from “%s”.\n",
                         "A %u-digit code will arrive by SMS or voice call from “%s”.\n", length),
               length, signet_challenge_get_sender (challenge));
      break;
    case SIGNET_CHALLENGE_MISSED_CALL:
      length = signet_challenge_get_code_length (challenge);
      g_print (ngettext ("You will get a call from a number like %s. Do not answer it: "
                         "the last digit of the calling number is your code.\n",
                         "You will get a call from a number like %s. Do not answer it: "
                         "the last %u digits of the calling number are your code.\n", length),
               signet_challenge_get_sender (challenge), length);
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

static void
print_challenge (const SignetCliOptions *options,
                 SignetChallenge        *challenge,
                 SignetPhoneNumber      *number)
{
  print_challenge_for (options, challenge, number, NULL);
}

static char *
default_display_name (void)
{
  const char *real = g_get_real_name ();

  /* GLib says "Unknown" when the passwd entry has no name. */
  if (real == NULL || *real == '\0' || g_str_equal (real, "Unknown"))
    return g_strdup (g_get_user_name ());

  return g_strdup (real);
}

/* Everything up to a challenge; returns NULL after reporting an error in *status. */
/* The request's options as the machine takes them; FALSE on a usage error. */
static gboolean
request_options (SignetCliOptions   *options,
                 SignetRequestFlags *flags,
                 int                *challenge)
{
  SignetChallengeType challenge_type = SIGNET_CHALLENGE_PIN;

  /* Checked with the other options (signet-cli-validate.c). */
  if (options->challenge != NULL)
    signet_challenge_type_from_string (options->challenge, &challenge_type);

  *challenge = options->challenge ? (int) challenge_type : -1;
  *flags = SIGNET_REQUEST_FLAGS_NONE;
  if (options->force)
    *flags |= SIGNET_REQUEST_FLAGS_FORCE;
  if (options->fallback)
    *flags |= SIGNET_REQUEST_FLAGS_FALLBACK;

  return TRUE;
}

/* Connects and reads the form: a phone sign-up goes on with the machine. */
static SignetSignupFlow *
open_flow (SignetCliOptions *options,
           int              *status)
{
  g_autoptr(SignetRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  registration = signet_cli_open_registration (options, &error);
  if (error != NULL)
    {
      SignetConnection *connection = registration ? signet_registration_get_connection (registration) : NULL;

      *status = signet_cli_report_error (options, error,
                                         registration ? signet_registration_get_server_error (registration) : NULL,
                                         connection ? signet_connection_get_peer_certificate (connection) : NULL);
      return NULL;
    }

  if (signet_registration_get_flow (registration) != SIGNET_REGISTRATION_FLOW_PHONE)
    {
      g_set_error (&error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_NOT_PHONE_FLOW,
                   _("This server does not sign up with phone numbers."));
      *status = signet_cli_report_error (options, error, NULL, NULL);
      return NULL;
    }

  if (signet_registration_get_requires_terms (registration) && !options->accept_terms &&
      signet_cli_is_interactive (options))
    {
      const char *url = signet_registration_get_terms_url (registration);

      g_printerr (_("The server asks you to accept its terms of service: %s\n"), url ? url : "");
      options->accept_terms = signet_cli_prompt_yes_no (_("Do you accept them? [y/N] "));
    }

  return signet_signup_flow_new_for_registration (registration);
}

typedef struct
{
  gint64 started;
  guint source;
} Progress;

static gboolean
on_progress (gpointer user_data)
{
  Progress *progress = user_data;
  guint seconds = (guint) ((g_get_monotonic_time () - progress->started) / G_USEC_PER_SEC);

  /* On stderr: standard output carries only the result. */
  g_printerr (ngettext ("Still waiting for the server to check the number (%u second)…\n",
                        "Still waiting for the server to check the number (%u seconds)…\n", seconds),
              seconds);
  return G_SOURCE_CONTINUE;
}

/* The request step can take long: the server checks the number across its
 * network first.  Say that it is still going every few seconds. */
static void
wait_with_progress (SignetSignupFlow *flow)
{
  Progress progress = { g_get_monotonic_time (), 0 };

  /* Not g_timeout_add_seconds(): it may fire up to a second late, and the
   * first line is due when the wait has lasted the interval. */
  progress.source = g_timeout_add (PROGRESS_INTERVAL_SECONDS * 1000, on_progress, &progress);
  signet_signup_flow_wait (flow);
  g_source_remove (progress.source);
}

static void
on_discarded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  signet_cli_on_done (source, result, user_data);
}

/* A sign-up of another number (or on another server) that waits for its
 * code is not silently replaced: its code would then fail with no hint.
 * With --replace it is discarded, file and keyring item, before going on. */
static gboolean
check_other_pending (SignetCliOptions  *options,
                     SignetPhoneNumber *number,
                     int               *status)
{
  g_autoptr(SignetPendingRegistration) pending = signet_pending_registration_load (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (pending == NULL ||
      (g_strcmp0 (signet_pending_registration_get_phone (pending), signet_phone_number_get_e164 (number)) == 0 &&
       g_ascii_strcasecmp (signet_pending_registration_get_domain (pending), options->server) == 0))
    return TRUE;

  if (options->replace)
    {
      signet_pending_registration_discard_async (pending, NULL, on_discarded, &result);
      if (!signet_pending_registration_discard_finish (pending, signet_cli_wait (&result), &error))
        g_printerr (_("The earlier sign-up is discarded, but its passphrase stays in the keyring: %s\n"),
                    error->message);
      return TRUE;
    }

  /* Translators: the first %s is a phone number, the second a server. */
  message = g_strdup_printf (_("The sign-up of %s on %s is waiting for its code. Finish it with "
                               "“signet-cli verify”, or pass --replace to discard it."),
                             signet_pending_registration_get_phone (pending),
                             signet_pending_registration_get_domain (pending));
  *status = signet_cli_report_local (options, "other-pending", "cancel", "--replace", message,
                                     SIGNET_CLI_EXIT_OTHER_PENDING);
  return FALSE;
}

static SignetSignupFlow *
request_verification (SignetCliOptions   *options,
                      SignetPhoneNumber **number_out,
                      int                *status)
{
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autoptr(SignetSignupFlow) flow = NULL;
  g_autoptr(GError) error = NULL;
  SignetRequestFlags flags;
  int challenge;

  if (options->phone == NULL && signet_cli_is_interactive (options))
    options->phone = signet_cli_prompt_line (_("Phone number (with +country code): "));

  *status = SIGNET_CLI_EXIT_USAGE;
  if (options->phone == NULL || options->server == NULL)
    {
      g_autofree char *message = g_strdup (_("This command needs --server and --phone. See --help.\n"));

      signet_cli_report_usage (options, options->server == NULL ? "--server" : "--phone", g_strchomp (message));
      return NULL;
    }
  if (!request_options (options, &flags, &challenge))
    return NULL;

  number = signet_cli_parse_phone (options, &error);
  if (number == NULL)
    {
      *status = signet_cli_report_error (options, error, NULL, NULL);
      return NULL;
    }
  if (!check_other_pending (options, number, status))
    return NULL;

  if (options->timeout == 0)
    options->timeout = SIGNET_CLI_REQUEST_TIMEOUT;
  flow = open_flow (options, status);
  if (flow == NULL)
    return NULL;

  if (options->name == NULL)
    options->name = default_display_name ();
  signet_signup_flow_accept_terms (flow, options->accept_terms);
  signet_signup_flow_set_request_options (flow, flags, challenge);
  signet_signup_flow_request (flow, options->name, signet_phone_number_get_e164 (number));
  wait_with_progress (flow);
  if (signet_signup_flow_get_step (flow) != SIGNET_SIGNUP_STEP_CHALLENGE)
    {
      *status = signet_cli_report_error (options, signet_signup_flow_get_error (flow),
                                         signet_signup_flow_get_server_error (flow), NULL);
      return NULL;
    }

  *status = SIGNET_CLI_EXIT_OK;
  *number_out = g_steal_pointer (&number);
  return g_steal_pointer (&flow);
}

static void
on_key_work_notified (GObject    *object,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  gboolean *notified = user_data;

  *notified = TRUE;
}

static gboolean
key_work_settled (SignetSignup *signup)
{
  gboolean resumable = signet_signup_get_resumable (signup) || signet_signup_get_resume_error (signup) != NULL;

  return resumable && signet_signup_get_key_settled (signup);
}

/* The key is made in the background; a request that ends the process must
 * wait until it is saved, so that a later "verify" finds it, and until the
 * code step's preparation has left its thread: exiting while that thread
 * is inside OpenSSL crashed the process after it had printed its result. */
static gboolean
wait_until_resumable (SignetSignup *signup,
                      GError      **error)
{
  gboolean notified = FALSE;
  gulong resumable_handler = g_signal_connect (signup, "notify::resumable", G_CALLBACK (on_key_work_notified),
                                               &notified);
  gulong ready_handler = g_signal_connect (signup, "notify::key-ready", G_CALLBACK (on_key_work_notified),
                                           &notified);

  while (!key_work_settled (signup))
    {
      notified = FALSE;
      while (!notified)
        g_main_context_iteration (NULL, TRUE);
    }

  g_signal_handler_disconnect (signup, resumable_handler);
  g_signal_handler_disconnect (signup, ready_handler);

  if (signet_signup_get_resume_error (signup) != NULL)
    {
      g_propagate_error (error, g_error_copy (signet_signup_get_resume_error (signup)));
      return FALSE;
    }

  return TRUE;
}

int
signet_cli_run_request (SignetCliOptions *options)
{
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autoptr(SignetSignupFlow) flow = NULL;
  g_autoptr(GError) error = NULL;
  int status = SIGNET_CLI_EXIT_OK;

  flow = request_verification (options, &number, &status);
  if (flow == NULL)
    return status;

  print_challenge (options, signet_signup_flow_get_challenge (flow), number);
  if (!options->json)
    g_print (_("When the code arrives, run “signet-cli verify”.\n"));

  if (!wait_until_resumable (signet_signup_flow_get_signup (flow), &error))
    {
      g_printerr (_("The sign-up cannot be continued by “signet-cli verify”: %s\n"), error->message);
      g_printerr (_("Use “signet-cli register”, which waits for the code in one go.\n"));
      return SIGNET_CLI_EXIT_FAILED;
    }

  return SIGNET_CLI_EXIT_OK;
}

/* The code from --code, or asked for (read from standard input for scripts). */
static char *
read_code (SignetCliOptions *options,
           SignetChallenge  *challenge)
{
  if (challenge != NULL && signet_challenge_get_challenge_type (challenge) == SIGNET_CHALLENGE_CALLER_ID)
    {
      if (signet_cli_is_interactive (options))
        g_free (signet_cli_prompt_line (_("Press Enter after you have called. ")));
      return NULL;
    }

  if (options->code != NULL)
    return g_strdup (options->code);

  /* Translators: asks for the verification code the server sent. */
  return signet_cli_prompt_line (signet_cli_is_interactive (options) ? _("Code: ") : "");
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
print_account (const SignetCliOptions *options,
               SignetSignup           *signup,
               SignetAccount          *account)
{
  SignetVerification *verification = signet_signup_get_verification (signup);
  const GError *keyring_error = signet_signup_get_keyring_error (signup);
  const char *server_fingerprint = signet_verification_get_server_fingerprint (verification);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = signet_cli_begin_result ();

      signet_cli_add_account (builder, account);
      signet_cli_add_string (builder, "certified-by", signet_verification_get_certifier_key_id (verification));
      signet_cli_add_string (builder, "server-fingerprint", server_fingerprint);
      json_builder_set_member_name (builder, "certification-verified");
      json_builder_add_boolean_value (builder, signet_verification_get_certification_verified (verification));
      json_builder_set_member_name (builder, "keyring-stored");
      json_builder_add_boolean_value (builder, keyring_error == NULL);
      signet_cli_add_string (builder, "keyring-error", keyring_error ? keyring_error->message : NULL);
      json_builder_set_member_name (builder, "timings");
      json_builder_begin_object (builder);
      add_int (builder, "key-generation-us", signet_signup_get_key_generation_time (signup));
      add_int (builder, "key-wait-us", signet_signup_get_key_wait_time (signup));
      add_int (builder, "verify-us", signet_signup_get_verify_time (signup));
      json_builder_end_object (builder);
      signet_cli_print_answer (builder);
      return;
    }

  /* Translators: %s is the new account's address, such as ada@example.org. */
  g_print (_("Registered: %s\n"), signet_account_get_jid (account));
  g_print (_("Key fingerprint: %s\n"), signet_account_get_fingerprint (account));
  if (signet_verification_get_certification_verified (verification))
    g_print (_("Certified by the server’s key %s\n"), server_fingerprint);
  else
    g_print (_("Certified by key %s; the server did not publish its key, so the certification "
               "could not be verified.\n"), signet_verification_get_certifier_key_id (verification));

  if (keyring_error == NULL)
    g_print (_("The key’s passphrase is in your keyring.\n"));
  else
    g_printerr (_("Your account works, but the key’s passphrase is not in your keyring: %s\n"),
                keyring_error->message);
}

/* After the code step: the account, or why the login failed.  The server
 * took the code and certified the key, so a later "verify" logs in again
 * without one. */
static int
report_login (SignetCliOptions *options,
              SignetSignupFlow *flow)
{
  int status;

  if (signet_signup_flow_get_step (flow) == SIGNET_SIGNUP_STEP_DONE)
    {
      print_account (options, signet_signup_flow_get_signup (flow), signet_signup_flow_get_account (flow));
      return SIGNET_CLI_EXIT_OK;
    }

  status = signet_cli_report_error (options, signet_signup_flow_get_error (flow),
                                    signet_signup_flow_get_server_error (flow), NULL);
  if (!options->json)
    g_printerr (_("The server accepted the code. Run “signet-cli verify” to log in again; "
                  "no code is needed.\n"));
  return status;
}

/* The code to send, in @code: typed or given, then checked and normalized
 * (NULL for a caller-id check).  FALSE with @status set to stop, or with
 * @status 0 to ask again. */
static gboolean
take_code (SignetCliOptions *options,
           SignetChallenge  *challenge,
           char            **code,
           int              *status)
{
  g_autofree char *typed = read_code (options, challenge);
  g_autoptr(GError) error = NULL;
  /* A missed call's code is the end of the calling number: typing the
   * whole number works too, so only a PIN has an exact length. */
  guint length = challenge != NULL && signet_challenge_get_challenge_type (challenge) == SIGNET_CHALLENGE_PIN
                 ? signet_challenge_get_code_length (challenge) : 0;

  if (challenge != NULL && signet_challenge_get_challenge_type (challenge) == SIGNET_CHALLENGE_CALLER_ID)
    return TRUE;

  if (typed == NULL)
    {
      *status = signet_cli_report_usage (options, "--code",
                                         _("No code was given: pass --code CODE or type it on standard input."));
      return FALSE;
    }

  /* Translators: names the code a person typed in an error message, as
   * in "The code must have 6 digits." */
  *code = signet_cli_normalize_code (options->code != NULL ? "--code" : _("The code"), typed, length, &error);
  memset (typed, 0, strlen (typed));
  if (*code != NULL)
    return TRUE;

  if (options->code == NULL && signet_cli_is_interactive (options))
    g_printerr ("%s\n", error->message);
  else
    *status = signet_cli_report_usage (options, "--code", error->message);
  return FALSE;
}

/* A caller-ID check has no code: the server refusing it means that its
 * provider has not seen the call (yet), not that a code is wrong. */
static gboolean
is_call_not_seen (SignetChallenge *challenge,
                  const GError    *error)
{
  return challenge != NULL && signet_challenge_get_challenge_type (challenge) == SIGNET_CHALLENGE_CALLER_ID &&
         g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CODE_REFUSED);
}

static int
report_call_not_seen (const SignetCliOptions *options)
{
  return signet_cli_report_local (options, "call-not-seen", "wait", NULL,
                                  _("The server has not seen your call yet. Call the number from the "
                                    "phone you are registering, wait for it to hang up, then try again "
                                    "with “signet-cli verify”."),
                                  SIGNET_CLI_EXIT_CALL_NOT_SEEN);
}

/* Submits codes until one is accepted (interactive) or one attempt (scripts). */
static int
verify (SignetCliOptions *options,
        SignetSignupFlow *flow)
{
  while (TRUE)
    {
      SignetChallenge *challenge = signet_signup_flow_get_challenge (flow);
      g_autofree char *code = NULL;
      const GError *error;
      int status = SIGNET_CLI_EXIT_OK;

      if (!take_code (options, challenge, &code, &status))
        {
          if (status != SIGNET_CLI_EXIT_OK)
            return status;
          continue;
        }

      signet_signup_flow_verify (flow, code);
      signet_signup_flow_wait (flow);
      if (code != NULL)
        memset (code, 0, strlen (code));

      if (signet_signup_flow_get_step (flow) == SIGNET_SIGNUP_STEP_DONE ||
          signet_signup_flow_get_step (flow) == SIGNET_SIGNUP_STEP_VERIFY)
        return report_login (options, flow);

      error = signet_signup_flow_get_error (flow);
      if (is_call_not_seen (challenge, error) && (options->code != NULL || !signet_cli_is_interactive (options)))
        return report_call_not_seen (options);
      if (is_call_not_seen (challenge, error))
        {
          report_call_not_seen (options);
          continue;
        }
      if (!g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CODE_REFUSED) ||
          options->code != NULL || !signet_cli_is_interactive (options))
        return signet_cli_report_error (options, error, signet_signup_flow_get_server_error (flow), NULL);

      g_printerr ("%s\n", error->message);
    }
}

int
signet_cli_run_register (SignetCliOptions *options)
{
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autoptr(SignetSignupFlow) flow = NULL;
  int status = SIGNET_CLI_EXIT_OK;

  flow = request_verification (options, &number, &status);
  if (flow == NULL)
    return status;

  if (!options->json)
    print_challenge (options, signet_signup_flow_get_challenge (flow), number);

  return verify (options, flow);
}

/* verify takes the connection options of every command; those not given
 * stay what the pending sign-up knows. */
static gboolean
apply_connection_options (const SignetCliOptions    *options,
                          SignetPendingRegistration *pending,
                          int                       *status)
{
  const char *domain = signet_pending_registration_get_domain (pending);

  if (options->server != NULL && g_ascii_strcasecmp (options->server, domain) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("--server must be %s, the server of the pending "
                                                    "sign-up, or be left out."), domain);

      *status = signet_cli_report_usage (options, "--server", message);
      return FALSE;
    }

  if (options->host != NULL)
    {
      g_autoptr(SignetConnection) scratch = signet_connection_new (domain);

      /* Checked with the other options: it parses. */
      signet_connection_set_host_and_port (scratch, options->host, NULL);
      signet_pending_registration_set_host (pending, signet_connection_get_host (scratch),
                                            signet_connection_get_port (scratch));
    }
  if (options->trust != NULL)
    signet_pending_registration_set_trusted_sha256 (pending, options->trust);
  if (options->direct_tls)
    signet_pending_registration_set_direct_tls (pending, TRUE);
  if (options->timeout > 0)
    signet_pending_registration_set_timeout (pending, options->timeout);

  return TRUE;
}

int
signet_cli_run_verify (SignetCliOptions *options)
{
  g_autoptr(SignetPendingRegistration) pending = NULL;
  g_autoptr(SignetSignupFlow) flow = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  pending = signet_pending_registration_load (&error);
  if (pending == NULL)
    {
      status = signet_cli_report_error (options, error, NULL, NULL);

      return g_error_matches (error, SIGNET_PENDING_REGISTRATION_ERROR, SIGNET_PENDING_REGISTRATION_ERROR_NOT_FOUND)
             ? SIGNET_CLI_EXIT_NOTHING_PENDING : status;
    }

  if (!apply_connection_options (options, pending, &status))
    return status;

  flow = signet_signup_flow_new_for_pending (pending);
  if (!options->json && signet_cli_is_interactive (options))
    g_print (_("Continuing the sign-up on %s.\n"), signet_pending_registration_get_domain (pending));

  /* The code was taken by an earlier run: the machine is logging in. */
  if (signet_signup_flow_get_step (flow) == SIGNET_SIGNUP_STEP_VERIFY)
    {
      signet_signup_flow_wait (flow);
      return report_login (options, flow);
    }
  if (signet_signup_flow_get_step (flow) != SIGNET_SIGNUP_STEP_CHALLENGE)
    return signet_cli_report_error (options, signet_signup_flow_get_error (flow), NULL, NULL);

  return verify (options, flow);
}

/* Key packs and linking (signet-cli-keys.c) --------------------------------- */

static SignetChallenge *
request_with_key (SignetCliOptions  *options,
                  SignetSignup      *signup,
                  SignetRequestFlags flags,
                  GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;

  signet_signup_request_async (signup, flags, -1, NULL, signet_cli_on_done, &result);
  challenge = signet_signup_request_finish (signup, signet_cli_wait (&result), error);
  if (challenge == NULL || !wait_until_resumable (signup, error))
    return NULL;

  return g_steal_pointer (&challenge);
}

int
signet_cli_reverify (SignetCliOptions  *options,
                     SignetPersonalKey *key,
                     const char        *e164,
                     gboolean           kept)
{
  g_autoptr(SignetRegistration) registration = NULL;
  g_autoptr(SignetSignup) signup = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autoptr(GError) error = NULL;
  SignetRequestFlags flags = SIGNET_REQUEST_FLAGS_FORCE;
  const char *user_id = signet_personal_key_get_user_id (key);
  g_autofree char *name = g_strndup (user_id, strcspn (user_id, "<"));

  /* Like Android: a key the server no longer takes is certified again
   * after a forced request, which cuts off no other device of this key. */
  registration = signet_cli_open_registration (options, &error);
  if (registration == NULL || error != NULL)
    {
      if (!kept)
        signet_personal_key_delete (key, NULL);
      return signet_cli_report_error (options, error,
                                      registration ? signet_registration_get_server_error (registration) : NULL, NULL);
    }
  if (options->accept_terms)
    flags |= SIGNET_REQUEST_FLAGS_ACCEPT_TERMS;

  signup = signet_signup_new (signet_registration_get_connection (registration), g_strstrip (name), e164);
  signet_signup_use_key (signup, key);
  /* Without a challenge nothing will come back for the imported key: it
   * must not linger in the home (a second import would find it there). */
  challenge = request_with_key (options, signup, flags, &error);
  if (challenge == NULL)
    {
      if (!kept)
        signet_personal_key_delete (key, NULL);
      return signet_cli_report_error (options, error,
                                      signet_registration_get_server_error (signet_signup_get_registration (signup)),
                                      NULL);
    }

  number = signet_phone_number_parse (e164, NULL, NULL);
  print_challenge_for (options, challenge, number, "reverify");
  if (!options->json)
    g_print (_("The server no longer accepts this key: it will certify it again. "
               "When the code arrives, run “signet-cli verify”.\n"));
  return SIGNET_CLI_EXIT_OK;
}
