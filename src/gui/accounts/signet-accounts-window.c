/* signet-accounts-window.c: the window that lists the accounts Signet
 * signed up for.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-accounts-window.h"

struct _SignetAccountsWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  SignetAccountsPage *page;
};

G_DEFINE_FINAL_TYPE (SignetAccountsWindow, signet_accounts_window, ADW_TYPE_WINDOW)

static void
signet_accounts_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_ACCOUNTS_WINDOW);

  G_OBJECT_CLASS (signet_accounts_window_parent_class)->dispose (object);
}

static void
signet_accounts_window_class_init (SignetAccountsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_accounts_window_dispose;

  g_type_ensure (SIGNET_TYPE_ACCOUNTS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-accounts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetAccountsWindow, page);

  /* A window that only shows something closes with Escape, as dialogs do. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
signet_accounts_window_init (SignetAccountsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
signet_accounts_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (SIGNET_TYPE_ACCOUNTS_WINDOW,
                       "transient-for", parent,
                       NULL);
}

SignetAccountsPage *
signet_accounts_window_get_page (SignetAccountsWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNTS_WINDOW (self), NULL);

  return self->page;
}
