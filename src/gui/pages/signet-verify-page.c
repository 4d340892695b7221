/* signet-verify-page.c: step 4, the code checked, the key certified and
 * the first login, with their progress.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-verify-page.h"
#include "signet-wizard-page.h"

#define N_STEPS SIGNET_VERIFY_STEP_DONE

typedef struct
{
  AdwActionRow *row;
  GtkStack     *state;
  GtkSpinner   *spinner;
} StepRow;

struct _SignetVerifyPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkImage         *icon_image;
  GtkLabel         *title_label;
  GtkLabel         *description_label;
  GtkProgressBar   *progress_bar;
  GtkLabel         *status_label;
  GtkListBox       *steps_list;
  GtkWidget        *cancel_button;
  GtkWidget        *retry_button;

  StepRow steps[N_STEPS];
  char             *description;
  SignetVerifyStep step;
  gboolean failed;
};

static GtkWidget *
signet_verify_page_wizard_get_next_button (SignetWizardPage *page)
{
  return signet_verify_page_get_retry_button (SIGNET_VERIFY_PAGE (page));
}

static gboolean
signet_verify_page_wizard_get_can_next (SignetWizardPage *page)
{
  return signet_verify_page_get_failed (SIGNET_VERIFY_PAGE (page));
}

static void
signet_verify_page_wizard_page_init (SignetWizardPageInterface *iface)
{
  iface->get_next_button = signet_verify_page_wizard_get_next_button;
  iface->get_can_next = signet_verify_page_wizard_get_can_next;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetVerifyPage, signet_verify_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SIGNET_TYPE_WIZARD_PAGE, signet_verify_page_wizard_page_init))

enum {
  PROP_0,
  PROP_STEP,
  PROP_FAILED,
  N_PROPS,
  /* The interface's, overridden. */
  PROP_CAN_NEXT = N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static const char *
step_title (SignetVerifyStep step)
{
  switch (step)
    {
    case SIGNET_VERIFY_STEP_KEY:
      return _("Finishing your encryption key");
    case SIGNET_VERIFY_STEP_CODE:
      return _("Checking the code");
    case SIGNET_VERIFY_STEP_CERTIFY:
      return _("Certifying your key");
    case SIGNET_VERIFY_STEP_LOGIN:
      return _("Logging in");
    case SIGNET_VERIFY_STEP_DONE:
    default:
      /* Translators: the name of the last step of the sign-up, reached
       * when every other step is over. */
      return C_("sign-up step", "Done");
    }
}

static const char *
step_subtitle (SignetVerifyStep step)
{
  switch (step)
    {
    case SIGNET_VERIFY_STEP_KEY:
      return _("It is made on this computer and never leaves it unprotected");
    case SIGNET_VERIFY_STEP_CODE:
      return _("The server compares it with the one it sent");
    case SIGNET_VERIFY_STEP_CERTIFY:
      return _("The server signs your key so that others can trust it");
    case SIGNET_VERIFY_STEP_LOGIN:
      return _("A first login proves that the account works");
    case SIGNET_VERIFY_STEP_DONE:
    default:
      return NULL;
    }
}

/*
 * Auxiliary methods
 */

/* A row of the list of steps: done, going on, failed or to come. */
static void
update_step_row (SignetVerifyPage *self,
                 guint             i)
{
  StepRow *step = &self->steps[i];
  const char *state;

  if (i < self->step)
    state = "done";
  else if (i == self->step)
    state = self->failed ? "failed" : "active";
  else
    state = "pending";

  gtk_stack_set_visible_child_name (step->state, state);
  gtk_spinner_set_spinning (step->spinner, i == self->step && !self->failed);
  if (i == self->step)
    gtk_widget_remove_css_class (GTK_WIDGET (step->row), "dim-label");
  else if (i > self->step)
    gtk_widget_add_css_class (GTK_WIDGET (step->row), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (step->row), "dim-label");

  /* What a screen reader says about the row. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (step->row),
                               GTK_ACCESSIBLE_STATE_BUSY, i == self->step && !self->failed,
                               -1);
}

static void
update_progress (SignetVerifyPage *self)
{
  /* Every step is listed every time, the key's too when it was made
   * before the code came: a count that changed with how fast the key was
   * made ("Step 1 of 4", then "Step 1 of 3") read as a different process. */
  guint total = N_STEPS;
  guint done = self->step;
  g_autofree char *status = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);

  if (self->step >= SIGNET_VERIFY_STEP_DONE)
    /* Translators: under the progress bar, once every step is over. */
    status = g_strdup (C_("progress", "Done"));
  else if (self->failed)
    /* Translators: %s is a step such as "Logging in". */
    status = g_strdup_printf (_("Failed: %s"), step_title (self->step));
  else
    /* Translators: step 2 of 3: "Checking the code". */
    status = g_strdup_printf (_("Step %u of %u: %s"), done + 1, total, step_title (self->step));
  gtk_label_set_label (self->status_label, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, status,
                                  -1);
}

static void
update (SignetVerifyPage *self)
{
  for (guint i = 0; i < N_STEPS; i++)
    update_step_row (self, i);

  update_progress (self);

  gtk_widget_set_visible (self->cancel_button, !self->failed);
  gtk_widget_set_visible (self->retry_button, self->failed);

  if (self->failed)
    {
      gtk_image_set_from_icon_name (self->icon_image, "dialog-warning-symbolic");
      gtk_label_set_label (self->title_label, _("Not Logged In Yet"));
      gtk_label_set_label (self->description_label,
                           _("The server accepted the code and certified your key, but the first login "
                             "did not work. Your key is kept: try logging in again."));
    }
  else
    {
      gtk_image_set_from_icon_name (self->icon_image, "channel-secure-symbolic");
      gtk_label_set_label (self->title_label, _("Verifying"));
      gtk_label_set_markup (self->description_label, self->description ? self->description : "");
    }
}

static void
add_step (SignetVerifyPage *self,
          SignetVerifyStep  index)
{
  StepRow *step = &self->steps[index];
  GtkWidget *image;

  step->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (step->row), step_title (index));
  adw_action_row_set_subtitle (step->row, step_subtitle (index));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (step->row), FALSE);

  step->state = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_hhomogeneous (step->state, TRUE);
  gtk_stack_set_vhomogeneous (step->state, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (step->state), GTK_ALIGN_CENTER);

  image = gtk_image_new_from_icon_name ("media-record-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 8);
  gtk_widget_add_css_class (image, "dim-label");
  /* Translators: what a screen reader says for a step of the sign-up that
   * has not started; also "In progress" and "Failed" below. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not started"), -1);
  gtk_stack_add_named (step->state, image, "pending");

  step->spinner = GTK_SPINNER (gtk_spinner_new ());
  /* Translators: a step of the sign-up, for screen readers. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (step->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _("In progress"), -1);
  gtk_stack_add_named (step->state, GTK_WIDGET (step->spinner), "active");

  image = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_add_css_class (image, "success");
  /* Translators: what a screen reader says for the check mark of a step
   * that is over. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  C_("progress", "Done"), -1);
  gtk_stack_add_named (step->state, image, "done");

  image = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (image, "error");
  /* Translators: a step of the sign-up, for screen readers. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Failed"), -1);
  gtk_stack_add_named (step->state, image, "failed");

  gtk_widget_set_size_request (GTK_WIDGET (step->state), 16, 16);
  adw_action_row_add_prefix (step->row, GTK_WIDGET (step->state));
  gtk_list_box_append (self->steps_list, GTK_WIDGET (step->row));
}

/*
 * GObject
 */

static void
signet_verify_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_VERIFY_PAGE);

  G_OBJECT_CLASS (signet_verify_page_parent_class)->dispose (object);
}

static void
signet_verify_page_finalize (GObject *object)
{
  SignetVerifyPage *self = (SignetVerifyPage *) object;

  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (signet_verify_page_parent_class)->finalize (object);
}

static void
signet_verify_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SignetVerifyPage *self = SIGNET_VERIFY_PAGE (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;
    case PROP_FAILED:
    case PROP_CAN_NEXT:
      g_value_set_boolean (value, self->failed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_verify_page_class_init (SignetVerifyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_verify_page_dispose;
  object_class->finalize = signet_verify_page_finalize;
  object_class->get_property = signet_verify_page_get_property;

  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL, 0, SIGNET_VERIFY_STEP_DONE, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FAILED] =
    g_param_spec_boolean ("failed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_CAN_NEXT, "can-next");

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-verify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetVerifyPage, icon_image);
  gtk_widget_class_bind_template_child (widget_class, SignetVerifyPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SignetVerifyPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, SignetVerifyPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SignetVerifyPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SignetVerifyPage, steps_list);
  gtk_widget_class_bind_template_child (widget_class, SignetVerifyPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SignetVerifyPage, retry_button);
}

static void
signet_verify_page_init (SignetVerifyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (SignetVerifyStep step = 0; step < N_STEPS; step++)
    add_step (self, step);

  self->step = SIGNET_VERIFY_STEP_CODE;
  update (self);
}

/*
 * Public API
 */

GtkWidget *
signet_verify_page_new (void)
{
  return g_object_new (SIGNET_TYPE_VERIFY_PAGE, NULL);
}

void
signet_verify_page_start (SignetVerifyPage *self,
                          const char       *domain,
                          SignetVerifyStep  step)
{
  g_autofree char *description = NULL;

  g_return_if_fail (SIGNET_IS_VERIFY_PAGE (self));
  g_return_if_fail (domain != NULL);
  g_return_if_fail (step <= SIGNET_VERIFY_STEP_DONE);

  /* Translators: %s is the server's domain, in bold. */
  description = g_markup_printf_escaped (_("Signet and <b>%s</b> are setting up your account. "
                                           "This takes a few seconds."), domain);
  g_free (self->description);
  self->description = g_steal_pointer (&description);

  self->step = step;
  self->failed = FALSE;
  update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
  g_object_notify (G_OBJECT (self), "can-next");
}

void
signet_verify_page_set_step (SignetVerifyPage *self,
                             SignetVerifyStep  step)
{
  g_return_if_fail (SIGNET_IS_VERIFY_PAGE (self));
  g_return_if_fail (step <= SIGNET_VERIFY_STEP_DONE);

  if (step <= self->step)
    return;

  self->step = step;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

SignetVerifyStep
signet_verify_page_get_step (SignetVerifyPage *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFY_PAGE (self), SIGNET_VERIFY_STEP_KEY);

  return self->step;
}

void
signet_verify_page_set_failed (SignetVerifyPage *self,
                               gboolean          failed)
{
  g_return_if_fail (SIGNET_IS_VERIFY_PAGE (self));

  failed = !!failed;
  if (failed == self->failed)
    return;

  self->failed = failed;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
  g_object_notify (G_OBJECT (self), "can-next");
}

gboolean
signet_verify_page_get_failed (SignetVerifyPage *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFY_PAGE (self), FALSE);

  return self->failed;
}

GtkWidget *
signet_verify_page_get_cancel_button (SignetVerifyPage *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFY_PAGE (self), NULL);

  return self->cancel_button;
}

GtkWidget *
signet_verify_page_get_retry_button (SignetVerifyPage *self)
{
  g_return_val_if_fail (SIGNET_IS_VERIFY_PAGE (self), NULL);

  return self->retry_button;
}
