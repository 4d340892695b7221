/* fuzz-kontalk-replies.c: a Kontalk server's reply to the number request
 * (the challenge, whose sender the challenge page reads as a number) and
 * its reply to the code (the certified key as "publickey").
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-fuzz.h"
#include "signet-kontalk-private.h"
#include "signet-phone.h"

static void
read_challenge (SignetXmlNode *iq)
{
  g_autoptr(SignetRegisterReply) reply = signet_register_reply_new (iq, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetChallenge) challenge = signet_registration_read_challenge (reply, &error);
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autofree char *prefix = NULL;

  g_assert ((challenge == NULL) == (error != NULL));
  if (challenge == NULL)
    return;

  prefix = signet_challenge_dup_sender_prefix (challenge);
  (void) signet_challenge_get_code_length (challenge);
  (void) signet_challenge_get_instructions (challenge);
  (void) signet_challenge_get_brand_image (challenge);
  number = signet_phone_number_parse (signet_challenge_get_sender (challenge), NULL, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SignetXmlNode) iq = signet_fuzz_parse_xml (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) keyring = NULL;

  if (iq == NULL)
    return 0;

  read_challenge (iq);

  keyring = signet_verification_read_signed_key (iq, &error);
  g_assert ((keyring == NULL) == (error != NULL));

  return 0;
}
