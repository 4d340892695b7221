/* signet-challenge.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-challenge.h"
#include "signet-core-enums.h"
#include "signet-registration.h"

struct _SignetChallenge
{
  GObject parent_instance;

  SignetChallengeType challenge_type;
  char                *sender;
  char                *instructions;
  char                *brand_image;
  char                *brand_link;
  gboolean can_fallback;
};

G_DEFINE_FINAL_TYPE (SignetChallenge, signet_challenge, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHALLENGE_TYPE,
  PROP_SENDER,
  PROP_CODE_LENGTH,
  PROP_CAN_FALLBACK,
  PROP_INSTRUCTIONS,
  PROP_BRAND_IMAGE,
  PROP_BRAND_LINK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
signet_challenge_type_to_string (SignetChallengeType type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SIGNET_TYPE_CHALLENGE_TYPE);
  GEnumValue *value = g_enum_get_value (klass, type);

  /* The class of a static type is never finalized: the nick outlives it. */
  return value != NULL ? value->value_nick : NULL;
}

gboolean
signet_challenge_type_from_string (const char          *string,
                                   SignetChallengeType *type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SIGNET_TYPE_CHALLENGE_TYPE);
  GEnumValue *value;

  if (string == NULL)
    return FALSE;

  value = g_enum_get_value_by_nick (klass, string);
  if (value == NULL)
    return FALSE;

  *type = value->value;
  return TRUE;
}

/* Servers send several sizes; a desktop wants the largest. */
static const char *
pick_brand_image (SignetDataForm *form)
{
  static const char * const by_preference[] = {
    "brand-image-hd", "brand-image-large", "brand-image-medium", "brand-image-small",
  };

  for (guint i = 0; i < G_N_ELEMENTS (by_preference); i++)
    {
      const char *value = signet_data_form_get_value (form, by_preference[i]);

      if (value != NULL && *value != '\0')
        return value;
    }

  return NULL;
}

static gboolean
read_can_fallback (SignetDataForm *form)
{
  SignetDataFormField *field = signet_data_form_get_field (form, "can-fallback");

  return field != NULL && signet_data_form_field_get_boolean (field);
}

SignetChallenge *
signet_challenge_new_from_form (SignetDataForm *form,
                                const char     *instructions,
                                GError        **error)
{
  g_autoptr(SignetChallenge) self = NULL;
  const char *sender;
  const char *type;

  g_return_val_if_fail (SIGNET_IS_DATA_FORM (form), NULL);

  sender = signet_data_form_get_value (form, "from");
  if (sender == NULL || *sender == '\0')
    {
      g_set_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
                   _("The server accepted the number but did not say where the verification comes from."));
      return NULL;
    }

  self = g_object_new (SIGNET_TYPE_CHALLENGE, NULL);

  /* Servers from before 2016 send no challenge field: those only knew PINs. */
  type = signet_data_form_get_value (form, "challenge");
  if (type == NULL)
    self->challenge_type = SIGNET_CHALLENGE_PIN;
  else if (!signet_challenge_type_from_string (type, &self->challenge_type))
    {
      g_set_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
                   _("The server asked for a kind of verification Signet does not know."));
      return NULL;
    }

  self->sender = g_strdup (sender);
  self->instructions = g_strdup (instructions);
  self->can_fallback = read_can_fallback (form);
  self->brand_image = g_strdup (pick_brand_image (form));
  self->brand_link = g_strdup (signet_data_form_get_value (form, "brand-link"));

  if (self->challenge_type == SIGNET_CHALLENGE_MISSED_CALL && signet_challenge_get_code_length (self) == 0)
    {
      g_set_error (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE,
                   _("The server announced a missed call but did not say which digits to type."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

SignetChallenge *
signet_challenge_new (SignetChallengeType type,
                      const char         *sender,
                      gboolean            can_fallback,
                      const char         *instructions)
{
  SignetChallenge *self;

  g_return_val_if_fail (sender != NULL, NULL);

  self = g_object_new (SIGNET_TYPE_CHALLENGE, NULL);
  self->challenge_type = type;
  self->sender = g_strdup (sender);
  self->can_fallback = can_fallback;
  self->instructions = g_strdup (instructions);

  return self;
}

SignetChallengeType
signet_challenge_get_challenge_type (SignetChallenge *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE (self), SIGNET_CHALLENGE_PIN);

  return self->challenge_type;
}

const char *
signet_challenge_get_sender (SignetChallenge *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE (self), NULL);

  return self->sender;
}

static guint
count_trailing_marks (const char *sender)
{
  gsize len = strlen (sender);
  guint n = 0;

  while (n < len && sender[len - 1 - n] == '?')
    n++;

  return n;
}

guint
signet_challenge_get_code_length (SignetChallenge *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE (self), 0);

  switch (self->challenge_type)
    {
    case SIGNET_CHALLENGE_PIN:
      return SIGNET_CHALLENGE_PIN_LENGTH;
    case SIGNET_CHALLENGE_MISSED_CALL:
      return count_trailing_marks (self->sender);
    case SIGNET_CHALLENGE_CALLER_ID:
    default:
      return 0;
    }
}

char *
signet_challenge_dup_sender_prefix (SignetChallenge *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE (self), NULL);

  return g_strndup (self->sender, strlen (self->sender) - count_trailing_marks (self->sender));
}

gboolean
signet_challenge_get_can_fallback (SignetChallenge *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE (self), FALSE);

  return self->can_fallback;
}

const char *
signet_challenge_get_instructions (SignetChallenge *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE (self), NULL);

  return self->instructions;
}

const char *
signet_challenge_get_brand_image (SignetChallenge *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE (self), NULL);

  return self->brand_image;
}

const char *
signet_challenge_get_brand_link (SignetChallenge *self)
{
  g_return_val_if_fail (SIGNET_IS_CHALLENGE (self), NULL);

  return self->brand_link;
}

static void
signet_challenge_finalize (GObject *object)
{
  SignetChallenge *self = (SignetChallenge *) object;

  g_clear_pointer (&self->sender, g_free);
  g_clear_pointer (&self->instructions, g_free);
  g_clear_pointer (&self->brand_image, g_free);
  g_clear_pointer (&self->brand_link, g_free);

  G_OBJECT_CLASS (signet_challenge_parent_class)->finalize (object);
}

static void
signet_challenge_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SignetChallenge *self = SIGNET_CHALLENGE (object);

  switch (prop_id)
    {
    case PROP_CHALLENGE_TYPE:
      g_value_set_enum (value, self->challenge_type);
      break;
    case PROP_SENDER:
      g_value_set_string (value, self->sender);
      break;
    case PROP_CODE_LENGTH:
      g_value_set_uint (value, signet_challenge_get_code_length (self));
      break;
    case PROP_CAN_FALLBACK:
      g_value_set_boolean (value, self->can_fallback);
      break;
    case PROP_INSTRUCTIONS:
      g_value_set_string (value, self->instructions);
      break;
    case PROP_BRAND_IMAGE:
      g_value_set_string (value, self->brand_image);
      break;
    case PROP_BRAND_LINK:
      g_value_set_string (value, self->brand_link);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_challenge_class_init (SignetChallengeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = signet_challenge_finalize;
  object_class->get_property = signet_challenge_get_property;

  properties[PROP_CHALLENGE_TYPE] =
    g_param_spec_enum ("challenge-type", NULL, NULL,
                       SIGNET_TYPE_CHALLENGE_TYPE, SIGNET_CHALLENGE_PIN, flags);
  properties[PROP_SENDER] = g_param_spec_string ("sender", NULL, NULL, NULL, flags);
  properties[PROP_CODE_LENGTH] = g_param_spec_uint ("code-length", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CAN_FALLBACK] = g_param_spec_boolean ("can-fallback", NULL, NULL, FALSE, flags);
  properties[PROP_INSTRUCTIONS] = g_param_spec_string ("instructions", NULL, NULL, NULL, flags);
  properties[PROP_BRAND_IMAGE] = g_param_spec_string ("brand-image", NULL, NULL, NULL, flags);
  properties[PROP_BRAND_LINK] = g_param_spec_string ("brand-link", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_challenge_init (SignetChallenge *self)
{
}
