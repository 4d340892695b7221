/* signet-cli-xmpp-common.c: jabber:iq:register replies and data forms as JSON.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* XMPP-FTW is what applications that drive XEP-0077 from JavaScript already
 * speak, so `xmpp info` and `xmpp serve` answer in its shapes.  Values of
 * text-private fields are never written out: a form echoed back by a server
 * may carry a password. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-cli-xmpp-common.h"

static void
add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static gboolean
is_legacy_field (SignetXmlNode *child)
{
  const char *name = signet_xml_node_get_name (child);

  return signet_xml_node_is (child, NULL, SIGNET_NS_REGISTER) && !g_str_equal (name, "instructions") &&
         !g_str_equal (name, "registered") && !g_str_equal (name, "remove");
}

/* XMPP-FTW: true for a field asked for; the value the server holds for a
 * registered account (never a password). */
static void
add_legacy_fields (JsonBuilder   *builder,
                   SignetXmlNode *query,
                   gboolean       registered)
{
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  for (guint i = 0; query != NULL && i < signet_xml_node_get_n_children (query); i++)
    {
      SignetXmlNode *child = signet_xml_node_get_nth_child (query, i);
      const char *name = signet_xml_node_get_name (child);
      const char *text = signet_xml_node_get_text (child);

      if (!is_legacy_field (child))
        continue;

      json_builder_set_member_name (builder, name);
      if (registered && text != NULL && *text != '\0' && !g_str_equal (name, "password"))
        json_builder_add_string_value (builder, text);
      else
        json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
}

static void
add_oob (JsonBuilder         *builder,
         SignetRegisterReply *reply)
{
  const char *url = signet_register_reply_get_web_url (reply);

  if (url == NULL)
    url = signet_register_reply_get_insecure_web_url (reply);

  json_builder_set_member_name (builder, "oob");
  if (url == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  signet_cli_add_string (builder, "url", url);
  signet_cli_add_string (builder, "desc", signet_register_reply_get_web_description (reply));
  add_boolean (builder, "secure", signet_register_reply_get_web_url (reply) != NULL);
  json_builder_end_object (builder);
}

void
signet_cli_add_register_info (JsonBuilder         *builder,
                              SignetRegisterReply *reply)
{
  SignetDataForm *form = signet_register_reply_get_form (reply);
  gboolean registered = signet_register_reply_get_registered (reply);

  signet_cli_add_string (builder, "instructions", signet_register_reply_get_instructions (reply));
  add_legacy_fields (builder, signet_register_reply_get_query (reply), registered);
  json_builder_set_member_name (builder, "form");
  if (form != NULL && !signet_register_reply_get_legacy (reply))
    signet_cli_add_data_form (builder, form);
  else
    json_builder_add_null_value (builder);
  add_oob (builder, reply);
  add_boolean (builder, "registered", registered);
}

static void
add_options (JsonBuilder         *builder,
             SignetDataFormField *field)
{
  json_builder_set_member_name (builder, "options");
  json_builder_begin_array (builder);
  for (guint i = 0; i < signet_data_form_field_get_n_options (field); i++)
    {
      const char *label = NULL;
      const char *value = signet_data_form_field_get_option (field, i, &label);

      json_builder_begin_object (builder);
      signet_cli_add_string (builder, "label", label);
      signet_cli_add_string (builder, "value", value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_media (JsonBuilder         *builder,
           SignetDataFormField *field)
{
  json_builder_set_member_name (builder, "media");
  json_builder_begin_array (builder);
  for (guint i = 0; i < signet_data_form_field_get_n_media (field); i++)
    {
      SignetDataFormMedia *media = signet_data_form_field_get_media (field, i);

      for (guint j = 0; j < signet_data_form_media_get_n_uris (media); j++)
        {
          const char *type = NULL;
          const char *uri = signet_data_form_media_get_uri (media, j, &type);

          json_builder_begin_object (builder);
          signet_cli_add_string (builder, "type", type);
          signet_cli_add_string (builder, "uri", uri);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
}

static void
add_values (JsonBuilder         *builder,
            SignetDataFormField *field)
{
  const char * const *values = signet_data_form_field_get_values (field);
  gboolean secret = signet_data_form_field_get_field_type (field) == SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE;

  json_builder_set_member_name (builder, "values");
  json_builder_begin_array (builder);
  for (guint i = 0; !secret && values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_field (JsonBuilder         *builder,
           SignetDataFormField *field)
{
  SignetDataFormFieldType type = signet_data_form_field_get_field_type (field);

  json_builder_begin_object (builder);
  signet_cli_add_string (builder, "var", signet_data_form_field_get_var (field));
  signet_cli_add_string (builder, "type", signet_data_form_field_type_to_string (type));
  signet_cli_add_string (builder, "label", signet_data_form_field_get_label (field));
  signet_cli_add_string (builder, "description", signet_data_form_field_get_description (field));
  add_boolean (builder, "required", signet_data_form_field_get_required (field));
  add_values (builder, field);
  add_options (builder, field);
  add_media (builder, field);
  json_builder_end_object (builder);
}

void
signet_cli_add_data_form (JsonBuilder    *builder,
                          SignetDataForm *form)
{
  const char * const *instructions = signet_data_form_get_instructions (form);

  json_builder_begin_object (builder);
  signet_cli_add_string (builder, "form-type", signet_data_form_get_form_type (form));
  signet_cli_add_string (builder, "title", signet_data_form_get_title (form));
  json_builder_set_member_name (builder, "instructions");
  json_builder_begin_array (builder);
  for (guint i = 0; instructions != NULL && instructions[i] != NULL; i++)
    json_builder_add_string_value (builder, instructions[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < signet_data_form_get_n_fields (form); i++)
    add_field (builder, signet_data_form_get_nth_field (form, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static gboolean
apply_json_value (SignetDataFormField *field,
                  JsonNode            *value)
{
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    signet_data_form_field_set_boolean (field, json_node_get_boolean (value));
  else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    signet_data_form_field_set_value (field, json_node_get_string (value));
  else
    return FALSE;

  return TRUE;
}

gboolean
signet_cli_apply_json_form (SignetDataForm *form,
                            JsonArray      *array,
                            GError        **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonNode *var_node = item != NULL ? json_object_get_member (item, "var") : NULL;
      const char *var = var_node != NULL && json_node_get_value_type (var_node) == G_TYPE_STRING
                        ? json_node_get_string (var_node) : NULL;
      JsonNode *value = item != NULL ? json_object_get_member (item, "value") : NULL;
      SignetDataFormField *field = var != NULL ? signet_data_form_get_field (form, var) : NULL;

      /* XMPP-FTW leaves FORM_TYPE to the library. */
      if (var != NULL && g_str_equal (var, "FORM_TYPE"))
        continue;

      if (field == NULL || value == NULL || !apply_json_value (field, value))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* Translators: %s is the name of a form field. */
                       _("The server’s form has no field “%s”, or its value is not text or true/false."),
                       var != NULL ? var : "?");
          return FALSE;
        }
    }

  return TRUE;
}

static char *
lookup_password (const char *domain,
                 const char *jid)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;
  char *copy;

  signet_account_store_lookup_secret_async (SIGNET_ACCOUNT_KIND_XMPP, domain, jid, NULL,
                                            signet_cli_on_done, &result);
  secret = signet_account_store_lookup_secret_finish (signet_cli_wait (&result), &error);
  if (secret == NULL)
    {
      g_debug ("No password in the keyring: %s", error->message);
      return NULL;
    }

  copy = g_strdup (secret);
  signet_account_store_free_secret (secret);
  return copy;
}

char *
signet_cli_xmpp_account_password (const SignetCliOptions *options,
                                  const char             *jid,
                                  GError                **error)
{
  const char *at = strchr (jid, '@');
  g_autofree char *password = lookup_password (at != NULL ? at + 1 : jid, jid);

  if (password == NULL)
    {
      /* Translators: %s is an account's address. */
      g_autofree char *question = g_strdup_printf (_("Current password of %s: "), jid);

      password = signet_cli_read_secret (options, question);
    }

  /* Not the server's refusal: nothing was sent, the password is missing here. */
  if (password == NULL || *password == '\0')
    {
      g_set_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is an account's address. */
                   _("The password of %s is not in your keyring and none was given on standard input."),
                   jid);
      return NULL;
    }

  return g_steal_pointer (&password);
}

void
signet_cli_add_bare_jid (JsonBuilder *builder,
                         const char  *name,
                         const char  *jid)
{
  g_autofree char *bare = jid != NULL ? g_strndup (jid, strcspn (jid, "/")) : NULL;

  signet_cli_add_string (builder, name, bare);
}
