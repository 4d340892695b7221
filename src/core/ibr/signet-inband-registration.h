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
#include "signet-stanza-error.h"

G_BEGIN_DECLS

#define SIGNET_INBAND_ERROR (signet_inband_error_quark ())

/* What went wrong, as a person needs to know it.  Keyed on the server's
 * (condition, type); the server's own text is detail, never the key
 * (packaging-and-servers.md §C.3 lists what Prosody and ejabberd send). */
typedef enum
{
  /* A server error with no more specific meaning; the message names the
   * condition. */
  SIGNET_INBAND_ERROR_FAILED,
  /* The server does not offer in-band registration: service-unavailable,
   * feature-not-implemented, or the stream error not-authorized. */
  SIGNET_INBAND_ERROR_NOT_OFFERED,
  /* The server signs up only on its website (see get_web_url()). */
  SIGNET_INBAND_ERROR_WEB_ONLY,
  SIGNET_INBAND_ERROR_USERNAME_TAKEN,
  SIGNET_INBAND_ERROR_USERNAME_INVALID,
  /* A required field was empty; get_error_field() says which when known. */
  SIGNET_INBAND_ERROR_MISSING_FIELD,
  SIGNET_INBAND_ERROR_WEAK_PASSWORD,
  /* not-acceptable without a more specific reason. */
  SIGNET_INBAND_ERROR_NOT_ACCEPTABLE,
  SIGNET_INBAND_ERROR_INVITE_ONLY,
  /* Too many sign-ups from this network: wait/resource-constraint,
   * wait/policy-violation, wait/not-allowed. */
  SIGNET_INBAND_ERROR_THROTTLED,
  /* auth/forbidden: the network (IP address) or this kind of client is refused. */
  SIGNET_INBAND_ERROR_FORBIDDEN,
  /* The CAPTCHA answer was wrong; a new CAPTCHA was fetched when possible. */
  SIGNET_INBAND_ERROR_CAPTCHA_FAILED,
  /* The stream error policy-violation during sign-up, or the stanza error
   * modify/policy-violation ("encryption is required"). */
  SIGNET_INBAND_ERROR_POLICY_VIOLATION,
  /* The server did not understand what Signet sent (bad-request). */
  SIGNET_INBAND_ERROR_BAD_REQUEST,
  SIGNET_INBAND_ERROR_SERVER_INTERNAL,
  /* The stream dropped and the new form needs the person again (a new
   * CAPTCHA, another field); get_form() has it, with what was typed. */
  SIGNET_INBAND_ERROR_FORM_CHANGED,
  /* The server answered with something that is not a usable form. */
  SIGNET_INBAND_ERROR_INVALID_RESPONSE,
  /* The account was created but logging in to it failed. */
  SIGNET_INBAND_ERROR_LOGIN_REFUSED,
  /* Changing the password or closing the account: the server wants its
   * form filled in first; the form is in get_form(). */
  SIGNET_INBAND_ERROR_FORM_REQUIRED,
  /* Changing the password or closing the account is not allowed (from
   * this connection, or at all). */
  SIGNET_INBAND_ERROR_NOT_ALLOWED,
  /* The account does not exist (registration-required). */
  SIGNET_INBAND_ERROR_NOT_REGISTERED,
} SignetInbandError;

GQuark signet_inband_error_quark (void);

/* What a request did: one condition means different things at each. */
typedef enum
{
  SIGNET_INBAND_STEP_FETCH,
  SIGNET_INBAND_STEP_SUBMIT,
  SIGNET_INBAND_STEP_CHANGE_PASSWORD,
  SIGNET_INBAND_STEP_UNREGISTER,
} SignetInbandStep;

/* What was known when the error came, for conditions servers overload. */
typedef enum
{
  SIGNET_INBAND_CONTEXT_NONE        = 0,
  /* The submitted form carried a CAPTCHA (XEP-0158). */
  SIGNET_INBAND_CONTEXT_CAPTCHA     = 1 << 0,
  /* The server advertised invitations (urn:xmpp:invite, urn:xmpp:ibr-token:0). */
  SIGNET_INBAND_CONTEXT_INVITES     = 1 << 1,
  /* The server pointed to a website (XEP-0066 out-of-band URL). */
  SIGNET_INBAND_CONTEXT_WEB         = 1 << 2,
} SignetInbandContext;

/* Maps a stanza error to a SIGNET_INBAND_ERROR with a specific, translated
 * message.  @field, when not NULL, receives the var of the form field the
 * error is about ("username", "password", …) or NULL.  Never returns NULL. */
GError *signet_inband_error_from_stanza_error (const SignetStanzaError *error,
                                               SignetInbandStep         step,
                                               SignetInbandContext      context,
                                               char                   **field);
/* Maps the connection's stream errors during sign-up (not-authorized,
 * policy-violation); returns a copy of any other error. */
GError *signet_inband_error_from_connection_error (const GError        *error,
                                                   const char          *domain);

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
 * login fails; a keyring that cannot be used is not a failure but is
 * reported by get_keyring_error(). */
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

/* Shared with SignetXmppAccount. */

/* Reads the <query xmlns='jabber:iq:register'/> of @iq into a form: the data
 * form if there is one with an accepted FORM_TYPE (@form_types, NULL-
 * terminated, NULL for registration forms), else the legacy fields.  NULL
 * without an error when there is neither. */
SignetDataForm       *signet_inband_read_form                     (SignetXmlNode            *iq,
                                                                   const char * const       *form_types,
                                                                   gboolean                 *legacy,
                                                                   GError                  **error);
/* Copies values typed into @old onto the empty fields of @form that a
 * person fills in (not hidden, fixed or CAPTCHA fields). */
void                  signet_inband_form_keep_values              (SignetDataForm           *form,
                                                                   SignetDataForm           *old);
/* Whether a field carries a CAPTCHA image or is otherwise a CAPTCHA answer. */
gboolean              signet_inband_field_is_captcha              (SignetDataFormField      *field);

G_END_DECLS
