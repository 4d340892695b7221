/* test-jid.c: which addresses the sign-up forms take.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-core.h"

static void
test_valid (void)
{
  static const char *valid[] = {
    "name@example.org",
    "example.org",
    "localhost",
    "name@example.org/phone",
    /* Only the first slash ends the bare address. */
    "name@example.org/home/phone",
    "example.org/resource",
    "jülia@example.org",
    "name@bücher.example",
    "name.with.dots@sub.example.org",
    "a@b",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_test_message ("%s", valid[i]);
      g_assert_true (signet_jid_is_valid (valid[i]));
    }
}

static void
test_invalid (void)
{
  static const char *invalid[] = {
    "",
    "@example.org",
    "name@",
    "name@/phone",
    "name@example.org/",
    "name@example.org/my phone",
    "name@example.org/tab\there",
    "na me@example.org",
    "name@exa mple.org",
    " name@example.org",
    "name@example.org ",
    "name@example..org",
    "name@.example.org",
    "name@example.org.",
    ".",
    "a@b@c",
    "a\"b@example.org",
    "a&b@example.org",
    "a'b@example.org",
    "a:b@example.org",
    "a<b@example.org",
    "a>b@example.org",
    "name@exa:mple.org",
    "name@exa<mple.org",
    "line\nbreak@example.org",
    "bell\a@example.org",
    "\xff@example.org",
    "name@example.\xc3",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      /* Some are not UTF-8, which the test's output must be. */
      g_autofree char *escaped = g_strescape (invalid[i], NULL);

      g_test_message ("%s", escaped);
      g_assert_false (signet_jid_is_valid (invalid[i]));
    }
}

static void
test_length (void)
{
  g_autofree char *local = g_strnfill (SIGNET_JID_MAX_LENGTH - strlen ("@example.org"), 'a');
  g_autofree char *longest = g_strconcat (local, "@example.org", NULL);
  g_autofree char *too_long = g_strconcat (local, "a@example.org", NULL);

  g_assert_cmpuint (strlen (longest), ==, SIGNET_JID_MAX_LENGTH);
  g_assert_true (signet_jid_is_valid (longest));
  g_assert_false (signet_jid_is_valid (too_long));
}

static void
test_localpart (void)
{
  g_assert_true (signet_jid_localpart_is_valid ("name", -1));
  g_assert_true (signet_jid_localpart_is_valid ("jülia", -1));
  g_assert_true (signet_jid_localpart_is_valid ("first.last-1_x", -1));
  /* Only the first @length bytes count. */
  g_assert_true (signet_jid_localpart_is_valid ("name@example.org", 4));
  g_assert_false (signet_jid_localpart_is_valid ("name@example.org", 5));

  g_assert_false (signet_jid_localpart_is_valid ("", -1));
  g_assert_false (signet_jid_localpart_is_valid ("name", 0));
  g_assert_false (signet_jid_localpart_is_valid ("na me", -1));
  g_assert_false (signet_jid_localpart_is_valid ("name/x", -1));
  g_assert_false (signet_jid_localpart_is_valid ("a\"b", -1));
  g_assert_false (signet_jid_localpart_is_valid ("a&b", -1));
  g_assert_false (signet_jid_localpart_is_valid ("a'b", -1));
  g_assert_false (signet_jid_localpart_is_valid ("a:b", -1));
  g_assert_false (signet_jid_localpart_is_valid ("a<b>", -1));
  g_assert_false (signet_jid_localpart_is_valid ("tab\t", -1));
  g_assert_false (signet_jid_localpart_is_valid ("del\x7f", -1));
}

/* A server name alone: no local part, no resource.  A connection made
 * for one that is not says why instead of returning NULL with no error. */
static void
test_domain (void)
{
  static const char *valid[] = { "example.org", "localhost", "bücher.example", "sub.example.org" };
  static const char *invalid[] = { "", "local host", "user@example.org", "example.org/res", ".example.org",
                                   "example..org", "example.org.", "\xff.example" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(SignetConnection) connection = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (signet_jid_domain_is_valid (valid[i]));
      connection = signet_connection_new_for_domain (valid[i], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (signet_connection_get_domain (connection), ==, valid[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(SignetConnection) connection = NULL;
      g_autoptr(GError) error = NULL;
      /* Escaped: the TAP log must stay UTF-8. */
      g_autofree char *shown = g_strescape (invalid[i], NULL);

      g_test_message ("%s", shown);
      g_assert_false (signet_jid_domain_is_valid (invalid[i]));
      connection = signet_connection_new_for_domain (invalid[i], &error);
      g_assert_null (connection);
      g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_INVALID_DOMAIN);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/jid/valid", test_valid);
  g_test_add_func ("/jid/invalid", test_invalid);
  g_test_add_func ("/jid/domain", test_domain);
  g_test_add_func ("/jid/length", test_length);
  g_test_add_func ("/jid/localpart", test_localpart);

  return g_test_run ();
}
