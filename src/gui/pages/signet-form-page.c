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
#include "signet-core.h"
#include "signet-link-text.h"
#include "signet-password-row.h"

/* A CAPTCHA is shown larger than it comes, up to this height. */
#define CAPTCHA_MAX_HEIGHT 150
/* The room a CAPTCHA has on a phone (360 px less the margins). */
#define CAPTCHA_NARROW_WIDTH 300

typedef struct
{
  SignetFormPage          *page;          /* borrowed: the page owns the view */
  SignetDataFormField     *field;
  SignetDataFormFieldType type;
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
  gboolean required;
  gboolean revealed;                      /* show syntax problems (the person left the field) */
  gboolean insisted;                      /* show that a required field is empty */
} FieldView;

typedef enum
{
  FIELD_OK,
  FIELD_EMPTY,
  FIELD_INVALID,
  FIELD_MISMATCH,
} FieldState;

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

static void update_view (FieldView *view);
static void update_valid (SignetFormPage *self);

/*
 * A paintable that shows a small picture larger: CAPTCHAs come at about
 * 200 × 70 pixels and are hard to read at that size.
 */

#define SIGNET_TYPE_SCALED_PAINTABLE (signet_scaled_paintable_get_type ())
G_DECLARE_FINAL_TYPE (SignetScaledPaintable, signet_scaled_paintable, SIGNET, SCALED_PAINTABLE, GObject)

struct _SignetScaledPaintable
{
  GObject parent_instance;
  GdkPaintable *paintable;
  double scale;
};

static void signet_scaled_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetScaledPaintable, signet_scaled_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, signet_scaled_paintable_iface_init))

static void
signet_scaled_paintable_snapshot (GdkPaintable *paintable,
                                  GdkSnapshot  *snapshot,
                                  double        width,
                                  double        height)
{
  SignetScaledPaintable *self = SIGNET_SCALED_PAINTABLE (paintable);

  gdk_paintable_snapshot (self->paintable, snapshot, width, height);
}

static int
signet_scaled_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  SignetScaledPaintable *self = SIGNET_SCALED_PAINTABLE (paintable);

  return (int) (gdk_paintable_get_intrinsic_width (self->paintable) * self->scale);
}

static int
signet_scaled_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  SignetScaledPaintable *self = SIGNET_SCALED_PAINTABLE (paintable);

  return (int) (gdk_paintable_get_intrinsic_height (self->paintable) * self->scale);
}

static void
signet_scaled_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = signet_scaled_paintable_snapshot;
  iface->get_intrinsic_width = signet_scaled_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = signet_scaled_paintable_get_intrinsic_height;
}

static void
signet_scaled_paintable_finalize (GObject *object)
{
  SignetScaledPaintable *self = SIGNET_SCALED_PAINTABLE (object);

  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (signet_scaled_paintable_parent_class)->finalize (object);
}

static void
signet_scaled_paintable_class_init (SignetScaledPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_scaled_paintable_finalize;
}

static void
signet_scaled_paintable_init (SignetScaledPaintable *self)
{
  self->scale = 1.0;
}

static GdkPaintable *
scaled_paintable_new (GdkPaintable *paintable,
                      double        scale)
{
  SignetScaledPaintable *self = g_object_new (SIGNET_TYPE_SCALED_PAINTABLE, NULL);

  self->paintable = g_object_ref (paintable);
  self->scale = scale;
  return GDK_PAINTABLE (self);
}

/*
 * Text
 */

static gboolean
has_forbidden_jid_char (const char *text,
                        gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (strchr ("\"&'/:<>@", text[i]) != NULL || g_ascii_iscntrl (text[i]) || g_ascii_isspace (text[i]))
      return TRUE;

  return FALSE;
}

/* A light check that @text has the shape of an XMPP address:
 * [local@]domain[/resource], nothing empty, no spaces. */
static gboolean
jid_looks_valid (const char *text)
{
  const char *slash = strchr (text, '/');
  const char *bare_end = slash != NULL ? slash : text + strlen (text);
  const char *at = memchr (text, '@', bare_end - text);
  const char *domain = at != NULL ? at + 1 : text;
  gsize domain_length = bare_end - domain;

  if (!g_utf8_validate (text, -1, NULL) || strlen (text) > 3071)
    return FALSE;

  if (slash != NULL && (slash[1] == '\0' || strpbrk (slash + 1, " \t\r\n") != NULL))
    return FALSE;

  if (at != NULL && (at == text || has_forbidden_jid_char (text, at - text)))
    return FALSE;

  if (domain_length == 0 || has_forbidden_jid_char (domain, domain_length) ||
      domain[0] == '.' || domain[domain_length - 1] == '.')
    return FALSE;

  for (gsize i = 0; i + 1 < domain_length; i++)
    if (domain[i] == '.' && domain[i + 1] == '.')
      return FALSE;

  return TRUE;
}

static gboolean
is_blank (const char *text)
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

  if (label != NULL && !is_blank (label))
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

static char *
dup_joined_values (SignetDataFormField *field)
{
  return g_strjoinv ("\n", (char **) signet_data_form_field_get_values (field));
}

/*
 * Field views
 */

static void
field_view_free (FieldView *view)
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

static const char *
view_get_var (FieldView *view)
{
  return signet_data_form_field_get_var (view->field);
}

static gboolean
view_is_entry (FieldView *view)
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

/* The values the person gave, as they go into the form. */
static GStrv
view_dup_values (FieldView *view)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  switch (view->type)
    {
    case SIGNET_DATA_FORM_FIELD_TEXT_SINGLE:
    case SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE:
    case SIGNET_DATA_FORM_FIELD_JID_SINGLE:
      if (view_is_entry (view))
        {
          const char *text = gtk_editable_get_text (GTK_EDITABLE (view->row));

          if (*text != '\0')
            {
              /* Addresses have no spaces around them; passwords may. */
              if (view->type == SIGNET_DATA_FORM_FIELD_JID_SINGLE)
                {
                  g_autofree char *stripped = g_strstrip (g_strdup (text));

                  g_strv_builder_add (builder, stripped);
                }
              else
                g_strv_builder_add (builder, text);
            }
        }
      break;

    case SIGNET_DATA_FORM_FIELD_TEXT_MULTI:
    case SIGNET_DATA_FORM_FIELD_JID_MULTI:
      if (view->buffer != NULL)
        {
          g_autofree char *text = dup_buffer_text (view->buffer);
          g_auto(GStrv) lines = NULL;

          if (*text == '\0')
            break;

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
      break;

    case SIGNET_DATA_FORM_FIELD_BOOLEAN:
      /* The switch's state is written with set_boolean(). */
      break;

    case SIGNET_DATA_FORM_FIELD_LIST_SINGLE:
      if (view->option_values != NULL)
        {
          guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (view->row));

          if (selected < view->option_values->len && g_ptr_array_index (view->option_values, selected) != NULL)
            g_strv_builder_add (builder, g_ptr_array_index (view->option_values, selected));
        }
      else if (view_is_entry (view))
        {
          const char *text = gtk_editable_get_text (GTK_EDITABLE (view->row));

          if (*text != '\0')
            g_strv_builder_add (builder, text);
        }
      break;

    case SIGNET_DATA_FORM_FIELD_LIST_MULTI:
      for (guint i = 0; view->checks != NULL && i < view->checks->len; i++)
        {
          GtkCheckButton *check = g_ptr_array_index (view->checks, i);

          if (gtk_check_button_get_active (check))
            g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "signet-value"));
        }
      break;

    case SIGNET_DATA_FORM_FIELD_FIXED:
    case SIGNET_DATA_FORM_FIELD_HIDDEN:
    default:
      break;
    }

  return g_strv_builder_end (builder);
}

/* Writes what the person gave into the form. */
static void
view_store (FieldView *view)
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

  values = view_dup_values (view);
  signet_data_form_field_set_values (view->field, (const char * const *) values);
}

static FieldState
view_check (FieldView   *view,
            const char **message)
{
  g_auto(GStrv) values = NULL;

  *message = NULL;

  if (view->row == NULL || view->type == SIGNET_DATA_FORM_FIELD_BOOLEAN)
    return FIELD_OK;

  values = view_dup_values (view);

  if (view->confirm_row != NULL)
    {
      const char *password = gtk_editable_get_text (GTK_EDITABLE (view->row));
      const char *confirm = gtk_editable_get_text (GTK_EDITABLE (view->confirm_row));

      if (g_strcmp0 (password, confirm) != 0)
        {
          *message = _("The passwords do not match");
          return FIELD_MISMATCH;
        }
    }

  if (values[0] == NULL || (view->type == SIGNET_DATA_FORM_FIELD_TEXT_MULTI && values[1] == NULL &&
                            is_blank (values[0])))
    {
      if (!view->required)
        return FIELD_OK;

      *message = _("This must be filled in");
      return FIELD_EMPTY;
    }

  if (view->required && view_is_entry (view) && is_blank (values[0]))
    {
      *message = _("This must be filled in");
      return FIELD_EMPTY;
    }

  if (view->type == SIGNET_DATA_FORM_FIELD_JID_SINGLE && !jid_looks_valid (values[0]))
    {
      *message = _("This is not an address like name@example.org");
      return FIELD_INVALID;
    }

  if (view->type == SIGNET_DATA_FORM_FIELD_JID_MULTI)
    for (guint i = 0; values[i] != NULL; i++)
      if (!jid_looks_valid (values[i]))
        {
          *message = _("Each line must be one address like name@example.org");
          return FIELD_INVALID;
        }

  return FIELD_OK;
}

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

/* Shows the field's error, or its description, under it. */
static void
update_view (FieldView *view)
{
  const char *problem = NULL;
  FieldState state;
  const char *message = NULL;
  gboolean error = FALSE;
  gboolean mismatch = FALSE;

  if (view->row == NULL || view->note_row == NULL)
    return;

  state = view_check (view, &problem);

  if (view->error != NULL)
    {
      message = view->error;
      error = TRUE;
    }
  else if (state == FIELD_MISMATCH)
    {
      const char *password = gtk_editable_get_text (GTK_EDITABLE (view->row));
      const char *confirm = gtk_editable_get_text (GTK_EDITABLE (view->confirm_row));

      /* Not while the confirmation is being typed and is right so far. */
      if (view->revealed || view->insisted || (*confirm != '\0' && !g_str_has_prefix (password, confirm)))
        {
          message = problem;
          error = TRUE;
          mismatch = TRUE;
        }
    }
  else if ((state == FIELD_INVALID && (view->revealed || view->insisted)) ||
           (state == FIELD_EMPTY && view->insisted))
    {
      message = problem;
      error = TRUE;
    }

  /* Action rows show the description as their subtitle already. */
  if (message == NULL && view_is_entry (view))
    message = view->description;
  else if (message == NULL && GTK_IS_TEXT_VIEW (view->input))
    message = view->description;

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

  set_row_error_style (view->row, error && !mismatch);
  set_row_error_style (view->confirm_row, mismatch);

  describe (view->input, message, view->required, error && !mismatch);
  if (view->confirm_row != NULL)
    describe (view->confirm_row, mismatch ? message : NULL, view->required, mismatch);
}

static void
update_valid (SignetFormPage *self)
{
  gboolean valid = self->form != NULL;

  for (guint i = 0; valid && i < self->views->len; i++)
    {
      const char *message;

      if (view_check (g_ptr_array_index (self->views, i), &message) != FIELD_OK)
        valid = FALSE;
    }

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

/* Connects @callback with the view as its data, to be disconnected when the
 * view goes. */
static void
view_connect (FieldView  *view,
              gpointer    instance,
              const char *signal,
              GCallback   callback,
              gboolean    swapped)
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
on_view_changed (FieldView *view)
{
  SignetFormPage *self = view->page;

  if (self->rendering)
    return;

  g_clear_pointer (&view->error, g_free);
  view_store (view);
  update_view (view);
  update_valid (self);
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                FieldView               *view)
{
  if (view->page->rendering)
    return;

  view->revealed = TRUE;
  update_view (view);
}

static void
watch_focus (FieldView *view,
             GtkWidget *widget)
{
  GtkEventController *controller = gtk_event_controller_focus_new ();

  view_connect (view, controller, "leave", G_CALLBACK (on_focus_leave), FALSE);
  gtk_widget_add_controller (widget, controller);
}

/* The inputs Enter moves between: the entries, in order. */
static GPtrArray *
dup_entry_inputs (SignetFormPage *self)
{
  GPtrArray *inputs = g_ptr_array_new ();

  for (guint i = 0; i < self->views->len; i++)
    {
      FieldView *view = g_ptr_array_index (self->views, i);

      if (!view_is_entry (view) || !gtk_widget_get_visible (view->row))
        continue;
      g_ptr_array_add (inputs, view->row);
      if (view->confirm_row != NULL)
        g_ptr_array_add (inputs, view->confirm_row);
    }

  return inputs;
}

static void
on_entry_activated (GtkWidget *row,
                    FieldView *view)
{
  SignetFormPage *self = view->page;
  g_autoptr(GPtrArray) inputs = dup_entry_inputs (self);
  guint index;

  view->revealed = TRUE;
  update_view (view);

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
 * Building the rows
 */

/* The title with the mark of a required field. */
static char *
dup_marked_title (FieldView *view)
{
  if (!view->required)
    return g_strdup (view->title);

  /* Translators: the title of a field that must be filled in; "*" marks it
   * (explained under the form: "Fields marked * must be filled in."). */
  return g_strdup_printf (_("%s *"), view->title);
}

static void
label_row (FieldView *view,
           GtkWidget *row)
{
  g_autofree char *title = dup_marked_title (view);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
}

static void
label_input (FieldView  *view,
             GtkWidget  *input,
             const char *title)
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
set_entry_hints (FieldView *view,
                 GtkWidget *row)
{
  const char *var = view_get_var (view);
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
entry_row_new (FieldView *view,
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
needs_confirmation (SignetFormPage *self,
                    FieldView      *view)
{
  const char *var = view_get_var (view);
  const char *form_type = signet_data_form_get_form_type (self->form);
  g_autofree char *lower = var != NULL ? g_ascii_strdown (var, -1) : NULL;

  if (view->type != SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE || lower == NULL)
    return FALSE;

  if (g_strcmp0 (form_type, SIGNET_NS_REGISTER_CANCEL) == 0)
    return FALSE;

  return strstr (lower, "old") == NULL && strstr (lower, "current") == NULL;
}

static void
build_entry (FieldView  *view,
             const char *kept_confirm)
{
  SignetFormPage *self = view->page;
  gboolean private = view->type == SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE;
  const char *value = signet_data_form_field_get_value (view->field);

  view->row = entry_row_new (view, private, view->title, value);
  view->input = view->row;
  label_row (view, view->row);
  if (!private)
    set_entry_hints (view, view->row);

  if (needs_confirmation (self, view))
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
build_switch (FieldView *view)
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
build_combo (FieldView *view)
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

      gtk_string_list_append (labels, label != NULL && !is_blank (label) ? label : option);
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
update_expander_subtitle (FieldView *view)
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
on_check_toggled (GtkCheckButton *check,
                  FieldView      *view)
{
  update_expander_subtitle (view);
  on_view_changed (view);
}

static void
build_expander (FieldView *view)
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

      if (label == NULL || is_blank (label))
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
build_text_view (FieldView *view)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *text_view = gtk_text_view_new ();
  g_autofree char *marked = dup_marked_title (view);
  g_autofree char *value = dup_joined_values (view->field);

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
note_row_new (FieldView *view)
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

static GdkPaintable *
load_captcha (SignetDataFormField *field)
{
  for (guint i = 0; i < signet_data_form_field_get_n_media (field); i++)
    {
      SignetDataFormMedia *media = signet_data_form_field_get_media (field, i);
      const char *mime_type = NULL;
      GBytes *bytes = signet_data_form_media_get_data (media, &mime_type);
      g_autoptr(GdkTexture) texture = NULL;
      g_autoptr(GError) error = NULL;
      int height;

      if (bytes == NULL || (mime_type != NULL && !g_str_has_prefix (mime_type, "image/")))
        continue;

      texture = gdk_texture_new_from_bytes (bytes, &error);
      if (texture == NULL)
        {
          g_debug ("The CAPTCHA image cannot be read: %s", error->message);
          continue;
        }

      height = gdk_texture_get_height (texture);
      if (height <= 0)
        continue;

      return scaled_paintable_new (GDK_PAINTABLE (texture),
                                   MAX (1.0, MIN (2.0, (double) CAPTCHA_MAX_HEIGHT / height)));
    }

  return NULL;
}

static GtkWidget *
captcha_row_new (GdkPaintable *paintable)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *picture = gtk_picture_new_for_paintable (paintable);
  int width = gdk_paintable_get_intrinsic_width (paintable);
  int height = gdk_paintable_get_intrinsic_height (paintable);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  /* A Tab stop: GTK 4.8's list box sends Tab out of the whole list at a
   * row that takes no focus, so the answer's field after it was out of
   * the keyboard's reach; and a screen reader names the picture here. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("CAPTCHA: a picture of characters to type in the field below"), -1);

  /* List boxes give rows their minimum height, and a picture that can
   * shrink has none: ask for the height it has at the width of a phone. */
  if (width > 0 && height > 0)
    gtk_widget_set_size_request (picture, -1, MIN (height, CAPTCHA_NARROW_WIDTH * height / width));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_halign (picture, GTK_ALIGN_FILL);
  gtk_widget_set_margin_top (picture, 12);
  gtk_widget_set_margin_bottom (picture, 12);
  gtk_widget_set_margin_start (picture, 12);
  gtk_widget_set_margin_end (picture, 12);
  gtk_picture_set_alternative_text (GTK_PICTURE (picture),
                                    _("CAPTCHA: a picture of characters to type in the field below"));
  gtk_widget_set_name (picture, "captcha-picture");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), picture);

  return row;
}

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

/*
 * Rendering
 */

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
                       title != NULL && !is_blank (title) ? title
                       : self->default_title != NULL ? self->default_title : _("Sign Up"));
  gtk_widget_set_visible (self->header_box, self->show_title);

  if (self->form != NULL && signet_data_form_get_instructions (self->form)[0] != NULL)
    instructions = g_strjoinv ("\n\n", (char **) signet_data_form_get_instructions (self->form));
  else if (self->instructions != NULL)
    instructions = g_strdup (self->instructions);

  if (instructions != NULL && !is_blank (instructions))
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

static void
render (SignetFormPage *self,
        GHashTable     *kept_confirms)
{
  g_autoptr(GHashTable) captchas = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  GtkWidget *group = NULL;
  gboolean any_required = FALSE;
  guint n_fields;

  self->rendering = TRUE;
  clear_fields (self);
  update_header (self);

  n_fields = self->form != NULL ? signet_data_form_get_n_fields (self->form) : 0;

  /* The CAPTCHA images first: when one shows, ejabberd's fallback fields
   * (a web page to see it on) are not needed. */
  for (guint i = 0; i < n_fields; i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (self->form, i);
      GdkPaintable *paintable = NULL;

      if (signet_data_form_field_get_n_media (field) > 0)
        paintable = load_captcha (field);
      if (paintable != NULL)
        g_hash_table_insert (captchas, field, paintable);
    }

  for (guint i = 0; i < n_fields; i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (self->form, i);
      FieldView *view = g_new0 (FieldView, 1);
      const char *description = signet_data_form_field_get_description (field);
      GdkPaintable *captcha = g_hash_table_lookup (captchas, field);

      view->page = self;
      view->field = g_object_ref (field);
      view->type = signet_data_form_field_get_field_type (field);
      view->title = dup_field_title (field);
      view->description = description != NULL && !is_blank (description) ? g_strdup (description) : NULL;
      view->required = signet_data_form_field_get_required (field);
      g_ptr_array_add (self->views, view);

      if (view->type == SIGNET_DATA_FORM_FIELD_HIDDEN ||
          (is_captcha_fallback (field) && g_hash_table_size (captchas) > 0))
        continue;

      if (view->type == SIGNET_DATA_FORM_FIELD_FIXED ||
          (is_captcha_fallback (field) && signet_data_form_field_get_value (field) != NULL))
        {
          g_autofree char *text = dup_joined_values (field);
          g_autofree char *labelled = NULL;

          /* A fallback web page is text to read, not a field to edit. */
          if (view->type != SIGNET_DATA_FORM_FIELD_FIXED)
            labelled = g_strdup_printf ("%s: %s", view->title, text);

          if (!is_blank (labelled != NULL ? labelled : text))
            gtk_box_append (GTK_BOX (self->fields_box), fixed_label_new (labelled != NULL ? labelled : text));
          group = NULL;
          continue;
        }

      if (group == NULL)
        {
          group = adw_preferences_group_new ();
          gtk_box_append (GTK_BOX (self->fields_box), group);
        }

      if (view->type == SIGNET_DATA_FORM_FIELD_JID_MULTI && view->description == NULL)
        view->description = g_strdup (_("One address on each line"));

      switch (view->type)
        {
        case SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE:
        case SIGNET_DATA_FORM_FIELD_TEXT_SINGLE:
        case SIGNET_DATA_FORM_FIELD_JID_SINGLE:
          build_entry (view, kept_confirms != NULL ? g_hash_table_lookup (kept_confirms, view_get_var (view)) : NULL);
          break;
        case SIGNET_DATA_FORM_FIELD_BOOLEAN:
          build_switch (view);
          break;
        case SIGNET_DATA_FORM_FIELD_LIST_SINGLE:
          if (signet_data_form_field_get_n_options (field) > 0)
            build_combo (view);
          else
            build_entry (view, NULL);
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

      if (captcha != NULL)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), captcha_row_new (captcha));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), view->row);
      if (view->confirm_row != NULL)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), view->confirm_row);
      view->note_row = note_row_new (view);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), view->note_row);

      /* Each control carries the field's var, for tests and integration. */
      gtk_widget_set_name (view->row, view_get_var (view));
      any_required |= view->required;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->legend_label), any_required);
  gtk_widget_set_visible (self->error_box, FALSE);

  /* What the form held is what the widgets show: store it back so both
   * agree (an unlisted choice becomes none, for example). */
  for (guint i = 0; i < self->views->len; i++)
    {
      FieldView *view = g_ptr_array_index (self->views, i);

      view_store (view);
      update_view (view);
    }

  self->rendering = FALSE;
  update_valid (self);
}

static FieldView *
find_view (SignetFormPage *self,
           const char     *var)
{
  for (guint i = 0; var != NULL && i < self->views->len; i++)
    {
      FieldView *view = g_ptr_array_index (self->views, i);

      if (g_strcmp0 (view_get_var (view), var) == 0)
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
  self->views = g_ptr_array_new_with_free_func ((GDestroyNotify) field_view_free);
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
          FieldView *view = g_ptr_array_index (self->views, i);
          SignetDataFormField *field;

          if (view->row == NULL || !is_person_typed (view->field))
            continue;

          field = signet_data_form_get_field (form, view_get_var (view));
          if (field == NULL || !is_person_typed (field) ||
              signet_data_form_field_get_field_type (field) != view->type)
            continue;

          if (old != form && same_kind && signet_data_form_field_get_values (field)[0] == NULL)
            signet_data_form_field_set_values (field, signet_data_form_field_get_values (view->field));

          /* The confirmation goes with the password it confirmed. */
          if (view->confirm_row != NULL &&
              g_strcmp0 (signet_data_form_field_get_value (field),
                         gtk_editable_get_text (GTK_EDITABLE (view->row))) == 0)
            g_hash_table_insert (kept_confirms, g_strdup (view_get_var (view)),
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
    view_store (g_ptr_array_index (self->views, i));

  return signet_data_form_new_submit (self->form);
}

gboolean
signet_form_page_show_field_error (SignetFormPage *self,
                                   const char     *var,
                                   const char     *message)
{
  FieldView *view;

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
  update_view (view);

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
      FieldView *view = g_ptr_array_index (self->views, i);

      g_clear_pointer (&view->error, g_free);
      view->insisted = FALSE;
      update_view (view);
    }
}

void
signet_form_page_focus (SignetFormPage *self)
{
  FieldView *first = NULL;
  FieldView *first_wrong = NULL;
  FieldState first_state = FIELD_OK;

  g_return_if_fail (SIGNET_IS_FORM_PAGE (self));

  for (guint i = 0; i < self->views->len; i++)
    {
      FieldView *view = g_ptr_array_index (self->views, i);
      const char *message;
      FieldState state;

      if (view->row == NULL)
        continue;

      if (first == NULL)
        first = view;

      state = view_check (view, &message);
      if (state == FIELD_OK)
        continue;

      view->insisted = TRUE;
      update_view (view);
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
  if (first_state == FIELD_MISMATCH)
    gtk_widget_grab_focus (first->confirm_row);
  else
    gtk_widget_grab_focus (first->input);
}

GtkWidget *
signet_form_page_get_field_row (SignetFormPage *self,
                                const char     *var)
{
  FieldView *view;

  g_return_val_if_fail (SIGNET_IS_FORM_PAGE (self), NULL);

  view = find_view (self, var);
  return view != NULL ? view->row : NULL;
}

GtkWidget *
signet_form_page_get_confirm_row (SignetFormPage *self,
                                  const char     *var)
{
  FieldView *view;

  g_return_val_if_fail (SIGNET_IS_FORM_PAGE (self), NULL);

  view = find_view (self, var);
  return view != NULL ? view->confirm_row : NULL;
}

const char *
signet_form_page_get_field_message (SignetFormPage *self,
                                    const char     *var)
{
  FieldView *view;

  g_return_val_if_fail (SIGNET_IS_FORM_PAGE (self), NULL);

  view = find_view (self, var);
  if (view == NULL || view->note_row == NULL || !gtk_widget_get_visible (view->note_row))
    return NULL;

  return gtk_label_get_label (view->note_label);
}
