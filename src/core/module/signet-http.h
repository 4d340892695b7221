/* signet-http.h: HTTPS and WebSockets for the core, from the module
 * signet-http (libsoup 3), opened on first use (internal)
 *
 * Sessions, messages and WebSocket connections are libsoup's objects, seen
 * here as GObjects: the core connects to their signals by name, whose
 * arguments are GLib and GIO types only:
 *   message "accept-certificate" (GTlsCertificate *, GTlsCertificateFlags) -> gboolean
 *   socket "message" (int data type, GBytes *), "closed" ()
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Raised whenever the table below changes. */
#define SIGNET_HTTP_ABI 2

/* WebSocket close codes (RFC 6455). */
#define SIGNET_HTTP_CLOSE_NORMAL     1000
#define SIGNET_HTTP_CLOSE_GOING_AWAY 1001

typedef struct
{
  GObject *(*session_new)              (guint                timeout_seconds,
                                        const char          *user_agent);
  void     (*session_set_timeout)      (GObject             *session,
                                        guint                timeout_seconds);
  /* A message that is never redirected; @body may be NULL. */
  GObject *(*message_new)              (const char          *method,
                                        const char          *url,
                                        const char          *content_type,
                                        GBytes              *body);
  guint    (*message_get_status)       (GObject             *message);
  void     (*send_and_read_async)      (GObject             *session,
                                        GObject             *message,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
  GBytes  *(*send_and_read_finish)     (GObject             *session,
                                        GAsyncResult        *result,
                                        GError             **error);
  void     (*websocket_connect_async)  (GObject             *session,
                                        GObject             *message,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
  GObject *(*websocket_connect_finish) (GObject             *session,
                                        GAsyncResult        *result,
                                        GError             **error);
  void     (*websocket_set_max_size)   (GObject             *socket,
                                        guint64              bytes);
  gboolean (*websocket_is_open)        (GObject             *socket);
  void     (*websocket_send_text)      (GObject             *socket,
                                        const char          *text);
  void     (*websocket_close)          (GObject             *socket,
                                        gushort              code);
  /* Whether @error is the WebSocket handshake's (not a WebSocket server). */
  gboolean (*is_websocket_error)       (const GError        *error);
  /* Whether @error says the server's answer is not HTTP. */
  gboolean (*is_parse_error)           (const GError        *error);
} SignetHttp;

/* The table, opening the module on the first call. */
const SignetHttp *signet_http_get (GError **error);

G_END_DECLS
