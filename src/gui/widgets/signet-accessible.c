/* signet-accessible.c: names for controls libadwaita 1.2 leaves nameless,
 * and errors under fields that screen readers read.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-accessible.h"

void
signet_accessible_name_buttons (GtkWidget  *root,
                                const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (label != NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      else
        signet_accessible_name_buttons (child, label);
    }
}

void
signet_accessible_set_field_error (GtkWidget  *row,
                                   GtkWidget  *error_row,
                                   GtkLabel   *label,
                                   const char *description,
                                   const char *message)
{
  GtkWidget *text;

  g_return_if_fail (GTK_IS_EDITABLE (row));
  g_return_if_fail (GTK_IS_WIDGET (error_row));
  g_return_if_fail (GTK_IS_LABEL (label));

  text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row)));
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");

  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (error_row, message != NULL);

  for (GtkWidget *w = row; w != NULL; w = w == row ? text : NULL)
    {
      const char *said = message != NULL ? message : description;

      gtk_accessible_update_state (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_STATE_INVALID,
                                   message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
      if (said != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said, -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}
