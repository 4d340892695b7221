/* test-secrets-audit.c: the secrets audit that runs after every flow test
 * finds what it is there to find, and nothing else.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "signet-personal-key.h"
#include "signet-secret-store-private.h"
#include "signet-test-cli.h"
#include "signet-test-secrets.h"

/* This file's own numbers (see the brief on shared numbers). */
#define PHONE         "+393471609001"
#define PHONE_NATIONAL_SPACED "347 160 9001"
#define OTHER_PHONE   "+393471609002"
#define CODE          "483920"
#define PASSWORD      "correct horse battery staple"
#define TOKEN         "6f1c2a9e-0d7b-4c55-9a43-2b8e7f10c3d1"

static void
assert_leak (const char *expected)
{
  g_autofree char *leak = signet_test_secrets_find_leak ();

  g_assert_nonnull (leak);
  g_test_message ("The audit says: %s", leak);
  g_assert_nonnull (strstr (leak, expected));
  /* The report names the place, never the secret. */
  g_assert_null (strstr (leak, CODE));
  g_assert_null (strstr (leak, PASSWORD));
  signet_test_secrets_reset ();
}

static void
assert_clean (void)
{
  g_autofree char *leak = signet_test_secrets_find_leak ();

  g_assert_null (leak);
  signet_test_secrets_reset ();
}

static void
gather (void)
{
  signet_test_secrets_reset ();
  signet_test_secrets_add (CODE);
  signet_test_secrets_add (PASSWORD);
  signet_test_secrets_add_phone (PHONE);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *folder = g_build_filename (dir, "signet", NULL);
  char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Results for the person may show the number; a code inside a fingerprint
 * or a longer number is not the code. */
static void
test_clean (void)
{
  g_autofree char *pending = NULL;

  gather ();
  signet_test_secrets_add_output ("{\"result\":{\"phone\":\"" PHONE "\"}}\n  Phone: +39 347 160 9001\n",
                                  "Signet-Cli-DEBUG: 10:00:00.000: connected to 127.0.0.1\n"
                                  "Signet-Core-Xmpp-DEBUG: fingerprint 0a" CODE "ff, id 1" CODE "7\n");
  /* The operator's token is the result of "provision register". */
  signet_test_secrets_add (TOKEN);
  signet_test_secrets_add_output ("{\"token\":\"" TOKEN "\",\"verify_url\":\"https://localhost/\"}\n"
                                  "  Token:       " TOKEN "\n", NULL);
  pending = write_file (g_get_user_data_dir (), "pending.json",
                        "{\"version\":1,\"phone\":\"" PHONE "\",\"server\":\"localhost\"}");
  assert_clean ();
  g_unlink (pending);
}

static void
test_output (void)
{
  gather ();
  signet_test_secrets_add_output ("{\"result\":{\"code\":\"" CODE "\"}}", "");
  assert_leak ("standard output");

  gather ();
  signet_test_secrets_add_output ("", "Signet-Core-Kontalk-DEBUG: sending code " CODE "\n");
  assert_leak ("standard error");

  gather ();
  signet_test_secrets_add_output ("", "Signet-Cli-DEBUG: password=" PASSWORD "\n");
  assert_leak ("standard error");

  /* The token anywhere but as the result is a leak. */
  gather ();
  signet_test_secrets_add (TOKEN);
  signet_test_secrets_add_output ("{\"result\":{\"note\":\"" TOKEN "\"}}\n", "");
  assert_leak ("standard output");
  gather ();
  signet_test_secrets_add (TOKEN);
  signet_test_secrets_add_output ("", "Signet-Core-Provision-DEBUG: token " TOKEN "\n");
  assert_leak ("standard error");

  /* Each form of the number. */
  gather ();
  signet_test_secrets_add_output ("", "Signet-Core-Phone-DEBUG: parsed " PHONE_NATIONAL_SPACED "\n");
  assert_leak ("phone number is in the standard error");

  gather ();
  signet_test_secrets_add_output ("", "Signet-Core-Phone-DEBUG: parsed 0039 3471609001\n");
  assert_leak ("phone number is in the standard error");

  gather ();
  signet_test_secrets_add_output ("", "Signet-Core-Phone-DEBUG: parsed 3471609001\n");
  assert_leak ("phone number is in the standard error");

  gather ();
  signet_test_secrets_add_output ("", "Signet-Gui-DEBUG: done: +39\u00a0347\u00a0160\u00a09001\n");
  assert_leak ("phone number is in the standard error");

  /* A log line that went to standard output is still a log line. */
  gather ();
  signet_test_secrets_add_output ("Signet-Core-Kontalk-DEBUG: 10:00:00.000: request for " PHONE "\n"
                                  "{\"result\":{}}\n", "");
  assert_leak ("log line on the standard output");

  /* An in-process flow's log, through the log writer. */
  gather ();
  g_log_structured ("Signet-Core-Kontalk", G_LOG_LEVEL_DEBUG, "MESSAGE", "code %s accepted", CODE);
  assert_leak ("standard error or the log");
}

static void
test_files (void)
{
  g_autofree char *path = NULL;
  g_autofree char *gnupg = g_build_filename (g_get_user_data_dir (), "signet", "gnupg", NULL);

  gather ();
  path = write_file (g_get_user_cache_dir (), "last-code.txt", "the code was " CODE "\n");
  assert_leak ("last-code.txt");

  /* A file the test wrote itself as its input is the test's own. */
  gather ();
  signet_test_secrets_allow_file (path);
  assert_clean ();
  g_unlink (path);
  g_free (path);

  gather ();
  path = write_file (g_get_user_config_dir (), "history.log", "signed up " PHONE_NATIONAL_SPACED "\n");
  assert_leak ("phone number is in the file");
  g_unlink (path);
  g_free (path);

  /* Signet's record holds the number as "phone", and nowhere else. */
  gather ();
  path = write_file (g_get_user_data_dir (), "pending.json",
                     "{\"phone\":\"" PHONE "\",\"note\":\"" PHONE "\"}");
  assert_leak ("outside its \"phone\" member");
  g_unlink (path);
  g_free (path);

  /* The private GnuPG home keeps the key, and is not looked at. */
  gather ();
  g_mkdir_with_parents (gnupg, 0700);
  path = g_build_filename (gnupg, "leak", NULL);
  g_file_set_contents (path, PASSWORD, -1, NULL);
  assert_clean ();
  g_unlink (path);
}

/* The folders signet-cli was given are audited: a real run of signet-cli
 * through signet-test-cli, in a home where a secret was left. */
static void
test_cli_run (void)
{
  g_autofree char *home = g_dir_make_tmp ("signet-audit-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (home, "notes.txt", NULL);
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();
  g_auto(SignetTestCliRun) run = { 0 };
  const char *args[] = { "verify", "--code", CODE, "--json", NULL };

  signet_test_secrets_reset ();
  signet_test_cli_launcher_set_dirs (launcher, home, home, home, home);
  signet_test_cli_run (&run, launcher, args, NULL);
  /* No sign-up is waiting: it fails, and says nothing secret. */
  g_assert_cmpint (run.status, !=, 0);
  assert_clean ();

  /* The same run's code, in its home. */
  signet_test_cli_run (&run, launcher, args, NULL);
  g_file_set_contents (path, "code " CODE, -1, NULL);
  assert_leak ("notes.txt");
  g_unlink (path);
  g_rmdir (home);
}

static void
store_item (const char *kind,
            const char *jid,
            const char *secret)
{
  g_autoptr(GError) error = NULL;

  secret_password_store_sync (signet_account_store_get_schema (), SECRET_COLLECTION_DEFAULT,
                              "Signet test item", secret, NULL, &error,
                              "kind", kind, "server", "localhost", "jid", jid, NULL);
  g_assert_no_error (error);
}

static void
clear_items (const char *jid)
{
  g_autoptr(GError) error = NULL;

  secret_password_clear_sync (signet_account_store_get_schema (), NULL, &error,
                              "server", "localhost", "jid", jid, NULL);
  g_assert_no_error (error);
}

static void
test_keyring (void)
{
  g_autofree char *jid = signet_personal_key_make_jid (PHONE, "localhost");
  g_autofree char *other = signet_personal_key_make_jid (OTHER_PHONE, "localhost");
  const char *passphrase = "a passphrase Signet made for the key, 40 characters";
  g_autofree char *path = NULL;

  /* The account's own item holds its passphrase. */
  gather ();
  store_item ("kontalk", jid, passphrase);
  assert_clean ();

  /* ... which is secret everywhere else. */
  gather ();
  signet_test_secrets_add_output ("", passphrase);
  assert_leak ("standard error");
  gather ();
  path = write_file (g_get_user_data_dir (), "key.txt", passphrase);
  assert_leak ("key.txt");
  g_unlink (path);

  /* The sign-up is finished: its item, with the same passphrase, is left. */
  gather ();
  store_item ("kontalk-pending", jid, passphrase);
  assert_leak ("finished sign-up");
  clear_items (jid);

  /* While it is in progress, the sign-up's item is fine, even when the
   * number has an account from before, with another passphrase. */
  gather ();
  store_item ("kontalk-pending", jid, passphrase);
  assert_clean ();
  store_item ("kontalk", jid, "the passphrase of the account made before");
  assert_clean ();
  clear_items (jid);

  /* A code or a password the test typed, in an item that is not an account's. */
  gather ();
  store_item ("kontalk-pending", other, CODE);
  assert_leak ("keyring item of kind “kontalk-pending”");
  clear_items (other);

  /* A number in an attribute. */
  gather ();
  store_item ("kontalk", PHONE, passphrase);
  assert_leak ("attribute");
  clear_items (PHONE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  signet_test_secrets_log_install ();

  g_test_add_func ("/secrets-audit/clean", test_clean);
  g_test_add_func ("/secrets-audit/output", test_output);
  g_test_add_func ("/secrets-audit/files", test_files);
  g_test_add_func ("/secrets-audit/cli-run", test_cli_run);
  g_test_add_func ("/secrets-audit/keyring", test_keyring);

  return g_test_run ();
}
