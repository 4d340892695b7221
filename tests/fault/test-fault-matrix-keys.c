/* test-fault-matrix-keys.c: a Kontalk account's key flows of signet-cli,
 * "rekey" (key rollover) and "link" (the key uploaded for another
 * device), against signet-devserver, at every element the client sends,
 * hit by every fault; each must end in a specific error, leave the
 * account's record and keyring usable (never two keys half-replaced),
 * and then finish when run again.
 *
 * Every cell starts from a copy of one device that signed up once (its
 * GnuPG home and record; the keyring item is put back), with a server of
 * its own that keeps the same server key (--state-dir).  A clean run of
 * each flow first finds the elements of each of its connections, so a
 * new stanza gets its own row without touching this file.
 *
 * The devserver hits the client's element: dropped or held before it acts
 * on it (held, the client is also killed), its answer garbled after it
 * acted, or an empty result instead of acting.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fault-matrix.h"
#include "signet-core.h"
#include "signet-test-cli.h"
#include "signet-test-gnupg.h"
#include "signet-test-keyring.h"
#include "signet-test-secrets.h"
#include "signet-test-server.h"

/* This program's own number: the keyring is shared. */
#define E164 "+393471506161"
#define EXPORT_PASSWORD "fault matrix export password"
#define CLIENT_TIMEOUT "2"
#define DELAY_MS "3000"

typedef enum
{
  FLOW_REKEY,
  FLOW_LINK,
  N_FLOWS
} Flow;

static const char * const flow_names[] = { "rekey", "link" };

typedef struct
{
  Flow flow;
  guint connection;
  guint element;
  FaultMatrixFault fault;
} Cell;

/* One element of a flow: its connection, its number there, its name. */
typedef struct
{
  guint connection;
  guint element;
  char *name;
} Element;

static GPtrArray *elements[N_FLOWS];
static FaultMatrixTable table;
static SignetTestGnupgScratch *scratch;
/* The server's own folder (its key), shared by every cell's server. */
static char *state_dir;
/* The device that signed up, copied for every cell, and what it holds. */
static char *template;
static char *template_fingerprint;
static char *template_passphrase;
static char *jid;
static guint n_devices;

static void
element_free (Element *element)
{
  g_free (element->name);
  g_free (element);
}

/*
 * signet-cli on a device
 */

static GSubprocess *
spawn_on (const char         *device,
          const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();
  g_autofree char *data = g_build_filename (device, "data", NULL);
  g_autofree char *config = g_build_filename (device, "config", NULL);

  signet_test_cli_launcher_set_dirs (launcher, device, data, config, device);
  return signet_test_cli_spawn (launcher, args);
}

/* @flow's command on @device, with the server's address and @timeout. */
static GSubprocess *
spawn_flow (Flow              flow,
            SignetTestServer *server,
            const char       *device,
            const char       *timeout)
{
  const char *args[] = { flow_names[flow], "--account", E164, "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server), "--timeout", timeout, "--json", NULL };
  GSubprocess *process = spawn_on (device, args);
  GOutputStream *input = g_subprocess_get_stdin_pipe (process);
  const char *line = flow == FLOW_LINK ? EXPORT_PASSWORD "\n" : "";

  /* The export password goes in at once: "link" reads it first. */
  g_assert_true (g_output_stream_write_all (input, line, strlen (line), NULL, NULL, NULL));
  g_assert_true (g_output_stream_flush (input, NULL, NULL));
  return process;
}

/* Runs that must succeed get the default timeout: a busy machine cannot
 * fail them. */
static int
run_flow (Flow              flow,
          SignetTestServer *server,
          const char       *device)
{
  g_autoptr(GSubprocess) process = spawn_flow (flow, server, device, "30");
  g_auto(SignetTestCliRun) run = { 0 };

  signet_test_cli_communicate (&run, process, NULL);
  g_test_message ("%s exited %d: %s %s", flow_names[flow], run.status, run.out, run.err);
  return run.status;
}

static void
stop_agent (const char *device)
{
  g_autofree char *home = g_build_filename (device, "data", "signet", "gnupg", NULL);
  const char *argv[] = { "gpgconf", "--homedir", home, "--kill", "gpg-agent", NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
stop_server_agent (void)
{
  g_autofree char *home = g_build_filename (state_dir, "gnupg", NULL);
  const char *argv[] = { "gpgconf", "--homedir", home, "--kill", "gpg-agent", NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
}

/*
 * What the device holds
 */

static char *
record_fingerprint (const char *device)
{
  g_autofree char *name = g_strconcat (jid, ".json", NULL);
  g_autofree char *path = g_build_filename (device, "data", "signet", "accounts", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root), "fingerprint", NULL));
}

/* "old" or "new": the record's key, which the keyring's passphrase opens;
 * "broken" when they do not go together. */
static const char *
kept_state (const char *device)
{
  g_autofree char *fingerprint = record_fingerprint (device);
  g_autofree char *home = g_build_filename (device, "data", "signet", "gnupg", NULL);
  g_autofree char *passphrase = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_KONTALK, "localhost", jid);
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(GError) error = NULL;

  if (fingerprint == NULL || passphrase == NULL)
    return "broken";
  key = signet_personal_key_load (home, fingerprint, passphrase, &error);
  if (key == NULL || !signet_personal_key_check_passphrase (key, &error))
    {
      g_test_message ("The stored key does not open: %s", error->message);
      return "broken";
    }

  return g_str_equal (fingerprint, template_fingerprint) ? "old" : "new";
}

/* A new device holding the account as it was after signing up. */
static char *
copy_template (void)
{
  g_autofree char *name = g_strdup_printf ("d%u", ++n_devices);
  char *device = g_build_filename (signet_test_gnupg_scratch_get_dir (scratch), name, NULL);
  const char *cp[] = { "cp", "-a", template, device, NULL };
  int status = -1;

  g_spawn_sync (NULL, (char **) cp, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_KONTALK, "localhost", jid,
                                                  template_passphrase, NULL));
  return device;
}

/*
 * The server
 */

static SignetTestServer *
start_server (const Cell *cell)
{
  g_autofree char *state = g_strdup_printf ("--state-dir=%s", state_dir);
  g_autofree char *connection = g_strdup_printf ("--fault-connection=%u", cell != NULL ? cell->connection : 0);
  g_autofree char *element = g_strdup_printf ("%u", cell != NULL ? cell->element : 0);
  const char *args[12] = { "--throttle-attempts=0", "--print-connections", state, NULL };
  guint n = 3;

  if (cell == NULL)
    return signet_test_server_start (args);

  args[n++] = connection;
  switch (cell->fault)
    {
    case FAULT_MATRIX_DROP:
      args[n++] = "--drop-after";
      break;
    case FAULT_MATRIX_GARBLE:
      args[n++] = "--garble";
      break;
    case FAULT_MATRIX_WRONG:
      args[n++] = "--wrong-reply";
      break;
    case FAULT_MATRIX_DELAY:
    case FAULT_MATRIX_KILL:
    case FAULT_MATRIX_N_FAULTS:
    default:
      args[n++] = "--delay-ms=" DELAY_MS;
      args[n++] = "--delay-element";
      break;
    }
  args[n++] = element;
  args[n] = NULL;

  return signet_test_server_start (args);
}

/*
 * One cell
 */

static const Element *
cell_element (const Cell *cell)
{
  for (guint i = 0; i < elements[cell->flow]->len; i++)
    {
      const Element *element = g_ptr_array_index (elements[cell->flow], i);

      if (element->connection == cell->connection && element->element == cell->element)
        return element;
    }

  g_assert_not_reached ();
}

typedef struct
{
  SignetTestCliRun run;
  char *condition;
  gboolean reached;
  const char *kept;
  int usable;
  int again;
  const char *done;
  int usable_after;
} Outcome;

static void
run_faulted (const Cell       *cell,
             SignetTestServer *server,
             const char       *device,
             Outcome          *outcome)
{
  g_autoptr(GSubprocess) process = spawn_flow (cell->flow, server, device, CLIENT_TIMEOUT);
  g_autofree char *line = g_strdup_printf ("ELEMENT %u %u ", cell->connection, cell->element);

  outcome->reached = TRUE;
  if (cell->fault == FAULT_MATRIX_KILL)
    {
      outcome->reached = fault_matrix_wait_for_line (server, process, line);
      /* Also when it was not reached: a stuck client must not outlive its cell. */
      g_subprocess_send_signal (process, SIGKILL);
    }
  signet_test_cli_communicate (&outcome->run, process, NULL);
  outcome->reached = outcome->reached && fault_matrix_server_said (server, line);
  outcome->condition = outcome->run.killed ? g_strdup ("(killed)") :
                       signet_test_cli_dup_condition (outcome->run.out);
  g_test_message ("faulted run exited %d: %s %s", outcome->run.status, outcome->run.out, outcome->run.err);
}

/* What the flow leaves when it is done: a rollover, a new key; a link, the
 * same key. */
static const char *
done_state (Flow flow)
{
  return flow == FLOW_REKEY ? "new" : "old";
}

static const char *
judge (const Cell    *cell,
       const Outcome *outcome)
{
  const char *error_verdict = fault_matrix_judge_error (cell->fault, outcome->run.status, outcome->run.killed,
                                                        outcome->condition);
  gboolean unharmed = outcome->run.status == 0 && !outcome->run.killed;

  if (!outcome->reached)
    return "FAIL: not reached";
  if (g_str_equal (outcome->kept, "broken"))
    return "FAIL: half replaced";
  if (outcome->usable != 0)
    return "FAIL: unusable";
  /* An answer that the client does not need (the check of a stored key,
   * or nothing at all) may be lost: then the flow is simply done. */
  if (unharmed)
    return g_str_equal (outcome->kept, done_state (cell->flow)) ? "ok (unharmed)" : "FAIL: false success";
  if (error_verdict != NULL)
    return error_verdict;
  if (outcome->again != 0 || !g_str_equal (outcome->done, done_state (cell->flow)) || outcome->usable_after != 0)
    return "FAIL: run again";

  return "ok";
}

static void
test_cell (gconstpointer data)
{
  const Cell *cell = data;
  g_autofree char *device = copy_template ();
  g_autoptr(SignetTestServer) server = start_server (cell);
  g_autofree char *usable = NULL;
  Outcome outcome = { 0 };
  const char *verdict;

  run_faulted (cell, server, device, &outcome);
  outcome.kept = kept_state (device);
  /* "link" logs in with the stored key: it works while the server takes it. */
  outcome.usable = run_flow (FLOW_LINK, server, device);
  outcome.done = outcome.kept;
  if (outcome.run.status != 0 || outcome.run.killed)
    {
      outcome.again = run_flow (cell->flow, server, device);
      outcome.done = kept_state (device);
      outcome.usable_after = run_flow (FLOW_LINK, server, device);
    }
  verdict = judge (cell, &outcome);

  fault_matrix_table_add_row (&table, verdict, "| %-5s | %u.%u %-8s | %-11s | %3d %-21s | %-6s | %-6s | %-9s | %-18s |",
                              flow_names[cell->flow], cell->connection, cell->element, cell_element (cell)->name,
                              fault_matrix_fault_names[cell->fault], outcome.run.status,
                              outcome.condition != NULL ? outcome.condition : "-", outcome.kept,
                              outcome.usable == 0 ? "yes" : "NO",
                              outcome.run.status == 0 && !outcome.run.killed ? "-" :
                              outcome.again == 0 && g_str_equal (outcome.done, done_state (cell->flow)) ?
                              "done" : "FAILED",
                              verdict);
  if (g_str_has_prefix (verdict, "FAIL"))
    g_test_message ("%s: usable %d, run again %d (%s), usable after %d", verdict, outcome.usable, outcome.again,
                    outcome.done, outcome.usable_after);
  stop_agent (device);
  signet_test_cli_run_clear (&outcome.run);
  g_free (outcome.condition);
}

/*
 * The rows
 */

/* Signs the number up on the template device, once. */
static void
sign_up (void)
{
  g_autoptr(SignetTestServer) server = start_server (NULL);
  const char *args[] = { "register", "--server", "localhost", "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server), "--phone", E164, "--name", "Faults",
                         "--json", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *code = NULL;
  g_autofree char *line = NULL;
  g_auto(SignetTestCliRun) run = { 0 };

  template = signet_test_gnupg_scratch_new_device (scratch, "t");
  process = spawn_on (template, args);
  code = signet_test_server_wait_for_code (server, E164);
  line = g_strdup_printf ("%s\n", code);
  signet_test_cli_communicate (&run, process, line);
  if (run.status != 0)
    g_error ("The sign-up failed: %s %s", run.out, run.err);
  stop_agent (template);

  jid = signet_personal_key_make_jid (E164, "localhost");
  template_fingerprint = record_fingerprint (template);
  template_passphrase = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_KONTALK, "localhost", jid);
  g_assert_nonnull (template_fingerprint);
  g_assert_nonnull (template_passphrase);
}

static void
find_elements (Flow flow)
{
  g_autoptr(SignetTestServer) server = start_server (NULL);
  g_autofree char *device = copy_template ();
  g_auto(GStrv) lines = NULL;

  if (run_flow (flow, server, device) != 0)
    g_error ("The clean %s failed", flow_names[flow]);
  g_assert_cmpstr (kept_state (device), ==, done_state (flow));
  stop_agent (device);

  elements[flow] = g_ptr_array_new_with_free_func ((GDestroyNotify) element_free);
  lines = g_strsplit (signet_test_server_get_output (server), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);
      Element *element;

      if (g_strv_length (words) != 4 || !g_str_equal (words[0], "ELEMENT"))
        continue;
      element = g_new0 (Element, 1);
      element->connection = (guint) g_ascii_strtoull (words[1], NULL, 10);
      element->element = (guint) g_ascii_strtoull (words[2], NULL, 10);
      element->name = g_strdup (words[3]);
      g_ptr_array_add (elements[flow], element);
    }
  g_assert_cmpuint (elements[flow]->len, >, 0);
}

static void
add_cells (GPtrArray *cells)
{
  for (int flow = 0; flow < N_FLOWS; flow++)
    for (guint i = 0; i < elements[flow]->len; i++)
      for (int fault = 0; fault < FAULT_MATRIX_N_FAULTS; fault++)
        {
          const Element *element = g_ptr_array_index (elements[flow], i);
          g_autofree char *path = g_strdup_printf ("/fault-keys/%s/%u.%u/%d", flow_names[flow], element->connection,
                                                   element->element, fault);
          Cell *cell = g_new0 (Cell, 1);

          cell->flow = flow;
          cell->connection = element->connection;
          cell->element = element->element;
          cell->fault = fault;
          g_ptr_array_add (cells, cell);
          signet_test_secrets_add_data_func (path, cell, test_cell, NULL);
        }
}

static void
test_matrix (void)
{
  fault_matrix_table_check (&table,
                            "The key fault matrix (flow, connection.element the client sent, fault: exit status and "
                            "condition, the key the record and keyring hold after it, whether the account logs in, "
                            "the same command run again)",
                            "| flow  | element      | fault       | outcome                   | kept   | usable "
                            "| run again | verdict            |");
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

  /* Short: GnuPG's agent sockets live in the devices' homes. */
  scratch = signet_test_gnupg_scratch_new ("signet-fk");
  state_dir = g_build_filename (signet_test_gnupg_scratch_get_dir (scratch), "server", NULL);
  g_assert_cmpint (g_mkdir (state_dir, 0700), ==, 0);
  fault_matrix_table_init (&table);
  sign_up ();
  for (int flow = 0; flow < N_FLOWS; flow++)
    find_elements (flow);

  add_cells (cells);
  signet_test_secrets_add_func ("/fault-matrix-keys/table", test_matrix);
  status = g_test_run ();

  for (int flow = 0; flow < N_FLOWS; flow++)
    g_ptr_array_unref (elements[flow]);
  fault_matrix_table_clear (&table);
  stop_server_agent ();
  g_clear_pointer (&scratch, signet_test_gnupg_scratch_free);
  g_free (state_dir);
  g_free (template);
  g_free (template_fingerprint);
  g_free (template_passphrase);
  g_free (jid);

  return status;
}
