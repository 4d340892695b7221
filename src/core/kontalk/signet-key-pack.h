/* signet-key-pack.h: Kontalk's key pack (kontalk-keys.zip), the file that
 * moves a personal key between devices, compatible with Android's.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-personal-key.h"

G_BEGIN_DECLS

#define SIGNET_KEY_PACK_ERROR (signet_key_pack_error_quark ())

typedef enum
{
  SIGNET_KEY_PACK_ERROR_FAILED,
  /* Not a key pack, a damaged or hostile one, or the wrong password: one
   * error, so that the pack does not tell which. */
  SIGNET_KEY_PACK_ERROR_BAD_KEY_PACK,
} SignetKeyPackError;

GQuark signet_key_pack_error_quark (void);

/* The names inside the zip, as Android writes and reads them. */
#define SIGNET_KEY_PACK_PUBLIC_KEY   "kontalk-public.asc"
#define SIGNET_KEY_PACK_PRIVATE_KEY  "kontalk-private.asc"
#define SIGNET_KEY_PACK_LOGIN_P12    "kontalk-login.p12"
#define SIGNET_KEY_PACK_ACCOUNT_INFO "account-info.properties"
#define SIGNET_KEY_PACK_TRUSTED      "trusted.properties"
/* Android reads at most this much of each file. */
#define SIGNET_KEY_PACK_MAX_ENTRY_SIZE (100 * 1024)
/* A key pack is a few kilobytes; anything much larger is not one. */
#define SIGNET_KEY_PACK_MAX_SIZE (1024 * 1024)
/* Android's minimum export password length (the wizard warns below 8). */
#define SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH 4

#define SIGNET_TYPE_KEY_PACK (signet_key_pack_get_type ())

G_DECLARE_FINAL_TYPE (SignetKeyPack, signet_key_pack, SIGNET, KEY_PACK, GObject)

/* Reads the zip in @data: only the known files, each at most
 * SIGNET_KEY_PACK_MAX_ENTRY_SIZE once uncompressed; no password is needed
 * yet.  Safe on any bytes (the fuzz harness's entry point). */
SignetKeyPack *signet_key_pack_new_from_bytes   (GBytes             *data,
                                                 GError            **error);
/* The same for a file, which must be no larger than SIGNET_KEY_PACK_MAX_SIZE. */
SignetKeyPack *signet_key_pack_new_from_file    (const char         *path,
                                                 GError            **error);

/* "+E164" from account-info.properties. */
const char    *signet_key_pack_get_phone        (SignetKeyPack      *self);
GBytes        *signet_key_pack_get_private_key  (SignetKeyPack      *self);
GBytes        *signet_key_pack_get_public_key   (SignetKeyPack      *self);

/* Imports the pack's key into the GnuPG home @home, re-protected by a fresh
 * passphrase, after checking @password and that the key's user id belongs
 * to the pack's number.  Blocks (GnuPG).  Any failure is BAD_KEY_PACK or
 * a SIGNET_PERSONAL_KEY_ERROR of the home, and leaves @home unchanged. */
SignetPersonalKey *signet_key_pack_import_key   (SignetKeyPack      *self,
                                                 const char         *home,
                                                 const char         *password,
                                                 GError            **error);
void           signet_key_pack_import_key_async  (SignetKeyPack      *self,
                                                  const char         *home,
                                                  const char         *password,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
SignetPersonalKey *signet_key_pack_import_key_finish (SignetKeyPack  *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);

/* The zip for @key and @e164, every secret in it protected by @password
 * (at least SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH characters).  Blocks. */
GBytes        *signet_key_pack_export           (SignetPersonalKey  *key,
                                                 const char         *e164,
                                                 const char         *password,
                                                 GError            **error);
void           signet_key_pack_export_async      (SignetPersonalKey  *key,
                                                  const char         *e164,
                                                  const char         *password,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
GBytes        *signet_key_pack_export_finish     (GAsyncResult       *result,
                                                  GError            **error);
/* Writes @zip to @path with mode 0600 (replacing it atomically). */
gboolean       signet_key_pack_save             (GBytes             *zip,
                                                 const char         *path,
                                                 GError            **error);

/* Whether @key's first user id is sha1(@e164)@domain. */
gboolean       signet_key_pack_key_matches_phone (SignetPersonalKey *key,
                                                  const char        *e164);

G_END_DECLS
