/* signet-phone.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SIGNET_PHONE_ERROR (signet_phone_error_quark ())

typedef enum
{
  /* Not a phone number at all. */
  SIGNET_PHONE_ERROR_NOT_A_NUMBER,
  /* No country calling code, and no (or an unknown) region to assume. */
  SIGNET_PHONE_ERROR_INVALID_COUNTRY_CODE,
  SIGNET_PHONE_ERROR_TOO_SHORT,
  SIGNET_PHONE_ERROR_TOO_LONG,
  /* A length that no number of that country has. */
  SIGNET_PHONE_ERROR_INVALID_LENGTH,
} SignetPhoneError;

GQuark signet_phone_error_quark (void);

typedef enum
{
  /* Known to libphonenumber's metadata. */
  SIGNET_PHONE_VALIDITY_VALID,
  /* A possible length but not an allocated range (new ranges, M2M): warn,
   * and let the person confirm. */
  SIGNET_PHONE_VALIDITY_POSSIBLE,
} SignetPhoneValidity;

/* The longest text, in bytes, that any phone function looks at: the limit
 * libphonenumber itself applies.  Parsing grows faster than linearly with the
 * length, and the text may come from a server (the challenge's "from"), so
 * longer text is refused (SIGNET_PHONE_ERROR_TOO_LONG) before any work. */
#define SIGNET_PHONE_MAX_LENGTH 250

/* A parsed phone number. */
typedef struct _SignetPhoneNumber SignetPhoneNumber;

/* Parses @text as typed by a person; @region (ISO 3166-1 alpha-2, may be
 * NULL) is assumed when @text has no "+CC" or "00CC" prefix.  Fails for text
 * that is not a number, has an impossible length, or has more zeros after the
 * country code than a trunk prefix ("+49 0030…"): the E.164 form of a number
 * it returns always parses back into itself. */
SignetPhoneNumber  *signet_phone_number_parse                (const char        *text,
                                                              const char        *region,
                                                              GError           **error);
void                signet_phone_number_free                 (SignetPhoneNumber *self);
SignetPhoneValidity signet_phone_number_get_validity         (const SignetPhoneNumber *self);
/* "+15555215554" */
const char         *signet_phone_number_get_e164             (const SignetPhoneNumber *self);
/* "+1 555-521-5554" */
const char         *signet_phone_number_get_international    (const SignetPhoneNumber *self);
const char         *signet_phone_number_get_national         (const SignetPhoneNumber *self);
/* The region the number belongs to ("US"), or NULL when unknown. */
const char         *signet_phone_number_get_region           (const SignetPhoneNumber *self);
guint               signet_phone_number_get_country_code     (const SignetPhoneNumber *self);

/* The calling code of @region (39 for "IT"), 0 when unknown. */
guint               signet_phone_region_get_country_code     (const char        *region);
/* An example mobile number of @region, formatted nationally, or NULL. */
char               *signet_phone_region_get_example          (const char        *region);
/* Every region libphonenumber knows, sorted by code; free with g_strfreev(). */
char              **signet_phone_get_regions                 (void);
/* The region of a leading "+CC"/"00CC" in @text (main region for shared
 * codes), or NULL. */
char               *signet_phone_guess_region                (const char        *text);
/* The region of the current locale (LC_ADDRESS, LC_TELEPHONE, LANG…) or NULL. */
char               *signet_phone_get_locale_region           (void);

/* As-you-type formatting: feed the whole text, get it formatted. */
typedef struct _SignetPhoneFormatter SignetPhoneFormatter;

SignetPhoneFormatter *signet_phone_formatter_new    (const char           *region);
void                  signet_phone_formatter_free   (SignetPhoneFormatter *self);
/* Returns the formatted form of @text (digits and a leading '+' are kept,
 * a leading "00" becomes '+', everything else is reformatted; no trailing
 * space). */
char                 *signet_phone_formatter_format (SignetPhoneFormatter *self,
                                                     const char           *text);

/* Localized country names from iso-codes. */
/* The localized name of @region ("Italia" for "IT" in Italian), never NULL. */
char               *signet_country_get_name                  (const char        *region);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetPhoneNumber, signet_phone_number_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetPhoneFormatter, signet_phone_formatter_free)

G_END_DECLS
