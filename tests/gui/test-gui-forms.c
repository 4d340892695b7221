/* test-gui-forms.c: the XEP-0077 widgets: the page made from a server's data
 * form, "sign up on the website", and the accounts page with its dialogs,
 * against real forms and, where Prosody is installed, a real server.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "signet-account-dialog.h"
#include "signet-accounts-page.h"
#include "signet-form-page.h"
#include "signet-link-text.h"
#include "signet-test-forms.h"
#include "signet-test-gui.h"
#include "signet-test-keyring.h"
#include "signet-test-secrets.h"
#include "signet-test-xmpp-server.h"
#include "signet-web-signup-page.h"

/* Prosody 0.12 mod_register_ibr with additional_registration_fields = {"email+", "name"}. */
static const char prosody_iq[] =
  "<iq xmlns='jabber:client' type='result' id='reg2'>"
  "<query xmlns='jabber:iq:register'>"
  "<instructions>Choose a username and password for use with this service.</instructions>"
  "<username/><password/><email/><name/>"
  "<x xmlns='jabber:x:data' type='form'>"
  "<title>Creating a new account</title>"
  "<instructions>Choose a username and password for use with this service.</instructions>"
  "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
  "<field var='username' type='text-single' label='Username'><required/></field>"
  "<field var='password' type='text-private' label='Password'><required/></field>"
  "<field var='email' type='text-single' label='Email'><required/></field>"
  "<field var='name' type='text-single' label='Name'/>"
  "</x></query></iq>";

/* Every XEP-0004 field type, with descriptions, fixed text with links and
 * a section heading. */
static const char all_types_form[] =
  "<x xmlns='jabber:x:data' type='form'>"
  "<title>Every Kind of Field</title>"
  "<instructions>Terms: https://example.org/terms apply. Old copy: http://example.org/terms.</instructions>"
  "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
  "<field var='secret-token' type='hidden'><value>s3cr3t</value></field>"
  "<field type='fixed'><value>Your account</value></field>"
  "<field var='username' type='text-single' label='User name'>"
  "<desc>Letters and digits</desc><required/><value>alice</value></field>"
  "<field var='password' type='text-private' label='Password'><required/></field>"
  "<field var='buddy' type='jid-single' label='A friend'><value>bob@example.org</value></field>"
  "<field var='colour' type='list-single' label='Colour'><desc>Pick one</desc><value>red</value>"
  "<option label='Red'><value>red</value></option><option label='Green'><value>green</value></option></field>"
  "<field var='newsletter' type='boolean' label='News by email'><desc>About once a month</desc>"
  "<value>0</value></field>"
  "<field type='fixed'><value>By signing up you accept https://example.org/rules and "
  "http://insecure.example.org/rules.</value></field>"
  "<field var='bio' type='text-multi' label='About you'><value>line 1</value><value>line 2</value></field>"
  "<field var='friends' type='jid-multi' label='More friends'>"
  "<value>a@example.org</value><value>b@example.org</value></field>"
  "<field var='langs' type='list-multi' label='Languages'><value>c</value><value>lua</value>"
  "<option label='C'><value>c</value></option><option><value>lua</value></option>"
  "<option label='Rust'><value>rust</value></option></field>"
  "</x>";

static SignetTestXmppServer *prosody;
static char *data_home;

/* tests/support/prosody/mod_signet_test_forms.lua answers with forms inside errors. */
static const SignetTestXmppHost prosody_hosts[] = {
  { "forms.localhost", "modules_enabled = { @MODULES@ \"signet_test_forms\"; }" },
  { NULL }
};

/*
 * Helpers
 */

static SignetDataForm *
read_form (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetXmlNode) iq = signet_xml_node_parse (text, -1, &error);
  SignetDataForm *form;
  gboolean legacy = TRUE;

  g_assert_no_error (error);
  form = signet_inband_read_form (iq, NULL, &legacy, &error);
  g_assert_no_error (error);
  g_assert_nonnull (form);
  g_assert_false (legacy);
  return form;
}

static SignetDataForm *
read_x (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetXmlNode) x = signet_xml_node_parse (text, -1, &error);
  SignetDataForm *form;

  g_assert_no_error (error);
  form = signet_data_form_parse (x, NULL, &error);
  g_assert_no_error (error);
  return form;
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A CAPTCHA like ejabberd's: 210 × 70, skewed characters over noise. */
static GBytes *
make_captcha_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 210, 70);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();
  static const char text[] = "x7Kq2";

  cairo_set_source_rgb (cr, 0.95, 0.93, 0.88);
  cairo_paint (cr);
  cairo_set_line_width (cr, 1.5);
  for (int i = 0; i < 14; i++)
    {
      cairo_set_source_rgb (cr, 0.3 + 0.04 * i, 0.5, 0.7 - 0.03 * i);
      cairo_move_to (cr, (i * 37) % 210, 0);
      cairo_line_to (cr, (i * 53 + 80) % 210, 70);
      cairo_stroke (cr);
    }
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 40);
  for (int i = 0; text[i] != '\0'; i++)
    {
      char glyph[2] = { text[i], '\0' };

      cairo_save (cr);
      cairo_translate (cr, 22 + i * 36, 50 + (i % 2 ? -6 : 4));
      cairo_rotate (cr, (i % 3 - 1) * 0.25);
      cairo_set_source_rgb (cr, 0.15, 0.1 + 0.1 * i, 0.3);
      cairo_show_text (cr, glyph);
      cairo_restore (cr);
    }
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

static char *
build_captcha_iq (GBytes *png)
{
  g_autofree char *image = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));

  return signet_test_forms_ejabberd_captcha_iq (image);
}

/* A window like the application's: a header bar over @child. */
static GtkWindow *
window_new (GtkWidget  *child,
            const char *title)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (child, TRUE);
  gtk_box_append (GTK_BOX (box), child);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 720);
  gtk_window_present (GTK_WINDOW (window));
  signet_test_gui_wait_for_frames (window);

  return GTK_WINDOW (window);
}

/* Destroys @window and checks that @widget (which the test holds one
 * reference to) goes with it. */
static void
close_window (GtkWindow *window,
              gpointer   widget)
{
  GtkWindow *toplevel;

  while ((toplevel = signet_test_gui_find_toplevel (GTK_TYPE_WINDOW)) != NULL && toplevel != window)
    gtk_window_destroy (toplevel);

  gtk_window_destroy (window);
  signet_test_gui_flush ();
  g_assert_finalize_object (widget);
}

static void
set_text (GtkWidget  *editable,
          const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (editable));
  /* What goes into a password row is the secrets audit's. */
  if (ADW_IS_PASSWORD_ENTRY_ROW (editable))
    signet_test_secrets_add_from (text, "a password row");
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static GtkWidget *
row (SignetFormPage *page,
     const char     *var)
{
  GtkWidget *widget = signet_form_page_get_field_row (page, var);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
has_focus_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
on_counted (guint *counter)
{
  (*counter)++;
}

static gboolean
has_accessible_label (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
scroll_to_end (gpointer data)
{
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (signet_test_gui_find_widget (data, GTK_TYPE_SCROLLED_WINDOW,
                                                                                  NULL));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
  signet_test_gui_wait_for_frames (GTK_WIDGET (data));
}

static guint
count_widgets (GtkWidget *root,
               GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (root, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child, type);

  return n;
}

/*
 * Links
 */

static void
test_link_text (void)
{
  g_autofree char *markup = signet_link_text_dup_markup ("See https://example.org/a?b=1&c=2. Not http://x.org, <b>.");

  g_assert_cmpstr (markup, ==,
                   "See <a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>. "
                   "Not http://x.org, &lt;b&gt;.");
  g_assert_true (signet_link_text_is_https ("https://example.org"));
  g_assert_false (signet_link_text_is_https ("http://example.org"));
  g_assert_false (signet_link_text_is_https ("https://"));
  g_assert_false (signet_link_text_is_https ("javascript:alert(1)"));
  g_assert_false (signet_link_text_is_https (NULL));
}

/*
 * The form page
 */

static void
test_new_destroy (void)
{
  GtkWidget *form_page = g_object_ref_sink (signet_form_page_new ());
  GtkWidget *web_page = g_object_ref_sink (signet_web_signup_page_new ());
  GtkWidget *accounts_page = g_object_ref_sink (signet_accounts_page_new ());

  g_autoptr(SignetConnection) settings = signet_connection_new ("example.org");
  SignetAccountDialog *dialog = signet_account_dialog_new_change_password (NULL, settings, "alice@example.org", NULL);

  g_assert_false (signet_form_page_get_valid (SIGNET_FORM_PAGE (form_page)));
  g_assert_finalize_object (form_page);
  g_assert_finalize_object (web_page);
  g_assert_finalize_object (accounts_page);

  /* Without a password from the keyring the dialog asks for the current one. */
  g_object_ref (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                                    SIGNET_TYPE_ACCOUNT_DIALOG,
                                                                                    "current_row"))));
  g_assert_true (has_accessible_label (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                                  SIGNET_TYPE_ACCOUNT_DIALOG,
                                                                                  "new_row"))));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                                      SIGNET_TYPE_ACCOUNT_DIALOG,
                                                                                      "apply_button"))));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static void
test_prosody_form (void)
{
  SignetFormPage *page = SIGNET_FORM_PAGE (g_object_ref_sink (signet_form_page_new ()));
  g_autoptr(SignetDataForm) form = read_form (prosody_iq);
  g_autoptr(SignetDataForm) again = NULL;
  g_autoptr(SignetDataForm) submit = NULL;
  GtkWindow *window = window_new (GTK_WIDGET (page), "Sign Up");
  GtkWidget *confirm;
  guint submits = 0;

  g_signal_connect_swapped (page, "submit", G_CALLBACK (on_counted), &submits);
  signet_form_page_set_form (page, form);
  g_assert_true (signet_form_page_get_form (page) == form);

  /* One row per field, of the right kind; the hidden FORM_TYPE has none. */
  g_assert_true (ADW_IS_ENTRY_ROW (row (page, "username")));
  g_assert_false (ADW_IS_PASSWORD_ENTRY_ROW (row (page, "username")));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (row (page, "password")));
  g_assert_true (ADW_IS_ENTRY_ROW (row (page, "email")));
  g_assert_true (ADW_IS_ENTRY_ROW (row (page, "name")));
  g_assert_null (signet_form_page_get_field_row (page, "FORM_TYPE"));
  confirm = signet_form_page_get_confirm_row (page, "password");
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (confirm));
  g_assert_null (signet_form_page_get_confirm_row (page, "username"));

  /* Required fields are marked, for the eye and for assistive technologies. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row (page, "username"))), ==, "Username *");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row (page, "name"))), ==, "Name");
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row (page, "username")),
                                                   GTK_ACCESSIBLE_PROPERTY_REQUIRED));
  g_assert_true (gtk_test_accessible_check_property (GTK_ACCESSIBLE (row (page, "username")),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, "Username") == NULL);
  g_assert_true (has_accessible_label (confirm));

  /* Required and matching passwords make it valid; the name is optional. */
  g_assert_false (signet_form_page_get_valid (page));
  set_text (row (page, "username"), "alice");
  set_text (row (page, "password"), "correct horse");
  set_text (confirm, "correct hose");
  g_assert_false (signet_form_page_get_valid (page));
  g_assert_cmpstr (signet_form_page_get_field_message (page, "password"), ==, "The passwords do not match");
  g_assert_true (gtk_widget_has_css_class (confirm, "error"));
  /* Right so far is no mistake yet. */
  set_text (confirm, "correct h");
  g_assert_null (signet_form_page_get_field_message (page, "password"));
  set_text (confirm, "correct horse");
  g_assert_null (signet_form_page_get_field_message (page, "password"));
  g_assert_false (signet_form_page_get_valid (page));
  set_text (row (page, "email"), "alice@example.org");
  g_assert_true (signet_form_page_get_valid (page));

  /* What is typed goes into the form as it is typed. */
  g_assert_cmpstr (signet_data_form_get_value (form, "username"), ==, "alice");
  g_assert_cmpstr (signet_data_form_get_value (form, "password"), ==, "correct horse");
  g_assert_null (signet_data_form_get_value (form, "name"));

  /* Enter moves on while something is missing, and submits from any
   * field once the form is complete. */
  set_text (row (page, "email"), "");
  gtk_widget_grab_focus (row (page, "username"));
  g_signal_emit_by_name (row (page, "username"), "entry-activated");
  g_assert_true (has_focus_in (row (page, "password")));
  g_signal_emit_by_name (row (page, "password"), "entry-activated");
  g_assert_true (has_focus_in (confirm));
  g_assert_cmpuint (submits, ==, 0);
  set_text (row (page, "email"), "alice@example.org");
  g_signal_emit_by_name (row (page, "username"), "entry-activated");
  g_assert_cmpuint (submits, ==, 1);

  /* The submit form: hidden fields as they came, typed values. */
  submit = signet_form_page_build_submit (page);
  g_assert_cmpint (signet_data_form_get_form_type_kind (submit), ==, SIGNET_DATA_FORM_TYPE_SUBMIT);
  g_assert_cmpstr (signet_data_form_get_value (submit, "FORM_TYPE"), ==, "jabber:iq:register");
  g_assert_cmpstr (signet_data_form_get_value (submit, "username"), ==, "alice");
  g_assert_cmpstr (signet_data_form_get_value (submit, "password"), ==, "correct horse");
  g_assert_cmpstr (signet_data_form_get_value (submit, "email"), ==, "alice@example.org");

  /* The server refuses with a modify error and the same form, empty: what
   * was typed stays, the confirmation too, and the error goes under the
   * field it is about. */
  again = read_form (prosody_iq);
  signet_form_page_set_form (page, again);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "username"))), ==, "alice");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "password"))), ==, "correct horse");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (signet_form_page_get_confirm_row (page, "password"))),
                   ==, "correct horse");
  g_assert_cmpstr (signet_data_form_get_value (again, "email"), ==, "alice@example.org");
  g_assert_true (signet_form_page_get_valid (page));

  g_assert_true (signet_form_page_show_field_error (page, "username", "This username is taken."));
  g_assert_cmpstr (signet_form_page_get_field_message (page, "username"), ==, "This username is taken.");
  g_assert_true (gtk_widget_has_css_class (row (page, "username"), "error"));
  g_assert_true (has_focus_in (row (page, "username")));
  signet_test_gui_shoot (window, NULL, "form-prosody-error", 480);

  /* Editing the field takes the error away. */
  set_text (row (page, "username"), "alice2");
  g_assert_null (signet_form_page_get_field_message (page, "username"));
  g_assert_false (gtk_widget_has_css_class (row (page, "username"), "error"));

  /* An error about no field shown goes at the top. */
  g_assert_false (signet_form_page_show_field_error (page, "nosuchfield", "Something else is wrong."));
  g_assert_nonnull (signet_test_gui_find_label (GTK_WIDGET (page), "Something else is wrong."));
  signet_form_page_clear_errors (page);

  close_window (window, page);
}

static void
test_ejabberd_captcha (void)
{
  g_autoptr(GBytes) png = make_captcha_png ();
  g_autofree char *iq = build_captcha_iq (png);
  g_autoptr(SignetDataForm) form = read_form (iq);
  g_autoptr(SignetDataForm) next = read_form (iq);
  g_autoptr(SignetDataForm) submit = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (png, NULL);
  SignetFormPage *page = SIGNET_FORM_PAGE (g_object_ref_sink (signet_form_page_new ()));
  GtkWindow *window = window_new (GTK_WIDGET (page), "Sign Up");
  GtkWidget *picture;
  GdkPaintable *paintable;

  g_assert_nonnull (texture);
  signet_form_page_set_form (page, form);

  /* The picture, larger than it came, above its answer field. */
  picture = signet_test_gui_find_widget (GTK_WIDGET (page), GTK_TYPE_PICTURE, "captcha-picture");
  g_assert_nonnull (picture);
  paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), >, gdk_texture_get_height (texture));
  g_assert_nonnull (gtk_picture_get_alternative_text (GTK_PICTURE (picture)));

  g_assert_true (gtk_widget_get_parent (picture) != NULL &&
                 gtk_widget_get_next_sibling (gtk_widget_get_parent (picture)) == row (page, "ocr"));
  g_assert_true (ADW_IS_ENTRY_ROW (row (page, "ocr")));

  /* With the picture shown, ejabberd's fallback fields are not needed. */
  g_assert_null (signet_form_page_get_field_row (page, "captcha-fallback-url"));
  g_assert_null (signet_form_page_get_field_row (page, "captcha-fallback-text"));
  g_assert_null (signet_test_gui_find_label (GTK_WIDGET (page), "captcha/2824232941"));
  /* The query's own instructions are for clients without forms: the form's show. */
  g_assert_nonnull (signet_test_gui_find_label (GTK_WIDGET (page), "Choose a username and password to register"));
  g_assert_null (signet_test_gui_find_label (GTK_WIDGET (page), "You need a client"));

  set_text (row (page, "username"), "carol");
  set_text (row (page, "password"), "pass word");
  set_text (signet_form_page_get_confirm_row (page, "password"), "pass word");
  g_assert_false (signet_form_page_get_valid (page));
  set_text (row (page, "ocr"), "x7Kq2");
  g_assert_true (signet_form_page_get_valid (page));
  signet_test_gui_shoot (window, NULL, "form-captcha", 480);
  /* Readable on a phone and on a desktop. */
  g_assert_cmpint (gtk_widget_get_height (picture), >=, gdk_texture_get_height (texture));

  /* Hidden fields go back as they came. */
  submit = signet_form_page_build_submit (page);
  g_assert_cmpstr (signet_data_form_get_value (submit, "challenge"), ==, "2824232941");
  g_assert_cmpstr (signet_data_form_get_value (submit, "sid"), ==, "reg1");
  g_assert_cmpstr (signet_data_form_get_value (submit, "from"), ==, "localhost");
  g_assert_cmpstr (signet_data_form_get_value (submit, "ocr"), ==, "x7Kq2");
  g_assert_cmpstr (signet_data_form_get_value (submit, "captcha-fallback-url"), ==,
                   "http://localhost:5280/captcha/2824232941/image");
  g_assert_null (signet_data_form_get_field (submit, "captcha-fallback-text"));

  /* A wrong answer brings a new CAPTCHA: the rest stays, the answer goes. */
  signet_form_page_set_form (page, next);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "username"))), ==, "carol");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "ocr"))), ==, "");
  g_assert_false (signet_form_page_get_valid (page));
  g_assert_true (signet_form_page_show_field_error (page, "ocr", "The text did not match the picture. Try this one."));
  g_assert_true (has_focus_in (row (page, "ocr")));
  signet_test_gui_shoot (window, NULL, "form-captcha-error", 480);

  close_window (window, page);
}

static void
test_captcha_unreadable (void)
{
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not a picture at all", 20);
  g_autofree char *iq = build_captcha_iq (garbage);
  g_autoptr(SignetDataForm) form = read_form (iq);
  SignetFormPage *page = SIGNET_FORM_PAGE (g_object_ref_sink (signet_form_page_new ()));
  GtkLabel *label;

  signet_form_page_set_form (page, form);

  /* No picture: the fallback web page is shown, as text (it is http). */
  g_assert_null (signet_test_gui_find_widget (GTK_WIDGET (page), GTK_TYPE_PICTURE, "captcha-picture"));
  g_assert_nonnull (signet_test_gui_find_label (GTK_WIDGET (page), "see the CAPTCHA image here"));
  label = signet_test_gui_find_label (GTK_WIDGET (page), "captcha/2824232941");
  g_assert_nonnull (label);
  g_assert_null (strstr (gtk_label_get_label (label), "<a "));
  g_assert_true (ADW_IS_ENTRY_ROW (row (page, "ocr")));

  g_assert_finalize_object (page);
}

static void
test_all_types (void)
{
  g_autoptr(SignetDataForm) form = read_x (all_types_form);
  g_autoptr(SignetDataForm) submit = NULL;
  SignetFormPage *page = SIGNET_FORM_PAGE (g_object_ref_sink (signet_form_page_new ()));
  GtkWindow *window = window_new (GTK_WIDGET (page), "Sign Up");
  GtkWidget *widget;
  GtkLabel *label;
  GtkTextBuffer *buffer;
  const char * const *values;
  guint submits = 0;

  signet_form_page_set_form (page, form);
  g_signal_connect_swapped (page, "submit", G_CALLBACK (on_counted), &submits);

  /* Title and instructions, with the https address as a link only. */
  g_assert_nonnull (signet_test_gui_find_label (GTK_WIDGET (page), "Every Kind of Field"));
  label = signet_test_gui_find_label (GTK_WIDGET (page), "Terms:");
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_label (label), "<a href=\"https://example.org/terms\">"));
  g_assert_null (strstr (gtk_label_get_label (label), "<a href=\"http://"));

  /* Fixed text: a short line is a heading, links are https only. */
  g_assert_nonnull (signet_test_gui_find_label (GTK_WIDGET (page), "Your account"));
  label = signet_test_gui_find_label (GTK_WIDGET (page), "By signing up");
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_label (label), "<a href=\"https://example.org/rules\">"));
  g_assert_nonnull (strstr (gtk_label_get_label (label), " http://insecure.example.org/rules."));
  g_assert_null (strstr (gtk_label_get_label (label), "<a href=\"http://"));

  /* Each type in its row. */
  g_assert_true (ADW_IS_ENTRY_ROW (row (page, "username")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "username"))), ==, "alice");
  g_assert_cmpstr (signet_form_page_get_field_message (page, "username"), ==, "Letters and digits");
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (row (page, "password")));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (signet_form_page_get_confirm_row (page, "password")));
  g_assert_true (ADW_IS_ENTRY_ROW (row (page, "buddy")));
  g_assert_true (ADW_IS_COMBO_ROW (row (page, "colour")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (page, "colour"))), ==, "Pick one");
  g_assert_true (ADW_IS_ACTION_ROW (row (page, "newsletter")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (page, "newsletter"))), ==, "About once a month");
  widget = signet_test_gui_find_widget (row (page, "newsletter"), GTK_TYPE_SWITCH, NULL);
  g_assert_nonnull (widget);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (widget)));
  g_assert_true (has_accessible_label (widget));
  g_assert_true (GTK_IS_LIST_BOX_ROW (row (page, "bio")));
  g_assert_nonnull (signet_test_gui_find_widget (row (page, "bio"), GTK_TYPE_TEXT_VIEW, NULL));
  g_assert_nonnull (signet_test_gui_find_widget (row (page, "bio"), GTK_TYPE_FRAME, NULL));
  g_assert_nonnull (signet_test_gui_find_widget (row (page, "friends"), GTK_TYPE_TEXT_VIEW, NULL));
  g_assert_cmpstr (signet_form_page_get_field_message (page, "friends"), ==, "One address on each line");
  g_assert_true (ADW_IS_EXPANDER_ROW (row (page, "langs")));
  g_assert_cmpuint (count_widgets (row (page, "langs"), GTK_TYPE_CHECK_BUTTON), ==, 3);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row (page, "langs"))), ==, "C, lua");
  g_assert_null (signet_form_page_get_field_row (page, "FORM_TYPE"));
  g_assert_null (signet_form_page_get_field_row (page, "secret-token"));

  /* Only the password is missing. */
  g_assert_false (signet_form_page_get_valid (page));
  set_text (row (page, "password"), "pw");
  set_text (signet_form_page_get_confirm_row (page, "password"), "pw");
  g_assert_true (signet_form_page_get_valid (page));

  /* Nothing changed: the submit form has what came, hidden fields too. */
  submit = signet_form_page_build_submit (page);
  g_assert_cmpstr (signet_data_form_get_value (submit, "FORM_TYPE"), ==, "jabber:iq:register");
  g_assert_cmpstr (signet_data_form_get_value (submit, "secret-token"), ==, "s3cr3t");
  g_assert_cmpstr (signet_data_form_get_value (submit, "username"), ==, "alice");
  g_assert_cmpstr (signet_data_form_get_value (submit, "buddy"), ==, "bob@example.org");
  g_assert_cmpstr (signet_data_form_get_value (submit, "colour"), ==, "red");
  g_assert_false (signet_data_form_field_get_boolean (signet_data_form_get_field (submit, "newsletter")));
  values = signet_data_form_field_get_values (signet_data_form_get_field (submit, "bio"));
  g_assert_cmpstrv (values, ((const char * const[]) { "line 1", "line 2", NULL }));
  values = signet_data_form_field_get_values (signet_data_form_get_field (submit, "friends"));
  g_assert_cmpstrv (values, ((const char * const[]) { "a@example.org", "b@example.org", NULL }));
  values = signet_data_form_field_get_values (signet_data_form_get_field (submit, "langs"));
  g_assert_cmpstrv (values, ((const char * const[]) { "c", "lua", NULL }));
  g_clear_object (&submit);

  /* Changes, each kept by value, not by label. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (page, "colour")), 2);
  g_assert_cmpstr (signet_data_form_get_value (form, "colour"), ==, "green");
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (page, "colour")), 0);
  g_assert_null (signet_data_form_get_value (form, "colour"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (page, "colour")), 1);
  gtk_switch_set_active (GTK_SWITCH (widget), TRUE);
  g_assert_true (signet_data_form_field_get_boolean (signet_data_form_get_field (form, "newsletter")));
  widget = signet_test_gui_find_widget (row (page, "langs"), GTK_TYPE_CHECK_BUTTON, NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), FALSE);
  values = signet_data_form_field_get_values (signet_data_form_get_field (form, "langs"));
  g_assert_cmpstrv (values, ((const char * const[]) { "lua", NULL }));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row (page, "langs"))), ==, "lua");

  /* Addresses are checked lightly, shown when the person moves on. */
  set_text (row (page, "buddy"), "bob@@example.org");
  g_assert_false (signet_form_page_get_valid (page));
  set_text (row (page, "buddy"), "bob@example.org/phone");
  g_assert_true (signet_form_page_get_valid (page));
  set_text (row (page, "buddy"), "bob smith@example.org");
  g_assert_false (signet_form_page_get_valid (page));
  signet_form_page_focus (page);
  g_assert_true (has_focus_in (row (page, "buddy")));
  g_assert_cmpstr (signet_form_page_get_field_message (page, "buddy"), ==,
                   "This is not an address like name@example.org");
  set_text (row (page, "buddy"), "");
  g_assert_true (signet_form_page_get_valid (page));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (signet_test_gui_find_widget (row (page, "friends"),
                                                                                 GTK_TYPE_TEXT_VIEW, NULL)));
  gtk_text_buffer_set_text (buffer, "a@example.org\n\n  c@example.org \nnot an address", -1);
  g_assert_false (signet_form_page_get_valid (page));
  gtk_text_buffer_set_text (buffer, "a@example.org\n\n  c@example.org \n", -1);
  g_assert_true (signet_form_page_get_valid (page));
  values = signet_data_form_field_get_values (signet_data_form_get_field (form, "friends"));
  g_assert_cmpstrv (values, ((const char * const[]) { "a@example.org", "c@example.org", NULL }));

  /* Enter in any entry submits a valid form. */
  g_signal_emit_by_name (signet_form_page_get_confirm_row (page, "password"), "entry-activated");
  g_assert_cmpuint (submits, ==, 1);
  g_signal_emit_by_name (row (page, "buddy"), "entry-activated");
  g_assert_cmpuint (submits, ==, 2);

  signet_test_gui_shoot (window, NULL, "form-all-types", 480);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row (page, "langs")), TRUE);
  signet_test_gui_shoot_with (window, NULL, "form-all-types-end", 480, scroll_to_end, page);

  /* A required field left empty is shown as such when the page insists. */
  set_text (row (page, "username"), "");
  g_assert_false (signet_form_page_get_valid (page));
  g_assert_cmpstr (signet_form_page_get_field_message (page, "username"), ==, "Letters and digits");
  signet_form_page_focus (page);
  g_assert_cmpstr (signet_form_page_get_field_message (page, "username"), ==, "This must be filled in");
  g_assert_true (has_focus_in (row (page, "username")));

  close_window (window, page);
}

/* A legacy form (no data form): the query's instructions are the page's. */
static void
test_legacy_instructions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetXmlNode) iq = signet_xml_node_parse ("<iq xmlns='jabber:client' type='result' id='r'>"
                                                       "<query xmlns='jabber:iq:register'>"
                                                       "<instructions>Pick a name.</instructions>"
                                                       "<username/><password/><key>abc</key>"
                                                       "</query></iq>", -1, &error);
  gboolean legacy = FALSE;
  g_autoptr(SignetDataForm) form = signet_inband_read_form (iq, NULL, &legacy, &error);
  g_autoptr(SignetDataForm) submit = NULL;
  SignetFormPage *page = SIGNET_FORM_PAGE (g_object_ref_sink (signet_form_page_new ()));

  g_assert_no_error (error);
  g_assert_true (legacy);
  signet_form_page_set_instructions (page, "Pick a name.");
  signet_form_page_set_form (page, form);
  g_assert_nonnull (signet_test_gui_find_label (GTK_WIDGET (page), "Pick a name."));
  g_assert_nonnull (signet_test_gui_find_label (GTK_WIDGET (page), "Sign Up"));
  g_assert_true (ADW_IS_ENTRY_ROW (row (page, "username")));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (row (page, "password")));
  g_assert_null (signet_form_page_get_field_row (page, "key"));

  set_text (row (page, "username"), "dave");
  set_text (row (page, "password"), "pw");
  set_text (signet_form_page_get_confirm_row (page, "password"), "pw");
  g_assert_true (signet_form_page_get_valid (page));
  submit = signet_form_page_build_submit (page);
  g_assert_cmpstr (signet_data_form_get_value (submit, "key"), ==, "abc");

  signet_form_page_set_form (page, NULL);
  g_assert_false (signet_form_page_get_valid (page));
  g_assert_finalize_object (page);
}

/* A sign-up on a real Prosody whose first answer is a modify error with a
 * longer form (tests/support/prosody/mod_signet_test_forms.lua). */
static void
test_prosody_modify_error (void)
{
  g_autoptr(SignetConnection) connection = NULL;
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = signet_test_xmpp_new_username ("formpage");
  SignetFormPage *page;
  GtkWindow *window;
  const char *field;

  if (prosody == NULL)
    {
      g_test_skip ("Prosody is not installed; build-aux/setup installs it");
      return;
    }

  connection = signet_test_xmpp_server_connection (prosody, "forms.localhost");
  registration = signet_inband_registration_new (connection);
  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  g_assert_no_error (error);

  page = SIGNET_FORM_PAGE (g_object_ref_sink (signet_form_page_new ()));
  window = window_new (GTK_WIDGET (page), "Sign Up on forms.localhost");
  signet_form_page_set_instructions (page, signet_inband_registration_get_instructions (registration));
  signet_form_page_set_form (page, signet_inband_registration_get_form (registration));
  g_assert_null (signet_form_page_get_field_row (page, "nickname"));

  set_text (row (page, "username"), username);
  set_text (row (page, "password"), "typed once");
  set_text (signet_form_page_get_confirm_row (page, "password"), "typed once");
  g_assert_true (signet_form_page_get_valid (page));

  /* The registration submits its own form: the page wrote into it. */
  g_assert_false (signet_test_xmpp_submit (registration, &error));
  g_assert_error (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_MISSING_FIELD);
  field = signet_inband_registration_get_error_field (registration);
  g_assert_cmpstr (field, ==, "nickname");

  signet_form_page_set_form (page, signet_inband_registration_get_form (registration));
  g_assert_true (signet_form_page_show_field_error (page, field, error->message));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "username"))), ==, username);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (signet_form_page_get_confirm_row (page, "password"))),
                   ==, "typed once");
  g_assert_true (has_focus_in (row (page, "nickname")));
  g_assert_false (signet_form_page_get_valid (page));
  signet_test_gui_shoot (window, NULL, "form-modify-error", 480);

  set_text (row (page, "nickname"), "Nick");
  g_assert_true (signet_form_page_get_valid (page));
  g_clear_error (&error);
  g_assert_true (signet_test_xmpp_submit (registration, &error));
  g_assert_no_error (error);

  close_window (window, page);
}

/*
 * The web sign-up page
 */

static void
test_web_signup (void)
{
  SignetWebSignupPage *page = SIGNET_WEB_SIGNUP_PAGE (g_object_ref_sink (signet_web_signup_page_new ()));
  GtkWindow *window = window_new (GTK_WIDGET (page), "Sign Up");
  GtkWidget *open_button = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (page), SIGNET_TYPE_WEB_SIGNUP_PAGE, "open_button");
  GtkWidget *secure_box = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (page), SIGNET_TYPE_WEB_SIGNUP_PAGE, "secure_box");
  GtkWidget *insecure_box = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (page), SIGNET_TYPE_WEB_SIGNUP_PAGE, "insecure_box");
  GtkLabel *label;

  /* https: a button that opens it. */
  signet_web_signup_page_set_site (page, "example.org", "https://example.org/register", NULL,
                                   "Sign up here", "Registration is on the web: https://example.org/register");
  g_assert_cmpstr (signet_web_signup_page_get_url (page), ==, "https://example.org/register");
  g_assert_null (signet_web_signup_page_get_insecure_url (page));
  g_assert_true (gtk_widget_get_visible (secure_box));
  g_assert_false (gtk_widget_get_visible (insecure_box));
  g_assert_true (gtk_widget_is_sensitive (open_button));
  g_assert_true (has_accessible_label (open_button));
  label = signet_test_gui_find_label (GTK_WIDGET (page), "The server says");
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_label (label), "<a href=\"https://example.org/register\">"));
  g_assert_nonnull (strstr (gtk_label_get_label (label), "Sign up here"));
  signet_test_gui_shoot (window, NULL, "web-signup-https", 480);

  /* http: never a link, only text to copy, with a warning. */
  signet_web_signup_page_set_site (page, "example.org", NULL, "http://example.org/register", NULL,
                                   "Go to http://example.org/register");
  g_assert_null (signet_web_signup_page_get_url (page));
  g_assert_cmpstr (signet_web_signup_page_get_insecure_url (page), ==, "http://example.org/register");
  g_assert_false (gtk_widget_get_visible (secure_box));
  g_assert_true (gtk_widget_get_visible (insecure_box));
  g_assert_false (gtk_widget_is_sensitive (open_button));
  g_assert_nonnull (signet_test_gui_find_label (GTK_WIDGET (page), "This Address Is Not Secure"));
  label = signet_test_gui_find_label (GTK_WIDGET (page), "The server says");
  g_assert_null (strstr (gtk_label_get_label (label), "<a "));
  signet_test_gui_shoot (window, NULL, "web-signup-http", 480);

  /* An http address given as the link is no link either. */
  signet_web_signup_page_set_site (page, "example.org", "http://example.org/x", NULL, NULL, NULL);
  g_assert_null (signet_web_signup_page_get_url (page));
  g_assert_cmpstr (signet_web_signup_page_get_insecure_url (page), ==, "http://example.org/x");
  g_assert_null (signet_test_gui_find_label (GTK_WIDGET (page), "The server says"));

  close_window (window, page);
}

/*
 * The accounts page
 */

static gboolean
is_loaded (gpointer data)
{
  return !signet_accounts_page_get_loading (SIGNET_ACCOUNTS_PAGE (data));
}

static void
reload_and_wait (SignetAccountsPage *page)
{
  signet_accounts_page_reload (page);
  signet_test_gui_wait_until (is_loaded, page, 30, "the accounts");
}

static void
on_jid_signal (SignetAccountsPage *page,
               const char         *jid,
               char              **slot)
{
  g_free (*slot);
  *slot = g_strdup (jid);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
clear_records (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = signet_account_store_list (&error);

  g_assert_no_error (error);
  for (guint i = 0; i < accounts->len; i++)
    signet_account_store_delete (signet_account_get_jid (g_ptr_array_index (accounts, i)), NULL);
}

static void
test_accounts_page (void)
{
  g_autoptr(SignetAccount) kontalk = signet_account_new (SIGNET_ACCOUNT_KIND_KONTALK, "beta.kontalk.net",
                                                         "0123456789abcdef0123456789abcdef01234567@beta.kontalk.net");
  g_autoptr(SignetAccount) xmpp = signet_account_new (SIGNET_ACCOUNT_KIND_XMPP, "example.org", "alice@example.org");
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 3, 14, 15, 9, 26);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetAccount) gone = NULL;
  g_autofree char *removed = NULL;
  SignetAccountsPage *page;
  GtkWindow *window;
  GtkWidget *group;
  AdwMessageDialog *dialog;

  clear_records ();
  signet_account_set_phone (kontalk, "+15555215554");
  signet_account_set_display_name (kontalk, "Alice Liddell");
  signet_account_set_fingerprint (kontalk, "3F2A9C1B7D4E5F60718293A4B5C6D7E8F9012345");
  signet_account_set_created (kontalk, created);
  signet_account_set_keyring_stored (kontalk, TRUE);
  g_assert_true (signet_account_store_save (kontalk, &error));
  g_assert_no_error (error);
  signet_account_set_created (xmpp, created);
  signet_account_set_keyring_stored (xmpp, FALSE);
  g_assert_true (signet_account_store_save (xmpp, &error));
  g_assert_no_error (error);

  page = SIGNET_ACCOUNTS_PAGE (g_object_ref_sink (signet_accounts_page_new ()));
  g_signal_connect (page, "account-removed", G_CALLBACK (on_jid_signal), &removed);
  window = window_new (GTK_WIDGET (page), "Accounts");
  /* Shown, it reads the records by itself. */
  signet_test_gui_wait_until (is_loaded, page, 30, "the accounts");
  g_assert_cmpuint (signet_accounts_page_get_n_accounts (page), ==, 2);

  /* Kontalk: name, phone, fingerprint; no password to change. */
  group = signet_accounts_page_get_account_group (page, signet_account_get_jid (kontalk));
  g_assert_true (ADW_IS_PREFERENCES_GROUP (group));
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==, "Alice Liddell");
  /* The number as people write it, kept whole. */
  g_assert_nonnull (signet_test_gui_find_label (group, "+1\u00a0555\u2011521\u20115554"));
  g_assert_null (signet_test_gui_find_label (group, "+15555215554"));
  g_assert_nonnull (signet_test_gui_find_label (group, "3F2A 9C1B 7D4E 5F60"));
  g_assert_null (signet_test_gui_find_label (group, "Change Password"));
  /* Kontalk cannot delete accounts: Signet only forgets them. */
  g_assert_null (signet_test_gui_find_label (group, "Unregister"));
  g_assert_nonnull (signet_test_gui_find_label (group, "Remove from This Computer"));
  g_assert_nonnull (signet_test_gui_find_label (group, "stays on the server"));

  /* XMPP: the address, Change Password and Delete Account. */
  group = signet_accounts_page_get_account_group (page, "alice@example.org");
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==, "alice@example.org");
  g_assert_nonnull (signet_test_gui_find_label (group, "Change Password"));
  g_assert_nonnull (signet_test_gui_find_label (group, "Delete Account"));
  g_assert_nonnull (signet_test_gui_find_label (group, "Not in the keyring"));
  signet_test_gui_shoot (window, NULL, "accounts", 480);

  /* Unregistering an XMPP account says exactly what is lost. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.unregister", "s", "alice@example.org"));
  dialog = ADW_MESSAGE_DIALOG (signet_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "The account alice@example.org and everything stored on the server for it will be deleted. "
                   "This cannot be undone.");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  signet_test_gui_shoot (window, GTK_WINDOW (dialog), "accounts-unregister-xmpp", 480);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  signet_test_gui_flush ();
  g_assert_true (signet_account_store_load ("alice@example.org", NULL) != NULL);

  /* Kontalk has no unregister: explain, offer only to forget. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.unregister", "s",
                                             signet_account_get_jid (kontalk)));
  dialog = ADW_MESSAGE_DIALOG (signet_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "30 days"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "+1\u00a0555\u2011521\u20115554"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "stays on the server"));
  g_assert_true (adw_message_dialog_has_response (dialog, "forget"));
  g_assert_false (adw_message_dialog_has_response (dialog, "delete"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "forget"), ==, ADW_RESPONSE_DESTRUCTIVE);
  signet_test_gui_shoot (window, GTK_WINDOW (dialog), "accounts-unregister-kontalk", 480);
  adw_message_dialog_response (dialog, "forget");
  gtk_window_destroy (GTK_WINDOW (dialog));
  signet_test_gui_wait_until (is_set, &removed, 30, "the account to be forgotten");
  g_assert_cmpstr (removed, ==, signet_account_get_jid (kontalk));
  gone = signet_account_store_load (signet_account_get_jid (kontalk), &error);
  g_assert_null (gone);
  g_assert_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND);
  signet_test_gui_wait_until (is_loaded, page, 30, "the accounts");
  g_assert_cmpuint (signet_accounts_page_get_n_accounts (page), ==, 1);

  /* No records at all. */
  clear_records ();
  reload_and_wait (page);
  g_assert_cmpuint (signet_accounts_page_get_n_accounts (page), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                                               SIGNET_TYPE_ACCOUNTS_PAGE,
                                                                                               "stack"))),
                   ==, "empty");

  close_window (window, page);
}

static SignetConnection *
connect_to_prosody (SignetAccount *account,
                    gpointer       user_data)
{
  return signet_test_xmpp_server_connection (prosody, signet_account_get_server (account));
}

static gboolean
dialog_is_idle (gpointer data)
{
  return !signet_account_dialog_get_busy (SIGNET_ACCOUNT_DIALOG (data));
}

static const char *
dialog_page (SignetAccountDialog *dialog)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (dialog), SIGNET_TYPE_ACCOUNT_DIALOG,
                                                              "stack"));

  return gtk_stack_get_visible_child_name (stack);
}

static GtkWidget *
dialog_child (SignetAccountDialog *dialog,
              const char          *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), SIGNET_TYPE_ACCOUNT_DIALOG, name));
}

/* Change Password and Unregister on a real Prosody that wants its forms
 * filled in first (XEP-0077 §3.2, §3.3). */
static void
test_accounts_prosody_forms (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("manage");
  g_autofree char *jid = g_strdup_printf ("%s@forms.localhost", username);
  g_autoptr(SignetConnection) connection = NULL;
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *removed = NULL;
  SignetAccountsPage *page;
  SignetAccountDialog *dialog;
  SignetFormPage *form_page;
  AdwMessageDialog *confirm;
  GtkWindow *window;
  GtkWidget *password_row;

  if (prosody == NULL)
    {
      g_test_skip ("Prosody is not installed; build-aux/setup installs it");
      return;
    }

  clear_records ();

  /* Sign up (the test module wants a nickname too), log in, store. */
  connection = signet_test_xmpp_server_connection (prosody, "forms.localhost");
  registration = signet_inband_registration_new (connection);
  g_assert_true (signet_test_xmpp_fetch (registration, &error));
  signet_data_form_field_set_value (signet_data_form_get_field (signet_inband_registration_get_form (registration),
                                                                "username"), username);
  signet_data_form_field_set_value (signet_data_form_get_field (signet_inband_registration_get_form (registration),
                                                                "password"), "old password");
  g_assert_false (signet_test_xmpp_submit (registration, &error));
  g_clear_error (&error);
  signet_data_form_field_set_value (signet_data_form_get_field (signet_inband_registration_get_form (registration),
                                                                "nickname"), "Nick");
  g_assert_true (signet_test_xmpp_submit (registration, &error));
  g_assert_no_error (error);
  account = signet_test_xmpp_complete (registration, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_account_get_jid (account), ==, jid);

  page = SIGNET_ACCOUNTS_PAGE (g_object_ref_sink (signet_accounts_page_new ()));
  signet_accounts_page_set_connection_func (page, connect_to_prosody, NULL, NULL);
  g_signal_connect (page, "password-changed", G_CALLBACK (on_jid_signal), &changed);
  g_signal_connect (page, "account-removed", G_CALLBACK (on_jid_signal), &removed);
  window = window_new (GTK_WIDGET (page), "Accounts");
  reload_and_wait (page);
  g_assert_cmpuint (signet_accounts_page_get_n_accounts (page), ==, 1);

  /* Change Password: the new one twice (and the current one when the
   * keyring does not have it). */
  signet_accounts_page_change_password (page, jid);
  dialog = SIGNET_ACCOUNT_DIALOG (signet_test_gui_wait_for_toplevel (SIGNET_TYPE_ACCOUNT_DIALOG));
  g_assert_cmpstr (dialog_page (dialog), ==, "password");
  if (gtk_widget_get_visible (dialog_child (dialog, "current_row")))
    {
      g_test_message ("No keyring: the dialog asks for the current password");
      set_text (dialog_child (dialog, "current_row"), "old password");
    }
  set_text (dialog_child (dialog, "new_row"), "new password");
  set_text (dialog_child (dialog, "confirm_row"), "new passwort");
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "mismatch_row")));
  g_assert_false (gtk_widget_is_sensitive (dialog_child (dialog, "apply_button")));
  set_text (dialog_child (dialog, "confirm_row"), "new password");
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "mismatch_row")));
  g_assert_true (gtk_widget_is_sensitive (dialog_child (dialog, "apply_button")));
  signet_test_gui_shoot (window, GTK_WINDOW (dialog), "accounts-change-password", 480);
  signet_account_dialog_apply (dialog);
  signet_test_gui_wait_until (dialog_is_idle, dialog, 60, "the server's answer");

  /* The server wants its changepassword form: shown, filled in already. */
  g_assert_null (signet_account_dialog_get_error (dialog));
  g_assert_cmpstr (dialog_page (dialog), ==, "form");
  form_page = SIGNET_FORM_PAGE (dialog_child (dialog, "form_page"));
  g_assert_cmpstr (signet_data_form_get_form_type (signet_form_page_get_form (form_page)), ==,
                   SIGNET_NS_REGISTER_CHANGEPASSWORD);
  g_assert_true (signet_form_page_get_valid (form_page));
  g_assert_null (signet_form_page_get_confirm_row (form_page, "old_password"));
  g_assert_nonnull (signet_form_page_get_confirm_row (form_page, "password"));
  signet_test_gui_shoot (window, GTK_WINDOW (dialog), "accounts-change-password-form", 480);
  signet_account_dialog_apply (dialog);
  signet_test_gui_wait_until (is_set, &changed, 60, "the password to be changed");
  g_assert_cmpstr (changed, ==, jid);
  g_assert_true (signet_test_xmpp_login (prosody, jid, "new password", NULL, &error));
  g_assert_no_error (error);
  signet_test_gui_wait_until (is_loaded, page, 30, "the accounts");

  /* Unregister: confirm, then the server's cancel form. */
  signet_accounts_page_unregister (page, jid);
  confirm = ADW_MESSAGE_DIALOG (signet_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  password_row = signet_test_gui_find_widget (GTK_WIDGET (confirm), ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
  if (password_row != NULL)
    {
      g_assert_false (adw_message_dialog_get_response_enabled (confirm, "delete"));
      set_text (password_row, "new password");
    }
  g_assert_true (adw_message_dialog_get_response_enabled (confirm, "delete"));
  adw_message_dialog_response (confirm, "delete");
  gtk_window_destroy (GTK_WINDOW (confirm));

  dialog = SIGNET_ACCOUNT_DIALOG (signet_test_gui_wait_for_toplevel (SIGNET_TYPE_ACCOUNT_DIALOG));
  g_assert_cmpstr (dialog_page (dialog), ==, "form");
  form_page = SIGNET_FORM_PAGE (dialog_child (dialog, "form_page"));
  g_assert_cmpstr (signet_data_form_get_form_type (signet_form_page_get_form (form_page)), ==,
                   SIGNET_NS_REGISTER_CANCEL);
  /* The current password: no confirmation. */
  g_assert_null (signet_form_page_get_confirm_row (form_page, "password"));
  g_assert_true (signet_form_page_get_valid (form_page));
  set_text (signet_form_page_get_field_row (form_page, "reason"), "Testing Signet");
  signet_test_gui_shoot (window, GTK_WINDOW (dialog), "accounts-unregister-form", 480);
  signet_account_dialog_apply (dialog);
  signet_test_gui_wait_until (is_set, &removed, 60, "the account to be deleted");
  g_assert_cmpstr (removed, ==, jid);
  g_assert_false (signet_test_xmpp_login (prosody, jid, "new password", NULL, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);
  g_assert_null (signet_account_store_load (jid, NULL));
  signet_test_gui_wait_until (is_loaded, page, 30, "the accounts");

  close_window (window, page);
}

static gboolean
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }

  return g_rmdir (path) == 0;
}

/* A Cadmium account (made with signet-cli): no password change, and
 * forgetting it takes its password and login token out of the keyring. */
static void
test_accounts_page_cadmium (void)
{
  g_autoptr(SignetAccount) cadmium = signet_account_new (SIGNET_ACCOUNT_KIND_CADMIUM, "cadmium.example",
                                                         "@juliet@cadmium.example");
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  SignetAccountsPage *page;
  GtkWindow *window;
  GtkWidget *group;
  AdwMessageDialog *dialog;

  clear_records ();
  signet_account_set_keyring_stored (cadmium, TRUE);
  g_assert_true (signet_account_store_save (cadmium, &error));
  g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_CADMIUM, "cadmium.example",
                                                  "@juliet@cadmium.example", "romeo1", &error));
  g_assert_true (signet_test_keyring_save_secret (SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN, "cadmium.example",
                                                  "@juliet@cadmium.example", "0123abcd", &error));
  g_assert_no_error (error);

  page = SIGNET_ACCOUNTS_PAGE (g_object_ref_sink (signet_accounts_page_new ()));
  g_signal_connect (page, "account-removed", G_CALLBACK (on_jid_signal), &removed);
  window = window_new (GTK_WIDGET (page), "Accounts");
  signet_test_gui_wait_until (is_loaded, page, 30, "the accounts");
  group = signet_accounts_page_get_account_group (page, "@juliet@cadmium.example");
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==,
                   "Cadmium account on cadmium.example");
  g_assert_null (signet_test_gui_find_label (group, "Change Password"));
  g_assert_null (signet_test_gui_find_label (group, "30 days"));
  g_assert_nonnull (signet_test_gui_find_label (group, "Signet cannot close Cadmium accounts"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.unregister", "s", "@juliet@cadmium.example"));
  dialog = ADW_MESSAGE_DIALOG (signet_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "password and login token"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "passphrase"));
  adw_message_dialog_response (dialog, "forget");
  gtk_window_destroy (GTK_WINDOW (dialog));
  signet_test_gui_wait_until (is_set, &removed, 30, "the account to be forgotten");
  signet_test_gui_wait_until (is_loaded, page, 30, "the accounts");
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_CADMIUM, "cadmium.example", "@juliet@cadmium.example");
  signet_test_keyring_assert_not_found (SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN, "cadmium.example",
                                        "@juliet@cadmium.example");

  close_window (window, page);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Account records go to a folder of this run's own, set before GLib
   * reads (and caches) the variable. */
  data_home = g_dir_make_tmp ("signet-gui-forms-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  signet_test_gui_init (&argc, &argv);
  /* Every test is audited for secrets, this process's log included. */
  signet_test_secrets_log_install ();

  if (signet_test_xmpp_server_available (SIGNET_TEST_XMPP_PROSODY))
    {
      g_autofree char *plugins = signet_test_xmpp_dup_plugin_paths ();

      prosody = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_PROSODY, plugins, prosody_hosts);
    }

  signet_test_secrets_add_func ("/gui/forms/link-text", test_link_text);
  signet_test_secrets_add_func ("/gui/forms/new-destroy", test_new_destroy);
  signet_test_secrets_add_func ("/gui/forms/prosody-form", test_prosody_form);
  signet_test_secrets_add_func ("/gui/forms/ejabberd-captcha", test_ejabberd_captcha);
  signet_test_secrets_add_func ("/gui/forms/captcha-unreadable", test_captcha_unreadable);
  signet_test_secrets_add_func ("/gui/forms/all-types", test_all_types);
  signet_test_secrets_add_func ("/gui/forms/legacy", test_legacy_instructions);
  signet_test_secrets_add_func ("/gui/forms/prosody-modify-error", test_prosody_modify_error);
  signet_test_secrets_add_func ("/gui/web-signup", test_web_signup);
  signet_test_secrets_add_func ("/gui/accounts/list-and-unregister", test_accounts_page);
  signet_test_secrets_add_func ("/gui/accounts/cadmium", test_accounts_page_cadmium);
  signet_test_secrets_add_func ("/gui/accounts/prosody-forms", test_accounts_prosody_forms);

  if (prosody != NULL)
    signet_test_xmpp_server_wait (prosody);

  status = g_test_run ();

  g_clear_pointer (&prosody, signet_test_xmpp_server_stop);
  remove_tree (data_home);
  g_free (data_home);
  return status;
}
