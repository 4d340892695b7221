/* signet-wizard-page.c: what the window asks of each of its pages.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-wizard-page.h"

G_DEFINE_INTERFACE (SignetWizardPage, signet_wizard_page, GTK_TYPE_WIDGET)

/* The property id signet_wizard_page_class_add_can_next() gives "can-next",
 * in a class that has no other property. */
enum {
  PROP_0,
  PROP_CAN_NEXT,
};

static GtkWidget *
signet_wizard_page_real_get_next_button (SignetWizardPage *self)
{
  return NULL;
}

static gboolean
signet_wizard_page_real_get_can_next (SignetWizardPage *self)
{
  return TRUE;
}

static void
signet_wizard_page_default_init (SignetWizardPageInterface *iface)
{
  iface->get_next_button = signet_wizard_page_real_get_next_button;
  iface->get_can_next = signet_wizard_page_real_get_can_next;

  g_object_interface_install_property (iface,
                                       g_param_spec_boolean ("can-next", NULL, NULL, FALSE,
                                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                             G_PARAM_EXPLICIT_NOTIFY));
}

GtkWidget *
signet_wizard_page_get_next_button (SignetWizardPage *self)
{
  g_return_val_if_fail (SIGNET_IS_WIZARD_PAGE (self), NULL);

  return SIGNET_WIZARD_PAGE_GET_IFACE (self)->get_next_button (self);
}

gboolean
signet_wizard_page_get_can_next (SignetWizardPage *self)
{
  g_return_val_if_fail (SIGNET_IS_WIZARD_PAGE (self), FALSE);

  return SIGNET_WIZARD_PAGE_GET_IFACE (self)->get_can_next (self);
}

static void
signet_wizard_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CAN_NEXT:
      g_value_set_boolean (value, signet_wizard_page_get_can_next (SIGNET_WIZARD_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
signet_wizard_page_class_add_can_next (GObjectClass *object_class)
{
  g_return_if_fail (G_IS_OBJECT_CLASS (object_class));

  object_class->get_property = signet_wizard_page_get_property;
  g_object_class_override_property (object_class, PROP_CAN_NEXT, "can-next");
}
