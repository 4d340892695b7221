/* fuzz-phone.c: phone numbers as typed or as a server sends them, with the
 * region guess and the as-you-type formatter.  The first two bytes are the
 * region assumed for a number without a country code.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-fuzz.h"
#include "signet-phone.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static SignetPhoneFormatter *formatter;
  g_autofree char *region = NULL;
  g_autofree char *text = NULL;
  g_autofree char *guess = NULL;
  g_autofree char *formatted = NULL;
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autoptr(GError) error = NULL;

  if (size < 2)
    return 0;

  if (formatter == NULL)
    formatter = signet_phone_formatter_new ("IT");

  region = signet_fuzz_dup_string (data, 2);
  text = signet_fuzz_dup_string (data + 2, size - 2);

  number = signet_phone_number_parse (text, region, &error);
  g_assert ((number == NULL) == (error != NULL));
  if (number != NULL)
    {
      g_autoptr(SignetPhoneNumber) again = NULL;

      /* A number Signet accepted parses again into itself. */
      again = signet_phone_number_parse (signet_phone_number_get_e164 (number), NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (signet_phone_number_get_e164 (again), ==, signet_phone_number_get_e164 (number));
    }

  guess = signet_phone_guess_region (text);
  formatted = signet_phone_formatter_format (formatter, text);
  g_assert_nonnull (formatted);

  return 0;
}
