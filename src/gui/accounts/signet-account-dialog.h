/* signet-account-dialog.h: changing an XMPP account's password, and the
 * forms a server may want filled in first (to change the password or to
 * close the account).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_ACCOUNT_DIALOG (signet_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetAccountDialog, signet_account_dialog, SIGNET, ACCOUNT_DIALOG, AdwWindow)

/* Asks for a new password twice and changes it with
 * signet_xmpp_account_change_password_async() on an account made from
 * @settings (the server's connection settings), @jid and @password.  With
 * @password NULL (not in the keyring) the current password is asked too.
 * When the server wants its form, the form is shown in the dialog. */
SignetAccountDialog *signet_account_dialog_new_change_password (GtkWindow         *parent,
                                                                SignetConnection  *settings,
                                                                const char        *jid,
                                                                const char        *password);
/* Shows @form, the form the server wants filled in before it closes
 * @account, and sends it with signet_xmpp_account_unregister_async(). */
SignetAccountDialog *signet_account_dialog_new_unregister      (GtkWindow         *parent,
                                                                SignetXmppAccount *account,
                                                                SignetDataForm    *form);

/* The account the dialog works on (made when the request is sent), or NULL. */
SignetXmppAccount   *signet_account_dialog_get_account         (SignetAccountDialog *self);
/* Whether a request is under way. */
gboolean             signet_account_dialog_get_busy            (SignetAccountDialog *self);
/* The error shown, or NULL. */
const char          *signet_account_dialog_get_error           (SignetAccountDialog *self);
/* Sends what the dialog holds, as its main button does. */
void                 signet_account_dialog_apply               (SignetAccountDialog *self);

/* Signal "done": the server changed the password (and the keyring has it,
 * unless signet_xmpp_account_get_keyring_error() says otherwise) or closed
 * the account.  The dialog closes itself after it. */

G_END_DECLS
