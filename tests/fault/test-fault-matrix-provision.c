/* test-fault-matrix-provision.c: `signet-cli provision` against the
 * mod_register_json servlet on a real Prosody, at every HTTP request and
 * answer either side sends, hit by every fault; each must end in a
 * specific error, leave nothing half written, and then finish when run
 * again with the same command, or say precisely what the server made of
 * the first run.
 *
 * Three flows: a registration, the verification of its token, and a batch
 * of two accounts from one address, whose second the servlet first
 * throttles (signet-cli waits and sends it again).  They go through a
 * relay (fault-relay.c) that ends their TLS with Prosody's own certificate
 * and goes on to Prosody's HTTPS port, counting the requests and answers.
 * A clean run of each flow first finds them, so a new request gets its own
 * row without touching this file.
 *
 * Requests can be dropped, held past the client's timeout, or the client
 * killed while they are held; answers can also be garbled (not HTTP) or
 * replaced with an empty success.  The servlet acts on a request before
 * any fault hits its answer, and it has no way to hand out a lost token
 * again: a registration whose answer was lost waits for its token until it
 * expires, and the run again must say that it is pending; a verification
 * whose answer was lost has activated the account, and the run again can
 * only say that the token is no longer known.  What the servlet did is
 * read from Prosody's log, not guessed from the element.
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
#include "fault-relay.h"
#include "signet-test-cli.h"
#include "signet-test-secrets.h"
#include "signet-test-xmpp-server.h"

#define DOMAIN "localhost"
#define AUTH_TOKEN "fault-operator-secret"
#define PASSWORD "provision fault password"
/* The held or delayed element comes after the client gave up. */
#define CLIENT_TIMEOUT "2"
/* Never throttled (reg_servlet_wl): a run again follows its faulted run
 * at once, from the same address. */
#define UNTHROTTLED_IP "198.51.100.1"
/* How long a request delayed by the relay may take to reach the servlet
 * and be acted on, once the relay sent it on. */
#define SETTLE_SECONDS 10

typedef enum
{
  FLOW_PROVISION,
  FLOW_VERIFY,
  FLOW_BATCH,
  N_FLOWS
} Flow;

static const char * const flow_names[] = { "provision", "verify", "batch" };

typedef FaultMatrixCell Cell;

static SignetTestXmppServer *server;
static FaultRelay *relay;
static char *relay_url;
static char *direct_url;
/* The elements of each flow, found by a clean run. */
static GPtrArray *elements[N_FLOWS];
static FaultMatrixTable table;
/* Before the tests run, GLib has not isolated the user's folders yet: the
 * clean runs get a folder of their own. */
static char *scratch;

/*
 * Running signet-cli
 */

/* Each account has its own name and mail address; a batch's accounts
 * share an address of their own, which the servlet throttles. */
typedef struct
{
  char *names[2];
  char *ip;
  /* The batch file; FILE.done is next to it. */
  char *batch;
  char *token;
} Accounts;

static void
accounts_init (Accounts *accounts,
               Flow      flow)
{
  static guint counter;

  counter++;
  accounts->names[0] = signet_test_xmpp_new_username ("pf");
  accounts->names[1] = flow == FLOW_BATCH ? signet_test_xmpp_new_username ("pf") : NULL;
  accounts->ip = flow == FLOW_BATCH ? g_strdup_printf ("203.0.113.%u", counter % 250 + 1)
                                    : g_strdup (UNTHROTTLED_IP);
}

static void
accounts_clear (Accounts *accounts)
{
  if (accounts->batch != NULL)
    {
      g_autofree char *done = g_strconcat (accounts->batch, ".done", NULL);
      g_autofree char *dir = g_path_get_dirname (accounts->batch);

      g_unlink (done);
      g_unlink (accounts->batch);
      g_rmdir (dir);
    }
  g_free (accounts->names[0]);
  g_free (accounts->names[1]);
  g_free (accounts->ip);
  g_free (accounts->batch);
  g_free (accounts->token);
}

static char *
mail_of (const char *username)
{
  return g_strdup_printf ("%s@mail.example", username);
}

static void
write_batch (Accounts *accounts)
{
  g_autofree char *dir = g_dir_make_tmp ("signet-provision-fault-XXXXXX", NULL);
  g_autoptr(GString) contents = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (accounts->names); i++)
    {
      g_autofree char *mail = mail_of (accounts->names[i]);

      g_string_append_printf (contents,
                              "{\"username\": \"%s\", \"mail\": \"%s\", \"ip\": \"%s\", \"password\": \"" PASSWORD
                              "\"}\n", accounts->names[i], mail, accounts->ip);
    }
  accounts->batch = g_build_filename (dir, "accounts.jsonl", NULL);
  g_assert_true (g_file_set_contents (accounts->batch, contents->str, -1, NULL));
  signet_test_secrets_allow_file (accounts->batch);
}

static GSubprocess *
spawn_cli (const char * const *args,
           const char         *input)
{
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();
  GSubprocess *process;

  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "SIGNET_PROVISION_TOKEN", AUTH_TOKEN, TRUE);
  if (scratch != NULL)
    signet_test_cli_launcher_set_dirs (launcher, scratch, scratch, scratch, scratch);
  else
    signet_test_cli_launcher_isolate (launcher);
  process = signet_test_cli_spawn (launcher, args);

  /* At once: signet-cli reads the password before it connects. */
  if (input != NULL)
    {
      GOutputStream *in = g_subprocess_get_stdin_pipe (process);

      g_assert_true (g_output_stream_write_all (in, input, strlen (input), NULL, NULL, NULL));
      g_assert_true (g_output_stream_flush (in, NULL, NULL));
    }

  return process;
}

/* The flow's command line through @url.  Only the faulted run has the
 * short @timeout that a held element outlasts; runs that must succeed get
 * the default, so that a busy machine cannot fail them. */
static GPtrArray *
flow_args (Flow            flow,
           const Accounts *accounts,
           const char     *url,
           const char     *timeout,
           gboolean        again)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (args, g_strdup ("provision"));
  if (flow == FLOW_VERIFY)
    g_ptr_array_add (args, g_strdup ("verify"));
  g_ptr_array_add (args, g_strdup_printf ("--url=%s", url));
  g_ptr_array_add (args, g_strdup_printf ("--trust=%s", signet_test_xmpp_server_get_sha256 (server)));
  g_ptr_array_add (args, g_strdup_printf ("--timeout=%s", timeout));
  g_ptr_array_add (args, g_strdup ("--json"));
  if (flow == FLOW_PROVISION)
    {
      g_ptr_array_add (args, g_strdup_printf ("--username=%s", accounts->names[0]));
      g_ptr_array_add (args, g_strdup_printf ("--mail=%s@mail.example", accounts->names[0]));
      g_ptr_array_add (args, g_strdup_printf ("--ip=%s", accounts->ip));
    }
  else if (flow == FLOW_VERIFY)
    g_ptr_array_add (args, g_strdup_printf ("--token=%s", accounts->token));
  else
    {
      g_ptr_array_add (args, g_strdup_printf ("--batch=%s", accounts->batch));
      if (again)
        g_ptr_array_add (args, g_strdup ("--resume"));
    }
  g_ptr_array_add (args, NULL);

  return args;
}

static void
run_flow (SignetTestCliRun *run,
          Flow              flow,
          const Accounts   *accounts,
          const char       *url)
{
  g_autoptr(GPtrArray) args = flow_args (flow, accounts, url, "30", TRUE);
  g_autoptr(GSubprocess) process = spawn_cli ((const char * const *) args->pdata,
                                              flow == FLOW_PROVISION ? PASSWORD "\n" : NULL);

  signet_test_cli_communicate (run, process, NULL);
  g_test_message ("%s exited %d: %s %s", flow_names[flow], run->status, run->out, run->err);
}

/* The token of a registration straight on Prosody, for a verification. */
static char *
register_directly (const Accounts *accounts)
{
  g_auto(SignetTestCliRun) run = { 0 };
  g_autoptr(JsonObject) result = NULL;

  run_flow (&run, FLOW_PROVISION, accounts, direct_url);
  if (run.status != 0)
    g_error ("Could not register %s: %s %s", accounts->names[0], run.out, run.err);
  result = signet_test_cli_parse_object (run.out);

  return g_strdup (json_object_get_string_member (result, "token"));
}

static gboolean
verify_directly (const char *token)
{
  Accounts accounts = { .token = (char *) token };
  g_auto(SignetTestCliRun) run = { 0 };

  run_flow (&run, FLOW_VERIFY, &accounts, direct_url);
  return run.status == 0;
}

static gboolean
can_log_in (const char *username)
{
  g_autofree char *jid = g_strdup_printf ("%s@" DOMAIN, username);

  return signet_test_xmpp_login (server, jid, PASSWORD, NULL, NULL);
}

/*
 * What the servlet did and what signet-cli wrote
 */

/* Whether Prosody's log has the servlet's line for @username: the
 * registration waiting for its token, or the account activated. */
static gboolean
server_acted (Flow        flow,
              const char *username)
{
  g_autofree char *log = signet_test_xmpp_server_read_file (server, "prosody.log");
  g_autofree char *line = flow == FLOW_VERIFY ? g_strdup_printf ("Account %s activated", username) :
                          g_strdup_printf ("Registration of %s waits for its token", username);

  return log != NULL && strstr (log, line) != NULL;
}

/* The lines of a batch's output, parsed; non-JSON lines are skipped. */
static GPtrArray *
result_lines (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (*lines[i] == '{' && json_parser_load_from_data (parser, lines[i], -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        g_ptr_array_add (results, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }

  return results;
}

/* The condition @out gives @username, "token" when it printed its token,
 * or NULL when it has no line for it. */
static const char *
batch_result (GPtrArray  *results,
              const char *username)
{
  for (guint i = 0; i < results->len; i++)
    {
      JsonObject *result = g_ptr_array_index (results, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (result, "username", NULL), username) != 0)
        continue;
      if (json_object_has_member (result, "token"))
        return "token";
      if (json_object_has_member (result, "error"))
        return json_object_get_string_member_with_default (json_object_get_object_member (result, "error"),
                                                           "condition", "?");
    }

  return NULL;
}

/* The last error a batch printed for an account. */
static char *
batch_condition (const char *out)
{
  g_autoptr(GPtrArray) results = result_lines (out);

  for (guint i = results->len; i > 0; i--)
    {
      JsonObject *result = g_ptr_array_index (results, i - 1);

      if (json_object_has_member (result, "error"))
        return g_strdup (json_object_get_string_member_with_default (json_object_get_object_member (result, "error"),
                                                                     "condition", NULL));
    }

  return NULL;
}

static gboolean
recorded_done (const Accounts *accounts,
               const char     *username)
{
  g_autofree char *path = g_strconcat (accounts->batch, ".done", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) names = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  names = g_strsplit (contents, "\n", -1);

  return g_strv_contains ((const char * const *) names, username);
}

/* "none" when nothing was written, "ok" when FILE.done holds exactly the
 * accounts whose token was printed, "half" otherwise: a token printed but
 * not recorded is registered again by --resume, and one recorded but not
 * printed is lost. */
static const char *
kept_state (Flow                    flow,
            const Accounts         *accounts,
            const SignetTestCliRun *run)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *secret = NULL;

  if (flow != FLOW_BATCH)
    {
      g_autofree char *jid = g_strdup_printf ("%s@" DOMAIN, accounts->names[0]);

      /* provision writes no keyring item and no file. */
      secret = signet_test_xmpp_keyring_lookup (DOMAIN, jid);
      return secret == NULL ? "none" : "half";
    }

  results = result_lines (run->out);
  for (guint i = 0; i < G_N_ELEMENTS (accounts->names); i++)
    if (recorded_done (accounts, accounts->names[i]) !=
        (g_strcmp0 (batch_result (results, accounts->names[i]), "token") == 0))
      return "half";

  return "ok";
}

/*
 * One cell
 */

typedef struct
{
  SignetTestCliRun run;
  char *condition;
  gboolean reached;
  /* Per account: the servlet acted on it. */
  gboolean acted[2];
} Outcome;

static const char *
element_name (const Cell *cell)
{
  return g_ptr_array_index (elements[cell->flow], cell->element - 1);
}

/* A delayed request reaches the servlet after the client gave up; the
 * run again must not race it. */
static void
wait_for_delayed (const Cell     *cell,
                  const Accounts *accounts)
{
  gint64 deadline = g_get_monotonic_time () + SETTLE_SECONDS * G_USEC_PER_SEC;
  const char *last = accounts->names[accounts->names[1] != NULL ? 1 : 0];

  if (cell->fault != FAULT_MATRIX_DELAY || element_name (cell)[0] != 'C')
    return;
  g_assert_true (fault_relay_wait_settled (relay, SETTLE_SECONDS));
  /* A batch stops at a timeout, so the delayed request is the last it
   * sent: the first account's when it is among the first two elements. */
  while (g_get_monotonic_time () < deadline && !server_acted (cell->flow, last) &&
         !(cell->element <= 2 && server_acted (cell->flow, accounts->names[0])))
    g_usleep (G_USEC_PER_SEC / 20);
}

static void
run_faulted (const Cell     *cell,
             const Accounts *accounts,
             Outcome        *outcome)
{
  g_autoptr(GPtrArray) args = flow_args (cell->flow, accounts, relay_url, CLIENT_TIMEOUT, FALSE);
  g_autoptr(GSubprocess) process = NULL;

  fault_relay_arm (relay, cell->element, fault_relay_fault_of (cell->fault));
  process = spawn_cli ((const char * const *) args->pdata, cell->flow == FLOW_PROVISION ? PASSWORD "\n" : NULL);
  if (cell->fault == FAULT_MATRIX_KILL)
    {
      fault_relay_wait_hit (relay, process);
      /* Also when it was not reached: a stuck client must not outlive its cell. */
      g_subprocess_send_signal (process, SIGKILL);
    }
  signet_test_cli_communicate (&outcome->run, process, NULL);
  wait_for_delayed (cell, accounts);
  outcome->reached = fault_relay_was_hit (relay);
  fault_relay_arm (relay, 0, FAULT_RELAY_NONE);

  if (outcome->run.killed)
    outcome->condition = g_strdup ("(killed)");
  else if (cell->flow == FLOW_BATCH)
    outcome->condition = batch_condition (outcome->run.out);
  else
    outcome->condition = signet_test_cli_dup_condition (outcome->run.out);
  for (guint i = 0; i < G_N_ELEMENTS (accounts->names) && accounts->names[i] != NULL; i++)
    outcome->acted[i] = server_acted (cell->flow, accounts->names[i]);
  g_test_message ("faulted run exited %d: %s %s", outcome->run.status, outcome->run.out, outcome->run.err);
}

/* What the run again must say, given what the servlet did. */
static const char *
judge_provision (const Outcome          *outcome,
                 const Accounts         *accounts,
                 const SignetTestCliRun *again)
{
  g_autofree char *condition = signet_test_cli_dup_condition (again->out);
  g_autoptr(JsonObject) result = NULL;
  const char *token;

  /* Its token is lost: the registration waits for it until it expires,
   * which the refusal has to tell. */
  if (outcome->acted[0])
    return again->status == 22 && g_strcmp0 (condition, "pending") == 0 &&
           strstr (again->out, "once the registration expires") != NULL ? "ok (pending)" : "FAIL: run again";
  if (again->status != 0)
    return "FAIL: run again";

  result = signet_test_cli_parse_object (again->out);
  token = json_object_get_string_member_with_default (result, "token", NULL);
  return token != NULL && verify_directly (token) && can_log_in (accounts->names[0]) ? "ok" : "FAIL: run again";
}

static const char *
judge_verify (const Outcome          *outcome,
              const Accounts         *accounts,
              const SignetTestCliRun *again)
{
  g_autofree char *condition = signet_test_cli_dup_condition (again->out);

  if (!can_log_in (accounts->names[0]))
    return "FAIL: no account";
  if (!outcome->acted[0])
    return again->status == 0 ? "ok" : "FAIL: run again";
  /* The servlet forgets a token once used: the run again cannot tell an
   * activated account from an expired token, and must not say which. */
  if (again->status != 11 || g_strcmp0 (condition, "token-invalid") != 0)
    return "FAIL: run again";
  return strstr (again->out, "not activated") == NULL ? "ok (used)" : "FAIL: says not activated";
}

static const char *
judge_batch (const Outcome          *outcome,
             const Accounts         *accounts,
             const SignetTestCliRun *again)
{
  g_autoptr(GPtrArray) first = result_lines (outcome->run.out);
  g_autoptr(GPtrArray) results = result_lines (again->out);
  gboolean pending = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (accounts->names); i++)
    {
      const char *name = accounts->names[i];
      gboolean printed = g_strcmp0 (batch_result (first, name), "token") == 0;
      gboolean lost = outcome->acted[i] && !printed;

      /* --resume skips what the faulted run registered and recorded. */
      if (g_strcmp0 (batch_result (results, name), lost ? "pending" : printed ? NULL : "token") != 0 ||
          recorded_done (accounts, name) == lost)
        return "FAIL: run again";
      pending = pending || lost;
    }
  if (again->status != (pending ? 28 : 0))
    return "FAIL: run again";

  return pending ? "ok (pending)" : "ok";
}

static const char *
judge (const Cell             *cell,
       const Outcome          *outcome,
       const Accounts         *accounts,
       const char             *kept,
       const SignetTestCliRun *again)
{
  const char *error_verdict = fault_matrix_judge_error (cell->fault, outcome->run.status, outcome->run.killed,
                                                        outcome->condition);

  if (!outcome->reached)
    return "FAIL: not reached";
  if (error_verdict != NULL)
    return error_verdict;
  if (g_str_equal (kept, "half"))
    return "FAIL: half kept";

  switch (cell->flow)
    {
    case FLOW_PROVISION:
      return judge_provision (outcome, accounts, again);
    case FLOW_VERIFY:
      return judge_verify (outcome, accounts, again);
    case FLOW_BATCH:
    case N_FLOWS:
    default:
      return judge_batch (outcome, accounts, again);
    }
}

static const char *
acted_text (const Outcome  *outcome,
            const Accounts *accounts)
{
  if (accounts->names[1] == NULL)
    return outcome->acted[0] ? "yes" : "no";
  if (outcome->acted[0] && outcome->acted[1])
    return "both";

  return outcome->acted[0] ? "first" : outcome->acted[1] ? "second" : "none";
}

static void
test_cell (gconstpointer data)
{
  const Cell *cell = data;
  g_auto(SignetTestCliRun) again = { 0 };
  Accounts accounts = { 0 };
  Outcome outcome = { 0 };
  g_autofree char *again_condition = NULL;
  const char *kept;
  const char *verdict;

  signet_test_secrets_add_from (PASSWORD, "the password typed");
  signet_test_secrets_add_from (AUTH_TOKEN, "the servlet's auth token");
  accounts_init (&accounts, cell->flow);
  if (cell->flow == FLOW_VERIFY)
    {
      accounts.token = register_directly (&accounts);
      signet_test_secrets_add_from (accounts.token, "the registration's token");
    }
  if (cell->flow == FLOW_BATCH)
    write_batch (&accounts);

  run_faulted (cell, &accounts, &outcome);
  kept = kept_state (cell->flow, &accounts, &outcome.run);
  run_flow (&again, cell->flow, &accounts, relay_url);
  again_condition = cell->flow == FLOW_BATCH ? batch_condition (again.out) : signet_test_cli_dup_condition (again.out);
  verdict = judge (cell, &outcome, &accounts, kept, &again);

  fault_matrix_table_add_row (&table, verdict, "| %-9s | %u %-23s | %-11s | %3d %-18s | %-4s | %-6s | %3d %-13s | %-24s |",
                              flow_names[cell->flow], cell->element, element_name (cell),
                              fault_matrix_fault_names[cell->fault], outcome.run.status,
                              outcome.condition != NULL ? outcome.condition : "-", kept,
                              acted_text (&outcome, &accounts), again.status,
                              again_condition != NULL ? again_condition : again.status == 0 ? "done" : "-", verdict);
  if (g_str_has_prefix (verdict, "FAIL"))
    g_test_message ("%s: run again exited %d: %s %s", verdict, again.status, again.out, again.err);
  signet_test_cli_run_clear (&outcome.run);
  g_free (outcome.condition);
  accounts_clear (&accounts);
}

/*
 * The rows
 */

static void
find_elements (Flow flow)
{
  g_auto(SignetTestCliRun) run = { 0 };
  Accounts accounts = { 0 };

  accounts_init (&accounts, flow);
  if (flow == FLOW_VERIFY)
    accounts.token = register_directly (&accounts);
  if (flow == FLOW_BATCH)
    write_batch (&accounts);
  fault_relay_arm (relay, 0, FAULT_RELAY_NONE);
  run_flow (&run, flow, &accounts, relay_url);
  if (run.status != 0)
    g_error ("The clean %s failed: %s %s", flow_names[flow], run.out, run.err);
  elements[flow] = fault_relay_dup_elements (relay);
  g_assert_cmpuint (elements[flow]->len, >, 0);
  for (guint i = 0; i < elements[flow]->len; i++)
    g_print ("# %s element %u: %s\n", flow_names[flow], i + 1, (char *) g_ptr_array_index (elements[flow], i));
  accounts_clear (&accounts);
}

static void
test_matrix (void)
{
  fault_matrix_table_check (&table,
                            "The provisioning fault matrix (flow, element C: from signet-cli, S: from the servlet, "
                            "fault: exit status and condition, what signet-cli kept, what the servlet did, the "
                            "same command run again)",
                            "| flow      | element                   | fault       | outcome                "
                            "| kept | acted  | run again         | verdict                  |");
}

/* Prosody serves the servlet on its HTTPS port for "localhost", whose
 * name the certificate has; the relay ends TLS with the same certificate. */
static void
start_server (void)
{
  static const SignetTestXmppHost hosts[] = {
    { DOMAIN,
      "modules_enabled = { @MODULES@ \"signet_test_register_json\"; }\n"
      "reg_servlet_auth_token = \"" AUTH_TOKEN "\"\n"
      "reg_servlet_ttime = 1\n"
      "reg_servlet_wl = { \"" UNTHROTTLED_IP "\" }\n" },
    { NULL }
  };
  g_autofree char *plugins = signet_test_xmpp_dup_plugin_paths ();
  g_autofree char *global = g_strdup_printf ("%s\n"
                                             "https_ports = { @HTTP_PORT@ }\n"
                                             "https_interfaces = { \"127.0.0.1\" }\n"
                                             "http_default_host = \"" DOMAIN "\"\n", plugins);

  server = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_PROSODY, global, hosts);
  signet_test_xmpp_server_wait (server);
  relay = fault_relay_new_for_server (FAULT_RELAY_HTTP, server);
  relay_url = g_strdup_printf ("https://" DOMAIN ":%s/register_account/",
                               strchr (fault_relay_get_host_and_port (relay), ':') + 1);
  direct_url = g_strdup_printf ("https://" DOMAIN ":%u/register_account/",
                                signet_test_xmpp_server_get_http_port (server));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  int status;

  /* Every test is audited for secrets; logs of this process too. */
  fault_matrix_init (&argc, &argv);

  if (!signet_test_xmpp_server_available (SIGNET_TEST_XMPP_PROSODY))
    {
      g_test_skip ("Prosody is not installed; build-aux/setup installs it");
      return g_test_run ();
    }

  start_server ();
  fault_matrix_table_init (&table);
  scratch = g_dir_make_tmp ("signet-fault-XXXXXX", NULL);
  for (int flow = 0; flow < N_FLOWS; flow++)
    find_elements (flow);
  fault_matrix_remove_dir (g_steal_pointer (&scratch));

  fault_matrix_add_cells (cells, "fault-provision", elements, flow_names, N_FLOWS, test_cell);
  signet_test_secrets_add_func ("/fault-matrix-provision/table", test_matrix);
  status = g_test_run ();

  signet_test_xmpp_server_stop (server);
  for (int flow = 0; flow < N_FLOWS; flow++)
    g_ptr_array_unref (elements[flow]);
  fault_matrix_table_clear (&table);
  g_free (relay_url);
  g_free (direct_url);

  return status;
}
