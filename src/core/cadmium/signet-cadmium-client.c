/* signet-cadmium-client.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include "signet-cadmium-client.h"
#include "signet-connection.h"
#include "signet-connection-tls.h"
#include "signet-http.h"

/* Frames bigger than this are no sign-up answer. */
#define MAX_FRAME_SIZE (256 * 1024)

struct _SignetCadmiumClient
{
  GObject parent_instance;

  char *url;
  char *server;
  char *host;
  char *trusted_sha256;
  guint timeout;
  guint max_retry_wait;
  SignetCertificateInfo *peer;
  gboolean peer_rejected;
  guint retry_in;
  gint64 retry_after;
  /* libsoup's module, opened by the first connection. */
  const SignetHttp *http;
};

G_DEFINE_FINAL_TYPE (SignetCadmiumClient, signet_cadmium_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_SERVER,
  PROP_RETRY_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One registration: what is sent, and where it stands. */
typedef struct
{
  char *username;
  char *email;
  char *msisdn;
  char *password;
  gboolean login;

  GObject *session;
  GObject *socket;
  GCancellable *connecting;
  char *id;
  guint timer;
  guint countdown;
  gint64 retry_deadline;
  gboolean retried;
  gboolean done;
  gulong message_handler;
  gulong closed_handler;
  gulong cancelled_handler;
} Call;

static void send_request (GTask *task);
static void open_socket (GTask *task);

static void
wipe (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
call_free (Call *call)
{
  g_free (call->username);
  g_free (call->email);
  g_free (call->msisdn);
  wipe (&call->password);
  g_free (call->id);
  g_clear_object (&call->socket);
  g_clear_object (&call->session);
  g_clear_object (&call->connecting);
  g_free (call);
}

static void
set_retry_in (SignetCadmiumClient *self,
              guint                seconds)
{
  if (self->retry_in == seconds)
    return;

  self->retry_in = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_IN]);
}

/* Ends @task with @error (NULL: with @frame) once, and lets go of the socket. */
static void
finish (GTask              *task,
        GError             *error,
        SignetCadmiumFrame *frame)
{
  SignetCadmiumClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  if (call->done)
    {
      g_clear_error (&error);
      return;
    }

  call->done = TRUE;
  g_clear_handle_id (&call->timer, g_source_remove);
  g_clear_handle_id (&call->countdown, g_source_remove);
  set_retry_in (self, 0);
  g_cancellable_cancel (call->connecting);
  if (call->cancelled_handler != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), call->cancelled_handler);
  call->cancelled_handler = 0;
  if (call->socket != NULL)
    {
      g_clear_signal_handler (&call->message_handler, call->socket);
      g_clear_signal_handler (&call->closed_handler, call->socket);
      if (self->http->websocket_is_open (call->socket))
        self->http->websocket_close (call->socket, SIGNET_HTTP_CLOSE_NORMAL);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, signet_cadmium_frame_ref (frame),
                           (GDestroyNotify) signet_cadmium_frame_unref);
}

static gboolean
on_timeout (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  call->timer = 0;
  finish (task, g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TIMEOUT,
                                     _("The server did not answer in time.")), NULL);
  return G_SOURCE_REMOVE;
}

static void
arm_timer (GTask *task)
{
  SignetCadmiumClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  g_clear_handle_id (&call->timer, g_source_remove);
  call->timer = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, self->timeout, on_timeout,
                                            g_object_ref (task), g_object_unref);
}

static gboolean
on_cancelled_idle (gpointer user_data)
{
  GTask *task = user_data;

  finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled")), NULL);
  return G_SOURCE_REMOVE;
}

/* Inside GCancellable's handler nothing may disconnect from it: go on later. */
static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, on_cancelled_idle, g_object_ref (user_data), g_object_unref);
}

static const char *
problem_of (GTlsCertificateFlags errors)
{
  /* In English, as OpenSSL's reasons that the XMPP side shows. */
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return "self-signed certificate or unknown issuer";
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return "hostname mismatch";
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return "certificate has expired";
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return "certificate is not yet valid";
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return "certificate revoked";
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    return "insecure algorithm";
  return errors != 0 ? "certificate verify failed" : NULL;
}

static char *
format_time (GDateTime *time)
{
  return time != NULL ? g_date_time_format_iso8601 (time) : NULL;
}

static SignetCertificateInfo *
certificate_info_new (GTlsCertificate     *certificate,
                      GTlsCertificateFlags errors)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GDateTime) before = g_tls_certificate_get_not_valid_before (certificate);
  g_autoptr(GDateTime) after = g_tls_certificate_get_not_valid_after (certificate);
  g_autofree char *subject = g_tls_certificate_get_subject_name (certificate);
  g_autofree char *issuer = g_tls_certificate_get_issuer_name (certificate);
  g_autofree char *not_before = format_time (before);
  g_autofree char *not_after = format_time (after);
  g_autofree char *sha256 = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der != NULL)
    sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);

  return signet_certificate_info_new (subject, issuer, not_before, not_after, sha256,
                                      problem_of (errors));
}

static gboolean
on_accept_certificate (GObject             *message,
                       GTlsCertificate     *certificate,
                       GTlsCertificateFlags errors,
                       gpointer             user_data)
{
  SignetCadmiumClient *self = user_data;
  const char *sha256;

  g_clear_pointer (&self->peer, signet_certificate_info_free);
  self->peer = certificate_info_new (certificate, errors);
  sha256 = signet_certificate_info_get_sha256 (self->peer);
  self->peer_rejected = sha256 == NULL || g_strcmp0 (sha256, self->trusted_sha256) != 0;

  return !self->peer_rejected;
}

static GError *
connect_error (SignetCadmiumClient *self,
               GError              *error)
{
  g_autoptr(GError) owned = error;

  if (self->peer_rejected && self->peer != NULL)
    return signet_connection_untrusted_error (self->host, self->peer, self->trusted_sha256);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TIMEOUT,
                                _("The server did not answer in time."));
  if (error->domain == G_TLS_ERROR)
    return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TLS_FAILED,
                        /* Translators: %s is the TLS library's reason, in English */
                        _("The secure connection failed: %s"), error->message);
  /* Reached, then cut off or answered with something that is not HTTP:
   * saying "could not reach" would send the person to check the address. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CLOSED,
                                _("The server closed the connection before it answered."));
  if (self->http->is_parse_error (error))
    return g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_MALFORMED,
                                _("The server’s answer is not a WebSocket handshake."));
  if (self->http->is_websocket_error (error))
    return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_FAILED,
                        /* Translators: %s is the web server's reason, in English */
                        _("The server does not take Cadmium connections at this address: %s"),
                        error->message);

  return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_UNREACHABLE,
                      /* Translators: %s is the host; the second %s the reason, in English */
                      _("Could not reach %s: %s"), self->host, error->message);
}

static gboolean
on_countdown (gpointer user_data)
{
  GTask *task = user_data;
  SignetCadmiumClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  gint64 left = call->retry_deadline - g_get_monotonic_time ();

  if (left > 0)
    {
      set_retry_in (self, (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
      g_clear_handle_id (&call->countdown, g_source_remove);
      /* Wake up when the seconds shown change. */
      call->countdown = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                            (guint) (((left - 1) % G_USEC_PER_SEC) / 1000) + 1,
                                            on_countdown, g_object_ref (task), g_object_unref);
      return G_SOURCE_REMOVE;
    }

  call->countdown = 0;
  set_retry_in (self, 0);
  g_debug ("Rate limit over; sending the registration again");
  if (call->socket != NULL && self->http->websocket_is_open (call->socket))
    send_request (task);
  else
    open_socket (task);
  return G_SOURCE_REMOVE;
}

/* The first rate limit is waited out, counting down, when it is short enough. */
static gboolean
wait_out_rate_limit (GTask              *task,
                     SignetCadmiumFrame *frame)
{
  SignetCadmiumClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  gint64 retry_after = signet_cadmium_frame_get_retry_after (frame);

  if (g_strcmp0 (signet_cadmium_frame_get_error_id (frame), "ratelimit_exceed") != 0)
    return FALSE;

  self->retry_after = retry_after;
  if (call->retried || retry_after < 0 || retry_after > self->max_retry_wait)
    return FALSE;

  call->retried = TRUE;
  g_clear_handle_id (&call->timer, g_source_remove);
  call->retry_deadline = g_get_monotonic_time () + retry_after * 1000;
  on_countdown (task);
  return TRUE;
}

static void
on_message (GObject *socket,
            int      type,
            GBytes  *message,
            gpointer user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SignetCadmiumFrame) frame = NULL;
  GError *error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);

  frame = signet_cadmium_frame_parse (data, data != NULL ? length : 0, &error);
  if (frame == NULL)
    {
      finish (task, error, NULL);
      return;
    }

  /* Another exchange's answer (a server may push other messages). */
  if (g_strcmp0 (signet_cadmium_frame_get_id (frame), call->id) != 0)
    {
      g_debug ("Ignoring a frame for another request");
      return;
    }

  if (!signet_cadmium_frame_check_register_answer (frame, &error))
    finish (task, error, NULL);
  else if (signet_cadmium_frame_get_ok (frame))
    finish (task, NULL, frame);
  else if (!wait_out_rate_limit (task, frame))
    finish (task, signet_cadmium_frame_to_error (frame), NULL);
}

static void
on_closed (GObject *socket,
           gpointer user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);
  Call *call = g_task_get_task_data (task);

  /* While waiting out a rate limit, the next attempt reconnects. */
  if (call->countdown != 0)
    return;

  finish (task, g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CLOSED,
                                     _("The server closed the connection before it answered.")),
          NULL);
}

static void
send_request (GTask *task)
{
  SignetCadmiumClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  char *request;

  g_free (call->id);
  call->id = g_uuid_string_random ();
  request = signet_cadmium_frame_build_register (call->id, self->server, call->username,
                                                 call->email, call->msisdn, call->password,
                                                 call->login);
  arm_timer (task);
  self->http->websocket_send_text (call->socket, request);
  signet_cadmium_frame_free_request (request);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetCadmiumClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  GObject *socket;

  socket = self->http->websocket_connect_finish (source, result, &error);
  if (call->done)
    {
      g_clear_error (&error);
      g_clear_object (&socket);
      return;
    }
  if (socket == NULL)
    {
      finish (task, connect_error (self, error), NULL);
      return;
    }

  g_clear_object (&call->socket);
  call->socket = socket;
  self->http->websocket_set_max_size (socket, MAX_FRAME_SIZE);
  call->message_handler = g_signal_connect (socket, "message", G_CALLBACK (on_message), task);
  call->closed_handler = g_signal_connect (socket, "closed", G_CALLBACK (on_closed), task);
  send_request (task);
}

static void
open_socket (GTask *task)
{
  SignetCadmiumClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GObject) message = self->http->message_new ("GET", self->url, NULL, NULL);

  if (call->socket != NULL)
    {
      g_clear_signal_handler (&call->message_handler, call->socket);
      g_clear_signal_handler (&call->closed_handler, call->socket);
      g_clear_object (&call->socket);
    }

  self->peer_rejected = FALSE;
  g_signal_connect_object (message, "accept-certificate", G_CALLBACK (on_accept_certificate),
                           self, G_CONNECT_DEFAULT);
  arm_timer (task);
  self->http->websocket_connect_async (call->session, message, call->connecting, on_connected,
                                       g_object_ref (task));
}

static gboolean
check_details (const char *username,
               const char *email,
               const char *msisdn,
               const char *password,
               char      **e164,
               GError    **error)
{
  if (username == NULL && email == NULL && msisdn == NULL)
    {
      g_set_error_literal (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_MISSING_ID,
                           _("Give a username, an email address or a phone number."));
      return FALSE;
    }
  if (password == NULL || *password == '\0')
    {
      g_set_error_literal (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_MISSING_PASSWORD,
                           _("The password is empty."));
      return FALSE;
    }
  if (username != NULL && !signet_cadmium_check_username (username, error))
    return FALSE;
  if (email != NULL && !signet_cadmium_check_email (email, error))
    return FALSE;
  if (msisdn != NULL)
    {
      *e164 = signet_cadmium_normalize_msisdn (msisdn, error);
      return *e164 != NULL;
    }

  return TRUE;
}

/* libsoup is opened only when a Cadmium server is first talked to. */
static gboolean
open_http (SignetCadmiumClient *self,
           GError             **error)
{
  if (self->http == NULL)
    self->http = signet_http_get (error);

  return self->http != NULL;
}

static gboolean
check_url (SignetCadmiumClient *self,
           GError             **error)
{
  if (self->host == NULL)
    {
      g_set_error (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_INVALID_URL,
                   /* Translators: %s is what was given as the server's address */
                   _("“%s” is not a server address. Write it as wss://host/path."), self->url);
      return FALSE;
    }
  if (g_ascii_strncasecmp (self->url, "wss://", 6) != 0)
    {
      g_set_error_literal (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_INVALID_URL,
                           _("Signet connects to Cadmium servers only with encryption: "
                             "the address must start with wss://."));
      return FALSE;
    }

  return TRUE;
}

void
signet_cadmium_client_register_async (SignetCadmiumClient *self,
                                      const char          *username,
                                      const char          *email,
                                      const char          *msisdn,
                                      const char          *password,
                                      gboolean             login_on_success,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *e164 = NULL;
  GError *error = NULL;
  Call *call;

  g_return_if_fail (SIGNET_IS_CADMIUM_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_cadmium_client_register_async);
  if (!check_url (self, &error) ||
      !check_details (username, email, msisdn, password, &e164, &error) ||
      !open_http (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  call = g_new0 (Call, 1);
  call->username = g_strdup (username);
  call->email = g_strdup (email);
  call->msisdn = g_steal_pointer (&e164);
  call->password = g_strdup (password);
  call->login = login_on_success;
  call->connecting = g_cancellable_new ();
  call->session = self->http->session_new (self->timeout, NULL);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  self->retry_after = -1;

  if (cancellable != NULL)
    call->cancelled_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                                     g_object_ref (task), g_object_unref);
  open_socket (task);
}

/*
 * Discovery
 */

char *
signet_cadmium_discovery_url (const char *domain,
                              const char *host,
                              guint16     port)
{
  g_autofree char *bracketed = NULL;
  const char *name;

  g_return_val_if_fail (domain != NULL, NULL);

  name = host != NULL && *host != '\0' ? host : domain;
  if (strchr (name, ':') != NULL)
    name = bracketed = g_strdup_printf ("[%s]", name);
  if (port == 0 || port == 443)
    return g_strdup_printf ("wss://%s%s", name, SIGNET_CADMIUM_WELL_KNOWN_PATH);

  return g_strdup_printf ("wss://%s:%u%s", name, port, SIGNET_CADMIUM_WELL_KNOWN_PATH);
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetCadmiumClient *self = g_task_get_source_object (task);
  g_autoptr(GObject) socket = NULL;
  GError *error = NULL;

  socket = self->http->websocket_connect_finish (source, result, &error);
  if (socket != NULL)
    {
      self->http->websocket_close (socket, SIGNET_HTTP_CLOSE_GOING_AWAY);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else
    g_task_return_error (task, connect_error (self, error));
}

void
signet_cadmium_client_check_async (SignetCadmiumClient *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GObject) message = NULL;
  GObject *session;
  GError *error = NULL;

  g_return_if_fail (SIGNET_IS_CADMIUM_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_cadmium_client_check_async);
  if (!check_url (self, &error) || !open_http (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The session's timeout covers connecting and waiting for the answer. */
  session = self->http->session_new (self->timeout, NULL);
  g_task_set_task_data (task, session, g_object_unref);

  message = self->http->message_new ("GET", self->url, NULL, NULL);
  self->peer_rejected = FALSE;
  g_clear_pointer (&self->peer, signet_certificate_info_free);
  g_signal_connect_object (message, "accept-certificate", G_CALLBACK (on_accept_certificate),
                           self, G_CONNECT_DEFAULT);
  self->http->websocket_connect_async (session, message, cancellable, on_checked, g_object_ref (task));
}

gboolean
signet_cadmium_client_check_finish (SignetCadmiumClient *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

SignetCadmiumFrame *
signet_cadmium_client_register_finish (SignetCadmiumClient *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
signet_cadmium_client_get_url (SignetCadmiumClient *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_CLIENT (self), NULL);

  return self->url;
}

const char *
signet_cadmium_client_get_server (SignetCadmiumClient *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_CLIENT (self), NULL);

  return self->server;
}

const char *
signet_cadmium_client_get_host (SignetCadmiumClient *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_CLIENT (self), NULL);

  return self->host;
}

void
signet_cadmium_client_set_trusted_sha256 (SignetCadmiumClient *self,
                                          const char          *sha256)
{
  g_return_if_fail (SIGNET_IS_CADMIUM_CLIENT (self));

  g_free (self->trusted_sha256);
  self->trusted_sha256 = signet_certificate_normalize_trusted_sha256 (sha256);
}

void
signet_cadmium_client_apply_trust (SignetCadmiumClient *self,
                                   SignetTrustStore    *store)
{
  g_autofree char *sha256 = NULL;

  g_return_if_fail (SIGNET_IS_CADMIUM_CLIENT (self));
  g_return_if_fail (SIGNET_IS_TRUST_STORE (store));

  sha256 = signet_trust_store_dup_trusted (store, self->server);
  if (sha256 != NULL)
    signet_cadmium_client_set_trusted_sha256 (self, sha256);
}

void
signet_cadmium_client_set_timeout (SignetCadmiumClient *self,
                                   guint                seconds)
{
  g_return_if_fail (SIGNET_IS_CADMIUM_CLIENT (self));

  self->timeout = seconds > 0 ? seconds : SIGNET_CONNECTION_DEFAULT_TIMEOUT_SECONDS;
}

void
signet_cadmium_client_set_max_retry_wait (SignetCadmiumClient *self,
                                          guint                milliseconds)
{
  g_return_if_fail (SIGNET_IS_CADMIUM_CLIENT (self));

  self->max_retry_wait = milliseconds;
}

const SignetCertificateInfo *
signet_cadmium_client_get_peer_certificate (SignetCadmiumClient *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_CLIENT (self), NULL);

  return self->peer;
}

guint
signet_cadmium_client_get_retry_in (SignetCadmiumClient *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_CLIENT (self), 0);

  return self->retry_in;
}

gint64
signet_cadmium_client_get_retry_after (SignetCadmiumClient *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_CLIENT (self), -1);

  return self->retry_after;
}

/* GObject */

static void
signet_cadmium_client_constructed (GObject *object)
{
  SignetCadmiumClient *self = SIGNET_CADMIUM_CLIENT (object);
  g_autoptr(GUri) uri = g_uri_parse (self->url != NULL ? self->url : "", G_URI_FLAGS_NONE, NULL);

  G_OBJECT_CLASS (signet_cadmium_client_parent_class)->constructed (object);

  if (uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    self->host = g_strdup (g_uri_get_host (uri));
}

static void
signet_cadmium_client_finalize (GObject *object)
{
  SignetCadmiumClient *self = SIGNET_CADMIUM_CLIENT (object);

  g_free (self->url);
  g_free (self->server);
  g_free (self->host);
  g_free (self->trusted_sha256);
  g_clear_pointer (&self->peer, signet_certificate_info_free);

  G_OBJECT_CLASS (signet_cadmium_client_parent_class)->finalize (object);
}

static void
signet_cadmium_client_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SignetCadmiumClient *self = SIGNET_CADMIUM_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_RETRY_IN:
      g_value_set_uint (value, self->retry_in);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_cadmium_client_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SignetCadmiumClient *self = SIGNET_CADMIUM_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;
    case PROP_SERVER:
      self->server = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_cadmium_client_class_init (SignetCadmiumClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = signet_cadmium_client_constructed;
  object_class->finalize = signet_cadmium_client_finalize;
  object_class->get_property = signet_cadmium_client_get_property;
  object_class->set_property = signet_cadmium_client_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_IN] =
    g_param_spec_uint ("retry-in", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_cadmium_client_init (SignetCadmiumClient *self)
{
  self->timeout = SIGNET_CONNECTION_DEFAULT_TIMEOUT_SECONDS;
  self->max_retry_wait = SIGNET_CADMIUM_DEFAULT_MAX_RETRY_WAIT_MS;
  self->retry_after = -1;
}

SignetCadmiumClient *
signet_cadmium_client_new (const char *url,
                           const char *server)
{
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (server != NULL && *server != '\0', NULL);

  return g_object_new (SIGNET_TYPE_CADMIUM_CLIENT, "url", url, "server", server, NULL);
}
