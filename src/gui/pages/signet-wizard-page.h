/* signet-wizard-page.h: what the window asks of each of its pages: the
 * button that moves on and whether it can.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SIGNET_TYPE_WIZARD_PAGE (signet_wizard_page_get_type ())

G_DECLARE_INTERFACE (SignetWizardPage, signet_wizard_page, SIGNET, WIZARD_PAGE, GtkWidget)

struct _SignetWizardPageInterface
{
  GTypeInterface parent_iface;

  /* The button that moves on (the window's default widget), or NULL. */
  GtkWidget *(*get_next_button) (SignetWizardPage *self);
  /* Whether what the page shows lets the person go on; TRUE unless a
   * page says otherwise.  A page notifies "can-next" when it changes. */
  gboolean   (*get_can_next)    (SignetWizardPage *self);
};

GtkWidget *signet_wizard_page_get_next_button     (SignetWizardPage *self);
gboolean   signet_wizard_page_get_can_next        (SignetWizardPage *self);
/* For a page with no other property: installs "can-next", answered by
 * get_can_next. */
void       signet_wizard_page_class_add_can_next  (GObjectClass     *object_class);

G_END_DECLS
