/* devserver-client.c: one client connection of the development server
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "devserver-client.h"

#include <errno.h>
#include <glib-unix.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

/* One thread per connection, blocking I/O on the socket's file descriptor:
 * plain until STARTTLS, then through OpenSSL.  The XML arrives through
 * SignetXmlStreamReader, whose callbacks run inside reader_feed(); they only
 * answer and set flags, and the read loop acts on the flags afterwards
 * (the TLS handshake, a new reader for the restarted stream, closing). */

#define READ_BUFFER_SIZE 8192

#define NS_BIND    "urn:ietf:params:xml:ns:xmpp-bind"
#define NS_SESSION "urn:ietf:params:xml:ns:xmpp-session"

/* RFC 6120 §7.7.2.1: resourceparts are at most 1023 bytes. */
#define RESOURCE_MAX_LENGTH 1023

/* What --garble sends instead of a reply: an attribute value without quotes
 * and a tag that never ends. */
#define GARBLED_REPLY "<iq type='result' id=<<<"

#define STREAM_HEADER_FORMAT \
  "<?xml version='1.0'?>" \
  "<stream:stream xmlns='" SIGNET_NS_CLIENT "' xmlns:stream='" SIGNET_NS_STREAM "'" \
  " id='%s' from='%s' version='1.0' xml:lang='en'>"

typedef struct
{
  const DevserverClientOptions *options;
  GSocketConnection            *connection;
  int fd;
  SSL                          *ssl;
  /* What the registration logic sees of this connection; the client
   * certificate stays here for the code step and SASL EXTERNAL. */
  DevserverPeer peer;
  char                         *peer_address;
  X509                         *peer_certificate;
  /* The bare JID once SASL EXTERNAL succeeded, and the bound full JID. */
  char                         *jid;
  char                         *full_jid;

  /* The options' faults as they apply to this connection (--fault-connection). */
  guint drop_after;
  guint delay_element;
  guint wrong_reply;
  guint garble;
  guint delay_ms;

  SignetXmlStreamReader        *reader;
  gboolean header_sent;
  /* Counts every top-level element since the connection was accepted. */
  guint n_elements;
  /* Which connection this is, from 1 (--print-connections). */
  guint number;
  /* The element being answered, for --garble. */
  guint current_element;
  gboolean starttls_requested;
  /* After <success/>, the client restarts the stream (RFC 6120 §6.4.6). */
  gboolean restart_requested;
  /* Set once nothing more is read or answered. */
  gboolean closing;
  /* Close the socket at once, without closing TLS or the stream. */
  gboolean drop;
} DevserverClient;

/* Connections accepted so far, for --fault-connection. */
static gint n_connections;

static const char *
domain (DevserverClient *self)
{
  return devserver_kontalk_get_domain (self->options->kontalk);
}

/* Output ------------------------------------------------------------------- */

static gboolean
write_all (DevserverClient *self,
           const char      *data,
           gsize            length,
           GError         **error)
{
  if (self->ssl != NULL)
    return devserver_tls_write_all (self->ssl, data, length, error);

  while (length > 0)
    {
      /* MSG_NOSIGNAL: a client that went away must not kill the server. */
      gssize n = send (self->fd, data, length, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not send: %s", g_strerror (saved_errno));
          return FALSE;
        }

      data += n;
      length -= (gsize) n;
    }

  return TRUE;
}

/* With SIGNET_DEVSERVER_RECORD set to a directory, every reply is also
 * written there, one file each (NNNN.xml): the seeds of the fuzz corpora in
 * tests/fuzz/ come from there. */
static void
record_reply (const char *text)
{
  static gint counter;
  const char *dir = g_getenv ("SIGNET_DEVSERVER_RECORD");
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || *dir == '\0')
    return;

  name = g_strdup_printf ("%04d.xml", g_atomic_int_add (&counter, 1));
  path = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents (path, text, -1, NULL))
    g_debug ("Could not record a reply");
}

/* Sends one reply, after the --delay-ms pause; when it answers the element
 * chosen by --garble, broken XML goes out instead.  Returns whether @text
 * itself was delivered. */
static gboolean
send_reply (DevserverClient *self,
            const char      *text)
{
  g_autoptr(GError) error = NULL;
  gboolean garble;

  if (self->closing)
    return FALSE;

  if (self->delay_ms > 0 && self->delay_element == 0)
    g_usleep ((gulong) self->delay_ms * 1000);

  garble = self->garble != 0 && self->current_element == self->garble;
  if (garble)
    {
      g_debug ("Garbling the reply to element %u", self->current_element);
      text = GARBLED_REPLY;
      /* Once per element. */
      self->current_element = 0;
    }

  record_reply (text);
  if (!write_all (self, text, strlen (text), &error))
    {
      g_debug ("Client gone: %s", error->message);
      self->closing = TRUE;
      return FALSE;
    }

  return !garble;
}

static void
send_node (DevserverClient *self,
           SignetXmlNode   *node)
{
  g_autofree char *text = signet_xml_node_to_string (node);

  send_reply (self, text);
}

static char *
features_to_string (DevserverClient *self)
{
  g_autoptr(GString) features = g_string_new ("<stream:features>");
  gboolean secure = self->ssl != NULL || !self->options->offer_starttls;

  /* Logged in: the restarted stream offers resource binding. */
  if (self->jid != NULL)
    {
      g_string_append (features, "<bind xmlns='" NS_BIND "'/>"
                       "<session xmlns='" NS_SESSION "'><optional/></session>"
                       "</stream:features>");
      return g_string_free (g_steal_pointer (&features), FALSE);
    }

  if (self->ssl == NULL && self->options->offer_starttls)
    g_string_append (features, "<starttls xmlns='" SIGNET_NS_TLS "'><required/></starttls>");

  /* Kontalk offers EXTERNAL, its only mechanism, once TLS is up, and only
   * to a client that presented a certificate. */
  if (self->ssl != NULL && self->peer_certificate != NULL)
    g_string_append (features, "<mechanisms xmlns='" SIGNET_NS_SASL "'>"
                     "<mechanism>EXTERNAL</mechanism></mechanisms>");

  /* Kontalk offers registration only once TLS is up.  Without STARTTLS
   * (--no-starttls) it is offered in the clear, which clients must refuse. */
  if (secure && devserver_kontalk_get_registration_enabled (self->options->kontalk))
    g_string_append (features, "<register xmlns='" SIGNET_NS_REGISTER_FEATURE "'/>");

  g_string_append (features, "</stream:features>");
  return g_string_free (g_steal_pointer (&features), FALSE);
}

static char *
stream_header_to_string (DevserverClient *self)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *from = g_markup_escape_text (domain (self), -1);

  return g_strdup_printf (STREAM_HEADER_FORMAT, id, from);
}

/* A stream error ends the stream (RFC 6120 §4.9); an answering stream
 * header goes first when none was sent yet. */
static void
send_stream_error (DevserverClient *self,
                   const char      *condition,
                   const char      *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (self->closing)
    return;

  if (!self->header_sent)
    {
      g_autofree char *header = stream_header_to_string (self);

      g_string_append (out, header);
      self->header_sent = TRUE;
    }

  g_string_append_printf (out, "<stream:error><%s xmlns='" SIGNET_NS_STREAMS "'/>", condition);
  if (text != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      g_string_append_printf (out, "<text xmlns='" SIGNET_NS_STREAMS "' xml:lang='en'>%s</text>",
                              escaped);
    }
  g_string_append (out, "</stream:error></stream:stream>");

  g_debug ("Stream error %s", condition);
  send_reply (self, out->str);
  self->closing = TRUE;
}

/* Stanzas ------------------------------------------------------------------ */

static SignetXmlNode *
not_authorized (DevserverClient *self,
                SignetXmlNode   *iq)
{
  return devserver_stanza_new_error (iq, domain (self), "not-authorized", "auth", 401,
                                     "Not authorized", FALSE);
}

/* RFC 6120 §7: the server accepts the resource asked for, or makes one. */
static SignetXmlNode *
handle_bind (DevserverClient *self,
             SignetXmlNode   *iq,
             SignetXmlNode   *bind)
{
  const char *resource = signet_xml_node_get_child_text (bind, "resource", NS_BIND);
  g_autofree char *made = NULL;
  SignetXmlNode *reply;
  SignetXmlNode *result;

  if (self->jid == NULL)
    return not_authorized (self, iq);
  if (g_strcmp0 (signet_xml_node_get_attribute (iq, "type"), "set") != 0)
    return devserver_stanza_new_error (iq, NULL, "bad-request", "modify", 400,
                                       "Resource binding is an IQ set.", FALSE);

  if (resource == NULL || *resource == '\0')
    resource = made = g_strdup_printf ("signet-devserver-%08x", g_random_int ());
  if (strlen (resource) > RESOURCE_MAX_LENGTH)
    return devserver_stanza_new_error (iq, NULL, "bad-request", "modify", 400,
                                       "The resource is too long.", FALSE);

  g_free (self->full_jid);
  self->full_jid = g_strdup_printf ("%s/%s", self->jid, resource);

  reply = devserver_stanza_new_reply (iq, NULL, "result");
  result = signet_xml_node_add_child (reply, "bind", NS_BIND);
  signet_xml_node_add_text_child (result, "jid", NS_BIND, self->full_jid);
  return reply;
}

/* RFC 3921's session establishment, which old clients still send. */
static SignetXmlNode *
handle_session (DevserverClient *self,
                SignetXmlNode   *iq)
{
  if (self->jid == NULL)
    return not_authorized (self, iq);

  return devserver_stanza_new_reply (iq, NULL, "result");
}

static void
handle_iq (DevserverClient *self,
           SignetXmlNode   *iq)
{
  const char *type = signet_xml_node_get_attribute (iq, "type");
  SignetXmlNode *payload = signet_xml_node_get_nth_child (iq, 0);
  DevserverKontalk *kontalk = self->options->kontalk;
  g_autoptr(SignetXmlNode) reply = NULL;

  /* Nothing here asks the client anything, so results and errors are
   * not expected; drop them. */
  if (g_strcmp0 (type, "result") == 0 || g_strcmp0 (type, "error") == 0)
    return;

  if (g_strcmp0 (type, "get") != 0 && g_strcmp0 (type, "set") != 0)
    reply = devserver_stanza_new_error (iq, domain (self), "bad-request", "modify", 400,
                                        "The IQ type is missing or unknown.", FALSE);
  else if (signet_xml_node_is (payload, "query", SIGNET_NS_REGISTER) && devserver_kontalk_drops (kontalk, &self->peer, iq))
    {
      g_debug ("Dropping the connection on the new key (--drop-rekey)");
      self->closing = TRUE;
      self->drop = TRUE;
    }
  else if (signet_xml_node_is (payload, "query", SIGNET_NS_REGISTER) && devserver_kontalk_garbles (kontalk, &self->peer, iq))
    {
      g_autoptr(SignetXmlNode) taken = devserver_kontalk_handle_iq (kontalk, &self->peer, iq);

      g_debug ("Garbling the answer to the new key (--garble-rekey)");
      send_reply (self, GARBLED_REPLY);
    }
  else if (signet_xml_node_is (payload, "query", SIGNET_NS_REGISTER))
    reply = devserver_kontalk_handle_iq (kontalk, &self->peer, iq);
  else if (signet_xml_node_is (payload, "pubkey", SIGNET_NS_PUBKEY))
    reply = devserver_kontalk_handle_pubkey (kontalk, &self->peer, iq);
  else if (signet_xml_node_is (payload, "bind", NS_BIND))
    reply = handle_bind (self, iq, payload);
  else if (signet_xml_node_is (payload, "session", NS_SESSION))
    reply = handle_session (self, iq);
  else
    reply = devserver_stanza_new_error (iq, domain (self), "service-unavailable", "cancel", 503,
                                        "This service is not available here.", FALSE);

  /* Kontalk does not answer every request (see handle_pubkey). */
  if (reply != NULL)
    send_node (self, reply);
}

/* SASL ---------------------------------------------------------------------- */

/* RFC 6120 §6.4.5; the stream ends with it, as Kontalk's client expects
 * nothing more after a refused key. */
static void
sasl_failure (DevserverClient *self,
              const char      *condition)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("<failure xmlns='" SIGNET_NS_SASL "'><%s/></failure></stream:stream>",
                          condition);
  send_reply (self, text);
  self->closing = TRUE;
}

/* The initial response of EXTERNAL: "=" or nothing for no authorization
 * identity, else its Base64.  FALSE when it is not Base64 of UTF-8. */
static gboolean
decode_authzid (const char *text,
                char      **authzid)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree guchar *decoded = NULL;
  gsize length = 0;

  *authzid = NULL;
  if (*trimmed == '\0' || g_str_equal (trimmed, "="))
    return TRUE;

  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("+/=", *p) == NULL)
        return FALSE;
    }

  decoded = g_base64_decode (trimmed, &length);
  if (length == 0 || memchr (decoded, '\0', length) != NULL ||
      !g_utf8_validate ((const char *) decoded, (gssize) length, NULL))
    return FALSE;

  *authzid = g_strndup ((const char *) decoded, length);
  return TRUE;
}

static void
handle_auth (DevserverClient *self,
             SignetXmlNode   *auth)
{
  const char *mechanism = signet_xml_node_get_attribute (auth, "mechanism");
  g_autofree char *authzid = NULL;
  g_autofree char *jid = NULL;

  if (self->jid != NULL)
    {
      sasl_failure (self, "not-authorized");
      return;
    }

  /* Only what features_to_string() offered. */
  if (g_strcmp0 (mechanism, "EXTERNAL") != 0 || self->ssl == NULL || self->peer_certificate == NULL)
    {
      sasl_failure (self, "invalid-mechanism");
      return;
    }

  if (!decode_authzid (signet_xml_node_get_text (auth), &authzid))
    {
      sasl_failure (self, "incorrect-encoding");
      return;
    }

  jid = devserver_kontalk_login (self->options->kontalk, &self->peer, authzid);
  if (jid == NULL)
    {
      sasl_failure (self, "not-authorized");
      return;
    }

  if (send_reply (self, "<success xmlns='" SIGNET_NS_SASL "'/>"))
    {
      self->jid = g_steal_pointer (&jid);
      self->peer.jid = self->jid;
      self->restart_requested = TRUE;
    }
}

static void
handle_starttls (DevserverClient *self)
{
  /* RFC 6120 §5.4.2.2: refused when not offered, and the stream ends. */
  if (self->ssl != NULL || !self->options->offer_starttls)
    {
      send_reply (self, "<failure xmlns='" SIGNET_NS_TLS "'/></stream:stream>");
      self->closing = TRUE;
      return;
    }

  /* The handshake starts after the reader returns; nothing after
   * <starttls/> in clear text counts. */
  if (send_reply (self, "<proceed xmlns='" SIGNET_NS_TLS "'/>"))
    self->starttls_requested = TRUE;
}

static void
handle_element (DevserverClient *self,
                SignetXmlNode   *element)
{
  gboolean tls_pending = self->ssl == NULL && self->options->offer_starttls;

  if (signet_xml_node_is (element, "starttls", SIGNET_NS_TLS))
    {
      handle_starttls (self);
    }
  else if (tls_pending)
    {
      /* TLS is required: nothing else is accepted before it. */
      send_stream_error (self, "policy-violation", "Use STARTTLS first.");
    }
  else if (signet_xml_node_is (element, "auth", SIGNET_NS_SASL))
    {
      handle_auth (self, element);
    }
  else if (signet_xml_node_is (element, "abort", SIGNET_NS_SASL))
    {
      sasl_failure (self, "aborted");
    }
  else if (signet_xml_node_is (element, "iq", SIGNET_NS_CLIENT))
    {
      handle_iq (self, element);
    }
  else if (!signet_xml_node_is (element, "message", SIGNET_NS_CLIENT) &&
           !signet_xml_node_is (element, "presence", SIGNET_NS_CLIENT))
    {
      /* Messages and presences are dropped: nobody is logged in, so there
       * is nowhere to route them. */
      send_stream_error (self, "unsupported-stanza-type", NULL);
    }
}

/* Reader callbacks --------------------------------------------------------- */

static void
on_stream_open (SignetXmlNode *header,
                gpointer       user_data)
{
  DevserverClient *self = user_data;
  const char *to = signet_xml_node_get_attribute (header, "to");
  g_autofree char *header_text = NULL;
  g_autofree char *features = NULL;
  g_autofree char *reply = NULL;

  if (self->closing)
    return;

  if (!signet_xml_node_is (header, "stream", SIGNET_NS_STREAM))
    {
      send_stream_error (self, "invalid-namespace", NULL);
      return;
    }

  /* A stream without "to" goes to the only domain there is. */
  if (to != NULL && g_ascii_strcasecmp (to, domain (self)) != 0)
    {
      send_stream_error (self, "host-unknown", NULL);
      return;
    }

  header_text = stream_header_to_string (self);
  features = features_to_string (self);
  reply = g_strconcat (header_text, features, NULL);
  self->header_sent = TRUE;
  send_reply (self, reply);
}

static void
print_event (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

/* One whole line per call: stdio locks the stream for each. */
static void
print_event (const char *format,
             ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  fputs (line, stdout);
  fflush (stdout);
}

/* --delay-element: the element waits, unread, as if it were still on its
 * way.  A client that gave up meanwhile never had it read at all, so what
 * it asked for did not happen. */
static gboolean
hold_element (DevserverClient *self)
{
  struct pollfd pfd = { .fd = self->fd, .events = POLLIN };

  /* A client waiting for its answer sends nothing: anything readable now
   * is its goodbye (close_notify, end of stream or reset). */
  g_usleep ((gulong) self->delay_ms * 1000);
  if (poll (&pfd, 1, 0) > 0 && (pfd.revents & (POLLIN | POLLHUP | POLLERR)) != 0)
    {
      g_debug ("The client left while element %u was held", self->n_elements);
      self->closing = TRUE;
      return FALSE;
    }

  return TRUE;
}

/* --wrong-reply: an empty result, whatever was asked. */
static void
send_wrong_reply (DevserverClient *self,
                  SignetXmlNode   *element)
{
  g_autofree char *id = g_markup_escape_text (signet_xml_node_get_attribute (element, "id") ?: "", -1);
  g_autofree char *reply = g_strdup_printf ("<iq type='result' id='%s'/>", id);

  g_debug ("Answering element %u with an empty result", self->n_elements);
  send_reply (self, reply);
}

static void
on_stream_element (SignetXmlNode *element,
                   gpointer       user_data)
{
  DevserverClient *self = user_data;

  /* Whatever follows <starttls/> in clear text, or <auth/> before the
   * restart, is discarded. */
  if (self->closing || self->starttls_requested || self->restart_requested)
    return;

  self->n_elements++;
  if (self->options->print_connections)
    print_event ("ELEMENT %u %u %s\n", self->number, self->n_elements, signet_xml_node_get_name (element));
  if (self->delay_ms > 0 && self->delay_element == self->n_elements && !hold_element (self))
    return;
  if (self->drop_after != 0 && self->n_elements == self->drop_after)
    {
      g_debug ("Dropping the connection after element %u", self->n_elements);
      self->closing = TRUE;
      self->drop = TRUE;
      return;
    }

  self->current_element = self->n_elements;
  if (self->wrong_reply != 0 && self->n_elements == self->wrong_reply)
    send_wrong_reply (self, element);
  else
    handle_element (self, element);

  /* --garble on an element that has no answer: the garbage goes out anyway. */
  if (self->current_element == self->garble && self->garble != 0)
    send_reply (self, "");
  self->current_element = 0;
}

static void
on_stream_close (gpointer user_data)
{
  DevserverClient *self = user_data;

  if (self->closing)
    return;

  g_debug ("Client closed the stream");
  send_reply (self, "</stream:stream>");
  self->closing = TRUE;
}

static void
new_reader (DevserverClient *self)
{
  g_clear_pointer (&self->reader, signet_xml_stream_reader_free);
  self->reader = signet_xml_stream_reader_new (on_stream_open, on_stream_element,
                                               on_stream_close, self);
  self->header_sent = FALSE;
}

/* Input -------------------------------------------------------------------- */

static gssize
read_some (DevserverClient *self,
           char            *buffer,
           gsize            size,
           GError         **error)
{
  gssize n;

  if (self->ssl != NULL)
    return devserver_tls_read (self->ssl, buffer, size, error);

  do
    n = recv (self->fd, buffer, size, 0);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not receive: %s", g_strerror (saved_errno));
    }

  return n;
}

static gboolean
start_tls (DevserverClient *self)
{
  g_autoptr(GError) error = NULL;

  self->starttls_requested = FALSE;
  self->ssl = devserver_tls_accept (self->options->tls, self->fd, &error);
  if (self->ssl == NULL)
    {
      g_debug ("%s", error->message);
      return FALSE;
    }

  self->peer_certificate = SSL_get1_peer_certificate (self->ssl);
  self->peer.certificate = self->peer_certificate;
  g_debug ("TLS established (%s, %s client certificate)", SSL_get_version (self->ssl),
           self->peer_certificate != NULL ? "with a" : "without");

  /* RFC 6120 §5.4.3.3: the stream restarts from a fresh parser. */
  new_reader (self);
  return TRUE;
}

static void
serve (DevserverClient *self)
{
  char buffer[READ_BUFFER_SIZE];

  new_reader (self);

  while (!self->closing)
    {
      g_autoptr(GError) error = NULL;
      gssize n = read_some (self, buffer, sizeof buffer, &error);

      if (n <= 0)
        {
          if (error != NULL)
            g_debug ("%s", error->message);
          break;
        }

      if (!signet_xml_stream_reader_feed (self->reader, buffer, (gsize) n, &error))
        {
          g_debug ("Malformed XML from the client: %s", error->message);
          send_stream_error (self, "not-well-formed", NULL);
          break;
        }

      if (self->starttls_requested && !self->closing && !start_tls (self))
        break;

      /* RFC 6120 §6.4.6: after SASL the stream restarts from a fresh parser. */
      if (self->restart_requested && !self->closing)
        {
          self->restart_requested = FALSE;
          new_reader (self);
        }
    }
}

static void
close_connection (DevserverClient *self)
{
  GSocket *socket = g_socket_connection_get_socket (self->connection);

  /* --drop-after: no close_notify and no </stream:stream>, just gone. */
  if (self->ssl != NULL && !self->drop)
    SSL_shutdown (self->ssl);

  g_socket_shutdown (socket, TRUE, TRUE, NULL);
  g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
}

void
devserver_client_run (const DevserverClientOptions *options,
                      GSocketConnection            *connection)
{
  DevserverClient self = { 0 };
  g_autoptr(GSocketAddress) remote = NULL;
  GSocket *socket = g_socket_connection_get_socket (connection);
  guint number;

  self.options = options;
  self.connection = connection;
  self.fd = g_socket_get_fd (socket);

  number = (guint) g_atomic_int_add (&n_connections, 1) + 1;
  if (options->fault_connection == 0 || options->fault_connection == number)
    {
      self.drop_after = options->drop_after;
      self.garble = options->garble;
      self.delay_ms = options->delay_ms;
      self.delay_element = options->delay_element;
      self.wrong_reply = options->wrong_reply;
    }
  self.number = number;
  if (options->print_connections)
    print_event ("CONNECTION %u\n", number);

  /* GSocket keeps its descriptor non-blocking; this thread wants plain
   * blocking reads and writes, for OpenSSL too. */
  if (!g_unix_set_fd_nonblocking (self.fd, FALSE, NULL))
    return;

  remote = g_socket_connection_get_remote_address (connection, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    self.peer_address = g_inet_address_to_string (
      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  self.peer.address = self.peer_address;

  g_debug ("Connection from %s", self.peer_address != NULL ? self.peer_address : "?");
  serve (&self);
  close_connection (&self);
  g_debug ("Connection from %s closed", self.peer_address != NULL ? self.peer_address : "?");

  g_clear_pointer (&self.reader, signet_xml_stream_reader_free);
  g_clear_pointer (&self.ssl, SSL_free);
  g_clear_pointer (&self.peer_certificate, X509_free);
  g_free (self.peer_address);
  g_free (self.jid);
  g_free (self.full_jid);
}
