/* signet-openpgp-packet.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reading the packet structure of a binary OpenPGP keyring in-process, so
 * that checking what a server sent needs no gpg run.  Internal to the
 * core; never in signet-core.h. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The v4 fingerprints (upper-case hex) of the primary public keys in
 * @keyring, in order; %NULL when @keyring is not a plain sequence of
 * packets this reader knows (armor, partial lengths, secret or non-v4
 * keys): the caller then asks gpg. */
GPtrArray *signet_openpgp_primary_fingerprints (GBytes *keyring);

G_END_DECLS
