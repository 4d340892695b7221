/* fuzz-cadmium-frame.c: a frame a Cadmium server sends over its WebSocket,
 * read into an answer and turned into the error the person sees.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "signet-cadmium-frame.h"
#include "signet-fuzz.h"

/* Every text that reaches a label or the CLI's JSON must be UTF-8. */
static void
check_text (const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    g_error ("A frame gave text that is not UTF-8");
}

static void
check_frame (const SignetCadmiumFrame *frame)
{
  g_autoptr(GError) error = signet_cadmium_frame_to_error (frame);
  const char *login = signet_cadmium_frame_get_login_json (frame);

  g_assert (signet_cadmium_frame_get_id (frame) != NULL);
  g_assert (signet_cadmium_frame_get_message_type (frame) != NULL);
  check_text (signet_cadmium_frame_get_id (frame));
  check_text (signet_cadmium_frame_get_message_type (frame));
  check_text (signet_cadmium_frame_get_from (frame));
  check_text (signet_cadmium_frame_get_user_id (frame));
  check_text (signet_cadmium_frame_get_login_token (frame));
  check_text (signet_cadmium_frame_get_device_id (frame));
  g_assert_cmpint (signet_cadmium_frame_get_retry_after (frame), >=, -1);

  if (signet_cadmium_frame_get_ok (frame))
    {
      g_assert (error == NULL);
      g_assert (signet_cadmium_frame_get_error_id (frame) == NULL);
    }
  else
    {
      g_assert (error != NULL && error->domain == SIGNET_CADMIUM_ERROR);
      g_assert (signet_cadmium_frame_get_error_id (frame) != NULL);
      check_text (signet_cadmium_frame_get_error_text (frame));
      check_text (error->message);
    }

  /* The login payload is stored as JSON and read back later. */
  if (login != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      check_text (login);
      if (!json_parser_load_from_data (parser, login, -1, NULL))
        g_error ("The stored login payload is not JSON: %s", login);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetCadmiumFrame) frame = signet_cadmium_frame_parse ((const char *) data, size, &error);

  g_assert ((frame == NULL) == (error != NULL));
  if (frame == NULL)
    {
      g_assert_error (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_BAD_FRAME);
      return 0;
    }

  check_frame (frame);
  return 0;
}
