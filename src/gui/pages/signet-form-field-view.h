/* signet-form-field-view.h: one field of a sign-up form and the rows that
 * show it, for SignetFormPage.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"
#include "signet-form-page.h"

G_BEGIN_DECLS

typedef enum
{
  SIGNET_FORM_FIELD_OK,
  SIGNET_FORM_FIELD_EMPTY,
  SIGNET_FORM_FIELD_INVALID,
  SIGNET_FORM_FIELD_MISMATCH,
} SignetFormFieldState;

typedef struct
{
  SignetFormPage          *page;          /* borrowed: the page owns the view */
  SignetDataFormField     *field;
  SignetDataFormFieldType  type;
  char                    *title;         /* the label, without the required marker */
  char                    *description;

  GtkWidget               *row;           /* NULL for fields not shown */
  GtkWidget               *input;         /* what takes the focus */
  GtkWidget               *confirm_row;   /* "Confirm Password", or NULL */
  GtkWidget               *note_row;      /* under the field: description or error */
  GtkLabel                *note_label;
  GtkTextBuffer           *buffer;        /* text-multi, jid-multi */
  GPtrArray               *option_values; /* list-single: each item's value (NULL: none) */
  GPtrArray               *checks;        /* list-multi: a GtkCheckButton per option */
  GPtrArray               *emitters;      /* objects with handlers that point at the view */

  char                    *error;         /* from the server, until the field is edited */
  gboolean                 required;
  gboolean                 revealed;      /* show syntax problems (the person left the field) */
  gboolean                 insisted;      /* show that a required field is empty */
} SignetFormFieldView;

SignetFormFieldView  *signet_form_field_view_new          (SignetFormPage       *page,
                                                           SignetDataFormField  *field);
void                  signet_form_field_view_free         (SignetFormFieldView  *view);
/* Makes the rows of a field the person fills in (not hidden, not fixed).
 * @form_type is the form's FORM_TYPE; @kept_confirm, what the confirmation
 * of a password held before the form was shown again, or NULL. */
void                  signet_form_field_view_build        (SignetFormFieldView  *view,
                                                           const char           *form_type,
                                                           const char           *kept_confirm);
void                  signet_form_field_view_add_rows     (SignetFormFieldView  *view,
                                                           AdwPreferencesGroup  *group);
const char           *signet_form_field_view_get_var      (SignetFormFieldView  *view);
gboolean              signet_form_field_view_is_entry     (SignetFormFieldView  *view);
/* Writes what the person gave into the form. */
void                  signet_form_field_view_store        (SignetFormFieldView  *view);
SignetFormFieldState  signet_form_field_view_check        (SignetFormFieldView  *view,
                                                           const char          **message);
/* Shows the field's error, or its description, under it. */
void                  signet_form_field_view_update       (SignetFormFieldView  *view);

gboolean              signet_form_text_is_blank           (const char           *text);
/* The field's values, one on each line. */
char                 *signet_form_field_dup_joined_values (SignetDataFormField  *field);

G_END_DECLS
