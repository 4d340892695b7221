/* signet-test-gnupg.c: the GnuPG homes the tests make keys in.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-personal-key.h"
#include "signet-test-gnupg.h"

void
signet_test_gnupg_stop_default_agent (void)
{
  g_autofree char *home = signet_personal_key_get_default_home ();

  signet_personal_key_stop_agent (home, NULL);
}
