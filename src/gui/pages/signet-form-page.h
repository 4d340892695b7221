/* signet-form-page.h: a page generated from a server's data form (XEP-0004),
 * for sign-up on any XMPP server (XEP-0077) and for the forms a server asks
 * for before it changes a password or closes an account.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_FORM_PAGE (signet_form_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetFormPage, signet_form_page, SIGNET, FORM_PAGE, AdwBin)

GtkWidget      *signet_form_page_new               (void);

/* Renders @form (NULL clears the page).  What the person types is written
 * into @form as they type, so a SignetInbandRegistration can submit its own
 * form as it is.  When a form with the same fields comes back (a modify error
 * replaced it, or it is the same form again), what was typed stays: fields
 * the new form leaves empty get the values typed before, except CAPTCHA
 * answers; a password that arrives filled in counts as confirmed.  Errors
 * shown are cleared: show them again after this. */
void            signet_form_page_set_form          (SignetFormPage *self,
                                                    SignetDataForm *form);
SignetDataForm *signet_form_page_get_form          (SignetFormPage *self);

/* Text shown at the top when the form has no instructions of its own (the
 * <instructions/> of a legacy jabber:iq:register query), or NULL. */
void            signet_form_page_set_instructions  (SignetFormPage *self,
                                                    const char     *instructions);
/* The heading when the form has no title ("Sign Up", the default). */
void            signet_form_page_set_default_title (SignetFormPage *self,
                                                    const char     *title);
/* Whether the heading and instructions are shown (TRUE); a dialog with a
 * title of its own hides the heading only. */
void            signet_form_page_set_show_title    (SignetFormPage *self,
                                                    gboolean        show_title);

/* Every required field is filled in, passwords and their confirmations
 * match and addresses look like addresses: the caller's Next can be enabled.
 * Notified as it changes ("valid"). */
gboolean        signet_form_page_get_valid         (SignetFormPage *self);

/* A submit form with every field that has a var: hidden ones as they came,
 * the others with what was typed. */
SignetDataForm *signet_form_page_build_submit      (SignetFormPage *self);

/* Shows @message under the field @var, marks it and puts the focus there.
 * Returns FALSE if the form has no such visible field; the message is then
 * shown at the top of the page instead.  It goes away when the field is
 * edited. */
gboolean        signet_form_page_show_field_error  (SignetFormPage *self,
                                                    const char     *var,
                                                    const char     *message);
/* A message about the whole form, at the top; NULL hides it. */
void            signet_form_page_show_error        (SignetFormPage *self,
                                                    const char     *message);
void            signet_form_page_clear_errors      (SignetFormPage *self);

/* Puts the focus on the first field that still needs the person (or the
 * first field), showing why the fields that are not right are not. */
void            signet_form_page_focus             (SignetFormPage *self);

/* The row showing field @var (an AdwEntryRow, AdwPasswordEntryRow,
 * AdwActionRow, AdwComboRow, AdwExpanderRow or GtkListBoxRow), or NULL for
 * hidden fields and fields not in the form. */
GtkWidget      *signet_form_page_get_field_row     (SignetFormPage *self,
                                                    const char     *var);
/* The local "Confirm password" row of a text-private field @var, or NULL. */
GtkWidget      *signet_form_page_get_confirm_row   (SignetFormPage *self,
                                                    const char     *var);
/* The message shown under field @var (an error, or its description), or NULL. */
const char     *signet_form_page_get_field_message (SignetFormPage *self,
                                                    const char     *var);

G_END_DECLS
