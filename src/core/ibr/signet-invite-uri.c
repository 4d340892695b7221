/* signet-invite-uri.c: invitation links to sign up on an XMPP server.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Prosody's mod_invites hands these out; people paste them whole.  The
 * token is a secret: nothing here logs it or puts it in a message. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-invite-uri.h"

G_DEFINE_QUARK (signet-invite-uri-error-quark, signet_invite_uri_error)

gboolean
signet_invite_uri_is_uri (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return g_ascii_strncasecmp (text, "xmpp:", strlen ("xmpp:")) == 0;
}

static gboolean
invalid (GError **error)
{
  g_set_error_literal (error, SIGNET_INVITE_URI_ERROR, SIGNET_INVITE_URI_ERROR_INVALID,
                       _("This is not an invitation link. It looks like "
                         "xmpp:example.org?register;preauth=…"));
  return FALSE;
}

/* The preauth token among the query's ";"-separated parameters. */
static char *
find_token (char **params)
{
  for (guint i = 1; params[i] != NULL; i++)
    if (g_str_has_prefix (params[i], "preauth=") && params[i][strlen ("preauth=")] != '\0')
      return g_uri_unescape_string (params[i] + strlen ("preauth="), NULL);

  return NULL;
}

gboolean
signet_invite_uri_parse (const char *text,
                         char      **domain,
                         char      **token,
                         GError    **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) params = NULL;
  const char *question;
  const char *at;

  g_return_val_if_fail (text != NULL && domain != NULL && token != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  question = strchr (trimmed, '?');
  if (!signet_invite_uri_is_uri (trimmed) || question == NULL)
    return invalid (error);

  path = g_uri_unescape_segment (trimmed + strlen ("xmpp:"), question, NULL);
  params = g_strsplit (question + 1, ";", -1);
  if (path == NULL || params[0] == NULL ||
      !(g_str_equal (params[0], "register") || g_str_equal (params[0], "roster")))
    return invalid (error);

  /* A contact's invitation names the inviter; the server is the domain. */
  at = strrchr (path, '@');
  *token = find_token (params);
  *domain = g_strdup (at != NULL ? at + 1 : path);
  if (*token == NULL || **domain == '\0' || strpbrk (*domain, "/ ") != NULL)
    {
      g_clear_pointer (token, g_free);
      g_clear_pointer (domain, g_free);
      return invalid (error);
    }

  return TRUE;
}
