/* test-cadmium-discovery.c: a domain that turns out to be a Cadmium server,
 * found by the server probe at its well-known WebSocket address, and one
 * trusted certificate for the command line and the wizard, against
 * signet-devserver --cadmium over real TLS.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-core.h"
#include "signet-test-cli.h"
#include "signet-test-keyring.h"
#include "signet-test-secrets.h"
#include "signet-test-server.h"

#define PASSWORD "tybalt-and-benvolio"

/* A connection to "localhost" at the devserver's port, as the wizard makes
 * it with the advanced host setting. */
static SignetConnection *
connection_for (SignetTestServer *server,
                gboolean          trusted)
{
  g_autoptr(SignetConnection) connection = signet_connection_new ("localhost");
  g_autoptr(GError) error = NULL;

  signet_connection_set_host_and_port (connection, signet_test_server_get_host_and_port (server), &error);
  g_assert_no_error (error);
  signet_connection_set_timeout (connection, 10);
  if (trusted)
    signet_connection_set_trusted_sha256 (connection, signet_test_server_get_sha256 (server));
  return g_steal_pointer (&connection);
}

static gboolean
run_probe (SignetServerProbe *probe,
           gint64            *elapsed_ms,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  signet_server_probe_run_async (probe, NULL, signet_test_async_callback, &result);
  ok = signet_server_probe_run_finish (probe, signet_test_async_wait (&result), error);
  *elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  return ok;
}

/* Discovery is the wizard's: it is off unless asked for. */
static SignetServerProbe *
discovering_probe (SignetConnection *connection)
{
  SignetServerProbe *probe = signet_server_probe_new (connection);

  signet_server_probe_set_discover_cadmium (probe, TRUE);
  return probe;
}

static SignetSignupFlow *
discovering_flow (void)
{
  SignetSignupFlow *flow = signet_signup_flow_new ();

  signet_signup_flow_set_discover_cadmium (flow, TRUE);
  return flow;
}

static void
test_found (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_autoptr(SignetConnection) connection = connection_for (server, TRUE);
  g_autoptr(SignetServerProbe) probe = discovering_probe (connection);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("wss://%s/.well-known/cadmium",
                                          signet_test_server_get_host_and_port (server));
  gint64 elapsed;

  g_assert_true (run_probe (probe, &elapsed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (signet_server_probe_get_kind (probe), ==, SIGNET_SERVER_KIND_CADMIUM);
  g_assert_cmpstr (signet_server_probe_get_cadmium_url (probe), ==, url);
  g_assert_cmpstr (signet_certificate_info_get_sha256 (signet_server_probe_get_certificate (probe)), ==,
                   signet_test_server_get_sha256 (server));
  g_test_message ("found in %" G_GINT64_FORMAT " ms", elapsed);
}

/* No WebSocket there: the stream's own failure is what the person sees. */
/* Commands that know the kind of server they want (a Kontalk request, an
 * XMPP sign-up) do not look for Cadmium: a dead server fails at once. */
static void
test_off_by_default (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_autoptr(SignetConnection) connection = connection_for (server, TRUE);
  g_autoptr(SignetServerProbe) probe = signet_server_probe_new (connection);
  g_autoptr(GError) error = NULL;
  gint64 elapsed;

  g_assert_false (run_probe (probe, &elapsed, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == SIGNET_CONNECTION_ERROR);
  g_assert_cmpint (signet_server_probe_get_kind (probe), ==, SIGNET_SERVER_KIND_NONE);
  g_assert_null (signet_server_probe_get_cadmium_url (probe));
}

static void
test_not_found (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--no-well-known", NULL);
  g_autoptr(SignetConnection) connection = connection_for (server, TRUE);
  g_autoptr(SignetServerProbe) probe = discovering_probe (connection);
  g_autoptr(GError) error = NULL;
  gint64 elapsed;

  g_assert_false (run_probe (probe, &elapsed, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == SIGNET_CONNECTION_ERROR);
  g_assert_cmpint (error->code, !=, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED);
  g_assert_cmpint (signet_server_probe_get_kind (probe), ==, SIGNET_SERVER_KIND_NONE);
  g_assert_null (signet_server_probe_get_cadmium_url (probe));
}

/* A server that never answers the handshake costs the discovery's timeout,
 * no more. */
static void
test_timeout (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", "--hang-well-known", NULL);
  g_autoptr(SignetConnection) connection = connection_for (server, TRUE);
  g_autoptr(SignetServerProbe) probe = discovering_probe (connection);
  g_autoptr(GError) error = NULL;
  gint64 elapsed;

  signet_server_probe_set_cadmium_timeout (probe, 2);
  g_assert_false (run_probe (probe, &elapsed, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (signet_server_probe_get_kind (probe), ==, SIGNET_SERVER_KIND_NONE);
  g_assert_cmpint (elapsed, >=, 1500);
  g_assert_cmpint (elapsed, <, 8000);
}

/* The WebSocket's certificate is asked about like a stream's. */
static void
test_untrusted (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_autoptr(SignetConnection) connection = connection_for (server, FALSE);
  g_autoptr(SignetServerProbe) probe = discovering_probe (connection);
  g_autoptr(GError) error = NULL;
  gint64 elapsed;

  g_assert_false (run_probe (probe, &elapsed, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED);
  g_assert_cmpstr (signet_certificate_info_get_sha256 (signet_server_probe_get_certificate (probe)), ==,
                   signet_test_server_get_sha256 (server));
}

static void
assert_registered (SignetTestServer *server,
                   const char       *user_id)
{
  g_autofree char *line = g_strdup_printf ("REGISTERED %s\n", user_id);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (strstr (signet_test_server_get_output (server), line) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (strstr (signet_test_server_get_output (server), line));
}

/* The wizard's path from a bare domain: the certificate, the Cadmium
 * details, the account; the certificate is pinned under the domain. */
static void
test_flow_from_domain (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_autoptr(SignetTrustStore) trust = signet_trust_store_new (NULL);
  g_autoptr(SignetSignupFlow) flow = discovering_flow ();
  g_autofree char *pinned = NULL;
  SignetAccount *account;

  signet_signup_flow_set_trust_store (flow, trust);
  signet_signup_flow_set_server (flow, "localhost", signet_test_server_get_host_and_port (server), FALSE, NULL);
  signet_signup_flow_connect (flow);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_UNTRUSTED);

  signet_signup_flow_trust_certificate (flow);
  signet_signup_flow_wait (flow);
  g_assert_no_error (signet_signup_flow_get_error (flow));
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_CADMIUM);
  pinned = signet_trust_store_dup_pinned (trust, "localhost");
  g_assert_cmpstr (pinned, ==, signet_test_server_get_sha256 (server));

  signet_signup_flow_register_cadmium (flow, "benvolio", NULL, NULL, PASSWORD, FALSE);
  signet_signup_flow_wait (flow);
  g_assert_no_error (signet_signup_flow_get_error (flow));
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_DONE);
  account = signet_signup_flow_get_account (flow);
  g_assert_cmpstr (signet_account_get_jid (account), ==, "@benvolio@localhost");
  g_assert_cmpstr (signet_account_get_server (account), ==, "localhost");
  assert_registered (server, "@benvolio@localhost");
}

/* A wss:// address typed in the wizard pins under the address's host, the
 * Cadmium domain the command line names with --server. */
static void
test_flow_address_pins_host (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_autofree char *url = g_strdup_printf ("wss://%s/cadmium", signet_test_server_get_host_and_port (server));
  g_autoptr(SignetTrustStore) trust = signet_trust_store_new (NULL);
  g_autoptr(SignetSignupFlow) flow = discovering_flow ();
  g_autoptr(SignetCadmiumClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pinned = NULL;

  signet_signup_flow_set_trust_store (flow, trust);
  signet_signup_flow_set_server (flow, url, NULL, FALSE, NULL);
  signet_signup_flow_connect (flow);
  signet_signup_flow_register_cadmium (flow, "abram", NULL, NULL, PASSWORD, FALSE);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_UNTRUSTED);
  signet_signup_flow_trust_certificate (flow);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_DONE);

  pinned = signet_trust_store_dup_pinned (trust, "127.0.0.1");
  g_assert_cmpstr (pinned, ==, signet_test_server_get_sha256 (server));
  g_assert_null (signet_trust_store_dup_pinned (trust, url));

  /* What the command line does with --server 127.0.0.1 and no --trust. */
  client = signet_cadmium_client_new (url, "127.0.0.1");
  signet_cadmium_client_apply_trust (client, trust);
  signet_cadmium_client_check_async (client, NULL, signet_test_async_callback, &result);
  g_assert_true (signet_cadmium_client_check_finish (client, signet_test_async_wait (&result), &error));
  g_assert_no_error (error);
}

/* Pinned in the wizard (Signet's settings), trusted by signet-cli without
 * --trust: both keep a Cadmium certificate under the Cadmium domain. */
static void
test_wizard_pin_trusted_by_cli (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_startv ("--cadmium", NULL);
  g_autoptr(SignetTrustStore) trust = signet_trust_store_new_default ();
  g_autoptr(SignetSignupFlow) flow = discovering_flow ();
  g_autofree char *url = g_strdup_printf ("--url=wss://%s/cadmium", signet_test_server_get_host_and_port (server));
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *args[] = { "cadmium", "register", url, "--server=localhost", "--username=balthasar", "--json", NULL };
  g_auto(SignetTestCliRun) run = { 0 };
  const char *out;

  g_assert_nonnull (signet_trust_store_get_settings (trust));
  signet_signup_flow_set_trust_store (flow, trust);
  signet_signup_flow_set_server (flow, "localhost", signet_test_server_get_host_and_port (server), FALSE, NULL);
  signet_signup_flow_connect (flow);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_UNTRUSTED);
  signet_signup_flow_trust_certificate (flow);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_CADMIUM);
  g_settings_sync ();

  /* The test's own settings folder, where the pin was written. */
  launcher = signet_test_cli_launcher_new ();
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  signet_test_cli_run (&run, launcher, args, PASSWORD "\n");
  g_test_message ("signet-cli: %s", run.out);
  g_assert_cmpint (run.status, ==, 0);
  out = run.out;
  g_assert_nonnull (strstr (out, "@balthasar@localhost"));
  assert_registered (server, "@balthasar@localhost");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* Pins kept in a file under the test's own XDG_CONFIG_HOME, where the
   * signet-cli children read them too. */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Every test is audited for secrets; logs of this process too. */
  signet_test_secrets_log_install ();

  signet_test_secrets_add_func ("/cadmium-discovery/probe/found", test_found);
  signet_test_secrets_add_func ("/cadmium-discovery/probe/not-found", test_not_found);
  signet_test_secrets_add_func ("/cadmium-discovery/probe/off-by-default", test_off_by_default);
  signet_test_secrets_add_func ("/cadmium-discovery/probe/timeout", test_timeout);
  signet_test_secrets_add_func ("/cadmium-discovery/probe/untrusted", test_untrusted);
  signet_test_secrets_add_func ("/cadmium-discovery/flow/from-domain", test_flow_from_domain);
  signet_test_secrets_add_func ("/cadmium-discovery/trust/address-pins-host", test_flow_address_pins_host);
  signet_test_secrets_add_func ("/cadmium-discovery/trust/wizard-pin-trusted-by-cli", test_wizard_pin_trusted_by_cli);

  return g_test_run ();
}
