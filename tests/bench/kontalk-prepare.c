/* kontalk-prepare.c: sets up a run of tests/bench/kontalk-reference, not
 * timed.  After "signet-cli request" (same $XDG_DATA_HOME and D-Bus
 * session), it loads the waiting sign-up and its key the way Signet
 * resumes one, writes the key's TLS (RSA) key to PEM-PATH (mode 0600, in
 * the bench's private scratch folder: the key is a throwaway) and prints
 * what the reference client needs:
 *
 *   HOME <GnuPG home>
 *   FPR <fingerprint>
 *   USERID <user id>
 *   JID <jid>
 *
 * usage: kontalk-prepare PEM-PATH
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "signet-core.h"

static void
on_passphrase (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  char **passphrase = user_data;
  g_autoptr(GError) error = NULL;

  *passphrase = signet_pending_registration_lookup_passphrase_finish (SIGNET_PENDING_REGISTRATION (source),
                                                                      result, &error);
  if (*passphrase == NULL)
    g_error ("No passphrase: %s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPendingRegistration) pending = NULL;
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(GBytes) pem = NULL;
  g_autofree char *home = signet_personal_key_get_default_home ();
  char *passphrase = NULL;

  if (argc != 2)
    g_error ("usage: %s PEM-PATH", argv[0]);

  if ((pending = signet_pending_registration_load (&error)) == NULL)
    g_error ("No sign-up is waiting: %s", error ? error->message : "none");

  signet_pending_registration_lookup_passphrase_async (pending, NULL, on_passphrase, &passphrase);
  while (passphrase == NULL)
    g_main_context_iteration (NULL, TRUE);

  key = signet_personal_key_load (home, signet_pending_registration_get_fingerprint (pending), passphrase, &error);
  if (key == NULL || (pem = signet_personal_key_export_tls_key (key, &error)) == NULL)
    g_error ("No key: %s", error->message);
  if (!g_file_set_contents_full (argv[1], g_bytes_get_data (pem, NULL), g_bytes_get_size (pem),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_error ("%s", error->message);

  printf ("HOME %s\nFPR %s\nUSERID %s\nJID %s\n", home, signet_personal_key_get_fingerprint (key),
          signet_personal_key_get_user_id (key), signet_personal_key_get_jid (key));
  return 0;
}
