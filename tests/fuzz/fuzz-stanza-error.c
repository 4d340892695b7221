/* fuzz-stanza-error.c: reading a stanza error and mapping it to what
 * Signet tells the person, at every step of a sign-up.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-fuzz.h"
#include "signet-register-client.h"
#include "signet-registration.h"
#include "signet-stanza-error.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const SignetRegistrationStep steps[] = {
    SIGNET_REGISTRATION_STEP_FORM,
    SIGNET_REGISTRATION_STEP_REQUEST,
    SIGNET_REGISTRATION_STEP_CODE,
  };
  g_autoptr(SignetXmlNode) stanza = signet_fuzz_parse_xml (data, size);
  g_autoptr(SignetStanzaError) error = NULL;
  g_autoptr(SignetRegisterReply) reply = NULL;

  if (stanza == NULL)
    return 0;

  error = signet_stanza_error_from_stanza (stanza);
  reply = signet_register_reply_new (stanza, NULL);
  if (error == NULL)
    return 0;

  g_assert_nonnull (signet_stanza_error_get_condition (error));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GError) mapped = signet_registration_error_from_stanza_error (error, steps[i]);

      g_assert_nonnull (mapped);
      g_assert_true (g_utf8_validate (mapped->message, -1, NULL));
    }

  return 0;
}
