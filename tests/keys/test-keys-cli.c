/* test-keys-cli.c: a Kontalk account moved between devices with
 * signet-cli export and import, against signet-devserver.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

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

/* Numbers no other test program uses: test programs run in parallel with
 * one keyring, where a sign-up's passphrase is filed under the number's
 * JID on "localhost", so another program's sign-up of the same number
 * would replace it between "import" and "verify". */
#define E164         "+393471300013"
#define ANDROID_E164 "+393471300014"
#define PASSWORD     "tre tigri contro tre tigri"

typedef SignetTestCliRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, signet_test_cli_run_clear)

static SignetTestGnupgScratch *scratch;

/* One server and one exported account, shared by the tests: key
 * generation takes seconds. */
static SignetTestServer *server;
static char *phone;
static char *fingerprint;
static char *pack_file;

/* A "device": its own data, config and GnuPG home; the keyring is shared
 * (one session), as two users of one desktop would not be, so devices of
 * this program take turns with a number. */
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
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);

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

static JsonObject *
parse_result (const char *text,
              const char *member)
{
  g_autoptr(JsonObject) root = signet_test_cli_parse_object (text);

  return json_object_ref (signet_test_cli_member (root, member));
}

static guint
count_codes (void)
{
  const char *output = signet_test_server_get_output (server);
  guint n = 0;

  for (const char *p = output; (p = strstr (p, "CODE " E164 " ")) != NULL; p++)
    n++;
  return n;
}

static gboolean
has_new_code (gpointer data)
{
  return count_codes () > GPOINTER_TO_UINT (data);
}

/* The code of the request made after @seen codes had been sent. */
static char *
wait_for_new_code (guint seen)
{
  signet_test_async_wait_for (has_new_code, GUINT_TO_POINTER (seen), 120, "a new code");
  return signet_test_server_wait_for_code (server, E164);
}

/* Signs up @E164 on @device; returns the key's fingerprint. */
static char *
register_number (const char *device)
{
  guint seen = count_codes ();
  const char *args[] = { "register", "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server),
                         "--phone", E164, "--name", "Ada", "--json", NULL };
  g_autoptr(GSubprocess) process = spawn_cli (device, args);
  g_autofree char *code = wait_for_new_code (seen);
  g_autofree char *line = g_strdup_printf ("%s\n", code);
  g_autoptr(JsonObject) result = NULL;
  g_auto(Run) run = { 0 };

  communicate (&run, process, line);
  g_assert_cmpint (run.status, ==, 0);
  result = parse_result (run.out, "result");
  return g_strdup (json_object_get_string_member (result, "fingerprint"));
}

static char *
export_pack (const char *device)
{
  char *file = g_build_filename (device, "kontalk-keys.zip", NULL);
  const char *args[] = { "export", "--account", E164, "--output", file, "--json", NULL };
  g_autoptr(JsonObject) result = NULL;
  g_auto(Run) run = { 0 };
  GStatBuf st;

  run_cli (&run, device, PASSWORD "\n", args);
  g_assert_cmpint (run.status, ==, 0);
  result = parse_result (run.out, "result");
  g_assert_cmpstr (json_object_get_string_member (result, "file"), ==, file);
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* The password never shows. */
  g_assert_null (strstr (run.err, PASSWORD));
  return file;
}

static void
import_pack (Run        *run,
             const char *device,
             const char *file,
             const char *password)
{
  const char *args[] = { "import", file, "--server", "localhost",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server), "--json", NULL };
  g_autofree char *input = g_strdup_printf ("%s\n", password);

  run_cli (run, device, input, args);
  g_assert_null (strstr (run->err, password));
}

static guint
count_accounts (const char *device)
{
  const char *args[] = { "accounts", "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0 };

  run_cli (&run, device, "", args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  return json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                              "result"));
}

static gboolean
device_has_keys (const char *device)
{
  g_autofree char *dir = g_build_filename (device, "data", "signet", "gnupg", "private-keys-v1.d", NULL);
  g_autoptr(GDir) keys = g_dir_open (dir, 0, NULL);

  return keys != NULL && g_dir_read_name (keys) != NULL;
}

/* Tests -------------------------------------------------------------------- */

static void
set_up_account (void)
{
  g_autofree char *jid = NULL;

  server = signet_test_server_start (NULL);
  phone = new_device ("phone");
  fingerprint = register_number (phone);
  /* "register" exits as soon as it is done: nothing of the finished
   * sign-up may stay behind in the keyring. */
  jid = signet_personal_key_make_jid (E164, "localhost");
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_KONTALK_PENDING, "localhost", jid);
  pack_file = export_pack (phone);
}

static void
test_export_import (void)
{
  g_autofree char *laptop = new_device ("laptop");
  g_autoptr(JsonObject) result = NULL;
  g_auto(Run) run = { 0 };

  import_pack (&run, laptop, pack_file, PASSWORD);
  g_assert_cmpint (run.status, ==, 0);
  result = parse_result (run.out, "result");
  g_assert_cmpstr (json_object_get_string_member (result, "method"), ==, "login");
  g_assert_cmpstr (json_object_get_string_member (result, "fingerprint"), ==, fingerprint);
  g_assert_cmpuint (count_accounts (laptop), ==, 1);
}

static void
test_bad_packs (void)
{
  g_autofree char *other = new_device ("other");
  g_autofree char *random_file = g_build_filename (other, "random.zip", NULL);
  guint8 noise[2048];
  g_auto(Run) wrong = { 0 };
  g_auto(Run) random = { 0 };
  g_auto(Run) missing = { 0 };

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = g_random_int_range (0, 256);
  g_assert_true (g_file_set_contents (random_file, (const char *) noise, sizeof noise, NULL));

  import_pack (&wrong, other, pack_file, "wrong password");
  g_assert_cmpint (wrong.status, ==, 15);
  g_assert_nonnull (strstr (wrong.out, "\"bad-key-pack\""));

  import_pack (&random, other, random_file, PASSWORD);
  g_assert_cmpint (random.status, ==, 15);
  g_assert_nonnull (strstr (random.out, "\"bad-key-pack\""));

  /* Nothing was stored, not even a key. */
  g_assert_cmpuint (count_accounts (other), ==, 0);
  g_assert_false (device_has_keys (other));

  /* A file that cannot be read is not the pack's fault. */
  import_pack (&missing, other, "/nonexistent/kontalk-keys.zip", PASSWORD);
  g_assert_cmpint (missing.status, ==, 1);
}

/* The server no longer takes the exported key (as when the number was
 * verified again elsewhere): import re-verifies that same key, and it works. */
static void
test_reverify (void)
{
  g_autofree char *laptop = new_device ("laptop2");
  g_autoptr(JsonObject) requested = NULL;
  g_autoptr(JsonObject) verified = NULL;
  g_autofree char *code = NULL;
  const char *verify[] = { "verify", "--json", "--code", NULL, NULL };
  g_auto(Run) import = { 0 };
  g_auto(Run) run = { 0 };
  guint seen;

  signet_test_server_forget_keys (server);
  seen = count_codes ();
  import_pack (&import, laptop, pack_file, PASSWORD);
  g_assert_cmpint (import.status, ==, 0);
  requested = parse_result (import.out, "result");
  g_assert_cmpstr (json_object_get_string_member (requested, "method"), ==, "reverify");
  g_assert_cmpstr (json_object_get_string_member (requested, "challenge"), ==, "pin");
  g_assert_cmpuint (count_accounts (laptop), ==, 0);

  code = wait_for_new_code (seen);
  verify[3] = code;
  run_cli (&run, laptop, "", verify);
  g_assert_cmpint (run.status, ==, 0);
  verified = parse_result (run.out, "result");
  g_assert_cmpstr (json_object_get_string_member (verified, "fingerprint"), ==, fingerprint);
  g_assert_cmpuint (count_accounts (laptop), ==, 1);
  /* Finished: the passphrase is no longer kept for resuming the sign-up. */
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_KONTALK_PENDING, "localhost",
                                        json_object_get_string_member (verified, "jid"));
}

/* A pack as Android writes it (seven files, a key certified by no server
 * we know): import has the server certify it, and logs in with it. */
static void
test_android_pack (void)
{
  g_autofree char *laptop = new_device ("laptop3");
  g_autofree char *file = g_build_filename (laptop, "kontalk-keys.zip", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "keys", "make-android-key-pack.py", NULL);
  const char *make[] = { "python3", script, file, ANDROID_E164, "localhost", PASSWORD, NULL };
  const char *verify[] = { "verify", "--json", "--code", NULL, NULL };
  g_autoptr(JsonObject) requested = NULL;
  g_autoptr(JsonObject) verified = NULL;
  g_autofree char *android_fingerprint = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) import = { 0 };
  g_auto(Run) run = { 0 };
  int wait_status = -1;

  g_spawn_sync (NULL, (char **) make, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &android_fingerprint, NULL,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  g_strstrip (android_fingerprint);

  import_pack (&import, laptop, file, PASSWORD);
  g_assert_cmpint (import.status, ==, 0);
  requested = parse_result (import.out, "result");
  g_assert_cmpstr (json_object_get_string_member (requested, "method"), ==, "reverify");
  g_assert_cmpstr (json_object_get_string_member (requested, "phone"), ==, ANDROID_E164);

  code = signet_test_server_wait_for_code (server, ANDROID_E164);
  verify[3] = code;
  run_cli (&run, laptop, "", verify);
  g_assert_cmpint (run.status, ==, 0);
  verified = parse_result (run.out, "result");
  g_assert_cmpstr (json_object_get_string_member (verified, "fingerprint"), ==, android_fingerprint);
}

/* Device linking --------------------------------------------------------- */

static void
import_link (Run        *run,
             const char *device,
             const char *text)
{
  const char *args[] = { "import", "--link", text,
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server), "--json", NULL };

  run_cli (run, device, PASSWORD "\n", args);
  g_assert_null (strstr (run->err, PASSWORD));
}

/* What zbarimg reads in the image. */
static char *
decode_qr (const char *png)
{
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  int wait_status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &text, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  return g_strstrip (text);
}

/* The old device uploads the key; the code, typed or scanned, brings the
 * account to a new device once, with the same key. */
static void
test_link (void)
{
  g_autofree char *old = new_device ("old");
  g_autofree char *fresh = new_device ("new");
  g_autofree char *late = new_device ("late");
  g_autofree char *png = g_build_filename (old, "link.png", NULL);
  const char *link[] = { "link", "--account", E164, "--qr-png", png, "--json",
                         "--host", signet_test_server_get_host_and_port (server),
                         "--trust", signet_test_server_get_sha256 (server), NULL };
  g_autoptr(JsonObject) linked = NULL;
  g_autoptr(JsonObject) taken = NULL;
  g_autofree char *text = NULL;
  g_autofree char *scanned = NULL;
  g_auto(Run) setup = { 0 };
  g_auto(Run) run = { 0 };
  g_auto(Run) import = { 0 };
  g_auto(Run) again = { 0 };
  const char *token;

  /* The device that links holds the account's passphrase in the keyring. */
  import_pack (&setup, old, pack_file, PASSWORD);
  g_assert_cmpint (setup.status, ==, 0);

  run_cli (&run, old, PASSWORD "\n", link);
  g_assert_cmpint (run.status, ==, 0);
  linked = parse_result (run.out, "result");
  token = json_object_get_string_member (linked, "token");
  g_assert_cmpuint (strlen (token), ==, 40);
  g_assert_cmpuint (strspn (token, "0123456789"), ==, 40);
  text = g_strdup_printf ("%s;localhost;%s", E164, token);
  g_assert_cmpstr (json_object_get_string_member (linked, "qr"), ==, text);
  scanned = decode_qr (png);
  g_assert_cmpstr (scanned, ==, text);

  import_link (&import, fresh, text);
  g_assert_cmpint (import.status, ==, 0);
  taken = parse_result (import.out, "result");
  g_assert_cmpstr (json_object_get_string_member (taken, "method"), ==, "link");
  g_assert_cmpstr (json_object_get_string_member (taken, "fingerprint"), ==, fingerprint);
  g_assert_cmpuint (count_accounts (fresh), ==, 1);

  /* The code works once. */
  import_link (&again, late, text);
  g_assert_cmpint (again.status, ==, 11);
  g_assert_nonnull (strstr (again.out, "\"not-authorized\""));
  g_assert_nonnull (strstr (again.out, "Invalid private key token."));
  g_assert_cmpuint (count_accounts (late), ==, 0);
  g_assert_false (device_has_keys (late));
}

static void
test_link_bad_token (void)
{
  g_autofree char *device = new_device ("guess");
  g_autofree char *text = g_strdup_printf ("%s;localhost;%s", E164, "1234567890123456789012345678901234567890");
  g_auto(Run) run = { 0 };

  import_link (&run, device, text);
  g_assert_cmpint (run.status, ==, 11);
  g_assert_nonnull (strstr (run.out, "\"not-authorized\""));
  g_assert_cmpuint (count_accounts (device), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Every test is audited for secrets; logs of this process too. */
  signet_test_secrets_log_install ();

  scratch = signet_test_gnupg_scratch_new ("signet-kc");

  signet_test_secrets_add_func ("/keys-cli/export-import", test_export_import);
  signet_test_secrets_add_func ("/keys-cli/bad-packs", test_bad_packs);
  signet_test_secrets_add_func ("/keys-cli/reverify", test_reverify);
  signet_test_secrets_add_func ("/keys-cli/android-pack", test_android_pack);
  signet_test_secrets_add_func ("/keys-cli/link", test_link);
  signet_test_secrets_add_func ("/keys-cli/link-bad-token", test_link_bad_token);

  set_up_account ();
  status = g_test_run ();
  g_clear_pointer (&server, signet_test_server_stop);

  g_clear_pointer (&scratch, signet_test_gnupg_scratch_free);
  g_clear_pointer (&phone, g_free);
  g_clear_pointer (&fingerprint, g_free);
  g_clear_pointer (&pack_file, g_free);
  return status;
}
