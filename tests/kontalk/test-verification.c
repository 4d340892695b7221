/* test-verification.c: the code step, the certified key and the first login
 * against signet-devserver, with real GnuPG in a temporary home.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "signet-registration.h"
#include "signet-test-server.h"
#include "signet-verification.h"

#define NUMBER "+393471234567"

typedef struct
{
  SignetTestServer   *server;
  SignetConnection   *settings;
  SignetRegistration *registration;
  SignetChallenge    *challenge;
  SignetPersonalKey  *key;
  SignetVerification *verification;
  char               *home;
} Fixture;

static void
fixture_start (Fixture            *fixture,
               const char * const *args)
{
  memset (fixture, 0, sizeof *fixture);
  fixture->server = signet_test_server_start (args);
  fixture->settings = signet_connection_new (signet_test_server_get_domain (fixture->server));
  g_assert_true (signet_connection_set_host_and_port (fixture->settings,
                                                      signet_test_server_get_host_and_port (fixture->server),
                                                      NULL));
  signet_connection_set_trusted_sha256 (fixture->settings, signet_test_server_get_sha256 (fixture->server));
  signet_connection_set_timeout (fixture->settings, 20);
  fixture->registration = signet_registration_new (fixture->settings);
  fixture->home = g_build_filename (g_get_user_data_dir (), "signet", "gnupg", NULL);
}

static void
fixture_stop (Fixture *fixture)
{
  g_clear_object (&fixture->verification);
  g_clear_object (&fixture->challenge);
  g_clear_object (&fixture->key);
  g_clear_object (&fixture->registration);
  g_clear_object (&fixture->settings);
  signet_personal_key_stop_agent (fixture->home, NULL);
  g_clear_pointer (&fixture->home, g_free);
  signet_test_server_stop (fixture->server);
}

/* The request step with key generation started at once, as the wizard does. */
static void
request_and_generate (Fixture           *fixture,
                      const char        *e164,
                      SignetRequestFlags flags,
                      int                challenge)
{
  g_autoptr(GAsyncResult) requested = NULL;
  g_autoptr(GAsyncResult) generated = NULL;
  g_autoptr(GError) error = NULL;

  signet_registration_request_async (fixture->registration, e164, flags, challenge, NULL, signet_test_async_callback, &requested);
  fixture->challenge = signet_registration_request_finish (fixture->registration, signet_test_async_wait (&requested),
                                                           &error);
  g_assert_no_error (error);

  signet_personal_key_generate_async (fixture->home, "Test Person", e164,
                                      signet_test_server_get_domain (fixture->server),
                                      NULL, signet_test_async_callback, &generated);
  fixture->key = signet_personal_key_generate_finish (signet_test_async_wait (&generated), &error);
  g_assert_no_error (error);

  fixture->verification = signet_verification_new (fixture->settings, fixture->key);
}

static gboolean
submit (Fixture    *fixture,
        const char *code,
        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_verification_submit_code_async (fixture->verification, code, NULL, signet_test_async_callback, &result);
  return signet_verification_submit_code_finish (fixture->verification, signet_test_async_wait (&result), error);
}

static gboolean
login (Fixture *fixture,
       GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_verification_login_async (fixture->verification, NULL, signet_test_async_callback, &result);
  return signet_verification_login_finish (fixture->verification, signet_test_async_wait (&result), error);
}

static void
assert_registered (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *login_line = NULL;

  g_assert_true (login (fixture, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (signet_verification_get_bound_jid (fixture->verification),
                                   signet_personal_key_get_jid (fixture->key)));

  login_line = g_strdup_printf ("LOGIN %s", signet_personal_key_get_jid (fixture->key));
  g_assert_nonnull (strstr (signet_test_server_get_output (fixture->server), login_line));
}

static void
assert_certified_by_server (Fixture *fixture)
{
  const char *server_fingerprint = signet_verification_get_server_fingerprint (fixture->verification);
  const char *certifier = signet_verification_get_certifier_key_id (fixture->verification);

  g_assert_true (signet_verification_get_certification_verified (fixture->verification));
  g_assert_nonnull (server_fingerprint);
  g_assert_cmpuint (strlen (server_fingerprint), ==, 40);
  /* A key id is the end of the fingerprint. */
  g_assert_nonnull (certifier);
  g_assert_true (g_str_has_suffix (server_fingerprint, certifier));
}

static void
test_pin (void)
{
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  fixture_start (&fixture, NULL);
  request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_PIN);

  code = signet_test_server_wait_for_code (fixture.server, NUMBER);
  g_assert_true (submit (&fixture, code, &error));
  g_assert_no_error (error);
  assert_certified_by_server (&fixture);
  assert_registered (&fixture);

  fixture_stop (&fixture);
}

static guint
count_lines (const char *text,
             const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint count = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    count += g_str_has_prefix (lines[i], prefix);

  return count;
}

/* The server prints a line when it has done something, which reaches this
 * process while the main loop runs. */
static void
wait_for_server_line (Fixture    *fixture,
                      const char *prefix)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (count_lines (signet_test_server_get_output (fixture->server), prefix) == 0 &&
         g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  g_assert_cmpuint (count_lines (signet_test_server_get_output (fixture->server), prefix), ==, 1);
}

/* The first login needs only the key as the server sent it back, so it
 * runs while GnuPG imports that key: when the code step is done the server
 * has seen the login, and the login call makes no second one. */
static void
test_login_during_import (void)
{
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *login_line = NULL;

  fixture_start (&fixture, NULL);
  request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_PIN);
  code = signet_test_server_wait_for_code (fixture.server, NUMBER);
  g_assert_true (submit (&fixture, code, &error));
  g_assert_no_error (error);

  login_line = g_strdup_printf ("LOGIN %s", signet_personal_key_get_jid (fixture.key));
  wait_for_server_line (&fixture, login_line);
  assert_registered (&fixture);
  g_assert_cmpuint (count_lines (signet_test_server_get_output (fixture.server), login_line), ==, 1);

  fixture_stop (&fixture);
}

static void
cancel_on_notify (GObject      *object,
                  GParamSpec   *pspec,
                  GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* Cancelled as the code reply is read: the code is spent, the step says it
 * was cancelled (not that the key is wrong), and the key the server sent
 * back is enough to finish without the code. */
static void
test_cancel_after_code (void)
{
  Fixture fixture;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *login_line = NULL;

  fixture_start (&fixture, NULL);
  request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_PIN);
  code = signet_test_server_wait_for_code (fixture.server, NUMBER);
  g_signal_connect (fixture.verification, "notify::certified-keyring", G_CALLBACK (cancel_on_notify), cancellable);

  signet_verification_submit_code_async (fixture.verification, code, cancellable, signet_test_async_callback, &result);
  g_assert_false (signet_verification_submit_code_finish (fixture.verification, signet_test_async_wait (&result),
                                                          &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  login_line = g_strdup_printf ("LOGIN %s", signet_personal_key_get_jid (fixture.key));
  g_assert_null (strstr (signet_test_server_get_output (fixture.server), login_line));
  g_assert_nonnull (signet_verification_get_certified_keyring (fixture.verification));

  signet_verification_import_async (fixture.verification, NULL, signet_test_async_callback, &result);
  g_assert_true (signet_verification_import_finish (fixture.verification, signet_test_async_wait (&result), &error));
  g_assert_no_error (error);
  assert_certified_by_server (&fixture);
  assert_registered (&fixture);

  fixture_stop (&fixture);
}

static void
test_missed_call (void)
{
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  fixture_start (&fixture, NULL);
  request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_MISSED_CALL);
  g_assert_cmpint (signet_challenge_get_challenge_type (fixture.challenge), ==, SIGNET_CHALLENGE_MISSED_CALL);

  code = signet_test_server_wait_for_code (fixture.server, NUMBER);
  g_assert_cmpuint (strlen (code), ==, signet_challenge_get_code_length (fixture.challenge));
  g_assert_true (submit (&fixture, code, &error));
  g_assert_no_error (error);
  assert_registered (&fixture);

  fixture_stop (&fixture);
}

static void
test_caller_id (void)
{
  const char *args[] = { "--default-challenge", "callerid", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;

  fixture_start (&fixture, args);
  request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_NONE, -1);
  g_assert_cmpint (signet_challenge_get_challenge_type (fixture.challenge), ==, SIGNET_CHALLENGE_CALLER_ID);

  /* No code: the server checks the call. */
  g_assert_true (submit (&fixture, NULL, &error));
  g_assert_no_error (error);
  assert_registered (&fixture);

  fixture_stop (&fixture);
}

static void
test_wrong_then_right_code (void)
{
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;

  fixture_start (&fixture, NULL);
  request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_PIN);
  code = signet_test_server_wait_for_code (fixture.server, NUMBER);
  wrong = g_strdup (code);
  wrong[0] = wrong[0] == '9' ? '0' : wrong[0] + 1;

  g_assert_false (submit (&fixture, wrong, &error));
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CODE_REFUSED);
  g_assert_cmpstr (signet_stanza_error_get_text (signet_verification_get_server_error (fixture.verification)),
                   ==, "Invalid verification code.");
  g_clear_error (&error);

  g_assert_true (submit (&fixture, code, &error));
  g_assert_no_error (error);
  assert_registered (&fixture);

  fixture_stop (&fixture);
}

static void
test_expired_code (void)
{
  const char *args[] = { "--code-expiry", "1", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  fixture_start (&fixture, args);
  request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_PIN);
  code = signet_test_server_wait_for_code (fixture.server, NUMBER);
  g_usleep (1500 * G_TIME_SPAN_MILLISECOND);

  g_assert_false (submit (&fixture, code, &error));
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CODE_REFUSED);

  fixture_stop (&fixture);
}

static void
test_unknown_request (void)
{
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) generated = NULL;

  /* A key for a number the server never sent a code to. */
  fixture_start (&fixture, NULL);
  signet_personal_key_generate_async (fixture.home, "Test Person", NUMBER, "localhost", NULL, signet_test_async_callback, &generated);
  fixture.key = signet_personal_key_generate_finish (signet_test_async_wait (&generated), &error);
  g_assert_no_error (error);
  fixture.verification = signet_verification_new (fixture.settings, fixture.key);

  g_assert_false (submit (&fixture, "123456", &error));
  g_assert_true (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CODE_REFUSED) ||
                 g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_KEY_REFUSED));

  fixture_stop (&fixture);
}

static void
test_force_replaces_old_account (void)
{
  const char *args[] = { "--registered", NUMBER, NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *unsubscribed = NULL;

  fixture_start (&fixture, args);
  request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_FORCE, -1);
  code = signet_test_server_wait_for_code (fixture.server, NUMBER);
  g_assert_true (submit (&fixture, code, &error));
  g_assert_no_error (error);

  /* The old account is gone and its contacts were told. */
  unsubscribed = g_strdup_printf ("UNSUBSCRIBED %s", signet_personal_key_get_jid (fixture.key));
  g_assert_nonnull (strstr (signet_test_server_get_output (fixture.server), unsubscribed));
  assert_registered (&fixture);

  fixture_stop (&fixture);
}

static void
test_garbage_instead_of_key (void)
{
  const char *args[] = { "--garbage-key", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  fixture_start (&fixture, args);
  request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_PIN);
  code = signet_test_server_wait_for_code (fixture.server, NUMBER);

  g_assert_false (submit (&fixture, code, &error));
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE);
  g_assert_null (signet_verification_get_certifier_key_id (fixture.verification));

  fixture_stop (&fixture);
}

static void
test_certification_missing (void)
{
  const char *args[] = { "--no-certify", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  fixture_start (&fixture, args);
  request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_PIN);
  code = signet_test_server_wait_for_code (fixture.server, NUMBER);

  g_assert_false (submit (&fixture, code, &error));
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_NOT_CERTIFIED);

  fixture_stop (&fixture);
}

static void
test_login_refused_then_retried (void)
{
  const char *args[] = { "--refuse-login", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  fixture_start (&fixture, args);
  request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_PIN);
  code = signet_test_server_wait_for_code (fixture.server, NUMBER);
  g_assert_true (submit (&fixture, code, &error));
  g_assert_no_error (error);

  g_assert_false (login (&fixture, &error));
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED);
  g_clear_error (&error);

  /* The certified key is kept: the same login can be tried again. */
  g_assert_nonnull (signet_verification_get_certifier_key_id (fixture.verification));
  g_assert_false (login (&fixture, &error));
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED);

  fixture_stop (&fixture);
}

/* In the code step's stream (the server's second connection) the client
 * sends <starttls/> (1), the server key query (2) and the code (3).  Each
 * drop fails the step with a connection error; trying again succeeds. */
static void
test_drop_at_each_element (void)
{
  for (guint element = 1; element <= 3; element++)
    {
      g_autofree char *n = g_strdup_printf ("%u", element);
      const char *args[] = { "--fault-connection", "2", "--drop-after", n, NULL };
      Fixture fixture;
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;

      fixture_start (&fixture, args);
      request_and_generate (&fixture, NUMBER, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_PIN);
      code = signet_test_server_wait_for_code (fixture.server, NUMBER);

      g_assert_false (submit (&fixture, code, &error));
      g_test_message ("drop after %u: %s", element, error->message);
      g_assert_true (error->domain == SIGNET_CONNECTION_ERROR);
      g_clear_error (&error);

      g_assert_true (submit (&fixture, code, &error));
      g_assert_no_error (error);
      assert_registered (&fixture);
      fixture_stop (&fixture);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/verify/pin", test_pin);
  g_test_add_func ("/verify/login-during-import", test_login_during_import);
  g_test_add_func ("/verify/cancel-after-code", test_cancel_after_code);
  g_test_add_func ("/verify/missed-call", test_missed_call);
  g_test_add_func ("/verify/caller-id", test_caller_id);
  g_test_add_func ("/verify/wrong-code", test_wrong_then_right_code);
  g_test_add_func ("/verify/expired", test_expired_code);
  g_test_add_func ("/verify/unknown", test_unknown_request);
  g_test_add_func ("/verify/force", test_force_replaces_old_account);
  g_test_add_func ("/verify/garbage-key", test_garbage_instead_of_key);
  g_test_add_func ("/verify/no-certify", test_certification_missing);
  g_test_add_func ("/verify/login-refused", test_login_refused_then_retried);
  g_test_add_func ("/verify/drop", test_drop_at_each_element);

  return g_test_run ();
}
