/* signet-provision-client.h: accounts through a mod_register_json servlet.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-certificate-info.h"
#include "signet-provision-answer.h"
#include "signet-trust-store.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_PROVISION_CLIENT (signet_provision_client_get_type ())

G_DECLARE_FINAL_TYPE (SignetProvisionClient, signet_provision_client, SIGNET, PROVISION_CLIENT, GObject)

/* @url: the servlet's https:// address (its base path, such as
 * "https://host:5281/register_account/"); anything else is refused with
 * SIGNET_PROVISION_ERROR_INSECURE_URL or _INVALID_URL. */
SignetProvisionClient       *signet_provision_client_new              (const char            *url,
                                                                       GError               **error);
/* The base address, always ending in "/". */
const char                  *signet_provision_client_get_url          (SignetProvisionClient *self);
/* Where a person activates the account: the base address plus "verify/". */
const char                  *signet_provision_client_get_verify_url   (SignetProvisionClient *self);
/* The host the trust store is asked about. */
const char                  *signet_provision_client_get_host         (SignetProvisionClient *self);
void                         signet_provision_client_set_auth_token   (SignetProvisionClient *self,
                                                                       const char            *auth_token);
/* A certificate the system does not trust is accepted only when its
 * SHA-256 is the one @trust_store trusts for the host; %NULL: none is. */
void                         signet_provision_client_set_trust_store  (SignetProvisionClient *self,
                                                                       SignetTrustStore      *trust_store);
void                         signet_provision_client_set_timeout      (SignetProvisionClient *self,
                                                                       guint                  seconds);
/* The certificate refused by the last call, or %NULL. */
const SignetCertificateInfo *signet_provision_client_get_certificate  (SignetProvisionClient *self);
/* What the servlet said with the last refusal, or %NULL. */
const char                  *signet_provision_client_get_server_text  (SignetProvisionClient *self);
/* The HTTP status of the last answer, 0 when none came. */
guint                        signet_provision_client_get_status       (SignetProvisionClient *self);

/* Asks the servlet to register @username; @ip is the address of the person
 * signing up, which the servlet throttles and may block.  The finish call
 * returns the token that activates the account. */
void                         signet_provision_client_register_async   (SignetProvisionClient *self,
                                                                       const char            *username,
                                                                       const char            *password,
                                                                       const char            *mail,
                                                                       const char            *ip,
                                                                       GCancellable          *cancellable,
                                                                       GAsyncReadyCallback    callback,
                                                                       gpointer               user_data);
char                        *signet_provision_client_register_finish  (SignetProvisionClient *self,
                                                                       GAsyncResult          *result,
                                                                       GError               **error);
/* Activates the account waiting for @token, through the verify page;
 * SIGNET_PROVISION_ERROR_TOKEN_INVALID when the token is invalid or has
 * expired. */
void                         signet_provision_client_verify_async     (SignetProvisionClient *self,
                                                                       const char            *token,
                                                                       GCancellable          *cancellable,
                                                                       GAsyncReadyCallback    callback,
                                                                       gpointer               user_data);
gboolean                     signet_provision_client_verify_finish    (SignetProvisionClient *self,
                                                                       GAsyncResult          *result,
                                                                       GError               **error);

G_END_DECLS
