/* test-cli.c: signet-cli as a script or a person uses it.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-cli-common.h"
#include "signet-test-cli.h"
#include "signet-test-gnupg.h"
#include "signet-test-keyring.h"
#include "signet-test-secrets.h"
#include "signet-test-server.h"

typedef SignetTestCliRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, signet_test_cli_run_clear)

/* signet-cli with @args and @env (pairs of name and value), in the test's own folders. */
static GSubprocess *
spawn_cli (const char * const *args,
           const char * const *env)
{
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();

  signet_test_cli_launcher_isolate (launcher);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  return signet_test_cli_spawn (launcher, args);
}

/* Runs signet-cli with @args; the main context keeps serving the devserver's output. */
static void
run_cli (Run                *run,
         const char * const *args,
         const char * const *env)
{
  g_autoptr(GSubprocess) process = spawn_cli (args, env);

  signet_test_cli_communicate (run, process, "");
}

static JsonObject *
parse_json (const char *text)
{
  return signet_test_cli_parse_object (text);
}

static void
test_version_and_help (void)
{
  const char *version[] = { "--version", NULL };
  const char *help[] = { "request", "--help", NULL };
  g_auto(Run) v = { 0 };
  g_auto(Run) h = { 0 };

  run_cli (&v, version, NULL);
  g_assert_cmpint (v.status, ==, 0);
  g_assert_true (g_str_has_prefix (v.out, "signet-cli " PACKAGE_VERSION));

  run_cli (&h, help, NULL);
  g_assert_cmpint (h.status, ==, 0);
  g_assert_nonnull (strstr (h.out, "--phone"));
  g_assert_nonnull (strstr (h.out, "--trust"));
  g_assert_nonnull (strstr (h.out, "Exit status"));
}

static void
test_usage_errors (void)
{
  const char *no_phone[] = { "request", "--server", "localhost", NULL };
  const char *unknown[] = { "frobnicate", NULL };
  const char *bad_challenge[] = { "request", "--server", "localhost", "--phone", "+393471234567",
                                  "--challenge", "telepathy", NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };

  run_cli (&a, no_phone, NULL);
  g_assert_cmpint (a.status, ==, 2);
  run_cli (&b, unknown, NULL);
  g_assert_cmpint (b.status, ==, 2);
  run_cli (&c, bad_challenge, NULL);
  g_assert_cmpint (c.status, ==, 2);
}

static void
test_invalid_number_is_refused_locally (void)
{
  /* Nothing listens on port 9: the number must be refused before any connection. */
  const char *args[] = { "request", "--server", "localhost", "--host", "127.0.0.1:9",
                         "--phone", "+39 12", "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;

  run_cli (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 6);
  root = parse_json (run.out);
  error = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "invalid-number");
}

static void
test_untrusted_certificate (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  const char *args[] = { "request", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--phone", "+393471234567", "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;

  run_cli (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 3);

  root = parse_json (run.out);
  g_assert_false (json_object_has_member (root, "result"));
  error = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "certificate-untrusted");
  g_assert_cmpstr (json_object_get_string_member (error, "sha256"), ==, signet_test_server_get_sha256 (server));
  g_assert_nonnull (strstr (json_object_get_string_member (error, "subject"), "localhost"));
  g_assert_nonnull (json_object_get_string_member (error, "issuer"));
  g_assert_nonnull (json_object_get_string_member (error, "not-after"));
  g_assert_nonnull (json_object_get_string_member (error, "message"));

  /* No request reached the server, so no code was sent. */
  g_assert_null (strstr (signet_test_server_get_output (server), "CODE"));
}

static void
test_request_pin_json (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  const char *args[] = { "request", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", "+39 347 123 4567", "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *code = NULL;
  JsonObject *result;

  run_cli (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 0);

  root = parse_json (run.out);
  result = json_object_get_object_member (root, "result");
  g_assert_cmpstr (json_object_get_string_member (result, "phone"), ==, "+393471234567");
  g_assert_cmpstr (json_object_get_string_member (result, "challenge"), ==, "pin");
  g_assert_cmpstr (json_object_get_string_member (result, "from"), ==, "12345");
  g_assert_cmpint (json_object_get_int_member (result, "code-length"), ==, 6);
  g_assert_true (json_object_get_boolean_member (result, "can-fallback"));

  code = signet_test_server_wait_for_code (server, "+393471234567");
  g_assert_cmpuint (strlen (code), ==, 6);
}

static void
test_request_text_output (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  const char *args[] = { "request", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", "+393471234567", "--challenge", "missedcall", NULL };
  g_auto(Run) run = { 0 };

  run_cli (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "+39 347 123 4567"));
  g_assert_nonnull (strstr (run.out, "Do not answer"));
}

static void
test_conflict_exit_code (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--registered", "+393471234567", NULL);
  const char *args[] = { "request", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", "+393471234567", "--json", NULL };
  const char *forced[] = { "request", "--server", "localhost",
                           "--host", signet_test_server_get_host_and_port (server),
                           "--trust", signet_test_server_get_sha256 (server),
                           "--phone", "+393471234567", "--force", "--json", NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;

  run_cli (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 4);
  root = parse_json (run.out);
  error = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "conflict");
  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, "modify");
  g_assert_cmpstr (json_object_get_string_member (error, "text"), ==,
                   "Another user is registered with the same id.");

  run_cli (&again, forced, NULL);
  g_assert_cmpint (again.status, ==, 0);
}

static void
test_throttled_exit_code (void)
{
  /* The throttle forgets a number after a quiet window; a request may take
   * longer than the default 30 s on a loaded machine or under a sanitizer. */
  const char *server_args[] = { "--throttle-window=3600", NULL };
  g_autoptr(SignetTestServer) server = signet_test_server_start (server_args);
  const char *numbers[] = { "+15555215554", "+393471234567", "+4915112345678", "+447700900123" };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      const char *args[] = { "request", "--server", "localhost",
                             "--host", signet_test_server_get_host_and_port (server),
                             "--trust", signet_test_server_get_sha256 (server),
                             "--phone", numbers[i], "--allow-unlisted", "--replace", "--json", NULL };
      g_auto(Run) run = { 0 };

      run_cli (&run, args, NULL);
      g_assert_cmpint (run.status, ==, i < 3 ? 0 : 5);
    }
}

static void
test_no_number_in_debug_output (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  const char *args[] = { "request", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", "+393471234567", "--json", NULL };
  const char *env[] = { "G_MESSAGES_DEBUG", "all", NULL };
  g_auto(Run) run = { 0 };
  g_autofree char *code = NULL;

  run_cli (&run, args, env);
  g_assert_cmpint (run.status, ==, 0);

  /* Debug logs go to stderr; neither the number nor the code may be there. */
  code = signet_test_server_wait_for_code (server, "+393471234567");
  g_assert_null (strstr (run.err, "3471234567"));
  g_assert_null (strstr (run.err, code));
}


/*
 * register, verify, accounts
 */

/* Types the code into a running "register" once the server has sent it. */
static void
finish_with_code (Run              *run,
                  GSubprocess      *process,
                  SignetTestServer *server,
                  const char       *e164)
{
  g_autofree char *code = signet_test_server_wait_for_code (server, e164);
  g_autofree char *line = g_strdup_printf ("%s\n", code);

  signet_test_cli_communicate (run, process, line);
}

static char *
run_gpg_list_sigs (const char *jid)
{
  g_autofree char *home = g_build_filename (g_get_user_data_dir (), "signet", "gnupg", NULL);
  const char *argv[] = { "gpg", "--homedir", home, "--batch", "--list-sigs", "--with-colons", jid, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static char *
run_secret_tool (const char *jid)
{
  const char *argv[] = { "secret-tool", "lookup", "kind", "kontalk", "server", "localhost", "jid", jid, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);

  return out;
}

static void
test_register (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  const char *args[] = { "register", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", "+393471234567", "--name", "Ada Lovelace", "--json", NULL };
  const char *env[] = { "G_MESSAGES_DEBUG", "all", NULL };
  g_autoptr(GSubprocess) process = spawn_cli (args, env);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *sigs = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *code = NULL;
  g_autofree char *server_fingerprint = NULL;
  g_autofree char *expected_jid = NULL;
  g_autofree char *sha1 = NULL;
  JsonObject *result;
  const char *jid;

  finish_with_code (&run, process, server, "+393471234567");
  if (run.status != 0)
    g_test_message ("signet-cli said: %s", run.out);
  g_assert_cmpint (run.status, ==, 0);

  root = parse_json (run.out);
  result = json_object_get_object_member (root, "result");
  jid = json_object_get_string_member (result, "jid");
  sha1 = g_compute_checksum_for_string (G_CHECKSUM_SHA1, "+393471234567", -1);
  expected_jid = g_strdup_printf ("%s@localhost", sha1);
  g_assert_cmpstr (jid, ==, expected_jid);
  g_assert_true (json_object_get_boolean_member (result, "certification-verified"));
  g_assert_true (json_object_get_boolean_member (result, "keyring-stored"));
  server_fingerprint = g_strdup (json_object_get_string_member (result, "server-fingerprint"));

  /* GnuPG shows the server's certification on the user id ... */
  sigs = run_gpg_list_sigs (jid);
  g_assert_nonnull (strstr (sigs, "uid:"));
  g_assert_nonnull (strstr (sigs, server_fingerprint + 24));

  /* ... and secret-tool finds the passphrase. */
  secret = run_secret_tool (jid);
  g_assert_cmpuint (strlen (g_strstrip (secret)), ==, 40);

  /* With every debug message on, no number, code or passphrase was printed. */
  code = signet_test_server_wait_for_code (server, "+393471234567");
  g_assert_null (strstr (run.err, "3471234567"));
  g_assert_null (strstr (run.err, code));
  g_assert_null (strstr (run.err, secret));
  g_assert_null (strstr (run.out, secret));

  /* Nor anywhere else: files, other keyring items. */
  {
    const char *secrets[] = { code, secret, NULL };
    const char *numbers[] = { "+393471234567", "3471234567", NULL };
    SignetTestSecrets audit = { secrets, numbers, run.out, run.err, jid };

    signet_test_secrets_audit (&audit);
  }

  signet_test_gnupg_stop_default_agent ();
}

/* The columns a terminal gives @text, up to @end. */
static gsize
columns (const char *text,
         const char *end)
{
  gsize n = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    if (!g_unichar_iszerowidth (g_utf8_get_char (p)))
      n += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

  return n;
}

/* Each of @values starts at the same column of its line of @text. */
static void
assert_values_line_up (const char         *text,
                       const char * const *values)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gssize column = -1;

  for (guint i = 0; values[i] != NULL; i++)
    {
      const char *at = NULL;

      for (guint j = 0; lines[j] != NULL && at == NULL; j++)
        {
          at = strstr (lines[j], values[i]);
          if (at != NULL)
            {
              if (column < 0)
                column = columns (lines[j], at);
              if ((gssize) columns (lines[j], at) != column)
                g_error ("“%s” is not in the column of the others (%zd):\n%s", lines[j], column, text);
            }
        }
      g_assert_nonnull (at);
    }
}

static void
test_request_then_verify (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  const char *request[] = { "request", "--server", "localhost",
                            "--host", signet_test_server_get_host_and_port (server),
                            "--trust", signet_test_server_get_sha256 (server),
                            "--phone", "+393471234567", "--json", NULL };
  const char *wrong[] = { "verify", "--code", "000000", "--json", NULL };
  const char *accounts[] = { "accounts", "--json", NULL };
  g_auto(Run) requested = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) verified = { 0 };
  g_auto(Run) listed = { 0 };
  g_autofree char *code = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *list;

  run_cli (&requested, request, NULL);
  g_assert_cmpint (requested.status, ==, 0);

  /* Each verify runs in a new process: the sign-up is resumed from disk and keyring. */
  run_cli (&refused, wrong, NULL);
  if (refused.status != 11)
    g_test_message ("signet-cli said: %s", refused.out);
  g_assert_cmpint (refused.status, ==, 11);

  code = signet_test_server_wait_for_code (server, "+393471234567");
  {
    const char *right[] = { "verify", "--code", code, "--json", NULL };

    run_cli (&verified, right, NULL);
  }
  g_assert_cmpint (verified.status, ==, 0);

  run_cli (&listed, accounts, NULL);
  g_assert_cmpint (listed.status, ==, 0);
  root = parse_json (listed.out);
  list = json_object_get_array_member (root, "result");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "phone"), ==,
                   "+393471234567");

  /* The text listing: its details in one column. */
  {
    const char *text[] = { "accounts", NULL };
    JsonObject *account = json_array_get_object_element (list, 0);
    const char *values[] = { "+393471234567", json_object_get_string_member (account, "fingerprint"), NULL };
    g_auto(Run) listed_text = { 0 };

    run_cli (&listed_text, text, NULL);
    g_assert_cmpint (listed_text.status, ==, 0);
    assert_values_line_up (listed_text.out, values);
  }

  signet_test_gnupg_stop_default_agent ();
}

/*
 * A sign-up cut off after the code step, finished by "verify" without a code
 */

static char *
read_pending (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "signet", "pending.json", NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;

  return text;
}

static char *
jid_for (const char *e164)
{
  g_autofree char *sha1 = g_compute_checksum_for_string (G_CHECKSUM_SHA1, e164, -1);

  return g_strdup_printf ("%s@localhost", sha1);
}

/* "verify" with no code logs in with the key the server certified earlier,
 * and leaves exactly the account behind: its record and its secret. */
static void
assert_verify_finishes_without_code (const char *e164)
{
  const char *verify[] = { "verify", "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *jid = jid_for (e164);
  g_autofree char *kinds = NULL;
  g_autofree char *pending = NULL;
  JsonObject *result;

  run_cli (&run, verify, NULL);
  if (run.status != 0)
    g_test_message ("signet-cli said: %s %s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);

  root = parse_json (run.out);
  result = json_object_get_object_member (root, "result");
  g_assert_cmpstr (json_object_get_string_member (result, "jid"), ==, jid);
  g_assert_true (json_object_get_boolean_member (result, "certification-verified"));
  g_assert_nonnull (json_object_get_string_member (result, "certified-by"));
  g_assert_true (json_object_get_boolean_member (result, "keyring-stored"));

  pending = read_pending ();
  g_assert_null (pending);
  kinds = signet_test_keyring_list_kinds (jid);
  g_assert_cmpstr (kinds, ==, "kontalk");
}

/* The saved sign-up says the server took the code. */
static gboolean
pending_code_accepted (const char *pending)
{
  g_autoptr(JsonObject) root = NULL;

  if (pending == NULL)
    return FALSE;

  root = parse_json (pending);
  return json_object_get_boolean_member_with_default (root, "code-accepted", FALSE);
}

static void
test_login_cut_off_then_verify (void)
{
  /* The third connection is the first login: dropped on its first element. */
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--fault-connection", "3",
                                                                  "--drop-after", "1", NULL);
  const char *args[] = { "register", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", "+393471230016", "--name", "Ada Lovelace", NULL };
  const char *env[] = { "G_MESSAGES_DEBUG", "all", NULL };
  g_autoptr(GSubprocess) process = spawn_cli (args, env);
  g_autofree char *jid = jid_for ("+393471230016");
  g_autofree char *pending = NULL;
  g_autofree char *code = NULL;
  g_autofree char *kinds = NULL;
  g_auto(Run) run = { 0 };

  finish_with_code (&run, process, server, "+393471230016");
  g_assert_cmpint (run.status, ==, 8);
  /* What the person is told to do is what works. */
  g_assert_nonnull (strstr (run.err, "signet-cli verify"));

  /* Kept: the progress, not the code. */
  code = signet_test_server_wait_for_code (server, "+393471230016");
  pending = read_pending ();
  g_assert_nonnull (pending);
  g_assert_true (pending_code_accepted (pending));
  g_assert_null (strstr (pending, code));
  kinds = signet_test_keyring_list_kinds (jid);
  g_assert_cmpstr (kinds, ==, "kontalk-pending");

  assert_verify_finishes_without_code ("+393471230016");

  /* The code and the passphrase went nowhere they should not. */
  {
    g_autofree char *secret = run_secret_tool (jid);
    const char *secrets[] = { code, g_strstrip (secret), NULL };
    const char *numbers[] = { "+393471230016", "3471230016", NULL };
    SignetTestSecrets audit = { secrets, numbers, run.out, run.err, jid };

    g_assert_cmpuint (strlen (secret), ==, 40);
    signet_test_secrets_audit (&audit);
  }
  signet_test_gnupg_stop_default_agent ();
}

static gboolean
on_pending_poll (gpointer user_data)
{
  gboolean *accepted = user_data;
  g_autofree char *pending = read_pending ();

  *accepted = pending_code_accepted (pending);
  return *accepted ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
test_killed_during_login_then_verify (void)
{
  /* The login's replies come late: the process is killed while it waits. */
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--fault-connection", "3",
                                                                  "--delay-ms", "20000",
                                                                  "--print-connections", NULL);
  const char *args[] = { "register", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", "+393471230017", "--name", "Ada Lovelace", NULL };
  g_autoptr(GSubprocess) process = spawn_cli (args, NULL);
  g_autofree char *code = signet_test_server_wait_for_code (server, "+393471230017");
  g_autofree char *line = g_strdup_printf ("%s\n", code);
  GOutputStream *in = g_subprocess_get_stdin_pipe (process);
  gboolean accepted = FALSE;

  g_assert_true (g_output_stream_write_all (in, line, strlen (line), NULL, NULL, NULL));
  g_output_stream_close (in, NULL, NULL);

  g_timeout_add (20, on_pending_poll, &accepted);
  while (!accepted)
    g_main_context_iteration (NULL, TRUE);
  /* The login's stream is open: the next connection, verify's, is served
   * without delay. */
  while (strstr (signet_test_server_get_output (server), "CONNECTION 3\n") == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (process));

  assert_verify_finishes_without_code ("+393471230017");
  signet_test_gnupg_stop_default_agent ();
}

static GString *printed;

static void
collect_print (const char *text)
{
  g_string_append (printed, text);
}

/* Translated labels are longer than the English, with letters of two bytes
 * (ü) or of two columns (鍵): the values still line up, and a label without
 * a value leaves no line. */
static void
test_fields_line_up (void)
{
  const SignetCliField fields[] = {
    { "Telefon:", "+39 347 123 4567" },
    { "Schlüsselfingerabdruck:", "ABCD 0123" },
    { "Problem:", NULL },
    { "鍵:", "EF01 4567" },
    { "טלפון:", "+972 50 123 4567" },
  };
  const char *values[] = { "+39 347 123 4567", "ABCD 0123", "EF01 4567", "+972 50 123 4567", NULL };
  GPrintFunc old = g_set_print_handler (collect_print);

  printed = g_string_new (NULL);
  signet_cli_print_fields (FALSE, fields, G_N_ELEMENTS (fields));
  g_set_print_handler (old);

  g_assert_null (strstr (printed->str, "Problem:"));
  g_assert_true (g_str_has_prefix (printed->str, "  Telefon: "));
  assert_values_line_up (printed->str, values);
  g_string_free (g_steal_pointer (&printed), TRUE);
}

static void
test_verify_with_nothing_pending (void)
{
  const char *args[] = { "verify", "--code", "123456", "--json", NULL };
  g_auto(Run) run = { 0 };

  run_cli (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 13);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Every test is audited for secrets; logs of this process too. */
  signet_test_secrets_log_install ();

  signet_test_secrets_add_func ("/cli/version-and-help", test_version_and_help);
  signet_test_secrets_add_func ("/cli/usage-errors", test_usage_errors);
  signet_test_secrets_add_func ("/cli/invalid-number", test_invalid_number_is_refused_locally);
  signet_test_secrets_add_func ("/cli/untrusted-certificate", test_untrusted_certificate);
  signet_test_secrets_add_func ("/cli/fields-line-up", test_fields_line_up);
  signet_test_secrets_add_func ("/cli/request/pin-json", test_request_pin_json);
  signet_test_secrets_add_func ("/cli/request/text-output", test_request_text_output);
  signet_test_secrets_add_func ("/cli/request/conflict-exit-code", test_conflict_exit_code);
  signet_test_secrets_add_func ("/cli/request/throttled-exit-code", test_throttled_exit_code);
  signet_test_secrets_add_func ("/cli/request/no-number-in-log", test_no_number_in_debug_output);
  signet_test_secrets_add_func ("/cli/reg/flow", test_register);
  signet_test_secrets_add_func ("/cli/reg/resume", test_request_then_verify);
  signet_test_secrets_add_func ("/cli/reg/none", test_verify_with_nothing_pending);
  signet_test_secrets_add_func ("/cli/reg/login-cut-off", test_login_cut_off_then_verify);
  signet_test_secrets_add_func ("/cli/reg/killed-during-login", test_killed_during_login_then_verify);

  return g_test_run ();
}
