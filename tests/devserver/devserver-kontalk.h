/* devserver-kontalk.h: Kontalk's registration logic and the state shared by
 * every connection of the development server
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <openssl/x509.h>

#include "signet-xml-node.h"

G_BEGIN_DECLS

#define DEVSERVER_ERROR (devserver_error_quark ())

typedef enum
{
  DEVSERVER_ERROR_INVALID_OPTION,
  /* A key or certificate that Kontalk would answer "Invalid public key." */
  DEVSERVER_ERROR_INVALID_KEY,
  /* GnuPG itself failed: "Internal PGP error." */
  DEVSERVER_ERROR_PGP,
} DevserverError;

GQuark devserver_error_quark (void);

#define DEVSERVER_NS_REGISTER_CODE    "http://kontalk.org/protocol/register#code"
#define DEVSERVER_NS_REGISTER_ACCOUNT "http://kontalk.org/protocol/register#account"
#define DEVSERVER_NS_REGISTER_PRIVATEKEY "http://kontalk.org/protocol/register#privatekey"

typedef enum
{
  DEVSERVER_CHALLENGE_NONE,
  DEVSERVER_CHALLENGE_PIN,
  DEVSERVER_CHALLENGE_MISSEDCALL,
  DEVSERVER_CHALLENGE_CALLERID,
} DevserverChallenge;

const char *devserver_challenge_to_string   (DevserverChallenge  challenge);
/* Accepts "pin", "missedcall", "callerid" and, when @allow_none, "none". */
gboolean    devserver_challenge_from_string (const char         *text,
                                             gboolean            allow_none,
                                             DevserverChallenge *challenge);

/* What the command line configures; only read by devserver_kontalk_new(),
 * which copies what it keeps. */
typedef struct
{
  const char          *domain;
  gboolean             registration_enabled;
  /* Kontalk's service-terms-url; NULL when the server has no terms. */
  const char          *terms_url;
  DevserverChallenge   default_challenge;
  /* DEVSERVER_CHALLENGE_NONE for a server without a fallback provider. */
  DevserverChallenge   fallback_challenge;
  /* Further providers, only reachable through the "challenge" field. */
  const DevserverChallenge *extra_challenges;
  guint                n_extra_challenges;
  /* Providers of these types fail to send (bit 1 << DevserverChallenge). */
  guint                failing_challenges;
  guint                throttle_window_seconds;
  guint                throttle_attempts;
  /* 0: a pending verification never expires. */
  guint                code_expiry_seconds;
  const char          *brand_image;
  const char          *brand_link;
  const char          *codes_file;
  /* E.164 numbers that already have an account. */
  const char * const  *registered;
  /* Where the GnuPG home goes; NULL for a temporary directory. */
  const char          *state_dir;
  /* A callerid verification succeeds only this long after the request:
   * before that, the call "has not arrived yet". */
  guint                callerid_delay_ms;
  /* Faults: the code step answers with the key uncertified, or with
   * garbage instead of a key; every SASL login fails. */
  gboolean             no_certify;
  gboolean             garbage_key;
  gboolean             refuse_login;
  /* Faults of the key rollovers of these E.164 numbers: the revocation is
   * "invalid"; the connection is dropped as the new key arrives, before
   * any answer (the first time only); the new key is taken and the answer
   * garbled (the first time only). */
  const char * const  *refuse_revocation;
  const char * const  *drop_rekey;
  const char * const  *garble_rekey;
} DevserverKontalkOptions;

/* One client connection as the registration logic sees it. */
typedef struct
{
  /* The client's IP address, the key of IP throttling. */
  const char *address;
  /* The TLS client certificate (Kontalk's bridge certificate) or NULL. */
  X509       *certificate;
  /* The bare JID after a successful SASL login, else NULL. */
  const char *jid;
} DevserverPeer;

/* A verification started by an "iq set" with a phone number and kept for
 * the code step on a later connection.  Kontalk keeps these in memory
 * too, so they are lost when the server restarts. */
typedef struct
{
  char               *jid;
  char               *e164;
  /* NULL for callerid, which has no code. */
  char               *code;
  DevserverChallenge  challenge;
  gint64              created;  /* g_get_monotonic_time () */
} DevserverVerification;

void                   devserver_verification_free (DevserverVerification *self);

typedef struct _DevserverKontalk DevserverKontalk;

DevserverKontalk      *devserver_kontalk_new         (const DevserverKontalkOptions *options,
                                                      GError                       **error);
void                   devserver_kontalk_free        (DevserverKontalk             *self);
/* Stops GnuPG's agent and removes temporary files; for the exit path,
 * while client threads may still hold @self. */
void                   devserver_kontalk_cleanup     (DevserverKontalk             *self);
const char            *devserver_kontalk_get_domain  (DevserverKontalk             *self);
gboolean               devserver_kontalk_get_registration_enabled (DevserverKontalk *self);

/* Answers an <iq/> of type get or set whose child is a jabber:iq:register
 * <query/>; returns the reply stanza.  Safe to call from any thread. */
SignetXmlNode         *devserver_kontalk_handle_iq   (DevserverKontalk             *self,
                                                      const DevserverPeer          *peer,
                                                      SignetXmlNode                *iq);

/* With the drop_rekey fault, whether @iq (a jabber:iq:register set) is the
 * first key rollover of its sender, whose connection must be dropped
 * unanswered. */
gboolean               devserver_kontalk_drops       (DevserverKontalk             *self,
                                                      const DevserverPeer          *peer,
                                                      SignetXmlNode                *iq);
/* The same for the garble_rekey fault: the key is taken, and the answer
 * to @iq must be garbled. */
gboolean               devserver_kontalk_garbles     (DevserverKontalk             *self,
                                                      const DevserverPeer          *peer,
                                                      SignetXmlNode                *iq);

/* Answers an <iq/> whose child is a urn:xmpp:pubkey:2 <pubkey/> (XEP-0189)
 * as Kontalk's PublicKeyPublish does; NULL when Kontalk would not answer. */
SignetXmlNode         *devserver_kontalk_handle_pubkey (DevserverKontalk           *self,
                                                        const DevserverPeer        *peer,
                                                        SignetXmlNode              *iq);

/* SASL EXTERNAL with the bridge certificate, checked as Kontalk's
 * KontalkCertificateCallbackHandler does.  @authzid is the decoded
 * authorization identity or NULL.  Returns the bare JID now logged in
 * (and prints its LOGIN line), or NULL. */
char                  *devserver_kontalk_login       (DevserverKontalk             *self,
                                                      const DevserverPeer          *peer,
                                                      const char                   *authzid);

/* Stops taking the key of every account (SIGUSR1), as when the number was
 * registered again elsewhere, and prints "FORGOTTEN <n>". */
void                   devserver_kontalk_forget_keys (DevserverKontalk             *self);
/* A copy of the pending verification for @jid (bare JID), or NULL. */
DevserverVerification *devserver_kontalk_dup_verification (DevserverKontalk *self,
                                                           const char       *jid);
/* Ends a verification successfully: the JID now has an account with the
 * key @fingerprint, so a later request without force meets conflict.  An
 * account the JID had before is deleted first, and its contacts are told
 * (the UNSUBSCRIBED line). */
void                   devserver_kontalk_complete_verification (DevserverKontalk *self,
                                                                const char       *jid,
                                                                const char       *fingerprint);

/* Stanza helpers shared with the connection code. */
SignetXmlNode *devserver_stanza_new_reply (SignetXmlNode *request,
                                           const char    *from,
                                           const char    *type);
/* An error reply: <error code type><condition/><text xml:lang='en'/></error>,
 * after a copy of the request's children when @echo is set (Kontalk's
 * server echoes the request in most of its errors). */
SignetXmlNode *devserver_stanza_new_error (SignetXmlNode *request,
                                           const char    *from,
                                           const char    *condition,
                                           const char    *type,
                                           guint          code,
                                           const char    *text,
                                           gboolean       echo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevserverVerification, devserver_verification_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevserverKontalk, devserver_kontalk_free)

G_END_DECLS
