/* signet-test-signup.c: a phone sign-up driven step by step, waited for.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-test-async.h"
#include "signet-test-signup.h"

static gboolean
pending_file_is_gone (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

void
signet_test_signup_wait_pending_removed (void)
{
  g_autofree char *path = signet_pending_registration_get_path ();

  signet_test_async_wait_for (pending_file_is_gone, path, SIGNET_TEST_ASYNC_TIMEOUT_SECONDS,
                              "the pending sign-up to be removed");
}

SignetChallenge *
signet_test_signup_request (SignetSignup *signup)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SignetChallenge *challenge;

  signet_signup_request_async (signup, SIGNET_REQUEST_FLAGS_NONE, -1, NULL, signet_test_async_callback, &result);
  challenge = signet_signup_request_finish (signup, signet_test_async_wait (&result), &error);
  g_assert_no_error (error);

  return challenge;
}

SignetAccount *
signet_test_signup_verify (SignetSignup *signup,
                           const char   *code,
                           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_signup_verify_async (signup, code, NULL, signet_test_async_callback, &result);
  return signet_signup_verify_finish (signup, signet_test_async_wait (&result), error);
}
