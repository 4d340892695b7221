/* test-key-pack.c: Kontalk key packs written and read back, and hostile
 * files refused.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "signet-key-pack.h"
#include "signet-test-async.h"
#include "signet-test-files.h"
#include "signet-test-gnupg.h"

#define NAME     "dev-5554"
#define E164     "+15555215554"
#define DOMAIN   "prime.kontalk.net"
#define PASSWORD "correct horse"

static SignetTestGnupgScratch *scratch;
static SignetPersonalKey *shared_key;
static GBytes *shared_pack;

static char *
new_home (const char *name)
{
  return signet_test_gnupg_scratch_new_home (scratch, name);
}

static SignetPersonalKey *
get_key (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;

  if (shared_key != NULL)
    return shared_key;

  home = new_home ("origin");
  signet_personal_key_generate_async (home, NAME, E164, DOMAIN, NULL, signet_test_async_callback, &result);
  shared_key = signet_personal_key_generate_finish (signet_test_async_wait (&result), &error);
  g_assert_no_error (error);
  return shared_key;
}

static GBytes *
get_pack (void)
{
  g_autoptr(GError) error = NULL;

  if (shared_pack == NULL)
    shared_pack = signet_key_pack_export (get_key (), E164, PASSWORD, &error);
  g_assert_no_error (error);
  return shared_pack;
}

/* A zip with the given names and contents, as anyone could make. */
static GBytes *
make_zip (const char * const *names,
          GBytes * const     *contents)
{
  GByteArray *zip = g_byte_array_new ();
  struct archive *archive = archive_write_new ();
  gsize used = 0;
  gsize size = 4 * 1024 * 1024;

  g_byte_array_set_size (zip, size);
  archive_write_set_format_zip (archive);
  g_assert_cmpint (archive_write_open_memory (archive, zip->data, size, &used), ==, ARCHIVE_OK);
  for (guint i = 0; names[i] != NULL; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      gsize len = g_bytes_get_size (contents[i]);

      archive_entry_set_pathname (entry, names[i]);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, len);
      g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (archive, g_bytes_get_data (contents[i], NULL), len), ==, len);
      archive_entry_free (entry);
    }
  archive_write_close (archive);
  archive_write_free (archive);
  g_byte_array_set_size (zip, used);
  return g_byte_array_free_to_bytes (zip);
}

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
assert_bad_key_pack (GBytes *data)
{
  g_autoptr(SignetKeyPack) pack = NULL;
  g_autoptr(GError) error = NULL;

  pack = signet_key_pack_new_from_bytes (data, &error);
  g_assert_error (error, SIGNET_KEY_PACK_ERROR, SIGNET_KEY_PACK_ERROR_BAD_KEY_PACK);
  g_assert_null (pack);
}

static gboolean
home_has_keys (const char *home)
{
  g_autofree char *dir = g_build_filename (home, "private-keys-v1.d", NULL);
  g_autoptr(GDir) keys = g_dir_open (dir, 0, NULL);

  return keys != NULL && g_dir_read_name (keys) != NULL;
}

/* Tests -------------------------------------------------------------------- */

static void
test_contents (void)
{
  g_autoptr(SignetKeyPack) pack = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *private_text = NULL;
  GBytes *private_key;

  pack = signet_key_pack_new_from_bytes (get_pack (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_key_pack_get_phone (pack), ==, E164);

  /* Armored, and never the key in clear. */
  private_key = signet_key_pack_get_private_key (pack);
  private_text = g_strndup (g_bytes_get_data (private_key, NULL), g_bytes_get_size (private_key));
  g_assert_true (g_str_has_prefix (private_text, "-----BEGIN PGP PRIVATE KEY BLOCK-----"));
  g_assert_true (g_str_has_prefix (g_bytes_get_data (signet_key_pack_get_public_key (pack), NULL),
                                   "-----BEGIN PGP PUBLIC KEY BLOCK-----"));
}

/* Each entry Android's importer and the desktop client look for. */
static void
test_entries (void)
{
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GByteArray) p12_der = g_byte_array_new ();
  g_autofree char *account_info = NULL;
  GBytes *pack = get_pack ();

  archive_read_support_format_zip (archive);
  g_assert_cmpint (archive_read_open_memory (archive, g_bytes_get_data (pack, NULL),
                                             g_bytes_get_size (pack)), ==, ARCHIVE_OK);
  while (archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      char buffer[4096];
      la_ssize_t n;
      GString *text = g_string_new (NULL);

      g_ptr_array_add (names, g_strdup (name));
      while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
        {
          g_string_append_len (text, buffer, n);
          if (g_str_equal (name, SIGNET_KEY_PACK_LOGIN_P12))
            g_byte_array_append (p12_der, (guint8 *) buffer, n);
        }
      if (g_str_equal (name, SIGNET_KEY_PACK_ACCOUNT_INFO))
        account_info = g_strdup (text->str);
      g_string_free (text, TRUE);
    }
  archive_read_free (archive);

  g_assert_cmpuint (names->len, ==, 5);
  for (const char * const *n = (const char *[]) { SIGNET_KEY_PACK_PUBLIC_KEY, SIGNET_KEY_PACK_PRIVATE_KEY,
                                                  SIGNET_KEY_PACK_LOGIN_P12, SIGNET_KEY_PACK_TRUSTED,
                                                  SIGNET_KEY_PACK_ACCOUNT_INFO, NULL }; *n != NULL; n++)
    g_assert_true (g_ptr_array_find_with_equal_func (names, *n, g_str_equal, NULL));
  g_assert_nonnull (strstr (account_info, "\nphoneNumber=" E164 "\n"));

  /* The PKCS#12 opens with the export password only, and holds the bridge
   * certificate and its key under Android's alias. */
  {
    const unsigned char *p = p12_der->data;
    PKCS12 *p12 = d2i_PKCS12 (NULL, &p, p12_der->len);
    EVP_PKEY *pkey = NULL;
    X509 *cert = NULL;
    int alias_len = 0;

    g_assert_nonnull (p12);
    g_assert_false (PKCS12_verify_mac (p12, "wrong", -1));
    g_assert_true (PKCS12_parse (p12, PASSWORD, &pkey, &cert, NULL));
    g_assert_nonnull (pkey);
    g_assert_cmpstr ((const char *) X509_alias_get0 (cert, &alias_len), ==, "Kontalk Personal Key");
    EVP_PKEY_free (pkey);
    X509_free (cert);
    PKCS12_free (p12);
  }
}

static void
test_import (void)
{
  g_autoptr(SignetKeyPack) pack = NULL;
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = new_home ("second");

  pack = signet_key_pack_new_from_bytes (get_pack (), &error);
  g_assert_no_error (error);
  key = signet_key_pack_import_key (pack, home, PASSWORD, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (signet_personal_key_get_fingerprint (key), ==,
                   signet_personal_key_get_fingerprint (get_key ()));
  g_assert_cmpstr (signet_personal_key_get_user_id (key), ==, signet_personal_key_get_user_id (get_key ()));
  /* Under a new random passphrase, which unlocks it. */
  g_assert_cmpuint (strlen (signet_personal_key_get_passphrase (key)), ==, SIGNET_PERSONAL_KEY_PASSPHRASE_LENGTH);
  g_assert_cmpstr (signet_personal_key_get_passphrase (key), !=, PASSWORD);
  signet_personal_key_check_passphrase (key, &error);
  g_assert_no_error (error);
}

static void
test_wrong_password (void)
{
  g_autoptr(SignetKeyPack) pack = NULL;
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = new_home ("wrong-password");

  pack = signet_key_pack_new_from_bytes (get_pack (), &error);
  g_assert_no_error (error);
  key = signet_key_pack_import_key (pack, home, "incorrect horse", &error);
  g_assert_error (error, SIGNET_KEY_PACK_ERROR, SIGNET_KEY_PACK_ERROR_BAD_KEY_PACK);
  g_assert_null (key);
  g_assert_false (home_has_keys (home));
}

static void
test_not_a_pack (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) random = NULL;
  guint8 noise[4096];

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = g_random_int_range (0, 256);
  random = g_bytes_new (noise, sizeof noise);

  assert_bad_key_pack (empty);
  assert_bad_key_pack (random);
}

static void
test_missing_parts (void)
{
  g_autoptr(SignetKeyPack) good = signet_key_pack_new_from_bytes (get_pack (), NULL);
  g_autoptr(GBytes) no_phone = NULL;
  g_autoptr(GBytes) bad_phone = NULL;
  g_autoptr(GBytes) info = text_bytes ("#x\nphoneNumber=5555215554\n");
  GBytes *contents[] = { signet_key_pack_get_private_key (good), signet_key_pack_get_public_key (good), info };

  no_phone = make_zip ((const char *[]) { SIGNET_KEY_PACK_PRIVATE_KEY, SIGNET_KEY_PACK_PUBLIC_KEY, NULL },
                       contents);
  bad_phone = make_zip ((const char *[]) { SIGNET_KEY_PACK_PRIVATE_KEY, SIGNET_KEY_PACK_PUBLIC_KEY,
                                           SIGNET_KEY_PACK_ACCOUNT_INFO, NULL }, contents);
  assert_bad_key_pack (no_phone);
  assert_bad_key_pack (bad_phone);
}

/* An empty account-info.properties once crashed the reader (found by
 * fuzzing): it is a pack without a number, nothing worse. */
static void
test_empty_files (void)
{
  g_autoptr(SignetKeyPack) good = signet_key_pack_new_from_bytes (get_pack (), NULL);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) empty_info = NULL;
  g_autoptr(GBytes) all_empty = NULL;
  GBytes *contents[] = { signet_key_pack_get_private_key (good), signet_key_pack_get_public_key (good), empty };
  GBytes *nothing[] = { empty, empty, empty };

  empty_info = make_zip ((const char *[]) { SIGNET_KEY_PACK_PRIVATE_KEY, SIGNET_KEY_PACK_PUBLIC_KEY,
                                            SIGNET_KEY_PACK_ACCOUNT_INFO, NULL }, contents);
  all_empty = make_zip ((const char *[]) { SIGNET_KEY_PACK_PRIVATE_KEY, SIGNET_KEY_PACK_PUBLIC_KEY,
                                           SIGNET_KEY_PACK_ACCOUNT_INFO, NULL }, nothing);
  assert_bad_key_pack (empty_info);
  assert_bad_key_pack (all_empty);
}

/* 50 MB of zeros compress to a few dozen kilobytes. */
static void
test_zip_bomb (void)
{
  g_autofree guint8 *zeros = g_malloc0 (50 * 1024 * 1024);
  g_autoptr(GBytes) big = g_bytes_new_static (zeros, 50 * 1024 * 1024);
  g_autoptr(GBytes) bomb = NULL;
  GBytes *contents[] = { big };

  bomb = make_zip ((const char *[]) { SIGNET_KEY_PACK_PRIVATE_KEY, NULL }, contents);
  g_assert_cmpuint (g_bytes_get_size (bomb), <, SIGNET_KEY_PACK_MAX_SIZE);
  assert_bad_key_pack (bomb);
}

static void
test_path_tricks (void)
{
  g_autoptr(SignetKeyPack) good = signet_key_pack_new_from_bytes (get_pack (), NULL);
  g_autoptr(GBytes) info = text_bytes ("phoneNumber=" E164 "\n");
  GBytes *contents[] = { signet_key_pack_get_private_key (good), signet_key_pack_get_public_key (good), info };
  const char *tricks[] = { "../" SIGNET_KEY_PACK_PRIVATE_KEY, "/tmp/" SIGNET_KEY_PACK_PRIVATE_KEY,
                           "sub/" SIGNET_KEY_PACK_PRIVATE_KEY, NULL };

  for (guint i = 0; tricks[i] != NULL; i++)
    {
      g_autoptr(GBytes) zip = make_zip ((const char *[]) { tricks[i], SIGNET_KEY_PACK_PUBLIC_KEY,
                                                           SIGNET_KEY_PACK_ACCOUNT_INFO, NULL }, contents);

      assert_bad_key_pack (zip);
    }
}

static void
test_save_mode (void)
{
  g_autofree char *path = g_build_filename (signet_test_gnupg_scratch_get_dir (scratch), "kontalk-keys.zip", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  signet_key_pack_save (get_pack (), path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  scratch = signet_test_gnupg_scratch_new ("signet-kp");

  g_test_add_func ("/key-pack/contents", test_contents);
  g_test_add_func ("/key-pack/entries", test_entries);
  g_test_add_func ("/key-pack/import", test_import);
  g_test_add_func ("/key-pack/wrong-password", test_wrong_password);
  g_test_add_func ("/key-pack/not-a-pack", test_not_a_pack);
  g_test_add_func ("/key-pack/missing-parts", test_missing_parts);
  g_test_add_func ("/key-pack/empty-files", test_empty_files);
  g_test_add_func ("/key-pack/zip-bomb", test_zip_bomb);
  g_test_add_func ("/key-pack/path-tricks", test_path_tricks);
  g_test_add_func ("/key-pack/save-mode", test_save_mode);

  status = g_test_run ();

  g_clear_object (&shared_key);
  g_clear_pointer (&shared_pack, g_bytes_unref);
  g_clear_pointer (&scratch, signet_test_gnupg_scratch_free);
  return status;
}
