/* signet-certificate-info.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a person needs to decide whether to trust a server certificate. */
typedef struct _SignetCertificateInfo SignetCertificateInfo;

#define SIGNET_TYPE_CERTIFICATE_INFO (signet_certificate_info_get_type ())

GType                  signet_certificate_info_get_type        (void) G_GNUC_CONST;
SignetCertificateInfo *signet_certificate_info_new             (const char            *subject,
                                                                const char            *issuer,
                                                                const char            *not_before,
                                                                const char            *not_after,
                                                                const char            *sha256,
                                                                const char            *problem);
SignetCertificateInfo *signet_certificate_info_copy            (const SignetCertificateInfo *self);
void                   signet_certificate_info_free            (SignetCertificateInfo *self);
const char            *signet_certificate_info_get_subject     (const SignetCertificateInfo *self);
const char            *signet_certificate_info_get_issuer      (const SignetCertificateInfo *self);
const char            *signet_certificate_info_get_not_before  (const SignetCertificateInfo *self);
const char            *signet_certificate_info_get_not_after   (const SignetCertificateInfo *self);
/* Lowercase hex, no separators. */
const char            *signet_certificate_info_get_sha256      (const SignetCertificateInfo *self);
/* Why verification failed (e.g. "self-signed certificate"), or NULL. */
const char            *signet_certificate_info_get_problem     (const SignetCertificateInfo *self);
/* Normalises "AB:CD:…" or "abcd…" to lowercase hex; NULL if not a SHA-256. */
char                  *signet_certificate_normalize_sha256     (const char            *fingerprint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetCertificateInfo, signet_certificate_info_free)

G_END_DECLS
