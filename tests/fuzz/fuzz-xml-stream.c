/* fuzz-xml-stream.c: the XMPP stream reader, fed in small chunks, and the
 * document parser, each element through a parse → serialize → parse trip.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-fuzz.h"

static void
on_element (SignetXmlNode *element,
            gpointer       user_data)
{
  signet_fuzz_check_round_trip (element);
}

static void
on_open (SignetXmlNode *header,
         gpointer       user_data)
{
  signet_fuzz_check_round_trip (header);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char header[] = "<stream:stream xmlns='jabber:client' "
                               "xmlns:stream='http://etherx.jabber.org/streams'>";
  g_autoptr(SignetXmlStreamReader) reader = signet_xml_stream_reader_new (on_open, on_element, NULL, NULL);
  g_autoptr(SignetXmlNode) document = NULL;
  gboolean ok = TRUE;
  gsize chunk;

  if (size == 0)
    return 0;

  /* The first byte chooses the chunk size, as a network would split. */
  chunk = 1 + data[0] % 16;
  data++, size--;

  document = signet_fuzz_parse_xml (data, size);
  if (document != NULL)
    signet_fuzz_check_round_trip (document);

  /* Recorded replies start with their own stream header. */
  if (size < 7 || (memcmp (data, "<?xml", 5) != 0 && memcmp (data, "<stream", 7) != 0))
    ok = signet_xml_stream_reader_feed (reader, header, strlen (header), NULL);

  for (gsize offset = 0; ok && offset < size; offset += chunk)
    {
      g_autoptr(GError) error = NULL;

      ok = signet_xml_stream_reader_feed (reader, (const char *) data + offset,
                                          MIN (chunk, size - offset), &error);
      g_assert (ok == (error == NULL));
    }

  return 0;
}
