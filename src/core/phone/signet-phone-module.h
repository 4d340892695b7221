/* signet-phone-module.h: the table of the module signet-phone, the
 * libphonenumber shim of signet-phone-number.cc (internal)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-phone.h"

G_BEGIN_DECLS

/* Raised whenever the table below changes. */
#define SIGNET_PHONE_ABI 1

/* One entry per function of signet-phone.h but the country names. */
typedef struct
{
  SignetPhoneNumber    *(*number_parse)                (const char              *text,
                                                        const char              *region,
                                                        GError                 **error);
  void                  (*number_free)                 (SignetPhoneNumber       *self);
  SignetPhoneValidity   (*number_get_validity)         (const SignetPhoneNumber *self);
  const char           *(*number_get_e164)             (const SignetPhoneNumber *self);
  const char           *(*number_get_international)    (const SignetPhoneNumber *self);
  const char           *(*number_get_national)         (const SignetPhoneNumber *self);
  const char           *(*number_get_region)           (const SignetPhoneNumber *self);
  guint                 (*number_get_country_code)     (const SignetPhoneNumber *self);
  guint                 (*region_get_country_code)     (const char              *region);
  char                 *(*region_get_example)          (const char              *region);
  char                **(*get_regions)                 (void);
  char                 *(*guess_region)                (const char              *text);
  char                 *(*get_locale_region)           (void);
  SignetPhoneFormatter *(*formatter_new)               (const char              *region);
  void                  (*formatter_free)              (SignetPhoneFormatter    *self);
  char                 *(*formatter_format)            (SignetPhoneFormatter    *self,
                                                        const char              *text);
} SignetPhoneTable;

G_END_DECLS
