/* devserver-bridge.c: the OpenPGP key inside a Kontalk bridge certificate
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "devserver-bridge.h"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <string.h>

#include "devserver-kontalk.h"

/* A small reader for the few OpenPGP packets (RFC 4880 §4, §5.5, §12.2)
 * the checks need: the primary key's RSA numbers, creation time and
 * fingerprint, and the first user id.  Everything else stays GnuPG's job. */

#define TAG_PUBLIC_KEY 6
#define TAG_USER_ID    13

#define ALGORITHM_RSA          1
#define ALGORITHM_RSA_ENCRYPT  2
#define ALGORITHM_RSA_SIGN     3

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_OBJECT, ASN1_OBJECT_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_BIT_STRING, ASN1_BIT_STRING_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)

typedef struct
{
  const guint8 *data;
  gsize length;
} Span;

/* The primary key as far as the certificate comparison needs it. */
typedef struct
{
  guint8 algorithm;
  Span modulus;
  Span exponent;
} PrimaryKey;

void
devserver_bridge_key_free (DevserverBridgeKey *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->keyring, g_bytes_unref);
  g_free (self->fingerprint);
  g_free (self->user_id);
  g_free (self);
}

static gboolean
invalid_key (GError    **error,
             const char *reason)
{
  g_set_error (error, DEVSERVER_ERROR, DEVSERVER_ERROR_INVALID_KEY, "Invalid public key: %s", reason);
  return FALSE;
}

static guint32
read_be (const guint8 *p,
         gsize         n)
{
  guint32 value = 0;

  for (gsize i = 0; i < n; i++)
    value = (value << 8) | p[i];

  return value;
}

/* One packet header, old or new format; moves @cursor past the packet.
 * Partial and indeterminate lengths never occur in keys, so they are
 * refused. */
static gboolean
read_packet (const guint8 **cursor,
             const guint8  *end,
             guint         *tag,
             Span          *body)
{
  const guint8 *p = *cursor;
  gsize length;
  guint8 first;

  if (p >= end)
    return FALSE;

  first = *p++;
  if ((first & 0x80) == 0)
    return FALSE;

  if ((first & 0x40) != 0)
    {
      *tag = first & 0x3f;
      if (p >= end)
        return FALSE;

      if (p[0] < 192)
        {
          length = p[0];
          p += 1;
        }
      else if (p[0] < 224)
        {
          if (end - p < 2)
            return FALSE;
          length = ((gsize) (p[0] - 192) << 8) + p[1] + 192;
          p += 2;
        }
      else if (p[0] == 255)
        {
          if (end - p < 5)
            return FALSE;
          length = read_be (p + 1, 4);
          p += 5;
        }
      else
        {
          return FALSE;
        }
    }
  else
    {
      static const gsize sizes[] = { 1, 2, 4, 0 };
      gsize size = sizes[first & 0x03];

      *tag = (first >> 2) & 0x0f;
      if (size == 0 || (gsize) (end - p) < size)
        return FALSE;
      length = read_be (p, size);
      p += size;
    }

  if ((gsize) (end - p) < length)
    return FALSE;

  body->data = p;
  body->length = length;
  *cursor = p + length;
  return TRUE;
}

static gboolean
read_mpi (const guint8 **cursor,
          const guint8  *end,
          Span          *value)
{
  const guint8 *p = *cursor;
  gsize bytes;

  if (end - p < 2)
    return FALSE;

  bytes = (read_be (p, 2) + 7) / 8;
  p += 2;
  if ((gsize) (end - p) < bytes)
    return FALSE;

  value->data = p;
  value->length = bytes;
  *cursor = p + bytes;
  return TRUE;
}

/* v4 fingerprint: SHA-1 over 0x99, the two-byte body length and the body. */
static char *
fingerprint_v4 (const Span *body)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  const guint8 prefix[] = { 0x99, (guint8) (body->length >> 8), (guint8) body->length };

  g_checksum_update (checksum, prefix, sizeof prefix);
  g_checksum_update (checksum, body->data, (gssize) body->length);
  return g_ascii_strup (g_checksum_get_string (checksum), -1);
}

static gboolean
parse_primary_key (const Span         *body,
                   DevserverBridgeKey *key,
                   PrimaryKey         *primary,
                   GError            **error)
{
  const guint8 *p = body->data;
  const guint8 *end = body->data + body->length;

  /* Version 4 only: what every Kontalk client and GnuPG 2.2 make. */
  if (body->length < 6 || p[0] != 4 || body->length > G_MAXUINT16)
    return invalid_key (error, "the primary key is not a version 4 key");

  key->created = read_be (p + 1, 4);
  primary->algorithm = p[5];
  key->fingerprint = fingerprint_v4 (body);
  p += 6;

  if (primary->algorithm == ALGORITHM_RSA || primary->algorithm == ALGORITHM_RSA_ENCRYPT ||
      primary->algorithm == ALGORITHM_RSA_SIGN)
    {
      if (!read_mpi (&p, end, &primary->modulus) || !read_mpi (&p, end, &primary->exponent))
        return invalid_key (error, "the primary key is truncated");
    }

  return TRUE;
}

static DevserverBridgeKey *
parse_keyring (GBytes     *keyring,
               PrimaryKey *primary,
               GError    **error)
{
  g_autoptr(DevserverBridgeKey) key = g_new0 (DevserverBridgeKey, 1);
  gsize length;
  const guint8 *cursor = g_bytes_get_data (keyring, &length);
  const guint8 *end = cursor + length;
  guint tag;
  Span body;

  key->keyring = g_bytes_ref (keyring);

  if (!read_packet (&cursor, end, &tag, &body) || tag != TAG_PUBLIC_KEY)
    {
      invalid_key (error, "the keyring does not start with a public key");
      return NULL;
    }

  if (!parse_primary_key (&body, key, primary, error))
    return NULL;

  /* Up to the next primary key: only the first key of a keyring counts. */
  while (cursor < end)
    {
      if (!read_packet (&cursor, end, &tag, &body))
        {
          invalid_key (error, "the keyring is malformed");
          return NULL;
        }

      if (tag == TAG_PUBLIC_KEY)
        break;
      if (tag == TAG_USER_ID && key->user_id == NULL)
        key->user_id = g_strndup ((const char *) body.data, body.length);
    }

  if (key->user_id != NULL && !g_utf8_validate (key->user_id, -1, NULL))
    g_clear_pointer (&key->user_id, g_free);

  return g_steal_pointer (&key);
}

/* extnValue = DER BIT STRING { keyring }, which Kontalk's
 * SubjectPGPPublicKeyInfo reads as "OCTET STRING, then BIT STRING" because
 * Java hands out the extnValue with its OCTET STRING wrapper. */
static GBytes *
read_extension (X509    *certificate,
                GError **error)
{
  g_autoptr(ASN1_OBJECT) oid = OBJ_txt2obj (DEVSERVER_BRIDGE_KEYRING_OID, 1);
  g_autoptr(ASN1_BIT_STRING) bits = NULL;
  ASN1_OCTET_STRING *value;
  const unsigned char *start;
  const unsigned char *p;
  int index;

  index = oid != NULL ? X509_get_ext_by_OBJ (certificate, oid, -1) : -1;
  if (index < 0)
    {
      invalid_key (error, "the certificate has no keyring extension");
      return NULL;
    }

  value = X509_EXTENSION_get_data (X509_get_ext (certificate, index));
  start = p = ASN1_STRING_get0_data (value);
  bits = d2i_ASN1_BIT_STRING (NULL, &p, ASN1_STRING_length (value));
  if (bits == NULL || p != start + ASN1_STRING_length (value) || ASN1_STRING_length (bits) == 0)
    {
      invalid_key (error, "the keyring extension is not a BIT STRING");
      return NULL;
    }

  return g_bytes_new (ASN1_STRING_get0_data (bits), (gsize) ASN1_STRING_length (bits));
}

static gboolean
span_equals_bignum (const Span   *span,
                    const BIGNUM *number)
{
  g_autoptr(BIGNUM) value = BN_bin2bn (span->data, (int) span->length, NULL);

  return value != NULL && BN_cmp (value, number) == 0;
}

/* Kontalk compares encodings of the two keys; comparing the RSA numbers
 * is the same test without building a SubjectPublicKeyInfo. */
static gboolean
matches_certificate (const PrimaryKey *primary,
                     X509             *certificate)
{
  EVP_PKEY *public_key = X509_get0_pubkey (certificate);
  g_autoptr(BIGNUM) modulus = NULL;
  g_autoptr(BIGNUM) exponent = NULL;

  if (public_key == NULL || EVP_PKEY_get_base_id (public_key) != EVP_PKEY_RSA ||
      primary->modulus.data == NULL)
    return FALSE;

  if (EVP_PKEY_get_bn_param (public_key, OSSL_PKEY_PARAM_RSA_N, &modulus) != 1 ||
      EVP_PKEY_get_bn_param (public_key, OSSL_PKEY_PARAM_RSA_E, &exponent) != 1)
    return FALSE;

  return span_equals_bignum (&primary->modulus, modulus) &&
         span_equals_bignum (&primary->exponent, exponent);
}

DevserverBridgeKey *
devserver_bridge_key_from_certificate (X509    *certificate,
                                       GError **error)
{
  g_autoptr(GBytes) keyring = NULL;
  g_autoptr(DevserverBridgeKey) key = NULL;
  PrimaryKey primary = { 0 };

  g_return_val_if_fail (certificate != NULL, NULL);

  keyring = read_extension (certificate, error);
  if (keyring == NULL)
    return NULL;

  key = parse_keyring (keyring, &primary, error);
  if (key == NULL)
    return NULL;

  if (!matches_certificate (&primary, certificate))
    {
      invalid_key (error, "the keyring's primary key is not the certificate's key");
      return NULL;
    }

  return g_steal_pointer (&key);
}

DevserverBridgeKey *
devserver_bridge_key_from_keyring (GBytes  *keyring,
                                   GError **error)
{
  PrimaryKey primary = { 0 };

  g_return_val_if_fail (keyring != NULL, NULL);

  return parse_keyring (keyring, &primary, error);
}

char *
devserver_user_id_get_email (const char *user_id)
{
  const char *open;
  const char *close;
  g_autofree char *email = NULL;

  if (user_id == NULL)
    return NULL;

  open = strrchr (user_id, '<');
  close = open != NULL ? strchr (open, '>') : NULL;
  if (open != NULL && close != NULL)
    email = g_strndup (open + 1, (gsize) (close - open - 1));
  else if (open == NULL && strchr (user_id, '>') == NULL)
    email = g_strdup (user_id);
  else
    return NULL;

  g_strstrip (email);
  if (strchr (email, '@') == NULL || strpbrk (email, " \t") != NULL)
    return NULL;

  return g_steal_pointer (&email);
}
