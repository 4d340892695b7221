/* signet-done-page.h: the end, an account that works and what it is made of.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SIGNET_TYPE_DONE_PAGE (signet_done_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetDonePage, signet_done_page, SIGNET, DONE_PAGE, AdwBin)

GtkWidget *signet_done_page_new               (void);
GtkWidget *signet_done_page_get_close_button  (SignetDonePage *self);
/* @international: "+39 347 123 4567"; @jid: the account's address;
 * @fingerprint: the personal key's, in any spacing. */
void       signet_done_page_set_account       (SignetDonePage *self,
                                               const char     *domain,
                                               const char     *international,
                                               const char     *jid,
                                               const char     *fingerprint);
/* @verified: the certification was checked against the server's own key,
 * whose fingerprint is @server_fingerprint.  Otherwise @certifier_key_id
 * (may be NULL) names the key that certified. */
void       signet_done_page_set_certification (SignetDonePage *self,
                                               gboolean        verified,
                                               const char     *server_fingerprint,
                                               const char     *certifier_key_id);
/* The account came from another device: a key pack or a link. */
void       signet_done_page_set_transferred   (SignetDonePage *self,
                                               const char     *domain);
/* Why the key's passphrase is not in the keyring, or NULL when it is. */
void       signet_done_page_set_keyring_error (SignetDonePage *self,
                                               const GError   *error);
/* Storing the passphrase again is under way. */
void       signet_done_page_set_storing       (SignetDonePage *self,
                                               gboolean        storing);
gboolean   signet_done_page_get_keyring_stored (SignetDonePage *self);

G_END_DECLS
