/* test-pending-registration.c: a sign-up that survives a closed window.
 *
 * The passphrase tests use the session's gnome-keyring that build-aux/test
 * starts and unlocks.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "signet-account-store.h"
#include "signet-secret-store-private.h"
#include "signet-data-form.h"
#include "signet-pending-registration.h"
#include "signet-test-async.h"
#include "signet-test-files.h"
#include "signet-test-keyring.h"
#include "signet-test-log.h"
#include "signet-xml-node.h"

#define DOMAIN       "pending.test.invalid"
#define PHONE        "+15555215554"
#define PHONE_DIGITS "5555215554"
#define JID          "4bdd4f929f3a1062253e4e496bafba0bdfb5db75@" DOMAIN
#define PASSPHRASE   "Zr4kP9mWq2Lx7Tn5Vb8Hc3Jd6Fg1Ks0Ae2Yu4Io7"
#define FINGERPRINT  "0123456789ABCDEF0123456789ABCDEF01234567"
/* As a person may paste it; kept in SignetConnection's normal form. */
#define SHA256       "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:" \
  "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"
#define SHA256_NORMAL "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"

static gboolean
save_passphrase (SignetPendingRegistration *pending,
                 const char                *passphrase,
                 GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_pending_registration_save_passphrase_async (pending, passphrase, NULL,
                                                     signet_test_async_callback, &result);
  return signet_pending_registration_save_passphrase_finish (pending, signet_test_async_wait (&result), error);
}

static char *
lookup_passphrase (SignetPendingRegistration *pending,
                   GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_pending_registration_lookup_passphrase_async (pending, NULL, signet_test_async_callback, &result);
  return signet_pending_registration_lookup_passphrase_finish (pending, signet_test_async_wait (&result), error);
}

static gboolean
discard (SignetPendingRegistration *pending,
         GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_pending_registration_discard_async (pending, NULL, signet_test_async_callback, &result);
  return signet_pending_registration_discard_finish (pending, signet_test_async_wait (&result), error);
}

static SignetChallenge *
missed_call_challenge (void)
{
  const char *text =
    "<x xmlns='jabber:x:data' type='form'>"
    "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
    "<field var='from'><value>+39-0612345????" "</value></field>"
    "<field var='challenge'><value>missedcall</value></field>"
    "<field var='can-fallback' type='boolean'><value>true</value></field>"
    "</x>";
  g_autoptr(SignetXmlNode) x = signet_xml_node_parse (text, -1, NULL);
  g_autoptr(SignetDataForm) form = signet_data_form_parse (x, NULL, NULL);
  g_autoptr(GError) error = NULL;
  SignetChallenge *challenge;

  g_assert_nonnull (form);
  challenge = signet_challenge_new_from_form (form, "Do not answer the call.", &error);
  g_assert_no_error (error);

  return challenge;
}

static SignetPendingRegistration *
new_pending (void)
{
  g_autoptr(SignetChallenge) challenge = missed_call_challenge ();
  g_autoptr(GDateTime) requested = g_date_time_new_utc (2026, 11, 22, 3, 14, 15.5);
  SignetPendingRegistration *pending = signet_pending_registration_new (DOMAIN, PHONE);

  signet_pending_registration_set_host (pending, "127.0.0.1", 15223);
  signet_pending_registration_set_direct_tls (pending, TRUE);
  signet_pending_registration_set_trusted_sha256 (pending, SHA256);
  signet_pending_registration_set_display_name (pending, "Ada “dev” Lovelace");
  signet_pending_registration_set_challenge (pending, challenge);
  signet_pending_registration_set_requested (pending, requested);

  return pending;
}

static void
assert_load_fails (int code)
{
  g_autoptr(SignetPendingRegistration) loaded = NULL;
  g_autoptr(GError) error = NULL;

  signet_test_log_capture_start ();
  loaded = signet_pending_registration_load (&error);
  g_ptr_array_unref (signet_test_log_capture_stop (PHONE_DIGITS));

  g_assert_null (loaded);
  g_assert_error (error, SIGNET_PENDING_REGISTRATION_ERROR, code);
  g_assert_null (strstr (error->message, PHONE_DIGITS));
}

static void
write_pending_file (const char *contents,
                    gssize      length)
{
  g_autofree char *path = signet_pending_registration_get_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

/* Tests ----------------------------------------------------------------------- */

static void
test_jid (void)
{
  g_autoptr(SignetPendingRegistration) pending = signet_pending_registration_new (DOMAIN, PHONE);
  g_autofree char *jid = signet_pending_registration_dup_jid (pending);
  g_autofree char *property = NULL;

  /* sha1hex("+15555215554"), lowercase: Kontalk's local part. */
  g_assert_cmpstr (jid, ==, JID);
  g_object_get (pending, "jid", &property, NULL);
  g_assert_cmpstr (property, ==, JID);
}

static void
test_round_trip (void)
{
  g_autoptr(SignetPendingRegistration) pending = new_pending ();
  g_autoptr(SignetPendingRegistration) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = signet_pending_registration_get_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (path, "/signet/pending.json"));

  /* Saved first without the key, which is generated in the background. */
  g_assert_null (signet_pending_registration_get_fingerprint (pending));
  signet_test_log_capture_start ();
  g_assert_true (signet_pending_registration_save (pending, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (signet_test_log_capture_stop (PHONE_DIGITS));

  signet_test_assert_mode (dir, 0700);
  signet_test_assert_mode (path, 0600);

  loaded = signet_pending_registration_load (&error);
  g_assert_no_error (error);
  g_assert_null (signet_pending_registration_get_fingerprint (loaded));
  g_clear_object (&loaded);

  signet_pending_registration_set_fingerprint (pending, FINGERPRINT);
  g_assert_true (signet_pending_registration_save (pending, &error));
  g_assert_no_error (error);
  signet_test_assert_mode (path, 0600);

  signet_test_log_capture_start ();
  loaded = signet_pending_registration_load (&error);
  g_ptr_array_unref (signet_test_log_capture_stop (PHONE_DIGITS));
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  g_assert_cmpstr (signet_pending_registration_get_domain (loaded), ==, DOMAIN);
  g_assert_cmpstr (signet_pending_registration_get_phone (loaded), ==, PHONE);
  g_assert_cmpstr (signet_pending_registration_get_host (loaded), ==, "127.0.0.1");
  g_assert_cmpuint (signet_pending_registration_get_port (loaded), ==, 15223);
  g_assert_true (signet_pending_registration_get_direct_tls (loaded));
  g_assert_cmpstr (signet_pending_registration_get_trusted_sha256 (loaded), ==, SHA256_NORMAL);
  g_assert_cmpstr (signet_pending_registration_get_display_name (loaded), ==,
                   "Ada “dev” Lovelace");
  g_assert_cmpint (signet_pending_registration_get_challenge_type (loaded), ==,
                   SIGNET_CHALLENGE_MISSED_CALL);
  g_assert_cmpstr (signet_pending_registration_get_sender (loaded), ==, "+39-0612345????");
  g_assert_cmpuint (signet_pending_registration_get_code_length (loaded), ==, 4);
  g_assert_true (signet_pending_registration_get_can_fallback (loaded));
  g_assert_cmpstr (signet_pending_registration_get_instructions (loaded), ==,
                   "Do not answer the call.");
  g_assert_true (g_date_time_equal (signet_pending_registration_get_requested (loaded),
                                    signet_pending_registration_get_requested (pending)));
  g_assert_cmpstr (signet_pending_registration_get_fingerprint (loaded), ==, FINGERPRINT);

  /* Nothing but the file itself is left in the folder (no temporary file). */
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (contents, length, "\"phone\" : \"" PHONE "\""));
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
    const char *name;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_cmpstr (name, ==, "pending.json");
  }
}

/* The code accepted, saved before the import with the keys the server
 * sent (public), then after it with who certified the key. */
static void
test_code_accepted_keys (void)
{
  g_autoptr(SignetPendingRegistration) pending = new_pending ();
  g_autoptr(SignetPendingRegistration) loaded = NULL;
  g_autoptr(GBytes) keyring = g_bytes_new_static ("\x99\x01\x0d certified", 13);
  g_autoptr(GBytes) server_key = g_bytes_new_static ("\x99\x01\x0d server", 10);
  g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (SIGNET_PENDING_REGISTRATION_MAX_KEY_SIZE + 1),
                                             SIGNET_PENDING_REGISTRATION_MAX_KEY_SIZE + 1);
  g_autoptr(GError) error = NULL;

  signet_pending_registration_set_fingerprint (pending, FINGERPRINT);
  signet_pending_registration_set_certified_keyring (pending, keyring, server_key);
  signet_pending_registration_set_code_accepted (pending, NULL, NULL);
  g_assert_true (signet_pending_registration_save (pending, &error));
  g_assert_no_error (error);

  loaded = signet_pending_registration_load (&error);
  g_assert_no_error (error);
  g_assert_true (signet_pending_registration_get_code_accepted (loaded));
  g_assert_null (signet_pending_registration_get_certified_by (loaded));
  g_assert_true (g_bytes_equal (signet_pending_registration_get_certified_keyring (loaded), keyring));
  g_assert_true (g_bytes_equal (signet_pending_registration_get_server_key (loaded), server_key));
  g_clear_object (&loaded);

  /* No server key; a key too large to keep is dropped, not written. */
  signet_pending_registration_set_certified_keyring (pending, huge, NULL);
  g_assert_null (signet_pending_registration_get_certified_keyring (pending));
  signet_pending_registration_set_certified_keyring (pending, keyring, NULL);
  signet_pending_registration_set_code_accepted (pending, "0123456789ABCDEF", NULL);
  g_assert_true (signet_pending_registration_save (pending, &error));
  g_assert_no_error (error);

  loaded = signet_pending_registration_load (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_pending_registration_get_certified_by (loaded), ==, "0123456789ABCDEF");
  g_assert_true (g_bytes_equal (signet_pending_registration_get_certified_keyring (loaded), keyring));
  g_assert_null (signet_pending_registration_get_server_key (loaded));
}

static void
test_minimal (void)
{
  g_autoptr(SignetPendingRegistration) pending = signet_pending_registration_new (DOMAIN, PHONE);
  g_autoptr(SignetPendingRegistration) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (signet_pending_registration_get_requested (pending));
  g_assert_true (signet_pending_registration_save (pending, &error));
  g_assert_no_error (error);

  loaded = signet_pending_registration_load (&error);
  g_assert_no_error (error);
  g_assert_null (signet_pending_registration_get_host (loaded));
  g_assert_cmpuint (signet_pending_registration_get_port (loaded), ==, 0);
  g_assert_false (signet_pending_registration_get_direct_tls (loaded));
  g_assert_null (signet_pending_registration_get_trusted_sha256 (loaded));
  g_assert_null (signet_pending_registration_get_display_name (loaded));
  g_assert_null (signet_pending_registration_get_sender (loaded));
  g_assert_null (signet_pending_registration_get_instructions (loaded));
}

static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;

  assert_load_fails (SIGNET_PENDING_REGISTRATION_ERROR_NOT_FOUND);

  /* Deleting nothing is fine. */
  g_assert_true (signet_pending_registration_delete_file (&error));
  g_assert_no_error (error);
}

#define VALID_HEAD \
  "{\"version\": 1, \"domain\": \"" DOMAIN "\", \"phone\": \"" PHONE "\", " \
  "\"requested\": \"2026-11-22T03:14:15Z\", "

/* Each parses as JSON (or nearly) and is wrong in one way. */
static const char * const hostile_files[] = {
  /* truncated */
  VALID_HEAD "\"challenge-type\": \"pin\", \"sender\": \"123",
  "",
  "{",
  /* not an object */
  "[\"" PHONE "\"]",
  "\"" PHONE "\"",
  "null",
  /* not JSON at the phone number */
  "{\"version\": 1, \"phone\": " PHONE "}",
  /* wrong types */
  VALID_HEAD "\"challenge-type\": 1}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"code-length\": \"6\"}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"code-length\": 6.5}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"can-fallback\": \"true\"}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"direct-tls\": 1}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"port\": \"5222\"}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"host\": [\"a\", \"b\"]}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"sender\": {\"a\": 1}}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"instructions\": false}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"fingerprint\": 12345}",
  "{\"version\": 1, \"domain\": \"" DOMAIN "\", \"phone\": 15555215554, "
  "\"requested\": \"2026-11-22T03:14:15Z\", \"challenge-type\": \"pin\"}",
  "{\"version\": \"1\", \"domain\": \"" DOMAIN "\", \"phone\": \"" PHONE "\", "
  "\"requested\": \"2026-11-22T03:14:15Z\", \"challenge-type\": \"pin\"}",
  /* values out of range or not of the right form */
  VALID_HEAD "\"challenge-type\": \"pin\", \"port\": 70000}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"port\": -1}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"code-length\": 100000}",
  VALID_HEAD "\"challenge-type\": \"smoke-signal\"}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"fingerprint\": \"not hex\"}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"trusted-sha256\": \"<script>\"}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"trusted-sha256\": \"abcdef\"}",
  "{\"version\": 1, \"domain\": \"../../etc\", \"phone\": \"" PHONE "\", "
  "\"requested\": \"2026-11-22T03:14:15Z\", \"challenge-type\": \"pin\"}",
  "{\"version\": 1, \"domain\": \"a b\", \"phone\": \"" PHONE "\", "
  "\"requested\": \"2026-11-22T03:14:15Z\", \"challenge-type\": \"pin\"}",
  "{\"version\": 1, \"domain\": \"" DOMAIN "\", \"phone\": \"5555215554\", "
  "\"requested\": \"2026-11-22T03:14:15Z\", \"challenge-type\": \"pin\"}",
  "{\"version\": 1, \"domain\": \"" DOMAIN "\", \"phone\": \"" PHONE "\", "
  "\"requested\": \"yesterday\", \"challenge-type\": \"pin\"}",
  /* missing required members */
  "{\"version\": 1, \"phone\": \"" PHONE "\", "
  "\"requested\": \"2026-11-22T03:14:15Z\", \"challenge-type\": \"pin\"}",
  "{\"version\": 1, \"domain\": \"" DOMAIN "\", "
  "\"requested\": \"2026-11-22T03:14:15Z\", \"challenge-type\": \"pin\"}",
  VALID_HEAD "\"sender\": \"123\"}",
  "{\"version\": 1, \"domain\": \"" DOMAIN "\", \"phone\": \"" PHONE "\", "
  "\"challenge-type\": \"pin\"}",
  /* kept keys that are not strict Base64, or too large */
  VALID_HEAD "\"challenge-type\": \"pin\", \"certified-keyring\": \"mQ*N\"}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"certified-keyring\": \"mQ\"}",
  VALID_HEAD "\"challenge-type\": \"pin\", \"server-key\": 12}",
  /* a future version */
  "{\"version\": 2, \"domain\": \"" DOMAIN "\", \"phone\": \"" PHONE "\", "
  "\"requested\": \"2026-11-22T03:14:15Z\", \"challenge-type\": \"pin\"}",
};

static void
test_hostile_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile_files); i++)
    {
      g_test_message ("hostile file %u", i);
      write_pending_file (hostile_files[i], -1);
      assert_load_fails (SIGNET_PENDING_REGISTRATION_ERROR_INVALID);
    }

  /* The valid head with a valid tail loads: the cases above fail for their
   * one fault only. */
  write_pending_file (VALID_HEAD "\"challenge-type\": \"pin\"}", -1);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SignetPendingRegistration) loaded = signet_pending_registration_load (&error);

    g_assert_no_error (error);
    g_assert_cmpint (signet_pending_registration_get_challenge_type (loaded), ==,
                     SIGNET_CHALLENGE_PIN);
  }
}

static void
test_huge_files (void)
{
  gsize mib = 1024 * 1024;
  g_autofree char *huge = g_malloc (mib);
  g_autofree char *deep = g_malloc (60 * 1024);
  const char *head = VALID_HEAD "\"challenge-type\": \"pin\", \"instructions\": \"";

  /* 1 MiB of a valid file with a long string: refused by size alone. */
  memset (huge, 'x', mib);
  memcpy (huge, head, strlen (head));
  memcpy (huge + mib - 2, "\"}", 2);
  write_pending_file (huge, mib);
  assert_load_fails (SIGNET_PENDING_REGISTRATION_ERROR_INVALID);

  /* Just over the limit. */
  write_pending_file (huge, 64 * 1024 + 1);
  assert_load_fails (SIGNET_PENDING_REGISTRATION_ERROR_INVALID);

  /* Under the limit but nested deep enough to exhaust a recursive parser. */
  memset (deep, '[', 60 * 1024);
  write_pending_file (deep, 60 * 1024);
  assert_load_fails (SIGNET_PENDING_REGISTRATION_ERROR_INVALID);

  /* Not UTF-8. */
  write_pending_file (VALID_HEAD "\"challenge-type\": \"pin\", \"sender\": \"\xff\xfe\"}", -1);
  assert_load_fails (SIGNET_PENDING_REGISTRATION_ERROR_INVALID);
}

/* Something other than a regular file in its place. */
static void
test_not_regular_files (void)
{
  g_autofree char *path = signet_pending_registration_get_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *target = g_build_filename (dir, "elsewhere.json", NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);

  /* A FIFO must not make load wait for a writer. */
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  assert_load_fails (SIGNET_PENDING_REGISTRATION_ERROR_INVALID);
  g_assert_true (signet_pending_registration_delete_file (&error));
  g_assert_no_error (error);

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  assert_load_fails (SIGNET_PENDING_REGISTRATION_ERROR_INVALID);
  g_assert_cmpint (g_rmdir (path), ==, 0);

  g_assert_true (g_file_set_contents (target, VALID_HEAD "\"challenge-type\": \"pin\"}", -1,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (symlink (target, path), ==, 0);
  assert_load_fails (SIGNET_PENDING_REGISTRATION_ERROR_INVALID);
}

static void
test_passphrase_in_keyring (void)
{
  g_autoptr(SignetPendingRegistration) pending = new_pending ();
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = signet_pending_registration_get_path ();
  g_autofree char *contents = NULL;
  char *passphrase;
  gsize length;
  GList *items;

  if (!signet_test_keyring_available ())
    return;

  signet_pending_registration_set_fingerprint (pending, FINGERPRINT);
  signet_test_log_capture_start ();
  g_assert_true (signet_pending_registration_save (pending, &error));
  g_assert_no_error (error);
  g_assert_true (save_passphrase (pending, PASSPHRASE, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (signet_test_log_capture_stop (PHONE_DIGITS));

  /* The file has everything to resume but the secret. */
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_null (g_strstr_len (contents, length, PASSPHRASE));
  g_assert_null (g_strstr_len (contents, length, "passphrase"));

  /* A new process would find it from the file alone. */
  {
    g_autoptr(SignetPendingRegistration) loaded = signet_pending_registration_load (&error);

    g_assert_no_error (error);
    passphrase = lookup_passphrase (loaded, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (passphrase, ==, PASSPHRASE);
    secret_password_free (passphrase);
  }

  /* Filed under the account schema, kind "kontalk-pending", the future
   * address; the phone number is nowhere in the attributes. */
  query = secret_attributes_build (signet_account_store_get_schema (),
                                   "kind", "kontalk-pending", "server", DOMAIN, NULL);
  items = secret_password_searchv_sync (signet_account_store_get_schema (), query,
                                        SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  {
    g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (items->data);
    g_autofree char *label = secret_retrievable_get_label (items->data);
    GHashTableIter iter;
    const char *value;

    g_assert_cmpstr (g_hash_table_lookup (attributes, "jid"), ==, JID);
    g_assert_cmpstr (label, ==, "Signet, sign-up in progress: " JID);
    g_hash_table_iter_init (&iter, attributes);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &value))
      g_assert_null (strstr (value, PHONE_DIGITS));
  }
  g_list_free_full (items, g_object_unref);

  g_assert_true (discard (pending, &error));
  g_assert_no_error (error);
}

static void
test_discard (void)
{
  g_autoptr(SignetPendingRegistration) pending = new_pending ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = signet_pending_registration_get_path ();
  char *passphrase;

  if (!signet_test_keyring_available ())
    return;

  g_assert_true (signet_pending_registration_save (pending, &error));
  g_assert_no_error (error);
  g_assert_true (save_passphrase (pending, PASSPHRASE, &error));
  g_assert_no_error (error);

  g_assert_true (discard (pending, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  passphrase = lookup_passphrase (pending, &error);
  g_assert_null (passphrase);
  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "The new key’s passphrase is not in the keyring, "
                   "so this sign-up cannot be resumed.");
  g_clear_error (&error);

  assert_load_fails (SIGNET_PENDING_REGISTRATION_ERROR_NOT_FOUND);

  /* Twice is harmless. */
  g_assert_true (discard (pending, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  signet_test_log_capture_install ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pending-registration/jid", test_jid);
  g_test_add_func ("/pending-registration/round-trip", test_round_trip);
  g_test_add_func ("/pending-registration/minimal", test_minimal);
  g_test_add_func ("/pending-registration/code-accepted-keys", test_code_accepted_keys);
  g_test_add_func ("/pending-registration/not-found", test_not_found);
  g_test_add_func ("/pending-registration/hostile-files", test_hostile_files);
  g_test_add_func ("/pending-registration/huge-files", test_huge_files);
  g_test_add_func ("/pending-registration/not-regular-files", test_not_regular_files);
  g_test_add_func ("/pending-registration/passphrase-in-keyring", test_passphrase_in_keyring);
  g_test_add_func ("/pending-registration/discard", test_discard);

  return g_test_run ();
}
