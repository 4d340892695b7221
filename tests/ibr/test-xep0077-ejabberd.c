/* test-xep0077-ejabberd.c: XEP-0077 sign-up against a real ejabberd 23.01.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-test-xmpp-server.h"

/* One ejabberd, one virtual host per scenario;
 * mod_register is loaded per host, so a host without it has no sign-up. */
static const SignetTestXmppHost hosts[] = {
  { "open.localhost",
    "modules:\n"
    "  mod_register:\n"
    "    ip_access: trusted_network" },
  { "strong.localhost",
    "modules:\n"
    "  mod_register:\n"
    "    password_strength: 32" },
  { "denied.localhost",
    "modules:\n"
    "  mod_register:\n"
    "    ip_access: nobody" },
  { "disabled.localhost", NULL },
  { "redirect.localhost",
    "modules:\n"
    "  mod_register:\n"
    "    redirect_url: \"https://redirect.localhost/sign-up\"" },
  { "captcha.localhost",
    "modules:\n"
    "  mod_register:\n"
    "    captcha_protected: true" },
  { NULL }
};

/* registration_timeout is global, and each success starts its 600 seconds
 * for the address: the main server turns it off, a second one keeps it. */
static const char *global_config =
  "registration_timeout: infinity\n"
  "captcha_cmd: \"@DIR@/captcha.sh\"\n"
  "captcha_url: \"http://127.0.0.1:@HTTP_PORT@/captcha\"";

static const SignetTestXmppHost throttle_hosts[] = {
  { "throttle.localhost",
    "modules:\n"
    "  mod_register: {}" },
  { NULL }
};

static SignetTestXmppServer *server;
static SignetTestXmppServer *throttle_server;

static void
test_success_then_login (void)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (server, "open.localhost");
  g_autoptr(SignetInbandRegistration) registration = signet_inband_registration_new (connection);
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = signet_test_xmpp_new_username ("alice");
  g_autofree char *jid = g_strdup_printf ("%s@open.localhost", username);
  g_autofree char *secret = NULL;
  SignetDataForm *form;
  SignetDataFormField *field;

  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  g_assert_no_error (error);

  /* Without a CAPTCHA ejabberd offers only the legacy fields. */
  g_assert_cmpint (signet_inband_registration_get_form_kind (registration), ==, SIGNET_INBAND_FORM_LEGACY);
  g_assert_true (signet_inband_registration_get_feature_advertised (registration));
  g_assert_nonnull (signet_inband_registration_get_instructions (registration));
  form = signet_inband_registration_get_form (registration);
  field = signet_data_form_get_field (form, "password");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE);
  g_assert_true (signet_data_form_field_get_required (field));

  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), username);
  signet_data_form_field_set_value (field, "correct horse battery");
  g_assert_true (signet_test_xmpp_submit (registration, &error));
  g_assert_no_error (error);
  signet_test_xmpp_report (server, "success", NULL, NULL);

  account = signet_test_xmpp_complete (registration, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_account_get_jid (account), ==, jid);
  g_assert_true (signet_account_get_keyring_stored (account));
  g_assert_true (g_str_has_prefix (signet_inband_registration_get_login_mechanism (registration), "SCRAM-"));
  g_test_message ("ejabberd login mechanism: %s", signet_inband_registration_get_login_mechanism (registration));

  secret = signet_test_xmpp_keyring_lookup ("open.localhost", jid);
  g_assert_cmpstr (secret, ==, "correct horse battery");

  g_assert_true (signet_test_xmpp_login (server, jid, "correct horse battery", NULL, &error));
  g_assert_no_error (error);
}

static void
test_username_taken (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("taken");
  g_autoptr(SignetInbandRegistration) first = NULL;
  g_autoptr(SignetInbandRegistration) second = NULL;
  g_autoptr(GError) error = NULL;

  first = signet_test_xmpp_register (server, "open.localhost", username, "first password", &error);
  g_assert_no_error (error);

  second = signet_test_xmpp_register (server, "open.localhost", username, "second password", &error);
  signet_test_xmpp_assert_error (server, "username taken", error, SIGNET_INBAND_ERROR_USERNAME_TAKEN,
                                 signet_inband_registration_get_server_error (second), "conflict", "cancel");
  g_assert_cmpstr (signet_inband_registration_get_error_field (second), ==, "username");
}

static void
test_missing_field (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("nopassword");
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;
  const SignetStanzaError *server_error;

  registration = signet_test_xmpp_register (server, "open.localhost", username, NULL, &error);
  server_error = signet_inband_registration_get_server_error (registration);
  /* ejabberd blames "unacceptable characters"; the empty field is what counts. */
  signet_test_xmpp_assert_error (server, "missing field (password)", error, SIGNET_INBAND_ERROR_MISSING_FIELD,
                                 server_error, "not-acceptable", "modify");
  g_assert_cmpstr (signet_inband_registration_get_error_field (registration), ==, "password");
}

static void
test_weak_password (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("weak");
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  registration = signet_test_xmpp_register (server, "strong.localhost", username, "abc", &error);
  signet_test_xmpp_assert_error (server, "weak password (password_strength 32)", error,
                                 SIGNET_INBAND_ERROR_WEAK_PASSWORD,
                                 signet_inband_registration_get_server_error (registration),
                                 "not-acceptable", "modify");
  g_assert_cmpstr (signet_inband_registration_get_error_field (registration), ==, "password");

  /* A stronger one on the same form goes through. */
  signet_data_form_field_set_value (signet_data_form_get_field (signet_inband_registration_get_form (registration),
                                                                "password"), "Tr0ub4dor&3 correct horse");
  g_clear_error (&error);
  g_assert_true (signet_test_xmpp_submit (registration, &error));
  g_assert_no_error (error);
}

static void
test_invalid_username (void)
{
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  registration = signet_test_xmpp_register (server, "open.localhost", "no@such", "a password", &error);
  signet_test_xmpp_assert_error (server, "invalid username", error, SIGNET_INBAND_ERROR_USERNAME_INVALID,
                                 signet_inband_registration_get_server_error (registration),
                                 "jid-malformed", "modify");
  g_assert_cmpstr (signet_inband_registration_get_error_field (registration), ==, "username");
}

static void
test_throttled (void)
{
  g_autofree char *first_name = signet_test_xmpp_new_username ("first");
  g_autofree char *second_name = signet_test_xmpp_new_username ("second");
  g_autoptr(SignetInbandRegistration) first = NULL;
  g_autoptr(SignetInbandRegistration) second = NULL;
  g_autoptr(GError) error = NULL;

  first = signet_test_xmpp_register (throttle_server, "throttle.localhost", first_name, "a password", &error);
  g_assert_no_error (error);

  second = signet_test_xmpp_register (throttle_server, "throttle.localhost", second_name, "a password", &error);
  signet_test_xmpp_assert_error (server, "throttled (registration_timeout 600 s)", error,
                                 SIGNET_INBAND_ERROR_THROTTLED,
                                 signet_inband_registration_get_server_error (second),
                                 "resource-constraint", "wait");
}

static void
test_forbidden_ip (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("denied");
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  /* ejabberd advertises the feature and sends the form, then refuses. */
  registration = signet_test_xmpp_register (server, "denied.localhost", username, "a password", &error);
  g_assert_true (signet_inband_registration_get_feature_advertised (registration));
  signet_test_xmpp_assert_error (server, "forbidden IP (ip_access)", error, SIGNET_INBAND_ERROR_FORBIDDEN,
                                 signet_inband_registration_get_server_error (registration),
                                 "forbidden", "auth");
}

static void
test_disabled (void)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (server, "disabled.localhost");
  g_autoptr(SignetInbandRegistration) registration = signet_inband_registration_new (connection);
  g_autoptr(GError) error = NULL;

  /* Without mod_register ejabberd ends the stream instead of answering. */
  g_assert_false (signet_test_xmpp_fetch (registration, &error));
  g_assert_false (signet_inband_registration_get_feature_advertised (registration));
  signet_test_xmpp_assert_error (server, "registration disabled (stream error)", error,
                                 SIGNET_INBAND_ERROR_NOT_OFFERED,
                                 signet_inband_registration_get_server_error (registration),
                                 "not-authorized", "cancel");
}

static void
test_web_redirect (void)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (server, "redirect.localhost");
  g_autoptr(SignetInbandRegistration) registration = signet_inband_registration_new (connection);
  g_autoptr(GError) error = NULL;

  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  g_assert_no_error (error);
  g_assert_cmpint (signet_inband_registration_get_form_kind (registration), ==, SIGNET_INBAND_FORM_WEB);
  g_assert_cmpstr (signet_inband_registration_get_web_url (registration), ==, "https://redirect.localhost/sign-up");
  g_assert_null (signet_inband_registration_get_form (registration));

  g_assert_false (signet_test_xmpp_submit (registration, &error));
  g_assert_error (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_WEB_ONLY);
  g_test_message ("MATRIX|ejabberd|web redirect (redirect_url)|result: instructions + jabber:x:oob "
                  "https://redirect.localhost/sign-up|form kind WEB, get_web_url()|%s", error->message);
}

static SignetInbandRegistration *
fetch_captcha (char **challenge)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (server, "captcha.localhost");
  g_autoptr(SignetInbandRegistration) registration = signet_inband_registration_new (connection);
  g_autoptr(GBytes) png = signet_test_xmpp_server_get_captcha_png ();
  GBytes *image;
  g_autoptr(GError) error = NULL;
  SignetDataFormField *ocr;
  const char *mime_type = NULL;
  SignetDataForm *form;

  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  g_assert_no_error (error);
  g_assert_cmpint (signet_inband_registration_get_form_kind (registration), ==, SIGNET_INBAND_FORM_DATA);
  g_assert_true (signet_inband_registration_get_has_captcha (registration));

  form = signet_inband_registration_get_form (registration);
  ocr = signet_data_form_get_field (form, "ocr");
  g_assert_nonnull (ocr);
  image = signet_data_form_media_get_data (signet_data_form_field_get_media (ocr, 0), &mime_type);
  g_assert_nonnull (image);
  g_assert_cmpstr (mime_type, ==, "image/png");
  g_assert_true (g_bytes_equal (image, png));

  *challenge = g_strdup (signet_data_form_get_value (form, "challenge"));
  g_assert_nonnull (*challenge);

  return g_steal_pointer (&registration);
}

static void
test_captcha (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("human");
  g_autofree char *first_challenge = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(SignetInbandRegistration) registration = fetch_captcha (&first_challenge);
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  SignetDataForm *form = signet_inband_registration_get_form (registration);

  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), username);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "password"), "a good password");
  signet_data_form_field_set_value (signet_data_form_get_field (form, "ocr"), "wrong");

  g_assert_false (signet_test_xmpp_submit (registration, &error));
  signet_test_xmpp_assert_error (server, "CAPTCHA wrong answer", error, SIGNET_INBAND_ERROR_CAPTCHA_FAILED,
                                 signet_inband_registration_get_server_error (registration),
                                 "not-allowed", "cancel");
  g_assert_cmpstr (signet_inband_registration_get_error_field (registration), ==, "ocr");

  /* A new picture came at once; what was typed is still there, the old
   * answer is not. */
  form = signet_inband_registration_get_form (registration);
  g_assert_cmpstr (signet_data_form_get_value (form, "challenge"), !=, first_challenge);
  g_assert_cmpstr (signet_data_form_get_value (form, "username"), ==, username);
  g_assert_cmpstr (signet_data_form_get_value (form, "password"), ==, "a good password");
  g_assert_null (signet_data_form_get_value (form, "ocr"));

  answer = signet_test_xmpp_server_read_file (server, "captcha-answer");
  g_assert_nonnull (answer);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "ocr"), answer);
  g_clear_error (&error);
  g_assert_true (signet_test_xmpp_submit (registration, &error));
  g_assert_no_error (error);
  signet_test_xmpp_report (server, "CAPTCHA right answer", NULL, NULL);

  account = signet_test_xmpp_complete (registration, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
}

static void
test_captcha_after_drop (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("slow");
  g_autofree char *first_challenge = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(SignetInbandRegistration) registration = fetch_captcha (&first_challenge);
  g_autoptr(GError) error = NULL;
  SignetDataForm *form = signet_inband_registration_get_form (registration);

  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), username);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "password"), "a good password");
  answer = signet_test_xmpp_server_read_file (server, "captcha-answer");
  signet_data_form_field_set_value (signet_data_form_get_field (form, "ocr"), answer);

  /* The stream goes away while the person types: the CAPTCHA went with it. */
  signet_connection_close (signet_inband_registration_get_connection (registration));

  g_assert_false (signet_test_xmpp_submit (registration, &error));
  g_assert_error (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FORM_CHANGED);
  g_test_message ("MATRIX|ejabberd|stream dropped while solving the CAPTCHA|new form, new challenge|"
                  "FORM_CHANGED|%s", error->message);
  form = signet_inband_registration_get_form (registration);
  g_assert_cmpstr (signet_data_form_get_value (form, "challenge"), !=, first_challenge);
  g_assert_cmpstr (signet_data_form_get_value (form, "username"), ==, username);
  g_assert_null (signet_data_form_get_value (form, "ocr"));

  g_free (answer);
  answer = signet_test_xmpp_server_read_file (server, "captcha-answer");
  signet_data_form_field_set_value (signet_data_form_get_field (form, "ocr"), answer);
  g_clear_error (&error);
  g_assert_true (signet_test_xmpp_submit (registration, &error));
  g_assert_no_error (error);
}

static SignetXmppAccount *
register_account (const char *prefix,
                  const char *password,
                  char      **jid)
{
  g_autofree char *username = signet_test_xmpp_new_username (prefix);
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(SignetConnection) settings = signet_test_xmpp_server_connection (server, "open.localhost");
  g_autoptr(GError) error = NULL;

  registration = signet_test_xmpp_register (server, "open.localhost", username, password, &error);
  g_assert_no_error (error);
  account = signet_test_xmpp_complete (registration, &error);
  g_assert_no_error (error);

  *jid = g_strdup (signet_account_get_jid (account));
  return signet_xmpp_account_new (settings, *jid, password);
}

static void
test_change_password (void)
{
  g_autofree char *jid = NULL;
  g_autoptr(SignetXmppAccount) account = register_account ("passwd", "old password", &jid);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  g_assert_true (signet_test_xmpp_change_password (account, "new password", NULL, &error));
  g_assert_no_error (error);
  signet_test_xmpp_report (server, "change password", NULL, NULL);

  secret = signet_test_xmpp_keyring_lookup ("open.localhost", jid);
  g_assert_cmpstr (secret, ==, "new password");

  g_assert_true (signet_test_xmpp_login (server, jid, "new password", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (signet_test_xmpp_login (server, jid, "old password", NULL, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);
}

static void
test_unregister (void)
{
  g_autofree char *jid = NULL;
  g_autoptr(SignetXmppAccount) account = register_account ("leaving", "a password", &jid);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  g_assert_true (signet_test_xmpp_unregister (account, NULL, &error));
  g_assert_no_error (error);
  signet_test_xmpp_report (server, "unregister", NULL, NULL);

  secret = signet_test_xmpp_keyring_lookup ("open.localhost", jid);
  g_assert_null (secret);

  g_assert_false (signet_test_xmpp_login (server, jid, "a password", NULL, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!signet_test_xmpp_server_available (SIGNET_TEST_XMPP_EJABBERD))
    {
      g_test_skip ("ejabberd is not installed; build-aux/setup installs it");
      return g_test_run ();
    }

  server = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_EJABBERD, global_config, hosts);
  throttle_server = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_EJABBERD, NULL, throttle_hosts);
  signet_test_xmpp_server_wait (server);
  signet_test_xmpp_server_wait (throttle_server);

  g_test_add_func ("/xep0077/ejabberd/success-then-login", test_success_then_login);
  g_test_add_func ("/xep0077/ejabberd/username-taken", test_username_taken);
  g_test_add_func ("/xep0077/ejabberd/missing-field", test_missing_field);
  g_test_add_func ("/xep0077/ejabberd/weak-password", test_weak_password);
  g_test_add_func ("/xep0077/ejabberd/invalid-username", test_invalid_username);
  g_test_add_func ("/xep0077/ejabberd/throttled", test_throttled);
  g_test_add_func ("/xep0077/ejabberd/forbidden-ip", test_forbidden_ip);
  g_test_add_func ("/xep0077/ejabberd/disabled", test_disabled);
  g_test_add_func ("/xep0077/ejabberd/web-redirect", test_web_redirect);
  g_test_add_func ("/xep0077/ejabberd/captcha", test_captcha);
  g_test_add_func ("/xep0077/ejabberd/captcha-after-drop", test_captcha_after_drop);
  g_test_add_func ("/xep0077/ejabberd/change-password", test_change_password);
  g_test_add_func ("/xep0077/ejabberd/unregister", test_unregister);
  signet_test_xmpp_add_cli_tests (server, "ejabberd", "open.localhost", "captcha.localhost");

  status = g_test_run ();

  signet_test_xmpp_server_stop (throttle_server);
  signet_test_xmpp_server_stop (server);

  return status;
}
