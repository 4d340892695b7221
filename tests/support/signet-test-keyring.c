/* signet-test-keyring.c: the session keyring and its secrets, and a private
 * D-Bus session for keyring tests.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include <libsecret/secret.h>

#include "signet-test-async.h"
#include "signet-test-files.h"
#include "signet-secret-store-private.h"
#include "signet-test-keyring.h"

/* A private bus ------------------------------------------------------------- */


/* If an assertion kills the test, its daemons go with it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  /* A prompter must never pop up on the developer's screen. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  return launcher;
}

/* A session bus with no service files at all: nothing can be activated on
 * it, neither a Secret Service nor gnome-keyring's prompter. */
void
signet_test_private_bus_start (SignetTestPrivateBus *pb)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *address = NULL;
  g_autofree char *line = NULL;

  pb->dir = g_dir_make_tmp ("signet-bus-XXXXXX", &error);
  g_assert_no_error (error);

  config = g_strdup_printf ("<!DOCTYPE busconfig PUBLIC"
                            " \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\""
                            " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                            "<busconfig>\n"
                            "  <type>session</type>\n"
                            "  <listen>unix:path=%s/bus</listen>\n"
                            "  <policy context=\"default\">\n"
                            "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                            "    <allow eavesdrop=\"true\"/>\n"
                            "    <allow own=\"*\"/>\n"
                            "  </policy>\n"
                            "</busconfig>\n", pb->dir);
  config_path = g_build_filename (pb->dir, "bus.conf", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  pb->bus = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--nofork",
                                         "--print-address=1", "--config-file", config_path, NULL);
  g_assert_no_error (error);

  /* The address is printed once the socket listens. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (pb->bus));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  address = g_strdup_printf ("unix:path=%s/bus", pb->dir);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

  /* GDBus raises SIGTERM when the session bus goes away; this one goes away
   * when the test is done with it. */
  pb->session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_set_exit_on_close (pb->session, FALSE);
}

static void
wait_for_name (const char *name)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_nonnull (bus);

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) reply = NULL;
      gboolean has_owner = FALSE;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      if (reply != NULL)
        g_variant_get (reply, "(b)", &has_owner);
      if (has_owner)
        return;

      g_usleep (50 * 1000);
    }

  g_error ("%s did not appear on the private bus", name);
}

/* gnome-keyring on the private bus, with a "login" keyring it creates and
 * unlocks with a throwaway password read from stdin. */
void
signet_test_private_bus_start_keyring (SignetTestPrivateBus *pb)
{
  g_autoptr(GSubprocessLauncher) launcher =
    new_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime = g_build_filename (pb->dir, "runtime", NULL);
  g_autofree char *data = g_build_filename (pb->dir, "data", NULL);
  GOutputStream *in;

  g_mkdir (runtime, 0700);
  g_mkdir (data, 0700);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GNOME_KEYRING_CONTROL");

  pb->keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon",
                                             "--foreground", "--unlock",
                                             "--components=secrets", NULL);
  g_assert_no_error (error);

  in = g_subprocess_get_stdin_pipe (pb->keyring);
  g_output_stream_write_all (in, "signet-test", strlen ("signet-test"), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, &error);
  g_assert_no_error (error);

  wait_for_name ("org.freedesktop.secrets");
}

void
signet_test_private_bus_stop (SignetTestPrivateBus *pb)
{
  if (pb->keyring != NULL)
    {
      g_subprocess_force_exit (pb->keyring);
      g_subprocess_wait (pb->keyring, NULL, NULL);
    }
  if (pb->bus != NULL)
    {
      g_subprocess_force_exit (pb->bus);
      g_subprocess_wait (pb->bus, NULL, NULL);
    }
  g_clear_object (&pb->keyring);
  g_clear_object (&pb->bus);
  g_clear_object (&pb->session);
  if (pb->dir != NULL)
    signet_test_rm_rf (pb->dir);
  g_clear_pointer (&pb->dir, g_free);
}

/* The session keyring ------------------------------------------------------- */

gboolean
signet_test_keyring_available (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL ||
      (bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL)) == NULL)
    {
      g_test_skip ("No session bus: run the tests through build-aux/test");
      return FALSE;
    }

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  if (!has_owner)
    g_test_skip ("No Secret Service on the session bus: run the tests through build-aux/test");

  return has_owner;
}

gboolean
signet_test_keyring_save_secret (SignetAccountKind kind,
                                 const char       *server,
                                 const char       *jid,
                                 const char       *secret,
                                 GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_account_store_save_secret_async (kind, server, jid, secret, NULL, signet_test_async_callback, &result);
  return signet_account_store_save_secret_finish (signet_test_async_wait (&result), error);
}

char *
signet_test_keyring_lookup_secret (SignetAccountKind kind,
                                   const char       *server,
                                   const char       *jid,
                                   GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_account_store_lookup_secret_async (kind, server, jid, NULL, signet_test_async_callback, &result);
  return signet_account_store_lookup_secret_finish (signet_test_async_wait (&result), error);
}

gboolean
signet_test_keyring_clear_secret (SignetAccountKind kind,
                                  const char       *server,
                                  const char       *jid,
                                  GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_account_store_clear_secret_async (kind, server, jid, NULL, signet_test_async_callback, &result);
  return signet_account_store_clear_secret_finish (signet_test_async_wait (&result), error);
}

char *
signet_test_keyring_find_secret (SignetAccountKind kind,
                                 const char       *server,
                                 const char       *jid)
{
  g_autoptr(GError) error = NULL;
  char *secret = signet_test_keyring_lookup_secret (kind, server, jid, &error);

  if (g_error_matches (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND))
    return NULL;
  g_assert_no_error (error);

  return secret;
}

void
signet_test_keyring_assert_lookup (SignetAccountKind kind,
                                   const char       *server,
                                   const char       *jid,
                                   const char       *expected)
{
  g_autoptr(GError) error = NULL;
  char *secret = signet_test_keyring_lookup_secret (kind, server, jid, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, expected);
  secret_password_free (secret);
}

void
signet_test_keyring_assert_not_found (SignetAccountKind kind,
                                      const char       *server,
                                      const char       *jid)
{
  g_autoptr(GError) error = NULL;
  char *secret = signet_test_keyring_lookup_secret (kind, server, jid, &error);

  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND);
  g_assert_null (secret);
}

/* What the keyring holds for an address ---------------------------------- */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char *
signet_test_keyring_list_kinds (const char *jid)
{
  g_autoptr(GPtrArray) kinds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_password_search_sync (signet_account_store_get_schema (), SECRET_SEARCH_ALL, NULL, &error,
                                       "jid", jid, NULL);
  g_assert_no_error (error);

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);

      g_ptr_array_add (kinds, g_strdup (g_hash_table_lookup (attributes, "kind")));
    }
  g_list_free_full (items, g_object_unref);

  g_ptr_array_sort (kinds, compare_strings);
  g_ptr_array_add (kinds, NULL);
  return g_strjoinv (",", (char **) kinds->pdata);
}
