/* fuzz-serve-line.c: one line a program writes to `signet-cli xmpp serve`.
 * The line is parsed, and what the reply would echo (the request's "id")
 * must serialize into a JSON line that parses back.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-cli-xmpp-serve-parse.h"
#include "signet-fuzz.h"

/* The reply line carries the id back: it must be one line of valid JSON. */
static void
check_echo (JsonNode *id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;

  if (id == NULL)
    return;

  text = json_to_string (id, FALSE);
  if (!g_utf8_validate (text, -1, NULL) || strchr (text, '\n') != NULL)
    g_error ("The echoed id is not one line of UTF-8: %s", text);
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    g_error ("The echoed id is not JSON: %s", text);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SignetCliServeRequest) request = NULL;
  g_autoptr(JsonNode) id = NULL;
  g_autoptr(GError) error = NULL;

  if (size > G_MAXSSIZE)
    return 0;

  request = signet_cli_serve_parse_line ((const char *) data, (gssize) size, &id, &error);
  g_assert ((request == NULL) == (error != NULL));
  check_echo (id);

  if (request == NULL)
    {
      g_assert (error->domain == SIGNET_CLI_SERVE_ERROR);
      if (!g_utf8_validate (error->message, -1, NULL))
        g_error ("The error line is not UTF-8: %s", error->message);
      return 0;
    }

  g_assert (request->data != NULL);
  g_assert_cmpint (request->event, <=, SIGNET_CLI_SERVE_PASSWORD);
  g_assert ((request->id == NULL) == (id == NULL));
  check_echo (request->id);

  return 0;
}
