/* signet-cli-xmpp-serve.c: in-band registration as JSON lines, for
 * programs that drive one long-lived connection.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One request a line on standard input, one reply a line on standard
 * output, in order: {"id","error","data"} with XMPP-FTW's payloads.  Logs
 * go to standard error, so standard output carries nothing but replies.
 * Requests are handled one at a time; the process serves until standard
 * input closes.  Passwords arrive in requests and are never echoed. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "signet-core.h"
#include "signet-cli-commands.h"
#include "signet-cli-common.h"
#include "signet-cli-xmpp-common.h"
#include "signet-cli-xmpp-serve-parse.h"

#define SERVE_KEEPALIVE_SECONDS 60

typedef struct
{
  SignetConnection *connection;
  /* The last form the server sent (in a reply or an error), to submit
   * with the values of a request's "form". */
  SignetDataForm   *form;
  gboolean form_legacy;
} Serve;

static void
serve_clear (Serve *serve)
{
  if (serve->connection != NULL)
    signet_connection_close (serve->connection);
  g_clear_object (&serve->connection);
  g_clear_object (&serve->form);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Serve, serve_clear)

/* What a request ended with: data, or an error with its parts. */
typedef struct
{
  JsonNode          *data;
  char              *condition;
  char              *type;
  char              *description;
  SignetDataForm    *form;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->data, json_node_unref);
  g_clear_pointer (&outcome->condition, g_free);
  g_clear_pointer (&outcome->type, g_free);
  g_clear_pointer (&outcome->description, g_free);
  g_clear_object (&outcome->form);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

static void
fail (Outcome    *outcome,
      const char *type,
      const char *condition,
      const char *message)
{
  g_free (outcome->condition);
  g_free (outcome->type);
  g_free (outcome->description);
  outcome->condition = g_strdup (condition);
  outcome->type = g_strdup (type);
  outcome->description = g_strdup (message);
}

/*
 * Replies
 */

/* JSON is UTF-8 whatever the locale: written as bytes, not converted as
 * g_print() would, and at once, since the caller waits for it. */
static void
write_line (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length = 0;
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  fwrite (text, 1, length, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static void
print_reply (JsonNode *id,
             Outcome  *outcome)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  if (id != NULL)
    json_builder_add_value (builder, json_node_copy (id));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "error");
  if (outcome->condition == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      signet_cli_add_string (builder, "type", outcome->type);
      signet_cli_add_string (builder, "condition", outcome->condition);
      signet_cli_add_string (builder, "description", outcome->description);
      json_builder_set_member_name (builder, "form");
      if (outcome->form != NULL)
        signet_cli_add_data_form (builder, outcome->form);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "data");
  if (outcome->data != NULL && outcome->condition == NULL)
    json_builder_add_value (builder, json_node_ref (outcome->data));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  write_line (builder);
}

static void
take_local_error (Outcome      *outcome,
                  const GError *error)
{
  const char *condition = "failed";

  if (error->domain == SIGNET_CONNECTION_ERROR)
    condition = error->code == SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED ? "not-authorized"
                                                                             : "remote-server-not-found";
  else if (error->domain == G_OPTION_ERROR || error->domain == SIGNET_CLI_SERVE_ERROR)
    condition = "bad-request";

  fail (outcome, "cancel", condition, error->message);
}

/* A reply of type error: its condition, the message Signet has for it,
 * and a form the server wants filled in. */
static gboolean
take_stanza_error (Serve               *serve,
                   Outcome             *outcome,
                   SignetRegisterReply *reply,
                   SignetInbandStep     step)
{
  const SignetStanzaError *error = signet_register_reply_get_error (reply);
  g_autoptr(GError) mapped = NULL;
  SignetDataForm *form = signet_register_reply_get_form (reply);

  if (error == NULL)
    return FALSE;

  mapped = signet_inband_error_from_stanza_error (error, step, SIGNET_INBAND_CONTEXT_NONE, NULL);
  fail (outcome, signet_stanza_error_get_error_type (error), signet_stanza_error_get_condition (error),
        signet_stanza_error_get_text (error) != NULL ? signet_stanza_error_get_text (error) : mapped->message);
  /* Legacy fields in an error are the request echoed, not a question. */
  if (form != NULL && !signet_register_reply_get_legacy (reply))
    {
      g_set_object (&outcome->form, form);
      g_set_object (&serve->form, form);
      serve->form_legacy = FALSE;
    }
  return TRUE;
}

static JsonNode *
registered_data (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "registered");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/*
 * Events
 */

static const char *
string_member (JsonObject *data,
               const char *name)
{
  JsonNode *node = json_object_get_member (data, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static SignetConnection *
new_connection (JsonObject *data,
                GError    **error)
{
  const char *server = string_member (data, "server");
  const char *host = string_member (data, "host");
  const char *trust = string_member (data, "trust");
  const char *jid = string_member (data, "jid");
  const char *password = string_member (data, "password");
  g_autoptr(SignetConnection) connection = NULL;

  if (server == NULL && jid != NULL && strchr (jid, '@') != NULL)
    server = strchr (jid, '@') + 1;
  if (server == NULL || *server == '\0' || (jid != NULL) != (password != NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("xmpp.login needs “server”, and “jid” and “password” together or neither."));
      return NULL;
    }

  connection = signet_connection_new (server);
  if (host != NULL && !signet_connection_set_host_and_port (connection, host, error))
    return NULL;
  if (trust != NULL)
    signet_connection_set_trusted_sha256 (connection, trust);
  if (jid != NULL)
    signet_connection_set_login (connection, jid, password);
  signet_connection_set_keepalive (connection, SERVE_KEEPALIVE_SECONDS);
  return g_steal_pointer (&connection);
}

static void
login_data (Outcome          *outcome,
            SignetConnection *connection)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  signet_cli_add_string (builder, "server", signet_connection_get_domain (connection));
  signet_cli_add_bare_jid (builder, "jid", signet_connection_get_bound_jid (connection));
  signet_cli_add_string (builder, "mechanism", signet_connection_get_sasl_mechanism (connection));
  json_builder_end_object (builder);
  outcome->data = json_builder_get_root (builder);
}

/* A second login replaces the first connection, whatever its outcome. */
static void
serve_login (Serve      *serve,
             JsonObject *data,
             Outcome    *outcome)
{
  g_autoptr(SignetConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  serve_clear (serve);
  connection = new_connection (data, &error);
  if (connection == NULL)
    {
      take_local_error (outcome, error);
      return;
    }

  signet_connection_connect_async (connection, NULL, signet_cli_on_done, &result);
  if (!signet_connection_connect_finish (connection, signet_cli_wait (&result), &error))
    {
      take_local_error (outcome, error);
      return;
    }

  serve->connection = g_steal_pointer (&connection);
  login_data (outcome, serve->connection);
}

/* Sends @iq's request and waits for the reply; NULL (with the outcome
 * set) when the connection failed. */
typedef void (*SendRequest) (Serve              *serve,
                             JsonObject         *data,
                             GAsyncReadyCallback callback,
                             gpointer            user_data);

static SignetRegisterReply *
run_request (Serve      *serve,
             JsonObject *data,
             SendRequest send,
             Outcome    *outcome)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SignetRegisterReply *reply;

  if (serve->connection == NULL || !signet_connection_is_connected (serve->connection))
    {
      fail (outcome, "cancel", "not-connected", _("Not connected: send xmpp.login first."));
      return NULL;
    }

  send (serve, data, signet_cli_on_done, &result);
  reply = signet_register_client_finish (serve->connection, signet_cli_wait (&result), &error);
  if (reply == NULL)
    take_local_error (outcome, error);
  return reply;
}

static void
send_get (Serve              *serve,
          JsonObject         *data,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
  signet_register_client_get_async (serve->connection, NULL, callback, user_data);
}

static void
serve_get (Serve      *serve,
           JsonObject *data,
           Outcome    *outcome)
{
  g_autoptr(SignetRegisterReply) reply = run_request (serve, data, send_get, outcome);
  g_autoptr(JsonBuilder) builder = NULL;

  if (reply == NULL || take_stanza_error (serve, outcome, reply, SIGNET_INBAND_STEP_FETCH))
    return;

  g_set_object (&serve->form, signet_register_reply_get_form (reply));
  serve->form_legacy = signet_register_reply_get_legacy (reply);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  signet_cli_add_register_info (builder, reply);
  json_builder_end_object (builder);
  outcome->data = json_builder_get_root (builder);
}

static void
add_legacy_member (JsonObject *data,
                   const char *name,
                   JsonNode   *node,
                   gpointer    user_data)
{
  SignetDataForm *form = user_data;
  SignetDataFormField *field;

  /* "to" addresses the request; the server's domain is the only one here. */
  if (g_str_equal (name, "to") || json_node_get_value_type (node) != G_TYPE_STRING)
    return;

  field = signet_data_form_add_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, name, NULL);
  signet_data_form_field_set_value (field, json_node_get_string (node));
}

/* The form to submit: the server's last one with the request's "form"
 * values, or legacy fields from the request's members. */
static SignetDataForm *
request_form (Serve      *serve,
              JsonObject *data,
              gboolean   *legacy,
              GError    **error)
{
  JsonNode *values = json_object_get_member (data, "form");
  g_autoptr(SignetDataForm) form = NULL;

  *legacy = values == NULL;
  if (values == NULL)
    {
      form = signet_data_form_new (SIGNET_DATA_FORM_TYPE_FORM);
      json_object_foreach_member (data, add_legacy_member, form);
      return g_steal_pointer (&form);
    }

  if (serve->form == NULL || serve->form_legacy || !JSON_NODE_HOLDS_ARRAY (values))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("“form” must be a list of {var, value} that answers the form of "
                             "the last xmpp.register.get or error."));
      return NULL;
    }

  if (!signet_cli_apply_json_form (serve->form, json_node_get_array (values), error))
    return NULL;
  return g_object_ref (serve->form);
}

static void
send_set (Serve              *serve,
          JsonObject         *data,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
  gboolean legacy = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (serve->form), "signet-legacy"));

  signet_register_client_set_async (serve->connection, serve->form, legacy, NULL, callback, user_data);
}

static void
send_password (Serve              *serve,
               JsonObject         *data,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  gboolean legacy = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (serve->form), "signet-legacy"));
  const char *jid = signet_connection_get_bound_jid (serve->connection);
  g_autofree char *localpart = g_strndup (jid, strcspn (jid, "@"));
  const char *username = signet_data_form_get_value (serve->form, "username");

  signet_register_client_change_password_async (serve->connection, username != NULL ? username : localpart,
                                                signet_data_form_get_value (serve->form, "password"),
                                                legacy ? NULL : serve->form, NULL, callback, user_data);
}

static void
send_unregister (Serve              *serve,
                 JsonObject         *data,
                 GAsyncReadyCallback callback,
                 gpointer            user_data)
{
  gboolean legacy = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (serve->form), "signet-legacy"));

  signet_register_client_cancel_async (serve->connection, legacy ? NULL : serve->form, NULL, callback, user_data);
}

/* set, password and unregister: the request's values, the server's answer. */
static void
serve_submit (Serve           *serve,
              JsonObject      *data,
              SendRequest      send,
              SignetInbandStep step,
              Outcome         *outcome)
{
  g_autoptr(SignetRegisterReply) reply = NULL;
  g_autoptr(SignetDataForm) form = NULL;
  g_autoptr(GError) error = NULL;
  gboolean legacy = TRUE;

  /* Changing the password and closing the account are for the account's
   * owner; the server's last form stays for a request that may use it. */
  if (step != SIGNET_INBAND_STEP_SUBMIT && serve->connection != NULL &&
      signet_connection_get_bound_jid (serve->connection) == NULL)
    {
      fail (outcome, "auth", "not-authorized", _("Log in first: send xmpp.login with “jid” and “password”."));
      return;
    }

  form = request_form (serve, data, &legacy, &error);
  if (form == NULL)
    {
      take_local_error (outcome, error);
      return;
    }
  if (step == SIGNET_INBAND_STEP_CHANGE_PASSWORD && legacy &&
      signet_data_form_get_value (form, "password") == NULL)
    {
      fail (outcome, "modify", "bad-request", _("xmpp.register.password needs “password”, the new one."));
      return;
    }

  g_object_set_data (G_OBJECT (form), "signet-legacy", GINT_TO_POINTER (legacy));
  g_set_object (&serve->form, form);
  reply = run_request (serve, data, send, outcome);
  if (reply == NULL || take_stanza_error (serve, outcome, reply, step))
    return;

  g_clear_object (&serve->form);
  if (step == SIGNET_INBAND_STEP_UNREGISTER)
    outcome->data = json_node_init_boolean (json_node_alloc (), TRUE);
  else
    outcome->data = registered_data ();
}

static void
handle_request (Serve                 *serve,
                SignetCliServeRequest *request,
                Outcome               *outcome)
{
  switch (request->event)
    {
    case SIGNET_CLI_SERVE_LOGIN:
      serve_login (serve, request->data, outcome);
      break;
    case SIGNET_CLI_SERVE_GET:
      serve_get (serve, request->data, outcome);
      break;
    case SIGNET_CLI_SERVE_SET:
      serve_submit (serve, request->data, send_set, SIGNET_INBAND_STEP_SUBMIT, outcome);
      break;
    case SIGNET_CLI_SERVE_PASSWORD:
      serve_submit (serve, request->data, send_password, SIGNET_INBAND_STEP_CHANGE_PASSWORD, outcome);
      break;
    case SIGNET_CLI_SERVE_UNREGISTER:
      serve_submit (serve, request->data, send_unregister, SIGNET_INBAND_STEP_UNREGISTER, outcome);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
serve_line (Serve      *serve,
            const char *line,
            gsize       length)
{
  g_auto(Outcome) outcome = { 0 };
  g_autoptr(SignetCliServeRequest) request = NULL;
  g_autoptr(JsonNode) id = NULL;
  g_autoptr(GError) error = NULL;

  request = signet_cli_serve_parse_line (line, length, &id, &error);
  if (request == NULL)
    take_local_error (&outcome, error);
  else
    handle_request (serve, request, &outcome);

  print_reply (id, &outcome);
}

int
signet_cli_run_xmpp_serve (SignetCliOptions *options)
{
  g_autoptr(GInputStream) stdin_stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GDataInputStream) input = g_data_input_stream_new (stdin_stream);
  g_auto(Serve) serve = { 0 };

  /* A request line may carry a whole form; anything longer is not ours. */
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (input), 64 * 1024);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize length = 0;
      g_autofree char *line = g_data_input_stream_read_line (input, &length, NULL, &error);

      if (line == NULL)
        {
          if (error != NULL)
            g_printerr ("%s\n", error->message);
          return error != NULL ? SIGNET_CLI_EXIT_FAILED : SIGNET_CLI_EXIT_OK;
        }

      if (length == 0 || strspn (line, " \t\r") == length)
        continue;
      serve_line (&serve, line, length);
      explicit_bzero (line, length);
    }
}
