/* signet-secret.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-module.h"
#include "signet-secret.h"

const SignetSecret *
signet_secret_get (GError **error)
{
  return signet_module_get ("signet-secret", SIGNET_SECRET_ABI, error);
}
