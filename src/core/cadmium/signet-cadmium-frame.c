/* signet-cadmium-frame.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "signet-cadmium-frame.h"
#include "signet-phone.h"

G_DEFINE_QUARK (signet-cadmium-error-quark, signet_cadmium_error)

struct _SignetCadmiumFrame
{
  char *id;
  char *type;
  char *from;
  gboolean ok;
  char *error_id;
  char *error_text;
  char *error_field;
  gint64 retry_after;
  char *user_id;
  char *login_json;
  char *login_token;
  char *device_id;
};

static void
frame_clear (SignetCadmiumFrame *self)
{
  g_free (self->id);
  g_free (self->type);
  g_free (self->from);
  g_free (self->error_id);
  g_free (self->error_text);
  g_free (self->error_field);
  g_free (self->user_id);
  g_free (self->login_json);
  if (self->login_token != NULL)
    memset (self->login_token, 0, strlen (self->login_token));
  g_free (self->login_token);
  g_free (self->device_id);
}

G_DEFINE_BOXED_TYPE (SignetCadmiumFrame, signet_cadmium_frame,
                     signet_cadmium_frame_ref, signet_cadmium_frame_unref)

SignetCadmiumFrame *
signet_cadmium_frame_ref (SignetCadmiumFrame *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
signet_cadmium_frame_unref (SignetCadmiumFrame *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) frame_clear);
}

static gboolean
bad_frame (GError    **error,
           const char *why)
{
  g_set_error (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_BAD_FRAME,
               /* Translators: %s says what is wrong, e.g. "it is not JSON" */
               _("The server sent something that is not a Cadmium message: %s."), why);
  return FALSE;
}

/* A string member, or NULL when it is missing or not a string. */
static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/* "urn:cadmium:profile:register:id_exists" and "id_exists" are the same id. */
static char *
bare_error_id (const char *id)
{
  const char *colon = strrchr (id, ':');

  return g_strdup (colon != NULL ? colon + 1 : id);
}

/* Which identifier id_exists is about, when the server says: errPayload's
 * "field" (or "taken"), else an errText that names exactly one of them. */
static char *
taken_field (JsonObject *error_payload,
             const char *text)
{
  static const char * const names[][2] = {
    { "username", "username" }, { "email", "email" }, { "msisdn", "msisdn" }, { "phone", "msisdn" },
  };
  const char *field = get_string (error_payload, "field");
  g_autofree char *lower = NULL;
  const char *found = NULL;

  if (field == NULL)
    field = get_string (error_payload, "taken");
  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (field, names[i][0]) == 0)
      return g_strdup (names[i][1]);

  if (text == NULL)
    return NULL;
  lower = g_ascii_strdown (text, -1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strstr (lower, names[i][0]) != NULL && g_strcmp0 (found, names[i][1]) != 0)
      {
        if (found != NULL)
          return NULL;
        found = names[i][1];
      }

  return g_strdup (found);
}

static void
read_error (SignetCadmiumFrame *self,
            JsonObject         *payload)
{
  JsonObject *error_payload = get_object (payload, "errPayload");
  const char *id = get_string (payload, "errID");

  if (id == NULL)
    id = get_string (payload, "errCode");
  if (id == NULL)
    id = get_string (payload, "code");
  self->error_id = bare_error_id (id != NULL ? id : "unknown");
  self->error_text = g_strdup (get_string (payload, "errText"));
  if (self->error_text == NULL)
    self->error_text = g_strdup (get_string (payload, "text"));

  if (error_payload != NULL && json_object_has_member (error_payload, "retryAfter"))
    {
      JsonNode *node = json_object_get_member (error_payload, "retryAfter");

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        self->retry_after = MAX (json_node_get_int (node), 0);
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
        self->retry_after = (gint64) CLAMP (json_node_get_double (node), 0, G_MAXINT32);
    }

  if (g_str_equal (self->error_id, "id_exists"))
    self->error_field = taken_field (error_payload, self->error_text);
}

static void
read_login (SignetCadmiumFrame *self,
            JsonObject         *payload)
{
  JsonNode *login = json_object_get_member (payload, "loginPayload");
  JsonObject *object;

  if (login == NULL || !JSON_NODE_HOLDS_OBJECT (login))
    return;

  object = json_node_get_object (login);
  self->login_json = json_to_string (login, FALSE);
  self->login_token = g_strdup (get_string (object, "token"));
  if (self->login_token == NULL)
    self->login_token = g_strdup (get_string (object, "authToken"));
  self->device_id = g_strdup (get_string (object, "deviceID"));
}

static gboolean
read_envelope (SignetCadmiumFrame *self,
               JsonObject         *root,
               GError            **error)
{
  JsonNode *ok = json_object_get_member (root, "ok");
  JsonObject *payload = get_object (root, "payload");

  self->id = g_strdup (get_string (root, "id"));
  self->type = g_strdup (get_string (root, "type"));
  self->from = g_strdup (get_string (root, "from"));
  if (self->id == NULL || self->type == NULL)
    return bad_frame (error, _("it has no id or no type"));
  if (ok == NULL || !JSON_NODE_HOLDS_VALUE (ok) || json_node_get_value_type (ok) != G_TYPE_BOOLEAN)
    return bad_frame (error, _("it does not say whether the request succeeded"));

  self->ok = json_node_get_boolean (ok);
  if (!self->ok)
    {
      read_error (self, payload);
      return TRUE;
    }

  self->user_id = g_strdup (get_string (payload, "userID"));
  if (payload != NULL)
    read_login (self, payload);
  return TRUE;
}

/* json-glib 1.6 turns a lone surrogate (\udc00) into bytes that are not
 * UTF-8 instead of refusing it; such text would reach labels and logs. */
static gboolean
tree_is_utf8 (JsonNode *root)
{
  g_autofree char *text = json_to_string (root, FALSE);

  return g_utf8_validate (text, -1, NULL);
}

SignetCadmiumFrame *
signet_cadmium_frame_parse (const char *data,
                            gsize       length,
                            GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SignetCadmiumFrame) self = NULL;
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > G_MAXSSIZE || !g_utf8_validate_len (data, length, NULL) ||
      !json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) length, &json_error))
    {
      bad_frame (error, _("it is not JSON"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      bad_frame (error, _("it is not a JSON object"));
      return NULL;
    }
  if (!tree_is_utf8 (root))
    {
      bad_frame (error, _("it has a \\u escape that is not a character"));
      return NULL;
    }

  self = g_atomic_rc_box_new0 (SignetCadmiumFrame);
  self->retry_after = -1;
  if (!read_envelope (self, json_node_get_object (root), error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
signet_cadmium_frame_get_id (const SignetCadmiumFrame *self)
{
  return self->id;
}

const char *
signet_cadmium_frame_get_message_type (const SignetCadmiumFrame *self)
{
  return self->type;
}

const char *
signet_cadmium_frame_get_from (const SignetCadmiumFrame *self)
{
  return self->from;
}

gboolean
signet_cadmium_frame_get_ok (const SignetCadmiumFrame *self)
{
  return self->ok;
}

const char *
signet_cadmium_frame_get_error_id (const SignetCadmiumFrame *self)
{
  return self->error_id;
}

const char *
signet_cadmium_frame_get_error_text (const SignetCadmiumFrame *self)
{
  return self->error_text;
}

gint64
signet_cadmium_frame_get_retry_after (const SignetCadmiumFrame *self)
{
  return self->retry_after;
}

const char *
signet_cadmium_frame_get_user_id (const SignetCadmiumFrame *self)
{
  return self->user_id;
}

const char *
signet_cadmium_frame_get_login_json (const SignetCadmiumFrame *self)
{
  return self->login_json;
}

const char *
signet_cadmium_frame_get_login_token (const SignetCadmiumFrame *self)
{
  return self->login_token;
}

const char *
signet_cadmium_frame_get_device_id (const SignetCadmiumFrame *self)
{
  return self->device_id;
}

static GError *
taken_error (const SignetCadmiumFrame *self)
{
  if (g_strcmp0 (self->error_field, "username") == 0)
    return g_error_new_literal (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_USERNAME_TAKEN,
                                _("This username is taken. Choose another one."));
  if (g_strcmp0 (self->error_field, "email") == 0)
    return g_error_new_literal (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_EMAIL_TAKEN,
                                _("An account with this email address exists already. "
                                  "Use another address, or sign in to that account."));
  if (g_strcmp0 (self->error_field, "msisdn") == 0)
    return g_error_new_literal (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_PHONE_TAKEN,
                                _("An account with this phone number exists already. "
                                  "Use another number, or sign in to that account."));

  return g_error_new_literal (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_ID_EXISTS,
                              _("The username, the email address or the phone number is taken "
                                "already. Change one of them and try again."));
}

static GError *
other_error (const SignetCadmiumFrame *self)
{
  if (self->error_text != NULL && *self->error_text != '\0')
    return g_error_new (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_FAILED,
                        /* Translators: the first %s is the server's own text (in
                         * its language), the second its error id */
                        _("The server refused the sign-up: “%s” (%s)."),
                        self->error_text, self->error_id);

  return g_error_new (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_FAILED,
                      /* Translators: %s is the server's error id */
                      _("The server refused the sign-up (%s)."), self->error_id);
}

static GError *
rate_error (const SignetCadmiumFrame *self)
{
  guint seconds = (guint) ((MAX (self->retry_after, 0) + 999) / 1000);

  if (self->retry_after < 0)
    return g_error_new_literal (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_RATE_LIMITED,
                                _("Too many attempts. Wait a while and try again."));

  return g_error_new (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_RATE_LIMITED,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "Too many attempts. Try again in %u second.",
                                   "Too many attempts. Try again in %u seconds.", seconds),
                      seconds);
}

gboolean
signet_cadmium_frame_check_register_answer (const SignetCadmiumFrame *self,
                                            GError                  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  /* An error is an error whatever its type says: its id tells which. */
  if (!self->ok)
    return TRUE;
  if (g_strcmp0 (self->type, SIGNET_CADMIUM_TYPE_REGISTER) != 0)
    return bad_frame (error, _("it answers another kind of request"));
  if (self->user_id == NULL || *self->user_id == '\0')
    return bad_frame (error, _("it names no account"));

  return TRUE;
}

GError *
signet_cadmium_frame_to_error (const SignetCadmiumFrame *self)
{
  const char *id = self->error_id;

  if (self->ok)
    return NULL;

  if (g_str_equal (id, "id_exists"))
    return taken_error (self);
  if (g_str_equal (id, "reg_disabled"))
    return g_error_new_literal (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_REG_DISABLED,
                                _("This server does not take new accounts at the moment."));
  if (g_str_equal (id, "ratelimit_exceed"))
    return rate_error (self);
  if (g_str_equal (id, "unhandled"))
    return g_error_new_literal (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_UNHANDLED,
                                _("This server does not offer sign-up from an app. "
                                  "Ask its operator how to get an account."));
  if (g_str_equal (id, "parseError"))
    return g_error_new_literal (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_PARSE_ERROR,
                                _("The server could not read the sign-up request. "
                                  "It may speak another version of Cadmium."));
  if (g_str_equal (id, "unauthorized"))
    return g_error_new_literal (SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_UNAUTHORIZED,
                                _("The server wants a signed-in account for this, "
                                  "so it does not sign people up this way."));

  return other_error (self);
}

gboolean
signet_cadmium_check_username (const char *username,
                               GError    **error)
{
  if (username == NULL || *username == '\0')
    {
      g_set_error_literal (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_INVALID_USERNAME,
                           _("The username is empty."));
      return FALSE;
    }

  for (const char *p = username; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || strchr ("._=-/", *p) != NULL))
      {
        g_set_error_literal (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_INVALID_USERNAME,
                             _("A username can have only lowercase letters a–z, digits "
                               "and . _ = - /"));
        return FALSE;
      }

  return TRUE;
}

gboolean
signet_cadmium_check_email (const char *email,
                            GError    **error)
{
  const char *at = email != NULL ? strchr (email, '@') : NULL;

  if (at == NULL || at == email || at[1] == '\0' || strchr (at + 1, '@') != NULL ||
      strchr (at + 1, '.') == NULL || strpbrk (email, " \t\r\n<>\"") != NULL ||
      !g_utf8_validate (email, -1, NULL))
    {
      g_set_error_literal (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_INVALID_EMAIL,
                           _("This is not an email address. Write it as name@example.org."));
      return FALSE;
    }

  return TRUE;
}

char *
signet_cadmium_normalize_msisdn (const char *text,
                                 GError    **error)
{
  g_autoptr(SignetPhoneNumber) number = signet_phone_number_parse (text, NULL, error);

  if (number == NULL)
    return NULL;

  return g_strdup (signet_phone_number_get_e164 (number));
}

static void
add_third_pid (JsonBuilder *builder,
               const char  *type,
               const char  *value)
{
  if (value == NULL)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
}

char *
signet_cadmium_frame_build_register (const char *id,
                                     const char *server,
                                     const char *username,
                                     const char *email,
                                     const char *msisdn,
                                     const char *password,
                                     gboolean    login_on_success)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, SIGNET_CADMIUM_TYPE_REGISTER);
  json_builder_set_member_name (builder, "to");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, server);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "payload");
  json_builder_begin_object (builder);
  if (username != NULL)
    {
      json_builder_set_member_name (builder, "username");
      json_builder_add_string_value (builder, username);
    }
  json_builder_set_member_name (builder, "thirdPIDs");
  json_builder_begin_array (builder);
  add_third_pid (builder, "email", email);
  add_third_pid (builder, "msisdn", msisdn);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "loginOnSuccess");
  json_builder_add_boolean_value (builder, login_on_success);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  /* The builder's copy of the password goes with the tree; only the text
   * is ours to wipe. */
  return text;
}

void
signet_cadmium_frame_free_request (char *request)
{
  if (request == NULL)
    return;

  memset (request, 0, strlen (request));
  g_free (request);
}
