/* signet-server-probe.h: what kind of sign-up a server offers, found on one
 * connection that the sign-up then goes on with.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-connection.h"
#include "signet-data-form.h"
#include "signet-register-client.h"
#include "signet-stanza-error.h"

G_BEGIN_DECLS

/* How a server signs people up, as its registration form tells. */
typedef enum
{
  /* No sign-up: the server refused to send a form, or sent nothing usable. */
  SIGNET_SERVER_KIND_NONE,
  /* Kontalk: a data form with a "phone" field. */
  SIGNET_SERVER_KIND_KONTALK,
  /* Any other XEP-0077 form: a data form or legacy fields. */
  SIGNET_SERVER_KIND_XEP0077,
  /* Only an out-of-band URL: sign up on the web. */
  SIGNET_SERVER_KIND_WEB,
  /* No XMPP, but a Cadmium WebSocket at the domain's well-known address. */
  SIGNET_SERVER_KIND_CADMIUM,
} SignetServerKind;

#define SIGNET_TYPE_SERVER_PROBE (signet_server_probe_get_type ())

G_DECLARE_FINAL_TYPE (SignetServerProbe, signet_server_probe, SIGNET, SERVER_PROBE, GObject)

/* @connection carries the server settings (domain, host, TLS, trust).  The
 * probe connects it unless it is connected, with a whitespace keepalive so
 * that the stream outlives a person filling in the form, and leaves it open
 * for the sign-up that follows. */
SignetServerProbe   *signet_server_probe_new                 (SignetConnection   *connection);
SignetConnection    *signet_server_probe_get_connection      (SignetServerProbe  *self);

/* Connects (TLS is required: SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE
 * otherwise), notes the stream features and fetches the registration form,
 * even when the iq-register feature is missing (some servers forget it).
 * Fails only when the connection does (an untrusted certificate, a stream
 * error such as ejabberd's not-authorized when it has no sign-up); a
 * refusal in the reply is kind SIGNET_SERVER_KIND_NONE with get_server_error(). */
void                 signet_server_probe_run_async           (SignetServerProbe  *self,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
gboolean             signet_server_probe_run_finish          (SignetServerProbe  *self,
                                                              GAsyncResult       *result,
                                                              GError            **error);

SignetServerKind     signet_server_probe_get_kind            (SignetServerProbe  *self);
/* Why the last run failed, or NULL. */
const GError        *signet_server_probe_get_error           (SignetServerProbe  *self);
/* Whether a sign-up on @connection can go on from the last run: TRUE with
 * *@error set to a copy of its error if it failed, or with *@error NULL if it
 * got a reply and @connection is still connected; FALSE if it has not run or
 * the stream has closed since. */
gboolean             signet_server_probe_has_outcome         (SignetServerProbe  *self,
                                                              SignetConnection   *connection,
                                                              GError            **error);
/* The server certificate seen during the TLS handshake, trusted or not. */
const SignetCertificateInfo *signet_server_probe_get_certificate (SignetServerProbe *self);
/* The stream advertised http://jabber.org/features/iq-register. */
gboolean             signet_server_probe_get_feature_advertised (SignetServerProbe *self);
/* The stream advertised invitations (XEP-0401/XEP-0445). */
gboolean             signet_server_probe_get_invites_advertised (SignetServerProbe *self);
/* The whole reply to the form request, or NULL before it came. */
SignetRegisterReply *signet_server_probe_get_reply           (SignetServerProbe  *self);
/* Shortcuts into the reply; NULL when it has none. */
SignetDataForm      *signet_server_probe_get_form            (SignetServerProbe  *self);
const char          *signet_server_probe_get_instructions    (SignetServerProbe  *self);
/* The out-of-band sign-up URL, https or not. */
const char          *signet_server_probe_get_web_url         (SignetServerProbe  *self);
const SignetStanzaError *signet_server_probe_get_server_error (SignetServerProbe *self);

/* With discovery on (off by default: only a person typing a bare domain
 * may mean a Cadmium server; a Kontalk or XMPP command knows what it
 * wants, and a dead server must fail without a second attempt), when the
 * stream fails for any reason but a certificate or a cancel, the probe looks for a Cadmium server at the domain's well-known WebSocket
 * address (SIGNET_CADMIUM_WELL_KNOWN_PATH on port 443, or on the connection's
 * host and port when it has them), trusting what the connection trusts.
 * Found: the run succeeds with kind SIGNET_SERVER_KIND_CADMIUM.  Its
 * certificate refused: the run fails with that error and get_certificate()
 * is the WebSocket's.  Anything else: the stream's error stands. */
const char          *signet_server_probe_get_cadmium_url     (SignetServerProbe  *self);
/* How long the discovery may take (default
 * SIGNET_CADMIUM_DISCOVERY_TIMEOUT_SECONDS). */
void                 signet_server_probe_set_cadmium_timeout (SignetServerProbe  *self,
                                                              guint               seconds);
void                 signet_server_probe_set_discover_cadmium (SignetServerProbe *self,
                                                               gboolean           discover);

G_END_DECLS
