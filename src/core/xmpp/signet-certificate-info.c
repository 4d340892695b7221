/* signet-certificate-info.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "signet-certificate-info.h"

#define SHA256_HEX_LENGTH 64

struct _SignetCertificateInfo
{
  char *subject;
  char *issuer;
  char *not_before;
  char *not_after;
  char *sha256;
  char *problem;
};

G_DEFINE_BOXED_TYPE (SignetCertificateInfo, signet_certificate_info,
                     signet_certificate_info_copy, signet_certificate_info_free)

/* Empty strings carry no information, so they are stored as NULL: callers
 * only need one test for "not known". */
static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/**
 * signet_certificate_info_new:
 * @sha256: the fingerprint, in any form signet_certificate_normalize_sha256()
 *   accepts
 *
 * Returns: (transfer full): a new #SignetCertificateInfo
 */
SignetCertificateInfo *
signet_certificate_info_new (const char *subject,
                             const char *issuer,
                             const char *not_before,
                             const char *not_after,
                             const char *sha256,
                             const char *problem)
{
  SignetCertificateInfo *self = g_new0 (SignetCertificateInfo, 1);

  self->subject = dup_or_null (subject);
  self->issuer = dup_or_null (issuer);
  self->not_before = dup_or_null (not_before);
  self->not_after = dup_or_null (not_after);
  self->sha256 = signet_certificate_normalize_sha256 (sha256);
  self->problem = dup_or_null (problem);

  return self;
}

SignetCertificateInfo *
signet_certificate_info_copy (const SignetCertificateInfo *self)
{
  SignetCertificateInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (SignetCertificateInfo, 1);
  copy->subject = g_strdup (self->subject);
  copy->issuer = g_strdup (self->issuer);
  copy->not_before = g_strdup (self->not_before);
  copy->not_after = g_strdup (self->not_after);
  copy->sha256 = g_strdup (self->sha256);
  copy->problem = g_strdup (self->problem);

  return copy;
}

void
signet_certificate_info_free (SignetCertificateInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->subject);
  g_free (self->issuer);
  g_free (self->not_before);
  g_free (self->not_after);
  g_free (self->sha256);
  g_free (self->problem);
  g_free (self);
}

const char *
signet_certificate_info_get_subject (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->subject;
}

const char *
signet_certificate_info_get_issuer (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->issuer;
}

const char *
signet_certificate_info_get_not_before (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->not_before;
}

const char *
signet_certificate_info_get_not_after (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->not_after;
}

const char *
signet_certificate_info_get_sha256 (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sha256;
}

const char *
signet_certificate_info_get_problem (const SignetCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->problem;
}

/**
 * signet_certificate_normalize_sha256:
 * @fingerprint: (nullable): "AB:CD:…", "ab cd …" or "abcd…"
 *
 * Colons and white space are dropped so that a fingerprint copied from
 * `openssl x509 -fingerprint` or from a web page compares equal to the one
 * libstrophe reports.
 *
 * Returns: (transfer full) (nullable): 64 lowercase hex digits, or %NULL if
 *   @fingerprint is not a SHA-256 fingerprint
 */
char *
signet_certificate_normalize_sha256 (const char *fingerprint)
{
  g_autoptr(GString) hex = NULL;

  if (fingerprint == NULL)
    return NULL;

  hex = g_string_sized_new (SHA256_HEX_LENGTH);
  for (const char *p = fingerprint; *p != '\0'; p++)
    {
      if (*p == ':' || g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isxdigit (*p) || hex->len == SHA256_HEX_LENGTH)
        return NULL;
      g_string_append_c (hex, g_ascii_tolower (*p));
    }

  if (hex->len != SHA256_HEX_LENGTH)
    return NULL;

  return g_string_free (g_steal_pointer (&hex), FALSE);
}

/**
 * signet_certificate_normalize_trusted_sha256:
 * @fingerprint: (nullable): a fingerprint someone chose to trust
 *
 * For the setters of a trusted fingerprint: a fingerprint that cannot be
 * normalised trusts nothing, and says so.
 *
 * Returns: (transfer full) (nullable): what
 *   signet_certificate_normalize_sha256() returns
 */
char *
signet_certificate_normalize_trusted_sha256 (const char *fingerprint)
{
  char *normalized = signet_certificate_normalize_sha256 (fingerprint);

  if (fingerprint != NULL && normalized == NULL)
    g_warning ("Ignoring a trusted certificate fingerprint that is not a SHA-256 fingerprint");

  return normalized;
}

/*
 * Names and times, for people
 */

/* The unescaped text, or @escaped as it came when the bytes are not UTF-8. */
static char *
steal_if_utf8 (GString    *out,
               const char *escaped)
{
  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      g_string_free (out, TRUE);
      return g_strdup (escaped);
    }

  return g_string_free (out, FALSE);
}

/* "\xC3\xA8" → "è": OpenSSL escapes every byte outside printable ASCII. */
static char *
dup_unescaped_oneline (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == 'x' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[2]) * 16 + g_ascii_xdigit_value (p[3])));
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }

  return steal_if_utf8 (out, value);
}

/* "\,", "\+", "\\" and "\C3\A8" (RFC 4514 §2.4). */
static char *
dup_unescaped_rfc4514 (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (p[0] == '\\' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[1]) * 16 + g_ascii_xdigit_value (p[2])));
          p += 2;
        }
      else if (p[0] == '\\' && p[1] != '\0')
        g_string_append_c (out, *++p);
      else
        g_string_append_c (out, *p);
    }

  return steal_if_utf8 (out, value);
}

/* Whether @p starts an attribute type and its '=': "CN=", "2.5.4.3=". */
static gsize
attribute_type_length (const char *p)
{
  gsize n = 0;

  while (g_ascii_isalnum (p[n]) || p[n] == '.' || p[n] == '-')
    n++;

  return n > 0 && p[n] == '=' ? n : 0;
}

static void
add_part (GPtrArray  *parts,
          const char *type,
          gsize       type_length,
          char       *value)
{
  g_autofree char *stripped = g_strstrip (value);
  g_autofree char *upper = g_ascii_strup (type, type_length);

  g_ptr_array_add (parts, g_strdup_printf ("%s=%s", g_strstrip (upper), stripped));
}

/* OpenSSL's one-line form, least specific first; a '/' inside a value is
 * not escaped, so a new attribute starts only at "/TYPE=". */
static gboolean
split_oneline (const char *name,
               GPtrArray  *parts)
{
  const char *p = name + 1;

  while (*p != '\0')
    {
      gsize type_length = attribute_type_length (p);
      const char *value = p + type_length + 1;
      const char *end = value;
      g_autofree char *raw = NULL;

      if (type_length == 0)
        return FALSE;

      while (*end != '\0' && !(end[0] == '/' && attribute_type_length (end + 1) > 0))
        end++;

      raw = g_strndup (value, end - value);
      add_part (parts, p, type_length, dup_unescaped_oneline (raw));
      /* Least specific first: each one goes before the ones before it. */
      g_ptr_array_insert (parts, 0, g_ptr_array_steal_index (parts, parts->len - 1));

      p = *end == '/' ? end + 1 : end;
    }

  return TRUE;
}

/* The attribute type of an RFC 4514 name, without spaces, or NULL. */
static char *
dup_rfc4514_type (const char *start,
                  const char *equals)
{
  g_autofree char *type = g_strndup (start, equals - start);

  g_strstrip (type);
  if (*type == '\0')
    return NULL;
  for (const char *t = type; *t != '\0'; t++)
    if (!g_ascii_isalnum (*t) && *t != '.' && *t != '-')
      return NULL;

  return g_steal_pointer (&type);
}

/* RFC 4514, most specific first; OpenSSL's "CN = host, O = Example" has
 * spaces around the separators. */
static gboolean
split_rfc4514 (const char *name,
               GPtrArray  *parts)
{
  const char *p = name;

  while (*p != '\0')
    {
      const char *equals;
      const char *end;
      g_autofree char *type = NULL;
      g_autofree char *raw = NULL;

      while (*p == ' ')
        p++;
      equals = strchr (p, '=');
      if (equals == NULL || equals == p)
        return FALSE;
      type = dup_rfc4514_type (p, equals);
      if (type == NULL)
        return FALSE;

      end = equals + 1;
      while (*end != '\0' && *end != ',' && *end != '+' && *end != ';')
        end += end[0] == '\\' && end[1] != '\0' ? 2 : 1;

      raw = g_strndup (equals + 1, end - equals - 1);
      add_part (parts, type, strlen (type), dup_unescaped_rfc4514 (raw));
      p = *end != '\0' ? end + 1 : end;
    }

  return TRUE;
}

/**
 * signet_certificate_split_name:
 * @name: (nullable): a distinguished name
 *
 * Returns: (transfer full) (nullable): "TYPE=value" strings, most specific
 *   first
 */
GStrv
signet_certificate_split_name (const char *name)
{
  g_autoptr(GPtrArray) parts = NULL;
  gboolean ok;

  if (name == NULL || *name == '\0')
    return NULL;

  parts = g_ptr_array_new_with_free_func (g_free);
  if (name[0] == '/')
    ok = split_oneline (name, parts);
  else
    ok = split_rfc4514 (name, parts);

  if (!ok || parts->len == 0)
    return NULL;

  g_ptr_array_add (parts, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&parts), FALSE);
}

/**
 * signet_certificate_dup_name_part:
 * @name: (nullable): a distinguished name
 * @type: an attribute type, such as "CN" or "O"
 *
 * Returns: (transfer full) (nullable): the value of the most specific
 *   @type in @name
 */
char *
signet_certificate_dup_name_part (const char *name,
                                  const char *type)
{
  g_auto(GStrv) parts = signet_certificate_split_name (name);
  gsize type_length;

  g_return_val_if_fail (type != NULL, NULL);

  type_length = strlen (type);
  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    if (g_ascii_strncasecmp (parts[i], type, type_length) == 0 && parts[i][type_length] == '=' &&
        parts[i][type_length + 1] != '\0')
      return g_strdup (parts[i] + type_length + 1);

  return NULL;
}

static int
parse_month (const char *name)
{
  static const char * const months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  };

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (g_ascii_strcasecmp (name, months[i]) == 0)
      return i + 1;

  return 0;
}

/**
 * signet_certificate_parse_time:
 * @text: (nullable): a certificate's notBefore or notAfter, as printed
 *
 * Returns: (transfer full) (nullable): the time, or %NULL
 */
GDateTime *
signet_certificate_parse_time (const char *text)
{
  char month_name[4] = "";
  char zone[8] = "";
  int day, hour, minute, year, month;
  double second;
  const char *p;
  g_autoptr(GTimeZone) tz = NULL;
  int n;

  if (text == NULL || *text == '\0')
    return NULL;

  if (g_ascii_isdigit (text[0]))
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      int y, m, d;
      char rest;

      if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &rest) == 3)
        return g_date_time_new (utc, y, m, d, 0, 0, 0);
      return g_date_time_new_from_iso8601 (text, utc);
    }

  /* ctime() starts with the day of the week: "Sun Dec  6 …". */
  p = text;
  if (g_ascii_isalpha (p[0]) && g_ascii_isalpha (p[1]) && g_ascii_isalpha (p[2]) && p[3] == ' ' &&
      g_ascii_isalpha (p[4]))
    p += 4;

  n = sscanf (p, "%3s %d %d:%d:%lf %d %7s", month_name, &day, &hour, &minute, &second, &year, zone);
  if (n < 6)
    return NULL;
  month = parse_month (month_name);
  if (month == 0)
    return NULL;

  if (n == 7 && (strcmp (zone, "GMT") == 0 || strcmp (zone, "UTC") == 0 || strcmp (zone, "Z") == 0))
    tz = g_time_zone_new_utc ();
  else if (n == 6)
    tz = g_time_zone_new_local ();
  else
    return NULL;

  return g_date_time_new (tz, year, month, day, hour, minute, second);
}
