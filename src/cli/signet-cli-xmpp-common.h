/* signet-cli-xmpp-common.h: what the xmpp commands share: the account's
 * password, and jabber:iq:register replies and data forms as JSON in the
 * shapes of XMPP-FTW (`xmpp info`, `xmpp serve`).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-cli-common.h"

G_BEGIN_DECLS

/* Adds "instructions", "fields" (each legacy field: true when asked for, its
 * value when the account is registered), "form" (or null), "oob" (or null)
 * and "registered" to the object being built. */
void            signet_cli_add_register_info (JsonBuilder         *builder,
                                              SignetRegisterReply *reply);
/* A data form as an object: its type, title, instructions and every field
 * with its type, label, required, values, options and media. */
void            signet_cli_add_data_form     (JsonBuilder         *builder,
                                              SignetDataForm      *form);
/* Sets the values of @array (XMPP-FTW's [{"var","value"}…]) on @form.  Fails
 * naming a var that @form does not have. */
gboolean        signet_cli_apply_json_form   (SignetDataForm      *form,
                                              JsonArray           *array,
                                              GError             **error);

/* Adds @jid without its resource, or null. */
void            signet_cli_add_bare_jid      (JsonBuilder         *builder,
                                              const char          *name,
                                              const char          *jid);
/* The password of @jid from the keyring, else asked for (read from standard
 * input by a script).  Fails with SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND when
 * neither gave one. */
char           *signet_cli_xmpp_account_password (const SignetCliOptions *options,
                                                  const char             *jid,
                                                  GError                **error);
/* A line from standard input, without echo on a terminal. */
char           *signet_cli_read_secret       (const SignetCliOptions *options,
                                              const char             *question);

/* CAPTCHA pictures (signet-cli-xmpp-captcha.c).  Saves @image as a file
 * only the user can read, named after @challenge_id; returns its path. */
char           *signet_cli_captcha_save      (GBytes                 *image,
                                              const char             *mime_type,
                                              const char             *challenge_id,
                                              GError                **error);
/* Removes the picture of @challenge_id, answered now. */
void            signet_cli_captcha_forget    (const char             *challenge_id);
/* Removes pictures whose CAPTCHA has surely expired. */
void            signet_cli_captcha_expire    (void);
/* With --captcha-id: names that challenge in @form, whose answer came with
 * --field.  Fails when @form has no CAPTCHA. */
gboolean        signet_cli_captcha_take_answer (const SignetCliOptions *options,
                                              SignetDataForm         *form,
                                              GError                **error);
/* Says that the CAPTCHA in @image_file waits for an answer (condition
 * captcha-required) and returns the exit code. */
int             signet_cli_captcha_report_required (const SignetCliOptions *options,
                                              SignetDataForm         *form,
                                              const char             *image_file,
                                              const char             *image_type);

G_END_DECLS
