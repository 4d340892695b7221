/* signet-number-page.c: step 2, the person's name and phone number.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-country-chooser.h"
#include "signet-country-item.h"
#include "signet-number-page.h"
#include "signet-text.h"
#include "signet-wizard-page.h"

struct _SignetNumberPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwEntryRow          *name_row;
  AdwActionRow         *country_row;
  AdwEntryRow          *number_row;
  GtkLabel             *number_hint_label;
  GtkLabel             *name_hint_label;
  GtkCheckButton       *use_anyway_check;
  GtkWidget            *next_button;

  /* Owned */
  GListModel           *countries;
  SignetPhoneFormatter *formatter;
  SignetPhoneNumber    *number;
  char                 *display_name;
  char                 *region;
  /* Shows what is wrong once typing pauses. */
  guint validation_id;

  gboolean can_next;
  /* Errors are shown once typing pauses or Enter is pressed. */
  gboolean show_problems;
  /* Set while the page rewrites the number's text itself. */
  gboolean formatting;
};

static GtkWidget *
signet_number_page_wizard_get_next_button (SignetWizardPage *page)
{
  return signet_number_page_get_next_button (SIGNET_NUMBER_PAGE (page));
}

static gboolean
signet_number_page_wizard_get_can_next (SignetWizardPage *page)
{
  return signet_number_page_get_can_next (SIGNET_NUMBER_PAGE (page));
}

static void
signet_number_page_wizard_page_init (SignetWizardPageInterface *iface)
{
  iface->get_next_button = signet_number_page_wizard_get_next_button;
  iface->get_can_next = signet_number_page_wizard_get_can_next;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetNumberPage, signet_number_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SIGNET_TYPE_WIZARD_PAGE, signet_number_page_wizard_page_init))

enum {
  PROP_0,
  PROP_CAN_NEXT,
  PROP_REGION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How long typing pauses before the page says what is wrong.
 * SIGNET_TYPING_PAUSE_MS changes it, for tests on a busy machine. */
#define TYPING_PAUSE_MS 800

static guint
get_typing_pause_ms (void)
{
  static guint pause_ms;

  if (pause_ms == 0)
    {
      const char *value = g_getenv ("SIGNET_TYPING_PAUSE_MS");
      guint64 parsed = 0;

      if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, 60000, &parsed, NULL))
        parsed = TYPING_PAUSE_MS;
      pause_ms = (guint) parsed;
    }

  return pause_ms;
}

static void ensure_countries (SignetNumberPage *self);
static void sync_country_from_number (SignetNumberPage *self,
                                      const char       *text);
static void schedule_validation (SignetNumberPage *self);

/*
 * Text helpers
 */

static gboolean
is_significant (gunichar c)
{
  return g_unichar_isdigit (c) || c == '+';
}

/* The character position just after the @n-th significant character. */
static int
position_after_significant (const char *text,
                            guint       n)
{
  int i = 0;

  if (n == 0)
    return 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      i++;
      if (is_significant (g_utf8_get_char (p)) && --n == 0)
        return i;
    }

  return i;
}

/*
 * Validation
 */

static void
set_hint (SignetNumberPage *self,
          const char       *style,
          const char       *text)
{
  const char *styles[] = { "dim-label", "error", "warning" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->number_hint_label), styles[i]);
  gtk_widget_remove_css_class (GTK_WIDGET (self->number_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->number_row), "warning");

  gtk_widget_add_css_class (GTK_WIDGET (self->number_hint_label), style);
  if (!g_str_equal (style, "dim-label"))
    gtk_widget_add_css_class (GTK_WIDGET (self->number_row), style);

  /* Always there, so that the page does not jump as the text changes. */
  gtk_label_set_label (self->number_hint_label, text ? text : "");
}

static void
show_example_hint (SignetNumberPage *self)
{
  g_autofree char *example = self->region ? signet_phone_region_get_example (self->region) : NULL;
  g_autofree char *hint = NULL;

  if (example != NULL)
    {
      g_autofree char *isolated = signet_text_dup_isolated (example);

      /* Translators: %s is an example phone number, such as "312 345 6789". */
      hint = g_strdup_printf (_("For example, %s"), isolated);
    }
  else
    hint = g_strdup (_("Choose your country, or type the number with “+” and the country code."));

  set_hint (self, "dim-label", hint);
}

/* What is wrong with the number, once the person has paused: a problem
 * shown after the first digit would only be noise. */
static void
show_number_problem (SignetNumberPage *self,
                     const GError     *error)
{
  const char *number_region = self->number ? signet_phone_number_get_region (self->number) : NULL;
  g_autofree char *country = NULL;
  g_autofree char *warning = NULL;

  if (!self->show_problems)
    {
      show_example_hint (self);
      return;
    }

  if (error != NULL)
    {
      set_hint (self, "error", error->message);
      return;
    }

  country = signet_country_get_name (number_region ? number_region : self->region ? self->region : "ZZ");
  /* Translators: %s is a country name. */
  warning = g_strdup_printf (_("This number is not in the known numbering plan of %s. "
                               "New ranges and machine-to-machine numbers look like this: "
                               "check it before you go on."), country);
  set_hint (self, "warning", warning);
}

static void
show_name_problem (SignetNumberPage *self,
                   gboolean          number_ok)
{
  gboolean missing = number_ok && self->display_name == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->name_hint_label), missing);
  if (missing && self->show_problems)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_hint_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_hint_label), "error");
}

static void
validate (SignetNumberPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->number_row));
  g_autoptr(GError) error = NULL;
  gboolean use_anyway_visible = FALSE;
  gboolean number_ok = FALSE;
  gboolean can_next;

  g_clear_pointer (&self->number, signet_phone_number_free);

  if (text == NULL || *text == '\0')
    {
      show_example_hint (self);
    }
  else if ((self->number = signet_phone_number_parse (text, self->region, &error)) == NULL)
    {
      /* Too short is what every number is while it is being typed: no
       * error, and not even a hint before typing pauses. */
      if (g_error_matches (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_TOO_SHORT))
        {
          if (self->show_problems)
            set_hint (self, "dim-label", error->message);
          else
            show_example_hint (self);
        }
      else
        show_number_problem (self, error);
    }
  else if (signet_phone_number_get_validity (self->number) == SIGNET_PHONE_VALIDITY_POSSIBLE)
    {
      show_number_problem (self, NULL);
      use_anyway_visible = self->show_problems;
      number_ok = gtk_check_button_get_active (self->use_anyway_check);
    }
  else
    {
      g_autofree char *number = signet_text_dup_isolated (signet_phone_number_get_international (self->number));
      g_autofree char *hint = NULL;

      /* Translators: %s is a phone number in international format. */
      hint = g_strdup_printf (_("Signet will verify %s."), number);
      set_hint (self, "dim-label", hint);
      number_ok = TRUE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->use_anyway_check), use_anyway_visible);
  show_name_problem (self, number_ok);

  can_next = number_ok && self->display_name != NULL;
  if (can_next != self->can_next)
    {
      self->can_next = can_next;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_NEXT]);
    }
}

static gboolean
on_typing_paused (gpointer data)
{
  SignetNumberPage *self = data;

  self->validation_id = 0;
  self->show_problems = TRUE;
  validate (self);

  return G_SOURCE_REMOVE;
}

/* Whether Next can be pressed is known at once; what is wrong is told
 * when typing pauses. */
static void
schedule_validation (SignetNumberPage *self)
{
  self->show_problems = FALSE;
  validate (self);

  g_clear_handle_id (&self->validation_id, g_source_remove);
  self->validation_id = g_timeout_add (get_typing_pause_ms (), on_typing_paused, self);
}

/*
 * Formatting as the person types
 *
 * GtkText puts the cursor after the inserted text once the insertion is
 * done, so a reformat from "changed" loses its cursor.  The page takes the
 * edit over in insert-text and delete-text instead: it builds the text the
 * edit would leave, formats it, and puts the cursor before the same
 * significant characters that followed the edit (counting from the end is
 * safe when "00" turns into "+").
 */

static guint
count_significant_after (const char *text,
                         int         position)
{
  guint count = 0;
  int i = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), i++)
    if (i >= position && is_significant (g_utf8_get_char (p)))
      count++;

  return count;
}

/* The character position just before the last @n significant characters. */
static int
position_before_last_significant (const char *text,
                                  guint       n)
{
  guint total = count_significant_after (text, 0);

  if (n >= total)
    return n == 0 ? (int) g_utf8_strlen (text, -1) : 0;

  return position_after_significant (text, total - n);
}

static void
rewrite_number_full (SignetNumberPage *self,
                     const char       *raw,
                     guint             significant_after_cursor,
                     gboolean          sync_country)
{
  GtkEditable *editable = GTK_EDITABLE (self->number_row);
  g_autofree char *formatted = NULL;
  const char *text;

  ensure_countries (self);

  /* Selecting the country re-enters select_country(); it must not
   * rewrite the text in the middle of this edit. */
  self->formatting = TRUE;
  if (sync_country)
    sync_country_from_number (self, raw);
  formatted = signet_phone_formatter_format (self->formatter, raw);
  text = formatted != NULL ? formatted : raw;
  if (!g_str_equal (text, gtk_editable_get_text (editable)))
    gtk_editable_set_text (editable, text);
  gtk_editable_set_position (editable, position_before_last_significant (text, significant_after_cursor));
  self->formatting = FALSE;

  schedule_validation (self);
}

static void
rewrite_number (SignetNumberPage *self,
                const char       *raw,
                guint             significant_after_cursor)
{
  rewrite_number_full (self, raw, significant_after_cursor, TRUE);
}

static void
on_number_insert_text (GtkEditable      *text,
                       const char       *new_text,
                       int               length,
                       int              *position,
                       SignetNumberPage *self)
{
  const char *old = gtk_editable_get_text (text);
  const char *at = g_utf8_offset_to_pointer (old, *position);
  g_autoptr(GString) raw = g_string_new_len (old, at - old);
  guint after = count_significant_after (old, *position);

  if (self->formatting)
    return;

  g_string_append_len (raw, new_text, length < 0 ? (gssize) strlen (new_text) : length);
  g_string_append (raw, at);

  g_signal_stop_emission_by_name (text, "insert-text");
  rewrite_number (self, raw->str, after);
  *position = gtk_editable_get_position (GTK_EDITABLE (self->number_row));
}

static void
on_number_delete_text (GtkEditable      *text,
                       int               start,
                       int               end,
                       SignetNumberPage *self)
{
  const char *old = gtk_editable_get_text (text);
  int length = g_utf8_strlen (old, -1);
  g_autoptr(GString) raw = NULL;
  guint after;

  if (self->formatting)
    return;

  if (end < 0 || end > length)
    end = length;

  /* Backspace or Delete over a space or dash would only see it come back:
   * take the digit beyond it instead. */
  if (end == start + 1 &&
      !is_significant (g_utf8_get_char (g_utf8_offset_to_pointer (old, start))))
    {
      int cursor = gtk_editable_get_position (text);

      if (cursor == end)
        while (start > 0 && !is_significant (g_utf8_get_char (g_utf8_offset_to_pointer (old, start))))
          start--;
      else
        while (end < length && !is_significant (g_utf8_get_char (g_utf8_offset_to_pointer (old, end - 1))))
          end++;
    }

  raw = g_string_new_len (old, g_utf8_offset_to_pointer (old, start) - old);
  g_string_append (raw, g_utf8_offset_to_pointer (old, end));
  after = count_significant_after (old, end);

  g_signal_stop_emission_by_name (text, "delete-text");
  rewrite_number (self, raw->str, after);
}

static void
set_region_internal (SignetNumberPage *self,
                     const char       *region)
{
  GtkWidget *delegate;
  g_autofree char *example = NULL;

  if (g_strcmp0 (self->region, region) == 0 && self->formatter != NULL)
    return;

  g_free (self->region);
  self->region = g_strdup (region);

  g_clear_pointer (&self->formatter, signet_phone_formatter_free);
  self->formatter = signet_phone_formatter_new (region);

  /* The example shows in the empty field once it has the focus. */
  example = region ? signet_phone_region_get_example (region) : NULL;
  delegate = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->number_row)));
  if (GTK_IS_TEXT (delegate))
    gtk_text_set_placeholder_text (GTK_TEXT (delegate), example);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

/*
 * Callbacks
 */

/* @region not in the list is no country at all, "Choose a Country". */
static void
select_country (SignetNumberPage *self,
                const char       *region)
{
  guint position = signet_country_item_list_find (self->countries, region);
  g_autoptr(SignetCountryItem) item = g_list_model_get_item (self->countries,
                                                             position != G_MAXUINT ? position : 0);

  region = signet_country_item_get_region (item);
  if (self->formatter != NULL && g_strcmp0 (region, self->region) == 0)
    return;

  signet_country_chooser_show_on_row (self->country_row, item);
  set_region_internal (self, region);

  /* The person's choice stands even if the number's prefix says
   * otherwise: reformat without going back to the prefix's country. */
  if (!self->formatting)
    {
      GtkEditable *editable = GTK_EDITABLE (self->number_row);
      g_autofree char *text = g_strdup (gtk_editable_get_text (editable));

      rewrite_number_full (self, text, count_significant_after (text, gtk_editable_get_position (editable)), FALSE);
    }
  else
    validate (self);
}

/* A leading "+CC" or "00CC" picks the country, unless the one chosen
 * already has that code (+1 is shared by the US, Canada and others). */
static void
sync_country_from_number (SignetNumberPage *self,
                          const char       *text)
{
  g_autofree char *guess = signet_phone_guess_region (text);

  if (guess == NULL)
    return;

  if (self->region != NULL &&
      signet_phone_region_get_country_code (self->region) == signet_phone_region_get_country_code (guess))
    return;

  if (signet_country_item_list_find (self->countries, guess) != G_MAXUINT)
    select_country (self, guess);
}

/* A text set by the program rather than typed: format it all. */
static void
on_number_changed (SignetNumberPage *self)
{
  GtkEditable *editable = GTK_EDITABLE (self->number_row);
  g_autofree char *text = NULL;

  if (self->formatting)
    return;

  text = g_strdup (gtk_editable_get_text (editable));
  rewrite_number (self, text, count_significant_after (text, gtk_editable_get_position (editable)));
}

/* Enter on a field while something is missing: say what, and go there. */
static void
on_field_activate (SignetNumberPage *self)
{
  g_clear_handle_id (&self->validation_id, g_source_remove);
  self->show_problems = TRUE;
  validate (self);

  if (self->can_next)
    return;

  if (self->number == NULL || gtk_widget_get_visible (GTK_WIDGET (self->use_anyway_check)))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->number_row)))
        gtk_widget_grab_focus (GTK_WIDGET (self->number_row));
    }
  else if (self->display_name == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
on_name_changed (SignetNumberPage *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  g_free (self->display_name);
  self->display_name = *name != '\0' ? g_steal_pointer (&name) : NULL;
  schedule_validation (self);
}

static void
on_use_anyway_toggled (SignetNumberPage *self)
{
  validate (self);
}

static void
on_country_chosen (SignetNumberPage *self,
                   const char       *region)
{
  select_country (self, region);
}

/* Enter or Space on the row. */
static void
on_country_row_activated (SignetNumberPage *self)
{
  ensure_countries (self);
  signet_country_chooser_open_for_row (self->country_row, self->countries, self->region,
                                       G_CALLBACK (on_country_chosen), self);
}

/* The country list and libphonenumber take a while to load: not before
 * the page is needed, so that the window's first frame does not wait. */
static void
ensure_countries (SignetNumberPage *self)
{
  g_autofree char *locale_region = NULL;

  if (self->countries != NULL)
    return;

  self->countries = signet_country_item_list_new ();
  locale_region = signet_phone_get_locale_region ();
  select_country (self, locale_region);
}

static void
signet_number_page_map (GtkWidget *widget)
{
  ensure_countries (SIGNET_NUMBER_PAGE (widget));

  GTK_WIDGET_CLASS (signet_number_page_parent_class)->map (widget);
}

/*
 * GObject
 */

static void
signet_number_page_dispose (GObject *object)
{
  SignetNumberPage *self = (SignetNumberPage *) object;

  g_clear_handle_id (&self->validation_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_NUMBER_PAGE);
  g_clear_object (&self->countries);

  G_OBJECT_CLASS (signet_number_page_parent_class)->dispose (object);
}

static void
signet_number_page_finalize (GObject *object)
{
  SignetNumberPage *self = (SignetNumberPage *) object;

  g_clear_pointer (&self->formatter, signet_phone_formatter_free);
  g_clear_pointer (&self->number, signet_phone_number_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->region, g_free);

  G_OBJECT_CLASS (signet_number_page_parent_class)->finalize (object);
}

static void
signet_number_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SignetNumberPage *self = SIGNET_NUMBER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_NEXT:
      g_value_set_boolean (value, self->can_next);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_number_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SignetNumberPage *self = SIGNET_NUMBER_PAGE (object);

  switch (prop_id)
    {
    case PROP_REGION:
      signet_number_page_set_region (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_number_page_class_init (SignetNumberPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_number_page_dispose;
  object_class->finalize = signet_number_page_finalize;
  object_class->get_property = signet_number_page_get_property;
  object_class->set_property = signet_number_page_set_property;
  widget_class->map = signet_number_page_map;

  properties[PROP_CAN_NEXT] =
    g_param_spec_boolean ("can-next", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-number-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, country_row);
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, number_row);
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, number_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, name_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, use_anyway_check);
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, next_button);
  gtk_widget_class_bind_template_callback (widget_class, on_country_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_number_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_use_anyway_toggled);
}

static void
signet_number_page_init (SignetNumberPage *self)
{
  GtkEditable *number_text;
  const char *real_name;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The row says "Country: Italy (+39)" itself (signet_country_chooser_show_on_row()); its title
   * and subtitle labels would only repeat it. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->country_row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->country_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);

  number_text = gtk_editable_get_delegate (GTK_EDITABLE (self->number_row));
  g_signal_connect (number_text, "insert-text", G_CALLBACK (on_number_insert_text), self);
  g_signal_connect (number_text, "delete-text", G_CALLBACK (on_number_delete_text), self);
  g_signal_connect_swapped (number_text, "activate", G_CALLBACK (on_field_activate), self);
  g_signal_connect_swapped (gtk_editable_get_delegate (GTK_EDITABLE (self->name_row)), "activate",
                            G_CALLBACK (on_field_activate), self);

  /* A name to start from; the person can change it. */
  real_name = g_get_real_name ();
  if (real_name != NULL && *real_name != '\0' && !g_str_equal (real_name, "Unknown") &&
      !g_str_equal (real_name, g_get_user_name ()))
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), real_name);

  validate (self);
}

/*
 * Public API
 */

GtkWidget *
signet_number_page_new (void)
{
  return g_object_new (SIGNET_TYPE_NUMBER_PAGE, NULL);
}

GtkWidget *
signet_number_page_get_next_button (SignetNumberPage *self)
{
  g_return_val_if_fail (SIGNET_IS_NUMBER_PAGE (self), NULL);

  return self->next_button;
}

gboolean
signet_number_page_get_can_next (SignetNumberPage *self)
{
  g_return_val_if_fail (SIGNET_IS_NUMBER_PAGE (self), FALSE);

  return self->can_next;
}

const char *
signet_number_page_get_display_name (SignetNumberPage *self)
{
  g_return_val_if_fail (SIGNET_IS_NUMBER_PAGE (self), NULL);

  return self->display_name;
}

const SignetPhoneNumber *
signet_number_page_get_number (SignetNumberPage *self)
{
  g_return_val_if_fail (SIGNET_IS_NUMBER_PAGE (self), NULL);

  return self->can_next ? self->number : NULL;
}

const char *
signet_number_page_get_region (SignetNumberPage *self)
{
  g_return_val_if_fail (SIGNET_IS_NUMBER_PAGE (self), NULL);

  ensure_countries (self);

  return self->region;
}

void
signet_number_page_set_region (SignetNumberPage *self,
                               const char       *region)
{
  g_return_if_fail (SIGNET_IS_NUMBER_PAGE (self));

  ensure_countries (self);
  select_country (self, region);
}

void
signet_number_page_focus_number (SignetNumberPage *self)
{
  g_return_if_fail (SIGNET_IS_NUMBER_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->number_row));
  gtk_editable_select_region (GTK_EDITABLE (self->number_row), 0, -1);
}
