/* signet-cadmium-page.c: the details of a new Cadmium account: a username,
 * an email address or a phone number, and a password.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-accessible.h"
#include "signet-cadmium-page.h"
#include "signet-country-chooser.h"
#include "signet-country-item.h"
#include "signet-wizard-page.h"

/* One field and the error under it. */
typedef struct
{
  GtkWidget *row;
  GtkWidget *error_row;
  GtkLabel  *error_label;
  /* What the server said about the field, until it is edited. */
  char      *server_error;
  /* Errors show once the person has left the field (the username's at once). */
  gboolean left;
} Field;

enum {
  FIELD_USERNAME,
  FIELD_EMAIL,
  FIELD_PHONE,
  FIELD_PASSWORD,
  N_FIELDS
};

struct _SignetCadmiumPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel        *description_label;
  GtkLabel        *error_label;
  AdwActionRow    *country_row;
  /* The password's Field is its confirmation, where a mismatch shows. */
  GtkWidget       *password_row;
  GtkSwitch       *sign_in_switch;
  GtkLabel        *hint_label;
  GtkWidget       *next_button;

  Field fields[N_FIELDS];

  /* Owned */
  GListModel      *countries;
  char            *region;
  char            *username;
  char            *email;
  char            *msisdn;
  char            *password;

  gboolean can_next;
};

static GtkWidget *
signet_cadmium_page_wizard_get_next_button (SignetWizardPage *page)
{
  return signet_cadmium_page_get_next_button (SIGNET_CADMIUM_PAGE (page));
}

static gboolean
signet_cadmium_page_wizard_get_can_next (SignetWizardPage *page)
{
  return signet_cadmium_page_get_can_next (SIGNET_CADMIUM_PAGE (page));
}

static void
signet_cadmium_page_wizard_page_init (SignetWizardPageInterface *iface)
{
  iface->get_next_button = signet_cadmium_page_wizard_get_next_button;
  iface->get_can_next = signet_cadmium_page_wizard_get_can_next;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetCadmiumPage, signet_cadmium_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SIGNET_TYPE_WIZARD_PAGE, signet_cadmium_page_wizard_page_init))

enum {
  PROP_0,
  PROP_CAN_NEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * Fields and their errors
 */

static void
wipe_password (SignetCadmiumPage *self)
{
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static char *
dup_field_text (Field *field)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
set_field_error (Field      *field,
                 const char *message)
{
  signet_accessible_set_field_error (field->row, field->error_row, field->error_label, NULL, message);
}

/* The server's word about a field stands until it is edited; the page's own
 * check shows once the person has left the field. */
static gboolean
show_check (Field        *field,
            const GError *error)
{
  if (field->server_error != NULL)
    set_field_error (field, field->server_error);
  else
    set_field_error (field, error != NULL && field->left ? error->message : NULL);

  return error == NULL && field->server_error == NULL;
}

static gboolean
check_username (SignetCadmiumPage *self)
{
  g_autoptr(GError) error = NULL;

  g_free (self->username);
  self->username = dup_field_text (&self->fields[FIELD_USERNAME]);
  if (self->username != NULL)
    signet_cadmium_check_username (self->username, &error);
  /* A username that cannot work is said at once, while it is typed. */
  self->fields[FIELD_USERNAME].left = TRUE;
  return show_check (&self->fields[FIELD_USERNAME], error);
}

static gboolean
check_email (SignetCadmiumPage *self)
{
  g_autoptr(GError) error = NULL;

  g_free (self->email);
  self->email = dup_field_text (&self->fields[FIELD_EMAIL]);
  if (self->email != NULL)
    signet_cadmium_check_email (self->email, &error);
  return show_check (&self->fields[FIELD_EMAIL], error);
}

static gboolean
check_phone (SignetCadmiumPage *self)
{
  g_autofree char *text = dup_field_text (&self->fields[FIELD_PHONE]);
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->msisdn, g_free);
  if (text != NULL && (number = signet_phone_number_parse (text, self->region, &error)) != NULL)
    self->msisdn = g_strdup (signet_phone_number_get_e164 (number));
  return show_check (&self->fields[FIELD_PHONE], error);
}

static gboolean
check_password (SignetCadmiumPage *self)
{
  Field *field = &self->fields[FIELD_PASSWORD];
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (field->row));
  gboolean same = g_str_equal (password, confirm);
  g_autoptr(GError) error = NULL;

  wipe_password (self);
  if (*password != '\0' && same)
    self->password = g_strdup (password);
  /* A confirmation still being typed is not wrong yet. */
  if (*confirm != '\0' && !same && (field->left || !g_str_has_prefix (password, confirm)))
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                 _("The two passwords differ. Type the same password in both fields."));
  field->left = field->left || error != NULL;
  return show_check (field, error) && self->password != NULL;
}

static void
show_hint (SignetCadmiumPage *self,
           gboolean           has_id)
{
  const char *hint = NULL;

  if (!has_id)
    hint = _("Type a username, an email address or a phone number to go on.");
  else if (self->password == NULL)
    hint = _("Choose a password and type it in both password fields to go on.");
  gtk_label_set_label (self->hint_label, hint ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
}

static void
validate (SignetCadmiumPage *self)
{
  gboolean ok = check_username (self);
  gboolean has_id;
  gboolean can_next;

  ok = check_email (self) && ok;
  ok = check_phone (self) && ok;
  ok = check_password (self) && ok;
  has_id = self->username != NULL || self->email != NULL || self->msisdn != NULL;
  show_hint (self, has_id);

  can_next = ok && has_id;
  if (can_next != self->can_next)
    {
      self->can_next = can_next;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_NEXT]);
    }
}

/*
 * The country
 */

static void
select_country (SignetCadmiumPage *self,
                const char        *region)
{
  guint position = signet_country_item_list_find (self->countries, region);
  g_autoptr(SignetCountryItem) item = g_list_model_get_item (self->countries, position != G_MAXUINT ? position : 0);

  signet_country_chooser_show_on_row (self->country_row, item);
  g_free (self->region);
  self->region = g_strdup (signet_country_item_get_region (item));
  validate (self);
}

static void
on_country_chosen (SignetCadmiumPage *self,
                   const char        *region)
{
  select_country (self, region);
}

static void
on_country_row_activated (SignetCadmiumPage *self)
{
  signet_country_chooser_open_for_row (self->country_row, self->countries, self->region,
                                       G_CALLBACK (on_country_chosen), self);
}

/*
 * Callbacks
 */

static Field *
field_of_row (SignetCadmiumPage *self,
              GtkWidget         *row)
{
  if (row == self->password_row)
    return &self->fields[FIELD_PASSWORD];
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->fields[i].row == row)
      return &self->fields[i];
  return NULL;
}

static void
on_field_changed (SignetCadmiumPage *self,
                  GtkEditable       *row)
{
  Field *field = field_of_row (self, GTK_WIDGET (row));

  if (field != NULL)
    g_clear_pointer (&field->server_error, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  validate (self);
}

/* GTK 4.8 does not tell assistive technologies whether a switch is on. */
static void
on_sign_in_changed (SignetCadmiumPage *self)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->sign_in_switch), GTK_ACCESSIBLE_STATE_CHECKED,
                               gtk_switch_get_active (self->sign_in_switch), -1);
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                SignetCadmiumPage       *self)
{
  Field *field = field_of_row (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));

  if (field == NULL || field->left)
    return;

  field->left = TRUE;
  validate (self);
}

static void
watch_focus (SignetCadmiumPage *self,
             GtkWidget         *row)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", G_CALLBACK (on_focus_leave), self, 0);
  gtk_widget_add_controller (row, focus);
}

/*
 * GObject
 */

static void
signet_cadmium_page_dispose (GObject *object)
{
  SignetCadmiumPage *self = SIGNET_CADMIUM_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_CADMIUM_PAGE);
  g_clear_object (&self->countries);

  G_OBJECT_CLASS (signet_cadmium_page_parent_class)->dispose (object);
}

static void
signet_cadmium_page_finalize (GObject *object)
{
  SignetCadmiumPage *self = SIGNET_CADMIUM_PAGE (object);

  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&self->fields[i].server_error, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->msisdn, g_free);
  wipe_password (self);

  G_OBJECT_CLASS (signet_cadmium_page_parent_class)->finalize (object);
}

static void
signet_cadmium_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SignetCadmiumPage *self = SIGNET_CADMIUM_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_NEXT:
      g_value_set_boolean (value, self->can_next);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define BIND_FIELD(id, name, index) \
  gtk_widget_class_bind_template_child_full (widget_class, #id, FALSE, \
                                             G_STRUCT_OFFSET (SignetCadmiumPage, fields[index].row)); \
  gtk_widget_class_bind_template_child_full (widget_class, #name "_error_row", FALSE, \
                                             G_STRUCT_OFFSET (SignetCadmiumPage, fields[index].error_row)); \
  gtk_widget_class_bind_template_child_full (widget_class, #name "_error_label", FALSE, \
                                             G_STRUCT_OFFSET (SignetCadmiumPage, fields[index].error_label))

static void
signet_cadmium_page_class_init (SignetCadmiumPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_cadmium_page_dispose;
  object_class->finalize = signet_cadmium_page_finalize;
  object_class->get_property = signet_cadmium_page_get_property;

  properties[PROP_CAN_NEXT] =
    g_param_spec_boolean ("can-next", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-cadmium-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetCadmiumPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, SignetCadmiumPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SignetCadmiumPage, country_row);
  gtk_widget_class_bind_template_child (widget_class, SignetCadmiumPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SignetCadmiumPage, sign_in_switch);
  gtk_widget_class_bind_template_child (widget_class, SignetCadmiumPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SignetCadmiumPage, next_button);
  BIND_FIELD (username_row, username, FIELD_USERNAME);
  BIND_FIELD (email_row, email, FIELD_EMAIL);
  BIND_FIELD (phone_row, phone, FIELD_PHONE);
  BIND_FIELD (confirm_row, password, FIELD_PASSWORD);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_country_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_changed);
}

static void
signet_cadmium_page_init (SignetCadmiumPage *self)
{
  g_autofree char *locale_region = signet_phone_get_locale_region ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The row says "Country: Italy (+39)" itself (signet_country_chooser_show_on_row()). */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->country_row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->country_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  /* The switch has its own name; the row's title after it would repeat it. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->sign_in_switch), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  signet_accessible_name_buttons (self->password_row, _("Show or hide the password"));
  signet_accessible_name_buttons (self->fields[FIELD_PASSWORD].row, _("Show or hide the password"));
  watch_focus (self, self->fields[FIELD_EMAIL].row);
  watch_focus (self, self->fields[FIELD_PHONE].row);
  watch_focus (self, self->fields[FIELD_PASSWORD].row);
  on_sign_in_changed (self);

  self->countries = signet_country_item_list_new ();
  select_country (self, locale_region);
}

/*
 * Public API
 */

GtkWidget *
signet_cadmium_page_new (void)
{
  return g_object_new (SIGNET_TYPE_CADMIUM_PAGE, NULL);
}

GtkWidget *
signet_cadmium_page_get_next_button (SignetCadmiumPage *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_PAGE (self), NULL);

  return self->next_button;
}

gboolean
signet_cadmium_page_get_can_next (SignetCadmiumPage *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_PAGE (self), FALSE);

  return self->can_next;
}

void
signet_cadmium_page_set_server (SignetCadmiumPage *self,
                                const char        *server)
{
  g_autofree char *description = NULL;

  g_return_if_fail (SIGNET_IS_CADMIUM_PAGE (self));

  /* Translators: %s is a server's name, such as "cadmium.org". */
  description = g_strdup_printf (_("Create an account on %s. Signet keeps its password in your keyring."),
                                 server ? server : "");
  gtk_label_set_label (self->description_label, description);
}

const char *
signet_cadmium_page_get_username (SignetCadmiumPage *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_PAGE (self), NULL);

  return self->username;
}

const char *
signet_cadmium_page_get_email (SignetCadmiumPage *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_PAGE (self), NULL);

  return self->email;
}

const char *
signet_cadmium_page_get_msisdn (SignetCadmiumPage *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_PAGE (self), NULL);

  return self->msisdn;
}

const char *
signet_cadmium_page_get_password (SignetCadmiumPage *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_PAGE (self), NULL);

  return self->password;
}

gboolean
signet_cadmium_page_get_sign_in (SignetCadmiumPage *self)
{
  g_return_val_if_fail (SIGNET_IS_CADMIUM_PAGE (self), FALSE);

  return gtk_switch_get_active (self->sign_in_switch);
}

static int
field_of_error (const GError *error)
{
  if (error->domain != SIGNET_CADMIUM_ERROR)
    return -1;

  switch (error->code)
    {
    case SIGNET_CADMIUM_ERROR_USERNAME_TAKEN:
    case SIGNET_CADMIUM_ERROR_INVALID_USERNAME:
      return FIELD_USERNAME;
    case SIGNET_CADMIUM_ERROR_EMAIL_TAKEN:
    case SIGNET_CADMIUM_ERROR_INVALID_EMAIL:
      return FIELD_EMAIL;
    case SIGNET_CADMIUM_ERROR_PHONE_TAKEN:
      return FIELD_PHONE;
    case SIGNET_CADMIUM_ERROR_MISSING_PASSWORD:
      return FIELD_PASSWORD;
    default:
      return -1;
    }
}

/* id_exists without saying which: over the fields, on the first one given. */
static void
show_vague_conflict (SignetCadmiumPage *self,
                     const GError      *error)
{
  guint first = self->username != NULL ? FIELD_USERNAME : self->email != NULL ? FIELD_EMAIL : FIELD_PHONE;

  gtk_label_set_label (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_grab_focus (self->fields[first].row);
}

gboolean
signet_cadmium_page_show_error (SignetCadmiumPage *self,
                                const GError      *error)
{
  int index;

  g_return_val_if_fail (SIGNET_IS_CADMIUM_PAGE (self), FALSE);
  g_return_val_if_fail (error != NULL, FALSE);

  if (g_error_matches (error, SIGNET_CADMIUM_ERROR, SIGNET_CADMIUM_ERROR_ID_EXISTS))
    {
      show_vague_conflict (self, error);
      return TRUE;
    }

  index = field_of_error (error);
  if (index < 0)
    return FALSE;

  g_free (self->fields[index].server_error);
  self->fields[index].server_error = g_strdup (error->message);
  validate (self);
  gtk_widget_grab_focus (self->fields[index].row);
  gtk_editable_select_region (GTK_EDITABLE (self->fields[index].row), 0, -1);
  return TRUE;
}

void
signet_cadmium_page_clear_errors (SignetCadmiumPage *self)
{
  g_return_if_fail (SIGNET_IS_CADMIUM_PAGE (self));

  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&self->fields[i].server_error, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  validate (self);
}

void
signet_cadmium_page_focus (SignetCadmiumPage *self)
{
  g_return_if_fail (SIGNET_IS_CADMIUM_PAGE (self));

  gtk_widget_grab_focus (self->fields[FIELD_USERNAME].row);
}
