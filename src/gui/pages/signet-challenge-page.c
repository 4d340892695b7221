/* signet-challenge-page.c: step 3, proving the number is the person's.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-challenge-page.h"
#include "signet-core.h"
#include "signet-text.h"
#include "signet-wizard-page.h"

struct _SignetChallengePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkImage         *icon_image;
  GtkLabel         *title_label;
  GtkLabel         *description_label;
  GtkWidget        *warning_box;
  GtkLabel         *sender_caption_label;
  GtkLabel         *sender_label;
  GtkWidget        *code_box;
  GtkLabel         *code_prompt_label;
  GtkEntry         *code_entry;
  GtkWidget        *next_button;
  GtkWidget        *key_box;
  GtkStack         *key_state_stack;
  GtkSpinner       *key_spinner;
  GtkLabel         *key_label;
  GtkLabel         *note_label;
  GtkLabel         *instructions_label;
  GtkWidget        *brand_group;
  AdwActionRow     *brand_row;
  AdwActionRow     *fallback_row;
  AdwActionRow     *change_number_row;

  /* Owned */
  SignetChallenge  *challenge;
  char             *brand_link;
  /* The code last submitted by typing its last digit, so that it is not
   * submitted twice by itself (Next still submits it again). */
  char             *auto_submitted;

  guint code_length;
  gboolean can_next;
  gboolean key_ready;
  gboolean key_failed;
};

static GtkWidget *
signet_challenge_page_wizard_get_next_button (SignetWizardPage *page)
{
  return signet_challenge_page_get_next_button (SIGNET_CHALLENGE_PAGE (page));
}

static gboolean
signet_challenge_page_wizard_get_can_next (SignetWizardPage *page)
{
  return signet_challenge_page_get_can_next (SIGNET_CHALLENGE_PAGE (page));
}

static void
signet_challenge_page_wizard_page_init (SignetWizardPageInterface *iface)
{
  iface->get_next_button = signet_challenge_page_wizard_get_next_button;
  iface->get_can_next = signet_challenge_page_wizard_get_can_next;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetChallengePage, signet_challenge_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SIGNET_TYPE_WIZARD_PAGE, signet_challenge_page_wizard_page_init))

enum {
  PROP_0,
  PROP_CAN_NEXT,
  PROP_CHALLENGE,
  PROP_KEY_READY,
  N_PROPS
};

enum {
  SIGNAL_SUBMIT,
  SIGNAL_FALLBACK,
  SIGNAL_CHANGE_NUMBER,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

static SignetChallengeType
get_type_or_pin (SignetChallengePage *self)
{
  return self->challenge ? signet_challenge_get_challenge_type (self->challenge) : SIGNET_CHALLENGE_PIN;
}

static char *
dup_digits (const char *text,
            int         length)
{
  GString *digits = g_string_new (NULL);

  if (length < 0)
    length = strlen (text);

  for (int i = 0; i < length && text[i] != '\0'; i++)
    if (g_ascii_isdigit (text[i]))
      g_string_append_c (digits, text[i]);

  return g_string_free (digits, FALSE);
}

static void
update_can_next (SignetChallengePage *self)
{
  gboolean can_next;

  if (self->challenge == NULL)
    can_next = FALSE;
  else if (get_type_or_pin (self) == SIGNET_CHALLENGE_CALLER_ID)
    can_next = TRUE;
  else
    can_next = strlen (gtk_editable_get_text (GTK_EDITABLE (self->code_entry))) == self->code_length;

  if (can_next != self->can_next)
    {
      self->can_next = can_next;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_NEXT]);
    }
}

/* "+39-0612345????" → "+39‑0612345····", on one line and in order. */
static char *
dup_mask (SignetChallenge *challenge)
{
  g_autofree char *prefix = signet_challenge_dup_sender_prefix (challenge);
  g_autoptr(GString) mask = g_string_new (prefix);

  for (guint i = 0; i < signet_challenge_get_code_length (challenge); i++)
    g_string_append (mask, "·");

  return signet_text_dup_unbreakable (mask->str);
}

/* The number to call, spaced for reading when it parses, on one line and
 * in order. */
static char *
dup_readable_number (const char *sender)
{
  g_autoptr(SignetPhoneNumber) number = signet_phone_number_parse (sender, NULL, NULL);

  return signet_text_dup_unbreakable (number != NULL ? signet_phone_number_get_international (number) : sender);
}

static char *
dup_brand_name (const char *link)
{
  g_autoptr(GUri) uri = g_uri_parse (link, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  if (host == NULL || *host == '\0')
    return g_strdup (link);

  if (g_str_has_prefix (host, "www."))
    host += 4;

  return g_strdup (host);
}

static void
show_pin (SignetChallengePage *self,
          const char          *international)
{
  g_autofree char *description = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *note = NULL;
  g_autofree char *sender = signet_text_dup_isolated (signet_challenge_get_sender (self->challenge));

  gtk_image_set_from_icon_name (self->icon_image, "mail-unread-symbolic");
  gtk_label_set_label (self->title_label, _("Enter the Code"));
  /* Translators: %s is the phone number being verified, in bold. */
  description = g_markup_printf_escaped (_("A code is on its way to <b>%s</b> by SMS or by a voice call that reads it out."),
                                         international);
  gtk_label_set_markup (self->description_label, description);

  gtk_widget_set_visible (self->warning_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sender_caption_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sender_label), FALSE);
  gtk_widget_set_visible (self->code_box, TRUE);

  prompt = g_strdup_printf (ngettext ("Type the %u-digit code:", "Type the %u-digit code:", self->code_length),
                            self->code_length);
  gtk_label_set_label (self->code_prompt_label, prompt);

  /* Translators: %s is the sender of the SMS, such as "12345" or "Kontalk". */
  note = g_strdup_printf (_("The SMS comes from “%s”. It may look like a number from another country."),
                          sender);
  gtk_label_set_label (self->note_label, note);
  gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Verify"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Verify the code"),
                                  -1);
}

static void
show_missed_call (SignetChallengePage *self,
                  const char          *international)
{
  g_autofree char *description = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *mask = dup_mask (self->challenge);

  gtk_image_set_from_icon_name (self->icon_image, "call-missed-symbolic");
  gtk_label_set_label (self->title_label, _("Wait for a Call"));
  /* Translators: %s is the phone number being verified, in bold. */
  description = g_markup_printf_escaped (_("<b>%s</b> will get a call shortly. The last digits of the number that calls are your code."),
                                         international);
  gtk_label_set_markup (self->description_label, description);

  gtk_widget_set_visible (self->warning_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->sender_caption_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->sender_label), TRUE);
  gtk_widget_set_visible (self->code_box, TRUE);

  gtk_label_set_label (self->sender_caption_label, _("The call comes from a number like"));
  gtk_label_set_label (self->sender_label, mask);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sender_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  signet_challenge_get_sender (self->challenge),
                                  -1);

  prompt = g_strdup_printf (ngettext ("Type the last digit of the number that called:",
                                      "Type the last %u digits of the number that called:",
                                      self->code_length),
                            self->code_length);
  gtk_label_set_label (self->code_prompt_label, prompt);
  gtk_label_set_label (self->note_label,
                       _("Missed the call, or the digits do not work? Try another way below."));
  gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Verify"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Verify the digits"),
                                  -1);
}

static void
show_caller_id (SignetChallengePage *self,
                const char          *international)
{
  g_autofree char *description = NULL;
  g_autofree char *number = dup_readable_number (signet_challenge_get_sender (self->challenge));

  gtk_image_set_from_icon_name (self->icon_image, "call-outgoing-symbolic");
  gtk_label_set_label (self->title_label, _("Make a Call"));
  /* Translators: %s is the phone number being verified, in bold. */
  description = g_markup_printf_escaped (_("Call the number below from the phone with the number <b>%s</b>. "
                                           "Calling from another phone does not work."),
                                         international);
  gtk_label_set_markup (self->description_label, description);

  gtk_widget_set_visible (self->warning_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sender_caption_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->sender_label), TRUE);
  gtk_widget_set_visible (self->code_box, FALSE);

  gtk_label_set_label (self->sender_caption_label, _("Number to call"));
  gtk_label_set_label (self->sender_label, number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sender_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, number,
                                  -1);
  gtk_label_set_label (self->note_label,
                       _("Nobody answers: the call ends by itself after a ring or two. "
                         "When it has ended, come back here and press “I Called”."));
  gtk_button_set_label (GTK_BUTTON (self->next_button), _("I _Called"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("I called the number"),
                                  -1);
}

static void
show_extras (SignetChallengePage *self,
             const char          *international)
{
  const char *instructions = signet_challenge_get_instructions (self->challenge);
  const char *link = signet_challenge_get_brand_link (self->challenge);
  g_autofree char *change_subtitle = NULL;

  if (instructions != NULL && *instructions != '\0')
    {
      /* Translators: %s is the server's own explanation, in its language. */
      g_autofree char *text = g_strdup_printf (_("The server says: “%s”"), instructions);

      gtk_label_set_label (self->instructions_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->instructions_label), instructions != NULL && *instructions != '\0');

  /* TODO: show the brand image too; loading it needs a fetch off the UI
   * thread that the protocol layer does not offer yet. */
  g_clear_pointer (&self->brand_link, g_free);
  if (link != NULL && *link != '\0')
    {
      g_autofree char *name = dup_brand_name (link);
      /* Translators: %s is the company that verifies the number, such as "jmp.chat". */
      g_autofree char *title = g_strdup_printf (_("Verification by %s"), name);

      self->brand_link = g_strdup (link);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->brand_row), title);
      adw_action_row_set_subtitle (self->brand_row, link);
    }
  gtk_widget_set_visible (self->brand_group, self->brand_link != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->fallback_row),
                          signet_challenge_get_can_fallback (self->challenge));

  /* Translators: %s is the phone number being verified. */
  change_subtitle = g_strdup_printf (_("%s is not right"), international);
  adw_action_row_set_subtitle (self->change_number_row, change_subtitle);
}

static void
update_key_state (SignetChallengePage *self)
{
  const char *state;

  if (self->key_ready)
    {
      state = "ready";
      gtk_label_set_label (self->key_label, _("Encryption key ready"));
    }
  else if (self->key_failed)
    state = "failed";
  else
    {
      state = "preparing";
      gtk_label_set_label (self->key_label, _("Preparing your encryption key…"));
    }

  gtk_stack_set_visible_child_name (self->key_state_stack, state);
  gtk_spinner_set_spinning (self->key_spinner, g_str_equal (state, "preparing"));
}

/*
 * Callbacks
 */

static void
on_code_insert_text (GtkEditable         *editable,
                     const char          *text,
                     int                  length,
                     int                 *position,
                     SignetChallengePage *self)
{
  const char *current = gtk_editable_get_text (editable);
  g_autofree char *inserted = dup_digits (text, length);
  g_autofree char *head = g_utf8_substring (current, 0, *position);
  g_autofree char *combined = NULL;
  g_autofree char *digits = NULL;
  const char *result;
  gsize text_length = length < 0 ? strlen (text) : (gsize) length;
  guint max = self->code_length > 0 ? self->code_length : 16;

  /* Typed digits that fit go in as they are. */
  if (strlen (inserted) == text_length && strlen (current) + text_length <= max)
    return;

  /* Pasted text: keep the digits.  A whole pasted calling number gives
   * its last digits for a missed call, a longer code its first ones. */
  combined = g_strconcat (head, inserted, current + strlen (head), NULL);
  digits = dup_digits (combined, -1);
  result = digits;
  if (strlen (digits) > max)
    {
      if (get_type_or_pin (self) == SIGNET_CHALLENGE_MISSED_CALL && strlen (inserted) >= max)
        result = digits + strlen (digits) - max;
      else
        digits[max] = '\0';
    }

  g_signal_stop_emission_by_name (editable, "insert-text");
  g_signal_handlers_block_by_func (editable, on_code_insert_text, self);
  gtk_editable_delete_text (editable, 0, -1);
  *position = 0;
  gtk_editable_insert_text (editable, result, -1, position);
  g_signal_handlers_unblock_by_func (editable, on_code_insert_text, self);
}

static void
on_code_changed (SignetChallengePage *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_entry));

  gtk_widget_remove_css_class (GTK_WIDGET (self->code_entry), "error");
  update_can_next (self);

  /* The whole code typed: go on without a click. */
  if (self->can_next && get_type_or_pin (self) != SIGNET_CHALLENGE_CALLER_ID &&
      g_strcmp0 (code, self->auto_submitted) != 0)
    {
      g_free (self->auto_submitted);
      self->auto_submitted = g_strdup (code);
      g_signal_emit (self, signals[SIGNAL_SUBMIT], 0, code);
    }
}

static void
on_brand_row_activated (SignetChallengePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->brand_link != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->brand_link, GDK_CURRENT_TIME);
}

static void
fallback_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_FALLBACK], 0);
}

static void
change_number_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_CHANGE_NUMBER], 0);
}

/*
 * GObject
 */

static void
signet_challenge_page_dispose (GObject *object)
{
  SignetChallengePage *self = (SignetChallengePage *) object;

  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_CHALLENGE_PAGE);
  g_clear_object (&self->challenge);

  G_OBJECT_CLASS (signet_challenge_page_parent_class)->dispose (object);
}

static void
signet_challenge_page_finalize (GObject *object)
{
  SignetChallengePage *self = (SignetChallengePage *) object;

  g_clear_pointer (&self->brand_link, g_free);
  g_clear_pointer (&self->auto_submitted, g_free);

  G_OBJECT_CLASS (signet_challenge_page_parent_class)->finalize (object);
}

static void
signet_challenge_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SignetChallengePage *self = SIGNET_CHALLENGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_NEXT:
      g_value_set_boolean (value, self->can_next);
      break;
    case PROP_CHALLENGE:
      g_value_set_object (value, self->challenge);
      break;
    case PROP_KEY_READY:
      g_value_set_boolean (value, self->key_ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_challenge_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SignetChallengePage *self = SIGNET_CHALLENGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_KEY_READY:
      signet_challenge_page_set_key_ready (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_signals (SignetChallengePageClass *klass)
{
  /**
   * SignetChallengePage::submit:
   * @code: the digits typed, or %NULL for a caller-id challenge
   *
   * The person typed the whole code, pressed Verify or said they called.
   */
  signals[SIGNAL_SUBMIT] =
    g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * SignetChallengePage::fallback:
   *
   * The person asks for another way to verify (the server said it can).
   */
  signals[SIGNAL_FALLBACK] =
    g_signal_new ("fallback", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SignetChallengePage::change-number:
   *
   * The person wants to correct the number.
   */
  signals[SIGNAL_CHANGE_NUMBER] =
    g_signal_new ("change-number", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-challenge-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, icon_image);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, description_label);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, warning_box);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, sender_caption_label);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, sender_label);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, code_box);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, code_prompt_label);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, code_entry);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, next_button);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, key_box);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, key_state_stack);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, key_spinner);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, key_label);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, note_label);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, brand_group);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, brand_row);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, fallback_row);
  gtk_widget_class_bind_template_child (widget_class, SignetChallengePage, change_number_row);
  gtk_widget_class_bind_template_callback (widget_class, on_code_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_brand_row_activated);
}

static void
signet_challenge_page_class_init (SignetChallengePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_challenge_page_dispose;
  object_class->finalize = signet_challenge_page_finalize;
  object_class->get_property = signet_challenge_page_get_property;
  object_class->set_property = signet_challenge_page_set_property;

  properties[PROP_CAN_NEXT] =
    g_param_spec_boolean ("can-next", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CHALLENGE] =
    g_param_spec_object ("challenge", NULL, NULL, SIGNET_TYPE_CHALLENGE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The personal key is made in the background while the page waits for
   * the code; the page says so, without holding anything up. */
  properties[PROP_KEY_READY] =
    g_param_spec_boolean ("key-ready", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  install_signals (klass);

  gtk_widget_class_install_action (widget_class, "challenge.fallback", NULL, fallback_action);
  gtk_widget_class_install_action (widget_class, "challenge.change-number", NULL, change_number_action);

  bind_template (widget_class);
}

static void
signet_challenge_page_init (SignetChallengePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->code_entry)), "insert-text",
                           G_CALLBACK (on_code_insert_text), self, 0);
  update_key_state (self);
}

/*
 * Public API
 */

GtkWidget *
signet_challenge_page_new (void)
{
  return g_object_new (SIGNET_TYPE_CHALLENGE_PAGE, NULL);
}

GtkWidget *
signet_challenge_page_get_next_button (SignetChallengePage *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE_PAGE (self), NULL);

  return self->next_button;
}

void
signet_challenge_page_set_challenge (SignetChallengePage *self,
                                     SignetChallenge     *challenge,
                                     const char          *international)
{
  g_autofree char *unbreakable = NULL;

  g_return_if_fail (SIGNET_IS_CHALLENGE_PAGE (self));
  g_return_if_fail (SIGNET_IS_CHALLENGE (challenge));
  g_return_if_fail (international != NULL);

  if (self->challenge != challenge)
    {
      GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (self)));

      g_set_object (&self->challenge, challenge);
      g_clear_pointer (&self->auto_submitted, g_free);
      /* Digits meant for another challenge mean nothing for this one. */
      gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
      /* A new challenge is a new page: from its top, not where the person
       * was on the last one (at "Try Another Way", far down). */
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHALLENGE]);
    }

  self->code_length = signet_challenge_get_code_length (challenge);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->code_entry), MAX (self->code_length, 4) + 2);

  unbreakable = signet_text_dup_unbreakable (international);
  switch (signet_challenge_get_challenge_type (challenge))
    {
    case SIGNET_CHALLENGE_MISSED_CALL:
      show_missed_call (self, unbreakable);
      break;
    case SIGNET_CHALLENGE_CALLER_ID:
      show_caller_id (self, unbreakable);
      break;
    case SIGNET_CHALLENGE_PIN:
    default:
      show_pin (self, unbreakable);
      break;
    }

  show_extras (self, unbreakable);
  update_can_next (self);
}

SignetChallenge *
signet_challenge_page_get_challenge (SignetChallengePage *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE_PAGE (self), NULL);

  return self->challenge;
}

const char *
signet_challenge_page_get_code (SignetChallengePage *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE_PAGE (self), "");

  return gtk_editable_get_text (GTK_EDITABLE (self->code_entry));
}

gboolean
signet_challenge_page_get_can_next (SignetChallengePage *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE_PAGE (self), FALSE);

  return self->can_next;
}

void
signet_challenge_page_submit (SignetChallengePage *self)
{
  g_return_if_fail (SIGNET_IS_CHALLENGE_PAGE (self));

  if (!self->can_next)
    return;

  if (get_type_or_pin (self) == SIGNET_CHALLENGE_CALLER_ID)
    g_signal_emit (self, signals[SIGNAL_SUBMIT], 0, NULL);
  else
    g_signal_emit (self, signals[SIGNAL_SUBMIT], 0, gtk_editable_get_text (GTK_EDITABLE (self->code_entry)));
}

void
signet_challenge_page_focus (SignetChallengePage *self)
{
  g_return_if_fail (SIGNET_IS_CHALLENGE_PAGE (self));

  if (gtk_widget_get_visible (self->code_box))
    gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
  else
    gtk_widget_grab_focus (self->next_button);
}

void
signet_challenge_page_select_code (SignetChallengePage *self)
{
  g_return_if_fail (SIGNET_IS_CHALLENGE_PAGE (self));

  if (!gtk_widget_get_visible (self->code_box))
    {
      gtk_widget_grab_focus (self->next_button);
      return;
    }

  /* The same digits typed again go in by themselves too. */
  g_clear_pointer (&self->auto_submitted, g_free);
  gtk_widget_add_css_class (GTK_WIDGET (self->code_entry), "error");
  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->code_entry), 0, -1);
}

gboolean
signet_challenge_page_get_key_ready (SignetChallengePage *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE_PAGE (self), FALSE);

  return self->key_ready;
}

void
signet_challenge_page_set_key_ready (SignetChallengePage *self,
                                     gboolean             key_ready)
{
  g_return_if_fail (SIGNET_IS_CHALLENGE_PAGE (self));

  key_ready = !!key_ready;
  if (key_ready == self->key_ready)
    return;

  self->key_ready = key_ready;
  if (key_ready)
    self->key_failed = FALSE;
  update_key_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_READY]);
}

void
signet_challenge_page_set_key_error (SignetChallengePage *self,
                                     const char          *message)
{
  g_return_if_fail (SIGNET_IS_CHALLENGE_PAGE (self));

  self->key_failed = message != NULL;
  if (message != NULL)
    {
      /* Translators: %s says what went wrong. */
      g_autofree char *text = g_strdup_printf (_("Your encryption key could not be made: %s"), message);

      gtk_label_set_label (self->key_label, text);
    }
  update_key_state (self);
}
