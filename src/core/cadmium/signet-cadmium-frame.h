/* signet-cadmium-frame.h: Cadmium's JSON envelope and the CPE#3 sign-up
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SIGNET_CADMIUM_ERROR (signet_cadmium_error_quark ())

typedef enum
{
  /* An errID this client has no meaning for; the message shows it and its text. */
  SIGNET_CADMIUM_ERROR_FAILED,
  /* id_exists, without saying which identifier is taken. */
  SIGNET_CADMIUM_ERROR_ID_EXISTS,
  SIGNET_CADMIUM_ERROR_USERNAME_TAKEN,
  SIGNET_CADMIUM_ERROR_EMAIL_TAKEN,
  SIGNET_CADMIUM_ERROR_PHONE_TAKEN,
  /* reg_disabled: the server signs nobody up. */
  SIGNET_CADMIUM_ERROR_REG_DISABLED,
  /* ratelimit_exceed; see signet_cadmium_frame_get_retry_after(). */
  SIGNET_CADMIUM_ERROR_RATE_LIMITED,
  /* unhandled: the server does not know the request type. */
  SIGNET_CADMIUM_ERROR_UNHANDLED,
  /* parseError: the server could not read what was sent. */
  SIGNET_CADMIUM_ERROR_PARSE_ERROR,
  SIGNET_CADMIUM_ERROR_UNAUTHORIZED,
  /* A frame that is not JSON, or not a Cadmium envelope. */
  SIGNET_CADMIUM_ERROR_BAD_FRAME,
  /* Refused before sending: */
  SIGNET_CADMIUM_ERROR_INVALID_USERNAME,
  SIGNET_CADMIUM_ERROR_INVALID_EMAIL,
  SIGNET_CADMIUM_ERROR_INVALID_URL,
  SIGNET_CADMIUM_ERROR_MISSING_ID,
  SIGNET_CADMIUM_ERROR_MISSING_PASSWORD,
} SignetCadmiumError;

GQuark signet_cadmium_error_quark (void);

#define SIGNET_CADMIUM_TYPE_REGISTER "urn:cadmium:profile:register"

/* One frame a Cadmium server sent, as read by signet_cadmium_frame_parse(). */
typedef struct _SignetCadmiumFrame SignetCadmiumFrame;

#define SIGNET_TYPE_CADMIUM_FRAME (signet_cadmium_frame_get_type ())

GType               signet_cadmium_frame_get_type        (void) G_GNUC_CONST;
/* Reads one text frame of @length bytes (not NUL-terminated); any bytes are
 * safe to give.  Tolerates the spec's drift: "to" as a string or an array,
 * "errID" or "errCode", ids with or without the type's "urn:…:" prefix. */
SignetCadmiumFrame *signet_cadmium_frame_parse           (const char         *data,
                                                          gsize               length,
                                                          GError            **error);
SignetCadmiumFrame *signet_cadmium_frame_ref             (SignetCadmiumFrame *self);
void                signet_cadmium_frame_unref           (SignetCadmiumFrame *self);
const char         *signet_cadmium_frame_get_id          (const SignetCadmiumFrame *self);
const char         *signet_cadmium_frame_get_message_type (const SignetCadmiumFrame *self);
const char         *signet_cadmium_frame_get_from        (const SignetCadmiumFrame *self);
gboolean            signet_cadmium_frame_get_ok          (const SignetCadmiumFrame *self);
/* The error id without its prefix ("id_exists"), or NULL when ok. */
const char         *signet_cadmium_frame_get_error_id    (const SignetCadmiumFrame *self);
const char         *signet_cadmium_frame_get_error_text  (const SignetCadmiumFrame *self);
/* retryAfter in milliseconds, or -1. */
gint64              signet_cadmium_frame_get_retry_after (const SignetCadmiumFrame *self);
/* The result's userID ("@juliet@cadmium.org", "%email:j@c.com@cadmium.org"). */
const char         *signet_cadmium_frame_get_user_id     (const SignetCadmiumFrame *self);
/* The loginPayload as compact JSON, or NULL when there is none. */
const char         *signet_cadmium_frame_get_login_json  (const SignetCadmiumFrame *self);
/* Its token ("authToken" in CPE#2, "token" since) and deviceID, or NULL. */
const char         *signet_cadmium_frame_get_login_token (const SignetCadmiumFrame *self);
const char         *signet_cadmium_frame_get_device_id   (const SignetCadmiumFrame *self);
/* The error the frame stands for, with a message for people; NULL when ok. */
GError             *signet_cadmium_frame_to_error        (const SignetCadmiumFrame *self);
/* Whether @self can answer a registration: an error, or a registration's
 * success that names the account.  A success of another kind of exchange
 * or without a userID is SIGNET_CADMIUM_ERROR_BAD_FRAME. */
gboolean            signet_cadmium_frame_check_register_answer (const SignetCadmiumFrame *self,
                                                                GError                  **error);

/* Checks before sending.  A username is non-empty, of a-z 0-9 . _ = - /. */
gboolean            signet_cadmium_check_username        (const char         *username,
                                                          GError            **error);
gboolean            signet_cadmium_check_email           (const char         *email,
                                                          GError            **error);
/* The E.164 form of @text ("+CC…"), checked with libphonenumber. */
char               *signet_cadmium_normalize_msisdn      (const char         *text,
                                                          GError            **error);

/* The request frame; all but @id, @server and @password may be NULL.  Free
 * with signet_cadmium_frame_free_request(), which wipes the password. */
char               *signet_cadmium_frame_build_register  (const char         *id,
                                                          const char         *server,
                                                          const char         *username,
                                                          const char         *email,
                                                          const char         *msisdn,
                                                          const char         *password,
                                                          gboolean            login_on_success);
void                signet_cadmium_frame_free_request    (char               *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetCadmiumFrame, signet_cadmium_frame_unref)

G_END_DECLS
