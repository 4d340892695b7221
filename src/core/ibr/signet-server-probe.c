/* signet-server-probe.c: what kind of sign-up a server offers.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one place that decides between Kontalk, a generic XEP-0077 form, the
 * web and nothing.  The stream it opens is left open on purpose: a CAPTCHA
 * or a Kontalk request belongs to the stream its form came on, so the
 * sign-up goes on with the probe's connection. */

#include "config.h"

#include "signet-cadmium-client.h"
#include "signet-server-probe.h"

#define NS_INVITE     "urn:xmpp:invite"
#define NS_IBR_TOKEN  "urn:xmpp:ibr-token:0"

/* Whitespace keepalive while a person fills in the form. */
#define KEEPALIVE_SECONDS 45

struct _SignetServerProbe
{
  GObject parent_instance;

  SignetConnection    *connection;
  SignetServerKind kind;
  gboolean feature_advertised;
  gboolean invites_advertised;
  SignetRegisterReply *reply;
  GError              *error;
  /* The Cadmium server found when the domain spoke no XMPP. */
  SignetCadmiumClient *cadmium;
  guint cadmium_timeout;
  gboolean discover_cadmium;
  gboolean cadmium_refused_certificate;
};

G_DEFINE_FINAL_TYPE (SignetServerProbe, signet_server_probe, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
features_have (SignetXmlNode *features,
               const char    *name,
               const char    *xmlns)
{
  return features != NULL && signet_xml_node_get_child (features, name, xmlns) != NULL;
}

static void
read_features (SignetServerProbe *self)
{
  SignetXmlNode *features = signet_connection_get_features (self->connection);

  self->feature_advertised = features_have (features, "register", SIGNET_NS_REGISTER_FEATURE);
  self->invites_advertised = features_have (features, "register", NS_INVITE) ||
                             features_have (features, NULL, NS_INVITE) ||
                             features_have (features, NULL, NS_IBR_TOKEN);
}

static SignetServerKind
classify (SignetRegisterReply *reply)
{
  SignetDataForm *form = signet_register_reply_get_form (reply);

  if (signet_register_reply_get_error (reply) != NULL || signet_register_reply_get_query (reply) == NULL)
    return SIGNET_SERVER_KIND_NONE;

  /* A legacy <phone/> is a plain XEP-0077 field; Kontalk sends a data form. */
  if (form != NULL && !signet_register_reply_get_legacy (reply) &&
      signet_data_form_get_field (form, "phone") != NULL)
    return SIGNET_SERVER_KIND_KONTALK;

  if (form != NULL)
    return SIGNET_SERVER_KIND_XEP0077;

  if (signet_register_reply_get_web_url (reply) != NULL ||
      signet_register_reply_get_insecure_web_url (reply) != NULL)
    return SIGNET_SERVER_KIND_WEB;

  return SIGNET_SERVER_KIND_NONE;
}

/* Fails the run, remembering why for the step that goes on from it. */
static void
fail (GTask  *task,
      GError *error)
{
  SignetServerProbe *self = g_task_get_source_object (task);

  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  g_task_return_error (task, error);
}

static void
on_form_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetServerProbe *self = g_task_get_source_object (task);
  GError *error = NULL;

  g_clear_pointer (&self->reply, signet_register_reply_unref);
  self->reply = signet_register_client_finish (SIGNET_CONNECTION (source), result, &error);
  if (self->reply == NULL)
    {
      fail (task, error);
      return;
    }

  self->kind = classify (self->reply);
  g_task_return_boolean (task, TRUE);
}

static void
fetch_form (GTask *task)
{
  SignetServerProbe *self = g_task_get_source_object (task);

  read_features (self);
  signet_register_client_get_async (self->connection, g_task_get_cancellable (task), on_form_fetched, task);
}

/* A domain where no XMPP server answered may be a Cadmium server.  A
 * refused certificate (the person decides first), a stream error (an XMPP
 * server did answer) or a cancel say otherwise. */
static gboolean
may_be_cadmium (const GError *error)
{
  if (error->domain != SIGNET_CONNECTION_ERROR)
    return FALSE;

  switch (error->code)
    {
    case SIGNET_CONNECTION_ERROR_FAILED:
    case SIGNET_CONNECTION_ERROR_UNREACHABLE:
    case SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE:
    case SIGNET_CONNECTION_ERROR_TLS_FAILED:
    case SIGNET_CONNECTION_ERROR_TIMEOUT:
    case SIGNET_CONNECTION_ERROR_CLOSED:
    case SIGNET_CONNECTION_ERROR_MALFORMED:
      return TRUE;
    default:
      return FALSE;
    }
}

typedef struct
{
  GTask  *task;
  GError *xmpp_error;
} Discovery;

static void
on_cadmium_checked (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Discovery *discovery = user_data;
  g_autoptr(GTask) task = discovery->task;
  g_autoptr(GError) xmpp_error = discovery->xmpp_error;
  SignetServerProbe *self = g_task_get_source_object (task);
  GError *error = NULL;

  g_free (discovery);
  if (signet_cadmium_client_check_finish (SIGNET_CADMIUM_CLIENT (source), result, &error))
    {
      g_debug ("%s is a Cadmium server", signet_cadmium_client_get_server (self->cadmium));
      self->kind = SIGNET_SERVER_KIND_CADMIUM;
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Its certificate is the question now; anything else says only that the
   * domain is not Cadmium either, and the stream's failure is the answer. */
  if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED) &&
      signet_cadmium_client_get_peer_certificate (self->cadmium) != NULL)
    {
      self->cadmium_refused_certificate = TRUE;
      fail (task, error);
      return;
    }

  g_debug ("%s is not a Cadmium server either: %s", signet_cadmium_client_get_server (self->cadmium),
           error->message);
  g_clear_error (&error);
  g_clear_object (&self->cadmium);
  fail (task, g_steal_pointer (&xmpp_error));
}

static void
discover_cadmium (GTask  *task,
                  GError *xmpp_error)
{
  SignetServerProbe *self = g_task_get_source_object (task);
  SignetConnection *connection = self->connection;
  const char *domain = signet_connection_get_domain (connection);
  const char *host = signet_connection_get_host (connection);
  g_autofree char *url = NULL;
  Discovery *discovery = g_new0 (Discovery, 1);

  /* With a host of its own, the port given with it is the web port too. */
  url = signet_cadmium_discovery_url (domain, host, host != NULL ? signet_connection_get_port (connection) : 0);
  g_clear_object (&self->cadmium);
  self->cadmium = signet_cadmium_client_new (url, domain);
  signet_cadmium_client_set_trusted_sha256 (self->cadmium, signet_connection_get_trusted_sha256 (connection));
  signet_cadmium_client_set_timeout (self->cadmium, self->cadmium_timeout);

  discovery->task = task;
  discovery->xmpp_error = xmpp_error;
  signet_cadmium_client_check_async (self->cadmium, g_task_get_cancellable (task), on_cadmium_checked,
                                     discovery);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  SignetServerProbe *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!signet_connection_connect_finish (SIGNET_CONNECTION (source), result, &error))
    {
      if (self->discover_cadmium && may_be_cadmium (error))
        {
          discover_cadmium (task, error);
          return;
        }
      fail (task, error);
      g_object_unref (task);
      return;
    }

  fetch_form (task);
}

void
signet_server_probe_run_async (SignetServerProbe  *self,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_SERVER_PROBE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_server_probe_run_async);
  self->kind = SIGNET_SERVER_KIND_NONE;
  g_clear_pointer (&self->reply, signet_register_reply_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->cadmium);
  self->cadmium_refused_certificate = FALSE;

  if (signet_connection_is_connected (self->connection))
    {
      fetch_form (task);
      return;
    }

  /* Unauthenticated, and kept up while a person fills in the form. */
  signet_connection_set_login (self->connection, NULL, NULL);
  signet_connection_set_keepalive (self->connection, KEEPALIVE_SECONDS);
  signet_connection_connect_async (self->connection, cancellable, on_connected, task);
}

gboolean
signet_server_probe_run_finish (SignetServerProbe *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Accessors
 */

SignetConnection *
signet_server_probe_get_connection (SignetServerProbe *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), NULL);

  return self->connection;
}

SignetServerKind
signet_server_probe_get_kind (SignetServerProbe *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), SIGNET_SERVER_KIND_NONE);

  return self->kind;
}

const SignetCertificateInfo *
signet_server_probe_get_certificate (SignetServerProbe *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), NULL);

  if (self->cadmium != NULL && (self->cadmium_refused_certificate || self->kind == SIGNET_SERVER_KIND_CADMIUM))
    return signet_cadmium_client_get_peer_certificate (self->cadmium);
  return signet_connection_get_peer_certificate (self->connection);
}

gboolean
signet_server_probe_get_feature_advertised (SignetServerProbe *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), FALSE);

  return self->feature_advertised;
}

gboolean
signet_server_probe_get_invites_advertised (SignetServerProbe *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), FALSE);

  return self->invites_advertised;
}

SignetRegisterReply *
signet_server_probe_get_reply (SignetServerProbe *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), NULL);

  return self->reply;
}

gboolean
signet_server_probe_has_outcome (SignetServerProbe *self,
                                 SignetConnection  *connection,
                                 GError           **error)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), FALSE);
  g_return_val_if_fail (error != NULL && *error == NULL, FALSE);

  if (self->error != NULL)
    {
      *error = g_error_copy (self->error);
      return TRUE;
    }

  if (self->kind == SIGNET_SERVER_KIND_CADMIUM)
    return TRUE;
  return self->reply != NULL && signet_connection_is_connected (connection);
}

const char *
signet_server_probe_get_cadmium_url (SignetServerProbe *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), NULL);

  return self->kind == SIGNET_SERVER_KIND_CADMIUM ? signet_cadmium_client_get_url (self->cadmium) : NULL;
}

void
signet_server_probe_set_discover_cadmium (SignetServerProbe *self,
                                          gboolean           discover)
{
  g_return_if_fail (SIGNET_IS_SERVER_PROBE (self));

  self->discover_cadmium = discover;
}

void
signet_server_probe_set_cadmium_timeout (SignetServerProbe *self,
                                         guint              seconds)
{
  g_return_if_fail (SIGNET_IS_SERVER_PROBE (self));

  self->cadmium_timeout = seconds > 0 ? seconds : SIGNET_CADMIUM_DISCOVERY_TIMEOUT_SECONDS;
}

SignetDataForm *
signet_server_probe_get_form (SignetServerProbe *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), NULL);

  return self->reply != NULL ? signet_register_reply_get_form (self->reply) : NULL;
}

const char *
signet_server_probe_get_instructions (SignetServerProbe *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), NULL);

  return self->reply != NULL ? signet_register_reply_get_instructions (self->reply) : NULL;
}

const char *
signet_server_probe_get_web_url (SignetServerProbe *self)
{
  const char *url;

  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), NULL);

  if (self->reply == NULL)
    return NULL;

  url = signet_register_reply_get_web_url (self->reply);
  return url != NULL ? url : signet_register_reply_get_insecure_web_url (self->reply);
}

const GError *
signet_server_probe_get_error (SignetServerProbe *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), NULL);

  return self->error;
}

const SignetStanzaError *
signet_server_probe_get_server_error (SignetServerProbe *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (self), NULL);

  return self->reply != NULL ? signet_register_reply_get_error (self->reply) : NULL;
}

/*
 * GObject
 */

SignetServerProbe *
signet_server_probe_new (SignetConnection *connection)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (connection), NULL);

  return g_object_new (SIGNET_TYPE_SERVER_PROBE, "connection", connection, NULL);
}

static void
signet_server_probe_finalize (GObject *object)
{
  SignetServerProbe *self = (SignetServerProbe *) object;

  /* The connection stays open: it belongs to the sign-up that follows. */
  g_clear_object (&self->connection);
  g_clear_pointer (&self->reply, signet_register_reply_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->cadmium);

  G_OBJECT_CLASS (signet_server_probe_parent_class)->finalize (object);
}

static void
signet_server_probe_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SignetServerProbe *self = SIGNET_SERVER_PROBE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_server_probe_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SignetServerProbe *self = SIGNET_SERVER_PROBE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_server_probe_class_init (SignetServerProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_server_probe_finalize;
  object_class->get_property = signet_server_probe_get_property;
  object_class->set_property = signet_server_probe_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         SIGNET_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_server_probe_init (SignetServerProbe *self)
{
  self->kind = SIGNET_SERVER_KIND_NONE;
  self->cadmium_timeout = SIGNET_CADMIUM_DISCOVERY_TIMEOUT_SECONDS;
}
