/* signet-password-row.c: a password entry row a screen reader can use.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-accessible.h"
#include "signet-password-row.h"

GtkWidget *
signet_password_row_new (void)
{
  GtkWidget *row = adw_password_entry_row_new ();

  /* The row's only button is the one that shows and hides the password. */
  signet_accessible_name_buttons (row, _("Show or hide the password"));

  return row;
}
