/* signet-xmpp-done-page.h: the end of a sign-up with a server's form: the
 * address, what to do with it and where the password is.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SIGNET_TYPE_XMPP_DONE_PAGE (signet_xmpp_done_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetXmppDonePage, signet_xmpp_done_page, SIGNET, XMPP_DONE_PAGE, AdwBin)

GtkWidget  *signet_xmpp_done_page_new              (void);
GtkWidget  *signet_xmpp_done_page_get_close_button (SignetXmppDonePage *self);
/* @keyring_error: why the password is not in the keyring, or NULL. */
void        signet_xmpp_done_page_set_account      (SignetXmppDonePage *self,
                                                    const char         *server,
                                                    const char         *jid,
                                                    const GError       *keyring_error);
/* Says "user ID" and a Cadmium app instead of "address" and an XMPP app. */
void        signet_xmpp_done_page_set_cadmium      (SignetXmppDonePage *self,
                                                    gboolean            cadmium);

G_END_DECLS
