/* signet-phone-number.cc
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The only C++ in Signet: a thin C wrapper around libphonenumber, in the
 * manner of evolution-data-server's e-phone-number-private.cpp.  No C++ type
 * or exception crosses the C API: every entry point catches everything.
 * Phone numbers never reach a log or an error message (libphonenumber's own
 * logger is a NullLogger unless somebody installs another). */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <memory>
#include <set>
#include <string>

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include <phonenumbers/asyoutypeformatter.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "signet-phone-module.h"

using i18n::phonenumbers::AsYouTypeFormatter;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

/* libphonenumber's names for "no region" and "not a geographic region". */
#define UNKNOWN_REGION "ZZ"
#define NON_GEO_REGION "001"

struct _SignetPhoneNumber
{
  SignetPhoneValidity validity;
  guint country_code;
  char                *e164;
  char                *international;
  char                *national;
  char                *region; /* NULL when unknown */
};

struct _SignetPhoneFormatter
{
  std::unique_ptr<AsYouTypeFormatter> formatter;
};

G_DEFINE_QUARK (signet-phone-error-quark, signet_phone_error)

static PhoneNumberUtil *
phone_util (void)
{
  /* A thread-safe singleton (pthread_once inside libphonenumber). */
  return PhoneNumberUtil::GetInstance ();
}

/* Region codes are upper case in libphonenumber; people and locales are not
 * always so careful.  NULL or "" means "no region". */
static std::string
normalize_region (const char *region)
{
  std::string result;

  if (region == NULL || *region == '\0')
    return UNKNOWN_REGION;

  for (const char *p = region; *p != '\0'; p++)
    result += g_ascii_toupper (*p);

  return result;
}

/* A region a person can pick: not "ZZ", not "001" (+800, +881…). */
static gboolean
is_geographic_region (const std::string &region)
{
  return region != UNKNOWN_REGION && region != NON_GEO_REGION;
}

static gboolean
is_supported_region (const std::string &region)
{
  return phone_util ()->GetCountryCodeForRegion (region) != 0;
}

static const char *
skip_separators (const char *p)
{
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && strchr ("()-./", (int) c) == NULL)
        break;
      p = g_utf8_next_char (p);
    }

  return p;
}

/* Finds a "00" that begins @text, maybe with separators around and between
 * the zeros ("(00) 39…", "0 0 39…"): returns where the first zero is and sets
 * @end just past the second, or returns NULL.  Signet treats "00" as "+"
 * whatever the region: most of the world dials out with 00, and a person
 * typing 00 into a sign-up form means the international prefix. */
static const char *
find_leading_00 (const char  *text,
                 const char **end)
{
  const char *start = skip_separators (text);
  const char *second;

  if (*start != '0')
    return NULL;

  second = skip_separators (start + 1);
  if (*second != '0')
    return NULL;

  *end = second + 1;
  return start;
}

/* The dialable part of @text: a leading '+' (or "00") and the digits, in
 * ASCII; everything else is dropped. */
static std::string
extract_dialable (const char *text)
{
  std::string result;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int value = g_unichar_digit_value (c);

      if (c == '+' && result.empty ())
        result += '+';
      else if (value >= 0)
        result += (char) ('0' + value);
    }

  if (result.compare (0, 2, "00") == 0)
    result.replace (0, 2, "+");

  return result;
}

static gboolean
has_plus_prefix (const char *text)
{
  return extract_dialable (text).compare (0, 1, "+") == 0;
}

/* Letters are refused rather than converted the way libphonenumber would
 * ("1-800-FLOWERS"): a person typing their own mobile number uses none, and a
 * letter O typed for a zero would silently become a 6 or vanish. */
static gboolean
has_letters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_isalpha (g_utf8_get_char (p)))
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_digits (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_digit_value (g_utf8_get_char (p)) >= 0)
        return TRUE;
    }

  return FALSE;
}

static void
set_invalid_country_code_error (GError    **error,
                                const char *text)
{
  if (has_plus_prefix (text))
    g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_INVALID_COUNTRY_CODE,
                         _("No country has this calling code. Check the digits after “+”."));
  else
    g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_INVALID_COUNTRY_CODE,
                         _("Choose a country, or type the number with “+” and the country "
                           "calling code."));
}

static void
set_parse_error (GError                   **error,
                 PhoneNumberUtil::ErrorType parse_error,
                 const char                *text)
{
  switch (parse_error)
    {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      set_invalid_country_code_error (error, text);
      break;

    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_TOO_SHORT,
                           _("Type the rest of the number after the country calling code."));
      break;

    case PhoneNumberUtil::TOO_SHORT_NSN:
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_TOO_SHORT,
                           _("The phone number is too short. Check that no digits are missing."));
      break;

    case PhoneNumberUtil::TOO_LONG_NSN:
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_TOO_LONG,
                           _("The phone number is too long. Check for extra digits."));
      break;

    case PhoneNumberUtil::NOT_A_NUMBER:
    case PhoneNumberUtil::NO_PARSING_ERROR:
    default:
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_NOT_A_NUMBER,
                           _("This is not a phone number."));
      break;
    }
}

/* Returns FALSE and sets @error unless the length of @number is one that
 * numbers of its country have. */
static gboolean
check_possible (const PhoneNumber &number,
                const char        *text,
                GError           **error)
{
  switch (phone_util ()->IsPossibleNumberWithReason (number))
    {
    case PhoneNumberUtil::IS_POSSIBLE:
      return TRUE;

    /* A number without its area code ("555-1234"): it can only be dialled
     * locally, and no server can send an SMS to it. */
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_TOO_SHORT,
                           _("The phone number is too short. Include the area code."));
      return FALSE;

    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
      set_invalid_country_code_error (error, text);
      return FALSE;

    case PhoneNumberUtil::TOO_SHORT:
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_TOO_SHORT,
                           _("The phone number is too short. Check that no digits are missing."));
      return FALSE;

    case PhoneNumberUtil::TOO_LONG:
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_TOO_LONG,
                           _("The phone number is too long. Check for extra digits."));
      return FALSE;

    case PhoneNumberUtil::INVALID_LENGTH:
    default:
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_INVALID_LENGTH,
                           _("No phone number in this country has this many digits. "
                             "Check for missing or extra digits."));
      return FALSE;
    }
}

static char *
format_number (const PhoneNumber                 &number,
               PhoneNumberUtil::PhoneNumberFormat format)
{
  std::string formatted;

  phone_util ()->Format (number, format, &formatted);
  return g_strdup (formatted.c_str ());
}

/* Text with no digit, or with letters, is not a number at all. */
static gboolean
check_characters (const char *text,
                  GError    **error)
{
  if (strnlen (text, SIGNET_PHONE_MAX_LENGTH + 1) > SIGNET_PHONE_MAX_LENGTH)
    {
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_TOO_LONG,
                           _("This is far too long to be a phone number."));
      return FALSE;
    }

  if (!g_utf8_validate (text, -1, NULL) || !has_digits (text))
    {
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_NOT_A_NUMBER,
                           _("Type a phone number."));
      return FALSE;
    }

  if (has_letters (text))
    {
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_NOT_A_NUMBER,
                           _("A phone number has only digits. Remove the letters."));
      return FALSE;
    }

  return TRUE;
}

static SignetPhoneNumber *
phone_number_new (const PhoneNumber &number)
{
  PhoneNumberUtil *util = phone_util ();
  SignetPhoneNumber *self = g_new0 (SignetPhoneNumber, 1);
  std::string region_code;

  /* Metadata lags behind reality (new ranges, M2M blocks): stricter clients
   * locked people out, so "possible" is a warning, not an error. */
  self->validity = util->IsValidNumber (number) ? SIGNET_PHONE_VALIDITY_VALID
                                                : SIGNET_PHONE_VALIDITY_POSSIBLE;
  self->country_code = (guint) number.country_code ();
  self->e164 = format_number (number, PhoneNumberUtil::E164);
  self->international = format_number (number, PhoneNumberUtil::INTERNATIONAL);
  self->national = format_number (number, PhoneNumberUtil::NATIONAL);

  util->GetRegionCodeForNumber (number, &region_code);
  if (is_geographic_region (region_code))
    self->region = g_strdup (region_code.c_str ());

  return self;
}

/* Parses @text into @number with every check but stability. */
static gboolean
parse_number (const char  *text,
              const char  *region,
              PhoneNumber *number,
              GError     **error)
{
  const char *leading_00;
  const char *after_00 = NULL;
  std::string input (text);
  PhoneNumberUtil::ErrorType parse_error;

  if (!check_characters (text, error))
    return FALSE;

  leading_00 = find_leading_00 (text, &after_00);
  if (leading_00 != NULL)
    input.replace (leading_00 - text, after_00 - leading_00, "+");

  parse_error = phone_util ()->Parse (input, normalize_region (region), number);
  if (parse_error != PhoneNumberUtil::NO_PARSING_ERROR)
    {
      set_parse_error (error, parse_error, text);
      return FALSE;
    }

  /* "…0000 #12": an extension cannot receive a code. */
  if (number->has_extension ())
    {
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_NOT_A_NUMBER,
                           _("Type the phone number without an extension."));
      return FALSE;
    }

  return check_possible (*number, text, error);
}

/* The E.164 form names the account, so it must parse back into itself.
 * libphonenumber drops one national prefix after the country code and keeps
 * any further zero in the E.164 form, where the next parse drops it: "+49 0030
 * …" and "0049 0049 30 …" would each be two different numbers.  Guessing which
 * zeros are extra could send the code to a stranger, so such text is
 * refused. */
static gboolean
check_stable (const PhoneNumber &number,
              GError           **error)
{
  g_autofree char *e164 = format_number (number, PhoneNumberUtil::E164);
  g_autofree char *again_e164 = NULL;
  PhoneNumber again;

  if (parse_number (e164, NULL, &again, NULL))
    {
      again_e164 = format_number (again, PhoneNumberUtil::E164);
      if (g_strcmp0 (e164, again_e164) == 0)
        return TRUE;
    }

  if (number.italian_leading_zero ())
    g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_NOT_A_NUMBER,
                         _("Too many zeros follow the country calling code. Check that the "
                           "code is not typed twice."));
  else
    g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_NOT_A_NUMBER,
                         _("This is not a phone number."));
  return FALSE;
}

static SignetPhoneNumber *
phone_number_parse (const char *text,
                    const char *region,
                    GError    **error)
{
  PhoneNumber number;

  if (!parse_number (text, region, &number, error) || !check_stable (number, error))
    return NULL;

  return phone_number_new (number);
}

SignetPhoneNumber *
signet_phone_number_parse (const char *text,
                           const char *region,
                           GError    **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  try
    {
      return phone_number_parse (text, region, error);
    }
  catch (...)
    {
      g_set_error_literal (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_NOT_A_NUMBER,
                           _("The phone number could not be read."));
      return NULL;
    }
}

void
signet_phone_number_free (SignetPhoneNumber *self)
{
  if (self == NULL)
    return;

  g_free (self->e164);
  g_free (self->international);
  g_free (self->national);
  g_free (self->region);
  g_free (self);
}

SignetPhoneValidity
signet_phone_number_get_validity (const SignetPhoneNumber *self)
{
  g_return_val_if_fail (self != NULL, SIGNET_PHONE_VALIDITY_POSSIBLE);

  return self->validity;
}

const char *
signet_phone_number_get_e164 (const SignetPhoneNumber *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->e164;
}

const char *
signet_phone_number_get_international (const SignetPhoneNumber *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->international;
}

const char *
signet_phone_number_get_national (const SignetPhoneNumber *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->national;
}

const char *
signet_phone_number_get_region (const SignetPhoneNumber *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->region;
}

guint
signet_phone_number_get_country_code (const SignetPhoneNumber *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->country_code;
}

guint
signet_phone_region_get_country_code (const char *region)
{
  if (region == NULL)
    return 0;

  try
    {
      /* 0 for a region libphonenumber does not know. */
      return (guint) phone_util ()->GetCountryCodeForRegion (normalize_region (region));
    }
  catch (...)
    {
      return 0;
    }
}

static char *
region_get_example (const char *region)
{
  PhoneNumberUtil *util = phone_util ();
  std::string code = normalize_region (region);
  PhoneNumber number;

  if (!is_supported_region (code))
    return NULL;

  /* Kontalk registers mobile numbers; a fixed-line example is better than
   * none for the few regions without a mobile one. */
  if (!util->GetExampleNumberForType (code, PhoneNumberUtil::MOBILE, &number)
      && !util->GetExampleNumber (code, &number))
    return NULL;

  return format_number (number, PhoneNumberUtil::NATIONAL);
}

char *
signet_phone_region_get_example (const char *region)
{
  if (region == NULL)
    return NULL;

  try
    {
      return region_get_example (region);
    }
  catch (...)
    {
      return NULL;
    }
}

char **
signet_phone_get_regions (void)
{
  try
    {
      std::set<std::string> regions;
      GPtrArray *result;

      /* A std::set: already sorted. */
      phone_util ()->GetSupportedRegions (&regions);

      result = g_ptr_array_sized_new (regions.size () + 1);
      for (const std::string &region : regions)
        g_ptr_array_add (result, g_strdup (region.c_str ()));
      g_ptr_array_add (result, NULL);

      return (char **) g_ptr_array_free (result, FALSE);
    }
  catch (...)
    {
      return g_new0 (char *, 1);
    }
}

static char *
guess_region (const char *text)
{
  std::string dialable = extract_dialable (text);

  if (dialable.compare (0, 1, "+") != 0)
    return NULL;

  /* Calling codes are 1 to 3 digits long and prefix-free: the first prefix
   * that is a code is the code. */
  for (size_t length = 1; length <= 3 && length < dialable.size (); length++)
    {
      int code = (int) g_ascii_strtoll (dialable.substr (1, length).c_str (), NULL, 10);
      std::string region;

      phone_util ()->GetRegionCodeForCountryCode (code, &region);
      if (region == UNKNOWN_REGION)
        continue;

      if (!is_geographic_region (region))
        return NULL;

      return g_strdup (region.c_str ());
    }

  return NULL;
}

char *
signet_phone_guess_region (const char *text)
{
  if (text == NULL || strnlen (text, SIGNET_PHONE_MAX_LENGTH + 1) > SIGNET_PHONE_MAX_LENGTH ||
      !g_utf8_validate (text, -1, NULL))
    return NULL;

  try
    {
      return guess_region (text);
    }
  catch (...)
    {
      return NULL;
    }
}

/* "it_IT.UTF-8@euro" → "IT"; NULL for "C", "POSIX", "C.UTF-8", "es_419",
 * composite names and regions libphonenumber does not know. */
static char *
region_from_locale_name (const char *name)
{
  const char *territory;
  size_t length;
  g_autofree char *region = NULL;

  if (name == NULL || strchr (name, ';') != NULL || strchr (name, '=') != NULL)
    return NULL;

  territory = strchr (name, '_');
  if (territory == NULL)
    return NULL;
  territory++;

  length = strcspn (territory, ".@");
  if (length != 2 || !g_ascii_isalpha (territory[0]) || !g_ascii_isalpha (territory[1]))
    return NULL;

  region = g_ascii_strup (territory, 2);
  if (!is_supported_region (region))
    return NULL;

  return g_steal_pointer (&region);
}

/* What the environment asks @category to be (POSIX precedence), for a
 * program whose setlocale() failed — a locale that is not generated. */
static const char *
locale_name_from_environment (const char *category)
{
  const char *variables[] = { "LC_ALL", category, "LANG" };

  for (const char *variable : variables)
    {
      const char *value = g_getenv (variable);

      if (value != NULL && *value != '\0')
        return value;
    }

  return NULL;
}

static char *
get_locale_region (void)
{
  static const struct {
    int category;
    const char *name;
  } categories[] = {
#ifdef LC_ADDRESS
    { LC_ADDRESS, "LC_ADDRESS" },
#endif
#ifdef LC_TELEPHONE
    { LC_TELEPHONE, "LC_TELEPHONE" },
#endif
    { LC_MESSAGES, "LC_MESSAGES" },
  };

  for (const auto &category : categories)
    {
      char *region = region_from_locale_name (setlocale (category.category, NULL));

      if (region != NULL)
        return region;
    }

  for (const auto &category : categories)
    {
      char *region = region_from_locale_name (locale_name_from_environment (category.name));

      if (region != NULL)
        return region;
    }

  return NULL;
}

char *
signet_phone_get_locale_region (void)
{
  try
    {
      return get_locale_region ();
    }
  catch (...)
    {
      return NULL;
    }
}

SignetPhoneFormatter *
signet_phone_formatter_new (const char *region)
{
  try
    {
      SignetPhoneFormatter *self = new SignetPhoneFormatter;

      self->formatter.reset (phone_util ()->GetAsYouTypeFormatter (normalize_region (region)));
      return self;
    }
  catch (...)
    {
      g_error ("Could not create a phone number formatter");
    }
}

void
signet_phone_formatter_free (SignetPhoneFormatter *self)
{
  delete self;
}

char *
signet_phone_formatter_format (SignetPhoneFormatter *self,
                               const char           *text)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  /* Too long to be a number: left as typed, for the parser to refuse. */
  if (strlen (text) > SIGNET_PHONE_MAX_LENGTH)
    return g_strdup (text);

  try
    {
      std::string dialable = extract_dialable (text);
      std::string result;

      /* The formatter is stateful: start over so that edits in the middle of
       * the text, deletions and pastes all come out right. */
      self->formatter->Clear ();
      for (char c : dialable)
        self->formatter->InputDigit ((i18n::phonenumbers::char32) c, &result);

      /* libphonenumber ends "+39" with a space; in an entry that space would
       * come back after every Backspace that tried to delete it. */
      return g_strchomp (g_strdup (result.c_str ()));
    }
  catch (...)
    {
      return g_strdup (text);
    }
}

/*
 * The module's one export (signet-module.h)
 */

static const SignetPhoneTable table = {
  signet_phone_number_parse,
  signet_phone_number_free,
  signet_phone_number_get_validity,
  signet_phone_number_get_e164,
  signet_phone_number_get_international,
  signet_phone_number_get_national,
  signet_phone_number_get_region,
  signet_phone_number_get_country_code,
  signet_phone_region_get_country_code,
  signet_phone_region_get_example,
  signet_phone_get_regions,
  signet_phone_guess_region,
  signet_phone_get_locale_region,
  signet_phone_formatter_new,
  signet_phone_formatter_free,
  signet_phone_formatter_format,
};

extern "C" G_MODULE_EXPORT gconstpointer signet_module_get_table (guint abi);

gconstpointer
signet_module_get_table (guint abi)
{
  return abi == SIGNET_PHONE_ABI ? &table : NULL;
}
