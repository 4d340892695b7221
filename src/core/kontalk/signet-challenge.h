/* signet-challenge.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "signet-data-form.h"

G_BEGIN_DECLS

/* How the server proves the person owns the number. */
typedef enum
{
  /* A code arrives by SMS or voice call; the person types it. */
  SIGNET_CHALLENGE_PIN,
  /* A missed call from a number whose last digits are the code. */
  SIGNET_CHALLENGE_MISSED_CALL, /*< nick=missedcall >*/
  /* The person calls the sender number; there is no code. */
  SIGNET_CHALLENGE_CALLER_ID,   /*< nick=callerid >*/
} SignetChallengeType;

/* The enum nicks, "pin", "missedcall", "callerid": Kontalk's names, also
 * kept in saved sign-ups. */
const char  *signet_challenge_type_to_string    (SignetChallengeType  type);
gboolean     signet_challenge_type_from_string  (const char          *string,
                                                 SignetChallengeType *type);

/* Kontalk's PINs are six digits (VerificationRepository.VERIFICATION_CODE_LENGTH). */
#define SIGNET_CHALLENGE_PIN_LENGTH 6

#define SIGNET_TYPE_CHALLENGE (signet_challenge_get_type ())

G_DECLARE_FINAL_TYPE (SignetChallenge, signet_challenge, SIGNET, CHALLENGE, GObject)

/* Reads the reply form of a verification request.  Returns NULL with
 * SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE when the sender is missing or the
 * challenge type is unknown. */
SignetChallenge     *signet_challenge_new_from_form     (SignetDataForm  *form,
                                                         const char      *instructions,
                                                         GError         **error);
/* A challenge remembered from earlier (a resumed sign-up). */
SignetChallenge     *signet_challenge_new               (SignetChallengeType  type,
                                                         const char          *sender,
                                                         gboolean             can_fallback,
                                                         const char          *instructions);
SignetChallengeType  signet_challenge_get_challenge_type (SignetChallenge *self);
/* The SMS sender id, the missed-call mask ("+39-0612345????") or the number to call. */
const char          *signet_challenge_get_sender        (SignetChallenge *self);
/* Digits to type: 6 for pin, the number of trailing '?' for missedcall, 0 for callerid. */
guint                signet_challenge_get_code_length   (SignetChallenge *self);
/* The sender without its trailing '?' mask, for display. */
char                *signet_challenge_dup_sender_prefix (SignetChallenge *self);
gboolean             signet_challenge_get_can_fallback  (SignetChallenge *self);
const char          *signet_challenge_get_instructions  (SignetChallenge *self);
/* The largest brand image the server offered, or NULL. */
const char          *signet_challenge_get_brand_image   (SignetChallenge *self);
const char          *signet_challenge_get_brand_link    (SignetChallenge *self);

G_END_DECLS
