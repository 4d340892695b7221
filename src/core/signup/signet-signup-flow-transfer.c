/* signet-signup-flow-transfer.c: the backend that brings an existing
 * Kontalk account to this device instead of signing up: a key pack, or the
 * key another device left on the server for a link token.  The key logs
 * in as it is; a key the server no longer takes is certified again after
 * a forced request, and the sign-up goes on at the code as usual.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-device-link.h"
#include "signet-signup-flow-private.h"

static gboolean
can_transfer (SignetSignupFlow *self)
{
  return self->operation == SIGNET_SIGNUP_OPERATION_NONE && self->registration != NULL &&
         (self->step == SIGNET_SIGNUP_STEP_NUMBER || self->step == SIGNET_SIGNUP_STEP_CONFLICT ||
          self->step == SIGNET_SIGNUP_STEP_IMPORT || self->step == SIGNET_SIGNUP_STEP_LINK);
}

void
signet_signup_flow_choose_key_pack (SignetSignupFlow *self,
                                    const char       *path)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));
  g_return_if_fail (path != NULL);

  if (!can_transfer (self))
    return;

  g_free (self->key_pack);
  self->key_pack = g_strdup (path);
  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_IMPORT, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

const char *
signet_signup_flow_get_key_pack (SignetSignupFlow *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), NULL);

  return self->key_pack;
}

void
signet_signup_flow_open_link (SignetSignupFlow *self)
{
  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));

  if (can_transfer (self))
    signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_LINK, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

gboolean
signet_signup_flow_check_link (SignetSignupFlow *self,
                               const char       *text,
                               GError          **error)
{
  g_autofree char *e164 = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *token = NULL;

  g_return_val_if_fail (SIGNET_IS_SIGNUP_FLOW (self), FALSE);

  if (!signet_device_link_parse_text (text, &e164, &domain, &token, error))
    return FALSE;
  explicit_bzero (token, strlen (token));

  if (self->domain != NULL && g_ascii_strcasecmp (domain, self->domain) != 0)
    {
      g_set_error (error, SIGNET_DEVICE_LINK_ERROR, SIGNET_DEVICE_LINK_ERROR_INVALID_TEXT,
                   /* Translators: the first %s is the server the code is for,
                    * the second the server chosen in Signet. */
                   _("This code is for %s, not %s. Go back and choose %s as the server."),
                   domain, self->domain, domain);
      return FALSE;
    }

  return TRUE;
}

/* Like Android: a key the server no longer takes is certified again after
 * a forced request, which cuts off no other device of this key. */
static void
reverify (SignetSignupFlow *self)
{
  SignetPersonalKey *key = signet_key_import_get_key (self->key_import);
  g_autofree char *name = signet_key_import_dup_display_name (self->key_import);
  g_autoptr(SignetSignup) signup = NULL;

  g_free (self->display_name);
  self->display_name = g_strdup (name != NULL ? name : "");
  g_free (self->e164);
  self->e164 = g_strdup (signet_key_import_get_phone (self->key_import));
  signup = signet_signup_new (signet_registration_get_connection (self->registration), self->display_name,
                              self->e164);
  signet_signup_use_key (signup, key);
  signet_signup_flow_kontalk_set_signup (self, signup);
  signet_signup_flow_kontalk_request (self, SIGNET_REQUEST_FLAGS_FORCE);
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignetSignupFlow) self = user_data;
  SignetKeyImport *import = SIGNET_KEY_IMPORT (source);
  GError *error = NULL;

  if (!signet_key_import_finish (import, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || import != self->key_import)
        g_clear_error (&error);
      else if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED))
        {
          g_clear_error (&error);
          reverify (self);
        }
      else
        signet_signup_flow_settle (self, self->step_before, error, signet_key_import_get_server_error (import),
                                   SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  /* The account is this device's now; no sign-up was needed. */
  signet_signup_flow_kontalk_set_signup (self, NULL);
  g_set_object (&self->account, signet_key_import_get_account (import));
  signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_DONE, NULL, NULL, SIGNET_SIGNUP_OPERATION_NONE);
}

static SignetKeyImport *
begin_import (SignetSignupFlow *self)
{
  g_autoptr(SignetConnection) server = NULL;
  GError *error = NULL;

  if ((server = signet_signup_flow_new_connection (self, &error)) == NULL)
    {
      signet_signup_flow_settle (self, self->step, error, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return NULL;
    }

  g_clear_object (&self->key_import);
  self->key_import = signet_key_import_new (server, NULL);
  signet_signup_flow_begin (self, SIGNET_SIGNUP_OPERATION_IMPORTING);
  return self->key_import;
}

void
signet_signup_flow_import_key_pack (SignetSignupFlow *self,
                                    const char       *password)
{
  SignetKeyImport *import;

  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));
  g_return_if_fail (password != NULL);

  if (!can_transfer (self) || self->step != SIGNET_SIGNUP_STEP_IMPORT || self->key_pack == NULL)
    return;

  if ((import = begin_import (self)) != NULL)
    signet_key_import_pack_async (import, self->key_pack, password, self->cancellable, on_imported,
                                  g_object_ref (self));
}

void
signet_signup_flow_link_device (SignetSignupFlow *self,
                                const char       *text,
                                const char       *password)
{
  SignetKeyImport *import;
  GError *error = NULL;

  g_return_if_fail (SIGNET_IS_SIGNUP_FLOW (self));
  g_return_if_fail (text != NULL && password != NULL);

  if (!can_transfer (self) || self->step != SIGNET_SIGNUP_STEP_LINK)
    return;
  if (!signet_signup_flow_check_link (self, text, &error))
    {
      signet_signup_flow_settle (self, SIGNET_SIGNUP_STEP_LINK, error, NULL, SIGNET_SIGNUP_OPERATION_NONE);
      return;
    }

  if ((import = begin_import (self)) != NULL)
    signet_key_import_link_async (import, text, password, self->cancellable, on_imported, g_object_ref (self));
}

void
signet_signup_flow_transfer_dispose (SignetSignupFlow *self)
{
  g_clear_object (&self->key_import);
  g_clear_pointer (&self->key_pack, g_free);
}
