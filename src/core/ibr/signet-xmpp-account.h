/* signet-xmpp-account.h: manage an account made with XEP-0077: change its
 * password, close it.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-connection.h"
#include "signet-data-form.h"
#include "signet-inband-registration.h"
#include "signet-register-client.h"
#include "signet-stanza-error.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_XMPP_ACCOUNT (signet_xmpp_account_get_type ())

G_DECLARE_FINAL_TYPE (SignetXmppAccount, signet_xmpp_account, SIGNET, XMPP_ACCOUNT, GObject)

/* @settings carries the host, port, TLS and trust to use (its domain must be
 * @jid's); the account logs in with @password on a connection of its own
 * the first time it is asked to do something.  Errors are
 * SIGNET_INBAND_ERROR, or SIGNET_CONNECTION_ERROR for the login itself
 * (AUTHENTICATION_FAILED for a wrong password). */
SignetXmppAccount *signet_xmpp_account_new                   (SignetConnection    *settings,
                                                              const char          *jid,
                                                              const char          *password);
const char        *signet_xmpp_account_get_jid               (SignetXmppAccount   *self);
/* The authenticated connection (not connected before the first request). */
SignetConnection  *signet_xmpp_account_get_connection        (SignetXmppAccount   *self);

/* Changes the password: the plain XEP-0077 request, or @form when given (the
 * changepassword form the server asked for, filled in).  Afterwards the
 * keyring holds the new password; if it cannot, that is not a failure but
 * get_keyring_error() says why.  A server that wants its form first fails
 * with SIGNET_INBAND_ERROR_FORM_REQUIRED; get_form() then has it, with the
 * username and both passwords filled in where its fields are recognised. */
void               signet_xmpp_account_change_password_async (SignetXmppAccount   *self,
                                                              const char          *new_password,
                                                              SignetDataForm      *form,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean           signet_xmpp_account_change_password_finish (SignetXmppAccount  *self,
                                                               GAsyncResult       *result,
                                                               GError            **error);

/* Closes the account on the server (<remove/>, or @form when given: the
 * cancel form the server asked for, filled in), then removes its password
 * from the keyring and its record.  FORM_REQUIRED as above. */
void               signet_xmpp_account_unregister_async      (SignetXmppAccount   *self,
                                                              SignetDataForm      *form,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean           signet_xmpp_account_unregister_finish     (SignetXmppAccount   *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* The form the server returned with the last failure, or NULL. */
SignetDataForm    *signet_xmpp_account_get_form              (SignetXmppAccount   *self);
const SignetStanzaError *signet_xmpp_account_get_server_error (SignetXmppAccount  *self);
const GError      *signet_xmpp_account_get_keyring_error     (SignetXmppAccount   *self);

G_END_DECLS
