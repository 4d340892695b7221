/* signet-data-form-field.h: one field of a data form (XEP-0004)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-data-form-media.h"

G_BEGIN_DECLS

/* XEP-0004 §3.3 field types. */
typedef enum
{
  SIGNET_DATA_FORM_FIELD_TEXT_SINGLE,
  SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE,
  SIGNET_DATA_FORM_FIELD_TEXT_MULTI,
  SIGNET_DATA_FORM_FIELD_BOOLEAN,
  SIGNET_DATA_FORM_FIELD_FIXED,
  SIGNET_DATA_FORM_FIELD_HIDDEN,
  SIGNET_DATA_FORM_FIELD_JID_SINGLE,
  SIGNET_DATA_FORM_FIELD_JID_MULTI,
  SIGNET_DATA_FORM_FIELD_LIST_SINGLE,
  SIGNET_DATA_FORM_FIELD_LIST_MULTI,
} SignetDataFormFieldType;

const char *signet_data_form_field_type_to_string   (SignetDataFormFieldType  type);
gboolean    signet_data_form_field_type_from_string (const char              *string,
                                                     SignetDataFormFieldType *type);

#define SIGNET_TYPE_DATA_FORM_FIELD (signet_data_form_field_get_type ())

G_DECLARE_FINAL_TYPE (SignetDataFormField, signet_data_form_field, SIGNET, DATA_FORM_FIELD, GObject)

SignetDataFormFieldType signet_data_form_field_get_field_type  (SignetDataFormField *self);
const char          *signet_data_form_field_get_var          (SignetDataFormField *self);
const char          *signet_data_form_field_get_label        (SignetDataFormField *self);
void                 signet_data_form_field_set_label        (SignetDataFormField *self,
                                                              const char          *label);
const char          *signet_data_form_field_get_description  (SignetDataFormField *self);
void                 signet_data_form_field_set_description  (SignetDataFormField *self,
                                                              const char          *description);
gboolean             signet_data_form_field_get_required     (SignetDataFormField *self);
void                 signet_data_form_field_set_required     (SignetDataFormField *self,
                                                              gboolean             required);
/* All values (several for *-multi); never NULL. */
const char * const  *signet_data_form_field_get_values       (SignetDataFormField *self);
/* The first value, or NULL. */
const char          *signet_data_form_field_get_value        (SignetDataFormField *self);
void                 signet_data_form_field_set_value        (SignetDataFormField *self,
                                                              const char          *value);
void                 signet_data_form_field_set_values       (SignetDataFormField *self,
                                                              const char * const  *values);
/* XEP-0004 booleans: "1"/"true" are true (Kontalk also sends "yes").
 * set_boolean() writes "true"/"false": Kontalk's server parses values with
 * Java's Boolean.parseBoolean(), which does not accept "1". */
gboolean             signet_data_form_field_get_boolean      (SignetDataFormField *self);
void                 signet_data_form_field_set_boolean      (SignetDataFormField *self,
                                                              gboolean             value);
guint                signet_data_form_field_get_n_options    (SignetDataFormField *self);
const char          *signet_data_form_field_get_option       (SignetDataFormField *self,
                                                              guint                n,
                                                              const char         **label);
void                 signet_data_form_field_add_option       (SignetDataFormField *self,
                                                              const char          *label,
                                                              const char          *value);
guint                signet_data_form_field_get_n_media      (SignetDataFormField *self);
SignetDataFormMedia *signet_data_form_field_get_media        (SignetDataFormField *self,
                                                              guint                n);

G_END_DECLS
