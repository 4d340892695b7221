/* signet-provision-answer.c: what a mod_register_json servlet answers.
 *
 * The servlet answers a registration with the bare token (200) or an HTTP
 * status whose page carries its message, and a verification with an HTML
 * page either way.  Two statuses each stand for two refusals (401, 403,
 * 409); only the message tells them apart.  Everything here takes bytes as
 * they came from the network, so that it can be fuzzed.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-jid.h"
#include "signet-provision-answer.h"

#define MAX_TEXT_LENGTH 300
#define MAX_TOKEN_LENGTH 128
/* A servlet's page is about a kilobyte; only the start of a longer body is
 * read for its message. */
#define MAX_PAGE_LENGTH (64 * 1024)
/* "&" and the name of an entity, up to its ";". */
#define MAX_ENTITY_LENGTH 10

G_DEFINE_QUARK (signet-provision-error-quark, signet_provision_error)

/*
 * Text out of HTML
 */

static void
append_entity (GString    *out,
               const char *name)
{
  static const struct { const char *name; const char *text; } named[] = {
    { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" }, { "nbsp", " " },
  };
  gunichar c = 0;

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    if (g_str_equal (name, named[i].name))
      {
        g_string_append (out, named[i].text);
        return;
      }

  if (name[0] == '#')
    c = (name[1] == 'x' || name[1] == 'X') ? g_ascii_strtoull (name + 2, NULL, 16)
                                           : g_ascii_strtoull (name + 1, NULL, 10);
  if (c != 0 && g_unichar_validate (c))
    g_string_append_unichar (out, c);
}

/* The ";" that ends the entity at @amp, looked for only as far as an entity
 * can reach: searching the whole rest for each "&" made a page of "&"s
 * quadratic (found by fuzzing). */
static const char *
entity_end (const char *amp)
{
  for (guint i = 1; i < MAX_ENTITY_LENGTH && amp[i] != '\0'; i++)
    if (amp[i] == ';')
      return amp + i;

  return NULL;
}

/* @html without its tags, entities decoded and runs of white space made one space. */
static char *
strip_tags (const char *html)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = html;

  while (*p != '\0')
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');

          /* Titles and styles are no message. */
          if (g_ascii_strncasecmp (p, "<style", 6) == 0 || g_ascii_strncasecmp (p, "<title", 6) == 0)
            end = strchr (p + 1, '<') != NULL ? strchr (strchr (p + 1, '<'), '>') : NULL;
          if (end == NULL)
            break;
          g_string_append_c (out, ' ');
          p = end + 1;
        }
      else if (*p == '&' && entity_end (p) != NULL)
        {
          const char *end = entity_end (p);
          g_autofree char *name = g_strndup (p + 1, end - p - 1);

          append_entity (out, name);
          p = end + 1;
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
collapse_space (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n\f\v", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* At most MAX_TEXT_LENGTH characters, cut at a character. */
static char *
shorten (const char *text)
{
  g_autofree char *start = NULL;

  if (g_utf8_strlen (text, -1) <= MAX_TEXT_LENGTH)
    return g_strdup (text);

  start = g_utf8_substring (text, 0, MAX_TEXT_LENGTH - 1);
  return g_strconcat (start, "…", NULL);
}

char *
signet_provision_extract_text (const char *body,
                               gsize       length)
{
  gsize read = body != NULL ? MIN (length, MAX_PAGE_LENGTH) : 0;
  g_autofree char *valid = g_utf8_make_valid (body != NULL ? body : "", (gssize) read);
  g_autofree char *stripped = NULL;
  g_autofree char *collapsed = NULL;
  const char *part = valid;
  char *extra;

  /* Prosody's error page puts the module's message in <p class="extra">. */
  extra = strstr (valid, "class=\"extra\">");
  if (extra != NULL)
    {
      char *end = strstr (extra, "</p>");

      part = extra + strlen ("class=\"extra\">");
      if (end != NULL)
        *end = '\0';
    }

  stripped = strip_tags (part);
  collapsed = collapse_space (stripped);
  if (*collapsed == '\0')
    return NULL;

  return shorten (collapsed);
}

/*
 * Statuses
 */

static gboolean
mentions (const char *text,
          const char *word)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_ascii_strdown (text, -1);

  return strstr (folded, word) != NULL;
}

static GError *
error_for_status (guint       status,
                  const char *text)
{
  switch (status)
    {
    case 400:
      return g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_BAD_REQUEST,
                          _("The servlet did not understand the request."));
    case 401:
      if (mentions (text, "pending"))
        return g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_PENDING,
                            _("A registration of this username is already waiting for its token. If that "
                              "token was lost, the username can be registered again once the registration "
                              "expires (after five minutes on a servlet with the default settings)."));
      return g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_AUTH_TOKEN_REFUSED,
                          _("The servlet refused the auth token."));
    case 403:
      if (mentions (text, "mail"))
        return g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_MAIL_FILTERED,
                            _("The servlet does not accept this mail address."));
      return g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_ADDRESS_BLOCKED,
                          _("The servlet does not accept registrations from this IP address."));
    case 406:
      return g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_INVALID_USERNAME,
                          _("The server does not accept this username: it has characters that are not allowed."));
    case 409:
      if (mentions (text, "mail"))
        return g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_MAIL_TAKEN,
                            _("An account with this mail address exists already."));
      return g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_USER_EXISTS,
                          _("This username is taken."));
    case 503:
      return g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_THROTTLED,
                          _("Too many registrations from this IP address: wait a little and try again."));
    default:
      /* Translators: %u is an HTTP status such as 500. */
      return g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_SERVER,
                          _("The servlet answered with the unexpected status %u."), status);
    }
}

/* The token, if @body is one: a UUID as the servlet sends, or at least
 * something that can be put in a form and an address unchanged. */
static char *
parse_token (const char *body,
             gsize       length)
{
  g_autofree char *token = g_strndup (body != NULL ? body : "", body != NULL ? length : 0);

  if (strlen (token) != length)
    return NULL;
  g_strstrip (token);
  if (*token == '\0' || strlen (token) > MAX_TOKEN_LENGTH)
    return NULL;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return NULL;

  return g_steal_pointer (&token);
}

char *
signet_provision_parse_answer (guint       status,
                               const char *body,
                               gsize       length,
                               char      **server_text,
                               GError    **error)
{
  g_autofree char *text = NULL;
  char *token;

  if (status == 200)
    {
      token = parse_token (body, length);
      if (token != NULL)
        return token;
    }

  text = signet_provision_extract_text (body, length);
  if (status == 200)
    g_set_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_INVALID_RESPONSE,
                 _("The servlet’s answer is not a registration token."));
  else
    g_propagate_error (error, error_for_status (status, text));

  if (server_text != NULL)
    *server_text = g_steal_pointer (&text);

  return NULL;
}

gboolean
signet_provision_parse_verify_page (guint       status,
                                    const char *body,
                                    gsize       length,
                                    char      **server_text,
                                    GError    **error)
{
  g_autofree char *text = signet_provision_extract_text (body, length);
  gboolean failed = mentions (text, "invalid") || mentions (text, "expired") || mentions (text, "fail");
  gboolean activated = mentions (text, "activated") && !failed;

  if (status == 200 && activated)
    return TRUE;

  if (status != 200)
    g_propagate_error (error, error_for_status (status, text));
  else if (failed)
    g_set_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_TOKEN_INVALID,
                 _("The servlet does not know this token: it is invalid, has expired, or has activated "
                   "its account already."));
  else
    g_set_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_INVALID_RESPONSE,
                 _("The servlet’s page does not say whether the account was activated."));

  if (server_text != NULL)
    *server_text = g_steal_pointer (&text);

  return FALSE;
}

gboolean
signet_provision_username_is_valid (const char *username)
{
  return username != NULL && g_utf8_validate (username, -1, NULL) &&
         signet_jid_localpart_is_valid (username, -1);
}
