/* test-secret-file-backend.c: account secrets through libsecret's file
 * backend, the path they take inside Flatpak.
 *
 * In the sandbox libsecret does not talk to a Secret Service: it keeps items
 * in ~/.var/app/<app id>/data/keyrings/default.keyring, encrypted with a key
 * the Secret portal hands to the application (see flatpak/ and README).  Here
 * the same backend is chosen with SECRET_BACKEND=file and given its file and
 * password through SECRET_FILE_TEST_PATH and SECRET_FILE_TEST_PASSWORD (read
 * by libsecret's secret-file-backend.c since 0.20), and the session bus points
 * at nothing, so any D-Bus call on the way fails the test.
 *
 * Its own binary: libsecret picks its backend once per process.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "signet-account-store.h"
#include "signet-secret-store-private.h"
#include "signet-test-async.h"
#include "signet-test-keyring.h"
#include "signet-test-lsan.h"

#define SERVER    "file-backend.test.invalid"
#define JID       "4bdd4f929f3a1062253e4e496bafba0bdfb5db75@" SERVER
#define OTHER_JID "0123456789abcdef0123456789abcdef01234567@" SERVER
#define SECRET    "Qx7-file-backend-passphrase-9e3b1d"
#define NEW_SECRET "second-passphrase-for-the-same-account"
#define PASSWORD  "xmpp-password-5f0c"

/* Set by main() before anything touches libsecret. */
static char *keyring_path;

static void
save_secret (SignetAccountKind kind,
             const char       *jid,
             const char       *secret)
{
  g_autoptr(GError) error = NULL;

  /* libsecret 0.20.5's file backend keeps the keyring file's etag and
   * overwrites it without freeing it on every write after the first (a
   * program that only stores twice leaks one); signet-test-lsan.h. */
  signet_test_lsan_ignore_begin ();
  g_assert_true (signet_test_keyring_save_secret (kind, SERVER, jid, secret, &error));
  signet_test_lsan_ignore_end ();
  g_assert_no_error (error);
}

static void
clear_secret (SignetAccountKind kind,
              const char       *jid)
{
  g_autoptr(GError) error = NULL;

  /* A write, as in save_secret(). */
  signet_test_lsan_ignore_begin ();
  g_assert_true (signet_test_keyring_clear_secret (kind, SERVER, jid, &error));
  signet_test_lsan_ignore_end ();
  g_assert_no_error (error);
}

/* How many items of Signet's schema match, locked or not. */
static guint
count_items (SignetAccountKind kind,
             const char       *jid)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n;

  items = secret_password_search_sync (signet_account_store_get_schema (),
                                       SECRET_SEARCH_ALL, NULL, &error,
                                       "kind", signet_account_kind_to_string (kind),
                                       "server", SERVER,
                                       "jid", jid,
                                       NULL);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);

  return n;
}

static gboolean
contains (const char *haystack,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

/* Tests --------------------------------------------------------------------- */

/* Store, find, clear: what the wizard and signet-cli do with a passphrase. */
static void
test_store_lookup_clear (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID);

  save_secret (SIGNET_ACCOUNT_KIND_KONTALK, JID, SECRET);
  g_assert_true (g_file_test (keyring_path, G_FILE_TEST_IS_REGULAR));
  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET);

  clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, JID);
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID);
  g_assert_cmpuint (count_items (SIGNET_ACCOUNT_KIND_KONTALK, JID), ==, 0);

  /* Clearing what is not there succeeds. */
  signet_account_store_clear_secret_async (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, NULL,
                                           signet_test_async_callback, &result);
  g_assert_true (signet_account_store_clear_secret_finish (signet_test_async_wait (&result), &error));
  g_assert_no_error (error);
}

/* Storing again replaces the secret instead of adding a second item. */
static void
test_replace (void)
{
  save_secret (SIGNET_ACCOUNT_KIND_KONTALK, JID, SECRET);
  save_secret (SIGNET_ACCOUNT_KIND_KONTALK, JID, NEW_SECRET);

  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, NEW_SECRET);
  g_assert_cmpuint (count_items (SIGNET_ACCOUNT_KIND_KONTALK, JID), ==, 1);

  clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, JID);
}

/* The kind and the address both pick the item: a Kontalk passphrase, the
 * password of an XMPP account with the same address and the secret of
 * another account never mix, and clearing one leaves the others. */
static void
test_accounts_apart (void)
{
  save_secret (SIGNET_ACCOUNT_KIND_KONTALK, JID, SECRET);
  save_secret (SIGNET_ACCOUNT_KIND_XMPP, JID, PASSWORD);

  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET);
  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID, PASSWORD);
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_KONTALK_PENDING, SERVER, JID);
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, OTHER_JID);

  clear_secret (SIGNET_ACCOUNT_KIND_XMPP, JID);
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID);
  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET);

  clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, JID);
}

/* The file on disk never holds the secret or the address in the clear. */
static void
test_encrypted_on_disk (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  save_secret (SIGNET_ACCOUNT_KIND_KONTALK, JID, SECRET);

  g_file_get_contents (keyring_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 0);
  g_assert_false (contains (contents, length, SECRET));
  g_assert_false (contains (contents, length, JID));

  clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, JID);
}

/* A restarted application finds the secret again: the item is in the file,
 * not only in this process's memory. */
static void
test_persists (void)
{
  if (g_test_subprocess ())
    {
      /* A fresh process: it can only know what the parent wrote to the file. */
      signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET);
      return;
    }

  save_secret (SIGNET_ACCOUNT_KIND_KONTALK, JID, SECRET);

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, JID);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }

  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *created = NULL;
  const char *dir;
  int status;

  /* One folder for the parent and the subprocesses it traps, which inherit
   * this environment. */
  dir = g_getenv ("SIGNET_TEST_SECRET_DIR");
  if (dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      created = g_dir_make_tmp ("signet-secret-file-XXXXXX", &error);
      g_assert_no_error (error);
      g_setenv ("SIGNET_TEST_SECRET_DIR", created, TRUE);
      dir = created;
    }
  keyring_path = g_build_filename (dir, "keyrings", "default.keyring", NULL);

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring_path, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "signet-file-backend-test", TRUE);
  /* Nothing on this path may need a bus. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/signet-no-session-bus", TRUE);
  g_unsetenv ("DISPLAY");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret-file-backend/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/secret-file-backend/replace", test_replace);
  g_test_add_func ("/secret-file-backend/accounts-apart", test_accounts_apart);
  g_test_add_func ("/secret-file-backend/encrypted-on-disk", test_encrypted_on_disk);
  g_test_add_func ("/secret-file-backend/persists", test_persists);

  status = g_test_run ();

  if (created != NULL)
    remove_tree (created);
  g_free (keyring_path);

  return status;
}
