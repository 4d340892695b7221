/* test-phone.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "signet-phone.h"

/* Error messages may be logged or shown in a bug report: the number must
 * never be in them, not even a part of it. */
static void
assert_message_without_number (const GError *error)
{
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_false (g_ascii_isdigit (*p));
}

typedef struct
{
  const char          *text;
  const char          *region;
  const char          *e164;
  const char          *number_region;
  guint country_code;
  SignetPhoneValidity validity;
} ParseCase;

static void
check_parse_cases (const ParseCase *cases,
                   gsize            n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetPhoneNumber) number = NULL;

      g_test_message ("parsing %s in %s", cases[i].text, cases[i].region);
      number = signet_phone_number_parse (cases[i].text, cases[i].region, &error);
      g_assert_no_error (error);
      g_assert_nonnull (number);
      g_assert_cmpstr (signet_phone_number_get_e164 (number), ==, cases[i].e164);
      g_assert_cmpstr (signet_phone_number_get_region (number), ==, cases[i].number_region);
      g_assert_cmpuint (signet_phone_number_get_country_code (number), ==, cases[i].country_code);
      g_assert_cmpint (signet_phone_number_get_validity (number), ==, cases[i].validity);
    }
}

static void
test_parse_valid (void)
{
  static const ParseCase cases[] = {
    { "(650) 253-0000", "US", "+16502530000", "US", 1, SIGNET_PHONE_VALIDITY_VALID },
    { "650.253.0000", "us", "+16502530000", "US", 1, SIGNET_PHONE_VALIDITY_VALID },
    /* Italy keeps the leading zero of fixed lines. */
    { "+39 06 1234 5678", NULL, "+390612345678", "IT", 39, SIGNET_PHONE_VALIDITY_VALID },
    { "312 345 6789", "IT", "+393123456789", "IT", 39, SIGNET_PHONE_VALIDITY_VALID },
    { "030 123456", "DE", "+4930123456", "DE", 49, SIGNET_PHONE_VALIDITY_VALID },
    { "01512 3456789", "DE", "+4915123456789", "DE", 49, SIGNET_PHONE_VALIDITY_VALID },
    { "07400 123456", "GB", "+447400123456", "GB", 44, SIGNET_PHONE_VALIDITY_VALID },
    { "+91 98765-43210", NULL, "+919876543210", "IN", 91, SIGNET_PHONE_VALIDITY_VALID },
    { "(11) 91234-5678", "BR", "+5511912345678", "BR", 55, SIGNET_PHONE_VALIDITY_VALID },
    /* Argentine mobiles: dialled nationally with "15", internationally with "9". */
    { "011 15-2345-6789", "AR", "+5491123456789", "AR", 54, SIGNET_PHONE_VALIDITY_VALID },
    { "+54 9 11 2345-6789", NULL, "+5491123456789", "AR", 54, SIGNET_PHONE_VALIDITY_VALID },
    /* The first Dutch M2M block is in the metadata. */
    { "0970 1234 5678", "NL", "+3197012345678", "NL", 31, SIGNET_PHONE_VALIDITY_VALID },
    /* A "+" wins over the chosen region. */
    { "+1 (650) 253-0000", "IT", "+16502530000", "US", 1, SIGNET_PHONE_VALIDITY_VALID },
    /* Unicode dashes and spaces, as pasted from a web page. */
    { "+39\u00a0312\u2011345\u20116789", NULL, "+393123456789", "IT", 39,
      SIGNET_PHONE_VALIDITY_VALID },
  };

  check_parse_cases (cases, G_N_ELEMENTS (cases));
}

/* Possible but unknown to the metadata: a warning the person can override,
 * never an error (stricter clients locked people out). */
static void
test_parse_possible (void)
{
  static const ParseCase cases[] = {
    /* Dutch M2M numbers outside the ranges the metadata knows. */
    { "0979 1234 5678", "NL", "+3197912345678", "NL", 31, SIGNET_PHONE_VALIDITY_POSSIBLE },
    { "+31 975 123 45678", NULL, "+3197512345678", "NL", 31, SIGNET_PHONE_VALIDITY_POSSIBLE },
    /* No North American area code starts with 1: no single region either. */
    { "+1 123-456-7890", NULL, "+11234567890", NULL, 1, SIGNET_PHONE_VALIDITY_POSSIBLE },
    { "+44 7400 12345", NULL, "+44740012345", NULL, 44, SIGNET_PHONE_VALIDITY_POSSIBLE },
  };

  check_parse_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_parse_errors (void)
{
  static const struct {
    const char       *text;
    const char       *region;
    SignetPhoneError code;
  } cases[] = {
    { "", "IT", SIGNET_PHONE_ERROR_NOT_A_NUMBER },
    { "   ", "IT", SIGNET_PHONE_ERROR_NOT_A_NUMBER },
    { "- ( ) .", "IT", SIGNET_PHONE_ERROR_NOT_A_NUMBER },
    { "abc", "IT", SIGNET_PHONE_ERROR_NOT_A_NUMBER },
    { "+", NULL, SIGNET_PHONE_ERROR_NOT_A_NUMBER },
    /* A letter O typed for a zero is refused, not converted or dropped. */
    { "+39 O6 1234 5678", NULL, SIGNET_PHONE_ERROR_NOT_A_NUMBER },
    { "+39 06 1234 567O", NULL, SIGNET_PHONE_ERROR_NOT_A_NUMBER },
    { "1-800-FLOWERS", "US", SIGNET_PHONE_ERROR_NOT_A_NUMBER },
    { "+1 650 253 0000 ext 12", NULL, SIGNET_PHONE_ERROR_NOT_A_NUMBER },
    { "+1 650 253 0000 #12", NULL, SIGNET_PHONE_ERROR_NOT_A_NUMBER },
    /* No "+" and no (known) country. */
    { "06 1234 5678", NULL, SIGNET_PHONE_ERROR_INVALID_COUNTRY_CODE },
    { "06 1234 5678", "", SIGNET_PHONE_ERROR_INVALID_COUNTRY_CODE },
    { "06 1234 5678", "XX", SIGNET_PHONE_ERROR_INVALID_COUNTRY_CODE },
    { "+999 1234567", "IT", SIGNET_PHONE_ERROR_INVALID_COUNTRY_CODE },
    { "12", "IT", SIGNET_PHONE_ERROR_TOO_SHORT },
    { "+39 1", NULL, SIGNET_PHONE_ERROR_TOO_SHORT },
    { "+1 650 253 000", NULL, SIGNET_PHONE_ERROR_TOO_SHORT },
    /* Without its area code. */
    { "555-1234", "US", SIGNET_PHONE_ERROR_TOO_SHORT },
    { "+1 650 253 00001", NULL, SIGNET_PHONE_ERROR_TOO_LONG },
    { "+44 1234567890123", NULL, SIGNET_PHONE_ERROR_TOO_LONG },
    { "+39 1234567890123456789", NULL, SIGNET_PHONE_ERROR_TOO_LONG },
    /* Andorra has 6, 8 and 9 digit numbers. */
    { "+376 1234567", NULL, SIGNET_PHONE_ERROR_INVALID_LENGTH },
    { "0970 1234 56789", "NL", SIGNET_PHONE_ERROR_TOO_LONG },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetPhoneNumber) number = NULL;

      g_test_message ("parsing “%s” in %s", cases[i].text, cases[i].region);
      number = signet_phone_number_parse (cases[i].text, cases[i].region, &error);
      g_assert_null (number);
      g_assert_error (error, SIGNET_PHONE_ERROR, (int) cases[i].code);
      assert_message_without_number (error);
    }
}

/* Parsing grows faster than linearly with the length, and the text can come
 * from a server: past the cap it is refused before any parsing. */
static void
test_parse_too_long (void)
{
  g_autoptr(GString) digits = g_string_new ("+39");
  g_autoptr(GString) padded = g_string_new ("+39 06 1234 5678");
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autoptr(SignetPhoneFormatter) formatter = signet_phone_formatter_new ("IT");
  g_autofree char *formatted = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (digits, '0' + i % 10);

  number = signet_phone_number_parse (digits->str, NULL, &error);
  g_assert_null (number);
  g_assert_error (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_TOO_LONG);
  g_assert_cmpstr (error->message, ==, "This is far too long to be a phone number.");
  assert_message_without_number (error);

  g_assert_null (signet_phone_guess_region (digits->str));
  formatted = signet_phone_formatter_format (formatter, digits->str);
  g_assert_cmpstr (formatted, ==, digits->str);

  /* Up to the cap, separators included, a number is a number. */
  while (padded->len < SIGNET_PHONE_MAX_LENGTH)
    g_string_append_c (padded, ' ');
  g_clear_pointer (&number, signet_phone_number_free);
  g_clear_error (&error);
  number = signet_phone_number_parse (padded->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_phone_number_get_e164 (number), ==, "+390612345678");

  g_string_append_c (padded, ' ');
  g_clear_pointer (&number, signet_phone_number_free);
  g_clear_error (&error);
  number = signet_phone_number_parse (padded->str, NULL, &error);
  g_assert_error (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_TOO_LONG);
}

/* The two kinds of unknown country code say different things. */
static void
test_parse_error_messages (void)
{
  g_autoptr(GError) no_code = NULL;
  g_autoptr(GError) bad_code = NULL;
  g_autoptr(GError) too_short = NULL;
  g_autoptr(GError) local_only = NULL;

  g_assert_null (signet_phone_number_parse ("06 1234 5678", NULL, &no_code));
  g_assert_null (signet_phone_number_parse ("+999 1234567", NULL, &bad_code));
  g_assert_cmpstr (no_code->message, !=, bad_code->message);

  g_assert_null (signet_phone_number_parse ("+1 650 253 000", NULL, &too_short));
  g_assert_null (signet_phone_number_parse ("555-1234", "US", &local_only));
  g_assert_cmpstr (too_short->message, !=, local_only->message);
}

/* A leading "00" is the international prefix whatever the region. */
static void
test_parse_international_prefix (void)
{
  static const ParseCase cases[] = {
    { "0039 06 1234 5678", NULL, "+390612345678", "IT", 39, SIGNET_PHONE_VALIDITY_VALID },
    { "0049 30 123456", "US", "+4930123456", "DE", 49, SIGNET_PHONE_VALIDITY_VALID },
    { " (0044) 7400 123456", "IT", "+447400123456", "GB", 44, SIGNET_PHONE_VALIDITY_VALID },
    { "00 1 650 253 0000", "DE", "+16502530000", "US", 1, SIGNET_PHONE_VALIDITY_VALID },
    { "0 0 39 312 345 6789", NULL, "+393123456789", "IT", 39, SIGNET_PHONE_VALIDITY_VALID },
    { "(00) 49 30 123456", NULL, "+4930123456", "DE", 49, SIGNET_PHONE_VALIDITY_VALID },
    /* The region's own international prefix still works. */
    { "011 39 312 345 6789", "US", "+393123456789", "IT", 39, SIGNET_PHONE_VALIDITY_VALID },
  };

  check_parse_cases (cases, G_N_ELEMENTS (cases));
}

/* The E.164 form names the account: Signet's own E.164 parses back into
 * itself, and a German number typed with its trunk zero after "0049" or "+49"
 * is the same number as without it. */
static void
test_parse_round_trip (void)
{
  static const ParseCase cases[] = {
    { "+49 30 2330 2330", "DE", "+493023302330", "DE", 49, SIGNET_PHONE_VALIDITY_VALID },
    { "0049 030 2330 2330", "DE", "+493023302330", "DE", 49, SIGNET_PHONE_VALIDITY_VALID },
    { "+49 030 2330 2330", "DE", "+493023302330", "DE", 49, SIGNET_PHONE_VALIDITY_VALID },
    { "+49 (0) 30 2330 2330", NULL, "+493023302330", "DE", 49, SIGNET_PHONE_VALIDITY_VALID },
    { "0049 030 2330 2330", "US", "+493023302330", "DE", 49, SIGNET_PHONE_VALIDITY_VALID },
    { "0043 01 234 5678", "AT", "+4312345678", "AT", 43, SIGNET_PHONE_VALIDITY_VALID },
    { "+39 06 1234 5678", "IT", "+390612345678", "IT", 39, SIGNET_PHONE_VALIDITY_VALID },
  };
  /* More zeros after the country code than a trunk prefix: libphonenumber
   * would keep one in the E.164 form and drop it on the next parse. */
  static const struct {
    const char *text;
    const char *region;
  } refused[] = {
    { "00490049 3023 3023", "DE" },
    { "0049 0049 030 2330 2330", "DE" },
    { "+49 0049 30 2330 2330", "US" },
    { "+49 0030 2330 2330", "DE" },
    { "+43 00 1 234 5678", "AT" },
  };

  check_parse_cases (cases, G_N_ELEMENTS (cases));
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetPhoneNumber) number = NULL;
      g_autoptr(SignetPhoneNumber) again = NULL;

      number = signet_phone_number_parse (cases[i].text, cases[i].region, &error);
      g_assert_no_error (error);
      again = signet_phone_number_parse (signet_phone_number_get_e164 (number), NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (signet_phone_number_get_e164 (again), ==, cases[i].e164);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetPhoneNumber) number = NULL;

      g_test_message ("parsing “%s” in %s", refused[i].text, refused[i].region);
      number = signet_phone_number_parse (refused[i].text, refused[i].region, &error);
      g_assert_null (number);
      g_assert_error (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_NOT_A_NUMBER);
      g_assert_cmpstr (error->message, ==,
                       "Too many zeros follow the country calling code. "
                       "Check that the code is not typed twice.");
      assert_message_without_number (error);
    }
}

static void
test_format (void)
{
  static const struct {
    const char *text;
    const char *region;
    const char *international;
    const char *national;
  } cases[] = {
    { "+390612345678", NULL, "+39 06 1234 5678", "06 1234 5678" },
    { "3123456789", "IT", "+39 312 345 6789", "312 345 6789" },
    { "6502530000", "US", "+1 650-253-0000", "(650) 253-0000" },
    { "+447400123456", NULL, "+44 7400 123456", "07400 123456" },
    { "+4930123456", NULL, "+49 30 123456", "030 123456" },
    { "+5491123456789", NULL, "+54 9 11 2345-6789", "011 15-2345-6789" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetPhoneNumber) number = NULL;

      number = signet_phone_number_parse (cases[i].text, cases[i].region, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (signet_phone_number_get_international (number), ==,
                       cases[i].international);
      g_assert_cmpstr (signet_phone_number_get_national (number), ==, cases[i].national);
    }
}

/* Feeds @typed one character at a time, as a person types it, and compares
 * each result with the next line of @expected. */
static void
check_as_you_type (const char         *region,
                   const char         *typed,
                   const char * const *expected)
{
  g_autoptr(SignetPhoneFormatter) formatter = signet_phone_formatter_new (region);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_cmpuint (strlen (typed), ==, g_strv_length ((char **) expected));

  for (gsize i = 0; typed[i] != '\0'; i++)
    {
      g_autofree char *formatted = NULL;

      /* The entry holds what the formatter returned last, plus a key. */
      g_string_append_c (text, typed[i]);
      formatted = signet_phone_formatter_format (formatter, text->str);
      g_assert_cmpstr (formatted, ==, expected[i]);
      g_string_assign (text, formatted);
    }
}

static void
test_as_you_type_us (void)
{
  static const char * const expected[] = {
    "6", "65", "650", "650-2", "650-25", "650-253", "650-2530",
    "(650) 253-00", "(650) 253-000", "(650) 253-0000",
  };

  check_as_you_type ("US", "6502530000", expected);
}

static void
test_as_you_type_it (void)
{
  static const char * const national[] = {
    "0", "06", "06 1", "06 12", "06 123", "06 1234", "06 12345", "06 123456",
    "06 123 4567", "06 1234 5678",
  };
  /* No trailing space after "+39": it would come back after each Backspace. */
  static const char * const international[] = {
    "+", "+3", "+39", "+39 3", "+39 31", "+39 312", "+39 312 3", "+39 312 34",
    "+39 312 345", "+39 312 345 6", "+39 312 345 67", "+39 312 345 678", "+39 312 345 6789",
  };
  static const char * const idd[] = {
    "0", "+", "+3", "+39", "+39 3", "+39 31", "+39 312",
  };

  check_as_you_type ("IT", "0612345678", national);
  check_as_you_type ("IT", "+393123456789", international);
  check_as_you_type ("IT", "0039312", idd);
}

static void
test_as_you_type_edits (void)
{
  g_autoptr(SignetPhoneFormatter) formatter = signet_phone_formatter_new ("US");
  g_autofree char *full = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *pasted = NULL;
  g_autofree char *fullwidth = NULL;
  g_autofree char *empty = NULL;

  full = signet_phone_formatter_format (formatter, "(650) 253-0000");
  g_assert_cmpstr (full, ==, "(650) 253-0000");

  /* A deletion in the middle: the formatter starts over each time. */
  deleted = signet_phone_formatter_format (formatter, "(650) 23-0000");
  g_assert_cmpstr (deleted, ==, "(650) 230-000");

  pasted = signet_phone_formatter_format (formatter, "tel: +1 650.253.0000 ");
  g_assert_cmpstr (pasted, ==, "+1 650-253-0000");

  fullwidth = signet_phone_formatter_format (formatter, "６５０２５３００００");
  g_assert_cmpstr (fullwidth, ==, "(650) 253-0000");

  empty = signet_phone_formatter_format (formatter, "");
  g_assert_cmpstr (empty, ==, "");
}

static void
test_regions (void)
{
  g_auto(GStrv) regions = signet_phone_get_regions ();

  g_assert_cmpuint (g_strv_length (regions), >, 200);
  g_assert_true (g_strv_contains ((const char * const *) regions, "IT"));
  g_assert_true (g_strv_contains ((const char * const *) regions, "US"));
  g_assert_true (g_strv_contains ((const char * const *) regions, "DE"));
  g_assert_false (g_strv_contains ((const char * const *) regions, "ZZ"));
  g_assert_false (g_strv_contains ((const char * const *) regions, "001"));

  for (guint i = 1; regions[i] != NULL; i++)
    g_assert_cmpstr (regions[i - 1], <, regions[i]);
}

static void
test_region_country_codes (void)
{
  g_assert_cmpuint (signet_phone_region_get_country_code ("IT"), ==, 39);
  g_assert_cmpuint (signet_phone_region_get_country_code ("US"), ==, 1);
  g_assert_cmpuint (signet_phone_region_get_country_code ("CA"), ==, 1);
  g_assert_cmpuint (signet_phone_region_get_country_code ("GB"), ==, 44);
  g_assert_cmpuint (signet_phone_region_get_country_code ("gb"), ==, 44);
  g_assert_cmpuint (signet_phone_region_get_country_code ("ZZ"), ==, 0);
  g_assert_cmpuint (signet_phone_region_get_country_code ("XX"), ==, 0);
  g_assert_cmpuint (signet_phone_region_get_country_code (""), ==, 0);
  g_assert_cmpuint (signet_phone_region_get_country_code (NULL), ==, 0);
}

/* The placeholder the wizard shows must be a number the wizard accepts. */
static void
test_region_examples (void)
{
  g_auto(GStrv) regions = signet_phone_get_regions ();
  g_autofree char *it = signet_phone_region_get_example ("IT");
  g_autofree char *unknown = signet_phone_region_get_example ("XX");

  g_assert_cmpstr (it, ==, "312 345 6789");
  g_assert_null (unknown);

  for (guint i = 0; regions[i] != NULL; i++)
    {
      g_autofree char *example = signet_phone_region_get_example (regions[i]);
      g_autoptr(SignetPhoneNumber) number = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("example for %s: %s", regions[i], example);
      g_assert_nonnull (example);
      number = signet_phone_number_parse (example, regions[i], &error);
      g_assert_no_error (error);
      g_assert_cmpint (signet_phone_number_get_validity (number), ==,
                       SIGNET_PHONE_VALIDITY_VALID);
      g_assert_cmpuint (signet_phone_number_get_country_code (number), ==,
                        signet_phone_region_get_country_code (regions[i]));
    }
}

static void
test_guess_region (void)
{
  static const struct {
    const char *text;
    const char *region;
  } cases[] = {
    { "+39 06 1234 5678", "IT" },
    { "+39", "IT" },
    { "0049 30 123456", "DE" },
    { "(0044) 7400", "GB" },
    /* Shared codes give their main region. */
    { "+1 650 253 0000", "US" },
    { "+7 912", "RU" },
    { "+3", NULL },
    { "+", NULL },
    { "06 1234 5678", NULL },
    { "", NULL },
    { "+999 123", NULL },
    /* Non-geographic (freephone): no country to select. */
    { "+800 1234 5678", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *region = signet_phone_guess_region (cases[i].text);

      g_assert_cmpstr (region, ==, cases[i].region);
    }
}

static void
clear_locale_environment (void)
{
  const char *variables[] = {
    "LC_ALL", "LC_ADDRESS", "LC_TELEPHONE", "LC_MESSAGES", "LANG", "LANGUAGE",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (variables); i++)
    g_unsetenv (variables[i]);
}

static char *
locale_region_from_environment (const char *variable,
                                const char *value)
{
  clear_locale_environment ();
  g_setenv (variable, value, TRUE);

  return signet_phone_get_locale_region ();
}

/* When setlocale() failed (the locale is not generated, the usual case on a
 * fresh machine), the region still comes from the environment. */
static void
test_locale_region_environment (void)
{
  if (g_test_subprocess ())
    {
      static const struct {
        const char *variable;
        const char *value;
        const char *region;
      } cases[] = {
        { "LANG", "it_IT.UTF-8", "IT" },
        { "LANG", "de_DE", "DE" },
        { "LANG", "pt_BR.utf8@variant", "BR" },
        { "LANG", "sr_RS@latin", "RS" },
        { "LC_ALL", "en_GB.UTF-8", "GB" },
        { "LC_TELEPHONE", "nl_NL.UTF-8", "NL" },
        { "LC_MESSAGES", "es_AR.UTF-8", "AR" },
        { "LANG", "C", NULL },
        { "LANG", "C.UTF-8", NULL },
        { "LANG", "POSIX", NULL },
        { "LANG", "es_419.UTF-8", NULL },
        { "LANG", "it", NULL },
        { "LANG", "", NULL },
      };
      g_autofree char *nothing = NULL;
      g_autofree char *overridden = NULL;
      g_autofree char *posix_precedence = NULL;

      g_assert_nonnull (setlocale (LC_ALL, "C"));

      for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autofree char *region = NULL;

          region = locale_region_from_environment (cases[i].variable, cases[i].value);
          g_assert_cmpstr (region, ==, cases[i].region);
        }

      clear_locale_environment ();
      nothing = signet_phone_get_locale_region ();
      g_assert_null (nothing);

      /* LC_ALL overrides everything, as for setlocale(). */
      clear_locale_environment ();
      g_setenv ("LANG", "it_IT.UTF-8", TRUE);
      g_setenv ("LC_TELEPHONE", "de_DE.UTF-8", TRUE);
      g_setenv ("LC_ALL", "fr_FR.UTF-8", TRUE);
      overridden = signet_phone_get_locale_region ();
      g_assert_cmpstr (overridden, ==, "FR");

      /* A person who set LC_ALL=C wants no guessing. */
      g_setenv ("LC_ALL", "C", TRUE);
      posix_precedence = signet_phone_get_locale_region ();
      g_assert_null (posix_precedence);
      return;
    }

  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
}

/* The first of a few common locales with a territory that this machine has
 * generated, or NULL: a fresh CI machine has none. */
static const char *
find_installed_locale (const char **region)
{
  static const struct {
    const char *locale;
    const char *region;
  } candidates[] = {
    { "it_IT.UTF-8", "IT" },
    { "de_DE.UTF-8", "DE" },
    { "en_US.UTF-8", "US" },
    { "en_GB.UTF-8", "GB" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      /* newlocale() leaves the process locale alone. */
      locale_t locale = newlocale (LC_ALL_MASK, candidates[i].locale, (locale_t) 0);

      if (locale != (locale_t) 0)
        {
          freelocale (locale);
          *region = candidates[i].region;
          return candidates[i].locale;
        }
    }

  return NULL;
}

/* A locale without a territory falls through to the environment. */
static void
test_locale_region_c_utf8 (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *region = NULL;

      clear_locale_environment ();
      g_setenv ("LANG", "fr_FR.UTF-8", TRUE);
      g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

      region = signet_phone_get_locale_region ();
      g_assert_cmpstr (region, ==, "FR");
      return;
    }

  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
}

/* The locale the program runs in comes before the environment. */
static void
test_locale_region_setlocale (void)
{
  const char *expected = NULL;
  const char *locale = find_installed_locale (&expected);

  /* Fresh machines often have no compiled locale but C: make one privately. */
  if (locale == NULL && !g_test_subprocess ())
    {
      g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "locales", NULL);
      g_autofree char *target = g_build_filename (dir, "it_IT.UTF-8", NULL);
      const char *argv[] = { "localedef", "-i", "it_IT", "-f", "UTF-8", target, NULL };
      g_autoptr(GError) error = NULL;
      int status = -1;

      g_mkdir_with_parents (dir, 0700);
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_setenv ("LOCPATH", dir, TRUE);
      locale = find_installed_locale (&expected);
    }

  g_assert_nonnull (locale);

  if (g_test_subprocess ())
    {
      g_autofree char *region = NULL;

      clear_locale_environment ();
      g_setenv ("LANG", "fr_FR.UTF-8", TRUE);
      g_assert_nonnull (setlocale (LC_ALL, locale));

      region = signet_phone_get_locale_region ();
      g_assert_cmpstr (region, ==, expected);
      return;
    }

  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
}

static void
test_country_name_c (void)
{
  static const struct {
    const char *region;
    const char *name;
  } cases[] = {
    { "IT", "Italy" },
    { "it", "Italy" },
    { "US", "United States" },
    { "GB", "United Kingdom" },
    /* iso-codes' common name, not "Bolivia, Plurinational State of". */
    { "BO", "Bolivia" },
    { "TW", "Taiwan" },
    /* libphonenumber regions that ISO 3166-1 lacks. */
    { "XK", "Kosovo" },
    { "AC", "Ascension Island" },
    /* Unknown: the code itself. */
    { "QQ", "QQ" },
  };

  if (g_test_subprocess ())
    {
      clear_locale_environment ();
      g_assert_nonnull (setlocale (LC_ALL, "C"));

      for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autofree char *name = signet_country_get_name (cases[i].region);

          g_assert_cmpstr (name, ==, cases[i].name);
        }
      return;
    }

  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
}

/* gettext ignores LANGUAGE in the "C" locale but not in "C.UTF-8", which every
 * Debian machine has: translations can be tested without generating locales.
 * Each language runs in its own process because gettext caches translations
 * per locale name, not per LANGUAGE. */
static void
check_country_names_in (const char *language,
                        const char *region,
                        const char *name)
{
  if (g_test_subprocess ())
    {
      g_autofree char *translated = NULL;

      clear_locale_environment ();
      g_setenv ("LANGUAGE", language, TRUE);
      g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

      translated = signet_country_get_name (region);
      g_assert_cmpstr (translated, ==, name);
      return;
    }

  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
}

static void
test_country_name_italian (void)
{
  check_country_names_in ("it", "IT", "Italia");
}

static void
test_country_name_german (void)
{
  /* Not ASCII: checks that the names come out in UTF-8. */
  check_country_names_in ("de", "AT", "Österreich");
}

/* Every region of the country list has a real name. */
static void
test_country_name_all_regions (void)
{
  g_auto(GStrv) regions = signet_phone_get_regions ();

  for (guint i = 0; regions[i] != NULL; i++)
    {
      g_autofree char *name = signet_country_get_name (regions[i]);

      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_cmpstr (name, !=, regions[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/phone/parse/valid", test_parse_valid);
  g_test_add_func ("/phone/parse/possible", test_parse_possible);
  g_test_add_func ("/phone/parse/errors", test_parse_errors);
  g_test_add_func ("/phone/parse/error-messages", test_parse_error_messages);
  g_test_add_func ("/phone/parse/too-long", test_parse_too_long);
  g_test_add_func ("/phone/parse/international-prefix", test_parse_international_prefix);
  g_test_add_func ("/phone/parse/round-trip", test_parse_round_trip);
  g_test_add_func ("/phone/format", test_format);
  g_test_add_func ("/phone/as-you-type/us", test_as_you_type_us);
  g_test_add_func ("/phone/as-you-type/it", test_as_you_type_it);
  g_test_add_func ("/phone/as-you-type/edits", test_as_you_type_edits);
  g_test_add_func ("/phone/regions/list", test_regions);
  g_test_add_func ("/phone/regions/country-codes", test_region_country_codes);
  g_test_add_func ("/phone/regions/examples", test_region_examples);
  g_test_add_func ("/phone/guess-region", test_guess_region);
  g_test_add_func ("/phone/locale-region/environment", test_locale_region_environment);
  g_test_add_func ("/phone/locale-region/c-utf8", test_locale_region_c_utf8);
  g_test_add_func ("/phone/locale-region/setlocale", test_locale_region_setlocale);
  g_test_add_func ("/country/name/c", test_country_name_c);
  g_test_add_func ("/country/name/italian", test_country_name_italian);
  g_test_add_func ("/country/name/german", test_country_name_german);
  g_test_add_func ("/country/name/all-regions", test_country_name_all_regions);

  return g_test_run ();
}
