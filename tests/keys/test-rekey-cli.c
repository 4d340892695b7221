/* test-rekey-cli.c: signet-cli rekey, Kontalk's key rollover, against
 * signet-devserver: the new key logs in and is stored, the old one is
 * refused from then on, and a refused or interrupted rollover leaves the
 * old key stored and working.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "signet-test-async.h"
#include "signet-test-cli.h"
#include "signet-test-files.h"
#include "signet-test-gnupg.h"
#include "signet-test-keyring.h"
#include "signet-personal-key.h"
#include "signet-test-server.h"
#include "signet-test-secrets.h"

/* Numbers of this program only: the keyring is shared by the programs
 * that run at the same time. */
#define E164_ROLL     "+393471500131"
#define E164_FAULTS   "+393471500133"
#define E164_REFUSED  "+393471500135"
#define PASSWORD      "quattro gatti in fila"

typedef SignetTestCliRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, signet_test_cli_run_clear)

static SignetTestGnupgScratch *scratch;

static char *
new_device (const char *name)
{
  return signet_test_gnupg_scratch_new_device (scratch, name);
}

static GSubprocess *
spawn_cli (const char         *device,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();

  signet_test_cli_launcher_set_device (launcher, device);
  return signet_test_cli_spawn (launcher, args);
}

static void
communicate (Run         *run,
             GSubprocess *process,
             const char  *input)
{
  signet_test_cli_communicate (run, process, input);
  if (run->status != 0)
    g_test_message ("signet-cli: %s\n%s", run->out, run->err);
}

static void
run_cli (Run                *run,
         const char         *device,
         const char         *input,
         const char * const *args)
{
  g_autoptr(GSubprocess) process = spawn_cli (device, args);

  communicate (run, process, input);
}

/* @command with the connection options of @server (and --json). */
static void
run_on (Run                *run,
        SignetTestServer   *server,
        const char         *device,
        const char         *input,
        const char * const *command)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  for (guint i = 0; command[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) command[i]);
  g_ptr_array_add (args, (gpointer) "--host");
  g_ptr_array_add (args, (gpointer) signet_test_server_get_host_and_port (server));
  g_ptr_array_add (args, (gpointer) "--trust");
  g_ptr_array_add (args, (gpointer) signet_test_server_get_sha256 (server));
  g_ptr_array_add (args, (gpointer) "--json");
  g_ptr_array_add (args, NULL);
  run_cli (run, device, input, (const char * const *) args->pdata);
}

static JsonObject *
parse_member (const char *text,
              const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, member));
  return json_object_ref (json_object_get_object_member (root, member));
}

/* Signs up @e164 on @device; returns the key's fingerprint. */
static char *
register_number (SignetTestServer *server,
                 const char       *device,
                 const char       *e164)
{
  const char *args[] = { "register", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", e164, "--name", "Grace", "--json", NULL };
  g_autoptr(GSubprocess) process = spawn_cli (device, args);
  g_autofree char *code = signet_test_server_wait_for_code (server, e164);
  g_autofree char *line = g_strdup_printf ("%s\n", code);
  g_autoptr(JsonObject) result = NULL;
  g_auto(Run) run = { 0 };

  communicate (&run, process, line);
  g_assert_cmpint (run.status, ==, 0);
  result = parse_member (run.out, "result");
  return g_strdup (json_object_get_string_member (result, "fingerprint"));
}

static void
rekey (Run              *run,
       SignetTestServer *server,
       const char       *device,
       const char       *e164)
{
  const char *args[] = { "rekey", "--account", e164, NULL };

  run_on (run, server, device, "", args);
}

/* The fingerprint "accounts" lists for the one account of @device. */
static char *
stored_fingerprint (const char *device)
{
  const char *args[] = { "accounts", "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0 };
  JsonArray *accounts;

  run_cli (&run, device, "", args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  accounts = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "result");
  if (json_array_get_length (accounts) != 1)
    return NULL;
  return g_strdup (json_object_get_string_member (json_array_get_object_element (accounts, 0), "fingerprint"));
}

static char *
device_home (const char *device)
{
  return g_build_filename (device, "data", "signet", "gnupg", NULL);
}

/* The passphrase in the keyring unlocks the key @fingerprint of @device. */
static void
assert_keyring_unlocks (const char *device,
                        const char *e164,
                        const char *fingerprint)
{
  g_autofree char *jid = signet_personal_key_make_jid (e164, "localhost");
  g_autofree char *home = device_home (device);
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *passphrase = signet_test_keyring_lookup_secret (SIGNET_ACCOUNT_KIND_KONTALK, "localhost", jid,
                                                                   &error);

  g_assert_no_error (error);
  g_assert_nonnull (passphrase);
  key = signet_personal_key_load (home, fingerprint, passphrase, &error);
  g_assert_no_error (error);
  g_assert_true (signet_personal_key_check_passphrase (key, &error));
  g_assert_no_error (error);
}

/* "link" logs in with the stored key: it works while the server takes it. */
static int
link_status (SignetTestServer *server,
             const char       *device,
             const char       *e164)
{
  const char *args[] = { "link", "--account", e164, NULL };
  g_auto(Run) run = { 0 };

  run_on (&run, server, device, PASSWORD "\n", args);
  return run.status;
}

static char *
export_pack (const char *device,
             const char *e164)
{
  char *file = g_build_filename (device, "kontalk-keys.zip", NULL);
  const char *args[] = { "export", "--account", e164, "--output", file, "--json", NULL };
  g_auto(Run) run = { 0 };

  run_cli (&run, device, PASSWORD "\n", args);
  g_assert_cmpint (run.status, ==, 0);
  return file;
}

static void
import_pack (Run              *run,
             SignetTestServer *server,
             const char       *device,
             const char       *file)
{
  const char *args[] = { "import", file, "--server", "localhost", NULL };

  run_on (run, server, device, PASSWORD "\n", args);
}

/* Tests -------------------------------------------------------------------- */

static SignetTestServer *server;

static void
test_rekey (void)
{
  g_autofree char *phone = new_device ("phone");
  g_autofree char *laptop = new_device ("laptop");
  g_autofree char *old = register_number (server, phone, E164_ROLL);
  g_autofree char *old_pack = export_pack (phone, E164_ROLL);
  g_autofree char *stored = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) requested = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) import = { 0 };
  const char *fingerprint;

  rekey (&run, server, phone, E164_ROLL);
  g_assert_cmpint (run.status, ==, 0);
  result = parse_member (run.out, "result");
  fingerprint = json_object_get_string_member (result, "fingerprint");
  g_assert_cmpstr (json_object_get_string_member (result, "old_fingerprint"), ==, old);
  g_assert_cmpstr (fingerprint, !=, old);
  g_assert_cmpuint (strlen (fingerprint), ==, 40);

  /* Stored: the record, the keyring's passphrase, and only the new key. */
  stored = stored_fingerprint (phone);
  g_assert_cmpstr (stored, ==, fingerprint);
  assert_keyring_unlocks (phone, E164_ROLL, fingerprint);
  g_assert_cmpuint (signet_test_gnupg_count_secret_keys (phone), ==, 3);
  g_assert_cmpint (link_status (server, phone, E164_ROLL), ==, 0);

  /* The old key no longer logs in: importing it falls back to verifying
   * the number again, and stores nothing. */
  import_pack (&import, server, laptop, old_pack);
  g_assert_cmpint (import.status, ==, 0);
  requested = parse_member (import.out, "result");
  g_assert_cmpstr (json_object_get_string_member (requested, "method"), ==, "reverify");
  g_assert_null (stored_fingerprint (laptop));
}

/* A key that came from elsewhere (a key pack, another device) has no
 * revocation certificate that GnuPG stored when it generated the key: one
 * is made for the rollover, and the server takes it.  Also: the account
 * remembers how its server was reached. */
static void
test_rekey_without_stored_revocation (void)
{
  /* The device of /rekey-cli/rekey, with the key that rollover made. */
  g_autofree char *phone = g_build_filename (signet_test_gnupg_scratch_get_dir (scratch), "phone", NULL);
  g_autofree char *revocs = g_build_filename (phone, "data", "signet", "gnupg", "openpgp-revocs.d", NULL);
  g_autofree char *before = stored_fingerprint (phone);
  g_autofree char *name = g_strconcat (before, ".rev", NULL);
  g_autofree char *stored_revocation = g_build_filename (revocs, name, NULL);
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_auto(Run) run = { 0 };

  /* No connection options: they default to those "register" used. */
  const char *args[] = { "rekey", "--account", E164_ROLL, "--json", NULL };

  g_assert_true (g_file_test (stored_revocation, G_FILE_TEST_IS_REGULAR));
  signet_test_rm_rf (revocs);

  run_cli (&run, phone, "", args);
  g_assert_cmpint (run.status, ==, 0);
  result = parse_member (run.out, "result");
  g_assert_cmpstr (json_object_get_string_member (result, "old_fingerprint"), ==, before);
  after = stored_fingerprint (phone);
  g_assert_cmpstr (after, ==, json_object_get_string_member (result, "fingerprint"));
  g_assert_cmpint (link_status (server, phone, E164_ROLL), ==, 0);
}

/* The old key is stored, unlocked by the keyring, and still logs in. */
static void
assert_old_key_kept (const char *device,
                     const char *e164,
                     const char *old)
{
  g_autofree char *stored = stored_fingerprint (device);

  g_assert_cmpstr (stored, ==, old);
  assert_keyring_unlocks (device, e164, old);
  g_assert_cmpuint (signet_test_gnupg_count_secret_keys (device), ==, 3);
  g_assert_cmpint (link_status (server, device, e164), ==, 0);
}

/* The connection drops as the new key arrives (the server has not seen
 * it; the old key still logs in, so the rollover can tell), then the
 * server refuses the revocation: both times nothing changes, and the old
 * key keeps working. */
static void
test_faults (void)
{
  g_autofree char *phone = new_device ("phone3");
  g_autofree char *old = register_number (server, phone, E164_FAULTS);
  g_autoptr(JsonObject) lost = NULL;
  g_autoptr(JsonObject) error = NULL;
  g_auto(Run) dropped = { 0 };
  g_auto(Run) refused = { 0 };

  rekey (&dropped, server, phone, E164_FAULTS);
  g_assert_cmpint (dropped.status, ==, 8);
  lost = parse_member (dropped.out, "error");
  g_assert_nonnull (strstr (json_object_get_string_member (lost, "message"),
                            "The server did not take the new key: nothing changed"));
  assert_old_key_kept (phone, E164_FAULTS, old);

  rekey (&refused, server, phone, E164_FAULTS);
  g_assert_cmpint (refused.status, ==, 16);
  error = parse_member (refused.out, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "revocation-refused");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "Invalid revocation key."));
  assert_old_key_kept (phone, E164_FAULTS, old);
}

/* A server that no longer takes the account's key (it was signed up again
 * elsewhere, or an earlier change went through unheard): the rollover
 * cannot start, says how to get the account back, and changes nothing.
 * Last: the server forgets every key it certified. */
static void
test_key_refused (void)
{
  g_autofree char *phone = new_device ("phone4");
  g_autofree char *old = register_number (server, phone, E164_REFUSED);
  g_autofree char *stored = NULL;
  g_autoptr(JsonObject) error = NULL;
  g_auto(Run) refused = { 0 };

  signet_test_server_forget_keys (server);
  rekey (&refused, server, phone, E164_REFUSED);
  g_assert_cmpint (refused.status, ==, 12);
  error = parse_member (refused.out, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "authentication-failed");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "verify your phone number"));

  stored = stored_fingerprint (phone);
  g_assert_cmpstr (stored, ==, old);
  assert_keyring_unlocks (phone, E164_REFUSED, old);
  g_assert_cmpuint (signet_test_gnupg_count_secret_keys (phone), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Every test is audited for secrets; logs of this process too. */
  signet_test_secrets_log_install ();

  scratch = signet_test_gnupg_scratch_new ("signet-rk");

  signet_test_secrets_add_func ("/rekey-cli/rekey", test_rekey);
  signet_test_secrets_add_func ("/rekey-cli/without-stored-revocation", test_rekey_without_stored_revocation);
  signet_test_secrets_add_func ("/rekey-cli/faults", test_faults);
  signet_test_secrets_add_func ("/rekey-cli/key-refused", test_key_refused);

  /* Four sign-ups and a forced request from one address would meet the
   * server's throttle whenever they came within its window of each other. */
  server = signet_test_server_startv ("--refuse-revocation", E164_FAULTS, "--drop-rekey", E164_FAULTS,
                                      "--throttle-attempts", "0", NULL);
  status = g_test_run ();
  g_clear_pointer (&server, signet_test_server_stop);

  g_clear_pointer (&scratch, signet_test_gnupg_scratch_free);
  return status;
}
