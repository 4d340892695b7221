/* fuzz-server-key.c: the server's key over XEP-0189 and the OpenPGP packet
 * header Signet reads for its fingerprint.  Input that is not XML is taken
 * as the binary key itself and wrapped in a reply, so the fuzzer reaches the
 * packet reader without having to write Base64.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-fuzz.h"
#include "signet-kontalk-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SignetXmlNode) reply = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *fingerprint = NULL;

  if (size > 0 && data[0] == '<')
    {
      reply = signet_fuzz_parse_xml (data, size);
    }
  else
    {
      g_autofree char *base64 = g_base64_encode (data, size);

      reply = signet_xml_node_new ("iq", SIGNET_NS_CLIENT);
      signet_xml_node_set_attribute (reply, "type", "result");
      signet_xml_node_add_text_child (reply, "pubkey", SIGNET_NS_PUBKEY, base64);
    }

  if (reply == NULL)
    return 0;

  key = signet_verification_read_server_key (reply, &fingerprint);
  g_assert ((key == NULL) == (fingerprint == NULL));
  if (fingerprint != NULL)
    g_assert_cmpuint (strlen (fingerprint), ==, 40);

  return 0;
}
