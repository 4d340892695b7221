/* signet-accounts-page.h: the accounts Signet signed up for, Kontalk and
 * XMPP, with Change Password and Delete Account (XMPP) or Remove from This
 * Computer (Kontalk).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_ACCOUNTS_PAGE (signet_accounts_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetAccountsPage, signet_accounts_page, SIGNET, ACCOUNTS_PAGE, AdwBin)

/* The connection settings (host, port, TLS, trusted certificate) for
 * reaching @account's server; returns a new reference. */
typedef SignetConnection *(*SignetAccountsConnectionFunc) (SignetAccount *account,
                                                           gpointer       user_data);

GtkWidget     *signet_accounts_page_new                 (void);

/* Reads the account records again (signet_account_store_list(), on a worker
 * thread); "loading" is TRUE meanwhile.  The page reloads by itself when it
 * is first shown and after it changed or removed an account. */
void           signet_accounts_page_reload              (SignetAccountsPage           *self);
gboolean       signet_accounts_page_get_loading         (SignetAccountsPage           *self);
guint          signet_accounts_page_get_n_accounts      (SignetAccountsPage           *self);
/* The record shown at @position, oldest first, or NULL. */
SignetAccount *signet_accounts_page_get_account         (SignetAccountsPage           *self,
                                                         guint                         position);
/* The group of rows showing the account @jid, or NULL. */
GtkWidget     *signet_accounts_page_get_account_group   (SignetAccountsPage           *self,
                                                         const char                   *jid);

/* How to reach an account's server.  By default: its domain, resolved
 * normally, with the certificate pinned for it in GSettings
 * ("pinned-certificates") when there is one. */
void           signet_accounts_page_set_connection_func (SignetAccountsPage           *self,
                                                         SignetAccountsConnectionFunc  func,
                                                         gpointer                      user_data,
                                                         GDestroyNotify                destroy);

/* What the rows' buttons do, also as the actions "accounts.change-password"
 * and "accounts.unregister" with the JID as parameter.  Change Password
 * (XMPP only) takes the password from the keyring or asks for it; unregister
 * asks for confirmation (XMPP: deletes the account on the server; Kontalk,
 * which cannot delete accounts: forgets the account on this computer, and
 * says that it stays on the server). */
void           signet_accounts_page_change_password     (SignetAccountsPage           *self,
                                                         const char                   *jid);
void           signet_accounts_page_unregister          (SignetAccountsPage           *self,
                                                         const char                   *jid);

/* Signals:
 * "password-changed" (const char *jid): the server took the new password.
 * "account-removed" (const char *jid): the account was deleted on the server
 *   or forgotten on this computer; its record is gone. */

G_END_DECLS
