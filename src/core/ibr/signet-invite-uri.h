/* signet-invite-uri.h: invitation links to sign up on an XMPP server
 * (XEP-0401, with the token XEP-0445 sends before registering).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SIGNET_INVITE_URI_ERROR (signet_invite_uri_error_quark ())

typedef enum
{
  /* Not an xmpp: invitation with a server and a preauth token. */
  SIGNET_INVITE_URI_ERROR_INVALID,
} SignetInviteUriError;

GQuark   signet_invite_uri_error_quark (void);

/* Whether @text looks like an invitation link rather than a bare token. */
gboolean signet_invite_uri_is_uri      (const char  *text);
/* Reads "xmpp:DOMAIN?register;preauth=TOKEN" (or a contact's
 * "xmpp:user@DOMAIN?roster;preauth=TOKEN;ibr=y") into the server's domain
 * and the token, both percent-decoded. */
gboolean signet_invite_uri_parse       (const char  *text,
                                        char       **domain,
                                        char       **token,
                                        GError     **error);

G_END_DECLS
