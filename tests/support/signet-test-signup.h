/* signet-test-signup.h: a phone sign-up driven step by step, waited for.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-signup.h"

G_BEGIN_DECLS

/* Requests a code (no flags, the default language); fails the test on an
 * error. */
SignetChallenge *signet_test_signup_request (SignetSignup  *signup);
SignetAccount   *signet_test_signup_verify  (SignetSignup  *signup,
                                             const char    *code,
                                             GError       **error);

/* Waits until the pending sign-up's file is gone, as it is once the code
 * has been used. */
void             signet_test_signup_wait_pending_removed (void);

G_END_DECLS
