/* test-fault-matrix-keys.c: a Kontalk account's key flows of signet-cli,
 * "rekey" (key rollover), "link" (the key uploaded for another device),
 * "import FILE" (a key pack, then its first login) and "import --link"
 * (the key fetched with another device's one-time code), against
 * signet-devserver, at every element the client sends, hit by every
 * fault; each must end in a specific error, leave the account's record,
 * keyring item and GnuPG home consistent (never two keys half-replaced,
 * no stray key), and then finish when run again.
 *
 * Signing up and exporting cost GnuPG work that would dominate every cell,
 * so they happen once: every cell starts from a copy of the device that
 * signed up (its GnuPG home and record; the keyring item is put back from
 * what was read out), or from an empty device and the pack it exported,
 * with a server of its own that keeps the same server key (--state-dir):
 * the server takes any key it certified, so the account is the same.
 * Whether the kept key still logs in is checked in this process, which is
 * far cheaper than a command.  A clean run of each flow first finds the
 * elements of each of its connections, so a new stanza gets its own row
 * without touching this file.
 *
 * The flows to run are named on the command line (all of them when none
 * is): meson runs one process per flow, side by side.  Each process signs
 * up a number of its own, because the keyring is shared.
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

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fault-matrix.h"
#include "signet-core.h"
#include "signet-test-async.h"
#include "signet-test-cli.h"
#include "signet-test-gnupg.h"
#include "signet-test-keyring.h"
#include "signet-test-secrets.h"
#include "signet-test-server.h"

/* This process's own number (the keyring is shared): the last digit is
 * its first flow's. */
#define E164_PREFIX "+39347150616"
#define EXPORT_PASSWORD "fault matrix export password"
#define CLIENT_TIMEOUT "2"
#define DELAY_MS 3000

typedef enum
{
  FLOW_REKEY,
  FLOW_LINK,
  FLOW_IMPORT,
  FLOW_IMPORT_LINK,
  N_FLOWS
} Flow;

static const char * const flow_names[] = { "rekey", "link", "import", "import-link" };

/* The flows named on the command line. */
static gboolean wanted[N_FLOWS];
static char *e164;

/* The flows that bring the account to an empty device. */
#define BRINGS_ACCOUNT(flow) ((flow) == FLOW_IMPORT || (flow) == FLOW_IMPORT_LINK)

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
/* The key pack the template device exported, for "import". */
static char *pack_file;
/* Key files in the template's GnuPG home: a flow that is done, or that
 * left nothing, holds as many. */
static guint template_n_keys;

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

  signet_test_cli_launcher_set_device (launcher, device);
  return signet_test_cli_spawn (launcher, args);
}

static void stop_agent (const char *device);

/* A one-time code for "import --link", as the template device's "link"
 * would print it; uploaded from this process, as the cheapest way to get
 * one from @server (its first connection, or the next one). */
static char *
new_link_code (SignetTestServer *server)
{
  g_autofree char *home = g_build_filename (template, "data", "signet", "gnupg", NULL);
  g_autoptr(SignetConnection) connection = signet_test_server_new_connection (server);
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  key = signet_personal_key_load (home, template_fingerprint, template_passphrase, &error);
  g_assert_no_error (error);
  signet_connection_set_timeout (connection, 30);
  signet_device_link_upload_async (connection, key, EXPORT_PASSWORD, NULL, signet_test_async_callback, &result);
  token = signet_device_link_upload_finish (signet_test_async_wait (&result), NULL, &error);
  g_assert_no_error (error);
  stop_agent (template);
  return signet_device_link_make_text (e164, "localhost", token);
}

/* @flow's command on @device, with the server's address and @timeout. */
static GSubprocess *
spawn_flow (Flow              flow,
            SignetTestServer *server,
            const char       *device,
            const char       *timeout)
{
  g_autofree char *code = flow == FLOW_IMPORT_LINK ? new_link_code (server) : NULL;
  const char *account[] = { flow_names[flow], "--account", e164, NULL };
  const char *import[] = { "import", pack_file, "--server", "localhost", NULL };
  const char *import_link[] = { "import", "--link", code, NULL };
  const char *tail[] = { "--host", signet_test_server_get_host_and_port (server), "--trust",
                         signet_test_server_get_sha256 (server), "--timeout", timeout, "--json", NULL };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  GSubprocess *process;
  GOutputStream *input;
  const char *line = flow == FLOW_REKEY ? "" : EXPORT_PASSWORD "\n";

  g_strv_builder_addv (builder, flow == FLOW_IMPORT ? import : flow == FLOW_IMPORT_LINK ? import_link : account);
  g_strv_builder_addv (builder, tail);
  args = g_strv_builder_end (builder);
  process = spawn_on (device, (const char * const *) args);
  input = g_subprocess_get_stdin_pipe (process);
  /* The password goes in at once: "link" and "import" read it first. */
  g_assert_true (g_output_stream_write_all (input, line, strlen (line), NULL, NULL, NULL));
  g_assert_true (g_output_stream_flush (input, NULL, NULL));
  if (flow != FLOW_REKEY)
    signet_test_secrets_add_from (EXPORT_PASSWORD, "the password typed");
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

/* "verify" with the code the server sent for the number. */
static int
run_verify (SignetTestServer *server,
            const char       *device)
{
  g_autofree char *code = signet_test_server_wait_for_code (server, e164);
  const char *args[] = { "verify", "--code", code, "--json", NULL };
  g_autoptr(GSubprocess) process = spawn_on (device, args);
  g_auto(SignetTestCliRun) run = { 0 };

  signet_test_cli_communicate (&run, process, NULL);
  g_test_message ("verify exited %d: %s %s", run.status, run.out, run.err);
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

/* Whether @key logs in to @server: what "the account works" means. */
static gboolean
logs_in (SignetTestServer  *server,
         SignetPersonalKey *key)
{
  g_autoptr(SignetConnection) settings = signet_connection_new (signet_test_server_get_domain (server));
  g_autoptr(SignetVerification) verification = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (signet_connection_set_host_and_port (settings, signet_test_server_get_host_and_port (server), NULL));
  signet_connection_set_trusted_sha256 (settings, signet_test_server_get_sha256 (server));
  signet_connection_set_timeout (settings, 30);
  verification = signet_verification_new (settings, key);
  signet_verification_login_async (verification, NULL, signet_test_async_callback, &result);
  if (!signet_verification_login_finish (verification, signet_test_async_wait (&result), &error))
    {
      g_test_message ("The kept key does not log in: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* "none" (no record, keyring item or key), "old" or "new": the record's
 * key, which the keyring's passphrase opens, alone in its GnuPG home;
 * "broken" when they do not go together, "none+stray" (or "old+stray",
 * "new+stray") when keys were left beside it.  *@usable: whether the kept
 * key logs in to @server (without a @server: TRUE). */
static const char *
kept_state (const char       *device,
            SignetTestServer *server,
            gboolean         *usable)
{
  g_autofree char *fingerprint = record_fingerprint (device);
  g_autofree char *home = g_build_filename (device, "data", "signet", "gnupg", NULL);
  g_autofree char *passphrase = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_KONTALK, "localhost", jid);
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stray = NULL;
  guint n_keys = signet_test_gnupg_count_secret_keys (device);
  const char *state;

  *usable = FALSE;
  if (fingerprint == NULL && passphrase == NULL)
    return n_keys == 0 ? "none" : "none+stray";
  if (fingerprint == NULL || passphrase == NULL)
    return "broken";
  key = signet_personal_key_load (home, fingerprint, passphrase, &error);
  if (key == NULL || !signet_personal_key_check_passphrase (key, &error))
    {
      g_test_message ("The stored key does not open: %s", error->message);
      return "broken";
    }
  *usable = server == NULL || logs_in (server, key);
  state = g_str_equal (fingerprint, template_fingerprint) ? "old" : "new";
  if (n_keys == template_n_keys)
    return state;
  stray = g_strconcat (state, "+stray", NULL);
  return g_intern_string (stray);
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

/* The device a flow starts on: "import" brings the account to an empty
 * one, whose keyring has no item for it. */
static char *
device_for (Flow flow)
{
  g_autofree char *name = NULL;

  if (!BRINGS_ACCOUNT (flow))
    return copy_template ();

  name = g_strdup_printf ("e%u", ++n_devices);
  signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, "localhost", jid, NULL);
  return signet_test_gnupg_scratch_new_device (scratch, name);
}

/*
 * The server
 */

static SignetTestServer *
start_server (const Cell *cell)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (args, g_strdup ("--throttle-attempts=0"));
  g_ptr_array_add (args, g_strdup ("--print-connections"));
  g_ptr_array_add (args, g_strdup_printf ("--state-dir=%s", state_dir));
  if (cell != NULL)
    {
      g_ptr_array_add (args, g_strdup_printf ("--fault-connection=%u", cell->connection));
      fault_matrix_add_kontalk_fault (args, cell->element, cell->fault, DELAY_MS);
    }
  g_ptr_array_add (args, NULL);

  return signet_test_server_start ((const char * const *) args->pdata);
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
  gboolean usable;
  int again;
  const char *done;
  gboolean usable_after;
  /* The flow asked to verify the number again, and "verify" ran. */
  gboolean verified_again;
} Outcome;

static void
run_faulted (const Cell       *cell,
             SignetTestServer *server,
             const char       *device,
             Outcome          *outcome)
{
  g_autoptr(GSubprocess) process = spawn_flow (cell->flow, server, device, CLIENT_TIMEOUT);
  g_autofree char *line = g_strdup_printf ("ELEMENT %u %u ", cell->connection, cell->element);

  outcome->reached = fault_matrix_run_faulted (server, process, line, cell->fault, &outcome->run,
                                               &outcome->condition);
}

/* What the flow leaves when it is done: a rollover, a new key; a link or
 * an import, the account's key. */
static const char *
done_state (Flow flow)
{
  return flow == FLOW_REKEY ? "new" : "old";
}

/* What a flow that failed may leave: what there was before it, or (a
 * rollover whose new key the server certified) what it is done with. */
static gboolean
may_keep (Flow        flow,
          const char *kept)
{
  const char *before = BRINGS_ACCOUNT (flow) ? "none" : "old";
  g_autofree char *key = g_strdup (kept);

  if (g_str_has_suffix (key, "+stray"))
    *strchr (key, '+') = '\0';
  return g_str_equal (key, before) || (flow == FLOW_REKEY && g_str_equal (key, "new"));
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
  /* A killed process cannot clean up: its next run must (run again). */
  if (g_str_has_suffix (outcome->kept, "+stray") && cell->fault != FAULT_MATRIX_KILL)
    return "FAIL: stray key";
  if (!may_keep (cell->flow, outcome->kept) && !g_str_equal (outcome->kept, done_state (cell->flow)))
    return "FAIL: half kept";
  /* A server that took the new key but whose answer was lost: only the
   * number verified again certifies the new key, and then it is done. */
  if (outcome->verified_again)
    return outcome->again == 0 && g_str_equal (outcome->done, done_state (cell->flow)) && outcome->usable_after
           ? "ok (re-verified)" : "FAIL: re-verified";
  if (!outcome->usable && !g_str_has_prefix (outcome->kept, "none"))
    return "FAIL: unusable";
  /* An answer that the client does not need (the check of a stored key,
   * or nothing at all) may be lost: then the flow is simply done. */
  if (unharmed)
    return g_str_equal (outcome->kept, done_state (cell->flow)) ? "ok (unharmed)" : "FAIL: false success";
  if (error_verdict != NULL)
    return error_verdict;
  if (outcome->again != 0 || !g_str_equal (outcome->done, done_state (cell->flow)) || !outcome->usable_after)
    return "FAIL: run again";

  return "ok";
}

static void
add_row (const Cell    *cell,
         const Outcome *outcome,
         const char    *verdict)
{
  /* Run again, or for a number verified again, "verify". */
  gboolean again = outcome->run.status != 0 || outcome->run.killed || outcome->verified_again;

  fault_matrix_table_add_row (&table, verdict, "| %-11s | %u.%u %-8s | %-11s | %3d %-21s | %-10s | %-6s | %-9s | %-18s |",
                              flow_names[cell->flow], cell->connection, cell->element, cell_element (cell)->name,
                              fault_matrix_fault_names[cell->fault], outcome->run.status,
                              outcome->condition != NULL ? outcome->condition : "-", outcome->kept,
                              g_str_has_prefix (outcome->kept, "none") ? "-" : outcome->usable ? "yes" : "NO",
                              !again ? "-" : outcome->again == 0 && g_str_equal (outcome->done,
                                                                                 done_state (cell->flow)) &&
                              outcome->usable_after ? "done" : "FAILED",
                              verdict);
  if (g_str_has_prefix (verdict, "FAIL"))
    g_test_message ("%s: run again %d (%s), usable after %d", verdict, outcome->again, outcome->done,
                    outcome->usable_after);
}

static void
test_cell (gconstpointer data)
{
  const Cell *cell = data;
  g_autofree char *device = device_for (cell->flow);
  g_autoptr(SignetTestServer) server = start_server (cell);
  Outcome outcome = { 0 };

  run_faulted (cell, server, device, &outcome);
  outcome.kept = kept_state (device, server, &outcome.usable);
  outcome.done = outcome.kept;
  outcome.usable_after = outcome.usable;
  if (outcome.run.status == 0 && strstr (outcome.run.out, "\"reverify\"") != NULL)
    {
      outcome.verified_again = TRUE;
      outcome.again = run_verify (server, device);
      outcome.done = kept_state (device, server, &outcome.usable_after);
    }
  else if (outcome.run.status != 0 || outcome.run.killed)
    {
      outcome.again = run_flow (cell->flow, server, device);
      outcome.done = kept_state (device, server, &outcome.usable_after);
    }
  add_row (cell, &outcome, judge (cell, &outcome));
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
                         "--trust", signet_test_server_get_sha256 (server), "--phone", e164, "--name", "Faults",
                         "--json", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *code = NULL;
  g_autofree char *line = NULL;
  g_auto(SignetTestCliRun) run = { 0 };

  template = signet_test_gnupg_scratch_new_device (scratch, "t");
  process = spawn_on (template, args);
  code = signet_test_server_wait_for_code (server, e164);
  line = g_strdup_printf ("%s\n", code);
  signet_test_cli_communicate (&run, process, line);
  if (run.status != 0)
    g_error ("The sign-up failed: %s %s", run.out, run.err);
  stop_agent (template);

  jid = signet_personal_key_make_jid (e164, "localhost");
  template_fingerprint = record_fingerprint (template);
  template_passphrase = signet_test_keyring_find_secret (SIGNET_ACCOUNT_KIND_KONTALK, "localhost", jid);
  g_assert_nonnull (template_fingerprint);
  g_assert_nonnull (template_passphrase);
  template_n_keys = signet_test_gnupg_count_secret_keys (template);
  g_assert_cmpuint (template_n_keys, >, 0);
}

/* The template's key pack, once: "import" cells bring it to new devices. */
static void
export_pack (void)
{
  const char *args[] = { "export", "--account", e164, "--output", NULL, "--json", NULL };
  g_auto(SignetTestCliRun) run = { 0 };
  g_autoptr(GSubprocess) process = NULL;

  pack_file = g_build_filename (signet_test_gnupg_scratch_get_dir (scratch), "kontalk-keys.zip", NULL);
  args[4] = pack_file;
  process = spawn_on (template, args);
  signet_test_cli_communicate (&run, process, EXPORT_PASSWORD "\n");
  if (run.status != 0)
    g_error ("The export failed: %s %s", run.out, run.err);
  stop_agent (template);
}

static void
find_elements (Flow flow)
{
  g_autoptr(SignetTestServer) server = start_server (NULL);
  g_autofree char *device = device_for (flow);
  g_auto(GStrv) lines = NULL;
  gboolean usable = FALSE;

  if (run_flow (flow, server, device) != 0)
    g_error ("The clean %s failed", flow_names[flow]);
  /* Without its login: that connection is the test's, not the flow's. */
  g_assert_cmpstr (kept_state (device, NULL, &usable), ==, done_state (flow));
  stop_agent (device);

  elements[flow] = g_ptr_array_new_with_free_func ((GDestroyNotify) element_free);
  lines = g_strsplit (signet_test_server_get_output (server), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);
      Element *element;

      if (g_strv_length (words) != 4 || !g_str_equal (words[0], "ELEMENT"))
        continue;
      /* The code's upload, the server's first connection, is not the flow's. */
      if (flow == FLOW_IMPORT_LINK && g_str_equal (words[1], "1"))
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
    for (guint i = 0; wanted[flow] && i < elements[flow]->len; i++)
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

/* Which flows to run, from the names left on the command line after
 * GLib's own options, and the number to sign up. */
static void
choose_flows (int    argc,
              char **argv)
{
  int first = -1;

  for (int i = 1; i < argc; i++)
    {
      int flow = 0;

      while (flow < N_FLOWS && !g_str_equal (argv[i], flow_names[flow]))
        flow++;
      if (flow == N_FLOWS)
        g_error ("No flow is called \"%s\"", argv[i]);
      wanted[flow] = TRUE;
    }
  for (int flow = 0; flow < N_FLOWS; flow++)
    {
      if (argc == 1)
        wanted[flow] = TRUE;
      if (wanted[flow] && first < 0)
        first = flow;
    }
  e164 = g_strdup_printf ("%s%d", E164_PREFIX, first + 1);
}

static void
test_matrix (void)
{
  fault_matrix_table_check (&table,
                            "The key fault matrix (flow, connection.element the client sent, fault: exit status and "
                            "condition, the key the record, keyring and GnuPG home hold after it, whether it logs "
                            "in, the same command run again, or \"verify\" when it asked to verify the number "
                            "again)",
                            "| flow        | element      | fault       | outcome                   | kept       | usable "
                            "| run again | verdict            |");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  choose_flows (argc, argv);
  /* Every test is audited for secrets; logs of this process too. */
  signet_test_secrets_log_install ();

  /* Short: GnuPG's agent sockets live in the devices' homes. */
  scratch = signet_test_gnupg_scratch_new ("signet-fk");
  state_dir = g_build_filename (signet_test_gnupg_scratch_get_dir (scratch), "server", NULL);
  g_assert_cmpint (g_mkdir (state_dir, 0700), ==, 0);
  fault_matrix_table_init (&table);
  sign_up ();
  if (wanted[FLOW_IMPORT])
    export_pack ();
  for (int flow = 0; flow < N_FLOWS; flow++)
    if (wanted[flow])
      find_elements (flow);

  add_cells (cells);
  signet_test_secrets_add_func ("/fault-matrix-keys/table", test_matrix);
  status = g_test_run ();

  for (int flow = 0; flow < N_FLOWS; flow++)
    g_clear_pointer (&elements[flow], g_ptr_array_unref);
  fault_matrix_table_clear (&table);
  stop_server_agent ();
  g_clear_pointer (&scratch, signet_test_gnupg_scratch_free);
  g_free (state_dir);
  g_free (template);
  g_free (template_fingerprint);
  g_free (template_passphrase);
  g_free (pack_file);
  g_free (jid);
  g_free (e164);

  return status;
}
