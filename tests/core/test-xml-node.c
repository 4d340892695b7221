/* test-xml-node.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-xml-node.h"

static void
test_parse_namespaces (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetXmlNode) iq = NULL;
  SignetXmlNode *query, *x, *error_node;

  iq = signet_xml_node_parse ("<iq xmlns='jabber:client' type='error' id='a1'>"
                              "<query xmlns='jabber:iq:register'><x xmlns='jabber:x:data'/></query>"
                              "<error type='modify' code='409'>"
                              "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                              "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>Another &amp; user</text>"
                              "</error></iq>", -1, &error);
  g_assert_no_error (error);
  g_assert_true (signet_xml_node_is (iq, "iq", SIGNET_NS_CLIENT));
  g_assert_cmpstr (signet_xml_node_get_attribute (iq, "id"), ==, "a1");

  query = signet_xml_node_get_child (iq, "query", SIGNET_NS_REGISTER);
  g_assert_nonnull (query);
  x = signet_xml_node_get_child (query, "x", NULL);
  g_assert_cmpstr (signet_xml_node_get_namespace (x), ==, SIGNET_NS_DATA_FORMS);

  /* The <error/> inherits jabber:client from the iq. */
  error_node = signet_xml_node_get_child (iq, "error", SIGNET_NS_CLIENT);
  g_assert_nonnull (error_node);
  g_assert_nonnull (signet_xml_node_get_child (error_node, "conflict", SIGNET_NS_STANZAS));
  g_assert_cmpstr (signet_xml_node_get_child_text (error_node, "text", SIGNET_NS_STANZAS), ==,
                   "Another & user");
  g_assert_cmpstr (signet_xml_node_get_attribute (signet_xml_node_get_child (error_node, "text", NULL),
                                                  "xml:lang"), ==, "en");
}

static void
test_prefixed_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetXmlNode) node = NULL;

  node = signet_xml_node_parse ("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
                                "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                                "</stream:features>", -1, &error);
  g_assert_no_error (error);
  g_assert_true (signet_xml_node_is (node, "features", SIGNET_NS_STREAM));
  g_assert_nonnull (signet_xml_node_get_child (signet_xml_node_get_child (node, "starttls", SIGNET_NS_TLS),
                                               "required", SIGNET_NS_TLS));
}

/* An element in no namespace inside a prefixed one: written out, the
 * prefix becomes a default namespace, which the element must undeclare or
 * it would move into it when read back (found by fuzz-xml-stream). */
static void
test_no_namespace_round_trip (void)
{
  g_autoptr(SignetXmlNode) node = signet_xml_node_parse ("<h:a xmlns:h='urn:a'><b><h:c/></b></h:a>", -1, NULL);
  g_autofree char *text = signet_xml_node_to_string (node);
  g_autoptr(SignetXmlNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;

  g_assert_null (signet_xml_node_get_namespace (signet_xml_node_get_nth_child (node, 0)));
  g_assert_cmpstr (text, ==, "<a xmlns='urn:a'><b xmlns=''><c xmlns='urn:a'/></b></a>");
  parsed = signet_xml_node_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_xml_node_get_namespace (signet_xml_node_get_nth_child (parsed, 0)), ==, "");
  again = signet_xml_node_to_string (parsed);
  g_assert_cmpstr (again, ==, text);
}

static void
test_round_trip (void)
{
  g_autoptr(SignetXmlNode) iq = signet_xml_node_new ("iq", SIGNET_NS_CLIENT);
  g_autoptr(SignetXmlNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  SignetXmlNode *query;

  signet_xml_node_set_attribute (iq, "type", "set");
  signet_xml_node_set_attribute (iq, "to", "example.org");
  query = signet_xml_node_add_child (iq, "query", SIGNET_NS_REGISTER);
  signet_xml_node_add_text_child (query, "username", NULL, "a<b>'c\"&d");

  text = signet_xml_node_to_string (iq);
  g_assert_cmpstr (text, ==,
                   "<iq xmlns='jabber:client' type='set' to='example.org'>"
                   "<query xmlns='jabber:iq:register'><username>a&lt;b&gt;&apos;c&quot;&amp;d</username>"
                   "</query></iq>");

  parsed = signet_xml_node_parse (text, -1, &error);
  g_assert_no_error (error);
  again = signet_xml_node_to_string (parsed);
  g_assert_cmpstr (text, ==, again);
  g_assert_cmpstr (signet_xml_node_get_child_text (signet_xml_node_get_child (parsed, "query", NULL),
                                                   "username", SIGNET_NS_REGISTER), ==, "a<b>'c\"&d");
}

static void
test_attributes (void)
{
  g_autoptr(SignetXmlNode) node = signet_xml_node_new ("field", SIGNET_NS_DATA_FORMS);

  signet_xml_node_set_attribute (node, "var", "phone");
  signet_xml_node_set_attribute (node, "type", "text-single");
  signet_xml_node_set_attribute (node, "var", "code");
  g_assert_cmpstr (signet_xml_node_get_attribute (node, "var"), ==, "code");
  signet_xml_node_set_attribute (node, "var", NULL);
  g_assert_null (signet_xml_node_get_attribute (node, "var"));
  g_assert_cmpstr (signet_xml_node_get_attributes (node)[0], ==, "type");
  g_assert_null (signet_xml_node_get_attributes (node)[2]);
}

static void
test_malformed (void)
{
  const char *inputs[] = {
    "",
    "<iq",
    "<iq type='result' id=<<<",
    "<iq><query></iq>",
    "<a:b/>",
    "text only",
    "<iq/><iq/>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetXmlNode) node = signet_xml_node_parse (inputs[i], -1, &error);

      g_assert_null (node);
      g_assert_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED);
    }
}

static void
test_too_deep (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetXmlNode) node = NULL;

  for (guint i = 0; i < 200; i++)
    g_string_append (text, "<a>");
  for (guint i = 0; i < 200; i++)
    g_string_append (text, "</a>");

  node = signet_xml_node_parse (text->str, -1, &error);
  g_assert_null (node);
  g_assert_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_TOO_LARGE);
}

typedef struct
{
  SignetXmlNode *header;
  GPtrArray     *elements;
  gboolean closed;
} StreamLog;

static void
on_open (SignetXmlNode *header,
         gpointer       user_data)
{
  StreamLog *log = user_data;

  log->header = signet_xml_node_ref (header);
}

static void
on_element (SignetXmlNode *element,
            gpointer       user_data)
{
  StreamLog *log = user_data;

  g_ptr_array_add (log->elements, signet_xml_node_ref (element));
}

static void
on_close (gpointer user_data)
{
  StreamLog *log = user_data;

  log->closed = TRUE;
}

static void
test_stream_reader (void)
{
  const char *stream =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
    "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
    "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
    "<iq type='get' id='1'><query xmlns='jabber:iq:register'/></iq>"
    "</stream:stream>";
  StreamLog log = { NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) signet_xml_node_unref), FALSE };
  g_autoptr(SignetXmlStreamReader) reader = signet_xml_stream_reader_new (on_open, on_element, on_close, &log);
  g_autoptr(GError) error = NULL;

  /* Byte by byte, as a slow network would deliver it. */
  for (gsize i = 0; stream[i] != '\0'; i++)
    g_assert_true (signet_xml_stream_reader_feed (reader, stream + i, 1, &error));
  g_assert_no_error (error);

  g_assert_true (signet_xml_node_is (log.header, "stream", SIGNET_NS_STREAM));
  g_assert_cmpstr (signet_xml_node_get_attribute (log.header, "to"), ==, "localhost");
  g_assert_cmpuint (log.elements->len, ==, 2);
  g_assert_true (signet_xml_node_is (g_ptr_array_index (log.elements, 0), "starttls", SIGNET_NS_TLS));
  g_assert_true (signet_xml_node_is (g_ptr_array_index (log.elements, 1), "iq", SIGNET_NS_CLIENT));
  g_assert_true (log.closed);

  g_clear_pointer (&log.header, signet_xml_node_unref);
  g_ptr_array_unref (log.elements);
}

static void
test_stream_reader_garbage (void)
{
  g_autoptr(SignetXmlStreamReader) reader = signet_xml_stream_reader_new (NULL, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  const char *text = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'><iq id=<<<";

  g_assert_false (signet_xml_stream_reader_feed (reader, text, strlen (text), &error));
  g_assert_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED);
}

/* Names that GMarkup takes for XML 1.0 names but that Namespaces in XML
 * forbids: each once serialized into text that no parser reads back. */
static void
test_invalid_qualified_names (void)
{
  const char *inputs[] = {
    "<p::d xmlns:p='urn:x'/>",
    "<p: xmlns:p='urn:x'/>",
    "<p:123 xmlns:p='urn:x'/>",
    "<x xmlns='jabber:x:data'><p:/></x>",
    "<a p::x='1'/>",
    "<a x:='1'/>",
    "<a xmlns:p=''/>",
    "<a:b:c xmlns:a='urn:x'/>",
    "<p:-d xmlns:p='urn:x'/>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetXmlNode) node = signet_xml_node_parse (inputs[i], -1, &error);

      g_assert_null (node);
      g_assert_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED);
    }
}

/* Whatever parses serializes into text that parses back the same. */
static void
test_valid_names_round_trip (void)
{
  const char *inputs[] = {
    "<p:d xmlns:p='urn:x' p:a='1' xml:lang='it'/>",
    "<_a.b-c xmlns='urn:x'><é9 x.y='z'/></_a.b-c>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetXmlNode) node = signet_xml_node_parse (inputs[i], -1, &error);
      g_autofree char *text = NULL;
      g_autofree char *again = NULL;
      g_autoptr(SignetXmlNode) reparsed = NULL;

      g_assert_no_error (error);
      text = signet_xml_node_to_string (node);
      reparsed = signet_xml_node_parse (text, -1, &error);
      g_assert_no_error (error);
      again = signet_xml_node_to_string (reparsed);
      g_assert_cmpstr (again, ==, text);
    }
}

/* GLib 2.74 returned TRUE with an error set for these bytes, and warned
 * "GError set over the top of a previous GError" on the next call. */
static const char invalid_cdata[] = "<![CDATA[\x8d]]>>";

static void
test_invalid_utf8 (void)
{
  g_autofree char *text = g_strconcat ("<iq>", invalid_cdata, "</iq>", NULL);
  const char *inputs[] = { invalid_cdata, text, "<iq>\xc3</iq>", "<iq a='\xff'/>",
                           "<iq>\x01</iq>", "<iq a='\x1b'/>" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetXmlNode) node = signet_xml_node_parse (inputs[i], -1, &error);

      g_assert_null (node);
      g_assert_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED);
    }
}

static void
test_stream_reader_invalid_utf8 (void)
{
  const char *header = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>";
  g_autoptr(SignetXmlStreamReader) reader = signet_xml_stream_reader_new (NULL, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  g_assert_true (signet_xml_stream_reader_feed (reader, header, strlen (header), &error));
  for (gsize i = 0; ok && invalid_cdata[i] != '\0'; i++)
    ok = signet_xml_stream_reader_feed (reader, invalid_cdata + i, 1, &error);
  g_assert_false (ok);
  g_assert_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED);
  g_clear_error (&error);

  /* It stays failed, without warnings. */
  g_assert_false (signet_xml_stream_reader_feed (reader, "<a/>", 4, &error));
  g_assert_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED);
}

/* Characters of two, three and four bytes split across chunks. */
static void
test_stream_reader_split_utf8 (void)
{
  const char *stream = "<stream:stream xmlns='jabber:client' "
                       "xmlns:stream='http://etherx.jabber.org/streams'>"
                       "<body>\xc3\xa8\xe2\x82\xac\xf0\x9f\x98\x80</body>";
  StreamLog log = { NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) signet_xml_node_unref), FALSE };
  g_autoptr(SignetXmlStreamReader) reader = signet_xml_stream_reader_new (on_open, on_element, on_close, &log);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; stream[i] != '\0'; i++)
    g_assert_true (signet_xml_stream_reader_feed (reader, stream + i, 1, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (log.elements->len, ==, 1);
  g_assert_cmpstr (signet_xml_node_get_text (g_ptr_array_index (log.elements, 0)), ==,
                   "\xc3\xa8\xe2\x82\xac\xf0\x9f\x98\x80");

  g_clear_pointer (&log.header, signet_xml_node_unref);
  g_ptr_array_unref (log.elements);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xml-node/parse/namespaces", test_parse_namespaces);
  g_test_add_func ("/xml-node/parse/prefixed-names", test_prefixed_names);
  g_test_add_func ("/xml-node/round-trip", test_round_trip);
  g_test_add_func ("/xml-node/round-trip/no-namespace", test_no_namespace_round_trip);
  g_test_add_func ("/xml-node/attributes", test_attributes);
  g_test_add_func ("/xml-node/parse/malformed", test_malformed);
  g_test_add_func ("/xml-node/parse/too-deep", test_too_deep);
  g_test_add_func ("/xml-node/stream-reader/elements", test_stream_reader);
  g_test_add_func ("/xml-node/stream-reader/garbage", test_stream_reader_garbage);
  g_test_add_func ("/xml-node/parse/invalid-qualified-names", test_invalid_qualified_names);
  g_test_add_func ("/xml-node/parse/valid-names-round-trip", test_valid_names_round_trip);
  g_test_add_func ("/xml-node/parse/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/xml-node/stream-reader/invalid-utf8", test_stream_reader_invalid_utf8);
  g_test_add_func ("/xml-node/stream-reader/split-utf8", test_stream_reader_split_utf8);

  return g_test_run ();
}
