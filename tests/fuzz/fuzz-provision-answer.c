/* fuzz-provision-answer.c: what a mod_register_json servlet answers to a
 * registration and to a verification.  The first byte picks the HTTP status,
 * the second which request it answers; the rest is the body.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-fuzz.h"
#include "signet-provision-answer.h"

static const guint statuses[] = { 200, 400, 401, 403, 406, 409, 500, 503, 302, 404 };

/* The servlet's text is shown to people: short, UTF-8, one line. */
static void
check_server_text (const char *text)
{
  if (text == NULL)
    return;
  if (!g_utf8_validate (text, -1, NULL))
    g_error ("The servlet's text is not UTF-8");
  g_assert_cmpint (g_utf8_strlen (text, -1), <=, 300);
  g_assert (*text != '\0' && strchr (text, '\n') == NULL);
}

static void
check_token (const char *token)
{
  g_assert (*token != '\0' && strlen (token) <= 128);
  for (const char *p = token; *p != '\0'; p++)
    g_assert (g_ascii_isalnum (*p) || strchr ("-_.", *p) != NULL);
}

static void
check_error (GError *error)
{
  g_assert (error != NULL && error->domain == SIGNET_PROVISION_ERROR);
  g_assert (g_utf8_validate (error->message, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_text = NULL;
  g_autofree char *text = NULL;
  const char *body = (const char *) data + MIN (size, 2);
  gsize length = size - MIN (size, 2);
  guint status = statuses[size > 0 ? data[0] % G_N_ELEMENTS (statuses) : 0];

  if (size > 1 && (data[1] & 1))
    {
      if (signet_provision_parse_verify_page (status, body, length, &server_text, &error))
        g_assert (error == NULL && status == 200);
      else
        check_error (error);
    }
  else
    {
      g_autofree char *token = signet_provision_parse_answer (status, body, length, &server_text, &error);

      if (token != NULL)
        {
          g_assert (error == NULL && status == 200);
          check_token (token);
        }
      else
        check_error (error);
    }
  check_server_text (server_text);

  text = signet_provision_extract_text (body, length);
  check_server_text (text);
  return 0;
}
