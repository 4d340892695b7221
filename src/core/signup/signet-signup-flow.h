/* signet-signup-flow.h: the sign-up step machine, the same for every kind
 * of server.  The wizard and signet-cli drive it and follow "step",
 * "operation" and "verify-stage"; it owns the order of the steps, what a
 * failure leads to and what can be retried.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-account-store.h"
#include "signet-cadmium-client.h"
#include "signet-certificate-info.h"
#include "signet-challenge.h"
#include "signet-data-form.h"
#include "signet-inband-registration.h"
#include "signet-pending-registration.h"
#include "signet-registration.h"
#include "signet-signup.h"
#include "signet-stanza-error.h"
#include "signet-trust-store.h"

G_BEGIN_DECLS

#define SIGNET_SIGNUP_FLOW_ERROR (signet_signup_flow_error_quark ())

typedef enum
{
  /* The person did not trust the server's certificate. */
  SIGNET_SIGNUP_FLOW_ERROR_CERTIFICATE_REJECTED,
  /* What the server asked for was not saved with the sign-up. */
  SIGNET_SIGNUP_FLOW_ERROR_CANNOT_RESUME,
} SignetSignupFlowError;

GQuark signet_signup_flow_error_quark (void);

/* Where the sign-up stands: what it waits for from the person. */
typedef enum
{
  /* Choose a server; where a failed connection comes back to. */
  SIGNET_SIGNUP_STEP_SERVER,
  /* The server's certificate is not trusted: trust_certificate() or
   * reject_certificate() (see "certificate"). */
  SIGNET_SIGNUP_STEP_UNTRUSTED,
  /* The server asks to accept its terms first ("terms-url"). */
  SIGNET_SIGNUP_STEP_TERMS,
  /* A sign-up left by an earlier run can be continued ("pending"). */
  SIGNET_SIGNUP_STEP_RESUME,
  /* Kontalk: the name and the number. */
  SIGNET_SIGNUP_STEP_NUMBER,
  /* Kontalk: the number has an account already: force, or another number. */
  SIGNET_SIGNUP_STEP_CONFLICT,
  /* Kontalk: the code, or the call ("challenge"). */
  SIGNET_SIGNUP_STEP_CHALLENGE,
  /* Kontalk: the key, the code and the first login ("verify-stage"); after
   * a refused login it waits here for verify (NULL). */
  SIGNET_SIGNUP_STEP_VERIFY,
  /* XEP-0077: the server's form ("form"). */
  SIGNET_SIGNUP_STEP_FORM,
  /* The server signs up only on its website ("web-url"). */
  SIGNET_SIGNUP_STEP_WEB,
  /* The account works ("account"). */
  SIGNET_SIGNUP_STEP_DONE,
  /* Cadmium: username, email, phone and password, then
   * register_cadmium(); the server was given as a wss:// address. */
  SIGNET_SIGNUP_STEP_CADMIUM,
  /* Kontalk: the export password of the chosen key pack ("key-pack"). */
  SIGNET_SIGNUP_STEP_IMPORT,
  /* Kontalk: the text of another device's link, and its password. */
  SIGNET_SIGNUP_STEP_LINK,
} SignetSignupStep;

/* The network or keyring work under way, if any.  Each ends in a step
 * (maybe the same one) with "error" set when it failed. */
typedef enum
{
  SIGNET_SIGNUP_OPERATION_NONE,
  SIGNET_SIGNUP_OPERATION_CONNECTING,
  SIGNET_SIGNUP_OPERATION_FETCHING_FORM,
  SIGNET_SIGNUP_OPERATION_REQUESTING,
  SIGNET_SIGNUP_OPERATION_VERIFYING,
  SIGNET_SIGNUP_OPERATION_SUBMITTING,
  SIGNET_SIGNUP_OPERATION_LOGGING_IN,
  SIGNET_SIGNUP_OPERATION_STORING,
  SIGNET_SIGNUP_OPERATION_DISCARDING,
  /* Cadmium: the registration, with a rate limit waited out (see the
   * client's "retry-in"). */
  SIGNET_SIGNUP_OPERATION_REGISTERING,
  /* Kontalk: an existing account's key imported, then its first login. */
  SIGNET_SIGNUP_OPERATION_IMPORTING,
} SignetSignupOperation;

/* How far verify got: the key, then the code, then the first login. */
typedef enum
{
  SIGNET_SIGNUP_STAGE_KEY,
  SIGNET_SIGNUP_STAGE_CODE,
  SIGNET_SIGNUP_STAGE_LOGIN,
  SIGNET_SIGNUP_STAGE_DONE,
} SignetSignupStage;

#define SIGNET_TYPE_SIGNUP_FLOW (signet_signup_flow_get_type ())

G_DECLARE_FINAL_TYPE (SignetSignupFlow, signet_signup_flow, SIGNET, SIGNUP_FLOW, GObject)

SignetSignupFlow          *signet_signup_flow_new                (void);
/* Starts at NUMBER with a registration whose form is fetched. */
SignetSignupFlow          *signet_signup_flow_new_for_registration (SignetRegistration        *registration);
/* Starts at FORM (or WEB) with a XEP-0077 registration whose form is fetched. */
SignetSignupFlow          *signet_signup_flow_new_for_inband     (SignetInbandRegistration  *inband);
/* Starts where a sign-up left by an earlier run stopped (CHALLENGE), or
 * at RESUME with the error that says why it cannot go on. */
SignetSignupFlow          *signet_signup_flow_new_for_pending    (SignetPendingRegistration *pending);
/* For programs without a main loop of their own (signet-cli): runs the
 * default main context until the operation under way has ended. */
void                       signet_signup_flow_wait               (SignetSignupFlow   *self);

SignetSignupStep           signet_signup_flow_get_step           (SignetSignupFlow   *self);
SignetSignupOperation      signet_signup_flow_get_operation      (SignetSignupFlow   *self);
SignetSignupStage          signet_signup_flow_get_verify_stage   (SignetSignupFlow   *self);
/* Why the last operation failed, or NULL; cleared by the next one. */
const GError              *signet_signup_flow_get_error          (SignetSignupFlow   *self);
/* The server's own words about that failure, or NULL. */
const SignetStanzaError   *signet_signup_flow_get_server_error   (SignetSignupFlow   *self);
/* Whether retry() may work: the failure was the network, not a refusal. */
gboolean                   signet_signup_flow_get_can_retry      (SignetSignupFlow   *self);

/* The server */
/* Where certificates are trusted and pinned: the store's fingerprint for
 * a server applies to every connection, and trust_certificate() pins. */
void                       signet_signup_flow_set_trust_store    (SignetSignupFlow   *self,
                                                                  SignetTrustStore   *trust);
/* Lets the server step find a Cadmium server at a domain where no XMPP
 * server answers (off by default; the wizard turns it on). */
void                       signet_signup_flow_set_discover_cadmium (SignetSignupFlow *self,
                                                                    gboolean          discover);
void                       signet_signup_flow_set_server         (SignetSignupFlow   *self,
                                                                  const char         *domain,
                                                                  const char         *host,
                                                                  gboolean            direct_tls,
                                                                  const char         *trusted_sha256);
/* An invitation token (from an invitation link, signet-invite-uri.h) that a
 * XEP-0077 sign-up sends before its form; NULL for none. */
void                       signet_signup_flow_set_invite_token   (SignetSignupFlow   *self,
                                                                  const char         *token);
const char                *signet_signup_flow_get_domain         (SignetSignupFlow   *self);
const char                *signet_signup_flow_get_host           (SignetSignupFlow   *self);
gboolean                   signet_signup_flow_get_direct_tls     (SignetSignupFlow   *self);
/* Connects, checks the certificate and fetches the registration form; the
 * form decides the next step: NUMBER, TERMS, FORM or WEB. */
void                       signet_signup_flow_connect            (SignetSignupFlow   *self);
const SignetCertificateInfo *signet_signup_flow_get_certificate  (SignetSignupFlow   *self);
/* Trusts the certificate shown in UNTRUSTED and connects again. */
void                       signet_signup_flow_trust_certificate  (SignetSignupFlow   *self);
void                       signet_signup_flow_reject_certificate (SignetSignupFlow   *self);
const char                *signet_signup_flow_get_terms_url      (SignetSignupFlow   *self);
/* The registration instructions the server sent when it was probed (also
 * when it offers nothing else: error SIGNET_INBAND_ERROR_NOT_OFFERED), or
 * NULL. */
const char                *signet_signup_flow_get_instructions   (SignetSignupFlow   *self);
void                       signet_signup_flow_accept_terms       (SignetSignupFlow   *self,
                                                                  gboolean            accepted);
/* Goes back to SERVER and forgets what this server said. */
void                       signet_signup_flow_change_server      (SignetSignupFlow   *self);

/* Kontalk */
/* What the first request asks for (force, fallback) and which challenge
 * (a SignetChallengeType, or -1 for the server's choice). */
void                       signet_signup_flow_set_request_options (SignetSignupFlow  *self,
                                                                   SignetRequestFlags flags,
                                                                   int                challenge_type);
void                       signet_signup_flow_request            (SignetSignupFlow   *self,
                                                                  const char         *display_name,
                                                                  const char         *e164);
void                       signet_signup_flow_force              (SignetSignupFlow   *self);
void                       signet_signup_flow_fallback           (SignetSignupFlow   *self);
void                       signet_signup_flow_change_number      (SignetSignupFlow   *self);
const char                *signet_signup_flow_get_e164           (SignetSignupFlow   *self);
gboolean                   signet_signup_flow_get_fallback_used  (SignetSignupFlow   *self);
SignetChallenge           *signet_signup_flow_get_challenge      (SignetSignupFlow   *self);
/* Sends @code (NULL for callerid, or to log in again after a refused login). */
void                       signet_signup_flow_verify             (SignetSignupFlow   *self,
                                                                  const char         *code);
/* The Kontalk sign-up under way (its key, its verification), or NULL. */
SignetSignup              *signet_signup_flow_get_signup         (SignetSignupFlow   *self);
/* Stores the passphrase again after a keyring error on DONE. */
void                       signet_signup_flow_store_secret       (SignetSignupFlow   *self);

/* Continuing a sign-up left by an earlier run */
void                       signet_signup_flow_load_pending       (SignetSignupFlow   *self);
SignetPendingRegistration *signet_signup_flow_get_pending        (SignetSignupFlow   *self);
void                       signet_signup_flow_resume             (SignetSignupFlow   *self);
void                       signet_signup_flow_start_over         (SignetSignupFlow   *self);

/* XEP-0077 */
SignetInbandRegistration  *signet_signup_flow_get_inband         (SignetSignupFlow   *self);
SignetDataForm            *signet_signup_flow_get_form           (SignetSignupFlow   *self);
/* The form field the last failure is about, or NULL. */
const char                *signet_signup_flow_get_error_field    (SignetSignupFlow   *self);
void                       signet_signup_flow_submit_form        (SignetSignupFlow   *self);

/* Bringing an existing Kontalk account (signet-signup-flow-transfer.c),
 * from NUMBER or CONFLICT.  Each ends in DONE, in CHALLENGE when the
 * server no longer takes the key (re-verified with a forced request,
 * keeping the key), or back on its step with the error. */
void                       signet_signup_flow_choose_key_pack    (SignetSignupFlow   *self,
                                                                  const char         *path);
const char                *signet_signup_flow_get_key_pack       (SignetSignupFlow   *self);
void                       signet_signup_flow_import_key_pack    (SignetSignupFlow   *self,
                                                                  const char         *password);
void                       signet_signup_flow_open_link          (SignetSignupFlow   *self);
/* Whether @text is a link to this server ("<E164>;<domain>;<token>"). */
gboolean                   signet_signup_flow_check_link         (SignetSignupFlow   *self,
                                                                  const char         *text,
                                                                  GError            **error);
void                       signet_signup_flow_link_device        (SignetSignupFlow   *self,
                                                                  const char         *text,
                                                                  const char         *password);

/* Any server */
/* Cadmium: the client, for its "retry-in" countdown; NULL for other servers. */
SignetCadmiumClient       *signet_signup_flow_get_cadmium        (SignetSignupFlow   *self);
void                       signet_signup_flow_register_cadmium   (SignetSignupFlow   *self,
                                                                  const char         *username,
                                                                  const char         *email,
                                                                  const char         *msisdn,
                                                                  const char         *password,
                                                                  gboolean            login_on_success);

SignetAccount             *signet_signup_flow_get_account        (SignetSignupFlow   *self);
/* Why the secret is not in the keyring, or NULL. */
const GError              *signet_signup_flow_get_keyring_error  (SignetSignupFlow   *self);
/* Repeats the operation that failed, when can-retry. */
void                       signet_signup_flow_retry              (SignetSignupFlow   *self);
/* Goes back one step (the number to the server, the code to the number,
 * a refused login to the code), keeping what was said and typed. */
void                       signet_signup_flow_back               (SignetSignupFlow   *self);
/* Stops the operation under way and goes back to the step it started from. */
void                       signet_signup_flow_cancel             (SignetSignupFlow   *self);

G_END_DECLS
