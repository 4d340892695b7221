/* test-signup.c: the whole phone sign-up as the wizard and the CLI drive it,
 * with the real keyring daemon of the test session and real GnuPG.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-test-gnupg.h"
#include "signet-test-keyring.h"
#include "signet-test-server.h"
#include "signet-test-signup.h"

#define NUMBER "+4915112345678"

static gboolean
pending_file_exists (void)
{
  g_autofree char *path = signet_pending_registration_get_path ();

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
key_ready (gpointer data)
{
  return signet_signup_get_key_ready (data);
}

static gboolean
has_secret (SignetAccountKind kind,
            const char       *jid)
{
  g_autofree char *secret = signet_test_keyring_find_secret (kind, "localhost", jid);

  return secret != NULL;
}

static void
test_whole_flow (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetConnection) settings = signet_test_server_new_connection (server);
  g_autoptr(SignetSignup) signup = signet_signup_new (settings, "Ada Lovelace", NUMBER);
  g_autoptr(SignetChallenge) challenge = NULL;
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(SignetAccount) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *secret = NULL;

  challenge = signet_test_signup_request (signup);
  g_assert_cmpint (signet_challenge_get_challenge_type (challenge), ==, SIGNET_CHALLENGE_PIN);

  /* Until the code is used the sign-up can be resumed by another process. */
  g_assert_true (pending_file_exists ());

  code = signet_test_server_wait_for_code (server, NUMBER);
  account = signet_test_signup_verify (signup, code, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (signet_account_get_jid (account), ==, signet_signup_get_jid (signup));
  g_assert_cmpstr (signet_account_get_phone (account), ==, NUMBER);
  g_assert_cmpstr (signet_account_get_fingerprint (account), ==,
                   signet_personal_key_get_fingerprint (signet_signup_get_key (signup)));
  g_assert_null (signet_signup_get_keyring_error (signup));
  g_assert_true (signet_account_get_keyring_stored (account));

  /* The passphrase is in the keyring, the record on disk, the pending state gone. */
  secret = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_KONTALK, "localhost", signet_account_get_jid (account));
  g_assert_cmpstr (secret, ==, signet_personal_key_get_passphrase (signet_signup_get_key (signup)));
  record = signet_account_store_load (signet_account_get_jid (account), &error);
  g_assert_no_error (error);
  g_assert_true (signet_account_get_keyring_stored (record));
  signet_test_signup_wait_pending_removed ();

  /* The key generation did not hold up the code: it ran while we waited. */
  g_assert_cmpint (signet_signup_get_key_generation_time (signup), >, 0);
  g_test_message ("key generation %" G_GINT64_FORMAT " us, waited %" G_GINT64_FORMAT
                  " us, verify %" G_GINT64_FORMAT " us",
                  signet_signup_get_key_generation_time (signup), signet_signup_get_key_wait_time (signup),
                  signet_signup_get_verify_time (signup));

  signet_test_gnupg_stop_default_agent ();
}

static void
test_resume_from_pending (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetConnection) settings = signet_test_server_new_connection (server);
  g_autoptr(SignetSignup) first = signet_signup_new (settings, "Ada Lovelace", NUMBER);
  g_autoptr(SignetSignup) resumed = NULL;
  g_autoptr(SignetPendingRegistration) pending = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *fingerprint = NULL;

  challenge = signet_test_signup_request (first);
  signet_test_async_wait_for (key_ready, first, SIGNET_TEST_ASYNC_TIMEOUT_SECONDS, "the key");
  fingerprint = g_strdup (signet_personal_key_get_fingerprint (signet_signup_get_key (first)));
  /* The pending passphrase is stored asynchronously: wait for it. */
  while (!has_secret (SIGNET_ACCOUNT_KIND_KONTALK_PENDING, signet_signup_get_jid (first)))
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&first);

  /* As if the window had been closed: everything comes back from disk and keyring. */
  pending = signet_pending_registration_load (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_pending_registration_get_fingerprint (pending), ==, fingerprint);
  resumed = signet_signup_new_from_pending (pending);
  g_assert_cmpint (signet_challenge_get_challenge_type (signet_signup_get_challenge (resumed)), ==,
                   SIGNET_CHALLENGE_PIN);

  /* A wrong code keeps the sign-up resumable. */
  g_assert_null (signet_test_signup_verify (resumed, "000000", &error));
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CODE_REFUSED);
  g_clear_error (&error);
  g_assert_true (pending_file_exists ());

  code = signet_test_server_wait_for_code (server, NUMBER);
  account = signet_test_signup_verify (resumed, code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_account_get_fingerprint (account), ==, fingerprint);

  signet_test_gnupg_stop_default_agent ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/signup/flow", test_whole_flow);
  g_test_add_func ("/signup/resume", test_resume_from_pending);

  return g_test_run ();
}
