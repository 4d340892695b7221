/* test-connection.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "signet-bridge-certificate.h"
#include "signet-connection.h"
#include "signet-test-server.h"

/* Generous upper bounds: they tell "returned promptly" from "waited for a
 * network timeout", not how fast anything is. */
#define PROMPT_USEC (G_USEC_PER_SEC)
#define WAIT_SECONDS 20

/* --- Helpers ------------------------------------------------------------- */

typedef struct
{
  gboolean done;
  gboolean ok;
  GError        *error;
  SignetXmlNode *reply;
  gint64 finished_at;
  GThread       *thread;
} Result;

static void
result_clear (Result *result)
{
  g_clear_error (&result->error);
  g_clear_pointer (&result->reply, signet_xml_node_unref);
  result->done = FALSE;
  result->ok = FALSE;
}

static void
on_connected (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  Result *result = user_data;

  result->ok = signet_connection_connect_finish (SIGNET_CONNECTION (source), res, &result->error);
  result->finished_at = g_get_monotonic_time ();
  result->thread = g_thread_self ();
  result->done = TRUE;
}

static void
on_iq_reply (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  Result *result = user_data;

  result->reply = signet_connection_send_iq_finish (SIGNET_CONNECTION (source), res, &result->error);
  result->ok = result->reply != NULL;
  result->finished_at = g_get_monotonic_time ();
  result->thread = g_thread_self ();
  result->done = TRUE;
}

static gboolean
connect_sync (SignetConnection *conn,
              GError          **error)
{
  Result result = { 0 };

  signet_connection_connect_async (conn, NULL, on_connected, &result);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);

  if (result.error != NULL)
    g_propagate_error (error, g_steal_pointer (&result.error));
  return result.ok;
}

static SignetXmlNode *
register_get_new (void)
{
  SignetXmlNode *iq = signet_xml_node_new ("iq", SIGNET_NS_CLIENT);

  signet_xml_node_set_attribute (iq, "type", "get");
  signet_xml_node_add_child (iq, "query", SIGNET_NS_REGISTER);

  return iq;
}

static SignetXmlNode *
send_iq_sync (SignetConnection *conn,
              SignetXmlNode    *iq,
              GError          **error)
{
  Result result = { 0 };

  signet_connection_send_iq_async (conn, iq, NULL, on_iq_reply, &result);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);

  if (result.error != NULL)
    g_propagate_error (error, g_steal_pointer (&result.error));
  return result.reply;
}

static SignetConnection *
connection_for (SignetTestServer *server,
                gboolean          trusted)
{
  SignetConnection *conn = signet_connection_new (signet_test_server_get_domain (server));
  g_autoptr(GError) error = NULL;

  signet_connection_set_host_and_port (conn, signet_test_server_get_host_and_port (server), &error);
  g_assert_no_error (error);
  signet_connection_set_timeout (conn, 10);
  if (trusted)
    signet_connection_set_trusted_sha256 (conn, signet_test_server_get_sha256 (server));

  return conn;
}

/* Iterates the default context for @msec so that late events show up. */
static void
iterate_for (guint msec)
{
  gint64 end = g_get_monotonic_time () + msec * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* --- A scripted peer ----------------------------------------------------- */

/* For what the development server cannot do: never answer, and show
 * exactly which bytes the client sent. */
typedef enum
{
  PEER_SILENT,
  PEER_NO_STARTTLS,
  PEER_STREAM_ERROR,
} PeerMode;

typedef struct
{
  PeerMode mode;
  GSocketService    *service;
  guint16 port;
  GSocketConnection *connection;
  GString           *received;
  gboolean accepted;
  gboolean answered;
  gboolean eof;
  char buffer[1024];
} Peer;

#define PEER_STREAM_HEADER \
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
  "xmlns:stream='http://etherx.jabber.org/streams' id='x' from='localhost' version='1.0'>"

static void peer_read (Peer *peer);

static void
peer_answer (Peer *peer)
{
  const char *reply = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (peer->connection));

  switch (peer->mode)
    {
    case PEER_NO_STARTTLS:
      reply = PEER_STREAM_HEADER
              "<stream:features><register xmlns='http://jabber.org/features/iq-register'/></stream:features>";
      break;

    case PEER_STREAM_ERROR:
      reply = PEER_STREAM_HEADER
              "<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
              "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Too many attempts</text>"
              "</stream:error></stream:stream>";
      break;

    case PEER_SILENT:
    default:
      return;
    }

  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
  peer->answered = TRUE;
}

static void
on_peer_read (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  Peer *peer = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), res, NULL);

  if (n <= 0)
    {
      peer->eof = TRUE;
      return;
    }

  g_string_append_len (peer->received, peer->buffer, n);

  /* Answer once the client's stream header is complete. */
  if (!peer->answered)
    {
      const char *header = strstr (peer->received->str, "<stream:stream");

      if (header != NULL && strchr (header, '>') != NULL)
        peer_answer (peer);
    }

  peer_read (peer);
}

static void
peer_read (Peer *peer)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (peer->connection));

  g_input_stream_read_async (in, peer->buffer, sizeof peer->buffer - 1, G_PRIORITY_DEFAULT,
                             NULL, on_peer_read, peer);
}

static gboolean
on_peer_incoming (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source_object,
                  gpointer           user_data)
{
  Peer *peer = user_data;

  /* One client per test. */
  if (peer->connection != NULL)
    return FALSE;

  peer->connection = g_object_ref (connection);
  peer->accepted = TRUE;
  peer_read (peer);

  return TRUE;
}

static Peer *
peer_new (PeerMode mode)
{
  Peer *peer = g_new0 (Peer, 1);
  g_autoptr(GError) error = NULL;

  peer->mode = mode;
  peer->received = g_string_new (NULL);
  peer->service = g_socket_service_new ();
  peer->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (peer->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (peer->service, "incoming", G_CALLBACK (on_peer_incoming), peer);
  g_socket_service_start (peer->service);

  return peer;
}

static void
peer_free (Peer *peer)
{
  g_socket_service_stop (peer->service);
  g_socket_listener_close (G_SOCKET_LISTENER (peer->service));
  if (peer->connection != NULL)
    {
      g_io_stream_close (G_IO_STREAM (peer->connection), NULL, NULL);
      /* Let the pending read deliver its callback before freeing. */
      signet_test_async_wait_until (&peer->eof, WAIT_SECONDS);
    }
  g_clear_object (&peer->connection);
  g_clear_object (&peer->service);
  g_string_free (peer->received, TRUE);
  g_free (peer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Peer, peer_free)

static SignetConnection *
connection_for_peer (Peer *peer)
{
  SignetConnection *conn = signet_connection_new ("localhost");

  signet_connection_set_host (conn, "127.0.0.1", peer->port);
  signet_connection_set_timeout (conn, 10);

  return conn;
}

/* --- Settings ------------------------------------------------------------ */

static void
test_host_and_port (void)
{
  g_autoptr(SignetConnection) conn = signet_connection_new ("example.org");
  struct {
    const char *text;
    const char *host;
    guint16 port;
  } valid[] = {
    { "xmpp.example.org", "xmpp.example.org", 0 },
    { "xmpp.example.org:5223", "xmpp.example.org", 5223 },
    { " 127.0.0.1:1234 ", "127.0.0.1", 1234 },
    { "[::1]:5222", "::1", 5222 },
    { "[2001:db8::1]", "2001:db8::1", 0 },
    { "2001:db8::1", "2001:db8::1", 0 },
    { "", NULL, 0 },
  };
  const char *invalid[] = {
    "host:", "host:0", "host:65536", "host:12x", ":5222", "[::1", "[]:5222",
    "[::1]5222", "[::1]:", "two words",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (signet_connection_set_host_and_port (conn, valid[i].text, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (signet_connection_get_host (conn), ==, valid[i].host);
      g_assert_cmpuint (signet_connection_get_port (conn), ==, valid[i].port);
    }

  signet_connection_set_host (conn, "kept.example.org", 42);
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (signet_connection_set_host_and_port (conn, invalid[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, invalid[i]));
      g_assert_cmpstr (signet_connection_get_host (conn), ==, "kept.example.org");
      g_assert_cmpuint (signet_connection_get_port (conn), ==, 42);
    }
}

static void
test_settings (void)
{
  g_autoptr(SignetConnection) conn = signet_connection_new ("example.org");
  g_autoptr(SignetXmlNode) iq = register_get_new ();
  Result result = { 0 };

  g_assert_cmpstr (signet_connection_get_domain (conn), ==, "example.org");
  g_assert_cmpuint (signet_connection_get_timeout (conn), ==, SIGNET_CONNECTION_DEFAULT_TIMEOUT_SECONDS);
  signet_connection_set_timeout (conn, 3);
  g_assert_cmpuint (signet_connection_get_timeout (conn), ==, 3);
  signet_connection_set_timeout (conn, 0);
  g_assert_cmpuint (signet_connection_get_timeout (conn), ==, SIGNET_CONNECTION_DEFAULT_TIMEOUT_SECONDS);

  signet_connection_set_trusted_sha256 (conn, "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                                        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89");
  g_assert_cmpstr (signet_connection_get_trusted_sha256 (conn), ==,
                   "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
  signet_connection_set_trusted_sha256 (conn, NULL);
  g_assert_null (signet_connection_get_trusted_sha256 (conn));

  g_assert_false (signet_connection_get_direct_tls (conn));
  signet_connection_set_direct_tls (conn, TRUE);
  g_assert_true (signet_connection_get_direct_tls (conn));

  g_assert_false (signet_connection_is_connected (conn));
  g_assert_null (signet_connection_get_features (conn));
  g_assert_null (signet_connection_get_peer_certificate (conn));

  /* Sending needs a connection; the error comes through the callback. */
  signet_connection_send_iq_async (conn, iq, NULL, on_iq_reply, &result);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_assert_error (result.error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_NOT_CONNECTED);
  result_clear (&result);

  /* Closing what is not open is fine. */
  signet_connection_close (conn);
}

static void
test_certificate_info (void)
{
  g_autoptr(SignetCertificateInfo) info = NULL;
  g_autoptr(SignetCertificateInfo) copy = NULL;
  g_autofree char *upper = NULL;

  g_assert_null (signet_certificate_normalize_sha256 (NULL));
  g_assert_null (signet_certificate_normalize_sha256 (""));
  g_assert_null (signet_certificate_normalize_sha256 ("abcd"));
  g_assert_null (signet_certificate_normalize_sha256 ("zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
  g_assert_null (signet_certificate_normalize_sha256 ("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef00"));
  upper = signet_certificate_normalize_sha256 ("01 23 45 67 89 AB CD EF 01:23:45:67:89:AB:CD:EF"
                                               "0123456789ABCDEF0123456789ABCDEF");
  g_assert_cmpstr (upper, ==, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

  info = signet_certificate_info_new ("/CN=example.org", "/CN=Example CA", "Jan  1 00:00:00 2026 GMT",
                                      "Jan  1 00:00:00 2027 GMT", upper, "self-signed certificate");
  copy = signet_certificate_info_copy (info);
  g_assert_cmpstr (signet_certificate_info_get_subject (copy), ==, "/CN=example.org");
  g_assert_cmpstr (signet_certificate_info_get_issuer (copy), ==, "/CN=Example CA");
  g_assert_cmpstr (signet_certificate_info_get_not_before (copy), ==, "Jan  1 00:00:00 2026 GMT");
  g_assert_cmpstr (signet_certificate_info_get_not_after (copy), ==, "Jan  1 00:00:00 2027 GMT");
  g_assert_cmpstr (signet_certificate_info_get_sha256 (copy), ==, upper);
  g_assert_cmpstr (signet_certificate_info_get_problem (copy), ==, "self-signed certificate");
}

/* --- TLS ----------------------------------------------------------------- */

static void
test_no_starttls_refused (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--no-starttls", NULL);
  g_autoptr(SignetConnection) conn = connection_for (server, TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_false (connect_sync (conn, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "STARTTLS"));
  g_assert_false (signet_connection_is_connected (conn));
  g_assert_null (signet_connection_get_features (conn));
}

static void
test_no_starttls_sends_nothing (void)
{
  g_autoptr(Peer) peer = peer_new (PEER_NO_STARTTLS);
  g_autoptr(SignetConnection) conn = connection_for_peer (peer);
  g_autoptr(GError) error = NULL;
  const char *header;

  g_assert_false (connect_sync (conn, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE);

  /* The client hangs up; then everything it sent has arrived. */
  signet_test_async_wait_until (&peer->eof, WAIT_SECONDS);
  header = strstr (peer->received->str, "<stream:stream");
  g_assert_nonnull (header);
  g_assert_true (g_str_has_prefix (peer->received->str, "<?xml"));
  /* One start tag and nothing after it: no <starttls/>, no IQ, not even
   * </stream:stream>. */
  g_assert_null (strchr (header + 1, '<'));
  g_assert_true (g_str_has_suffix (peer->received->str, ">"));
}

static void
test_certificate_untrusted_then_trusted (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetConnection) conn = connection_for (server, FALSE);
  g_autoptr(SignetXmlNode) iq = register_get_new ();
  g_autoptr(SignetXmlNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  const SignetCertificateInfo *info;
  const char *sha256 = signet_test_server_get_sha256 (server);

  g_assert_false (connect_sync (conn, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED);
  g_assert_nonnull (strstr (error->message, sha256));
  g_test_message ("Refused: %s", error->message);
  g_assert_false (signet_connection_is_connected (conn));

  info = signet_connection_get_peer_certificate (conn);
  g_assert_nonnull (info);
  g_assert_cmpstr (signet_certificate_info_get_sha256 (info), ==, sha256);
  g_assert_nonnull (signet_certificate_info_get_subject (info));
  g_assert_nonnull (signet_certificate_info_get_issuer (info));
  g_assert_nonnull (signet_certificate_info_get_not_before (info));
  g_assert_nonnull (signet_certificate_info_get_not_after (info));
  g_assert_nonnull (signet_certificate_info_get_problem (info));
  g_clear_error (&error);

  /* The person trusts exactly this certificate. */
  signet_connection_set_trusted_sha256 (conn, sha256);
  g_assert_true (connect_sync (conn, &error));
  g_assert_no_error (error);
  g_assert_true (signet_connection_is_connected (conn));
  g_assert_nonnull (signet_connection_get_features (conn));
  g_assert_nonnull (signet_xml_node_get_child (signet_connection_get_features (conn),
                                               "register", SIGNET_NS_REGISTER_FEATURE));
  g_assert_null (signet_xml_node_get_child (signet_connection_get_features (conn), "starttls", NULL));
  info = signet_connection_get_peer_certificate (conn);
  g_assert_nonnull (info);
  g_assert_cmpstr (signet_certificate_info_get_sha256 (info), ==, sha256);

  reply = send_iq_sync (conn, iq, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_cmpstr (signet_xml_node_get_attribute (reply, "type"), ==, "result");
  g_assert_cmpstr (signet_xml_node_get_attribute (reply, "id"), ==, signet_xml_node_get_attribute (iq, "id"));
  g_assert_true (g_str_has_prefix (signet_xml_node_get_attribute (iq, "id"), "signet-"));
  g_assert_nonnull (signet_xml_node_get_child (reply, "query", SIGNET_NS_REGISTER));

  signet_connection_close (conn);
  g_assert_false (signet_connection_is_connected (conn));
}

static void
test_certificate_wrong_fingerprint (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetConnection) conn = connection_for (server, FALSE);
  g_autoptr(GError) error = NULL;
  const SignetCertificateInfo *info;

  signet_connection_set_trusted_sha256 (conn, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  g_assert_false (connect_sync (conn, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED);

  info = signet_connection_get_peer_certificate (conn);
  g_assert_nonnull (info);
  g_assert_cmpstr (signet_certificate_info_get_sha256 (info), ==, signet_test_server_get_sha256 (server));
}

/* --- Stream errors ------------------------------------------------------- */

static void
test_stream_error_host_unknown (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetConnection) conn = signet_connection_new ("elsewhere.example");
  g_autoptr(GError) error = NULL;

  signet_connection_set_host_and_port (conn, signet_test_server_get_host_and_port (server), &error);
  g_assert_no_error (error);
  signet_connection_set_timeout (conn, 10);

  g_assert_false (connect_sync (conn, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_STREAM_HOST_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "elsewhere.example"));
}

static void
test_stream_error_text (void)
{
  g_autoptr(Peer) peer = peer_new (PEER_STREAM_ERROR);
  g_autoptr(SignetConnection) conn = connection_for_peer (peer);
  g_autoptr(GError) error = NULL;

  g_assert_false (connect_sync (conn, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_STREAM_POLICY_VIOLATION);
  g_assert_nonnull (strstr (error->message, "Too many attempts"));
}

/* --- Timeouts, cancellation and the main loop ---------------------------- */

static void
test_iq_timeout (void)
{
  /* Every reply waits 1.2 s, the connection too, so connect with a
   * generous timeout and then lower it for the request. */
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--delay-ms", "1200", NULL);
  g_autoptr(SignetConnection) conn = connection_for (server, TRUE);
  g_autoptr(SignetXmlNode) iq = register_get_new ();
  g_autoptr(GError) error = NULL;
  Result result = { 0 };
  gint64 started;

  g_assert_true (connect_sync (conn, &error));
  g_assert_no_error (error);

  signet_connection_set_timeout (conn, 1);
  started = g_get_monotonic_time ();
  signet_connection_send_iq_async (conn, iq, NULL, on_iq_reply, &result);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_assert_error (result.error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TIMEOUT);
  g_assert_cmpint (result.finished_at - started, >=, G_USEC_PER_SEC - G_USEC_PER_SEC / 10);
  g_assert_cmpint (result.finished_at - started, <, G_USEC_PER_SEC + PROMPT_USEC);

  /* The late reply is dropped, and the connection still works. */
  result_clear (&result);
  iterate_for (500);
  signet_connection_set_timeout (conn, 10);
  g_clear_pointer (&iq, signet_xml_node_unref);
  iq = register_get_new ();
  signet_connection_send_iq_async (conn, iq, NULL, on_iq_reply, &result);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_assert_no_error (result.error);
  g_assert_cmpstr (signet_xml_node_get_attribute (result.reply, "type"), ==, "result");
  result_clear (&result);
}

typedef struct
{
  GCancellable *cancellable;
  gint64 cancelled_at;
} CancelLater;

static gboolean
on_cancel_later (gpointer user_data)
{
  CancelLater *later = user_data;

  later->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (later->cancellable);
  return G_SOURCE_REMOVE;
}

static void
check_cancel_while_peer_silent (gboolean direct_tls)
{
  g_autoptr(Peer) peer = peer_new (PEER_SILENT);
  g_autoptr(SignetConnection) conn = connection_for_peer (peer);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelLater later = { cancellable, 0 };
  Result result = { 0 };

  /* With direct TLS the worker is blocked inside the TLS handshake. */
  signet_connection_set_direct_tls (conn, direct_tls);
  signet_connection_connect_async (conn, cancellable, on_connected, &result);
  signet_test_async_wait_until (&peer->accepted, WAIT_SECONDS);
  iterate_for (100);
  g_assert_false (result.done);

  g_idle_add (on_cancel_later, &later);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (result.finished_at - later.cancelled_at, <, PROMPT_USEC);
  g_assert_false (signet_connection_is_connected (conn));

  /* The worker gives up the socket by itself. */
  signet_test_async_wait_until (&peer->eof, WAIT_SECONDS);
  result_clear (&result);
}

static void
test_cancel_connect (void)
{
  check_cancel_while_peer_silent (FALSE);
}

static void
test_cancel_connect_in_tls_handshake (void)
{
  check_cancel_while_peer_silent (TRUE);
}

static void
test_cancel_before_connect (void)
{
  g_autoptr(Peer) peer = peer_new (PEER_SILENT);
  g_autoptr(SignetConnection) conn = connection_for_peer (peer);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result result = { 0 };

  g_cancellable_cancel (cancellable);
  signet_connection_connect_async (conn, cancellable, on_connected, &result);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  result_clear (&result);
}

static gboolean
on_tick (gpointer user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

static void
test_main_loop_runs_while_waiting (void)
{
  g_autoptr(Peer) peer = peer_new (PEER_SILENT);
  g_autoptr(SignetConnection) conn = connection_for_peer (peer);
  Result result = { 0 };
  guint ticks = 0;
  guint tick_id;
  gint64 started;

  signet_connection_set_timeout (conn, 1);
  tick_id = g_timeout_add (20, on_tick, &ticks);
  started = g_get_monotonic_time ();
  signet_connection_connect_async (conn, NULL, on_connected, &result);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_source_remove (tick_id);

  g_assert_error (result.error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TIMEOUT);
  g_assert_cmpint (result.finished_at - started, <, G_USEC_PER_SEC + PROMPT_USEC);
  /* A second of 20 ms ticks; most of them must have run. */
  g_test_message ("%u ticks while waiting", ticks);
  g_assert_cmpuint (ticks, >=, 25);
  g_assert_true (peer->accepted);
  result_clear (&result);
}

/* --- Connections that end ------------------------------------------------ */

static void
on_closed (SignetConnection *conn,
           const GError     *error,
           gpointer          user_data)
{
  GError **closed_error = user_data;

  g_assert_null (*closed_error);
  *closed_error = g_error_copy (error);
}

static void
test_dropped_during_iq (void)
{
  /* Element 1 is <starttls/>, element 2 the first IQ. */
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--drop-after", "2", NULL);
  g_autoptr(SignetConnection) conn = connection_for (server, TRUE);
  g_autoptr(SignetXmlNode) iq = register_get_new ();
  g_autoptr(SignetXmlNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) closed_error = NULL;

  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), &closed_error);
  g_assert_true (connect_sync (conn, &error));
  g_assert_no_error (error);

  reply = send_iq_sync (conn, iq, &error);
  g_assert_null (reply);
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CLOSED);

  iterate_for (100);
  g_assert_false (signet_connection_is_connected (conn));
  g_assert_error (closed_error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CLOSED);
  g_clear_error (&error);

  /* Sending afterwards fails at once. */
  g_clear_pointer (&iq, signet_xml_node_unref);
  iq = register_get_new ();
  reply = send_iq_sync (conn, iq, &error);
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_NOT_CONNECTED);
}

static void
test_garbled_reply (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--garble", "2", NULL);
  g_autoptr(SignetConnection) conn = connection_for (server, TRUE);
  g_autoptr(SignetXmlNode) iq = register_get_new ();
  g_autoptr(SignetXmlNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) closed_error = NULL;

  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), &closed_error);
  g_assert_true (connect_sync (conn, &error));
  g_assert_no_error (error);

  reply = send_iq_sync (conn, iq, &error);
  g_assert_null (reply);
  /* libstrophe's parser rejects it; that ends the connection at once. */
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_MALFORMED);

  iterate_for (100);
  g_assert_false (signet_connection_is_connected (conn));
  g_assert_error (closed_error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_MALFORMED);
}

static void
test_unreachable (void)
{
  g_autoptr(Peer) peer = peer_new (PEER_SILENT);
  g_autoptr(SignetConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = peer->port;

  /* A port that just stopped listening refuses connections. */
  g_clear_pointer (&peer, peer_free);
  conn = signet_connection_new ("localhost");
  signet_connection_set_host (conn, "127.0.0.1", port);
  signet_connection_set_timeout (conn, 10);

  g_assert_false (connect_sync (conn, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_UNREACHABLE);
}

/* --- Lifetimes ----------------------------------------------------------- */

static void
check_unref_while_connecting (gboolean direct_tls)
{
  g_autoptr(Peer) peer = peer_new (PEER_SILENT);
  SignetConnection *conn = connection_for_peer (peer);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result result = { 0 };

  signet_connection_set_direct_tls (conn, direct_tls);
  g_object_add_weak_pointer (G_OBJECT (conn), (gpointer *) &conn);
  signet_connection_connect_async (conn, cancellable, on_connected, &result);
  signet_test_async_wait_until (&peer->accepted, WAIT_SECONDS);

  /* The pending task keeps the object alive until it completes. */
  g_object_unref (conn);
  g_assert_nonnull (conn);
  g_cancellable_cancel (cancellable);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Then it goes, and its worker hangs up by itself. */
  iterate_for (50);
  g_assert_null (conn);
  signet_test_async_wait_until (&peer->eof, WAIT_SECONDS);
  result_clear (&result);
}

static void
test_unref_while_connecting (void)
{
  check_unref_while_connecting (FALSE);
}

static void
test_unref_in_tls_handshake (void)
{
  check_unref_while_connecting (TRUE);
}

static void
test_unref_connected (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  SignetConnection *conn = connection_for (server, TRUE);
  g_autoptr(SignetXmlNode) iq = register_get_new ();
  g_autoptr(GError) error = NULL;
  Result result = { 0 };

  g_assert_true (connect_sync (conn, &error));
  g_assert_no_error (error);

  /* Dropping the last reference with a request in flight. */
  g_object_add_weak_pointer (G_OBJECT (conn), (gpointer *) &conn);
  signet_connection_send_iq_async (conn, iq, NULL, on_iq_reply, &result);
  g_object_unref (conn);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_assert_no_error (result.error);
  iterate_for (50);
  g_assert_null (conn);
  result_clear (&result);
}

static void
test_close_fails_pending (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--delay-ms", "300", NULL);
  g_autoptr(SignetConnection) conn = connection_for (server, TRUE);
  g_autoptr(SignetXmlNode) iq = register_get_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) closed_error = NULL;
  Result result = { 0 };

  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), &closed_error);
  g_assert_true (connect_sync (conn, &error));
  g_assert_no_error (error);

  signet_connection_send_iq_async (conn, iq, NULL, on_iq_reply, &result);
  signet_connection_close (conn);
  g_assert_false (signet_connection_is_connected (conn));
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_assert_error (result.error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CLOSED);

  /* An explicit close is not reported as "closed"; the connection can be
   * used again. */
  iterate_for (700);
  g_assert_null (closed_error);
  result_clear (&result);
  g_assert_true (connect_sync (conn, &error));
  g_assert_no_error (error);
}

/* --- Login (SASL) -------------------------------------------------------- */

static void
test_login_needs_credentials (void)
{
  g_autoptr(SignetConnection) conn = signet_connection_new ("localhost");
  Result result = { 0 };

  signet_connection_set_login (conn, "someone@localhost", NULL);
  signet_connection_connect_async (conn, NULL, on_connected, &result);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_assert_error (result.error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);
  result_clear (&result);
}

static void
test_login_untrusted (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetConnection) conn = connection_for (server, FALSE);
  g_autoptr(GError) error = NULL;
  const SignetCertificateInfo *info;

  /* libstrophe logs in by itself right after the handshake, so the
   * certificate is refused inside the handshake. */
  signet_connection_set_login (conn, "someone@localhost", "secret");
  g_assert_false (connect_sync (conn, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED);
  g_assert_nonnull (strstr (error->message, signet_test_server_get_sha256 (server)));

  info = signet_connection_get_peer_certificate (conn);
  g_assert_nonnull (info);
  g_assert_cmpstr (signet_certificate_info_get_sha256 (info), ==, signet_test_server_get_sha256 (server));
}

static void
test_login_refused (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(SignetConnection) conn = connection_for (server, TRUE);
  g_autoptr(GError) error = NULL;

  /* The development server knows no such account (and, for now, no SASL
   * mechanism at all). */
  signet_connection_set_login (conn, "someone@localhost", "secret");
  g_assert_false (connect_sync (conn, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);
  g_assert_nonnull (strstr (error->message, "someone@localhost"));
  g_assert_false (signet_connection_is_connected (conn));
}

/* What keeps the client certificate's files, and whether it was freed. */
typedef struct
{
  SignetKeyFiles *files;
  gboolean freed;
} ClientFiles;

static void
client_files_free (gpointer data)
{
  ClientFiles *client = data;

  g_clear_pointer (&client->files, signet_key_files_free);
  client->freed = TRUE;
}

/* A throwaway RSA key and a bridge certificate for it, as PEM. */
static void
make_client_certificate (GBytes **certificate,
                         GBytes **key)
{
  const char *user_ids[] = { "Nobody <someone@localhost>", NULL };
  g_autoptr(GBytes) keyring = g_bytes_new_static ("not a keyring", 13);
  g_autoptr(GError) error = NULL;
  EVP_PKEY *pkey = EVP_RSA_gen (2048);
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  g_assert_cmpint (PEM_write_bio_PrivateKey (bio, pkey, NULL, NULL, 0, NULL, NULL), ==, 1);
  len = BIO_get_mem_data (bio, &data);
  *key = g_bytes_new (data, len);
  BIO_free (bio);
  EVP_PKEY_free (pkey);

  *certificate = signet_bridge_certificate_new (*key, keyring, user_ids, g_get_real_time () / G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
}

static gboolean
on_cancel_now (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* libstrophe opens the certificate and key files during the handshake, on
 * the connection's thread, which may still be at it when the caller has
 * given the connection up.  Whenever the caller gives up, the secret files
 * stay while the connection lives and are gone once it is finalized (under
 * ASan, a file removed too early also showed as a leak inside libstrophe). */
static void
test_client_certificate_kept_while_used (void)
{
  /* A login here takes some 30 to 50 ms: every stage of it, and never. */
  const guint never = 80;
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(GBytes) certificate = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *parent = g_dir_make_tmp ("signet-client-files-XXXXXX", NULL);

  make_client_certificate (&certificate, &key);
  for (guint delay_ms = 0; delay_ms <= never; delay_ms += 2)
    {
      g_autoptr(SignetConnection) conn = connection_for (server, TRUE);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      ClientFiles client = { 0 };
      g_autofree char *key_path = NULL;
      Result result = { 0 };

      client.files = signet_key_files_new_in_directory (certificate, key, parent, &error);
      g_assert_no_error (error);
      key_path = g_strdup (signet_key_files_get_key_path (client.files));
      signet_connection_set_client_certificate (conn, signet_key_files_get_certificate_path (client.files),
                                                key_path, &client, client_files_free);
      signet_connection_set_login (conn, "someone@localhost", NULL);

      if (delay_ms != never)
        g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, on_cancel_now,
                            g_object_ref (cancellable), g_object_unref);
      signet_connection_connect_async (conn, cancellable, on_connected, &result);
      signet_test_async_wait_until (&result.done, WAIT_SECONDS);
      g_test_message ("given up after %u ms: %s", delay_ms,
                      result.error ? result.error->message : "logged in");
      /* The server knows no such account: never logged in. */
      g_assert_false (result.ok);
      if (!g_error_matches (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_assert_error (result.error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);

      g_assert_false (client.freed);
      g_assert_true (g_file_test (key_path, G_FILE_TEST_EXISTS));
      g_clear_object (&conn);
      g_assert_true (client.freed);
      g_assert_false (g_file_test (key_path, G_FILE_TEST_EXISTS));
      result_clear (&result);
    }

  g_rmdir (parent);
}

static void
test_login_no_starttls (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--no-starttls", NULL);
  g_autoptr(SignetConnection) conn = connection_for (server, TRUE);
  g_autoptr(GError) error = NULL;

  signet_connection_set_login (conn, "someone@localhost", "secret");
  g_assert_false (connect_sync (conn, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE);
}

static gpointer
use_connection_in_thread (gpointer data)
{
  SignetTestServer *server = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SignetConnection) conn = NULL;
  g_autoptr(SignetXmlNode) iq = register_get_new ();
  Result result = { 0 };

  g_main_context_push_thread_default (context);

  conn = connection_for (server, TRUE);
  signet_connection_connect_async (conn, NULL, on_connected, &result);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_assert_no_error (result.error);
  g_assert_true (result.thread == g_thread_self ());
  result_clear (&result);

  signet_connection_send_iq_async (conn, iq, NULL, on_iq_reply, &result);
  signet_test_async_wait_until (&result.done, WAIT_SECONDS);
  g_assert_no_error (result.error);
  g_assert_true (result.thread == g_thread_self ());
  result_clear (&result);

  g_clear_object (&conn);
  g_main_context_pop_thread_default (context);

  return NULL;
}

/* Results arrive on the context that was thread-default when the call was
 * made, here one that only another thread iterates. */
static void
test_thread_default_context (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  GThread *thread = g_thread_new ("caller", use_connection_in_thread, server);

  g_thread_join (thread);
}

static void
test_new_iq (void)
{
  g_autoptr(SignetConnection) conn = signet_connection_new ("example.org");
  g_autoptr(SignetXmlNode) iq = signet_connection_new_iq (conn, "get");

  g_assert_cmpstr (signet_xml_node_get_name (iq), ==, "iq");
  g_assert_cmpstr (signet_xml_node_get_namespace (iq), ==, SIGNET_NS_CLIENT);
  g_assert_cmpstr (signet_xml_node_get_attribute (iq, "type"), ==, "get");
  g_assert_cmpstr (signet_xml_node_get_attribute (iq, "to"), ==, "example.org");
  g_assert_null (signet_xml_node_get_attribute (iq, "id"));
}

/* signet-devserver reads clients with the core's stream reader: invalid
 * UTF-8 inside CDATA (which GLib 2.74's GMarkup let through with its error
 * set) ends the stream with not-well-formed at once. */
static void
test_devserver_invalid_utf8 (void)
{
  static const char header[] = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                               "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";
  static const char cdata[] = "<![CDATA[\x8d]]>>";
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--no-starttls", NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GString) received = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GInputStream *input;
  GOutputStream *output;
  char buffer[4096];
  gssize n;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, WAIT_SECONDS);
  connection = g_socket_client_connect_to_host (client, signet_test_server_get_host_and_port (server),
                                                0, NULL, &error);
  g_assert_no_error (error);
  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_assert_true (g_output_stream_write_all (output, header, strlen (header), NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (output, cdata, strlen (cdata), NULL, NULL, &error));
  g_assert_no_error (error);

  /* Until the server hangs up: before the fix it waited for more. */
  while ((n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (received, buffer, n);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (received->str, "not-well-formed"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/connection/host-and-port", test_host_and_port);
  g_test_add_func ("/connection/settings", test_settings);
  g_test_add_func ("/connection/new-iq", test_new_iq);
  g_test_add_func ("/connection/certificate-info", test_certificate_info);
  g_test_add_func ("/connection/tls/no-starttls-refused", test_no_starttls_refused);
  g_test_add_func ("/connection/tls/no-starttls-sends-nothing", test_no_starttls_sends_nothing);
  g_test_add_func ("/connection/tls/untrusted-then-trusted", test_certificate_untrusted_then_trusted);
  g_test_add_func ("/connection/tls/wrong-fingerprint", test_certificate_wrong_fingerprint);
  g_test_add_func ("/connection/stream-error/host-unknown", test_stream_error_host_unknown);
  g_test_add_func ("/connection/stream-error/text", test_stream_error_text);
  g_test_add_func ("/connection/iq-timeout", test_iq_timeout);
  g_test_add_func ("/connection/cancel/connect", test_cancel_connect);
  g_test_add_func ("/connection/cancel/tls-handshake", test_cancel_connect_in_tls_handshake);
  g_test_add_func ("/connection/cancel/before-connect", test_cancel_before_connect);
  g_test_add_func ("/connection/main-loop-runs", test_main_loop_runs_while_waiting);
  g_test_add_func ("/connection/dropped-during-iq", test_dropped_during_iq);
  g_test_add_func ("/connection/garbled-reply", test_garbled_reply);
  g_test_add_func ("/connection/unreachable", test_unreachable);
  g_test_add_func ("/connection/lifetime/unref-while-connecting", test_unref_while_connecting);
  g_test_add_func ("/connection/lifetime/unref-in-tls-handshake", test_unref_in_tls_handshake);
  g_test_add_func ("/connection/lifetime/unref-connected", test_unref_connected);
  g_test_add_func ("/connection/close-fails-pending", test_close_fails_pending);
  g_test_add_func ("/connection/login/needs-credentials", test_login_needs_credentials);
  g_test_add_func ("/connection/login/untrusted", test_login_untrusted);
  g_test_add_func ("/connection/login/refused", test_login_refused);
  g_test_add_func ("/connection/login/no-starttls", test_login_no_starttls);
  g_test_add_func ("/connection/login/client-certificate-kept-while-used", test_client_certificate_kept_while_used);
  g_test_add_func ("/connection/thread-default-context", test_thread_default_context);
  g_test_add_func ("/connection/devserver/invalid-utf8", test_devserver_invalid_utf8);

  return g_test_run ();
}
