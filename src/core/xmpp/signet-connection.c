/* signet-connection.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The caller's side of a connection: the GObject, its settings and its
 * _async calls.  The network is handled by a worker thread
 * (signet-connection-worker.c); signet-connection-private.h explains how
 * the two talk and who owns what. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-connection-private.h"
#include "signet-jid.h"
#include "signet-tsan-private.h"

G_DEFINE_QUARK (signet-connection-error-quark, signet_connection_error)

/* --- Operations ---------------------------------------------------------- */

static SignetConnectionOp *
op_new (SignetConnectionOpKind kind,
        GTask *task)
{
  SignetConnectionOp *op = g_new0 (SignetConnectionOp, 1);

  g_atomic_ref_count_init (&op->ref_count);
  op->kind = kind;
  op->task = g_object_ref (task);
  op->context = g_main_context_ref (g_task_get_context (task));

  return op;
}

SignetConnectionOp *
signet_connection_op_ref (SignetConnectionOp *op)
{
  g_atomic_ref_count_inc (&op->ref_count);
  return op;
}

void
signet_connection_op_unref (SignetConnectionOp *op)
{
  /* Either thread may drop the last reference (signet-tsan-private.h). */
  signet_tsan_release (op);
  if (!g_atomic_ref_count_dec (&op->ref_count))
    return;
  signet_tsan_acquire (op);

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
  gpointer client_files;
  GDestroyNotify client_files_free;
  char                  *login_jid;
  char                  *login_password;
  guint keepalive;

  SignetConnectionWorker *worker;

  /* Operations not completed yet, and the connect operation whose
   * connection is up (NULL when not connected). */
  GPtrArray             *pending;
  SignetConnectionOp                    *current_connect;

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
set_connected (SignetConnection   *self,
               SignetConnectionOp *connect_op)
{
  gboolean was_connected = self->current_connect != NULL;

  g_clear_pointer (&self->current_connect, signet_connection_op_unref);
  if (connect_op != NULL)
    self->current_connect = signet_connection_op_ref (connect_op);

  if (was_connected != (connect_op != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

/* Completes @op on the caller's context, once; takes @error. */
static void
op_return (SignetConnectionOp *op,
           SignetXmlNode      *reply,
           GError             *error)
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
  else if (op->kind == SIGNET_CONNECTION_OP_IQ)
    g_task_return_pointer (task, signet_xml_node_ref (reply), (GDestroyNotify) signet_xml_node_unref);
  else
    g_task_return_boolean (task, TRUE);
}

/* The caller gives up on @op (timeout, cancellation, close): complete it
 * now and let the worker catch up whenever it can. */
static void
op_abandon (SignetConnectionOp *op,
            GError             *error)
{
  g_autoptr(SignetConnectionOp) hold = signet_connection_op_ref (op);
  SignetConnection *self;

  if (op->task == NULL)
    {
      g_error_free (error);
      return;
    }

  self = g_task_get_source_object (op->task);
  if (self->worker != NULL)
    signet_connection_worker_forget (self->worker, op);

  op_return (op, NULL, error);
}

static gboolean
on_op_timeout (gpointer data)
{
  SignetConnectionOp *op = data;
  SignetConnection *self = g_task_get_source_object (op->task);
  GError *error;

  if (op->kind == SIGNET_CONNECTION_OP_CONNECT)
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
op_watch (SignetConnection   *self,
          SignetConnectionOp *op,
          GCancellable       *cancellable)
{
  op->timeout_source = g_timeout_source_new ((guint) MIN (self->timeout * 1000ull, G_MAXUINT));
  g_source_set_callback (op->timeout_source, on_op_timeout, signet_connection_op_ref (op), (GDestroyNotify) signet_connection_op_unref);
  g_source_set_name (op->timeout_source, "[signet] connection timeout");
  g_source_attach (op->timeout_source, op->context);

  if (cancellable != NULL)
    {
      op->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (op->cancel_source, G_SOURCE_FUNC (on_op_cancelled),
                             signet_connection_op_ref (op), (GDestroyNotify) signet_connection_op_unref);
      g_source_set_name (op->cancel_source, "[signet] connection cancellable");
      g_source_attach (op->cancel_source, op->context);
    }

  g_ptr_array_add (self->pending, signet_connection_op_ref (op));
}

static void
handle_connected_event (SignetConnection      *self,
                        SignetConnectionEvent *event)
{
  SignetConnectionOp *op = event->op;

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
handle_closed_event (SignetConnection      *self,
                     SignetConnectionEvent *event)
{
  if (self->current_connect != event->op)
    return;

  set_connected (self, NULL);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, event->error);
}

void
signet_connection_handle_event (SignetConnection      *self,
                                SignetConnectionEvent *event)
{
  switch (event->kind)
    {
    case SIGNET_CONNECTION_EVENT_CONNECTED:
      if (self != NULL)
        handle_connected_event (self, event);
      break;

    case SIGNET_CONNECTION_EVENT_IQ_REPLY:
      op_return (event->op, event->node, NULL);
      break;

    case SIGNET_CONNECTION_EVENT_FAILED:
      if (self != NULL && event->op->kind == SIGNET_CONNECTION_OP_CONNECT && event->op->task != NULL &&
          event->certificate != NULL)
        {
          g_clear_pointer (&self->peer_certificate, signet_certificate_info_free);
          self->peer_certificate = g_steal_pointer (&event->certificate);
        }
      op_return (event->op, NULL, g_steal_pointer (&event->error));
      break;

    case SIGNET_CONNECTION_EVENT_CLOSED:
      if (self != NULL)
        handle_closed_event (self, event);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
fail_pending (SignetConnection *self,
              const char       *message)
{
  /* op_abandon() removes from the array, so work on a copy. */
  g_autoptr(GPtrArray) pending = g_ptr_array_copy (self->pending, (GCopyFunc) signet_connection_op_ref, NULL);

  g_ptr_array_set_free_func (pending, (GDestroyNotify) signet_connection_op_unref);
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

  /* Waits for the thread, so that none outlives the object. */
  if (self->worker != NULL)
    signet_connection_worker_stop (g_steal_pointer (&self->worker));

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
  /* Only now: dispose waited for the worker thread, the last reader. */
  if (self->client_files_free != NULL)
    g_clear_pointer (&self->client_files, self->client_files_free);
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
install_properties (GObjectClass *object_class)
{
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
}

static void
signet_connection_class_init (SignetConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_connection_dispose;
  object_class->finalize = signet_connection_finalize;
  object_class->get_property = signet_connection_get_property;
  object_class->set_property = signet_connection_set_property;

  install_properties (object_class);

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
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_connection_op_unref);
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

/**
 * signet_connection_new_for_domain:
 * @domain: (nullable): a domain as a person or a file gave it
 *
 * Like signet_connection_new(), for a domain nobody has checked yet.
 *
 * Returns: (transfer full) (nullable): a new, unconnected #SignetConnection,
 *   or %NULL with @error set when @domain is not a domain name
 */
SignetConnection *
signet_connection_new_for_domain (const char *domain,
                                  GError    **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (domain == NULL || !signet_jid_domain_is_valid (domain))
    {
      g_set_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_INVALID_DOMAIN,
                   _("The server name is empty or not a domain name (it may not contain spaces, "
                     "“@” or “/”)."));
      return NULL;
    }

  return signet_connection_new (domain);
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

  normalized = signet_certificate_normalize_trusted_sha256 (sha256);
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
                                          const char       *key_path,
                                          gpointer          files,
                                          GDestroyNotify    files_free)
{
  g_return_if_fail (SIGNET_IS_CONNECTION (self));
  g_return_if_fail (self->client_files == NULL);
  g_return_if_fail (files == NULL || files_free != NULL);

  self->client_files = files;
  self->client_files_free = files_free;

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

static SignetConnectionConfig *
snapshot_config (SignetConnection *self)
{
  SignetConnectionConfig *config = g_new0 (SignetConnectionConfig, 1);

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

  self->worker = signet_connection_worker_new (self);
}

static gboolean
has_pending_connect (SignetConnection *self)
{
  for (guint i = 0; i < self->pending->len; i++)
    {
      SignetConnectionOp *op = g_ptr_array_index (self->pending, i);

      if (op->kind == SIGNET_CONNECTION_OP_CONNECT)
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
  g_autoptr(SignetConnectionOp) op = NULL;

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

  op = op_new (SIGNET_CONNECTION_OP_CONNECT, task);
  op_watch (self, op, cancellable);

  ensure_worker (self);
  signet_connection_worker_connect (self->worker, op, snapshot_config (self));
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
 * signet_connection_new_iq:
 * @type: "get" or "set"
 *
 * Returns: (transfer full): an <iq/> addressed to the connection's domain,
 *   for signet_connection_send_iq_async()
 */
SignetXmlNode *
signet_connection_new_iq (SignetConnection *self,
                          const char       *type)
{
  SignetXmlNode *iq;

  g_return_val_if_fail (SIGNET_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  iq = signet_xml_node_new ("iq", SIGNET_NS_CLIENT);
  signet_xml_node_set_attribute (iq, "type", type);
  signet_xml_node_set_attribute (iq, "to", self->domain);

  return iq;
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
  g_autoptr(SignetConnectionOp) op = NULL;
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

  op = op_new (SIGNET_CONNECTION_OP_IQ, task);
  op->id = g_strdup (signet_xml_node_get_attribute (iq, "id"));
  op->xml = signet_xml_node_to_string (iq);
  op_watch (self, op, cancellable);

  signet_connection_worker_send_iq (self->worker, op);
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
    signet_connection_worker_close (self->worker);
}
