/* signet-resume-page.c: a sign-up left waiting for its code, to continue
 * or to forget.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-resume-page.h"
#include "signet-text.h"
#include "signet-wizard-page.h"

struct _SignetResumePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel  *description_label;
  GtkLabel  *requested_label;
  GtkWidget *code_hint_label;
  GtkWidget *continue_button;
  GtkWidget *start_over_button;
};

static GtkWidget *
signet_resume_page_wizard_get_next_button (SignetWizardPage *page)
{
  return signet_resume_page_get_continue_button (SIGNET_RESUME_PAGE (page));
}

static void
signet_resume_page_wizard_page_init (SignetWizardPageInterface *iface)
{
  iface->get_next_button = signet_resume_page_wizard_get_next_button;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetResumePage, signet_resume_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SIGNET_TYPE_WIZARD_PAGE, signet_resume_page_wizard_page_init))

static void
signet_resume_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_RESUME_PAGE);

  G_OBJECT_CLASS (signet_resume_page_parent_class)->dispose (object);
}

static void
signet_resume_page_class_init (SignetResumePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_resume_page_dispose;
  signet_wizard_page_class_add_can_next (object_class);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-resume-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetResumePage, description_label);
  gtk_widget_class_bind_template_child (widget_class, SignetResumePage, requested_label);
  gtk_widget_class_bind_template_child (widget_class, SignetResumePage, code_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SignetResumePage, continue_button);
  gtk_widget_class_bind_template_child (widget_class, SignetResumePage, start_over_button);
}

static void
signet_resume_page_init (SignetResumePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/*
 * Public API
 */

GtkWidget *
signet_resume_page_new (void)
{
  return g_object_new (SIGNET_TYPE_RESUME_PAGE, NULL);
}

GtkWidget *
signet_resume_page_get_continue_button (SignetResumePage *self)
{
  g_return_val_if_fail (SIGNET_IS_RESUME_PAGE (self), NULL);

  return self->continue_button;
}

char *
signet_resume_page_format_requested (GDateTime *requested,
                                     GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (requested != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  local = g_date_time_to_local (requested);
  local_now = g_date_time_to_local (now);

  if (g_date_time_get_year (local) == g_date_time_get_year (local_now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (local_now))
    {
      /* Translators: a time of day, see g_date_time_format(); "%H:%M" is 14:05. */
      time = g_date_time_format (local, C_("requested time", "%H:%M"));
      /* Translators: %s is a time of day such as 14:05. */
      return g_strdup_printf (_("The code was requested at %s."), time);
    }

  /* Translators: a day and a time, see g_date_time_format(); "%-d %B at %H:%M" is "3 March at 14:05". */
  time = g_date_time_format (local, C_("requested date", "%-d %B at %H:%M"));
  /* Translators: %s is a day and a time, such as "3 March at 14:05". */
  return g_strdup_printf (_("The code was requested on %s."), time);
}

void
signet_resume_page_set_pending (SignetResumePage *self,
                                const char       *international,
                                const char       *domain,
                                GDateTime        *requested)
{
  g_autofree char *unbreakable = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (SIGNET_IS_RESUME_PAGE (self));
  g_return_if_fail (international != NULL && domain != NULL);

  unbreakable = signet_text_dup_unbreakable (international);
  /* Translators: the first %s is a phone number, the second a server's domain. */
  description = g_markup_printf_escaped (_("Continue signing up <b>%s</b> on <b>%s</b>?"), unbreakable, domain);
  gtk_label_set_markup (self->description_label, description);

  if (requested != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *text = signet_resume_page_format_requested (requested, now);

      gtk_label_set_label (self->requested_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->requested_label), requested != NULL);
  gtk_widget_set_visible (self->code_hint_label, TRUE);
}

void
signet_resume_page_set_code_accepted (SignetResumePage *self)
{
  g_return_if_fail (SIGNET_IS_RESUME_PAGE (self));

  gtk_label_set_label (self->requested_label,
                       _("The server accepted the code already. Only logging in is left: "
                         "no code is needed."));
  gtk_widget_set_visible (GTK_WIDGET (self->requested_label), TRUE);
  /* What it says of the code no longer applies. */
  gtk_widget_set_visible (self->code_hint_label, FALSE);
}
