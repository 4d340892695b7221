/* test-stanza-error.c: every server error maps to its own, specific error.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-registration.h"

static SignetStanzaError *
parse_error_iq (const char *error_xml)
{
  g_autofree char *text = g_strdup_printf ("<iq xmlns='jabber:client' type='error' id='x'>"
                                           "<query xmlns='jabber:iq:register'/>%s</iq>", error_xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetXmlNode) iq = signet_xml_node_parse (text, -1, &error);

  g_assert_no_error (error);
  return signet_stanza_error_from_stanza (iq);
}

static void
test_parse (void)
{
  g_autoptr(SignetStanzaError) error =
    parse_error_iq ("<error code='503' type='wait'>"
                    "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                    "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>Too many attempts.</text>"
                    "</error>");

  g_assert_cmpstr (signet_stanza_error_get_condition (error), ==, "service-unavailable");
  g_assert_cmpstr (signet_stanza_error_get_error_type (error), ==, "wait");
  g_assert_cmpstr (signet_stanza_error_get_text (error), ==, "Too many attempts.");
  g_assert_true (signet_stanza_error_is (error, "service-unavailable", "wait"));
  g_assert_false (signet_stanza_error_is (error, "service-unavailable", "cancel"));
}

static void
test_parse_degenerate (void)
{
  g_autoptr(SignetStanzaError) no_error_child = parse_error_iq ("");
  g_autoptr(SignetStanzaError) no_condition = parse_error_iq ("<error type='cancel'/>");
  g_autoptr(SignetXmlNode) result = signet_xml_node_parse ("<iq type='result' id='1'/>", -1, NULL);

  g_assert_cmpstr (signet_stanza_error_get_condition (no_error_child), ==, "undefined-condition");
  g_assert_cmpstr (signet_stanza_error_get_condition (no_condition), ==, "undefined-condition");
  g_assert_null (signet_stanza_error_get_text (no_condition));
  g_assert_null (signet_stanza_error_from_stanza (result));
}

typedef struct
{
  const char             *condition;
  const char             *type;
  const char             *text;
  SignetRegistrationStep step;
  int code;
} Mapping;

/* The errors Kontalk's server sends (docs/protocol-kontalk.md). */
static const Mapping mappings[] = {
  { "conflict", "modify", "Another user is registered with the same id.",
    SIGNET_REGISTRATION_STEP_REQUEST, SIGNET_REGISTRATION_ERROR_CONFLICT },
  { "service-unavailable", "wait", "Too many attempts.",
    SIGNET_REGISTRATION_STEP_REQUEST, SIGNET_REGISTRATION_ERROR_THROTTLED },
  { "service-unavailable", "cancel", NULL,
    SIGNET_REGISTRATION_STEP_FORM, SIGNET_REGISTRATION_ERROR_NOT_OFFERED },
  { "service-unavailable", "cancel", NULL,
    SIGNET_REGISTRATION_STEP_REQUEST, SIGNET_REGISTRATION_ERROR_NOT_OFFERED },
  { "not-allowed", "cancel", "Registration is not allowed for this domain.",
    SIGNET_REGISTRATION_STEP_REQUEST, SIGNET_REGISTRATION_ERROR_NOT_OFFERED },
  { "feature-not-implemented", "cancel", NULL,
    SIGNET_REGISTRATION_STEP_FORM, SIGNET_REGISTRATION_ERROR_NOT_OFFERED },
  { "bad-request", "modify", "Bad phone number.",
    SIGNET_REGISTRATION_STEP_REQUEST, SIGNET_REGISTRATION_ERROR_BAD_NUMBER },
  { "bad-request", "modify", "Service terms were not accepted.",
    SIGNET_REGISTRATION_STEP_REQUEST, SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED },
  { "not-acceptable", "modify", "Unable to verify number.",
    SIGNET_REGISTRATION_STEP_REQUEST, SIGNET_REGISTRATION_ERROR_CANNOT_SEND },
  { "bad-request", "modify", "Invalid verification code.",
    SIGNET_REGISTRATION_STEP_CODE, SIGNET_REGISTRATION_ERROR_CODE_REFUSED },
  { "bad-request", "modify", "Invalid public key.",
    SIGNET_REGISTRATION_STEP_CODE, SIGNET_REGISTRATION_ERROR_KEY_REFUSED },
  { "internal-server-error", "wait", "Internal PGP error. Please contact administrator.",
    SIGNET_REGISTRATION_STEP_CODE, SIGNET_REGISTRATION_ERROR_SERVER_INTERNAL },
  { "internal-server-error", "cancel", "Database access problem, please contact administrator.",
    SIGNET_REGISTRATION_STEP_REQUEST, SIGNET_REGISTRATION_ERROR_SERVER_INTERNAL },
  { "resource-constraint", "wait", NULL,
    SIGNET_REGISTRATION_STEP_REQUEST, SIGNET_REGISTRATION_ERROR_THROTTLED },
  { "forbidden", "auth", "Invalid revocation key.",
    SIGNET_REGISTRATION_STEP_CODE, SIGNET_REGISTRATION_ERROR_FAILED },
  { "undefined-condition", "cancel", NULL,
    SIGNET_REGISTRATION_STEP_REQUEST, SIGNET_REGISTRATION_ERROR_FAILED },
};

static void
test_mappings (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (mappings); i++)
    {
      const Mapping *m = &mappings[i];
      g_autoptr(SignetStanzaError) stanza_error = signet_stanza_error_new (m->condition, m->type, m->text);
      g_autoptr(GError) error = signet_registration_error_from_stanza_error (stanza_error, m->step);

      g_test_message ("%s/%s at step %d", m->condition, m->type, m->step);
      g_assert_error (error, SIGNET_REGISTRATION_ERROR, m->code);
      /* Never a bare "Error": every message says what happened. */
      g_assert_cmpuint (strlen (error->message), >, 20);
    }
}

static void
test_messages_distinct (void)
{
  g_autoptr(GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Different outcomes must read differently to a person. */
  for (guint i = 0; i < G_N_ELEMENTS (mappings); i++)
    {
      g_autoptr(SignetStanzaError) stanza_error =
        signet_stanza_error_new (mappings[i].condition, mappings[i].type, mappings[i].text);
      g_autoptr(GError) error = signet_registration_error_from_stanza_error (stanza_error, mappings[i].step);
      gpointer code = g_hash_table_lookup (messages, error->message);

      if (code != NULL)
        g_assert_cmpint (GPOINTER_TO_INT (code) - 1, ==, error->code);
      else
        g_hash_table_insert (messages, g_strdup (error->message), GINT_TO_POINTER (error->code + 1));
    }
}

static SignetChallenge *
challenge_from (const char *fields,
                GError    **error)
{
  g_autofree char *text = g_strdup_printf ("<x xmlns='jabber:x:data' type='form'>"
                                           "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
                                           "%s</x>", fields);
  g_autoptr(SignetXmlNode) x = signet_xml_node_parse (text, -1, NULL);
  g_autoptr(SignetDataForm) form = signet_data_form_parse (x, NULL, NULL);

  g_assert_nonnull (form);
  return signet_challenge_new_from_form (form, "Instructions.", error);
}

static void
test_challenge_pin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge =
    challenge_from ("<field var='from' type='text-single'><value>12345</value></field>"
                    "<field var='challenge' type='text-single'><value>pin</value></field>"
                    "<field var='can-fallback' type='boolean'><value>true</value></field>"
                    "<field var='brand-image-small' type='text-single'><value>https://b/s.png</value></field>"
                    "<field var='brand-image-large' type='text-single'><value>https://b/l.png</value></field>"
                    "<field var='brand-link' type='text-single'><value>https://b/</value></field>", &error);

  g_assert_no_error (error);
  g_assert_cmpint (signet_challenge_get_challenge_type (challenge), ==, SIGNET_CHALLENGE_PIN);
  g_assert_cmpstr (signet_challenge_get_sender (challenge), ==, "12345");
  g_assert_cmpuint (signet_challenge_get_code_length (challenge), ==, 6);
  g_assert_true (signet_challenge_get_can_fallback (challenge));
  g_assert_cmpstr (signet_challenge_get_brand_image (challenge), ==, "https://b/l.png");
  g_assert_cmpstr (signet_challenge_get_brand_link (challenge), ==, "https://b/");
  g_assert_cmpstr (signet_challenge_get_instructions (challenge), ==, "Instructions.");
}

static void
test_challenge_missed_call (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge =
    challenge_from ("<field var='from'><value>+39-0612345????" "</value></field>"
                    "<field var='challenge'><value>missedcall</value></field>"
                    "<field var='can-fallback' type='boolean'><value>1</value></field>", &error);
  g_autofree char *prefix = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (signet_challenge_get_challenge_type (challenge), ==, SIGNET_CHALLENGE_MISSED_CALL);
  g_assert_cmpuint (signet_challenge_get_code_length (challenge), ==, 4);
  prefix = signet_challenge_dup_sender_prefix (challenge);
  g_assert_cmpstr (prefix, ==, "+39-0612345");
  g_assert_true (signet_challenge_get_can_fallback (challenge));
}

static void
test_challenge_caller_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge =
    challenge_from ("<field var='from'><value>+15550001111</value></field>"
                    "<field var='challenge'><value>callerid</value></field>"
                    "<field var='can-fallback' type='boolean'><value>yes</value></field>", &error);

  g_assert_no_error (error);
  g_assert_cmpint (signet_challenge_get_challenge_type (challenge), ==, SIGNET_CHALLENGE_CALLER_ID);
  g_assert_cmpuint (signet_challenge_get_code_length (challenge), ==, 0);
  g_assert_true (signet_challenge_get_can_fallback (challenge));
}

static void
test_challenge_invalid (void)
{
  const char *cases[] = {
    /* No sender: Android calls this an invalid response too. */
    "<field var='challenge'><value>pin</value></field>",
    "<field var='from'><value></value></field>",
    "<field var='from'><value>123</value></field><field var='challenge'><value>telepathy</value></field>",
    /* A missed call without a mask gives nothing to type. */
    "<field var='from'><value>+3906</value></field><field var='challenge'><value>missedcall</value></field>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetChallenge) challenge = challenge_from (cases[i], &error);

      g_assert_null (challenge);
      g_assert_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE);
    }
}

static void
test_challenge_default_pin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge =
    challenge_from ("<field var='from'><value>Kontalk</value></field>", &error);

  g_assert_no_error (error);
  g_assert_cmpint (signet_challenge_get_challenge_type (challenge), ==, SIGNET_CHALLENGE_PIN);
  g_assert_false (signet_challenge_get_can_fallback (challenge));
  g_assert_null (signet_challenge_get_brand_image (challenge));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stanza-error/parse", test_parse);
  g_test_add_func ("/stanza-error/parse-degenerate", test_parse_degenerate);
  g_test_add_func ("/stanza-error/registration-mappings", test_mappings);
  g_test_add_func ("/stanza-error/messages-distinct", test_messages_distinct);
  g_test_add_func ("/challenge/pin", test_challenge_pin);
  g_test_add_func ("/challenge/missed-call", test_challenge_missed_call);
  g_test_add_func ("/challenge/caller-id", test_challenge_caller_id);
  g_test_add_func ("/challenge/invalid", test_challenge_invalid);
  g_test_add_func ("/challenge/default-pin", test_challenge_default_pin);

  return g_test_run ();
}
