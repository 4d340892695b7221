/* signet-account.h: what Signet remembers about an account it registered
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  /* A Kontalk account; its secret is the OpenPGP key's passphrase. */
  SIGNET_ACCOUNT_KIND_KONTALK,
  /* An XEP-0077 account; its secret is the password. */
  SIGNET_ACCOUNT_KIND_XMPP,
  /* The key passphrase of a Kontalk registration not yet verified.  Used only
   * for keyring items (see signet-pending-registration.h), never by records. */
  SIGNET_ACCOUNT_KIND_KONTALK_PENDING,
  /* A Cadmium account (CPE#3); its secret is the password. */
  SIGNET_ACCOUNT_KIND_CADMIUM,
  /* The login token a Cadmium server gave at sign-up.  Used only for
   * keyring items, never by records. */
  SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN,
} SignetAccountKind;

/* "kontalk", "xmpp", "kontalk-pending": the "kind" attribute and record field. */
const char *signet_account_kind_to_string      (SignetAccountKind  kind);
gboolean    signet_account_kind_from_string    (const char        *string,
                                                SignetAccountKind *kind);

#define SIGNET_TYPE_ACCOUNT (signet_account_get_type ())

G_DECLARE_FINAL_TYPE (SignetAccount, signet_account, SIGNET, ACCOUNT, GObject)

/* What Signet remembers about an account it registered.  Never a secret:
 * those are in the keyring only (see signet-secret-store.h); the records on
 * disk are signet-account-store.h's. */
SignetAccount     *signet_account_new                   (SignetAccountKind  kind,
                                                         const char        *server,
                                                         const char        *jid);
/* SIGNET_ACCOUNT_KIND_KONTALK or SIGNET_ACCOUNT_KIND_XMPP. */
SignetAccountKind  signet_account_get_kind              (SignetAccount     *self);
const char        *signet_account_get_server            (SignetAccount     *self);
const char        *signet_account_get_jid               (SignetAccount     *self);
/* E.164 ("+15555215554") for Kontalk accounts, NULL for XMPP ones.  Personal
 * data: never log it. */
const char        *signet_account_get_phone             (SignetAccount     *self);
void               signet_account_set_phone             (SignetAccount     *self,
                                                         const char        *phone);
const char        *signet_account_get_display_name      (SignetAccount     *self);
void               signet_account_set_display_name      (SignetAccount     *self,
                                                         const char        *display_name);
/* The OpenPGP key's fingerprint (Kontalk), or NULL. */
const char        *signet_account_get_fingerprint       (SignetAccount     *self);
void               signet_account_set_fingerprint       (SignetAccount     *self,
                                                         const char        *fingerprint);
/* When the account was registered; signet_account_new() sets "now". */
GDateTime         *signet_account_get_created           (SignetAccount     *self);
void               signet_account_set_created           (SignetAccount     *self,
                                                         GDateTime         *created);
/* Whether the secret made it into the keyring (it may not have: see
 * KEYRING_UNAVAILABLE), so the UI can offer to save it again. */
gboolean           signet_account_get_keyring_stored    (SignetAccount     *self);
void               signet_account_set_keyring_stored    (SignetAccount     *self,
                                                         gboolean           keyring_stored);

/* How the server was reached when the account was made, for the next
 * connections: a host and port instead of the domain's SRV records (NULL
 * and 0 for those), direct TLS instead of STARTTLS, and the SHA-256
 * fingerprint of a certificate the person trusted (NULL for none). */
const char        *signet_account_get_host              (SignetAccount     *self);
guint16            signet_account_get_port              (SignetAccount     *self);
gboolean           signet_account_get_direct_tls        (SignetAccount     *self);
const char        *signet_account_get_trusted_sha256    (SignetAccount     *self);
void               signet_account_set_connection        (SignetAccount     *self,
                                                         const char        *host,
                                                         guint16            port,
                                                         gboolean           direct_tls,
                                                         const char        *trusted_sha256);

G_END_DECLS
