/* test-fault-matrix-xep0077.c: every XEP-0077 flow of signet-cli against a
 * real Prosody, at every element either side sends, hit by every fault;
 * each must end in a specific error, keep what the person typed, and then
 * finish when run again with the same input.
 *
 * The flows are "xmpp register", "xmpp passwd" and "xmpp unregister".  They
 * go through a relay (fault-relay.c) that ends their TLS with Prosody's own
 * certificate and goes on to Prosody's direct TLS port, counting the
 * elements each way.  A clean run of each flow first finds those
 * elements, so a new stanza gets its own row without touching this file.
 *
 * Elements from the client can be dropped, held past the client's timeout,
 * or the client killed while they are held; elements from the server can
 * also be garbled or replaced with a reply of the wrong type.
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
#include "fault-relay.h"
#include "signet-test-cli.h"
#include "signet-test-xmpp-server.h"

#define DOMAIN "faults.localhost"
/* The held or delayed element comes after the client gave up. */
#define CLIENT_TIMEOUT "2"
#define PASSWORD "fault password"
#define NEW_PASSWORD "new fault password"

typedef enum
{
  FLOW_REGISTER,
  FLOW_PASSWD,
  FLOW_UNREGISTER,
  N_FLOWS
} Flow;

static const char * const flow_names[] = { "register", "passwd", "unregister" };

typedef FaultMatrixCell Cell;

static SignetTestXmppServer *server;
static FaultRelay *relay;
/* The elements of each flow, found by a clean run. */
static GPtrArray *elements[N_FLOWS];
/* One line per cell, printed as a table at the end. */
static GPtrArray *rows;
static guint n_failed;
/* Before the tests run, GLib has not isolated the user's folders yet: the
 * clean runs get a folder of their own. */
static char *scratch;

static const SignetTestXmppHost hosts[] = {
  { DOMAIN, NULL },
  { NULL }
};

/*
 * Running signet-cli
 */

static GSubprocess *
spawn_cli (const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();

  if (scratch != NULL)
    signet_test_cli_launcher_set_dirs (launcher, scratch, scratch, scratch, scratch);
  else
    signet_test_cli_launcher_isolate (launcher);
  return signet_test_cli_spawn (launcher, args);
}

/* The flow's command line, through the relay with direct TLS.  Only the
 * faulted run has the short @timeout that a held element outlasts; runs
 * that must succeed get the default, so that a busy machine cannot fail
 * them. */
static GPtrArray *
flow_args (Flow        flow,
           const char *username,
           const char *timeout)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);
  const char *common[] = { "--host", fault_relay_get_host_and_port (relay), "--direct-tls",
                           "--trust", signet_test_xmpp_server_get_sha256 (server),
                           "--timeout", timeout, "--json", NULL };

  g_ptr_array_add (args, g_strdup ("xmpp"));
  g_ptr_array_add (args, g_strdup (flow_names[flow]));
  for (guint i = 0; common[i] != NULL; i++)
    g_ptr_array_add (args, g_strdup (common[i]));
  if (flow == FLOW_REGISTER)
    {
      g_ptr_array_add (args, g_strdup ("--server"));
      g_ptr_array_add (args, g_strdup (DOMAIN));
      g_ptr_array_add (args, g_strdup ("--field"));
      g_ptr_array_add (args, g_strdup_printf ("username=%s", username));
      g_ptr_array_add (args, g_strdup ("--field"));
      g_ptr_array_add (args, g_strdup ("password=" PASSWORD));
    }
  else
    {
      g_ptr_array_add (args, g_strdup ("--jid"));
      g_ptr_array_add (args, g_strdup_printf ("%s@" DOMAIN, username));
    }
  if (flow == FLOW_PASSWD)
    {
      g_ptr_array_add (args, g_strdup ("--new-password"));
      g_ptr_array_add (args, g_strdup (NEW_PASSWORD));
    }
  g_ptr_array_add (args, NULL);

  return args;
}

static int
run_flow (Flow        flow,
          const char *username)
{
  g_autoptr(GPtrArray) args = flow_args (flow, username, "30");
  g_autoptr(GSubprocess) process = spawn_cli ((const char * const *) args->pdata);
  g_auto(SignetTestCliRun) run = { 0 };

  signet_test_cli_communicate (&run, process, NULL);
  if (run.status != 0)
    g_test_message ("%s exited %d: %s %s", flow_names[flow], run.status, run.out, run.err);
  return run.status;
}

/* An account to change or close, made straight on Prosody (STARTTLS). */
static void
make_account (const char *username)
{
  g_autofree char *field = g_strdup_printf ("username=%s", username);
  const char *args[] = { "xmpp", "register", "--server", DOMAIN,
                         "--host", signet_test_xmpp_server_get_host_and_port (server),
                         "--trust", signet_test_xmpp_server_get_sha256 (server), "--json",
                         "--field", field, "--field", "password=" PASSWORD, NULL };
  g_autoptr(GSubprocess) process = spawn_cli (args);
  g_auto(SignetTestCliRun) run = { 0 };

  signet_test_cli_communicate (&run, process, NULL);
  if (run.status != 0)
    g_error ("Could not make an account: %s %s", run.out, run.err);
}

/*
 * What the server and the keyring hold
 */

static gboolean
can_log_in (const char *jid,
            const char *password)
{
  g_autoptr(GError) error = NULL;

  return signet_test_xmpp_login (server, jid, password, NULL, &error);
}

/* "typed", "new" or "none": the password in the keyring. */
static const char *
keyring_state (const char *jid)
{
  g_autofree char *secret = signet_test_xmpp_keyring_lookup (DOMAIN, jid);

  if (secret == NULL)
    return "none";
  if (g_str_equal (secret, PASSWORD))
    return "typed";
  if (g_str_equal (secret, NEW_PASSWORD))
    return "new";
  return "other";
}

/* Whether the flow's work is done, on the server and in the keyring. */
static gboolean
flow_done (Flow        flow,
           const char *jid)
{
  const char *kept = keyring_state (jid);

  switch (flow)
    {
    case FLOW_REGISTER:
      return g_str_equal (kept, "typed") && can_log_in (jid, PASSWORD);
    case FLOW_PASSWD:
      /* An account has one password: the new one working is enough. */
      return g_str_equal (kept, "new") && can_log_in (jid, NEW_PASSWORD);
    case FLOW_UNREGISTER:
    case N_FLOWS:
    default:
      return g_str_equal (kept, "none") && !can_log_in (jid, PASSWORD);
    }
}

/* Until the flow is done, nothing may be lost: the account's password is
 * in the keyring or in what was typed (the new password, which the same
 * command gives again), and a keyring item goes only with the account. */
static gboolean
kept_enough (Flow        flow,
             const char *jid,
             const char *kept)
{
  switch (flow)
    {
    case FLOW_REGISTER:
      /* Nothing is kept before the server's answer: the same command
       * gives the same username and password again. */
      return TRUE;
    case FLOW_PASSWD:
      return !g_str_equal (kept, "none") && (can_log_in (jid, PASSWORD) || can_log_in (jid, NEW_PASSWORD));
    case FLOW_UNREGISTER:
    case N_FLOWS:
    default:
      return g_str_equal (kept, "typed") || !can_log_in (jid, PASSWORD);
    }
}

/*
 * One cell
 */

typedef struct
{
  int status;
  gboolean killed;
  gboolean hit;
  char    *condition;
} Outcome;

static void
run_faulted (const Cell *cell,
             const char *username,
             Outcome    *outcome)
{
  g_autoptr(GPtrArray) args = flow_args (cell->flow, username, CLIENT_TIMEOUT);
  g_autoptr(GSubprocess) process = NULL;
  g_auto(SignetTestCliRun) run = { 0 };

  fault_relay_arm (relay, cell->element, fault_relay_fault_of (cell->fault));
  process = spawn_cli ((const char * const *) args->pdata);
  if (cell->fault == FAULT_MATRIX_KILL && fault_relay_wait_hit (relay, process))
    g_subprocess_send_signal (process, SIGKILL);
  signet_test_cli_communicate (&run, process, NULL);
  outcome->hit = fault_relay_was_hit (relay);
  fault_relay_arm (relay, 0, FAULT_RELAY_NONE);

  outcome->status = run.status;
  outcome->killed = run.killed;
  outcome->condition = run.killed ? g_strdup ("(killed)") : signet_test_cli_dup_condition (run.out);
  g_test_message ("faulted run exited %d: %s %s", run.status, run.out, run.err);
}

static const char *
judge (const Cell    *cell,
       const Outcome *outcome,
       gboolean       kept_ok,
       int            again,
       gboolean       done)
{
  /* A signal the test did not send is a crash, never a specific error. */
  gboolean specific = cell->fault == FAULT_MATRIX_KILL ? outcome->killed :
                      !outcome->killed && outcome->status != 0 && outcome->condition != NULL &&
                      !g_str_equal (outcome->condition, "failed");

  if (!outcome->hit)
    return "FAIL: not reached";
  if (outcome->status == 0 && !outcome->killed)
    return done ? "ok (unharmed)" : "FAIL: false success";
  if (!specific)
    return "FAIL: not specific";
  /* A cut or a silence is the network's, whichever step it hit (the
   * first login after a sign-up once said "login refused"). */
  if ((cell->fault == FAULT_MATRIX_DROP || cell->fault == FAULT_MATRIX_DELAY) && outcome->status != 8)
    return "FAIL: not network (8)";
  if (!kept_ok)
    return "FAIL: lost";
  if (again != 0 || !done)
    return "FAIL: run again";
  return "ok";
}

static void
test_cell (gconstpointer data)
{
  const Cell *cell = data;
  g_autofree char *username = signet_test_xmpp_new_username ("fault");
  g_autofree char *jid = g_strdup_printf ("%s@" DOMAIN, username);
  Outcome outcome = { 0 };
  const char *kept;
  const char *verdict;
  gboolean kept_ok;
  gboolean done;
  int again = 0;

  if (cell->flow != FLOW_REGISTER)
    make_account (username);
  run_faulted (cell, username, &outcome);
  kept = keyring_state (jid);
  kept_ok = kept_enough (cell->flow, jid, kept);
  /* A flow that ended well is not run again, nor one killed after it had
   * done its work: the client may have had the server's answer and acted
   * on it before the element held after it (an unregistration then has
   * no password left to run again with, and says so). */
  if ((outcome.status != 0 || outcome.killed) && !flow_done (cell->flow, jid))
    again = run_flow (cell->flow, username);
  done = flow_done (cell->flow, jid);
  verdict = judge (cell, &outcome, kept_ok, again, done);

  g_ptr_array_add (rows, g_strdup_printf ("| %-10s | %2u %-22s | %-11s | %3d %-16s | %-5s | %-10s | %-18s |",
                                          flow_names[cell->flow], cell->element,
                                          (char *) g_ptr_array_index (elements[cell->flow], cell->element - 1),
                                          fault_matrix_fault_names[cell->fault], outcome.status,
                                          outcome.condition ? outcome.condition : "-", kept,
                                          outcome.status == 0 && !outcome.killed ? "-" :
                                          again == 0 && done ? "done" : "FAILED",
                                          verdict));
  if (g_str_has_prefix (verdict, "FAIL"))
    {
      g_test_message ("%s: run again exited %d, done %d", verdict, again, done);
      n_failed++;
    }
  g_free (outcome.condition);
}

/*
 * The rows
 */

static void
find_elements (Flow flow)
{
  g_autofree char *username = signet_test_xmpp_new_username ("clean");
  g_autofree char *jid = g_strdup_printf ("%s@" DOMAIN, username);

  if (flow != FLOW_REGISTER)
    make_account (username);
  fault_relay_arm (relay, 0, FAULT_RELAY_NONE);
  if (run_flow (flow, username) != 0)
    g_error ("The clean %s failed", flow_names[flow]);
  g_assert_true (flow_done (flow, jid));
  elements[flow] = fault_relay_dup_elements (relay);
  g_assert_cmpuint (elements[flow]->len, >, 0);
  for (guint i = 0; i < elements[flow]->len; i++)
    g_print ("# %s element %u: %s\n", flow_names[flow], i + 1, (char *) g_ptr_array_index (elements[flow], i));
}

static void
test_matrix (void)
{
  g_print ("# The XEP-0077 fault matrix (flow, element C: from signet-cli, S: from Prosody, fault: exit "
           "status and condition, the keyring's password after it, the same command run again)\n");
  g_print ("# | flow       | element                   | fault       | outcome              | kept  | run again  "
           "| verdict            |\n");
  g_print ("# |------------|---------------------------|-------------|----------------------|-------|------------"
           "|--------------------|\n");
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

  fault_matrix_init (&argc, &argv);

  if (!signet_test_xmpp_server_available (SIGNET_TEST_XMPP_PROSODY))
    {
      g_test_skip ("Prosody is not installed; build-aux/setup installs it");
      return g_test_run ();
    }

  /* The relay reaches Prosody on its direct TLS port, the second one. */
  server = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_PROSODY, "c2s_direct_tls_ports = { @HTTP_PORT@ }", hosts);
  signet_test_xmpp_server_wait (server);
  relay = fault_relay_new_for_server (FAULT_RELAY_XMPP, server);

  rows = g_ptr_array_new_with_free_func (g_free);
  scratch = g_dir_make_tmp ("signet-fault-XXXXXX", NULL);
  for (int flow = 0; flow < N_FLOWS; flow++)
    find_elements (flow);
  fault_matrix_remove_dir (g_steal_pointer (&scratch));
  fault_matrix_add_cells (cells, "fault-xep0077", elements, flow_names, N_FLOWS, test_cell);
  g_test_add_func ("/fault-matrix-xep0077/table", test_matrix);

  status = g_test_run ();

  signet_test_xmpp_server_stop (server);
  for (int flow = 0; flow < N_FLOWS; flow++)
    g_ptr_array_unref (elements[flow]);
  g_ptr_array_unref (rows);

  return status;
}
