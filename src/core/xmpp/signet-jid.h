/* signet-jid.h: what an XMPP address looks like.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest address (three parts of 1023 bytes each, and their separators). */
#define SIGNET_JID_MAX_LENGTH 3071

/* A light check that @localpart (the part before "@"; @length bytes, or -1
 * for all of it) has none of the characters XMPP forbids there: quotes, "&",
 * "/", ":", "<", ">", "@", spaces and control characters.  Empty is not
 * valid. */
gboolean signet_jid_localpart_is_valid (const char *localpart,
                                        gssize      length);
/* A light check that @text has the shape of an XMPP address,
 * [local@]domain[/resource]: valid UTF-8, no part empty, nothing forbidden
 * in the local part or the domain, no space in the resource, no empty label
 * in the domain.  It does not apply stringprep or PRECIS. */
gboolean signet_jid_is_valid           (const char *text);
/* The same check for a domain alone (a server name): no local part, no
 * resource, no spaces. */
gboolean signet_jid_domain_is_valid    (const char *domain);

G_END_DECLS
