/* signet-window.c: the wizard's window.  It follows the sign-up machine
 * (SignetSignupFlow): a page per step, a busy bar per operation; the
 * person's actions are in signet-window-actions.c.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-accounts-window.h"
#include "signet-window-private.h"

#define SETTINGS_SCHEMA "im.signet.Signet"

G_DEFINE_FINAL_TYPE (SignetWindow, signet_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PAGE,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * Following the machine
 */

/* The number page, its country list and libphonenumber (a module, opened
 * on first use) are made neither before nor right after the first frame,
 * but while the server is being connected to, behind the network's round
 * trips: a person signing up on an XMPP server never needs them. */
static gboolean
warm_up (gpointer data)
{
  SignetWindow *self = data;

  self->warm_up_id = 0;
  signet_number_page_get_region (signet_window_get_number_page (self));

  return G_SOURCE_REMOVE;
}

static void
on_operation_changed (SignetWindow *self)
{
  SignetSignupOperation operation = signet_signup_flow_get_operation (self->flow);

  if (operation != SIGNET_SIGNUP_OPERATION_NONE)
    self->last_operation = operation;
  if (operation == SIGNET_SIGNUP_OPERATION_CONNECTING && self->warm_up_id == 0)
    self->warm_up_id = g_idle_add_full (G_PRIORITY_LOW, warm_up, self, NULL);
  signet_window_show_operation (self, operation);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_step_changed (SignetWindow *self)
{
  SignetSignupStep step = signet_signup_flow_get_step (self->flow);

  signet_window_show_step (self, step);
  signet_window_update_default_widget (self);
  self->last_step = step;
  if (signet_signup_flow_get_operation (self->flow) == SIGNET_SIGNUP_OPERATION_NONE)
    self->last_operation = SIGNET_SIGNUP_OPERATION_NONE;
}

static void
on_verify_stage_changed (SignetWindow *self)
{
  signet_window_update_key_state (self);
  if (signet_signup_flow_get_operation (self->flow) == SIGNET_SIGNUP_OPERATION_VERIFYING)
    signet_window_show_verify_stage (self);
}

static void
follow_flow (SignetWindow *self)
{
  self->flow = signet_signup_flow_new ();
  signet_signup_flow_set_discover_cadmium (self->flow, TRUE);
  g_signal_connect_object (self->flow, "notify::operation", G_CALLBACK (on_operation_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flow, "notify::step", G_CALLBACK (on_step_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flow, "notify::verify-stage", G_CALLBACK (on_verify_stage_changed), self,
                           G_CONNECT_SWAPPED);
}

/*
 * Template callbacks
 */

/* A bar folded away is hidden as well: a folded revealer still lays out
 * its child, and the first frame would measure both bars for nothing.
 * signet-window-messages.c shows a bar before unfolding it. */
static void
on_revealer_child_revealed (GtkRevealer *revealer)
{
  gboolean folded = !gtk_revealer_get_child_revealed (revealer) && !gtk_revealer_get_reveal_child (revealer);

  gtk_accessible_update_state (GTK_ACCESSIBLE (revealer), GTK_ACCESSIBLE_STATE_HIDDEN, folded, -1);
  gtk_widget_set_visible (GTK_WIDGET (revealer), !folded);
}

static void
on_visible_page_changed (SignetWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (page == GTK_WIDGET (self->server_page))
    adw_window_title_set_subtitle (self->window_title, NULL);

  signet_window_hide_inactive_pages (self, page);
  signet_window_focus_page (self, page);

  signet_window_update_default_widget (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
on_can_next_changed (SignetWindow *self)
{
  signet_window_update_actions (self);
}

static void
on_server_changed (SignetWindow *self)
{
  /* What the previous server said does not apply to this one. */
  signet_window_dismiss_error (self);
  signet_signup_flow_change_server (self->flow);
}

/*
 * GtkWindow
 */

static gboolean
signet_window_close_request (GtkWindow *window)
{
  SignetWindow *self = SIGNET_WINDOW (window);
  int width;
  int height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  /* Nothing goes on in the background once the window is gone. */
  signet_signup_flow_cancel (self->flow);

  return GTK_WINDOW_CLASS (signet_window_parent_class)->close_request (window);
}

/*
 * GObject
 */

static void
signet_window_dispose (GObject *object)
{
  SignetWindow *self = (SignetWindow *) object;

  g_clear_handle_id (&self->warm_up_id, g_source_remove);
  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);
  /* A key being made may finish after the window (the machine lingers). */
  g_clear_object (&self->flow);

  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_WINDOW);
  /* The stack owned the pages made later. */
  self->number_page = NULL;
  self->challenge_page = NULL;
  self->verify_page = NULL;
  self->done_page = NULL;
  self->resume_page = NULL;
  self->import_page = NULL;
  self->link_page = NULL;
  self->form_box = NULL;
  self->form_page = NULL;
  self->form_next_button = NULL;
  self->web_page = NULL;
  self->xmpp_done_page = NULL;
  self->cadmium_page = NULL;
  g_clear_weak_pointer (&self->cadmium_client);
  if (self->accounts_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->accounts_window));
  g_clear_weak_pointer (&self->accounts_window);

  g_clear_object (&self->trust);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->toast);
  g_clear_weak_pointer (&self->focus_before_busy);

  G_OBJECT_CLASS (signet_window_parent_class)->dispose (object);
}

static void
signet_window_finalize (GObject *object)
{
  SignetWindow *self = (SignetWindow *) object;

  g_clear_pointer (&self->error_title, g_free);

  G_OBJECT_CLASS (signet_window_parent_class)->finalize (object);
}

static void
signet_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SignetWindow *self = SIGNET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_string (value, signet_window_get_page (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, signet_window_get_busy (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error_title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_window_class_init (SignetWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = signet_window_dispose;
  object_class->finalize = signet_window_finalize;
  object_class->get_property = signet_window_get_property;
  window_class->close_request = signet_window_close_request;
  install_properties (object_class);

  g_type_ensure (SIGNET_TYPE_SERVER_PAGE);
  g_type_ensure (SIGNET_TYPE_NUMBER_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, busy_revealer);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, busy_status_box);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, busy_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, error_title_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, error_detail_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, server_page);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_can_next_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_server_changed);

  signet_window_class_add_actions (widget_class);
}

static void
watch_revealer (GtkRevealer *revealer)
{
  g_signal_connect (revealer, "notify::child-revealed", G_CALLBACK (on_revealer_child_revealed), NULL);
  g_signal_connect (revealer, "notify::reveal-child", G_CALLBACK (on_revealer_child_revealed), NULL);
  on_revealer_child_revealed (revealer);
}

static void
restore_settings (SignetWindow *self)
{
  g_autofree char *host = g_settings_get_string (self->settings, "server-host");
  g_autofree char *domain = g_settings_get_string (self->settings, "server");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  signet_server_page_set_server (self->server_page, domain, host,
                                 g_settings_get_boolean (self->settings, "direct-tls"));
}

/* The shortcuts window is built when first asked for: GtkApplication
 * would build it with the window, before the first frame.  Once set,
 * GTK's own win.show-help-overlay replaces this one. */
static void
on_show_help_overlay (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplicationWindow *window = user_data;
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/im/signet/Signet/signet-shortcuts-window.ui");
  GtkShortcutsWindow *overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_application_window_set_help_overlay (window, overlay);
  gtk_window_present (GTK_WINDOW (overlay));
}

/* The main menu's popover is built when the menu is first opened (by a
 * click or F10): built with the window, its items were made and styled
 * before the first frame. */
static void
on_create_primary_menu (GtkMenuButton *button,
                        gpointer       user_data)
{
  SignetWindow *self = user_data;

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
add_help_overlay_action (SignetWindow *self)
{
  const GActionEntry entries[] = {
    { .name = "show-help-overlay", .activate = on_show_help_overlay },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}

static void
signet_window_init (SignetWindow *self)
{
  self->settings = g_settings_new (SETTINGS_SCHEMA);
  self->trust = signet_trust_store_new (self->settings);
  follow_flow (self);
  signet_signup_flow_set_trust_store (self->flow, self->trust);

  gtk_widget_init_template (GTK_WIDGET (self));
  add_help_overlay_action (self);
  gtk_menu_button_set_create_popup_func (self->menu_button, on_create_primary_menu, self, NULL);

  if (g_str_has_suffix (APPLICATION_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  restore_settings (self);
  watch_revealer (self->busy_revealer);
  watch_revealer (self->error_revealer);

  on_visible_page_changed (self);
  signet_window_show_operation (self, SIGNET_SIGNUP_OPERATION_NONE);

  /* Focus moves only between mapped widgets: the first page gets it here. */
  g_signal_connect_after (self, "map", G_CALLBACK (on_visible_page_changed), NULL);

  /* A sign-up waiting for its code is offered first. */
  signet_signup_flow_load_pending (self->flow);
}

/*
 * Public API
 */

SignetWindow *
signet_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SIGNET_TYPE_WINDOW, "application", application, NULL);
}

void
signet_window_set_server (SignetWindow *self,
                          const char   *domain,
                          const char   *host,
                          gboolean      direct_tls,
                          const char   *trusted_sha256)
{
  g_return_if_fail (SIGNET_IS_WINDOW (self));
  g_return_if_fail (domain != NULL);

  /* For this run only: the saved pins stay as they are. */
  if (trusted_sha256 != NULL)
    signet_trust_store_trust_temporarily (self->trust, domain, trusted_sha256, NULL);
  self->keep_settings = TRUE;

  signet_server_page_set_server (self->server_page, domain, host, direct_tls);
  /* The resume page stays: the sign-up it offers has its own server. */
  signet_signup_flow_change_server (self->flow);
}

const char *
signet_window_get_page (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
signet_window_get_busy (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), FALSE);

  return signet_signup_flow_get_operation (self->flow) != SIGNET_SIGNUP_OPERATION_NONE;
}

const char *
signet_window_get_error (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), NULL);

  return self->error_title;
}

SignetSignup *
signet_window_get_signup (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), NULL);

  return signet_signup_flow_get_signup (self->flow);
}

SignetAccount *
signet_window_get_account (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), NULL);

  return signet_signup_flow_get_account (self->flow);
}

SignetSignupFlow *
signet_window_get_flow (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), NULL);

  return self->flow;
}
