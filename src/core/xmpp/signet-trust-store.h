/* signet-trust-store.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-connection.h"

G_BEGIN_DECLS

#define SIGNET_TRUST_STORE_ERROR (signet_trust_store_error_quark ())

typedef enum
{
  /* Not a SHA-256 fingerprint. */
  SIGNET_TRUST_STORE_ERROR_INVALID_FINGERPRINT,
} SignetTrustStoreError;

GQuark signet_trust_store_error_quark (void);

#define SIGNET_TYPE_TRUST_STORE (signet_trust_store_get_type ())

G_DECLARE_FINAL_TYPE (SignetTrustStore, signet_trust_store, SIGNET, TRUST_STORE, GObject)

/* @settings: (nullable): settings with the "pinned-certificates" key; with
 * %NULL, pins last as long as the store. */
SignetTrustStore *signet_trust_store_new                 (GSettings            *settings);
/* Signet's own settings when their schema is installed, else none. */
SignetTrustStore *signet_trust_store_new_default         (void);

GSettings        *signet_trust_store_get_settings        (SignetTrustStore     *self);

/* The fingerprint pinned for @domain, or %NULL. */
char             *signet_trust_store_dup_pinned          (SignetTrustStore     *self,
                                                          const char           *domain);
/* The fingerprint to accept for @domain: one trusted temporarily, else
 * the pinned one; %NULL when there is none. */
char             *signet_trust_store_dup_trusted         (SignetTrustStore     *self,
                                                          const char           *domain);
/* Trusts @sha256 for @domain from now on, replacing an earlier pin. */
gboolean          signet_trust_store_pin                 (SignetTrustStore     *self,
                                                          const char           *domain,
                                                          const char           *sha256,
                                                          GError              **error);
/* Trusts @sha256 for @domain as long as the store lives, without saving
 * it; @sha256 %NULL forgets it. */
gboolean          signet_trust_store_trust_temporarily   (SignetTrustStore     *self,
                                                          const char           *domain,
                                                          const char           *sha256,
                                                          GError              **error);
/* Sets the fingerprint trusted for @connection's domain, if any, on it. */
void              signet_trust_store_apply               (SignetTrustStore     *self,
                                                          SignetConnection     *connection);

G_END_DECLS
