/* test-xep0077-errors.c: what every server answer means to a person, and
 * how XEP-0077 replies are read, without a server.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-inband-registration.h"

typedef struct
{
  const char          *condition;
  const char          *type;
  const char          *text;
  SignetInbandStep step;
  SignetInbandContext context;
  SignetInbandError expected;
  const char          *field;
} Case;

#define SUBMIT SIGNET_INBAND_STEP_SUBMIT
#define FETCH SIGNET_INBAND_STEP_FETCH
#define PASSWD SIGNET_INBAND_STEP_CHANGE_PASSWORD
#define REMOVE SIGNET_INBAND_STEP_UNREGISTER
#define NONE SIGNET_INBAND_CONTEXT_NONE

/* What Prosody and ejabberd send, row by row, plus XEP-0077's own conditions. */
static const Case cases[] = {
  /* Username taken */
  { "conflict", "cancel", "The requested username already exists.", SUBMIT, NONE, SIGNET_INBAND_ERROR_USERNAME_TAKEN, "username" },
  { "conflict", "cancel", "User already exists", SUBMIT, NONE, SIGNET_INBAND_ERROR_USERNAME_TAKEN, "username" },
  /* Missing field */
  { "not-acceptable", "modify", "Password: Required value missing", SUBMIT, NONE, SIGNET_INBAND_ERROR_MISSING_FIELD, "Password" },
  { "not-acceptable", "modify", "Username: Required value missing", SUBMIT, SIGNET_INBAND_CONTEXT_INVITES, SIGNET_INBAND_ERROR_MISSING_FIELD, "Username" },
  /* Weak password */
  { "not-acceptable", "modify", "The password is too weak", SUBMIT, NONE, SIGNET_INBAND_ERROR_WEAK_PASSWORD, "password" },
  { "not-acceptable", "cancel", "Please use a longer password.", SUBMIT, NONE, SIGNET_INBAND_ERROR_WEAK_PASSWORD, "password" },
  { "not-acceptable", "modify", "The password is too weak", PASSWD, NONE, SIGNET_INBAND_ERROR_WEAK_PASSWORD, "password" },
  { "not-acceptable", "modify", "The password contains unacceptable characters", SUBMIT, NONE, SIGNET_INBAND_ERROR_NOT_ACCEPTABLE, "password" },
  /* Invalid username */
  { "not-acceptable", "modify", "The requested username is invalid.", SUBMIT, NONE, SIGNET_INBAND_ERROR_USERNAME_INVALID, "username" },
  { "jid-malformed", "modify", "Malformed username", SUBMIT, NONE, SIGNET_INBAND_ERROR_USERNAME_INVALID, "username" },
  /* Before TLS (Signet never gets there, but a server may say it anyway) */
  { "policy-violation", "modify", "Encryption is required", SUBMIT, NONE, SIGNET_INBAND_ERROR_POLICY_VIOLATION, NULL },
  /* Throttled */
  { "policy-violation", "wait", "Too many registrations from this IP address recently", SUBMIT, NONE, SIGNET_INBAND_ERROR_THROTTLED, NULL },
  { "resource-constraint", "wait", "Users are not allowed to register accounts so quickly", SUBMIT, NONE, SIGNET_INBAND_ERROR_THROTTLED, NULL },
  { "resource-constraint", "wait", "Too many CAPTCHA requests", FETCH, NONE, SIGNET_INBAND_ERROR_THROTTLED, NULL },
  { "not-allowed", "wait", NULL, SUBMIT, NONE, SIGNET_INBAND_ERROR_THROTTLED, NULL },
  /* IP denied */
  { "forbidden", "auth", "Your IP address is blocklisted", SUBMIT, NONE, SIGNET_INBAND_ERROR_FORBIDDEN, NULL },
  { "forbidden", "auth", "Access denied by service policy", SUBMIT, NONE, SIGNET_INBAND_ERROR_FORBIDDEN, NULL },
  /* Registration disabled */
  { "service-unavailable", "cancel", NULL, FETCH, NONE, SIGNET_INBAND_ERROR_NOT_OFFERED, NULL },
  { "feature-not-implemented", "cancel", NULL, SUBMIT, NONE, SIGNET_INBAND_ERROR_NOT_OFFERED, NULL },
  /* Invite-only */
  { "not-acceptable", "modify", "Registration on this server is through invitation only", SUBMIT, SIGNET_INBAND_CONTEXT_INVITES, SIGNET_INBAND_ERROR_INVITE_ONLY, NULL },
  { "not-acceptable", "modify", NULL, SUBMIT, SIGNET_INBAND_CONTEXT_INVITES, SIGNET_INBAND_ERROR_INVITE_ONLY, NULL },
  { "not-acceptable", "modify", NULL, SUBMIT, NONE, SIGNET_INBAND_ERROR_NOT_ACCEPTABLE, NULL },
  { "forbidden", "cancel", "The invite token is invalid or expired", SUBMIT, SIGNET_INBAND_CONTEXT_INVITES, SIGNET_INBAND_ERROR_INVITE_ONLY, NULL },
  /* Redirect to the web */
  { "not-authorized", "cancel", NULL, SUBMIT, SIGNET_INBAND_CONTEXT_WEB, SIGNET_INBAND_ERROR_WEB_ONLY, NULL },
  { "not-authorized", "cancel", NULL, SUBMIT, NONE, SIGNET_INBAND_ERROR_NOT_ALLOWED, NULL },
  /* CAPTCHA */
  { "not-allowed", "cancel", "The CAPTCHA verification has failed", SUBMIT, SIGNET_INBAND_CONTEXT_CAPTCHA, SIGNET_INBAND_ERROR_CAPTCHA_FAILED, NULL },
  { "not-allowed", "cancel", NULL, SUBMIT, NONE, SIGNET_INBAND_ERROR_NOT_ALLOWED, NULL },
  { "bad-request", "modify", "Incorrect CAPTCHA submit", SUBMIT, SIGNET_INBAND_CONTEXT_CAPTCHA, SIGNET_INBAND_ERROR_CAPTCHA_FAILED, NULL },
  { "bad-request", "modify", NULL, SUBMIT, NONE, SIGNET_INBAND_ERROR_BAD_REQUEST, NULL },
  { "internal-server-error", "wait", "Unable to generate a CAPTCHA", FETCH, NONE, SIGNET_INBAND_ERROR_SERVER_INTERNAL, NULL },
  /* Storage failure */
  { "internal-server-error", "wait", "Failed to write data to disk.", SUBMIT, NONE, SIGNET_INBAND_ERROR_SERVER_INTERNAL, NULL },
  { "internal-server-error", "wait", "Database failure", SUBMIT, NONE, SIGNET_INBAND_ERROR_SERVER_INTERNAL, NULL },
  /* Changing the password and closing the account (XEP-0077 §3.2, §3.3) */
  { "not-authorized", "modify", NULL, PASSWD, NONE, SIGNET_INBAND_ERROR_NOT_ALLOWED, NULL },
  { "not-allowed", "cancel", NULL, PASSWD, NONE, SIGNET_INBAND_ERROR_NOT_ALLOWED, NULL },
  { "bad-request", "modify", NULL, PASSWD, NONE, SIGNET_INBAND_ERROR_BAD_REQUEST, NULL },
  { "unexpected-request", "cancel", NULL, PASSWD, NONE, SIGNET_INBAND_ERROR_NOT_REGISTERED, NULL },
  { "forbidden", "cancel", NULL, REMOVE, NONE, SIGNET_INBAND_ERROR_NOT_ALLOWED, NULL },
  { "registration-required", "cancel", NULL, REMOVE, NONE, SIGNET_INBAND_ERROR_NOT_REGISTERED, NULL },
  { "unexpected-request", "cancel", NULL, REMOVE, NONE, SIGNET_INBAND_ERROR_NOT_REGISTERED, NULL },
  { "resource-constraint", "wait", NULL, REMOVE, NONE, SIGNET_INBAND_ERROR_THROTTLED, NULL },
  /* Anything else names the condition */
  { "gone", "cancel", NULL, SUBMIT, NONE, SIGNET_INBAND_ERROR_FAILED, NULL },
};

static void
test_matrix (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(SignetStanzaError) stanza_error = signet_stanza_error_new (c->condition, c->type, c->text);
      g_autoptr(GError) error = NULL;
      g_autofree char *field = NULL;

      error = signet_inband_error_from_stanza_error (stanza_error, c->step, c->context, &field);
      g_test_message ("%s/%s \"%s\" (step %d) → %d %s", c->type, c->condition, c->text ? c->text : "",
                      c->step, error->code, error->message);
      g_assert_error (error, SIGNET_INBAND_ERROR, (int) c->expected);
      g_assert_cmpstr (field, ==, c->field);
      /* Never the bare word "Error", never empty. */
      g_assert_cmpuint (strlen (error->message), >, 20);
      if (c->expected == SIGNET_INBAND_ERROR_FAILED)
        g_assert_nonnull (strstr (error->message, c->condition));
    }
}

static void
test_stream_errors (void)
{
  g_autoptr(GError) not_authorized = g_error_new_literal (SIGNET_CONNECTION_ERROR,
                                                          SIGNET_CONNECTION_ERROR_STREAM_NOT_AUTHORIZED, "x");
  g_autoptr(GError) policy = g_error_new_literal (SIGNET_CONNECTION_ERROR,
                                                  SIGNET_CONNECTION_ERROR_STREAM_POLICY_VIOLATION, "x");
  g_autoptr(GError) timeout = g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TIMEOUT, "x");
  g_autoptr(GError) mapped = NULL;

  mapped = signet_inband_error_from_connection_error (not_authorized, "example.org");
  g_assert_error (mapped, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_OFFERED);
  g_assert_nonnull (strstr (mapped->message, "example.org"));
  g_clear_error (&mapped);

  mapped = signet_inband_error_from_connection_error (policy, "example.org");
  g_assert_error (mapped, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_POLICY_VIOLATION);
  g_clear_error (&mapped);

  mapped = signet_inband_error_from_connection_error (timeout, "example.org");
  g_assert_error (mapped, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TIMEOUT);
}

static SignetXmlNode *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SignetXmlNode *node = signet_xml_node_parse (xml, -1, &error);

  g_assert_no_error (error);
  return node;
}

/* What Prosody 0.12 sends: both, and the form wins. */
static void
test_read_prosody_form (void)
{
  g_autoptr(SignetXmlNode) iq = parse (
    "<iq xmlns='jabber:client' type='result' id='g1'><query xmlns='jabber:iq:register'>"
    "<instructions>Choose a username and password for use with this service.</instructions>"
    "<username/><password/>"
    "<x xmlns='jabber:x:data' type='form'><title>Creating a new account</title>"
    "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
    "<field var='username' type='text-single' label='Username'><required/></field>"
    "<field var='password' type='text-private' label='Password'><required/></field>"
    "<field var='email' type='text-single' label='Email'/></x></query></iq>");
  g_autoptr(SignetDataForm) form = NULL;
  g_autoptr(GError) error = NULL;
  gboolean legacy = TRUE;

  form = signet_inband_read_form (iq, NULL, &legacy, &error);
  g_assert_no_error (error);
  g_assert_false (legacy);
  g_assert_cmpstr (signet_data_form_get_title (form), ==, "Creating a new account");
  g_assert_nonnull (signet_data_form_get_field (form, "email"));
  g_assert_false (signet_data_form_field_get_required (signet_data_form_get_field (form, "email")));
}

/* What ejabberd 23.01 sends without a CAPTCHA: legacy fields only. */
static void
test_read_legacy (void)
{
  g_autoptr(SignetXmlNode) iq = parse (
    "<iq xmlns='jabber:client' type='result' id='g1'><query xmlns='jabber:iq:register'>"
    "<username/><password/><email>me@example.org</email><key>abc</key>"
    "<instructions>Choose a username and password to register with this server</instructions>"
    "</query></iq>");
  g_autoptr(SignetDataForm) form = NULL;
  SignetDataFormField *field;
  gboolean legacy = FALSE;

  form = signet_inband_read_form (iq, NULL, &legacy, NULL);
  g_assert_true (legacy);
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, 4);

  field = signet_data_form_get_field (form, "password");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE);
  g_assert_true (signet_data_form_field_get_required (field));
  g_assert_nonnull (signet_data_form_field_get_label (field));

  field = signet_data_form_get_field (form, "email");
  g_assert_cmpstr (signet_data_form_field_get_value (field), ==, "me@example.org");

  /* A token to echo, not something to ask for. */
  field = signet_data_form_get_field (form, "key");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_HIDDEN);
  g_assert_cmpstr (signet_data_form_field_get_value (field), ==, "abc");
  g_assert_null (signet_data_form_get_field (form, "instructions"));
}

/* ejabberd's CAPTCHA form in the urn:xmpp:captcha flavour, with its picture
 * as Bits of Binary beside the form. */
static void
test_read_captcha (void)
{
  g_autoptr(SignetXmlNode) iq = parse (
    "<iq xmlns='jabber:client' type='result' id='g1'><query xmlns='jabber:iq:register'>"
    "<x xmlns='jabber:x:data' type='form'>"
    "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:captcha</value></field>"
    "<field var='username' type='text-single'><required/></field>"
    "<field var='challenge' type='hidden'><value>1234</value></field>"
    "<field var='ocr' type='text-single' label='Enter the text you see'>"
    "<media xmlns='urn:xmpp:media-element'><uri type='image/png'>cid:sha1+aa@bob.xmpp.org</uri></media>"
    "<required/></field></x>"
    "<data xmlns='urn:xmpp:bob' cid='sha1+aa@bob.xmpp.org' type='image/png'>iVBORw0KGgo=</data>"
    "</query></iq>");
  g_autoptr(SignetDataForm) form = NULL;
  GBytes *image;
  SignetDataFormField *ocr;
  const char *mime_type = NULL;

  form = signet_inband_read_form (iq, NULL, NULL, NULL);
  g_assert_nonnull (form);
  ocr = signet_data_form_get_field (form, "ocr");
  g_assert_true (signet_inband_field_is_captcha (ocr));
  image = signet_data_form_media_get_data (signet_data_form_field_get_media (ocr, 0), &mime_type);
  g_assert_nonnull (image);
  g_assert_cmpstr (mime_type, ==, "image/png");
  g_assert_cmpuint (g_bytes_get_size (image), ==, 8);
}

static void
test_read_rejects (void)
{
  /* Another protocol's form: the legacy fields still say what to send. */
  g_autoptr(SignetXmlNode) other = parse (
    "<iq xmlns='jabber:client' type='result'><query xmlns='jabber:iq:register'><username/>"
    "<x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'><value>urn:example</value></field>"
    "<field var='thing' type='text-single'/></x></query></iq>");
  /* An error that echoes what was submitted is not a form to fill in. */
  g_autoptr(SignetXmlNode) echo = parse (
    "<iq xmlns='jabber:client' type='error'><query xmlns='jabber:iq:register'>"
    "<x xmlns='jabber:x:data' type='submit'><field var='username'><value>bob</value></field></x></query>"
    "<error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
  g_autoptr(SignetXmlNode) empty = parse ("<iq xmlns='jabber:client' type='result'/>");
  g_autoptr(SignetDataForm) form = NULL;
  gboolean legacy = FALSE;

  form = signet_inband_read_form (other, NULL, &legacy, NULL);
  g_assert_true (legacy);
  g_assert_nonnull (signet_data_form_get_field (form, "username"));
  g_clear_object (&form);

  form = signet_inband_read_form (echo, NULL, &legacy, NULL);
  g_assert_null (form);

  form = signet_inband_read_form (empty, NULL, &legacy, NULL);
  g_assert_null (form);
}

static void
test_keep_values (void)
{
  g_autoptr(SignetDataForm) old = signet_data_form_new (SIGNET_DATA_FORM_TYPE_FORM);
  g_autoptr(SignetDataForm) fresh = signet_data_form_new (SIGNET_DATA_FORM_TYPE_FORM);

  signet_data_form_set_field (old, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "username", "alice");
  signet_data_form_set_field (old, SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE, "password", "secret");
  signet_data_form_set_field (old, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "ocr", "old answer");
  signet_data_form_set_field (old, SIGNET_DATA_FORM_FIELD_HIDDEN, "challenge", "1");
  signet_data_form_set_field (old, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "nick", "typed");

  signet_data_form_set_field (fresh, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "username", NULL);
  signet_data_form_set_field (fresh, SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE, "password", NULL);
  signet_data_form_set_field (fresh, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "ocr", NULL);
  signet_data_form_set_field (fresh, SIGNET_DATA_FORM_FIELD_HIDDEN, "challenge", "2");
  /* A value the server suggests wins over an old one. */
  signet_data_form_set_field (fresh, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "nick", "suggested");

  signet_inband_form_keep_values (fresh, old);

  g_assert_cmpstr (signet_data_form_get_value (fresh, "username"), ==, "alice");
  g_assert_cmpstr (signet_data_form_get_value (fresh, "password"), ==, "secret");
  g_assert_null (signet_data_form_get_value (fresh, "ocr"));
  g_assert_cmpstr (signet_data_form_get_value (fresh, "challenge"), ==, "2");
  g_assert_cmpstr (signet_data_form_get_value (fresh, "nick"), ==, "suggested");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xep0077/errors/matrix", test_matrix);
  g_test_add_func ("/xep0077/errors/stream-errors", test_stream_errors);
  g_test_add_func ("/xep0077/forms/prosody", test_read_prosody_form);
  g_test_add_func ("/xep0077/forms/legacy", test_read_legacy);
  g_test_add_func ("/xep0077/forms/captcha", test_read_captcha);
  g_test_add_func ("/xep0077/forms/rejects", test_read_rejects);
  g_test_add_func ("/xep0077/forms/keep-values", test_keep_values);

  return g_test_run ();
}
