/* test-fault-matrix-cadmium.c: `signet-cli cadmium register` against
 * signet-devserver's Cadmium mode, at every element either side sends
 * (the WebSocket upgrade and its answer, then every frame), hit by every
 * fault; each must end in a specific error, leave no half-stored account,
 * and then finish when run again with the same input, as far as the
 * protocol allows.
 *
 * Two flows: a plain registration, and one that the server first refuses
 * with its rate limit (the client waits it out and sends the request again
 * on the same socket).  A clean run of each first finds its elements, so a
 * new frame gets its own row without touching this file.
 *
 * Elements from the client can be dropped, held past the client's timeout,
 * or the client killed while they are held; elements from the server can
 * also be garbled or replaced with a success of another kind of exchange.
 * The server acts on a request before any fault hits its answer: an
 * account whose answer was lost exists, and CPE#3 has no way to prove that
 * it is the person's own (no login), so its run again is refused as taken.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fault-matrix.h"
#include "signet-core.h"
#include "signet-test-cli.h"
#include "signet-test-keyring.h"
#include "signet-test-secrets.h"
#include "signet-test-server.h"

/* The held or delayed element comes after the client gave up. */
#define CLIENT_TIMEOUT "2"
#define DELAY_MS "3000"
#define PASSWORD "cadmium fault password"
#define DOMAIN "localhost"

typedef enum
{
  FLOW_REGISTER,
  FLOW_RATE_LIMITED,
  N_FLOWS
} Flow;

static const char * const flow_names[] = { "register", "rate-limited" };
/* What each flow's server does besides the fault. */
static const char * const flow_options[][3] = {
  { NULL },
  { "--throttle-first=1", "--retry-after=300", NULL },
};
static const char * const devserver_faults[] = { "drop", "delay", "garble", "wrong", "delay" };

typedef FaultMatrixCell Cell;

/* The elements of each flow ("C upgrade", "S result"), found by a clean run. */
static GPtrArray *elements[N_FLOWS];
static FaultMatrixTable table;
/* Before the tests run, GLib has not isolated the user's folders yet: the
 * clean runs get a folder of their own. */
static char *scratch;

/*
 * The server and signet-cli
 */

static SignetTestServer *
start_server (Flow             flow,
              guint            element,
              FaultMatrixFault fault)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (args, g_strdup ("--cadmium"));
  g_ptr_array_add (args, g_strdup ("--print-elements"));
  for (guint i = 0; flow_options[flow][i] != NULL; i++)
    g_ptr_array_add (args, g_strdup (flow_options[flow][i]));
  if (element > 0)
    {
      g_ptr_array_add (args, g_strdup_printf ("--fault-element=%u", element));
      g_ptr_array_add (args, g_strdup_printf ("--fault=%s", devserver_faults[fault]));
      g_ptr_array_add (args, g_strdup ("--delay-ms=" DELAY_MS));
    }
  g_ptr_array_add (args, NULL);

  return signet_test_server_start ((const char * const *) args->pdata);
}

/* The password goes in at once: signet-cli reads it before connecting. */
static GSubprocess *
spawn_register (SignetTestServer *server,
                const char       *username,
                const char       *timeout)
{
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();
  g_autofree char *url = g_strdup_printf ("--url=wss://%s/cadmium", signet_test_server_get_host_and_port (server));
  g_autofree char *trust = g_strdup_printf ("--trust=%s", signet_test_server_get_sha256 (server));
  g_autofree char *user = g_strdup_printf ("--username=%s", username);
  g_autofree char *wait = g_strdup_printf ("--timeout=%s", timeout);
  const char *args[] = { "cadmium", "register", url, "--server=" DOMAIN, trust, user, "--login", wait, "--json",
                         NULL };
  GOutputStream *input;
  GSubprocess *process;

  if (scratch != NULL)
    signet_test_cli_launcher_set_dirs (launcher, scratch, scratch, scratch, scratch);
  else
    signet_test_cli_launcher_isolate (launcher);
  process = signet_test_cli_spawn (launcher, args);
  input = g_subprocess_get_stdin_pipe (process);
  g_assert_true (g_output_stream_write_all (input, PASSWORD "\n", strlen (PASSWORD "\n"), NULL, NULL, NULL));
  g_assert_true (g_output_stream_flush (input, NULL, NULL));
  signet_test_secrets_add_from (PASSWORD, "the password typed");

  return process;
}

/* Each row's run again uses the default timeout, so that a busy machine
 * cannot fail it. */
static void
run_register (SignetTestCliRun *run,
              SignetTestServer *server,
              const char       *username)
{
  g_autoptr(GSubprocess) process = spawn_register (server, username, "30");

  signet_test_cli_communicate (run, process, NULL);
  g_test_message ("register exited %d: %s %s", run->status, run->out, run->err);
}

static char *
user_id_of (const char *username)
{
  return g_strdup_printf ("@%s@" DOMAIN, username);
}

/*
 * What Signet and the server hold
 */

/* "none", "account" (the record, the password and the login token) or
 * "partial" (some of them: never right). */
static const char *
kept_state (const char *username)
{
  g_autofree char *user_id = user_id_of (username);
  g_autofree char *name = g_strconcat (user_id, ".json", NULL);
  g_autofree char *record = g_build_filename (g_get_user_data_dir (), "signet", "accounts", name, NULL);
  g_autofree char *password = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_CADMIUM, DOMAIN, user_id);
  g_autofree char *token = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN, DOMAIN, user_id);
  gboolean has_record = g_file_test (record, G_FILE_TEST_EXISTS);

  if (!has_record && password == NULL && token == NULL)
    return "none";
  if (has_record && g_strcmp0 (password, PASSWORD) == 0 && token != NULL)
    return "account";
  return "partial";
}

static void
forget_account (const char *username)
{
  g_autofree char *user_id = user_id_of (username);

  /* Left by an earlier run of this program in the same keyring. */
  signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_CADMIUM, DOMAIN, user_id, NULL);
  signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN, DOMAIN, user_id, NULL);
}

static gboolean
server_registered (SignetTestServer *server,
                   const char       *username)
{
  g_autofree char *user_id = user_id_of (username);
  g_autofree char *line = g_strdup_printf ("REGISTERED %s\n", user_id);

  return fault_matrix_server_said (server, line);
}

/*
 * One cell
 */

/* The server made the account before the fault: its answer, the last
 * element, is the one hit. */
static gboolean
acted_before (const Cell *cell)
{
  return cell->element == elements[cell->flow]->len;
}

static const char *
element_name (const Cell *cell)
{
  return g_ptr_array_index (elements[cell->flow], cell->element - 1);
}

typedef struct
{
  SignetTestCliRun run;
  char *condition;
  gboolean reached;
} Outcome;

static void
run_faulted (const Cell       *cell,
             SignetTestServer *server,
             const char       *username,
             Outcome          *outcome)
{
  g_autoptr(GSubprocess) process = spawn_register (server, username, CLIENT_TIMEOUT);
  g_autofree char *line = g_strdup_printf ("ELEMENT %u ", cell->element);

  outcome->reached = fault_matrix_run_faulted (server, process, line, cell->fault, &outcome->run,
                                               &outcome->condition);
}

static const char *
judge (const Cell       *cell,
       const Outcome    *outcome,
       const char       *kept,
       gboolean          acted,
       SignetTestCliRun *again,
       const char       *done)
{
  const char *error_verdict = fault_matrix_judge_error (cell->fault, outcome->run.status, outcome->run.killed,
                                                        outcome->condition);
  g_autofree char *again_condition = signet_test_cli_dup_condition (again->out);

  if (!outcome->reached)
    return "FAIL: not reached";
  if (error_verdict != NULL)
    return error_verdict;
  if (!g_str_equal (kept, "none"))
    return "FAIL: half kept";
  if (acted != acted_before (cell))
    return "FAIL: server";
  if (acted_before (cell))
    return again->status == 4 && g_strcmp0 (again_condition, "username-taken") == 0 &&
           g_str_equal (done, "none") ? "ok" : "FAIL: run again";

  return again->status == 0 && g_str_equal (done, "account") ? "ok" : "FAIL: run again";
}

static const char *
run_again_text (const SignetTestCliRun *again)
{
  switch (again->status)
    {
    case 0:
      return "done";
    case 4:
      return "taken (4)";
    default:
      return "FAILED";
    }
}

static void
test_cell (gconstpointer data)
{
  const Cell *cell = data;
  g_autofree char *username = g_strdup_printf ("fault-%d-%u-%d", cell->flow, cell->element, cell->fault);
  g_autoptr(SignetTestServer) server = NULL;
  g_auto(SignetTestCliRun) again = { 0 };
  Outcome outcome = { 0 };
  const char *kept;
  const char *done;
  const char *verdict;
  gboolean acted;

  forget_account (username);
  server = start_server (cell->flow, cell->element, cell->fault);
  run_faulted (cell, server, username, &outcome);
  kept = kept_state (username);
  acted = server_registered (server, username);
  run_register (&again, server, username);
  done = kept_state (username);
  verdict = judge (cell, &outcome, kept, acted, &again, done);

  fault_matrix_table_add_row (&table, verdict, "| %-12s | %u %-20s | %-11s | %3d %-18s | %-5s | %-9s | %-18s |",
                              flow_names[cell->flow], cell->element, element_name (cell),
                              fault_matrix_fault_names[cell->fault], outcome.run.status,
                              outcome.condition != NULL ? outcome.condition : "-", kept,
                              run_again_text (&again), verdict);
  if (g_str_has_prefix (verdict, "FAIL"))
    g_test_message ("%s: run again exited %d (%s), kept after it: %s", verdict, again.status, again.out, done);
  forget_account (username);
  signet_test_cli_run_clear (&outcome.run);
  g_free (outcome.condition);
}

/*
 * The rows
 */

static void
find_elements (Flow flow)
{
  g_autoptr(SignetTestServer) server = start_server (flow, 0, 0);
  g_autofree char *username = g_strdup_printf ("clean-%d", flow);
  g_auto(SignetTestCliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;

  forget_account (username);
  run_register (&run, server, username);
  if (run.status != 0)
    g_error ("The clean %s failed: %s %s", flow_names[flow], run.out, run.err);
  forget_account (username);

  elements[flow] = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (signet_test_server_get_output (server), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);

      if (g_strv_length (words) == 4 && g_str_equal (words[0], "ELEMENT"))
        g_ptr_array_add (elements[flow], g_strdup_printf ("%s %s", words[2], words[3]));
    }
  g_assert_cmpuint (elements[flow]->len, >, 0);
  g_assert_true (g_str_equal (g_ptr_array_index (elements[flow], elements[flow]->len - 1), "S result"));
}

static void
test_matrix (void)
{
  fault_matrix_table_check (&table,
                            "The Cadmium fault matrix (flow, element C: from signet-cli, S: from the server, fault: "
                            "exit status and condition, what Signet kept, the same command run again)",
                            "| flow         | element                | fault       | outcome                "
                            "| kept  | run again | verdict            |");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  int status;

  /* Every test is audited for secrets; logs of this process too. */
  fault_matrix_init (&argc, &argv);

  fault_matrix_table_init (&table);
  scratch = g_dir_make_tmp ("signet-fault-XXXXXX", NULL);
  for (int flow = 0; flow < N_FLOWS; flow++)
    find_elements (flow);
  fault_matrix_remove_dir (g_steal_pointer (&scratch));

  fault_matrix_add_cells (cells, "fault-cadmium", elements, flow_names, N_FLOWS, test_cell);
  signet_test_secrets_add_func ("/fault-matrix-cadmium/table", test_matrix);
  status = g_test_run ();

  for (int flow = 0; flow < N_FLOWS; flow++)
    g_ptr_array_unref (elements[flow]);
  fault_matrix_table_clear (&table);

  return status;
}
