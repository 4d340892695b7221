/* signet-registration.c: the Kontalk phone sign-up flow.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-kontalk-private.h"
#include "signet-registration.h"
#include "signet-task.h"

struct _SignetRegistration
{
  GObject parent_instance;

  SignetConnection       *connection;
  /* A connection is used for one stream; after a drop a new one is made. */
  gboolean connection_used;

  /* What the server's form says; the probe holds the form itself. */
  SignetServerProbe      *probe;
  /* A probe handed over whose form the first fetch takes. */
  gboolean probe_pending;
  gboolean discover_cadmium;
  SignetRegistrationFlow flow;
  char                   *terms_url;
  gboolean requires_terms;

  SignetStanzaError      *server_error;
};

G_DEFINE_FINAL_TYPE (SignetRegistration, signet_registration, G_TYPE_OBJECT)

G_DEFINE_QUARK (signet-registration-error-quark, signet_registration_error)

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * Error mapping (docs/protocol-kontalk.md lists it)
 */

static gboolean
text_mentions (const SignetStanzaError *error,
               const char              *word)
{
  const char *text = signet_stanza_error_get_text (error);
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;

  folded = g_utf8_casefold (text, -1);
  return strstr (folded, word) != NULL;
}

static GError *
map_bad_request (const SignetStanzaError *error,
                 SignetRegistrationStep   step)
{
  /* Kontalk answers bad-request for several causes; only its text tells them apart. */
  if (step == SIGNET_REGISTRATION_STEP_REQUEST && text_mentions (error, "terms"))
    return g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED,
                        _("The server requires you to accept its terms of service before signing up."));

  if (step == SIGNET_REGISTRATION_STEP_REQUEST)
    return g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_BAD_NUMBER,
                        _("The server did not accept this phone number. Check the country and the number."));

  if (step == SIGNET_REGISTRATION_STEP_CODE && text_mentions (error, "key"))
    return g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_KEY_REFUSED,
                        _("The server refused your personal key."));

  if (step == SIGNET_REGISTRATION_STEP_CODE)
    return g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CODE_REFUSED,
                        _("The code is wrong or has expired."));

  return g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_FAILED,
                      _("The server did not understand the request."));
}

GError *
signet_registration_error_from_stanza_error (const SignetStanzaError *error,
                                             SignetRegistrationStep   step)
{
  const char *condition;

  g_return_val_if_fail (error != NULL, NULL);

  condition = signet_stanza_error_get_condition (error);

  if (signet_stanza_error_is (error, "service-unavailable", "wait") ||
      signet_stanza_error_is (error, "resource-constraint", "wait") ||
      signet_stanza_error_is (error, "policy-violation", "wait"))
    return g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_THROTTLED,
                        _("The server received too many attempts. Wait a few minutes, then try again."));

  if (g_str_equal (condition, "service-unavailable") ||
      g_str_equal (condition, "not-allowed") ||
      g_str_equal (condition, "feature-not-implemented"))
    return g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_NOT_OFFERED,
                        _("This server does not offer sign-up."));

  if (g_str_equal (condition, "conflict") && step == SIGNET_REGISTRATION_STEP_REQUEST)
    return g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CONFLICT,
                        _("This phone number is already registered on this server."));

  if (g_str_equal (condition, "bad-request"))
    return map_bad_request (error, step);

  if (g_str_equal (condition, "not-acceptable") && step == SIGNET_REGISTRATION_STEP_REQUEST)
    return g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CANNOT_SEND,
                        _("The server could not send a verification to this number. "
                          "Try another way, or try again later."));

  if (g_str_equal (condition, "internal-server-error"))
    return g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_SERVER_INTERNAL,
                        _("The server had an internal problem. Try again later or contact its administrator."));

  /* Translators: %s is an XMPP error condition such as "forbidden". */
  return g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_FAILED,
                      _("The server refused the request (%s)."), condition);
}

/* Remembers the stanza error of @reply and maps it; NULL if there is none. */
static GError *
take_stanza_error (SignetRegistration    *self,
                   SignetRegisterReply   *reply,
                   SignetRegistrationStep step)
{
  const SignetStanzaError *error = signet_register_reply_get_error (reply);

  g_clear_pointer (&self->server_error, signet_stanza_error_free);
  if (error == NULL)
    return NULL;

  self->server_error = signet_stanza_error_copy (error);
  return signet_registration_error_from_stanza_error (error, step);
}

static GError *
not_offered_error (void)
{
  return g_error_new_literal (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_NOT_OFFERED,
                              _("This server does not offer sign-up."));
}

/*
 * Fetching the form: what kind of server this is, as the probe says
 */

static void
clear_form (SignetRegistration *self)
{
  g_clear_object (&self->probe);
  g_clear_pointer (&self->terms_url, g_free);
  self->requires_terms = FALSE;
  self->flow = SIGNET_REGISTRATION_FLOW_FORM;
}

static void
read_flow (SignetRegistration *self)
{
  SignetDataForm *form = signet_server_probe_get_form (self->probe);
  const char *terms;

  switch (signet_server_probe_get_kind (self->probe))
    {
    case SIGNET_SERVER_KIND_KONTALK:
      terms = signet_data_form_get_value (form, "terms");
      self->flow = SIGNET_REGISTRATION_FLOW_PHONE;
      self->requires_terms = signet_data_form_get_field (form, "accept-terms") != NULL;
      self->terms_url = g_strdup (terms != NULL && *terms != '\0' ? terms : NULL);
      break;

    case SIGNET_SERVER_KIND_WEB:
      self->flow = SIGNET_REGISTRATION_FLOW_WEB;
      break;

    case SIGNET_SERVER_KIND_XEP0077:
    case SIGNET_SERVER_KIND_NONE:
    default:
      self->flow = SIGNET_REGISTRATION_FLOW_FORM;
      break;
    }
}

/* Takes what the probe found; NULL when it found a form, else the error. */
static GError *
take_probe (SignetRegistration *self,
            SignetServerProbe  *probe)
{
  SignetRegisterReply *reply = signet_server_probe_get_reply (probe);
  const GError *form_error;
  GError *error;

  g_set_object (&self->probe, probe);
  if (signet_server_probe_get_kind (probe) == SIGNET_SERVER_KIND_CADMIUM)
    {
      self->flow = SIGNET_REGISTRATION_FLOW_CADMIUM;
      return NULL;
    }
  form_error = signet_register_reply_get_form_error (reply);
  if (!signet_server_probe_get_feature_advertised (probe))
    return not_offered_error ();

  error = take_stanza_error (self, reply, SIGNET_REGISTRATION_STEP_FORM);
  if (error != NULL)
    return error;

  if (signet_register_reply_get_query (reply) == NULL)
    return g_error_new_literal (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
                                _("The server answered without a registration form."));
  if (signet_register_reply_get_form (reply) == NULL && form_error != NULL)
    return g_error_copy (form_error);

  read_flow (self);
  return NULL;
}

/* What a fetch that goes on from @probe returns: @error from its run, or
 * what reading its reply found. */
static GError *
take_probe_outcome (SignetRegistration *self,
                    SignetServerProbe  *probe,
                    GError             *error)
{
  if (error == NULL)
    return take_probe (self, probe);

  /* Kept for what it saw: the certificate it refused, the instructions. */
  g_set_object (&self->probe, probe);
  return error;
}

static void
on_probed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetRegistration *self = g_task_get_source_object (task);
  GError *error = NULL;

  signet_server_probe_run_finish (SIGNET_SERVER_PROBE (source), result, &error);
  signet_task_return_error_or_true (task, take_probe_outcome (self, SIGNET_SERVER_PROBE (source),
                                                              error));
}

void
signet_registration_fetch_form_async (SignetRegistration *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SignetServerProbe) probe = NULL;
  GError *error = NULL;

  g_return_if_fail (SIGNET_IS_REGISTRATION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_registration_fetch_form_async);

  probe = self->probe_pending ? g_object_ref (self->probe) : NULL;
  self->probe_pending = FALSE;
  clear_form (self);

  /* The form the probe fetched on this stream is the one to go on with. */
  if (probe != NULL && signet_server_probe_has_outcome (probe, self->connection, &error))
    {
      signet_task_return_error_or_true (task, take_probe_outcome (self, probe, error));
      return;
    }

  signet_register_client_prepare_connection (&self->connection, &self->connection_used);
  g_clear_object (&probe);
  probe = signet_server_probe_new (self->connection);
  signet_server_probe_set_discover_cadmium (probe, self->discover_cadmium);
  signet_server_probe_run_async (probe, cancellable, on_probed, g_steal_pointer (&task));
}

/* See signet_server_probe_set_discover_cadmium(). */
void
signet_registration_set_discover_cadmium (SignetRegistration *self,
                                          gboolean            discover)
{
  g_return_if_fail (SIGNET_IS_REGISTRATION (self));

  self->discover_cadmium = discover;
}

gboolean
signet_registration_fetch_form_finish (SignetRegistration *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Requesting verification
 */

static SignetDataForm *
build_request (const char        *e164,
               SignetRequestFlags flags,
               int                challenge)
{
  SignetDataForm *form = signet_data_form_new (SIGNET_DATA_FORM_TYPE_SUBMIT);

  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_HIDDEN, "FORM_TYPE", SIGNET_NS_REGISTER);
  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "phone", e164);

  if (flags & SIGNET_REQUEST_FLAGS_ACCEPT_TERMS)
    signet_data_form_field_set_boolean (signet_data_form_add_field (form, SIGNET_DATA_FORM_FIELD_BOOLEAN,
                                                                    "accept-terms", NULL), TRUE);
  if (flags & SIGNET_REQUEST_FLAGS_FORCE)
    signet_data_form_field_set_boolean (signet_data_form_add_field (form, SIGNET_DATA_FORM_FIELD_BOOLEAN,
                                                                    "force", NULL), TRUE);
  /* Fallback means "the server's other provider", so no challenge type goes with it. */
  if (flags & SIGNET_REQUEST_FLAGS_FALLBACK)
    signet_data_form_field_set_boolean (signet_data_form_add_field (form, SIGNET_DATA_FORM_FIELD_BOOLEAN,
                                                                    "fallback", NULL), TRUE);
  else if (challenge >= 0)
    signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "challenge",
                                signet_challenge_type_to_string (challenge));

  return form;
}

static SignetChallenge *
read_challenge (SignetRegisterReply *reply,
                GError             **error)
{
  SignetXmlNode *query = signet_register_reply_get_query (reply);
  SignetXmlNode *x = query ? signet_xml_node_get_child (query, "x", SIGNET_NS_DATA_FORMS) : NULL;
  g_autoptr(SignetDataForm) form = NULL;
  g_autoptr(GError) form_error = NULL;

  if (x == NULL)
    {
      g_set_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
                   _("The server accepted the number but sent no verification details."));
      return NULL;
    }

  form = signet_data_form_parse (x, signet_register_reply_get_iq (reply), &form_error);
  if (form == NULL)
    {
      g_set_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
                   _("The server sent verification details Signet cannot read: %s"), form_error->message);
      return NULL;
    }

  return signet_challenge_new_from_form (form, signet_register_reply_get_instructions (reply), error);
}

static GError *
take_request_error (SignetRegistration  *self,
                    SignetRegisterReply *reply,
                    SignetRequestFlags   flags)
{
  GError *error = take_stanza_error (self, reply, SIGNET_REGISTRATION_STEP_REQUEST);

  /* A server that wants terms may say only "bad-request"; we know better. */
  if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_BAD_NUMBER) &&
      self->requires_terms && !(flags & SIGNET_REQUEST_FLAGS_ACCEPT_TERMS))
    {
      g_clear_error (&error);
      error = g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED,
                           _("The server requires you to accept its terms of service before signing up."));
    }

  return error;
}

static void
on_request_replied (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetRegistration *self = g_task_get_source_object (task);
  SignetRequestFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "flags"));
  g_autoptr(SignetRegisterReply) reply = NULL;
  GError *error = NULL;
  SignetChallenge *challenge = NULL;

  reply = signet_register_client_finish (SIGNET_CONNECTION (source), result, &error);
  if (reply != NULL)
    error = take_request_error (self, reply, flags);
  if (error == NULL)
    challenge = read_challenge (reply, &error);

  if (challenge == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, challenge, g_object_unref);
}

static void
send_request (GTask *task)
{
  SignetRegistration *self = g_task_get_source_object (task);

  signet_register_client_set_async (self->connection, g_task_get_task_data (task), FALSE,
                                    g_task_get_cancellable (task), on_request_replied, task);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  SignetXmlNode *features = signet_connection_get_features (SIGNET_CONNECTION (source));
  GError *error = NULL;

  if (!signet_connection_connect_finish (SIGNET_CONNECTION (source), result, &error))
    ;
  else if (features == NULL || signet_xml_node_get_child (features, "register", SIGNET_NS_REGISTER_FEATURE) == NULL)
    error = not_offered_error ();

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  send_request (task);
}

void
signet_registration_request_async (SignetRegistration *self,
                                   const char         *e164,
                                   SignetRequestFlags  flags,
                                   int                 challenge,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_REGISTRATION (self));
  g_return_if_fail (e164 != NULL && e164[0] == '+');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_registration_request_async);
  g_task_set_task_data (task, build_request (e164, flags, challenge), g_object_unref);
  g_object_set_data (G_OBJECT (task), "flags", GUINT_TO_POINTER (flags));

  /* After a drop the request goes on a new stream, without the form. */
  if (signet_register_client_prepare_connection (&self->connection, &self->connection_used))
    send_request (task);
  else
    signet_connection_connect_async (self->connection, cancellable, on_connected, task);
}

SignetChallenge *
signet_registration_request_finish (SignetRegistration *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * Accessors
 */

SignetConnection *
signet_registration_get_connection (SignetRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), NULL);

  return self->connection;
}

SignetServerProbe *
signet_registration_get_probe (SignetRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), NULL);

  return self->probe;
}

SignetRegistrationFlow
signet_registration_get_flow (SignetRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), SIGNET_REGISTRATION_FLOW_FORM);

  return self->flow;
}

SignetDataForm *
signet_registration_get_form (SignetRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), NULL);

  return self->probe != NULL ? signet_server_probe_get_form (self->probe) : NULL;
}

const char *
signet_registration_get_instructions (SignetRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), NULL);

  return self->probe != NULL ? signet_server_probe_get_instructions (self->probe) : NULL;
}

const char *
signet_registration_get_terms_url (SignetRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), NULL);

  return self->terms_url;
}

gboolean
signet_registration_get_requires_terms (SignetRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), FALSE);

  return self->requires_terms;
}

const char *
signet_registration_get_web_url (SignetRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), NULL);

  return self->probe != NULL ? signet_server_probe_get_web_url (self->probe) : NULL;
}

const SignetStanzaError *
signet_registration_get_server_error (SignetRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), NULL);

  return self->server_error;
}

/*
 * GObject
 */

SignetRegistration *
signet_registration_new (SignetConnection *connection)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (connection), NULL);

  return g_object_new (SIGNET_TYPE_REGISTRATION, "connection", connection, NULL);
}

SignetRegistration *
signet_registration_new_for_probe (SignetServerProbe *probe)
{
  SignetRegistration *self;

  g_return_val_if_fail (SIGNET_IS_SERVER_PROBE (probe), NULL);

  self = signet_registration_new (signet_server_probe_get_connection (probe));
  self->connection_used = TRUE;
  self->probe = g_object_ref (probe);
  self->probe_pending = TRUE;

  return self;
}

static void
signet_registration_dispose (GObject *object)
{
  SignetRegistration *self = (SignetRegistration *) object;

  if (self->connection != NULL)
    signet_connection_close (self->connection);
  g_clear_object (&self->connection);
  g_clear_object (&self->probe);

  G_OBJECT_CLASS (signet_registration_parent_class)->dispose (object);
}

static void
signet_registration_finalize (GObject *object)
{
  SignetRegistration *self = (SignetRegistration *) object;

  g_clear_pointer (&self->terms_url, g_free);
  g_clear_pointer (&self->server_error, signet_stanza_error_free);

  G_OBJECT_CLASS (signet_registration_parent_class)->finalize (object);
}

static void
signet_registration_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SignetRegistration *self = SIGNET_REGISTRATION (object);

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
signet_registration_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SignetRegistration *self = SIGNET_REGISTRATION (object);

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
signet_registration_class_init (SignetRegistrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_registration_dispose;
  object_class->finalize = signet_registration_finalize;
  object_class->get_property = signet_registration_get_property;
  object_class->set_property = signet_registration_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         SIGNET_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_registration_init (SignetRegistration *self)
{
  self->flow = SIGNET_REGISTRATION_FLOW_FORM;
}

SignetChallenge *
signet_registration_read_challenge (SignetRegisterReply *reply,
                                    GError             **error)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return read_challenge (reply, error);
}
