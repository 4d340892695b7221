/* test-signup-flow.c: the sign-up step machine against signet-devserver,
 * driven as the wizard and signet-cli drive it: each call, then the steps
 * and operations it announced.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-core.h"
#include "signet-test-gnupg.h"
#include "signet-test-keyring.h"
#include "signet-test-server.h"

#define NUMBER "+4915112345678"

/* What the machine announced, in order: "step:NAME" and "op:NAME". */
typedef struct
{
  SignetSignupFlow *flow;
  GPtrArray        *seen;
} Recorder;

static const char *
nick (GType type,
      int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);

  return g_enum_get_value (klass, value)->value_nick;
}

static void
on_step (Recorder *recorder)
{
  g_ptr_array_add (recorder->seen, g_strconcat ("step:", nick (SIGNET_TYPE_SIGNUP_STEP,
                                                               signet_signup_flow_get_step (recorder->flow)),
                                                NULL));
}

static void
on_operation (Recorder *recorder)
{
  g_ptr_array_add (recorder->seen, g_strconcat ("op:", nick (SIGNET_TYPE_SIGNUP_OPERATION,
                                                             signet_signup_flow_get_operation (recorder->flow)),
                                                NULL));
}

static void
recorder_init (Recorder         *recorder,
               SignetSignupFlow *flow)
{
  recorder->flow = flow;
  recorder->seen = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_swapped (flow, "notify::step", G_CALLBACK (on_step), recorder);
  g_signal_connect_swapped (flow, "notify::operation", G_CALLBACK (on_operation), recorder);
}

/* Asserts the announcements since the last check, then forgets them. */
static void
recorder_expect (Recorder   *recorder,
                 const char *expected)
{
  g_autofree char *seen = NULL;

  g_ptr_array_add (recorder->seen, NULL);
  seen = g_strjoinv (" ", (char **) recorder->seen->pdata);
  g_assert_cmpstr (seen, ==, expected);
  g_ptr_array_set_size (recorder->seen, 0);
}

static void
recorder_clear (Recorder *recorder)
{
  g_signal_handlers_disconnect_by_data (recorder->flow, recorder);
  g_ptr_array_unref (recorder->seen);
}

static SignetSignupFlow *
flow_for (SignetTestServer *server,
          gboolean          trusted)
{
  SignetSignupFlow *flow = signet_signup_flow_new ();

  signet_signup_flow_set_server (flow, signet_test_server_get_domain (server),
                                 signet_test_server_get_host_and_port (server), FALSE,
                                 trusted ? signet_test_server_get_sha256 (server) : NULL);
  return flow;
}

static void
test_phone_signup (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetSignupFlow) flow = flow_for (server, TRUE);
  g_autofree char *code = NULL;
  Recorder recorder;

  recorder_init (&recorder, flow);
  signet_signup_flow_connect (flow);
  signet_signup_flow_wait (flow);
  recorder_expect (&recorder, "op:connecting op:none step:number");

  signet_signup_flow_request (flow, "Ada Lovelace", NUMBER);
  signet_signup_flow_wait (flow);
  recorder_expect (&recorder, "op:requesting op:none step:challenge");
  g_assert_cmpint (signet_challenge_get_challenge_type (signet_signup_flow_get_challenge (flow)), ==,
                   SIGNET_CHALLENGE_PIN);

  /* A wrong code goes back to the code, with the server's refusal; it is
   * not the network, so there is nothing to retry. */
  signet_signup_flow_verify (flow, "000000");
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_CHALLENGE);
  g_assert_error ((GError *) signet_signup_flow_get_error (flow), SIGNET_REGISTRATION_ERROR,
                  SIGNET_REGISTRATION_ERROR_CODE_REFUSED);
  g_assert_false (signet_signup_flow_get_can_retry (flow));
  g_ptr_array_set_size (recorder.seen, 0);

  code = signet_test_server_wait_for_code (server, NUMBER);
  signet_signup_flow_verify (flow, code);
  signet_signup_flow_wait (flow);
  recorder_expect (&recorder, "op:verifying step:verify op:none step:done");
  g_assert_null (signet_signup_flow_get_error (flow));
  g_assert_cmpint (signet_signup_flow_get_verify_stage (flow), ==, SIGNET_SIGNUP_STAGE_DONE);
  g_assert_cmpstr (signet_account_get_phone (signet_signup_flow_get_account (flow)), ==, NUMBER);

  recorder_clear (&recorder);
  signet_test_gnupg_stop_default_agent ();
}

static void
test_untrusted_certificate (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetSignupFlow) flow = flow_for (server, FALSE);
  Recorder recorder;

  recorder_init (&recorder, flow);
  signet_signup_flow_connect (flow);
  signet_signup_flow_wait (flow);
  recorder_expect (&recorder, "op:connecting op:none step:untrusted");
  g_assert_cmpstr (signet_certificate_info_get_sha256 (signet_signup_flow_get_certificate (flow)), ==,
                   signet_test_server_get_sha256 (server));

  /* Not trusted: back to the server, saying why. */
  signet_signup_flow_reject_certificate (flow);
  recorder_expect (&recorder, "step:server");
  g_assert_error ((GError *) signet_signup_flow_get_error (flow), SIGNET_SIGNUP_FLOW_ERROR,
                  SIGNET_SIGNUP_FLOW_ERROR_CERTIFICATE_REJECTED);

  /* Trusted: the same server goes on to the number. */
  signet_signup_flow_connect (flow);
  signet_signup_flow_wait (flow);
  signet_signup_flow_trust_certificate (flow);
  signet_signup_flow_wait (flow);
  recorder_expect (&recorder, "op:connecting op:none step:untrusted op:connecting op:none step:number");
  g_assert_null (signet_signup_flow_get_error (flow));

  recorder_clear (&recorder);
}

/* With a trust store, trusting pins: a new machine needs no question. */
static void
test_trust_pins (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetTrustStore) trust = signet_trust_store_new (NULL);
  g_autoptr(SignetSignupFlow) first = flow_for (server, FALSE);
  g_autoptr(SignetSignupFlow) second = flow_for (server, FALSE);
  g_autofree char *pinned = NULL;

  signet_signup_flow_set_trust_store (first, trust);
  signet_signup_flow_connect (first);
  signet_signup_flow_wait (first);
  g_assert_cmpint (signet_signup_flow_get_step (first), ==, SIGNET_SIGNUP_STEP_UNTRUSTED);
  signet_signup_flow_trust_certificate (first);
  signet_signup_flow_wait (first);
  g_assert_cmpint (signet_signup_flow_get_step (first), ==, SIGNET_SIGNUP_STEP_NUMBER);

  pinned = signet_trust_store_dup_pinned (trust, signet_test_server_get_domain (server));
  g_assert_cmpstr (pinned, ==, signet_test_server_get_sha256 (server));

  signet_signup_flow_set_trust_store (second, trust);
  signet_signup_flow_connect (second);
  signet_signup_flow_wait (second);
  g_assert_cmpint (signet_signup_flow_get_step (second), ==, SIGNET_SIGNUP_STEP_NUMBER);
}

static void
test_conflict_then_force (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--registered=" NUMBER, NULL);
  g_autoptr(SignetSignupFlow) flow = flow_for (server, TRUE);
  Recorder recorder;

  signet_signup_flow_connect (flow);
  signet_signup_flow_wait (flow);
  recorder_init (&recorder, flow);

  signet_signup_flow_request (flow, "Ada Lovelace", NUMBER);
  signet_signup_flow_wait (flow);
  recorder_expect (&recorder, "op:requesting op:none step:conflict");

  signet_signup_flow_force (flow);
  signet_signup_flow_wait (flow);
  recorder_expect (&recorder, "op:requesting op:none step:challenge");

  /* Back, and back again: the code, the number, the server. */
  signet_signup_flow_back (flow);
  signet_signup_flow_back (flow);
  recorder_expect (&recorder, "step:number step:server");

  /* What the server said stays: going on needs no new connection. */
  signet_signup_flow_connect (flow);
  recorder_expect (&recorder, "step:number");

  recorder_clear (&recorder);
  signet_test_gnupg_stop_default_agent ();
}

static void
test_cancel_request (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--delay-ms=2000", NULL);
  g_autoptr(SignetSignupFlow) flow = flow_for (server, TRUE);
  Recorder recorder;

  signet_signup_flow_connect (flow);
  signet_signup_flow_wait (flow);
  recorder_init (&recorder, flow);

  signet_signup_flow_request (flow, "Ada Lovelace", NUMBER);
  signet_signup_flow_cancel (flow);
  recorder_expect (&recorder, "op:requesting op:none step:number");
  g_assert_null (signet_signup_flow_get_error (flow));
  g_assert_cmpint (signet_signup_flow_get_operation (flow), ==, SIGNET_SIGNUP_OPERATION_NONE);

  recorder_clear (&recorder);
}

/*
 * What a sign-up leaves behind, and a login cut off after the code
 */

static char *
kinds_for (const char *e164)
{
  g_autofree char *jid = signet_personal_key_make_jid (e164, "localhost");

  return signet_test_keyring_list_kinds (jid);
}

static gboolean
pending_file_exists (void)
{
  g_autofree char *path = signet_pending_registration_get_path ();

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Connected, requested and the key's passphrase saved for a later run. */
static SignetSignupFlow *
flow_requested (SignetTestServer *server,
                const char       *e164)
{
  SignetSignupFlow *flow = flow_for (server, TRUE);
  SignetSignup *signup;

  signet_signup_flow_connect (flow);
  signet_signup_flow_wait (flow);
  signet_signup_flow_request (flow, "Ada Lovelace", e164);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_CHALLENGE);

  signup = signet_signup_flow_get_signup (flow);
  while (!signet_signup_get_resumable (signup) && signet_signup_get_resume_error (signup) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error ((GError *) signet_signup_get_resume_error (signup));

  return flow;
}

/* A finished sign-up leaves the account's secret and nothing else, as soon
 * as the machine says it is done. */
static void
test_done_leaves_account_only (void)
{
  const char *e164 = "+4915112340016";
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetSignupFlow) flow = flow_requested (server, e164);
  g_autofree char *code = signet_test_server_wait_for_code (server, e164);
  g_autofree char *before = kinds_for (e164);
  g_autofree char *after = NULL;

  g_assert_cmpstr (before, ==, "kontalk-pending");
  signet_signup_flow_verify (flow, code);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_DONE);

  after = kinds_for (e164);
  g_assert_cmpstr (after, ==, "kontalk");
  g_assert_false (pending_file_exists ());
  signet_test_gnupg_stop_default_agent ();
}

/* A cancelled code step keeps the sign-up for later; starting over in a
 * later run leaves nothing. */
static void
test_cancel_then_start_over (void)
{
  const char *e164 = "+4915112340017";
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--delay-ms=2000", NULL);
  g_autoptr(SignetSignupFlow) flow = flow_requested (server, e164);
  g_autoptr(SignetSignupFlow) later = NULL;
  g_autoptr(SignetPendingRegistration) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *left = NULL;

  signet_signup_flow_verify (flow, "123456");
  signet_signup_flow_cancel (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_CHALLENGE);
  g_clear_object (&flow);
  kept = kinds_for (e164);
  g_assert_cmpstr (kept, ==, "kontalk-pending");
  g_assert_true (pending_file_exists ());

  later = signet_signup_flow_new ();
  signet_signup_flow_load_pending (later);
  while (signet_signup_flow_get_step (later) != SIGNET_SIGNUP_STEP_RESUME)
    g_main_context_iteration (NULL, TRUE);
  signet_signup_flow_start_over (later);
  signet_signup_flow_wait (later);
  g_assert_cmpint (signet_signup_flow_get_step (later), ==, SIGNET_SIGNUP_STEP_SERVER);

  left = kinds_for (e164);
  g_assert_cmpstr (left, ==, "");
  pending = signet_pending_registration_load (&error);
  g_assert_error (error, SIGNET_PENDING_REGISTRATION_ERROR, SIGNET_PENDING_REGISTRATION_ERROR_NOT_FOUND);
  signet_test_gnupg_stop_default_agent ();
}

/* The server took the code and certified the key, then the login was cut
 * off: a later run logs in without the code, which the server would not
 * take again. */
static void
test_login_cut_off_resumes (void)
{
  const char *e164 = "+4915112340018";
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--fault-connection=3", "--drop-after=1", NULL);
  g_autoptr(SignetSignupFlow) flow = flow_requested (server, e164);
  g_autofree char *code = signet_test_server_wait_for_code (server, e164);
  g_autoptr(SignetPendingRegistration) pending = NULL;
  g_autoptr(SignetSignupFlow) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kinds = NULL;
  Recorder recorder;

  signet_signup_flow_verify (flow, code);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_VERIFY);
  g_assert_cmpint (signet_signup_flow_get_verify_stage (flow), ==, SIGNET_SIGNUP_STAGE_LOGIN);
  g_assert_error ((GError *) signet_signup_flow_get_error (flow), SIGNET_CONNECTION_ERROR,
                  SIGNET_CONNECTION_ERROR_CLOSED);
  g_clear_object (&flow);

  pending = signet_pending_registration_load (&error);
  g_assert_no_error (error);
  g_assert_true (signet_pending_registration_get_code_accepted (pending));
  g_assert_nonnull (signet_pending_registration_get_certified_by (pending));

  later = signet_signup_flow_new_for_pending (pending);
  recorder_init (&recorder, later);
  g_assert_cmpint (signet_signup_flow_get_step (later), ==, SIGNET_SIGNUP_STEP_VERIFY);
  signet_signup_flow_wait (later);
  recorder_expect (&recorder, "op:none step:done");
  g_assert_true (signet_verification_get_certification_verified (
                   signet_signup_get_verification (signet_signup_flow_get_signup (later))));

  kinds = kinds_for (e164);
  g_assert_cmpstr (kinds, ==, "kontalk");
  g_assert_false (pending_file_exists ());
  recorder_clear (&recorder);
  signet_test_gnupg_stop_default_agent ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/signup-flow/phone", test_phone_signup);
  g_test_add_func ("/signup-flow/untrusted-certificate", test_untrusted_certificate);
  g_test_add_func ("/signup-flow/trust-pins", test_trust_pins);
  g_test_add_func ("/signup-flow/conflict-then-force", test_conflict_then_force);
  g_test_add_func ("/signup-flow/cancel-request", test_cancel_request);
  g_test_add_func ("/signup-flow/done-clean", test_done_leaves_account_only);
  g_test_add_func ("/signup-flow/abandoned", test_cancel_then_start_over);
  g_test_add_func ("/signup-flow/relogin", test_login_cut_off_resumes);

  return g_test_run ();
}
