/* signet-http-soup.c: the module signet-http, libsoup 3 behind the table
 * of signet-http.h.  It uses nothing of the core, so that it can be opened
 * by any program that links the core.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gmodule.h>
#include <libsoup/soup.h>

#include "signet-http.h"

static GObject *
session_new (guint       timeout_seconds,
             const char *user_agent)
{
  return G_OBJECT (soup_session_new_with_options ("timeout", timeout_seconds,
                                                  "user-agent", user_agent,
                                                  NULL));
}

static void
session_set_timeout (GObject *session,
                     guint    timeout_seconds)
{
  soup_session_set_timeout (SOUP_SESSION (session), timeout_seconds);
}

static GObject *
message_new (const char *method,
             const char *url,
             const char *content_type,
             GBytes     *body)
{
  SoupMessage *message = soup_message_new (method, url);

  if (message == NULL)
    return NULL;

  /* A redirect could lead to plain HTTP, and would turn a POST into a GET. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, content_type, body);

  return G_OBJECT (message);
}

static guint
message_get_status (GObject *message)
{
  return soup_message_get_status (SOUP_MESSAGE (message));
}

static void
send_and_read_async (GObject            *session,
                     GObject            *message,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  soup_session_send_and_read_async (SOUP_SESSION (session), SOUP_MESSAGE (message),
                                    G_PRIORITY_DEFAULT, cancellable, callback, user_data);
}

static GBytes *
send_and_read_finish (GObject      *session,
                      GAsyncResult *result,
                      GError      **error)
{
  return soup_session_send_and_read_finish (SOUP_SESSION (session), result, error);
}

static void
websocket_connect_async (GObject            *session,
                         GObject            *message,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  soup_session_websocket_connect_async (SOUP_SESSION (session), SOUP_MESSAGE (message), NULL,
                                        NULL, G_PRIORITY_DEFAULT, cancellable, callback, user_data);
}

static GObject *
websocket_connect_finish (GObject      *session,
                          GAsyncResult *result,
                          GError      **error)
{
  return G_OBJECT (soup_session_websocket_connect_finish (SOUP_SESSION (session), result, error));
}

static void
websocket_set_max_size (GObject *socket,
                        guint64  bytes)
{
  soup_websocket_connection_set_max_incoming_payload_size (SOUP_WEBSOCKET_CONNECTION (socket), bytes);
}

static gboolean
websocket_is_open (GObject *socket)
{
  return soup_websocket_connection_get_state (SOUP_WEBSOCKET_CONNECTION (socket)) == SOUP_WEBSOCKET_STATE_OPEN;
}

static void
websocket_send_text (GObject    *socket,
                     const char *text)
{
  soup_websocket_connection_send_text (SOUP_WEBSOCKET_CONNECTION (socket), text);
}

static void
websocket_close (GObject *socket,
                 gushort  code)
{
  soup_websocket_connection_close (SOUP_WEBSOCKET_CONNECTION (socket), code, NULL);
}

static gboolean
is_websocket_error (const GError *error)
{
  return error != NULL && error->domain == SOUP_WEBSOCKET_ERROR;
}

static gboolean
is_parse_error (const GError *error)
{
  return g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING);
}

static const SignetHttp table = {
  session_new,
  session_set_timeout,
  message_new,
  message_get_status,
  send_and_read_async,
  send_and_read_finish,
  websocket_connect_async,
  websocket_connect_finish,
  websocket_set_max_size,
  websocket_is_open,
  websocket_send_text,
  websocket_close,
  is_websocket_error,
  is_parse_error,
};

G_MODULE_EXPORT gconstpointer signet_module_get_table (guint abi);

G_MODULE_EXPORT gconstpointer
signet_module_get_table (guint abi)
{
  return abi == SIGNET_HTTP_ABI ? &table : NULL;
}
