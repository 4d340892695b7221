/* fuzz-bridge-certificate.c: the decoder of the bridge certificate's
 * keyring extension (signet-devserver's, which stands in for the Kontalk
 * server).  The input is the OpenPGP keyring the extension carries: the
 * harness wraps it in the extension's BIT STRING on a certificate with an
 * RSA key.  Input starting with a DER SEQUENCE is also tried as a whole
 * certificate.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "devserver-bridge.h"
#include "devserver-kontalk.h"
#include "signet-fuzz.h"

/* The decoder's error domain lives with the rest of the server, which the
 * harness leaves out. */
G_DEFINE_QUARK (devserver-error-quark, devserver_error)

/* One certificate for the whole run, with the extension added for each
 * input and taken off again: setting a public key on a certificate goes
 * through OpenSSL's encoders and decoders, which took seven tenths of each
 * execution, while the decoder only reads the key back (to compare the
 * keyring's primary key with it).  Making the key is slower still. */
static X509 *
get_certificate (void)
{
  static X509 *certificate;

  if (certificate == NULL)
    {
      EVP_PKEY *key = EVP_RSA_gen (1024);

      certificate = X509_new ();
      X509_set_pubkey (certificate, key);
      EVP_PKEY_free (key);
    }

  return certificate;
}

static void
decode_extension (const uint8_t *data,
                  size_t         size)
{
  X509 *certificate = get_certificate ();
  ASN1_OBJECT *oid = OBJ_txt2obj (DEVSERVER_BRIDGE_KEYRING_OID, 1);
  ASN1_BIT_STRING *bits = ASN1_BIT_STRING_new ();
  ASN1_OCTET_STRING *value = ASN1_OCTET_STRING_new ();
  unsigned char *der = NULL;
  int der_length;
  g_autoptr(GError) error = NULL;
  X509_EXTENSION *extension;
  DevserverBridgeKey *key;

  ASN1_BIT_STRING_set (bits, (unsigned char *) data, (int) size);
  der_length = i2d_ASN1_BIT_STRING (bits, &der);
  if (der_length > 0)
    {
      ASN1_OCTET_STRING_set (value, der, der_length);
      extension = X509_EXTENSION_create_by_OBJ (NULL, oid, 0, value);
      X509_add_ext (certificate, extension, -1);
      X509_EXTENSION_free (extension);
    }

  key = devserver_bridge_key_from_certificate (certificate, &error);
  g_assert ((key == NULL) == (error != NULL));
  g_clear_pointer (&key, devserver_bridge_key_free);

  /* The next input starts from the bare certificate again. */
  while (X509_get_ext_count (certificate) > 0)
    X509_EXTENSION_free (X509_delete_ext (certificate, 0));

  OPENSSL_free (der);
  ASN1_OCTET_STRING_free (value);
  ASN1_BIT_STRING_free (bits);
  ASN1_OBJECT_free (oid);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  if (size > 0 && data[0] == 0x30)
    {
      const unsigned char *p = data;
      X509 *certificate = d2i_X509 (NULL, &p, (long) size);

      if (certificate != NULL)
        {
          g_autoptr(GError) error = NULL;
          DevserverBridgeKey *key = devserver_bridge_key_from_certificate (certificate, &error);

          g_clear_pointer (&key, devserver_bridge_key_free);
          X509_free (certificate);
        }
    }

  decode_extension (data, size);

  /* OpenSSL's error queue would otherwise carry allocations from one input
   * to the next, which libFuzzer takes for a possible leak and re-runs. */
  ERR_clear_error ();

  return 0;
}
