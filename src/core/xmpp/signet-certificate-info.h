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
/* The same, with a warning when @fingerprint is set but not a SHA-256. */
char                  *signet_certificate_normalize_trusted_sha256 (const char        *fingerprint);

/* Distinguished names as the TLS library prints them: OpenSSL's
 * "/C=IT/O=Example/CN=host" (escaped "\xC3\xA8") or RFC 4514's
 * "CN=host,O=Example".  Returns the attributes, most specific first, as
 * "TYPE=value" with the value's escapes decoded; NULL if @name is neither. */
GStrv                  signet_certificate_split_name           (const char            *name);
/* The value of the most specific @type ("CN", "O") in @name, or NULL. */
char                  *signet_certificate_dup_name_part        (const char            *name,
                                                                const char            *type);
/* A validity time as the TLS library prints it: OpenSSL's
 * "Dec  6 19:16:46 2026 GMT", ctime()'s "Sun Dec  6 19:16:46 2026" (local
 * time) or ISO 8601 ("2026-12-06", "2026-12-06T19:16:46Z"); NULL if none. */
GDateTime             *signet_certificate_parse_time           (const char            *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetCertificateInfo, signet_certificate_info_free)

G_END_DECLS
