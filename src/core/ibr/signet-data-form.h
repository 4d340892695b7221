/* signet-data-form.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-data-form-field.h"
#include "signet-data-form-media.h"
#include "signet-xml-node.h"

G_BEGIN_DECLS

#define SIGNET_DATA_FORM_ERROR (signet_data_form_error_quark ())

typedef enum
{
  SIGNET_DATA_FORM_ERROR_MALFORMED,
} SignetDataFormError;

GQuark signet_data_form_error_quark (void);

typedef enum
{
  SIGNET_DATA_FORM_TYPE_FORM,
  SIGNET_DATA_FORM_TYPE_SUBMIT,
  SIGNET_DATA_FORM_TYPE_CANCEL,
  SIGNET_DATA_FORM_TYPE_RESULT,
} SignetDataFormType;

#define SIGNET_TYPE_DATA_FORM (signet_data_form_get_type ())

G_DECLARE_FINAL_TYPE (SignetDataForm, signet_data_form, SIGNET, DATA_FORM, GObject)

SignetDataForm      *signet_data_form_new               (SignetDataFormType   type);
/* Parses an <x xmlns='jabber:x:data'/>.  @bob_scope, when given, is searched
 * for <data xmlns='urn:xmpp:bob'/> elements to resolve cid: media URIs.
 * Lenient where servers are sloppy: unknown field types are text-single,
 * single-value types keep every <value>, a later field repeating a var is
 * ignored (the first one wins), <reported>/<item> are skipped.  Refused with
 * SIGNET_DATA_FORM_ERROR_MALFORMED: another element, a missing or unknown
 * form type, a non-fixed field without var, more than 1000 fields (or
 * values, options, media or instructions in one place). */
SignetDataForm      *signet_data_form_parse             (SignetXmlNode       *x,
                                                         SignetXmlNode       *bob_scope,
                                                         GError             **error);
SignetXmlNode       *signet_data_form_to_xml            (SignetDataForm      *self);
/* A submit form carrying every non-fixed field of @self that has a var, with
 * its type and values (hidden fields such as FORM_TYPE included). */
SignetDataForm      *signet_data_form_new_submit        (SignetDataForm      *self);
/* Adds to @parent a submit form of FORM_TYPE @form_type (hidden) and the
 * text-single fields @vars with @values, without a SignetDataForm: for
 * uploads whose values (keys) should not be copied more than needed. */
SignetXmlNode       *signet_data_form_add_submit_xml    (SignetXmlNode       *parent,
                                                         const char          *form_type,
                                                         const char * const  *vars,
                                                         const char * const  *values,
                                                         guint                n_fields);

SignetDataFormType   signet_data_form_get_form_type_kind (SignetDataForm     *self);
/* The value of the hidden FORM_TYPE field, or NULL. */
const char          *signet_data_form_get_form_type     (SignetDataForm      *self);
const char          *signet_data_form_get_title         (SignetDataForm      *self);
void                 signet_data_form_set_title         (SignetDataForm      *self,
                                                         const char          *title);
/* Instructions paragraphs, NULL-terminated; never NULL. */
const char * const  *signet_data_form_get_instructions  (SignetDataForm      *self);
void                 signet_data_form_add_instructions  (SignetDataForm      *self,
                                                         const char          *instructions);
guint                signet_data_form_get_n_fields      (SignetDataForm      *self);
SignetDataFormField *signet_data_form_get_nth_field     (SignetDataForm      *self,
                                                         guint                n);
SignetDataFormField *signet_data_form_get_field         (SignetDataForm      *self,
                                                         const char          *var);
/* Adds a field and returns it, borrowed.  @var may be NULL only for fixed
 * fields; when a field with @var exists already, that one is returned. */
SignetDataFormField *signet_data_form_add_field         (SignetDataForm      *self,
                                                         SignetDataFormFieldType type,
                                                         const char          *var,
                                                         const char          *label);
/* Shortcut: adds (or replaces the values of) a field with one value; an
 * existing field keeps its type.  A NULL @value leaves it without values. */
SignetDataFormField *signet_data_form_set_field         (SignetDataForm      *self,
                                                         SignetDataFormFieldType type,
                                                         const char          *var,
                                                         const char          *value);
/* The first value of field @var, or NULL. */
const char          *signet_data_form_get_value         (SignetDataForm      *self,
                                                         const char          *var);

G_END_DECLS
