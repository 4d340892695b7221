/* signet-signup-flow-private.h: what the machine and its backends share
 * (internal).  signet-signup-flow.c holds the steps every server has; each
 * kind of server is a backend file: -kontalk.c (phone numbers), -ibr.c (a
 * XEP-0077 form or the web).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-key-import.h"
#include "signet-signup-flow.h"

G_BEGIN_DECLS


struct _SignetSignupFlow
{
  GObject                    parent_instance;

  SignetSignupStep           step;
  SignetSignupOperation      operation;
  /* Set by a view where a person types any domain. */
  gboolean                   discover_cadmium;
  /* Where the operation under way started, for cancel(). */
  SignetSignupStep           step_before;
  GError                    *error;
  SignetStanzaError         *server_error;
  char                      *error_field;
  /* What retry() repeats (an operation), or NONE. */
  SignetSignupOperation      retry;
  GCancellable              *cancellable;

  /* The server, and what its registration form said */
  char                      *domain;
  char                      *host;
  gboolean                   direct_tls;
  char                      *trusted_sha256;
  /* An invitation token for a XEP-0077 sign-up, or NULL. */
  char                      *invite_token;
  SignetTrustStore          *trust;
  SignetCertificateInfo     *certificate;
  SignetRegistration        *registration;
  gboolean                   form_fetched;
  gboolean                   terms_accepted;

  /* Kontalk: one sign-up per number and name, so that "try another way"
   * and "register anyway" keep the key being made. */
  char                      *display_name;
  char                      *e164;
  SignetRequestFlags         request_flags;
  /* What the first request asks for: force, fallback, a challenge type. */
  SignetRequestFlags         first_request_flags;
  int                        challenge_type;
  char                      *code;
  SignetSignup              *signup;
  gboolean                   signup_loads_key;
  SignetPendingRegistration *pending;

  /* XEP-0077 */
  SignetInbandRegistration  *inband;

  /* Cadmium: the details are kept for retry() and for going on once the
   * certificate is trusted; the password is wiped once the keyring has it. */
  SignetCadmiumClient       *cadmium;
  char                      *cadmium_username;
  char                      *cadmium_email;
  char                      *cadmium_msisdn;
  char                      *cadmium_password;
  gboolean                   cadmium_login;
  /* Why the password is not in the keyring, for the done page. */
  GError                    *cadmium_keyring_error;

  /* Kontalk: an existing account brought here (key pack or link). */
  SignetKeyImport           *key_import;
  char                      *key_pack;

  SignetAccount             *account;
};

/* The machine's moves, for the backends */
GCancellable *signet_signup_flow_begin  (SignetSignupFlow     *self,
                                         SignetSignupOperation operation);
void          signet_signup_flow_settle (SignetSignupFlow        *self,
                                         SignetSignupStep         step,
                                         GError                  *error,
                                         const SignetStanzaError *server_error,
                                         SignetSignupOperation    retry);
/* Moves to @step while the operation goes on (the verify page shows it). */
void          signet_signup_flow_move   (SignetSignupFlow *self,
                                         SignetSignupStep  step);
void          signet_signup_flow_settle_on_field (SignetSignupFlow        *self,
                                                  SignetSignupStep         step,
                                                  GError                  *error,
                                                  const SignetStanzaError *server_error,
                                                  SignetSignupOperation    retry,
                                                  const char              *field);
gboolean      signet_signup_flow_is_network_error (const GError *error);
SignetConnection *signet_signup_flow_new_connection (SignetSignupFlow *self,
                                                     GError          **error);
void          signet_signup_flow_notify_stage (SignetSignupFlow *self);
void          signet_signup_flow_drop_server  (SignetSignupFlow *self);

/* Kontalk (signet-signup-flow-kontalk.c) */
void          signet_signup_flow_kontalk_continue (SignetSignupFlow  *self);
void          signet_signup_flow_kontalk_request  (SignetSignupFlow  *self,
                                                   SignetRequestFlags flags);
void          signet_signup_flow_kontalk_set_signup (SignetSignupFlow *self,
                                                     SignetSignup     *signup);
void          signet_signup_flow_kontalk_cancel   (SignetSignupFlow     *self,
                                                   SignetSignupOperation operation);
void          signet_signup_flow_kontalk_dispose  (SignetSignupFlow  *self);
void          signet_signup_flow_kontalk_forget_code (SignetSignupFlow *self);

/* XEP-0077 and the web (signet-signup-flow-ibr.c) */
void          signet_signup_flow_ibr_start        (SignetSignupFlow  *self);

/* An existing account's key (signet-signup-flow-transfer.c) */
void          signet_signup_flow_transfer_dispose (SignetSignupFlow  *self);

gboolean      signet_signup_flow_is_cadmium       (SignetSignupFlow  *self);
void          signet_signup_flow_cadmium_start    (SignetSignupFlow  *self);
void          signet_signup_flow_cadmium_retry    (SignetSignupFlow  *self);
void          signet_signup_flow_cadmium_dispose  (SignetSignupFlow  *self);
const char   *signet_signup_flow_cadmium_trust_key (SignetSignupFlow *self);

G_END_DECLS
