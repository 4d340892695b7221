/* fault-relay.c: a TLS relay that counts XMPP elements or HTTP messages
 * and hits one
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fault-relay.h"

#include <string.h>
#include <sys/socket.h>

/* Each connection has two threads, one per direction, with blocking I/O.
 * Each splits what it reads into the stream's framing (the XML declaration,
 * stream headers, whitespace, the closing tag), which passes at once, and
 * whole top-level elements, which are counted and may be hit.  A stream
 * restart after SASL is just another header.  Over HTTP every request and
 * every answer, head and body, is one element. */

#define READ_SIZE 4096

/* The same broken XML as signet-devserver --garble. */
#define GARBLED "<iq type='result' id=<<<"
/* A status line no HTTP client can read. */
#define GARBLED_HTTP "HTTP/1.1 2<<<\r\n\r\n"
/* A success that says nothing: what a misconfigured front server answers. */
#define WRONG_HTTP "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n"

struct _FaultRelay
{
  FaultRelayFraming framing;
  GSocket         *listener;
  GTlsCertificate *certificate;
  guint16 upstream_port;
  char            *host_and_port;

  GMutex lock;
  guint target;
  FaultRelayFault fault;
  GPtrArray       *elements;
  gboolean hit;
  /* What the fault put in place of the element has gone on. */
  gboolean settled;
};

typedef struct
{
  GIOStream *client;
  GIOStream *server;
  GSocket   *client_socket;
  GSocket   *server_socket;
  /* HTTP: the last request's name, which its answer's takes (under the
   * relay's lock). */
  char      *request;
} Link;

typedef struct
{
  FaultRelay *relay;
  Link       *link;
  gboolean from_client;
  /* 0 before the stream header, 1 between top-level elements. */
  int depth;
  /* A held element stops this direction: what follows it (a stream
   * error, the closing tag) would otherwise reach the client before the
   * test kills it. */
  gboolean holding;
  GString    *pending;
} Pump;

static void
link_free (Link *link)
{
  g_io_stream_close (link->client, NULL, NULL);
  g_io_stream_close (link->server, NULL, NULL);
  g_object_unref (link->client);
  g_object_unref (link->server);
  g_object_unref (link->client_socket);
  g_object_unref (link->server_socket);
  g_free (link->request);
}

/* Wakes the other direction's blocking read, so both threads end. */
static void
link_cut (Link *link)
{
  g_socket_shutdown (link->client_socket, TRUE, TRUE, NULL);
  g_socket_shutdown (link->server_socket, TRUE, TRUE, NULL);
}

/*
 * Framing
 */

/* The index after the '>' that ends the tag starting at @start, or 0. */
static gsize
tag_end (const char *text,
         gsize       length,
         gsize       start)
{
  char quote = 0;

  for (gsize i = start + 1; i < length; i++)
    {
      if (quote != 0)
        quote = text[i] == quote ? 0 : quote;
      else if (text[i] == '\'' || text[i] == '"')
        quote = text[i];
      else if (text[i] == '>')
        return i + 1;
    }

  return 0;
}

static gboolean
is_stream_header (const char *tag)
{
  return g_str_has_prefix (tag, "<stream:stream") || g_str_has_prefix (tag, "<stream ");
}

/* The length of the chunked body at @text, up to its last (empty) chunk;
 * FALSE while it is incomplete. */
static gboolean
chunked_length (const char *text,
                gsize       n,
                gsize      *length)
{
  for (gsize i = 0;;)
    {
      const char *eol = g_strstr_len (text + i, (gssize) (n - i), "\r\n");
      guint64 size;

      if (eol == NULL)
        return FALSE;
      size = g_ascii_strtoull (text + i, NULL, 16);
      i = (gsize) (eol - text) + 2 + size + 2;
      if (i > n)
        return FALSE;
      if (size == 0)
        {
          *length = i;
          return TRUE;
        }
    }
}

/* A whole HTTP message: its head, then as much body as it announces. */
static gboolean
next_http_message (Pump  *pump,
                   gsize *length)
{
  const char *text = pump->pending->str;
  gsize n = pump->pending->len;
  const char *end = g_strstr_len (text, (gssize) n, "\r\n\r\n");
  g_autofree char *head = NULL;
  const char *field;
  gsize head_length;
  gsize body = 0;

  if (end == NULL)
    return FALSE;
  head_length = (gsize) (end - text) + 4;
  head = g_ascii_strdown (text, (gssize) head_length);
  if (strstr (head, "\r\ntransfer-encoding: chunked") != NULL)
    {
      if (!chunked_length (text + head_length, n - head_length, &body))
        return FALSE;
    }
  else if ((field = strstr (head, "\r\ncontent-length:")) != NULL)
    body = g_ascii_strtoull (field + strlen ("\r\ncontent-length:"), NULL, 10);

  *length = head_length + body;
  return *length <= n;
}

/* The length of the next piece of @pending that can go on, and whether it
 * is a whole element; FALSE while the piece is incomplete. */
static gboolean
next_piece (Pump     *pump,
            gsize    *length,
            gboolean *element)
{
  const char *text = pump->pending->str;
  gsize n = pump->pending->len;
  gboolean inside = FALSE;
  int depth = 0;

  if (pump->relay->framing == FAULT_RELAY_HTTP)
    {
      *element = TRUE;
      return next_http_message (pump, length);
    }

  for (gsize i = 0;;)
    {
      const char *lt = memchr (text + i, '<', n - i);
      gsize start;
      gsize end;

      if (!inside && lt != text)
        {
          *length = lt != NULL ? (gsize) (lt - text) : n;
          *element = FALSE;
          return *length > 0;
        }
      if (lt == NULL)
        return FALSE;
      start = (gsize) (lt - text);
      end = tag_end (text, n, start);
      if (end == 0)
        return FALSE;
      i = end;

      if (inside)
        {
          if (text[start + 1] == '/')
            depth--;
          else if (text[end - 2] != '/')
            depth++;
          if (depth == 0)
            {
              *length = end;
              *element = TRUE;
              return TRUE;
            }
          continue;
        }

      /* Framing: the declaration, a header, the stream's end. */
      if (text[1] == '?' || text[1] == '/' || pump->depth == 0 || is_stream_header (text))
        {
          pump->depth = text[1] == '/' ? 0 : is_stream_header (text) ? 1 : pump->depth;
          *length = end;
          *element = FALSE;
          return TRUE;
        }

      inside = TRUE;
      depth = text[end - 2] == '/' ? 0 : 1;
      if (depth == 0)
        {
          *length = end;
          *element = TRUE;
          return TRUE;
        }
    }
}

/* The value of attribute @name in the start tag at @text, or NULL. */
static char *
attribute (const char *text,
           gsize       length,
           const char *name)
{
  g_autofree char *tag = g_strndup (text, tag_end (text, length, 0));
  g_autofree char *single = g_strdup_printf (" %s='", name);
  g_autofree char *twice = g_strdup_printf (" %s=\"", name);
  const char *at = strstr (tag, single);
  const char *close;

  if (at == NULL)
    at = strstr (tag, twice);
  if (at == NULL)
    return NULL;
  at += strlen (single);
  close = strchr (at, at[-1]);

  return close != NULL ? g_strndup (at, (gsize) (close - at)) : NULL;
}

/* "C POST verify" for a request to …/verify/, "S 200 verify" for its
 * answer; called with the relay's lock held. */
static char *
describe_http (Pump       *pump,
               const char *text)
{
  g_autofree char *line = g_strndup (text, strcspn (text, "\r\n"));
  g_auto(GStrv) words = g_strsplit (line, " ", 3);
  g_autofree char *path = NULL;
  const char *segment;

  if (g_strv_length (words) < 2)
    return g_strdup_printf ("%c ?", pump->from_client ? 'C' : 'S');
  if (!pump->from_client)
    return g_strdup_printf ("S %s %s", words[1], pump->link->request != NULL ? pump->link->request : "?");

  path = g_strndup (words[1], strcspn (words[1], "?"));
  while (g_str_has_suffix (path, "/") && path[1] != '\0')
    path[strlen (path) - 1] = '\0';
  segment = strrchr (path, '/') != NULL ? strrchr (path, '/') + 1 : path;
  g_free (pump->link->request);
  pump->link->request = g_strdup (segment);

  return g_strdup_printf ("C %s %s", words[0], segment);
}

/* "C iq-set", "S success", … */
static char *
describe (Pump       *pump,
          const char *text,
          gsize       length)
{
  gsize name_length = strcspn (text + 1, " />");
  g_autofree char *name = g_strndup (text + 1, name_length);
  g_autofree char *type = NULL;

  if (pump->relay->framing == FAULT_RELAY_HTTP)
    return describe_http (pump, text);

  type = attribute (text, length, "type");
  return g_strdup_printf ("%c %s%s%s", pump->from_client ? 'C' : 'S', name,
                          type != NULL ? "-" : "", type != NULL ? type : "");
}

/*
 * Forwarding
 */

static FaultRelayFault
count (Pump       *pump,
       const char *text,
       gsize       length)
{
  FaultRelay *relay = pump->relay;
  FaultRelayFault fault = FAULT_RELAY_NONE;

  g_mutex_lock (&relay->lock);
  g_ptr_array_add (relay->elements, describe (pump, text, length));
  if (relay->elements->len == relay->target)
    {
      fault = relay->fault;
      relay->hit = TRUE;
      g_main_context_wakeup (NULL);
    }
  g_mutex_unlock (&relay->lock);

  return fault;
}

static gboolean
send_text (GIOStream  *to,
           const char *text,
           gsize       length)
{
  return g_output_stream_write_all (g_io_stream_get_output_stream (to), text, length, NULL, NULL, NULL);
}

static gboolean
send_wrong (Pump       *pump,
            GIOStream  *to,
            const char *text,
            gsize       length)
{
  g_autofree char *id = NULL;
  g_autofree char *wrong = NULL;

  if (pump->relay->framing == FAULT_RELAY_HTTP)
    return send_text (to, WRONG_HTTP, strlen (WRONG_HTTP));

  id = attribute (text, length, "id");
  wrong = g_markup_printf_escaped ("<iq type='result' id='%s'/>", id != NULL ? id : "fault");
  return send_text (to, wrong, strlen (wrong));
}

static gboolean
apply_fault (Pump           *pump,
             FaultRelayFault fault,
             const char     *text,
             gsize           length)
{
  GIOStream *to = pump->from_client ? pump->link->server : pump->link->client;
  const char *garbled = pump->relay->framing == FAULT_RELAY_HTTP ? GARBLED_HTTP : GARBLED;

  switch (fault)
    {
    case FAULT_RELAY_DROP:
      return FALSE;
    case FAULT_RELAY_DELAY:
      g_usleep (FAULT_RELAY_DELAY_MS * 1000);
      return send_text (to, text, length);
    case FAULT_RELAY_GARBLE:
      return send_text (to, garbled, strlen (garbled));
    case FAULT_RELAY_WRONG:
      return send_wrong (pump, to, text, length);
    case FAULT_RELAY_HOLD:
      pump->holding = TRUE;
      return TRUE;
    case FAULT_RELAY_NONE:
    default:
      return send_text (to, text, length);
    }
}

/* Passes one element on, or what its fault puts in its place; FALSE when
 * the connection is to end. */
static gboolean
forward_element (Pump       *pump,
                 const char *text,
                 gsize       length)
{
  FaultRelayFault fault = count (pump, text, length);
  gboolean going = apply_fault (pump, fault, text, length);

  if (fault != FAULT_RELAY_NONE)
    {
      g_mutex_lock (&pump->relay->lock);
      pump->relay->settled = TRUE;
      g_mutex_unlock (&pump->relay->lock);
    }

  return going;
}

static gpointer
pump_run (gpointer data)
{
  Pump *pump = data;
  GIOStream *from = pump->from_client ? pump->link->client : pump->link->server;
  GIOStream *to = pump->from_client ? pump->link->server : pump->link->client;
  GInputStream *input = g_io_stream_get_input_stream (from);
  char buffer[READ_SIZE];
  gssize n;
  gboolean going = TRUE;

  while (going && (n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gsize length;
      gboolean element;

      g_string_append_len (pump->pending, buffer, n);
      while (going && next_piece (pump, &length, &element))
        {
          if (pump->holding)
            going = TRUE;
          else if (element)
            going = forward_element (pump, pump->pending->str, length);
          else
            going = send_text (to, pump->pending->str, length);
          g_string_erase (pump->pending, 0, (gssize) length);
        }
    }

  link_cut (pump->link);
  g_string_free (pump->pending, TRUE);
  g_rc_box_release_full (pump->link, (GDestroyNotify) link_free);
  g_free (pump);

  return NULL;
}

static void
start_pump (FaultRelay *self,
            Link       *link,
            gboolean    from_client)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->relay = self;
  pump->link = g_rc_box_acquire (link);
  pump->from_client = from_client;
  pump->pending = g_string_new (NULL);
  g_thread_unref (g_thread_new ("fault-relay-pump", pump_run, pump));
}

/*
 * Connections
 */

static gboolean
accept_any (void)
{
  return TRUE;
}

static GIOStream *
open_upstream (FaultRelay *self,
               GSocket   **socket_out)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, self->upstream_port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;

  /* A bare socket: GSocketClient would read proxy settings, whose schema
   * the tests do not have. */
  if (socket == NULL || !g_socket_connect (socket, address, NULL, NULL))
    return NULL;
  connection = g_socket_connection_factory_create_connection (socket);
  tls = g_tls_client_connection_new (G_IO_STREAM (connection), NULL, NULL);
  if (tls == NULL)
    return NULL;
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any), NULL);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
    return NULL;

  *socket_out = g_object_ref (g_socket_connection_get_socket (connection));
  return g_steal_pointer (&tls);
}

static void
serve (FaultRelay *self,
       GSocket    *socket)
{
  g_autoptr(GSocketConnection) connection = g_socket_connection_factory_create_connection (socket);
  g_autoptr(GIOStream) client = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, NULL);
  GSocket *server_socket = NULL;
  GIOStream *server;
  Link *link;

  if (client == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (client), NULL, NULL))
    return;
  server = open_upstream (self, &server_socket);
  if (server == NULL)
    return;

  link = g_rc_box_new0 (Link);
  link->client = g_steal_pointer (&client);
  link->server = server;
  link->client_socket = g_object_ref (socket);
  link->server_socket = server_socket;
  start_pump (self, link, TRUE);
  start_pump (self, link, FALSE);
  g_rc_box_release_full (link, (GDestroyNotify) link_free);
}

static gpointer
accept_run (gpointer data)
{
  FaultRelay *self = data;

  for (;;)
    {
      g_autoptr(GSocket) socket = g_socket_accept (self->listener, NULL, NULL);

      if (socket == NULL)
        continue;
      g_socket_set_blocking (socket, TRUE);
      serve (self, socket);
    }

  return NULL;
}

FaultRelay *
fault_relay_new (FaultRelayFraming framing,
                 const char       *certificate_file,
                 const char       *key_file,
                 guint16           upstream_port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  FaultRelay *self = g_new0 (FaultRelay, 1);

  g_mutex_init (&self->lock);
  self->framing = framing;
  self->elements = g_ptr_array_new_with_free_func (g_free);
  self->upstream_port = upstream_port;
  self->certificate = g_tls_certificate_new_from_files (certificate_file, key_file, &error);
  g_assert_no_error (error);
  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (self->listener, any_port, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (self->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (self->listener, &error);
  g_assert_no_error (error);
  self->host_and_port = g_strdup_printf ("127.0.0.1:%u",
                                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  /* It lives as long as the test program. */
  g_thread_unref (g_thread_new ("fault-relay", accept_run, self));
  return self;
}

FaultRelay *
fault_relay_new_for_server (FaultRelayFraming     framing,
                            SignetTestXmppServer *server)
{
  g_autofree char *certificate = g_build_filename (signet_test_xmpp_server_get_dir (server), "server.crt", NULL);
  g_autofree char *key = g_build_filename (signet_test_xmpp_server_get_dir (server), "server.key", NULL);

  return fault_relay_new (framing, certificate, key, signet_test_xmpp_server_get_http_port (server));
}

FaultRelayFault
fault_relay_fault_of (FaultMatrixFault fault)
{
  static const FaultRelayFault faults[FAULT_MATRIX_N_FAULTS] = {
    FAULT_RELAY_DROP, FAULT_RELAY_DELAY, FAULT_RELAY_GARBLE, FAULT_RELAY_WRONG, FAULT_RELAY_HOLD
  };

  return faults[fault];
}

const char *
fault_relay_get_host_and_port (FaultRelay *self)
{
  return self->host_and_port;
}

void
fault_relay_arm (FaultRelay     *self,
                 guint           element,
                 FaultRelayFault fault)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->elements, 0);
  self->target = element;
  self->fault = fault;
  self->hit = FALSE;
  self->settled = FALSE;
  g_mutex_unlock (&self->lock);
}

GPtrArray *
fault_relay_dup_elements (FaultRelay *self)
{
  GPtrArray *copy;

  g_mutex_lock (&self->lock);
  copy = g_ptr_array_copy (self->elements, (GCopyFunc) g_strdup, NULL);
  g_ptr_array_set_free_func (copy, g_free);
  g_mutex_unlock (&self->lock);

  return copy;
}

gboolean
fault_relay_was_hit (FaultRelay *self)
{
  gboolean hit;

  g_mutex_lock (&self->lock);
  hit = self->hit;
  g_mutex_unlock (&self->lock);

  return hit;
}

typedef struct
{
  gboolean ended;
  gboolean done;
} Waiting;

static void
on_ended (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Waiting *waiting = data;

  waiting->ended = g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  waiting->done = TRUE;
}

gboolean
fault_relay_wait_hit (FaultRelay  *self,
                      GSubprocess *process)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Waiting waiting = { FALSE, FALSE };

  g_subprocess_wait_async (process, cancellable, on_ended, &waiting);
  while (!fault_relay_was_hit (self) && !waiting.done)
    g_main_context_iteration (NULL, TRUE);

  /* The callback must not outlive @waiting. */
  g_cancellable_cancel (cancellable);
  while (!waiting.done)
    g_main_context_iteration (NULL, TRUE);

  return fault_relay_was_hit (self);
}

gboolean
fault_relay_wait_settled (FaultRelay *self,
                          guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  gboolean settled = FALSE;

  while (g_get_monotonic_time () < deadline)
    {
      g_mutex_lock (&self->lock);
      settled = self->settled;
      g_mutex_unlock (&self->lock);
      if (settled)
        break;
      g_usleep (G_USEC_PER_SEC / 20);
    }

  return settled;
}
