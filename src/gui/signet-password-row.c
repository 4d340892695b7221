/* signet-password-row.c: a password entry row a screen reader can use.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-password-row.h"

/* The row's only button is the one that shows and hides the password. */
static void
name_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Show or hide the password"), -1);
      else
        name_buttons (child);
    }
}

GtkWidget *
signet_password_row_new (void)
{
  GtkWidget *row = adw_password_entry_row_new ();

  name_buttons (row);

  return row;
}
