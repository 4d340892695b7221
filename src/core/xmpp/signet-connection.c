/* signet-connection.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One libstrophe connection driven by a worker thread.
 *
 * libstrophe is not thread-safe and blocks in DNS, in connect() setup and in
 * the TLS handshake, so every xmpp_* call happens on a worker thread that the
 * connection owns.  The caller's side talks to it through a command queue;
 * the worker answers by attaching idle sources to the GMainContext that was
 * thread-default when the _async function was called.
 *
 * Ownership:
 *  - Op: one pending _async call, shared by reference count.  Its GTask,
 *    timeout source and cancellable source are touched only on the caller's
 *    context; everything else in it is immutable.  Timeouts and cancellation
 *    complete the task on the caller's side at once and only then tell the
 *    worker to forget the operation, so a worker stuck in a blocking call
 *    never delays them.
 *  - Worker: shared by the SignetConnection and the thread.  The thread
 *    holds its own reference and tears libstrophe down by itself; the
 *    worker reaches the object only through a GWeakRef, and only on the
 *    caller's context.
 *  - The thread: joined when the object is disposed, so that no thread is
 *    still inside libstrophe or OpenSSL when the process exits.  libstrophe
 *    stays initialized while any worker thread exists.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <strophe.h>

#include "signet-connection.h"

/* How long one xmpp_run_once() may wait for network events before the
 * worker looks at its command queue again. */
#define WORKER_POLL_MS 10

G_DEFINE_QUARK (signet-connection-error-quark, signet_connection_error)

/* --- Operations ---------------------------------------------------------- */

typedef enum
{
  OP_CONNECT,
  OP_IQ,
} OpKind;

typedef struct
{
  gatomicrefcount ref_count;
  OpKind kind;
  GMainContext    *context;
  char            *id;
  char            *xml;

  /* Caller's context only.  @task is NULL once the operation completed. */
  GTask           *task;
  GSource         *timeout_source;
  GSource         *cancel_source;
} Op;

static Op *
op_new (OpKind kind,
        GTask *task)
{
  Op *op = g_new0 (Op, 1);

  g_atomic_ref_count_init (&op->ref_count);
  op->kind = kind;
  op->task = g_object_ref (task);
  op->context = g_main_context_ref (g_task_get_context (task));

  return op;
}

static Op *
op_ref (Op *op)
{
  g_atomic_ref_count_inc (&op->ref_count);
  return op;
}

static void
op_unref (Op *op)
{
  if (!g_atomic_ref_count_dec (&op->ref_count))
    return;

  /* A pending operation is always referenced by its connection, and the
   * connection cannot finalize while a GTask holds it. */
  g_assert (op->task == NULL);
  g_assert (op->timeout_source == NULL && op->cancel_source == NULL);

  /* The stanza may hold a password or a verification code. */
  if (op->xml != NULL)
    explicit_bzero (op->xml, strlen (op->xml));
  g_free (op->xml);
  g_free (op->id);
  g_main_context_unref (op->context);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_unref)

/* --- Settings handed to the worker --------------------------------------- */

typedef struct
{
  char     *domain;
  char     *host;
  guint16 port;
  gboolean direct_tls;
  char     *trusted_sha256;
  char     *client_certificate;
  char     *client_key;
  char     *login_jid;
  char     *login_password;
  guint keepalive;
} Config;

static void
config_free (Config *config)
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Config, config_free)

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
  Op          *op;
  Config      *config;
} Command;

static Command *
command_new (CommandKind kind,
             Op         *op,
             Config     *config)
{
  Command *cmd = g_new0 (Command, 1);

  cmd->kind = kind;
  cmd->op = op != NULL ? op_ref (op) : NULL;
  cmd->config = config;

  return cmd;
}

static void
command_free (Command *cmd)
{
  g_clear_pointer (&cmd->op, op_unref);
  g_clear_pointer (&cmd->config, config_free);
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

typedef struct
{
  gatomicrefcount ref_count;
  GAsyncQueue           *commands;
  GWeakRef self;
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
  Config                *config;
  Phase phase;
  Op                    *connect_op;
  GHashTable            *iqs;
  gboolean tearing_down;
  gboolean tls_due;
  gboolean login_done;
  gboolean tcp_connected;
  /* When something was last written, for the whitespace keepalive. */
  gint64 last_send_time;

  /* Things libstrophe reports only through its log. */
  gboolean parse_error;
  gboolean tls_failed;
  gboolean tls_missing;
  gboolean auth_failed;
  char                  *sasl_mechanism;

  /* The first fatal error a handler saw; acted on after xmpp_run_once(). */
  GError                *failure;

  /* Certificate verification during the current handshake. */
  gboolean defer_certificate_verdict;
  SignetCertificateInfo *rejected_certificate;
  GString               *certificate_problems;
  SignetCertificateInfo *peer_certificate;
} Worker;

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
  if (strophe_users++ == 0)
    xmpp_initialize ();
  g_mutex_unlock (&strophe_mutex);
}

static void
strophe_release (void)
{
  g_mutex_lock (&strophe_mutex);
  g_assert (strophe_users > 0);
  if (--strophe_users == 0)
    xmpp_shutdown ();
  g_mutex_unlock (&strophe_mutex);
}

/* libstrophe's certfail and sockopt callbacks carry no user data; each
 * worker thread drives exactly one connection, so the thread knows it. */
static GPrivate current_worker = G_PRIVATE_INIT (NULL);

static Worker *
worker_new (SignetConnection *self)
{
  Worker *w = g_new0 (Worker, 1);

  g_atomic_ref_count_init (&w->ref_count);
  w->commands = g_async_queue_new_full ((GDestroyNotify) command_free);
  g_weak_ref_init (&w->self, self);
  g_mutex_init (&w->socket_mutex);
  w->socket_fd = -1;
  w->iqs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) op_unref);

  return w;
}

static Worker *
worker_ref (Worker *w)
{
  g_atomic_ref_count_inc (&w->ref_count);
  return w;
}

static void
worker_unref (Worker *w)
{
  if (!g_atomic_ref_count_dec (&w->ref_count))
    return;

  /* The thread tore libstrophe down before dropping its reference. */
  g_assert (w->conn == NULL && w->ctx == NULL);

  g_async_queue_unref (w->commands);
  g_weak_ref_clear (&w->self);
  g_mutex_clear (&w->socket_mutex);
  if (w->socket_fd >= 0)
    close (w->socket_fd);
  g_hash_table_unref (w->iqs);
  g_clear_pointer (&w->connect_op, op_unref);
  g_clear_pointer (&w->config, config_free);
  g_clear_error (&w->failure);
  g_clear_pointer (&w->rejected_certificate, signet_certificate_info_free);
  g_clear_pointer (&w->peer_certificate, signet_certificate_info_free);
  if (w->certificate_problems != NULL)
    g_string_free (w->certificate_problems, TRUE);
  g_free (w->sasl_mechanism);
  g_free (w);
}

static void
worker_push (Worker     *w,
             CommandKind kind,
             Op         *op,
             Config     *config)
{
  g_async_queue_push (w->commands, command_new (kind, op, config));
}

/* Makes a blocking read or TLS handshake on the socket return at once.
 * Called from the caller's thread. */
static void
worker_interrupt (Worker *w)
{
  g_mutex_lock (&w->socket_mutex);
  if (w->socket_fd >= 0)
    shutdown (w->socket_fd, SHUT_RDWR);
  g_mutex_unlock (&w->socket_mutex);
}

static void
worker_stop (Worker *w)
{
  g_atomic_int_set (&w->stop, TRUE);
  worker_push (w, CMD_STOP, NULL, NULL);
  worker_interrupt (w);
}

/* --- Events from the worker to the caller -------------------------------- */

typedef enum
{
  EVENT_CONNECTED,
  EVENT_IQ_REPLY,
  EVENT_FAILED,
  /* A connection that was up ended; @op is the connect operation. */
  EVENT_CLOSED,
} EventKind;

typedef struct
{
  EventKind kind;
  Worker                *worker;
  Op                    *op;
  SignetXmlNode         *node;
  SignetCertificateInfo *certificate;
  char                  *bound_jid;
  char                  *sasl_mechanism;
  GError                *error;
} Event;

static void
event_free (Event *event)
{
  worker_unref (event->worker);
  op_unref (event->op);
  g_clear_pointer (&event->node, signet_xml_node_unref);
  g_clear_pointer (&event->certificate, signet_certificate_info_free);
  g_free (event->bound_jid);
  g_free (event->sasl_mechanism);
  g_clear_error (&event->error);
  g_free (event);
}

static gboolean event_dispatch (gpointer data);

static Event *
event_new (Worker   *w,
           EventKind kind,
           Op       *op)
{
  Event *event = g_new0 (Event, 1);

  event->kind = kind;
  event->worker = worker_ref (w);
  event->op = op_ref (op);

  return event;
}

/* Hands a complete @event to the caller's context.  g_main_context_invoke()
 * would run the callback right here on the worker if nobody owned that
 * context at this moment, so always go through a source. */
static void
worker_post (Worker *w,
             Event  *event)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, event_dispatch, event, (GDestroyNotify) event_free);
  g_source_set_name (source, "[signet] connection event");
  g_source_attach (source, event->op->context);
}

static void
worker_post_failure (Worker       *w,
                     Op           *op,
                     const GError *error)
{
  Event *event = event_new (w, EVENT_FAILED, op);

  event->error = g_error_copy (error);
  if (op->kind == OP_CONNECT)
    {
      if (w->rejected_certificate != NULL)
        event->certificate = signet_certificate_info_copy (w->rejected_certificate);
      else if (w->peer_certificate != NULL)
        event->certificate = signet_certificate_info_copy (w->peer_certificate);
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

static GError *
untrusted_error (const char                  *domain,
                 const SignetCertificateInfo *info)
{
  const char *problem = signet_certificate_info_get_problem (info);
  const char *sha256 = signet_certificate_info_get_sha256 (info);

  return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED,
                      /* Translators: the first %s is a server name, the second why
                       * its certificate failed verification (in English, from
                       * OpenSSL), the third a SHA-256 fingerprint in hex. */
                      _("The certificate of %s could not be verified (%s). Its SHA-256 fingerprint is %s."),
                      domain,
                      problem != NULL ? problem : _("unknown problem"),
                      sha256 != NULL ? sha256 : _("unknown"));
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

/* --- Worker: helpers ----------------------------------------------------- */

static const char *
config_address (const Config *config)
{
  return config->host != NULL ? config->host : config->domain;
}

static void
worker_set_failure (Worker *w,
                    GError *error)
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

static SignetCertificateInfo *
certificate_info_from_strophe (const xmpp_tlscert_t *cert,
                               const char           *problem)
{
  return signet_certificate_info_new (xmpp_tlscert_get_string (cert, XMPP_CERT_SUBJECT),
                                      xmpp_tlscert_get_string (cert, XMPP_CERT_ISSUER),
                                      xmpp_tlscert_get_string (cert, XMPP_CERT_NOTBEFORE),
                                      xmpp_tlscert_get_string (cert, XMPP_CERT_NOTAFTER),
                                      xmpp_tlscert_get_string (cert, XMPP_CERT_FINGERPRINT_SHA256),
                                      problem);
}

static void
worker_record_peer_certificate (Worker *w)
{
  xmpp_tlscert_t *cert = xmpp_conn_get_peer_cert (w->conn);
  const char *problems = NULL;

  if (cert == NULL)
    return;

  if (w->certificate_problems != NULL && w->certificate_problems->len > 0)
    problems = w->certificate_problems->str;

  g_clear_pointer (&w->peer_certificate, signet_certificate_info_free);
  w->peer_certificate = certificate_info_from_strophe (cert, problems);
  xmpp_tlscert_free (cert);
}

/* --- Worker: libstrophe callbacks ---------------------------------------- */

/* Never prints anything: libstrophe's debug lines carry whole stanzas, and
 * with them phone numbers, codes and passwords.  It only watches for the
 * few events libstrophe reports nowhere else. */
static void
on_strophe_log (void            *userdata,
                xmpp_log_level_t level,
                const char      *area,
                const char      *msg)
{
  Worker *w = userdata;

  if (g_str_equal (msg, "connection successful"))
    w->tcp_connected = TRUE;
  else if (g_str_has_prefix (msg, "parse error") ||
           g_str_has_prefix (msg, "Server did not open valid stream"))
    w->parse_error = TRUE;
  else if (g_str_has_prefix (msg, "Couldn't start TLS"))
    w->tls_failed = TRUE;
  else if (g_str_has_prefix (msg, "TLS is not supported, but set as mandatory"))
    w->tls_missing = TRUE;
  else if (g_str_has_prefix (msg, "SASL ") && g_str_has_suffix (msg, " auth failed"))
    w->auth_failed = TRUE;
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
    w->auth_failed = TRUE;
}

static int
on_sockopt (xmpp_conn_t *conn,
            void        *sock)
{
  Worker *w = g_private_get (&current_worker);
  int fd = fcntl (*(int *) sock, F_DUPFD_CLOEXEC, 0);

  g_mutex_lock (&w->socket_mutex);
  if (w->socket_fd >= 0)
    close (w->socket_fd);
  w->socket_fd = fd;
  g_mutex_unlock (&w->socket_mutex);

  return 0;
}

/* Called by OpenSSL's verification for every problem with every certificate
 * in the chain.  A certificate whose SHA-256 the person trusted is fine.
 *
 * Otherwise, in sign-up mode without a client certificate, we let the
 * handshake finish and judge the server's own (leaf) certificate afterwards:
 * the problem may be reported for an intermediate, while the person trusts
 * and is shown the leaf.  Nothing is sent before that judgement.  When a
 * client certificate is set, or libstrophe logs in by itself right after
 * the handshake, we must refuse here, before anything is revealed. */
static int
on_certfail (const xmpp_tlscert_t *cert,
             const char           *errormsg)
{
  Worker *w = g_private_get (&current_worker);
  g_autofree char *sha256 = NULL;

  sha256 = signet_certificate_normalize_sha256 (xmpp_tlscert_get_string (cert, XMPP_CERT_FINGERPRINT_SHA256));

  if (errormsg != NULL && strstr (w->certificate_problems->str, errormsg) == NULL)
    {
      if (w->certificate_problems->len > 0)
        g_string_append (w->certificate_problems, ", ");
      g_string_append (w->certificate_problems, errormsg);
    }

  if (sha256 != NULL && g_strcmp0 (sha256, w->config->trusted_sha256) == 0)
    return 1;

  if (w->rejected_certificate == NULL)
    w->rejected_certificate = certificate_info_from_strophe (cert, errormsg);

  return w->defer_certificate_verdict ? 1 : 0;
}

static void
worker_handle_features (Worker        *w,
                        xmpp_stanza_t *stanza)
{
  g_autoptr(GError) error = NULL;
  SignetXmlNode *features;
  Event *event;

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
  event = event_new (w, EVENT_CONNECTED, w->connect_op);
  event->node = features;
  if (w->peer_certificate != NULL)
    event->certificate = signet_certificate_info_copy (w->peer_certificate);
  worker_post (w, event);
}

static void
worker_handle_iq (Worker        *w,
                  xmpp_stanza_t *stanza)
{
  g_autoptr(GError) error = NULL;
  const char *type = xmpp_stanza_get_type (stanza);
  const char *id = xmpp_stanza_get_id (stanza);
  gpointer key, value;
  g_autoptr(Op) op = NULL;
  SignetXmlNode *reply;
  Event *event;

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

  event = event_new (w, EVENT_IQ_REPLY, op);
  event->node = reply;
  worker_post (w, event);
}

static int
on_stanza (xmpp_conn_t   *conn,
           xmpp_stanza_t *stanza,
           void          *userdata)
{
  Worker *w = userdata;
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
worker_disconnect_error (Worker                    *w,
                         int                        error,
                         const xmpp_stream_error_t *stream_error)
{
  const Config *config = w->config;

  if (w->parse_error)
    return malformed_error ();

  if (stream_error != NULL)
    return stream_error_from_strophe (config->domain, stream_error);

  if (w->rejected_certificate != NULL)
    return untrusted_error (config->domain, w->rejected_certificate);

  if (w->tls_missing)
    return g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE,
                                _("The server does not offer an encrypted connection (STARTTLS); Signet never logs in without encryption."));

  if (w->tls_failed)
    return g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TLS_FAILED,
                        _("The encrypted connection to %s could not be set up."), config->domain);

  if (w->auth_failed)
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
  Worker *w = userdata;

  if (w->tearing_down)
    return;

  switch (status)
    {
    case XMPP_CONN_RAW_CONNECT:
      w->tcp_connected = TRUE;
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

/* --- Worker: connection life cycle --------------------------------------- */

static void
worker_reset_certificate_state (Worker *w)
{
  g_clear_pointer (&w->rejected_certificate, signet_certificate_info_free);
  g_clear_pointer (&w->peer_certificate, signet_certificate_info_free);
  if (w->certificate_problems != NULL)
    g_string_truncate (w->certificate_problems, 0);
  else
    w->certificate_problems = g_string_new (NULL);
}

/* Releases libstrophe without telling anybody. */
static void
worker_teardown (Worker *w)
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
  if (w->socket_fd >= 0)
    close (w->socket_fd);
  w->socket_fd = -1;
  g_mutex_unlock (&w->socket_mutex);

  g_hash_table_remove_all (w->iqs);
  g_clear_pointer (&w->connect_op, op_unref);
  g_clear_error (&w->failure);
  w->phase = PHASE_IDLE;
  w->tls_due = FALSE;
  w->login_done = FALSE;
  w->tcp_connected = FALSE;
  w->parse_error = FALSE;
  w->tls_failed = FALSE;
  w->tls_missing = FALSE;
  w->auth_failed = FALSE;
  g_clear_pointer (&w->sasl_mechanism, g_free);
}

/* Tells every pending operation about @error, then tears down. */
static void
worker_fail_connection (Worker       *w,
                        const GError *error)
{
  GHashTableIter iter;
  gpointer value;

  if (w->connect_op != NULL)
    {
      if (w->phase == PHASE_READY || w->phase == PHASE_CLOSING)
        {
          Event *event = event_new (w, EVENT_CLOSED, w->connect_op);

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
worker_start_tls (Worker *w)
{
  g_autoptr(GError) error = NULL;

  worker_reset_certificate_state (w);

  if (xmpp_conn_tls_start (w->conn) != XMPP_EOK)
    {
      if (w->rejected_certificate != NULL)
        error = untrusted_error (w->config->domain, w->rejected_certificate);
      else
        error = g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TLS_FAILED,
                             _("The encrypted connection to %s could not be set up."),
                             w->config->domain);
      worker_set_failure (w, g_steal_pointer (&error));
      return;
    }

  worker_record_peer_certificate (w);

  if (w->rejected_certificate != NULL)
    {
      const char *sha256 = NULL;

      if (w->peer_certificate != NULL)
        sha256 = signet_certificate_info_get_sha256 (w->peer_certificate);

      if (sha256 == NULL || g_strcmp0 (sha256, w->config->trusted_sha256) != 0)
        {
          /* Show the certificate the person would trust: the server's. */
          if (w->peer_certificate != NULL)
            {
              g_clear_pointer (&w->rejected_certificate, signet_certificate_info_free);
              w->rejected_certificate = signet_certificate_info_copy (w->peer_certificate);
            }
          worker_set_failure (w, untrusted_error (w->config->domain, w->rejected_certificate));
          return;
        }

      g_clear_pointer (&w->rejected_certificate, signet_certificate_info_free);
    }

  w->phase = PHASE_STREAM;
  xmpp_conn_open_stream_default (w->conn);
}

static void
worker_start_connect (Worker *w)
{
  const Config *config = w->config;
  long flags = XMPP_CONN_FLAG_DISABLE_SM;
  int rc;

  w->log.handler = on_strophe_log;
  w->log.userdata = w;
  w->ctx = xmpp_ctx_new (NULL, &w->log);
  w->conn = xmpp_conn_new (w->ctx);
  worker_reset_certificate_state (w);

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
  w->defer_certificate_verdict = config->client_certificate == NULL && config->login_jid == NULL;

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
worker_finish_login (Worker *w)
{
  Event *event;

  w->login_done = FALSE;
  w->phase = PHASE_READY;
  w->last_send_time = g_get_monotonic_time ();
  worker_record_peer_certificate (w);

  event = event_new (w, EVENT_CONNECTED, w->connect_op);
  event->bound_jid = g_strdup (xmpp_conn_get_bound_jid (w->conn));
  event->sasl_mechanism = g_strdup (w->sasl_mechanism);
  if (w->peer_certificate != NULL)
    event->certificate = signet_certificate_info_copy (w->peer_certificate);
  worker_post (w, event);
}

/* Acts on what the handlers noticed during xmpp_run_once(). */
static void
worker_after_run (Worker *w)
{
  if (w->failure == NULL && w->parse_error)
    w->failure = malformed_error ();

  /* libstrophe answers a refused SASL mechanism by trying the next one,
   * down to DIGEST-MD5.  A wrong password stays wrong, so stop at the first
   * refusal: the next <auth/> is only queued, and tearing down now keeps it
   * (and one more failed attempt on the server's books) from going out. */
  if (w->failure == NULL && w->auth_failed && w->phase == PHASE_LOGIN)
    w->failure = g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED,
                              _("The server did not accept the login for %s."), w->config->login_jid);

  if (w->failure == NULL && w->tls_due && !g_atomic_int_get (&w->stop))
    {
      w->tls_due = FALSE;
      worker_start_tls (w);
    }

  if (w->failure == NULL && w->login_done)
    worker_finish_login (w);

  if (w->failure != NULL)
    {
      g_autoptr(GError) failure = g_steal_pointer (&w->failure);

      worker_fail_connection (w, failure);
    }
}

static void
worker_send_iq (Worker *w,
                Op     *op)
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

  g_hash_table_insert (w->iqs, op->id, op_ref (op));
  xmpp_send_raw (w->conn, op->xml, strlen (op->xml));
  w->last_send_time = g_get_monotonic_time ();
}

/* XEP-0077 lets a server drop an unauthenticated stream that stays idle
 * while a person fills in the form; whitespace between stanzas keeps it
 * (and NAT mappings) alive without a stanza the server could refuse. */
static void
worker_keepalive (Worker *w)
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
worker_forget (Worker *w,
               Op     *op)
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
worker_close (Worker *w)
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
worker_handle_command (Worker  *w,
                       Command *cmd)
{
  switch (cmd->kind)
    {
    case CMD_CONNECT:
      worker_teardown (w);
      g_clear_pointer (&w->config, config_free);
      w->config = g_steal_pointer (&cmd->config);
      w->connect_op = op_ref (cmd->op);
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
  Worker *w = data;
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

/* --- SignetConnection ---------------------------------------------------- */

struct _SignetConnection
{
  GObject parent_instance;

  char                  *domain;
  char                  *host;
  guint16 port;
  gboolean direct_tls;
  char                  *trusted_sha256;
  guint timeout;
  char                  *client_certificate;
  char                  *client_key;
  char                  *login_jid;
  char                  *login_password;
  guint keepalive;

  Worker                *worker;
  GThread               *thread;

  /* Operations not completed yet, and the connect operation whose
   * connection is up (NULL when not connected). */
  GPtrArray             *pending;
  Op                    *current_connect;

  SignetXmlNode         *features;
  SignetCertificateInfo *peer_certificate;
  char                  *bound_jid;
  char                  *sasl_mechanism;
  guint64 last_iq_id;
};

G_DEFINE_FINAL_TYPE (SignetConnection, signet_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_HOST,
  PROP_PORT,
  PROP_DIRECT_TLS,
  PROP_TRUSTED_SHA256,
  PROP_TIMEOUT,
  PROP_CONNECTED,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CLOSED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
set_connected (SignetConnection *self,
               Op               *connect_op)
{
  gboolean was_connected = self->current_connect != NULL;

  g_clear_pointer (&self->current_connect, op_unref);
  if (connect_op != NULL)
    self->current_connect = op_ref (connect_op);

  if (was_connected != (connect_op != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

/* Completes @op on the caller's context, once; takes @error. */
static void
op_return (Op            *op,
           SignetXmlNode *reply,
           GError        *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&op->task);
  SignetConnection *self;

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  if (op->timeout_source != NULL)
    {
      g_source_destroy (op->timeout_source);
      g_clear_pointer (&op->timeout_source, g_source_unref);
    }
  if (op->cancel_source != NULL)
    {
      g_source_destroy (op->cancel_source);
      g_clear_pointer (&op->cancel_source, g_source_unref);
    }

  /* The array holds a reference, but so does whoever called us. */
  self = g_task_get_source_object (task);
  g_ptr_array_remove_fast (self->pending, op);

  if (error != NULL)
    g_task_return_error (task, error);
  else if (op->kind == OP_IQ)
    g_task_return_pointer (task, signet_xml_node_ref (reply), (GDestroyNotify) signet_xml_node_unref);
  else
    g_task_return_boolean (task, TRUE);
}

/* The caller gives up on @op (timeout, cancellation, close): complete it
 * now and let the worker catch up whenever it can. */
static void
op_abandon (Op     *op,
            GError *error)
{
  g_autoptr(Op) hold = op_ref (op);
  SignetConnection *self;

  if (op->task == NULL)
    {
      g_error_free (error);
      return;
    }

  self = g_task_get_source_object (op->task);
  if (self->worker != NULL)
    {
      worker_push (self->worker, CMD_FORGET, op, NULL);
      if (op->kind == OP_CONNECT)
        worker_interrupt (self->worker);
    }

  op_return (op, NULL, error);
}

static gboolean
on_op_timeout (gpointer data)
{
  Op *op = data;
  SignetConnection *self = g_task_get_source_object (op->task);
  GError *error;

  if (op->kind == OP_CONNECT)
    error = g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TIMEOUT,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "The server %s did not answer within %u second.",
                                      "The server %s did not answer within %u seconds.",
                                      self->timeout),
                         self->host != NULL ? self->host : self->domain, self->timeout);
  else
    error = g_error_new (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_TIMEOUT,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "The server did not reply within %u second.",
                                      "The server did not reply within %u seconds.",
                                      self->timeout),
                         self->timeout);

  op_abandon (op, error);

  return G_SOURCE_REMOVE;
}

static gboolean
on_op_cancelled (GCancellable *cancellable,
                 gpointer      data)
{
  op_abandon (data, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         _("The operation was cancelled.")));

  return G_SOURCE_REMOVE;
}

/* Timeout and cancellation run on the caller's context, so neither waits
 * for a worker that is stuck in DNS or a TLS handshake. */
static void
op_watch (SignetConnection *self,
          Op               *op,
          GCancellable     *cancellable)
{
  op->timeout_source = g_timeout_source_new ((guint) MIN (self->timeout * 1000ull, G_MAXUINT));
  g_source_set_callback (op->timeout_source, on_op_timeout, op_ref (op), (GDestroyNotify) op_unref);
  g_source_set_name (op->timeout_source, "[signet] connection timeout");
  g_source_attach (op->timeout_source, op->context);

  if (cancellable != NULL)
    {
      op->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (op->cancel_source, G_SOURCE_FUNC (on_op_cancelled),
                             op_ref (op), (GDestroyNotify) op_unref);
      g_source_set_name (op->cancel_source, "[signet] connection cancellable");
      g_source_attach (op->cancel_source, op->context);
    }

  g_ptr_array_add (self->pending, op_ref (op));
}

static void
handle_connected_event (SignetConnection *self,
                        Event            *event)
{
  Op *op = event->op;

  if (op->task == NULL)
    return;

  g_clear_pointer (&self->peer_certificate, signet_certificate_info_free);
  self->peer_certificate = g_steal_pointer (&event->certificate);
  g_clear_pointer (&self->features, signet_xml_node_unref);
  self->features = g_steal_pointer (&event->node);
  g_free (self->bound_jid);
  self->bound_jid = g_steal_pointer (&event->bound_jid);
  g_free (self->sasl_mechanism);
  self->sasl_mechanism = g_steal_pointer (&event->sasl_mechanism);
  set_connected (self, op);

  op_return (op, NULL, NULL);
}

static void
handle_closed_event (SignetConnection *self,
                     Event            *event)
{
  if (self->current_connect != event->op)
    return;

  set_connected (self, NULL);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, event->error);
}

static gboolean
event_dispatch (gpointer data)
{
  Event *event = data;
  g_autoptr(SignetConnection) self = g_weak_ref_get (&event->worker->self);

  switch (event->kind)
    {
    case EVENT_CONNECTED:
      if (self != NULL)
        handle_connected_event (self, event);
      break;

    case EVENT_IQ_REPLY:
      op_return (event->op, event->node, NULL);
      break;

    case EVENT_FAILED:
      if (self != NULL && event->op->kind == OP_CONNECT && event->op->task != NULL &&
          event->certificate != NULL)
        {
          g_clear_pointer (&self->peer_certificate, signet_certificate_info_free);
          self->peer_certificate = g_steal_pointer (&event->certificate);
        }
      op_return (event->op, NULL, g_steal_pointer (&event->error));
      break;

    case EVENT_CLOSED:
      if (self != NULL)
        handle_closed_event (self, event);
      break;

    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

static void
fail_pending (SignetConnection *self,
              const char       *message)
{
  /* op_abandon() removes from the array, so work on a copy. */
  g_autoptr(GPtrArray) pending = g_ptr_array_copy (self->pending, (GCopyFunc) op_ref, NULL);

  g_ptr_array_set_free_func (pending, (GDestroyNotify) op_unref);
  for (guint i = 0; i < pending->len; i++)
    op_abandon (g_ptr_array_index (pending, i),
                g_error_new_literal (SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CLOSED, message));
}

static void
signet_connection_dispose (GObject *object)
{
  SignetConnection *self = (SignetConnection *) object;

  /* Only reachable with g_object_run_dispose(): a pending GTask keeps us
   * alive otherwise. */
  fail_pending (self, _("The connection was closed."));
  set_connected (self, NULL);

  if (self->worker != NULL)
    worker_stop (self->worker);

  /* Wait for the thread: one left running would still be freeing its TLS
   * session (and OpenSSL its per-thread state) while exit() runs OpenSSL's
   * atexit cleanup, which crashes now and then.  The stop command and the
   * interrupted socket end any wait for the network at once, except a DNS
   * lookup in progress, which ends by itself within the resolver's
   * timeout. */
  if (self->thread != NULL && self->thread == g_thread_self ())
    {
      /* The thread never holds the object, but should the last reference
       * ever be dropped from there, joining would wait for ourselves. */
      g_atomic_int_set (&self->worker->detached, TRUE);
      g_clear_pointer (&self->thread, g_thread_unref);
    }
  else if (self->thread != NULL)
    {
      g_thread_join (g_steal_pointer (&self->thread));
      strophe_release ();
    }

  g_clear_pointer (&self->worker, worker_unref);

  g_clear_pointer (&self->features, signet_xml_node_unref);

  G_OBJECT_CLASS (signet_connection_parent_class)->dispose (object);
}

static void
signet_connection_finalize (GObject *object)
{
  SignetConnection *self = (SignetConnection *) object;

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->peer_certificate, signet_certificate_info_free);
  g_clear_pointer (&self->domain, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->trusted_sha256, g_free);
  g_clear_pointer (&self->client_certificate, g_free);
  g_clear_pointer (&self->client_key, g_free);
  g_clear_pointer (&self->login_jid, g_free);
  if (self->login_password != NULL)
    explicit_bzero (self->login_password, strlen (self->login_password));
  g_clear_pointer (&self->login_password, g_free);
  g_clear_pointer (&self->bound_jid, g_free);
  g_clear_pointer (&self->sasl_mechanism, g_free);

  G_OBJECT_CLASS (signet_connection_parent_class)->finalize (object);
}

static void
signet_connection_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SignetConnection *self = SIGNET_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;

    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_DIRECT_TLS:
      g_value_set_boolean (value, self->direct_tls);
      break;

    case PROP_TRUSTED_SHA256:
      g_value_set_string (value, self->trusted_sha256);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_CONNECTED:
      g_value_set_boolean (value, signet_connection_is_connected (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_connection_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SignetConnection *self = SIGNET_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_free (self->domain);
      self->domain = g_value_dup_string (value);
      break;

    case PROP_HOST:
      signet_connection_set_host (self, g_value_get_string (value), self->port);
      break;

    case PROP_PORT:
      signet_connection_set_host (self, self->host, (guint16) g_value_get_uint (value));
      break;

    case PROP_DIRECT_TLS:
      signet_connection_set_direct_tls (self, g_value_get_boolean (value));
      break;

    case PROP_TRUSTED_SHA256:
      signet_connection_set_trusted_sha256 (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      signet_connection_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_connection_class_init (SignetConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_connection_dispose;
  object_class->finalize = signet_connection_finalize;
  object_class->get_property = signet_connection_get_property;
  object_class->set_property = signet_connection_set_property;

  properties[PROP_DOMAIN] =
    g_param_spec_string ("domain", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DIRECT_TLS] =
    g_param_spec_boolean ("direct-tls", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TRUSTED_SHA256] =
    g_param_spec_string ("trusted-sha256", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, G_MAXUINT, SIGNET_CONNECTION_DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SignetConnection::closed:
   * @self: a #SignetConnection
   * @error: why the connection ended
   *
   * Emitted when a connection that was up ends without
   * signet_connection_close() being called: the server closed the stream,
   * sent a stream error, sent garbled XML, or the network dropped.
   */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE,
                  1,
                  G_TYPE_ERROR);
}

static void
signet_connection_init (SignetConnection *self)
{
  self->timeout = SIGNET_CONNECTION_DEFAULT_TIMEOUT_SECONDS;
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) op_unref);
}

/**
 * signet_connection_new:
 * @domain: the XMPP domain to sign up on or log in to
 *
 * Returns: (transfer full): a new, unconnected #SignetConnection
 */
SignetConnection *
signet_connection_new (const char *domain)
{
  g_return_val_if_fail (domain != NULL && *domain != '\0', NULL);

  return g_object_new (SIGNET_TYPE_CONNECTION, "domain", domain, NULL);
}

SignetConnection *
signet_connection_new_like (SignetConnection *other)
{
  SignetConnection *self;

  g_return_val_if_fail (SIGNET_IS_CONNECTION (other), NULL);

  self = signet_connection_new (other->domain);
  if (other->host != NULL)
    signet_connection_set_host (self, other->host, other->port);
  signet_connection_set_direct_tls (self, other->direct_tls);
  signet_connection_set_trusted_sha256 (self, other->trusted_sha256);
  signet_connection_set_timeout (self, other->timeout);
  self->keepalive = other->keepalive;

  return self;
}

const char *
signet_connection_get_domain (SignetConnection *self)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), NULL);

  return self->domain;
}

/**
 * signet_connection_set_host:
 * @host: (nullable): a host name or IP address, or %NULL to resolve the
 *   domain's SRV records
 * @port: the port, or 0 for 5222 (5223 with direct TLS)
 *
 * Takes effect at the next signet_connection_connect_async().
 */
void
signet_connection_set_host (SignetConnection *self,
                            const char       *host,
                            guint16           port)
{
  g_return_if_fail (SIGNET_IS_CONNECTION (self));

  if (host != NULL && *host == '\0')
    host = NULL;

  if (g_strcmp0 (self->host, host) != 0)
    {
      g_free (self->host);
      self->host = g_strdup (host);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
    }

  if (self->port != port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }
}

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &value, NULL))
    return FALSE;

  *port = (guint16) value;
  return TRUE;
}

/**
 * signet_connection_set_host_and_port:
 * @host_and_port: (nullable): "host", "host:port", "[v6]", "[v6]:port" or
 *   a bare IPv6 address; %NULL or "" clears the override
 *
 * Returns: %TRUE if @host_and_port could be parsed; the settings are
 *   unchanged otherwise
 */
gboolean
signet_connection_set_host_and_port (SignetConnection *self,
                                     const char       *host_and_port,
                                     GError          **error)
{
  g_autofree char *text = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;
  const char *colon;

  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = g_strstrip (g_strdup (host_and_port != NULL ? host_and_port : ""));
  if (*text == '\0')
    {
      signet_connection_set_host (self, NULL, 0);
      return TRUE;
    }

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end == text + 1 ||
          (end[1] != '\0' && (end[1] != ':' || !parse_port (end + 2, &port))))
        goto invalid;

      host = g_strndup (text + 1, end - text - 1);
    }
  else if ((colon = strchr (text, ':')) != NULL && strchr (colon + 1, ':') == NULL)
    {
      if (colon == text || !parse_port (colon + 1, &port))
        goto invalid;

      host = g_strndup (text, colon - text);
    }
  else
    {
      /* No colon, or several: a host name or a bare IPv6 address. */
      host = g_steal_pointer (&text);
    }

  if (strpbrk (host, " \t/[]") != NULL)
    goto invalid;

  signet_connection_set_host (self, host, port);
  return TRUE;

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is what the person typed. */
               _("“%s” is not a server address. Use a host name, host:port, or [IPv6 address]:port."),
               host_and_port);
  return FALSE;
}

const char *
signet_connection_get_host (SignetConnection *self)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), NULL);

  return self->host;
}

guint16
signet_connection_get_port (SignetConnection *self)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), 0);

  return self->port;
}

void
signet_connection_set_direct_tls (SignetConnection *self,
                                  gboolean          direct_tls)
{
  g_return_if_fail (SIGNET_IS_CONNECTION (self));

  direct_tls = !!direct_tls;
  if (self->direct_tls == direct_tls)
    return;

  self->direct_tls = direct_tls;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECT_TLS]);
}

gboolean
signet_connection_get_direct_tls (SignetConnection *self)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), FALSE);

  return self->direct_tls;
}

/**
 * signet_connection_set_trusted_sha256:
 * @sha256: (nullable): a SHA-256 fingerprint in any form
 *   signet_certificate_normalize_sha256() accepts, or %NULL
 *
 * A fingerprint that cannot be normalised trusts nothing.
 */
void
signet_connection_set_trusted_sha256 (SignetConnection *self,
                                      const char       *sha256)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (SIGNET_IS_CONNECTION (self));

  normalized = signet_certificate_normalize_sha256 (sha256);
  if (sha256 != NULL && normalized == NULL)
    g_warning ("Ignoring a trusted certificate fingerprint that is not a SHA-256 fingerprint");

  if (g_strcmp0 (self->trusted_sha256, normalized) == 0)
    return;

  g_free (self->trusted_sha256);
  self->trusted_sha256 = g_steal_pointer (&normalized);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED_SHA256]);
}

const char *
signet_connection_get_trusted_sha256 (SignetConnection *self)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), NULL);

  return self->trusted_sha256;
}

/**
 * signet_connection_set_timeout:
 * @seconds: how long connecting, and each request, may take; 0 restores
 *   %SIGNET_CONNECTION_DEFAULT_TIMEOUT_SECONDS
 */
void
signet_connection_set_timeout (SignetConnection *self,
                               guint             seconds)
{
  g_return_if_fail (SIGNET_IS_CONNECTION (self));

  if (seconds == 0)
    seconds = SIGNET_CONNECTION_DEFAULT_TIMEOUT_SECONDS;

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
signet_connection_get_timeout (SignetConnection *self)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), 0);

  return self->timeout;
}

void
signet_connection_set_client_certificate (SignetConnection *self,
                                          const char       *certificate_path,
                                          const char       *key_path)
{
  g_return_if_fail (SIGNET_IS_CONNECTION (self));

  g_free (self->client_certificate);
  self->client_certificate = g_strdup (certificate_path);
  g_free (self->client_key);
  self->client_key = g_strdup (key_path);
}

/**
 * signet_connection_set_login:
 * @jid: (nullable): the account to log in to, or %NULL for an
 *   unauthenticated stream (sign-up)
 * @password: (nullable): the password, or %NULL for SASL EXTERNAL with the
 *   client certificate
 */
void
signet_connection_set_login (SignetConnection *self,
                             const char       *jid,
                             const char       *password)
{
  g_return_if_fail (SIGNET_IS_CONNECTION (self));

  g_free (self->login_jid);
  self->login_jid = g_strdup (jid);
  if (self->login_password != NULL)
    explicit_bzero (self->login_password, strlen (self->login_password));
  g_free (self->login_password);
  self->login_password = jid != NULL ? g_strdup (password) : NULL;
}

static Config *
snapshot_config (SignetConnection *self)
{
  Config *config = g_new0 (Config, 1);

  config->domain = g_strdup (self->domain);
  config->host = g_strdup (self->host);
  config->port = self->port;
  config->direct_tls = self->direct_tls;
  config->trusted_sha256 = g_strdup (self->trusted_sha256);
  config->client_certificate = g_strdup (self->client_certificate);
  config->client_key = g_strdup (self->client_key);
  config->login_jid = g_strdup (self->login_jid);
  config->login_password = g_strdup (self->login_password);
  config->keepalive = self->keepalive;

  return config;
}

static void
ensure_worker (SignetConnection *self)
{
  if (self->worker != NULL)
    return;

  strophe_acquire ();
  self->worker = worker_new (self);
  self->thread = g_thread_new ("signet-xmpp", worker_thread_func, worker_ref (self->worker));
}

static gboolean
has_pending_connect (SignetConnection *self)
{
  for (guint i = 0; i < self->pending->len; i++)
    {
      Op *op = g_ptr_array_index (self->pending, i);

      if (op->kind == OP_CONNECT)
        return TRUE;
    }

  return FALSE;
}

/**
 * signet_connection_connect_async:
 *
 * Connects, secures the stream with TLS (STARTTLS, or direct TLS) and reads
 * the stream features; with signet_connection_set_login() it also logs in.
 * A connection that is up is closed first.  Fails with
 * %SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE rather than continuing without
 * TLS, and with %SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED when the
 * certificate fails verification and is not the trusted one; then
 * signet_connection_get_peer_certificate() describes it.
 */
void
signet_connection_connect_async (SignetConnection   *self,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(Op) op = NULL;

  g_return_if_fail (SIGNET_IS_CONNECTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_connection_connect_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (has_pending_connect (self))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A connection to the server is already being made."));
      return;
    }

  if (self->login_jid != NULL && self->login_password == NULL && self->client_certificate == NULL)
    {
      g_task_return_new_error (task, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED,
                               _("Cannot log in to %s without a password or a client certificate."),
                               self->login_jid);
      return;
    }

  if (self->current_connect != NULL)
    signet_connection_close (self);

  g_clear_pointer (&self->features, signet_xml_node_unref);
  g_clear_pointer (&self->peer_certificate, signet_certificate_info_free);
  g_clear_pointer (&self->bound_jid, g_free);
  g_clear_pointer (&self->sasl_mechanism, g_free);

  op = op_new (OP_CONNECT, task);
  op_watch (self, op, cancellable);

  ensure_worker (self);
  worker_push (self->worker, CMD_CONNECT, op, snapshot_config (self));
}

gboolean
signet_connection_connect_finish (SignetConnection *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
signet_connection_is_connected (SignetConnection *self)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), FALSE);

  return self->current_connect != NULL;
}

/**
 * signet_connection_get_features:
 *
 * Returns: (transfer none) (nullable): the <stream:features/> after TLS, or
 *   %NULL when not connected or after a login (libstrophe consumes those)
 */
SignetXmlNode *
signet_connection_get_features (SignetConnection *self)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), NULL);

  return self->features;
}

/**
 * signet_connection_get_peer_certificate:
 *
 * Returns: (transfer none) (nullable): the server certificate seen by the
 *   last connection attempt, trusted or not
 */
const SignetCertificateInfo *
signet_connection_get_peer_certificate (SignetConnection *self)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), NULL);

  return self->peer_certificate;
}

const char *
signet_connection_get_bound_jid (SignetConnection *self)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), NULL);

  return self->bound_jid;
}

/**
 * signet_connection_get_sasl_mechanism:
 *
 * Returns: (nullable): the SASL mechanism the last login succeeded with
 *   ("SCRAM-SHA-1", "EXTERNAL", …), or %NULL
 */
const char *
signet_connection_get_sasl_mechanism (SignetConnection *self)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), NULL);

  return self->sasl_mechanism;
}

/**
 * signet_connection_set_keepalive:
 * @seconds: send whitespace after this many idle seconds; 0 (the default)
 *   sends nothing
 *
 * Takes effect at the next signet_connection_connect_async().
 */
void
signet_connection_set_keepalive (SignetConnection *self,
                                 guint             seconds)
{
  g_return_if_fail (SIGNET_IS_CONNECTION (self));

  self->keepalive = seconds;
}

/**
 * signet_connection_send_iq_async:
 * @iq: an <iq/> element; an "id" attribute is added when missing
 *
 * Sends @iq and completes with the reply of type result or error carrying
 * the same id.  An error reply is a successful completion: the caller reads
 * the <error/> element.
 */
void
signet_connection_send_iq_async (SignetConnection   *self,
                                 SignetXmlNode      *iq,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(Op) op = NULL;
  const char *id;

  g_return_if_fail (SIGNET_IS_CONNECTION (self));
  g_return_if_fail (iq != NULL && g_str_equal (signet_xml_node_get_name (iq), "iq"));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_connection_send_iq_async);

  if (self->current_connect == NULL)
    {
      g_task_return_new_error (task, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_NOT_CONNECTED,
                               _("Not connected to the server."));
      return;
    }

  id = signet_xml_node_get_attribute (iq, "id");
  if (id == NULL || *id == '\0')
    {
      g_autofree char *new_id = g_strdup_printf ("signet-%" G_GUINT64_FORMAT, ++self->last_iq_id);

      signet_xml_node_set_attribute (iq, "id", new_id);
    }

  op = op_new (OP_IQ, task);
  op->id = g_strdup (signet_xml_node_get_attribute (iq, "id"));
  op->xml = signet_xml_node_to_string (iq);
  op_watch (self, op, cancellable);

  worker_push (self->worker, CMD_SEND_IQ, op, NULL);
}

/**
 * signet_connection_send_iq_finish:
 *
 * Returns: (transfer full): the reply
 */
SignetXmlNode *
signet_connection_send_iq_finish (SignetConnection *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * signet_connection_close:
 *
 * Fails every pending operation with %SIGNET_CONNECTION_ERROR_CLOSED and
 * closes the stream in the background.  Does not emit #SignetConnection::closed.
 */
void
signet_connection_close (SignetConnection *self)
{
  g_return_if_fail (SIGNET_IS_CONNECTION (self));

  fail_pending (self, _("The connection was closed."));
  set_connected (self, NULL);

  if (self->worker != NULL)
    worker_push (self->worker, CMD_CLOSE, NULL, NULL);
}
