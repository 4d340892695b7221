/* signet-device-link.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-bridge-certificate.h"
#include "signet-data-form.h"
#include "signet-device-link.h"
#include "signet-phone.h"
#include "signet-registration.h"
#include "signet-xml-node.h"

G_DEFINE_QUARK (signet-device-link-error-quark, signet_device_link_error)

/* The text ----------------------------------------------------------------- */

static gboolean
is_token (const char *token)
{
  if (*token == '\0' || strlen (token) > 128)
    return FALSE;

  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;

  return TRUE;
}

static gboolean
is_e164 (const char *text)
{
  g_autoptr(SignetPhoneNumber) number = text[0] == '+' ? signet_phone_number_parse (text, NULL, NULL) : NULL;

  return number != NULL && g_strcmp0 (signet_phone_number_get_e164 (number), text) == 0;
}

/* What is wrong with @parts, said specifically, so that a person typing
 * the text sees which part to fix; NULL when nothing is. */
static const char *
text_problem (char **parts)
{
  if (g_strv_length (parts) != 3)
    return _("This is not a device link: it should read “+NUMBER;SERVER;CODE”, "
             "three parts separated by semicolons.");
  if (!is_e164 (g_strstrip (parts[0])))
    return _("The phone number of the link must start with + and the country code, with no spaces.");
  if (*g_strstrip (parts[1]) == '\0' || strchr (parts[1], '@') != NULL || strchr (parts[1], ' ') != NULL)
    return _("The second part of the link must be the server, such as kontalk.net.");
  if (!is_token (g_strstrip (parts[2])))
    return _("The code of the link has only letters and digits.");

  return NULL;
}

gboolean
signet_device_link_parse_text (const char *text,
                               char      **e164,
                               char      **domain,
                               char      **token,
                               GError    **error)
{
  g_auto(GStrv) parts = NULL;
  const char *problem;

  g_return_val_if_fail (text != NULL, FALSE);

  parts = g_strsplit (text, ";", -1);
  if ((problem = text_problem (parts)) != NULL)
    {
      g_set_error_literal (error, SIGNET_DEVICE_LINK_ERROR, SIGNET_DEVICE_LINK_ERROR_INVALID_TEXT, problem);
      return FALSE;
    }

  *e164 = g_strdup (parts[0]);
  *domain = g_strdup (parts[1]);
  *token = g_strdup (parts[2]);
  return TRUE;
}

char *
signet_device_link_make_text (const char *e164,
                              const char *domain,
                              const char *token)
{
  return g_strdup_printf ("%s;%s;%s", e164, domain, token);
}

/* Common ------------------------------------------------------------------- */

typedef struct
{
  SignetConnection  *connection;
  SignetXmlNode     *iq;
  SignetStanzaError *server_error;
  GBytes            *public_key;
} LinkData;

static void
link_data_free (LinkData *data)
{
  if (data->connection != NULL)
    signet_connection_close (data->connection);
  g_clear_object (&data->connection);
  g_clear_pointer (&data->iq, signet_xml_node_unref);
  g_clear_pointer (&data->server_error, signet_stanza_error_free);
  g_clear_pointer (&data->public_key, g_bytes_unref);
  g_free (data);
}

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GAsyncReadyCallback then = g_object_get_data (G_OBJECT (task), "then");
  g_autoptr(SignetXmlNode) reply = NULL;
  GError *error = NULL;

  reply = signet_connection_send_iq_finish (SIGNET_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "reply", g_steal_pointer (&reply), (GDestroyNotify) signet_xml_node_unref);
  then (source, NULL, g_steal_pointer (&task));
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LinkData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!signet_connection_connect_finish (data->connection, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  signet_connection_send_iq_async (data->connection, data->iq, cancellable, on_reply, g_steal_pointer (&task));
}

/* Connects, sends the task's iq and calls @then (source, NULL, task) with
 * the reply as the task's "reply". */
static void
exchange (GTask              *task,
          GAsyncReadyCallback then)
{
  LinkData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_object_set_data (G_OBJECT (task), "then", then);
  signet_connection_connect_async (data->connection, cancellable, on_connected, task);
}

static SignetXmlNode *
new_register_iq (SignetConnection *connection,
                 const char       *type,
                 SignetXmlNode   **query)
{
  SignetXmlNode *iq = signet_connection_new_iq (connection, type);

  *query = signet_xml_node_add_child (iq, "query", SIGNET_NS_REGISTER);
  return iq;
}

/* Keeps the stanza error of @reply for the caller; FALSE if there is one. */
static gboolean
take_server_error (GTask         *task,
                   SignetXmlNode *reply)
{
  LinkData *data = g_task_get_task_data (task);

  if (g_strcmp0 (signet_xml_node_get_attribute (reply, "type"), "error") != 0)
    return TRUE;

  data->server_error = signet_stanza_error_from_stanza (reply);
  return data->server_error == NULL;
}

static void
return_invalid_response (GTask *task)
{
  g_task_return_new_error (task, SIGNET_DEVICE_LINK_ERROR, SIGNET_DEVICE_LINK_ERROR_INVALID_RESPONSE,
                           _("The server’s answer to device linking is not valid."));
}

/* Upload ------------------------------------------------------------------- */

static const char *
form_value (SignetXmlNode *form,
            const char    *var)
{
  for (guint i = 0; i < signet_xml_node_get_n_children (form); i++)
    {
      SignetXmlNode *field = signet_xml_node_get_nth_child (form, i);

      if (signet_xml_node_is (field, "field", SIGNET_NS_DATA_FORMS) &&
          g_strcmp0 (signet_xml_node_get_attribute (field, "var"), var) == 0)
        return signet_xml_node_get_child_text (field, "value", SIGNET_NS_DATA_FORMS);
    }

  return NULL;
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *unused,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetXmlNode *reply = g_object_get_data (G_OBJECT (task), "reply");
  LinkData *data = g_task_get_task_data (task);
  SignetXmlNode *query, *form;
  const char *token;

  if (!take_server_error (task, reply))
    {
      g_task_return_error (task, signet_registration_error_from_stanza_error (data->server_error,
                                                                              SIGNET_REGISTRATION_STEP_FORM));
      return;
    }

  query = signet_xml_node_get_child (reply, "query", SIGNET_NS_REGISTER);
  form = query != NULL ? signet_xml_node_get_child (query, "x", SIGNET_NS_DATA_FORMS) : NULL;
  token = form != NULL ? form_value (form, "token") : NULL;
  if (token == NULL || !is_token (token))
    {
      return_invalid_response (task);
      return;
    }

  g_task_return_pointer (task, g_strdup (token), g_free);
}

static SignetXmlNode *
new_upload_iq (SignetConnection *connection,
               GBytes           *secret)
{
  SignetXmlNode *query;
  SignetXmlNode *iq = new_register_iq (connection, "set", &query);
  const char *vars[] = { "privatekey" };
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (secret, NULL), g_bytes_get_size (secret));
  const char *values[] = { base64 };

  signet_data_form_add_submit_xml (query, SIGNET_NS_REGISTER_PRIVATEKEY, vars, values, G_N_ELEMENTS (vars));

  /* The Base64 text is the key, protected by the export password only. */
  memset (base64, 0, strlen (base64));
  return iq;
}

static void
on_certificate_built (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LinkData *data = g_task_get_task_data (task);
  SignetPersonalKey *key = SIGNET_PERSONAL_KEY (source);
  SignetKeyFiles *files;
  GError *error = NULL;

  files = signet_bridge_certificate_new_for_key_finish (key, result, &error);
  if (files == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  signet_connection_set_client_certificate (data->connection,
                                            signet_key_files_get_certificate_path (files),
                                            signet_key_files_get_key_path (files),
                                            files, (GDestroyNotify) signet_key_files_free);
  signet_connection_set_login (data->connection, signet_personal_key_get_jid (key), NULL);
  exchange (g_steal_pointer (&task), on_uploaded);
}

/* The secret key, re-protected by the export password: GnuPG takes a while,
 * so not on the caller's thread. */
static void
export_secret_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  const char *password = task_data;
  GError *error = NULL;
  GBytes *secret = signet_personal_key_export_secret_binary (SIGNET_PERSONAL_KEY (source_object), password, &error);

  if (secret == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) g_bytes_unref);
}

static void
wipe_password (char *password)
{
  explicit_bzero (password, strlen (password));
  g_free (password);
}

static void
on_secret_exported (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LinkData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) secret = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  secret = g_task_propagate_pointer (G_TASK (result), &error);
  if (secret == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data->iq = new_upload_iq (data->connection, secret);
  cancellable = g_task_get_cancellable (task);
  signet_bridge_certificate_new_for_key_async (SIGNET_PERSONAL_KEY (source), cancellable,
                                               on_certificate_built, g_steal_pointer (&task));
}

void
signet_device_link_upload_async (SignetConnection   *server,
                                 SignetPersonalKey  *key,
                                 const char         *password,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) export = NULL;
  LinkData *data;

  g_return_if_fail (SIGNET_IS_CONNECTION (server));
  g_return_if_fail (SIGNET_IS_PERSONAL_KEY (key));
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_device_link_upload_async);
  data = g_new0 (LinkData, 1);
  data->connection = signet_connection_new_like (server);
  g_task_set_task_data (task, data, (GDestroyNotify) link_data_free);

  export = g_task_new (key, cancellable, on_secret_exported, g_steal_pointer (&task));
  g_task_set_task_data (export, g_strdup (password), (GDestroyNotify) wipe_password);
  g_task_run_in_thread (export, export_secret_thread);
}

static SignetStanzaError *
steal_server_error (GAsyncResult *result)
{
  LinkData *data = g_task_get_task_data (G_TASK (result));

  return g_steal_pointer (&data->server_error);
}

char *
signet_device_link_upload_finish (GAsyncResult       *result,
                                  SignetStanzaError **server_error,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (server_error != NULL)
    *server_error = steal_server_error (result);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Retrieval ---------------------------------------------------------------- */

static GBytes *
decode_child (SignetXmlNode *parent,
              const char    *name)
{
  const char *text = signet_xml_node_get_child_text (parent, name, NULL);
  g_autofree guchar *decoded = NULL;
  gsize length = 0;

  if (text == NULL || *text == '\0')
    return NULL;

  decoded = g_base64_decode (text, &length);
  if (length == 0)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&decoded), length);
}

static void
return_token_refused (GTask *task)
{
  LinkData *data = g_task_get_task_data (task);
  const char *text = signet_stanza_error_get_text (data->server_error);

  if (text != NULL && *text != '\0')
    /* Translators: %s is the server's own explanation, in English. */
    g_task_return_new_error (task, SIGNET_DEVICE_LINK_ERROR, SIGNET_DEVICE_LINK_ERROR_TOKEN_REFUSED,
                             _("The server does not know this link code, or it was used already (%s)."),
                             text);
  else
    g_task_return_new_error (task, SIGNET_DEVICE_LINK_ERROR, SIGNET_DEVICE_LINK_ERROR_TOKEN_REFUSED,
                             _("The server does not know this link code, or it was used already."));
}

static void
on_retrieved (GObject      *source,
              GAsyncResult *unused,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetXmlNode *reply = g_object_get_data (G_OBJECT (task), "reply");
  LinkData *data = g_task_get_task_data (task);
  SignetXmlNode *query, *account, *private_key;
  g_autoptr(GBytes) secret = NULL;

  if (!take_server_error (task, reply))
    {
      if (g_str_equal (signet_stanza_error_get_condition (data->server_error), "not-authorized"))
        return_token_refused (task);
      else
        g_task_return_error (task, signet_registration_error_from_stanza_error (data->server_error,
                                                                                SIGNET_REGISTRATION_STEP_FORM));
      return;
    }

  query = signet_xml_node_get_child (reply, "query", SIGNET_NS_REGISTER);
  account = query != NULL ? signet_xml_node_get_child (query, "account", SIGNET_NS_REGISTER_ACCOUNT) : NULL;
  private_key = account != NULL ? signet_xml_node_get_child (account, "privatekey", NULL) : NULL;
  if (private_key == NULL || (secret = decode_child (private_key, "private")) == NULL)
    {
      return_invalid_response (task);
      return;
    }

  data->public_key = decode_child (private_key, "public");
  g_task_return_pointer (task, g_steal_pointer (&secret), (GDestroyNotify) g_bytes_unref);
}

void
signet_device_link_retrieve_async (SignetConnection   *server,
                                   const char         *token,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  GTask *task;
  LinkData *data;
  SignetXmlNode *query, *account, *private_key;

  g_return_if_fail (SIGNET_IS_CONNECTION (server));
  g_return_if_fail (token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_device_link_retrieve_async);
  data = g_new0 (LinkData, 1);
  data->connection = signet_connection_new_like (server);
  g_task_set_task_data (task, data, (GDestroyNotify) link_data_free);

  data->iq = new_register_iq (data->connection, "get", &query);
  account = signet_xml_node_add_child (query, "account", SIGNET_NS_REGISTER_ACCOUNT);
  private_key = signet_xml_node_add_child (account, "privatekey", SIGNET_NS_REGISTER_ACCOUNT);
  signet_xml_node_add_text_child (private_key, "token", SIGNET_NS_REGISTER_ACCOUNT, token);
  exchange (task, on_retrieved);
}

GBytes *
signet_device_link_retrieve_finish (GAsyncResult       *result,
                                    GBytes            **public_key,
                                    SignetStanzaError **server_error,
                                    GError            **error)
{
  LinkData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (public_key != NULL)
    *public_key = g_steal_pointer (&data->public_key);
  if (server_error != NULL)
    *server_error = steal_server_error (result);
  return g_task_propagate_pointer (G_TASK (result), error);
}
