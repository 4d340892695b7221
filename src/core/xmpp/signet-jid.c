/* signet-jid.c: what an XMPP address looks like.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-jid.h"

/* Forbidden in a local part and, with the dots of its labels allowed, in a
 * domain too. */
static gboolean
has_forbidden_char (const char *text,
                    gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (strchr ("\"&'/:<>@", text[i]) != NULL || g_ascii_iscntrl (text[i]) || g_ascii_isspace (text[i]))
      return TRUE;

  return FALSE;
}

static gboolean
domain_is_valid (const char *domain,
                 gsize       length)
{
  if (length == 0 || has_forbidden_char (domain, length) ||
      domain[0] == '.' || domain[length - 1] == '.')
    return FALSE;

  for (gsize i = 0; i + 1 < length; i++)
    if (domain[i] == '.' && domain[i + 1] == '.')
      return FALSE;

  return TRUE;
}

gboolean
signet_jid_localpart_is_valid (const char *localpart,
                               gssize      length)
{
  g_return_val_if_fail (localpart != NULL, FALSE);

  if (length < 0)
    length = strlen (localpart);

  return length > 0 && !has_forbidden_char (localpart, length);
}

gboolean
signet_jid_is_valid (const char *text)
{
  const char *slash;
  const char *bare_end;
  const char *at;
  const char *domain;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL) || strlen (text) > SIGNET_JID_MAX_LENGTH)
    return FALSE;

  slash = strchr (text, '/');
  bare_end = slash != NULL ? slash : text + strlen (text);
  at = memchr (text, '@', bare_end - text);
  domain = at != NULL ? at + 1 : text;

  if (slash != NULL && (slash[1] == '\0' || strpbrk (slash + 1, " \t\r\n") != NULL))
    return FALSE;

  if (at != NULL && !signet_jid_localpart_is_valid (text, at - text))
    return FALSE;

  return domain_is_valid (domain, bare_end - domain);
}

gboolean
signet_jid_domain_is_valid (const char *domain)
{
  g_return_val_if_fail (domain != NULL, FALSE);

  return g_utf8_validate (domain, -1, NULL) && strlen (domain) <= SIGNET_JID_MAX_LENGTH &&
         domain_is_valid (domain, strlen (domain));
}
