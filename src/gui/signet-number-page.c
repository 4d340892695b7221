/* signet-number-page.c: step 2, the person's name and phone number.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-country-item.h"
#include "signet-number-page.h"

struct _SignetNumberPage
{
  AdwBin                parent_instance;

  /* Template widgets */
  AdwEntryRow          *name_row;
  GtkDropDown          *country_dropdown;
  AdwEntryRow          *number_row;
  GtkLabel             *number_hint_label;
  GtkCheckButton       *use_anyway_check;
  GtkWidget            *next_button;

  /* Owned */
  GListModel           *countries;
  SignetPhoneFormatter *formatter;
  SignetPhoneNumber    *number;
  char                 *display_name;
  char                 *region;
  /* The number's text after the last edit, to recognise a deleted separator. */
  char                 *last_number_text;

  gboolean              can_next;
  /* Set while the page rewrites the number's text itself. */
  gboolean              formatting;
};

G_DEFINE_FINAL_TYPE (SignetNumberPage, signet_number_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CAN_NEXT,
  PROP_REGION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ensure_countries (SignetNumberPage *self);

/*
 * Text helpers
 */

static gboolean
is_significant (gunichar c)
{
  return g_unichar_isdigit (c) || c == '+';
}

/* The digits and '+' of @text, in order. */
static char *
dup_significant (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (is_significant (g_utf8_get_char (p)))
      g_string_append_unichar (digits, g_utf8_get_char (p));

  return g_string_free (digits, FALSE);
}

/* How many significant characters come before character @position. */
static guint
count_significant_before (const char *text,
                          int         position)
{
  guint count = 0;
  int i = 0;

  for (const char *p = text; *p != '\0' && i < position; p = g_utf8_next_char (p), i++)
    if (is_significant (g_utf8_get_char (p)))
      count++;

  return count;
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

/* Removes the last significant character before character @position. */
static char *
remove_significant_before (const char *text,
                           int         position)
{
  const char *victim = NULL;
  GString *result;
  int i = 0;

  for (const char *p = text; *p != '\0' && i < position; p = g_utf8_next_char (p), i++)
    if (is_significant (g_utf8_get_char (p)))
      victim = p;

  if (victim == NULL)
    return g_strdup (text);

  result = g_string_new_len (text, victim - text);
  g_string_append (result, g_utf8_next_char (victim));
  return g_string_free (result, FALSE);
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

  gtk_label_set_label (self->number_hint_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->number_hint_label), text != NULL && *text != '\0');
}

static void
show_example_hint (SignetNumberPage *self)
{
  g_autofree char *example = self->region ? signet_phone_region_get_example (self->region) : NULL;
  g_autofree char *hint = NULL;

  if (example != NULL)
    /* Translators: %s is an example phone number, such as "312 345 6789". */
    hint = g_strdup_printf (_("For example, %s"), example);
  else
    hint = g_strdup (_("Choose your country, or type the number with “+” and the country code."));

  set_hint (self, "dim-label", hint);
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
      /* Too short is what every number is while it is being typed. */
      if (g_error_matches (error, SIGNET_PHONE_ERROR, SIGNET_PHONE_ERROR_TOO_SHORT))
        set_hint (self, "dim-label", error->message);
      else
        set_hint (self, "error", error->message);
    }
  else if (signet_phone_number_get_validity (self->number) == SIGNET_PHONE_VALIDITY_POSSIBLE)
    {
      const char *number_region = signet_phone_number_get_region (self->number);
      g_autofree char *country = signet_country_get_name (number_region ? number_region
                                                          : self->region ? self->region : "ZZ");
      g_autofree char *warning = NULL;

      /* Translators: %s is a country name. */
      warning = g_strdup_printf (_("This number is not in the known numbering plan of %s. "
                                   "New ranges and machine-to-machine numbers look like this: "
                                   "check it before you go on."), country);
      set_hint (self, "warning", warning);
      use_anyway_visible = TRUE;
      number_ok = gtk_check_button_get_active (self->use_anyway_check);
    }
  else
    {
      g_autofree char *hint = NULL;

      /* Translators: %s is a phone number in international format. */
      hint = g_strdup_printf (_("Signet will verify %s."), signet_phone_number_get_international (self->number));
      set_hint (self, "dim-label", hint);
      number_ok = TRUE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->use_anyway_check), use_anyway_visible);

  can_next = number_ok && self->display_name != NULL;
  if (can_next != self->can_next)
    {
      self->can_next = can_next;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_NEXT]);
    }
}

/*
 * Formatting as the person types
 */

static void
reformat_number (SignetNumberPage *self)
{
  GtkEditable *editable = GTK_EDITABLE (self->number_row);
  g_autofree char *text = g_strdup (gtk_editable_get_text (editable));
  g_autofree char *formatted = NULL;
  int position = gtk_editable_get_position (editable);
  guint before;

  /* Backspace over a space or dash would only see it come back: delete
   * the digit in front of it instead. */
  if (self->last_number_text != NULL &&
      g_utf8_strlen (text, -1) + 1 == g_utf8_strlen (self->last_number_text, -1))
    {
      g_autofree char *old_digits = dup_significant (self->last_number_text);
      g_autofree char *new_digits = dup_significant (text);

      if (g_str_equal (old_digits, new_digits))
        {
          char *shorter = remove_significant_before (text, position);

          g_free (text);
          text = shorter;
        }
    }

  before = count_significant_before (gtk_editable_get_text (editable), position);
  if (!g_str_equal (text, gtk_editable_get_text (editable)))
    before = before > 0 ? before - 1 : 0;

  formatted = signet_phone_formatter_format (self->formatter, text);
  if (formatted != NULL && !g_str_equal (formatted, gtk_editable_get_text (editable)))
    {
      self->formatting = TRUE;
      gtk_editable_set_text (editable, formatted);
      gtk_editable_set_position (editable, position_after_significant (formatted, before));
      self->formatting = FALSE;
    }

  g_free (self->last_number_text);
  self->last_number_text = g_strdup (gtk_editable_get_text (editable));
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

static void
on_country_selected (SignetNumberPage *self)
{
  SignetCountryItem *item = gtk_drop_down_get_selected_item (self->country_dropdown);

  /* The first item, "Choose a Country", has no region. */
  set_region_internal (self, item ? signet_country_item_get_region (item) : NULL);

  if (!self->formatting)
    reformat_number (self);
  validate (self);
}

/* A leading "+CC" or "00CC" picks the country, unless the one chosen
 * already has that code (+1 is shared by the US, Canada and others). */
static void
sync_country_from_number (SignetNumberPage *self,
                          const char       *text)
{
  g_autofree char *guess = signet_phone_guess_region (text);
  guint position;

  if (guess == NULL)
    return;

  if (self->region != NULL &&
      signet_phone_region_get_country_code (self->region) == signet_phone_region_get_country_code (guess))
    return;

  position = signet_country_item_list_find (self->countries, guess);
  if (position != G_MAXUINT)
    gtk_drop_down_set_selected (self->country_dropdown, position);
}

static void
on_number_changed (SignetNumberPage *self)
{
  if (self->formatting)
    return;

  ensure_countries (self);

  /* Selecting the country re-enters on_country_selected(); it must not
   * rewrite the text in the middle of this edit. */
  self->formatting = TRUE;
  sync_country_from_number (self, gtk_editable_get_text (GTK_EDITABLE (self->number_row)));
  self->formatting = FALSE;

  reformat_number (self);
  validate (self);
}

static void
on_name_changed (SignetNumberPage *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  g_free (self->display_name);
  self->display_name = *name != '\0' ? g_steal_pointer (&name) : NULL;
  validate (self);
}

static void
on_use_anyway_toggled (SignetNumberPage *self)
{
  validate (self);
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  gboolean in_popup = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (in_popup)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
    }
  gtk_list_item_set_child (list_item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  SignetCountryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_label (GTK_LABEL (label), item ? signet_country_item_get_label (item) : "");
}

static GtkListItemFactory *
new_label_factory (gboolean in_popup)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (in_popup));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), NULL);

  return factory;
}

/* The country list and libphonenumber take a while to load: not before
 * the page is needed, so that the window's first frame does not wait. */
static void
ensure_countries (SignetNumberPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;
  g_autoptr(GtkExpression) expression = NULL;
  g_autofree char *locale_region = NULL;

  if (self->countries != NULL)
    return;

  self->countries = signet_country_item_list_new ();
  factory = new_label_factory (FALSE);
  list_factory = new_label_factory (TRUE);
  gtk_drop_down_set_factory (self->country_dropdown, factory);
  gtk_drop_down_set_list_factory (self->country_dropdown, list_factory);
  /* The popup's search matches the start of "Italia (+39)". */
  expression = gtk_property_expression_new (SIGNET_TYPE_COUNTRY_ITEM, NULL, "label");
  gtk_drop_down_set_expression (self->country_dropdown, expression);
  gtk_drop_down_set_model (self->country_dropdown, self->countries);

  locale_region = signet_phone_get_locale_region ();
  gtk_drop_down_set_selected (self->country_dropdown,
                              signet_country_item_list_find (self->countries, locale_region));
  g_signal_connect_object (self->country_dropdown, "notify::selected",
                           G_CALLBACK (on_country_selected), self, G_CONNECT_SWAPPED);
  on_country_selected (self);
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
  g_clear_pointer (&self->last_number_text, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, country_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, number_row);
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, number_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, use_anyway_check);
  gtk_widget_class_bind_template_child (widget_class, SignetNumberPage, next_button);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_number_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_use_anyway_toggled);
}

static void
signet_number_page_init (SignetNumberPage *self)
{
  const char *real_name;

  gtk_widget_init_template (GTK_WIDGET (self));

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
  gtk_drop_down_set_selected (self->country_dropdown,
                              signet_country_item_list_find (self->countries, region));
}

void
signet_number_page_focus_number (SignetNumberPage *self)
{
  g_return_if_fail (SIGNET_IS_NUMBER_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->number_row));
  gtk_editable_select_region (GTK_EDITABLE (self->number_row), 0, -1);
}
