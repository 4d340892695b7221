/* test-cli-contract.c: one argument contract for every signet-cli command.
 *
 * Every mistake in the arguments is a usage error (exit 2, condition
 * "usage", the option named) found before anything is sent; with --json
 * every run prints exactly one JSON object.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-test-cli.h"
#include "signet-test-gnupg.h"
#include "signet-test-secrets.h"
#include "signet-test-server.h"

typedef SignetTestCliRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, signet_test_cli_run_clear)

/* Runs signet-cli with @args and @input on standard input; the main
 * context keeps serving the devserver and the listener meanwhile. */
static void
run_cli_input (Run                *run,
               const char * const *args,
               const char         *input)
{
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();
  g_autoptr(GSubprocess) process = NULL;

  signet_test_cli_launcher_isolate (launcher);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  process = signet_test_cli_spawn (launcher, args);

  /* Bytes, not UTF-8: what it prints is checked, not assumed. */
  signet_test_cli_communicate_bytes (run, process, input);
}

static void
run_cli (Run                *run,
         const char * const *args)
{
  run_cli_input (run, args, "");
}

/* Exactly one JSON object, on one line. */
static JsonObject *
parse_one_object (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_suffix (text, "\n"));
  g_assert_true (strchr (text, '\n') == text + strlen (text) - 1);
  return signet_test_cli_parse_object (text);
}

/* The run ended in a usage error for @option, as one JSON object. */
static void
assert_usage (const Run  *run,
              const char *option)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;

  if (run->status != 2)
    g_test_message ("signet-cli said: %s / %s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_null (strstr (run->err, "CRITICAL"));
  root = parse_one_object (run->out);
  error = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "usage");
  if (option != NULL)
    {
      g_assert_cmpstr (json_object_get_string_member (error, "option"), ==, option);
      g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), option));
    }
}

/* A port that counts the connections made to it and never answers. */
typedef struct
{
  GSocketService *service;
  guint16 port;
  char *host;
  guint connections;
} Listener;

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  Listener *listener = user_data;

  listener->connections++;
  return FALSE;
}

static void
listener_start (Listener *listener)
{
  g_autoptr(GError) error = NULL;

  listener->service = g_socket_service_new ();
  listener->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (listener->service), NULL, &error);
  g_assert_no_error (error);
  listener->host = g_strdup_printf ("127.0.0.1:%u", listener->port);
  g_signal_connect (listener->service, "incoming", G_CALLBACK (on_incoming), listener);
  g_socket_service_start (listener->service);
}

static void
listener_clear (Listener *listener)
{
  g_socket_service_stop (listener->service);
  g_clear_object (&listener->service);
  g_clear_pointer (&listener->host, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Listener, listener_clear)

typedef struct
{
  const char *option;  /* the option the error must name */
  const char *args[12];
} BadCase;

/* Every argument mistake, in every kind of command: refused before any
 * connection is made (the listener would count it). */
static void
test_bad_arguments (void)
{
  g_auto(Listener) listener = { 0 };
  const char *zeros = "0000000000000000000000000000000000000000000000000000000000000000";
  const BadCase cases[] = {
    { "--server", { "xmpp", "register", "--server", "", NULL } },
    { "--server", { "request", "--server", "", "--phone", "+393471300021", NULL } },
    { "--server", { "request", "--server", "local host", "--phone", "+393471300021", NULL } },
    { "--server", { "request", "--server", "user@example.org/res", "--phone", "+393471300021", NULL } },
    { "--trust", { "request", "--server", "localhost", "--phone", "+393471300021", "--trust", "xyz", NULL } },
    { "--trust", { "xmpp", "register", "--server", "localhost", "--trust", "abcd", NULL } },
    { "--host", { "request", "--server", "localhost", "--phone", "+393471300021", "--host", "127.0.0.1:99999", NULL } },
    { "--host", { "xmpp", "register", "--server", "localhost", "--host", "", NULL } },
    { "--challenge", { "request", "--server", "localhost", "--phone", "+393471300021", "--challenge", "sms", NULL } },
    { "--timeout", { "request", "--server", "localhost", "--phone", "+393471300021", "--timeout", "0", NULL } },
    { "--timeout", { "xmpp", "register", "--server", "localhost", "--timeout", "-1", NULL } },
    { "--timeout", { "request", "--server", "localhost", "--phone", "+393471300021", "--timeout", "soon", NULL } },
    { "--jid", { "xmpp", "passwd", "--jid", "not a jid@@", "--new-password", "x", NULL } },
    { "--jid", { "xmpp", "unregister", "--jid", "user@example.org/res", NULL } },
    { "--field", { "xmpp", "register", "--server", "localhost", "--field", "novalue", NULL } },
    { "--field", { "xmpp", "register", "--server", "localhost", "--field", "=x", NULL } },
    { "--code", { "verify", "--code", "", NULL } },
    { "--code", { "verify", "--code", "12ab56", NULL } },
    { "--server", { "request", "--phone", "+393471300021", NULL } },
    { "--server", { "xmpp", "register", NULL } },
    { "--jid", { "xmpp", "passwd", NULL } },
    { "--frobnicate", { "request", "--frobnicate", NULL } },
    { "--name", { "request", "--server", "localhost", "--phone", "+393471300021", "--name", "\xff\xfe", NULL } },
    { "--server", { "xmpp", "register", "--server=\xc3", NULL } },
  };

  listener_start (&listener);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_auto(Run) run = { 0 };

      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (args, (gpointer) cases[i].args[j]);
      /* The connection options go where every command takes them. */
      if (!g_str_equal (cases[i].option, "--host"))
        {
          g_ptr_array_add (args, (gpointer) "--host");
          g_ptr_array_add (args, listener.host);
        }
      if (!g_str_equal (cases[i].option, "--trust") && !g_str_equal (cases[i].args[0], "verify"))
        {
          g_ptr_array_add (args, (gpointer) "--trust");
          g_ptr_array_add (args, (gpointer) zeros);
        }
      g_ptr_array_add (args, (gpointer) "--json");
      g_ptr_array_add (args, NULL);

      g_test_message ("case %u: %s", i, cases[i].option);
      run_cli (&run, (const char * const *) args->pdata);
      assert_usage (&run, cases[i].option);
    }

  g_assert_cmpuint (listener.connections, ==, 0);
}

/* Text mode: the same errors, said on stderr with nothing on stdout. */
static void
test_bad_arguments_text (void)
{
  const char *args[] = { "request", "--server", "localhost", "--phone", "+393471300021", "--trust", "xyz", NULL };
  g_auto(Run) run = { 0 };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "--trust"));
}

/* Unknown commands and options, with --json: one JSON object too. */
static void
test_unknown_json (void)
{
  const char *unknown[] = { "frobnicate", "--json", NULL };
  g_auto(Run) run = { 0 };

  run_cli (&run, unknown);
  assert_usage (&run, NULL);
}

static char *
request (SignetTestServer *server,
         const char       *e164)
{
  const char *args[] = { "request", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", e164, "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) root = NULL;

  run_cli (&run, args);
  if (run.status != 0)
    g_test_message ("signet-cli said: %s / %s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_one_object (run.out);
  g_assert_true (json_object_has_member (root, "result"));

  return signet_test_server_wait_for_code (server, e164);
}

/* Codes are checked and normalized here: no code on standard input, or one
 * of the wrong length, is a usage error; "513 363" and "513-363" are the
 * code 513363. */
static void
test_code_checked_locally (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autofree char *code = request (server, "+393471300021");
  g_autofree char *spaced = g_strdup_printf ("%.3s %s", code, code + 3);
  g_autofree char *dashed = g_strdup_printf ("%.3s-%s\n", code, code + 3);
  const char *no_code[] = { "verify", "--json", NULL };
  /* Not 12345, which the server sends its SMS from. */
  const char *short_code[] = { "verify", "--code", "54321", "--json", NULL };
  const char *right[] = { "verify", "--code", spaced, "--timeout", "60",
                          "--trust", signet_test_server_get_sha256 (server), "--json", NULL };
  g_auto(Run) none = { 0 };
  g_auto(Run) too_short = { 0 };
  g_auto(Run) verified = { 0 };
  g_auto(Run) typed = { 0 };
  g_autoptr(JsonObject) root = NULL;

  run_cli (&none, no_code);
  assert_usage (&none, "--code");

  run_cli (&too_short, short_code);
  assert_usage (&too_short, "--code");
  g_assert_nonnull (strstr (too_short.out, "6 digits"));

  run_cli (&verified, right);
  if (verified.status != 0)
    g_test_message ("signet-cli said: %s / %s", verified.out, verified.err);
  g_assert_cmpint (verified.status, ==, 0);
  root = parse_one_object (verified.out);
  g_assert_true (json_object_has_member (root, "result"));

  /* A dashed code on standard input: the same normalization. */
  g_clear_pointer (&code, g_free);
  code = request (server, "+4915112345678");
  g_free (dashed);
  dashed = g_strdup_printf ("%.3s-%s\n", code, code + 3);
  {
    const char *from_stdin[] = { "verify", "--json", NULL };

    run_cli_input (&typed, from_stdin, dashed);
  }
  g_assert_cmpint (typed.status, ==, 0);

  signet_test_gnupg_stop_default_agent ();
}

/* A missed call's code is the end of the calling number: the whole number,
 * typed with its dashes, is accepted too (no PIN length is imposed). */
static void
test_missed_call_whole_number (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--default-challenge", "missedcall", NULL);
  const char *args[] = { "request", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", "+393471300021", "--json", NULL };
  g_auto(Run) requested = { 0 };
  g_auto(Run) verified = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GString) number = g_string_new (NULL);
  g_autofree char *code = NULL;
  const char *from;
  guint digit = 0;

  run_cli (&requested, args);
  g_assert_cmpint (requested.status, ==, 0);
  root = parse_one_object (requested.out);
  from = json_object_get_string_member (json_object_get_object_member (root, "result"), "from");
  code = signet_test_server_wait_for_code (server, "+393471300021");

  /* "+39-06987654??" and the code "12" make "39-0698765412". */
  for (const char *p = from; *p != '\0'; p++)
    if (*p == '?')
      g_string_append_c (number, code[digit++]);
    else if (*p != '+')
      g_string_append_c (number, *p);
  g_assert_cmpuint (digit, ==, strlen (code));

  {
    const char *verify[] = { "verify", "--code", number->str, "--json", NULL };

    run_cli (&verified, verify);
  }
  if (verified.status != 0)
    g_test_message ("signet-cli said: %s / %s", verified.out, verified.err);
  g_assert_cmpint (verified.status, ==, 0);

  signet_test_gnupg_stop_default_agent ();
}

/* A --trust that is not the server's certificate says so. */
static void
test_trust_mismatch (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  const char *args[] = { "request", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:"
                         "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff",
                         "--phone", "+393471300021", "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 3);
  root = parse_one_object (run.out);
  error = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "certificate-mismatch");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"),
                            "not the one you trusted"));
  g_assert_cmpstr (json_object_get_string_member (error, "sha256"), ==, signet_test_server_get_sha256 (server));
}

/* A caller-ID check whose call has not arrived yet is not a wrong code.
 * The provider "sees" the call only after ten minutes: long after the test. */
static void
test_call_not_seen (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--default-challenge", "callerid",
                                                                  "--callerid-delay-ms", "600000", NULL);
  g_autofree char *code = request (server, "+393471300021");
  const char *args[] = { "verify", "--json", NULL };
  const char *text[] = { "verify", NULL };
  g_auto(Run) early = { 0 };
  g_auto(Run) again = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;

  run_cli (&early, args);
  if (early.status != 30)
    g_test_message ("signet-cli said: %s / %s", early.out, early.err);
  g_assert_cmpint (early.status, ==, 30);
  root = parse_one_object (early.out);
  error = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "call-not-seen");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "not seen your call yet"));

  /* The sign-up still waits: trying again says the same, not "nothing pending". */
  run_cli (&again, text);
  g_assert_cmpint (again.status, ==, 30);
  g_assert_nonnull (strstr (again.err, "try again"));
  g_assert_null (strstr (again.err, "wrong or has expired"));

  signet_test_gnupg_stop_default_agent ();
}

/* A request for another number does not silently replace the one that
 * waits for its code; --replace does, and the new one then completes. */
static void
test_other_pending (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autofree char *first = request (server, "+393471300021");
  const char *second[] = { "request", "--server", "localhost",
                           "--host", signet_test_server_get_host_and_port (server),
                           "--trust", signet_test_server_get_sha256 (server),
                           "--phone", "+4915112345678", "--json", NULL };
  const char *replacing[] = { "request", "--server", "localhost",
                              "--host", signet_test_server_get_host_and_port (server),
                              "--trust", signet_test_server_get_sha256 (server),
                              "--phone", "+4915112345678", "--replace", "--json", NULL };
  g_auto(Run) refused = { 0 };
  g_auto(Run) replaced = { 0 };
  g_auto(Run) verified = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *code = NULL;
  JsonObject *error;

  run_cli (&refused, second);
  g_assert_cmpint (refused.status, ==, 31);
  root = parse_one_object (refused.out);
  error = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "other-pending");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "+393471300021"));
  /* Refused before asking the server: no code went to the second number. */
  g_assert_null (strstr (signet_test_server_get_output (server), "+4915112345678"));

  run_cli (&replaced, replacing);
  g_assert_cmpint (replaced.status, ==, 0);
  code = signet_test_server_wait_for_code (server, "+4915112345678");
  {
    const char *verify[] = { "verify", "--code", code, "--json", NULL };

    run_cli (&verified, verify);
  }
  g_assert_cmpint (verified.status, ==, 0);

  signet_test_gnupg_stop_default_agent ();
}

/* A slow request step says on stderr that it is still waiting; standard
 * output keeps its one JSON object. */
static void
test_request_progress (void)
{
  /* Two seconds past the first progress line, so that a busy machine
   * cannot make the answer come first. */
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--delay-ms", "5000", NULL);
  const char *args[] = { "request", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", "+393471300021", "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) root = NULL;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_one_object (run.out);
  g_assert_true (json_object_has_member (root, "result"));
  g_assert_nonnull (strstr (run.err, "Still waiting for the server to check the number"));
  g_assert_null (strstr (run.err, "3471300021"));

  signet_test_gnupg_stop_default_agent ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Every test is audited for secrets; logs of this process too. */
  signet_test_secrets_log_install ();

  signet_test_secrets_add_func ("/cc/bad-arguments", test_bad_arguments);
  signet_test_secrets_add_func ("/cc/bad-arguments-text", test_bad_arguments_text);
  signet_test_secrets_add_func ("/cc/unknown-json", test_unknown_json);
  signet_test_secrets_add_func ("/cc/trust-mismatch", test_trust_mismatch);
  signet_test_secrets_add_func ("/cc/code", test_code_checked_locally);
  signet_test_secrets_add_func ("/cc/call", test_call_not_seen);
  signet_test_secrets_add_func ("/cc/missed", test_missed_call_whole_number);
  signet_test_secrets_add_func ("/cc/pending", test_other_pending);
  signet_test_secrets_add_func ("/cc/progress", test_request_progress);

  return g_test_run ();
}
