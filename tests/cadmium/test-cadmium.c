/* test-cadmium.c: Cadmium sign-up (CPE#3) from signet-cli and the core,
 * against signet-devserver's Cadmium mode over real TLS WebSockets.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-core.h"
#include "signet-test-cli.h"
#include "signet-test-keyring.h"
#include "signet-test-secrets.h"
#include "signet-test-server.h"

#define PASSWORD "romeo-and-juliet"

typedef SignetTestCliRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, signet_test_cli_run_clear)

/* Runs signet-cli with @args, the password on standard input; with --json
 * among @args, the output is parsed too. */
static void
run_cli (Run                *run,
         const char * const *args)
{
  signet_test_cli_run (run, NULL, args, PASSWORD "\n");
  g_test_message ("signet-cli exit %d\nout: %s\nerr: %s", run->status, run->out, run->err);

  if (g_strv_contains (args, "--json"))
    signet_test_cli_run_parse (run);
}

/* `cadmium register` on @server (trusted unless @trust is FALSE), with the
 * NULL-terminated further arguments. */
static void
register_cli (Run              *run,
              SignetTestServer *server,
              gboolean          trust,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  va_list ap;

  g_ptr_array_add (args, g_strdup ("cadmium"));
  g_ptr_array_add (args, g_strdup ("register"));
  g_ptr_array_add (args, g_strdup_printf ("--url=wss://%s/cadmium", signet_test_server_get_host_and_port (server)));
  g_ptr_array_add (args, g_strdup ("--server=localhost"));
  if (trust)
    g_ptr_array_add (args, g_strdup_printf ("--trust=%s", signet_test_server_get_sha256 (server)));
  g_ptr_array_add (args, g_strdup ("--json"));
  va_start (ap, trust);
  for (const char *arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run_cli (run, (const char * const *) args->pdata);
}

static const char *
error_condition (Run *run)
{
  JsonObject *error = json_object_get_object_member (run->json, "error");

  g_assert_nonnull (error);
  return json_object_get_string_member (error, "condition");
}

static const char *
error_message (Run *run)
{
  return json_object_get_string_member (json_object_get_object_member (run->json, "error"), "message");
}

static void
assert_registered (Run        *run,
                   const char *user_id)
{
  g_autofree char *secret = NULL;
  JsonObject *result;

  g_assert_cmpint (run->status, ==, 0);
  result = json_object_get_object_member (run->json, "result");
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "user_id"), ==, user_id);
  g_assert_true (json_object_get_boolean_member (result, "keyring-stored"));

  secret = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_CADMIUM, "localhost", user_id);
  g_assert_cmpstr (secret, ==, PASSWORD);
}

static void
assert_server_registered (SignetTestServer *server,
                          const char       *user_id)
{
  g_autofree char *line = g_strdup_printf ("REGISTERED %s\n", user_id);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* The line is in the pipe; the test reads it as the main context runs. */
  while (strstr (signet_test_server_get_output (server), line) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (strstr (signet_test_server_get_output (server), line));
}

static void
assert_nothing_registered (SignetTestServer *server)
{
  g_assert_null (strstr (signet_test_server_get_output (server), "REGISTERED"));
}

static void
test_username_only (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) accounts = { 0 };
  JsonArray *list;

  register_cli (&run, server, TRUE, "--username=juliet", NULL);
  assert_registered (&run, "@juliet@localhost");
  g_assert_true (json_object_get_null_member (json_object_get_object_member (run.json, "result"), "login"));
  assert_server_registered (server, "@juliet@localhost");
  /* No login asked for: no token kept. */
  g_assert_null (signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN, "localhost",
                                                  "@juliet@localhost"));

  run_cli (&accounts, (const char *[]) { "accounts", "--json", NULL });
  list = json_object_get_array_member (accounts.json, "result");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "kind"), ==, "cadmium");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "jid"), ==,
                   "@juliet@localhost");
}

static void
test_email_only (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_auto(Run) run = { 0 };

  register_cli (&run, server, TRUE, "--email=juliet@capulet.example", NULL);
  assert_registered (&run, "%email:juliet@capulet.example@localhost");
  assert_server_registered (server, "%email:juliet@capulet.example@localhost");
}

static void
test_phone_only (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_auto(Run) run = { 0 };

  /* Typed with spaces; sent and kept in E.164. */
  register_cli (&run, server, TRUE, "--msisdn=+39 333 123 4567", NULL);
  assert_registered (&run, "%msisdn:+393331234567@localhost");
  assert_server_registered (server, "%msisdn:+393331234567@localhost");
}

static void
test_all_three_with_login (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_auto(Run) run = { 0 };
  g_autofree char *token = NULL;
  JsonObject *login;

  register_cli (&run, server, TRUE, "--username=tybalt", "--email=juliet@capulet.example",
                "--msisdn=+393331234567", "--login", NULL);
  assert_registered (&run, "@tybalt@localhost");
  login = json_object_get_object_member (json_object_get_object_member (run.json, "result"), "login");
  g_assert_nonnull (login);
  g_assert_cmpuint (strlen (json_object_get_string_member (login, "deviceID")), ==, 16);
  g_assert_true (json_object_get_boolean_member (login, "token"));

  /* The token is in the keyring, and nowhere in the output. */
  token = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN, "localhost", "@tybalt@localhost");
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), ==, 64);
  g_assert_null (strstr (run.out, token));
  g_assert_null (strstr (run.err, token));
  g_assert_null (strstr (run.out, PASSWORD));
}

static void
test_taken (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--taken-username=romeo",
                                                                  "--taken-email=romeo@montague.example",
                                                                  "--taken-msisdn=+393331234567", NULL);
  g_autoptr(SignetTestServer) vague = signet_test_server_startv ("--cadmium", "--vague-conflict",
                                                                 "--taken-username=romeo", NULL);
  g_auto(Run) username = { 0 };
  g_auto(Run) email = { 0 };
  g_auto(Run) phone = { 0 };
  g_auto(Run) unknown = { 0 };

  register_cli (&username, server, TRUE, "--username=romeo", "--email=new@montague.example", NULL);
  g_assert_cmpint (username.status, ==, 4);
  g_assert_cmpstr (error_condition (&username), ==, "username-taken");
  g_assert_nonnull (strstr (error_message (&username), "username"));

  register_cli (&email, server, TRUE, "--username=benvolio", "--email=romeo@montague.example", NULL);
  g_assert_cmpint (email.status, ==, 4);
  g_assert_cmpstr (error_condition (&email), ==, "email-taken");
  g_assert_nonnull (strstr (error_message (&email), "email address"));

  register_cli (&phone, server, TRUE, "--msisdn=+39 333 1234567", NULL);
  g_assert_cmpint (phone.status, ==, 4);
  g_assert_cmpstr (error_condition (&phone), ==, "msisdn-taken");
  g_assert_nonnull (strstr (error_message (&phone), "phone number"));

  /* When the server does not say which, neither can the message. */
  register_cli (&unknown, vague, TRUE, "--username=romeo", NULL);
  g_assert_cmpint (unknown.status, ==, 4);
  g_assert_cmpstr (error_condition (&unknown), ==, "id-exists");
  assert_nothing_registered (server);
}

static void
test_registration_disabled (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--no-registration", NULL);
  g_auto(Run) run = { 0 };

  register_cli (&run, server, TRUE, "--username=rosaline", NULL);
  g_assert_cmpint (run.status, ==, 19);
  g_assert_cmpstr (error_condition (&run), ==, "reg-disabled");
  g_assert_null (signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_CADMIUM, "localhost", "@rosaline@localhost"));
}

static void
test_rate_limit_then_retry (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--throttle-first=1",
                                                                  "--retry-after=1500", NULL);
  g_auto(Run) run = { 0 };

  register_cli (&run, server, TRUE, "--username=juliet", NULL);
  assert_registered (&run, "@juliet@localhost");
  /* It waited the whole time, and counted down. */
  g_assert_cmpint (run.elapsed_ms, >=, 1500);
  g_assert_nonnull (strstr (run.err, "trying again in 2 seconds"));
  g_assert_nonnull (strstr (run.err, "trying again in 1 second"));
}

static void
test_rate_limit_twice (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--throttle-first=2",
                                                                  "--retry-after=700", NULL);
  g_auto(Run) run = { 0 };

  /* It retries once by itself; the second refusal is the script's to wait out. */
  register_cli (&run, server, TRUE, "--username=juliet", NULL);
  g_assert_cmpint (run.status, ==, 5);
  g_assert_cmpstr (error_condition (&run), ==, "ratelimit-exceed");
  g_assert_cmpint (json_object_get_int_member (run.json, "retry_after_ms"), ==, 700);
  assert_nothing_registered (server);
}

static void
test_unknown_type (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--unknown-type", NULL);
  g_auto(Run) run = { 0 };

  register_cli (&run, server, TRUE, "--username=juliet", NULL);
  g_assert_cmpint (run.status, ==, 9);
  g_assert_cmpstr (error_condition (&run), ==, "unhandled");
}

static void
test_garbled_frame (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--garble=1", NULL);
  g_auto(Run) run = { 0 };

  register_cli (&run, server, TRUE, "--username=juliet", NULL);
  g_assert_cmpint (run.status, ==, 8);
  g_assert_cmpstr (error_condition (&run), ==, "malformed-reply");
  g_assert_nonnull (strstr (error_message (&run), "not JSON"));
}

static void
test_dropped_socket (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--drop=1", NULL);
  g_auto(Run) run = { 0 };

  register_cli (&run, server, TRUE, "--username=juliet", NULL);
  g_assert_cmpint (run.status, ==, 8);
  g_assert_cmpstr (error_condition (&run), ==, "connection-closed");
}

/* The server answers a minute late: a client that waited for it would
 * succeed, so the timeout error proves the CLI gave up on its own.  Not
 * a tighter bound on the time: before the 1-second timer starts, opening
 * the TLS connection reads the system's CA bundle on the main thread,
 * which takes seconds in the AddressSanitizer pass. */
static void
test_timeout (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--delay-ms=60000", NULL);
  g_auto(Run) run = { 0 };

  register_cli (&run, server, TRUE, "--username=juliet", "--timeout=1", NULL);
  g_assert_cmpint (run.status, ==, 8);
  g_assert_cmpstr (error_condition (&run), ==, "timeout");
  g_assert_cmpint (run.elapsed_ms, <, 60000);
}

static void
test_other_error (void)
{
  g_autoptr(SignetTestServer) server =
    signet_test_server_startv ("--cadmium", "--fail-with=urn:cadmium:profile:register:weak_password:"
                               "Password too short", NULL);
  g_auto(Run) run = { 0 };

  register_cli (&run, server, TRUE, "--username=juliet", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (error_condition (&run), ==, "server-error");
  g_assert_nonnull (strstr (error_message (&run), "Password too short"));
  g_assert_nonnull (strstr (error_message (&run), "weak_password"));
}

static void
test_untrusted_then_trusted (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_auto(Run) refused = { 0 };
  g_auto(Run) trusted = { 0 };
  JsonObject *error;

  register_cli (&refused, server, FALSE, "--username=juliet", NULL);
  g_assert_cmpint (refused.status, ==, 3);
  g_assert_cmpstr (error_condition (&refused), ==, "certificate-untrusted");
  error = json_object_get_object_member (refused.json, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "sha256"), ==, signet_test_server_get_sha256 (server));
  g_assert_nonnull (strstr (json_object_get_string_member (error, "subject"), "CN=localhost"));
  g_assert_nonnull (json_object_get_string_member (error, "not-after"));
  assert_nothing_registered (server);

  register_cli (&trusted, server, TRUE, "--username=juliet", NULL);
  assert_registered (&trusted, "@juliet@localhost");
}

static void
test_checked_locally (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_auto(Run) username = { 0 };
  g_auto(Run) email = { 0 };
  g_auto(Run) phone = { 0 };
  g_auto(Run) plain = { 0 };

  register_cli (&username, server, TRUE, "--username=Juliet!", NULL);
  g_assert_cmpint (username.status, ==, 2);
  g_assert_cmpstr (error_condition (&username), ==, "invalid-username");

  register_cli (&email, server, TRUE, "--email=juliet", NULL);
  g_assert_cmpint (email.status, ==, 2);
  g_assert_cmpstr (error_condition (&email), ==, "invalid-email");

  register_cli (&phone, server, TRUE, "--msisdn=+39 12", NULL);
  g_assert_cmpint (phone.status, ==, 6);

  run_cli (&plain, (const char *[]) { "cadmium", "register", "--url=ws://127.0.0.1:1/cadmium",
                                      "--server=localhost", "--username=juliet", "--json", NULL });
  g_assert_cmpint (plain.status, ==, 2);
  g_assert_cmpstr (error_condition (&plain), ==, "invalid-url");
  assert_nothing_registered (server);
}

static void
on_retry_in (SignetCadmiumClient *client,
             GParamSpec          *pspec,
             GArray              *seen)
{
  guint seconds = signet_cadmium_client_get_retry_in (client);

  g_array_append_val (seen, seconds);
}

static SignetCadmiumFrame *
register_with_client (SignetCadmiumClient *client,
                      const char          *username,
                      GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_cadmium_client_register_async (client, username, NULL, NULL, PASSWORD, TRUE, NULL,
                                        signet_test_async_callback, &result);
  return signet_cadmium_client_register_finish (client, signet_test_async_wait (&result), error);
}

static SignetCadmiumClient *
client_for (SignetTestServer *server)
{
  g_autofree char *url = g_strdup_printf ("wss://%s/cadmium", signet_test_server_get_host_and_port (server));
  SignetCadmiumClient *client = signet_cadmium_client_new (url, "localhost");

  signet_cadmium_client_set_trusted_sha256 (client, signet_test_server_get_sha256 (server));
  return client;
}

/* The countdown a view shows: whole seconds, down to 0 when it retries. */
static void
test_core_countdown (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--throttle-first=1",
                                                                  "--retry-after=2200", NULL);
  g_autoptr(SignetCadmiumClient) client = client_for (server);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(SignetCadmiumFrame) frame = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (client, "notify::retry-in", G_CALLBACK (on_retry_in), seen);
  frame = register_with_client (client, "juliet", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_cadmium_frame_get_user_id (frame), ==, "@juliet@localhost");
  g_assert_nonnull (signet_cadmium_frame_get_login_token (frame));
  g_assert_cmpint (signet_cadmium_client_get_retry_after (client), ==, 2200);

  g_assert_cmpuint (seen->len, ==, 4);
  g_assert_cmpuint (g_array_index (seen, guint, 0), ==, 3);
  g_assert_cmpuint (g_array_index (seen, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (seen, guint, 2), ==, 1);
  g_assert_cmpuint (g_array_index (seen, guint, 3), ==, 0);
}

/* zirconium-sharp's way: errCode, ids without the CPE's prefix. */
static void
test_core_legacy_errors (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--legacy-errors",
                                                                  "--taken-username=romeo", NULL);
  g_autoptr(SignetCadmiumClient) client = client_for (server);
  g_autoptr(SignetCadmiumFrame) frame = NULL;
  g_autoptr(GError) error = NULL;

  frame = register_with_client (client, "romeo", &error);
  g_assert_null (frame);
  g_assert_error (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_USERNAME_TAKEN);
}

static void
test_core_cancel (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--delay-ms=5000", NULL);
  g_autoptr(SignetCadmiumClient) client = client_for (server);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SignetCadmiumFrame) frame = NULL;
  g_autoptr(GError) error = NULL;

  signet_cadmium_client_register_async (client, "juliet", NULL, NULL, PASSWORD, FALSE, cancellable,
                                        signet_test_async_callback, &result);
  g_timeout_add_once (300, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  frame = signet_cadmium_client_register_finish (client, signet_test_async_wait (&result), &error);
  g_assert_null (frame);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static SignetCadmiumFrame *
parse (const char *text,
       GError    **error)
{
  return signet_cadmium_frame_parse (text, strlen (text), error);
}

/* json-glib reads a lone surrogate into bytes that are not UTF-8; such a
 * frame is refused, not shown (found by fuzzing). */
static void
test_frame_lone_surrogate (void)
{
  static const char * const frames[] = {
    "{\"id\":\"1\",\"type\":\"t\",\"ok\":false,\"payload\":{\"errID\":\"x\",\"errText\":\"\\udc00!\"}}",
    "{\"id\":\"\\ud800\",\"type\":\"t\",\"ok\":true,\"payload\":{}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetCadmiumFrame) frame = parse (frames[i], &error);

      g_assert_error (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_BAD_FRAME);
      g_assert_null (frame);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_frame_drift (void)
{
  g_autoptr(SignetCadmiumFrame) ok = NULL;
  g_autoptr(SignetCadmiumFrame) rate = NULL;
  g_autoptr(SignetCadmiumFrame) taken = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) mapped = NULL;

  /* HEAD's "token" and a "to" string, both as servers send them. */
  ok = parse ("{\"id\":\"a\",\"type\":\"urn:cadmium:profile:register\",\"from\":\"c.org\",\"to\":\"c.org\","
              "\"ok\":true,\"payload\":{\"userID\":\"@j@c.org\",\"loginPayload\":{\"token\":\"t1\","
              "\"deviceID\":\"d\"}}}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_cadmium_frame_get_login_token (ok), ==, "t1");
  g_assert_cmpstr (signet_cadmium_frame_get_login_json (ok), ==, "{\"token\":\"t1\",\"deviceID\":\"d\"}");

  /* The rate limit example of the core spec, with its pre-URN type. */
  rate = parse ("{\"id\":\"abcd\",\"type\":\"profile:register\",\"from\":\"cadmium.org\",\"ok\":false,"
                "\"payload\":{\"errID\":\"ratelimit_exceed\",\"errText\":\"Request ratelimit exceed! Please, "
                "try again later!\",\"errPayload\":{\"retryAfter\":1000}}}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (signet_cadmium_frame_get_retry_after (rate), ==, 1000);
  mapped = signet_cadmium_frame_to_error (rate);
  g_assert_error (mapped, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_RATE_LIMITED);

  /* The spec's own text names all three: which one is not known. */
  taken = parse ("{\"id\":\"abcd\",\"type\":\"urn:cadmium:profile:register\",\"ok\":false,\"payload\":{"
                 "\"errID\":\"urn:cadmium:profile:register:id_exists\",\"errText\":\"Username/email/msisdn "
                 "already taken\"}}", &error);
  g_assert_no_error (error);
  g_clear_error (&mapped);
  mapped = signet_cadmium_frame_to_error (taken);
  g_assert_error (mapped, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_ID_EXISTS);
}

/* What a fuzzer would find first: the parser takes any bytes. */
static void
test_frame_any_bytes (void)
{
  const char *bad[] = { "", "{", "[]", "null", "{\"id\":1}", "{\"id\":\"a\",\"type\":\"t\"}",
                        "{\"id\":\"a\",\"type\":\"t\",\"ok\":\"yes\"}", "\xff\xfe{}",
                        "{\"id\":\"a\",\"type\":\"t\",\"ok\":false,\"payload\":[]}" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetCadmiumFrame) frame = parse (bad[i], &error);

      /* An error frame without a payload is still a frame. */
      if (frame != NULL)
        {
          g_autoptr(GError) mapped = signet_cadmium_frame_to_error (frame);

          g_assert_nonnull (mapped);
          continue;
        }
      g_assert_error (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_BAD_FRAME);
    }

  for (guint i = 0; i < 2000; i++)
    {
      guint8 bytes[64];
      gsize length = g_rand_int_range (rand, 0, sizeof bytes);
      g_autoptr(SignetCadmiumFrame) frame = NULL;

      for (gsize j = 0; j < length; j++)
        bytes[j] = (guint8) g_rand_int_range (rand, 0, 256);
      frame = signet_cadmium_frame_parse ((const char *) bytes, length, NULL);
      g_assert_null (frame);
    }
}

static SignetSignupFlow *
flow_for (SignetTestServer *server,
          gboolean          trusted)
{
  g_autofree char *url = g_strdup_printf ("wss://%s/cadmium", signet_test_server_get_host_and_port (server));
  g_autoptr(SignetTrustStore) trust = signet_trust_store_new (NULL);
  SignetSignupFlow *flow = signet_signup_flow_new ();

  signet_signup_flow_set_trust_store (flow, trust);
  signet_signup_flow_set_server (flow, url, NULL, FALSE, trusted ? signet_test_server_get_sha256 (server) : NULL);
  signet_signup_flow_connect (flow);
  /* Nothing to ask the server before the details are typed. */
  g_assert_cmpint (signet_signup_flow_get_operation (flow), ==, SIGNET_SIGNUP_OPERATION_NONE);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_CADMIUM);
  g_assert_nonnull (signet_signup_flow_get_cadmium (flow));
  return flow;
}

/* The wizard's path: the details, the certificate, then the account. */
static void
test_flow_untrusted_then_done (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_autoptr(SignetSignupFlow) flow = flow_for (server, FALSE);
  g_autofree char *token = NULL;
  g_autofree char *password = NULL;
  SignetAccount *account;

  signet_signup_flow_register_cadmium (flow, "mercutio", NULL, "+39 333 765 4321", PASSWORD, TRUE);
  g_assert_cmpint (signet_signup_flow_get_operation (flow), ==, SIGNET_SIGNUP_OPERATION_REGISTERING);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_UNTRUSTED);
  g_assert_cmpstr (signet_certificate_info_get_sha256 (signet_signup_flow_get_certificate (flow)), ==,
                   signet_test_server_get_sha256 (server));
  assert_nothing_registered (server);

  /* Trusting it goes on with what was typed. */
  signet_signup_flow_trust_certificate (flow);
  signet_signup_flow_wait (flow);
  g_assert_no_error (signet_signup_flow_get_error (flow));
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_DONE);
  account = signet_signup_flow_get_account (flow);
  g_assert_cmpstr (signet_account_get_jid (account), ==, "@mercutio@localhost");
  g_assert_cmpstr (signet_account_get_phone (account), ==, "+393337654321");
  /* The server is kept as the address's host, which the server itself calls localhost. */
  g_assert_cmpstr (signet_account_get_server (account), ==, "127.0.0.1");
  g_assert_true (signet_account_get_keyring_stored (account));
  g_assert_null (signet_signup_flow_get_keyring_error (flow));
  assert_server_registered (server, "@mercutio@localhost");

  password = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_CADMIUM, "127.0.0.1", "@mercutio@localhost");
  g_assert_cmpstr (password, ==, PASSWORD);
  token = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN, "127.0.0.1", "@mercutio@localhost");
  g_assert_nonnull (token);
}

static void
test_flow_errors_keep_the_page (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--taken-username=romeo",
                                                                  "--drop=1", "--delay-ms=1500", NULL);
  g_autoptr(SignetSignupFlow) flow = flow_for (server, TRUE);

  /* A dropped socket can be tried again. */
  signet_signup_flow_register_cadmium (flow, "romeo", NULL, NULL, PASSWORD, FALSE);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_CADMIUM);
  g_assert_error (signet_signup_flow_get_error (flow), SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CLOSED);
  g_assert_true (signet_signup_flow_get_can_retry (flow));

  /* Cancelled while the server is slow: back on the page, no error. */
  signet_signup_flow_retry (flow);
  g_assert_cmpint (signet_signup_flow_get_operation (flow), ==, SIGNET_SIGNUP_OPERATION_REGISTERING);
  signet_signup_flow_cancel (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_CADMIUM);
  g_assert_no_error (signet_signup_flow_get_error (flow));
}

static void
test_flow_taken (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--taken-username=romeo", NULL);
  g_autoptr(SignetSignupFlow) flow = flow_for (server, TRUE);

  signet_signup_flow_register_cadmium (flow, "romeo", NULL, NULL, PASSWORD, FALSE);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_CADMIUM);
  g_assert_error (signet_signup_flow_get_error (flow), SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_USERNAME_TAKEN);
  /* A refusal is not the network's: trying the same again would not help. */
  g_assert_false (signet_signup_flow_get_can_retry (flow));
}

int
main (int   argc,
      char *argv[])
{
  /* GSETTINGS_SCHEMA_DIR holds only Signet's schema, and GNOME's proxy
   * resolver aborts without its own; loopback needs no proxy anyway.  The
   * signet-cli children inherit it. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Every test is audited for secrets; logs of this process too. */
  signet_test_secrets_log_install ();

  signet_test_secrets_add_func ("/cadmium/frame/drift", test_frame_drift);
  signet_test_secrets_add_func ("/cadmium/frame/any-bytes", test_frame_any_bytes);
  signet_test_secrets_add_func ("/cadmium/frame/lone-surrogate", test_frame_lone_surrogate);
  signet_test_secrets_add_func ("/cadmium/core/countdown", test_core_countdown);
  signet_test_secrets_add_func ("/cadmium/core/legacy-errors", test_core_legacy_errors);
  signet_test_secrets_add_func ("/cadmium/core/cancel", test_core_cancel);
  signet_test_secrets_add_func ("/cadmium/flow/untrusted-then-done", test_flow_untrusted_then_done);
  signet_test_secrets_add_func ("/cadmium/flow/errors-keep-the-page", test_flow_errors_keep_the_page);
  signet_test_secrets_add_func ("/cadmium/flow/taken", test_flow_taken);
  signet_test_secrets_add_func ("/cadmium/cli/username-only", test_username_only);
  signet_test_secrets_add_func ("/cadmium/cli/email-only", test_email_only);
  signet_test_secrets_add_func ("/cadmium/cli/phone-only", test_phone_only);
  signet_test_secrets_add_func ("/cadmium/cli/all-three-with-login", test_all_three_with_login);
  signet_test_secrets_add_func ("/cadmium/cli/taken", test_taken);
  signet_test_secrets_add_func ("/cadmium/cli/registration-disabled", test_registration_disabled);
  signet_test_secrets_add_func ("/cadmium/cli/rate-limit-then-retry", test_rate_limit_then_retry);
  signet_test_secrets_add_func ("/cadmium/cli/rate-limit-twice", test_rate_limit_twice);
  signet_test_secrets_add_func ("/cadmium/cli/unknown-type", test_unknown_type);
  signet_test_secrets_add_func ("/cadmium/cli/garbled-frame", test_garbled_frame);
  signet_test_secrets_add_func ("/cadmium/cli/dropped-socket", test_dropped_socket);
  signet_test_secrets_add_func ("/cadmium/cli/timeout", test_timeout);
  signet_test_secrets_add_func ("/cadmium/cli/other-error", test_other_error);
  signet_test_secrets_add_func ("/cadmium/cli/untrusted-then-trusted", test_untrusted_then_trusted);
  signet_test_secrets_add_func ("/cadmium/cli/checked-locally", test_checked_locally);

  return g_test_run ();
}
