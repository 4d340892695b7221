/* signet-text.c: small text helpers for the wizard's labels.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-text.h"

char *
signet_text_dup_unbreakable (const char *number)
{
  GString *result;

  g_return_val_if_fail (number != NULL, NULL);

  /* A left-to-right isolate keeps "+39 347 …" in order inside
   * right-to-left sentences. */
  result = g_string_new ("\u2066");
  for (const char *p = number; *p != '\0'; p++)
    {
      if (*p == ' ')
        g_string_append (result, "\u00a0");
      else if (*p == '-')
        g_string_append (result, "\u2011");
      else
        g_string_append_c (result, *p);
    }
  g_string_append (result, "\u2069");

  return g_string_free (result, FALSE);
}

char *
signet_text_dup_isolated (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return g_strconcat ("\u2066", text, "\u2069", NULL);
}

void
signet_text_label_set_unhyphenated (GtkLabel *label)
{
  g_autoptr(PangoAttrList) attributes = NULL;

  g_return_if_fail (GTK_IS_LABEL (label));

  /* Pango draws a hyphen where it breaks a line between two letters; in
   * "…dbfaaa-" / "a@example.org" that hyphen looks like part of the
   * address.  GTK 4.8 labels have no property for it. */
  attributes = gtk_label_get_attributes (label)
                 ? pango_attr_list_copy (gtk_label_get_attributes (label))
                 : pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (label, attributes);
}

char *
signet_text_dup_fingerprint (const char *fingerprint)
{
  GString *grouped;
  guint digits = 0;

  g_return_val_if_fail (fingerprint != NULL, NULL);

  grouped = g_string_new (NULL);
  for (const char *p = fingerprint; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p))
        continue;

      if (digits > 0 && digits % 20 == 0)
        g_string_append_c (grouped, '\n');
      else if (digits > 0 && digits % 4 == 0)
        g_string_append_c (grouped, ' ');

      g_string_append_c (grouped, g_ascii_toupper (*p));
      digits++;
    }

  return g_string_free (grouped, FALSE);
}
