/* signet-form-page.c: a page generated from a server's data form (XEP-0004).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-form-page.h"
#include "signet-form-page-private.h"
#include "signet-core.h"
#include "signet-form-captcha.h"
#include "signet-form-field-view.h"
#include "signet-link-text.h"

struct _SignetFormPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkWidget      *header_box;
  GtkLabel       *title_label;
  GtkLabel       *instructions_label;
  GtkWidget      *error_box;
  GtkLabel       *error_label;
  GtkWidget      *fields_box;
  GtkLabel       *legend_label;

  /* Owned */
  SignetDataForm *form;
  GPtrArray      *views;
  char           *instructions;
  char           *default_title;

  gboolean show_title;
  gboolean valid;
  gboolean rendering;
};

G_DEFINE_FINAL_TYPE (SignetFormPage, signet_form_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_FORM,
  PROP_VALID,
  PROP_DEFAULT_TITLE,
  PROP_SHOW_TITLE,
  N_PROPS
};

enum {
  SIGNAL_SUBMIT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_valid (SignetFormPage *self);

/*
 * Validity and Enter
 */

static void
update_valid (SignetFormPage *self)
{
  gboolean valid = self->form != NULL;

  for (guint i = 0; valid && i < self->views->len; i++)
    {
      const char *message;

      if (signet_form_field_view_check (g_ptr_array_index (self->views, i), &message) != SIGNET_FORM_FIELD_OK)
        valid = FALSE;
    }

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

/* The inputs Enter moves between: the entries, in order. */
static GPtrArray *
dup_entry_inputs (SignetFormPage *self)
{
  GPtrArray *inputs = g_ptr_array_new ();

  for (guint i = 0; i < self->views->len; i++)
    {
      SignetFormFieldView *view = g_ptr_array_index (self->views, i);

      if (!signet_form_field_view_is_entry (view) || !gtk_widget_get_visible (view->row))
        continue;
      g_ptr_array_add (inputs, view->row);
      if (view->confirm_row != NULL)
        g_ptr_array_add (inputs, view->confirm_row);
    }

  return inputs;
}

gboolean
signet_form_page_is_rendering (SignetFormPage *self)
{
  return self->rendering;
}

void
signet_form_page_field_changed (SignetFormPage *self)
{
  update_valid (self);
}

void
signet_form_page_entry_activated (SignetFormPage *self,
                                  GtkWidget      *row)
{
  g_autoptr(GPtrArray) inputs = dup_entry_inputs (self);
  guint index;

  /* Enter goes on as soon as the form can (a person who corrects one
   * field after an error should not have to walk through the others). */
  if (self->valid)
    {
      g_signal_emit (self, signals[SIGNAL_SUBMIT], 0);
      return;
    }

  if (g_ptr_array_find (inputs, row, &index) && index + 1 < inputs->len)
    gtk_widget_grab_focus (g_ptr_array_index (inputs, index + 1));
  else
    signet_form_page_focus (self);
}

static gboolean
on_activate_link (GtkLabel   *label,
                  const char *uri,
                  gpointer    user_data)
{
  return signet_link_text_open (GTK_WIDGET (label), uri);
}

/*
 * Rendering
 */

/* A fixed field: text between the groups of rows.  A short line is a
 * heading for the rows after it. */
static GtkWidget *
fixed_label_new (const char *text)
{
  g_autofree char *markup = signet_link_text_dup_markup (text);
  gboolean heading = strchr (text, '\n') == NULL && g_utf8_strlen (text, -1) <= 48 &&
                     !g_str_has_suffix (text, ".") && strstr (text, "://") == NULL;
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "accessible-role", heading ? GTK_ACCESSIBLE_ROLE_HEADING
                                                              : GTK_ACCESSIBLE_ROLE_LABEL,
                                   NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, heading ? "heading" : "body");
  g_signal_connect (label, "activate-link", G_CALLBACK (on_activate_link), NULL);

  return label;
}

static void
clear_fields (SignetFormPage *self)
{
  GtkWidget *child;

  /* The views first: they disconnect from the widgets while those live. */
  g_ptr_array_set_size (self->views, 0);

  while ((child = gtk_widget_get_first_child (self->fields_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->fields_box), child);
}

static void
update_header (SignetFormPage *self)
{
  const char *title = self->form != NULL ? signet_data_form_get_title (self->form) : NULL;
  g_autofree char *instructions = NULL;

  gtk_label_set_label (self->title_label,
                       title != NULL && !signet_form_text_is_blank (title) ? title
                       : self->default_title != NULL ? self->default_title : _("Sign Up"));
  gtk_widget_set_visible (self->header_box, self->show_title);

  if (self->form != NULL && signet_data_form_get_instructions (self->form)[0] != NULL)
    instructions = g_strjoinv ("\n\n", (char **) signet_data_form_get_instructions (self->form));
  else if (self->instructions != NULL)
    instructions = g_strdup (self->instructions);

  if (instructions != NULL && !signet_form_text_is_blank (instructions))
    {
      g_autofree char *markup = signet_link_text_dup_markup (g_strstrip (instructions));

      gtk_label_set_markup (self->instructions_label, markup);
      gtk_widget_set_visible (GTK_WIDGET (self->instructions_label), TRUE);
    }
  else
    {
      gtk_label_set_label (self->instructions_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->instructions_label), FALSE);
    }
}

static gboolean
is_captcha_fallback (SignetDataFormField *field)
{
  const char *var = signet_data_form_field_get_var (field);

  return var != NULL && g_str_has_prefix (var, "captcha-fallback");
}

/* The CAPTCHA images, by field. */
static GHashTable *
load_captchas (SignetFormPage *self,
               guint           n_fields)
{
  GHashTable *captchas = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);

  for (guint i = 0; i < n_fields; i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (self->form, i);
      GdkPaintable *paintable = NULL;

      if (signet_data_form_field_get_n_media (field) > 0)
        paintable = signet_form_captcha_load (field);
      if (paintable != NULL)
        g_hash_table_insert (captchas, field, paintable);
    }

  return captchas;
}

/* A fixed field, or a fallback web page: text to read, not a field to edit. */
static void
add_fixed_text (SignetFormPage      *self,
                SignetFormFieldView *view)
{
  g_autofree char *text = signet_form_field_dup_joined_values (view->field);
  g_autofree char *labelled = NULL;

  if (view->type != SIGNET_DATA_FORM_FIELD_FIXED)
    labelled = g_strdup_printf ("%s: %s", view->title, text);

  if (!signet_form_text_is_blank (labelled != NULL ? labelled : text))
    gtk_box_append (GTK_BOX (self->fields_box), fixed_label_new (labelled != NULL ? labelled : text));
}

/* The rows of a field the person fills in, after the CAPTCHA it asks about. */
static void
add_field_rows (SignetFormPage      *self,
                SignetFormFieldView *view,
                GtkWidget           *group,
                GdkPaintable        *captcha,
                GHashTable          *kept_confirms)
{
  const char *kept_confirm = NULL;

  if (view->type == SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE ||
      view->type == SIGNET_DATA_FORM_FIELD_TEXT_SINGLE ||
      view->type == SIGNET_DATA_FORM_FIELD_JID_SINGLE)
    kept_confirm = kept_confirms != NULL ? g_hash_table_lookup (kept_confirms, signet_form_field_view_get_var (view))
                                         : NULL;

  signet_form_field_view_build (view, signet_data_form_get_form_type (self->form), kept_confirm);

  if (captcha != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), signet_form_captcha_row_new (captcha));

  signet_form_field_view_add_rows (view, ADW_PREFERENCES_GROUP (group));
}

/* What the form held is what the widgets show: store it back so both
 * agree (an unlisted choice becomes none, for example). */
static void
store_shown_values (SignetFormPage *self)
{
  for (guint i = 0; i < self->views->len; i++)
    {
      SignetFormFieldView *view = g_ptr_array_index (self->views, i);

      signet_form_field_view_store (view);
      signet_form_field_view_update (view);
    }
}

static void
render (SignetFormPage *self,
        GHashTable     *kept_confirms)
{
  g_autoptr(GHashTable) captchas = NULL;
  GtkWidget *group = NULL;
  gboolean any_required = FALSE;
  guint n_fields;

  self->rendering = TRUE;
  clear_fields (self);
  update_header (self);

  n_fields = self->form != NULL ? signet_data_form_get_n_fields (self->form) : 0;

  /* The CAPTCHA images first: when one shows, ejabberd's fallback fields
   * (a web page to see it on) are not needed. */
  captchas = load_captchas (self, n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (self->form, i);
      SignetFormFieldView *view = signet_form_field_view_new (self, field);

      g_ptr_array_add (self->views, view);

      if (view->type == SIGNET_DATA_FORM_FIELD_HIDDEN ||
          (is_captcha_fallback (field) && g_hash_table_size (captchas) > 0))
        continue;

      if (view->type == SIGNET_DATA_FORM_FIELD_FIXED ||
          (is_captcha_fallback (field) && signet_data_form_field_get_value (field) != NULL))
        {
          add_fixed_text (self, view);
          group = NULL;
          continue;
        }

      if (group == NULL)
        {
          group = adw_preferences_group_new ();
          gtk_box_append (GTK_BOX (self->fields_box), group);
        }

      add_field_rows (self, view, group, g_hash_table_lookup (captchas, field), kept_confirms);
      any_required |= view->required;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->legend_label), any_required);
  gtk_widget_set_visible (self->error_box, FALSE);

  store_shown_values (self);
  self->rendering = FALSE;
  update_valid (self);
}

static SignetFormFieldView *
find_view (SignetFormPage *self,
           const char     *var)
{
  for (guint i = 0; var != NULL && i < self->views->len; i++)
    {
      SignetFormFieldView *view = g_ptr_array_index (self->views, i);

      if (g_strcmp0 (signet_form_field_view_get_var (view), var) == 0)
        return view;
    }

  return NULL;
}

static gboolean
is_person_typed (SignetDataFormField *field)
{
  SignetDataFormFieldType type = signet_data_form_field_get_field_type (field);

  return type != SIGNET_DATA_FORM_FIELD_HIDDEN && type != SIGNET_DATA_FORM_FIELD_FIXED &&
         signet_data_form_field_get_var (field) != NULL && !signet_inband_field_is_captcha (field);
}

/*
 * GObject
 */

static void
signet_form_page_dispose (GObject *object)
{
  SignetFormPage *self = (SignetFormPage *) object;

  /* The views point at widgets: drop them first. */
  if (self->views != NULL)
    g_ptr_array_set_size (self->views, 0);

  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_FORM_PAGE);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (signet_form_page_parent_class)->dispose (object);
}

static void
signet_form_page_finalize (GObject *object)
{
  SignetFormPage *self = (SignetFormPage *) object;

  g_clear_pointer (&self->views, g_ptr_array_unref);
  g_clear_pointer (&self->instructions, g_free);
  g_clear_pointer (&self->default_title, g_free);

  G_OBJECT_CLASS (signet_form_page_parent_class)->finalize (object);
}

static void
signet_form_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SignetFormPage *self = SIGNET_FORM_PAGE (object);

  switch (prop_id)
    {
    case PROP_FORM:
      g_value_set_object (value, self->form);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_DEFAULT_TITLE:
      g_value_set_string (value, self->default_title);
      break;
    case PROP_SHOW_TITLE:
      g_value_set_boolean (value, self->show_title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_form_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SignetFormPage *self = SIGNET_FORM_PAGE (object);

  switch (prop_id)
    {
    case PROP_FORM:
      signet_form_page_set_form (self, g_value_get_object (value));
      break;
    case PROP_DEFAULT_TITLE:
      signet_form_page_set_default_title (self, g_value_get_string (value));
      break;
    case PROP_SHOW_TITLE:
      signet_form_page_set_show_title (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_form_page_class_init (SignetFormPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_form_page_dispose;
  object_class->finalize = signet_form_page_finalize;
  object_class->get_property = signet_form_page_get_property;
  object_class->set_property = signet_form_page_set_property;

  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, SIGNET_TYPE_DATA_FORM,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DEFAULT_TITLE] =
    g_param_spec_string ("default-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_TITLE] =
    g_param_spec_boolean ("show-title", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SignetFormPage::submit:
   *
   * The person pressed Enter in the last field of a valid form.
   */
  signals[SIGNAL_SUBMIT] =
    g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-form-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetFormPage, header_box);
  gtk_widget_class_bind_template_child (widget_class, SignetFormPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SignetFormPage, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, SignetFormPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, SignetFormPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SignetFormPage, fields_box);
  gtk_widget_class_bind_template_child (widget_class, SignetFormPage, legend_label);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_link);
}

static void
signet_form_page_init (SignetFormPage *self)
{
  self->views = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_form_field_view_free);
  self->show_title = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
}

/*
 * Public API
 */

GtkWidget *
signet_form_page_new (void)
{
  return g_object_new (SIGNET_TYPE_FORM_PAGE, NULL);
}

void
signet_form_page_set_form (SignetFormPage *self,
                           SignetDataForm *form)
{
  g_autoptr(GHashTable) kept_confirms = NULL;
  g_autoptr(SignetDataForm) old = NULL;

  g_return_if_fail (SIGNET_IS_FORM_PAGE (self));
  g_return_if_fail (form == NULL || SIGNET_IS_DATA_FORM (form));

  kept_confirms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  old = self->form != NULL ? g_object_ref (self->form) : NULL;

  /* What was typed into the form shown so far. */
  if (old != NULL && form != NULL)
    {
      gboolean same_kind = g_strcmp0 (signet_data_form_get_form_type (old),
                                      signet_data_form_get_form_type (form)) == 0;

      for (guint i = 0; i < self->views->len; i++)
        {
          SignetFormFieldView *view = g_ptr_array_index (self->views, i);
          SignetDataFormField *field;

          if (view->row == NULL || !is_person_typed (view->field))
            continue;

          field = signet_data_form_get_field (form, signet_form_field_view_get_var (view));
          if (field == NULL || !is_person_typed (field) ||
              signet_data_form_field_get_field_type (field) != view->type)
            continue;

          if (old != form && same_kind && signet_data_form_field_get_values (field)[0] == NULL)
            signet_data_form_field_set_values (field, signet_data_form_field_get_values (view->field));

          /* The confirmation goes with the password it confirmed. */
          if (view->confirm_row != NULL &&
              g_strcmp0 (signet_data_form_field_get_value (field),
                         gtk_editable_get_text (GTK_EDITABLE (view->row))) == 0)
            g_hash_table_insert (kept_confirms, g_strdup (signet_form_field_view_get_var (view)),
                                 g_strdup (gtk_editable_get_text (GTK_EDITABLE (view->confirm_row))));
        }
    }

  if (g_set_object (&self->form, form))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM]);

  render (self, kept_confirms);
}

SignetDataForm *
signet_form_page_get_form (SignetFormPage *self)
{
  g_return_val_if_fail (SIGNET_IS_FORM_PAGE (self), NULL);

  return self->form;
}

void
signet_form_page_set_instructions (SignetFormPage *self,
                                   const char     *instructions)
{
  g_return_if_fail (SIGNET_IS_FORM_PAGE (self));

  g_free (self->instructions);
  self->instructions = g_strdup (instructions);
  update_header (self);
}

void
signet_form_page_set_default_title (SignetFormPage *self,
                                    const char     *title)
{
  g_return_if_fail (SIGNET_IS_FORM_PAGE (self));

  if (g_strcmp0 (self->default_title, title) == 0)
    return;

  g_free (self->default_title);
  self->default_title = g_strdup (title);
  update_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_TITLE]);
}

void
signet_form_page_set_show_title (SignetFormPage *self,
                                 gboolean        show_title)
{
  g_return_if_fail (SIGNET_IS_FORM_PAGE (self));

  show_title = !!show_title;
  if (self->show_title == show_title)
    return;

  self->show_title = show_title;
  update_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TITLE]);
}

gboolean
signet_form_page_get_valid (SignetFormPage *self)
{
  g_return_val_if_fail (SIGNET_IS_FORM_PAGE (self), FALSE);

  return self->valid;
}

SignetDataForm *
signet_form_page_build_submit (SignetFormPage *self)
{
  g_return_val_if_fail (SIGNET_IS_FORM_PAGE (self), NULL);
  g_return_val_if_fail (self->form != NULL, NULL);

  for (guint i = 0; i < self->views->len; i++)
    signet_form_field_view_store (g_ptr_array_index (self->views, i));

  return signet_data_form_new_submit (self->form);
}

gboolean
signet_form_page_show_field_error (SignetFormPage *self,
                                   const char     *var,
                                   const char     *message)
{
  SignetFormFieldView *view;

  g_return_val_if_fail (SIGNET_IS_FORM_PAGE (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  view = find_view (self, var);
  if (view == NULL || view->row == NULL || view->note_row == NULL)
    {
      signet_form_page_show_error (self, message);
      return FALSE;
    }

  g_free (view->error);
  view->error = g_strdup (message);
  signet_form_field_view_update (view);

  if (GTK_IS_EDITABLE (view->input))
    {
      gtk_widget_grab_focus (view->input);
      gtk_editable_select_region (GTK_EDITABLE (view->input), 0, -1);
    }
  else
    gtk_widget_grab_focus (view->input);

  return TRUE;
}

void
signet_form_page_show_error (SignetFormPage *self,
                             const char     *message)
{
  g_return_if_fail (SIGNET_IS_FORM_PAGE (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
}

void
signet_form_page_clear_errors (SignetFormPage *self)
{
  g_return_if_fail (SIGNET_IS_FORM_PAGE (self));

  signet_form_page_show_error (self, NULL);
  for (guint i = 0; i < self->views->len; i++)
    {
      SignetFormFieldView *view = g_ptr_array_index (self->views, i);

      g_clear_pointer (&view->error, g_free);
      view->insisted = FALSE;
      signet_form_field_view_update (view);
    }
}

void
signet_form_page_focus (SignetFormPage *self)
{
  SignetFormFieldView *first = NULL;
  SignetFormFieldView *first_wrong = NULL;
  SignetFormFieldState first_state = SIGNET_FORM_FIELD_OK;

  g_return_if_fail (SIGNET_IS_FORM_PAGE (self));

  for (guint i = 0; i < self->views->len; i++)
    {
      SignetFormFieldView *view = g_ptr_array_index (self->views, i);
      const char *message;
      SignetFormFieldState state;

      if (view->row == NULL)
        continue;

      if (first == NULL)
        first = view;

      state = signet_form_field_view_check (view, &message);
      if (state == SIGNET_FORM_FIELD_OK)
        continue;

      view->insisted = TRUE;
      signet_form_field_view_update (view);
      if (first_wrong == NULL)
        {
          first_wrong = view;
          first_state = state;
        }
    }

  if (first_wrong != NULL)
    first = first_wrong;
  if (first == NULL)
    return;

  /* The confirmation, when that is what is wrong. */
  if (first_state == SIGNET_FORM_FIELD_MISMATCH)
    gtk_widget_grab_focus (first->confirm_row);
  else
    gtk_widget_grab_focus (first->input);
}

GtkWidget *
signet_form_page_get_field_row (SignetFormPage *self,
                                const char     *var)
{
  SignetFormFieldView *view;

  g_return_val_if_fail (SIGNET_IS_FORM_PAGE (self), NULL);

  view = find_view (self, var);
  return view != NULL ? view->row : NULL;
}

GtkWidget *
signet_form_page_get_confirm_row (SignetFormPage *self,
                                  const char     *var)
{
  SignetFormFieldView *view;

  g_return_val_if_fail (SIGNET_IS_FORM_PAGE (self), NULL);

  view = find_view (self, var);
  return view != NULL ? view->confirm_row : NULL;
}

const char *
signet_form_page_get_field_message (SignetFormPage *self,
                                    const char     *var)
{
  SignetFormFieldView *view;

  g_return_val_if_fail (SIGNET_IS_FORM_PAGE (self), NULL);

  view = find_view (self, var);
  if (view == NULL || view->note_row == NULL || !gtk_widget_get_visible (view->note_row))
    return NULL;

  return gtk_label_get_label (view->note_label);
}
