/* signet-registration.c: the Kontalk phone sign-up flow.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-registration.h"

struct _SignetRegistration
{
  GObject parent_instance;

  SignetConnection       *connection;
  /* A connection is used for one stream; after a drop a new one is made. */
  gboolean connection_used;

  SignetRegistrationFlow flow;
  SignetDataForm         *form;
  char                   *instructions;
  char                   *terms_url;
  char                   *web_url;
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
 * Error mapping (kontalk.md §4, design.md "Errors")
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

/*
 * Sending an IQ on a connected stream
 */

typedef struct
{
  SignetXmlNode          *iq;
  SignetRegistrationStep step;
  SignetRequestFlags flags;
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  g_clear_pointer (&send->iq, signet_xml_node_unref);
  g_free (send);
}

static void
on_iq_reply (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetRegistration *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);
  g_autoptr(SignetXmlNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = signet_connection_send_iq_finish (SIGNET_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->server_error, signet_stanza_error_free);
  self->server_error = signet_stanza_error_from_stanza (reply);
  if (self->server_error != NULL)
    {
      g_task_return_error (task, signet_registration_error_from_stanza_error (self->server_error,
                                                                              send->step));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) signet_xml_node_unref);
}

static void
send_now (GTask *task)
{
  SignetRegistration *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);

  signet_connection_send_iq_async (self->connection, send->iq, g_task_get_cancellable (task),
                                   on_iq_reply, task);
}

static gboolean
has_register_feature (SignetConnection *connection)
{
  SignetXmlNode *features = signet_connection_get_features (connection);

  return features != NULL &&
         signet_xml_node_get_child (features, "register", SIGNET_NS_REGISTER_FEATURE) != NULL;
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!signet_connection_connect_finish (SIGNET_CONNECTION (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!has_register_feature (SIGNET_CONNECTION (source)))
    {
      g_task_return_new_error (task, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_NOT_OFFERED,
                               _("This server does not offer sign-up."));
      return;
    }

  send_now (g_steal_pointer (&task));
}

/* Sends @iq, connecting first when needed; the task returns the result iq. */
static void
send_iq (SignetRegistration    *self,
         SignetXmlNode         *iq,
         SignetRegistrationStep step,
         SignetRequestFlags     flags,
         GTask                 *task)
{
  SendData *send = g_new0 (SendData, 1);

  send->iq = signet_xml_node_ref (iq);
  send->step = step;
  send->flags = flags;
  g_task_set_task_data (task, send, send_data_free);

  if (signet_connection_is_connected (self->connection))
    {
      send_now (task);
      return;
    }

  if (self->connection_used)
    {
      SignetConnection *fresh = signet_connection_new_like (self->connection);

      signet_connection_close (self->connection);
      g_set_object (&self->connection, fresh);
      g_object_unref (fresh);
    }

  self->connection_used = TRUE;
  signet_connection_connect_async (self->connection, g_task_get_cancellable (task), on_connected, task);
}

static SignetXmlNode *
new_register_iq (SignetRegistration *self,
                 const char         *type)
{
  SignetXmlNode *iq = signet_xml_node_new ("iq", SIGNET_NS_CLIENT);

  signet_xml_node_set_attribute (iq, "type", type);
  signet_xml_node_set_attribute (iq, "to", signet_connection_get_domain (self->connection));
  signet_xml_node_add_child (iq, "query", SIGNET_NS_REGISTER);

  return iq;
}

/*
 * Fetching the form
 */

static void
clear_form (SignetRegistration *self)
{
  g_clear_object (&self->form);
  g_clear_pointer (&self->instructions, g_free);
  g_clear_pointer (&self->terms_url, g_free);
  g_clear_pointer (&self->web_url, g_free);
  self->requires_terms = FALSE;
  self->flow = SIGNET_REGISTRATION_FLOW_FORM;
}

static const char *
find_oob_url (SignetXmlNode *query)
{
  SignetXmlNode *oob = signet_xml_node_get_child (query, "x", SIGNET_NS_OOB);
  const char *url = oob ? signet_xml_node_get_child_text (oob, "url", SIGNET_NS_OOB) : NULL;

  return url != NULL && *url != '\0' ? url : NULL;
}

static gboolean
has_legacy_fields (SignetXmlNode *query)
{
  for (guint i = 0; i < signet_xml_node_get_n_children (query); i++)
    {
      SignetXmlNode *child = signet_xml_node_get_nth_child (query, i);

      if (signet_xml_node_is (child, NULL, SIGNET_NS_REGISTER) &&
          !signet_xml_node_is (child, "instructions", NULL))
        return TRUE;
    }

  return FALSE;
}

static gboolean
read_form (SignetRegistration *self,
           SignetXmlNode      *reply,
           GError            **error)
{
  SignetXmlNode *query = signet_xml_node_get_child (reply, "query", SIGNET_NS_REGISTER);
  SignetXmlNode *x;

  if (query == NULL)
    {
      g_set_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
                   _("The server answered without a registration form."));
      return FALSE;
    }

  self->instructions = g_strdup (signet_xml_node_get_child_text (query, "instructions", NULL));
  self->web_url = g_strdup (find_oob_url (query));

  x = signet_xml_node_get_child (query, "x", SIGNET_NS_DATA_FORMS);
  if (x != NULL)
    {
      self->form = signet_data_form_parse (x, reply, error);
      if (self->form == NULL)
        return FALSE;
    }

  if (self->form != NULL && signet_data_form_get_field (self->form, "phone") != NULL)
    {
      const char *terms = signet_data_form_get_value (self->form, "terms");

      self->flow = SIGNET_REGISTRATION_FLOW_PHONE;
      self->requires_terms = signet_data_form_get_field (self->form, "accept-terms") != NULL;
      self->terms_url = g_strdup (terms != NULL && *terms != '\0' ? terms : NULL);
    }
  else if (self->form == NULL && !has_legacy_fields (query) && self->web_url != NULL)
    self->flow = SIGNET_REGISTRATION_FLOW_WEB;
  else
    self->flow = SIGNET_REGISTRATION_FLOW_FORM;

  return TRUE;
}

static void
on_form_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetRegistration *self = g_task_get_source_object (task);
  g_autoptr(SignetXmlNode) reply = NULL;
  GError *error = NULL;

  reply = g_task_propagate_pointer (G_TASK (result), &error);
  if (reply == NULL || !read_form (self, reply, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
signet_registration_fetch_form_async (SignetRegistration *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) send = NULL;
  g_autoptr(SignetXmlNode) iq = NULL;

  g_return_if_fail (SIGNET_IS_REGISTRATION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_registration_fetch_form_async);

  clear_form (self);
  iq = new_register_iq (self, "get");
  send = g_task_new (self, cancellable, on_form_fetched, g_steal_pointer (&task));
  send_iq (self, iq, SIGNET_REGISTRATION_STEP_FORM, 0, g_steal_pointer (&send));
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
 * Requesting verification (kontalk.md §1.3)
 */

static SignetXmlNode *
build_request (SignetRegistration *self,
               const char         *e164,
               SignetRequestFlags  flags,
               int                 challenge)
{
  SignetXmlNode *iq = new_register_iq (self, "set");
  g_autoptr(SignetDataForm) form = signet_data_form_new (SIGNET_DATA_FORM_TYPE_SUBMIT);
  g_autoptr(SignetXmlNode) x = NULL;

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

  x = signet_data_form_to_xml (form);
  signet_xml_node_append (signet_xml_node_get_child (iq, "query", NULL), x);

  return iq;
}

static SignetChallenge *
read_challenge (SignetXmlNode *reply,
                GError       **error)
{
  SignetXmlNode *query = signet_xml_node_get_child (reply, "query", SIGNET_NS_REGISTER);
  SignetXmlNode *x = query ? signet_xml_node_get_child (query, "x", SIGNET_NS_DATA_FORMS) : NULL;
  g_autoptr(SignetDataForm) form = NULL;
  g_autoptr(GError) form_error = NULL;

  if (x == NULL)
    {
      g_set_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
                   _("The server accepted the number but sent no verification details."));
      return NULL;
    }

  form = signet_data_form_parse (x, reply, &form_error);
  if (form == NULL)
    {
      g_set_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
                   _("The server sent verification details Signet cannot read: %s"), form_error->message);
      return NULL;
    }

  return signet_challenge_new_from_form (form, signet_xml_node_get_child_text (query, "instructions", NULL),
                                         error);
}

static void
on_request_replied (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetRegistration *self = g_task_get_source_object (task);
  SignetRequestFlags flags = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(SignetXmlNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  SignetChallenge *challenge;

  reply = g_task_propagate_pointer (G_TASK (result), &error);
  if (reply == NULL)
    {
      /* A server that wants terms may say only "bad-request"; we know better. */
      if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_BAD_NUMBER) &&
          self->requires_terms && !(flags & SIGNET_REQUEST_FLAGS_ACCEPT_TERMS))
        {
          g_clear_error (&error);
          error = g_error_new (SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED,
                               _("The server requires you to accept its terms of service before signing up."));
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  challenge = read_challenge (reply, &error);
  if (challenge == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, challenge, g_object_unref);
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
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) send = NULL;
  g_autoptr(SignetXmlNode) iq = NULL;

  g_return_if_fail (SIGNET_IS_REGISTRATION (self));
  g_return_if_fail (e164 != NULL && e164[0] == '+');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_registration_request_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);

  iq = build_request (self, e164, flags, challenge);
  send = g_task_new (self, cancellable, on_request_replied, g_steal_pointer (&task));
  send_iq (self, iq, SIGNET_REGISTRATION_STEP_REQUEST, flags, g_steal_pointer (&send));
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

  return self->form;
}

const char *
signet_registration_get_instructions (SignetRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_REGISTRATION (self), NULL);

  return self->instructions;
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

  return self->web_url;
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

static void
signet_registration_dispose (GObject *object)
{
  SignetRegistration *self = (SignetRegistration *) object;

  if (self->connection != NULL)
    signet_connection_close (self->connection);
  g_clear_object (&self->connection);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (signet_registration_parent_class)->dispose (object);
}

static void
signet_registration_finalize (GObject *object)
{
  SignetRegistration *self = (SignetRegistration *) object;

  g_clear_pointer (&self->instructions, g_free);
  g_clear_pointer (&self->terms_url, g_free);
  g_clear_pointer (&self->web_url, g_free);
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
