/* signet-phone.c: the phone functions, from the module signet-phone
 *
 * libphonenumber brings protobuf, ICU, Abseil and the C++ library: about a
 * third of what Signet would load at start, for the number page only.  Its
 * shim (signet-phone-number.cc) is a module, opened by the first call of
 * any function here.  Should the module be missing, numbers are refused
 * with the reason and the rest degrades (no countries, no formatting),
 * so that the wizard still shows why.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-module.h"
#include "signet-phone-module.h"

G_DEFINE_QUARK (signet-phone-error-quark, signet_phone_error)

static GError *missing;

static SignetPhoneNumber *
missing_number_parse (const char *text,
                      const char *region,
                      GError    **error)
{
  g_propagate_error (error, g_error_copy (missing));
  return NULL;
}

static guint
missing_region_get_country_code (const char *region)
{
  return 0;
}

static char *
missing_region (const char *text)
{
  return NULL;
}

static char **
missing_get_regions (void)
{
  return g_new0 (char *, 1);
}

static char *
missing_get_locale_region (void)
{
  return NULL;
}

static SignetPhoneFormatter *
missing_formatter_new (const char *region)
{
  /* Never dereferenced: only passed back to the functions below. */
  return (SignetPhoneFormatter *) &missing;
}

static void
missing_formatter_free (SignetPhoneFormatter *self)
{
}

static char *
missing_formatter_format (SignetPhoneFormatter *self,
                          const char           *text)
{
  return g_strdup (text != NULL ? text : "");
}

/* No number is ever made without the module, so the number functions are
 * never called through this table. */
static const SignetPhoneTable missing_table = {
  .number_parse = missing_number_parse,
  .region_get_country_code = missing_region_get_country_code,
  .region_get_example = missing_region,
  .get_regions = missing_get_regions,
  .guess_region = missing_region,
  .get_locale_region = missing_get_locale_region,
  .formatter_new = missing_formatter_new,
  .formatter_free = missing_formatter_free,
  .formatter_format = missing_formatter_format,
};

static const SignetPhoneTable *
phone (void)
{
  static const SignetPhoneTable *table;
  GError *error = NULL;

  if (g_once_init_enter (&table))
    {
      const SignetPhoneTable *found = signet_module_get ("signet-phone", SIGNET_PHONE_ABI, &error);

      if (found == NULL)
        {
          g_warning ("%s", error->message);
          missing = error;
          found = &missing_table;
        }
      g_once_init_leave (&table, found);
    }

  return table;
}

SignetPhoneNumber *
signet_phone_number_parse (const char *text,
                           const char *region,
                           GError    **error)
{
  return phone ()->number_parse (text, region, error);
}

void
signet_phone_number_free (SignetPhoneNumber *self)
{
  if (self != NULL)
    phone ()->number_free (self);
}

SignetPhoneValidity
signet_phone_number_get_validity (const SignetPhoneNumber *self)
{
  return phone ()->number_get_validity (self);
}

const char *
signet_phone_number_get_e164 (const SignetPhoneNumber *self)
{
  return phone ()->number_get_e164 (self);
}

const char *
signet_phone_number_get_international (const SignetPhoneNumber *self)
{
  return phone ()->number_get_international (self);
}

const char *
signet_phone_number_get_national (const SignetPhoneNumber *self)
{
  return phone ()->number_get_national (self);
}

const char *
signet_phone_number_get_region (const SignetPhoneNumber *self)
{
  return phone ()->number_get_region (self);
}

guint
signet_phone_number_get_country_code (const SignetPhoneNumber *self)
{
  return phone ()->number_get_country_code (self);
}

guint
signet_phone_region_get_country_code (const char *region)
{
  return phone ()->region_get_country_code (region);
}

char *
signet_phone_region_get_example (const char *region)
{
  return phone ()->region_get_example (region);
}

char **
signet_phone_get_regions (void)
{
  return phone ()->get_regions ();
}

char *
signet_phone_guess_region (const char *text)
{
  return phone ()->guess_region (text);
}

char *
signet_phone_get_locale_region (void)
{
  return phone ()->get_locale_region ();
}

SignetPhoneFormatter *
signet_phone_formatter_new (const char *region)
{
  return phone ()->formatter_new (region);
}

void
signet_phone_formatter_free (SignetPhoneFormatter *self)
{
  if (self != NULL)
    phone ()->formatter_free (self);
}

char *
signet_phone_formatter_format (SignetPhoneFormatter *self,
                               const char           *text)
{
  return phone ()->formatter_format (self, text);
}
