/* signet-zip.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-module.h"
#include "signet-zip.h"

const SignetZip *
signet_zip_get (GError **error)
{
  return signet_module_get ("signet-zip", SIGNET_ZIP_ABI, error);
}
