/* signet-kontalk-private.h: the readers of what a Kontalk server sends
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-challenge.h"
#include "signet-register-client.h"
#include "signet-xml-node.h"

G_BEGIN_DECLS

/* Exposed for tests/fuzz/: each takes a reply exactly as it arrived. */

/* The challenge in the reply to the number request. */
SignetChallenge *signet_registration_read_challenge  (SignetRegisterReply *reply,
                                                      GError             **error);
/* The keyring in the reply to the code ("publickey"), certified or not. */
GBytes          *signet_verification_read_signed_key (SignetXmlNode       *reply,
                                                      GError             **error);
/* The server's key from a XEP-0189 reply and its fingerprint, or NULL (and
 * a NULL @fingerprint) for anything that is not a readable key. */
GBytes          *signet_verification_read_server_key (SignetXmlNode       *reply,
                                                      char               **fingerprint);

G_END_DECLS
