/* test-trust-store.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-trust-store.h"
#include "signet-test-server.h"

#define SHA256_A "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define SHA256_B "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
/* SHA256_A as `openssl x509 -fingerprint -sha256` prints it. */
#define SHA256_A_COLONS "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:" \
  "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF"

/* The tests run with the memory settings backend and the build's schema. */
static GSettings *
new_settings (void)
{
  GSettings *settings = g_settings_new ("im.signet.Signet");

  g_settings_reset (settings, "pinned-certificates");
  return settings;
}

static char *
dup_saved_pin (GSettings  *settings,
               const char *key)
{
  g_autoptr(GVariant) pinned = g_settings_get_value (settings, "pinned-certificates");
  const char *sha256 = NULL;

  if (!g_variant_lookup (pinned, key, "&s", &sha256))
    return NULL;
  return g_strdup (sha256);
}

static gboolean
connect_sync (SignetConnection *connection,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_connection_connect_async (connection, NULL, signet_test_async_callback, &result);
  return signet_connection_connect_finish (connection, signet_test_async_wait (&result), error);
}

static SignetConnection *
untrusting_connection (SignetTestServer *server)
{
  SignetConnection *connection = signet_connection_new (signet_test_server_get_domain (server));

  g_assert_true (signet_connection_set_host_and_port (connection, signet_test_server_get_host_and_port (server),
                                                      NULL));
  signet_connection_set_timeout (connection, 10);
  return connection;
}

static void
test_pin (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SignetTrustStore) store = signet_trust_store_new (settings);
  g_autoptr(SignetTrustStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *saved = NULL;

  g_assert_true (signet_trust_store_get_settings (store) == settings);
  g_assert_null (signet_trust_store_dup_pinned (store, "example.org"));
  g_assert_null (signet_trust_store_dup_trusted (store, "example.org"));

  /* Saved under the lowercase domain, in the form a connection compares. */
  g_assert_true (signet_trust_store_pin (store, "Example.ORG", SHA256_A_COLONS, &error));
  g_assert_no_error (error);
  saved = dup_saved_pin (settings, "example.org");
  g_assert_cmpstr (saved, ==, SHA256_A);
  pinned = signet_trust_store_dup_pinned (store, "EXAMPLE.org");
  g_assert_cmpstr (pinned, ==, SHA256_A);
  g_clear_pointer (&pinned, g_free);
  g_assert_null (signet_trust_store_dup_pinned (store, "example.net"));

  /* A new certificate replaces the old one; other servers keep theirs. */
  g_assert_true (signet_trust_store_pin (store, "example.net", SHA256_A, NULL));
  g_assert_true (signet_trust_store_pin (store, "example.org", SHA256_B, NULL));
  pinned = signet_trust_store_dup_pinned (store, "example.org");
  g_assert_cmpstr (pinned, ==, SHA256_B);
  g_clear_pointer (&pinned, g_free);

  /* Pins are in the settings, so another store sees them. */
  other = signet_trust_store_new (settings);
  pinned = signet_trust_store_dup_trusted (other, "example.net");
  g_assert_cmpstr (pinned, ==, SHA256_A);
  g_clear_pointer (&pinned, g_free);

  g_assert_false (signet_trust_store_pin (store, "example.org", "not a fingerprint", &error));
  g_assert_error (error, SIGNET_TRUST_STORE_ERROR, SIGNET_TRUST_STORE_ERROR_INVALID_FINGERPRINT);
  pinned = signet_trust_store_dup_pinned (store, "example.org");
  g_assert_cmpstr (pinned, ==, SHA256_B);
}

static void
test_pin_without_settings (void)
{
  g_autoptr(SignetTrustStore) store = signet_trust_store_new (NULL);
  g_autofree char *pinned = NULL;

  g_assert_null (signet_trust_store_get_settings (store));
  g_assert_null (signet_trust_store_dup_pinned (store, "example.org"));
  g_assert_true (signet_trust_store_pin (store, "EXAMPLE.org", SHA256_A_COLONS, NULL));
  pinned = signet_trust_store_dup_pinned (store, "example.ORG");
  g_assert_cmpstr (pinned, ==, SHA256_A);
}

static void
test_new_default (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SignetTrustStore) store = signet_trust_store_new_default ();
  g_autofree char *pinned = NULL;

  g_assert_nonnull (signet_trust_store_get_settings (store));
  g_assert_true (signet_trust_store_pin (store, "example.org", SHA256_A, NULL));
  pinned = dup_saved_pin (settings, "example.org");
  g_assert_cmpstr (pinned, ==, SHA256_A);
}

static void
test_temporary (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SignetTrustStore) store = signet_trust_store_new (settings);
  g_autoptr(SignetTrustStore) other = signet_trust_store_new (settings);
  g_autoptr(GError) error = NULL;
  g_autofree char *trusted = NULL;

  g_assert_true (signet_trust_store_pin (store, "example.org", SHA256_A, NULL));
  g_assert_true (signet_trust_store_trust_temporarily (store, "EXAMPLE.org", SHA256_B, &error));
  g_assert_no_error (error);

  /* Wins over the pin, is not saved, and only this store knows it. */
  trusted = signet_trust_store_dup_trusted (store, "example.org");
  g_assert_cmpstr (trusted, ==, SHA256_B);
  g_clear_pointer (&trusted, g_free);
  trusted = signet_trust_store_dup_pinned (store, "example.org");
  g_assert_cmpstr (trusted, ==, SHA256_A);
  g_clear_pointer (&trusted, g_free);
  trusted = signet_trust_store_dup_trusted (other, "example.org");
  g_assert_cmpstr (trusted, ==, SHA256_A);
  g_clear_pointer (&trusted, g_free);
  g_assert_true (signet_trust_store_trust_temporarily (store, "example.net", SHA256_B, NULL));
  g_assert_null (dup_saved_pin (settings, "example.net"));

  g_assert_false (signet_trust_store_trust_temporarily (store, "example.org", "abcd", &error));
  g_assert_error (error, SIGNET_TRUST_STORE_ERROR, SIGNET_TRUST_STORE_ERROR_INVALID_FINGERPRINT);
  trusted = signet_trust_store_dup_trusted (store, "example.org");
  g_assert_cmpstr (trusted, ==, SHA256_B);
  g_clear_pointer (&trusted, g_free);

  /* Forgetting it brings the pin back. */
  g_assert_true (signet_trust_store_trust_temporarily (store, "example.org", NULL, NULL));
  trusted = signet_trust_store_dup_trusted (store, "example.org");
  g_assert_cmpstr (trusted, ==, SHA256_A);
}

static void
test_apply (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SignetTrustStore) store = signet_trust_store_new (settings);
  g_autoptr(SignetConnection) connection = signet_connection_new ("Example.org");

  /* Nothing trusted: the connection keeps what it had. */
  signet_connection_set_trusted_sha256 (connection, SHA256_B);
  signet_trust_store_apply (store, connection);
  g_assert_cmpstr (signet_connection_get_trusted_sha256 (connection), ==, SHA256_B);

  g_assert_true (signet_trust_store_pin (store, "example.org", SHA256_A, NULL));
  signet_trust_store_apply (store, connection);
  g_assert_cmpstr (signet_connection_get_trusted_sha256 (connection), ==, SHA256_A);

  g_assert_true (signet_trust_store_trust_temporarily (store, "example.ORG", SHA256_B, NULL));
  signet_trust_store_apply (store, connection);
  g_assert_cmpstr (signet_connection_get_trusted_sha256 (connection), ==, SHA256_B);
}

/* What the wizard does: refused, the person trusts the certificate shown,
 * and the next connection goes through. */
static void
test_pin_then_connect (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SignetTrustStore) store = signet_trust_store_new (settings);
  g_autoptr(SignetConnection) refused = untrusting_connection (server);
  g_autoptr(SignetConnection) connection = untrusting_connection (server);
  g_autoptr(GError) error = NULL;
  const SignetCertificateInfo *certificate;

  signet_trust_store_apply (store, refused);
  g_assert_false (connect_sync (refused, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED);
  g_clear_error (&error);

  certificate = signet_connection_get_peer_certificate (refused);
  g_assert_nonnull (certificate);
  g_assert_cmpstr (signet_certificate_info_get_sha256 (certificate), ==, signet_test_server_get_sha256 (server));
  g_assert_true (signet_trust_store_pin (store, signet_connection_get_domain (refused),
                                         signet_certificate_info_get_sha256 (certificate), NULL));

  signet_trust_store_apply (store, connection);
  g_assert_true (connect_sync (connection, &error));
  g_assert_no_error (error);
  g_assert_true (signet_connection_is_connected (connection));
  signet_connection_close (connection);
}

/* What the command line's --trust does: nothing saved, and it connects. */
static void
test_temporary_then_connect (void)
{
  g_autoptr(SignetTestServer) server = signet_test_server_start (NULL);
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SignetTrustStore) store = signet_trust_store_new (NULL);
  g_autoptr(SignetConnection) connection = untrusting_connection (server);
  g_autoptr(GError) error = NULL;
  const char *domain = signet_test_server_get_domain (server);

  g_assert_true (signet_trust_store_trust_temporarily (store, domain, signet_test_server_get_sha256 (server), NULL));
  signet_trust_store_apply (store, connection);
  g_assert_true (connect_sync (connection, &error));
  g_assert_no_error (error);
  g_assert_true (signet_connection_is_connected (connection));
  signet_connection_close (connection);
  g_assert_null (dup_saved_pin (settings, domain));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trust-store/pin", test_pin);
  g_test_add_func ("/trust-store/pin-without-settings", test_pin_without_settings);
  g_test_add_func ("/trust-store/new-default", test_new_default);
  g_test_add_func ("/trust-store/temporary", test_temporary);
  g_test_add_func ("/trust-store/apply", test_apply);
  g_test_add_func ("/trust-store/connect/pinned", test_pin_then_connect);
  g_test_add_func ("/trust-store/connect/temporary", test_temporary_then_connect);

  return g_test_run ();
}
