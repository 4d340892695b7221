/* test-request.c: the Kontalk request step against signet-devserver.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-registration.h"
#include "signet-test-server.h"

#define NUMBER_US "+15555215554"
#define NUMBER_IT "+393471234567"
#define NUMBER_DE "+4915112345678"
#define NUMBER_GB "+447700900123"

typedef struct
{
  SignetTestServer   *server;
  SignetRegistration *registration;
} Fixture;

static void
fixture_start (Fixture            *fixture,
               const char * const *args)
{
  g_autoptr(SignetConnection) connection = NULL;

  fixture->server = signet_test_server_start (args);
  connection = signet_connection_new (signet_test_server_get_domain (fixture->server));
  g_assert_true (signet_connection_set_host_and_port (connection,
                                                      signet_test_server_get_host_and_port (fixture->server),
                                                      NULL));
  signet_connection_set_trusted_sha256 (connection, signet_test_server_get_sha256 (fixture->server));
  signet_connection_set_timeout (connection, 10);
  fixture->registration = signet_registration_new (connection);
}

static void
fixture_stop (Fixture *fixture)
{
  g_assert_finalize_object (fixture->registration);
  signet_test_server_stop (fixture->server);
}

static gboolean
fetch (Fixture *fixture,
       GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_registration_fetch_form_async (fixture->registration, NULL, signet_test_async_callback, &result);
  return signet_registration_fetch_form_finish (fixture->registration, signet_test_async_wait (&result), error);
}

static SignetChallenge *
request (Fixture           *fixture,
         const char        *e164,
         SignetRequestFlags flags,
         int                challenge,
         GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_registration_request_async (fixture->registration, e164, flags, challenge, NULL, signet_test_async_callback, &result);
  return signet_registration_request_finish (fixture->registration, signet_test_async_wait (&result), error);
}

static void
assert_server_text (Fixture    *fixture,
                    const char *condition,
                    const char *type,
                    const char *text)
{
  const SignetStanzaError *server_error = signet_registration_get_server_error (fixture->registration);

  g_assert_nonnull (server_error);
  g_assert_cmpstr (signet_stanza_error_get_condition (server_error), ==, condition);
  g_assert_cmpstr (signet_stanza_error_get_error_type (server_error), ==, type);
  g_assert_cmpstr (signet_stanza_error_get_text (server_error), ==, text);
}

static gboolean
is_digits (const char *text,
           guint       length)
{
  if (strlen (text) != length)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

/*
 * The form
 */

static void
test_form_phone_flow (void)
{
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  SignetDataForm *form;

  fixture_start (&fixture, NULL);

  g_assert_true (fetch (&fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (signet_registration_get_flow (fixture.registration), ==, SIGNET_REGISTRATION_FLOW_PHONE);
  g_assert_false (signet_registration_get_requires_terms (fixture.registration));
  g_assert_null (signet_registration_get_terms_url (fixture.registration));

  form = signet_registration_get_form (fixture.registration);
  g_assert_cmpstr (signet_data_form_get_form_type (form), ==, SIGNET_NS_REGISTER);
  g_assert_true (signet_data_form_field_get_required (signet_data_form_get_field (form, "phone")));
  g_assert_cmpuint (signet_data_form_field_get_n_options (signet_data_form_get_field (form, "challenge")), ==, 3);

  fixture_stop (&fixture);
}

static void
test_terms_required_then_accepted (void)
{
  const char *args[] = { "--terms-url", "https://signet.invalid/terms", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) refused = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;

  fixture_start (&fixture, args);

  g_assert_true (fetch (&fixture, &error));
  g_assert_true (signet_registration_get_requires_terms (fixture.registration));
  g_assert_cmpstr (signet_registration_get_terms_url (fixture.registration), ==, "https://signet.invalid/terms");

  refused = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_NONE, -1, &error);
  g_assert_null (refused);
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED);
  assert_server_text (&fixture, "bad-request", "modify", "Service terms were not accepted.");
  g_clear_error (&error);

  challenge = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_ACCEPT_TERMS, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (challenge);

  fixture_stop (&fixture);
}

static void
test_not_offered (void)
{
  const char *args[] = { "--no-registration", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;

  fixture_start (&fixture, args);

  g_assert_false (fetch (&fixture, &error));
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_NOT_OFFERED);

  fixture_stop (&fixture);
}

/*
 * Challenges
 */

static void
test_challenge_pin (void)
{
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;
  g_autofree char *code = NULL;

  fixture_start (&fixture, NULL);

  challenge = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_PIN, &error);
  g_assert_no_error (error);
  g_assert_cmpint (signet_challenge_get_challenge_type (challenge), ==, SIGNET_CHALLENGE_PIN);
  g_assert_cmpstr (signet_challenge_get_sender (challenge), ==, "12345");
  g_assert_cmpuint (signet_challenge_get_code_length (challenge), ==, 6);
  g_assert_true (signet_challenge_get_can_fallback (challenge));
  g_assert_nonnull (strstr (signet_challenge_get_instructions (challenge), "SMS"));

  code = signet_test_server_wait_for_code (fixture.server, NUMBER_US);
  g_assert_true (is_digits (code, 6));

  fixture_stop (&fixture);
}

static void
test_challenge_missed_call (void)
{
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;
  g_autofree char *code = NULL;
  guint length;

  fixture_start (&fixture, NULL);

  challenge = request (&fixture, NUMBER_IT, SIGNET_REQUEST_FLAGS_NONE, SIGNET_CHALLENGE_MISSED_CALL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (signet_challenge_get_challenge_type (challenge), ==, SIGNET_CHALLENGE_MISSED_CALL);
  length = signet_challenge_get_code_length (challenge);
  g_assert_cmpuint (length, >=, 3);
  g_assert_true (g_str_has_suffix (signet_challenge_get_sender (challenge), "???"));

  /* What the person types is the hidden end of the caller's number. */
  code = signet_test_server_wait_for_code (fixture.server, NUMBER_IT);
  g_assert_true (is_digits (code, length));

  fixture_stop (&fixture);
}

static void
test_challenge_caller_id (void)
{
  const char *args[] = { "--default-challenge", "callerid", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;

  fixture_start (&fixture, args);

  challenge = request (&fixture, NUMBER_DE, SIGNET_REQUEST_FLAGS_NONE, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (signet_challenge_get_challenge_type (challenge), ==, SIGNET_CHALLENGE_CALLER_ID);
  g_assert_cmpuint (signet_challenge_get_code_length (challenge), ==, 0);
  g_assert_true (g_str_has_prefix (signet_challenge_get_sender (challenge), "+"));

  fixture_stop (&fixture);
}

static void
test_brand (void)
{
  const char *args[] = { "--brand-image", "https://brand.invalid/logo.png",
                         "--brand-link", "https://brand.invalid/", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;

  fixture_start (&fixture, args);

  challenge = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_NONE, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_challenge_get_brand_image (challenge), ==, "https://brand.invalid/logo.png");
  g_assert_cmpstr (signet_challenge_get_brand_link (challenge), ==, "https://brand.invalid/");

  fixture_stop (&fixture);
}

/*
 * Errors
 */

static void
test_conflict_then_force (void)
{
  const char *args[] = { "--registered", NUMBER_US, NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) refused = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;

  fixture_start (&fixture, args);

  refused = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_NONE, -1, &error);
  g_assert_null (refused);
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CONFLICT);
  assert_server_text (&fixture, "conflict", "modify", "Another user is registered with the same id.");
  g_clear_error (&error);

  challenge = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_FORCE, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (challenge);
  g_free (signet_test_server_wait_for_code (fixture.server, NUMBER_US));

  fixture_stop (&fixture);
}

static void
test_throttled_on_fourth_attempt (void)
{
  const char *numbers[] = { NUMBER_US, NUMBER_IT, NUMBER_DE, NUMBER_GB };
  Fixture fixture;

  fixture_start (&fixture, NULL);

  /* Three attempts from one address pass, the fourth is refused. */
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetChallenge) challenge = request (&fixture, numbers[i], SIGNET_REQUEST_FLAGS_NONE, -1, &error);

      if (i < 3)
        {
          g_assert_no_error (error);
          continue;
        }

      g_assert_null (challenge);
      g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_THROTTLED);
      assert_server_text (&fixture, "service-unavailable", "wait", "Too many attempts.");
    }

  fixture_stop (&fixture);
}

static void
test_bad_number (void)
{
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;

  fixture_start (&fixture, NULL);

  challenge = request (&fixture, "+12", SIGNET_REQUEST_FLAGS_NONE, -1, &error);
  g_assert_null (challenge);
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_BAD_NUMBER);
  assert_server_text (&fixture, "bad-request", "modify", "Bad phone number.");

  fixture_stop (&fixture);
}

static void
test_provider_failure_with_fallback (void)
{
  const char *args[] = { "--fail-provider", "pin", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;

  fixture_start (&fixture, args);

  /* The server falls back by itself, as Kontalk's does. */
  challenge = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_NONE, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (signet_challenge_get_challenge_type (challenge), ==, SIGNET_CHALLENGE_MISSED_CALL);
  g_assert_false (signet_challenge_get_can_fallback (challenge));

  fixture_stop (&fixture);
}

static void
test_provider_failure_without_fallback (void)
{
  const char *args[] = { "--fail-provider", "pin", "--fallback-challenge", "none", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;

  fixture_start (&fixture, args);

  challenge = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_NONE, -1, &error);
  g_assert_null (challenge);
  g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CANNOT_SEND);
  assert_server_text (&fixture, "not-acceptable", "modify", "Unable to verify number.");

  fixture_stop (&fixture);
}

static void
test_try_another_way (void)
{
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) first = NULL;
  g_autoptr(SignetChallenge) second = NULL;

  fixture_start (&fixture, NULL);

  first = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_NONE, -1, &error);
  g_assert_no_error (error);
  g_assert_true (signet_challenge_get_can_fallback (first));

  second = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_FALLBACK, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (signet_challenge_get_challenge_type (second), !=,
                   signet_challenge_get_challenge_type (first));
  g_assert_false (signet_challenge_get_can_fallback (second));

  fixture_stop (&fixture);
}

/*
 * Faults: the stream breaks at each element the client sends.  In a request
 * session the client sends <starttls/> (1), the form query (2) and the
 * request (3).
 */

static void
run_fault (const char *option,
           guint       element)
{
  g_autofree char *n = g_strdup_printf ("%u", element);
  const char *args[] = { option, n, NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;
  gboolean fetched;

  fixture_start (&fixture, args);

  fetched = fetch (&fixture, &error);
  if (element <= 2)
    {
      g_assert_false (fetched);
      g_test_message ("%s %u: %s", option, element, error->message);
      g_assert_true (error->domain == SIGNET_CONNECTION_ERROR);
      if (element == 2 && g_str_equal (option, "--drop-after"))
        g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CLOSED);
      if (element == 2 && g_str_equal (option, "--garble"))
        g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_MALFORMED);
    }
  else
    {
      g_assert_no_error (error);
      challenge = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_NONE, -1, &error);
      g_assert_null (challenge);
      g_test_message ("%s %u: %s", option, element, error->message);
      if (g_str_equal (option, "--drop-after"))
        g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CLOSED);
      else
        g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_MALFORMED);
    }

  fixture_stop (&fixture);
}

static void
test_drop_at_each_element (void)
{
  for (guint element = 1; element <= 3; element++)
    run_fault ("--drop-after", element);
}

static void
test_garble_at_each_element (void)
{
  for (guint element = 1; element <= 3; element++)
    run_fault ("--garble", element);
}

static void
test_reconnects_after_drop (void)
{
  const char *args[] = { "--drop-after", "3", NULL };
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge = NULL;

  fixture_start (&fixture, args);

  g_assert_true (fetch (&fixture, &error));
  challenge = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_NONE, -1, &error);
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CLOSED);
  g_clear_error (&error);

  /* Retrying opens a new stream: starttls (1), request (2) pass this time. */
  challenge = request (&fixture, NUMBER_US, SIGNET_REQUEST_FLAGS_NONE, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (challenge);

  fixture_stop (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/request/form/phone-flow", test_form_phone_flow);
  g_test_add_func ("/request/form/terms-required-then-accepted", test_terms_required_then_accepted);
  g_test_add_func ("/request/form/not-offered", test_not_offered);
  g_test_add_func ("/request/challenge/pin", test_challenge_pin);
  g_test_add_func ("/request/challenge/missed-call", test_challenge_missed_call);
  g_test_add_func ("/request/challenge/caller-id", test_challenge_caller_id);
  g_test_add_func ("/request/challenge/brand", test_brand);
  g_test_add_func ("/request/challenge/try-another-way", test_try_another_way);
  g_test_add_func ("/request/error/conflict-then-force", test_conflict_then_force);
  g_test_add_func ("/request/error/throttled-on-fourth-attempt", test_throttled_on_fourth_attempt);
  g_test_add_func ("/request/error/bad-number", test_bad_number);
  g_test_add_func ("/request/error/provider-failure-with-fallback", test_provider_failure_with_fallback);
  g_test_add_func ("/request/error/provider-failure-without-fallback", test_provider_failure_without_fallback);
  g_test_add_func ("/request/fault/drop-at-each-element", test_drop_at_each_element);
  g_test_add_func ("/request/fault/garble-at-each-element", test_garble_at_each_element);
  g_test_add_func ("/request/fault/reconnects-after-drop", test_reconnects_after_drop);

  return g_test_run ();
}
