/* test-account-store.c: secrets in the keyring, account records on disk.
 *
 * The keyring tests use the session's gnome-keyring that build-aux/test
 * starts and unlocks.  The "locked" and "no service" cases run in a
 * subprocess on a private bus of their own, so that locking a keyring never
 * disturbs tests running in parallel.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <signal.h>

#include <glib/gstdio.h>

#include "signet-account-store.h"
#include "signet-secret-store-private.h"
#include "signet-test-async.h"
#include "signet-test-files.h"
#include "signet-test-keyring.h"
#include "signet-test-log.h"
#include "signet-test-lsan.h"

#define SERVER "account-store.test.invalid"
#define PHONE  "+15555215554"
/* What must never appear in a log, a keyring attribute or a secret-free file. */
#define PHONE_DIGITS "5555215554"
#define JID    "4bdd4f929f3a1062253e4e496bafba0bdfb5db75@" SERVER
#define OTHER_JID "0123456789abcdef0123456789abcdef01234567@" SERVER
#define SECRET "Qx7-not-a-real-passphrase-4d2c9f0e1b"
#define OTHER_SECRET "another-secret-8a1f"

#define NO_SERVICE_SAVE_MESSAGE \
  "No keyring service is running, so the key’s passphrase could not be saved. " \
  "Your account works; saving can be retried."
#define LOCKED_SAVE_MESSAGE \
  "The keyring is locked, so the password could not be saved. " \
  "Your account works; unlock the keyring and try again."

static gboolean
have_programs (const char * const *programs)
{
  for (guint i = 0; programs[i] != NULL; i++)
    {
      g_autofree char *path = g_find_program_in_path (programs[i]);

      if (path == NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s is not installed", programs[i]);

          g_test_skip (message);
          return FALSE;
        }
    }

  return TRUE;
}

/* Schema -------------------------------------------------------------------- */

static void
test_schema (void)
{
  const SecretSchema *schema = signet_account_store_get_schema ();
  guint n_attributes = 0;

  g_assert_cmpstr (schema->name, ==, "im.signet.Signet.Account");
  for (guint i = 0; schema->attributes[i].name != NULL; i++, n_attributes++)
    {
      g_assert_cmpint (schema->attributes[i].type, ==, SECRET_SCHEMA_ATTRIBUTE_STRING);
      g_assert_true (g_str_equal (schema->attributes[i].name, "kind") ||
                     g_str_equal (schema->attributes[i].name, "server") ||
                     g_str_equal (schema->attributes[i].name, "jid"));
    }
  g_assert_cmpuint (n_attributes, ==, 3);

  for (SignetAccountKind kind = SIGNET_ACCOUNT_KIND_KONTALK;
       kind <= SIGNET_ACCOUNT_KIND_KONTALK_PENDING; kind++)
    {
      SignetAccountKind parsed;

      g_assert_true (signet_account_kind_from_string (signet_account_kind_to_string (kind),
                                                      &parsed));
      g_assert_cmpint (parsed, ==, kind);
    }
  g_assert_cmpstr (signet_account_kind_to_string (SIGNET_ACCOUNT_KIND_KONTALK_PENDING), ==,
                   "kontalk-pending");
}

/* Secrets in the session keyring --------------------------------------------- */

static void
test_secret_round_trip (void)
{
  g_autoptr(GError) error = NULL;

  if (!signet_test_keyring_available ())
    return;

  signet_test_log_capture_start ();

  g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET, &error));
  g_assert_no_error (error);
  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET);

  /* Saving again replaces, it does not add a second item. */
  g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, OTHER_SECRET, &error));
  g_assert_no_error (error);
  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, OTHER_SECRET);

  g_assert_true (signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, &error));
  g_assert_no_error (error);
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID);

  /* Clearing what is not there is not an error. */
  g_assert_true (signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, &error));
  g_assert_no_error (error);

  g_ptr_array_unref (signet_test_log_capture_stop (PHONE_DIGITS));
}

static void
test_secret_not_found_message (void)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  if (!signet_test_keyring_available ())
    return;

  secret = signet_test_keyring_lookup_secret (SIGNET_ACCOUNT_KIND_XMPP, SERVER, "nobody@" SERVER, &error);
  g_assert_null (secret);
  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "The password of this account is not in the keyring.");
}

static void
test_secret_accounts_do_not_mix (void)
{
  g_autoptr(GError) error = NULL;

  if (!signet_test_keyring_available ())
    return;

  g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET, &error));
  g_assert_no_error (error);
  g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, OTHER_JID, OTHER_SECRET, &error));
  g_assert_no_error (error);
  /* Same address, other kind: the pending passphrase of a new registration. */
  g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_KONTALK_PENDING, SERVER, JID, "pending-secret", &error));
  g_assert_no_error (error);

  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET);
  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, OTHER_JID, OTHER_SECRET);
  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK_PENDING, SERVER, JID, "pending-secret");
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID);

  g_assert_true (signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, &error));
  g_assert_no_error (error);
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID);
  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, OTHER_JID, OTHER_SECRET);
  signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK_PENDING, SERVER, JID, "pending-secret");

  g_assert_true (signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, OTHER_JID, &error));
  g_assert_no_error (error);
  g_assert_true (signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_KONTALK_PENDING, SERVER, JID, &error));
  g_assert_no_error (error);
}

static void
test_secret_attributes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) query = NULL;
  GList *items;

  if (!signet_test_keyring_available ())
    return;

  g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET, &error));
  g_assert_no_error (error);

  query = secret_attributes_build (signet_account_store_get_schema (), "server", SERVER, NULL);
  items = secret_password_searchv_sync (signet_account_store_get_schema (), query,
                                        SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      g_autofree char *label = secret_retrievable_get_label (l->data);
      GHashTableIter iter;
      const char *key;
      const char *value;

      g_assert_cmpstr (label, ==, "Signet: " JID);
      g_assert_cmpstr (g_hash_table_lookup (attributes, "kind"), ==, "kontalk");
      g_assert_cmpstr (g_hash_table_lookup (attributes, "server"), ==, SERVER);
      g_assert_cmpstr (g_hash_table_lookup (attributes, "jid"), ==, JID);
      g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==,
                       "im.signet.Signet.Account");

      /* Attributes are stored unencrypted: nothing else, and never the number. */
      g_assert_cmpuint (g_hash_table_size (attributes), ==, 4);
      g_hash_table_iter_init (&iter, attributes);
      while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &value))
        {
          g_assert_null (strstr (key, "phone"));
          g_assert_null (strstr (value, PHONE_DIGITS));
        }
    }

  g_list_free_full (items, g_object_unref);
  g_assert_true (signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, &error));
  g_assert_no_error (error);
}

static void
test_secret_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!signet_test_keyring_available ())
    return;

  g_cancellable_cancel (cancellable);
  signet_account_store_save_secret_async (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID, SECRET,
                                          cancellable, signet_test_async_callback, &result);
  g_assert_false (signet_account_store_save_secret_finish (signet_test_async_wait (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID);
}

/* No keyring service ---------------------------------------------------------- */

static void
assert_unavailable (void)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  g_assert_false (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET, &error));
  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR,
                  SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, NO_SERVICE_SAVE_MESSAGE);
  g_clear_error (&error);

  secret = signet_test_keyring_lookup_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, &error);
  g_assert_null (secret);
  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR,
                  SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==,
                   "No keyring service is running, so the key’s passphrase could not be read.");
  g_clear_error (&error);

  g_assert_false (signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID, &error));
  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR,
                  SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==,
                   "No keyring service is running, so the saved password could not be removed.");
}

/* No bus at all: the address points nowhere. */
static void
test_no_service_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/signet-test-bus", TRUE);
      g_unsetenv ("SECRET_BACKEND");

      signet_test_log_capture_start ();
      assert_unavailable ();
      g_ptr_array_unref (signet_test_log_capture_stop (PHONE_DIGITS));
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* No address and no X11 display to autolaunch a bus with. */
static void
test_no_service_no_address (void)
{
  if (g_test_subprocess ())
    {
      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_unsetenv ("DISPLAY");
      g_unsetenv ("SECRET_BACKEND");

      /* XDG_RUNTIME_DIR is the test's own, so it holds no "bus" socket. */
      assert_unavailable ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A bus that works but has no Secret Service and cannot start one. */
static void
test_no_service_empty_bus (void)
{
  const char * const programs[] = { "dbus-daemon", NULL };

  if (g_test_subprocess ())
    {
      SignetTestPrivateBus pb = { 0 };

      g_unsetenv ("SECRET_BACKEND");
      signet_test_private_bus_start (&pb);
      assert_unavailable ();
      signet_test_private_bus_stop (&pb);
      return;
    }

  if (!have_programs (programs))
    return;

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A locked keyring --------------------------------------------------------------- */

static void
lock_default_collection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GList) objects = NULL;
  GList *locked = NULL;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);

  objects = g_list_append (NULL, collection);
  g_assert_cmpint (secret_service_lock_sync (service, objects, NULL, &locked, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (locked), ==, 1);
  g_list_free_full (locked, g_object_unref);
  g_assert_true (secret_collection_get_locked (collection));
}

/* gnome-keyring 42 asks its prompter (gcr-prompter, activated on the bus) to
 * unlock.  Here none can be activated, which is what a dismissed prompt
 * looks like to libsecret: storing fails with SECRET_ERROR_IS_LOCKED, while
 * lookup and clear find "nothing" without an error.  All three must say
 * KEYRING_LOCKED, and a secret that really is absent still NOT_FOUND. */
static void
test_locked_keyring (void)
{
  const char * const programs[] = { "dbus-daemon", "gnome-keyring-daemon", NULL };

  if (g_test_subprocess ())
    {
      SignetTestPrivateBus pb = { 0 };
      g_autoptr(GError) error = NULL;
      char *secret;

      g_unsetenv ("SECRET_BACKEND");
      signet_test_private_bus_start (&pb);
      signet_test_private_bus_start_keyring (&pb);

      g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID, SECRET, &error));
      g_assert_no_error (error);
      signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID, SECRET);

      lock_default_collection ();
      /* libsecret 0.20.5 leaks a small array of object paths each time it
       * asks to unlock a collection and the prompt fails (a program that
       * only stores into a locked collection without a prompter leaks it
       * too); signet-test-lsan.h. */
      signet_test_lsan_ignore_begin ();

      g_assert_false (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_XMPP, SERVER, OTHER_JID, OTHER_SECRET, &error));
      g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR,
                      SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED);
      g_assert_cmpstr (error->message, ==, LOCKED_SAVE_MESSAGE);
      g_clear_error (&error);

      secret = signet_test_keyring_lookup_secret (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID, &error);
      g_assert_null (secret);
      g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR,
                      SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED);
      g_assert_cmpstr (error->message, ==,
                       "The keyring is locked, so the saved password could not be read. "
                       "Unlock the keyring and try again.");
      g_clear_error (&error);

      g_assert_false (signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID, &error));
      g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR,
                      SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED);
      g_clear_error (&error);
      signet_test_lsan_ignore_end ();

      /* A search does not need the keyring unlocked: absent is absent. */
      signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_XMPP, SERVER, OTHER_JID);

      signet_test_private_bus_stop (&pb);
      return;
    }

  if (!have_programs (programs))
    return;

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* libsecret's file backend --------------------------------------------------------- */

/* The backend Flatpak apps get (with the portal's key instead of a test
 * password); libsecret 0.20.5 has it, selected here by SECRET_BACKEND. */
static void
test_file_backend (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), "test.keyring", NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      g_mkdir_with_parents (g_get_user_data_dir (), 0700);
      g_setenv ("SECRET_BACKEND", "file", TRUE);
      g_setenv ("SECRET_FILE_TEST_PATH", path, TRUE);
      g_setenv ("SECRET_FILE_TEST_PASSWORD", "signet-test-password", TRUE);
      /* Proves that nothing goes over D-Bus. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/signet-test-bus", TRUE);
      /* libsecret 0.20.5's file backend keeps the keyring file's etag and
       * overwrites it without freeing it on every write after the first (a
       * program that only stores twice leaks one); signet-test-lsan.h.
       * Only the writes make it. */
      signet_test_lsan_ignore_begin ();
      g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET, &error));
      g_assert_no_error (error);
      g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID, OTHER_SECRET, &error));
      g_assert_no_error (error);
      signet_test_lsan_ignore_end ();
      signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, SECRET);
      signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID, OTHER_SECRET);

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      g_assert_null (g_strstr_len (contents, length, SECRET));

      signet_test_lsan_ignore_begin ();
      g_assert_true (signet_test_keyring_clear_secret (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID, &error));
      signet_test_lsan_ignore_end ();
      g_assert_no_error (error);
      signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, JID);
      signet_test_keyring_assert_lookup (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID, OTHER_SECRET);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Records ----------------------------------------------------------------- */

static GDateTime *
date (int year,
      int month,
      int day)
{
  return g_date_time_new_utc (year, month, day, 12, 30, 15.25);
}

static SignetAccount *
new_kontalk_account (const char *jid,
                     GDateTime  *created)
{
  SignetAccount *account = signet_account_new (SIGNET_ACCOUNT_KIND_KONTALK, SERVER, jid);

  signet_account_set_phone (account, PHONE);
  signet_account_set_display_name (account, "Ada “dev” Lovelace");
  signet_account_set_fingerprint (account, "0123456789ABCDEF0123456789ABCDEF01234567");
  signet_account_set_created (account, created);
  signet_account_set_keyring_stored (account, TRUE);

  return account;
}

static char *
record_file (const char *jid)
{
  g_autofree char *dir = signet_account_store_get_records_dir ();
  g_autofree char *name = g_strconcat (jid, ".json", NULL);

  return g_build_filename (dir, name, NULL);
}

static void
test_record_round_trip (void)
{
  g_autoptr(GDateTime) created = date (2026, 3, 14);
  g_autoptr(SignetAccount) account = new_kontalk_account (JID, created);
  g_autoptr(SignetAccount) loaded = NULL;
  g_autoptr(SignetAccount) xmpp = NULL;
  g_autoptr(SignetAccount) xmpp_loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = signet_account_store_get_records_dir ();
  g_autofree char *path = record_file (JID);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_str_has_prefix (dir, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (dir, "/signet/accounts"));

  signet_test_log_capture_start ();

  g_assert_true (signet_account_store_save (account, &error));
  g_assert_no_error (error);

  signet_test_assert_mode (dir, 0700);
  signet_test_assert_mode (path, 0600);

  /* Secrets live in the keyring only, whatever the record says. */
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_null (g_strstr_len (contents, length, SECRET));
  g_assert_nonnull (g_strstr_len (contents, length, "\"keyring-stored\" : true"));

  loaded = signet_account_store_load (JID, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpint (signet_account_get_kind (loaded), ==, SIGNET_ACCOUNT_KIND_KONTALK);
  g_assert_cmpstr (signet_account_get_server (loaded), ==, SERVER);
  g_assert_cmpstr (signet_account_get_jid (loaded), ==, JID);
  g_assert_cmpstr (signet_account_get_phone (loaded), ==, PHONE);
  g_assert_cmpstr (signet_account_get_display_name (loaded), ==, "Ada “dev” Lovelace");
  g_assert_cmpstr (signet_account_get_fingerprint (loaded), ==,
                   "0123456789ABCDEF0123456789ABCDEF01234567");
  g_assert_true (g_date_time_equal (signet_account_get_created (loaded), created));
  g_assert_true (signet_account_get_keyring_stored (loaded));

  /* An XMPP account: no phone, no key; "now" as the creation time. */
  xmpp = signet_account_new (SIGNET_ACCOUNT_KIND_XMPP, SERVER, "ada@" SERVER);
  g_assert_nonnull (signet_account_get_created (xmpp));
  g_assert_true (signet_account_store_save (xmpp, &error));
  g_assert_no_error (error);
  xmpp_loaded = signet_account_store_load ("ada@" SERVER, &error);
  g_assert_no_error (error);
  g_assert_cmpint (signet_account_get_kind (xmpp_loaded), ==, SIGNET_ACCOUNT_KIND_XMPP);
  g_assert_null (signet_account_get_phone (xmpp_loaded));
  g_assert_null (signet_account_get_fingerprint (xmpp_loaded));
  g_assert_false (signet_account_get_keyring_stored (xmpp_loaded));
  g_assert_true (g_date_time_equal (signet_account_get_created (xmpp_loaded),
                                    signet_account_get_created (xmpp)));

  g_ptr_array_unref (signet_test_log_capture_stop (PHONE_DIGITS));
}

static void
test_record_properties (void)
{
  g_autoptr(SignetAccount) account = signet_account_new (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID);
  g_autoptr(GDateTime) created = date (2025, 1, 2);
  g_autoptr(GDateTime) got = NULL;
  g_autofree char *jid = NULL;
  SignetAccountKind kind;
  gboolean stored;

  g_object_set (account,
                "display-name", "Ada",
                "created", created,
                "keyring-stored", TRUE,
                NULL);
  g_object_get (account,
                "kind", &kind,
                "jid", &jid,
                "created", &got,
                "keyring-stored", &stored,
                NULL);

  g_assert_cmpint (kind, ==, SIGNET_ACCOUNT_KIND_XMPP);
  g_assert_cmpstr (jid, ==, JID);
  g_assert_true (g_date_time_equal (got, created));
  g_assert_true (stored);
  g_assert_cmpstr (signet_account_get_display_name (account), ==, "Ada");
}

static void
test_record_list_sorted (void)
{
  g_autoptr(GDateTime) d1 = date (2024, 5, 1);
  g_autoptr(GDateTime) d2 = date (2025, 5, 1);
  g_autoptr(GDateTime) d3 = date (2026, 5, 1);
  g_autoptr(SignetAccount) a = new_kontalk_account ("c-newest@" SERVER, d3);
  g_autoptr(SignetAccount) b = new_kontalk_account ("a-middle@" SERVER, d2);
  g_autoptr(SignetAccount) c = new_kontalk_account ("b-oldest@" SERVER, d1);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  /* No folder yet: no accounts, no error. */
  accounts = signet_account_store_list (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_clear_pointer (&accounts, g_ptr_array_unref);

  g_assert_true (signet_account_store_save (a, &error));
  g_assert_true (signet_account_store_save (b, &error));
  g_assert_true (signet_account_store_save (c, &error));
  g_assert_no_error (error);

  accounts = signet_account_store_list (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 3);
  g_assert_cmpstr (signet_account_get_jid (g_ptr_array_index (accounts, 0)), ==,
                   "b-oldest@" SERVER);
  g_assert_cmpstr (signet_account_get_jid (g_ptr_array_index (accounts, 1)), ==,
                   "a-middle@" SERVER);
  g_assert_cmpstr (signet_account_get_jid (g_ptr_array_index (accounts, 2)), ==,
                   "c-newest@" SERVER);
}

typedef struct
{
  const char *jid;
  const char *contents;
} DamagedRecord;

/* Each carries the phone number, so a message that quoted the file would
 * show it. */
static const DamagedRecord damaged_records[] = {
  /* truncated */
  { "truncated@" SERVER,
    "{\"version\": 1, \"kind\": \"kontalk\", \"phone\": \"+15555215554\", \"server\": \"" },
  /* not JSON at the phone number */
  { "garbage@" SERVER,
    "{\"version\": 1, \"kind\": \"kontalk\", \"phone\": +15555215554}" },
  /* wrong types */
  { "wrong-type@" SERVER,
    "{\"version\": 1, \"kind\": \"kontalk\", \"server\": \"" SERVER "\","
    " \"jid\": \"wrong-type@" SERVER "\", \"phone\": 15555215554,"
    " \"created\": \"2026-01-01T00:00:00Z\"}" },
  { "created-number@" SERVER,
    "{\"version\": 1, \"kind\": \"kontalk\", \"server\": \"" SERVER "\","
    " \"jid\": \"created-number@" SERVER "\", \"phone\": \"+15555215554\","
    " \"created\": 1767225600}" },
  { "stored-string@" SERVER,
    "{\"version\": 1, \"kind\": \"kontalk\", \"server\": \"" SERVER "\","
    " \"jid\": \"stored-string@" SERVER "\", \"phone\": \"+15555215554\","
    " \"created\": \"2026-01-01T00:00:00Z\", \"keyring-stored\": \"yes\"}" },
  /* a phone number that is not E.164 */
  { "bad-phone@" SERVER,
    "{\"version\": 1, \"kind\": \"kontalk\", \"server\": \"" SERVER "\","
    " \"jid\": \"bad-phone@" SERVER "\", \"phone\": \"5555215554 ext. 7\","
    " \"created\": \"2026-01-01T00:00:00Z\"}" },
  /* the address does not match the file name */
  { "renamed@" SERVER,
    "{\"version\": 1, \"kind\": \"kontalk\", \"server\": \"" SERVER "\","
    " \"jid\": \"someone-else@" SERVER "\", \"phone\": \"+15555215554\","
    " \"created\": \"2026-01-01T00:00:00Z\"}" },
  /* a pending kind is never a record */
  { "pending-kind@" SERVER,
    "{\"version\": 1, \"kind\": \"kontalk-pending\", \"server\": \"" SERVER "\","
    " \"jid\": \"pending-kind@" SERVER "\", \"phone\": \"+15555215554\","
    " \"created\": \"2026-01-01T00:00:00Z\"}" },
  /* a future version */
  { "version-2@" SERVER,
    "{\"version\": 2, \"kind\": \"kontalk\", \"server\": \"" SERVER "\","
    " \"jid\": \"version-2@" SERVER "\", \"phone\": \"+15555215554\","
    " \"created\": \"2026-01-01T00:00:00Z\"}" },
  /* not an object, and empty */
  { "array@" SERVER, "[\"+15555215554\"]" },
  { "empty@" SERVER, "" },
  /* deep nesting that would overflow a recursive parser's stack */
  { "deep@" SERVER, NULL },
};

static void
write_damaged_record (const DamagedRecord *record)
{
  g_autofree char *path = record_file (record->jid);
  g_autoptr(GError) error = NULL;

  if (record->contents != NULL)
    {
      g_file_set_contents (path, record->contents, -1, &error);
    }
  else
    {
      gsize length = 60 * 1024;
      g_autofree char *deep = g_malloc (length);

      memset (deep, '[', length);
      g_file_set_contents (path, deep, length, &error);
    }

  g_assert_no_error (error);
}

static void
test_record_damaged (void)
{
  g_autoptr(GDateTime) created = date (2026, 1, 1);
  g_autoptr(SignetAccount) good = new_kontalk_account (JID, created);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *huge_path = record_file ("huge@" SERVER);
  g_autofree char *huge = g_malloc0 (1024 * 1024);
  guint warnings = 0;

  g_assert_true (signet_account_store_save (good, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (damaged_records); i++)
    write_damaged_record (&damaged_records[i]);

  /* 1 MiB, starting like a record. */
  memset (huge, ' ', 1024 * 1024);
  memcpy (huge, "{\"phone\": \"+15555215554\"", strlen ("{\"phone\": \"+15555215554\""));
  g_file_set_contents (huge_path, huge, 1024 * 1024, &error);
  g_assert_no_error (error);

  signet_test_log_capture_start ();
  accounts = signet_account_store_list (&error);
  messages = signet_test_log_capture_stop (PHONE_DIGITS);

  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (signet_account_get_jid (g_ptr_array_index (accounts, 0)), ==, JID);

  /* One warning per damaged file, naming it. */
  for (guint i = 0; i < messages->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (messages, i), "Skipping the account record"))
      warnings++;
  g_assert_cmpuint (warnings, ==, G_N_ELEMENTS (damaged_records) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (damaged_records); i++)
    {
      g_autoptr(SignetAccount) loaded = NULL;

      loaded = signet_account_store_load (damaged_records[i].jid, &error);
      g_assert_null (loaded);
      g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_INVALID);
      g_assert_null (strstr (error->message, PHONE_DIGITS));
      g_clear_error (&error);
    }

  g_assert_null (signet_account_store_load ("huge@" SERVER, &error));
  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_INVALID);
}

static void
test_record_delete (void)
{
  g_autoptr(SignetAccount) account = signet_account_new (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID);
  g_autoptr(SignetAccount) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (signet_account_store_load (JID, &error));
  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (signet_account_store_save (account, &error));
  g_assert_no_error (error);
  g_assert_true (signet_account_store_delete (JID, &error));
  g_assert_no_error (error);

  loaded = signet_account_store_load (JID, &error);
  g_assert_null (loaded);
  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (signet_account_store_delete (JID, &error));
  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND);
}

/* A domain is typed by the user; as a file name it must stay in the folder. */
static void
test_record_bad_address (void)
{
  const char * const bad[] = { "../escape@" SERVER, "a/b@" SERVER, ".hidden@" SERVER,
                               "tab\there@" SERVER, "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (signet_account_store_load (bad[i], &error));
      g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_INVALID);
      g_clear_error (&error);

      g_assert_false (signet_account_store_delete (bad[i], &error));
      g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_INVALID);
      g_clear_error (&error);

      if (*bad[i] != '\0')
        {
          g_autoptr(SignetAccount) account =
            signet_account_new (SIGNET_ACCOUNT_KIND_XMPP, SERVER, bad[i]);

          g_assert_false (signet_account_store_save (account, &error));
          g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_INVALID);
        }
    }
}

/* A folder made by someone else with looser permissions is tightened. */
static void
test_record_dir_tightened (void)
{
  g_autoptr(SignetAccount) account = signet_account_new (SIGNET_ACCOUNT_KIND_XMPP, SERVER, JID);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = signet_account_store_get_records_dir ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);

  g_assert_true (signet_account_store_save (account, &error));
  g_assert_no_error (error);
  signet_test_assert_mode (dir, 0700);
}

int
main (int   argc,
      char *argv[])
{
  signet_test_log_capture_install ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/account-store/schema", test_schema);
  g_test_add_func ("/account-store/secret/round-trip", test_secret_round_trip);
  g_test_add_func ("/account-store/secret/not-found-message", test_secret_not_found_message);
  g_test_add_func ("/account-store/secret/accounts-do-not-mix", test_secret_accounts_do_not_mix);
  g_test_add_func ("/account-store/secret/attributes", test_secret_attributes);
  g_test_add_func ("/account-store/secret/cancelled", test_secret_cancelled);
  g_test_add_func ("/account-store/secret/no-service/no-bus", test_no_service_no_bus);
  g_test_add_func ("/account-store/secret/no-service/no-address", test_no_service_no_address);
  g_test_add_func ("/account-store/secret/no-service/empty-bus", test_no_service_empty_bus);
  g_test_add_func ("/account-store/secret/locked", test_locked_keyring);
  g_test_add_func ("/account-store/secret/file-backend", test_file_backend);
  g_test_add_func ("/account-store/record/round-trip", test_record_round_trip);
  g_test_add_func ("/account-store/record/properties", test_record_properties);
  g_test_add_func ("/account-store/record/list-sorted", test_record_list_sorted);
  g_test_add_func ("/account-store/record/damaged", test_record_damaged);
  g_test_add_func ("/account-store/record/delete", test_record_delete);
  g_test_add_func ("/account-store/record/bad-address", test_record_bad_address);
  g_test_add_func ("/account-store/record/dir-tightened", test_record_dir_tightened);

  return g_test_run ();
}
