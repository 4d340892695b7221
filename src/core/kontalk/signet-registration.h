/* signet-registration.h: the Kontalk phone sign-up flow.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-challenge.h"
#include "signet-connection.h"
#include "signet-data-form.h"
#include "signet-server-probe.h"
#include "signet-stanza-error.h"

G_BEGIN_DECLS

#define SIGNET_REGISTRATION_ERROR (signet_registration_error_quark ())

/* What went wrong, as a person needs to know it. */
typedef enum
{
  /* A server error with no more specific meaning; see the stanza error. */
  SIGNET_REGISTRATION_ERROR_FAILED,
  /* The server does not offer in-band registration. */
  SIGNET_REGISTRATION_ERROR_NOT_OFFERED,
  /* The number is registered already; a request with force may follow. */
  SIGNET_REGISTRATION_ERROR_CONFLICT,
  /* Too many attempts for this number, prefix or network. */
  SIGNET_REGISTRATION_ERROR_THROTTLED,
  SIGNET_REGISTRATION_ERROR_BAD_NUMBER,
  SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED,
  /* The server could not send the code (no provider worked). */
  SIGNET_REGISTRATION_ERROR_CANNOT_SEND,
  /* The server's reply made no sense. */
  SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
  /* The code was wrong or expired. */
  SIGNET_REGISTRATION_ERROR_CODE_REFUSED,
  /* The server refused the personal key or its certificate. */
  SIGNET_REGISTRATION_ERROR_KEY_REFUSED,
  SIGNET_REGISTRATION_ERROR_SERVER_INTERNAL,
  /* This server signs up with another flow (a generic form or the web). */
  SIGNET_REGISTRATION_ERROR_NOT_PHONE_FLOW,
  /* The key the server returned carries no certification (by its key). */
  SIGNET_REGISTRATION_ERROR_NOT_CERTIFIED,
  /* The first login with the certified key was refused. */
  SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED,
} SignetRegistrationError;

GQuark signet_registration_error_quark (void);

/* Which step a stanza error answered: the same condition means different
 * things at different steps (bad-request on the code is a wrong code). */
typedef enum
{
  SIGNET_REGISTRATION_STEP_FORM,
  SIGNET_REGISTRATION_STEP_REQUEST,
  SIGNET_REGISTRATION_STEP_CODE,
} SignetRegistrationStep;

/* Maps a server's stanza error to a registration error with a specific,
 * translated message.  Never returns NULL. */
GError *signet_registration_error_from_stanza_error (const SignetStanzaError *error,
                                                     SignetRegistrationStep   step);

/* What the registration form says about how to sign up on this server. */
typedef enum
{
  /* Kontalk: the form has a "phone" field. */
  SIGNET_REGISTRATION_FLOW_PHONE,
  /* Any XEP-0077 data form or legacy fields. */
  SIGNET_REGISTRATION_FLOW_FORM,
  /* Only an out-of-band URL: sign up on the web. */
  SIGNET_REGISTRATION_FLOW_WEB,
  /* No XMPP: the probe found a Cadmium server (signet_server_probe_get_cadmium_url()). */
  SIGNET_REGISTRATION_FLOW_CADMIUM,
} SignetRegistrationFlow;

typedef enum
{
  SIGNET_REQUEST_FLAGS_NONE         = 0,
  /* Register even though the number is registered (cuts off the other device). */
  SIGNET_REQUEST_FLAGS_FORCE        = 1 << 0,
  /* Ask the server's fallback provider ("try another way"). */
  SIGNET_REQUEST_FLAGS_FALLBACK     = 1 << 1,
  SIGNET_REQUEST_FLAGS_ACCEPT_TERMS = 1 << 2,
} SignetRequestFlags;

#define SIGNET_TYPE_REGISTRATION (signet_registration_get_type ())

G_DECLARE_FINAL_TYPE (SignetRegistration, signet_registration, SIGNET, REGISTRATION, GObject)

/* @connection carries the server settings (domain, host, TLS, trust); the
 * registration connects it when needed and reconnects after a drop. */
SignetRegistration    *signet_registration_new              (SignetConnection      *connection);
/* Goes on from a probe that found a Kontalk server, on its connection: the
 * first fetch takes the form the probe fetched instead of asking again. */
SignetRegistration    *signet_registration_new_for_probe    (SignetServerProbe     *probe);
SignetConnection      *signet_registration_get_connection   (SignetRegistration    *self);

/* Whether the probe may find a Cadmium server when no XMPP server answers
 * (off by default). */
void                   signet_registration_set_discover_cadmium (SignetRegistration *self,
                                                                 gboolean            discover);
/* Connects, checks the iq-register stream feature and fetches the form with
 * a SignetServerProbe, whose kind decides get_flow(). */
void                   signet_registration_fetch_form_async (SignetRegistration    *self,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
gboolean               signet_registration_fetch_form_finish (SignetRegistration   *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* The probe the last fetch made, on this registration's connection, or
 * NULL.  A server that is not Kontalk's signs up on that same stream with
 * signet_inband_registration_new_for_probe(). */
SignetServerProbe     *signet_registration_get_probe        (SignetRegistration    *self);
SignetRegistrationFlow signet_registration_get_flow         (SignetRegistration    *self);
/* The form as fetched, or NULL before fetching or for legacy/web servers. */
SignetDataForm        *signet_registration_get_form         (SignetRegistration    *self);
const char            *signet_registration_get_instructions (SignetRegistration    *self);
/* The terms URL when the server requires accepting terms, else NULL. */
const char            *signet_registration_get_terms_url    (SignetRegistration    *self);
gboolean               signet_registration_get_requires_terms (SignetRegistration  *self);
/* The web sign-up URL for SIGNET_REGISTRATION_FLOW_WEB, else NULL. */
const char            *signet_registration_get_web_url      (SignetRegistration    *self);

/* Asks the server to verify @e164 ("+15555215554").  @challenge is the
 * preferred challenge type or -1 for the server's choice; it is not sent
 * together with SIGNET_REQUEST_FLAGS_FALLBACK. */
void                   signet_registration_request_async    (SignetRegistration    *self,
                                                             const char            *e164,
                                                             SignetRequestFlags     flags,
                                                             int                    challenge,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
SignetChallenge       *signet_registration_request_finish   (SignetRegistration    *self,
                                                             GAsyncResult          *result,
                                                             GError               **error);

/* The server's stanza error behind the last failure, or NULL. */
const SignetStanzaError *signet_registration_get_server_error (SignetRegistration *self);

G_END_DECLS
