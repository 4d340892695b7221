/* test-module.c: the parts of the core opened only when first used.
 *
 * Starting a program must not load libphonenumber, libsoup, libarchive,
 * libsecret or zbar; the first use of each loads it; and a broken installation, where a
 * module is missing, says so instead of crashing.  Each case runs in a
 * process of its own, since a module stays open once opened.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "signet-account-store.h"
#include "signet-http.h"
#include "signet-module.h"
#include "signet-phone.h"
#include "signet-test-async.h"
#include "signet-test-log.h"
#include "signet-zip.h"

#define PHONE "+393471503817"

/* Whether a library whose file name starts with @name is mapped. */
static gboolean
mapped (const char *name)
{
  g_autofree char *maps = NULL;
  g_autofree char *needle = g_strconcat ("/", name, NULL);

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, needle) != NULL;
}

static void
test_lazy_child (void)
{
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (signet_module_is_loaded ("signet-phone"));
  g_assert_false (signet_module_is_loaded ("signet-http"));
  g_assert_false (signet_module_is_loaded ("signet-zip"));
  g_assert_false (mapped ("libphonenumber.so"));
  g_assert_false (mapped ("libicuuc.so"));
  g_assert_false (mapped ("libsoup-3.0.so"));
  g_assert_false (mapped ("libarchive.so"));

  number = signet_phone_number_parse (PHONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_phone_number_get_region (number), ==, "IT");
  g_assert_true (signet_module_is_loaded ("signet-phone"));
  g_assert_true (mapped ("libphonenumber.so"));
  g_assert_false (signet_module_is_loaded ("signet-http"));
  g_assert_false (signet_module_is_loaded ("signet-zip"));
  g_assert_false (mapped ("libsoup-3.0.so"));

  g_assert_nonnull (signet_zip_get (&error));
  g_assert_no_error (error);
  g_assert_true (signet_module_is_loaded ("signet-zip"));
  g_assert_true (mapped ("libarchive.so"));
  g_assert_false (mapped ("libsoup-3.0.so"));

  /* This test links libsecret itself (to look into the keyring), so the
   * module is what tells: the keyring's first call opens it. */
  g_assert_false (signet_module_is_loaded ("signet-secret"));
  signet_account_store_prepare_keyring ();
  g_assert_true (signet_module_is_loaded ("signet-secret"));
}

/* The programs themselves do not need libsecret (nor libgcrypt, which it
 * brings) to start: the dynamic loader lists what a start maps. */
static void
test_programs_start_without_libsecret (void)
{
  const char *cli = g_getenv ("SIGNET_CLI");
  g_autofree char *bin = g_path_get_dirname (cli);
  g_autofree char *src = g_path_get_dirname (bin);
  g_autofree char *wizard = g_build_filename (src, "gui", "signet", NULL);
  const char *programs[] = { cli, wizard };

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      const char *argv[] = { programs[i], NULL };
      g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LD_TRACE_LOADED_OBJECTS", "1", TRUE);
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      int status;

      /* The wizard is built only with -Dgui=true. */
      if (i > 0 && !g_file_test (programs[i], G_FILE_TEST_IS_EXECUTABLE))
        continue;
      g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (out, "libglib-2.0.so"));
      g_assert_null (strstr (out, "libsecret-1.so"));
      g_assert_null (strstr (out, "libgcrypt.so"));
    }
}

/* A sign-up's keyring call without the module says what is missing. */
static void
test_missing_secret_child (void)
{
  g_autofree char *empty = g_dir_make_tmp ("signet-test-module-XXXXXX", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("SIGNET_MODULE_DIR", empty, TRUE);
  signet_account_store_lookup_secret_async (SIGNET_ACCOUNT_KIND_XMPP, "example.org",
                                            "module@example.org", NULL,
                                            signet_test_async_callback, &result);
  g_assert_null (signet_account_store_lookup_secret_finish (signet_test_async_wait (&result),
                                                            &error));
  g_assert_error (error, SIGNET_MODULE_ERROR, SIGNET_MODULE_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "signet-secret"));
  g_assert_nonnull (strstr (error->message, "Reinstall Signet"));
  /* A failed opening is not kept: the next call tries again. */
  g_assert_false (signet_module_is_loaded ("signet-secret"));

  g_rmdir (empty);
}

/* Phone numbers are what a person types first: without the module they
 * are refused with the reason, and the rest of the page still works. */
static void
test_missing_child (void)
{
  g_autofree char *empty = g_dir_make_tmp ("signet-test-module-XXXXXX", NULL);
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) regions = NULL;
  g_autofree char *formatted = NULL;
  g_autoptr(GPtrArray) logged = NULL;
  SignetPhoneFormatter *formatter;

  g_setenv ("SIGNET_MODULE_DIR", empty, TRUE);

  g_assert_null (signet_http_get (&error));
  g_assert_error (error, SIGNET_MODULE_ERROR, SIGNET_MODULE_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "Reinstall Signet"));
  g_assert_nonnull (strstr (error->message, "signet-http"));
  g_clear_error (&error);

  signet_test_log_capture_start ();
  number = signet_phone_number_parse (PHONE, NULL, &error);
  logged = signet_test_log_capture_stop (PHONE);
  g_assert_cmpuint (logged->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (logged, 0), "signet-phone"));
  g_assert_nonnull (strstr (g_ptr_array_index (logged, 0), "Reinstall Signet"));
  g_assert_null (number);
  g_assert_error (error, SIGNET_MODULE_ERROR, SIGNET_MODULE_ERROR_MISSING);

  regions = signet_phone_get_regions ();
  g_assert_cmpuint (g_strv_length (regions), ==, 0);
  g_assert_cmpuint (signet_phone_region_get_country_code ("IT"), ==, 0);
  formatter = signet_phone_formatter_new ("IT");
  formatted = signet_phone_formatter_format (formatter, "347 150");
  g_assert_cmpstr (formatted, ==, "347 150");
  signet_phone_formatter_free (formatter);

  g_rmdir (empty);
}

/* A module of another build is refused, not called. */
static void
test_other_build_child (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (signet_module_get ("signet-http", SIGNET_HTTP_ABI + 1000, &error));
  g_assert_error (error, SIGNET_MODULE_ERROR, SIGNET_MODULE_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "not a module of this build"));
  g_assert_false (signet_module_is_loaded ("signet-http"));
}

static void
run_in_subprocess (gconstpointer path)
{
  g_test_trap_subprocess (path, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  signet_test_log_capture_install ();

  g_test_add_func ("/module/lazy/subprocess", test_lazy_child);
  g_test_add_func ("/module/missing/subprocess", test_missing_child);
  g_test_add_func ("/module/other-build/subprocess", test_other_build_child);
  g_test_add_func ("/module/missing-secret/subprocess", test_missing_secret_child);
  g_test_add_func ("/module/programs-start-without-libsecret", test_programs_start_without_libsecret);
  g_test_add_data_func ("/module/lazy", "/module/lazy/subprocess", run_in_subprocess);
  g_test_add_data_func ("/module/missing", "/module/missing/subprocess", run_in_subprocess);
  g_test_add_data_func ("/module/other-build", "/module/other-build/subprocess", run_in_subprocess);
  g_test_add_data_func ("/module/missing-secret", "/module/missing-secret/subprocess",
                        run_in_subprocess);

  return g_test_run ();
}
