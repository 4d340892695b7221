/* signet-inband-registration.h: sign-up on any XMPP server (XEP-0077).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-account-store.h"
#include "signet-connection.h"
#include "signet-data-form.h"
#include "signet-register-client.h"
#include "signet-server-probe.h"
#include "signet-stanza-error.h"

G_BEGIN_DECLS

/* How the server asks for the sign-up details, in the order of preference
 * of XEP-0077 §4. */
typedef enum
{
  /* A data form (FORM_TYPE jabber:iq:register or urn:xmpp:captcha). */
  SIGNET_INBAND_FORM_DATA,
  /* Legacy fields (<username/>, <password/>, …), offered as a data form. */
  SIGNET_INBAND_FORM_LEGACY,
  /* Only an out-of-band URL: sign up on the web. */
  SIGNET_INBAND_FORM_WEB,
} SignetInbandFormKind;

#define SIGNET_TYPE_INBAND_REGISTRATION (signet_inband_registration_get_type ())

G_DECLARE_FINAL_TYPE (SignetInbandRegistration, signet_inband_registration, SIGNET, INBAND_REGISTRATION, GObject)

/* @connection carries the server settings (domain, host, TLS, trust); it is
 * connected when needed, kept alive while the form is filled in and
 * replaced by a fresh one after a drop. */
SignetInbandRegistration *signet_inband_registration_new          (SignetConnection         *connection);
/* Goes on from @probe, on its connection: the first fetch takes the form
 * the probe fetched instead of asking again, so that the sign-up is
 * submitted on the stream that probed the server. */
SignetInbandRegistration *signet_inband_registration_new_for_probe (SignetServerProbe        *probe);
SignetConnection     *signet_inband_registration_get_connection   (SignetInbandRegistration *self);

/* Connects (TLS), notes the iq-register stream feature and fetches the
 * form.  A server that does not advertise the feature is asked anyway
 * (some forget to), and its answer decides.  Values typed into an earlier
 * form are carried over, except CAPTCHA answers. */
void                  signet_inband_registration_fetch_async      (SignetInbandRegistration *self,
                                                                   GCancellable             *cancellable,
                                                                   GAsyncReadyCallback       callback,
                                                                   gpointer                  user_data);
gboolean              signet_inband_registration_fetch_finish     (SignetInbandRegistration *self,
                                                                   GAsyncResult             *result,
                                                                   GError                  **error);

SignetInbandFormKind  signet_inband_registration_get_form_kind    (SignetInbandRegistration *self);
/* The form to fill in: the server's data form, or its legacy fields as a
 * form (password fields are text-private, every field required); NULL for
 * SIGNET_INBAND_FORM_WEB.  Set values on it before submitting. */
SignetDataForm       *signet_inband_registration_get_form         (SignetInbandRegistration *self);
const char           *signet_inband_registration_get_instructions (SignetInbandRegistration *self);
/* The https sign-up page the server points to (with any form kind), or NULL. */
const char           *signet_inband_registration_get_web_url      (SignetInbandRegistration *self);
const char           *signet_inband_registration_get_web_description (SignetInbandRegistration *self);
/* An out-of-band URL that is not https: never offered as a link, but can
 * be shown as text. */
const char           *signet_inband_registration_get_insecure_web_url (SignetInbandRegistration *self);
/* The stream advertised http://jabber.org/features/iq-register. */
gboolean              signet_inband_registration_get_feature_advertised (SignetInbandRegistration *self);
/* The stream advertised invitations (XEP-0401/XEP-0445). */
gboolean              signet_inband_registration_get_invites_advertised (SignetInbandRegistration *self);
/* The reply carried <registered/>: this stream's account exists already. */
gboolean              signet_inband_registration_get_already_registered (SignetInbandRegistration *self);
/* The form has a CAPTCHA: a field with media (XEP-0221), e.g. ejabberd's "ocr". */
gboolean              signet_inband_registration_get_has_captcha  (SignetInbandRegistration *self);

/* An invitation token (XEP-0445), sent on the stream before the sign-up is
 * submitted; NULL for none.  A refused token fails the submission with
 * SIGNET_INBAND_ERROR_INVITE_REFUSED. */
void                  signet_inband_registration_set_invite_token (SignetInbandRegistration *self,
                                                                   const char               *token);

/* Signal "stream-lost" (GError *error): the stream the form came on ended
 * before the sign-up was submitted. */

/* Submits the form.  After a dropped stream the form is fetched again
 * first; if the new one needs the person (a new CAPTCHA), fails with
 * SIGNET_INBAND_ERROR_FORM_CHANGED.  A modify error that carries a form
 * replaces get_form() with it, keeping what was typed; a wrong CAPTCHA
 * answer fetches a new CAPTCHA. */
void                  signet_inband_registration_submit_async     (SignetInbandRegistration *self,
                                                                   GCancellable             *cancellable,
                                                                   GAsyncReadyCallback       callback,
                                                                   gpointer                  user_data);
gboolean              signet_inband_registration_submit_finish    (SignetInbandRegistration *self,
                                                                   GAsyncResult             *result,
                                                                   GError                  **error);
/* The server accepted a submission. */
gboolean              signet_inband_registration_get_registered   (SignetInbandRegistration *self);
/* username@domain after the server accepted; the canonical form the server
 * bound after complete. */
const char           *signet_inband_registration_get_jid          (SignetInbandRegistration *self);

/* After a successful submit: logs in once with the new password (SASL, SCRAM
 * where offered), stores the password in the keyring (kind xmpp) and the
 * account record.  Fails with SIGNET_INBAND_ERROR_LOGIN_REFUSED if the
 * server refuses the login, and with the connection's own error (a
 * timeout, a dropped stream) if the login does not get that far; a keyring
 * that cannot be used is not a failure but is reported by
 * get_keyring_error(). */
void                  signet_inband_registration_complete_async   (SignetInbandRegistration *self,
                                                                   GCancellable             *cancellable,
                                                                   GAsyncReadyCallback       callback,
                                                                   gpointer                  user_data);
SignetAccount        *signet_inband_registration_complete_finish  (SignetInbandRegistration *self,
                                                                   GAsyncResult             *result,
                                                                   GError                  **error);
/* The SASL mechanism of the first login ("SCRAM-SHA-1", …). */
const char           *signet_inband_registration_get_login_mechanism (SignetInbandRegistration *self);
const GError         *signet_inband_registration_get_keyring_error (SignetInbandRegistration *self);

/* The server's stanza error behind the last failure, or NULL; for a stream
 * error, its condition with type "cancel". */
const SignetStanzaError *signet_inband_registration_get_server_error (SignetInbandRegistration *self);
/* The var of the field the last failure is about, or NULL. */
const char           *signet_inband_registration_get_error_field  (SignetInbandRegistration *self);

G_END_DECLS
