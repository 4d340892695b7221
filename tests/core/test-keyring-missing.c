/* test-keyring-missing.c: a sign-up on a desktop session without a keyring
 * service completes, says so, and can store the secret once the service runs.
 * Its own binary: the D-Bus session of the process is a private one.
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

/* Without a keyring service the account still works; storing can be retried. */
static void
test_no_keyring_then_retry (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetConnection) settings = signet_test_server_new_connection (server);
  g_autoptr(SignetSignup) signup = signet_signup_new (settings, "Ada Lovelace", NUMBER);
  g_autoptr(SignetChallenge) challenge = NULL;
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *secret = NULL;
  SignetTestPrivateBus bus = { 0 };
  const GError *keyring_error;

  /* A session with no keyring service at all. */
  signet_test_private_bus_start (&bus);

  challenge = signet_test_signup_request (signup);
  code = signet_test_server_wait_for_code (server, NUMBER);
  account = signet_test_signup_verify (signup, code, &error);
  g_assert_no_error (error);

  keyring_error = signet_signup_get_keyring_error (signup);
  g_assert_error ((GError *) keyring_error, SIGNET_ACCOUNT_STORE_ERROR,
                  SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE);
  g_assert_false (signet_account_get_keyring_stored (account));

  /* The keyring service starts; nothing was lost. */
  signet_test_private_bus_start_keyring (&bus);
  signet_signup_store_secret_async (signup, NULL, signet_test_async_callback, &result);
  g_assert_true (signet_signup_store_secret_finish (signup, signet_test_async_wait (&result), &error));
  g_assert_no_error (error);
  g_assert_null (signet_signup_get_keyring_error (signup));

  secret = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_KONTALK, "localhost", signet_account_get_jid (account));
  g_assert_cmpstr (secret, ==, signet_personal_key_get_passphrase (signet_signup_get_key (signup)));
  signet_test_gnupg_stop_default_agent ();
  signet_test_private_bus_stop (&bus);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/keyring/retry", test_no_keyring_then_retry);

  return g_test_run ();
}
