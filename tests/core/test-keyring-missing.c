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

#include "signet-signup.h"
#include "signet-test-keyring.h"
#include "signet-test-server.h"

#define NUMBER "+4915112345678"

static SignetChallenge *
request (SignetSignup *signup)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SignetChallenge *challenge;

  signet_signup_request_async (signup, SIGNET_REQUEST_FLAGS_NONE, -1, NULL, signet_test_on_done, &result);
  challenge = signet_signup_request_finish (signup, signet_test_wait_result (&result), &error);
  g_assert_no_error (error);

  return challenge;
}

static SignetAccount *
verify (SignetSignup *signup,
        const char   *code,
        GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_signup_verify_async (signup, code, NULL, signet_test_on_done, &result);
  return signet_signup_verify_finish (signup, signet_test_wait_result (&result), error);
}

static char *
lookup_secret (SignetAccountKind kind,
               const char       *jid)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  signet_account_store_lookup_secret_async (kind, "localhost", jid, NULL, signet_test_on_done, &result);
  secret = signet_account_store_lookup_secret_finish (signet_test_wait_result (&result), &error);
  if (g_error_matches (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND))
    return NULL;
  g_assert_no_error (error);

  return secret;
}

static void
stop_agent (void)
{
  g_autofree char *home = signet_personal_key_get_default_home ();

  signet_personal_key_stop_agent (home, NULL);
}

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

  challenge = request (signup);
  code = signet_test_server_wait_for_code (server, NUMBER);
  account = verify (signup, code, &error);
  g_assert_no_error (error);

  keyring_error = signet_signup_get_keyring_error (signup);
  g_assert_error ((GError *) keyring_error, SIGNET_ACCOUNT_STORE_ERROR,
                  SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE);
  g_assert_false (signet_account_get_keyring_stored (account));

  /* The keyring service starts; nothing was lost. */
  signet_test_private_bus_start_keyring (&bus);
  signet_signup_store_secret_async (signup, NULL, signet_test_on_done, &result);
  g_assert_true (signet_signup_store_secret_finish (signup, signet_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_null (signet_signup_get_keyring_error (signup));

  secret = lookup_secret (SIGNET_ACCOUNT_KIND_KONTALK, signet_account_get_jid (account));
  g_assert_cmpstr (secret, ==, signet_personal_key_get_passphrase (signet_signup_get_key (signup)));
  stop_agent ();
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
