/* signet-personal-key.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SIGNET_PERSONAL_KEY_ERROR (signet_personal_key_error_quark ())

typedef enum
{
  SIGNET_PERSONAL_KEY_ERROR_FAILED,
  /* GnuPG (gpg, gpg-agent, gpgconf) is missing or too old. */
  SIGNET_PERSONAL_KEY_ERROR_ENGINE_UNAVAILABLE,
  /* The private GnuPG home could not be created or used. */
  SIGNET_PERSONAL_KEY_ERROR_HOME,
  /* Name, number or domain cannot make a user id. */
  SIGNET_PERSONAL_KEY_ERROR_INVALID_USER_ID,
  SIGNET_PERSONAL_KEY_ERROR_GENERATION_FAILED,
  /* No secret key with that fingerprint in the home. */
  SIGNET_PERSONAL_KEY_ERROR_NOT_FOUND,
  /* The passphrase does not unlock the key. */
  SIGNET_PERSONAL_KEY_ERROR_BAD_PASSPHRASE,
  SIGNET_PERSONAL_KEY_ERROR_EXPORT_FAILED,
  SIGNET_PERSONAL_KEY_ERROR_IMPORT_FAILED,
  /* The keyring to import holds another key than this one (or more). */
  SIGNET_PERSONAL_KEY_ERROR_WRONG_KEY,
  /* The user id carries no (valid) certification by another key. */
  SIGNET_PERSONAL_KEY_ERROR_NOT_CERTIFIED,
  /* The key to import is already in the home. */
  SIGNET_PERSONAL_KEY_ERROR_EXISTS,
} SignetPersonalKeyError;

GQuark signet_personal_key_error_quark (void);

/* Length of the generated passphrase; its alphabet is [A-Za-z0-9]. */
#define SIGNET_PERSONAL_KEY_PASSPHRASE_LENGTH 40

#define SIGNET_TYPE_PERSONAL_KEY (signet_personal_key_get_type ())

G_DECLARE_FINAL_TYPE (SignetPersonalKey, signet_personal_key, SIGNET, PERSONAL_KEY, GObject)

/* $XDG_DATA_HOME/signet/gnupg: the private GnuPG home, never ~/.gnupg. */
char              *signet_personal_key_get_default_home     (void);

/* sha1hex(@e164) + "@" + @domain, e.g. "+15555215554" →
 * "4bdd4f929f3a1062253e4e496bafba0bdfb5db75@<domain>". */
char              *signet_personal_key_make_jid             (const char           *e164,
                                                             const char           *domain);
/* "Name <jid>"; characters that would break the user id ('<', '>', control
 * characters) are replaced by spaces; an empty name gives "<jid>". */
char              *signet_personal_key_make_user_id         (const char           *name,
                                                             const char           *e164,
                                                             const char           *domain);

/* Generates the Kontalk key (RSA-2048 certify+authenticate primary, ECDSA
 * P-256 signing and ECDH P-256 encryption subkeys, no expiry) protected by a
 * fresh random passphrase, in @home (created 0700 if missing).  Runs on a
 * worker thread; takes a few seconds. */
void               signet_personal_key_generate_async       (const char           *home,
                                                             const char           *name,
                                                             const char           *e164,
                                                             const char           *domain,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
SignetPersonalKey *signet_personal_key_generate_finish      (GAsyncResult         *result,
                                                             GError              **error);

/* Finds an existing secret key (to resume a registration).  The passphrase
 * is not tried here: see signet_personal_key_check_passphrase().  Blocks
 * briefly (it runs gpg); the _async variant runs on a worker thread. */
SignetPersonalKey *signet_personal_key_load                 (const char           *home,
                                                             const char           *fingerprint,
                                                             const char           *passphrase,
                                                             GError              **error);
void               signet_personal_key_load_async           (const char           *home,
                                                             const char           *fingerprint,
                                                             const char           *passphrase,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
SignetPersonalKey *signet_personal_key_load_finish          (GAsyncResult         *result,
                                                             GError              **error);

const char        *signet_personal_key_get_home             (SignetPersonalKey    *self);
/* 40 uppercase hex digits of the primary key. */
const char        *signet_personal_key_get_fingerprint      (SignetPersonalKey    *self);
/* The first user id, "Name <sha1hex@domain>". */
const char        *signet_personal_key_get_user_id          (SignetPersonalKey    *self);
/* The address inside the user id's angle brackets. */
const char        *signet_personal_key_get_jid              (SignetPersonalKey    *self);
/* Creation time of the primary key, seconds since the epoch. */
gint64             signet_personal_key_get_creation_time    (SignetPersonalKey    *self);
/* Secret: store it in the keyring, never log it. */
const char        *signet_personal_key_get_passphrase       (SignetPersonalKey    *self);

/* The functions below run GnuPG and block; they are safe to call from any
 * thread (each uses its own GnuPG context). */

/* Succeeds if the passphrase unlocks the secret key. */
gboolean           signet_personal_key_check_passphrase     (SignetPersonalKey    *self,
                                                             GError              **error);
/* The transferable public key, binary (not armored), with every signature. */
GBytes            *signet_personal_key_export_public        (SignetPersonalKey    *self,
                                                             GError              **error);
/* The RSA primary secret key as an unencrypted PEM "PRIVATE KEY" (PKCS#8),
 * for TLS, fetched from gpg-agent (EXPORT_KEY, passphrase by loopback).
 * The returned bytes are wiped when freed; never write them anywhere
 * except through signet_key_files_new(). */
GBytes            *signet_personal_key_export_tls_key       (SignetPersonalKey    *self,
                                                             GError              **error);
/* Imports the keyring the server returned after certifying the user id and
 * checks that the user id now carries a certification (class 0x10–0x13) by
 * another key.  If @server_key (a public key, binary or armored) is given,
 * the certification must be by that key and verify.  @keyring must hold
 * this key and nothing else.  @certifier_key_id receives the certifier's
 * 16-digit key id. */
gboolean           signet_personal_key_import_signed        (SignetPersonalKey    *self,
                                                             GBytes               *keyring,
                                                             GBytes               *server_key,
                                                             char                **certifier_key_id,
                                                             GError              **error);
void               signet_personal_key_import_signed_async  (SignetPersonalKey    *self,
                                                             GBytes               *keyring,
                                                             GBytes               *server_key,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
/* Returns the certifier's key id, or NULL with @error set. */
char              *signet_personal_key_import_signed_finish (SignetPersonalKey    *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
/* Removes the key (public and secret) from its home, e.g. after an
 * abandoned registration. */
gboolean           signet_personal_key_delete               (SignetPersonalKey    *self,
                                                             GError              **error);
/* The same for a key that cannot be unlocked any more (its passphrase is
 * gone): by @fingerprint, from @home.  Blocks. */
gboolean           signet_personal_key_delete_fingerprint   (const char           *home,
                                                             const char           *fingerprint,
                                                             GError              **error);

/* The fingerprints of the secret keys in @home whose user id is @jid
 * (upper case; empty when there is no home).  Blocks. */
GStrv              signet_personal_key_list_for_jid         (const char           *home,
                                                             const char           *jid,
                                                             GError              **error);

/* Moving the key between devices (signet-key-transfer.c).  Each runs GnuPG
 * in a scratch home and blocks. */

/* The secret key (primary key and subkeys), armored, protected by
 * @password instead of its own passphrase; the key in its home is not
 * touched. */
GBytes            *signet_personal_key_export_secret        (SignetPersonalKey    *self,
                                                             const char           *password,
                                                             GError              **error);
/* The same, not armored: what Kontalk's device linking uploads. */
GBytes            *signet_personal_key_export_secret_binary (SignetPersonalKey   *self,
                                                             const char           *password,
                                                             GError              **error);
/* The public key with every signature, armored. */
GBytes            *signet_personal_key_export_public_armored (SignetPersonalKey   *self,
                                                             GError              **error);
/* Whether a key already in a home is of use (its passphrase is held):
 * see signet_personal_key_import_secret(). */
typedef gboolean (*SignetPersonalKeyInUseFunc) (const char *fingerprint);

/* Imports the one secret key in @secret_key (armored or binary, protected
 * by @password) and the signatures of @public_keyring (may be NULL) into
 * @home, protected there by a fresh random passphrase (see
 * get_passphrase()).  A wrong password fails with BAD_PASSPHRASE; on any
 * failure @home is left as it was. */
SignetPersonalKey *signet_personal_key_import_secret        (const char           *home,
                                                             GBytes               *secret_key,
                                                             GBytes               *public_keyring,
                                                             const char           *password,
                                                             SignetPersonalKeyInUseFunc in_use,
                                                             GError              **error);

/* Key rollover (signet-key-revocation.c). */

/* The public key, binary, with a revocation signature by itself, as a key
 * rollover sends it; the key in its home is not revoked.  Uses the
 * revocation certificate GnuPG stored when it generated the key, or makes
 * one with gpg --gen-revoke.  Blocks. */
GBytes            *signet_personal_key_export_revoked       (SignetPersonalKey    *self,
                                                             GError              **error);
/* Removes the revocation certificate GnuPG stored for the key, once the
 * key is gone. */
void               signet_personal_key_forget_revocation    (SignetPersonalKey    *self);

/* Stops the gpg-agent serving @home (it is started on demand and would
 * otherwise linger).  Blocks until gpgconf returns. */
gboolean           signet_personal_key_stop_agent           (const char           *home,
                                                             GError              **error);

G_END_DECLS
