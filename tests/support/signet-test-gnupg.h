/* signet-test-gnupg.h: the GnuPG homes the tests make keys in.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Stops the gpg-agent of the default GnuPG home (the one the wizard and
 * signet-cli use), which would otherwise outlive the test. */
void signet_test_gnupg_stop_default_agent (void);

G_END_DECLS
