/* signet-link-text.c: servers' text with its https addresses as links.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-link-text.h"

gboolean
signet_link_text_is_https (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *host;

  if (uri == NULL || g_ascii_strncasecmp (uri, "https://", strlen ("https://")) != 0)
    return FALSE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  host = parsed != NULL ? g_uri_get_host (parsed) : NULL;
  return host != NULL && *host != '\0';
}

static gboolean
is_url_end (char c)
{
  return c == '\0' || g_ascii_isspace (c) || c == '<' || c == '>' || c == '"';
}

static const char *
find_url_start (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, "https://", 8) == 0 || g_ascii_strncasecmp (p, "http://", 7) == 0)
      return p;

  return NULL;
}

static void
append_escaped (GString    *markup,
                const char *text,
                gssize      length)
{
  g_autofree char *escaped = g_markup_escape_text (text, length);

  g_string_append (markup, escaped);
}

char *
signet_link_text_dup_markup (const char *text)
{
  GString *markup = g_string_new (NULL);
  const char *p = text != NULL ? text : "";

  while (*p != '\0')
    {
      const char *start = find_url_start (p);
      const char *end;
      g_autofree char *url = NULL;

      if (start == NULL)
        {
          append_escaped (markup, p, -1);
          break;
        }

      end = start;
      while (!is_url_end (*end))
        end++;
      while (end > start && strchr (".,;:!?)]}'", end[-1]) != NULL)
        end--;

      append_escaped (markup, p, start - p);

      url = g_strndup (start, end - start);
      if (signet_link_text_is_https (url))
        {
          g_autofree char *escaped = g_markup_escape_text (url, -1);

          g_string_append_printf (markup, "<a href=\"%s\">%s</a>", escaped, escaped);
        }
      else
        append_escaped (markup, url, -1);

      p = end > start ? end : start + 1;
    }

  return g_string_free (markup, FALSE);
}

gboolean
signet_link_text_open (GtkWidget  *widget,
                       const char *uri)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;

  /* Only https links are made, but a server's text is not to be trusted:
   * check again.  gtk_show_uri() is what GTK 4.8 has (GtkUriLauncher is
   * 4.10). */
  if (signet_link_text_is_https (uri))
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
  else
    g_debug ("Not opening an address that is not https");

  return TRUE;
}
