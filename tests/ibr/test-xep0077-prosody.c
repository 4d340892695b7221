/* test-xep0077-prosody.c: XEP-0077 sign-up against a real Prosody 0.12.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-test-async.h"
#include "signet-test-xmpp-server.h"

/* One Prosody, one virtual host per scenario. */
static const SignetTestXmppHost hosts[] = {
  { "open.localhost", NULL },
  { "disabled.localhost", "allow_registration = false" },
  /* Loopback is on the allowlist by default, and allowlisted addresses are
   * never throttled. */
  { "throttle.localhost",
    "registration_throttle_max = 1\n"
    "registration_throttle_period = 600\n"
    "registration_allowlist = { }" },
  { "blocked.localhost", "registration_blocklist = { \"127.0.0.1\" }" },
  /* registration_invite_only defaults to true once invites_register loads. */
  { "invite.localhost", "modules_enabled = { @MODULES@ \"invites\"; \"invites_register\"; }" },
  /* From prosody-modules; loopback is on its whitelist by default. */
  { "redirect.localhost",
    "modules_enabled = { @MODULES@ \"register_redirect\"; }\n"
    "registration_url = \"https://redirect.localhost/sign-up\"\n"
    "registration_whitelist = { }" },
  /* Only https is offered as a link. */
  { "http-redirect.localhost",
    "modules_enabled = { @MODULES@ \"register_redirect\"; }\n"
    "registration_url = \"http://redirect.localhost/sign-up\"\n"
    "registration_whitelist = { }" },
  /* tests/support/prosody/mod_signet_test_forms.lua: forms inside errors. */
  { "forms.localhost", "modules_enabled = { @MODULES@ \"signet_test_forms\"; }" },
  { NULL }
};

/* A second Prosody that drops unauthenticated streams after two seconds,
 * as XEP-0077 allows, to see the form fetched again after a drop. */
static const SignetTestXmppHost short_hosts[] = {
  { "open.localhost", NULL },
  { NULL }
};

static SignetTestXmppServer *server;
static SignetTestXmppServer *short_server;

static void
test_success_then_login (void)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (server, "open.localhost");
  g_autoptr(SignetInbandRegistration) registration = signet_inband_registration_new (connection);
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = signet_test_xmpp_new_username ("Alice");
  g_autofree char *lower = g_ascii_strdown (username, -1);
  g_autofree char *jid = g_strdup_printf ("%s@open.localhost", lower);
  g_autofree char *secret = NULL;
  g_autofree char *mechanism = NULL;
  SignetDataForm *form;
  SignetDataFormField *field;

  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  g_assert_no_error (error);

  /* Prosody sends both; the data form wins (XEP-0077 §4). */
  g_assert_cmpint (signet_inband_registration_get_form_kind (registration), ==, SIGNET_INBAND_FORM_DATA);
  g_assert_true (signet_inband_registration_get_feature_advertised (registration));
  g_assert_false (signet_inband_registration_get_has_captcha (registration));
  g_assert_null (signet_inband_registration_get_web_url (registration));
  form = signet_inband_registration_get_form (registration);
  g_assert_cmpstr (signet_data_form_get_form_type (form), ==, "jabber:iq:register");
  field = signet_data_form_get_field (form, "username");
  g_assert_true (signet_data_form_field_get_required (field));
  field = signet_data_form_get_field (form, "password");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE);

  /* Typed with a capital: the server's own spelling is what gets stored. */
  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), username);
  signet_data_form_field_set_value (field, "correct horse battery");
  g_assert_true (signet_test_xmpp_submit (registration, &error));
  g_assert_no_error (error);
  signet_test_xmpp_report (server, "success", NULL, NULL);

  account = signet_test_xmpp_complete (registration, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_account_get_jid (account), ==, jid);
  g_assert_cmpint (signet_account_get_kind (account), ==, SIGNET_ACCOUNT_KIND_XMPP);
  g_assert_true (signet_account_get_keyring_stored (account));
  g_assert_null (signet_inband_registration_get_keyring_error (registration));
  g_assert_true (g_str_has_prefix (signet_inband_registration_get_login_mechanism (registration), "SCRAM-"));

  secret = signet_test_xmpp_keyring_lookup ("open.localhost", jid);
  g_assert_cmpstr (secret, ==, "correct horse battery");

  /* And the account works for anyone who logs in. */
  g_assert_true (signet_test_xmpp_login (server, jid, "correct horse battery", &mechanism, &error));
  g_assert_no_error (error);
  g_test_message ("Prosody login mechanism: %s", mechanism);
}

static void
test_username_taken (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("taken");
  g_autoptr(SignetInbandRegistration) first = NULL;
  g_autoptr(SignetInbandRegistration) second = NULL;
  g_autoptr(GError) error = NULL;
  SignetDataForm *form;

  first = signet_test_xmpp_register (server, "open.localhost", username, "first password", &error);
  g_assert_no_error (error);

  second = signet_test_xmpp_register (server, "open.localhost", username, "second password", &error);
  signet_test_xmpp_assert_error (server, "username taken", error, SIGNET_INBAND_ERROR_USERNAME_TAKEN,
                                 signet_inband_registration_get_server_error (second), "conflict", "cancel");
  g_assert_cmpstr (signet_inband_registration_get_error_field (second), ==, "username");

  /* What was typed stays for the next try. */
  form = signet_inband_registration_get_form (second);
  g_assert_cmpstr (signet_data_form_get_value (form, "password"), ==, "second password");
  g_assert_false (signet_inband_registration_get_registered (second));
}

static void
test_missing_field (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("nopassword");
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  registration = signet_test_xmpp_register (server, "open.localhost", username, NULL, &error);
  signet_test_xmpp_assert_error (server, "missing field (password)", error, SIGNET_INBAND_ERROR_MISSING_FIELD,
                                 signet_inband_registration_get_server_error (registration),
                                 "not-acceptable", "modify");
  /* "Password: Required value missing" names the field by its label. */
  g_assert_cmpstr (signet_inband_registration_get_error_field (registration), ==, "password");

  /* The same stream takes the corrected form. */
  signet_data_form_field_set_value (signet_data_form_get_field (signet_inband_registration_get_form (registration),
                                                                "password"), "now with a password");
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
                                 "not-acceptable", "modify");
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

  first = signet_test_xmpp_register (server, "throttle.localhost", first_name, "a password", &error);
  g_assert_no_error (error);

  second = signet_test_xmpp_register (server, "throttle.localhost", second_name, "a password", &error);
  signet_test_xmpp_assert_error (server, "throttled", error, SIGNET_INBAND_ERROR_THROTTLED,
                                 signet_inband_registration_get_server_error (second),
                                 "policy-violation", "wait");
}

static void
test_forbidden_ip (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("blocked");
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  registration = signet_test_xmpp_register (server, "blocked.localhost", username, "a password", &error);
  signet_test_xmpp_assert_error (server, "forbidden IP", error, SIGNET_INBAND_ERROR_FORBIDDEN,
                                 signet_inband_registration_get_server_error (registration),
                                 "forbidden", "auth");
}

static void
test_disabled (void)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (server, "disabled.localhost");
  g_autoptr(SignetInbandRegistration) registration = signet_inband_registration_new (connection);
  g_autoptr(GError) error = NULL;

  g_assert_false (signet_test_xmpp_fetch (registration, &error));
  g_assert_false (signet_inband_registration_get_feature_advertised (registration));
  signet_test_xmpp_assert_error (server, "registration disabled", error, SIGNET_INBAND_ERROR_NOT_OFFERED,
                                 signet_inband_registration_get_server_error (registration),
                                 "service-unavailable", "cancel");
}

static void
test_invite_only (void)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (server, "invite.localhost");
  g_autoptr(SignetInbandRegistration) registration = signet_inband_registration_new (connection);
  g_autoptr(GError) error = NULL;
  SignetDataForm *form;

  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  g_assert_no_error (error);
  g_assert_true (signet_inband_registration_get_invites_advertised (registration));

  form = signet_inband_registration_get_form (registration);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), "invited");
  signet_data_form_field_set_value (signet_data_form_get_field (form, "password"), "a password");
  g_assert_false (signet_test_xmpp_submit (registration, &error));
  signet_test_xmpp_assert_error (server, "invite-only", error, SIGNET_INBAND_ERROR_INVITE_ONLY,
                                 signet_inband_registration_get_server_error (registration),
                                 "not-acceptable", "modify");
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
  g_assert_nonnull (strstr (signet_inband_registration_get_instructions (registration),
                            "https://redirect.localhost/sign-up"));

  /* Nothing is sent: the server said where to go. */
  g_assert_false (signet_test_xmpp_submit (registration, &error));
  g_assert_error (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_WEB_ONLY);
  g_test_message ("MATRIX|Prosody|web redirect (OOB)|result: instructions + jabber:x:oob "
                  "https://redirect.localhost/sign-up|form kind WEB, get_web_url()|%s", error->message);
}

static void
test_insecure_redirect (void)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (server, "http-redirect.localhost");
  g_autoptr(SignetInbandRegistration) registration = signet_inband_registration_new (connection);
  g_autoptr(GError) error = NULL;

  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  g_assert_no_error (error);
  g_assert_cmpint (signet_inband_registration_get_form_kind (registration), ==, SIGNET_INBAND_FORM_WEB);
  g_assert_null (signet_inband_registration_get_web_url (registration));
  g_assert_cmpstr (signet_inband_registration_get_insecure_web_url (registration), ==,
                   "http://redirect.localhost/sign-up");
  g_test_message ("MATRIX|Prosody|web redirect to http://|result: jabber:x:oob http://…|form kind WEB, "
                  "no link (get_insecure_web_url() as text only)|");
}

/* The first submission comes back as a modify error with a longer form. */
static SignetInbandRegistration *
register_on_forms_host (const char *username,
                        const char *password)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (server, "forms.localhost");
  g_autoptr(SignetInbandRegistration) registration = signet_inband_registration_new (connection);
  g_autoptr(GError) error = NULL;
  SignetDataForm *first;
  SignetDataForm *form;

  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  g_assert_no_error (error);
  first = signet_inband_registration_get_form (registration);
  g_assert_null (signet_data_form_get_field (first, "nickname"));
  signet_data_form_field_set_value (signet_data_form_get_field (first, "username"), username);
  signet_data_form_field_set_value (signet_data_form_get_field (first, "password"), password);

  g_assert_false (signet_test_xmpp_submit (registration, &error));
  signet_test_xmpp_assert_error (server, "modify error carrying a form (test module)", error,
                                 SIGNET_INBAND_ERROR_MISSING_FIELD,
                                 signet_inband_registration_get_server_error (registration),
                                 "not-acceptable", "modify");
  g_assert_cmpstr (signet_inband_registration_get_error_field (registration), ==, "nickname");

  /* The server's new form, with what was typed. */
  form = signet_inband_registration_get_form (registration);
  g_assert_true (form != first);
  g_assert_cmpstr (signet_data_form_get_value (form, "username"), ==, username);
  g_assert_cmpstr (signet_data_form_get_value (form, "password"), ==, password);
  g_assert_true (signet_data_form_field_get_required (signet_data_form_get_field (form, "nickname")));
  g_assert_cmpstr (signet_data_form_get_instructions (form)[0], ==, "Please also choose a nickname.");

  signet_data_form_field_set_value (signet_data_form_get_field (form, "nickname"), "Nick");
  g_clear_error (&error);
  g_assert_true (signet_test_xmpp_submit (registration, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&registration);
}

static void
test_modify_error_form (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("formal");
  g_autoptr(SignetInbandRegistration) registration = register_on_forms_host (username, "a password");
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = signet_test_xmpp_complete (registration, &error);
  g_assert_no_error (error);
  g_assert_true (signet_test_xmpp_login (server, signet_account_get_jid (account), "a password", NULL, &error));
  g_assert_no_error (error);
}

/* Changing the password and closing the account with the forms a server
 * may ask for (XEP-0077 §3.2, §3.3). */
static void
test_account_forms (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("paperwork");
  g_autofree char *jid = g_strdup_printf ("%s@forms.localhost", username);
  g_autoptr(SignetInbandRegistration) registration = register_on_forms_host (username, "old password");
  g_autoptr(SignetConnection) settings = signet_test_xmpp_server_connection (server, "forms.localhost");
  g_autoptr(SignetXmppAccount) account = signet_xmpp_account_new (settings, jid, "old password");
  g_autoptr(SignetDataForm) form = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (signet_test_xmpp_change_password (account, "new password", NULL, &error));
  signet_test_xmpp_assert_error (server, "change password: form required (test module)", error,
                                 SIGNET_INBAND_ERROR_FORM_REQUIRED,
                                 signet_xmpp_account_get_server_error (account), "not-authorized", "modify");
  form = g_object_ref (signet_xmpp_account_get_form (account));
  g_assert_cmpstr (signet_data_form_get_form_type (form), ==, SIGNET_NS_REGISTER_CHANGEPASSWORD);
  g_assert_cmpstr (signet_data_form_get_value (form, "username"), ==, username);
  g_assert_cmpstr (signet_data_form_get_value (form, "old_password"), ==, "old password");
  g_assert_cmpstr (signet_data_form_get_value (form, "password"), ==, "new password");

  g_clear_error (&error);
  g_assert_true (signet_test_xmpp_change_password (account, "new password", form, &error));
  g_assert_no_error (error);
  g_assert_true (signet_test_xmpp_login (server, jid, "new password", NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&form);

  g_assert_false (signet_test_xmpp_unregister (account, NULL, &error));
  signet_test_xmpp_assert_error (server, "unregister: form required (test module)", error,
                                 SIGNET_INBAND_ERROR_FORM_REQUIRED,
                                 signet_xmpp_account_get_server_error (account), "not-allowed", "cancel");
  form = g_object_ref (signet_xmpp_account_get_form (account));
  g_assert_cmpstr (signet_data_form_get_form_type (form), ==, SIGNET_NS_REGISTER_CANCEL);
  /* The cancel form's password is the account's current one. */
  g_assert_cmpstr (signet_data_form_get_value (form, "password"), ==, "new password");

  g_clear_error (&error);
  g_assert_true (signet_test_xmpp_unregister (account, form, &error));
  g_assert_no_error (error);
  g_assert_false (signet_test_xmpp_login (server, jid, "new password", NULL, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);
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
  g_assert_null (signet_xmpp_account_get_keyring_error (account));
  signet_test_xmpp_report (server, "change password", NULL, NULL);

  secret = signet_test_xmpp_keyring_lookup ("open.localhost", jid);
  g_assert_cmpstr (secret, ==, "new password");

  g_assert_true (signet_test_xmpp_login (server, jid, "new password", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (signet_test_xmpp_login (server, jid, "old password", NULL, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);
}

/* A sign-up whose answer was lost made the account: the same username and
 * password again find it "taken", log in to it, and finish; another
 * password still hears that the name is taken. */
static void
test_taken_by_same_person (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("lost");
  g_autofree char *lower = g_ascii_strdown (username, -1);
  g_autofree char *jid = g_strdup_printf ("%s@open.localhost", lower);
  g_autoptr(SignetInbandRegistration) first = NULL;
  g_autoptr(SignetInbandRegistration) again = NULL;
  g_autoptr(SignetInbandRegistration) other = NULL;
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  /* Accepted, but the answer never reached the person. */
  first = signet_test_xmpp_register (server, "open.localhost", username, "lost password", &error);
  g_assert_no_error (error);

  other = signet_test_xmpp_register (server, "open.localhost", username, "somebody else", &error);
  g_assert_error (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_USERNAME_TAKEN);
  g_assert_false (signet_inband_registration_get_registered (other));
  g_clear_error (&error);

  again = signet_test_xmpp_register (server, "open.localhost", username, "lost password", &error);
  g_assert_no_error (error);
  g_assert_true (signet_inband_registration_get_registered (again));
  account = signet_test_xmpp_complete (again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_account_get_jid (account), ==, jid);
  secret = signet_test_xmpp_keyring_lookup ("open.localhost", jid);
  g_assert_cmpstr (secret, ==, "lost password");
}

/* A change of password whose answer was lost went through: run again with
 * the old password, the new one is found to work and the keyring follows;
 * a different new password is still refused. */
static void
test_passwd_changed_already (void)
{
  g_autofree char *jid = NULL;
  g_autoptr(SignetXmppAccount) first = register_account ("changed", "old password", &jid);
  g_autoptr(SignetConnection) settings = signet_test_xmpp_server_connection (server, "open.localhost");
  g_autoptr(SignetXmppAccount) again = signet_xmpp_account_new (settings, jid, "old password");
  g_autoptr(SignetXmppAccount) other = signet_xmpp_account_new (settings, jid, "old password");
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  g_assert_true (signet_test_xmpp_change_password (first, "new password", NULL, &error));
  g_assert_no_error (error);

  g_assert_false (signet_test_xmpp_change_password (other, "another password", NULL, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);
  g_clear_error (&error);

  g_assert_true (signet_test_xmpp_change_password (again, "new password", NULL, &error));
  g_assert_no_error (error);
  secret = signet_test_xmpp_keyring_lookup ("open.localhost", jid);
  g_assert_cmpstr (secret, ==, "new password");
  g_assert_true (signet_test_xmpp_login (server, jid, "new password", NULL, &error));
  g_assert_no_error (error);
}

/* An account closed on a run whose answer was lost: the next run's login is
 * refused, and only the note left before the request tells "gone" from
 * "wrong password". */
static void
test_unregister_closed_already (void)
{
  g_autofree char *jid = NULL;
  g_autoptr(SignetXmppAccount) first = register_account ("closed", "a password", &jid);
  g_autoptr(SignetConnection) settings = signet_test_xmpp_server_connection (server, "open.localhost");
  g_autoptr(SignetXmppAccount) unsure = signet_xmpp_account_new (settings, jid, "a password");
  g_autoptr(SignetXmppAccount) again = signet_xmpp_account_new (settings, jid, "a password");
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  g_assert_true (signet_test_xmpp_unregister (first, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (signet_account_store_get_closing (jid));

  /* Without the note, a refused password is only that. */
  g_assert_false (signet_test_xmpp_unregister (unsure, NULL, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);
  g_clear_error (&error);

  /* As if the first answer had been lost. */
  g_assert_true (signet_account_store_mark_closing (jid, &error));
  g_assert_no_error (error);
  g_assert_true (signet_test_xmpp_unregister (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (signet_account_store_get_closing (jid));
  secret = signet_test_xmpp_keyring_lookup ("open.localhost", jid);
  g_assert_null (secret);
}

static void
test_unregister (void)
{
  g_autofree char *jid = NULL;
  g_autoptr(SignetXmppAccount) account = register_account ("leaving", "a password", &jid);
  g_autoptr(SignetAccount) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  g_assert_true (signet_test_xmpp_unregister (account, NULL, &error));
  g_assert_no_error (error);
  signet_test_xmpp_report (server, "unregister", NULL, NULL);

  secret = signet_test_xmpp_keyring_lookup ("open.localhost", jid);
  g_assert_null (secret);
  record = signet_account_store_load (jid, &error);
  g_assert_null (record);
  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (signet_test_xmpp_login (server, jid, "a password", NULL, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);
}

static void
on_stream_lost (SignetInbandRegistration *registration,
                const GError             *error,
                gpointer                  user_data)
{
  GError **slot = user_data;

  *slot = g_error_copy (error);
}

static void
test_refetch_after_drop (void)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (short_server, "open.localhost");
  g_autoptr(SignetInbandRegistration) registration = signet_inband_registration_new (connection);
  g_autofree char *username = signet_test_xmpp_new_username ("patient");
  g_autoptr(GError) closed_error = NULL;
  g_autoptr(GError) error = NULL;
  SignetDataForm *form;

  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  g_assert_no_error (error);
  form = signet_inband_registration_get_form (registration);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), username);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "password"), "typed slowly");

  /* The person takes longer than the server waits. */
  g_signal_connect (registration, "stream-lost", G_CALLBACK (on_stream_lost), &closed_error);
  signet_test_async_wait_for_pointer ((gpointer *) &closed_error);
  g_test_message ("The server dropped the stream: %s", closed_error->message);
  g_assert_false (signet_connection_is_connected (signet_inband_registration_get_connection (registration)));

  /* Submitting fetches the form again on a new stream and keeps what was typed. */
  g_assert_true (signet_test_xmpp_submit (registration, &error));
  g_assert_no_error (error);
  g_assert_true (signet_inband_registration_get_connection (registration) != connection);
  g_test_message ("MATRIX|Prosody|stream dropped while filling in (c2s_timeout)|stream error "
                  "connection-timeout|form fetched again on a new stream, typed values kept, "
                  "submitted|success");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *plugins = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!signet_test_xmpp_server_available (SIGNET_TEST_XMPP_PROSODY))
    {
      g_test_skip ("Prosody is not installed; build-aux/setup installs it");
      return g_test_run ();
    }

  /* Both start side by side while the other waits. */
  plugins = signet_test_xmpp_dup_plugin_paths ();
  server = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_PROSODY, plugins, hosts);
  short_server = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_PROSODY, "c2s_timeout = 2", short_hosts);
  signet_test_xmpp_server_wait (server);
  signet_test_xmpp_server_wait (short_server);

  g_test_add_func ("/xep0077/prosody/success-then-login", test_success_then_login);
  g_test_add_func ("/xep0077/prosody/username-taken", test_username_taken);
  g_test_add_func ("/xep0077/prosody/missing-field", test_missing_field);
  g_test_add_func ("/xep0077/prosody/invalid-username", test_invalid_username);
  g_test_add_func ("/xep0077/prosody/throttled", test_throttled);
  g_test_add_func ("/xep0077/prosody/forbidden-ip", test_forbidden_ip);
  g_test_add_func ("/xep0077/prosody/disabled", test_disabled);
  g_test_add_func ("/xep0077/prosody/invite-only", test_invite_only);
  g_test_add_func ("/xep0077/prosody/web-redirect", test_web_redirect);
  g_test_add_func ("/xep0077/prosody/insecure-redirect", test_insecure_redirect);
  g_test_add_func ("/xep0077/prosody/modify-error-form", test_modify_error_form);
  g_test_add_func ("/xep0077/prosody/account-forms", test_account_forms);
  g_test_add_func ("/xep0077/prosody/change-password", test_change_password);
  g_test_add_func ("/xep0077/prosody/unregister", test_unregister);
  g_test_add_func ("/xep0077/prosody/taken-by-same-person", test_taken_by_same_person);
  g_test_add_func ("/xep0077/prosody/passwd-changed-already", test_passwd_changed_already);
  g_test_add_func ("/xep0077/prosody/unregister-closed-already", test_unregister_closed_already);
  g_test_add_func ("/xep0077/prosody/refetch-after-drop", test_refetch_after_drop);
  signet_test_xmpp_add_cli_tests (server, "prosody", "open.localhost", NULL);
  signet_test_xmpp_add_cli_forms_test (server, "prosody", "forms.localhost");

  status = g_test_run ();

  signet_test_xmpp_server_stop (short_server);
  signet_test_xmpp_server_stop (server);

  return status;
}
