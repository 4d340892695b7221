/* test-data-form.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-data-form-private.h"
#include "signet-test-forms.h"

/* Every field type, with the trimmings XEP-0004 allows. */
static const char all_types_form[] =
  "<x xmlns='jabber:x:data' type='form'>"
  "<title>Sign up</title>"
  "<instructions>First paragraph.</instructions>"
  "<instructions>Second &amp; last.</instructions>"
  "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
  "<field type='fixed'><value>Section one</value></field>"
  "<field var='username' type='text-single' label='User name'>"
  "<desc>Letters and digits</desc><required/><value>alice</value></field>"
  "<field var='password' type='text-private' label='Password'><required/></field>"
  "<field var='bio' type='text-multi' label='About you'><value>line 1</value><value>line 2</value></field>"
  "<field var='newsletter' type='boolean' label='News'><value>0</value></field>"
  "<field var='buddy' type='jid-single'><value>bob@example.org</value></field>"
  "<field var='friends' type='jid-multi'><value>a@example.org</value><value>b@example.org</value></field>"
  "<field var='colour' type='list-single' label='Colour'><value>red</value>"
  "<option label='Red'><value>red</value></option><option label='Green'><value>green</value></option></field>"
  "<field var='langs' type='list-multi'><value>c</value><value>lua</value>"
  "<option label='C'><value>c</value></option><option><value>lua</value></option></field>"
  "<field var='notype'><value>plain</value></field>"
  "<field var='ocr' type='text-single' label='Text in the picture'>"
  "<media xmlns='urn:xmpp:media-element' width='210' height='70'>"
  "<uri type='image/png'>cid:sha1+abc@bob.xmpp.org</uri>"
  "<uri>https://example.org/captcha.png</uri></media></field>"
  "</x>";

/* Kontalk §1.2: the answer to the instructions iq get, terms enabled. */
static const char kontalk_instructions[] =
  "<iq xmlns='jabber:client' type='result' id='x1' from='beta.kontalk.net'>"
  "<query xmlns='jabber:iq:register'>"
  "<x xmlns='jabber:x:data' type='form'>"
  "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
  "<field var='phone' type='text-single' label='Phone number'><required/></field>"
  "<field var='force' type='text-single' label='Force registration'/>"
  "<field var='fallback' type='boolean' label='Fallback'/>"
  "<field var='challenge' type='list-single' label='Challenge type'>"
  "<option label='Verification code'><value>pin</value></option>"
  "<option label='Missed call'><value>missedcall</value></option>"
  "<option label='Caller ID'><value>callerid</value></option></field>"
  "<field var='accept-terms' type='boolean' label='Accept service terms'/>"
  "<field var='terms' type='hidden'><value>https://kontalk.github.io/network/privacy</value></field>"
  "</x></query></iq>";

/* Kontalk §1.3: the reply to a successful request. */
static const char kontalk_reply[] =
  "<iq xmlns='jabber:client' type='result' id='x2' from='beta.kontalk.net'>"
  "<query xmlns='jabber:iq:register'>"
  "<instructions>A SMS containing a verification code will be sent to the phone number you provided.</instructions>"
  "<x xmlns='jabber:x:data' type='form'>"
  "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
  "<field var='from' type='text-single' label='Sender ID'><value>Kontalk</value></field>"
  "<field var='challenge' type='text-single' label='Challenge type'><value>pin</value></field>"
  "<field var='can-fallback' type='boolean' label='Whether client can fallback to another method or not'>"
  "<value>true</value></field>"
  "<field var='brand-link' type='text-single'><value>https://example.com/</value></field>"
  "</x></query></iq>";

/* Prosody 0.12 mod_register_ibr with additional_registration_fields = {"email+", "name"}. */
static const char prosody_form[] =
  "<iq xmlns='jabber:client' type='result' id='reg2'>"
  "<query xmlns='jabber:iq:register'>"
  "<instructions>Choose a username and password for use with this service.</instructions>"
  "<username/><password/><email/><name/>"
  "<x xmlns='jabber:x:data' type='form'>"
  "<title>Creating a new account</title>"
  "<instructions>Choose a username and password for use with this service.</instructions>"
  "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
  "<field var='username' type='text-single' label='Username'><required/></field>"
  "<field var='password' type='text-private' label='Password'><required/></field>"
  "<field var='email' type='text-single' label='Email'><required/></field>"
  "<field var='name' type='text-single' label='Name'/>"
  "</x></query></iq>";

/* A few bytes that start like a PNG; enough to see they come back intact. */
static const guint8 fake_png[] = {
  0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0x00, 0x00, 0x00, 0x0d, 'I', 'H', 'D', 'R',
  0x00, 0x00, 0x00, 0xd2, 0x00, 0x00, 0x00, 0x46, 0x08, 0x02, 0x00, 0x00, 0x00, 0xff, 0xfe,
  0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0,
  0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
};

/* Base64 wrapped at 20 columns with CRLF and a leading indent, as some
 * servers (and Kontalk's publickey) do. */
static char *
wrapped_base64 (const guint8 *data,
                gsize         length)
{
  g_autofree char *plain = g_base64_encode (data, length);
  GString *out = g_string_new ("\n  ");

  for (gsize i = 0; plain[i] != '\0'; i++)
    {
      if (i > 0 && i % 20 == 0)
        g_string_append (out, "\r\n  ");
      g_string_append_c (out, plain[i]);
    }

  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static char *
build_captcha_iq (void)
{
  g_autofree char *image = wrapped_base64 (fake_png, sizeof fake_png);

  return signet_test_forms_ejabberd_captcha_iq (image);
}

static SignetXmlNode *
parse_xml (const char *text)
{
  g_autoptr(GError) error = NULL;
  SignetXmlNode *node = signet_xml_node_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The form inside an iq's <query/>, or the root itself when it is an <x/>. */
static SignetXmlNode *
find_x (SignetXmlNode *root)
{
  SignetXmlNode *query;

  if (signet_xml_node_is (root, "x", NULL))
    return root;

  query = signet_xml_node_get_child (root, "query", SIGNET_NS_REGISTER);
  if (query == NULL)
    return NULL;

  return signet_xml_node_get_child (query, "x", SIGNET_NS_DATA_FORMS);
}

static SignetDataForm *
parse_form (const char *text)
{
  g_autoptr(SignetXmlNode) root = parse_xml (text);
  g_autoptr(GError) error = NULL;
  SignetDataForm *form;

  form = signet_data_form_parse (find_x (root), root, &error);
  g_assert_no_error (error);
  g_assert_nonnull (form);
  return form;
}

static void
assert_form_error (const char *text,
                   const char *message_part)
{
  g_autoptr(SignetXmlNode) root = parse_xml (text);
  g_autoptr(SignetDataForm) form = NULL;
  g_autoptr(GError) error = NULL;

  form = signet_data_form_parse (root, root, &error);
  g_assert_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED);
  g_assert_null (form);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
}

static SignetDataForm *
round_trip (SignetDataForm *form)
{
  g_autoptr(SignetXmlNode) x = signet_data_form_to_xml (form);
  g_autofree char *text = signet_xml_node_to_string (x);

  return parse_form (text);
}

static void
assert_strv_equal (const char * const *a,
                   const char * const *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (g_strv_length ((char **) a), ==, g_strv_length ((char **) b));
  for (guint i = 0; a[i] != NULL; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

static void
assert_media_equal (SignetDataFormMedia *a,
                    SignetDataFormMedia *b)
{
  g_assert_cmpuint (signet_data_form_media_get_width (a), ==, signet_data_form_media_get_width (b));
  g_assert_cmpuint (signet_data_form_media_get_height (a), ==, signet_data_form_media_get_height (b));
  g_assert_cmpuint (signet_data_form_media_get_n_uris (a), ==, signet_data_form_media_get_n_uris (b));

  for (guint i = 0; i < signet_data_form_media_get_n_uris (a); i++)
    {
      const char *type_a, *type_b;

      g_assert_cmpstr (signet_data_form_media_get_uri (a, i, &type_a), ==,
                       signet_data_form_media_get_uri (b, i, &type_b));
      g_assert_cmpstr (type_a, ==, type_b);
    }
}

static void
assert_fields_equal (SignetDataFormField *a,
                     SignetDataFormField *b)
{
  g_assert_cmpint (signet_data_form_field_get_field_type (a), ==, signet_data_form_field_get_field_type (b));
  g_assert_cmpstr (signet_data_form_field_get_var (a), ==, signet_data_form_field_get_var (b));
  g_assert_cmpstr (signet_data_form_field_get_label (a), ==, signet_data_form_field_get_label (b));
  g_assert_cmpstr (signet_data_form_field_get_description (a), ==, signet_data_form_field_get_description (b));
  g_assert_cmpint (signet_data_form_field_get_required (a), ==, signet_data_form_field_get_required (b));
  assert_strv_equal (signet_data_form_field_get_values (a), signet_data_form_field_get_values (b));

  g_assert_cmpuint (signet_data_form_field_get_n_options (a), ==, signet_data_form_field_get_n_options (b));
  for (guint i = 0; i < signet_data_form_field_get_n_options (a); i++)
    {
      const char *label_a, *label_b;

      g_assert_cmpstr (signet_data_form_field_get_option (a, i, &label_a), ==,
                       signet_data_form_field_get_option (b, i, &label_b));
      g_assert_cmpstr (label_a, ==, label_b);
    }

  g_assert_cmpuint (signet_data_form_field_get_n_media (a), ==, signet_data_form_field_get_n_media (b));
  for (guint i = 0; i < signet_data_form_field_get_n_media (a); i++)
    assert_media_equal (signet_data_form_field_get_media (a, i), signet_data_form_field_get_media (b, i));
}

static void
assert_forms_equal (SignetDataForm *a,
                    SignetDataForm *b)
{
  g_assert_cmpint (signet_data_form_get_form_type_kind (a), ==, signet_data_form_get_form_type_kind (b));
  g_assert_cmpstr (signet_data_form_get_title (a), ==, signet_data_form_get_title (b));
  assert_strv_equal (signet_data_form_get_instructions (a), signet_data_form_get_instructions (b));
  g_assert_cmpuint (signet_data_form_get_n_fields (a), ==, signet_data_form_get_n_fields (b));

  for (guint i = 0; i < signet_data_form_get_n_fields (a); i++)
    assert_fields_equal (signet_data_form_get_nth_field (a, i), signet_data_form_get_nth_field (b, i));
}

static void
test_field_type_names (void)
{
  static const char * const names[] = {
    "text-single", "text-private", "text-multi", "boolean", "fixed",
    "hidden", "jid-single", "jid-multi", "list-single", "list-multi",
  };
  SignetDataFormFieldType type;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (signet_data_form_field_type_from_string (names[i], &type));
      g_assert_cmpstr (signet_data_form_field_type_to_string (type), ==, names[i]);
    }

  g_assert_false (signet_data_form_field_type_from_string ("text", &type));
  g_assert_false (signet_data_form_field_type_from_string ("", &type));
  g_assert_false (signet_data_form_field_type_from_string (NULL, &type));
}

static void
test_all_field_types (void)
{
  g_autoptr(SignetDataForm) form = parse_form (all_types_form);
  g_autoptr(SignetDataForm) again = NULL;
  SignetDataFormField *field;
  const char * const *instructions;
  const char *label;
  const char *type;

  g_assert_cmpint (signet_data_form_get_form_type_kind (form), ==, SIGNET_DATA_FORM_TYPE_FORM);
  g_assert_cmpstr (signet_data_form_get_form_type (form), ==, "jabber:iq:register");
  g_assert_cmpstr (signet_data_form_get_title (form), ==, "Sign up");
  instructions = signet_data_form_get_instructions (form);
  g_assert_cmpstr (instructions[0], ==, "First paragraph.");
  g_assert_cmpstr (instructions[1], ==, "Second & last.");
  g_assert_null (instructions[2]);
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, 12);

  field = signet_data_form_get_nth_field (form, 1);
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_FIXED);
  g_assert_null (signet_data_form_field_get_var (field));
  g_assert_cmpstr (signet_data_form_field_get_value (field), ==, "Section one");

  field = signet_data_form_get_field (form, "username");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE);
  g_assert_cmpstr (signet_data_form_field_get_label (field), ==, "User name");
  g_assert_cmpstr (signet_data_form_field_get_description (field), ==, "Letters and digits");
  g_assert_true (signet_data_form_field_get_required (field));
  g_assert_cmpstr (signet_data_form_field_get_value (field), ==, "alice");

  field = signet_data_form_get_field (form, "password");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE);
  g_assert_null (signet_data_form_field_get_value (field));
  g_assert_nonnull (signet_data_form_field_get_values (field));
  g_assert_null (signet_data_form_field_get_values (field)[0]);
  g_assert_null (signet_data_form_field_get_description (field));

  field = signet_data_form_get_field (form, "bio");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_TEXT_MULTI);
  assert_strv_equal (signet_data_form_field_get_values (field),
                     (const char * const []) { "line 1", "line 2", NULL });
  g_assert_false (signet_data_form_field_get_required (field));

  field = signet_data_form_get_field (form, "newsletter");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_BOOLEAN);
  g_assert_false (signet_data_form_field_get_boolean (field));

  field = signet_data_form_get_field (form, "buddy");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_JID_SINGLE);
  g_assert_cmpstr (signet_data_form_field_get_value (field), ==, "bob@example.org");

  field = signet_data_form_get_field (form, "friends");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_JID_MULTI);
  assert_strv_equal (signet_data_form_field_get_values (field),
                     (const char * const []) { "a@example.org", "b@example.org", NULL });

  field = signet_data_form_get_field (form, "colour");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_LIST_SINGLE);
  g_assert_cmpuint (signet_data_form_field_get_n_options (field), ==, 2);
  g_assert_cmpstr (signet_data_form_field_get_option (field, 1, &label), ==, "green");
  g_assert_cmpstr (label, ==, "Green");

  field = signet_data_form_get_field (form, "langs");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_LIST_MULTI);
  g_assert_cmpstr (signet_data_form_field_get_option (field, 1, &label), ==, "lua");
  g_assert_null (label);
  assert_strv_equal (signet_data_form_field_get_values (field), (const char * const []) { "c", "lua", NULL });

  /* XEP-0004 §3.3: a field without a type is text-single. */
  field = signet_data_form_get_field (form, "notype");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE);

  field = signet_data_form_get_field (form, "ocr");
  g_assert_cmpuint (signet_data_form_field_get_n_media (field), ==, 1);
  g_assert_cmpuint (signet_data_form_media_get_width (signet_data_form_field_get_media (field, 0)), ==, 210);
  g_assert_cmpuint (signet_data_form_media_get_height (signet_data_form_field_get_media (field, 0)), ==, 70);
  g_assert_cmpuint (signet_data_form_media_get_n_uris (signet_data_form_field_get_media (field, 0)), ==, 2);
  g_assert_cmpstr (signet_data_form_media_get_uri (signet_data_form_field_get_media (field, 0), 1, &type),
                   ==, "https://example.org/captcha.png");
  g_assert_null (type);
  /* No <data> for that cid anywhere. */
  g_assert_null (signet_data_form_media_get_data (signet_data_form_field_get_media (field, 0), &type));
  g_assert_null (type);

  again = round_trip (form);
  assert_forms_equal (form, again);
}

/* Each field type built through the API survives to_xml → string → parse. */
static void
test_round_trip_each_type (void)
{
  for (SignetDataFormFieldType type = SIGNET_DATA_FORM_FIELD_TEXT_SINGLE;
       type <= SIGNET_DATA_FORM_FIELD_LIST_MULTI;
       type++)
    {
      g_autoptr(SignetDataForm) form = signet_data_form_new (SIGNET_DATA_FORM_TYPE_RESULT);
      g_autoptr(SignetDataForm) again = NULL;
      SignetDataFormField *field;

      field = signet_data_form_add_field (form, type, "v", "Label <&> 'quoted'");
      signet_data_form_field_set_description (field, "Say \"something\"");
      signet_data_form_field_set_required (field, TRUE);
      signet_data_form_field_set_values (field, (const char * const []) { "one", "", "thrée", NULL });
      signet_data_form_field_add_option (field, "First", "one");
      signet_data_form_field_add_option (field, NULL, "two");

      again = round_trip (form);
      g_assert_cmpint (signet_data_form_get_form_type_kind (again), ==, SIGNET_DATA_FORM_TYPE_RESULT);
      assert_forms_equal (form, again);
      g_assert_cmpint (signet_data_form_field_get_field_type (signet_data_form_get_field (again, "v")),
                       ==, type);
    }
}

static void
test_form_kinds (void)
{
  static const struct {
    const char *name;
    SignetDataFormType kind;
  } kinds[] = {
    { "form", SIGNET_DATA_FORM_TYPE_FORM },
    { "submit", SIGNET_DATA_FORM_TYPE_SUBMIT },
    { "cancel", SIGNET_DATA_FORM_TYPE_CANCEL },
    { "result", SIGNET_DATA_FORM_TYPE_RESULT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *text = g_strdup_printf ("<x xmlns='jabber:x:data' type='%s'/>", kinds[i].name);
      g_autoptr(SignetDataForm) form = parse_form (text);
      g_autoptr(SignetXmlNode) x = signet_data_form_to_xml (form);
      SignetDataFormType kind;

      g_assert_cmpint (signet_data_form_get_form_type_kind (form), ==, kinds[i].kind);
      g_assert_cmpstr (signet_xml_node_get_attribute (x, "type"), ==, kinds[i].name);
      g_assert_null (signet_data_form_get_title (form));
      g_assert_null (signet_data_form_get_instructions (form)[0]);
      g_assert_null (signet_data_form_get_form_type (form));
      g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, 0);

      g_object_get (form, "form-type-kind", &kind, NULL);
      g_assert_cmpint (kind, ==, kinds[i].kind);
    }
}

static void
test_serialization_order (void)
{
  g_autoptr(SignetDataForm) form = signet_data_form_new (SIGNET_DATA_FORM_TYPE_SUBMIT);
  g_autoptr(SignetXmlNode) x = NULL;
  g_autofree char *text = NULL;
  SignetXmlNode *field;

  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_HIDDEN, "FORM_TYPE", "jabber:iq:register");
  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "b", "2");
  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "a", "1");
  signet_data_form_set_title (form, "T");
  signet_data_form_add_instructions (form, "I");

  x = signet_data_form_to_xml (form);
  g_assert_true (signet_xml_node_is (x, "x", SIGNET_NS_DATA_FORMS));
  g_assert_cmpuint (signet_xml_node_get_n_children (x), ==, 5);
  g_assert_true (signet_xml_node_is (signet_xml_node_get_nth_child (x, 0), "title", SIGNET_NS_DATA_FORMS));
  g_assert_true (signet_xml_node_is (signet_xml_node_get_nth_child (x, 1), "instructions", SIGNET_NS_DATA_FORMS));

  field = signet_xml_node_get_nth_child (x, 2);
  g_assert_cmpstr (signet_xml_node_get_attribute (field, "var"), ==, "FORM_TYPE");
  g_assert_cmpstr (signet_xml_node_get_attribute (field, "type"), ==, "hidden");
  g_assert_cmpstr (signet_xml_node_get_child_text (field, "value", SIGNET_NS_DATA_FORMS), ==, "jabber:iq:register");
  g_assert_cmpstr (signet_xml_node_get_attribute (signet_xml_node_get_nth_child (x, 3), "var"), ==, "b");
  g_assert_cmpstr (signet_xml_node_get_attribute (signet_xml_node_get_nth_child (x, 4), "var"), ==, "a");

  text = signet_xml_node_to_string (x);
  g_assert_nonnull (strstr (text, "jabber:x:data"));
  g_assert_nonnull (strstr (text, "submit"));
}

static void
test_kontalk_instructions (void)
{
  g_autoptr(SignetDataForm) form = parse_form (kontalk_instructions);
  g_autoptr(SignetDataForm) request = signet_data_form_new (SIGNET_DATA_FORM_TYPE_SUBMIT);
  g_autoptr(SignetDataForm) again = NULL;
  SignetDataFormField *field;
  const char *label;

  g_assert_cmpstr (signet_data_form_get_form_type (form), ==, "jabber:iq:register");
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, 7);
  g_assert_true (signet_data_form_field_get_required (signet_data_form_get_field (form, "phone")));
  g_assert_cmpstr (signet_data_form_field_get_label (signet_data_form_get_field (form, "phone")), ==, "Phone number");
  /* The quirk: force is text-single in the form, a boolean in requests. */
  g_assert_cmpint (signet_data_form_field_get_field_type (signet_data_form_get_field (form, "force")), ==,
                   SIGNET_DATA_FORM_FIELD_TEXT_SINGLE);
  g_assert_nonnull (signet_data_form_get_field (form, "accept-terms"));
  g_assert_cmpstr (signet_data_form_get_value (form, "terms"), ==, "https://kontalk.github.io/network/privacy");

  field = signet_data_form_get_field (form, "challenge");
  g_assert_cmpuint (signet_data_form_field_get_n_options (field), ==, 3);
  g_assert_cmpstr (signet_data_form_field_get_option (field, 0, &label), ==, "pin");
  g_assert_cmpstr (label, ==, "Verification code");
  g_assert_cmpstr (signet_data_form_field_get_option (field, 2, &label), ==, "callerid");
  g_assert_cmpstr (label, ==, "Caller ID");

  /* The request as Android builds it (§1.3). */
  signet_data_form_set_field (request, SIGNET_DATA_FORM_FIELD_HIDDEN, "FORM_TYPE", "jabber:iq:register");
  signet_data_form_set_field (request, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "phone", "+15555215554");
  signet_data_form_field_set_boolean (signet_data_form_set_field (request, SIGNET_DATA_FORM_FIELD_BOOLEAN,
                                                                  "accept-terms", NULL), TRUE);
  signet_data_form_field_set_boolean (signet_data_form_set_field (request, SIGNET_DATA_FORM_FIELD_BOOLEAN,
                                                                  "force", NULL), TRUE);
  signet_data_form_set_field (request, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "challenge", "pin");

  again = round_trip (request);
  assert_forms_equal (request, again);
  g_assert_cmpint (signet_data_form_get_form_type_kind (again), ==, SIGNET_DATA_FORM_TYPE_SUBMIT);
  g_assert_cmpstr (signet_data_form_get_value (again, "phone"), ==, "+15555215554");
  g_assert_cmpstr (signet_data_form_get_value (again, "accept-terms"), ==, "true");
  g_assert_cmpstr (signet_data_form_get_value (again, "force"), ==, "true");
  g_assert_cmpstr (signet_data_form_get_value (again, "challenge"), ==, "pin");
}

static void
test_kontalk_reply (void)
{
  g_autoptr(SignetDataForm) form = parse_form (kontalk_reply);
  g_autoptr(SignetDataForm) code_reply = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *key = NULL;
  g_autofree guchar *decoded = NULL;
  gsize decoded_len;

  g_assert_cmpstr (signet_data_form_get_form_type (form), ==, "jabber:iq:register");
  g_assert_cmpstr (signet_data_form_get_value (form, "from"), ==, "Kontalk");
  g_assert_cmpstr (signet_data_form_get_value (form, "challenge"), ==, "pin");
  g_assert_true (signet_data_form_field_get_boolean (signet_data_form_get_field (form, "can-fallback")));
  g_assert_cmpstr (signet_data_form_get_value (form, "brand-link"), ==, "https://example.com/");
  g_assert_null (signet_data_form_get_field (form, "brand-image-vector"));
  /* The <instructions> sit in <query>, outside the form. */
  g_assert_null (signet_data_form_get_instructions (form)[0]);

  /* §1.5: the code reply, publickey wrapped like tigase.util.Base64 does. */
  key = wrapped_base64 (fake_png, sizeof fake_png);
  text = g_string_new ("<x xmlns='jabber:x:data' type='form'>"
                       "<field var='FORM_TYPE' type='hidden'>"
                       "<value>http://kontalk.org/protocol/register#code</value></field>"
                       "<field var='publickey' type='text-single' label='Signed public key'><value>");
  g_string_append (text, key);
  g_string_append (text, "</value></field></x>");

  code_reply = parse_form (text->str);
  g_assert_cmpstr (signet_data_form_get_form_type (code_reply), ==, "http://kontalk.org/protocol/register#code");
  decoded = g_base64_decode (signet_data_form_get_value (code_reply, "publickey"), &decoded_len);
  g_assert_cmpmem (decoded, decoded_len, fake_png, sizeof fake_png);
}

static void
test_ejabberd_captcha (void)
{
  g_autofree char *iq = build_captcha_iq ();
  g_autoptr(SignetDataForm) form = parse_form (iq);
  g_autoptr(SignetDataForm) again = NULL;
  SignetDataFormField *field;
  SignetDataFormMedia *media;
  const char *mime_type = NULL;
  GBytes *data;

  g_assert_cmpstr (signet_data_form_get_form_type (form), ==, "jabber:iq:register");
  g_assert_cmpstr (signet_data_form_get_instructions (form)[0], ==,
                   "Choose a username and password to register with this server");
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, 9);

  field = signet_data_form_get_field (form, "captcha-fallback-text");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_FIXED);

  field = signet_data_form_get_field (form, "ocr");
  g_assert_true (signet_data_form_field_get_required (field));
  g_assert_cmpuint (signet_data_form_field_get_n_media (field), ==, 1);
  media = signet_data_form_field_get_media (field, 0);
  g_assert_cmpuint (signet_data_form_media_get_width (media), ==, 210);
  g_assert_cmpuint (signet_data_form_media_get_height (media), ==, 70);
  g_assert_cmpuint (signet_data_form_media_get_n_uris (media), ==, 1);
  g_assert_cmpstr (signet_data_form_media_get_uri (media, 0, &mime_type), ==,
                   "cid:sha1+a15ff09c2b5bb5c4ee0ba1c0b8f2b39a8ab7a2a3@bob.xmpp.org");
  g_assert_cmpstr (mime_type, ==, "image/png");

  mime_type = NULL;
  data = signet_data_form_media_get_data (media, &mime_type);
  g_assert_nonnull (data);
  g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), fake_png, sizeof fake_png);
  g_assert_cmpstr (mime_type, ==, "image/png");

  /* Without a scope nothing is resolved, but the URI is still there. */
  {
    g_autoptr(SignetXmlNode) root = parse_xml (iq);
    g_autoptr(SignetDataForm) unresolved = signet_data_form_parse (find_x (root), NULL, NULL);

    media = signet_data_form_field_get_media (signet_data_form_get_field (unresolved, "ocr"), 0);
    g_assert_cmpuint (signet_data_form_media_get_n_uris (media), ==, 1);
    g_assert_null (signet_data_form_media_get_data (media, NULL));
  }

  again = round_trip (form);
  assert_forms_equal (form, again);
}

/* The mime type comes from <data type>, which is what the bytes really are. */
static void
test_bob_mime_type (void)
{
  g_autoptr(SignetDataForm) form = NULL;
  g_autofree char *text = NULL;
  g_autofree char *encoded = g_base64_encode (fake_png, sizeof fake_png);
  SignetDataFormMedia *media;
  const char *mime_type = NULL;
  GBytes *data;

  /* The data sits deep in the scope, the first URI is not cid:, the
   * second cid: has no data, the third resolves; cid case differs. */
  text = g_strdup_printf ("<iq xmlns='jabber:client' type='result'>"
                          "<query xmlns='jabber:iq:register'>"
                          "<x xmlns='jabber:x:data' type='form'>"
                          "<field var='ocr'><media xmlns='urn:xmpp:media-element'>"
                          "<uri type='image/png'>https://example.org/a.png</uri>"
                          "<uri type='image/png'>cid:sha1+0000@bob.xmpp.org</uri>"
                          "<uri>CID:sha1+ABCD@bob.xmpp.org</uri>"
                          "</media></field></x></query>"
                          "<wrapper xmlns='urn:example'><deeper>"
                          "<data xmlns='urn:xmpp:bob' cid='sha1+abcd@bob.xmpp.org' type='image/jpeg'>%s</data>"
                          "</deeper></wrapper></iq>", encoded);
  form = parse_form (text);

  media = signet_data_form_field_get_media (signet_data_form_get_field (form, "ocr"), 0);
  data = signet_data_form_media_get_data (media, &mime_type);
  g_assert_nonnull (data);
  g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), fake_png, sizeof fake_png);
  g_assert_cmpstr (mime_type, ==, "image/jpeg");
}

/* Neither <data> nor <uri> says a type: the bytes are unknown bytes,
 * never handed on with no type (found by fuzzing). */
static void
test_bob_no_type (void)
{
  g_autoptr(SignetDataForm) form = NULL;
  g_autofree char *text = NULL;
  g_autofree char *encoded = g_base64_encode (fake_png, sizeof fake_png);
  SignetDataFormMedia *media;
  const char *mime_type = "unset";

  text = g_strdup_printf ("<iq xmlns='jabber:client' type='result'>"
                          "<query xmlns='jabber:iq:register'>"
                          "<x xmlns='jabber:x:data' type='form'>"
                          "<field var='ocr'><media xmlns='urn:xmpp:media-element'>"
                          "<uri>cid:sha1+abcd@bob.xmpp.org</uri>"
                          "</media></field></x>"
                          "<data xmlns='urn:xmpp:bob' cid='sha1+abcd@bob.xmpp.org'>%s</data>"
                          "</query></iq>", encoded);
  form = parse_form (text);

  media = signet_data_form_field_get_media (signet_data_form_get_field (form, "ocr"), 0);
  g_assert_nonnull (signet_data_form_media_get_data (media, &mime_type));
  g_assert_cmpstr (mime_type, ==, "application/octet-stream");
}

/* Many fields may point at one image; the first <data> with a cid wins. */
static void
test_bob_shared (void)
{
  g_autofree guint8 *image = g_malloc (256 * 1024);
  g_autofree char *encoded = NULL;
  g_autoptr(GString) text = g_string_new ("<iq xmlns='jabber:client'><query xmlns='jabber:iq:register'>"
                                          "<x xmlns='jabber:x:data' type='form'>");
  g_autoptr(SignetDataForm) form = NULL;

  for (gsize i = 0; i < 256 * 1024; i++)
    image[i] = (guint8) (i * 7);
  encoded = g_base64_encode (image, 256 * 1024);

  for (guint i = 0; i < 999; i++)
    g_string_append_printf (text, "<field var='f%u'><media xmlns='urn:xmpp:media-element'>"
                            "<uri>cid:big</uri></media></field>", i);
  g_string_append (text, "<field var='dup'><media xmlns='urn:xmpp:media-element'>"
                   "<uri>cid:dup</uri></media></field></x>"
                   "<data xmlns='urn:xmpp:bob' cid='dup' type='image/gif'>QUJD</data>"
                   "<data xmlns='urn:xmpp:bob' cid='dup' type='image/png'>REVG</data>"
                   "<data xmlns='urn:xmpp:bob' cid='big' type='image/png'>");
  g_string_append (text, encoded);
  g_string_append (text, "</data></query></iq>");

  form = parse_form (text->str);
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, 1000);

  for (guint i = 0; i < 999; i++)
    {
      SignetDataFormMedia *media = signet_data_form_field_get_media (signet_data_form_get_nth_field (form, i), 0);
      GBytes *data = signet_data_form_media_get_data (media, NULL);

      g_assert_nonnull (data);
      g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), image, 256 * 1024);
    }

  {
    SignetDataFormMedia *media = signet_data_form_field_get_media (signet_data_form_get_field (form, "dup"), 0);
    const char *mime_type;
    GBytes *data = signet_data_form_media_get_data (media, &mime_type);

    g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), "ABC", 3);
    g_assert_cmpstr (mime_type, ==, "image/gif");
  }
}

static void
test_data_uri (void)
{
  g_autoptr(SignetDataForm) form = NULL;
  g_autofree char *text = NULL;
  g_autofree char *encoded = g_base64_encode (fake_png, sizeof fake_png);
  SignetDataFormMedia *media;
  const char *mime_type = NULL;
  GBytes *data;

  text = g_strdup_printf ("<x xmlns='jabber:x:data' type='form'>"
                          "<field var='a'><media xmlns='urn:xmpp:media-element'>"
                          "<uri type='image/png'>data:image/png;base64,%s</uri></media></field>"
                          "<field var='b'><media xmlns='urn:xmpp:media-element'>"
                          "<uri type='text/plain'>data:,hello</uri></media></field>"
                          "</x>", encoded);
  form = parse_form (text);

  media = signet_data_form_field_get_media (signet_data_form_get_field (form, "a"), 0);
  data = signet_data_form_media_get_data (media, &mime_type);
  g_assert_nonnull (data);
  g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), fake_png, sizeof fake_png);
  g_assert_cmpstr (mime_type, ==, "image/png");

  /* Only base64 data: URIs are decoded. */
  media = signet_data_form_field_get_media (signet_data_form_get_field (form, "b"), 0);
  g_assert_null (signet_data_form_media_get_data (media, NULL));
}

static void
test_prosody_form (void)
{
  g_autoptr(SignetDataForm) form = parse_form (prosody_form);
  g_autoptr(SignetDataForm) submit = NULL;
  g_autoptr(SignetDataForm) again = NULL;
  const char * const names[] = { "FORM_TYPE", "username", "password", "email", "name" };

  g_assert_cmpstr (signet_data_form_get_title (form), ==, "Creating a new account");
  g_assert_cmpstr (signet_data_form_get_instructions (form)[0], ==,
                   "Choose a username and password for use with this service.");
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (signet_data_form_field_get_var (signet_data_form_get_nth_field (form, i)), ==, names[i]);

  g_assert_true (signet_data_form_field_get_required (signet_data_form_get_field (form, "email")));
  g_assert_false (signet_data_form_field_get_required (signet_data_form_get_field (form, "name")));
  g_assert_cmpint (signet_data_form_field_get_field_type (signet_data_form_get_field (form, "password")), ==,
                   SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE);

  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), "alice");
  signet_data_form_field_set_value (signet_data_form_get_field (form, "password"), "s3cret");
  signet_data_form_field_set_value (signet_data_form_get_field (form, "email"), "alice@example.org");
  submit = signet_data_form_new_submit (form);
  again = round_trip (submit);
  assert_forms_equal (submit, again);
  g_assert_cmpstr (signet_data_form_get_form_type (again), ==, "jabber:iq:register");
  g_assert_cmpstr (signet_data_form_get_value (again, "username"), ==, "alice");
  g_assert_cmpstr (signet_data_form_get_value (again, "password"), ==, "s3cret");
  g_assert_null (signet_data_form_get_value (again, "name"));
  g_assert_nonnull (signet_data_form_get_field (again, "name"));
}

static void
test_booleans (void)
{
  static const struct {
    const char *value;
    gboolean expected;
  } cases[] = {
    { "1", TRUE }, { "true", TRUE }, { "yes", TRUE }, { "TRUE", TRUE }, { " true\n", TRUE },
    { "0", FALSE }, { "false", FALSE }, { "no", FALSE }, { "", FALSE }, { "2", FALSE },
  };
  g_autoptr(SignetDataForm) form = signet_data_form_new (SIGNET_DATA_FORM_TYPE_FORM);
  SignetDataFormField *field;

  field = signet_data_form_add_field (form, SIGNET_DATA_FORM_FIELD_BOOLEAN, "b", NULL);
  g_assert_false (signet_data_form_field_get_boolean (field));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      signet_data_form_field_set_value (field, cases[i].value);
      g_assert_cmpint (signet_data_form_field_get_boolean (field), ==, cases[i].expected);
    }

  /* Parsed, not just set. */
  {
    g_autoptr(SignetDataForm) parsed = parse_form ("<x xmlns='jabber:x:data' type='form'>"
                                                   "<field var='a' type='boolean'><value>1</value></field>"
                                                   "<field var='b' type='boolean'><value>yes</value></field>"
                                                   "<field var='c' type='boolean'><value>0</value></field>"
                                                   "<field var='d' type='boolean'/></x>");

    g_assert_true (signet_data_form_field_get_boolean (signet_data_form_get_field (parsed, "a")));
    g_assert_true (signet_data_form_field_get_boolean (signet_data_form_get_field (parsed, "b")));
    g_assert_false (signet_data_form_field_get_boolean (signet_data_form_get_field (parsed, "c")));
    g_assert_false (signet_data_form_field_get_boolean (signet_data_form_get_field (parsed, "d")));
  }

  signet_data_form_field_set_boolean (field, TRUE);
  g_assert_cmpstr (signet_data_form_field_get_value (field), ==, "true");
  g_assert_true (signet_data_form_field_get_boolean (field));
  signet_data_form_field_set_boolean (field, FALSE);
  g_assert_cmpstr (signet_data_form_field_get_value (field), ==, "false");
  g_assert_false (signet_data_form_field_get_boolean (field));
}

static void
test_new_submit (void)
{
  g_autofree char *iq = build_captcha_iq ();
  g_autoptr(SignetDataForm) form = parse_form (iq);
  g_autoptr(SignetDataForm) submit = NULL;
  g_autoptr(SignetXmlNode) x = NULL;
  const char * const expected[] = {
    "FORM_TYPE", "username", "password", "captcha-fallback-url", "from", "challenge", "sid", "ocr",
  };
  SignetDataFormField *field;

  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), "alice");
  signet_data_form_field_set_value (signet_data_form_get_field (form, "password"), "s3cret");
  signet_data_form_field_set_value (signet_data_form_get_field (form, "ocr"), "x7kq2");

  submit = signet_data_form_new_submit (form);
  g_assert_cmpint (signet_data_form_get_form_type_kind (submit), ==, SIGNET_DATA_FORM_TYPE_SUBMIT);

  /* The fixed field is dropped; every hidden field goes back unchanged. */
  g_assert_cmpuint (signet_data_form_get_n_fields (submit), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SignetDataFormField *original = signet_data_form_get_field (form, expected[i]);

      field = signet_data_form_get_nth_field (submit, i);
      g_assert_cmpstr (signet_data_form_field_get_var (field), ==, expected[i]);
      g_assert_cmpint (signet_data_form_field_get_field_type (field), ==,
                       signet_data_form_field_get_field_type (original));
      assert_strv_equal (signet_data_form_field_get_values (field),
                         signet_data_form_field_get_values (original));
      /* Presentation stays with the server's form. */
      g_assert_null (signet_data_form_field_get_label (field));
      g_assert_cmpuint (signet_data_form_field_get_n_media (field), ==, 0);
      g_assert_false (signet_data_form_field_get_required (field));
    }

  g_assert_null (signet_data_form_get_field (submit, "captcha-fallback-text"));
  g_assert_cmpstr (signet_data_form_get_value (submit, "challenge"), ==, "2824232941");
  g_assert_cmpstr (signet_data_form_get_value (submit, "sid"), ==, "reg1");
  g_assert_cmpstr (signet_data_form_get_value (submit, "ocr"), ==, "x7kq2");
  g_assert_cmpstr (signet_data_form_get_form_type (submit), ==, "jabber:iq:register");

  /* The submit is independent of the form it came from. */
  signet_data_form_field_set_value (signet_data_form_get_field (form, "ocr"), "changed");
  g_assert_cmpstr (signet_data_form_get_value (submit, "ocr"), ==, "x7kq2");

  x = signet_data_form_to_xml (submit);
  g_assert_cmpstr (signet_xml_node_get_attribute (x, "type"), ==, "submit");
  g_assert_null (signet_xml_node_get_child (signet_xml_node_get_nth_child (x, 0), "required", NULL));

  /* Typed multi values survive too. */
  {
    g_autoptr(SignetDataForm) all = parse_form (all_types_form);
    g_autoptr(SignetDataForm) all_submit = signet_data_form_new_submit (all);

    g_assert_cmpuint (signet_data_form_get_n_fields (all_submit), ==, 11);
    assert_strv_equal (signet_data_form_field_get_values (signet_data_form_get_field (all_submit, "friends")),
                       (const char * const []) { "a@example.org", "b@example.org", NULL });
    g_assert_cmpint (signet_data_form_field_get_field_type (signet_data_form_get_field (all_submit, "langs")),
                     ==, SIGNET_DATA_FORM_FIELD_LIST_MULTI);
    g_assert_cmpuint (signet_data_form_field_get_n_options (signet_data_form_get_field (all_submit, "langs")),
                      ==, 0);
  }
}

static void
test_set_field (void)
{
  g_autoptr(SignetDataForm) form = parse_form (all_types_form);
  SignetDataFormField *field;
  SignetDataFormField *again;
  guint n_fields = signet_data_form_get_n_fields (form);

  /* Replacing keeps the field, its place, its type and presentation. */
  field = signet_data_form_get_field (form, "friends");
  again = signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "friends", "c@example.org");
  g_assert_true (again == field);
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, n_fields);
  g_assert_true (signet_data_form_get_nth_field (form, 7) == field);
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_JID_MULTI);
  assert_strv_equal (signet_data_form_field_get_values (field), (const char * const []) { "c@example.org", NULL });

  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "friends", NULL);
  g_assert_null (signet_data_form_field_get_values (field)[0]);

  /* A missing one is appended. */
  field = signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE, "pin", "1234");
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, n_fields + 1);
  g_assert_true (signet_data_form_get_nth_field (form, n_fields) == field);
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE);
  g_assert_cmpstr (signet_data_form_get_value (form, "pin"), ==, "1234");

  /* add_field() on a taken var returns the existing field. */
  g_assert_true (signet_data_form_add_field (form, SIGNET_DATA_FORM_FIELD_BOOLEAN, "pin", "x") == field);
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, n_fields + 1);

  /* Several fixed fields without var may coexist. */
  signet_data_form_add_field (form, SIGNET_DATA_FORM_FIELD_FIXED, NULL, NULL);
  signet_data_form_add_field (form, SIGNET_DATA_FORM_FIELD_FIXED, NULL, NULL);
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, n_fields + 3);

  /* set_values() may be handed the field's own values. */
  field = signet_data_form_get_field (form, "bio");
  signet_data_form_field_set_values (field, signet_data_form_field_get_values (field));
  assert_strv_equal (signet_data_form_field_get_values (field), (const char * const []) { "line 1", "line 2", NULL });
  signet_data_form_field_set_values (field, NULL);
  g_assert_null (signet_data_form_field_get_value (field));

  g_assert_null (signet_data_form_get_field (form, "nope"));
  g_assert_null (signet_data_form_get_value (form, "nope"));
  g_assert_null (signet_data_form_get_nth_field (form, 1000));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(SignetDataForm) form = parse_form (all_types_form);
  SignetDataFormField *field = signet_data_form_get_field (form, "username");
  g_autofree char *var = NULL;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;
  SignetDataFormFieldType type;
  gboolean required;
  guint notified = 0;

  g_object_get (field,
                "var", &var,
                "label", &label,
                "field-type", &type,
                "required", &required,
                NULL);
  g_assert_cmpstr (var, ==, "username");
  g_assert_cmpstr (label, ==, "User name");
  g_assert_cmpint (type, ==, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE);
  g_assert_true (required);

  g_signal_connect (field, "notify", G_CALLBACK (on_notify), &notified);
  signet_data_form_field_set_label (field, "Name");
  signet_data_form_field_set_label (field, "Name");
  signet_data_form_field_set_required (field, FALSE);
  signet_data_form_field_set_required (field, FALSE);
  signet_data_form_field_set_description (field, NULL);
  g_assert_cmpuint (notified, ==, 3);

  g_signal_connect (form, "notify::title", G_CALLBACK (on_notify), &notified);
  g_object_set (form, "title", "New title", NULL);
  g_object_get (form, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "New title");
  g_assert_cmpuint (notified, ==, 4);
}

/* Where the XEP is broken by real servers, parsing is lenient. */
static void
test_lenient (void)
{
  g_autoptr(SignetDataForm) form = NULL;
  SignetDataFormField *field;

  form = parse_form ("<x xmlns='jabber:x:data' type='form'>"
                     "<title>First</title><title>Second</title>"
                     "<field var='pick' type='list-single'><value>a</value><value>b</value>"
                     "<option label='no value'/><option><value>a</value></option></field>"
                     "<field var='pick' type='boolean'><value>1</value></field>"
                     "<field var='odd' type='x-magic' label='Magic'><value>m</value></field>"
                     "<field var='' type='fixed'><value>empty var</value></field>"
                     "<field var='foreign'><value xmlns='urn:example'>not mine</value><value>mine</value>"
                     "<media xmlns='urn:xmpp:media-element' width='-3' height='huge'><uri> </uri></media></field>"
                     "<reported><field var='r' type='text-single'/></reported>"
                     "<item><field var='r'><value>1</value></field></item>"
                     "<unknown/><title xmlns='urn:example'>x</title>"
                     "</x>");

  g_assert_cmpstr (signet_data_form_get_title (form), ==, "First");
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, 4);

  /* Several values for list-single are kept; the repeated var is ignored. */
  field = signet_data_form_get_field (form, "pick");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_LIST_SINGLE);
  assert_strv_equal (signet_data_form_field_get_values (field), (const char * const []) { "a", "b", NULL });
  g_assert_cmpuint (signet_data_form_field_get_n_options (field), ==, 1);

  field = signet_data_form_get_field (form, "odd");
  g_assert_cmpint (signet_data_form_field_get_field_type (field), ==, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE);
  g_assert_cmpstr (signet_data_form_field_get_label (field), ==, "Magic");

  field = signet_data_form_get_nth_field (form, 2);
  g_assert_null (signet_data_form_field_get_var (field));

  field = signet_data_form_get_field (form, "foreign");
  assert_strv_equal (signet_data_form_field_get_values (field), (const char * const []) { "mine", NULL });
  g_assert_cmpuint (signet_data_form_field_get_n_media (field), ==, 1);
  g_assert_cmpuint (signet_data_form_media_get_width (signet_data_form_field_get_media (field, 0)), ==, 0);
  g_assert_cmpuint (signet_data_form_media_get_height (signet_data_form_field_get_media (field, 0)), ==, 0);
  g_assert_cmpuint (signet_data_form_media_get_n_uris (signet_data_form_field_get_media (field, 0)), ==, 0);
  g_assert_null (signet_data_form_get_field (form, "r"));
}

static void
test_malformed (void)
{
  assert_form_error ("<x xmlns='jabber:x:oob' type='form'/>", "jabber:x:data");
  assert_form_error ("<form xmlns='jabber:x:data' type='form'/>", "jabber:x:data");
  assert_form_error ("<x type='form'/>", "jabber:x:data");
  assert_form_error ("<x xmlns='jabber:x:data'/>", "type");
  assert_form_error ("<x xmlns='jabber:x:data' type='Form'/>", "“Form”");
  assert_form_error ("<x xmlns='jabber:x:data' type='form'><field type='text-single'/></x>", "text-single");
  assert_form_error ("<x xmlns='jabber:x:data' type='form'><field><value>v</value></field></x>", NULL);
  assert_form_error ("<x xmlns='jabber:x:data' type='form'><field var='' type='hidden'/></x>", "hidden");
  assert_form_error ("<x xmlns='jabber:x:data' type='form'>"
                     "<field var='ok'/><field type='boolean'/></x>", "boolean");
  /* A long type name is cut short in the message. */
  assert_form_error ("<x xmlns='jabber:x:data' type='aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'/>",
                     "“aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa”");
}

/* @item repeated @count times, "{}" replaced by the index. */
static char *
repeat (const char *head,
        const char *item,
        guint       count,
        const char *tail)
{
  GString *out = g_string_new (head);

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GString) one = g_string_new (item);
      g_autofree char *number = g_strdup_printf ("%u", i);

      g_string_replace (one, "{}", number, 0);
      g_string_append (out, one->str);
    }

  g_string_append (out, tail);
  return g_string_free (out, FALSE);
}

static void
test_absurd_counts (void)
{
  static const char head[] = "<x xmlns='jabber:x:data' type='form'>";
  static const char field_head[] = "<x xmlns='jabber:x:data' type='form'><field var='f' type='list-multi'>";
  g_autofree char *fields_ok = repeat (head, "<field var='f{}'/>", 1000, "</x>");
  g_autofree char *fields_bad = repeat (head, "<field var='f{}'/>", 1001, "</x>");
  g_autofree char *dups_bad = repeat (head, "<field var='same'/>", 1001, "</x>");
  g_autofree char *values_ok = repeat (field_head, "<value>{}</value>", 1000, "</field></x>");
  g_autofree char *values_bad = repeat (field_head, "<value>{}</value>", 1001, "</field></x>");
  g_autofree char *options_bad = repeat (field_head, "<option><value>{}</value></option>", 1001, "</field></x>");
  g_autofree char *media_bad = repeat (field_head, "<media xmlns='urn:xmpp:media-element'/>", 1001,
                                       "</field></x>");
  g_autofree char *uris_bad = repeat ("<x xmlns='jabber:x:data' type='form'><field var='f'>"
                                      "<media xmlns='urn:xmpp:media-element'>",
                                      "<uri>cid:{}</uri>", 1001, "</media></field></x>");
  g_autofree char *instructions_bad = repeat (head, "<instructions>{}</instructions>", 1001, "</x>");

  {
    g_autoptr(SignetDataForm) form = parse_form (fields_ok);
    g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, 1000);
  }
  {
    g_autoptr(SignetDataForm) form = parse_form (values_ok);
    g_assert_cmpuint (g_strv_length ((char **) signet_data_form_field_get_values (signet_data_form_get_field (form, "f"))),
                      ==, 1000);
  }

  assert_form_error (fields_bad, "1000");
  assert_form_error (dups_bad, "1000");
  assert_form_error (values_bad, "1000");
  assert_form_error (options_bad, "1000");
  assert_form_error (media_bad, "1000");
  assert_form_error (uris_bad, "1000");
  assert_form_error (instructions_bad, "1000");
}

static GBytes *
media_data_for (const char *base64)
{
  g_autofree char *text = NULL;
  g_autoptr(SignetDataForm) form = NULL;
  GBytes *data;

  text = g_strdup_printf ("<iq xmlns='jabber:client'><query xmlns='jabber:iq:register'>"
                          "<x xmlns='jabber:x:data' type='form'><field var='ocr'>"
                          "<media xmlns='urn:xmpp:media-element'><uri type='image/png'>cid:c1</uri></media>"
                          "</field></x><data xmlns='urn:xmpp:bob' cid='c1' type='image/png'>%s</data>"
                          "</query></iq>", base64);
  form = parse_form (text);
  data = signet_data_form_media_get_data (signet_data_form_field_get_media (signet_data_form_get_field (form, "ocr"),
                                                                            0), NULL);
  return data ? g_bytes_ref (data) : NULL;
}

static void
test_base64 (void)
{
  static const char * const invalid[] = {
    "", "   ", "====", "A", "AB=C", "AB===", "ABC*", "QU-D", "QUJ=D", "A===", "ÀÀÀÀ",
  };
  static const struct {
    const char *base64;
    const char *decoded;
  } valid[] = {
    { "QUJD", "ABC" },
    { "QUI=", "AB" },
    { "QUI", "AB" },
    { "QQ==", "A" },
    { "QQ", "A" },
    { " Q U\n J\tD\r\n ", "ABC" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GBytes) data = media_data_for (invalid[i]);

      g_assert_null (data);
    }

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GBytes) data = media_data_for (valid[i].base64);

      g_assert_nonnull (data);
      g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                       valid[i].decoded, strlen (valid[i].decoded));
    }
}

/* Every prefix of a real stanza: the XML parser refuses it, or the form
 * parser gives a form or a MALFORMED error. */
static void
test_truncated (void)
{
  g_autofree char *iq = build_captcha_iq ();
  const char * const stanzas[] = { iq, kontalk_instructions, kontalk_reply, prosody_form, all_types_form };
  guint n_forms = 0;

  for (guint s = 0; s < G_N_ELEMENTS (stanzas); s++)
    {
      gsize length = strlen (stanzas[s]);

      for (gsize i = 0; i <= length; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(SignetXmlNode) root = signet_xml_node_parse (stanzas[s], i, &error);
          g_autoptr(SignetDataForm) form = NULL;
          SignetXmlNode *x;

          if (root == NULL)
            {
              g_assert_nonnull (error);
              continue;
            }

          x = find_x (root);
          if (x == NULL)
            continue;

          form = signet_data_form_parse (x, root, &error);
          g_assert_true ((form != NULL) != (error != NULL));
          if (error != NULL)
            g_assert_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED);
          else
            n_forms++;
        }
    }

  /* At least the complete stanzas must come through. */
  g_assert_cmpuint (n_forms, >=, G_N_ELEMENTS (stanzas));
}

/* The same, one level up: the form tree cut after every element, as a
 * dropped stream could leave it if a reader handed out partial trees. */
static void
add_prefix_copy (SignetXmlNode *source,
                 SignetXmlNode *target,
                 guint         *budget)
{
  const char * const *attributes = signet_xml_node_get_attributes (source);

  for (guint i = 0; attributes[i] != NULL; i += 2)
    signet_xml_node_set_attribute (target, attributes[i], attributes[i + 1]);
  signet_xml_node_set_text (target, signet_xml_node_get_text (source));

  for (guint i = 0; i < signet_xml_node_get_n_children (source) && *budget > 0; i++)
    {
      SignetXmlNode *child = signet_xml_node_get_nth_child (source, i);

      (*budget)--;
      add_prefix_copy (child,
                       signet_xml_node_add_child (target,
                                                  signet_xml_node_get_name (child),
                                                  signet_xml_node_get_namespace (child)),
                       budget);
    }
}

static void
test_truncated_tree (void)
{
  g_autofree char *iq = build_captcha_iq ();
  g_autoptr(SignetXmlNode) root = parse_xml (iq);
  SignetXmlNode *x = find_x (root);

  for (guint n = 0; n < 80; n++)
    {
      g_autoptr(SignetXmlNode) copy = signet_xml_node_new ("x", SIGNET_NS_DATA_FORMS);
      g_autoptr(SignetDataForm) form = NULL;
      g_autoptr(GError) error = NULL;
      guint budget = n;

      add_prefix_copy (x, copy, &budget);
      form = signet_data_form_parse (copy, root, &error);
      /* Every field in the ejabberd form has a var or is fixed. */
      g_assert_no_error (error);
      g_assert_nonnull (form);
    }
}

static void
test_deep_junk (void)
{
  GString *text = g_string_new ("<iq xmlns='jabber:client'><query xmlns='jabber:iq:register'>"
                                "<x xmlns='jabber:x:data' type='form'><field var='f'><value>v</value>");
  g_autoptr(SignetDataForm) form = NULL;
  g_autofree char *owned = NULL;

  /* As deep as the XML parser allows (it stops at 64 levels). */
  for (guint i = 0; i < 55; i++)
    g_string_append (text, "<junk xmlns='urn:example'><field var='inner'/><data xmlns='urn:xmpp:bob' cid='c'>QUJD</data>");
  for (guint i = 0; i < 55; i++)
    g_string_append (text, "</junk>");
  g_string_append (text, "<media xmlns='urn:xmpp:media-element'><uri>cid:c</uri><nested><uri>cid:d</uri></nested></media>"
                   "</field></x></query></iq>");
  owned = g_string_free (text, FALSE);

  form = parse_form (owned);
  g_assert_cmpuint (signet_data_form_get_n_fields (form), ==, 1);
  g_assert_cmpstr (signet_data_form_get_value (form, "f"), ==, "v");
  g_assert_null (signet_data_form_get_field (form, "inner"));
  {
    SignetDataFormMedia *media = signet_data_form_field_get_media (signet_data_form_get_field (form, "f"), 0);
    GBytes *data;

    g_assert_cmpuint (signet_data_form_media_get_n_uris (media), ==, 1);
    /* The deeply buried BoB data is still found. */
    data = signet_data_form_media_get_data (media, NULL);
    g_assert_nonnull (data);
    g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), "ABC", 3);
  }

  /* Deeper than that is the XML parser's to refuse. */
  {
    g_autoptr(GString) deeper = g_string_new ("<x xmlns='jabber:x:data' type='form'>");
    g_autoptr(SignetXmlNode) node = NULL;
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < 10000; i++)
      g_string_append (deeper, "<field var='a'>");
    node = signet_xml_node_parse (deeper->str, deeper->len, &error);
    g_assert_null (node);
    g_assert_nonnull (error);
  }
}

static void
test_non_utf8 (void)
{
  static const char * const texts[] = {
    "<x xmlns='jabber:x:data' type='form'><field var='f'><value>\xff\xfe</value></field></x>",
    "<x xmlns='jabber:x:data' type='form'><field var='\xc3\x28'/></x>",
    "<x xmlns='jabber:x:data' type='f\xe9rm'/>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetXmlNode) node = signet_xml_node_parse (texts[i], -1, &error);

      /* Invalid UTF-8 never gets as far as the form parser. */
      g_assert_null (node);
      g_assert_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED);
    }

  /* Valid non-ASCII text passes through untouched. */
  {
    g_autoptr(SignetDataForm) form = parse_form ("<x xmlns='jabber:x:data' type='form'>"
                                                 "<field var='名前' label='Név'><value>日本語 ✓</value></field></x>");

    g_assert_cmpstr (signet_data_form_get_value (form, "名前"), ==, "日本語 ✓");
    g_assert_cmpstr (signet_data_form_field_get_label (signet_data_form_get_nth_field (form, 0)), ==, "Név");
  }
}

static SignetDataForm *
parse_form_with (const char *element,
                 gsize       length,
                 GError    **error)
{
  g_autofree char *filler = g_strnfill (length, 'a');
  g_autofree char *text = NULL;
  g_autoptr(SignetXmlNode) x = NULL;

  if (g_str_equal (element, "var"))
    text = g_strdup_printf ("<x xmlns='jabber:x:data' type='form'><field var='%s'/></x>", filler);
  else if (g_str_equal (element, "value"))
    text = g_strdup_printf ("<x xmlns='jabber:x:data' type='form'><field var='v'><value>%s</value>"
                            "</field></x>", filler);
  else
    text = g_strdup_printf ("<x xmlns='jabber:x:data' type='form'><%s>%s</%s></x>",
                            element, filler, element);
  x = parse_xml (text);

  return signet_data_form_parse (x, NULL, error);
}

/* Each string a server sends has a cap, checked before the form is used:
 * up to the cap it is kept whole, one byte more and the form is refused. */
static void
test_string_caps (void)
{
  static const struct { const char *element; gsize cap; } caps[] = {
    { "var", SIGNET_DATA_FORM_MAX_NAME },
    { "instructions", SIGNET_DATA_FORM_MAX_TEXT },
    { "title", SIGNET_DATA_FORM_MAX_TEXT },
    { "value", SIGNET_DATA_FORM_MAX_VALUE },
  };
  g_autoptr(SignetXmlNode) media = parse_xml ("<x xmlns='jabber:x:data' type='form'><field var='c'>"
                                              "<media xmlns='urn:xmpp:media-element' width='4097' "
                                              "height='4096'><uri type='image/png'>cid:a</uri></media>"
                                              "</field></x>");
  g_autoptr(SignetDataForm) with_media = NULL;
  g_autoptr(GError) error = NULL;
  SignetDataFormMedia *m;

  for (guint i = 0; i < G_N_ELEMENTS (caps); i++)
    {
      g_autoptr(SignetDataForm) whole = parse_form_with (caps[i].element, caps[i].cap, &error);
      g_autoptr(SignetDataForm) over = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (whole);
      over = parse_form_with (caps[i].element, caps[i].cap + 1, &error);
      g_assert_null (over);
      g_assert_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED);
      g_clear_error (&error);
    }

  with_media = signet_data_form_parse (media, NULL, &error);
  g_assert_no_error (error);
  m = signet_data_form_field_get_media (signet_data_form_get_field (with_media, "c"), 0);
  g_assert_cmpuint (signet_data_form_media_get_width (m), ==, 0);
  g_assert_cmpuint (signet_data_form_media_get_height (m), ==, 4096);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data-form/field-type-names", test_field_type_names);
  g_test_add_func ("/data-form/all-field-types", test_all_field_types);
  g_test_add_func ("/data-form/round-trip-each-type", test_round_trip_each_type);
  g_test_add_func ("/data-form/form-kinds", test_form_kinds);
  g_test_add_func ("/data-form/serialization-order", test_serialization_order);
  g_test_add_func ("/data-form/kontalk-instructions", test_kontalk_instructions);
  g_test_add_func ("/data-form/kontalk-reply", test_kontalk_reply);
  g_test_add_func ("/data-form/ejabberd-captcha", test_ejabberd_captcha);
  g_test_add_func ("/data-form/bob-mime-type", test_bob_mime_type);
  g_test_add_func ("/data-form/bob-no-type", test_bob_no_type);
  g_test_add_func ("/data-form/bob-shared", test_bob_shared);
  g_test_add_func ("/data-form/data-uri", test_data_uri);
  g_test_add_func ("/data-form/prosody", test_prosody_form);
  g_test_add_func ("/data-form/booleans", test_booleans);
  g_test_add_func ("/data-form/new-submit", test_new_submit);
  g_test_add_func ("/data-form/set-field", test_set_field);
  g_test_add_func ("/data-form/properties", test_properties);
  g_test_add_func ("/data-form/lenient", test_lenient);
  g_test_add_func ("/data-form/malformed", test_malformed);
  g_test_add_func ("/data-form/absurd-counts", test_absurd_counts);
  g_test_add_func ("/data-form/base64", test_base64);
  g_test_add_func ("/data-form/truncated", test_truncated);
  g_test_add_func ("/data-form/truncated-tree", test_truncated_tree);
  g_test_add_func ("/data-form/deep-junk", test_deep_junk);
  g_test_add_func ("/data-form/non-utf8", test_non_utf8);
  g_test_add_func ("/data-form/string-caps", test_string_caps);

  return g_test_run ();
}
