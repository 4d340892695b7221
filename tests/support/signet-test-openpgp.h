/* signet-test-openpgp.h: reading OpenPGP packets in tests.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <openssl/bn.h>

G_BEGIN_DECLS

/* The first packet of the binary @keyring must be a v4 RSA public key
 * (RFC 4880 §5.5.2): sets its creation time (if @created is not NULL) and
 * its n and e; FALSE if it is anything else. */
gboolean signet_test_openpgp_parse_rsa_key (GBytes   *keyring,
                                            guint32  *created,
                                            BIGNUM  **n,
                                            BIGNUM  **e);

G_END_DECLS
