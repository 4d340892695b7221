/* signet-register-client.h: the jabber:iq:register requests (XEP-0077)
 * that every sign-up and account flow sends, their replies and errors.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-connection.h"
#include "signet-data-form.h"
#include "signet-stanza-error.h"

G_BEGIN_DECLS

/* FORM_TYPEs of the forms a server may want filled in (XEP-0077 §3.2, §3.3). */
#define SIGNET_NS_REGISTER_CHANGEPASSWORD "jabber:iq:register:changepassword"
#define SIGNET_NS_REGISTER_CANCEL         "jabber:iq:register:cancel"
/* XEP-0401/XEP-0445: the invitation token sent before registering. */
#define SIGNET_NS_PARS                    "urn:xmpp:pars:0"
#define SIGNET_INBAND_ERROR (signet_inband_error_quark ())

/* What went wrong, as a person needs to know it.  Keyed on the server's
 * (condition, type); the server's own text is detail, never the key
 * (what Prosody and ejabberd send). */
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
  /* The server's changepassword or cancel form was refused as not
   * authorized: the old (current) password typed into it is wrong. */
  SIGNET_INBAND_ERROR_PASSWORD_WRONG,
  /* The invitation token was refused: unknown, used or expired. */
  SIGNET_INBAND_ERROR_INVITE_REFUSED,
  /* The server wants a CAPTCHA answered (two-step sign-up of scripts). */
  SIGNET_INBAND_ERROR_CAPTCHA_REQUIRED,
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
  /* The request carried the server's own form, filled in. */
  SIGNET_INBAND_CONTEXT_FORM        = 1 << 3,
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

/* What a jabber:iq:register reply says, read once for every flow. */
typedef struct _SignetRegisterReply SignetRegisterReply;

#define SIGNET_TYPE_REGISTER_REPLY (signet_register_reply_get_type ())

GType                    signet_register_reply_get_type       (void) G_GNUC_CONST;
/* Reads @iq (of type result or error).  @form_types as for
 * signet_inband_read_form(). */
SignetRegisterReply     *signet_register_reply_new            (SignetXmlNode             *iq,
                                                               const char * const        *form_types);
SignetRegisterReply     *signet_register_reply_ref            (SignetRegisterReply       *self);
void                     signet_register_reply_unref          (SignetRegisterReply       *self);
SignetXmlNode           *signet_register_reply_get_iq         (SignetRegisterReply       *self);
/* The <query xmlns='jabber:iq:register'/>, or NULL when the server sent none. */
SignetXmlNode           *signet_register_reply_get_query      (SignetRegisterReply       *self);
/* The stanza error of an error reply, or NULL. */
const SignetStanzaError *signet_register_reply_get_error      (SignetRegisterReply       *self);
/* The form to fill in (a data form, or the legacy fields as one), or NULL. */
SignetDataForm          *signet_register_reply_get_form       (SignetRegisterReply       *self);
/* The form came from legacy fields (in an error reply: an echo of the request). */
gboolean                 signet_register_reply_get_legacy     (SignetRegisterReply       *self);
/* Why a data form in the reply could not be read, or NULL. */
const GError            *signet_register_reply_get_form_error (SignetRegisterReply       *self);
const char              *signet_register_reply_get_instructions (SignetRegisterReply     *self);
/* An https out-of-band URL (XEP-0066), or NULL. */
const char              *signet_register_reply_get_web_url    (SignetRegisterReply       *self);
/* An out-of-band URL that is not https: shown as text, never as a link. */
const char              *signet_register_reply_get_insecure_web_url (SignetRegisterReply *self);
const char              *signet_register_reply_get_web_description (SignetRegisterReply  *self);
/* The reply carried <registered/>. */
gboolean                 signet_register_reply_get_registered (SignetRegisterReply       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetRegisterReply, signet_register_reply_unref)

/* Requests on @connection, which must be connected.  Each completes with the
 * reply (signet_register_client_finish()), a stanza error included; only a
 * connection failure is an error. */

/* <query/> of type get: the registration form. */
void                     signet_register_client_get_async     (SignetConnection          *connection,
                                                               GCancellable              *cancellable,
                                                               GAsyncReadyCallback        callback,
                                                               gpointer                   user_data);
/* Submits @form: its fields as legacy elements when @legacy, else as a data
 * form (a form of type submit as it is, any other as its submission). */
void                     signet_register_client_set_async     (SignetConnection          *connection,
                                                               SignetDataForm            *form,
                                                               gboolean                   legacy,
                                                               GCancellable              *cancellable,
                                                               GAsyncReadyCallback        callback,
                                                               gpointer                   user_data);
/* Changes the password of the logged-in account: <username/> and
 * <password/>, or @form (the server's changepassword form, filled in). */
void                     signet_register_client_change_password_async (SignetConnection  *connection,
                                                               const char                *username,
                                                               const char                *password,
                                                               SignetDataForm            *form,
                                                               GCancellable              *cancellable,
                                                               GAsyncReadyCallback        callback,
                                                               gpointer                   user_data);
/* Closes the logged-in account: <remove/>, or @form (the server's cancel
 * form, filled in). */
void                     signet_register_client_cancel_async  (SignetConnection          *connection,
                                                               SignetDataForm            *form,
                                                               GCancellable              *cancellable,
                                                               GAsyncReadyCallback        callback,
                                                               gpointer                   user_data);
/* Sends the invitation @token (XEP-0445 <preauth/>) before the sign-up, on
 * the same stream. */
void                     signet_register_client_preauth_async (SignetConnection          *connection,
                                                               const char                *token,
                                                               GCancellable              *cancellable,
                                                               GAsyncReadyCallback        callback,
                                                               gpointer                   user_data);
SignetRegisterReply     *signet_register_client_finish        (SignetConnection          *connection,
                                                               GAsyncResult              *result,
                                                               GError                   **error);

/* A connection carries one stream.  Returns TRUE when *@connection is
 * connected; else, if *@used, replaces it with a fresh one like it (the old
 * one closed), marks it used and returns FALSE: the caller connects it. */
gboolean                 signet_register_client_prepare_connection (SignetConnection    **connection,
                                                               gboolean                  *used);

G_END_DECLS
