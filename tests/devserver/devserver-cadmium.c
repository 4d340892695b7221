/* devserver-cadmium.c: a Cadmium server that signs people up (CPE#3) over a
 * WebSocket with TLS, for Signet's tests
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devserver-cadmium.h"
#include "devserver-tls.h"

#define REGISTER_TYPE "urn:cadmium:profile:register"
#define ERROR_PREFIX REGISTER_TYPE ":"
/* Where Signet's discovery looks (SIGNET_CADMIUM_WELL_KNOWN_PATH). */
#define WELL_KNOWN_PATH "/.well-known/cadmium"

typedef struct
{
  gboolean cadmium;
  int port;
  char   *domain;
  char   *path;
  char  **taken_usernames;
  char  **taken_emails;
  char  **taken_msisdns;
  gboolean no_registration;
  int rate_limit;
  int rate_window_ms;
  int throttle_first;
  int retry_after_ms;
  int garble;
  int drop;
  int faulty_connections;
  gboolean unknown_type;
  gboolean vague_conflict;
  gboolean legacy_errors;
  char   *fail_with;
  int delay_ms;
  gboolean no_well_known;
  gboolean hang_well_known;
  /* The fault matrix: one element of the server's whole life, counted
   * over every connection, hit by one fault (--fault-element, --fault). */
  int fault_element;
  char   *fault_name;
  int fault;
  gboolean print_elements;
  guint n_elements;

  /* Every identifier that has an account: "username:x", "email:x", "msisdn:x". */
  GHashTable *taken;
  /* The WebSocket connections that sent a request so far. */
  guint connections;
} Server;

typedef enum
{
  FAULT_NONE,
  /* The connection is cut where the element would have passed. */
  FAULT_DROP,
  /* The element passes after --delay-ms, or never if the client left. */
  FAULT_DELAY,
  /* Something that is not the protocol goes out instead of the element. */
  FAULT_GARBLE,
  /* A well-formed answer of the wrong kind goes out instead. */
  FAULT_WRONG,
} Fault;

static const char * const fault_names[] = { "none", "drop", "delay", "garble", "wrong" };

/* What one connection has sent so far. */
typedef struct
{
  guint requests;
  GQueue times;
  /* Which connection that sent a request this is, counted from 1. */
  guint number;
} Peer;

static void
peer_free (Peer *peer)
{
  g_queue_clear_full (&peer->times, g_free);
  g_free (peer);
}

static const char summary[] =
  "Speaks Cadmium's WebSocket + JSON protocol with TLS, enough to sign up\n"
  "(CPE#3, urn:cadmium:profile:register): the envelope, its errors id_exists,\n"
  "reg_disabled, ratelimit_exceed (retryAfter in ms), unhandled and parseError,\n"
  "the user ids @user@DOMAIN and %email:…@DOMAIN / %msisdn:…@DOMAIN, and a\n"
  "login payload for loginOnSuccess.\n"
  "\n"
  "Its first line on stdout is\n"
  "  READY 127.0.0.1 <port> <sha256 of the TLS certificate, lowercase hex>\n"
  "and then one line for each account made:\n"
  "  REGISTERED <user id>\n"
  "\n"
  "Requests are counted per connection from 1.  Besides --path, the same\n"
  "WebSocket is served at /.well-known/cadmium, where Signet looks for a\n"
  "Cadmium server when it is given only a domain.\n"
  "\n"
  "For the fault matrix, elements are counted from 1 over the server's\n"
  "whole life: the client's upgrade request (C upgrade), the server's\n"
  "answer to it (S 101), then every WebSocket frame either way (C register,\n"
  "S result or S <error id>).  With --print-elements each is announced as\n"
  "  ELEMENT <n> <C|S> <name>\n"
  "before --fault hits it.  A delayed element from the client is acted on\n"
  "only if the client is still there; one from the server comes after the\n"
  "server acted.";

static gboolean
parse_options (Server  *server,
               int     *argc,
               char  ***argv,
               GError **error)
{
  const GOptionEntry entries[] = {
    { "cadmium", 0, 0, G_OPTION_ARG_NONE, &server->cadmium, "Run the Cadmium mode", NULL },
    { "port", 0, 0, G_OPTION_ARG_INT, &server->port, "Port on 127.0.0.1 (default 0: a free one)", "N" },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &server->domain,
      "Cadmium domain and certificate name (default localhost)", "D" },
    { "path", 0, 0, G_OPTION_ARG_STRING, &server->path, "WebSocket path (default /cadmium)", "PATH" },
    { "taken-username", 0, 0, G_OPTION_ARG_STRING_ARRAY, &server->taken_usernames,
      "This username has an account (repeatable)", "NAME" },
    { "taken-email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &server->taken_emails,
      "This email address has an account (repeatable)", "ADDRESS" },
    { "taken-msisdn", 0, 0, G_OPTION_ARG_STRING_ARRAY, &server->taken_msisdns,
      "This E.164 number has an account (repeatable)", "+NUMBER" },
    { "no-registration", 0, 0, G_OPTION_ARG_NONE, &server->no_registration,
      "Answer every registration with reg_disabled", NULL },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &server->rate_limit,
      "At most N requests per connection within --rate-window (default 0: no limit)", "N" },
    { "rate-window", 0, 0, G_OPTION_ARG_INT, &server->rate_window_ms,
      "The window of --rate-limit (default 10000)", "MS" },
    { "throttle-first", 0, 0, G_OPTION_ARG_INT, &server->throttle_first,
      "Refuse the first N requests of every connection with ratelimit_exceed", "N" },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &server->retry_after_ms,
      "retryAfter of --throttle-first (default 1000)", "MS" },
    { "garble", 0, 0, G_OPTION_ARG_INT, &server->garble,
      "Answer the N-th request with a frame that is not JSON", "N" },
    { "drop", 0, 0, G_OPTION_ARG_INT, &server->drop,
      "Drop the connection, without a closing handshake, on the N-th request", "N" },
    { "faulty-connections", 0, 0, G_OPTION_ARG_INT, &server->faulty_connections,
      "--garble and --drop only on the first N connections that send a request (default 0: on all)", "N" },
    { "unknown-type", 0, 0, G_OPTION_ARG_NONE, &server->unknown_type,
      "Offer no registration: answer it with unhandled", NULL },
    { "vague-conflict", 0, 0, G_OPTION_ARG_NONE, &server->vague_conflict,
      "Do not say which identifier id_exists is about", NULL },
    { "legacy-errors", 0, 0, G_OPTION_ARG_NONE, &server->legacy_errors,
      "Errors as zirconium-sharp: errCode, ids without prefix, \"to\" as a string", NULL },
    { "fail-with", 0, 0, G_OPTION_ARG_STRING, &server->fail_with,
      "Answer every registration with this error", "ERRID:TEXT" },
    { "delay-ms", 0, 0, G_OPTION_ARG_INT, &server->delay_ms, "Wait this long before every answer", "MS" },
    { "no-well-known", 0, 0, G_OPTION_ARG_NONE, &server->no_well_known,
      "Serve no WebSocket at /.well-known/cadmium (discovery finds nothing)", NULL },
    { "hang-well-known", 0, 0, G_OPTION_ARG_NONE, &server->hang_well_known,
      "Never answer a request for /.well-known/cadmium (discovery times out)", NULL },
    { "fault-element", 0, 0, G_OPTION_ARG_INT, &server->fault_element,
      "Hit the N-th element of the server's life with --fault (then --delay-ms is that fault's only)", "N" },
    { "fault", 0, 0, G_OPTION_ARG_STRING, &server->fault_name,
      "The fault of --fault-element: drop, delay, garble or wrong", "FAULT" },
    { "print-elements", 0, 0, G_OPTION_ARG_NONE, &server->print_elements,
      "Print ELEMENT <n> <C|S> <name> as each element is reached", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("--cadmium - Signet's Cadmium development server");

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  return g_option_context_parse (context, argc, argv, error);
}

static void
take_all (Server     *server,
          const char *kind,
          char      **values)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    g_hash_table_add (server->taken, g_strdup_printf ("%s:%s", kind, values[i]));
}

gboolean
devserver_cadmium_requested (int    argc,
                             char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--cadmium"))
      return TRUE;

  return FALSE;
}

typedef struct
{
  SoupWebsocketConnection *connection;
  char *text;
} Reply;

static gboolean
on_send_later (gpointer user_data)
{
  Reply *reply = user_data;

  if (soup_websocket_connection_get_state (reply->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (reply->connection, reply->text);
  g_object_unref (reply->connection);
  g_free (reply->text);
  g_free (reply);
  return G_SOURCE_REMOVE;
}

/* Counts the next element and says which fault hits it. */
static Fault
reach_element (Server     *server,
               char        side,
               const char *name)
{
  server->n_elements++;
  if (server->print_elements)
    {
      printf ("ELEMENT %u %c %s\n", server->n_elements, side, name);
      fflush (stdout);
    }

  return (int) server->n_elements == server->fault_element ? (Fault) server->fault : FAULT_NONE;
}

/* No closing handshake, no close_notify: just gone. */
static void
drop_connection (SoupWebsocketConnection *connection)
{
  g_io_stream_close (soup_websocket_connection_get_io_stream (connection), NULL, NULL);
}

/* A frame's name in the ELEMENT lines: the last part of a request's type,
 * "result" for a success, the error id without its prefix for a failure,
 * "garbage" for what is not JSON.  @id: the frame's "id". */
static char *
frame_name (const char *data,
            gsize       length,
            gboolean    request,
            char      **id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  const char *name;

  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup ("garbage");

  root = json_node_get_object (json_parser_get_root (parser));
  if (id != NULL)
    *id = g_strdup (json_object_get_string_member_with_default (root, "id", ""));
  if (request)
    name = json_object_get_string_member_with_default (root, "type", "untyped");
  else if (json_object_get_boolean_member_with_default (root, "ok", FALSE))
    name = "result";
  else
    {
      JsonNode *node = json_object_get_member (root, "payload");
      JsonObject *payload = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      name = payload != NULL ? json_object_get_string_member_with_default (payload, "errID", NULL) : NULL;
      if (name == NULL && payload != NULL)
        name = json_object_get_string_member_with_default (payload, "errCode", NULL);
      if (name == NULL)
        name = "error";
    }

  return g_strdup (strrchr (name, ':') != NULL ? strrchr (name, ':') + 1 : name);
}

static JsonBuilder *begin_answer (Server     *server,
                                  const char *id,
                                  const char *type,
                                  gboolean    ok);

/* --fault wrong: a success of another kind of exchange, with the
 * request's id and an empty payload. */
static char *
wrong_answer (Server     *server,
              const char *id)
{
  g_autoptr(JsonBuilder) builder = begin_answer (server, id, "urn:cadmium:ping", TRUE);
  g_autoptr(JsonNode) root = NULL;

  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
send_text (Server                  *server,
           SoupWebsocketConnection *connection,
           const char              *text)
{
  g_autofree char *id = NULL;
  g_autofree char *name = frame_name (text, strlen (text), FALSE, &id);
  g_autofree char *wrong = NULL;
  Fault fault = reach_element (server, 'S', name);
  /* With --fault-element, only the delayed element waits. */
  int delay_ms = server->fault_element <= 0 || fault == FAULT_DELAY ? server->delay_ms : 0;
  Reply *reply;

  if (fault == FAULT_DROP)
    return drop_connection (connection);
  if (fault == FAULT_GARBLE)
    text = "<html><body>502 Bad Gateway</body></html>";
  else if (fault == FAULT_WRONG)
    text = wrong = wrong_answer (server, id);

  if (delay_ms <= 0)
    {
      soup_websocket_connection_send_text (connection, text);
      return;
    }

  reply = g_new0 (Reply, 1);
  reply->connection = g_object_ref (connection);
  reply->text = g_strdup (text);
  g_timeout_add ((guint) delay_ms, on_send_later, reply);
}

/* The envelope of an answer, left open at "payload"'s object. */
static JsonBuilder *
begin_answer (Server     *server,
              const char *id,
              const char *type,
              gboolean    ok)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, server->domain);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, ok);
  json_builder_set_member_name (builder, "payload");
  json_builder_begin_object (builder);
  return builder;
}

static void
finish_answer (Server                  *server,
               SoupWebsocketConnection *connection,
               JsonBuilder             *builder)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  send_text (server, connection, text);
  g_object_unref (builder);
}

/* @field: which identifier id_exists is about; @retry_after: < 0 for none. */
static void
send_error (Server                  *server,
            SoupWebsocketConnection *connection,
            const char              *id,
            const char              *type,
            const char              *error_id,
            const char              *text,
            const char              *field,
            gint64                   retry_after)
{
  JsonBuilder *builder = begin_answer (server, id, type, FALSE);
  g_autofree char *full_id = NULL;

  /* CPE#3's own errors carry its prefix; the generic ones do not. */
  if (!server->legacy_errors && g_str_equal (type, REGISTER_TYPE) &&
      (g_str_equal (error_id, "id_exists") || g_str_equal (error_id, "reg_disabled")))
    full_id = g_strconcat (ERROR_PREFIX, error_id, NULL);
  else
    full_id = g_strdup (error_id);

  json_builder_set_member_name (builder, server->legacy_errors ? "errCode" : "errID");
  json_builder_add_string_value (builder, full_id);
  json_builder_set_member_name (builder, "errText");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "errPayload");
  json_builder_begin_object (builder);
  if (field != NULL)
    {
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
    }
  if (retry_after >= 0)
    {
      json_builder_set_member_name (builder, "retryAfter");
      json_builder_add_int_value (builder, retry_after);
    }
  json_builder_end_object (builder);
  finish_answer (server, connection, builder);
}

static char *
random_hex (gsize bytes)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < bytes; i++)
    g_string_append_printf (text, "%02x", g_random_int_range (0, 256));

  return g_string_free (text, FALSE);
}

static void
send_registered (Server                  *server,
                 SoupWebsocketConnection *connection,
                 const char              *id,
                 const char              *user_id,
                 gboolean                 login)
{
  JsonBuilder *builder = begin_answer (server, id, REGISTER_TYPE, TRUE);

  json_builder_set_member_name (builder, "userID");
  json_builder_add_string_value (builder, user_id);
  if (login)
    {
      g_autofree char *token = random_hex (32);
      g_autofree char *device = random_hex (8);

      json_builder_set_member_name (builder, "loginPayload");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "authToken");
      json_builder_add_string_value (builder, token);
      json_builder_set_member_name (builder, "deviceID");
      json_builder_add_string_value (builder, device);
      json_builder_end_object (builder);
    }
  /* Said before answering, so that a test sees it once the client is done. */
  printf ("REGISTERED %s\n", user_id);
  fflush (stdout);
  finish_answer (server, connection, builder);
}

typedef struct
{
  const char *username;
  const char *email;
  const char *msisdn;
  const char *password;
  gboolean login;
} Registration;

/* FALSE when the payload is not CPE#3's. */
static gboolean
read_registration (JsonObject   *payload,
                   Registration *registration)
{
  JsonArray *pids;

  if (payload == NULL || !json_object_has_member (payload, "password") ||
      json_object_get_string_member_with_default (payload, "password", NULL) == NULL)
    return FALSE;

  registration->password = json_object_get_string_member (payload, "password");
  registration->username = json_object_get_string_member_with_default (payload, "username", NULL);
  registration->login = json_object_get_boolean_member_with_default (payload, "loginOnSuccess", FALSE);
  pids = json_object_has_member (payload, "thirdPIDs") ?
         json_object_get_array_member (payload, "thirdPIDs") : NULL;

  for (guint i = 0; pids != NULL && i < json_array_get_length (pids); i++)
    {
      JsonObject *pid = json_array_get_object_element (pids, i);
      const char *type = pid != NULL ? json_object_get_string_member_with_default (pid, "type", "") : "";
      const char *value = pid != NULL ? json_object_get_string_member_with_default (pid, "value", NULL) : NULL;

      if (value == NULL)
        return FALSE;
      if (g_str_equal (type, "email"))
        registration->email = value;
      else if (g_str_equal (type, "msisdn"))
        registration->msisdn = value;
      else
        return FALSE;
    }

  return TRUE;
}

/* The field of the first identifier that has an account, or NULL. */
static const char *
find_taken (Server             *server,
            const Registration *registration,
            const char        **text)
{
  const struct
  {
    const char *field;
    const char *value;
    const char *text;
  } ids[] = {
    { "username", registration->username, "Username already taken" },
    { "email", registration->email, "Email already taken" },
    { "msisdn", registration->msisdn, "MSISDN already taken" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *key = g_strdup_printf ("%s:%s", ids[i].field, ids[i].value);

      if (ids[i].value != NULL && g_hash_table_contains (server->taken, key))
        {
          *text = ids[i].text;
          return ids[i].field;
        }
    }

  return NULL;
}

static gboolean
valid_username (const char *username)
{
  if (*username == '\0')
    return FALSE;
  for (const char *p = username; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || strchr ("._=-/", *p) != NULL))
      return FALSE;

  return TRUE;
}

static void
handle_register (Server                  *server,
                 SoupWebsocketConnection *connection,
                 const char              *id,
                 JsonObject              *payload)
{
  Registration registration = { 0 };
  g_autofree char *user_id = NULL;
  const char *field;
  const char *text = NULL;

  if (!read_registration (payload, &registration) ||
      (registration.username == NULL && registration.email == NULL && registration.msisdn == NULL))
    return send_error (server, connection, id, REGISTER_TYPE, "parseError",
                       "Invalid registration payload", NULL, -1);
  if (registration.username != NULL && !valid_username (registration.username))
    return send_error (server, connection, id, REGISTER_TYPE, ERROR_PREFIX "invalid_username",
                       "Username has invalid characters", NULL, -1);

  field = find_taken (server, &registration, &text);
  if (field != NULL)
    return send_error (server, connection, id, REGISTER_TYPE, "id_exists",
                       server->vague_conflict ? "Username/email/msisdn already taken" : text,
                       server->vague_conflict ? NULL : field, -1);

  if (registration.username != NULL)
    user_id = g_strdup_printf ("@%s@%s", registration.username, server->domain);
  else if (registration.email != NULL)
    user_id = g_strdup_printf ("%%email:%s@%s", registration.email, server->domain);
  else
    user_id = g_strdup_printf ("%%msisdn:%s@%s", registration.msisdn, server->domain);

  take_all (server, "username", (char *[]) { (char *) registration.username, NULL });
  take_all (server, "email", (char *[]) { (char *) registration.email, NULL });
  take_all (server, "msisdn", (char *[]) { (char *) registration.msisdn, NULL });
  send_registered (server, connection, id, user_id, registration.login);
}

/* How long @peer must wait, in ms, or -1 when it may go on now. */
static gint64
rate_limited (Server *server,
              Peer   *peer)
{
  gint64 now = g_get_monotonic_time () / 1000;
  gint64 window = server->rate_window_ms;

  if ((int) peer->requests <= server->throttle_first)
    return server->retry_after_ms;

  if (server->rate_limit <= 0)
    return -1;

  while (!g_queue_is_empty (&peer->times) &&
         now - *(gint64 *) g_queue_peek_head (&peer->times) >= window)
    g_free (g_queue_pop_head (&peer->times));

  if ((int) g_queue_get_length (&peer->times) >= server->rate_limit)
    return window - (now - *(gint64 *) g_queue_peek_head (&peer->times));

  g_queue_push_tail (&peer->times, g_memdup2 (&now, sizeof now));
  return -1;
}

/* The faults and refusals that come before looking at a registration. */
static gboolean
answer_fault (Server                  *server,
              SoupWebsocketConnection *connection,
              Peer                    *peer,
              const char              *id,
              const char              *type)
{
  gint64 retry_after;
  gboolean faulty = server->faulty_connections <= 0 || (int) peer->number <= server->faulty_connections;

  if (faulty && server->drop > 0 && (int) peer->requests == server->drop)
    {
      g_io_stream_close (soup_websocket_connection_get_io_stream (connection), NULL, NULL);
      return TRUE;
    }
  if (faulty && server->garble > 0 && (int) peer->requests == server->garble)
    {
      send_text (server, connection, "<html><body>502 Bad Gateway</body></html>");
      return TRUE;
    }
  if (server->unknown_type || !g_str_equal (type, REGISTER_TYPE))
    {
      send_error (server, connection, id, type, "unhandled", "Unhandled message type", NULL, -1);
      return TRUE;
    }

  retry_after = rate_limited (server, peer);
  if (retry_after >= 0)
    {
      send_error (server, connection, id, type, "ratelimit_exceed",
                  "Request ratelimit exceed! Please, try again later!", NULL, retry_after);
      return TRUE;
    }

  return FALSE;
}

static void
answer_request (Server                  *server,
                SoupWebsocketConnection *connection,
                Peer                    *peer,
                JsonObject              *request)
{
  const char *id = json_object_get_string_member_with_default (request, "id", "");
  const char *type = json_object_get_string_member_with_default (request, "type", "");
  JsonNode *payload = json_object_get_member (request, "payload");

  if (answer_fault (server, connection, peer, id, type))
    return;

  if (server->fail_with != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (server->fail_with, ":", 2);

      if (g_strrstr (server->fail_with, ":") != NULL && parts[1] != NULL)
        {
          g_autofree char *error_id = g_strndup (server->fail_with,
                                                 strrchr (server->fail_with, ':') - server->fail_with);
          const char *text = strrchr (server->fail_with, ':') + 1;

          send_error (server, connection, id, type, error_id, text, NULL, -1);
          return;
        }
    }

  if (server->no_registration)
    send_error (server, connection, id, type, "reg_disabled", "Registration is disabled", NULL, -1);
  else
    handle_register (server, connection, id,
                     payload != NULL && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL);
}

static void
receive_frame (Server                  *server,
               SoupWebsocketConnection *connection,
               SoupWebsocketDataType    type,
               GBytes                  *message)
{
  Peer *peer = g_object_get_data (G_OBJECT (connection), "peer");
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  JsonNode *root;

  if (peer->requests++ == 0)
    peer->number = ++server->connections;
  if (type != SOUP_WEBSOCKET_DATA_TEXT || data == NULL ||
      !json_parser_load_from_data (parser, data, (gssize) length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      send_error (server, connection, "", "", "parseError", "Invalid JSON", NULL, -1);
      return;
    }

  answer_request (server, connection, peer, json_node_get_object (root));
}

/* A frame from the client held by --fault delay. */
typedef struct
{
  Server *server;
  SoupWebsocketConnection *connection;
  SoupWebsocketDataType type;
  GBytes *message;
} Held;

static gboolean
on_held_frame (gpointer user_data)
{
  Held *held = user_data;

  /* A client that gave up meanwhile never had it read at all, so what it
   * asked for does not happen. */
  if (soup_websocket_connection_get_state (held->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    receive_frame (held->server, held->connection, held->type, held->message);
  g_object_unref (held->connection);
  g_bytes_unref (held->message);
  g_free (held);
  return G_SOURCE_REMOVE;
}

static void
on_message (SoupWebsocketConnection *connection,
            SoupWebsocketDataType    type,
            GBytes                  *message,
            gpointer                 user_data)
{
  Server *server = user_data;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_autofree char *name = frame_name (type == SOUP_WEBSOCKET_DATA_TEXT ? data : NULL, length, TRUE, NULL);
  Fault fault = reach_element (server, 'C', name);
  Held *held;

  if (fault == FAULT_DROP)
    return drop_connection (connection);
  if (fault != FAULT_DELAY)
    return receive_frame (server, connection, type, message);

  held = g_new0 (Held, 1);
  held->server = server;
  held->connection = g_object_ref (connection);
  held->type = type;
  held->message = g_bytes_ref (message);
  g_timeout_add ((guint) server->delay_ms, on_held_frame, held);
}

static gboolean
on_unpause_later (gpointer user_data)
{
  soup_server_message_unpause (user_data);
  g_object_unref (user_data);
  return G_SOURCE_REMOVE;
}

/* --fault on the upgrade request (C upgrade) or on its answer (S 101),
 * which carry nothing that the server acts on. */
static void
on_upgrade (SoupServer        *soup_server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Server *server = user_data;
  Fault fault = reach_element (server, 'C', "upgrade");
  const char garbage[] = "\x16\x03garbage, not HTTP\r\n\r\n";
  const char page[] = "<html><body>Welcome</body></html>";
  g_autoptr(GIOStream) stream = NULL;

  if (fault == FAULT_NONE)
    fault = reach_element (server, 'S', "101");

  switch (fault)
    {
    case FAULT_DROP:
      stream = soup_server_message_steal_connection (message);
      g_io_stream_close (stream, NULL, NULL);
      break;
    case FAULT_DELAY:
      soup_server_message_pause (message);
      g_timeout_add ((guint) server->delay_ms, on_unpause_later, g_object_ref (message));
      break;
    case FAULT_GARBLE:
      stream = soup_server_message_steal_connection (message);
      g_output_stream_write_all (g_io_stream_get_output_stream (stream), garbage, strlen (garbage), NULL, NULL, NULL);
      g_io_stream_close (stream, NULL, NULL);
      break;
    case FAULT_WRONG:
      /* A web page where a WebSocket was asked for. */
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
      break;
    case FAULT_NONE:
    default:
      break;
    }
}

static void
on_websocket (SoupServer              *soup_server,
              SoupServerMessage       *message,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  /* The connection lives until it closes. */
  g_object_ref (connection);
  g_object_set_data_full (G_OBJECT (connection), "peer", g_new0 (Peer, 1), (GDestroyNotify) peer_free);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), user_data);
  g_signal_connect (connection, "closed", G_CALLBACK (g_object_unref), NULL);
}

/* Keeps the request waiting: the client's timeout has to end it. */
static void
on_hang (SoupServer        *soup_server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  soup_server_message_pause (message);
}

static void
add_well_known (Server     *server,
                SoupServer *soup_server)
{
  if (server->hang_well_known)
    soup_server_add_handler (soup_server, WELL_KNOWN_PATH, on_hang, NULL, NULL);
  else if (!server->no_well_known && !g_str_equal (server->path, WELL_KNOWN_PATH))
    soup_server_add_websocket_handler (soup_server, WELL_KNOWN_PATH, NULL, NULL, on_websocket, server, NULL);
}

static SoupServer *
start_server (Server  *server,
              guint16 *port,
              char   **sha256,
              GError **error)
{
  g_autoptr(DevserverTls) tls = devserver_tls_new (server->domain, error);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) soup_server = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *pem = NULL;
  GSList *uris;

  if (tls == NULL)
    return NULL;

  pem = devserver_tls_dup_pem (tls);
  certificate = pem != NULL ? g_tls_certificate_new_from_pem (pem, -1, error) : NULL;
  if (certificate == NULL)
    return NULL;

  soup_server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_websocket_handler (soup_server, server->path, NULL, NULL, on_websocket, server, NULL);
  soup_server_add_early_handler (soup_server, server->path, on_upgrade, server, NULL);
  add_well_known (server, soup_server);
  address = g_inet_socket_address_new (loopback, (guint16) server->port);
  if (!soup_server_listen (soup_server, address, SOUP_SERVER_LISTEN_HTTPS, error))
    return NULL;

  uris = soup_server_get_uris (soup_server);
  *port = (guint16) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  *sha256 = g_strdup (devserver_tls_get_sha256 (tls));
  return g_steal_pointer (&soup_server);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Orphaned: whoever started the server is gone. */
static gboolean
on_parent_check (gpointer user_data)
{
  if (getppid () != GPOINTER_TO_INT (user_data))
    {
      raise (SIGTERM);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

int
devserver_cadmium_main (int    argc,
                        char **argv)
{
  Server server = { .rate_window_ms = 10000, .retry_after_ms = 1000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(SoupServer) soup_server = NULL;
  g_autofree char *sha256 = NULL;
  guint16 port = 0;

  g_timeout_add_seconds (1, on_parent_check, GINT_TO_POINTER (getppid ()));
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  g_unix_signal_add (SIGINT, on_quit_signal, loop);

  if (!parse_options (&server, &argc, &argv, &error))
    {
      g_printerr ("signet-devserver: %s\n", error->message);
      return EXIT_FAILURE;
    }
  for (guint i = 0; server.fault_name != NULL && i < G_N_ELEMENTS (fault_names); i++)
    if (g_str_equal (server.fault_name, fault_names[i]))
      server.fault = (int) i;
  if ((server.fault_element > 0) != (server.fault > FAULT_NONE) ||
      (server.fault == FAULT_DELAY && server.delay_ms <= 0))
    {
      g_printerr ("signet-devserver: --fault-element and --fault (drop, delay, garble or wrong) go together; "
                  "--fault delay needs --delay-ms\n");
      return EXIT_FAILURE;
    }
  if (server.domain == NULL)
    server.domain = g_strdup ("localhost");
  if (server.path == NULL)
    server.path = g_strdup ("/cadmium");
  server.taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  take_all (&server, "username", server.taken_usernames);
  take_all (&server, "email", server.taken_emails);
  take_all (&server, "msisdn", server.taken_msisdns);

  soup_server = start_server (&server, &port, &sha256, &error);
  if (soup_server == NULL)
    {
      g_printerr ("signet-devserver: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Tests wait for exactly this line before connecting. */
  printf ("READY 127.0.0.1 %u %s\n", port, sha256);
  fflush (stdout);
  g_main_loop_run (loop);
  fflush (stdout);
  /* Like the XMPP mode: nothing needs tearing down for a clean exit. */
  exit (EXIT_SUCCESS);
}
