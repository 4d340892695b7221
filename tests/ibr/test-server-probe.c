/* test-server-probe.c: SignetServerProbe against a real Prosody 0.12, and
 * the XEP-0077 sign-up going on with the probe's connection.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-registration.h"
#include "signet-test-xmpp-server.h"

/* Every connection goes through the server's counting relay. */
static const SignetTestXmppHost hosts[] = {
  { "open.localhost", NULL },
  { "disabled.localhost", "allow_registration = false" },
  { "redirect.localhost",
    "modules_enabled = { @MODULES@ \"register_redirect\"; }\n"
    "registration_url = \"https://redirect.localhost/sign-up\"\n"
    "registration_whitelist = { }" },
  { NULL }
};

static SignetTestXmppServer *server;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Probes @domain through the relay; asserts that it took one connection. */
static SignetServerProbe *
probe (const char *domain)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_counted_connection (server, domain);
  g_autoptr(SignetServerProbe) probe = signet_server_probe_new (connection);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint before = signet_test_xmpp_server_get_connection_count (server);

  signet_server_probe_run_async (probe, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  signet_server_probe_run_finish (probe, result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (signet_test_xmpp_server_get_connection_count (server), ==, before + 1);
  g_assert_nonnull (signet_server_probe_get_certificate (probe));
  g_assert_true (signet_connection_is_connected (connection));

  return g_steal_pointer (&probe);
}

static void
test_register_on_one_connection (void)
{
  g_autoptr(SignetServerProbe) found = probe ("open.localhost");
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = signet_test_xmpp_new_username ("probed");
  guint before = signet_test_xmpp_server_get_connection_count (server) - 1;
  SignetDataForm *form;

  g_assert_cmpint (signet_server_probe_get_kind (found), ==, SIGNET_SERVER_KIND_XEP0077);
  g_assert_true (signet_server_probe_get_feature_advertised (found));
  g_assert_nonnull (signet_server_probe_get_form (found));
  g_assert_null (signet_server_probe_get_server_error (found));

  /* The fetch takes the probe's form, and the submission goes on its stream. */
  registration = signet_inband_registration_new_for_probe (found);
  g_assert_true (signet_inband_registration_get_connection (registration) == signet_server_probe_get_connection (found));
  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  g_assert_no_error (error);
  form = signet_inband_registration_get_form (registration);
  g_assert_cmpint (signet_inband_registration_get_form_kind (registration), ==, SIGNET_INBAND_FORM_DATA);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), username);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "password"), "one connection");
  g_assert_true (signet_test_xmpp_submit (registration, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (signet_test_xmpp_server_get_connection_count (server), ==, before + 1);

  /* The first login proves the password, on a connection of its own. */
  account = signet_test_xmpp_complete (registration, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpuint (signet_test_xmpp_server_get_connection_count (server), ==, before + 2);
}

/* The wizard's way: the Kontalk registration fetches the form, finds a
 * generic server, and the XEP-0077 sign-up goes on with its probe. */
static void
test_wizard_on_one_connection (void)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_counted_connection (server, "open.localhost");
  g_autoptr(SignetRegistration) kontalk = signet_registration_new (connection);
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = signet_test_xmpp_new_username ("wizard");
  guint before = signet_test_xmpp_server_get_connection_count (server);
  SignetDataForm *form;

  signet_registration_fetch_form_async (kontalk, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (signet_registration_fetch_form_finish (kontalk, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (signet_registration_get_flow (kontalk), ==, SIGNET_REGISTRATION_FLOW_FORM);
  g_assert_cmpint (signet_server_probe_get_kind (signet_registration_get_probe (kontalk)), ==,
                   SIGNET_SERVER_KIND_XEP0077);

  registration = signet_inband_registration_new_for_probe (signet_registration_get_probe (kontalk));
  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  g_assert_no_error (error);
  form = signet_inband_registration_get_form (registration);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), username);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "password"), "wizard password");
  g_assert_true (signet_test_xmpp_submit (registration, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (signet_test_xmpp_server_get_connection_count (server), ==, before + 1);
}

static void
test_kinds (void)
{
  g_autoptr(SignetServerProbe) disabled = probe ("disabled.localhost");
  g_autoptr(SignetServerProbe) redirect = probe ("redirect.localhost");

  g_assert_cmpint (signet_server_probe_get_kind (disabled), ==, SIGNET_SERVER_KIND_NONE);
  g_assert_false (signet_server_probe_get_feature_advertised (disabled));
  g_assert_cmpstr (signet_stanza_error_get_condition (signet_server_probe_get_server_error (disabled)), ==,
                   "service-unavailable");

  g_assert_cmpint (signet_server_probe_get_kind (redirect), ==, SIGNET_SERVER_KIND_WEB);
  g_assert_cmpstr (signet_server_probe_get_web_url (redirect), ==, "https://redirect.localhost/sign-up");
  g_assert_null (signet_server_probe_get_form (redirect));
  g_assert_nonnull (signet_server_probe_get_instructions (redirect));
}

/* signet-cli probes, fetches and submits on one connection; the first login
 * is the only other one. */
static void
test_cli_register (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("cliprobed");
  g_autofree char *user_field = g_strdup_printf ("username=%s", username);
  const char *argv[] = {
    g_getenv ("SIGNET_CLI"), "xmpp", "register", "--server", "open.localhost",
    "--host", signet_test_xmpp_server_get_counted_host_and_port (server),
    "--trust", signet_test_xmpp_server_get_sha256 (server), "--json",
    "--field", user_field, "--field", "password=cli one connection", NULL
  };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint before = signet_test_xmpp_server_get_connection_count (server);

  g_assert_nonnull (argv[0]);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, "", NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("signet-cli xmpp register: %s %s", out, err);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "\"result\""));

  g_assert_cmpuint (signet_test_xmpp_server_get_connection_count (server), ==, before + 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *plugins = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!signet_test_xmpp_server_available (SIGNET_TEST_XMPP_PROSODY))
    {
      g_test_skip ("Prosody is not installed; build-aux/setup installs it");
      return g_test_run ();
    }

  plugins = signet_test_xmpp_dup_plugin_paths ();
  server = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_PROSODY, plugins, hosts);
  signet_test_xmpp_server_wait (server);

  g_test_add_func ("/server-probe/prosody/register-on-one-connection", test_register_on_one_connection);
  g_test_add_func ("/server-probe/prosody/wizard-on-one-connection", test_wizard_on_one_connection);
  g_test_add_func ("/server-probe/prosody/kinds", test_kinds);
  g_test_add_func ("/server-probe/prosody/cli-register", test_cli_register);

  status = g_test_run ();

  signet_test_xmpp_server_stop (server);

  return status;
}
