/* signet-connection-worker.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The worker thread of a SignetConnection: its command queue, its
 * libstrophe connection and event loop, and the events it posts back to
 * the caller's context.  signet-connection-private.h explains who owns
 * what. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <strophe.h>

#include "signet-connection-private.h"
#include "signet-bench.h"
#include "signet-connection-tls.h"
#include "signet-tsan-private.h"

/* How long one xmpp_run_once() may wait for network events before the
 * worker looks at its command queue again. */
#define WORKER_POLL_MS 10

/* --- Settings handed to the worker --------------------------------------- */

void
signet_connection_config_free (SignetConnectionConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->domain);
  g_free (config->host);
  g_free (config->trusted_sha256);
  g_free (config->client_certificate);
  g_free (config->client_key);
  g_free (config->login_jid);
  if (config->login_password != NULL)
    explicit_bzero (config->login_password, strlen (config->login_password));
  g_free (config->login_password);
  g_free (config);
}

/* --- Commands from the caller to the worker ------------------------------ */

typedef enum
{
  CMD_CONNECT,
  CMD_SEND_IQ,
  /* The caller completed @op itself (timeout, cancellation, close). */
  CMD_FORGET,
  CMD_CLOSE,
  /* Wakes the worker up after the stop flag was set. */
  CMD_STOP,
} CommandKind;

typedef struct
{
  CommandKind kind;
  SignetConnectionOp          *op;
  SignetConnectionConfig      *config;
} Command;

static Command *
command_new (CommandKind             kind,
             SignetConnectionOp     *op,
             SignetConnectionConfig *config)
{
  Command *cmd = g_new0 (Command, 1);

  cmd->kind = kind;
  cmd->op = op != NULL ? signet_connection_op_ref (op) : NULL;
  cmd->config = config;

  return cmd;
}

static void
command_free (Command *cmd)
{
  g_clear_pointer (&cmd->op, signet_connection_op_unref);
  g_clear_pointer (&cmd->config, signet_connection_config_free);
  g_free (cmd);
}

/* --- The worker ---------------------------------------------------------- */

typedef enum
{
  PHASE_IDLE,
  /* TCP connection under way (raw mode). */
  PHASE_CONNECTING,
  /* A TLS handshake is due or running. */
  PHASE_TLS,
  /* Stream header sent; waiting for <stream:features/>. */
  PHASE_STREAM,
  /* <starttls/> sent; waiting for <proceed/>. */
  PHASE_STARTTLS,
  /* libstrophe runs TLS, SASL and resource binding by itself. */
  PHASE_LOGIN,
  PHASE_READY,
  /* </stream:stream> sent after signet_connection_close(). */
  PHASE_CLOSING,
} Phase;

struct _SignetConnectionWorker
{
  gatomicrefcount ref_count;
  GAsyncQueue           *commands;
  GWeakRef self;
  /* The caller's side only. */
  GThread               *thread;
  gint stop;
  /* Nobody will join the thread: it releases libstrophe itself. */
  gint detached;

  /* Our own duplicate of libstrophe's socket, so that the caller can
   * shutdown() it to interrupt a blocking TLS handshake without racing
   * against libstrophe closing and the kernel reusing the number. */
  GMutex socket_mutex;
  int socket_fd;

  /* Everything below belongs to the worker thread. */
  xmpp_log_t log;
  xmpp_ctx_t            *ctx;
  xmpp_conn_t           *conn;
  SignetConnectionConfig *config;
  Phase phase;
  SignetConnectionOp    *connect_op;
  GHashTable            *iqs;
  gboolean tearing_down;
  gboolean tls_due;
  gboolean login_done;
  gboolean tcp_connected;
  /* When something was last written, for the whitespace keepalive. */
  gint64 last_send_time;

  /* Things libstrophe reports only through its log. */
  struct
  {
    gboolean parse_error;
    gboolean tls_failed;
    gboolean tls_missing;
    gboolean auth_failed;
  } seen;
  char                  *sasl_mechanism;

  /* The first fatal error a handler saw; acted on after xmpp_run_once(). */
  GError                *failure;

  /* Certificate verification during the current handshake. */
  SignetConnectionTls tls;
};

/* --- libstrophe's global state ------------------------------------------ */

/* One reference per worker thread that has not been joined yet.
 * xmpp_shutdown() tears down libstrophe's TLS backend, so it must not run
 * while a thread may still be inside libstrophe: it runs once the last
 * thread has been joined, and a later connection initializes again. */
static GMutex strophe_mutex;
static guint strophe_users;

static void
strophe_acquire (void)
{
  g_mutex_lock (&strophe_mutex);
  signet_tsan_acquire (&strophe_mutex);
  if (strophe_users++ == 0)
    xmpp_initialize ();
  signet_tsan_release (&strophe_mutex);
  g_mutex_unlock (&strophe_mutex);
}

static void
strophe_release (void)
{
  g_mutex_lock (&strophe_mutex);
  signet_tsan_acquire (&strophe_mutex);
  g_assert (strophe_users > 0);
  if (--strophe_users == 0)
    xmpp_shutdown ();
  signet_tsan_release (&strophe_mutex);
  g_mutex_unlock (&strophe_mutex);
}

/* libstrophe's certfail and sockopt callbacks carry no user data; each
 * worker thread drives exactly one connection, so the thread knows it. */
static GPrivate current_worker = G_PRIVATE_INIT (NULL);

static SignetConnectionWorker *
worker_alloc (SignetConnection *self)
{
  SignetConnectionWorker *w = g_new0 (SignetConnectionWorker, 1);

  g_atomic_ref_count_init (&w->ref_count);
  w->commands = g_async_queue_new_full ((GDestroyNotify) command_free);
  g_weak_ref_init (&w->self, self);
  g_mutex_init (&w->socket_mutex);
  w->socket_fd = -1;
  w->iqs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) signet_connection_op_unref);

  return w;
}

static SignetConnectionWorker *
worker_ref (SignetConnectionWorker *w)
{
  g_atomic_ref_count_inc (&w->ref_count);
  return w;
}

static void
worker_unref (SignetConnectionWorker *w)
{
  signet_tsan_release (w);
  if (!g_atomic_ref_count_dec (&w->ref_count))
    return;
  signet_tsan_acquire (w);

  /* The thread tore libstrophe down before dropping its reference. */
  g_assert (w->conn == NULL && w->ctx == NULL);

  g_async_queue_unref (w->commands);
  g_weak_ref_clear (&w->self);
  g_mutex_clear (&w->socket_mutex);
  if (w->socket_fd >= 0)
    close (w->socket_fd);
  g_hash_table_unref (w->iqs);
  g_clear_pointer (&w->connect_op, signet_connection_op_unref);
  g_clear_pointer (&w->config, signet_connection_config_free);
  g_clear_error (&w->failure);
  signet_connection_tls_clear (&w->tls);
  g_free (w->sasl_mechanism);
  g_free (w);
}

static void
worker_push (SignetConnectionWorker *w,
             CommandKind             kind,
             SignetConnectionOp     *op,
             SignetConnectionConfig *config)
{
  Command *cmd = command_new (kind, op, config);

  signet_tsan_release (cmd);
  g_async_queue_push (w->commands, cmd);
}

/* Makes a blocking read or TLS handshake on the socket return at once.
 * Called from the caller's thread. */
static void
worker_interrupt (SignetConnectionWorker *w)
{
  g_mutex_lock (&w->socket_mutex);
  signet_tsan_acquire (&w->socket_mutex);
  if (w->socket_fd >= 0)
    shutdown (w->socket_fd, SHUT_RDWR);
  signet_tsan_release (&w->socket_mutex);
  g_mutex_unlock (&w->socket_mutex);
}

static void
worker_stop (SignetConnectionWorker *w)
{
  g_atomic_int_set (&w->stop, TRUE);
  worker_push (w, CMD_STOP, NULL, NULL);
  worker_interrupt (w);
}

/* --- Events from the worker to the caller -------------------------------- */

static void
event_free (SignetConnectionEvent *event)
{
  worker_unref (event->worker);
  signet_connection_op_unref (event->op);
  g_clear_pointer (&event->node, signet_xml_node_unref);
  g_clear_pointer (&event->certificate, signet_certificate_info_free);
  g_free (event->bound_jid);
  g_free (event->sasl_mechanism);
  g_clear_error (&event->error);
  g_free (event);
}

static gboolean
event_dispatch (gpointer data)
{
  SignetConnectionEvent *event = data;
  g_autoptr(SignetConnection) self = NULL;

  signet_tsan_acquire (event);
  self = g_weak_ref_get (&event->worker->self);

  signet_connection_handle_event (self, event);

  return G_SOURCE_REMOVE;
}

static SignetConnectionEvent *
event_new (SignetConnectionWorker   *w,
           SignetConnectionEventKind kind,
           SignetConnectionOp       *op)
{
  SignetConnectionEvent *event = g_new0 (SignetConnectionEvent, 1);

  event->kind = kind;
  event->worker = worker_ref (w);
  event->op = signet_connection_op_ref (op);

  return event;
}

/* Hands a complete @event to the caller's context.  g_main_context_invoke()
 * would run the callback right here on the worker if nobody owned that
 * context at this moment, so always go through a source. */
static void
worker_post (SignetConnectionWorker *w,
             SignetConnectionEvent  *event)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  GMainContext *context = event->op->context;

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, event_dispatch, event, (GDestroyNotify) event_free);
  g_source_set_name (source, "[signet] connection event");
  /* After this, the event belongs to the caller's context. */
  signet_tsan_release (event);
  g_source_attach (source, context);
}

static void
worker_post_failure (SignetConnectionWorker *w,
                     SignetConnectionOp     *op,
                     const GError           *error)
{
  SignetConnectionEvent *event = event_new (w, SIGNET_CONNECTION_EVENT_FAILED, op);

  event->error = g_error_copy (error);
  if (op->kind == SIGNET_CONNECTION_OP_CONNECT)
    {
      const SignetCertificateInfo *shown = signet_connection_tls_get_shown (&w->tls);

      if (shown != NULL)
        event->certificate = signet_certificate_info_copy (shown);
    }

  worker_post (w, event);
}

/* --- Errors -------------------------------------------------------------- */

static GError *
closed_error (void)
{
  return g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CLOSED,
                              _("The server closed the connection."));
}

static GError *
malformed_error (void)
{
  return g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_MALFORMED,
                              _("The server sent data that is not well-formed XML."));
}

/* The names libstrophe's xmpp_error_type_t stands for, in its order. */
static const char * const stream_condition_names[] = {
  "bad-format", "bad-namespace-prefix", "conflict", "connection-timeout",
  "host-gone", "host-unknown", "improper-addressing", "internal-server-error",
  "invalid-from", "invalid-id", "invalid-namespace", "invalid-xml",
  "not-authorized", "policy-violation", "remote-connection-failed",
  "resource-constraint", "restricted-xml", "see-other-host", "system-shutdown",
  "undefined-condition", "unsupported-encoding", "unsupported-stanza-type",
  "unsupported-version", "xml-not-well-formed",
};

G_STATIC_ASSERT (G_N_ELEMENTS (stream_condition_names) == XMPP_SE_XML_NOT_WELL_FORMED + 1);

static GError *
stream_error_new (const char *domain,
                  const char *condition,
                  const char *text)
{
  g_autofree char *message = NULL;
  SignetConnectionError code = SIGNET_CONNECTION_ERROR_STREAM_OTHER;

  if (condition == NULL)
    condition = "undefined-condition";

  if (g_str_equal (condition, "not-authorized"))
    {
      code = SIGNET_CONNECTION_ERROR_STREAM_NOT_AUTHORIZED;
      message = g_strdup (_("The server ended the connection: not authorized."));
    }
  else if (g_str_equal (condition, "policy-violation"))
    {
      code = SIGNET_CONNECTION_ERROR_STREAM_POLICY_VIOLATION;
      message = g_strdup (_("The server ended the connection because a policy was violated, for example too many attempts."));
    }
  else if (g_str_equal (condition, "host-unknown"))
    {
      code = SIGNET_CONNECTION_ERROR_STREAM_HOST_UNKNOWN;
      message = g_strdup_printf (_("The server does not serve the domain %s."), domain);
    }
  else if (g_str_equal (condition, "conflict"))
    {
      code = SIGNET_CONNECTION_ERROR_STREAM_CONFLICT;
      message = g_strdup (_("The server ended the connection because a newer connection replaced it."));
    }
  else if (g_str_equal (condition, "system-shutdown"))
    {
      code = SIGNET_CONNECTION_ERROR_STREAM_SYSTEM_SHUTDOWN;
      message = g_strdup (_("The server is shutting down. Try again later."));
    }
  else
    {
      /* Translators: %s is an XMPP stream error condition such as
       * “internal-server-error”. */
      message = g_strdup_printf (_("The server ended the connection with the error “%s”."), condition);
    }

  if (text != NULL && *text != '\0')
    {
      /* Translators: the first %s is a sentence explaining the error, the
       * second the server's own words. */
      return g_error_new (SIGNET_CONNECTION_ERROR, code, _("%s The server said: “%s”"),
                          message, text);
    }

  return g_error_new_literal (SIGNET_CONNECTION_ERROR, code, message);
}

static GError *
stream_error_from_stanza (const char    *domain,
                          xmpp_stanza_t *stanza)
{
  const char *condition = NULL;
  g_autofree char *text = NULL;

  for (xmpp_stanza_t *child = xmpp_stanza_get_children (stanza);
       child != NULL;
       child = xmpp_stanza_get_next (child))
    {
      const char *name = xmpp_stanza_get_name (child);
      const char *ns = xmpp_stanza_get_ns (child);

      if (name == NULL || g_strcmp0 (ns, SIGNET_NS_STREAMS) != 0)
        continue;

      if (g_str_equal (name, "text"))
        {
          char *strophe_text = xmpp_stanza_get_text (child);

          g_free (text);
          text = g_strdup (strophe_text);
          xmpp_free (xmpp_stanza_get_context (stanza), strophe_text);
        }
      else if (condition == NULL)
        {
          condition = name;
        }
    }

  return stream_error_new (domain, condition, text);
}

static GError *
stream_error_from_strophe (const char                *domain,
                           const xmpp_stream_error_t *stream_error)
{
  const char *condition = NULL;

  if ((guint) stream_error->type < G_N_ELEMENTS (stream_condition_names))
    condition = stream_condition_names[stream_error->type];

  return stream_error_new (domain, condition, stream_error->text);
}

/* --- SignetConnectionWorker: helpers ----------------------------------------------------- */

static const char *
config_address (const SignetConnectionConfig *config)
{
  return config->host != NULL ? config->host : config->domain;
}

static void
worker_set_failure (SignetConnectionWorker *w,
                    GError                 *error)
{
  if (w->failure == NULL)
    w->failure = error;
  else
    g_error_free (error);
}

static SignetXmlNode *
stanza_to_node (xmpp_stanza_t *stanza,
                GError       **error)
{
  char *text = NULL;
  size_t length = 0;
  SignetXmlNode *node;

  if (xmpp_stanza_to_text (stanza, &text, &length) != XMPP_EOK)
    {
      g_set_error_literal (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_FAILED,
                           _("Out of memory while reading a reply from the server."));
      return NULL;
    }

  node = signet_xml_node_parse (text, length, error);
  xmpp_free (xmpp_stanza_get_context (stanza), text);

  return node;
}

/* --- SignetConnectionWorker: libstrophe callbacks ---------------------------------------- */

/* Never prints anything: libstrophe's debug lines carry whole stanzas, and
 * with them phone numbers, codes and passwords.  It only watches for the
 * few events libstrophe reports nowhere else. */
static void
on_strophe_log (void            *userdata,
                xmpp_log_level_t level,
                const char      *area,
                const char      *msg)
{
  SignetConnectionWorker *w = userdata;

  if (g_str_equal (msg, "connection successful"))
    w->tcp_connected = TRUE;
  else if (g_str_has_prefix (msg, "parse error") ||
           g_str_has_prefix (msg, "Server did not open valid stream"))
    w->seen.parse_error = TRUE;
  else if (g_str_has_prefix (msg, "Couldn't start TLS"))
    w->seen.tls_failed = TRUE;
  else if (g_str_has_prefix (msg, "TLS is not supported, but set as mandatory"))
    w->seen.tls_missing = TRUE;
  else if (g_str_has_prefix (msg, "SASL ") && g_str_has_suffix (msg, " auth failed"))
    w->seen.auth_failed = TRUE;
  else if (g_str_has_prefix (msg, "SASL ") && g_str_has_suffix (msg, " auth successful"))
    {
      g_free (w->sasl_mechanism);
      w->sasl_mechanism = g_strndup (msg + strlen ("SASL "),
                                     strlen (msg) - strlen ("SASL ") - strlen (" auth successful"));
    }
  else if (g_strcmp0 (area, "auth") == 0 &&
           (g_str_has_prefix (msg, "Cannot authenticate") ||
            g_str_has_prefix (msg, "Password hasn't been set") ||
            g_str_has_prefix (msg, "No node in JID")))
    w->seen.auth_failed = TRUE;
}

static int
on_sockopt (xmpp_conn_t *conn,
            void        *sock)
{
  SignetConnectionWorker *w = g_private_get (&current_worker);
  int fd = fcntl (*(int *) sock, F_DUPFD_CLOEXEC, 0);

  g_mutex_lock (&w->socket_mutex);
  signet_tsan_acquire (&w->socket_mutex);
  if (w->socket_fd >= 0)
    close (w->socket_fd);
  w->socket_fd = fd;
  signet_tsan_release (&w->socket_mutex);
  g_mutex_unlock (&w->socket_mutex);

  return 0;
}


/* libstrophe's certfail callback carries no user data. */
static int
on_certfail (const xmpp_tlscert_t *cert,
             const char           *errormsg)
{
  SignetConnectionWorker *w = g_private_get (&current_worker);

  return signet_connection_tls_verify (&w->tls, cert, errormsg);
}

static void
worker_handle_features (SignetConnectionWorker *w,
                        xmpp_stanza_t          *stanza)
{
  g_autoptr(GError) error = NULL;
  SignetXmlNode *features;
  SignetConnectionEvent *event;

  if (!xmpp_conn_is_secured (w->conn))
    {
      xmpp_stanza_t *starttls = xmpp_stanza_get_child_by_name_and_ns (stanza, "starttls", SIGNET_NS_TLS);

      /* Never go on without TLS, and send nothing more. */
      if (starttls == NULL)
        {
          worker_set_failure (w, g_error_new_literal (SIGNET_CONNECTION_ERROR,
                                                      SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE,
                                                      _("The server does not offer an encrypted connection (STARTTLS); Signet never signs up without encryption.")));
          return;
        }

      xmpp_send_raw_string (w->conn, "<starttls xmlns='%s'/>", SIGNET_NS_TLS);
      w->phase = PHASE_STARTTLS;
      return;
    }

  features = stanza_to_node (stanza, &error);
  if (features == NULL)
    {
      worker_set_failure (w, malformed_error ());
      return;
    }

  w->phase = PHASE_READY;
  w->last_send_time = g_get_monotonic_time ();
  signet_bench_mark ("stream");
  event = event_new (w, SIGNET_CONNECTION_EVENT_CONNECTED, w->connect_op);
  event->node = features;
  if (w->tls.peer != NULL)
    event->certificate = signet_certificate_info_copy (w->tls.peer);
  worker_post (w, event);
}

static void
worker_handle_iq (SignetConnectionWorker *w,
                  xmpp_stanza_t          *stanza)
{
  g_autoptr(GError) error = NULL;
  const char *type = xmpp_stanza_get_type (stanza);
  const char *id = xmpp_stanza_get_id (stanza);
  gpointer key, value;
  g_autoptr(SignetConnectionOp) op = NULL;
  SignetXmlNode *reply;
  SignetConnectionEvent *event;

  if (id == NULL || (g_strcmp0 (type, "result") != 0 && g_strcmp0 (type, "error") != 0))
    return;

  if (!g_hash_table_steal_extended (w->iqs, id, &key, &value))
    return;
  op = value;

  reply = stanza_to_node (stanza, &error);
  if (reply == NULL)
    {
      g_autoptr(GError) malformed = malformed_error ();

      worker_post_failure (w, op, malformed);
      return;
    }

  event = event_new (w, SIGNET_CONNECTION_EVENT_IQ_REPLY, op);
  event->node = reply;
  worker_post (w, event);
}

static int
on_stanza (xmpp_conn_t   *conn,
           xmpp_stanza_t *stanza,
           void          *userdata)
{
  SignetConnectionWorker *w = userdata;
  const char *name = xmpp_stanza_get_name (stanza);
  const char *ns = xmpp_stanza_get_ns (stanza);

  if (w->tearing_down || w->failure != NULL || name == NULL)
    return 1;

  if (g_strcmp0 (ns, SIGNET_NS_STREAM) == 0 && g_str_equal (name, "error"))
    worker_set_failure (w, stream_error_from_stanza (w->config->domain, stanza));
  else if (g_strcmp0 (ns, SIGNET_NS_STREAM) == 0 && g_str_equal (name, "features") &&
           w->phase == PHASE_STREAM)
    worker_handle_features (w, stanza);
  else if (g_strcmp0 (ns, SIGNET_NS_TLS) == 0 && w->phase == PHASE_STARTTLS)
    {
      if (g_str_equal (name, "proceed"))
        {
          /* The handshake blocks; run it after xmpp_run_once() returns
           * rather than inside libstrophe's parser callback. */
          w->tls_due = TRUE;
          w->phase = PHASE_TLS;
        }
      else
        {
          worker_set_failure (w, g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TLS_FAILED,
                                              _("The server %s refused to start an encrypted connection."),
                                              w->config->domain));
        }
    }
  else if (g_str_equal (name, "iq") && w->phase == PHASE_READY)
    worker_handle_iq (w, stanza);

  return 1;
}

static GError *
worker_disconnect_error (SignetConnectionWorker    *w,
                         int                        error,
                         const xmpp_stream_error_t *stream_error)
{
  const SignetConnectionConfig *config = w->config;

  if (w->seen.parse_error)
    return malformed_error ();

  if (stream_error != NULL)
    return stream_error_from_strophe (config->domain, stream_error);

  if (w->tls.rejected != NULL)
    return signet_connection_untrusted_error (config->domain, w->tls.rejected, config->trusted_sha256);

  if (w->seen.tls_missing)
    return g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE,
                                _("The server does not offer an encrypted connection (STARTTLS); Signet never logs in without encryption."));

  if (w->seen.tls_failed)
    return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TLS_FAILED,
                        _("The encrypted connection to %s could not be set up."), config->domain);

  if (w->seen.auth_failed)
    return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED,
                        _("The server did not accept the login for %s."), config->login_jid);

  if (!w->tcp_connected)
    {
      if (error != 0)
        return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_UNREACHABLE,
                            /* Translators: the first %s is a host name, the second the system's reason. */
                            _("Could not connect to %s: %s."),
                            config_address (config), g_strerror (error));

      return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_UNREACHABLE,
                          _("Could not connect to %s."), config_address (config));
    }

  return closed_error ();
}

static void
on_conn_event (xmpp_conn_t         *conn,
               xmpp_conn_event_t    status,
               int                  error,
               xmpp_stream_error_t *stream_error,
               void                *userdata)
{
  SignetConnectionWorker *w = userdata;

  if (w->tearing_down)
    return;

  switch (status)
    {
    case XMPP_CONN_RAW_CONNECT:
      w->tcp_connected = TRUE;
      signet_bench_mark ("connect");
      if (w->config->direct_tls)
        {
          w->phase = PHASE_TLS;
          w->tls_due = TRUE;
        }
      else
        {
          w->phase = PHASE_STREAM;
          xmpp_conn_open_stream_default (conn);
        }
      break;

    case XMPP_CONN_CONNECT:
      /* In raw mode this only says the server's stream header arrived;
       * the features follow as a stanza.  In login mode it means
       * authenticated and bound. */
      if (w->phase == PHASE_LOGIN)
        w->login_done = TRUE;
      break;

    case XMPP_CONN_DISCONNECT:
    case XMPP_CONN_FAIL:
    default:
      worker_set_failure (w, worker_disconnect_error (w, error, stream_error));
      break;
    }
}

/* --- SignetConnectionWorker: connection life cycle --------------------------------------- */


/* Releases libstrophe without telling anybody. */
static void
worker_teardown (SignetConnectionWorker *w)
{
  if (w->conn != NULL)
    {
      /* Aborting: make a TLS close_notify that the peer never answers
       * fail at once instead of waiting for it. */
      worker_interrupt (w);

      w->tearing_down = TRUE;
      xmpp_conn_release (w->conn);
      w->conn = NULL;
      w->tearing_down = FALSE;
    }

  g_clear_pointer (&w->ctx, xmpp_ctx_free);

  g_mutex_lock (&w->socket_mutex);
  signet_tsan_acquire (&w->socket_mutex);
  if (w->socket_fd >= 0)
    close (w->socket_fd);
  w->socket_fd = -1;
  signet_tsan_release (&w->socket_mutex);
  g_mutex_unlock (&w->socket_mutex);

  g_hash_table_remove_all (w->iqs);
  g_clear_pointer (&w->connect_op, signet_connection_op_unref);
  g_clear_error (&w->failure);
  w->phase = PHASE_IDLE;
  w->tls_due = FALSE;
  w->login_done = FALSE;
  w->tcp_connected = FALSE;
  memset (&w->seen, 0, sizeof w->seen);
  g_clear_pointer (&w->sasl_mechanism, g_free);
}

/* Tells every pending operation about @error, then tears down. */
static void
worker_fail_connection (SignetConnectionWorker *w,
                        const GError           *error)
{
  GHashTableIter iter;
  gpointer value;

  if (w->connect_op != NULL)
    {
      if (w->phase == PHASE_READY || w->phase == PHASE_CLOSING)
        {
          SignetConnectionEvent *event = event_new (w, SIGNET_CONNECTION_EVENT_CLOSED, w->connect_op);

          event->error = g_error_copy (error);
          worker_post (w, event);
        }
      else
        {
          worker_post_failure (w, w->connect_op, error);
        }
    }

  g_hash_table_iter_init (&iter, w->iqs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    worker_post_failure (w, value, error);

  worker_teardown (w);
}

static void
worker_start_tls (SignetConnectionWorker *w)
{
  GError *error = signet_connection_tls_start (&w->tls, w->conn, w->config->domain);

  if (error != NULL)
    {
      worker_set_failure (w, error);
      return;
    }

  signet_bench_mark ("tls");
  w->phase = PHASE_STREAM;
  xmpp_conn_open_stream_default (w->conn);
}

/* libstrophe's own memory goes through these, so that a leak inside
 * libstrophe has a frame that tests/sanitizers/lsan.supp can name (its own
 * functions have no symbols): libstrophe 0.12 loses what it allocated for a
 * refused SASL login when the connection is released before it tries the
 * next mechanism.  Signet's memory never comes through here.  The empty asm
 * keeps the calls from becoming tail calls, which would take these frames
 * off the stack. */
static void *
strophe_own_alloc (size_t size,
                   void  *userdata)
{
  void *p = malloc (size);

  __asm__ volatile ("" : : "r" (p) : "memory");
  return p;
}

static void *
strophe_own_realloc (void  *p,
                     size_t size,
                     void  *userdata)
{
  void *q = realloc (p, size);

  __asm__ volatile ("" : : "r" (q) : "memory");
  return q;
}

static void
strophe_own_free (void *p,
                  void *userdata)
{
  free (p);
}

static const xmpp_mem_t strophe_mem = {
  strophe_own_alloc, strophe_own_free, strophe_own_realloc, NULL,
};

static void
worker_start_connect (SignetConnectionWorker *w)
{
  const SignetConnectionConfig *config = w->config;
  long flags = XMPP_CONN_FLAG_DISABLE_SM;
  int rc;

  signet_bench_mark ("connect-start");
  w->log.handler = on_strophe_log;
  w->log.userdata = w;
  w->ctx = xmpp_ctx_new (&strophe_mem, &w->log);
  w->conn = xmpp_conn_new (w->ctx);
  signet_connection_tls_reset (&w->tls);

  if (config->direct_tls)
    flags |= XMPP_CONN_FLAG_LEGACY_SSL;
  if (config->login_jid != NULL)
    flags |= XMPP_CONN_FLAG_MANDATORY_TLS;
  xmpp_conn_set_flags (w->conn, flags);

  xmpp_conn_set_certfail_handler (w->conn, on_certfail);
  xmpp_conn_set_sockopt_callback (w->conn, on_sockopt);
  if (config->client_certificate != NULL)
    xmpp_conn_set_client_cert (w->conn, config->client_certificate, config->client_key);
  xmpp_handler_add (w->conn, on_stanza, NULL, NULL, NULL, w);

  /* Without a client certificate nothing is revealed by finishing a
   * handshake, so the server's own certificate can be judged afterwards;
   * libstrophe's login goes on by itself, so it cannot wait. */
  w->tls.trusted_sha256 = config->trusted_sha256;
  signet_connection_tls_set_pinned_thread (config->trusted_sha256 != NULL);
  w->tls.defer_verdict = config->client_certificate == NULL && config->login_jid == NULL;

  if (config->login_jid != NULL)
    {
      xmpp_conn_set_jid (w->conn, config->login_jid);
      if (config->login_password != NULL)
        xmpp_conn_set_pass (w->conn, config->login_password);
      w->phase = PHASE_LOGIN;
      /* May block in DNS. */
      rc = xmpp_connect_client (w->conn, config->host, config->port, on_conn_event, w);
    }
  else
    {
      xmpp_conn_set_jid (w->conn, config->domain);
      w->phase = PHASE_CONNECTING;
      /* May block in DNS. */
      rc = xmpp_connect_raw (w->conn, config->host, config->port, on_conn_event, w);
    }

  if (rc != XMPP_EOK)
    {
      g_autoptr(GError) error = NULL;

      error = g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_UNREACHABLE,
                           _("Could not find or reach the server %s."), config_address (config));
      worker_fail_connection (w, error);
    }
}

static void
worker_finish_login (SignetConnectionWorker *w)
{
  SignetConnectionEvent *event;

  w->login_done = FALSE;
  w->phase = PHASE_READY;
  w->last_send_time = g_get_monotonic_time ();
  signet_bench_mark ("login");
  signet_connection_tls_record_peer (&w->tls, w->conn);

  event = event_new (w, SIGNET_CONNECTION_EVENT_CONNECTED, w->connect_op);
  event->bound_jid = g_strdup (xmpp_conn_get_bound_jid (w->conn));
  event->sasl_mechanism = g_strdup (w->sasl_mechanism);
  if (w->tls.peer != NULL)
    event->certificate = signet_certificate_info_copy (w->tls.peer);
  worker_post (w, event);
}

/* Acts on what the handlers noticed during xmpp_run_once(). */
static void
worker_after_run (SignetConnectionWorker *w)
{
  if (w->failure == NULL && w->seen.parse_error)
    w->failure = malformed_error ();

  /* libstrophe answers a refused SASL mechanism by trying the next one,
   * down to DIGEST-MD5.  A wrong password stays wrong, so stop at the first
   * refusal: the next <auth/> is only queued, and tearing down now keeps it
   * (and one more failed attempt on the server's books) from going out. */
  if (w->failure == NULL && w->seen.auth_failed && w->phase == PHASE_LOGIN)
    w->failure = g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED,
                              _("The server did not accept the login for %s."), w->config->login_jid);

  if (w->failure == NULL && w->tls_due && !g_atomic_int_get (&w->stop))
    {
      w->tls_due = FALSE;
      worker_start_tls (w);
    }

  /* libstrophe counts any result to the resource binding as bound, even
   * one without the address: that login did not give us an account. */
  if (w->failure == NULL && w->login_done && xmpp_conn_get_bound_jid (w->conn) == NULL)
    w->failure = g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_MALFORMED,
                                      _("The server finished the login without naming the account."));

  if (w->failure == NULL && w->login_done)
    worker_finish_login (w);

  if (w->failure != NULL)
    {
      g_autoptr(GError) failure = g_steal_pointer (&w->failure);

      worker_fail_connection (w, failure);
    }
}

static void
worker_send_iq (SignetConnectionWorker *w,
                SignetConnectionOp     *op)
{
  if (w->phase != PHASE_READY)
    {
      g_autoptr(GError) error = closed_error ();

      worker_post_failure (w, op, error);
      return;
    }

  if (g_hash_table_contains (w->iqs, op->id))
    {
      g_autoptr(GError) error = NULL;

      error = g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_FAILED,
                           _("Another request with the id “%s” is still waiting for its reply."),
                           op->id);
      worker_post_failure (w, op, error);
      return;
    }

  g_hash_table_insert (w->iqs, op->id, signet_connection_op_ref (op));
  xmpp_send_raw (w->conn, op->xml, strlen (op->xml));
  w->last_send_time = g_get_monotonic_time ();
}

/* XEP-0077 lets a server drop an unauthenticated stream that stays idle
 * while a person fills in the form; whitespace between stanzas keeps it
 * (and NAT mappings) alive without a stanza the server could refuse. */
static void
worker_keepalive (SignetConnectionWorker *w)
{
  gint64 now;

  if (w->config->keepalive == 0 || w->phase != PHASE_READY)
    return;

  now = g_get_monotonic_time ();
  if (now - w->last_send_time < w->config->keepalive * G_USEC_PER_SEC)
    return;

  xmpp_send_raw (w->conn, " ", 1);
  w->last_send_time = now;
}

static void
worker_forget (SignetConnectionWorker *w,
               SignetConnectionOp     *op)
{
  if (op == w->connect_op)
    {
      /* A connect that timed out or was cancelled: the caller never saw
       * this connection, so drop it whatever state it reached. */
      worker_teardown (w);
      return;
    }

  if (op->id != NULL && g_hash_table_lookup (w->iqs, op->id) == op)
    g_hash_table_remove (w->iqs, op->id);
}

static void
worker_close (SignetConnectionWorker *w)
{
  if (w->conn != NULL && w->phase == PHASE_READY)
    {
      /* Sends </stream:stream>; libstrophe drops the socket when the server
       * answers or after two seconds. */
      g_hash_table_remove_all (w->iqs);
      w->phase = PHASE_CLOSING;
      xmpp_disconnect (w->conn);
      return;
    }

  worker_teardown (w);
}

static void
worker_handle_command (SignetConnectionWorker *w,
                       Command                *cmd)
{
  signet_tsan_acquire (cmd);
  switch (cmd->kind)
    {
    case CMD_CONNECT:
      worker_teardown (w);
      g_clear_pointer (&w->config, signet_connection_config_free);
      w->config = g_steal_pointer (&cmd->config);
      w->connect_op = signet_connection_op_ref (cmd->op);
      worker_start_connect (w);
      break;

    case CMD_SEND_IQ:
      worker_send_iq (w, cmd->op);
      break;

    case CMD_FORGET:
      worker_forget (w, cmd->op);
      break;

    case CMD_CLOSE:
      worker_close (w);
      break;

    case CMD_STOP:
    default:
      break;
    }

  command_free (cmd);
}

static gpointer
worker_thread_func (gpointer data)
{
  SignetConnectionWorker *w = data;
  sigset_t sigpipe;

  /* libstrophe writes with send(…, 0) and OpenSSL with write(): a peer that
   * went away must give EPIPE, not kill the application. */
  sigemptyset (&sigpipe);
  sigaddset (&sigpipe, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &sigpipe, NULL);

  g_private_set (&current_worker, w);

  while (!g_atomic_int_get (&w->stop))
    {
      Command *cmd;

      if (w->conn == NULL)
        {
          worker_handle_command (w, g_async_queue_pop (w->commands));
          continue;
        }

      while (w->conn != NULL && !g_atomic_int_get (&w->stop) &&
             (cmd = g_async_queue_try_pop (w->commands)) != NULL)
        worker_handle_command (w, cmd);

      if (w->conn == NULL || g_atomic_int_get (&w->stop))
        continue;
      xmpp_run_once (w->ctx, WORKER_POLL_MS);
      worker_after_run (w);
      if (w->conn != NULL)
        worker_keepalive (w);
    }

  worker_teardown (w);
  g_private_set (&current_worker, NULL);
  if (g_atomic_int_get (&w->detached))
    strophe_release ();
  worker_unref (w);

  return NULL;
}

/* --- The caller's side --------------------------------------------------- */

SignetConnectionWorker *
signet_connection_worker_new (SignetConnection *self)
{
  SignetConnectionWorker *w = worker_alloc (self);

  /* libstrophe stays initialized while any worker thread exists. */
  strophe_acquire ();
  w->thread = g_thread_new ("signet-xmpp", worker_thread_func, worker_ref (w));

  return w;
}

void
signet_connection_worker_stop (SignetConnectionWorker *w)
{
  g_autoptr(GThread) thread = g_steal_pointer (&w->thread);

  worker_stop (w);

  /* Wait for the thread: one left running would still be freeing its TLS
   * session (and OpenSSL its per-thread state) while exit() runs OpenSSL's
   * atexit cleanup, which crashes now and then.  The stop command and the
   * interrupted socket end any wait for the network at once, except a DNS
   * lookup in progress, which ends by itself within the resolver's
   * timeout. */
  if (thread == g_thread_self ())
    {
      /* The thread never holds the object, but should the last reference
       * ever be dropped from there, joining would wait for ourselves. */
      g_atomic_int_set (&w->detached, TRUE);
    }
  else
    {
      g_thread_join (g_steal_pointer (&thread));
      strophe_release ();
    }

  worker_unref (w);
}

void
signet_connection_worker_connect (SignetConnectionWorker *w,
                                  SignetConnectionOp     *op,
                                  SignetConnectionConfig *config)
{
  worker_push (w, CMD_CONNECT, op, config);
}

void
signet_connection_worker_send_iq (SignetConnectionWorker *w,
                                  SignetConnectionOp     *op)
{
  worker_push (w, CMD_SEND_IQ, op, NULL);
}

void
signet_connection_worker_forget (SignetConnectionWorker *w,
                                 SignetConnectionOp     *op)
{
  worker_push (w, CMD_FORGET, op, NULL);
  if (op->kind == SIGNET_CONNECTION_OP_CONNECT)
    worker_interrupt (w);
}

void
signet_connection_worker_close (SignetConnectionWorker *w)
{
  worker_push (w, CMD_CLOSE, NULL, NULL);
}
