/* signet-certificate-info.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-certificate-info.h"

#define SHA256_HEX_LENGTH 64

struct _SignetCertificateInfo
{
  char *subject;
  char *issuer;
  char *not_before;
  char *not_after;
  char *sha256;
  char *problem;
};

G_DEFINE_BOXED_TYPE (SignetCertificateInfo, signet_certificate_info,
                     signet_certificate_info_copy, signet_certificate_info_free)

/* Empty strings carry no information, so they are stored as NULL: callers
 * only need one test for "not known". */
static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/**
 * signet_certificate_info_new:
 * @sha256: the fingerprint, in any form signet_certificate_normalize_sha256()
 *   accepts
 *
 * Returns: (transfer full): a new #SignetCertificateInfo
 */
SignetCertificateInfo *
signet_certificate_info_new (const char *subject,
                             const char *issuer,
                             const char *not_before,
                             const char *not_after,
                             const char *sha256,
                             const char *problem)
{
  SignetCertificateInfo *self = g_new0 (SignetCertificateInfo, 1);

  self->subject = dup_or_null (subject);
  self->issuer = dup_or_null (issuer);
  self->not_before = dup_or_null (not_before);
  self->not_after = dup_or_null (not_after);
  self->sha256 = signet_certificate_normalize_sha256 (sha256);
  self->problem = dup_or_null (problem);

  return self;
}

SignetCertificateInfo *
signet_certificate_info_copy (const SignetCertificateInfo *self)
{
  SignetCertificateInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (SignetCertificateInfo, 1);
  copy->subject = g_strdup (self->subject);
  copy->issuer = g_strdup (self->issuer);
  copy->not_before = g_strdup (self->not_before);
  copy->not_after = g_strdup (self->not_after);
  copy->sha256 = g_strdup (self->sha256);
  copy->problem = g_strdup (self->problem);

  return copy;
}

void
signet_certificate_info_free (SignetCertificateInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->subject);
  g_free (self->issuer);
  g_free (self->not_before);
  g_free (self->not_after);
  g_free (self->sha256);
  g_free (self->problem);
  g_free (self);
}

const char *
signet_certificate_info_get_subject (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->subject;
}

const char *
signet_certificate_info_get_issuer (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->issuer;
}

const char *
signet_certificate_info_get_not_before (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->not_before;
}

const char *
signet_certificate_info_get_not_after (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->not_after;
}

const char *
signet_certificate_info_get_sha256 (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sha256;
}

const char *
signet_certificate_info_get_problem (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->problem;
}

/**
 * signet_certificate_normalize_sha256:
 * @fingerprint: (nullable): "AB:CD:…", "ab cd …" or "abcd…"
 *
 * Colons and white space are dropped so that a fingerprint copied from
 * `openssl x509 -fingerprint` or from a web page compares equal to the one
 * libstrophe reports.
 *
 * Returns: (transfer full) (nullable): 64 lowercase hex digits, or %NULL if
 *   @fingerprint is not a SHA-256 fingerprint
 */
char *
signet_certificate_normalize_sha256 (const char *fingerprint)
{
  g_autoptr(GString) hex = NULL;

  if (fingerprint == NULL)
    return NULL;

  hex = g_string_sized_new (SHA256_HEX_LENGTH);
  for (const char *p = fingerprint; *p != '\0'; p++)
    {
      if (*p == ':' || g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isxdigit (*p) || hex->len == SHA256_HEX_LENGTH)
        return NULL;
      g_string_append_c (hex, g_ascii_tolower (*p));
    }

  if (hex->len != SHA256_HEX_LENGTH)
    return NULL;

  return g_string_free (g_steal_pointer (&hex), FALSE);
}
