/* signet-cli-xmpp-serve-parse.c: one request line of `signet-cli xmpp serve`.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Whatever arrives on standard input is untrusted: anything that is not a
 * request becomes an error with a reason, never a crash, so that one bad
 * line does not end a long-lived session. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-cli-xmpp-serve-parse.h"

G_DEFINE_QUARK (signet-cli-serve-error-quark, signet_cli_serve_error)

static const struct
{
  const char         *name;
  SignetCliServeEvent event;
} events[] = {
  { "xmpp.login", SIGNET_CLI_SERVE_LOGIN },
  { "xmpp.register.get", SIGNET_CLI_SERVE_GET },
  { "xmpp.register.set", SIGNET_CLI_SERVE_SET },
  { "xmpp.register.unregister", SIGNET_CLI_SERVE_UNREGISTER },
  { "xmpp.register.password", SIGNET_CLI_SERVE_PASSWORD },
};

void
signet_cli_serve_request_free (SignetCliServeRequest *request)
{
  if (request == NULL)
    return;

  g_clear_pointer (&request->id, json_node_unref);
  g_clear_pointer (&request->data, json_object_unref);
  g_free (request);
}

/* json-glib 1.6 turns a lone surrogate (\ud800) into bytes that are not
 * UTF-8 instead of refusing it; such a string would reach the reply line
 * and the server. */
static gboolean
tree_is_utf8 (JsonNode *root)
{
  g_autofree char *text = json_to_string (root, FALSE);

  return g_utf8_validate (text, -1, NULL);
}

static JsonObject *
parse_object (const char *line,
              gssize      length,
              GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  gsize size = length < 0 ? strlen (line) : (gsize) length;
  JsonNode *root;

  /* json-glib reads up to a NUL; a NUL inside the line is not JSON. */
  if (memchr (line, '\0', size) != NULL || !g_utf8_validate (line, size, NULL))
    {
      g_set_error_literal (error, SIGNET_CLI_SERVE_ERROR, SIGNET_CLI_SERVE_ERROR_BAD_JSON,
                           _("The line is not UTF-8 text."));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, line, size, &parse_error))
    {
      /* json-glib quotes the line in its message, lone surrogates as
       * invalid UTF-8 included; the error line must stay UTF-8. */
      g_autofree char *why = g_utf8_make_valid (parse_error->message, -1);

      /* Translators: %s says what is wrong, from the JSON parser. */
      g_set_error (error, SIGNET_CLI_SERVE_ERROR, SIGNET_CLI_SERVE_ERROR_BAD_JSON,
                   _("The line is not valid JSON: %s"), why);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SIGNET_CLI_SERVE_ERROR, SIGNET_CLI_SERVE_ERROR_BAD_JSON,
                           _("Each line must be one JSON object."));
      return NULL;
    }

  if (!tree_is_utf8 (root))
    {
      g_set_error_literal (error, SIGNET_CLI_SERVE_ERROR, SIGNET_CLI_SERVE_ERROR_BAD_JSON,
                           _("The line has a \\u escape that is not a character."));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static gboolean
find_event (const char          *name,
            SignetCliServeEvent *event)
{
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    if (g_str_equal (events[i].name, name))
      {
        *event = events[i].event;
        return TRUE;
      }

  return FALSE;
}

SignetCliServeRequest *
signet_cli_serve_parse_line (const char *line,
                             gssize      length,
                             JsonNode  **id,
                             GError    **error)
{
  g_autoptr(SignetCliServeRequest) request = g_new0 (SignetCliServeRequest, 1);
  g_autoptr(JsonObject) object = NULL;
  JsonNode *event = NULL;
  JsonNode *data = NULL;

  *id = NULL;
  object = parse_object (line, length, error);
  if (object == NULL)
    return NULL;

  if (json_object_has_member (object, "id"))
    *id = json_node_copy (json_object_get_member (object, "id"));

  event = json_object_get_member (object, "event");
  data = json_object_get_member (object, "data");
  if (event == NULL || json_node_get_value_type (event) != G_TYPE_STRING)
    {
      g_set_error_literal (error, SIGNET_CLI_SERVE_ERROR, SIGNET_CLI_SERVE_ERROR_BAD_REQUEST,
                           _("The request has no “event”."));
      return NULL;
    }
  if (data != NULL && !JSON_NODE_HOLDS_OBJECT (data) && !JSON_NODE_HOLDS_NULL (data))
    {
      g_set_error_literal (error, SIGNET_CLI_SERVE_ERROR, SIGNET_CLI_SERVE_ERROR_BAD_REQUEST,
                           _("The request’s “data” must be an object."));
      return NULL;
    }
  if (!find_event (json_node_get_string (event), &request->event))
    {
      /* Translators: %s is the name of an event sent by a program. */
      g_set_error (error, SIGNET_CLI_SERVE_ERROR, SIGNET_CLI_SERVE_ERROR_UNKNOWN_EVENT,
                   _("Unknown event “%s”."), json_node_get_string (event));
      return NULL;
    }

  request->id = *id != NULL ? json_node_copy (*id) : NULL;
  request->data = data != NULL && JSON_NODE_HOLDS_OBJECT (data) ? json_object_ref (json_node_get_object (data))
                                                                 : json_object_new ();
  return g_steal_pointer (&request);
}
