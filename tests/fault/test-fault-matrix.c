/* test-fault-matrix.c: every Kontalk flow, at every element the client
 * sends, hit by every fault the network or the machine can cause; each
 * must end in a specific error, keep what the person gave, and then finish
 * when run again, as far as the protocol allows.
 *
 * The flows run as a person runs them, with signet-cli against
 * signet-devserver: "request" (the first connection), "verify --code" (the
 * code step, the second) and its first login (the third).  A clean run
 * first finds the elements each connection carries, so a new stanza in a
 * flow gets its own row without touching this file.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "fault-matrix.h"
#include "signet-test-cli.h"
#include "signet-test-secrets.h"
#include "signet-test-server.h"

#define NUMBER "+393471239016"

/* The delayed reply comes after the client gave up (--timeout 2). */
#define CLIENT_TIMEOUT "2"
#define DELAY_MS 3000

typedef enum
{
  FLOW_REQUEST,
  FLOW_CODE,
  FLOW_LOGIN,
  N_FLOWS
} Flow;

static const char * const flow_names[] = { "request", "code", "login" };

/* Each flow is the connection of its number, from 1. */
#define FLOW_CONNECTION(flow) ((flow) + 1)

typedef struct
{
  Flow flow;
  guint element;
  FaultMatrixFault fault;
} Cell;

/* The elements each flow's connection carries, found by a clean run. */
static GPtrArray *elements[N_FLOWS];
/* One line per cell, printed as a table at the end. */
static GPtrArray *rows;
static char *state_dir;
/* Cells that failed: the matrix runs whole, then says which. */
static guint n_failed;
/* Before the tests run, GLib has not isolated the user's folders yet: the
 * clean run gets folders of its own here. */
static char *own_home;

static char *
user_dir (const char *name)
{
  if (own_home != NULL)
    return g_build_filename (own_home, name, NULL);
  if (g_str_equal (name, "data"))
    return g_strdup (g_get_user_data_dir ());
  if (g_str_equal (name, "config"))
    return g_strdup (g_get_user_config_dir ());
  if (g_str_equal (name, "cache"))
    return g_strdup (g_get_user_cache_dir ());
  return g_strdup (g_get_home_dir ());
}

typedef SignetTestCliRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, signet_test_cli_run_clear)

static GSubprocess *
spawn_cli_marked (const char * const *args,
                  gboolean marks)
{
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();
  g_autofree char *home = user_dir ("home");
  g_autofree char *data = user_dir ("data");
  g_autofree char *config = user_dir ("config");
  g_autofree char *cache = user_dir ("cache");

  /* GLib 2.74 isolates a test's directories in-process only. */
  signet_test_cli_launcher_set_dirs (launcher, home, data, config, cache);
  /* The client's own marks on its standard error ("MARK code" once the
   * code reply is read and kept), for faults the server cannot time. */
  if (marks)
    g_subprocess_launcher_setenv (launcher, "SIGNET_BENCH", "1", TRUE);
  return signet_test_cli_spawn (launcher, args);
}

static GSubprocess *
spawn_cli (const char * const *args)
{
  return spawn_cli_marked (args, FALSE);
}

static void
finish_run (Run         *run,
            GSubprocess *process)
{
  signet_test_cli_communicate (run, process, NULL);
}

static void
run_cli (Run                *run,
         const char * const *args)
{
  g_autoptr(GSubprocess) process = spawn_cli (args);

  finish_run (run, process);
}

/* What the saved sign-up says: "none", "code" (waiting for its code) or
 * "login" (the code was taken). */
static const char *
pending_state (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "signet", "pending.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  if (!json_parser_load_from_file (parser, path, NULL))
    return "none";

  root = json_node_get_object (json_parser_get_root (parser));
  return json_object_get_boolean_member_with_default (root, "code-accepted", FALSE) ? "login" : "code";
}

static void
stop_agent (void)
{
  g_autofree char *data = user_dir ("data");
  g_autofree char *home = g_build_filename (data, "signet", "gnupg", NULL);
  const char *argv[] = { "gpgconf", "--homedir", home, "--kill", "gpg-agent", NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
}

/*
 * The flows
 */

/* "request" or "register" (which also waits for the code on its input),
 * each with the short timeout. */
static void
sign_up_args (GPtrArray        *args,
              const char       *command,
              SignetTestServer *server)
{
  const char *base[] = { command, "--server", "localhost", "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server), "--phone", NUMBER,
                         "--timeout", CLIENT_TIMEOUT, "--json", NULL };

  for (guint i = 0; base[i] != NULL; i++)
    g_ptr_array_add (args, g_strdup (base[i]));
  g_ptr_array_add (args, NULL);
}

static void
request_args (GPtrArray        *args,
              SignetTestServer *server)
{
  sign_up_args (args, "request", server);
}

static void
verify_args (GPtrArray  *args,
             const char *code)
{
  g_ptr_array_add (args, g_strdup ("verify"));
  if (code != NULL)
    {
      g_ptr_array_add (args, g_strdup ("--code"));
      g_ptr_array_add (args, g_strdup (code));
    }
  g_ptr_array_add (args, g_strdup ("--json"));
  g_ptr_array_add (args, NULL);
}

/* The run that meets the fault: "request" for the request, "register"
 * (the code typed once it arrives) for the code step and the login. */
static GSubprocess *
spawn_flow (Flow              flow,
            SignetTestServer *server,
            gboolean          marks)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *code = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;
  GOutputStream *input;

  sign_up_args (args, flow == FLOW_REQUEST ? "request" : "register", server);
  process = spawn_cli_marked ((const char * const *) args->pdata, marks);
  if (flow == FLOW_REQUEST)
    return process;

  code = signet_test_server_wait_for_code (server, NUMBER);
  line = g_strdup_printf ("%s\n", code);
  input = g_subprocess_get_stdin_pipe (process);
  /* Not closed: finish_run() does that. */
  g_assert_true (g_output_stream_write_all (input, line, strlen (line), NULL, NULL, NULL));
  g_assert_true (g_output_stream_flush (input, NULL, NULL));

  return process;
}

static SignetTestServer *
start_server (const Cell *cell)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (args, g_strdup ("--throttle-attempts=0"));
  g_ptr_array_add (args, g_strdup ("--print-connections"));
  g_ptr_array_add (args, g_strdup_printf ("--state-dir=%s", state_dir));
  g_ptr_array_add (args, g_strdup_printf ("--fault-connection=%d", FLOW_CONNECTION (cell->flow)));
  fault_matrix_add_kontalk_fault (args, cell->element, cell->fault, DELAY_MS);
  g_ptr_array_add (args, NULL);

  return signet_test_server_start ((const char * const *) args->pdata);
}

/*
 * One cell
 */

/* The run again: a request from the start, the code again, or the login
 * alone (no code). */
static int
resume (Flow              flow,
        SignetTestServer *server)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *code = NULL;
  g_auto(Run) run = { 0 };

  if (flow == FLOW_REQUEST)
    request_args (args, server);
  else
    {
      code = flow == FLOW_CODE ? signet_test_server_wait_for_code (server, NUMBER) : NULL;
      verify_args (args, code);
    }

  run_cli (&run, (const char * const *) args->pdata);
  return run.status;
}

/* The garbled answer went out after the server had acted on the element:
 * on the request, Kontalk keeps one PIN per number until it is used and
 * throttles another request (5); on the code, it takes a code once (11).
 * Every other fault reaches the server before it acts, or not at all. */
static int
expected_run_again (const Cell *cell)
{
  if (cell->fault != FAULT_MATRIX_GARBLE || cell->flow == FLOW_LOGIN || cell->element != elements[cell->flow]->len)
    return 0;

  return cell->flow == FLOW_REQUEST ? 5 : 11;
}

/* The server's key (XEP-0189, the code connection's first IQ) is optional:
 * an empty answer means "none", and the sign-up goes on saying that the
 * certification could not be checked. */
static gboolean
tolerated (const Cell *cell)
{
  return cell->flow == FLOW_CODE && cell->fault == FAULT_MATRIX_WRONG && cell->element == 2;
}

static const char *
run_again_text (int status)
{
  switch (status)
    {
    case 0:
      return "done";
    case 5:
      return "throttled (5)";
    case 11:
      return "code used (11)";
    default:
      return "FAILED";
    }
}

static void
test_cell (gconstpointer data)
{
  const Cell *cell = data;
  g_autoptr(SignetTestServer) server = start_server (cell);
  g_autoptr(GSubprocess) process = spawn_flow (cell->flow, server, FALSE);
  g_autofree char *condition = NULL;
  g_autofree char *held = NULL;
  g_auto(Run) run = { 0 };
  const char *kept;
  const char *expected_kept = cell->flow == FLOW_REQUEST ? "none" : cell->flow == FLOW_CODE ? "code" : "login";
  int expected_resume = expected_run_again (cell);
  const char *verdict = "ok";
  gboolean reached = TRUE;
  int resumed;

  if (cell->fault == FAULT_MATRIX_KILL)
    {
      held = g_strdup_printf ("ELEMENT %d %u ", FLOW_CONNECTION (cell->flow), cell->element);
      reached = fault_matrix_wait_for_line (server, process, held);
      /* Also when it was not reached: a stuck client must not outlive its cell. */
      g_subprocess_send_signal (process, SIGKILL);
    }
  finish_run (&run, process);
  condition = run.killed ? g_strdup ("(killed)") : signet_test_cli_dup_condition (run.out);
  kept = pending_state ();
  /* A tolerated fault left a finished sign-up: nothing to run again. */
  resumed = tolerated (cell) ? 0 : resume (cell->flow, server);
  if (tolerated (cell))
    expected_kept = "none";

  /* A specific error (never success, never the generic "failed"), what
   * was given kept, and the flow finished when run again. */
  if (!reached)
    verdict = "FAIL: not reached";
  else if (tolerated (cell))
    {
      if (run.status != 0)
        verdict = "FAIL: not tolerated";
    }
  else if (cell->fault == FAULT_MATRIX_KILL ? !run.killed :
           run.killed || run.status == 0 || condition == NULL || g_str_equal (condition, "failed"))
    verdict = "FAIL: not specific";
  else if (!g_str_equal (kept, expected_kept))
    verdict = "FAIL: lost";
  else if (resumed != expected_resume)
    verdict = "FAIL: run again";

  g_ptr_array_add (rows, g_strdup_printf ("| %-7s | %u %-10s | %-11s | %3d %-21s | %-5s | %-14s | %-18s |",
                                          flow_names[cell->flow], cell->element,
                                          (char *) g_ptr_array_index (elements[cell->flow], cell->element - 1),
                                          fault_matrix_fault_names[cell->fault], run.status, condition ? condition : "-",
                                          kept, run_again_text (resumed),
                                          verdict));
  if (!g_str_equal (verdict, "ok"))
    {
      g_test_message ("%s (run again: %d): %s %s", verdict, resumed, run.out, run.err);
      n_failed++;
    }
  stop_agent ();
}

/*
 * Killed between the code reply and the login
 */

static void
wait_for_mark (GSubprocess *process,
               const char  *mark)
{
  g_autoptr(GDataInputStream) err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  g_autoptr(GString) seen = g_string_new (NULL);

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (err), FALSE);

  while (TRUE)
    {
      g_autofree char *line = g_data_input_stream_read_line (err, NULL, NULL, NULL);

      if (line == NULL)
        {
          g_autofree char *out = NULL;

          g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, NULL);
          g_error ("No “%s” from signet-cli: %s%s", mark, seen->str, out);
        }
      if (g_str_has_prefix (line, mark))
        return;
      g_string_append_printf (seen, "%s\n", line);
    }
}

/* The server spent the code and certified the key; the process dies while
 * GnuPG imports that key (or just after): the run again, without the code,
 * imports the key kept with the sign-up and logs in. */
static void
test_killed_after_code (void)
{
  g_autofree char *state = g_strdup_printf ("--state-dir=%s", state_dir);
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--throttle-attempts=0", state, NULL);
  g_autoptr(GSubprocess) process = spawn_flow (FLOW_CODE, server, TRUE);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "signet", "pending.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0 };
  const char *kept;
  const char *verdict = "ok";
  gboolean imported;
  int resumed;

  wait_for_mark (process, "MARK code ");
  g_subprocess_send_signal (process, SIGKILL);
  finish_run (&run, process);
  kept = pending_state ();
  imported = json_parser_load_from_file (parser, path, NULL) &&
             json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                         "certified-by", NULL) != NULL;
  resumed = resume (FLOW_LOGIN, server);

  if (!run.killed)
    verdict = "FAIL: not killed";
  else if (!g_str_equal (kept, "login"))
    verdict = "FAIL: lost";
  else if (resumed != 0)
    verdict = "FAIL: run again";

  g_ptr_array_add (rows, g_strdup_printf ("| %-7s | - %-10s | %-11s | %3d %-21s | %-5s | %-14s | %-18s |",
                                          "code", imported ? "imported" : "reply read", "killed", run.status,
                                          "(killed)", kept, run_again_text (resumed), verdict));
  if (!g_str_equal (verdict, "ok"))
    {
      g_test_message ("%s (run again: %d): %s %s", verdict, resumed, run.out, run.err);
      n_failed++;
    }
  stop_agent ();
}

/*
 * The rows: what a clean sign-up sends on each connection
 */

static void
find_elements (void)
{
  g_autofree char *state = g_strdup_printf ("--state-dir=%s", state_dir);
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--throttle-attempts=0", "--print-connections",
                                                                  state, NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *code = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(Run) requested = { 0 };
  g_auto(Run) verified = { 0 };

  own_home = g_build_filename (state_dir, "client", NULL);
  request_args (args, server);
  run_cli (&requested, (const char * const *) args->pdata);
  if (requested.status != 0)
    g_error ("The clean request failed: %s %s", requested.out, requested.err);
  g_ptr_array_set_size (args, 0);
  code = signet_test_server_wait_for_code (server, NUMBER);
  verify_args (args, code);
  run_cli (&verified, (const char * const *) args->pdata);
  g_assert_cmpint (verified.status, ==, 0);
  stop_agent ();
  g_clear_pointer (&own_home, g_free);

  lines = g_strsplit (signet_test_server_get_output (server), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);
      guint connection;

      if (g_strv_length (words) != 4 || !g_str_equal (words[0], "ELEMENT"))
        continue;
      connection = (guint) g_ascii_strtoull (words[1], NULL, 10);
      if (connection >= 1 && connection <= N_FLOWS)
        g_ptr_array_add (elements[connection - 1], g_strdup (words[3]));
    }
}

static void
remove_state_dir (void)
{
  g_autofree char *home = g_build_filename (state_dir, "gnupg", NULL);
  const char *kill[] = { "gpgconf", "--homedir", home, "--kill", "gpg-agent", NULL };
  const char *rm[] = { "rm", "-rf", state_dir, NULL };

  g_spawn_sync (NULL, (char **) kill, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* The whole table in the log, then the verdict. */
static void
test_matrix (void)
{
  g_print ("# The fault matrix (flow, element the client sent, fault: exit status and condition, "
           "what was kept, the same flow run again)\n");
  g_print ("# | flow    | element      | fault       | outcome                   | kept  | run again      | verdict            |\n");
  g_print ("# |---------|--------------|-------------|---------------------------|-------|----------------|--------------------|\n");
  for (guint i = 0; i < rows->len; i++)
    g_print ("# %s\n", (char *) g_ptr_array_index (rows, i));

  g_assert_cmpuint (n_failed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Every test is audited for secrets; logs of this process too. */
  signet_test_secrets_log_install ();

  /* The server's key, made once and reused by every cell's server. */
  state_dir = g_dir_make_tmp ("signet-fault-XXXXXX", NULL);
  rows = g_ptr_array_new_with_free_func (g_free);
  for (int flow = 0; flow < N_FLOWS; flow++)
    elements[flow] = g_ptr_array_new_with_free_func (g_free);
  find_elements ();

  for (int flow = 0; flow < N_FLOWS; flow++)
    {
      g_assert_cmpuint (elements[flow]->len, >, 0);
      for (guint element = 1; element <= elements[flow]->len; element++)
        for (int fault = 0; fault < FAULT_MATRIX_N_FAULTS; fault++)
          {
            Cell *cell = g_new0 (Cell, 1);
            g_autofree char *path = g_strdup_printf ("/fault/%s/%u/%d", flow_names[flow], element, fault);

            cell->flow = flow;
            cell->element = element;
            cell->fault = fault;
            g_ptr_array_add (cells, cell);
            signet_test_secrets_add_data_func (path, cell, test_cell, NULL);
          }
    }

  /* Short: GnuPG's agent socket lives under the test's own folder. */
  signet_test_secrets_add_func ("/fault/code/read", test_killed_after_code);
  signet_test_secrets_add_func ("/fault-matrix/table", test_matrix);
  status = g_test_run ();
  remove_state_dir ();
  for (int flow = 0; flow < N_FLOWS; flow++)
    g_ptr_array_unref (elements[flow]);
  g_ptr_array_unref (rows);
  g_free (state_dir);

  return status;
}
