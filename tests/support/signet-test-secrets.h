/* signet-test-secrets.h: after a flow, no secret is anywhere it should not
 * be: not in what the program printed, not in any file outside the private
 * GnuPG home, not in any keyring item but the account's own.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* Codes, passwords, passphrases: NULL-terminated, NULLs and "" skipped. */
  const char * const *secrets;
  /* Personal but not secret: never in a log (stderr), though results meant
   * for the person (stdout) and Signet's own records may hold them. */
  const char * const *phone_numbers;
  /* What the program printed with G_MESSAGES_DEBUG=all. */
  const char         *out;
  const char         *err;
  /* The address whose keyring items may hold a secret, or NULL for none. */
  const char         *account_jid;
} SignetTestSecrets;

/* Fails the test, naming the place (never the secret), if any secret is in
 * @audit's output, in a file under the test's XDG data, config or cache
 * folders or its home (the private GnuPG home excepted), or in a Signet
 * keyring item for another address or of kind "kontalk-pending". */
void signet_test_secrets_audit (const SignetTestSecrets *audit);

G_END_DECLS
