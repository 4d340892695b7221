/* signet-form-field-view.c: one field of a sign-up form and the rows that
 * show it.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-form-field-view.h"
#include "signet-form-page-private.h"
#include "signet-password-row.h"

gboolean
signet_form_text_is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

/* A title for a field the server did not label. */
static char *
dup_field_title (SignetDataFormField *field)
{
  static const struct { const char *var; const char *title; } known[] = {
    { "username", N_("Username") },
    { "password", N_("Password") },
    { "old_password", N_("Current Password") },
    { "email", N_("Email") },
    { "name", N_("Name") },
    { "nick", N_("Nickname") },
    { "first", N_("First Name") },
    { "last", N_("Last Name") },
    { "phone", N_("Phone Number") },
    { "url", N_("Website") },
    { "ocr", N_("Text in the Picture") },
  };
  const char *label = signet_data_form_field_get_label (field);
  const char *var = signet_data_form_field_get_var (field);
  g_autofree char *spaced = NULL;

  if (label != NULL && !signet_form_text_is_blank (label))
    return g_strstrip (g_strdup (label));

  if (var == NULL)
    return g_strdup ("");

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (var, known[i].var))
      return g_strdup (_(known[i].title));

  spaced = g_strdelimit (g_strdup (var), "_-", ' ');
  if (g_ascii_islower (spaced[0]))
    spaced[0] = g_ascii_toupper (spaced[0]);
  return g_steal_pointer (&spaced);
}

char *
signet_form_field_dup_joined_values (SignetDataFormField *field)
{
  return g_strjoinv ("\n", (char **) signet_data_form_field_get_values (field));
}

/*
 * Values
 */

void
signet_form_field_view_free (SignetFormFieldView *view)
{
  /* The widgets may outlive the view for a moment: nothing of theirs may
   * call back into it. */
  for (guint i = 0; view->emitters != NULL && i < view->emitters->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (view->emitters, i), view);
  g_clear_pointer (&view->emitters, g_ptr_array_unref);
  g_clear_object (&view->field);
  g_clear_pointer (&view->title, g_free);
  g_clear_pointer (&view->description, g_free);
  g_clear_pointer (&view->option_values, g_ptr_array_unref);
  g_clear_pointer (&view->checks, g_ptr_array_unref);
  g_clear_pointer (&view->error, g_free);
  g_free (view);
}

const char *
signet_form_field_view_get_var (SignetFormFieldView *view)
{
  return signet_data_form_field_get_var (view->field);
}

gboolean
signet_form_field_view_is_entry (SignetFormFieldView *view)
{
  return view->row != NULL && ADW_IS_ENTRY_ROW (view->row);
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
add_entry_text (SignetFormFieldView *view,
                GStrvBuilder        *builder)
{
  const char *text;

  if (!signet_form_field_view_is_entry (view))
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (view->row));
  if (*text == '\0')
    return;

  /* Addresses have no spaces around them; passwords may. */
  if (view->type == SIGNET_DATA_FORM_FIELD_JID_SINGLE)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      g_strv_builder_add (builder, stripped);
    }
  else
    g_strv_builder_add (builder, text);
}

static void
add_text_lines (SignetFormFieldView *view,
                GStrvBuilder        *builder)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (view->buffer == NULL)
    return;

  text = dup_buffer_text (view->buffer);
  if (*text == '\0')
    return;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (view->type == SIGNET_DATA_FORM_FIELD_JID_MULTI)
        {
          g_strstrip (lines[i]);
          if (*lines[i] == '\0')
            continue;
        }
      g_strv_builder_add (builder, lines[i]);
    }
}

static void
add_chosen_option (SignetFormFieldView *view,
                   GStrvBuilder        *builder)
{
  guint selected;

  /* A list without options is typed in. */
  if (view->option_values == NULL)
    {
      add_entry_text (view, builder);
      return;
    }

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (view->row));
  if (selected < view->option_values->len && g_ptr_array_index (view->option_values, selected) != NULL)
    g_strv_builder_add (builder, g_ptr_array_index (view->option_values, selected));
}

static void
add_checked_options (SignetFormFieldView *view,
                     GStrvBuilder        *builder)
{
  for (guint i = 0; view->checks != NULL && i < view->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (view->checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "signet-value"));
    }
}

/* The values the person gave, as they go into the form. */
static GStrv
dup_values (SignetFormFieldView *view)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  switch (view->type)
    {
    case SIGNET_DATA_FORM_FIELD_TEXT_SINGLE:
    case SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE:
    case SIGNET_DATA_FORM_FIELD_JID_SINGLE:
      add_entry_text (view, builder);
      break;

    case SIGNET_DATA_FORM_FIELD_TEXT_MULTI:
    case SIGNET_DATA_FORM_FIELD_JID_MULTI:
      add_text_lines (view, builder);
      break;

    case SIGNET_DATA_FORM_FIELD_BOOLEAN:
      /* The switch's state is written with set_boolean(). */
      break;

    case SIGNET_DATA_FORM_FIELD_LIST_SINGLE:
      add_chosen_option (view, builder);
      break;

    case SIGNET_DATA_FORM_FIELD_LIST_MULTI:
      add_checked_options (view, builder);
      break;

    case SIGNET_DATA_FORM_FIELD_FIXED:
    case SIGNET_DATA_FORM_FIELD_HIDDEN:
    default:
      break;
    }

  return g_strv_builder_end (builder);
}

/* Writes what the person gave into the form. */
void
signet_form_field_view_store (SignetFormFieldView *view)
{
  g_auto(GStrv) values = NULL;

  if (view->row == NULL)
    return;

  if (view->type == SIGNET_DATA_FORM_FIELD_BOOLEAN)
    {
      GtkWidget *toggle = view->input;

      signet_data_form_field_set_boolean (view->field, gtk_switch_get_active (GTK_SWITCH (toggle)));
      return;
    }

  values = dup_values (view);
  signet_data_form_field_set_values (view->field, (const char * const *) values);
}

SignetFormFieldState
signet_form_field_view_check (SignetFormFieldView *view,
                              const char         **message)
{
  g_auto(GStrv) values = NULL;

  *message = NULL;

  if (view->row == NULL || view->type == SIGNET_DATA_FORM_FIELD_BOOLEAN)
    return SIGNET_FORM_FIELD_OK;

  values = dup_values (view);

  if (view->confirm_row != NULL)
    {
      const char *password = gtk_editable_get_text (GTK_EDITABLE (view->row));
      const char *confirm = gtk_editable_get_text (GTK_EDITABLE (view->confirm_row));

      if (g_strcmp0 (password, confirm) != 0)
        {
          *message = _("The passwords do not match");
          return SIGNET_FORM_FIELD_MISMATCH;
        }
    }

  if (values[0] == NULL || (view->type == SIGNET_DATA_FORM_FIELD_TEXT_MULTI && values[1] == NULL &&
                            signet_form_text_is_blank (values[0])))
    {
      if (!view->required)
        return SIGNET_FORM_FIELD_OK;

      *message = _("This must be filled in");
      return SIGNET_FORM_FIELD_EMPTY;
    }

  if (view->required && signet_form_field_view_is_entry (view) && signet_form_text_is_blank (values[0]))
    {
      *message = _("This must be filled in");
      return SIGNET_FORM_FIELD_EMPTY;
    }

  if (view->type == SIGNET_DATA_FORM_FIELD_JID_SINGLE && !signet_jid_is_valid (values[0]))
    {
      *message = _("This is not an address like name@example.org");
      return SIGNET_FORM_FIELD_INVALID;
    }

  if (view->type == SIGNET_DATA_FORM_FIELD_JID_MULTI)
    for (guint i = 0; values[i] != NULL; i++)
      if (!signet_jid_is_valid (values[i]))
        {
          *message = _("Each line must be one address like name@example.org");
          return SIGNET_FORM_FIELD_INVALID;
        }

  return SIGNET_FORM_FIELD_OK;
}

/*
 * The note under the field
 */

static void
describe_one (GtkWidget  *widget,
              const char *message,
              gboolean    required,
              gboolean    error)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  if (message != NULL && *message != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                    -1);
  else if (required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Required"),
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* The field's state for assistive technologies: on the row and, for an
 * entry row, on the text inside it that takes the focus. */
static void
describe (GtkWidget  *widget,
          const char *message,
          gboolean    required,
          gboolean    error)
{
  describe_one (widget, message, required, error);
  if (ADW_IS_ENTRY_ROW (widget))
    describe_one (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (widget))), message, required, error);
}

static void
set_row_error_style (GtkWidget *row,
                     gboolean   error)
{
  if (row == NULL)
    return;

  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* The problem the note shows, if the person should see it now; NULL if
 * none.  @mismatch says whether it is the confirmation that is wrong. */
static const char *
get_shown_problem (SignetFormFieldView *view,
                   gboolean            *mismatch)
{
  const char *problem = NULL;
  SignetFormFieldState state = signet_form_field_view_check (view, &problem);

  *mismatch = FALSE;

  if (view->error != NULL)
    return view->error;

  if (state == SIGNET_FORM_FIELD_MISMATCH)
    {
      const char *password = gtk_editable_get_text (GTK_EDITABLE (view->row));
      const char *confirm = gtk_editable_get_text (GTK_EDITABLE (view->confirm_row));

      /* Not while the confirmation is being typed and is right so far. */
      if (view->revealed || view->insisted || (*confirm != '\0' && !g_str_has_prefix (password, confirm)))
        {
          *mismatch = TRUE;
          return problem;
        }
      return NULL;
    }

  if ((state == SIGNET_FORM_FIELD_INVALID && (view->revealed || view->insisted)) ||
      (state == SIGNET_FORM_FIELD_EMPTY && view->insisted))
    return problem;

  return NULL;
}

static void
show_note (SignetFormFieldView *view,
           const char          *message,
           gboolean             error)
{
  gtk_label_set_label (view->note_label, message != NULL ? message : "");
  gtk_widget_set_visible (view->note_row, message != NULL && *message != '\0');
  if (error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (view->note_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (view->note_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (view->note_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (view->note_label), "dim-label");
    }
}

/* Shows the field's error, or its description, under it. */
void
signet_form_field_view_update (SignetFormFieldView *view)
{
  const char *message;
  gboolean error;
  gboolean mismatch;

  if (view->row == NULL || view->note_row == NULL)
    return;

  message = get_shown_problem (view, &mismatch);
  error = message != NULL;

  /* Action rows show the description as their subtitle already. */
  if (message == NULL && (signet_form_field_view_is_entry (view) || GTK_IS_TEXT_VIEW (view->input)))
    message = view->description;

  show_note (view, message, error);
  set_row_error_style (view->row, error && !mismatch);
  set_row_error_style (view->confirm_row, mismatch);

  describe (view->input, message, view->required, error && !mismatch);
  if (view->confirm_row != NULL)
    describe (view->confirm_row, mismatch ? message : NULL, view->required, mismatch);
}

/*
 * Signals
 */

/* Connects @callback with the view as its data, to be disconnected when the
 * view goes. */
static void
view_connect (SignetFormFieldView *view,
              gpointer             instance,
              const char          *signal,
              GCallback            callback,
              gboolean             swapped)
{
  if (view->emitters == NULL)
    view->emitters = g_ptr_array_new ();
  g_ptr_array_add (view->emitters, instance);

  if (swapped)
    g_signal_connect_swapped (instance, signal, callback, view);
  else
    g_signal_connect (instance, signal, callback, view);
}

static void
on_view_changed (SignetFormFieldView *view)
{
  if (signet_form_page_is_rendering (view->page))
    return;

  g_clear_pointer (&view->error, g_free);
  signet_form_field_view_store (view);
  signet_form_field_view_update (view);
  signet_form_page_field_changed (view->page);
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                SignetFormFieldView     *view)
{
  if (signet_form_page_is_rendering (view->page))
    return;

  view->revealed = TRUE;
  signet_form_field_view_update (view);
}

static void
watch_focus (SignetFormFieldView *view,
             GtkWidget           *widget)
{
  GtkEventController *controller = gtk_event_controller_focus_new ();

  view_connect (view, controller, "leave", G_CALLBACK (on_focus_leave), FALSE);
  gtk_widget_add_controller (widget, controller);
}

static void
on_entry_activated (GtkWidget           *row,
                    SignetFormFieldView *view)
{
  view->revealed = TRUE;
  signet_form_field_view_update (view);
  signet_form_page_entry_activated (view->page, row);
}

/*
 * Building the rows
 */

/* The title with the mark of a required field. */
static char *
dup_marked_title (SignetFormFieldView *view)
{
  if (!view->required)
    return g_strdup (view->title);

  /* Translators: the title of a field that must be filled in; "*" marks it
   * (explained under the form: "Fields marked * must be filled in."). */
  return g_strdup_printf (_("%s *"), view->title);
}

static void
label_row (SignetFormFieldView *view,
           GtkWidget           *row)
{
  g_autofree char *title = dup_marked_title (view);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
}

static void
label_input (SignetFormFieldView *view,
             GtkWidget           *input,
             const char          *title)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (input),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, view->required,
                                  -1);
  if (ADW_IS_ENTRY_ROW (input))
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (input))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    GTK_ACCESSIBLE_PROPERTY_REQUIRED, view->required,
                                    -1);
}

static void
set_entry_hints (SignetFormFieldView *view,
                 GtkWidget           *row)
{
  const char *var = signet_form_field_view_get_var (view);
  GtkInputHints hints = GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI;

  if (view->type == SIGNET_DATA_FORM_FIELD_JID_SINGLE || g_strcmp0 (var, "email") == 0)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);
  else if (view->type == SIGNET_DATA_FORM_FIELD_TEXT_SINGLE && g_strcmp0 (var, "name") != 0)
    hints |= GTK_INPUT_HINT_LOWERCASE;

  if (g_strcmp0 (var, "name") == 0 || g_strcmp0 (var, "first") == 0 || g_strcmp0 (var, "last") == 0)
    hints = GTK_INPUT_HINT_NO_EMOJI;

  /* Usernames come out lowercase on most servers; no capital by itself. */
  if (g_strcmp0 (var, "username") == 0)
    hints = GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI | GTK_INPUT_HINT_LOWERCASE;

  adw_entry_row_set_input_hints (ADW_ENTRY_ROW (row), hints);
  adw_entry_row_set_enable_emoji_completion (ADW_ENTRY_ROW (row), FALSE);
}

static GtkWidget *
entry_row_new (SignetFormFieldView *view,
               gboolean private,
               const char *title,
               const char *text)
{
  GtkWidget *row = private ? signet_password_row_new () : adw_entry_row_new ();

  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  view_connect (view, row, "changed", G_CALLBACK (on_view_changed), TRUE);
  view_connect (view, row, "entry-activated", G_CALLBACK (on_entry_activated), FALSE);
  watch_focus (view, row);
  label_input (view, row, title);

  return row;
}

/* Whether a text-private field gets a "Confirm Password" row: a new
 * password does; the current one (to change it or to close the account) does
 * not. */
static gboolean
needs_confirmation (SignetFormFieldView *view,
                    const char          *form_type)
{
  const char *var = signet_form_field_view_get_var (view);
  g_autofree char *lower = var != NULL ? g_ascii_strdown (var, -1) : NULL;

  if (view->type != SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE || lower == NULL)
    return FALSE;

  if (g_strcmp0 (form_type, SIGNET_NS_REGISTER_CANCEL) == 0)
    return FALSE;

  return strstr (lower, "old") == NULL && strstr (lower, "current") == NULL;
}

static void
build_entry (SignetFormFieldView *view,
             const char          *form_type,
             const char          *kept_confirm)
{
  gboolean private = view->type == SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE;
  const char *value = signet_data_form_field_get_value (view->field);

  view->row = entry_row_new (view, private, view->title, value);
  view->input = view->row;
  label_row (view, view->row);
  if (!private)
    set_entry_hints (view, view->row);

  if (needs_confirmation (view, form_type))
    {
      const char *confirm = kept_confirm;

      /* A password that arrives filled in was confirmed when it was typed
       * (or chosen by the program). */
      if (confirm == NULL)
        confirm = value;

      view->confirm_row = entry_row_new (view, TRUE, _("Confirm password"), confirm);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (view->confirm_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->confirm_row),
                                     view->required ? _("Confirm Password *") : _("Confirm Password"));
    }
}

static void
build_switch (SignetFormFieldView *view)
{
  GtkWidget *toggle = gtk_switch_new ();

  view->row = adw_action_row_new ();
  label_row (view, view->row);
  if (view->description != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (view->row), view->description);

  gtk_switch_set_active (GTK_SWITCH (toggle), signet_data_form_field_get_boolean (view->field));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (view->row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (view->row), toggle);
  view_connect (view, toggle, "notify::active", G_CALLBACK (on_view_changed), TRUE);
  view->input = toggle;
  label_input (view, toggle, view->title);
}

static void
build_combo (SignetFormFieldView *view)
{
  SignetDataFormField *field = view->field;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char *value = signet_data_form_field_get_value (field);
  guint selected = GTK_INVALID_LIST_POSITION;
  guint n_options = signet_data_form_field_get_n_options (field);

  view->option_values = g_ptr_array_new_with_free_func (g_free);

  /* An optional choice can be left unmade. */
  if (!view->required)
    {
      gtk_string_list_append (labels, C_("choice", "None"));
      g_ptr_array_add (view->option_values, NULL);
    }

  for (guint i = 0; i < n_options; i++)
    {
      const char *label = NULL;
      const char *option = signet_data_form_field_get_option (field, i, &label);

      gtk_string_list_append (labels, label != NULL && !signet_form_text_is_blank (label) ? label : option);
      if (value != NULL && g_strcmp0 (option, value) == 0 && selected == GTK_INVALID_LIST_POSITION)
        selected = view->option_values->len;
      g_ptr_array_add (view->option_values, g_strdup (option));
    }

  if (selected == GTK_INVALID_LIST_POSITION && !view->required)
    selected = 0;

  view->row = adw_combo_row_new ();
  label_row (view, view->row);
  if (view->description != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (view->row), view->description);
  adw_combo_row_set_model (ADW_COMBO_ROW (view->row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (view->row), selected);
  view_connect (view, view->row, "notify::selected", G_CALLBACK (on_view_changed), TRUE);
  view->input = view->row;
  label_input (view, view->row, view->title);
}

static void
update_expander_subtitle (SignetFormFieldView *view)
{
  g_autoptr(GString) chosen = g_string_new (NULL);

  for (guint i = 0; i < view->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (view->checks, i);

      if (!gtk_check_button_get_active (check))
        continue;
      if (chosen->len > 0)
        /* Translators: between the options chosen in a list, "Red, Green". */
        g_string_append (chosen, _(", "));
      g_string_append (chosen, g_object_get_data (G_OBJECT (check), "signet-label"));
    }

  if (chosen->len > 0)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (view->row), chosen->str);
  else if (view->description != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (view->row), view->description);
  else
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (view->row), _("None chosen"));
}

static void
on_check_toggled (GtkCheckButton      *check,
                  SignetFormFieldView *view)
{
  update_expander_subtitle (view);
  on_view_changed (view);
}

static void
build_expander (SignetFormFieldView *view)
{
  SignetDataFormField *field = view->field;
  const char * const *values = signet_data_form_field_get_values (field);

  view->row = adw_expander_row_new ();
  label_row (view, view->row);
  /* libadwaita 1.2 leaves the expander's own row nameless. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (view->row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  view->title, -1);
  view->checks = g_ptr_array_new ();

  for (guint i = 0; i < signet_data_form_field_get_n_options (field); i++)
    {
      const char *label = NULL;
      const char *option = signet_data_form_field_get_option (field, i, &label);
      GtkWidget *option_row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      if (label == NULL || signet_form_text_is_blank (label))
        label = option;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (option_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (option_row), label);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_strv_contains (values, option));
      g_object_set_data_full (G_OBJECT (check), "signet-value", g_strdup (option), g_free);
      g_object_set_data_full (G_OBJECT (check), "signet-label", g_strdup (label), g_free);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (option_row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (option_row), check);
      view_connect (view, check, "toggled", G_CALLBACK (on_check_toggled), FALSE);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (view->row), option_row);
      g_ptr_array_add (view->checks, check);
    }

  update_expander_subtitle (view);
  view->input = view->row;
  label_input (view, view->row, view->title);
}

static void
build_text_view (SignetFormFieldView *view)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *text_view = gtk_text_view_new ();
  g_autofree char *marked = dup_marked_title (view);
  g_autofree char *value = signet_form_field_dup_joined_values (view->field);

  view->row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (view->row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (view->row), FALSE);
  gtk_widget_set_focusable (view->row, FALSE);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_label (GTK_LABEL (title), marked);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), text_view);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_box_append (GTK_BOX (box), title);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (text_view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_widget_set_size_request (text_view, -1, 72);
  if (view->type == SIGNET_DATA_FORM_FIELD_JID_MULTI)
    gtk_text_view_set_input_hints (GTK_TEXT_VIEW (text_view),
                                   GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI | GTK_INPUT_HINT_LOWERCASE);
  view->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  gtk_text_buffer_set_text (view->buffer, value, -1);
  view_connect (view, view->buffer, "changed", G_CALLBACK (on_view_changed), TRUE);
  watch_focus (view, text_view);

  gtk_frame_set_child (GTK_FRAME (frame), text_view);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (view->row), box);

  view->input = text_view;
  label_input (view, text_view, view->title);
}

static GtkWidget *
note_row_new (SignetFormFieldView *view)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_visible (row, FALSE);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);

  view->note_label = GTK_LABEL (label);
  return row;
}

/*
 * The page's side
 */

SignetFormFieldView *
signet_form_field_view_new (SignetFormPage      *page,
                            SignetDataFormField *field)
{
  SignetFormFieldView *view = g_new0 (SignetFormFieldView, 1);
  const char *description = signet_data_form_field_get_description (field);

  view->page = page;
  view->field = g_object_ref (field);
  view->type = signet_data_form_field_get_field_type (field);
  view->title = dup_field_title (field);
  view->description = description != NULL && !signet_form_text_is_blank (description) ? g_strdup (description) : NULL;
  view->required = signet_data_form_field_get_required (field);

  return view;
}

void
signet_form_field_view_build (SignetFormFieldView *view,
                              const char          *form_type,
                              const char          *kept_confirm)
{
  if (view->type == SIGNET_DATA_FORM_FIELD_JID_MULTI && view->description == NULL)
    view->description = g_strdup (_("One address on each line"));

  switch (view->type)
    {
    case SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE:
    case SIGNET_DATA_FORM_FIELD_TEXT_SINGLE:
    case SIGNET_DATA_FORM_FIELD_JID_SINGLE:
      build_entry (view, form_type, kept_confirm);
      break;
    case SIGNET_DATA_FORM_FIELD_BOOLEAN:
      build_switch (view);
      break;
    case SIGNET_DATA_FORM_FIELD_LIST_SINGLE:
      if (signet_data_form_field_get_n_options (view->field) > 0)
        build_combo (view);
      else
        build_entry (view, form_type, NULL);
      break;
    case SIGNET_DATA_FORM_FIELD_LIST_MULTI:
      build_expander (view);
      break;
    case SIGNET_DATA_FORM_FIELD_TEXT_MULTI:
    case SIGNET_DATA_FORM_FIELD_JID_MULTI:
      build_text_view (view);
      break;
    case SIGNET_DATA_FORM_FIELD_FIXED:
    case SIGNET_DATA_FORM_FIELD_HIDDEN:
    default:
      g_assert_not_reached ();
    }

  view->note_row = note_row_new (view);
}

void
signet_form_field_view_add_rows (SignetFormFieldView *view,
                                 AdwPreferencesGroup *group)
{
  adw_preferences_group_add (group, view->row);
  if (view->confirm_row != NULL)
    adw_preferences_group_add (group, view->confirm_row);
  adw_preferences_group_add (group, view->note_row);

  /* Each control carries the field's var, for tests and integration. */
  gtk_widget_set_name (view->row, signet_form_field_view_get_var (view));
}
